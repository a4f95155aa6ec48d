"""Wires stages 1→5: corpus → extraction → RDF → SHACL → store. No argv, no exit codes.

``build(settings)`` reads every article, extracts its facts, maps them to one named graph per
article, validates each graph with the project's SHACL shapes and streams all graphs into a new
on-disk store that replaces the live one atomically. An unreadable article is skipped and
reported (the rest goes on); a graph that does not conform fails the build and leaves the
previous store serving, with a report naming article, node, path and message.

Scale (docs/reliability.md, "Build"):

- Articles are processed in worker processes (``Settings.build_workers``; spawn context, each
  worker loads the knowledge and the shapes once), in chunks of ``Settings.build_chunk_articles``,
  with a bounded number of chunks in flight; each returns its article's graph as N-Quads bytes.
  The parent consumes the results in file-name order and streams them into the store, so the
  store content does not depend on the worker count and memory is bounded by the chunks in
  flight plus the shared graph (bounded by the knowledge base), not by the corpus.
- Every build records a manifest (:data:`MANIFEST_FILE`): per article a content hash and its
  graph, plus the fingerprint of everything else the build read (:func:`base_fingerprint`).
  :func:`update` uses it to re-extract only the articles added, changed or removed since the
  live build and applies them to a checkpoint of the live store (:func:`kg.store.derive_build`).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from kg.errors import CorpusError, KGError
from kg.manifest import MANIFEST_FILE as MANIFEST_FILE
from kg.manifest import Entry, Manifest, Stamp
from kg.model import Article, Extraction
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.validate import ValidationReport


@dataclass(frozen=True)
class ArticleOutcome:
    article_id: str
    statements: int
    blame: int
    triples: int


@dataclass(frozen=True)
class Problem:
    """Something that kept an article out of the graph or failed the build."""

    article_id: str | None
    path: str | None
    stage: str
    message: str


@dataclass(frozen=True)
class BuildReport:
    """What a build did. ``timings`` are seconds per stage summed over all workers (so with
    several workers they add up to more than ``seconds``, the wall time); ``store`` is the
    parent's time writing the store, ``dumps`` the time writing the dumps.

    An incremental build (:func:`update`) reports only the articles it re-read in ``outcomes``
    and the ids of the graphs it removed in ``removed``; ``up_to_date`` means it found nothing
    to do (``store_path`` is then the live build); ``dumps_in_background`` that the dumps of the
    new (large) store are being written by a process of their own."""

    outcomes: tuple[ArticleOutcome, ...] = ()
    skipped: tuple[Problem, ...] = ()  # unreadable input: left out, build goes on
    violations: tuple[Problem, ...] = ()  # SHACL non-conformance: build fails, store unchanged
    store_path: Path | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    incremental: bool = False
    removed: tuple[str, ...] = ()
    up_to_date: bool = False
    dumps_in_background: bool = False  # the store is live; its dumps are still being written

    @property
    def ok(self) -> bool:
        return not self.violations and self.store_path is not None

    @property
    def triples(self) -> int:
        return sum(o.triples for o in self.outcomes)

    @property
    def statements(self) -> int:
        return sum(o.statements for o in self.outcomes)


_STAGES = ("read", "extract", "graph", "validate", "store", "dumps")


#: The code that decides what a build writes (``src/kg``): the server, the exports, the benchmark
#: and the command line do not, so changing them does not make the next build a full one.
_BUILD_CODE = ("__init__.py", "model.py", "vocab.py", "errors.py", "settings.py", "pipeline.py",
               "corpus", "extract", "graph", "validate", "store/build.py")


def base_fingerprint(settings: Settings) -> str:
    """SHA-256 over everything a build reads except the articles: the knowledge, the ontology and
    shapes, the build's code (:data:`_BUILD_CODE`), the version and the base IRI (not the README
    files beside them).
    Equal fingerprints and equal articles mean an identical graph (builds are deterministic, see
    docs/reliability.md); equal
    fingerprints alone mean an article's graph depends only on the article, so an incremental
    build may re-extract just the articles that changed."""
    import kg

    digest = hashlib.sha256(f"{kg.__version__}\0{settings.base_iri}\0".encode())
    code = Path(kg.__file__).parent
    roots = (settings.gazetteer_dir, settings.lexicon_dir, settings.ontology_dir,
             *(code / name for name in _BUILD_CODE))
    for root in roots:
        found = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        files = sorted(p for p in found if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".md")
        digest.update(f"{root.name}\0{len(files)}\0".encode())
        for path in files:
            digest.update(f"{path.relative_to(root) if root.is_dir() else path.name}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_up_to_date(settings: Settings) -> bool:
    """True when the live store was built, with nothing skipped, from exactly the current input
    (the base fingerprint and every article's file stamps and hashes in its manifest)."""
    plan = _plan(settings)
    if plan is None:
        return False
    with plan.manifest:
        return plan.nothing_to_do


def extract(article: Article, settings: Settings) -> Extraction:
    from kg.extract import extract_article
    from kg.extract.knowledge import load_knowledge

    return extract_article(article, load_knowledge(settings.gazetteer_dir, settings.lexicon_dir))


# -- one article, in a worker ---------------------------------------------------------------------



@dataclass(frozen=True)
class _Result:
    """One article file, processed: what the parent needs to report, deduplicate and store it."""

    path: str
    stem: str
    stamp: Stamp | None
    article_id: str | None = None  # set once the article was read
    file_name: str | None = None
    text_sha256: str | None = None
    content_sha256: str | None = None
    problem: Problem | None = None  # unreadable (stage "corpus") or unmappable (stage "extract")
    violations: tuple[Problem, ...] = ()
    outcome: ArticleOutcome | None = None
    graph: str | None = None
    own: bytes = b""  # N-Quads of the article's graph
    shared: bytes = b""  # N-Quads of what it adds to the shared graph
    described: tuple[str, ...] = ()  # the shared-graph subjects it describes
    timings: tuple[tuple[str, float], ...] = ()


class _Validator(Protocol):
    def validate_batch(self, articles: list[tuple[str, list[ox.Quad]]]) -> dict[str, ValidationReport]: ...


class _OneByOne:
    """Each article validated alone by pySHACL (:func:`kg.validate.validate`): for shapes that
    :mod:`kg.validate.compiled` does not translate (the same verdicts, ~5× the time)."""

    def __init__(self, path: Path) -> None:
        from kg.validate import load_shapes

        self.shapes = load_shapes(path)

    def validate_batch(self, articles: list[tuple[str, list[ox.Quad]]]) -> dict[str, ValidationReport]:
        from kg.graph import from_oxigraph_quads
        from kg.validate import validate

        return {key: validate(from_oxigraph_quads(quads), self.shapes) for key, quads in articles}


class _Worker:
    """What a worker process loads once: knowledge, compiled shapes, the minter."""

    def __init__(self, settings: Settings) -> None:
        from kg.extract.knowledge import load_knowledge
        from kg.graph import Minter
        from kg.validate.compiled import NotCompiled, compile_shapes

        self.knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
        shapes = settings.ontology_dir / "shapes.ttl"
        try:
            self.shapes: _Validator = compile_shapes(shapes)
        except NotCompiled:  # valid SHACL the compiler does not translate: pySHACL, slower
            self.shapes = _OneByOne(shapes)
        self.minter = Minter(settings.base_iri)

    def process_many(self, paths: list[Path]) -> list[_Result]:
        """Read, extract and map each article, then validate them together (one SHACL batch:
        kg.validate.compiled validates each article's quads alone, in one store), in order."""
        mapped = [self._map(path) for path in paths]
        batch = [(r.stem, [*own, *shared]) for r, own, shared in mapped if own is not None]
        t = time.perf_counter()
        reports = self.shapes.validate_batch(batch) if batch else {}
        each = (time.perf_counter() - t) / max(1, len(batch))
        return [self._finish(r, own, shared, reports.get(r.stem), each) for r, own, shared in mapped]

    def _map(self, path: Path) -> tuple[_Result, list[ox.Quad] | None, list[ox.Quad]]:
        from kg.corpus import read_article
        from kg.extract import extract_article
        from kg.graph import split_article_quads

        timings: dict[str, float] = {}
        t = time.perf_counter()
        stamp = _stamp(path)
        try:
            article = read_article(path)
            content = _content_hash(path)
        except OSError as exc:  # the files went away after they were read
            err = CorpusError(f"article unreadable: {exc.strerror}", path=str(path))
            problem = Problem(path.stem, str(path), "corpus", str(err))
            return _Result(str(path), path.stem, stamp, problem=problem), None, []
        except CorpusError as err:
            err.context.setdefault("article", path.stem)
            problem = Problem(err.context.get("article"), str(err.context.get("path", "")) or None, "corpus",
                              str(err))
            return _Result(str(path), path.stem, stamp, problem=problem), None, []
        timings["read"] = time.perf_counter() - t
        read = _Result(str(path), path.stem, stamp, article.id, article.file_name, article.sha256, content,
                       graph=str(self.minter.graph(article.id)))
        try:
            t = time.perf_counter()
            extraction = extract_article(article, self.knowledge)
            timings["extract"] = time.perf_counter() - t
            t = time.perf_counter()
            own, shared = split_article_quads(extraction, self.minter, actors=self.knowledge.actors)
            timings["graph"] = time.perf_counter() - t
        except KGError as err:
            problem = Problem(article.id, article.file_name, "extract", str(err))
            return _replace(read, problem=problem), None, []
        outcome = ArticleOutcome(article.id, len(extraction.statements), len(extraction.blame),
                                 len(own) + len(shared))
        return _replace(read, timings=tuple(timings.items()), outcome=outcome), own, shared

    @staticmethod
    def _finish(result: _Result, own: list[ox.Quad] | None, shared: list[ox.Quad],
                report: ValidationReport | None, seconds: float) -> _Result:
        if own is None or report is None:
            return result
        timings = (*result.timings, ("validate", seconds))
        if not report.conforms:
            return _replace(result, timings=timings, outcome=None, violations=tuple(
                Problem(result.article_id, result.file_name, "shacl",
                        f"{r.focus_node} {r.path or ''}: {r.message}")
                for r in report.violations))
        return _replace(
            result, timings=timings,
            own=ox.serialize(own, format=ox.RdfFormat.N_QUADS),
            shared=ox.serialize(shared, format=ox.RdfFormat.N_QUADS),
            described=tuple(sorted({q.subject.value for q in shared})))


def _replace(result: _Result, **changes: Any) -> _Result:
    from dataclasses import replace

    return replace(result, **changes)


def _stamp(path: Path) -> Stamp | None:
    try:
        text, meta = path.stat(), path.with_suffix(".json").stat()
    except OSError:
        return None
    return text.st_size, text.st_mtime_ns, meta.st_size, meta.st_mtime_ns


def _content_hash(path: Path) -> str:
    """SHA-256 over the article's text and metadata bytes (each length-prefixed)."""
    digest = hashlib.sha256()
    for part in (path, path.with_suffix(".json")):
        data = part.read_bytes()
        digest.update(f"{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


_WORKER: _Worker | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = _Worker(settings)


def _process_chunk(paths: list[str]) -> list[_Result]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.process_many([Path(p) for p in paths])


def _worker_count(settings: Settings, chunks: int) -> int:
    wanted = settings.build_workers if settings.build_workers > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, chunks))


def _results(paths: list[Path], settings: Settings) -> Iterator[_Result]:
    """Every path processed, in the order given, by worker processes (or in this process when one
    worker is enough). At most ``4 × workers`` chunks are in flight: results wait for the consumer
    in bounded number, whatever the corpus size."""
    if not paths:
        return
    size = max(1, settings.build_chunk_articles)
    chunks = [[str(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]
    workers = _worker_count(settings, len(chunks))
    # Loaded here first in any case: an unusable shapes file or knowledge base raises its own
    # error here, not a BrokenProcessPool from a worker's initializer.
    worker = _Worker(settings)
    if workers == 1:
        for chunk in chunks:
            yield from worker.process_many([Path(p) for p in chunk])
        return
    del worker
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(settings,))
    try:
        pending: deque[Future[list[_Result]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_process_chunk, chunk))
            if len(pending) >= 4 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the corpus, in file-name order ---------------------------------------------------------------


def _article_paths(articles_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The article texts in file-name order, and the metadata files without a text (as
    :func:`kg.corpus.read_corpus` reports them)."""
    names, _, orphans = _scan(articles_dir, stat=False)
    return [articles_dir / n for n in names], orphans


def _look_up(articles_dir: Path,
             ids: Sequence[str]) -> tuple[list[str], dict[str, Stamp | None], list[Problem]]:
    """:func:`_scan` for the articles ``ids`` only (those whose text file exists)."""
    if not articles_dir.is_dir():
        raise CorpusError("articles directory not found", path=str(articles_dir))
    names = sorted(f"{i}.txt" for i in set(ids) if (articles_dir / f"{i}.txt").exists())
    return names, {n[:-4]: _stamp(articles_dir / n) for n in names}, []


def _scan(articles_dir: Path, *,
          stat: bool = True) -> tuple[list[str], dict[str, Stamp | None], list[Problem]]:
    """One pass over the directory: the article text file names in order, each article's stamp
    by stem (if ``stat``; None when a file of the pair is missing) and the orphan metadata files.

    Works on names, not Path objects, and stats each file through its directory entry: at 100k
    articles this is ~0.3 s instead of ~2 s."""
    if not articles_dir.is_dir():
        raise CorpusError("articles directory not found", path=str(articles_dir))
    seen: dict[str, tuple[int, int] | None] = {}
    with os.scandir(articles_dir) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith((".txt", ".json")):
                if stat:
                    try:
                        info = entry.stat()
                        seen[name] = (info.st_size, info.st_mtime_ns)
                    except OSError:  # gone since it was listed
                        seen[name] = None
                else:
                    seen[name] = None
    texts = sorted(n for n in seen if n.endswith(".txt"))
    stems = {n[:-4] for n in texts}
    stamps: dict[str, Stamp | None] = {}
    if stat:
        for name in texts:
            text, meta = seen[name], seen.get(f"{name[:-4]}.json")
            stamps[name[:-4]] = (*text, *meta) if text is not None and meta is not None else None
    orphans = [Problem(n[:-5], str(articles_dir / n), "corpus", str(CorpusError(
        f"metadata without article text (no {n[:-5]}.txt)", path=str(articles_dir / n), article=n[:-5])))
        for n in sorted(seen) if n.endswith(".json") and n[:-5] not in stems]
    return texts, stamps, orphans


class _Dedup:
    """The duplicate rules of :func:`kg.corpus.read_corpus`, applied in file-name order: an id that
    differs from an earlier one only in letter case, or a text stored twice, is skipped."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def problem(self, path: str, article_id: str, text_sha256: str) -> Problem | None:
        folded = article_id.casefold()
        if folded in self.ids:
            message = (f"duplicate article id: differs from {self.ids[folded]!r} only in letter case (the "
                       "first in file-name order is kept)")
        elif text_sha256 in self.texts:
            message = f"duplicate article text (same as {self.texts[text_sha256]!r})"
        else:
            self.ids[folded] = article_id
            self.texts[text_sha256] = article_id
            return None
        return Problem(article_id, path, "corpus", str(CorpusError(message, path=path, article=article_id)))


# -- full build -----------------------------------------------------------------------------------


class _NonConforming(Exception):
    """Raised by the graph stream after the last article when some article did not conform: the
    store writer then removes the half-written build and the previous store stays live."""


@dataclass
class _Collector:
    """The parent's side of a build: consumes worker results in order, keeps the report, the
    manifest entries and the shared graph (a set bounded by the knowledge base).

    ``subjects`` numbers the shared-graph subjects (actors, places, activities) and ``counts``
    says how many articles describe each: an article's manifest entry lists the numbers of those
    it describes, so removing it removes exactly the descriptions no other article gives (which
    ones an article describes depends on its extraction, not only on the knowledge base)."""

    timings: dict[str, float]
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    violations: list[Problem] = field(default_factory=list)
    shared: dict[bytes, None] = field(default_factory=dict)  # N-Quads lines, an ordered set
    manifest: dict[str, Entry] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)

    def shared_nquads(self) -> bytes:
        """The shared-graph quads gathered so far, as N-Quads."""
        return b"".join(line + b"\n" for line in self.shared)

    def shared_counts(self) -> list[tuple[str, int]]:
        """Every shared-graph subject (in number order) and how many articles describe it."""
        return [(iri, self.counts[n]) for iri, n in self.subjects.items()]

    def describe(self, iris: Iterable[str]) -> list[int]:
        numbers = []
        for iri in iris:
            number = self.subjects.get(iri)
            if number is None:
                number = self.subjects[iri] = len(self.counts)
                self.counts.append(0)
            self.counts[number] += 1
            numbers.append(number)
        return numbers

    def accept(self, result: _Result, dedup: _Dedup) -> tuple[str, bytes] | None:
        """The article's ``(graph, N-Quads)`` if it goes into the store, else None (reported)."""
        for stage, seconds in result.timings:
            self.timings[stage] += seconds
        if result.article_id is None or result.text_sha256 is None:  # unreadable
            assert result.problem is not None
            self.skipped.append(result.problem)
            return None
        duplicate = dedup.problem(result.path, result.article_id, result.text_sha256)
        if duplicate is not None:
            self.skipped.append(duplicate)
            return None
        if result.problem is not None:
            self.skipped.append(result.problem)
            return None
        if result.violations:
            self.violations.extend(result.violations)
            return None
        assert result.outcome is not None and result.graph is not None
        self.outcomes.append(result.outcome)
        self.shared.update(dict.fromkeys(result.shared.splitlines()))
        self.manifest[result.article_id] = Entry(
            result.article_id, result.content_sha256 or "", result.text_sha256, result.graph,
            Path(result.path).name, result.stamp, tuple(self.describe(result.described)))
        return result.graph, result.own


def _sorted(outcomes: list[ArticleOutcome]) -> tuple[ArticleOutcome, ...]:
    return tuple(sorted(outcomes, key=lambda o: o.article_id))


def build(settings: Settings) -> BuildReport:
    """Build the graph of ``settings.articles_dir`` into ``settings.store_dir`` (see module doc)."""
    from kg import manifest
    from kg.graph import ONTOLOGY_GRAPH, Minter, ontology_dataset, to_oxigraph_quads
    from kg.store import write_remote, write_store

    began = time.perf_counter()
    timings = dict.fromkeys(_STAGES, 0.0)
    t = time.perf_counter()
    base = base_fingerprint(settings)
    paths, orphans = _article_paths(settings.articles_dir)
    minter = Minter(settings.base_iri)
    ontology = to_oxigraph_quads(ontology_dataset(settings.ontology_dir / "kg.ttl"))
    timings["read"] += time.perf_counter() - t
    collected = _Collector(timings, skipped=list(orphans))

    waited = 0.0  # in the stream, waiting for article results (the rest of the store time is writing)

    def graphs() -> Iterator[tuple[str, list[ox.Quad] | bytes]]:
        nonlocal waited
        dedup = _Dedup()
        results = _results(paths, settings)
        while True:
            t = time.perf_counter()
            result = next(results, None)
            waited += time.perf_counter() - t
            if result is None:
                break
            accepted = collected.accept(result, dedup)
            if accepted is not None and not collected.violations:  # a failing build writes no more
                yield accepted
        if collected.violations:
            raise _NonConforming
        yield str(minter.shared_graph()), collected.shared_nquads()
        yield str(ONTOLOGY_GRAPH), ontology

    def later() -> bool:
        return len(collected.manifest) > settings.dumps_before_swap_max_articles

    def finish(build_dir: Path) -> None:
        # The RDF dumps (kg.export.dumps; served at /dumps/) of a small store are written beside
        # it before it goes live; a large store's after the swap (see _dumps_after_swap).
        t = time.perf_counter()
        from kg.export.dumps import write_build_dumps
        from kg.store.updates import replay_into_build

        replay_into_build(build_dir, settings.updates_log)  # operator writes survive a rebuild
        if not later():
            write_build_dumps(build_dir)
        timings["dumps"] += time.perf_counter() - t
        manifest.write(build_dir, base, sorted(collected.manifest.values(), key=lambda e: e.id),
                       collected.shared_counts(), complete=not collected.skipped)

    store_path: Path | None = None
    t = time.perf_counter()
    try:
        store_path = (write_remote if settings.store_url else write_store)(graphs(), settings,
                                                                           finish=finish)
    except _NonConforming:
        store_path = None
    timings["store"] += time.perf_counter() - t - waited - timings["dumps"]
    background = store_path is not None and not settings.store_url and later()
    if background:
        _dumps_after_swap(store_path)
    return BuildReport(_sorted(collected.outcomes), tuple(collected.skipped),
                       tuple(collected.violations), store_path, time.perf_counter() - began, timings,
                       dumps_in_background=background)


# -- the manifest and incremental builds -----------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What changed since the live build: the article texts to re-read (file-name order), the
    manifest ids whose files are gone, and the live manifest (open: close it when done)."""

    live: Path
    manifest: Manifest
    changed: list[Path]
    removed: list[str]
    orphans: list[Problem]

    @property
    def nothing_to_do(self) -> bool:
        return self.manifest.complete and not self.changed and not self.removed and not self.orphans


def _plan(settings: Settings, only: Sequence[str] | None = None) -> _Plan | None:
    """Compare the corpus with the live build's manifest; None when an incremental build is not
    possible (no live build or manifest, anything but the articles changed, or operator writes
    in the update log, see :func:`_has_operator_writes`).

    An article counts as unchanged when its text and metadata files have the sizes and
    modification times recorded (as ``git`` and ``make`` do: hashing 100k articles on every build
    would cost seconds); ``kg build --full`` rebuilds regardless.
    """
    from kg.store import StoreLayout

    live = StoreLayout(settings.store_dir).live()
    if live is None or _has_operator_writes(settings):
        return None
    manifest = Manifest.open(live)
    if manifest is None:
        return None
    if manifest.base != base_fingerprint(settings):
        manifest.__exit__()
        return None
    if only is not None:  # these articles only: no directory scan, no full read of the manifest
        names, stamps, orphans = _look_up(settings.articles_dir, only)
        recorded = {e.id: (e.file_name, e.stamp) for e in manifest.entries(only).values()}
    else:
        recorded = manifest.stamps()
        names, stamps, orphans = _scan(settings.articles_dir)
    changed = [settings.articles_dir / n for n in names
               if (entry := recorded.get(n[:-4])) is None or entry[0] != n or entry[1] != stamps[n[:-4]]]
    removed = sorted(i for i in recorded if i not in stamps)
    return _Plan(live, manifest, changed, removed, orphans)


def _has_operator_writes(settings: Settings) -> bool:
    """True when the update log (kg.store.updates) holds writes. A full build replays them after
    the articles; an incremental one would have to re-apply those touching the graphs it
    replaces, in order, which general SPARQL updates do not allow: it leaves them to a full build."""
    try:
        return settings.updates_log.stat().st_size > 0
    except OSError:
        return False


def update(settings: Settings, only: Sequence[str] | None = None) -> BuildReport | None:
    """Apply the articles added, changed or removed since the live build to a checkpoint of it
    (:func:`kg.store.derive_build`) and make that live; None when only a full :func:`build` can
    do (see :func:`_plan`, or a changed article whose duplicate rules touch unchanged ones).

    The result is the store a full build would write (tests/test_build_scale.py compares them):
    each re-read article's graph is replaced (:func:`kg.store.replace_graph`), a removed or now
    unreadable one dropped, shared-graph quads a new article needs added, and those no article
    needs any more removed. Nothing is written when an article does not conform. Its cost does
    not grow with the corpus except for listing the files and reading their recorded stamps
    (kg.manifest: the duplicate rules and the manifest change touch only the changed rows).

    ``only``: look at these article ids alone (``kg add --build``, ``kg build --article``): added,
    changed or removed, they are applied; the directory is not listed (at 100k articles that is
    most of the time: ~1.5 s of ``stat`` here), so changes to other articles wait for the next
    plain build, which finds them as before (their manifest rows are untouched).
    """
    began = time.perf_counter()
    timings = dict.fromkeys(_STAGES, 0.0)
    t = time.perf_counter()
    if settings.store_url:
        return None
    plan = _plan(settings, only)
    timings["read"] += time.perf_counter() - t
    if plan is None:
        return None
    with plan.manifest:
        return _update(settings, plan, began, timings, partial=only is not None)


def _update(settings: Settings, plan: _Plan, began: float, timings: dict[str, float], *,
            partial: bool) -> BuildReport | None:
    from kg import manifest
    from kg.graph import Minter

    if plan.nothing_to_do:
        return BuildReport(store_path=plan.live, seconds=time.perf_counter() - began, timings=timings,
                           incremental=True, up_to_date=True)
    shared = plan.manifest.shared()
    collected = _Collector(timings, skipped=list(plan.orphans),
                           subjects={iri: n for n, (iri, _) in enumerate(shared)},
                           counts=[count for _, count in shared])
    results = list(_results(plan.changed, settings))
    old = plan.manifest.entries([*plan.removed, *(r.stem for r in results)])
    accepted = _dedup_changed(plan, results, collected)
    if accepted is None:
        return None
    if collected.violations:
        return BuildReport(tuple(collected.outcomes), tuple(collected.skipped), tuple(collected.violations),
                           None, time.perf_counter() - began, timings, incremental=True)

    minter = Minter(settings.base_iri)
    gone = [*plan.removed, *(stem for stem, graph in accepted.items() if graph is None and stem in old)]
    replaced = {stem: graph for stem, graph in accepted.items() if graph is not None}
    if not replaced and not gone:  # only skipped input again: the live build stands
        return BuildReport((), tuple(collected.skipped), (), plan.live, time.perf_counter() - began, timings,
                           incremental=True)
    # The old versions of removed and replaced articles no longer describe their shared subjects.
    undescribed = set()
    for stem in [*gone, *(s for s in replaced if s in old)]:
        for number in old[stem].described:
            collected.counts[number] -= 1
            undescribed.add(number)
    iris = list(collected.subjects)
    unused = sorted(iris[n] for n in undescribed if collected.counts[n] == 0)
    size = len(plan.manifest) - sum(s in old for s in gone) + sum(s not in old for s in replaced)
    later = size > settings.dumps_before_swap_max_articles

    def mutate(store: ox.Store) -> None:
        _apply(store, minter, [str(minter.graph(s)) for s in gone], list(replaced.values()),
               collected.shared_nquads(), unused)

    def finish(build_dir: Path) -> None:
        if not later:
            t = time.perf_counter()
            from kg.export.dumps import write_build_dumps

            write_build_dumps(build_dir)
            timings["dumps"] += time.perf_counter() - t
        complete = not collected.skipped and (plan.manifest.complete or not partial)
        manifest.derive(plan.live, build_dir, plan.manifest.base, removed=gone,
                        changed=collected.manifest.values(), shared=collected.shared_counts(),
                        complete=complete)

    from kg.store import derive_build

    t = time.perf_counter()
    store_path = derive_build(settings, mutate, finish=finish)
    timings["store"] += time.perf_counter() - t - timings["dumps"]
    if later:
        _dumps_after_swap(store_path)
    return BuildReport(_sorted(collected.outcomes), tuple(collected.skipped),
                       (), store_path, time.perf_counter() - began, timings, incremental=True,
                       removed=tuple(sorted(set(gone) - set(replaced))), dumps_in_background=later)


def _dedup_changed(plan: _Plan, results: list[_Result],
                   collected: _Collector) -> dict[str, tuple[str, bytes] | None] | None:
    """The duplicate rules over the whole corpus, in file-name order, looking only at the re-read
    articles and the unchanged ones that share an id (up to letter case) or a text with one of
    them (the manifest's indexes): the other unchanged articles cannot change any verdict. None
    when an unchanged article would now be skipped (a re-read one took its id or text): only a
    full build gets that right. Else each re-read article's ``(graph, N-Quads)``, or None if it
    is left out (reported in ``collected``)."""
    rereads = {r.stem for r in results} | set(plan.removed)
    involved: dict[str, tuple[str, Entry | _Result]] = {r.stem: (Path(r.path).name, r) for r in results}
    for r in results:
        if r.article_id is None or r.text_sha256 is None:
            continue
        for entry in plan.manifest.colliding(r.article_id, r.text_sha256):
            if entry.id not in rereads:
                involved[entry.id] = (entry.file_name, entry)
    dedup = _Dedup()
    accepted: dict[str, tuple[str, bytes] | None] = {}
    for _, item in sorted(involved.values(), key=lambda pair: pair[0]):
        if isinstance(item, Entry):
            if dedup.problem(item.file_name, item.id, item.text_sha256) is not None:
                return None
            continue
        accepted[item.stem] = collected.accept(item, dedup)
    return accepted


#: In a build directory: the process id of the background process writing its dumps.
_DUMPS_PID = "dumps.pid"


def _dumps_after_swap(build_dir: Path) -> None:
    """Start writing the dumps of a large store after it went live, in a process of their own that
    outlives this one: they are a full scan (minutes at 10k articles), and an incremental build
    must not wait for that. Until they are written, ``/dumps/`` answers 404 "no dumps for the live
    build yet" (kg.serve.void); each file appears complete or not at all (kg.export.dumps). Its
    output goes to ``dumps.log`` in the build directory.

    It runs at the lowest CPU priority (nice 19): queries and builds come first. A dumps process
    still writing for an earlier build is stopped first: that build is no longer live, and a
    series of quick incremental builds would otherwise pile up full scans."""
    import subprocess
    import sys

    _stop_superseded_dumps(build_dir)
    # The child forks and exits at once (waited for here); the grandchild, in a session of its
    # own, records its pid and writes the dumps: nothing is left for this process to reap.
    script = ("import os, sys\nif os.fork():\n    os._exit(0)\nos.nice(19)\nfrom pathlib import Path\n"
              f"(Path(sys.argv[1]) / {_DUMPS_PID!r}).write_text(str(os.getpid()))\n"
              "from kg.export.dumps import write_build_dumps\nwrite_build_dumps(Path(sys.argv[1]))\n")
    with open(build_dir / "dumps.log", "ab") as log:
        subprocess.run([sys.executable, "-c", script, str(build_dir)], stdin=subprocess.DEVNULL,  # noqa: S603
                       stdout=log, stderr=log, start_new_session=True, check=True)


def _stop_superseded_dumps(build_dir: Path) -> None:
    """SIGTERM the dumps processes of the other builds beside ``build_dir`` (only processes whose
    command line is our dumps script, so a recycled pid is never hit)."""
    import signal

    for pid_file in build_dir.parent.glob(f"*/{_DUMPS_PID}"):
        if pid_file.parent == build_dir:
            continue
        try:
            pid = int(pid_file.read_text())
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if b"write_build_dumps" in command and str(pid_file.parent).encode() in command:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)


def _apply(store: ox.Store, minter: Any, dropped: list[str], graphs: list[tuple[str, bytes]],
           shared: bytes, unused: list[str]) -> None:
    """Change a read-write copy of the live store into what a full build would have written:
    drop and replace article graphs, add the shared quads the re-read articles need, and remove
    the shared subjects (``unused``) that no article describes any more."""
    from kg.store import replace_graph
    from kg.store.build import add_to_graph, remove_subjects

    knowledge = str(minter.shared_graph())
    for graph in dropped:
        replace_graph(store, graph, [])
    for graph, quads in graphs:
        replace_graph(store, graph, quads)
    remove_subjects(store, knowledge, [ox.NamedNode(iri) for iri in unused])
    add_to_graph(store, knowledge, shared)
