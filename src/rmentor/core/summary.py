"""``rmentor validate``: what HR should know about a roster before matching."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rmentor.core.scoring import RULE_TEXT, PersonScore, Scorer
from rmentor.core.spellings import VocabularyReport, vocabulary_report
from rmentor.core.wishes import wishes
from rmentor.errors import InputError, Issue, Location, RmentorError
from rmentor.i18n import get_language, tr
from rmentor.model import Program, Roster, label_text


@dataclass(frozen=True)
class CriterionRange:
    side: str
    name: str
    min: int
    max: int
    mean: float
    threshold: int | None
    below: int
    label: str = ""  # what the criterion is called in the current language


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
    vocabulary: VocabularyReport | None = None
    names: dict[str, str] | None = None  # id -> name, for the people listed above


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
                                         round(sum(values) / len(values), 2), crit.min, below,
                                         label_text(name, crit.label, get_language())))
    ineligible = tuple(p for p in [*scorer.senior_scores, *scorer.junior_scores] if not p.eligible)
    no_avail = tuple(sorted(p.id for p in [*roster.seniors, *roster.juniors] if not p.availability))
    check_inputs(roster, program, scorer)
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
        vocabulary=vocabulary_report(roster, program),
        names={p.id: p.name for p in [*roster.seniors, *roster.juniors]},
    )


def check_inputs(roster: Roster, program: Program, scorer: Scorer | None = None) -> None:
    """Every input error ``match``, ``schedule`` and ``plan`` would raise on these files, at once.

    Loading checks each file; these are the rules that need both: pins that break a hard rule
    (the reporting line, history, a threshold ...), more pins than the pilot allows, agenda
    placeholders, the holiday subdivision. Raises one :class:`InputError` listing them all.
    """
    from rmentor.core.matching import check_pins
    from rmentor.core.scheduling import check_agenda, check_holidays

    issues: list[Issue] = []

    def collect(check: object) -> None:
        try:
            check()  # type: ignore[operator]
        except RmentorError as exc:
            issues.extend(exc.issues or [Issue(exc.message, exc.params, exc.location, exc.hint, exc.hint_params)])

    sc = scorer or Scorer(roster, program)
    collect(lambda: check_pins(sc, roster))
    limit = program.matching.pilot.max
    if limit is not None and len(roster.pinned) > limit:
        issues.append(Issue("{pins} pinned pairs exceed the requested {limit} pairs",
                            {"pins": len(roster.pinned), "limit": limit}, None, "remove pins or ask for more pairs"))
    collect(lambda: check_agenda(program))
    collect(lambda: check_holidays(program))
    if issues:
        raise InputError("{count} problem(s) that match, schedule or plan would refuse",
                         issues=issues, hint="fix them and run 'rmentor validate' again", count=len(issues))


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
