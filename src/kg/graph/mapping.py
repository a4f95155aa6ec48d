"""Facts → RDF: one :class:`~kg.model.Extraction` becomes one named graph (docs/contracts.md, stage 3).

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
* Decimals are written in the canonical form pyoxigraph stores (``0.85``, ``40``), so a graph read
  back from the store is term-for-term the graph written.
* Evidence follows the W3C Web Annotation model (§4.2.4 Text Quote Selector, §4.2.5 Text Position
  Selector): offsets count Unicode code points into ``Article.text``, as Python slicing does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.graph.derived import add_derived
from kg.graph.iris import Minter
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
from kg.vocab import GEO, GSP, KG, OA, OWL, PROV, RDF, RDFS, SCHEMA, SEM, WD, XSD, bind_prefixes

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

_WIKIDATA = re.compile(r"(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)")


def to_dataset(
    extraction: Extraction,
    minter: Minter,
    *,
    actors: Mapping[str, Actor] | None = None,
    places: Mapping[str, Place] | None = None,
) -> Dataset:
    """Map everything extracted from one article into a Dataset with one named graph.

    ``actors`` / ``places`` look up parent keys (``Actor.parent``, ``Place.parent``) and the
    state of a country code, so a ministry's state gets its own triples in the graph too. A parent
    that cannot be looked up is still linked by IRI (minted from its key) but not described.

    Statements with one identity (kind, speaker, target, span: one IRI) collapse into the most
    confident one (see ``_ArticleMapper.distinct_statements``).

    Raises :class:`~kg.errors.GraphError` when the facts are inconsistent: an evidence span outside
    the text or differing from ``Statement.evidence``, an unknown kind or actor type, an
    ``event_key`` naming no event, a component without a version in ``Extraction.components``, two
    different actors (or places) under one key, a place with only one coordinate, a non-finite
    number, a malformed Wikidata id.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(minter.graph(extraction.article.id))
    _ArticleMapper(graph, extraction, minter, actors or {}, places or {}).run()
    add_derived(graph)  # shortcut triples for the named questions (kg.graph.derived)
    return dataset


class _ArticleMapper:
    """Writes one article's triples into ``graph``; describes each actor, place and activity once."""

    def __init__(
        self,
        graph: Graph,
        extraction: Extraction,
        minter: Minter,
        actors: Mapping[str, Actor],
        places: Mapping[str, Place],
    ) -> None:
        self.g = graph
        self.x = extraction
        self.article: Article = extraction.article
        self.m = minter
        self.actors = actors
        self.places = places
        self.article_iri = minter.article(self.article.id)
        self._activities: set[URIRef] = set()
        self._definitions: dict[URIRef, Actor | Place] = {}
        # A country code resolves to the state actor carrying it, from the lookup or the extraction.
        self._states: dict[str, Actor] = {
            a.country.upper(): a for a in self._known_actors() if a.type == "state" and a.country
        }

    def _known_actors(self) -> Iterable[Actor]:
        yield from self.actors.values()
        yield from (m.actor for m in self.x.mentions)
        for s in self.x.statements:
            yield s.speaker
            if s.target is not None:
                yield s.target
        for e in self.x.events:
            yield from e.agents

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.g.add((s, p, o))

    def run(self) -> None:
        self.add_article()
        for mention in self.x.mentions:
            self.add(self.article_iri, SCHEMA.mentions, self.add_actor(mention.actor))
        for pm in self.x.places:
            self.add(self.article_iri, SCHEMA.mentions, self.add_place(pm.place))
        # Mention offsets are not mapped: statements and events carry their own evidence spans,
        # and per-mention annotations would triple the graph for no question we answer.
        event_keys = {e.key for e in self.x.events}
        for event in self.x.events:
            self.add_event(event)
        for statement in self.distinct_statements():
            self.add_statement(statement, event_keys)

    def distinct_statements(self) -> list[Statement]:
        """One statement per IRI, i.e. per (kind, speaker, target, sentence span).

        ANNOTATION.md counts one statement per speaker–target pair and kind within a sentence; when
        the extractor reports the same one twice (two cues in one sentence: قال … وأضاف), the one
        with the highest confidence (then the earliest) stands for both and the others are dropped:
        they would otherwise merge into one node with two confidences and two cues.
        """
        best: dict[URIRef, Statement] = {}
        for st in self.x.statements:
            iri = self.statement_iri(st)
            if iri not in best or st.confidence > best[iri].confidence:
                best[iri] = st
        return list(best.values())

    def statement_iri(self, st: Statement) -> URIRef:
        target = st.target.key if st.target else None
        return self.m.statement(self.article.id, st.kind, st.speaker.key, target, st.start, st.end)

    # -- article --------------------------------------------------------------------------

    def add_article(self) -> None:
        a, s = self.article, self.article_iri
        self.add(s, RDF.type, KG.Article)
        self.add(s, SCHEMA.identifier, Literal(a.id))
        self.add(s, SCHEMA.inLanguage, Literal(a.language))
        self.add(s, SCHEMA.text, Literal(a.text, lang=a.language))
        self.add(s, KG.sha256, Literal(a.sha256))
        self.add(s, KG.originalFileName, Literal(a.file_name))
        self.add(s, KG.publicationDateBasis, Literal(a.published_basis))
        if a.published is not None:
            self.add(s, SCHEMA.datePublished, Literal(a.published))
        if a.outlet:
            self.add(s, SCHEMA.publisher, Literal(a.outlet))
        if a.url:
            # A literal, not an IRI: published URLs may hold characters an IRI term would reject.
            self.add(s, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI))
        if a.title:
            self.add(s, SCHEMA.headline, Literal(a.title, lang=a.language))

    # -- actors and places ----------------------------------------------------------------

    def add_actor(self, actor: Actor) -> URIRef:
        """Describe ``actor`` (once), its parent chain and its state; return its IRI."""
        iri = self.m.actor(actor.key)
        if self._seen(iri, actor):
            return iri
        try:
            cls = ACTOR_CLASSES[actor.type]
        except KeyError:
            raise GraphError("unknown actor type", key=actor.key, type=actor.type) from None
        self.add(iri, RDF.type, cls)
        self.add(iri, RDF.type, KG.Actor)
        self.add_labels(iri, actor.label_en, actor.label_ar)
        if actor.type == "state":
            if actor.country:
                self.add(iri, KG.isoCode, Literal(actor.country.upper()))
            self.add(iri, KG.country, iri)
        elif actor.country:
            self.add(iri, KG.country, self.state_iri(actor.country))
        if actor.parent:
            self.add(iri, KG.memberOf, self.linked_actor(actor.parent))
        if actor.role_en and actor.type == "person":
            self.add(iri, KG.role, Literal(actor.role_en, lang="en"))
        if actor.wikidata:
            self.add(iri, OWL.sameAs, wikidata_iri(actor.wikidata))
        return iri

    def _seen(self, iri: URIRef, definition: Actor | Place) -> bool:
        """True if ``iri`` is already described; two different definitions under one key are an error
        (they would give one IRI two English labels in the union graph)."""
        known = self._definitions.get(iri)
        if known is None:
            self._definitions[iri] = definition
            return False
        if known != definition:
            raise GraphError("two different definitions share one key", article=self.article.id, iri=str(iri))
        return True

    def linked_actor(self, key: str) -> URIRef:
        parent = self.actors.get(key)
        return self.add_actor(parent) if parent is not None else self.m.actor(key)

    def state_iri(self, code: str) -> URIRef:
        state = self._states.get(code.upper())
        if state is not None:
            return self.add_actor(state)
        # Not described anywhere we can see: link by the gazetteer's key convention (state-xx);
        # SHACL reports the undescribed state as a warning.
        return self.m.actor(f"state-{code.lower()}")

    def add_place(self, place: Place) -> URIRef:
        iri = self.m.place(place.key)
        if self._seen(iri, place):
            return iri
        self.add(iri, RDF.type, KG.Place)
        self.add_labels(iri, place.label_en, place.label_ar)
        if place.country:
            self.add(iri, KG.country, self.state_iri(place.country))
        if (place.lat is None) != (place.lon is None):
            raise GraphError("a place needs both latitude and longitude or neither", key=place.key)
        if place.lat is not None and place.lon is not None:
            lat = decimal_literal(place.lat, COORDINATE_PLACES, what="latitude")
            lon = decimal_literal(place.lon, COORDINATE_PLACES, what="longitude")
            self.add(iri, GEO.lat, lat)
            self.add(iri, GEO.long, lon)
            geometry = self.m.geometry(iri)
            self.add(iri, GSP.hasGeometry, geometry)
            self.add(geometry, RDF.type, GSP.Geometry)
            # WKT order is longitude latitude (CRS84, GeoSPARQL 1.1 §8.5.1).
            self.add(geometry, GSP.asWKT, Literal(f"POINT({lon} {lat})", datatype=GSP.wktLiteral))
        if place.parent:
            parent = self.places.get(place.parent)
            container = self.add_place(parent) if parent is not None else self.m.place(place.parent)
            self.add(iri, SCHEMA.containedInPlace, container)
        if place.wikidata:
            self.add(iri, OWL.sameAs, wikidata_iri(place.wikidata))
        return iri

    def add_labels(self, iri: URIRef, label_en: str, label_ar: str) -> None:
        self.add(iri, RDFS.label, Literal(label_en, lang="en"))
        self.add(iri, RDFS.label, Literal(label_ar, lang="ar"))

    # -- provenance and evidence ----------------------------------------------------------

    def activity(self, component: str) -> URIRef:
        try:
            version = self.x.components[component]
        except KeyError:
            raise GraphError(
                "component has no version in Extraction.components",
                article=self.article.id,
                component=component,
            ) from None
        iri = self.m.activity(component, version)
        if iri not in self._activities:
            self._activities.add(iri)
            self.add(iri, RDF.type, KG.ExtractionActivity)
            self.add(iri, KG.component, Literal(component))
            self.add(iri, KG.componentVersion, Literal(version))
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

    def add_evidence(self, subject: URIRef, start: int, end: int) -> str:
        """Attach ``kg:evidence`` (oa:SpecificResource + quote and position selectors)."""
        exact = self.span(start, end)
        text = self.article.text
        evidence = self.m.evidence(subject)
        quote = self.m.quote_selector(subject)
        position = self.m.position_selector(subject)
        self.add(subject, KG.evidence, evidence)
        self.add(evidence, RDF.type, OA.SpecificResource)
        self.add(evidence, OA.hasSource, self.article_iri)
        self.add(evidence, OA.hasSelector, quote)
        self.add(evidence, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(exact))
        if prefix := text[max(0, start - CONTEXT_CHARS) : start]:
            self.add(quote, OA.prefix, Literal(prefix))
        if suffix := text[end : end + CONTEXT_CHARS]:
            self.add(quote, OA.suffix, Literal(suffix))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(start))
        self.add(position, OA.end, Literal(end))
        self.add(subject, KG.evidenceText, Literal(exact, lang="ar"))
        return exact

    def add_date(self, subject: URIRef, date: ResolvedDate, exact: URIRef) -> None:
        """``exact`` (kg:statementDate / kg:eventDate) for a known day; bounds whenever known.

        An exact day is also its own earliest and latest date, so "when, at the latest" is one
        property (kg:latestDate) for every dated statement, exact, interval or bounded.
        """
        self.add(subject, KG.dateBasis, Literal(date.basis))
        if date.value is not None:
            self.add(subject, exact, Literal(date.value))
        earliest = date.earliest or date.value
        latest = date.latest or date.value
        if latest is None and date.basis == "bounded":
            latest = self.article.published  # ANNOTATION.md "Date" rule 3
        if earliest is not None:
            self.add(subject, KG.earliestDate, Literal(earliest))
        if latest is not None:
            self.add(subject, KG.latestDate, Literal(latest))

    # -- events and statements ------------------------------------------------------------

    def add_event(self, event: Event) -> URIRef:
        iri = self.m.event(self.article.id, event.key)
        try:
            cls = EVENT_CLASSES[event.kind]
        except KeyError:
            raise GraphError("unknown event kind", article=self.article.id, kind=event.kind) from None
        self.add(iri, RDF.type, cls)
        self.add(iri, RDF.type, KG.Event)
        self.add(iri, PROV.wasDerivedFrom, self.article_iri)
        self.add(iri, PROV.wasGeneratedBy, self.activity(EVENT_COMPONENT))
        self.add_evidence(iri, event.start, event.end)
        self.add_date(iri, event.date, KG.eventDate)
        for place in event.places:
            self.add(iri, SEM.hasPlace, self.add_place(place))
        for agent in event.agents:
            self.add(iri, SEM.hasActor, self.add_actor(agent))
        return iri

    def add_statement(self, st: Statement, event_keys: set[str]) -> URIRef:
        a = self.article
        if st.article_id != a.id:
            raise GraphError("statement belongs to another article", article=a.id, other=st.article_id)
        try:
            kind = KIND_CONCEPTS[st.kind]
        except KeyError:
            raise GraphError("unknown statement kind", article=a.id, kind=st.kind) from None
        iri = self.statement_iri(st)
        self.add(iri, RDF.type, KG.Statement)
        if st.kind in BLAME_KINDS:
            self.add(iri, RDF.type, KG.BlameStatement)
        if st.kind == "casualty_claim" or st.casualties is not None:
            self.add(iri, RDF.type, KG.CasualtyClaim)
        self.add(iri, KG.kind, kind)
        self.add(iri, SEM.accordingTo, self.add_actor(st.speaker))
        if st.target is not None:
            self.add(iri, KG.target, self.add_actor(st.target))
        exact = self.add_evidence(iri, st.start, st.end)
        if st.evidence != exact:
            raise GraphError(
                "Statement.evidence differs from the article text at its offsets",
                article=a.id,
                offset=st.start,
            )
        self.add_date(iri, st.date, KG.statementDate)
        self.add(iri, KG.confidence, decimal_literal(st.confidence, CONFIDENCE_PLACES, what="confidence"))
        if st.cue:
            self.add(iri, KG.cue, Literal(st.cue, lang="ar"))
        if st.quote_start is not None and st.quote_end is not None:
            self.add(iri, KG.quote, Literal(self.span(st.quote_start, st.quote_end), lang="ar"))
        if st.event_key is not None:
            if st.event_key not in event_keys:
                raise GraphError("statement names an unknown event", article=a.id, event=st.event_key)
            self.add(iri, KG.aboutEvent, self.m.event(a.id, st.event_key))
        if st.casualties is not None:
            c = st.casualties
            self.add(iri, KG.casualtyCount, Literal(c.count))
            self.add(iri, KG.casualtyCategory, Literal(c.category))
            self.add(iri, KG.casualtyStatus, Literal(c.status))
            if c.side is not None:
                self.add(iri, KG.casualtySide, self.add_actor(c.side))
        self.add(iri, PROV.wasDerivedFrom, self.article_iri)
        self.add(iri, PROV.wasGeneratedBy, self.activity(st.component))
        return iri


def decimal_literal(value: float, places: int, *, what: str) -> Literal:
    """``value`` as an xsd:decimal in canonical lexical form (no exponent, no trailing zeros)."""
    if not math.isfinite(value):
        raise GraphError("number is not finite", what=what, value=value)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    if text in {"", "-0"}:
        text = "0"
    return Literal(text, datatype=XSD.decimal)


def wikidata_iri(value: str) -> URIRef:
    """``Q42`` or a Wikidata entity URL → ``wd:Q42``."""
    match = _WIKIDATA.fullmatch(value.strip())
    if match is None:
        raise GraphError("not a Wikidata entity id", value=value)
    return WD[match.group(1)]
