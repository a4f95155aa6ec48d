"""Split one article's quads into what is the article's own and what articles share.

Statements, events, evidence and the article stay in the article's named graph (replaceable
alone); actors, places and extraction activities — identical whenever two articles mention
them — go once into :meth:`Minter.shared_graph`, deduplicated across the build.
:func:`kg.graph.mapping.split_article_quads` maps an article straight into the two parts.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.graph.iris import Minter


def split_shared(quads: Iterable[ox.Quad], minter: Minter) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(article quads, shared quads re-homed into the shared graph)."""
    shared_graph = ox.NamedNode(str(minter.shared_graph()))
    own: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    for q in quads:
        subject = q.subject
        if isinstance(subject, ox.NamedNode) and minter.is_shared(subject.value):
            shared.append(ox.Quad(subject, q.predicate, q.object, shared_graph))
        else:
            own.append(q)
    return own, shared
