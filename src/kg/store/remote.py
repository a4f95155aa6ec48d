"""Stage 5 over HTTP: any SPARQL 1.1 store instead of the embedded pyoxigraph store.

Selected by ``Settings.store_url`` (``kg --store http://host:7878 …`` or ``KG_STORE_URL``). Three
standard endpoints are used, by default in ``oxigraph serve``'s layout under the URL
(:class:`Endpoints`; docs/remote-store.md gives the patterns of Fuseki, QLever, GraphDB, Virtuoso):

- SPARQL 1.1 Protocol (§2.1.2, query via URL-encoded POST) at ``…/query``: every read;
- SPARQL 1.1 Graph Store HTTP Protocol (§5.3 PUT, indirect identification ``?graph=`` /
  ``?default``) at ``…/store``: the build writes one named graph per request;
- SPARQL 1.1 Update (``DROP SILENT GRAPH``) at ``…/update``: the build removes graphs of the
  previous build that the new one no longer has.

:func:`write_remote` is :func:`kg.store.write_store` for a remote store: same arguments, same
graph layout, including the merged default graph the product's queries read
(:mod:`kg.store.read` says why it is materialised rather than a union: a union is a multiset, and
``oxigraph serve --union-default-graph`` measured so too). Atomicity: a build that fails before
writing (an article that does not conform) leaves the remote unchanged; each ``PUT`` replaces one
graph atomically; the writing as a whole is not atomic (readers may see some article graphs new
and others old until it ends; the merged default graph switches in one request at the end).

:class:`RemoteStore` offers the part of the pyoxigraph ``Store`` API the server uses
(``query``, ``quads_for_pattern``, ``contains_named_graph``, ``named_graphs``, ``dump``) over
HTTP, so the server code is the same for both backends. Results are parsed by pyoxigraph
(``parse_query_results``: real ``QuerySolutions`` / ``QueryBoolean``; ``parse`` for graphs).
HTTP failures become project errors: the store unreachable, refusing or answering garbage →
:class:`StoreError` (HTTP 503); no answer within ``Settings.query_timeout_s`` →
:class:`QueryTimeoutError` (503); a query the remote cannot parse → ``SyntaxError``, as
pyoxigraph raises it, so the server maps it to 400 the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

import httpx
import pyoxigraph as ox

from kg.errors import KGError, QueryTimeoutError, StoreError
from kg.settings import Settings

#: What a query answer may come as, best first (every SPARQL 1.1 store writes JSON results).
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"

#: The prologue of a query (comments, BASE, PREFIX) and the query form that must follow it.
_PROLOGUE = re.compile(r"(?:\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def is_store_url(value: str) -> bool:
    """Whether a ``--store`` value names a remote store (``http://`` / ``https://``) rather than
    a directory."""
    return value.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """The three endpoint URLs of a remote store."""

    query: str
    update: str
    gsp: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoints:
        """Explicit ``store_*_url`` settings win; the others follow ``oxigraph serve``'s layout
        under ``store_url`` (``/query``, ``/update``, ``/store``)."""
        base = (settings.store_url or "").rstrip("/")
        explicit = (settings.store_query_url, settings.store_update_url, settings.store_gsp_url)
        if not base and not all(explicit):
            raise StoreError("no remote store URL is set (--store URL or KG_STORE_URL)")
        return cls(query=settings.store_query_url or f"{base}/query",
                   update=settings.store_update_url or f"{base}/update",
                   gsp=settings.store_gsp_url or f"{base}/store")


def query_form(query: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form after the prologue; ``None``
    for anything else (an update, or no query at all)."""
    prologue = _PROLOGUE.match(query)
    form = _FORM.match(query, prologue.end() if prologue else 0)
    return form.group(1).upper() if form else None


def public_url(url: str | httpx.URL) -> str:
    """``url`` without credentials, for messages."""
    return str(httpx.URL(str(url)).copy_with(username=None, password=None))


def _client(settings: Settings, timeout: httpx.Timeout) -> httpx.Client:
    """A pooled client with the store's credentials: basic (user + password) or bearer token."""
    auth = None
    if settings.store_user:
        auth = httpx.BasicAuth(settings.store_user, settings.store_password or "")
    headers = {"Authorization": f"Bearer {settings.store_token}"} if settings.store_token else None
    return httpx.Client(auth=auth, headers=headers, timeout=timeout, follow_redirects=True,
                        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))


def _transport_error(exc: httpx.HTTPError, url: str | httpx.URL) -> KGError:
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return QueryTimeoutError("the remote store did not answer within the time limit; make the "
                                 "query more selective or add LIMIT", store=public_url(url))
    return StoreError(f"the remote store is unreachable: {type(exc).__name__}: {exc}", store=public_url(url))


class _Body:
    """A streamed HTTP response body as the binary file pyoxigraph's parsers read, closing the
    response at its end; HTTP failures mid-body become project errors."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self._chunks = response.iter_bytes()
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        try:
            while size < 0 or len(self._pending) < size:
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._pending += chunk
        except httpx.HTTPError as exc:
            self.close()
            raise _transport_error(exc, self._response.url) from exc
        if size < 0 or size >= len(self._pending):
            out, self._pending = self._pending, b""
        else:
            out, self._pending = self._pending[:size], self._pending[size:]
        return out

    def close(self) -> None:
        self._response.close()


class RemoteStore:
    """The read side of a remote SPARQL 1.1 store, shaped like the pyoxigraph ``Store`` methods
    the server calls. Thread-safe (one pooled httpx client); cheap to keep for the server's life.

    Our own timeout is the HTTP read timeout (``Settings.query_timeout_s``): it frees the server,
    but only the remote's own query timeout stops the work on the remote (docs/remote-store.md).
    Blank nodes cannot be named in a SPARQL query (``_:b`` is a variable there), so a pattern with
    a blank node term matches nothing here; the product's graphs use IRIs for every resource.
    """

    def __init__(self, settings: Settings, timeout: float | None = None) -> None:
        """``timeout``: seconds to wait for the remote's next bytes (default
        ``Settings.query_timeout_s``)."""
        self.endpoints = Endpoints.from_settings(settings)
        self._client = _client(settings, httpx.Timeout(timeout or settings.query_timeout_s, connect=10.0))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- SPARQL 1.1 Protocol ------------------------------------------------------------------

    def query(self, query: str, *, base_iri: str | None = None, use_default_graph_as_union: bool = False,
              default_graph: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Evaluate ``query`` on the remote (Protocol §2.1.2), as ``Store.query`` does locally.

        ``default_graph`` / ``named_graphs`` become ``default-graph-uri`` / ``named-graph-uri``
        (§2.1.4); ``base_iri`` a ``BASE`` declaration before the query;
        ``use_default_graph_as_union`` oxigraph's ``union-default-graph`` parameter. Anything
        but a query (an update above all) raises ``SyntaxError`` without reaching the remote,
        like pyoxigraph. CONSTRUCT and DESCRIBE answer a list of triples.
        """
        form = query_form(query)
        if form is None:
            raise SyntaxError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after "
                              "the prologue")
        if base_iri is not None:
            query = f"BASE {ox.NamedNode(base_iri)}\n{query}"
        data: dict[str, str | list[str]] = {"query": query}
        if default_graph:
            data["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs:
            data["named-graph-uri"] = [g.value for g in named_graphs]
        params = {"union-default-graph": ""} if use_default_graph_as_union else None
        graph = form in ("CONSTRUCT", "DESCRIBE")
        with self._post_query(data, params, _GRAPH_ACCEPT if graph else _RESULTS_ACCEPT) as response:
            body = self._read(response)
            media_type = response.headers.get("content-type", "")
        if graph:
            return [q.triple for q in _parse_graph(body, media_type, response.url)]
        return _parse_results(body, media_type, response.url)

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | None,
                          predicate: ox.NamedNode | None,
                          object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
                          graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
                          ) -> Iterator[ox.Quad]:
        """The quads matching the pattern (``None`` = any), read lazily from a streamed SELECT:
        stopping early (``next()``, ``islice``) stops the download."""
        terms = (subject, predicate, object, graph_name)
        if any(isinstance(t, ox.BlankNode) for t in terms):
            return iter(())
        s, p, o = (str(t) if t is not None else v for t, v in zip(terms, ("?s", "?p", "?o"), strict=False))
        triple = f"{s} {p} {o}"
        if isinstance(graph_name, ox.DefaultGraph):
            where = triple
        elif isinstance(graph_name, ox.NamedNode):
            where = f"GRAPH {graph_name} {{ {triple} }}"
        else:
            where = f"{{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }}"
        return self._stream_quads(f"SELECT * WHERE {{ {where} }}", terms)

    def _stream_quads(self, query: str, terms: tuple[object, ...]) -> Iterator[ox.Quad]:
        with self._post_query({"query": query}, None, _RESULTS_ACCEPT) as response:
            media_type = response.headers.get("content-type", "")
            fmt = ox.QueryResultsFormat.from_media_type(media_type)
            if fmt is None:
                raise StoreError("the remote store answered an unexpected content type",
                                 content_type=media_type, store=public_url(response.url))
            body = _Body(response)
            try:
                solutions = ox.parse_query_results(body, format=fmt)
                assert isinstance(solutions, ox.QuerySolutions)
                for row in solutions:
                    s, p, o = (t if t is not None else row[v] for t, v in zip(terms, "spo", strict=False))
                    g = terms[3] if terms[3] is not None else (row["g"] or ox.DefaultGraph())
                    yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]
            except SyntaxError as exc:
                raise StoreError(f"the remote store sent a malformed answer: {exc}",
                                 store=public_url(response.url)) from exc
            finally:
                body.close()

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        """Whether the remote has a named graph ``graph_name`` (``ASK { GRAPH <g> {} }``)."""
        answer = self.query(f"ASK {{ GRAPH {graph_name} {{}} }}")
        assert isinstance(answer, ox.QueryBoolean)
        return bool(answer)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """The named graphs of the remote (``GRAPH ?g {}``: the graph index, not a quad scan)."""
        solutions = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    # --- Graph Store HTTP Protocol ------------------------------------------------------------

    def dump(self, output: IO[bytes] | None = None, format: ox.RdfFormat | None = None, *,
             from_graph: ox.NamedNode | ox.DefaultGraph,
             prefixes: dict[str, str] | None = None) -> bytes | None:
        """One graph of the remote (GSP §5.2 GET), written by pyoxigraph in ``format`` as
        ``Store.dump`` writes it locally: ``bytes`` if ``output`` is ``None``. :class:`StoreError`
        when the remote has no such graph."""
        url = httpx.URL(self.endpoints.gsp, params=_graph_param(from_graph))
        try:
            with self._client.stream("GET", url, headers={"Accept": _GRAPH_ACCEPT}) as response:
                _check(response, "read the graph")
                body = self._read(response)
                media_type = response.headers.get("content-type", "")
        except httpx.HTTPError as exc:
            raise _transport_error(exc, url) from exc
        triples = [q.triple for q in _parse_graph(body, media_type, url)]
        return ox.serialize(triples, output, format=format or ox.RdfFormat.N_TRIPLES, prefixes=prefixes)

    def put(self, graph: ox.NamedNode | ox.DefaultGraph, triples: Iterable[ox.Triple]) -> None:
        """Replace one graph with ``triples`` (GSP §5.3 PUT, Turtle written by pyoxigraph)."""
        self.put_turtle(graph, ox.serialize(triples, format=ox.RdfFormat.TURTLE))

    def put_turtle(self, graph: ox.NamedNode | ox.DefaultGraph, body: bytes) -> None:
        """Replace one graph with the Turtle document ``body`` (GSP §5.3 PUT)."""
        url = httpx.URL(self.endpoints.gsp, params=_graph_param(graph))
        try:
            response = self._client.put(url, content=body, headers={"Content-Type": "text/turtle"})
        except httpx.HTTPError as exc:
            raise _transport_error(exc, url) from exc
        _check(response, f"store the graph {graph}")

    def drop(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Remove ``graphs`` in one SPARQL 1.1 Update request (``DROP SILENT GRAPH``; Protocol
        §2.2.2, update via POST directly)."""
        update = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs)
        if not update:
            return
        try:
            response = self._client.post(self.endpoints.update, content=update.encode("utf-8"),
                                         headers={"Content-Type": "application/sparql-update"})
        except httpx.HTTPError as exc:
            raise _transport_error(exc, self.endpoints.update) from exc
        _check(response, "drop graphs")

    # --- plumbing -----------------------------------------------------------------------------

    def _post_query(self, data: dict[str, str | list[str]], params: dict[str, str] | None,
                    accept: str) -> _Streamed:
        return _Streamed(self._client, self.endpoints.query, data, params, accept)

    @staticmethod
    def _read(response: httpx.Response) -> bytes:
        try:
            return response.read()
        except httpx.HTTPError as exc:
            raise _transport_error(exc, response.url) from exc


class _Streamed:
    """``with`` block around one streamed query request: opens it, turns a refusal into the right
    error, and closes the response on the way out."""

    def __init__(self, client: httpx.Client, url: str, data: dict[str, str | list[str]],
                 params: dict[str, str] | None, accept: str) -> None:
        self._request = client.build_request("POST", url, data=data, params=params,
                                             headers={"Accept": accept})
        self._client = client
        self._response: httpx.Response | None = None

    def __enter__(self) -> httpx.Response:
        try:
            self._response = self._client.send(self._request, stream=True)
        except httpx.HTTPError as exc:
            raise _transport_error(exc, self._request.url) from exc
        if self._response.status_code == 400:  # the remote's parser: a caller error, as locally
            message = self._response.read().decode("utf-8", "replace").strip()
            self._response.close()
            raise SyntaxError(f"{message[:2000]} (remote store)")
        _check(self._response, "answer the query")
        return self._response

    def __exit__(self, *exc: object) -> None:
        if self._response is not None:
            self._response.close()


def _check(response: httpx.Response, doing: str) -> None:
    """:class:`StoreError` unless ``response`` is a success; the remote's message is kept."""
    if response.is_success:
        return
    try:
        message = response.read().decode("utf-8", "replace").strip()[:500]
    except httpx.HTTPError:
        message = ""
    finally:
        response.close()
    hint = {401: " (check KG_STORE_USER / KG_STORE_PASSWORD / KG_STORE_TOKEN)",
            403: " (check the credentials and the store's permissions)",
            404: " (check the endpoint URL or the graph)"}.get(response.status_code, "")
    raise StoreError(f"the remote store could not {doing}: HTTP {response.status_code}{hint}: {message}",
                     store=public_url(response.url))


def _graph_param(graph: ox.NamedNode | ox.DefaultGraph) -> dict[str, str]:
    """GSP §4.2 indirect identification."""
    return {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}


def _parse_results(body: bytes, media_type: str, url: object) -> ox.QuerySolutions | ox.QueryBoolean:
    """Parse a whole results document, once through to the end first: a remote whose own timeout
    cut the answer short (``oxigraph serve --timeout-s`` sends a truncated 200) is a
    :class:`StoreError`, never a short result."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError("the remote store answered an unexpected content type", content_type=media_type,
                         store=public_url(str(url)))
    try:
        checked = ox.parse_query_results(body, format=fmt)
        if isinstance(checked, ox.QuerySolutions):
            for _ in checked:
                pass
        del checked
        answer = ox.parse_query_results(body, format=fmt)
    except SyntaxError as exc:
        raise StoreError(f"the remote store sent a malformed answer: {exc}",
                         store=public_url(str(url))) from exc
    assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
    return answer


def _parse_graph(body: bytes, media_type: str, url: object) -> list[ox.Quad]:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError("the remote store answered an unexpected content type", content_type=media_type,
                         store=public_url(str(url)))
    try:
        return list(ox.parse(body, format=fmt))
    except SyntaxError as exc:
        raise StoreError(f"the remote store sent a malformed graph: {exc}",
                         store=public_url(str(url))) from exc


# --- Writing a build ------------------------------------------------------------------------------

#: Seconds to wait for the remote while it stores a graph (large graphs take a while to index).
_WRITE_TIMEOUT_S = 600.0


def write_remote(graphs: Iterable[tuple[str, list[ox.Quad]]], settings: Settings,
                 finish: object | None = None) -> str:
    """Write a build into the remote store; return the store's URL. The remote twin of
    :func:`kg.store.write_store`: each ``(graph_iri, quads)`` pair becomes one named graph
    (quads in the default graph are moved into it; naming another graph is a StoreError).

    ``graphs`` is read to its end before anything is written (each graph kept as Turtle, the
    merge in an in-memory store), so a build whose iterator raises (an article that does not
    conform) leaves the remote as it was. Then, in order: every named graph is replaced with a
    GSP ``PUT ?graph=`` (Turtle written by pyoxigraph); the merge of all of them (each distinct
    triple once) replaces the default graph with one ``PUT ?default``; graphs of a previous build
    that this one lacks are dropped in one Update request. Only graphs under
    ``Settings.base_iri`` and the ontology graph count as a previous build's: other graphs of a
    shared store are left alone (its default graph is not: give kg a store or dataset of its own).

    Each request is atomic on the stores we know; the writing as a whole is not: a failure
    raises :class:`StoreError` and leaves the remote partly updated (running the build again
    brings it to the new state), and readers may meanwhile see some article graphs new and
    others old. There is no build lock across machines: run one build per remote at a time.

    ``finish`` (dumps and the input fingerprint beside a local build) is not called: a remote
    build writes no files, so ``/dumps/`` has none and ``kg build`` always rebuilds.
    """
    from kg.graph import ONTOLOGY_GRAPH
    from kg.store.build import _into_graph

    del finish
    with RemoteStore(settings, timeout=_WRITE_TIMEOUT_S) as remote:
        ours = (settings.base_iri, str(ONTOLOGY_GRAPH))
        # Asked first: an unreachable store or wrong credentials fail before the long part.
        previous = {g.value for g in remote.named_graphs() if g.value.startswith(ours)}
        merged = ox.Store()  # in memory: a set of quads, so the merge keeps each triple once
        bodies: dict[str, bytes] = {}
        for graph_iri, quads in graphs:
            if graph_iri in bodies:
                raise StoreError("graph given twice", graph=graph_iri)
            triples = [q.triple for q in _into_graph(graph_iri, quads)]
            # An empty graph does not exist in a quad store: nothing to PUT, a stale one is dropped.
            bodies[graph_iri] = ox.serialize(triples, format=ox.RdfFormat.TURTLE) if triples else b""
            merged.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        for graph_iri, body in bodies.items():
            if body:
                remote.put_turtle(ox.NamedNode(graph_iri), body)
        remote.put(ox.DefaultGraph(),
                   (q.triple for q in merged.quads_for_pattern(None, None, None, ox.DefaultGraph())))
        remote.drop(ox.NamedNode(g) for g in sorted(previous - {g for g, b in bodies.items() if b}))
        return public_url(settings.store_url or remote.endpoints.gsp)
