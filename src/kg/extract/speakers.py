"""Speaker rules of the statement engine (``statements.py`` step 2, "Frames"): which speech acts a
sentence holds and who speaks in each — the subject before or after the verb, an anaphoric noun,
an attribution (وفقا لـ، بحسب), a relayed source, a passive blame verb's issuer, or the implicit
subject carried over from the sentence or the sentences before.

:class:`SpeakerMixin` is mixed into :class:`kg.extract.statements.StatementEngine`, whose state
(text, parties, cues, speaker history) its methods read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kg.extract import grammar as g
from kg.extract.parties import (
    _BY_AGENT,
    _CARRY_SENTENCES,
    _GLUED_DOT,
    MARKERS,
    SPEECH_LIKE,
    Frame,
    Party,
    _after_victim_prep,
    _gap_words,
    _gender_ok,
    _has_break,
    _preceding_word,
    _PseudoCue,
    _Sentence,
    cue_gender,
    cue_number,
    head_end,
)


class SpeakerMixin:
    """Frames and their speakers (mixed into the engine: see the module doc)."""

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
                    not self._relative_ma(sent, cue) and \
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
        frames = [f for f in frames if not self._rejected_attempt(sent, f)]
        if frames and not according:
            # "باكو: يريفان تتحمل المسؤولية": the party before the colon says what follows, and the
            # party bearing the blame inside it is no speaker
            colon = self._colon_attribution(sent)
            if colon is not None and all(f.cue.start >= colon.region[0] for f in frames) and \
                    any(f.cue.cls == "hold_responsible" for f in frames):
                frames.insert(0, colon)
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
        frames = self._quoted_bearers(sent, frames)
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

    def _rejected_attempt(self, sent: _Sentence, frame: Frame) -> bool:
        """"ترفض موسكو محاولات يريفان تحميل X المسؤولية": blame that a denial in the sentence
        rejects as a party's attempt is not reported as that party's statement."""
        if frame.cue.cls not in ("accuse", "condemn", "hold_responsible") or not frame.speakers:
            return False
        first = frame.speakers[0]
        return _preceding_word(self.text, first.start, sent.start) in g.ATTEMPT_NOUNS and \
            any(c.cls == "deny" and c.start < first.start for c in sent.cues)

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
        for f in frames[-1:]:  # the nearest verb: "قال إن …، مضيفا: «نحن ندين …»" is a new act
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
                if self._conditional(sent, frame.cue, outer.region[0]):
                    continue  # "إن الجانب الأرميني سيتحمل المسؤولية إذا …": hypothetical
                outer.targets.extend((p, "hold_responsible", 0.8) for p in frame.speakers)
                continue
            keep.append(frame)
        return keep

    def _quoted_bearers(self, sent: _Sentence, frames: list[Frame]) -> list[Frame]:
        """"«X تتحمل المسؤولية …»، قال Y": a bearer of blame inside words reported before the verb
        (the region of a back-referring frame) is Y's target, not a speaker (as in
        :meth:`_nested_bearers` for words reported after the verb)."""
        keep: list[Frame] = []
        for frame in frames:
            outer = next((f for f in frames if f is not frame and f.cue.start > frame.cue.start
                          and f.region[0] <= frame.speakers[0].start < f.region[1]
                          and f.region[1] <= f.cue.start), None)
            if (outer is not None and frame.cue.cls == "hold_responsible" and frame.how == "explicit"
                    and frame.speakers[0].end <= frame.cue.start
                    and not self._object(sent, frame, self._candidates(sent, frame), 3)):
                if not self._conditional(sent, frame.cue, outer.region[0]):
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
        if before_quotes and self._circumstantial(sent, a, b):
            return (before_quotes[-1][0], frame.cue.start)  # "«…»، قال X", "«…»، قالت X في بيان"
        return frame.region

    def _circumstantial(self, sent: _Sentence, a: int, b: int) -> bool:
        """Is what follows the speaker only where, when or how it spoke ("في بيان لها يوم الثلاثاء",
        "للصحفيين") — no complementiser, quote, party or act: the words reported stand before?"""
        ws = g.words(self.text[a:b])
        if len(ws) <= 1:
            return True
        return (len(ws) <= 8 and not any(w in g.COMPLEMENTISERS for w in ws)
                and not any(a <= q[0] < b for q in sent.quotes)
                and not any(a <= p.start < b and not self._occasion(a, p.start) for p in sent.parties)
                and not any(a <= c.start < b and c.cls in MARKERS for c in sent.cues))

    def _occasion(self, a: int, at: int) -> bool:
        """Does a party at ``at`` only name the occasion of the speech — after "خلال اجتماع"، "أمام"،
        "على هامش" ("قال X خلال اجتماع لمجلس الأمن")?"""
        return any(w in g.OCCASION_PREPS for w in g.words(self.text[a:at]))

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
                if p.start >= cue.end and (len(gap) <= 1 or (len(gap) <= 6 and all(
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
        named = next((p for p in sent.parties if p.start >= pos), None)
        if named is not None and named.actor.type == "person" and \
                all(x in g.ANAPHOR_LINKS for x in g.words(self.text[pos:named.start])[1:]) and \
                len(g.words(self.text[pos:named.start])) <= 2 and not _has_break(self.text, pos, named.start):
            return (named,)  # "قالت المتحدثة باسمها شوشان ستيبانيان": the noun names the person after it
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
            purpose = self._purpose_subject(sent, cue, used)
            return (purpose, "explicit", int(cue.end)) if purpose is not None else (None, "", 0)
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
                end = self._anaphor_end(sent, verb_end)
                return anaphor, "anaphor", max(end, max(p.end for p in anaphor if p.start >= verb_end)
                                               if any(p.start >= verb_end for p in anaphor) else end)
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
        # "أصدرت وزارة الدفاع ومكتب المدعي العام بيانا مشتركا ذكرت فيه": a singular verb goes on
        # with a list of speakers of this sentence when it agrees with the first of them
        if frames and number == "sg" and len(frames[-1].speakers) > 1 and \
                self._agrees(frames[-1].speakers[:1], gender, number):
            return frames[-1].speakers, "carried", verb_end
        if not frames and (participle or self._coordinated_verb(sent, cue)
                           or _preceding_word(text, cue.start, sent.start) in g.CLAUSE_LINKS):
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

    def _purpose_subject(self, sent: _Sentence, cue: Any, used: set[int]) -> tuple[Party, ...] | None:
        """"تجمع متظاهرون للتنديد بـ X", "خرج المحتجون إلى الشوارع للتنديد بـ X": a condemnation masdar
        of purpose (لل…) after a non-state party doing something: that party condemns."""
        if cue.cls != "condemn" or not g.norm_word(cue.surface).startswith("لل"):
            return None
        before = [p for p in sent.parties if p.end <= cue.start and id(p) not in used]
        if not before or before[-1].actor.type == "state":
            return None
        p = before[-1]
        if len(_gap_words(self.text, p.end, cue.start)) > 3 or _has_break(self.text, p.end, cue.start,
                                                                            ":؛.!?؟\n،"):
            return None
        return self._group_ending(sent, p)

    def _head_gender(self, p: Party) -> str:
        """The gender the verb agrees with: the head noun of the phrase for bodies and states
        ("ويتهم الجانب الأذربيجاني" m, "اتهمت هيئة الأمن القومي" f), the actor's own otherwise."""
        if p.actor.type == "person":
            return p.actor.gender
        words = g.WORD.findall(self.text[p.start:p.end])
        head = g.norm_word(words[0]) if words else ""
        if head in g.SIDE_HEADS or (p.actor.type == "armed_forces" and head in g.MASCULINE_FORCE_HEADS):
            return "m"  # "اتهم جيش الدفاع في آرتساخ …": the army is masculine, the forces feminine
        if p.actor.gender == "pl" and len(head) > 4 and head.endswith(("ون", "ين", "و")):
            return "m"  # a sound masculine plural of persons takes a masculine verb: "وصف مقررو …"
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

    def _relative_ma(self, sent: _Sentence, cue: Any) -> bool:
        """"وهو ما نفته يريفان", "هذا ما قاله الوزير": ما after a pronoun or demonstrative is "what",
        not a negation; the verb is a new speech act about what precedes."""
        before = g.words(self.text[max(sent.start, cue.start - 25):cue.start])
        return len(before) >= 2 and before[-1] == "ما" and before[-2] in g.BEFORE_RELATIVE_MA

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
        by = _BY_AGENT.match(self.text, patient.end, sent.end)
        if by is not None:
            # "اتُّهمت أرمينيا من قبل باكو بزرع ألغام": the issuer follows the patient at once
            issuer = next((q for q in sent.parties if q.start >= by.end()), None)
            if issuer is not None and not _gap_words(self.text, by.end(), issuer.start):
                return self._coordinated_from(sent, issuer)
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
        # (a dot inside the outlet's name, "نيوز.أم", is no break)
        if m is None or any(ch in ":؛.!?؟\n،"
                            for ch in _GLUED_DOT.sub("", self.text[verb_end:m.start()])) or \
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
            name = p.actor.label_ar.split()
            if p.actor.type == "person" and name and not name[0].startswith("ال") and \
                    name[-1] in self.text[p.start:p.end]:
                # "مدير الاتصال في الرئاسة التركية فخر الدين ألطون": a known person named by name
                # (not "مستشار في مكتب الرئيس الفرنسي": the president is only the affiliation)
                return p
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
            # (a head "المتحدثة باسم" may stand between: "وذهبت المتحدثة باسم الخارجية X")
            heads = 2 if len(lead) > 2 and lead[-1] == "باسم" else 0
            if len(lead) > 2 + heads or any(w in g.VICTIM_PREPS or w in g.COMPLEMENTISERS for w in lead):
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
