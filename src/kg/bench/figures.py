"""The figures of ``kg bench``: each function yields ``{"figure", "value", "unit", ...}`` dicts.

* :func:`extraction` — extraction throughput on one core and its cost per KB at 1×/4×/16× length
  (on the project's articles, as before the bench grew);
* :func:`corpus` — the synthetic corpus (:mod:`kg.bench.synthetic`): ``--articles N``, or
  ``--triples N`` through a calibration (triples per article of the first articles, extracted and
  mapped to RDF exactly as the build does) that says how many articles make N triples;
* :func:`build` — ``kg.pipeline.build`` in a child process (so its peak memory is its own: RSS of
  the process and its children, sampled by psutil every 50 ms), with the stage timings of the
  :class:`~kg.pipeline.BuildReport`;
* :func:`named_queries` — p50 latency of every named query (``queries/*.rq``) on every engine,
  the engines interleaved round by round so that noise from the shared machine hits all alike;
* :func:`under_load` — latency and requests/s of a heavy and a cheap query with 8 concurrent
  clients on each engine (requests/s counts answers only; refusals are ``errors``).

A query an engine refuses (the kg endpoint stops a query at its time limit with 503) is counted in
``errors`` with the first message; a figure with no answer at all has ``"value": null``.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import queue as queue_module
import re
import statistics
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.bench import engines as eng
from kg.errors import KGError, QueryError
from kg.settings import Settings

Figure = dict[str, Any]
#: A named query that does not end in LIMIT is asked for its first page of this many rows.
PAGE_ROWS = 100
_LIMIT_RE = re.compile(r"\bLIMIT\s+\d+\s*$", re.IGNORECASE)


def figure(name: str, value: float, unit: str, **extra: Any) -> Figure:
    return {"figure": name, "value": round(value, 3), "unit": unit, **extra}


# --------------------------------------------------------------------------- extraction


def extraction(settings: Settings, min_seconds: float) -> Iterator[Figure]:
    from kg.corpus import read_corpus
    from kg.extract import extract_article
    from kg.extract.knowledge import load_knowledge

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
    yield figure("extract_articles_per_s", done / elapsed, "articles/s", articles=len(articles),
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
        yield figure("extract_ms_per_kb", 1000 * min(runs) / kb, "ms/KB", length_factor=factor, kb=round(kb))


# --------------------------------------------------------------------------- corpus

#: Articles extracted to estimate triples per article for ``--triples``.
CALIBRATION_ARTICLES = 30


def triples_per_article(settings: Settings, seed: int, count: int = CALIBRATION_ARTICLES) -> float:
    """Mean quads per article graph of the first ``count`` synthetic articles, counted as the build
    counts them (extraction → ``to_dataset`` → ``to_oxigraph_quads``), without SHACL or a store."""
    from kg.bench.synthetic import Generator, as_article
    from kg.extract import extract_article
    from kg.extract.knowledge import load_knowledge
    from kg.graph import Minter, to_dataset, to_oxigraph_quads

    knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
    generator = Generator(knowledge, settings.gazetteer_dir, seed)
    minter = Minter(settings.base_iri)
    sizes = []
    for synthetic in generator.articles(count):
        extraction = extract_article(as_article(synthetic), knowledge)
        sizes.append(len(to_oxigraph_quads(to_dataset(extraction, minter, actors=knowledge.actors))))
    return statistics.mean(sizes)


def corpus(settings: Settings, directory: Path, *, articles: int | None, triples: int | None,
           seed: int) -> Iterator[Figure]:
    """Write the synthetic corpus into ``directory``: ``articles`` articles, or as many as make
    about ``triples`` triples."""
    from kg.bench.synthetic import Generator, write_corpus
    from kg.extract.knowledge import load_knowledge

    if triples is not None:
        t = time.perf_counter()
        per_article = triples_per_article(settings, seed)
        articles = max(1, math.ceil(triples / per_article))
        yield figure("calibration_triples_per_article", per_article, "triples/article",
                     calibration_articles=CALIBRATION_ARTICLES, target_triples=triples, articles=articles,
                     seconds=round(time.perf_counter() - t, 2))
    assert articles is not None
    knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
    generator = Generator(knowledge, settings.gazetteer_dir, seed)
    t = time.perf_counter()
    written = write_corpus(generator.articles(articles), directory)
    seconds = time.perf_counter() - t
    size = sum(p.stat().st_size for p in directory.glob("*.txt"))
    yield figure("generate_articles_per_s", written / seconds if seconds else 0.0, "articles/s",
                 articles=written, mean_article_kb=round(size / written / 1024, 1), seed=seed)


# --------------------------------------------------------------------------- build


def _build_child(settings: Settings, out: Any) -> None:
    """In the child process: build, and send back what the parent reports."""
    from kg.pipeline import build as pipeline_build

    try:
        report = pipeline_build(settings)
    except KGError as err:
        out.put({"error": str(err)})
        return
    out.put({"articles": len(report.outcomes), "triples": report.triples, "statements": report.statements,
             "blame": sum(o.blame for o in report.outcomes), "ok": report.ok,
             "violations": [f"{v.article_id}: {v.message}" for v in report.violations[:5]],
             "skipped": len(report.skipped),
             "store_path": str(report.store_path) if report.store_path else None,
             "seconds": report.seconds, "timings": dict(report.timings)})


def build(settings: Settings, timeout_s: float | None) -> tuple[list[Figure], dict[str, Any]]:
    """Build ``settings.articles_dir`` into ``settings.store_dir`` in a child process; returns the
    figures and the child's summary (``store_path`` is None if the build failed or ran out of time)."""
    try:
        import psutil
    except ImportError:
        raise KGError("kg bench needs psutil: pip install 'kg[bench]'") from None

    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=_build_child, args=(settings, out), name="kg-bench-build")
    began = time.perf_counter()
    process.start()
    peak, summary = 0, None
    watched = psutil.Process(process.pid)
    while summary is None:
        try:
            rss = watched.memory_info().rss
            for child in watched.children(recursive=True):
                try:
                    rss += child.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        try:
            summary = out.get(timeout=0.05)
        except queue_module.Empty:
            if not process.is_alive():
                summary = {"error": f"the build process exited with status {process.exitcode}"}
            elif timeout_s is not None and time.perf_counter() - began > timeout_s:
                process.kill()
                summary = {"error": f"the build ran past --build-timeout {timeout_s:.0f} s and was stopped"}
    process.join(timeout=60)
    seconds = time.perf_counter() - began
    if "error" in summary:
        return [figure("build_failed", seconds, "s", error=summary["error"])], {"store_path": None}
    extra = {"articles": summary["articles"], "triples": summary["triples"]}
    timings = {f"{k}_s": round(v, 3) for k, v in summary["timings"].items()}
    figures = [
        figure("build_s", summary["seconds"], "s", **extra, statements=summary["statements"],
               blame=summary["blame"], conforms=summary["ok"], skipped=summary["skipped"], **timings),
        figure("build_articles_per_s", summary["articles"] / summary["seconds"], "articles/s", **extra),
        figure("build_peak_rss_mb", peak / 2**20, "MB", **extra, note="build process and its children"),
    ]
    if not summary["ok"]:
        figures.append(figure("build_violations", len(summary["violations"]), "violations",
                              first=summary["violations"]))
    return figures, summary


# --------------------------------------------------------------------------- queries


def incremental(settings: Settings, seed: int, count: int) -> Iterator[Figure]:
    """Add one new synthetic article to the built corpus and apply it with ``kg build`` (a process
    of its own, as a user would), then remove it the same way; then both again with ``kg build
    --article ID`` (no listing of the corpus). Each: the wall time of the command and the build's
    own time (what it reports: without starting Python). The dumps of a large store are written
    in the background (at the lowest CPU priority) and may overlap the steps, as they would for a
    user."""
    import subprocess
    import sys

    from kg.bench.synthetic import Generator, write_corpus
    from kg.extract.knowledge import load_knowledge

    knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
    (article,) = Generator(knowledge, settings.gazetteer_dir, seed).articles(1, start=count)
    env = {**os.environ, "KG_ARTICLES_DIR": str(settings.articles_dir),
           "KG_STORE_DIR": str(settings.store_dir)}
    for mode, extra in (("scan", []), ("article", ["--article", article.id])):
        for step in ("add", "remove"):
            if step == "add":
                write_corpus([article], settings.articles_dir)
            else:
                for suffix in (".txt", ".json"):
                    (settings.articles_dir / f"{article.id}{suffix}").unlink()
            t = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "kg", "build", *extra], env=env,  # noqa: S603
                                 capture_output=True, text=True, check=False)
            wall = time.perf_counter() - t
            said = re.search(r" in ([0-9.]+) s", run.stdout)
            if run.returncode != 0 or not run.stdout.startswith("updated") or said is None:
                raise KGError("the incremental build did not run", step=step, stdout=run.stdout[-500:],
                              stderr=run.stderr[-500:])
            yield figure(f"incremental_{step}_command_s", wall, "s", articles=count, mode=mode)
            yield figure(f"incremental_{step}_build_s", float(said.group(1)), "s", articles=count, mode=mode)


def wait_for_dumps(settings: Settings, timeout_s: float = 900.0) -> None:
    """Until the live build's dumps are written (the engines are measured on a quiet machine)."""
    from kg.export.dumps import DUMPS, dumps_dir
    from kg.store.layout import StoreLayout

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        live = StoreLayout(settings.store_dir).live()
        if live is None or all((dumps_dir(live) / d.name).is_file() for d in DUMPS):
            return
        time.sleep(0.5)


def read_named_queries(queries_dir: Path, only: tuple[str, ...] | None) -> list[tuple[str, str]]:
    """``(name, text)`` of ``queries/*.rq`` (name: the file stem with ``_``), first page only."""
    found = []
    for path in sorted(queries_dir.glob("*.rq")):
        if only and path.stem not in only and path.stem.replace("-", "_") not in only:
            continue
        text = path.read_text(encoding="utf-8").rstrip()
        if not _LIMIT_RE.search(text):
            text += f"\nLIMIT {PAGE_ROWS}"
        found.append((path.stem.replace("-", "_"), text))
    if only:
        missing = set(only) - {n for n, _ in found} - {n.replace("_", "-") for n, _ in found}
        if missing:
            raise KGError(f"no such named query: {', '.join(sorted(missing))}", path=queries_dir)
    return found


def cheap_query(settings: Settings) -> str:
    """A selective lookup: the labels of one curated actor (Armenia)."""
    from kg.graph import Minter

    iri = Minter(settings.base_iri).actor("state-am")
    return f"SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def named_queries(engines: list[eng.Engine], queries: list[tuple[str, str]], *, repeats: int,
                  budget_s: float, **extra: Any) -> Iterator[Figure]:
    """p50 of each query per engine: rounds of one run per engine, at least 3 rounds and at most
    ``repeats``, fewer once a query has spent ``budget_s`` (the first round warms the caches and
    counts: the median of three or more runs is robust to it)."""
    for name, text in queries:
        times: dict[str, list[float]] = {e.name: [] for e in engines}
        sizes: dict[str, int] = {}
        began = time.perf_counter()
        refused: dict[str, list[str]] = {e.name: [] for e in engines}
        for round_ in range(repeats):
            if round_ >= 3 and time.perf_counter() - began > budget_s:
                break
            for engine in engines:
                try:
                    seconds, size = eng.time_once(engine.run, text)
                except QueryError as err:  # e.g. the endpoint's time limit: counted, never timed
                    refused[engine.name].append(str(err))
                    continue
                times[engine.name].append(seconds)
                sizes[engine.name] = size
        for engine in engines:
            runs, bad = times[engine.name], refused[engine.name]
            result = {"runs": len(runs), "limit": PAGE_ROWS, "result_size": sizes.get(engine.name),
                      "result_unit": "bytes"}  # every engine answers SPARQL JSON results
            if bad:
                result.update(errors=len(bad), first_error=bad[0])
            if runs:
                yield figure(f"{name}_p50_ms", 1000 * statistics.median(runs), "ms", engine=engine.name,
                             min_ms=round(1000 * min(runs), 3), **result, **extra)
            else:  # no answer at all: the value is null, the error says why
                yield {"figure": f"{name}_p50_ms", "value": None, "unit": "ms", "engine": engine.name,
                       **result, **extra}


def under_load(engines: list[eng.Engine], queries: list[tuple[str, str]], *, clients: int, seconds: float,
               **extra: Any) -> Iterator[Figure]:
    for name, text in queries:
        for engine in engines:
            result = eng.under_load(engine, text, clients, seconds)
            common: dict[str, Any] = {"engine": engine.name, "query": name, "clients": clients,
                                      "requests": result.requests, "errors": result.errors, **extra}
            if result.first_error:
                common["first_error"] = result.first_error
            if result.p50_s is None or result.p90_s is None:
                yield {"figure": "concurrent_p50_ms", "value": None, "unit": "ms", **common}
            else:
                yield figure("concurrent_p50_ms", 1000 * result.p50_s, "ms",
                             p90_ms=round(1000 * result.p90_s, 3), **common)
            yield figure("concurrent_requests_per_s", result.per_second, "requests/s", **common)
