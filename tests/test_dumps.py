"""RDF dumps (kg.export.dumps): written by the build beside its store, gzip, complete, atomic,
reproducible, and served at /dumps/ by the real seed server.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.export.dumps import DUMPS, dumps_dir, write_dumps
from kg.settings import Settings
from kg.store import open_store

FORMATS = {"kg.nq.gz": ox.RdfFormat.N_QUADS, "kg.ttl.gz": ox.RdfFormat.TURTLE,
           "kg.jsonld.gz": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def store(seed_settings: Settings, seed_build) -> ox.Store:
    return open_store(seed_settings)


def _parse(path: Path) -> list[ox.Quad]:
    return list(ox.parse(gzip.decompress(path.read_bytes()), format=FORMATS[path.name]))


def test_the_build_writes_every_dump(seed_build) -> None:
    assert len(DUMPS) == 3
    names = sorted(p.name for p in dumps_dir(seed_build.store_path).iterdir())
    assert names == sorted(FORMATS)  # and no partial file left behind


def test_nquads_dump_is_every_named_graph(seed_build, store: ox.Store) -> None:
    named = {q for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    parsed = _parse(dumps_dir(seed_build.store_path) / "kg.nq.gz")
    assert len(parsed) == len(named) > 0
    assert set(parsed) == named
    graphs = {q.graph_name.value for q in parsed}
    assert {"https://w3id.org/kg/knowledge", "https://w3id.org/kg/ontology"} <= graphs
    assert len(graphs) == 5 + 2  # one per seed article, knowledge, ontology


@pytest.mark.parametrize("name", ["kg.ttl.gz", "kg.jsonld.gz"])
def test_graph_dumps_are_the_merged_default_graph(seed_build, store: ox.Store, name: str) -> None:
    merged = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    parsed = {q.triple for q in _parse(dumps_dir(seed_build.store_path) / name)}
    assert parsed == merged and len(merged) > 0


def test_dumps_are_reproducible_and_atomic(tmp_path: Path, store: ox.Store) -> None:
    first = {p.name: p.read_bytes() for p in write_dumps(store, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_dumps(store, tmp_path / "a")}
    assert first == second
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(FORMATS)


def test_an_unwritable_directory_is_a_store_error(tmp_path: Path, store: ox.Store) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError):
        write_dumps(store, blocker)


def test_dumps_are_served(seed_server, seed_build) -> None:
    with httpx.Client(base_url=seed_server.url, timeout=30) as c:
        index = c.get("/dumps/")
        assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
        for name in FORMATS:
            path = dumps_dir(seed_build.store_path) / name
            assert f'href="/dumps/{name}"' in index.text
            assert f"{path.stat().st_size:,} bytes" in index.text
            r = c.get(f"/dumps/{name}")
            assert r.status_code == 200
            assert r.headers["content-type"] == "application/gzip"
            assert "content-encoding" not in r.headers
            assert r.content == path.read_bytes()
        assert c.get("/dumps/kg.nt.gz").status_code == 404
        assert c.get("/dumps/..%2Fcurrent").status_code == 404
