"""Date finding and statement dates (kg.extract.dates); every sentence is made up for the test.

Publication date of most tests: Wednesday 19 May 2021.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import NAME, VERSION, DateContext, DateMention, find_dates
from kg.extract.sentences import split_sentences
from kg.model import ResolvedDate

PUB = date(2021, 5, 19)
assert PUB.strftime("%A") == "Wednesday"


def one(text: str, published: date | None = PUB) -> DateMention:
    mentions = find_dates(text, published)
    assert len(mentions) == 1, [(text[m.start:m.end], m.date) for m in mentions]
    return mentions[0]


def value(text: str, published: date | None = PUB) -> date | None:
    return one(text, published).date.value


def surface(text: str) -> str:
    m = one(text)
    return text[m.start:m.end]


def test_component_constants() -> None:
    assert NAME == "dates" and VERSION


# --- explicit dates --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("وقعت المواجهة في 3 مايو 2021 قرب الحدود", date(2021, 5, 3)),  # MSA (CLDR ar)
    ("وقعت المواجهة في 3 أيار 2021 قرب الحدود", date(2021, 5, 3)),  # Levantine (ar_SY)
    ("انتهت المعارك في 15 تشرين الأول 2020", date(2020, 10, 15)),  # two-word Levantine month
    ("انتهت المعارك في 15 تشرين الثاني 2020", date(2020, 11, 15)),
    ("اجتمع الطرفان في 2 كانون الثاني 2021", date(2021, 1, 2)),
    ("انطلقت المفاوضات يوم 7 شتنبر 2020", date(2020, 9, 7)),  # Moroccan (ar_MA)
    ("انطلقت المفاوضات يوم 7 يوليوز 2020", date(2020, 7, 7)),
    ("انطلقت المفاوضات يوم 7 غشت 2020", date(2020, 8, 7)),
    ("انطلقت المفاوضات يوم 7 جويلية 2020", date(2020, 7, 7)),  # Algerian/Tunisian (ar_DZ)
    ("انطلقت المفاوضات يوم 7 أوت 2020", date(2020, 8, 7)),
    ("وصل الوفد في الـ12 من شهر أبريل 2021", date(2021, 4, 12)),
    ("وصل الوفد في 12 ابريل 2021", date(2021, 4, 12)),  # hamza dropped
    ("وصل الوفد في 12 أبريل، 2021", date(2021, 4, 12)),
])
def test_day_month_year_in_every_regional_month_name(text: str, expected: date) -> None:
    assert value(text) == expected


@pytest.mark.parametrize("text", [
    "أعلنت اللجنة النتائج في 14 مايو/أيار 2021",
    "أعلنت اللجنة النتائج في 14 أيار/مايو 2021",
    "أعلنت اللجنة النتائج في 14 مايو (أيار) 2021",
    "أعلنت اللجنة النتائج في 14 مايو / أيار 2021",
])
def test_doubled_month_names(text: str) -> None:
    mention = one(text)
    assert mention.date.value == date(2021, 5, 14)
    assert text[mention.start:mention.end].endswith("2021")


@pytest.mark.parametrize(("text", "expected"), [
    ("الأحد 2021/05/16", date(2021, 5, 16)),
    ("صدر البيان بتاريخ 16-05-2021 مساء", date(2021, 5, 16)),
    ("صدر البيان بتاريخ 16.5.2021.", date(2021, 5, 16)),
    ("صدر البيان بتاريخ 2021-05-16", date(2021, 5, 16)),
    ("صدر البيان بتاريخ 05/25/2021", date(2021, 5, 25)),  # month first only when unambiguous
])
def test_numeric_dates(text: str, expected: date) -> None:
    found = [m for m in find_dates(text, PUB) if m.granularity == "day" and m.date.basis == "explicit"]
    assert [m.date.value for m in found] == [expected]


def test_numeric_date_rejects_impossible_days() -> None:
    assert find_dates("الرقم 31/02/2021 خاطئ", PUB) == []


def test_arabic_indic_digits() -> None:
    assert value("وقع الانفجار في ١٣ مايو ٢٠٢١") == date(2021, 5, 13)
    assert value("وقع الانفجار بتاريخ ۲۰۲۱/۰۵/۱۳") == date(2021, 5, 13)


def test_month_first_dateline() -> None:
    assert value("أيار 13, 2021") == date(2021, 5, 13)


def test_weekday_with_explicit_date_is_one_explicit_mention() -> None:
    mention = one("وفي مساء الثلاثاء 18 مايو 2021 أعلن الجيش التعبئة")
    assert mention.date == ResolvedDate(date(2021, 5, 18), "explicit", surface="مساء الثلاثاء 18 مايو 2021")


def test_late_in_the_evening_of_a_dated_weekday() -> None:
    text = "صدر القرار في وقت متأخر من مساء الثلاثاء 18 مايو بعد نقاش طويل"
    mention = one(text)
    assert mention.date.value == date(2021, 5, 18)
    assert text[mention.start:mention.end] == "في وقت متأخر من مساء الثلاثاء 18 مايو"


def test_glued_conjunction_before_a_weekday() -> None:
    assert value("والإثنين 17 مايو، بدأت الجولة الثانية") == date(2021, 5, 17)


def test_day_range_is_an_interval() -> None:
    for text in ("المعارك بين 12 و13 مايو", "المعارك من 12 إلى 13 مايو 2021", "المعارك 12-13 مايو"):
        mention = one(text)
        assert mention.granularity == "range"
        assert (mention.date.value, mention.date.earliest, mention.date.latest) == (
            None, date(2021, 5, 12), date(2021, 5, 13))


def test_month_and_year_is_an_interval() -> None:
    mention = one("تجدد القتال في فبراير 2020")
    assert (mention.granularity, mention.date.earliest, mention.date.latest) == (
        "month", date(2020, 2, 1), date(2020, 2, 29))


def test_numbers_and_verbs_that_are_not_dates() -> None:
    assert find_dates("قتل 12 جنديا وأصيب 30 آخرون", PUB) == []
    assert find_dates("مارس الطرفان ضغوطا كبيرة", PUB) == []


# --- year inference ----------------------------------------------------------------------------

def test_year_from_publication() -> None:
    assert value("وقع الحادث في 2 مايو") == date(2021, 5, 2)


def test_year_inference_across_a_year_boundary() -> None:
    assert value("أغلقت الطرق في 28 ديسمبر", published=date(2021, 1, 5)) == date(2020, 12, 28)


def test_day_shortly_after_publication_is_a_scheduled_future_day() -> None:
    mention = one("تعقد القمة في 25 مايو")
    assert mention.date.value == date(2021, 5, 25) and mention.future


def test_day_long_after_publication_is_last_year() -> None:
    assert value("وقع الانفجار في 30 أكتوبر") == date(2020, 10, 30)


@pytest.mark.parametrize(("text", "expected"), [
    ("في 3 مايو الجاري", date(2021, 5, 3)),
    ("في 3 مايو الحالي", date(2021, 5, 3)),
    ("في 3 فبراير الماضي", date(2021, 2, 3)),
    ("في 3 مايو من العام الماضي", date(2020, 5, 3)),
    ("في 3 مايو الماضي", date(2020, 5, 3)),  # the current month is "الجاري", not "الماضي"
])
def test_year_qualifiers(text: str, expected: date) -> None:
    assert value(text) == expected


def test_next_month_is_future() -> None:
    mention = one("تبدأ المحادثات في 2 يونيو المقبل")
    assert mention.date.value == date(2021, 6, 2) and mention.future


def test_of_the_same_year_takes_the_preceding_year() -> None:
    mentions = find_dates("بدأت الأزمة في 4 مارس 2018 ثم اتسعت في 9 أغسطس من العام نفسه", PUB)
    assert [m.date.value for m in mentions] == [date(2018, 3, 4), date(2018, 8, 9)]


def test_preceding_year_in_the_same_sentence_rolls_over() -> None:
    mentions = find_dates("استمرت الهدنة من 10 نوفمبر 2019 حتى انهيارها في 12 يناير", PUB)
    assert [m.date.value for m in mentions] == [date(2019, 11, 10), date(2020, 1, 12)]


def test_without_publication_the_year_comes_from_the_same_day_elsewhere() -> None:
    text = "بدأ الهجوم في 6 أبريل.\nالمراجع: تقرير صدر في 6 أبريل 2017."
    mentions = find_dates(text, None)
    assert [m.date.value for m in mentions] == [date(2017, 4, 6), date(2017, 4, 6)]


def test_without_publication_the_year_comes_from_the_nearest_preceding_year() -> None:
    mentions = find_dates("اندلعت الحرب عام 2016. وفي 5 أبريل توقف القتال.", None)
    assert mentions[-1].date.value == date(2016, 4, 5)


def test_without_publication_a_weekday_picks_the_year() -> None:
    # 10 November was a Sunday in 2019, not in 2020 (the only year written)
    mentions = find_dates("في عام 2020 … وفي الأحد 10 نوفمبر اتفق الطرفان", None)
    assert mentions[-1].date.value == date(2019, 11, 10)


def test_without_any_clue_the_year_stays_unknown() -> None:
    assert one("وقع ذلك في 3 مايو", published=None).date == ResolvedDate(None, "unknown", surface="3 مايو")


def test_heading_without_a_known_year_dates_nothing() -> None:
    text = "10 مايو\nقالت الحكومة إن الهدوء عاد.\n"
    start = text.index("قالت")
    assert context(text, published=None).for_statement(start, len(text) - 1, start).basis == "unknown"


# --- relative dates ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("أعلن الرئيس اليوم عن خطة", PUB),
    ("أعلن الرئيس أمس عن خطة", date(2021, 5, 18)),
    ("أعلن الرئيس بالأمس عن خطة", date(2021, 5, 18)),
    ("أعلن الرئيس أول أمس عن خطة", date(2021, 5, 17)),
    ("أعلن الرئيس أول من أمس عن خطة", date(2021, 5, 17)),
    ("اندلع الحريق مساء أمس", date(2021, 5, 18)),
    ("اندلع الحريق فجر اليوم", PUB),
    ("اندلع الحريق صباح اليوم الأربعاء", PUB),
    ("اندلع الحريق الليلة الماضية", date(2021, 5, 18)),
    ("اندلع الحريق قبل يومين", date(2021, 5, 17)),
    ("أعلن الرئيس أمس الثلاثاء عن خطة", date(2021, 5, 18)),
])
def test_relative_days(text: str, expected: date) -> None:
    mention = one(text)
    assert mention.date.value == expected and mention.date.basis == "relative"


def test_tomorrow_is_future() -> None:
    mention = one("تصل البعثة غداً إلى العاصمة")
    assert mention.future and mention.date.value == date(2021, 5, 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("قال الوزير يوم الإثنين إن", date(2021, 5, 17)),
    ("قال الوزير الاثنين إن", date(2021, 5, 17)),
    ("قال الوزير الأربعاء إن", PUB),  # the publication day itself, not a week back
    ("قال الوزير الخميس إن", date(2021, 5, 13)),
    ("قال الوزير الأحد إن", date(2021, 5, 16)),
    ("قال الوزير الجمعة إن", date(2021, 5, 14)),
    ("قال الوزير السبت إن", date(2021, 5, 15)),
    ("وقع الاشتباك فجر الثلاثاء", date(2021, 5, 18)),
    ("قال الوزير الأربعاء الماضي إن", date(2021, 5, 12)),
])
def test_weekday_is_the_most_recent_such_day_on_or_before_publication(text: str, expected: date) -> None:
    assert value(text) == expected


def test_next_weekday_is_future() -> None:
    assert one("يجتمع المجلس الخميس المقبل").future


def test_night_between_two_weekdays_is_an_interval() -> None:
    mention = one("دارت المعارك ليل الإثنين الثلاثاء")
    assert (mention.date.earliest, mention.date.latest) == (date(2021, 5, 17), date(2021, 5, 18))


def test_last_week_and_last_month_are_intervals() -> None:
    week = one("والأسبوع الماضي، اتهمت الحكومة جارتها")
    assert (week.date.value, week.date.basis, week.origin) == (None, "bounded", "relative")
    assert (week.date.earliest, week.date.latest) == (date(2021, 5, 6), date(2021, 5, 18))
    month = one("وفي الشهر الماضي وقع اشتباك")
    assert (month.date.earliest, month.date.latest) == (date(2021, 4, 1), date(2021, 4, 30))


def test_day_words_that_are_not_today() -> None:
    assert find_dates("في اليوم الأول من القتال", PUB) == []
    assert find_dates("لم يصدر رد حتى اليوم", PUB) == []
    assert find_dates("في اليوم العالمي للسلام", PUB) == []
    assert find_dates("نقلت قناة روسيا اليوم عن مصدر", PUB) == []
    assert find_dates("ذكرت صحيفة المصري اليوم أن", PUB) == []


def test_earlier_is_undated() -> None:
    mention = one("وكانت الحكومة أعلنت في وقت سابق أن الطريق مغلق")
    assert mention.granularity == "undated"
    assert mention.date == ResolvedDate(None, "bounded", latest=PUB, surface="في وقت سابق")


def test_same_day_refers_to_the_previous_date() -> None:
    text = "وصل الوفد في 10 مايو. وفي اليوم نفسه، بدأت المحادثات. وفي اليوم التالي توقفت."
    mentions = find_dates(text, PUB)
    assert [m.date.value for m in mentions] == [date(2021, 5, 10), date(2021, 5, 10), date(2021, 5, 11)]


def test_relative_without_publication_is_unknown() -> None:
    assert one("أعلن الرئيس أمس عن خطة", published=None).date.basis == "unknown"


def test_offsets_point_into_text_with_diacritics_and_tatweel() -> None:
    text = "وقَالَ الوزيرُ يَوْمَ الثُّلاثاء إنّ ١٣ مايـو ٢٠٢١ كان يوما صعبا"
    mentions = find_dates(text, PUB)
    assert [text[m.start:m.end] for m in mentions] == ["يَوْمَ الثُّلاثاء", "١٣ مايـو ٢٠٢١"]


# --- statement dates ---------------------------------------------------------------------------

def context(text: str, published: date | None = PUB) -> DateContext:
    return DateContext(text, published, split_sentences(text))


def statement_date(text: str, cue: str, published: date | None = PUB,
                   sentence: str | None = None) -> ResolvedDate:
    ctx = context(text, published)
    start = text.index(sentence) if sentence else 0
    end = start + len(sentence) if sentence else len(text)
    return ctx.for_statement(start, end, text.index(cue))


def test_statement_explicit_date_in_the_sentence() -> None:
    resolved = statement_date("وفي 17 مايو اتهمت الحكومة المتمردين بخرق الهدنة.", "اتهمت")
    assert (resolved.value, resolved.basis) == (date(2021, 5, 17), "explicit")


def test_statement_date_of_the_speech_not_of_the_reported_act() -> None:
    text = "قالت الوزارة يوم الثلاثاء إن القوات قصفت القرى يوم الإثنين."
    resolved = statement_date(text, "قالت")
    assert (resolved.value, resolved.basis) == (date(2021, 5, 18), "relative")


def test_statement_date_before_the_cue_wins_over_the_act_date() -> None:
    text = "وفي بيان صدر في 17 مايو، وصفت اللجنة الهجوم الذي شنه المتمردون في 15 مايو بأنه انتهاك."
    assert statement_date(text, "وصفت").value == date(2021, 5, 17)


def test_statement_date_falls_back_to_the_reported_act_date() -> None:
    text = "وأكد المتحدث أن الجيش سيطر على التلال في 16 مايو."
    resolved = statement_date(text, "وأكد")
    assert (resolved.value, resolved.basis) == (date(2021, 5, 16), "explicit")


def test_statement_earlier_stops_at_bounded() -> None:
    text = "وكانت العاصمة أعلنت في وقت سابق أن الطرف الآخر شن هجوما مساء الجمعة."
    resolved = statement_date(text, "أعلنت")
    assert (resolved.value, resolved.basis, resolved.latest) == (None, "bounded", PUB)


def test_statement_date_far_after_the_cue_belongs_to_another_clause() -> None:
    text = ("الأحد 2021/05/16\n"
            "تبادل البلدان الاتهامات بشن هجمات جديدة على طول الحدود مما يهدد هدنة بدأت قبل يومين.")
    sentence = text.split("\n")[1]
    resolved = statement_date(text, "تبادل", sentence=sentence)
    # the dateline, not "قبل يومين"
    assert (resolved.value, resolved.basis) == (date(2021, 5, 16), "explicit")


def test_statement_without_any_date_is_bounded_by_publication() -> None:
    resolved = statement_date("ودعت المنظمة الطرفين إلى ضبط النفس.", "ودعت")
    assert resolved == ResolvedDate(None, "bounded", latest=PUB)
    assert resolved.best == PUB


def test_statement_without_publication_date_is_unknown() -> None:
    resolved = statement_date("ودعت المنظمة الطرفين إلى ضبط النفس.", "ودعت", published=None)
    assert resolved.basis == "unknown" and resolved.best is None


def test_future_days_are_never_a_statement_date() -> None:
    resolved = statement_date("وقال الوسيط إن الوفدين يلتقيان غدا.", "وقال")
    assert resolved.basis == "bounded"


HEADED = (
    "شهدت المنطقة أسبوعا من التوتر بين الجارتين.\n"
    "وتبادل الطرفان الرسائل عبر الوسطاء.\n"
    "الجدول الزمني\n"
    "10 مايو 2021\n"
    "قالت الحكومة إن المدفعية قصفت القرى. وأضافت أن المدنيين نزحوا.\n"
    "11 إلى 12 مايو\n"
    "نفت الحكومة الاتهامات.\n"
    "المواقف الدولية\n"
    "دعت المنظمة إلى التهدئة.\n"
)


def test_heading_date_carries_to_following_sentences_until_the_next_heading() -> None:
    ctx = context(HEADED, published=None)

    def at(sentence: str, cue: str) -> ResolvedDate:
        start = HEADED.index(sentence)
        return ctx.for_statement(start, start + len(sentence), HEADED.index(cue, start))

    first = at("قالت الحكومة إن المدفعية قصفت القرى.", "قالت")
    assert (first.value, first.basis) == (date(2021, 5, 10), "explicit")
    second = at("وأضافت أن المدنيين نزحوا.", "وأضافت")
    assert (second.value, second.basis) == (date(2021, 5, 10), "explicit")
    ranged = at("نفت الحكومة الاتهامات.", "نفت")
    assert (ranged.value, ranged.basis) == (None, "bounded")  # a range heading: an interval
    assert (ranged.earliest, ranged.latest) == (date(2021, 5, 11), date(2021, 5, 12))
    after = at("دعت المنظمة إلى التهدئة.", "دعت")
    assert after.basis == "unknown"  # an undated heading ends the carry-over


def test_heading_date_with_publication() -> None:
    ctx = context(HEADED, published=PUB)
    start = HEADED.index("وأضافت")
    resolved = ctx.for_statement(start, HEADED.index("\n", start), start)
    assert resolved == ResolvedDate(date(2021, 5, 10), "explicit", surface="10 مايو 2021")
    start = HEADED.index("دعت")
    assert ctx.for_statement(start, HEADED.index("\n", start), start).basis == "bounded"


def test_dateline_under_the_headline_dates_the_whole_article() -> None:
    text = ("الحدود تشتعل\nالسبت 2021/05/15\nجنود على الحدود (صورة أرشيفية)\n"
            "وقال المتحدث إن الهجوم صد.\nردود الفعل\nودعت المنظمة إلى التهدئة.\n")
    ctx = context(text, published=None)
    for cue in ("وقال", "ودعت"):  # neither the photo caption nor a section heading ends it
        start = text.index(cue)
        assert ctx.for_statement(start, text.index("\n", start), start).value == date(2021, 5, 15)


def test_dateline_dates_the_body() -> None:
    text = "الحدود تشتعل\nالسبت 2021/05/15\nوقال المتحدث إن الهجوم صد.\n"
    ctx = context(text)
    start = text.index("وقال")
    assert ctx.for_statement(start, len(text) - 1, start).value == date(2021, 5, 15)


def test_relative_in_the_reported_clause_loses_to_the_heading_date() -> None:
    text = "14 مايو\nوقالت الوزارة إن القصف بدأ فجر الخميس.\n"
    ctx = context(text)
    start = text.index("وقالت")
    assert ctx.for_statement(start, len(text) - 1, start).value == date(2021, 5, 14)


def test_relative_attached_to_the_speech_is_anchored_on_the_heading_without_publication() -> None:
    text = "14 مايو 2021\nوقالت الوزارة الثلاثاء إن القصف توقف.\n"
    ctx = context(text, published=None)
    start = text.index("وقالت")
    resolved = ctx.for_statement(start, len(text) - 1, start)
    assert (resolved.value, resolved.basis) == (date(2021, 5, 11), "relative")


def test_relative_in_sentence_without_heading() -> None:
    text = "نقلت الوكالة عن مصدر أن الاشتباك وقع فجر الإثنين."
    resolved = statement_date(text, "نقلت")
    assert (resolved.value, resolved.basis) == (date(2021, 5, 17), "relative")


def test_interval_statement_date() -> None:
    resolved = statement_date("والأسبوع الماضي، اتهمت الحكومة جارتها بإغلاق المعبر.", "اتهمت")
    assert (resolved.value, resolved.basis, resolved.best) == (None, "bounded", date(2021, 5, 18))
    assert resolved.earliest == date(2021, 5, 6)


def test_for_statement_without_cue_uses_the_first_date_before_the_reported_clause() -> None:
    text = "أعلنت الحكومة الإثنين أن المعارك انتهت الأحد."
    assert context(text).for_statement(0, len(text)).value == date(2021, 5, 17)


def test_for_event_dates_the_act() -> None:
    text = "قصفت المدفعية القرية فجر الثلاثاء."
    assert context(text).for_event(0, len(text)).value == date(2021, 5, 18)


def test_an_old_date_in_the_reported_clause_does_not_date_the_statement() -> None:
    text = "وقال الرئيس إن جاره يشوه الاتفاق الموقع في 9 نوفمبر 2019."
    resolved = statement_date(text, "وقال")
    assert (resolved.value, resolved.basis) == (None, "bounded")


@pytest.mark.parametrize(("text", "expected"), [
    ("افتتح المعبر في الثالث عشر من مايو 2021", date(2021, 5, 13)),
    ("افتتح المعبر في الحادي والعشرين من أبريل", date(2021, 4, 21)),
    ("افتتح المعبر يوم الأول من شهر مايو", date(2021, 5, 1)),
])
def test_ordinal_day_words(text: str, expected: date) -> None:
    mention = one(text)
    assert (mention.date.value, mention.date.basis) == (expected, "explicit")


@pytest.mark.parametrize(("text", "expected"), [
    ("بدأ الإضراب في 11 من الشهر الجاري", date(2021, 5, 11)),
    ("بدأ الإضراب في العاشر من الشهر الماضي", date(2021, 4, 10)),
    ("بدأ الإضراب في 11 من هذا الشهر", date(2021, 5, 11)),
])
def test_day_of_a_relative_month(text: str, expected: date) -> None:
    mention = one(text)
    assert (mention.date.value, mention.date.basis) == (expected, "relative")


def test_feminine_and_other_past_qualifiers() -> None:
    assert value("خطب الرئيس الجمعة الماضية") == date(2021, 5, 14)
    assert value("وصل الوفد في 3 فبراير الفائت") == date(2021, 2, 3)
    assert one("يجتمع المجلس الجمعة المقبلة").future


def test_since_two_days() -> None:
    assert value("يتواصل القصف منذ يومين") == date(2021, 5, 17)


def test_eleven_is_not_sunday() -> None:
    assert find_dates("قتل الأحد عشر جنديا", PUB) == []


DATE_PIECES = st.sampled_from([
    "قال", "الوزير", "إن", "القوات", "قصفت", " ", " ", " ", ".", "،", ":", "\n", "«", "»", "في", "يوم",
    "13", "٣١", "2022", "1999", "/", "-", "سبتمبر", "أيلول", "تشرين الأول", "شتنبر", "الثلاثاء", "الإثنين",
    "الأحد", "اليوم", "أمس", "أول", "غدا", "مساء", "فجر", "الليلة الماضية", "الأسبوع الماضي", "الماضي",
    "المقبل", "الجاري", "من العام نفسه", "في وقت سابق", "في اليوم نفسه", "التالي", "الثالث عشر", "من",
    "الشهر", "عام", "قبل", "يومين", "ـ", "َ", "ّ", "\u200f", "ى", "إلى", "و",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_PIECES, max_size=40).map("".join),
       st.sampled_from([None, PUB, date(2020, 1, 1), date(2024, 2, 29), date.min, date.max,
                        date(1, 1, 8), date(9999, 12, 25)]))
def test_find_dates_and_statement_dates_never_fail(text: str, published: date | None) -> None:
    mentions = find_dates(text, published)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        previous_end = mention.end
        assert mention.date.surface == text[mention.start:mention.end]
        assert (mention.date.value is not None) == (mention.date.basis in ("explicit", "relative"))
    ctx = DateContext(text, published, split_sentences(text))
    for span in ctx.sentences:
        for cue in (None, span.start, (span.start + span.end) // 2):
            resolved = ctx.for_statement(span.start, span.end, cue)
            # the shapes: an explicit/relative basis always comes with the exact day
            assert (resolved.value is not None) == (resolved.basis in ("explicit", "relative"))
            if published is not None and resolved.best is not None:
                assert resolved.best <= published
            if published is None and resolved.basis == "bounded":
                assert resolved.latest is not None


@pytest.mark.parametrize("published", [date.min, date.max, date(1, 1, 2), date(9999, 12, 30),
                                       date(1, 2, 1), date(9999, 11, 30)])
def test_extreme_publication_dates_are_no_usable_date(published: date) -> None:
    """date.min/date.max leave no room for أمس، الشهر الماضي، من العام الماضي: no OverflowError,
    no relative date is resolved, and the statement stays bounded by the publication date."""
    text = ("اتهمت وزارة الدفاع أمس الثلاثاء القوات بقصف مواقعها في 13 سبتمبر الماضي والأسبوع الماضي "
            "والشهر الماضي وقبل يومين وفي 13 من الشهر الجاري ومن العام الماضي وفي اليوم التالي.")
    assert all(m.date.basis not in ("explicit", "relative") or m.relative is None
               for m in find_dates(text, published))
    ctx = DateContext(text, published, split_sentences(text))
    resolved = ctx.for_statement(0, len(text), 6)
    assert resolved.basis == "bounded" and resolved.latest == published


def test_a_day_after_publication_never_dates_a_statement() -> None:
    resolved = statement_date("وقال الوزير في 30 ديسمبر 2021 إن المعبر سيفتح.", "وقال")
    assert resolved == ResolvedDate(None, "bounded", latest=PUB)


def test_later_is_undated_but_earlier_today_is_today() -> None:
    assert one("وأعلنت الوزارة في وقت لاحق أن الطريق فتح").granularity == "undated"
    mentions = find_dates("وأعلنت الوزارة في وقت سابق اليوم أن الطريق فتح", PUB)
    assert [(m.granularity, m.date.value) for m in mentions] == [("day", PUB)]
