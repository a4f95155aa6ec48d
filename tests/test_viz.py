"""Stage 6, the /viz pages (kg.serve.viz): the JSON they draw from, checked against the store
(:func:`kg.export.read_network` and SPARQL counts), the pages as sent, then the pages driven in
headless Debian chromium (tests/browser/viz_pages.cjs, playwright-core) against the seed store.

The browser test fails, never skips, when chromium or node_modules are missing: `.ci/run`
installs both (apt package ``chromium``, ``npm ci``). It saves screenshots under test-artifacts/
and copies the blame network to docs/screenshots/blame-network.png (the README's picture).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.export import Filters, Network, read_network
from kg.export.network import query_merge
from kg.serve import create_app
from kg.serve.ui import CSP
from kg.serve.viz import CYTOSCAPE_JS, OTHERS, replies
from kg.settings import Settings
from kg.vocab import sparql_prologue

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "browser" / "viz_pages.cjs"
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "blame-network.png"
CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://w3id.org/kg/"
VIEWS = ("blame", "timeline", "places")


def _count(seed_store: ox.Store, where: str) -> int:
    rows = list(
        query_merge(seed_store, sparql_prologue() + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    )
    return int(rows[0]["n"].value)


# --- JSON -------------------------------------------------------------------------------------


def test_blame_json_is_the_network_grouped_by_pair_and_kind(seed_client: httpx.Client,
                                                            seed_network: Network) -> None:
    data = seed_client.get("/viz/blame.json").json()
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == {n.iri for n in seed_network.nodes}
    statements = [s for e in edges for s in e["data"]["statements"]]
    assert sorted(s["id"] for s in statements) == sorted(e.id for e in seed_network.edges)
    assert sum(e["data"]["count"] for e in edges) == len(seed_network.edges) == data["summary"]["statements"]
    assert data["summary"]["articles"] == len({e.article for e in seed_network.edges if e.article}) >= 5
    assert data["summary"]["undated"] == sum(1 for e in seed_network.edges if e.date is None)
    groups = Counter((e.source, e.target, e.kind) for e in seed_network.edges)
    pairs = Counter((e.source, e.target) for e in seed_network.edges)
    assert len(edges) == len(groups)
    for edge in edges:
        d = edge["data"]
        assert d["count"] == groups[(d["source"], d["target"], d["kind"])] == len(d["statements"])
        assert d["pair_count"] == pairs[(d["source"], d["target"])]
        for s in d["statements"]:
            assert (s["speaker"], s["target"], s["kind"]) == (d["source"], d["target"], d["kind"])
            assert s["path"] == "/" + s["iri"].removeprefix(BASE) and s["path"].startswith("/statement/")
            assert s["article_path"] is None or re.fullmatch(r"/article/[^/]+", s["article_path"])
    by_id = {n["data"]["id"]: n["data"] for n in nodes}
    assert by_id[BASE + "actor/state-am"]["group"] == "AM"
    assert by_id[BASE + "actor/state-am"]["label_ar"] == "أرمينيا"
    assert by_id[BASE + "actor/intl-eu"]["group"] == "InternationalOrganization"  # no state: by type
    assert any(s["evidence"] and re.search("[\u0600-\u06ff]", s["evidence"]) for s in statements)


def test_blame_json_takes_the_export_filters(seed_client: httpx.Client, seed_store: ox.Store) -> None:
    filters = Filters(kinds=("condemn",), date_from=date(2022, 9, 13))
    data = seed_client.get("/viz/blame.json", params={"kind": "condemn", "from": "2022-09-13"}).json()
    expected = read_network(seed_store, filters)
    assert data["summary"]["statements"] == len(expected.edges) > 0
    assert len(data["elements"]["nodes"]) == len(expected.nodes)
    assert seed_client.get("/viz/blame.json", params={"kind": "praise"}).status_code == 400


def test_timeline_json_lanes_replies_and_events(
    seed_client: httpx.Client, seed_store: ox.Store, seed_network: Network
) -> None:
    data = seed_client.get("/viz/timeline.json").json()
    assert [lane["id"] for lane in data["lanes"]] == ["AM", "AZ", OTHERS]
    statements = data["statements"]
    assert [s["id"] for s in statements] == [e.id for e in seed_network.edges]  # date order, undated last
    countries = {n.iri: n.country for n in seed_network.nodes}
    for s in statements:
        assert s["lane"] == (countries[s["speaker"]] if countries[s["speaker"]] in ("AM", "AZ") else OTHERS)
    assert {s["lane"] for s in statements} == {"AM", "AZ", OTHERS}
    by_id = {s["id"]: s for s in statements}
    assert data["replies"], "the seed graph has accusations answered from the other side"
    for link in data["replies"]:
        first, answer = by_id[link["from"]], by_id[link["to"]]
        assert {first["lane"], answer["lane"]} == {"AM", "AZ"}
        assert (answer["lane"], answer["target_lane"]) == (first["target_lane"], first["lane"])
        assert first["date"] <= answer["date"]
    assert len(data["events"]) == data["summary"]["events"] == _count(seed_store, "?x a kg:Event")
    assert data["summary"]["undated_events"] == sum(1 for e in data["events"] if e["date"] is None)
    assert data["summary"]["first_date"] == min(e.date for e in seed_network.edges if e.date).isoformat()
    assert all(e["type"] != "Event" for e in data["events"] if e["date"])  # the specific class


def test_replies_join_each_accusation_to_the_next_one_back() -> None:
    def s(i: str, day: int | None, lane: str, target: str) -> dict[str, object]:
        return {"id": i, "date": f"2022-09-{day:02d}" if day else None, "lane": lane, "target_lane": target}

    statements = [
        s("a", 12, "AM", "AZ"),
        s("b", 12, "AM", "AZ"),
        s("x", 12, OTHERS, "AZ"),
        s("c", 13, "AZ", "AM"),
        s("d", 14, "AM", "AM"),
        s("e", 15, "AM", "AZ"),
        s("u", None, "AZ", "AM"),
    ]
    assert replies(statements) == [
        {"from": "a", "to": "c"},
        {"from": "b", "to": "c"},
        {"from": "c", "to": "e"},
    ]


def test_places_json_plots_the_gazetteer_places_with_their_events(
    seed_client: httpx.Client, seed_store: ox.Store
) -> None:
    data = seed_client.get("/viz/places.json").json()
    places = data["places"]
    plotted = _count(seed_store, "?x geo:lat ?lat ; geo:long ?lon")
    assert len(places) == data["summary"]["places"] == plotted >= 10
    assert data["source"] == "data/gazetteer/places.json"
    box = data["bbox"]
    assert all(
        box["south"] <= p["lat"] <= box["north"] and box["west"] <= p["lon"] <= box["east"] for p in places
    )
    assert all(p["label_en"] and p["label_ar"] for p in places)
    placed = _count(seed_store, "?x sem:hasPlace ?p . ?p geo:lat ?lat")
    assert sum(p["events"] for p in places) == data["summary"]["events_placed"] == placed > 0
    assert all(sum(p["types"].values()) == p["events"] for p in places)
    goris = next(p for p in places if p["iri"] == BASE + "place/goris")
    assert (goris["lat"], goris["lon"], goris["label_ar"]) == (39.507, 46.339, "غوريس")
    assert goris["within"] == BASE + "place/syunik" and goris["path"] == "/place/goris"


# --- pages as sent ----------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_pages_link_each_other_under_a_strict_csp(seed_client: httpx.Client, view: str) -> None:
    response = seed_client.get(f"/viz/{view}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    html = response.text
    assert '<html lang="en" dir="ltr">' in html
    assert (
        re.search(r"<script(?![^>]*\ssrc=)", html) is None and " on" + "click=" not in html
    )  # no inline script
    assert 'href="../"' in html  # the query page
    for other in VIEWS:
        assert f'href="../viz/{other}"' in html
    assert f'<script src="../viz/static/{view}.js" defer></script>' in html
    assert 'src="http' not in html and 'href="http' not in html  # nothing from another host
    if view != "places":
        assert re.search(r"\d+ blame statements from \d+ articles", html)


def test_places_page_names_its_coordinates_and_uses_no_tiles(seed_client: httpx.Client) -> None:
    html = seed_client.get("/viz/places").text
    assert "data/gazetteer/places.json" in html and "hand-entered, approximate coordinates" in html
    assert "No map tiles" in html


def test_assets_are_served_and_nothing_else(seed_client: httpx.Client) -> None:
    for path, media_type in (
        ("/viz/assets/cytoscape.min.js", "text/javascript"),
        ("/viz/static/blame.js", "text/javascript"),
        ("/viz/static/viz.css", "text/css"),
    ):
        response = seed_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(media_type), path
    for path in (
        "/viz/static/../viz.py",
        "/viz/static/..%2Fviz.py",
        "/viz/assets/cytoscape.js",
        "/viz/static/README",
    ):
        assert seed_client.get(path).status_code == 404, path
    assert seed_client.get("/viz").status_code == 200


def test_without_node_modules_the_blame_page_says_why(
    seed_settings: Settings, seed_build, tmp_path: Path
) -> None:
    from conftest import LiveServer, free_port

    settings = seed_settings.with_(root=tmp_path)
    with (
        LiveServer(create_app(settings), free_port()) as server,
        httpx.Client(base_url=server.url, timeout=30) as c,
    ):
        html = c.get("/viz/blame").text
        assert 'id="cytoscape-missing"' in html and "npm ci" in html
        assert str(tmp_path / CYTOSCAPE_JS) in html and 'cytoscape.min.js" defer' not in html
        assert c.get("/viz/assets/cytoscape.min.js").status_code == 404
        assert c.get("/viz/blame.json").status_code == 200


# --- in the browser ---------------------------------------------------------------------------


def run_pages(server_url: str) -> dict:
    missing = [
        what
        for what, ok in (
            (f"Debian chromium at {CHROMIUM} (apt-get install chromium)", CHROMIUM.is_file()),
            ("node (the machine's Node.js)", shutil.which("node") is not None),
            ("node_modules/playwright-core (npm ci)", (ROOT / "node_modules" / "playwright-core").is_dir()),
            (f"{CYTOSCAPE_JS} (npm ci)", (ROOT / CYTOSCAPE_JS).is_file()),
        )
        if not ok
    ]
    if missing:
        pytest.fail("the browser test needs: " + "; ".join(missing))
    ARTIFACTS.mkdir(exist_ok=True)
    for name in [f"viz-{view}.png" for view in VIEWS] + ["viz-blame-network.png"]:
        (ARTIFACTS / name).unlink(missing_ok=True)
    done = subprocess.run(
        ["node", str(SCRIPT), server_url, str(ARTIFACTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        pytest.fail(f"{SCRIPT.name} printed nothing (exit {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    if "error" in report:
        pytest.fail(f"{SCRIPT.name} failed: {report['error']}\n{done.stderr[-2000:]}")
    (ARTIFACTS / "viz-pages.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return report


@pytest.fixture(scope="module")
def browser_report(seed_server) -> dict:
    return run_pages(seed_server.url)


@pytest.mark.parametrize("view", VIEWS)
def test_page_draws_the_seed_graph_in_chromium(browser_report: dict, view: str) -> None:
    page = browser_report["pages"][view]
    assert page["status"] == 200 and page["csp"] == CSP and page["lang"] == "en"
    assert page["data"]["ready"] == "yes", page["error"]
    assert page["pageErrors"] == [] and page["consoleErrors"] == [], (
        page["pageErrors"],
        page["consoleErrors"],
    )
    assert page["cspViolations"] == []
    assert Path(page["screenshot"]).stat().st_size > 20_000


def test_blame_network_draws_every_actor_and_edge(browser_report: dict, seed_network: Network) -> None:
    data = browser_report["pages"]["blame"]["data"]
    assert int(data["nodes"]) == len(seed_network.nodes) > 0
    assert 0 < int(data["edges"]) <= len(seed_network.edges)
    assert int(data["shownStatements"]) == len(seed_network.edges)
    text = browser_report["pages"]["blame"]["text"]
    articles = len({e.article for e in seed_network.edges if e.article})
    assert f"{len(seed_network.edges)} blame statements from {articles} articles" in text


def test_clicking_an_edge_shows_its_statements_with_arabic_evidence(browser_report: dict) -> None:
    page = browser_report["pages"]["blame"]
    panel = page["panel"]
    assert panel["statements"] == page["clicked"]["count"] > 0
    assert panel["heading"] == f"{page['clicked']['source']} → {page['clicked']['target']}"
    assert all(e["dir"] == "rtl" and e["lang"] == "ar" for e in panel["evidence"])
    assert all(re.search("[\u0600-\u06ff]{3}", e["text"]) for e in panel["evidence"])
    for marked in (m for e in panel["evidence"] for m in e["marked"]):
        assert re.search("[\u0600-\u06ff]", marked)
    assert any(re.fullmatch(r"\.\./article/[^/]+", h) for h in panel["links"])
    assert any(re.fullmatch(r"\.\./statement/[^/]+", h) for h in panel["links"])


def test_the_date_slider_filters_edges(browser_report: dict, seed_network: Network) -> None:
    after = browser_report["pages"]["blame"]["afterSlider"]
    first = min(e.date for e in seed_network.edges if e.date)
    assert after["shown"] == sum(1 for e in seed_network.edges if e.date == first) > 0
    assert 0 < after["visibleEdges"] < int(browser_report["pages"]["blame"]["data"]["edges"])
    assert f"Showing {after['shown']} of {len(seed_network.edges)} statements" in after["text"]


def test_timeline_and_places_draw_points(browser_report: dict, seed_network: Network) -> None:
    timeline = browser_report["pages"]["timeline"]
    assert int(timeline["data"]["statements"]) == sum(1 for e in seed_network.edges if e.date) > 0
    assert int(timeline["data"]["events"]) > 0 and int(timeline["data"]["replies"]) > 0
    assert re.search("[\u0600-\u06ff]", timeline["panelEvidence"] or "")
    places = browser_report["pages"]["places"]
    assert int(places["data"]["points"]) >= 10 and int(places["data"]["withEvents"]) > 0
    assert (
        places["labelsAr"] >= int(places["data"]["withEvents"]) and places["labelsEn"] == places["labelsAr"]
    )


def test_no_request_leaves_the_server(browser_report: dict, seed_server) -> None:
    external = [
        u for u in browser_report["requests"] if not u.startswith((seed_server.url + "/", "data:", "blob:"))
    ]
    assert not external, f"requests that left the server: {external}"
    for json_url in (
        "/viz/blame.json",
        "/viz/timeline.json",
        "/viz/places.json",
        "/viz/assets/cytoscape.min.js",
    ):
        assert seed_server.url + json_url in browser_report["requests"]


def test_blame_screenshot_is_copied_for_the_readme(browser_report: dict) -> None:
    shot = Path(browser_report["pages"]["blame"]["drawing"])
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, README_SCREENSHOT)
    assert 20_000 < README_SCREENSHOT.stat().st_size < 300_000
