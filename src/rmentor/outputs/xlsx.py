"""Excel workbooks that HR can open, filter, print and trust: one writer for every ``.xlsx`` rmentor makes.

Each sheet gets a bold, frozen header row with an auto-filter, column widths that fit the
text (Cyrillic counted by characters, not bytes), real dates and real times. Every sheet is
set up to print on A4: landscape when it is wide, one page wide, the header row repeated on
every page, the title and "page N of M" in the footer.

Text is never a formula: a cell that starts with ``= + - @``, a tab or a carriage return (the
cells :func:`rmentor.inputs.cells.neutralize` guards in CSV) is stored as a string with Excel's
"quote prefix", so neither Excel nor LibreOffice evaluates it, and the text itself stays exactly
as written (no added apostrophe), which keeps ``rmentor convert`` lossless.

Files are written with XlsxWriter in constant-memory mode (rows stream to disk, strings are
stored inline), and read back elsewhere with openpyxl. The bytes are deterministic: the
document properties and every zip entry carry ``SOURCE_DATE_EPOCH`` (or a constant), so the
same rows always give the same file.
"""

from __future__ import annotations

import io
import math
import os
import re
import struct
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from rmentor.i18n import tr
from rmentor.inputs.cells import neutralize

#: Used when SOURCE_DATE_EPOCH is unset: 2020-01-01T00:00:00Z. Any constant works; the
#: point is that two runs never differ by their clock.
DEFAULT_EPOCH = 1577836800

MIN_WIDTH = 6
MAX_WIDTH = 60
#: Wider than this (in character units, summed over the columns) prints in landscape: an A4
#: portrait page at the default margins holds about 90 characters of Calibri 11.
PORTRAIT_MAX_WIDTH = 90
A4 = 9  # Excel's paper code
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # XML 1.0 forbids these
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_WIDE_MAYBE = re.compile("[\u1100-\U0010ffff]")  # the only range with East Asian wide characters
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row and data rows.

    Args:
        name: the sheet (tab) name; trimmed to Excel's 31 characters and made unique.
        header: column titles, already translated.
        rows: cell values: ``str``, ``int``, ``float``, ``bool``, ``date``/``datetime``/``time`` or ``None``.
        date_columns: indexes of columns whose ISO ``YYYY-MM-DD`` text (or ``date``) should become real dates.
        date_format: Excel number format for date cells.
        wrap_columns: indexes of columns with long text, shown wrapped.
        time_columns: indexes of columns whose ``HH:MM`` text (or ``time``) should become real times.
        title: the printed title (page footer); the sheet name when empty.
    """

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    date_columns: Collection[int] = ()
    date_format: str = "YYYY-MM-DD"
    wrap_columns: Collection[int] = ()
    time_columns: Collection[int] = ()
    title: str = ""


def build_epoch() -> datetime:
    """The timestamp written into files: ``SOURCE_DATE_EPOCH`` if set and valid, else a constant."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        seconds = DEFAULT_EPOCH
    # ZIP timestamps cannot precede 1980 (nor pass 2107); clamp rather than fail.
    seconds = min(max(seconds, 315532800), 4354819199)
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


@lru_cache(maxsize=65536)  # a column repeats its values (names, titles, dates): measure each once
def display_width(text: str) -> float:
    """Approximate width of ``text`` in Excel character units (longest line).

    East Asian wide characters count double; Cyrillic letters are a little wider than
    Latin ones in Calibri, so they count 1.1. Bytes never matter.
    """
    best = 0.0
    for line in text.splitlines() or [""]:
        if line.isascii():
            width = float(len(line))
        elif not _WIDE_MAYBE.search(line):
            width = len(line) + 0.1 * len(_CYRILLIC.findall(line))
        else:
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
        base = base[:31].strip("'") or "Sheet"
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


def _as_time(value: Any) -> Any:
    """``HH:MM`` text or a time -> a time Excel stores as a time of day; anything else unchanged."""
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        m = _CLOCK.match(value.strip())
        if m:
            return time(int(m.group(1)), int(m.group(2)))
    return value


def _footer_text(text: str) -> str:
    """``text`` safe inside an Excel header/footer: ``&`` starts a code there."""
    return _ILLEGAL.sub(" ", text).replace("&", "&&")[:100]


def _shown(value: Any, date_format: str) -> str:
    """The text used to size a column for ``value``."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return date_format
    if isinstance(value, time):
        return "00:00"
    return str(value)


def workbook_bytes(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """Write ``sheets`` into an ``.xlsx`` file and return its bytes (deterministic).

    ``title`` (e.g. the program name) is printed in every page footer, before the sheet's own title.

    XlsxWriter writes the workbook, the header rows and each sheet's last row; the rows in between
    (all but a few of a company-wide plan's 900,000 cells) are written by :class:`_Rows` as the
    very bytes XlsxWriter writes for them, about six times faster (``tests/test_xlsx_fast.py``
    proves the files equal, byte for byte, on random sheets with hostile text).
    """
    return _workbook_bytes(sheets, title=title, fast=True)


def _workbook_bytes(sheets: Sequence[Sheet], *, title: str, fast: bool) -> bytes:
    """:func:`workbook_bytes`; ``fast=False`` writes every cell through XlsxWriter (the reference)."""
    import xlsxwriter

    stamp = build_epoch()
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "nan_inf_to_errors": True,
                                   "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"created": stamp, "author": "rmentor", "title": title or None})
    bold = wb.add_format({"bold": True, "valign": "top", "text_wrap": True})
    page = tr("Page &P of &N")
    formats: dict[tuple[str, bool, bool], Any] = {}

    def fmt(number: str, wrap: bool, quote: bool) -> Any:
        key = (number, wrap, quote)
        if key not in formats:
            props: dict[str, Any] = {"valign": "top"}
            if number:
                props["num_format"] = number
            if wrap:
                props["text_wrap"] = True
            if quote:
                props["quote_prefix"] = True
            formats[key] = wb.add_format(props)
        return formats[key]

    bodies: dict[str, _Rows] = {}  # zip entry -> the rows XlsxWriter did not write
    for sheet_no, (sheet, name) in enumerate(zip(sheets, _sheet_names(sheets), strict=True), start=1):
        ws = wb.add_worksheet(name)
        rows = [list(r) for r in sheet.rows]  # any iterable of rows will do; widths need a first pass
        for row in rows:
            for c in sheet.date_columns:
                if c < len(row):
                    row[c] = _as_date(row[c])
            for c in sheet.time_columns:
                if c < len(row):
                    row[c] = _as_time(row[c])
        ncols = max([len(sheet.header), *(len(r) for r in rows)], default=0)
        widths = [display_width(str(h)) + 2 for h in sheet.header] + [0.0] * (ncols - len(sheet.header))
        for c, column in enumerate(zip_longest(*rows)):  # each distinct value of a column measured once
            try:
                distinct: Iterable[Any] = {(v.__class__, v) for v in column}
            except TypeError:  # not hashable
                distinct = [(None, v) for v in column]
            widths[c] = max(widths[c], *(display_width(_shown(v, sheet.date_format)) for _, v in distinct))
        widths = [round(min(MAX_WIDTH, max(MIN_WIDTH, w + 1)), 1) for w in widths]
        wrap = set(sheet.wrap_columns)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width, fmt("", True, False) if c in wrap else None)
        for c, head in enumerate(sheet.header):
            _write(ws, 0, c, head, bold, fmt, "", False)
        time_format = "hh:mm"
        # the fast rows: everything before the last row that has a cell, when no row is wider than the
        # header (so the header and that last row give XlsxWriter the sheet's dimensions)
        # (and no cell looks like XlsxWriter's rich-text markup: :func:`_write` writes those its own way)
        tail = (_last_filled(rows) if fast and sheet.header and all(len(r) <= len(sheet.header) for r in rows)
                and not any(_rich_like(v) for row in rows for v in row) else 0)
        for r, row in enumerate(rows[tail:], start=tail + 1):
            for c, value in enumerate(row):
                number = sheet.date_format if isinstance(value, datetime | date) else ""
                if isinstance(value, time):
                    number = time_format
                _write(ws, r, c, value, None, fmt, number, c in wrap)
        if tail:
            # after the write above, which made XlsxWriter write the header row: cell styles get their
            # numbers in the order XlsxWriter would give them (header, rows in order, last row)
            bodies[f"xl/worksheets/sheet{sheet_no}.xml"] = _Rows(rows[:tail], len(sheet.header), wrap,
                                                                 sheet.date_format, fmt)
        if sheet.header:
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, len(rows), max(0, len(sheet.header) - 1))
            ws.repeat_rows(0)
        # print on A4: one page wide, as many pages tall as it takes
        ws.set_paper(A4)
        if sum(widths) > PORTRAIT_MAX_WIDTH:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        printed = " · ".join(t for t in (title, sheet.title or name) if t)
        ws.set_footer(f"&L{_footer_text(printed)}&R{page}")
    if not sheets:
        wb.add_worksheet("Sheet")
    wb.close()
    data = buf.getvalue()
    if bodies:
        data = _with_rows(data, bodies)
    return normalize_zip(data, stamp)


def _last_filled(rows: Sequence[Sequence[Any]]) -> int:
    """The index of the last row with a cell to write (0 when none)."""
    for i in range(len(rows) - 1, -1, -1):
        if any(v is not None and v != "" for v in rows[i]):
            return i
    return 0


#: Text XlsxWriter changes before writing it: its ``_xHHHH_`` escapes, control characters, non-characters.
_XL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")


class _Rows:
    """The ``<row>`` elements XlsxWriter writes in constant-memory mode for ``rows`` (sheet rows 2, 3, ...).

    Each value is handled as :func:`_write` hands it to XlsxWriter, and written as XlsxWriter's
    ``_write_cell`` writes it: inline strings, numbers as ``%.16G``, dates as Excel serials. Made
    before the workbook is closed, so cell styles get their numbers in XlsxWriter's order (each
    distinct value of a column is rendered once, at its first cell); the XML itself is made in
    pieces while the zip is written, so the sheet is never in memory as one text.
    """

    def __init__(self, rows: Sequence[Sequence[Any]], ncols: int, wrap: Collection[int], date_format: str,
                 fmt: Any) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self.rows, self.date_format, self.fmt = rows, date_format, fmt
        self.starts = [f'<c r="{xl_col_to_name(c)}' for c in range(ncols)]
        self.wrapped = [c in wrap for c in range(ncols)]
        self.seen: dict[tuple[Any, ...], str] = {}
        for row in rows:
            for c, value in enumerate(row):
                if value is not None and value != "":
                    self._tail(value, self.wrapped[c])

    def _tail(self, value: Any, wrapped: bool) -> str:
        key = (value.__class__, value, wrapped)
        try:
            return self.seen[key]
        except KeyError:
            tail = self.seen[key] = self._render(value, wrapped)
            return tail
        except TypeError:  # not hashable
            return self._render(value, wrapped)

    def _style(self, wrapped: bool, number: str = "", quote: bool = False) -> str:
        f = self.fmt(number, wrapped, quote) if (wrapped or quote or number) else None
        return f' s="{f._get_xf_index()}"' if f is not None else ""

    def _render(self, value: Any, wrapped: bool) -> str:
        """Everything of a cell after its reference (the same for every cell of that value and column kind)."""
        from xlsxwriter.utility import _datetime_to_excel_datetime, _preserve_whitespace, _utf16_len, _utf16_truncate
        from xlsxwriter.xmlwriter import XMLwriter

        if isinstance(value, str) or not isinstance(value, int | float | datetime | date | time):
            text = _ILLEGAL.sub("\ufffd", str(value))
            s = self._style(wrapped, "", neutralize(text) != text)
            if len(text) > 16383 and _utf16_len(text) > EXCEL_TEXT_MAX:
                text = _utf16_truncate(text, EXCEL_TEXT_MAX)
            if _XL_ESCAPE.search(text):
                text = XMLwriter._escape_control_characters(text)
            space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
            if "&" in text or "<" in text or ">" in text:
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return f'"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if isinstance(value, bool):
            return f'"{self._style(wrapped)} t="b"><v>{1 if value else 0}</v></c>'
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                return f'"{self._style(wrapped)} t="inlineStr"><is><t>{value}</t></is></c>'
            return f'"{self._style(wrapped)}><v>{value:.16G}</v></c>'
        number = "hh:mm" if isinstance(value, time) else self.date_format
        serial = _datetime_to_excel_datetime(value, False, False)
        return f'"{self._style(wrapped, number)}><v>{serial:.16G}</v></c>'

    def chunks(self, size: int = 2000) -> Iterable[bytes]:
        """The XML, UTF-8, ``size`` rows at a time."""
        starts, wrapped, tail = self.starts, self.wrapped, self._tail
        out: list[str] = []
        for r, row in enumerate(self.rows, start=2):
            line = ""
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                line += f"{starts[c]}{r}{tail(value, wrapped[c])}"
            if line:
                out.append(f'<row r="{r}">{line}</row>')
            if len(out) >= size:
                yield "".join(out).encode("utf-8")
                out.clear()
        if out:
            yield "".join(out).encode("utf-8")


def _with_rows(data: bytes, bodies: dict[str, _Rows]) -> bytes:
    """The zip ``data`` with each sheet's rows put right after its header row, written as XlsxWriter
    writes a zip (same order, deflate level and fields; :func:`normalize_zip` pins the rest)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            body = bodies.get(info.filename)
            if body is None:
                dst.writestr(entry, raw)
                continue
            at = raw.index(b"</row>", raw.index(b"<sheetData>")) + len(b"</row>")
            with dst.open(entry, "w") as sink:  # deflate's output does not depend on how the input is cut
                sink.write(raw[:at])
                for chunk in body.chunks():
                    sink.write(chunk)
                sink.write(raw[at:])
    return out.getvalue()


def _write(ws: Any, r: int, c: int, value: Any, style: Any, fmt: Any, number: str, wrap: bool) -> None:
    if value is None or value == "":
        if style is not None:
            ws.write_blank(r, c, None, style)
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value, style or (fmt("", wrap, False) if wrap else None))
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_string(r, c, str(value), style)
        else:
            ws.write_number(r, c, value, style or (fmt("", wrap, False) if wrap else None))
    elif isinstance(value, datetime | date | time):
        ws.write_datetime(r, c, value, style or fmt(number, wrap, False))
    else:
        from xlsxwriter.utility import _utf16_len

        text = _ILLEGAL.sub("\ufffd", str(value))
        quote = neutralize(text) != text
        cell_format = style or (fmt("", wrap, quote) if (wrap or quote) else None)
        if _rich_like(text) and _utf16_len(text) <= EXCEL_TEXT_MAX:  # longer: XlsxWriter cuts it, no markup
            # XlsxWriter's constant-memory mode takes such a text for its own rich-text markup and puts it
            # into the sheet's XML unescaped: a roster cell "<r>...</r>" made a file Excel cannot open.
            # Plain runs of a rich string (XlsxWriter asks for three) are escaped and read back as the same text.
            runs = (text[:1], text[1:2], text[2:])
            ws.write_rich_string(r, c, *runs, *([cell_format] if cell_format is not None else []))
        else:
            ws.write_string(r, c, text, cell_format)


#: Excel's longest cell text, in UTF-16 code units (XlsxWriter cuts longer text to it).
EXCEL_TEXT_MAX = 32767


def _rich_like(value: Any) -> bool:
    """Text XlsxWriter's constant-memory mode would write into the XML as its own rich-text markup."""
    if value is None or isinstance(value, bool | int | float | datetime | date | time):
        return False
    text = str(value)
    return text.startswith("<r>") and text.endswith("</r>")


def normalize_zip(data: bytes, stamp: datetime) -> bytes:
    """Pin every zip entry's timestamp, creating system and attributes, in place (no recompression).

    XlsxWriter stamps entries with a fixed 1980 date and, in constant-memory mode, with the
    temp files' attributes; this makes them ``stamp``, MS-DOS and 0, as Office writes them.
    """
    out = bytearray(data)
    dos_time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    dos_date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    end = out.rfind(b"PK\x05\x06")
    if end < 0:  # pragma: no cover - XlsxWriter always writes a central directory
        return bytes(data)
    count, _size, offset = struct.unpack_from("<HII", out, end + 10)
    pos = offset
    for _ in range(count):
        if out[pos:pos + 4] != b"PK\x01\x02":  # pragma: no cover - not a zip we wrote
            return bytes(data)
        struct.pack_into("<H", out, pos + 4, 20)  # version made by: MS-DOS, 2.0
        struct.pack_into("<HH", out, pos + 12, dos_time, dos_date)
        struct.pack_into("<I", out, pos + 38, 0)  # external attributes
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, pos + 28)
        (local,) = struct.unpack_from("<I", out, pos + 42)
        struct.pack_into("<HH", out, local + 10, dos_time, dos_date)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(out)


def save_workbook(wb: Any) -> bytes:
    """The bytes of an openpyxl workbook built elsewhere (a template with drop-downs), deterministic
    like :func:`workbook_bytes`: fixed document dates and zip entries."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    stamp = build_epoch()
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "rmentor"
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl.save_workbook would overwrite "modified" with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalize_zip(raw.getvalue(), stamp)
