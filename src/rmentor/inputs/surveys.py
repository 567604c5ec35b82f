"""Read what HR collects during a program: survey files and the filled-in ``sessions.csv``.

Both come back as plain records with the file and row they came from. Every problem in
every file is collected first and raised once as an :class:`~rmentor.errors.InputError`
(exit 2) whose issues name ``file:row:column`` and say how to fix the cell.

**Survey files** (CSV or XLSX) have one row per person per wave:

* a person column: ``person_id`` (also ``id``, ``ID сотрудника``, ``Табельный номер``...);
* a wave column: ``wave`` (also ``волна``, ``замер``, ``этап``) with ``baseline`` / ``follow-up``
  (also ``before``/``after``, ``до``/``после``, ``1``/``2``...);
* optionally a side column: ``side`` or ``group`` (``senior``/``junior``, ``старший``/``младший``);
* one column per metric named in the program's hypotheses. Numbers may use a decimal comma;
  ``yes``/``no``/``да``/``нет`` read as 1/0; an empty cell, ``-``, ``н/д`` or ``n/a`` is "no answer".

Other columns (names, departments, comments) are ignored.

**sessions.csv** is the file ``rmentor schedule`` writes, with ``held`` filled in
(``yes``/``no``/``да``/``нет``/``1``/``0``/``true``/``false``/``+``/``-``; empty means "not yet
happened or not recorded") and optionally ``cancelled_by`` (``senior``/``junior``,
``старший``/``младший``). Dates may be ISO (``2027-01-11``) or Russian Excel's ``11.01.2027``.

A data file is recognised by its header: ``pair_id`` with ``session`` or ``date`` makes it a
sessions file, a person column makes it a survey.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from rmentor.errors import InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.inputs.files import decode_text, read_bytes

Wave = str  # a wave's name: 'baseline', 'midpoint', 'followup' or any label a program declares
PersonKind = Literal["id", "email", "name"]
Side = Literal["senior", "junior"]

MAX_ISSUES = 50


def norm_header(text: Any) -> str:
    """A header cell reduced to compare names: lower case, ``ё`` as ``е``, runs of other characters as ``_``."""
    value = str(text if text is not None else "").replace("\ufeff", "").strip().lower().replace("ё", "е")
    return re.sub(r"[^0-9a-zа-я]+", "_", value).strip("_")


def _norm_value(text: str) -> str:
    """A cell value reduced to compare words: lower case, no spaces, dots, dashes or underscores."""
    return re.sub(r"[\s._\-–—/]+", "", text.strip().lower().replace("ё", "е"))


PERSON_COLUMNS = frozenset({
    "person_id", "person", "id", "employee_id", "participant_id", "respondent_id", "user_id",
    "id_сотрудника", "сотрудник_id", "id_участника", "участник_id", "табельный", "табельный_номер",
    "таб_номер", "таб_no", "табельный_no", "код_сотрудника", "логин", "login",
})
WAVE_COLUMNS = frozenset({"wave", "survey_wave", "round", "stage", "period", "волна", "замер", "этап", "период"})
SIDE_COLUMNS = frozenset({"side", "group", "role", "сторона", "группа", "роль"})
PAIR_COLUMNS = frozenset({"pair_id", "pair", "id_пары", "пара"})

_BASELINE = frozenset({
    "baseline", "base", "before", "pre", "start", "t0", "1", "first", "до", "исходный", "исходная",
    "исходное", "начало", "старт", "входной", "входная", "первый", "первая", "первичный", "первичная",
    "1волна", "волна1",
})
_FOLLOWUP = frozenset({
    "followup", "follow", "after", "post", "end", "final", "t1", "2", "second", "после", "итог",
    "итоговый", "итоговая", "итоговое", "финал", "финальный", "финальная", "конец", "повторный",
    "повторная", "второй", "вторая", "2волна", "волна2",
})
_MIDPOINT = frozenset({
    "midpoint", "mid", "middle", "interim", "checkin", "середина", "промежуточный", "промежуточная",
    "промежуточное", "срез", "промежуточныйсрез", "серединапрограммы",
})
_SENIOR = frozenset({"senior", "seniors", "s", "старший", "старшие", "руководитель", "руководители"})
_JUNIOR = frozenset({"junior", "juniors", "j", "младший", "младшие", "молодойсотрудник"})
_YES = frozenset({"yes", "y", "true", "да", "д", "+", "1"})
_NO = frozenset({"no", "n", "false", "нет", "н", "-", "0"})
_HELD_YES = _YES | {"held", "проведена", "состоялась", "была"}
_HELD_NO = _NO | {"notheld", "cancelled", "canceled", "непроведена", "несостоялась", "отменена", "небыла"}
_NO_ANSWER = frozenset({"", "-", "–", "—", "нд", "na", "n/a", "нет данных"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")

# headers a form service writes before the questions: they mark a file as a form export, where a bare
# 'ID' is the response number (1, 2, 3...) and must never be taken for a person
FORM_MARKERS = frozenset({
    "start_time", "completion_time", "last_modified_time", "timestamp", "время_начала", "время_завершения",
    "время_последнего_изменения", "отметка_времени", "время_создания", "время_изменения", "collector_id",
    "дата_создания", "время_отправки", "дата_отправки", "submitted_at", "created_at", "start_date", "end_date",
})
RESPONSE_COLUMNS = frozenset({
    "id", "ид", "respondent_id", "collector_id", "id_ответа", "response_id", "номер_ответа", "№", "идентификатор",
})
EMAIL_COLUMNS = frozenset({
    "email", "e_mail", "email_address", "адрес_электронной_почты", "электронная_почта", "почта", "e_mail_адрес",
    "ваш_e_mail", "ваш_email", "ваша_почта", "корпоративная_почта", "рабочая_почта", "ваша_рабочая_почта",
    "ваша_корпоративная_почта", "ваш_адрес_электронной_почты", "электронный_адрес", "адрес_почты", "email_адрес",
})
NAME_COLUMNS = frozenset({
    "name", "full_name", "имя", "фио", "ваше_имя", "ваше_фио", "фамилия_имя", "фамилия_и_имя", "сотрудник",
    "фамилия_имя_отчество", "укажите_ваше_фио", "укажите_фио",
})
TIME_COLUMNS = ("completion_time", "timestamp", "отметка_времени", "время_завершения", "время_создания",
                "дата_создания", "время_отправки", "submitted_at", "created_at", "end_date", "start_time",
                "время_начала", "start_date", "date", "дата")


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Row:
    """One data row: its row number in the file and its cells (text for CSV, values for XLSX)."""

    line: int
    cells: tuple[Any, ...]

    def get(self, index: int) -> Any:
        """The cell at ``index``, or None past the end of a short row."""
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """A CSV file or the first sheet of an XLSX file: header, rows and where they came from."""

    file: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]
    sheet: str | None = None

    def where(self, line: int | None = None, column: int | None = None) -> Location:
        """The location of a cell (column is 0-based here and 1-based in the message)."""
        return Location(
            file=self.file,
            line=line,
            column=None if column is None else column + 1,
            path=None if self.sheet is None else f"sheet '{self.sheet}'",
        )


def read_table(path: Path) -> Table:
    """Read a CSV (``,`` ``;`` or tab, BOM or none) or the first sheet of an XLSX file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise InputError(
            "the old Excel format .xls is not supported",
            location=Location(file=str(path)),
            hint="in Excel choose 'Save as' -> 'Excel Workbook (.xlsx)' or 'CSV UTF-8'",
        )
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InputError(
            "unsupported data file type '{suffix}'",
            location=Location(file=str(path)),
            hint="pass survey files and sessions.csv as .csv or .xlsx",
            suffix=suffix or "(none)",
        )
    return _read_csv(path)


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(path: Path) -> Table:
    text = decode_text(read_bytes(path), str(path))
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first))
    header: tuple[str, ...] | None = None
    header_line = 1
    rows: list[Row] = []
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # blank rows and Excel's trailing ';;;;'
            if header is None:
                header, header_line = tuple(record), start
            else:
                rows.append(Row(start, tuple(record)))
    except csv.Error as exc:
        raise InputError(
            "cannot read this CSV: {reason}",
            location=Location(file=str(path), line=reader.line_num),
            hint="check the quotes on that line, or re-save the file from Excel as 'CSV UTF-8'",
            reason=str(exc),
        ) from None
    if header is None:
        raise InputError("the file is empty", location=Location(file=str(path)),
                         hint="the first row must name the columns")
    return Table(str(path), header, header_line, tuple(rows))


def _read_xlsx(path: Path) -> Table:
    from rmentor.inputs.xlsxguard import open_workbook

    # the same guarded reader as rosters: limits on every part, damaged XML an input error
    header: tuple[str, ...] | None = None
    header_line = 1
    rows: list[Row] = []
    # read_only streams rows; data_only gives the values Excel cached for formulas
    with open_workbook(read_bytes(path), str(path), read_only=True, data_only=True) as wb:
        ws = wb.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = tuple(values)
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            if header is None:
                header, header_line = tuple("" if c is None else str(c) for c in cells), number
            else:
                rows.append(Row(number, cells))
        title = ws.title
    if header is None:
        raise InputError("the first sheet is empty", location=Location(file=str(path)),
                         hint="put the table on the first sheet; the first row must name the columns")
    return Table(str(path), header, header_line, tuple(rows), sheet=title)


# ----------------------------------------------------------------------------- cells


def cell_text(value: Any) -> str:
    """A cell as text: ``1.0`` from Excel reads as ``1``, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class CellError(ValueError):
    """A cell that cannot be read; carries an English template, its hint and parameters."""

    def __init__(self, message: str, hint: str, **params: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.params = message, hint, params


MAX_ABS_NUMBER = 1e12  # far beyond any survey answer; a 309-digit number became infinity


def _bounded(value: float, text: str) -> float:
    """``value`` as a float when finite and within ±:data:`MAX_ABS_NUMBER`, else a cell error."""
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not math.isfinite(number) or abs(number) > MAX_ABS_NUMBER:
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise CellError("'{value}' is not a usable number (not finite, or beyond ±{limit})",
                        "write the answer on the survey's scale, e.g. 3,5", value=shown, limit="10^12")
    return number


def parse_number(value: Any) -> float | None:
    """A metric cell as a number; None for no answer.

    Accepts numbers, decimal commas (``3,5``), spaces as thousands separators and
    yes/no words (1/0). Raises :class:`CellError` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return _bounded(value, str(value))
    if isinstance(value, (datetime, date)):
        raise CellError(
            "Excel turned this number into a date ({value})",
            "format the column as 'Number' and type the value again (e.g. 3,5)",
            value=value.isoformat()[:10],
        )
    text = str(value).strip().replace("\u2212", "-")
    if text.lower() in _NO_ANSWER or _norm_value(text) in {"нд", "na"}:
        return None
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    if _NUMBER.fullmatch(compact):
        return _bounded(float(compact.replace(",", ".")), text)
    word = _norm_value(text)
    if word in _YES:
        return 1.0
    if word in _NO:
        return 0.0
    raise CellError(
        "'{value}' is not a number",
        "write a number such as 3,5 or 3.5, yes/no (да/нет), or leave the cell empty for no answer",
        value=text,
    )


def canonical_wave(value: Any) -> Wave | None:
    """``baseline`` / ``midpoint`` / ``followup`` for their aliases (до, середина, после...), else None."""
    word = _norm_value(cell_text(value))
    if word in _BASELINE:
        return "baseline"
    if word in _MIDPOINT:
        return "midpoint"
    if word in _FOLLOWUP:
        return "followup"
    return None


def parse_wave(value: Any, declared: Sequence[tuple[str, str | None]] = ()) -> Wave:
    """A wave cell as a wave name.

    With ``declared`` waves (name, label) the cell must be one of their names or labels, or an
    alias of ``baseline``/``midpoint``/``followup`` when the program declares a wave by that
    name (``final`` also stands for ``followup`` and back). Without, aliases map to those three
    names and any other text is a wave of its own. Raises :class:`CellError` for an empty cell
    or an undeclared wave.
    """
    text = cell_text(value)
    word = _norm_value(text)
    if not word:
        raise CellError("the wave is empty", "write the wave of this answer, e.g. baseline (до) or follow-up (после)")
    canon = canonical_wave(text)
    if not declared:
        return canon or text
    for name, label in declared:
        if word in (_norm_value(name), _norm_value(label or "")):
            return name
    if canon is not None:
        for name, _ in declared:
            if canonical_wave(name) == canon:
                return name
    raise CellError("unknown wave '{value}'", "use a wave declared in the program's surveys.waves: {waves}",
                    value=text, waves=", ".join(name for name, _ in declared))


def _side_cell(value: Any, message: str, hint: str) -> Side | None:
    word = _norm_value(cell_text(value))
    if not word:
        return None
    if word in _SENIOR:
        return "senior"
    if word in _JUNIOR:
        return "junior"
    raise CellError(message, hint, value=cell_text(value))


def parse_side(value: Any) -> Side | None:
    """``senior``/``junior`` (``старший``/``младший``); None for an empty cell."""
    return _side_cell(value, "unknown side '{value}'", "write 'senior' or 'junior' (старший / младший)")


def parse_held(value: Any) -> bool | None:
    """The ``held`` cell: True, False, or None when empty (not yet happened / not recorded)."""
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text in ("+", "-", "–", "—"):  # before normalising, which drops dashes
        return text == "+"
    word = _norm_value(text)
    if not word:
        return None
    if word in _HELD_YES:
        return True
    if word in _HELD_NO:
        return False
    raise CellError(
        "'{value}' is not a value for held",
        "write yes or no (да / нет, 1 / 0, + / -); leave it empty if the session has not happened yet",
        value=cell_text(value),
    )


def parse_cancelled_by(value: Any) -> Side | None:
    """The ``cancelled_by`` cell: senior, junior or None."""
    return _side_cell(value, "'{value}' is not a value for cancelled_by",
                      "write senior or junior (старший / младший), or leave it empty")


def parse_date(value: Any) -> date:
    """An ISO date, ``DD.MM.YYYY`` (Russian Excel) or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise CellError("'{value}' is not a date", "write dates as 2027-01-11 or 11.01.2027", value=text)


# ----------------------------------------------------------------------------- records


def wave_label(wave: Wave) -> str:
    """``baseline`` / ``midpoint`` / ``follow-up`` in the current language; any other name as it is."""
    return {"baseline": tr("baseline"), "midpoint": tr("midpoint"), "followup": tr("follow-up")}.get(wave, wave)


def side_label(side: Side) -> str:
    """``senior`` / ``junior`` in the current language."""
    return tr("senior") if side == "senior" else tr("junior")


@dataclass(frozen=True)
class SurveyRecord:
    """One person's answers in one wave."""

    person_id: str
    wave: Wave
    side: Side | None
    values: dict[str, float]
    file: str
    line: int
    person_kind: PersonKind = "id"
    answered: date | None = None


@dataclass(frozen=True)
class SessionRecord:
    """One planned session with what HR recorded about it."""

    pair_id: str
    session: int
    date: date
    senior_id: str | None
    junior_id: str | None
    senior_name: str | None
    junior_name: str | None
    held: bool | None
    cancelled_by: Side | None
    file: str
    line: int


@dataclass(frozen=True)
class DataFiles:
    """Everything read from the DATA arguments."""

    surveys: tuple[SurveyRecord, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    survey_files: tuple[str, ...] = ()
    session_files: tuple[str, ...] = ()
    warnings: tuple[Issue, ...] = ()
    waves: tuple[Wave, ...] = ()


@dataclass
class _Problems:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def add(self, location: Location, message: str, hint: str | None = None, **params: Any) -> None:
        self.issues.append(Issue(message, params, location, hint))

    def cell(self, table: Table, row: Row, column: int, exc: CellError, name: str) -> None:
        # the cell's own message is rendered now (the language is already set) and put after the column name
        self.issues.append(Issue("column '{column}': {problem}",
                                 {"column": name, "problem": tr(exc.message, **exc.params)},
                                 table.where(row.line, column), exc.hint, exc.params))


def _find(header: Sequence[str], names: Iterable[str]) -> int | None:
    wanted = set(names)
    for i, h in enumerate(header):
        if norm_header(h) in wanted:
            return i
    return None


def is_form_export(table: Table) -> bool:
    """True for an export of Microsoft, Google or Yandex Forms (their own columns come before the questions)."""
    return any(norm_header(h) in FORM_MARKERS for h in table.header)


def _person_columns(table: Table) -> frozenset[str]:
    # in a form export 'ID' is the response number: never a person
    return PERSON_COLUMNS - RESPONSE_COLUMNS if is_form_export(table) else PERSON_COLUMNS


def classify(table: Table, *, survey: bool = False) -> Literal["sessions", "survey"] | None:
    """``sessions`` for a sessions file, ``survey`` for a survey, None when the header says neither.

    ``survey=True`` says the program describes this file (``surveys.files``) or the form questions.
    """
    names = {norm_header(h) for h in table.header}
    if names & PAIR_COLUMNS and names & {"session", "date", "held", "встреча", "дата"}:
        return "sessions"
    if survey or names & _person_columns(table) or is_form_export(table):  # a form export is always a survey
        return "survey"
    return None


def find_column(header: Sequence[str], text: str) -> list[int]:
    """Columns headed ``text``: the exact header (compared as :func:`norm_header` does), else every
    header that starts with it (a question may be given by its first words)."""
    want = norm_header(text)
    if not want:
        return []
    exact = [i for i, h in enumerate(header) if norm_header(h) == want]
    if exact:
        return exact
    return [i for i, h in enumerate(header) if norm_header(h).startswith(want)]


@dataclass(frozen=True)
class SurveyLayout:
    """How to read survey files: the program's ``surveys`` section in plain values.

    ``waves`` are (name, label) in order; ``metrics`` maps a metric to its question text (or None to
    find it by the metric's own name) and ``scales`` maps a metric to its answer map; ``files`` maps a
    file's resolved path to (wave, person kind, person column).
    """

    metrics: dict[str, str | None] = field(default_factory=dict)
    scales: dict[str, dict[str, float]] = field(default_factory=dict)
    waves: tuple[tuple[str, str | None], ...] = ()
    wave_dates: tuple[date | None, ...] = ()
    person: tuple[PersonKind, str | None] | None = None
    files: dict[str, tuple[str | None, tuple[PersonKind, str | None] | None]] = field(default_factory=dict)

    def for_file(self, path: Path) -> tuple[str | None, tuple[PersonKind, str | None] | None]:
        """The wave and person key the program gives this file, matched by path or file name."""
        key = str(path.resolve())
        if key in self.files:
            return self.files[key]
        by_name = [v for k, v in self.files.items() if Path(k).name == path.name]
        return by_name[0] if len(by_name) == 1 else (None, None)


def read_data(paths: Sequence[Path], metrics: Sequence[str], layout: SurveyLayout | None = None) -> DataFiles:
    """Read every DATA file, telling surveys from sessions files by their header.

    ``metrics`` are the survey columns the hypotheses need; each must appear in at least
    one survey file. ``layout`` (from the program's ``surveys`` section) says where the
    questions, the person and the wave are in form exports. Raises one :class:`InputError`
    listing every problem found.
    """
    layout = layout or SurveyLayout()
    problems = _Problems()
    surveys: list[SurveyRecord] = []
    sessions: list[SessionRecord] = []
    survey_tables: list[Table] = []
    session_files: list[str] = []
    for path in paths:
        table = read_table(path)
        wave, person = layout.for_file(path)
        kind = classify(table, survey=wave is not None or person is not None)
        if kind == "sessions":
            session_files.append(table.file)
            sessions.extend(_read_sessions(table, problems))
        elif kind == "survey":
            survey_tables.append(table)
            surveys.extend(_read_survey(table, metrics, layout, wave, person or layout.person, problems))
        else:
            problems.add(
                table.where(table.header_line),
                "cannot tell what this file is from its header ({columns})",
                "a survey needs a 'person_id' column (and 'wave'), or the program's surveys.person for a form "
                "export; sessions.csv needs 'pair_id', 'session', 'date' and 'held'",
                columns=", ".join(h for h in table.header if h) or "-",
            )
    if survey_tables:
        _check_metric_columns(survey_tables, metrics, layout, problems)
    surveys = _resubmissions(surveys, problems)
    _check_duplicates(surveys, sessions, problems)
    _check_sides(surveys, problems)
    if problems.issues:
        shown = problems.issues[:MAX_ISSUES]
        raise InputError(
            "problems in the data files: {count} (the first {shown} are shown)" if len(shown) < len(problems.issues)
            else "problems in the data files: {count}",
            issues=shown,
            hint="fix them and run 'rmentor evaluate' again",
            count=len(problems.issues),
            shown=len(shown),
        )
    return DataFiles(
        surveys=tuple(surveys),
        sessions=tuple(sorted(sessions, key=lambda s: (s.pair_id, s.session))),
        survey_files=tuple(t.file for t in survey_tables),
        session_files=tuple(session_files),
        warnings=tuple(problems.warnings),
        waves=_wave_order(surveys, layout),
    )


def _wave_order(surveys: Sequence[SurveyRecord], layout: SurveyLayout) -> tuple[Wave, ...]:
    """Declared waves in their order; else baseline, midpoint, then other labels (by the date of their
    answers where known, else as first met), then follow-up."""
    if layout.waves:
        return tuple(name for name, _ in layout.waves)
    first_seen: dict[str, int] = {}
    dates: dict[str, list[int]] = {}
    for i, r in enumerate(surveys):
        first_seen.setdefault(r.wave, i)
        if r.answered is not None:
            dates.setdefault(r.wave, []).append(r.answered.toordinal())
    rank = {"baseline": 0, "midpoint": 1, "followup": 3}

    def key(w: str) -> tuple[int, float, int]:
        when = dates.get(w)
        return rank.get(w, 2), (sum(when) / len(when) if when else 0.0), first_seen[w]

    return tuple(sorted(first_seen, key=key))


def restore_ids(files: DataFiles, ids: Iterable[str]) -> DataFiles:
    """Survey and attendance ids that lost their leading zeros in Excel (``104`` for the roster's
    ``000104``) read as the one roster id they match, with one warning; see
    :func:`rmentor.inputs.vocabulary.resolve_id`. Without this they would count as strangers."""
    from dataclasses import replace

    from rmentor.inputs.vocabulary import IdDigits, resolve_id

    digits = IdDigits(ids)
    restored: set[tuple[str, str]] = set()

    def fix(value: str | None) -> str | None:
        if value is None:
            return None
        found, was_short = resolve_id(value, digits)
        if found is None or not was_short:
            return value
        restored.add((value, found))
        return found

    surveys = tuple(replace(r, person_id=fix(r.person_id) or r.person_id) for r in files.surveys)
    sessions = tuple(replace(r, senior_id=fix(r.senior_id), junior_id=fix(r.junior_id)) for r in files.sessions)
    if not restored:
        return files
    note = Issue("ids without their leading zeros were read as the ids they match: {ids}",
                 {"ids": ", ".join(f"{a} → {b}" for a, b in sorted(restored))}, None,
                 "format the id column as Text in Excel so the zeros stay")
    return replace(files, surveys=surveys, sessions=sessions, warnings=(*files.warnings, note))


def _person_column(table: Table, person: tuple[PersonKind, str | None] | None,
                   problems: _Problems) -> tuple[int, PersonKind] | None:
    header = table.header
    if person is not None and person[1]:
        found = find_column(header, person[1])
        if len(found) == 1:
            return found[0], person[0]
        problems.add(table.where(table.header_line),
                     "the person column '{column}' is not in this file (columns: {columns})" if not found else
                     "the person column '{column}' matches several columns: {columns}",
                     "fix surveys.person.column in the program: the header as the form exports it",
                     column=person[1], columns="; ".join(header[i] for i in found) if found else
                     "; ".join(h for h in header if h))
        return None
    kinds: list[tuple[PersonKind, frozenset[str]]] = [
        ("id", _person_columns(table)), ("email", EMAIL_COLUMNS), ("name", NAME_COLUMNS)]
    if person is not None:  # the program's way first; an id column still works in a file of the old kind
        kinds.sort(key=lambda k: k[0] != person[0])
    for kind, names in kinds:
        col = _find(header, names)
        if col is not None:
            return col, kind
    problems.add(table.where(table.header_line),
                 "no column names the person (columns: {columns})",
                 "add 'person_id', or say in the program how forms name the person (surveys.person: email, name or "
                 "id, with its column); the response number ('ID') is not a person",
                 columns="; ".join(h for h in header if h) or "-")
    return None


def _metric_columns(table: Table, metrics: Sequence[str], layout: SurveyLayout,
                    problems: _Problems | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for metric in metrics:
        question = layout.metrics.get(metric)
        found = find_column(table.header, question) if question else \
            [i for i, h in enumerate(table.header) if norm_header(h) == norm_header(metric)]
        if len(found) == 1:
            out[metric] = found[0]
        elif len(found) > 1 and problems is not None:
            problems.add(table.where(table.header_line),
                         "the question for '{metric}' matches several columns: {columns}",
                         "write more of the question text in surveys.metrics.{metric}",
                         metric=metric, columns="; ".join(table.header[i] for i in found))
    return out


def _answered(row: Row, col: int | None) -> date | None:
    if col is None:
        return None
    value = row.get(col)
    if isinstance(value, datetime):
        return value.date()
    # 2027-04-05 (ISO, Yandex), 05.04.2027 (Russian), 4/5/2027 (Microsoft and Google in English: month first)
    m = re.match(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})|\s*(\d{1,2})([./])(\d{1,2})[./](\d{4})", cell_text(value))
    if m is None:
        return None
    try:
        if m.group(1):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        first, second, year = int(m.group(4)), int(m.group(6)), int(m.group(7))
        return date(year, first, second) if m.group(5) == "/" else date(year, second, first)
    except ValueError:
        return None


def _nearest_wave(day: date, layout: SurveyLayout) -> str | None:
    dated = [(abs((d - day).days), i) for i, d in enumerate(layout.wave_dates) if d is not None]
    return layout.waves[min(dated)[1]][0] if dated else None


def _scaled(value: Any, scale: dict[str, float] | None) -> Any:
    if scale is None or value is None or isinstance(value, (int, float)):
        return value
    word = _norm_value(str(value))
    for answer, number in scale.items():
        if _norm_value(answer) == word:
            return number
    if word and not _NUMBER.fullmatch(re.sub(r"\s", "", str(value))) and word not in {"нд", "na"}:
        raise CellError("'{value}' is not on the answer scale ({answers})",
                        "add it to the scale in the program's surveys.scales, or fix the answer",
                        value=cell_text(value), answers="; ".join(scale))
    return value


def _read_survey(table: Table, metrics: Sequence[str], layout: SurveyLayout, file_wave: str | None,
                 person: tuple[PersonKind, str | None] | None, problems: _Problems) -> list[SurveyRecord]:
    header = table.header
    found = _person_column(table, person, problems)
    if found is None:
        return []
    person_col, kind = found
    wave = _find(header, WAVE_COLUMNS) if file_wave is None else None
    side = _find(header, SIDE_COLUMNS)
    when = next((i for name in TIME_COLUMNS for i, h in enumerate(header) if norm_header(h) == name), None)
    if file_wave is None and wave is None and (when is None or not any(layout.wave_dates)):
        problems.add(table.where(table.header_line), "no wave column",
                     "add a column 'wave' with baseline or follow-up (до / после) in every row, or give the file's "
                     "wave in the program (surveys.files, with file and wave)")
        return []
    metric_cols = _metric_columns(table, metrics, layout, problems)
    out: list[SurveyRecord] = []
    anonymous = 0
    for row in table.rows:
        pid = cell_text(row.get(person_col))
        if not pid:
            problems.add(table.where(row.line, person_col), "the person is not named in this row",
                         "fill in the person's id, e-mail or name, or delete the row")
            continue
        if kind == "email":
            pid = pid.lower()
            if "@" not in pid:  # Microsoft Forms writes 'anonymous' when it did not ask who answered
                anonymous += 1
                continue
        answered = _answered(row, when)
        w: str | None = file_wave
        if w is None and wave is not None:
            try:
                w = parse_wave(row.get(wave), layout.waves)
            except CellError as exc:
                problems.cell(table, row, wave, exc, header[wave])
                continue
        if w is None:
            w = _nearest_wave(answered, layout) if answered is not None else None
            if w is None:
                problems.add(table.where(row.line, when), "cannot tell the wave of this answer: it has no date",
                             "give the file's wave in the program (surveys.files) or add a 'wave' column")
                continue
        s: Side | None = None
        if side is not None:
            try:
                s = parse_side(row.get(side))
            except CellError as exc:
                problems.cell(table, row, side, exc, header[side])
        values: dict[str, float] = {}
        for metric, col in metric_cols.items():
            try:
                v = parse_number(_scaled(row.get(col), layout.scales.get(metric)))
            except CellError as exc:
                problems.cell(table, row, col, exc, header[col])
                continue
            if v is not None:
                values[metric] = v
        out.append(SurveyRecord(pid, w, s, values, table.file, row.line, kind, answered))
    if anonymous:
        problems.warnings.append(Issue(
            "answers without an e-mail (such as 'anonymous'): {n}; they cannot be matched to anyone and were left "
            "out",
            {"n": anonymous}, table.where(table.header_line, person_col),
            "in the form's settings, record the name or ask for the work e-mail"))
    return out


def _check_metric_columns(tables: Sequence[Table], metrics: Sequence[str], layout: SurveyLayout,
                          problems: _Problems) -> None:
    present = {m for t in tables for m in _metric_columns(t, metrics, layout, None)}
    headers = list(dict.fromkeys(h for t in tables for h in t.header if h))
    for metric in metrics:
        if metric in present:
            continue
        first = tables[0]
        question = layout.metrics.get(metric)
        close = difflib.get_close_matches(norm_header(question or metric), [norm_header(h) for h in headers],
                                          n=1, cutoff=0.6)
        original = next((h for h in headers if close and norm_header(h) == close[0]), "")
        problems.add(
            first.where(first.header_line),
            "no survey file has a column for the metric '{metric}' (looked for '{question}'); columns found: {columns}",
            "did you mean '{suggestion}'? Fix surveys.metrics.{metric} in the program, or rename the column" if close
            else "map the metric to its question in the program (surveys.metrics: {metric}: 'question text'), or "
            "add a column named '{metric}'",
            metric=metric, question=question or metric, suggestion=original, columns="; ".join(headers),
        )


def _resubmissions(surveys: list[SurveyRecord], problems: _Problems) -> list[SurveyRecord]:
    """A form answered twice in one wave: the later answer counts, with a warning.

    Form services let people submit again; their exports carry a time stamp, so 'later' is known.
    Rows without time stamps (a table HR typed) stay duplicates, reported as errors.
    """
    latest: dict[tuple[str, str], SurveyRecord] = {}
    dropped: set[int] = set()
    for r in surveys:
        if r.answered is None:
            continue
        key = (r.person_id, r.wave)
        prev = latest.get(key)
        if prev is None:
            latest[key] = r
            continue
        assert prev.answered is not None
        keep, drop = (r, prev) if (r.answered, r.line) >= (prev.answered, prev.line) else (prev, r)
        latest[key] = keep
        dropped.add(id(drop))
        problems.warnings.append(Issue(
            "'{id}' answered the wave '{wave}' twice; the later answer ({kept}) is used, not {other}",
            {"id": r.person_id, "wave": wave_label(r.wave), "kept": f"{keep.file}:{keep.line}",
             "other": f"{drop.file}:{drop.line}"}, Location(file=drop.file, line=drop.line),
            "delete the answer that should not count, if the earlier one was meant"))
    return [r for r in surveys if id(r) not in dropped] if dropped else surveys


def _check_duplicates(surveys: Sequence[SurveyRecord], sessions: Sequence[SessionRecord],
                      problems: _Problems) -> None:
    seen: dict[tuple[str, str], SurveyRecord] = {}
    for r in surveys:
        key = (r.person_id, r.wave)
        if key in seen:
            other = seen[key]
            problems.add(Location(file=r.file, line=r.line),
                         "'{id}' answered twice in the wave '{wave}' (also {other})",
                         "keep one row per person per wave",
                         id=r.person_id, wave=wave_label(r.wave), other=f"{other.file}:{other.line}")
        else:
            seen[key] = r
    seen_s: dict[tuple[str, int], SessionRecord] = {}
    for s in sessions:
        skey = (s.pair_id, s.session)
        if skey in seen_s:
            prev = seen_s[skey]
            problems.add(Location(file=s.file, line=s.line), "session {n} of pair {pair} appears twice (also {other})",
                         "keep one row per session", n=s.session, pair=s.pair_id, other=f"{prev.file}:{prev.line}")
        else:
            seen_s[skey] = s


def _check_sides(surveys: Sequence[SurveyRecord], problems: _Problems) -> None:
    first: dict[str, SurveyRecord] = {}
    for r in surveys:
        if r.side is None:
            continue
        prev = first.setdefault(r.person_id, r)
        if prev.side != r.side:
            problems.add(Location(file=r.file, line=r.line), "'{id}' is '{side}' here but '{other_side}' at {other}",
                         "a person keeps one side in every wave", id=r.person_id, side=side_label(r.side),
                         other_side=side_label(prev.side or r.side), other=f"{prev.file}:{prev.line}")


def _read_sessions(table: Table, problems: _Problems) -> list[SessionRecord]:
    header = table.header
    cols: dict[str, int | None] = {
        "pair_id": _find(header, PAIR_COLUMNS),
        "session": _find(header, {"session", "встреча", "session_no", "номер_встречи"}),
        "date": _find(header, {"date", "дата"}),
        "held": _find(header, {"held", "состоялась", "проведена"}),
        "cancelled_by": _find(header, {"cancelled_by", "canceled_by", "кто_отменил", "отменил"}),
        "senior_id": _find(header, {"senior_id"}),
        "junior_id": _find(header, {"junior_id"}),
        "senior_name": _find(header, {"senior_name"}),
        "junior_name": _find(header, {"junior_name"}),
    }
    missing = [name for name in ("pair_id", "session", "date", "held") if cols[name] is None]
    if missing:
        problems.add(table.where(table.header_line), "the sessions file has no column(s): {columns}",
                     "use the sessions.csv written by 'rmentor schedule' and fill in 'held'",
                     columns=", ".join(missing))
        return []
    pc, sc, dc, hc = (c for c in (cols["pair_id"], cols["session"], cols["date"], cols["held"]) if c is not None)
    cc = cols["cancelled_by"]
    out: list[SessionRecord] = []
    for row in table.rows:
        ok = True
        pair = cell_text(row.get(pc))
        if not pair:
            problems.add(table.where(row.line, pc), "the pair id is empty", "fill it in or delete the row")
            ok = False
        number = 0
        try:
            number = int(parse_number(row.get(sc)) or 0)
            if number < 1:
                raise CellError("'{value}' is not a session number", "session numbers are 1, 2, 3...",
                                value=cell_text(row.get(sc)))
        except CellError as exc:
            problems.cell(table, row, sc, exc, header[sc])
            ok = False
        day = date.min
        try:
            day = parse_date(row.get(dc))
        except CellError as exc:
            problems.cell(table, row, dc, exc, header[dc])
            ok = False
        held: bool | None = None
        try:
            held = parse_held(row.get(hc))
        except CellError as exc:
            problems.cell(table, row, hc, exc, header[hc])
            ok = False
        by: Side | None = None
        if cc is not None:
            try:
                by = parse_cancelled_by(row.get(cc))
            except CellError as exc:
                problems.cell(table, row, cc, exc, header[cc])
                ok = False
        if by is not None and held is True:
            problems.warnings.append(Issue(
                "session {n} of pair {pair} is marked held but also cancelled by the {side}; counted as held",
                {"n": number, "pair": pair, "side": side_label(by)}, table.where(row.line, cc),
                "clear 'cancelled_by' or set 'held' to no"))
            by = None
        if not ok:
            continue

        def text(name: str, row: Row = row) -> str | None:
            col = cols[name]
            return (cell_text(row.get(col)) or None) if col is not None else None

        out.append(SessionRecord(pair, number, day, text("senior_id"), text("junior_id"), text("senior_name"),
                                 text("junior_name"), held, by, table.file, row.line))
    return out
