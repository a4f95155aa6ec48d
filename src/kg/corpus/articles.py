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
says why. The reader never consults the clock (the same corpus builds the same graph on any
day), so a date in the future is read as written; :func:`add_article` refuses one more than a
day after today (time zones: Baku is UTC+4): no article is published in the future, it is a typo.

Hostile or broken input is refused with a :class:`~kg.errors.CorpusError` naming the file and
the problem (docs/reliability.md): a text larger than :data:`MAX_TEXT_BYTES` (2 MiB; the longest
seed article is 12 kB, and extraction plus SHACL validation of one article is held in memory),
metadata larger than :data:`MAX_METADATA_BYTES`, anything but a regular file (a FIFO would block
the build, ``/dev/zero`` would never end), UTF-16/UTF-32 (named by their byte order mark),
invalid UTF-8, an empty or whitespace-only text, binary content (C0 control characters other
than tab, line feed, vertical tab, form feed and carriage return) and a text without a single
Arabic letter (the metadata says ``"language": "ar"``; an article in another language has no
place in this corpus, and building it would only add an article with zero statements).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
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
#: Largest article text accepted, in bytes (2 MiB); larger files are refused, never truncated.
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: Largest metadata file accepted, in bytes (the seed metadata is under 1 kB).
MAX_METADATA_BYTES = 64 * 1024
# Arabic letters (not digits or punctuation) in the Arabic blocks and presentation forms.
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f"
                            "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_FOREIGN_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                 (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


@dataclass(frozen=True)
class CorpusResult:
    """What :func:`read_corpus` found: the readable articles (sorted by id) and the errors."""

    articles: tuple[Article, ...]
    errors: tuple[CorpusError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`CorpusError` otherwise.

    Opened non-blocking so a FIFO is refused instead of waiting for a writer; read with a bound
    so a file that grows (or a symlink to ``/dev/zero``) cannot exhaust memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as err:
        raise CorpusError(f"{what} missing", path=str(path)) from err
    except OSError as err:
        raise CorpusError(f"{what} unreadable: {err.strerror}", path=str(path)) from err
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CorpusError(f"{what} is not a regular file", path=str(path))
        if info.st_size > limit:
            raise CorpusError(f"{what} too large: {info.st_size} bytes (the maximum is {limit})",
                              path=str(path))
        try:
            data = handle.read(limit + 1)
        except OSError as err:
            raise CorpusError(f"{what} unreadable: {err.strerror}", path=str(path)) from err
    if len(data) > limit:
        raise CorpusError(f"{what} too large: more than {limit} bytes", path=str(path))
    return data


def _decode(data: bytes, path: Path, what: str = "article text") -> str:
    for bom, encoding in _FOREIGN_BOMS:
        if data.startswith(bom):
            raise CorpusError(f"{what} is {encoding} (byte order mark {bom.hex(' ').upper()}), "
                              "not UTF-8", path=str(path), offset=0)
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as err:
        raise CorpusError(f"invalid UTF-8 in {what}: {err.reason}", path=str(path),
                          offset=err.start) from err


def read_metadata(json_path: Path) -> dict[str, Any]:
    """Load and validate ``ID.json`` (fields, types, date format); the text is not checked here."""
    raw = _read_bytes(json_path, MAX_METADATA_BYTES, "metadata file")
    try:
        meta = json.loads(_decode(raw, json_path, "metadata"))
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
    data = _read_bytes(txt_path, MAX_TEXT_BYTES, "article text")
    meta = read_metadata(json_path)
    if meta["id"] != txt_path.stem:
        raise CorpusError(f"metadata id {meta['id']!r} does not match the file name {txt_path.name!r}",
                          path=str(json_path), field="id")
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"]:
        raise CorpusError(f"sha256 mismatch: the text file changed (it hashes to {digest})",
                          path=str(txt_path), field="sha256")
    text = _check_text(_decode(data, txt_path), txt_path)
    published = _parse_date(meta["published"], json_path) if meta["published"] else None
    return Article(id=meta["id"], text=text, file_name=meta["file_name"], sha256=digest,
                   language=meta["language"], published=published, published_basis=meta["published_basis"],
                   outlet=meta["outlet"], url=meta["url"], title=_title(text))


def _check_text(text: str, path: Path) -> str:
    """Refuse a text with nothing to read in it (see the module doc); return it unchanged."""
    if not text.strip():
        raise CorpusError("article text is empty" if not text else "article text is only whitespace",
                          path=str(path))
    if found := _BINARY.search(text):
        raise CorpusError(f"article text contains binary data: control character U+{ord(found.group()):04X}",
                          path=str(path), offset=found.start())
    if not _ARABIC_LETTER.search(text):
        raise CorpusError("no Arabic text: not one Arabic letter, but the language is 'ar'", path=str(path))
    return text


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
    data = _read_bytes(txt_path, MAX_TEXT_BYTES, "article text")
    text = _check_text(_decode(data, txt_path), txt_path)
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
            err.context.setdefault("article", txt_path.stem)  # the id it would have had: for reports
            errors.append(err)
            continue
        folded = article.id.casefold()
        if folded in seen_ids:
            errors.append(CorpusError(f"duplicate article id: differs from {seen_ids[folded]!r} only in "
                                      "letter case (the first in file-name order is kept)",
                                      path=str(txt_path), field="id", article=article.id))
            continue
        if article.sha256 in seen_hashes:
            errors.append(CorpusError(f"duplicate article text (same as {seen_hashes[article.sha256]!r})",
                                      path=str(txt_path), field="sha256", article=article.id))
            continue
        seen_ids[folded] = article.id
        seen_hashes[article.sha256] = article.id
        articles.append(article)
    stems = {p.stem for p in texts}
    for json_path in sorted(articles_dir.glob("*.json")):
        if json_path.stem not in stems:
            errors.append(CorpusError(f"metadata without article text (no {json_path.stem}.txt)",
                                      path=str(json_path), article=json_path.stem))
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
    Refuses to overwrite an existing article, what :func:`read_article` would refuse (too large,
    not UTF-8, empty, binary, no Arabic), a malformed or future date and an empty
    ``published_basis`` (say how the date was established, or why there is none).
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
    data = _read_bytes(src_txt, MAX_TEXT_BYTES, "source text")
    _check_text(_decode(data, src_txt, "source text"), src_txt)
    published_text = published.isoformat() if isinstance(published, date) else published
    meta: dict[str, Any] = {
        "id": article_id, "file_name": src_txt.name, "language": "ar", "published": published_text,
        "published_basis": published_basis, "outlet": outlet, "url": url,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _check_metadata(meta, json_path)
    tomorrow = date.today() + timedelta(days=1)
    if published_text is not None and _parse_date(published_text, json_path) > tomorrow:
        raise CorpusError("published is in the future", path=str(json_path), field="published",
                          value=repr(published_text))
    _write_atomic(txt_path, data)
    try:
        _write_atomic(json_path, (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except BaseException:
        txt_path.unlink(missing_ok=True)
        raise
    return txt_path
