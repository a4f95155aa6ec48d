"""Derived (shortcut) triples: repeat, per article graph, what the named questions compute per row.

The named questions in ``queries/`` sort every statement by its date and group blame by the
states of speaker and target. Computed at query time, that means two OPTIONAL date lookups and
an ORDER BY over every candidate row before any LIMIT (pyoxigraph sorts all rows first, and
ties on a date are broken by comparing IRIs, each comparison a dictionary lookup on disk), and a
``kg:memberOf*/kg:country`` path walk per statement: about 2 s per question at 1M triples. The
triples added here answer both with one predicate scan:

* ``kg:dateOrder`` on every statement and event: one xsd:decimal that sorts as the date
  ``COALESCE(kg:statementDate | kg:eventDate, kg:latestDate)`` (integer part ``yyyymmdd``;
  ``99999999`` when neither is known, so undated sorts last), with a fraction taken from the
  subject IRI's SHA-1 so that two subjects of one day still differ and the order is total and
  stable. Decimals are stored inline by pyoxigraph, so comparing two costs no lookup.
* ``kg:blameOrder`` on every blame statement: its ``kg:dateOrder`` again, under a property of its
  own, so that the blame timeline is one predicate scan instead of a scan joined with the type.
* ``kg:speakerState`` / ``kg:targetState`` on every blame statement: the states reached from the
  speaker (``sem:accordingTo``) or target (``kg:target``) by ``kg:memberOf*/kg:country``, as
  ``ontology/kg.ttl`` records in ``kg:shortcutOf``. Only blame statements carry them, so counting
  blame between two states joins two small scans and never looks at other statements.

Everything is derived from the article's own graph (which describes each actor with its parent
chain and state, see :mod:`kg.graph.mapping`), so the triples live in that graph: a full build,
the reload of one article and a remote store all get them, and they go away with the article.
The source properties stay the authority; these are never written by hand.

:func:`derived_triples` computes them over pyoxigraph triples (what :mod:`kg.graph.mapping`
writes); :func:`add_derived`, :func:`date_order` and :func:`states_of` apply the same computation
to rdflib graphs and terms (hand-written fixture graphs, the tests).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from kg.errors import GraphError
from kg.graph.quads import OxTerms, from_oxigraph_term, to_oxigraph_term
from kg.vocab import KG, RDF, SEM, XSD

#: Integer part of ``kg:dateOrder`` for a subject without any date: after every ``yyyymmdd``.
UNDATED = 99_999_999
#: Hex digits of the SHA-1 used for the fraction (48 bits: at most 15 decimal digits, which with
#: the 8-digit day stays well inside the precision of pyoxigraph's xsd:decimal).
FRACTION_HEX_DIGITS = 12

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

#: The properties this module writes (and nothing else writes).
DERIVED_PROPERTIES = (KG.dateOrder, KG.blameOrder, KG.speakerState, KG.targetState)

#: One triple as pyoxigraph terms (subject, predicate, object).
Subject = ox.NamedNode | ox.BlankNode
Triple = tuple[Subject, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]

_KG, _RDF, _SEM, _XSD = OxTerms(KG), OxTerms(RDF), OxTerms(SEM), OxTerms(XSD)


def derived_triples(triples: Iterable[Triple]) -> list[Triple]:
    """The derived triples (:data:`DERIVED_PROPERTIES`) of one article graph given as ``triples``.

    May repeat a triple that ``triples`` already holds (deriving twice derives the same).
    """
    g = _Index(triples)
    blame = g.subjects_of_type(_KG.BlameStatement)
    out: list[Triple] = []
    for cls, exact in ((_KG.Statement, _KG.statementDate), (_KG.Event, _KG.eventDate)):
        for subject in g.subjects_of_type(cls):
            day = g.value(subject, exact)
            order = _order(subject, day if day is not None else g.value(subject, _KG.latestDate))
            out.append((subject, _KG.dateOrder, order))
            if subject in blame:
                out.append((subject, _KG.blameOrder, order))
    for statement in blame:
        for link, shortcut in ((_SEM.accordingTo, _KG.speakerState), (_KG.target, _KG.targetState)):
            for actor in dict.fromkeys(g.objects(statement, link)):
                for state in _reach_states(actor, g.member_of, g.country):
                    out.append((statement, shortcut, state))  # type: ignore[arg-type]
    return out


class _Index:
    """The few (subject, predicate) → objects lookups the derivation needs, built in one pass."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        wanted = {_RDF.type, _KG.statementDate, _KG.eventDate, _KG.latestDate, _SEM.accordingTo, _KG.target,
                  _KG.country, _KG.memberOf}
        self.by: dict[tuple[ox.NamedNode, Subject], list] = {}
        self.types: dict[ox.NamedNode, dict[Subject, None]] = {}
        type_ = _RDF.type
        for s, p, o in triples:
            if p not in wanted:
                continue
            if p == type_:
                self.types.setdefault(o, {})[s] = None  # type: ignore[index]
            else:
                self.by.setdefault((p, s), []).append(o)

    def subjects_of_type(self, cls: ox.NamedNode) -> dict[Subject, None]:
        """The subjects typed ``cls``, in the order first seen (an ordered set)."""
        return self.types.get(cls, {})

    def objects(self, subject: Subject, predicate: ox.NamedNode) -> list:
        return self.by.get((predicate, subject), [])

    def value(self, subject: Subject, predicate: ox.NamedNode) -> ox.Literal | None:
        found = self.by.get((predicate, subject))
        return found[0] if found else None

    def member_of(self, node: object) -> list:
        return self.by.get((_KG.memberOf, node), [])  # type: ignore[arg-type]

    def country(self, node: object) -> list:
        return self.by.get((_KG.country, node), [])  # type: ignore[arg-type]


def _order(subject: Subject, day: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> ox.Literal:
    """The ``kg:dateOrder`` of ``subject`` dated ``day`` (an xsd:date literal, or None if undated).

    Canonical xsd:decimal form (no trailing zeros), as pyoxigraph stores it, so a graph read back
    from the store is term-for-term the graph written.
    """
    if day is None:
        integer = UNDATED
    else:
        match = _DAY.fullmatch(day.value)
        if match is None or not isinstance(day, ox.Literal) or day.datatype != _XSD.date:
            raise GraphError("a date to order by is not an xsd:date", subject=subject.value, value=day.value)
        integer = int("".join(match.groups()))
    digest = hashlib.sha1(subject.value.encode("utf-8"), usedforsecurity=False).hexdigest()
    fraction = f"{int(digest[:FRACTION_HEX_DIGITS], 16):015d}".rstrip("0")
    return ox.Literal(f"{integer}.{fraction}" if fraction else str(integer), datatype=_XSD.decimal)


def _reach_states(
    actor: object, member_of: Callable[[object], Iterable], country: Callable[[object], Iterable]
) -> set:
    """The nodes ``actor kg:memberOf*/kg:country ?state`` reaches (cycles allowed)."""
    seen: set = set()
    todo = [actor]
    states: set = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        states.update(country(current))
        todo.extend(member_of(current))
    return states


# -- the same over rdflib ----------------------------------------------------------------------


def add_derived(graph: Graph) -> None:
    """Add the derived triples (:data:`DERIVED_PROPERTIES`) to one rdflib article graph, in place."""
    for s, p, o in derived_triples(_ox_triples(graph)):
        graph.add((from_oxigraph_term(s), from_oxigraph_term(p), from_oxigraph_term(o)))


def _ox_triples(graph: Graph) -> Iterator[Triple]:
    for s, p, o in graph:
        yield to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o)  # type: ignore[misc]


def date_order(subject: Node, day: Node | None) -> Literal:
    """The ``kg:dateOrder`` of rdflib ``subject`` dated ``day`` (an xsd:date literal, or None if undated)."""
    day_term = None if day is None else to_oxigraph_term(day)
    return from_oxigraph_term(_order(to_oxigraph_term(subject), day_term))  # type: ignore[arg-type,return-value]


def states_of(graph: Graph, actor: Node) -> set[Node]:
    """The states ``actor kg:memberOf*/kg:country ?state`` reaches in rdflib ``graph`` (cycles allowed)."""
    return _reach_states(
        actor,
        lambda node: graph.objects(node, KG.memberOf),  # type: ignore[arg-type]
        lambda node: graph.objects(node, KG.country),  # type: ignore[arg-type]
    )
