"""Held-out check of the extractor on articles nobody tuned rules on, plus regression sentences.

``tests/fixtures/heldout/`` holds short Arabic news articles written for this test (see its
README): other outlets' styles and other episodes than the seeds and the dev corpus, with gold
lines in the format of ``shared/eval/score.py`` written *before* the extractor was run on them.
The numbers are printed (``pytest -s``) and held to a floor a little under what the extractor
reaches, so that a change that only fits the seeds or the dev corpus shows up here.

The second half runs sentences of our own through the real gazetteer and lexicon, one per error
class the held-out set and the corpora revealed (each fixed by a general mechanism, none keyed
to a corpus sentence).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.extract import extract_article
from kg.extract.jsonl import statement_to_json
from kg.extract.knowledge import load_knowledge
from kg.model import BLAME_KINDS, Article

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
BASE = "https://w3id.org/kg/"
#: (P, R, F1, kind accuracy) floors
FLOOR = (0.90, 0.85, 0.88, 0.80)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _article(aid: str, text: str, published: date | None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=aid, text=text, file_name=f"{aid}.txt", sha256=digest, published=published)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


@pytest.fixture(scope="module")
def rows(knowledge) -> list[dict]:
    out = []
    for meta in _jsonl(HELDOUT / "articles.jsonl"):
        text = (HELDOUT / "texts" / f"{meta['id']}.txt").read_text("utf-8")
        published = date.fromisoformat(meta["published"]) if meta["published"] else None
        ex = extract_article(_article(meta["id"], text, published), knowledge)
        out += [statement_to_json(s, BASE, ex.article) for s in ex.statements]
    return out


def test_fixture_is_consistent() -> None:
    metas = _jsonl(HELDOUT / "articles.jsonl")
    ids = {m["id"] for m in metas}
    assert len(ids) == len(metas) >= 8
    texts = {i: (HELDOUT / "texts" / f"{i}.txt").read_text("utf-8") for i in ids}
    for line in _jsonl(HELDOUT / "gold.jsonl") + _jsonl(HELDOUT / "negatives.jsonl"):
        assert line["article"] in ids
        assert line["evidence"] in texts[line["article"]], line["evidence"]
    for line in _jsonl(HELDOUT / "gold.jsonl"):
        assert line["kind"] in BLAME_KINDS
        assert line["date_basis"] in ("explicit", "relative", "bounded", "unknown")


def test_heldout_scores_reach_the_floor(rows) -> None:
    gold = _jsonl(HELDOUT / "gold.jsonl")
    result = score(gold, rows)
    print(f"\nheld-out: {result.summary()}")
    p, r, f, k = FLOOR
    assert result.P >= p and result.R >= r and result.F1 >= f and result.kind_accuracy >= k, result.summary()


def test_heldout_negatives_are_not_blame(rows) -> None:
    """Concern, calls on both sides, refusals to name a culprit: no blame by that speaker in that
    sentence unless gold blame stands in the same sentence."""
    gold = _jsonl(HELDOUT / "gold.jsonl")
    leaks = []
    for neg in _jsonl(HELDOUT / "negatives.jsonl"):
        for r in rows:
            if r["article"] != neg["article"] or neg["evidence"] not in r["evidence"]:
                continue
            if r["kind"] not in BLAME_KINDS:
                continue
            if neg["speaker_country"] and r["speaker"]["country"] != neg["speaker_country"]:
                continue
            if any(g["article"] == r["article"] and g["evidence"] in r["evidence"] for g in gold):
                continue
            leaks.append((neg["evidence"], r["kind"], r["speaker"]["label"], r["target"]["label"]))
    assert leaks == []


# --- regression sentences (our own), through the real gazetteer and lexicon ----------------------

def _statements(knowledge, text: str, published: date | None = date(2022, 9, 14)) -> list[tuple]:
    ex = extract_article(_article("t", text, published), knowledge)
    return [(s.kind, s.speaker.country or s.speaker.key,
             (s.target.country or s.target.key) if s.target else None) for s in ex.statements]


def _statements_by_key(knowledge, text: str) -> list[tuple]:
    """Like :func:`_statements`, with a body's own key for the speaker (two bodies of one state)."""
    ex = extract_article(_article("t", text, date(2022, 9, 14)), knowledge)
    return [(s.kind, s.speaker.key if s.speaker.type == "body" else s.speaker.country or s.speaker.key,
             (s.target.country or s.target.key) if s.target else None) for s in ex.statements]


def _blame(knowledge, text: str, published: date | None = date(2022, 9, 14)) -> set[tuple]:
    return {t for t in _statements(knowledge, text, published) if t[0] in BLAME_KINDS}


@pytest.mark.parametrize(("text", "expected"), [
    # first person plural inside a quote: the speaker is the one quoted, the party after it the object
    ('وقالت الخارجية الأذربيجانية في بيان: "نحمّل أرمينيا المسؤولية الكاملة عن التصعيد".',
     {("hold_responsible", "AZ", "AM")}),
    ('وقال وزير الخارجية الفرنسي للصحفيين: "ندعو أذربيجان إلى وقف هجماتها فورا".',
     {("call_to_stop", "FR", "AZ")}),
    ('وأضافت الوزارة الأرمينية: "نتهم باكو بقصف القرى الحدودية".', {("accuse", "AM", "AZ")}),
    ('وقال الرئيس الأذربيجاني: "ندين بشدة الاستفزاز الأرميني".', {("condemn", "AZ", "AM")}),
])
def test_first_person_plural_in_quotes(knowledge, text: str, expected: set) -> None:
    assert _blame(knowledge, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("وقالت وزارة الخارجية الأرمينية إن أذربيجان حنثت بتعهداتها بعدم استخدام القوة.", ("accuse", "AM", "AZ")),
    ("قالت سلطات قره باغ الانفصالية إن أذربيجان تواصل قطع إمدادات الغاز عن السكان منذ أسابيع.",
     ("accuse", "group-nk-authorities", "AZ")),
    ("وقالت وزارة الخارجية الأرمينية إن باكو تتعمد تعطيل الإمدادات الإنسانية عبر الممر.",
     ("accuse", "AM", "AZ")),
    ("وقال المتحدث باسم وزارة الدفاع الأذربيجانية إن وحدات أرمينية تسللت إلى مواقعنا ليلا.",
     ("accuse", "AZ", "AM")),
    ("وأكدت الخارجية الأرمينية أن القوات الأذربيجانية أجبرت السكان على مغادرة منازلهم.",
     ("accuse", "AM", "AZ")),
    ("وقال رئيس الوزراء الأرميني إن أذربيجان تنصلت من التزاماتها.", ("accuse", "AM", "AZ")),
    ("وغرّد المتحدث باسم الرئاسة الأذربيجانية بأن القوات الأرمينية اخترقت الحدود.", ("accuse", "AZ", "AM")),
    ("واعتبرت الخارجية الأرمينية أن ما تقوم به أذربيجان تطهير عرقي.", ("describe_as_aggression", "AM", "AZ")),
    ('وقالت وزارة الدفاع الأرمينية إن "القوات الأذربيجانية استأنفت أعمالها الهجومية".',
     ("accuse", "AM", "AZ")),
])
def test_new_hostile_acts(knowledge, text: str, expected: tuple) -> None:
    assert expected in _blame(knowledge, text)


@pytest.mark.parametrize("text", [
    'وردت وزارة الدفاع الأذربيجانية بأن اتهامات يريفان "لا صحة لها".',
    'وقالت وزارة الدفاع الأذربيجانية إن اتهامات يريفان "لا أساس لها على الإطلاق".',
    'ووصفت وزارة الدفاع الأذربيجانية اتهامات يريفان بأنها "عارية تماما عن الصحة".',
])
def test_denial_phrases(knowledge, text: str) -> None:
    assert ("deny", "AZ", "AM") in _blame(knowledge, text)


def test_denial_of_this_claim_targets_its_last_speaker(knowledge) -> None:
    text = ("وقال وزير الخارجية الفرنسي إن القوات الأذربيجانية قصفت مدنا أرمينية.\n"
            "في المقابل، رفضت الخارجية الأذربيجانية هذه التصريحات ووصفتها بأنها منحازة.")
    assert ("deny", "AZ", "FR") in _blame(knowledge, text)


def test_expressed_condemnation_with_the_subject_between(knowledge) -> None:
    text = "وأعرب البرلمان الأوروبي عن إدانته الشديدة للهجوم الأذربيجاني على الأراضي الأرمينية."
    assert {(k, t) for k, _, t in _blame(knowledge, text)} == {("condemn", "AZ")}


@pytest.mark.parametrize("text", [
    "وقال المتحدث باسم الكرملين إن الرئيس الروسي يتابع الوضع على الحدود عن كثب.",  # monitors
    "وقالت وزارة الدفاع الأذربيجانية إن وحداتها ردت على قصف أرميني لمواقعها.",  # responded to fire
    "وكانت أرمينيا وأذربيجان أعلنتا أن اشتباكات دارت بين قواتهما وأسفرت عن مقتل جنود أذريين لم تحدد عددهم.",
])
def test_not_speech_or_not_blame(knowledge, text: str) -> None:
    found = _statements(knowledge, text)
    assert not any(k in BLAME_KINDS and sp in ("RU", "AM") for k, sp, _ in found), found
    assert not any(k == "refuse_to_blame" for k, _, _ in found), found
    if "ردت" in text:  # the ministry's own claim stands, but "ردت" opens no second statement
        assert sum(1 for k, _, _ in found if k in BLAME_KINDS) <= 1


def test_responded_that_is_still_speech(knowledge) -> None:
    text = 'وردت الخارجية الأذربيجانية قائلة إن "القوات الأرمينية قصفت مواقعنا".'
    assert ("accuse", "AZ", "AM") in _blame(knowledge, text)


def test_refusal_to_name_the_culprit_stays(knowledge) -> None:
    text = "قالت وزارة الدفاع الروسية إنها سجلت خرقا للهدنة دون أن تحدد الطرف المسؤول."
    kinds = {k for k, _, _ in _statements(knowledge, text, date(2021, 6, 5))}
    assert "refuse_to_blame" in kinds and not kinds & BLAME_KINDS


def test_news_agency_is_never_the_target(knowledge) -> None:
    text = 'ونقلت وكالة الأناضول عن وزارة الخارجية الأذربيجانية قولها إن اتهامات يريفان "ملفقة".'
    found = _blame(knowledge, text)
    assert ("deny", "AZ", "AM") in found
    assert all(t != "TR" for _, _, t in found)


def test_mutual_blame_ignores_a_place_after_a_preposition(knowledge) -> None:
    text = "انهارت الهدنة التي أعلنت في موسكو، إذ اتهمت كل من أذربيجان وأرمينيا الأخرى بخرقها."
    found = _blame(knowledge, text, date(2020, 10, 11))
    assert {(sp, t) for _, sp, t in found} == {("AZ", "AM"), ("AM", "AZ")}


def test_town_after_a_hostile_verb_is_the_victim(knowledge) -> None:
    text = "وقالت المتحدثة باسم الخارجية الأرمينية إن القوات الأذربيجانية قصفت مدينة ستيباناكرت ليلا."
    found = _blame(knowledge, text)
    assert found == {("accuse", "AM", "AZ")}


def test_ministry_without_nationality_takes_the_dateline_state(knowledge) -> None:
    text = ("أرمينيا تتهم أذربيجان بقصف حدودي\n"
            "يريفان - (وكالات)\n"
            "أفادت وزارة الدفاع، في بيان، بأن القوات الأذربيجانية قصفت مواقع حدودية.")
    ex = extract_article(_article("t", text, date(2022, 9, 14)), knowledge)
    speakers = {s.speaker.key for s in ex.statements if s.kind in BLAME_KINDS}
    assert "ministry-of-defence-am" in speakers


def test_ministry_without_nationality_stays_unknown_under_a_third_capital(knowledge) -> None:
    text = ("اشتباكات حدودية بين أرمينيا وأذربيجان\n"
            "موسكو - (وكالات)\n"
            "أفادت وزارة الدفاع، في بيان، بأن القوات الأذربيجانية قصفت مواقع حدودية.")
    ex = extract_article(_article("t", text, date(2022, 9, 14)), knowledge)
    assert not any(s.speaker.key.startswith("ministry-of-defence") for s in ex.statements)


def test_appositive_role_after_an_unknown_name(knowledge) -> None:
    text = "وقال سامر خليلوف، المتحدث باسم وزارة الدفاع الأذربيجانية، إن القوات الأرمينية قصفت مواقعنا."
    assert ("accuse", "AZ", "AM") in _blame(knowledge, text)


def test_one_statement_per_speaker_and_target_in_a_sentence(knowledge) -> None:
    text = ('نفى المتحدث باسم وزارة الدفاع الأذربيجانية الاتهامات ووصفها بأنها "كاذبة"، '
            "متهما الجانب الأرميني بقصف مدينة ترتر.")
    found = [t for t in _statements(knowledge, text) if t[0] in BLAME_KINDS]
    assert len(found) == 1 and found[0][1:] == ("AZ", "AM")


@pytest.mark.parametrize(("text", "expected"), [
    # a "side" head noun is masculine whatever the state's gender
    ("ويتهم الجانب الأذربيجاني القوات الأرمينية بخرق الهدنة.", ("accuse", "AZ", "AM")),
    # "his country" inside reported words is the speaker's state
    ("وقال أمين مجلس الأمن الأرميني إن بلاده تحمّل أذربيجان مسؤولية مقتل الجنود.",
     ("hold_responsible", "AM", "AZ")),
    # an agency relaying a source: the source speaks; an attribution opening the sentence
    ("وحسبما أفادت وكالة سبوتنيك نقلا عن مصدر في وزارة الدفاع الأرمينية، فإن القوات الأذربيجانية "
     "استأنفت القصف.", ("accuse", "AM", "AZ")),
    ("وبحسب بيان صادر عن وزارة الدفاع الأذربيجانية، فإن وحدات الجيش الأرميني زرعت ألغاما.",
     ("accuse", "AZ", "AM")),
    # a call whose complement names an aggression
    ("وطالبت الخارجية الأرمينية المجتمع الدولي بإدانة العدوان الأذربيجاني.",
     ("describe_as_aggression", "AM", "AZ")),
])
def test_speaker_and_target_mechanisms(knowledge, text: str, expected: tuple) -> None:
    assert expected in _blame(knowledge, text)


def test_each_other_with_ihdahuma(knowledge) -> None:
    text = "وحمّلت أرمينيا وأذربيجان إحداهما الأخرى مسؤولية التصعيد."
    assert {(sp, t) for _, sp, t in _blame(knowledge, text)} == {("AM", "AZ"), ("AZ", "AM")}


def test_aggression_against_a_named_victim_does_not_blame_it(knowledge) -> None:
    text = "وصرح المتحدث باسم الخارجية الإيرانية بأن إيران تدين أي اعتداء على أراضي أرمينيا."
    assert not any(t == "AM" for _, _, t in _blame(knowledge, text))


@pytest.mark.parametrize(("agency", "expected"), [("أذرتاج", "ministry-of-defence-az"), ("تاس", None)])
def test_state_agency_quoting_a_bare_ministry(knowledge, agency: str, expected: str | None) -> None:
    text = (f"أرمينيا وأذربيجان تتبادلان الاتهامات.\nونقلت وكالة {agency} عن وزارة الدفاع قولها إن القوات "
            "الأرمينية قصفت مواقعها.")
    ex = extract_article(_article("t", text, date(2022, 9, 14)), knowledge)
    ministries = {s.speaker.key for s in ex.statements if s.speaker.key.startswith("ministry")}
    assert ministries == ({expected} if expected else set())


@pytest.mark.parametrize(("text", "expected"), [
    # an aggression adjective qualifying a noun with a possessive: its owner is the culprit
    ('وقال وزير الدفاع التركي إن "أرمينيا يجب أن تتخلى عن موقفها العدواني".',
     ("describe_as_aggression", "TR", "AM")),
    # rejected accusations: "غير مقبولة", "باطلة" — against the last speaker of another side
    ('وأرمينيا تتهم روسيا بالتقصير.\nورد الكرملين بأن الاتهامات الموجهة إلى موسكو "غير مقبولة".',
     ("deny", "RU", "AM")),
    ("ووصفت باكو اتهامات يريفان بأنها باطلة.", ("deny", "AZ", "AM")),
    # a reply about accusations is speech; "the fire of the other side" names its agent
    ("وردت الخارجية الأذربيجانية على الاتهامات الأرمينية بالقول إن القوات الأرمينية بدأت القصف.",
     ("accuse", "AZ", "AM")),
    ("وقالت وزارة الدفاع الأذربيجانية إن قواتها ردت بالمثل على مصادر النيران الأرمينية.",
     ("accuse", "AZ", "AM")),
    # an anaphoric body with a nisba ("الوزارة الأرمينية") speaks for that state
    ("وأعلنت الوزارة الأرمينية أن القوات الأذربيجانية قصفت مواقعها.", ("accuse", "AM", "AZ")),
])
def test_more_generalisations(knowledge, text: str, expected: tuple) -> None:
    assert expected in _blame(knowledge, text)


def test_responding_in_arms_opens_no_statement(knowledge) -> None:
    text = 'وأكدت الوزارة أن الجيش الأذربيجاني "يرد على مصادر النيران فقط".'
    ex = extract_article(_article("t", text, date(2022, 9, 14)), knowledge)
    assert not any(s.speaker.key == "armed-forces-az" for s in ex.statements)


@pytest.mark.parametrize(("text", "expected"), [
    # the head noun agrees with the verb: "هيئة" is feminine whatever the body's own gender
    ("في المقابل، اتهمت هيئة الأمن القومي الأرمينية الجانب الأذربيجاني بمحاولة التوغل.",
     ("accuse", "AM", "AZ")),
    # دان: the AFP spelling of أدان
    ('ودان الرئيس الأرميني "الأعمال العدائية" التي قامت بها أذربيجان.', ("condemn", "AM", "AZ")),
    # a rejection of another side's statements: biased, does not reflect reality
    ('وقال المتحدث باسم البرلمان الأرميني إن تصريحات الوزير التركي "منحازة ولا تعكس الواقع".',
     ("deny", "AM", "TR")),
    # a third party's "على X أن …" next to an ownerless aggression noun: X is blamed
    ('وقال وزير الخارجية التركي إن "على أرمينيا أن تركز على السلام بدلا من الاستفزازات".',
     ("describe_as_aggression", "TR", "AM")),
])
def test_batch4_generalisations(knowledge, text: str, expected: tuple) -> None:
    assert expected in _blame(knowledge, text)


# --- batch 5 (ho24–ho31): error classes of its blind run, each with a sentence of our own ---------

@pytest.mark.parametrize(("text", "expected"), [
    # "نقلت X عن Y قوله": the outlet relays, the source after عن speaks (known outlet or not)
    ('نقلت صحيفة "إزفستيا" عن مصدر في وزارة الدفاع الأرمينية قوله إن القوات الأذربيجانية قصفت مواقع حدودية.',
     {("accuse", "AM", "AZ")}),
    # a parenthetical relative clause after the speaker does not cut off the reported words
    ('قال مسؤول في وزارة الدفاع الأرمينية إن الوضع متوتر على الحدود. وأضاف المصدر، الذي طلب عدم نشر اسمه، '
     'أن "القوات الأذربيجانية قصفت قرى حدودية".', {("accuse", "AM", "AZ")}),
    # an anaphoric noun (المتحدثة) that heads a named party is that party, not the last speaker
    ('وقال وزير الدفاع الأرميني إن الوضع متوتر على الحدود. وقالت المتحدثة باسم وزارة الخارجية الأذربيجانية '
     'ليلى عبد اللاييفا إن القوات الأرمينية أطلقت النار على مواقعنا.', {("accuse", "AZ", "AM")}),
    # a headline condemnation noun with the condemner as an adjective
    ('إدانة فرنسية للقصف الأذربيجاني على جيرموك\nباريس - وكالات\n'
     'تواصل التوتر على الحدود بين أرمينيا وأذربيجان.',
     {("condemn", "FR", "AZ")}),
    # "the enemy" said by the Karabakh authorities is Azerbaijan, even with no Armenian party named
    ('بدأت القوات الأذربيجانية عملية عسكرية في الإقليم. '
     'وقال وزير خارجية آرتساخ إن "العدو يقصف البلدات بلا توقف".',
     {("accuse", "person-minister-of-foreign-affairs-nk", "AZ")}),
    # a condemned act pointed back at with a demonstrative ("هذه الهجمات")
    ('قال وزير الخارجية الفرنسي إن القوات الأذربيجانية قصفت مدينة جيرموك. '
     'وأضاف أن باريس "تدين بشدة" هذه الهجمات.',
     {("accuse", "FR", "AZ"), ("condemn", "FR", "AZ")}),
    # a party right after في is a place, not the subject of the verb before it
    ('وقالت الرئاسة الأذربيجانية إن الهدنة التي أعلنت في موسكو صامدة رغم قصف القوات الأرمينية لمواقعها.',
     {("accuse", "AZ", "AM")}),
    # one statement per (speaker, target) in a sentence, also when one of a list of speakers is named
    # again; "كل من" takes a masculine verb whatever the states
    ('وندد كل من ألمانيا وإيطاليا بالقصف الأذربيجاني لمدينة جيرموك، فيما دعت برلين أذربيجان إلى وقف هجماتها.',
     {("condemn", "DE", "AZ"), ("condemn", "IT", "AZ")}),
    # a detached object pronoun ("متهمة إياها") is the last party of another side (accused of a biased
    # stance: its claims are rejected, a denial)
    ('قالت وزارة الخارجية الأمريكية إن القوات الأذربيجانية قصفت مواقع أرمينية. وردت الرئاسة الأذربيجانية على '
     'واشنطن، متهمة إياها بتبني "موقف أرميني منحاز".', {("accuse", "US", "AZ"), ("deny", "AZ", "US")}),
    # a phrase cue headed by a participle takes the subject of its clause, not the party inside it
    ('وأكدت أنقرة دعمها الكامل لباكو، محملة أرمينيا مسؤولية التصعيد.', {("hold_responsible", "TR", "AM")}),
    # a verb joined by و continues the earlier subject; a nisba right before it is not its subject
    ('من جهتها، رفضت باكو الاتهامات الأرمينية ووصفتها بأنها "عارية عن الصحة".', {("deny", "AZ", "AM")}),
    # a passive blame verb with its issuer named by an attribution or "في بيان صادر عن"; without one,
    # no blame (nobody is named as the accuser)
    ('اتُّهمت القوات الأذربيجانية بقصف مدرسة في ستيباناكرت، وفق ما أعلنته وزارة الخارجية الأرمينية.',
     {("accuse", "AM", "AZ")}),
    ('كما حُمّلت يريفان المسؤولية عن التصعيد في بيان صادر عن حزب العدالة والتنمية الحاكم.',
     {("hold_responsible", "TR", "AM")}),
    ('اتُّهمت أذربيجان بقصف مواقع أرمينية.', set()),
    # "وفق ما أعلنته X" after the reported words: ما is no negation; in the middle of a speaker's
    # sentence it only names the source of that speaker's words
    ('قصفت القوات الأذربيجانية قرى حدودية، وفق ما أعلنته وزارة الدفاع الأرمينية.', {("accuse", "AM", "AZ")}),
    ('وقال مسؤول في وزارة الدفاع الأذربيجانية، بحسب ما نقلته وكالة أرمنبرس، '
     'إن "القوات الأرمينية تقصف مواقعنا".',
     {("accuse", "AZ", "AM")}),
    # "إنها تدين": a blame verb after a complementiser carrying the speaker is the speaker's own act
    ('وقالت الخارجية الجورجية إنها تدين "الهجوم الأذربيجاني على الأراضي الأرمينية".',
     {("condemn", "GE", "AZ")}),
    # lexicon: distorting facts is a false claim; advancing into territory is an incursion, also
    # across a decimal number ("3.5 كيلومترات" does not end a phrase)
    ('وقالت الخارجية الأرمينية إن أذربيجان تحرف الحقائق بشأن الممر.', {("deny", "AM", "AZ")}),
    ('وقالت باكو إن وحدات أرمينية تقدمت مسافة 2.5 كيلومتر داخل الأراضي الأذربيجانية.',
     {("accuse", "AZ", "AM")}),
    ('وتقدمت أرمينيا بشكوى إلى مجلس الأمن الدولي.', set()),
])
def test_batch5_error_classes(knowledge, text: str, expected: set) -> None:
    blame = [t for t in _statements(knowledge, text) if t[0] in BLAME_KINDS]
    assert set(blame) == expected and len(blame) == len(expected)


# --- batch 6 (ho32–ho35): error classes of its blind run -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "أما X فقال": X is the subject of the verb in ف (a new speaker, not the last one)
    ('وقال وزير الخارجية الإيراني إن بلاده تتابع الوضع. أما وزير الدفاع الأرميني فقال إن '
     '"أذربيجان تحاول احتلال أراض أرمينية".', {("describe_as_aggression", "AM", "AZ")}),
    # a party asked to intervene to stop another party's act is not blamed; the act's author is
    ('وطالب رئيس الوزراء الأرميني قوات حفظ السلام الروسية بالتدخل لوقف العدوان الأذربيجاني.',
     {("describe_as_aggression", "AM", "AZ")}),
    ('وحث الاتحاد الأوروبي روسيا على التدخل لوقف الهجوم الأذربيجاني.', {("accuse", "intl-eu", "AZ")}),
    # a condemnation naming only "the operation" condemns the party the article has blamed for it
    ('وقالت أرمينيا إن القوات الأذربيجانية بدأت عملية عسكرية في قره باغ. وأدانت فرنسا العملية '
     'ووصفتها بأنها "غير قانونية".', {("accuse", "AM", "AZ"), ("condemn", "FR", "AZ")}),
    ('وأدانت فرنسا الهجوم.', set()),
])
def test_batch6_error_classes(knowledge, text: str, expected: set) -> None:
    blame = [t for t in _statements(knowledge, text) if t[0] in BLAME_KINDS]
    assert set(blame) == expected and len(blame) == len(expected)


# --- construction classes weak on unseen text: one sentence of our own per rule -----------------

@pytest.mark.parametrize(("text", "expected"), [
    # an act glued to لل ("للقصف الأذربيجاني"): the cue starts one letter before the mention
    ('وقالت وزارة الخارجية الأرمينية إنه نتيجة للقصف الأذربيجاني، تضررت مدرسة في قرية حدودية.',
     {("accuse", "AM", "AZ")}),
    # a sound masculine plural head (مقررو، ممثلو) takes a masculine singular verb before it
    ('وأدان مقررو الاتحاد الأوروبي القصف الأذربيجاني للقرى الحدودية.',
     {("condemn", "intl-eu-rapporteurs", "AZ")}),
    # the object of وصف, called a violation after بأنها, is the act of the party named inside it
    ('ووصف وزير الخارجية الفرنسي الهجوم الذي شنته أذربيجان يوم الثلاثاء على قرى حدودية بأنه انتهاك '
     'خطير للهدنة.', {("accuse", "FR", "AZ")}),
    ('ووصف وزير الخارجية الفرنسي قرار الحكومة الأرمينية بأنه خطوة إيجابية.', set()),
    # an aggression adjective after a group noun names the party: the act it did decides the kind
    ('وقالت وزارة الدفاع الأذربيجانية إن عناصر تخريبية من الجيش الأرميني فخخت طريقا قرب لاتشين.',
     {("accuse", "AZ", "AM")}),
    # analysts of think tanks speak for themselves (no state); a body and its fellow named right after
    # it are one party, the person; "المعتدي" (the aggressor) names the aggression
    ('وقال الباحث في مركز كارنيغي أوروبا توماس دي وال إن أذربيجان هي المعتدي في هذه الجولة.',
     {("describe_as_aggression", "person-thomas-de-waal", "AZ")}),
    # the source of an attribution after "ما جاء/ورد في بيان لـ"
    ('ووفق ما ورد في بيان لوزارة الخارجية الأرمينية، فإن مسيرات أذربيجانية قصفت محطة كهرباء.',
     {("accuse", "AM", "AZ")}),
    # the speaker after the quote, followed by where and when it spoke: the quote is what was said
    ('"وحدات أرمينية فتحت النار على مواقعنا في كلبجار"، قالت وزارة الدفاع الأذربيجانية في بيان لها '
     'صباح الأربعاء.', {("accuse", "AZ", "AM")}),
    # a verbless headline: the party before the colon lays the blame on the one that "bears" it or is
    # "responsible for" it
    ('يريفان: باكو تتحمل المسؤولية عن انهيار المفاوضات', {("hold_responsible", "AM", "AZ")}),
    ('وقال وزير الخارجية الأذربيجاني إن أرمينيا مسؤولة عن زرع الألغام في الأراضي المحررة.',
     {("hold_responsible", "AZ", "AM")}),
    # plural heads of persons with a nisba: lawmakers of a state (نواب فرنسيون، المشرعون الأمريكيون)
    ('واتهم نواب إيطاليون أذربيجان بتجويع سكان الإقليم.', {("accuse", "IT", "AZ")}),
    ('وقال البرلمانيون الفرنسيون إن القوات الأذربيجانية قصفت مدينة جرموك.', {("accuse", "FR", "AZ")}),
    # an outlet relaying a source: a web name with a dot ends neither the sentence nor the relay, and
    # "قوله" after the source is no part of its name
    ('ونقل موقع "أخبار.أم" عن وزير الدفاع الأرميني قوله إن مسيرات أذربيجانية استهدفت مواقع حدودية.',
     {("accuse", "AM", "AZ")}),
    # "بدأ" with a war or fighting as its object is a hostile act
    ('وقال الرئيس الأذربيجاني في خطاب متلفز: "أرمينيا هي التي بدأت القتال".', {("accuse", "AZ", "AM")}),
    # a passive blame verb with its issuer right after the patient ("من قبل X")
    ('وحُمّلت أذربيجان من قبل الخارجية الفرنسية مسؤولية تدهور الوضع الإنساني.',
     {("hold_responsible", "FR", "AZ")}),
    # the domestic opposition and protesters may blame their own leaders (never their own state); a
    # purpose masdar (للتنديد بـ) after them makes them the condemners; protesters without a state
    # are in the place named before them
    ('وحمّلت المعارضة الأرمينية رئيس الوزراء الأرميني مسؤولية سقوط الإقليم.',
     {("hold_responsible", "AM", "AM")}),
    ('وأمام مقر الحكومة في يريفان، احتشد محتجون للتنديد بسياسة رئيس الوزراء الأرميني.',
     {("condemn", "AM", "AM")}),
    ('وقالت المعارضة الأرمينية إن أرمينيا خسرت الحرب.', set()),
    # "ألقى باللوم/باللائمة على X" with the subject inside the phrase; "وجه أصابع الاتهام إلى X"
    ('وألقت الرئاسة الأرمينية باللائمة على القيادة الأذربيجانية في تعثر المفاوضات.',
     {("hold_responsible", "AM", "AZ")}),
    ('ووجهت وزارة الخارجية الأذربيجانية أصابع الاتهام صراحة إلى يريفان في تفجير الجسر.',
     {("accuse", "AZ", "AM")}),
    # a denial with a counter-accusation in a participle: the main verb's kind (deny) stands
    ('ونفت وزارة الدفاع الأرمينية هذه الرواية، متهمة الجيش الأذربيجاني بتلفيق الأدلة.',
     {("deny", "AM", "AZ")}),
    # an accusation of lying or of spreading disinformation rejects the accused's claims: deny
    ('واتهم المتحدث باسم الرئاسة الأذربيجانية الإعلام الأرميني بنشر "أخبار كاذبة" عن المعارك.',
     {("deny", "AZ", "AM")}),
    ('واتهمت الخارجية الأرمينية باكو بالتضليل.', {("deny", "AM", "AZ")}),
    # a first person blame verb in the quote of a later participle is a new act, not part of the
    # words after the first verb's complementiser; its demonstrative act is the one just blamed
    ('وقال وزير الخارجية الأرميني إن مسيرات أذربيجانية قصفت بلدة حدودية، مضيفا: "نحن ندين هذا الهجوم".',
     {("condemn", "AM", "AZ")}),
    # "وهو ما نفته X": ما after a pronoun is "what", not a negation — X denies the claim before it
    ('وقالت وزارة الدفاع الأرمينية إن مسيرة أذربيجانية قصفت شاحنة مدنية، وهو ما نفته باكو لاحقا.',
     {("accuse", "AM", "AZ"), ("deny", "AZ", "AM")}),
    ('وقالت وزارة الدفاع الأرمينية إن مسيرة أذربيجانية قصفت شاحنة مدنية، وهو ما لم تعلق عليه باكو.',
     {("accuse", "AM", "AZ")}),
    # lexicon: undermining the peace process and obstructing aid are hostile acts
    ('واعتبر وزير الخارجية الأرميني أن أذربيجان "تعمل على تقويض عملية السلام".', {("accuse", "AM", "AZ")}),
    # a verbless headline that opens with "على X" after the colon: X is called on to stop
    ('الرئاسة الأرمينية: على باكو وقف هجماتها على القرى الحدودية', {("call_to_stop", "AM", "AZ")}),
    # the indefinite accusative of a nisba (هجوما أذربيجانيا) names the party
    ('وقال المتحدث باسم وزارة الدفاع الأرمينية إن القوات صدت هجوما أذربيجانيا قرب جرموك.',
     {("accuse", "AM", "AZ")}),
    # a killing verb with the speaker's side as its object has its agent before it; soldiers of the
    # other side killed "في القصف" are its victims, not the shelling's authors
    ('وقالت وزارة الدفاع الأذربيجانية إن قناصا أرمنيا قتل جنديا أذربيجانيا.', {("accuse", "AZ", "AM")}),
    ('وقالت وزارة الدفاع الأذربيجانية إن جنودا أرمنيين قتلوا في القصف الليلي.', set()),
    # "جيش" heads a masculine subject whatever the gender of "the forces" (the Karabakh army here)
    ('واتهم جيش الدفاع في آرتساخ القوات الأذربيجانية بقصف ستيباناكرت.',
     {("accuse", "armed-forces-nk", "AZ")}),
    # every party of a list before the act is its agent
    ('وقالت الخارجية الأرمينية إن الجيش الأذربيجاني والقوات الخاصة التركية شاركوا في الهجوم على القرية.',
     {("accuse", "AM", "AZ"), ("accuse", "AM", "TR")}),
    # "separatist groups" are the Karabakh separatist authorities
    ('واتهمت وزارة الدفاع الأذربيجانية الجماعات الانفصالية بقصف مواقعها قرب آغدام.',
     {("accuse", "AZ", "group-nk-authorities")}),
    # the killed after a condemned killing are its victims; its agent follows "على يد"
    ('وأدانت منظمة العفو الدولية إعدام جنود أرمن أسرى على يد عسكريين أذربيجانيين.',
     {("condemn", "intl-amnesty", "AZ")}),
    # "ضرورة أن / يجب أن + a stop verb + X": X is called on to stop
    ('وأكدت روما ضرورة أن توقف القوات الأذربيجانية عملياتها داخل الأراضي الأرمينية.',
     {("call_to_stop", "IT", "AZ")}),
    # an aggression one calls to stop is still called an aggression
    ('وناشد رئيس البرلمان الأرميني الدول الصديقة التدخل لوقف الاعتداءات الأذربيجانية.',
     {("describe_as_aggression", "AM", "AZ")}),
    ('ودعت اليونان إلى وقف الاعتداءات.', set()),
    # lexicon: dragging the region into war is a hostile act
    ('وقال وزير الخارجية الأذربيجاني إن يريفان "تسعى إلى جر المنطقة إلى مواجهة جديدة".',
     {("accuse", "AZ", "AM")}),
    # a denial in a headline: the claim is that of the party of another side named before it
    ('سلطات قره باغ تحذر من مجاعة وأذربيجان تنفي وجود حصار', {("deny", "AZ", "group-nk-authorities")}),
    # lexicon: "لام X على" (blamed X for) holds X responsible
    ('ولام رئيس الوزراء الأرميني القيادة الأذربيجانية على انهيار المحادثات.',
     {("hold_responsible", "AM", "AZ")}),
    # the party right before a hostile verb is its subject; a town right after it is its object
    ('وقال وزير الخارجية الأرميني إن الجيش الأذربيجاني قصف ستيباناكرت بالمدفعية الثقيلة.',
     {("accuse", "AM", "AZ")}),
    # "المسؤولية تقع على عاتق X": the responsibility lies on X's shoulders
    ('وقال المتحدث باسم الخارجية الأرمينية إن المسؤولية عن مصير الأسرى تقع على عاتق باكو.',
     {("hold_responsible", "AM", "AZ")}),
])
def test_unseen_construction_classes(knowledge, text: str, expected: set) -> None:
    blame = [t for t in _statements(knowledge, text) if t[0] in BLAME_KINDS]
    assert set(blame) == expected and len(blame) == len(expected)


def test_joint_statement_of_two_bodies_is_one_statement_per_body(knowledge) -> None:
    """An institution without its state joined by و to one of a state is that state's; a singular
    verb after the list ("بيانا مشتركا قالت فيه") speaks for both."""
    text = ('وأصدرت وزارة الداخلية الأرمينية ولجنة التحقيق بيانا مشتركا قالت فيه إن مسيرة أذربيجانية '
            'استهدفت حافلة مدنية.')
    blame = [t for t in _statements_by_key(knowledge, text) if t[0] in BLAME_KINDS]
    assert sorted(blame) == [("accuse", "investigative-committee-am", "AZ"),
                             ("accuse", "ministry-of-internal-affairs-am", "AZ")]


def test_two_institutions_under_a_dual_head_speak_together(knowledge) -> None:
    """"وزارتا الداخلية والدفاع الأذربيجانيتان": a dual head names two institutions of one state."""
    text = ('وقالت وزارتا الداخلية والدفاع الأذربيجانيتان في بيان مشترك إن وحدات أرمينية قصفت '
            'قرى في منطقة كلبجار.')
    blame = [t for t in _statements_by_key(knowledge, text) if t[0] in BLAME_KINDS]
    assert sorted(blame) == [("accuse", "ministry-of-defence-az", "AM"),
                             ("accuse", "ministry-of-internal-affairs-az", "AM")]


@pytest.mark.parametrize(("text", "expected"), [
    # conditional blame: an act inside a protasis, or blame followed at once by one, is hypothetical…
    ('وقال دبلوماسي فرنسي للصحفيين: «إذا ثبت أن الجيش الأذربيجاني قصف المستشفى، فعلى باكو أن تتحمل '
     'التبعات».', set()),
    ('وقال وزير الخارجية الأذربيجاني إن أرمينيا «ستتحمل المسؤولية» إذا استمر تعطيل المفاوضات.', set()),
    # … but a new clause opened by "وإذا" after the act leaves the act asserted; a negated blame verb
    # blames no one
    ('وقال وزير الخارجية الأذربيجاني إن القوات الأرمينية قصفت قرية قرب كلبجار، وإذا تكرر ذلك فسترد باكو.',
     {("accuse", "AZ", "AM")}),
    ('وأكد الناطق باسم الخارجية الروسية أن موسكو لم تتهم أي طرف حتى الآن.', set()),
    # non-state targets and speakers: the PKK, foreign mercenaries, the separatist "regime", the
    # authorities named by their town
    ('واتهمت وزارة الدفاع التركية مسلحي حزب العمال الكردستاني بالتسلل إلى المنطقة.',
     {("accuse", "TR", "group-pkk")}),
    ('وقالت وزارة الخارجية الأرمينية إن مرتزقة سوريين قصفوا مواقع في الاتجاه الشمالي.',
     {("accuse", "AM", "group-syrian-mercenaries")}),
    ('وحمّلت الخارجية الأذربيجانية «النظام الانفصالي» المسؤولية عن تفجير الجسر.',
     {("hold_responsible", "AZ", "group-nk-authorities")}),
    ('واعتبرت سلطات ستيباناكرت أن القصف الأذربيجاني «عدوان سافر على المدنيين».',
     {("accuse", "group-nk-authorities", "AZ")}),
    # the quote before its speaker, who spoke at an occasion naming a party; a bearer of blame inside
    # such a quote is the speaker's target
    ('«هذا الهجوم استفزاز خطير من جانب أذربيجان»، قال رئيس الوزراء الأرميني خلال لقائه مع السفراء.',
     {("describe_as_aggression", "AM", "AZ")}),
    ('«الحكومة الأذربيجانية تتحمل المسؤولية عن مصير الأسرى»، قالت الخارجية الأرمينية في بيان.',
     {("hold_responsible", "AM", "AZ")}),
    # denials: of a party's statements with the subject between; a reply to a person; rejecting
    # accusations "categorically"; rejecting a party's attempts to blame (no blame by that party);
    # "we see no grounds for X's accusations"
    ('ورفض وزير الخارجية التركي، في مؤتمر صحفي، تصريحات الرئيس الفرنسي حول الحدود.', {("deny", "TR", "FR")}),
    ('باكو ترد على ماكرون: الاتهامات بشأن الحصار «لا أساس لها»', {("deny", "AZ", "FR")}),
    ('وقال الكرملين إن موسكو ترفض بشكل قاطع الاتهامات الأرمينية بشأن قوات حفظ السلام.',
     {("deny", "RU", "AM")}),
    ('وأكدت الخارجية الروسية أنها ترفض محاولات يريفان تحميل موسكو المسؤولية عن سقوط الإقليم.',
     {("deny", "RU", "AM")}),
    ('الخارجية الروسية: لا نرى مبررا لاتهامات باكو', {("deny", "RU", "AZ")}),
    ('وقالت وزارة الدفاع الأرمينية إن «الأنباء التي بثتها باكو عن قصف أرميني لا تمت إلى الواقع بصلة».',
     {("deny", "AM", "AZ")}),
    # speakers: an anaphoric noun naming the person after it; a verb after إذ shares the subject of
    # the main clause
    ('وقالت المتحدثة باسمها شوشان ستيبانيان إن وحدات أذربيجانية قصفت بلدة حدودية.', {("accuse", "AM", "AZ")}),
    ('ومضت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا أبعد من ذلك، إذ قالت إن «أذربيجان تتحمل '
     'المسؤولية» عن تفاقم الأزمة.', {("hold_responsible", "RU", "AZ")}),
    # lexicon: bringing in mercenaries and an attempted border crossing are hostile acts; forced
    # displacement is an aggression; an occupation one vows to end is still called one
    ('وقالت وزارة الدفاع الأذربيجانية إن أرمينيا تستعين بالمرتزقة في المعارك.', {("accuse", "AZ", "AM")}),
    ('وقالت وزارة الدفاع الأرمينية إن جنودا أذربيجانيين حاولوا عبور الحدود قرب إيجيفان.',
     {("accuse", "AM", "AZ")}),
    ('وقالت الخارجية الأرمينية إن القوات الأذربيجانية أغلقت الممر. وأضافت أن ما يجري «تهجير قسري» للسكان.',
     {("accuse", "AM", "AZ"), ("describe_as_aggression", "AM", "AZ")}),
    ('وأكد وزير الدفاع التركي أن بلاده ستدعم باكو حتى «إنهاء الاحتلال الأرميني» للأراضي الأذربيجانية.',
     {("describe_as_aggression", "TR", "AM")}),
    # a victim named elsewhere in the sentence does not exonerate the other side of an aggression
    ('وقال مساعد الرئيس الأذربيجاني إن القذيفة أطلقت من أراضي أرمينيا، وإن ذلك «عدوان على دولة ذات سيادة».',
     {("describe_as_aggression", "AZ", "AM")}),
    # the object after a circumstantial phrase between commas
    ('اتهم وزير الدفاع الأذربيجاني، في كلمة أمام البرلمان اليوم، القوات الأرمينية بخرق الهدنة.',
     {("accuse", "AZ", "AM")}),
    # any third party failing its duty is complained of
    ('وقالت الخارجية الأرمينية إن قوات حفظ السلام الروسية لم تقم بواجبها في حماية الممر.',
     {("accuse", "AM", "RU")}),
])
def test_batch7_error_classes(knowledge, text: str, expected: set) -> None:
    blame = [t for t in _statements(knowledge, text) if t[0] in BLAME_KINDS]
    assert set(blame) == expected and len(blame) == len(expected)


def _dated(knowledge, text: str, published: date) -> list[tuple]:
    ex = extract_article(_article("t", text, published), knowledge)
    return [(s.kind, s.speaker.key, s.target.key if s.target else None, str(s.date.best), s.date.basis)
            for s in ex.statements if s.kind in BLAME_KINDS]


def test_wire_dateline_with_date_and_agency_dates_the_article(knowledge) -> None:
    """"يريفان 4 أغسطس 2021 (شينخوا) قالت …": a dateline without a dash, glued to the first
    sentence, dates every statement of the body that gives no date (the headline stays bounded)."""
    text = ('أرمينيا تتهم أذربيجان بقصف قرى حدودية\n'
            'يريفان 4 أغسطس 2021 (شينخوا) قالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى '
            'حدودية ليلا.\nوأضافت الوزارة أن القوات الأذربيجانية استهدفت مواقع قرب يغيغنادزور بقذائف الهاون.')
    assert [d[3:] for d in _dated(knowledge, text, date(2021, 8, 5))] == [
        ("2021-08-05", "bounded"), ("2021-08-04", "explicit"), ("2021-08-04", "explicit")]


def test_article_tatweel_is_no_dateline_dash(knowledge) -> None:
    """"وفي الـ3 من أغسطس، قالت …" is a sentence with its date, not a dateline "وفي الـ" (so the day
    neither dates the rest of the article nor anchors "أمس")."""
    text = ('اشتباكات جديدة على الحدود\nيريفان - وكالات\n'
            'وفي الـ3 من أغسطس، قالت وزارة الدفاع الأرمينية إن القوات الأذربيجانية قصفت قرى حدودية.\n'
            'وقال رئيس الوزراء الأرميني مساء أمس إن أذربيجان تتحمل المسؤولية.')
    assert [d[3:] for d in _dated(knowledge, text, date(2021, 8, 5))] == [
        ("2021-08-03", "explicit"), ("2021-08-04", "relative")]


def test_known_person_after_a_head_and_its_affiliation(knowledge) -> None:
    """"رفض مدير الاتصال في الرئاسة التركية فخر الدين ألطون تصريحات باريس": the named person speaks
    (not the state only), and rejecting a party's statements denies that party's claims."""
    text = 'ورفض مدير الاتصال في الرئاسة التركية فخر الدين ألطون تصريحات باريس، متهما أرمينيا بقصف المدنيين.'
    assert [d[:3] for d in _dated(knowledge, text, date(2022, 9, 14))] == [
        ("deny", "person-fahrettin-altun", "state-fr"), ("accuse", "person-fahrettin-altun", "state-am")]
