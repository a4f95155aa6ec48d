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
    ForbiddenOperationError,
    KGError,
    NotAcceptableError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    UnsupportedMediaTypeError,
)
from kg.serve import export_routes, gsp, home, ld, sparql, ui, viz, void
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
    QueryTimeoutError: 503,
    StoreError: 503,
}


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``; opens the live store now (:class:`StoreError` if none)."""
    store = LiveStore(settings)
    queries = tuple(read_queries(settings.queries_dir)) if settings.queries_dir.is_dir() else ()
    executor = ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1),
                                  thread_name_prefix="kg-query")
    pool = WorkerPool(size=settings.query_workers or max(2, min(4, os.cpu_count() or 1)))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.warm()
        yield
        executor.shutdown(wait=False, cancel_futures=True)
        pool.close()

    # The OpenAPI description is served (/openapi.json); no docs UI, which would load CDN assets.
    app = FastAPI(title="kg SPARQL endpoint", version=kg.__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Who blamed whom, and when, in Arabic news on the Armenia–Azerbaijan "
                              "conflict: a read-only SPARQL 1.1 endpoint and linked-data server.")
    app.state.kg = ServerState(settings=settings, store=store, executor=executor, pool=pool,
                               queries=queries)
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
    app.include_router(gsp.router)  # /store: Graph Store Protocol, reads only
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
    return PlainTextResponse(str(exc), status_code=status)
