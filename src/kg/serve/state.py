"""What the request handlers share: settings, the live store, the query thread pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from fastapi import Request

from kg.serve.catalogue import NamedQuery
from kg.settings import Settings
from kg.store import LiveStore


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    store: LiveStore
    executor: ThreadPoolExecutor
    queries: tuple[NamedQuery, ...]


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.kg
    return state
