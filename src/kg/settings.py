"""One frozen settings object, built at the edge (CLI / tests) and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BASE_IRI = "https://w3id.org/kg/"


@dataclass(frozen=True)
class Settings:
    """Where things are and how the product behaves.

    ``base_iri`` is the prefix of every IRI the build mints; the server dereferences IRIs under it.
    """

    root: Path = PROJECT_ROOT
    data_dir: Path = field(default=PROJECT_ROOT / "data")
    articles_dir: Path = field(default=PROJECT_ROOT / "data" / "articles")
    ontology_dir: Path = field(default=PROJECT_ROOT / "ontology")
    queries_dir: Path = field(default=PROJECT_ROOT / "queries")
    store_dir: Path = field(default=PROJECT_ROOT / "var" / "store")
    base_iri: str = DEFAULT_BASE_IRI
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout_s: float = 30.0
    max_result_rows: int = 100_000
    query_workers: int = 0  # worker processes for SPARQL queries; 0 = 2 to 4 by CPU count
    max_body_bytes: int = 1_000_000  # request bodies (queries) above this get 413
    # Requests one client (peer address) may have in flight; behind a reverse proxy every client
    # shares the proxy's address, so raise it there.
    max_requests_per_client: int = 16
    # SPARQL Update and Graph Store writes (kg.serve.writes): refused (403) unless a token is set;
    # then allowed with "Authorization: Bearer <token>". Every accepted write is appended to
    # updates_log, which a full build replays after loading the articles (kg.store.updates).
    update_token: str | None = field(default=None, repr=False)
    updates_log: Path = field(default=PROJECT_ROOT / "data" / "updates" / "log.jsonl")
    # `kg build`: worker processes for extraction, RDF and SHACL (0 = one per CPU), articles per
    # task sent to a worker, and the largest store (in articles) whose dumps a build writes before
    # it goes live (a larger one's are written after the swap, in the background).
    build_workers: int = 0
    build_chunk_articles: int = 8
    dumps_before_swap_max_articles: int = 100
    # A remote SPARQL 1.1 store (kg.store.remote) instead of the on-disk one; None: embedded.
    # The endpoints default to oxigraph serve's layout under store_url (/query, /update, /store).
    store_url: str | None = None
    store_query_url: str | None = None
    store_update_url: str | None = None
    store_gsp_url: str | None = None
    # Credentials for the remote store: HTTP basic (user + password) or a bearer token.
    store_user: str | None = None
    store_password: str | None = field(default=None, repr=False)
    store_token: str | None = field(default=None, repr=False)

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteer"

    @property
    def lexicon_dir(self) -> Path:
        return self.data_dir / "lexicon"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from ``KG_*`` environment variables; only the CLI calls this."""
        env: dict[str, object] = {}
        if v := os.environ.get("KG_DATA_DIR"):
            env["data_dir"] = Path(v)
            env["articles_dir"] = Path(v) / "articles"
            env["updates_log"] = Path(v) / "updates" / "log.jsonl"
        if v := os.environ.get("KG_ARTICLES_DIR"):
            env["articles_dir"] = Path(v)
        if v := os.environ.get("KG_STORE_DIR"):
            env["store_dir"] = Path(v)
        if v := os.environ.get("KG_BASE_IRI"):
            env["base_iri"] = v
        if v := os.environ.get("KG_UPDATE_TOKEN"):
            env["update_token"] = v
        for name in ("url", "query_url", "update_url", "gsp_url", "user", "password", "token"):
            if v := os.environ.get(f"KG_STORE_{name.upper()}"):
                env[f"store_{name}"] = v
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if "data_dir" in overrides and "articles_dir" not in overrides:
            overrides["articles_dir"] = Path(str(overrides["data_dir"])) / "articles"
        env.update(overrides)
        return cls(**env)  # type: ignore[arg-type]
