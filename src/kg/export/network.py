"""The blame network read from the store: actors as nodes, statements as directed edges.

One SPARQL 1.1 SELECT (:func:`network_query`) reads every statement that has a speaker
(``sem:accordingTo``) and a target (``kg:target``) together with the attributes of both actors;
the filters of :class:`Filters` become ``VALUES`` and ``FILTER`` clauses of that query, so the
store, not Python, selects the statements. Nodes are the actors those statements connect, with
their counts over the *selected* statements.

Statements live in the article graphs, actors in the shared ``https://w3id.org/kg/knowledge``
graph (or repeated in article graphs), kinds in the ontology graph: the query reads their merge
(:func:`query_merge`). Actor attributes come from a grouped subquery and the query is
``DISTINCT``, so repeated or multi-valued data never multiplies edges.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import pyoxigraph as ox

from kg.errors import QueryError
from kg.vocab import KG, sparql_prologue

#: The statement kinds of the ontology (SKOS scheme ``kg:StatementKinds``), by local name.
STATEMENT_KINDS: tuple[str, ...] = (
    "accuse", "condemn", "hold_responsible", "describe_as_aggression", "call_to_stop", "deny",
    "concern", "call_for_restraint", "casualty_claim", "announce", "refuse_to_blame",
)
#: The concrete actor classes; the graph gives each actor one of them (besides ``kg:Actor``),
#: which becomes the node's ``type`` (should data give several, the least IRI is taken).
ACTOR_TYPES: tuple[str, ...] = (
    "State", "Person", "GovernmentBody", "ArmedForces", "InternationalOrganization",
    "NonStateGroup", "NewsAgency", "Organization",
)


@dataclass(frozen=True)
class Filters:
    """What to export; every field narrows the selection, the defaults select all blame.

    - ``date_from`` / ``date_to``: inclusive bounds on the statement's date, which is
      ``kg:statementDate`` when known, else ``kg:latestDate`` ("by when"); with either bound set,
      undated statements are left out.
    - ``kinds``: local names of statement kinds (``("accuse", "deny")``); empty = the blame kinds
      (``skos:broader kg:blame``). Only statements with a target are edges, whatever the kind.
    - ``actor``: an actor IRI; only statements where it is the speaker or the target.
    - ``min_confidence``: keep statements with ``kg:confidence`` ≥ this value.
    """

    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] = ()
    actor: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        unknown = [k for k in self.kinds if k not in STATEMENT_KINDS]
        if unknown:
            raise QueryError("unknown statement kind", kinds=", ".join(unknown),
                             known=", ".join(STATEMENT_KINDS))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("the date range is empty", date_from=self.date_from, date_to=self.date_to)
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise QueryError("minimum confidence must be within [0, 1]", min_confidence=self.min_confidence)
        if self.actor is not None:
            try:
                ox.NamedNode(self.actor)
            except ValueError:
                raise QueryError("actor is not an absolute IRI", actor=self.actor) from None


@dataclass(frozen=True)
class Node:
    """An actor. ``type`` is the local name of its most specific kg class (``"State"``);
    ``country`` the ISO 3166-1 alpha-2 code of its ``kg:country``; the counts are over the
    exported statements (out-degree and in-degree)."""

    iri: str
    label_en: str | None
    label_ar: str | None
    type: str | None
    country: str | None
    statements_made: int
    statements_received: int


@dataclass(frozen=True)
class Edge:
    """A statement from its speaker (``source``) to its target.

    ``id`` is the local part of the statement IRI (after the last ``/``), unique within a network;
    ``kind`` is the local name of the kg kind; ``date`` the statement date, else the latest date;
    ``quote`` the quoted words and ``evidence`` the sentence (``kg:evidenceText``), both Arabic.
    """

    id: str
    statement: str
    source: str
    target: str
    kind: str
    date: date | None
    date_basis: str | None
    article: str | None
    quote: str | None
    evidence: str | None
    confidence: float | None


@dataclass(frozen=True)
class Network:
    """Nodes sorted by IRI, edges by (date, statement IRI); undated edges last."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


_ACTOR_COLUMNS = ("En", "Ar", "Type", "Iso")


def _actor_subquery(var: str) -> str:
    """Attributes of every actor, one row each (MIN picks one value where data repeats)."""
    types = " ".join(str(ox.NamedNode(KG[t])) for t in ACTOR_TYPES)
    return f"""
  OPTIONAL {{ {{
    SELECT ?{var} (MIN(?en) AS ?{var}En) (MIN(?ar) AS ?{var}Ar) (MIN(?type) AS ?{var}Type)
           (MIN(?iso) AS ?{var}Iso)
    WHERE {{
      ?{var} a kg:Actor .
      OPTIONAL {{ ?{var} rdfs:label ?en FILTER(lang(?en) = "en") }}
      OPTIONAL {{ ?{var} rdfs:label ?ar FILTER(lang(?ar) = "ar") }}
      OPTIONAL {{ VALUES ?type {{ {types} }} ?{var} a ?type }}
      OPTIONAL {{ ?{var} kg:country/kg:isoCode ?iso }}
    }} GROUP BY ?{var}
  }} }}"""


def network_query(filters: Filters) -> str:
    """The SPARQL query selecting the statements of ``filters`` (terms rendered by pyoxigraph)."""
    if filters.kinds:
        kinds = " ".join(str(ox.NamedNode(KG[k])) for k in filters.kinds)
        select_kind = f"VALUES ?kind {{ {kinds} }}"
    else:
        select_kind = "?kind skos:broader kg:blame ."
    conditions = []
    if filters.date_from:
        conditions.append(f"?date >= {_typed(filters.date_from.isoformat(), _XSD_DATE)}")
    if filters.date_to:
        conditions.append(f"?date <= {_typed(filters.date_to.isoformat(), _XSD_DATE)}")
    if filters.min_confidence is not None:
        conditions.append(f"?confidence >= {_typed(str(Decimal(str(filters.min_confidence))), _XSD_DECIMAL)}")
    if filters.actor:
        actor = ox.NamedNode(filters.actor)
        conditions.append(f"(?speaker = {actor} || ?target = {actor})")
    where = "".join(f"\n  FILTER({c})" for c in conditions)
    columns = " ".join(f"?{v}{c}" for v in ("speaker", "target") for c in _ACTOR_COLUMNS)
    return sparql_prologue() + f"""
SELECT DISTINCT ?statement ?speaker ?target ?kind ?date ?dateBasis ?article ?quote ?evidence
       ?confidence {columns}
WHERE {{
  {select_kind}
  ?statement kg:kind ?kind ;
             sem:accordingTo ?speaker ;
             kg:target ?target .
  OPTIONAL {{ ?statement kg:statementDate ?statementDate }}
  OPTIONAL {{ ?statement kg:latestDate ?latestDate }}
  BIND(COALESCE(?statementDate, ?latestDate) AS ?date)
  OPTIONAL {{ ?statement kg:confidence ?confidence }}{where}
  OPTIONAL {{ ?statement kg:dateBasis ?dateBasis }}
  OPTIONAL {{ ?statement kg:quote ?quote }}
  OPTIONAL {{ ?statement kg:evidenceText ?evidence }}
  OPTIONAL {{ ?statement prov:wasDerivedFrom ?article }}
  {_actor_subquery("speaker")}
  {_actor_subquery("target")}
}}
ORDER BY ?statement
"""


_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def _typed(lexical: str, datatype: str) -> str:
    """A typed literal in SPARQL syntax, written by pyoxigraph (N-Triples form)."""
    return str(ox.Literal(lexical, datatype=ox.NamedNode(datatype)))


def query_merge(store: ox.Store, query: str) -> ox.QuerySolutions:
    """Evaluate a SELECT ``query`` over the merge of the store's named graphs.

    :func:`kg.store.write_store` materialises that merge as the store's default graph (a set:
    each distinct triple once), so the query reads the default graph. A store whose default
    graph is empty (built by other means) is read through pyoxigraph's union of all graphs
    instead, a multiset in which a triple held by N graphs matches N times: hence ``DISTINCT``
    in the export queries. (Passing the union flag on a materialised store would count every
    triple at least twice and make chains of OPTIONALs multiply.)
    """
    empty = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    try:
        solutions = store.query(query, use_default_graph_as_union=empty)
    except (SyntaxError, OSError) as exc:  # a bug in the export query, or an unreadable store
        raise QueryError(f"the export query failed: {exc}") from exc
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def read_network(store: ox.Store, filters: Filters | None = None) -> Network:
    """Run :func:`network_query` on ``store`` (:func:`query_merge`) and build the network."""
    filters = filters or Filters()
    solutions = query_merge(store, network_query(filters))
    edges: dict[str, Edge] = {}
    actors: dict[str, tuple[str | None, ...]] = {}
    for row in solutions:
        statement = _value(row["statement"])
        if statement is None or statement in edges:
            continue  # the same statement twice: data that breaks the 0..1 cardinalities
        source, target = _value(row["speaker"]), _value(row["target"])
        assert source is not None and target is not None
        for role, iri in (("speaker", source), ("target", target)):
            actors.setdefault(iri, tuple(_value(row[f"{role}{c}"]) for c in _ACTOR_COLUMNS))
        when, confidence = _value(row["date"]), _value(row["confidence"])
        edges[statement] = Edge(
            id="",  # set below, once all local names are known
            statement=statement,
            source=source,
            target=target,
            kind=_local(_value(row["kind"]) or ""),
            date=date.fromisoformat(when) if when else None,
            date_basis=_value(row["dateBasis"]),
            article=_value(row["article"]),
            quote=_value(row["quote"]),
            evidence=_value(row["evidence"]),
            confidence=float(confidence) if confidence is not None else None,
        )
    ordered = sorted(edges.values(), key=lambda e: (e.date is None, e.date or date.min, e.statement))
    ids = _edge_ids([e.statement for e in ordered])
    final = tuple(replace(e, id=ids[e.statement]) for e in ordered)
    made = Counter(e.source for e in final)
    received = Counter(e.target for e in final)
    nodes = tuple(
        Node(iri, en, ar, _local(kind) if kind else None, iso, made[iri], received[iri])
        for iri, (en, ar, kind, iso) in sorted(actors.items())
    )
    return Network(nodes, final)


def _edge_ids(statements: list[str]) -> dict[str, str]:
    """The local part of each statement IRI; the whole IRI where two local parts collide."""
    local = Counter(_local(s) for s in statements)
    return {s: _local(s) if local[_local(s)] == 1 else s for s in statements}


_LOCAL = re.compile(r"[^/#]*$")


def _local(iri: str) -> str:
    """The part after the last ``/`` or ``#`` (``kg:accuse`` → ``accuse``)."""
    match = _LOCAL.search(iri)
    return match.group(0) if match and match.group(0) else iri


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value
