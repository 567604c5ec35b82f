"""The one guarded way to read an ``.xlsx`` (rosters and surveys alike).

An ``.xlsx`` is a zip of XML. Sheet XML compresses several hundred times, so a 1 MB
workbook can hold millions of cells (openpyxl then parses for many minutes) or unpack to
gigabytes. The file size cap cannot see that. :func:`check_workbook` streams **every part**
of the package through zlib (hundreds of MB per second, a little memory), wherever it lies
in the zip (a worksheet moved to an unusual path is counted too), and refuses:

* a package that unpacks to more than :data:`MAX_UNPACKED_BYTES` (declared or actual);
* more than :data:`MAX_CELLS` cells or :data:`MAX_ROWS` rows;
* a part with a DTD (``<!DOCTYPE``/``<!ENTITY``): no spreadsheet needs one, and entity
  expansion is the XML bomb;
* a damaged part (truncated deflate stream, bad CRC).

:func:`open_workbook` then loads it with openpyxl and turns any error openpyxl raises while
loading or streaming rows (truncated XML, ``ParseError``) into the same input error.
The limits are far above any roster or survey: 24,000 people with 20 columns are 480,000 cells.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from rmentor.errors import InputError, Location

MAX_CELLS = 2_000_000
MAX_ROWS = 500_000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_PARTS = 10_000
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_CHUNK = 1 << 20
# opening tags only: <c r="A1">, <c>, <c/>, <x:c ...> (some generators write a namespace prefix)
_CELL = re.compile(rb"<(?:\w{1,16}:)?c[ >/]")
_ROW = re.compile(rb"<(?:\w{1,16}:)?row[ >/]")
_TAIL = 32  # longer than any tag the patterns match


class _Bad(Exception):
    """A part of the package is damaged or hostile."""


def _count(stream: io.BufferedIOBase, cells: int, rows: int, unpacked: int = 0) -> tuple[int, int]:
    """``cells`` and ``rows`` plus those in one XML part; stops early past the limits."""
    cells, rows, _ = _scan(stream, cells, rows, unpacked)
    return cells, rows


def _scan(stream: io.BufferedIOBase, cells: int, rows: int, unpacked: int) -> tuple[int, int, int]:
    tail = b""
    while cells <= MAX_CELLS and rows <= MAX_ROWS and unpacked <= MAX_UNPACKED_BYTES:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        unpacked += len(chunk)
        data = tail + chunk
        # a tag that ends inside the old tail was counted with the previous chunk
        start = len(tail)
        cells += sum(1 for m in _CELL.finditer(data) if m.end() > start)
        rows += sum(1 for m in _ROW.finditer(data) if m.end() > start)
        if _DTD.search(data):
            raise _Bad("DTD")
        tail = data[-_TAIL:]
    return cells, rows, unpacked


def check_workbook(data: bytes, file: str) -> None:
    """Raise :class:`InputError` unless ``data`` is a zip whose every part is whole, without a
    DTD, and together within the unpacked-size, cell and row limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("this is not an Excel workbook (.xlsx)", location=Location(file=file),
                         hint="save it again from Excel as 'Excel Workbook (*.xlsx)' without a password, "
                              "or export CSV UTF-8") from None
    cells = rows = unpacked = 0
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNPACKED_BYTES or len(infos) > MAX_PARTS:
            raise InputError("the workbook unpacks to more than {limit} MB", location=Location(file=file),
                             hint="keep only the data sheets in the file", limit=MAX_UNPACKED_BYTES // 2**20)
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as stream:
                    cells, rows, unpacked = _scan(stream, cells, rows, unpacked)  # type: ignore[arg-type]
            except _Bad:
                raise _unreadable(file, f"{info.filename} declares a DTD") from None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError,
                    zipfile.LargeZipFile) as exc:
                # damaged, encrypted or of an unsupported compression
                raise _unreadable(file, f"{info.filename}: {exc}"[:200]) from None
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputError("the workbook unpacks to more than {limit} MB", location=Location(file=file),
                                 hint="keep only the data sheets in the file", limit=MAX_UNPACKED_BYTES // 2**20)
            if cells > MAX_CELLS or rows > MAX_ROWS:
                raise InputError(
                    "the workbook holds more than {cells} cells or {rows} rows (a zip bomb?)",
                    location=Location(file=file),
                    hint="keep only the data sheets, or export them as CSV UTF-8",
                    cells=MAX_CELLS,
                    rows=MAX_ROWS,
                )


def _unreadable(file: str, reason: str) -> InputError:
    return InputError("the workbook cannot be read: {reason}", location=Location(file=file),
                      hint="open it in Excel or LibreOffice and save it again as .xlsx", reason=reason)


@contextlib.contextmanager
def open_workbook(data: bytes, file: str, **options: Any) -> Iterator[Any]:
    """An openpyxl workbook of ``data`` after :func:`check_workbook`; any error openpyxl raises
    while loading it or streaming its rows inside the ``with`` block is an input error."""
    from openpyxl import load_workbook

    check_workbook(data, file)
    workbook: Any = None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops; HR should not see Python warnings
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), **{"keep_links": False, **options})
            yield workbook
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files (ParseError, KeyError, ...)
        raise _unreadable(file, (str(exc) or type(exc).__name__)[:200]) from None
    finally:
        if workbook is not None:
            workbook.close()  # read-only workbooks keep the archive open until closed
