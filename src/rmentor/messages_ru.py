"""Russian catalogue: English template -> Russian template (or the three plural forms).

Keep entries grouped by the module that uses them. ``tests/test_i18n.py`` fails when a
template used in the code has no entry here.
"""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
}
