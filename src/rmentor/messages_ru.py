"""The Russian catalogue: English template -> Russian template (or the three plural forms).

Entries live in ``rmentor/locale/ru_*.py``, one module per area; this module merges them.
``tests/test_i18n.py`` fails when a template used in the code has no entry.
"""

from __future__ import annotations

import importlib
import pkgutil

import rmentor.locale as _pkg


def _merge() -> dict[str, str | tuple[str, str, str]]:
    merged: dict[str, str | tuple[str, str, str]] = {}
    for info in sorted(pkgutil.iter_modules(_pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("ru_"):
            merged.update(importlib.import_module(f"rmentor.locale.{info.name}").RU)
    return merged


RU = _merge()
