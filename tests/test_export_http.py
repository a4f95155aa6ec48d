"""Stage 6, the exports over HTTP (kg.serve.export_routes) against the seed store: every format
downloads with its media type and file name and parses with a reader of that format; the filters
narrow what is exported exactly as :func:`kg.export.read_network` does; bad input is 400, an
unknown format 404."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest

from kg.export import FORMATS, Filters, Network, read_network
from kg.serve.export_routes import FILE_STEMS


def _graphml(body: bytes) -> tuple[int, int]:
    graph = nx.read_graphml(io.BytesIO(body))
    return graph.number_of_nodes(), graph.number_of_edges()


def _gexf(body: bytes) -> tuple[int, int]:
    graph = nx.read_gexf(io.BytesIO(body))
    return graph.number_of_nodes(), graph.number_of_edges()


def _cytoscape(body: bytes) -> tuple[int, int]:
    elements = json.loads(body)["elements"]
    return len(elements["nodes"]), len(elements["edges"])


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


#: format → (media type, file name, (nodes, edges) read back from the body; None = not counted).
CASES: dict[str, tuple[str, str, Callable[[bytes], tuple[int | None, int | None]]]] = {
    "graphml": ("application/graphml+xml", "kg-blame-network.graphml", _graphml),
    "gexf": ("application/gexf+xml", "kg-blame-network.gexf", _gexf),
    "cytoscape": ("application/json", "kg-blame-network.cyjs", _cytoscape),
    "csv-nodes": ("text/csv; charset=utf-8", "kg-blame-nodes.csv", lambda b: (len(_csv_rows(b)), None)),
    "csv-edges": ("text/csv; charset=utf-8", "kg-blame-edges.csv", lambda b: (None, len(_csv_rows(b)))),
}


def test_the_cases_cover_every_format() -> None:
    assert set(CASES) | {"full-graphml"} == set(FORMATS) == set(FILE_STEMS)
    assert len(CASES) == 5


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_network_format_downloads_and_parses(seed_client: httpx.Client, seed_network: Network,
                                                  name: str) -> None:
    media_type, filename, read = CASES[name]
    response = seed_client.get(f"/export/{name}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    nodes, edges = read(response.content)
    assert nodes in (None, len(seed_network.nodes))
    assert edges in (None, len(seed_network.edges))
    assert len(seed_network.edges) >= 20  # the seed graph has a real network to export


def test_full_graph_downloads_and_parses(seed_client: httpx.Client, seed_store: ox.Store) -> None:
    response = seed_client.get("/export/full-graphml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphml+xml"
    assert response.headers["content-disposition"] == 'attachment; filename="kg-full-graph.graphml"'
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_edges() > 500
    assert "https://w3id.org/kg/actor/state-am" in graph
    assert graph.nodes["https://w3id.org/kg/actor/state-am"]["rdfs:label@ar"] == "أرمينيا"


def _edge_ids(seed_client: httpx.Client, params: list[tuple[str, str]]) -> set[str]:
    response = seed_client.get("/export/csv-edges", params=params)
    assert response.status_code == 200, response.text
    return {row["id"] for row in _csv_rows(response.content)}


FILTER_CASES: list[tuple[list[tuple[str, str]], Filters]] = [
    ([("from", "2022-09-13")], Filters(date_from=date(2022, 9, 13))),
    ([("to", "2022-09-13")], Filters(date_to=date(2022, 9, 13))),
    (
        [("from", "2022-09-13"), ("to", "2022-09-14")],
        Filters(date_from=date(2022, 9, 13), date_to=date(2022, 9, 14)),
    ),
    ([("kind", "condemn")], Filters(kinds=("condemn",))),
    ([("kind", "condemn"), ("kind", "deny")], Filters(kinds=("condemn", "deny"))),
    ([("actor", "https://w3id.org/kg/actor/state-az")], Filters(actor="https://w3id.org/kg/actor/state-az")),
    ([("min_confidence", "0.8")], Filters(min_confidence=0.8)),
    (
        [("kind", "accuse"), ("min_confidence", "0.7"), ("to", "2022-09-13"), ("from", "")],
        Filters(kinds=("accuse",), min_confidence=0.7, date_to=date(2022, 9, 13)),
    ),
]


@pytest.mark.parametrize(("params", "filters"), FILTER_CASES, ids=lambda v: repr(v)[:60])
def test_filters_narrow_the_export_as_read_network_does(
    seed_client: httpx.Client, seed_store: ox.Store, seed_network: Network,
    params: list[tuple[str, str]], filters: Filters,
) -> None:
    expected = {e.id for e in read_network(seed_store, filters).edges}
    assert 0 < len(expected) < len(seed_network.edges), "a filter case that selects nothing tests nothing"
    assert _edge_ids(seed_client, params) == expected


def test_filters_apply_to_every_network_format(seed_client: httpx.Client, seed_store: ox.Store) -> None:
    filtered = read_network(seed_store, Filters(kinds=("condemn",)))
    body = seed_client.get("/export/graphml", params={"kind": "condemn"}).content
    assert _graphml(body) == (len(filtered.nodes), len(filtered.edges))
    body = seed_client.get("/export/gexf", params={"kind": "condemn"}).content
    assert _gexf(body) == (len(filtered.nodes), len(filtered.edges))


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("csv-edges", {"from": "13/09/2022"}, "not a date"),
    ("csv-edges", {"from": "2022-09-14", "to": "2022-09-13"}, "the date range is empty"),
    ("graphml", {"kind": "praise"}, "unknown statement kind"),
    ("gexf", {"actor": "not an iri"}, "actor is not an absolute IRI"),
    ("cytoscape", {"min_confidence": "high"}, "not a number"),
    ("cytoscape", {"min_confidence": "1.5"}, "minimum confidence must be within [0, 1]"),
    ("csv-nodes", {"knd": "accuse"}, "unknown query parameter"),
    ("csv-nodes", {"from": ["2022-09-12", "2022-09-13"]}, "query parameter given more than once"),
    ("full-graphml", {"kind": "accuse"}, "the full graph export takes no filters"),
]


@pytest.mark.parametrize(("name", "params", "message"), BAD, ids=[b[2] for b in BAD])
def test_bad_filters_are_400_with_the_reason(
    seed_client: httpx.Client, name: str, params: dict[str, Any], message: str
) -> None:
    response = seed_client.get(f"/export/{name}", params=params)
    assert response.status_code == 400
    assert message in response.text


def test_unknown_format_is_404(seed_client: httpx.Client) -> None:
    response = seed_client.get("/export/pdf")
    assert response.status_code == 404
    assert "graphml" in response.json()["detail"]


def test_export_index_lists_the_formats(seed_client: httpx.Client) -> None:
    index = seed_client.get("/export").json()
    assert [f["name"] for f in index["formats"]] == list(FORMATS)
    for entry in index["formats"]:
        assert entry["media_type"] == FORMATS[entry["name"]].media_type
        assert seed_client.get("/" + entry["url"]).status_code == 200
