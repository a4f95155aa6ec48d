"""Facts → RDF: one :class:`~kg.model.Extraction` becomes one named graph (docs/contracts.md, stage 3).

:func:`article_quads` is the mapping: it writes pyoxigraph quads directly (what the store loads),
derived triples included (:mod:`kg.graph.derived`). :func:`to_dataset` is the same quads as an
rdflib Dataset, for callers that need rdflib (pySHACL, TriG output).

The named graph of an article holds the article, its statements, events and their evidence, the
extraction activities that produced them, and every actor and place they mention (with the
parent chain of each: a ministry brings its state). Curated actors and places repeat across
graphs with the same IRIs and the same triples, so the union graph stays consistent.

Choices that shape the triples:

* Types are materialised up to the kg: root class (a ministry is ``kg:GovernmentBody`` and
  ``kg:Actor``; a blame statement is also ``kg:Statement``; a shelling also ``kg:Event``), so
  queries and SHACL targets work on a store without inference. Intermediate (``kg:Organization``)
  and external superclasses (sem:, prov:, schema:) are left to the ontology.
* ``kg:country`` of a state is the state itself (ontology: kg:country is a shortcut), so one
  triple pattern groups every actor with its state.
* Literals are written in the canonical form pyoxigraph stores (decimals ``0.85``, ``40``; integers
  without leading zeros; dates ``yyyy-mm-dd``; language tags lower-cased), so a graph read back
  from the store is term-for-term the graph written.
* Evidence follows the W3C Web Annotation model (§4.2.4 Text Quote Selector, §4.2.5 Text Position
  Selector): offsets count Unicode code points into ``Article.text``, as Python slicing does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import GraphError
from kg.graph.derived import Triple, derived_triples
from kg.graph.iris import Minter
from kg.graph.quads import OxTerms, from_oxigraph_quads
from kg.model import (
    BLAME_KINDS,
    STATEMENT_KINDS,
    Actor,
    Article,
    Event,
    Extraction,
    Place,
    ResolvedDate,
    Statement,
)
from kg.vocab import GEO, GSP, KG, OA, OWL, PROV, RDF, RDFS, SCHEMA, SEM, WD, XSD

#: Characters of context kept before and after an evidence span (oa:prefix / oa:suffix).
CONTEXT_CHARS = 32
#: Decimal places kept for confidences (far beyond the extractor's resolution) and coordinates
#: (6 places ≈ 0.1 m); rounding avoids float noise such as 0.30000000000000004 in the graph.
CONFIDENCE_PLACES = 4
COORDINATE_PLACES = 6
#: Events carry no component name in the model; they come from this component.
EVENT_COMPONENT = "events"

ACTOR_CLASSES: dict[str, URIRef] = {
    "person": KG.Person,
    "state": KG.State,
    "body": KG.GovernmentBody,
    "armed_forces": KG.ArmedForces,
    "international": KG.InternationalOrganization,
    "group": KG.NonStateGroup,
    "agency": KG.NewsAgency,
}
EVENT_CLASSES: dict[str, URIRef] = {
    "clash": KG.Clash,
    "shelling": KG.Shelling,
    "drone_strike": KG.DroneStrike,
    "ceasefire": KG.Ceasefire,
    "ceasefire_violation": KG.CeasefireViolation,
    "military_operation": KG.MilitaryOperation,
    "protest": KG.Protest,
    "casualty_report": KG.CasualtyReport,
}
#: Statement kind name (model.STATEMENT_KINDS) → SKOS concept.
KIND_CONCEPTS: dict[str, URIRef] = {kind: KG[kind] for kind in sorted(STATEMENT_KINDS)}

# The same terms as pyoxigraph NamedNodes, made once (the mapping writes ~2,000 triples an article).
_KG, _RDF, _RDFS, _OWL, _PROV = OxTerms(KG), OxTerms(RDF), OxTerms(RDFS), OxTerms(OWL), OxTerms(PROV)
_SEM, _SCHEMA, _OA, _GEO, _GSP = OxTerms(SEM), OxTerms(SCHEMA), OxTerms(OA), OxTerms(GEO), OxTerms(GSP)
_XSD = OxTerms(XSD)
_ACTOR_CLASSES = {name: ox.NamedNode(str(iri)) for name, iri in ACTOR_CLASSES.items()}
_EVENT_CLASSES = {name: ox.NamedNode(str(iri)) for name, iri in EVENT_CLASSES.items()}
_KIND_CONCEPTS = {name: ox.NamedNode(str(iri)) for name, iri in KIND_CONCEPTS.items()}

_WIKIDATA = re.compile(r"(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)")


def article_quads(
    extraction: Extraction,
    minter: Minter,
    *,
    actors: Mapping[str, Actor] | None = None,
    places: Mapping[str, Place] | None = None,
) -> list[ox.Quad]:
    """Map everything extracted from one article into the quads of its named graph (no duplicates).

    ``actors`` / ``places`` look up parent keys (``Actor.parent``, ``Place.parent``) and the
    state of a country code, so a ministry's state gets its own triples in the graph too. A parent
    that cannot be looked up is still linked by IRI (minted from its key) but not described.
    The derived shortcut triples (:mod:`kg.graph.derived`) are included.

    Statements with one identity (kind, speaker, target, span: one IRI) collapse into the most
    confident one (see ``_ArticleMapper.distinct_statements``).

    Raises :class:`~kg.errors.GraphError` when the facts are inconsistent: an evidence span outside
    the text or differing from ``Statement.evidence``, an unknown kind or actor type, an
    ``event_key`` naming no event, a component without a version in ``Extraction.components``, two
    different actors (or places) under one key, a place with only one coordinate, a non-finite
    number, a malformed Wikidata id, an invalid language tag.
    """
    graph = ox.NamedNode(minter.graph(extraction.article.id))
    return [ox.Quad(s, p, o, graph) for s, p, o in _article_triples(extraction, minter, actors, places)]


def split_article_quads(
    extraction: Extraction,
    minter: Minter,
    *,
    actors: Mapping[str, Actor] | None = None,
    places: Mapping[str, Place] | None = None,
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """``split_shared(article_quads(...), minter)`` in one pass: (the article's own quads, the quads
    of what it describes for the shared graph, already in :meth:`Minter.shared_graph`).

    What the build stores; together the two lists hold the triples of :func:`article_quads`.
    Builds each quad once (a pyoxigraph Quad costs microseconds, the article has ~2,000).
    """
    graph = ox.NamedNode(minter.graph(extraction.article.id))
    shared_graph = ox.NamedNode(minter.shared_graph())
    own: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    is_shared: dict[object, bool] = {}  # per subject: a subject has ~10 triples
    for s, p, o in _article_triples(extraction, minter, actors, places):
        home = is_shared.get(s)
        if home is None:
            home = is_shared[s] = isinstance(s, ox.NamedNode) and minter.is_shared(s.value)
        if home:
            shared.append(ox.Quad(s, p, o, shared_graph))
        else:
            own.append(ox.Quad(s, p, o, graph))
    return own, shared


def _article_triples(
    extraction: Extraction,
    minter: Minter,
    actors: Mapping[str, Actor] | None,
    places: Mapping[str, Place] | None,
) -> dict[Triple, None]:
    """The mapping: the article's triples, derived ones included, each once."""
    triples = _ArticleMapper(extraction, minter, actors or {}, places or {}).run()
    triples.extend(derived_triples(triples))  # shortcut triples for the named questions
    # A graph is a set: one mention per actor, whatever the number of times the article names it.
    return dict.fromkeys(triples)


def to_dataset(
    extraction: Extraction,
    minter: Minter,
    *,
    actors: Mapping[str, Actor] | None = None,
    places: Mapping[str, Place] | None = None,
) -> Dataset:
    """:func:`article_quads` as an rdflib Dataset with one named graph (same arguments, same errors).

    For the callers that need rdflib (pySHACL, TriG output); the build stores the quads directly.
    """
    return from_oxigraph_quads(article_quads(extraction, minter, actors=actors, places=places))


class _ArticleMapper:
    """Collects one article's triples; describes each actor, place and activity once."""

    def __init__(
        self,
        extraction: Extraction,
        minter: Minter,
        actors: Mapping[str, Actor],
        places: Mapping[str, Place],
    ) -> None:
        self.triples: list[Triple] = []
        self.x = extraction
        self.article: Article = extraction.article
        self.m = minter
        self.actors = actors
        self.places = places
        self.article_iri = ox.NamedNode(minter.article(self.article.id))
        self._activities: dict[str, ox.NamedNode] = {}
        self._definitions: dict[str, Actor | Place] = {}
        self._actor_iris: dict[str, ox.NamedNode] = {}
        self._place_iris: dict[str, ox.NamedNode] = {}
        # A country code resolves to the state actor carrying it, from the lookup or the extraction
        # (the extraction's own actors win).
        self._states: dict[str, Actor] = {
            a.country.upper(): a for a in actors.values() if a.type == "state" and a.country
        }
        self._states.update(
            (a.country.upper(), a) for a in self._extracted_actors() if a.type == "state" and a.country
        )

    def _extracted_actors(self) -> Iterable[Actor]:
        yield from (m.actor for m in self.x.mentions)
        for s in self.x.statements:
            yield s.speaker
            if s.target is not None:
                yield s.target
        for e in self.x.events:
            yield from e.agents

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append((s, p, o))

    def run(self) -> list[Triple]:
        self.add_article()
        for mention in self.x.mentions:
            self.add(self.article_iri, _SCHEMA.mentions, self.add_actor(mention.actor))
        for pm in self.x.places:
            self.add(self.article_iri, _SCHEMA.mentions, self.add_place(pm.place))
        # Mention offsets are not mapped: statements and events carry their own evidence spans,
        # and per-mention annotations would triple the graph for no question we answer.
        event_keys = {e.key for e in self.x.events}
        for event in self.x.events:
            self.add_event(event)
        for iri, statement in self.distinct_statements():
            self.add_statement(iri, statement, event_keys)
        return self.triples

    def distinct_statements(self) -> list[tuple[URIRef, Statement]]:
        """One statement per IRI, i.e. per (kind, speaker, target, sentence span).

        ANNOTATION.md counts one statement per speaker–target pair and kind within a sentence; when
        the extractor reports the same one twice (two cues in one sentence: قال … وأضاف), the one
        with the highest confidence (then the earliest) stands for both and the others are dropped:
        they would otherwise merge into one node with two confidences and two cues.
        """
        best: dict[URIRef, Statement] = {}
        for st in self.x.statements:
            target = st.target.key if st.target else None
            iri = self.m.statement(self.article.id, st.kind, st.speaker.key, target, st.start, st.end)
            if iri not in best or st.confidence > best[iri].confidence:
                best[iri] = st
        return list(best.items())

    # -- article --------------------------------------------------------------------------

    def add_article(self) -> None:
        a, s = self.article, self.article_iri
        self.add(s, _RDF.type, _KG.Article)
        self.add(s, _SCHEMA.identifier, ox.Literal(a.id))
        self.add(s, _SCHEMA.inLanguage, ox.Literal(a.language))
        self.add(s, _SCHEMA.text, self.text_literal(a.text))
        self.add(s, _KG.sha256, ox.Literal(a.sha256))
        self.add(s, _KG.originalFileName, ox.Literal(a.file_name))
        self.add(s, _KG.publicationDateBasis, ox.Literal(a.published_basis))
        if a.published is not None:
            self.add(s, _SCHEMA.datePublished, date_literal(a.published))
        if a.outlet:
            self.add(s, _SCHEMA.publisher, ox.Literal(a.outlet))
        if a.url:
            # A literal, not an IRI: published URLs may hold characters an IRI term would reject.
            self.add(s, _SCHEMA.url, ox.Literal(a.url, datatype=_XSD.anyURI))
        if a.title:
            self.add(s, _SCHEMA.headline, self.text_literal(a.title))

    def text_literal(self, text: str) -> ox.Literal:
        """``text`` tagged with the article's language (untagged if the article names none)."""
        language = self.article.language
        if not language:
            return ox.Literal(text)
        try:
            return ox.Literal(text, language=language)
        except ValueError:
            raise GraphError("invalid language tag", article=self.article.id, language=language) from None

    # -- actors and places ----------------------------------------------------------------

    def add_actor(self, actor: Actor) -> ox.NamedNode:
        """Describe ``actor`` (once), its parent chain and its state; return its IRI."""
        iri = self.actor_iri(actor.key)
        if self._seen(iri, actor):
            return iri
        try:
            cls = _ACTOR_CLASSES[actor.type]
        except KeyError:
            raise GraphError("unknown actor type", key=actor.key, type=actor.type) from None
        self.add(iri, _RDF.type, cls)
        self.add(iri, _RDF.type, _KG.Actor)
        self.add_labels(iri, actor.label_en, actor.label_ar)
        if actor.type == "state":
            if actor.country:
                self.add(iri, _KG.isoCode, ox.Literal(actor.country.upper()))
            self.add(iri, _KG.country, iri)
        elif actor.country:
            self.add(iri, _KG.country, self.state_iri(actor.country))
        if actor.parent:
            self.add(iri, _KG.memberOf, self.linked_actor(actor.parent))
        if actor.role_en and actor.type == "person":
            self.add(iri, _KG.role, ox.Literal(actor.role_en, language="en"))
        if actor.wikidata:
            self.add(iri, _OWL.sameAs, wikidata_iri(actor.wikidata))
        return iri

    def actor_iri(self, key: str) -> ox.NamedNode:
        iri = self._actor_iris.get(key)
        if iri is None:
            iri = self._actor_iris[key] = ox.NamedNode(self.m.actor(key))
        return iri

    def place_iri(self, key: str) -> ox.NamedNode:
        iri = self._place_iris.get(key)
        if iri is None:
            iri = self._place_iris[key] = ox.NamedNode(self.m.place(key))
        return iri

    def _seen(self, iri: ox.NamedNode, definition: Actor | Place) -> bool:
        """True if ``iri`` is already described; two different definitions under one key are an error
        (they would give one IRI two English labels in the union graph)."""
        known = self._definitions.get(iri.value)
        if known is None:
            self._definitions[iri.value] = definition
            return False
        if known is not definition and known != definition:
            raise GraphError(
                "two different definitions share one key", article=self.article.id, iri=iri.value
            )
        return True

    def linked_actor(self, key: str) -> ox.NamedNode:
        parent = self.actors.get(key)
        return self.add_actor(parent) if parent is not None else self.actor_iri(key)

    def state_iri(self, code: str) -> ox.NamedNode:
        state = self._states.get(code.upper())
        if state is not None:
            return self.add_actor(state)
        # Not described anywhere we can see: link by the gazetteer's key convention (state-xx);
        # SHACL reports the undescribed state as a warning.
        return self.actor_iri(f"state-{code.lower()}")

    def add_place(self, place: Place) -> ox.NamedNode:
        iri = self.place_iri(place.key)
        if self._seen(iri, place):
            return iri
        self.add(iri, _RDF.type, _KG.Place)
        self.add_labels(iri, place.label_en, place.label_ar)
        if place.country:
            self.add(iri, _KG.country, self.state_iri(place.country))
        if (place.lat is None) != (place.lon is None):
            raise GraphError("a place needs both latitude and longitude or neither", key=place.key)
        if place.lat is not None and place.lon is not None:
            lat = decimal_literal(place.lat, COORDINATE_PLACES, what="latitude")
            lon = decimal_literal(place.lon, COORDINATE_PLACES, what="longitude")
            self.add(iri, _GEO.lat, lat)
            self.add(iri, _GEO.long, lon)
            geometry = ox.NamedNode(self.m.geometry(self.m.place(place.key)))
            self.add(iri, _GSP.hasGeometry, geometry)
            self.add(geometry, _RDF.type, _GSP.Geometry)
            # WKT order is longitude latitude (CRS84, GeoSPARQL 1.1 §8.5.1).
            wkt = f"POINT({lon.value} {lat.value})"
            self.add(geometry, _GSP.asWKT, ox.Literal(wkt, datatype=_GSP.wktLiteral))
        if place.parent:
            parent = self.places.get(place.parent)
            container = self.add_place(parent) if parent is not None else self.place_iri(place.parent)
            self.add(iri, _SCHEMA.containedInPlace, container)
        if place.wikidata:
            self.add(iri, _OWL.sameAs, wikidata_iri(place.wikidata))
        return iri

    def add_labels(self, iri: ox.NamedNode, label_en: str, label_ar: str) -> None:
        self.add(iri, _RDFS.label, ox.Literal(label_en, language="en"))
        self.add(iri, _RDFS.label, ox.Literal(label_ar, language="ar"))

    # -- provenance and evidence ----------------------------------------------------------

    def activity(self, component: str) -> ox.NamedNode:
        iri = self._activities.get(component)
        if iri is not None:
            return iri
        try:
            version = self.x.components[component]
        except KeyError:
            raise GraphError(
                "component has no version in Extraction.components",
                article=self.article.id,
                component=component,
            ) from None
        iri = self._activities[component] = ox.NamedNode(self.m.activity(component, version))
        self.add(iri, _RDF.type, _KG.ExtractionActivity)
        self.add(iri, _KG.component, ox.Literal(component))
        self.add(iri, _KG.componentVersion, ox.Literal(version))
        return iri

    def span(self, start: int, end: int) -> str:
        text = self.article.text
        if not 0 <= start < end <= len(text):
            raise GraphError(
                "evidence span outside the article text",
                article=self.article.id,
                offset=start,
                end=end,
                length=len(text),
            )
        return text[start:end]

    def add_evidence(self, subject_iri: URIRef, subject: ox.NamedNode, start: int, end: int) -> str:
        """Attach ``kg:evidence`` (oa:SpecificResource + quote and position selectors)."""
        exact = self.span(start, end)
        text = self.article.text
        evidence = ox.NamedNode(self.m.evidence(subject_iri))
        quote = ox.NamedNode(self.m.quote_selector(subject_iri))
        position = ox.NamedNode(self.m.position_selector(subject_iri))
        self.add(subject, _KG.evidence, evidence)
        self.add(evidence, _RDF.type, _OA.SpecificResource)
        self.add(evidence, _OA.hasSource, self.article_iri)
        self.add(evidence, _OA.hasSelector, quote)
        self.add(evidence, _OA.hasSelector, position)
        self.add(quote, _RDF.type, _OA.TextQuoteSelector)
        self.add(quote, _OA.exact, ox.Literal(exact))
        if prefix := text[max(0, start - CONTEXT_CHARS) : start]:
            self.add(quote, _OA.prefix, ox.Literal(prefix))
        if suffix := text[end : end + CONTEXT_CHARS]:
            self.add(quote, _OA.suffix, ox.Literal(suffix))
        self.add(position, _RDF.type, _OA.TextPositionSelector)
        self.add(position, _OA.start, integer_literal(start))
        self.add(position, _OA.end, integer_literal(end))
        self.add(subject, _KG.evidenceText, ox.Literal(exact, language="ar"))
        return exact

    def add_date(self, subject: ox.NamedNode, date: ResolvedDate, exact: ox.NamedNode) -> None:
        """``exact`` (kg:statementDate / kg:eventDate) for a known day; bounds whenever known.

        An exact day is also its own earliest and latest date, so "when, at the latest" is one
        property (kg:latestDate) for every dated statement, exact, interval or bounded.
        """
        self.add(subject, _KG.dateBasis, ox.Literal(date.basis))
        if date.value is not None:
            self.add(subject, exact, date_literal(date.value))
        earliest = date.earliest or date.value
        latest = date.latest or date.value
        if latest is None and date.basis == "bounded":
            latest = self.article.published  # ANNOTATION.md "Date" rule 3
        if earliest is not None:
            self.add(subject, _KG.earliestDate, date_literal(earliest))
        if latest is not None:
            self.add(subject, _KG.latestDate, date_literal(latest))

    # -- events and statements ------------------------------------------------------------

    def add_event(self, event: Event) -> None:
        iri_ref = self.m.event(self.article.id, event.key)
        iri = ox.NamedNode(iri_ref)
        try:
            cls = _EVENT_CLASSES[event.kind]
        except KeyError:
            raise GraphError("unknown event kind", article=self.article.id, kind=event.kind) from None
        self.add(iri, _RDF.type, cls)
        self.add(iri, _RDF.type, _KG.Event)
        self.add(iri, _PROV.wasDerivedFrom, self.article_iri)
        self.add(iri, _PROV.wasGeneratedBy, self.activity(EVENT_COMPONENT))
        self.add_evidence(iri_ref, iri, event.start, event.end)
        self.add_date(iri, event.date, _KG.eventDate)
        for place in event.places:
            self.add(iri, _SEM.hasPlace, self.add_place(place))
        for agent in event.agents:
            self.add(iri, _SEM.hasActor, self.add_actor(agent))

    def add_statement(self, iri_ref: URIRef, st: Statement, event_keys: set[str]) -> None:
        a = self.article
        if st.article_id != a.id:
            raise GraphError("statement belongs to another article", article=a.id, other=st.article_id)
        try:
            kind = _KIND_CONCEPTS[st.kind]
        except KeyError:
            raise GraphError("unknown statement kind", article=a.id, kind=st.kind) from None
        iri = ox.NamedNode(iri_ref)
        self.add(iri, _RDF.type, _KG.Statement)
        if st.kind in BLAME_KINDS:
            self.add(iri, _RDF.type, _KG.BlameStatement)
        if st.kind == "casualty_claim" or st.casualties is not None:
            self.add(iri, _RDF.type, _KG.CasualtyClaim)
        self.add(iri, _KG.kind, kind)
        self.add(iri, _SEM.accordingTo, self.add_actor(st.speaker))
        if st.target is not None:
            self.add(iri, _KG.target, self.add_actor(st.target))
        exact = self.add_evidence(iri_ref, iri, st.start, st.end)
        if st.evidence != exact:
            raise GraphError(
                "Statement.evidence differs from the article text at its offsets",
                article=a.id,
                offset=st.start,
            )
        self.add_date(iri, st.date, _KG.statementDate)
        self.add(iri, _KG.confidence, decimal_literal(st.confidence, CONFIDENCE_PLACES, what="confidence"))
        if st.cue:
            self.add(iri, _KG.cue, ox.Literal(st.cue, language="ar"))
        if st.quote_start is not None and st.quote_end is not None:
            self.add(iri, _KG.quote, ox.Literal(self.span(st.quote_start, st.quote_end), language="ar"))
        if st.event_key is not None:
            if st.event_key not in event_keys:
                raise GraphError("statement names an unknown event", article=a.id, event=st.event_key)
            self.add(iri, _KG.aboutEvent, ox.NamedNode(self.m.event(a.id, st.event_key)))
        if st.casualties is not None:
            c = st.casualties
            self.add(iri, _KG.casualtyCount, integer_literal(c.count))
            self.add(iri, _KG.casualtyCategory, ox.Literal(c.category))
            self.add(iri, _KG.casualtyStatus, ox.Literal(c.status))
            if c.side is not None:
                self.add(iri, _KG.casualtySide, self.add_actor(c.side))
        self.add(iri, _PROV.wasDerivedFrom, self.article_iri)
        self.add(iri, _PROV.wasGeneratedBy, self.activity(st.component))


def decimal_literal(value: float, places: int, *, what: str) -> ox.Literal:
    """``value`` as an xsd:decimal in canonical lexical form (no exponent, no trailing zeros)."""
    if not math.isfinite(value):
        raise GraphError("number is not finite", what=what, value=value)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    if text in {"", "-0"}:
        text = "0"
    return ox.Literal(text, datatype=_XSD.decimal)


def integer_literal(value: int) -> ox.Literal:
    """``value`` as an xsd:integer in canonical lexical form (no ``+``, no leading zeros)."""
    if type(value) is not int:  # a bool or a float would otherwise slip through as a number
        raise GraphError("not an integer", value=repr(value))
    return ox.Literal(str(value), datatype=_XSD.integer)


def date_literal(day: date) -> ox.Literal:
    """``day`` as an xsd:date (``yyyy-mm-dd``)."""
    if isinstance(day, datetime):  # a date, not a moment: isoformat() would add the time
        raise GraphError("a date with a time of day", value=day.isoformat())
    return ox.Literal(day.isoformat(), datatype=_XSD.date)


def wikidata_iri(value: str) -> ox.NamedNode:
    """``Q42`` or a Wikidata entity URL → ``wd:Q42``."""
    match = _WIKIDATA.fullmatch(value.strip())
    if match is None:
        raise GraphError("not a Wikidata entity id", value=value)
    return ox.NamedNode(WD[match.group(1)])
