"""Check a program's hypotheses against the data HR collected. Pure: no I/O, no printing.

Three kinds of hypothesis (see :class:`rmentor.model.Hypothesis`):

``mean_change``
    The relative change of a metric's mean from the baseline to the follow-up wave
    (``target: 0.15`` means +15%; a negative target means the metric should fall).
    People who answered both waves are compared with themselves (paired). With fewer than
    :data:`MIN_PEOPLE` such people but at least that many in each wave, the waves are compared
    as independent samples, and a note says so.
``share_reaching``
    The share of the population whose follow-up value is at least ``level``
    (``target: 0.8`` means 80% of people). The baseline share is shown for comparison.
``attendance``
    Sessions held / sessions recorded (held or not held), over sessions dated on or before
    the reference date. Sessions whose ``held`` is still empty are counted separately as
    "not recorded" and left out of the rate.

**Verdicts.** ``not_enough_data`` when the sample is below the minimum
(:data:`MIN_PEOPLE` people; for attendance :data:`MIN_SESSIONS` recorded sessions in at least
:data:`MIN_PAIRS` pairs). Otherwise ``met`` when the point estimate reaches the target and
``not_met`` when it does not. The confidence interval does not change the verdict; it sets
its ``certainty``: ``clear`` when the whole interval lies on the same side of the target as
the estimate, ``uncertain`` when the interval contains the target (a "met" could be luck, a
"not met" could be a near miss).

**Intervals** are 95% and deterministic (fixed seed, fixed order of people):

* mean_change: percentile bootstrap, resampling people (paired: each person's two answers
  move together) and recomputing mean(follow-up) / mean(baseline) - 1;
* share_reaching: the Wilson score interval. A percentile bootstrap of a share collapses to a
  zero-width interval when everyone (or no one) reaches the level, which would claim a
  certainty that 8 people cannot give; Wilson stays honest at 0% and 100%;
* attendance: percentile bootstrap over pairs (sessions of one pair are not independent: a
  pair that stops meeting misses several in a row), falling back to Wilson over sessions
  when every resample gives the same rate.

With samples this small a percentile bootstrap is, if anything, too narrow; the reports say
so next to the interval.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from rmentor.i18n import tr, trn
from rmentor.inputs.surveys import SessionRecord, Side, SurveyRecord
from rmentor.model import Hypothesis, Program, Roster

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MIN_PEOPLE = 5
MIN_SESSIONS = 10
MIN_PAIRS = 3
CONFIDENCE = 0.95
RESAMPLES = 10_000
SEED = 20_270_111
_Z95 = 1.959963984540054  # two-sided 95% normal quantile, for Wilson

Verdict = Literal["met", "not_met", "not_enough_data"]
Certainty = Literal["clear", "uncertain"]


@dataclass(frozen=True)
class Note:
    """A sentence for people, kept as an English template and rendered in the current language.

    With ``plural`` set, ``params["n"]`` chooses the form (see :func:`rmentor.i18n.trn`).
    """

    template: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None

    def render(self) -> str:
        """The note in the current language."""
        if self.plural is not None:
            rest = {k: v for k, v in self.params.items() if k != "n"}
            return trn(self.template, self.plural, int(self.params["n"]), **rest)
        return tr(self.template, **self.params)


@dataclass(frozen=True)
class Interval:
    """A confidence interval of the quantity compared with the target."""

    low: float
    high: float
    method: Literal["bootstrap_paired", "bootstrap_unpaired", "bootstrap_pairs", "wilson"]
    level: float = CONFIDENCE


@dataclass(frozen=True)
class HypothesisResult:
    """The verdict on one hypothesis and the numbers behind it.

    ``value`` is the quantity compared with ``target``: the relative change for
    mean_change, the share for share_reaching, the rate for attendance. ``baseline`` and
    ``current`` are means (mean_change) or shares/rates; ``change`` is relative for
    mean_change and a difference of shares (in points of 1.0) for share_reaching.
    """

    hypothesis: Hypothesis
    verdict: Verdict
    certainty: Certainty | None = None
    baseline: float | None = None
    current: float | None = None
    change: float | None = None
    value: float | None = None
    interval: Interval | None = None
    n: int = 0
    n_baseline: int = 0
    n_current: int = 0
    paired: bool = False
    interim: bool = False
    notes: tuple[Note, ...] = ()

    @property
    def higher_is_better(self) -> bool:
        """False only for a mean_change hypothesis with a negative target (the metric should fall)."""
        return not (self.hypothesis.kind == "mean_change" and self.hypothesis.target < 0)

    def summary(self) -> Note:
        """The verdict in one sentence, with the nuance the interval adds."""
        if self.verdict == "not_enough_data":
            return Note("not enough data")
        if self.verdict == "met":
            if self.certainty == "clear":
                return Note("met; the whole interval reaches the target")
            return Note("met, but the interval includes values short of the target")
        if self.certainty == "clear":
            return Note("not met; the whole interval falls short of the target")
        return Note("not met, but the interval includes the target")


@dataclass(frozen=True)
class PairAttendance:
    """What happened in one pair's sessions up to the reference date."""

    pair_id: str
    senior_id: str | None
    junior_id: str | None
    senior_name: str | None
    junior_name: str | None
    planned: int
    due: int
    held: int
    missed: int
    unrecorded: int
    senior_cancellations: int
    junior_cancellations: int
    risks: tuple[Note, ...] = ()

    @property
    def rate(self) -> float | None:
        """Held / recorded, or None before anything was recorded."""
        recorded = self.held + self.missed
        return self.held / recorded if recorded else None


@dataclass(frozen=True)
class Settings:
    """Knobs of an evaluation. ``as_of`` is the reference date for 'has this session passed'."""

    as_of: date
    risk_attendance: float = 0.7
    risk_cancellations: int = 2
    resamples: int = RESAMPLES
    seed: int = SEED


@dataclass(frozen=True)
class Evaluation:
    """The result of ``rmentor evaluate``."""

    program: str
    settings: Settings
    hypotheses: tuple[HypothesisResult, ...]
    pairs: tuple[PairAttendance, ...]
    respondents: dict[str, int]
    sessions_due: int
    sessions_recorded: int
    sessions_unrecorded: int
    warnings: tuple[Note, ...] = ()

    @property
    def at_risk(self) -> tuple[PairAttendance, ...]:
        """Pairs with at least one risk reason, in pair-id order."""
        return tuple(p for p in self.pairs if p.risks)


# ----------------------------------------------------------------------------- entry point


def evaluate(
    program: Program,
    surveys: Sequence[SurveyRecord],
    sessions: Sequence[SessionRecord],
    settings: Settings,
    *,
    roster: Roster | None = None,
    have_sessions: bool | None = None,
) -> Evaluation:
    """Evaluate every hypothesis of ``program`` and flag pairs at risk.

    ``have_sessions`` says whether a sessions file was given at all (an empty one is
    different from none); it defaults to ``bool(sessions)``.
    """
    have_sessions = bool(sessions) if have_sessions is None else have_sessions
    warnings: list[Note] = []
    sides = _sides(surveys, roster, warnings)
    pairs = _pairs(sessions, settings)
    results = []
    for h in program.hypotheses:
        if h.kind == "attendance":
            result = _attendance(h, pairs, settings, have_sessions)
        elif h.kind == "mean_change":
            result = _mean_change(h, _population(h, surveys, sides), settings)
        else:
            result = _share(h, _population(h, surveys, sides), settings)
        interim = h.deadline is not None and settings.as_of < h.deadline
        notes = result.notes
        if interim and result.verdict != "not_enough_data":
            notes = (*notes, Note("interim reading: the deadline {deadline} has not come yet",
                                  {"deadline": h.deadline.isoformat() if h.deadline else ""}))
        results.append(_replace(result, interim=interim, notes=notes))
    late = sum(1 for s in sessions if s.date > settings.as_of and s.held is not None)
    if late:
        warnings.append(Note("{n} session dated after {as_of} already has 'held' filled in; it was not counted "
                             "(check --as-of)", {"n": late, "as_of": settings.as_of.isoformat()},
                             "{n} sessions dated after {as_of} already have 'held' filled in; they were not "
                             "counted (check --as-of)"))
    due = [s for s in sessions if s.date <= settings.as_of]
    respondents = {
        "baseline": len({r.person_id for r in surveys if r.wave == "baseline"}),
        "followup": len({r.person_id for r in surveys if r.wave == "followup"}),
    }
    return Evaluation(
        program=program.name,
        settings=settings,
        hypotheses=tuple(results),
        pairs=pairs,
        respondents=respondents,
        sessions_due=len(due),
        sessions_recorded=sum(1 for s in due if s.held is not None),
        sessions_unrecorded=sum(1 for s in due if s.held is None),
        warnings=tuple(warnings),
    )


def _replace(result: HypothesisResult, **changes: Any) -> HypothesisResult:
    return replace(result, **changes)


# ----------------------------------------------------------------------------- population


@dataclass(frozen=True)
class _Population:
    baseline: dict[str, float]
    followup: dict[str, float]
    unknown_side: int


def _sides(surveys: Sequence[SurveyRecord], roster: Roster | None, warnings: list[Note]) -> dict[str, Side]:
    """Each person's side: the roster when given, else the survey's side column (any wave)."""
    from_survey: dict[str, Side] = {}
    for r in surveys:
        if r.side is not None:
            from_survey[r.person_id] = r.side
    if roster is None:
        return from_survey
    sides: dict[str, Side] = {s.id: "senior" for s in roster.seniors}
    sides.update({j.id: "junior" for j in roster.juniors})
    conflicts = sorted(pid for pid, side in from_survey.items() if pid in sides and sides[pid] != side)
    if conflicts:
        warnings.append(Note("the survey and the roster disagree on the side of {ids}; the roster wins",
                             {"ids": ", ".join(conflicts)}))
    strangers = sorted({r.person_id for r in surveys} - set(sides))
    if strangers:
        shown = ", ".join(strangers[:10]) + (" ..." if len(strangers) > 10 else "")
        warnings.append(Note("{n} survey respondent is not in the roster: {ids}", {"n": len(strangers), "ids": shown},
                             "{n} survey respondents are not in the roster: {ids}"))
        for pid in strangers:
            if pid in from_survey:
                sides[pid] = from_survey[pid]
    return sides


def _population(h: Hypothesis, surveys: Sequence[SurveyRecord], sides: dict[str, Side]) -> _Population:
    want: Side | None = {"seniors": "senior", "juniors": "junior"}.get(h.population)  # type: ignore[assignment]
    waves: dict[str, dict[str, float]] = {"baseline": {}, "followup": {}}
    unknown: set[str] = set()
    for r in surveys:
        if h.metric not in r.values:
            continue
        if want is not None:
            side = sides.get(r.person_id)
            if side is None:
                unknown.add(r.person_id)
                continue
            if side != want:
                continue
        waves[r.wave][r.person_id] = r.values[h.metric]
    return _Population(waves["baseline"], waves["followup"], len(unknown))


def _population_notes(h: Hypothesis, pop: _Population) -> list[Note]:
    if not pop.unknown_side:
        return []
    return [Note("{n} respondent with a '{metric}' answer has no known side and was left out; add a side column "
                 "or pass --roster", {"n": pop.unknown_side, "metric": h.metric},
                 "{n} respondents with a '{metric}' answer have no known side and were left out; add a side column "
                 "or pass --roster")]


# ----------------------------------------------------------------------------- mean_change


def _mean_change(h: Hypothesis, pop: _Population, settings: Settings) -> HypothesisResult:
    import numpy as np

    notes = _population_notes(h, pop)
    both = sorted(set(pop.baseline) & set(pop.followup))
    nb, nf = len(pop.baseline), len(pop.followup)
    base: dict[str, Any] = {"hypothesis": h, "n_baseline": nb, "n_current": nf}
    if len(both) >= MIN_PEOPLE:
        b = np.array([pop.baseline[p] for p in both])
        f = np.array([pop.followup[p] for p in both])
        paired, n = True, len(both)
        dropped = nb + nf - 2 * n
        if dropped:
            notes.append(Note("{n} answer from someone who took only one wave was left out (the comparison is "
                              "paired)", {"n": dropped},
                              "{n} answers from people who took only one wave were left out (the comparison is "
                              "paired)"))
    elif nb >= MIN_PEOPLE and nf >= MIN_PEOPLE:
        b = np.array([pop.baseline[p] for p in sorted(pop.baseline)])
        f = np.array([pop.followup[p] for p in sorted(pop.followup)])
        paired, n = False, min(nb, nf)
        notes.append(Note("only {n} person answered both waves, so the waves are compared as different groups of "
                          "people; the comparison is weaker", {"n": len(both)},
                          "only {n} people answered both waves, so the waves are compared as different groups of "
                          "people; the comparison is weaker"))
    else:
        notes.append(Note("answered both waves: {both} (baseline: {nb}, follow-up: {nf}); at least {min} are needed",
                          {"both": len(both), "nb": nb, "nf": nf, "min": MIN_PEOPLE}))
        return HypothesisResult(verdict="not_enough_data", n=len(both), notes=tuple(notes), **base)
    mb, mf = float(b.mean()), float(f.mean())
    if mb == 0:
        notes.append(Note("the baseline mean is 0, so a relative change is undefined; measure on a scale that "
                          "does not start at 0"))
        return HypothesisResult(verdict="not_enough_data", baseline=mb, current=mf, n=n, paired=paired,
                                notes=tuple(notes), **base)
    change = mf / mb - 1
    interval = _bootstrap_paired(b, f, settings) if paired else _bootstrap_unpaired(b, f, settings)
    verdict, certainty = _judge(change, h.target, interval, higher_is_better=h.target >= 0)
    return HypothesisResult(verdict=verdict, certainty=certainty, baseline=mb, current=mf, change=change,
                            value=change, interval=interval, n=n, paired=paired, notes=tuple(notes), **base)


def _resample(n: int, settings: Settings, stat: Callable[[npt.NDArray[np.intp]], npt.NDArray[np.float64]],
              ) -> npt.NDArray[np.float64]:
    """``settings.resamples`` values of ``stat`` over index resamples, in memory-bounded chunks."""
    import numpy as np

    rng = np.random.default_rng(settings.seed)
    out = np.empty(settings.resamples)
    chunk = max(1, min(settings.resamples, 2_000_000 // max(n, 1)))
    for start in range(0, settings.resamples, chunk):
        m = min(chunk, settings.resamples - start)
        out[start:start + m] = stat(rng.integers(0, n, size=(m, n)))
    return out


def _percentiles(values: npt.NDArray[np.float64]) -> tuple[float, float]:
    import numpy as np

    finite = values[np.isfinite(values)]
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def _bootstrap_paired(b: npt.NDArray[np.float64], f: npt.NDArray[np.float64], settings: Settings) -> Interval:
    import numpy as np

    def stat(idx: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        with np.errstate(divide="ignore", invalid="ignore"):
            return f[idx].mean(axis=1) / b[idx].mean(axis=1) - 1  # type: ignore[no-any-return]

    low, high = _percentiles(_resample(len(b), settings, stat))
    return Interval(low, high, "bootstrap_paired")


def _bootstrap_unpaired(b: npt.NDArray[np.float64], f: npt.NDArray[np.float64], settings: Settings) -> Interval:
    import numpy as np

    rng = np.random.default_rng(settings.seed)
    # the two waves are independent samples: resample each on its own
    mb = b[rng.integers(0, len(b), size=(settings.resamples, len(b)))].mean(axis=1)
    mf = f[rng.integers(0, len(f), size=(settings.resamples, len(f)))].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = _percentiles(mf / mb - 1)
    return Interval(low, high, "bootstrap_unpaired")


# ----------------------------------------------------------------------------- share_reaching


def wilson(k: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of a share ``k / n``."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _share(h: Hypothesis, pop: _Population, settings: Settings) -> HypothesisResult:
    level = h.level if h.level is not None else 0.0
    notes = _population_notes(h, pop)
    nb, nf = len(pop.baseline), len(pop.followup)
    base_share = sum(1 for v in pop.baseline.values() if v >= level) / nb if nb else None
    common: dict[str, Any] = {"hypothesis": h, "n_baseline": nb, "n_current": nf, "baseline": base_share}
    if nf < MIN_PEOPLE:
        notes.append(Note("follow-up answers: {n}; at least {min} are needed", {"n": nf, "min": MIN_PEOPLE}))
        return HypothesisResult(verdict="not_enough_data", n=nf, notes=tuple(notes), **common)
    k = sum(1 for v in pop.followup.values() if v >= level)
    share = k / nf
    silent = sorted(set(pop.baseline) - set(pop.followup))
    if silent:
        notes.append(Note("{n} person answered the baseline but not the follow-up ({ids}); the share is over those "
                          "who answered", {"n": len(silent), "ids": ", ".join(silent)},
                          "{n} people answered the baseline but not the follow-up ({ids}); the share is over those "
                          "who answered"))
    low, high = wilson(k, nf)
    interval = Interval(low, high, "wilson")
    verdict, certainty = _judge(share, h.target, interval, higher_is_better=True)
    change = share - base_share if base_share is not None else None
    notes.insert(0, Note("reached {level}: {k} of {n}", {"k": k, "n": nf, "level": _plain(level)}))
    return HypothesisResult(verdict=verdict, certainty=certainty, current=share, change=change, value=share,
                            interval=interval, n=nf, notes=tuple(notes), **common)


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# ----------------------------------------------------------------------------- attendance


def _pairs(sessions: Sequence[SessionRecord], settings: Settings) -> tuple[PairAttendance, ...]:
    by_pair: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        by_pair[s.pair_id].append(s)
    out = []
    for pair_id in sorted(by_pair):
        rows = sorted(by_pair[pair_id], key=lambda s: s.session)
        due = [s for s in rows if s.date <= settings.as_of]
        held = sum(1 for s in due if s.held is True)
        missed = sum(1 for s in due if s.held is False)
        senior_c = sum(1 for s in due if s.held is False and s.cancelled_by == "senior")
        junior_c = sum(1 for s in due if s.held is False and s.cancelled_by == "junior")
        risks: list[Note] = []
        if held + missed and held / (held + missed) < settings.risk_attendance:
            risks.append(Note("attendance {rate}% ({held} of {recorded}) is below {threshold}%", {
                "rate": round(100 * held / (held + missed)), "held": held, "recorded": held + missed,
                "threshold": round(100 * settings.risk_attendance)}))
        if senior_c >= settings.risk_cancellations:
            risks.append(Note("the senior cancelled {n} time", {"n": senior_c}, "the senior cancelled {n} times"))

        def first(attr: str, rows: list[SessionRecord] = rows) -> str | None:
            return next((getattr(s, attr) for s in rows if getattr(s, attr)), None)

        out.append(PairAttendance(
            pair_id=pair_id, senior_id=first("senior_id"), junior_id=first("junior_id"),
            senior_name=first("senior_name"), junior_name=first("junior_name"), planned=len(rows), due=len(due),
            held=held, missed=missed, unrecorded=len(due) - held - missed, senior_cancellations=senior_c,
            junior_cancellations=junior_c, risks=tuple(risks)))
    return tuple(out)


def _attendance(h: Hypothesis, pairs: Sequence[PairAttendance], settings: Settings,
                have_sessions: bool) -> HypothesisResult:
    import numpy as np

    if not have_sessions:
        return HypothesisResult(h, "not_enough_data", notes=(Note("no sessions file among the data files; pass the "
                                                                  "sessions.csv with 'held' filled in"),))
    recorded = [p for p in pairs if p.held + p.missed]
    held = sum(p.held for p in recorded)
    total = sum(p.held + p.missed for p in recorded)
    unrecorded = sum(p.unrecorded for p in pairs)
    notes: list[Note] = []
    if unrecorded:
        notes.append(Note("{n} past session has no 'held' value yet and is not counted", {"n": unrecorded},
                          "{n} past sessions have no 'held' value yet and are not counted"))
    if total < MIN_SESSIONS or len(recorded) < MIN_PAIRS:
        notes.append(Note("recorded sessions: {sessions}, pairs with records: {pairs}; at least {min_s} sessions in "
                          "{min_p} pairs are needed", {"sessions": total, "pairs": len(recorded),
                                                       "min_s": MIN_SESSIONS, "min_p": MIN_PAIRS}))
        return HypothesisResult(h, "not_enough_data", n=total, notes=tuple(notes))
    rate = held / total
    h_arr = np.array([p.held for p in recorded], dtype=float)
    t_arr = np.array([p.held + p.missed for p in recorded], dtype=float)

    def stat(idx: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        return h_arr[idx].sum(axis=1) / t_arr[idx].sum(axis=1)  # type: ignore[no-any-return]

    low, high = _percentiles(_resample(len(recorded), settings, stat))
    interval = Interval(low, high, "bootstrap_pairs")
    if low == high:  # every pair has the same rate (often 100%): resampling pairs cannot show any spread
        w_low, w_high = wilson(held, total)
        interval = Interval(w_low, w_high, "wilson")
    verdict, certainty = _judge(rate, h.target, interval, higher_is_better=True)
    notes.insert(0, Note("held {held} of {total} recorded sessions; pairs with records: {pairs}",
                         {"held": held, "total": total, "pairs": len(recorded)}))
    return HypothesisResult(h, verdict, certainty, current=rate, value=rate, interval=interval, n=total,
                            n_current=total, notes=tuple(notes))


# ----------------------------------------------------------------------------- verdict


def _judge(value: float, target: float, interval: Interval, *, higher_is_better: bool,
           ) -> tuple[Verdict, Certainty]:
    # a tiny tolerance so that 0.8 reached as 4/5 is not lost to floating point
    eps = 1e-12
    if higher_is_better:
        met = value >= target - eps
        clear = interval.low >= target - eps if met else interval.high < target - eps
    else:
        met = value <= target + eps
        clear = interval.high <= target + eps if met else interval.low > target + eps
    return ("met" if met else "not_met"), ("clear" if clear else "uncertain")
