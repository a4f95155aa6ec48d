"""Stage 1: reading, validating and adding articles (kg.corpus)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from kg.corpus import METADATA_FIELDS, add_article, article_from_text, read_article, read_corpus
from kg.errors import CorpusError

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
SEED_DATES = {"seed000": None, "seed001": date(2022, 9, 13), "seed002": date(2022, 9, 14),
              "seed003": date(2023, 9, 19), "seed004": date(2022, 9, 13)}
TEXT = "عنوان الخبر\nقالت الوزارة إن الهدوء عاد إلى الحدود.\n"


# --- the committed corpus ----------------------------------------------------------------------

def test_committed_corpus_has_the_five_seeds() -> None:
    result = read_corpus(ARTICLES)
    assert result.errors == ()
    assert [a.id for a in result.articles] == list(SEED_DATES)
    assert {a.id: a.published for a in result.articles} == SEED_DATES
    for article in result.articles:
        assert article.language == "ar" and article.published_basis
        assert article.file_name.startswith(article.id[-3:] + "_")


def test_committed_texts_are_byte_identical_to_the_shared_seeds(shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for i, seed in enumerate(seeds):
        assert (ARTICLES / f"seed{i:03d}.txt").read_bytes() == seed.read_bytes()
        meta = json.loads((ARTICLES / f"seed{i:03d}.json").read_text(encoding="utf-8"))
        assert meta["file_name"] == seed.name


def test_data_readme_lists_every_article_checksum() -> None:
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for txt in sorted(ARTICLES.glob("*.txt")):
        assert hashlib.sha256(txt.read_bytes()).hexdigest() in readme, txt.name


def test_undated_seed_keeps_no_date() -> None:
    article = read_article(ARTICLES / "seed000.txt")
    assert article.published is None and "no dateline" in article.published_basis


# --- reading -----------------------------------------------------------------------------------

def write(directory: Path, article_id: str, data: bytes, **overrides: object) -> Path:
    meta: dict[str, object] = {
        "id": article_id, "file_name": "original.txt", "language": "ar", "published": "2021-05-19",
        "published_basis": "dateline in text", "outlet": None, "url": None,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    meta.update(overrides)
    (directory / f"{article_id}.txt").write_bytes(data)
    (directory / f"{article_id}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return directory / f"{article_id}.txt"


def test_read_article_keeps_the_text_exactly(tmp_path: Path) -> None:
    data = "عنوان\r\nنص  المقال\u00a0هنا.\n".encode()
    article = read_article(write(tmp_path, "a1", data))
    assert article.text == data.decode("utf-8")  # CRLF and NBSP kept: offsets index the file
    assert article.published == date(2021, 5, 19)
    assert article.title == "عنوان"
    assert article.sha256 == hashlib.sha256(data).hexdigest()


def test_checksum_mismatch_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a1", TEXT.encode())
    path.write_bytes((TEXT + "زيادة").encode())
    with pytest.raises(CorpusError) as err:
        read_article(path)
    assert err.value.context["path"] == str(path) and err.value.context["field"] == "sha256"


def test_invalid_utf8_names_file_and_byte_offset(tmp_path: Path) -> None:
    data = "نص".encode() + b"\xff\xfe" + "آخر".encode()
    path = write(tmp_path, "a1", data)
    with pytest.raises(CorpusError) as err:
        read_article(path)
    assert err.value.context == {"path": str(path), "offset": 4}
    assert "UTF-8" in str(err.value)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"published": "2021-13-01"}, "published"),
    ({"published": "19/05/2021"}, "published"),
    ({"published": 20210519}, "published"),
    ({"language": "en"}, "language"),
    ({"sha256": "abc"}, "sha256"),
    ({"url": "not a url"}, "url"),
    ({"published_basis": ""}, "published_basis"),
    ({"headline": "x"}, "headline"),
    ({"id": "other"}, "id"),
])
def test_bad_metadata_names_path_and_field(tmp_path: Path, overrides: dict[str, object], field: str) -> None:
    path = write(tmp_path, "a1", TEXT.encode(), **overrides)
    with pytest.raises(CorpusError) as err:
        read_article(path)
    assert err.value.context["field"] == field
    assert err.value.context["path"].endswith(("a1.json", "a1.txt"))


def test_missing_metadata_field(tmp_path: Path) -> None:
    path = write(tmp_path, "a1", TEXT.encode())
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    del meta["outlet"]
    path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        read_article(path)
    assert err.value.context["field"] == "outlet"


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="article text missing"):
        read_article(tmp_path / "nothing.txt")
    (tmp_path / "lonely.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(CorpusError, match="metadata file missing"):
        read_article(tmp_path / "lonely.txt")


def test_metadata_must_be_a_json_object(tmp_path: Path) -> None:
    path = write(tmp_path, "a1", TEXT.encode())
    path.with_suffix(".json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CorpusError, match="not valid JSON"):
        read_article(path)


def test_one_bad_file_never_stops_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "a1", TEXT.encode())
    write(tmp_path, "a2", b"\xff")
    write(tmp_path, "a3", ("خبر آخر. " + TEXT).encode())
    write(tmp_path, "a4", TEXT.encode())  # same text as a1
    (tmp_path / "orphan.json").write_text("{}", encoding="utf-8")
    result = read_corpus(tmp_path)
    assert [a.id for a in result.articles] == ["a1", "a3"]
    assert not result.ok
    messages = sorted((Path(e.context["path"]).name, e.message.split(":")[0].split(" (")[0])
                      for e in result.errors)
    assert messages == [("a2.txt", "invalid UTF-8 in article text"), ("a4.txt", "duplicate article text"),
                        ("orphan.json", "metadata without article text")]


def test_read_corpus_of_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        read_corpus(tmp_path / "nope")


# --- adding ------------------------------------------------------------------------------------

def test_add_article_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "incoming.txt"
    src.write_bytes(TEXT.encode())
    corpus = tmp_path / "articles"
    corpus.mkdir()
    path = add_article(src, corpus, "dev001", date(2021, 5, 19), "URL path /2021/05/19/",
                       outlet="example.org", url="https://example.org/2021/05/19/x")
    assert path == corpus / "dev001.txt" and path.read_bytes() == src.read_bytes()
    meta = json.loads((corpus / "dev001.json").read_text(encoding="utf-8"))
    assert tuple(meta) == METADATA_FIELDS
    assert meta["file_name"] == "incoming.txt" and meta["published"] == "2021-05-19"
    article = read_article(path)
    assert (article.id, article.outlet, article.published) == ("dev001", "example.org", date(2021, 5, 19))
    assert sorted(p.name for p in corpus.iterdir()) == ["dev001.json", "dev001.txt"]  # no temp files left


def test_add_article_without_date(tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text(TEXT, encoding="utf-8")
    path = add_article(src, tmp_path, "undated", None, "no date in text or URL")
    assert read_article(path).published is None


def test_add_article_refusals(tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "c"
    corpus.mkdir()
    add_article(src, corpus, "one", None, "unknown")
    with pytest.raises(CorpusError, match="already exists"):
        add_article(src, corpus, "one", None, "unknown")
    with pytest.raises(CorpusError) as err:
        add_article(src, corpus, "bad id!", None, "unknown")
    assert err.value.context["field"] == "id"
    with pytest.raises(CorpusError) as err:
        add_article(src, corpus, "two", "2021-02-30", "typo")
    assert err.value.context["field"] == "published"
    with pytest.raises(CorpusError) as err:
        add_article(src, corpus, "three", "2021-02-03", "")
    assert err.value.context["field"] == "published_basis"
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff")
    with pytest.raises(CorpusError, match="UTF-8"):
        add_article(binary, corpus, "four", None, "unknown")
    assert sorted(p.name for p in corpus.iterdir()) == ["one.json", "one.txt"]


def test_article_from_text_outside_the_corpus(tmp_path: Path) -> None:
    src = tmp_path / "loose.txt"
    src.write_bytes(TEXT.encode())
    article = article_from_text(src, "loose1")
    assert (article.id, article.text, article.published) == ("loose1", TEXT, None)
    assert article.file_name == "loose.txt"
    assert article.published_basis.startswith("unknown")
    dated = article_from_text(src, "loose2", published=date(2021, 5, 19))
    assert dated.published == date(2021, 5, 19)
    with pytest.raises(CorpusError) as err:
        article_from_text(tmp_path / "nope.txt", "x")
    assert err.value.context["path"].endswith("nope.txt")
    with pytest.raises(CorpusError, match="UTF-8"):
        (tmp_path / "bad.txt").write_bytes(b"\xc3")
        article_from_text(tmp_path / "bad.txt", "x")
