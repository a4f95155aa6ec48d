"""The statement engine on sentences written for these tests, over a tiny fake knowledge.

The fake knowledge stands in for the gazetteer and lexicon so that each test exercises one
mechanism of the engine (speaker attribution, target vs victim, mutual blame, kinds), not the
coverage of the curated data. Every rule of ``statements.py`` has a case here.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from kg.extract.knowledge import Cue
from kg.extract.statements import build_parties, extract_statements
from kg.model import BLAME_KINDS, Actor, Article, Mention, ResolvedDate

AM = Actor("state-am", "Armenia", "أرمينيا", "state", "AM", gender="f")
AZ = Actor("state-az", "Azerbaijan", "أذربيجان", "state", "AZ", gender="f")
FR = Actor("state-fr", "France", "فرنسا", "state", "FR", gender="f")
RU = Actor("state-ru", "Russia", "روسيا", "state", "RU", gender="f")
MOD_AM = Actor("ministry-of-defence-am", "Ministry of Defence of Armenia", "وزارة الدفاع الأرمينية", "body",
               "AM", "state-am", gender="f")
MOD_AZ = Actor("ministry-of-defence-az", "Ministry of Defence of Azerbaijan", "وزارة الدفاع الأذربيجانية",
               "body", "AZ", "state-az", gender="f")
MFA_AZ = Actor("ministry-of-foreign-affairs-az", "Ministry of Foreign Affairs of Azerbaijan",
               "وزارة الخارجية الأذربيجانية", "body", "AZ", "state-az", gender="f")
AF_AZ = Actor("armed-forces-az", "Armed Forces of Azerbaijan", "القوات الأذربيجانية", "armed_forces", "AZ",
              "state-az", gender="pl")
AF_AM = Actor("armed-forces-am", "Armed Forces of Armenia", "القوات الأرمينية", "armed_forces", "AM",
              "state-am", gender="pl")
FR_PRES = Actor("person-president-fr", "President of France", "الرئيس الفرنسي", "person", "FR", "state-fr")
EU = Actor("eu", "European Union", "الاتحاد الأوروبي", "international", None)
STATES = {a.country: a for a in (AM, AZ, FR, RU)}

ACTORS: dict[str, Actor] = {
    "وزارة الدفاع الأرمينية": MOD_AM, "وزارة الدفاع الأذربيجانية": MOD_AZ,
    "وزارة الخارجية الأذربيجانية": MFA_AZ, "القصف الأذربيجاني": AF_AZ, "القوات الأذربيجانية": AF_AZ,
    "القوات الأرمينية": AF_AM,
    "الرئيس الفرنسي": FR_PRES,
    "الوزير ذاكر حسن": Actor("person-zakir", "Zakir", "ذاكر", "person", "AZ"),
    "الاتحاد الأوروبي": EU, "أرمينيا": AM, "أذربيجان": AZ, "فرنسا": FR,
    "روسيا": RU, "اليونان": Actor("state-gr", "Greece", "اليونان", "state", "GR", gender="f"),
    "الرئيس الأذربيجاني": Actor("person-president-az", "President of Azerbaijan", "الرئيس الأذربيجاني",
                                "person", "AZ"),
    "يريفان": AM, "باكو": AZ, "الأذربيجاني": AZ, "الأرميني": AM, "الأرمينية": AM, "أرميني": AM,
}


FakeCue = Cue  # the real cue record, built from the test's own small lexicon below


# surface → (class, gender, form[, lemma])
CUES: dict[str, tuple[str, ...]] = {
    "قالت": ("speech", "f", "perfect"), "قال": ("speech", "m", "perfect"),
    "أضافت": ("speech", "f", "perfect"), "تابع": ("speech", "m", "perfect"),
    "أعلنت": ("speech", "f", "perfect"), "مؤكدة": ("speech", "f", "participle"),
    "أعلن": ("speech", "m", "perfect"),
    "اتهمت": ("accuse", "f", "perfect", "اتهم"), "تتهم": ("accuse", "f", "imperfect", "اتهم"),
    "اتهمتها": ("accuse", "f", "perfect", "اتهم"),
    "اتهم": ("accuse", "m", "perfect", "اتهم"), "أدانت": ("condemn", "f", "perfect"),
    "أدان": ("condemn", "m", "perfect"), "دعا": ("call", "m", "perfect"), "حث": ("call", "m", "perfect"),
    "نفت": ("deny", "f", "perfect"), "أعرب": ("concern", "m", "perfect"),
    "قصفت": ("hostile_act", "f", "perfect"), "تقصف": ("hostile_act", "f", "imperfect"),
    "هاجمت": ("hostile_act", "f", "perfect"),
    "قصف": ("hostile_act", None, "masdar"), "القصف": ("hostile_act", None, "masdar"),
    "هجماتها": ("hostile_act", None, "masdar"), "استهدفت": ("hostile_act", "f", "perfect"),
    "العدوان": ("aggression_noun", None, "noun"), "استفزازات": ("aggression_noun", None, "noun"),
    "مضللة": ("false_claim_noun", None, "noun"), "بحسب": ("according_to", None, "particle"),
    "تبادل": ("mutual", "m", "perfect"), "تتحمل": ("hold_responsible", "f", "imperfect"),
    # a lexicon whose first reading of a participle in ة is masculine (مضيفة = مضيف + ـه)
    "مضيفة": ("speech", "m", "participle"), "قتلوا": ("hostile_act", "m", "perfect", "قتل"),
    "إطلاق النار": ("hostile_act", None, "phrase"), "تعتبره": ("describe", "f", "imperfect"),
    "اعلنتا": ("speech", "f", "perfect"), "أضاف": ("speech", "m", "perfect"),
    "تعلن": ("speech", "f", "imperfect"), "حسبما": ("according_to", None, "particle"),
    "بيان": ("speech", None, "noun"), "لبيان": ("speech", None, "noun"),
    "وفقا": ("according_to", None, "particle"),
    "داعيا": ("call", "m", "participle"), "اتهام": ("accuse", None, "masdar"),
    "الهجوم": ("hostile_act", None, "masdar"), "وصفه": ("describe", None, "masdar"),
    "داعية": ("call", "f", "participle"), "ندد": ("condemn", "m", "perfect"),
    "انتهاك": ("aggression_noun", None, "noun"), "شجبت": ("condemn", "f", "perfect"),
    "ألقت باللوم": ("hold_responsible", "f", "phrase"), "أفادت": ("speech", "f", "perfect", "أفاد"),
    "ذكرت": ("speech", "f", "perfect", "ذكر"), "وتتحدث": ("speech", "f", "imperfect"),
    "مشيرا": ("speech", "m", "participle"),
    "يصدر": ("speech", "m", "imperfect"),
    "اتُّهمت": ("accuse", "f", "perfect", "اتهم"),
    "ذاكر": ("speech", "m", "participle", "ذكر"), "طالب": ("call", "m", "perfect"),
    "لجم": ("stop", None, "masdar"), "شنت": ("hostile_act", "f", "perfect"),
    "عدوانا": ("aggression_noun", None, "noun"), "ولفت": ("speech", "m", "perfect", "لفت"),
    "وحمّلت": ("hold_responsible", "f", "perfect"), "وطلب": ("call", "m", "perfect"),
    "دعت": ("call", "f", "perfect"), "اتهامات": ("accuse", None, "noun", "اتهام"),
}


class FakeKnowledge:
    def __init__(self) -> None:
        names = sorted(ACTORS, key=len, reverse=True)
        self._actor_re = re.compile(r"(?<![\w])[وفبل]?(" + "|".join(map(re.escape, names)) + r")(?![\w])")
        self._cue_re = re.compile(r"(?<![\w])[وفل]?(" + "|".join(map(re.escape, CUES)) + r")(?![\w])")

    def find_actors(self, text: str) -> list[Mention]:
        return [Mention(ACTORS[m.group(1)], m.start(1), m.end(1), m.group(1))
                for m in self._actor_re.finditer(text)]

    def find_cues(self, text: str) -> list[FakeCue]:
        out = []
        for m in self._cue_re.finditer(text):
            cls, gender, form, *lemma = CUES[m.group(1)]
            number = "du" if m.group(1).endswith("تا") else "sg"
            out.append(FakeCue(m.start(1), m.end(1), m.group(1), cls, lemma[0] if lemma else m.group(1),
                               gender, number, form))
        return out

    def state(self, iso2: str) -> Actor:
        return STATES[iso2]


PUBLISHED = date(2030, 1, 15)


def fake_extraction(text: str):
    """Statements of ``text`` (one sentence per line) over :class:`FakeKnowledge`, with what the
    engine read: (article, sentence spans, mentions, statements, date function, knowledge)."""
    k = FakeKnowledge()
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line), False))
        pos += len(line) + 1
    article = Article(id="t", text=text, file_name="t.txt", sha256="0", published=PUBLISHED)

    def date_for(s: int, e: int, c: int) -> ResolvedDate:
        return ResolvedDate(None, "bounded", latest=PUBLISHED)

    mentions = k.find_actors(text)
    stmts = extract_statements(article, k, spans, mentions, k.find_cues(text), date_for)
    return article, spans, mentions, stmts, date_for, k


def run(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, speaker key, target country) of every statement in ``text`` (one sentence per line)."""
    *_, stmts, _date_for, _k = fake_extraction(text)
    for st in stmts:
        assert text[st.start:st.end] == st.evidence
    return [(st.kind, st.speaker.key, st.target.country if st.target else None) for st in stmts]


def blame(text: str) -> list[tuple[str, str, str | None]]:
    return [r for r in run(text) if r[0] in BLAME_KINDS]


def test_statement_count_of_this_suite() -> None:
    assert len([n for n in globals() if n.startswith("test_")]) == 79


def test_verb_subject_speaker_and_agent_after_complementiser() -> None:
    assert blame("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرية حدودية.") == [
        ("accuse", "ministry-of-defence-am", "AZ")]


def test_victim_after_preposition_is_not_the_target() -> None:
    assert blame("وقالت وزارة الدفاع الأذربيجانية إن القصف استهدف مواقع على الحدود مع أرمينيا.") == []


def test_speaker_never_blames_its_own_state() -> None:
    assert blame("وقالت وزارة الدفاع الأرمينية إن القوات الأرمينية هاجمت مواقع معادية.") == []


def test_implicit_subject_takes_the_nearest_speaker_of_the_same_gender() -> None:
    text = ("قال الرئيس الفرنسي إن الوضع خطير.\n"
            "وأعلنت وزارة الدفاع الأرمينية أن الوضع متوتر.\n"
            "وتابع أن أذربيجان قصفت المدنيين.")
    assert blame(text) == [("accuse", "person-president-fr", "AZ")]


def test_feminine_implicit_subject_continues_the_ministry() -> None:
    text = "وقالت وزارة الدفاع الأرمينية في بيان إن الوضع متوتر.\nوأضافت أن القوات الأذربيجانية قصفت بلدة."
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ")]


def test_participle_takes_the_subject_of_its_sentence() -> None:
    text = "أعلنت يريفان أن الهدوء عاد، مؤكدة أن باكو قصفت بلدات حدودية."
    assert blame(text) == [("accuse", "state-am", "AZ")]


def test_explicit_accusation_object_and_subject_before_verb() -> None:
    assert blame("فرنسا تتهم أذربيجان بخرق الاتفاق") == [("accuse", "state-fr", "AZ")]
    assert blame("واتهمت أرمينيا أذربيجان بخرق الاتفاق.") == [("accuse", "state-am", "AZ")]


def test_object_pronoun_resolves_to_the_other_side() -> None:
    text = ("وقالت وزارة الدفاع الأذربيجانية إن القوات الأرمينية قصفت مواقعها.\n"
            "واتهمتها بخرق الهدنة عشرات المرات.")
    assert blame(text)[-1] == ("accuse", "ministry-of-defence-az", "AM")


def test_condemn_with_a_nisba_on_the_act() -> None:
    assert blame("وأدانت فرنسا القصف الأذربيجاني على القرى الأرمينية.") == [("condemn", "state-fr", "AZ")]


def test_condemn_without_a_culprit_is_not_blame() -> None:
    assert blame("وأدانت فرنسا أعمال العنف الأخيرة.") == []


def test_call_on_both_sides_is_restraint_not_blame() -> None:
    out = run("ودعا الرئيس الفرنسي الطرفين إلى وقف القتال فورا.")
    assert out == [("call_for_restraint", "person-president-fr", None)]


def test_call_on_one_party_to_stop_is_call_to_stop() -> None:
    assert blame("وحث الاتحاد الأوروبي أذربيجان على وقف هجماتها.") == [("call_to_stop", "eu", "AZ")]


def test_obligation_on_one_party() -> None:
    assert blame("وقال الرئيس الفرنسي: يجب على أذربيجان أن توقف الهجوم فورا.") == [
        ("call_to_stop", "person-president-fr", "AZ")]


def test_denial_targets_the_party_whose_claim_is_rejected() -> None:
    text = "وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرية.\nونفت باكو ذلك."
    assert blame(text)[-1] == ("deny", "state-az", "AM")


def test_false_claim_noun_in_reported_words_is_a_denial() -> None:
    text = ("وقالت وزارة الدفاع الأذربيجانية إن القوات الأرمينية قصفت مواقعها.\n"
            "وقالت وزارة الدفاع الأرمينية إن هذه معلومات مضللة.")
    assert blame(text)[-1] == ("deny", "ministry-of-defence-am", "AZ")


def test_according_to_gives_the_speaker_of_the_sentence() -> None:
    assert blame("وبحسب وزارة الدفاع الأرمينية، فإن القوات الأذربيجانية قصفت مواقع حدودية.") == [
        ("accuse", "ministry-of-defence-am", "AZ")]


def test_mutual_blame_yields_both_directions() -> None:
    out = blame("وتبادل البلدان الاتهامات بعد الاشتباكات بين أرمينيا وأذربيجان.")
    assert sorted(out) == [("accuse", "state-am", "AZ"), ("accuse", "state-az", "AM")]


def test_aggression_noun_owner_is_described() -> None:
    assert blame("وقالت وزارة الخارجية الأذربيجانية إن استفزازات يريفان تهدد السلام.") == [
        ("describe_as_aggression", "ministry-of-foreign-affairs-az", "AM")]


def test_bearer_of_responsibility_inside_reported_words() -> None:
    assert blame("وأعلنت وزارة الخارجية الأذربيجانية أن يريفان تتحمل المسؤولية كاملة.") == [
        ("hold_responsible", "ministry-of-foreign-affairs-az", "AM")]


def test_concern_is_recorded_but_not_blame() -> None:
    assert run("وأعرب الرئيس الفرنسي عن قلقه من التصعيد.") == [("concern", "person-president-fr", None)]


@pytest.mark.parametrize("text, expected", [
    ("أرمينيا وأذربيجان", [False, True]),
    ("الرئيس الفرنسي فرنسا", [False]),  # apposition of one state's actors merges
])
def test_parties_group_apposition_and_lists(text: str, expected: list[bool]) -> None:
    parties = build_parties(text, FakeKnowledge().find_actors(text))
    assert [p.coordinated for p in parties] == expected


def test_participle_in_ta_marbuta_is_feminine_whatever_the_lexicon_says() -> None:
    text = "وقال الرئيس الفرنسي إن الوضع صعب.\nوأعلنت وزارة الدفاع الأرمينية الحصيلة، مضيفة أن باكو قصفت قرى."
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ")]


def test_singular_implicit_subject_does_not_take_a_pair() -> None:
    text = "وكانت باكو ويريفان اعلنتا بدء المعارك.\nوأضاف أن القوات الأذربيجانية قصفت قرى."
    assert blame(text) == []


def test_stopped_or_negated_act_is_not_an_act() -> None:
    assert blame("وقالت روسيا إن أرمينيا وأذربيجان اتفقتا على وقف إطلاق النار.") == []
    assert blame("وقالت فرنسا إن أذربيجان تعمل لقمع نقاط إطلاق النار الأرمينية.") == []
    assert blame("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية لم تقصف القرى.") == []


def test_party_before_a_verb_of_killing_is_the_victim() -> None:
    assert blame("وقالت وزارة الدفاع الأذربيجانية إن عشرات من القوات الأرمينية قتلوا.") == []


def test_speaker_head_before_the_state_nisba() -> None:
    assert blame("وقال مسؤول عسكري الأرميني إن القوات الأذربيجانية قصفت البلدة.") == [
        ("accuse", "state-am", "AZ")]


def test_unknown_named_subject_of_qala_is_not_carried_over() -> None:
    text = "وقالت وزارة الدفاع الأرمينية إن الوضع هادئ.\nوقال يوهانس شميت إن القوات الأذربيجانية قصفت قرى."
    assert blame(text) == []


def test_head_with_the_affiliation_further_on() -> None:
    text = "وقال مستشار في مكتب الرئيس الفرنسي إن أذربيجان قصفت قرى."
    assert blame(text) == [("accuse", "state-fr", "AZ")]


def test_coordinated_verb_shares_the_subject_of_the_first() -> None:
    assert blame("أبدى الاتحاد الأوروبي قلقه وأدان القصف الأذربيجاني.") == [("condemn", "eu", "AZ")]


def test_relative_clause_reports_only_to_its_end() -> None:
    text = "وأشاد الرئيس – الذي تعتبره روسيا حليفا – بالهدنة بعد أن قصفت أذربيجان القرى."
    assert blame(text) == []


def test_negated_complaint_by_one_side_about_the_other() -> None:
    text = "أرمينيا وأذربيجان.\nوقالت وزارة الدفاع الأرمينية إنها ملتزمة بالهدنة لكن أذربيجان لا تلتزم بها."
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ")]


def test_two_speakers_in_one_sentence_give_two_speech_acts() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى، "
            "أعلنت وزارة الدفاع الأذربيجانية أن القوات الأرمينية قصفت مواقعها، "
            "وأضافت أن أذربيجان هاجمت مجددا.")
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ"),
                           ("accuse", "ministry-of-defence-az", "AM")]


def test_party_after_a_preposition_is_not_part_of_a_preposed_subject() -> None:
    out = run("هدوء الحدود مع أذربيجان وأرمينيا تعلن عودة النازحين")
    assert [r[1] for r in out] == ["state-am"]


def test_speech_verb_after_according_to_reports_what_came_before() -> None:
    text = "وزار الرئيس الفرنسي باريس للحديث عن العدوان الأذربيجاني، حسبما أعلنت يريفان أمس."
    assert blame(text) == [("describe_as_aggression", "state-am", "AZ")]


def test_other_side_wielding_weapons_is_accused() -> None:
    assert blame("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية تستخدم المدفعية الثقيلة.") == [
        ("accuse", "ministry-of-defence-am", "AZ")]
    assert blame("وقالت وزارة الدفاع الأرمينية إنها دمرت مدفعية القوات الأذربيجانية.") == []
    assert blame("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية خسرت ثلاث دبابات.") == []


def test_act_inside_the_mention_is_done_by_it() -> None:
    assert blame("وقالت وزارة الدفاع الأرمينية إن منازل تضررت جراء القصف الأذربيجاني.") == [
        ("accuse", "ministry-of-defence-am", "AZ")]


def test_statement_noun_as_head_gives_its_gender_to_the_speaker() -> None:
    text = "وقال بيان وزارة الدفاع الأذربيجانية إن الوضع هادئ.\nوأضاف أن القوات الأرمينية قصفت مواقع."
    assert blame(text) == [("accuse", "ministry-of-defence-az", "AM")]


def test_comma_between_a_party_and_a_verb_is_not_subject_verb() -> None:
    out = run("وقالت وزارة الدفاع الأرمينية إن القتال مستمر مع أذربيجان، تعلن باريس قلقها.")
    assert all(r[1] != "state-az" for r in out)


def test_according_to_the_statement_is_its_issuer() -> None:
    text = "وقالت وزارة الدفاع الأذربيجانية إن الوضع هادئ.\nووفقا للبيان، فإن القوات الأرمينية قصفت مواقع."
    assert blame(text)[-1] == ("accuse", "ministry-of-defence-az", "AM")


def test_according_to_him_covers_the_words_before_a_later_verb() -> None:
    text = ("أرمينيا وأذربيجان.\nوقالت وزارة الدفاع الأرمينية إن الوضع متوتر.\n"
            "كما أن أذربيجان، وفقا لها، لم تلتزم بالهدنة، مؤكدة أن الحل سياسي.")
    assert blame(text)[-1] == ("accuse", "ministry-of-defence-am", "AZ")


def test_open_quote_keeps_its_speaker_over_sentences() -> None:
    text = ("قال الرئيس الفرنسي: “الوضع سيئ.\nإن القوات الأذربيجانية قصفت قرى.\n"
            "وأذربيجان هاجمت مدنيين”.\nوقالت روسيا إن الوضع هادئ.")
    assert blame(text) == [("accuse", "person-president-fr", "AZ"), ("accuse", "person-president-fr", "AZ")]


def test_sentence_opening_with_speech_verb_and_bidhalik_reports_the_one_before() -> None:
    text = "الحصار يخنق القرى بسبب القصف الأذربيجاني.\nأعلن بذلك الرئيس الفرنسي أمس."
    assert blame(text) == [("accuse", "person-president-fr", "AZ")]


def test_nominal_accusation_with_the_accuser_in_the_genitive() -> None:
    text = "وقالت روسيا إن اتهام أذربيجان لأرمينيا غير مقبول."
    assert ("accuse", "state-az", "AM") in blame(text)
    assert blame("ووجه الرئيس الفرنسي اتهاما لأذربيجان.") == []


def test_statement_owner_named_earlier_in_the_sentence_speaks() -> None:
    text = "وعودة لبيان وزارة الخارجية الأذربيجانية، حيث قالت إن القوات الأرمينية قصفت مواقع."
    assert blame(text) == [("accuse", "ministry-of-foreign-affairs-az", "AM")]


def test_call_to_stop_an_unnamed_attack_targets_the_party_blamed_so_far() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى.\n"
            "وأدان الرئيس الفرنسي التصعيد، داعيا إلى وقف الهجوم فورا.")
    # the condemnation of the escalation names the same culprit, and condemn is the main kind
    assert blame(text)[-1] == ("condemn", "person-president-fr", "AZ")
    text = ("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى.\n"
            "وقال الرئيس الفرنسي إن الوضع خطير، داعيا إلى وقف الهجوم فورا.")
    assert blame(text)[-1] == ("call_to_stop", "person-president-fr", "AZ")
    assert blame("وأعلن الرئيس الفرنسي أنه داعيا إلى وقف الهجوم فورا.") == []


def test_object_of_a_blame_verb_may_stand_past_a_verb_of_the_same_speaker() -> None:
    assert blame("وندد الرئيس الفرنسي بما وصفه العدوان الأذربيجاني.") == [
        ("condemn", "person-president-fr", "AZ")]


def test_lone_party_after_accuse_with_the_charge_is_the_accused() -> None:
    text = "وقالت وزارة الدفاع الأذربيجانية إن الوضع متوتر، واتهمت يريفان بانتهاك الهدنة."
    assert blame(text) == [("accuse", "ministry-of-defence-az", "AM")]


def test_call_on_both_named_parties_is_restraint() -> None:
    text = "أرمينيا وأذربيجان.\nوقالت روسيا إنها قلقة، داعية باكو ويريفان إلى وقف القتال."
    assert blame(text) == []
    assert ("call_for_restraint", "state-ru", None) in run(text)


def test_kullun_min_before_a_list_of_subjects() -> None:
    out = blame("وشجبت كل من فرنسا واليونان القصف الأذربيجاني.")
    assert out == [("condemn", "state-fr", "AZ"), ("condemn", "state-gr", "AZ")]


def test_blame_laid_on_a_party_after_ala() -> None:
    assert blame("وقالت وزارة الدفاع الأذربيجانية إن الوضع متوتر.\nوألقت باللوم على يريفان.")[-1] == (
        "hold_responsible", "ministry-of-defence-az", "AM")


def test_call_without_blame_is_still_recorded() -> None:
    assert run("ودعت روسيا أذربيجان إلى ضبط النفس.") == [("call_for_restraint", "state-ru", None)]


def test_noun_after_an_attributed_verb_is_its_unknown_subject() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن الوضع متوتر.\n"
            "وقصفت القوات الأذربيجانية قرى، وفق ما أفادت السلطات المحلية.")
    assert blame(text) == []


def test_statement_noun_with_issuer_and_reported_words() -> None:
    assert blame("وجاء في بيان وزارة الدفاع الأرمينية، أن القوات الأذربيجانية قصفت قرى.") == [
        ("accuse", "ministry-of-defence-am", "AZ")]


def test_rejected_subject_is_not_taken_for_an_unknown_one() -> None:
    text = "وأدان الرئيس الفرنسي القصف.\nكما دعا أذربيجان إلى وقف الهجوم."
    assert blame(text) == [("call_to_stop", "person-president-fr", "AZ")]


def test_bare_sentence_opening_verb_does_not_continue_the_last_speaker() -> None:
    text = "وقال الرئيس الفرنسي إن الوضع صعب.\nقال لورانس، الباحث في معهد بحثي، إن أذربيجان قصفت قرى."
    assert blame(text) == []
    text = "وقال الرئيس الفرنسي إن الوضع صعب.\nوقال لقناة محلية إن أذربيجان قصفت قرى."
    assert blame(text) == [("accuse", "person-president-fr", "AZ")]


def test_imperfect_verb_inside_reported_words_is_content() -> None:
    text = "وقال الرئيس الفرنسي إن أذربيجان قصفت القرى وتتحدث عن السلام."
    assert [r for r in run(text) if r[0] == "announce"] == []


def test_participle_of_an_unknown_speaker_is_not_carried_over() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن الوضع هادئ.\n"
            "قال يوهانس إن الوضع صعب، مشيرا إلى أن أذربيجان قصفت قرى.")
    assert blame(text) == []


def test_same_speaker_named_again_on_another_day_is_another_statement() -> None:
    k = FakeKnowledge()
    text = ("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى، "
            "أعلنت وزارة الدفاع الأرمينية أمس أن أذربيجان هاجمت مواقع.")
    article = Article(id="t", text=text, file_name="t.txt", sha256="0", published=PUBLISHED)

    def date_for(s: int, e: int, c: int) -> ResolvedDate:
        day = 14 if c > text.index("أعلنت") - 1 else 15
        return ResolvedDate(date(2030, 1, day), "relative")

    stmts = extract_statements(article, k, [(0, len(text), False)], k.find_actors(text), k.find_cues(text),
                               date_for)
    assert [(st.speaker.key, st.date.value.day) for st in stmts if st.kind in BLAME_KINDS] == [
        ("ministry-of-defence-am", 15), ("ministry-of-defence-am", 14)]


def test_ministry_named_by_one_word_is_the_one_heard_before() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن الوضع هادئ.\n"
            "وأضافت الدفاع في بيان أن القوات الأذربيجانية قصفت قرى.")
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ")]


def test_negated_verb_of_saying_is_no_statement() -> None:
    assert run("ولم يصدر أي تعليق من باكو.") == []


def test_owner_of_the_fire_is_the_agent() -> None:
    text = "وقالت وزارة الدفاع الأذربيجانية إن جنديا أصيب برصاص قناص أرميني."
    assert blame(text) == [("accuse", "ministry-of-defence-az", "AM")]


def test_party_and_colon_opening_a_headline_is_its_speaker() -> None:
    assert blame("أذربيجان: القوات الأرمينية قصفت مواقعنا") == [("accuse", "state-az", "AM")]


def test_verb_of_saying_inside_a_name_is_no_cue() -> None:
    assert run("وصل الوزير ذاكر حسن إلى باريس.") == []


def test_passive_written_with_its_damma_has_no_speaker() -> None:
    assert blame("اتُّهمت أذربيجان بانتهاك الهدنة.") == []


def test_filler_words_do_not_count_against_the_object_window() -> None:
    assert blame("وطالب الرئيس الفرنسي في بيان صدر الخميس أذربيجان بوقف القصف.") == [
        ("call_to_stop", "person-president-fr", "AZ")]


def test_object_ending_in_alef_is_not_skipped_as_an_adverb() -> None:
    assert blame("واتهمت فرنسا أرمينيا بخرق الاتفاق.") == [("accuse", "state-fr", "AM")]


def test_stop_cue_of_the_lexicon_makes_a_call_to_stop() -> None:
    assert blame("ودعا الرئيس الفرنسي أذربيجان إلى لجم هجماتها.") == [
        ("call_to_stop", "person-president-fr", "AZ")]


def test_quote_span_is_inside_the_marks_and_never_empty() -> None:
    k = FakeKnowledge()
    texts = ('وقال الرئيس الفرنسي "', 'وقال الرئيس الفرنسي: "أذربيجان قصفت القرى"',
             "وقال الرئيس الفرنسي: «الوضع")
    for text in texts:
        article = Article(id="t", text=text, file_name="t.txt", sha256="0", published=PUBLISHED)
        stmts = extract_statements(article, k, [(0, len(text), False)], k.find_actors(text),
                                   k.find_cues(text), lambda s, e, c: ResolvedDate(None, "unknown"))
        for st in stmts:
            if st.quote_start is not None:
                assert st.start <= st.quote_start < st.quote_end <= st.end
                assert text[st.quote_start:st.quote_end].strip() and text[st.quote_start] not in "\"«"


def test_lemma_ending_like_a_pronoun_is_no_pronoun() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى.\n"
            "واتهم الرئيس الفرنسي المجتمع الدولي بالصمت.")
    assert blame(text)[1:] == []


def test_role_and_name_split_by_an_unknown_first_name_are_one_speaker() -> None:
    parties = build_parties("الرئيس الفرنسي آلن ماكرون", [
        Mention(FR_PRES, 0, 14, "الرئيس الفرنسي"),
        Mention(Actor("person-macron", "Emmanuel Macron", "ماكرون", "person", "FR"), 19, 25, "ماكرون")])
    assert [p.actor.key for p in parties] == ["person-macron"]


def test_hostile_verb_whose_object_names_the_aggression_describes_it() -> None:
    assert blame("وقالت وزارة الدفاع الأرمينية إن أذربيجان شنت عدوانا جديدا.") == [
        ("describe_as_aggression", "ministry-of-defence-am", "AZ")]


def test_first_inferred_kind_of_a_sentence_stands() -> None:
    text = "وقالت وزارة الدفاع الأرمينية إن أذربيجان قصفت قرى وإن العدوان الأذربيجاني مستمر."
    assert blame(text) == [("accuse", "ministry-of-defence-am", "AZ")]


def test_anaphoric_noun_gives_its_own_gender_to_later_verbs() -> None:
    text = ("وقالت وزارة الدفاع الأذربيجانية إن الوضع متوتر.\nوأضاف البيان أن الجيش صامد.\n"
            "ولفت إلى أن القوات الأرمينية قصفت قرى.")
    assert blame(text) == [("accuse", "ministry-of-defence-az", "AM")]


def test_spokesperson_of_the_ministry_with_an_unknown_name() -> None:
    text = ("وقالت وزارة الدفاع الأرمينية إن الوضع متوتر.\n"
            "وحمّلت المتحدثة باسم الوزارة شوشان ستيبانيان أذربيجان المسؤولية.")
    assert blame(text) == [("hold_responsible", "ministry-of-defence-am", "AZ")]


def test_call_to_de_escalate_is_restraint() -> None:
    assert run("ودعا الاتحاد الأوروبي إلى خفض التصعيد.") == [("call_for_restraint", "eu", None)]


def test_single_party_after_a_continued_call_verb_is_its_object() -> None:
    text = "وأعرب الرئيس الفرنسي عن قلقه، وطلب الرئيس الأذربيجاني وقف الهجوم."
    assert blame(text) == [("call_to_stop", "person-president-fr", "AZ")]


def test_accusations_addressed_to_a_party() -> None:
    assert blame("ووجهت أرمينيا اتهامات لأذربيجان بخرق الهدنة.") == [("accuse", "state-am", "AZ")]


def test_quote_before_the_verb_is_what_was_said() -> None:
    assert blame("«القوات الأذربيجانية قصفت القرى»، قال الرئيس الفرنسي.") == [
        ("accuse", "person-president-fr", "AZ")]
