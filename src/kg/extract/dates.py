"""Dates in Arabic news text, and the date of a statement (ANNOTATION.md "Date").

Component ``dates``: reads an article text (+ its publication date and sentence spans), produces
:class:`DateMention` s (offsets into the original text) and, per statement, a
:class:`~kg.model.ResolvedDate`.

Finding (:func:`find_dates`) is regex-only, built once at import from babel's CLDR month and
weekday names (MSA ``ar``; Levantine/Iraqi ``ar_SY``/``ar_IQ``…; Maghrebi ``ar_DZ``/``ar_MA``/
``ar_TN``/``ar_MR``) plus a few spellings CLDR lacks (يونيه، يوليه، تشرين أول…). It runs on the
:func:`~kg.extract.text.matching_view` of the text (diacritics and tatweel removed, hamza and
digits folded) and maps offsets back. dateparser is not used: it misses doubled month names
(``14 سبتمبر/أيلول 2022``), weekdays and time-of-day words, and costs ~1.6 ms per parse.

What is recognised (each has a test in ``tests/test_dates.py``):

* explicit days: ``13 سبتمبر 2022``, ``الـ13 من شهر أيلول``, doubled ``14 سبتمبر/أيلول 2022`` and
  ``أيلول (سبتمبر)``, month-first ``تشرين الأول 13, 2020``, numeric ``2022/09/13``, ``13-09-2022``,
  ``13.9.2022``, optionally preceded by a weekday, ``يوم``, a time of day (فجر، صباح، ظهر، عصر،
  مساء، ليلة، ليل) and ``في وقت متأخر من``;
* ordinal days ``الثالث عشر من سبتمبر``, ``الحادي والعشرين من أيلول 2022``;
* explicit ranges ``12 إلى 13 سبتمبر``, ``12 و13 سبتمبر`` (value None, earliest/latest, basis
  ``bounded`` like every interval: the shapes and the gold keep explicit/relative for exact days);
* months ``يوليو 2021``, ``سبتمبر الماضي`` (an interval) and years ``عام 2020`` (used only to infer
  the year of other dates, never as a statement date);
* relative days against the publication date: اليوم، أمس، البارحة، أول أمس، الليلة الماضية
  (publication − 1), غدا (future), ``قبل يومين``/``منذ ثلاثة أيام``, ``13 من الشهر الجاري``/
  ``العاشر من الشهر الماضي``, each optionally with a time of day and/or a
  weekday (``اليوم الثلاثاء``، ``أمس الخميس``); weekdays (الثلاثاء، ``يوم الإثنين``، ``فجر الأربعاء``)
  = the most recent such day on or before publication (the publication day itself if it is that
  weekday), ``الثلاثاء الماضي``/``الجمعة الماضية``/``الفائت`` strictly before, ``الثلاثاء المقبل``
  future; ``ليل الإثنين الثلاثاء`` (a two-day interval). Not today: ``اليوم الأول``، ``حتى اليوم``،
  ``اليوم العالمي``، outlets named "… اليوم" (روسيا اليوم، المصري اليوم، اليوم السابع); not Sunday:
  ``الأحد عشر`` (eleven);
* relative intervals: الأسبوع الماضي (publication − 13 … − 1 days: the previous week under any
  convention for the first day of the week), الشهر الماضي (the previous calendar month), هذا
  الأسبوع، هذا الشهر;
* undated: ``في وقت سابق``، ``مؤخرا``، ``في وقت لاحق``، ``لاحقا`` (the day is not given: at most
  the publication date); followed by a day (``في وقت سابق اليوم``) the day counts instead;
* anaphoric: ``في اليوم نفسه``، ``في نفس اليوم`` (= the previous dated mention), ``في اليوم التالي``
  (+1).

Year of a day+month written without one (first rule that applies):

1. a qualifier after it: ``الماضي``/``المنصرم`` (the most recent such date before the
   publication month), ``الجاري``/``الحالي`` (publication year), ``المقبل``/``القادم`` (next such date
   after publication, future), ``من العام الماضي`` (publication year − 1), ``من العام نفسه`` (the
   nearest preceding explicit year in the text);
2. the nearest preceding dated mention with a year in the same sentence (one year later if the
   day would otherwise fall before it: ``10 نوفمبر 2020 … و12 يناير`` → 2021), if not after
   publication;
3. the publication date: the most recent such day on or before publication; a day at most 31
   days after publication keeps the publication year and is flagged ``future`` (scheduled);
4. without publication date: the same day+month written with a year elsewhere in the text, else
   the same month with a year, else the nearest preceding year in the text, else the nearest
   following one; a weekday written with the date picks, among these candidates and their
   neighbours, a year in which the date falls on that weekday.

Otherwise the mention stays unresolved (``basis="unknown"``).

The statement date (:meth:`DateContext.for_statement`) follows ANNOTATION.md "Date":

1. a date attached to the speech verb: the first date between the cue and the start of the
   reported clause (إن/أن/بأن، a relative pronoun, ``:`` or an opening quote), else the nearest
   date before the cue — explicit, relative or undated (``في وقت سابق`` stops the search: the
   statement is then bounded even if the reported clause names the day of the act);
2. else an explicit date elsewhere in the sentence (the reported act; the first after the cue),
   if it lies at most :data:`REPORTED_MAX_AGE_DAYS` before publication — an older one is the date
   of something the statement refers to (``البيان الثلاثي الصادر في 9 نوفمبر``), not of the speech;
3. else the date of the nearest preceding dated heading or dateline. A dated line among the
   first :data:`HEAD_BLOCK_SPANS` spans, after at most one sentence of running text (the
   dateline under a headline and its subtitle), dates the whole article; a later dated heading
   dates its section, which ends at the next heading (then the article's dateline, if any,
   applies again). A range heading (``12 إلى 13 سبتمبر``) gives ``value=None`` with
   earliest/latest and basis ``bounded`` (the sentence may narrow it by rule 1/2);
4. else a relative expression in the sentence (relative days are anchored on the exact date of
   the heading in force when there is one, else on publication);
5. else bounded: ``value=None``, ``latest`` = publication, basis ``bounded``; ``unknown`` without a
   publication date.

Future mentions (غدا، المقبل) and days after publication are never a statement date; bounds are
capped at publication. A publication date at the edge of the calendar (``date.min``, ``date.max``:
no room for أمس or من العام الماضي) anchors no relative date (they stay unresolved), but still
bounds the statements (``bounded``, latest = publication); a mention whose arithmetic leaves the
calendar is dropped — dating never raises.

Speed: the full patterns begin with optional prefixes, so each runs only in windows around its
anchor (a digit, a weekday, a relative word), found by a fast literal scan — about 1 ms for a
4,500-character article.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from babel import Locale

from kg.extract.text import matching_view, search_view
from kg.model import UNKNOWN_DATE, ResolvedDate

if TYPE_CHECKING:
    from kg.extract.sentences import Span

NAME = "dates"
VERSION = "0.1.1"

Granularity = Literal["day", "range", "week", "month", "year", "undated"]
Origin = Literal["explicit", "relative", "undated"]

# --- vocabulary, built once from CLDR --------------------------------------------------------

_BABEL_LOCALES = ("ar", "ar_SY", "ar_IQ", "ar_LB", "ar_JO", "ar_PS", "ar_DZ", "ar_MA", "ar_TN",
                  "ar_MR", "ar_EG", "ar_SA")
#: spellings common in news that CLDR lacks (Egyptian يونيه/يوليه, Levantine forms without ال)
_EXTRA_MONTHS = {1: ("كانون ثاني", "كانون الثاني"), 2: ("فبرابر",), 4: ("ابريل", "إبريل"),
                 6: ("يونيه",), 7: ("يوليه",), 8: ("اغسطس", "أغسطس"),
                 10: ("تشرين أول", "اكتوبر"), 11: ("تشرين ثاني", "نوفمير"), 12: ("كانون أول",)}
_WEEKDAYS_EXTRA = {0: ("الإثنين", "الأثنين")}


def _collect_names() -> tuple[dict[str, int], dict[str, int]]:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for loc in _BABEL_LOCALES:
        locale = Locale.parse(loc)
        for ctx in ("format", "stand-alone"):
            for number, name in locale.months[ctx]["wide"].items():
                months[_fold(name)] = number
            for number, name in locale.days[ctx]["wide"].items():
                weekdays[_fold(name)] = number  # babel: 0 = Monday, like date.weekday()
    for number, names in _EXTRA_MONTHS.items():
        for name in names:
            months[_fold(name)] = number
    for number, names in _WEEKDAYS_EXTRA.items():
        for name in names:
            weekdays[_fold(name)] = number
    return months, weekdays


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", search_view(name))


MONTHS, WEEKDAYS = _collect_names()


def _ordinals() -> dict[str, int]:
    """Ordinal day words 1–31 as written in dates (الثالث عشر، الحادي والعشرين), folded."""
    units = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
    words = {"الاول": 1, "العاشر": 10, "العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30}
    for i, unit in enumerate(units, start=1):
        if i > 1:
            words[unit] = i
        words[f"{unit} عشر"] = 10 + i
        words[f"{unit} والعشرين"] = 20 + i
        words[f"{unit} والعشرون"] = 20 + i
    words["الحادي والثلاثين"] = 31
    return words


ORDINALS = _ordinals()


def _alternation(names: Sequence[str]) -> str:
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))


_AR = "\u0621-\u064a"
# word start, allowing one glued conjunction / preposition (والإثنين، بالأمس)
_WB = rf"(?:(?<![{_AR}\w])|(?<=(?<![{_AR}\w])[وفبل]))"
_WE = rf"(?![{_AR}])"
_MONTH = rf"(?:{_alternation(list(MONTHS))}){_WE}"
_WEEKDAY = rf"(?:{_alternation(list(WEEKDAYS))}){_WE}"
_TOD = r"(?:فجر|صباح|ظهر|عصر|مساء|ليلة|ليل|نهار|منتصف\s+ليلة|منتصف\s+ليل|ساعات\s+(?:الصباح|المساء)\s+من)"
_LATE = r"(?:في\s+وقت\s+(?:متاخر|مبكر)\s+(?:من\s+)?)"
_PRE = rf"(?:{_LATE}?(?:{_TOD}\s+)?(?:يوم\s+)?)"
_DAY = r"(?:الـ?\s?)?([0-3]?\d)(?!\d)"
_YEAR = r"((?:19|20)\d\d)(?!\d)"
_YEAR_WORD = r"(?:(?:من\s+)?(?:عام|العام|سنة|لعام)\s*)?"
_PAST = ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
_NEXT = ("المقبل", "المقبلة", "القادم", "القادمة")
_QUAL = (r"(?:\s+(من\s+العام\s+(?:الماضي|المنصرم|الجاري|الحالي|نفسه|ذاته|المقبل)|من\s+(?:نفس|ذات|هذا)\s+العام"
         r"|الماضي|المنصرم|الفائت|الجاري|الحالي|المقبل|القادم)" + _WE + ")?")
_MONTH_PAIR = rf"({_MONTH})(?:\s*[/(\-–]\s*({_MONTH})\s*\)?)?"

# day [sep day] [من] [شهر] month[/month] [[،] year] [qualifier]
_RE_DMY = re.compile(
    rf"{_WB}{_PRE}(?:({_WEEKDAY})\s*[،,]?\s*)?(?:يوم\s+)?{_DAY}"
    rf"(?:\s*(?:و|الي|حتي|-|–)\s*{_DAY})?\s*(?:من\s+)?(?:شهر\s+)?{_MONTH_PAIR}"
    rf"(?:\s*[،,]?\s*{_YEAR_WORD}{_YEAR}(?:\s*م{_WE})?)?{_QUAL}"
)
# month day, year (dateline style: تشرين الأول 13, 2020)
_RE_MDY = re.compile(rf"{_WB}({_WEEKDAY}\s*[،,]?\s*)?{_MONTH_PAIR}\s+([0-3]?\d)\s*[,،]\s*{_YEAR}")
# month year / month qualifier: يوليو 2021، سبتمبر الماضي
_RE_MY = re.compile(
    rf"{_WB}(?:شهر\s+)?{_MONTH_PAIR}(?:\s*[،,]?\s*{_YEAR_WORD}{_YEAR}"
    rf"|\s+(الماضي|المنصرم|الفائت|الجاري|الحالي|المقبل|القادم){_WE})"
)
# ordinal day: في الثالث عشر من سبتمبر (2022)
_ORDINAL = rf"(?:{_alternation(list(ORDINALS))}){_WE}"
_RE_ORDINAL = re.compile(
    rf"{_WB}{_PRE}(?:({_WEEKDAY})\s*[،,]?\s*)?(?:يوم\s+)?({_ORDINAL})\s+من\s+(?:شهر\s+)?{_MONTH_PAIR}"
    rf"(?:\s*[،,]?\s*{_YEAR_WORD}{_YEAR}(?:\s*م{_WE})?)?{_QUAL}"
)
# day of a relative month: في 13 من الشهر الجاري، الثالث من الشهر الماضي
_RE_DAYREL = re.compile(
    rf"{_WB}{_PRE}(?:({_ORDINAL})|(?:الـ?\s?)?([0-3]?\d)(?!\d))\s+من\s+(?:(هذا)\s+)?الشهر"
    rf"(?:\s+(الجاري|الحالي|الماضي|المنصرم|الفائت|المقبل|القادم))?{_WE}"
)
_RE_NUM = re.compile(
    r"(?<![\d/.\-])(?:((?:19|20)\d\d)([/.\-])(\d{1,2})\2(\d{1,2})|(\d{1,2})([/.\-])(\d{1,2})\6((?:19|20)\d\d))"
    r"(?!\d)(?![/.\-]\d)"
)
_RE_YEAR = re.compile(
    rf"{_WB}(?:عام|العام|سنة|لعام|خريف|ربيع|صيف|شتاء|مطلع|منتصف|اواخر|اوائل|نهاية|بداية|في|منذ|حتي|خلال)"
    rf"\s+(?:العام\s+)?{_YEAR}(?![/.\-]\d)"
)
_RE_WEEKDAY = re.compile(
    rf"{_WB}{_PRE}(?:(اليوم|امس)\s+)?({_WEEKDAY})(?!\s+عشر)(?:\s+(?:و|الي|-)?\s*({_WEEKDAY}))?"
    rf"(?:\s+(الماضي|الماضية|المنصرم|المنصرمة|الفائت|الفائتة|المقبل|المقبلة|القادم|القادمة){_WE})?"
)
_RE_RELDAY = re.compile(
    rf"{_WB}(?:{_LATE}?(?:{_TOD}\s+)?(?:يوم\s+)?)(اول\s+من\s+امس|اول\s+امس|امس\s+الاول|الليلة\s+الماضية|ليلة\s+البارحة"
    rf"|البارحة|الامس|امس|اليوم|غدا|بعد\s+غد)"
    rf"(?:\s+({_WEEKDAY}))?{_WE}"
)
_RE_AGO = re.compile(
    rf"{_WB}(?:قبل|منذ)\s+(يوم|يومين|(\d{{1,2}}|ثلاثة|اربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة)\s+ايام|اسبوع|اسبوعين){_WE}"
)
_RE_PERIOD = re.compile(
    rf"{_WB}(?:(?:خلال|في)\s+)?(الاسبوع\s+(?:الماضي|المنصرم|الجاري|الحالي)|هذا\s+الاسبوع|الشهر\s+(?:الماضي|المنصرم|الجاري|الحالي)"
    rf"|هذا\s+الشهر|العام\s+(?:الماضي|المنصرم|الجاري|الحالي)|السنة\s+(?:الماضية|الحالية)|هذا\s+العام){_WE}"
)
_RE_UNDATED = re.compile(
    rf"{_WB}(?:في\s+وقت\s+(?:سابق|لاحق)|مؤخرا|موخرا|لاحقا|قبل\s+قليل){_WE}"
    rf"(?!\s+(?:من\s+)?(?:اليوم|يوم|امس|هذا|{_WEEKDAY}|\d))"
)
_RE_ANAPHOR = re.compile(
    rf"{_WB}(?:في\s+)?(?:(?:نفس|ذات|ذلك)\s+اليوم|اليوم\s+(?:نفسه|ذاته)|(اليوم\s+التالي|اليوم\s+الذي\s+تلاه|اليوم\s+السابق)){_WE}"
)
# "اليوم" that is not "today": اليوم الأول، حتى اليوم، اليوم العالمي …
_NOT_TODAY_AFTER = re.compile(
    r"\s+(?:الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الاخير|التالي|السابق|نفسه|ذاته|العالمي|الوطني|الدولي"
    r"|الذي|التي|الموعود)(?![\u0621-\u064a])"
)
# … and outlets named "… اليوم" (روسيا اليوم، المصري اليوم، اليوم السابع above)
_NOT_TODAY_BEFORE = re.compile(
    r"(?<![\u0621-\u064a])(?:حتي|نفس|ذات|ذلك|هذا|الي|منذ|روسيا|مصر|المصري|تركيا|الخليج|الشرق|العرب|العربي|الوطن"
    r"|لبنان|الاردن|فلسطين|ليبيا|السودان|العراق|سوريا|امريكا|اوروبا|افريقيا)\s+$"
)
#: a bare year (لعام 2020) this close before a day+month in the same sentence gives its year
_NEAR_YEAR_CHARS = 60
_SENT_BREAK = re.compile(r"[.!?؟\n]")
_NUMBER_WORDS = {"ثلاثة": 3, "اربعة": 4, "خمسة": 5, "ستة": 6, "سبعة": 7, "ثمانية": 8, "تسعة": 9, "عشرة": 10}


@dataclass(frozen=True)
class _Relative:
    """How a relative mention resolves against an anchor date (publication or heading)."""

    days: int | None = None  # anchor + days
    weekday: int | None = None  # the most recent such weekday on or before the day
    weekday_to: int | None = None  # ليل الإثنين الثلاثاء: interval from weekday to weekday_to
    strict: bool = False  # الماضي: strictly before the anchor
    ahead: bool = False  # المقبل: strictly after the anchor
    period: str | None = None  # "last_week" | "this_week" | "last_month" | "this_month" | …

    def resolve(self, anchor: date, surface: str) -> tuple[ResolvedDate, bool]:
        """The date (or interval) and whether it lies after the anchor."""
        if self.period is not None:
            earliest, latest = _period(self.period, anchor)
            return ResolvedDate(None, "bounded", earliest, latest, surface), False
        day = anchor + timedelta(days=self.days or 0)
        if self.weekday is not None:
            if self.ahead:
                delta = (self.weekday - day.weekday()) % 7 or 7
                value = day + timedelta(days=delta)
            else:
                delta = (day.weekday() - self.weekday) % 7
                if self.strict and delta == 0:
                    delta = 7
                value = day - timedelta(days=delta)
            if self.weekday_to is not None:
                latest = value + timedelta(days=(self.weekday_to - self.weekday) % 7)
                return ResolvedDate(None, "bounded", value, latest, surface), latest > anchor
        else:
            value = day
        return ResolvedDate(value, "relative", surface=surface), value > anchor


def _period(period: str, anchor: date) -> tuple[date, date]:
    if period == "last_week":
        return anchor - timedelta(days=13), anchor - timedelta(days=1)
    if period == "this_week":
        return anchor - timedelta(days=6), anchor
    if period == "last_month":
        last = anchor.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "this_month":
        return anchor.replace(day=1), anchor
    if period == "last_year":
        return date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31)
    return date(anchor.year, 1, 1), anchor  # this_year


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``text[start:end]`` and what it resolves to.

    ``date`` is resolved against the publication date (relative mentions without one stay
    ``basis="unknown"``); an interval (a day range, a month, الأسبوع الماضي) has ``value=None``,
    ``earliest``/``latest`` and basis ``bounded`` (as in the gold annotations and the shapes: an
    ``explicit``/``relative`` basis always comes with the exact day). ``origin`` says whether the
    words name the date (``explicit``: 13 سبتمبر، 2022/09/13) or count from publication
    (``relative``: أمس، الثلاثاء، الأسبوع الماضي) or give none (``undated``: في وقت سابق).
    ``granularity`` says what kind of expression it is; ``future`` marks غدا / المقبل / a
    scheduled day after publication (never a statement date).
    """

    start: int
    end: int
    date: ResolvedDate
    granularity: Granularity
    future: bool = False
    relative: _Relative | None = None
    origin: Origin = "explicit"

    @property
    def dated(self) -> bool:
        """True when the mention pins a day or an interval (not an undated "في وقت سابق")."""
        return self.date.value is not None or self.date.latest is not None


# --- finding ---------------------------------------------------------------------------------

@dataclass
class _Raw:
    start: int
    end: int
    kind: str  # dmy | mdy | my | num | year | weekday | relday | ago | period | undated | anaphor
    match: re.Match[str]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


#: Publication dates outside this range leave no room for the arithmetic of relative dates
#: (أمس، الشهر الماضي، من العام الماضي, a year inferred ± 1): they are no usable date.
_USABLE_PUBLICATION = (date(2, 1, 1), date(9998, 12, 31))


def usable_publication(published: date | None) -> date | None:
    """``published`` if relative dates can be computed from it, else None (date.min, date.max…)."""
    if published is None or not (_USABLE_PUBLICATION[0] <= published <= _USABLE_PUBLICATION[1]):
        return None
    return published


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """All date expressions of ``text`` in order of position, resolved where possible. Never
    raises on odd dates: an extreme publication date counts as none, and a mention whose
    arithmetic leaves the calendar is dropped."""
    published = usable_publication(published)
    view, index = matching_view(text)
    raws: list[_Raw] = []
    for kind, pattern in _PATTERNS:
        for window_start, window_end in _windows(view, _CORES[kind]):
            for m in pattern.finditer(view, window_start, window_end):
                if kind == "relday" and m.group(1) == "اليوم" and _not_today(view, m):
                    continue
                raws.append(_Raw(m.start(), m.end(), kind, m))
    raws.sort(key=lambda r: (r.start, -(r.end - r.start), _PRIORITY[r.kind]))
    chosen: list[_Raw] = []
    last_end = -1
    for raw in raws:
        if raw.start >= last_end:
            chosen.append(raw)
            last_end = raw.end
    resolver = _Resolver(view, published, chosen)
    mentions: list[DateMention] = []
    for raw in chosen:
        try:
            mention = resolver.resolve(raw, mentions)
        except (OverflowError, ValueError):
            mention = None  # "year 10000 is out of range": no date, not a failed article
        if mention is None:
            continue
        start, end = index[raw.start], index[raw.end]
        while end > start and text[end - 1].isspace():
            end -= 1
        mentions.append(replace(mention, start=start, end=end, origin=_origin(raw, mention),
                                date=replace(mention.date, surface=text[start:end])))
    return mentions


_RELATIVE_KINDS = frozenset({"weekday", "relday", "ago", "period", "dayrel"})


def _origin(raw: _Raw, mention: DateMention) -> Origin:
    if raw.kind == "undated":
        return "undated"
    if raw.kind == "anaphor":  # as the date it refers back to
        return "relative" if mention.date.basis == "relative" else "explicit"
    if raw.kind in _RELATIVE_KINDS or (raw.kind == "my" and not raw.match.group(3)):
        return "relative"
    return "explicit"


def _windows(view: str, core: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of ``view`` around the matches of a pattern's core (its anchor word).

    Speed: the full patterns begin with optional prefixes (time of day, weekday, يوم…), which
    defeats the regex engine's literal scan, so they run only where their core — a digit, a
    weekday, a relative word, all fast to scan for — occurs. Every match of a full pattern
    contains a match of its core and reaches at most :data:`_WINDOW_MARGIN` characters around it.
    """
    windows: list[tuple[int, int]] = []
    for m in core.finditer(view):
        start, end = max(0, m.start() - _WINDOW_MARGIN), min(len(view), m.end() + _WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _not_today(view: str, m: re.Match[str]) -> bool:
    if m.group(2):  # اليوم الثلاثاء
        return False
    if _NOT_TODAY_AFTER.match(view, m.end()):
        return True
    return _NOT_TODAY_BEFORE.search(view, max(0, m.start() - 14), m.start()) is not None


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", _RE_DMY), ("mdy", _RE_MDY), ("my", _RE_MY), ("num", _RE_NUM), ("year", _RE_YEAR),
    ("weekday", _RE_WEEKDAY), ("relday", _RE_RELDAY), ("ago", _RE_AGO), ("period", _RE_PERIOD),
    ("undated", _RE_UNDATED), ("anaphor", _RE_ANAPHOR), ("ordinal", _RE_ORDINAL), ("dayrel", _RE_DAYREL),
)
_YEAR_CORE = re.compile(r"(?:19|20)\d\d(?!\d)")
#: the anchor of each pattern (see :func:`_windows`); every match of the pattern contains one
_CORES: dict[str, re.Pattern[str]] = {
    "dmy": re.compile(rf"\d(?=\d?\s*(?:(?:و|الي|حتي|-|–)\s*\d{{1,2}}\s*)?(?:من\s+)?(?:شهر\s+)?{_MONTH})"),
    "mdy": re.compile(r"\d\s*[,،]\s*(?:19|20)\d\d"),
    "my": re.compile(r"(?:19|20)\d\d(?!\d)|ال(?:ماضي|منصرم|جاري|حالي|مقبل|قادم)"),
    "num": re.compile(r"\d[/.\-]\d"),
    "year": _YEAR_CORE,
    "weekday": re.compile(_alternation(list(WEEKDAYS))),
    "relday": re.compile(r"امس|اليوم|غد|البارحة|الليلة"),
    "ago": re.compile(r"قبل\s|منذ\s"),
    "ordinal": re.compile(rf"(?:{_alternation(list(ORDINALS))})(?=\s+من\s)"),
    "dayrel": re.compile(r"الشهر"),
    "period": re.compile(r"الاسبوع|الشهر|العام|السنة"),
    "undated": re.compile(r"سابق|لاحق|مؤخر|موخر|قليل"),
    "anaphor": re.compile(r"اليوم"),
}
_WINDOW_MARGIN = 70
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}


class _Resolver:
    """Turns raw matches into mentions; holds what year inference needs about the whole text."""

    def __init__(self, view: str, published: date | None, raws: list[_Raw]) -> None:
        self.view = view
        self.published = published
        self.breaks = [m.start() for m in _SENT_BREAK.finditer(view) if not _decimal_dot(view, m.start())]
        # (position, year, month or None, day or None) of every mention that writes its year
        self.with_year: list[tuple[int, int, int | None, int | None]] = []
        for raw in raws:
            self.with_year.extend(_stated_years(raw))
        self.with_year.sort()

    # year inference ---------------------------------------------------------------------------
    def _sentence_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def _infer_year(self, pos: int, month: int, day: int, qual: str | None,
                    weekday: int | None) -> tuple[int | None, bool]:
        """Year for day+month without one (module docstring, "Year of a day+month"); + future."""
        pub = self.published
        if qual:
            q = re.sub(r"\s+", " ", qual)
            if q in _PAST and pub:
                # the most recent such day before the current month (that one is الجاري)
                return (pub.year if month < pub.month else pub.year - 1), False
            if q in ("الجاري", "الحالي") and pub:
                return pub.year, (month, day) > (pub.month, pub.day)
            if q in ("المقبل", "القادم") and pub:
                year = pub.year if (month, day) > (pub.month, pub.day) else pub.year + 1
                return year, True
            if q.endswith(_PAST) and pub:
                return pub.year - 1, False
            if q.endswith(_NEXT) and pub:
                return pub.year + 1, True
            if q.endswith(("الجاري", "الحالي")) or "هذا" in q:
                if pub:
                    return pub.year, False
            if q.endswith(("نفسه", "ذاته")) or "نفس" in q or "ذات" in q:
                prev = [y for p, y, _, _ in self.with_year if p < pos]
                if prev:
                    return prev[-1], False
        candidates: list[tuple[int, bool]] = []
        sent_start = self._sentence_start(pos)
        same_sentence = [(p, y, m, d) for p, y, m, d in self.with_year
                         if sent_start <= p < pos and (m or pos - p <= _NEAR_YEAR_CHARS)]
        if same_sentence:
            _, year, m0, d0 = same_sentence[-1]
            if (month, day) < (m0 or 1, d0 or 1):
                year += 1
            if pub is None or (_safe_date(year, month, day) or date.max) <= pub:
                candidates.append((year, False))
        if pub is not None:
            this_year = _safe_date(pub.year, month, day)
            if this_year is not None and this_year <= pub:
                candidates.append((pub.year, False))
            elif this_year is not None and (this_year - pub).days <= 31:
                candidates.append((pub.year, True))
            else:
                candidates.append((pub.year - 1, False))
        else:
            same_day = [y for _, y, m, d in self.with_year if (m, d) == (month, day)]
            same_month = [y for _, y, m, _ in self.with_year if m == month]
            before = [y for p, y, _, _ in self.with_year if p < pos]
            after = [y for p, y, _, _ in self.with_year if p > pos]
            for years in (same_day[:1], same_month[:1], before[-1:], after[:1]):
                candidates.extend((y, False) for y in years)
        if not candidates:
            return None, False
        if weekday is not None:
            for year, future in candidates:
                for y in (year, year - 1, year + 1):
                    d = _safe_date(y, month, day)
                    if d is not None and d.weekday() == weekday and (pub is None or d <= pub or future):
                        return y, future
        return candidates[0]

    # mentions --------------------------------------------------------------------------------
    def resolve(self, raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        """The mention for ``raw`` (``earlier``: the mentions before it, for anaphora), or None
        when the words do not make a valid date (31 February)."""
        handler = getattr(self, f"_{raw.kind}")  # one method per pattern kind: _dmy, _weekday …
        result: DateMention | None = handler(raw.match, raw, earlier)
        return result

    def _explicit_day(self, raw: _Raw, day: int, month: int, year: int | None, qual: str | None,
                      weekday: int | None, day_to: int | None = None) -> DateMention | None:
        future = False
        if year is None:
            year, future = self._infer_year(raw.start, month, day, qual, weekday)
        if year is None:
            gran: Granularity = "range" if day_to else "day"
            return DateMention(raw.start, raw.end, ResolvedDate(None, "unknown"), gran)
        first = _safe_date(year, month, day)
        if first is None:
            return None
        if day_to is not None:
            last = _safe_date(year, month, day_to)
            if last is None or last <= first:
                return None
            resolved = ResolvedDate(None, "bounded", first, last)
            return DateMention(raw.start, raw.end, resolved, "range", future)
        return DateMention(raw.start, raw.end, ResolvedDate(first, "explicit"), "day", future)

    def _dmy(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        weekday = WEEKDAYS.get(_fold(m.group(1))) if m.group(1) else None
        day, day_to = int(m.group(2)), int(m.group(3)) if m.group(3) else None
        month = MONTHS[_fold(m.group(4))]
        year = int(m.group(6)) if m.group(6) else None
        return self._explicit_day(raw, day, month, year, m.group(7), weekday, day_to)

    def _mdy(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        month = MONTHS[_fold(m.group(2))]  # the year is written: the weekday (group 1) adds nothing
        return self._explicit_day(raw, int(m.group(4)), month, int(m.group(5)), None, None)

    def _my(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        month = MONTHS[_fold(m.group(1))]
        pub = self.published
        future = False
        if m.group(3):
            year: int | None = int(m.group(3))
        elif pub is None:
            return DateMention(raw.start, raw.end, ResolvedDate(None, "unknown"), "month")
        else:
            qual = m.group(4)
            if qual in _PAST:
                year = pub.year if month < pub.month else pub.year - 1
            elif qual in ("الجاري", "الحالي"):
                year = pub.year
            else:
                year = pub.year if month > pub.month else pub.year + 1
                future = True
        assert year is not None
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        return DateMention(raw.start, raw.end, ResolvedDate(None, "bounded", first, last), "month", future)

    def _num(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        if m.group(1):
            year, a, b = int(m.group(1)), int(m.group(3)), int(m.group(4))  # Y/M/D
            month, day = a, b
        else:
            a, b, year = int(m.group(5)), int(m.group(7)), int(m.group(8))  # D/M/Y (M/D/Y if unambiguous)
            day, month = (a, b) if b <= 12 else (b, a)
        found = _safe_date(year, month, day)
        if found is None:
            return None
        return DateMention(raw.start, raw.end, ResolvedDate(found, "explicit"), "day")

    def _year(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        year = int(m.group(1))
        resolved = ResolvedDate(None, "bounded", date(year, 1, 1), date(year, 12, 31))
        return DateMention(raw.start, raw.end, resolved, "year")

    def _relative(self, raw: _Raw, rel: _Relative, granularity: Granularity) -> DateMention:
        if self.published is None:
            return DateMention(raw.start, raw.end, ResolvedDate(None, "unknown"), granularity, False, rel)
        resolved, future = rel.resolve(self.published, "")
        return DateMention(raw.start, raw.end, resolved, granularity, future, rel)

    def _weekday(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        days = -1 if m.group(1) == "امس" else 0
        wd = WEEKDAYS[_fold(m.group(2))]
        wd_to = WEEKDAYS[_fold(m.group(3))] if m.group(3) else None
        qual = m.group(4)
        rel = _Relative(days=days, weekday=wd, weekday_to=wd_to, strict=qual in _PAST,
                        ahead=qual in _NEXT)
        return self._relative(raw, rel, "range" if wd_to is not None else "day")

    def _relday(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        word = re.sub(r"\s+", " ", m.group(1))
        days = {"اليوم": 0, "امس": -1, "الامس": -1, "البارحة": -1, "ليلة البارحة": -1, "الليلة الماضية": -1,
                "اول امس": -2, "اول من امس": -2, "امس الاول": -2, "غدا": 1, "بعد غد": 2}[word]
        wd = WEEKDAYS[_fold(m.group(2))] if m.group(2) else None
        return self._relative(raw, _Relative(days=days, weekday=wd), "day")

    def _ordinal(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        weekday = WEEKDAYS.get(_fold(m.group(1))) if m.group(1) else None
        day = ORDINALS[_fold(m.group(2))]
        month = MONTHS[_fold(m.group(3))]
        year = int(m.group(5)) if m.group(5) else None
        return self._explicit_day(raw, day, month, year, m.group(6), weekday)

    def _dayrel(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        day = ORDINALS[_fold(m.group(1))] if m.group(1) else int(m.group(2))
        pub = self.published
        if pub is None:
            return DateMention(raw.start, raw.end, ResolvedDate(None, "unknown"), "day")
        qual = m.group(4) or "الجاري"
        year, month = pub.year, pub.month
        if qual in _PAST:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        elif qual in ("المقبل", "القادم"):
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        found = _safe_date(year, month, day)
        if found is None:
            return None
        return DateMention(raw.start, raw.end, ResolvedDate(found, "relative"), "day", found > pub)

    def _ago(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        word = m.group(1)
        if word == "يوم":
            days = 1
        elif word == "يومين":
            days = 2
        elif word == "اسبوع":
            days = 7
        elif word == "اسبوعين":
            days = 14
        else:
            n = m.group(2)
            days = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        return self._relative(raw, _Relative(days=-days), "day")

    def _period(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        words = re.sub(r"\s+", " ", m.group(1))
        if "الاسبوع" in words:
            period, gran = ("this_week" if ("هذا" in words or "الجاري" in words or "الحالي" in words)
                            else "last_week"), "week"
        elif "الشهر" in words:
            period, gran = ("this_month" if ("هذا" in words or "الجاري" in words or "الحالي" in words)
                            else "last_month"), "month"
        else:
            period, gran = ("this_year" if ("هذا" in words or "الجاري" in words or "الحالي" in words)
                            else "last_year"), "year"
        return self._relative(raw, _Relative(period=period), gran)  # type: ignore[arg-type]

    def _undated(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        pub = self.published
        resolved = ResolvedDate(None, "bounded", latest=pub) if pub else ResolvedDate(None, "unknown")
        return DateMention(raw.start, raw.end, resolved, "undated")

    def _anaphor(self, m: re.Match[str], raw: _Raw, earlier: list[DateMention]) -> DateMention | None:
        previous = next((e for e in reversed(earlier) if e.date.value is not None and not e.future), None)
        if previous is None:
            return None
        shift = 0
        if m.group(1):
            shift = -1 if "السابق" in m.group(1) else 1
        value = previous.date.value
        assert value is not None
        resolved = ResolvedDate(value + timedelta(days=shift), previous.date.basis)
        return DateMention(raw.start, raw.end, resolved, "day")


def _decimal_dot(view: str, i: int) -> bool:
    return (view[i] == "." and 0 < i < len(view) - 1 and view[i - 1].isdigit() and view[i + 1].isdigit())


def _stated_years(raw: _Raw) -> list[tuple[int, int, int | None, int | None]]:
    """(position, year, month, day) of mentions that write their year, for year inference."""
    m = raw.match
    if raw.kind == "dmy" and m.group(6):
        return [(raw.start, int(m.group(6)), MONTHS[_fold(m.group(4))], int(m.group(3) or m.group(2)))]
    if raw.kind == "mdy":
        return [(raw.start, int(m.group(5)), MONTHS[_fold(m.group(2))], int(m.group(4)))]
    if raw.kind == "ordinal" and m.group(5):
        return [(raw.start, int(m.group(5)), MONTHS[_fold(m.group(3))], ORDINALS[_fold(m.group(2))])]
    if raw.kind == "my" and m.group(3):
        return [(raw.start, int(m.group(3)), MONTHS[_fold(m.group(1))], None)]
    if raw.kind == "num":
        if m.group(1):
            return [(raw.start, int(m.group(1)), int(m.group(3)), int(m.group(4)))]
        a, b = int(m.group(5)), int(m.group(7))
        day, month = (a, b) if b <= 12 else (b, a)
        return [(raw.start, int(m.group(8)), month, day)]
    if raw.kind == "year":
        return [(raw.start, int(m.group(1)), None, None)]
    return []


# --- statement dates -------------------------------------------------------------------------

#: where the reported clause (or another clause) begins after the speech cue: a complementizer,
#: a relative pronoun, a preposition introducing the content (بشأن، حول، عن), a colon or a quote
_REPORTED_CLAUSE = re.compile(
    rf"(?<![{_AR}])(?:ب?ان(?:ه|ها|هم|هما)?|التي|الذي|الذين|اللذين|اللتين|اللواتي|مما|حيث|بعد|بشان|حول|عن)(?![{_AR}])"
    r"|[:«\"“]"
)
#: a date further than this many words after the cue belongs to another clause
ATTACHED_MAX_WORDS = 8
#: a dated line among the first spans (headline, at most one subtitle sentence, dateline) dates
#: the whole article; later dated headings date their section only
HEAD_BLOCK_SPANS = 4
#: a date of the reported act older than this (days before publication) does not date the statement
REPORTED_MAX_AGE_DAYS = 7
_STATEMENT_GRANULARITY = frozenset({"day", "range", "week", "month", "undated"})


class DateContext:
    """Everything needed to date the statements of one article; build once per article.

    ``sentences`` are the spans of :func:`kg.extract.sentences.split_sentences` (their ``kind``
    tells headings and datelines apart); ``published`` is the article's publication date.
    """

    def __init__(self, text: str, published: date | None, sentences: Sequence[Span]) -> None:
        self.text = text
        self.published = published  # bounds use it whatever it is; find_dates computes only from a usable one
        self.view = search_view(text)
        self.mentions = find_dates(text, published)
        self._starts = [m.start for m in self.mentions]
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self._sentence_starts = [s.start for s in self.sentences]
        self._carried = self._heading_dates()

    def _heading_dates(self) -> tuple[list[ResolvedDate | None], list[ResolvedDate | None]]:
        """For each sentence: the heading/dateline date in force before it and after it."""
        before: list[ResolvedDate | None] = []
        after: list[ResolvedDate | None] = []
        article_date: ResolvedDate | None = None  # a dateline at the top dates the whole article
        section_date: ResolvedDate | None = None  # a dated heading dates its section
        running = 0  # sentences of running text seen so far
        for index, span in enumerate(self.sentences):
            before.append(section_date or article_date)
            running += span.kind == "sentence"
            if span.kind != "sentence":
                dates = [m for m in self._within(span.start, span.end)
                         if m.origin == "explicit" and m.granularity in ("day", "range")]
                lows = [m.date.value or m.date.earliest for m in dates]
                highs = [m.date.value or m.date.latest for m in dates]
                if dates and None not in lows and None not in highs:
                    earliest, latest = min(d for d in lows if d), max(d for d in highs if d)
                    words = _surface(dates)
                    found = (ResolvedDate(earliest, "explicit", surface=words) if earliest == latest
                             else ResolvedDate(None, "bounded", earliest, latest, words))
                    if index < HEAD_BLOCK_SPANS and running <= 1:
                        article_date, section_date = found, None
                    else:
                        section_date = found
                elif span.kind == "heading":
                    section_date = None  # an undated section heading ends the section's date
            after.append(section_date or article_date)
        return before, after

    def _within(self, start: int, end: int) -> list[DateMention]:
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return self.mentions[i:j]

    def heading_date(self, position: int) -> ResolvedDate | None:
        """The date of the nearest preceding dated heading/dateline still in force at ``position``."""
        i = bisect.bisect_right(self._sentence_starts, position) - 1
        if i < 0:
            return None
        before, after = self._carried
        return before[i] if position < self.sentences[i].end else after[i]

    def _anchored(self, mention: DateMention, anchor: date | None) -> tuple[ResolvedDate, bool]:
        if mention.relative is not None and anchor is not None and anchor != self.published:
            return mention.relative.resolve(anchor, "")
        return mention.date, mention.future

    def for_statement(self, sent_start: int, sent_end: int, cue_start: int | None = None) -> ResolvedDate:
        """The date a statement in ``text[sent_start:sent_end]`` was made (module docstring)."""
        heading = self.heading_date(sent_start)
        anchor = heading.value if heading is not None and heading.value is not None else self.published
        candidates: list[tuple[DateMention, ResolvedDate]] = []
        for mention in self._within(sent_start, sent_end):
            if mention.granularity not in _STATEMENT_GRANULARITY:
                continue
            resolved, future = self._anchored(mention, anchor)
            if future or self._after_publication(resolved):
                continue
            if mention.granularity == "undated":
                resolved = (ResolvedDate(None, "bounded", latest=anchor) if anchor is not None
                            else ResolvedDate(None, "unknown"))
            elif resolved.value is None and resolved.latest is None:
                continue
            resolved = replace(resolved, surface=self.text[mention.start:mention.end])
            candidates.append((mention, resolved))

        if cue_start is not None:
            cue_start = min(max(cue_start, sent_start), sent_end)
        cue = cue_start if cue_start is not None else sent_start
        cue_end = cue
        if cue_start is not None:
            while cue_end < sent_end and not self.text[cue_end].isspace():
                cue_end += 1
        boundary_match = _REPORTED_CLAUSE.search(self.view, cue_end, sent_end)
        boundary = boundary_match.start() if boundary_match else sent_end
        if cue_start is not None:
            words = 0
            for i in range(cue_end, boundary):
                if self.text[i].isspace() and not self.text[i - 1].isspace():
                    words += 1
                    if words > ATTACHED_MAX_WORDS:
                        boundary = i
                        break
        attached = [c for c in candidates if cue_end <= c[0].start < boundary]
        before = [c for c in candidates if c[0].end <= cue] if cue_start is not None else []
        reported = [c for c in candidates if c[0].start >= boundary]
        # 1. the date of the speech act
        if attached:
            return self._cap(attached[0][1])
        if before:
            return self._cap(before[-1][1])
        # 2. an explicit date elsewhere in the sentence, if recent enough to be the day of the
        #    statement too (a treaty "of 9 November 2020" cited in 2022 is not)
        for mention, resolved in reported:
            if mention.origin == "explicit" and self._recent(resolved):
                return self._cap(resolved)
        # 3. the dated heading / dateline in force
        if heading is not None and not self._after_publication(heading):
            return self._cap(heading)
        # 4. a relative expression elsewhere in the sentence
        for mention, resolved in reported:
            if mention.origin == "relative":
                return self._cap(resolved)
        # 5. bounded by publication, or unknown
        return self.bounded()

    def for_event(self, start: int, end: int) -> ResolvedDate:
        """The date of an event reported in ``text[start:end]`` (the first date in the span)."""
        return self.for_statement(start, end, None)

    def _after_publication(self, resolved: ResolvedDate) -> bool:
        """A day (or an interval starting) after publication cannot be when something was said."""
        first = resolved.value or resolved.earliest
        return self.published is not None and first is not None and first > self.published

    def _recent(self, resolved: ResolvedDate) -> bool:
        day = resolved.best
        pub = self.published
        return pub is None or (day is not None and (pub - day).days <= REPORTED_MAX_AGE_DAYS)

    def bounded(self) -> ResolvedDate:
        """What is known without any date in the text: at most the publication date."""
        if self.published is None:
            return UNKNOWN_DATE
        return ResolvedDate(None, "bounded", latest=self.published)

    def _cap(self, resolved: ResolvedDate) -> ResolvedDate:
        """A statement is not made after publication: cap interval bounds at publication."""
        pub = self.published
        if pub is None or resolved.latest is None or resolved.latest <= pub:
            return resolved
        earliest = resolved.earliest if resolved.earliest is None or resolved.earliest <= pub else pub
        return replace(resolved, earliest=earliest, latest=pub)


def _surface(mentions: Sequence[DateMention]) -> str | None:
    surfaces = [m.date.surface for m in mentions if m.date.surface]
    return " … ".join(surfaces) if surfaces else None
