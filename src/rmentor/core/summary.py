"""``rmentor validate``: what HR should know about a roster before matching."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rmentor.core.scoring import RULE_TEXT, PersonScore, Scorer
from rmentor.core.wishes import wishes
from rmentor.errors import Issue, Location
from rmentor.i18n import tr
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
    warnings = (*warnings, *_wishes_not_honoured(roster, scorer))
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


def _wishes_not_honoured(roster: Roster, scorer: Scorer) -> list[Issue]:
    """A warning for every wish a hard rule rules out: it is reported, never honoured."""
    where = {("senior", p.id): ("seniors", i, p.prefers) for i, p in enumerate(roster.seniors)}
    where.update({("junior", p.id): ("juniors", i, p.prefers) for i, p in enumerate(roster.juniors)})
    out: list[Issue] = []
    for w in wishes(scorer, []):
        if not w.blocked_by:
            continue
        section, index, prefers = where[(w.side, w.person)]
        out.append(Issue("{person} asked for {target}, but {rules}: the wish is reported, not honoured",
                         {"person": w.person, "target": w.target,
                          "rules": "; ".join(tr(RULE_TEXT[r]) for r in w.blocked_by)},
                         Location(path=f"{section}[{index}].prefers[{prefers.index(w.target)}]")))
    return out
