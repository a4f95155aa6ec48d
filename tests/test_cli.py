"""The command line: the `kg extract` JSONL contract of issue 2, exit codes, errors that name the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# A sentence of our own: Tuesday 13 September 2022 is the publication day.
ARTICLE = (
    "يريفان - اتهمت وزارة الدفاع الأرمينية، اليوم الثلاثاء، القوات الأذربيجانية بقصف مواقع حدودية "
    "قرب بلدة غوريس.\n"
)
CONTRACT_KEYS = {"article", "kind", "speaker", "target", "date", "date_basis", "start", "end", "evidence",
                 "confidence"}
ACTOR_KEYS = {"iri", "label", "label_ar", "country"}


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.fixture()
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_prints_the_jsonl_contract(article_file: Path) -> None:
    run = kg("extract", str(article_file), "--id", "t1", "--published", "2022-09-13", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    blame = [r for r in rows if r["kind"] == "accuse"]
    assert len(blame) == 1
    row = blame[0]
    assert CONTRACT_KEYS <= row.keys()
    assert ACTOR_KEYS <= row["speaker"].keys() and ACTOR_KEYS <= row["target"].keys()
    assert row["article"] == "t1"
    assert row["speaker"]["country"] == "AM" and "Defence" in row["speaker"]["label"]
    assert row["speaker"]["label_ar"]
    assert row["target"]["country"] == "AZ"
    assert row["speaker"]["iri"].startswith("https://w3id.org/kg/actor/")
    assert (row["date"], row["date_basis"]) == ("2022-09-13", "relative")
    assert ARTICLE[row["start"]:row["end"]] == row["evidence"]
    assert 0.0 < row["confidence"] <= 1.0


def test_extract_without_publication_date_never_invents_one(article_file: Path) -> None:
    run = kg("extract", str(article_file), "--id", "t1", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert rows and all(r["date"] is None and r["date_basis"] == "unknown" for r in rows)


def test_extract_missing_file_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    run = kg("extract", str(missing), "--id", "x")
    assert run.returncode == 2
    assert "nope.txt" in run.stderr


def test_extract_bad_date_is_a_usage_error() -> None:
    run = kg("extract", "whatever.txt", "--id", "x", "--published", "13/09/2022")
    assert run.returncode == 2
    assert "YYYY-MM-DD" in run.stderr


def test_eval_agrees_with_the_reference_scorer(shared_dir: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in sorted((shared_dir / "seeds").glob("*.txt")):
            seed_id = "seed" + path.name[:3]
            run = kg("extract", str(path), "--id", seed_id, "--format", "jsonl")
            assert run.returncode == 0, run.stderr
            out.write(run.stdout)
    gold = shared_dir / "seed-gold" / "gold.jsonl"
    ours = kg("eval", str(gold), str(pred))
    ref = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), str(gold), str(pred)],
                         capture_output=True, text=True, check=True)
    assert ours.returncode == 0, ours.stderr
    ref_line = [line for line in ref.stdout.splitlines() if line.startswith("P=")][0]
    assert ref_line in ours.stdout


def test_add_with_build_applies_the_article_to_the_live_store(tmp_path: Path, article_file: Path) -> None:
    """``kg add --build``: the first one builds the store (there is none), the next ones update it
    with that article only; ``kg build --article`` does the same for an article already in place."""
    articles, store = tmp_path / "articles", tmp_path / "store"
    articles.mkdir()
    where = ("--articles", str(articles), "--store", str(store))
    first = kg(*where, "add", str(article_file), "--id", "one", "--published", "2020-10-01", "--build")
    assert first.returncode == 0, first.stderr
    assert "added" in first.stdout and "built 1 article(s)" in first.stdout
    second_file = tmp_path / "second.txt"
    more = "\nوقالت أرمينيا إن أذربيجان قصفت القرى.\n"
    second_file.write_text(article_file.read_text(encoding="utf-8") + more, encoding="utf-8")
    second = kg(*where, "add", str(second_file), "--id", "two", "--published", "2020-10-02", "--build")
    assert second.returncode == 0, second.stderr
    assert "updated 1 article(s) and removed 0" in second.stdout
    (articles / "two.txt").unlink()
    (articles / "two.json").unlink()
    gone = kg(*where, "build", "--article", "two")
    assert gone.returncode == 0 and "updated 0 article(s) and removed 1" in gone.stdout, gone.stderr
    assert kg(*where, "build").stdout.startswith("up to date")
    clash = kg(*where, "build", "--article", "one", "--force")
    assert clash.returncode == 2 and "not allowed with argument" in clash.stderr
