"""A disk cache for what every ``kg`` process would otherwise rebuild from the same files.

The knowledge base (~0.4 s to read the lexicon) and the compiled SHACL shapes (~0.7 s to parse
``shapes.ttl`` with rdflib and compile it to SPARQL) are pickled in the user's cache directory
(:func:`cache_dir`) under a key that hashes the Python and library versions, the input files
(name and bytes) and the source of the code that builds them; loading a pickle takes a few hundredths of a
second. Every ``kg`` command and build worker starts that much faster, which is most of the time
of an incremental build that adds one article.

A missing, stale or unreadable entry is rebuilt and rewritten (under a temporary name, renamed:
an entry is complete or absent); a cache directory that cannot be written is skipped. Pickles are
only read from the user's own cache directory, keyed by content: nothing else is unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``; None when
    ``KG_CACHE_DIR`` is set empty (no cache)."""
    configured = os.environ.get("KG_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def cached(name: str, sources: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or its pickle from an earlier process with the same ``sources`` (files, or
    directories whose files all count) and Python version. ``kind`` is the type the result must
    have (anything else in the file is ignored and rebuilt)."""
    path = _entry(name, sources)
    if path is not None:
        try:
            value = pickle.loads(path.read_bytes())  # noqa: S301 (our own cache, keyed by content)
            if isinstance(value, kind):
                return value
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError,
                ValueError, IndexError):
            pass
    value = build()
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
    return value


def _libraries() -> str:
    """Versions of the libraries whose objects a cached value may hold (a pickle of an rdflib term
    from another rdflib version is not trusted); both are imported by every cached builder."""
    import pyoxigraph
    import rdflib

    return f"rdflib={rdflib.__version__},pyoxigraph={pyoxigraph.__version__}"


def _entry(name: str, sources: Iterable[Path]) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    digest = hashlib.sha256(f"{sys.version}\0{name}\0{_libraries()}\0".encode())
    try:
        for source in sources:
            files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
                if source.is_dir() else [source]
            digest.update(f"{source}\0{len(files)}\0".encode())
            for path in files:
                digest.update(f"{path.name}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None  # the builder reports the missing or unreadable file
    return root / f"{name}-{digest.hexdigest()[:32]}.pickle"


__all__ = ["cache_dir", "cached"]
