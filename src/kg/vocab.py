"""Ontology terms as Python names: ``KG.Statement``, ``KG.accuse``; a typo raises, never mints.

:class:`KG` mirrors ``ontology/kg.ttl`` exactly (``tests/test_ontology.py`` fails if either names
a term the other lacks). The other vocabularies are declared with the terms this project uses,
also closed (``_fail = True``), so ``OA.exactt`` raises ``AttributeError`` instead of producing a
silently wrong IRI. Namespaces follow ``docs/contracts.md``: schema.org is ``https://schema.org/``
(rdflib's :data:`SDO`), ``geo`` is WGS84 over **http** (rdflib's ``WGS`` uses https, so it is not
used) and ``gsp`` is GeoSPARQL.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

#: The ontology document IRI (``owl:Ontology``) and the term namespace.
ONTOLOGY_IRI = URIRef("https://w3id.org/kg/ontology")


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``), prefix ``kg:``."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg/ontology#")

    # Classes
    Article: URIRef
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    GovernmentBody: URIRef
    ArmedForces: URIRef
    InternationalOrganization: URIRef
    NonStateGroup: URIRef
    NewsAgency: URIRef
    Place: URIRef
    Event: URIRef
    Clash: URIRef
    Shelling: URIRef
    DroneStrike: URIRef
    Ceasefire: URIRef
    CeasefireViolation: URIRef
    MilitaryOperation: URIRef
    Protest: URIRef
    CasualtyReport: URIRef
    Statement: URIRef
    BlameStatement: URIRef
    CasualtyClaim: URIRef
    StatementKind: URIRef
    ExtractionActivity: URIRef

    # Statement kinds (SKOS concepts in kg:StatementKinds)
    StatementKinds: URIRef
    blame: URIRef
    accuse: URIRef
    condemn: URIRef
    hold_responsible: URIRef
    describe_as_aggression: URIRef
    call_to_stop: URIRef
    deny: URIRef
    concern: URIRef
    call_for_restraint: URIRef
    casualty_claim: URIRef
    announce: URIRef
    refuse_to_blame: URIRef

    # Object properties
    kind: URIRef
    target: URIRef
    aboutEvent: URIRef
    evidence: URIRef
    casualtySide: URIRef
    country: URIRef
    memberOf: URIRef
    speakerState: URIRef
    targetState: URIRef

    # Datatype properties
    statementDate: URIRef
    eventDate: URIRef
    earliestDate: URIRef
    latestDate: URIRef
    dateBasis: URIRef
    quote: URIRef
    evidenceText: URIRef
    cue: URIRef
    confidence: URIRef
    casualtyCount: URIRef
    casualtyCategory: URIRef
    casualtyStatus: URIRef
    publicationDateBasis: URIRef
    sha256: URIRef
    originalFileName: URIRef
    isoCode: URIRef
    role: URIRef
    component: URIRef
    componentVersion: URIRef
    dateOrder: URIRef
    blameOrder: URIRef

    # Annotation properties
    shortcutOf: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model (the terms used here)."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    accordingTo: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (the terms used for evidence spans)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class GEO(DefinedNamespace):
    """W3C Basic Geo (WGS84) vocabulary, http namespace."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

    SpatialThing: URIRef
    lat: URIRef
    long: URIRef


class GSP(DefinedNamespace):
    """OGC GeoSPARQL (the terms used here)."""

    _fail = True
    _NS = Namespace("http://www.opengis.net/ont/geosparql#")

    Feature: URIRef
    Geometry: URIRef
    hasGeometry: URIRef
    asWKT: URIRef
    wktLiteral: URIRef


#: schema.org under https, as in docs/contracts.md (rdflib's closed SDO namespace).
SCHEMA = SDO

#: CAMEO event codes (codebook v1.1b3) have no official IRIs; see the header of ontology/kg.ttl.
CAMEO = Namespace("http://eventdata.parusanalytics.com/cameo#")

#: Wikidata entities (``owl:sameAs`` targets).
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefix → namespace, for binding in graphs, SPARQL prologues and the JSON-LD context.
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "sem": str(SEM._NS),
    "prov": str(PROV._NS),
    "schema": str(SDO._NS),
    "oa": str(OA._NS),
    "geo": str(GEO._NS),
    "gsp": str(GSP._NS),
    "skos": str(SKOS._NS),
    "owl": str(OWL._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
    "time": str(TIME._NS),
    "dct": str(DCTERMS._NS),
    "sh": str(SH._NS),
    "cameo": str(CAMEO),
    "wd": str(WD),
}


def bind_prefixes(graph: Graph) -> None:
    """Bind the project prefixes on ``graph`` (a Graph or Dataset), replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """``PREFIX`` declarations for every project prefix, for the head of a SPARQL query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = [
    "CAMEO",
    "DCTERMS",
    "GEO",
    "GSP",
    "KG",
    "OA",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDO",
    "SEM",
    "SH",
    "SKOS",
    "TIME",
    "WD",
    "XSD",
    "bind_prefixes",
    "sparql_prologue",
]
