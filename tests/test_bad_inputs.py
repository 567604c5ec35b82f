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
traceback, and leave every file as it was: a failed run writes nothing (a run that succeeds
may write into ``{out}`` only).
"""

from __future__ import annotations

import hashlib
import re
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


def run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             lang: str | None = None) -> tuple[Any, str, dict[str, Any]]:
    spec = _spec(case)
    if lang is not None:
        args = list(spec["args"])
        if "--lang" in args:
            del args[args.index("--lang"):args.index("--lang") + 2]
        spec["args"] = [*args, "--lang", lang]
    shutil.copytree(case, tmp_path / "case")
    monkeypatch.chdir(tmp_path)
    for key, value in (spec.get("env") or {}).items():
        monkeypatch.setenv(key, str(value))
    args = [str(a).format(dir="case", out="case/out") for a in spec["args"]]
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(app, args)
    after = _snapshot(tmp_path)
    if spec["exit"] == 0:  # a run that succeeds may write its outputs, but only into {out}
        after = {k: v for k, v in after.items() if not k.startswith(str(Path("case") / "out"))}
    assert after == before, "a failed or checking run must not write or change any file"
    return result, " ".join(result.output.split()), spec


def test_corpus_is_big_and_well_formed() -> None:
    assert len(CASE_DIRS) >= 40
    for case in CASE_DIRS:
        spec = _spec(case)
        assert set(spec) <= {"args", "exit", "contains", "absent", "env"}, case.name
        assert spec["exit"] in (0, 2, 3), case.name
        assert spec["contains"], f"{case.name}: say what the message must contain"
        assert (case / "case.yaml").read_text(encoding="utf-8").startswith("# "), f"{case.name}: describe the case"
        if spec["exit"] == 2 and not case.name.startswith("usage-"):  # an input error names its file
            assert any(re.search(r"\.(yaml|csv|xlsx|json|txt)\b", n) for n in spec["contains"]), case.name


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


RUSSIAN_SAMPLE = CASE_DIRS[::5]


@pytest.mark.parametrize("case", RUSSIAN_SAMPLE, ids=[c.name for c in RUSSIAN_SAMPLE])
def test_bad_input_in_russian(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fifth of the corpus again with --lang ru: same exit code, the file still named, no traceback,
    and no translation that failed to fill in its parameters (rendered as "... {'key': ...}")."""
    args = _spec(case)["args"]
    if "--lang" in args and args[args.index("--lang") + 1] not in ("en", "ru"):
        pytest.skip("the case is about --lang itself")
    result, text, spec = run_case(case, tmp_path, monkeypatch, lang="ru")
    assert result.exit_code == spec["exit"], result.output
    assert "Traceback" not in result.output and "{'" not in text
    for needle in spec["contains"]:  # locations (file:line:col) read the same in every language
        if re.fullmatch(r"[\w.-]+\.(yaml|csv|xlsx|json|txt)(:\d+:(\d+:)?)?", needle):
            assert needle in text, f"{needle!r} not in:\n{result.output}"
    if spec["exit"] == 2 and "ошибка" not in text and "error" in text:
        pytest.fail(f"the headline is not in Russian:\n{result.output}")


# ------------------------------------------------------------------ generated at test time: size limits

def _big_roster(n: int) -> str:
    """A valid roster of ``n`` seniors and ``n`` juniors (about 480 bytes per pair)."""
    parts = ["seniors:\n"]
    for i in range(n):
        parts.append(f"  - id: s{i:05d}\n    name: Старший Сотрудник {i}\n    department: Отдел {i % 40}\n"
                     f"    email: s{i}@example.ru\n    availability: [\"Tue 10:00-12:00\", \"Thu 15:00-17:00\"]\n"
                     f"    scores: {{readiness: {1 + i % 5}, openness: {1 + i * 7 % 5}}}\n    wants: [SMM, ИИ]\n")
    parts.append("juniors:\n")
    for i in range(n):
        parts.append(f"  - id: j{i:05d}\n    name: Младший Сотрудник {i}\n    department: Отдел {(i + 3) % 40}\n"
                     f"    availability: [\"Tue 10:00-12:00\"]\n"
                     f"    scores: {{communication: {1 + i % 5}, sharing: 3, structuring: 4}}\n    offers: [SMM]\n")
    return "".join(parts)


def test_a_valid_file_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(_big_roster(3500), encoding="utf-8")
    assert 1.2 * 2**20 < roster.stat().st_size < 2 * 2**20
    monkeypatch.setenv("RMENTOR_MAX_INPUT_MB", "1")
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "file is too large" in text and "the limit is 1.0 MB" in text and "RMENTOR_MAX_INPUT_MB" in text
    assert "Traceback" not in result.output


def test_the_default_cap_refuses_a_file_without_reading_it(tmp_path: Path) -> None:
    roster = tmp_path / "roster.yaml"
    with roster.open("wb") as fh:
        fh.truncate(33 * 2**20)  # sparse: 33 MB on paper, nothing on disk
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2, result.output
    assert "file is too large (33.0 MB, the limit is 32.0 MB)" in " ".join(result.output.split())


def test_a_5_mb_roster_still_loads(tmp_path: Path) -> None:
    from rmentor.inputs.loading import load_roster
    from rmentor.model import Program

    roster = tmp_path / "roster.yaml"
    roster.write_text(_big_roster(12_000), encoding="utf-8")
    assert roster.stat().st_size > 5 * 2**20
    loaded = load_roster(roster, Program()).value  # under the size cap and the alias budget
    assert (len(loaded.seniors), len(loaded.juniors)) == (12_000, 12_000)


def test_values_that_look_like_numbers_or_booleans_stay_text(tmp_path: Path) -> None:
    from rmentor.inputs.loading import load_roster
    from rmentor.model import Program

    loaded = load_roster(CASES / "text-values-stay-text" / "roster.yaml", Program()).value
    orlov = next(j for j in loaded.juniors if j.name == "Орлов Кирилл")
    assert (orlov.id, orlov.title, orlov.notes) == ("0123", "NO", "+79161234567")
    assert loaded.juniors[0].id == "0456"  # unquoted 0456: not the number 456


# ------------------------------------------------------------------ generated at test time: an xlsx zip bomb

def _xlsx_bomb(path: Path, rows: int) -> None:
    """A valid-looking workbook whose one sheet unpacks to ``rows`` rows (a few hundred KB on disk)."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["person_id", "wave", "engagement"])
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info.filename))
                continue
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(rows // 10_000):
                    sheet.write(b"<row><c><v>4</v></c></row>" * 10_000)
                sheet.write(b"</sheetData></worksheet>")


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_an_xlsx_zip_bomb_is_refused_quickly(tmp_path: Path, example_program: Path, command: str) -> None:
    import time

    bomb = tmp_path / "data.xlsx"
    _xlsx_bomb(bomb, 510_000)
    assert bomb.stat().st_size < 1_000_000 < 12_000_000  # under a megabyte, 13 MB of XML inside
    args = [command, str(bomb)] + (["--config", str(example_program), "--lang", "en"] if command == "evaluate" else [])
    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "more than 2000000 cells or 500000 rows" in " ".join(result.output.split())
    assert time.perf_counter() - started < 30  # openpyxl alone took minutes on such files


def test_cells_split_across_chunks_are_counted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import rmentor.inputs.xlsxguard as guard

    xml = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"/></row><x:row><x:c t="s">1</x:c></x:row></sheetData>'
    for chunk in (1, 2, 3, 5, 7, 1 << 20):
        monkeypatch.setattr(guard, "_CHUNK", chunk)
        assert guard._count(io.BytesIO(xml), 0, 0) == (3, 2), chunk  # type: ignore[arg-type]


def test_a_huge_window_text_is_refused_quickly(tmp_path: Path) -> None:
    """The window pattern backtracks quadratically; 200,000 spaces used to take minutes."""
    import time

    text = (CASES / "start-in-the-past" / "roster.yaml").read_text(encoding="utf-8")
    roster = tmp_path / "roster.yaml"
    roster.write_text(text.replace('["Tue 10:00-12:00"]', '["Tue' + " " * 200_000 + '1"]', 1), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2, result.output[-500:]
    assert "seniors[0].availability[0]" in result.output and "is not a window" in result.output
    assert len(result.output) < 2000  # the value is shown shortened
    assert time.perf_counter() - started < 10


def test_a_long_reporting_line_is_checked_in_linear_time(tmp_path: Path) -> None:
    """The manager-cycle check walked every chain from every node with a list lookup: a
    3,000-manager reporting line (a 60 KB file) took 85 s."""
    import time

    text = (CASES / "start-in-the-past" / "roster.yaml").read_text(encoding="utf-8")
    chain = "".join(f"  m{i}: m{i + 1}\n" for i in range(3000))
    roster = tmp_path / "roster.yaml"
    roster.write_text(text.replace("  ceo: ~\n", f"  ceo: m0\n{chain}  m3000: ~\n"), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", str(roster), "-q"])
    assert result.exit_code == 0, result.output[-1000:]
    assert time.perf_counter() - started < 10
    roster.write_text(text.replace("  ceo: ~\n", f"  ceo: m0\n{chain}  m3000: ceo\n"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "manager cycle: ceo -> m0 -> m1 -> m2 -> m3 -> m4 -> m5 -> m6 -> m7 -> m8 -> ... (3002) -> ceo" in text


def test_thousands_of_unknown_ids_are_reported_quickly(tmp_path: Path, example_roster: Path,
                                                       example_program: Path) -> None:
    """'Did you mean' compares an id with every id in the roster; done for every problem, 3,000
    unknown managers took 30 s. Suggestions are now made for the problems that are shown."""
    import time

    people = "".join(f"  - {{id: p{i:05d}, name: P, department: D, manager: boss{i:05d}, "
                     f"scores: {{readiness: 4, openness: 4}}}}\n" for i in range(3000))
    roster = tmp_path / "roster.yaml"
    roster.write_text("seniors:\n" + people + "juniors:\n  - {id: j1, name: J, department: E, "
                      "scores: {communication: 4, sharing: 4, structuring: 4}}\n", encoding="utf-8")
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("pair_id,senior_id,junior_id\n" + "".join(f"P{i},nobody{i},vasilieva\n" for i in range(3000)),
                     encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2 and "3000 problem(s) in the roster (first 50 shown)" in result.output
    result = CliRunner().invoke(app, ["schedule", str(example_roster), "--config", str(example_program),
                                      "--pairs", str(pairs), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 2 and "3000 problem(s) in the pairs file" in " ".join(result.output.split())
    assert time.perf_counter() - started < 10
