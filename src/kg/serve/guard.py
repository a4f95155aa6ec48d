"""Limits every request meets before any route: a request body cap and a per-client concurrency cap.

A pure ASGI middleware (no per-request task or thread, unlike Starlette's ``BaseHTTPMiddleware``):

- a body larger than ``Settings.max_body_bytes`` is refused with 413 — by its Content-Length
  before anything is read, or while reading a chunked body (bodies are small SPARQL queries, so
  they are buffered here and replayed to the route);
- a client (by peer address) with ``Settings.max_requests_per_client`` requests already in flight
  gets 429 with ``Retry-After``, so one client cannot occupy every query worker.

:class:`SecurityHeaders` adds, in this one place, the headers every HTML page needs (a page that
sets its own Content-Security-Policy keeps it) and ``nosniff`` on every response.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class RequestLimits:
    def __init__(self, app: ASGIApp, max_body_bytes: int, max_in_flight: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_in_flight = max_in_flight
        self.in_flight: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.in_flight[client] >= self.max_in_flight:
            await _plain(send, 429, f"too many concurrent requests from this client (at most "
                                    f"{self.max_in_flight}); retry when one has finished",
                         [(b"retry-after", b"1")])
            return
        self.in_flight[client] += 1
        try:
            if scope["method"] in _BODY_METHODS:
                body = await self._read_body(scope, receive, send)
                if body is None:
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send)
        finally:
            self.in_flight[client] -= 1
            if not self.in_flight[client]:
                del self.in_flight[client]

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        too_large = f"the request body is larger than {self.max_body_bytes} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                await _plain(send, 413, too_large)
                return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await _plain(send, 413, too_large)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later: the disconnect message, as the route expects

    return replay


async def _plain(send: Send, status: int, text: str,
                 headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"access-control-allow-origin", b"*"), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


#: For HTML pages that set no policy of their own: only this origin; inline ``<style>`` (the
#: linked-data pages carry one) but no inline script; no framing by other sites.
DEFAULT_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; "
               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
_HTML_HEADERS = ((b"content-security-policy", DEFAULT_CSP.encode()),
                 (b"x-frame-options", b"DENY"),
                 (b"referrer-policy", b"same-origin"))


class SecurityHeaders:
    """Adds missing security headers: on HTML responses a CSP, ``X-Frame-Options: DENY`` and
    ``Referrer-Policy: same-origin``; on every response ``X-Content-Type-Options: nosniff``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                wanted = [(b"x-content-type-options", b"nosniff")]
                if content_type.lower().startswith(b"text/html"):
                    wanted.extend(_HTML_HEADERS)
                headers.extend((n, v) for n, v in wanted if n not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
