"""Reliability of `kg build` under hostile input, kill -9, lock contention, live rebuilds and a
full disk (docs/reliability.md has the table of faults, outcomes and the test for each).

Every bad article sits in its own temporary corpus beside two good ones: the build must skip
exactly that file, name it and say why, build the good ones, and the CLI must exit 1.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conftest import LiveServer, free_port
from kg.corpus import add_article, article_from_text
from kg.corpus.articles import MAX_TEXT_BYTES
from kg.errors import CorpusError, StoreError
from kg.pipeline import build
from kg.settings import Settings
from kg.store import StoreLayout

ROOT = Path(__file__).resolve().parents[1]

# Sentences of our own (not from any corpus).
GOOD = {
    "good1": ("قالت وزارة الخارجية الأرمينية إن القوات الأذربيجانية قصفت قرية حدودية صباح اليوم.\n",
              date(2022, 9, 13)),
    "good2": ("دعت روسيا الطرفين إلى ضبط النفس ووقف إطلاق النار فورا.\n", date(2022, 9, 14)),
}
ARABIC = "أعلنت وزارة الدفاع الأذربيجانية أن الهدوء عاد إلى الحدود مساء الأحد.\n"
FILLER = "كان الجو هادئا في المدينة والناس في الأسواق "  # no actor, no cue: no statements
COUNT_STATEMENTS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s kg:kind ?k } }
"""


# --- helpers ------------------------------------------------------------------------------------

def _good_corpus(root: Path) -> Path:
    articles = root / "articles"
    articles.mkdir(parents=True)
    for article_id, (text, published) in GOOD.items():
        src = root / f"{article_id}-source.txt"
        src.write_text(text, encoding="utf-8")
        add_article(src, articles, article_id, published, "given by the test")
    return articles


def _write(articles: Path, article_id: str, data: bytes, **meta: object) -> None:
    """Write ID.txt with ``data`` and a metadata file that is valid for it unless ``meta`` says
    otherwise (a value of ``...`` deletes the field)."""
    record: dict[str, object] = {
        "id": article_id, "file_name": f"{article_id}-original.txt", "language": "ar",
        "published": "2022-09-15", "published_basis": "given by the test", "outlet": None, "url": None,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    record.update(meta)
    record = {k: v for k, v in record.items() if v is not ...}
    (articles / f"{article_id}.txt").write_bytes(data)
    (articles / f"{article_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _one_line(size: int) -> bytes:
    """Exactly ``size`` bytes of Arabic on one line, with no statement in it."""
    unit = FILLER.encode()
    data = unit * (size // len(unit))
    return data + b" " * (size - len(data))


def _statements(settings: Settings) -> int:
    store = ox.Store.read_only(str(StoreLayout(settings.store_dir).live()))
    (row,) = list(store.query(COUNT_STATEMENTS))
    return int(row["n"].value)


def _cli_build(articles: Path | None, store: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "kg"]
    if articles is not None:
        args += ["--articles", str(articles)]
    return subprocess.run([*args, "--store", str(store), "build", "--force"], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, **kwargs)


# --- 1. bad articles ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadInput:
    name: str
    make: Callable[[Path, str], None]  # (articles dir, article id) → writes the bad input
    file: str  # the file the problem names: "{id}.txt" or "{id}.json"
    reason: str  # a fragment of the message


def _same_text_as_good1(articles: Path, name: str) -> None:
    data = (articles / "good1.txt").read_bytes()
    _write(articles, name, data)


def _metadata_only(articles: Path, name: str) -> None:
    _write(articles, name, ARABIC.encode())
    (articles / f"{name}.txt").unlink()


def _text_only(articles: Path, name: str) -> None:
    _write(articles, name, ARABIC.encode())
    (articles / f"{name}.json").unlink()


def _fifo(articles: Path, name: str) -> None:
    _write(articles, name, ARABIC.encode())
    (articles / f"{name}.txt").unlink()
    os.mkfifo(articles / f"{name}.txt")


def _dev_zero(articles: Path, name: str) -> None:
    _write(articles, name, ARABIC.encode())
    (articles / f"{name}.txt").unlink()
    (articles / f"{name}.txt").symlink_to("/dev/zero")


def _raw_metadata(text: str) -> Callable[[Path, str], None]:
    def make(articles: Path, name: str) -> None:
        _write(articles, name, ARABIC.encode())
        (articles / f"{name}.json").write_text(text, encoding="utf-8")
    return make


def _text(data: bytes, **meta: object) -> Callable[[Path, str], None]:
    return lambda articles, name: _write(articles, name, data, **meta)


def _changed_after_hashing(articles: Path, name: str) -> None:
    _write(articles, name, ARABIC.encode())
    (articles / f"{name}.txt").write_bytes((ARABIC + "زيادة").encode())


BAD_INPUTS = [
    BadInput("empty file", _text(b""), "txt", "article text is empty"),
    BadInput("whitespace only", _text(b" \n\t\r\n  \n"), "txt", "article text is only whitespace"),
    BadInput("binary bytes (PNG header)", _text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "txt",
             "invalid UTF-8 in article text"),
    BadInput("binary but valid UTF-8 (NUL bytes)", _text(ARABIC.encode() + b"\x00\x01\x02"), "txt",
             "article text contains binary data: control character U+0000"),
    BadInput("invalid UTF-8", _text(ARABIC.encode() + b"\xc3\x28" + ARABIC.encode()), "txt",
             "invalid UTF-8 in article text"),
    BadInput("UTF-16 with BOM", _text(ARABIC.encode("utf-16")), "txt",
             "article text is UTF-16 (byte order mark FF FE), not UTF-8"),
    BadInput("10 MB of text", _text(_one_line(10 * 1024 * 1024)), "txt",
             f"article text too large: {10 * 1024 * 1024} bytes (the maximum is {MAX_TEXT_BYTES})"),
    BadInput("one byte over the maximum", _text(_one_line(MAX_TEXT_BYTES + 1)), "txt",
             "article text too large"),
    BadInput("no Arabic", _text(b"The ministry said the border was calm on Sunday.\n"), "txt",
             "no Arabic text"),
    BadInput("a FIFO instead of a file", _fifo, "txt", "article text is not a regular file"),
    BadInput("a symlink to /dev/zero", _dev_zero, "txt", "article text is not a regular file"),
    BadInput("impossible date", _text(ARABIC.encode(), published="2022-02-30"), "json",
             "published is not a valid date"),
    BadInput("date in another format", _text(ARABIC.encode(), published="15/09/2022"), "json",
             "published is not a valid date"),
    BadInput("unknown field", _text(ARABIC.encode(), headline="عنوان"), "json",
             "unknown metadata field(s): headline"),
    BadInput("missing field", _text(ARABIC.encode(), sha256=...), "json",
             "metadata field missing (path="),
    BadInput("id of another article", _text(ARABIC.encode(), id="good1"), "json",
             "metadata id 'good1' does not match the file name"),
    BadInput("sha256 mismatch", _changed_after_hashing, "txt", "sha256 mismatch"),
    BadInput("duplicate text", _same_text_as_good1, "txt", "duplicate article text (same as 'good1')"),
    BadInput("missing .json", _text_only, "json", "metadata file missing"),
    BadInput(".json without .txt", _metadata_only, "json", "metadata without article text"),
    BadInput("metadata not JSON", _raw_metadata('{"id": "x",'), "json", "metadata is not valid JSON"),
    BadInput("metadata a JSON list", _raw_metadata("[]"), "json", "metadata must be a JSON object"),
    BadInput("metadata of 1 MB", _raw_metadata(" " * 2**20 + "{}"), "json", "metadata file too large"),
]


def test_every_bad_input_case_is_listed() -> None:
    assert len(BAD_INPUTS) == 23
    assert len({case.name for case in BAD_INPUTS}) == len(BAD_INPUTS)


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[case.name for case in BAD_INPUTS])
def test_a_bad_article_is_skipped_alone_and_named(tmp_path: Path, case: BadInput,
                                                  good_statements: int) -> None:
    articles = _good_corpus(tmp_path)
    case.make(articles, "zbad")  # sorts after the good ones: a duplicate is the later copy
    settings = Settings(articles_dir=articles, store_dir=tmp_path / "store")
    report = build(settings)
    assert report.ok
    assert sorted(o.article_id for o in report.outcomes) == ["good1", "good2"]
    assert len(report.skipped) == 1, report.skipped
    (problem,) = report.skipped
    assert (problem.stage, problem.article_id) == ("corpus", "zbad")
    assert problem.path == str(articles / f"zbad.{case.file}")
    assert case.reason in problem.message
    assert _statements(settings) == good_statements  # nothing of the good ones lost


@pytest.fixture(scope="module")
def good_statements(tmp_path_factory: pytest.TempPathFactory) -> int:
    """The statement count of a build of the two good articles alone."""
    root = tmp_path_factory.mktemp("good")
    settings = Settings(articles_dir=_good_corpus(root), store_dir=root / "store")
    assert build(settings).ok
    n = _statements(settings)
    assert n >= 2
    return n


def test_the_cli_names_every_bad_file_and_its_reason_and_exits_1(tmp_path: Path,
                                                                  good_statements: int) -> None:
    """All the bad inputs at once: each named with its reason, the good ones built, exit 1."""
    articles = _good_corpus(tmp_path)
    names = {}
    for number, case in enumerate(BAD_INPUTS):
        name = f"zbad{number:02d}"
        case.make(articles, name)
        names[name] = case
    run = _cli_build(articles, tmp_path / "store")
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    for name, case in names.items():
        (line,) = [line for line in lines if line.startswith(f"skipped {name}:")]
        assert f"{name}.{case.file}" in line and case.reason in line, (case.name, line)
    assert f"{len(BAD_INPUTS)} input file(s) skipped" in lines[-1]
    assert "built 2 article(s)" in run.stdout
    settings = Settings(articles_dir=articles, store_dir=tmp_path / "store")
    assert _statements(settings) == good_statements


def test_a_future_date_is_read_as_written(tmp_path: Path) -> None:
    """The reader never consults the clock, so the same corpus builds the same graph on any
    day; `kg add` is where a future date is refused (test_add_refuses_what_the_build_would_skip)."""
    articles = _good_corpus(tmp_path)
    _write(articles, "zfuture", ARABIC.encode(), published="2999-01-01")
    report = build(Settings(articles_dir=articles, store_dir=tmp_path / "store"))
    assert report.ok and not report.skipped
    assert sorted(o.article_id for o in report.outcomes) == ["good1", "good2", "zfuture"]


def test_case_colliding_ids_keep_the_first_and_name_the_second(tmp_path: Path) -> None:
    """GOOD1 and good1 would be one file on a case-insensitive disk: the first in file-name
    order (upper case sorts first) is built, the other skipped with both names."""
    articles = _good_corpus(tmp_path)
    _write(articles, "GOOD1", ARABIC.encode())
    report = build(Settings(articles_dir=articles, store_dir=tmp_path / "store"))
    assert report.ok
    assert sorted(o.article_id for o in report.outcomes) == ["GOOD1", "good2"]
    (problem,) = report.skipped
    assert problem.path == str(articles / "good1.txt")
    assert "duplicate article id: differs from 'GOOD1' only in letter case" in problem.message


@pytest.mark.parametrize("text", [
    pytest.param("Baku — " + ARABIC + "Ереван: " + GOOD["good1"][0] + "😀 ✓\n", id="mixed scripts"),
    pytest.param(_one_line(2**20).decode(), id="a single 1 MB line"),
    pytest.param(_one_line(MAX_TEXT_BYTES).decode(), id="exactly the maximum size"),
    pytest.param("\ufeff" + ARABIC, id="UTF-8 with BOM"),
])
def test_unusual_but_valid_text_builds(tmp_path: Path, text: str) -> None:
    articles = _good_corpus(tmp_path)
    _write(articles, "zodd", text.encode())
    settings = Settings(articles_dir=articles, store_dir=tmp_path / "store")
    report = build(settings)
    assert report.ok and not report.skipped
    assert sorted(o.article_id for o in report.outcomes) == ["good1", "good2", "zodd"]
    store = ox.Store.read_only(str(report.store_path))
    query = f"SELECT ?t WHERE {{ <{settings.base_iri}article/zodd> <https://schema.org/text> ?t }}"
    (row,) = list(store.query(query))
    assert row["t"].value == text  # kept character for character


@pytest.mark.parametrize(("data", "published", "reason"), [
    (_one_line(MAX_TEXT_BYTES + 1), None, "source text too large"),
    (b"Only English here.\n", None, "no Arabic text"),
    (ARABIC.encode("utf-16"), None, "source text is UTF-16"),
    (ARABIC.encode(), date.today() + timedelta(days=30), "published is in the future"),
], ids=["too large", "no Arabic", "UTF-16", "future date"])
def test_add_refuses_what_the_build_would_skip(tmp_path: Path, data: bytes, published: date | None,
                                               reason: str) -> None:
    """`kg add` and `kg extract` apply the reader's checks up front, and write nothing."""
    src = tmp_path / "incoming.txt"
    src.write_bytes(data)
    articles = _good_corpus(tmp_path)
    with pytest.raises(CorpusError, match=reason):
        add_article(src, articles, "new1", published, "given by the test")
    assert not (articles / "new1.txt").exists() and not (articles / "new1.json").exists()
    if published is None:
        with pytest.raises(CorpusError, match=reason.replace("source", "article")):
            article_from_text(src, "new1")


# --- the seed build: reference figures ----------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    seconds: float  # wall time of `python -m kg build` on the seed corpus
    quads: int
    statements: int
    nquads: list[str]  # the whole store, sorted


def _snapshot(build_dir: Path) -> tuple[int, int, list[str]]:
    store = ox.Store.read_only(str(build_dir))
    (row,) = list(store.query(COUNT_STATEMENTS))
    lines = ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    return len(store), int(row["n"].value), sorted(lines)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    store = tmp_path_factory.mktemp("reference") / "store"
    began = time.monotonic()
    run = _cli_build(None, store)
    seconds = time.monotonic() - began
    assert run.returncode == 0, run.stderr
    quads, statements, nquads = _snapshot(StoreLayout(store).live())
    assert statements > 100 and quads == len(nquads)
    return Reference(seconds, quads, statements, nquads)


# --- 5. determinism -----------------------------------------------------------------------------

def test_two_builds_of_the_same_input_are_identical(tmp_path: Path, reference: Reference) -> None:
    """Byte-identical sorted N-Quads, nothing excluded: no timestamps, random ids or blank
    nodes leak into the graph (this build runs in-process, the reference in a subprocess)."""
    report = build(Settings(store_dir=tmp_path / "store"))
    assert report.ok
    _, _, nquads = _snapshot(report.store_path)
    assert nquads == reference.nquads


# --- 2. kill -9 during a build ------------------------------------------------------------------

KILLS = 8


def _assert_live_store_complete(store_dir: Path, reference: Reference) -> Path | None:
    layout = StoreLayout(store_dir)
    live = layout.live()  # raises if `current` is not a symlink or names a missing build
    if live is None:
        return None
    quads, statements, _ = _snapshot(live)
    assert (quads, statements) == (reference.quads, reference.statements), live
    dumps = live / "dumps"
    assert sorted(p.name for p in dumps.iterdir()) == ["kg.jsonld.gz", "kg.nq.gz", "kg.ttl.gz"]
    return live


@pytest.mark.slow
def test_kill_9_at_random_moments_never_exposes_a_half_built_store(tmp_path: Path,
                                                                    reference: Reference) -> None:
    """SIGKILL `kg build` 8 times: 4 times at a moment spread over its whole run, 4 times just
    after it starts writing its build directory (the store phase). Half the kills hit a first
    build (no store yet), half hit a rebuild beside a live store. After each: `current` is absent
    or a complete store (all quads, all statements, all dumps); a live store is never lost."""
    store = tmp_path / "store"
    builds = store / "builds"
    rng = random.Random(20261121)
    log = []
    for number in range(KILLS):
        if number == KILLS // 2:  # from here on, rebuilds beside a live store
            assert _cli_build(None, store).returncode == 0
        before = _assert_live_store_complete(store, reference)
        existing = set(builds.iterdir()) if builds.exists() else set()
        proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), "build", "--force"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        began = time.monotonic()
        if number % 2 == 0:  # anywhere in the run, stratified so the kills cover all of it
            slot = reference.seconds / (KILLS // 2)
            delay = (number // 2 + rng.random()) * slot
            time.sleep(delay)
        else:  # when the new build directory appears, then up to 0.4 s into the store phase
            while proc.poll() is None and (not builds.exists() or set(builds.iterdir()) <= existing):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.4))
            delay = time.monotonic() - began
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        after = _assert_live_store_complete(store, reference)
        if before is not None:
            assert after is not None  # a live store is never lost
        log.append((round(delay, 2), finished, after is not None))
    leftovers = [p for p in builds.iterdir() if p != StoreLayout(store).live()] if builds.exists() else []
    print(f"build {reference.seconds:.2f} s; kills (delay s, had finished, live store): {log}; "
          f"{len(leftovers)} leftover build dir(s)")

    # Leftovers never block the next build, which prunes them.
    assert _cli_build(None, store).returncode == 0
    live = _assert_live_store_complete(store, reference)
    remaining = set(builds.iterdir())
    assert live in remaining and len(remaining) <= 2  # the new build and the previous one
    assert not list(store.glob(".current-*"))


def test_the_next_build_prunes_debris_of_killed_builds(tmp_path: Path) -> None:
    """What a build killed at the worst moments leaves: a half-written build directory and a
    `.current-PID` symlink made just before the rename. Neither blocks the next build, which
    deletes both (the kill loop cannot aim at that microsecond, so it is staged here)."""
    articles = _good_corpus(tmp_path)
    settings = Settings(articles_dir=articles, store_dir=tmp_path / "store")
    first = build(settings).store_path
    partial = settings.store_dir / "builds" / "20000101T000000000000Z-99999"
    partial.mkdir()
    (partial / "000001.sst").write_bytes(b"half")
    stale = settings.store_dir / ".current-99999"
    stale.symlink_to(partial.relative_to(settings.store_dir))
    report = build(settings)
    assert report.ok
    assert sorted((settings.store_dir / "builds").iterdir()) == sorted([first, report.store_path])
    assert not stale.is_symlink()


# --- 3. a concurrent build ----------------------------------------------------------------------

def test_a_second_concurrent_build_is_refused(tmp_path: Path) -> None:
    articles = _good_corpus(tmp_path)
    settings = Settings(articles_dir=articles, store_dir=tmp_path / "store")
    first = build(settings).store_path
    with StoreLayout(settings.store_dir).build_lock():  # a build in progress, as far as anyone knows
        run = _cli_build(articles, settings.store_dir)
    assert run.returncode == 2
    assert "kg build: error: another build is running on this store directory" in run.stderr
    assert str(settings.store_dir / "build.lock") in run.stderr
    assert StoreLayout(settings.store_dir).live() == first
    assert sorted((settings.store_dir / "builds").iterdir()) == [first]  # nothing half-built left
    assert build(settings).ok  # and the lock is free again


# --- 4. rebuilding while the server answers -------------------------------------------------------

def test_rebuilds_while_the_server_answers_lose_no_query(tmp_path: Path) -> None:
    """A client asks who-blamed-whom without pause while three builds swap the store under the
    server: every answer is a 200 with the same rows (workers keep the store they opened; the
    build keeps the previous directory, so a swap never pulls files from under a query)."""
    from kg.serve import create_app

    settings = Settings(store_dir=tmp_path / "store")
    assert build(settings).ok
    query = (ROOT / "queries" / "who-blamed-whom.rq").read_text(encoding="utf-8")
    answers: list[tuple[int, int | str]] = []
    stop = threading.Event()

    def ask(url: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not stop.is_set():
                try:
                    r = client.post("/sparql", data={"query": query},
                                    headers={"Accept": "application/sparql-results+json"})
                except httpx.HTTPError as exc:  # recorded as a failed query, never lost
                    answers.append((0, repr(exc)))
                    continue
                rows = len(r.json()["results"]["bindings"]) if r.status_code == 200 else r.text[:200]
                answers.append((r.status_code, rows))

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 60
        while len(answers) < count:
            assert client.is_alive() and time.monotonic() < deadline, answers[-3:]
            time.sleep(0.02)

    with LiveServer(create_app(settings), free_port()) as server:
        client = threading.Thread(target=ask, args=(server.url,), daemon=True)
        client.start()
        try:
            wait_for(3)
            paths = set()
            for _ in range(3):
                report = build(settings)
                assert report.ok
                paths.add(report.store_path)
            wait_for(len(answers) + 3)  # queries on the last store, too
        finally:
            stop.set()
            client.join(timeout=60)
    assert len(paths) == 3
    assert len(answers) >= 10
    expected = answers[0][1]
    assert isinstance(expected, int) and expected > 10
    failed = [a for a in answers if a != (200, expected)]
    assert failed == [], f"{len(failed)} of {len(answers)} queries failed: {failed[:3]}"
    print(f"{len(answers)} queries during 3 rebuilds, {expected} rows each")


# --- 6. disk full -------------------------------------------------------------------------------

@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: room for one seed build (2.3 MB with its dumps), not for a second."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.strip()}); the RLIMIT_FSIZE test covers it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_fails_cleanly_and_keeps_the_previous_store(small_disk: Path,
                                                                reference: Reference) -> None:
    settings = Settings(store_dir=small_disk / "store")
    first = build(settings).store_path
    with pytest.raises(StoreError) as err:
        build(settings)
    assert "No space left on device" in str(err.value)
    assert Path(err.value.context["path"]).parent == settings.store_dir / "builds"
    run = _cli_build(None, settings.store_dir)
    assert run.returncode == 2
    assert "kg build: error: cannot write the store" in run.stderr and "No space left" in run.stderr
    assert _assert_live_store_complete(settings.store_dir, reference) == first
    assert sorted((settings.store_dir / "builds").iterdir()) == [first]  # no partial directory


def _limit_file_size() -> None:  # runs in the child between fork and exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_write_error_fails_cleanly_and_keeps_the_previous_store(tmp_path: Path,
                                                                  reference: Reference) -> None:
    """The same without root: no file of the build may exceed 64 KiB (RLIMIT_FSIZE)."""
    store = tmp_path / "store"
    assert _cli_build(None, store).returncode == 0
    first = StoreLayout(store).live()
    run = _cli_build(None, store, preexec_fn=_limit_file_size)
    assert run.returncode == 2
    assert "kg build: error: cannot write the store" in run.stderr and "File too large" in run.stderr
    assert f"path={store / 'builds'}" in run.stderr
    assert _assert_live_store_complete(store, reference) == first
    assert sorted((store / "builds").iterdir()) == [first]
