"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, read-only.

- ``GET``/``HEAD /store?graph=IRI`` (§5.2, indirect identification): that named graph, by Accept
  (Turtle, N-Triples, RDF/XML, JSON-LD); 404 when the store has no such graph.
- ``GET /store?default``: the default graph is the merge of every graph — the whole dataset — so
  it is not serialised per request: the answer is a 303 to the build's Turtle dump under
  ``/dumps/``, written once by the build.
- ``PUT``, ``POST``, ``DELETE``, ``PATCH``: 403, the endpoint is read-only.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from kg.errors import ForbiddenOperationError, QueryError
from kg.serve import formats
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


@router.api_route("/store", methods=["PUT", "POST", "DELETE", "PATCH"], include_in_schema=False)
async def write_graph(request: Request) -> Response:
    raise ForbiddenOperationError("this endpoint is read-only: Graph Store writes are not accepted")
