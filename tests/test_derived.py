"""Derived (shortcut) triples: kg:dateOrder, kg:blameOrder, kg:speakerState, kg:targetState."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.errors import GraphError
from kg.graph import Minter, to_dataset
from kg.graph.derived import UNDATED, add_derived, date_order, states_of
from kg.vocab import KG, XSD

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"
BASE = "https://w3id.org/kg/"
ACTOR = BASE + "actor/"


def _make_valid():
    spec = importlib.util.spec_from_file_location("make_valid", SHAPES / "make_valid.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def article_graph() -> Graph:
    """The small article of tests/fixtures/shapes, mapped by to_dataset (hashed IRIs kept)."""
    x, actors, places = _make_valid().extraction()
    minter = Minter(BASE)
    return to_dataset(x, minter, actors=actors, places=places).graph(minter.graph("v"))


def _by_kind(graph: Graph, kind: URIRef) -> URIRef:
    (statement,) = graph.subjects(KG.kind, kind)
    assert isinstance(statement, URIRef)
    return statement


def test_every_statement_and_event_gets_its_date_order(article_graph: Graph) -> None:
    accuse = _by_kind(article_graph, KG.accuse)
    claim = _by_kind(article_graph, KG.casualty_claim)
    restraint = _by_kind(article_graph, KG.call_for_restraint)
    (event,) = article_graph.subjects(KG.eventDate, None)
    orders = {s: article_graph.value(s, KG.dateOrder) for s in (accuse, claim, restraint, event)}
    assert all(o is not None and o.datatype == XSD.decimal for o in orders.values())
    integer = {s: int(Decimal(str(o))) for s, o in orders.items()}
    assert integer[accuse] == 20230912        # kg:statementDate
    assert integer[claim] == 20230912         # bounded: kg:latestDate (the publication date)
    assert integer[restraint] == UNDATED      # no date at all: sorts last
    assert integer[event] == 20230912         # kg:eventDate
    assert len(set(orders.values())) == 4     # same day, still apart


def test_blame_statements_get_their_order_and_states(article_graph: Graph) -> None:
    accuse = _by_kind(article_graph, KG.accuse)
    assert article_graph.value(accuse, KG.blameOrder) == article_graph.value(accuse, KG.dateOrder)
    # Ministry of Defence of Armenia → memberOf Armenia; the target is the state Azerbaijan itself.
    assert set(article_graph.objects(accuse, KG.speakerState)) == {URIRef(ACTOR + "state-am")}
    assert set(article_graph.objects(accuse, KG.targetState)) == {URIRef(ACTOR + "state-az")}
    # Other statements carry none of the blame shortcuts.
    for kind in (KG.casualty_claim, KG.call_for_restraint):
        other = _by_kind(article_graph, kind)
        for prop in (KG.blameOrder, KG.speakerState, KG.targetState):
            assert article_graph.value(other, prop) is None


def test_derivation_is_idempotent(article_graph: Graph) -> None:
    copy = Graph()
    for triple in article_graph:
        copy.add(triple)
    add_derived(copy)
    assert len(copy) == len(article_graph)


def test_states_of_follows_memberships_and_survives_cycles() -> None:
    g = Graph()
    a, b, c, state = (URIRef(ACTOR + n) for n in ("a", "b", "c", "state-xx"))
    g.add((a, KG.memberOf, b))
    g.add((b, KG.memberOf, c))
    g.add((c, KG.memberOf, a))  # a cycle: kg:memberOf* must still end
    g.add((c, KG.country, state))
    assert states_of(g, a) == {state}
    assert states_of(g, URIRef(ACTOR + "nobody")) == set()


def test_date_order_rejects_a_non_date() -> None:
    subject = URIRef(BASE + "statement/x")
    with pytest.raises(GraphError, match="not an xsd:date"):
        date_order(subject, Literal("2020-09-27"))  # a string, not an xsd:date
    with pytest.raises(GraphError, match="not an xsd:date"):
        date_order(subject, Literal("September 2020", datatype=XSD.date))


def test_date_order_is_canonical_and_stable() -> None:
    subject = URIRef(BASE + "statement/a1-5d1f0c2a9b01")
    first = date_order(subject, Literal(date(2020, 9, 27)))
    assert first == date_order(subject, Literal("2020-09-27", datatype=XSD.date))
    text = str(first)
    assert text.startswith("20200927.") and not text.endswith("0")


_days = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
_subjects = st.text(alphabet="abcdef0123456789-", min_size=1, max_size=20).map(
    lambda s: URIRef(BASE + "statement/" + s))


@given(_days, st.integers(min_value=1, max_value=3000), _subjects, _subjects)
def test_date_order_sorts_as_the_dates(day: date, gap: int, one: URIRef, two: URIRef) -> None:
    """Earlier day → smaller key, whatever the subjects; undated after every day."""
    later = day + timedelta(days=min(gap, (date(9999, 12, 31) - day).days))
    earlier_key = Decimal(str(date_order(one, Literal(day))))
    undated_key = Decimal(str(date_order(two, None)))
    if later > day:
        assert earlier_key < Decimal(str(date_order(two, Literal(later))))
    assert earlier_key < undated_key
