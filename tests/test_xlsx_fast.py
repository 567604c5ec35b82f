"""The workbook writer's fast rows are XlsxWriter's own bytes: the same file, byte for byte.

:func:`rmentor.outputs.xlsx.workbook_bytes` writes the rows between a sheet's header and its last
row itself (a company-wide plan has about 900,000 cells); ``_workbook_bytes(fast=False)`` writes
every cell through XlsxWriter and is the reference.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime, time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rmentor.outputs.xlsx import Sheet, _workbook_bytes, workbook_bytes

#: Text that every escaping step sees: XML specials, control characters, XlsxWriter's own
#: ``_xHHHH_`` escapes and rich-text marker, formula starters, edge whitespace, Cyrillic, emoji,
#: bidi overrides, non-characters.
HOSTILE = ["&", "<", ">", '"', "'", "\x00", "\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x1b", "\x1f", "\x7f",
           "\x85", "\u202e", "\ufeff", "\ufffe", "\uffff", "_x0041_", "_X00ff_", "<r>", "</r>", "=", "+", "-", "@",
           " ", "\u00a0", "\u3000", "Ж", "ё", "😀", "漢", ";", ",", "\\", "]]>", "a", "Z", "0", "9", "."]

texts = st.lists(st.sampled_from(HOSTILE), max_size=8).map("".join) | st.text(max_size=12)
values = st.one_of(
    st.none(), st.just(""), texts, texts, st.booleans(), st.integers(-10**18, 10**18),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(date(1900, 3, 1), date(2100, 1, 1)),
    st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)), st.times(),
    st.sampled_from(["2027-01-11", "10:30", "25:00", "<r>x</r>", "<r><t>a</t></r>", " lead", "trail "]),
)


@st.composite
def sheets(draw: Any) -> list[Sheet]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        width = draw(st.integers(0, 6))
        header = draw(st.lists(texts | st.just(""), min_size=width, max_size=width))
        wider = draw(st.booleans()) and draw(st.integers(0, 3)) == 0  # now and then a row wider than the header
        rows = draw(st.lists(st.lists(values, max_size=width + (2 if wider else 0)), max_size=12))
        cols = st.sets(st.integers(0, max(0, width + 1)), max_size=3)
        out.append(Sheet(draw(texts) or "s", header, rows, date_columns=draw(cols), wrap_columns=draw(cols),
                         time_columns=draw(cols), date_format=draw(st.sampled_from(["YYYY-MM-DD", "DD.MM.YYYY"])),
                         title=draw(texts)))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), texts)
def test_fast_rows_are_xlsxwriters_bytes(book: list[Sheet], title: str) -> None:
    assert _workbook_bytes(book, title=title, fast=True) == _workbook_bytes(book, title=title, fast=False)


def test_long_text_and_many_rows_are_the_same_bytes() -> None:
    """Text past Excel's 32,767 characters (cut by XlsxWriter), a surrogate pair on the cut, styles
    first used in the last row, and a sheet whose last rows are empty."""
    long = "Ж" * 32766 + "😀" + "x" * 10
    rows: list[list[Any]] = [[f"P{i:04d}", i, date(2027, 1, 11), time(10, 30), "=1+1" if i == 7 else "a", 0.1 * i]
                             for i in range(300)]
    rows += [[long, math.nan, math.inf, True, "\r\n", "tail "], ["", None], []]
    book = [Sheet("Пары", ["Пара", "n", "Дата", "Время", "Текст", "x"], rows, date_columns=(2,), time_columns=(3,),
                  wrap_columns=(4,), date_format="DD.MM.YYYY"),
            Sheet("last", ["a", "b"], [["x", None], [None, "=quote only here"]], wrap_columns=(5,))]
    fast = _workbook_bytes(book, title="Программа & co", fast=True)
    assert fast == _workbook_bytes(book, title="Программа & co", fast=False)
    ws = load_workbook(io.BytesIO(fast))["Пары"]
    assert ws["A2"].value == "P0000" and ws["B301"].value == 299 and ws["C2"].value == datetime(2027, 1, 11)
    assert len(ws["A302"].value) == 32767 - 1  # XlsxWriter's cut in UTF-16 units: the emoji does not fit


def test_public_writer_takes_the_fast_path() -> None:
    book = [Sheet("s", ["a", "b"], [[str(i), i] for i in range(50)])]
    assert workbook_bytes(book) == _workbook_bytes(book, title="", fast=False)


def test_text_that_looks_like_xlsxwriters_rich_markup_is_escaped() -> None:
    """XlsxWriter's constant-memory mode wrote a cell "<r>...</r>" into the XML as it is (its own rich-text
    markup): the file did not open. Now it is a rich string of plain runs, read back as the same text."""
    hostile = ["<r>x</r>", "<r><t>a</t></r>", "<r></x></r>", "<r>&</r>", "<r>\x01</r>", "<r></r>"]
    book = [Sheet("s", ["a", "b"], [[t, i] for i, t in enumerate(hostile)] + [["<r>last</r>", 9]]),
            Sheet(hostile[2], [hostile[0], "b"], [["plain", 1], [hostile[2], 2], ["end", 3]])]
    data = workbook_bytes(book, title=hostile[3])
    assert data == _workbook_bytes(book, title=hostile[3], fast=False)
    wb = load_workbook(io.BytesIO(data))  # a well-formed file
    first, second = wb.worksheets
    assert [first.cell(i + 2, 1).value for i in range(len(hostile))] == [
        "<r>x</r>", "<r><t>a</t></r>", "<r></x></r>", "<r>&</r>", "<r>\ufffd</r>", "<r></r>"]
    assert first["A8"].value == "<r>last</r>" and second["A1"].value == "<r>x</r>"
    assert second["A3"].value == "<r></x></r>"
