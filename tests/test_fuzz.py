"""Fuzzing a real server: malformed SPARQL is 400, never 500; the W3C syntax suite decides 400.

- A corpus of queries mutated from ``queries/*.rq`` (tokens deleted, duplicated, swapped; text
  truncated; random bytes and Unicode inserted), deterministic by seed. The oracle for "malformed"
  is pyoxigraph's own parser (an empty in-memory store): a query it refuses must get 400; no
  query may get 500.
- The W3C SPARQL 1.1 syntax tests (``syntax-query/manifest.ttl``): every negative test gets 400,
  no positive test gets 400 or 500.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kg.serve.protocol import keywords

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
MUTANTS_PER_QUERY = 60
NOISE = ["\x00", "\ufffd", "\u202e", "\U0001f600", "ب", "{", "}", "(", ")", "<", ">", "\"", "'",
         "\\", "?", "$", ".", ";", ",", "#", "\n", "^^", "@", "*", "|", "/", "!", "SELECT", "SERVICE"]
# Only these may answer a query that parses: results, a policy refusal, a row cap, a timeout.
PARSED_OK = {200, 403, 503}
# Grammatical, but call a custom function pyoxigraph does not implement: 400 "not supported"
# (the engine refuses to plan them; SPARQL would make each call an expression error).
UNSUPPORTED = {"syntax-select-expr-04.rq"}


def _tokens(text: str) -> list[str]:
    """Words and the whitespace between them (kept, so a ``#`` comment still ends at its line)."""
    return re.findall(r"\S+|\s+", text)


def mutate(text: str, rng: random.Random) -> str:
    """One random mutation of ``text``."""
    tokens = _tokens(text)
    words = [k for k, t in enumerate(tokens) if not t.isspace()] or [0]
    kind = rng.randrange(7)
    i, j = rng.choice(words), rng.choice(words)
    if kind == 0:  # delete a token
        del tokens[i]
    elif kind == 1:  # duplicate a token
        tokens.insert(i, tokens[i] + " ")
    elif kind == 2:  # swap two tokens
        tokens[i], tokens[j] = tokens[j], tokens[i]
    elif kind == 3:  # truncate
        return text[: rng.randrange(1, len(text))]
    elif kind == 4:  # insert random bytes (as Latin-1 code points, including controls)
        pos = rng.randrange(len(text))
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))).decode("latin-1")
        return text[:pos] + noise + text[pos:]
    elif kind == 5:  # insert a random code point
        pos = rng.randrange(len(text))
        return text[:pos] + chr(rng.choice([rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x110000)])) \
            + text[pos:]
    else:  # insert a SPARQL-ish piece
        tokens.insert(i, rng.choice(NOISE) + " ")
    return "".join(tokens)


def corpus() -> list[str]:
    rng = random.Random(20261121)
    out: list[str] = []
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        for _ in range(MUTANTS_PER_QUERY):
            query = text
            for _ in range(rng.randrange(1, 4)):
                query = mutate(query, rng) or "{"
            out.append(query)
    for _ in range(40):  # pure noise
        out.append("".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(1, 200))))
    return out


def parses(query: str) -> bool:
    """pyoxigraph's verdict (the engine the server runs): does ``query`` parse?"""
    try:
        ox.Store().query(query)
    except SyntaxError:
        return False
    except (OSError, ValueError, RuntimeError):
        return True  # parsed, failed to evaluate on an empty store
    return True


@pytest.fixture(scope="module")
def client(seed_server) -> httpx.Client:
    with httpx.Client(base_url=seed_server.url, timeout=60) as c:
        yield c


def _post(client: httpx.Client, query: str) -> httpx.Response:
    # \x00 and lone surrogates cannot travel in a URL reliably; POST the body as UTF-8.
    return client.post("/sparql", content=query.encode("utf-8", "replace"),
                       headers={"content-type": "application/sparql-query",
                                "accept": "application/sparql-results+json, text/turtle"})


def test_mutated_named_queries_are_400_when_malformed_and_never_500(client: httpx.Client) -> None:
    queries = corpus()
    assert len(queries) == MUTANTS_PER_QUERY * len(QUERIES) + 40 and len(QUERIES) == 5
    statuses: dict[int, int] = {}
    wrong: list[tuple[int, str]] = []
    for query in queries:
        text = query.encode("utf-8", "replace").decode("utf-8")
        status = _post(client, query).status_code
        statuses[status] = statuses.get(status, 0) + 1
        # A query that names SERVICE is refused (403) before it is parsed: fail closed.
        expected = PARSED_OK if parses(text) else {400, 403} if "SERVICE" in keywords(text) else {400}
        if status not in expected:
            wrong.append((status, query))
    assert not wrong, wrong[:5]
    assert 500 not in statuses
    malformed = sum(not parses(q.encode("utf-8", "replace").decode("utf-8")) for q in queries)
    assert statuses.get(400, 0) + statuses.get(403, 0) >= malformed
    assert malformed > len(queries) // 2  # the mutations really break most queries


def syntax_tests(shared_dir: Path) -> list[tuple[str, Path, bool]]:
    folder = shared_dir / "conformance/rdf-tests/sparql/sparql11/syntax-query"
    manifest = Graph().parse(folder / "manifest.ttl", format="turtle", publicID=folder.as_uri() + "/")
    entries = next(manifest.objects(None, MF.entries))
    tests = []
    for test in Collection(manifest, entries):
        kind = manifest.value(test, RDF.type)
        action = manifest.value(test, MF.action)
        path = Path(str(action).removeprefix("file://"))
        tests.append((str(test).rsplit("#", 1)[-1], path, str(kind).endswith("PositiveSyntaxTest11")))
    return tests


def test_w3c_syntax_suite(client: httpx.Client, shared_dir: Path) -> None:
    tests = syntax_tests(shared_dir)
    positive = [t for t in tests if t[2]]
    assert (len(tests), len(positive)) == (94, 63)
    wrong = []
    for name, path, good in tests:
        response = _post(client, path.read_text(encoding="utf-8"))
        if path.name in UNSUPPORTED:
            assert response.status_code == 400 and "not supported" in response.text
        elif (good and response.status_code in (400, 500)) or (not good and response.status_code != 400):
            wrong.append((name, good, response.status_code))
    assert not wrong


@pytest.mark.parametrize("query", ["# only a comment", "PREFIX a: <x:>", "BASE <x:> # nothing"])
def test_a_query_with_no_operation_is_malformed_not_an_update(client: httpx.Client, query: str) -> None:
    # Found by the corpus: rdflib parses these as an empty SPARQL Update, which was answered 403.
    response = _post(client, query)
    assert response.status_code == 400, response.text


def test_an_unsupported_function_is_400_not_500(client: httpx.Client) -> None:
    # Found by the W3C suite (syntax-qname-14 style custom functions): was a 500 from the worker.
    response = _post(client, "SELECT * WHERE { BIND(<http://example/function>(1) AS ?x) }")
    assert response.status_code == 400
    assert "not supported" in response.text



# --- the server's own OpenAPI description, fuzzed with schemathesis -------------------------------
# The Python API, not schemathesis's pytest plugin (its lazy fixture schemas fail on pytest 9).
EXAMPLES = 40  # per operation and generation mode; the whole test takes about 20 s


def fuzz(operation, mode: schemathesis.GenerationMode, base_url: str, excluded: list) -> None:
    """Send EXAMPLES generated requests to ``operation``; raise on the first failed check."""
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(base_url=base_url, timeout=30, excluded_checks=excluded)

    run()


def test_every_route_keeps_to_its_openapi_description(seed_server) -> None:
    """No 5xx, and every status, content type and body is one the description allows, for
    valid (positive) and schema-violating (negative) requests to every described route."""
    api = schemathesis.openapi.from_url(seed_server.url + "/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 17
    failures: list[str] = []
    for operation in operations:
        # SPARQL's grammar is not a JSON Schema: a schema-valid query string may still be
        # malformed (400), so "valid data is accepted" cannot hold for /sparql.
        excluded = [positive_data_acceptance] if operation.path == "/sparql" else []
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, seed_server.url, excluded)
            except Unsatisfiable:
                continue  # no parameters to violate (GET /health…): nothing negative to send
            except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
                failures.append(f"{operation.label} [{mode.value}]: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)


def test_a_bad_dataset_iri_is_400_even_without_a_query(client: httpx.Client) -> None:
    # Found by schemathesis: GET /sparql?default-graph-uri=<not an IRI> answered the service
    # description (200), silently ignoring the parameter.
    response = client.get("/sparql", params={"default-graph-uri": "not an iri"})
    assert response.status_code == 400 and "default-graph-uri" in response.text


# --- routes outside the OpenAPI description: random path segments and parameters ------------------

@given(segment=st.text(min_size=1, max_size=40), graph=st.text(max_size=40),
       name=st.text(min_size=1, max_size=20), fmt=st.text(max_size=12))
@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_undescribed_routes_never_fail(client: httpx.Client, segment: str, graph: str, name: str,
                                       fmt: str) -> None:
    """Linked data, /store, /dumps and VoID with arbitrary input: a 2xx, 3xx or 4xx, never 5xx."""
    responses = [
        client.get("/actor/" + quote(segment, safe=""), params={"format": fmt}),
        client.get("/statement/" + quote(segment, safe="/")),
        client.get("/store", params={"graph": graph, "format": fmt}),
        client.get("/dumps/" + quote(name, safe="")),
        client.get("/.well-known/void", params={"format": fmt}),
    ]
    for response in responses:
        assert response.status_code < 500, (response.request.url, response.status_code, response.text)
        assert "Traceback" not in response.text
