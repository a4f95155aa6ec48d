"""kg.evaluate agrees with the reference scorer ../shared/eval/score.py on the same files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import actor_matches, date_matches, load_jsonl, score

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "eval" / "score.py"
GOLDS = [SHARED / "seed-gold" / "gold.jsonl", SHARED / "dev-corpus" / "gold.jsonl"]


def reference_output(gold: Path, pred: Path, *flags: str) -> str:
    return subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), *flags], capture_output=True,
                          text=True, check=True).stdout


def reference(gold: Path, pred: Path) -> dict[str, float]:
    out = reference_output(gold, pred)
    nums = dict(re.findall(r"(\w+)=([\d.]+)", out))
    return {k: float(v) for k, v in nums.items()}


def as_prediction(g: dict, *, country: str | None = "keep", date: str | None = "keep",
                  kind: str | None = None) -> dict:
    def actor(name: str, c: str | None, org: str | None) -> dict:
        return {"label": f"{name} {org or ''}".strip(), "country": c}

    return {
        "article": g["article"], "kind": kind or g["kind"],
        "speaker": actor(g["speaker"], g["speaker_country"], g["speaker_org"]),
        "target": actor(g["target"], g["target_country"] if country == "keep" else country, g["target_org"]),
        "date": g["date"] if date == "keep" else date, "date_basis": g["date_basis"],
    }


def variants(gold: list[dict]) -> list[list[dict]]:
    """Predictions that exercise every branch of the matching."""
    perfect = [as_prediction(g) for g in gold]
    wrong_dates = [as_prediction(g, date="1999-01-01" if i % 3 == 0 else "keep") for i, g in enumerate(gold)]
    wrong_targets = [as_prediction(g, country="ZZ" if i % 4 == 0 else "keep") for i, g in enumerate(gold)]
    wrong_kinds = [as_prediction(g, kind="accuse") for g in gold]
    non_blame = [as_prediction(g, kind="concern") if i % 2 else as_prediction(g) for i, g in enumerate(gold)]
    doubled = perfect + perfect[::2]
    no_dates = [as_prediction(g, date=None) for g in gold]
    return [perfect, wrong_dates, wrong_targets, wrong_kinds, non_blame, doubled, no_dates, []]


@pytest.mark.parametrize("gold_path", GOLDS, ids=["seed", "dev"])
def test_library_agrees_with_reference_scorer(gold_path: Path, tmp_path: Path) -> None:
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    cases = variants(gold)
    assert len(cases) == 8
    for n, pred in enumerate(cases):
        pred_path = tmp_path / f"pred{n}.jsonl"
        pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pred), "utf-8")
        ref = reference(gold_path, pred_path)
        mine = score(gold, pred)
        assert (mine.gold, mine.predicted, mine.matched) == (ref["gold"], ref["predicted"], ref["matched"]), n
        assert (round(mine.P, 3), round(mine.R, 3), round(mine.F1, 3)) == (ref["P"], ref["R"], ref["F1"])
        assert round(mine.kind_accuracy, 2) == ref["kind_accuracy"]


def test_perfect_predictions_score_one() -> None:
    gold = [json.loads(line) for line in GOLDS[0].read_text("utf-8").splitlines() if line.strip()]
    s = score(gold, [as_prediction(g) for g in gold])
    assert (s.P, s.R, s.F1, s.kind_accuracy) == (1.0, 1.0, 1.0, 1.0)
    assert not s.misses and not s.false_positives


def test_international_body_matches_only_by_alias() -> None:
    ep = {"label": "European Parliament delegation", "country": None}
    assert actor_matches(ep, "EU rapporteurs", None, "EU")
    assert not actor_matches({"label": "France", "country": "FR"}, "EU rapporteurs", None, "EU")
    assert not actor_matches({"label": "OSCE Minsk Group", "country": None}, "EU rapporteurs", None, "EU")


def test_dates_exact_when_gold_is_exact_and_not_later_when_bounded() -> None:
    assert date_matches("2022-09-13", "2022-09-13", "explicit")
    assert not date_matches("2022-09-12", "2022-09-13", "relative")
    assert date_matches("2022-09-12", "2022-09-13", "bounded")
    assert not date_matches("2022-09-14", "2022-09-13", "bounded")
    assert date_matches(None, "2022-09-13", "bounded")


@pytest.mark.parametrize("gold_path", GOLDS, ids=["seed", "dev"])
def test_report_reproduces_the_reference_output(gold_path: Path, tmp_path: Path) -> None:
    gold = load_jsonl(gold_path)
    pred = variants(gold)[1] + variants(gold)[4][:5]
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pred), "utf-8")
    mine = score(load_jsonl(gold_path), load_jsonl(pred_path))
    assert mine.report(verbose=True) + "\n" == reference_output(gold_path, pred_path, "--verbose")
    assert mine.report() + "\n" == reference_output(gold_path, pred_path)
