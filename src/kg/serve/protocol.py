"""SPARQL 1.1 Protocol §2.1 requests, and the endpoint's policy on what it will evaluate.

Three ways to send a query (§2.1.1–2.1.3): ``GET ?query=``, ``POST`` form-encoded ``query=``,
``POST`` ``application/sparql-query`` with the query as body; the dataset comes from
``default-graph-uri`` / ``named-graph-uri`` (§2.1.4). The endpoint is read-only: any update
operation is refused (403), and so is ``SERVICE`` (federated query would let any client make
this server send HTTP requests anywhere: SSRF).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import ForbiddenOperationError, QueryError, UnsupportedMediaTypeError

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
_DATASET = ("default-graph-uri", "named-graph-uri")


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol request: the query text, its protocol dataset and a ``?format=`` override.

    ``query`` is ``None`` for a bare ``GET /sparql`` (the client wants the service description).
    """

    query: str | None
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    format: str | None = None
    base_iri: str | None = None  # resolves relative IRIs in the query: the endpoint's own URL

    @property
    def has_protocol_dataset(self) -> bool:
        return bool(self.default_graph_uris or self.named_graph_uris)


def from_params(params: list[tuple[str, str]], body_query: str | None = None) -> SparqlRequest:
    """Build a request from decoded parameters (URL query string and/or form body).

    ``body_query`` is the body of an ``application/sparql-query`` POST, which then must not also
    carry ``query=`` in the URL.
    """
    names = {name for name, _ in params}
    if "update" in names:
        raise ForbiddenOperationError("this endpoint is read-only: SPARQL Update is not accepted")
    queries = [value for name, value in params if name == "query"]
    if body_query is not None:
        queries.append(body_query)
    if len(queries) > 1:
        raise QueryError("exactly one query per request (SPARQL 1.1 Protocol §2.1)")
    # Clients such as SPARQLWrapper send one format under several names (format=tsv&format=
    # text/tab-separated-values): the first one decides.
    formats = [value for name, value in params if name == "format"]
    query = queries[0] if queries else None
    if query is not None and not query.strip():
        raise QueryError("the query is empty")
    graphs = {name: tuple(v for n, v in params if n == name) for name in _DATASET}
    for name, iris in graphs.items():
        for iri in iris:  # checked even without a query: a bad parameter is never ignored
            try:
                ox.NamedNode(iri)
            except ValueError as exc:
                raise QueryError(f"{name} is not an absolute IRI: {exc}") from None
    return SparqlRequest(
        query=query,
        default_graph_uris=graphs["default-graph-uri"],
        named_graph_uris=graphs["named-graph-uri"],
        format=formats[0] if formats else None,
    )


def from_post(content_type: str | None, body: bytes, url_params: list[tuple[str, str]]) -> SparqlRequest:
    """A POST request (§2.1.2 form-encoded, §2.1.3 direct); updates are refused by media type."""
    media, _, params = (content_type or "").partition(";")
    media = media.strip().lower()
    if media == SPARQL_UPDATE:
        raise ForbiddenOperationError("this endpoint is read-only: SPARQL Update is not accepted")
    if media not in (FORM, SPARQL_QUERY):
        raise UnsupportedMediaTypeError(
            f"POST a query as {FORM} or {SPARQL_QUERY}, not {media or 'no content type'}")
    charset = _charset(params)
    if charset.lower().replace("-", "") != "utf8":
        # Protocol §2.1.2/§2.1.3: the query is sent as UTF-8; anything else is refused, not guessed.
        raise UnsupportedMediaTypeError(f"SPARQL requests are UTF-8 encoded, not {charset}")
    try:
        text = body.decode(charset)
    except (UnicodeDecodeError, LookupError) as exc:
        raise QueryError(f"the request body is not valid {charset}") from exc
    if media == FORM:
        # The protocol puts every parameter in the body; ?format= in the URL is our extension.
        form = parse_qsl(text, keep_blank_values=True)
        return from_params(form + [(n, v) for n, v in url_params if n == "format"])
    return from_params(url_params, body_query=text)


def _charset(params: str) -> str:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


def check_policy(query: str) -> None:
    """Refuse a query that contains ``SERVICE`` anywhere (nested groups, OPTIONAL, subqueries,
    EXISTS), before it is evaluated. The full parse (rdflib, ~2–30 ms) runs only when the text
    contains "service" at all, so ordinary queries pay nothing.
    """
    if "service" not in query.lower():
        return
    try:
        tree = parseQuery(query)
    except ParseBaseException:
        # rdflib does not know every syntax pyoxigraph accepts (SPARQL 1.2 triple terms…):
        # fall back to the keyword, outside strings, IRIs and comments; fail closed.
        if "SERVICE" in keywords(query):
            raise ForbiddenOperationError("federated queries (SERVICE) are not allowed") from None
        return
    if _has_service(tree):
        raise ForbiddenOperationError("federated queries (SERVICE) are not allowed")


def _has_service(node: object) -> bool:
    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, ParseResults | list | tuple):
        return any(_has_service(v) for v in node)
    return False


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update (asked only after the query parser refused it).

    An update with no operation (an empty or comment-only text, a bare prologue) is grammatical
    SPARQL Update but asks nothing: it is a malformed query (400), not a forbidden update (403).
    """
    try:
        update = parseUpdate(text)
    except ParseBaseException:
        return False
    return "request" in update


# Lexical tokens of SPARQL that can hide a keyword-like word: comments, strings (long forms
# first), IRIs, variables, prefixed names. What is left as a bare word is a keyword.
_TOKENS = re.compile(
    r"""
      \#[^\n]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n]|\\.)*'
    | "(?:[^"\\\n]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$]\w+
    | [A-Za-z_][\w.-]*:[\w.:%-]*
    | :[\w.:%-]*
    | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(query: str) -> Counter[str]:
    """The bare words of a query (upper-cased), counted: keywords and function names, nothing
    quoted, no variables or prefixed names."""
    return Counter(m.group("word").upper() for m in _TOKENS.finditer(query) if m.group("word"))
