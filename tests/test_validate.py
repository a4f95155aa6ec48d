"""Stage 4: every shape in ontology/shapes.ttl rejects a graph broken in its way.

``tests/fixtures/shapes/valid.ttl`` is a small article graph that conforms. Each other fixture is
a TriG patch on it: the triples of ``<urn:kg:test:delete>`` are removed, those of
``<urn:kg:test:insert>`` added, and ``<urn:kg:test:expect>`` says, in SHACL's own terms
(``sh:sourceShape``, ``sh:resultPath``, ``sh:resultSeverity``), which result the shapes must report.
A patch keeps each fixture to the few triples that make it wrong.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import ValidationError
from kg.graph import from_oxigraph_quads, to_oxigraph_quads
from kg.validate import DEFAULT_SHAPES, ValidationReport, load_shapes, validate
from kg.validate.evidence import CONSTRAINT
from kg.validate.report import path_text
from kg.vocab import RDF, SH

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SHAPES_NS = "https://w3id.org/kg/shapes#"
CASE = URIRef("urn:kg:test:case")
PATCHES = sorted(p.stem for p in FIXTURES.glob("*.trig"))


def valid_graph() -> Graph:
    return Graph().parse(FIXTURES / "valid.ttl", format="turtle")


def apply_patch(name: str) -> tuple[Graph, Graph]:
    """(patched data graph, expectation graph) for one fixture."""
    # Parsed with pyoxigraph: rdflib's TriG parser trips over its own deprecations (warnings are errors).
    patch = from_oxigraph_quads(ox.parse(path=FIXTURES / f"{name}.trig", format=ox.RdfFormat.TRIG))
    delete = patch.graph(URIRef("urn:kg:test:delete"))
    insert = patch.graph(URIRef("urn:kg:test:insert"))
    expect = patch.graph(URIRef("urn:kg:test:expect"))
    data = valid_graph()
    for triple in delete:
        assert triple in data, f"{name}: the triple to delete is not in valid.ttl: {triple}"
        data.remove(triple)
    for triple in insert:
        data.add(triple)
    assert len(delete) + len(insert) > 0, name
    return data, expect


def test_case_count() -> None:
    assert len(PATCHES) == 106


def test_valid_fixture_conforms_without_any_result() -> None:
    report = validate(valid_graph())
    assert report.conforms, report.summary()
    assert report.results == ()
    assert report.summary() == "conforms"


@pytest.mark.parametrize("name", PATCHES)
def test_each_shape_rejects_its_broken_graph(name: str) -> None:
    data, expect = apply_patch(name)
    shape = str(expect.value(CASE, SH.sourceShape))
    path = expect.value(CASE, SH.resultPath)
    severity = str(expect.value(CASE, SH.resultSeverity)).rsplit("#", 1)[1]

    report = validate(data)

    hits = [r for r in report.results if r.source_shape == shape]
    assert hits, f"{name}: {shape} not reported\n{report.summary()}"
    assert all(r.severity == severity for r in hits)
    if path is not None:
        assert path_text(expect, path) in {r.path for r in hits}, report.summary()
    assert all(r.message for r in hits)
    # (with two identifiers the article cannot be named)
    assert all(r.article_id == ("v" if name != "article_two_identifiers" else None) for r in hits)
    if severity == "Violation":
        assert not report.conforms
        # The breakage is reported by its own shape and by no unrelated one.
        assert report.shapes() <= {shape} | RELATED.get(name, set()), report.summary()
    else:
        assert report.conforms, report.summary()
        assert report.violations == ()


#: Fixtures whose one breakage is, unavoidably, also reported by another shape.
RELATED: dict[str, set[str]] = {
    # Without its kg:State type, Russia is no longer a described state for its own kg:country.
    "actor_without_concrete_type": {SHAPES_NS + "Actor-countryDescribed"},
}


def test_every_shape_with_a_constraint_has_a_fixture() -> None:
    shapes = load_shapes()
    own = {SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.name,
           SH.message, SH.severity, RDF.type, SH.sparql}
    constrained = set()
    all_shapes = {*shapes.subjects(RDF.type, SH.PropertyShape), *shapes.subjects(RDF.type, SH.NodeShape)}
    for shape in all_shapes:
        if not str(shape).startswith(SHAPES_NS):
            continue
        is_property_shape = (shape, RDF.type, SH.PropertyShape) in shapes
        if is_property_shape or any(p not in own for p in shapes.predicates(shape)):
            constrained.add(str(shape))
    constrained.add(SHAPES_NS + "Article")  # its SPARQL constraint (evidence matches the text)
    expected = {str(apply_patch(name)[1].value(CASE, SH.sourceShape)) for name in PATCHES}
    assert constrained - expected == set()
    assert expected - constrained == set()


MISMATCHES = {"evidence_text_mismatch", "evidence_span_past_text", "evidence_offsets_shifted"}
EVIDENCE_CASES = [*sorted(MISMATCHES), "start_after_end", "end_missing", "exact_missing"]


@pytest.mark.parametrize("name", ["valid", *EVIDENCE_CASES])
def test_native_evidence_check_agrees_with_the_sparql_constraint(name: str) -> None:
    """kg.validate evaluates kgsh:Article-evidenceMatchesText natively; pySHACL, with the SPARQL
    constraint reactivated, must find exactly the same (article, evidence) pairs."""
    data = valid_graph() if name == "valid" else apply_patch(name)[0]
    shapes = Graph()
    for triple in load_shapes():
        if triple != (CONSTRAINT, SH.deactivated, Literal(True)):
            shapes.add(triple)
    assert len(shapes) == len(load_shapes()) - 1
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    by_sparql = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
        for r in report.subjects(SH.sourceConstraint, CONSTRAINT)
    }
    native = {
        (r.focus_node, r.value) for r in validate(data).results if r.constraint == "SPARQLConstraintComponent"
    }
    assert native == by_sparql
    assert bool(native) == (name in MISMATCHES)


# -- the report -----------------------------------------------------------------------------------


def test_report_names_article_node_path_and_shape() -> None:
    data, _ = apply_patch("statement_without_speaker")
    report = validate(data)
    assert isinstance(report, ValidationReport)
    (result,) = report.violations
    assert result.focus_node == "https://w3id.org/kg/statement/v-restraint"
    assert result.path == "http://semanticweb.cs.vu.nl/2009/11/sem/accordingTo"
    assert result.source_shape == SHAPES_NS + "Statement-speaker"
    assert result.article_id == "v"
    assert result.constraint == "MinCountConstraintComponent"
    summary = report.summary()
    assert summary.startswith("does not conform: 1 violation(s)")
    assert "[v] Violation" in summary and "Statement-speaker" in summary and "speaker" in result.message
    assert "Constraint Violation" in report.text


def test_summary_is_capped() -> None:
    data = valid_graph()
    for s in list(data.subjects(RDF.type, URIRef("https://w3id.org/kg/ontology#Actor"))):
        data.remove((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
    report = validate(data)
    assert len(report.violations) == 5  # one per actor
    assert report.summary(limit=3).splitlines()[-1].startswith("  … and ")


def test_validates_a_dataset_and_a_pyoxigraph_store() -> None:
    dataset = _as_dataset(valid_graph())
    assert validate(dataset).conforms
    assert dataset.default_union is False  # pySHACL's switch is undone
    store = ox.Store()
    store.extend(to_oxigraph_quads(dataset))
    assert validate(store).conforms
    broken, _ = apply_patch("confidence_out_of_range")
    store = ox.Store()
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://w3id.org/kg/graph/v"))
        for q in to_oxigraph_quads(_as_dataset(broken))
    )
    report = validate(store)
    assert not report.conforms
    assert {r.article_id for r in report.violations} == {"v"}


def _as_dataset(graph: Graph) -> Dataset:
    dataset = Dataset()
    named = dataset.graph(URIRef("https://w3id.org/kg/graph/v"))
    for triple in graph:
        named.add(triple)
    return dataset


def test_ontology_graph_may_be_mixed_in() -> None:
    ontology = Graph().parse(DEFAULT_SHAPES.parent / "kg.ttl", format="turtle")
    assert validate(valid_graph(), ontology_graph=ontology).conforms


# -- unusable shapes raise ---------------------------------------------------------------------------


def test_load_shapes_is_cached() -> None:
    assert load_shapes() is load_shapes(DEFAULT_SHAPES)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ; sh:target", "not valid RDF"),
        ("<urn:a> <urn:b> <urn:c> .", "no sh:NodeShape"),
    ],
)
def test_broken_shapes_file_raises(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=words) as info:
        load_shapes(path)
    assert info.value.context["path"] == str(path.resolve())


def test_missing_shapes_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        load_shapes(tmp_path / "nope.ttl")


def test_unloadable_constraint_raises() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:a> ;
            sh:property [ sh:path <urn:p> ; sh:minCount "many" ] .""",
        format="turtle",
    )
    with pytest.raises(ValidationError, match="unusable"):
        validate(valid_graph(), shapes)
