"""Stage 3: facts → one named graph per article; IRIs minted deterministically; pyoxigraph round trip.

The article below is our own text (not from any corpus): a dateline, an accusation, a quoted
casualty claim and a call for restraint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef

from kg.corpus import read_article
from kg.errors import GraphError
from kg.extract import extract_article
from kg.extract.knowledge import Knowledge, load_knowledge
from kg.graph import (
    Minter,
    article_quads,
    from_oxigraph_quads,
    split_article_quads,
    split_shared,
    to_dataset,
    to_oxigraph_quads,
)
from kg.graph.derived import derived_triples
from kg.graph.iris import slug, statement_hash
from kg.graph.quads import OxTerms
from kg.model import (
    Actor,
    Article,
    CasualtyFigure,
    Event,
    Extraction,
    Mention,
    Place,
    PlaceMention,
    ResolvedDate,
    Statement,
)
from kg.validate import validate
from kg.vocab import GEO, KG, OA, OWL, PROV, RDF, RDFS, SCHEMA, SEM, XSD
from test_derived import _make_valid

BASE = "https://w3id.org/kg/"
MINTER = Minter(BASE)
ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "tests" / "fixtures" / "shapes"
PUBLISHED = date(2023, 9, 19)

TEXT = (
    "باكو - 19 أيلول 2023\n"
    "اتهمت وزارة الدفاع الأذربيجانية القوات الأرمينية بقصف مواقع للجيش قرب بلدة لاتشين. "
    "وقالت الوزارة في بيان إن «جنديين قُتلا في القصف». "
    "ودعا المتحدث باسم الاتحاد الأوروبي الطرفين إلى ضبط النفس."
)


def span(sentence_start: str, sentence_end: str = ".") -> tuple[int, int]:
    start = TEXT.index(sentence_start)
    return start, TEXT.index(sentence_end, start) + len(sentence_end)


STATE_AM = Actor("state-am", "Armenia", "أرمينيا", "state", country="AM", wikidata="Q399")
STATE_AZ = Actor("state-az", "Azerbaijan", "أذربيجان", "state", country="AZ", wikidata="Q227")
EU = Actor("european-union", "European Union", "الاتحاد الأوروبي", "international")
MOD_AZ = Actor("ministry-of-defence-azerbaijan", "Ministry of Defence of Azerbaijan",
               "وزارة الدفاع الأذربيجانية",
               "body", country="AZ", parent="state-az")
FORCES_AM = Actor("armed-forces-armenia", "Armed Forces of Armenia", "القوات المسلحة الأرمينية",
                  "armed_forces",
                  country="AM", parent="state-am")
EU_SPOKESPERSON = Actor("person-eu-spokesperson", "EU spokesperson", "المتحدث باسم الاتحاد الأوروبي",
                        "person",
                        parent="european-union", role_en="Spokesperson of the European Union")
ACTORS = {a.key: a for a in (STATE_AM, STATE_AZ, EU, MOD_AZ, FORCES_AM, EU_SPOKESPERSON)}

LACHIN_DISTRICT = Place("lachin-district", "Lachin District", "مقاطعة لاتشين", country="AZ")
LACHIN = Place("lachin", "Lachin", "لاتشين", country="AZ", lat=39.6395, lon=46.5461, parent="lachin-district",
               wikidata="Q1015186")
PLACES = {p.key: p for p in (LACHIN_DISTRICT, LACHIN)}

ACCUSE_SPAN = span("اتهمت")
CLAIM_SPAN = span("وقالت", "».")
CALL_SPAN = span("ودعا")
QUOTE_SPAN = (TEXT.index("«") + 1, TEXT.index("»"))


def make_extraction() -> Extraction:
    article = Article(
        id="t-001", text=TEXT, file_name="t-001.txt", sha256="ab" * 32, published=PUBLISHED,
        published_basis="dateline in text", outlet="Test Outlet", url="https://example.org/news/1",
        title="اتهام بقصف قرب لاتشين",
    )
    accuse = Statement(
        article_id="t-001", kind="accuse", speaker=MOD_AZ, target=FORCES_AM,
        date=ResolvedDate(PUBLISHED, "explicit", surface="19 أيلول 2023"),
        start=ACCUSE_SPAN[0], end=ACCUSE_SPAN[1], evidence=TEXT[slice(*ACCUSE_SPAN)], confidence=0.9,
        cue="اتهمت", event_key="e1",
    )
    claim = Statement(
        article_id="t-001", kind="casualty_claim", speaker=MOD_AZ, target=None,
        date=ResolvedDate(None, "bounded", latest=None),
        start=CLAIM_SPAN[0], end=CLAIM_SPAN[1], evidence=TEXT[slice(*CLAIM_SPAN)], confidence=0.75,
        cue="قالت", quote_start=QUOTE_SPAN[0], quote_end=QUOTE_SPAN[1],
        casualties=CasualtyFigure(count=2, category="soldiers", side=STATE_AZ, status="killed"),
    )
    call = Statement(
        article_id="t-001", kind="call_for_restraint", speaker=EU_SPOKESPERSON, target=None,
        date=ResolvedDate(None, "unknown"),
        start=CALL_SPAN[0], end=CALL_SPAN[1], evidence=TEXT[slice(*CALL_SPAN)], confidence=0.6, cue="دعا",
    )
    event = Event(key="e1", kind="shelling", start=ACCUSE_SPAN[0], end=ACCUSE_SPAN[1],
                  date=ResolvedDate(PUBLISHED, "explicit"), places=(LACHIN,), agents=(FORCES_AM,))
    lachin_at = TEXT.index("لاتشين")
    return Extraction(
        article=article,
        mentions=(Mention(MOD_AZ, ACCUSE_SPAN[0] + 6, ACCUSE_SPAN[0] + 32, "وزارة الدفاع الأذربيجانية"),),
        places=(PlaceMention(LACHIN, lachin_at, lachin_at + 6, "لاتشين"),),
        events=(event,),
        statements=(accuse, claim, call),
        components={"statements": "1.2.0", "events": "0.3.0"},
    )


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return make_extraction()


@pytest.fixture(scope="module")
def dataset(extraction: Extraction) -> Dataset:
    return to_dataset(extraction, MINTER, actors=ACTORS, places=PLACES)


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> Graph:
    return dataset.graph(MINTER.graph("t-001"))


def statement_iri(s: Statement) -> URIRef:
    target = s.target.key if s.target else None
    return MINTER.statement(s.article_id, s.kind, s.speaker.key, target, s.start, s.end)


# -- the mapping ---------------------------------------------------------------------------------


def test_one_named_graph_per_article(dataset: Dataset, graph: Graph) -> None:
    non_empty = [g.identifier for g in dataset.graphs() if len(g)]
    assert non_empty == [URIRef(BASE + "graph/t-001")]
    assert len(graph) > 100


def test_graph_conforms_to_the_shapes(dataset: Dataset) -> None:
    report = validate(dataset)
    assert report.conforms, report.summary()
    assert report.results == (), report.summary()


def test_article(graph: Graph) -> None:
    a = MINTER.article("t-001")
    assert a == URIRef(BASE + "article/t-001")
    assert (a, RDF.type, KG.Article) in graph
    assert graph.value(a, SCHEMA.text) == Literal(TEXT, lang="ar")
    assert graph.value(a, SCHEMA.datePublished) == Literal(PUBLISHED)
    assert graph.value(a, SCHEMA.headline).language == "ar"
    assert graph.value(a, SCHEMA.url) == Literal("https://example.org/news/1", datatype=XSD.anyURI)
    assert set(graph.objects(a, SCHEMA.mentions)) == {MINTER.actor(MOD_AZ.key), MINTER.place("lachin")}


def test_blame_statement(extraction: Extraction, graph: Graph) -> None:
    s = statement_iri(extraction.statements[0])
    assert {RDF.type: set(graph.objects(s, RDF.type))} == {RDF.type: {KG.Statement, KG.BlameStatement}}
    assert graph.value(s, KG.kind) == KG.accuse
    assert graph.value(s, SEM.accordingTo) == MINTER.actor(MOD_AZ.key)
    assert graph.value(s, KG.target) == MINTER.actor(FORCES_AM.key)
    assert graph.value(s, KG.statementDate) == Literal(PUBLISHED)
    assert graph.value(s, KG.dateBasis) == Literal("explicit")
    assert graph.value(s, KG.confidence) == Literal("0.9", datatype=XSD.decimal)
    assert graph.value(s, KG.confidence).toPython() == Decimal("0.9")
    assert graph.value(s, KG.cue) == Literal("اتهمت", lang="ar")
    assert graph.value(s, KG.aboutEvent) == MINTER.event("t-001", "e1")
    assert graph.value(s, PROV.wasDerivedFrom) == MINTER.article("t-001")
    activity = graph.value(s, PROV.wasGeneratedBy)
    assert activity == URIRef(BASE + "activity/extract-statements-1.2.0")
    assert graph.value(activity, KG.component) == Literal("statements")
    assert graph.value(activity, KG.componentVersion) == Literal("1.2.0")


def test_evidence_selectors_point_into_the_text(extraction: Extraction, graph: Graph) -> None:
    stmt = extraction.statements[0]
    s = statement_iri(stmt)
    evidence = graph.value(s, KG.evidence)
    assert evidence == URIRef(f"{s}#evidence")
    assert graph.value(evidence, OA.hasSource) == MINTER.article("t-001")
    selectors = {graph.value(sel, RDF.type): sel for sel in graph.objects(evidence, OA.hasSelector)}
    quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
    start, end = graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython()
    assert (start, end) == (stmt.start, stmt.end)
    assert str(graph.value(quote, OA.exact)) == TEXT[start:end] == stmt.evidence
    assert str(graph.value(quote, OA.prefix)) == TEXT[max(0, start - 32):start]
    assert str(graph.value(quote, OA.suffix)) == TEXT[end:end + 32]
    assert graph.value(s, KG.evidenceText) == Literal(stmt.evidence, lang="ar")


def test_casualty_claim_with_bounded_date(extraction: Extraction, graph: Graph) -> None:
    s = statement_iri(extraction.statements[1])
    assert set(graph.objects(s, RDF.type)) == {KG.Statement, KG.CasualtyClaim}
    assert graph.value(s, KG.casualtyCount) == Literal(2)
    assert graph.value(s, KG.casualtyCount).datatype == XSD.integer
    assert graph.value(s, KG.casualtyCategory) == Literal("soldiers")
    assert graph.value(s, KG.casualtyStatus) == Literal("killed")
    assert graph.value(s, KG.casualtySide) == MINTER.actor("state-az")
    assert graph.value(s, KG.quote) == Literal("جنديين قُتلا في القصف", lang="ar")
    # bounded: only the publication date is known, as the latest possible date
    assert graph.value(s, KG.dateBasis) == Literal("bounded")
    assert graph.value(s, KG.latestDate) == Literal(PUBLISHED)
    assert graph.value(s, KG.statementDate) is None
    assert graph.value(s, KG.target) is None


def test_unknown_date_has_no_dates(extraction: Extraction, graph: Graph) -> None:
    s = statement_iri(extraction.statements[2])
    assert graph.value(s, KG.dateBasis) == Literal("unknown")
    for p in (KG.statementDate, KG.earliestDate, KG.latestDate):
        assert graph.value(s, p) is None


def test_actors_bring_their_parent_chain_and_state(graph: Graph) -> None:
    mod, state = MINTER.actor(MOD_AZ.key), MINTER.actor("state-az")
    assert set(graph.objects(mod, RDF.type)) == {KG.GovernmentBody, KG.Actor}
    assert set(graph.objects(mod, RDFS.label)) == {
        Literal("Ministry of Defence of Azerbaijan", lang="en"),
        Literal("وزارة الدفاع الأذربيجانية", lang="ar"),
    }
    assert graph.value(mod, KG.memberOf) == state
    assert graph.value(mod, KG.country) == state
    # the state is described although no statement names it directly
    assert set(graph.objects(state, RDF.type)) == {KG.State, KG.Actor}
    assert graph.value(state, KG.isoCode) == Literal("AZ")
    assert graph.value(state, KG.country) == state
    assert graph.value(state, OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q227")
    person = MINTER.actor(EU_SPOKESPERSON.key)
    assert graph.value(person, KG.role) == Literal("Spokesperson of the European Union", lang="en")
    assert graph.value(person, KG.memberOf) == MINTER.actor("european-union")
    assert graph.value(person, KG.country) is None
    assert (MINTER.actor("european-union"), RDF.type, KG.InternationalOrganization) in graph


def test_event_with_place(graph: Graph) -> None:
    e = MINTER.event("t-001", "e1")
    assert e == URIRef(BASE + "event/t-001-e1")
    assert set(graph.objects(e, RDF.type)) == {KG.Event, KG.Shelling}
    assert graph.value(e, KG.eventDate) == Literal(PUBLISHED)
    assert graph.value(e, SEM.hasActor) == MINTER.actor(FORCES_AM.key)
    assert graph.value(e, PROV.wasGeneratedBy) == URIRef(BASE + "activity/extract-events-0.3.0")
    place = graph.value(e, SEM.hasPlace)
    assert place == MINTER.place("lachin")
    assert graph.value(place, GEO.lat) == Literal("39.6395", datatype=XSD.decimal)
    assert graph.value(place, GEO.long) == Literal("46.5461", datatype=XSD.decimal)
    assert graph.value(place, SCHEMA.containedInPlace) == MINTER.place("lachin-district")
    assert graph.value(MINTER.place("lachin-district"), RDFS.label) is not None
    assert graph.value(place, KG.country) == MINTER.actor("state-az")


def test_exact_date_is_its_own_bounds(extraction: Extraction, graph: Graph) -> None:
    s = statement_iri(extraction.statements[0])
    day = Literal(PUBLISHED)
    assert (graph.value(s, KG.earliestDate), graph.value(s, KG.latestDate)) == (day, day)


def test_interval_date_has_bounds_only() -> None:
    x = make_extraction()
    week = ResolvedDate(None, "relative", earliest=date(2023, 9, 11), latest=date(2023, 9, 17),
                        surface="الأسبوع الماضي")
    ds = to_dataset(alone(x, date=week), MINTER, actors=ACTORS)
    g = ds.graph(MINTER.graph("t-001"))
    s = statement_iri(x.statements[0])
    assert g.value(s, KG.statementDate) is None
    bounds = (g.value(s, KG.earliestDate), g.value(s, KG.latestDate))
    assert bounds == (Literal(week.earliest), Literal(week.latest))
    assert validate(ds).conforms


def test_one_statement_per_identity() -> None:
    """Two reports of one statement (same kind, speaker, target, sentence) become one node: the surer one."""
    x = make_extraction()
    first = x.statements[2]
    echo = replace(first, cue="وأضاف", confidence=0.5)
    surer = replace(first, cue="ودعا", confidence=0.65)
    ds = to_dataset(replace(x, statements=(first, echo, surer)), MINTER, actors=ACTORS, places=PLACES)
    g = ds.graph(MINTER.graph("t-001"))
    statements = set(g.subjects(RDF.type, KG.Statement))
    assert statements == {statement_iri(first)}
    assert g.value(statement_iri(first), KG.cue) == Literal("ودعا", lang="ar")
    assert validate(ds).conforms


def test_mapping_is_deterministic(extraction: Extraction, dataset: Dataset) -> None:
    again = to_dataset(make_extraction(), Minter(BASE), actors=ACTORS, places=PLACES)
    assert set(again.quads((None, None, None, None))) == set(dataset.quads((None, None, None, None)))


def test_no_blank_nodes(dataset: Dataset) -> None:
    for quad in dataset.quads((None, None, None, None)):
        assert all(isinstance(t, URIRef | Literal) for t in quad[:3])


def test_unresolvable_parent_is_linked_not_described() -> None:
    x = make_extraction()
    orphan = replace(MOD_AZ, key="ministry-x", parent="state-zz", country="ZZ")
    stmt = replace(x.statements[0], speaker=orphan, event_key=None)
    ds = to_dataset(replace(x, statements=(stmt,), events=(), mentions=()), MINTER, actors=ACTORS)
    g = ds.graph(MINTER.graph("t-001"))
    assert g.value(MINTER.actor("ministry-x"), KG.memberOf) == MINTER.actor("state-zz")
    assert (MINTER.actor("state-zz"), None, None) not in g
    report = validate(ds)
    assert report.conforms, report.summary()  # an undescribed parent is a warning, not a violation
    assert report.violations == ()
    assert {r.source_shape for r in report.warnings} == {
        "https://w3id.org/kg/shapes#Actor-countryDescribed",
        "https://w3id.org/kg/shapes#Actor-memberOfDescribed",
        "https://w3id.org/kg/shapes#Place-containerDescribed",  # no place lookup given
    }


def bad(x: Extraction, **stmt_changes: object) -> Extraction:
    return replace(x, statements=(replace(x.statements[0], **stmt_changes),))


def alone(x: Extraction, **stmt_changes: object) -> Extraction:
    """Only the first statement, changed, without the event it refers to."""
    return replace(x, events=(), statements=(replace(x.statements[0], event_key=None, **stmt_changes),))


#: case → (how to break the extraction, words the GraphError message must contain)
GRAPH_ERRORS = {
    "span past the end": (lambda x: bad(x, start=len(TEXT) - 2, end=len(TEXT) + 5), "outside the article"),
    "empty span": (lambda x: bad(x, start=10, end=10), "outside the article"),
    "evidence differs from text": (lambda x: bad(x, evidence="نص آخر"), "differs from the article text"),
    "unknown kind": (lambda x: bad(x, kind="praise"), "unknown statement kind"),
    "unknown actor type": (lambda x: alone(x, target=replace(FORCES_AM, type="militia")), "actor type"),
    "unknown event": (lambda x: bad(x, event_key="e9"), "unknown event"),
    "other article": (lambda x: bad(x, article_id="t-002"), "another article"),
    "component without version": (lambda x: replace(x, components={"events": "0.3.0"}), "no version"),
    "non-finite confidence": (lambda x: bad(x, confidence=float("nan")), "not finite"),
    "bad wikidata id": (lambda x: alone(x, target=replace(FORCES_AM, wikidata="Armenia")), "Wikidata"),
    "one key, two actors": (lambda x: bad(x, target=replace(FORCES_AM, label_en="Army")), "share one key"),
    "place with latitude only": (
        lambda x: replace(x, places=(PlaceMention(replace(LACHIN, lon=None), 0, 1, "x"),)), "latitude"),
    "invalid language tag": (
        lambda x: replace(x, article=replace(x.article, language="ar eg")), "language tag"),
    "casualty count not an integer": (
        lambda x: bad(x, casualties=CasualtyFigure(count=2.5, category="soldiers", side=None)),  # type: ignore[arg-type]
        "not an integer"),
    "date with a time of day": (
        lambda x: bad(x, date=ResolvedDate(datetime(2023, 9, 19, 8, 30), "explicit")), "time of day"),
}


@pytest.mark.parametrize("case", sorted(GRAPH_ERRORS))
def test_inconsistent_facts_raise_graph_error(extraction: Extraction, case: str) -> None:
    breaks, words = GRAPH_ERRORS[case]
    with pytest.raises(GraphError, match=words) as info:
        to_dataset(breaks(extraction), MINTER, actors=ACTORS)
    assert info.value.context  # the error names what and where


def test_graph_error_cases_counted() -> None:
    assert len(GRAPH_ERRORS) == 15


# -- IRIs ----------------------------------------------------------------------------------------


def test_statement_iri_is_stable() -> None:
    # Pinned: changing the hash input changes every statement IRI in published data.
    assert statement_hash("accuse", "state-az", "state-am", 10, 42) == "79bb9d20836f"
    iri = MINTER.statement("a1", "accuse", "state-az", "state-am", 10, 42)
    assert iri == MINTER.statement("a1", "accuse", "state-az", "state-am", 10, 42)
    assert str(iri).startswith(BASE + "statement/a1-") and len(str(iri).rsplit("-", 1)[1]) == 12
    others = {
        MINTER.statement("a1", "condemn", "state-az", "state-am", 10, 42),
        MINTER.statement("a1", "accuse", "state-am", "state-az", 10, 42),
        MINTER.statement("a1", "accuse", "state-az", None, 10, 42),
        MINTER.statement("a1", "accuse", "state-az", "state-am", 11, 42),
        MINTER.statement("a1", "accuse", "state-az", "state-am", 10, 43),
        MINTER.statement("a2", "accuse", "state-az", "state-am", 10, 42),
    }
    assert iri not in others and len(others) == 6


@pytest.mark.parametrize(
    "base", ["w3id.org/kg/", "https://w3id.org/kg", "https://w3id.org/ك/", "", "https://w3id.org/kg#", "https://a/#b/"]
)
def test_minter_rejects_bad_base(base: str) -> None:
    with pytest.raises(GraphError):
        Minter(base)


@pytest.mark.parametrize("key", ["", ".", ".."])
def test_minter_rejects_unusable_keys(key: str) -> None:
    with pytest.raises(GraphError):
        MINTER.actor(key)


def test_readable_slugs_stay_readable() -> None:
    assert MINTER.actor("ministry-of-defence-armenia") == URIRef(BASE + "actor/ministry-of-defence-armenia")
    assert MINTER.place("stepanakert") == URIRef(BASE + "place/stepanakert")
    assert MINTER.actor("باكو") == URIRef(BASE + "actor/%D8%A8%D8%A7%D9%83%D9%88")


keys = st.text(min_size=1, max_size=40).filter(lambda k: k not in {".", ".."})


@hsettings(max_examples=300, database=None)
@given(keys)
def test_minting_is_deterministic_and_ascii(key: str) -> None:
    iri = MINTER.actor(key)
    assert iri == Minter(BASE).actor(key)
    assert str(iri).isascii()
    assert not any(c in str(iri) for c in ' <>"{}|\\^`') and "/" not in str(iri)[len(BASE + "actor/"):]
    assert str(MINTER.statement(key, "accuse", key, None, 0, 1)).isascii()
    assert str(MINTER.event(key, key)).isascii()


@hsettings(max_examples=300, database=None)
@given(keys, keys)
def test_distinct_keys_give_distinct_iris(a: str, b: str) -> None:
    assert (slug(a) == slug(b)) == (a == b)


@hsettings(max_examples=200, database=None)
@given(keys, keys, st.one_of(st.none(), keys), keys)
def test_statement_identity_is_encoded_unambiguously(
    kind: str, speaker: str, target: str | None, other: str
) -> None:
    a = (kind, speaker, target, 0, 1)
    b = (kind, other, target, 0, 1)
    assert (statement_hash(*a) == statement_hash(*b)) == (a == b)


# -- pyoxigraph ----------------------------------------------------------------------------------


def test_oxigraph_round_trip_conforms(dataset: Dataset) -> None:
    quads = to_oxigraph_quads(dataset)
    assert len(quads) == len(dataset)
    assert {q.graph_name for q in quads} == {ox.NamedNode(BASE + "graph/t-001")}
    store = ox.Store()
    store.extend(quads)
    assert len(store) == len(quads)

    rows = list(store.query(
        "PREFIX kg: <https://w3id.org/kg/ontology#> PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> "
        "SELECT ?sp ?tg ?conf WHERE { GRAPH ?g { ?s kg:kind kg:accuse ; sem:accordingTo ?sp ; "
        "kg:target ?tg ; kg:confidence ?conf } }"
    ))
    assert [(r["sp"].value, r["tg"].value, r["conf"].value) for r in rows] == [
        (BASE + "actor/ministry-of-defence-azerbaijan", BASE + "actor/armed-forces-armenia", "0.9")]

    # What was loaded (after pyoxigraph canonicalised literals) is what was written, and conforms.
    back = from_oxigraph_quads(store.quads_for_pattern(None, None, None, None))
    assert set(back.quads((None, None, None, None))) == set(dataset.quads((None, None, None, None)))
    assert validate(back).conforms
    report = validate(store)
    assert report.conforms, report.summary()


def test_canonicalised_literals_still_conform(dataset: Dataset) -> None:
    """Non-canonical input forms (xsd:int, "0.90") become canonical in the store and still validate."""
    store = ox.Store()
    store.extend(to_oxigraph_quads(dataset))
    g = ox.NamedNode(BASE + "graph/t-001")
    claim = next(iter(store.quads_for_pattern(None, ox.NamedNode(str(KG.casualtyCount)), None, g))).subject
    store.remove(ox.Quad(claim, ox.NamedNode(str(KG.casualtyCount)),
                         ox.Literal("2", datatype=ox.NamedNode(str(XSD.integer))), g))
    store.add(ox.Quad(claim, ox.NamedNode(str(KG.casualtyCount)),
                      ox.Literal("02", datatype=ox.NamedNode(str(XSD.int))), g))
    stored = next(iter(store.quads_for_pattern(claim, ox.NamedNode(str(KG.casualtyCount)), None, g))).object
    assert (stored.value, stored.datatype.value) == ("2", str(XSD.integer))
    assert validate(store).conforms


# -- article_quads: the mapping, straight to pyoxigraph ------------------------------------------


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def seed_extractions(knowledge: Knowledge) -> list[Extraction]:
    paths = sorted((ROOT / "data" / "articles").glob("*.txt"))
    return [extract_article(read_article(p), knowledge) for p in paths]


def test_article_quads_are_the_quads_of_to_dataset_on_the_seeds(
    seed_extractions: list[Extraction], knowledge: Knowledge
) -> None:
    assert len(seed_extractions) == 5
    for x in seed_extractions:
        quads = article_quads(x, MINTER, actors=knowledge.actors)
        assert len(set(quads)) == len(quads) > 500, x.article.id  # a set: no quad twice
        assert {q.graph_name for q in quads} == {ox.NamedNode(BASE + "graph/" + x.article.id)}
        assert set(to_oxigraph_quads(to_dataset(x, MINTER, actors=knowledge.actors))) == set(quads)


def test_split_article_quads_is_split_shared_of_article_quads(
    seed_extractions: list[Extraction], knowledge: Knowledge
) -> None:
    shared_graph = ox.NamedNode(BASE + "knowledge")
    for x in seed_extractions:
        own, shared = split_article_quads(x, MINTER, actors=knowledge.actors)
        own_split, shared_split = split_shared(article_quads(x, MINTER, actors=knowledge.actors), MINTER)
        assert (sorted(map(str, own)), sorted(map(str, shared))) == (
            sorted(map(str, own_split)), sorted(map(str, shared_split)))
        assert shared and {q.graph_name for q in shared} == {shared_graph}
        assert {q.subject.value.split("/")[4] for q in shared} <= {"actor", "place", "activity"}


def test_article_quads_are_what_the_store_and_n_quads_give_back(
    seed_extractions: list[Extraction], knowledge: Knowledge
) -> None:
    """Every literal is already in the canonical form pyoxigraph stores: nothing changes on the way."""
    for x in [*seed_extractions, make_extraction()]:
        quads = article_quads(x, MINTER, actors=knowledge.actors if x.article.id != "t-001" else ACTORS)
        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert set(ox.parse(text, format=ox.RdfFormat.N_QUADS)) == set(quads), x.article.id
        store = ox.Store()
        store.extend(quads)
        assert set(store) == set(quads), x.article.id


def test_derived_triples_are_included_once(seed_extractions: list[Extraction], knowledge: Knowledge) -> None:
    quads = article_quads(seed_extractions[1], MINTER, actors=knowledge.actors)
    triples = [(q.subject, q.predicate, q.object) for q in quads]
    derived = derived_triples(triples)
    assert derived and set(derived) <= set(triples)  # deriving again adds nothing
    assert {p.value for _, p, _ in derived} == {str(KG.dateOrder), str(KG.blameOrder), str(KG.speakerState),
                                                str(KG.targetState)}


@pytest.mark.parametrize(("confidence", "lat", "lon", "count", "start"), [
    (1.0, 40.0, -0.0000001, 0, 0),
    (0.1 + 0.2, -39.12345678, 46.5, 12, 1),
    (0.00001, 0.0, 180.0, 1000000, 3),
])
def test_numbers_are_written_canonically(
    confidence: float, lat: float, lon: float, count: int, start: int
) -> None:
    """Decimals, integers and dates round-trip through the store unchanged (xsd canonical forms)."""
    x = make_extraction()
    claim = replace(x.statements[1], confidence=confidence, start=start, end=CLAIM_SPAN[1],
                    evidence=TEXT[start:CLAIM_SPAN[1]],
                    casualties=replace(x.statements[1].casualties, count=count))  # type: ignore[type-var]
    place = replace(LACHIN, lat=lat, lon=lon)
    x = replace(x, statements=(claim,), places=(PlaceMention(place, 0, 1, "x"),), events=())
    quads = article_quads(x, MINTER, actors=ACTORS)
    store = ox.Store()
    store.extend(quads)
    assert set(store) == set(quads)
    values = {q.predicate.value: q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert Decimal(values[str(KG.confidence)]) == round(Decimal(confidence), 4)
    assert values[str(KG.casualtyCount)] == str(count)
    assert values[str(GEO.lat)] == format(Decimal(f"{lat:.6f}").normalize() + 0, "f")
    assert values[str(OA.start)] == str(start)


def test_mapping_still_writes_the_committed_valid_graph() -> None:
    """Golden case: tests/fixtures/shapes/valid.ttl is what the mapping wrote for its article
    (regenerate with make_valid.py when the mapping changes on purpose)."""
    written = _make_valid().valid_graph()
    committed = Graph().parse(SHAPES / "valid.ttl")
    assert len(committed) > 150
    missing, extra = set(committed) - set(written), set(written) - set(committed)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])


def test_vocabulary_terms_stay_closed() -> None:
    """The pyoxigraph view of a vocabulary raises on a term the ontology lacks, as kg.vocab does."""
    terms = OxTerms(KG)
    assert terms.Statement == ox.NamedNode(str(KG.Statement))
    assert terms.Statement is terms.Statement  # made once
    with pytest.raises(AttributeError):
        terms.Statment  # noqa: B018
