"""Target rules of the statement engine (``statements.py`` step 3, "Targets"): whom a speech act
blames and how — the object of a blame verb, the agent of a hostile act in the reported words (not
its victim), the owner of an aggression noun or of a rejected claim, the party obliged to stop.

:class:`TargetMixin` is mixed into :class:`kg.extract.statements.StatementEngine`, whose state
(text, parties, cues, the blame read so far) its methods read.
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract import grammar as g
from kg.extract.knowledge import Cue
from kg.extract.parties import (
    _AS_BEING,
    _CARRY_SENTENCES,
    _LIE_CHARGES,
    _MUST_THAT_VERB,
    _TOWARDS,
    MARKERS,
    Frame,
    Party,
    _after_victim_prep,
    _domestic_critic,
    _gap_words,
    _has_break,
    _preceding_word,
    _Sentence,
    has_pronoun_suffix,
)


class TargetMixin:
    """Targets of the frames (mixed into the engine: see the module doc)."""

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
            if self._conditional(sent, frame.cue, a):
                return  # "X سيتحمل المسؤولية إذا …": hypothetical blame
            kind = "accuse_explicit" if cls == "accuse" else cls
            window = 7 if cls == "condemn" else 3
            detached = self._pronoun_object(sent, frame) if self._detached_pronoun(frame) else None
            obj = [detached] if detached is not None else self._object(sent, frame, cands, window)
            if cls == "hold_responsible":
                obj = obj or self._blamed_after_ala(sent, frame)
            if not obj and getattr(frame.cue, "form", None) == "phrase":
                obj = self._pointed_at(sent, frame)
            if obj:
                if cls == "accuse" and self._false_charge(sent, frame.cue.end if detached else obj[-1].end):
                    kind = "deny"  # "اتهم الانفصاليين بنشر معلومات مضللة": their claims are false
                frame.targets.extend((p, kind, explicit_conf) for p in obj)
                return
            pron = self._pronoun_object(sent, frame)
            if pron is not None:
                if cls == "accuse" and self._false_charge(sent, frame.cue.end):
                    kind = "deny"
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
            if g.norm_word(getattr(frame.cue, "lemma", "") or "").endswith(g.ATTEMPT_LEMMA_END):
                # "ترفض محاولات يريفان …": only the party whose attempts they are, named right after
                owner = next((p for p in cands if p.start >= frame.cue.end
                              and not _gap_words(self.text, frame.cue.end, p.start)), None)
                if owner is not None and owner.country not in {q.country for q in frame.speakers}:
                    frame.targets.append((owner, "deny", explicit_conf - 0.1))
                return
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
        if cls == "describe" and not frame.targets:
            owner, kind = self._described_act_owner(sent, frame, cands)
            if owner is not None:
                frame.targets.append((owner, kind, 0.6))
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
        own = {p.country for p in frame.speakers}
        for p in cands:
            if p.country not in opponents:
                # "قوات حفظ السلام الروسية لم تقم بواجبها": any other party failing its duty
                if p.country and p.country not in own and \
                        g.DUTY_FAILURE.match(self.text, p.end, min(frame.region[1], p.end + 40)):
                    out.append(p)
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
        a = self._past_parenthetical(a, reach)
        speaker_ids = {id(p) for p in frame.speakers}
        own = {p.country for p in frame.speakers} - {None}
        for p in (q for q in sent.parties if a <= q.start < reach and id(q) not in speaker_ids):
            if p.country in own and not any(_domestic_critic(q.actor, p.actor) for q in frame.speakers):
                continue  # a speaker never blames its own side: look further
            gap = _gap_words(self.text, a, p.start)
            if len([w for w in gap if w not in g.SUBJECT_GAP_OK]) > window:
                break
            if any(w in g.COMPLEMENTISERS for w in gap) or _has_break(self.text, a, p.start, ":؛.!?؟\n"):
                break
            if _after_victim_prep(self.text, p, a):
                continue
            if any(a <= c.start < p.start and g.norm_word(getattr(c, "lemma", "") or "") in g.SUFFERING_LEMMAS
                   for c in sent.cues):
                continue  # "تدين قتل أسرى أرمن على يد جنود أذربيجانيين": the killed are no culprits
            return list(self._coordinated_from(sent, p))
        return []

    def _past_parenthetical(self, a: int, b: int) -> int:
        """"اتهم X، في كلمة ألقاها اليوم، Y بـ…": the object follows a circumstantial phrase set off by
        two commas right after the subject; the object search starts after it."""
        m = re.match(r"\s*،([^،.:«»؛\n]{1,60})،", self.text[a:b])
        if m is None or any(w in g.COMPLEMENTISERS for w in g.words(m.group(1))):
            return a
        return a + m.end()

    def _false_charge(self, sent: _Sentence, at: int) -> bool:
        """Is the charge right after the accused (بـ…) one of lying — "بنشر معلومات مضللة", "بتبني
        رواية منحازة", "بالكذب"? Accusing a party of false claims rejects its claims (a denial)."""
        m = g.WORD.search(self.text, at, sent.end)
        if m is not None and g.norm_word(m.group()).startswith("اياه"):
            m = g.WORD.search(self.text, m.end(), sent.end)  # "متهمة إياها بتبني …"
        if m is None or not g.norm_word(m.group()).startswith("ب") or _has_break(self.text, at, m.start()):
            return False
        if g.norm_word(m.group()) in _LIE_CHARGES:
            return True
        return any(c.cls == "false_claim_noun" and m.start() <= c.start <= m.end() + 30
                   and not _has_break(self.text, m.end(), c.start, ":؛.!?؟\n،") for c in sent.cues)

    def _pointed_at(self, sent: _Sentence, frame: Frame) -> list[Party]:
        """"وجهت يريفان أصابع الاتهام إلى باكو": after a blame phrase, إلى marks the one blamed."""
        own = {p.country for p in frame.speakers}
        for p in sent.parties:
            if p.start >= frame.cue.end and p.country not in own:
                gap = [g.norm_word(w) for w in _gap_words(self.text, frame.cue.end, p.start)]
                if 0 < len(gap) <= 2 and gap[-1] in _TOWARDS:  # (an adverb may stand before إلى)
                    return list(self._coordinated_from(sent, p))
                return []
        return []

    def _blamed_after_ala(self, sent: _Sentence, frame: Frame) -> list[Party]:
        """"ألقت باللوم على يريفان", "المسؤولية على X": here على marks the one blamed."""
        a = frame.region[0]
        for p in sent.parties:
            if p.start < a or p.start >= max(frame.region[1], frame.reach):
                continue
            # (from the end of a phrase cue that holds its subject: "ألقت وزارة الدفاع … باللوم على")
            from_ = frame.cue.end if p.start >= frame.cue.end else frame.cue.start
            ws = _gap_words(self.text, from_, p.start)
            if not ws and from_ == frame.cue.end:
                ws = g.words(frame.cue.surface)[-2:]  # a phrase ending in "على عاتق"
            if ws[-2:] in (["على", "عاتق"], ["علي", "عاتق"]):
                ws = ws[:-1]  # "المسؤولية تقع على عاتق X": on X's shoulders
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

    def _conditional(self, sent: _Sentence, cue: Any, floor: int) -> bool:
        """Is this act or blame cue hypothetical — inside a protasis ("إذا تأكد أن X بدأت الهجوم"،
        "في حال ثبت") or followed at once by one ("X سيتحمل المسؤولية إذا تأخر …")? Such blame is
        conditional, not attributed (ANNOTATION.md: no blame without an identified culprit)."""
        text = self.text
        for m in g.WORD.finditer(text, max(floor, sent.start), cue.start):
            if g.norm_word(m.group()) in g.CONDITIONAL and not _has_break(text, m.end(), cue.start,
                                                                           ":؛.!?؟\n،"):
                return True
        m = g.CONDITIONAL_PHRASE.search(text, max(floor, sent.start), cue.start)
        if m is not None and not _has_break(text, m.end(), cue.start, ":؛.!?؟\n،"):
            return True
        # the apodosis: a conditional right after the cue's words, in the same clause (not "…،
        # وإذا تكرر ذلك": a new sentence of its own)
        tail = text[cue.end:min(sent.end, cue.end + 50)]
        for i, m in enumerate(g.WORD.finditer(tail)):
            w = g.norm_word(m.group())
            if i >= 3 or _has_break(tail, 0, m.start(), "،؛.!?؟\n") or w.startswith("و"):
                break
            if w in g.CONDITIONAL:
                return True
        m = g.CONDITIONAL_PHRASE.search(tail)
        return m is not None and len(g.words(tail[:m.start()])) <= 2 and not _has_break(
            text, cue.end, cue.end + m.start(), "،؛.!?؟\n")

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

    def _act_to_stop(self, sent: _Sentence, frame: Frame, *, max_gap: int) -> Cue | None:
        """The one-sided act (attack, shelling, aggression) a call in ``frame`` asks to stop: the
        first such cue at most ``max_gap`` words after the stop word ("لوقف [فوري] العدوان")."""
        a, b = frame.region
        stop = self._stop_at(sent, a, b)
        if stop is None:
            return None
        return next((c for c in sent.cues if c.cls in ("hostile_act", "aggression_noun")
                     and stop <= c.start and len(_gap_words(self.text, stop, c.start)) <= max_gap), None)

    def _agent_of_act_to_stop(self, sent: _Sentence, frame: Frame,
                              obj: list[Party]) -> tuple[Party, str, float] | None:
        """The author of the act a call asks to stop, when it is named and is not the party called on
        ("… بالتدخل لوقف العدوان الأذربيجاني")."""
        act = self._act_to_stop(sent, frame, max_gap=1)
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
        act = self._act_to_stop(sent, frame, max_gap=2)
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
            # the act blamed earlier in this sentence ("قال إن القوات X تقدمت…، مضيفا: نحن ندين هذا
            # العدوان"), else the party blamed most so far
            blamed = self.sentence_blamed or self.blamed
            if (act is None and not named) or not blamed:
                return None
            country, _ = blamed.most_common(1)[0]
            if country in {p.country for p in frame.speakers}:
                return None
            return self._state_party(country, at)
        return None

    def _described_act_owner(self, sent: _Sentence, frame: Frame,
                             cands: list[Party]) -> tuple[Party | None, str]:
        """"وصف X العملية التي أطلقتها أذربيجان في 16 نوفمبر بأنها انتهاك": the object of a verb of
        describing, called an aggression or a violation after بأنه/بأنها, is the act of the party
        named inside that object (its relative clause or nisba) — not of the speaker's side and not
        a victim after a preposition."""
        a, b = frame.region
        m = _AS_BEING.search(self.text, a, b)
        if m is None:
            return None, ""
        named = next((c for c in sent.cues if c.cls in MARKERS - {"false_claim_noun"}
                      and m.end() <= c.start < b and len(_gap_words(self.text, m.end(), c.start)) <= 3), None)
        if named is None:
            return None, ""
        kind = "accuse" if named.cls == "hostile_act" or self._violation(named) else "describe_as_aggression"
        own = {p.country for p in frame.speakers} | {self.side_of(p) for p in frame.speakers}
        for p in cands:
            if p.start >= m.start() or not self.side_of(p) or self.side_of(p) in own or \
                    _after_victim_prep(self.text, p, a):
                continue
            return p, kind
        return None, ""

    def _obliged(self, sent: _Sentence, frame: Frame, cands: list[Party]) -> list[Party]:
        """"يجب على X أن توقف…", "إن على X الانسحاب": X is asked to stop."""
        out = []
        for p in cands:
            lead = self.text[max(frame.region[0], p.start - 25):p.start]
            if re.search(r"(?<!\w)على\s*$", lead) and (
                    g.OBLIGATION.search(lead[: lead.rfind("على")])
                    # "الخارجية الأرمينية: على أذربيجان وقف عدوانها": على opens the words reported
                    or (p.start - 25 < frame.region[0] and not g.WORD.search(lead[: lead.rfind("على")]))):
                out.append(p)
            elif _MUST_THAT_VERB.search(self.text, max(frame.region[0], p.start - 40), p.start) and any(
                    c.cls == "stop" and c.end <= p.start and not _gap_words(self.text, c.end, p.start)
                    for c in sent.cues):
                out.append(p)  # "ضرورة أن توقف أذربيجان هجماتها": the subject of the stop verb
        return out

    def _replied_to(self, frame: Frame) -> Party | None:
        """"أنقرة ترد على ماكرون: …": the party a reply is addressed to (رد على X) made the claim."""
        if g.norm_word(getattr(frame.cue, "lemma", "") or "") not in g.RESPOND_LEMMAS:
            return None
        ws = g.words(self.text[frame.cue.end:frame.cue.end + 12])
        if not ws or ws[0] not in g.RESPONSE_ON:
            return None
        return next((p for p in self._sentence_parties_after(frame.cue.end)
                     if len(_gap_words(self.text, frame.cue.end, p.start)) <= 1), None)

    def _sentence_parties_after(self, at: int) -> list[Party]:
        sent = next(s for s in self.sentences if s.start <= at < s.end)
        return [p for p in sent.parties if p.start >= at][:1]

    def _claim_after(self, cue: Any, cands: list[Party], own: set[str | None]) -> Party | None:
        """"لا نرى مبررا لاتهامات يريفان": the owner of the claim named right after the false-claim
        words, behind a noun of claims (اتهامات، مزاعم، ادعاءات)."""
        p = next((q for q in cands if q.start >= cue.end), None)
        if p is None or p.country in own:
            return None
        gap = _gap_words(self.text, cue.end, p.start)
        return p if len(gap) == 1 and (gap[0] in g.CLAIM_NOUNS or gap[0][1:] in g.CLAIM_NOUNS) else None

    def _claim_owner(self, sent: _Sentence, frame: Frame, cands: list[Party]) -> Party | None:
        speaker_countries = {p.country for p in frame.speakers}
        replied = self._replied_to(frame)
        for p in cands:
            if p.country not in speaker_countries and (
                    p is replied or not _after_victim_prep(self.text, p, frame.region[0])):
                return p
        # "ستيباناكرت تحذر من كارثة… وباكو تنفي وجود حصار": a party of another side earlier in the
        # sentence (not the victim of something) made the claim
        speaker_ids = {id(p) for p in frame.speakers}
        for p in reversed([q for q in sent.parties if q.end <= frame.cue.start and id(q) not in speaker_ids]):
            if (p.country or p.actor.type == "group") and p.country not in speaker_countries and \
                    self.side_of(p) not in speaker_countries and \
                    not _after_victim_prep(self.text, p, sent.start):
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
            if not (a <= cue.start < b) or cue.cls not in MARKERS or self._conditional(sent, cue, a):
                continue
            kind = {"hostile_act": "accuse", "aggression_noun": "describe_as_aggression",
                    "false_claim_noun": "deny"}[cue.cls]
            if cue.cls == "false_claim_noun":
                owner = self._claim_after(cue, cands, speaker_countries) or \
                    self._claim_owner(sent, frame, [p for p in cands if p.start < cue.start])
                if owner is not None:
                    found.append((owner, "deny", base))
                continue
            # an aggression one calls (or vows) to end is still called an aggression: "حتى إنهاء
            # الاحتلال الأرميني"; only a negated one is not
            called_off = cue.cls == "aggression_noun" and (
                frame.cue.cls == "call" or not self._negated(cue, sent))
            if self._neutralised(cue, sent) and not called_off:
                continue  # (an aggression one calls to stop is still called an aggression)
            if self._violation(cue):
                kind = "accuse"  # "انتهاك": a breach of the truce is an accusation, not aggression
            agent = self._agent(sent, cue, cands, a, b, speaker_countries)
            if agent is not None:
                if cue.cls == "hostile_act" and self._names_aggression(sent, cue):
                    kind = "describe_as_aggression"  # "شنت عدوانا", "ارتكبت استفزازا": the act is named
                elif cue.cls == "aggression_noun" and (
                        agent.start < cue.start and cue.end <= agent.end
                        or _preceding_word(text, cue.start, a) in g.ARMED_GROUP_NOUNS):
                    kind = "accuse"  # "مجموعات تخريبية من القوات الأرمينية": the adjective names the party
                found.append((agent, kind, base))
                if agent.end <= cue.start:
                    # "الجيش الأذربيجاني والقوات الخاصة التركية شاركوا في الهجوم": a list before the act
                    found.extend((q, kind, base) for q in self._list_before(sent, agent, a)
                                 if q.country not in speaker_countries)
            elif cue.cls == "aggression_noun":
                opp = None
                for c in speaker_countries | {self.side_of(p) for p in frame.speakers}:
                    opp = opp or self.opponent(c)
                # "تدين أي اعتداء على أراضي أرمينيا": the party named as the victim is not the culprit
                if opp and any(p.country == opp and _after_victim_prep(text, p, a) and p.start >= cue.end
                               and len(_gap_words(text, cue.end, p.start)) <= 4 for p in cands):
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

    @staticmethod
    def _list_before(sent: _Sentence, last: Party, floor: int) -> list[Party]:
        """The parties listed with و before ``last`` (itself coordinated), nearest first."""
        out: list[Party] = []
        idx = sent.parties.index(last)
        while idx > 0 and sent.parties[idx].coordinated and sent.parties[idx - 1].start >= floor:
            idx -= 1
            out.append(sent.parties[idx])
        return out

    @staticmethod
    def _violation(cue: Any) -> bool:
        lemma = g.norm_word(getattr(cue, "lemma", "") or "")
        return cue.cls == "aggression_noun" and lemma in g.VIOLATION_LEMMAS

    def _names_aggression(self, sent: _Sentence, act: Any) -> bool:
        """Is the object of this hostile verb an aggression noun ("شنت «استفزازات»")?"""
        return any(c.cls == "aggression_noun" and act.end <= c.start
                   and len(_gap_words(self.text, act.end, c.start)) == 0 for c in sent.cues)

    def _negated(self, cue: Any, sent: _Sentence) -> bool:
        prev = g.words(self.text[max(sent.start, cue.start - 30):cue.start])[-2:]
        return any(w in g.NEGATION for w in prev[-1:])

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
        # the act inside the mention itself ("القصف الأذربيجاني" read as the Azerbaijani forces; the
        # mention of "للقصف الأذربيجاني" starts after the proclitic ل that the cue includes)
        for p in cands:
            if p.start < cue.end and cue.start < p.end and p.country not in own:
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
        if not is_noun and not suffering and before and not _gap_words(text, before[-1].end, cue.start) \
                and not _has_break(text, before[-1].end, cue.start, ":؛.!?؟\n،") \
                and not _after_victim_prep(text, before[-1], a):
            return before[-1]  # "الجيش الأذربيجاني يقصف ستيباناكرت": the subject right before the verb
        if after:
            p = after[0]
            gap = _gap_words(text, cue.end, p.start)
            raw = text[cue.end:p.start]
            clean = not any(w in g.VICTIM_PREPS for w in gap) and not _has_break(text, cue.end, p.start,
                                                                                   ":؛.!?؟\n")
            if clean and "،" not in raw:
                # (the genitive after a masdar of killing is its victim: "إعدام جنود أرمن")
                if is_noun and not suffering and (not gap or all(w.startswith("ال") for w in gap[:3])
                                                  and len(gap) <= 3):
                    return p
                if not is_noun and len(gap) <= 1 and not (suffering and gap):
                    return p
            if not _has_break(text, cue.end, p.start, ":؛.!?؟\n") and not suffering and len(gap) <= 10 and (
                    (clean and re.search(r"(?<!\w)من\s*$", raw))
                    or re.search(r"(?<!\w)(?:من قبل|من جانب|على يد)(?:\s+[^\s،,]+){0,2}\s*$", raw)):
                return p
            # "قتل أسرى أرمن على يد جنود أذربيجانيين": the agent named further on, past the victims
            for q in after[1:]:
                raw_q = text[cue.end:q.start]
                if len(_gap_words(text, cue.end, q.start)) > 10 or _has_break(text, cue.end, q.start,
                                                                                ":؛.!?؟\n"):
                    break
                if re.search(r"(?<!\w)(?:من قبل|من جانب|على يد)(?:\s+[^\s،,]+){0,2}\s*$", raw_q):
                    return q
        # "قناص أرمني قتل جنديا أذربيجانيا": with its victim (of the speaker's side) as the object
        # right after it, a killing verb has its agent before it
        victim_after = suffering and any(
            q.start >= cue.end and q.country in own and len(_gap_words(text, cue.end, q.start)) <= 1
            for q in sent.parties)
        if before and (not suffering or victim_after):
            p = before[-1]
            gap = _gap_words(text, p.end, cue.start)
            # "جنود أرمن قتلوا في القصف": a party before a verb of suffering is whom the act hit
            if (len(gap) <= 3 and not any(w in g.COMPLEMENTISERS for w in gap)
                    and not any(p.end <= c.start < cue.start and g.norm_word(getattr(c, "lemma", "") or "")
                                in g.SUFFERING_LEMMAS for c in sent.cues)
                    and not _has_break(text, p.end, cue.start, ":؛.!?؟\n،")
                    and not _after_victim_prep(text, p, a)):
                return p
        return None
