"""A regex sentence splitter for Arabic news, with offsets into the original text.

Component ``sentences``: reads an article text, produces :class:`Span` s in text order.

Rules (each has a test in ``tests/test_sentences.py``):

* a line break always ends a sentence: headlines, subheadings and datelines are their own
  sentences;
* inside a line a sentence ends after ``.`` ``!`` ``?`` ``؟`` ``…`` (with the closing quotes,
  brackets, footnote markers and a stray ``،`` that follow them) when whitespace or the end of the
  line follows — or an Arabic letter directly (glued sentences in scraped text), except after a
  one-letter abbreviation (``ت.غ``, ``د.``) — never inside a number (``13.9.2022``, ``3.5``) and
  never at exactly two dots (``حرب قره باغ.. تبادل اتهامات`` joins, it does not end);
* never at ``:`` or the Arabic comma ``،`` (pyarabic and pysbd cut ``وأضاف: «…»`` there);
* never inside a matched quotation (``«…»``, ``“…”``, ``"…"``) on the same line;
* spans are trimmed of whitespace and of scraping debris (:func:`kg.extract.text.noise_spans`) at
  their edges; a span that is only debris (``[ad_1]``, a reference line) is dropped;
* a city dateline at the start of a paragraph (``يريفان -``, ``باكو (أ ف ب) -``, ``باكو - سبوتنيك.``,
  a line ``دمشق- (أ ش أ):``, a wire's ``باكو 2 إبريل 2016 (شينخوا)`` with date and agency and no
  dash) is its own span of kind ``dateline``, so the city is not read as a
  speaker of the next sentence — but not a subject set off by a parenthetical dash
  (``وقال سامي - المتحدث باسم … - إن``);
* kinds: a line that holds nothing but a date and filler words (نشر في، بتاريخ، آخر تحديث، a clock
  time, the Hijri date beside it) is a ``dateline``; a line that is one span without final
  punctuation, at most :data:`HEADING_MAX_WORDS` words, not ending in a comma, not starting with
  و + verb (وقال، وأكدت) and not going on after ``، و`` is a ``heading``; the rest are
  ``sentence`` s.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from kg.extract.dates import find_dates
from kg.extract.text import noise_spans

NAME = "sentences"
VERSION = "0.1.1"

SpanKind = Literal["sentence", "heading", "dateline"]
HEADING_MAX_WORDS = 16


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is one sentence, heading or dateline."""

    start: int
    end: int
    kind: SpanKind = "sentence"

    @property
    def is_heading(self) -> bool:
        """Headings and datelines (lines that are not running text)."""
        return self.kind != "sentence"


_AR_LETTER = re.compile(r"[\u0621-\u064a]")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_TERMINAL = re.compile(r"[.!?؟…]+(?:[»”’\"')\]]|\[\d{1,3}\])*(?:\s*،)?")
_FINAL_PUNCT = re.compile(r"[.!?؟…:]+[»”’\"')\]]*$")
_STRAIGHT_QUOTE = re.compile('"')
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("‘", "’"))
_CITY_DATELINE = re.compile(
    # (a tatweel is a dash only after a space: "الـ20" is the article and a number)
    r"[\u0621-\u064a]{2,}(?:\s+[\u0621-\u064a]{2,}){0,2}(?:\s*\([^()\n]{1,30}\))?(?:\s*[-–—]|\s+ـ)[-–—ـ]*\s*"
    r"(?:(?:[\u0621-\u064a]{2,}(?:\s+[\u0621-\u064a]{2,}){0,2}|\([^()\n]{1,30}\))\s*[.:]\s*)?"
)
#: a wire dateline with its date and agency and no dash: "باكو 2 إبريل 2016 (شينخوا) قالت …"
_CITY_DATE_AGENCY = re.compile(
    r"[\u0621-\u064a]{2,}(?:\s+[\u0621-\u064a]{2,}){0,2}\s+\d{1,2}\s+[\u0621-\u064a]{3,}"
    r"(?:\s*/\s*[\u0621-\u064a]{3,})?\s+\d{4}\s*\([^()\n]{1,30}\)\s*(?:[-–—ـ:]+\s*)?"
)
#: Arabic spellings of domain endings (نيوز.أم = news.am, أخبار.كوم): no sentence ends before them
_WEB_ENDINGS = frozenset({"أم", "ام", "كوم", "نت", "أورغ", "اورغ", "أز", "از", "رو", "تي"})
_TIME = re.compile(r"T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_FILLER = frozenset(
    "نشر نشرت في بتاريخ تاريخ النشر آخر اخر تحديث تم التحديث الساعة م ص صباحا مساء مساءً صباحاً "
    "بتوقيت غرينتش gmt utc ت.غ مكة المكرمة القدس بيروت يوم الموافق هـ ه "
    # Hijri month names: datelines often give both calendars
    "محرم صفر ربيع الأول الاول الآخر الاخر الثاني جمادى جمادي رجب شعبان رمضان شوال ذو ذي القعدة الحجة".split()
)


def _quoted_regions(line: str) -> list[tuple[int, int]]:
    """Matched quotation spans within one line (unmatched quotes are ignored)."""
    regions: list[tuple[int, int]] = []
    for opening, closing in _QUOTE_PAIRS:
        pos = 0
        while (i := line.find(opening, pos)) != -1:
            j = line.find(closing, i + 1)
            if j == -1:
                break
            regions.append((i, j + 1))
            pos = j + 1
    positions = [m.start() for m in _STRAIGHT_QUOTE.finditer(line)] if '"' in line else []
    for a, b in zip(positions[::2], positions[1::2], strict=False):
        regions.append((a, b + 1))
    return regions


def _merged(regions: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Open intervals ``(a, b)`` merged where they overlap, as sorted starts and ends, so that a
    position is looked up by bisection (a line of thousands of short quotes stays linear)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(regions):
        if ends and a < ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _inside(pos: int, merged: tuple[list[int], list[int]]) -> bool:
    starts, ends = merged
    i = bisect.bisect_left(starts, pos) - 1  # the last interval with a < pos
    return i >= 0 and pos < ends[i]


def _break_ok(line: str, m: re.Match[str]) -> bool:
    """Whether the terminal punctuation matched by ``m`` ends a sentence."""
    end = m.end()
    nxt = line[end] if end < len(line) else ""
    punct = m.group(0)
    if punct.startswith("."):
        before = line[max(0, m.start() - 1)] if m.start() else ""
        if before.isdigit() and nxt.isdigit():
            return False  # 13.9.2022, 3.5
        # one-letter abbreviation: ت.غ، د. محمد، أ.ف.ب
        word_start = m.start()
        while word_start > 0 and not line[word_start - 1].isspace() and line[word_start - 1] not in "(.":
            word_start -= 1
        if m.start() - word_start == 1 and _AR_LETTER.match(line[word_start]):
            return False
        # a web address in a name (نيوز.أم، أخبار.كوم): a domain ending glued after the dot
        tail = re.match(r"[\u0621-\u064a]{1,4}(?![\u0621-\u064a])", line[end:])
        if before and _AR_LETTER.match(before) and tail is not None and tail.group() in _WEB_ENDINGS:
            return False
    if punct.rstrip("»”’\"')]") == "..":
        return False  # "حرب قره باغ.. تبادل اتهامات": two dots join, they do not end
    if nxt == "" or nxt.isspace():
        return True
    return bool(_AR_LETTER.match(nxt)) and not punct.startswith("..")


def _trim(text: str, start: int, end: int, noise: list[tuple[int, int]],
          noise_starts: list[int]) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and debris at both edges."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start].isspace() or text[start] == "\ufeff"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        i = bisect.bisect_right(noise_starts, start) - 1
        if i >= 0 and noise[i][0] <= start < noise[i][1]:
            start = min(noise[i][1], end)
            changed = True
        j = bisect.bisect_left(noise_starts, end) - 1
        if j >= 0 and noise[j][0] < end <= noise[j][1] and noise[j][0] >= start:
            end = max(noise[j][0], start)
            changed = True
    return start, end


def split_sentences(text: str) -> list[Span]:
    """Sentences, headings and datelines of ``text``, in order (module docstring for the rules)."""
    noise = noise_spans(text)
    noise_starts = [a for a, _ in noise]
    spans: list[Span] = []
    for line_match in _LINE.finditer(text):
        offset = line_match.start()
        line = line_match.group(0)
        if not line.strip():
            continue
        pieces: list[tuple[int, int]] = []
        cursor = 0
        lead = len(line) - len(line.lstrip())
        dateline = _CITY_DATE_AGENCY.match(line, lead) or _CITY_DATELINE.match(line, lead)
        if dateline and _is_city_dateline(line, dateline):
            pieces.append((cursor, dateline.end()))
            cursor = dateline.end()
        else:
            dateline = None
        quoted = _merged(_quoted_regions(line))
        for m in _TERMINAL.finditer(line, cursor):
            if _inside(m.start(), quoted) or _in_noise(offset + m.start(), noise, noise_starts):
                continue
            if _break_ok(line, m):
                pieces.append((cursor, m.end()))
                cursor = m.end()
        pieces.append((cursor, len(line)))
        line_spans: list[tuple[int, int]] = []
        for a, b in pieces:
            start, end = _trim(text, offset + a, offset + b, noise, noise_starts)
            if end > start:
                line_spans.append((start, end))
        if not line_spans:
            continue
        kinds = _kinds(text, line_spans, dateline is not None)
        spans.extend(Span(a, b, k) for (a, b), k in zip(line_spans, kinds, strict=True))
    return spans


def _is_city_dateline(line: str, m: re.Match[str]) -> bool:
    """``يريفان - أعلن …``: a paragraph of running text opened by a city (and agency) and a dash.

    Not: a sentence whose subject is set off by a parenthetical dash (``وقال بيسكوف - المتحدث
    باسم الكرملين - إن …``: starts with conjunction + verb, or the dash closes again).
    """
    rest = line[m.end():]
    dash = line[m.start():m.end()].rstrip()[-1:]
    return (_words(rest) >= 6 and _FINAL_PUNCT.search(line.rstrip()) is not None
            and _BODY_START.match(line, m.start()) is None and f" {dash} " not in rest)


def _in_noise(pos: int, noise: list[tuple[int, int]], noise_starts: list[int]) -> bool:
    i = bisect.bisect_right(noise_starts, pos) - 1
    return i >= 0 and noise[i][0] <= pos < noise[i][1]


def _words(s: str) -> int:
    return len(s.split())


def _kinds(text: str, line_spans: list[tuple[int, int]], city_dateline: bool) -> list[SpanKind]:
    kinds: list[SpanKind] = ["sentence"] * len(line_spans)
    rest = line_spans
    if city_dateline:
        kinds[0] = "dateline"
        rest = line_spans[1:]
    elif len(line_spans) > 1 and _is_city_agency(text[line_spans[0][0]:line_spans[0][1]]):
        kinds[0] = "dateline"  # باكو - سبوتنيك. وقال …
    if len(rest) == 1:
        a, b = rest[0]
        s = text[a:b]
        if _is_date_only(s) or (len(line_spans) == 1 and _is_city_agency(s)):
            kinds[-1] = "dateline"
        elif _is_heading(s):
            kinds[-1] = "heading"
    return kinds


def _is_heading(s: str) -> bool:
    """A short line without final punctuation that does not read as running text.

    Running text that merely lacks its full stop usually starts with a conjunction + verb
    (وقال، وأكدت، وشدد) or goes on after a comma (``…، و…``, a trailing ``،``).
    """
    return (not _FINAL_PUNCT.search(s) and _words(s) <= HEADING_MAX_WORDS
            and not s.endswith(("،", ",", "؛", ";")) and _BODY_START.match(s) is None
            and "، و" not in s and "،و" not in s)


_CITY_AGENCY = re.compile(
    r"^[\u0621-\u064a]{2,}(?:\s+[\u0621-\u064a]{2,}){0,2}\s*"
    r"(?:[-–—]\s*(?:[^\s.():]+(?:\s+[^\s.():]+){0,2}|\([^()\n]{1,30}\))\s*[.:]|\([^()\n]{1,30}\)\s*[-–—:]?)$"
)
#: the first word of a line of running text: و + a verb-looking word, but not the nouns and
#: places that begin headlines and datelines (وزارة، وزير، وكالة، وفد، وسائل، وحدات، ولاية،
#: واشنطن، وارسو). (ف is left out: فيينا، فرنسا begin headlines more often than فقال a paragraph.)
_BODY_START = re.compile(
    r"و(?!زار|زير|كال|فد|سائل|حد|اشنطن|لاي|ارسو)[\u0621-\u064a]{3,}(?=\s)"
)


def _is_city_agency(s: str) -> bool:
    return _CITY_AGENCY.match(s) is not None


def _is_date_only(s: str) -> bool:
    """True if ``s`` holds a date and nothing but filler (نشر في، الساعة، a clock time, punctuation)."""
    if _words(s) > 12 or not any(ch.isdigit() for ch in s) and _words(s) > 4:
        return False
    mentions = [m for m in find_dates(s, None) if m.granularity in ("day", "range")]
    if not mentions:
        return False
    rest = s
    for m in reversed(mentions):
        rest = rest[:m.start] + " " + rest[m.end:]
    rest = _TIME.sub(" ", rest)
    words = re.sub(r"[^\w.\s]|(?<!\w)\.|\.(?!\w)", " ", rest).split()
    return all(w.lower() in _FILLER or w.isdigit() for w in words)
