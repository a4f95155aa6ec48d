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
   article's two main parties. A sound masculine plural head (مقررو، الانفصاليون) and "جيش" take a
   masculine verb; a singular verb after a list of speakers of its sentence ("أصدرت الوزارة ومكتب
   المدعي العام بيانا مشتركا ذكرت فيه") speaks for the whole list; a purpose masdar of condemnation
   after a non-state party ("تجمع متظاهرون للتنديد بـ") makes it the condemner; "وهو ما نفته X" and
   "هذا ما قاله X" are no negations; "«…»، قالت X في بيان لها" reports the quote when only where and
   when follow the speaker; a headline "X: Y تتحمل المسؤولية / مسؤولة عن" is X's blame of Y.
   Statement nouns with their issuer and reported words ("في بيان وزارة X أن") and
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
   "قالت إنها تدين …" is the speaker's own condemnation. The object of وصف called a violation or an
   aggression after بأنه ("وصف العملية التي أطلقتها X … بأنها انتهاك") is X's act; a violation
   (انتهاك) accuses, it is no aggression; "وجه أصابع الاتهام إلى X" and "ألقى باللوم على X" name X
   after the phrase; accusing X of lying or disinformation ("اتهمه بنشر معلومات مضللة") denies X's
   claims; a passive blame verb may name its issuer at once ("اتُّهمت X من قبل Y"); a list of parties
   before an act are all its agents; a killing verb whose object is of the speaker's side has its
   agent before it. Blame in a conditional — an act inside "إذا/لو/في حال/إن ثبت …" or blame
   followed at once by one ("سيتحمل المسؤولية إذا …") — is hypothetical: no target. Denials: of a
   party's statements with the subject between ("رفض X، اليوم، تصريحات Y"), of the party replied to
   ("ترد على Y: … لا أساس لها"), of the party whose attempts are rejected ("ترفض محاولات Y تحميل …",
   and that nested blame is not Y's statement), of the owner named after "لا نرى مبررا لاتهامات Y". A
   bearer of blame inside a quote before its verb ("«Y تتحمل المسؤولية»، قال X") is X's target; a
   circumstantial phrase between commas before the object ("اتهم X، في كلمة …، Y") is skipped; an
   aggression vowed to be ended ("حتى إنهاء الاحتلال") is still named; any party "not doing its duty"
   (لم تقم بواجبها) is complained of. A speaker never blames its own state; only the opposition and
   protesters of a state may blame its leaders and government (ANNOTATION.md: protesters
   condemning their premier).
4. **Mutual blame** (تبادل الاتهامات، كل … الأخرى) yields A→B and B→A for the two states named in
   the sentence, else the article's two main parties (Armenia and Azerbaijan when both occur).
5. **Statements.** One per (speaker, target state) per speech act in a sentence (one of a list of
   speakers named again in the sentence continues the same act), with the
   strongest kind (:data:`KIND_RANK`; an explicit accusation in a participle yields to the main
   verb's kind: "نفى …، متهما …" is a denial); calls on both sides, concern, calls without blame,
   refusals to name a culprit and plain announcements are recorded with non-blame kinds.

Confidence follows the evidence: explicit blame verb with explicit target 0.9; inferred from a
speech verb and a hostile act 0.7; a carried-over speaker caps it at 0.6; mutual, context-resolved
and nominal readings 0.5–0.6.

Modules: this one holds the pass (steps 1, 4, 5: context, mutual blame, emission); the rules of
step 2 are in ``speakers.py`` (:class:`SpeakerMixin`), those of step 3 in ``targets.py``
(:class:`TargetMixin`), the data types and text helpers they share in ``parties.py``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from kg.extract import grammar as g
from kg.extract.parties import (
    _BLAME,
    _NK_GROUP,
    KIND_RANK,
    SPEECH_LIKE,
    CueLike,
    DateFn,
    Frame,
    KnowledgeLike,
    Party,
    SpeakerRef,
    _after_victim_prep,
    _domestic_critic,
    _Lazy,
    _Sentence,
    _specificity,
    build_parties,
)
from kg.extract.speakers import SpeakerMixin
from kg.extract.targets import TargetMixin
from kg.model import Actor, Article, Mention, ResolvedDate, Statement

NAME = "statements"
VERSION = "0.4.0"


# --- the engine ---------------------------------------------------------------------------------

class StatementEngine(SpeakerMixin, TargetMixin):
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
        self.sentence_blamed: Counter[str] = Counter()  # … and in the sentence being read
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
                    StatementEngine._military_response(text, c, acts) and \
                    not StatementEngine._reply_to_person(text, c, mentions):
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
    def _reply_to_person(text: str, cue: Any, mentions: Sequence[Mention]) -> bool:
        """"ترد على ماكرون": a reply to a person is a reply to what that person said."""
        m = re.match(r"\s*[وف]?على?\s+", text[cue.end:cue.end + 12])
        if m is None:
            return False
        at = cue.end + m.end()
        return any(x.start == at and x.actor.type == "person" for x in mentions)

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
        self.sentence_blamed = Counter()
        for frame in frames:
            self._resolve_targets(sent, frame)
            self.sentence_blamed.update(p.country for p, kind, _ in frame.targets if p.country)
        statements.extend(self._emit(sent, frames + ([] if mutual else self.nominal)))
        self.blamed.update(st.target.country for st in statements
                           if st.target is not None and st.target.country and st.kind in _BLAME)
        for frame in frames:
            if frame.speakers:
                self.history.append(SpeakerRef(frame.speakers, sent.index))
        self._track_quote(sent, frames)
        return statements

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
        best: dict[tuple[int, str, str], tuple[float, Statement]] = {}
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
                    if speaker.country is not None and target.country == speaker.country and \
                            not _domestic_critic(speaker.actor, target.actor):
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
                    if kind == "accuse_explicit" and getattr(frame.cue, "form", None) == "participle":
                        # "نفى الاتهامات، متهما الجانب الأرميني بـ…": the main verb's kind stands
                        rank -= 1.5
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


def extract_statements(article: Article, knowledge: KnowledgeLike, sentences: Sequence[tuple[int, int, bool]],
                       mentions: Sequence[Mention], cues: Sequence[CueLike],
                       date_for: DateFn) -> list[Statement]:
    """All statements of one article (see module doc); offsets into ``article.text``."""
    return StatementEngine(article, knowledge, sentences, mentions, cues, date_for).run()
