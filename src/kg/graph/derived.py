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
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.vocab import KG, RDF, SEM, XSD

#: Integer part of ``kg:dateOrder`` for a subject without any date: after every ``yyyymmdd``.
UNDATED = 99_999_999
#: Hex digits of the SHA-1 used for the fraction (48 bits: at most 15 decimal digits, which with
#: the 8-digit day stays well inside the precision of pyoxigraph's xsd:decimal).
FRACTION_HEX_DIGITS = 12

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


#: The properties this module writes (and nothing else writes).
DERIVED_PROPERTIES = (KG.dateOrder, KG.blameOrder, KG.speakerState, KG.targetState)


def add_derived(graph: Graph) -> None:
    """Add the derived triples (:data:`DERIVED_PROPERTIES`) to one article graph, in place."""
    blame = set(graph.subjects(RDF.type, KG.BlameStatement))
    for subject, exact in _dated_subjects(graph):
        day = graph.value(subject, exact) or graph.value(subject, KG.latestDate)
        order = date_order(subject, day)
        graph.add((subject, KG.dateOrder, order))
        if subject in blame:
            graph.add((subject, KG.blameOrder, order))
    for statement in blame:
        for link, shortcut in ((SEM.accordingTo, KG.speakerState), (KG.target, KG.targetState)):
            for actor in set(graph.objects(statement, link)):
                for state in states_of(graph, actor):
                    graph.add((statement, shortcut, state))


def _dated_subjects(graph: Graph) -> Iterator[tuple[Node, URIRef]]:
    """Every statement and event with the property holding its exact date."""
    for cls, exact in ((KG.Statement, KG.statementDate), (KG.Event, KG.eventDate)):
        for subject in set(graph.subjects(RDF.type, cls)):
            yield subject, exact


def date_order(subject: Node, day: Node | None) -> Literal:
    """The ``kg:dateOrder`` of ``subject`` dated ``day`` (an xsd:date literal, or None if undated).

    Canonical xsd:decimal form (no trailing zeros), as pyoxigraph stores it, so a graph read back
    from the store is term-for-term the graph written.
    """
    if day is None:
        integer = UNDATED
    else:
        match = _DAY.fullmatch(str(day))
        if match is None or (isinstance(day, Literal) and day.datatype != XSD.date):
            raise GraphError("a date to order by is not an xsd:date", subject=str(subject), value=str(day))
        integer = int("".join(match.groups()))
    digest = hashlib.sha1(str(subject).encode("utf-8"), usedforsecurity=False).hexdigest()
    fraction = f"{int(digest[:FRACTION_HEX_DIGITS], 16):015d}".rstrip("0")
    return Literal(f"{integer}.{fraction}" if fraction else str(integer), datatype=XSD.decimal)


def states_of(graph: Graph, actor: Node) -> set[Node]:
    """The states ``actor kg:memberOf*/kg:country ?state`` reaches in ``graph`` (cycles allowed)."""
    seen: set[Node] = set()
    todo = [actor]
    states: set[Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        states.update(graph.objects(current, KG.country))
        todo.extend(graph.objects(current, KG.memberOf))
    return states
