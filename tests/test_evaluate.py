"""rmentor evaluate: the statistics on tiny hand-checked data, and the shipped example."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.core.evaluation import MIN_PEOPLE, Settings, evaluate, wilson
from rmentor.inputs.surveys import SessionRecord, SurveyRecord
from rmentor.model import Program

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_DATA = [EXAMPLES / "survey_baseline.csv", EXAMPLES / "survey_followup.xlsx", EXAMPLES / "sessions_filled.csv"]
AS_OF = date(2027, 7, 9)


def program(*hypotheses: dict[str, Any]) -> Program:
    return Program.model_validate({"hypotheses": list(hypotheses)})


MEAN = {"id": "eng", "statement": "Engagement grows 15%", "metric": "engagement", "kind": "mean_change",
        "target": 0.15, "population": "juniors"}
SHARE = {"id": "smm", "statement": "80% launch", "metric": "smm", "kind": "share_reaching", "level": 1,
         "target": 0.8, "population": "seniors"}
ATT = {"id": "att", "statement": "85% held", "metric": "attendance", "kind": "attendance", "target": 0.85}


def answers(wave: str, side: str, **values: float) -> list[SurveyRecord]:
    metric = "smm" if side == "senior" else "engagement"
    return [SurveyRecord(pid, wave, side, {metric: v}, "s.csv", i + 2)  # type: ignore[arg-type]
            for i, (pid, v) in enumerate(values.items())]


def session(pair: str, n: int, day: date, held: bool | None, by: str | None = None) -> SessionRecord:
    return SessionRecord(pair, n, day, f"{pair}s", f"{pair}j", None, None, held, by, "sessions.csv", n + 1)  # type: ignore[arg-type]


def run_eval(prog: Program, surveys: list[SurveyRecord] = [], sessions: list[SessionRecord] = [],  # noqa: B006
             **kw: Any) -> Any:
    return evaluate(prog, surveys, sessions, Settings(as_of=kw.pop("as_of", AS_OF), **kw))


# ----------------------------------------------------------------------------- mean_change


def test_mean_change_met_on_paired_data() -> None:
    # baseline 2,3,4,3,3 -> mean 15/5 = 3.0; follow-up 3,3,5,4,3 -> mean 18/5 = 3.6
    # relative change 3.6/3.0 - 1 = +20% >= +15% -> met
    base = answers("baseline", "junior", a=2, b=3, c=4, d=3, e=3)
    follow = answers("followup", "junior", a=3, b=3, c=5, d=4, e=3)
    r = run_eval(program(MEAN), base + follow).hypotheses[0]
    assert r.verdict == "met" and r.paired and r.n == 5
    assert r.baseline == pytest.approx(3.0) and r.current == pytest.approx(3.6)
    assert r.change == pytest.approx(0.2)
    assert r.interval is not None and r.interval.method == "bootstrap_paired"
    # every person's change is >= 0, so no resample can show a fall
    assert 0 <= r.interval.low <= 0.2 <= r.interval.high
    # the interval reaches below +15% (resampling only a, b, e gives 0%), so the verdict is not clear-cut
    assert r.certainty == "uncertain"


def test_mean_change_not_met_and_negative_targets() -> None:
    # 4,4,4,4,4 -> 4,4,4,4,5: mean 4.0 -> 4.2, +5% < +15% -> not met; every resample is within 0..+25%
    base = answers("baseline", "junior", a=4, b=4, c=4, d=4, e=4)
    follow = answers("followup", "junior", a=4, b=4, c=4, d=4, e=5)
    r = run_eval(program(MEAN), base + follow).hypotheses[0]
    assert r.verdict == "not_met" and r.change == pytest.approx(0.05)
    # a metric that should fall by 3% (e.g. stress): +5% is not a fall
    falling = run_eval(program({**MEAN, "target": -0.03}), base + follow).hypotheses[0]
    assert falling.verdict == "not_met" and not falling.higher_is_better
    # and 4.2 -> 4.0 is a fall of 4.76% <= -3% -> met
    swapped = [SurveyRecord(r_.person_id, "followup" if r_.wave == "baseline" else "baseline", r_.side, r_.values,
                            r_.file, r_.line) for r_ in base + follow]
    fell = run_eval(program({**MEAN, "target": -0.03}), swapped).hypotheses[0]
    assert fell.verdict == "met" and fell.change == pytest.approx(4.0 / 4.2 - 1)


def test_mean_change_not_enough_data() -> None:
    # only 4 people answered both waves, and the waves have 4 answers each: below the minimum of 5
    base = answers("baseline", "junior", a=2, b=3, c=4, d=3)
    follow = answers("followup", "junior", a=3, b=3, c=5, d=4)
    r = run_eval(program(MEAN), base + follow).hypotheses[0]
    assert MIN_PEOPLE == 5
    assert r.verdict == "not_enough_data" and r.interval is None and r.certainty is None
    assert "at least 5" in r.notes[0].render()


def test_mean_change_falls_back_to_unpaired_groups() -> None:
    # 5 different people in each wave: no pairs, but enough for an (honestly weaker) unpaired comparison
    # baseline mean (3+3+3+3+3)/5 = 3.0, follow-up (4+4+4+4+4)/5 = 4.0 -> +33% -> met, clear (no variance)
    base = answers("baseline", "junior", a=3, b=3, c=3, d=3, e=3)
    follow = answers("followup", "junior", f=4, g=4, h=4, i=4, j=4)
    r = run_eval(program(MEAN), base + follow).hypotheses[0]
    assert r.verdict == "met" and not r.paired and r.certainty == "clear"
    assert r.interval is not None and r.interval.method == "bootstrap_unpaired"
    assert any("different groups" in n.render() for n in r.notes)


def test_population_filter_ignores_the_other_side() -> None:
    # seniors' engagement falls 4 -> 2; the hypothesis is about juniors, whose engagement rises 3 -> 3.6
    juniors = answers("baseline", "junior", a=2, b=3, c=4, d=3, e=3) + answers(
        "followup", "junior", a=3, b=3, c=5, d=4, e=3)
    seniors = [SurveyRecord(p, w, "senior", {"engagement": v}, "s.csv", 1)  # type: ignore[arg-type]
               for p in "vwxyz" for w, v in (("baseline", 4.0), ("followup", 2.0))]
    r = run_eval(program(MEAN), juniors + seniors).hypotheses[0]
    assert r.change == pytest.approx(0.2) and r.n == 5


# ----------------------------------------------------------------------------- share_reaching


def test_share_reaching_exactly_at_target_is_met() -> None:
    # 4 of 5 seniors reach 1: 4/5 = 0.8 >= 0.8 -> met (no floating-point miss)
    follow = answers("followup", "senior", a=1, b=1, c=1, d=1, e=0)
    r = run_eval(program(SHARE), follow).hypotheses[0]
    assert r.verdict == "met" and r.current == pytest.approx(0.8)
    # Wilson 95% for 4/5: centre (0.8 + 1.9208/5)/1.7683 = 0.6696, half 1.96*sqrt(0.032+0.03842)/1.7683 = 0.2941
    assert r.interval is not None and r.interval.method == "wilson"
    assert r.interval.low == pytest.approx(0.3755, abs=1e-3) and r.interval.high == pytest.approx(0.9638, abs=1e-3)
    assert r.certainty == "uncertain"


def test_share_reaching_everyone_keeps_an_honest_interval() -> None:
    # 5 of 5: a bootstrap would say [100%, 100%]; Wilson says 5 people cannot rule out ~57%
    follow = answers("followup", "senior", a=1, b=1, c=1, d=1, e=1)
    r = run_eval(program(SHARE), follow).hypotheses[0]
    assert r.verdict == "met" and r.certainty == "uncertain"
    assert r.interval is not None and r.interval.low == pytest.approx(0.5655, abs=1e-3) and r.interval.high == 1.0


def test_share_reaching_baseline_change_and_small_samples() -> None:
    # baseline 1 of 5 = 20%; follow-up 2 of 6 = 33.3% < 80% -> not met; change +13.3 points
    base = answers("baseline", "senior", a=1, b=0, c=0, d=0, e=0)
    follow = answers("followup", "senior", a=1, b=1, c=0, d=0, e=0, f=0)
    r = run_eval(program(SHARE), base + follow).hypotheses[0]
    assert r.verdict == "not_met" and r.certainty == "clear"  # Wilson high for 2/6 is 0.70 < 0.8
    assert r.baseline == pytest.approx(0.2) and r.current == pytest.approx(1 / 3)
    assert r.change == pytest.approx(1 / 3 - 0.2)
    few = run_eval(program(SHARE), answers("followup", "senior", a=1, b=1, c=1, d=1)).hypotheses[0]
    assert few.verdict == "not_enough_data"


def test_wilson_matches_the_formula() -> None:
    # 6 of 8 (the example's SMM result): p = 0.75, z^2 = 3.8415
    # centre = (0.75 + 0.24009)/1.48018 = 0.66890; half = 1.96*sqrt(0.0234375 + 0.0150058)/1.48018 = 0.25963
    low, high = wilson(6, 8)
    assert low == pytest.approx(0.40927, abs=1e-4) and high == pytest.approx(0.92853, abs=1e-4)


# ----------------------------------------------------------------------------- attendance


def _four_sessions(pair: str, held: list[bool | None], by: list[str | None] | None = None) -> list[SessionRecord]:
    days = [date(2027, 1, 11), date(2027, 1, 25), date(2027, 2, 8), date(2027, 2, 22)]
    by = by or [None] * len(held)
    return [session(pair, i + 1, days[i], h, b) for i, (h, b) in enumerate(zip(held, by, strict=True))]


def test_attendance_rate_and_verdict() -> None:
    # P1 4/4, P2 4/4, P3 2/4 (the senior cancelled twice): 10/12 = 83.3% < 85% -> not met
    sessions = (_four_sessions("P1", [True] * 4) + _four_sessions("P2", [True] * 4)
                + _four_sessions("P3", [True, False, True, False], [None, "senior", None, "senior"]))
    ev = run_eval(program(ATT), sessions=sessions)
    r = ev.hypotheses[0]
    assert r.verdict == "not_met" and r.current == pytest.approx(10 / 12) and r.n == 12
    assert r.interval is not None and r.interval.method == "bootstrap_pairs"
    # resampling pairs: all-P3 gives 50%, no-P3 gives 100%
    assert 0.5 <= r.interval.low < 10 / 12 < r.interval.high <= 1.0
    # P3: attendance 2/4 = 50% < 70% and two senior cancellations; its last held session (2027-02-08, the
    #   third) is 21 weeks before 2027-07-09 and the fourth was missed after it: stalled (the shared rules)
    assert [p.pair_id for p in ev.at_risk] == ["P3"]
    reasons = [n.render() for n in ev.at_risk[0].risks]
    assert reasons == ["attendance 50% (2 of 4) is below 70%", "cancelled by the senior: 2 sessions (flagged from 2)",
                       "no session held for 21 weeks (the last on 2027-02-08)"]


def test_attendance_counts_only_past_recorded_sessions() -> None:
    # as of 2027-02-08: sessions on 01-11, 01-25, 02-08 are due; 02-22 is in the future even though filled
    # P1: yes, yes, (empty) -> 2/2; P2: yes, no, yes -> 2/3; P3: yes, yes, yes -> 3/3; P4: no, yes, yes -> 2/3
    # held 9 of 11 recorded = 81.8%; one due session not recorded
    sessions = (_four_sessions("P1", [True, True, None, True]) + _four_sessions("P2", [True, False, True, True])
                + _four_sessions("P3", [True] * 4) + _four_sessions("P4", [False, True, True, True]))
    ev = run_eval(program(ATT), sessions=sessions, as_of=date(2027, 2, 8))
    r = ev.hypotheses[0]
    assert r.current == pytest.approx(9 / 11) and r.n == 11
    assert ev.sessions_due == 12 and ev.sessions_recorded == 11 and ev.sessions_unrecorded == 1
    assert any("after 2027-02-08" in w.render() for w in ev.warnings)  # 4 filled-in future sessions
    assert r.interim is False  # no deadline


def test_attendance_not_enough_data_and_no_file() -> None:
    # 3 pairs x 3 recorded sessions = 9 < 10 recorded sessions
    sessions = [s for p in ("P1", "P2", "P3") for s in _four_sessions(p, [True, True, True, None])]
    assert run_eval(program(ATT), sessions=sessions).hypotheses[0].verdict == "not_enough_data"
    r = run_eval(program(ATT)).hypotheses[0]
    assert r.verdict == "not_enough_data" and "no sessions file" in r.notes[0].render()


def test_attendance_all_held_uses_wilson() -> None:
    sessions = [s for p in ("P1", "P2", "P3") for s in _four_sessions(p, [True] * 4)]
    r = run_eval(program(ATT), sessions=sessions).hypotheses[0]
    # 12 of 12: every pair resample gives 100%, so the interval falls back to Wilson(12, 12) = [0.7575, 1]
    assert r.verdict == "met" and r.interval is not None and r.interval.method == "wilson"
    assert r.interval.low == pytest.approx(0.7575, abs=1e-3) and r.certainty == "uncertain"


def test_risk_options() -> None:
    sessions = _four_sessions("P1", [True, True, False, True], [None, None, "senior", None])
    ev = run_eval(program(ATT), sessions=sessions, risk_attendance=0.8, risk_cancellations=1)
    # 3/4 = 75% < 80%, and one senior cancellation reaches the limit of 1
    assert [n.render() for n in ev.at_risk[0].risks] == ["attendance 75% (3 of 4) is below 80%",
                                                          "cancelled by the senior: 1 sessions (flagged from 1)"]


def test_interim_before_the_deadline() -> None:
    base = answers("baseline", "junior", a=2, b=3, c=4, d=3, e=3)
    follow = answers("followup", "junior", a=3, b=3, c=5, d=4, e=3)
    r = run_eval(program({**MEAN, "deadline": "2027-07-09"}), base + follow, as_of=date(2027, 5, 1)).hypotheses[0]
    assert r.interim and any("deadline 2027-07-09" in n.render() for n in r.notes)


# ----------------------------------------------------------------------------- properties


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=5, max_size=12), st.randoms())
def test_order_of_rows_never_changes_the_result(values: list[tuple[int, int]], rnd: Any) -> None:
    rows = [SurveyRecord(f"p{i:02d}", w, "junior", {"engagement": float(v)}, "s.csv", i)  # type: ignore[arg-type]
            for i, pair in enumerate(values) for w, v in zip(("baseline", "followup"), pair, strict=True)]
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = run_eval(program(MEAN), rows, resamples=300).hypotheses[0]
    b = run_eval(program(MEAN), shuffled, resamples=300).hypotheses[0]
    assert a == b
    # the verdict follows the point estimate, the interval only its certainty
    assert a.value is not None and (a.verdict == "met") == (a.value >= 0.15 - 1e-12)
    assert a.interval is not None and a.interval.low <= a.interval.high


# ----------------------------------------------------------------------------- the shipped example


def _example_json(runner: CliRunner, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), *map(str, EXAMPLE_DATA),
                                 "--as-of", "2027-07-09", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_example_verdicts_checked_by_hand(runner: CliRunner) -> None:
    payload = _example_json(runner, "--lang", "en")  # the program is in Russian; read the notes in English
    h = {x["id"]: x for x in payload["hypotheses"]}

    # smm (seniors, smm_strategy_launched >= 1, target 80%):
    #   baseline (survey_baseline.csv): only volkov "да" -> 1 of 8 = 12.5%
    #   follow-up (survey_followup.xlsx): kuznetsova, lebedeva, pavlova, smirnov, volkov, zaitseva = 6 of 8 = 75%
    #   75% < 80% -> not met; Wilson(6, 8) = [40.9%, 92.9%] contains 80% -> "not met, but ... includes the target"
    assert h["smm"]["verdict"] == "not_met" and h["smm"]["certainty"] == "uncertain"
    assert (h["smm"]["baseline"], h["smm"]["current"], h["smm"]["change"]) == (0.125, 0.75, 0.625)
    assert h["smm"]["interval"]["low"] == 0.4093 and h["smm"]["interval"]["high"] == 0.9285

    # engagement (juniors, mean change, target +15%): kozlov has no follow-up row, so 7 paired juniors
    #   baseline 3.2+3.6+4.0+2.8+3.4+3.0+3.8 = 23.8 -> mean 3.4
    #   follow-up 3.8+4.0+4.4+3.6+3.8+3.8+4.4 = 27.8 -> mean 3.9714
    #   27.8/23.8 - 1 = +16.81% >= 15% -> met (the seniors' 4.0 -> 3.0 is not in this population)
    assert h["engagement"]["verdict"] == "met" and h["engagement"]["paired"] is True
    assert h["engagement"]["n"] == 7 and h["engagement"]["baseline"] == 3.4
    assert h["engagement"]["current"] == round(27.8 / 7, 4) and h["engagement"]["change"] == round(27.8 / 23.8 - 1, 4)
    assert h["engagement"]["interval"]["low"] < 0.15 < h["engagement"]["interval"]["high"]

    # attendance (target 85%): 8 pairs x 13 sessions = 104, all dated on or before 2027-07-09;
    #   P06 session 13 not recorded -> 103 recorded; not held: P01 1, P03 3, P04 5, P05 1, P07 1, P08 2 = 13
    #   held 90 of 103 = 87.38% >= 85% -> met
    assert h["attendance"]["verdict"] == "met" and h["attendance"]["current"] == round(90 / 103, 4)
    assert h["attendance"]["n"] == 103
    assert payload["sessions"] == {"due": 104, "recorded": 103, "unrecorded": 1}

    # pairs at risk: P03 (lebedeva cancelled 3 times, 10/13 = 77% >= 70%),
    #   P04 (8/13 = 61.5% < 70%, morozov cancelled twice and so did his junior: each side counts on its own);
    #   P08's senior cancelled only once. P06's unrecorded session 13 is dated within the last two weeks.
    assert payload["at_risk"] == ["P03", "P04"]
    p04 = next(p for p in payload["pairs"] if p["pair_id"] == "P04")
    assert (p04["held"], p04["missed"], p04["senior_cancellations"], p04["junior_cancellations"]) == (8, 5, 2, 2)
    assert p04["risks"] == ["attendance 62% (8 of 13) is below 70%",
                            "cancelled by the senior: 2 sessions (flagged from 2)",
                            "cancelled by the junior: 2 sessions (flagged from 2)"]
    assert payload["pairs_at_risk"][1] == {"pair_id": "P04", "reasons": [
        {"code": "low_attendance", "text": p04["risks"][0]}, {"code": "cancellations", "text": p04["risks"][1]},
        {"code": "cancellations", "text": p04["risks"][2]}]}


def test_example_with_roster_gives_the_same_verdicts(runner: CliRunner) -> None:
    plain = _example_json(runner)
    with_roster = _example_json(runner, "--roster", str(EXAMPLES / "roster.yaml"))
    assert [h["verdict"] for h in plain["hypotheses"]] == [h["verdict"] for h in with_roster["hypotheses"]]


def test_example_table_in_russian(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), *map(str, EXAMPLE_DATA),
                                 "--as-of", "2027-07-09", "--no-color"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Оценка программы" in out and "не подтверждена, но интервал включает цель" in out
    # Russian typography: decimal comma, a no-break space before %
    assert "+16,8\u00a0%" in out and "87,4\u00a0%" in out and "+62,5 п. п." in out
    assert "Пары в зоне риска" in out and "P03" in out
    risks = {p["pair_id"]: p["risks"] for p in _example_json(runner)["pairs"]}  # the program's language: ru
    assert risks["P03"] == ["отменено старшим встреч: 3 (порог — 2)"]
    assert risks["P04"] == ["посещаемость 62\u00a0% (8 из 13) ниже 70\u00a0%", "отменено старшим встреч: 2 (порог — 2)",
                            "отменено младшим встреч: 2 (порог — 2)"]


def test_verdicts_do_not_change_the_exit_code(runner: CliRunner) -> None:
    # as of the first day nothing is due and the follow-up counts are what they are: still exit 0
    result = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), str(EXAMPLE_DATA[2]),
                                 "--as-of", "2027-01-10", "--format", "json"])
    assert result.exit_code == 0, result.output
    verdicts = {h["id"]: h["verdict"] for h in json.loads(result.stdout)["hypotheses"]}
    assert verdicts == {"smm": "not_enough_data", "engagement": "not_enough_data", "attendance": "not_enough_data"}


def test_reference_date_defaults_to_source_date_epoch(runner: CliRunner) -> None:
    # conftest sets SOURCE_DATE_EPOCH to 2027-01-01: no session is due yet
    result = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), str(EXAMPLE_DATA[2]),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2027-01-01" and payload["sessions"]["due"] == 0
    assert math.isclose(payload["settings"]["risk_attendance"], 0.7)
