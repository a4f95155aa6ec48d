"""SPARQL 1.1 Protocol §2.1 requests, and the endpoint's policy on what it will evaluate.

Three ways to send a query (§2.1.1–2.1.3): ``GET ?query=``, ``POST`` form-encoded ``query=``,
``POST`` ``application/sparql-query`` with the query as body; the dataset comes from
``default-graph-uri`` / ``named-graph-uri`` (§2.1.4). ``SERVICE`` is refused (403): federated
query would let any client make this server send HTTP requests anywhere (SSRF).

Updates (§2.2: ``POST`` form-encoded ``update=``, or ``application/sparql-update``) are parsed
here into :attr:`SparqlRequest.update`; whether they may run is decided by
:mod:`kg.serve.writes` (an operator token), and what they may do by :func:`check_update_policy`.
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

    ``query`` is ``None`` for a bare ``GET /sparql`` (the client wants the service description)
    and for an update.
    """

    query: str | None
    update: str | None = None  # a SPARQL Update (Protocol §2.2), POST only
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
    carry ``query=`` in the URL. An ``update`` parameter here (a GET) is refused: updates are
    POSTed (Protocol §2.2).
    """
    names = {name for name, _ in params}
    if "update" in names:
        raise ForbiddenOperationError("SPARQL Update is accepted only by POST (SPARQL 1.1 Protocol "
                                      "§2.2), and only from the operator")
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
    """A POST request: a query (§2.1.2 form-encoded, §2.1.3 direct) or an update (§2.2.1
    form-encoded ``update=``, §2.2.2 ``application/sparql-update``)."""
    media, _, params = (content_type or "").partition(";")
    media = media.strip().lower()
    if media not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
        raise UnsupportedMediaTypeError(
            f"POST a query as {FORM} or {SPARQL_QUERY}, or an update as {FORM} or {SPARQL_UPDATE}, "
            f"not {media or 'no content type'}")
    charset = _charset(params)
    if charset.lower().replace("-", "") != "utf8":
        # Protocol §2.1.2/§2.1.3: the query is sent as UTF-8; anything else is refused, not guessed.
        raise UnsupportedMediaTypeError(f"SPARQL requests are UTF-8 encoded, not {charset}")
    try:
        text = body.decode(charset)
    except (UnicodeDecodeError, LookupError) as exc:
        raise QueryError(f"the request body is not valid {charset}") from exc
    if media == SPARQL_UPDATE:
        return _update_request(text, url_params)
    if media == FORM:
        form = parse_qsl(text, keep_blank_values=True)
        if any(name == "update" for name, _ in form):
            return _update_request(None, form)
        # The protocol puts every parameter in the body; ?format= in the URL is our extension.
        return from_params(form + [(n, v) for n, v in url_params if n == "format"])
    return from_params(url_params, body_query=text)


def _update_request(body: str | None, params: list[tuple[str, str]]) -> SparqlRequest:
    """An update request (§2.2): the update text from ``body`` or one ``update=`` parameter."""
    names = [name for name, _ in params]
    if "query" in names:
        raise QueryError("a request carries a query or an update, not both (SPARQL 1.1 Protocol §2.2)")
    if {"using-graph-uri", "using-named-graph-uri"} & set(names):
        # The engine offers no way to set an update's dataset; ignoring them would change what
        # the update does, so they are refused.
        raise QueryError("using-graph-uri and using-named-graph-uri are not supported; "
                         "write USING / WITH in the update instead")
    updates = [value for name, value in params if name == "update"]
    if body is not None:
        updates.append(body)
    if len(updates) != 1:
        raise QueryError("exactly one update per request (SPARQL 1.1 Protocol §2.2)")
    if not updates[0].strip():
        raise QueryError("the update is empty")
    return SparqlRequest(query=None, update=updates[0])


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


def check_update_policy(update: str) -> None:
    """Refuse an update the endpoint will not run, before it is applied (SPARQL 1.1 Update §3):

    - ``SERVICE`` anywhere (in a ``WHERE`` clause, nested or not): SSRF, as for queries;
    - ``LOAD``: it makes the server fetch a URL (SSRF);
    - a direct write of the default graph (triples outside ``GRAPH`` in ``INSERT`` / ``DELETE``
      without ``WITH``, ``CLEAR``/``DROP DEFAULT``, ``ADD``/``COPY``/``MOVE`` to the default
      graph, ``MOVE DEFAULT``): the default graph is the merge of the named graphs
      (:mod:`kg.store.updates`), so such a write could not stand.

    The check is a full parse (rdflib): an update it cannot parse is refused as malformed (400)
    rather than run unchecked.
    """
    try:
        tree = parseUpdate(update)
    except ParseBaseException as exc:
        raise QueryError(f"malformed update: {exc}") from None
    # CompValue.get(name) answers the name itself for a missing key: test membership instead.
    operations = list(tree["request"]) if "request" in tree else []
    if not operations:
        raise QueryError("the update has no operation")
    if _has_service(tree):
        raise ForbiddenOperationError("federated queries (SERVICE) are not allowed")
    for op in operations:
        if op.name == "Load":
            raise ForbiddenOperationError("LOAD is not allowed: it would make the server fetch a URL")
        if _writes_default_graph(op):
            raise ForbiddenOperationError(
                "the default graph is the merge of the named graphs and cannot be written directly: "
                "write a named graph (INSERT DATA { GRAPH <iri> { … } }, or WITH <iri> …)")


def _writes_default_graph(op: CompValue) -> bool:
    def top_level_triples(clause: object) -> bool:
        if not isinstance(clause, CompValue) or "quads" not in clause:
            return False
        quads = clause["quads"]
        return "triples" in quads and bool(quads["triples"])

    if op.name in ("InsertData", "DeleteData", "DeleteWhere"):
        return top_level_triples(op)
    if op.name == "Modify":
        return "withClause" not in op and (top_level_triples(op["delete"] if "delete" in op else None)
                                           or top_level_triples(op["insert"] if "insert" in op else None))
    if op.name in ("Clear", "Drop"):
        return "graphiri" in op and op["graphiri"] == "DEFAULT"
    if op.name in ("Add", "Copy", "Move"):
        source, target = op["graph"]
        return target == "DEFAULT" or (op.name == "Move" and source == "DEFAULT")
    return False


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
