"""Curated extraction knowledge (gazetteer + lexicon) and the matchers that find it in text.

The knowledge is data, versioned under ``data/gazetteer/`` and ``data/lexicon/`` (each directory
has a README naming the origin of every file); this module only loads and matches it.

Key abstraction: :class:`Knowledge` — actors (states, bodies, persons, agencies, groups), places and
cue words, indexed by the *first normalised token* of each phrase. Matching is token based:

1. the text is turned into a matching view (as :func:`kg.extract.text.matching_view`: diacritics,
   tatweel and format characters removed with an index map back to the original offsets; hamza
   seats, alef maksura, ؤ/ئ and Persian letters folded 1:1; ة kept, names get a ـه variant);
2. it is cut into runs of Arabic letters (tokens); a token in which a conjunction و was glued
   between two known names (``أذربيجانوأرمينيا``) is split (:func:`kg.extract.text.split_glued_waw`);
3. at each token the proclitics و/ف + ب/ك/ل (and لل for ل+ال) are peeled off in every possible way
   and the rest is looked up; multi-token phrases must be separated only by spaces or hyphens;
4. *composite* patterns build specific actors: an institution head + a nisba adjective or
   "في + state" (وزارة الدفاع الأرمينية → ``ministry-of-defence-am``), a title + nisba + optional
   name (رئيس الوزراء الأرميني نيكول باشينيان → the person; an unknown name → a person keyed by
   role and name), "المتحدث باسم + actor" (a spokesperson of that actor), a title of a body
   (الأمين العام لمنظمة الدول التركية);
5. cues are looked up whole in the generated form table (``data/lexicon/forms.tsv``, proclitics
   included) and multiword cue phrases are matched slot by slot within a sentence.

The leftmost, then longest match wins and matches never overlap. Offsets in every result point
into the original text: ``text[m.start:m.end] == m.surface``; a proclitic (و، ف، ب، ل، ك) is not
part of an actor or place surface (it is part of a cue's: وأضافت).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import ExtractionError
from kg.extract.text import split_glued_waw
from kg.model import Actor, Mention, Place, PlaceMention

NAME = "knowledge"
VERSION = "0.5.0"

_ROOT = Path(__file__).resolve().parents[3]
#: Default locations of the curated data (callers may pass others, e.g. in tests).
DEFAULT_GAZETTEER_DIR = _ROOT / "data" / "gazetteer"
DEFAULT_LEXICON_DIR = _ROOT / "data" / "lexicon"

#: 1:1 folds for dictionary lookups (the letters of :func:`kg.extract.text.search_view`, plus
#: hamza seats on و/ي — مسؤولية/مسئولية — and Persian letters). ة is *not* folded into ه (that
#: would merge تابعة with تابعه); instead every gazetteer name ending in ة also gets its ه spelling.
#: Applied with str.replace, which is much faster than str.translate on Arabic text.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ؤ", "ء"), ("ئ", "ء"),
    ("ک", "ك"), ("ی", "ي"), ("ھ", "ه"), ("ۀ", "ه"), ("\u00a0", " "),
)
#: Removed from the view (with an index map back): harakat and other combining marks, Quranic
#: marks, tatweel, zero-width and directional format characters (as kg.extract.text._MARKS).
_MARKS_RE = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]+"
)


def _fold(s: str) -> str:
    for a, b in _FOLDS:
        if a in s:
            s = s.replace(a, b)
    return s


def _matching_view(text: str) -> tuple[str, list[int]]:
    """Marks removed and letters folded; ``index[k]`` is the offset in ``text`` of view[k]
    (plus ``index[len(view)] == len(text)``)."""
    if _MARKS_RE.search(text) is None:
        return _fold(text), list(range(len(text) + 1))
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _MARKS_RE.finditer(text):
        pieces.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    index.extend(range(pos, len(text) + 1))
    return _fold("".join(pieces)), index


_TOKEN_RE = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_SOFT_GAP_RE = re.compile(r"[ \t\u00a0\-–]*")
#: Cue phrases may span several tokens but never a sentence end.
_SENTENCE_END_RE = re.compile(r"(?<!\d)\.|\.(?!\d)|[!؟?\n:]")  # not the point of "3.5"

Gender = Literal["m", "f", "pl"]
#: Adjectives that may stand between a title and a known name.
_NAME_ADJECTIVES = frozenset({"السابق", "الاسبق", "الحالي", "الجديد", "السابقه", "السابقة",
                              "الحاليه", "الحالية", "الجديدة", "المؤقت", "بالوكالة"})
#: Actor types a title such as الأمين العام / رئيس وفد / مسؤول في can be "of".
#: Dual heads of two institutions named together (وزارتا الخارجية والدفاع).
_DUAL_HEADS = frozenset({"وزارتا", "وزارتي", "وزارتى"})
_BODY_TYPES = frozenset({"body", "international", "group", "agency", "armed_forces"})


@functools.lru_cache(maxsize=8192)
def normalize(s: str) -> str:
    """The lookup key of a word or phrase: marks stripped, spelling variants folded."""
    return _matching_view(s)[0].strip()


def _words(s: str) -> tuple[str, ...]:
    return tuple(_TOKEN_RE.findall(normalize(s)))


def _spellings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase, and (if any word ends in ة) the same phrase written with final ه."""
    if not any(w.endswith("ة") for w in words):
        return [words]
    return [words, tuple(w[:-1] + "ه" if w.endswith("ة") else w for w in words)]


@dataclass(frozen=True)
class Cue:
    """A cue word or phrase of the lexicon found in the text.

    ``cls`` is the cue class (``speech``, ``accuse``, ``condemn``, ``hold_responsible``, ``deny``,
    ``call``, ``describe``, ``concern``, ``hostile_act``, ``aggression_noun``,
    ``false_claim_noun``, ``mutual``, ``refuse_to_blame``, ``according_to``, and two classes that
    are never blame: ``ceasefire`` — وقف إطلاق النار, so that it is not read as إطلاق النار — and
    ``stop`` — وقف، إنهاء، أوقف، انسحب, the complement of a call to stop); ``gender`` is
    ``m``/``f``/None and ``number`` ``sg``/``du``/``pl``/None (of the verb's subject or the
    participle); ``form`` is ``perfect``, ``imperfect``, ``participle``, ``masdar``, ``noun``,
    ``particle`` or ``phrase`` (a multiword cue; its span runs from the first to the last word
    and may enclose other words — حمّلت [الخارجية الأرمينية باكو] المسؤولية — so ``parts`` gives
    the span of each matched word). Unlike actor mentions, the surface of a cue keeps its
    proclitics (وأضافت, واتهمت): the و tells a continuation from a new statement.
    """

    start: int
    end: int
    surface: str
    cls: str
    lemma: str
    gender: str | None
    number: str | None
    form: str
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Tok:
    start: int  # offsets into the matching view
    end: int
    word: str
    soft: bool  # only spaces/hyphens (or nothing: a split glued token) since the previous token


@dataclass(frozen=True)
class _Form:
    lemma: str
    cls: str
    gender: str | None
    number: str | None
    form: str
    standalone: bool


@dataclass(frozen=True)
class _Phrase:
    """A cue pattern: slots of alternative word keys, at most ``gap`` tokens between slots."""

    cls: str
    lemma: str
    slots: tuple[frozenset[str], ...]
    gap: int
    verb: str | None  # the lemma of the first slot when it is "@lemma" (gives gender/number)


# Payloads attached to gazetteer phrases (tuples keep the index small and fast):
#   ("actor", key)                    a curated actor
#   ("state", iso)                    a state's name or metonym (iso may be a pseudo-state "NK")
#   ("nisba", iso)                    a nisba adjective / people noun of a state
#   ("inst", inst_id, mode)           an institution head; mode "def" (+ nisba / في state),
#                                     "nisba" (+ nisba only) or "construct" (+ state name)
#   ("title", title_id, mode, g)      a person's title, same modes, then an optional name
#   ("body_title", key, g)            a title of a body: الأمين العام لـ / رئيس وفد / مسؤول في + body
#   ("spokes", g)                     "المتحدث باسم": + any actor
#   ("block",)                        consumed, yields nothing (e.g. national "مجلس الأمن القومي")
Payload = tuple


@dataclass
class _View:
    original: str
    text: str
    index: list[int]
    tokens: list[_Tok]


class Knowledge:
    """Gazetteer and lexicon, indexed for matching; build with :meth:`load` (or the cached
    :func:`load_knowledge`).

    * ``actors`` — curated actors by key (CLDR states ``state-xx``, bodies, persons…);
      :meth:`actor` also resolves composite keys (``ministry-of-defence-am``); :meth:`state`;
    * ``places`` — curated places by key, with coordinates and ``parent``;
    * :meth:`find_actors`, :meth:`find_places`, :meth:`find_cues` — mentions in a text, with
      offsets into it; :meth:`gender_of` — the agreement gender of an actor mention;
      :meth:`cue_readings` — the lexicon readings of one word.

    Matching caches the view of the last few texts, so calling the three finders on the same
    article tokenises it once. Not thread-safe (the caches are plain dicts).
    """

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.states: dict[str, Actor] = {}  # iso2 → state actor (CLDR)
        self.cldr_count = 0
        self.nisba_count = 0
        self._pseudo: dict[str, dict] = {}  # "NK" → {"actor": key, "label_en": ...}
        self._nisba_f: dict[str, str] = {}  # iso → feminine singular nisba (for Arabic labels)
        self._from_place_heads: set[str] = set()  # first words of `from_place` institution heads
        self._dual_nisba: dict[str, str] = {}  # الأرمينيتان / الأرمينيتين → iso (وزارتا … الأرمينيتان)
        self._nisba_m: dict[str, str] = {}
        self._nisba_gender: dict[str, str] = {}  # nisba form → m / f / pl
        self._insts: dict[str, dict] = {}
        self._titles: dict[str, dict] = {}
        self._body_titles: dict[str, dict] = {}
        self._actor_index: dict[str, list[tuple[tuple[str, ...], list[Payload]]]] = {}
        self._place_index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._singles: set[str] = set()  # one-token names: candidates for glued-و splitting
        self._forms: dict[str, list[_Form]] = {}
        self._phrases: dict[str, list[_Phrase]] = {}
        self._stop: frozenset[str] = frozenset()
        self._made: dict[str, Actor] = {}  # composite actors made while matching
        self._roles: set[str] = set()  # keys of curated role actors (a title, not a named person)
        self._view_cache: dict[str, _View] = {}
        self._cand_cache: dict[str, list[tuple[int, list]]] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, gazetteer_dir: Path, lexicon_dir: Path) -> Knowledge:
        """Read the curated data; raises :class:`ExtractionError` naming the bad file."""
        k = cls()
        gaz, lex = Path(gazetteer_dir), Path(lexicon_dir)
        try:
            k._load_states(gaz)
            k._load_templates(gaz)
            k._load_actors(gaz)
            k._load_places(gaz)
            k._load_lexicon(lex)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ExtractionError(f"cannot load extraction knowledge: {exc!r}",
                                  path=f"{gaz} + {lex}", component=NAME) from exc
        for entries in k._actor_index.values():
            entries.sort(key=lambda e: -len(e[0]))
        for pentries in k._place_index.values():
            pentries.sort(key=lambda e: -len(e[0]))
        return k

    def _add_actor_phrase(self, phrase: str, payload: Payload) -> None:
        for words in _spellings(_words(phrase)):
            if words:
                self._add_actor_words(words, payload)

    def _add_actor_words(self, words: tuple[str, ...], payload: Payload) -> None:
        bucket = self._actor_index.setdefault(words[0], [])
        for w, payloads in bucket:
            if w == words:
                if payload not in payloads:
                    payloads.append(payload)
                return
        bucket.append((words, [payload]))
        if len(words) == 1 and payload[0] in ("actor", "state") and len(words[0]) >= 3:
            self._singles.add(words[0])

    def _load_states(self, gaz: Path) -> None:
        cldr = json.loads((gaz / "states_cldr.json").read_text("utf-8"))
        hand = json.loads((gaz / "states.json").read_text("utf-8"))
        unsafe = hand.get("cldr_names_not_indexed", {})
        for e in cldr["states"]:
            iso = e["iso2"]
            a = Actor(key=f"state-{iso.lower()}", label_en=e["label_en"], label_ar=e["label_ar"],
                      type="state", country=iso, gender="f")
            self.states[iso] = a
            self.actors[a.key] = a
            for name in unsafe[iso]["names"] if iso in unsafe else [e["label_ar"]]:
                self._add_actor_phrase(name, ("state", iso))
        self.cldr_count = len(self.states)
        for iso, e in hand["states"].items():
            if iso in self.states and e.get("wikidata"):
                st = self.states[iso]
                st = Actor(key=st.key, label_en=st.label_en, label_ar=st.label_ar, type="state",
                           country=iso, gender="f", wikidata=e["wikidata"])
                self.states[iso] = self.actors[st.key] = st
            if e.get("pseudo"):
                self._pseudo[iso] = e
            for name in e.get("names", []):
                self._add_actor_phrase(name, ("state", iso))
            for met in e.get("metonyms", []):
                self._add_actor_phrase(met["ar"], ("state", iso))
            nis = e.get("nisba", {})
            for g in ("f", "m", "pl", "people"):
                for form in nis.get(g, []):
                    self._add_actor_phrase(form, ("nisba", iso))
                    self.nisba_count += 1
                    for words in _spellings(_words(form)):
                        self._nisba_gender.setdefault(words[-1], "pl" if g == "people" else g)
                    if g == "m" and " " not in form and not form.startswith("ال") and form.endswith("ي"):
                        self._accusative_nisba(form + "ا", iso)
                    if g == "f" and " " not in form and form.endswith("ة"):
                        for end in ("تان", "تين"):
                            self._dual_nisba.setdefault(_words(form[:-1] + end)[0], iso)
            if nis.get("f"):
                self._nisba_f[iso] = nis["f"][0]
            if nis.get("m"):
                self._nisba_m[iso] = nis["m"][0]

    def _accusative_nisba(self, form: str, iso: str) -> None:
        """The indefinite accusative of a masculine nisba ("هجوما أذربيجانيا"), unless it spells a
        name already known (أرمنيا، تركيا، روسيا are states)."""
        words = _words(form)
        if not words or any(w == tuple(words) for w, _ in self._actor_index.get(words[0], ())):
            return
        self._add_actor_phrase(form, ("nisba", iso))
        for spelled in _spellings(words):
            self._nisba_gender.setdefault(spelled[-1], "m")

    def _load_templates(self, gaz: Path) -> None:
        data = json.loads((gaz / "institutions.json").read_text("utf-8"))
        for t in data["institutions"]:
            self._insts[t["id"]] = t
            for mode in ("def", "nisba", "construct"):
                for h in t.get(mode, []):
                    self._add_actor_phrase(h, ("inst", t["id"], mode))
                    if t.get("from_place"):
                        self._from_place_heads.update(ws[0] for ws in _spellings(_words(h)) if ws)
        data = json.loads((gaz / "titles.json").read_text("utf-8"))
        for t in data["titles"]:
            self._titles[t["id"]] = t
            for mode in ("def", "construct"):
                for h in t.get(mode, []):
                    self._add_actor_phrase(h, ("title", t["id"], mode, "m"))
                for h in t.get(mode + "_f", []):
                    self._add_actor_phrase(h, ("title", t["id"], mode, "f"))
        for t in data["of_body"]:
            self._body_titles[t["key"]] = t
            for h in t["heads"]:
                self._add_actor_phrase(h, ("body_title", t["key"], "m"))
            for h in t.get("heads_f", []):
                self._add_actor_phrase(h, ("body_title", t["key"], "f"))
        for h in data["spokesperson"]["m"]:
            self._add_actor_phrase(h, ("spokes", "m"))
        for h in data["spokesperson"]["f"]:
            self._add_actor_phrase(h, ("spokes", "f"))
        self._stop = frozenset(normalize(w) for w in data["name_stopwords"])

    def _load_actors(self, gaz: Path) -> None:
        for fname in ("bodies.json", "persons.json"):
            data = json.loads((gaz / fname).read_text("utf-8"))
            for e in data["actors"]:
                a = Actor(key=e["key"], label_en=e["label_en"], label_ar=e["label_ar"],
                          type=e["type"], country=e.get("country"), parent=e.get("parent"),
                          gender=e.get("gender", "m"), wikidata=e.get("wikidata"),
                          role_en=e.get("role_en"))
                if a.key in self.actors:
                    raise ValueError(f"duplicate actor key {a.key} in {fname}")
                self.actors[a.key] = a
                if e.get("role"):
                    self._roles.add(a.key)
                for name in [e["label_ar"], *e.get("names", [])]:
                    self._add_actor_phrase(name, ("actor", a.key))
            for b in data.get("blocks", []):
                for name in b["names"]:
                    self._add_actor_phrase(name, ("block",))

    def _load_places(self, gaz: Path) -> None:
        data = json.loads((gaz / "places.json").read_text("utf-8"))
        for e in data["places"]:
            p = Place(key=e["key"], label_en=e["label_en"], label_ar=e["label_ar"],
                      country=e.get("country"), lat=e.get("lat"), lon=e.get("lon"),
                      parent=e.get("parent"), wikidata=e.get("wikidata"))
            if p.key in self.places:
                raise ValueError(f"duplicate place key {p.key}")
            self.places[p.key] = p
            for name in [e["label_ar"], *e.get("names", [])]:
                for words in _spellings(_words(name)):
                    if not words:
                        continue
                    self._place_index.setdefault(words[0], []).append((words, p.key))
                    # a glued و may also join a name to the first word of a two-word name
                    # (سيونيكوغيغاركونيكوفايوتس دزور)
                    if len(words[0]) >= (3 if len(words) == 1 else 5):
                        self._singles.add(words[0])

    def _load_lexicon(self, lex: Path) -> None:
        forms: dict[str, list[_Form]] = {}
        by_lemma: dict[str, set[str]] = {}
        shared: dict[tuple[str, ...], _Form] = {}  # ~500 distinct readings behind ~25k forms
        lines = (lex / "forms.tsv").read_text("utf-8").splitlines()
        if not lines or not lines[0].startswith("key\tsurface\tlemma\tcls"):
            raise ValueError("forms.tsv: unexpected header")
        for line in lines[1:]:
            key, _surface, *reading = line.split("\t")
            f = shared.get(tuple(reading))
            if f is None:
                lemma, cls_, gender, number, form, standalone = reading
                f = shared[tuple(reading)] = _Form(lemma, cls_, gender or None, number or None,
                                                   form, standalone == "1")
            forms.setdefault(key, []).append(f)
            by_lemma.setdefault(f.lemma, set()).add(key)
        self._forms = forms
        cues = json.loads((lex / "cues.json").read_text("utf-8"))
        for ph in cues["phrases"]:
            slots: list[frozenset[str]] = []
            for slot in ph["slots"]:
                keys: set[str] = set()
                for alt in slot:
                    if alt.startswith("@"):
                        lemma_keys = by_lemma.get(alt[1:])
                        if not lemma_keys:
                            raise ValueError(f"cues.json: phrase uses unknown lemma {alt}")
                        keys |= lemma_keys
                    else:
                        keys.add(normalize(alt))
                slots.append(frozenset(keys))
            first = ph["slots"][0][0]
            p = _Phrase(ph["cls"], ph["lemma"], tuple(slots), int(ph.get("gap", 0)),
                        first[1:] if first.startswith("@") else None)
            for first in p.slots[0]:
                self._phrases.setdefault(first, []).append(p)
        for plist in self._phrases.values():
            plist.sort(key=lambda p: -len(p.slots))

    # ------------------------------------------------------------------ public API

    def state(self, iso2: str) -> Actor:
        """The state actor for an ISO 3166-1 alpha-2 code (KeyError if CLDR has no such state)."""
        return self.states[iso2.upper()]

    def actor(self, key: str) -> Actor | None:
        """A curated actor, or a composite one by key (``ministry-of-defence-am``,
        ``armed-forces-nk``): parents of curated actors may name composites."""
        a = self.actors.get(key) or self._made.get(key)
        if a is not None:
            return a
        head, _, iso = key.rpartition("-")
        if len(iso) == 2 and iso.isalpha():
            for t in self._insts.values():
                if t["key"] == head and not t.get("is_state") and not t.get("fixed"):
                    return self._institution(t["id"], iso.upper())
        return None

    def gender_of(self, m: Mention) -> Gender:
        """Grammatical gender/number the mention's surface takes in agreement (for pronoun and
        implicit-subject resolution: وأضافت / وأضاف / وأضافوا).

        A nisba adjective in the surface agrees with its head (الجيش الأذربيجاني m, القوات
        الأذربيجانية f, الجنود الأرمن pl); persons and curated actors have their own gender; states
        are feminine; otherwise a head ending in ة or ات is feminine.
        """
        a = m.actor
        if a.type == "person":
            return a.gender
        words = _TOKEN_RE.findall(normalize(m.surface))
        for w in reversed(words):
            g = self._nisba_gender.get(w)
            if g is not None:
                return g  # type: ignore[return-value]
        if a.type == "state" or not words:
            return "f"
        if a.key in self.actors:
            return a.gender
        return "f" if words[0].endswith(("ة", "ه", "ات")) else "m"

    @property
    def cue_form_count(self) -> int:
        return len(self._forms)

    def find_actors(self, text: str) -> list[Mention]:
        """Actor mentions: leftmost-longest, non-overlapping, sorted by start."""
        v = self._view(text)
        out: list[Mention] = []
        toks = v.tokens
        i = 0
        while i < len(toks):
            dual = self._dual_institutions(v, i)
            if dual:
                for a, b, pre, actor in dual:
                    s, e = self._span(v, toks[a].start + pre, toks[b - 1].end)
                    out.append(Mention(actor=actor, start=s, end=e, surface=text[s:e]))
                i = dual[-1][1]
                continue
            m = self._match_actor(v, i)
            if m is None and out:
                m = self._coordinated_institution(v, i, out[-1]) or self._placed_group(v, i, out[-1])
            if m is None:
                i += 1
                continue
            j, pre, actor = m
            if actor is not None:
                s, e = self._span(v, toks[i].start + pre, toks[j - 1].end)
                out.append(Mention(actor=actor, start=s, end=e, surface=text[s:e]))
            i = j
        return out

    def _dual_institutions(self, v: _View, i: int) -> list[tuple[int, int, int, Actor]]:
        """"وزارتا الخارجية والدفاع الأرمينيتان": a dual head with two institution names joined by و and
        a dual nisba (or في + state) → one mention per institution: (first token, end token, proclitic
        chars, actor)."""
        toks = v.tokens
        if "وزارت" not in toks[i].word:
            return []
        readings = [(pre, base) for pre, base in self._clitic_readings(toks[i].word) if base in _DUAL_HEADS]
        if not readings or i + 3 >= len(toks):
            return []
        pre = readings[0][0]
        heads: list[tuple[int, str]] = []  # (token, institution id)
        j = i + 1
        while j < len(toks) and toks[j].soft and len(heads) < 3:
            word = toks[j].word
            if heads:
                if not word.startswith("و"):
                    break
                word = word[1:]
            inst = next((p[1] for words, payloads in self._actor_index.get(word, ()) if len(words) == 1
                         for p in payloads if p[0] == "inst" and not self._insts[p[1]].get("is_state")), None)
            if inst is None:
                break
            heads.append((j, inst))
            j += 1
        if len(heads) < 2 or j >= len(toks) or not toks[j].soft:
            return []
        iso = self._dual_nisba.get(toks[j].word)
        end = j + 1
        if iso is None:
            comp = self._complement(v, j, "def")
            if comp is None:
                return []
            end, iso = comp
        out = []
        for n, (k, inst) in enumerate(heads):
            actor = self._institution(inst, iso)
            if actor is None:
                return []
            first = i if n == 0 else k
            last = end if n == len(heads) - 1 else k + 1
            out.append((first, last, pre if n == 0 else 1, actor))  # (the و is no part of the name)
        return out

    def _placed_group(self, v: _View, i: int, prev: Mention) -> tuple[int, int, Actor | None] | None:
        """"في العاصمة الأرمينية يريفان، تجمع متظاهرون": a group head marked ``from_place`` (protesters)
        without its state takes the state of the place or party named just before it in the sentence."""
        toks = v.tokens
        if not prev.actor.country or not any(base in self._from_place_heads
                                             for _, base in self._clitic_readings(toks[i].word)):
            return None
        gap = v.original[prev.end:v.index[toks[i].start]]
        if len(gap) > 40 or _SENTENCE_END_RE.search(gap):
            return None
        best: tuple[int, int, Actor | None] | None = None
        for pre, entries in self._actor_candidates(toks[i].word):
            for words, payloads in entries:
                if len(words) > 1 and not self._seq(toks, i, words):
                    continue
                for p in payloads:
                    if p[0] != "inst" or not self._insts[p[1]].get("from_place"):
                        continue
                    actor = self._institution(p[1], prev.actor.country)
                    if actor is not None and (best is None or i + len(words) > best[0]):
                        best = (i + len(words), pre, actor)
        return best

    def _coordinated_institution(self, v: _View, i: int, prev: Mention
                                 ) -> tuple[int, int, Actor | None] | None:
        """"وزارة الدفاع الأذربيجانية ومكتب المدعي العام": an institution head without its state,
        joined by و right after an institution of a state, is that state's (a joint statement)."""
        toks = v.tokens
        if v.index[toks[i].start] != prev.end + 1 or prev.actor.type not in _BODY_TYPES \
                or prev.actor.type == "state" or not prev.actor.country:
            return None
        w = toks[i].word
        glued = w.startswith("و") and len(w) > 3
        if not toks[i].soft or v.index[toks[i].start] != prev.end + 1 or not glued:
            return None
        best: tuple[int, int, Actor | None] | None = None
        for pre, entries in self._actor_candidates(w):
            if pre != 1:
                continue  # the conjunction و, and nothing else, is peeled off
            for words, payloads in entries:
                if len(words) > 1 and not self._seq(toks, i, words):
                    continue
                for p in payloads:
                    if p[0] != "inst" or self._insts[p[1]].get("is_state") or self._insts[p[1]].get("fixed"):
                        continue
                    actor = self._institution(p[1], prev.actor.country)
                    if actor is not None and (best is None or i + len(words) > best[0]):
                        best = (i + len(words), pre, actor)
        return best

    def find_places(self, text: str) -> list[PlaceMention]:
        """Place mentions: leftmost-longest, non-overlapping, sorted by start."""
        v = self._view(text)
        out: list[PlaceMention] = []
        toks = v.tokens
        i = 0
        while i < len(toks):
            best: tuple[int, int, str] | None = None
            for pre, base in self._clitic_readings(toks[i].word):
                for words, key in self._place_index.get(base, ()):
                    if self._seq(toks, i, words) and (best is None or i + len(words) > best[0]):
                        best = (i + len(words), pre, key)
            if best is None:
                i += 1
                continue
            j, pre, key = best
            s, e = self._span(v, toks[i].start + pre, toks[j - 1].end)
            out.append(PlaceMention(place=self.places[key], start=s, end=e, surface=text[s:e]))
            i = j
        return out

    def find_cues(self, text: str) -> list[Cue]:
        """Cue words and phrases, sorted by start, non-overlapping (a phrase wins over its words)."""
        v = self._view(text)
        toks = v.tokens
        out: list[Cue] = []
        i = 0
        while i < len(toks):
            w = toks[i].word
            hit = self._match_cue_phrase(v, i)
            if hit is not None:
                found, phrase, verb = hit
                parts = tuple(self._span(v, toks[n].start, toks[n].end) for n in found)
                s, e = parts[0][0], parts[-1][1]
                out.append(Cue(s, e, text[s:e], phrase.cls, phrase.lemma,
                               verb.gender if verb else None, verb.number if verb else None,
                               "phrase", parts))
                i = found[-1] + 1
                continue
            for f in self._forms.get(w, ()):
                if f.standalone:
                    s, e = self._span(v, toks[i].start, toks[i].end)
                    out.append(Cue(s, e, text[s:e], f.cls, f.lemma, f.gender, f.number, f.form))
                    break
            i += 1
        return out

    def cue_readings(self, word: str) -> tuple[tuple[str, str, str | None, str | None, str], ...]:
        """All lexicon readings of one word: (cls, lemma, gender, number, form)."""
        return tuple((f.cls, f.lemma, f.gender, f.number, f.form)
                     for f in self._forms.get(normalize(word), ()))

    # ------------------------------------------------------------------ the view

    def _view(self, text: str) -> _View:
        cached = self._view_cache.get(text)
        if cached is not None:
            return cached
        view, index = _matching_view(text)
        toks: list[_Tok] = []
        prev_end = 0
        for m in _TOKEN_RE.finditer(view):
            s, e = m.span()
            soft = bool(toks) and (s - prev_end == 1 and view[prev_end] == " "
                                   or _SOFT_GAP_RE.fullmatch(view, prev_end, s) is not None)
            prev_end = e
            # ة ends a word: a token with ة inside is two words whose space was lost
            # (الولايات المتحدةأرمينيا)
            cut = view.find("ة", s, e - 1)
            while cut >= 0:
                self._add_token(toks, view, s, cut + 1, soft)
                s, soft = cut + 1, True
                cut = view.find("ة", s, e - 1)
            self._add_token(toks, view, s, e, soft)
        v = _View(text, view, index, toks)
        if len(self._view_cache) > 8:
            self._view_cache.clear()
        self._view_cache[text] = v
        return v

    def _add_token(self, toks: list[_Tok], view: str, s: int, e: int, soft: bool) -> None:
        w = view[s:e]
        if len(w) >= 7 and "و" in w[3:-2] and not self._known_word(w):
            parts = split_glued_waw(w, self._is_single)
            if len(parts) > 1:
                # the و between parts goes with the following part, as a proclitic
                bounds = [(s + a, s + b) for a, b in parts]
                for n, (a, b) in enumerate(bounds):
                    a2 = a if n == 0 else bounds[n - 1][1]
                    toks.append(_Tok(a2, b, view[a2:b], soft if n == 0 else True))
                return
        toks.append(_Tok(s, e, w, soft))

    def _is_single(self, w: str) -> bool:
        return any(base in self._singles for _, base in self._clitic_readings(w))

    def _known_word(self, w: str) -> bool:
        return any(base in self._actor_index or base in self._place_index
                   for _, base in self._clitic_readings(w)) or w in self._forms

    @staticmethod
    def _span(v: _View, vs: int, ve: int) -> tuple[int, int]:
        return v.index[vs], v.index[ve]

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def _clitic_readings(w: str) -> tuple[tuple[int, str], ...]:
        """(chars peeled, rest) for every proclitic reading of ``w``; the bare word first."""
        out = [(0, w)]
        firsts = [(0, w)]
        if len(w) > 3 and w[0] in "وف":
            firsts.append((1, w[1:]))
            out.append((1, w[1:]))
        for n, r in firsts:
            if len(r) > 3 and r[0] in "بكل":
                if r.startswith("لل"):
                    out.append((n + 1, "ال" + r[2:]))  # لل = ل + ال: the surface starts at the second ل
                else:
                    out.append((n + 1, r[1:]))
        return tuple(out)

    @staticmethod
    def _seq(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
        """Do ``words[1:]`` follow token ``i`` exactly, separated only by soft gaps?"""
        if i + len(words) > len(toks):
            return False
        for k in range(1, len(words)):
            t = toks[i + k]
            if not t.soft or t.word != words[k]:
                return False
        return True

    # ------------------------------------------------------------------ actor grammar

    def _actor_candidates(self, w: str) -> list[tuple[int, list]]:
        """(proclitic chars, index entries) for each reading of ``w`` that starts a phrase."""
        found = self._cand_cache.get(w)
        if found is None:
            found = [(pre, self._actor_index[base]) for pre, base in self._clitic_readings(w)
                     if base in self._actor_index]
            if len(self._cand_cache) > 100_000:
                self._cand_cache.clear()
            self._cand_cache[w] = found
        return found

    def _match_actor(self, v: _View, i: int, named: bool = True
                     ) -> tuple[int, int, Actor | None] | None:
        """Best match starting at token ``i``: (end token, proclitic chars, actor or None).

        ``named=False`` when matching the body a title is "of" (المتحدث باسم الرئيس الروسي …):
        a name that follows belongs to the outer title, not to the body."""
        toks = v.tokens
        best: tuple[int, int, Actor | None] | None = None
        for pre, entries in self._actor_candidates(toks[i].word):
            for words, payloads in entries:
                if len(words) > 1 and not self._seq(toks, i, words):
                    continue
                j = i + len(words)
                for p in payloads:
                    r = self._resolve(v, i, j, p, named)
                    if r is not None and (best is None or r[0] > best[0]):
                        best = (r[0], pre, r[1])
            if best is not None and pre == 0:
                break  # a reading of the bare word beats readings with a proclitic peeled off
        return best

    def _resolve(self, v: _View, i: int, j: int, p: Payload, named: bool = True
                 ) -> tuple[int, Actor | None] | None:
        kind = p[0]
        if kind == "actor":
            a = self.actors[p[1]]
            if named and a.key in self._roles:
                named = self._person_name(v, j)
                if named is not None:
                    return named
            return j, a
        if kind == "state":
            if p[1] in self._pseudo:
                return None  # a region name (قره باغ) alone is a place, not an actor
            return j, self.states.get(p[1])
        if kind == "nisba":
            return self._bare_nisba(v, i, j, p[1])
        if kind == "block":
            return j, None
        if kind == "inst":
            comp = self._complement(v, j, p[2])
            if comp is None:
                return None
            j2, iso = comp
            return j2, self._institution(p[1], iso)
        if kind == "title":
            comp = self._complement(v, j, p[2])
            if comp is None:
                return self._person_name(v, j)  # الرئيس علييف (a name, even inside المتحدث باسم)
            j2, iso = comp
            role = self._role_actor(p[1], iso, p[3])
            if role is None:
                return None
            if not named or self._titles[p[1]].get("no_name"):
                return j2, role  # مسؤول أرميني رفيع: no name follows a generic title
            return self._with_name(v, j2, role)
        if kind == "body_title":
            j = self._skip_lam(v, j)
            if j >= len(v.tokens) or not v.tokens[j].soft:
                return None
            sub = self._match_actor(v, j, named=False)
            if sub is None or sub[2] is None or sub[2].type not in _BODY_TYPES:
                return None
            if sub[1] and v.tokens[j].word[sub[1] - 1] != "ل":
                return None  # only لـ may join the title to its body (الأمين العام للأمم المتحدة)
            end = sub[0]
            toks = v.tokens
            if end + 1 < len(toks) and toks[end].word == "في" and toks[end].soft \
                    and toks[end + 1].soft:  # زعيم الانفصاليين في قره باغ + name
                hit = self._lookup_kind(toks, end + 1, toks[end + 1].word, "state")
                if hit is not None:
                    end = self._after_pseudo(toks, *hit)[0]
            role = self._body_role(p[1], sub[2], p[2])
            if not named or self._body_titles[p[1]].get("no_name"):
                return end, role
            return self._with_name(v, end, role)
        if kind == "spokes":
            j = self._skip_lam(v, j)
            if j >= len(v.tokens) or not v.tokens[j].soft:
                return None
            sub = self._match_actor(v, j, named=False)
            if sub is None or sub[2] is None:
                return None
            if sub[1] and v.tokens[j].word[sub[1] - 1] != "ل":
                return None  # السكرتير الصحفي للرئيس: only لـ
            role = self._spokesperson(sub[2], p[1])
            return self._with_name(v, sub[0], role) if named else (sub[0], role)
        raise ValueError(f"unknown payload {p!r}")

    @staticmethod
    def _skip_lam(v: _View, j: int) -> int:
        """Skip a detached preposition لـ (written "لـ " with tatweel and a space)."""
        toks = v.tokens
        if j + 1 < len(toks) and toks[j].word == "ل" and toks[j].soft and toks[j + 1].soft:
            return j + 1
        return j

    def _bare_nisba(self, v: _View, i: int, j: int, iso: str) -> tuple[int, Actor | None] | None:
        if iso in self._pseudo:
            return j, self.actors.get(self._pseudo[iso]["actor"])
        return j, self.states.get(iso)

    def _complement(self, v: _View, j: int, mode: str) -> tuple[int, str] | None:
        """The state completing a head: nisba / في + state (def), nisba only (nisba: soldier-like
        heads, where في names a place: جندي في قره باغ), state name (construct)."""
        toks = v.tokens
        if j >= len(toks) or not toks[j].soft:
            return None
        w = toks[j].word
        if mode in ("def", "nisba"):
            hit = self._lookup_kind(toks, j, w, "nisba")
            if hit is not None or mode == "nisba":
                return hit
            if w in ("التابعة", "التابع", "التابعه") and j + 1 < len(toks) and toks[j + 1].soft:
                j, w = j + 1, toks[j + 1].word  # وزارة الدفاع التابعة لأرمينيا
            if w in ("في", "لدي") and j + 1 < len(toks) and toks[j + 1].soft:
                hit = self._lookup_kind(toks, j + 1, toks[j + 1].word, "state")
                if hit is not None:
                    return self._after_pseudo(toks, *hit)
            for pre, base in self._clitic_readings(w):
                if pre and w[pre - 1] in "بل":
                    hit = self._lookup_kind(toks, j, base, "state")
                    if hit is not None:
                        return self._after_pseudo(toks, *hit)
            return None
        hit = self._lookup_kind(toks, j, w, "state")
        return None if hit is None else self._after_pseudo(toks, *hit)

    def _lookup_kind(self, toks: list[_Tok], j: int, base: str, kind: str) -> tuple[int, str] | None:
        for words, payloads in self._actor_index.get(base, ()):
            if self._seq(toks, j, words):
                for p in payloads:
                    if p[0] == kind:
                        return j + len(words), p[1]
        return None

    def _after_pseudo(self, toks: list[_Tok], j: int, iso: str) -> tuple[int, str]:
        """Consume "الانفصالي/الانفصالية" after a separatist region's name."""
        if iso in self._pseudo and j < len(toks) and toks[j].soft and toks[j].word in (
                "الانفصالي", "الانفصالية", "الانفصاليه", "الانفصاليين"):
            return j + 1, iso
        return j, iso

    def _person_name(self, v: _View, j: int) -> tuple[int, Actor] | None:
        """A curated (named) person starting exactly at token ``j``."""
        toks = v.tokens
        if j >= len(toks) or not toks[j].soft:
            return None
        for words, payloads in self._actor_index.get(toks[j].word, ()):
            if self._seq(toks, j, words):
                for p in payloads:
                    if p[0] == "actor" and p[1] not in self._roles \
                            and self.actors[p[1]].type == "person":
                        return j + len(words), self.actors[p[1]]
        return None

    def _with_name(self, v: _View, j: int, role: Actor) -> tuple[int, Actor]:
        """A role actor followed by a known name (→ that person) or an unknown one (→ new person)."""
        named = self._person_name(v, j)
        if named is not None:
            return named
        toks = v.tokens
        if j < len(toks) and toks[j].word in _NAME_ADJECTIVES and toks[j].soft:
            named = self._person_name(v, j + 1)  # الرئيس الأمريكي السابق دونالد ترامب
            if named is not None:
                return named
        k = j
        while k < len(toks) and k < j + 3 and toks[k].soft:
            if k > j:
                named = self._person_name(v, k)  # ديمتري (unknown spelling) + بيسكوف (known)
                if named is not None:
                    return named
            if not self._name_like(toks[k].word):
                break
            k += 1
        if k == j:
            return j, role
        s, e = self._span(v, toks[j].start, toks[k - 1].end)
        name_ar = v.original[s:e]
        digest = hashlib.sha1(normalize(name_ar).encode("utf-8")).hexdigest()[:8]
        key = f"{role.key}-{digest}"
        a = self._made.get(key)
        if a is None:
            a = Actor(key=key, label_en=role.label_en, label_ar=name_ar, type="person",
                      country=role.country, parent=role.parent, gender=role.gender,
                      role_en=role.role_en)
            self._made[key] = a
        return k, a

    def _name_like(self, w: str) -> bool:
        """Could ``w`` be part of a person's name? (Not a function word, article-noun, plural…)"""
        return not (len(w) < 3 or w in self._stop or w.startswith("ال")
                    or (w[0] in "وفبلك" and w[1:3] == "ال") or w.endswith(("ات", "ة"))
                    or w in self._forms or w in self._actor_index or w in self._place_index)

    # ------------------------------------------------------------------ composite actors

    def _state_label(self, iso: str) -> tuple[str, str]:
        if iso in self._pseudo:
            e = self._pseudo[iso]
            return e["label_en"], e["label_ar"]
        s = self.states[iso]
        return s.label_en, s.label_ar

    def _institution(self, inst_id: str, iso: str) -> Actor | None:
        t = self._insts[inst_id]
        if t.get("fixed"):
            return self.actors.get(t["fixed"]) if iso in t.get("fixed_for", ()) else None
        if t.get("is_state"):
            if iso in self._pseudo:
                return self.actors.get(self._pseudo[iso]["actor"])
            return self.states.get(iso)
        key = f"{t['key']}-{iso.lower()}"
        a = self._made.get(key) or self.actors.get(key)
        if a is not None:
            return a
        if iso not in self.states and iso not in self._pseudo:
            return None
        en, ar = self._state_label(iso)
        nisba = (self._nisba_f if t.get("gender") == "f" else self._nisba_m).get(iso)
        label_ar = f"{t['label_ar']} {nisba}" if nisba else f"{t['label_ar']} في {ar}"
        pseudo = iso in self._pseudo
        a = Actor(key=key, label_en=t["label_en"].format(state=en), label_ar=label_ar,
                  type=t["type"], country=None if pseudo else iso,
                  parent=self._pseudo[iso]["actor"] if pseudo else f"state-{iso.lower()}",
                  gender=t.get("gender", "m"))
        self._made[key] = a
        return a

    def _role_actor(self, title_id: str, iso: str, gender: str) -> Actor | None:
        t = self._titles[title_id]
        key = f"person-{t['key']}-{iso.lower()}" + ("-f" if gender == "f" else "")
        a = self._made.get(key)
        if a is not None:
            return a
        if iso not in self.states and iso not in self._pseudo:
            return None
        en, ar = self._state_label(iso)
        pseudo = iso in self._pseudo
        role = t["role_en"].format(state=en)
        nisba = self._nisba_m.get(iso)
        head = t["label_ar"]
        a = Actor(key=key, label_en=role, label_ar=f"{head} {nisba}" if nisba else f"{head} {ar}",
                  type="person", country=None if pseudo else iso,
                  parent=self._pseudo[iso]["actor"] if pseudo else f"state-{iso.lower()}",
                  gender="f" if gender == "f" else "m", role_en=role)
        self._made[key] = a
        return a

    def _body_role(self, title_key: str, of: Actor, gender: str) -> Actor:
        t = self._body_titles[title_key]
        key = f"person-{title_key}-{of.key}" + ("-f" if gender == "f" else "")
        a = self._made.get(key)
        if a is None:
            role = t["role_en"].format(body=of.label_en)
            head = t["label_ar_f"] if gender == "f" and t.get("label_ar_f") else t["label_ar"]
            sep = "" if head.endswith("ـ") else " "
            a = Actor(key=key, label_en=role, label_ar=f"{head}{sep}{of.label_ar}", type="person",
                      country=of.country, parent=of.key, gender="f" if gender == "f" else "m",
                      role_en=role)
            self._made[key] = a
        return a

    def _spokesperson(self, of: Actor, gender: str) -> Actor:
        key = f"person-spokesperson-{of.key}" + ("-f" if gender == "f" else "")
        a = self._made.get(key)
        if a is None:
            role = f"Spokesperson of {of.label_en}"
            a = Actor(key=key, label_en=role,
                      label_ar=("المتحدثة باسم " if gender == "f" else "المتحدث باسم ") + of.label_ar,
                      type="person", country=of.country, parent=of.key,
                      gender="f" if gender == "f" else "m", role_en=role)
            self._made[key] = a
        return a

    # ------------------------------------------------------------------ cue phrases

    def _match_cue_phrase(self, v: _View, i: int) -> tuple[list[int], _Phrase, _Form | None] | None:
        """The first phrase matching from token ``i``: (token of each slot, phrase, verb reading)."""
        toks = v.tokens
        cands: list[_Phrase] = []
        for _, base in self._clitic_readings(toks[i].word):
            cands.extend(self._phrases.get(base, ()))
        for p in cands:
            found = [i]
            for slot in p.slots[1:]:
                k, hit = found[-1], -1
                for n in range(k + 1, min(len(toks), k + 2 + p.gap)):
                    if _SENTENCE_END_RE.search(v.text, toks[n - 1].end, toks[n].start):
                        break
                    if any(b in slot for _, b in self._clitic_readings(toks[n].word)):
                        hit = n
                        break
                if hit < 0:
                    break
                found.append(hit)
            if len(found) == len(p.slots):
                verb = next((f for f in self._forms.get(toks[i].word, ()) if f.lemma == p.verb),
                            None)
                return found, p, verb
        return None


@functools.lru_cache(maxsize=4)
def load_knowledge(gazetteer_dir: Path = DEFAULT_GAZETTEER_DIR,
                   lexicon_dir: Path = DEFAULT_LEXICON_DIR) -> Knowledge:
    """The knowledge for these directories, loaded once per process.

    Reading the files costs ~0.4 s (the lexicon's ~40k forms); :func:`kg.cache.cached` keeps a
    pickle of the result keyed by those files and the extraction code (~0.04 s to load).
    """
    from kg.cache import cached

    gazetteer_dir, lexicon_dir = Path(gazetteer_dir), Path(lexicon_dir)
    code = Path(__file__).parent
    return cached("knowledge", [gazetteer_dir, lexicon_dir, code, code.parent / "model.py"],
                  lambda: Knowledge.load(gazetteer_dir, lexicon_dir), Knowledge)


__all__: list[str] = ["Cue", "Knowledge", "load_knowledge", "normalize",
                      "DEFAULT_GAZETTEER_DIR", "DEFAULT_LEXICON_DIR", "NAME", "VERSION"]
