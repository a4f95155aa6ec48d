"""Opening the live store, and following it when a build swaps the pointer.

Queries see the *merge of the article graphs* as their default graph. :func:`write_store`
materialises it: every triple of every named graph is also in the store's default graph, once.
Why not pyoxigraph's ``use_default_graph_as_union=True``: that union is a multiset — a triple
held by N graphs matches N times — and curated actors and places repeat in every article graph
that mentions them, so joins on labels or memberships multiply (measured on 7,500 articles,
519k quads: blame-between-states 98 s with the union flag, 2.9 s on the merged default graph,
who-blamed-whom over 200 s vs 8 s). SPARQL 1.1 (§13.1) also defines the merge as a set.
Requests that name their own dataset (Protocol ``default-graph-uri`` / ``named-graph-uri``, or
``FROM`` / ``FROM NAMED``) get exactly those graphs instead.

With ``Settings.store_url`` set, the backend is a remote SPARQL 1.1 store instead
(:class:`kg.store.remote.RemoteStore`, the same read methods over HTTP): :func:`open_store` and
:class:`LiveStore` hand it out in place of the on-disk store; the local path is unchanged.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Union

import pyoxigraph as ox

from kg.errors import StoreError
from kg.settings import Settings
from kg.store.layout import StoreLayout

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore

#: What the readers get: the on-disk store, or a remote one with the same read methods
#: (kg.store.remote, and httpx, are imported only when a remote store is configured).
Backend = Union[ox.Store, "RemoteStore"]  # noqa: UP007 (the remote class is not imported at run time)


def open_store(settings: Settings, read_only: bool = True) -> Backend:
    """Open the live store under ``settings.store_dir``; :class:`StoreError` if none is built.
    With ``settings.store_url``, the remote store (:func:`open_backend`) instead, for reading.

    Read-only opening (``Store.read_only``) is safe beside other readers and beside a build,
    which always writes a new directory. Read-write opening takes RocksDB's lock on the live
    build; do not open it read-write while a server reads it (pyoxigraph: undefined behaviour).
    """
    if settings.store_url:
        from kg.store.remote import public_url

        if not read_only:
            raise StoreError("a remote store is written by the build only (kg build --store URL)",
                             store=public_url(settings.store_url))
        return open_backend(settings)
    path = StoreLayout(settings.store_dir).live()
    if path is None:
        raise StoreError("no store has been built yet", path=settings.store_dir)
    return _open(path, read_only)


def open_backend(settings: Settings) -> RemoteStore:
    """The remote store of ``settings.store_url`` (no request is made until it is read)."""
    from kg.store.remote import RemoteStore

    return RemoteStore(settings)


def _open(path: Path, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store: {exc}", path=path) from exc


class LiveStore:
    """A read-only view that follows the ``current`` pointer: after a build swaps it, the next
    :meth:`get` opens the new store; queries already running keep the old one (pyoxigraph keeps
    its files open), and a build keeps the previous directory, so a swap never breaks them.

    For a remote store (``settings.store_url``) :meth:`get` always returns the one
    :class:`RemoteStore` and :attr:`path` stays ``None``: there is no build directory to follow
    (nor dumps beside it), and the remote answers for its own consistency.
    """

    def __init__(self, settings: Settings) -> None:
        self._remote = open_backend(settings) if settings.store_url else None
        self._layout = StoreLayout(settings.store_dir)
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._store: ox.Store | None = None
        self.get()

    @property
    def path(self) -> Path | None:
        """The build directory of the store :meth:`get` last returned (``None`` if remote)."""
        return self._path

    @property
    def remote(self) -> RemoteStore | None:
        """The remote store, when the backend is one."""
        return self._remote

    def close(self) -> None:
        """Release the remote store's connections (the on-disk store closes when dropped)."""
        if self._remote is not None:
            self._remote.close()

    def get(self) -> Backend:
        """The live store; one ``readlink`` per call to notice a swap."""
        if self._remote is not None:
            return self._remote
        path = self._layout.live()
        if path is None:
            raise StoreError("no store has been built yet", path=self._layout.store_dir)
        with self._lock:
            if path != self._path or self._store is None:
                self._store = _open(path, read_only=True)
                self._path = path
            return self._store
