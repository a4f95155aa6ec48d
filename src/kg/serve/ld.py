"""Linked data: every IRI the build mints dereferences on this server (Cool URIs for the
Semantic Web §4.3: one IRI, several representations by content negotiation).

The path of a request *is* the IRI minus ``Settings.base_iri``: ``GET /actor/state-am`` describes
``{base}actor/state-am`` whatever host the server runs on, so the same build can be served
behind ``https://w3id.org/kg/`` or on ``127.0.0.1``. The one exception is ``/ontology``: the
ontology's IRI (``https://w3id.org/kg/ontology``, :data:`kg.graph.ONTOLOGY_GRAPH`) does not move
with the base. The request path is used undecoded (``raw_path``): minted keys outside the URI
unreserved set are percent-encoded (:func:`kg.graph.iris.slug`), and decoding would merge
``a%2Fb`` with ``a/b``.

What a resource's representation holds (:func:`describe`):

- a named graph (``/graph/ID``, ``/knowledge``, ``/ontology``): the graph's triples;
- anything else: its outgoing triples in the merged default graph, plus those of the resources
  it owns, i.e. blank nodes and its own fragments (a statement's ``#evidence``, ``#quote`` and
  ``#position``; a place's ``#geometry``), which no client can request on their own (a fragment
  never reaches the server). HTML pages also show incoming links ("what points here").

Terms reach the store only as pyoxigraph terms (``quads_for_pattern``) or, in SPARQL text, as
``str(NamedNode)`` of an IRI pyoxigraph has already validated: no request text is pasted into a
query. Formats: HTML (:mod:`kg.serve.pages`), Turtle, JSON-LD (compacted with
``ontology/context.jsonld``), N-Triples, RDF/XML; ``?format=`` overrides ``Accept``; every
response, errors included, carries ``Vary: Accept``. 404 when no triple mentions the IRI, 406
when no format fits, 400 for a path that is no IRI or an unknown ``?format=``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from rdflib import Graph

from kg.errors import NotAcceptableError, QueryError
from kg.graph import ONTOLOGY_GRAPH
from kg.graph.quads import from_oxigraph_term
from kg.serve import formats, pages
from kg.serve.formats import GRAPH_FORMATS, Format
from kg.serve.state import server_state

router = APIRouter()

#: First path segments of minted IRIs (kg.graph.iris.Minter); each is ``/{segment}/{key}``.
RESOURCE_SEGMENTS = ("article", "graph", "actor", "place", "statement", "event", "activity")
#: Whole paths that name one resource: the shared graph and the ontology document.
RESOURCE_PATHS = ("knowledge", "ontology")

#: HTML pages: listed in the negotiation table with the RDF formats so one q-value comparison
#: decides between them. Its ``serializer`` is never used: pages come from :mod:`kg.serve.pages`.
HTML = Format("html", ("text/html", "application/xhtml+xml"), ox.RdfFormat.TURTLE)
_BY_NAME = {f.name: f for f in GRAPH_FORMATS}
#: In preference order for wildcards: Turtle, then JSON-LD (``application/*``).
RDF_FORMATS: tuple[Format, ...] = tuple(_BY_NAME[n] for n in ("turtle", "jsonld", "ntriples", "rdfxml"))
#: Turtle first: a client that accepts anything (``*/*``, no Accept) is rarely a person.
LD_FORMATS: tuple[Format, ...] = (RDF_FORMATS[0], HTML, *RDF_FORMATS[1:])

#: ``?format=`` names for linked data (also any media type of :data:`LD_FORMATS`).
FORMAT_NAMES = {
    "html": "html", "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
    "n-triples": "ntriples", "rdfxml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
}
#: Names that mean something elsewhere (SPARQL results, datasets) but not here: 406, not 400.
_OTHER_NAMES = {f.name for f in formats.RESULT_FORMATS + GRAPH_FORMATS} | {"nq", "trig"}

#: How many incoming links, and statements per list, an HTML page shows at most.
PAGE_LIMIT = 500

VARY = {"Vary": "Accept"}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SCHEMA_TEXT = ox.NamedNode("https://schema.org/text")
SCHEMA_HEADLINE = ox.NamedNode("https://schema.org/headline")
KG = "https://w3id.org/kg/ontology#"


# --- Negotiation --------------------------------------------------------------------------------

def negotiate(table: Sequence[Format], request: Request) -> Format:
    """The format of ``table`` for this request: ``?format=`` (a name or media type) else Accept.

    :class:`NotAcceptableError` (406) when nothing fits, :class:`QueryError` (400) for an unknown
    ``?format=`` name. Accept parsing and q-value ranking are :func:`kg.serve.formats.choose`.
    """
    accept = request.headers.get("accept")
    param = request.query_params.get("format")
    if param:
        if "/" in param:
            accept = param
        else:
            name = FORMAT_NAMES.get(param.lower())
            chosen = next((f for f in table if f.name == name), None)
            if chosen is not None:
                return chosen
            if name is None and param.lower() not in _OTHER_NAMES:
                raise QueryError(f"unknown format {param!r}", format=param)
            raise NotAcceptableError(f"format {param!r} cannot represent this resource; use one "
                                     f"of: {', '.join(f.name for f in table)}")
    return formats.choose(table, accept, None)


def error_response(exc: Exception, status: int) -> Response:
    """Errors of these routes carry ``Vary: Accept`` too (a cache must not reuse a 406)."""
    return PlainTextResponse(str(exc), status_code=status, headers=VARY)


# --- What a resource is -------------------------------------------------------------------------

@dataclass(frozen=True)
class Description:
    """The RDF representation of one resource, and what its HTML page adds."""

    node: ox.NamedNode
    triples: tuple[ox.Triple, ...]  # the representation (see the module docstring)
    incoming: tuple[ox.Triple, ...]  # at most PAGE_LIMIT triples pointing at the resource
    incoming_truncated: bool
    is_graph: bool

    @property
    def iri(self) -> str:
        return self.node.value


def request_iri(request: Request, base_iri: str) -> ox.NamedNode:
    """The IRI a request path names (see the module docstring); :class:`QueryError` if none."""
    raw = request.scope.get("raw_path") or request.url.path.encode("ascii", "replace")
    root = request.scope.get("root_path", "").encode("ascii", "replace")
    if root and raw.startswith(root):
        raw = raw[len(root):]
    try:
        path = raw.decode("ascii").lstrip("/")
    except UnicodeDecodeError:
        raise QueryError("the request path must be ASCII (percent-encode it)") from None
    if path == "ontology":
        return ox.NamedNode(str(ONTOLOGY_GRAPH))
    try:
        return ox.NamedNode(base_iri + path)
    except ValueError as exc:
        raise QueryError(f"the path does not name an IRI: {exc}") from None


def describe(store: ox.Store, node: ox.NamedNode) -> Description | None:
    """:class:`Description` of ``node``, or ``None`` when no triple mentions it."""
    default = ox.DefaultGraph()
    is_graph = store.contains_named_graph(node)
    triples: list[ox.Triple] = []
    if is_graph:
        triples.extend(q.triple for q in store.quads_for_pattern(None, None, None, node))
    owned = _owned_triples(store, node, default)
    seen = set(triples)
    triples.extend(t for t in owned if t not in seen)
    incoming = list(itertools.islice(
        (q.triple for q in store.quads_for_pattern(None, None, node, default)), PAGE_LIMIT + 1))
    if not triples and not incoming:
        return None
    return Description(node, tuple(triples), tuple(incoming[:PAGE_LIMIT]),
                       len(incoming) > PAGE_LIMIT, is_graph)


def _owned_triples(store: ox.Store, node: ox.NamedNode, graph: ox.DefaultGraph) -> list[ox.Triple]:
    """Outgoing triples of ``node`` and, transitively, of its blank nodes and ``#fragments``."""
    fragment_prefix = node.value + "#"
    queue: list[ox.NamedNode | ox.BlankNode] = [node]
    seen: set[ox.NamedNode | ox.BlankNode] = {node}
    out: list[ox.Triple] = []
    while queue:
        subject = queue.pop(0)
        for quad in store.quads_for_pattern(subject, None, None, graph):
            out.append(quad.triple)
            obj = quad.object
            owned = isinstance(obj, ox.BlankNode) or (
                isinstance(obj, ox.NamedNode) and obj.value.startswith(fragment_prefix))
            if owned and obj not in seen:
                seen.add(obj)  # type: ignore[arg-type]
                queue.append(obj)  # type: ignore[arg-type]
    return out


# --- What an HTML page needs besides the description ------------------------------------------

def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, pages.Label]:
    """English and Arabic labels of each IRI that has one: rdfs:label, else skos:prefLabel, else
    (articles) schema:headline.

    One query per :data:`LABEL_BATCH` IRIs (a ``VALUES`` block of validated IRIs), not one store
    read per IRI and property: a page of an actor names hundreds of resources, and on a remote
    store (:mod:`kg.store.remote`) each read is an HTTP request.
    """
    nodes = []
    for iri in sorted(set(iris)):
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError:
            continue
    priority = {p.value: rank for rank, p in enumerate((RDFS_LABEL, SKOS_PREF_LABEL, SCHEMA_HEADLINE))}
    rows: list[tuple[int, str, ox.Literal]] = []
    for start in range(0, len(nodes), LABEL_BATCH):
        values = " ".join(str(n) for n in nodes[start:start + LABEL_BATCH])
        query = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {RDFS_LABEL} "
                 f"{SKOS_PREF_LABEL} {SCHEMA_HEADLINE} }} ?s ?p ?o FILTER(isLiteral(?o)) }}")
        for solution in store.query(query):  # type: ignore[union-attr]
            obj = solution["o"]
            assert isinstance(obj, ox.Literal)
            rows.append((priority[solution["p"].value], solution["s"].value, obj))
    by_iri: dict[str, dict[str, str]] = {}
    for _, iri, obj in sorted(rows, key=lambda row: row[0]):  # stable: store order within a property
        by_iri.setdefault(iri, {}).setdefault((obj.language or "").split("-")[0], obj.value)
    return {iri: pages.Label(en=by_lang.get("en") or by_lang.get(""), ar=by_lang.get("ar"))
            for iri, by_lang in by_iri.items()}


#: IRIs per label query (keeps each query text small for remote stores' request limits).
LABEL_BATCH = 200


def literal_of(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> str | None:
    for quad in store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph()):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


#: Statements linked to one resource by one property; ``{link}`` and ``{resource}`` are
#: replaced by ``str()`` of validated pyoxigraph NamedNodes only.
_STATEMENTS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?st ?kind ?speaker ?target ?date ?earliest ?latest ?basis ?confidence ?article WHERE {
  ?st {link} {resource} ; a kg:Statement ; kg:kind ?kind ; sem:accordingTo ?speaker .
  OPTIONAL { ?st prov:wasDerivedFrom ?article }
  OPTIONAL { ?st kg:target ?target }
  OPTIONAL { ?st kg:statementDate ?date }
  OPTIONAL { ?st kg:earliestDate ?earliest }
  OPTIONAL { ?st kg:latestDate ?latest }
  OPTIONAL { ?st kg:dateBasis ?basis }
  OPTIONAL { ?st kg:confidence ?confidence }
} ORDER BY ?latest ?st LIMIT {limit}
"""

LINKS = {
    "derived": ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
    "made": ox.NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/accordingTo"),
    "received": ox.NamedNode(KG + "target"),
}


def statements(store: ox.Store, link: ox.NamedNode, node: ox.NamedNode) -> list[pages.StatementRow]:
    """At most :data:`PAGE_LIMIT` statements ``?st link node``, ordered by date."""
    query = (_STATEMENTS.replace("{link}", str(link)).replace("{resource}", str(node))
             .replace("{limit}", str(PAGE_LIMIT)))
    rows = []
    for solution in store.query(query):  # type: ignore[union-attr]
        v = {name: (term.value if (term := solution[name]) is not None else None)
             for name in ("st", "kind", "speaker", "target", "date", "earliest", "latest", "basis",
                          "confidence", "article")}
        rows.append(pages.StatementRow(
            iri=v["st"] or "", kind=v["kind"] or "", speaker=v["speaker"] or "", target=v["target"],
            date=v["date"], earliest=v["earliest"], latest=v["latest"], basis=v["basis"],
            confidence=v["confidence"], article=v["article"]))
    return rows


def page_data(store: ox.Store, description: Description) -> pages.PageData:
    """Everything :func:`kg.serve.pages.render` shows, read from the store."""
    node = description.node
    types = {t.object.value for t in description.triples
             if t.subject == node and t.predicate == RDF_TYPE}
    rows: dict[str, list[pages.StatementRow]] = {}
    if KG + "Article" in types:
        rows["derived"] = statements(store, LINKS["derived"], node)
    if KG + "Actor" in types:
        rows["made"] = statements(store, LINKS["made"], node)
        rows["received"] = statements(store, LINKS["received"], node)
    article_text = None
    source = _evidence_source(description)
    if source is not None:
        article_text = literal_of(store, source, SCHEMA_TEXT)
    iris = {node.value}
    for triple in description.triples + description.incoming:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    for row_list in rows.values():
        for row in row_list:
            iris.update(x for x in (row.kind, row.speaker, row.target) if x)
    return pages.PageData(
        iri=node.value, types=tuple(sorted(types)), triples=description.triples,
        incoming=description.incoming, incoming_truncated=description.incoming_truncated,
        is_graph=description.is_graph, labels=labels(store, iris), statements=rows,
        article_text=article_text)


def _evidence_source(description: Description) -> ox.NamedNode | None:
    """The article a statement's or event's ``#evidence`` points into, if it has one."""
    evidence = ox.NamedNode(description.iri + "#evidence")
    for triple in description.triples:
        if triple.subject == evidence and triple.predicate.value == "http://www.w3.org/ns/oa#hasSource":
            obj = triple.object
            return obj if isinstance(obj, ox.NamedNode) else None
    return None


# --- Serialisation -------------------------------------------------------------------------------

@cache
def jsonld_context(path: Path) -> dict[str, object]:
    """The ``@context`` of ``ontology/context.jsonld`` (read once per path)."""
    with open(path, encoding="utf-8") as fh:
        context: dict[str, object] = json.load(fh)["@context"]
    return context


def serialize(triples: Sequence[ox.Triple], fmt: Format, context_path: Path) -> bytes:
    """``triples`` in ``fmt``; JSON-LD is compacted with the project's context (rdflib)."""
    if fmt.name == "jsonld":
        graph = Graph()
        for t in triples:
            graph.add((from_oxigraph_term(t.subject), from_oxigraph_term(t.predicate),  # type: ignore[arg-type]
                       from_oxigraph_term(t.object)))  # type: ignore[arg-type]
        return graph.serialize(format="json-ld", context=jsonld_context(context_path),
                               auto_compact=True).encode("utf-8")
    assert isinstance(fmt.serializer, ox.RdfFormat)
    return ox.serialize(triples, format=fmt.serializer, prefixes=pages.PREFIXES)


# --- Routes --------------------------------------------------------------------------------------

def resource(request: Request) -> Response:
    """GET/HEAD on any minted IRI: negotiate, describe, answer (see the module docstring)."""
    state = server_state(request)
    settings = state.settings
    try:
        fmt = negotiate(LD_FORMATS, request)
        node = request_iri(request, settings.base_iri)
    except NotAcceptableError as exc:
        return error_response(exc, 406)
    except QueryError as exc:
        return error_response(exc, 400)
    store = state.store.get()
    description = describe(store, node)
    if description is None:
        return error_response(QueryError("no triple mentions this IRI", iri=node.value), 404)
    if fmt is HTML:
        links = pages.Links(settings.base_iri, request.scope.get("root_path", ""))
        html = pages.render(page_data(store, description), links)
        return HTMLResponse(html, headers=VARY)
    body = serialize(description.triples, fmt, settings.ontology_dir / "context.jsonld")
    return Response(body, media_type=fmt.media_type, headers=VARY)


for _segment in RESOURCE_SEGMENTS:
    router.add_api_route(f"/{_segment}/{{key:path}}", resource, methods=["GET", "HEAD"],
                         include_in_schema=False, name=f"ld_{_segment}")
for _path in RESOURCE_PATHS:
    router.add_api_route(f"/{_path}", resource, methods=["GET", "HEAD"], include_in_schema=False,
                         name=f"ld_{_path}")
