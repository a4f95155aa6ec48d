"""Stage 5 over HTTP: ``kg build --store URL`` and ``kg serve --store URL`` against a real
``oxigraph serve`` started here on 127.0.0.1, compared with the embedded seed build.

The remote must hold what the embedded store holds (one named graph per article, the shared and
ontology graphs, the merged default graph), a rebuild must drop graphs that left the corpus, and
the server on a remote store must answer like the embedded one, refuse what policy refuses before
the remote sees it, and map a remote that is down, or cuts its answer short, to 503.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conftest import ROOT, LiveServer, free_port
from kg.cli import main
from kg.errors import StoreError
from kg.serve import create_app
from kg.settings import Settings
from kg.store import RemoteStore, open_store, write_remote
from kg.store.remote import Endpoints, query_form

BASE = "https://w3id.org/kg/"
ONTOLOGY = "https://w3id.org/kg/ontology"
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
WHO_BLAMED_WHOM = (ROOT / "queries" / "who-blamed-whom.rq").read_text(encoding="utf-8")
DISTINCT_NAMED = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
JSON_RESULTS = {"accept": "application/sparql-results+json"}


@contextlib.contextmanager
def oxigraph_serve(location: Path | None, *options: str) -> Iterator[str]:
    """``oxigraph serve`` on a free port (in memory when ``location`` is None); its URL. Stopped
    (and waited for) on exit."""
    if not OXIGRAPH.is_file():
        pytest.fail(f"the oxigraph CLI is missing (pip install -e '.[test]'): {OXIGRAPH}")
    port = free_port()
    where = ["--location", str(location)] if location is not None else []
    process = subprocess.Popen([str(OXIGRAPH), "serve", *where, "--bind", f"127.0.0.1:{port}", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def scalar(store: RemoteStore | ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)  # type: ignore[arg-type,index,union-attr]


def sorted_lines(data: bytes | None) -> list[bytes]:
    assert data is not None
    return sorted(line for line in data.splitlines() if line)


def bindings(response: httpx.Response) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def triples_of(response: httpx.Response) -> set[ox.Triple]:
    assert response.status_code == 200, response.text
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"])
    assert fmt is not None
    return {q.triple for q in ox.parse(response.content, format=fmt)}


# --- the remote store, built once by the CLI --------------------------------------------------------


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def remote_settings(remote_url: str) -> Settings:
    assert main(["--store", remote_url, "build"]) == 0
    return Settings(store_url=remote_url)


@pytest.fixture(scope="module")
def remote(remote_settings: Settings) -> Iterator[RemoteStore]:
    with RemoteStore(remote_settings) as store:
        yield store


@pytest.fixture(scope="module")
def local(seed_settings: Settings, seed_build) -> ox.Store:
    return open_store(seed_settings)  # type: ignore[return-value]


def test_the_remote_holds_one_graph_per_article_plus_shared_and_ontology(remote: RemoteStore,
                                                                          local: ox.Store) -> None:
    names = {g.value for g in remote.named_graphs()}
    articles = {f"{BASE}graph/{p.stem}" for p in (ROOT / "data" / "articles").glob("*.txt")}
    assert len(articles) == 5
    assert names == articles | {f"{BASE}knowledge", ONTOLOGY}
    assert names == {g.value for g in local.named_graphs()}  # type: ignore[union-attr]


def test_every_named_graph_equals_the_embedded_build(remote: RemoteStore, local: ox.Store) -> None:
    graphs = list(remote.named_graphs())
    assert len(graphs) == 7
    for graph in graphs:
        assert remote.contains_named_graph(graph)
        remote_nt = remote.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        local_nt = local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert sorted_lines(remote_nt) == sorted_lines(local_nt), graph
    assert not remote.contains_named_graph(ox.NamedNode(f"{BASE}graph/no-such-article"))


def test_the_default_graph_is_the_merge_each_triple_once(remote: RemoteStore, local: ox.Store) -> None:
    merged = scalar(remote, DISTINCT_NAMED)
    assert scalar(remote, DEFAULT_COUNT) == merged == scalar(local, DEFAULT_COUNT)
    default = ox.DefaultGraph()
    assert sorted_lines(remote.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=default)) == \
        sorted_lines(local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=default))


def test_a_triple_in_several_graphs_is_once_in_the_default_graph() -> None:
    s, p = ox.NamedNode(f"{BASE}actor/a"), ox.NamedNode(f"{BASE}p")
    shared, own = ox.Quad(s, p, ox.Literal("both")), ox.Quad(s, p, ox.Literal("one"))
    with oxigraph_serve(None) as url:
        settings = Settings(store_url=url)
        assert write_remote([(f"{BASE}graph/x", [shared, own]), (f"{BASE}graph/y", [shared])],
                            settings) == url
        with RemoteStore(settings) as remote:
            assert scalar(remote, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 3
            assert scalar(remote, DEFAULT_COUNT) == 2
        with pytest.raises(StoreError, match="graph given twice"):
            write_remote([(f"{BASE}graph/x", [own]), (f"{BASE}graph/x", [own])], settings)
        elsewhere = ox.Quad(s, p, ox.Literal("x"), ox.NamedNode(f"{BASE}graph/other"))
        with pytest.raises(StoreError, match="quad names another graph"):
            write_remote([(f"{BASE}graph/x", [elsewhere])], settings)


def test_a_build_that_fails_midway_leaves_the_remote_as_it_was() -> None:
    s, p = ox.NamedNode(f"{BASE}actor/a"), ox.NamedNode(f"{BASE}p")

    def failing() -> Iterator[tuple[str, list[ox.Quad]]]:
        yield f"{BASE}graph/new", [ox.Quad(s, p, ox.Literal("new"))]
        raise RuntimeError("an article does not conform")

    with oxigraph_serve(None) as url:
        settings = Settings(store_url=url)
        write_remote([(f"{BASE}graph/old", [ox.Quad(s, p, ox.Literal("old"))])], settings)
        with pytest.raises(RuntimeError, match="does not conform"):
            write_remote(failing(), settings)
        with RemoteStore(settings) as remote:
            assert [g.value for g in remote.named_graphs()] == [f"{BASE}graph/old"]
            assert [q.object for q in remote.quads_for_pattern(s, p, None, ox.DefaultGraph())] == \
                [ox.Literal("old")]


def test_quads_for_pattern_matches_the_embedded_store(remote: RemoteStore, local: ox.Store) -> None:
    state = ox.NamedNode(f"{BASE}actor/state-am")
    for graph in (ox.DefaultGraph(), ox.NamedNode(f"{BASE}knowledge"), None):
        got = set(remote.quads_for_pattern(state, None, None, graph))
        assert got and got == set(local.quads_for_pattern(state, None, None, graph)), graph
    assert next(iter(remote.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def test_a_rebuild_drops_the_graph_of_a_removed_article_and_leaves_foreign_graphs(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ROOT / "data" / "articles", articles)
    foreign = ox.NamedNode("http://example.org/not-ours")
    with oxigraph_serve(None) as url:
        assert main(["--store", url, "--articles", str(articles), "build"]) == 0
        with RemoteStore(Settings(store_url=url)) as remote:
            remote.put(foreign, [ox.Triple(foreign, foreign, ox.Literal("kept"))])
            gone = ox.NamedNode(f"{BASE}graph/seed004")
            assert remote.contains_named_graph(gone)
            for path in articles.glob("seed004.*"):
                path.unlink()
            assert main(["--store", url, "--articles", str(articles), "build"]) == 0
            names = {g.value for g in remote.named_graphs()}
            assert gone.value not in names and foreign.value in names
            assert len(names) == 4 + 2 + 1  # articles, knowledge + ontology, the foreign graph
            # The default graph is rebuilt too: the merge of our graphs only.
            ours = f"FILTER(?g != {foreign})"
            assert scalar(remote, DEFAULT_COUNT) == scalar(remote, DISTINCT_NAMED.replace(
                "{ ?s ?p ?o } }", "{ ?s ?p ?o } " + ours + " }"))
            assert scalar(remote, f"SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
                                  f"\"{BASE}article/seed004\")) }}") == 0


# --- the server on the remote store ------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_client(remote_settings: Settings) -> Iterator[httpx.Client]:
    with LiveServer(create_app(remote_settings), free_port()) as server, \
            httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def test_who_blamed_whom_answers_as_on_the_embedded_store(remote_client: httpx.Client,
                                                          seed_client: httpx.Client) -> None:
    form = {"query": WHO_BLAMED_WHOM}
    remote_rows = bindings(remote_client.post("/sparql", data=form, headers=JSON_RESULTS))
    local_rows = bindings(seed_client.post("/sparql", data=form, headers=JSON_RESULTS))
    assert len(remote_rows) >= 10
    assert remote_rows == local_rows


def test_query_forms_and_protocol_dataset_reach_the_remote(remote_client: httpx.Client,
                                                           seed_client: httpx.Client) -> None:
    article = f"{BASE}graph/seed000"
    for params in ({"query": "ASK { ?s a <https://w3id.org/kg/ontology#Statement> }"},
                   {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": article},
                   {"query": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                    "named-graph-uri": [article, f"{BASE}knowledge"]}):
        r, e = remote_client.get("/sparql", params=params, headers=JSON_RESULTS), \
            seed_client.get("/sparql", params=params, headers=JSON_RESULTS)
        assert r.status_code == e.status_code == 200, r.text
        assert r.json() == e.json(), params
    relative = {"query": "SELECT ?x { BIND(<relative> AS ?x) }"}  # the base IRI is the endpoint's
    row = bindings(remote_client.get("/sparql", params=relative, headers=JSON_RESULTS))[0]
    assert row["x"] == {"type": "uri", "value": str(remote_client.base_url.join("/relative"))}
    construct = {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}"}
    turtle = {"accept": "text/turtle"}
    assert triples_of(remote_client.get("/sparql", params=construct, headers=turtle)) == \
        triples_of(seed_client.get("/sparql", params=construct, headers=turtle))
    bad = remote_client.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert bad.status_code == 400 and "malformed query" in bad.text


def _statement_path(client: httpx.Client) -> str:
    rows = bindings(client.post("/sparql", data={"query": WHO_BLAMED_WHOM}, headers=JSON_RESULTS))
    iri = rows[0]["statement"]["value"]  # type: ignore[index]
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE):]


def test_a_statement_page_in_html_and_turtle(remote_client: httpx.Client, seed_client: httpx.Client) -> None:
    path = _statement_path(remote_client)
    html = remote_client.get(path, headers={"accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.text == seed_client.get(path, headers={"accept": "text/html"}).text
    turtle = {"accept": "text/turtle"}
    assert triples_of(remote_client.get(path, headers=turtle)) == \
        triples_of(seed_client.get(path, headers=turtle))
    assert remote_client.get("/statement/no-such-thing", headers=turtle).status_code == 404


def test_graph_store_reads_and_exports(remote_client: httpx.Client, seed_client: httpx.Client) -> None:
    params = {"graph": f"{BASE}graph/seed001"}
    turtle = {"accept": "text/turtle"}
    assert triples_of(remote_client.get("/store", params=params, headers=turtle)) == \
        triples_of(seed_client.get("/store", params=params, headers=turtle))
    assert remote_client.get("/store", params={"graph": f"{BASE}graph/nope"}).status_code == 404
    for name in ("csv-edges", "cytoscape"):
        assert remote_client.get(f"/export/{name}").content == seed_client.get(f"/export/{name}").content


def test_service_and_updates_are_refused_before_the_remote_sees_them(remote_client: httpx.Client,
                                                                     remote: RemoteStore) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        assert remote_client.get("/sparql", params={"query": service}).status_code == 403
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody called the listener
    marker = ox.NamedNode("http://example.org/inserted")
    update = f"INSERT DATA {{ {marker} {marker} {marker} }}"
    for response in (remote_client.get("/sparql", params={"query": update}),
                     remote_client.post("/sparql", content=update,
                                        headers={"content-type": "application/sparql-query"}),
                     remote_client.put("/store", params={"graph": marker.value}, content=b"")):
        assert response.status_code == 403, response.text
    with pytest.raises(SyntaxError):  # the store refuses to send an update to a query endpoint
        remote.query(update)
    assert not list(remote.quads_for_pattern(marker, None, None, None))


def test_no_dumps_for_a_remote_store_and_the_void_says_so(remote_client: httpx.Client,
                                                          remote: RemoteStore) -> None:
    index = remote_client.get("/dumps/")
    assert index.status_code == 404 and "remote SPARQL store" in index.text
    dump = remote_client.get("/dumps/kg.nq.gz")
    assert dump.status_code == 404 and "remote SPARQL store" in dump.text
    void = remote_client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    triples = triples_of(void)
    assert not [t for t in triples if t.predicate.value == "http://rdfs.org/ns/void#dataDump"]
    count = next(t for t in triples if t.predicate.value == "http://rdfs.org/ns/void#triples"
                 and t.subject.value.endswith("void#dataset"))
    assert int(count.object.value) == scalar(remote, DEFAULT_COUNT)


def test_kg_serve_with_a_store_url(remote_settings: Settings) -> None:
    """The command itself: ``kg --store URL serve`` in its own process, no local store needed."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(remote_settings.store_url),
                                "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                answer = httpx.post(f"http://127.0.0.1:{port}/sparql", data={"query": WHO_BLAMED_WHOM},
                                    headers=JSON_RESULTS, timeout=30)
                break
            assert process.poll() is None and time.monotonic() < deadline, "kg serve did not start"
            time.sleep(0.2)
        assert len(bindings(answer)) >= 10
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert f"(store: {remote_settings.store_url})" in output.decode()


# --- failures of the remote ----------------------------------------------------------------------------


def test_a_remote_that_is_down_is_503_not_500(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(store_url=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    with LiveServer(create_app(settings), free_port()) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        for response in (client.get("/sparql", params={"query": "ASK {}"}),
                         client.get("/actor/state-am", headers={"accept": "text/turtle"}),
                         client.get("/store", params={"graph": f"{BASE}knowledge"}),
                         client.get("/export/csv-edges")):
            assert response.status_code == 503, response.text
            assert "remote store is unreachable" in response.text
    assert main(["--store", settings.store_url or "", "build"]) == 2
    assert "remote store is unreachable" in capsys.readouterr().err


def test_an_answer_the_remote_cut_short_is_503_never_a_short_200() -> None:
    with oxigraph_serve(None, "--timeout-s", "1") as url:
        node = ox.NamedNode("http://example.org/n")
        with RemoteStore(Settings(store_url=url)) as remote:
            remote.put(ox.DefaultGraph(), [ox.Triple(ox.NamedNode(f"http://example.org/s{i}"), node,
                                                     ox.Literal(str(i))) for i in range(3000)])
        with LiveServer(create_app(Settings(store_url=url)), free_port()) as server:
            cross = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            response = httpx.get(f"{server.url}/sparql", params={"query": cross}, timeout=60)
    assert response.status_code == 503, response.text
    assert "malformed answer" in response.text


class _Recorder(BaseHTTPRequestHandler):
    """A store that refuses everyone and remembers the Authorization header it was sent."""

    seen: list[str | None] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).seen.append(self.headers.get("authorization"))
        self.send_response(401)
        self.send_header("content-type", "text/plain")
        self.end_headers()
        self.wfile.write(b"who are you?")

    def log_message(self, *args: object) -> None:
        return None


def test_credentials_are_sent_and_a_refusal_says_what_to_check() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for settings, header in ((Settings(store_url=url, store_token="t0ken"), "Bearer t0ken"),
                                 (Settings(store_url=url, store_user="kg", store_password="pw"),
                                  "Basic a2c6cHc=")):
            with RemoteStore(settings) as remote, pytest.raises(StoreError, match="HTTP 401.*KG_STORE_TOKEN"):
                remote.query("ASK {}")
            assert _Recorder.seen[-1] == header
            assert "t0ken" not in repr(settings) and "pw" not in repr(settings)
    finally:
        server.shutdown()
        server.server_close()


# --- configuration --------------------------------------------------------------------------------------


def test_endpoints_follow_oxigraph_serve_unless_given() -> None:
    assert Endpoints.from_settings(Settings(store_url="http://h:7878/")) == \
        Endpoints("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    fuseki = Settings(store_url="http://h:3030/ds", store_query_url="http://h:3030/ds/sparql",
                      store_gsp_url="http://h:3030/ds/data")
    assert Endpoints.from_settings(fuseki) == \
        Endpoints("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data")
    with pytest.raises(StoreError, match="no remote store URL"):
        Endpoints.from_settings(Settings())


def test_store_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_URL", "http://h:7878")
    monkeypatch.setenv("KG_STORE_TOKEN", "secret")
    settings = Settings.from_env()
    assert settings.store_url == "http://h:7878" and settings.store_token == "secret"
    assert Settings.from_env(store_url="https://other").store_url == "https://other"


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * {}", "SELECT"),
    ("  # a comment with SELECT\nPREFIX a: <http://a/> BASE <http://b/> ask {}", "ASK"),
    ("PREFIX : <http://a/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://a/>", "DESCRIBE"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", None),
    ("PREFIX : <http://a/> DELETE WHERE { ?s ?p ?o }", None),
    ("# SELECT\nDROP ALL", None),
    ("", None),
])
def test_query_form_is_read_after_the_prologue(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_a_remote_store_opens_for_reading_only_and_messages_hide_credentials() -> None:
    settings = Settings(store_url="http://kg:secret@127.0.0.1:1")
    with pytest.raises(StoreError, match="written by the build only") as raised:
        open_store(settings, read_only=False)
    assert "secret" not in str(raised.value)
    remote = open_store(settings)
    assert isinstance(remote, RemoteStore)
    with remote, pytest.raises(StoreError, match="unreachable") as raised:
        remote.contains_named_graph(ox.NamedNode(f"{BASE}knowledge"))
    assert "secret" not in str(raised.value)
