"""Run pySHACL over a data graph with the project's shapes; map its report to :class:`ValidationReport`.

Validation cost is per (focus node, shape), and pySHACL re-reads every shape's parameters from the
shapes graph for each of them (it evaluates a property shape once per focus node). Two things make
that cheap without changing what is checked (tests/test_validate.py: every fixture still fails its
shape, and only it):

- the shapes graph is a :class:`ShapesGraph`: an rdflib Graph that memoises its triple lookups,
  since the shapes never change once loaded (about half of an article's validation time was
  these lookups in rdflib's memory store);
- pySHACL finds a shape's constraint parameters with ``p in <list of ~40 IRIs>``, which costs ~40
  Python-level ``URIRef.__eq__`` calls per shape predicate: :func:`_fast_parameter_lookup` gives
  that list a set-backed membership test (same answers).

Together: ~200 → ~65 ms per seed article (docs/reliability.md, "Build").
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from kg.errors import ValidationError
from kg.graph.quads import from_oxigraph_union
from kg.settings import PROJECT_ROOT
from kg.validate.evidence import evidence_results
from kg.validate.report import ValidationReport, results_from_graph, sort_results
from kg.vocab import KG, RDF, SCHEMA, SH

DEFAULT_SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"


def load_shapes(path: Path | str = DEFAULT_SHAPES) -> Graph:
    """Parse a shapes file once per (path, modification time); the returned graph is shared: do not mutate.

    Raises :class:`ValidationError` if the file is missing, is not RDF, or holds no shapes.
    """
    return _load_shapes(*shapes_file(path))


def shapes_file(path: Path | str) -> tuple[Path, int]:
    """The shapes file's resolved path and modification time (ns): the key of the caches of its
    parsed and compiled forms. :class:`ValidationError` if it cannot be read."""
    p = Path(path).resolve()
    try:
        return p, p.stat().st_mtime_ns
    except OSError as exc:
        raise ValidationError("cannot read shapes file", path=str(p), reason=exc.strerror) from exc


class ShapesGraph(Graph):
    """A shapes graph that memoises triple-pattern lookups (pySHACL repeats the same few thousand).

    Any change (``add``/``remove``) empties the memo, so it is never stale; graphs given to
    :func:`validate` are read, never changed, so in practice it only grows to the number of
    distinct lookups on the shapes (a few thousand).
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[tuple[Node | None, Node | None, Node | None], tuple] = {}

    @classmethod
    def of(cls, source: Graph) -> ShapesGraph:
        """A memoising copy of ``source`` (its triples and prefixes)."""
        graph = cls()
        for prefix, namespace in source.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in source:
            graph.add(triple)
        return graph

    def triples(self, triple):  # type: ignore[no-untyped-def,override]
        if isinstance(triple[1], PropertyPath):  # evaluated by rdflib through plain lookups
            yield from super().triples(triple)
            return
        hit = self._memo.get(triple)  # type: ignore[arg-type]
        if hit is None:
            hit = self._memo[triple] = tuple(super().triples(triple))  # type: ignore[index]
        yield from hit

    def add(self, triple):  # type: ignore[no-untyped-def]
        self._memo.clear()
        return super().add(triple)

    def remove(self, triple):  # type: ignore[no-untyped-def]
        self._memo.clear()
        return super().remove(triple)


class _ParameterList(list):  # type: ignore[type-arg]
    """pySHACL's list of constraint parameters with set-backed ``in`` (same members, same order)."""

    def __init__(self, items: list[URIRef]) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def copy(self) -> list[URIRef]:  # pySHACL copies it to append SHACL-AF / JS parameters
        return list(self)


_PATCH_LOCK = threading.Lock()


def _fast_parameter_lookup() -> None:
    """Pre-fill pySHACL's own cache of the constraint-parameter list (``pyshacl.shape
    .CONSTRAINT_PARAMS``, which it fills lazily on first use) with a :class:`_ParameterList`."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    with _PATCH_LOCK:
        if not isinstance(getattr(shape_module, "CONSTRAINT_PARAMS", (None,))[0], _ParameterList):
            shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
                _ParameterList(list(ALL_CONSTRAINT_PARAMETERS)), CONSTRAINT_PARAMETERS_MAP)


_COMPILED: dict[int, tuple[Graph, ShapesGraph]] = {}


def _compiled(shapes: Graph) -> ShapesGraph:
    """``shapes`` as a :class:`ShapesGraph` (itself if it is one; else a memoising copy, kept for
    the last few graphs given, by identity)."""
    if isinstance(shapes, ShapesGraph):
        return shapes
    hit = _COMPILED.get(id(shapes))
    if hit is not None and hit[0] is shapes:
        return hit[1]
    compiled = ShapesGraph.of(shapes)
    if len(_COMPILED) >= 8:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[id(shapes)] = (shapes, compiled)  # the reference keeps id(shapes) from being reused
    return compiled


@functools.lru_cache(maxsize=8)
def _load_shapes(path: Path, mtime_ns: int) -> Graph:
    graph = ShapesGraph()
    try:
        graph.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
    except Exception as exc:  # rdflib raises parser-specific types (BadSyntax, ParserError, …)
        raise ValidationError("shapes file is not valid RDF", path=str(path), reason=str(exc)) from exc
    if not any(graph.subjects(RDF.type, SH.NodeShape)) and not any(
        graph.subjects(RDF.type, SH.PropertyShape)
    ):
        raise ValidationError("shapes file declares no sh:NodeShape or sh:PropertyShape", path=str(path))
    return graph


def validate(
    data_graph: Graph | ox.Store,
    shapes_graph: Graph | None = None,
    ontology_graph: Graph | None = None,
) -> ValidationReport:
    """Validate ``data_graph`` against the shapes (SHACL §3).

    ``data_graph`` is a Graph, a Dataset (its union; not modified) or a pyoxigraph Store (its union:
    what was loaded, after pyoxigraph canonicalised the literals).

    ``shapes_graph`` defaults to ``ontology/shapes.ttl``. ``ontology_graph`` is mixed into a copy
    of the data before validation (pySHACL ``ont_graph``); the mapping needs none (it writes the
    types the shapes target), and it costs a clone of the data graph.

    Returns a report whatever the data; raises :class:`ValidationError` only when the shapes are
    unusable (a constraint pySHACL cannot load).
    """
    import pyshacl  # imported here: a quarter of the start-up time of commands that never call it
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    shapes = shapes_graph if shapes_graph is not None else load_shapes()
    articles = _article_ids(data_graph)
    data = _plain(data_graph)
    _fast_parameter_lookup()
    try:
        conforms, report_graph, text = pyshacl.validate(
            data,
            shacl_graph=_compiled(shapes),
            ont_graph=ontology_graph,
            inference="none",
            allow_warnings=True,
            advanced=False,
        )
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        raise ValidationError("shapes graph is unusable", reason=str(exc)) from exc
    results = list(results_from_graph(report_graph, articles))
    native = evidence_results(_union(data), shapes, articles)
    if native:
        text = f"{text}\n" + "\n".join(r.line() for r in native)
    return ValidationReport(
        conforms=bool(conforms) and not native,
        results=sort_results(results + native),
        text=str(text),
    )


def _plain(data: Graph | ox.Store) -> Graph | ox.Store:
    """What pySHACL validates: a Dataset becomes its one non-empty graph, or a copy of its union.

    A plain Graph validates ~2x faster than a Dataset union, and pySHACL's union access goes
    through rdflib APIs that rdflib 7.6 deprecates (warnings are errors in the tests).
    """
    if not isinstance(data, Dataset):
        return data
    non_empty = [g for g in data.graphs() if len(g)]
    if len(non_empty) == 1:
        return non_empty[0]
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _union(data: Graph | ox.Store) -> Graph:
    """All triples of ``data`` in one rdflib Graph (a Graph is returned as is)."""
    if isinstance(data, ox.Store):
        return from_oxigraph_union(data.quads_for_pattern(None, None, None, None))
    return data


def _article_ids(data: Graph | ox.Store) -> dict[Node, str]:
    """Map each subject to the id of the article whose graph holds it (first article wins).

    A Dataset or Store maps per named graph; a plain graph maps everything to its article if it
    holds exactly one.
    """
    if isinstance(data, ox.Store):
        return _store_article_ids(data)
    graphs = list(data.graphs()) if isinstance(data, Dataset) else [data]
    owner: dict[Node, str] = {}
    for g in graphs:
        ids = {str(i) for a in g.subjects(RDF.type, KG.Article) for i in g.objects(a, SCHEMA.identifier)}
        if len(ids) != 1:
            continue
        (article_id,) = ids
        for s in g.subjects(unique=True):
            owner.setdefault(s, article_id)
    return owner


def _store_article_ids(store: ox.Store) -> dict[Node, str]:
    owner: dict[Node, str] = {}
    type_, article, identifier = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Article)), ox.NamedNode(
        str(SCHEMA.identifier)
    )
    for q in store.quads_for_pattern(None, type_, article, None):
        ids = {i.object.value for i in store.quads_for_pattern(q.subject, identifier, None, q.graph_name)}
        if len(ids) != 1:
            continue
        (article_id,) = ids
        for t in store.quads_for_pattern(None, None, None, q.graph_name):
            if isinstance(t.subject, ox.NamedNode):
                owner.setdefault(URIRef(t.subject.value), article_id)
    return owner
