"""The generic workbook writer (--format xlsx) and CSV with ';' for Russian-locale Excel."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rmentor.cli.common import check_delimiter
from rmentor.errors import UsageError
from rmentor.outputs.csvfile import csv_bytes
from rmentor.outputs.xlsx import Sheet, display_width, workbook_bytes

PAIRS_HEADER = ["pair_id", "senior_name", "junior_name", "shared_topics", "score"]
SESSIONS_HEADER = ["pair_id", "session", "date", "start", "title"]


def _sheets() -> list[Sheet]:
    return [
        Sheet("Пары", PAIRS_HEADER, [
            ["P01", "Волков Андрей Сергеевич", "Петров Максим", "SMM; Маркетплейсы", 115],
            ["P02", "=1+1", "+79161234567", "@SUM(A1:A2)", -5],
            ["P03", "-2", "\tx", "\rcmd|' /C calc'!A0", None],
        ]),
        Sheet("Встречи", SESSIONS_HEADER, [
            ["P01", 1, "2027-01-12", "10:00", "Знакомство"],
            ["P01", 2, date(2027, 1, 26), "10:00", "Цифровые инструменты"],
            ["P02", 1, "", "11:00", "x"],
        ], date_columns=frozenset({2}), date_format="DD.MM.YYYY"),
    ]


def test_header_freeze_filter_widths_dates() -> None:
    wb = load_workbook(io.BytesIO(workbook_bytes(_sheets())))
    assert wb.sheetnames == ["Пары", "Встречи"]
    pairs, sessions = wb["Пары"], wb["Встречи"]
    for ws, header in ((pairs, PAIRS_HEADER), (sessions, SESSIONS_HEADER)):
        assert [c.value for c in ws[1]] == header
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:E{ws.max_row}"
    name_width = pairs.column_dimensions["B"].width
    assert display_width("Волков Андрей Сергеевич") <= name_width <= 60
    assert pairs.column_dimensions["A"].width < name_width
    assert sessions["C2"].value == datetime(2027, 1, 12)
    assert sessions["C3"].value == datetime(2027, 1, 26)
    assert sessions["C2"].number_format == "DD.MM.YYYY"
    assert sessions["C4"].value is None
    assert sessions["B2"].value == 1 and pairs["E2"].value == 115  # numbers stay numbers


def test_no_cell_is_a_formula() -> None:
    data = workbook_bytes(_sheets())
    ws = load_workbook(io.BytesIO(data))["Пары"]
    assert ws["B3"].value == "=1+1" and ws["B3"].data_type == "s" and ws["B3"].quotePrefix
    assert ws["D3"].value == "@SUM(A1:A2)" and ws["D3"].quotePrefix
    assert ws["C3"].value == "+79161234567" and ws["C3"].quotePrefix
    assert ws["C4"].quotePrefix and ws["D4"].quotePrefix
    assert ws["E3"].value == -5  # a real negative number is a number
    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_bytes_are_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    first = workbook_bytes(_sheets())
    assert workbook_bytes(_sheets()) == first
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2027-01-01T00:00:00Z" in core  # SOURCE_DATE_EPOCH from conftest
    assert all(i.date_time == (2027, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(first)).infolist())
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert workbook_bytes(_sheets()) == workbook_bytes(_sheets())


def test_sheet_names_are_made_valid_and_unique() -> None:
    wb = load_workbook(io.BytesIO(workbook_bytes([
        Sheet("a/b:c", ["x"], []),
        Sheet("A/B:C", ["x"], []),
        Sheet("Очень длинное название листа для Excel", ["x"], []),
    ])))
    assert wb.sheetnames[0] == "a_b_c" and wb.sheetnames[1] == "A_B_C (2)"
    assert len(wb.sheetnames[2]) == 31


def test_control_characters_do_not_crash() -> None:
    ws = load_workbook(io.BytesIO(workbook_bytes([Sheet("s", ["x"], [["a\x00b\x1fc"]])])))["s"]
    assert ws["A2"].value == "a\ufffdb\ufffdc"


def test_display_width_counts_characters_not_bytes() -> None:
    assert display_width("Имя") < len("Имя".encode())
    assert display_width("ab\nabcdef") == 6
    assert display_width("漢字") == 4


def test_semicolon_csv_round_trips_with_cyrillic() -> None:
    header = ["pair_id", "senior_name", "shared_topics"]
    rows = [["P01", "Волков; Андрей", "SMM; Маркетплейсы"], ["P02", "Ёлкина «Мария»", "=cmd"]]
    data = csv_bytes(header, rows, delimiter=check_delimiter(";"))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "pair_id;senior_name;shared_topics"
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert parsed == [header, rows[0], ["P02", "Ёлкина «Мария»", "'=cmd"]]


def test_check_delimiter() -> None:
    assert check_delimiter(";") == ";" and check_delimiter(",") == "," and check_delimiter("\t") == "\t"
    with pytest.raises(UsageError):
        check_delimiter("|")


def test_csv_guard_round_trips_exactly() -> None:
    from rmentor.inputs.cells import neutralize, restore

    for text in ["=1+1", "+7 916", "-x", "@SUM", "\tx", "'=x", "''+y", "'plain", "-5", "-5.5", "Ёлкина", "", "'"]:
        guarded = neutralize(text)
        assert not guarded.startswith(("=", "+", "@", "\t", "\r")) or guarded == text == ""
        assert restore(guarded) == text, text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(-100, 100), st.booleans(), st.floats(allow_nan=False),
                                   st.text(st.sampled_from(list("'=+-@\t\r\n ,;\"aЖ1.")), max_size=6)),
                         min_size=1, max_size=4), max_size=6),
       st.sampled_from([",", ";", "\t"]))
def test_csv_bytes_guards_exactly_the_cells_neutralize_guards(rows: list[list[object]], delimiter: str) -> None:
    """csv_bytes skips neutralize() for cells that cannot need it: the bytes are those of guarding every cell."""
    from rmentor.inputs.cells import neutralize
    from rmentor.outputs.csvfile import csv_bytes

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralize("a"), neutralize("=b")])
    for row in rows:
        writer.writerow([neutralize(c) for c in row])
    assert csv_bytes(["a", "=b"], rows, delimiter=delimiter) == b"\xef\xbb\xbf" + buf.getvalue().encode()
