"""The validation report as plain values (SHACL §3.6 ``sh:ValidationReport`` / ``sh:ValidationResult``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.vocab import RDF, SH

#: Severities in the order a reader cares about them.
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``: what is wrong (``message``), where (``focus_node``, ``path``).

    ``source_shape`` is the IRI of the shape that failed (a blank node's id if the shape is
    anonymous); ``article_id`` names the article whose graph holds the focus node, when known.
    """

    focus_node: str
    path: str | None
    message: str
    severity: str
    source_shape: str
    constraint: str
    value: str | None = None
    article_id: str | None = None

    def line(self) -> str:
        where = f"{self.focus_node}" + (f" {self.path}" if self.path else "")
        if self.value is not None and self.path is None and self.value != self.focus_node:
            where += f" → {self.value}"
        article = f"[{self.article_id}] " if self.article_id else ""
        return f"{article}{self.severity}: {where}: {self.message} ({_local(self.source_shape)})"


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of validating one graph: ``conforms`` and the results, violations first."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    text: str

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def shapes(self) -> frozenset[str]:
        """The IRIs of the shapes named in the results."""
        return frozenset(r.source_shape for r in self.results)

    def summary(self, limit: int = 20) -> str:
        """A few readable lines: verdict, counts by severity, then the first ``limit`` results."""
        counts = Counter(r.severity for r in self.results)
        verdict = "conforms" if self.conforms else "does not conform"
        tally = ", ".join(f"{counts[s]} {s.lower()}(s)" for s in SEVERITIES if counts[s])
        lines = [f"{verdict}" + (f": {tally}" if tally else "")]
        lines.extend("  " + r.line() for r in self.results[:limit])
        if len(self.results) > limit:
            lines.append(f"  … and {len(self.results) - limit} more")
        return "\n".join(lines)


def results_from_graph(
    report: Graph, articles: Mapping[Node, str] | None = None
) -> tuple[ValidationResult, ...]:
    """Read the ``sh:result`` nodes of a pySHACL results graph, sorted violations first."""
    articles = articles or {}
    out: list[ValidationResult] = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        out.append(
            ValidationResult(
                focus_node=str(focus),
                path=path_text(report, path),
                message="; ".join(messages) or "constraint not satisfied",
                severity=_local(str(severity)) if severity is not None else "Violation",
                source_shape=str(shape),
                constraint=_local(str(report.value(result, SH.sourceConstraintComponent))),
                value=None if value is None else str(value),
                # a focus that is a value (a date basis, a kind) is not in any graph: use the value node
                article_id=articles.get(focus) or (articles.get(value) if value is not None else None),
            )
        )
    return sort_results(out)


def sort_results(results: list[ValidationResult]) -> tuple[ValidationResult, ...]:
    """Violations first, then by focus node, path and message (a stable, readable order)."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}

    def key(r: ValidationResult) -> tuple[int, str, str, str]:
        return rank.get(r.severity, len(SEVERITIES)), r.focus_node, r.path or "", r.message

    return tuple(sorted(results, key=key))


def path_text(graph: Graph, path: Node | None) -> str | None:
    """A SHACL path (SHACL §2.3.1) as text: an IRI as is, ``^p`` for an inverse path, ``p/q`` for a
    sequence; other path forms by their node id."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(str(path_text(graph, step)) for step in graph.items(path))
    return str(path)


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1] or iri
    return iri
