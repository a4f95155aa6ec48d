"""Exports: the blame network from a real on-disk store, read back by networkx, csv, json and —
independently — by graphology under node (tests/export_readback.cjs; needs ``npm ci``)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.export import FORMATS, Filters, Network, export, network_query, read_network, write_export
from kg.export.command import add_arguments, main_export
from kg.graph import ONTOLOGY_GRAPH, ontology_dataset, to_oxigraph_quads
from kg.settings import Settings
from kg.store import graphs_from_file, open_store, write_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "export" / "network.trig"
READBACK = Path(__file__).parent / "export_readback.cjs"
ACTOR = "https://w3id.org/kg/actor/"
AM, AZ, CY, TR = (ACTOR + f"state-{c}" for c in ("am", "az", "cy", "tr"))
MOD_AZ, NP = ACTOR + "ministry-of-defence-az", ACTOR + "person-nikol-pashinyan"
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

#: Every blame edge of the fixture: id → (source, target, kind, date, date basis, confidence).
EDGES = {
    "a1-0000000000s1": (MOD_AZ, AM, "accuse", "2020-09-27", "explicit", 0.9),
    "a1-0000000000s2": (NP, AZ, "condemn", "2020-09-27", "relative", 0.85),
    "a2-0000000000s4": (TR, AM, "describe_as_aggression", "2020-10-02", "explicit", 0.75),
    "a2-0000000000s7": (MOD_AZ, AM, "accuse", "2020-10-03", "explicit", 0.95),
    "a2-0000000000s6": (AM, AZ, "deny", "2020-10-04", "relative", 0.8),
    "a2-0000000000s5": (CY, TR, "hold_responsible", "2020-10-05", "bounded", 0.6),
    "a2-0000000000s8": (AZ, AM, "condemn", None, "unknown", 0.5),
}
#: Every actor: IRI → (English label, Arabic label, type, country, made, received).
NODES = {
    AM: ("Armenia", "أرمينيا", "State", "AM", 1, 4),
    AZ: ("Azerbaijan", "أذربيجان", "State", "AZ", 1, 2),
    CY: ("Cyprus", "قبرص", "State", "CY", 1, 0),
    TR: ("Turkey", "تركيا", "State", "TR", 1, 1),
    MOD_AZ: ("Ministry of Defence of Azerbaijan", "وزارة الدفاع الأذربيجانية", "GovernmentBody", "AZ", 2, 0),
    NP: ("Nikol Pashinyan", "نيكول باشينيان", "Person", "AM", 1, 0),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The fixture and the ontology graph built into an on-disk store, opened read-only."""
    settings = Settings(store_dir=tmp_path_factory.mktemp("export-store"))
    ontology = (str(ONTOLOGY_GRAPH), to_oxigraph_quads(ontology_dataset(ROOT / "ontology" / "kg.ttl")))
    write_store([*graphs_from_file(FIXTURE), ontology], settings)
    return open_store(settings)


@pytest.fixture(scope="module")
def network(store: ox.Store) -> Network:
    return read_network(store)


def ids(network: Network) -> set[str]:
    return {e.id for e in network.edges}


# --- the network model ---------------------------------------------------------------------------

def test_the_network_has_every_blame_edge_in_date_order(network: Network) -> None:
    assert len(EDGES) == 7 and len(NODES) == 6
    assert [e.id for e in network.edges] == list(EDGES)
    for edge in network.edges:
        source, target, kind, when, basis, confidence = EDGES[edge.id]
        assert (edge.source, edge.target, edge.kind, edge.date_basis, edge.confidence) == (
            source, target, kind, basis, confidence)
        assert edge.date == (date.fromisoformat(when) if when else None)
        assert edge.statement == "https://w3id.org/kg/statement/" + edge.id
        assert edge.article == "https://w3id.org/kg/article/" + edge.id[:2]
        assert edge.evidence and edge.evidence.endswith(".")


def test_quote_and_evidence_are_both_kept(network: Network) -> None:
    s1 = next(e for e in network.edges if e.id == "a1-0000000000s1")
    assert s1.quote == "بشن هجوم على طول خط التماس"
    assert s1.evidence == "واتهمت الوزارة أرمينيا بشن هجوم على طول خط التماس."
    assert next(e for e in network.edges if e.id == "a1-0000000000s2").quote is None


def test_nodes_are_counted_once_though_armenia_is_in_two_graphs(network: Network) -> None:
    got = {n.iri: (n.label_en, n.label_ar, n.type, n.country, n.statements_made, n.statements_received)
           for n in network.nodes}
    assert got == NODES
    assert [n.iri for n in network.nodes] == sorted(NODES)


def test_a_store_without_a_merged_default_graph_is_read_through_the_union(network: Network) -> None:
    memory = ox.Store()  # named graphs only: the export falls back to pyoxigraph's union
    memory.bulk_load(path=FIXTURE, format=ox.RdfFormat.TRIG)
    memory.bulk_load(path=ROOT / "ontology" / "kg.ttl", format=ox.RdfFormat.TURTLE,
                     to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    assert not list(memory.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert read_network(memory) == network


def test_colliding_local_names_fall_back_to_the_statement_iri() -> None:
    memory = ox.Store()
    kg, sem = "https://w3id.org/kg/ontology#", "http://semanticweb.cs.vu.nl/2009/11/sem/"
    for base in ("https://a.example/statement/", "https://b.example/statement/"):
        s = ox.NamedNode(base + "same")
        memory.extend([ox.Quad(s, ox.NamedNode(kg + "kind"), ox.NamedNode(kg + "deny")),
                       ox.Quad(s, ox.NamedNode(sem + "accordingTo"), ox.NamedNode(AM)),
                       ox.Quad(s, ox.NamedNode(kg + "target"), ox.NamedNode(AZ))])
    got = read_network(memory, Filters(kinds=("deny",)))
    assert sorted(e.id for e in got.edges) == ["https://a.example/statement/same",
                                              "https://b.example/statement/same"]
    assert [(n.iri, n.label_en, n.statements_made) for n in got.nodes] == [(AM, None, 2), (AZ, None, 0)]


def test_the_seed_store_exports_a_consistent_network(seed_settings: Settings, seed_build) -> None:
    store = open_store(seed_settings)
    network = read_network(store)
    assert len(network.edges) > 10
    assert len({e.id for e in network.edges}) == len(network.edges)
    nodes = {n.iri: n for n in network.nodes}
    assert all(e.source in nodes and e.target in nodes for e in network.edges)
    assert all(n.label_en and n.label_ar and n.type for n in network.nodes)
    assert {e.kind for e in network.edges} <= {"accuse", "condemn", "hold_responsible",
                                               "describe_as_aggression", "call_to_stop", "deny"}
    assert sum(n.statements_received for n in network.nodes) == len(network.edges)


FILTER_CASES = [
    (Filters(), set(EDGES)),
    (Filters(date_from=date(2020, 10, 1), date_to=date(2020, 10, 4)),
     {"a2-0000000000s4", "a2-0000000000s7", "a2-0000000000s6"}),  # s6 by its latest date
    (Filters(date_from=date(2020, 9, 27), date_to=date(2020, 9, 27)),
     {"a1-0000000000s1", "a1-0000000000s2"}),  # inclusive bounds
    (Filters(date_from=date(2020, 10, 5)), {"a2-0000000000s5"}),  # bounded: latest date only
    (Filters(date_to=date(2020, 9, 27)), {"a1-0000000000s1", "a1-0000000000s2"}),
    (Filters(kinds=("accuse",)), {"a1-0000000000s1", "a2-0000000000s7"}),
    (Filters(kinds=("deny", "hold_responsible")), {"a2-0000000000s6", "a2-0000000000s5"}),
    (Filters(kinds=("call_for_restraint",)), set()),  # s3 has no target: no edge
    (Filters(actor=TR), {"a2-0000000000s4", "a2-0000000000s5"}),  # speaker or target
    (Filters(actor=NP), {"a1-0000000000s2"}),
    (Filters(actor=ACTOR + "nobody"), set()),
    (Filters(min_confidence=0.8),
     {"a1-0000000000s1", "a1-0000000000s2", "a2-0000000000s6", "a2-0000000000s7"}),  # ≥, inclusive
    (Filters(min_confidence=0.0), set(EDGES)),
    (Filters(kinds=("accuse",), date_from=date(2020, 10, 1), actor=AM, min_confidence=0.9),
     {"a2-0000000000s7"}),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
def test_filters_select_exactly_the_expected_edges(store: ox.Store, filters: Filters,
                                                   expected: set[str]) -> None:
    network = read_network(store, filters)
    assert ids(network) == expected
    touched = {e.source for e in network.edges} | {e.target for e in network.edges}
    assert {n.iri for n in network.nodes} == touched
    assert sum(n.statements_made for n in network.nodes) == len(expected)


def test_filter_case_count() -> None:
    assert len(FILTER_CASES) == 14


def test_filters_are_applied_in_sparql() -> None:
    query = network_query(Filters(date_from=date(2020, 1, 1), kinds=("deny",), actor=AM, min_confidence=0.5))
    assert 'FILTER(?date >= "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>)' in query
    assert "VALUES ?kind { <https://w3id.org/kg/ontology#deny> }" in query
    assert f"?speaker = <{AM}> || ?target = <{AM}>" in query
    assert 'FILTER(?confidence >= "0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>)' in query
    assert "skos:broader kg:blame" in network_query(Filters())


@pytest.mark.parametrize("make", [
    lambda: Filters(kinds=("blame_everyone",)),
    lambda: Filters(date_from=date(2020, 10, 2), date_to=date(2020, 10, 1)),
    lambda: Filters(min_confidence=1.5),
    lambda: Filters(actor="not an iri> } DROP ALL {"),
])
def test_bad_filters_are_query_errors(make) -> None:
    with pytest.raises(QueryError):
        make()


def test_unknown_format_and_filtered_full_graph_are_query_errors(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="unknown export format"):
        export(store, "dot")
    with pytest.raises(QueryError, match="no filters"):
        export(store, "full-graphml", Filters(actor=AM))


# --- the writers, read back -------------------------------------------------------------------------

def check_network_graph(graph: nx.MultiDiGraph) -> None:
    """A GraphML/GEXF read back by networkx holds the fixture's nodes, edges and attributes."""
    assert graph.is_directed() and graph.is_multigraph()
    assert {k for _, _, k in graph.edges(keys=True)} == set(EDGES)
    for iri, (en, ar, kind, country, made, received) in NODES.items():
        attrs = graph.nodes[iri]
        assert (attrs["label"], attrs["label_ar"], attrs["type"], attrs["country"]) == (en, ar, kind, country)
        assert (attrs["statements_made"], attrs["statements_received"]) == (made, received)
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        want_source, want_target, kind, when, basis, confidence = EDGES[key]
        assert (source, target, attrs["kind"], attrs["date_basis"]) == (want_source, want_target, kind, basis)
        assert attrs.get("date") == when
        assert attrs["confidence"] == pytest.approx(confidence)
    assert graph.edges[MOD_AZ, AM, "a1-0000000000s1"]["quote"] == "بشن هجوم على طول خط التماس"


def test_graphml_reads_back_with_networkx(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "blame.graphml"
    write_export(store, "graphml", path)
    check_network_graph(nx.read_graphml(path, force_multigraph=True))
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    assert root.get(f"{{{XSI}}}schemaLocation") == (
        f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
    key_ids = [k.get("id") for k in root.iter(f"{{{GRAPHML_NS}}}key")]
    edge_ids = [e.get("id") for e in root.iter(f"{{{GRAPHML_NS}}}edge")]
    assert len(key_ids) == len(set(key_ids)) and sorted(edge_ids) == sorted(EDGES)


def test_gexf_reads_back_with_networkx_and_declares_gexf_1_3(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "blame.gexf"
    write_export(store, "gexf", path)
    check_network_graph(nx.read_gexf(path))
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.get(f"{{{XSI}}}schemaLocation") == f"{GEXF_NS} http://gexf.net/1.3/gexf.xsd"
    (graph,) = root.iter(f"{{{GEXF_NS}}}graph")
    assert "name" not in graph.attrib and graph.get("timeformat") == "date"
    edges = {e.get("id"): e for e in root.iter(f"{{{GEXF_NS}}}edge")}
    assert sorted(edges) == sorted(EDGES)
    assert edges["a2-0000000000s6"].get("start") == "2020-10-04"
    assert edges["a2-0000000000s8"].get("start") is None  # undated: present all along
    titles = [a.get("title") for a in root.iter(f"{{{GEXF_NS}}}attribute")]
    assert "networkx_key" not in titles and len(titles) == len(set(titles))


def test_cytoscape_json_has_unique_ids_and_edges_between_nodes(store: ox.Store) -> None:
    doc = json.loads(export(store, "cytoscape"))
    nodes = [n["data"] for n in doc["elements"]["nodes"]]
    edges = [e["data"] for e in doc["elements"]["edges"]]
    all_ids = [d["id"] for d in nodes + edges]
    assert len(all_ids) == len(set(all_ids)) == 13
    node_ids = {d["id"] for d in nodes}
    assert all(d["source"] in node_ids and d["target"] in node_ids for d in edges)
    am = next(d for d in nodes if d["id"] == AM)
    assert (am["label"], am["label_ar"], am["name"], am["statements_received"]) == (
        "Armenia", "أرمينيا", "Armenia", 4)
    s8 = next(d for d in edges if d["id"] == "a2-0000000000s8")
    assert (s8["kind"], s8["interaction"], s8["date"], s8["source"]) == ("condemn", "condemn", None, AZ)


def test_csv_node_and_edge_lists_read_back(store: ox.Store) -> None:
    nodes = list(csv.DictReader(io.StringIO(export(store, "csv-nodes").decode("utf-8"), newline="")))
    edges = list(csv.DictReader(io.StringIO(export(store, "csv-edges").decode("utf-8"), newline="")))
    assert {r["id"]: (r["label"], r["label_ar"], r["type"], r["country"], int(r["statements_made"]),
                      int(r["statements_received"])) for r in nodes} == NODES
    assert [r["id"] for r in edges] == list(EDGES)
    for row in edges:
        source, target, kind, when, basis, confidence = EDGES[row["id"]]
        assert (row["source"], row["target"], row["kind"], row["date"] or None, row["date_basis"],
                float(row["confidence"])) == (source, target, kind, when, basis, confidence)
    s1 = next(r for r in edges if r["id"] == "a1-0000000000s1")
    assert s1["evidence"] == "واتهمت الوزارة أرمينيا بشن هجوم على طول خط التماس."


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"full-graphml"}))
def test_an_empty_selection_is_still_a_valid_file(store: ox.Store, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"empty{FORMATS[fmt].extension}"
    write_export(store, fmt, path, Filters(kinds=("call_for_restraint",)))
    if fmt == "graphml":
        assert nx.read_graphml(path).number_of_nodes() == 0
    elif fmt == "gexf":
        assert nx.read_gexf(path).number_of_nodes() == 0
    elif fmt == "cytoscape":
        assert json.loads(path.read_text("utf-8")) == {"elements": {"nodes": [], "edges": []}}
    else:
        assert path.read_text("utf-8").count("\n") == 1  # the header only


def count_triples(store: ox.Store, where: str) -> int:
    (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }} }}",
                         use_default_graph_as_union=True)  # the set of triples in any graph
    return int(row["n"].value)


def test_full_graph_graphml_has_every_triple(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "full.graphml"
    write_export(store, "full-graphml", path)
    graph = nx.read_graphml(path, force_multigraph=True)
    links = count_triples(store, "?s ?p ?o FILTER(!isLiteral(?o))")
    assert graph.number_of_edges() == links > 100
    keys = [k for _, _, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys))
    am = graph.nodes[AM]
    assert (am["rdfs:label@ar"], am["rdfs:label@en"], am["kg:isoCode"], am["label"]) == (
        "أرمينيا", "Armenia", "AM", "Armenia")
    assert graph.edges[AM, "https://w3id.org/kg/ontology#State", next(
        k for k, d in graph[AM]["https://w3id.org/kg/ontology#State"].items())]["label"] == "rdf:type"
    s1 = graph.nodes["https://w3id.org/kg/statement/a1-0000000000s1"]
    assert (s1["kg:statementDate"], s1["kg:quote@ar"]) == ("2020-09-27", "بشن هجوم على طول خط التماس")
    assert graph.has_edge("https://w3id.org/kg/statement/a1-0000000000s1", MOD_AZ)


# --- the CLI entry ------------------------------------------------------------------------------------

def run_cli(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kg export")
    add_arguments(parser)
    return main_export(parser.parse_args(list(argv)), settings)


def test_cli_entry_writes_the_filtered_export(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    write_store(graphs_from_file(FIXTURE), settings)  # no ontology: name the kinds
    out = tmp_path / "accuse.csv"
    assert run_cli(settings, "--format", "csv-edges", "--kind", "accuse", "--kind", "deny",
                   "--from", "2020-10-01", "--min-confidence", "0.8", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert [r["id"] for r in rows] == ["a2-0000000000s7", "a2-0000000000s6"]


def test_cli_entry_writes_to_standard_output(tmp_path: Path,
                                            capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    write_store(graphs_from_file(FIXTURE), settings)
    assert run_cli(settings, "--format", "cytoscape", "--kind", "condemn", "--actor", NP) == 0
    doc = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [e["data"]["id"] for e in doc["elements"]["edges"]] == ["a1-0000000000s2"]


# --- an independent reader: graphology under node --------------------------------------------------

def node_readback(path: Path, node_id: str) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the export tests read the files back with graphology")
    if not (ROOT / "node_modules" / "graphology-gexf").is_dir():
        pytest.fail(f"node_modules is missing: run `npm ci` in {ROOT} (package-lock.json pins "
                    "graphology, graphology-gexf and graphology-graphml)")
    done = subprocess.run([node, str(READBACK), str(path), node_id], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graphology_reads_the_network(store: ox.Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"blame.{fmt}"
    write_export(store, fmt, path)
    got = node_readback(path, AM)
    assert (got["format"], got["multi"], got["order"], got["size"]) == (fmt, True, 6, 7)
    assert sorted(got["edge_ids"]) == sorted(EDGES)
    assert got["node"] == {"label": "Armenia", "label_ar": "أرمينيا", "type": "State", "country": "AM",
                           "statements_made": 1, "statements_received": 4}


def test_graphology_reads_the_full_graph(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "full.graphml"
    write_export(store, "full-graphml", path)
    got = node_readback(path, AM)
    assert got["size"] == count_triples(store, "?s ?p ?o FILTER(!isLiteral(?o))")
    assert len(set(got["edge_ids"])) == got["size"]
    assert got["node"]["rdfs:label@ar"] == "أرمينيا"
    assert got["node"]["kg:isoCode"] == "AM"
