"""SHACL compiled to SPARQL, run over a batch of article graphs in one in-memory pyoxigraph store.

:func:`kg.validate.validate` runs pySHACL over one article at a time (~120–160 ms per article, most
of the build). This module gives the same verdicts (same ``conforms``, same results: focus node,
path, value, severity, source shape, constraint component, message, article id) for a batch:

- :func:`compile_shapes` turns a shapes file (W3C SHACL §2–§4 as pySHACL implements it) into SPARQL
  SELECT queries ("branches"), each returning the violating (check, graph, focus node, value)
  rows of one constraint (value checks on one predicate of the same focus nodes share a branch).
  A shapes file using a construct this compiler does not translate raises :class:`NotCompiled`
  (a :class:`~kg.errors.ValidationError`) naming the shape and the construct: nothing is skipped
  (the build then validates with pySHACL, see :class:`kg.pipeline._Worker`).
- :func:`validate_batch` loads every article's quads into one store, one named graph per article,
  and runs each query once for the whole batch: every data access is ``GRAPH ?g { … }``, so an
  article never sees another article's triples.

Where pySHACL's answer depends on rdflib's view of a literal (ill-typed literals for
``sh:datatype``, rdflib's ordering for ``sh:minInclusive`` / ``sh:lessThan``, Python ``re`` for
``sh:pattern``, rdflib term equality for literals in ``sh:in``), the query only pre-selects the
candidate rows (those SPARQL cannot clear exactly) and Python decides each candidate as pySHACL
does, on the rdflib term :func:`kg.graph.quads.from_oxigraph_term` gives. (For ``sh:pattern`` a
value the SPARQL regex matches is cleared: Rust's and Python's regex agree on the patterns of
ontology/shapes.ttl.) An article with a literal pyoxigraph would rewrite when storing it
(``"01"^^xsd:integer``, ``xsd:double``…; the mapping writes none) is validated by pySHACL itself.
The evidence constraint ``kgsh:Article-evidenceMatchesText`` (deactivated for pySHACL, checked
natively by :mod:`kg.validate.evidence`) is one more branch with the native check's semantics.

Cost (2 shared cores, CPU time): ~25–30 ms per article in batches of 8–32 against ~150 ms for
pySHACL; pyoxigraph spends ~2 µs per quad loading and ~0.5–2 µs per intermediate row.
tests/test_validate_compiled.py compares every verdict with :func:`kg.validate.validate`.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import ValidationError
from kg.graph.quads import from_oxigraph_quads, from_oxigraph_term
from kg.validate.evidence import CONSTRAINT as EVIDENCE_CONSTRAINT
from kg.validate.report import ValidationReport, ValidationResult, path_text, sort_results
from kg.validate.shacl import DEFAULT_SHAPES, load_shapes, shapes_file, validate
from kg.vocab import KG, RDF, RDFS, SCHEMA, SH, XSD, bind_prefixes

__all__ = ["CompiledShapes", "NotCompiled", "compile_shapes", "validate_batch"]

#: Default-graph triple ``<g> MARK <g>`` naming each article graph of a batch (targets by
#: ``sh:targetNode`` need a graph to be evaluated in without reading any data triple).
MARK = "urn:kg:validate:graph"
_BATCH_GRAPH = "urn:kg:validate:batch:"
#: Stands for ``rdf:type/rdfs:subClassOf*`` (SHACL instance, §1.5) in compiled branches: the query
#: for a batch whose data holds no ``rdfs:subClassOf`` uses plain ``rdf:type`` (the same answers;
#: pyoxigraph evaluates the closure for every typed node otherwise).
_INSTANCE_OF = "<urn:kg:validate:instance-of>"

# SHACL §4 core constraint parameters that this compiler translates (others raise).
_SUPPORTED = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH.languageIn,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.node,
    SH["or"],
    SH.property,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH["in"],
    SH.hasValue,
    SH.sparql,
}
# Predicates a shape may carry that constrain nothing (or are read with their constraint).
_NEUTRAL = {
    RDF.type,
    SH.path,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.order,
    SH.group,
    SH.defaultValue,
    RDFS.label,
    RDFS.comment,
    SH.declare,
    SH.prefixes,
}
_ALLOWED_SEVERITIES = {SH.Warning, SH.Info}
_INTEGER_TYPES = (
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
)
#: Lexical forms that pyoxigraph writes for valid literals of these types and rdflib reads as
#: well-typed values of the Python type pySHACL expects (anything else goes to the Python check).
_CANONICAL = {
    XSD.integer: r"^-?(0|[1-9][0-9]*)$",
    XSD.decimal: r"^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$",
    # years 1–9999 (Python's date), and a day that exists (checked by the cast in _canonical)
    XSD.date: r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
    r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
}


# -- the compiled form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Check:
    """What one UNION branch reports: the fields of its results, and (if SPARQL only pre-selects
    candidates) the Python test that decides each candidate (``confirm(value, extra) -> violated``)."""

    shape: str
    path: str | None
    component: str
    severity: str
    allowed: bool  # severity does not break conformance (sh:Warning / sh:Info)
    message: str
    reports_value: bool
    confirm: Callable[[Node | None, Node | None], bool] | None = None
    generic: Node | None = None  # the shape, when it has no sh:message (pySHACL's generic message)


@dataclass(frozen=True)
class CompiledShapes:
    """A shapes file compiled to one SPARQL query (see the module doc) and what each branch means."""

    branches: tuple[str, ...]
    checks: tuple[_Check, ...]
    shapes: Graph = field(compare=False, repr=False)

    def queries(self, subclasses: bool) -> tuple[str, ...]:
        """The SELECT queries to run: one per branch (each is small; pyoxigraph plans a single
        UNION of them all worse). ``subclasses``: the data holds ``rdfs:subClassOf`` triples."""
        return self._queries[subclasses]

    @functools.cached_property
    def _queries(self) -> dict[bool, tuple[str, ...]]:
        instance = {True: f"<{RDF.type}>/<{RDFS.subClassOf}>*", False: f"<{RDF.type}>"}
        return {
            sub: tuple(
                f"SELECT DISTINCT ?k ?g ?this ?value ?x WHERE {{ {b} }}".replace(_INSTANCE_OF, path)
                for b in self.branches
            )
            for sub, path in instance.items()
        }

    def validate_batch(
        self, articles: Iterable[tuple[str, Sequence[ox.Quad]]]
    ) -> dict[str, ValidationReport]:
        """Validate each (key, quads) as pySHACL validates the union of those quads alone.

        The quads of one item are one article's dataset (its named graph and what it adds to the
        shared graph). Keys must be unique. Returns a report for every key, in input order.
        """
        store = ox.Store()
        mark = ox.NamedNode(MARK)
        keys: dict[ox.NamedNode, str] = {}
        quads_of: dict[str, Sequence[ox.Quad]] = {}
        fallback: dict[str, ValidationReport] = {}
        order: list[str] = []  # keys, in input order
        renamed: set[str] = set()
        inspected = []
        for key, quads in articles:
            if key in order:  # (batches are tens of articles)
                raise ValueError(f"validate_batch: duplicate article key {key!r}")
            order.append(key)
            as_is, names = _inspect(quads)
            if not as_is:
                fallback[key] = validate(from_oxigraph_quads(quads), self.shapes)
                continue
            inspected.append((key, quads, names))
        users: dict[object, int] = {}
        for _, _, names in inspected:
            for name in names:
                users[name] = users.get(name, 0) + 1
        for key, quads, names in inspected:
            quads_of[key] = quads
            # The article's graph: its largest named graph no other item uses (else a new one);
            # quads in other graphs (e.g. what it adds to the shared graph) are copied into it.
            own = [n for n in names if isinstance(n, ox.NamedNode) and users[n] == 1]
            graph = max(own, key=names.__getitem__) if own else ox.NamedNode(f"{_BATCH_GRAPH}{len(quads_of)}")
            if len(names) == 1 and own:
                store.extend(quads)
            else:
                store.extend(q for q in quads if q.graph_name == graph)
                store.extend(
                    ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads if q.graph_name != graph
                )
                renamed.add(key)  # article ids need the original graphs (_article_ids)
            keys[graph] = key
            store.add(ox.Quad(graph, mark, graph, ox.DefaultGraph()))
        found: dict[str, list[ValidationResult]] = {key: [] for key in quads_of}
        owners: dict[str, dict[ox.NamedNode | ox.BlankNode, str] | _StoreOwners] = {}
        subclasses = next(store.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None), None)
        rows = (row for query in self.queries(subclasses is not None) for row in store.query(query))  # type: ignore[union-attr]
        for row in rows:
            check = self.checks[int(row["k"].value)]  # type: ignore[union-attr]
            key = keys[row["g"]]  # type: ignore[index]
            focus, value, extra = row["this"], row["value"], row["x"]
            if check.confirm is not None and not check.confirm(_term(value), _term(extra)):
                continue
            if key not in owners:
                owners[key] = _article_ids(quads_of[key]) if key in renamed else _StoreOwners(store, row["g"])  # type: ignore[arg-type]
            owner = owners[key]
            shown = value if check.reports_value else None
            found[key].append(
                ValidationResult(
                    focus_node=_text(focus),
                    path=check.path,
                    message=self._message(check, focus, value),
                    severity=check.severity,
                    source_shape=check.shape,
                    constraint=check.component,
                    value=None if shown is None else _text(shown),
                    article_id=owner.get(focus) or (owner.get(shown) if shown is not None else None),  # type: ignore[arg-type]
                )
            )
        allowed = {c.severity for c in self.checks if c.allowed}
        reports = dict(fallback)
        for key, results in found.items():
            conforms = all(r.severity in allowed for r in results)
            ordered = sort_results(results)
            text = "\n".join([f"Validation Report\nConforms: {conforms}", *(r.line() for r in ordered)])
            reports[key] = ValidationReport(conforms=conforms, results=ordered, text=text)
        return {key: reports[key] for key in order}

    def _message(self, check: _Check, focus: ox.NamedNode | ox.BlankNode | ox.Literal, value: Any) -> str:
        if check.generic is not None:
            shown = value if check.reports_value else None
            return _generic_message(self.shapes, check.generic, check.component, _term(focus), _term(shown))
        if check.component == "SPARQLConstraintComponent":
            return check.message.replace("{?value}", _text(value))
        return check.message


def validate_batch(
    articles: Iterable[tuple[str, Sequence[ox.Quad]]], shapes_path: Path | str = DEFAULT_SHAPES
) -> dict[str, ValidationReport]:
    """Validate a batch of articles (key, quads) against a shapes file.

    See :meth:`CompiledShapes.validate_batch`.
    """
    return compile_shapes(shapes_path).validate_batch(articles)


def compile_shapes(path: Path | str = DEFAULT_SHAPES) -> CompiledShapes:
    """Compile a shapes file once per (path, modification time), like :func:`kg.validate.load_shapes`.

    Raises :class:`ValidationError` if the file cannot be loaded or uses a construct that is not
    compiled (the message names the shape and the construct).
    """
    return _compile_cached(*shapes_file(path))


@functools.lru_cache(maxsize=8)
def _compile_cached(path: Path, mtime_ns: int) -> CompiledShapes:
    """Parsing shapes.ttl with rdflib and compiling it costs ~0.7 s: :func:`kg.cache.cached` keeps
    the result keyed by the file and this package's code (~0.02 s to load)."""
    from kg.cache import cached

    return cached("shapes", [path, Path(__file__).parent, Path(__file__).parents[1] / "graph" / "quads.py"],
                  lambda: _Compiler(load_shapes(path)).compile(), CompiledShapes)


#: Lexical forms pyoxigraph rewrites when it stores a literal (ENDPOINT-NOTES.md "Formats and
#: fidelity"): a valid non-canonical integer, decimal or boolean, a date with a numeric time zone.
_REWRITTEN = {
    f"{XSD}integer": re.compile(r"[+-]?[0-9]+"),
    f"{XSD}decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    f"{XSD}boolean": re.compile(r"[01]"),
    f"{XSD}date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}[+-][0-9]{2}:[0-9]{2}"),
}
_KEPT = {
    f"{XSD}integer": re.compile(r"0|-?[1-9][0-9]*"),
    f"{XSD}decimal": re.compile(r"(0|-?[1-9][0-9]*)(\.[0-9]*[1-9])?|-0\.[0-9]*[1-9]"),
}
#: XSD datatypes whose literals pyoxigraph stores exactly as given.
_VERBATIM = {f"{XSD}string", f"{XSD}anyURI", f"{XSD}integer", f"{XSD}decimal", f"{XSD}boolean", f"{XSD}date"}


def _inspect(quads: Sequence[ox.Quad]) -> tuple[bool, dict[object, int]]:
    """(stored as is, quads per graph name), in one pass.

    Stored as is: pyoxigraph stores every literal of ``quads`` unchanged (same datatype, lexical
    form and language tag), so the store holds the very terms pySHACL sees. The mapping writes only
    such literals; an article with others is validated by pySHACL itself (the compiled checks would
    see, e.g., ``"1"^^xsd:nonNegativeInteger`` as ``"1"^^xsd:integer``).
    """
    xsd, literal = str(XSD), ox.Literal
    names: dict[object, int] = {}
    for q in quads:
        name = q.graph_name
        names[name] = names.get(name, 0) + 1
        o = q.object
        if type(o) is not literal:
            continue
        language = o.language
        if language:
            if language != language.lower():
                return False, names
            continue
        datatype = o.datatype.value
        if not datatype.startswith(xsd):
            continue
        if datatype not in _VERBATIM:
            return False, names
        rewritten = _REWRITTEN.get(datatype)
        if rewritten is not None and rewritten.fullmatch(o.value):
            kept = _KEPT.get(datatype)
            if kept is None or not kept.fullmatch(o.value):
                return False, names
    return True, names


@functools.lru_cache(maxsize=8)
def _pyshacl_shapes(shapes: Graph) -> Any:
    from pyshacl.shapes_graph import ShapesGraph

    graph = ShapesGraph(shapes)
    graph.shapes  # noqa: B018  (builds pySHACL's shape cache)
    return graph


def _generic_message(
    shapes: Graph, shape: Node, component: str, focus: Node | None, value: Node | None
) -> str:
    """The message pySHACL writes for a shape without sh:message (its own ``make_generic_messages``,
    with the prefixes the build's article graphs bind)."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP

    classes = {c.constraint_name(): c for c in CONSTRAINT_PARAMETERS_MAP.values()}
    name = "QualifiedValueShapeConstraintComponent" if component.startswith("Qualified") else component
    data = Graph()
    bind_prefixes(data)
    shape_object = _pyshacl_shapes(shapes).lookup_shape_from_node(shape)
    messages = classes[name](shape_object).make_generic_messages(data, focus, value)
    return "; ".join(sorted(str(m) for m in messages)) or "constraint not satisfied"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    return None if term is None else from_oxigraph_term(term)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """What ``str()`` of the rdflib term gives (the report's text for a node)."""
    return term.value if not isinstance(term, ox.Literal) else str(from_oxigraph_term(term))


class _StoreOwners:
    """``_article_ids`` for an article loaded as its one named graph, read from the store: the
    article id if the graph holds exactly one, for any node that is a subject in the graph."""

    def __init__(self, store: ox.Store, graph: ox.NamedNode) -> None:
        self.store, self.graph = store, graph
        query = (
            f"SELECT DISTINCT ?id WHERE {{ GRAPH {graph} {{ ?a <{RDF.type}> <{KG.Article}> ; "
            f"<{SCHEMA.identifier}> ?id }} }}"
        )
        ids = {row["id"].value for row in store.query(query)}  # type: ignore[union-attr,index]
        self.article_id = next(iter(ids)) if len(ids) == 1 else None

    def get(self, term: object) -> str | None:
        if self.article_id is None or not isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return None
        found = next(self.store.quads_for_pattern(term, None, None, self.graph), None)
        return self.article_id if found is not None else None


def _article_ids(quads: Sequence[ox.Quad]) -> dict[ox.NamedNode | ox.BlankNode, str]:
    """kg.validate.shacl's ``_article_ids`` for a Dataset: per graph holding exactly one article
    identifier, every subject of that graph → the identifier (first graph wins)."""
    type_, article, identifier = (
        ox.NamedNode(str(RDF.type)),
        ox.NamedNode(str(KG.Article)),
        ox.NamedNode(str(SCHEMA.identifier)),
    )
    by_graph: dict[object, list[ox.Quad]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    owner: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for graph_quads in by_graph.values():
        articles = {q.subject for q in graph_quads if q.predicate == type_ and q.object == article}
        ids = {q.object.value for q in graph_quads if q.predicate == identifier and q.subject in articles}
        if len(ids) != 1:
            continue
        (article_id,) = ids
        for q in graph_quads:
            owner.setdefault(q.subject, article_id)  # type: ignore[arg-type]
    return owner


# -- the compiler ------------------------------------------------------------------------------------


def _n3(term: Node) -> str:
    """A term in SPARQL syntax (IRIs and literals; blank nodes cannot be written in a query)."""
    if isinstance(term, URIRef):
        if re.search(r'[<>"{}|^`\\\s]', str(term)):
            raise ValueError(f"IRI cannot be written in SPARQL: {term}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^{_n3(term.datatype)}' if term.datatype else f'"{text}"'
    raise ValueError(f"cannot write {term!r} in a query")


class _Unsupported(Exception):
    """Internal: a construct this compiler does not translate (becomes :class:`NotCompiled`)."""


class NotCompiled(ValidationError):
    """The shapes use a construct this compiler does not translate (the message names the shape
    and the construct). The shapes may still be valid SHACL: :func:`kg.validate.validate`
    (pySHACL) checks them, only slower."""


@contextlib.contextmanager
def _translating(shape: str) -> Iterator[None]:
    """Turn an untranslatable construct met while compiling ``shape`` into :class:`NotCompiled`."""
    try:
        yield
    except _Unsupported as exc:
        raise NotCompiled("shapes use a construct the SPARQL compiler does not translate", shape=shape,
                          construct=str(exc)) from None


@dataclass(frozen=True)
class _Shape:
    node: Node
    path: Node | None  # None for a node shape


@dataclass
class _Group:
    """The value checks on predicate paths (``sh:path <p>``) of focus nodes found by one target
    pattern: one branch per predicate instead of one per check (pyoxigraph's cost is per
    intermediate row; a single branch for all predicates, dispatching on the check, cost more)."""

    focus: str
    values: list[tuple[int, str, str]] = field(default_factory=list)

    def branches(self) -> list[str]:
        out = []
        by_predicate: dict[str, list[tuple[int, str]]] = {}
        for k, p, condition in self.values:
            by_predicate.setdefault(p, []).append((k, condition))
        for p, checks in by_predicate.items():  # one scan per predicate: a long dispatch costs more
            ks = " ".join(str(k) for k, _ in checks)
            dispatch = " || ".join(f"(?k = {k} && ({condition}))" for k, condition in checks)
            out.append(
                f"{self.focus} GRAPH ?g {{ ?this {p} ?value }} VALUES ?k {{ {ks} }} FILTER({dispatch})"
            )
        return out


class _Compiler:
    """Builds the UNION branches; see the module doc. One instance per shapes graph."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.branches: list[str] = []
        self.checks: list[_Check] = []
        self.fresh = 0
        self.property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
        self.groups: dict[str, _Group] = {}

    # - entry -

    def compile(self) -> CompiledShapes:
        for node in sorted(self._shapes(), key=str):
            shape = self._shape(node)
            targets = self._targets(node)
            if not targets or self._deactivated(node):
                continue
            with _translating(str(node)):
                self._compile_shape(shape, lambda v, t=targets: self._focus(t, v))  # type: ignore[misc]
        with _translating(str(EVIDENCE_CONSTRAINT)):
            self._evidence()
        for group in self.groups.values():
            self.branches.extend(group.branches())
        compiled = CompiledShapes(branches=tuple(self.branches), checks=tuple(self.checks), shapes=self.g)
        for query in compiled.queries(True):
            try:
                list(ox.Store().query(query))  # type: ignore[arg-type]
            except (SyntaxError, OSError, ValueError) as exc:  # e.g. a regex pyoxigraph rejects
                raise ValidationError("compiled shapes query is not valid SPARQL", reason=str(exc)) from exc
        return compiled

    # - shapes and targets (pySHACL ShapesGraph._build_node_shape_cache, Shape.focus_nodes) -

    def _shapes(self) -> set[Node]:
        g = self.g
        found = set(g.subjects(RDF.type, SH.NodeShape)) | self.property_shapes
        for p in (
            SH.targetClass,
            SH.targetNode,
            SH.targetObjectsOf,
            SH.targetSubjectsOf,
            SH.property,
            SH.node,
        ):
            found |= set(g.subjects(p, None))
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            found |= set(g.objects(None, p))
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in g.objects(None, p):
                found |= set(g.items(lst))
        return found

    def _shape(self, node: Node) -> _Shape:
        paths = list(self.g.objects(node, SH.path))
        if len(paths) > 1:
            raise ValidationError("a shape has more than one sh:path", shape=str(node))
        if (node, RDF.type, SH.NodeShape) in self.g and paths:
            raise ValidationError("a sh:NodeShape has a sh:path", shape=str(node))
        if node in self.property_shapes and not paths:
            raise ValidationError("a sh:PropertyShape has no sh:path", shape=str(node))
        return _Shape(node, paths[0] if paths else None)

    def _deactivated(self, node: Node) -> bool:
        values = list(self.g.objects(node, SH.deactivated))
        if len(values) > 1:
            raise ValidationError("a shape has more than one sh:deactivated", shape=str(node))
        return bool(values) and bool(getattr(values[0], "value", False))

    def _targets(self, node: Node) -> list[str]:
        """SPARQL alternatives binding ``?this`` (and ``?g``) to the shape's focus nodes."""
        g = self.g
        out = []
        classes = set(g.objects(node, SH.targetClass))
        class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(t in class_types for t in g.objects(node, RDF.type)):
            classes.add(node)  # implicit class target (SHACL §2.1.3.3)
        for c in sorted(classes, key=str):
            out.append(f"GRAPH ?g {{ ?this {_INSTANCE_OF} {self._iri(node, c)} }}")
        nodes = list(g.objects(node, SH.targetNode))
        plain = {(str(n), n.language) for n in nodes if isinstance(n, Literal) and n.datatype is None}
        for n in sorted(nodes, key=str):
            if isinstance(n, BNode):
                raise NotCompiled("compiled shapes cannot target a blank node", shape=str(node))
            if isinstance(n, Literal) and n.datatype == XSD.string:
                # rdflib tells "x"^^xsd:string from the plain "x" that data literals become; as a
                # focus it has no value nodes, so only constraints on the focus itself could report.
                if (str(n), None) not in plain and not self._only_per_value(node):
                    raise NotCompiled(
                        'compiled shapes: sh:targetNode "…"^^xsd:string with a '
                        "constraint on the focus node itself",
                        shape=str(node),
                    )
                continue
            out.append(f"?g <{MARK}> ?g . VALUES ?this {{ {_n3(n)} }}")
        for p in sorted(g.objects(node, SH.targetSubjectsOf), key=str):
            out.append(f"GRAPH ?g {{ ?this {self._iri(node, p)} [] }}")
        for p in sorted(g.objects(node, SH.targetObjectsOf), key=str):
            out.append(f"GRAPH ?g {{ [] {self._iri(node, p)} ?this }}")
        return out

    def _only_per_value(self, node: Node) -> bool:
        """True if a shape (a node shape with property shapes only) reports nothing for a focus
        node that has no value nodes."""
        own = {p for p in self.g.predicates(node) if p in _SUPPORTED} - {SH.property}
        if own:
            return False
        for prop in self.g.objects(node, SH.property):
            params = {p: o for p, o in self.g.predicate_objects(prop)}
            if params.get(SH.minCount, Literal(0)).value or SH.hasValue in params or SH.equals in params:
                return False
            if params.get(SH.qualifiedMinCount, Literal(0)).value or SH.property in params:
                return False
        return True

    def _focus(self, targets: list[str], var: str) -> str:
        if len(targets) == 1:
            return targets[0].replace("?this", var)
        return " UNION ".join(f"{{ {t} }}" for t in targets).replace("?this", var)

    # - one shape -

    def _compile_shape(self, shape: _Shape, focus: Callable[[str], str]) -> None:
        """Add the branches of ``shape`` for the focus nodes ``focus(var)`` binds to ``var``."""
        g, node = self.g, shape.node
        if self._deactivated(node):
            return
        for p in set(g.predicates(node)):
            if p not in _SUPPORTED and p not in _NEUTRAL and str(p).startswith(str(SH)):
                raise _Unsupported(f"sh:{str(p)[len(str(SH)) :]}")
        severities = list(g.objects(node, SH.severity))
        if len(severities) > 1:
            raise _Unsupported("more than one sh:severity")
        severity = severities[0] if severities else SH.Violation
        messages = sorted(str(m) for m in g.objects(node, SH.message))
        path = path_text(g, shape.path)
        path_sparql = self._path(node, shape.path) if shape.path is not None else None

        def values(this: str, value: str) -> str:
            """The value nodes of ``this`` bound to ``value`` (SHACL §2.3)."""
            if shape.path is None:
                return f"BIND({this} AS {value})"
            return f"GRAPH ?g {{ {self._path_pattern(node, shape.path, this, value)} }}"

        def check(
            component: str,
            *,
            reports_value: bool = True,
            confirm: Callable[[Node | None, Node | None], bool] | None = None,
        ) -> int:
            self.checks.append(
                _Check(
                    shape=str(node),
                    path=path,
                    component=component,
                    severity=_local(str(severity)),
                    allowed=severity in _ALLOWED_SEVERITIES,
                    message="; ".join(messages),
                    reports_value=reports_value,
                    confirm=confirm,
                    generic=None if messages else node,
                )
            )
            return len(self.checks) - 1

        grouped = isinstance(shape.path, URIRef)  # checks on one predicate share a scan (_grouped)

        def per_value(
            component: str, condition: str, confirm: Callable[[Node | None, Node | None], bool] | None = None
        ) -> None:
            if grouped:
                k = check(component, confirm=confirm)
                self._group(focus).values.append((k, _n3(shape.path), condition))  # type: ignore[arg-type]
                return
            self.branches.append(
                f"{focus('?this')} {values('?this', '?value')} FILTER({condition}) "
                f"BIND({check(component, confirm=confirm)} AS ?k)"
            )

        def count(component: str, low: int | None, high: int | None) -> None:
            """sh:minCount / sh:maxCount (one branch each; grouping them cost more, measured)."""
            k = check(component, reports_value=False)
            if low == 1:  # focus nodes without a value
                self.branches.append(f"{focus('?this')} MINUS {{ {values('?this', '?v0')} }} BIND({k} AS ?k)")
            elif low is not None:
                self.branches.append(
                    f"{{ SELECT ?g ?this (COUNT(DISTINCT ?v0) AS ?n) WHERE {{ {focus('?this')} "
                    f"OPTIONAL {{ {values('?this', '?v0')} }} }} GROUP BY ?g ?this }} "
                    f"FILTER(?n < {low}) BIND({k} AS ?k)"
                )
            else:  # nodes with too many values first (few), then whether they are focus nodes
                self.branches.append(
                    f"{{ SELECT ?g ?this WHERE {{ {values('?this', '?v0')} }} GROUP BY ?g ?this "
                    f"HAVING(COUNT(DISTINCT ?v0) > {high}) }} {focus('?this')} BIND({k} AS ?k)"
                )

        def one(p: Node) -> Node:
            found = list(g.objects(node, p))
            if len(found) != 1:
                raise _Unsupported(f"{len(found)} values of {_local(str(p))}")
            return found[0]

        for p in sorted(set(g.predicates(node)), key=str):
            if p == SH.minCount:
                m = _count(node, one(p))
                if path_sparql is None:
                    raise _Unsupported("sh:minCount on a node shape")
                if m > 0:
                    count("MinCountConstraintComponent", m, None)
            elif p == SH.maxCount:
                m = _count(node, one(p))
                if path_sparql is None:
                    raise _Unsupported("sh:maxCount on a node shape")
                count("MaxCountConstraintComponent", None, m)
            elif p == SH["class"]:
                for c in sorted(g.objects(node, p), key=str):
                    self.branches.append(
                        f"{focus('?this')} {values('?this', '?value')} "
                        f"MINUS {{ GRAPH ?g {{ ?value {_INSTANCE_OF} {self._iri(node, c)} }} }} "
                        f"BIND({check('ClassConstraintComponent')} AS ?k)"
                    )
            elif p == SH.nodeKind:
                per_value("NodeKindConstraintComponent", f"!({self._node_kind(one(p), '?value')})")
            elif p == SH.datatype:
                dt = one(p)
                per_value(
                    "DatatypeConstraintComponent",
                    self._datatype_candidate(node, dt, "?value"),
                    partial(_datatype_violated, dt),
                )
            elif p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
                bound = one(p)
                if not isinstance(bound, Literal):
                    raise _Unsupported(f"non-literal {_local(str(p))}")
                op = {
                    SH.minInclusive: ">=",
                    SH.maxInclusive: "<=",
                    SH.minExclusive: ">",
                    SH.maxExclusive: "<",
                }[p]
                clear = (
                    f"isLiteral(?value) && datatype(?value) IN (<{XSD.integer}>, <{XSD.decimal}>) && "
                    f"{self._canonical('?value')} && COALESCE(?value {op} {_n3(bound)}, false)"
                )
                name = _local(str(p))
                per_value(
                    f"{name[0].upper()}{name[1:]}ConstraintComponent",
                    f"!({clear})",
                    partial(_range_violated, op, bound),
                )
            elif p in (SH.minLength, SH.maxLength):
                m = one(p)
                if not isinstance(m, Literal) or not isinstance(m.value, int) or m.value < 0:
                    raise _Unsupported(f"{_local(str(p))} that is not a non-negative integer")
                if p == SH.minLength and m.value == 0:
                    continue
                op = ">=" if p == SH.minLength else "<="
                name = "MinLengthConstraintComponent" if p == SH.minLength else "MaxLengthConstraintComponent"
                per_value(name, f"isBlank(?value) || !(STRLEN(STR(?value)) {op} {m.value})")
            elif p == SH.pattern:
                pattern, flags = self._pattern(node)
                sparql_flags = "".join(f for f in "im" if f in flags)
                regex = f'REGEX(STR(?value), {_n3(Literal(pattern))}, "{sparql_flags}")'
                condition = f"isBlank(?value) || !COALESCE({regex}, false)"
                per_value(
                    "PatternConstraintComponent",
                    condition,
                    partial(_pattern_violated, re.compile(pattern, _re_flags(flags))),
                )
            elif p == SH.flags:
                continue  # read with sh:pattern
            elif p == SH.languageIn:
                per_value("LanguageInConstraintComponent", f"!({self._language_in(node, one(p), '?value')})")
            elif p == SH.uniqueLang:
                if one(p) != Literal(True):
                    raise _Unsupported("sh:uniqueLang other than true")
                if path_sparql is None:
                    raise _Unsupported("sh:uniqueLang on a node shape")
                self.branches.append(
                    f"{{ SELECT ?g ?this ?x WHERE {{ {focus('?this')} {values('?this', '?v0')} "
                    f'FILTER(isLiteral(?v0) && LANG(?v0) != "") }} '
                    f"GROUP BY ?g ?this (LCASE(LANG(?v0)) AS ?x) "
                    f"HAVING(COUNT(DISTINCT ?v0) > 1) }} "
                    f"BIND({check('UniqueLangConstraintComponent', reports_value=False)} AS ?k)"
                )
            elif p == SH["in"]:
                members = list(g.items(one(p)))
                if any(isinstance(m, BNode) for m in members):
                    raise _Unsupported("a blank node in sh:in")
                same = " || ".join(f"sameTerm(?value, {_n3(m)})" for m in members) or "false"
                literal = any(isinstance(m, Literal) for m in members)
                per_value(
                    "InConstraintComponent",
                    f"!({same})" + (" || isLiteral(?value)" if literal else ""),
                    partial(_not_in, frozenset(members)) if literal else None,
                )
            elif p == SH.hasValue:
                hv = one(p)
                if isinstance(hv, BNode) or (isinstance(hv, Literal) and hv.datatype == XSD.string):
                    raise _Unsupported('sh:hasValue of a blank node or an "…"^^xsd:string literal')
                test = (
                    f"MINUS {{ {values('?this', _n3(hv))} }}"
                    if path_sparql is not None
                    else f"FILTER(!sameTerm(?this, {_n3(hv)}))"
                )
                self.branches.append(
                    f"{focus('?this')} {test} "
                    f"BIND({check('HasValueConstraintComponent', reports_value=False)} AS ?k)"
                )
            elif p in (SH.equals, SH.disjoint):
                for o in _other_properties(g, node, p):
                    if p == SH.disjoint:
                        per_value(
                            "DisjointConstraintComponent", f"EXISTS {{ GRAPH ?g {{ ?this {o} ?value }} }}"
                        )
                        continue
                    k = check("EqualsConstraintComponent")
                    # values missing from the other property, then the other property's extra values
                    extra = (
                        # the focus inside MINUS makes pyoxigraph walk the path from the focus
                        # nodes only (a*-step from every node of every graph otherwise)
                        f"MINUS {{ {focus('?this')} {values('?this', '?value')} }}"
                        if path_sparql is not None
                        else "FILTER(!sameTerm(?value, ?this))"
                    )
                    self.branches.append(
                        f"{{ {focus('?this')} {values('?this', '?value')} "
                        f"MINUS {{ GRAPH ?g {{ ?this {o} ?value }} }} }} UNION "
                        f"{{ {focus('?this')} GRAPH ?g {{ ?this {o} ?value }} {extra} }} BIND({k} AS ?k)"
                    )
            elif p in (SH.lessThan, SH.lessThanOrEquals):
                for o in _other_properties(g, node, p):
                    op = "<" if p == SH.lessThan else "<="
                    clear = (
                        f"isLiteral(?value) && isLiteral(?x) && datatype(?value) = datatype(?x) && "
                        f"datatype(?value) IN (<{XSD.integer}>, <{XSD.decimal}>, <{XSD.date}>) && "
                        f"{self._canonical('?value')} && {self._canonical('?x')} && "
                        f"COALESCE(?value {op} ?x, false)"
                    )
                    name = (
                        "LessThanConstraintComponent"
                        if p == SH.lessThan
                        else "LessThanOrEqualsConstraintComponent"
                    )
                    self.branches.append(
                        f"{focus('?this')} {values('?this', '?value')} GRAPH ?g {{ ?this {o} ?x }} "
                        f"FILTER(!({clear})) "
                        f"BIND({check(name, confirm=partial(_order_violated, op, str(node)))} AS ?k)"
                    )
            elif p == SH.node:
                for other in sorted(g.objects(node, p), key=str):
                    per_value("NodeConstraintComponent", f"!({self._conforms(other, '?value', strict=True)})")
            elif p == SH["or"]:
                for lst in sorted(g.objects(node, p), key=str):
                    parts = [self._conforms(s, "?value", strict=False) for s in g.items(lst)]
                    per_value("OrConstraintComponent", f"!({' || '.join(parts) or 'false'})")
            elif p == SH.qualifiedValueShape:
                self._qualified(node, focus, values, check)
            elif p in (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):
                continue  # read with sh:qualifiedValueShape
            elif p == SH.property:
                for prop in sorted(g.objects(node, p), key=str):
                    child = self._shape(prop)
                    if child.path is None:
                        raise _Unsupported("sh:property pointing to a shape without sh:path")
                    if path_sparql is None:
                        self._compile_shape(child, focus)
                    else:
                        self._compile_shape(child, self._nested_focus(focus, values))
            elif p == SH.sparql:
                for constraint in g.objects(node, p):
                    if constraint == EVIDENCE_CONSTRAINT:
                        continue  # compiled by _evidence, as kg.validate checks it natively
                    if not self._deactivated(constraint):
                        raise _Unsupported("an active sh:sparql constraint")

    def _group(self, focus: Callable[[str], str]) -> _Group:
        key = focus("?this")
        if key not in self.groups:
            self.groups[key] = _Group(key)
        return self.groups[key]

    def _nested_focus(
        self, focus: Callable[[str], str], values: Callable[[str, str], str]
    ) -> Callable[[str], str]:
        parent = self._var()

        def nested(var: str) -> str:
            return f"{focus(parent)} {values(parent, var)}"

        return nested

    def _qualified(
        self,
        node: Node,
        focus: Callable[[str], str],
        values: Callable[[str, str], str],
        check: Callable[..., int],
    ) -> None:
        g = self.g
        if next(g.objects(node, SH.path), None) is None:
            raise _Unsupported("sh:qualifiedValueShape on a node shape")
        disjoint = list(g.objects(node, SH.qualifiedValueShapesDisjoint))
        if any(d.value for d in disjoint if isinstance(d, Literal)):
            raise _Unsupported("sh:qualifiedValueShapesDisjoint true")
        bounds = {}
        for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            found = list(g.objects(node, p))
            if len(found) > 1:
                raise _Unsupported(f"more than one {_local(str(p))}")
            if found:
                if not isinstance(found[0], Literal) or not isinstance(found[0].value, int):
                    raise _Unsupported(f"{_local(str(p))} that is not an integer")
                bounds[p] = found[0].value
        for q in sorted(g.objects(node, SH.qualifiedValueShape), key=str):
            conforms = self._conforms(q, "?v0", strict=False)
            counted = (
                f"{{ SELECT ?g ?this (COUNT(DISTINCT ?v0) AS ?n) WHERE {{ {focus('?this')} "
                f"OPTIONAL {{ {values('?this', '?v0')} FILTER({conforms}) }} }} GROUP BY ?g ?this }}"
            )
            if SH.qualifiedMaxCount in bounds:
                self.branches.append(
                    f"{counted} FILTER(?n > {bounds[SH.qualifiedMaxCount]}) "
                    f"BIND({check('QualifiedMaxCountConstraintComponent', reports_value=False)} AS ?k)"
                )
            if SH.qualifiedMinCount in bounds:
                self.branches.append(
                    f"{counted} FILTER(?n < {bounds[SH.qualifiedMinCount]}) "
                    f"BIND({check('QualifiedMinCountConstraintComponent', reports_value=False)} AS ?k)"
                )

    # - nested shapes as a condition on one node (sh:node, sh:or, sh:qualifiedValueShape) -

    def _conforms(self, node: Node, var: str, *, strict: bool, depth: int = 0) -> str:
        """A SPARQL condition true iff ``var`` conforms to the shape ``node``.

        ``strict``: any result fails (pySHACL's sh:node); else results of sh:Warning / sh:Info
        severity do not (sh:or, sh:qualifiedValueShape): such shapes are not compiled there.
        """
        g = self.g
        if depth > 8:
            raise _Unsupported("shapes nested more than 8 deep")
        if self._deactivated(node):
            return "true"
        shape = self._shape(node)
        if not strict and any(s != SH.Violation for s in g.objects(node, SH.severity)):
            raise _Unsupported("a sh:Warning / sh:Info shape inside sh:or or sh:qualifiedValueShape")
        parts = []
        path = self._path(node, shape.path) if shape.path is not None else None
        for p, o in sorted(g.predicate_objects(node), key=str):
            if p in _NEUTRAL or p in (SH.flags,):
                continue
            if p == SH.property:
                if path is not None:
                    raise _Unsupported("sh:property of a property shape inside sh:node / sh:or")
                parts.append(self._conforms(o, var, strict=strict, depth=depth + 1))
                continue
            if p == SH.node:
                inner = self._var()
                cond = self._conforms(o, inner, strict=strict, depth=depth + 1)
                parts.append(self._each(var, path, inner, f"!({cond})"))
                continue
            if p in (SH.minCount, SH.maxCount):
                if path is None:
                    raise _Unsupported(f"{_local(str(p))} on a node shape")
                m = _count(node, o)
                vs = [self._var() for _ in range(m + (1 if p == SH.maxCount else 0))]
                if not vs:
                    continue
                triples = " ".join(f"GRAPH ?g {{ {var} {path} {v} }}" for v in vs)
                distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1 :])
                pattern = f"{triples} FILTER({distinct or 'true'})"
                parts.append(f"EXISTS {{ {pattern} }}" if p == SH.minCount else f"NOT EXISTS {{ {pattern} }}")
                continue
            inner = self._var()
            if p == SH["class"]:
                failing = self._not_class(inner, node, o)
            elif p == SH.nodeKind:
                failing = f"!({self._node_kind(o, inner)})"
            elif p == SH["in"] and not any(isinstance(m, (Literal, BNode)) for m in g.items(o)):
                failing = f"!({' || '.join(f'sameTerm({inner}, {_n3(m)})' for m in g.items(o)) or 'false'})"
            elif p == SH.languageIn:
                failing = f"!({self._language_in(node, o, inner)})"
            elif p == SH.datatype and o in (XSD.string, RDF.langString):
                failing = self._datatype_candidate(node, o, inner)
            elif p == SH.hasValue and isinstance(o, URIRef):
                if path is None:
                    parts.append(f"sameTerm({var}, {_n3(o)})")
                else:
                    parts.append(f"EXISTS {{ GRAPH ?g {{ {var} {path} {_n3(o)} }} }}")
                continue
            else:
                raise _Unsupported(f"sh:{_local(str(p))} inside sh:node, sh:or or sh:qualifiedValueShape")
            parts.append(self._each(var, path, inner, failing))
        return "(" + " && ".join(parts or ["true"]) + ")"

    def _each(self, var: str, path: str | None, inner: str, failing: str) -> str:
        """No value node of ``var`` (``inner``) satisfies ``failing``."""
        if path is None:
            return f"!({failing.replace(inner, var)})"
        return f"NOT EXISTS {{ GRAPH ?g {{ {var} {path} {inner} }} FILTER({failing}) }}"

    # - pieces -

    def _var(self) -> str:
        self.fresh += 1
        return f"?_{self.fresh}"

    def _iri(self, shape: Node, term: Node) -> str:
        if not isinstance(term, URIRef):
            raise NotCompiled("compiled shapes expect an IRI here", shape=str(shape), value=str(term))
        return _n3(term)

    def _path_pattern(self, shape: Node, path: Node, subject: str, obj: str) -> str:
        """Triple patterns linking ``subject`` to ``obj`` by ``path``: a sequence becomes a chain of
        patterns (pyoxigraph evaluates ``a/b*/c`` from every node of the graph; a chain from the bound
        subject), anything else one path pattern. Same node pairs either way (SHACL §2.3.1)."""
        g = self.g
        if not isinstance(path, URIRef) and g.value(path, RDF.first) is not None:
            steps = list(g.items(path))
            if len(steps) < 2:
                raise _Unsupported("a sequence path with fewer than two steps")
            nodes = [subject, *(self._var() for _ in steps[1:]), obj]
            return " . ".join(
                self._path_pattern(shape, step, nodes[i], nodes[i + 1]) for i, step in enumerate(steps)
            )
        return f"{subject} {self._path(shape, path)} {obj}"

    def _path(self, shape: Node, path: Node) -> str:
        """A SHACL property path (SHACL §2.3.1) as a SPARQL property path."""
        g = self.g
        if isinstance(path, URIRef):
            return _n3(path)
        if g.value(path, RDF.first) is not None:
            steps = [self._path(shape, s) for s in g.items(path)]
            if len(steps) < 2:
                raise _Unsupported("a sequence path with fewer than two steps")
            return "(" + "/".join(steps) + ")"
        for predicate, template in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = g.value(path, predicate)
            if inner is not None:
                return template.format(self._path(shape, inner))
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self._path(shape, s) for s in g.items(alternatives)) + ")"
        raise _Unsupported(f"the path {path}")

    def _not_class(self, var: str, shape: Node, cls: Node) -> str:
        return f"NOT EXISTS {{ GRAPH ?g {{ {var} {_INSTANCE_OF} {self._iri(shape, cls)} }} }}"

    @staticmethod
    def _node_kind(kind: Node, var: str) -> str:
        tests = {
            SH.IRI: f"isIRI({var})",
            SH.BlankNode: f"isBlank({var})",
            SH.Literal: f"isLiteral({var})",
            SH.BlankNodeOrIRI: f"!isLiteral({var})",
            SH.BlankNodeOrLiteral: f"!isIRI({var})",
            SH.IRIOrLiteral: f"!isBlank({var})",
        }
        if kind not in tests:
            raise _Unsupported(f"sh:nodeKind {kind}")
        return tests[kind]

    @staticmethod
    def _canonical(var: str) -> str:
        """``var`` is written as pyoxigraph writes a valid integer / decimal / date (see _CANONICAL)."""
        tests = [f'(datatype({var}) = <{dt}> && REGEX(STR({var}), "{rx}"))' for dt, rx in _CANONICAL.items()]
        tests[-1] = f"({tests[-1]} && COALESCE(<{XSD.date}>(STR({var})) = {var}, false))"  # 2021-02-30
        return "(" + " || ".join(tests) + ")"

    def _datatype_candidate(self, shape: Node, dt: Node, var: str) -> str:
        """True for the values that may fail ``sh:datatype dt`` (exactly those for strings)."""
        if not isinstance(dt, URIRef):
            raise _Unsupported("sh:datatype that is not an IRI")
        if dt == RDF.langString:
            return f'!isLiteral({var}) || LANG({var}) = ""'
        if dt == XSD.string:
            return f"!isLiteral({var}) || datatype({var}) != <{XSD.string}>"
        if dt in _CANONICAL:
            return f"!isLiteral({var}) || datatype({var}) != {_n3(dt)} || !{self._canonical(var)}"
        return "true"  # rdflib's notion of well-typed decides (few values carry other datatypes)

    def _language_in(self, shape: Node, lst: Node, var: str) -> str:
        tags = []
        for tag in self.g.items(lst):
            if not isinstance(tag, Literal) or not isinstance(tag.value, str):
                raise _Unsupported("sh:languageIn with a member that is not a string")
            tags.append(str(tag.value).lower())
        if "*" in tags:
            return f'isLiteral({var}) && LANG({var}) != ""'
        listed = ", ".join(_n3(Literal(t)) for t in tags) or '""'
        return (
            f'isLiteral({var}) && LANG({var}) != "" && (LCASE(LANG({var})) IN ({listed}) || '
            f'LCASE(STRBEFORE(CONCAT(LANG({var}), "-"), "-")) IN ({listed}))'
        )

    def _pattern(self, node: Node) -> tuple[str, str]:
        patterns = list(self.g.objects(node, SH.pattern))
        flags = list(self.g.objects(node, SH.flags))
        if len(patterns) != 1 or len(flags) > 1:
            raise _Unsupported("more than one sh:pattern or sh:flags")
        p = patterns[0]
        pattern = (
            str(p.value) if isinstance(p, Literal) and p.value is not None and len(p.value) > 1 else str(p)
        )
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _Unsupported(f"sh:pattern that Python cannot compile ({exc})") from None
        return pattern, (str(flags[0]).lower() if flags else "")

    def _evidence(self) -> None:
        """The native evidence check (kg.validate.evidence) as one branch, if a shape attaches it."""
        shape = self.g.value(None, SH.sparql, EVIDENCE_CONSTRAINT)
        if shape is None:
            return
        if not self._deactivated(EVIDENCE_CONSTRAINT):
            raise _Unsupported("the evidence constraint active for pySHACL (it is also checked natively)")
        message = str(
            self.g.value(EVIDENCE_CONSTRAINT, SH.message) or "evidence does not match the article text"
        )
        self.checks.append(
            _Check(
                shape=str(shape),
                path=None,
                component="SPARQLConstraintComponent",
                severity="Violation",
                allowed=False,
                message=message,
                reports_value=True,
            )
        )
        # The native check takes an offset whose rdflib value is a Python int: the integer types,
        # and xsd:boolean (a Python bool is an int: true is 1).
        oa, ints = "http://www.w3.org/ns/oa#", ", ".join(f"<{XSD[t]}>" for t in (*_INTEGER_TYPES, "boolean"))
        self.branches.append(
            f"?g <{MARK}> ?g . GRAPH ?g {{ ?this <{RDF.type}> <{KG.Article}> . "
            f"?value <{oa}hasSource> ?this . "
            f"?this <{SCHEMA.text}> ?text . ?value <{oa}hasSelector> ?q . ?q <{oa}exact> ?exact . "
            f"?value <{oa}hasSelector> ?p . ?p <{oa}start> ?start . ?p <{oa}end> ?end . "
            f"FILTER(isLiteral(?start) && isLiteral(?end) && datatype(?start) IN ({ints}) && "
            f"datatype(?end) IN ({ints})) {_as_int('?start', '?s')} {_as_int('?end', '?e')} "
            f"FILTER(COALESCE(0 <= ?s && ?s < ?e, false)) "
            f"FILTER(?e > STRLEN(STR(?text)) || STR(SUBSTR(STR(?text), ?s + 1, ?e - ?s)) != STR(?exact)) }} "
            f"BIND({len(self.checks) - 1} AS ?k)"
        )


def _other_properties(g: Graph, node: Node, parameter: Node) -> Iterable[str]:
    """The properties a shape compares its values with (sh:equals, sh:disjoint, sh:lessThan…), as
    SPARQL IRIs, in a stable order; anything but an IRI is not translated."""
    for other in sorted(g.objects(node, parameter), key=str):
        if not isinstance(other, URIRef):
            raise _Unsupported(f"{_local(str(parameter))} with a non-IRI")
        yield _n3(other)


def _as_int(var: str, out: str) -> str:
    """Bind ``out`` to the integer value of ``var`` (rdflib's reading of an xsd:boolean: "true"/"1" → 1)."""
    return (
        f'BIND(IF(datatype({var}) = <{XSD.boolean}>, IF(STR({var}) IN ("true", "1"), 1, 0), {var}) AS {out})'
    )


# -- the Python side of checks SPARQL cannot decide exactly as pySHACL does -----------------------------


def _datatype_violated(rule: Node, value: Node | None, _extra: Node | None) -> bool:
    """pySHACL DatatypeConstraintComponent.evaluate for one value node."""
    if not isinstance(value, Literal):
        return True
    if value.datatype == rule:
        return value.ill_typed is True or not _actual(value, rule)
    if rule == RDFS.Literal:
        return False
    if rule == RDFS.Datatype and value.datatype:
        return False
    if value.datatype is None and value.language is None and rule == XSD.string:
        return not _actual(value, rule)
    if rule == RDF.langString and value.language:
        return not _actual(value, rule)
    return True


def _actual(value: Literal, rule: Node) -> bool:
    from datetime import date, datetime, time

    python = value.value
    expected = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    return isinstance(python, expected[rule]) if rule in expected else True  # type: ignore[index,arg-type]


def _range_violated(op: str, bound: Literal, value: Node | None, _extra: Node | None) -> bool:
    """pySHACL's sh:min/maxInclusive/Exclusive for one value node (rdflib comparison)."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, Literal):
        return True
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return True
    try:
        cmp = compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return True
    return not {">=": cmp >= 0, "<=": cmp <= 0, ">": cmp > 0, "<": cmp < 0}[op]


def _order_violated(op: str, shape: str, value: Node | None, other: Node | None) -> bool:
    """pySHACL's sh:lessThan / sh:lessThanOrEquals for one (value, other value) pair."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        raise ValidationError("sh:lessThan / sh:lessThanOrEquals cannot compare a blank node", shape=shape)

    def plain(term: Node | None) -> tuple[object, bool]:
        if isinstance(term, URIRef):
            return str(term), True
        if isinstance(term, Literal) and isinstance(term.value, str):
            return term.value, True
        return term, False

    (a, a_str), (b, b_str) = plain(value), plain(other)
    if a_str != b_str:
        return True
    try:
        return not (a < b if op == "<" else a <= b)  # type: ignore[operator]
    except TypeError:
        return True


def _pattern_violated(matcher: re.Pattern[str], value: Node | None, _extra: Node | None) -> bool:
    """pySHACL PatternConstraintComponent for one value node (Python ``re``, search semantics)."""
    if value is None or isinstance(value, BNode):
        return True
    if (
        isinstance(value, Literal)
        and value.value is not None
        and value.datatype in (None, RDF.langString, XSD.string)
    ):
        text = str(value.value)
    else:
        text = str(value)
    return matcher.search(text) is None


def _not_in(members: frozenset[Node], value: Node | None, _extra: Node | None) -> bool:
    return value not in members


def _re_flags(flags: str) -> int:
    return (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)


def _count(shape: Node, value: Node) -> int:
    if (
        not isinstance(value, Literal)
        or value.datatype != XSD.integer
        or not isinstance(value.value, int)
        or value.value < 0
    ):
        raise ValidationError(
            "a cardinality is not a non-negative xsd:integer", shape=str(shape), value=str(value)
        )
    return int(value.value)


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1] or iri
    return iri
