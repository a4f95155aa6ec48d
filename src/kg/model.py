"""The facts that flow between stages: frozen dataclasses, no behaviour beyond derived views.

Data flow: :class:`Article` (stage 1) → :class:`Extraction` (stage 2: actors, places, events,
statements, each with character offsets into ``Article.text``) → RDF quads (stage 3).

Offsets are always into the *original* article text (``Article.text`` exactly as read from disk
after strict UTF-8 decoding; nothing is rewritten), so ``text[start:end]`` is the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

#: Statement kinds that attribute blame (ANNOTATION.md); the rest are recorded, never scored.
BLAME_KINDS: frozenset[str] = frozenset(
    {"accuse", "condemn", "hold_responsible", "describe_as_aggression", "call_to_stop", "deny"}
)
#: Other statement kinds the extractor may record.
OTHER_KINDS: frozenset[str] = frozenset(
    {"concern", "call_for_restraint", "casualty_claim", "announce", "refuse_to_blame"}
)
STATEMENT_KINDS: frozenset[str] = BLAME_KINDS | OTHER_KINDS

ActorType = Literal["person", "state", "body", "armed_forces", "international", "group", "agency"]
DateBasis = Literal["explicit", "relative", "bounded", "unknown"]
PublishedBasis = str  # free text: how the publication date was established ("dateline in text", …)
EventKind = Literal["clash", "shelling", "drone_strike", "ceasefire", "ceasefire_violation",
                    "military_operation", "protest", "casualty_report"]


@dataclass(frozen=True)
class Article:
    """One article of the corpus, as read from ``data/articles/ID.txt`` + ``ID.json``."""

    id: str
    text: str
    file_name: str
    sha256: str
    language: str = "ar"
    published: date | None = None
    published_basis: str = "unknown"
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Actor:
    """A curated or extracted party.

    ``key`` is a readable ASCII slug, unique across the gazetteer (``ministry-of-defence-armenia``,
    ``state-am``, ``person-nikol-pashinyan``); IRIs are minted from it.
    ``country`` is the ISO 3166-1 alpha-2 code of the state the actor belongs to (None for
    international bodies and non-state groups). ``parent`` is the key of the state or body the
    actor belongs to / speaks for (a ministry → its state, a minister → the ministry or state).
    """

    key: str
    label_en: str
    label_ar: str
    type: ActorType
    country: str | None = None
    parent: str | None = None
    gender: Literal["m", "f", "pl"] = "m"
    wikidata: str | None = None
    role_en: str | None = None  # for persons: "Prime Minister of Armenia"


@dataclass(frozen=True)
class Mention:
    """An actor found in the text: ``text[start:end]`` is the surface form."""

    actor: Actor
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Place:
    key: str
    label_en: str
    label_ar: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None  # key of the province / region containing it
    wikidata: str | None = None


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class ResolvedDate:
    """When something happened or was said, and how we know.

    ``basis``: ``explicit`` (a date in the sentence / dated heading / dateline), ``relative``
    (اليوم، أمس، a weekday … against the publication date), ``bounded`` (no exact day: ``value`` is
    None and ``earliest``/``latest`` bound it — the publication date as latest, or an interval such
    as الأسبوع الماضي or a heading "12 إلى 13 سبتمبر") or ``unknown``.
    """

    value: date | None
    basis: DateBasis
    earliest: date | None = None
    latest: date | None = None
    surface: str | None = None  # the words the date was read from, if any

    @property
    def best(self) -> date | None:
        """The exact date, else the latest bound (what ANNOTATION.md calls the bounded date)."""
        return self.value or self.latest


UNKNOWN_DATE = ResolvedDate(value=None, basis="unknown")


@dataclass(frozen=True)
class Event:
    """Something that happened, as the article reports it (not a statement)."""

    key: str  # unique within the article
    kind: EventKind
    start: int
    end: int
    date: ResolvedDate = UNKNOWN_DATE
    places: tuple[Place, ...] = ()
    agents: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class Statement:
    """A reported speech act (ANNOTATION.md "Statement").

    ``start``/``end`` delimit the evidence sentence in the article; ``quote_start``/``quote_end``
    the quoted words if the article quotes them; ``cue`` is the verb or noun that signalled it.
    ``casualties`` is set for ``kind == "casualty_claim"``.
    """

    article_id: str
    kind: str
    speaker: Actor
    target: Actor | None
    date: ResolvedDate
    start: int
    end: int
    evidence: str
    confidence: float
    cue: str | None = None
    cue_start: int | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    event_key: str | None = None
    casualties: CasualtyFigure | None = None
    component: str = "statements"


@dataclass(frozen=True)
class CasualtyFigure:
    count: int
    category: Literal["soldiers", "civilians", "people"]
    side: Actor | None  # the party whose dead/wounded are counted
    status: Literal["killed", "wounded", "missing", "captured"] = "killed"


@dataclass(frozen=True)
class Extraction:
    """Everything stage 2 found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()
    components: dict[str, str] = field(default_factory=dict)  # component name → version

    @property
    def blame(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.kind in BLAME_KINDS)
