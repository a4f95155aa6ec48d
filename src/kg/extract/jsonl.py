"""The ``kg extract --format jsonl`` contract: one JSON object per statement (docs/contracts.md).

``{"article","kind","speaker":{"iri","label","label_ar","country"},"target":{same}|null,
"date":"YYYY-MM-DD"|null,"date_basis","start","end","evidence","confidence"}`` plus the extra keys
the contract allows: ``"quote"``, ``"cue"``, ``"earliest"``, ``"latest"`` and, for casualty
claims, ``"casualties"``.

``date`` is the exact date when there is one, else the latest bound (the publication date for a
``bounded`` statement), which is what the scorer compares with "≤ gold".
"""

from __future__ import annotations

from typing import Any

from kg.graph.iris import Minter
from kg.model import Actor, Article, Statement


def actor_to_json(actor: Actor, minter: Minter) -> dict[str, Any]:
    return {
        "iri": str(minter.actor(actor.key)),
        "label": actor.label_en,
        "label_ar": actor.label_ar,
        "country": actor.country,
    }


def statement_to_json(stmt: Statement, minter_or_base_iri: Minter | str,
                      article: Article | None = None) -> dict[str, Any]:
    """One statement as a JSON-ready dict; pass ``article`` to include the quoted words."""
    minter = minter_or_base_iri if isinstance(minter_or_base_iri, Minter) else Minter(minter_or_base_iri)
    best = stmt.date.best
    out: dict[str, Any] = {
        "article": stmt.article_id,
        "kind": stmt.kind,
        "speaker": actor_to_json(stmt.speaker, minter),
        "target": actor_to_json(stmt.target, minter) if stmt.target is not None else None,
        "date": best.isoformat() if best else None,
        "date_basis": stmt.date.basis,
        "start": stmt.start,
        "end": stmt.end,
        "evidence": stmt.evidence,
        "confidence": round(stmt.confidence, 2),
        "cue": stmt.cue,
        "earliest": stmt.date.earliest.isoformat() if stmt.date.earliest else None,
        "latest": stmt.date.latest.isoformat() if stmt.date.latest else None,
    }
    if article is not None and stmt.quote_start is not None and stmt.quote_end is not None:
        out["quote"] = article.text[stmt.quote_start:stmt.quote_end]
    if stmt.casualties is not None:
        c = stmt.casualties
        out["casualties"] = {
            "count": c.count, "category": c.category, "status": c.status,
            "side": actor_to_json(c.side, minter) if c.side is not None else None,
        }
    return out
