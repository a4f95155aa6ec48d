"""Seeing the graph: three pages drawn in the browser from JSON this server computes.

Routes (all paths relative, so the pages also work behind a path prefix):

- ``GET /viz/blame`` + ``/viz/blame.json`` — the blame network (Cytoscape.js, npm ``cytoscape``,
  served from ``node_modules`` under ``Settings.root`` at ``/viz/assets/cytoscape.min.js``).
  Nodes are actors, coloured by state (their ``kg:country``) or, for bodies without one, by
  type; edges join a speaker to a target, one per (speaker, target, kind), coloured by kind,
  wide by the number of statements they carry; each edge lists its statements with the Arabic
  evidence. Built from :func:`kg.export.read_network`, the same reading the exports use, and
  narrowed by the same query parameters (:func:`kg.serve.export_routes.filters_from_request`).
- ``GET /viz/timeline`` + ``/viz/timeline.json`` — statements along time in one lane per side
  (Armenia, Azerbaijan, everyone else) and the events of the graph in a lane of their own;
  a *reply* joins an accusation between the two sides to the next one made in the other
  direction (:func:`replies`).
- ``GET /viz/places`` + ``/viz/places.json`` — the places of the graph by their ``geo:lat`` /
  ``geo:long`` (the project's gazetteer, hand-entered approximate coordinates), sized by their
  events; an equirectangular plot in SVG, no map tiles.
- ``GET /viz/static/{name}`` — the pages' own scripts and style sheet (``static/viz/``).

The pages hold no inline script and load nothing from another host, so they are sent with the
Content-Security-Policy of the query page (:data:`kg.serve.ui.CSP`). Store reads run in the
server's thread pool.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from kg.export import Edge, Filters, Network, Node, read_network
from kg.export.network import query_merge
from kg.serve.export_routes import filters_from_request
from kg.serve.state import ServerState, server_state
from kg.serve.ui import CSP, file_responses, listed_file
from kg.vocab import sparql_prologue

router = APIRouter()

STATIC_DIR = Path(__file__).resolve().parent / "static" / "viz"
_STATIC_FILES = {"viz.css": "text/css", "blame.js": "text/javascript",
                 "timeline.js": "text/javascript", "places.js": "text/javascript",
                 "common.js": "text/javascript"}
log = logging.getLogger(__name__)
#: Where ``npm ci`` puts Cytoscape.js, relative to the project root.
CYTOSCAPE_JS = Path("node_modules", "cytoscape", "dist", "cytoscape.min.js")
GAZETTEER = "data/gazetteer/places.json"

#: The two sides of the conflict by ISO code, in lane order; everyone else shares a third lane.
SIDES: dict[str, tuple[str, str]] = {"AM": ("Armenia", "أرمينيا"), "AZ": ("Azerbaijan", "أذربيجان")}
OTHERS = "other"

T = TypeVar("T")


# --- data -------------------------------------------------------------------------------------


def iri_path(iri: str | None, base: str) -> str | None:
    """The server path of a minted IRI (``{base}article/x`` → ``/article/x``), None for others."""
    if iri is None or not iri.startswith(base):
        return None
    return "/" + iri[len(base):]


def node_group(node: Node) -> str:
    """What colours a node: its state's ISO code, else its type (international bodies…)."""
    return node.country or node.type or "Actor"


def side(node: Node | None) -> str:
    """The lane of an actor: ``AM``, ``AZ`` or :data:`OTHERS`."""
    return node.country if node is not None and node.country in SIDES else OTHERS


def _statement(edge: Edge, nodes: dict[str, Node], base: str) -> dict[str, Any]:
    speaker, target = nodes[edge.source], nodes[edge.target]
    return {
        "id": edge.id, "iri": edge.statement, "path": iri_path(edge.statement, base),
        "kind": edge.kind, "date": edge.date.isoformat() if edge.date else None,
        "date_basis": edge.date_basis, "confidence": edge.confidence,
        "speaker": edge.source, "speaker_en": speaker.label_en, "speaker_ar": speaker.label_ar,
        "target": edge.target, "target_en": target.label_en, "target_ar": target.label_ar,
        "quote": edge.quote, "evidence": edge.evidence,
        "article": edge.article, "article_path": iri_path(edge.article, base),
    }


def _summary(network: Network) -> dict[str, Any]:
    dates = sorted(e.date for e in network.edges if e.date)
    return {
        "statements": len(network.edges),
        "articles": len({e.article for e in network.edges if e.article}),
        "actors": len(network.nodes),
        "undated": sum(1 for e in network.edges if e.date is None),
        "date_min": dates[0].isoformat() if dates else None,
        "date_max": dates[-1].isoformat() if dates else None,
    }


def blame_elements(network: Network, base: str) -> dict[str, Any]:
    """Cytoscape.js elements for ``network``: one edge per (speaker, target, kind) with its
    statements (``data.statements``, in date order) and their number (``data.count``)."""
    nodes = {n.iri: n for n in network.nodes}
    grouped: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    for edge in network.edges:
        grouped[(edge.source, edge.target, edge.kind)].append(edge)
    pair_counts = Counter((e.source, e.target) for e in network.edges)
    edges = [{"data": {
        "id": f"e{i}", "source": source, "target": target, "kind": kind, "count": len(members),
        "pair_count": pair_counts[(source, target)],
        "statements": [_statement(e, nodes, base) for e in members],
    }} for i, ((source, target, kind), members) in enumerate(sorted(grouped.items()))]
    return {
        "summary": _summary(network),
        "elements": {
            "nodes": [{"data": {
                "id": n.iri, "label": n.label_en or n.iri, "label_ar": n.label_ar, "type": n.type,
                "country": n.country, "group": node_group(n), "path": iri_path(n.iri, base),
                "made": n.statements_made, "received": n.statements_received,
            }} for n in network.nodes],
            "edges": edges,
        },
    }


def replies(statements: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Who answered whom: each accusation from one side at the other (``lane`` ≠ ``target_lane``,
    both in :data:`SIDES`) is joined to the next statement, on the same day or later, made in the
    other direction. ``statements`` must be in date order (same-day order: statement IRI);
    undated statements answer nothing."""
    dated = [s for s in statements if s["date"] and s["lane"] in SIDES and s["target_lane"] in SIDES
             and s["lane"] != s["target_lane"]]
    links = []
    for i, first in enumerate(dated):
        answer = next((s for s in dated[i + 1:] if s["lane"] == first["target_lane"]
                       and s["target_lane"] == first["lane"]), None)
        if answer is not None:
            links.append({"from": first["id"], "to": answer["id"]})
    return links


_EVENTS = sparql_prologue() + """
SELECT ?event (MIN(?t) AS ?type) (MIN(?d) AS ?date) (MIN(?b) AS ?basis) (MIN(?p) AS ?place)
       (MIN(?pen) AS ?placeEn) (MIN(?par) AS ?placeAr) (MIN(?a) AS ?article)
       (MIN(?text) AS ?evidence)
WHERE {
  ?event a kg:Event .
  OPTIONAL { ?event a ?t . ?t rdfs:subClassOf+ kg:Event }
  OPTIONAL { ?event kg:eventDate ?ed }
  OPTIONAL { ?event kg:latestDate ?ld }
  BIND(COALESCE(?ed, ?ld) AS ?d)
  OPTIONAL { ?event kg:dateBasis ?b }
  OPTIONAL { ?event sem:hasPlace ?p .
             OPTIONAL { ?p rdfs:label ?pen FILTER(lang(?pen) = "en") }
             OPTIONAL { ?p rdfs:label ?par FILTER(lang(?par) = "ar") } }
  OPTIONAL { ?event prov:wasDerivedFrom ?a }
  OPTIONAL { ?event kg:evidenceText ?text }
}
GROUP BY ?event
ORDER BY ?date ?event
"""


def read_events(store: ox.Store, base: str) -> list[dict[str, Any]]:
    """The events of the graph: most specific type (local name), date (``kg:eventDate``, else
    ``kg:latestDate``), place and article; one row per event (MIN where data repeats)."""
    out = []
    for row in query_merge(store, _EVENTS):
        event = _value(row["event"])
        assert event is not None
        article = _value(row["article"])
        out.append({
            "iri": event, "path": iri_path(event, base), "type": _local(_value(row["type"]) or "Event"),
            "date": _value(row["date"]), "date_basis": _value(row["basis"]),
            "place": _value(row["place"]), "place_en": _value(row["placeEn"]),
            "place_ar": _value(row["placeAr"]), "article": article,
            "article_path": iri_path(article, base), "evidence": _value(row["evidence"]),
        })
    return out


def timeline_json(network: Network, events: list[dict[str, Any]], base: str) -> dict[str, Any]:
    """The document behind ``/viz/timeline``."""
    nodes = {n.iri: n for n in network.nodes}
    statements = [
        _statement(e, nodes, base) | {"lane": side(nodes[e.source]), "target_lane": side(nodes[e.target])}
        for e in network.edges  # already in (date, IRI) order, undated last
    ]
    dated = [s["date"] for s in statements if s["date"]] + [e["date"] for e in events if e["date"]]
    first = min((s["date"] for s in statements if s["date"]), default=None)
    return {
        "summary": _summary(network) | {
            "events": len(events), "undated_events": sum(1 for e in events if not e["date"]),
            "date_min": min(dated, default=None), "date_max": max(dated, default=None),
            "first_date": first,
            "first_lanes": sorted({s["lane"] for s in statements if first and s["date"] == first}),
        },
        "lanes": [{"id": code, "label": en, "label_ar": ar} for code, (en, ar) in SIDES.items()]
        + [{"id": OTHERS, "label": "Others and international bodies", "label_ar": "أطراف أخرى ودولية"}],
        "statements": statements,
        "replies": replies(statements),
        "events": events,
    }


_PLACES = sparql_prologue() + """
SELECT ?place (MIN(?en) AS ?labelEn) (MIN(?ar) AS ?labelAr) (MIN(?la) AS ?lat) (MIN(?lo) AS ?lon)
       (MIN(?parent) AS ?within) (MIN(?iso) AS ?country)
WHERE {
  ?place geo:lat ?la ; geo:long ?lo .
  OPTIONAL { ?place rdfs:label ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?place rdfs:label ?ar FILTER(lang(?ar) = "ar") }
  OPTIONAL { ?place schema:containedInPlace ?parent }
  OPTIONAL { ?place kg:country/kg:isoCode ?iso }
}
GROUP BY ?place
ORDER BY ?place
"""


def places_json(store: ox.Store, events: list[dict[str, Any]], base: str) -> dict[str, Any]:
    """Every place with coordinates, its events (count and count by type) and the bounding box."""
    by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if event["place"]:
            by_place[event["place"]].append(event)
    places = []
    for row in query_merge(store, _PLACES):
        iri = _value(row["place"])
        assert iri is not None
        here = by_place.get(iri, [])
        places.append({
            "iri": iri, "path": iri_path(iri, base), "label_en": _value(row["labelEn"]),
            "label_ar": _value(row["labelAr"]), "lat": float(_value(row["lat"]) or 0),
            "lon": float(_value(row["lon"]) or 0), "within": _value(row["within"]),
            "country": _value(row["country"]), "events": len(here),
            "types": dict(sorted(Counter(e["type"] for e in here).items())),
        })
    located = {p["iri"] for p in places}
    return {
        "summary": {"places": len(places), "places_with_events": sum(1 for p in places if p["events"]),
                    "events": len(events),
                    "events_placed": sum(len(v) for k, v in by_place.items() if k in located),
                    "events_unplaced": sum(1 for e in events if e["place"] not in located)},
        "bbox": _bbox(places),
        "source": GAZETTEER,
        "places": places,
    }


def _bbox(places: list[dict[str, Any]]) -> dict[str, float] | None:
    if not places:
        return None
    lats, lons = [p["lat"] for p in places], [p["lon"] for p in places]
    return {"south": min(lats), "north": max(lats), "west": min(lons), "east": max(lons)}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None or isinstance(term, ox.Triple):
        return None
    return term.value


# --- routes -----------------------------------------------------------------------------------


async def _in_pool(state: ServerState, work: Callable[[ox.Store], T]) -> T:
    store = state.store.get()
    return await asyncio.get_running_loop().run_in_executor(state.executor, work, store)


def _network(filters: Filters) -> Callable[[ox.Store], Network]:
    return lambda store: read_network(store, filters)


@router.get("/viz/blame.json")
async def blame_json(request: Request) -> JSONResponse:
    """The blame network as Cytoscape.js elements; the export filters apply (``from``, ``kind``…)."""
    state = server_state(request)
    network = await _in_pool(state, _network(filters_from_request(request)))
    return JSONResponse(blame_elements(network, state.settings.base_iri))


@router.get("/viz/timeline.json")
async def timeline_json_route(request: Request) -> JSONResponse:
    state = server_state(request)
    base = state.settings.base_iri

    def read(store: ox.Store) -> dict[str, Any]:
        return timeline_json(read_network(store, Filters()), read_events(store, base), base)

    return JSONResponse(await _in_pool(state, read))


@router.get("/viz/places.json")
async def places_json_route(request: Request) -> JSONResponse:
    state = server_state(request)
    base = state.settings.base_iri
    data = await _in_pool(state, lambda store: places_json(store, read_events(store, base), base))
    return JSONResponse(data)


@router.get("/viz/assets/cytoscape.min.js", response_class=Response,
            responses=file_responses(["text/javascript"], "Cytoscape.js is not installed."))
def cytoscape_asset(request: Request) -> FileResponse:
    path = server_state(request).settings.root / CYTOSCAPE_JS
    if not path.is_file():
        # The path goes to the log, not to the client (no file paths in response bodies).
        log.warning("Cytoscape.js is missing: %s (run `npm ci`)", path)
        raise HTTPException(404, "Cytoscape.js is not installed on this server (run `npm ci`)")
    return FileResponse(path, media_type="text/javascript")


@router.get("/viz/static/{name}", response_class=Response,
            responses=file_responses(_STATIC_FILES.values(), "No such file."))
def static_file(name: str) -> FileResponse:
    return listed_file(STATIC_DIR, _STATIC_FILES, name)


@router.get("/viz", response_class=HTMLResponse)
def index() -> HTMLResponse:
    body = ("<p>Three views of the graph, drawn in your browser from this server's data.</p><ul>"
            + "".join(f'<li><a href="viz/{p.slug}">{escape(p.title)}</a>: {escape(p.blurb)}</li>'
                      for p in PAGES) + "</ul>")
    return _page(None, "Seeing the graph", body, scripts=(), prefix="")


@dataclass(frozen=True)
class _Page:
    slug: str
    title: str
    blurb: str


PAGES = (
    _Page("blame", "Blame network", "who blamed whom: actors and their statements, with the Arabic evidence"),
    _Page("timeline", "Timeline", "statements and events along time, one lane per side"),
    _Page("places", "Places", "where the events happened, by the gazetteer's coordinates"),
)


@router.get("/viz/blame", response_class=HTMLResponse)
async def blame_page(request: Request) -> HTMLResponse:
    state = server_state(request)
    network = await _in_pool(state, _network(Filters()))
    summary = _summary(network)
    missing = not (state.settings.root / CYTOSCAPE_JS).is_file()
    notice = (f'<p class="notice" id="cytoscape-missing">The network drawing needs Cytoscape.js: '
              f"{escape(str(state.settings.root / CYTOSCAPE_JS))} is missing. Run <code>npm ci</code> "
              "in the project directory and reload.</p>") if missing else ""
    downloads = " · ".join(f'<a href="../export/{n}">{label}</a>' for n, label in (
        ("graphml", "GraphML"), ("gexf", "GEXF"), ("cytoscape", "Cytoscape JSON"),
        ("csv-nodes", "CSV nodes"), ("csv-edges", "CSV edges")))
    body = (
        f"<p>Who blamed whom in the corpus: each circle is an actor, each arrow runs from the actor "
        f"who spoke to the actor blamed, one arrow per kind of statement (accuse, condemn, …), the "
        f"wider the more statements it carries. Drawn from <strong id=\"count\">{_count(summary)}</strong>"
        f" ({summary['actors']} actors, {summary['undated']} statements undated). Click an arrow "
        f"to read its statements with their Arabic evidence; drag the sliders to keep only the "
        f"statements of a date range.</p>{notice}"
        '<div id="controls"><fieldset><legend>Statement dates</legend>'
        '<label>from <input type="range" id="date-from" min="0" max="0" value="0"></label> '
        '<output id="date-from-value"></output> '
        '<label>to <input type="range" id="date-to" min="0" max="0" value="0"></label> '
        '<output id="date-to-value"></output> '
        '<label><input type="checkbox" id="undated" checked> include undated statements</label>'
        '</fieldset><p id="shown" aria-live="polite"></p></div>'
        '<div id="blame-layout"><div id="cy" role="img" aria-label="blame network"></div>'
        '<aside id="panel" aria-live="polite"><p class="hint">Click an arrow to list its statements, '
        'or an actor to see its name in Arabic and English.</p></aside></div>'
        '<div id="legend"></div>'
        f'<p>Data: <a href="blame.json">blame.json</a> (Cytoscape.js elements). Download the network: '
        f"{downloads}.</p>"
    )
    scripts = () if missing else ("assets/cytoscape.min.js", "static/common.js", "static/blame.js")
    return _page("blame", "Blame network", body, scripts=scripts)


@router.get("/viz/timeline", response_class=HTMLResponse)
async def timeline_page(request: Request) -> HTMLResponse:
    state = server_state(request)
    network = await _in_pool(state, _network(Filters()))
    body = (
        "<p>Blame statements along time, one lane per side: statements by Armenian actors, by "
        "Azerbaijani actors, and by everyone else (other states, international bodies). A point "
        "is a statement placed at its date (the stated date, else the latest date the article "
        "allows); an arc joins an accusation between the two sides to the next accusation made "
        "in the other direction, so the chain shows who spoke first and who answered. Events "
        "(clashes, shelling, ceasefires…) have a lane of their own. Undated statements and events "
        f"are listed below the plot. Drawn from <strong>{_count(_summary(network))}</strong>.</p>"
        '<p id="first"></p><div id="timeline" class="plot"></div><div id="legend"></div>'
        '<aside id="panel" aria-live="polite"><p class="hint">Click a point for its statement.</p></aside>'
        '<section id="undated-list"><h2>Undated</h2></section>'
        '<p>Data: <a href="timeline.json">timeline.json</a>.</p>'
    )
    return _page("timeline", "Timeline", body, scripts=("static/common.js", "static/timeline.js"))


@router.get("/viz/places", response_class=HTMLResponse)
def places_page() -> HTMLResponse:
    body = (
        "<p>The places of the graph, plotted by longitude and latitude (an equirectangular "
        "projection over the bounding box of the places). A circle's area grows with the number "
        "of events (clashes, shelling, ceasefires…) the articles place there; places without "
        "events are small grey dots. Labels are in Arabic and English.</p>"
        f"<p>The coordinates come from the project's gazetteer (<code>{GAZETTEER}</code>): "
        "hand-entered, approximate coordinates, good for a sketch, not for measuring. No map "
        "tiles or other map service are used: there are no borders, rivers or roads here, only "
        "the points.</p>"
        '<p id="places-summary"></p><div id="places" class="plot"></div>'
        '<aside id="panel" aria-live="polite"><p class="hint">Click a place for its events.</p></aside>'
        '<p>Data: <a href="places.json">places.json</a>.</p>'
    )
    return _page("places", "Places", body, scripts=("static/common.js", "static/places.js"))


def _count(summary: dict[str, Any]) -> str:
    n, m = summary["statements"], summary["articles"]
    return (f"{n} blame statement{'' if n == 1 else 's'} from {m} article{'' if m == 1 else 's'}")


def _page(current: str | None, title: str, body: str, scripts: Iterable[str],
          prefix: str = "../") -> HTMLResponse:
    """A page in the common frame: navigation between the views and back to the query page.

    ``prefix`` leads from the page's directory to the server root (pages under ``/viz/``)."""
    nav = [f'<a href="{prefix}">Query the graph (SPARQL)</a>']
    for p in PAGES:
        here = ' aria-current="page"' if p.slug == current else ""
        nav.append(f'<a href="{prefix}viz/{p.slug}"{here}>{escape(p.title)}</a>')
    static = f"{prefix}viz/static/"
    tags = "".join(f'<script src="{escape(s if s.startswith(".") else prefix + "viz/" + s)}" defer></script>'
                   for s in scripts)
    html = (
        '<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>kg: {escape(title)}</title>"
        f'<link rel="icon" href="{prefix}static/favicon.svg">'
        f'<link rel="stylesheet" href="{static}viz.css">{tags}</head>'
        f'<body data-view="{escape(current or "index")}"><header><nav>{" · ".join(nav)}</nav>'
        f"<h1>{escape(title)}</h1></header><main>{body}"
        "<noscript><p class=\"notice\">This drawing needs JavaScript; the data links below work "
        "without it.</p></noscript></main></body></html>"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP})
