"""The at-risk rules (core/risk.py): each rule on a hand-made pair, and the edges of each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rmentor.core.risk import SessionFact, pair_risks
from rmentor.i18n import set_language
from rmentor.model import AtRisk, Program

START = date(2027, 1, 11)


def sessions(pair: str, statuses: str, by: str = "") -> list[SessionFact]:
    """One session every two weeks from START; h=held, m=missed, p=planned, c=cancelled."""
    code = {"h": "held", "m": "missed", "p": "planned", "c": "cancelled"}
    side = {"s": "senior", "j": "junior"}
    out = []
    for i, ch in enumerate(statuses):
        who = side.get(by[i]) if i < len(by) else None
        out.append(SessionFact(pair, i + 1, START + timedelta(days=14 * i), code[ch],  # type: ignore[arg-type]
                               who if ch == "m" else None))  # type: ignore[arg-type]
    return out


def codes(facts: list[SessionFact], as_of: date, rules: AtRisk | None = None) -> list[str]:
    (health,) = pair_risks(facts, rules or AtRisk(), as_of)
    return [r.code for r in health.risks]


def test_defaults_live_in_the_program() -> None:
    rules = Program().at_risk
    assert (rules.attendance, rules.cancellations, rules.stalled_weeks, rules.unrecorded_weeks) == (0.7, 2, 4, 2)
    assert Program.model_validate({"at_risk": {"stalled_weeks": 6}}).at_risk.stalled_weeks == 6


def test_a_healthy_pair_has_no_risk() -> None:
    assert codes(sessions("P01", "hhhhpppp"), START + timedelta(days=14 * 3 + 1)) == []


def test_low_attendance_is_held_over_recorded() -> None:
    facts = sessions("P01", "hhmhm")  # 3 of 5 = 60% < 70%
    (h,) = pair_risks(facts, AtRisk(), START + timedelta(days=60))
    assert h.attendance == pytest.approx(0.6)
    assert [r.code for r in h.risks] == ["low_attendance"]
    assert h.risks[0].render() == "attendance 60% (3 of 5) is below 70%"
    assert codes(facts, START + timedelta(days=60), AtRisk(attendance=0.6)) == []


def test_cancellations_count_each_side_on_its_own() -> None:
    as_of = START + timedelta(days=100)  # 6 of 8 held: 75%, attendance is fine
    assert codes(sessions("P01", "hmhmhhhh", "-s-j"), as_of) == []  # one each: not one side pulling out
    assert codes(sessions("P01", "hmhmhhhh", "-s-s"), as_of) == ["cancellations"]
    (h,) = pair_risks(sessions("P01", "hmhmhhhh", "-j-j"), AtRisk(), as_of)
    assert h.junior_cancellations == 2 and "junior" in h.risks[0].render()


def test_stalled_needs_weeks_without_a_held_session_and_a_recorded_miss() -> None:
    facts = sessions("P01", "hhmmm")  # last held day 14; misses on 28, 42, 56
    last = START + timedelta(days=14)
    assert "stalled" not in codes(facts, last + timedelta(days=27))  # 3 weeks
    assert "stalled" in codes(facts, last + timedelta(days=28))  # 4 weeks
    (h,) = pair_risks(facts, AtRisk(), last + timedelta(days=28))
    assert h.last_held == last
    # only unrecorded since: not known to be stalled, but flagged as unrecorded
    assert codes(sessions("P01", "hhppp"), last + timedelta(days=50)) == ["unrecorded"]
    # never held at all
    assert "stalled" in codes(sessions("P01", "mmm"), START + timedelta(days=35))
    assert codes(sessions("P01", "hhmmm"), last + timedelta(days=60), AtRisk(stalled_weeks=10,
                                                                              attendance=0.0)) == []


def test_unrecorded_after_two_weeks() -> None:
    facts = sessions("P01", "hp")  # session 2 on day 14
    assert codes(facts, START + timedelta(days=14 + 14)) == []
    assert codes(facts, START + timedelta(days=14 + 15)) == ["unrecorded"]


def test_cancelled_sessions_are_not_due() -> None:
    facts = sessions("P01", "hhcccp")
    (h,) = pair_risks(facts, AtRisk(), START + timedelta(days=70))
    assert h.due == 3 and not h.risks


def test_russian_reason_uses_russian_dates() -> None:
    set_language("ru")
    (h,) = pair_risks(sessions("P01", "hmmm", "-ss"), AtRisk(), START + timedelta(days=60))
    texts = [r.render() for r in h.risks]
    stalled = next(r.render() for r in h.risks if r.code == "stalled")
    assert "11.01.2027" in stalled and "нед." in stalled
    assert any("отменено старшим" in t for t in texts)
    assert all(not any(c in t for c in "{}") for t in texts)
