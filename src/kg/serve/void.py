"""The dataset, described and downloadable: ``/.well-known/void`` and ``/dumps/``.

``/.well-known/void`` answers a VoID description (Describing Linked Datasets with the VoID
Vocabulary, W3C Interest Group Note 2011, §3.2 and §6.2 for the well-known location): size
(``void:triples``, ``void:entities``, distinct subjects / objects, classes, properties), one
``void:classPartition`` per class and one ``void:propertyPartition`` per property with their
counts, the SPARQL endpoint, the dumps, the licence, the articles as sources and the IRI space.
Counts are COUNT queries over the merged default graph, computed on first request and cached per
store build (a build never changes once live; a new build has a new path). Turtle by default,
JSON-LD, N-Triples or RDF/XML by ``Accept`` or ``?format=``.

The dataset's own links (endpoint, dumps, dataset IRI) are under ``Settings.base_iri``, like every
IRI of the graph, which maps to this server's root (:mod:`kg.serve.ld`).

``/dumps/`` lists the gzip-compressed dumps of the live build (:mod:`kg.export.dumps`) with their
sizes; ``/dumps/NAME`` downloads one as ``application/gzip`` (the compressed bytes, no
``Content-Encoding``: the file saved is the ``.gz`` the index names).
"""

from __future__ import annotations

import threading
from html import escape
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse

from kg.errors import NotAcceptableError, QueryError
from kg.export.dumps import DUMPS, DUMPS_BY_NAME, dumps_dir
from kg.serve.ld import RDF_FORMATS, VARY, error_response, negotiate
from kg.serve.pages import PREFIXES
from kg.serve.state import server_state
from kg.settings import Settings

router = APIRouter()

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
MIT = ox.NamedNode("https://opensource.org/licenses/MIT")
#: Media types of the formats the dumps are in (W3C "Unique URIs for file formats").
FORMAT_IRIS = {"kg.nq.gz": "http://www.w3.org/ns/formats/N-Quads",
               "kg.ttl.gz": "http://www.w3.org/ns/formats/Turtle",
               "kg.jsonld.gz": "http://www.w3.org/ns/formats/JSON-LD"}
RIGHTS = ("The software and the graph it builds are under the MIT licence. The article texts "
          "(schema:text) and the sentences and quotes taken from them (kg:evidenceText, kg:quote, "
          "oa:exact) remain the property of their outlets; they are included as evidence for the "
          "extracted statements.")

_COUNTS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
}
#: ``{base}`` is replaced by ``str(ox.Literal(base_iri))`` (escaped by pyoxigraph).
_ENTITIES = ("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
             "FILTER(isIRI(?s) && STRSTARTS(STR(?s), {base})) }")
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_ARTICLES = ("SELECT ?a WHERE { ?a a <https://w3id.org/kg/ontology#Article> } ORDER BY ?a")


def _v(local: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + local)


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


def _scalar(store: ox.Store, query: str) -> int:
    solution = next(iter(store.query(query)))  # type: ignore[arg-type]
    term = solution["n"]
    return int(term.value) if term is not None else 0


def void_description(store: ox.Store, settings: Settings, dumps: list[str]) -> list[ox.Triple]:
    """The VoID triples of the dataset in ``store`` (merged default graph); ``dumps`` are the
    names of the dump files that exist for this build."""
    base = settings.base_iri
    doc = ox.NamedNode(base + ".well-known/void")
    ds = ox.NamedNode(base + ".well-known/void#dataset")
    t = [
        ox.Triple(doc, RDF_TYPE, _v("DatasetDescription")),
        ox.Triple(doc, ox.NamedNode(FOAF + "primaryTopic"), ds),
        ox.Triple(ds, RDF_TYPE, _v("Dataset")),
        ox.Triple(ds, ox.NamedNode(DCT + "title"),
                  ox.Literal("kg: who blamed whom, and when (Armenia–Azerbaijan, Arabic news)",
                             language="en")),
        ox.Triple(ds, ox.NamedNode(DCT + "description"),
                  ox.Literal("Statements of blame, condemnation and denial extracted from Arabic news "
                             "articles, with speaker, target, date, confidence and the evidence span "
                             "in the article text.", language="en")),
        ox.Triple(ds, ox.NamedNode(DCT + "license"), MIT),
        ox.Triple(ds, ox.NamedNode(DCT + "rights"), ox.Literal(RIGHTS, language="en")),
        ox.Triple(ds, _v("sparqlEndpoint"), ox.NamedNode(base + "sparql")),
        ox.Triple(ds, _v("uriSpace"), ox.Literal(base)),
        ox.Triple(ds, _v("vocabulary"), ox.NamedNode(PREFIXES["kg"].rstrip("#"))),
    ]
    for prefix in ("sem", "prov", "schema", "oa", "geo", "gsp", "skos"):
        t.append(ox.Triple(ds, _v("vocabulary"), ox.NamedNode(PREFIXES[prefix])))
    for name in dumps:
        t.append(ox.Triple(ds, _v("dataDump"), ox.NamedNode(base + "dumps/" + name)))
    for name, query in _COUNTS.items():
        t.append(ox.Triple(ds, _v(name), _count(_scalar(store, query))))
    t.append(ox.Triple(ds, _v("entities"),
                       _count(_scalar(store, _ENTITIES.replace("{base}", str(ox.Literal(base)))))))
    for row in store.query(_CLASSES):  # type: ignore[union-attr]
        part = ox.BlankNode()
        t += [ox.Triple(ds, _v("classPartition"), part), ox.Triple(part, _v("class"), row["c"]),
              ox.Triple(part, _v("entities"), row["n"])]
    for row in store.query(_PROPERTIES):  # type: ignore[union-attr]
        part = ox.BlankNode()
        t += [ox.Triple(ds, _v("propertyPartition"), part), ox.Triple(part, _v("property"), row["p"]),
              ox.Triple(part, _v("triples"), row["n"])]
    for row in store.query(_ARTICLES):  # type: ignore[union-attr]
        t.append(ox.Triple(ds, ox.NamedNode(DCT + "source"), row["a"]))
    return t


class VoidCache:
    """VoID triples per (build directory, base IRI, dumps present): a live build never changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, tuple[str, ...]], list[ox.Triple]] = {}

    def get(self, store: ox.Store, build: Path | None, settings: Settings,
            dumps: list[str]) -> list[ox.Triple]:
        key = (str(build), settings.base_iri, tuple(dumps))
        with self._lock:
            cached = self._entries.get(key)
        if cached is None:
            cached = void_description(store, settings, dumps)
            with self._lock:
                self._entries = {key: cached}  # only the live build is worth keeping
        return cached


def _cache(request: Request) -> VoidCache:
    state = request.app.state
    cache = getattr(state, "kg_void", None)
    if cache is None:
        cache = VoidCache()
        state.kg_void = cache
    return cache


def present_dumps(build: Path | None) -> list[tuple[str, int]]:
    """``(name, size)`` of the dumps of ``build`` that exist, in :data:`DUMPS` order."""
    if build is None:
        return []
    out = []
    for dump in DUMPS:
        path = dumps_dir(build) / dump.name
        if path.is_file():
            out.append((dump.name, path.stat().st_size))
    return out


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], include_in_schema=False)
def void(request: Request) -> Response:
    try:
        fmt = negotiate(RDF_FORMATS, request)
    except NotAcceptableError as exc:
        return error_response(exc, 406)
    except QueryError as exc:
        return error_response(exc, 400)
    state = server_state(request)
    store = state.store.get()
    build = state.store.path
    dumps = [name for name, _ in present_dumps(build)]
    triples = _cache(request).get(store, build, state.settings, dumps)
    assert isinstance(fmt.serializer, ox.RdfFormat)
    body = ox.serialize(triples, format=fmt.serializer,
                        prefixes={**PREFIXES, "void": VOID, "dct": DCT, "foaf": FOAF})
    return Response(body, media_type=fmt.media_type, headers=VARY)


def _no_dumps(settings: Settings) -> str:
    if settings.store_url:
        return ("This server reads a remote SPARQL store, for which no dumps are written: "
                "use the SPARQL endpoint, or the store's own export.")
    return "No dumps for the live build yet."


@router.get("/dumps/", response_class=HTMLResponse, include_in_schema=False)
def dumps_index(request: Request) -> HTMLResponse:
    """An HTML list of the live build's dumps with sizes; 404 saying why when it has none."""
    state = server_state(request)
    state.store.get()
    present = dict(present_dumps(state.store.path))
    root = request.scope.get("root_path", "").rstrip("/")
    rows = "".join(
        f'<tr><td><a href="{escape(root)}/dumps/{escape(d.name)}">{escape(d.name)}</a></td>'
        f"<td>{escape(d.description)}</td><td>{present[d.name]:,} bytes</td></tr>"
        for d in DUMPS if d.name in present)
    body = (f"<table><tr><th>File</th><th>Contents</th><th>Size</th></tr>{rows}</table>" if rows
            else f"<p>{escape(_no_dumps(state.settings))}</p>")
    return HTMLResponse(status_code=200 if rows else 404, content=
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kg: dumps</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:50rem}"
        "td,th{padding:.3rem .6rem;text-align:start;border-bottom:1px solid #eee}</style></head>"
        f"<body><h1>Dumps of the live build</h1>{body}"
        "<p>gzip-compressed (<code>application/gzip</code>); <code>kg.nq.gz</code> holds every "
        "named graph, the others the merged graph. Licence: MIT; article texts remain the "
        f'property of their outlets. See also <a href="{escape(root)}/.well-known/void">the '
        "dataset description (VoID)</a>.</p></body></html>")


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"], include_in_schema=False)
def dump_file(request: Request, name: str) -> Response:
    """One dump of the live build, by its name in :data:`kg.export.dumps.DUMPS` only."""
    state = server_state(request)
    state.store.get()
    build = state.store.path
    dump = DUMPS_BY_NAME.get(name)
    path = dumps_dir(build) / name if (dump is not None and build is not None) else None
    if dump is None or path is None or not path.is_file():
        reason = f"; {_no_dumps(state.settings)}" if dump is not None else ""
        return Response(f"no dump named {name!r}{reason}", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=dump.media_type, filename=name)
