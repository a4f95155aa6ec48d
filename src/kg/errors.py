"""One error tree for the whole project.

::

    KGError
     ├── CorpusError        an article or its metadata cannot be read (stage 1)
     ├── ExtractionError    an extractor component failed on an article (stage 2)
     ├── GraphError         facts could not be turned into RDF (stage 3)
     ├── ValidationError    the shapes graph itself is unusable (stage 4; non-conformance is a
     │                      report, not an exception)
     ├── StoreError         the store cannot be opened, built or swapped (stage 5)
     │    └── BuildLockedError   another build holds the lock
     └── QueryError         a query is malformed or cannot be answered (stage 6; HTTP 400)
          ├── ForbiddenOperationError   update / SERVICE refused by policy (403)
          │    └── ResultTooLargeError   more rows than the configured cap (403)
          ├── NotAcceptableError        no result format fits the Accept header (406)
          ├── UnsupportedMediaTypeError a POST body type the protocol does not define (415)
          └── QueryTimeoutError         the query ran past its time limit (503)

Every error carries structured context (article id, path, offset, IRI) so the CLI and the HTTP
layer can name *what* failed and *where* without parsing messages.
"""

from __future__ import annotations

from typing import Any


class KGError(Exception):
    """Root of all project errors; ``context`` names what failed and where."""

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def __str__(self) -> str:
        if not self.context:
            return self.message
        where = ", ".join(f"{k}={v}" for k, v in self.context.items())
        return f"{self.message} ({where})"


class CorpusError(KGError):
    """An article file or its metadata is unreadable or inconsistent."""


class ExtractionError(KGError):
    """An extraction component failed on an article."""


class GraphError(KGError):
    """Extracted facts could not be mapped to RDF."""


class ValidationError(KGError):
    """The SHACL shapes or ontology could not be loaded (not: the data does not conform)."""


class StoreError(KGError):
    """The store cannot be opened, written or swapped."""


class BuildLockedError(StoreError):
    """Another build is running on the same store directory."""


class QueryError(KGError):
    """A SPARQL request is malformed."""


class ForbiddenOperationError(QueryError):
    """A SPARQL request asks for something the endpoint's policy refuses (update, SERVICE)."""


class ResultTooLargeError(ForbiddenOperationError):
    """The result has more rows than ``Settings.max_result_rows``."""


class NotAcceptableError(QueryError):
    """No format the endpoint can produce for this query form fits the request."""


class UnsupportedMediaTypeError(QueryError):
    """A POST body in a media type the SPARQL 1.1 Protocol does not define."""


class QueryTimeoutError(QueryError):
    """The query ran past ``Settings.query_timeout_s``."""
