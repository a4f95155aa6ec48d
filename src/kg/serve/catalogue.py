"""The named questions in ``queries/*.rq``: one SPARQL query per file, with a header of
``# title:``, ``# description:`` and optionally ``# parameters:`` comment lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError

_HEADER_KEYS = ("title", "description", "parameters")


@dataclass(frozen=True)
class NamedQuery:
    name: str  # file stem, e.g. "who-blamed-whom"
    title: str
    description: str
    parameters: str | None
    text: str


def read_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a missing title or description is a :class:`QueryError`."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break  # the header ends at the first line of SPARQL
            continue
        key, sep, value = line.lstrip("#").partition(":")
        key = key.strip().lower()
        if sep and key in _HEADER_KEYS and key not in header:
            header[key] = value.strip()
    for key in ("title", "description"):
        if not header.get(key):
            raise QueryError(f"named query without a '# {key}:' header", path=path)
    return NamedQuery(path.stem, header["title"], header["description"], header.get("parameters"), text)


def read_queries(queries_dir: Path) -> list[NamedQuery]:
    """All named queries, sorted by file name."""
    return [read_query(p) for p in sorted(queries_dir.glob("*.rq"))]
