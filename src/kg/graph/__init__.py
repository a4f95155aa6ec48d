"""Stage 3: facts → RDF. IRI minting (:mod:`.iris`), the mapping (:mod:`.mapping`), pyoxigraph quads.

``to_dataset(extraction, minter)`` builds one named graph per article; ``to_oxigraph_quads`` (also
exported as ``to_quads``, the name in docs/contracts.md) converts it for the store;
``ontology_dataset(path)`` puts ontology/kg.ttl in its own graph (:data:`ONTOLOGY_GRAPH`) for the
store, so queries can use the SKOS statement kinds (``?kind skos:broader kg:blame``);
``split_shared`` moves actors, places and activities into the one shared graph.
"""

from __future__ import annotations

from kg.graph.iris import Minter
from kg.graph.mapping import to_dataset
from kg.graph.ontology import ONTOLOGY_GRAPH, ontology_dataset
from kg.graph.quads import from_oxigraph_quads, to_oxigraph_quads
from kg.graph.shared import split_shared

to_quads = to_oxigraph_quads

__all__ = [
    "ONTOLOGY_GRAPH",
    "Minter",
    "from_oxigraph_quads",
    "ontology_dataset",
    "split_shared",
    "to_dataset",
    "to_oxigraph_quads",
    "to_quads",
]
