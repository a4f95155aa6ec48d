"""The statement engine's data: parties, frames, sentences, cue-class constants and the small
helpers over text offsets that the speaker and target rules share (see ``statements.py``).

A :class:`Party` is one actor mention or an apposition of mentions of one side (a role and its
holder's name), a :class:`Frame` a speech act being read (its cue, speakers, region of reported
words and targets). Nothing here is keyed to a corpus sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.extract import grammar as g
from kg.extract.knowledge import Cue
from kg.model import Actor, Mention, ResolvedDate

SPEECH_LIKE = frozenset({"speech", "accuse", "condemn", "hold_responsible", "deny", "call", "describe",
                         "concern", "refuse_to_blame"})
MARKERS = frozenset({"hostile_act", "aggression_noun", "false_claim_noun"})
#: Which kind wins when one (speaker, target) pair is blamed twice in a sentence.
#: Kinds named by a blame verb outrank the kinds read from the reported words; between the latter
#: (equal rank) the first one in the sentence stands.
KIND_RANK = {"hold_responsible": 6, "condemn": 5, "accuse_explicit": 5, "deny": 4, "call_to_stop": 3,
             "describe_as_aggression": 1, "accuse": 1}
_SPECIFICITY = {"person": 5, "body": 4, "armed_forces": 4, "agency": 3, "international": 3, "group": 3,
                "state": 1}
_NK_GROUP = "group-nk-authorities"
_DOMESTIC_CRITICS = ("opposition-", "protesters-")  # keys of institutions.json groups of a state
_CARRY_SENTENCES = 3  # how far back an implicit subject may reach
_BLAME = frozenset({"accuse", "condemn", "hold_responsible", "describe_as_aggression", "call_to_stop",
                    "deny"})


#: A matched cue word (kg.extract.knowledge.Cue); tests pass the same class.
CueLike = Cue


class KnowledgeLike(Protocol):
    def find_actors(self, text: str) -> list[Mention]: ...
    def find_cues(self, text: str) -> list[Any]: ...
    def state(self, iso2: str) -> Actor | None: ...


DateFn = Callable[[int, int, int], ResolvedDate]


@dataclass(frozen=True)
class Party:
    """One or more adjacent mentions of one actor; ``actor`` is the most specific of them."""

    actor: Actor
    start: int
    end: int
    coordinated: bool = False  # joined to the previous party by و (a list of actors)
    gender: str | None = None  # of the phrase that named it ("بيان الخارجية" is masculine)

    @property
    def country(self) -> str | None:
        return self.actor.country

    @property
    def agreement(self) -> str:
        return self.gender or self.actor.gender


@dataclass
class Frame:
    """A speech act being read: its cue, speaker(s), reported region and the targets found."""

    cue: Any
    speakers: tuple[Party, ...]
    how: str  # explicit | carried | according_to | quote | anaphor | nominal
    region: tuple[int, int]
    targets: list[tuple[Party, str, float]] = field(default_factory=list)  # party, kind, confidence
    other_kind: str | None = None  # non-blame kind to record when no target is found
    reach: int = 0  # how far the object of a blame verb may stand (past verbs of the same speaker)


@dataclass(frozen=True)
class SpeakerRef:
    """A speaker heard in sentence ``sentence`` (the history implicit subjects are resolved from)."""

    parties: tuple[Party, ...]
    sentence: int


class _Sentence:
    """A sentence with its parties, cues and quote spans (offsets into the article text)."""

    def __init__(self, index: int, start: int, end: int, text: str, parties: list[Party],
                 cues: list[Any], heading: bool) -> None:
        self.index, self.start, self.end, self.text = index, start, end, text
        self.parties, self.cues, self.heading = parties, cues, heading
        self.quotes = _quote_spans(text, start, end)


# --- small helpers -------------------------------------------------------------------------------

def cue_gender(cue: Any) -> str | None:
    """The gender of the cue's subject; a participle in ة is feminine whatever the lexicon's first
    reading says (مضيفة reads also as مضيف + ـه)."""
    gender = getattr(cue, "gender", None)
    if getattr(cue, "form", None) == "participle":
        bare = g.norm_word(cue.surface)
        if bare.endswith("ة"):
            return "f"
        if bare.endswith(("ا", "ين", "ون")) and gender == "f":
            return "m"
    return gender


def cue_number(cue: Any) -> str | None:
    return getattr(cue, "number", None)


def head_end(text: str, cue: Any) -> int:
    """End of the cue's first word: a multiword cue ("حمّلت باكو المسؤولية") spans its object."""
    if getattr(cue, "form", None) != "phrase":
        return int(cue.end)
    m = g.WORD.search(text, cue.start, cue.end)
    return m.end() if m else int(cue.end)


def _gap_words(text: str, a: int, b: int) -> list[str]:
    """Words between two offsets; a lone proclitic left by the gazetteer ("لـ" of "للجانب") is none."""
    return [w for w in g.words(text[a:b]) if len(w) > 1] if b > a else []


def _has_break(text: str, a: int, b: int, breaks: str = ":؛.!?؟\n" + g.QUOTE_OPEN) -> bool:
    return any(ch in breaks for ch in text[a:b])


def _gender_ok(cue_gender: str | None, party_gender: str, person: bool) -> bool:
    if not cue_gender or cue_gender not in ("m", "f"):
        return True
    if cue_gender == "m":
        return party_gender == "m"
    return party_gender == "f" or (party_gender == "pl" and not person)


#: "من قبل / من جانب": the agent of a passive verb follows
_BY_AGENT = re.compile(r"\s*(?:من\s+قبل|من\s+جانب|على\s+لسان)\s+")
#: charges of lying after an accusation verb (اتهمه بالكذب، بالتضليل، بتزوير الحقائق)
_LIE_CHARGES = frozenset(g.norm_word(w) for w in ("بالكذب", "بالتضليل", "بتضليل", "بتزوير", "بتزييف",
                                                   "بالتزوير", "بالافتراء", "بتحريف", "بتشويه"))
_TOWARDS = (g.norm_word("إلى"), g.norm_word("نحو"))
#: "ضرورة أن / يجب أن + verb" right before its subject
_MUST_THAT_VERB = re.compile(r"(?<!\w)(?:ضرورة|بضرورة|يجب|ينبغي|يتعين|يتوجب|لا ?بد)\s+[أا]ن\s+\w+\s*$")
_GLUED_DOT = re.compile(r"(?<=\w)\.(?=\w)")
#: "بأنه/بأنها/بأنهم": what something is described as ("وصفه بأنه عدوان")
_AS_BEING = re.compile(r"(?<!\w)ب[أا]ن(?:ه|ها|هم|هما)?(?!\w)")

_QUOTE_CHARS = re.compile("[" + re.escape(g.QUOTE_OPEN + g.QUOTE_CLOSE) + "]")


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of ``text[start:end]``; a quote still open at the end runs to it."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHARS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None and ch in g.QUOTE_OPEN:
            open_at = i
        elif open_at is not None and ch in g.QUOTE_CLOSE:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def _specific(actors: Iterable[Actor]) -> Actor:
    """The most specific actor; on a tie the later one (a role, then its holder's name)."""
    ranked = [(_SPECIFICITY.get(a.type, 2), i, a) for i, a in enumerate(actors)]
    return max(ranked, key=lambda r: (r[0], r[1]))[2]


def has_pronoun_suffix(cue: Any) -> bool:
    """Does the cue carry an attached pronoun (اتهمتها، استفزازاتها) — not a lemma that merely ends in
    the same letters (اتهم)? The word without the suffix must be at least as long as the lemma."""
    bare = g.norm_word(cue.surface)
    if bare[:1] in ("و", "ف") and len(bare) > 3:
        bare = bare[1:]
    m = g.PRONOUN_SUFFIX.search(bare)
    lemma = g.norm_word(getattr(cue, "lemma", "") or "")
    return m is not None and len(bare) - len(m.group()) >= max(len(lemma), 3)


def build_parties(text: str, mentions: Sequence[Mention]) -> list[Party]:
    """Group mentions into parties: apposition (same state, no words between) merges, و lists."""
    parties: list[Party] = []
    last: Mention | None = None
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if last is not None and m.start < last.end:
            continue  # overlapping mention: the first, longest one wins
        if parties and last is not None:
            prev = parties[-1]
            gap = text[prev.end:m.start]
            related = (m.actor.key == prev.actor.key or
                       (m.actor.country is not None and m.actor.country == prev.actor.country
                        and "person" in (m.actor.type, prev.actor.type)
                        # "حمّلت المعارضة الأرمينية باشينيان": the opposition is not its object
                        and not prev.actor.key.startswith(_DOMESTIC_CRITICS))
                       # a body and the person who speaks for it ("الباحث في كارنيغي أوروبا توماس دي وال")
                       or (m.actor.type == "person" and prev.actor.type != "state"
                           and m.actor.parent == prev.actor.key)
                       or (prev.actor.type == "person" and m.actor.type != "state"
                           and prev.actor.parent == m.actor.key))
            # a role and its holder's name, of which the gazetteer knew only the surname
            # ("رئيس البرلمان الأرميني آلان سيمونيان")
            named = (prev.actor.type == m.actor.type == "person" and m.actor.country == prev.actor.country
                     and len(g.words(gap)) <= 2 and not any(w.startswith("ال") for w in g.WORD.findall(gap)))
            if related and (not g.words(gap) or named) and not _has_break(text, prev.end, m.start):
                parties[-1] = Party(_specific((prev.actor, m.actor)), prev.start, m.end, prev.coordinated)
                last = m
                continue
        coordinated = False
        if parties:
            gap = g.words(text[parties[-1].end:m.start])
            glued = (m.start > 0 and text[m.start - 1] == "و"
                     and (m.start < 2 or not text[m.start - 2].isalpha()))
            coordinated = gap == ["و"] or (not gap and glued) or (glued and gap == [])
            if m.surface.startswith("و") and not gap:
                coordinated = True
        parties.append(Party(m.actor, m.start, m.end, coordinated))
        last = m
    return parties


def _preceding_word(text: str, pos: int, floor: int) -> str:
    ws = g.WORD.findall(text[max(floor, pos - 30):pos])
    return g.norm_word(ws[-1]) if ws else ""


def _after_victim_prep(text: str, party: Party, floor: int) -> bool:
    word = _preceding_word(text, party.start, floor)
    if word in g.VICTIM_PREPS:
        return True
    # a preposition glued to the mention itself is not split off by the gazetteer: "وعلى" is rare,
    # but "بين" / "على" may stand one adjective back ("على المناطق الأرمينية").
    ws = g.WORD.findall(text[max(floor, party.start - 40):party.start])
    if len(ws) >= 2 and g.norm_word(ws[-2]) in g.VICTIM_PREPS and g.norm_word(ws[-1]).startswith("ال"):
        return True
    return False


class _Lazy:
    """A date computed only if a statement is emitted."""

    def __init__(self, make: Callable[[], ResolvedDate]) -> None:
        self._make = make
        self._value: ResolvedDate | None = None

    @property
    def value(self) -> ResolvedDate:
        if self._value is None:
            self._value = self._make()
        return self._value


def _domestic_critic(speaker: Actor, target: Actor) -> bool:
    """The opposition or protesters of a state blaming its leaders or government (ANNOTATION.md:
    protesters condemning their prime minister): the one case where a speaker blames its own side."""
    return speaker.key.startswith(_DOMESTIC_CRITICS) and target.type in ("person", "body")


def _specificity(actor: Actor | None) -> int:
    return _SPECIFICITY.get(actor.type, 2) if actor is not None else 0


@dataclass(frozen=True)
class _PseudoCue:
    """The cue of a sentence inside an open quote: the quote's speaker says all of it."""

    start: int
    cls: str = "speech"
    surface: str = ""
    lemma: str = ""
    gender: str | None = None
    number: str | None = None
    form: str | None = None

    @property
    def end(self) -> int:
        return self.start
