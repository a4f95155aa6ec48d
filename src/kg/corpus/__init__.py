"""Stage 1: the article corpus on disk — ``data/articles/ID.txt`` + ``ID.json``.

``read_article(txt_path)`` → :class:`~kg.model.Article`; ``read_corpus(articles_dir)`` →
:class:`CorpusResult` (articles + one :class:`~kg.errors.CorpusError` per bad file: one bad file
never stops the rest); ``add_article(...)`` copies a plain-text article into the corpus and
writes its metadata (atomic writes); ``article_from_text(path, article_id, published)`` reads a
plain-text file outside the corpus (``kg extract``).
"""

from __future__ import annotations

from kg.corpus.articles import (
    METADATA_FIELDS,
    CorpusResult,
    add_article,
    article_from_text,
    read_article,
    read_corpus,
    read_metadata,
)

__all__ = ["METADATA_FIELDS", "CorpusResult", "add_article", "article_from_text", "read_article",
           "read_corpus", "read_metadata"]
