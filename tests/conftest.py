"""Shared fixtures: paths to ../shared, the seed graph built once per session, a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared material is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Project settings with the store in a temporary directory."""
    return Settings(store_dir=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def seed_build(seed_settings: Settings):
    """The seed corpus of data/articles built into an on-disk store, once per session."""
    from kg.pipeline import build

    report = build(seed_settings)
    assert report.ok, [p.message for p in report.violations][:10]
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn server on 127.0.0.1 in a background thread."""

    def __init__(self, app, port: int) -> None:
        import uvicorn

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def seed_server(seed_settings: Settings, seed_build) -> Iterator[LiveServer]:
    from kg.serve import create_app

    with LiveServer(create_app(seed_settings), free_port()) as server:
        yield server


@pytest.fixture(scope="module")
def seed_client(seed_server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client on the seed server."""
    with httpx.Client(base_url=seed_server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def seed_store(seed_settings: Settings, seed_build) -> ox.Store:
    """The built seed store, opened read-only in this process."""
    from kg.store import open_store

    return open_store(seed_settings)


@pytest.fixture(scope="module")
def seed_network(seed_store: ox.Store):
    """The blame network of the seed store (kg.export)."""
    from kg.export import Filters, read_network

    return read_network(seed_store, Filters())
