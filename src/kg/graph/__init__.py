"""Stage 3: facts → RDF. IRI minting (:mod:`.iris`), the mapping (:mod:`.mapping`), pyoxigraph quads.

``article_quads(extraction, minter)`` maps one article to the pyoxigraph quads of its named graph
(what the store loads); ``to_dataset`` gives the same quads as an rdflib Dataset (pySHACL, TriG);
``to_oxigraph_quads`` (also exported as ``to_quads``, the name in docs/contracts.md) converts an
rdflib Dataset to quads and ``from_oxigraph_quads`` back;
``ontology_dataset(path)`` puts ontology/kg.ttl in its own graph (:data:`ONTOLOGY_GRAPH`) for the
store, so queries can use the SKOS statement kinds (``?kind skos:broader kg:blame``);
``split_shared`` moves actors, places and activities into the one shared graph
(``split_article_quads`` maps an article straight into its own and its shared quads).
"""

from __future__ import annotations

from kg.graph.iris import Minter
from kg.graph.mapping import article_quads, split_article_quads, to_dataset
from kg.graph.ontology import ONTOLOGY_GRAPH, ontology_dataset
from kg.graph.quads import from_oxigraph_quads, to_oxigraph_quads
from kg.graph.shared import split_shared

to_quads = to_oxigraph_quads

__all__ = [
    "ONTOLOGY_GRAPH",
    "Minter",
    "article_quads",
    "from_oxigraph_quads",
    "ontology_dataset",
    "split_article_quads",
    "split_shared",
    "to_dataset",
    "to_oxigraph_quads",
    "to_quads",
]
