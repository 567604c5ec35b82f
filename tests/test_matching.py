"""The matching engine: hand-solved rosters, brute-force equality, hard rules, determinism."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import brute_force, junior, program, roster, senior
from rmentor.cli import app
from rmentor.core.matching import match
from rmentor.core.scoring import Scorer
from rmentor.errors import InfeasibleError, InputError
from rmentor.model import Roster

# ----------------------------------------------------------------------------- hand-solved


def test_cross_functional_pair_wins_over_same_department() -> None:
    # s1 (Sales) could take j_sales (same dept) or j_it (cross-functional): both share "smm".
    r = roster([senior("s1", "Sales")], [junior("j_sales", "Sales"), junior("j_it", "IT")])
    res = match(r, program())
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j_it")]
    assert res.pairs[0].breakdown["cross_functional"] == 15
    assert res.status == "optimal" and res.bound == res.objective


def test_more_pairs_beat_a_higher_score() -> None:
    # s1 likes j1 best, but only s1 can take j2 and only s2 can take j1 -> two pairs beat one.
    r = roster(
        [senior("s1", wants=("smm", "ai")), senior("s2", wants=("smm",))],
        [junior("j1", offers=("smm", "ai")), junior("j2", offers=("ai",))],
    )
    res = match(r, program())
    assert {(p.senior, p.junior) for p in res.pairs} == {("s1", "j2"), ("s2", "j1")}


def test_reporting_line_is_never_paired_at_any_level() -> None:
    r = roster(
        [senior("boss", "Sales", manager="ceo"), senior("other", "Finance", manager="ceo")],
        [junior("mid_report", "Sales", manager="mid"), junior("free", "IT")],
        managers={"ceo": None, "mid": "boss"},
    )
    res = match(r, program())
    pairs = {(p.senior, p.junior) for p in res.pairs}
    assert ("boss", "mid_report") not in pairs
    assert pairs == {("boss", "free"), ("other", "mid_report")}


def test_capacity_two_junior_takes_two_seniors() -> None:
    r = roster([senior("s1"), senior("s2"), senior("s3")], [junior("j1", capacity=2)])
    res = match(r, program())
    assert len(res.pairs) == 2 and all(p.junior == "j1" for p in res.pairs)
    assert [u.id for u in res.unmatched] == ["s3"]


def test_history_avoid_and_required_cross_functional() -> None:
    r = roster(
        [senior("s1", "Sales", avoid=["j2"]), senior("s2", "IT")],
        [junior("j1", "Sales"), junior("j2", "Finance"), junior("j3", "IT")],
        history=[["s2", "j2"]],
    )
    res = match(r, program(cross_functional="required"))
    pairs = {(p.senior, p.junior) for p in res.pairs}
    assert pairs == {("s1", "j3"), ("s2", "j1")}


def test_pilot_exact_n_and_too_few_pairs_exit_3() -> None:
    r = roster([senior(f"s{i}") for i in range(4)], [junior(f"j{i}") for i in range(4)])
    assert len(match(r, program(), n_pairs=2).pairs) == 2
    with pytest.raises(InfeasibleError) as err:
        match(r, program(pilot={"min": 6, "max": 10}))
    assert "only 4 pairs are possible, 6 are required" in err.value.render()


def test_too_few_eligible_is_explained() -> None:
    r = roster([senior(f"s{i}", readiness=2 if i < 3 else 4) for i in range(5)], [junior(f"j{i}") for i in range(5)])
    with pytest.raises(InfeasibleError) as err:
        match(r, program(pilot={"min": 3}))
    text = err.value.render()
    assert "only 2 seniors are eligible: 3 fail readiness >= 3" in text


def test_pinned_pair_is_kept_and_a_bad_pin_names_the_rule() -> None:
    r = roster([senior("s1"), senior("s2")], [junior("j1"), junior("j2", offers=("smm", "ai"))],
               pinned=[["s2", "j1"]])
    res = match(r, program())
    assert ("s2", "j1") in {(p.senior, p.junior) for p in res.pairs}
    assert next(p for p in res.pairs if p.senior == "s2").pinned
    bad = roster([senior("s1", "Sales")], [junior("j1", "Sales")], pinned=[["s1", "j1"]])
    with pytest.raises(InputError) as err:
        match(bad, program(cross_functional="required"))
    assert "same department" in err.value.render()


def test_department_cap_is_respected_and_optimal() -> None:
    seniors = [senior(f"s{i}", "Sales" if i < 3 else "Finance") for i in range(5)]
    juniors = [junior(f"j{i}", "IT" if i < 3 else "HR") for i in range(5)]
    r = roster(seniors, juniors)
    res = match(r, program(max_pairs_per_department=2))
    touched: dict[str, int] = {}
    depts = {p["id"]: p["department"] for p in [*seniors, *juniors]}
    for p in res.pairs:
        for d in {depts[p.senior], depts[p.junior]}:
            touched[d] = touched.get(d, 0) + 1
    assert max(touched.values()) <= 2
    assert len(res.pairs) == 4 and res.status == "optimal"
    assert res.bound == res.objective  # proven optimal: no gap to report


# ----------------------------------------------------------------------------- properties

DEPTS = ["Sales", "IT", "HR"]
TOPICS = ["smm", "ai", "video", "bi"]
WINDOWS = ["Mon 10:00-12:00", "Tue 14:00-15:00", "Wed 09:00-10:30", "Tue 10:00-11:00"]
ZONES = ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok"]


@st.composite
def rosters(draw: st.DrawFn, max_side: int = 7) -> tuple[Roster, dict[str, object]]:
    ns = draw(st.integers(1, max_side))
    nj = draw(st.integers(1, max_side))

    def base(pid: str) -> dict[str, object]:
        return {
            "department": draw(st.sampled_from(DEPTS)),
            "timezone": draw(st.sampled_from(ZONES)),
            "availability": draw(st.lists(st.sampled_from(WINDOWS), max_size=2, unique=True)),
        }

    def topics() -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)))

    seniors = [senior(f"s{i}", wants=topics(),
                      readiness=draw(st.integers(1, 5)), openness=draw(st.integers(2, 5)),
                      **{k: v for k, v in base(f"s{i}").items() if k != "department"})
               for i in range(ns)]
    for s in seniors:
        s["department"] = draw(st.sampled_from(DEPTS))
    juniors = []
    for i in range(nj):
        j = junior(f"j{i}", offers=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True))),
                   communication=draw(st.integers(2, 5)), capacity=draw(st.integers(1, 2)),
                   **{k: v for k, v in base(f"j{i}").items() if k != "department"})
        j["department"] = draw(st.sampled_from(DEPTS))
        if i and draw(st.booleans()):
            j["manager"] = f"s{draw(st.integers(0, ns - 1))}"
        juniors.append(j)
    history = [[f"s{draw(st.integers(0, ns - 1))}", f"j{draw(st.integers(0, nj - 1))}"]
               for _ in range(draw(st.integers(0, 2)))]
    matching = {
        "cross_functional": draw(st.sampled_from(["required", "preferred", "ignore"])),
        "max_timezone_gap_hours": draw(st.sampled_from([None, 2, 6])),
        "min_pair_score": draw(st.sampled_from([0, 60, 80])),
        "min_shared_topics": draw(st.integers(0, 2)),
        "require_common_slot": draw(st.booleans()),
        "pilot": {"max": draw(st.sampled_from([None, 1, 2, 3]))},
    }
    return roster(seniors, juniors, history=history), matching


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_solver_equals_brute_force_and_breaks_no_rule(case: tuple[Roster, dict[str, object]]) -> None:
    r, matching = case
    prog = program(**matching)
    sc = Scorer(r, prog)
    w = sc.matrix().tolist()
    res = match(r, prog, scorer=sc)
    expected = brute_force(w, sc.capacity.tolist(), prog.matching.pilot.max)
    assert (len(res.pairs), res.objective) == expected
    assert res.status == "optimal"
    load: dict[str, int] = {}
    seen_seniors: set[str] = set()
    for p in res.pairs:
        ps = sc.pair(p.senior, p.junior)
        assert ps.allowed, (p, ps.blocked_by)
        assert ps.score == p.score
        assert p.senior not in seen_seniors
        seen_seniors.add(p.senior)
        load[p.junior] = load.get(p.junior, 0) + 1
    caps = {j.id: j.capacity for j in r.juniors}
    assert all(load[j] <= caps[j] for j in load)
    matched = seen_seniors | set(load)
    listed = {u.id for u in res.unmatched}
    assert {p.id for p in r.seniors} - seen_seniors <= listed
    assert {p.id for p in r.juniors} - set(load) <= listed
    assert not (listed & matched)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(max_side=5), st.integers(1, 2))
def test_department_caps_equal_brute_force(case: tuple[Roster, dict[str, object]], cap: int) -> None:
    r, matching = case
    prog = program(**{**matching, "max_pairs_per_department": cap})
    sc = Scorer(r, prog)
    res = match(r, prog, scorer=sc)
    expected = brute_force(sc.matrix().tolist(), sc.capacity.tolist(), prog.matching.pilot.max,
                           cap, sc.s_dept.tolist(), sc.j_dept.tolist())
    assert (len(res.pairs), res.objective) == expected


@settings(max_examples=40, deadline=None)
@given(rosters(), st.randoms(use_true_random=False))
def test_shuffled_input_gives_identical_output(case: tuple[Roster, dict[str, object]], rnd: random.Random) -> None:
    r, matching = case
    prog = program(**matching)
    seniors, juniors = list(r.seniors), list(r.juniors)
    rnd.shuffle(seniors)
    rnd.shuffle(juniors)
    shuffled = r.model_copy(update={"seniors": tuple(seniors), "juniors": tuple(juniors)})
    a, b = match(r, prog), match(shuffled, prog)
    assert a.pairs == b.pairs and a.unmatched == b.unmatched


def test_pricing_on_a_larger_roster_matches_brute_force_free_reference() -> None:
    """A 60x60 roster where pricing needs several rounds; checked against a dense LP-free reference."""
    rnd = random.Random(7)
    seniors = [senior(f"s{i:02d}", rnd.choice(DEPTS), wants=tuple(rnd.sample(TOPICS, 2)),
                      readiness=rnd.randint(3, 5)) for i in range(60)]
    juniors = [junior(f"j{i:02d}", rnd.choice(DEPTS), offers=tuple(rnd.sample(TOPICS, 2)),
                      capacity=rnd.choice([1, 1, 2])) for i in range(60)]
    r = roster(seniors, juniors)
    prog = program()
    sc = Scorer(r, prog)
    res = match(r, prog, scorer=sc)
    # Reference: the same flow solved densely with every allowed arc (no pricing).
    import numpy as np
    from ortools.graph.python import min_cost_flow

    w = sc.matrix()
    ns, nj = w.shape
    mcf = min_cost_flow.SimpleMinCostFlow()
    src, snk = ns + nj, ns + nj + 1
    for i in range(ns):
        mcf.add_arc_with_capacity_and_unit_cost(src, i, 1, 0)
        for j in np.nonzero(w[i] >= 0)[0]:
            mcf.add_arc_with_capacity_and_unit_cost(i, ns + int(j), 1, -int(w[i, j]))
    for j in range(nj):
        mcf.add_arc_with_capacity_and_unit_cost(ns + j, snk, int(sc.capacity[j]), 0)
    mcf.set_node_supply(src, ns)
    mcf.set_node_supply(snk, -ns)
    assert mcf.solve_max_flow_with_min_cost() == mcf.OPTIMAL
    assert len(res.pairs) == mcf.maximum_flow()
    assert res.objective == -mcf.optimal_cost()


# ----------------------------------------------------------------------------- CLI


def test_match_example_cli_writes_pairs_csv(runner: CliRunner, example_roster: Path, example_program: Path,
                                            tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "10 pairs" in result.output and "optimal" in result.output
    data = (out / "pairs.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].decode("utf-8").splitlines()[0]
    # the example program is Russian: ';', which Russian-locale Excel splits on (issue 15)
    assert header == ("pair_id;senior_id;senior_name;senior_department;junior_id;junior_name;"
                      "junior_department;score;shared_topics;reasons")
    assert "Лебедева Ольга Николаевна" in data.decode("utf-8")
    again = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out", str(out),
                                 "--force", "--delimiter", ";"])
    assert forced.exit_code == 0, forced.output
    assert (out / "pairs.csv").read_bytes()[3:].decode().startswith("pair_id;senior_id;")


def test_match_json_shape_is_pinned(runner: CliRunner, example_roster: Path, example_program: Path) -> None:
    result = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["version", "status", "objective", "bound", "pairs", "unmatched", "wishes", "stability"]
    assert data["version"] == 1 and data["status"] == "optimal" and data["bound"] == data["objective"]
    assert set(data["pairs"][0]) == {"pair_id", "senior", "junior", "score", "breakdown", "shared_topics",
                                     "pinned", "reasons"}
    assert set(data["pairs"][0]["breakdown"]) == {"topic", "senior", "junior", "cross_functional", "availability",
                                                  "preference"}
    assert set(data["unmatched"][0]) == {"id", "side", "reason"}
    assert data["objective"] == sum(p["score"] for p in data["pairs"])


def test_score_json_pairs_agree_with_match(runner: CliRunner, example_roster: Path, example_program: Path) -> None:
    scored = runner.invoke(app, ["score", str(example_roster), "--config", str(example_program), "--pairs",
                                 "--format", "json"])
    matched = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    s, m = json.loads(scored.stdout), json.loads(matched.stdout)
    assert list(s) == ["version", "seniors", "juniors", "pairs"]
    assert set(s["seniors"][0]) == {"id", "score", "eligible", "reasons"}
    assert set(s["pairs"][0]) == {"senior", "junior", "score", "allowed", "blocked_by", "breakdown",
                                  "senior_rank", "junior_rank"}
    by_pair = {(p["senior"], p["junior"]): p for p in s["pairs"]}
    for p in m["pairs"]:
        assert by_pair[(p["senior"], p["junior"])]["score"] == p["score"]
        assert by_pair[(p["senior"], p["junior"])]["allowed"]
    assert not by_pair[("smirnov", "ivanova")]["allowed"]
    assert by_pair[("smirnov", "ivanova")]["blocked_by"] == ["reporting_line"]


def test_infeasible_pilot_exits_3_with_reasons(runner: CliRunner, example_roster: Path, example_program: Path) -> None:
    result = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--pairs", "14",
                                 "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert "are required" in result.output and "Traceback" not in result.output


def test_explain(runner: CliRunner, example_roster: Path, example_program: Path) -> None:
    ok = runner.invoke(app, ["explain", str(example_roster), "smirnov", "--config", str(example_program),
                             "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert "Смирнов Павел Игоревич is paired with Макаров Тимур" in ok.output  # names, not ids (issue 15)
    blocked = runner.invoke(app, ["explain", str(example_roster), "smirnov", "ivanova", "--config",
                                  str(example_program), "--lang", "en"])
    assert blocked.exit_code == 0, blocked.output
    assert "reporting line" in blocked.output and "exclude_reporting_line" in blocked.output
    other = runner.invoke(app, ["explain", str(example_roster), "volkov", "petrov", "--config",
                                str(example_program), "--lang", "en"])
    assert other.exit_code == 0, other.output
    assert "What would change it" in other.output
    assert "HR pinned [lebedeva, petrov]" in other.output  # petrov (capacity 1) is pinned to lebedeva
    gap = runner.invoke(app, ["explain", str(example_roster), "volkov", "zakharov", "--config",
                              str(example_program), "--lang", "en"])
    assert gap.exit_code == 0, gap.output
    assert "not allowed" in gap.output or "points lower" in gap.output or "fewer pair" in gap.output
    missing = runner.invoke(app, ["explain", str(example_roster), "nobody", "--config", str(example_program),
                                  "--lang", "en"])
    assert missing.exit_code == 2 and "no senior in this roster is 'nobody'" in missing.output
    by_name = runner.invoke(app, ["explain", str(example_roster), "Смирн", "макаров тимур", "--config",
                                  str(example_program), "--lang", "en"])
    assert by_name.exit_code == 0, by_name.output
    assert "Pair Смирнов Павел Игоревич + Макаров Тимур" in " ".join(by_name.output.split())
    close = runner.invoke(app, ["explain", str(example_roster), "Смирновв", "--config", str(example_program),
                                "--lang", "en"])
    assert close.exit_code == 2 and "did you mean: Смирнов Павел Игоревич (smirnov)" in " ".join(close.output.split())


def test_department_caps_with_a_fractional_lp_use_cp_sat() -> None:
    """Three pairs in a cycle of departments, cap 1: the LP takes half of each (1.5 pairs);
    reduced-cost fixing plus CP-SAT must return the single best pair, proven optimal."""
    r = roster(
        [senior("sa", "A", wants=("smm", "ai"), avoid=["jc", "ja"]), senior("sb", "B", avoid=["jb", "ja"]),
         senior("sc", "C", avoid=["jb", "jc"])],
        [junior("jb", "B", offers=("smm", "ai")), junior("jc", "C"), junior("ja", "A")],
    )
    import rmentor.core.matching as mm

    seen: list[bool] = []
    original = mm._round

    def spy(x, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(bool(((x > 1e-6) & (x < 1 - 1e-6)).any()))
        return original(x, *args, **kwargs)

    mm._round = spy
    try:
        res = match(r, program(max_pairs_per_department=1))
    finally:
        mm._round = original
    assert seen == [True]  # the LP was fractional, so CP-SAT decided
    assert [(p.senior, p.junior) for p in res.pairs] == [("sa", "jb")]
    assert res.status == "optimal"


def _fractional_cases(count: int) -> list[tuple[list[list[int]], list[int], list[int], int, list[int]]]:
    """Small capped instances whose LP relaxation is fractional, so CP-SAT must finish the job."""
    from helpers import fractional_caps

    return [case[:5] for case in fractional_caps(count, 0, max_side=4, max_score=10, limits=False)]


@pytest.mark.parametrize("case", _fractional_cases(6))
def test_capped_solver_is_optimal_when_the_lp_is_fractional(
        case: tuple[list[list[int]], list[int], list[int], int, list[int]]) -> None:
    from types import SimpleNamespace

    import numpy as np

    from rmentor.core.matching import _solve_capped

    w, s_dept, j_dept, cap, capacity = case
    sc = SimpleNamespace(s_dept=np.array(s_dept, dtype=np.int32), j_dept=np.array(j_dept, dtype=np.int32),
                         seniors=list(s_dept), juniors=list(j_dept))  # only their number is read
    pairs, status, gap = _solve_capped(sc, np.array(w, dtype=np.int32), np.array(capacity, dtype=np.int64),  # type: ignore[arg-type]
                                       None, cap, [], program())
    assert (status, gap) == ("optimal", 0)
    assert (len(pairs), sum(w[s][j] for s, j in pairs)) == brute_force(w, capacity, None, cap, s_dept, j_dept)
    touched: dict[int, int] = {}
    for s, j in pairs:
        assert w[s][j] >= 0
        for d in {s_dept[s], j_dept[j]}:
            touched[d] = touched.get(d, 0) + 1
    assert max(touched.values(), default=0) <= cap
    assert all(sum(1 for _, j in pairs if j == k) <= c for k, c in enumerate(capacity))
    assert len({s for s, _ in pairs}) == len(pairs)
