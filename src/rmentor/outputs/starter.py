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


def write_starter(directory: Path, lang: Lang, *, roster_format: str = "yaml") -> list[Path]:
    """Write the starter files into ``directory``; refuses to overwrite existing files.

    ``roster_format="xlsx"`` writes ``roster.xlsx``, an Excel template for the starter program
    (see :mod:`rmentor.outputs.roster_template`), instead of ``roster.yaml``.
    """
    files = starter_files(lang)
    if roster_format == "xlsx":
        from rmentor.inputs.safeyaml import parse_yaml
        from rmentor.model import Program
        from rmentor.outputs.roster_template import roster_template

        program = Program.model_validate(parse_yaml(files["program.yaml"].decode("utf-8"), "program.yaml").data)
        del files["roster.yaml"]
        files["roster.xlsx"] = roster_template(program, lang)
    return write_outputs(directory, files, force=False)
