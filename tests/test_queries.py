"""The named questions in queries/*.rq: headers, contract terms only, expected rows on the fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.plugins.sparql.parser import parseQuery

from kg.graph import from_oxigraph_quads
from kg.graph.derived import add_derived
from kg.serve.catalogue import NamedQuery, read_queries
from kg.serve.execute import dataset_arguments
from kg.serve.protocol import SparqlRequest
from kg.settings import Settings
from kg.store import graphs_from_file, open_store, write_store
from kg.vocab import KG as KG_TERMS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "graph"
QUERIES = read_queries(ROOT / "queries")
BY_NAME = {q.name: q for q in QUERIES}
KG = "https://w3id.org/kg/"
A = KG + "article/"
S = KG + "statement/"
E = KG + "event/"
ONT = "https://w3id.org/kg/ontology#"


def test_the_named_queries_are_all_here() -> None:
    assert sorted(BY_NAME) == ["blame-between-states", "casualty-claims", "events-at-place",
                               "statements-by-actor", "who-blamed-whom"]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_headers_and_syntax(query: NamedQuery) -> None:
    assert query.title and query.description
    assert len(query.title) < 80
    parseQuery(query.text)  # rdflib too: the queries must work on other SPARQL 1.1 engines
    ox.Store().query(query.text)  # pyoxigraph parses it (and evaluates it on nothing)


def test_queries_with_values_to_edit_say_so() -> None:
    assert {q.name for q in QUERIES if q.parameters} == {
        "blame-between-states", "statements-by-actor", "events-at-place"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_only_contract_terms(query: NamedQuery) -> None:
    contract = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    used = set(re.findall(r"\bkg:(\w+)", body)) | set(re.findall(re.escape(ONT) + r"(\w+)", body))
    assert used
    unknown = {term for term in used if not re.search(rf"\bkg:{term}\b", contract)}
    assert not unknown, f"terms not in docs/contracts.md: {unknown}"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.trig")), ids=lambda p: p.stem)
def test_fixture_graphs_hold_the_derived_triples_the_mapping_adds(path: Path) -> None:
    """The hand-written graphs carry kg:dateOrder & co. exactly as kg.graph.derived computes them
    (the named questions sort and group on them): deriving again adds and changes nothing."""
    for iri, quads in graphs_from_file(path):
        graph = from_oxigraph_quads(quads).graph(URIRef(iri))
        before = set(graph)
        add_derived(graph)
        assert set(graph) == before
        assert any(True for _ in graph.subject_objects(KG_TERMS.blameOrder))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    settings = Settings(store_dir=tmp_path_factory.mktemp("store"))
    write_store([g for p in sorted(FIXTURES.glob("*.trig")) for g in graphs_from_file(p)], settings)
    return open_store(settings)


def run(store: ox.Store, name: str) -> list[dict[str, str | None]]:
    """Evaluate a named query exactly as the endpoint does (same dataset rules)."""
    text = BY_NAME[name].text
    solutions = store.query(text, **dataset_arguments(SparqlRequest(query=text)))
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def columns(rows: list[dict[str, str | None]], *names: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[n] for n in names) for row in rows]


def test_who_blamed_whom(store: ox.Store) -> None:
    rows = run(store, "who-blamed-whom")
    assert columns(rows, "speakerLabel", "targetLabel", "date", "dateBasis", "kind") == [
        ("Ministry of Defence of Azerbaijan", "Armenia", "2020-09-27", "explicit", ONT + "accuse"),
        ("Nikol Pashinyan", "Azerbaijan", "2020-09-27", "relative", ONT + "condemn"),
        ("Ministry of Defence of Armenia", "Azerbaijan", "2020-10-09", "relative",
         ONT + "describe_as_aggression"),
        ("Ilham Aliyev", "Armenia", "2020-10-10", "bounded", ONT + "hold_responsible"),  # latestDate
        ("Armed Forces of Armenia", "Azerbaijan", "2021-05-13", "explicit", ONT + "accuse"),
        ("Russia", "Azerbaijan", "2021-05-14", "relative", ONT + "call_to_stop"),
        ("Ministry of Defence of Azerbaijan", "Armenia", None, "unknown", ONT + "deny"),  # undated last
    ]
    first = rows[0]
    assert first["speakerLabelAr"] == "وزارة الدفاع الأذربيجانية"
    assert first["targetLabelAr"] == "أرمينيا"
    assert first["text"] == "بشن هجوم على طول خط التماس"  # the quote, not the sentence
    assert first["article"] == A + "a1"
    assert first["statement"] == S + "a1-5d1f0c2a9b01"
    assert rows[1]["text"].startswith("من جهته، أدان")  # no quote: the evidence sentence


def test_blame_between_states(store: ox.Store) -> None:
    rows = run(store, "blame-between-states")
    # Russia → Azerbaijan is blame, but not between the two states: not counted.
    assert columns(rows, "month", "from", "to", "statements") == [
        ("2020-09", "Armenia", "Azerbaijan", "1"),    # Pashinyan (kg:country)
        ("2020-09", "Azerbaijan", "Armenia", "1"),    # Azerbaijan's MoD (kg:memberOf)
        ("2020-10", "Armenia", "Azerbaijan", "1"),    # Armenia's MoD
        ("2020-10", "Azerbaijan", "Armenia", "1"),    # Aliyev, dated by its latest bound
        ("2021-05", "Armenia", "Azerbaijan", "1"),    # armed forces → MoD → Armenia (memberOf*)
        ("undated", "Azerbaijan", "Armenia", "1"),    # Azerbaijan's MoD denies, no date
    ]


def test_blame_between_states_parameters_can_be_edited(store: ox.Store) -> None:
    text = BY_NAME["blame-between-states"].text.replace('("AM" "AZ")', '("RU" "AZ")')
    rows = [{v: s[v].value for v in ("month", "from", "to", "statements")}
            for s in store.query(text)]
    assert rows == [{"month": "2021-05", "from": "Russia", "to": "Azerbaijan", "statements": "1"}]


def test_statements_by_actor(store: ox.Store) -> None:
    rows = run(store, "statements-by-actor")
    assert columns(rows, "speakerLabel", "kind", "targetLabel", "date") == [
        ("Nikol Pashinyan", ONT + "condemn", "Azerbaijan", "2020-09-27"),
        ("Ministry of Defence of Armenia", ONT + "casualty_claim", None, "2020-09-28"),
        ("Ministry of Defence of Armenia", ONT + "describe_as_aggression", "Azerbaijan", "2020-10-09"),
        ("Armed Forces of Armenia", ONT + "accuse", "Azerbaijan", "2021-05-13"),
    ]
    assert rows[2]["text"] == "عدوان سافر"


def test_casualty_claims(store: ox.Store) -> None:
    rows = run(store, "casualty-claims")
    assert columns(rows, "claimantLabel", "count", "category", "status", "sideLabel", "date", "article") == [
        ("Ministry of Defence of Armenia", "16", "soldiers", "killed", "Armenia", "2020-09-28", A + "a1"),
        ("Ministry of Defence of Azerbaijan", "5", "civilians", "wounded", "Azerbaijan", None, A + "a2"),
    ]
    assert rows[1]["claimantLabelAr"] == "وزارة الدفاع الأذربيجانية"


def test_events_at_place(store: ox.Store) -> None:
    rows = run(store, "events-at-place")
    # Tovuz is not in Nagorno-Karabakh: its casualty report is not listed.
    assert columns(rows, "placeLabel", "type", "date", "article", "event") == [
        ("Khankendi (Stepanakert)", ONT + "Clash", "2020-09-27", A + "a1", E + "a1-clash-khankendi"),
        ("Shusha", ONT + "Shelling", "2020-10-10", A + "a2", E + "a2-shelling-shusha"),
        ("Nagorno-Karabakh", ONT + "CeasefireViolation", "2021-05-13", A + "a3",
         E + "a3-ceasefire-violation"),
    ]
    assert rows[1]["earliestDate"] == "2020-10-04"
    assert rows[0]["placeLabelAr"] == "ستيباناكيرت"


# --- the fast forms answer as the straightforward ones ---------------------------------------------
# tests/fixtures/naive-queries holds each question as first written: OPTIONAL date joins, ORDER BY
# date then IRI over every row, no LIMIT. The named queries sort on the derived kg:dateOrder /
# kg:blameOrder and stop at 100 rows; on the seed graph (fewer rows than a page) they must return
# the same rows, dated as the reference orders them (ties within one day may come in another order).

NAIVE = Path(__file__).parent / "fixtures" / "naive-queries"
#: Named query → the column holding its date (None: an aggregate, compared row for row).
DATE_COLUMN = {"who-blamed-whom": "date", "statements-by-actor": "date", "casualty-claims": "date",
               "events-at-place": "date", "blame-between-states": None}


def _rows(store: ox.Store, text: str) -> list[tuple[str | None, ...]]:
    solutions = store.query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [tuple(s[n].value if s[n] is not None else None for n in names) for s in solutions]


def test_every_named_query_has_its_reference() -> None:
    assert sorted(p.stem for p in NAIVE.glob("*.rq")) == sorted(BY_NAME) == sorted(DATE_COLUMN)


@pytest.mark.parametrize("name", sorted(DATE_COLUMN))
def test_named_query_returns_the_rows_of_its_reference_on_the_seeds(seed_store: ox.Store, name: str) -> None:
    reference = _rows(seed_store, (NAIVE / f"{name}.rq").read_text(encoding="utf-8"))
    fast = _rows(seed_store, BY_NAME[name].text)
    assert 0 < len(reference) < 100  # one page: the whole answer
    column = DATE_COLUMN[name]
    if column is None:
        assert fast == reference
        return
    assert sorted(fast, key=repr) == sorted(reference, key=repr)
    solutions = seed_store.query(BY_NAME[name].text)
    assert isinstance(solutions, ox.QuerySolutions)
    index = [v.value for v in solutions.variables].index(column)
    assert [row[index] for row in fast] == [row[index] for row in reference]  # oldest first, undated last


def test_who_blamed_whom_is_the_first_page_of_the_reference_order(seed_store: ox.Store) -> None:
    """With a page of 7 rows: the page holds the 7 oldest, then OFFSET pages continue without a gap
    or an overlap (kg:blameOrder is distinct per statement) until the undated statements come last."""
    text = BY_NAME["who-blamed-whom"].text
    assert text.count("LIMIT 100") == 1
    reference = _rows(seed_store, (NAIVE / "who-blamed-whom.rq").read_text(encoding="utf-8"))
    pages = []
    for offset in range(0, len(reference) + 7, 7):
        pages.append(_rows(seed_store, text.replace("LIMIT 100", f"LIMIT 7 OFFSET {offset}")))
    assert [len(p) for p in pages[:-1]] == [7] * (len(pages) - 1) or pages[-1] == []
    together = [row for page in pages for row in page]
    assert sorted(together, key=repr) == sorted(reference, key=repr)
    dates = [row[2] for row in together]  # ?date
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # oldest first, undated last
    assert [row[2] for row in pages[0]] == [row[2] for row in reference[:7]]
