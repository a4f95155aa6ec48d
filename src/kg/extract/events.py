"""Events and casualty claims (docs/contracts.md: kg:Event subclasses, kg:CasualtyClaim).

Events are what the article reports as happening — clashes, shelling, drone strikes, ceasefires
agreed or violated, military operations, protests — one per kind per sentence, with the places
and the actors named next to the event word (an actor after على/ضد/في is a victim or a place, not
an agent).

Casualty figures ("مقتل 49 جنديا أرمينيا") said by a speaker become statements of kind
``casualty_claim`` carrying a :class:`CasualtyFigure` (count, category, side, status), so that the
figures each side gives stand side by side; the plain "announce" statement of that speaker in the
same sentence is replaced by the claim. A figure in the outlet's own voice is an event of kind
``casualty_report``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from kg.extract import grammar as g
from kg.model import (
    Actor,
    Article,
    CasualtyFigure,
    Event,
    Mention,
    PlaceMention,
    ResolvedDate,
    Statement,
)

NAME = "events"
VERSION = "0.1.0"

DateFn = Callable[[int, int, int], ResolvedDate]

_W = r"(?<![\w])"
_E = r"(?![\w])"
_P = r"[وفبلك]?(?:ال)?"
EVENT_PATTERNS: dict[str, re.Pattern[str]] = {
    "ceasefire_violation": re.compile(
        _W + _P + r"(?:خرق|خروقات|انتهاك|انتهاكات|كسر|اختراق)\w*\s+(?:\w+\s+){0,2}?"
        r"[وبلف]{0,2}(?:ال|ل)?(?:هدنة|وقف\s+(?:لـ?)?(?:إطلاق|اطلاق)?\s*النار|اتفاق)"),
    "ceasefire": re.compile(
        _W + _P + r"(?:هدنة|وقف\s+(?:لـ?)?(?:إطلاق|اطلاق)\s+النار|وقف\s+النار|وقف\s+الأعمال\s+العدائية)"),
    "drone_strike": re.compile(
        _W + _P + r"(?:طائرة|طائرات|مسيرة|مسيّرة|مسيرات|مسيّرات)\s*(?:مسيرة|مسيّرة|بدون\s+طيار|"
        r"دون\s+طيّ?ار|من\s+دون\s+طيّ?ار)?" + _E + r"|" + _W + r"درون" + _E),
    "shelling": re.compile(_W + _P + r"(?:قصف\w*|قذائف|مدفعية|المدفعية|صواريخ|الصواريخ)" + _E),
    "clash": re.compile(_W + _P + r"(?:اشتباك\w*|مواجهات|المواجهات|معارك|المعارك|قتال|القتال|"
                        r"تبادل\s+(?:لـ?)?إطلاق\s+النار)" + _E),
    "military_operation": re.compile(
        _W + _P + r"(?:عملية\s+عسكرية|العملية\s+العسكرية|عملية\s+[\"“«]?مكافحة\s+الإرهاب|"
        r"أنشطة\s+[\"“«]?محلية\s+لمكافحة\s+الإرهاب|عملياتها?\s+العسكرية|هجوم\s+عسكري|الهجوم\s+العسكري)"),
    "protest": re.compile(_W + _P + r"(?:متظاهر\w*|تظاهر\w*|مظاهرات|المظاهرات|احتجاج\w*|يحتجون|احتج\w*)"
                          + _E),
}

#: All event patterns in one alternation (one pass over the text); the group name is the kind.
EVENTS_ANY = re.compile("|".join(f"(?P<{kind}>{p.pattern})" for kind, p in EVENT_PATTERNS.items()))

_NUMBER_WORDS = {
    "واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "اربعة": 4, "أربع": 4, "خمسة": 5,
    "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9,
    "عشرة": 10, "عشر": 10, "مئة": 100, "مائة": 100,
}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_COUNT = r"(?P<count>\d[\d,.]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_CATEGORY = (r"(?P<cat>جندي\w*|جنود\w*|عسكري\w*|العسكريين|مدني\w*|شخص\w*|أشخاص|اشخاص|قتيل\w*|قتلى|جريح\w*|"
             r"جرحى|أسير\w*|أسرى|مواطن\w*|من\s+(?:جنود|عسكريي|مواطني|أفراد)\w*)")
#: A count and what was counted; the verb before it (مقتل، إصابة، أسر) is read by :func:`_status`.
CASUALTY = re.compile(r"(?<![\w.])" + _COUNT + r"\s+(?:من\s+)?" + _CATEGORY + r"(?P<tail>[^.،؛\n]{0,40})")
#: Dual forms carry their count: "مقتل جنديين", "إصابة مدنيين اثنين".
CASUALTY_DUAL = re.compile(
    r"(?P<lead>[وب]?(?:مقتل|قتل|وفاة|إصابة|اصابة|أصيب|جرح|أسر|فقدان)\w*\s+)"
    r"(?P<cat>جنديين|جنديان|عسكريين\s+اثنين|مدنيين\s+اثنين|مدنيان|شخصين|مواطنين\s+اثنين)(?P<tail>[^.،؛\n]{0,40})"
)
_KILLED = re.compile(r"مقتل|قتل|قُتل|قتلى|قتيل|وفاة|مصرع|سقوط")
_WOUNDED = re.compile(r"إصاب|اصاب|أصيب|جرح|جريح|مصاب")
_CAPTURED = re.compile(r"أسر|أسير|أسرى|اسر")
_MISSING = re.compile(r"مفقود|فقدان|فقد")


def _parse_count(raw: str) -> int | None:
    raw = raw.translate(_DIGITS).replace(",", "").rstrip(".")
    if raw.isdigit():
        return int(raw)
    return _NUMBER_WORDS.get(raw)


def _category(cat: str, tail: str) -> str:
    c = g.norm_word(cat)
    if "مدني" in c or "مواطن" in c:
        return "civilians"
    if any(k in c for k in ("جند", "عسكري", "جنود", "افراد")):
        return "soldiers"
    if "مدني" in tail:
        return "civilians"
    return "people"


def _status(text: str) -> str:
    if _CAPTURED.search(text):
        return "captured"
    if _WOUNDED.search(text) and not _KILLED.search(text):
        return "wounded"
    if _MISSING.search(text) and not _KILLED.search(text):
        return "missing"
    return "killed"


def _side(match: re.Match[str], mentions: Sequence[Mention],
          speaker: Actor | None, state_of: Callable[[str], Actor | None]) -> Actor | None:
    """Whose dead: a nisba/state right after the category ("جنديا أرمينيا", "من أذربيجان"), or the
    speaker's own side for a possessive ("من جنودها", "في صفوف قواتها")."""
    cat_end = match.end("cat")
    tail_end = match.end("tail")
    for m in mentions:
        if cat_end <= m.start <= min(tail_end, cat_end + 25) and m.actor.country:
            return state_of(m.actor.country) or m.actor
    cat = match.group("cat")
    if speaker is not None and re.search(r"(?:ها|هم)$", g.norm_word(cat)) and speaker.country:
        return state_of(speaker.country) or speaker
    return None


def extract_events(article: Article, sentences: Sequence[tuple[int, int, bool]], mentions: Sequence[Mention],
                   places: Sequence[PlaceMention], statements: Sequence[Statement],
                   date_for: DateFn, state_of: Callable[[str], Actor | None] | None = None,
                   ) -> tuple[list[Event], list[Statement]]:
    """Events of the article and its statements with casualty claims added (see module doc)."""
    text = article.text
    state_of = state_of or (lambda iso2: None)
    events: list[Event] = []
    out: list[Statement] = list(statements)
    by_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(statements):
        by_sentence.setdefault(st.start, []).append(i)
    replaced: set[int] = set()
    added: list[Statement] = []
    counter = 0
    starts = [s for s, _, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0 or pos >= sentences[i][1]:
            return None
        return sentences[i][0], sentences[i][1]

    def places_in(s: int, e: int) -> tuple:
        return tuple(dict.fromkeys(p.place for p in places if s <= p.start < e))

    found: dict[tuple[int, str], tuple[int, int]] = {}  # (sentence start, kind) → first match span
    for m in EVENTS_ANY.finditer(text):
        kind = m.lastgroup or ""
        span = sentence_of(m.start())
        if span is not None and (span[0], kind) not in found:
            found[(span[0], kind)] = m.span()
    for (s, kind), (m_start, m_end) in sorted(found.items(), key=lambda kv: kv[1][0]):
        if kind == "ceasefire" and (s, "ceasefire_violation") in found:
            continue
        e = sentence_of(s)[1]  # type: ignore[index]
        counter += 1
        events.append(Event(key=f"{kind}-{counter}", kind=kind, start=s, end=e,
                            date=date_for(s, e, m_start), places=places_in(s, e),
                            agents=_agents(text, m_start, m_end, e, mentions)))
    figures = sorted([*CASUALTY.finditer(text), *CASUALTY_DUAL.finditer(text)], key=lambda m: m.start())
    for cm in figures:
        span = sentence_of(cm.start())
        count = _parse_count(cm.group("count")) if "count" in cm.re.groupindex else 2
        if span is None or count is None or count < 1 or 1900 < count < 2100:
            continue  # outside any sentence, or a year rather than a figure
        s, e = span
        status = _status(cm.group(0) + " " + text[max(s, cm.start() - 30):cm.start()])
        speakers = [i for i in by_sentence.get(s, ())
                    if statements[i].kind in ("announce", "concern", "casualty_claim", "accuse")]
        if not speakers:
            counter += 1
            events.append(Event(key=f"casualty_report-{counter}", kind="casualty_report", start=s, end=e,
                                date=date_for(s, e, cm.start()), places=places_in(s, e)))
            continue
        # the figure belongs to the speaker whose verb comes last before it
        before = [i for i in speakers if (statements[i].cue_start or s) <= cm.start()]
        st = statements[(before or speakers)[-1]]
        figure = CasualtyFigure(count=count, category=_category(cm.group("cat"), cm.group("tail")),
                                side=_side(cm, mentions, st.speaker, state_of), status=status)
        added.append(replace(st, kind="casualty_claim", target=None, casualties=figure,
                             confidence=min(st.confidence, 0.8), component=NAME))
        if st.kind == "announce":
            replaced.add(statements.index(st))
    out = [st for i, st in enumerate(statements) if i not in replaced] + added
    out.sort(key=lambda st: (st.start, st.cue_start or 0))
    return events, out


def _agents(text: str, at: int, after: int, end: int, mentions: Sequence[Mention]) -> tuple[Actor, ...]:
    """Actors named right after the event word (a nisba or genitive), not after a victim preposition;
    or the mention the event word is part of ("القصف الأذربيجاني" read as the Azerbaijani forces)."""
    agents: list[Actor] = []
    for m in mentions:
        if m.start <= at < m.end:
            return (m.actor,)
        if not (after <= m.start < min(end, after + 40)):
            continue
        gap = g.words(text[after:m.start])
        if any(w in g.VICTIM_PREPS for w in gap) or len(gap) > 2:
            break
        agents.append(m.actor)
        break
    return tuple(agents)
