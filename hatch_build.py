"""Build hook: compile the gettext catalogues (``locale/*/LC_MESSAGES/*.po``) to ``.mo`` with Babel.

Runs for wheels and for editable installs (``pip install -e .``), so an installed rmentor loads its Russian
with the standard library's gettext in milliseconds instead of parsing the ``.po`` (with Babel, about ten
times slower) on every run. The ``.mo`` files are build products: git ignores them, and
:func:`rmentor.i18n.translations` falls back to compiling the ``.po`` in memory when a ``.mo`` is missing or
older than its ``.po`` (a source checkout, or a catalogue edited after installing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted((root / "src" / "rmentor" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh, abort_invalid=True)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as fh:
                write_mo(fh, catalog)  # fuzzy and untranslated entries left out, as msgfmt does
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
