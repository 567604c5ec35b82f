"""docs/guarantees.md names the test behind every promise; this keeps those names true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")


def test_every_test_the_document_names_exists() -> None:
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)(?:\[[^\]]*\])?`", DOC)
    assert len(named) > 30
    # "`file::test_a` and `::test_b`" names a second test in the same file
    for file, _first, rest in re.findall(r"`(test_\w+\.py)::(test_\w+)[^`]*`((?:[^|`\n]*`::test_\w+[^`]*`)+)", DOC):
        named += [(file, t) for t in re.findall(r"`::(test_\w+)", rest)]
    missing = []
    for file, test in named:
        source = ROOT / "tests" / file
        if not source.exists() or not re.search(rf"^def {test}\(", source.read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{file}::{test}")
    assert not missing, missing


def test_every_corpus_case_the_document_names_exists() -> None:
    cases = {p.name for p in (ROOT / "tests" / "cases" / "bad").iterdir() if p.is_dir()}
    named = set(re.findall(r"`((?:yaml|bytes|hostile|id|ref|pin|pairs|survey|sessions|roster|program|file|output|"
                           r"infeasible|start|text|many|usage|value|type|score|window|manager|no)-[a-z0-9-]+)`", DOC))
    assert len(named) > 40
    assert not named - cases, sorted(named - cases)


def test_the_case_count_is_current() -> None:
    count = sum(1 for p in (ROOT / "tests" / "cases" / "bad").glob("*/case.yaml"))
    assert f"{count} broken or hand-edited inputs" in DOC
    assert f"({count} broken inputs in `tests/cases/bad/`" in (ROOT / "README.md").read_text(encoding="utf-8")
