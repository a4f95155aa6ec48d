"""Stage 4: SHACL validation (W3C SHACL §3 validation, §3.6 validation report) → a report object.

Non-conformance is a result (:class:`ValidationReport` with ``conforms=False``), never an
exception; only an unusable shapes or ontology file raises :class:`~kg.errors.ValidationError`.
Results of severity ``sh:Warning`` / ``sh:Info`` are reported but do not break conformance
(pySHACL ``allow_warnings``).

Validation runs with no inference: the mapping materialises the kg: types SHACL targets, so
mixing the ontology in (``ontology_graph``) only costs time (it clones the data graph); it is
accepted for graphs built elsewhere that rely on ``rdfs:subClassOf``.
"""

from __future__ import annotations

from kg.validate.report import ValidationReport, ValidationResult
from kg.validate.shacl import DEFAULT_SHAPES, load_shapes, validate

__all__ = ["DEFAULT_SHAPES", "ValidationReport", "ValidationResult", "load_shapes", "validate"]
