"""Stage 6: the HTTP server. :func:`create_app` builds a FastAPI app serving the live store
over the SPARQL 1.1 Protocol (``/sparql``), plus a minimal root page and ``/health``.
"""

from kg.serve.app import create_app

__all__ = ["create_app"]
