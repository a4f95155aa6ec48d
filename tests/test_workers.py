"""Queries run in killable worker processes: a timed-out query or a departed client stops the work
(no core left burning), and other clients are answered meanwhile."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import LiveServer, free_port
from kg.serve import create_app
from kg.settings import Settings
from kg.store import graphs_from_file, write_store

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(store_dir=tmp_path_factory.mktemp("store"))
    write_store([g for p in sorted(FIXTURES.glob("*.trig")) for g in graphs_from_file(p)], settings)
    return settings


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _settled(pool) -> None:
    """Wait until every worker (a killed one's successor too) has started and is idle."""
    deadline = time.monotonic() + 20
    while pool.idle < pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.idle == pool.size


def _busy_children(window: float = 0.6) -> list[int]:
    """Child processes that used CPU during ``window`` seconds."""
    pids = [p.pid for p in multiprocessing.active_children() if p.pid]
    before = {pid: _cpu_ticks(pid) for pid in pids}
    time.sleep(window)
    return [pid for pid in pids if _cpu_ticks(pid) - before[pid] > 2]


@pytest.fixture()
def server(built: Settings, request: pytest.FixtureRequest) -> Iterator[tuple[str, object]]:
    settings = built.with_(query_timeout_s=request.param, max_result_rows=10**9, query_workers=2)
    app = create_app(settings)
    with LiveServer(app, free_port()) as live:
        yield live.url, app.state.kg.pool


@pytest.mark.parametrize("server", [1.0], indirect=True)
def test_a_timed_out_aggregate_is_killed_within_a_second_of_its_limit(server) -> None:
    url, pool = server
    started = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "stopped" in response.text
    assert elapsed < 2.0
    assert pool.killed == 1
    _settled(pool)
    assert _busy_children() == []  # nothing keeps computing the abandoned query
    ok = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert ok.status_code == 200 and ok.json()["boolean"] is True


@pytest.mark.parametrize("server", [60.0], indirect=True)
def test_a_client_that_leaves_stops_its_query(server) -> None:
    url, pool = server
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=1.0)
    deadline = time.monotonic() + 5
    while pool.killed < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pool.killed == 1
    _settled(pool)
    assert _busy_children() == []


@pytest.mark.parametrize("server", [60.0], indirect=True)
def test_other_clients_are_answered_while_a_heavy_query_runs(server) -> None:
    url, pool = server
    _settled(pool)
    heavy = threading.Thread(target=_heavy_request, args=(url,), daemon=True)
    heavy.start()
    time.sleep(0.5)
    started = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 200
    assert time.monotonic() - started < 1.5  # served by another worker, not queued behind
    heavy.join(10)


def _heavy_request(url: str) -> None:
    try:
        httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=3.0)
    except httpx.TimeoutException:
        pass
