"""``rmentor validate``: what HR should know about a roster before matching."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rmentor.core.scoring import PersonScore, Scorer
from rmentor.errors import Issue
from rmentor.model import Program, Roster


@dataclass(frozen=True)
class CriterionRange:
    side: str
    name: str
    min: int
    max: int
    mean: float
    threshold: int | None
    below: int


@dataclass(frozen=True)
class ValidationSummary:
    """Counts, criteria ranges, and who is not ready: the result of :func:`summarize`."""

    seniors: int
    juniors: int
    junior_capacity: int
    departments: tuple[tuple[str, int, int], ...]  # (department, seniors, juniors)
    criteria: tuple[CriterionRange, ...]
    ineligible: tuple[PersonScore, ...]
    no_availability: tuple[str, ...]
    pinned: int
    history: int
    warnings: tuple[Issue, ...]


def summarize(roster: Roster, program: Program, warnings: tuple[Issue, ...] = ()) -> ValidationSummary:
    """Summarise a validated roster under ``program``."""
    scorer = Scorer(roster, program)
    seniors = Counter(p.department for p in roster.seniors)
    juniors = Counter(p.department for p in roster.juniors)
    depts = tuple((d, seniors[d], juniors[d]) for d in sorted(set(seniors) | set(juniors)))
    ranges: list[CriterionRange] = []
    m = program.matching
    for side, people, crits in (
        ("senior", roster.seniors, m.senior_criteria),
        ("junior", roster.juniors, m.junior_criteria),
    ):
        for name, crit in crits.items():
            values = [p.scores[name] for p in people if name in p.scores]
            if not values:
                continue
            below = sum(v < crit.min for v in values) if crit.min is not None else 0
            ranges.append(CriterionRange(side, name, min(values), max(values),
                                         round(sum(values) / len(values), 2), crit.min, below))
    ineligible = tuple(p for p in [*scorer.senior_scores, *scorer.junior_scores] if not p.eligible)
    no_avail = tuple(sorted(p.id for p in [*roster.seniors, *roster.juniors] if not p.availability))
    return ValidationSummary(
        seniors=len(roster.seniors),
        juniors=len(roster.juniors),
        junior_capacity=sum(j.capacity for j in roster.juniors),
        departments=depts,
        criteria=tuple(ranges),
        ineligible=ineligible,
        no_availability=no_avail,
        pinned=len(roster.pinned),
        history=len(roster.history),
        warnings=warnings,
    )
