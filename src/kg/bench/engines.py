"""The engines a bench compares on one built store, and the clocks that time them.

* ``kg`` — the project's endpoint, started as ``kg serve`` would start it (``python -m kg --store
  DIR serve``: FastAPI + uvicorn on 127.0.0.1, queries in its worker processes), asked over HTTP
  at ``/sparql``;
* ``oxigraph_serve`` — the ``oxigraph`` CLI of PyPI (``oxigraph serve-read-only --location BUILD
  --bind 127.0.0.1:PORT``) on the same store directory, asked at ``/query``;
* ``pyoxigraph_inprocess`` — the same query on the same store opened read-only in this process,
  its answer serialised by pyoxigraph as SPARQL JSON results: the very bytes the HTTP engines send
  (no HTTP, no worker process), so the three engines are timed for the same work.

The HTTP engines are asked with a POSTed query (SPARQL 1.1 Protocol §2.1.3) and ``Accept:
application/sparql-results+json``, over keep-alive connections (one per client thread), and the
whole body is read. The client is the standard library's ``http.client``: with ``httpx`` the
client's own work per answer (about 0.5 ms per request and 1–1.5 ms per 90 KB body here) was
counted in every HTTP figure. Both servers run in their own processes, so the clients in this
process do not compete with them for the GIL. An answer other than 200 raises
:class:`~kg.errors.QueryError` (:class:`~kg.errors.QueryTimeoutError` for 503/504: the kg
endpoint stops a query at its time limit); the clocks count such answers as errors and never as
latencies, because a fast error is not a fast answer. A transport error (the server died) stops
the bench.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.errors import KGError, QueryError, QueryTimeoutError

ENGINES = ("kg", "oxigraph_serve", "pyoxigraph_inprocess")
_ACCEPT = {"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"}
#: Generous: a heavy named query on a large store takes seconds on this machine.
_HTTP_TIMEOUT_S = 300.0
_START_TIMEOUT_S = 120.0

Runner = Callable[[str], int]  # runs one query, returns the result size (rows or bytes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """One engine: :meth:`run` on a shared connection, :meth:`session` for a client thread."""

    name: str

    def run(self, query: str) -> int:
        raise NotImplementedError

    @contextlib.contextmanager
    def session(self) -> Iterator[Runner]:
        yield self.run

    def close(self) -> None:
        """Release the engine (stop its server)."""


class InProcess(Engine):
    """The store opened read-only with pyoxigraph in this process; pyoxigraph releases the GIL
    while it evaluates, so client threads query concurrently. The answer is serialised as SPARQL
    JSON results, as the HTTP engines' bodies are: merely iterating the rows left out the
    serialisation every endpoint does (0.5–1 ms for a 90 KB page here)."""

    name = "pyoxigraph_inprocess"

    def __init__(self, build_dir: Path) -> None:
        self.store = ox.Store.read_only(str(build_dir))

    def run(self, query: str) -> int:
        result = self.store.query(query)
        if isinstance(result, ox.QueryTriples):  # an HTTP engine would answer 406 to our Accept
            raise QueryError("a CONSTRUCT or DESCRIBE query has no SPARQL JSON results", engine=self.name)
        return len(result.serialize(format=ox.QueryResultsFormat.JSON))

    def close(self) -> None:
        del self.store


class HttpEngine(Engine):
    """A SPARQL endpoint in a child process of the bench (:func:`start_kg`, :func:`start_oxigraph`);
    ready once ``ready`` answers below 500, else stopped and reported with its log."""

    def __init__(self, name: str, url: str, process: subprocess.Popen, log: Path, ready: str) -> None:
        self.name, self.url, self.process, self.log = name, url, process, log
        parts = urlsplit(url)
        self._host, self._port, self._path = parts.hostname or "127.0.0.1", parts.port, parts.path
        self.client = self._connect()
        self._wait_ready(ready)

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self._host, self._port, timeout=_HTTP_TIMEOUT_S)

    def _wait_ready(self, probe: str) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = (f"{self.name} exited with status {self.process.returncode} while starting: "
                           f"{self._log_tail()}")
                self.close()
                raise KGError(message, engine=self.name)
            if _probe(probe):
                return
            time.sleep(0.2)
        self.close()
        raise KGError(f"{self.name} did not answer within {_START_TIMEOUT_S:.0f} s", engine=self.name,
                      url=probe)

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def _ask(self, client: http.client.HTTPConnection, query: str) -> int:
        status, body = _post(client, self._path, query.encode())
        if status != 200:
            error = QueryTimeoutError if status in (503, 504) else QueryError
            raise error(f"{self.name} answered {status}: {body[:300].decode(errors='replace')}",
                        engine=self.name, status=status)
        return len(body)

    def run(self, query: str) -> int:
        return self._ask(self.client, query)

    @contextlib.contextmanager
    def session(self) -> Iterator[Runner]:
        client = self._connect()
        try:
            yield lambda query: self._ask(client, query)
        finally:
            client.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.process.poll() is None:
            # The server runs in its own session (process group): SIGTERM to that group reaches
            # the query workers the kg server spawned, and only them.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            self.log.unlink()


def _post(client: http.client.HTTPConnection, path: str, body: bytes) -> tuple[int, bytes]:
    """POST ``body`` on a keep-alive connection; the status and the whole response body.

    A server may close an idle keep-alive connection between two requests (uvicorn after 5 s):
    the request is then sent once more on a new connection. A second failure (the server died)
    is raised.
    """
    try:
        return _exchange(client, path, body)
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        client.close()  # the request below reconnects
        return _exchange(client, path, body)


def _exchange(client: http.client.HTTPConnection, path: str, body: bytes) -> tuple[int, bytes]:
    client.request("POST", path, body=body, headers=_ACCEPT)
    response = client.getresponse()
    return response.status, response.read()


def _probe(url: str) -> bool:
    """Whether ``url`` answers a GET with a status below 500 (the server is up)."""
    parts = urlsplit(url)
    client = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=2.0)
    try:
        client.request("GET", parts.path or "/")
        return client.getresponse().status < 500
    except (OSError, http.client.HTTPException):
        return False
    finally:
        client.close()


def _spawn(argv: list[str], name: str) -> tuple[subprocess.Popen, Path]:
    fd, log = tempfile.mkstemp(prefix=f"kg-bench-{name}-", suffix=".log")
    with os.fdopen(fd, "wb") as out:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return process, Path(log)


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI installed beside this Python (PyPI ``oxigraph``), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise KGError("the oxigraph CLI is not installed: pip install 'kg[bench]'", engine="oxigraph_serve")
    return found


def start_oxigraph(build_dir: Path) -> HttpEngine:
    port = free_port()
    argv = [oxigraph_binary(), "serve-read-only", "--location", str(build_dir), "--bind", f"127.0.0.1:{port}"]
    process, log = _spawn(argv, "oxigraph")
    base = f"http://127.0.0.1:{port}"
    return HttpEngine("oxigraph_serve", f"{base}/query", process, log, ready=f"{base}/")


def start_kg(store_dir: Path) -> HttpEngine:
    """``kg serve`` on the store (the project's own server start: create_app + uvicorn)."""
    port = free_port()
    argv = [sys.executable, "-m", "kg", "--store", str(store_dir), "serve", "--host", "127.0.0.1",
            "--port", str(port)]
    process, log = _spawn(argv, "kg")
    base = f"http://127.0.0.1:{port}"
    return HttpEngine("kg", f"{base}/sparql", process, log, ready=f"{base}/health")


def start(names: tuple[str, ...], store_dir: Path, build_dir: Path) -> list[Engine]:
    engines: list[Engine] = []
    try:
        for name in names:
            if name == "kg":
                engines.append(start_kg(store_dir))
            elif name == "oxigraph_serve":
                engines.append(start_oxigraph(build_dir))
            elif name == "pyoxigraph_inprocess":
                engines.append(InProcess(build_dir))
            else:
                raise KGError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})", engine=name)
    except BaseException:
        for engine in engines:
            engine.close()
        raise
    return engines


# --------------------------------------------------------------------------- clocks


def time_once(run: Runner, query: str) -> tuple[float, int]:
    t = time.perf_counter()
    size = run(query)
    return time.perf_counter() - t, size


@dataclass(frozen=True)
class LoadResult:
    """``clients`` threads, each asking ``query`` again and again on its own connection;
    ``requests`` counts the answers (200), ``errors`` the refusals (``first_error`` names one)."""

    requests: int
    errors: int
    seconds: float
    p50_s: float | None
    p90_s: float | None
    first_error: str | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def under_load(engine: Engine, query: str, clients: int, seconds: float,
               min_per_client: int = 1) -> LoadResult:
    """Keep ``clients`` concurrent clients busy for about ``seconds`` (each makes at least
    ``min_per_client`` requests); latency percentiles over every request."""
    latencies: list[float] = []
    refused: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    start = threading.Barrier(clients + 1)

    def client() -> None:
        try:
            with engine.session() as run:
                with contextlib.suppress(QueryError):
                    run(query)  # connect (keep-alive) outside the measurement
                start.wait()
                end = time.perf_counter() + seconds
                mine: list[float] = []
                bad: list[str] = []
                while len(mine) + len(bad) < min_per_client or time.perf_counter() < end:
                    try:
                        mine.append(time_once(run, query)[0])
                    except QueryError as err:
                        bad.append(str(err))
            with lock:
                latencies.extend(mine)
                refused.extend(bad)
        except BaseException as err:  # reported below, in the calling thread
            errors.append(err)
            with contextlib.suppress(threading.BrokenBarrierError):
                start.abort()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    try:
        start.wait()
    except threading.BrokenBarrierError:
        pass
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    if not latencies:
        return LoadResult(0, len(refused), elapsed, None, None, refused[0])
    q = statistics.quantiles(latencies, n=10) if len(latencies) > 1 else [latencies[0]] * 9
    return LoadResult(len(latencies), len(refused), elapsed, statistics.median(latencies), q[8],
                      refused[0] if refused else None)
