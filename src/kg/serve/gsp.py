"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``: reads for everyone, writes for the operator.

- ``GET``/``HEAD /store?graph=IRI`` (§5.2, indirect identification): that named graph, by Accept
  (Turtle, N-Triples, RDF/XML, JSON-LD); 404 when the store has no such graph.
- ``GET /store?default``: the default graph is the merge of every graph — the whole dataset — so
  it is not serialised per request: the answer is a 303 to the build's Turtle dump under
  ``/dumps/``, written once by the build.
- ``PUT`` (§5.3 replace), ``POST`` (§5.5 merge into), ``DELETE`` (§5.4) ``?graph=IRI``: only
  with the operator's token (:mod:`kg.serve.writes`; 403 when none is configured, 401 without
  it). ``?default`` is refused (403): the default graph is the merge of the named graphs
  (:mod:`kg.store.updates`). ``PATCH``: 403.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from kg.errors import ForbiddenOperationError, QueryError
from kg.serve import formats, writes
from kg.serve.state import server_state

router = APIRouter()

#: Graph formats for a single graph (no quads: one graph is asked for).
_SINGLE_GRAPH = tuple(f for f in formats.GRAPH_FORMATS
                      if f.name in ("turtle", "ntriples", "rdfxml", "jsonld"))


class GraphNotFoundError(QueryError):
    """The store holds no graph with the requested IRI."""


@router.api_route("/store", methods=["GET", "HEAD"], include_in_schema=False)
async def read_graph(request: Request) -> Response:
    params = parse_qsl(request.url.query, keep_blank_values=True)
    names = [n for n, _ in params]
    if names.count("graph") + names.count("default") != 1:
        raise QueryError("name exactly one graph: ?graph=IRI or ?default (Graph Store Protocol §4.2)")
    if "default" in names:
        return RedirectResponse("/dumps/kg.ttl.gz", status_code=303, headers={"Vary": "Accept"})
    iri = dict(params)["graph"]
    try:
        graph = ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r}") from exc
    fmt = formats.choose(_SINGLE_GRAPH, request.headers.get("accept"), dict(params).get("format"))
    state = server_state(request)
    store = state.store.get()

    def serialise() -> bytes | None:
        if not store.contains_named_graph(graph):
            return None
        assert isinstance(fmt.serializer, ox.RdfFormat)
        prefixes = formats.PREFIXES if fmt.serializer is ox.RdfFormat.TURTLE else None
        return store.dump(format=fmt.serializer, from_graph=graph, prefixes=prefixes)

    body = await asyncio.get_running_loop().run_in_executor(state.executor, serialise)
    if body is None:
        return Response(f"no graph {iri}", status_code=404, media_type="text/plain",
                        headers={"Vary": "Accept"})
    return Response(b"" if request.method == "HEAD" else body, media_type=fmt.media_type,
                    headers={"Vary": "Accept"})


_GRAPH_PARAM = {"name": "graph", "in": "query", "required": True,
                "schema": {"type": "string", "format": "iri"},
                "description": "The named graph to write (indirect identification, §4.2)."}
_WRITE_RESPONSES = {
    "201": {"description": "The graph did not exist and has been created."},
    "204": {"description": "The write has been applied."},
    "400": {"description": "No graph named, a graph IRI that is not an IRI, or a malformed body."},
    "401": {"description": "No operator token, or a wrong one.",
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}},
    "403": {"description": "Writes are off (no operator token configured), or the default graph."},
    "404": {"description": "DELETE of a graph the store does not have."},
    "413": {"description": "Request body too large."},
    "415": {"description": "A body in a format other than one graph (Turtle, N-Triples, RDF/XML, JSON-LD)."},
    "429": {"description": "Too many requests in flight from this client."},
    "503": {"description": "A build is running; retry later."},
}
_BODY = {"required": True, "content": {t: {"schema": {"type": "string"}} for t in (
    "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")}}
_WRITE_DOC = {"parameters": [_GRAPH_PARAM], "security": [{"operatorToken": []}],
              "responses": _WRITE_RESPONSES}


def _target(request: Request) -> str:
    params = parse_qsl(request.url.query, keep_blank_values=True)
    names = [n for n, _ in params]
    if names.count("graph") + names.count("default") != 1:
        raise QueryError("name exactly one graph: ?graph=IRI or ?default (Graph Store Protocol §4.2)")
    if "default" in names:
        raise ForbiddenOperationError("the default graph is the merge of the named graphs and cannot "
                                      "be written directly: write a named graph (?graph=IRI)")
    iri = dict(params)["graph"]
    try:
        return ox.NamedNode(iri).value
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r}") from exc


@router.put("/store", openapi_extra={**_WRITE_DOC, "requestBody": _BODY},
            summary="Replace a named graph (Graph Store Protocol §5.3), operator only")
async def put_graph(request: Request) -> Response:
    writes.authorise(request)
    return await writes.write_graph(request, "put", _target(request))


@router.post("/store", openapi_extra={**_WRITE_DOC, "requestBody": _BODY},
             summary="Add triples to a named graph (Graph Store Protocol §5.5), operator only")
async def post_graph(request: Request) -> Response:
    writes.authorise(request)
    return await writes.write_graph(request, "post", _target(request))


@router.delete("/store", openapi_extra=_WRITE_DOC,
               summary="Delete a named graph (Graph Store Protocol §5.4), operator only")
async def delete_graph(request: Request) -> Response:
    writes.authorise(request)
    return await writes.write_graph(request, "delete", _target(request))


@router.patch("/store", include_in_schema=False)
async def patch_graph(request: Request) -> Response:
    raise ForbiddenOperationError("PATCH is not supported: use PUT, POST or DELETE (operator only)")
