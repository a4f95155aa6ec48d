"""The FastAPI application factory: no module-level app or store (STYLE.md habit 7).

Routers, one per concern: :mod:`kg.serve.sparql` (the protocol endpoint), :mod:`kg.serve.home`
(health), :mod:`kg.serve.ui` (the query page at ``/``, its assets), :mod:`kg.serve.export_routes`
(``/export/{format}``), :mod:`kg.serve.viz` (the ``/viz/`` pages). Every project error becomes an
HTTP status in :func:`_error_response`, the one place that mapping lives.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse

import kg
from kg.errors import (
    BuildLockedError,
    ForbiddenOperationError,
    KGError,
    NotAcceptableError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    UnsupportedMediaTypeError,
)
from kg.serve import export_routes, gsp, home, ld, sparql, ui, viz, void, writes
from kg.serve.catalogue import read_queries
from kg.serve.guard import RequestLimits, SecurityHeaders
from kg.serve.state import ServerState
from kg.serve.workers import WorkerPool
from kg.settings import Settings
from kg.store import LiveStore

log = logging.getLogger(__name__)

#: Error class → HTTP status; the most specific class in the exception's MRO decides.
STATUS: dict[type[KGError], int] = {
    QueryError: 400,
    NotAcceptableError: 406,
    UnsupportedMediaTypeError: 415,
    ForbiddenOperationError: 403,
    writes.UnauthorizedError: 401,
    QueryTimeoutError: 503,
    StoreError: 503,
}

#: Headers that go with a status: how to authenticate (RFC 6750 §3), when to retry.
_HEADERS: dict[type[KGError], dict[str, str]] = {
    writes.UnauthorizedError: {"WWW-Authenticate": 'Bearer realm="kg"'},
    BuildLockedError: {"Retry-After": "5"},
}


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``; opens the live store now (:class:`StoreError` if none)."""
    writes.check_settings(settings)
    store = LiveStore(settings)
    queries = tuple(read_queries(settings.queries_dir)) if settings.queries_dir.is_dir() else ()
    executor = ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1),
                                  thread_name_prefix="kg-query")
    # No query workers for a remote store: its engine runs the queries (kg.serve.sparql).
    pool = WorkerPool(size=0 if settings.store_url else
                      settings.query_workers or max(2, min(4, os.cpu_count() or 1)))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.warm()
        yield
        executor.shutdown(wait=False, cancel_futures=True)
        pool.close()
        store.close()

    # The OpenAPI description is served (/openapi.json); no docs UI, which would load CDN assets.
    app = FastAPI(title="kg SPARQL endpoint", version=kg.__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Who blamed whom, and when, in Arabic news on the Armenia–Azerbaijan "
                              "conflict: a SPARQL 1.1 endpoint and linked-data server, read-only "
                              "unless the operator enables writes with a token.")
    _declare_security(app)
    app.state.kg = ServerState(settings=settings, store=store, executor=executor, pool=pool,
                               queries=queries)
    # Innermost: /sparql queries skip FastAPI's routing (kg.serve.sparql.SparqlFastPath).
    app.add_middleware(sparql.SparqlFastPath, on_error=_error_response)
    # Any origin may query; no cookies or credentials are involved, so none are allowed.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["*"])
    # Outermost: a body cap (413) and a per-client cap on requests in flight (429).
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes,
                       max_in_flight=settings.max_requests_per_client)
    # Outside the limits, so the 413/429 answers get the headers too.
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(KGError, _error_response)  # type: ignore[arg-type]
    app.include_router(sparql.router)
    app.include_router(gsp.router)  # /store: Graph Store Protocol; writes for the operator only
    app.include_router(home.router)
    app.include_router(ui.router)
    app.include_router(export_routes.router)  # /export/{format}: kg.export over HTTP
    app.include_router(viz.router)  # /viz/…: the blame network, timeline and places pages
    app.include_router(ld.router)  # linked data: every minted IRI dereferences here
    app.include_router(void.router)  # /.well-known/void and /dumps/
    return app


async def _error_response(request: Request, exc: KGError) -> PlainTextResponse:
    status = next((STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS), 500)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc, exc_info=status == 500)
    headers = next((_HEADERS[cls] for cls in type(exc).__mro__ if cls in _HEADERS), None)
    if isinstance(exc, writes.UnauthorizedError) and "error" in exc.context:
        headers = {"WWW-Authenticate": f'Bearer realm="kg", error="{exc.context["error"]}"'}
    return PlainTextResponse(str(exc), status_code=status, headers=headers)


def _declare_security(app: FastAPI) -> None:
    """Add the operator's bearer token to the OpenAPI components (the write operations name it)."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema is None:
            schema = build()
            schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(
                writes.BEARER_SCHEME)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
