"""Shared fixtures: paths to the bundled examples and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

if os.environ.get("MUTANT_UNDER_TEST"):
    # Under mutmut every mutant must meet the same examples, or a kill would depend on luck.
    settings.register_profile("mutation", derandomize=True, database=None)
    settings.load_profile("mutation")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's compiled catalogues go to a folder of its own, never the user's cache (subprocesses too)."""
    os.environ["RMENTOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("rmentor-cache"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example_roster() -> Path:
    return EXAMPLES / "roster.yaml"


@pytest.fixture
def example_program() -> Path:
    return EXAMPLES / "program.yaml"


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English messages unless they ask for Russian."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01T00:00:00Z
    # Every message a test makes rmentor say must have a Russian translation (rmentor.i18n.STRICT_ENV).
    monkeypatch.setenv("RMENTOR_STRICT_I18N", "1")
    # A CLI run sets the message language for the process; start every test from English.
    from rmentor.i18n import set_language

    set_language("en")
