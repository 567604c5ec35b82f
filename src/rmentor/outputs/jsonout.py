"""Versioned machine output (``--format json``). Every payload carries ``version``.

The shapes here are an API: ``tests/test_json_shapes.py`` pins them.
"""

from __future__ import annotations

from typing import Any

from rmentor.core.matching import MatchResult, Pair
from rmentor.core.rematching import RematchResult
from rmentor.core.scoring import PersonScore, ScoreReport
from rmentor.core.summary import ValidationSummary

JSON_VERSION = 1


def validation_json(s: ValidationSummary) -> dict[str, Any]:
    """``rmentor validate --format json``."""
    return {
        "version": JSON_VERSION,
        "seniors": s.seniors,
        "juniors": s.juniors,
        "junior_capacity": s.junior_capacity,
        "departments": [{"name": d, "seniors": a, "juniors": b} for d, a, b in s.departments],
        "criteria": [
            {"side": c.side, "name": c.name, "min": c.min, "max": c.max, "mean": c.mean,
             "threshold": c.threshold, "below": c.below}
            for c in s.criteria
        ],
        "ineligible": [{"id": p.id, "side": p.side, "reasons": [r.render() for r in p.reasons]}
                       for p in s.ineligible],
        "no_availability": list(s.no_availability),
        "warnings": [w.render() for w in s.warnings],
        "vocabulary": _vocabulary(s),
    }


def _vocabulary(s: ValidationSummary) -> dict[str, Any] | None:
    v = s.vocabulary
    if v is None:
        return None
    return {
        "suggestions": [{"kind": x.kind, "canonical": x.canonical, "others": list(x.others),
                         "people_with_partner_change": x.gained} for x in v.suggestions],
        "aliases_yaml": v.aliases_yaml(),
        "wanted_only": [{"topic": t, "seniors": n} for t, n in v.wanted_only],
        "offered_only": [{"topic": t, "juniors": n} for t, n in v.offered_only],
    }


def _pair(p: Pair) -> dict[str, Any]:
    return {
        "pair_id": p.pair_id,
        "senior": p.senior,
        "junior": p.junior,
        "score": p.score,
        "breakdown": dict(p.breakdown),
        "shared_topics": list(p.shared_topics),
        "pinned": p.pinned,
        "reasons": [r.render() for r in p.reasons],
    }


def match_json(result: MatchResult) -> dict[str, Any]:
    """``rmentor match --format json``; ids exactly as in the roster."""
    return {
        "version": JSON_VERSION,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "pairs": [_pair(p) for p in result.pairs],
        "unmatched": [{"id": u.id, "side": u.side, "reason": u.reason.render()} for u in result.unmatched],
        "wishes": _wishes(result),
        "stability": _stability(result),
    }


def _wishes(result: MatchResult) -> dict[str, Any] | None:
    w = result.wishes
    if w is None:
        return None
    return {"people": w.people, "first_granted": w.first_granted, "any_granted": w.any_granted,
            "mutual": w.mutual, "mutual_granted": w.mutual_granted,
            "not_honoured": [{"person": x.person, "target": x.target, "rank": x.rank, "blocked_by": list(x.blocked_by)}
                             for x in w.not_honoured]}


def _stability(result: MatchResult) -> dict[str, Any] | None:
    st = result.stability
    if st is None:
        return None
    return {"stable": st.stable, "possible": st.possible,
            "blocking_pairs": [{"senior": s, "junior": j} for s, j in st.blocking],
            "reasons": [r.render() for r in st.reasons]}


def rematch_json(result: RematchResult) -> dict[str, Any]:
    """``rmentor rematch --format json``: the new pairs and what changed."""
    return {
        "version": JSON_VERSION,
        "status": result.status,
        "pairs": [_pair(p) for p in result.pairs],
        "kept": list(result.kept),
        "ended": [{"pair_id": p.pair_id, "senior": p.senior, "junior": p.junior} for p in result.ended],
        "added": [p.pair_id for p in result.added],
        "unmatched": [{"id": u.id, "side": u.side, "reason": u.reason.render()} for u in result.unmatched],
    }


def score_json(report: ScoreReport) -> dict[str, Any]:
    """``rmentor score --format json``; a pair's score here equals its score in ``match``."""
    def people(items: tuple[PersonScore, ...]) -> list[dict[str, Any]]:
        return [{"id": p.id, "score": p.score, "eligible": p.eligible, "reasons": [r.render() for r in p.reasons]}
                for p in items]

    out: dict[str, Any] = {
        "version": JSON_VERSION,
        "seniors": people(report.seniors),
        "juniors": people(report.juniors),
    }
    if report.pairs is not None:
        out["pairs"] = [
            {"senior": p.senior, "junior": p.junior, "score": p.score, "allowed": p.allowed,
             "blocked_by": list(p.blocked_by), "breakdown": dict(p.breakdown),
             "senior_rank": p.senior_rank, "junior_rank": p.junior_rank}
            for p in report.pairs
        ]
    return out
