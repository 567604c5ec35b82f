"""Excel workbooks that HR can open, filter and trust: one writer for every ``.xlsx`` rmentor makes.

Each sheet gets a bold, frozen header row with an auto-filter, column widths that fit the
text (Cyrillic counted by characters, not bytes), and real dates. Text is never a formula:
a cell that starts with ``= + - @``, a tab or a carriage return (the cells
:func:`rmentor.outputs.csvfile.neutralize` guards in CSV) is stored as a string with
Excel's "quote prefix", so neither Excel nor LibreOffice evaluates it, and the text itself
stays exactly as written (no added apostrophe), which keeps ``rmentor convert`` lossless.

The bytes are deterministic: openpyxl stamps the document properties with the current time
and :mod:`zipfile` stamps every entry; both are fixed to ``SOURCE_DATE_EPOCH`` (or a constant),
so the same rows always give the same file.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

from rmentor.inputs.cells import neutralize

#: Used when SOURCE_DATE_EPOCH is unset: 2020-01-01T00:00:00Z. Any constant works; the
#: point is that two runs never differ by their clock.
DEFAULT_EPOCH = 1577836800

MIN_WIDTH = 6
MAX_WIDTH = 60
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # XML 1.0 forbids these; openpyxl raises on them


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row and data rows.

    Args:
        name: the sheet (tab) name; trimmed to Excel's 31 characters and made unique.
        header: column titles, already translated.
        rows: cell values: ``str``, ``int``, ``float``, ``bool``, ``date``/``datetime`` or ``None``.
        date_columns: indexes of columns whose ISO ``YYYY-MM-DD`` text (or ``date``) should become real dates.
        date_format: Excel number format for date cells.
        wrap_columns: indexes of columns with long text, shown wrapped.
    """

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    date_columns: Collection[int] = ()
    date_format: str = "YYYY-MM-DD"
    wrap_columns: Collection[int] = ()


def build_epoch() -> datetime:
    """The timestamp written into files: ``SOURCE_DATE_EPOCH`` if set and valid, else a constant."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        seconds = DEFAULT_EPOCH
    # ZIP timestamps cannot precede 1980; clamp rather than fail.
    seconds = max(seconds, 315532800)
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


def display_width(text: str) -> float:
    """Approximate width of ``text`` in Excel character units (longest line).

    East Asian wide characters count double; Cyrillic letters are a little wider than
    Latin ones in Calibri, so they count 1.1. Bytes never matter.
    """
    best = 0.0
    for line in text.splitlines() or [""]:
        width = 0.0
        for ch in line:
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                width += 2
            elif "\u0400" <= ch <= "\u04ff":
                width += 1.1
            else:
                width += 1
        best = max(best, width)
    return best


def _sheet_names(sheets: Sequence[Sheet]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for sheet in sheets:
        base = _SHEET_NAME_BAD.sub("_", sheet.name).strip("'") or "Sheet"
        base = base[:31]
        name, k = base, 2
        while name.casefold() in seen:
            suffix = f" ({k})"
            name, k = base[: 31 - len(suffix)] + suffix, k + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def _as_date(value: Any) -> Any:
    """ISO text or a date -> a naive datetime Excel stores as a date; anything else unchanged."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, str):
        try:
            return datetime.combine(date.fromisoformat(value.strip()), time())
        except ValueError:
            return value
    return value


def _set_cell(cell: Any, value: Any) -> str:
    """Store ``value`` in ``cell`` safely; returns the text used to size the column."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        cell.value = value
        return str(value)
    if isinstance(value, (datetime, date)):
        cell.value = value
        return "0000-00-00"
    text = _ILLEGAL.sub("\ufffd", str(value))
    cell.value = text
    # openpyxl turns any str starting with "=" into a formula; force plain text instead.
    cell.data_type = "s"
    if neutralize(text) != text:
        cell.quotePrefix = True
    return text


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Write ``sheets`` into an ``.xlsx`` file and return its bytes (deterministic)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet, name in zip(sheets, _sheet_names(sheets), strict=True):
        ws = wb.create_sheet(title=name)
        widths = [display_width(str(h)) + 2 for h in sheet.header]  # room for the filter button
        for c, title in enumerate(sheet.header, start=1):
            cell = ws.cell(row=1, column=c)
            _set_cell(cell, title)
            cell.font = bold
        rows = list(sheet.rows)  # any iterable of rows will do
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if c - 1 in sheet.date_columns:
                    value = _as_date(value)
                shown = _set_cell(cell, value)
                if isinstance(value, (datetime, date)):
                    cell.number_format = sheet.date_format
                    shown = sheet.date_format
                if c - 1 in sheet.wrap_columns:
                    cell.alignment = wrap
                if c - 1 < len(widths):
                    widths[c - 1] = max(widths[c - 1], display_width(shown))
                else:
                    widths.append(display_width(shown))
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = round(min(MAX_WIDTH, max(MIN_WIDTH, width + 1)), 1)
        if sheet.header:
            ws.freeze_panes = "A2"
            last = get_column_letter(max(1, len(sheet.header)))
            ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    if not wb.worksheets:
        wb.create_sheet(title="Sheet")
    return _save(wb)


def save_workbook(wb: Any) -> bytes:
    """The bytes of an openpyxl workbook built elsewhere, deterministic like :func:`workbook_bytes`."""
    return _save(wb)


def _save(wb: Any) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    stamp = build_epoch()
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "rmentor"
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl.save_workbook would overwrite "modified" with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalize_zip(raw.getvalue(), stamp)


def _normalize_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-pack a zip with fixed entry timestamps and attributes, keeping the entry order."""
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # MS-DOS, as Office writes; the default depends on the platform
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
