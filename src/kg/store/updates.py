"""Operator writes to the store, and the replayable log that keeps them across rebuilds.

The endpoint accepts writes only from an operator holding ``Settings.update_token``
(:mod:`kg.serve.writes`): SPARQL 1.1 Update operations and Graph Store Protocol ``PUT`` /
``POST`` / ``DELETE`` of a named graph. Each write is applied to a copy of the live store
(:func:`kg.store.derive_build`) and appended to the update log, so that a full build from the
articles replays it (:func:`replay_updates`) instead of silently dropping it.

**Where the log lives**: ``Settings.updates_log``, by default ``data/updates/log.jsonl``. The
writes are operator-authored input, like the articles: ``var/`` holds derived state that may be
deleted and rebuilt from ``data/``, so the log cannot live there. One JSON object a line, in the
order the writes were applied, each appended with ``fsync`` before the new store goes live::

    {"seq": 1, "time": "2026-11-21T21:40:00.123456Z", "op": "update",
     "update": "INSERT DATA { GRAPH <…> { … } }", "base_iri": "http://…/sparql"}
    {"seq": 2, "time": "…", "op": "put", "graph": "https://…", "ntriples": "<…> <…> <…> .\\n"}

``op`` is ``update``, or the Graph Store method (``put``, ``post``, ``delete``) with the graph
and its triples as N-Triples (whatever format the client sent, so a replay needs no parser
options).

**The default graph stays the merge of the named graphs** (:mod:`kg.store.read`): writes name
their graphs, and the default graph follows. A Graph Store write changes one named graph, and
the default graph gains its new triples and loses an old one unless another named graph still
holds it (:func:`kg.store.replace_graph`). After a SPARQL Update the default graph is brought
back to the merge of all named graphs (:func:`sync_default_graph`, two SPARQL updates evaluated
by the engine). An update that would write the default graph directly is refused before it is
applied (:func:`kg.serve.protocol.check_update_policy`): it could not survive that rule.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.build import replace_graph
from kg.store.layout import fsync_dir

GraphMethod = Literal["put", "post", "delete"]


@dataclass(frozen=True)
class SparqlUpdate:
    """A SPARQL 1.1 Update request (one or more operations), already checked by the policy."""

    text: str
    base_iri: str | None = None


@dataclass(frozen=True)
class GraphWrite:
    """A Graph Store Protocol write to one named graph (§5.3 PUT, §5.5 POST, §5.4 DELETE)."""

    method: GraphMethod
    graph: str
    triples: tuple[ox.Triple, ...] = ()


Write = SparqlUpdate | GraphWrite

#: The default graph back to the merge of the named graphs: add what a named graph gained, then
#: drop what no named graph holds any more (SPARQL 1.1 Update §3.1.3, evaluated in the engine).
_SYNC_DEFAULT = (
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }",
)


def apply(store: ox.Store, write: Write) -> None:
    """Apply ``write`` to a read-write ``store`` and keep its default graph the merge.

    A malformed update is a :class:`QueryError`; the engine's I/O failure a :class:`StoreError`.
    """
    try:
        if isinstance(write, SparqlUpdate):
            try:
                store.update(write.text, base_iri=write.base_iri)
            except SyntaxError as exc:
                raise QueryError(f"malformed update: {exc}") from exc
            sync_default_graph(store)
            return
        graph = ox.NamedNode(write.graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in write.triples]
        if write.method == "put":
            replace_graph(store, write.graph, quads)
            store.add_graph(graph)  # an empty PUT leaves an empty graph, not none (GSP §5.3)
        elif write.method == "post":
            store.add_graph(graph)
            store.extend(quads)
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            replace_graph(store, write.graph, [])
            store.remove_graph(graph)
    except OSError as exc:
        raise StoreError(f"cannot apply the write: {exc}") from exc


def sync_default_graph(store: ox.Store) -> None:
    """Make the default graph of ``store`` the set of triples of its named graphs again."""
    for update in _SYNC_DEFAULT:
        store.update(update)


# --- the log ------------------------------------------------------------------------------------


def to_entry(write: Write, seq: int, now: datetime | None = None) -> dict[str, object]:
    """The log entry of ``write`` as the ``seq``-th write."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(write, SparqlUpdate):
        return {"seq": seq, "time": stamp, "op": "update", "update": write.text,
                "base_iri": write.base_iri}
    body = ox.serialize(write.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") \
        if write.triples else ""
    return {"seq": seq, "time": stamp, "op": write.method, "graph": write.graph, "ntriples": body}


def from_entry(entry: object, where: str) -> tuple[int, Write]:
    """Read back one log entry; :class:`StoreError` naming ``where`` if it is not one."""
    if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
        raise StoreError("not an update log entry (no sequence number)", where=where)
    op = entry.get("op")
    try:
        if op == "update":
            return entry["seq"], SparqlUpdate(str(entry["update"]), entry.get("base_iri"))
        if op in ("put", "post", "delete"):
            ntriples = str(entry.get("ntriples", ""))
            triples = tuple(q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
            return entry["seq"], GraphWrite(op, str(entry["graph"]), triples)  # type: ignore[arg-type]
    except (KeyError, SyntaxError, ValueError) as exc:
        raise StoreError(f"unreadable update log entry: {exc}", where=where) from exc
    raise StoreError(f"unknown update log operation {op!r}", where=where)


def read_log(log_path: Path) -> Iterator[tuple[int, Write]]:
    """The writes recorded in ``log_path`` in order (none if the file does not exist)."""
    try:
        lines = log_path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    previous = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{log_path}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StoreError(f"unreadable update log line: {exc}", where=where) from exc
        seq, write = from_entry(entry, where)
        if seq <= previous:
            raise StoreError(f"update log sequence goes back ({seq} after {previous})", where=where)
        previous = seq
        yield seq, write


def append(log_path: Path, write: Write) -> int:
    """Append ``write`` to the log and force it to disk; return the log's size before it (for
    :func:`truncate`, should the write not go live after all).

    Call it holding the build lock: the sequence number is the last one plus one.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    last = 0
    for last, _ in read_log(log_path):  # noqa: B007 — the last sequence number is wanted
        pass
    line = json.dumps(to_entry(write, last + 1), ensure_ascii=False) + "\n"
    with open(log_path, "ab") as fh:
        size = fh.tell()
        fh.write(line.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(log_path.parent)
    return size


def truncate(log_path: Path, size: int) -> None:
    """Cut the log back to ``size`` bytes: the last write was logged but did not go live."""
    with open(log_path, "r+b") as fh:
        fh.truncate(size)
        os.fsync(fh.fileno())


def replay_updates(store: ox.Store, log_path: Path) -> int:
    """Apply every write of the log to a read-write ``store``, in order; return how many.

    A build calls it after loading the article graphs, so operator writes survive a rebuild.
    """
    count = 0
    for seq, write in read_log(log_path):
        try:
            apply(store, write)
        except (QueryError, StoreError) as exc:
            raise StoreError(f"cannot replay update {seq}: {exc}", log=log_path) from exc
        count += 1
    return count


def replay_into_build(build_dir: Path, log_path: Path) -> int:
    """:func:`replay_updates` on the closed store in ``build_dir`` (a build's ``finish`` step,
    before its dumps are written); the store is closed again on return."""
    if not log_path.is_file():
        return 0
    store = ox.Store(str(build_dir))
    try:
        count = replay_updates(store, log_path)
        store.flush()
    finally:
        del store  # pyoxigraph closes RocksDB when the last reference goes
        gc.collect()
    return count
