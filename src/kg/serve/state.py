"""What the request handlers share: settings, the live store, the query worker processes and a
thread pool for light store reads."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import Request

from kg.serve.catalogue import NamedQuery
from kg.serve.workers import WorkerPool
from kg.settings import Settings
from kg.store import LiveStore


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    store: LiveStore
    executor: ThreadPoolExecutor
    pool: WorkerPool
    queries: tuple[NamedQuery, ...]
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # operator writes, one at a time


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.kg
    return state
