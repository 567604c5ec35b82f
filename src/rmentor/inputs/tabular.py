"""Rosters as spreadsheets: read ``.xlsx``/``.csv`` into the plain data a roster YAML gives.

HR keeps rosters in Excel. This module turns a workbook (or a CSV export of one) into
exactly the structure :func:`rmentor.inputs.safeyaml.parse_yaml` returns for a roster YAML::

    {"seniors": [{...person...}], "juniors": [...], "managers": {...}, "pinned": [...], "history": [...]}

plus a locator that maps a field path such as ``("juniors", 3, "offers")`` to the sheet,
row and column it came from, so every error of :mod:`rmentor.inputs.loading` points at a cell.

Layouts
    * ``.xlsx``: sheets ``seniors`` and ``juniors`` (or Russian names: ``Старшие``,
      ``Руководители``, ``Младшие``, ``Наставники``, ...), or one sheet with a ``side``
      column. Optional sheets ``managers`` (managers outside the program), ``pinned`` and
      ``history`` (pairs as two columns, senior and junior). Sheets with other names are
      ignored, so an instructions tab is fine.
    * ``.csv``/``.tsv``: one table with a ``side`` column (``senior``/``junior``, or
      ``manager`` for a manager outside the program). ``,`` or ``;`` is detected; a BOM
      and Excel's ``sep=;`` first line are fine.

Headers are English or Russian (``Имя``, ``Отдел``, ``Руководитель`` ...); see
:data:`PERSON_HEADERS`. A header that is not a person field is a criterion score column:
``readiness`` or its Russian alias ``Готовность``, or the name of any criterion the
program defines; ``score: name`` forces a score column. List cells are separated by
``,``, ``;`` or line breaks.

Excel quirks handled: numbers stored as floats (``5.0`` is 5), ids Excel turned into
numbers, dates and times, empty rows, stray spaces, merged cells (a merged header group
such as ``Оценки`` over criterion columns, or a department merged down several rows) and
formulas (their cached values are read; formulas are never evaluated).
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from rmentor.errors import InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.inputs.safeyaml import Path_

MAX_ISSUES = 50
#: A workbook is a zip; refuse one that would inflate beyond this (a zip bomb).
#: Rows searched for the header (a title row or two above it is common).
HEADER_SEARCH_ROWS = 10

TEXT_FIELDS = ("id", "name", "title", "department", "email", "manager", "timezone", "notes")
LIST_FIELDS = ("avoid", "prefers", "wants", "offers")
INT_FIELDS = ("capacity",)
ID_FIELDS = ("id", "manager")

#: Accepted headers of person columns (compared case-insensitively, ``ё`` = ``е``,
#: ``_`` = space). The first Russian entry is what ``rmentor convert --lang ru`` writes.
PERSON_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ид", "идентификатор", "код", "логин", "login", "person id", "employee id", "табельный номер"),
    "name": ("name", "имя", "фио", "ф.и.о.", "full name", "сотрудник", "участник"),
    "title": ("title", "должность", "position", "job title"),
    "department": ("department", "отдел", "dept", "подразделение", "департамент"),
    "email": ("email", "почта", "e-mail", "mail", "эл. почта", "электронная почта"),
    "manager": ("manager", "руководитель", "manager id", "непосредственный руководитель", "начальник"),
    "timezone": ("timezone", "часовой пояс", "time zone", "tz", "пояс"),
    "availability": ("availability", "доступность", "available", "slots", "свободное время", "окна", "слоты"),
    "wants": ("wants", "хочет изучить", "wants to learn", "хочет узнать", "хочет научиться", "интересы"),
    "offers": ("offers", "может научить", "can teach", "может рассказать", "может поделиться", "экспертиза"),
    "topics": ("topics", "темы"),  # wants for a senior, offers for a junior
    "capacity": ("capacity", "ёмкость", "емкость", "сколько старших", "макс. старших", "max seniors"),
    "avoid": ("avoid", "избегать", "не ставить в пару", "не в паре с"),
    "prefers": ("prefers", "предпочтения", "пожелания", "хочет в пару", "хочет в пару с", "preferences", "wishes"),
    "notes": ("notes", "заметки", "note", "comment", "comments", "заметка", "примечание", "примечания",
              "комментарий", "комментарии"),
    # not plain "роль"/"role": HR sheets use those for the job role
    "side": ("side", "сторона", "роль в программе", "role in program", "участвует как", "тип участника"),
}

#: Russian (and long English) names of the default criteria. A program with its own
#: criteria simply uses their names as headers.
CRITERION_HEADERS: dict[str, tuple[str, ...]] = {
    "readiness": ("готовность", "готовность учиться"),
    "openness": ("открытость", "открытость изменениям"),
    "communication": ("коммуникация", "коммуникабельность", "коммуникативные навыки"),
    "sharing": ("желание делиться", "готовность делиться"),
    "structuring": ("структурирование", "умение структурировать", "структурность"),
}

#: Values of the ``side`` column.
SIDE_VALUES: dict[str, tuple[str, ...]] = {
    "senior": ("senior", "seniors", "s", "старший", "старшие", "руководитель", "подопечный", "менти"),
    "junior": ("junior", "juniors", "j", "младший", "младшие", "наставник", "ментор", "молодой сотрудник"),
    "manager": ("manager", "вне программы", "руководитель вне программы", "outside"),
}

#: Sheet names. ``people`` is a single sheet with a ``side`` column.
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "seniors": ("seniors", "старшие", "senior", "старший", "руководители", "подопечные", "менти"),
    "juniors": ("juniors", "младшие", "junior", "младший", "наставники", "менторы", "молодые сотрудники"),
    "managers": ("managers", "руководители вне программы", "вне программы", "линии подчинения"),
    "pinned": ("pinned", "закреплённые пары", "закреплённые", "pinned pairs"),
    "history": ("history", "прошлые пары", "история", "earlier pairs", "past pairs"),
    "people": ("people", "участники", "roster", "participants", "состав", "сотрудники"),
}

#: Column headers of the ``pinned``/``history`` sheets and of the ``managers`` sheet.
PAIR_HEADERS: dict[str, tuple[str, ...]] = {
    "senior": ("senior", "старший", "senior id", "руководитель"),
    "junior": ("junior", "младший", "junior id", "наставник"),
}

_SCORE_PREFIX = re.compile(r"^(?:scores?|оценка|оценки|балл)\s*[:.]\s*(.+)$", re.IGNORECASE)
_CRITERION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # as models.Matching requires
_SCORE_GROUPS = ("scores", "оценки", "баллы", "criteria", "критерии")
_INT_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def normalize_header(text: str) -> str:
    """Header text compared loosely: case, ``ё``/``е``, spaces and ``_`` do not matter."""
    t = text.replace("\u00a0", " ").casefold().replace("ё", "е")
    t = re.sub(r"[\s_]+", " ", t).strip()
    return t.strip(" :*").strip()


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalize_header(alias): key for key, aliases in table.items() for alias in (key, *aliases)}


_PERSON = _index(PERSON_HEADERS)
_CRITERIA = _index(CRITERION_HEADERS)
_SIDES = _index(SIDE_VALUES)
_SHEETS = _index(SHEET_NAMES)
_PAIRS = _index(PAIR_HEADERS)


# ----------------------------------------------------------------------------- raw tables


@dataclass
class _Table:
    """Cells of one sheet (or the CSV), with the row/column numbers users see."""

    sheet: str | None  # None for CSV
    rows: list[tuple[int, list[Any]]]  # (row number, cells)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of formulas without a value
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col)


class _Pos(NamedTuple):
    """A cell (or row, or sheet) as users see it. A tuple: one is made per cell read."""

    sheet: str | None
    row: int | None = None
    col: int | None = None  # 1-based
    title: str | None = None


@dataclass(frozen=True)
class _Col:
    index: int  # 0-based position in the row
    title: str  # as written
    kind: str  # "field" | "score" | "side"
    name: str


class _Problems:
    """Problems found while reading, each at a cell; raised together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def add(self, pos: _Pos, message: str, hint: str | None = None, **params: Any) -> None:
        self.issues.append(Issue(message, params, _location(self.file, pos), hint))

    def raise_if_any(self) -> None:
        if not self.issues:
            return
        shown = self.issues[:MAX_ISSUES]
        more = len(self.issues) - len(shown)
        raise InputError(
            "{file}: {count} problem(s) in the {what}" + (" (first {shown} shown)" if more else ""),
            issues=shown,
            hint="fix them and run 'rmentor validate' again",
            file=self.file,
            count=len(self.issues),
            what=tr("roster"),
            shown=len(shown),
        )


def _column_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _location(file: str, pos: _Pos) -> Location:
    """A location whose text names the sheet, row and column (translated when created)."""
    if pos.col is not None and pos.title is not None:
        column = f"{_column_letter(pos.col)} ({pos.title})" if pos.sheet is not None else pos.title
    elif pos.col is not None:
        column = _column_letter(pos.col) if pos.sheet is not None else str(pos.col)
    else:
        column = None
    if pos.sheet is not None:
        if pos.row is None:
            text = tr("sheet {sheet}", sheet=pos.sheet)
        elif column is None:
            text = tr("sheet {sheet}, row {row}", sheet=pos.sheet, row=pos.row)
        else:
            text = tr("sheet {sheet}, row {row}, column {column}", sheet=pos.sheet, row=pos.row, column=column)
    elif pos.row is None:
        text = None
    elif column is None:
        text = tr("row {row}", row=pos.row)
    else:
        text = tr("row {row}, column {column}", row=pos.row, column=column)
    return Location(file=file, line=pos.row, path=text)


# ----------------------------------------------------------------------------- cells


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_cell(value: Any) -> Any:
    """One cell as plain data: text stripped (empty -> None), whole floats -> int, dates kept."""
    if isinstance(value, str):
        text = value.strip()  # str.strip() also removes no-break spaces
        return text or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def split_list(text: str) -> list[str]:
    """``"a, b; c"`` or one item per line -> ``["a", "b", "c"]``."""
    return [p.strip() for p in re.split(r"[;,\n]", text) if p.strip()]


def split_windows(text: str) -> list[str]:
    """Availability cell -> windows. ``;`` and line breaks always separate; ``,`` only after a
    time, so ``"Пн,Ср 14:00-15:30"`` stays one window and ``"Tue 10:00-12:00, Thu 16:00-18:00"``
    is two."""
    return [p.strip() for p in re.split(r"[;\n]|(?<=\d)\s*,", text) if p.strip()]


def _whole_number(value: Any) -> Any:
    """Scores and capacity: ``5``, ``5.0``, ``"5"``, ``"5,0"`` -> 5; anything else unchanged
    so that validation reports it."""
    if isinstance(value, str) and _INT_TEXT.match(value) and len(value) <= 30:
        # exact, not through float: 309 digits made float('inf') and an OverflowError traceback;
        # longer text stays text, and validation reports it naming the cell
        return int(re.split(r"[.,]", value)[0])
    return value


# ----------------------------------------------------------------------------- reading files


def read_roster_table(path: Path) -> tuple[Any, Callable[[Path_], Location]]:
    """Read a ``.xlsx``/``.xlsm``/``.csv``/``.tsv`` roster into plain data and a locator.

    Raises :class:`~rmentor.errors.InputError` (exit 2) naming the sheet, row and column
    of every problem it finds in the layout of the file.
    """
    data, locate, _notes = read_roster_table_notes(path)
    return data, locate


def read_roster_table_notes(path: Path) -> tuple[Any, Callable[[Path_], Location], list[Issue]]:
    """Like :func:`read_roster_table`, plus notes for the user: the columns ignored, the
    encoding detected."""
    from rmentor.inputs.files import read_bytes

    return read_roster_bytes_notes(read_bytes(path), str(path), path.suffix.lower())


def read_roster_bytes(data: bytes, file: str, suffix: str) -> tuple[Any, Callable[[Path_], Location]]:
    """Like :func:`read_roster_table`, for file contents already in memory (``suffix`` picks the format)."""
    plain, locate, _notes = read_roster_bytes_notes(data, file, suffix)
    return plain, locate


def read_roster_bytes_notes(data: bytes, file: str,
                            suffix: str) -> tuple[Any, Callable[[Path_], Location], list[Issue]]:
    """Like :func:`read_roster_bytes`, plus notes (see :func:`read_roster_table_notes`)."""
    notes: list[Issue] = []
    if suffix in (".xlsx", ".xlsm"):
        tables = _xlsx_tables(data, file)
    else:
        tables = [_csv_table(data, file, tab=suffix == ".tsv", notes=notes)]
    # the roster model limits people per side; refuse a table far beyond it before reading each cell
    from rmentor.model import max_people

    rows, limit = sum(len(t.rows) for t in tables), max_people()
    if rows > 3 * limit:
        raise InputError("the table has {rows} rows, more than the limit of {limit} people per side allows",
                         location=Location(file=file),
                         hint="split the roster (for example by department or region), or raise the limit "
                              "with RMENTOR_MAX_PEOPLE", rows=rows, limit=limit)
    plain, locate, more = _Builder(file, tables, is_csv=suffix not in (".xlsx", ".xlsm")).build_with_notes()
    return plain, locate, [*notes, *more]


def encoding_note(file: str, encoding: str) -> Issue:
    """The note that a CSV was read in ``encoding`` rather than UTF-8."""
    return Issue("read as {encoding} (not UTF-8)", {"encoding": encoding}, Location(file=file),
                 "nothing to do; 'CSV UTF-8' in Excel's 'Save as' avoids the guess")


def _csv_table(data: bytes, file: str, *, tab: bool, notes: list[Issue] | None = None) -> _Table:
    from rmentor.inputs.files import decode_csv

    text, encoding = decode_csv(data, file)
    if encoding is not None and notes is not None:
        notes.append(encoding_note(file, encoding))
    lines = text.splitlines()
    first_line = 1
    delimiter = "\t" if tab else ""
    sep = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    if sep:  # Excel's "sep=;" hint line
        delimiter, first_line = sep.group(1), 2
        text = "\n".join(lines[1:])
    if not delimiter:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for record in reader:
            # line_num is the last physical line of the record; a quoted cell may span lines
            rows.append((start + first_line - 1, [_unquote(c) for c in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            "the CSV file cannot be read: {reason}",
            location=Location(file=file, line=reader.line_num + first_line - 1),
            hint="check the quotes on this line",
            reason=str(exc),
        ) from None
    return _Table(None, rows)


def _unquote(cell: str) -> str:
    """Undo the ``'`` that formula-safe CSV writers put before ``= + - @``."""
    from rmentor.inputs.cells import restore

    return restore(cell)


def sniff_delimiter(text: str) -> str:
    """``;`` or ``,`` (or a tab): whichever splits the header line into the most cells."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in (",", ";", "\t")}
    best = max(counts.values())
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def _xlsx_tables(data: bytes, file: str) -> list[_Table]:
    from rmentor.inputs.xlsxguard import check_workbook, open_workbook

    check_workbook(data, file)  # every part: unpacked size, cells, rows, DTDs, damage
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets_xml = [archive.read(i.filename) for i in archive.infolist()
                      if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    # openpyxl's fast read-only mode cannot see merged cells, and the second pass that finds
    # formulas without a saved value is only needed when there are formulas at all
    has_merged = any(b"<mergeCell " in xml for xml in sheets_xml)
    has_formulas = any(re.search(rb"<f[ >/]", xml) for xml in sheets_xml)
    del sheets_xml
    with contextlib.ExitStack() as stack:
        values = stack.enter_context(open_workbook(data, file, data_only=True, read_only=not has_merged))
        formulas = (stack.enter_context(open_workbook(data, file, data_only=False, read_only=True))
                    if has_formulas else None)
        return [_sheet_table(ws, formulas) for ws in values.worksheets]


def _sheet_rows(ws: Any) -> list[tuple[int, list[Any]]]:
    if hasattr(ws, "reset_dimensions"):  # read-only: do not trust the size the file claims
        ws.reset_dimensions()
    return [(r, list(cells)) for r, cells in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)]


def _sheet_table(ws: Any, formulas: Any) -> _Table:
    rows = _sheet_rows(ws)
    missing: set[tuple[int, int]] = set()
    if formulas is not None and ws.title in formulas.sheetnames:
        # a formula whose value was never computed (a file written by a program, not by Excel)
        for r, cells in _sheet_rows(formulas[ws.title]):
            for c, value in enumerate(cells, start=1):
                if (isinstance(value, str) and value.startswith("=") and r <= len(rows)
                        and c <= len(rows[r - 1][1]) and rows[r - 1][1][c - 1] is None):
                    missing.add((r, c))
    ranges = getattr(ws, "merged_cells", None)
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ranges.ranges] if ranges is not None else []
    return _Table(ws.title, rows, missing, merged)


# ----------------------------------------------------------------------------- building the roster
#
# Reading a workbook goes in steps, each a small class or function below:
#   1. _assign_sheets   which sheet holds which section (people, managers, pinned, history)
#   2. _fill_merged     a value merged over several cells belongs to each
#   3. _find_header     the header row(s), below any title rows, with merged group titles
#   4. _ColumnReader    what each column means: a person field, a score, the side; unknown
#                       columns are collected for one warning
#   5. _PeopleReader    one person per row; _PairsReader for managers, pinned and history


@dataclass
class _Reading:
    """What the steps share: the data built so far, where each part came from, problems, notes."""

    file: str
    problems: _Problems
    where: dict[Path_, _Pos] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=lambda: {"seniors": [], "juniors": []})
    notes: list[Issue] = field(default_factory=list)
    ignored: dict[str, list[str]] = field(default_factory=dict)  # sheet -> unknown column titles

    def locate(self, path: Path_) -> Location:
        """Where ``path`` (e.g. ``("juniors", 3, "offers")``) came from: sheet, row, column."""
        probe = tuple(path)
        while probe and probe not in self.where:
            probe = probe[:-1]
        return _location(self.file, self.where.get(probe, _Pos(None)))


class _Builder:
    """Turns the tables of one file into roster data, step by step (see above)."""

    def __init__(self, file: str, tables: list[_Table], *, is_csv: bool) -> None:
        self.tables = tables
        self.is_csv = is_csv
        self.reading = _Reading(file, _Problems(file))
        self.problems = self.reading.problems

    def build(self) -> tuple[Any, Callable[[Path_], Location]]:
        """The roster data and its locator (problems raised together)."""
        data, locate, _notes = self.build_with_notes()
        return data, locate

    def build_with_notes(self) -> tuple[Any, Callable[[Path_], Location], list[Issue]]:
        """Like :meth:`build`, plus notes: ignored columns, the encoding detected."""
        r = self.reading
        for table, role in _assign_sheets(self.tables, r.problems, is_csv=self.is_csv):
            _fill_merged(table)
            if role in ("seniors", "juniors", "people"):
                _PeopleReader(r, table).read(None if role == "people" else role[:-1])
            elif role == "managers":
                _PairsReader(r, table).managers()
            else:
                _PairsReader(r, table).pairs(role)
        r.problems.raise_if_any()
        if r.ignored:
            columns = "; ".join(
                (f"{sheet}: " if sheet else "") + ", ".join(f"«{t}»" for t in titles)
                for sheet, titles in r.ignored.items())
            r.notes.append(Issue("columns rmentor does not use were ignored: {columns}", {"columns": columns},
                                 Location(file=r.file),
                                 "nothing to do; a criterion column must use the criterion's name from the program"))
        data = {k: v for k, v in r.data.items() if k in ("seniors", "juniors") or v}
        return data, r.locate, r.notes

    def locate(self, path: Path_) -> Location:
        """Where ``path`` came from (see :meth:`_Reading.locate`)."""
        return self.reading.locate(path)


def _assign_sheets(tables: list[_Table], problems: _Problems, *, is_csv: bool) -> list[tuple[_Table, str]]:
    """Step 1: (table, section) for every sheet that holds roster data; other sheets are skipped."""
    if is_csv:
        return [(tables[0], "people")]
    roles: list[tuple[_Table, str]] = []
    taken: dict[str, str] = {}
    for table in tables:
        assert table.sheet is not None
        role = _SHEETS.get(normalize_header(table.sheet))
        if role is None and _has_side_column(table):
            role = "people"
        if role is None:
            continue  # instructions, lookups, charts: not roster data
        if role in taken and role != "people":
            problems.add(_Pos(table.sheet), "sheets '{sheet}' and '{other}' hold the same section",
                         "keep one of them, or rename the other", sheet=table.sheet, other=taken[role])
            continue
        taken.setdefault(role, table.sheet)
        roles.append((table, role))
    if not any(role in ("seniors", "juniors", "people") for _, role in roles):
        problems.add(
            _Pos(None),
            "no roster sheets found (sheets: {sheets})",
            "name the sheets 'seniors' and 'juniors' (or 'Старшие' and 'Младшие'), "
            "or put everyone on one sheet with a 'side' column",
            sheets=", ".join(t.sheet or "" for t in tables),
        )
        problems.raise_if_any()
    return roles


def _fill_merged(table: _Table) -> None:
    """Step 2: a value merged over several cells belongs to each of them (e.g. a department
    merged down the rows of its people)."""
    rows = dict(table.rows)
    for r1, c1, r2, c2 in table.merged:
        top = rows.get(r1)
        value = top[c1 - 1] if top is not None and c1 <= len(top) else None
        for r in range(r1, r2 + 1):
            cells = rows.get(r)
            if cells is None:
                continue
            for c in range(c1, min(c2, len(cells)) + 1):
                if (r, c) != (r1, c1) and cells[c - 1] is None:
                    # header groups are resolved in _find_header; here only fill the data area
                    cells[c - 1] = _Merged(value)


def _find_header(table: _Table, known: dict[str, str]) -> tuple[int, list[str], list[str | None]]:
    """Step 3: (index of the last header row in ``table.rows``, column titles, group titles)."""
    candidates = [k for k, (_, cells) in enumerate(table.rows) if any(not _blank(_plain(c)) for c in cells)]
    if not candidates:
        return -1, [], []
    first = candidates[0]
    for k in candidates[:HEADER_SEARCH_ROWS]:
        cells = [_plain(c) for c in table.rows[k][1] if not isinstance(c, _Merged)]
        if sum(isinstance(c, str) and normalize_header(c) in known for c in cells) >= 1:
            first = k
            break
    titles = [_header_text(c) for c in table.rows[first][1]]
    groups: list[str | None] = [None] * len(titles)
    last = first
    row_no = table.rows[first][0]
    spans = [m for m in table.merged if m[0] == row_no]
    if any(c2 > c1 for _, c1, _, c2 in spans) and first + 1 < len(table.rows):
        # a merged group title ("Оценки") over the real column titles in the next row
        last = first + 1
        below = [_header_text(c) for c in table.rows[last][1]]
        below += [""] * (len(titles) - len(below))
        titles += [""] * (len(below) - len(titles))
        groups += [None] * (len(below) - len(groups))
        for _r1, c1, _r2, c2 in spans:
            if c2 > c1:
                for c in range(c1, c2 + 1):
                    groups[c - 1] = titles[c1 - 1]
        titles = [b or (t if groups[i] is None else "") for i, (t, b) in enumerate(zip(titles, below, strict=True))]
    for _r1, _c1, r2, _c2 in spans:  # a title merged down over several rows
        while last + 1 < len(table.rows) and table.rows[last + 1][0] <= r2:
            last += 1
    return last, titles, groups


#: How close an unknown header must be to a known one to be called a typo ("did you mean")
#: rather than an extra column of the export («Руководитель подразделения» is not «Руководитель»).
TYPO_CUTOFF = 0.75


class _ColumnReader:
    """Step 4: what each column of a people sheet means."""

    def __init__(self, reading: _Reading, table: _Table) -> None:
        self.reading = reading
        self.table = table

    def columns(self, titles: list[str], groups: list[str | None], header_row: int,
                data: list[tuple[int, list[Any]]]) -> list[_Col]:
        cols: list[_Col] = []
        seen: dict[tuple[str, str], str] = {}
        for i, title in enumerate(titles):
            has_data = any(i < len(cells) and not _blank(_plain(cells[i])) for _, cells in data)
            pos = _Pos(self.table.sheet, header_row, i + 1)
            if not title:
                if has_data:
                    self.reading.problems.add(pos, "this column has data but no header",
                                              "add a header such as 'name', 'department' or a criterion name")
                continue
            col = self._meaning(i, title, groups[i] if i < len(groups) else None)
            if col is None:
                if has_data:
                    self._unknown(pos, title)
                continue
            ident = (col.kind, col.name)
            if ident in seen:
                self.reading.problems.add(pos, "column '{column}' means the same as column '{other}'",
                                          "keep one of them", column=title, other=seen[ident])
                continue
            seen[ident] = title
            cols.append(col)
        return cols

    @staticmethod
    def _meaning(i: int, title: str, group_title: str | None) -> _Col | None:
        key = normalize_header(title)
        group = normalize_header(group_title) if group_title else ""
        forced = _SCORE_PREFIX.match(title)
        if forced:
            name = forced.group(1).strip()
            return _Col(i, title, "score", _CRITERIA.get(normalize_header(name), name))
        if group in _SCORE_GROUPS:
            return _Col(i, title, "score", _CRITERIA.get(key, title.strip()))
        if key in _PERSON:
            field_name = _PERSON[key]
            return _Col(i, title, "side" if field_name == "side" else "field", field_name)
        if key in _CRITERIA or _CRITERION_NAME.fullmatch(title.strip()):
            # any other Latin name is a criterion the program may define (checked against it later)
            return _Col(i, title, "score", _CRITERIA.get(key, title.strip()))
        return None

    def _unknown(self, pos: _Pos, title: str) -> None:
        """A typo of a known header is an error; any other extra column (HR exports have many) is
        ignored, and named in one note for the whole file."""
        close = difflib.get_close_matches(normalize_header(title), [*_PERSON, *_CRITERIA], n=1, cutoff=TYPO_CUTOFF)
        if close:
            self.reading.problems.add(pos, "unknown column '{column}'", "did you mean '{suggestion}'?",
                                      column=title, suggestion=close[0])
        else:
            self.reading.ignored.setdefault(self.table.sheet or "", []).append(title)


class _PeopleReader:
    """Step 5: the people of a sheet (or of the CSV), one per row."""

    def __init__(self, reading: _Reading, table: _Table) -> None:
        self.reading = reading
        self.table = table
        self.problems = reading.problems

    def read(self, side: str | None) -> None:
        table = self.table
        last, titles, groups = _find_header(table, _PERSON)
        if last < 0:
            return
        header_row = table.rows[last][0]
        data = table.rows[last + 1:]
        cols = _ColumnReader(self.reading, table).columns(titles, groups, header_row, data)
        side_col = next((c for c in cols if c.kind == "side"), None)
        if side is None and side_col is None:
            self.problems.add(
                _Pos(table.sheet, header_row),
                "no 'side' column: cannot tell seniors from juniors",
                "add a column 'side' with senior or junior (старший или младший) in each row",
            )
            return
        for row_no, cells in data:
            if all(_blank(_plain(c)) for c in cells):
                continue
            row_side = self._row_side(row_no, cells, side, side_col)
            if row_side is None:
                continue
            if row_side == "manager":
                _PairsReader(self.reading, table).manager_row(row_no, cells, cols)
            else:
                self.person(row_no, cells, cols, row_side)

    def _row_side(self, row_no: int, cells: list[Any], side: str | None, side_col: _Col | None) -> str | None:
        """The side of one row: its sheet's, or its side cell's (None after a problem)."""
        if side_col is None:
            return side
        table = self.table
        raw = clean_cell(_plain(cells[side_col.index])) if side_col.index < len(cells) else None
        pos = _Pos(table.sheet, row_no, side_col.index + 1, side_col.title)
        given = _SIDES.get(normalize_header(_as_text(raw))) if raw is not None else None
        if raw is None and side is None:
            self.problems.add(pos, "the side is empty", "write senior or junior (старший или младший)")
            return None
        if raw is not None and given is None:
            self.problems.add(pos, "'{value}' is not a side",
                              "write senior or junior (старший или младший)", value=_as_text(raw))
            return None
        if side is not None and given is not None and given != side:
            self.problems.add(pos, "this row says '{value}', but it is on the sheet '{sheet}'",
                              "move the row to the right sheet or fix the side",
                              value=_as_text(raw), sheet=table.sheet)
            return None
        return given or side

    def person(self, row_no: int, cells: list[Any], cols: list[_Col], side: str) -> None:
        table = self.table
        where = self.reading.where
        section = side + "s"
        people: list[dict[str, Any]] = self.reading.data[section]
        base: Path_ = (section, len(people))
        where[base] = _Pos(table.sheet, row_no)
        person: dict[str, Any] = {}
        scores: dict[str, Any] = {}
        for col in cols:
            if col.kind == "side":
                continue
            pos = _Pos(table.sheet, row_no, col.index + 1, col.title)
            value = self._cell(row_no, cells, col, pos)
            if value is None:
                continue
            if col.kind == "score":
                key: Path_ = (*base, "scores", col.name)  # a named tuple: mypy misreads x[(*a, b)]
                where[key] = pos
                scores[col.name] = _whole_number(value)
                continue
            name = col.name
            if name == "topics":
                name = "wants" if side == "senior" else "offers"
            converted = _field_value(self.problems, name, value, pos)
            if converted is None:
                continue
            key = (*base, name)
            where[key] = pos
            person[name] = converted
        if scores:
            key = (*base, "scores")
            where[key] = _Pos(table.sheet, row_no)
            person["scores"] = scores
        people.append(person)

    def _cell(self, row_no: int, cells: list[Any], col: _Col, pos: _Pos) -> Any:
        """A cell's clean value; None when it is empty or holds a problem (reported)."""
        raw = cells[col.index] if col.index < len(cells) else None
        if (row_no, col.index + 1) in self.table.formulas:
            self.problems.add(pos, "the cell has a formula but no saved value",
                              "open the file in Excel or LibreOffice and save it, so the values are stored; "
                              "rmentor never evaluates formulas")
            return None
        value = clean_cell(_plain(raw))
        if isinstance(value, str) and value in _EXCEL_ERRORS:
            self.problems.add(pos, "the cell shows the Excel error {value}", "fix the formula or type the value",
                              value=value)
            return None
        return value


def _field_value(problems: _Problems, name: str, value: Any, pos: _Pos) -> Any:
    if isinstance(value, (date, datetime)) and (name in ID_FIELDS or name in ("avoid", "prefers")):
        problems.add(pos, "Excel turned this id into a date ({value})",
                     "format the column as Text, then type the id again", value=_as_text(value))
        return None
    if name in INT_FIELDS:
        return _whole_number(value)
    text = _as_text(value)
    if name in LIST_FIELDS:
        return split_list(text)
    if name == "availability":
        return split_windows(text)
    return text


class _PairsReader:
    """Step 5, the other sheets: managers outside the program, pinned and earlier pairs."""

    def __init__(self, reading: _Reading, table: _Table) -> None:
        self.reading = reading
        self.table = table
        self.problems = reading.problems

    def manager_row(self, row_no: int, cells: list[Any], cols: list[_Col]) -> None:
        table = self.table
        by_name = {c.name: c for c in cols if c.kind == "field"}
        id_col, boss_col = by_name.get("id"), by_name.get("manager")
        if id_col is None:
            self.problems.add(_Pos(table.sheet, row_no), "no id column", "add a column 'id'")
            return
        mid = self._cell_id(row_no, cells, id_col)
        if mid is None:
            self.problems.add(_Pos(table.sheet, row_no, id_col.index + 1, id_col.title), "the id is empty",
                              "write the manager's id")
            return
        boss = self._cell_id(row_no, cells, boss_col) if boss_col is not None else None
        managers: dict[str, Any] = self.reading.data.setdefault("managers", {})
        pos = _Pos(table.sheet, row_no, boss_col.index + 1 if boss_col else None,
                   boss_col.title if boss_col else None)
        if mid in managers:
            self.problems.add(pos, "manager '{id}' is listed twice", "keep one row for them", id=mid)
            return
        managers[mid] = boss
        self.reading.where[("managers", mid)] = pos

    def _cell_id(self, row_no: int, cells: list[Any], col: _Col) -> str | None:
        value = clean_cell(_plain(cells[col.index])) if col.index < len(cells) else None
        if value is None:
            return None
        converted = _field_value(self.problems, "id", value, _Pos(self.table.sheet, row_no, col.index + 1, col.title))
        return str(converted) if converted is not None else None

    def managers(self) -> None:
        table = self.table
        last, titles, _groups = _find_header(table, _PERSON)
        if last < 0:
            return
        cols = [_Col(i, t, "field", _PERSON[normalize_header(t)]) for i, t in enumerate(titles)
                if t and normalize_header(t) in _PERSON]
        if not any(c.name == "id" for c in cols):
            self.problems.add(_Pos(table.sheet, table.rows[last][0]), "no id column",
                              "the managers sheet needs columns 'id' and 'manager' (ID и Руководитель)")
            return
        for row_no, cells in table.rows[last + 1:]:
            if not all(_blank(_plain(c)) for c in cells):
                self.manager_row(row_no, cells, cols)

    def pairs(self, section: str) -> None:
        table = self.table
        last, titles, _groups = _find_header(table, _PAIRS)
        if last < 0:
            return
        found = {_PAIRS[normalize_header(t)]: i for i, t in enumerate(titles) if t and normalize_header(t) in _PAIRS}
        if "senior" not in found or "junior" not in found:
            self.problems.add(_Pos(table.sheet, table.rows[last][0]),
                              "this sheet needs the columns 'senior' and 'junior'",
                              "name the two columns senior and junior (Старший и Младший)")
            return
        pairs: list[list[Any]] = self.reading.data.setdefault(section, [])
        for row_no, cells in table.rows[last + 1:]:
            if all(_blank(_plain(c)) for c in cells):
                continue
            k = len(pairs)
            pair: list[Any] = []
            self.reading.where[(section, k)] = _Pos(table.sheet, row_no)
            for slot, side in enumerate(("senior", "junior")):
                i = found[side]
                col = _Col(i, titles[i], "field", side)
                pos = _Pos(table.sheet, row_no, i + 1, titles[i])
                self.reading.where[(section, k, slot)] = pos
                value = self._cell_id(row_no, cells, col)
                if value is None:
                    self.problems.add(pos, "the senior id is empty" if side == "senior" else "the junior id is empty",
                                      "write both ids of the pair")
                pair.append(value)
            pairs.append(pair)


@dataclass(frozen=True)
class _Merged:
    """A cell covered by a merged range, carrying the range's value."""

    value: Any


def _plain(cell: Any) -> Any:
    return cell.value if isinstance(cell, _Merged) else cell


def _header_text(cell: Any) -> str:
    if isinstance(cell, _Merged):
        return ""  # a header merged over several columns names only its first column
    value = clean_cell(cell)
    return "" if value is None else _as_text(value).strip()


def _has_side_column(table: _Table) -> bool:
    for _, cells in table.rows[:HEADER_SEARCH_ROWS]:
        if any(isinstance(c, str) and _PERSON.get(normalize_header(c)) == "side" for c in cells):
            return True
    return False

