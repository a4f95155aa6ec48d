"""Writes over HTTP, for the operator only: SPARQL 1.1 Update (Protocol §2.2) at ``/sparql`` and
Graph Store Protocol ``PUT`` / ``POST`` / ``DELETE`` (§5.3–5.5) at ``/store``.

- No ``Settings.update_token``: every write is refused (403) — the endpoint is read-only.
- With a token: a request must carry ``Authorization: Bearer <token>`` (RFC 6750 §2.1; compared
  in constant time), else 401 with ``WWW-Authenticate: Bearer``. Then the write is checked
  (:func:`kg.serve.protocol.check_update_policy`: no ``SERVICE``, no ``LOAD``, no direct write
  of the merged default graph), applied to a copy of the live store that is swapped in
  (:func:`kg.store.derive_build`; query workers follow the new path on their next query) and
  appended to the replayable update log (:mod:`kg.store.updates`) before it goes live.

Writes run one at a time (an asyncio lock here, the build lock across processes): a ``kg build``
running at the same moment makes a write fail with 503 and ``Retry-After``, never interleave.
"""

from __future__ import annotations

import asyncio
import hmac
from pathlib import Path

import pyoxigraph as ox
from fastapi import Request, Response

from kg.errors import ForbiddenOperationError, KGError, QueryError, UnsupportedMediaTypeError
from kg.serve.protocol import check_update_policy
from kg.serve.state import server_state
from kg.settings import Settings
from kg.store import derive_build
from kg.store.updates import GraphMethod, GraphWrite, SparqlUpdate, Write, append, apply, truncate

#: The security scheme the OpenAPI description declares for writes.
BEARER_SCHEME = {"operatorToken": {"type": "http", "scheme": "bearer",
                                   "description": "The operator's update token (Settings.update_token); "
                                                  "without one configured, writes are refused (403)."}}


class UnauthorizedError(KGError):
    """A write without the operator's token, or with a wrong one (HTTP 401)."""


#: Shorter tokens are refused: the token is the only thing between a client and the data.
MIN_TOKEN_LENGTH = 16


def read_token_file(path: Path) -> str:
    """The operator's token from ``path`` (first line, stripped); a :class:`KGError` if the file
    is unreadable or the token shorter than :data:`MIN_TOKEN_LENGTH`. A file, never an argument:
    command lines are visible to every user of the machine (``ps``)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"cannot read the update token: {exc}", path=path) from exc
    token = lines[0].strip() if lines else ""
    if len(token) < MIN_TOKEN_LENGTH:
        raise KGError(f"the update token must be at least {MIN_TOKEN_LENGTH} characters", path=path)
    return token


def check_settings(settings: Settings) -> None:
    """Refuse to start with a token too short to be a secret (it may come from ``KG_UPDATE_TOKEN``)."""
    if settings.update_token is not None and len(settings.update_token.strip()) < MIN_TOKEN_LENGTH:
        raise KGError(f"the update token must be at least {MIN_TOKEN_LENGTH} characters")


def authorise(request: Request) -> None:
    """Let the request write, or raise: 403 if writes are off, 401 without the right token."""
    settings = server_state(request).settings
    if not settings.update_token:
        raise ForbiddenOperationError("this endpoint is read-only: SPARQL Update and Graph Store "
                                      "writes are not accepted")
    if settings.store_url:
        raise ForbiddenOperationError("writes through this endpoint need the embedded store; "
                                      "write to the remote store directly")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UnauthorizedError("writes need the operator's token: Authorization: Bearer <token>")
    if not hmac.compare_digest(given.strip().encode(), settings.update_token.encode()):
        raise UnauthorizedError("the token is not the operator's token", error="invalid_token")


async def perform(request: Request, write: Write) -> None:
    """Apply ``write`` as a new live build and log it; one write at a time."""
    state = server_state(request)
    async with state.write_lock:
        await asyncio.get_running_loop().run_in_executor(state.executor, commit, state.settings, write)


def commit(settings: Settings, write: Write) -> Path:
    """Apply ``write`` to a copy of the live store, log it, and swap the copy in; return its path.

    The log entry is written (with ``fsync``) before the swap; if the swap does not happen, the
    entry is cut off again, so the log holds exactly the writes that went live.
    """
    from kg.export.dumps import write_build_dumps

    logged: int | None = None

    def finish(build: Path) -> None:
        nonlocal logged
        write_build_dumps(build)  # a live build always has its dumps (/dumps/, kg.serve.void)
        logged = append(settings.updates_log, write)

    try:
        return derive_build(settings, lambda store: apply(store, write), finish=finish)
    except BaseException:
        if logged is not None:
            truncate(settings.updates_log, logged)
        raise


async def update(request: Request, text: str) -> Response:
    """SPARQL 1.1 Protocol §2.2: run an update; 204 No Content when it has been applied."""
    authorise(request)
    check_update_policy(text)
    await perform(request, SparqlUpdate(text, base_iri=str(request.url.replace(query=""))))
    return Response(status_code=204)


async def write_graph(request: Request, method: GraphMethod, graph: str) -> Response:
    """Graph Store Protocol §5.3 PUT (replace), §5.5 POST (merge into), §5.4 DELETE a named graph.

    The body (PUT, POST) is one graph in any triples format pyoxigraph reads, by Content-Type.
    Call it once :func:`authorise` has let the request through.
    """
    triples: tuple[ox.Triple, ...] = ()
    if method == "delete":
        if not server_state(request).store.get().contains_named_graph(ox.NamedNode(graph)):
            return Response(f"no graph {graph}", status_code=404, media_type="text/plain")
    else:
        triples = _read_graph(request.headers.get("content-type"), await request.body(), graph)
    created = method != "delete" and not server_state(request).store.get().contains_named_graph(
        ox.NamedNode(graph))
    await perform(request, GraphWrite(method, graph, triples))
    return Response(status_code=201 if created else 204)


def _read_graph(content_type: str | None, body: bytes, graph: str) -> tuple[ox.Triple, ...]:
    media = (content_type or "").partition(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None or fmt.supports_datasets:
        raise UnsupportedMediaTypeError(
            f"send one graph as Turtle, N-Triples, RDF/XML or JSON-LD, not {media or 'no content type'}")
    try:
        return tuple(quad.triple for quad in ox.parse(body, format=fmt, base_iri=graph))
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"the request body is not valid {fmt.name}: {exc}") from exc
