"""Stage 5: the on-disk pyoxigraph store, one named graph per article.

- :func:`write_store` builds a new store beside the live one and swaps a ``current`` symlink
  atomically (:class:`StoreLayout` describes the directories); a failed build changes nothing.
- :func:`open_store` opens the live store (read-only by default); :class:`LiveStore` follows the
  pointer across swaps for a long-running server.
- :func:`derive_build` checkpoints the live store into a new build, changes it and swaps it in.
- :func:`replace_graph` replaces one article's graph in a read-write store.
- Default graph for queries = the merge of the article graphs, materialised at build time
  (see :mod:`kg.store.read`).
- :func:`write_remote` and :class:`RemoteStore`: the same over HTTP, for any SPARQL 1.1 store
  (:mod:`kg.store.remote`; selected by ``Settings.store_url``).
"""

from kg.store.build import (
    GraphQuads,
    Mutation,
    derive_build,
    graphs_from_file,
    replace_graph,
    write_dataset,
    write_store,
)
from kg.store.layout import StoreLayout
from kg.store.read import Backend, LiveStore, open_backend, open_store

__all__ = [
    "Backend",
    "GraphQuads",
    "LiveStore",
    "Mutation",
    "StoreLayout",
    "derive_build",
    "graphs_from_file",
    "RemoteStore",
    "is_store_url",
    "open_backend",
    "open_store",
    "replace_graph",
    "write_dataset",
    "write_remote",
    "write_store",
]


def __getattr__(name: str) -> object:
    """:mod:`kg.store.remote` (and httpx) is imported when first asked for: an embedded build or
    server never needs it."""
    if name in ("RemoteStore", "is_store_url", "write_remote"):
        from kg.store import remote

        return getattr(remote, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
