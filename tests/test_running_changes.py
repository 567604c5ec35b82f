"""Changes mid-program on the ledger: pause, withdraw, reschedule --series, rematch with several ids, errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.ledger import open_ledger
from running_helpers import make_program


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_program(tmp_path_factory.mktemp("pristine") / "pilot")


@pytest.fixture
def folder(pristine: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "pilot"
    shutil.copytree(pristine, dst)
    return dst


def invoke(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*(str(a) for a in args), "--lang", "en"])
    return result.exit_code, result.output


def sessions(folder: Path, pair: str) -> list:  # type: ignore[type-arg]
    with open_ledger(folder) as led:
        return led.sessions(pair)


def test_pause_cancels_the_range_only(folder: Path) -> None:
    code, out = invoke("pause", folder, "P03", "--from", "2027-03-01", "--until", "31.03.2027", "--reason", "отпуск")
    assert code == 0, out
    for s in sessions(folder, "P03"):
        inside = date(2027, 3, 1) <= s.start.date() <= date(2027, 3, 31)
        assert (s.status == "cancelled") == inside, s
    assert "cancelled" in out
    text = (folder / "sessions.csv").read_text(encoding="utf-8-sig")
    assert not any(line.startswith("P03,") and ",2027-03-" in line for line in text.splitlines())
    code, out = invoke("pause", folder, "P03", "--from", "2027-04-10", "--until", "2027-04-01")
    assert code == 2 and "before" in out


def test_withdraw_ends_every_pair_of_the_person_and_rematch_skips_them(folder: Path) -> None:
    with open_ledger(folder) as led:
        p04 = led.pair("P04")
    code, out = invoke("withdraw", folder, p04.junior_id, "--from", "2027-03-15")
    assert code == 0, out
    with open_ledger(folder) as led:
        theirs = [p for p in led.pairs() if p04.junior_id in (p.senior_id, p.junior_id)]
    assert theirs and all(p.status == "ended" for p in theirs)
    assert all(s.status == "cancelled" for p in theirs for s in sessions(folder, p.pair_id)
               if s.start.date() >= date(2027, 3, 15))
    ended = [p.pair_id for p in theirs]
    # ending another pair now: the withdrawn junior is never offered again
    code, out = invoke("rematch", folder, "--end", "P01", "--from", "2027-03-15", "--format", "json")
    assert code == 0, out
    with open_ledger(folder) as led:
        new = [p for p in led.pairs() if p.pair_id not in {f"P{n:02d}" for n in range(1, 11)}]
    assert all(p04.junior_id not in (p.senior_id, p.junior_id) for p in new)
    assert ended
    code, out = invoke("withdraw", folder, "nobody", "--from", "2027-03-15")
    assert code == 2 and "roster" in out


def test_rematch_takes_several_ids_in_one_option_and_refuses_bad_ones(folder: Path) -> None:
    code, out = invoke("rematch", folder, "--end", "P04", "P05", "--from", "2027-03-15")
    assert code == 0, out
    with open_ledger(folder) as led:
        status = {p.pair_id: p.status for p in led.pairs()}
    assert status["P04"] == status["P05"] == "ended"
    assert "P11" in status  # new ids continue after the highest, never reuse
    code, out = invoke("rematch", folder, "--end", "P04", "--from", "2027-03-20")
    assert code == 2 and "already ended" in out
    code, out = invoke("rematch", folder, "--end", "P99")
    assert code == 2 and "unknown pair" in out
    code, out = invoke("rematch", folder, "--end", "P01", "--from", "2027-09-01")
    assert code == 2 and "after the program ends" in out
    code, out = invoke("rematch", folder, "--end", "P01", "--pairs", folder / "pairs.csv")
    assert code == 2 and "roster file" in out


def test_reschedule_series_moves_every_later_session_to_the_new_slot(folder: Path) -> None:
    before = {s.number: s.start for s in sessions(folder, "P01")}
    # P01 meets Wed 11:00; both are free Wed 11:00-13:00: move from session 6 on to 12:00
    code, out = invoke("reschedule", folder, "P01", "--series", "--from", "6", "--to", "2027-03-24 12:00")
    assert code == 0, out
    after = {s.number: s for s in sessions(folder, "P01")}
    for n, s in after.items():
        if n < 6:
            assert s.start == before[n]
        else:
            assert s.start.hour == 12 and s.start.date() >= date(2027, 3, 24), s
            assert s.start.weekday() == 2 or s.moved_because, s
    with open_ledger(folder) as led:
        assert led.pair("P01").start_minute == 12 * 60


def test_force_overrides_windows_but_never_a_day_off_or_a_clash(folder: Path) -> None:
    code, out = invoke("reschedule", folder, "P01", "8", "--to", "2027-04-23 15:00")
    assert code == 2 and "--force" in out
    code, out = invoke("reschedule", folder, "P01", "8", "--to", "2027-04-23 15:00", "--force")
    assert code == 0 and "confirm" in out, out
    code, out = invoke("reschedule", folder, "P01", "9", "--to", "2027-05-03 11:00", "--force")
    assert code == 2 and "day off" in out
    # a clash: put P01's session 9 on top of P01's own session 10
    s10 = sessions(folder, "P01")[9].start.replace(tzinfo=None)
    code, out = invoke("reschedule", folder, "P01", "9", "--to", s10.strftime("%Y-%m-%d %H:%M"), "--force")
    assert code == 2 and "session 10 of P01" in out, out


def test_attend_single_fact_and_its_usage_errors(folder: Path) -> None:
    code, out = invoke("attend", folder, "P03", "1", "--missed", "--by", "старший", "--as-of", "2027-02-01")
    assert code == 0 and "Recorded: 1" in out, out
    s = sessions(folder, "P03")[0]
    assert (s.status, s.held, s.cancelled_by) == ("missed", False, "senior")
    # the views keep the folder's language (ru), whatever --lang the command was given
    assert ";нет;старший" in (folder / "sessions.csv").read_text(encoding="utf-8-sig")  # ru: ';' CSV
    for args, words in ((("P03", "1", "--held", "--missed"), "not both"), (("P03", "--held"), "PAIR N"),
                        (("P03", "1", "--held", "--by", "junior"), "--missed"),
                        (("P03", "1", "--missed", "--by", "boss"), "senior or junior")):
        code, out = invoke("attend", folder, *args)
        assert code == 2 and words in out, (args, out)
    code, out = invoke("attend", folder, "P03", "12", "--held")
    assert code == 0 and "cannot be held yet" in out, out
    code, out = invoke("attend", folder, "P42", "1", "--held", "--as-of", "2027-02-01")
    assert "no pair P42" in out


def test_status_table_in_russian(folder: Path) -> None:
    result = CliRunner().invoke(app, ["status", str(folder), "--as-of", "2027-03-01"])
    assert result.exit_code == 0, result.output
    assert "Состояние на 01.03.2027" in result.output and "прошедших встреч без отметки" in result.output


def test_ticks_made_in_the_folder_are_never_lost(folder: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(folder / "plan.xlsx")
    ws = wb.worksheets[1]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Состоялось") + 1).value = "да"  # P01 session 1, ticked in place
    wb.save(folder / "plan.xlsx")
    code, out = invoke("pause", folder, "P03", "--from", "2027-03-01", "--until", "2027-03-31")
    assert code == 2 and "attend" in out and "P01 session 1" in out, out
    code, out = invoke("attend", folder, "P02", "1", "--held", "--as-of", "2027-02-01")
    assert code == 2 and "plan.xlsx" in out, out
    code, out = invoke("attend", folder, folder / "plan.xlsx", "--as-of", "2027-02-01")
    assert code == 0 and "Recorded: 1;" in out, out
    code, out = invoke("pause", folder, "P03", "--from", "2027-03-01", "--until", "2027-03-31")
    assert code == 0, out
    rows = list(load_workbook(folder / "plan.xlsx", read_only=True).worksheets[1].iter_rows(values_only=True))
    assert rows[1][:2] == ("P01", 1) and rows[1][header.index("Состоялось")] == "да"


def test_rematch_from_a_past_date_is_refused(folder: Path) -> None:
    code, out = invoke("rematch", folder, "--end", "P04", "--from", "2020-03-02")
    assert code == 2 and "in the past" in out
