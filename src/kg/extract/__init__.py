"""Stage 2: facts from one article — actors, places, events and statements with offsets.

``extract_article(article, knowledge)`` runs the components in data-flow order over the article
text: sentences → actor/place mentions and lexicon cues (``knowledge``) → dates → statements →
events and casualty claims. ``knowledge`` is loaded once (``knowledge.load_knowledge``) and
passed down; when it is omitted the project's ``data/gazetteer`` and ``data/lexicon`` are loaded
and cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from kg.errors import ExtractionError
from kg.model import Article, Extraction, ResolvedDate

from . import events as _events
from . import statements as _statements

__all__ = ["extract_article", "default_knowledge"]


@lru_cache(maxsize=1)
def default_knowledge() -> Any:
    from kg.extract.knowledge import load_knowledge
    from kg.settings import Settings

    settings = Settings()
    return load_knowledge(settings.gazetteer_dir, settings.lexicon_dir)


def extract_article(article: Article, knowledge: Any = None) -> Extraction:
    """All facts of one article (see module doc). Raises :class:`ExtractionError` on a bug."""
    knowledge = knowledge if knowledge is not None else default_knowledge()
    text = article.text
    try:
        raw_spans, spans = _sentences(text)
        mentions = tuple(knowledge.find_actors(text))
        places = tuple(knowledge.find_places(text)) if hasattr(knowledge, "find_places") else ()
        cues = list(knowledge.find_cues(text))
        date_for = _date_function(article, raw_spans)
        statements = _statements.extract_statements(article, knowledge, spans, mentions, cues, date_for)
        found_events, statements = _events.extract_events(article, spans, mentions, places, statements,
                                                          date_for, state_of=_safe_state(knowledge))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError, ArithmeticError) as err:
        raise ExtractionError(f"extraction failed: {err!r}", article=article.id) from err
    components = {
        _statements.NAME: _statements.VERSION,
        _events.NAME: _events.VERSION,
    }
    return Extraction(article=article, mentions=mentions, places=places, events=tuple(found_events),
                      statements=tuple(statements), components=components)


# --- adapters to the sentence and date components ----------------------------------------------

_FALLBACK_SPLIT = re.compile(r"[^\n.!?؟]+(?:[.!?؟]+|\n|$)")


def _sentences(text: str) -> tuple[list[Any], list[tuple[int, int, bool]]]:
    """The sentence component's spans, and (start, end, is_heading) of each of them."""
    try:
        from kg.extract.sentences import split_sentences
    except ImportError:  # the sentences component is not installed yet: a plain regex split
        out = []
        for m in _FALLBACK_SPLIT.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e, False))
        return [], out
    raw = split_sentences(text)
    out = []
    for span in raw:
        s, e = int(span.start), int(span.end)
        heading = bool(getattr(span, "heading", False) or getattr(span, "is_heading", False)
                       or getattr(span, "kind", "") in ("heading", "headline", "dateline"))
        if e > s:
            out.append((s, e, heading))
    return raw, out


def _date_function(article: Article, spans: Sequence[Any]) -> Any:
    """``(sent_start, sent_end, cue_start) -> ResolvedDate`` from ``dates.DateContext``."""
    try:
        from kg.extract.dates import DateContext
    except ImportError:
        return _bounded_by_publication(article)
    context = DateContext(article.text, article.published, spans)

    def date_for(sent_start: int, sent_end: int, cue_start: int) -> ResolvedDate:
        return context.for_statement(sent_start, sent_end, cue_start)

    return date_for


def _safe_state(knowledge: Any) -> Any:
    def state_of(iso2: str) -> Any:
        try:
            return knowledge.state(iso2)
        except KeyError:
            return None

    return state_of


def _bounded_by_publication(article: Article) -> Any:
    if article.published is None:
        resolved = ResolvedDate(value=None, basis="unknown")
    else:
        resolved = ResolvedDate(value=None, basis="bounded", latest=article.published)

    def date_for(sent_start: int, sent_end: int, cue_start: int) -> ResolvedDate:
        return resolved

    return date_for
