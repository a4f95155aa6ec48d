"""The query page at ``/``: YASGUI over this server's ``/sparql``, with the named questions.

Routes:

- ``GET /`` — the page. It loads YASGUI (npm ``@zazuko/yasgui``, from ``node_modules`` under
  ``Settings.root``) and ``static/ui.js``, which opens one tab per named question (the default
  tab is ``who-blamed-whom``). The page always carries the named questions as plain links and a
  plain query form, so it works without JavaScript, and says why when YASGUI is not installed.
- ``GET /queries.json`` — the named questions of ``queries/*.rq`` (:mod:`kg.serve.catalogue`).
- ``GET /assets/yasgui/{name}`` — the two files of YASGUI's ready-built bundle.
- ``GET /static/{name}`` — the page's own script, style sheet and icon (``src/kg/serve/static``).

Nothing on the page comes from another host, and no script is inline, so the page is sent with
a strict Content-Security-Policy (CSP Level 3); YASGUI sets ``style`` attributes, hence
``'unsafe-inline'`` for styles only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from kg.serve.catalogue import NamedQuery
from kg.serve.state import server_state

router = APIRouter()

CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
DEFAULT_QUERY = "who-blamed-whom"
#: Where ``npm ci`` puts YASGUI's bundle, relative to the project root.
YASGUI_BUILD = Path("node_modules", "@zazuko", "yasgui", "build")
_YASGUI_FILES = {"yasgui.min.js": "text/javascript", "yasgui.min.css": "text/css"}
STATIC_DIR = Path(__file__).resolve().parent / "static"
_STATIC_FILES = {"ui.js": "text/javascript", "ui.css": "text/css", "favicon.svg": "image/svg+xml"}


def listed_file(directory: Path, files: Mapping[str, str], name: str) -> FileResponse:
    """``directory/name`` if ``name`` is one of ``files`` (name → media type) and exists, else 404:
    only listed files are ever served, so no request can reach another path."""
    path = directory / name
    if name not in files or not path.is_file():
        raise HTTPException(404, f"no such file: {name}")
    return FileResponse(path, media_type=files[name])


def file_responses(media_types: Iterable[str], missing: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` of a route that sends a file: its media types, and 404."""
    return {200: {"description": "The file.", "content": {t: {} for t in sorted(set(media_types))}},
            404: {"description": missing}}


def yasgui_dir(root: Path) -> Path:
    return root / YASGUI_BUILD


def _yasgui_missing(root: Path) -> str | None:
    """Why YASGUI cannot be served (a sentence for the page), or None when it can."""
    build = yasgui_dir(root)
    absent = [name for name in _YASGUI_FILES if not (build / name).is_file()]
    if absent:
        return (f"The interactive editor (YASGUI) is not installed: {build / absent[0]} is missing. "
                "Run `npm ci` in the project directory and reload; the plain form below works meanwhile.")
    return None


def default_query(queries: tuple[NamedQuery, ...]) -> NamedQuery | None:
    return next((q for q in queries if q.name == DEFAULT_QUERY), queries[0] if queries else None)


@router.get("/queries.json")
def queries_json(request: Request) -> JSONResponse:
    """The named questions, in file-name order, and which one the page opens first."""
    queries = server_state(request).queries
    first = default_query(queries)
    return JSONResponse({
        "default": first.name if first else None,
        "queries": [{"name": q.name, "title": q.title, "description": q.description,
                     "parameters": q.parameters, "query": q.text} for q in queries],
    })


@router.get("/assets/yasgui/{name}", response_class=Response,
            responses=file_responses(_YASGUI_FILES.values(), "No such asset."))
def yasgui_asset(name: str, request: Request) -> FileResponse:
    return listed_file(yasgui_dir(server_state(request).settings.root), _YASGUI_FILES, name)


@router.get("/static/{name}", response_class=Response,
            responses=file_responses(_STATIC_FILES.values(), "No such file."))
def static_file(name: str) -> FileResponse:
    return listed_file(STATIC_DIR, _STATIC_FILES, name)


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    """The query page; relative URLs throughout, so it also works behind a path prefix."""
    state = server_state(request)
    missing = _yasgui_missing(state.settings.root)
    html = render_page(state.queries, missing)
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP})


def render_page(queries: tuple[NamedQuery, ...], yasgui_missing: str | None) -> str:
    head = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>kg: who blamed whom</title>", '<link rel="icon" href="static/favicon.svg">']
    if yasgui_missing is None:
        head += ['<link rel="stylesheet" href="assets/yasgui/yasgui.min.css">',
                 '<script src="assets/yasgui/yasgui.min.js" defer></script>']
    head += ['<link rel="stylesheet" href="static/ui.css">', '<script src="static/ui.js" defer></script>']
    notice = f'<p class="notice" id="yasgui-missing">{escape(yasgui_missing)}</p>' if yasgui_missing else ""
    first = default_query(queries)
    return (
        f'<!doctype html><html lang="en"><head>{"".join(head)}</head><body>'
        "<header><h1>Who blamed whom, and when</h1>"
        "<p>A knowledge graph of statements of blame in Arabic news about the Armenia–Azerbaijan "
        "conflict: who accused, condemned or held responsible whom, when, with the quoted words "
        "and the source article of each statement. Names have English and Arabic labels.</p>"
        '<p>SPARQL 1.1 endpoint: <a href="sparql">/sparql</a> (GET or POST <code>query=</code>; '
        "the default graph is the merge of the article graphs). Below: a query editor opened on "
        "the named questions; run a query with the ▶ button or Ctrl+Enter.</p></header>"
        f"{notice}"
        f'<div id="yasgui" data-endpoint="sparql" data-queries="queries.json"'
        f' data-yasgui="{"missing" if yasgui_missing else "present"}"></div>'
        f'<section id="named"><h2>Named questions</h2><ul>{_named_items(queries)}</ul></section>'
        f"{_plain_form(first)}</body></html>"
    )


def _named_items(queries: tuple[NamedQuery, ...]) -> str:
    items = []
    for q in queries:
        run = {fmt: "sparql?" + urlencode({"query": q.text, "format": fmt}) for fmt in ("json", "csv")}
        items.append(
            f'<li data-query="{escape(q.name)}"><strong>{escape(q.title)}</strong> '
            f"<code>{escape(q.name)}.rq</code><br>{escape(q.description)}<br>"
            + (f"<em>Parameters:</em> {escape(q.parameters)}<br>" if q.parameters else "")
            + f'<a href="{escape(run["json"])}">run (JSON)</a> · '
            f'<a href="{escape(run["csv"])}">run (CSV)</a>'
            f"<details><summary>SPARQL</summary><pre>{escape(q.text)}</pre></details></li>"
        )
    return "".join(items)


def _plain_form(first: NamedQuery | None) -> str:
    """A form that needs no script: the browser shows the endpoint's answer as a new page."""
    options = "".join(f'<option value="{f}">{f.upper()}</option>' for f in ("json", "csv", "tsv", "xml"))
    text = escape(first.text) if first else ""
    return (
        '<section id="plain-form"><h2>Plain query form</h2>'
        '<form method="post" action="sparql">'
        f'<textarea name="query" rows="16" cols="100" spellcheck="false">{text}</textarea><br>'
        f'<label>Results as <select name="format">{options}</select></label> '
        '<button type="submit">Run query</button></form></section>'
    )
