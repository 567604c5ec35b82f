"""The product against an independent reference (tests/reference.py) on random rosters.

The generator exercises every hard rule: several time zones with gaps on both sides of the
limit (a half-hour zone too), windows that cross midnight in UTC, senior and junior
``avoid``, history, reporting lines several levels deep, capacities, pins (legal and
illegal) and department caps (the CP-SAT path).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reference import Reference, has_run, person_score, round_half_up, utc_offset_minutes, window_minutes
from rmentor.core.matching import match
from rmentor.core.scoring import Scorer
from rmentor.errors import InputError, Location
from rmentor.inputs.loading import _Collector, check_roster
from rmentor.model import Program, Roster

# UTC offsets in January: +2 +3 +4 +5 +5:30 +7 +10
ZONES = ["Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Kolkata",
         "Asia/Novosibirsk", "Asia/Vladivostok"]
DEPTS = ["Sales", "IT", "HR", "Finance"]
TOPICS = ["smm", "SMM", "ai", "video", "bi"]
WINDOWS = ["Mon 10:00-12:00", "Tue 14:00-15:00", "Wed 09:00-10:30", "Tue 10:00-11:00", "Mon 00:30-02:00",
           "Sun 22:00-23:30", "Mon-Fri 12:00-13:00", "Sat 10:00-11:00", "Thu 18:30-19:30",
           "Mon 02:30-04:00"]  # in Moscow that is Sun 23:30 - Mon 01:00 UTC: across the end of the week
RULE_NAMES = {  # the product's rule ids -> the reference's
    "senior_ineligible": "eligibility", "junior_ineligible": "eligibility", "reporting_line": "reporting_line",
    "avoid": "avoid", "history": "history", "same_department": "cross_functional",
    "timezone_gap": "timezone_gap", "no_shared_topic": "topics", "no_common_slot": "common_slot",
    "below_min_score": "min_score",
}


@st.composite
def cases(draw: st.DrawFn, max_side: int = 5, caps: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    ns = draw(st.integers(1, max_side))
    nj = draw(st.integers(1, max_side))
    lo, hi = draw(st.sampled_from([(1, 5), (0, 10), (1, 3)]))

    def crit(names: list[str]) -> dict[str, dict[str, Any]]:
        return {n: {"weight": draw(st.integers(1, 3)), "min": draw(st.sampled_from([None, None, lo + 1, hi - 1]))}
                for n in names}

    s_crit, j_crit = crit(["readiness", "openness"]), crit(["communication", "sharing", "structuring"])

    def who(pid: str, side: str) -> dict[str, Any]:
        crits = s_crit if side == "senior" else j_crit
        d: dict[str, Any] = {
            "id": pid, "name": pid.upper(), "department": draw(st.sampled_from(DEPTS)),
            "scores": {n: draw(st.sampled_from([lo, hi - 1, hi, hi])) for n in crits},
            "wants" if side == "senior" else "offers": draw(
                st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)),
            "availability": draw(st.lists(st.sampled_from(WINDOWS), max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            d["timezone"] = draw(st.sampled_from(ZONES))
        return d

    seniors = [who(f"s{i}", "senior") for i in range(ns)]
    juniors = [who(f"j{i}", "junior") for i in range(nj)]
    for i, s in enumerate(seniors):  # reporting lines: upwards only, so no cycles
        s["manager"] = draw(st.sampled_from(["ceo", *[f"s{k}" for k in range(i)]]))
    for i, j in enumerate(juniors):
        if draw(st.booleans()):
            j["manager"] = draw(st.sampled_from([*[f"s{k}" for k in range(ns)], *[f"j{k}" for k in range(i)]]))
        j["capacity"] = draw(st.integers(1, 3))
        if draw(st.integers(0, 3)) == 0:
            j["avoid"] = [f"s{draw(st.integers(0, ns - 1))}"]
    for s in seniors:
        if draw(st.integers(0, 3)) == 0:
            s["avoid"] = [f"j{draw(st.integers(0, nj - 1))}"]
    for people_, other, n_other in ((seniors, "j", nj), (juniors, "s", ns)):  # wishes, most wanted first
        for d in people_:
            if draw(st.booleans()):
                d["prefers"] = draw(st.lists(st.sampled_from([f"{other}{k}" for k in range(n_other)]),
                                             max_size=2, unique=True))
    pair = st.tuples(st.integers(0, ns - 1), st.integers(0, nj - 1)).map(lambda t: [f"s{t[0]}", f"j{t[1]}"])
    roster = {
        "seniors": seniors, "juniors": juniors, "managers": {"ceo": None},
        "history": draw(st.lists(pair, max_size=2, unique_by=tuple)),
        "pinned": draw(st.lists(pair, max_size=2, unique_by=tuple)) if draw(st.integers(0, 2)) == 0 else [],
    }
    wh_start, wh_end = draw(st.sampled_from([("09:00", "19:00"), ("00:00", "23:59"), ("10:00", "14:00")]))
    program = {
        "start": date(2027, 1, 11),
        "timezone": draw(st.sampled_from(["Europe/Moscow", "Asia/Yekaterinburg"])),
        "session_minutes": draw(st.sampled_from([30, 60, 90])),
        "working_hours": {"days": draw(st.sampled_from(["Mon-Fri", "Mon-Sun"])), "start": wh_start, "end": wh_end},
        "matching": {
            "pilot": {"min": None, "max": draw(st.sampled_from([None, 1, 2, 3]))},
            "cross_functional": draw(st.sampled_from(["required", "preferred", "preferred", "ignore"])),
            "exclude_reporting_line": draw(st.booleans()),
            "max_timezone_gap_hours": draw(st.sampled_from([None, None, 1, 2, 3, 5])),
            "min_pair_score": draw(st.sampled_from([0, 0, 30, 50])),
            "min_shared_topics": draw(st.sampled_from([0, 1, 1, 2])),
            "require_common_slot": draw(st.booleans()),
            "max_pairs_per_department": draw(st.sampled_from([1, 2])) if caps else None,
            "scale": {"min": lo, "max": hi},
            "senior_criteria": s_crit,
            "junior_criteria": j_crit,
            "weights": {"topic": draw(st.integers(0, 25)), "max_topics": draw(st.integers(1, 3)),
                        "senior": draw(st.integers(0, 30)), "junior": draw(st.integers(0, 30)),
                        "cross_functional": draw(st.integers(0, 20)), "availability": draw(st.integers(0, 15)),
                        "preference": draw(st.integers(0, 31))},
        },
    }
    return roster, program


def _product(roster: dict[str, Any], program: dict[str, Any]) -> tuple[Roster, Program]:
    prog = Program.model_validate(program)
    r = Roster.model_validate(roster)
    return r, prog


def _legal(r: Roster, prog: Program) -> bool:
    col = _Collector(lambda path: Location(file="roster.yaml", path=".".join(map(str, path))))
    check_roster(r, prog, col)
    return not col.issues


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_every_pair_scores_and_is_allowed_as_the_readme_says(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    roster, program = case
    roster = {**roster, "pinned": []}
    r, prog = _product(roster, program)
    ref = Reference(roster, program)
    sc = Scorer(r, prog)
    for (sid, jid), want in ref.matrix().items():
        got = sc.pair(sid, jid)
        assert got.breakdown == want.components, (sid, jid)
        assert got.score == want.score, (sid, jid)
        assert {RULE_NAMES[b] for b in got.blocked_by} == want.blocked, (sid, jid, got.blocked_by)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_the_optimum_equals_the_reference_and_breaks_no_rule(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    roster, program = case
    r, prog = _product(roster, program)
    ref = Reference(roster, program)
    if not (_legal(r, prog) and ref.pins_legal()):
        if _legal(r, prog):  # else the loader has refused it already, as it should
            with pytest.raises(InputError):
                match(r, prog)
        return
    _check_optimum(roster, program)
    # and once more with a legal pin: the lowest-scoring allowed pair, which the optimum would rather not use
    allowed = sorted((p.score, k) for k, p in ref.matrix().items() if p.allowed)
    if allowed and not roster["pinned"] and program["matching"]["pilot"]["max"] != 0:
        _check_optimum({**roster, "pinned": [list(allowed[0][1])]}, program)


def _check_optimum(roster: dict[str, Any], program: dict[str, Any]) -> None:
    r, prog = _product(roster, program)
    ref = Reference(roster, program)
    res = match(r, prog)
    assert (len(res.pairs), res.objective) == ref.optimum()
    pairs = ref.matrix()
    for p in res.pairs:
        assert pairs[(p.senior, p.junior)].allowed, p
        assert pairs[(p.senior, p.junior)].score == p.score
    assert {tuple(p) for p in roster["pinned"]} <= {(p.senior, p.junior) for p in res.pairs}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(max_side=4, caps=True))
def test_department_caps_on_the_cp_sat_path_equal_the_reference(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    roster, program = case
    roster = {**roster, "pinned": []}
    r, prog = _product(roster, program)
    res = match(r, prog)
    ref = Reference(roster, program)
    assert (len(res.pairs), res.objective) == ref.optimum()
    dept = {p["id"]: p["department"] for p in roster["seniors"] + roster["juniors"]}
    touch: dict[str, int] = {}
    for p in res.pairs:
        for d in {dept[p.senior], dept[p.junior]}:
            touch[d] = touch.get(d, 0) + 1
    assert all(n <= program["matching"]["max_pairs_per_department"] for n in touch.values())


# ----------------------------------------------------------------------------- the reference, checked by hand


def test_reference_arithmetic_by_hand() -> None:
    # weights 2 and 1 on a 1-5 scale, values 4 and 3: 100 * (2*3 + 1*2) / (3*4) = 66.67 -> 67
    crit = {"a": {"weight": 2, "min": None}, "b": {"weight": 1, "min": None}}
    assert person_score({"a": 4, "b": 3}, crit, 1, 5) == 67
    # 100 * (1*1) / (1*2) = 50 exactly; (1*1 + 1*0)/(2*2) = 25; 0.5 rounds up
    assert person_score({"a": 2}, {"a": {"weight": 1, "min": None}}, 1, 3) == 50
    assert round_half_up(__import__("fractions").Fraction(5, 2)) == 3
    assert utc_offset_minutes("Asia/Kolkata", date(2027, 1, 11)) == 330
    # Mon 00:30-02:00 in Vladivostok (+10) is Sun 14:30-16:00 UTC: 90 minutes, on Sunday
    mins = window_minutes(["Mon 00:30-02:00"], 600)
    assert len(mins) == 90 and min(mins) == 6 * 1440 + 14 * 60 + 30
    assert has_run(mins, 90) and not has_run(mins, 91)
    # a window across the end of the week still counts as one stretch
    assert has_run(window_minutes(["Sun 23:00-23:59", "Mon 00:00-01:00"], 0) | {10079}, 120)


def test_timezone_gap_boundary_is_inclusive() -> None:
    """Moscow (+3) and Yekaterinburg (+5): a 2-hour gap is allowed at limit 2, blocked at limit 1."""
    base = {"seniors": [{"id": "s", "name": "S", "department": "A", "timezone": "Europe/Moscow",
                         "scores": {"readiness": 5, "openness": 5}, "wants": ["x"]}],
            "juniors": [{"id": "j", "name": "J", "department": "B", "timezone": "Asia/Yekaterinburg",
                         "scores": {"communication": 5, "sharing": 5, "structuring": 5}, "offers": ["x"]}]}
    r = Roster.model_validate(base)
    for limit, allowed in ((2, True), (1, False), (3, True)):
        prog = Program.model_validate({"start": "2027-01-11", "matching": {"max_timezone_gap_hours": limit}})
        assert Scorer(r, prog).pair("s", "j").allowed is allowed, limit
    # Kolkata (+5:30) and Moscow (+3): 2.5 hours is over a 2-hour limit
    r2 = Roster.model_validate({**base, "juniors": [{**base["juniors"][0], "timezone": "Asia/Kolkata"}]})
    prog = Program.model_validate({"start": "2027-01-11", "matching": {"max_timezone_gap_hours": 2}})
    assert Scorer(r2, prog).pair("s", "j").blocked_by == ("timezone_gap",)


def test_min_pair_score_boundary_is_inclusive() -> None:
    base = {"seniors": [{"id": "s", "name": "S", "department": "A", "scores": {"readiness": 5, "openness": 5},
                         "wants": ["x"]}],
            "juniors": [{"id": "j", "name": "J", "department": "B",
                         "scores": {"communication": 5, "sharing": 5, "structuring": 5}, "offers": ["x"]}]}
    r = Roster.model_validate(base)
    score = Scorer(r, Program.model_validate({"start": "2027-01-11"})).pair("s", "j").score
    # 20 topic + 20 senior + 20 junior + 15 cross-functional, no availability: 75
    assert score == 75
    for limit, allowed in ((75, True), (76, False)):
        prog = Program.model_validate({"start": "2027-01-11", "matching": {"min_pair_score": limit}})
        assert Scorer(r, prog).pair("s", "j").allowed is allowed


def test_unmatched_people_are_told_which_rules_block_them() -> None:
    """Counts by rule, hand-checked: s0 avoids j0 and j1 is in s0's reporting line; j2 shares no topic."""
    r = Roster.model_validate({
        "seniors": [{"id": "s0", "name": "S0", "department": "A", "scores": {"readiness": 5, "openness": 5},
                     "wants": ["x"], "avoid": ["j0"]}],
        "juniors": [
            {"id": "j0", "name": "J0", "department": "B", "scores": {"communication": 5, "sharing": 5,
                                                                        "structuring": 5}, "offers": ["x"]},
            {"id": "j1", "name": "J1", "department": "B", "manager": "s0",
             "scores": {"communication": 5, "sharing": 5, "structuring": 5}, "offers": ["x"]},
            {"id": "j2", "name": "J2", "department": "B", "scores": {"communication": 5, "sharing": 5,
                                                                        "structuring": 5}, "offers": ["y"]},
        ],
    })
    res = match(r, Program.model_validate({"start": "2027-01-11"}))
    assert res.pairs == ()
    reasons = {u.id: u.reason.render() for u in res.unmatched}
    senior = reasons["s0"]
    assert "asked not to be paired" in senior and "(1)" in senior
    assert "reporting line" in senior and "too few shared topics (1)" in senior
    assert "asked not to be paired with the other (1)" in reasons["j0"]
    assert "reporting line (1)" in reasons["j1"]


def test_ineligibility_reasons_say_which_criterion_and_by_how_much() -> None:
    r = Roster.model_validate({
        "seniors": [{"id": "s", "name": "S", "department": "A", "scores": {"readiness": 2, "openness": 5}}],
        "juniors": [{"id": "j", "name": "J", "department": "B",
                     "scores": {"communication": 5, "sharing": 5, "structuring": 5}}],
    })
    sc = Scorer(r, Program.model_validate({"start": "2027-01-11"}))
    (reason,) = sc.senior_scores[0].reasons
    assert reason.code == "below_min"
    assert reason.render() == "readiness 2 is below the minimum 3"
    assert sc.junior_scores[0].reasons == ()


def test_adjacent_windows_share_no_slot_and_a_run_across_the_week_end_counts() -> None:
    """Tue 10:00-11:00 and Tue 11:00-12:00 touch but share no 15-minute slot; Sun 23:30 - Mon 00:30 UTC
    is one hour even though it crosses the end of the week."""
    def two(a: str, b: str, zone: str = "UTC") -> Scorer:
        r = Roster.model_validate({
            "seniors": [{"id": "s", "name": "S", "department": "A", "timezone": zone, "availability": [a],
                         "scores": {"readiness": 5, "openness": 5}}],
            "juniors": [{"id": "j", "name": "J", "department": "B", "timezone": zone, "availability": [b],
                         "scores": {"communication": 5, "sharing": 5, "structuring": 5}}],
        })
        prog = Program.model_validate({"start": "2027-01-11", "timezone": "UTC", "session_minutes": 15,
                                       "working_hours": {"days": "Mon-Sun", "start": "00:00", "end": "23:59"},
                                       "matching": {"min_shared_topics": 0, "require_common_slot": False}})
        return Scorer(r, prog)

    assert two("Tue 10:00-11:00", "Tue 11:00-12:00").pair("s", "j").breakdown["availability"] == 0
    assert two("Tue 10:00-11:00", "Tue 10:45-12:00").pair("s", "j").breakdown["availability"] == 10
    # 60 minutes across Sunday/Monday midnight in Moscow's Monday morning
    r = Roster.model_validate({
        "seniors": [{"id": "s", "name": "S", "department": "A", "timezone": "Europe/Moscow",
                     "availability": ["Mon 02:30-03:30"], "scores": {"readiness": 5, "openness": 5}}],
        "juniors": [{"id": "j", "name": "J", "department": "B", "timezone": "UTC",
                     "availability": ["Sun 23:30-23:59", "Mon 00:00-00:30"],
                     "scores": {"communication": 5, "sharing": 5, "structuring": 5}}],
    })
    prog = Program.model_validate({"start": "2027-01-11", "timezone": "UTC", "session_minutes": 60,
                                   "working_hours": {"days": "Mon-Sun", "start": "00:00", "end": "23:59"},
                                   "matching": {"min_shared_topics": 0}})
    assert Scorer(r, prog).pair("s", "j").breakdown["availability"] == 10
