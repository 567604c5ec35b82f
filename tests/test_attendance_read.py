"""Attendance read back from sessions.csv, plan.xlsx (Russian or English headers) and HR's own files."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.inputs.attendance import read_attendance

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                      str(EXAMPLES / "program.yaml"), "--out", str(out), "-q", "--kit", "md"])
    assert result.exit_code == 0, result.output
    return out


def _tick(src: Path, dst: Path, marks: dict[tuple[str, int], tuple[str, str | None]]) -> None:
    wb = load_workbook(src)
    ws = wb.worksheets[1]
    header = [c.value for c in ws[1]]
    held, by = header.index("Состоялось") + 1, header.index("Кто отменил") + 1
    for row in ws.iter_rows(min_row=2):
        key = (str(row[0].value), int(row[1].value))
        if key in marks:
            row[held - 1].value, row[by - 1].value = marks[key]
    wb.save(dst)


def test_plan_xlsx_in_russian(kit: Path, tmp_path: Path) -> None:
    dst = tmp_path / "plan.xlsx"
    _tick(kit / "plan.xlsx", dst, {("P01", 1): ("да", None), ("P01", 2): ("нет", "старший"),
                                   ("P02", 1): ("Состоялась", None), ("P03", 1): ("", "младший")})
    got = read_attendance(dst)
    assert got.sheet == "Все встречи" and got.rows == 130 and got.blank == 126
    facts = {(f.pair_id, f.session): (f.held, f.cancelled_by) for f in got.facts}
    assert facts == {("P01", 1): (True, None), ("P01", 2): (False, "senior"), ("P02", 1): (True, None),
                     ("P03", 1): (False, "junior")}
    assert all(f.date is not None for f in got.facts)
    assert "Все встречи" in str(got.facts[0].location)


def test_plan_xlsx_in_english(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                      str(EXAMPLES / "program.yaml"), "--out", str(out), "-q", "--lang", "en"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out / "plan.xlsx")
    ws = wb.worksheets[1]
    header = [c.value for c in ws[1]]
    assert "Held" in header
    ws.cell(row=2, column=header.index("Held") + 1).value = "yes"
    wb.save(out / "plan.xlsx")
    (fact,) = read_attendance(out / "plan.xlsx").facts
    assert fact.held is True and fact.session == 1


def test_sessions_csv_with_semicolons_and_bom(kit: Path, tmp_path: Path) -> None:
    lines = (kit / "sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].replace(",", ";").split(";")  # a Russian program writes ';' already
    assert header[-2:] == ["held", "cancelled_by"]
    rows = [";".join(header)]
    rows.append("P01;1;13.01.2027;;;;;;;;;;;да;")
    rows.append("P01;2;2027-01-27;;;;;;;;;;;0;junior")
    (tmp_path / "s.csv").write_text("\n".join(rows), encoding="utf-8-sig")
    facts = read_attendance(tmp_path / "s.csv").facts
    assert [(f.session, f.held, f.cancelled_by) for f in facts] == [(1, True, None), (2, False, "junior")]


def test_hr_made_workbook_with_title_row_status_column_and_any_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Инструкция"
    wb.active["A1"] = "Отметьте встречи"
    ws = wb.create_sheet("Март")
    ws.append(["Посещаемость пилота, март"])
    ws.append(["Статус", "Комментарий", "Пара", "№ встречи"])
    ws.append(["Состоялась", "ок", "P04", 5])
    ws.append(["отменена", "болел", "P04", "6"])
    ws.append([None, None, "P04", 7])
    wb.save(tmp_path / "hr.xlsx")
    got = read_attendance(tmp_path / "hr.xlsx")
    assert got.sheet == "Март" and got.blank == 1
    assert [(f.session, f.held) for f in got.facts] == [(5, True), (6, False)]


def test_problems_are_reported_with_their_cells(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("pair_id,session,held\nP01,one,yes\nP01,2,maybe\nP01,3,yes\nP01,3,no\n",
                                      encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_attendance(tmp_path / "bad.csv")
    text = info.value.render()
    assert "bad.csv:2:2" in text and "bad.csv:3:3" in text and "recorded twice" in text
    (tmp_path / "none.csv").write_text("name,comment\na,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="no attendance table"):
        read_attendance(tmp_path / "none.csv")
