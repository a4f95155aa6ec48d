"""The evidence-matches-text constraint (``kgsh:Article-evidenceMatchesText``), evaluated natively.

ontology/shapes.ttl defines it as a SPARQL constraint and marks it ``sh:deactivated`` for pySHACL,
which would re-parse the query for every article (~50 ms). This is the same check: for every
evidence resource of an article, the quote selector's ``oa:exact`` must equal the article text
between the position selector's ``oa:start`` and ``oa:end`` (code points, as SPARQL ``SUBSTR``
counts them). tests/test_validate.py runs both and compares.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.validate.report import ValidationResult
from kg.vocab import KG, OA, RDF, SCHEMA, SH

CONSTRAINT = URIRef("https://w3id.org/kg/shapes#Article-evidenceMatchesText")


def evidence_results(data: Graph, shapes: Graph, articles: Mapping[Node, str]) -> list[ValidationResult]:
    """Results of the constraint for ``data`` (focus: the article, value: the evidence resource).

    None if ``shapes`` does not attach the constraint to a shape.
    """
    shape = shapes.value(None, SH.sparql, CONSTRAINT)
    if shape is None:
        return []
    message = str(shapes.value(CONSTRAINT, SH.message) or "evidence does not match the article text")
    results = []
    for article in data.subjects(RDF.type, KG.Article, unique=True):
        texts = [str(t) for t in data.objects(article, SCHEMA.text)]
        for evidence in data.subjects(OA.hasSource, article, unique=True):
            if not all(_matches(data, evidence, text) for text in texts):
                results.append(
                    ValidationResult(
                        focus_node=str(article),
                        path=None,
                        message=message.replace("{?value}", str(evidence)),
                        severity="Violation",
                        source_shape=str(shape),
                        constraint="SPARQLConstraintComponent",
                        value=str(evidence),
                        article_id=articles.get(article),
                    )
                )
    return results


def _matches(data: Graph, evidence: Node, text: str) -> bool:
    selectors = list(data.objects(evidence, OA.hasSelector))
    exacts = [str(e) for q in selectors for e in data.objects(q, OA.exact)]
    spans = [
        (s.toPython(), e.toPython())
        for p in selectors
        for s in data.objects(p, OA.start)
        for e in data.objects(p, OA.end)
    ]
    for start, end in spans:
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end:
            continue  # the position selector shape reports malformed offsets
        for exact in exacts:
            if end > len(text) or text[start:end] != exact:
                return False
    return True

