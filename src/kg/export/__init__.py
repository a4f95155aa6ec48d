"""Stage 6 (exports): the blame network and the whole graph as files for graph tools.

- :mod:`kg.export.network`: one SPARQL query → :class:`Network` of :class:`Node` (actors) and
  :class:`Edge` (statements, speaker → target), narrowed by :class:`Filters`.
- :mod:`kg.export.writers`: GraphML, GEXF, Cytoscape.js JSON, CSV node/edge lists, and the full
  graph (every triple of the merged graph) as GraphML.
- :func:`export` / :func:`write_export`: a format name → bytes / a file; no web framework here, so
  the CLI (:mod:`kg.export.command`) and HTTP routes share one core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.export.network import Edge, Filters, Network, Node, network_query, read_network


@dataclass(frozen=True)
class Format:
    """An export format: its media type, file extension and how to produce it from the store.

    GraphML and GEXF have no registered media types; the ``+xml`` names are the customary ones.
    """

    name: str
    media_type: str
    extension: str
    render: Callable[[ox.Store, Filters], bytes]


def _network(writer: str) -> Callable[[ox.Store, Filters], bytes]:
    """Render with the function ``writer`` of :mod:`kg.export.writers`, imported on first use
    (it imports networkx, a quarter of a second every ``kg`` command would otherwise pay)."""

    def produce(store: ox.Store, filters: Filters) -> bytes:
        from kg.export import writers

        render: Callable[[Network], bytes | str] = getattr(writers, writer)
        out = render(read_network(store, filters))
        return out.encode("utf-8") if isinstance(out, str) else out

    return produce


def _full_graphml(store: ox.Store, filters: Filters) -> bytes:
    from kg.export import writers

    if filters != Filters():
        raise QueryError("the full graph export takes no filters")
    return writers.to_full_graphml(store)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", "application/graphml+xml", ".graphml", _network("to_graphml")),
    Format("gexf", "application/gexf+xml", ".gexf", _network("to_gexf")),
    Format("cytoscape", "application/json", ".cyjs", _network("to_cytoscape")),
    Format("csv-nodes", "text/csv; charset=utf-8", ".csv", _network("to_csv_nodes")),
    Format("csv-edges", "text/csv; charset=utf-8", ".csv", _network("to_csv_edges")),
    Format("full-graphml", "application/graphml+xml", ".graphml", _full_graphml),
)}


def export(store: ox.Store, fmt: str, filters: Filters | None = None) -> bytes:
    """The export of ``store`` in format ``fmt`` (a :data:`FORMATS` name) as UTF-8 bytes.

    :class:`QueryError` for an unknown format, or filters given to ``full-graphml``.
    """
    try:
        chosen = FORMATS[fmt]
    except KeyError:
        raise QueryError("unknown export format", format=fmt, known=", ".join(FORMATS)) from None
    return chosen.render(store, filters or Filters())


def write_export(store: ox.Store, fmt: str, path: Path, filters: Filters | None = None) -> None:
    """Write :func:`export` to ``path`` (through a temporary file renamed into place)."""
    data = export(store, fmt, filters)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


__all__ = [
    "FORMATS",
    "Edge",
    "Filters",
    "Format",
    "Network",
    "Node",
    "export",
    "network_query",
    "read_network",
    "write_export",
]
