"""Writing stores: a whole new store beside the live one, or one article graph in place."""

from __future__ import annotations

import gc
import itertools
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.settings import Settings
from kg.store.layout import StoreLayout

#: What stage 3 hands to stage 5: one named graph (its IRI) per article, with the article's quads
#: as pyoxigraph quads, or as N-Quads bytes every line of which names that graph (what the build
#: workers send: the parent loads them without making a Python object per quad).
GraphQuads = tuple[str, "list[ox.Quad] | bytes"]

#: N-Quads bytes gathered before one ``bulk_load`` call: RocksDB's bulk loader costs less CPU per
#: quad in large calls (~8 µs per quad in ~60 MB calls, ~11 µs in ~10 MB ones, on the build
#: machine), and the last call is not overlapped with anything (see :func:`_bulk_load_behind`).
_BLOCK_BYTES = 32 * 1024 * 1024


#: Work done on a complete, closed build before it goes live (e.g. writing its dumps beside it).
Finisher = Callable[[Path], object]


def write_store(graphs: Iterable[GraphQuads], settings: Settings, finish: Finisher | None = None) -> Path:
    """Build a new store from ``graphs`` beside the live one, then make it live; return its path.

    Each ``(graph_iri, quads)`` pair becomes one named graph; quads in the default graph are moved
    into ``graph_iri``, quads naming another graph are a :class:`StoreError` (a stage-3 bug).
    The store's default graph receives the RDF merge of all named graphs (each distinct triple
    once; see :mod:`kg.store.read` for why). The new store is bulk-loaded, flushed, optimised
    and closed before the ``current`` pointer moves, so readers only ever see a complete store.
    If anything raises (also the ``graphs`` iterator itself), the half-built directory is
    removed, the previous store stays live and the exception propagates (pyoxigraph ``OSError``
    wrapped in :class:`StoreError`). After a successful swap every build except the new and the
    previous one is deleted.

    A second concurrent build on the same ``store_dir`` raises :class:`BuildLockedError`.
    """
    return _build_and_swap(_checked_blocks(graphs), settings, finish)


def write_dataset(paths: Iterable[Path], settings: Settings) -> Path:
    """Build a store from third-party RDF dataset files (TriG, N-Quads, Turtle, N-Triples, …)
    as they are — their default graph stays the default graph, their named graphs stay named —
    so other suites (the W3C SPARQL tests) run against the very same server code.

    As with :func:`write_store`, the default graph also receives the merge of the named graphs:
    queries without a dataset see everything, as the endpoint documents. A file in a triples-only
    format (Turtle, N-Triples, RDF/XML) also becomes a named graph named by its ``file:`` IRI, so
    ``GRAPH`` queries and ``named-graph-uri`` can select it.
    """
    return _build_and_swap(_dataset_quads(list(paths)), settings)


_QUAD_SUFFIXES = frozenset({".trig", ".nq", ".nquads", ".jsonld"})


def _dataset_quads(paths: list[Path]) -> Iterator[ox.Quad]:
    for path in paths:
        own_graph = None if path.suffix.lower() in _QUAD_SUFFIXES else ox.NamedNode(path.resolve().as_uri())
        try:
            for quad in ox.parse(path=path):
                yield quad
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    yield ox.Quad(quad.subject, quad.predicate, quad.object)
                elif own_graph is not None:
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, own_graph)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot parse the dataset: {exc}", path=path) from exc


def _build_and_swap(content: Iterator[ox.Quad] | Iterator[bytes], settings: Settings,
                    finish: Finisher | None = None) -> Path:
    """Fill a new build from ``content`` (quads, or blocks of N-Quads bytes), swap it live."""
    layout = StoreLayout(settings.store_dir)
    with layout.build_lock():
        previous = layout.live()
        build = layout.new_build_dir()

        def fill() -> None:
            store = ox.Store(str(build))
            try:
                first = next(content, None)
                if isinstance(first, bytes):
                    _bulk_load_behind(store, itertools.chain([first], content))  # type: ignore[arg-type]
                elif first is not None:
                    store.bulk_extend(itertools.chain([first], content))  # type: ignore[list-item]
                store.flush()
                store.optimize()
            finally:
                # pyoxigraph has no close(): dropping the last reference closes RocksDB and
                # releases its LOCK file, which must happen before anyone opens the build.
                del store
                gc.collect()

        _complete_and_swap(layout, build, fill, finish)
        layout.prune(keep={build} | ({previous} if previous else set()))
        return build


def _bulk_load_behind(store: ox.Store, blocks: Iterator[bytes]) -> None:
    """Bulk-load each N-Quads block in a thread of its own while the next is being gathered:
    ``Store.bulk_load`` releases the GIL, so the build's parent keeps taking worker results
    (and the workers keep working) while RocksDB writes. One block waits at most. An error of
    either side stops both and propagates (a parse error as :class:`StoreError`)."""
    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
    failed: list[BaseException] = []

    def write() -> None:
        while (block := waiting.get()) is not None:
            if failed:
                continue
            try:
                store.bulk_load(block, format=ox.RdfFormat.N_QUADS)
            except BaseException as exc:  # handed to the gathering thread
                failed.append(exc)

    writer = threading.Thread(target=write, name="kg-store-writer", daemon=True)
    writer.start()
    try:
        for block in blocks:
            if failed:
                break
            waiting.put(block)
    finally:
        waiting.put(None)
        writer.join()
    if failed:
        if isinstance(failed[0], SyntaxError):
            raise StoreError(f"cannot load the graphs: {failed[0]}") from failed[0]
        raise failed[0]


def _complete_and_swap(layout: StoreLayout, build: Path, fill: Callable[[], object],
                       finish: Finisher | None) -> None:
    """Fill ``build``, run ``finish`` on it and make it live; on any failure remove it (the live
    store stays as it was) and re-raise, pyoxigraph's ``OSError`` as :class:`StoreError`."""
    try:
        fill()
        if finish is not None:
            finish(build)  # a failure here, too, leaves the previous store live
        layout.point_to(build)
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write the store: {exc}", path=build) from exc
        raise


#: A change applied to a read-write copy of the live store (see :func:`derive_build`).
Mutation = Callable[[ox.Store], object]


def derive_build(settings: Settings, mutate: Mutation, finish: Finisher | None = None) -> Path:
    """Make a new build from the live one changed by ``mutate``, then make it live; return its path.

    The live store is checkpointed into a new build directory (``Store.backup``: hard links to
    RocksDB's immutable files on the same file system, so the copy costs milliseconds whatever the
    store's size), ``mutate`` changes the copy read-write, and the copy is flushed and closed
    before ``current`` moves. Readers of the live store never see a half-applied change; a
    failure (also in ``mutate`` or ``finish``) removes the copy and leaves the live store as it
    was. Files beside the store in the live build (dumps, fingerprint) are not copied: ``finish``
    writes what the new build needs. Holds the build lock like :func:`write_store`.
    """
    layout = StoreLayout(settings.store_dir)
    with layout.build_lock():
        previous = layout.live()
        if previous is None:
            raise StoreError("no store has been built yet", path=settings.store_dir)
        build = layout.new_build_path()

        def fill() -> None:
            source = ox.Store.read_only(str(previous))
            try:
                source.backup(str(build))
            finally:
                del source
            store = ox.Store(str(build))
            try:
                mutate(store)
                store.flush()
            finally:
                del store
                gc.collect()

        _complete_and_swap(layout, build, fill, finish)
        layout.prune(keep={build, previous})
        return build


def _checked_blocks(graphs: Iterable[GraphQuads]) -> Iterator[bytes]:
    """N-Quads blocks of about :data:`_BLOCK_BYTES`: every quad in its article graph and its
    triple in the default graph (the store keeps a set of quads, so a triple repeated across
    graphs lands there once), refusing mixed-up or repeated graphs."""
    seen: set[str] = set()
    pending: list[bytes] = []
    size = 0
    for graph_iri, quads in graphs:
        if graph_iri in seen:
            raise StoreError("graph given twice", graph=graph_iri)
        seen.add(graph_iri)
        block = _graph_block(graph_iri, quads)
        pending.append(block)
        size += len(block)
        if size >= _BLOCK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _graph_block(graph_iri: str, quads: list[ox.Quad] | bytes) -> bytes:
    """One graph as N-Quads: its quads in ``graph_iri``, then the same triples in the default
    graph. N-Quads bytes must name ``graph_iri`` on every line (a raw newline only ends a line in
    N-Quads, so each line ends with `` <graph_iri> .``: the default-graph copy drops that term)."""
    if not isinstance(quads, bytes):
        named = list(_into_graph(graph_iri, quads))
        return ox.serialize([*named, *(ox.Quad(q.subject, q.predicate, q.object) for q in named)],
                            format=ox.RdfFormat.N_QUADS) or b""
    suffix = f" {ox.NamedNode(graph_iri)} .\n".encode()
    if quads and not quads.endswith(b"\n"):
        quads += b"\n"
    if quads.count(b"\n") != quads.count(suffix):
        raise StoreError("N-Quads of a graph name another graph, or none", graph=graph_iri)
    return quads + quads.replace(suffix, b" .\n")


def _into_graph(graph_iri: str, quads: Iterable[ox.Quad] | bytes) -> Iterator[ox.Quad]:
    graph = ox.NamedNode(graph_iri)
    if isinstance(quads, bytes):
        quads = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
    for quad in quads:
        name = quad.graph_name
        if name == graph:
            yield quad
        elif isinstance(name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)
        else:
            raise StoreError("quad names another graph", graph=graph_iri, quad_graph=str(name))


def replace_graph(store: ox.Store, graph_iri: str, quads: Iterable[ox.Quad] | bytes) -> None:
    """Replace one article's named graph in a read-write ``store``; other graphs are untouched.

    For incremental updates (one article re-extracted). The merged default graph follows: the
    new triples are added, and an old triple leaves it unless another named graph still holds
    it. Not atomic (pyoxigraph's Python API has no multi-step transaction): if writing fails
    the old graph is put back and the error propagates, but a concurrent reader may briefly see
    the article missing. Never run this on a store a server has open read-only (pyoxigraph:
    undefined behaviour); rebuild with :func:`write_store` then.
    """
    graph = ox.NamedNode(graph_iri)
    new = list(_into_graph(graph_iri, quads))
    old = list(store.quads_for_pattern(None, None, None, graph))
    try:
        store.remove_graph(graph)
        store.extend(new)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in new)
        new_triples = {(q.subject, q.predicate, q.object) for q in new}
        for q in old:
            if (q.subject, q.predicate, q.object) in new_triples:
                continue
            if next(iter(_named_copies(store, q)), None) is None:
                store.remove(ox.Quad(q.subject, q.predicate, q.object))
    except OSError as exc:
        store.remove_graph(graph)
        store.extend(old)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in old)
        raise StoreError(f"cannot replace the graph: {exc}", graph=graph_iri) from exc


def _named_copies(store: ox.Store, quad: ox.Quad) -> Iterator[ox.Quad]:
    for copy in store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None):
        if not isinstance(copy.graph_name, ox.DefaultGraph):
            yield copy


def graphs_from_file(path: Path) -> list[GraphQuads]:
    """Read a TriG / N-Quads dataset file into ``(graph_iri, quads)`` pairs for :func:`write_store`.

    Every quad must be in a named graph: the product has no data outside article graphs.
    """
    by_graph: dict[str, list[ox.Quad]] = {}
    try:
        for quad in ox.parse(path=path):
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode):
                raise StoreError("quad outside a named graph", path=path, subject=str(quad.subject))
            by_graph.setdefault(name.value, []).append(quad)
    except SyntaxError as exc:
        raise StoreError(f"cannot parse the dataset: {exc}", path=path) from exc
    return list(by_graph.items())


def add_to_graph(store: ox.Store, graph_iri: str, quads: Iterable[ox.Quad] | bytes) -> int:
    """Add ``quads`` to the named graph ``graph_iri`` of a read-write ``store`` and their triples
    to the merged default graph; return how many were new. For incremental builds: the shared
    graph gains what a new article needs (quads already there are left alone, a store is a set)."""
    graph = ox.NamedNode(graph_iri)
    new = [q for q in _into_graph(graph_iri, quads) if q not in store]
    try:
        store.extend(new)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in new)
    except OSError as exc:
        raise StoreError(f"cannot add to the graph: {exc}", graph=graph.value) from exc
    return len(new)


def remove_subjects(store: ox.Store, graph_iri: str, subjects: Iterable[ox.NamedNode]) -> int:
    """Remove every quad of the named graph ``graph_iri`` whose subject is one of ``subjects``
    from a read-write ``store``; a removed triple leaves the merged default graph unless another
    named graph still holds it. Return how many quads were removed."""
    graph = ox.NamedNode(graph_iri)
    removed = 0
    try:
        for subject in subjects:
            for q in list(store.quads_for_pattern(subject, None, None, graph)):
                store.remove(q)
                removed += 1
                if next(iter(_named_copies(store, q)), None) is None:
                    store.remove(ox.Quad(q.subject, q.predicate, q.object))
    except OSError as exc:
        raise StoreError(f"cannot remove from the graph: {exc}", graph=graph.value) from exc
    return removed
