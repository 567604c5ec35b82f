"""Scoring: person scores, the pair formula, and the dense matrix agreeing with per-pair breakdowns."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import junior, program, roster, senior
from rmentor.core.scoring import Scorer, person_score
from rmentor.model import Criterion, Roster

ZONES = ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Kolkata", "Europe/Berlin"]
WINDOWS = ["Mon 09:00-10:00", "Mon 09:30-11:00", "Tue 13:00-13:45", "Wed 18:00-20:00", "Thu 08:00-09:15",
           "Mon 07:00-09:00", "Fri 10:15-11:15"]


def test_person_score_is_a_weighted_normalised_mean() -> None:
    crit = {"readiness": Criterion(weight=2, min=3), "openness": Criterion(weight=1, min=3)}
    # (2 * (5-1) + 1 * (4-1)) / (3 * 4) = 11/12 = 91.67 -> 92
    assert person_score({"readiness": 5, "openness": 4}, crit, 1, 5) == 92
    assert person_score({"readiness": 1, "openness": 1}, crit, 1, 5) == 0
    assert person_score({"readiness": 5, "openness": 5}, crit, 1, 5) == 100


def test_pair_breakdown_by_hand() -> None:
    r = roster(
        [senior("s1", "Sales", wants=("SMM", "AI", "Video", "BI"), readiness=5, openness=4,
                availability=["Tue 10:00-12:00"])],
        [junior("j1", "IT", offers=("smm", "ai", "video", "bi"), communication=5, sharing=5, structuring=5,
                availability=["Tue 11:00-13:00"])],
    )
    ps = Scorer(r, program()).pair("s1", "j1")
    # 4 shared topics (case-insensitive), capped at 3 -> 60; senior 92 -> 18; junior 100 -> 20;
    # cross-functional 15; a common 60-minute slot (Tue 11:00-12:00) -> 10.
    assert ps.breakdown == {"topic": 60, "senior": 18, "junior": 20, "cross_functional": 15, "availability": 10,
                            "preference": 0}
    assert ps.score == 123 and ps.allowed
    assert ps.shared_topics == ("SMM", "AI", "Video", "BI")


def test_overlap_shorter_than_a_session_is_no_common_slot() -> None:
    r = roster([senior("s1", availability=["Tue 10:00-11:00"])], [junior("j1", availability=["Tue 10:30-12:00"])])
    ps = Scorer(r, program()).pair("s1", "j1")
    assert "no_common_slot" in ps.blocked_by


def _brute_common(s_windows: list[str], s_tz: str, j_windows: list[str], j_tz: str, minutes: int) -> bool:
    """Minute-by-minute overlap on the program's reference week, inside Mon-Fri 09:00-19:00 Moscow."""
    from rmentor.model import parse_windows

    monday = datetime(2027, 1, 11)

    def minutes_of(windows: list[str], tz: str) -> set[int]:
        out: set[int] = set()
        for text in windows:
            for w in parse_windows(text):
                start = (monday + timedelta(days=w["day"], minutes=w["start"])).replace(tzinfo=ZoneInfo(tz))
                utc = start.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
                base = int((utc - monday).total_seconds() // 60)
                out.update((base + k) % (7 * 1440) for k in range(w["end"] - w["start"]))
        return out

    work = minutes_of([f"{d} 09:00-19:00" for d in ("Mon", "Tue", "Wed", "Thu", "Fri")], "Europe/Moscow")
    both = minutes_of(s_windows, s_tz) & minutes_of(j_windows, j_tz) & work
    # a session starts on a 15-minute boundary and needs `minutes` consecutive free minutes
    return any(all((t + k) % (7 * 1440) in both for k in range(minutes)) for t in range(0, 7 * 1440, 15))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WINDOWS), min_size=1, max_size=3), st.sampled_from(ZONES),
       st.lists(st.sampled_from(WINDOWS), min_size=1, max_size=3), st.sampled_from(ZONES))
def test_common_slot_equals_minute_by_minute_overlap(sw: list[str], stz: str, jw: list[str], jtz: str) -> None:
    r = roster([senior("s1", availability=sw, timezone=stz)], [junior("j1", availability=jw, timezone=jtz)])
    prog = program(require_common_slot=True, max_timezone_gap_hours=None)
    prog = prog.model_copy(update={"start": datetime(2027, 1, 11).date()})
    ps = Scorer(r, prog).pair("s1", "j1")
    assert ("no_common_slot" not in ps.blocked_by) == _brute_common(sw, stz, jw, jtz, 60)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.randoms(use_true_random=False))
def test_matrix_equals_per_pair_scores(ns: int, nj: int, rnd) -> None:  # type: ignore[no-untyped-def]
    topics = ["smm", "ai", "video"]
    depts = ["Sales", "IT"]
    r = Roster.model_validate({
        "seniors": [senior(f"s{i}", rnd.choice(depts), wants=tuple(rnd.sample(topics, rnd.randint(1, 3))),
                           readiness=rnd.randint(1, 5), availability=rnd.sample(WINDOWS, 2)) for i in range(ns)],
        "juniors": [junior(f"j{i}", rnd.choice(depts), offers=tuple(rnd.sample(topics, rnd.randint(1, 3))),
                           sharing=rnd.randint(1, 5), availability=rnd.sample(WINDOWS, 2),
                           avoid=[f"s{rnd.randrange(ns)}"] if rnd.random() < 0.3 else []) for i in range(nj)],
    })
    sc = Scorer(r, program(min_pair_score=rnd.choice([0, 50, 70]),
                           cross_functional=rnd.choice(["required", "preferred", "ignore"])))
    w = sc.matrix()
    for i, s in enumerate(sc.seniors):
        for j, jj in enumerate(sc.juniors):
            ps = sc.pair(s.id, jj.id)
            assert w[i, j] == (ps.score if ps.allowed else -1)
            assert ps.score == sum(ps.breakdown.values())
