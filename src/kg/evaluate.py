"""Score predicted blame statements against gold, as a library (ANNOTATION.md "Matching").

A port of the reference scorer ``shared/eval/score.py``: the same matching, the same numbers
(a test runs both on the same files and compares them). Use :func:`score` on lists of JSON
objects (gold lines as in ``seed-gold/gold.jsonl``, predictions as ``kg extract --format jsonl``).

Matching, in the reference's order: gold statements are visited in file order; each takes the
first unused prediction of the same article whose speaker and target match (same ISO country;
an international body or non-state group only by alias or label tokens) and whose date agrees
(equal where the gold date is explicit/relative, not later where it is bounded). Only blame
kinds are scored; the kind is reported as an accuracy over the matched pairs.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import BLAME_KINDS

ORG_ALIASES: dict[str, tuple[str, ...]] = {
    "eu": ("european union", "european parliament", "european commission", "european council",
           "borrell", "charles michel", "toivo klaar", "eu "),
    "un": ("united nations", "security council", "guterres", "un "),
    "osce": ("osce", "minsk group", "organization for security and co-operation",
             "organization for security and cooperation"),
    "csto": ("csto", "collective security treaty"),
    "ots": ("organization of turkic states", "turkic"),
    "nato": ("nato", "north atlantic"),
    "nagorno-karabakh authorities": ("karabakh", "artsakh", "karabagh", "separatist"),
    "chatham house": ("chatham", "broers"),
    "freedom house": ("freedom house",),
}
_STOP_TOKENS = frozenset({"the", "and", "for", "armed", "forces", "ministry"})

JsonObj = Mapping[str, Any]


@dataclass(frozen=True)
class Score:
    """Precision, recall, F1 over blame statements; kind accuracy over matched pairs."""

    P: float
    R: float
    F1: float
    kind_accuracy: float
    matched: int
    gold: int
    predicted: int
    misses: tuple[JsonObj, ...]
    false_positives: tuple[JsonObj, ...]
    kinds: dict[str, int] = field(default_factory=dict)  # predicted blame kinds, in order of first use

    def summary(self) -> str:
        return (f"gold={self.gold} predicted={self.predicted} matched={self.matched} "
                f"kind_accuracy={self.kind_accuracy:.2f} P={self.P:.3f} R={self.R:.3f} F1={self.F1:.3f}")

    def report(self, verbose: bool = False) -> str:
        """The reference scorer's output, line for line (MISS/FP lines first when ``verbose``)."""
        lines: list[str] = []
        if verbose:
            for g in self.misses:
                lines.append(f"MISS {g['article']} {g['speaker']} -> {g['target']} {g['kind']} {g['date']} | "
                             f"{g['evidence']}")
            for p in self.false_positives:
                sp, tg = p.get("speaker") or {}, p.get("target") or {}
                evidence = (p.get("evidence") or "")[:80]
                lines.append(f"FP   {p.get('article')} {sp.get('label')} {sp.get('country')} -> "
                             f"{tg.get('label')} {tg.get('country')} {p.get('kind')} {p.get('date')} "
                             f"| {evidence}")
        lines.append(f"gold={self.gold} predicted={self.predicted} matched={self.matched} "
                     f"kind_accuracy={self.kind_accuracy:.2f} kinds={self.kinds}")
        lines.append(f"P={self.P:.3f} R={self.R:.3f} F1={self.F1:.3f}")
        return "\n".join(lines)


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON-lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _norm(s: str | None) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", (s or "").lower()).strip()


def _tokens(s: str | None) -> set[str]:
    return {t for t in _norm(s).split() if len(t) > 2 and t not in _STOP_TOKENS}


def actor_matches(pred: JsonObj | None, name: str | None, country: str | None, org: str | None) -> bool:
    """Does a predicted actor ({label, country}) denote the gold party (name, country, org)?"""
    if not pred:
        return False
    pred_country = pred.get("country")
    if country:
        return pred_country == country
    if pred_country:  # an international body or non-state group matches only itself
        return False
    label = _norm(" ".join(str(pred.get(k) or "") for k in ("label", "label_en", "name")))
    if org:
        for alias in ORG_ALIASES.get(_norm(org), (_norm(org),)):
            if alias.strip() and alias.strip() in label:
                return True
    gold_tokens, pred_tokens = _tokens(name), _tokens(label)
    return bool(gold_tokens and pred_tokens
                and len(gold_tokens & pred_tokens) / min(len(gold_tokens), len(pred_tokens)) >= 0.5)


def date_matches(pred_date: str | None, gold_date: str | None, basis: str) -> bool:
    if basis in ("explicit", "relative") and gold_date:
        return pred_date == gold_date
    if basis == "bounded" and gold_date and pred_date:
        return pred_date <= gold_date
    return True


def score(gold: Iterable[JsonObj], pred: Iterable[JsonObj], articles: Iterable[str] | None = None) -> Score:
    """Match ``pred`` against ``gold`` (see module doc); ``articles`` restricts both to those ids."""
    gold_list = list(gold)
    pred_list = [p for p in pred if p.get("kind") in BLAME_KINDS]
    if articles is not None:
        only = set(articles)
        gold_list = [g for g in gold_list if g["article"] in only]
        pred_list = [p for p in pred_list if p.get("article") in only]
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pred_list):
        by_article[str(p.get("article"))].append(i)
    used: set[int] = set()
    kind_ok = 0
    misses: list[JsonObj] = []
    for g in gold_list:
        hit = next((i for i in by_article.get(g["article"], ())
                    if i not in used and _pair_matches(pred_list[i], g)), None)
        if hit is None:
            misses.append(g)
            continue
        used.add(hit)
        kind_ok += pred_list[hit].get("kind") == g["kind"]
    matched = len(used)
    precision = matched / len(pred_list) if pred_list else 0.0
    recall = matched / len(gold_list) if gold_list else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        P=precision, R=recall, F1=f1,
        kind_accuracy=kind_ok / matched if matched else 0.0,
        matched=matched, gold=len(gold_list), predicted=len(pred_list),
        misses=tuple(misses),
        false_positives=tuple(p for i, p in enumerate(pred_list) if i not in used),
        kinds=dict(Counter(p.get("kind") for p in pred_list)),
    )


def _pair_matches(p: JsonObj, g: JsonObj) -> bool:
    return (actor_matches(p.get("speaker"), g["speaker"], g["speaker_country"], g["speaker_org"])
            and actor_matches(p.get("target"), g["target"], g["target_country"], g["target_org"])
            and date_matches(p.get("date"), g["date"], g["date_basis"]))
