"""The one place IRIs are minted (docs/contracts.md, stage 3).

IRIs are deterministic and ASCII. Curated entities (actors, places) and articles get readable
paths from their keys; statements get a stable hash of what identifies them, so re-running the
extractor on the same article yields the same IRIs and a changed statement a new one. Arabic lives
in labels, never in IRIs: a key outside the URI "unreserved" set (RFC 3986 §2.3) is
percent-encoded as UTF-8, which keeps distinct keys distinct.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import quote

from rdflib import URIRef

from kg.errors import GraphError

_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")
# Absolute, ASCII, no fragment, ending in "/": evidence and selectors are minted as fragments of
# statement IRIs, which a base ending in "#" would make impossible. Characters: RFC 3986 §2.
_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~:/?@!$&'()*+,;=%\[\]-]+/")


def slug(key: str) -> str:
    """A path segment for ``key``: unchanged if it is already a safe ASCII slug, else percent-encoded.

    Raises :class:`GraphError` for an empty key and for ``.``/``..`` (they would be resolved away
    as dot-segments, RFC 3986 §5.2.4).
    """
    if not key or key in {".", ".."}:
        raise GraphError("cannot mint an IRI from this key", key=repr(key))
    if _UNRESERVED.fullmatch(key):
        return key
    return quote(key, safe="", encoding="utf-8", errors="strict")


def statement_hash(kind: str, speaker: str, target: str | None, start: int, end: int) -> str:
    """First 12 hex digits of SHA-1 over (kind, speaker key, target key or null, start, end).

    The tuple is hashed as compact JSON, an unambiguous encoding whatever the keys contain.
    Changing this changes every statement IRI: tests/test_graph.py pins one value.
    """
    payload = json.dumps([kind, speaker, target, start, end], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(payload.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


class Minter:
    """Mints every IRI of the build under ``base_iri`` (e.g. ``https://w3id.org/kg/``).

    >>> m = Minter("https://w3id.org/kg/")
    >>> str(m.actor("state-am"))
    'https://w3id.org/kg/actor/state-am'
    """

    __slots__ = ("_shared_prefixes", "base")

    def __init__(self, base_iri: str) -> None:
        if not _BASE.fullmatch(base_iri):
            raise GraphError("base IRI must be absolute, ASCII, end in '/' and have no '#'", iri=base_iri)
        self.base = base_iri
        self._shared_prefixes = tuple(base_iri + p for p in ("actor/", "place/", "activity/"))

    def __repr__(self) -> str:
        return f"Minter({self.base!r})"

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def article(self, article_id: str) -> URIRef:
        return self._iri("article", slug(article_id))

    def graph(self, article_id: str) -> URIRef:
        """The named graph holding everything read from one article."""
        return self._iri("graph", slug(article_id))

    def shared_graph(self) -> URIRef:
        """The one named graph holding what articles share: actors, places, extraction activities.

        Kept out of the article graphs because pyoxigraph's union default graph does not merge
        triples repeated across graphs: an actor described in every article would match once per
        article in every join on its label.
        """
        return self._iri("knowledge")

    def is_shared(self, iri: str) -> bool:
        """True for IRIs (and their fragments) described in :meth:`shared_graph`."""
        return iri.startswith(self._shared_prefixes)

    def actor(self, key: str) -> URIRef:
        return self._iri("actor", slug(key))

    def place(self, key: str) -> URIRef:
        return self._iri("place", slug(key))

    def event(self, article_id: str, key: str) -> URIRef:
        return self._iri("event", f"{slug(article_id)}-{slug(key)}")

    def statement(
        self, article_id: str, kind: str, speaker: str, target: str | None, start: int, end: int
    ) -> URIRef:
        """``{base}statement/{id}-{sha1(kind, speaker, target, start, end)[:12]}``."""
        digest = statement_hash(kind, speaker, target, start, end)
        return self._iri("statement", f"{slug(article_id)}-{digest}")

    def activity(self, component: str, version: str) -> URIRef:
        """The extraction activity of one component at one version."""
        return self._iri("activity", f"extract-{slug(component)}-{slug(version)}")

    @staticmethod
    def evidence(subject: URIRef) -> URIRef:
        """The oa:SpecificResource of a statement's or event's evidence span."""
        return _fragment(subject, "evidence")

    @staticmethod
    def quote_selector(subject: URIRef) -> URIRef:
        return _fragment(subject, "quote")

    @staticmethod
    def position_selector(subject: URIRef) -> URIRef:
        return _fragment(subject, "position")

    @staticmethod
    def geometry(subject: URIRef) -> URIRef:
        """The GeoSPARQL geometry of a place."""
        return _fragment(subject, "geometry")


def _fragment(subject: URIRef, name: str) -> URIRef:
    if "#" in subject:
        raise GraphError("cannot add a fragment to an IRI that has one", iri=str(subject))
    return URIRef(f"{subject}#{name}")
