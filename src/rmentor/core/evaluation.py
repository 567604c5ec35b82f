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

**Participants and the comparison group.** Only program participants (the people of the pairs,
or of the roster) count towards a hypothesis. Everyone else who answered a survey is the
comparison group, reported separately and never merged. With a comparison group of at least
:data:`MIN_PEOPLE`, a ``mean_change`` hypothesis also gets the *difference in differences*: the
participants' relative change minus the comparison group's, with a bootstrap interval (each
group resampled on its own, fixed seeds). A ``comparison: required`` hypothesis is judged on
that difference and cannot be confirmed without it.

**Waves.** Any number, in the program's order (``surveys.waves``) or inferred (baseline,
midpoint, other labels, follow-up). A hypothesis compares the two waves it names, by default
the first and the last; every metric is also reported as a trend across all waves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from rmentor.core.risk import Risk, SessionFact, pair_risks
from rmentor.i18n import tr, trn
from rmentor.inputs.surveys import SessionRecord, Side, SurveyRecord, canonical_wave
from rmentor.model import AtRisk, Hypothesis, Program, Roster

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
    method: Literal["bootstrap_paired", "bootstrap_unpaired", "bootstrap_pairs", "wilson", "bootstrap_groups"]
    level: float = CONFIDENCE


@dataclass(frozen=True)
class DiD:
    """Difference in differences: the participants' relative change minus the comparison group's."""

    value: float
    interval: Interval


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
    participants_n: int = 0
    comparison_n: int = 0
    comparison_baseline: float | None = None
    comparison_current: float | None = None
    comparison_change: float | None = None
    did: DiD | None = None
    waves: tuple[str, str] | None = None
    judged_on_did: bool = False

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
    risks: tuple[Risk, ...] = ()
    last_held: date | None = None

    @property
    def rate(self) -> float | None:
        """Held / recorded, or None before anything was recorded."""
        recorded = self.held + self.missed
        return self.held / recorded if recorded else None


@dataclass(frozen=True)
class Settings:
    """Knobs of an evaluation. ``as_of`` is the reference date for 'has this session passed'."""

    as_of: date
    risk_attendance: float | None = None  # overrides the program's at_risk.attendance
    risk_cancellations: int | None = None  # overrides the program's at_risk.cancellations
    resamples: int = RESAMPLES
    seed: int = SEED
    at_risk: AtRisk = field(default_factory=AtRisk)

    def rules(self) -> AtRisk:
        """The at-risk rules in force: the program's, with the command-line overrides."""
        changes: dict[str, Any] = {}
        if self.risk_attendance is not None:
            changes["attendance"] = self.risk_attendance
        if self.risk_cancellations is not None:
            changes["cancellations"] = self.risk_cancellations
        return self.at_risk.model_copy(update=changes) if changes else self.at_risk


@dataclass(frozen=True)
class Participants:
    """Who is in the program, and how survey answers name them.

    ``sides`` maps a participant's id to their side; ``emails`` and ``names`` map a normalised
    e-mail or full name of anyone on the roster (participant or not) to their id, and
    ``roster_sides`` gives the side of everyone on the roster. ``source`` says where the list
    came from (``pairs``, ``roster``, ``sessions``) for the report.
    """

    sides: dict[str, Side]
    source: str
    emails: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    roster_sides: dict[str, Side] = field(default_factory=dict)


def person_name_key(name: str) -> str:
    """A full name reduced for matching: lower case, ``ё`` as ``е``, words sorted (``Иванов Иван``, ``Иван Иванов``)."""
    import re

    words = re.findall(r"[0-9a-zа-я]+", name.lower().replace("ё", "е"))
    return " ".join(sorted(words))


def participants_from(roster: Roster | None, pair_ids: Sequence[tuple[str, str]] | None = None,
                      *, source: str | None = None) -> Participants | None:
    """Participants from pairs (senior id, junior id) and/or the roster; None when neither is known."""
    roster_sides: dict[str, Side] = {}
    emails: dict[str, str] = {}
    names: dict[str, str] = {}
    if roster is not None:
        for people, side in ((roster.seniors, "senior"), (roster.juniors, "junior")):
            for p in people:
                roster_sides[p.id] = side  # type: ignore[assignment]
                if p.email:
                    emails[p.email.strip().lower()] = p.id
                key = person_name_key(p.name)
                # two people with the same name cannot be told apart by name: neither is matched
                names[key] = "" if key in names else p.id
    if pair_ids is not None:
        sides: dict[str, Side] = {}
        for senior, junior in pair_ids:
            sides[senior] = "senior"
            sides[junior] = "junior"
        return Participants(sides, source or "pairs", emails, {k: v for k, v in names.items() if v}, roster_sides)
    if roster is None:
        return None
    return Participants(dict(roster_sides), source or "roster", emails, {k: v for k, v in names.items() if v},
                        roster_sides)


@dataclass(frozen=True)
class WaveInfo:
    """A survey wave: its name, label and date, and how many people answered in each group."""

    name: str
    label: str | None
    date: date | None
    participants: int
    comparison: int


@dataclass(frozen=True)
class TrendPoint:
    """One wave of a metric's trend: the mean (or share) and the number of answers in each group."""

    wave: str
    participants: float | None
    participants_n: int
    comparison: float | None
    comparison_n: int


@dataclass(frozen=True)
class Trend:
    """A metric across every wave, for the population of the hypotheses that measure it.

    ``kind`` is ``mean`` (the metric's mean) or ``share`` (the share reaching ``level``).
    """

    metric: str
    population: str
    kind: Literal["mean", "share"]
    level: float | None
    points: tuple[TrendPoint, ...]


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
    waves: tuple[WaveInfo, ...] = ()
    trends: tuple[Trend, ...] = ()
    participants_source: str | None = None
    comparison_total: int = 0

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
    participants: Participants | None = None,
    waves: Sequence[str] = (),
) -> Evaluation:
    """Evaluate every hypothesis of ``program`` and flag pairs at risk.

    ``participants`` says who is in the program (see :func:`participants_from`); without it the
    roster's people are, and without a roster everyone who answered counts, with a warning.
    ``waves`` is the order of the survey waves (from the reader); the waves found in ``surveys``
    are used, in the program's or inferred order, when it is empty. ``have_sessions`` says
    whether a sessions file was given at all (an empty one is different from none); it defaults
    to ``bool(sessions)``.
    """
    have_sessions = bool(sessions) if have_sessions is None else have_sessions
    if participants is None and roster is not None:
        participants = participants_from(roster)
    warnings: list[Note] = []
    people = _people(surveys, participants, warnings)
    order = _waves(waves, surveys)
    answered = {r.wave for r in surveys}
    present = tuple(w for w in order if w in answered)  # defaults compare waves that have answers
    pairs = _pairs(sessions, settings)
    results = []
    for h in program.hypotheses:
        if h.kind == "attendance":
            result = _attendance(h, pairs, settings, have_sessions)
        else:
            pair = _hypothesis_waves(h, present)
            if isinstance(pair, Note):
                result = HypothesisResult(h, "not_enough_data", notes=(pair,))
            else:
                groups = _groups(h, surveys, people, pair, participants is not None)
                result = (_mean_change(h, groups, settings) if h.kind == "mean_change"
                          else _share(h, groups, settings))
                result = _replace(result, waves=pair)
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
    declared = {w.name: w for w in program.surveys.waves}
    wave_infos = tuple(WaveInfo(
        name=w, label=declared[w].label if w in declared else None, date=declared[w].date if w in declared else None,
        participants=len({p.key for r, p in zip(surveys, people, strict=True) if r.wave == w and p.participant}),
        comparison=len({p.key for r, p in zip(surveys, people, strict=True) if r.wave == w and not p.participant}),
    ) for w in order)
    return Evaluation(
        program=program.name,
        settings=settings,
        hypotheses=tuple(results),
        pairs=pairs,
        respondents={w.name: w.participants for w in wave_infos},
        sessions_due=len(due),
        sessions_recorded=sum(1 for s in due if s.held is not None),
        sessions_unrecorded=sum(1 for s in due if s.held is None),
        warnings=tuple(warnings),
        waves=wave_infos,
        trends=_trends(program, surveys, people, order),
        participants_source=participants.source if participants is not None else None,
        comparison_total=len({p.key for p in people if not p.participant}),
    )


def _replace(result: HypothesisResult, **changes: Any) -> HypothesisResult:
    return replace(result, **changes)


# ----------------------------------------------------------------------------- people and waves


@dataclass(frozen=True)
class _Person:
    key: str  # the roster id when known, else the e-mail / name / id as the survey gives it
    participant: bool
    side: Side | None


def _people(surveys: Sequence[SurveyRecord], participants: Participants | None,
            warnings: list[Note]) -> list[_Person]:
    """Who each survey row is: its person key, whether a participant, and their side."""
    survey_sides: dict[str, Side] = {}
    for r in surveys:
        if r.side is not None:
            survey_sides[r.person_id] = r.side
    if participants is None:
        if surveys:
            warnings.append(Note("the program's participants are not known, so everyone who answered is counted as a "
                                 "participant and there is no comparison group; pass --pairs, --roster or the "
                                 "program folder"))
        return [_Person(r.person_id, True, survey_sides.get(r.person_id)) for r in surveys]
    out: list[_Person] = []
    unmatched: set[str] = set()
    conflicts: set[str] = set()
    for r in surveys:
        pid: str | None = r.person_id
        if r.person_kind == "email":
            pid = participants.emails.get(r.person_id.lower())
        elif r.person_kind == "name":
            pid = participants.names.get(person_name_key(r.person_id))
        if pid is None:
            unmatched.add(r.person_id)
            out.append(_Person(f"{r.person_kind}:{r.person_id}", False, survey_sides.get(r.person_id)))
            continue
        known = participants.sides.get(pid) or participants.roster_sides.get(pid)
        theirs = survey_sides.get(r.person_id)
        if known is not None and theirs is not None and known != theirs:
            conflicts.add(pid)
        out.append(_Person(pid, pid in participants.sides, known or theirs))
    if conflicts:
        warnings.append(Note("the survey and the roster disagree on the side of {ids}; the roster wins",
                             {"ids": ", ".join(sorted(conflicts))}))
    if unmatched and any(r.person_kind != "id" for r in surveys) and not participants.emails \
            and not participants.names:
        warnings.append(Note("answers name people by e-mail or name, but there is no roster to match them with; "
                             "pass --roster so participants are recognised"))
    return out


def _waves(waves: Sequence[str], surveys: Sequence[SurveyRecord]) -> tuple[str, ...]:
    if waves:
        return tuple(waves)
    seen = list(dict.fromkeys(r.wave for r in surveys))
    rank = {"baseline": 0, "midpoint": 1, "followup": 3}
    return tuple(sorted(seen, key=lambda w: (rank.get(w, 2), seen.index(w))))


def _hypothesis_waves(h: Hypothesis, order: Sequence[str]) -> tuple[str, str] | Note:
    if h.waves is None:
        if len(order) == 1 and h.kind == "share_reaching":
            return order[0], order[0]  # a share needs one wave; there is no earlier one to compare with
        if len(order) < 2:
            return Note("the surveys hold {n} wave; two are needed to see a change", {"n": len(order)},
                        "the surveys hold {n} waves; two are needed to see a change")
        return order[0], order[-1]
    found = []
    for name in h.waves:
        match = name if name in order else next(
            (w for w in order if canonical_wave(w) is not None and canonical_wave(w) == canonical_wave(name)), None)
        if match is None:
            return Note("the hypothesis compares the wave '{wave}', which no survey has (waves: {waves})",
                        {"wave": name, "waves": ", ".join(order) or "-"})
        found.append(match)
    return found[0], found[1]


@dataclass(frozen=True)
class _Groups:
    """One hypothesis' answers in its two waves: participants and the comparison group, apart."""

    baseline: dict[str, float]
    followup: dict[str, float]
    comparison_baseline: dict[str, float]
    comparison_followup: dict[str, float]
    unknown_side: int
    known: bool = True  # False when the participants are unknown: there is no comparison group to speak of
    unknown_outsiders: int = 0  # people outside the program whose side is not known


def _wanted(h: Hypothesis) -> Side | None:
    return {"seniors": "senior", "juniors": "junior"}.get(h.population)  # type: ignore[return-value]


def _groups(h: Hypothesis, surveys: Sequence[SurveyRecord], people: Sequence[_Person],
            waves: tuple[str, str], known: bool) -> _Groups:
    want = _wanted(h)
    out: dict[tuple[bool, str], dict[str, float]] = {(p, w): {} for p in (True, False) for w in waves}
    unknown: set[str] = set()
    outsiders: set[str] = set()
    for r, person in zip(surveys, people, strict=True):
        if h.metric not in r.values or r.wave not in waves:
            continue
        if want is not None and person.side != want:
            if person.side is None:
                # a non-participant of unknown side may be in the other population: left out of the comparison
                (unknown if person.participant else outsiders).add(person.key)
            continue
        out[(person.participant, r.wave)][person.key] = r.values[h.metric]
    a, b = waves
    return _Groups(out[(True, a)], out[(True, b)], out[(False, a)], out[(False, b)], len(unknown), known,
                   len(outsiders))


def _population_notes(h: Hypothesis, pop: _Groups) -> list[Note]:
    notes: list[Note] = []
    if pop.unknown_outsiders and pop.known:
        notes.append(Note("{n} respondent outside the program has no known side and is not in the comparison group",
                          {"n": pop.unknown_outsiders},
                          "{n} respondents outside the program have no known side and are not in the comparison "
                          "group"))
    if not pop.unknown_side:
        return notes
    return [*notes, Note("{n} respondent with a '{metric}' answer has no known side and was left out; add a side "
                         "column or pass --roster", {"n": pop.unknown_side, "metric": h.metric},
                         "{n} respondents with a '{metric}' answer have no known side and were left out; add a side "
                         "column or pass --roster")]


def _summary(values: dict[str, float], kind: str, level: float | None) -> float | None:
    if not values:
        return None
    if kind == "mean":
        return sum(values.values()) / len(values)
    return sum(1 for x in values.values() if x >= (level or 0)) / len(values)


def _trends(program: Program, surveys: Sequence[SurveyRecord], people: Sequence[_Person],
            order: Sequence[str]) -> tuple[Trend, ...]:
    out: list[Trend] = []
    seen: set[tuple[str, str, str, float | None]] = set()
    for h in program.hypotheses:
        if h.kind == "attendance":
            continue
        kind: Literal["mean", "share"] = "mean" if h.kind == "mean_change" else "share"
        key = (h.metric, h.population, kind, h.level if kind == "share" else None)
        if key in seen:
            continue
        seen.add(key)
        want = _wanted(h)
        points = []
        for w in order:
            values: dict[bool, dict[str, float]] = {True: {}, False: {}}
            for r, person in zip(surveys, people, strict=True):
                if r.wave == w and h.metric in r.values and (want is None or person.side == want):
                    values[person.participant][person.key] = r.values[h.metric]

            points.append(TrendPoint(w, _summary(values[True], kind, h.level), len(values[True]),
                                     _summary(values[False], kind, h.level), len(values[False])))
        out.append(Trend(h.metric, h.population, kind, h.level if kind == "share" else None, tuple(points)))
    return tuple(out)


# ----------------------------------------------------------------------------- mean_change


@dataclass(frozen=True)
class _Sample:
    b: Any  # numpy arrays, first and second wave
    f: Any
    paired: bool
    n: int


def _sample(base: dict[str, float], follow: dict[str, float], notes: list[Note] | None) -> _Sample | None:
    """The people to compare (paired when enough answered both waves), or None below the minimum."""
    import numpy as np

    both = sorted(set(base) & set(follow))
    nb, nf = len(base), len(follow)
    if len(both) >= MIN_PEOPLE:
        dropped = nb + nf - 2 * len(both)
        if dropped and notes is not None:
            notes.append(Note("{n} answer from someone who took only one wave was left out (the comparison is "
                              "paired)", {"n": dropped},
                              "{n} answers from people who took only one wave were left out (the comparison is "
                              "paired)"))
        return _Sample(np.array([base[p] for p in both]), np.array([follow[p] for p in both]), True, len(both))
    if nb >= MIN_PEOPLE and nf >= MIN_PEOPLE:
        if notes is not None:
            notes.append(Note("only {n} person answered both waves, so the waves are compared as different groups "
                              "of people; the comparison is weaker", {"n": len(both)},
                              "only {n} people answered both waves, so the waves are compared as different groups "
                              "of people; the comparison is weaker"))
        return _Sample(np.array([base[p] for p in sorted(base)]), np.array([follow[p] for p in sorted(follow)]),
                       False, min(nb, nf))
    return None


def _boot_changes(sample: _Sample, settings: Settings, seed: int) -> npt.NDArray[np.float64]:
    """Resampled relative changes mean(second) / mean(first) - 1 (paired: people; else each wave on its own)."""
    import numpy as np

    b, f = sample.b, sample.f
    if sample.paired:
        def stat(idx: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
            with np.errstate(divide="ignore", invalid="ignore"):
                return f[idx].mean(axis=1) / b[idx].mean(axis=1) - 1  # type: ignore[no-any-return]

        return _resample(len(b), replace(settings, seed=seed), stat)
    rng = np.random.default_rng(seed)
    mb = b[rng.integers(0, len(b), size=(settings.resamples, len(b)))].mean(axis=1)
    mf = f[rng.integers(0, len(f), size=(settings.resamples, len(f)))].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return mf / mb - 1  # type: ignore[no-any-return]


def _bootstrap_paired(b: npt.NDArray[np.float64], f: npt.NDArray[np.float64], settings: Settings) -> Interval:
    """The percentile interval of mean(f) / mean(b) - 1, resampling people (their two answers together)."""
    low, high = _percentiles(_boot_changes(_Sample(b, f, True, len(b)), settings, settings.seed))
    return Interval(low, high, "bootstrap_paired")


def _bootstrap_unpaired(b: npt.NDArray[np.float64], f: npt.NDArray[np.float64], settings: Settings) -> Interval:
    """The same for two independent waves, each resampled on its own."""
    low, high = _percentiles(_boot_changes(_Sample(b, f, False, min(len(b), len(f))), settings, settings.seed))
    return Interval(low, high, "bootstrap_unpaired")


def _mean_change(h: Hypothesis, pop: _Groups, settings: Settings) -> HypothesisResult:
    notes = _population_notes(h, pop)
    nb, nf = len(pop.baseline), len(pop.followup)
    c_notes: list[Note] = []
    comparison = _comparison_mean(h, pop, settings, c_notes)
    c_sample = comparison.pop("_sample")
    base: dict[str, Any] = {"hypothesis": h, "n_baseline": nb, "n_current": nf, **comparison}
    sample = _sample(pop.baseline, pop.followup, notes)
    if sample is None:
        both = len(set(pop.baseline) & set(pop.followup))
        notes.append(Note("answered both waves: {both} (first wave: {nb}, second: {nf}); at least {min} are needed",
                          {"both": both, "nb": nb, "nf": nf, "min": MIN_PEOPLE}))
        return HypothesisResult(verdict="not_enough_data", n=both, participants_n=both, notes=(*notes, *c_notes),
                                **base)
    mb, mf = float(sample.b.mean()), float(sample.f.mean())
    common: dict[str, Any] = {"baseline": mb, "current": mf, "n": sample.n, "participants_n": sample.n,
                              "paired": sample.paired}
    if mb == 0:
        notes.append(Note("the baseline mean is 0, so a relative change is undefined; measure on a scale that "
                          "does not start at 0"))
        return HypothesisResult(verdict="not_enough_data", notes=(*notes, *c_notes), **common, **base)
    change = mf / mb - 1
    boot = _boot_changes(sample, settings, settings.seed)
    low, high = _percentiles(boot)
    interval = Interval(low, high, "bootstrap_paired" if sample.paired else "bootstrap_unpaired")
    did: DiD | None = None
    if c_sample is not None and comparison["comparison_change"] is not None:
        c_boot = _boot_changes(c_sample, settings, settings.seed + 1)
        d_low, d_high = _percentiles(boot - c_boot)
        did = DiD(change - comparison["comparison_change"], Interval(d_low, d_high, "bootstrap_groups"))
    higher = h.target >= 0
    if h.comparison == "required":
        if did is None:
            verdict, certainty = _judge(change, h.target, interval, higher_is_better=higher)
            if verdict == "met":
                notes.append(Note("the participants' change reaches the target, but this hypothesis needs a "
                                  "comparison group of at least {min} non-participants to be confirmed",
                                  {"min": MIN_PEOPLE}))
                return HypothesisResult(verdict="not_enough_data", change=change, value=change, interval=interval,
                                        notes=(*notes, *c_notes), **common, **base)
            return HypothesisResult(verdict=verdict, certainty=certainty, change=change, value=change,
                                    interval=interval, notes=(*notes, *c_notes), **common, **base)
        verdict, certainty = _judge(did.value, h.target, did.interval, higher_is_better=higher)
        notes.insert(0, Note("judged on the difference from the comparison group (the hypothesis requires one)"))
        return HypothesisResult(verdict=verdict, certainty=certainty, change=change, value=did.value,
                                interval=did.interval, did=did, judged_on_did=True, notes=(*notes, *c_notes),
                                **common, **base)
    verdict, certainty = _judge(change, h.target, interval, higher_is_better=higher)
    return HypothesisResult(verdict=verdict, certainty=certainty, change=change, value=change, interval=interval,
                            did=did, notes=(*notes, *c_notes), **common, **base)


def _comparison_mean(h: Hypothesis, pop: _Groups, settings: Settings, notes: list[Note]) -> dict[str, Any]:
    """The comparison group's means and change for a mean_change hypothesis, and a note on its size."""
    cb, cf = pop.comparison_baseline, pop.comparison_followup
    out: dict[str, Any] = {"comparison_n": 0, "_sample": None}
    if not pop.known:
        return out
    if not cb and not cf:
        notes.append(Note("no comparison group: nobody outside the program answered both waves"))
        return out
    sample = _sample(cb, cf, None)
    if sample is None:
        both = len(set(cb) & set(cf))
        out["comparison_n"] = both
        notes.append(Note("comparison group too small to conclude: {both} answered both waves (first wave: {nb}, "
                          "second: {nf}); at least {min} are needed", {"both": both, "nb": len(cb), "nf": len(cf),
                                                                       "min": MIN_PEOPLE}))
        return out
    mb, mf = float(sample.b.mean()), float(sample.f.mean())
    out.update(comparison_n=sample.n, comparison_baseline=mb, comparison_current=mf)
    if mb == 0:
        return out
    out["comparison_change"] = mf / mb - 1
    out["_sample"] = sample
    return out


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


# ----------------------------------------------------------------------------- share_reaching


def wilson(k: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of a share ``k / n``."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _share_of(values: dict[str, float], level: float) -> float | None:
    return sum(1 for v in values.values() if v >= level) / len(values) if values else None


def _share(h: Hypothesis, pop: _Groups, settings: Settings) -> HypothesisResult:
    level = h.level if h.level is not None else 0.0
    notes = _population_notes(h, pop)
    nb, nf = len(pop.baseline), len(pop.followup)
    single = pop.baseline is pop.followup
    base_share = None if single else _share_of(pop.baseline, level)
    cf = pop.comparison_followup
    common: dict[str, Any] = {"hypothesis": h, "n_baseline": nb, "n_current": nf, "baseline": base_share,
                              "participants_n": nf, "comparison_n": len(cf),
                              "comparison_baseline": _share_of(pop.comparison_baseline, level),
                              "comparison_current": _share_of(cf, level)}
    if single:
        nb, common["n_baseline"], common["comparison_baseline"] = 0, 0, None
    if common["comparison_baseline"] is not None and common["comparison_current"] is not None:
        common["comparison_change"] = common["comparison_current"] - common["comparison_baseline"]
    c_notes: list[Note] = []
    if not pop.known:
        pass
    elif not cf:
        c_notes.append(Note("no comparison group: nobody outside the program answered the second wave"))
    elif len(cf) < MIN_PEOPLE:
        c_notes.append(Note("comparison group too small to conclude: {n} answers in the second wave; at least {min} "
                            "are needed", {"n": len(cf), "min": MIN_PEOPLE}))
    else:
        c_notes.append(Note("comparison group: {k} of {n} reached {level} in the second wave",
                            {"k": sum(1 for v in cf.values() if v >= level), "n": len(cf), "level": _plain(level)}))
    if nf < MIN_PEOPLE:
        notes.append(Note("answers in the second wave: {n}; at least {min} are needed", {"n": nf, "min": MIN_PEOPLE}))
        return HypothesisResult(verdict="not_enough_data", n=nf, notes=(*notes, *c_notes), **common)
    k = sum(1 for v in pop.followup.values() if v >= level)
    share = k / nf
    silent = [] if single else sorted(set(pop.baseline) - set(pop.followup))
    if silent:
        notes.append(Note("{n} person answered the first wave but not the second ({ids}); the share is over those "
                          "who answered", {"n": len(silent), "ids": ", ".join(silent)},
                          "{n} people answered the first wave but not the second ({ids}); the share is over those "
                          "who answered"))
    low, high = wilson(k, nf)
    interval = Interval(low, high, "wilson")
    verdict, certainty = _judge(share, h.target, interval, higher_is_better=True)
    change = share - base_share if base_share is not None else None
    notes.insert(0, Note("reached {level}: {k} of {n}", {"k": k, "n": nf, "level": _plain(level)}))
    return HypothesisResult(verdict=verdict, certainty=certainty, current=share, change=change, value=share,
                            interval=interval, n=nf, notes=(*notes, *c_notes), **common)


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# ----------------------------------------------------------------------------- attendance


def _fact(s: SessionRecord) -> SessionFact:
    status = "held" if s.held is True else "missed" if s.held is False else "planned"
    return SessionFact(s.pair_id, s.session, s.date, status, s.cancelled_by)  # type: ignore[arg-type]


def _pairs(sessions: Sequence[SessionRecord], settings: Settings) -> tuple[PairAttendance, ...]:
    by_pair: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        by_pair[s.pair_id].append(s)
    health = {h.pair_id: h for h in pair_risks((_fact(s) for s in sessions), settings.rules(), settings.as_of)}
    out = []
    for pair_id in sorted(by_pair):
        rows = sorted(by_pair[pair_id], key=lambda s: s.session)
        hp = health[pair_id]

        def first(attr: str, rows: list[SessionRecord] = rows) -> str | None:
            return next((getattr(s, attr) for s in rows if getattr(s, attr)), None)

        out.append(PairAttendance(
            pair_id=pair_id, senior_id=first("senior_id"), junior_id=first("junior_id"),
            senior_name=first("senior_name"), junior_name=first("junior_name"), planned=len(rows), due=hp.due,
            held=hp.held, missed=hp.missed, unrecorded=hp.unrecorded, senior_cancellations=hp.senior_cancellations,
            junior_cancellations=hp.junior_cancellations, risks=hp.risks, last_held=hp.last_held))
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
                            n_current=total, notes=tuple(notes), participants_n=len(recorded))


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
