"""``/sparql``: the SPARQL 1.1 Protocol endpoint (§2.1 query operation; §2.2 update operation for
the operator only, :mod:`kg.serve.writes`)."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from kg.errors import KGError, QueryError
from kg.serve import formats, writes
from kg.serve.description import SD, service_description
from kg.serve.execute import Limits, evaluate
from kg.serve.protocol import SparqlRequest, check_policy, from_params, from_post
from kg.serve.state import server_state
from kg.serve.workers import ClientGoneError

router = APIRouter()

# OpenAPI: the routes read the request themselves (the protocol allows repeated parameters and
# two POST bodies), so their parameters and bodies are described here, as the server treats them.
_DATASET_PARAMS = [
    {"name": "default-graph-uri", "in": "query", "required": False, "explode": True,
     "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
     "description": "Graphs whose merge is the default graph (Protocol §2.1.4)."},
    {"name": "named-graph-uri", "in": "query", "required": False, "explode": True,
     "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
     "description": "Named graphs of the dataset (Protocol §2.1.4)."},
    {"name": "format", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["", *formats.FORMAT_PARAM_VALUES]},
     "description": "Result format name or media type; overrides Accept (empty: as if absent). "
                    "Other values: 400 "
                    "(unknown name) or 406 (a media type the result cannot take)."},
]
_RESPONSES = {
    "200": {"description": "Query results (SELECT/ASK) or an RDF graph (CONSTRUCT/DESCRIBE), "
                           "by content negotiation; without a query, the Service Description.",
            "content": {t: {} for f in formats.RESULT_FORMATS + formats.GRAPH_FORMATS
                        for t in f.media_types}},
    "400": {"description": "Malformed query (the parser's message with line and column)."},
    "403": {"description": "Update (unless the operator's token is configured), SERVICE, or a "
                           "result over the row cap: refused by policy."},
    "406": {"description": "No result format fits the Accept header."},
    "413": {"description": "Request body too large."},
    "415": {"description": "POST body neither form-encoded nor application/sparql-query, or not UTF-8."},
    "429": {"description": "Too many requests in flight from this client."},
    "503": {"description": "The query ran past the time limit and was stopped."},
}
_GET_DOC = {"parameters": [{"name": "query", "in": "query", "required": False,
                            "schema": {"type": "string", "pattern": r"\S"},
                            "description": "The SPARQL query (not empty)."},
                           *_DATASET_PARAMS],
            "responses": _RESPONSES}
_QUERY_FORM = {"type": "object", "required": ["query"],
               "properties": {"query": {"type": "string", "pattern": r"\S"},
                              "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                              "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}
_UPDATE_FORM = {"type": "object", "required": ["update"],
                "properties": {"update": {"type": "string", "pattern": r"\S"}}}
_POST_DOC = {"parameters": _DATASET_PARAMS,
             "description": "A query (§2.1.2, §2.1.3), or — for the operator — an update (§2.2.1 "
                            "form-encoded `update=`, §2.2.2 `application/sparql-update`), answered "
                            "204 once applied. Updates need `Authorization: Bearer <token>` when the "
                            "operator has configured one (else 401), and are refused (403) when not; "
                            "SERVICE, LOAD and direct writes of the merged default graph are refused.",
             "security": [{}, {"operatorToken": []}],
             "requestBody": {"required": True, "content": {
                 "application/x-www-form-urlencoded": {"schema": {"oneOf": [_QUERY_FORM, _UPDATE_FORM]}},
                 "application/sparql-query": {"schema": {"type": "string", "pattern": r"\S"}},
                 "application/sparql-update": {"schema": {"type": "string", "pattern": r"\S"}}}},
             "responses": {**_RESPONSES,
                           "204": {"description": "The update has been applied."},
                           "401": {"description": "An update without the operator's token, or "
                                                  "with a wrong one.",
                                   "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}}}}


@router.get("/sparql", openapi_extra=_GET_DOC, summary="SPARQL 1.1 query via GET (Protocol §2.1.1)")
async def sparql_get(request: Request) -> Response:
    """§2.1.1 query via GET; without ``query`` the answer is the service description."""
    sparql = from_params(request.query_params.multi_items())
    if sparql.query is None:
        return _describe(request, sparql)
    return await _answer(request, sparql)


@router.post("/sparql", openapi_extra=_POST_DOC,
             summary="SPARQL 1.1 query or update via POST (Protocol §2.1.2, §2.1.3, §2.2)")
async def sparql_post(request: Request) -> Response:
    """§2.1.2 query via URL-encoded POST, §2.1.3 query via POST directly; §2.2 update."""
    body = await request.body()
    sparql = from_post(request.headers.get("content-type"), body, request.query_params.multi_items())
    if sparql.update is not None:
        return await writes.update(request, sparql.update)
    if sparql.query is None:
        raise QueryError("the request has no query parameter")
    return await _answer(request, sparql)


class SparqlFastPath:
    """Answers ``GET``/``POST /sparql`` straight from the middleware stack, with the very route
    functions above (:func:`sparql_get`, :func:`sparql_post`) and the app's error mapping.

    Why: for a cheap query FastAPI's routing and request handling cost as much CPU as the rest of
    the request, query worker included (measured: a bare ASGI app over the same worker pool used
    about half the CPU per ``ASK {}``). Installed innermost, so the body cap, the per-client cap,
    CORS and the security headers still apply; anything else (``HEAD``, other paths) goes on to
    the router, and the routes stay registered for the OpenAPI description.
    """

    def __init__(self, app: Callable[..., Awaitable[None]],
                 on_error: Callable[[Request, KGError], Awaitable[Response]]) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Awaitable[Any]],
                       send: Callable[..., Awaitable[None]]) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or scope["path"] != "/sparql" or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await (sparql_get(request) if method == "GET" else sparql_post(request))
        except KGError as exc:
            response = await self.on_error(request, exc)
        await response(scope, receive, send)


async def _answer(request: Request, sparql: SparqlRequest) -> Response:
    sparql = dataclasses.replace(sparql, base_iri=str(request.url.replace(query="")))
    state = server_state(request)
    timeout = state.settings.query_timeout_s
    limits = Limits(deadline=time.monotonic() + timeout, max_rows=state.settings.max_result_rows)
    choose = functools.partial(formats.choose, accept=request.headers.get("accept"),
                               format_param=sparql.format)

    assert sparql.query is not None
    check_policy(sparql.query)  # SERVICE and updates are refused before any worker sees them
    store = state.store.get()  # follow a swapped build; the worker opens the same directory
    if state.store.remote is not None:
        # A remote store (kg.store.remote) does the work: no worker to kill; the HTTP read timeout
        # frees this thread, the remote's own timeout stops its work.
        answer = await run_in_threadpool(evaluate, store, sparql, choose, limits)
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})
    assert state.store.path is not None
    try:
        # The worker process checks the deadline while rows flow; the pool kills it when the
        # deadline passes first (a sort or aggregate computing) or when the client leaves.
        answer = await state.pool.run(state.store.path, sparql, choose, limits, timeout,
                                      request.is_disconnected)
    except ClientGoneError:
        return Response(status_code=499)  # nobody is listening; the work has been stopped
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


def _describe(request: Request, sparql: SparqlRequest) -> Response:
    fmt = formats.choose(formats.GRAPH_FORMATS, request.headers.get("accept"), sparql.format)
    assert isinstance(fmt.serializer, ox.RdfFormat)
    endpoint = str(request.url.replace(query=""))
    body = ox.serialize(service_description(endpoint), format=fmt.serializer,
                        prefixes={"sd": SD, "dcterms": "http://purl.org/dc/terms/"})
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})
