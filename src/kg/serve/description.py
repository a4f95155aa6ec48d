"""The SPARQL 1.1 Service Description of the endpoint (answer to a bare ``GET /sparql``)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.serve.formats import GRAPH_FORMATS, RESULT_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def service_description(endpoint_url: str) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint_url`` (SPARQL 1.1 Service Description §3).

    Says what a client needs: query language, result formats, that the default graph is the
    union of the named (article) graphs, and — by omission of ``sd:BasicFederatedQuery`` and
    ``sd:SPARQL11Update`` — that SERVICE and updates are not available.
    """
    service = ox.NamedNode(endpoint_url)
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, DCTERMS_TITLE, ox.Literal("kg: who blamed whom (Armenia–Azerbaijan)",
                                                     language="en")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.serializer.iri)))
    return triples
