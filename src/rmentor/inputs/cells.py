"""The formula guard for spreadsheet cells, and its inverse for reading files back.

A cell that starts with ``= + - @ TAB CR`` could run as a formula in Excel; writers
prefix it with ``'`` (:func:`neutralize`), readers take the prefix off (:func:`restore`).
"""

from __future__ import annotations

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
