"""Reading and adding articles: ``ID.txt`` (the text exactly as published) + ``ID.json``.

The text is never rewritten: it is decoded as strict UTF-8 and kept character for character
(no newline normalisation, no Unicode normalisation, a BOM if present stays), so every offset
the extractor reports indexes ``Article.text`` as it is on disk, and the ``sha256`` recorded in
the metadata is the hash of exactly those bytes. (The seed files use ``\\n`` line ends only.)

Metadata (docs/contracts.md, stage 1) — every field is required, no other field is allowed::

    {"id": "seed001", "file_name": "001_d67965d036683f9b.txt", "language": "ar",
     "published": "2022-09-13" | null, "published_basis": "dateline in text: '…'",
     "outlet": str | null, "url": str | null, "sha256": "<hex of the .txt bytes>"}

``published`` is null when the date cannot be established — never invented; the basis then
says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.errors import CorpusError
from kg.model import Article

METADATA_FIELDS: tuple[str, ...] = (
    "id", "file_name", "language", "published", "published_basis", "outlet", "url", "sha256",
)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"https?://\S+")
_TITLE_MAX_WORDS = 20
_FILE_MODE = 0o644


@dataclass(frozen=True)
class CorpusResult:
    """What :func:`read_corpus` found: the readable articles (sorted by id) and the errors."""

    articles: tuple[Article, ...]
    errors: tuple[CorpusError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as err:
        raise CorpusError(f"invalid UTF-8 in article text: {err.reason}", path=str(path),
                          offset=err.start) from err


def read_metadata(json_path: Path) -> dict[str, Any]:
    """Load and validate ``ID.json`` (fields, types, date format); the text is not checked here."""
    try:
        raw = json_path.read_bytes()
    except FileNotFoundError as err:
        raise CorpusError("metadata file missing", path=str(json_path)) from err
    except OSError as err:
        raise CorpusError(f"metadata file unreadable: {err.strerror}", path=str(json_path)) from err
    try:
        meta = json.loads(_decode(raw, json_path))
    except json.JSONDecodeError as err:
        raise CorpusError(f"metadata is not valid JSON: {err.msg}", path=str(json_path), line=err.lineno,
                          column=err.colno) from err
    except (ValueError, RecursionError) as err:  # a 5000-digit number, 100k nested brackets
        raise CorpusError(f"metadata cannot be read as JSON: {type(err).__name__}: {err}",
                          path=str(json_path)) from err
    if not isinstance(meta, dict):
        raise CorpusError("metadata must be a JSON object", path=str(json_path))
    unknown = sorted(set(meta) - set(METADATA_FIELDS))
    if unknown:
        raise CorpusError(f"unknown metadata field(s): {', '.join(unknown)}", path=str(json_path),
                          field=unknown[0])
    for name in METADATA_FIELDS:
        if name not in meta:
            raise CorpusError("metadata field missing", path=str(json_path), field=name)
    _check_metadata(meta, json_path)
    return meta


def _check_metadata(meta: dict[str, Any], path: Path) -> None:
    def fail(message: str, name: str) -> CorpusError:
        return CorpusError(message, path=str(path), field=name, value=repr(meta.get(name)))

    for name in ("id", "file_name", "language", "published_basis", "sha256"):
        if not isinstance(meta[name], str) or not meta[name].strip():
            raise fail("must be a non-empty string", name)
    for name in ("published", "outlet", "url"):
        if meta[name] is not None and (not isinstance(meta[name], str) or not meta[name].strip()):
            raise fail("must be a non-empty string or null", name)
    if not _ID.fullmatch(meta["id"]):
        raise fail("id must be 1-64 ASCII letters, digits, '_' or '-'", "id")
    if meta["language"] != "ar":
        raise fail("only Arabic articles ('ar') are supported", "language")
    if meta["published"] is not None:
        _parse_date(meta["published"], path)
    if meta["url"] is not None and not _URL.fullmatch(meta["url"]):
        raise fail("url must be an http(s) URL", "url")
    if not _SHA256.fullmatch(meta["sha256"]):
        raise fail("sha256 must be 64 lowercase hex digits", "sha256")


def _parse_date(value: str, path: Path) -> date:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("not YYYY-MM-DD")
        return date.fromisoformat(value)
    except ValueError as err:
        raise CorpusError(f"published is not a valid date (YYYY-MM-DD): {err}", path=str(path),
                          field="published", value=repr(value)) from err


def read_article(txt_path: Path) -> Article:
    """Read ``ID.txt`` and its ``ID.json``; raise :class:`CorpusError` naming file and field."""
    txt_path = Path(txt_path)
    json_path = txt_path.with_suffix(".json")
    try:
        data = txt_path.read_bytes()
    except FileNotFoundError as err:
        raise CorpusError("article text missing", path=str(txt_path)) from err
    except OSError as err:
        raise CorpusError(f"article text unreadable: {err.strerror}", path=str(txt_path)) from err
    meta = read_metadata(json_path)
    if meta["id"] != txt_path.stem:
        raise CorpusError(f"metadata id {meta['id']!r} does not match the file name", path=str(json_path),
                          field="id")
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"]:
        raise CorpusError(f"sha256 mismatch: the text file changed (it hashes to {digest})",
                          path=str(txt_path), field="sha256")
    text = _decode(data, txt_path)
    if not text.strip():
        raise CorpusError("article text is empty", path=str(txt_path))
    published = _parse_date(meta["published"], json_path) if meta["published"] else None
    return Article(id=meta["id"], text=text, file_name=meta["file_name"], sha256=digest,
                   language=meta["language"], published=published, published_basis=meta["published_basis"],
                   outlet=meta["outlet"], url=meta["url"], title=_title(text))


def _title(text: str) -> str | None:
    """The headline: the first line of real text if it is short and has no final full stop."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or re.fullmatch(r"\[[^\]]*\]", stripped):
            continue  # blank, or debris like [ad_1]
        if len(stripped.split()) <= _TITLE_MAX_WORDS and not stripped.endswith((".", "!", "؟", "?", ":")):
            return stripped
        return None
    return None


def article_from_text(txt_path: Path, article_id: str, published: date | None = None,
                      published_basis: str | None = None, outlet: str | None = None,
                      url: str | None = None) -> Article:
    """An :class:`Article` from a plain-text file outside the corpus (``kg extract FILE``).

    Same decoding as :func:`read_article` (strict UTF-8, text kept exactly); the metadata comes
    from the caller. Without ``published`` the date stays unknown — never guessed.
    """
    txt_path = Path(txt_path)
    if not _ID.fullmatch(article_id):
        raise CorpusError("id must be 1-64 ASCII letters, digits, '_' or '-'", field="id",
                          value=repr(article_id))
    try:
        data = txt_path.read_bytes()
    except FileNotFoundError as err:
        raise CorpusError("article text missing", path=str(txt_path)) from err
    except OSError as err:
        raise CorpusError(f"article text unreadable: {err.strerror}", path=str(txt_path)) from err
    text = _decode(data, txt_path)
    if not text.strip():
        raise CorpusError("article text is empty", path=str(txt_path))
    if published_basis is None:
        published_basis = "given by the caller" if published else "unknown: no publication date given"
    return Article(id=article_id, text=text, file_name=txt_path.name, sha256=hashlib.sha256(data).hexdigest(),
                   published=published, published_basis=published_basis, outlet=outlet, url=url,
                   title=_title(text))


def read_corpus(articles_dir: Path) -> CorpusResult:
    """Every article of ``articles_dir``; unreadable files become errors, the rest still load.

    Also reported: metadata without a text file, two articles whose ids differ only in case, and
    the same text stored twice (the second copy is skipped: it would double-count statements).
    """
    articles_dir = Path(articles_dir)
    if not articles_dir.is_dir():
        raise CorpusError("articles directory not found", path=str(articles_dir))
    articles: list[Article] = []
    errors: list[CorpusError] = []
    seen_ids: dict[str, str] = {}
    seen_hashes: dict[str, str] = {}
    texts = sorted(articles_dir.glob("*.txt"))
    for txt_path in texts:
        try:
            article = read_article(txt_path)
        except CorpusError as err:
            errors.append(err)
            continue
        folded = article.id.casefold()
        if folded in seen_ids:
            errors.append(CorpusError(f"duplicate article id (also {seen_ids[folded]!r})", path=str(txt_path),
                                      field="id"))
            continue
        if article.sha256 in seen_hashes:
            errors.append(CorpusError(f"duplicate article text (same as {seen_hashes[article.sha256]!r})",
                                      path=str(txt_path), field="sha256"))
            continue
        seen_ids[folded] = article.id
        seen_hashes[article.sha256] = article.id
        articles.append(article)
    stems = {p.stem for p in texts}
    for json_path in sorted(articles_dir.glob("*.json")):
        if json_path.stem not in stems:
            errors.append(CorpusError("metadata without article text", path=str(json_path)))
    return CorpusResult(articles=tuple(sorted(articles, key=lambda a: a.id)), errors=tuple(errors))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, fsync, then rename over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE)  # mkstemp creates 0600; corpus files are world-readable data
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def add_article(src_txt: Path, articles_dir: Path, article_id: str, published: date | str | None,
                published_basis: str, outlet: str | None = None, url: str | None = None) -> Path:
    """Copy ``src_txt`` (UTF-8 plain text) into the corpus as ``<article_id>.txt`` + ``.json``.

    The bytes are copied unchanged; the metadata records the original file name and the sha256.
    Refuses to overwrite an existing article, invalid UTF-8, an empty text, a malformed date
    and an empty ``published_basis`` (say how the date was established, or why there is none).
    Returns the path of the new ``ID.txt``.
    """
    src_txt, articles_dir = Path(src_txt), Path(articles_dir)
    if not _ID.fullmatch(article_id):
        raise CorpusError("id must be 1-64 ASCII letters, digits, '_' or '-'", field="id",
                          value=repr(article_id))
    if not articles_dir.is_dir():
        raise CorpusError("articles directory not found", path=str(articles_dir))
    txt_path, json_path = articles_dir / f"{article_id}.txt", articles_dir / f"{article_id}.json"
    for path in (txt_path, json_path):
        if path.exists():
            raise CorpusError("an article with this id already exists", path=str(path), field="id")
    try:
        data = src_txt.read_bytes()
    except OSError as err:
        raise CorpusError(f"source text unreadable: {err.strerror}", path=str(src_txt)) from err
    if not _decode(data, src_txt).strip():
        raise CorpusError("source text is empty", path=str(src_txt))
    published_text = published.isoformat() if isinstance(published, date) else published
    meta: dict[str, Any] = {
        "id": article_id, "file_name": src_txt.name, "language": "ar", "published": published_text,
        "published_basis": published_basis, "outlet": outlet, "url": url,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _check_metadata(meta, json_path)
    _write_atomic(txt_path, data)
    try:
        _write_atomic(json_path, (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except BaseException:
        txt_path.unlink(missing_ok=True)
        raise
    return txt_path
