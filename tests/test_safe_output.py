"""Safe output: Ctrl-C and failures leave nothing half-written; file names stay inside --out."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.outputs.files import safe_filename, write_outputs


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_ctrl_c_inside_the_solver_exits_130_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_roster: Path
) -> None:
    import rmentor.core.matching

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(rmentor.core.matching, "_solve_flow", interrupted)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["match", str(example_roster), "--out", str(out)])
    assert result.exit_code == 130, result.output
    assert "Interrupted; no output was written." in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_ctrl_c_while_files_are_moved_into_place_restores_the_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_bytes(b"old a")
    (out / "b.csv").write_bytes(b"old b")
    real_replace = os.replace
    moved: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        # let the first new file in, then interrupt before the second
        if str(src).endswith(".tmp"):
            moved.append(str(dst))
            if len(moved) == 2:
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, {"a.csv": b"new a", "b.csv": b"new b", "c/d.csv": b"new d"}, force=True)
    monkeypatch.undo()
    assert len(moved) == 2
    assert _tree(out) == {"a.csv": b"old a", "b.csv": b"old b"}  # no temporaries, no c/, old files back


def test_a_failure_half_way_leaves_no_partial_or_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new" / "out"
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    files = {"pairs.csv": b"1", "ics/P01.ics": b"2", "ics/P02.ics": b"3", "z.md": b"4"}
    with pytest.raises(InputError) as err:
        write_outputs(out, files, force=False)
    assert "No space left on device" in err.value.render()
    assert "disk is not full" in err.value.render()
    assert not (tmp_path / "new").exists(), "the folders the run created are removed again"


def test_a_failed_replace_puts_back_every_file_it_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.csv", "b.csv", "c.csv"):
        (out / name).write_bytes(b"old " + name.encode())
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if str(dst).endswith("c.csv") and ".rmentor-new-" in str(src):  # the staged new file
            raise OSError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(InputError):
        write_outputs(out, dict.fromkeys(("a.csv", "b.csv", "c.csv"), b"new"), force=True)
    monkeypatch.undo()
    assert _tree(out) == {n: b"old " + n.encode() for n in ("a.csv", "b.csv", "c.csv")}


def test_force_overwrites_and_leaves_no_backups(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.csv": b"1", "k/b.csv": b"2"}, force=False)
    with pytest.raises(InputError, match="already exist"):
        write_outputs(tmp_path, {"a.csv": b"3"}, force=False)
    write_outputs(tmp_path, {"a.csv": b"3", "k/b.csv": b"4"}, force=True)
    assert _tree(tmp_path) == {"a.csv": b"3", "k/b.csv": b"4"}


@pytest.mark.parametrize("rel", ["../x.csv", "/etc/passwd", "a/../../x", ""])
def test_output_paths_cannot_escape_the_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError, match="escapes"):
        write_outputs(tmp_path / "out", {rel: b"x"}, force=True)
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../x", "_x"),
        ("..", "_"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT1", "_LPT1"),
        (".hidden", "hidden"),
        ("", "_"),
        ("a/b\\c", "a_b_c"),
        ("Иванов Пётр", "Ivanov_Petr"),
        ("Щукина-Юлия", "Shchukina-Yuliya"),
        ("Хабибуллина Эльвира", "Khabibullina_Elvira"),
        ("Цыганков", "Tsygankov"),
        ("P01", "P01"),
        ("volkov.a-1_2", "volkov.a-1_2"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


@given(st.text(max_size=300))
def test_safe_filename_always_stays_inside_the_folder(name: str) -> None:
    got = safe_filename(name)
    assert re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", got)
    assert not got.startswith(".") and not got.endswith(".")
    assert not re.fullmatch(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", got, re.IGNORECASE)
    root = Path("/out")
    assert (root / got).resolve().parent == root.resolve()


def test_ids_that_are_already_safe_keep_their_file_names() -> None:
    # valid ids become file names unchanged, so two people never share a file
    for pid in ("volkov", "s00017", "P01", "a.b-c_d", "0123"):
        assert safe_filename(pid) == pid


def test_a_bug_exits_1_keeps_its_traceback_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_roster: Path
) -> None:
    import rmentor.core.matching

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(rmentor.core.matching, "_solve_flow", broken)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["match", str(example_roster), "--out", str(out)])
    assert result.exit_code == 1
    assert isinstance(result.exception, ZeroDivisionError)  # not swallowed: the traceback reaches the report
    assert not out.exists()


def test_names_that_look_like_formulas_never_reach_a_spreadsheet_as_formulas(tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    # (a leading tab or CR never gets this far: the loader strips whitespace around names)
    evil = ['=HYPERLINK("http://evil.example","Волков")', "+79161234567", "@SUM(A1:A9)", "-Иванова", "=1+1"]
    people = "".join(
        f"  - id: s{i}\n    name: '{name}'\n    department: 'D{i}'\n    availability: ['Tue 10:00-12:00']\n"
        f"    scores: {{readiness: 5, openness: 5}}\n    wants: [SMM]\n" for i, name in enumerate(evil))
    juniors = "".join(
        f"  - id: j{i}\n    name: 'Младший {i}'\n    department: '=cmd|calc'\n    availability: ['Tue 10:00-12:00']\n"
        f"    scores: {{communication: 5, sharing: 5, structuring: 5}}\n    offers: [SMM]\n" for i in range(5))
    roster = tmp_path / "roster.yaml"
    roster.write_text("seniors:\n" + people + "juniors:\n" + juniors, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["match", str(roster), "--out", str(out), "--format", "xlsx", "--lang", "en"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "pairs.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert sorted(r["senior_name"] for r in rows) == sorted("'" + name for name in evil)
    assert {r["junior_department"] for r in rows} == {"'=cmd|calc"}
    book = openpyxl.load_workbook(out / "pairs.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell became a formula"
    texts = {str(c.value) for c in cells}
    for name in evil:  # the names are there, as text
        assert any(name in t for t in texts), name


def test_a_folder_where_an_output_file_goes_is_refused_before_writing(tmp_path: Path) -> None:
    (tmp_path / "pairs.csv").mkdir()
    with pytest.raises(InputError, match="would replace a folder"):
        write_outputs(tmp_path, {"a.csv": b"1", "pairs.csv": b"2"}, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"] and (tmp_path / "pairs.csv").is_dir()


def test_a_dangling_symlink_is_not_overwritten_without_force(tmp_path: Path) -> None:
    (tmp_path / "pairs.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(InputError, match="already exist"):
        write_outputs(tmp_path, {"pairs.csv": b"new"}, force=False)
    assert (tmp_path / "pairs.csv").is_symlink() and not (tmp_path / "elsewhere.csv").exists()
    write_outputs(tmp_path, {"pairs.csv": b"new"}, force=True)  # --force replaces the link, not its target
    assert not (tmp_path / "pairs.csv").is_symlink() and not (tmp_path / "elsewhere.csv").exists()
    assert (tmp_path / "pairs.csv").read_bytes() == b"new"


def test_calendar_text_is_escaped_and_reads_back_exactly(tmp_path: Path, example_roster: Path) -> None:
    """Titles and names with ; , \\ quotes and line breaks survive the ICS round trip (the
    icalendar library escapes them; nothing is escaped by hand)."""
    import yaml
    from icalendar import Calendar

    title = 'Встреча {n}; тема: "SMM, Telegram" \\ часть, вторая строка'
    program = tmp_path / "program.yaml"
    program.write_text(yaml.safe_dump({
        "start": "2027-01-11", "duration": {"sessions": 3},
        "agenda": {kind: {"title": title, "goal": "Цель; с запятой, и\nпереносом", "assignment": "ДЗ"}
                   for kind in ("first", "regular", "midpoint", "last")},
    }, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["schedule", str(example_roster), "--config", str(program),
                                      "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    raw = (out / "calendar.ics").read_bytes()
    assert b"\\;" in raw and b"\\," in raw and b"\\n" in raw  # escaped on the wire
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    summaries = [str(e.get("summary")) for e in events]
    assert any(s.startswith(title.replace("{n}", "2") + " (") for s in summaries), summaries[:3]
    assert any("Цель; с запятой, и\nпереносом" in str(e.get("description")) for e in events)


@pytest.mark.parametrize("command", ["plan", "evaluate"])
def test_a_shared_template_cannot_run_code(tmp_path: Path, example_roster: Path, example_program: Path,
                                           command: str) -> None:
    """Template packs travel between teams; templates render in Jinja2's sandbox."""
    marker = tmp_path / "pwned.txt"
    payload = "{{ cycler.__init__.__globals__.os.popen('echo x > " + str(marker) + "').read() }}\n"
    templates = tmp_path / "templates"
    templates.mkdir()
    out = tmp_path / "out"
    if command == "plan":
        (templates / "brief.md.j2").write_text(payload, encoding="utf-8")
        args = ["plan", str(example_roster), "--config", str(example_program), "--out", str(out)]
    else:
        (templates / "report.md.j2").write_text(payload, encoding="utf-8")
        survey = example_program.parent / "survey_baseline.csv"
        args = ["evaluate", str(survey), "--config", str(example_program), "--format", "md", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--templates", str(templates), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "is unsafe" in result.output and "Traceback" not in result.output
    assert not marker.exists() and not out.exists()
