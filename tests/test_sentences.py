"""The Arabic news sentence splitter (kg.extract.sentences); sentences are made up for the tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.sentences import Span, split_sentences
from kg.extract.text import noise_spans


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start:s.end]) for s in split_sentences(text)]


def test_splits_on_full_stop_question_and_exclamation_marks() -> None:
    text = "عاد الهدوء إلى المنطقة. هل تصمد الهدنة؟ الجميع يأمل ذلك! انتهى الاجتماع."
    assert texts(text) == ["عاد الهدوء إلى المنطقة.", "هل تصمد الهدنة؟", "الجميع يأمل ذلك!",
                           "انتهى الاجتماع."]


def test_newline_always_ends_a_sentence() -> None:
    text = "القمة تنتهي دون اتفاق\nاجتمع القادة في العاصمة لبحث الحدود"
    assert texts(text) == ["القمة تنتهي دون اتفاق", "اجتمع القادة في العاصمة لبحث الحدود"]


def test_no_split_at_colon_or_arabic_comma() -> None:
    text = "وأضاف المتحدث: نحن مستعدون للحوار، لكننا لن نتنازل عن أرضنا."
    assert texts(text) == [text]


def test_no_split_inside_quotes_on_one_line() -> None:
    text = 'وقال الوزير «لن نقبل بذلك. هذا خط أحمر» ثم غادر القاعة. وتابع "الوضع خطير. نراقبه" بحذر.'
    assert texts(text) == ['وقال الوزير «لن نقبل بذلك. هذا خط أحمر» ثم غادر القاعة.',
                           'وتابع "الوضع خطير. نراقبه" بحذر.']


def test_unmatched_quote_does_not_swallow_the_line() -> None:
    text = "قال المسؤول «إن القصف توقف. وعادت الحركة إلى الطرق."
    assert len(texts(text)) == 2


def test_quote_crossing_a_newline_is_cut_at_the_newline() -> None:
    text = "وقالت الوزارة «نرفض الاتهامات.\nونؤكد التزامنا» بالهدنة."
    assert texts(text) == ["وقالت الوزارة «نرفض الاتهامات.", "ونؤكد التزامنا» بالهدنة."]


def test_no_split_inside_numbers_and_one_letter_abbreviations() -> None:
    text = "بدأ القصف عند 06.30 صباحا (ت.غ) في 4.7.2021 وفق د. سامي. ثم توقف."
    assert texts(text) == ["بدأ القصف عند 06.30 صباحا (ت.غ) في 4.7.2021 وفق د. سامي.", "ثم توقف."]


def test_glued_sentences_split_before_an_arabic_letter() -> None:
    assert texts("انتهت الجولة.وبدأت جولة أخرى.") == ["انتهت الجولة.", "وبدأت جولة أخرى."]


def test_no_split_inside_a_web_name() -> None:
    # a short word glued after the dot is a domain (نيوز.أم), not a new sentence; a number after it
    # ("الفقرة.12") is not a domain
    assert texts('نقل موقع "نيوز.أم" الخبر. ثم توقف.') == ['نقل موقع "نيوز.أم" الخبر.', "ثم توقف."]
    assert texts("انتهت الجولة.وقد بدأت أخرى.") == ["انتهت الجولة.", "وقد بدأت أخرى."]


def test_full_stop_followed_by_stray_comma() -> None:
    assert texts("سقطت القذائف.،وتضررت المنازل.") == ["سقطت القذائف.،", "وتضررت المنازل."]


def test_footnote_markers_and_ads_are_skipped() -> None:
    text = "[ad_1]\nأغلقت السلطات المعبر.[7][8] وفتحته صباحا.[9]\n[ad_2]"
    assert texts(text) == ["أغلقت السلطات المعبر.", "وفتحته صباحا."]


def test_reference_lines_are_dropped() -> None:
    text = "وقعت المواجهة ليلا.\n^Doe, A. (2020). \"Report\". Example News.\n"
    assert texts(text) == ["وقعت المواجهة ليلا."]


def test_headings_and_date_datelines() -> None:
    text = ("الحدود تشتعل من جديد\nالخميس 2021/05/20\nقالت الحكومة إنها سترد. وأغلقت المطار.\n"
            "المواقف الدولية\n٣ حزيران ٢٠٢١\nنشر في 5 يونيو 2021 الساعة 10:15\n")
    assert kinds(text) == [
        ("heading", "الحدود تشتعل من جديد"),
        ("dateline", "الخميس 2021/05/20"),
        ("sentence", "قالت الحكومة إنها سترد."),
        ("sentence", "وأغلقت المطار."),
        ("heading", "المواقف الدولية"),
        ("dateline", "٣ حزيران ٢٠٢١"),
        ("dateline", "نشر في 5 يونيو 2021 الساعة 10:15"),
    ]


def test_a_long_line_without_final_punctuation_is_not_a_heading() -> None:
    text = " ".join(["كلمة"] * 30)
    assert kinds(text) == [("sentence", text)]


def test_city_dateline_is_its_own_span() -> None:
    text = ("العنوان الرئيسي للخبر\n"
            "طهران (رويترز) - أعلنت الحكومة اليوم عن خطة جديدة لإعادة الإعمار في الشمال.")
    result = kinds(text)
    assert result[1] == ("dateline", "طهران (رويترز) -")
    assert result[2] == ("sentence", "أعلنت الحكومة اليوم عن خطة جديدة لإعادة الإعمار في الشمال.")


def test_city_agency_dateline_sentence() -> None:
    text = "بغداد - سبوتنيك. وقال المتحدث إن المحادثات ستستأنف الأسبوع المقبل."
    assert kinds(text) == [("dateline", "بغداد - سبوتنيك."),
                           ("sentence", "وقال المتحدث إن المحادثات ستستأنف الأسبوع المقبل.")]


def test_offsets_index_the_original_text_with_crlf_and_marks() -> None:
    text = "  أعلنَ الجيشُ الهدنة.\r\nوبدأ الانسحاب.  "
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["أعلنَ الجيشُ الهدنة.", "وبدأ الانسحاب."]
    assert all(isinstance(s, Span) and not s.is_heading for s in spans)


PIECES = st.sampled_from([
    "قال", "الوزير", "إن", "القوات", "قصفت", "المواقع", ".", "؟", "!", "،", ":", "«", "»", '"', " ", " ", " ",
    "\n", "[ad_1]", "[12]", "3.5", "2022/09/13", "ت.غ", "يريفان -", "الثلاثاء", "13 سبتمبر", "…", "^مرجع. نص",
    "اقرأ أيضا", "\u00a0", "\r\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_spans_are_ordered_disjoint_trimmed_and_cover_the_text(text: str) -> None:
    spans = split_sentences(text)
    noise = noise_spans(text)
    covered = [False] * len(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end
        for i in range(span.start, span.end):
            covered[i] = True
    for a, b in noise:
        for i in range(a, b):
            covered[i] = True
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert missing == []


def test_two_dots_join_a_headline_they_do_not_end_it() -> None:
    text = "قمة الحدود.. وعود بالتهدئة وخلافات باقية"
    assert kinds(text) == [("heading", text)]


@pytest.mark.parametrize("line", [
    "وأكد المتحدث أن الاتصالات مستمرة مع جميع الأطراف",  # conjunction + verb: running text
    "في تطور لاحق قال المتحدث باسم الحكومة،",  # goes on after a comma
    "تستمر المحادثات في العاصمة، ويأمل الوسطاء في اتفاق",
])
def test_running_text_without_full_stop_is_not_a_heading(line: str) -> None:
    text = f"مقدمة الخبر هنا.\n{line}\nثم انتهى الاجتماع."
    assert kinds(text)[1] == ("sentence", line)


def test_headline_starting_with_a_ministry_is_a_heading() -> None:
    assert kinds("وزارة الخارجية تستدعي السفير")[0][0] == "heading"


def test_city_and_agency_alone_on_a_line() -> None:
    text = "عنوان الخبر\nدمشق- (أ ش أ):\nقالت الوزارة إن المعبر أغلق.\nفيديو قد يعجبك:\n"
    assert kinds(text) == [("heading", "عنوان الخبر"), ("dateline", "دمشق- (أ ش أ):"),
                           ("sentence", "قالت الوزارة إن المعبر أغلق.")]


@pytest.mark.parametrize("line", [
    "نشر في: 20/05/2021 - 09:45",
    "آخر تحديث: الخميس 20 مايو 2021 - 18:05 بتوقيت مكة المكرمة",
    "الخميس 8 شوال 1442 هـ الموافق 20 مايو 2021",
    "تاريخ النشر: 2021-05-20T09:45:00Z",
    "20 أيار، 2021",
])
def test_publication_stamps_are_datelines(line: str) -> None:
    text = f"عنوان الخبر\n{line}\nقال الوزير إن الوضع هادئ.\n"
    assert kinds(text)[1] == ("dateline", line)


def test_parenthetical_dash_after_the_speaker_is_not_a_dateline() -> None:
    text = "وقال سامي - المتحدث باسم الوزارة - إن المعبر سيبقى مغلقا حتى إشعار آخر."
    assert kinds(text) == [("sentence", text)]
    text = "الوزير سامي - وهو يزور الحدود اليوم - أكد أن المعبر سيبقى مغلقا حتى إشعار آخر."
    assert kinds(text) == [("sentence", text)]


def test_city_starting_with_fa_is_a_dateline() -> None:
    text = "فيينا - أكدت الوكالة الدولية أن فرق التفتيش وصلت إلى الموقع صباح اليوم."
    assert kinds(text)[0] == ("dateline", "فيينا -")
