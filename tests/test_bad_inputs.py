"""The bad-input corpus: every folder in tests/cases/bad/ is one broken (or tricky) input.

Each folder holds the input file(s) and a ``case.yaml``::

    # what the case is about
    args: ["validate", "{dir}/roster.yaml", "--config", "{dir}/program.yaml"]
    exit: 2
    contains: ["roster.yaml:12:", "seniors[1].scores.opennes", "did you mean 'openness'?"]
    absent: ["binary data"]            # optional
    env: {"RMENTOR_MAX_INPUT_MB": "1"}  # optional

``{dir}`` is the case folder (copied to a temporary folder, so paths in messages are short)
and ``{out}`` an output folder inside it. Every case must end with its exit code, show each
``contains`` text (whitespace is normalised, since terminals wrap long lines), never show a
traceback, and leave every file as it was: a failed run writes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rmentor.cli import app

CASES = Path(__file__).resolve().parent / "cases" / "bad"
CASE_DIRS = sorted(p.parent for p in CASES.glob("*/case.yaml"))


def _spec(case: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    return spec


def _snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a hash of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, str, dict[str, Any]]:
    spec = _spec(case)
    shutil.copytree(case, tmp_path / "case")
    monkeypatch.chdir(tmp_path)
    for key, value in (spec.get("env") or {}).items():
        monkeypatch.setenv(key, str(value))
    args = [str(a).format(dir="case", out="case/out") for a in spec["args"]]
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(app, args)
    assert _snapshot(tmp_path) == before, "a failed or checking run must not write or change any file"
    return result, " ".join(result.output.split()), spec


def test_corpus_is_big_and_well_formed() -> None:
    assert len(CASE_DIRS) >= 40
    for case in CASE_DIRS:
        spec = _spec(case)
        assert set(spec) <= {"args", "exit", "contains", "absent", "env"}, case.name
        assert spec["exit"] in (0, 2, 3), case.name
        assert spec["contains"], f"{case.name}: say what the message must contain"
        assert (case / "case.yaml").read_text(encoding="utf-8").startswith("# "), f"{case.name}: describe the case"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[c.name for c in CASE_DIRS])
def test_bad_input(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, text, spec = run_case(case, tmp_path, monkeypatch)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == spec["exit"], result.output
    for needle in spec["contains"]:
        assert needle in text, f"{needle!r} not in:\n{result.output}"
    for needle in spec.get("absent") or ():
        assert needle not in text, f"{needle!r} in:\n{result.output}"
