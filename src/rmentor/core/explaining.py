"""``rmentor explain``: why a senior got their junior, why not another, and what would change it."""

from __future__ import annotations

from dataclasses import dataclass

from rmentor.core.matching import MatchResult, Pair, match
from rmentor.core.scoring import RULE_TEXT, PairScore, Reason, Scorer
from rmentor.core.wishes import Wish, wishes
from rmentor.errors import InfeasibleError, InputError, Location, RmentorError
from rmentor.i18n import tr
from rmentor.model import Program, Roster


@dataclass(frozen=True)
class Alternative:
    """Another junior the senior could have had."""

    junior: str
    score: int
    blocked_by: tuple[str, ...]
    taken_by: tuple[str, ...]  # seniors this junior mentors in the plan


@dataclass(frozen=True)
class Explanation:
    """The answer of :func:`explain`."""

    senior: str
    pair: Pair | None
    unmatched: Reason | None
    junior: str | None
    asked: PairScore | None
    verdict: tuple[Reason, ...]
    changes: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]
    result: MatchResult
    wishes: tuple[WishOutcome, ...] = ()


@dataclass(frozen=True)
class WishOutcome:
    """A wish that involves the explained senior, and what the plan did with it."""

    wish: Wish
    reason: Reason


def _rule_fix(rule: str) -> Reason:
    fixes = {
        "senior_ineligible": "raise the senior's scores or lower matching.senior_criteria minimums",
        "junior_ineligible": "raise the junior's scores or lower matching.junior_criteria minimums",
        "reporting_line": "set matching.exclude_reporting_line: false (not recommended)",
        "avoid": "remove the id from the avoid list",
        "history": "remove the pair from history",
        "same_department": "set matching.cross_functional: preferred",
        "timezone_gap": "raise matching.max_timezone_gap_hours",
        "no_shared_topic": "add a shared topic to wants/offers or lower matching.min_shared_topics",
        "no_common_slot": "add overlapping availability windows or set matching.require_common_slot: false",
        "below_min_score": "lower matching.min_pair_score",
    }
    return Reason(rule, fixes[rule])


def _forced(roster: Roster, program: Program, senior: str, junior: str, result: MatchResult,
            n_pairs: int | None) -> tuple[list[Reason], list[Reason]]:
    """What the plan would lose with (senior, junior) pinned: the verdict and what would change it."""
    verdict: list[Reason] = []
    changes: list[Reason] = []
    forced_roster = roster.model_copy(update={"pinned": (*roster.pinned, (senior, junior))})
    try:
        forced = match(forced_roster, program, n_pairs=n_pairs)
    except (InfeasibleError, InputError) as exc:
        verdict.append(Reason("conflict", "pairing them breaks the plan: {why}", {"why": exc.render()}))
        return verdict, changes
    except RmentorError:  # pragma: no cover - any other expected failure is reported the same way
        raise
    lost_pairs = len(result.pairs) - len(forced.pairs)
    lost_points = result.objective - forced.objective
    was_stable = result.stability is not None and result.stability.stable
    if was_stable and forced.stability is not None and not forced.stability.stable:
        verdict.append(Reason("unstable", "with this pair no plan is stable: {pairs} would rather be together",
                              {"pairs": ", ".join(f"{a} + {b}" for a, b in forced.stability.blocking[:3])}))
    elif lost_pairs > 0:
        verdict.append(Reason("fewer", "with this pair the best plan has {n} fewer pair(s)", {"n": lost_pairs}))
    elif lost_points > 0:
        verdict.append(Reason("worse", "with this pair the best plan scores {points} points lower in total",
                              {"points": lost_points}))
        changes.append(Reason("gap", "their pair score would need to be {points} points higher",
                              {"points": lost_points + 1}))
    else:  # an equally good plan exists: the tie went by id order
        verdict.append(Reason("tie", "a plan with this pair scores the same; ties are broken by id order"))
    return verdict, changes


def _ordinal(rank: int, mutual: bool) -> str:
    text = tr("choice {rank}", rank=rank)
    return tr("{choice}, mutual", choice=text) if mutual else text


def wish_outcomes(roster: Roster, program: Program, sc: Scorer, senior: str, result: MatchResult,
                  *, n_pairs: int | None = None) -> tuple[WishOutcome, ...]:
    """What became of the wishes that involve ``senior``: theirs, and juniors' wishes for them."""
    partners: dict[str, list[str]] = {}
    for p in result.pairs:
        partners.setdefault(p.senior, []).append(p.junior)
        partners.setdefault(p.junior, []).append(p.senior)
    pinned = set(roster.pinned)
    out: list[WishOutcome] = []
    for w in wishes(sc, [(p.senior, p.junior) for p in result.pairs]):
        if senior not in (w.person, w.target):
            continue
        s_id, j_id = (w.person, w.target) if w.side == "senior" else (w.target, w.person)
        params = {"person": w.person, "target": w.target, "choice": _ordinal(w.rank, w.mutual)}
        if w.granted:
            reason = Reason("wish_granted", "{person} asked for {target} ({choice}): they are paired", params)
        elif "reporting_line" in w.blocked_by:
            reason = Reason("wish_reporting_line", "{person} asked for {target} ({choice}); one is in the other's "
                            "reporting line, so the wish is reported, not honoured", params)
        elif w.blocked_by:
            reason = Reason("wish_blocked", "{person} asked for {target} ({choice}); the pair is not allowed: {rules}",
                            {**params, "rules": "; ".join(tr(RULE_TEXT[r]) for r in w.blocked_by)})
        else:
            if any(s == s_id for s, _ in pinned) or (
                    sum(j == j_id for _, j in pinned) >= sc.juniors[sc.junior_index[j_id]].capacity):
                why = [Reason("pinned_elsewhere", "HR pinned another pair")]
            else:
                why = _forced(roster, program, s_id, j_id, result, n_pairs)[0]
            others = partners.get(w.target, [])
            reason = Reason(
                "wish_not_granted",
                "{person} asked for {target} ({choice}); the plan pairs {target} with {others} because {why}"
                if others else
                "{person} asked for {target} ({choice}); the plan leaves {target} without a partner because {why}",
                {**params, "others": ", ".join(others), "why": "; ".join(r.render() for r in why)})
        out.append(WishOutcome(w, reason))
    return tuple(out)


def explain(roster: Roster, program: Program, senior: str, junior: str | None = None,
            *, n_pairs: int | None = None) -> Explanation:
    """Explain the matching for ``senior`` (and, when given, against ``junior``)."""
    from rmentor.core.people import find_person

    sc = Scorer(roster, program)
    if senior not in sc.senior_index:
        if senior in sc.junior_index:
            raise InputError("'{id}' is a junior, not a senior", location=Location(path="SENIOR"),
                             hint="pass a senior id first, then optionally a junior id", id=senior)
        senior = find_person(roster, senior, side="senior", argument="SENIOR")
    if junior is not None and junior not in sc.junior_index:
        junior = find_person(roster, junior, side="junior", argument="JUNIOR")
    result = match(roster, program, n_pairs=n_pairs, scorer=sc)
    pair = next((p for p in result.pairs if p.senior == senior), None)
    unmatched = next((u.reason for u in result.unmatched if u.id == senior), None)
    mentors: dict[str, list[str]] = {}
    for p in result.pairs:
        mentors.setdefault(p.junior, []).append(p.senior)

    import numpy as np

    si = sc.senior_index[senior]
    scores = sc.score(np.full(len(sc.juniors), si), np.arange(len(sc.juniors))).tolist()
    order = sorted(range(len(sc.juniors)), key=lambda j: (-scores[j], sc.juniors[j].id))
    alternatives = tuple(
        Alternative(sc.juniors[j].id, int(scores[j]), sc.pair(senior, sc.juniors[j].id).blocked_by,
                    tuple(mentors.get(sc.juniors[j].id, [])))
        for j in order[:5]
    )

    from rmentor.core.people import display_names

    name = display_names(roster)
    verdict: list[Reason] = []
    changes: list[Reason] = []
    asked = sc.pair(senior, junior) if junior is not None else None
    if junior is None or asked is None:
        if pair is not None:
            verdict.extend(pair.reasons)
        elif unmatched is not None:
            verdict.append(unmatched)
    elif pair is not None and pair.junior == junior:
        verdict.append(Reason("chosen", "{junior} is {senior}'s partner in the optimal plan",
                              {"junior": name[junior], "senior": name[senior]}))
        verdict.extend(pair.reasons)
    elif asked.blocked_by:
        verdict.append(Reason("blocked", "the pair is not allowed: {rules}",
                              {"rules": "; ".join(tr(RULE_TEXT[r]) for r in asked.blocked_by)}))
        changes.extend(_rule_fix(r) for r in asked.blocked_by)
    elif any(s == senior for s, _ in roster.pinned) or (
        sum(j == junior for _, j in roster.pinned) >= sc.juniors[sc.junior_index[junior]].capacity
    ):
        pins = [f"[{s}, {j}]" for s, j in roster.pinned if s == senior or j == junior]
        verdict.append(Reason("pinned_elsewhere", "HR pinned {pins}, which leaves no room for this pair",
                              {"pins": ", ".join(pins)}))
        changes.append(Reason("unpin", "remove that pin from the roster, or raise the junior's capacity"))
    else:
        why, fix = _forced(roster, program, senior, junior, result, n_pairs)
        verdict.extend(why)
        changes.extend(fix)
        if junior in mentors:
            verdict.append(Reason("taken", "{junior} mentors {seniors} in the plan",
                                  {"junior": name[junior], "seniors": ", ".join(name[s] for s in mentors[junior])}))
        changes.append(Reason("pin", "pin the pair in the roster (pinned: [[{senior}, {junior}]]) to force it",
                              {"senior": senior, "junior": junior}))
    outcomes = wish_outcomes(roster, program, sc, senior, result, n_pairs=n_pairs)
    return Explanation(senior, pair, unmatched, junior, asked, tuple(verdict), tuple(changes), alternatives, result,
                       outcomes)
