"""``rmentor init``: commented starter files that validate as they are."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rmentor.i18n import Lang
from rmentor.outputs.files import write_outputs


def starter_files(lang: Lang) -> dict[str, bytes]:
    """The starter program and roster in ``lang``."""
    base = resources.files("rmentor") / "templates" / "init" / lang
    return {name: (base / name).read_bytes() for name in ("program.yaml", "roster.yaml")}


def write_starter(directory: Path, lang: Lang) -> list[Path]:
    """Write the starter files into ``directory``; refuses to overwrite existing files."""
    return write_outputs(directory, starter_files(lang), force=False)
