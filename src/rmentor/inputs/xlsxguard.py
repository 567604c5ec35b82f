"""A cheap check that an ``.xlsx`` is not a zip bomb, before openpyxl parses it.

An ``.xlsx`` is a zip of XML. Sheet XML compresses several hundred times, so a 1 MB
workbook can hold millions of cells: openpyxl then parses for many minutes. The file size
cap cannot see that. This module streams the worksheets through zlib (hundreds of MB per
second, a little memory) and counts cells and rows; a workbook above the limits is
refused before openpyxl sees it.

The limits are far above any roster or survey: 24,000 people with 20 columns are 480,000
cells.
"""

from __future__ import annotations

import io
import re
import zipfile

from rmentor.errors import InputError, Location

MAX_CELLS = 2_000_000
MAX_ROWS = 500_000
_CHUNK = 1 << 20
# opening tags only: <c r="A1">, <c>, <c/>, <x:c ...> (some generators write a namespace prefix)
_CELL = re.compile(rb"<(?:\w{1,16}:)?c[ >/]")
_ROW = re.compile(rb"<(?:\w{1,16}:)?row[ >/]")
_TAIL = 32  # longer than any tag the patterns match


def _count(stream: io.BufferedIOBase, cells: int, rows: int) -> tuple[int, int]:
    """``cells`` and ``rows`` plus those in a worksheet XML stream; stops early past the limits."""
    tail = b""
    while cells <= MAX_CELLS and rows <= MAX_ROWS:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        data = tail + chunk
        # a tag that ends inside the old tail was counted with the previous chunk
        start = len(tail)
        cells += sum(1 for m in _CELL.finditer(data) if m.end() > start)
        rows += sum(1 for m in _ROW.finditer(data) if m.end() > start)
        tail = data[-_TAIL:]
    return cells, rows


def check_workbook(data: bytes, file: str) -> None:
    """Raise :class:`InputError` when the workbook in ``data`` holds more cells or rows than allowed.

    A file that is not a zip at all is left to the caller's reader, which says so in its own words.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    cells = rows = 0
    with archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            try:
                with archive.open(info) as stream:
                    cells, rows = _count(stream, cells, rows)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                return  # damaged or encrypted: the reader reports it
            if cells > MAX_CELLS or rows > MAX_ROWS:
                raise InputError(
                    "the workbook holds more than {cells} cells or {rows} rows (a zip bomb?)",
                    location=Location(file=file),
                    hint="keep only the data sheets, or export them as CSV UTF-8",
                    cells=MAX_CELLS,
                    rows=MAX_ROWS,
                )
