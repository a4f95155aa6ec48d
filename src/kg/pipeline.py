"""Wires stages 1→5: corpus → extraction → RDF → SHACL → store. No argv, no exit codes.

``build(settings)`` reads every article, extracts its facts, maps them to one named graph per
article, validates each graph with the project's SHACL shapes and writes all graphs into a new
on-disk store that replaces the live one atomically. An unreadable article is skipped and
reported (the rest goes on); a graph that does not conform fails the build and leaves the
previous store serving, with a report naming article, node, path and message.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.model import Article, Extraction
from kg.settings import Settings


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
    outcomes: tuple[ArticleOutcome, ...] = ()
    skipped: tuple[Problem, ...] = ()  # unreadable input: left out, build goes on
    violations: tuple[Problem, ...] = ()  # SHACL non-conformance: build fails, store unchanged
    store_path: Path | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations and self.store_path is not None

    @property
    def triples(self) -> int:
        return sum(o.triples for o in self.outcomes)

    @property
    def statements(self) -> int:
        return sum(o.statements for o in self.outcomes)


#: In a build directory: the fingerprint of the input it was built from.
FINGERPRINT_FILE = "input.sha256"


def input_fingerprint(settings: Settings) -> str:
    """SHA-256 over everything a build reads: the articles and their metadata, the knowledge, the
    ontology and shapes, the code (``src/kg``), the version and the base IRI. Equal fingerprints
    mean an identical graph (builds are deterministic, see docs/reliability.md)."""
    import kg

    digest = hashlib.sha256(f"{kg.__version__}\0{settings.base_iri}\0".encode())
    roots = (settings.articles_dir, settings.gazetteer_dir, settings.lexicon_dir, settings.ontology_dir,
             Path(kg.__file__).parent)
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if root.is_dir() else []
        digest.update(f"{root.name}\0{len(files)}\0".encode())
        for path in files:
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_up_to_date(settings: Settings) -> bool:
    """True when the live store was built, with nothing skipped, from exactly the current input."""
    from kg.store import StoreLayout

    live = StoreLayout(settings.store_dir).live()
    if live is None or not (live / FINGERPRINT_FILE).is_file():
        return False
    return (live / FINGERPRINT_FILE).read_text(encoding="ascii").strip() == input_fingerprint(settings)


def extract(article: Article, settings: Settings) -> Extraction:
    from kg.extract import extract_article
    from kg.extract.knowledge import load_knowledge

    return extract_article(article, load_knowledge(settings.gazetteer_dir, settings.lexicon_dir))


def build(settings: Settings) -> BuildReport:
    """Build the graph of ``settings.articles_dir`` into ``settings.store_dir`` (see module doc)."""
    from kg.corpus import read_corpus
    from kg.export.dumps import write_build_dumps
    from kg.extract.knowledge import load_knowledge
    from kg.graph import ONTOLOGY_GRAPH, Minter, ontology_dataset, split_shared, to_dataset, to_oxigraph_quads
    from kg.store import write_store
    from kg.validate import load_shapes, validate

    began = time.perf_counter()
    timings = dict.fromkeys(("read", "extract", "graph", "validate", "store"), 0.0)
    fingerprint = input_fingerprint(settings)

    t = time.perf_counter()
    corpus = read_corpus(settings.articles_dir)
    knowledge = load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)
    shapes = load_shapes(settings.ontology_dir / "shapes.ttl")
    minter = Minter(settings.base_iri)
    timings["read"] += time.perf_counter() - t
    skipped = [
        Problem(err.context.get("article"), str(err.context.get("path", "")) or None, "corpus", str(err))
        for err in corpus.errors
    ]

    from kg.extract import extract_article

    outcomes: list[ArticleOutcome] = []
    violations: list[Problem] = []
    graphs: list[tuple[str, list]] = []
    shared: dict = {}  # quad → None: an ordered set of the shared graph's quads
    for article in corpus.articles:
        try:
            t = time.perf_counter()
            extraction = extract_article(article, knowledge)
            timings["extract"] += time.perf_counter() - t
            t = time.perf_counter()
            dataset = to_dataset(extraction, minter, actors=knowledge.actors)
            quads = to_oxigraph_quads(dataset)
            timings["graph"] += time.perf_counter() - t
        except KGError as err:
            skipped.append(Problem(article.id, article.file_name, "extract", str(err)))
            continue
        t = time.perf_counter()
        report = validate(dataset, shapes)
        timings["validate"] += time.perf_counter() - t
        if not report.conforms:
            violations.extend(
                Problem(article.id, article.file_name, "shacl",
                        f"{r.focus_node} {r.path or ''}: {r.message}")
                for r in report.violations
            )
            continue
        own, common = split_shared(quads, minter)
        shared.update(dict.fromkeys(common))
        graphs.append((str(minter.graph(article.id)), own))
        outcomes.append(ArticleOutcome(article.id, len(extraction.statements), len(extraction.blame),
                                       len(quads)))

    store_path = None
    if not violations:
        t = time.perf_counter()
        graphs.append((str(minter.shared_graph()), list(shared)))
        graphs.append((str(ONTOLOGY_GRAPH),
                       to_oxigraph_quads(ontology_dataset(settings.ontology_dir / "kg.ttl"))))
        # The RDF dumps are written beside the new store (kg.export.dumps; served at /dumps/)
        # before it goes live, so a live store always has its dumps.
        def finish(build_dir: Path) -> None:
            write_build_dumps(build_dir)
            if not skipped:  # a build that skipped input is never "up to date": it must say so again
                (build_dir / FINGERPRINT_FILE).write_text(fingerprint + "\n", encoding="ascii")

        store_path = write_store(_iter_graphs(graphs), settings, finish=finish)
        timings["store"] += time.perf_counter() - t
    return BuildReport(tuple(outcomes), tuple(skipped), tuple(violations), store_path,
                       time.perf_counter() - began, timings)


def _iter_graphs(graphs: list[tuple[str, list]]) -> Iterator[tuple[str, list]]:
    yield from graphs
