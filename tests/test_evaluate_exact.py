"""Evaluation: the exact notes, counts and boundaries a report shows, on data small enough to check by eye.

Each test names what the reader of ``rmentor evaluate`` would see go wrong if the code changed: a note
with the wrong words or a missing number, a count off by one, an interval that changes from run to run.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any

import numpy as np
import pytest

from rmentor.core import evaluation as ev
from rmentor.core.evaluation import Interval, Settings, evaluate, participants_from
from rmentor.inputs.surveys import SessionRecord, SurveyRecord
from rmentor.model import Program, Roster

AS_OF = date(2027, 7, 9)
MEAN = {"id": "eng", "statement": "Engagement grows 15%", "metric": "engagement", "kind": "mean_change",
        "target": 0.15, "population": "juniors"}
SHARE = {"id": "smm", "statement": "80% launch", "metric": "smm", "kind": "share_reaching", "level": 1,
         "target": 0.8, "population": "seniors"}
ATT = {"id": "att", "statement": "85% held", "metric": "attendance", "kind": "attendance", "target": 0.85}


def program(*hypotheses: dict[str, Any]) -> Program:
    return Program.model_validate({"hypotheses": list(hypotheses)})


def answers(wave: str, side: str, kind: str = "id", **values: float) -> list[SurveyRecord]:
    metric = "smm" if side == "senior" else "engagement"
    return [SurveyRecord(pid, wave, side, {metric: v}, "s.csv", i + 2, kind)  # type: ignore[arg-type]
            for i, (pid, v) in enumerate(values.items())]


def notes(result: Any) -> list[str]:
    return [n.render() for n in result.notes]


def run(prog: Program, surveys: list[SurveyRecord] = [], sessions: list[SessionRecord] = [],  # noqa: B006
        **kw: Any) -> ev.Evaluation:
    return evaluate(prog, surveys, sessions, Settings(as_of=AS_OF, resamples=kw.pop("resamples", 2000)), **kw)


def roster(seniors: dict[str, str], juniors: dict[str, str]) -> Roster:
    """People by id -> name, with the scores the roster needs."""
    def person(pid: str, name: str, scores: dict[str, int]) -> dict[str, Any]:
        return {"id": pid, "name": name, "department": "D", "email": f"{pid}@example.org", "scores": scores}
    return Roster.model_validate({
        "seniors": [person(k, v, {"readiness": 4, "openness": 4}) for k, v in seniors.items()],
        "juniors": [person(k, v, {"communication": 4, "sharing": 4, "structuring": 4}) for k, v in juniors.items()]})


# ----------------------------------------------------------------------------- mean_change


def test_the_same_data_give_the_same_interval_every_time() -> None:
    # The report promises deterministic intervals (a fixed seed). These answers vary, so a resample drawn
    # with a fresh random seed would move the 2.5% and 97.5% points from run to run.
    base = answers("baseline", "junior", a=2, b=3, c=4, d=3, e=3, f=5)
    follow = answers("followup", "junior", a=3, b=3, c=5, d=4, e=3, f=4)
    first = run(program(MEAN), base + follow).hypotheses[0]
    again = run(program(MEAN), base + follow).hypotheses[0]
    assert first.paired and first.interval is not None and first.interval.low < first.interval.high
    assert first.interval == again.interval
    b, f = np.array([2.0, 3, 4, 3, 3, 5]), np.array([3.0, 3, 5, 4, 3, 4])
    s = Settings(as_of=AS_OF, resamples=2000)
    assert ev._bootstrap_paired(b, f, s) == ev._bootstrap_paired(b, f, s)
    assert ev._bootstrap_paired(b, f, s).method == "bootstrap_paired"
    # the helper agrees with the interval the report shows (people a..f in this order, the same seed)
    helper = ev._bootstrap_paired(b, f, s)
    assert (helper.low, helper.high) == (first.interval.low, first.interval.high)
    u = ev._bootstrap_unpaired(b, f, s)
    assert u == ev._bootstrap_unpaired(b, f, s) and u.method == "bootstrap_unpaired"


def test_paired_resampling_keeps_each_persons_two_answers_together() -> None:
    # everyone doubles (1 -> 2, 3 -> 6, 5 -> 10): any resample of people has mean(f) = 2 mean(b), a change of
    # exactly +100%; resampling the waves apart would give anything from 2/5 - 1 to 10/1 - 1
    b, f = np.array([1.0, 3.0, 5.0]), np.array([2.0, 6.0, 10.0])
    i = ev._bootstrap_paired(b, f, Settings(as_of=AS_OF, resamples=1000))
    assert (i.low, i.high) == pytest.approx((1.0, 1.0))


def test_a_zero_baseline_in_a_resample_raises_no_numpy_warning() -> None:
    # b has four zeros: about a third of the resamples of five people have mean(b) = 0, so f/b divides by
    # zero; those resamples are dropped quietly (a warning would reach the user's terminal)
    b, f = np.array([0.0, 0.0, 0.0, 0.0, 1.0]), np.array([1.0, 2.0, 1.0, 2.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        i = ev._bootstrap_paired(b, f, Settings(as_of=AS_OF, resamples=500))
    assert np.isfinite(i.low) and np.isfinite(i.high)


def test_a_zero_baseline_mean_is_not_enough_data() -> None:
    base = answers("baseline", "junior", a=0, b=0, c=0, d=0, e=0)
    follow = answers("followup", "junior", a=1, b=2, c=3, d=4, e=5)
    r = run(program(MEAN), base + follow).hypotheses[0]
    assert (r.verdict, r.baseline, r.current, r.n) == ("not_enough_data", 0.0, 3.0, 5)
    assert notes(r)[-1] == ("the baseline mean is 0, so a relative change is undefined; measure on a scale that "
                            "does not start at 0")


def test_one_person_in_both_waves_is_compared_as_two_groups_and_says_so() -> None:
    base = answers("baseline", "junior", a=3, b=3, c=3, d=3, e=3)
    follow = answers("followup", "junior", a=4, f=4, g=4, h=4, i=4)
    r = run(program(MEAN), base + follow).hypotheses[0]
    assert not r.paired and r.n == 5
    assert "only 1 person answered both waves, so the waves are compared as different groups of people; the " \
           "comparison is weaker" in notes(r)


def test_a_required_comparison_that_is_missing_leaves_a_shortfall_not_met() -> None:
    # +5% against +15%, no comparison group: a shortfall needs no comparison to be called
    base = answers("baseline", "junior", a=4, b=4, c=4, d=4, e=4)
    follow = answers("followup", "junior", a=4, b=4, c=4, d=4, e=5)
    r = run(program({**MEAN, "comparison": "required"}), base + follow).hypotheses[0]
    assert (r.verdict, r.judged_on_did, r.comparison_n) == ("not_met", False, 0)
    assert r.change == pytest.approx(0.05)


def test_without_participants_the_comparison_group_is_empty() -> None:
    base = answers("baseline", "junior", a=2, b=3, c=4, d=3, e=3)
    follow = answers("followup", "junior", a=3, b=3, c=5, d=4, e=3)
    r = run(program(MEAN), base + follow).hypotheses[0]
    assert (r.comparison_n, r.comparison_change) == (0, None)
    pairs = participants_from(None, [("s1", "a"), ("s2", "b"), ("s3", "c"), ("s4", "d"), ("s5", "e")])
    known = run(program(MEAN), base + follow, participants=pairs).hypotheses[0]
    assert known.comparison_n == 0
    assert "no comparison group: nobody outside the program answered both waves" in notes(known)


# ----------------------------------------------------------------------------- share_reaching


def test_share_notes_word_for_word() -> None:
    # participants s1..s5 (seniors); s6, s7 answered the first wave only; x1..x5 are the comparison group,
    # three of whom reach 1 in the second wave
    people = participants_from(None, [(f"s{k}", f"j{k}") for k in range(1, 8)])
    base = answers("baseline", "senior", s1=0, s2=0, s3=0, s4=0, s5=0, s6=0, s7=1)
    follow = answers("followup", "senior", s1=1, s2=1, s3=1, s4=1, s5=0)
    comparison = answers("baseline", "senior", x1=0, x2=0, x3=0, x4=0, x5=0) + answers(
        "followup", "senior", x1=1, x2=1, x3=1, x4=0, x5=0)
    r = run(program(SHARE), base + follow + comparison, participants=people).hypotheses[0]
    assert notes(r) == [
        "reached 1: 4 of 5",
        "2 people answered the first wave but not the second (s6, s7); the share is over those who answered",
        "comparison group: 3 of 5 reached 1 in the second wave",
    ]
    assert (r.n, r.n_baseline, r.comparison_n) == (5, 7, 5)
    assert r.comparison_change == pytest.approx(0.6)
    small = answers("followup", "senior", x1=1, x2=0)
    r = run(program(SHARE), base + follow + small, participants=people).hypotheses[0]
    assert notes(r)[-1] == "comparison group too small to conclude: 2 answers in the second wave; at least 5 are needed"
    r = run(program(SHARE), base + follow, participants=people).hypotheses[0]
    assert notes(r)[-1] == "no comparison group: nobody outside the program answered the second wave"
    r = run(program(SHARE), base + follow).hypotheses[0]  # participants unknown: no comparison note at all
    assert notes(r)[-1].startswith("2 people answered the first wave")


# ----------------------------------------------------------------------------- attendance


def _sessions(pair: str, held: list[bool | None], days: list[date] | None = None) -> list[SessionRecord]:
    days = days or [date(2027, 1, 11), date(2027, 1, 25), date(2027, 2, 8), date(2027, 2, 22)]
    return [SessionRecord(pair, i + 1, days[i], f"{pair}s", f"{pair}j", None, None, h, None,  # type: ignore[arg-type]
                          "sessions.csv", i + 2) for i, h in enumerate(held)]


def test_attendance_result_fields() -> None:
    # P1 4/4, P2 4/4, P3 2/4: 10 of 12
    sessions = _sessions("P1", [True] * 4) + _sessions("P2", [True] * 4) + _sessions("P3", [True, False] * 2)
    r = run(program(ATT), sessions=sessions).hypotheses[0]
    assert (r.n, r.n_current, r.participants_n) == (12, 12, 3)
    assert r.value == pytest.approx(10 / 12) and r.current == r.value
    assert notes(r) == ["held 10 of 12 recorded sessions; pairs with records: 3"]


def test_attendance_not_enough_data_says_how_much_is_there() -> None:
    # three pairs with three recorded sessions each: 9 < 10
    sessions = [s for p in ("P1", "P2", "P3") for s in _sessions(p, [True, True, True, None])]
    r = run(program(ATT), sessions=sessions).hypotheses[0]
    assert (r.verdict, r.n) == ("not_enough_data", 9)
    assert notes(r) == ["3 past sessions have no 'held' value yet and are not counted",
                        "recorded sessions: 9, pairs with records: 3; at least 10 sessions in 3 pairs are needed"]


def test_two_sessions_of_a_pair_on_one_day_are_both_counted() -> None:
    # a make-up session on the day of a regular one: both count
    day = [date(2027, 1, 11), date(2027, 1, 11), date(2027, 1, 25), date(2027, 2, 8)]
    sessions = (_sessions("P1", [False, True, True, True], day) + _sessions("P2", [True] * 4)
                + _sessions("P3", [True] * 4))
    e = run(program(ATT), sessions=sessions)
    assert [(p.pair_id, p.held, p.missed) for p in e.pairs] == [("P1", 3, 1), ("P2", 4, 0), ("P3", 4, 0)]
    assert e.hypotheses[0].current == pytest.approx(11 / 12)


def test_resample_fills_every_resample() -> None:
    calls: list[int] = []

    def stat(idx: Any) -> Any:
        calls.append(len(idx))
        return np.full(len(idx), 0.123456)

    out = ev._resample(3, Settings(as_of=AS_OF, resamples=7), stat)
    assert out.tolist() == [0.123456] * 7 and sum(calls) == 7
    # 500,000 people: chunks of 2,000,000 // 500,000 = 4 resamples, then the 3 left
    calls.clear()
    out = ev._resample(500_000, Settings(as_of=AS_OF, resamples=7), stat)
    assert calls == [4, 3] and out.tolist() == [0.123456] * 7


# ----------------------------------------------------------------------------- verdicts and people


def test_judge_boundaries_for_a_metric_that_should_fall() -> None:
    target, eps = -0.1, 1e-12
    # not met (the value rose above the target); an interval whose low end touches the target is not
    # clearly short of it
    assert ev._judge(0.0, target, Interval(target + eps, 0.1, "bootstrap_paired"), higher_is_better=False) == (
        "not_met", "uncertain")
    assert ev._judge(0.0, target, Interval(-0.05, 0.1, "bootstrap_paired"), higher_is_better=False) == (
        "not_met", "clear")
    assert ev._judge(-0.2, target, Interval(-0.3, target + eps, "bootstrap_paired"), higher_is_better=False) == (
        "met", "clear")
    assert ev._judge(-0.2, target, Interval(-0.3, -0.05, "bootstrap_paired"), higher_is_better=False) == (
        "met", "uncertain")


@pytest.mark.parametrize(("verdict", "certainty", "text"), [
    ("not_enough_data", None, "not enough data"),
    ("met", "clear", "met; the whole interval reaches the target"),
    ("met", "uncertain", "met, but the interval includes values short of the target"),
    ("not_met", "clear", "not met; the whole interval falls short of the target"),
    ("not_met", "uncertain", "not met, but the interval includes the target"),
])
def test_summary_sentences(verdict: str, certainty: str | None, text: str) -> None:
    h = program(MEAN).hypotheses[0]
    assert ev.HypothesisResult(h, verdict, certainty).summary().render() == text  # type: ignore[arg-type]


def test_side_conflicts_and_unmatched_names_are_reported_word_for_word() -> None:
    r = roster({"s1": "Anna Smirnova"}, {"j1": "Oleg Ivanov", "j2": "Oleg Ivanov"})
    people = participants_from(r)
    assert people is not None and people.source == "roster"
    assert people.roster_sides == {"s1": "senior", "j1": "junior", "j2": "junior"}
    # two juniors with one name cannot be told apart by name: the name matches nobody
    assert people.names == {ev.person_name_key("Anna Smirnova"): "s1"}
    paired = participants_from(r, [("s1", "j1")])
    assert paired is not None and paired.roster_sides == {"s1": "senior", "j1": "junior", "j2": "junior"}
    assert paired.sides == {"s1": "senior", "j1": "junior"} and paired.source == "pairs"
    # s1 answers as a junior: the roster wins, with a warning; j1 answers as a junior: no warning
    surveys = answers("baseline", "junior", s1=3, j1=3)
    e = evaluate(program(MEAN), surveys, [], Settings(as_of=AS_OF), roster=r)
    assert [w.render() for w in e.warnings] == ["the survey and the roster disagree on the side of s1; the roster wins"]
    assert e.participants_source == "roster"
    agree = evaluate(program(MEAN), answers("baseline", "junior", j1=3, j2=4), [], Settings(as_of=AS_OF), roster=r)
    assert agree.warnings == ()
    # answers by e-mail, participants known only from pairs (no roster): nobody can be matched
    by_mail = answers("baseline", "junior", "email", **{"x@example.org": 3})
    e = evaluate(program(MEAN), by_mail, [], Settings(as_of=AS_OF), participants=participants_from(None, [("a", "b")]))
    assert [w.render() for w in e.warnings] == [
        "answers name people by e-mail or name, but there is no roster to match them with; pass --roster so "
        "participants are recognised"]


# ----------------------------------------------------------------------------- found by the seed-1 mutants


def test_a_name_key_reads_yo_as_ye_and_ignores_word_order() -> None:
    assert ev.person_name_key("Фёдоров  Пётр") == ev.person_name_key("петр федоров") == "петр федоров"


def test_paired_comparison_says_how_many_one_wave_answers_it_left_out() -> None:
    # j1..j5 answered both waves; j6 only the first, j7 and j8 only the second: 3 answers left out
    base = answers("baseline", "junior", j1=3, j2=3, j3=3, j4=3, j5=3, j6=3)
    follow = answers("followup", "junior", j1=4, j2=4, j3=4, j4=4, j5=4, j7=4, j8=4)
    r = run(program(MEAN), base + follow).hypotheses[0]
    assert "3 answers from people who took only one wave were left out (the comparison is paired)" in notes(r)
    one = answers("followup", "junior", j1=4, j2=4, j3=4, j4=4, j5=4)
    r = run(program(MEAN), base + one).hypotheses[0]
    assert "1 answer from someone who took only one wave was left out (the comparison is paired)" in notes(r)


def test_a_share_with_too_few_second_wave_answers_says_how_many() -> None:
    base = answers("baseline", "senior", s1=0, s2=0, s3=0, s4=0, s5=0)
    follow = answers("followup", "senior", s1=1, s2=1)
    r = run(program(SHARE), base + follow).hypotheses[0]
    assert "answers in the second wave: 2; at least 5 are needed" in notes(r)


def test_a_required_comparison_judges_on_the_difference_and_says_so_first() -> None:
    # participants a..e go 4 -> 5 (+25%); the comparison group x1..x5 stays at 4: the difference is +25%,
    # over the +15% target with no spread at all: the whole interval clears the target
    # (f answered the first wave only: its note comes before, and the difference note must still be first)
    people = participants_from(None, [(f"s{k}", x) for k, x in enumerate("abcdef")])
    base = answers("baseline", "junior", a=4, b=4, c=4, d=4, e=4, f=4, x1=4, x2=4, x3=4, x4=4, x5=4)
    follow = answers("followup", "junior", a=5, b=5, c=5, d=5, e=5, x1=4, x2=4, x3=4, x4=4, x5=4)
    r = run(program({**MEAN, "comparison": "required"}), base + follow, participants=people).hypotheses[0]
    assert r.judged_on_did and r.value == pytest.approx(0.25)
    assert notes(r)[0] == "judged on the difference from the comparison group (the hypothesis requires one)"
    assert (r.verdict, r.certainty) == ("met", "clear")
