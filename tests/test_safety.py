"""Request limits, the read-only Graph Store Protocol and the OpenAPI description, on a real server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from conftest import LiveServer, free_port
from kg.serve import create_app
from kg.settings import Settings

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def limited(seed_settings: Settings, seed_build) -> Iterator[str]:
    settings = seed_settings.with_(max_body_bytes=2_000, max_requests_per_client=2, query_timeout_s=3.0)
    with LiveServer(create_app(settings), free_port()) as live:
        yield live.url


def test_a_body_over_the_cap_is_413_by_content_length(limited: str) -> None:
    query = "ASK { ?s ?p ?o }" + " " * 3_000
    response = httpx.post(limited + "/sparql", content=query,
                          headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413
    assert "2000 bytes" in response.text


def test_a_chunked_body_over_the_cap_is_413(limited: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ASK { ?s ?p ?o }"
        for _ in range(10):
            yield b" " * 500

    response = httpx.post(limited + "/sparql", content=chunks(),
                          headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413


def test_a_body_under_the_cap_is_answered(limited: str) -> None:
    response = httpx.post(limited + "/sparql", content="ASK { ?s ?p ?o }",
                          headers={"content-type": "application/sparql-query",
                                   "accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_one_client_cannot_hold_more_than_its_share(limited: str) -> None:
    held = [threading.Thread(target=_heavy, args=(limited,), daemon=True) for _ in range(2)]
    for thread in held:
        thread.start()
    time.sleep(0.7)
    refused = httpx.get(limited + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    for thread in held:
        thread.join(15)
    after = httpx.get(limited + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert after.status_code == 200


def _heavy(url: str) -> None:
    httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=15)


def test_graph_store_reads_one_named_graph(seed_server, seed_settings: Settings) -> None:
    graph = seed_settings.base_iri + "graph/seed001"
    response = httpx.get(seed_server.url + "/store", params={"graph": graph},
                         headers={"accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) > 50
    article = ox.NamedNode(seed_settings.base_iri + "article/seed001")
    assert any(t.subject == article for t in triples)


@pytest.mark.parametrize(("method", "params", "status"), [
    ("GET", {"graph": "https://w3id.org/kg/graph/no-such-article"}, 404),
    ("GET", {}, 400),
    ("GET", {"graph": "not an iri"}, 400),
    ("GET", {"default": ""}, 303),
    ("PUT", {"graph": "https://w3id.org/kg/graph/seed001"}, 403),
    ("POST", {"graph": "https://w3id.org/kg/graph/seed001"}, 403),
    ("DELETE", {"graph": "https://w3id.org/kg/graph/seed001"}, 403),
])
def test_graph_store_statuses(seed_server, method: str, params: dict[str, str], status: int) -> None:
    response = httpx.request(method, seed_server.url + "/store", params=params,
                             content=b"<a:b> <a:c> <a:d> ." if method in ("PUT", "POST") else None,
                             headers={"content-type": "application/n-triples"})
    assert response.status_code == status, response.text


def test_openapi_describes_the_protocol_routes(seed_server) -> None:
    spec = httpx.get(seed_server.url + "/openapi.json").json()
    get = spec["paths"]["/sparql"]["get"]
    names = {p["name"] for p in get["parameters"]}
    assert {"query", "default-graph-uri", "named-graph-uri", "format"} <= names
    post = spec["paths"]["/sparql"]["post"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(
        post["requestBody"]["content"])
    assert {"400", "403", "406", "413", "415", "429", "503"} <= set(get["responses"])


def test_unknown_route_is_404_and_wrong_method_is_405(seed_server) -> None:
    assert httpx.get(seed_server.url + "/no/such/route/at/all").status_code == 404
    assert httpx.delete(seed_server.url + "/sparql").status_code == 405


def test_malformed_query_names_line_and_column(seed_server) -> None:
    response = httpx.get(seed_server.url + "/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
    assert response.status_code == 400
    assert "2:" in response.text  # the parser's line:column


def test_a_raw_socket_that_never_sends_its_body_does_not_hold_a_worker(seed_server) -> None:
    with socket.create_connection(("127.0.0.1", int(seed_server.url.rsplit(":", 1)[1]))) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK")
        ok = httpx.get(seed_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert ok.status_code == 200
