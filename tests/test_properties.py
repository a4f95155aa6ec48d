"""Property tests (hypothesis) for the pure stages: text views, sentences, dates, IRIs, extraction, corpus.

Each test states an invariant from docs/contracts.md or a module docstring and lets hypothesis look
for a counterexample. Strategies draw realistic Arabic news material (gazetteer names, lexicon cue
forms, date words, quotes and punctuation) as well as arbitrary Unicode. Example counts are modest so
the file runs in well under a minute; SHACL validation is the slow part and gets the fewest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import signal
import tempfile
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.corpus import read_article
from kg.errors import CorpusError, GraphError
from kg.extract import extract_article
from kg.extract.dates import DateContext, find_dates
from kg.extract.knowledge import Knowledge, load_knowledge
from kg.extract.sentences import split_sentences
from kg.extract.text import matching_view, noise_spans, search_view, strip_marks_with_map
from kg.graph import Minter, from_oxigraph_quads, to_dataset, to_quads
from kg.model import BLAME_KINDS, STATEMENT_KINDS, Article, ResolvedDate
from kg.settings import Settings
from kg.validate import load_shapes, validate

SETTINGS = Settings()
BASE = SETTINGS.base_iri

# --- alphabets and token pools ------------------------------------------------------------------

AR_LETTERS = "".join(chr(c) for c in range(0x0621, 0x063B)) + "".join(chr(c) for c in range(0x0641, 0x064B))
AR_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, dagger alef, tatweel
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202c\u2066\u2069\u061c\ufeff\u00a0\u2009\u202f"
PUNCT = "«»\"“”‘’:.؟!،؛?,()[]-–—…^/ "
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲"
LATIN = "abcdefxyzABCDEFXYZ"
NEWLINES = "\n\r\u2028"
NEWS_ALPHABET = AR_LETTERS + AR_MARKS + INVISIBLE + PUNCT + DIGITS + LATIN + NEWLINES + " " * 10

DATE_PHRASES = (
    "13 سبتمبر 2022", "الـ13 من شهر أيلول", "14 سبتمبر/أيلول 2022", "أيلول (سبتمبر)", "تشرين الأول 13, 2020",
    "2022/09/13", "13-09-2022", "13.9.2022", "الثالث عشر من سبتمبر", "الحادي والعشرين من أيلول 2022",
    "12 إلى 13 سبتمبر", "12 و13 سبتمبر", "يوليو 2021", "سبتمبر الماضي", "سبتمبر المقبل", "عام 2020",
    "اليوم", "أمس", "البارحة", "أول أمس", "الليلة الماضية", "غدا", "بعد غد", "قبل يومين", "منذ ثلاثة أيام",
    "13 من الشهر الجاري", "العاشر من الشهر الماضي", "اليوم الثلاثاء", "أمس الخميس", "الثلاثاء",
    "يوم الإثنين", "فجر الأربعاء", "الجمعة الماضية", "الثلاثاء المقبل", "ليل الإثنين الثلاثاء",
    "الأسبوع الماضي", "الشهر الماضي", "هذا الأسبوع", "هذا الشهر", "العام الماضي", "هذا العام",
    "في وقت سابق", "مؤخرا", "في وقت لاحق", "في وقت سابق اليوم", "في اليوم نفسه", "في اليوم التالي",
    "31 فبراير 2022", "29 فبراير", "0 يناير", "39 مارس", "1 كانون الثاني 1900", "31 ديسمبر 2099",
    "13 سبتمبر الماضي", "13 سبتمبر من العام الماضي", "13 سبتمبر من العام نفسه", "في 2022", "منذ 1994",
)
PARTICLES = ("إن", "أن", "بأن", "أنه", "إنها", "و", "في", "على", "ضد", "من", "قبل", "التي", "الذي", "بذلك",
             "وفقا", "بحسب", "حسبما", "لم", "لا", "عدم", "يجب على", "العدو", "تبادل الاتهامات", "الطرفين",
             "كل منهما", "الأخرى", "بيان", "في بيان", "المتحدث باسم", "مسؤول", "مصدر", "جنديا", "مدنيا",
             "قتلى", "جرحى", "قصف", "القصف", "هجوم", "العدوان", "وقف إطلاق النار", "إطلاق النار",
             "ناغورنو كاراباخ")
SEPARATORS = (" ", " ", " ", " ", "، ", ". ", ": ", "\n", "\n\n", " «", "» ", ' "', '" ', "؟ ", "! ", " - ",
              "... ", ".. ", "؛ ", "[1] ", " [ad_1] ", "\nاقرأ أيضا: ", "\n^ ", " https://x.example/a ")


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return load_knowledge(SETTINGS.gazetteer_dir, SETTINGS.lexicon_dir)


@functools.lru_cache(maxsize=1)
def shapes():
    return load_shapes(SETTINGS.ontology_dir / "shapes.ttl")


def _gazetteer_surfaces() -> tuple[str, ...]:
    """Arabic names of actors and places, nisbas, institution heads and titles, from data/gazetteer."""
    gaz = SETTINGS.gazetteer_dir
    out: set[str] = set()
    states = json.loads((gaz / "states.json").read_text("utf-8"))["states"]
    for entry in states.values():
        out.update(entry.get("names", []))
        out.update(m["ar"] for m in entry.get("metonyms", []))
        for forms in entry.get("nisba", {}).values():
            out.update(forms)
    for name in ("bodies.json", "persons.json"):
        for entry in json.loads((gaz / name).read_text("utf-8"))["actors"]:
            out.add(entry["label_ar"])
            out.update(entry.get("names", []))
    for entry in json.loads((gaz / "places.json").read_text("utf-8"))["places"]:
        out.add(entry["label_ar"])
    for entry in json.loads((gaz / "institutions.json").read_text("utf-8"))["institutions"]:
        for mode in ("def", "construct"):
            out.update(entry.get(mode, []))
    titles = json.loads((gaz / "titles.json").read_text("utf-8"))
    for entry in titles["titles"]:
        for mode in ("def", "construct", "def_f", "construct_f"):
            out.update(entry.get(mode, []))
    for forms in titles["spokesperson"].values():
        out.update(forms)
    return tuple(sorted(s for s in out if s.strip()))


def _cue_surfaces() -> dict[str, tuple[str, ...]]:
    """Surface forms of the lexicon (data/lexicon/forms.tsv) by cue class."""
    by_class: dict[str, set[str]] = {}
    for line in (SETTINGS.lexicon_dir / "forms.tsv").read_text("utf-8").splitlines()[1:]:
        if line.strip():
            _key, surface, _lemma, cls, *_ = line.split("\t")
            by_class.setdefault(cls, set()).add(surface)
    return {cls: tuple(sorted(forms)) for cls, forms in by_class.items()}


ACTOR_SURFACES = _gazetteer_surfaces()
CUES_BY_CLASS = _cue_surfaces()
CUE_SURFACES = tuple(sorted({f for forms in CUES_BY_CLASS.values() for f in forms}))
SPEECH_CUES = tuple(sorted({f for c in ("speech", "accuse", "condemn", "hold_responsible", "deny", "call",
                                        "describe", "concern", "refuse_to_blame", "mutual")
                            for f in CUES_BY_CLASS.get(c, ())}))
ACT_CUES = tuple(sorted({f for c in ("hostile_act", "aggression_noun", "false_claim_noun", "stop")
                         for f in CUES_BY_CLASS.get(c, ())}))
# the two main parties and their voices, drawn more often than the other 250 states
CORE_ACTORS = ("أرمينيا", "أذربيجان", "الأرمينية", "الأذربيجانية", "الأرميني", "الأذربيجاني", "باكو",
               "يريفان", "وزارة الدفاع الأرمينية", "وزارة الدفاع الأذربيجانية", "الخارجية الأذربيجانية",
               "نيكول باشينيان", "إلهام علييف", "روسيا", "الكرملين", "الاتحاد الأوروبي", "الأمم المتحدة")
CORE_CUES = ("قال", "وقال", "قالت", "أعلنت", "أكدت", "اتهمت", "اتهم", "أدانت", "أدان", "حملت", "حمّلت",
             "المسؤولية", "نفت", "دعت", "دعا", "إلى وقف", "أعربت عن قلقها", "عدوان", "قصفت", "استهدفت",
             "هاجمت", "انتهاك", "ادعاءات", "كاذبة", "مقتل", "إصابة")

# --- strategies ---------------------------------------------------------------------------------

news_chars = st.text(alphabet=NEWS_ALPHABET, max_size=300)
any_text = st.one_of(st.text(max_size=200), news_chars)
random_word = st.text(alphabet=AR_LETTERS + AR_MARKS[:3], min_size=1, max_size=8)


def token_text(*pools: tuple[str, ...], max_tokens: int = 40) -> st.SearchStrategy[str]:
    """Text built from tokens of the pools and random Arabic words, joined by news separators."""
    token = st.one_of(*(st.sampled_from(p) for p in pools), random_word, st.text(NEWS_ALPHABET, max_size=3))
    pair = st.tuples(token, st.sampled_from(SEPARATORS))
    return st.lists(pair, max_size=max_tokens).map(lambda ps: "".join(t + s for t, s in ps))


sentence_text = st.one_of(news_chars, token_text(CORE_ACTORS, CORE_CUES, PARTICLES, DATE_PHRASES))
date_text = st.one_of(news_chars, token_text(DATE_PHRASES, PARTICLES, CORE_CUES, max_tokens=25))


def _optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


_actor = st.one_of(st.sampled_from(CORE_ACTORS), st.sampled_from(ACTOR_SURFACES))
_speech = st.one_of(st.sampled_from(CORE_CUES), st.sampled_from(SPEECH_CUES))
_act = st.one_of(st.sampled_from(CORE_CUES), st.sampled_from(ACT_CUES))
_date = st.sampled_from(DATE_PHRASES)
_filler = st.one_of(st.sampled_from(PARTICLES), random_word, st.sampled_from(CUE_SURFACES))


@st.composite
def _news_sentence(draw: st.DrawFn) -> str:
    """A reported-speech sentence in verb-subject or subject-verb order, with optional extras."""
    speaker, cue = draw(_actor), draw(_speech)
    head = [cue, speaker] if draw(st.booleans()) else [speaker, cue]
    words = [draw(_optional(_date)), *head, draw(_optional(_date)),
             draw(st.sampled_from(("إن", "أن", "بأن", "إنها", "أنه", ":", "«", '"', "")))]
    words += draw(st.lists(st.one_of(_actor, _act, _filler, _date), min_size=1, max_size=6))
    words.append(draw(st.sampled_from(("", "»", '"', "”"))))
    words = [w for w in words if w]
    seps = draw(st.lists(st.sampled_from((" ", " ", " ", " ", "، ", "  ", " و", " - ")),
                         min_size=len(words), max_size=len(words)))
    body = "".join(w + sep for w, sep in zip(words, seps, strict=True)).rstrip()
    return body + draw(st.sampled_from((".", ".", ".", "؟", "!", "", "...", ".»", "\n")))


_token_soup = token_text(ACTOR_SURFACES, CORE_ACTORS, CUE_SURFACES, CORE_CUES, PARTICLES, DATE_PHRASES,
                         max_tokens=12)
_paragraph = st.one_of(_news_sentence(), _news_sentence(), _news_sentence(), _token_soup)


@st.composite
def _article_text(draw: st.DrawFn) -> str:
    """One to six sentences or token soups, joined by spaces or line breaks."""
    parts = draw(st.lists(_paragraph, min_size=1, max_size=6))
    text = "".join(part + draw(st.sampled_from(("\n", " ", "\n\n", " "))) for part in parts)
    return text if text.strip() else "أرمينيا"


@st.composite
def _scraped(draw: st.DrawFn, text: st.SearchStrategy[str]) -> str:
    """``text`` as scrapers leave it: diacritics, tatweel, invisible and odd space characters
    inside words, CRLF or Unicode line separators, a BOM."""
    chars = list(draw(text))
    for _ in range(draw(st.integers(0, 12))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(AR_MARKS + INVISIBLE)))
    out = "".join(chars)
    newline = draw(st.sampled_from(("\n", "\r\n", "\u2028", "\r")))
    return draw(st.sampled_from(("", "\ufeff"))) + out.replace("\n", newline)


article_text = st.one_of(_article_text(), _article_text(), _scraped(_article_text()))

REALISTIC_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
EDGE_DATES = st.sampled_from([date.min, date(1, 1, 2), date(1, 1, 31), date(1, 12, 31), date(2, 1, 1),
                              date(9998, 12, 31), date(9999, 12, 1), date(9999, 12, 30), date.max])
realistic_published = st.one_of(st.none(), REALISTIC_DATES)
any_published = st.one_of(st.none(), REALISTIC_DATES, st.dates(), EDGE_DATES)

DATE_BASES = {"explicit", "relative", "bounded", "unknown"}
SPAN_KINDS = {"sentence", "heading", "dateline"}


def _article(text: str, published: date | None, article_id: str = "prop001") -> Article:
    return Article(id=article_id, text=text, file_name=f"{article_id}.txt",
                   sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), published=published)


# --- kg.extract.text ----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(any_text)
def test_search_view_is_length_preserving_idempotent_and_charwise(text: str) -> None:
    view = search_view(text)
    assert len(view) == len(text)
    assert search_view(view) == view
    # a 1:1 fold: each character is folded on its own, independently of its neighbours
    assert view == "".join(search_view(ch) for ch in text)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_strip_marks_index_maps_back_to_the_original(text: str) -> None:
    stripped, index = strip_marks_with_map(text)
    assert len(index) == len(stripped) + 1
    assert index[-1] == len(text)
    assert all(a < b for a, b in zip(index, index[1:], strict=False))  # strictly increasing
    assert all(0 <= i < len(text) for i in index[:-1])
    assert all(stripped[k] == text[index[k]] for k in range(len(stripped)))
    assert strip_marks_with_map(stripped) == (stripped, list(range(len(stripped) + 1)))


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_matching_view_maps_each_char_to_an_equivalent_original(text: str) -> None:
    view, index = matching_view(text)
    assert len(index) == len(view) + 1 and index[-1] == len(text)
    assert all(0 <= index[k] < len(text) and view[k] == search_view(text[index[k]]) for k in range(len(view)))


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, token_text(SEPARATORS, PARTICLES, ("[ad_1]", "[12]", "[ب]", "[بحاجة لمصدر]",
                                                             "المصدر", "قد يعجبك", "www.a.b.c", "^ref"))))
def test_noise_spans_are_inside_sorted_and_disjoint(text: str) -> None:
    spans = noise_spans(text)
    for a, b in spans:
        assert 0 <= a < b <= len(text)
    for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False):
        assert b1 < a2  # merged: neither overlapping nor touching


# --- kg.extract.sentences -----------------------------------------------------------------------

def _check_spans(text: str, spans) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text), (span, previous_end)
        assert text[span.start:span.end].strip(), span
        assert span.kind in SPAN_KINDS
        previous_end = span.end


@settings(max_examples=300, deadline=None)
@given(sentence_text)
def test_split_sentences_spans_are_ordered_disjoint_inside_and_non_empty(text: str) -> None:
    _check_spans(text, split_sentences(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_split_sentences_on_arbitrary_unicode(text: str) -> None:
    _check_spans(text, split_sentences(text))


def test_split_sentences_survives_a_one_megabyte_line() -> None:
    rng = random.Random(20221113)
    pool = CORE_ACTORS + CORE_CUES + PARTICLES + DATE_PHRASES + ("«", "»", '"', "“", "”", ".", "؟", "،", ":")
    parts: list[str] = []
    size = 0
    while size < 1_000_000:
        token = rng.choice(pool)
        parts.append(token)
        size += len(token) + 1
    text = " ".join(parts).replace("\n", " ")
    assert "\n" not in text and len(text) >= 1_000_000
    _check_spans(text, split_sentences(text))


class _Slow(Exception):
    pass


def _raise_slow(signum: int, frame: object) -> None:
    raise _Slow


def test_split_sentences_is_linear_in_quotes_on_one_line() -> None:
    """100 kB of short quoted replies on one line («نعم». «لا». …) — a linear splitter needs ~0.1 s."""
    text = "«نعم». «لا». " * 7_700
    assert "\n" not in text and len(text) >= 100_000
    previous = signal.signal(signal.SIGALRM, _raise_slow)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        spans = split_sentences(text)
    except _Slow:
        pytest.fail("split_sentences took more than 5 s on a 100 kB line of quoted sentences")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    _check_spans(text, spans)
    assert len(spans) == 2 * 7_700


# --- kg.extract.dates ---------------------------------------------------------------------------

def _check_resolved(resolved: ResolvedDate, published: date | None) -> None:
    assert resolved.basis in DATE_BASES
    if resolved.basis in ("explicit", "relative"):
        assert resolved.value is not None, resolved
    if resolved.basis == "bounded":
        assert resolved.value is None and resolved.latest is not None, resolved
    if resolved.basis == "unknown":
        assert resolved.value is None, resolved
    if resolved.earliest is not None and resolved.latest is not None:
        assert resolved.earliest <= resolved.latest, resolved


def _check_find_dates(text: str, published: date | None) -> None:
    previous_end = 0
    for mention in find_dates(text, published):
        assert previous_end <= mention.start < mention.end <= len(text), mention
        previous_end = mention.end
        _check_resolved(mention.date, published)
        # a relative expression that is not flagged future lies on or before publication
        if mention.relative is not None and not mention.future and published is not None:
            assert mention.date.value is None or mention.date.value <= published, mention
            assert mention.date.latest is None or mention.date.latest <= published, mention


def _check_for_statement(text: str, published: date | None, cue_offsets: list[int]) -> None:
    spans = split_sentences(text)
    context = DateContext(text, published, spans)
    windows = [(s.start, s.end) for s in spans] + [(0, len(text))]
    for (start, end), cue in zip(windows, cue_offsets + [None] * len(windows), strict=False):
        for cue_start in (None, cue if cue is None else start + cue % (end - start + 1)):
            resolved = context.for_statement(start, end, cue_start)
            _check_resolved(resolved, published)
            if published is not None:
                assert resolved.value is None or resolved.value <= published, (start, end, resolved)
                assert resolved.latest is None or resolved.latest <= published, (start, end, resolved)
                assert resolved.basis != "unknown", resolved  # bounded by publication at least


@settings(max_examples=300, deadline=None)
@given(date_text, realistic_published)
def test_find_dates_properties(text: str, published: date | None) -> None:
    _check_find_dates(text, published)


@settings(max_examples=150, deadline=None)
@given(date_text, realistic_published, st.lists(st.integers(0, 10_000), max_size=5))
def test_statement_dates_properties(text: str, published: date | None, cues: list[int]) -> None:
    _check_for_statement(text, published, cues)


@settings(max_examples=150, deadline=None)
@example("أمس", date.min)
@example("غدا", date.max)
@given(date_text, st.one_of(st.dates(), EDGE_DATES))
def test_dates_never_raise_for_extreme_publication_dates(text: str, published: date) -> None:
    """Publication dates in year 1 or 9999 are valid ``date`` s (and valid corpus metadata)."""
    _check_find_dates(text, published)
    _check_for_statement(text, published, [0, 7])


# --- kg.graph.iris.Minter -----------------------------------------------------------------------

FORBIDDEN_IRI_CHARS = set(' <>"{}|^`\\')
keys = st.text(min_size=1, max_size=40).filter(lambda k: k not in (".", ".."))
bases = st.sampled_from([BASE, "http://example.org/", "https://example.org/data/kg/", "urn://x/"])


def _check_iri(iri: URIRef, base: str) -> None:
    s = str(iri)
    assert isinstance(iri, URIRef) and s.startswith(base)
    assert s.isascii(), s
    assert not FORBIDDEN_IRI_CHARS & set(s), s
    assert all(0x20 < ord(c) < 0x7F for c in s), s
    assert URIRef(s) == iri


@settings(max_examples=300, deadline=None)
@given(bases, keys, keys, keys, st.one_of(st.none(), keys), st.integers(0, 10**7), st.integers(0, 10**7))
def test_minter_iris_are_deterministic_ascii_and_valid(base: str, article_id: str, key: str, kind: str,
                                                       target: str | None, start: int, end: int) -> None:
    one, two = Minter(base), Minter(base)
    minted = [
        (one.article(article_id), two.article(article_id)),
        (one.graph(article_id), two.graph(article_id)),
        (one.actor(key), two.actor(key)),
        (one.place(key), two.place(key)),
        (one.event(article_id, key), two.event(article_id, key)),
        (one.statement(article_id, kind, key, target, start, end),
         two.statement(article_id, kind, key, target, start, end)),
        (one.activity(key, kind), two.activity(key, kind)),
    ]
    for a, b in minted:
        assert a == b
        _check_iri(a, base)
    statement = minted[5][0]
    for derived in (Minter.evidence(statement), Minter.quote_selector(statement),
                    Minter.position_selector(statement), Minter.geometry(one.place(key))):
        _check_iri(derived, base)


@settings(max_examples=200, deadline=None)
@given(keys, keys)
def test_minter_keeps_distinct_keys_distinct(a: str, b: str) -> None:
    m = Minter(BASE)
    assert (m.actor(a) == m.actor(b)) == (a == b)
    assert (m.article(a) == m.article(b)) == (a == b)


@pytest.mark.parametrize("key", ["", ".", ".."])
def test_minter_refuses_keys_that_cannot_be_path_segments(key: str) -> None:
    with pytest.raises(GraphError):
        Minter(BASE).actor(key)


HASH_BASES = ("https://w3id.org/kg#", "http://example.org/vocab#", "http://example.org/a#b/")


@settings(max_examples=50, deadline=None)
@given(st.sampled_from((BASE, *HASH_BASES)), keys)
def test_every_base_the_minter_accepts_can_mint_evidence_iris(base: str, article_id: str) -> None:
    """A base the Minter accepts must let it mint the evidence IRIs (``{statement}#evidence``) too."""
    try:
        m = Minter(base)
    except GraphError:
        return  # refused up front: fine
    statement = m.statement(article_id, "accuse", "state-az", "state-am", 0, 10)
    _check_iri(Minter.evidence(statement), base)
    _check_iri(Minter.position_selector(statement), base)


# --- kg.extract.extract_article → kg.graph → kg.validate ----------------------------------------

def _check_extraction(article: Article) -> None:
    k = knowledge()
    extraction = extract_article(article, k)
    text = article.text
    assert extraction.article == article
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start:mention.end] == mention.surface, mention
    for stmt in extraction.statements:
        assert stmt.article_id == article.id
        assert 0 <= stmt.start < stmt.end <= len(text), stmt
        assert text[stmt.start:stmt.end] == stmt.evidence, stmt
        if stmt.quote_start is not None or stmt.quote_end is not None:
            assert stmt.quote_start is not None and stmt.quote_end is not None, stmt
            assert 0 <= stmt.quote_start <= stmt.quote_end <= len(text), stmt
        if stmt.cue_start is not None:
            assert 0 <= stmt.cue_start < len(text), stmt
        assert 0.0 <= stmt.confidence <= 1.0, stmt
        assert stmt.kind in STATEMENT_KINDS, stmt
        _check_resolved(stmt.date, article.published)
        if article.published is not None:
            assert stmt.date.best is None or stmt.date.best <= article.published, stmt
        if stmt.kind in BLAME_KINDS:
            assert stmt.target is not None, stmt
            assert stmt.target.key != stmt.speaker.key, stmt
            own = stmt.speaker.country
            assert own is None or stmt.target.country != own, stmt  # never blames its own state
    for event in extraction.events:
        assert 0 <= event.start < event.end <= len(text), event
    dataset = to_dataset(extraction, Minter(BASE), actors=k.actors)
    report = validate(dataset, shapes())
    assert report.conforms, report.summary()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, realistic_published)
def test_extract_article_facts_are_consistent_and_validate(text: str, published: date | None) -> None:
    _check_extraction(_article(text, published))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, realistic_published)
def test_extract_article_offsets_without_shacl(text: str, published: date | None) -> None:
    """The cheap half of the property above, with more examples (no graph, no SHACL)."""
    extraction = extract_article(_article(text, published), knowledge())
    for stmt in extraction.statements:
        assert text[stmt.start:stmt.end] == stmt.evidence and 0.0 <= stmt.confidence <= 1.0
        assert stmt.kind in STATEMENT_KINDS
        if stmt.kind in BLAME_KINDS:
            assert stmt.target is not None and (stmt.speaker.country is None
                                                or stmt.target.country != stmt.speaker.country)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("أمس قال باشينيان إن أذربيجان قصفت يريفان.", date.min)
@given(article_text, EDGE_DATES)
def test_extract_article_never_raises_for_extreme_publication_dates(text: str, published: date) -> None:
    extract_article(_article(text, published), knowledge())


def _nquads(extraction) -> list[str]:
    """The article's graph as sorted N-Quads lines (pyoxigraph writes each quad in N-Quads syntax)."""
    dataset = to_dataset(extraction, Minter(BASE), actors=knowledge().actors)
    return sorted(f"{quad} ." for quad in to_quads(dataset))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, realistic_published)
# Found in CI: a "word" made only of a diacritic after a verb of saying.
@example(text="\u064bعلي أسادوف قالت \u064b: أرمينيا.\n", published=None)
def test_extraction_and_graph_are_deterministic(text: str, published: date | None) -> None:
    article = _article(text, published)
    first = extract_article(article, knowledge())
    second = extract_article(article, knowledge())
    fresh = extract_article(article, Knowledge.load(SETTINGS.gazetteer_dir, SETTINGS.lexicon_dir))
    assert first == second == fresh
    assert _nquads(first) == _nquads(second) == _nquads(fresh)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, realistic_published)
def test_graph_round_trips_through_pyoxigraph_and_nquads(text: str, published: date | None) -> None:
    extraction = extract_article(_article(text, published), knowledge())
    quads = to_quads(to_dataset(extraction, Minter(BASE), actors=knowledge().actors))
    assert set(to_quads(from_oxigraph_quads(quads))) == set(quads)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert set(ox.parse(data, format=ox.RdfFormat.N_QUADS)) == set(quads)


# --- kg.corpus ----------------------------------------------------------------------------------

def _metadata(article_id: str, data: bytes, published: date | None) -> dict:
    return {"id": article_id, "file_name": "original name.txt", "language": "ar",
            "published": published.isoformat() if published else None,
            "published_basis": "property test", "outlet": None, "url": None,
            "sha256": hashlib.sha256(data).hexdigest()}


text_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    news_chars.map(lambda t: t.encode("utf-8")),
    news_chars.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    news_chars.map(lambda t: t.encode("utf-16")),
)


@settings(max_examples=200, deadline=None)
@given(text_bytes, st.one_of(st.none(), st.dates()))
def test_read_article_round_trips_text_or_names_the_path(data: bytes, published: date | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "prop001.txt"
        txt.write_bytes(data)
        txt.with_suffix(".json").write_text(json.dumps(_metadata("prop001", data, published)), "utf-8")
        try:
            article = read_article(txt)
        except CorpusError as err:
            assert err.context.get("path") == str(txt), err
            return
        assert article.text.encode("utf-8") == data
        assert article.sha256 == hashlib.sha256(data).hexdigest()
        assert article.published == published and article.id == "prop001"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@example(b'{"id": ' + b"1" * 5000 + b"}")  # an integer longer than Python's int-string limit
@example(b"[" * 100_000)  # nesting deeper than the JSON decoder's recursion limit
@given(st.one_of(
    st.binary(max_size=200),
    st.dictionaries(st.sampled_from(["id", "file_name", "language", "published", "published_basis", "outlet",
                                     "url", "sha256", "extra"]), json_values, max_size=9)
    .map(lambda d: json.dumps(d).encode("utf-8")),
    st.tuples(st.sampled_from(["id", "file_name", "language", "published", "published_basis", "outlet", "url",
                               "sha256"]),
              st.one_of(json_values, st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True)))
    .map(lambda kv: json.dumps({**_metadata("prop001", "نص".encode(), None), kv[0]: kv[1]}).encode("utf-8")),
))
def test_read_article_with_arbitrary_metadata_raises_only_corpus_errors(meta: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "prop001.txt"
        txt.write_bytes("نص".encode())
        txt.with_suffix(".json").write_bytes(meta)
        try:
            article = read_article(txt)
        except CorpusError as err:
            assert err.context.get("path") in (str(txt), str(txt.with_suffix(".json"))), err
            return
        assert article.text == "نص"
