"""The exports of :mod:`kg.export` over HTTP: ``GET /export/{format}`` and ``GET /export``.

``/export/{format}`` (a :data:`kg.export.FORMATS` name: ``graphml``, ``gexf``, ``cytoscape``,
``csv-nodes``, ``csv-edges``, ``full-graphml``) answers with the file :func:`kg.export.export`
writes, its media type and a ``Content-Disposition: attachment`` file name (RFC 6266 §4).
Query parameters narrow the blame network (:class:`kg.export.Filters`):

- ``from``, ``to``: ``YYYY-MM-DD``, inclusive bounds on the statement date;
- ``kind``: a statement kind (``accuse``, ``deny``, …), repeatable;
- ``actor``: an actor IRI, speaker or target;
- ``min_confidence``: a number in [0, 1].

Bad filter values raise :class:`~kg.errors.QueryError` (400 in :mod:`kg.serve.app`), never
FastAPI's 422, so every caller error of the server has the same status; an unknown format is
404 (the resource does not exist). The export runs in the server's thread pool: it is one
SPARQL query and a serialisation, too long to hold the event loop.

``/export`` lists the formats as JSON, with the URL of each.
"""

from __future__ import annotations

import asyncio
from datetime import date

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from kg.errors import QueryError
from kg.export import FORMATS, Filters, export
from kg.serve.state import server_state

router = APIRouter()

#: The file name stem of each format's download; the extension comes from :data:`FORMATS`.
FILE_STEMS: dict[str, str] = {
    "graphml": "kg-blame-network",
    "gexf": "kg-blame-network",
    "cytoscape": "kg-blame-network",
    "csv-nodes": "kg-blame-nodes",
    "csv-edges": "kg-blame-edges",
    "full-graphml": "kg-full-graph",
}
#: The query parameters :func:`filters_from_request` reads.
FILTER_PARAMETERS = ("from", "to", "kind", "actor", "min_confidence")


def filters_from_request(request: Request) -> Filters:
    """The :class:`Filters` of the request's query string; :class:`QueryError` for bad values.

    Empty values count as absent (an HTML form submits empty fields). Parameters the exports do
    not know are an error too: a misspelt filter must not silently export everything.
    """
    params = request.query_params
    unknown = sorted(set(params) - set(FILTER_PARAMETERS))
    if unknown:
        raise QueryError("unknown query parameter", parameters=", ".join(unknown),
                         known=", ".join(FILTER_PARAMETERS))
    for single in ("from", "to", "actor", "min_confidence"):
        if len(params.getlist(single)) > 1:
            raise QueryError("query parameter given more than once", parameter=single)
    return Filters(
        date_from=_date(params.get("from"), "from"),
        date_to=_date(params.get("to"), "to"),
        kinds=tuple(k for k in params.getlist("kind") if k),
        actor=params.get("actor") or None,
        min_confidence=_number(params.get("min_confidence"), "min_confidence"),
    )


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError("not a date (YYYY-MM-DD)", parameter=name, value=value) from None


def _number(value: str | None, name: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise QueryError("not a number", parameter=name, value=value) from None


@router.get("/export")
def formats(request: Request) -> JSONResponse:
    """The export formats: name, media type, file extension and URL (relative to the server)."""
    return JSONResponse({"formats": [
        {"name": f.name, "media_type": f.media_type, "extension": f.extension,
         "url": f"export/{f.name}", "filters": f.name != "full-graphml"}
        for f in FORMATS.values()
    ], "parameters": list(FILTER_PARAMETERS)})


@router.get("/export/{name}", response_class=Response, responses={
    200: {"description": "The export, as a download.",
          "content": {t: {} for t in sorted({f.media_type for f in FORMATS.values()})}},
    400: {"description": "A malformed filter parameter."},
    404: {"description": "No such export format."}})
async def download(name: str, request: Request) -> Response:
    """One export as a download (see the module docstring for the parameters)."""
    chosen = FORMATS.get(name)
    if chosen is None:
        raise HTTPException(404, f"no export format {name!r}; known: {', '.join(FORMATS)}")
    filters = filters_from_request(request)
    state = server_state(request)
    store = state.store.get()
    body = await asyncio.get_running_loop().run_in_executor(
        state.executor, export, store, name, filters)
    filename = FILE_STEMS.get(name, f"kg-{name}") + chosen.extension
    return Response(body, media_type=chosen.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
