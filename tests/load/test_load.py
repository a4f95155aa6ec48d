"""A short load test: 8 clients for 5 s over the named queries against the seed store, no errors."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import LiveServer, free_port
from kg.serve import create_app
from kg.settings import Settings
from load.loadgen import read_queries, run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def endpoint(seed_settings: Settings, seed_build) -> Iterator[str]:
    # The per-client cap counts peer addresses: every load client is 127.0.0.1.
    settings = seed_settings.with_(max_requests_per_client=64)
    with LiveServer(create_app(settings), free_port()) as live:
        yield live.url + "/sparql"


def test_eight_clients_for_five_seconds_without_an_error(endpoint: str) -> None:
    queries = read_queries(ROOT / "queries")
    assert len(queries) == 5
    result = asyncio.run(run(endpoint, queries, clients=8, seconds=5))
    assert not result.errors, result.errors
    assert set(result.latencies) == {name for name, _ in queries}  # every named query was answered
    assert result.rate > 5, result.row()
