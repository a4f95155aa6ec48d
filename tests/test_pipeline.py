"""`kg build` as a whole: bad input is skipped and named, non-conformance fails the build and leaves the
previous store serving, and the CLI maps both to exit codes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.corpus import add_article
from kg.pipeline import build
from kg.settings import Settings
from kg.store import open_store

# Sentences of our own (not from any corpus).
GOOD = {
    "mine1": ("أدانت وزارة الخارجية الفرنسية، اليوم الأربعاء، القصف الأذربيجاني على بلدة جيرموك الأرمينية.\n",
              date(2022, 9, 14)),
    "mine2": ("وقالت وزارة الدفاع الأذربيجانية إن القوات الأرمينية قصفت مواقعها في كلبجار مساء أمس.\n",
              date(2022, 9, 13)),
}
COUNT_STATEMENTS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s kg:kind ?k } }
"""


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    for article_id, (text, published) in GOOD.items():
        src = tmp_path / f"{article_id}-source.txt"
        src.write_text(text, encoding="utf-8")
        add_article(src, articles, article_id, published, "given by the test")
    return articles


def _settings(tmp_path: Path, articles: Path, **changes: object) -> Settings:
    return Settings(articles_dir=articles, store_dir=tmp_path / "store").with_(**changes)


def _count(settings: Settings) -> int:
    store = open_store(settings)
    (row,) = list(store.query(COUNT_STATEMENTS))
    value = row["n"]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def test_build_loads_one_named_graph_per_article(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path, corpus_dir)
    report = build(settings)
    assert report.ok and not report.skipped
    assert sorted(o.article_id for o in report.outcomes) == ["mine1", "mine2"]
    store = open_store(settings)
    graphs = {g.value for g in store.named_graphs()}
    assert {settings.base_iri + "graph/mine1", settings.base_iri + "graph/mine2"} <= graphs
    assert _count(settings) >= 2


def test_unreadable_article_is_skipped_and_named_and_the_rest_builds(
        tmp_path: Path, corpus_dir: Path) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    (corpus_dir / "broken.json").write_text('{"id": "broken"}', encoding="utf-8")
    settings = _settings(tmp_path, corpus_dir)
    report = build(settings)
    assert report.ok
    assert [o.article_id for o in report.outcomes] == ["mine1", "mine2"]
    assert len(report.skipped) == 1 and "broken" in (report.skipped[0].path or report.skipped[0].message)

    run = subprocess.run([sys.executable, "-m", "kg", "--articles", str(corpus_dir), "--store",
                          str(tmp_path / "store2"), "build"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "broken" in run.stderr


def test_non_conforming_graph_fails_the_build_and_keeps_the_previous_store(
        tmp_path: Path, corpus_dir: Path) -> None:
    settings = _settings(tmp_path, corpus_dir)
    assert build(settings).ok
    before = _count(settings)

    # A stricter shapes graph that every statement violates, in an ontology dir of its own.
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shapes = (settings.ontology_dir / "shapes.ttl").read_text(encoding="utf-8")
    shapes += """
<urn:test:must-have-a-nonexistent-property> a <http://www.w3.org/ns/shacl#NodeShape> ;
  <http://www.w3.org/ns/shacl#targetSubjectsOf> <https://w3id.org/kg/ontology#kind> ;
  <http://www.w3.org/ns/shacl#property> [
    <http://www.w3.org/ns/shacl#path> <urn:test:nonexistent> ;
    <http://www.w3.org/ns/shacl#minCount> 1 ] .
"""
    (ontology / "shapes.ttl").write_text(shapes, encoding="utf-8")
    (ontology / "kg.ttl").write_text((settings.ontology_dir / "kg.ttl").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    strict = settings.with_(ontology_dir=ontology)
    report = build(strict)
    assert not report.ok and report.store_path is None
    assert report.violations
    problem = report.violations[0]
    assert problem.article_id in GOOD
    assert "urn:test:nonexistent" in problem.message
    assert _count(settings) == before  # the previous store still serves


def test_unchanged_input_is_up_to_date_and_force_rebuilds(tmp_path: Path, corpus_dir: Path) -> None:
    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg", "--articles", str(corpus_dir), "--store",
                               str(tmp_path / "store"), "build", *extra],
                              capture_output=True, text=True, timeout=300)

    first = cli()
    assert first.returncode == 0 and first.stdout.startswith("built 2 article(s)"), first.stderr
    again = cli()
    assert again.returncode == 0 and again.stdout.startswith("up to date"), again.stdout
    forced = cli("--force")
    assert forced.returncode == 0 and forced.stdout.startswith("built 2 article(s)")
    (corpus_dir / "mine1.txt").write_text(GOOD["mine1"][0] + "\n", encoding="utf-8")  # sha256 now stale
    changed = cli()
    assert changed.returncode == 1 and "mine1" in changed.stderr  # the input changed: rebuilt, and told
    assert cli().returncode == 1  # a build that skipped input is never "up to date"


@pytest.mark.parametrize("violated", [False, True])
def test_shapes_the_compiler_does_not_translate_are_checked_by_pyshacl(
        tmp_path: Path, corpus_dir: Path, violated: bool) -> None:
    """A shapes file using sh:not (valid SHACL that kg.validate.compiled does not translate) still
    validates every article: one by one with pySHACL, with the same outcome."""
    from kg.validate.compiled import NotCompiled, compile_shapes

    settings = _settings(tmp_path, corpus_dir)
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    forbidden = "kind" if violated else "noSuchProperty"
    shapes = (settings.ontology_dir / "shapes.ttl").read_text(encoding="utf-8") + f"""
<urn:test:not-{forbidden}> a <http://www.w3.org/ns/shacl#NodeShape> ;
  <http://www.w3.org/ns/shacl#targetSubjectsOf> <https://w3id.org/kg/ontology#kind> ;
  <http://www.w3.org/ns/shacl#not> [
    <http://www.w3.org/ns/shacl#path> <https://w3id.org/kg/ontology#{forbidden}> ;
    <http://www.w3.org/ns/shacl#minCount> 1 ] .
"""
    (ontology / "shapes.ttl").write_text(shapes, encoding="utf-8")
    (ontology / "kg.ttl").write_text((settings.ontology_dir / "kg.ttl").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    with pytest.raises(NotCompiled, match="does not translate"):
        compile_shapes(ontology / "shapes.ttl")
    report = build(settings.with_(ontology_dir=ontology))
    assert report.ok is not violated
    if violated:
        assert report.violations and all(p.stage == "shacl" for p in report.violations)
        assert {p.article_id for p in report.violations} <= set(GOOD)
    else:
        assert [o.article_id for o in report.outcomes] == sorted(GOOD)
