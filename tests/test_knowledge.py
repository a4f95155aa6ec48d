"""Gazetteer + lexicon matching (kg.extract.knowledge): one made-up sentence per rule.

The sentences are written for these tests (not taken from the corpora); every expected mention is
checked by actor key and by ``text[start:end] == surface``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.knowledge import (
    DEFAULT_GAZETTEER_DIR,
    DEFAULT_LEXICON_DIR,
    Cue,
    Knowledge,
    load_knowledge,
    normalize,
)
from kg.model import Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)


def actors(k: Knowledge, text: str) -> list[tuple[str, str]]:
    found = k.find_actors(text)
    for m in found:
        assert text[m.start:m.end] == m.surface
    assert [m.start for m in found] == sorted(m.start for m in found)
    return [(m.surface, m.actor.key) for m in found]


def one(k: Knowledge, text: str, surface: str) -> Mention:
    found = [m for m in k.find_actors(text) if m.surface == surface]
    assert len(found) == 1, (surface, [(m.surface, m.actor.key) for m in k.find_actors(text)])
    return found[0]


# ----------------------------------------------------------------------------- data integrity

def test_cldr_states_and_labels(k: Knowledge) -> None:
    assert k.cldr_count > 190
    am = k.state("am")
    assert (am.key, am.label_en, am.label_ar, am.type, am.country) == (
        "state-am", "Armenia", "أرمينيا", "state", "AM")
    assert k.state("AZ").wikidata == "Q227"


def test_every_gazetteer_entry_has_source_and_english_label() -> None:
    gaz = DEFAULT_GAZETTEER_DIR
    checked = 0
    for name, list_key in (("states_cldr.json", "states"), ("bodies.json", "actors"),
                           ("persons.json", "actors"), ("places.json", "places"),
                           ("institutions.json", "institutions"), ("titles.json", "titles")):
        data = json.loads((gaz / name).read_text("utf-8"))
        for e in data[list_key]:
            assert e.get("source"), (name, e)
            assert e.get("label_en") or e.get("role_en"), (name, e)
            checked += 1
        for b in data.get("blocks", []):
            assert b.get("source") and b.get("label_en"), (name, b)
    for iso, e in json.loads((gaz / "states.json").read_text("utf-8"))["states"].items():
        assert e.get("source") and e.get("label_en"), iso
        checked += 1
    assert checked > 400


def test_places_have_coordinates_and_known_parents(k: Knowledge) -> None:
    for p in k.places.values():
        assert p.lat is not None and p.lon is not None, p.key
        assert 38.0 < p.lat < 42.0 and 43.0 < p.lon < 51.0, p.key  # the South Caucasus
        assert p.parent is None or p.parent in k.places, p.key


def test_actor_parents_resolve(k: Knowledge) -> None:
    for a in k.actors.values():
        assert a.parent is None or k.actor(a.parent) is not None, a.key
        assert a.key.isascii()


def test_load_is_cached(tmp_path: Path) -> None:
    assert load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR) is load_knowledge(
        DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)


def test_load_error_names_the_problem(tmp_path: Path) -> None:
    from kg.errors import ExtractionError

    with pytest.raises(ExtractionError):
        Knowledge.load(tmp_path, tmp_path)


# ----------------------------------------------------------------------------- states, nisba

@pytest.mark.parametrize(("text", "surface", "key"), [
    ("رحبت أرمينيا بالمبادرة.", "أرمينيا", "state-am"),
    ("وكتبت أرمينية في مذكرتها", "أرمينية", "state-am"),
    ("ردت اذربيجان على الفور", "اذربيجان", "state-az"),
    ("قالت أذربيحان إنها مستعدة", "أذربيحان", "state-az"),  # a common typo
    ("وقعت روسيا الاتحادية الاتفاق", "روسيا الاتحادية", "state-ru"),
    ("تعهدت الولايات المتحدة الأمريكية بالدعم", "الولايات المتحدة الأمريكية", "state-us"),
    ("ترى أمريكا أن الحل سياسي", "أمريكا", "state-us"),
    ("وأوضحت تركيّا موقفها", "تركيّا", "state-tr"),
    ("زار الوفد الأتراك في المدينة", "الأتراك", "state-tr"),
    ("احتج الأرمن في الشوارع", "الأرمن", "state-am"),
    ("سافر دبلوماسيون أذربيجانيون", "أذربيجانيون", "state-az"),
    ("دعمت الحكومة القبرصية القرار", "الحكومة القبرصية", "government-cy"),
])
def test_states_and_nisba(k: Knowledge, text: str, surface: str, key: str) -> None:
    assert one(k, text, surface).actor.key == key


@pytest.mark.parametrize(("text", "surface", "key", "gender"), [
    ("وردت يريفان بحدة", "يريفان", "state-am", "f"),
    ("لكن باكو رفضت ذلك", "باكو", "state-az", "f"),
    ("وحذرت موسكو الطرفين", "موسكو", "state-ru", "f"),
    ("وقال الكرملين إن الوضع خطير", "الكرملين", "body-kremlin", "m"),
    ("ودعت أنقرة إلى الحوار", "أنقرة", "state-tr", "f"),
    ("أما طهران فحذرت", "طهران", "state-ir", "f"),
    ("وقال البيت الأبيض في بيان", "البيت الأبيض", "body-white-house", "m"),
    ("واعتبرت واشنطن الخطوة", "واشنطن", "state-us", "f"),
    ("وأعلنت بروكسل عن بعثة", "بروكسل", "intl-eu", "m"),
])
def test_metonyms_with_gender(k: Knowledge, text: str, surface: str, key: str,
                              gender: str) -> None:
    m = one(k, text, surface)
    assert (m.actor.key, m.actor.gender) == (key, gender)


def test_kremlin_is_a_russian_body(k: Knowledge) -> None:
    kremlin = k.actors["body-kremlin"]
    assert (kremlin.type, kremlin.country, kremlin.parent) == ("body", "RU", "state-ru")


# ----------------------------------------------------------------------------- clitics, و

def test_proclitics_are_not_part_of_the_surface(k: Knowledge) -> None:
    text = "ودعا الوسيط وأرمينيا وبأذربيجان ولروسيا وكيريفان"
    assert actors(k, text) == [("أرمينيا", "state-am"), ("أذربيجان", "state-az"),
                               ("روسيا", "state-ru"), ("يريفان", "state-am")]


def test_lil_for_li_plus_al(k: Knowledge) -> None:
    text = "نسبت الصور للقوات الأذربيجانية وللجيش الأرميني"
    assert actors(k, text) == [("لقوات الأذربيجانية", "armed-forces-az"),
                               ("لجيش الأرميني", "armed-forces-am")]


def test_glued_waw_between_names(k: Knowledge) -> None:
    text = "اتفقت أذربيجانوأرمينيا على اللقاء"
    assert actors(k, text) == [("أذربيجان", "state-az"), ("أرمينيا", "state-am")]
    places = [(p.surface, p.place.key) for p in k.find_places("قصف غوريسوكابانوسيسيان ليلا")]
    assert places == [("غوريس", "goris"), ("كابان", "kapan"), ("سيسيان", "sisian")]


def test_word_boundaries(k: Knowledge) -> None:
    # باكو must not match inside another word, and unrelated words with و are not split
    assert actors(k, "تباكوا على الأطلال") == []
    assert actors(k, "الموسكوفيون يتظاهرون") == []


def test_diacritics_and_tatweel(k: Knowledge) -> None:
    text = "وقالت أرْمِينْيَا إن أذربيـــجان بدأت"
    assert actors(k, text) == [("أرْمِينْيَا", "state-am"), ("أذربيـــجان", "state-az")]


# ----------------------------------------------------------------------------- institutions

@pytest.mark.parametrize(("text", "surface", "key", "label_en"), [
    ("أعلنت وزارة الدفاع الأرمينية صباحا", "وزارة الدفاع الأرمينية", "ministry-of-defence-am",
     "Ministry of Defence of Armenia"),
    ("قالت وزارة الدفاع في أرمينيا", "وزارة الدفاع في أرمينيا", "ministry-of-defence-am",
     "Ministry of Defence of Armenia"),
    ("وذكرت الدفاع الأذربيجانية", "الدفاع الأذربيجانية", "ministry-of-defence-az",
     "Ministry of Defence of Azerbaijan"),
    ("ونفت الخارجية الروسية", "الخارجية الروسية", "ministry-of-foreign-affairs-ru",
     "Ministry of Foreign Affairs of Russia"),
    ("بيان وزارة خارجية أذربيجان", "وزارة خارجية أذربيجان", "ministry-of-foreign-affairs-az",
     "Ministry of Foreign Affairs of Azerbaijan"),
    ("ذكرت وزارة الصحة الأرمنية", "وزارة الصحة الأرمنية", "ministry-of-health-am",
     "Ministry of Health of Armenia"),
    ("أفادت وزارة الطوارئ الأرمينية", "وزارة الطوارئ الأرمينية",
     "ministry-of-emergency-situations-am", "Ministry of Emergency Situations of Armenia"),
    ("قالت وزارة الداخلية الأذربيجانية", "وزارة الداخلية الأذربيجانية",
     "ministry-of-internal-affairs-az", "Ministry of Internal Affairs of Azerbaijan"),
    ("تقدمت القوات المسلحة الأذربيجانية", "القوات المسلحة الأذربيجانية", "armed-forces-az",
     "Armed Forces of Azerbaijan"),
    ("انسحب الجيش الأرميني", "الجيش الأرميني", "armed-forces-am", "Armed Forces of Armenia"),
    ("رصدت حرس الحدود الروسية", "حرس الحدود الروسية", "armed-forces-ru", "Armed Forces of Russia"),
    ("وقصفت الوحدات الأذرية", "الوحدات الأذرية", "armed-forces-az", "Armed Forces of Azerbaijan"),
    ("وأصيب جندي أرمني", "جندي أرمني", "armed-forces-am", "Armed Forces of Armenia"),
    ("اجتمع مجلس الأمن القومي الأرميني", "مجلس الأمن القومي الأرميني", "security-council-am",
     "Security Council of Armenia"),
    ("صوت البرلمان الأذربيجاني", "البرلمان الأذربيجاني", "parliament-az",
     "Parliament of Azerbaijan"),
    ("قالت الرئاسة الأذربيجانية", "الرئاسة الأذربيجانية", "presidential-administration-az",
     "Presidential Administration of Azerbaijan"),
    ("فتحت النيابة العامة الأذربيجانية تحقيقا", "النيابة العامة الأذربيجانية",
     "prosecutor-general-az", "Prosecutor General's Office of Azerbaijan"),
    ("أعلنت الحكومة الأرمينية", "الحكومة الأرمينية", "government-am", "Government of Armenia"),
])
def test_institutions(k: Knowledge, text: str, surface: str, key: str, label_en: str) -> None:
    a = one(k, text, surface).actor
    assert (a.key, a.label_en) == (key, label_en)
    assert a.parent == f"state-{key[-2:]}" and a.country == key[-2:].upper()


def test_side_means_the_state(k: Knowledge) -> None:
    assert actors(k, "اتهم الجانب الأذربيجاني الطرف الأرميني") == [
        ("الجانب الأذربيجاني", "state-az"), ("الطرف الأرميني", "state-am")]


def test_armed_forces_type(k: Knowledge) -> None:
    a = one(k, "تقدم الجيش الأذربيجاني", "الجيش الأذربيجاني").actor
    assert (a.type, a.country, a.parent) == ("armed_forces", "AZ", "state-az")


def test_un_security_council_vs_national_council(k: Knowledge) -> None:
    text = "طالب مجلس الأمن الأرميني مجلس الأمن الدولي بالتحرك، ثم اجتمع مجلس الأمن."
    assert actors(k, text) == [("مجلس الأمن الأرميني", "security-council-am"),
                               ("مجلس الأمن الدولي", "intl-un-security-council"),
                               ("مجلس الأمن", "intl-un-security-council")]
    assert actors(k, "ناقش مجلس الأمن القومي الوضع") == []  # whose? unknown: no mention
    assert actors(k, "دعا مجلس الأمن التابع للأمم المتحدة") == [
        ("مجلس الأمن التابع للأمم المتحدة", "intl-un-security-council")]


def test_foreign_policy_is_not_a_ministry(k: Knowledge) -> None:
    assert [key for _, key in actors(k, "انتقد السياسة الخارجية الروسية")] == ["state-ru"]


# ----------------------------------------------------------------------------- persons

def test_title_nisba_known_name(k: Knowledge) -> None:
    text = "وقال رئيس الوزراء الأرميني نيكول باشينيان للصحفيين"
    m = one(k, text, "رئيس الوزراء الأرميني نيكول باشينيان")
    assert (m.actor.key, m.actor.country, m.actor.role_en) == (
        "person-nikol-pashinyan", "AM", "Prime Minister of Armenia")


def test_known_person_name_variants(k: Knowledge) -> None:
    text = "التقى باشنيان وعلييف بحضور بوتين، وعلق لافروف وزاخاروفا"
    keys = [key for _, key in actors(k, text)]
    assert keys == ["person-nikol-pashinyan", "person-ilham-aliyev", "person-vladimir-putin",
                    "person-sergey-lavrov", "person-maria-zakharova"]
    assert k.actors["person-maria-zakharova"].gender == "f"


def test_title_with_unknown_name(k: Knowledge) -> None:
    text = "وقال وزير الدفاع الأرميني ساركيس بوغوسيان إن الوضع متوتر"
    m = one(k, text, "وزير الدفاع الأرميني ساركيس بوغوسيان")
    assert m.actor.type == "person" and m.actor.country == "AM"
    assert m.actor.role_en == m.actor.label_en == "Minister of Defence of Armenia"
    assert m.actor.key.startswith("person-minister-of-defence-am-")
    assert m.actor.label_ar == "ساركيس بوغوسيان"


def test_title_without_name(k: Knowledge) -> None:
    text = "وأكد الرئيس الأذربيجاني في كلمة متلفزة"
    m = one(k, text, "الرئيس الأذربيجاني")
    assert (m.actor.key, m.actor.role_en, m.actor.gender) == (
        "person-president-az", "President of Azerbaijan", "m")


def test_feminine_title_and_construct_title(k: Knowledge) -> None:
    text = "وقالت وزيرة الخارجية الألمانية، وصرح وزير خارجية أذربيجان"
    found = k.find_actors(text)
    assert [(m.surface, m.actor.gender, m.actor.role_en) for m in found] == [
        ("وزيرة الخارجية الألمانية", "f", "Minister of Foreign Affairs of Germany"),
        ("وزير خارجية أذربيجان", "m", "Minister of Foreign Affairs of Azerbaijan")]


def test_spokesperson_of_a_body(k: Knowledge) -> None:
    text = "وقالت المتحدثة باسم وزارة الدفاع الأرمينية إن القصف مستمر"
    m = one(k, text, "المتحدثة باسم وزارة الدفاع الأرمينية")
    a = m.actor
    assert (a.type, a.gender, a.country, a.parent) == ("person", "f", "AM",
                                                       "ministry-of-defence-am")
    assert a.role_en == "Spokesperson of Ministry of Defence of Armenia"


def test_spokesperson_with_known_name(k: Knowledge) -> None:
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف"
    assert actors(k, text) == [("المتحدث باسم الكرملين دميتري بيسكوف", "person-dmitry-peskov")]


def test_presidential_aide(k: Knowledge) -> None:
    text = "كتب مساعد الرئيس الأذربيجاني حكمت حاجييف"
    assert actors(k, text) == [("مساعد الرئيس الأذربيجاني حكمت حاجييف",
                                "person-hikmet-hajiyev")]


def test_role_actor_then_name(k: Knowledge) -> None:
    text = "ودعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى التهدئة"
    assert actors(k, text) == [("الأمين العام للأمم المتحدة أنطونيو غوتيريش",
                                "person-antonio-guterres")]


# ----------------------------------------------------------------------------- bodies, groups

@pytest.mark.parametrize(("text", "surface", "key"), [
    ("أعرب الاتحاد الأوروبي عن قلقه", "الاتحاد الأوروبي", "intl-eu"),
    ("صوت البرلمان الأوروبي على قرار", "البرلمان الأوروبي", "intl-european-parliament"),
    ("قالت بعثة المراقبة التابعة للاتحاد الأوروبي", "بعثة المراقبة التابعة للاتحاد الأوروبي",
     "intl-eu-monitoring-mission"),
    ("دعت منظمة الأمن والتعاون في أوروبا", "منظمة الأمن والتعاون في أوروبا", "intl-osce"),
    ("وقال الرؤساء المشاركون لمجموعة مينسك", "الرؤساء المشاركون لمجموعة مينسك",
     "intl-osce-minsk-group"),
    ("رفضت منظمة معاهدة الأمن الجماعي الطلب", "منظمة معاهدة الأمن الجماعي", "intl-csto"),
    ("أيدت منظمة الدول التركية باكو", "منظمة الدول التركية",
     "intl-organization-of-turkic-states"),
    ("حذر حلف شمال الأطلسي", "حلف شمال الأطلسي", "intl-nato"),
    ("طالب الناتو بضبط النفس", "الناتو", "intl-nato"),
    ("نقلت اللجنة الدولية للصليب الأحمر الجرحى", "اللجنة الدولية للصليب الأحمر", "intl-icrc"),
    ("وثقت منظمة العفو الدولية الانتهاكات", "منظمة العفو الدولية", "intl-amnesty"),
    ("وقالت هيومن رايتس ووتش", "هيومن رايتس ووتش", "intl-hrw"),
    ("حسب تقرير فريدم هاوس", "فريدم هاوس", "intl-freedom-house"),
])
def test_international_bodies(k: Knowledge, text: str, surface: str, key: str) -> None:
    a = one(k, text, surface).actor
    assert a.key == key and a.country is None


@pytest.mark.parametrize(("text", "surface", "key"), [
    ("وقالت سلطات قره باغ الانفصالية", "سلطات قره باغ الانفصالية", "group-nk-authorities"),
    ("اتهم الانفصاليون الأرمن باكو", "الانفصاليون الأرمن", "group-nk-authorities"),
    ("أعلنت جمهورية آرتساخ التعبئة", "جمهورية آرتساخ", "group-nk-authorities"),
    ("وقالت وزارة الدفاع في قره باغ", "وزارة الدفاع في قره باغ", "ministry-of-defence-nk"),
    ("وأعلنت وزارة الدفاع في ناغورنو كاراباخ", "وزارة الدفاع في ناغورنو كاراباخ",
     "ministry-of-defence-nk"),
    ("وتصدت القوات الانفصالية للهجوم", "القوات الانفصالية", "armed-forces-nk"),
])
def test_separatists_are_not_armenia(k: Knowledge, text: str, surface: str, key: str) -> None:
    a = one(k, text, surface).actor
    assert a.key == key
    assert a.country is None
    assert key == "group-nk-authorities" or a.parent == "group-nk-authorities"


def test_karabakh_leader_by_title(k: Knowledge) -> None:
    m = one(k, "وقال رئيس قره باغ الانفصالي إن", "رئيس قره باغ الانفصالي")
    assert m.actor.country is None and m.actor.parent == "group-nk-authorities"


def test_karabakh_alone_is_a_place_not_an_actor(k: Knowledge) -> None:
    text = "اندلع القتال في ناغورنو قره باغ"
    assert actors(k, text) == []
    assert [p.place.key for p in k.find_places(text)] == ["nagorno-karabakh"]


@pytest.mark.parametrize(("text", "surface", "key", "country"), [
    ("ونقلت وكالة أذرتاج عن الوزارة", "وكالة أذرتاج", "agency-azertac", "AZ"),
    ("بحسب أرمنبرس فإن", "أرمنبرس", "agency-armenpress", "AM"),
    ("ونقلت انترفاكس عن مصدر", "انترفاكس", "agency-interfax", "RU"),
    ("وقالت ريا نوفوستي", "ريا نوفوستي", "agency-ria-novosti", "RU"),
    ("حسبما أفادت وكالة الأناضول", "وكالة الأناضول", "agency-anadolu", "TR"),
    ("وذكرت رويترز", "رويترز", "agency-reuters", None),
    ("(أ ف ب) قالت الوزارة", "أ ف ب", "agency-afp", None),
])
def test_news_agencies(k: Knowledge, text: str, surface: str, key: str,
                       country: str | None) -> None:
    a = one(k, text, surface).actor
    assert (a.key, a.type, a.country) == (key, "agency", country)


# ----------------------------------------------------------------------------- places

def test_places_with_coordinates_and_province(k: Knowledge) -> None:
    text = "سقطت قذائف على جيرموك وفي محيط ستيباناكيرت وقرب ممر لاتشين"
    found = k.find_places(text)
    assert [(p.surface, p.place.key) for p in found] == [
        ("جيرموك", "jermuk"), ("ستيباناكيرت", "khankendi"), ("ممر لاتشين", "lachin-corridor")]
    for p in found:
        assert text[p.start:p.end] == p.surface
    jermuk = k.places["jermuk"]
    assert jermuk.parent == "vayots-dzor" and k.places["vayots-dzor"].parent == "armenia"
    assert abs(jermuk.lat - 39.84) < 0.05 and abs(jermuk.lon - 45.67) < 0.05
    assert k.places["goris"].parent == "syunik"


def test_place_spelling_variants(k: Knowledge) -> None:
    text = "من شوشي إلى خانكندي ومن كلبجار إلى ناخيتشيفان"
    assert [p.place.key for p in k.find_places(text)] == [
        "shusha", "khankendi", "kalbajar", "nakhchivan"]
    assert k.places["sadarak"].parent == "nakhchivan"


# ----------------------------------------------------------------------------- lexicon

def cues(k: Knowledge, text: str) -> list[Cue]:
    found = k.find_cues(text)
    for c in found:
        assert text[c.start:c.end] == c.surface
    return found


@pytest.mark.parametrize(("word", "cls", "lemma", "gender", "number", "form"), [
    ("اتهمت", "accuse", "اتهم", "f", "sg", "perfect"),
    ("تتهم", "accuse", "اتهم", "f", "sg", "imperfect"),
    ("واتهمت", "accuse", "اتهم", "f", "sg", "perfect"),
    ("يتهمون", "accuse", "اتهم", "m", "pl", "imperfect"),
    ("اتهماها", None, None, None, None, None),  # dual + pronoun: not generated
    ("متهمةً", "accuse", "اتهم", "f", "sg", "participle"),
    ("متهماً", "accuse", "اتهم", "m", "sg", "participle"),
    ("اتهامات", "accuse", "اتهم", None, None, "masdar"),
    ("بالاتهامات", "accuse", "اتهم", None, None, "masdar"),
    ("وأضافت", "speech", "أضاف", "f", "sg", "perfect"),
    ("مؤكدةً", "speech", "أكد", "f", "sg", "participle"),
    ("يؤكدان", "speech", "أكد", "m", "du", "imperfect"),
    ("قالوا", "speech", "قال", "m", "pl", "perfect"),
    ("وتابع", "speech", "تابع", "m", "sg", "perfect"),
    ("أدانت", "condemn", "أدان", "f", "sg", "perfect"),
    ("ونددت", "condemn", "ندد", "f", "sg", "perfect"),
    ("تستنكر", "condemn", "استنكر", "f", "sg", "imperfect"),
    ("نفت", "deny", "نفى", "f", "sg", "perfect"),
    ("نافيةً", "deny", "نفى", "f", "sg", "participle"),
    ("دعت", "call", "دعا", "f", "sg", "perfect"),
    ("داعياً", "call", "دعا", "m", "sg", "participle"),
    ("وحثت", "call", "حث", "f", "sg", "perfect"),
    ("اعتبرت", "describe", "اعتبر", "f", "sg", "perfect"),
    ("ورأى", "describe", "رأى", "m", "sg", "perfect"),
    ("استهدفت", "hostile_act", "استهدف", "f", "sg", "perfect"),
    ("قصفت", "hostile_act", "قصف", "f", "sg", "perfect"),
    ("هجماتها", "hostile_act", "هاجم", None, None, "masdar"),
    ("العدوان", "aggression_noun", "عدوان", None, None, "noun"),
    ("استفزازات", "aggression_noun", "استفزاز", None, None, "noun"),
    ("وفقاً", "according_to", "وفقا ل", None, None, "particle"),
    ("بحسب", "according_to", "حسب", None, None, "particle"),
])
def test_generated_forms(k: Knowledge, word: str, cls: str | None, lemma: str | None,
                         gender: str | None, number: str | None, form: str | None) -> None:
    readings = k.cue_readings(word)
    if cls is None:
        assert all(r[0] != "accuse" for r in readings)
        return
    assert (cls, normalize(lemma or ""), gender, number, form) in [
        (r[0], normalize(r[1]), r[2], r[3], r[4]) for r in readings]
    found = cues(k, f"ثم {word} اليوم")
    assert [(c.surface, c.cls) for c in found] == [(word, cls)]


@pytest.mark.parametrize(("text", "surface", "cls"), [
    ("وحمّلت الخارجية الأرمينية باكو المسؤولية الكاملة عن التصعيد",
     "وحمّلت الخارجية الأرمينية باكو المسؤولية", "hold_responsible"),
    ("محملةً الجانب الآخر المسؤولية", "محملةً الجانب الآخر المسؤولية", "hold_responsible"),
    ("وألقت موسكو باللوم على كييف", "وألقت موسكو باللوم", "hold_responsible"),
    ("على أذربيجان أن تتحمل المسؤولية", "تتحمل المسؤولية", "hold_responsible"),
    ("ورفضت يريفان هذه الاتهامات", "ورفضت يريفان هذه الاتهامات", "deny"),
    ("تبادل البلدان الاتهامات بخرق الهدنة", "تبادل البلدان الاتهامات", "mutual"),
    ("وسط اتهامات متبادلة بين الطرفين", "اتهامات متبادلة", "mutual"),
    ("وأعربت باريس عن قلقها البالغ", "وأعربت باريس عن قلقها", "concern"),
    ("وأبدى الوزير قلقه", "وأبدى الوزير قلقه", "concern"),
    ("وامتنع المتحدث عن تحديد الطرف المسؤول", "وامتنع المتحدث عن تحديد", "refuse_to_blame"),
    ("وفتحت الوحدات النار على المواقع", "وفتحت الوحدات النار", "hostile_act"),
    ("وأطلقت القوات النار على القرية", "وأطلقت القوات النار", "hostile_act"),
    ("بعد أن فرضت باكو حصارا على الإقليم", "فرضت باكو حصارا", "hostile_act"),
    ("ووصفت الوزارة التقارير بأنها معلومات مضللة", "معلومات مضللة", "false_claim_noun"),
    ("وقال إن هذه الادعاءات لا أساس لها من الصحة", "لا أساس لها من الصحة", "false_claim_noun"),
    ("ما يرقى إلى تطهير عرقي", "تطهير عرقي", "aggression_noun"),
    ("على حد قول المسؤول", "على حد قول", "according_to"),
    ("ونقلت الوكالة عن مصدر", "ونقلت الوكالة عن", "according_to"),
    ("بعد ساعات من وقف إطلاق النار", "وقف إطلاق النار", "ceasefire"),
])
def test_multiword_cues(k: Knowledge, text: str, surface: str, cls: str) -> None:
    found = [(c.surface, c.cls) for c in cues(k, text)]
    assert (surface, cls) in found, found


def test_phrase_only_verbs_are_silent_alone(k: Knowledge) -> None:
    # حمل (carry), أطلق (launch), فتح (open) signal nothing without their complements
    assert [c.cls for c in cues(k, "حملت السفينة القمح وفتحت الأبواب")] == []


def test_cue_phrases_do_not_cross_sentences(k: Knowledge) -> None:
    found = [c.cls for c in cues(k, "حملت السفينة القمح. وتقع المسؤولية على الشركة")]
    assert "hold_responsible" not in found


def test_every_class_has_forms(k: Knowledge) -> None:
    data = json.loads((DEFAULT_LEXICON_DIR / "cues.json").read_text("utf-8"))
    expected = {"speech", "accuse", "condemn", "hold_responsible", "deny", "call", "describe",
                "concern", "hostile_act", "aggression_noun", "false_claim_noun", "mutual",
                "refuse_to_blame", "according_to"}
    assert expected <= set(data["classes"])
    covered = {ph["cls"] for ph in data["phrases"]} | {v["cls"] for v in data["verbs"]} | {
        n["cls"] for n in data["nouns"]} | {p["cls"] for p in data["particles"]}
    assert expected <= covered
    assert k.cue_form_count > 10000


def test_generated_files_are_fresh() -> None:
    from kg.extract.lexgen import main

    assert main(["--check"]) == 0


# ----------------------------------------------------------------------------- later rules

def test_title_of_a_body(k: Knowledge) -> None:
    text = "وأدان الأمين العام لمنظمة الدول التركية الهجوم"
    m = one(k, text, "الأمين العام لمنظمة الدول التركية")
    assert m.actor.role_en == "Secretary-General of Organization of Turkic States"
    assert m.actor.parent == "intl-organization-of-turkic-states" and m.actor.country is None
    m = one(k, "وقال رئيس وفد البرلمان الأوروبي إن", "رئيس وفد البرلمان الأوروبي")
    assert m.actor.parent == "intl-european-parliament"
    m = one(k, "وقال مسؤول في وزارة الدفاع الأرمينية إن", "مسؤول في وزارة الدفاع الأرمينية")
    assert (m.actor.type, m.actor.country, m.actor.parent) == (
        "person", "AM", "ministry-of-defence-am")


def test_construct_aide_title(k: Knowledge) -> None:
    m = one(k, "وقال مساعد رئيس أذربيجان: لدينا أدلة", "مساعد رئيس أذربيجان")
    assert m.actor.role_en == "Assistant to the President of Azerbaijan"


def test_unknown_name_stops_at_common_words(k: Knowledge) -> None:
    text = "وأجرى رئيس الوزراء الأرميني محادثات مع نظيره"
    assert [m.surface for m in k.find_actors(text)][0] == "رئيس الوزراء الأرميني"
    text = "وقال الرئيس الأذربيجاني خلال لقائه"
    assert [m.surface for m in k.find_actors(text)] == ["الرئيس الأذربيجاني"]


def test_counterpart_with_known_name(k: Knowledge) -> None:
    text = "واتصل بنظيره الروسي سيرغي لافروف"
    assert actors(k, text) == [("نظيره الروسي سيرغي لافروف", "person-sergey-lavrov")]


def test_soldier_heads_take_a_nisba_not_a_place(k: Knowledge) -> None:
    assert actors(k, "قتل جندي أذربيجاني") == [("جندي أذربيجاني", "armed-forces-az")]
    assert actors(k, "أصيب جندي في قره باغ") == []
    assert actors(k, "زعمت أن مخربين أرمن زرعوا الألغام") == [("مخربين أرمن", "armed-forces-am")]
    assert actors(k, "طالت القصف الأذربيجاني القرى") == [("القصف الأذربيجاني", "armed-forces-az")]


def test_final_ta_marbuta_written_as_ha(k: Knowledge) -> None:
    text = "قالت وزارة الدفاع الارمينيه"
    assert actors(k, text) == [("وزارة الدفاع الارمينيه", "ministry-of-defence-am")]


def test_ta_marbuta_not_folded_for_cues(k: Knowledge) -> None:
    # تابعة (belonging to) is not تابعه (he followed him)
    assert k.cue_readings("تابعة") == ()
    assert k.cue_readings("يبلغ") == ()  # amounts to, not "informs"


def test_actor_resolves_composite_keys(k: Knowledge) -> None:
    a = k.actor("ministry-of-foreign-affairs-tr")
    assert a is not None and a.label_en == "Ministry of Foreign Affairs of Türkiye"
    nk = k.actor("armed-forces-nk")
    assert nk is not None and nk.parent == "group-nk-authorities"
    assert k.actor("no-such-thing") is None


def test_agency_named_inside_a_longer_name(k: Knowledge) -> None:
    text = "رحب باكو ساهاكيان بالقرار"  # a person whose first name is the capital's
    assert actors(k, text) == [("باكو ساهاكيان", "person-bako-sahakyan")]


def test_lost_space_after_ta_marbuta(k: Knowledge) -> None:
    text = "وحث وزير خارجية الولايات المتحدةأنتوني بلينكن الطرفين"
    assert actors(k, text) == [("وزير خارجية الولايات المتحدةأنتوني بلينكن",
                                "person-antony-blinken")]
    assert actors(k, "ودعت الولايات المتحدةأرمينيا") == [("الولايات المتحدة", "state-us"),
                                                        ("أرمينيا", "state-am")]


def test_head_affiliated_with_a_state(k: Knowledge) -> None:
    text = "أعلنت وزارة الدفاع التابعة لجمهورية آرتساخ"
    assert actors(k, text) == [("وزارة الدفاع التابعة لجمهورية آرتساخ", "ministry-of-defence-nk")]


@pytest.mark.parametrize(("text", "surface", "gender"), [
    ("قال الجيش الأذربيجاني", "الجيش الأذربيجاني", "m"),
    ("قالت القوات الأذربيجانية", "القوات الأذربيجانية", "f"),
    ("قال الجنود الأرمن", "الجنود الأرمن", "pl"),
    ("قالت وزارة الدفاع في أرمينيا", "وزارة الدفاع في أرمينيا", "f"),
    ("قال مجلس الأمن الأرميني", "مجلس الأمن الأرميني", "m"),
    ("قال الكرملين", "الكرملين", "m"),
    ("قالت يريفان", "يريفان", "f"),
    ("قالت أرمينيا", "أرمينيا", "f"),
    ("قالت زاخاروفا", "زاخاروفا", "f"),
])
def test_gender_of_a_mention(k: Knowledge, text: str, surface: str, gender: str) -> None:
    assert k.gender_of(one(k, text, surface)) == gender


def test_phrase_cue_parts_and_verb_agreement(k: Knowledge) -> None:
    text = "وحمّلت الخارجية الأرمينية باكو المسؤولية"
    (cue,) = [c for c in cues(k, text) if c.cls == "hold_responsible"]
    assert [text[s:e] for s, e in cue.parts] == ["وحمّلت", "المسؤولية"]
    assert (cue.gender, cue.number, cue.form) == ("f", "sg", "phrase")


def test_glued_waw_before_a_two_word_name(k: Knowledge) -> None:
    text = "في المقاطعات الأرمينية سيونيكوغيغاركونيكوفايوتس دزور"
    assert [p.place.key for p in k.find_places(text)] == ["syunik", "gegharkunik", "vayots-dzor"]


def test_cldr_names_that_are_common_words(k: Knowledge) -> None:
    assert actors(k, "قدمت دعما ماليا ودعم مالي") == []
    assert actors(k, "زار جمهورية مالي ثم سلطنة عمان") == [("جمهورية مالي", "state-ml"),
                                                           ("سلطنة عمان", "state-om")]


def test_head_of_diplomacy_idiom_then_name(k: Knowledge) -> None:
    text = "وقال رئيس الدبلوماسية الروسية سيرغي لافروف"
    assert actors(k, text) == [("رئيس الدبلوماسية الروسية سيرغي لافروف", "person-sergey-lavrov")]


def test_news_agency_of_a_state(k: Knowledge) -> None:
    a = one(k, "وقالت وكالات أنباء روسية", "وكالات أنباء روسية").actor
    assert (a.key, a.type, a.country) == ("news-agency-ru", "agency", "RU")


def test_adjective_between_title_and_known_name(k: Knowledge) -> None:
    text = "وقال الرئيس الأمريكي السابق دونالد ترامب"
    assert actors(k, text) == [("الرئيس الأمريكي السابق دونالد ترامب", "person-donald-trump")]


def test_name_after_the_body_of_a_title_belongs_to_the_title(k: Knowledge) -> None:
    text = "وقال السكرتير الصحفي للرئيس الروسي دميتري بيسكوف"
    assert actors(k, text) == [("السكرتير الصحفي للرئيس الروسي دميتري بيسكوف",
                                "person-dmitry-peskov")]
    text = "وقال المتحدث باسم الأمين العام للأمم المتحدة ستيفان دوجاريك"
    assert actors(k, text) == [("المتحدث باسم الأمين العام للأمم المتحدة ستيفان دوجاريك",
                                "person-stephane-dujarric")]
    text = "وقال الناطق باسم الرئيس بوتين إن"
    m = one(k, text, "الناطق باسم الرئيس بوتين")
    assert m.actor.parent == "person-vladimir-putin"


# ----------------------------------------------------------------------------- invariants

_PIECES = ["أرمينيا", "وأذربيجان", "باكو", "للقوات", "الأذربيجانية", "وزارة", "الدفاع", "في",
           "الرئيس", "الروسي", "فلاديمير", "بوتين", "المتحدث", "باسم", "قره", "باغ", "غوريسوكابان",
           "اتهمت", "حمّلت", "المسؤولية", "وقف", "إطلاق", "النار", "ّ", "ـ", "ً", "،", ".", "\n",
           " ", " ", "-", "«", "»", "المتحدةأرمينيا", "abc", "12", "ة", "و", "ل"]


def test_matches_keep_offsets_and_order_on_random_text(k: Knowledge) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), max_size=40))
    def check(pieces: list[str]) -> None:
        text = "".join(pieces)
        for found in (k.find_actors(text), k.find_places(text), k.find_cues(text)):
            last_end = 0
            for m in found:
                assert 0 <= m.start < m.end <= len(text)
                assert text[m.start:m.end] == m.surface
                assert m.start >= last_end  # sorted, non-overlapping
                last_end = m.end

    check()


def test_empty_and_non_arabic_text(k: Knowledge) -> None:
    for text in ("", " ", "Armenia and Azerbaijan", "ـــ ّ ً"):
        assert k.find_actors(text) == [] and k.find_places(text) == [] and k.find_cues(text) == []


def test_generic_titles_take_no_name(k: Knowledge) -> None:
    assert actors(k, "وصرح مسؤول أرميني رفيع بأن") == [("مسؤول أرميني", "person-official-am")]
    assert actors(k, "وأعلن المدعي العام الأذربيجاني") == [
        ("المدعي العام الأذربيجاني", "person-prosecutor-general-az")]


def test_unknown_name_is_not_a_following_verb(k: Knowledge) -> None:
    assert actors(k, "الرئيس الأذربيجاني يزور أنقرة") == [
        ("الرئيس الأذربيجاني", "person-president-az"), ("أنقرة", "state-tr")]


def test_knowledge_is_cached_on_disk_and_a_broken_cache_is_rebuilt(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The pickle in the cache directory gives the same extraction as reading the files; a corrupt
    one is replaced; an empty KG_CACHE_DIR writes none."""
    from kg.cache import cache_dir
    from kg.corpus import read_article
    from kg.extract import extract_article

    article = read_article(Path(__file__).parents[1] / "data" / "articles" / "seed001.txt")
    fresh = extract_article(article, Knowledge.load(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR))
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    load_knowledge.cache_clear()
    load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)
    (pickled,) = (tmp_path / "cache").glob("knowledge-*.pickle")
    load_knowledge.cache_clear()
    assert extract_article(article, load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)) == fresh
    pickled.write_bytes(b"not a pickle")
    load_knowledge.cache_clear()
    assert extract_article(article, load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)) == fresh
    assert pickled.read_bytes()[:1] == b"\x80"  # rewritten as a pickle
    monkeypatch.setenv("KG_CACHE_DIR", "")
    pickled.unlink()
    load_knowledge.cache_clear()
    load_knowledge(DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR)
    assert cache_dir() is None and not list((tmp_path / "cache").iterdir())
    load_knowledge.cache_clear()
