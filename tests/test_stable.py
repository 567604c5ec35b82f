"""``matching.stable: true``: no blocking pair, the same people as Gale-Shapley, the best stable score."""

from __future__ import annotations

import warnings
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import junior, program, roster, senior
from rmentor.core.matching import match
from rmentor.core.scoring import Scorer, preference_ranks
from rmentor.model import Program, Roster

DEPTS = ["Sales", "IT", "HR"]
TOPICS = ["smm", "ai", "bi", "video"]


def _wishes(draw: st.DrawFn, others: list[str], full: bool = False) -> list[str]:
    """A ranked prefix of the other side (all of it with ``full``)."""
    # a shuffle by a drawn Random: hypothesis' own permutations lean to the identity, and a
    # roster where everyone wants the same order has a single stable matching
    order = list(others)
    draw(st.randoms(use_true_random=False)).shuffle(order)
    return order if full else order[: draw(st.integers(0, len(order)))]


@st.composite
def cases(draw: st.DrawFn, max_s: int = 6, max_j: int = 5, loose: bool = False,
          mutual: bool = False) -> tuple[Roster, dict[str, Any]]:
    """Random rosters with random rules and random wishes (some mutual, some for blocked partners).

    ``loose``: few rules, so most pairs are allowed and conflicting wishes make several stable
    matchings (with the symmetric pair score alone the stable matching is usually unique).
    """
    ns, nj = draw(st.integers(4 if loose else 1, max_s)), draw(st.integers(4 if loose else 1, max_j))
    sids, jids = [f"s{i}" for i in range(ns)], [f"j{i}" for i in range(nj)]
    seniors = [senior(sid, draw(st.sampled_from(DEPTS)),
                      wants=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True))),
                      readiness=draw(st.integers(3, 5)),
                      prefers=_wishes(draw, jids, loose))
               for sid in sids]
    juniors = []
    for i, jid in enumerate(jids):
        j = junior(jid, draw(st.sampled_from(DEPTS)),
                   offers=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True))),
                   communication=draw(st.integers(3, 5)), capacity=draw(st.integers(1, 1 if loose else 2)),
                   prefers=_wishes(draw, sids, loose))
        if i and not loose and draw(st.booleans()):
            j["manager"] = sids[draw(st.integers(0, ns - 1))]
        juniors.append(j)
    for _ in range(draw(st.integers(0, 2)) if mutual else 0):  # mutual first choices, often conflicting
        s, j = draw(st.sampled_from(seniors)), draw(st.sampled_from(juniors))
        s["prefers"] = [j["id"], *(x for x in s["prefers"] if x != j["id"])]
        j["prefers"] = [s["id"], *(x for x in j["prefers"] if x != s["id"])]
    matching = {
        "cross_functional": draw(st.sampled_from(["ignore"] if loose else ["required", "preferred"])),
        "min_shared_topics": 0 if loose else draw(st.integers(0, 1)),
        "weights": {"preference": draw(st.sampled_from([0, 30, 60]))},
    }
    return roster(seniors, juniors), matching


def _blocking(r: Roster, prog: Program, pairs: list[tuple[str, str]],
              prepared: tuple[Scorer, Any, Any] | None = None) -> list[tuple[str, str]]:
    """Blocking pairs, by the definition, one pair at a time (independent of the solver's code)."""
    if prepared is None:
        sc = Scorer(r, prog)
        prepared = (sc, *preference_ranks(sc, sc.matrix()))
    sc, s_rank, j_rank = prepared
    partner = dict(pairs)
    mentees: dict[str, list[str]] = {}
    for s, j in pairs:
        mentees.setdefault(j, []).append(s)
    out = []
    for a, s in enumerate(sc.seniors):
        for b, j in enumerate(sc.juniors):
            if not s_rank[a, b] or partner.get(s.id) == j.id:
                continue
            s_wants = s.id not in partner or s_rank[a, b] < s_rank[a, sc.junior_index[partner[s.id]]]
            theirs = mentees.get(j.id, [])
            j_wants = len(theirs) < j.capacity or any(j_rank[a, b] < j_rank[sc.senior_index[o], b] for o in theirs)
            if s_wants and j_wants:
                out.append((s.id, j.id))
    return out


def _stable_options(r: Roster, prog: Program) -> list[tuple[list[tuple[str, str]], int, int]]:
    """Every matching with its total score and number of blocking pairs (brute force)."""
    sc = Scorer(r, prog)
    prepared = (sc, *preference_ranks(sc, sc.matrix()))
    return [(p, t, len(_blocking(r, prog, p, prepared))) for p, t in _all_matchings(r, prog)]


def _gale_shapley(r: Roster, prog: Program) -> dict[str, list[str]]:
    """The resident-optimal stable matching by the `matching` package: junior -> seniors."""
    from matching.games import HospitalResident

    sc = Scorer(r, prog)
    s_rank, j_rank = preference_ranks(sc, sc.matrix())
    resident = {s.id: [sc.juniors[b].id for b in sorted((b for b in range(len(sc.juniors)) if s_rank[a, b]),
                                                         key=lambda b: s_rank[a, b])]
                for a, s in enumerate(sc.seniors)}
    hospital = {j.id: [sc.seniors[a].id for a in sorted((a for a in range(len(sc.seniors)) if j_rank[a, b]),
                                                        key=lambda a: j_rank[a, b])]
                for b, j in enumerate(sc.juniors)}
    resident = {k: v for k, v in resident.items() if v}
    hospital = {k: v for k, v in hospital.items() if v}
    if not resident:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident, hospital, {j.id: j.capacity for j in r.juniors
                                                                              if j.id in hospital})
        solution = game.solve(optimal="resident")
    return {h.name: sorted(res.name for res in rs) for h, rs in solution.items()}


def _all_matchings(r: Roster, prog: Program) -> list[tuple[list[tuple[str, str]], int]]:
    """Every matching of allowed pairs (with capacities), with its total score."""
    sc = Scorer(r, prog)
    m = sc.matrix()
    out: list[tuple[list[tuple[str, str]], int]] = []

    def walk(i: int, load: tuple[int, ...], chosen: list[tuple[str, str]], total: int) -> None:
        if i == len(sc.seniors):
            out.append((list(chosen), total))
            return
        walk(i + 1, load, chosen, total)
        for b, j in enumerate(sc.juniors):
            if m[i, b] >= 0 and load[b] < j.capacity:
                chosen.append((sc.seniors[i].id, j.id))
                walk(i + 1, (*load[:b], load[b] + 1, *load[b + 1:]), chosen, total + int(m[i, b]))
                chosen.pop()

    walk(0, (0,) * len(sc.juniors), [], 0)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_stable_plan_has_no_blocking_pair_and_matches_gale_shapley(case: tuple[Roster, dict[str, Any]]) -> None:
    r, matching = case
    prog = program(stable=True, **matching)
    res = match(r, prog)
    pairs = [(p.senior, p.junior) for p in res.pairs]
    assert res.stability is not None and res.stability.possible and res.stability.stable
    assert _blocking(r, prog, pairs) == []
    # rural hospitals: every stable matching matches the same seniors and fills each junior equally
    gs = _gale_shapley(r, prog)
    assert sorted(s for s, _ in pairs) == sorted(s for ss in gs.values() for s in ss)
    loads = {j: sum(1 for _, b in pairs if b == j) for j in {b for _, b in pairs}}
    assert loads == {j: len(ss) for j, ss in gs.items() if ss}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_s=5, max_j=5, loose=True))
def test_stable_plan_has_the_best_score_among_stable_matchings(case: tuple[Roster, dict[str, Any]]) -> None:
    r, matching = case
    prog = program(stable=True, **matching)
    res = match(r, prog)
    stable = [total for _, total, blocking in _stable_options(r, prog) if not blocking]
    assert res.status == "optimal" and res.objective == max(stable)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_s=4, max_j=3), st.integers(1, 2))
def test_pilot_too_small_for_stability_gives_fewest_blocking_pairs(case: tuple[Roster, dict[str, Any]],
                                                                  limit: int) -> None:
    r, matching = case
    prog = program(stable=True, pilot={"max": limit}, **matching)
    res = match(r, prog)
    pairs = [(p.senior, p.junior) for p in res.pairs]
    assert res.stability is not None and len(pairs) <= limit
    options = [(blocking, -len(p), -t) for p, t, blocking in _stable_options(r, prog) if len(p) <= limit]
    best = min(options)
    assert (len(res.stability.blocking), -len(pairs), -res.objective) == best
    assert sorted(res.stability.blocking) == sorted(_blocking(r, prog, pairs))
    assert res.stability.possible == (best[0] == 0)
    if not res.stability.possible:
        assert res.stability.reasons


def test_stable_plan_by_hand_and_when_a_pilot_size_rules_it_out() -> None:
    # s1 and j2 asked for each other; s2 wants j2 too, but j2 prefers s1. The plain optimum pairs
    # s1-j1 and s2-j2 (more points), which s1 and j2 would both leave: a blocking pair.
    r = roster([senior("s1", prefers=["j2"]), senior("s2", prefers=["j2"])],
               [junior("j1", prefers=["s1"]), junior("j2", prefers=["s1", "s2"])])
    plain = match(r, program(weights={"preference": 10}))
    assert {(p.senior, p.junior) for p in plain.pairs} == {("s1", "j1"), ("s2", "j2")}
    assert plain.stability is None
    stable = match(r, program(stable=True, weights={"preference": 10}))
    assert {(p.senior, p.junior) for p in stable.pairs} == {("s1", "j2"), ("s2", "j1")}
    assert stable.stability is not None and stable.stability.stable and stable.stability.possible
    one = match(r, program(stable=True, pilot={"max": 1}))
    assert one.stability is not None and not one.stability.possible
    assert [x.code for x in one.stability.reasons] == ["stable_too_big"]
    assert len(one.stability.blocking) == 1


def test_every_stable_matching_brute_force_agrees_on_people() -> None:
    """A sanity check of the test's own brute force: all stable matchings cover the same seniors."""
    r = roster([senior(f"s{i}", prefers=[f"j{(i + k) % 3}" for k in range(3)]) for i in range(3)],
               [junior(f"j{i}", prefers=[f"s{(i + 1 + k) % 3}" for k in range(3)]) for i in range(3)])
    prog = program(stable=True)
    stable = [(p, t) for p, t, blocking in _stable_options(r, prog) if not blocking]
    assert len(stable) >= 2  # a cyclic instance has several stable matchings
    assert len({frozenset(s for s, _ in p) for p, _ in stable}) == 1
    assert match(r, prog).objective == max(t for _, t in stable)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_s=5, max_j=4, loose=True, mutual=True))
def test_mutual_first_choice_is_granted_unless_it_costs_the_weight(case: tuple[Roster, dict[str, Any]]) -> None:
    """Without stable: a mutual first choice that breaks no rule is in the plan whenever pinning it
    costs the rest of the plan less than weights.preference; when it is not, explain says why."""
    from rmentor.core.explaining import explain
    from rmentor.errors import RmentorError

    r, matching = case
    prog = program(**matching)
    weight = prog.matching.weights.preference
    res = match(r, prog)
    granted = {(p.senior, p.junior) for p in res.pairs}
    sc = Scorer(r, prog)
    for (a, b), rank in sc.senior_wish.items():
        if rank != 1 or sc.junior_wish.get((a, b)) != 1 or sc.pair(sc.seniors[a].id, sc.juniors[b].id).blocked_by:
            continue
        pair = (sc.seniors[a].id, sc.juniors[b].id)
        if pair in granted:
            continue
        try:
            forced = match(r.model_copy(update={"pinned": (*r.pinned, pair)}), prog)
        except RmentorError:
            forced = None  # the pin alone breaks the plan (pilot size)
        if forced is not None and len(forced.pairs) == len(res.pairs):
            # what the plan without this pair's own wish points loses by taking it
            cost = res.objective - (forced.objective - weight)
            assert cost >= weight
        outcome = [w for w in explain(r, prog, pair[0]).wishes if w.wish.target == pair[1]]
        assert outcome and outcome[0].reason.code == "wish_not_granted"
        assert "because" in outcome[0].reason.render()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_s=4, max_j=3), st.integers(1, 2), st.booleans())
def test_department_caps_and_pins_with_stability(case: tuple[Roster, dict[str, Any]], cap: int, pin: bool) -> None:
    """Caps and pins restrict the plan; the result is the best stable plan within them, or else
    the plan with the fewest blocking pairs (then most pairs, then best score)."""
    r, matching = case
    prog = program(stable=True, max_pairs_per_department=cap, **matching)
    sc = Scorer(r, prog)
    m = sc.matrix()
    allowed = [(s.id, j.id) for a, s in enumerate(sc.seniors) for b, j in enumerate(sc.juniors) if m[a, b] >= 0]
    if pin and allowed:
        r = r.model_copy(update={"pinned": (allowed[-1],)})
    dept = {p.id: p.department.casefold() for p in [*r.seniors, *r.juniors]}

    def within(pairs: list[tuple[str, str]]) -> bool:
        load: dict[str, int] = {}
        for s, j in pairs:
            for d in {dept[s], dept[j]}:
                load[d] = load.get(d, 0) + 1
        return all(n <= cap for n in load.values()) and all(p in pairs for p in r.pinned)

    options = [(b, -len(p), -t) for p, t, b in _stable_options(r, prog) if within(p)]
    res = match(r, prog)
    pairs = [(p.senior, p.junior) for p in res.pairs]
    assert within(pairs) and res.stability is not None
    assert (len(res.stability.blocking), -len(pairs), -res.objective) == min(options)
    assert res.stability.possible == (min(options)[0] == 0)
