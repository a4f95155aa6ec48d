"""``/`` (a minimal page: the endpoint and the named questions) and ``/health``."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kg.serve.state import server_state

router = APIRouter()


@router.get("/health")
def health(request: Request) -> dict[str, str]:
    """Liveness plus the build being served; 503 (StoreError) when no store is readable."""
    state = server_state(request)
    state.store.get()
    path = state.store.path
    return {"status": "ok", "store": path.name if path else ""}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> str:
    """No external assets: one self-contained page linking to /sparql and each named query."""
    items = []
    for q in server_state(request).queries:
        run = {fmt: "sparql?" + urlencode({"query": q.text, "format": fmt}) for fmt in ("json", "csv")}
        items.append(
            f'<li><strong>{escape(q.title)}</strong> <code>{escape(q.name)}.rq</code><br>'
            f"{escape(q.description)}<br>"
            + (f"<em>Parameters:</em> {escape(q.parameters)}<br>" if q.parameters else "")
            + f'<a href="{escape(run["json"])}">run (JSON)</a> · '
            f'<a href="{escape(run["csv"])}">run (CSV)</a>'
            f"<details><summary>SPARQL</summary><pre>{escape(q.text)}</pre></details></li>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>kg: who blamed whom</title></head><body>"
        "<h1>Who blamed whom, and when</h1>"
        "<p>Statements of blame in Arabic news about the Armenia–Azerbaijan conflict, as RDF. "
        'SPARQL 1.1 endpoint: <a href="sparql">/sparql</a> (GET or POST <code>query=</code>; '
        "the default graph is the merge of the article graphs).</p>"
        f"<h2>Named questions</h2><ul>{''.join(items)}</ul></body></html>"
    )
