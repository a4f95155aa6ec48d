"""Stage 6: a real uvicorn server on 127.0.0.1 serving a store built from tests/fixtures/graph,
queried with SPARQLWrapper, rdflib's SPARQLStore and httpx (SPARQL 1.1 Protocol §2.1).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper

from kg.serve import create_app
from kg.settings import Settings
from kg.store import graphs_from_file, write_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "graph"
KG = "https://w3id.org/kg/"

PREFIXES = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
BLAME = PREFIXES + """
SELECT ?speaker ?target ?date WHERE {
  ?st kg:kind kg:accuse ; sem:accordingTo ?s ; kg:target ?t ; kg:statementDate ?date .
  ?s rdfs:label ?speaker FILTER(lang(?speaker) = "en")
  ?t rdfs:label ?target FILTER(lang(?target) = "en")
} ORDER BY ?date
"""
EXPECTED_BLAME = [
    ("Ministry of Defence of Azerbaijan", "Armenia", "2020-09-27"),
    ("Armed Forces of Armenia", "Azerbaijan", "2021-05-13"),
]
STATEMENTS = PREFIXES + "SELECT ?st WHERE { ?st sem:accordingTo ?who } ORDER BY ?st"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a kg:isoCode ?c ; rdfs:label ?l }"
ASK = PREFIXES + "ASK { ?a kg:isoCode \"AM\" }"


def fixture_graphs() -> list[tuple[str, list[ox.Quad]]]:
    return [graph for path in sorted(FIXTURES.glob("*.trig")) for graph in graphs_from_file(path)]


@contextmanager
def running(settings: Settings) -> Iterator[str]:
    """A real uvicorn server in a thread, on a socket bound before it starts (no port race)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(store_dir=tmp_path_factory.mktemp("store"), queries_dir=ROOT / "queries",
                        max_result_rows=50)
    write_store(fixture_graphs(), settings)
    return settings


@pytest.fixture(scope="module")
def base_url(store_settings: Settings) -> Iterator[str]:
    with running(store_settings) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(base_url: str) -> str:
    return base_url + "/sparql"


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


# --- real SPARQL clients ----------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_json(endpoint: str, method: str) -> None:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(BLAME)
    sparql.setMethod(method)
    sparql.setReturnFormat(JSON)
    result = sparql.queryAndConvert()
    rows = [(b["speaker"]["value"], b["target"]["value"], b["date"]["value"])
            for b in result["results"]["bindings"]]
    assert rows == EXPECTED_BLAME
    assert result["results"]["bindings"][0]["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    assert result["results"]["bindings"][0]["speaker"]["xml:lang"] == "en"


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_xml(endpoint: str, method: str) -> None:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(BLAME)
    sparql.setMethod(method)
    sparql.setReturnFormat(XML)
    doc = sparql.queryAndConvert()  # xml.dom.minidom Document
    rows = []
    for result in doc.getElementsByTagName("result"):
        row = {b.getAttribute("name"): b.getElementsByTagName("literal")[0].firstChild.data
               for b in result.getElementsByTagName("binding")}
        rows.append((row["speaker"], row["target"], row["date"]))
    assert rows == EXPECTED_BLAME


def test_sparqlwrapper_ask(endpoint: str) -> None:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(ASK)
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True


def test_rdflib_sparqlstore_select_and_construct(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    rows = [(str(r.speaker), str(r.target), str(r.date)) for r in graph.query(BLAME)]
    assert rows == EXPECTED_BLAME
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None
    assert Literal("أرمينيا", lang="ar") in set(constructed.objects())
    assert len(constructed) == 6  # three states × (@en, @ar)


# --- the protocol as a table ------------------------------------------------------------------

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
DESCRIBE = f"DESCRIBE <{KG}actor/state-am>"
# (method, how the query is sent, Accept, extra params, query) → (status, content type)
CASES = [
    ("GET", "url", None, {}, SELECT, 200, "application/sparql-results+json"),
    ("GET", "url", "application/sparql-results+json", {}, SELECT, 200, "application/sparql-results+json"),
    ("GET", "url", "application/json", {}, SELECT, 200, "application/sparql-results+json"),
    ("GET", "url", "application/sparql-results+xml", {}, SELECT, 200, "application/sparql-results+xml"),
    ("GET", "url", "text/csv", {}, SELECT, 200, "text/csv"),
    ("GET", "url", "text/tab-separated-values", {}, SELECT, 200, "text/tab-separated-values"),
    ("GET", "url", "text/csv;q=0.5, application/sparql-results+xml;q=0.9", {}, SELECT, 200,
     "application/sparql-results+xml"),
    ("GET", "url", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", {}, SELECT, 200,
     "application/sparql-results+xml"),
    ("GET", "url", "*/*", {}, SELECT, 200, "application/sparql-results+json"),
    ("GET", "url", "text/*", {}, SELECT, 200, "text/csv"),
    ("GET", "url", "application/sparql-results+json", {"format": "tsv"}, SELECT, 200,
     "text/tab-separated-values"),
    ("GET", "url", None, {"format": "text/csv"}, SELECT, 200, "text/csv"),
    ("GET", "url", "image/png", {}, SELECT, 406, "text/plain"),
    ("GET", "url", "text/csv;q=0", {}, SELECT, 406, "text/plain"),
    ("GET", "url", None, {"format": "turtle"}, SELECT, 406, "text/plain"),
    ("GET", "url", None, {"format": "bogus"}, SELECT, 400, "text/plain"),
    ("GET", "url", None, {}, ASK, 200, "application/sparql-results+json"),
    ("GET", "url", "application/sparql-results+xml", {}, ASK, 200, "application/sparql-results+xml"),
    ("GET", "url", None, {}, CONSTRUCT, 200, "text/turtle"),
    ("GET", "url", "application/rdf+xml", {}, CONSTRUCT, 200, "application/rdf+xml"),
    ("GET", "url", None, {"format": "xml"}, CONSTRUCT, 200, "application/rdf+xml"),
    ("GET", "url", "application/n-triples", {}, CONSTRUCT, 200, "application/n-triples"),
    ("GET", "url", "application/n-quads", {}, CONSTRUCT, 200, "application/n-quads"),
    ("GET", "url", "application/trig", {}, CONSTRUCT, 200, "application/trig"),
    ("GET", "url", "application/ld+json", {}, CONSTRUCT, 200, "application/ld+json"),
    ("GET", "url", "application/sparql-results+json", {}, CONSTRUCT, 406, "text/plain"),
    ("GET", "url", "text/turtle", {}, DESCRIBE, 200, "text/turtle"),
    ("POST", "form", None, {}, SELECT, 200, "application/sparql-results+json"),
    ("POST", "form", "text/csv", {}, SELECT, 200, "text/csv"),
    ("POST", "form", "application/rdf+xml", {}, CONSTRUCT, 200, "application/rdf+xml"),
    ("POST", "direct", "application/sparql-results+xml", {}, SELECT, 200, "application/sparql-results+xml"),
    ("POST", "direct", None, {}, CONSTRUCT, 200, "text/turtle"),
    ("POST", "direct", "image/png", {}, CONSTRUCT, 406, "text/plain"),
    # malformed
    ("GET", "url", None, {}, "SELECT * WHERE { ?s ?p }", 400, "text/plain"),
    ("POST", "form", None, {}, "SELECT WHERE", 400, "text/plain"),
    ("POST", "direct", None, {}, "CONSTRUCT {", 400, "text/plain"),
    ("GET", "url", None, {}, "   ", 400, "text/plain"),
    # updates: by parameter, by media type, or as the query text
    ("GET", "url", None, {"update": "CLEAR ALL"}, None, 403, "text/plain"),
    ("POST", "form", None, {"update": "CLEAR ALL"}, None, 403, "text/plain"),
    ("POST", "update", None, {}, "INSERT DATA { <http://a> <http://b> <http://c> }", 403, "text/plain"),
    ("GET", "url", None, {}, "INSERT DATA { <http://a> <http://b> <http://c> }", 403, "text/plain"),
    ("POST", "form", None, {}, "DELETE WHERE { ?s ?p ?o }", 403, "text/plain"),
    # SERVICE anywhere, in any case
    ("GET", "url", None, {}, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403, "text/plain"),
    ("POST", "form", None, {}, "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }", 403,
     "text/plain"),
    ("POST", "direct", None, {},
     "SELECT * { ?a ?b ?c OPTIONAL { SELECT ?s { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
     403, "text/plain"),
    ("GET", "url", None, {},
     "SELECT * { ?a ?b ?c FILTER EXISTS { { SERVICE ?endpoint { ?s ?p ?o } } UNION { } } }",
     403, "text/plain"),
    ("GET", "url", None, {}, "CONSTRUCT { ?s ?p ?o } WHERE { MINUS { SERVICE <http://127.0.0.1:9/> {} } }",
     403, "text/plain"),
    # SPARQL 1.2 syntax rdflib cannot parse: the keyword check outside strings decides
    ("GET", "url", None, {}, "SELECT * { << ?a ?b ?c >> ?p ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
     403, "text/plain"),
    ("GET", "url", "text/csv", {}, "SELECT * { << ?a ?b ?c >> ?p 'SERVICE <http://x> {}' }", 200, "text/csv"),
    # ...but the word in a string, a variable or a prefix is not a SERVICE clause
    ("GET", "url", "text/csv", {}, "PREFIX service: <http://e/> SELECT ?service "
     "WHERE { BIND('SERVICE <http://x> {}' AS ?service) }", 200, "text/csv"),
    # other media types
    ("POST", "text/plain", None, {}, SELECT, 415, "text/plain"),
]


def send(client: httpx.Client, method: str, how: str, accept: str | None, params: dict[str, str],
         query: str | None) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    fields = dict(params)
    if method == "GET":
        if query is not None:
            fields["query"] = query
        return client.get("/sparql", params=fields, headers=headers)
    if how == "form":
        if query is not None:
            fields["query"] = query
        return client.post("/sparql", content=urlencode(fields), headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"})
    content_type = {"direct": "application/sparql-query", "update": "application/sparql-update"}.get(how, how)
    return client.post("/sparql", params=fields, content=(query or "").encode("utf-8"),
                       headers={**headers, "Content-Type": content_type})


@pytest.mark.parametrize(("method", "how", "accept", "params", "query", "status", "content_type"), CASES)
def test_protocol_table(client: httpx.Client, method: str, how: str, accept: str | None,
                        params: dict[str, str], query: str | None, status: int, content_type: str) -> None:
    response = send(client, method, how, accept, params, query)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == content_type
    if status >= 400:
        assert response.text  # a message saying what was wrong


def test_protocol_table_size() -> None:
    assert len(CASES) == 51


@pytest.mark.parametrize(("accept", "rdf_format"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG),
])
def test_construct_bodies_parse_in_every_format(client: httpx.Client, accept: str,
                                                rdf_format: ox.RdfFormat) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    quads = list(ox.parse(response.content, format=rdf_format))
    assert len(quads) == 6
    assert ox.Literal("Azerbaijan", language="en") in {q.object for q in quads}


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                                 ox.QueryResultsFormat.TSV])
def test_select_bodies_round_trip(client: httpx.Client, fmt: ox.QueryResultsFormat) -> None:
    response = client.get("/sparql", params={"query": BLAME}, headers={"Accept": fmt.media_type})
    solutions = ox.parse_query_results(response.content, format=fmt)
    rows = [(s["speaker"].value, s["target"].value, s["date"].value) for s in solutions]
    assert rows == EXPECTED_BLAME


def test_csv_body(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": BLAME, "format": "csv"})
    assert response.text.splitlines() == ["speaker,target,date"] + [",".join(r) for r in EXPECTED_BLAME]


def test_more_than_one_query_is_a_400(client: httpx.Client) -> None:
    response = client.get("/sparql", params=[("query", SELECT), ("query", SELECT)])
    assert response.status_code == 400


# --- dataset: union by default, protocol graphs, FROM -----------------------------------------

def statements(client: httpx.Client, query: str = STATEMENTS, **params: object) -> list[str]:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return [b["st"]["value"] for b in response.json()["results"]["bindings"]]


def test_default_graph_is_the_union_of_the_article_graphs(client: httpx.Client) -> None:
    found = statements(client)
    assert len(found) == 11
    assert {s.split("/")[-1].split("-")[0] for s in found} == {"a1", "a2", "a3"}


def test_the_default_graph_is_a_set_although_actors_repeat_across_graphs(client: httpx.Client) -> None:
    query = f"SELECT ?l WHERE {{ <{KG}actor/state-am> rdfs:label ?l }}"
    response = client.get("/sparql", params={"query": PREFIXES + query})
    assert sorted(b["l"]["value"] for b in response.json()["results"]["bindings"]) == ["Armenia", "أرمينيا"]
    in_graphs = PREFIXES + f"SELECT ?g {{ GRAPH ?g {{ <{KG}actor/state-am> rdfs:label 'Armenia'@en }} }}"
    response = client.get("/sparql", params={"query": in_graphs})
    assert len(response.json()["results"]["bindings"]) == 3


def test_default_graph_uri_restricts_to_one_article(client: httpx.Client) -> None:
    found = statements(client, **{"default-graph-uri": KG + "graph/a1"})
    assert len(found) == 4
    assert all(s.startswith(KG + "statement/a1-") for s in found)


def test_default_graph_uri_in_a_form_post(client: httpx.Client) -> None:
    body = urlencode([("query", STATEMENTS), ("default-graph-uri", KG + "graph/a2"),
                      ("default-graph-uri", KG + "graph/a3")])
    response = client.post("/sparql", content=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    found = [b["st"]["value"] for b in response.json()["results"]["bindings"]]
    assert len(found) == 7
    assert not any(s.startswith(KG + "statement/a1-") for s in found)


def test_named_graph_uri_limits_graph_patterns(client: httpx.Client) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": KG + "graph/a2"})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [KG + "graph/a2"]
    # named graphs only: the default graph of that dataset is empty
    assert statements(client, **{"named-graph-uri": KG + "graph/a2"}) == []


def test_from_in_the_query_is_honoured(client: httpx.Client) -> None:
    query = STATEMENTS.replace("WHERE", f"FROM <{KG}graph/a3> WHERE")
    found = statements(client, query=query)
    assert len(found) == 3 and all(s.startswith(KG + "statement/a3-") for s in found)


def test_service_never_reaches_the_named_endpoint(client: httpx.Client) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        query = f"SELECT * {{ OPTIONAL {{ {{ SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }} }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 403
        with pytest.raises(TimeoutError):
            listener.accept()


def test_too_many_dataset_graphs_are_refused(client: httpx.Client) -> None:
    graphs = [("default-graph-uri", f"{KG}graph/a{i}") for i in range(17)]
    response = client.get("/sparql", params=[("query", STATEMENTS), *graphs])
    assert response.status_code == 403
    assert "16" in response.text
    assert client.get("/sparql", params=[("query", STATEMENTS), *graphs[:16]]).status_code == 200
    froms = " ".join(f"FROM <{KG}graph/a{i}>" for i in range(17))
    response = client.get("/sparql", params={"query": STATEMENTS.replace("WHERE", froms + " WHERE")})
    assert response.status_code == 403


def test_invalid_graph_iri_is_a_400(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": STATEMENTS, "default-graph-uri": "not an iri"})
    assert response.status_code == 400


# --- limits ---------------------------------------------------------------------------------

def test_row_cap_refuses_instead_of_truncating(client: httpx.Client) -> None:
    # store_settings.max_result_rows == 50; the fixture has ~280 triples
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 403
    assert "50" in response.text and "LIMIT" in response.text
    capped = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert capped.status_code == 200
    assert len(capped.json()["results"]["bindings"]) == 50
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert construct.status_code == 403


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_holds_in_every_result_format(client: httpx.Client, fmt: str) -> None:
    # JSON is bounded while it streams, the others counted as TSV (kg.serve.execute).
    over = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 51", "format": fmt})
    assert over.status_code == 403, over.text
    at = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50", "format": fmt})
    assert at.status_code == 200, at.text


def test_literals_that_look_like_row_separators_do_not_trip_the_row_cap(client: httpx.Client) -> None:
    # Each value holds 40 "},{": the JSON row bound passes the cap of 50, so the answer is
    # counted exactly; 3 rows are under the cap and come back whole.
    query = 'SELECT ?v WHERE { VALUES ?n { 1 2 3 } BIND(CONCAT(STR(?n), "%s") AS ?v) }' % ("},{" * 40)
    response = client.get("/sparql", params={"query": query, "format": "json"})
    assert response.status_code == 200, response.text
    values = sorted(b["v"]["value"] for b in response.json()["results"]["bindings"])
    assert values == [f"{n}" + "},{" * 40 for n in (1, 2, 3)]


@given(cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=30))
@hypothesis_settings(max_examples=60, deadline=None)
def test_json_row_bound_survives_any_chunking(cuts: list[int]) -> None:
    """However pyoxigraph cuts its output into writes, the bound counts every separator."""
    from kg.serve.execute import Limits, _JsonSink

    store = ox.Store()
    for i in range(60):
        store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"),
                          ox.Literal("x" * (i % 7))))
    body = store.query("SELECT * WHERE { ?s ?p ?o }").serialize(format=ox.QueryResultsFormat.JSON)
    sink = _JsonSink(Limits(deadline=time.monotonic() + 60, max_rows=10**6))
    edges = sorted({0, len(body), *(c for c in cuts if c < len(body))})
    for start, end in zip(edges, edges[1:], strict=False):
        sink.write(body[start:end])
    assert b"".join(sink.chunks) == body
    assert sink.rows_at_most == 1 + body.count(b"},{") >= 60


@pytest.fixture(scope="module")
def slow_client(store_settings: Settings) -> Iterator[httpx.Client]:
    settings = store_settings.with_(query_timeout_s=0.5, max_result_rows=10**9)
    with running(settings) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_streaming_query_past_the_deadline_is_a_503(slow_client: httpx.Client) -> None:
    started = time.monotonic()
    response = slow_client.get("/sparql", params={
        "query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "format": "json"})
    assert response.status_code == 503
    assert "time limit" in response.text
    assert time.monotonic() - started < 5


def test_aggregate_past_the_deadline_is_a_503(slow_client: httpx.Client) -> None:
    # COUNT computes before its first row (~3 s here): the request still ends at the deadline.
    started = time.monotonic()
    response = slow_client.get("/sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert response.status_code == 503
    assert time.monotonic() - started < 2.5


# --- service description, CORS, other routes --------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize(("accept", "content_type", "rdf_format"), [
    (None, "text/turtle", ox.RdfFormat.TURTLE),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
])
def test_service_description(client: httpx.Client, endpoint: str, accept: str | None, content_type: str,
                             rdf_format: ox.RdfFormat) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == content_type
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=rdf_format)}
    service = ox.NamedNode(endpoint)
    assert (service, ox.NamedNode(SD + "endpoint"), service) in triples
    assert (service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")) in triples
    assert (service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")) in triples
    formats = {o.value for s, p, o in triples if p == ox.NamedNode(SD + "resultFormat")}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert not any(p == ox.NamedNode(SD + "feature") and o == ox.NamedNode(SD + "BasicFederatedQuery")
                   for s, p, o in triples)


def test_cors_allows_any_origin_without_credentials(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": ASK}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_health(client: httpx.Client, store_settings: Settings) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok",
                               "store": (store_settings.store_dir / "current").resolve().name}


def test_root_page_lists_and_runs_the_named_queries(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Who blamed whom, and when" in response.text
    assert 'href="sparql"' in response.text
    assert "http://" not in response.text.split("<ul>")[0].lower()  # no external assets
    links = [part.split('"')[0].replace("&amp;", "&") for part in response.text.split('href="')[1:]]
    runs = [link for link in links if link.startswith("sparql?") and "format=json" in link]
    assert len(runs) == 5
    for link in runs:
        result = client.get("/" + link)
        assert result.status_code == 200, (link, result.text)
        assert result.json()["results"]["bindings"]


def test_no_store_fails_at_create_app(tmp_path: Path) -> None:
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="no store"):
        create_app(Settings(store_dir=tmp_path / "empty"))


@pytest.mark.parametrize("flag, logged", [((), False), (("--access-log",), True)])
def test_access_log_is_off_unless_asked_for(store_settings: Settings, tmp_path: Path,
                                            flag: tuple[str, ...], logged: bool) -> None:
    """``kg serve`` starts uvicorn without its access log (a log line per request costs CPU on
    every query); ``--access-log`` turns it on. The real command, as an operator runs it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "--store", str(store_settings.store_dir), "serve",
             "--host", "127.0.0.1", "--port", str(port), *flag],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "kg serve did not start"
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = httpx.post(url + "/sparql", content=ASK.encode(), timeout=30,
                            headers={"Content-Type": "application/sparql-query"})
        assert answer.status_code == 200 and answer.json()["boolean"] is True
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert "Application startup complete" in text  # uvicorn logs at info level either way
    assert ('"POST /sparql HTTP/1.1" 200' in text) is logged, text
