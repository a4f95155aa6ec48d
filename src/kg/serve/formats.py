"""Result formats and HTTP content negotiation (RFC 9110 §12.5.1, SPARQL 1.1 Protocol §2.1.6).

One table per query form: what pyoxigraph can serialise, under which media types. The first
media type of a format is the one the response declares; the others are accepted aliases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import NotAcceptableError, QueryError
from kg.vocab import PREFIXES as VOCAB_PREFIXES


@dataclass(frozen=True)
class Format:
    """A serialisation: a short name (for ``?format=``), media types, and pyoxigraph's format."""

    name: str
    media_types: tuple[str, ...]
    serializer: ox.QueryResultsFormat | ox.RdfFormat

    @property
    def media_type(self) -> str:
        return self.media_types[0]


#: SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV/TSV). JSON is the default.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", ("application/sparql-results+json", "application/json"), ox.QueryResultsFormat.JSON),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"),
           ox.QueryResultsFormat.XML),
    Format("csv", ("text/csv",), ox.QueryResultsFormat.CSV),
    Format("tsv", ("text/tab-separated-values",), ox.QueryResultsFormat.TSV),
)

#: CONSTRUCT and DESCRIBE results, and the service description. Turtle is the default.
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", ("text/turtle", "application/x-turtle", "text/n3"), ox.RdfFormat.TURTLE),
    Format("ntriples", ("application/n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES),
    Format("rdfxml", ("application/rdf+xml", "application/xml", "text/xml"), ox.RdfFormat.RDF_XML),
    Format("jsonld", ("application/ld+json", "application/json"), ox.RdfFormat.JSON_LD),
    Format("nquads", ("application/n-quads",), ox.RdfFormat.N_QUADS),
    Format("trig", ("application/trig",), ox.RdfFormat.TRIG),
)

#: ``?format=`` names that mean different formats for results and graphs.
_FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "rdf": "rdfxml",
                   "nq": "nquads", "json-ld": "jsonld",
                   "n3": "turtle"}  # Turtle is N3: answer N3 requests with Turtle
_CROSS_NAMES = {("xml", "graph"): "rdfxml", ("json", "graph"): "jsonld"}

#: Every ``?format=`` value the server accepts for some query form (names, aliases, media types),
#: as documented in the OpenAPI description; matching is case-insensitive.
FORMAT_PARAM_VALUES = sorted({f.name for f in RESULT_FORMATS + GRAPH_FORMATS} | set(_FORMAT_ALIASES)
                             | {t for f in RESULT_FORMATS + GRAPH_FORMATS for t in f.media_types})

#: Prefixes written in Turtle / TriG / RDF-XML output: the project's namespaces.
PREFIXES = VOCAB_PREFIXES


def choose(formats: Sequence[Format], accept: str | None, format_param: str | None) -> Format:
    """Pick the format for a response; ``?format=`` (a name or a media type) overrides Accept.

    Raises :class:`NotAcceptableError` when nothing fits (HTTP 406), :class:`QueryError` for a
    ``?format=`` name no query form has (HTTP 400).
    """
    if format_param:
        kind = "graph" if formats is GRAPH_FORMATS else "results"
        key = _FORMAT_ALIASES.get(format_param.lower(), format_param.lower())
        key = _CROSS_NAMES.get((key, kind), key)
        if "/" not in key:
            for fmt in formats:
                if fmt.name == key:
                    return fmt
            if not any(f.name == key for f in RESULT_FORMATS + GRAPH_FORMATS):
                raise QueryError(f"unknown format {format_param!r}", format=format_param)
            raise NotAcceptableError(f"format {format_param!r} cannot represent this result; "
                                     f"use one of: {', '.join(f.name for f in formats)}")
        accept = key
    if not accept or not accept.strip():
        return formats[0]
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, fmt in enumerate(formats):
        q, specificity = _quality(fmt, ranges)
        # Highest q wins; on a tie the more specific range, then the server's order.
        score = (q, specificity, -order)
        if q > 0 and (best is None or score > best):
            best, chosen = score, fmt
    if chosen is None:
        raise NotAcceptableError(f"cannot produce any of {accept!r}; available: "
                                 + ", ".join(f.media_type for f in formats))
    return chosen


def parse_accept(accept: str) -> list[tuple[str, str, float]]:
    """``Accept`` → ``[(type, subtype, q)]``; parameters other than ``q`` are ignored."""
    ranges = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if "/" not in media:
            continue
        main, _, sub = media.lower().partition("/")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, str, float]]) -> tuple[float, int]:
    """The q the client gives ``fmt``: per media type, the most specific matching range decides."""
    best = (0.0, -1)
    for index, media_type in enumerate(fmt.media_types):
        main, _, sub = media_type.partition("/")
        match: tuple[int, float] | None = None
        for r_main, r_sub, q in ranges:
            if (r_main, r_sub) == (main, sub):
                specificity = 2
            elif index > 0:
                continue  # aliases answer explicit requests only, never a wildcard
            elif (r_main, r_sub) == (main, "*"):
                specificity = 1
            elif (r_main, r_sub) == ("*", "*"):
                specificity = 0
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q)
        if match is not None and (match[1], match[0]) > best:
            best = (match[1], match[0])
    return best
