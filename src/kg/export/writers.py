"""Writers: a :class:`~kg.export.network.Network` (or the whole store) as files graph tools read.

- GraphML 1.0 (GraphML Primer, graphml.graphdrawing.org/primer/graphml-primer.html): written by
  networkx; one ``<key>`` per attribute with ids ``d0, d1, …`` (``named_key_ids=True`` would
  repeat ids when a node and an edge attribute share a name); edge ids are the statement ids.
- GEXF 1.3 (gexf.net/schema.html, ``http://gexf.net/1.3`` + ``gexf.xsd``): written by networkx,
  with the ``xsi`` namespace corrected (networkx 3.x declares ``http://w3.org/2001/…``, which makes
  ``xsi:schemaLocation`` an attribute of an unknown namespace) and without the empty ``name``
  attribute networkx puts on ``<graph>`` (not among the graph attributes of the GEXF primer).
  Dated edges carry
  ``start="YYYY-MM-DD"`` (``timeformat="date"``, dynamic mode), so Gephi's timeline can play the
  network by statement date; the same date is also a plain ``date`` attribute.
- Cytoscape.js elements JSON (js.cytoscape.org, "Notation for elements"):
  ``{"elements": {"nodes": [{"data": {"id", …}}], "edges": [{"data": {"id", "source",
  "target", …}}]}}``, which Cytoscape desktop imports as ``.cyjs`` too.
- CSV node and edge lists (RFC 4180 via the csv module, UTF-8, header row); the column names
  ``id``/``label`` and ``id``/``source``/``target`` are those Gephi's spreadsheet import maps.

Missing values are left out of GraphML/GEXF elements (neither format has a null), ``null`` in
JSON and empty in CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any
from xml.etree.ElementTree import Element

import networkx as nx
import pyoxigraph as ox
from networkx.readwrite.gexf import GEXF, GEXFWriter

from kg.export.network import Edge, Network, Node, query_merge
from kg.vocab import PREFIXES

XSI = "http://www.w3.org/2001/XMLSchema-instance"

NODE_COLUMNS = ("id", "label", "label_ar", "type", "country", "statements_made", "statements_received")
EDGE_COLUMNS = ("id", "source", "target", "kind", "date", "date_basis", "confidence", "article",
                "statement", "quote", "evidence")


def node_record(node: Node) -> dict[str, Any]:
    """One node as a flat record with the :data:`NODE_COLUMNS` keys (``label`` is English)."""
    return {"id": node.iri, "label": node.label_en, "label_ar": node.label_ar, "type": node.type,
            "country": node.country, "statements_made": node.statements_made,
            "statements_received": node.statements_received}


def edge_record(edge: Edge) -> dict[str, Any]:
    """One edge as a flat record with the :data:`EDGE_COLUMNS` keys (``date`` as YYYY-MM-DD)."""
    return {"id": edge.id, "source": edge.source, "target": edge.target, "kind": edge.kind,
            "date": edge.date.isoformat() if edge.date else None, "date_basis": edge.date_basis,
            "confidence": edge.confidence, "article": edge.article, "statement": edge.statement,
            "quote": edge.quote, "evidence": edge.evidence}


def to_networkx(network: Network) -> nx.MultiDiGraph:
    """The network as a MultiDiGraph: node keys are actor IRIs, edge keys the (unique) edge ids,
    so the GraphML edge ids are the statement ids; ``None`` attributes are left out."""
    graph = nx.MultiDiGraph()
    for node in network.nodes:
        record = _present(node_record(node))
        graph.add_node(record.pop("id"), **record)
    for edge in network.edges:
        record = _present(edge_record(edge))
        graph.add_edge(record.pop("source"), record.pop("target"), key=record.pop("id"), **record)
    return graph


def to_graphml(network: Network) -> bytes:
    """GraphML 1.0 (UTF-8 bytes)."""
    return _graphml(to_networkx(network))


def to_gexf(network: Network) -> bytes:
    """GEXF 1.3 (UTF-8 bytes); edge ``id`` = statement id, ``label`` = kind, ``start`` = date."""
    graph = to_networkx(network)
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # networkx numbers GEXF edges itself unless told the id
        data["label"] = data["kind"]
        if "date" in data:
            data["start"] = data["date"]
    writer = _Gexf13Writer()
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def to_cytoscape(network: Network) -> str:
    """Cytoscape.js elements JSON; nodes also carry ``name`` (Cytoscape desktop's label column)
    and edges ``interaction`` (its edge-type column), both copies of ``label`` and ``kind``."""
    nodes = [{"data": {**node_record(n), "name": n.label_en or n.iri}} for n in network.nodes]
    edges = [{"data": {**edge_record(e), "interaction": e.kind}} for e in network.edges]
    return json.dumps({"elements": {"nodes": nodes, "edges": edges}}, ensure_ascii=False, indent=1)


def to_csv_nodes(network: Network) -> str:
    """The node list as CSV (header :data:`NODE_COLUMNS`)."""
    return _csv(NODE_COLUMNS, [node_record(n) for n in network.nodes])


def to_csv_edges(network: Network) -> str:
    """The edge list as CSV (header :data:`EDGE_COLUMNS`)."""
    return _csv(EDGE_COLUMNS, [edge_record(e) for e in network.edges])


def full_graph(store: ox.Store) -> nx.MultiDiGraph:
    """Every distinct triple of the merged graph (:func:`~kg.export.network.query_merge`: article
    graphs, shared graph, ontology) as a property graph.

    IRIs and blank nodes are nodes (ids: the IRI, or ``_:`` + the blank node id; ``label``: the
    English ``rdfs:label``, else the compact IRI; ``node_kind``: ``iri`` or ``blank``); a triple whose
    object is an IRI or blank node is an edge (``predicate`` = full IRI, ``label`` = compact
    name, ids ``t0, t1, …`` in sorted triple order). A literal is folded into an attribute of its
    subject, named by the compact predicate plus ``@lang`` for language-tagged literals
    (``rdfs:label@ar``); several values of one attribute are joined with `` | `` in sorted order.
    Literals keep their lexical form only: GraphML has no types for xsd:date and the like, and a
    tool that needs the datatype should read the RDF itself (``/sparql``). RDF-star quoted triples
    do not occur in this product and are left out.
    """
    rows = query_merge(store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")
    literals: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str]] = []
    nodes: dict[str, str] = {}
    for row in rows:
        s, p, o = row["s"], row["p"], row["o"]
        if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
            continue
        subject = _node_id(s)
        nodes[subject] = "blank" if isinstance(s, ox.BlankNode) else "iri"
        if isinstance(o, ox.Literal):
            name = _compact(p.value) + (f"@{o.language}" if o.language else "")
            literals[subject][name].append(o.value)
        else:
            nodes.setdefault(_node_id(o), "blank" if isinstance(o, ox.BlankNode) else "iri")
            links.append((subject, p.value, _node_id(o)))
    graph = nx.MultiDiGraph()
    for node_id in sorted(nodes):
        attrs = {name: " | ".join(sorted(values)) for name, values in literals[node_id].items()}
        label = attrs.get("rdfs:label@en", _compact(node_id))
        graph.add_node(node_id, node_kind=nodes[node_id], label=label, **attrs)
    for i, (s, p, o) in enumerate(sorted(links)):
        graph.add_edge(s, o, key=f"t{i}", predicate=p, label=_compact(p))
    return graph


def to_full_graphml(store: ox.Store) -> bytes:
    """:func:`full_graph` as GraphML 1.0 (UTF-8 bytes)."""
    return _graphml(full_graph(store))


class _Gexf13Writer(GEXFWriter):
    """networkx's GEXF 1.3 writer with the XML Schema instance namespace corrected, no empty
    ``name`` on ``<graph>`` and no ``networkx_key`` edge attribute."""

    versions = {**GEXF.versions, "1.3": {**GEXF.versions["1.3"], "NS_XSI": XSI}}

    def __init__(self) -> None:
        super().__init__(encoding="utf-8", prettyprint=True, version="1.3")

    def add_graph(self, graph: nx.Graph) -> None:
        super().add_graph(graph)
        if not self.graph_element.get("name"):
            self.graph_element.attrib.pop("name", None)

    def add_attributes(self, node_or_edge: str, xml_obj: Element, data: dict[str, Any],
                       default: dict[str, Any]) -> dict[str, Any]:
        # networkx adds a ``networkx_key`` attribute holding the multigraph key; ours equals the
        # edge id, and read_gexf takes the edge id as key when the attribute is absent.
        if node_or_edge == "edge":
            data = {k: v for k, v in data.items() if k != "key"}
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml_xml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buffer.getvalue()


def _csv(columns: tuple[str, ...], records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def _present(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def _node_id(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _compact(iri: str) -> str:
    """``prefix:local`` for the project prefixes (longest namespace first), else the IRI."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
