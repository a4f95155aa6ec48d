"""``/health``: liveness plus the build being served. The root page is :mod:`kg.serve.ui`."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kg.serve.state import server_state

router = APIRouter()


@router.get("/health")
def health(request: Request) -> dict[str, str]:
    """Liveness plus the build being served; 503 (StoreError) when no store is readable."""
    state = server_state(request)
    state.store.get()
    path = state.store.path
    return {"status": "ok", "store": path.name if path else ""}
