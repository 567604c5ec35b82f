"""CSV that opens correctly in Excel (UTF-8 with BOM) and cannot smuggle formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    """True for text a spreadsheet could take as a formula, or that :func:`restore` would alter."""
    stripped = text.lstrip("'")
    if not stripped.startswith(_FORMULA_STARTS):
        return False
    # a plain negative number stays a number; '+7...' is guarded, or Excel would drop the '+'
    return stripped != text or not (text.startswith("-") and _is_number(text))


def neutralize(value: Any) -> str:
    """Cell text that a spreadsheet will not evaluate: a leading ``= + - @ TAB CR`` gets a ``'``.

    Plain negative numbers stay numbers. Text that already starts with ``'`` before such a
    character gets one more, so :func:`restore` gives back exactly what was written.
    """
    text = "" if value is None else str(value)
    return "'" + text if _needs_guard(text) else text


def restore(cell: str) -> str:
    """The inverse of :func:`neutralize`, for CSV files rmentor (or a careful editor) wrote."""
    if cell.startswith("'") and _needs_guard(cell[1:]):
        return cell[1:]
    return cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Rows as CSV bytes: UTF-8 (with BOM for Excel), CRLF line ends, every cell neutralized."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize(c) for c in row])
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data
