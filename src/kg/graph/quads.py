"""pyoxigraph terms for the vocabularies, and rdflib terms ⇄ pyoxigraph terms.

The mapping (:mod:`kg.graph.mapping`) writes pyoxigraph terms directly; :class:`OxTerms` makes
the NamedNode of each vocabulary term once (``OxTerms(KG).Statement``), checked against the closed
rdflib namespaces of :mod:`kg.vocab`, so a typo still raises instead of minting a wrong IRI.

The rdflib conversion is term by term (no serialise/parse round trip); lexical forms are passed
through unchanged and pyoxigraph canonicalises them on insertion (``xsd:int`` → ``xsd:integer``,
``"1.50"`` → ``"1.5"``), which is why the mapping writes canonical forms to begin with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import GraphError
from kg.vocab import XSD, bind_prefixes

_XSD_STRING = str(XSD.string)


class OxTerms:
    """The terms of one vocabulary (an rdflib namespace of :mod:`kg.vocab`) as pyoxigraph NamedNodes.

    Each term is looked up in the rdflib namespace on first use (closed namespaces raise
    ``AttributeError`` for a name the vocabulary lacks) and kept as an attribute, so later uses
    cost an attribute read instead of an IRI parse.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):  # not a term: copy/pickle probing for special attributes
            raise AttributeError(name)
        node = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node


def to_oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib subject/predicate/object term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))  # a plain literal is an xsd:string (RDF 1.1 §3.3)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise GraphError("cannot convert RDF term to pyoxigraph", term=repr(term))


def to_oxigraph_graph_name(name: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if name is None or name == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(name, URIRef):
        return ox.NamedNode(str(name))
    if isinstance(name, BNode):
        return ox.BlankNode(str(name))
    raise GraphError("cannot convert graph name to pyoxigraph", graph=repr(name))


def to_oxigraph_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of ``dataset`` (named graphs and default graph) as pyoxigraph quads."""
    quads: list[ox.Quad] = []
    names: dict[Node | None, ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        if name not in names:
            names[name] = to_oxigraph_graph_name(name)
        quads.append(
            ox.Quad(
                to_oxigraph_term(s),  # type: ignore[arg-type]
                to_oxigraph_term(p),  # type: ignore[arg-type]
                to_oxigraph_term(o),
                names[name],
            )
        )
    return quads


def from_oxigraph_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """Convert one pyoxigraph term back to rdflib; ``xsd:string`` literals become plain literals.

    RDF 1.1 makes ``"x"`` and ``"x"^^xsd:string`` one term, but rdflib compares them unequal, and
    the mapping writes plain literals: reading them back plain keeps graphs comparable.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise GraphError("cannot convert pyoxigraph term to rdflib", term=repr(term))


def from_oxigraph_quads(quads: Iterable[ox.Quad]) -> Dataset:
    """pyoxigraph quads (e.g. ``store.quads_for_pattern(None, None, None, None)``) as an rdflib Dataset."""
    dataset = Dataset()
    bind_prefixes(dataset)
    graphs: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, Graph] = {}
    term = _cached_conversion()
    for q in quads:
        name = q.graph_name
        if name not in graphs:
            graphs[name] = (
                dataset.default_graph
                if isinstance(name, ox.DefaultGraph)
                else dataset.graph(from_oxigraph_term(name))  # type: ignore[arg-type]
            )
        graphs[name].add((term(q.subject), term(q.predicate), term(q.object)))  # type: ignore[arg-type]
    return dataset


def from_oxigraph_union(quads: Iterable[ox.Quad]) -> Graph:
    """pyoxigraph quads merged into one rdflib Graph (the union of their graphs)."""
    graph = Graph()
    bind_prefixes(graph)
    term = _cached_conversion()
    for q in quads:
        graph.add((term(q.subject), term(q.predicate), term(q.object)))  # type: ignore[arg-type]
    return graph


def _cached_conversion() -> Callable[[ox.NamedNode | ox.BlankNode | ox.Literal], URIRef | BNode | Literal]:
    """:func:`from_oxigraph_term` remembering its results: in an article graph a subject recurs
    ~10 times and a predicate hundreds, and an rdflib term costs microseconds to make."""
    cache: dict[ox.NamedNode | ox.BlankNode | ox.Literal, URIRef | BNode | Literal] = {}

    def convert(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
        found = cache.get(term)
        if found is None:
            found = cache[term] = from_oxigraph_term(term)
        return found

    return convert
