"""Every sheet rmentor writes prints on A4: landscape where wide, one page wide, header repeated, footer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.outputs.xlsx import Sheet, workbook_bytes


def _check_print_setup(ws: openpyxl.worksheet.worksheet.Worksheet, *, title: str) -> None:
    assert ws.page_setup.paperSize in (9, "9"), ws.title  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ws.page_setup.fitToWidth in (None, 1, "1"), ws.title  # 1 is the default, so it may be left out
    assert ws.page_setup.fitToHeight in (0, "0"), ws.title  # as many pages tall as it takes
    assert ws.print_title_rows == "$1:$1", ws.title
    assert title in (ws.oddFooter.left.text or ""), ws.title
    assert "&P" in (ws.oddFooter.right.text or "") and "&N" in (ws.oddFooter.right.text or ""), ws.title


def test_narrow_sheet_is_portrait_and_wide_sheet_landscape() -> None:
    data = workbook_bytes([
        Sheet("narrow", ["a", "b"], [["x", 1]]),
        Sheet("wide", ["a", "b", "c"], [["x" * 50, "y" * 50, "z"]], title="Wide & long"),
    ], title="Пилот")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["narrow"].page_setup.orientation == "portrait"
    assert wb["wide"].page_setup.orientation == "landscape"
    _check_print_setup(wb["narrow"], title="Пилот · narrow")
    _check_print_setup(wb["wide"], title="Пилот · Wide && long")  # '&' is a code in footers: doubled


def test_times_are_real_excel_times() -> None:
    data = workbook_bytes([Sheet("s", ["start", "end"], [["10:00", dt.time(11, 30)], ["not a time", "25:00"]],
                                 time_columns=(0, 1))])
    ws = openpyxl.load_workbook(io.BytesIO(data))["s"]
    assert ws["A2"].value == dt.time(10, 0) and ws["B2"].value == dt.time(11, 30)
    assert ws["A2"].number_format == "hh:mm"
    assert ws["A3"].value == "not a time" and ws["B3"].value == "25:00"  # text that is not a time stays text


def _plan(runner: CliRunner, roster: Path, program: Path, out: Path, lang: str) -> None:
    result = runner.invoke(app, ["plan", str(roster), "--config", str(program), "--out", str(out), "--lang", lang,
                                 "--kit", "none"])  # the sheets only: the kit's documents have their own tests
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_plan_xlsx_prints_and_has_a_participants_sheet(runner: CliRunner, example_roster: Path,
                                                       example_program: Path, tmp_path: Path, lang: str) -> None:
    _plan(runner, example_roster, example_program, tmp_path, lang)
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    names = {"ru": ["Пары", "Все встречи", "Участники"], "en": ["Pairs", "All sessions", "Participants"]}[lang]
    assert wb.sheetnames == names
    for ws in wb.worksheets:
        _check_print_setup(ws, title="Обратное менторство — пилот 2027")
        assert ws.page_setup.orientation == "landscape"  # all three are wider than a portrait page
    sessions = wb[names[1]]
    assert isinstance(sessions["C2"].value, dt.datetime) and sessions["C2"].number_format == (
        "DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD")
    assert isinstance(sessions["D2"].value, dt.time) and isinstance(sessions["E2"].value, dt.time)
    people = wb[names[2]]
    rows = list(people.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 20  # 10 pairs, two people each
    by_name = {(r[0], r[4]): r for r in rows}
    # Орлов (senior, P06) is in Yekaterinburg: his first session, 11:00 in Moscow, is 13:00 on his clock
    orlov = next(r for r in rows if r[0].startswith("Орлов"))
    assert orlov[4] == "P06" and orlov[5] == "Романова Екатерина" and "@" in orlov[1]
    assert orlov[6] == dt.datetime(2027, 1, 14) and orlov[7] == dt.time(13, 0)
    assert orlov[8] == ("Екатеринбург" if lang == "ru" else "Yekaterinburg")
    assert by_name[("Романова Екатерина", "P06")][7] == dt.time(11, 0)
    assert by_name[("Романова Екатерина", "P06")][8] == ("Москва" if lang == "ru" else "Moscow")
    assert all(r[1] and "@" in r[1] for r in rows)


def test_schedule_xlsx_why_column_is_filled(runner: CliRunner, example_roster: Path, example_program: Path,
                                            tmp_path: Path) -> None:
    m = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out",
                            str(tmp_path / "m"), "--format", "xlsx", "--lang", "ru"])
    assert m.exit_code == 0, m.output
    s = runner.invoke(app, ["schedule", str(example_roster), "--config", str(example_program), "--pairs",
                            str(tmp_path / "m" / "pairs.csv"), "--out", str(tmp_path / "s"), "--format", "xlsx",
                            "--lang", "ru"])
    assert s.exit_code == 0, s.output
    for path in (tmp_path / "m" / "pairs.xlsx", tmp_path / "s" / "schedule.xlsx"):
        wb = openpyxl.load_workbook(path)
        pairs = wb["Пары"]
        header = [c.value for c in pairs[1]]
        why = header.index("Причина") + 1
        assert all(pairs.cell(row=r, column=why).value for r in range(2, pairs.max_row + 1)), path
        for ws in wb.worksheets:
            assert ws.page_setup.paperSize in (9, "9") and ws.print_title_rows == "$1:$1"
            assert ws.sheet_properties.pageSetUpPr.fitToPage
