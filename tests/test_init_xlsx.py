"""``rmentor init --format xlsx``: an Excel roster template that validates as written (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rmentor.cli import app


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_template_validates_and_has_drop_downs(tmp_path: Path, lang: str) -> None:
    runner = CliRunner()
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder), "--format", "xlsx", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["program.yaml", "roster.xlsx"]
    check = runner.invoke(app, ["validate", str(folder / "roster.xlsx"), "--config", str(folder / "program.yaml"),
                                "--lang", lang])
    assert check.exit_code == 0, check.output
    assert ("1 старший, 1 младший" if lang == "ru" else "1 senior, 1 junior") in check.output
    wb = load_workbook(folder / "roster.xlsx")
    people = wb.worksheets[0]
    header = [c.value for c in people[1]]
    if lang == "ru":
        assert wb.sheetnames == ["Участники", "Инструкция"]
        assert header[:3] == ["Сторона", "ID", "ФИО"] and "Готовность учиться" in header
    else:
        assert wb.sheetnames == ["People", "Instructions"]
    rules = {str(dv.sqref): dv for dv in people.data_validations.dataValidation}
    assert rules["A2:A500"].type == "list" and ("старший" if lang == "ru" else "senior") in rules["A2:A500"].formula1
    # every score column (O..S: 2 senior and 3 junior criteria) offers the scale 1-5
    assert header[14] == ("Готовность учиться" if lang == "ru" else "Readiness") and len(header) == 19
    assert rules["O2:S500"].type == "list" and rules["O2:S500"].formula1 == '"1,2,3,4,5"'
    assert people["B2"].value == "000101" and people["B2"].number_format == "@"
    assert "rmentor validate" in " ".join(str(r[0].value) for r in wb.worksheets[1].iter_rows())


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "x"), "--format", "docx"])
    assert result.exit_code == 2 and not (tmp_path / "x").exists()
