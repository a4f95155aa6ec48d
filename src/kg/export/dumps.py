"""Whole-dataset RDF dumps, gzip-compressed, written beside the store they were read from.

Three files per build, in ``<build>/dumps/`` (the build directory of :mod:`kg.store.layout`), so a
dump always matches the store it sits beside, goes live with it when ``current`` moves and is
pruned with it:

- ``kg.nq.gz``: N-Quads of every **named** graph (one per article, ``{base}knowledge``, the
  ontology graph). This is the dataset itself: loading it into any quad store reproduces the
  article graphs. The store's default graph is left out because it is derived (the RDF merge of
  the named graphs, :mod:`kg.store.read`); repeating it would double every triple.
- ``kg.ttl.gz``: Turtle of that merged default graph (each distinct triple once), what a
  triple-only tool wants.
- ``kg.jsonld.gz``: the same merged graph as JSON-LD in expanded form (pyoxigraph's streaming
  writer; compacting a whole dump with ``ontology/context.jsonld`` would need it all in memory).

Every file is written to a temporary name in the same directory and renamed into place
(``os.replace``), so a reader sees either a complete dump or none. The gzip header carries no
timestamp or file name: the same store gives byte-identical dumps.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.vocab import PREFIXES as VOCAB_PREFIXES

#: Prefixes for the Turtle dump: the project's namespaces.
PREFIXES = VOCAB_PREFIXES


@dataclass(frozen=True)
class Dump:
    """One dump file: its name, what it holds, and the RDF syntax inside the gzip stream."""

    name: str
    description: str
    rdf_format: ox.RdfFormat
    named_graphs: bool  # True: every named graph as quads; False: the merged default graph

    #: Served as a download of the compressed bytes (not ``Content-Encoding: gzip``, which
    #: would make clients store the uncompressed text under a ``.gz`` name).
    media_type = "application/gzip"

    @property
    def inner_media_type(self) -> str:
        return self.rdf_format.media_type


DUMPS: tuple[Dump, ...] = (
    Dump("kg.nq.gz", "N-Quads: every named graph (articles, knowledge, ontology)",
         ox.RdfFormat.N_QUADS, named_graphs=True),
    Dump("kg.ttl.gz", "Turtle: the merged graph (each distinct triple once)",
         ox.RdfFormat.TURTLE, named_graphs=False),
    Dump("kg.jsonld.gz", "JSON-LD (expanded): the merged graph",
         ox.RdfFormat.JSON_LD, named_graphs=False),
)
DUMPS_BY_NAME = {d.name: d for d in DUMPS}
DUMPS_DIRNAME = "dumps"


def dumps_dir(build: Path) -> Path:
    """Where the dumps of the store in ``build`` live."""
    return build / DUMPS_DIRNAME


def write_dumps(store: ox.Store, out_dir: Path) -> list[Path]:
    """Write every dump of :data:`DUMPS` for ``store`` into ``out_dir``; return their paths.

    A file that cannot be written raises :class:`StoreError` and leaves no partial file behind
    (earlier dumps of the same call stay: each is complete).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the dumps directory: {exc}", path=out_dir) from exc
    return [_write(store, dump, out_dir / dump.name) for dump in DUMPS]


def write_build_dumps(build: Path) -> list[Path]:
    """Open the (closed, complete) store in ``build`` read-only and write its dumps beside it."""
    try:
        store = ox.Store.read_only(str(build))
    except OSError as exc:
        raise StoreError(f"cannot open the store to dump it: {exc}", path=build) from exc
    return write_dumps(store, dumps_dir(build))


def _write(store: ox.Store, dump: Dump, path: Path) -> Path:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as raw:
            # mtime=0 and no file name in the header: reproducible bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz:
                if dump.named_graphs:
                    ox.serialize(_named_quads(store), gz, format=dump.rdf_format)
                else:
                    store.dump(gz, format=dump.rdf_format, from_graph=ox.DefaultGraph(),
                               prefixes=PREFIXES if dump.rdf_format is ox.RdfFormat.TURTLE else None)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise StoreError(f"cannot write the dump: {exc}", path=path) from exc
    return path


def _named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    for quad in store.quads_for_pattern(None, None, None, None):
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield quad


__all__ = ["DUMPS", "DUMPS_BY_NAME", "Dump", "dumps_dir", "write_build_dumps", "write_dumps"]
