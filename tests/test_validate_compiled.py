"""Stage 4, batch path: kg.validate.compiled gives pySHACL's verdicts (kg.validate.validate).

Differential tests: every case is validated both ways and must agree on ``conforms`` and on the
multiset of results (focus node, path, severity, source shape, constraint component, value,
message, article id): the shape fixtures of tests/test_validate.py, real article graphs (seed,
dev corpus, held-out, synthetic), mutated article graphs (hypothesis), batches whose articles
would "complete" each other, and a shapes file exercising the constructs ontology/shapes.ttl
does not use.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.errors import ValidationError
from kg.graph import Minter, from_oxigraph_quads, to_dataset, to_oxigraph_quads
from kg.validate import DEFAULT_SHAPES, ValidationReport, validate
from kg.validate.compiled import _inspect, compile_shapes, validate_batch
from test_validate import PATCHES, apply_patch, valid_graph

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
BASE = "https://w3id.org/kg/"
GRAPH = ox.NamedNode(BASE + "graph/v")
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def results(report: ValidationReport) -> Counter:
    return Counter(
        (
            r.focus_node,
            _bnodes(r.path),
            r.severity,
            _bnodes(r.source_shape),
            r.constraint,
            r.value,
            r.message,
            r.article_id,
        )
        for r in report.results
    )


def _bnodes(text: str | None) -> str | None:
    """Blank node ids (anonymous shapes, ``[ sh:zeroOrMorePath … ]`` path steps) are fresh in every
    pySHACL report: compare them as "a blank node"."""
    return None if text is None else re.sub(r"(?<![^/^])[Nn][0-9a-f]{30,}(?![^/])", "_:b", text)


def reference(quads: Sequence[ox.Quad], shapes: Graph | None = None) -> ValidationReport:
    """What the build's pySHACL path says about one article's quads (as _Worker.process validates)."""
    return validate(from_oxigraph_quads(quads), shapes)


def assert_same(name: str, compiled: ValidationReport, expected: ValidationReport) -> None:
    assert compiled.conforms == expected.conforms, (
        f"{name}\ncompiled: {compiled.summary()}\npySHACL: {expected.summary()}"
    )
    got, want = results(compiled), results(expected)
    assert got == want, f"{name}\nonly compiled: {got - want}\nonly pySHACL: {want - got}"


def fixture_quads(graph: Graph, graph_name: ox.NamedNode = GRAPH) -> list[ox.Quad]:
    from kg.graph.quads import to_oxigraph_term

    return [
        ox.Quad(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o), graph_name)  # type: ignore[arg-type]
        for s, p, o in graph
    ]


# -- 1. the shape fixtures ---------------------------------------------------------------------------


def fixture_cases() -> dict[str, list[ox.Quad]]:
    cases = {"valid": fixture_quads(valid_graph())}
    cases.update({name: fixture_quads(apply_patch(name)[0]) for name in PATCHES})
    return cases


def test_every_shape_fixture_gets_pyshacls_verdict_in_one_batch() -> None:
    cases = fixture_cases()
    assert len(cases) == 112
    # One batch, every fixture in the same graph IRI: isolation must not depend on graph names.
    reports = validate_batch(list(cases.items()))
    assert list(reports) == list(cases)
    for name, quads in cases.items():
        assert_same(name, reports[name], reference(quads))
    assert reports["valid"].conforms and reports["valid"].results == ()
    assert sum(not r.conforms for r in reports.values()) > 90
    # Those with literals pyoxigraph would rewrite (e.g. an xsd:double) are validated by pySHACL itself.
    assert sorted(name for name, quads in cases.items() if not _inspect(quads)[0]) == [
        "confidence_as_double",
        "statement_date_datetime",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "valid",
        "statement_without_speaker",
        "evidence_text_mismatch",
        "blame_order_differs",
        "activity_blank_node",
        "statement_date_datetime",
    ],
)
def test_a_batch_of_one_gives_the_same_verdict(name: str) -> None:
    quads = fixture_cases()[name]
    assert_same(name, validate_batch([(name, quads)])[name], reference(quads))


# -- 2. real article graphs --------------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _article(aid: str, text: str, published: str | None):
    from kg.model import Article

    return Article(
        id=aid,
        text=text,
        file_name=f"{aid}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=date.fromisoformat(published) if published else None,
    )


@pytest.fixture(scope="module")
def knowledge():
    from kg.extract.knowledge import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="module")
def article_quads(knowledge) -> dict[str, list[ox.Quad]]:
    """Each article's quads as the build makes them (kg.pipeline _Worker.process)."""
    from kg.bench.synthetic import Generator, as_article
    from kg.corpus import read_article
    from kg.extract import extract_article
    from kg.settings import Settings

    articles = [read_article(p) for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    for corpus in (SHARED / "dev-corpus", HELDOUT):
        articles += [
            _article(m["id"], (corpus / "texts" / f"{m['id']}.txt").read_text("utf-8"), m["published"])
            for m in _jsonl(corpus / "articles.jsonl")
        ]
    articles += [as_article(a) for a in Generator(knowledge, Settings().gazetteer_dir, 7).articles(4)]
    minter = Minter(BASE)
    return {
        a.id: to_oxigraph_quads(to_dataset(extract_article(a, knowledge), minter, actors=knowledge.actors))
        for a in articles
    }


def test_real_articles_get_pyshacls_verdict(article_quads: dict[str, list[ox.Quad]]) -> None:
    assert len(article_quads) >= 5 + 10 + 4
    assert sum(k.startswith("seed") for k in article_quads) == 5
    items = list(article_quads.items())
    assert all(_inspect(quads)[0] for _, quads in items)  # all take the compiled path
    by_batch = {**validate_batch(items[:8]), **validate_batch(items[8:])}
    for key, quads in items:
        assert_same(key, by_batch[key], reference(quads))
    # The warnings (links to undescribed nodes) are there, so the comparison is not vacuous.
    assert any(r.results for r in by_batch.values())


def test_articles_split_as_the_build_stores_them_get_pyshacls_verdict(
    article_quads: dict[str, list[ox.Quad]],
) -> None:
    """As kg.pipeline sends them: the article graph plus what it adds to the shared graph, whose
    IRI every article of the batch uses."""
    from kg.graph.shared import split_shared

    minter = Minter(BASE)
    items = [
        (key, [*own, *shared])
        for key, (own, shared) in (
            (key, split_shared(quads, minter)) for key, quads in list(article_quads.items())[:12]
        )
    ]
    assert all(len({q.graph_name for q in quads}) == 2 for _, quads in items)
    reports = validate_batch(items)
    for key, quads in items:
        assert_same(key, reports[key], reference(quads))
    assert any(r.results for r in reports.values())


# -- 3. mutated article graphs -----------------------------------------------------------------------


def _literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype or XSD + "string"))


#: Objects a "wrong datatype" mutation writes (canonical forms, plus an ill-typed integer).
WRONG = [
    _literal("7", XSD + "integer"),
    _literal("0.5", XSD + "decimal"),
    _literal("2020-01-01", XSD + "date"),
    _literal("2020-01-01T00:00:00", XSD + "dateTime"),
    _literal("abc"),
    _literal("text", language="en"),
    _literal("نص", language="ar"),
    _literal("abc", XSD + "integer"),
    _literal("-3", XSD + "integer"),
    _literal("true", XSD + "boolean"),
    ox.NamedNode("https://w3id.org/kg/actor/nobody"),
]


def _changed(term: ox.NamedNode | ox.BlankNode | ox.Literal, quads: Sequence[ox.Quad], pick: int):
    """Another value of the same kind: an IRI from the graph, or the literal with a changed lexical form."""
    if not isinstance(term, ox.Literal):
        subjects = sorted({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)})
        return ox.NamedNode(subjects[pick % len(subjects)])
    datatype = term.datatype.value
    if term.language:
        return _literal(term.value + " آخر", language=term.language)
    if datatype == XSD + "integer":
        return _literal(str(int(term.value) + 1 + pick % 5), datatype)
    if datatype == XSD + "decimal":
        return _literal(
            str(float(term.value) + 0.25).rstrip("0").rstrip(".") if "." in term.value else term.value + ".5",
            datatype,
        )
    if datatype == XSD + "date":
        return _literal(
            date.fromordinal(date.fromisoformat(term.value).toordinal() + 1 + pick % 3).isoformat(), datatype
        )
    return _literal(term.value + "x", datatype)


MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "datatype", "swap"]), st.integers(0, 10**6), st.integers(0, 10**6)
)


def mutate(quads: list[ox.Quad], mutations: list[tuple[str, int, int]]) -> list[ox.Quad]:
    out = list(quads)
    for kind, i, j in mutations:
        q = out[i % len(out)]
        if kind == "delete":
            out.remove(q)
        elif kind == "duplicate":
            out.append(ox.Quad(q.subject, q.predicate, _changed(q.object, out, j), q.graph_name))
        elif kind == "datatype":
            literals = [x for x in out if isinstance(x.object, ox.Literal)]
            q = literals[i % len(literals)]
            out[out.index(q)] = ox.Quad(q.subject, q.predicate, WRONG[j % len(WRONG)], q.graph_name)
        else:
            r = out[j % len(out)]
            out[out.index(q)] = ox.Quad(q.subject, q.predicate, r.object, q.graph_name)
            out[out.index(r)] = ox.Quad(r.subject, r.predicate, q.object, r.graph_name)
    return list(dict.fromkeys(out))


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(["fixture", "seed003", "seed004"]),
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
)
def test_mutated_graphs_get_pyshacls_verdict(base: str, mutations: list[tuple[str, int, int]]) -> None:
    quads = mutate(_MUTATION_BASES[base], mutations)
    assert_same(f"{base} {mutations}", validate_batch([("m", quads)])["m"], reference(quads))


@pytest.fixture(scope="module", autouse=True)
def _mutation_bases(article_quads: dict[str, list[ox.Quad]]) -> None:
    _MUTATION_BASES.update(
        fixture=fixture_quads(valid_graph()),
        seed003=article_quads["seed003"],
        seed004=article_quads["seed004"],
    )


_MUTATION_BASES: dict[str, list[ox.Quad]] = {}


def test_mutations_do_break_graphs() -> None:
    """The mutation strategy reaches non-conforming graphs (else the test above proves little)."""
    base = fixture_quads(valid_graph())
    broken = [
        mutate(base, [(kind, i, 3)]) for kind in ("delete", "duplicate", "datatype", "swap") for i in (1, 40)
    ]
    reports = validate_batch([(str(n), q) for n, q in enumerate(broken)])
    assert sum(not r.conforms for r in reports.values()) >= 4


# -- 4. batch isolation ------------------------------------------------------------------------------


def test_an_article_invalid_alone_stays_invalid_next_to_one_that_completes_it() -> None:
    """Article A lacks the triples that describe its speaker; article B holds exactly those."""
    graph = valid_graph()
    speaker = next(o for _, p, o in graph if str(p).endswith("/sem/accordingTo"))
    described = [(s, p, o) for s, p, o in graph if s == speaker]
    incomplete = Graph()
    for triple in graph:
        if triple not in described:
            incomplete.add(triple)
    completion = Graph()
    for triple in described:
        completion.add(triple)
    a, b = fixture_quads(incomplete), fixture_quads(completion, ox.NamedNode(BASE + "graph/other"))
    whole = fixture_quads(graph)
    for items in ([("a", a), ("b", b)], [("b", b), ("a", a)], [("a", a), ("b", b), ("whole", whole)]):
        reports = validate_batch(items)
        assert not reports["a"].conforms
        assert "https://w3id.org/kg/shapes#Statement-speaker" in reports["a"].shapes()
        for key, quads in items:
            assert_same(key, reports[key], reference(quads))
    assert validate_batch([("together", a + b)])["together"].conforms


def test_same_graph_name_for_two_articles_is_kept_apart() -> None:
    broken, _ = apply_patch("confidence_out_of_range")
    items = [("broken", fixture_quads(broken)), ("valid", fixture_quads(valid_graph()))]
    reports = validate_batch(items)
    assert not reports["broken"].conforms and reports["valid"].conforms


def test_duplicate_keys_are_refused() -> None:
    quads = fixture_quads(valid_graph())
    with pytest.raises(ValueError, match="duplicate article key 'x'"):
        validate_batch([("x", quads), ("x", quads)])


# -- 5. other shapes files ---------------------------------------------------------------------------

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

#: Constructs ontology/shapes.ttl does not use (or uses in one way only), each with a message.
OTHER_SHAPES = (
    PREFIXES
    + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing" ;
    sh:property [ sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:minLength 2 ; sh:maxLength 4 ;
                  sh:message "code" ] ,
                [ sh:path ex:size ; sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:message "size" ] ,
                [ sh:path ex:tag ; sh:in ( "a" "b" ex:c ) ; sh:message "tag" ] ,
                [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Good ] ; sh:qualifiedMinCount 1 ;
                  sh:qualifiedMaxCount 2 ; sh:message "parts" ] ,
                [ sh:path ex:part ; sh:node ex:Named ; sh:message "named part" ] ,
                [ sh:path ( ex:part ex:label ) ; sh:uniqueLang true ; sh:languageIn ( "en" "fr" ) ;
                  sh:message "part labels" ] ,
                [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:disjoint ex:c ; sh:maxCount 2 ;
                  sh:message "a or b" ] ,
                [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:nodeKind sh:BlankNodeOrIRI ;
                  sh:message "chain" ] ;
    sh:or ( [ sh:hasValue ex:special ] [ sh:property [ sh:path ex:kind ; sh:minCount 1 ] ] ) .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:datatype rdf:langString ] .
ex:Kind a rdfs:Class , sh:NodeShape ; sh:message "kind" ; sh:severity sh:Info ;
    sh:property [ sh:path ex:weight ; sh:datatype xsd:decimal ; sh:maxInclusive 5.5 ; sh:message "weight" ] .
ex:Flag a sh:NodeShape ; sh:targetSubjectsOf ex:flag ; sh:message "flag" ;
    sh:property [ sh:path ex:flag ; sh:hasValue true ; sh:message "flag value" ] ,
                [ sh:path ex:start ; sh:lessThan ex:limit ; sh:lessThanOrEquals ex:end ;
                  sh:message "start" ] .
""".replace("rdf:langString", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>")
)

OTHER_DATA = """@prefix ex: <urn:ex:> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Sub rdfs:subClassOf ex:Thing . ex:Kind2 rdfs:subClassOf ex:Kind .
ex:t1 a ex:Thing ; ex:code "ABc" , "xyz" , "abcdef" , "a" ; ex:size 0 , 5 , 10 , "5" ;
    ex:tag "a" , "z" , ex:c , ex:d ;
    ex:part ex:p1 , ex:p2 , ex:p3 ; ex:a ex:x ; ex:b ex:y , ex:z ; ex:c ex:y ; ex:next ex:n1 ; ex:kind ex:k .
ex:n1 ex:next "lit" .
ex:t2 a ex:Sub ; ex:part ex:p1 .
ex:special a ex:Thing .
ex:p1 a ex:Good ; ex:label "one"@en , "un"@fr , "uno"@it .
ex:p2 a ex:Good ; ex:label "two"@en , "two again"@en .
ex:p3 a ex:Good ; ex:label "three" .
ex:w a ex:Kind2 ; ex:weight 5.5 , 6 , "heavy" .
ex:f ex:flag true , false ; ex:start 5 , "2020-01-01"^^xsd:date ; ex:limit 3 , 7 ; ex:end 5 .
ex:f2 ex:flag false ; ex:start "2020-01-02"^^xsd:date ; ex:limit "2020-01-01"^^xsd:date ; ex:end "b" .
"""


def test_other_constructs_get_pyshacls_verdict(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(OTHER_SHAPES, encoding="utf-8")
    data = Graph().parse(data=OTHER_DATA, format="turtle")
    quads = fixture_quads(data, ox.NamedNode("urn:ex:graph"))
    compiled = validate_batch([("x", quads)], path)["x"]
    expected = validate(data, Graph().parse(path, format="turtle"))
    assert_same("other constructs", compiled, expected)
    assert len(compiled.results) > 15
    assert {r.constraint for r in compiled.results} >= {
        "PatternConstraintComponent",
        "MinLengthConstraintComponent",
        "MaxLengthConstraintComponent",
        "MinExclusiveConstraintComponent",
        "MaxExclusiveConstraintComponent",
        "InConstraintComponent",
        "QualifiedMaxCountConstraintComponent",
        "NodeConstraintComponent",
        "UniqueLangConstraintComponent",
        "LanguageInConstraintComponent",
        "DisjointConstraintComponent",
        "MaxCountConstraintComponent",
        "NodeKindConstraintComponent",
        "OrConstraintComponent",
        "DatatypeConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "HasValueConstraintComponent",
        "LessThanConstraintComponent",
    }


@pytest.mark.parametrize(
    ("shape", "construct"),
    [
        ('ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ; sh:message "m" .', "sh:closed"),
        ('ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:xone ( ex:A ex:B ) ; sh:message "m" .', "sh:xone"),
        ('ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:not ex:A ; sh:message "m" .', "sh:not"),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "m" ; sh:node [ sh:pattern "x" ] .',
            "sh:pattern inside",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "m" ; '
            'sh:sparql [ sh:select "SELECT $this {}" ] .',
            "active sh:sparql",
        ),
    ],
)
def test_a_construct_that_is_not_compiled_raises(tmp_path: Path, shape: str, construct: str) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + shape, encoding="utf-8")
    with pytest.raises(ValidationError, match="does not translate") as info:
        compile_shapes(path)
    assert construct in info.value.context["construct"]
    assert info.value.context["shape"] == "urn:ex:S"


#: Shapes without sh:message: results carry pySHACL's generic messages.
UNNAMED_SHAPES = (
    PREFIXES
    + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI ;
    sh:property [ sh:path ex:missing ; sh:minCount 1 ] ,
                [ sh:path ex:code ; sh:maxCount 1 ; sh:pattern "^a" ] ,
                [ sh:path ex:part ; sh:class ex:Good ; sh:datatype xsd:string ; sh:in ( ex:p1 ex:p3 ) ] ,
                [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Good ] ; sh:qualifiedMinCount 3 ] ,
                [ sh:path ex:size ; sh:minInclusive 1 ; sh:hasValue 7 ; sh:minLength 2 ] .
"""
)


def test_shapes_without_messages_get_pyshacls_generic_messages(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(UNNAMED_SHAPES, encoding="utf-8")
    quads = fixture_quads(Graph().parse(data=OTHER_DATA, format="turtle"), ox.NamedNode("urn:ex:graph"))
    compiled = validate_batch([("x", quads)], path)["x"]
    assert_same("generic messages", compiled, reference(quads, Graph().parse(path, format="turtle")))
    assert {r.constraint for r in compiled.results} >= {
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "DatatypeConstraintComponent",
        "InConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "MinInclusiveConstraintComponent",
        "HasValueConstraintComponent",
        "PatternConstraintComponent",
    }
    assert any(r.message.startswith("Less than 1 values on") for r in compiled.results)


def test_compiled_shapes_are_cached() -> None:
    assert compile_shapes() is compile_shapes()


@pytest.mark.parametrize(
    "offset",
    [
        _literal("true", XSD + "boolean"),
        _literal("false", XSD + "boolean"),
        _literal("1", XSD + "nonNegativeInteger"),
        _literal("1", XSD + "decimal"),
        _literal("x", XSD + "integer"),
        _literal("1"),
        _literal("-1", XSD + "integer"),
    ],
)
@pytest.mark.parametrize("predicate", ["start", "end"])
def test_evidence_offsets_of_other_types_get_the_native_checks_verdict(
    predicate: str, offset: ox.Literal
) -> None:
    """Found by fuzzing: the native evidence check reads any offset whose rdflib value is a Python
    int, xsd:boolean included (true is 1)."""
    quads = fixture_quads(valid_graph())
    target = min(
        (q for q in quads if q.predicate.value == f"http://www.w3.org/ns/oa#{predicate}"),
        key=lambda q: q.subject.value,
    )
    quads[quads.index(target)] = ox.Quad(target.subject, target.predicate, offset, target.graph_name)
    assert_same(f"{predicate} {offset}", validate_batch([("e", quads)])["e"], reference(quads))


@pytest.mark.parametrize(
    "day", ["2021-02-30", "0000-01-01", "2021-13-01", "2021-1-01", "2021-01-01Z", "10000-01-01"]
)
@pytest.mark.parametrize(
    "predicate", ["https://schema.org/datePublished", "https://w3id.org/kg/ontology#latestDate"]
)
def test_dates_rdflib_cannot_read_get_pyshacls_verdict(predicate: str, day: str) -> None:
    """A date pyoxigraph stores as written but rdflib reads as ill-typed is a sh:datatype violation.

    pySHACL itself raises TypeError when such a date meets sh:lessThanOrEquals (kgsh:Dated-earliestDate
    compares kg:earliestDate with kg:latestDate): there the compiled path reports the violation.
    """
    quads = fixture_quads(valid_graph())
    target = min((q for q in quads if q.predicate.value == predicate), key=lambda q: q.subject.value)
    quads[quads.index(target)] = ox.Quad(
        target.subject, target.predicate, _literal(day, XSD + "date"), target.graph_name
    )
    compiled = validate_batch([("d", quads)])["d"]
    try:
        expected = reference(quads)
    except TypeError:
        assert rdflib.Literal(day, datatype=rdflib.XSD.date).ill_typed and predicate.endswith("latestDate")
        assert not compiled.conforms
        assert {(r.focus_node, r.constraint, r.value) for r in compiled.violations} >= {
            (target.subject.value, "DatatypeConstraintComponent", day)
        }
        return
    assert_same(f"{predicate} {day}", compiled, expected)


def test_an_article_pyoxigraph_would_rewrite_is_validated_by_pyshacl_with_the_given_shapes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(OTHER_SHAPES, encoding="utf-8")
    quads = fixture_quads(Graph().parse(data=OTHER_DATA, format="turtle"), ox.NamedNode("urn:ex:graph"))
    quads.append(
        ox.Quad(
            ox.NamedNode("urn:ex:w"),
            ox.NamedNode("urn:ex:weight"),
            _literal("1.0E0", XSD + "double"),
            ox.NamedNode("urn:ex:graph"),
        )
    )
    assert not _inspect(quads)[0]
    compiled = validate_batch([("x", quads)], path)["x"]
    assert_same("rewritten literal", compiled, reference(quads, Graph().parse(path, format="turtle")))
    assert {r.source_shape for r in compiled.results} & {"urn:ex:Thing", "urn:ex:Kind"}


def test_compiled_shapes_come_from_the_disk_cache_unchanged(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A second process gets the compiled shapes from kg.cache: the same queries as compiling;
    a corrupt entry is compiled again; a changed shapes file is a new entry."""
    from kg.validate.compiled import _compile_cached

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_bytes(DEFAULT_SHAPES.read_bytes())
    _compile_cached.cache_clear()
    fresh = compile_shapes(shapes)
    (entry,) = (tmp_path / "cache").glob("shapes-*.pickle")
    _compile_cached.cache_clear()
    assert compile_shapes(shapes).branches == fresh.branches
    entry.write_bytes(b"\x80broken")
    _compile_cached.cache_clear()
    assert compile_shapes(shapes).branches == fresh.branches
    with shapes.open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    _compile_cached.cache_clear()
    compile_shapes(shapes)
    assert len(list((tmp_path / "cache").glob("shapes-*.pickle"))) == 2
    _compile_cached.cache_clear()
