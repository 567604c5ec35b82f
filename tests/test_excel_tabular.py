"""Reading rosters from Excel and CSV: layouts, Russian headers, Excel quirks, located errors."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.inputs.loading import load_roster
from rmentor.inputs.tabular import read_roster_table, sniff_delimiter, split_windows
from rmentor.model import Program, Roster

SENIOR_HEADER = ["ID", "Имя", "Отдел", "Руководитель", "Доступность", "Хочет изучить", "Готовность", "Открытость"]
JUNIOR_HEADER = ["ID", "Имя", "Отдел", "Доступность", "Может научить", "Ёмкость", "Коммуникация",
                 "Желание делиться", "Структурирование"]


def _workbook(sheets: dict[str, list[list[Any]]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    return wb


def _save(wb: Workbook, path: Path, cached: dict[str, str] | None = None) -> Path:
    """Save ``wb``; ``cached`` fills in saved formula results, as Excel would (cell -> value)."""
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if cached:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename.startswith("xl/worksheets/sheet"):
                    text = body.decode()
                    for ref, value in cached.items():
                        empty = r"(<v */>|<v></v>)"  # openpyxl 3.1.5 writes <v></v>
                        text = re.sub(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>){empty}', rf"\g<1><v>{value}</v>", text)
                    body = text.encode()
                dst.writestr(info, body)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def _two_sheets() -> dict[str, list[list[Any]]]:
    return {
        "Старшие": [
            list(SENIOR_HEADER),
            ["volkov", "Волков Андрей", "Продажи", "ceo", "Tue 10:00-12:00; Thu 16:00-18:00", "SMM, Маркетплейсы",
             5.0, 4],
            ["orlov ", " Орлов Сергей ", "Финансы", "volkov", "Пн,Ср 14:00-15:30", "SMM", 4, 4.0],
        ],
        "Младшие": [
            list(JUNIOR_HEADER),
            ["petrov", "Петров Максим", "Маркетинг", "Tue 10:00-13:00\nThu 15:00-18:00", "SMM; Маркетплейсы", 2.0,
             5, 5, 4],
            [None, None, None, None, None, None, None, None, None],  # an empty row in the middle
            [1001.0, "Сидорова Ксения", "ИТ", "Wed 14:00-16:00", "SMM", None, 4, 4, 4],
        ],
        "Инструкция": [["Заполните листы «Старшие» и «Младшие»."]],
        "Руководители вне программы": [["ID", "Руководитель"], ["ceo", None]],
    }


def test_two_sheets_with_russian_headers_and_excel_quirks(tmp_path: Path) -> None:
    path = _save(_workbook(_two_sheets()), tmp_path / "roster.xlsx")
    data, locate = read_roster_table(path)
    roster = Roster.model_validate(data)
    volkov, orlov = roster.seniors
    assert volkov.scores == {"readiness": 5, "openness": 4}
    assert volkov.wants == ("SMM", "Маркетплейсы")
    assert [str(w) for w in volkov.availability] == ["Tue 10:00-12:00", "Thu 16:00-18:00"]
    assert (orlov.id, orlov.name) == ("orlov", "Орлов Сергей")  # trailing spaces trimmed
    assert [str(w) for w in orlov.availability] == ["Mon 14:00-15:30", "Wed 14:00-15:30"]  # "Пн,Ср" is one window
    petrov, sidorova = roster.juniors
    assert petrov.capacity == 2 and len(petrov.availability) == 2  # 2.0 -> 2; Alt+Enter separates windows
    assert sidorova.id == "1001"  # Excel stored the id as the number 1001.0
    assert sidorova.scores == {"communication": 4, "sharing": 4, "structuring": 4}
    # row numbers survive the empty row (the fast read-only path of openpyxl)
    assert locate(("juniors", 1, "name")).path == "sheet Младшие, row 4, column B (Имя)"


def test_one_sheet_with_side_column_title_row_and_merged_cells(tmp_path: Path) -> None:
    wb = _workbook({"Участники": [
        ["Пилот обратного менторства, весна"],
        ["Сторона", "ID", "ФИО", "Подразделение", "Темы", "Оценки", None, None, None, None],
        [None, None, None, None, None, "Готовность", "Открытость", "Коммуникация", "Желание делиться",
         "Структурирование"],
        ["старший", "volkov", "Волков Андрей", "Продажи", "SMM", 5, 4, None, None, None],
        ["младший", "petrov", "Петров Максим", "Маркетинг", "SMM", None, None, 5, 5, 4],
        ["младший", "popov", "Попов Илья", None, "SMM", None, None, 4, 4, 3],
        ["вне программы", "ceo", None, None, None, None, None, None, None, None],
    ]})
    ws = wb["Участники"]
    ws.merge_cells("A1:J1")  # title
    ws.merge_cells("F2:J2")  # "Оценки" over the criterion columns
    for col in "ABCDE":
        ws.merge_cells(f"{col}2:{col}3")  # titles merged down over the two header rows
    ws.merge_cells("D5:D6")  # one department for two people
    data, locate = read_roster_table(_save(wb, tmp_path / "one.xlsx"))
    roster = Roster.model_validate(data)
    assert [p.id for p in roster.seniors] == ["volkov"] and roster.seniors[0].wants == ("SMM",)
    assert [p.id for p in roster.juniors] == ["petrov", "popov"]
    assert roster.juniors[1].department == "Маркетинг"
    assert roster.juniors[1].offers == ("SMM",)
    assert roster.juniors[0].scores == {"communication": 5, "sharing": 5, "structuring": 4}
    assert roster.managers == {"ceo": None}
    where = locate(("juniors", 1, "scores", "sharing"))
    assert where.line == 6
    assert where.path == "sheet Участники, row 6, column I (Желание делиться)"


def test_formulas_are_read_from_cached_values_never_evaluated(tmp_path: Path) -> None:
    sheets = _two_sheets()
    sheets["Старшие"][1][6] = "=2+3"
    path = _save(_workbook(sheets), tmp_path / "cached.xlsx", cached={"G2": "5"})
    data, _ = read_roster_table(path)
    assert data["seniors"][0]["scores"]["readiness"] == 5

    uncomputed = _save(_workbook(sheets), tmp_path / "uncomputed.xlsx")
    with pytest.raises(InputError) as err:
        read_roster_table(uncomputed)
    text = err.value.render()
    assert "sheet Старшие, row 2, column G (Готовность)" in text
    assert "formula but no saved value" in text


def test_date_in_an_id_column_is_explained(tmp_path: Path) -> None:
    sheets = _two_sheets()
    sheets["Младшие"][1][0] = datetime(2026, 1, 2)  # someone typed 1-2 and Excel made it a date
    with pytest.raises(InputError) as err:
        read_roster_table(_save(_workbook(sheets), tmp_path / "date.xlsx"))
    text = err.value.render()
    assert "sheet Младшие, row 2, column A (ID)" in text and "turned this id into a date" in text


def test_validation_errors_name_sheet_row_and_column(tmp_path: Path, runner: CliRunner) -> None:
    sheets = _two_sheets()
    sheets["Младшие"][1][6] = "пять"
    sheets["Старшие"][2][3] = "nobody"
    path = _save(_workbook(sheets), tmp_path / "bad.xlsx")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "sheet Младшие, row 2, column G (Коммуникация): should be a whole number" in result.output
    sheets["Младшие"][1][6] = 5  # cross-record checks run once every cell is valid
    path = _save(_workbook(sheets), tmp_path / "bad.xlsx")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "sheet Старшие, row 3, column D (Руководитель): unknown manager 'nobody'" in result.output


def test_unknown_header_is_a_score_column_for_custom_criteria(tmp_path: Path) -> None:
    sheets = _two_sheets()
    sheets["Старшие"][0][6] = "digital"
    program = Program.model_validate({"matching": {"senior_criteria": {"digital": {"weight": 1},
                                                                       "openness": {"weight": 1}}}})
    loaded = load_roster(_save(_workbook(sheets), tmp_path / "custom.xlsx"), program)
    assert loaded.value.seniors[0].scores == {"digital": 5, "openness": 4}
    with pytest.raises(InputError) as err:
        load_roster(tmp_path / "custom.xlsx", Program())
    assert "column G (digital): unknown criterion 'digital'" in err.value.render()


def test_unknown_cyrillic_column_is_a_typo_not_a_criterion(tmp_path: Path) -> None:
    sheets = _two_sheets()
    sheets["Старшие"][0][6] = "Готовнсть"
    sheets["Старшие"][0].append("Фото")  # an empty extra column is harmless
    with pytest.raises(InputError) as err:
        read_roster_table(_save(_workbook(sheets), tmp_path / "typo.xlsx"))
    text = err.value.render()
    assert "sheet Старшие, row 1, column G: unknown column 'Готовнсть'" in text
    assert "did you mean 'готовность'?" in text
    assert "Фото" not in text


def test_missing_sheets_and_bad_sides_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_roster_table(_save(_workbook({"Лист1": [["Имя"], ["Волков"]]}), tmp_path / "none.xlsx"))
    assert "no roster sheets found (sheets: Лист1)" in err.value.render()
    bad = _workbook({"people": [["side", "id", "name", "department"], ["boss", "a", "A", "X"]]})
    with pytest.raises(InputError) as err:
        read_roster_table(_save(bad, tmp_path / "side.xlsx"))
    assert "sheet people, row 2, column A (side): 'boss' is not a side" in err.value.render()


def test_not_a_workbook(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("id,name\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "not an Excel workbook" in result.output and "Traceback" not in result.output


def test_pinned_history_and_managers_sheets(tmp_path: Path) -> None:
    sheets = _two_sheets()
    sheets["Закреплённые пары"] = [["Старший", "Младший"], ["volkov", "petrov"]]
    sheets["history"] = [["senior", "junior"], ["orlov", "1001"]]
    sheets["managers"] = [["id", "manager"], ["cfo", "ceo"]]
    with pytest.raises(InputError) as err:
        read_roster_table(_save(_workbook(sheets), tmp_path / "twice.xlsx"))
    assert "sheets 'managers' and 'Руководители вне программы' hold the same section" in err.value.render()
    del sheets["managers"]
    data, locate = read_roster_table(_save(_workbook(sheets), tmp_path / "all.xlsx"))
    roster = Roster.model_validate(data)
    assert roster.pinned == (("volkov", "petrov"),)
    assert roster.history == (("orlov", "1001"),)
    assert roster.managers == {"ceo": None}
    assert locate(("pinned", 0, 1)).path == "sheet Закреплённые пары, row 2, column B (Младший)"


# ----------------------------------------------------------------------------- CSV


def test_csv_semicolon_bom_and_russian_headers(tmp_path: Path) -> None:
    text = (
        "sep=;\r\n"
        "Сторона;ID;Имя;Отдел;Доступность;Темы;Готовность;Открытость;Коммуникация;Желание делиться;"
        "Структурирование\r\n"
        "старший;volkov;Волков Андрей;Продажи;Tue 10:00-12:00, Thu 16:00-18:00;SMM, Маркетплейсы;5;4;;;\r\n"
        ";;;;;;;;;;\r\n"
        'младший;petrov;"Петров; Максим";Маркетинг;"Tue 10:00-13:00";SMM;;;5;5,0;4\r\n'
    )
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    data, locate = read_roster_table(path)
    roster = Roster.model_validate(data)
    assert roster.seniors[0].wants == ("SMM", "Маркетплейсы")
    assert len(roster.seniors[0].availability) == 2
    assert roster.juniors[0].name == "Петров; Максим"
    assert roster.juniors[0].scores == {"communication": 5, "sharing": 5, "structuring": 4}
    assert locate(("juniors", 0, "name")).path == "row 5, column Имя"
    assert locate(("juniors", 0, "name")).line == 5


def test_csv_needs_a_side_column(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("id,name,department\na,A,X\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "no 'side' column" in result.output


def test_csv_in_windows_1251_is_read_and_named(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("сторона;id;имя\nстарший;a;Волков\n".encode("cp1251"))
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    # read (then refused for what the roster lacks, not for its encoding)
    assert result.exit_code == 2 and "Windows-1251" not in result.output
    assert "required key 'department' is missing" in result.output


def test_helpers() -> None:
    assert sniff_delimiter("a;b;c\n1;2;3") == ";"
    assert sniff_delimiter("a,b;c,d") == ","
    assert sniff_delimiter('"x;y",b,c') == ","
    assert split_windows("Mon, Wed 10:00-11:00, Fri 12:00-13:00; Sat 09:00-10:00") == [
        "Mon, Wed 10:00-11:00", "Fri 12:00-13:00", "Sat 09:00-10:00"]
