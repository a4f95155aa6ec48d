"""Stage 5: a real on-disk pyoxigraph store in tmp_path — build, swap, failure, lock, replace."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import BuildLockedError, StoreError
from kg.settings import Settings
from kg.store import (
    GraphQuads,
    LiveStore,
    StoreLayout,
    derive_build,
    graphs_from_file,
    open_store,
    replace_graph,
    write_store,
)

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
KG = "https://w3id.org/kg/"
GRAPH_A1 = KG + "graph/a1"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
COUNT_STATEMENTS = """
    PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
    SELECT (COUNT(*) AS ?n) WHERE { ?s sem:accordingTo ?who }
"""


def fixture_graphs() -> list[GraphQuads]:
    return [graph for path in sorted(FIXTURES.glob("*.trig")) for graph in graphs_from_file(path)]


def count(store: ox.Store, query: str = COUNT_STATEMENTS) -> int:
    (solution,) = store.query(query)  # the default graph: the merge of the article graphs
    return int(solution["n"].value)


def labels(store: ox.Store, subject: str) -> set[str]:
    query = f"SELECT ?l WHERE {{ <{subject}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    return {s["l"].value for s in store.query(query)}


def one_graph(graph_iri: str, subject: str, label: str) -> GraphQuads:
    quad = ox.Quad(ox.NamedNode(subject), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   ox.Literal(label, language="en"))  # default graph: write_store moves it
    return graph_iri, [quad]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store_dir=tmp_path / "store")


def test_fixture_has_three_article_graphs() -> None:
    graphs = dict(fixture_graphs())
    assert sorted(graphs) == [KG + "graph/a1", KG + "graph/a2", KG + "graph/a3"]


def test_write_store_builds_and_points_current_at_it(settings: Settings) -> None:
    build = write_store(fixture_graphs(), settings)
    layout = StoreLayout(settings.store_dir)
    assert layout.current_link.is_symlink()
    assert layout.live() == build
    assert not os.path.isabs(os.readlink(layout.current_link))  # relative: the dir can move
    store = open_store(settings)
    assert count(store) == 11  # 9 statements + 2 casualty claims
    assert {g.value for g in store.named_graphs()} == {g for g, _ in fixture_graphs()}


def test_the_default_graph_is_the_merge_of_the_article_graphs(settings: Settings) -> None:
    write_store(fixture_graphs(), settings)
    store = open_store(settings)
    triples = {(q.subject, q.predicate, q.object) for _, quads in fixture_graphs() for q in quads}
    merged = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert {(q.subject, q.predicate, q.object) for q in merged} == triples
    assert len(merged) == len(triples)  # a set: Armenia's label is in 3 graphs, here once
    armenia = ox.NamedNode(KG + "actor/state-am")
    assert len(list(store.quads_for_pattern(armenia, RDFS_LABEL, None, None))) == 3 * 2 + 2
    assert labels(store, KG + "actor/state-am") == {"Armenia", "أرمينيا"}
    assert len(list(store.query(f"SELECT ?l WHERE {{ <{armenia.value}> <{RDFS_LABEL.value}> ?l }}"))) == 2


def test_default_graph_quads_go_into_the_article_graph(settings: Settings) -> None:
    write_store([one_graph(GRAPH_A1, KG + "actor/x", "X")], settings)
    graphs = {q.graph_name for q in open_store(settings)}
    assert graphs == {ox.NamedNode(GRAPH_A1), ox.DefaultGraph()}  # the graph and the merge


def test_swap_keeps_the_previous_build_and_prunes_older_ones(settings: Settings) -> None:
    first = write_store([one_graph(GRAPH_A1, KG + "actor/x", "first")], settings)
    second = write_store([one_graph(GRAPH_A1, KG + "actor/x", "second")], settings)
    third = write_store([one_graph(GRAPH_A1, KG + "actor/x", "third")], settings)
    assert len({first, second, third}) == 3
    assert not first.exists()
    assert second.is_dir() and third.is_dir()
    assert sorted(StoreLayout(settings.store_dir).builds_dir.iterdir()) == sorted([second, third])
    assert labels(open_store(settings), KG + "actor/x") == {"third"}


def test_live_store_follows_a_swap(settings: Settings) -> None:
    write_store([one_graph(GRAPH_A1, KG + "actor/x", "before")], settings)
    live = LiveStore(settings)
    old = live.get()
    assert labels(old, KG + "actor/x") == {"before"}
    new_build = write_store([one_graph(GRAPH_A1, KG + "actor/x", "after")], settings)
    assert labels(live.get(), KG + "actor/x") == {"after"}
    assert live.path == new_build
    assert labels(old, KG + "actor/x") == {"before"}  # an open reader keeps its store


def test_a_failing_build_leaves_the_previous_store_live(settings: Settings) -> None:
    good = write_store(fixture_graphs(), settings)

    def failing() -> Iterator[GraphQuads]:
        yield one_graph(GRAPH_A1, KG + "actor/x", "half")
        raise RuntimeError("extraction blew up mid-build")

    with pytest.raises(RuntimeError, match="mid-build"):
        write_store(failing(), settings)
    layout = StoreLayout(settings.store_dir)
    assert layout.live() == good
    assert list(layout.builds_dir.iterdir()) == [good]  # the half-built directory is gone
    store = open_store(settings)
    assert count(store) == 11
    assert labels(store, KG + "actor/x") == set()


@pytest.mark.parametrize(
    ("graphs", "message"),
    [
        ([one_graph(GRAPH_A1, KG + "actor/x", "a"), one_graph(GRAPH_A1, KG + "actor/y", "b")],
         "graph given twice"),
        ([(GRAPH_A1, [ox.Quad(ox.NamedNode(KG + "actor/x"), ox.NamedNode(KG + "p"), ox.Literal("v"),
                              ox.NamedNode(KG + "graph/other"))])],
         "quad names another graph"),
    ],
)
def test_inconsistent_input_is_a_store_error(settings: Settings, graphs: list[GraphQuads],
                                             message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        write_store(graphs, settings)
    assert info.value.context["graph"] == GRAPH_A1
    assert StoreLayout(settings.store_dir).live() is None
    assert list(StoreLayout(settings.store_dir).builds_dir.iterdir()) == []


def test_a_concurrent_build_is_refused(settings: Settings) -> None:
    started, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def slow() -> Iterator[GraphQuads]:
        started.set()
        assert release.wait(10)
        yield one_graph(GRAPH_A1, KG + "actor/x", "slow")

    def build() -> None:
        outcome.append(write_store(slow(), settings))

    thread = threading.Thread(target=build)
    thread.start()
    try:
        assert started.wait(10)
        with pytest.raises(BuildLockedError) as info:
            write_store([one_graph(GRAPH_A1, KG + "actor/x", "fast")], settings)
        assert info.value.context["path"] == StoreLayout(settings.store_dir).lock_path
    finally:
        release.set()
        thread.join(10)
    assert labels(open_store(settings), KG + "actor/x") == {"slow"}
    write_store([one_graph(GRAPH_A1, KG + "actor/x", "next")], settings)  # the lock was released
    assert labels(open_store(settings), KG + "actor/x") == {"next"}


def test_open_store_without_a_build_names_the_path(settings: Settings) -> None:
    with pytest.raises(StoreError, match="no store") as info:
        open_store(settings)
    assert info.value.context["path"] == settings.store_dir


def test_a_dangling_pointer_is_a_store_error(settings: Settings) -> None:
    build = write_store([one_graph(GRAPH_A1, KG + "actor/x", "x")], settings)
    for path in build.iterdir():
        path.unlink()
    build.rmdir()
    with pytest.raises(StoreError, match="missing build"):
        open_store(settings)


def test_read_only_store_refuses_writes(settings: Settings) -> None:
    write_store(fixture_graphs(), settings)
    store = open_store(settings)
    with pytest.raises(RuntimeError):  # pyoxigraph: "Transaction are only possible on read-write…"
        store.update("INSERT DATA { <http://a> <http://a> <http://a> }")


def test_replace_graph_replaces_only_that_article(settings: Settings) -> None:
    write_store(fixture_graphs(), settings)
    store = open_store(settings, read_only=False)
    before = {g: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g))))
              for g, _ in fixture_graphs()}
    replacement = one_graph(GRAPH_A1, KG + "article/a1", "replaced")
    replace_graph(store, *replacement)
    a1 = list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_A1)))
    assert [q.object.value for q in a1] == ["replaced"]
    for graph, n in before.items():
        if graph != GRAPH_A1:
            assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))) == n
    assert count(store) == 11 - 4  # a1's 4 statements went with its graph
    # The merged default graph follows: a1-only triples leave it, shared ones stay.
    assert labels(store, KG + "article/a1") == {"replaced"}
    assert labels(store, KG + "actor/person-nikol-pashinyan") == set()  # only a1 mentioned him
    assert labels(store, KG + "actor/state-am") == {"Armenia", "أرمينيا"}  # a2 and a3 still do


def test_graphs_from_file_refuses_default_graph_data(tmp_path: Path) -> None:
    path = tmp_path / "bad.nq"
    path.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="outside a named graph"):
        graphs_from_file(path)


def test_derive_build_changes_a_copy_and_swaps_it_in(settings: Settings) -> None:
    first = write_store([one_graph(GRAPH_A1, KG + "actor/x", "before")], settings)
    (first / "marker").write_text("left behind", encoding="utf-8")
    reader = LiveStore(settings)
    old = reader.get()

    def relabel(store: ox.Store) -> None:
        replace_graph(store, GRAPH_A1, [one_graph(GRAPH_A1, KG + "actor/x", "after")[1][0]])

    derived = derive_build(settings, relabel, finish=lambda build: (build / "done").touch())
    assert derived != first and StoreLayout(settings.store_dir).live() == derived
    assert labels(open_store(settings), KG + "actor/x") == {"after"}
    assert labels(old, KG + "actor/x") == {"before"}  # the reader of the old build is untouched
    assert labels(ox.Store.read_only(str(first)), KG + "actor/x") == {"before"}
    assert (derived / "done").is_file() and not (derived / "marker").exists()


def test_a_failing_derivation_leaves_the_live_store_as_it_was(settings: Settings) -> None:
    live = write_store([one_graph(GRAPH_A1, KG + "actor/x", "before")], settings)

    def broken(store: ox.Store) -> None:
        store.add(ox.Quad(ox.NamedNode(KG + "actor/y"), RDFS_LABEL, ox.Literal("half")))
        raise ValueError("mutation failed half-way")

    with pytest.raises(ValueError, match="half-way"):
        derive_build(settings, broken)
    layout = StoreLayout(settings.store_dir)
    assert layout.live() == live
    assert sorted(layout.builds_dir.iterdir()) == [live]  # the copy was removed
    assert labels(open_store(settings), KG + "actor/y") == set()


def test_derive_build_needs_a_live_store(settings: Settings) -> None:
    with pytest.raises(StoreError, match="no store has been built"):
        derive_build(settings, lambda store: None)
