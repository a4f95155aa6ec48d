"""Evaluate one query on the store and serialise the answer with pyoxigraph's own writers.

Runs in a query worker process (:mod:`kg.serve.workers`). Two limits, checked while results
stream out of the engine:

- a deadline (``Settings.query_timeout_s``): past it the answer is :class:`QueryTimeoutError`
  (HTTP 503), never a truncated 200. Sorts and aggregates compute before their first row, so
  the check only fires once rows flow; for those the server kills the worker at the deadline;
- a row cap (``Settings.max_result_rows``): a larger result is refused with
  :class:`ResultTooLargeError` (HTTP 403, policy) rather than silently cut.

SELECT results in SPARQL JSON (the usual format) are written directly, and rows are bounded from
above while they stream: pyoxigraph writes the bindings compactly, one object per row, separated by
``},{`` — so 1 + the number of ``},{`` in the output is never less than the number of rows (a
literal that contains ``},{`` only makes the bound larger). Should the bound pass the row cap, the
answer is computed again the exact way. Other formats are first written as TSV, where one row is
one line (literals escape their newlines), so rows are counted with ``bytes.count`` on each chunk
pyoxigraph writes; the TSV is then re-read and written in the negotiated format, all in Rust (for
JSON this round trip cost 0.6–1 ms of the worker's CPU on a 100-row, 90 KB page).
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import ForbiddenOperationError, QueryError, QueryTimeoutError, ResultTooLargeError
from kg.serve.formats import GRAPH_FORMATS, PREFIXES, RESULT_FORMATS, Format
from kg.serve.protocol import SparqlRequest, is_update, keywords

Chooser = Callable[[Sequence[Format]], Format]

#: pyoxigraph's cost for an explicit dataset grows faster than linearly with its graphs (on
#: 280k triples, who-blamed-whom took 6 ms over 1+1 graphs, 79 ms over 1+10, 8.5 s over 1+100).
MAX_DATASET_GRAPHS = 16

#: ``FROM`` as a word of its own: a FROM clause always stands so (after ``*``, ``)``, a variable or
#: an IRI, before an IRI or ``NAMED``), while IRIs such as ``prov:wasDerivedFrom`` — in most of the
#: named queries — do not, so they skip the tokenising count below.
_FROM_WORD = re.compile(r"\bfrom\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class Limits:
    deadline: float  # time.monotonic() value
    max_rows: int

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeoutError("the query ran past the time limit; make it more selective "
                                    "or add LIMIT")

    def too_many(self, rows: int) -> ResultTooLargeError:
        return ResultTooLargeError(f"the result has more than {self.max_rows} rows; "
                                   "add LIMIT (and OFFSET to page through it)", max_rows=self.max_rows)


def evaluate(store: ox.Store, request: SparqlRequest, choose: Chooser, limits: Limits) -> Answer:
    """Run ``request.query`` and serialise it in the format ``choose`` picks for its query form.

    ``choose`` is called before any row is computed, so a 406 costs only the parse.
    Call it in the worker thread: pyoxigraph's result iterators are "unsendable" (pyo3 raises if
    one is dropped on another thread), so an exception leaves here with its frames cleared —
    a traceback kept by the event loop must not hold the iterator.
    """
    try:
        return _evaluate(store, request, choose, limits)
    except BaseException as exc:
        _clear_frames(exc)
        raise


def _clear_frames(exc: BaseException | None) -> None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


def _evaluate(store: ox.Store, request: SparqlRequest, choose: Chooser, limits: Limits) -> Answer:
    result = _query(store, request)
    if isinstance(result, ox.QueryBoolean):
        fmt = choose(RESULT_FORMATS)
        return Answer(result.serialize(format=fmt.serializer), fmt.media_type)
    if isinstance(result, ox.QuerySolutions):
        fmt = choose(RESULT_FORMATS)
        if fmt.serializer == ox.QueryResultsFormat.JSON:
            body = _json_solutions(result, limits)
            if body is not None:
                return Answer(body, fmt.media_type)
            # The bound passed the cap: count exactly, on the same answer computed again (a read
            # view does not change). Only results near or over the cap pay for this.
            result = _query(store, request)
            assert isinstance(result, ox.QuerySolutions)
        return Answer(_solutions(result, fmt, limits), fmt.media_type)
    fmt = choose(GRAPH_FORMATS)
    assert isinstance(fmt.serializer, ox.RdfFormat)
    body = ox.serialize(_triples(result, fmt.serializer, limits), format=fmt.serializer,
                        prefixes=PREFIXES)
    limits.check_time()
    return Answer(body, fmt.media_type)


def _query(store: ox.Store, request: SparqlRequest) -> ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples:
    """``store.query`` with the request's dataset; parse and planning errors as project errors."""
    assert request.query is not None
    try:
        return store.query(request.query, base_iri=request.base_iri, **dataset_arguments(request))
    except SyntaxError as exc:
        if is_update(request.query):
            raise ForbiddenOperationError(
                "this endpoint is read-only: SPARQL Update is not accepted") from exc
        raise QueryError(f"malformed query: {exc}") from exc
    except RuntimeError as exc:
        # Raised while planning: a function the engine does not implement (a custom function IRI)
        # is a caller error, 400; anything else remains a bug (500, logged).
        if "not supported" not in str(exc):
            raise
        raise QueryError(f"unsupported query: {exc}") from exc


def dataset_arguments(request: SparqlRequest) -> dict[str, object]:
    """``Store.query`` keyword arguments for the request's RDF dataset (Protocol §2.1.4).

    Without protocol graphs the store's default graph applies: the merge of the article graphs
    (:mod:`kg.store.read`), or the query's own ``FROM`` / ``FROM NAMED``. Protocol graphs
    replace any dataset in the query. More than :data:`MAX_DATASET_GRAPHS` graphs, either way,
    are refused (403).
    """
    if len(request.default_graph_uris) + len(request.named_graph_uris) > MAX_DATASET_GRAPHS:
        raise ForbiddenOperationError(f"at most {MAX_DATASET_GRAPHS} default-graph-uri and "
                                      "named-graph-uri per request")
    if request.has_protocol_dataset:
        try:
            return {
                "default_graph": [ox.NamedNode(iri) for iri in request.default_graph_uris],
                "named_graphs": [ox.NamedNode(iri) for iri in request.named_graph_uris],
            }
        except ValueError as exc:
            raise QueryError(f"invalid graph IRI: {exc}") from exc
    assert request.query is not None
    if _FROM_WORD.search(request.query) and keywords(request.query)["FROM"] > MAX_DATASET_GRAPHS:
        raise ForbiddenOperationError(f"at most {MAX_DATASET_GRAPHS} FROM clauses per query")
    return {}


class _TsvSink:
    """A binary writer for pyoxigraph: keeps the chunks, counts rows, enforces the limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.chunks: list[bytes] = []
        self.lines = 0

    def write(self, chunk: bytes) -> int:
        self.limits.check_time()
        self.lines += chunk.count(b"\n")
        if self.lines - 1 > self.limits.max_rows:  # the first line is the header
            raise self.limits.too_many(self.lines - 1)
        self.chunks.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        return None


class _BoundPassed(Exception):
    """The upper bound on the rows of a JSON answer passed the row cap (see the module doc)."""


class _JsonSink:
    """A binary writer for pyoxigraph's SPARQL JSON results: keeps the chunks, bounds the rows
    from above (1 + each ``},{``, also across chunk borders), enforces the deadline."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.chunks: list[bytes] = []
        self.rows_at_most = 1
        self.tail = b""  # the last two bytes written: the start of a separator cut by a chunk border

    def write(self, chunk: bytes) -> int:
        self.limits.check_time()
        data = bytes(chunk)
        self.rows_at_most += (self.tail + data[:2]).count(b"},{") + data.count(b"},{")
        if self.rows_at_most > self.limits.max_rows:
            raise _BoundPassed()
        self.tail = (self.tail + data)[-2:]
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        return None


def _json_solutions(solutions: ox.QuerySolutions, limits: Limits) -> bytes | None:
    """The answer in SPARQL JSON, or ``None`` when its row bound passed the cap."""
    sink = _JsonSink(limits)
    try:
        solutions.serialize(sink, format=ox.QueryResultsFormat.JSON)
    except _BoundPassed:
        return None
    limits.check_time()
    return b"".join(sink.chunks)


def _solutions(solutions: ox.QuerySolutions, fmt: Format, limits: Limits) -> bytes:
    sink = _TsvSink(limits)
    solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    limits.check_time()
    tsv = b"".join(sink.chunks)
    if fmt.serializer == ox.QueryResultsFormat.TSV:
        return tsv
    reparsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(reparsed, ox.QuerySolutions)
    return reparsed.serialize(format=fmt.serializer)


def _triples(triples: ox.QueryTriples, fmt: ox.RdfFormat, limits: Limits) -> Iterator[ox.Triple | ox.Quad]:
    as_quads = fmt.supports_datasets  # N-Quads / TriG writers take quads (default graph)
    for count, triple in enumerate(triples, start=1):
        if count > limits.max_rows:
            raise limits.too_many(count)
        if count % 1000 == 0:
            limits.check_time()
        yield ox.Quad(triple.subject, triple.predicate, triple.object) if as_quads else triple
