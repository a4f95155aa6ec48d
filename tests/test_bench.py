"""kg bench: the synthetic corpus (deterministic, varied, found by the real extractor) and a tiny
end-to-end run that prints every figure for every engine. No timing is asserted: speed figures
belong to the bench output, not to tests."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.bench.synthetic import Generator, as_article, write_corpus
from kg.cli import main
from kg.corpus import read_corpus
from kg.extract import extract_article
from kg.extract.knowledge import Knowledge, load_knowledge
from kg.model import BLAME_KINDS
from kg.settings import Settings

SETTINGS = Settings()
QUERY_NAMES = sorted(p.stem.replace("-", "_") for p in SETTINGS.queries_dir.glob("*.rq"))
ENGINES = ("kg", "oxigraph_serve", "pyoxigraph_inprocess")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(SETTINGS.gazetteer_dir, SETTINGS.lexicon_dir)


@pytest.fixture(scope="module")
def generator(knowledge: Knowledge) -> Generator:
    return Generator(knowledge, SETTINGS.gazetteer_dir, seed=3)


def test_same_seed_same_corpus_other_seed_other_corpus(knowledge: Knowledge, generator: Generator) -> None:
    again = Generator(knowledge, SETTINGS.gazetteer_dir, seed=3)
    other = Generator(knowledge, SETTINGS.gazetteer_dir, seed=4)
    for i in (0, 7, 123):
        assert generator.article(i) == again.article(i)
        assert generator.article(i).text != other.article(i).text
    assert generator.article(5).id != other.article(5).id


def test_corpus_is_varied_and_sized_like_the_seeds(generator: Generator) -> None:
    articles = list(generator.articles(50))
    planted = [p for a in articles for p in a.planted]
    assert len({a.text for a in articles}) == 50
    assert {p.kind for p in planted} == BLAME_KINDS
    assert len({p.speaker for p in planted}) >= 80
    assert len({p.target for p in planted}) >= 25
    assert len({(p.speaker, p.target) for p in planted}) >= 300
    assert len({a.published for a in articles}) >= 25
    assert len({a.outlet for a in articles}) >= 6
    sizes = [len(a.text.encode()) for a in articles]
    assert 5_000 <= min(sizes) and max(sizes) <= 12_000  # the seed articles are 5–12 KB
    for a in articles:
        assert a.text.count("\n") >= 5  # paragraphs, not one block
        for p in a.planted:
            sentence = a.text[p.start:p.end]
            assert sentence.endswith(".") and "\n" not in sentence


def test_extractor_finds_the_planted_blame(knowledge: Knowledge, generator: Generator) -> None:
    """At least 80% of the planted blame statements come out of the real extractor with their kind
    and speaker, and a target that is the planted one or of the same state."""
    found, total = Counter(), Counter()
    for synthetic in generator.articles(30):
        extraction = extract_article(as_article(synthetic), knowledge)
        for p in synthetic.planted:
            total[p.kind] += 1
            country = knowledge.actor(p.target).country
            found[p.kind] += any(
                s.start < p.end and p.start < s.end and s.kind == p.kind and s.speaker.key == p.speaker
                and s.target is not None and (s.target.key == p.target or s.target.country == country)
                for s in extraction.blame)
    assert sum(total.values()) >= 400
    assert sum(found.values()) >= 0.8 * sum(total.values()), (found, total)
    assert all(found[kind] >= 0.5 * total[kind] for kind in BLAME_KINDS), (found, total)


def test_written_corpus_reads_back_under_the_metadata_contract(generator: Generator, tmp_path: Path) -> None:
    articles = list(generator.articles(4))
    assert write_corpus(articles, tmp_path) == 4
    result = read_corpus(tmp_path)
    assert result.ok, result.errors
    assert [a.id for a in result.articles] == [a.id for a in articles]
    for read, made in zip(result.articles, articles, strict=True):
        assert read == as_article(made)


def test_generate_only_writes_a_corpus_and_refuses_a_used_directory(tmp_path: Path, capsys) -> None:
    out = tmp_path / "corpus"
    assert main(["bench", "--generate-only", str(out), "--articles", "3", "--seed", "9"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [f["figure"] for f in lines] == ["generate_articles_per_s"]
    assert lines[0]["articles"] == 3
    assert len(list(out.glob("*.txt"))) == 3 and len(list(out.glob("*.json"))) == 3
    assert main(["bench", "--generate-only", str(out), "--articles", "3"]) == 2
    assert "not empty" in capsys.readouterr().err


def test_generate_only_by_triples_calibrates(tmp_path: Path, capsys) -> None:
    assert main(["bench", "--generate-only", str(tmp_path / "c"), "--triples", "5000"]) == 0
    lines = {f["figure"]: f for f in map(json.loads, capsys.readouterr().out.splitlines())}
    per_article = lines["calibration_triples_per_article"]["value"]
    assert per_article > 100
    written = lines["generate_articles_per_s"]["articles"]
    assert written == lines["calibration_triples_per_article"]["articles"]
    assert (written - 1) * per_article < 5000 <= written * per_article


@pytest.mark.parametrize("argv, message", [
    (["--articles", "0"], "--articles must be at least 1"),
    (["--articles", "2", "--engines", "kg,virtuoso"], "unknown engine"),
    (["--articles", "2", "--queries", "who-blamed-whom,no-such-query"], "no such named query"),
    (["--generate-only", "DIR"], "needs --articles N or --triples N"),
])
def test_bad_options_are_usage_errors(argv: list[str], message: str, tmp_path: Path, capsys) -> None:
    argv = [str(tmp_path / "x") if a == "DIR" else a for a in argv]
    assert main(["bench", "--skip-extraction", *argv]) == 2
    assert message in capsys.readouterr().err


def test_tiny_bench_prints_every_figure_for_every_engine(tmp_path: Path, capsys) -> None:
    code = main(["bench", "--articles", "6", "--seed", "1", "--workdir", str(tmp_path),
                 "--min-seconds", "0.1", "--repeats", "1", "--load-seconds", "0.1", "--clients", "2"])
    assert code == 0
    figures = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for f in figures:
        assert set(f) >= {"figure", "value", "unit"} and isinstance(f["value"], int | float)
    by_name = Counter(f["figure"] for f in figures)
    assert by_name["extract_articles_per_s"] == 1 and by_name["extract_ms_per_kb"] == 3
    for name in ("generate_articles_per_s", "build_s", "build_articles_per_s", "build_peak_rss_mb"):
        assert by_name[name] == 1, name
    build = next(f for f in figures if f["figure"] == "build_s")
    assert build["articles"] == 6 and build["conforms"] and build["triples"] > 1000
    assert next(f for f in figures if f["figure"] == "build_peak_rss_mb")["value"] > 10
    incremental = {(f["figure"], f["mode"]) for f in figures if f["figure"].startswith("incremental_")}
    assert incremental == {(f"incremental_{step}_{what}_s", mode) for step in ("add", "remove")
                           for what in ("command", "build") for mode in ("scan", "article")}
    assert len(list((tmp_path / "articles").glob("*.txt"))) == 6  # the added article is gone again
    per_engine = {(f["figure"], f.get("query"), f["engine"]) for f in figures if "engine" in f}
    for engine in ENGINES:
        for query in QUERY_NAMES:
            assert (f"{query}_p50_ms", None, engine) in per_engine
        for query in ("who_blamed_whom", "actor_labels"):
            assert ("concurrent_p50_ms", query, engine) in per_engine
            assert ("concurrent_requests_per_s", query, engine) in per_engine
    who = {f["engine"]: f for f in figures if f["figure"] == "who_blamed_whom_p50_ms"}
    sizes = {engine: who[engine]["result_size"] for engine in ENGINES}
    assert len(set(sizes.values())) == 1 and sizes["kg"] > 1000, sizes  # the same JSON bytes
    assert all(f["triples"] == build["triples"] for f in figures if "engine" in f)
    assert (tmp_path / "articles").is_dir()  # --workdir keeps the corpus


def test_an_engine_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    from kg.bench.engines import start_oxigraph
    from kg.errors import KGError

    with pytest.raises(KGError, match="oxigraph_serve exited with status") as caught:
        start_oxigraph(tmp_path / "no-store-here" / "nested")
    assert caught.value.context["engine"] == "oxigraph_serve"
