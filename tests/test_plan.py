"""plan: the whole pilot kit in one command; rematch on the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from rmentor.cli import app


def _plan(runner: CliRunner, roster: Path, program: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(app, ["plan", str(roster), "--config", str(program), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_writes_a_complete_kit(runner: CliRunner, example_roster: Path, example_program: Path,
                                    tmp_path: Path) -> None:
    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out)
    for name in ("pairs.csv", "calendar.ics", "sessions.csv", "schedule.md", "brief.md", "brief.html", "brief.png"):
        assert (out / name).is_file(), name
    # a Russian program: ';' is the default delimiter (Russian Excel splits on it; issue 15)
    pairs = list(csv.DictReader(io.StringIO((out / "pairs.csv").read_text("utf-8-sig")), delimiter=";"))
    assert len(pairs) == 10
    for row in pairs:
        kit = out / "kit" / row["pair_id"]
        agreement = (kit / "agreement.md").read_text("utf-8")
        assert row["senior_name"] in agreement and row["junior_name"] in agreement
        plan = (kit / "session_plan.md").read_text("utf-8")
        assert plan.count("\n| ") >= 14  # header + 13 sessions
        assert (kit / "portfolio.md").is_file()
        assert (out / "ics" / f"{row['pair_id']}.ics").is_file()
    brief = (out / "brief.md").read_text("utf-8")
    assert "Обратное менторство — пилот 2027" in brief
    assert "запустил SMM-стратегию направления" in brief and "smm_strategy_launched" not in brief  # metric_label
    html = (out / "brief.html").read_text("utf-8")
    assert "data:image/png;base64," in html and 'src="brief.png"' not in html
    assert "<table>" in html
    assert "<script" not in html and "<link" not in html and 'src="http' not in html  # self-contained
    assert (out / "brief.png").read_bytes().startswith(b"\x89PNG")


def test_plan_is_reproducible(runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _plan(runner, example_roster, example_program, a)
    _plan(runner, example_roster, example_program, b)
    # program.db is the program's state (it records when it was made), not a reproducible output
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name != "program.db")
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.name != "program.db")
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_plan_in_english_and_with_company_templates(runner: CliRunner, example_roster: Path,
                                                   example_program: Path, tmp_path: Path) -> None:
    templates = tmp_path / "tpl" / "en"
    templates.mkdir(parents=True)
    (templates / "agreement.md.j2").write_text("ACME NDA for {{ senior.name }} and {{ junior.name }}\n", "utf-8")
    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out, "--lang", "en", "--templates", str(tmp_path / "tpl"))
    assert "## Goals" in (out / "brief.md").read_text("utf-8")
    assert (out / "kit" / "P01" / "agreement.md").read_text("utf-8").startswith("ACME NDA for Белова")


def test_broken_company_template_is_an_input_error(runner: CliRunner, example_roster: Path,
                                                  example_program: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "portfolio.md.j2").write_text("{{ pair.nonexistent_field }}\n", "utf-8")
    out = tmp_path / "plan"
    result = runner.invoke(app, ["plan", str(example_roster), "--config", str(example_program), "--out", str(out),
                                 "--templates", str(tpl), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "template error" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_rematch_cli_keeps_other_pairs(runner: CliRunner, example_roster: Path, example_program: Path,
                                       tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out",
                               str(first)]).exit_code == 0
    second = tmp_path / "second"
    result = runner.invoke(app, ["rematch", str(example_roster), "--config", str(example_program), "--pairs",
                                 str(first / "pairs.csv"), "--end", "P02", "--out", str(second), "--lang", "en"])
    assert result.exit_code == 0, result.output

    def rows(path: Path) -> dict[str, dict[str, str]]:  # ';': a Russian program (issue 15)
        text = path.read_text("utf-8-sig")
        return {r["pair_id"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}

    before, after = rows(first / "pairs.csv"), rows(second / "pairs.csv")
    for pid, row in before.items():
        if pid != "P02":
            assert after[pid]["senior_id"] == row["senior_id"] and after[pid]["junior_id"] == row["junior_id"]
    assert "P02" not in after
    assert ("kuznetsova", "ivanova") not in {(r["senior_id"], r["junior_id"]) for r in after.values()}
    bad = runner.invoke(app, ["rematch", str(example_roster), "--config", str(example_program), "--pairs",
                              str(first / "pairs.csv"), "--end", "P99", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "P99" in bad.output


def test_xlsx_exports_for_match_schedule_and_plan(runner: CliRunner, example_roster: Path, example_program: Path,
                                                  tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "m"
    result = runner.invoke(app, ["match", str(example_roster), "--config", str(example_program), "--out", str(out),
                                 "--format", "xlsx", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out / "pairs.xlsx")
    ws = wb["Пары"]
    assert ws["A1"].value == "Пара" and ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.max_row == 11
    sched = tmp_path / "s"
    result = runner.invoke(app, ["schedule", str(example_roster), "--config", str(example_program), "--pairs",
                                 str(out / "pairs.csv"), "--out", str(sched), "--format", "xlsx",
                                 "--delimiter", ";"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(sched / "schedule.xlsx")
    sessions = wb.worksheets[1]
    assert sessions.max_row == 1 + 130
    import datetime as dt

    assert isinstance(sessions["C2"].value, dt.datetime)  # a real date, not text
    assert (sched / "sessions.csv").read_bytes()[3:].decode("utf-8").startswith("pair_id;session;")
    missing_out = runner.invoke(app, ["match", str(example_roster), "--format", "xlsx"])
    assert missing_out.exit_code == 2 and "--out" in missing_out.output
