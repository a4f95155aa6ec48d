"""``kg bench``: speed figures, one JSON line each, never asserted in unit tests (docs/performance.md).

A run, in order:

1. extraction throughput and cost per KB on the project's articles (:func:`figures.extraction`);
2. the corpus: the project's articles, or a synthetic corpus (:mod:`kg.bench.synthetic`) of
   ``articles`` articles or of about ``triples`` triples, written to ``workdir`` (else a
   temporary directory);
3. the real build (:func:`kg.pipeline.build`) into a temporary store: throughput, stage timings,
   peak memory; on a synthetic corpus, then one article added and removed again by ``kg build``
   (incremental: the command's wall time and the build's own);
4. the engines (:mod:`kg.bench.engines`) started on the built store — our endpoint (``kg``),
   ``oxigraph serve`` and pyoxigraph in process — and asked the same queries side by side: the
   p50 of every named query, then a heavy and a cheap query with 8 concurrent clients.

Every figure is a dict ``{"figure", "value", "unit", ...}``; query figures name their ``engine``
and carry the corpus size (``triples``, ``articles``). ``kg bench --generate-only DIR`` only
writes a synthetic corpus (for other benchmarks and experiments).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.bench import engines as eng
from kg.bench import figures
from kg.errors import KGError
from kg.settings import Settings
from kg.store.layout import StoreLayout

__all__ = ["BenchOptions", "run", "main", "generate_only"]


@dataclass(frozen=True)
class BenchOptions:
    """What ``kg bench`` measures and on what (see the CLI's ``bench --help``)."""

    articles: int | None = None  # synthetic corpus of this many articles
    triples: int | None = None  # synthetic corpus of about this many triples
    seed: int = 0
    workdir: Path | None = None  # keep the corpus (and the store) here
    engines: tuple[str, ...] = eng.ENGINES
    queries: tuple[str, ...] | None = None  # named queries by file stem; None: all
    min_seconds: float = 3.0  # on the extraction throughput figure
    repeats: int = 5  # rounds per named query (at least 3)
    query_budget_s: float = 20.0  # after 3 rounds, stop a query's rounds past this time
    clients: int = 8
    load_seconds: float = 5.0  # per engine and query under load
    build_timeout_s: float | None = None
    skip_extraction: bool = False

    def check(self) -> None:
        if self.articles is not None and self.triples is not None:
            raise KGError("give --articles or --triples, not both")
        for name, value in (("--articles", self.articles), ("--triples", self.triples)):
            if value is not None and value < 1:
                raise KGError(f"{name} must be at least 1, not {value}")
        unknown = [e for e in self.engines if e not in eng.ENGINES]
        if unknown:
            raise KGError(f"unknown engine(s) {', '.join(unknown)}; known: {', '.join(eng.ENGINES)}")
        if self.repeats < 1 or self.clients < 1:
            raise KGError("--repeats and --clients must be at least 1")


def run(settings: Settings, options: BenchOptions) -> Iterator[dict[str, Any]]:
    """The figures, in the order they are measured (see module doc)."""
    options.check()
    queries = figures.read_named_queries(settings.queries_dir, options.queries)  # fail early on a typo
    if not options.skip_extraction:
        yield from figures.extraction(settings, options.min_seconds)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        root = options.workdir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        bench_settings = settings.with_(store_dir=root / "store")
        if options.articles is not None or options.triples is not None:
            corpus_dir = root / "articles"
            if corpus_dir.exists():
                shutil.rmtree(corpus_dir)
            yield from figures.corpus(settings, corpus_dir, articles=options.articles,
                                      triples=options.triples, seed=options.seed)
            bench_settings = bench_settings.with_(articles_dir=corpus_dir)
        built, summary = figures.build(bench_settings, options.build_timeout_s)
        yield from built
        if summary.get("store_path") is None:
            return
        if bench_settings.articles_dir != settings.articles_dir:  # a synthetic corpus: add one more
            written = len(list(bench_settings.articles_dir.glob("*.txt")))
            yield from figures.incremental(bench_settings, options.seed, written)
        if not options.engines:
            return
        size = {"triples": summary["triples"], "articles": summary["articles"]}
        figures.wait_for_dumps(bench_settings)  # written in the background after a large build
        started = time.perf_counter()
        live = StoreLayout(bench_settings.store_dir).live()
        assert live is not None
        engines = eng.start(options.engines, bench_settings.store_dir, live)
        try:
            yield figures.figure("engines_start_s", time.perf_counter() - started, "s",
                                 engines=list(options.engines))
            yield from figures.named_queries(engines, queries, repeats=options.repeats,
                                             budget_s=options.query_budget_s, **size)
            heavy = [(n, q) for n, q in queries if n == "who_blamed_whom"] or queries[:1]
            load = [*heavy, ("actor_labels", figures.cheap_query(settings))]
            yield from figures.under_load(engines, load, clients=options.clients,
                                          seconds=options.load_seconds, **size)
        finally:
            for engine in engines:
                engine.close()


def main(settings: Settings, options: BenchOptions) -> int:
    """Print the figures as JSON lines as they come (a long run shows progress)."""
    for fig in run(settings, options):
        print(json.dumps(fig, ensure_ascii=False), flush=True)
    return 0


def generate_only(settings: Settings, directory: Path, options: BenchOptions) -> int:
    """Write a synthetic corpus into ``directory`` (``--articles`` or ``--triples``) and print its
    figure lines; ``directory`` must be new or empty, so no corpus is mixed into another."""
    if options.articles is None and options.triples is None:
        raise KGError("--generate-only needs --articles N or --triples N")
    options.check()
    if directory.exists() and any(directory.iterdir()):
        raise KGError("the directory for the generated corpus is not empty", path=directory)
    for fig in figures.corpus(settings, directory, articles=options.articles, triples=options.triples,
                              seed=options.seed):
        print(json.dumps(fig, ensure_ascii=False), flush=True)
    return 0
