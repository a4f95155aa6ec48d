"""Stage 6, linked data: every minted IRI dereferences on a real server (uvicorn on 127.0.0.1)
serving the seed build; negotiation as a table of (path, Accept) → (status, media type, Vary);
RDF answers parse and hold the resource's triples; HTML pages show the evidence inside the
article text; VoID counts match the store; a custom base IRI dereferences on any host.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conftest import LiveServer, free_port
from kg.serve import create_app
from kg.settings import Settings
from kg.store import open_store

BASE = "https://w3id.org/kg/"
KG = "https://w3id.org/kg/ontology#"
OA = "http://www.w3.org/ns/oa#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DG = ox.DefaultGraph()
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDF_PARSERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML}


@pytest.fixture(scope="module")
def store(seed_settings: Settings, seed_build) -> ox.Store:
    return open_store(seed_settings)


@pytest.fixture(scope="module")
def client(seed_server) -> httpx.Client:
    with httpx.Client(base_url=seed_server.url, timeout=30) as c:
        yield c


def _first(store: ox.Store, query: str) -> str:
    rows = list(store.query(query))
    assert rows, query
    return rows[0][0].value


@dataclass(frozen=True)
class Seed:
    """One IRI of each kind the build mints, found in the seed store (hashes are not pinned)."""

    statement: str
    speaker: str
    article: str
    graph: str
    actor: str
    place: str
    event: str
    activity: str

    def path(self, iri: str) -> str:
        assert iri.startswith(BASE), iri
        return "/" + iri[len(BASE):]


@pytest.fixture(scope="module")
def seed(store: ox.Store) -> Seed:
    prefix = f"PREFIX kg: <{KG}> PREFIX oa: <{OA}> PREFIX sem: <{SEM}> "
    statement = _first(store, prefix + """SELECT ?st WHERE {
        ?st a kg:BlameStatement ; kg:quote ?q ; kg:evidence/oa:hasSelector/oa:start ?s }
        ORDER BY ?st LIMIT 1""")
    node = ox.NamedNode(statement)
    speaker = next(store.quads_for_pattern(node, ox.NamedNode(SEM + "accordingTo"), None, DG)).object.value
    article = next(store.quads_for_pattern(node, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
                                           None, DG)).object.value
    return Seed(
        statement=statement, speaker=speaker, article=article,
        graph=article.replace("/article/", "/graph/"),
        actor=BASE + "actor/state-am",
        place=_first(store, prefix + "SELECT ?p WHERE { ?p a kg:Place } ORDER BY ?p LIMIT 1"),
        event=_first(store, prefix + "SELECT ?e WHERE { ?e a kg:Event } ORDER BY ?e LIMIT 1"),
        activity=_first(store, prefix + "SELECT ?a WHERE { ?a a kg:ExtractionActivity } ORDER BY ?a LIMIT 1"),
    )


def _paths(seed: Seed) -> dict[str, str]:
    paths = {kind: seed.path(getattr(seed, kind))
             for kind in ("statement", "article", "graph", "actor", "place", "event", "activity")}
    paths["knowledge"] = "/knowledge"
    paths["ontology"] = "/ontology"
    return paths


#: Accept → media type answered.
NEGOTIATION = [
    ("text/html", "text/html"),
    (BROWSER, "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("*/*", "text/turtle"),
    (None, "text/turtle"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("text/html;q=0.1, application/n-triples", "application/n-triples"),
    ("application/*", "application/ld+json"),
]
KINDS = ("statement", "article", "graph", "actor", "place", "event", "activity", "knowledge", "ontology")


def test_negotiation_table(client: httpx.Client, seed: Seed) -> None:
    paths = _paths(seed)
    cases = [(kind, accept, expected) for kind in KINDS for accept, expected in NEGOTIATION]
    assert len(cases) == 99
    for kind, accept, expected in cases:
        headers = {"Accept": accept} if accept is not None else {}
        r = client.get(paths[kind], headers=headers)
        assert r.status_code == 200, (kind, accept, r.text[:200])
        assert r.headers["content-type"].split(";")[0] == expected, (kind, accept)
        assert "Accept" in r.headers["vary"], (kind, accept)


def _outgoing(store: ox.Store, iri: str) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, DG)}


@pytest.mark.parametrize("media_type", sorted(RDF_PARSERS))
def test_rdf_answers_hold_the_resource(client: httpx.Client, seed: Seed, store: ox.Store,
                                       media_type: str) -> None:
    for kind in ("statement", "article", "actor", "place", "event", "activity"):
        iri = getattr(seed, kind)
        r = client.get(seed.path(iri), headers={"Accept": media_type})
        got = {q.triple for q in ox.parse(r.content, format=RDF_PARSERS[media_type])}
        assert _outgoing(store, iri) <= got, (kind, media_type)
        assert got, kind
    # a statement also carries its evidence and both selectors (fragments no client can ask for)
    r = client.get(seed.path(seed.statement), headers={"Accept": media_type})
    got = {q.triple for q in ox.parse(r.content, format=RDF_PARSERS[media_type])}
    for fragment in ("#evidence", "#quote", "#position"):
        part = _outgoing(store, seed.statement + fragment)
        assert part and part <= got, fragment


def test_graph_iris_answer_their_graph(client: httpx.Client, seed: Seed, store: ox.Store) -> None:
    for path, graph in ((seed.path(seed.graph), seed.graph), ("/knowledge", BASE + "knowledge"),
                        ("/ontology", "https://w3id.org/kg/ontology")):
        r = client.get(path, headers={"Accept": "application/n-triples"})
        got = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)}
        expected = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
        assert expected and expected <= got, path


def test_jsonld_is_compacted_with_the_project_context(client: httpx.Client, seed: Seed,
                                                      store: ox.Store) -> None:
    r = client.get(seed.path(seed.statement), headers={"Accept": "application/ld+json"})
    doc = r.json()
    assert doc["@context"]["speaker"] == {"@id": "sem:accordingTo", "@type": "@id"}
    nodes = doc.get("@graph", [doc])
    main = next(n for n in nodes if n.get("id") == seed.statement)
    assert main["speaker"] == seed.speaker
    assert "BlameStatement" in main["type"]


def test_statement_page_highlights_the_evidence_in_the_article(client: httpx.Client, seed: Seed,
                                                               store: ox.Store) -> None:
    r = client.get(seed.path(seed.statement), headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    position = ox.NamedNode(seed.statement + "#position")
    start = int(next(store.quads_for_pattern(position, ox.NamedNode(OA + "start"), None, DG)).object.value)
    end = int(next(store.quads_for_pattern(position, ox.NamedNode(OA + "end"), None, DG)).object.value)
    text = next(store.quads_for_pattern(ox.NamedNode(seed.article), ox.NamedNode("https://schema.org/text"),
                                        None, DG)).object.value
    evidence = next(store.quads_for_pattern(ox.NamedNode(seed.statement), ox.NamedNode(KG + "evidenceText"),
                                            None, DG)).object.value
    assert text[start:end] == evidence
    # the mark sits inside the rtl article text, between the escaped text before and after it
    marked = (f'<div class="text" lang="ar" dir="rtl">{escape(text[:start])}'
              f'<mark id="evidence">{escape(evidence)}</mark>{escape(text[end:])}</div>')
    assert marked in html
    speaker_ar = next(q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(seed.speaker), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, DG)
        if q.object.language == "ar")
    assert f'<span lang="ar" dir="rtl">{escape(speaker_ar)}</span>' in html
    quote = next(store.quads_for_pattern(ox.NamedNode(seed.statement), ox.NamedNode(KG + "quote"),
                                         None, DG)).object.value
    assert f'<blockquote lang="ar" dir="rtl">{escape(quote)}</blockquote>' in html
    assert f'href="{seed.path(seed.speaker)}"' in html  # IRIs under the base link to this server
    assert "<script" not in html and "http://" not in html.split("<body>")[0].replace(
        'href="?format', "")  # no external asset in the head


def test_actor_page_lists_statements_and_links_in(client: httpx.Client, seed: Seed) -> None:
    html = client.get(seed.path(seed.speaker), headers={"Accept": "text/html"}).text
    links_in = html[html.index('<section id="links-in">'):]
    assert f'href="{seed.path(seed.statement)}"' in links_in
    made = html[html.index('<section id="made">'):html.index('<section id="received">')]
    assert f'href="{seed.path(seed.statement)}"' in made


def test_article_page_lists_its_statements(client: httpx.Client, seed: Seed) -> None:
    html = client.get(seed.path(seed.article), headers={"Accept": "text/html"}).text
    listed = html[html.index('<section id="derived">'):]
    assert f'href="{seed.path(seed.statement)}"' in listed
    assert 'lang="ar" dir="rtl"' in html


def test_ontology_page_anchors_every_term(client: httpx.Client, store: ox.Store) -> None:
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    for term in ("accuse", "BlameStatement", "Actor"):
        assert f'id="{term}"' in html
    assert 'href="/ontology#accuse"' in html


@pytest.mark.parametrize(("path", "params", "accept", "status", "media_type"), [
    ("/actor/no-such-actor", {}, "text/html", 404, "text/plain"),
    ("/statement/seed000-000000000000", {}, "text/turtle", 404, "text/plain"),
    ("/actor/%3E%20%7D%20%3Fs%20%3Fp%20%3Fo", {}, "text/turtle", 404, "text/plain"),
    ("/actor/state-am", {}, "application/sparql-results+json", 406, "text/plain"),
    ("/actor/state-am", {"format": "csv"}, "text/html", 406, "text/plain"),
    ("/actor/state-am", {"format": "bogus"}, "text/html", 400, "text/plain"),
    ("/actor/state-am", {"format": "ttl"}, "text/html", 200, "text/turtle"),
    ("/actor/state-am", {"format": "jsonld"}, "text/html", 200, "application/ld+json"),
    ("/actor/state-am", {"format": "html"}, "text/turtle", 200, "text/html"),
    ("/actor/state-am", {"format": "application/n-triples"}, "text/html", 200, "application/n-triples"),
])
def test_errors_and_format_override(client: httpx.Client, path: str, params: dict[str, str], accept: str,
                                    status: int, media_type: str) -> None:
    r = client.get(path, params=params, headers={"Accept": accept})
    assert r.status_code == status, r.text[:200]
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in r.headers["vary"]


def test_head_answers_like_get(client: httpx.Client) -> None:
    r = client.head("/actor/state-am", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert client.head("/actor/no-such-actor").status_code == 404


def _void(client: httpx.Client, accept: str = "text/turtle") -> list[ox.Triple]:
    r = client.get("/.well-known/void", headers={"Accept": accept})
    assert r.status_code == 200 and "Accept" in r.headers["vary"]
    media = r.headers["content-type"].split(";")[0]
    return [q.triple for q in ox.parse(r.content, format=RDF_PARSERS[media])]


def _value(triples: list[ox.Triple], subject: ox.NamedNode | ox.BlankNode, predicate: str) -> ox.Term:
    return next(t.object for t in triples if t.subject == subject and t.predicate.value == predicate)


def _objects(triples: list[ox.Triple], subject: ox.Term, predicate: str) -> list[ox.Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def _partitions(triples: list[ox.Triple], dataset: ox.Term, link: str, key: str,
                count: str) -> dict[str, int]:
    """``{class or property IRI: count}`` of the dataset's VoID partitions."""
    return {_value(triples, part, VOID + key).value: int(_value(triples, part, VOID + count).value)
            for part in _objects(triples, dataset, VOID + link)}


def test_void_counts_match_the_store(client: httpx.Client, store: ox.Store) -> None:
    triples = _void(client)
    dataset = next(t.subject for t in triples
                   if t.predicate == RDF_TYPE and t.object.value == VOID + "Dataset")
    assert int(_value(triples, dataset, VOID + "triples").value) == len(
        list(store.quads_for_pattern(None, None, None, DG)))
    assert _value(triples, dataset, VOID + "uriSpace").value == BASE
    assert _value(triples, dataset, VOID + "sparqlEndpoint").value == BASE + "sparql"
    assert _value(triples, dataset, "http://purl.org/dc/terms/license").value == \
        "https://opensource.org/licenses/MIT"
    dumps = {t.object.value for t in triples if t.predicate.value == VOID + "dataDump"}
    assert dumps == {BASE + "dumps/kg.nq.gz", BASE + "dumps/kg.ttl.gz", BASE + "dumps/kg.jsonld.gz"}
    partitions = _partitions(triples, dataset, "classPartition", "class", "entities")
    statements = len(set(q.subject for q in store.quads_for_pattern(None, RDF_TYPE,
                                                                     ox.NamedNode(KG + "Statement"), DG)))
    assert partitions[KG + "Statement"] == statements > 0
    properties = _partitions(triples, dataset, "propertyPartition", "property", "triples")
    assert sum(properties.values()) == int(_value(triples, dataset, VOID + "triples").value)
    sources = {t.object.value for t in triples if t.predicate.value == "http://purl.org/dc/terms/source"}
    assert len(sources) == 5  # the seed articles


@pytest.mark.parametrize("accept", ["application/ld+json", "application/n-triples"])
def test_void_in_other_formats(client: httpx.Client, accept: str) -> None:
    triples = _void(client, accept)
    assert any(t.predicate.value == VOID + "triples" for t in triples)


def test_void_refuses_html(client: httpx.Client) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert r.status_code == 406 and "Accept" in r.headers["vary"]


def test_a_custom_base_iri_dereferences(tmp_path: Path) -> None:
    """A build under another base (http://example.org/kg/) served on 127.0.0.1: paths map to
    that base, links stay on this server, the ontology keeps its own IRI."""
    from kg.pipeline import build

    base = "http://example.org/kg/"
    settings = Settings(base_iri=base, store_dir=tmp_path / "store")
    assert build(settings).ok
    with LiveServer(create_app(settings), free_port()) as server, \
            httpx.Client(base_url=server.url, timeout=30) as c:
        r = c.get("/actor/state-am", headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
        assert {t.subject.value for t in triples} == {base + "actor/state-am"}
        assert c.get("/actor/state-am", params={"format": "nt"}).text.count("https://w3id.org/kg/actor") == 0
        html = c.get("/actor/state-am", headers={"Accept": "text/html"}).text
        assert 'href="/statement/' in html and base + "statement/" not in html.split("<main>")[1]
        assert c.get("/ontology", headers={"Accept": "text/turtle"}).status_code == 200
        void = _void(c)
        assert any(t.predicate.value == VOID + "uriSpace" and t.object.value == base for t in void)
        assert json.loads(c.get("/actor/state-am", params={"format": "jsonld"}).text)["id"] == \
            base + "actor/state-am"
