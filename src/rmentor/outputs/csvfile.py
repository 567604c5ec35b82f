"""CSV that opens correctly in Excel (UTF-8 with BOM) and cannot smuggle formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from rmentor.inputs.cells import neutralize

# neutralize() changes only text that starts with one of these (a guard character, or a ' before one):
# every other cell is itself, checked with one index instead of a call (a sessions.csv of 5,000 pairs
# has a million cells)
_MAY_NEED_GUARD = frozenset("'=+-@\t\r")


def _guarded(cells: Iterable[Any]) -> list[Any]:
    """``[neutralize(c) for c in cells]``, calling it only for the cells it may change."""
    guard = _MAY_NEED_GUARD
    return [c if type(c) is str and (not c or c[0] not in guard) else neutralize(c) for c in cells]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Rows as CSV bytes: UTF-8 (with BOM for Excel), CRLF line ends, every cell neutralized."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralize(h) for h in header])
    writer.writerows(map(_guarded, rows))
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


class CellWriter:
    """Parts of a CSV row, each as :func:`csv_bytes` writes those cells (neutralized, quoted when needed).

    With QUOTE_MINIMAL each cell is quoted on its own, so a row is its parts joined by the delimiter:
    a file that repeats the same cells on many rows (a pair's people on its 13 sessions) writes each
    run of them once. A part holds at least two cells (a row of one empty cell is written ``""``).
    """

    def __init__(self, delimiter: str = ",") -> None:
        self._buf = io.StringIO(newline="")
        self._writer = csv.writer(self._buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def part(self, cells: Sequence[Any]) -> str:
        """``cells`` (two or more) as they appear inside a row, without the line end."""
        if len(cells) < 2:
            raise ValueError("a part of a row holds at least two cells")
        buf = self._buf
        buf.seek(0)
        buf.truncate()
        self._writer.writerow(_guarded(cells))
        return buf.getvalue()[:-2]
