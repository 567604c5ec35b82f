"""A month into the program: plan, attend, rematch from March, reschedule, status (issue 14's done-when)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from helpers import csv_rows
from rmentor.cli import app
from rmentor.core.rescheduling import Busy, Calendar
from rmentor.ledger import open_ledger
from running_helpers import make_program

FROM = date(2027, 3, 15)
AS_OF = "2027-03-20"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _tick(src: Path, dst: Path, marks: dict[tuple[str, int], tuple[str, str | None]]) -> None:
    """HR ticks «Состоялось» / «Кто отменил» in their copy of plan.xlsx."""
    wb = load_workbook(src)
    ws = wb.worksheets[1]
    header = [c.value for c in ws[1]]
    held, by = header.index("Состоялось"), header.index("Кто отменил")
    for row in ws.iter_rows(min_row=2):
        key = (str(row[0].value), int(row[1].value))
        if key in marks:
            row[held].value, row[by].value = marks[key]
    wb.save(dst)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder after plan, attend (partly ticked plan.xlsx), rematch --end P04, reschedule."""
    base = tmp_path_factory.mktemp("month")
    folder = make_program(base / "pilot")
    marks: dict[tuple[str, int], tuple[str, str | None]] = {}
    for pair in ("P01", "P02", "P03", "P04", "P06", "P07"):
        for n in (1, 2, 3):
            marks[(pair, n)] = ("да", None)
    marks[("P05", 1)] = ("да", None)  # P05 stops meeting after its first session
    marks[("P05", 2)] = ("нет", "старший")
    marks[("P05", 3)] = ("нет", "старший")
    _tick(folder / "plan.xlsx", base / "hr.xlsx", marks)
    out = run("attend", folder, base / "hr.xlsx", "--as-of", "2027-03-12", "--lang", "en")
    assert "Recorded: 21;" in out and "conflicts: 0" in out, out
    again = run("attend", folder, base / "hr.xlsx", "--as-of", "2027-03-12", "--lang", "en")  # idempotent
    assert "Recorded: 0; already known: 21;" in again, again
    run("rematch", folder, "--end", "P04", "--from", FROM.isoformat(), "--reason", "не сработались")
    run("reschedule", folder, "P01", "7", "--to", "2027-04-07 12:00")
    return folder


def _ledger(folder: Path) -> tuple[list, list, object, object]:  # type: ignore[type-arg]
    with open_ledger(folder) as led:
        rec = led.program_record()
        return led.pairs(), led.sessions(), rec.program(), rec.roster()


def test_new_sessions_are_never_in_the_past(month: Path) -> None:
    pairs, sessions, _, _ = _ledger(month)
    new = [p for p in pairs if p.start_date == FROM]
    assert new, "rematch formed a new pair"
    for p in new:
        mine = [s for s in sessions if s.pair_id == p.pair_id]
        assert mine and min(s.start.date() for s in mine) >= FROM
        assert p.pair_id not in {"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"}


def test_no_session_on_a_day_off_or_clashing(month: Path) -> None:
    pairs, sessions, program, roster = _ledger(month)
    people = {p.id: p for p in [*roster.seniors, *roster.juniors]}  # type: ignore[attr-defined]
    of = {p.pair_id: p for p in pairs}
    cal = Calendar(program, date(2027, 1, 1), date(2027, 7, 31))  # type: ignore[arg-type]
    live = [s for s in sessions if s.status != "cancelled"]
    for s in live:
        p = of[s.pair_id]
        busy = [Busy(who, o.pair_id, o.number, o.start, o.end) for o in live if o.id != s.id
                for who in (of[o.pair_id].senior_id, of[o.pair_id].junior_id)]
        problems = {x.code for x in cal.check(s.start, people[p.senior_id], people[p.junior_id], busy)}
        assert not problems & {"day_off", "clash"}, (s.pair_id, s.number, s.start, problems)


def test_p04_history_is_kept(month: Path) -> None:
    pairs, sessions, _, _ = _ledger(month)
    p04 = next(p for p in pairs if p.pair_id == "P04")
    assert p04.status == "ended" and p04.end_date == FROM and p04.end_reason == "не сработались"
    mine = [s for s in sessions if s.pair_id == "P04"]
    assert [s.status for s in mine if s.number <= 3] == ["held"] * 3
    assert all(s.status == "cancelled" for s in mine if s.start.date() >= FROM)
    assert len(mine) == 13  # nothing deleted
    rows = csv_rows(month / "sessions.csv")
    kept = [r for r in rows if r["pair_id"] == "P04"]
    assert kept and all(date.fromisoformat(r["date"]) < FROM for r in kept)
    assert [r["held"] for r in kept[:3]] == ["да"] * 3
    # the roster's P04 people are not paired together again
    assert not any(p.senior_id == p04.senior_id and p.junior_id == p04.junior_id and p.pair_id != "P04" for p in pairs)


def test_reschedule_moved_the_session_and_checks_refuse_bad_times(month: Path) -> None:
    _, sessions, _, _ = _ledger(month)
    s7 = next(s for s in sessions if s.pair_id == "P01" and s.number == 7)
    assert s7.start.replace(tzinfo=None) == datetime(2027, 4, 7, 12, 0)
    r = CliRunner().invoke(app, ["reschedule", str(month), "P01", "8", "--to", "2027-05-03 11:00", "--lang", "en"])
    assert r.exit_code == 2 and "day off" in r.output, r.output
    r = CliRunner().invoke(app, ["reschedule", str(month), "P01", "8", "--to", "2027-04-23 15:00", "--lang", "en"])
    assert r.exit_code == 2 and "availability" in r.output and "--force" in r.output, r.output


def test_status_names_the_pair_that_stopped_meeting(month: Path) -> None:
    payload = json.loads(run("status", month, "--as-of", AS_OF, "--format", "json"))
    # the contract: these keys, these shapes
    assert set(payload) == {"version", "program", "as_of", "timezone", "start", "end", "weeks", "sessions",
                            "upcoming", "pairs", "pairs_at_risk", "to_send"}
    assert payload["version"] == 1 and payload["as_of"] == AS_OF
    assert set(payload["weeks"]) == {"done", "left", "total"} and payload["weeks"]["done"] == 9
    assert set(payload["sessions"]) == {"held", "missed", "unrecorded", "upcoming", "cancelled", "this_week",
                                        "next_week"}
    assert set(payload["pairs"][0]) == {"pair_id", "senior", "junior", "status", "attendance", "held", "missed",
                                        "unrecorded", "planned", "last_held", "next"}
    assert set(payload["upcoming"][0]) == {"pair_id", "session", "start", "week"}
    assert all(set(p) == {"pair_id", "reasons"} for p in payload["pairs_at_risk"])
    assert all(set(r) == {"code", "text", "params"} for p in payload["pairs_at_risk"] for r in p["reasons"])
    assert all(set(m) == {"recipient", "pair_id", "method", "why", "sessions"} for m in payload["to_send"])
    p01 = next(p for p in payload["pairs"] if p["pair_id"] == "P01")
    assert p01["attendance"] == 1.0 and p01["last_held"] == "2027-02-10" and p01["next"].startswith("2027-03-24")
    risky = {p["pair_id"]: {r["code"] for r in p["reasons"]} for p in payload["pairs_at_risk"]}
    assert "stalled" in risky["P05"] and "cancellations" in risky["P05"]
    assert "P04" not in risky  # ended pairs are not at risk
    assert payload["sessions"]["held"] == 19
    assert isinstance(payload["to_send"], list) and payload["to_send"]
    html = run("status", month, "--as-of", AS_OF, "--format", "html")
    assert html.startswith("<!doctype html>") and "data:image/png;base64," in html and "P05" in html


def test_every_file_agrees_with_the_ledger(month: Path) -> None:
    pairs, sessions, _, _ = _ledger(month)
    live = {(s.pair_id, s.number): s for s in sessions if s.status != "cancelled"}
    rows = csv_rows(month / "sessions.csv")
    assert {(r["pair_id"], int(r["session"])) for r in rows} == set(live)
    for r in rows:
        s = live[(r["pair_id"], int(r["session"]))]
        assert (r["date"], r["start"]) == (s.start.date().isoformat(), s.start.strftime("%H:%M"))
        assert r["held"] == ("" if s.held is None else "да" if s.held else "нет")
    wb = load_workbook(month / "plan.xlsx", read_only=True)
    sheet = list(wb.worksheets[1].iter_rows(values_only=True))
    assert {(str(x[0]), int(x[1])) for x in sheet[1:]} == set(live)
    active = {p.pair_id for p in pairs if p.status == "active"}
    pair_rows = csv_rows(month / "pairs.csv")
    assert {r["pair_id"] for r in pair_rows} == active
    # reading the regenerated plan.xlsx back changes nothing and reports no conflict
    out = run("attend", month, month / "plan.xlsx", "--lang", "en", "--as-of", AS_OF)
    assert "Recorded: 0" in out and "conflicts: 0" in out


def test_a_conflict_is_reported_not_overwritten(month: Path) -> None:
    r = CliRunner().invoke(app, ["attend", str(month), "P01", "1", "--missed", "--by", "junior", "--lang", "en",
                                 "--as-of", AS_OF])
    assert r.exit_code == 0 and "conflict" in r.output, r.output
    _, sessions, _, _ = _ledger(month)
    assert next(s for s in sessions if s.pair_id == "P01" and s.number == 1).held is True


def test_evaluate_reads_attendance_from_the_program_folder(month: Path) -> None:
    from running_helpers import EXAMPLES

    payload = json.loads(run("evaluate", "--config", EXAMPLES / "program.yaml", EXAMPLES / "survey_baseline.csv",
                             month, "--as-of", AS_OF, "--format", "json"))
    text = json.dumps(payload, ensure_ascii=False)
    assert '"P05"' in text
    attendance = next(h for h in payload["hypotheses"] if h["id"] == "attendance")
    assert attendance["verdict"] != "not_enough_data", attendance
