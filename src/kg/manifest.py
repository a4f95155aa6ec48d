"""The manifest of a build: what each article's graph was made from, in an SQLite file beside the store.

An incremental build (:func:`kg.pipeline.update`) compares the corpus with the live build's
manifest, re-extracts only the articles that changed and writes the new build's manifest as a
copy of the live one with those rows changed: at 100k articles that is a few rows rewritten in
a ~40 MB file, not a 60 MB JSON document parsed and written again, and the duplicate rules look
up a changed article's id and text in two indexes instead of walking the corpus.

Tables:

- ``meta(key, value)``: ``version``, ``base`` (the fingerprint of everything else the build read,
  :func:`kg.pipeline.base_fingerprint`) and ``complete`` (``1`` when no article was skipped);
- ``articles(id, folded, content, text, graph, file_name, text_size, text_mtime, meta_size,
  meta_mtime, described)``: per article in the
  store, the SHA-256 of its files (``content``) and of its text, its graph IRI, its file name, the
  file stamps (sizes and modification times) and the numbers of the shared-graph subjects
  it describes (JSON); ``folded`` is the case-folded id (the duplicate rule), indexed like ``text``;
- ``shared(number, iri, count)``: every shared-graph subject and how many articles describe it.

A manifest is written under a temporary name and renamed, so a build directory holds a complete
manifest or none; one that cannot be read (missing, corrupt, another version) reads as None, and
the next build is a full one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: In a build directory: the manifest of what it was built from.
MANIFEST_FILE = "articles.sqlite"
VERSION = 2

#: File stamps of an article: (text size, text mtime ns, metadata size, metadata mtime ns).
Stamp = tuple[int, int, int, int]

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, folded TEXT NOT NULL, content TEXT NOT NULL, text TEXT NOT NULL,
    graph TEXT NOT NULL, file_name TEXT NOT NULL, text_size INTEGER, text_mtime INTEGER,
    meta_size INTEGER, meta_mtime INTEGER, described TEXT NOT NULL);
CREATE INDEX articles_folded ON articles (folded);
CREATE INDEX articles_text ON articles (text);
CREATE TABLE shared (number INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, count INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    """One article of a build."""

    id: str
    content_sha256: str
    text_sha256: str
    graph: str
    file_name: str
    stamp: Stamp | None
    described: tuple[int, ...]  # numbers of the shared-graph subjects it describes

    def row(self) -> tuple[str | int | None, ...]:
        return (self.id, self.id.casefold(), self.content_sha256, self.text_sha256, self.graph,
                self.file_name, *(self.stamp or (None, None, None, None)), json.dumps(list(self.described)))


def _entry(row: tuple) -> Entry:  # type: ignore[type-arg]
    id_, content, text, graph, file_name, *stamp, described = row
    return Entry(id_, content, text, graph, file_name, _stamp(stamp), tuple(json.loads(described)))


def _stamp(values: list[int | None] | tuple[int | None, ...]) -> Stamp | None:
    return None if None in values else tuple(values)  # type: ignore[return-value]


_STAMP_COLUMNS = "text_size, text_mtime, meta_size, meta_mtime"
_ENTRY_COLUMNS = f"id, content, text, graph, file_name, {_STAMP_COLUMNS}, described"


class Manifest:
    """A build's manifest, open read-only. Use as a context manager (closes the connection)."""

    def __init__(self, connection: sqlite3.Connection, base: str, complete: bool) -> None:
        self._db = connection
        self.base = base
        self.complete = complete

    @classmethod
    def open(cls, build_dir: Path) -> Manifest | None:
        """The manifest of ``build_dir``, or None if it has none that this version can read."""
        path = build_dir / MANIFEST_FILE
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("version") != str(VERSION) or "base" not in meta:
                db.close()
                return None
        except sqlite3.Error:
            db.close()
            return None
        return cls(db, meta["base"], meta.get("complete") == "1")

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def stamps(self) -> dict[str, tuple[str, Stamp | None]]:
        """Every article's ``(file name, stamp)`` by id: what planning compares with the files."""
        rows = self._db.execute(f"SELECT id, file_name, {_STAMP_COLUMNS} FROM articles")  # noqa: S608
        return {i: (name, _stamp(stamp)) for i, name, *stamp in rows}

    def entries(self, ids: Iterable[str]) -> dict[str, Entry]:
        """The entries of those of ``ids`` the manifest holds."""
        found = {}
        for article_id in ids:
            row = self._db.execute(f"SELECT {_ENTRY_COLUMNS} FROM articles WHERE id = ?",  # noqa: S608
                                   (article_id,)).fetchone()
            if row is not None:
                found[article_id] = _entry(row)
        return found

    def all_entries(self) -> Iterator[Entry]:
        for row in self._db.execute(f"SELECT {_ENTRY_COLUMNS} FROM articles ORDER BY id"):  # noqa: S608
            yield _entry(row)

    def colliding(self, article_id: str, text_sha256: str) -> list[Entry]:
        """Articles whose id differs from ``article_id`` only in letter case, or whose text is
        ``text_sha256`` (the duplicate rules of :class:`kg.pipeline._Dedup`); may include the
        article itself."""
        rows = self._db.execute(f"SELECT {_ENTRY_COLUMNS} FROM articles WHERE folded = ? OR text = ?",  # noqa: S608
                                (article_id.casefold(), text_sha256)).fetchall()
        return [_entry(r) for r in rows]

    def shared(self) -> list[tuple[str, int]]:
        """The shared-graph subjects in number order, with how many articles describe each."""
        rows = self._db.execute("SELECT iri, count FROM shared ORDER BY number")
        return [(iri, count) for iri, count in rows]


def write(build_dir: Path, base: str, entries: Iterable[Entry], shared: list[tuple[str, int]], *,
          complete: bool) -> Path:
    """Write a new manifest into ``build_dir`` (a temporary file renamed into place)."""

    def fill(db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        with db:
            _fill(db, base, complete, shared)
            db.executemany(_INSERT, (e.row() for e in entries))

    return _written(build_dir, None, fill)


def derive(live_dir: Path, build_dir: Path, base: str, *, removed: Iterable[str], changed: Iterable[Entry],
           shared: list[tuple[str, int]], complete: bool) -> Path:
    """The manifest of ``build_dir``: the live build's with ``removed`` ids deleted, ``changed``
    entries inserted or replaced and the shared table replaced (a copy changed in place, renamed)."""

    def change(db: sqlite3.Connection) -> None:
        with db:
            db.executemany("DELETE FROM articles WHERE id = ?", ((i,) for i in removed))
            db.executemany(_INSERT.replace("INSERT", "INSERT OR REPLACE"), (e.row() for e in changed))
            db.execute("DELETE FROM meta")
            db.execute("DELETE FROM shared")
            _fill(db, base, complete, shared)

    return _written(build_dir, live_dir / MANIFEST_FILE, change)


_INSERT = "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _written(build_dir: Path, start: Path | None, fill: Callable[[sqlite3.Connection], None]) -> Path:
    """The manifest of ``build_dir``: a copy of ``start`` (or an empty database) changed by
    ``fill`` under a temporary name, then renamed into place; nothing is left behind on failure."""
    path = build_dir / MANIFEST_FILE
    tmp = build_dir / f".{MANIFEST_FILE}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        if start is not None:
            shutil.copyfile(start, tmp)
        db = sqlite3.connect(tmp)
        try:
            fill(db)
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return path


def _fill(db: sqlite3.Connection, base: str, complete: bool, shared: list[tuple[str, int]]) -> None:
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("version", str(VERSION)), ("base", base), ("complete", "1" if complete else "0")])
    db.executemany("INSERT INTO shared VALUES (?, ?, ?)", ((n, iri, c) for n, (iri, c) in enumerate(shared)))


__all__ = ["MANIFEST_FILE", "Entry", "Manifest", "Stamp", "derive", "write"]
