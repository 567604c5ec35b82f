"""Read attendance back: which sessions were held, which were missed, and who cancelled.

The files HR ticks during a program, whatever their shape:

* ``sessions.csv`` as written by ``rmentor schedule`` / ``plan`` (``held``, ``cancelled_by``);
* ``plan.xlsx``: the sessions sheet («Все встречи» / "All sessions"), with the Russian headers
  «Пара», «Встреча», «Дата», «Состоялось», «Кто отменил» or the English ones;
* a CSV or XLSX that HR made from either: columns in any order, extra columns, a title row
  above the header, a status column («Статус»: «состоялась» / «отменена») instead of ``held``,
  any sheet of the workbook.

A row needs the pair and the session number. ``held`` reads yes/no (да/нет, 1/0, +/-,
«состоялась»/«не состоялась»); an empty cell means nothing is recorded and the row is not a
fact. A cancelling side with an empty ``held`` means "not held". Every problem in a file is
collected and raised once, with the file, sheet, row and column.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rmentor.errors import InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.inputs.surveys import (
    PAIR_COLUMNS,
    CellError,
    Row,
    Side,
    Table,
    cell_text,
    norm_header,
    parse_cancelled_by,
    parse_date,
    parse_held,
    parse_number,
    read_table,
    side_label,
)

MAX_ISSUES = 50
HEADER_SEARCH_ROWS = 10  # HR files often carry a title or a note above the header

PAIR_NAMES = PAIR_COLUMNS | {"pair_no", "номер_пары", "пара_id"}
SESSION_NAMES = frozenset({"session", "session_no", "session_number", "встреча", "номер_встречи", "встреча_no",
                           "n_встречи", "встречи", "no", "n", "номер"})
DATE_NAMES = frozenset({"date", "дата", "дата_встречи", "session_date"})
HELD_NAMES = frozenset({"held", "состоялась", "состоялось", "проведена", "прошла", "attended", "took_place"})
STATUS_NAMES = frozenset({"status", "статус", "итог", "outcome"})
CANCELLED_BY_NAMES = frozenset({"cancelled_by", "canceled_by", "кто_отменил", "отменил", "отменена_кем",
                                "инициатор_отмены"})


@dataclass(frozen=True)
class AttendanceFact:
    """One recorded session: held (True) or not held (False), and who cancelled."""

    pair_id: str
    session: int
    held: bool
    cancelled_by: Side | None
    date: date | None
    location: Location


@dataclass(frozen=True)
class AttendanceFile:
    """What one file says. ``blank`` counts rows with nothing recorded yet."""

    file: str
    facts: tuple[AttendanceFact, ...]
    rows: int
    blank: int
    sheet: str | None = None
    warnings: tuple[Issue, ...] = ()


@dataclass
class _Problems:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def _find(header: Sequence[str], names: frozenset[str]) -> int | None:
    for i, h in enumerate(header):
        if norm_header(h) in names:
            return i
    return None


def _columns(header: Sequence[str]) -> dict[str, int | None]:
    held = _find(header, HELD_NAMES)
    return {
        "pair": _find(header, PAIR_NAMES),
        "session": _find(header, SESSION_NAMES),
        "date": _find(header, DATE_NAMES),
        "held": held if held is not None else _find(header, STATUS_NAMES),
        "cancelled_by": _find(header, CANCELLED_BY_NAMES),
    }


def _is_attendance(header: Sequence[str]) -> bool:
    cols = _columns(header)
    return cols["pair"] is not None and cols["session"] is not None and (
        cols["held"] is not None or cols["cancelled_by"] is not None)


def _rehead(table: Table) -> Table | None:
    """The table with its real header row: the first of the top rows that names the columns."""
    if _is_attendance(table.header):
        return table
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        header = tuple(cell_text(c) for c in row.cells)
        if _is_attendance(header):
            return Table(table.file, header, row.line, table.rows[i + 1:], table.sheet)
    return None


def _xlsx_tables(path: Path) -> list[Table]:
    """Every non-empty sheet of a workbook, as tables (the header is the first non-empty row)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    from rmentor.inputs.files import read_bytes
    from rmentor.inputs.xlsxguard import check_workbook

    data = read_bytes(path)
    check_workbook(data, str(path))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError("this is not a readable .xlsx file ({reason})", location=Location(file=str(path)),
                         hint="open it in Excel and save it again as 'Excel Workbook (.xlsx)'",
                         reason=type(exc).__name__) from None
    tables: list[Table] = []
    try:
        for ws in wb.worksheets:
            header: tuple[str, ...] | None = None
            header_line = 1
            rows: list[Row] = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = tuple(values)
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                if header is None:
                    header, header_line = tuple(cell_text(c) for c in cells), number
                else:
                    rows.append(Row(number, cells))
            if header is not None:
                tables.append(Table(str(path), header, header_line, tuple(rows), sheet=ws.title))
    finally:
        wb.close()
    return tables


def _tables(path: Path) -> list[Table]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_tables(path)
    return [read_table(path)]


def read_attendance(path: Path) -> AttendanceFile:
    """Read one attendance file (CSV or XLSX; see the module docstring).

    Raises :class:`InputError` (exit 2) listing every problem, or when no table in the file
    has a pair, a session number and a held (or status, or cancelled-by) column.
    """
    tables = _tables(path)
    found = next((t for t in (_rehead(t) for t in tables) if t is not None), None)
    if found is None:
        seen = "; ".join(f"{t.sheet}: " * (t.sheet is not None) + ", ".join(h for h in t.header if h)
                         for t in tables) or "-"
        raise InputError("no attendance table found (columns: {columns})", location=Location(file=str(path)),
                         hint="attendance needs a pair column ('pair_id' or 'Пара'), a session number ('session' "
                              "or 'Встреча') and 'held' ('Состоялось'); use sessions.csv or plan.xlsx as written",
                         columns=seen[:300])
    problems = _Problems()
    facts, blank = _read(found, problems)
    if problems.issues:
        shown = problems.issues[:MAX_ISSUES]
        raise InputError(
            "{file}: problems in the attendance file: {count} (the first {shown} are shown)"
            if len(shown) < len(problems.issues) else "{file}: problems in the attendance file: {count}",
            issues=shown, hint="fix them and read the file again", file=str(path), count=len(problems.issues),
            shown=len(shown))
    return AttendanceFile(str(path), tuple(facts), len(found.rows), blank, found.sheet, tuple(problems.warnings))


def _cell_problem(problems: _Problems, table: Table, row: Row, column: int, exc: CellError) -> None:
    problems.issues.append(Issue("column '{column}': {problem}",
                                 {"column": table.header[column], "problem": tr(exc.message, **exc.params)},
                                 table.where(row.line, column), exc.hint, exc.params))


def _read(table: Table, problems: _Problems) -> tuple[list[AttendanceFact], int]:
    cols = _columns(table.header)
    pc, sc = cols["pair"], cols["session"]
    assert pc is not None and sc is not None  # checked by _is_attendance
    hc, cc, dc = cols["held"], cols["cancelled_by"], cols["date"]
    facts: dict[tuple[str, int], AttendanceFact] = {}
    blank = 0
    for row in table.rows:
        pair = cell_text(row.get(pc))
        held: bool | None = None
        by: Side | None = None
        ok = True
        if hc is not None:
            try:
                held = parse_held(row.get(hc))
            except CellError as exc:
                _cell_problem(problems, table, row, hc, exc)
                ok = False
        if cc is not None:
            try:
                by = parse_cancelled_by(row.get(cc))
            except CellError as exc:
                _cell_problem(problems, table, row, cc, exc)
                ok = False
        if held is None and by is None and ok:
            blank += 1
            continue
        if not pair:
            problems.issues.append(Issue("the pair id is empty", {}, table.where(row.line, pc),
                                         "fill it in or delete the row"))
            continue
        number = 0
        try:
            value: Any = row.get(sc)
            parsed = parse_number(value)
            if parsed is None or parsed < 1 or not float(parsed).is_integer():
                raise CellError("'{value}' is not a session number", "session numbers are 1, 2, 3...",
                                value=cell_text(value))
            number = int(parsed)
        except CellError as exc:
            _cell_problem(problems, table, row, sc, exc)
            ok = False
        day: date | None = None
        if dc is not None and cell_text(row.get(dc)):
            try:
                day = parse_date(row.get(dc))
            except CellError as exc:
                _cell_problem(problems, table, row, dc, exc)
                ok = False
        if not ok:
            continue
        if held is None:
            held = False  # a cancelling side with an empty held cell: it did not take place
        if held and by is not None:
            problems.warnings.append(Issue(
                "session {n} of pair {pair} is marked held but also cancelled by the {side}; counted as held",
                {"n": number, "pair": pair, "side": side_label(by)}, table.where(row.line, cc),
                "clear 'cancelled_by' or set 'held' to no"))
            by = None
        fact = AttendanceFact(pair, number, held, by, day, table.where(row.line))
        earlier = facts.get((pair, number))
        if earlier is not None and (earlier.held, earlier.cancelled_by) != (held, by):
            problems.issues.append(Issue(
                "session {n} of pair {pair} is recorded twice, differently (also at {other})",
                {"n": number, "pair": pair, "other": str(earlier.location)}, table.where(row.line),
                "keep one row per session"))
            continue
        facts[(pair, number)] = fact
    return sorted(facts.values(), key=lambda f: (f.pair_id, f.session)), blank
