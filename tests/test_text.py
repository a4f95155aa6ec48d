"""Offset-preserving normalisation, debris detection and glued-و splitting (kg.extract.text)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.text import matching_view, noise_spans, search_view, split_glued_waw, strip_marks_with_map

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآٱؤئء٠١٢٣٤٥٦٧٨٩۰۹ـًٌٍَُِّْٰ ،.؟:«»\n"
                                  "\u200f\u00a0AZaz09")),
    max_size=200,
)


def test_search_view_folds_hamza_maksura_and_digits() -> None:
    assert search_view("أعلنت إيران آخر ٱلأخبار") == "اعلنت ايران اخر الاخبار"
    assert search_view("مستشفى") == "مستشفي"
    assert search_view("قتل ١٢ جنديا في ۲۰۲۲") == "قتل 12 جنديا في 2022"
    assert search_view("CSTO\u00a0قمة") == "csto قمة"


def test_search_view_keeps_ta_marbuta_and_punctuation() -> None:
    assert search_view("الحكومة، ماذا؟") == "الحكومة، ماذا؟"


@given(ARABIC_TEXT)
def test_search_view_is_length_preserving_and_idempotent(text: str) -> None:
    view = search_view(text)
    assert len(view) == len(text)
    assert search_view(view) == view


def test_strip_marks_maps_back_to_original_offsets() -> None:
    text = "اتّهمـت الوزارةُ الجيشَ"
    stripped, index = strip_marks_with_map(text)
    assert stripped == "اتهمت الوزارة الجيش"
    start = stripped.index("الوزارة")
    end = start + len("الوزارة")
    assert text[index[start]:index[end]].strip() == "الوزارةُ"
    assert index[len(stripped)] == len(text)


def test_strip_marks_removes_invisible_format_characters() -> None:
    stripped, _ = strip_marks_with_map("باكو\u200f و\u200bيريفان")
    assert stripped == "باكو ويريفان"


@given(ARABIC_TEXT)
def test_strip_marks_map_is_monotonic_and_inside_the_text(text: str) -> None:
    stripped, index = strip_marks_with_map(text)
    assert len(index) == len(stripped) + 1
    assert all(0 <= i < len(text) for i in index[:-1])
    assert index[-1] == len(text)
    assert all(a < b for a, b in zip(index, index[1:], strict=False))
    assert all(text[index[k]] == stripped[k] for k in range(len(stripped)))
    assert strip_marks_with_map(stripped)[0] == stripped  # idempotent


@given(ARABIC_TEXT)
def test_matching_view_combines_both(text: str) -> None:
    view, index = matching_view(text)
    assert view == search_view(strip_marks_with_map(text)[0])
    assert len(index) == len(view) + 1


def test_noise_spans_find_ads_footnotes_and_cross_links() -> None:
    text = "[ad_1]\nقالت الوزارة إن الهدوء عاد.[3][4] وأضافت أن الطرق فتحت.\nاقرأ أيضا: عنوان آخر\nالمصدر\n"
    found = [text[a:b] for a, b in noise_spans(text)]
    assert found == ["[ad_1]", "[3][4]", "اقرأ أيضا: عنوان آخر", "المصدر"]


def test_noise_spans_take_whole_reference_lines() -> None:
    text = "نص المقال.\n^Smith, J. (1 May 2021). \"Title\". اطلع عليه بتاريخ 2021-05-02.\n"
    spans = noise_spans(text)
    assert [text[a:b] for a, b in spans] == ['^Smith, J. (1 May 2021). "Title". اطلع عليه بتاريخ 2021-05-02.']


def test_noise_spans_leave_ordinary_brackets_alone() -> None:
    assert noise_spans("قال [الوزير] إن 2022 كانت صعبة") == []


@given(ARABIC_TEXT)
def test_noise_spans_are_sorted_disjoint_and_inside(text: str) -> None:
    spans = noise_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


KNOWN = {"لبنان", "سوريا", "الأردن", "موسكو", "طهران", "كييف"}


def test_split_glued_waw_between_two_known_names() -> None:
    token = "لبنانوسوريا"
    parts = split_glued_waw(token, KNOWN.__contains__)
    assert [token[a:b] for a, b in parts] == ["لبنان", "سوريا"]


def test_split_glued_waw_three_names_and_a_name_ending_in_waw() -> None:
    token = "موسكووطهرانوكييف"
    parts = split_glued_waw(token, KNOWN.__contains__)
    assert [token[a:b] for a, b in parts] == ["موسكو", "طهران", "كييف"]


def test_split_glued_waw_leading_conjunction() -> None:
    token = "ولبنانوالأردن"
    assert [token[a:b] for a, b in split_glued_waw(token, KNOWN.__contains__)] == ["لبنان", "الأردن"]


def test_split_glued_waw_leaves_unknown_or_known_tokens_whole() -> None:
    assert split_glued_waw("لبنان", KNOWN.__contains__) == [(0, 5)]
    assert split_glued_waw("وزراء", KNOWN.__contains__) == [(0, 5)]
    assert split_glued_waw("", KNOWN.__contains__) == [(0, 0)]
