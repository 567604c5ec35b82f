"""The README's walkthrough runs as written, in Russian and in English (keeps the README true)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent


def walkthrough_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("## A walk through a pilot", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    commands = []
    for line in joined.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("rmentor "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_walkthrough_has_every_main_command() -> None:
    names = {c[0] for c in walkthrough_commands()}
    assert {"init", "validate", "score", "match", "explain", "schedule", "plan", "evaluate", "rematch"} <= names


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_walkthrough_runs(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    outputs = []
    for args in walkthrough_commands():
        result = runner.invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    text = "\n".join(outputs)
    if lang == "ru":
        assert "пар" in text and "Оценка" in text
    assert (tmp_path / "pilot" / "brief.html").is_file() and (tmp_path / "pilot" / "brief.pdf").is_file()
    assert (tmp_path / "pilot" / "kit" / "P01" / "agreement.docx").is_file()
    assert not (tmp_path / "pilot" / "kit" / "kit").exists()
    assert any((tmp_path / "pilot" / "outbox").glob("*.eml"))  # invite pilot/ wrote the invitations
    assert (tmp_path / "out2" / "pairs.csv").is_file()
