"""The ontology as data: ``ontology/kg.ttl`` in its own named graph, for loading beside the articles.

Queries need it in the store: statement kinds are SKOS concepts (``?kind skos:broader kg:blame``
selects the blame kinds) and labels of classes and kinds come from it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import GraphError
from kg.vocab import ONTOLOGY_IRI, bind_prefixes

#: The named graph holding the ontology (its owl:Ontology IRI).
ONTOLOGY_GRAPH = ONTOLOGY_IRI


def ontology_dataset(path: Path) -> Dataset:
    """``path`` (Turtle) parsed into a Dataset whose one named graph is :data:`ONTOLOGY_GRAPH`."""
    source = Graph()
    try:
        source.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types
        raise GraphError("cannot read the ontology", path=str(path), reason=str(exc)) from exc
    dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in source:
        graph.add(triple)
    return dataset
