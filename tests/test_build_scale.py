"""`kg build` at scale: worker processes give the same store as one process, and an incremental
build (only the articles added, changed or removed) gives the same store as a full build.

Store contents are compared as sorted N-Quads of every quad (named graphs and the merged default
graph). Speed is measured by ``kg bench``, not here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.corpus import add_article
from kg.export.dumps import DUMPS, dumps_dir
from kg.manifest import Manifest
from kg.pipeline import MANIFEST_FILE, build, update
from kg.settings import Settings
from kg.store import StoreLayout

# Sentences of our own (not from any corpus).
TEXTS = {
    "mine1": "أدانت وزارة الخارجية الفرنسية، اليوم الأربعاء، القصف الأذربيجاني على بلدة جيرموك الأرمينية.\n",
    "mine2": "وقالت وزارة الدفاع الأذربيجانية إن القوات الأرمينية قصفت مواقعها في كلبجار مساء أمس.\n",
    "mine3": "وحمّلت وزارة الخارجية الأرمينية أذربيجان مسؤولية التصعيد على الحدود في سيونيك.\n",
    "mine4": "ودعت روسيا الطرفين إلى ضبط النفس، وقالت إن الوضع في غوريس هادئ.\n",
}
NEW = ("mine5", "وأعلنت وزارة الدفاع الأرمينية أن القوات الأذربيجانية قصفت قرية في غيغاركونيك.\n")


def _add(articles: Path, article_id: str, text: str) -> None:
    src = articles.parent / f"{article_id}-source.txt"
    src.write_text(text, encoding="utf-8")
    add_article(src, articles, article_id, date(2022, 9, 14), "given by the test")


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    for article_id, text in TEXTS.items():
        _add(articles, article_id, text)
    return articles


def _settings(tmp_path: Path, articles: Path, name: str = "store", **changes: object) -> Settings:
    return Settings(articles_dir=articles, store_dir=tmp_path / name,
                    updates_log=tmp_path / "updates" / "log.jsonl").with_(**changes)


def _content(settings: Settings) -> list[str]:
    """Every quad of the live store as N-Quads lines, sorted."""
    live = StoreLayout(settings.store_dir).live()
    assert live is not None
    store = ox.Store.read_only(str(live))
    try:
        return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))
    finally:
        del store


def _full(tmp_path: Path, articles: Path, name: str) -> list[str]:
    """The store a full build of ``articles`` writes (into a store directory of its own)."""
    settings = _settings(tmp_path, articles, name, build_workers=1)
    report = build(settings)
    assert report.ok, report.violations
    return _content(settings)


def test_parallel_build_gives_the_same_store_as_one_process(tmp_path: Path, corpus_dir: Path) -> None:
    one = _settings(tmp_path, corpus_dir, "one", build_workers=1)
    two = _settings(tmp_path, corpus_dir, "two", build_workers=2, build_chunk_articles=1)
    first, second = build(one), build(two)
    assert first.ok and second.ok
    assert [o.article_id for o in second.outcomes] == sorted(TEXTS) == [o.article_id for o in first.outcomes]
    assert first.outcomes == second.outcomes
    assert _content(one) == _content(two)
    assert any(q.startswith("<https://w3id.org/kg/article/mine3>") for q in _content(two))
    for build_dir in (StoreLayout(one.store_dir).live(), StoreLayout(two.store_dir).live()):
        assert build_dir is not None and (build_dir / MANIFEST_FILE).is_file()
        assert all((dumps_dir(build_dir) / d.name).is_file() for d in DUMPS)


def test_bad_and_duplicate_articles_are_skipped_in_parallel(tmp_path: Path, corpus_dir: Path) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    (corpus_dir / "broken.json").write_text('{"id": "broken"}', encoding="utf-8")
    (corpus_dir / "lonely.json").write_text('{"id": "lonely"}', encoding="utf-8")
    _add(corpus_dir, "mine9", TEXTS["mine2"])  # the same text again: the later file is skipped
    settings = _settings(tmp_path, corpus_dir, build_workers=2, build_chunk_articles=1)
    report = build(settings)
    assert report.ok
    assert [o.article_id for o in report.outcomes] == sorted(TEXTS)
    reasons = {p.article_id: p.message for p in report.skipped}
    assert set(reasons) == {"broken", "lonely", "mine9"}
    assert "metadata field missing" in reasons["broken"]
    assert "metadata without article text" in reasons["lonely"]
    assert "duplicate article text (same as 'mine2')" in reasons["mine9"]
    with Manifest.open(StoreLayout(settings.store_dir).live()) as manifest:  # type: ignore[arg-type,union-attr]
        assert sorted(e.id for e in manifest.all_entries()) == sorted(TEXTS) and manifest.complete is False


def _strict_ontology(tmp_path: Path, settings: Settings) -> Path:
    """A copy of the ontology directory whose shapes every statement violates."""
    ontology = tmp_path / "strict-ontology"
    shutil.copytree(settings.ontology_dir, ontology)
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write("""
<urn:test:must-have-a-nonexistent-property> a <http://www.w3.org/ns/shacl#NodeShape> ;
  <http://www.w3.org/ns/shacl#targetSubjectsOf> <https://w3id.org/kg/ontology#kind> ;
  <http://www.w3.org/ns/shacl#property> [
    <http://www.w3.org/ns/shacl#path> <urn:test:nonexistent> ;
    <http://www.w3.org/ns/shacl#minCount> 1 ] .
""")
    return ontology


def test_non_conforming_article_fails_the_parallel_build_and_keeps_the_previous_store(
        tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path, corpus_dir, build_workers=2, build_chunk_articles=1)
    assert build(settings).ok
    before, live = _content(settings), StoreLayout(settings.store_dir).live()

    strict = settings.with_(ontology_dir=_strict_ontology(tmp_path, settings))
    report = build(strict)
    assert not report.ok and report.store_path is None
    assert {p.article_id for p in report.violations} <= set(TEXTS) and report.violations
    assert all("urn:test:nonexistent" in p.message for p in report.violations)
    assert StoreLayout(settings.store_dir).live() == live and _content(settings) == before
    assert [p.name for p in (settings.store_dir / "builds").iterdir()] == [live.name]  # type: ignore[union-attr]


# -- incremental builds ---------------------------------------------------------------------------------


def _change_text(articles: Path, article_id: str, text: str) -> None:
    (articles / f"{article_id}.txt").unlink()
    (articles / f"{article_id}.json").unlink()
    _add(articles, article_id, text)


def test_incremental_add_change_delete_give_the_full_build(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path, corpus_dir, build_workers=1)
    assert build(settings).ok
    steps = [
        ("add", lambda: _add(corpus_dir, *NEW)),
        ("change", lambda: _change_text(corpus_dir, "mine3", TEXTS["mine4"].replace("روسيا", "فرنسا"))),
        ("delete", lambda: [(corpus_dir / f"mine1.{s}").unlink() for s in ("txt", "json")]),
    ]
    for number, (name, step) in enumerate(steps):
        step()
        live = StoreLayout(settings.store_dir).live()
        report = update(settings)
        assert report is not None and report.ok and report.incremental, name
        assert report.store_path != live  # a new build, swapped in
        assert _content(settings) == _full(tmp_path, corpus_dir, f"full-{number}"), name
        assert all((dumps_dir(report.store_path) / d.name).is_file() for d in DUMPS)  # type: ignore[arg-type]
        if name == "add":
            assert [o.article_id for o in report.outcomes] == [NEW[0]] and report.removed == ()
        if name == "delete":
            assert report.outcomes == () and report.removed == ("mine1",)
    again = update(settings)
    assert again is not None and again.up_to_date


def test_incremental_build_drops_an_article_that_became_unreadable(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path, corpus_dir, build_workers=1, dumps_before_swap_max_articles=0)
    assert build(settings).ok
    (corpus_dir / "mine2.txt").write_text(TEXTS["mine2"] + "\n", encoding="utf-8")  # sha256 now stale
    report = update(settings)
    assert report is not None and report.ok and report.removed == ("mine2",)
    assert [p.article_id for p in report.skipped] == ["mine2"]
    assert _content(settings) == _full(tmp_path, corpus_dir, "full")
    # dumps of a store above the threshold are written after the swap, by a process of their own
    assert report.dumps_in_background and report.store_path is not None
    deadline = time.monotonic() + 300
    while not all((dumps_dir(report.store_path) / d.name).is_file() for d in DUMPS):
        assert time.monotonic() < deadline, (report.store_path / "dumps.log").read_text()
        time.sleep(0.2)
    retry = update(settings)  # the skipped article is tried (and reported) again, nothing else changes
    assert retry is not None and not retry.up_to_date and retry.store_path == report.store_path
    assert [p.article_id for p in retry.skipped] == ["mine2"]


def test_incremental_build_that_does_not_conform_changes_nothing(tmp_path: Path, corpus_dir: Path) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, ontology)
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as fh:  # only the first four conform
        fh.write("""
<urn:test:known-articles-only> a <http://www.w3.org/ns/shacl#NodeShape> ;
  <http://www.w3.org/ns/shacl#targetSubjectsOf> <https://schema.org/identifier> ;
  <http://www.w3.org/ns/shacl#property> [
    <http://www.w3.org/ns/shacl#path> <https://schema.org/identifier> ;
    <http://www.w3.org/ns/shacl#in> ( "mine1" "mine2" "mine3" "mine4" ) ] .
""")
    settings = _settings(tmp_path, corpus_dir, build_workers=1, ontology_dir=ontology)
    assert build(settings).ok
    before, live = _content(settings), StoreLayout(settings.store_dir).live()
    _add(corpus_dir, *NEW)
    report = update(settings)
    assert report is not None and report.incremental and not report.ok
    assert [p.article_id for p in report.violations] == [NEW[0]]
    assert StoreLayout(settings.store_dir).live() == live and _content(settings) == before
    assert [p.name for p in (settings.store_dir / "builds").iterdir()] == [live.name]  # type: ignore[union-attr]


def test_incremental_only_when_nothing_but_articles_changed(tmp_path: Path, corpus_dir: Path) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, ontology)
    settings = _settings(tmp_path, corpus_dir, build_workers=1, ontology_dir=ontology)

    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg", "--articles", str(corpus_dir), "--store",
                               str(settings.store_dir), "build", "--workers", "1", *extra],
                              capture_output=True, text=True, timeout=300)

    assert build(settings).ok
    _add(corpus_dir, *NEW)
    writes = tmp_path / "writes.jsonl"  # operator writes are replayed by full builds only
    writes.write_text('{"seq": 1, "op": "delete", "graph": "https://w3id.org/kg/graph/mine1"}\n')
    assert update(settings.with_(updates_log=writes)) is None
    assert update(settings) is not None  # only an article changed: incremental
    _add(corpus_dir, "mine6", TEXTS["mine1"].replace("الفرنسية", "الإيرانية"))
    with (ontology / "kg.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment changes the input too\n")
    assert update(settings) is None  # the ontology changed: a full build is needed
    assert update(settings.with_(store_dir=tmp_path / "nothing-built-yet")) is None
    run = cli("--full")
    assert run.returncode == 0 and run.stdout.startswith("built 6 article(s)"), run.stderr
    assert cli().stdout.startswith("up to date")


def test_incremental_duplicates_follow_file_name_order(tmp_path: Path, corpus_dir: Path) -> None:
    """The duplicate rules see the whole corpus in an incremental build too, though it looks up only
    the changed articles in the manifest's indexes: a later copy is skipped, an earlier one needs a
    full build (it would push an unchanged article out)."""
    settings = _settings(tmp_path, corpus_dir, build_workers=1)
    assert build(settings).ok
    _add(corpus_dir, "mine9", TEXTS["mine2"])  # sorts after mine2: skipped, the rest incremental
    report = update(settings)
    assert report is not None and report.ok and report.incremental
    (skipped,) = report.skipped
    assert skipped.article_id == "mine9"
    assert skipped.message.startswith("duplicate article text (same as 'mine2')")
    assert str(corpus_dir / "mine9.txt") in skipped.message
    assert _content(settings) == _full(tmp_path, corpus_dir, "full-copy")
    for path in corpus_dir.glob("mine9.*"):
        path.unlink()
    assert update(settings) is not None
    # the same id as mine3 but for letter case, and sorting before it
    _add(corpus_dir, "MINE3", TEXTS["mine4"].replace("روسيا", "الصين"))
    assert update(settings) is None
    report = build(settings)
    assert [p.article_id for p in report.skipped] == ["mine3"]


def test_incremental_build_of_named_articles_only(tmp_path: Path, corpus_dir: Path) -> None:
    """``update(only=[...])`` (kg add --build, kg build --article) applies the named articles without
    listing the corpus; another article changed meanwhile waits for the next plain build."""
    settings = _settings(tmp_path, corpus_dir, build_workers=1)
    assert build(settings).ok

    def mine3() -> list[str]:
        return [q for q in _content(settings) if q.rstrip(" .").endswith("<https://w3id.org/kg/graph/mine3>")]

    before = mine3()
    _add(corpus_dir, *NEW)
    _change_text(corpus_dir, "mine3", TEXTS["mine4"].replace("روسيا", "فرنسا"))
    report = update(settings, only=[NEW[0]])
    assert report is not None and report.ok and report.incremental
    assert [o.article_id for o in report.outcomes] == [NEW[0]]
    assert before and mine3() == before  # mine3's change is not applied yet
    again = update(settings, only=[NEW[0], "nosuch"])
    assert again is not None and again.outcomes == () and again.store_path == report.store_path
    rest = update(settings)
    assert rest is not None and [o.article_id for o in rest.outcomes] == ["mine3"]
    assert _content(settings) == _full(tmp_path, corpus_dir, "full")
    for suffix in ("txt", "json"):
        (corpus_dir / f"{NEW[0]}.{suffix}").unlink()
    gone = update(settings, only=[NEW[0]])
    assert gone is not None and gone.removed == (NEW[0],)
    assert _content(settings) == _full(tmp_path, corpus_dir, "full-after-removal")
    assert update(settings) is not None and update(settings).up_to_date  # type: ignore[union-attr]


def test_a_new_background_dumps_process_stops_the_superseded_one(tmp_path: Path) -> None:
    """Only a process whose command line is the dumps script of another build is stopped."""
    from kg.pipeline import _stop_superseded_dumps

    builds = tmp_path / "builds"
    old, other, new = builds / "old", builds / "other", builds / "new"
    for d in (old, other, new):
        d.mkdir(parents=True)
    dumps_like = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)  # write_build_dumps",  # noqa: S603
                                   str(old)])
    unrelated = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", str(other)])  # noqa: S603
    try:
        (old / "dumps.pid").write_text(str(dumps_like.pid))
        (other / "dumps.pid").write_text(str(unrelated.pid))
        _stop_superseded_dumps(new)
        assert dumps_like.wait(timeout=30) != 0
        assert unrelated.poll() is None
    finally:
        for process in (dumps_like, unrelated):
            process.kill()
            process.wait()
