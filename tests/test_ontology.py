"""The ontology, the shapes and the JSON-LD context agree with each other and with src/kg/vocab.py."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import model
from kg.errors import GraphError
from kg.graph import ONTOLOGY_GRAPH, ontology_dataset, to_oxigraph_quads
from kg.graph.mapping import ACTOR_CLASSES, EVENT_CLASSES, KIND_CONCEPTS
from kg.vocab import CAMEO, KG, ONTOLOGY_IRI, PREFIXES, SH

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
KG_NS = str(KG._NS)
SHAPES_NS = "https://w3id.org/kg/shapes#"
DECLARATION_TYPES = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, KG.StatementKind,
    SKOS.ConceptScheme,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def declared_terms(ontology: Graph) -> set[str]:
    return {
        str(s)[len(KG_NS):]
        for s, t in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS) and t in DECLARATION_TYPES
    }


def vocab_terms() -> set[str]:
    return set(KG.__annotations__)


def test_ontology_dataset_for_the_store() -> None:
    dataset = ontology_dataset(ONTOLOGY_DIR / "kg.ttl")
    graphs = [g for g in dataset.graphs() if len(g)]
    assert [g.identifier for g in graphs] == [ONTOLOGY_GRAPH]
    assert (KG.accuse, SKOS.broader, KG.blame) in graphs[0]
    quads = to_oxigraph_quads(dataset)
    assert len(quads) == len(graphs[0])


def test_unreadable_ontology_raises(tmp_path: Path) -> None:
    bad = tmp_path / "kg.ttl"
    bad.write_text("kg:Article a", encoding="utf-8")
    with pytest.raises(GraphError, match="ontology"):
        ontology_dataset(bad)


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None


def test_vocab_names_exactly_the_ontology_terms(ontology: Graph) -> None:
    declared = declared_terms(ontology)
    assert len(declared) == 69  # with the derived dateOrder, blameOrder, speakerState, targetState
    assert vocab_terms() - declared == set(), "vocab.py names terms kg.ttl lacks"
    assert declared - vocab_terms() == set(), "kg.ttl declares terms vocab.py lacks"


def test_no_undeclared_kg_term_is_used(ontology: Graph) -> None:
    used = {
        str(t)[len(KG_NS):]
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(KG_NS)
    }
    assert used <= declared_terms(ontology)


def test_vocab_typo_raises() -> None:
    with pytest.raises(AttributeError):
        KG.acuse  # noqa: B018


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_term_has_exactly_one_label_per_language(ontology: Graph, lang: str) -> None:
    missing = []
    for name in sorted(vocab_terms()):
        labels = [o for o in ontology.objects(KG[name], RDFS.label)
                  if isinstance(o, Literal) and o.language == lang]
        if len(labels) != 1:
            missing.append(name)
    assert missing == []


def test_every_term_has_an_english_comment(ontology: Graph) -> None:
    def has_english(name: str) -> bool:
        comments = ontology.objects(KG[name], RDFS.comment)
        return any(isinstance(c, Literal) and c.language == "en" for c in comments)

    missing = [name for name in sorted(vocab_terms()) if not has_english(name)]
    assert missing == []


def test_arabic_labels_are_arabic(ontology: Graph) -> None:
    for name in vocab_terms():
        for label in ontology.objects(KG[name], RDFS.label):
            if isinstance(label, Literal) and label.language == "ar":
                assert any("\u0600" <= ch <= "\u06ff" for ch in label), name


def test_every_class_is_aligned(ontology: Graph) -> None:
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(KG_NS):
            assert ontology.value(cls, RDFS.subClassOf) is not None, cls


def test_every_property_has_domain_and_range(ontology: Graph) -> None:
    domain_includes = URIRef("https://schema.org/domainIncludes")
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            has_domain = (prop, RDFS.domain, None) in ontology or (prop, domain_includes, None) in ontology
            assert has_domain, prop
            assert ontology.value(prop, RDFS.range) is not None, prop


def test_statement_kinds_match_the_model(ontology: Graph) -> None:
    kinds = set(ontology.subjects(SKOS.inScheme, KG.StatementKinds))
    assert kinds == {KG[k] for k in model.STATEMENT_KINDS} | {KG.blame}
    blame = {KG[k] for k in model.BLAME_KINDS}
    assert set(ontology.subjects(SKOS.broader, KG.blame)) == blame
    for kind in kinds:
        assert (kind, RDF.type, KG.StatementKind) in ontology
    assert set(KIND_CONCEPTS) == model.STATEMENT_KINDS


def test_cameo_mappings_point_to_declared_codes(ontology: Graph) -> None:
    mapped = 0
    for prop in (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch):
        for code in ontology.objects(None, prop):
            assert str(code).startswith(str(CAMEO))
            assert ontology.value(code, SKOS.notation) == Literal(str(code)[len(str(CAMEO)):]), code
            mapped += 1
    assert mapped >= 10
    assert (KG.accuse, SKOS.closeMatch, CAMEO["112"]) in ontology
    assert (KG.condemn, SKOS.closeMatch, CAMEO["111"]) in ontology


def test_model_literals_have_classes() -> None:
    assert set(ACTOR_CLASSES) == set(typing.get_args(model.ActorType))
    assert set(EVENT_CLASSES) == set(typing.get_args(model.EventKind))


def test_shapes_use_only_declared_terms(shapes: Graph, ontology: Graph) -> None:
    used = {
        str(t)[len(KG_NS):]
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(KG_NS)
    }
    assert used <= declared_terms(ontology)


def test_every_named_shape_says_what_is_wrong(shapes: Graph) -> None:
    all_shapes = {*shapes.subjects(RDF.type, SH.PropertyShape), *shapes.subjects(RDF.type, SH.NodeShape)}
    named = [s for s in all_shapes if str(s).startswith(SHAPES_NS)]
    assert len(named) >= 80
    for shape in named:
        assert shapes.value(shape, SH.name) is not None, shape
        if (shape, RDF.type, SH.PropertyShape) in shapes:
            assert shapes.value(shape, SH.message) is not None, shape


def test_every_class_has_a_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in (KG.Article, KG.Actor, KG.State, KG.Person, KG.Place, KG.Event, KG.Statement,
                KG.BlameStatement, KG.CasualtyClaim, KG.ExtractionActivity):
        assert cls in targeted, cls


def test_jsonld_context_terms_resolve_to_known_iris() -> None:
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prefix, ns in PREFIXES.items():
        if prefix in context:
            assert context[prefix] == ns
    for term, value in context.items():
        iri = value["@id"] if isinstance(value, dict) else value
        if not isinstance(iri, str) or iri.startswith("@") or term in PREFIXES:
            continue
        prefix, _, local = iri.partition(":")
        assert prefix in PREFIXES, term
        if prefix == "kg":
            assert local in vocab_terms(), term


def test_every_ontology_property_has_a_jsonld_term() -> None:
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    mapped = {value["@id"] if isinstance(value, dict) else value for value in context.values()}
    ontology = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    properties = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                  for p in ontology.subjects(RDF.type, kind) if str(p).startswith(str(KG))}
    assert len(properties) >= 30
    missing = sorted(str(p) for p in properties if f"kg:{str(p)[len(str(KG)):]}" not in mapped)
    assert not missing, missing


# rdflib's JSON-LD parser builds a ConjunctiveGraph internally (its own deprecation, not ours).
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_jsonld_context_reads_a_statement() -> None:
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    doc = {
        "@context": context,
        "id": "https://w3id.org/kg/statement/x-1",
        "type": "BlameStatement",
        "kind": "condemn",
        "speaker": "https://w3id.org/kg/actor/state-cy",
        "statementDate": "2023-09-19",
        "evidenceText": "أدانت قبرص الهجوم",
        "confidence": "0.9",
    }
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    s = URIRef("https://w3id.org/kg/statement/x-1")
    assert (s, KG.kind, KG.condemn) in g
    assert (s, RDF.type, KG.BlameStatement) in g
    assert g.value(s, KG.evidenceText).language == "ar"
    assert g.value(s, KG.statementDate).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
