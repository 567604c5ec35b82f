"""A program folder with a ledger, made from the bundled example by ``rmentor plan --out``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def make_program(folder: Path, *, lang: str = "ru") -> Path:
    """``rmentor plan examples/roster.yaml --config examples/program.yaml --out folder``."""
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"),
                                      "--out", str(folder), "--lang", lang, "-q",
                                      "--kit", "md"])  # Word/PDF kits: test_documents.py; here they only cost time
    assert result.exit_code == 0, result.output
    assert (folder / "program.db").is_file()
    return folder
