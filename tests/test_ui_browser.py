"""Stage 6, the query page (kg.serve.ui): what the server sends, then the page driven in headless
Debian chromium (tests/browser/run_query.cjs, playwright-core) against the seed store.

The browser test fails, never skips, when chromium or node_modules are missing: `.ci/run`
installs both (apt package ``chromium``, ``npm ci``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.serve import create_app
from kg.serve.ui import CSP, YASGUI_BUILD
from kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "browser" / "run_query.cjs"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
NAMED = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def client(seed_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seed_server.url, timeout=30) as c:
        yield c


def test_page_loads_yasgui_from_this_server_under_a_strict_csp(client: httpx.Client) -> None:
    response = client.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    html = response.text
    assert "Armenia–Azerbaijan" in html and 'href="sparql"' in html
    for src in ('src="assets/yasgui/yasgui.min.js"', 'href="assets/yasgui/yasgui.min.css"',
                'src="static/ui.js"', 'href="static/ui.css"'):
        assert src in html
    assert "<script>" not in html and "onclick" not in html  # no inline script: the CSP holds
    assert 'id="yasgui-missing"' not in html
    for path, media_type in (("/assets/yasgui/yasgui.min.js", "text/javascript"),
                             ("/assets/yasgui/yasgui.min.css", "text/css"),
                             ("/static/ui.js", "text/javascript"), ("/static/ui.css", "text/css")):
        asset = client.get(path)
        assert asset.status_code == 200, path
        assert asset.headers["content-type"].startswith(media_type), path
    for path in ("/assets/yasgui/package.json", "/assets/yasgui/..%2F..%2Fpackage.json",
                 "/static/app.py", "/static/..%2Fapp.py"):
        assert client.get(path).status_code == 404, path


def test_queries_json_lists_the_named_questions(client: httpx.Client) -> None:
    catalogue = client.get("/queries.json").json()
    assert catalogue["default"] == "who-blamed-whom"
    assert [q["name"] for q in catalogue["queries"]] == NAMED
    assert len(NAMED) == 5
    first = next(q for q in catalogue["queries"] if q["name"] == "who-blamed-whom")
    assert first["title"] == "Who blamed whom, and when"
    assert first["description"].startswith("Every blame statement")
    assert "SELECT ?speakerLabel" in first["query"]


def test_without_node_modules_the_page_says_why_and_keeps_a_plain_form(
        seed_settings: Settings, seed_build, tmp_path: Path) -> None:
    from conftest import LiveServer, free_port

    settings = seed_settings.with_(root=tmp_path)  # a project root with no node_modules
    with LiveServer(create_app(settings), free_port()) as server, \
            httpx.Client(base_url=server.url, timeout=30) as c:
        response = c.get("/")
        assert response.status_code == 200
        html = response.text
        assert 'id="yasgui-missing"' in html and "npm ci" in html
        assert str(tmp_path / YASGUI_BUILD / "yasgui.min.js") in html
        assert "assets/yasgui" not in html
        assert '<form method="post" action="sparql">' in html
        assert html.count('format=json"') == 5  # the named questions stay as links
        assert c.get("/assets/yasgui/yasgui.min.js").status_code == 404
        answer = c.post("/sparql", data={"query": "ASK { ?s ?p ?o }", "format": "json"})
        assert answer.status_code == 200 and answer.json()["boolean"] is True


def run_page(url: str, screenshot: Path) -> dict:
    missing = [what for what, ok in (
        (f"Debian chromium at {CHROMIUM} (apt-get install chromium)", CHROMIUM.is_file()),
        ("node (the machine's Node.js)", shutil.which("node") is not None),
        ("node_modules/playwright-core (npm ci)", (ROOT / "node_modules" / "playwright-core").is_dir()),
        (f"{YASGUI_BUILD} (npm ci)", (ROOT / YASGUI_BUILD / "yasgui.min.js").is_file()),
    ) if not ok]
    if missing:
        pytest.fail("the browser test needs: " + "; ".join(missing))
    done = subprocess.run(["node", str(SCRIPT), url, str(screenshot)], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, check=False)
    lines = done.stdout.strip().splitlines()
    if not lines:
        pytest.fail(f"{SCRIPT.name} printed nothing (exit {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    if "error" in report:
        pytest.fail(f"{SCRIPT.name} failed: {report['error']}\n"
                    f"responses: {report.get('responses')}\n{done.stderr[-2000:]}")
    return report


def test_page_runs_who_blamed_whom_in_chromium_offline(seed_server) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "ui-who-blamed-whom.png"
    screenshot.unlink(missing_ok=True)
    report = run_page(seed_server.url + "/", screenshot)
    (ARTIFACTS / "ui-who-blamed-whom.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                        encoding="utf-8")

    assert report["status"] == 200 and report["csp"] == CSP
    assert report["ui"] == "yasgui", report.get("notice")
    assert report["activeTab"] == "Who blamed whom, and when"
    assert len(report["tabs"]) == 5
    assert report["autocompleters"] == ["prefixes", "variables"]
    assert "speakerLabel" in report["headers"] and "targetLabelAr" in report["headers"]
    cells = [cell for row in report["rows"] for cell in row]
    assert len(report["rows"]) >= 5
    assert any("Ministry of Defence of Armenia" in cell for cell in cells), report["rows"][:3]
    assert any("وزارة الدفاع" in cell for cell in cells), report["rows"][:3]  # Arabic labels too

    external = [u for u in report["requests"]
                if not u.startswith((seed_server.url + "/", "data:", "blob:"))]
    assert not external, f"requests that left the server: {external}"
    assert any(u.startswith(seed_server.url + "/sparql") for u in report["requests"])
    assert report["cspViolations"] == [], report["cspViolations"]
    assert report["pageErrors"] == [], report["pageErrors"]
    assert report["consoleErrors"] == [], report["consoleErrors"]
    assert report["localStorageKeys"] == []  # persistence off
    assert report["plainFormHidden"] is True
    assert report["tabAfterOpen"] == "Casualty claims"
    assert screenshot.stat().st_size > 10_000
