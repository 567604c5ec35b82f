"""plan: the whole pilot kit in one command; rematch on the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from rmentor.cli import app


def _plan(runner: CliRunner, roster: Path, program: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(app, ["plan", str(roster), "--config", str(program), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_writes_a_complete_kit(runner: CliRunner, example_roster: Path, example_program: Path,
                                    tmp_path: Path) -> None:
    import docx
    import pypdf

    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out)
    for name in ("pairs.csv", "calendar.ics", "sessions.csv", "schedule.md", "brief.md", "brief.html", "brief.png",
                 "brief.pdf", "appendix.md", "appendix.html", "appendix.pdf", "plan.xlsx"):
        assert (out / name).is_file(), name
    # a Russian program: ';' is the default delimiter (Russian Excel splits on it; issue 15)
    pairs = list(csv.DictReader(io.StringIO((out / "pairs.csv").read_text("utf-8-sig")), delimiter=";"))
    assert len(pairs) == 10
    for row in pairs:
        kit = out / "kit" / row["pair_id"]
        assert sorted(p.name for p in kit.iterdir()) == [  # Word and PDF by default, no Markdown
            "agreement.docx", "agreement.pdf", "portfolio.docx", "portfolio.pdf", "session_plan.docx",
            "session_plan.pdf"]
        agreement = docx.Document(str(kit / "agreement.docx"))
        text = "\n".join(c.text for t in agreement.tables for r in t.rows for c in r.cells)
        assert row["senior_name"] in text and row["junior_name"] in text
        plan = docx.Document(str(kit / "session_plan.docx"))
        assert len(plan.tables[0].rows) == 14  # header + 13 sessions
        pdf_text = pypdf.PdfReader(kit / "agreement.pdf").pages[0].extract_text()
        assert row["senior_name"].split()[0] in pdf_text
        assert (out / "ics" / f"{row['pair_id']}.ics").is_file()
    brief = (out / "brief.md").read_text("utf-8")
    assert "Обратное менторство — пилот 2027" in brief
    assert "запустил SMM-стратегию направления" in brief  # the metric's label, never its id
    assert "smm_strategy_launched" not in brief  # metric ids are for HR: the appendix
    assert "smm_strategy_launched" in (out / "appendix.html").read_text("utf-8")
    html = (out / "brief.html").read_text("utf-8")
    assert "data:image/png;base64," in html and 'src="brief.png"' not in html
    assert "<table>" in html and "@page { size: A4" in html
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
    import docx

    templates = tmp_path / "tpl" / "en"
    templates.mkdir(parents=True)
    (templates / "agreement.md.j2").write_text("ACME NDA for **{{ senior.name }}** and {{ junior.name }}\n", "utf-8")
    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out, "--lang", "en", "--templates", str(tmp_path / "tpl"),
          "--kit", "md,docx")
    assert "## Goals" in (out / "brief.md").read_text("utf-8")
    assert (out / "kit" / "P01" / "agreement.md").read_text("utf-8").startswith("ACME NDA for **Белова")
    # every format of a document is made from the one (company) template
    word = docx.Document(str(out / "kit" / "P01" / "agreement.docx"))
    assert word.paragraphs[0].text.startswith("ACME NDA for Белова")
    assert word.paragraphs[0].runs[1].bold
    assert not (out / "kit" / "P01" / "agreement.pdf").exists()


def test_kit_formats(runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path) -> None:
    _plan(runner, example_roster, example_program, tmp_path / "none", "--kit", "none")
    assert not (tmp_path / "none" / "kit").exists() and (tmp_path / "none" / "brief.pdf").is_file()
    bad = runner.invoke(app, ["plan", str(example_roster), "--config", str(example_program), "--out",
                              str(tmp_path / "x"), "--kit", "odt", "--lang", "en"])
    assert bad.exit_code == 2 and "unknown kit format 'odt'" in bad.output
    assert not (tmp_path / "x").exists()


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


def test_a_company_template_written_for_the_earlier_context_still_renders(
        runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "brief.md.j2").write_text(
        "# {{ program.name }}\n\n{{ eligible.seniors }}/{{ totals.seniors }} · {{ sessions_per_pair }} · "
        "{{ program.tools.chat }} · [{{ program.tools.video }}]\n", "utf-8")
    (tpl / "session_plan.md.j2").write_text(
        "{{ senior.name }}{% if senior.title %}, {{ senior.title }}{% endif %} · {{ pair_schedule.slot }} · "
        "{{ video }} · {{ program.tools.video }}\n", "utf-8")
    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out, "--templates", str(tpl), "--kit", "md", "--lang", "en")
    assert (out / "brief.md").read_text("utf-8").splitlines()[2] == (
        "13/14 · 13 · https://chat.sevveter.example/reverse-mentoring · []")  # the per-pair link: left out
    plan = (out / "kit" / "P01" / "session_plan.md").read_text("utf-8")
    assert plan.startswith("Белова Наталья Олеговна, ") and plan.count("https://meet.sevveter.example/rm-P01") == 2


def test_a_large_plan_keeps_the_brief_short_and_the_appendix_out_of_pdf(
        runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """Above ``BRIEF_MAX_PAIRS`` the brief says where the pairs are instead of listing them; above
    ``APPENDIX_PDF_MAX_PAIRS`` the appendix is HTML and Markdown only, and an older ``appendix.pdf`` in
    the folder (a smaller plan's) is removed, by ``plan --force`` and by the views of the ledger."""
    import openpyxl

    from rmentor.workflows import plan as plan_module
    from rmentor.workflows.program import regenerate_views

    out = tmp_path / "plan"
    _plan(runner, example_roster, example_program, out, "--kit", "none")  # 10 pairs: listed, appendix.pdf
    assert "| P01 |" in (out / "brief.md").read_text("utf-8") and (out / "appendix.pdf").is_file()
    monkeypatch.setattr(plan_module, "BRIEF_MAX_PAIRS", 9)
    monkeypatch.setattr(plan_module, "APPENDIX_PDF_MAX_PAIRS", 9)
    shown = _plan(runner, example_roster, example_program, out, "--kit", "none", "--force")
    brief = (out / "brief.md").read_text("utf-8")
    assert "| P01 |" not in brief and "| Пара |" not in brief
    assert "10 пар — слишком много для этой страницы" in brief and "plan.xlsx (лист «Пары»)" in brief
    assert "P01" not in (out / "brief.html").read_text("utf-8")
    assert not (out / "appendix.pdf").exists() and "appendix.pdf" not in shown
    appendix = (out / "appendix.md").read_text("utf-8")
    assert all(f"| P{i:02d} |" in appendix for i in range(1, 11))  # HR still gets every pair
    assert "| P10 |" in (out / "appendix.html").read_text("utf-8").replace("<td>P10</td>", "| P10 |")
    assert openpyxl.load_workbook(out / "plan.xlsx")["Пары"].max_row == 11
    (out / "appendix.pdf").write_bytes(b"%PDF- an older, smaller plan's")
    regenerate_views(out)
    assert not (out / "appendix.pdf").exists()
