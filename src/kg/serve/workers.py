"""SPARQL queries in killable worker processes: a timeout or a client that leaves stops the work.

pyoxigraph cannot cancel a running query, and a Python signal handler never runs while it
evaluates (ENDPOINT-NOTES.md): a sort or an aggregate over a cross join keeps a core busy long
after any in-thread deadline. So each query runs in a worker process that holds the store open
read-only; when the deadline passes or the HTTP client disconnects, the server kills that worker
(SIGKILL) and starts a fresh one. Other requests are served meanwhile by the other workers.

Protocol between server and worker (a ``multiprocessing`` pipe, one job at a time)::

    server → worker   (store_path, SparqlRequest, chooser, Limits)      Connection.send
    worker → server   ("ok", Answer) | ("error", KGError) | ("bug", "Type: message")
                      as an 8-byte big-endian length, then the pickle

The server reads the reply on its event loop as the bytes arrive (no thread per answer: for cheap
queries the hop to a thread cost more than the query), so the worker frames it itself.

The worker runs :func:`kg.serve.execute.evaluate`, the same code a thread would run, so results
are byte-identical; it reopens the store when a build has swapped the live directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError, QueryTimeoutError
from kg.serve.execute import Answer, Chooser, Limits, evaluate
from kg.serve.protocol import SparqlRequest

_CTX = multiprocessing.get_context("spawn")  # never fork a process that holds RocksDB handles


class ClientGoneError(Exception):
    """The HTTP client disconnected before the answer was ready; its worker was killed."""


def _worker_main(conn: multiprocessing.connection.Connection) -> None:
    """Body of a worker process: answer jobs until the pipe closes."""
    import pyoxigraph as ox

    store: ox.Store | None = None
    store_path: str | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:  # a readiness probe
            conn.send(None)
            continue
        path, request, choose, limits = job
        try:
            if store is None or path != store_path:
                store = ox.Store.read_only(path)
                store_path = path
            reply: tuple[str, Any] = ("ok", evaluate(store, request, choose, limits))
        except KGError as exc:
            reply = ("error", exc)
        except Exception as exc:  # a bug: reported to the server, which answers 500 and logs it
            reply = ("bug", f"{type(exc).__name__}: {exc}")
        try:
            _write_frame(conn.fileno(), pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            return


_HEADER = struct.Struct("!Q")


def _write_frame(fd: int, payload: bytes) -> None:
    """Write one reply: its length, then the bytes (blocking: the server reads as they come)."""
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


#: Replies larger than this are read to the end in a thread once they start to arrive: chunk by
#: chunk through the event loop, a 5 MB answer took ~8% longer on a busy machine.
_LOOP_READ_MAX = 256 * 1024


class _FrameReader:
    """Collects one framed reply from a non-blocking descriptor into ``done`` (an asyncio future):
    the unpickled reply, or :class:`EOFError` when the worker died before finishing it. A reply
    over :data:`_LOOP_READ_MAX` resolves ``done`` with ``None`` as soon as its length is known:
    :meth:`read_rest` (blocking, in a thread) then reads the rest."""

    def __init__(self, fd: int, done: asyncio.Future[Any]) -> None:
        self.fd = fd
        self.done = done
        self.buffer = bytearray()
        self.size: int | None = None

    def read_rest(self) -> Any:
        """Read the remainder of a large reply from the (now blocking) descriptor; unpickle it."""
        assert self.size is not None
        while len(self.buffer) < _HEADER.size + self.size:
            chunk = os.read(self.fd, _HEADER.size + self.size - len(self.buffer))
            if not chunk:
                raise EOFError("the query worker exited")
            self.buffer += chunk
        return pickle.loads(memoryview(self.buffer)[_HEADER.size:])

    def on_readable(self) -> None:
        if self.done.done():
            return
        try:
            while True:
                want = (_HEADER.size if self.size is None else _HEADER.size + self.size) - len(self.buffer)
                chunk = os.read(self.fd, max(want, 1 << 16))
                if not chunk:
                    self.done.set_exception(EOFError("the query worker exited"))
                    return
                self.buffer += chunk
                if self.size is None and len(self.buffer) >= _HEADER.size:
                    (self.size,) = _HEADER.unpack_from(self.buffer)
                    if self.size > _LOOP_READ_MAX:
                        self.done.set_result(None)
                        return
                if self.size is not None and len(self.buffer) >= _HEADER.size + self.size:
                    self.done.set_result(pickle.loads(memoryview(self.buffer)[_HEADER.size:]))
                    return
        except BlockingIOError:
            return
        except OSError as exc:
            self.done.set_exception(EOFError(f"the query worker's pipe failed: {exc}"))


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (spawn context)
    conn: multiprocessing.connection.Connection

    @classmethod
    def start(cls) -> _Worker:
        ours, theirs = _CTX.Pipe()
        process = _CTX.Process(target=_worker_main, args=(theirs,), daemon=True, name="kg-query-worker")
        process.start()
        theirs.close()
        return cls(process, ours)

    def ready(self) -> None:
        """Block until the worker's interpreter has imported its code and waits for a job."""
        self.conn.send(None)
        self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()

    @property
    def alive(self) -> bool:
        return bool(self.process.is_alive())


@dataclass
class WorkerPool:
    """``size`` worker processes, started on first use; :meth:`run` answers one query."""

    size: int
    killed: int = 0  # workers killed for a timeout or a departed client (exposed for tests/ops)
    _idle: list[_Worker] = field(default_factory=list)
    _count: int = 0
    _available: asyncio.Condition | None = None
    _replacements: set[asyncio.Task[None]] = field(default_factory=set)

    async def run(self, store_path: Path, request: SparqlRequest, choose: Chooser, limits: Limits,
                  timeout: float, client_gone: Callable[[], Awaitable[bool]]) -> Answer:
        """Evaluate in a worker; kill it past ``timeout`` s (→ :class:`QueryTimeoutError`) or when
        ``client_gone()`` turns true (→ :class:`ClientGoneError`)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        worker = await self._acquire(end)
        fd = worker.conn.fileno()
        try:
            worker.conn.send((str(store_path), request, choose, limits))
            reply: asyncio.Future[Any] = loop.create_future()
            os.set_blocking(fd, False)
            reader = _FrameReader(fd, reply)
            loop.add_reader(fd, reader.on_readable)
            try:
                while not reply.done():
                    remaining = end - loop.time()
                    if remaining <= 0:
                        raise QueryTimeoutError("the query ran past the time limit and was stopped; "
                                                "make it more selective or add LIMIT")
                    await asyncio.wait((reply,), timeout=min(0.25, remaining))
                    if not reply.done() and await client_gone():
                        raise ClientGoneError()
            finally:
                loop.remove_reader(fd)
                os.set_blocking(fd, True)  # the next job is sent with a blocking write
            result = reply.result()
            if result is None:  # a large reply: the worker is writing it, read it at full speed
                result = await loop.run_in_executor(None, reader.read_rest)
            status, payload = result
        except (QueryTimeoutError, ClientGoneError, EOFError, OSError):
            await self._replace(worker)
            raise
        except BaseException:  # cancelled mid-query: the worker may still be busy
            await self._replace(worker)
            raise
        await self._release(worker)
        if status == "ok":
            assert isinstance(payload, Answer)
            return payload
        if status == "error":
            raise payload
        raise RuntimeError(f"query worker failed: {payload}")

    @property
    def idle(self) -> int:
        """Workers started and waiting for a job."""
        return len(self._idle)

    async def warm(self) -> None:
        """Start every worker now (at server start-up), so no query waits for a process to boot."""
        missing = self.size - self._count
        self._count += missing
        await asyncio.gather(*(self._spawn_idle() for _ in range(missing)))

    def close(self) -> None:
        for worker in self._idle:
            worker.kill()
        self._idle.clear()

    async def _spawn_idle(self) -> None:
        """Start one worker (already counted) and make it idle once its interpreter is ready."""
        loop = asyncio.get_running_loop()
        try:
            worker = await loop.run_in_executor(None, _Worker.start)
            await loop.run_in_executor(None, worker.ready)
        except Exception:
            self._count -= 1
            return
        await self._release(worker)

    async def _acquire(self, end: float) -> _Worker:
        loop = asyncio.get_running_loop()
        if self._available is None:
            self._available = asyncio.Condition()
        async with self._available:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        return worker
                    self._count -= 1
                    worker.kill()
                if self._count < self.size:
                    self._count += 1
                    try:
                        return await loop.run_in_executor(None, _Worker.start)
                    except BaseException:
                        self._count -= 1
                        raise
                remaining = end - loop.time()
                if remaining <= 0:
                    raise QueryTimeoutError("every query worker stayed busy past the time limit")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._available.wait(), timeout=remaining)

    async def _release(self, worker: _Worker) -> None:
        if self._available is None:
            self._available = asyncio.Condition()
        async with self._available:
            self._idle.append(worker)
            self._available.notify()

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker that may still be computing and start its successor in the background,
        so the next query does not pay for a process start."""
        self.killed += 1
        await asyncio.get_running_loop().run_in_executor(None, worker.kill)
        self._replacements.add(task := asyncio.create_task(self._spawn_idle()))
        task.add_done_callback(self._replacements.discard)
