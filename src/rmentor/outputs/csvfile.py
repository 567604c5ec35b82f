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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Rows as CSV bytes: UTF-8 (with BOM for Excel), CRLF line ends, every cell neutralized."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralize(h) for h in header])
    guard = _MAY_NEED_GUARD
    writer.writerows([c if type(c) is str and (not c or c[0] not in guard) else neutralize(c) for c in row]
                     for row in rows)
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data
