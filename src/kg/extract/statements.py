"""Statement engine: who said what about whom, per sentence (ANNOTATION.md "Statement", "Blame").

Reads the precomputed actor mentions and lexicon cues of an article (``knowledge.py``) and the
sentence spans (``sentences.py``), and makes one pass over the sentences. Function words it reads
around them (victim prepositions, complementisers, "both sides", speaker heads…) are in
``grammar.py``; nothing here is keyed to a corpus sentence.

1. **Parties.** Adjacent mentions of one side in apposition (a role and a name) become one
   :class:`Party`; the most specific actor speaks for the group. Parties joined by و form a list.
   A sentence that opens with a verb of saying + بذلك ("أعلن بذلك X") is read with the one before.
2. **Frames** (:class:`Frame`: a speech act being read). Every speech-like cue opens one. Its
   speaker, in order: the party right before the verb (subject–verb, headlines), the party right
   after it (verb–subject; agreeing in gender unless a head noun stands between — "قال مسؤول …
   أرميني", "بيان الخارجية"); an anaphoric noun (البيان، الوزارة) or a ministry named without its
   state; an unknown subject (a name or head noun after قال, a noun after "وفق ما أفادت") stops
   here with no speaker. Otherwise the subject is implicit: the speaker of an earlier verb of the
   sentence, the subject of the main clause for participles and و-joined verbs (مؤكدةً، وأدان),
   the owner of a statement noun earlier in the sentence ("لبيان X، حيث قالت"), the attribution
   of the sentence (وفقا لـ، بحسب، حسبما أعلن X; "وفقا له" → the last speaker of that gender), an
   open quote, or the nearest earlier speaker within three sentences that agrees in gender and
   number — never for a bare sentence-opening verb without و. A first person plural (نتهم، ندين،
   نحمّل) has no subject in the sentence: it speaks for the quoted speaker; "بلاده/حكومته" before a
   verb in reported words is the speaker's state; an agency relaying a source ("وكالة X نقلا عن Y")
   gives the floor to Y, and so does an outlet named by a verb of relaying ("نقلت صحيفة X عن Y
   قوله"); a party right after في is a place, not a postposed subject; an anaphoric noun that heads
   a fully named party (المتحدثة باسم وزارة …) is that party; a verb joined by و has no subject
   right before it ("رفضت باكو الاتهامات الأرمينية ووصفتها"), while "أما X فقال" has X; a phrase
   cue headed by a participle (محملة X المسؤولية) takes the clause's subject; a ministry named
   without its state ("وزارة الدفاع") with nobody earlier to point back to belongs to the state of
   a state agency quoting it or of the dateline city — only when that state is one of the
   article's two main parties. Statement nouns with their issuer and reported words ("في بيان وزارة X أن") and
   accusation nouns with the accuser in the genitive ("اتهام باشينيان … من قبل أذربيجان") are
   frames too. A frame's *region* (the reported
   words) runs to the next cue with a frame (a verb in a parenthetical relative clause right after
   the speaker — "وأضاف المصدر، الذي طلب …، أن" — is skipped over); relative clauses end at their
   punctuation; "…، حسبما أعلنت X" and "“…”، قال X" report what stands before the verb.
3. **Targets**, per cue class: the object of a blame verb (اتهم X بـ، أدان X، حمّل X، ألقى باللوم على X،
   دعا X إلى وقف) — a pronoun object (اتهمتها) is the last party of another side; for verbs of
   saying, the agent of a hostile act in the region (before or after it, inside its mention —
   "القصف الأذربيجاني" — or after من قبل; never after a victim preposition, never the patient of
   killing verbs; acts that are stopped or negated do not count), the owner of an aggression
   noun, a party of the other side wielding weapons, the obliged party of "يجب على X أن يوقف",
   the other side "not doing" what it should (لم تلتزم، عدم سحب); for denials and false-claim
   nouns, the party whose claim is rejected (named in the sentence, else the last speaker of another
   side: a state or the Karabakh authorities). A news agency is never a target; a town after its
   head noun (مدينة، بلدة) is a place, not an agent. "The enemy" and agent-less aggression said by one
   side resolve to the other main party; a call to stop an unnamed attack, to the party most
   blamed so far, and so does a condemned act pointed back at with a demonstrative (تدين هذه
   الهجمات). The Karabakh authorities stand on Armenia's side for "the enemy". A detached object
   pronoun (متهمة إياها) is the last party of another side, like an attached one. A headline
   condemnation noun with an adjective of its issuer (إدانة تركية لـ…) is read like the accusation
   nouns. A passive blame verb (اتُّهمت X بـ، حُمّلت X المسؤولية) blames X when an issuer is named
   ("وفق ما أعلنته Y", "في بيان صادر عن Y", "من قبل Y"), else nothing. A call on one party "to
   intervene to stop" the act of another blames the author of that act, not the party called on.
   A condemnation naming only "the operation/the attack" condemns the party blamed most so far.
   "قالت إنها تدين …" is the speaker's own condemnation. A speaker never blames its own state.
4. **Mutual blame** (تبادل الاتهامات، كل … الأخرى) yields A→B and B→A for the two states named in
   the sentence, else the article's two main parties (Armenia and Azerbaijan when both occur).
5. **Statements.** One per (speaker, target state) per speech act in a sentence (one of a list of
   speakers named again in the sentence continues the same act), with the
   strongest kind (:data:`KIND_RANK`); calls on both sides, concern, calls without blame,
   refusals to name a culprit and plain announcements are recorded with non-blame kinds.

Confidence follows the evidence: explicit blame verb with explicit target 0.9; inferred from a
speech verb and a hostile act 0.7; a carried-over speaker caps it at 0.6; mutual, context-resolved
and nominal readings 0.5–0.6.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from kg.extract import grammar as g
from kg.model import Actor, Article, Mention, ResolvedDate, Statement

NAME = "statements"
VERSION = "0.3.0"

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
_CARRY_SENTENCES = 3  # how far back an implicit subject may reach
_BLAME = frozenset({"accuse", "condemn", "hold_responsible", "describe_as_aggression", "call_to_stop",
                    "deny"})


class CueLike(Protocol):
    start: int
    end: int
    surface: str
    cls: str
    lemma: str
    gender: str | None
    number: str | None
    form: str | None


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
                        and "person" in (m.actor.type, prev.actor.type)))
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


# --- the engine ---------------------------------------------------------------------------------

class StatementEngine:
    """One article's pass over its sentences (see module doc)."""

    def __init__(self, article: Article, knowledge: KnowledgeLike, sentences: Sequence[tuple[int, int, bool]],
                 mentions: Sequence[Mention], cues: Sequence[Any], date_for: DateFn) -> None:
        self.article = article
        self.text = article.text
        self.knowledge = knowledge
        self.date_for = date_for
        self.parties = build_parties(self.text, mentions)
        self.cues = self._usable_cues(self.text, cues, mentions)
        self.sentences: list[_Sentence] = []
        pi = ci = 0
        for idx, (s, e, heading) in enumerate(self._merge_back_references(sentences)):
            ps: list[Party] = []
            while pi < len(self.parties) and self.parties[pi].start < e:
                if self.parties[pi].start >= s:
                    ps.append(self.parties[pi])
                pi += 1
            cs: list[Any] = []
            while ci < len(self.cues) and self.cues[ci].start < e:
                if self.cues[ci].start >= s:
                    cs.append(self.cues[ci])
                ci += 1
            self.sentences.append(_Sentence(idx, s, e, self.text, ps, cs, heading))
        self.main_parties = self._main_parties()
        self.history: list[SpeakerRef] = []
        self.nominal: list[Frame] = []
        self.unknown_speaker = False  # this sentence's main verb has a subject we cannot identify
        self.blamed: Counter[str] = Counter()  # target states of the blame read so far
        self.open_quote: tuple[Party, ...] | None = None  # speaker of a quote still open
        self._dateline_iso: str | None = None  # state of the dateline city ("" when none)

    @staticmethod
    def _usable_cues(text: str, cues: Sequence[Any], mentions: Sequence[Mention]) -> list[Any]:
        """Cues in text order, without verbs of saying inside a name ("ذاكر حسنوف" is no "ذاكر"),
        without passive verbs written with their damma ("اتُّهمت أذربيجان": she was accused) and
        without "رد" in arms (ردت على القصف)."""
        spans = sorted((m.start, m.end) for m in mentions)
        starts = [a for a, _ in spans]
        out = []
        ordered = sorted(cues, key=lambda c: c.start)
        acts = [c for c in ordered if c.cls == "hostile_act"]
        for c in ordered:
            if c.cls == "speech" and g.norm_word(getattr(c, "lemma", "") or "") in g.RESPOND_LEMMAS and \
                    StatementEngine._military_response(text, c, acts):
                continue  # "ردت على قصف أرميني", "يرد على مصادر النيران": a response, not a reply
            if c.cls in SPEECH_LIKE:
                i = bisect.bisect_right(starts, c.start) - 1
                if i >= 0 and spans[i][0] <= c.start < spans[i][1]:
                    continue
                if getattr(c, "form", None) == "perfect" and "\u064f" in c.surface[:5] and \
                        c.cls not in ("accuse", "hold_responsible"):
                    continue  # (a passive blame verb is kept: its issuer may be named, _passive_issuer)
            out.append(c)
        return out

    @staticmethod
    def _military_response(text: str, cue: Any, acts: Sequence[Any]) -> bool:
        """Is this "رد" a response in arms (ردت على القصف، يرد على مصادر النيران، ردت بالمثل) rather
        than a reply (ردت بأن، ردت على الاتهامات، رد قائلا)?"""
        if any(0 <= a.start - cue.end <= 12 for a in acts):
            return True
        ws = g.words(text[cue.end:cue.end + 60])
        if ws and ws[0] in g.IN_KIND:
            return True
        if not ws or ws[0] not in g.RESPONSE_ON:
            return False
        return len(ws) < 2 or ws[1] not in g.REPLY_OBJECTS

    def _merge_back_references(self, sentences: Sequence[tuple[int, int, bool]],
                               ) -> list[tuple[int, int, bool]]:
        """"… يوماً بعد يوم.. أعلن بذلك X": a sentence that opens with a verb of saying and "بذلك"
        reports the sentence before it; the two are read as one."""
        out: list[tuple[int, int, bool]] = []
        starts = [c.start for c in self.cues]
        for s, e, heading in sentences:
            i = bisect.bisect_left(starts, s)
            cue = self.cues[i] if i < len(self.cues) else None
            if (out and cue is not None and cue.cls in SPEECH_LIKE and cue.start - s <= 2
                    and (ws := g.WORD.findall(self.text[cue.end:min(e, cue.end + 12)]))
                    and g.norm_word(ws[0]) in g.BACK_REFERENCE):
                ps, _, ph = out[-1]
                out[-1] = (ps, e, ph and heading)
            else:
                out.append((s, e, heading))
        return out

    # -- article context ------------------------------------------------------------------------

    def _main_parties(self) -> tuple[str, ...]:
        counts = Counter(p.country for p in self.parties if p.country)
        if counts.get("AM") and counts.get("AZ"):
            return ("AM", "AZ")
        return tuple(c for c, _ in counts.most_common(2))

    def opponent(self, country: str | None) -> str | None:
        if len(self.main_parties) == 2 and country in self.main_parties:
            return self.main_parties[1 - self.main_parties.index(country)]
        if country == "AM" and "AZ" in self.main_parties:
            return "AZ"  # the Karabakh authorities' side in an article that names no Armenian party
        return None

    def side_of(self, p: Party) -> str | None:
        """The state whose side a party speaks for in the war: its own, or Armenia's for the Karabakh
        separatist authorities and their officials (their own actor, never a target as Armenia)."""
        if p.country:
            return p.country
        if _NK_GROUP in (p.actor.key, p.actor.parent):
            return "AM"
        return None

    def _state(self, iso2: str) -> Actor | None:
        try:
            return self.knowledge.state(iso2)
        except KeyError:
            return None

    def _state_party(self, iso2: str, at: int) -> Party | None:
        actor = self._state(iso2)
        return Party(actor, at, at) if actor is not None else None

    # -- the pass -------------------------------------------------------------------------------

    def run(self) -> list[Statement]:
        out: list[Statement] = []
        for sent in self.sentences:
            out.extend(self._sentence(sent))
        return out

    def _sentence(self, sent: _Sentence) -> list[Statement]:
        frames = self._frames(sent)
        mutual = self._mutual(sent)
        statements: list[Statement] = []
        if mutual:
            statements.extend(mutual)
            frames = [f for f in frames if f.how == "explicit"
                      and not {p.country for p in f.speakers} & set(self.main_parties)]
        for frame in frames:
            self._resolve_targets(sent, frame)
        statements.extend(self._emit(sent, frames + ([] if mutual else self.nominal)))
        self.blamed.update(st.target.country for st in statements
                           if st.target is not None and st.target.country and st.kind in _BLAME)
        for frame in frames:
            if frame.speakers:
                self.history.append(SpeakerRef(frame.speakers, sent.index))
        self._track_quote(sent, frames)
        return statements

    # -- frames and speakers --------------------------------------------------------------------

    def _frames(self, sent: _Sentence) -> list[Frame]:
        according = self._according_to(sent)
        used: set[int] = {id(p) for p in according}
        frames: list[Frame] = []
        speech_cues = [c for c in sent.cues if c.cls in SPEECH_LIKE]
        self.unknown_speaker = False
        for cue in speech_cues:
            if self._reported_content(sent, cue, frames):
                continue
            if _preceding_word(self.text, cue.start, sent.start) in g.NEGATION - {"غير"} and \
                    (frames or not self._attribution_ma(sent, cue)):
                # "ولم يصدر أي تعليق من باكو": nothing was said; "قال X، وفق ما نقلته وكالة Y، إن":
                # the attribution only names the source of X's words
                continue
            speakers, how, subj_end = self._subject(sent, cue, frames, according, used)
            if speakers is None:
                continue
            region_start = max(head_end(self.text, cue), subj_end)
            frames.append(Frame(cue, speakers, how, (region_start, sent.end)))
            used.update(id(p) for p in speakers)
        frames = self._statement_nouns(sent, frames, used)
        frames = self._nested_bearers(sent, frames)
        self.nominal = self._nominal_accusations(sent, used)
        # a region ends where the next frame with a speaker of its own begins; a verb inside a
        # parenthetical relative clause of the speaker ("وأضاف المصدر، الذي طلب عدم الكشف عن هويته،
        # أن …") does not end the region of the verb it interrupts
        for i, frame in enumerate(frames):
            frame.reach = next((f.cue.start for f in frames[i + 1:] if f.how in ("explicit", "anaphor")),
                               frame.region[1])
            nxt = None
            for f in frames[i + 1:]:
                clause_end = self._parenthetical(sent, f)
                if clause_end is None or frame.cue.cls != "speech" or \
                        g.words(self.text[frame.region[0]:f.cue.start])[:-1]:
                    nxt = f
                    break
                frame.region = (max(frame.region[0], clause_end), frame.region[1])
            if nxt is not None:
                frame.region = (frame.region[0], min(frame.region[1], nxt.cue.start))
            frame.region = self._relative_clause(sent, frame)
            frame.region = self._back_reference(sent, frame)
        if not frames and not according:
            colon = self._colon_attribution(sent)
            if colon is not None:
                frames.append(colon)
        if according:
            cue = next(c for c in sent.cues if c.cls == "according_to")
            end = frames[0].cue.start if frames else sent.end
            if not frames or g.words(self.text[sent.start:cue.start] + " " + self.text[cue.end:end]):
                # "كما أن X، وفقا له، لم …، مؤكدا …": the attribution covers what precedes the verb
                frames.insert(0, Frame(cue, according, "according_to", (sent.start, end)))
        if not frames and self.open_quote:
            frames.append(Frame(_PseudoCue(sent.start), self.open_quote, "quote", (sent.start, sent.end)))
        elif not frames and self._starts_with_quote(sent) and self.history \
                and sent.index - self.history[-1].sentence <= 1:
            # a paragraph that opens with a quote goes on quoting the last speaker
            frames.append(Frame(_PseudoCue(sent.start), self.history[-1].parties, "quote",
                                (sent.start, sent.end)))
        return frames

    def _colon_attribution(self, sent: _Sentence) -> Frame | None:
        """"أذربيجان: أرمينيا قصفت مواقعنا": a sentence (typically a headline) that opens with a party
        and a colon gives that party's words."""
        if not sent.parties:
            return None
        p = sent.parties[0]
        lead = g.words(self.text[sent.start:p.start])
        m = re.match(r"\s*:", self.text[p.end:sent.end])
        if m is None or lead:
            return None
        group = self._coordinated_from(sent, p)
        return Frame(_PseudoCue(p.start), group, "explicit", (p.end + m.end(), sent.end))

    def _reported_content(self, sent: _Sentence, cue: Any, frames: list[Frame]) -> bool:
        """"قال X إن أذربيجان تشوه … وتتحدث عن …": an imperfect verb after the complementiser of an
        earlier verb is part of what was said, not a new speech act (unless its subject is named)."""
        if getattr(cue, "form", None) != "imperfect":
            return False
        if cue.cls in ("accuse", "condemn", "hold_responsible") and \
                _preceding_word(self.text, cue.start, sent.start) in g.SELF_COMPLEMENTISERS and \
                any(_gender_ok(cue_gender(cue), f.speakers[-1].agreement,
                               f.speakers[-1].actor.type == "person") for f in frames[-1:]):
            return False  # "قالت الوزارة إنها تدين …": the speaker's own act of blame
        for f in frames:
            a, b = f.region
            if a <= cue.start < b and any(w in g.COMPLEMENTISERS
                                          for w in _gap_words(self.text, a, cue.start)):
                before = [p for p in sent.parties if f.region[0] <= p.end <= cue.start]
                return not (before and len(_gap_words(self.text, before[-1].end, cue.start)) == 0)
        return False

    def _statement_nouns(self, sent: _Sentence, frames: list[Frame], used: set[int]) -> list[Frame]:
        """"وجاء في بيان وزارة الدفاع X، أن …", "بيان X: «…»": a statement noun with its issuer in the
        genitive, followed by the reported words, is a speech act of that issuer."""
        out = list(frames)
        for cue in sent.cues:
            if cue.cls != "speech" or getattr(cue, "form", None) not in ("noun", "masdar"):
                continue
            if any(f.cue.start <= cue.start < f.region[1] for f in frames):
                continue  # inside reported words, or the object of a verb already read
            owner = next((p for p in sent.parties if p.start >= cue.end), None)
            if owner is None or id(owner) in used or _gap_words(self.text, cue.end, owner.start):
                continue
            ws = g.WORD.findall(self.text[owner.end:min(sent.end, owner.end + 20)])
            lead = self.text[owner.end:owner.end + 3]
            if not (ws and g.norm_word(ws[0]) in g.COMPLEMENTISERS) and not any(ch in lead for ch in ":«“\""):
                continue
            out.append(Frame(cue, (owner,), "explicit", (owner.end, sent.end)))
            used.add(id(owner))
        out.sort(key=lambda f: f.cue.start)
        return out

    def _nominal_accusations(self, sent: _Sentence, used: set[int]) -> list[Frame]:
        """"اتهام باشينيان … من قبل أذربيجان", "اتهامات أذربيجان … ضد أرمينيا": an accusation noun with
        its accuser in the genitive right after it; the accused is the next party of another state
        (after ضد / من قبل / لـ as well). Read apart from the sentence's speech frames."""
        out: list[Frame] = []
        for cue in sent.cues:
            if cue.cls not in ("accuse", "condemn") or getattr(cue, "form", None) not in ("masdar", "noun"):
                continue
            owner = next((p for p in sent.parties if p.start >= cue.end), None)
            if cue.cls == "condemn" and (owner is None or not sent.heading or g.WORD.search(
                    self.text, owner.start, owner.end) is None or g.norm_word(g.WORD.search(
                    self.text, owner.start, owner.end).group()).startswith("ال")):
                continue  # "إدانة تركية للهجوم الأرميني": a headline, the condemner as an adjective
            if (owner is None or id(owner) in used or self.text[cue.end:owner.start].strip()
                    or not self.text[owner.start - 1:owner.start].isspace()):
                directed = self._directed_accusation(sent, cue, owner, used)
                if directed is not None:
                    out.append(directed)
                continue
            end = min((c.start for c in sent.cues if c.start > owner.end and c.cls in SPEECH_LIKE),
                      default=sent.end)
            frame = Frame(cue, (owner,), "nominal", (owner.end, end))
            for p in sent.parties:
                if owner.end <= p.start < end and p.country and p.country != owner.country \
                        and len(_gap_words(self.text, owner.end, p.start)) <= 8:
                    frame.targets.append((p, "condemn" if cue.cls == "condemn" else "accuse", 0.5))
                    break
            out.append(frame)
        return out

    def _directed_accusation(self, sent: _Sentence, cue: Any, accused: Party | None,
                             used: set[int]) -> Frame | None:
        """"وجهت أرمينيا اتهامات لأذربيجان بـ…": an accusation noun addressed with لـ to a party, the
        accuser being the party just before the noun (the subject of وجه/ساق/كال)."""
        if accused is None or self.text[accused.start - 1:accused.start] != "ل" \
                or _gap_words(self.text, cue.end, accused.start):
            return None
        accuser = next((p for p in reversed(sent.parties) if p.end <= cue.start), None)
        if accuser is None or id(accuser) in used or accuser.country == accused.country or \
                len(_gap_words(self.text, accuser.end, cue.start)) > 1 or \
                _after_victim_prep(self.text, accuser, sent.start):
            return None
        frame = Frame(cue, (accuser,), "nominal", (accused.start, accused.end))
        frame.targets.append((accused, "accuse", 0.6))
        return frame

    def _parenthetical(self, sent: _Sentence, frame: Frame) -> int | None:
        """The end of the relative clause set off by commas or dashes ("، الذي طلب …،") that holds
        the frame's verb, or None."""
        if _preceding_word(self.text, frame.cue.start, sent.start) not in g.RELATIVE_PRONOUNS:
            return None
        before = self.text[sent.start:frame.cue.start].rstrip()
        rel = before.rsplit(None, 1)[0].rstrip() if len(before.split()) > 1 else ""
        if not rel.endswith(("،", ",", "–", "—", "(")):
            return None
        m = re.compile(r"[،,–—)]").search(self.text, frame.cue.end, sent.end)
        return m.end() if m else None

    def _relative_clause(self, sent: _Sentence, frame: Frame) -> tuple[int, int]:
        """"باشينيان – الذي تعتبره روسيا الداعم … –": a verb in a relative clause reports only up
        to the end of that clause."""
        prev = _preceding_word(self.text, frame.cue.start, sent.start)
        if prev not in g.RELATIVE_PRONOUNS:
            return frame.region
        a, b = frame.region
        m = re.search(r"[،,–—)\-]", self.text[a:b])
        return (a, a + m.start()) if m else frame.region

    def _nested_bearers(self, sent: _Sentence, frames: list[Frame]) -> list[Frame]:
        """"أعلنت X أن Y تتحمل المسؤولية": Y bears the blame X lays; Y is not a speaker."""
        keep: list[Frame] = []
        for frame in frames:
            outer = next((f for f in keep if f.region[0] <= frame.speakers[0].start < f.region[1]), None)
            if (outer is not None and frame.cue.cls == "hold_responsible" and frame.how == "explicit"
                    and frame.speakers[0].end <= frame.cue.start
                    and not self._object(sent, frame, self._candidates(sent, frame), 3)):
                outer.targets.extend((p, "hold_responsible", 0.8) for p in frame.speakers)
                continue
            keep.append(frame)
        return keep

    def _back_reference(self, sent: _Sentence, frame: Frame) -> tuple[int, int]:
        """"أعلن بذلك X" / "…”، قال X" / "…، حسبما أعلنت X": the reported words stand before the verb."""
        a, b = frame.region
        attribution = next((c for c in sent.cues if c.cls == "according_to" and c.end <= frame.cue.start
                            and all(w in g.ATTRIBUTION_LEAD
                                    for w in g.words(self.text[c.end:frame.cue.start]))), None)
        if attribution is not None:
            if g.words(self.text[sent.start:attribution.start]):
                return (sent.start, attribution.start)
            # "وحسبما أفادت X، فإن …": the attribution opens the sentence, the words follow it
            return frame.region
        next_word = g.WORD.search(self.text, frame.cue.end, min(sent.end, frame.cue.end + 12))
        if next_word is not None and g.norm_word(next_word.group()) in g.BACK_REFERENCE:
            return (sent.start, frame.cue.start)  # "أعلن بذلك X"
        before_quotes = [q for q in sent.quotes if q[1] <= frame.cue.start]
        if before_quotes and len(g.words(self.text[a:b])) <= 1:
            return (before_quotes[-1][0], frame.cue.start)  # "«…»، قال X"
        return frame.region

    def _starts_with_quote(self, sent: _Sentence) -> bool:
        head = self.text[sent.start:sent.start + 3].lstrip()
        return bool(head) and head[0] in "«“"

    def _track_quote(self, sent: _Sentence, frames: list[Frame]) -> None:
        """A quote opened and not closed in this sentence keeps its speaker for the next ones."""
        seg = self.text[sent.start:sent.end]
        opens = sum(seg.count(c) for c in "«“")
        closes = sum(seg.count(c) for c in "»”")
        if opens > closes and frames:
            self.open_quote = frames[-1].speakers
        elif closes > opens or (frames and frames[-1].how != "quote"):
            self.open_quote = None

    def _according_to(self, sent: _Sentence) -> tuple[Party, ...]:
        for cue in sent.cues:
            if cue.cls != "according_to":
                continue
            anaphor = self._anaphor_after(cue.end, sent)
            if anaphor is not None:
                return anaphor
            for p in sent.parties:
                gap = _gap_words(self.text, cue.end, p.start)
                # "وفقا لبيان صادر عن X", "بحسب تصريحات لمصادر في X": the source named after the noun
                if p.start >= cue.end and (len(gap) <= 1 or (len(gap) <= 4 and all(
                        w in g.ATTRIBUTION_GAP_OK for w in gap))) \
                        and not _has_break(self.text, cue.end, p.start):
                    if p.actor.type == "agency":
                        return self._relayed_source(sent, p) or self._coordinated_from(sent, p)
                    return self._coordinated_from(sent, p)
            known = self._same_institution(sent, cue.end)
            if known is not None:
                return known  # "نقلت وكالة أذرتاج عن وزارة الدفاع": a ministry without its state
            # "وفقا له" / "بحسبها": the pronoun points at the last speaker of that gender
            ws = g.WORD.findall(self.text[cue.end:cue.end + 8])
            pron = g.norm_word(ws[0]) if ws else ""
            if pron in ("له", "لها", "لهم") or g.norm_word(cue.surface).endswith(("ه", "ها")):
                gender = "f" if pron.endswith("ها") or g.norm_word(cue.surface).endswith("ها") else "m"
                for ref in reversed(self.history):
                    if sent.index - ref.sentence > _CARRY_SENTENCES:
                        break
                    if self._agrees(ref.parties, gender):
                        return ref.parties
        return ()

    def _coordinated_from(self, sent: _Sentence, first: Party) -> tuple[Party, ...]:
        group = [first]
        idx = sent.parties.index(first)
        for p in sent.parties[idx + 1:]:
            if p.coordinated:
                group.append(p)
            else:
                break
        return tuple(group)

    def _anaphor_after(self, pos: int, sent: _Sentence) -> tuple[Party, ...] | None:
        ws = g.WORD.findall(self.text[pos:min(sent.end, pos + 20)])
        if not ws:
            return None
        w = g.norm_word(ws[0])
        if w.startswith("لل") and "ال" + w[2:] in g.ANAPHORIC_SPEAKER:
            w = "ال" + w[2:]  # لل = لـ + الـ
        elif w.startswith(("ل", "و", "ف")) and w[1:] in g.ANAPHORIC_SPEAKER:
            w = w[1:]
        if w not in g.ANAPHORIC_SPEAKER:
            return None
        first = g.WORD.search(self.text, pos, sent.end)
        if first is not None and any(p.start <= first.start() and p.end > first.end()
                                     and p.actor.type != "state" for p in sent.parties):
            return None  # "المتحدثة باسم وزارة الدفاع الأرمينية": the noun heads a named party
        gender = "f" if w.endswith("ة") else "m"  # "وأضاف البيان … ولفت": the noun agrees, not the body
        # "الوزارة الأرمينية": a nisba after the noun names the state the body belongs to
        words = list(g.WORD.finditer(self.text, pos, min(sent.end, pos + 40)))
        nisba = next((p for p in sent.parties if len(words) > 1 and p.start == words[1].start()
                      and p.actor.type == "state"), None)
        for ref in reversed(self.history):
            if sent.index - ref.sentence > 2 * _CARRY_SENTENCES:
                break
            if w == "الوزارة" and "ministry" not in ref.parties[0].actor.key.lower() \
                    and "ministry" not in ref.parties[0].actor.label_en.lower():
                continue
            if nisba is not None and ref.parties[0].country != nisba.country:
                continue
            return tuple(replace(p, gender=gender) for p in ref.parties)
        if nisba is not None:
            return (replace(nisba, gender=gender),)
        return None

    def _anaphor_end(self, sent: _Sentence, pos: int) -> int:
        """End of an anaphoric speaker phrase: "البيان", "المتحدثة باسم الوزارة شوشان ستيبانيان"."""
        words = list(g.WORD.finditer(self.text, pos, sent.end))
        if not words:
            return pos
        end, i = words[0].end(), 1
        if i < len(words) and g.norm_word(words[i].group()) == "باسم" and i + 1 < len(words):
            end, i = words[i + 1].end(), i + 2
            # up to two words of a name the gazetteer does not know
            for w in words[i:i + 2]:
                nw = g.norm_word(w.group())
                if (w.group().startswith("ال") or nw in g.COMPLEMENTISERS or nw in g.VICTIM_PREPS
                        or _has_break(self.text, end, w.start())
                        or any(p.start == w.start() for p in sent.parties)):
                    break
                end = w.end()
        return end

    def _subject(self, sent: _Sentence, cue: Any, frames: list[Frame], according: tuple[Party, ...],
                 used: set[int]) -> tuple[tuple[Party, ...] | None, str, int]:
        text = self.text
        form = (getattr(cue, "form", None) or "").lower()
        gender = cue_gender(cue)
        number = cue_number(cue)
        participle = form == "participle" or (form == "phrase" and self._participle_head(cue))
        noun = form in ("noun", "masdar")
        if noun:
            return None, "", 0
        in_quote = any(a < cue.start < b for a, b in sent.quotes)
        verb_end = head_end(text, cue)
        # "نحمّل باكو المسؤولية"، "ندين": a first person plural has no subject of its own in the
        # sentence (the party after it is its object): the speaker is the one quoted
        own = self._own_country_subject(sent, cue, frames)
        if own is not None:
            return own, "carried", verb_end
        if not participle and not self._first_person(cue):
            # subject before the verb (headline style, "وكانت يريفان أعلنت")
            before = [p for p in sent.parties if p.end <= cue.start and id(p) not in used]
            if before and not self._conjoined_verb(cue):
                p = before[-1]
                gap = _gap_words(text, p.end, cue.start)
                if (len(gap) <= 2 and all(w in g.PREPOSED_GAP_OK for w in gap)
                        and not _has_break(text, p.end, cue.start, ":؛.!?؟\n")
                        and ("،" not in text[p.end:cue.start] or gap == ["قد"])
                        and _preceding_word(text, p.start, sent.start) not in g.VICTIM_PREPS
                        and (form == "imperfect" or getattr(cue, "form", None) == "phrase"
                             or _gender_ok(gender, p.actor.gender, p.actor.type == "person"))):
                    group = self._group_ending(sent, p)
                    return group, "explicit", verb_end
            passive = self._passive_issuer(sent, cue, verb_end, according, used)
            if passive is not None:
                return passive, "explicit", verb_end
            if form == "perfect" and "\u064f" in cue.surface[:5]:
                return None, "", 0  # "اتُّهمت أذربيجان بـ…" with nobody named as the accuser
            relay = self._relay_after_verb(sent, cue, verb_end, used)
            if relay is not None:
                return relay, "explicit", relay[-1].end
            # subject after the verb
            for p in sent.parties:
                if p.start < verb_end or id(p) in used:
                    continue
                gap = _gap_words(text, verb_end, p.start)
                unknown = [w for w in gap if w not in g.SUBJECT_GAP_OK and not w.isdigit()]
                # "أعلنت في موسكو": a party right after في is a place, not the subject
                if len(gap) > 4 or any(w in g.COMPLEMENTISERS for w in gap) or gap[-1:] == ["في"] or \
                        any(w not in g.SPEAKER_HEADS for w in unknown) or \
                        _has_break(text, verb_end, p.start):
                    break
                heads = [w for w in gap if w in g.SPEAKER_HEADS]  # the head, not the state, agrees
                # a verb of saying takes no object: the party after it is its subject whatever the
                # gender (outlets write "وقال بيربوك")
                lax = cue.cls == "speech" and not gap
                lax = lax or gap[-2:] == ["كل", "من"]  # "ندد كل من ألمانيا وإيطاليا": كل agrees
                if not (heads or lax or _gender_ok(gender, self._head_gender(p), p.actor.type == "person")):
                    break
                if self._accused_not_accuser(sent, cue, p) or \
                        self._object_of_continued_verb(sent, cue, p, frames):
                    break
                group = self._coordinated_from(sent, p)
                if p.actor.type == "agency":
                    group = self._relayed_source(sent, group[-1]) or group
                if heads:
                    head_gender = "f" if heads[0].endswith("ة") else "m"
                    group = tuple(replace(q, gender=head_gender) for q in group)
                return group, "explicit", group[-1].end
            anaphor = self._anaphor_after(verb_end, sent)
            if anaphor is not None:
                return anaphor, "anaphor", self._anaphor_end(sent, verb_end)
            known = self._same_institution(sent, verb_end)
            if known is not None:
                return known, "anaphor", verb_end
            if self._unknown_subject(sent, cue, verb_end):
                headed_party = self._headed_party(sent, verb_end, used)
                if headed_party is None:
                    self.unknown_speaker = True
                    return None, "", 0
                return (headed_party,), "explicit", headed_party.end
        # implicit subject: same sentence first (participles, "وقالت" after "أدانت X"), then earlier
        for f in reversed(frames):
            if self._agrees(f.speakers, gender, number):
                return f.speakers, "carried", verb_end
        if not frames and (participle or self._coordinated_verb(sent, cue)):
            main = self._main_clause_subject(sent, cue, gender)
            if main is not None:
                return main, "carried", verb_end
        source = self._statement_source(sent, cue, gender)
        if source is not None:
            return source, "carried", verb_end
        if according:
            return according, "according_to", verb_end
        if in_quote and self.open_quote:
            return self.open_quote, "quote", verb_end
        if self._opens_sentence_bare(sent, cue):
            self.unknown_speaker = True
            return None, "", 0  # "قال لورانس برويرز …": a new, unknown speaker, not the last one
        if self.unknown_speaker and not frames:
            return None, "", 0  # "قال X (unknown) …، مشيرًا إلى …": the participle is X's too
        for ref in reversed(self.history):
            if sent.index - ref.sentence > _CARRY_SENTENCES:
                break
            if self._agrees(ref.parties, gender, number):
                return ref.parties, "carried", verb_end
        return None, "", 0

    def _head_gender(self, p: Party) -> str:
        """The gender the verb agrees with: the head noun of the phrase for bodies and states
        ("ويتهم الجانب الأذربيجاني" m, "اتهمت هيئة الأمن القومي" f), the actor's own otherwise."""
        if p.actor.type == "person":
            return p.actor.gender
        words = g.WORD.findall(self.text[p.start:p.end])
        head = g.norm_word(words[0]) if words else ""
        if head in g.SIDE_HEADS:
            return "m"
        if len(words) > 1 and head.endswith("ة") and p.actor.type not in ("state", "armed_forces"):
            return "f"
        return p.actor.gender

    def _relayed_source(self, sent: _Sentence, agency: Party) -> tuple[Party, ...] | None:
        """"أفادت وكالة سبوتنيك نقلا عن مصدر في وزارة الدفاع الأرمينية": the agency relays; the
        source after نقلا عن is the speaker."""
        for q in sent.parties:
            if q.start < agency.end:
                continue
            gap = _gap_words(self.text, agency.end, q.start)
            if gap[:2] in (["نقلا", "عن"], ["نقلاً", "عن"]) and len(gap) <= 5 and \
                    all(w in g.ATTRIBUTION_GAP_OK or w in ("نقلا", "نقلاً", "مسؤول") for w in gap) and \
                    not _has_break(self.text, agency.end, q.start):
                return self._coordinated_from(sent, q)
            break
        return None

    def _attribution_ma(self, sent: _Sentence, cue: Any) -> bool:
        """"وفق ما أعلنته X", "بحسب ما ذكرت X": ما after a word of attribution is not a negation."""
        before = g.words(self.text[max(sent.start, cue.start - 25):cue.start])
        return len(before) >= 2 and before[-1] == "ما" and before[-2] in g.ATTRIBUTION_BEFORE_MA

    def _passive_issuer(self, sent: _Sentence, cue: Any, verb_end: int, according: tuple[Party, ...],
                        used: set[int]) -> tuple[Party, ...] | None:
        """"اتُّهمت أذربيجان بقصف …، وفق ما أعلنته X", "حُمّلت يريفان المسؤولية … في بيان صادر عن X":
        a blame verb whose only party is followed at once by بـ / المسؤولية is passive (the active
        verb needs a subject and an object); the party is the one blamed, and the issuer named by an
        attribution in the sentence is the speaker. Without an issuer, nothing changes."""
        lemma = g.words(getattr(cue, "lemma", "") or "")
        if not lemma or lemma[0] not in g.PASSIVE_BLAME_LEMMAS or \
                getattr(cue, "form", None) not in ("perfect", "phrase"):
            return None
        patient = next((p for p in sent.parties if p.start >= verb_end), None)
        if patient is None or _gap_words(self.text, verb_end, patient.start):
            return None
        nxt = g.WORD.search(self.text, patient.end, sent.end)
        if nxt is None or _has_break(self.text, patient.end, nxt.start()):
            return None
        word = g.norm_word(nxt.group())
        charge = len(word) > 3 and word[0] == "ب" and word not in g.ADVERBS_OF_BLAME
        if not (word in g.RESPONSIBILITY or charge):
            return None
        if according:
            return according
        for q in sent.parties:
            if q.start <= patient.end or id(q) in used:
                continue
            if g.ISSUER_LEAD.search(self.text[max(sent.start, q.start - 20):q.start]):
                return self._coordinated_from(sent, q)
        return None

    def _relay_after_verb(self, sent: _Sentence, cue: Any, verb_end: int,
                          used: set[int]) -> tuple[Party, ...] | None:
        """"نقلت وكالة X (الروسية للأنباء) عن مصدر في وزارة Y قوله إن …": a verb of relaying names
        the outlet first and the source after عن; the source is the speaker, whatever the outlet."""
        if g.norm_word(getattr(cue, "lemma", "") or "") not in g.RELAY_LEMMAS:
            return None
        m = re.compile(r"(?<!\w)عن(?!\w)").search(self.text, verb_end, sent.end)
        if m is None or _has_break(self.text, verb_end, m.start(), ":؛.!?؟\n،") or \
                len(_gap_words(self.text, verb_end, m.start())) > 7 or \
                any(w in g.COMPLEMENTISERS for w in _gap_words(self.text, verb_end, m.start())):
            return None
        for q in sent.parties:
            if q.start < m.end() or id(q) in used:
                continue
            gap = _gap_words(self.text, m.end(), q.start)
            if len(gap) <= 4 and all(w in g.ATTRIBUTION_GAP_OK or w in g.SPEAKER_HEADS for w in gap) and \
                    not _has_break(self.text, m.end(), q.start):
                return self._coordinated_from(sent, q)
            break
        return None

    def _own_country_subject(self, sent: _Sentence, cue: Any,
                             frames: list[Frame]) -> tuple[Party, ...] | None:
        """"قال X إن بلاده تحمّل أذربيجان المسؤولية": "his country" right before the verb is the
        state of the speaker of the sentence."""
        if _preceding_word(self.text, cue.start, sent.start) not in g.OWN_COUNTRY or not frames:
            return None
        country = next((p.country for p in frames[-1].speakers if p.country), None)
        party = self._state_party(country, cue.start) if country else None
        return (party,) if party is not None else None

    def _first_person(self, cue: Any) -> bool:
        """Is the cue's verb a first person plural imperfect (نتهم، ندين، ونحمل)? The lexicon gives
        those forms no gender or number."""
        if cue_gender(cue) is not None or cue_number(cue) is not None:
            return False
        m = g.WORD.search(cue.surface)
        readings = getattr(self.knowledge, "cue_readings", None)
        if m is None or readings is None:
            return False
        rs = readings(m.group())
        return bool(rs) and all(r[4] == "imperfect" and r[2] is None for r in rs)

    def _participle_head(self, cue: Any) -> bool:
        """"محملة أرمينيا مسؤولية": a phrase cue headed by a participle has the subject of the clause
        it hangs on, not the party inside the phrase."""
        m = g.WORD.search(cue.surface)
        readings = getattr(self.knowledge, "cue_readings", None)
        if m is None or readings is None:
            return False
        rs = readings(m.group())
        return bool(rs) and all(r[4] == "participle" for r in rs)

    @staticmethod
    def _conjoined_verb(cue: Any) -> bool:
        """"رفضت باكو الاتهامات الأرمينية ووصفتها": a verb joined by و/ف continues an earlier subject;
        the party right before it is not its subject."""
        surface = g.norm_word(g.WORD.search(cue.surface).group()) if g.WORD.search(cue.surface) else ""
        lemma = g.norm_word(getattr(cue, "lemma", "") or "")
        if getattr(cue, "form", None) not in ("perfect", "imperfect") or len(surface) < 3:
            return False
        # (not ف: "أما X فقال" has X for its subject)
        return surface[0] == "و" and (not lemma.startswith("و") or surface[1] == "و")

    def _opens_sentence_bare(self, sent: _Sentence, cue: Any) -> bool:
        """A verb that opens its sentence without و/ف/كما/ثم: Arabic continues the last speaker with a
        conjunction ("وأضاف", "كما أشار"), so a bare opening verb has a subject of its own."""
        if g.words(self.text[sent.start:cue.start]):
            return False
        bare = g.norm_word(cue.surface)
        return not bare.startswith(("و", "ف")) and getattr(cue, "form", None) != "participle"

    def _object_of_continued_verb(self, sent: _Sentence, cue: Any, p: Party, frames: list[Frame]) -> bool:
        """"أعرب X عن قلقه وحث البلدين…", "… وطلب الرئيس علييف يوقف …": a blame or call verb joined
        by و to an earlier verb of the sentence keeps its subject when a single party follows it —
        that party is its object (a new subject would come with an object of its own)."""
        if cue.cls not in ("call", "accuse", "condemn", "hold_responsible") or not frames:
            return False
        if not self._coordinated_verb(sent, cue):
            return False
        if not any(self._agrees(f.speakers, cue_gender(cue), cue_number(cue)) for f in frames):
            return False
        nxt = next((q for q in sent.parties if q.start >= p.end), None)
        return nxt is None or len(_gap_words(self.text, p.end, nxt.start)) > 0

    def _accused_not_accuser(self, sent: _Sentence, cue: Any, p: Party) -> bool:
        """"واتهمت يريفان بانتهاك الهدنة": اتهم always takes an object, so a lone party followed by
        the بـ of the charge is the accused, and the subject is implicit."""
        if cue.cls != "accuse" or g.norm_word(getattr(cue, "lemma", "") or "") not in g.TRANSITIVE_BLAME:
            return False
        nxt = g.WORD.search(self.text, p.end, min(sent.end, p.end + 30))
        if nxt is not None and g.norm_word(nxt.group()).endswith("ا") and \
                not self.text[p.end:nxt.start()].strip(" \u00a0") and \
                not any(q.start <= nxt.start() < q.end for q in sent.parties):
            nxt = g.WORD.search(self.text, nxt.end(), min(sent.end, nxt.end() + 30))  # an adverb (مرارا)
        if nxt is None or self.text[p.end:nxt.start()].strip(" \u00a0") and \
                g.words(self.text[p.end:nxt.start()]) == []:
            return False
        w = g.norm_word(nxt.group())
        return w.startswith("ب") and not any(q.start == nxt.start() or q.start == nxt.start() + 1
                                             for q in sent.parties)

    def _same_institution(self, sent: _Sentence, verb_end: int) -> tuple[Party, ...] | None:
        """"كما قالت وزارة الخارجية أن …" without a nationality: the ministry last heard from whose
        Arabic name begins with the same words."""
        ws = [g.norm_word(w) for w in g.WORD.findall(self.text[verb_end:min(sent.end, verb_end + 40)])[:2]]
        if len(ws) < 2 or ws[0] not in g.INSTITUTION_HEADS:
            return None
        # "وزارة الخارجية أن" names the ministry by two words; "الخارجية في بيان" by one
        one_word = ws[1] in g.SUBJECT_GAP_OK or ws[1] in g.COMPLEMENTISERS or ws[1] in g.VICTIM_PREPS
        for ref in reversed(self.history):
            if sent.index - ref.sentence > 2 * _CARRY_SENTENCES:
                break
            for p in ref.parties:
                label = g.words(p.actor.label_ar)
                if (ws[0] in label) if one_word else (label[:2] == ws):
                    return (p,)
        return self._dateline_institution(sent, verb_end, ws, one_word)

    def _dateline_institution(self, sent: _Sentence, verb_end: int, ws: list[str],
                              one_word: bool) -> tuple[Party, ...] | None:
        """"يريفان - أرمنبرس … أفادت وزارة الدفاع بأن …": a ministry named without its state, with
        no earlier mention to point back to, belongs to the state of the dateline — only when that
        state is one of the article's two main parties (a wire from a third capital may quote any
        ministry) and the dateline names no other state."""
        if one_word or ws[0] != "وزارة":
            return None
        # "نقلت وكالة أذرتاج عن وزارة الدفاع": a state agency quoting a ministry of its own state
        agency = next((p.country for p in reversed(sent.parties) if p.end <= verb_end
                       and p.actor.type == "agency"), None)
        if agency is not None:
            iso = agency if (len(self.main_parties) == 2 and agency in self.main_parties) else None
        else:
            iso = self._dateline_state()
        state = self._state(iso) if iso else None
        find = getattr(self.knowledge, "find_actors", None)
        if state is None or find is None:
            return None
        found = [m for m in find(f"{ws[0]} {ws[1]} في {state.label_ar}") if m.start == 0]
        if not found or found[0].actor.country != iso or found[0].actor.type == "state":
            return None
        words = list(g.WORD.finditer(self.text, verb_end, min(sent.end, verb_end + 40)))[:2]
        return (Party(found[0].actor, words[0].start(), words[1].end(), gender="f"),)

    def _dateline_state(self) -> str | None:
        if self._dateline_iso is None:
            self._dateline_iso = ""
            for sent in self.sentences[:4]:
                seg = self.text[sent.start:sent.end]
                if len(g.words(seg)) > 6 or not re.search(r"[-–(]", seg):
                    continue
                states = [p for p in sent.parties if p.actor.type == "state"]
                if states and len({p.country for p in states}) == 1 and \
                        not g.words(self.text[sent.start:states[0].start]):
                    if states[0].country in self.main_parties and len(self.main_parties) == 2:
                        self._dateline_iso = states[0].country or ""
                    break
        return self._dateline_iso or None

    def _unknown_subject(self, sent: _Sentence, cue: Any, verb_end: int) -> bool:
        """Is the verb followed by a subject the gazetteer does not know ("وقال مستشار …",
        "وقالت ماري دومولين")? Then the speaker is not carried over from an earlier sentence.

        After a verb of saying an implicit subject is followed by a complementiser, a colon or
        quote, a preposition or a time word; a speaker head (مسؤول، مستشار…) or, after قال (which
        takes no object), any other word is a subject of its own."""
        ws = g.WORD.findall(self.text[verb_end:min(sent.end, verb_end + 60)])
        if not ws or _has_break(self.text, verb_end, verb_end + self.text[verb_end:].find(ws[0])):
            return False
        first = g.norm_word(ws[0])
        if not first:  # a "word" of diacritics only
            return False
        if first in g.SPEAKER_HEADS:
            return True
        first_at = verb_end + self.text[verb_end:].find(ws[0])
        if any(p.start <= first_at < p.end or p.start == first_at + 1 for p in sent.parties):
            return False  # a known party, already read as subject or object
        lemma = g.norm_word(getattr(cue, "lemma", "") or "")
        attributed = _preceding_word(self.text, cue.start, sent.start) in g.ATTRIBUTION_LEAD
        if first in g.COMPLEMENTISERS or not (lemma == "قال" or attributed
                                              or lemma in g.SAY_LEMMAS and first.startswith("ال")):
            return False
        return not (first in g.SUBJECT_GAP_OK or first in g.VICTIM_PREPS or first in g.BACK_REFERENCE
                    or first[0] in "بلف" and len(first) > 3 or first.isdigit())

    def _headed_party(self, sent: _Sentence, verb_end: int, used: set[int]) -> Party | None:
        """"قال مستشار السياسة الخارجية للرئيس الأذربيجاني": the state of the party that follows the
        head within a few words (the person is unknown, the side is not)."""
        for p in sent.parties:
            if p.start < verb_end or id(p) in used:
                continue
            gap = _gap_words(self.text, verb_end, p.start)
            if len(gap) > 6 or any(w in g.COMPLEMENTISERS for w in gap) or \
                    _has_break(self.text, verb_end, p.start, ":؛.!?؟\n" + g.QUOTE_OPEN):
                return None
            if p.country:
                state = self._state(p.country)
                return Party(state, p.start, p.end) if state is not None else p
            return p
        return None

    def _statement_source(self, sent: _Sentence, cue: Any, gender: str | None) -> tuple[Party, ...] | None:
        """"وعودة لبيان وزارة الخارجية X، حيث قالت إن …": a party named earlier in the sentence as the
        owner of a statement (a speech noun right before it) is the subject of the verb."""
        for other in sent.cues:
            if other.start >= cue.start:
                break
            if other.cls != "speech" or getattr(other, "form", None) not in ("noun", "masdar"):
                continue
            owner = next((p for p in sent.parties if other.end <= p.start < cue.start), None)
            if owner is not None and not _gap_words(self.text, other.end, owner.start) and \
                    _gender_ok(gender, owner.actor.gender, owner.actor.type == "person"):
                return (owner,)
        return None

    def _coordinated_verb(self, sent: _Sentence, cue: Any) -> bool:
        """"أعرب X عن قلقه وأدان …": a verb joined by و inside a sentence shares the first subject."""
        glued = g.norm_word(cue.surface).startswith("و") or self.text[cue.start - 1:cue.start] == "و"
        return cue.start > sent.start + 2 and glued

    def _main_clause_subject(self, sent: _Sentence, cue: Any, gender: str | None) -> tuple[Party, ...] | None:
        """"علّقت الخارجية X على … قائلةً": a circumstantial participle refers to the subject of the
        main verb, the party near the start of the sentence (after at most two words)."""
        for p in sent.parties:
            if p.start >= cue.start:
                return None
            lead = _gap_words(self.text, sent.start, p.start)
            if len(lead) > 2 or any(w in g.VICTIM_PREPS or w in g.COMPLEMENTISERS for w in lead):
                return None
            if _gender_ok(gender, p.actor.gender, p.actor.type == "person"):
                return self._coordinated_from(sent, p)
            return None
        return None

    def _group_ending(self, sent: _Sentence, last: Party) -> tuple[Party, ...]:
        idx = sent.parties.index(last)
        group = [last]
        while idx > 0 and sent.parties[idx].coordinated:
            idx -= 1
            if _after_victim_prep(self.text, sent.parties[idx], sent.start):
                break  # "المواجهات مع أذربيجان وأرمينيا تعلن": the first is not a subject
            group.insert(0, sent.parties[idx])
        return tuple(group)

    @staticmethod
    def _agrees(parties: tuple[Party, ...], gender: str | None, number: str | None = None) -> bool:
        if number == "sg" and len(parties) > 1:
            return False
        if number in ("du", "pl") and len(parties) == 1 and parties[0].agreement != "pl":
            return False
        if not gender or gender not in ("m", "f", "pl"):
            return True
        if len(parties) > 1:
            return gender in ("pl", "m", "f")
        a = parties[0].actor
        if gender == "pl":
            return parties[0].agreement == "pl"
        return _gender_ok(gender, parties[0].agreement, a.type == "person")

    # -- targets ---------------------------------------------------------------------------------

    def _candidates(self, sent: _Sentence, frame: Frame) -> list[Party]:
        a, b = frame.region
        speaker_ids = {id(p) for p in frame.speakers}
        # a news agency relays statements; it is never the party blamed
        return [p for p in sent.parties if a <= p.start < b and id(p) not in speaker_ids
                and p.actor.type != "agency"]

    def _resolve_targets(self, sent: _Sentence, frame: Frame) -> None:
        cls = frame.cue.cls
        a, b = frame.region
        cands = self._candidates(sent, frame)
        explicit_conf = 0.9 if frame.how == "explicit" else 0.75
        if cls in ("accuse", "condemn", "hold_responsible"):
            kind = "accuse_explicit" if cls == "accuse" else cls
            window = 7 if cls == "condemn" else 3
            detached = self._pronoun_object(sent, frame) if self._detached_pronoun(frame) else None
            obj = [detached] if detached is not None else self._object(sent, frame, cands, window)
            if cls == "hold_responsible":
                obj = obj or self._blamed_after_ala(sent, frame)
            if obj:
                frame.targets.extend((p, kind, explicit_conf) for p in obj)
                return
            pron = self._pronoun_object(sent, frame)
            if pron is not None:
                frame.targets.append((pron, kind, explicit_conf - 0.15))
                return
            for p, _, conf in self._marker_agents(sent, frame, cands):
                frame.targets.append((p, kind, conf))
            if not frame.targets and cls == "condemn":
                culprit = self._culprit_of_named_back_act(sent, frame)
                if culprit is not None:
                    frame.targets.append((culprit, kind, 0.5))
            if not frame.targets and cls == "hold_responsible":
                frame.targets.extend((p, kind, 0.7) for p in self._bearer(sent, frame))
            return
        if cls == "call":
            obj = self._object(sent, frame, cands, 3)
            obliged = self._obliged(sent, frame, cands)
            region_text = self.text[a:b]
            if g.BOTH_SIDES.search(region_text[:60]) and not obliged:
                frame.other_kind = "call_for_restraint"
                return
            if obliged:
                obj = obliged
            if len({p.country for p in obj} & set(self.main_parties)) == 2:
                frame.other_kind = "call_for_restraint"  # "داعية باكو ويريفان إلى وقف القتال"
                return
            other = self._agent_of_act_to_stop(sent, frame, obj) if obj else None
            if other is not None:
                # "طالب قوات حفظ السلام الروسية بالتدخل لوقف العدوان الأذربيجاني": the party called
                # on is asked to act; the one blamed is the author of the act to be stopped
                frame.targets.append(other)
            elif obj and self._stop_at(sent, a, b) is not None:
                frame.targets.extend((p, "call_to_stop", explicit_conf) for p in obj)
            elif not obj:
                culprit = self._culprit_of_unnamed_act(sent, frame)
                if culprit is not None:
                    frame.targets.append((culprit, "call_to_stop", 0.5))
            if not frame.targets:
                # "طالبت المجتمع الدولي بإدانة العدوان الأذربيجاني": the aggression named is blamed
                named = self._marker_agents(sent, frame, cands)
                frame.targets.extend(t for t in named if t[1] == "describe_as_aggression")
            # a call that blames no one (to dialogue, restraint, help) is still a statement
            frame.other_kind = "call_for_restraint" if g.RESTRAINT.search(region_text) else "announce"
            return
        if cls == "deny":
            owner = self._claim_owner(sent, frame, cands)
            if owner is not None:
                frame.targets.append((owner, "deny", explicit_conf - 0.1))
            return
        if cls in ("concern",):
            frame.other_kind = "concern"
        if cls == "refuse_to_blame":
            frame.other_kind = "refuse_to_blame"
            return
        # speech / describe: blame is inferred from what the reported words say
        for p, kind, conf in self._marker_agents(sent, frame, cands):
            frame.targets.append((p, kind, conf))
        frame.targets.extend((p, "accuse", 0.6) for p in self._negated_opponent(sent, frame, cands))
        obliged = self._obliged(sent, frame, cands)
        if obliged and self._stop_at(sent, a, b) is not None:
            frame.targets.extend((p, "call_to_stop", 0.7) for p in obliged)
        if frame.other_kind is None:
            frame.other_kind = "announce"

    def _negated_opponent(self, sent: _Sentence, frame: Frame, cands: list[Party]) -> list[Party]:
        """One side says the other "did not / does not" do something (لم تلتزم، لا تستجيب): a
        complaint, hence an accusation. Only between the article's two main parties."""
        out = []
        opponents = {self.opponent(p.country) for p in frame.speakers} - {None}
        for p in cands:
            if p.country not in opponents:
                continue
            # "عدم سحب القوات الأرمينية", "عدم التزام أذربيجان": the party does not do what it should
            lead = g.words(self.text[max(frame.region[0], p.start - 25):p.start])
            if len(lead) >= 2 and lead[-2] in g.NEGATION_NOUNS:
                out.append(p)
                continue
            if _after_victim_prep(self.text, p, frame.region[0]):
                continue
            window = self.text[p.end:min(frame.region[1], p.end + 40)]
            for m in g.WORD.finditer(window):
                w = g.norm_word(m.group())
                if w in g.COMPLEMENTISERS or m.start() > 30:
                    break
                if w in g.NEGATION:
                    # "did not comply" complains; "did not shell" exonerates; "لم تحدد عددهم" (the
                    # report does not say how many) says nothing about the party
                    nxt = g.WORD.search(window, m.end())
                    if nxt is not None and g.REPORT_GAPS.match(g.norm_word(nxt.group())):
                        break
                    after = p.end + m.end()
                    if not any(c.cls in MARKERS and after <= c.start <= after + 2 for c in sent.cues):
                        out.append(p)
                    break
        return out

    def _object(self, sent: _Sentence, frame: Frame, cands: list[Party], window: int) -> list[Party]:
        a = frame.region[0]
        reach = max(frame.region[1], frame.reach)
        speaker_ids = {id(p) for p in frame.speakers}
        own = {p.country for p in frame.speakers} - {None}
        for p in (q for q in sent.parties if a <= q.start < reach and id(q) not in speaker_ids):
            if p.country in own:
                continue  # a speaker never blames its own side: look further
            gap = _gap_words(self.text, a, p.start)
            if len([w for w in gap if w not in g.SUBJECT_GAP_OK]) > window:
                break
            if any(w in g.COMPLEMENTISERS for w in gap) or _has_break(self.text, a, p.start, ":؛.!?؟\n"):
                break
            if _after_victim_prep(self.text, p, a):
                continue
            return list(self._coordinated_from(sent, p))
        return []

    def _blamed_after_ala(self, sent: _Sentence, frame: Frame) -> list[Party]:
        """"ألقت باللوم على يريفان", "المسؤولية على X": here على marks the one blamed."""
        a = frame.region[0]
        for p in sent.parties:
            if p.start < a or p.start >= max(frame.region[1], frame.reach):
                continue
            ws = _gap_words(self.text, frame.cue.start, p.start)
            if 0 < len(ws) <= 5 and ws[-1] in ("على", "علي") and \
                    not any(w in g.COMPLEMENTISERS for w in ws):
                return list(self._coordinated_from(sent, p))
        return []

    def _pronoun_object(self, sent: _Sentence, frame: Frame) -> Party | None:
        """"واتهمتها بـ…": the object pronoun is the last party of another state mentioned before."""
        if not has_pronoun_suffix(frame.cue) and not self._detached_pronoun(frame):
            return None
        speaker_countries = {p.country for p in frame.speakers}
        for s in reversed(self.sentences[max(0, sent.index - 2):sent.index + 1]):
            for p in reversed(s.parties):
                if p.start >= frame.cue.start or p.country in speaker_countries or p.country is None:
                    continue
                return p
        return None

    def _detached_pronoun(self, frame: Frame) -> bool:
        """"متهمة إياها بـ…": a detached object pronoun right after the verb."""
        m = g.WORD.search(self.text, frame.cue.end, frame.cue.end + 12)
        return m is not None and not self.text[frame.cue.end:m.start()].strip() \
            and g.norm_word(m.group()) in g.DETACHED_OBJECT

    def _bearer(self, sent: _Sentence, frame: Frame) -> list[Party]:
        """"X تتحمل المسؤولية" said by someone: X (the subject of "bears") is held responsible."""
        before = [p for p in sent.parties if p.end <= frame.cue.start]
        if before and len(_gap_words(self.text, before[-1].end, frame.cue.start)) <= 1:
            return [before[-1]]
        return []

    def _stop_at(self, sent: _Sentence, a: int, b: int) -> int | None:
        """End of the first word asking to stop, end or withdraw (a ``stop`` cue of the lexicon, or
        one of grammar.STOP_REQUEST) in ``[a, b)``."""
        ends = [c.end for c in sent.cues if c.cls == "stop" and a <= c.start < b]
        m = g.STOP_REQUEST.search(self.text, a, b)
        if m is not None:
            ends.append(m.end())
        return min(ends) if ends else None

    def _agent_of_act_to_stop(self, sent: _Sentence, frame: Frame,
                              obj: list[Party]) -> tuple[Party, str, float] | None:
        """The author of the act a call asks to stop, when it is named and is not the party called on
        ("… بالتدخل لوقف العدوان الأذربيجاني")."""
        a, b = frame.region
        stop = self._stop_at(sent, a, b)
        if stop is None:
            return None
        act = next((c for c in sent.cues if c.cls in ("hostile_act", "aggression_noun")
                    and stop <= c.start and len(_gap_words(self.text, stop, c.start)) <= 1), None)
        if act is None:
            return None
        called = {p.country for p in obj} | {p.country for p in frame.speakers}
        agent = next((p for p in sent.parties if p.country and (
            p.start <= act.start < p.end  # "الهجوم الأذربيجاني" named as one mention
            or (act.end <= p.start and not _gap_words(self.text, act.end, p.start)))), None)
        if agent is None or agent.country in called:
            return None
        kind = "describe_as_aggression" if act.cls == "aggression_noun" else "accuse"
        return agent, kind, 0.7

    def _culprit_of_unnamed_act(self, sent: _Sentence, frame: Frame) -> Party | None:
        """"دعا إلى وقف فوري للهجوم": a call to stop a one-sided act (attack, shelling, aggression)
        without naming its author means the party the article has blamed for it most so far."""
        a, b = frame.region
        stop = self._stop_at(sent, a, b)
        if stop is None:
            return None
        act = next((c for c in sent.cues if c.cls in ("hostile_act", "aggression_noun")
                    and stop <= c.start and len(_gap_words(self.text, stop, c.start)) <= 2), None)
        if act is None or not self.blamed:
            return None
        country, _ = self.blamed.most_common(1)[0]
        if country in {p.country for p in frame.speakers}:
            return None
        return self._state_party(country, act.start)

    def _culprit_of_named_back_act(self, sent: _Sentence, frame: Frame) -> Party | None:
        """"تدين بشدة هذه الهجمات": a condemned act pointed back at with a demonstrative is the act
        the article has blamed so far (the party blamed most), not a new, agent-less one."""
        a, b = frame.region
        ws = list(g.WORD.finditer(self.text, a, b))[:4]
        for i, w in enumerate(ws):
            word = g.norm_word(w.group())
            if word in g.DEMONSTRATIVES and i + 1 < len(ws):
                at = ws[i + 1].start()
            elif i == 0 and word.startswith("ال") and not any(a <= p.start < b for p in sent.parties):
                at = w.start()  # "وأدانت فرنسا العملية": the act the article is about
            else:
                continue
            named = g.norm_word(g.WORD.match(self.text, at).group()) in g.ACT_NOUNS
            act = next((c for c in sent.cues if c.cls in ("hostile_act", "aggression_noun")
                        and c.start == at), None)
            if (act is None and not named) or not self.blamed:
                return None
            country, _ = self.blamed.most_common(1)[0]
            if country in {p.country for p in frame.speakers}:
                return None
            return self._state_party(country, at)
        return None

    def _obliged(self, sent: _Sentence, frame: Frame, cands: list[Party]) -> list[Party]:
        """"يجب على X أن توقف…", "إن على X الانسحاب": X is asked to stop."""
        out = []
        for p in cands:
            lead = self.text[max(frame.region[0], p.start - 25):p.start]
            if re.search(r"(?<!\w)على\s*$", lead) and g.OBLIGATION.search(lead[: lead.rfind("على")]):
                out.append(p)
        return out

    def _claim_owner(self, sent: _Sentence, frame: Frame, cands: list[Party]) -> Party | None:
        speaker_countries = {p.country for p in frame.speakers}
        for p in cands:
            if p.country not in speaker_countries and not _after_victim_prep(self.text, p, frame.region[0]):
                return p
        for ref in reversed(self.history):
            if sent.index - ref.sentence > _CARRY_SENTENCES + 1:
                break
            for p in ref.parties:
                # the claim of an earlier speaker of another side (a state's, or a non-state
                # group's such as the Karabakh authorities)
                if (p.country or p.actor.type == "group") and p.country not in speaker_countries:
                    return p
        opp = self.opponent(next(iter(speaker_countries), None))
        return self._state_party(opp, frame.cue.start) if opp else None

    def _marker_agents(self, sent: _Sentence, frame: Frame,
                       cands: list[Party]) -> list[tuple[Party, str, float]]:
        """Agents of hostile acts and owners of aggression nouns / false claims in the region."""
        a, b = frame.region
        text = self.text
        base = 0.7 if frame.how == "explicit" else 0.6
        found: list[tuple[Party, str, float]] = []
        speaker_countries = {p.country for p in frame.speakers}
        for cue in sent.cues:
            if not (a <= cue.start < b) or cue.cls not in MARKERS:
                continue
            kind = {"hostile_act": "accuse", "aggression_noun": "describe_as_aggression",
                    "false_claim_noun": "deny"}[cue.cls]
            if cue.cls == "false_claim_noun":
                owner = self._claim_owner(sent, frame, [p for p in cands if p.start < cue.start])
                if owner is not None:
                    found.append((owner, "deny", base))
                continue
            if self._neutralised(cue, sent):
                continue
            agent = self._agent(sent, cue, cands, a, b, speaker_countries)
            if agent is not None:
                if cue.cls == "hostile_act" and self._names_aggression(sent, cue):
                    kind = "describe_as_aggression"  # "شنت عدوانا", "ارتكبت استفزازا": the act is named
                found.append((agent, kind, base))
            elif cue.cls == "aggression_noun":
                opp = None
                for c in speaker_countries | {self.side_of(p) for p in frame.speakers}:
                    opp = opp or self.opponent(c)
                # "تدين أي اعتداء على أراضي أرمينيا": the party named as the victim is not the culprit
                if opp and any(p.country == opp and _after_victim_prep(text, p, a) for p in cands):
                    opp = None
                obliged = [p for p in self._obliged(sent, frame, cands) if p.end <= cue.start]
                if opp is None and obliged:
                    # "على أرمينيا أن تركز على السلام بدلا من الاستفزازات": the party told to change
                    found.append((obliged[0], kind, 0.6))
                    continue
                if opp:
                    party = self._state_party(opp, cue.start)
                    if party is not None:
                        found.append((party, kind, 0.6))
        for p in cands:
            if p.country in speaker_countries or p.country is None or _after_victim_prep(text, p, a):
                continue
            # "X تواصل استخدام المدفعية والطائرات المسيرة": a party of the other side wielding weapons
            # (not "X خسرت 3 دبابات": a count or a verb of loss makes the weapons the party's losses)
            m = g.WEAPONS.search(text, p.end, min(b, p.end + 60))
            gap = _gap_words(text, p.end, m.start()) if m else []
            if m and len(gap) <= 4 and not _has_break(text, p.end, m.start(), ":؛.!?؟\n،") and \
                    not any(w in g.COMPLEMENTISERS or w in g.VICTIM_PREPS or w in g.NEGATION
                            or w in g.LOSS or w.isdigit() or w in g.NUMBER_WORDS for w in gap):
                found.append((p, "accuse", 0.6))
        for m in g.BY_WEAPON.finditer(text, a, b):
            # "أصيب جندي برصاص قناص أرميني": the weapon's owner is the agent, whatever the verb
            p = next((q for q in cands if m.end() <= q.start and q.country not in speaker_countries
                      and q.country and len(_gap_words(text, m.end(), q.start)) <= 2
                      and not _has_break(text, m.end(), q.start, ":؛.!?؟\n،")), None)
            if p is not None:
                found.append((p, "accuse", 0.6))
        if g.ENEMY.search(text[a:b]):
            for c in speaker_countries | {self.side_of(p) for p in frame.speakers}:
                opp = self.opponent(c)
                party = self._state_party(opp, a) if opp else None
                if party is not None:
                    found.append((party, "accuse", 0.6))
        return found

    def _names_aggression(self, sent: _Sentence, act: Any) -> bool:
        """Is the object of this hostile verb an aggression noun ("شنت «استفزازات»")?"""
        return any(c.cls == "aggression_noun" and act.end <= c.start
                   and len(_gap_words(self.text, act.end, c.start)) == 0 for c in sent.cues)

    def _neutralised(self, cue: Any, sent: _Sentence) -> bool:
        """"وقف إطلاق النار", "لم تقصف": an act that is stopped, prevented or negated is not done."""
        prev = g.words(self.text[max(sent.start, cue.start - 30):cue.start])[-2:]
        if any(c.cls == "stop" and c.end <= cue.start and len(_gap_words(self.text, c.end, cue.start)) <= 1
               for c in sent.cues):
            return True
        return any(w in g.STOP_BEFORE_ACT or w in g.NEGATION for w in prev[-1:]) or \
            (len(prev) == 2 and prev[0] in g.STOP_BEFORE_ACT)

    def _agent(self, sent: _Sentence, cue: Any, cands: list[Party], a: int, b: int,
               own: set[str | None]) -> Party | None:
        text = self.text
        form = (getattr(cue, "form", None) or "").lower()
        is_noun = form in ("noun", "masdar", "verbal_noun", "adjective") or cue.cls == "aggression_noun"
        # "جنود قتلوا": with verbs of killing and wounding the party before is the victim
        suffering = g.norm_word(getattr(cue, "lemma", "") or "") in g.SUFFERING_LEMMAS
        after = [p for p in cands if p.start >= cue.end and p.country not in own]
        before = [p for p in cands if p.end <= cue.start and p.country not in own]
        # the act inside the mention itself ("القصف الأذربيجاني" read as the Azerbaijani forces)
        for p in cands:
            if p.start <= cue.start < p.end and p.country not in own:
                return p
        # possessive pronoun on the act ("استفزازاتها") or on the noun the act qualifies ("موقفها
        # العدواني", "أعمالها الاستفزازية"): the nearest party before it
        prev = _preceding_word(text, cue.start, a)
        qualified = g.norm_word(cue.surface).startswith("ال") and bool(g.PRONOUN_SUFFIX.search(prev)) \
            and len(prev) > 3 and prev not in g.COMPLEMENTISERS
        if is_noun and (has_pronoun_suffix(cue) or qualified):
            near = [p for p in sent.parties if p.end <= cue.start and p.country not in own and p.country]
            if near:
                return near[-1]
        if after:
            p = after[0]
            gap = _gap_words(text, cue.end, p.start)
            raw = text[cue.end:p.start]
            clean = not any(w in g.VICTIM_PREPS for w in gap) and not _has_break(text, cue.end, p.start,
                                                                                   ":؛.!?؟\n")
            if clean and "،" not in raw:
                if is_noun and (not gap or all(w.startswith("ال") for w in gap[:3]) and len(gap) <= 3):
                    return p
                if not is_noun and len(gap) <= 1 and not (suffering and gap):
                    return p
            if not _has_break(text, cue.end, p.start, ":؛.!?؟\n") and not suffering and len(gap) <= 10 and (
                    (clean and re.search(r"(?<!\w)من\s*$", raw))
                    or re.search(r"(?<!\w)(?:من قبل|من جانب|على يد)(?:\s+[^\s،,]+){0,2}\s*$", raw)):
                return p
        if before and not suffering:
            p = before[-1]
            gap = _gap_words(text, p.end, cue.start)
            if (len(gap) <= 3 and not any(w in g.COMPLEMENTISERS for w in gap)
                    and not _has_break(text, p.end, cue.start, ":؛.!?؟\n،")
                    and not _after_victim_prep(text, p, a)):
                return p
        return None

    # -- mutual blame ---------------------------------------------------------------------------

    def _mutual(self, sent: _Sentence) -> list[Statement]:
        text = self.text
        seg = text[sent.start:sent.end]
        cue = next((c for c in sent.cues if c.cls == "mutual"), None)
        blame_cues = [c for c in sent.cues if c.cls in ("accuse", "hold_responsible", "condemn")]
        at = cue.start if cue is not None else None
        if at is None and blame_cues:
            m = g.EACH_OTHER.search(seg)
            if m:
                at = sent.start + m.start()
        if at is None:
            return []
        countries: list[str] = []
        for p in sent.parties:
            c = p.country
            # "الهدنة التي أعلنت في موسكو": a place or victim is not a party to the exchange
            if c and c not in countries and p.actor.type in ("state", "armed_forces", "body") \
                    and not _after_victim_prep(text, p, sent.start):
                countries.append(c)
        if len(countries) > 2 and len(self.main_parties) == 2 and set(self.main_parties) <= set(countries):
            countries = [c for c in countries if c in self.main_parties]
        pair = countries[:2] if len(countries) >= 2 else list(self.main_parties)
        if len(pair) != 2:
            return []
        holds = any(c.cls == "hold_responsible" for c in sent.cues)
        accuses = any(c.cls == "accuse" for c in sent.cues) or re.search(r"اتهام|الاتهام|اتهامات", seg)
        kind = "hold_responsible" if holds and not accuses else "accuse"
        out: list[Statement] = []
        date = self.date_for(sent.start, sent.end, at)
        for sp, tg in ((pair[0], pair[1]), (pair[1], pair[0])):
            speaker, target = self._state(sp), self._state(tg)
            if speaker is None or target is None:
                continue
            surface = text[at:at + 12].split()
            out.append(self._statement(sent, kind, speaker, target, date, 0.6,
                                       cue_surface=surface[0] if surface else None, cue_start=at))
        if out:
            self.history.append(SpeakerRef(tuple(Party(s.speaker, at, at) for s in out), sent.index))
        return out

    # -- output ---------------------------------------------------------------------------------

    def _emit(self, sent: _Sentence, frames: list[Frame]) -> list[Statement]:
        best: dict[tuple[int, str, str], tuple[int, Statement]] = {}
        order: list[tuple[int, str, str]] = []
        out: list[Statement] = []
        # another speaker named in the sentence, or the same one on another day, starts a new act (one
        # of a list of speakers named again — "أدانت كل من فرنسا واليونان…، فيما طالبت باريس" — does not)
        act = 0
        last_speakers: set[str] = set()
        last_date: ResolvedDate | None = None
        for frame in frames:
            keys = {p.actor.key for p in frame.speakers}
            date = _Lazy(lambda f=frame: self.date_for(sent.start, sent.end, f.cue.start))
            new_day = last_date is not None and date.value.best != last_date.best
            if frame.how in ("explicit", "anaphor", "according_to", "nominal") and (
                    not keys <= last_speakers or new_day):
                act += 1
                last_speakers = keys
                last_date = date.value
            elif last_date is None:
                last_date = date.value
            carried = frame.how != "explicit"
            emitted = False
            for speaker in frame.speakers:
                for target, kind, conf in frame.targets:
                    if target.actor.key == speaker.actor.key:
                        continue
                    if speaker.country is not None and target.country == speaker.country:
                        continue
                    if speaker.country is None and target.country is None:
                        continue
                    final = "accuse" if kind == "accuse_explicit" else kind
                    if carried:
                        conf = min(conf, 0.6)
                    key = (act, speaker.actor.key, target.country or target.actor.key)
                    stmt = self._statement(sent, final, speaker.actor, target.actor, date.value, conf,
                                           cue_surface=frame.cue.surface, cue_start=frame.cue.start,
                                           region=frame.region)
                    rank = KIND_RANK.get(kind, 0)
                    if key not in best:
                        order.append(key)
                        best[key] = (rank, stmt)
                    elif rank > best[key][0] or (rank == best[key][0] and _specificity(target.actor)
                                                  > _specificity(best[key][1].target)):
                        best[key] = (rank, stmt)
                    emitted = True
            if not emitted and frame.other_kind and frame.how != "quote":
                for speaker in frame.speakers:
                    out.append(self._statement(sent, frame.other_kind, speaker.actor, None, date.value,
                                               0.6 if carried else 0.8, cue_surface=frame.cue.surface,
                                               cue_start=frame.cue.start, region=frame.region))
        return [best[k][1] for k in order] + out

    def _statement(self, sent: _Sentence, kind: str, speaker: Actor, target: Actor | None,
                   date: ResolvedDate, conf: float, *, cue_surface: str | None, cue_start: int | None,
                   region: tuple[int, int] | None = None) -> Statement:
        quote_start = quote_end = None
        if region is not None:
            for qa, qb in sent.quotes:
                if region[0] <= qa < region[1]:
                    # the words between the marks; a quote left open runs to the sentence end
                    closed = qb - 1 > qa and self.text[qb - 1] in g.QUOTE_CLOSE
                    qs, qe = qa + 1, qb - 1 if closed else qb
                    if qe > qs and self.text[qs:qe].strip():
                        quote_start, quote_end = qs, qe
                    break
        return Statement(
            article_id=self.article.id, kind=kind, speaker=speaker, target=target, date=date,
            start=sent.start, end=sent.end, evidence=self.text[sent.start:sent.end],
            confidence=round(conf, 2), cue=cue_surface or None, cue_start=cue_start,
            quote_start=quote_start, quote_end=quote_end, component=NAME,
        )


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


def extract_statements(article: Article, knowledge: KnowledgeLike, sentences: Sequence[tuple[int, int, bool]],
                       mentions: Sequence[Mention], cues: Sequence[CueLike],
                       date_for: DateFn) -> list[Statement]:
    """All statements of one article (see module doc); offsets into ``article.text``."""
    return StatementEngine(article, knowledge, sentences, mentions, cues, date_for).run()
