"""Reproducible runs: the same people and settings in any order give byte-identical files."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rmentor.cli import app


def _shuffled(value: Any, rng: random.Random, *, top: bool = True) -> Any:
    """A copy with every list of people and every mapping's keys in a random order.

    Lists other than the people sections (topics, windows, pairs) keep their order: their
    order is data (the senior's topic order is how shared topics are listed).
    """
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        out = {}
        for k, v in items:
            if top and k in ("seniors", "juniors"):
                people = [_shuffled(p, rng, top=False) for p in v]
                rng.shuffle(people)
                out[k] = people
            else:
                out[k] = _shuffled(v, rng, top=False)
        return out
    if isinstance(value, list):
        return [_shuffled(v, rng, top=False) for v in value]
    return value


def _write_shuffled(src: Path, dst: Path, seed: int) -> None:
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    text = yaml.safe_dump(_shuffled(data, random.Random(seed)), allow_unicode=True, sort_keys=False)
    dst.write_text(text, encoding="utf-8")


def _match(roster: Path, program: Path, out: Path, *extra: str) -> bytes:
    result = CliRunner().invoke(app, ["match", str(roster), "--config", str(program), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return (out / "pairs.csv").read_bytes()


@pytest.mark.parametrize("caps", [False, True], ids=["flow", "cp-sat"])
def test_shuffled_roster_and_program_give_byte_identical_pairs_csv(
    tmp_path: Path, example_roster: Path, example_program: Path, caps: bool
) -> None:
    program = example_program
    if caps:  # department caps switch the matcher from min-cost flow to multi-worker CP-SAT
        program = tmp_path / "capped.yaml"
        data = yaml.safe_load(example_program.read_text(encoding="utf-8"))
        data["matching"]["max_pairs_per_department"] = 2
        program.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reference = _match(example_roster, program, tmp_path / "ref")
    assert reference.count(b"\r\n") >= 7  # header and at least six pairs
    for seed in range(2):
        roster = tmp_path / f"roster{seed}.yaml"
        shuffled_program = tmp_path / f"program{seed}.yaml"
        _write_shuffled(example_roster, roster, seed)
        _write_shuffled(program, shuffled_program, seed + 100)
        assert roster.read_bytes() != example_roster.read_bytes()
        assert _match(roster, shuffled_program, tmp_path / f"out{seed}") == reference, f"seed {seed}"


def test_anonymized_output_is_reproducible_too(tmp_path: Path, example_roster: Path, example_program: Path) -> None:
    first = _match(example_roster, example_program, tmp_path / "a", "--anonymize")
    roster = tmp_path / "shuffled.yaml"
    _write_shuffled(example_roster, roster, 7)
    assert _match(roster, example_program, tmp_path / "b", "--anonymize") == first


def test_equally_good_plans_give_the_same_plan_every_run() -> None:
    """Department caps go to CP-SAT. Rosters of similar people have many equally good plans;
    with parallel workers each run returned whichever a worker found first (3 different plans
    in 20 runs of this roster with 8 workers). The solver now runs one worker with a fixed seed."""
    from helpers import junior, program, roster, senior
    from rmentor.core.matching import match

    depts = ["A", "B", "C", "D"]
    r = roster([senior(f"s{i:02d}", depts[i % 4]) for i in range(24)],
               [junior(f"j{i:02d}", depts[(i + 1) % 4]) for i in range(24)])
    p = program(max_pairs_per_department=5)
    plans = {tuple((x.senior, x.junior) for x in match(r, p).pairs) for _ in range(12)}
    assert len(plans) == 1
    assert len(next(iter(plans))) == 20


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_schedule_files_are_byte_identical_and_never_use_the_wall_clock(
    tmp_path: Path, example_roster: Path, example_program: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(roster: Path, out: Path) -> dict[str, bytes]:
        result = CliRunner().invoke(app, ["schedule", str(roster), "--config", str(example_program),
                                          "--out", str(out), "-q"])
        assert result.exit_code == 0, result.output
        return _files(out)

    first = run(example_roster, tmp_path / "a")
    assert {"calendar.ics", "sessions.csv", "schedule.md"} <= set(first)
    shuffled = tmp_path / "shuffled.yaml"
    _write_shuffled(example_roster, shuffled, 3)
    assert run(shuffled, tmp_path / "b") == first
    assert b"DTSTAMP:20270101T000000Z" in first["calendar.ics"]  # SOURCE_DATE_EPOCH (conftest)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    again = run(example_roster, tmp_path / "c")
    stamps = {line for line in again["calendar.ics"].split(b"\r\n") if line.startswith(b"DTSTAMP")}
    assert len(stamps) == 1 and stamps != {b"DTSTAMP:20270101T000000Z"}  # the time the file was made



def test_word_pdf_and_excel_files_never_use_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kit's .docx and .pdf and every .xlsx carry SOURCE_DATE_EPOCH (or a constant), never today."""
    import io
    import zipfile

    from rmentor.outputs.documents.docx import to_docx
    from rmentor.outputs.documents.pdf import to_pdf
    from rmentor.outputs.xlsx import Sheet, workbook_bytes

    text = "# Соглашение\n\n| | Старший |\n|---|---|\n| ФИО | Белова Наталья |\n\n1. один\n2. два\n"

    def make() -> tuple[bytes, bytes, bytes]:
        return (to_docx(text, title="t", lang="ru"), to_pdf(text, title="t", lang="ru"),
                workbook_bytes([Sheet("s", ["a"], [["x"]])], title="t"))

    first = make()
    assert make() == first
    word, pdf, sheet = first
    assert b"2027-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(word)).read("docProps/core.xml")
    assert all(i.date_time == (2027, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(word)).infolist())
    assert b"/CreationDate (D:20270101000000Z" in pdf
    assert b"2027-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(sheet)).read("docProps/core.xml")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert make() == make()
