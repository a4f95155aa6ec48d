"""Stage 3: facts → RDF. IRI minting (:mod:`.iris`), the mapping (:mod:`.mapping`), pyoxigraph quads.

``to_dataset(extraction, minter)`` builds one named graph per article; ``to_oxigraph_quads`` (also
exported as ``to_quads``, the name in docs/contracts.md) converts it for the store.
"""

from __future__ import annotations

from kg.graph.iris import Minter
from kg.graph.mapping import to_dataset
from kg.graph.quads import from_oxigraph_quads, to_oxigraph_quads

to_quads = to_oxigraph_quads

__all__ = ["Minter", "from_oxigraph_quads", "to_dataset", "to_oxigraph_quads", "to_quads"]
