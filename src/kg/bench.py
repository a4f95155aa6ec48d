"""``kg bench``: speed figures, one JSON line each, never asserted in unit tests.

Figures (``{"figure", "value", "unit", ...}``):
- ``extract_articles_per_s``: extraction throughput on one core over the corpus articles
  (seed-like news articles), repeated until ``min_seconds`` have passed;
- ``extract_ms_per_kb`` at 1×, 4× and 16× article length (the articles concatenated), to show
  extraction is linear in article length (the value per KB should stay flat);
- ``build_s`` / ``build_articles_per_s``: the whole pipeline (read, extract, RDF, SHACL, store)
  for the corpus into a temporary store;
- ``who_blamed_whom_p50_ms``: the named query on the built store, in process, median of runs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.settings import Settings


def _figure(name: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    return {"figure": name, "value": round(value, 3), "unit": unit, **extra}


def run(settings: Settings, min_seconds: float = 3.0) -> Iterator[dict[str, Any]]:
    from kg.corpus import read_corpus
    from kg.extract import extract_article
    from kg.extract.knowledge import load_knowledge
    from kg.pipeline import build
    from kg.store import open_store

    articles = read_corpus(settings.articles_dir).articles
    if not articles:
        return
    knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
    for article in articles:  # warm caches (compiled patterns) outside the timing
        extract_article(article, knowledge)

    done, began = 0, time.perf_counter()
    while time.perf_counter() - began < min_seconds:
        for article in articles:
            extract_article(article, knowledge)
        done += len(articles)
    elapsed = time.perf_counter() - began
    mean_kb = statistics.mean(len(a.text.encode()) for a in articles) / 1024
    yield _figure("extract_articles_per_s", done / elapsed, "articles/s", articles=len(articles),
                  mean_article_kb=round(mean_kb, 1), cores=1)

    for factor in (1, 4, 16):
        text = "\n".join(a.text for a in articles) * factor
        big = replace(articles[0], id="bench", text=text)
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            extract_article(big, knowledge)
            runs.append(time.perf_counter() - t)
        kb = len(text.encode()) / 1024
        yield _figure("extract_ms_per_kb", 1000 * min(runs) / kb, "ms/KB", length_factor=factor,
                      kb=round(kb))

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        bench_settings = settings.with_(store_dir=Path(tmp) / "store")
        t = time.perf_counter()
        report = build(bench_settings)
        seconds = time.perf_counter() - t
        yield _figure("build_s", seconds, "s", articles=len(report.outcomes), triples=report.triples,
                      conforms=report.ok, **{f"{k}_s": round(v, 3) for k, v in report.timings.items()})
        yield _figure("build_articles_per_s", len(report.outcomes) / seconds, "articles/s")
        if report.ok:
            store = open_store(bench_settings)
            query = (settings.queries_dir / "who-blamed-whom.rq").read_text(encoding="utf-8")
            times = []
            for _ in range(20):
                t = time.perf_counter()
                list(store.query(query))
                times.append(time.perf_counter() - t)
            yield _figure("who_blamed_whom_p50_ms", 1000 * statistics.median(times), "ms",
                          triples=report.triples, engine="pyoxigraph_inprocess")
            del store


def main(settings: Settings, min_seconds: float) -> int:
    for figure in run(settings, min_seconds):
        print(json.dumps(figure, ensure_ascii=False), flush=True)
    return 0
