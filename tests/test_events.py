"""Events and casualty claims on sentences written for these tests (fake knowledge of test_statements)."""

from __future__ import annotations

import pytest

from kg.extract.events import extract_events
from test_statements import AF_AZ, AM, AZ, fake_extraction


def run(text: str):
    article, spans, mentions, stmts, date_for, k = fake_extraction(text)
    return extract_events(article, spans, mentions, (), stmts, date_for, state_of=k.state)


def test_case_count() -> None:
    assert len([n for n in globals() if n.startswith("test_")]) == 8


def test_conflicting_casualty_figures_stand_side_by_side() -> None:
    text = ("وأعلنت وزارة الدفاع الأرمينية مقتل 12 جنديا أرمينيا في المعارك.\n"
            "وقالت وزارة الدفاع الأذربيجانية إن أكثر من 40 جنديا أرمينيا قتلوا.")
    _, stmts = run(text)
    claims = [s for s in stmts if s.kind == "casualty_claim"]
    assert [(s.speaker.country, s.casualties.count, s.casualties.category, s.casualties.side.country)
            for s in claims] == [("AM", 12, "soldiers", "AM"), ("AZ", 40, "soldiers", "AM")]
    assert all(s.target is None for s in claims)


def test_possessive_figure_counts_the_speakers_side() -> None:
    _, stmts = run("وأعلنت أذربيجان مقتل سبعة من جنودها.")
    (claim,) = [s for s in stmts if s.kind == "casualty_claim"]
    assert (claim.casualties.count, claim.casualties.side) == (7, AZ)


def test_wounded_civilians() -> None:
    _, stmts = run("وقالت وزارة الدفاع الأرمينية إن خمسة مدنيين أصيبوا بجروح.")
    (claim,) = [s for s in stmts if s.kind == "casualty_claim"]
    assert (claim.casualties.count, claim.casualties.category, claim.casualties.status) == (5, "civilians",
                                                                                            "wounded")


def test_outlet_voice_figure_is_a_casualty_report_event() -> None:
    events, stmts = run("وقتل 30 شخصا في الاشتباكات الحدودية.")
    assert not [s for s in stmts if s.kind == "casualty_claim"]
    assert {e.kind for e in events} == {"casualty_report", "clash"}


@pytest.mark.parametrize("text, kind", [
    ("واندلعت اشتباكات عنيفة على الحدود.", "clash"),
    ("وتعرضت القرية لقصف مدفعي.", "shelling"),
    ("وأسقطت الدفاعات طائرة مسيرة فوق البلدة.", "drone_strike"),
    ("واتفق الجانبان على وقف إطلاق النار.", "ceasefire"),
    ("وجاء ذلك في خرق جديد للهدنة.", "ceasefire_violation"),
    ("وبدأت عملية عسكرية في المنطقة.", "military_operation"),
    ("وتجمع متظاهرون أمام البرلمان.", "protest"),
])
def test_event_kinds(text: str, kind: str) -> None:
    events, _ = run(text)
    assert kind in {e.kind for e in events}


def test_event_agent_is_not_the_victim() -> None:
    events, _ = run("وتواصل القصف الأذربيجاني على القرى.\nواستمر القصف على أرمينيا.")
    agents = [e.agents for e in events if e.kind == "shelling"]
    assert agents == [(AF_AZ,), ()]
    assert AM not in agents[1]


def test_dual_counts_two() -> None:
    _, stmts = run("وأعلنت وزارة الدفاع الأرمينية مقتل جنديين في القصف.")
    (claim,) = [s for s in stmts if s.kind == "casualty_claim"]
    assert (claim.casualties.count, claim.casualties.category) == (2, "soldiers")
