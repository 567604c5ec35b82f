"""rmentor evaluate at the edges: survey and sessions files, errors, JSON shape, report files."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rmentor.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_DATA = [EXAMPLES / "survey_baseline.csv", EXAMPLES / "survey_followup.xlsx", EXAMPLES / "sessions_filled.csv"]

PROGRAM = """\
name: Pilot
language: en
hypotheses:
  - {id: eng, statement: Engagement grows 15%, metric: engagement, kind: mean_change, target: 0.15,
     population: juniors}
"""


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", "\r\n").encode("utf-8"))
    return path


def evaluate(runner: CliRunner, tmp_path: Path, *args: str, program: str = PROGRAM) -> Any:
    config = tmp_path / "program.yaml"
    config.write_text(program, encoding="utf-8")
    return runner.invoke(app, ["evaluate", "--config", str(config), "--as-of", "2027-07-09", *args])


def flat(result: Any) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(str(result.output).split())


def as_json(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


RUSSIAN_SURVEY = """\
ID сотрудника;ФИО;Волна;Группа;Engagement
a;Анна;до;младший;3,0
b;Борис;до;младший;2,5
c;Вера;до;младшие;3,5
d;Глеб;исходный;младший;3
e;Дина;до;Младший;3,0
a;Анна;после;младший;3,6
b;Борис;после;младший;3,0
c;Вера;итог;младший;4,5
d;Глеб;после;младший;3,4
e;Дина;после;младший;3,5
x;Руководитель;до;старший;5,0
x;Руководитель;после;старший;1,0
"""


def test_russian_headers_values_and_decimal_comma(runner: CliRunner, tmp_path: Path) -> None:
    survey = write(tmp_path / "опрос.csv", RUSSIAN_SURVEY, bom=True)
    payload = as_json(evaluate(runner, tmp_path, str(survey), "--format", "json"))
    h = payload["hypotheses"][0]
    # juniors a..e: baseline 3.0+2.5+3.5+3.0+3.0 = 15.0 (mean 3.0); follow-up 3.6+3.0+4.5+3.4+3.5 = 18.0 (mean 3.6)
    # 18/15 - 1 = +20% -> met; the senior x (5 -> 1) is not a junior
    assert (h["baseline"], h["current"], h["change"], h["verdict"]) == (3.0, 3.6, 0.2, "met")
    assert payload["respondents"] == {"baseline": 6, "followup": 6}


def test_comma_separated_survey_with_side_from_the_roster(runner: CliRunner, tmp_path: Path) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "seniors:\n  - {id: x, name: X, department: A, scores: {readiness: 3, openness: 3}}\n"
        "juniors:\n" + "".join(
            f"  - {{id: {p}, name: {p.upper()}, department: B, scores: {{communication: 3, sharing: 3, "
            f"structuring: 3}}}}\n" for p in "abcde"), encoding="utf-8")
    survey = write(tmp_path / "s.csv", "person_id,wave,engagement\n" + "".join(
        f"{p},{w},\"{v}\"\n" for p, b, f in (("a", "3", "3,6"), ("b", "2,5", "3"), ("c", "3,5", "4,5"),
                                             ("d", "3", "3,4"), ("e", "3", "3,5"), ("x", "5", "1"))
        for w, v in (("baseline", b), ("follow-up", f))))
    h = as_json(evaluate(runner, tmp_path, str(survey), "--roster", str(roster), "--format", "json"))["hypotheses"][0]
    assert (h["change"], h["verdict"]) == (0.2, "met")
    # without the roster nobody has a side: not enough data, and a note says how to fix it
    bare = as_json(evaluate(runner, tmp_path, str(survey), "--format", "json"))["hypotheses"][0]
    assert bare["verdict"] == "not_enough_data"
    assert any("--roster" in note for note in bare["notes"])


def test_xlsx_survey_with_numbers_text_and_booleans(runner: CliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Табельный номер", "Замер", "Роль", "engagement"])
    for pid, b, f in (("a", 3, "3,6"), ("b", 2.5, 3), ("c", "3.5", 4.5), ("d", 3, 3.4), ("e", 3.0, "3,5")):
        ws.append([pid, 1, "junior", b])
        ws.append([pid, 2, "junior", f])
    ws.append([None, None, None, None])  # a blank row in the middle of a sheet is skipped
    ws.append([123, "before", "senior", True])
    wb.save(tmp_path / "s.xlsx")
    h = as_json(evaluate(runner, tmp_path, str(tmp_path / "s.xlsx"), "--format", "json"))["hypotheses"][0]
    assert (h["change"], h["verdict"]) == (0.2, "met")


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        ("person_id;wave;side;engagement\na;baseline;junior;3,5\nb;baseline;junior;много\n",
         ":3:4:", "'много' is not a number"),
        ("person_id;wave;side;engagement\na;;junior;3\n", ":2:2:", "the wave is empty"),
        ("person_id;wave;side;engagment\na;baseline;junior;3\n", ":1:",
         "did you mean 'engagment'?"),
        ("person_id;side;engagement\na;junior;3\n", ":1:", "no wave column"),
        ("person_id;wave;side;engagement\na;baseline;boss;3\n", ":2:3:", "unknown side 'boss'"),
        ("person_id;wave;engagement\na;baseline;3\na;before;4\n", ":3:", "answered twice"),
        ("name;score\nA;3\n", ":1:", "cannot tell what this file is"),
    ],
)
def test_bad_survey_files_exit_2_with_file_row_column(runner: CliRunner, tmp_path: Path, content: str, where: str,
                                                      words: str) -> None:
    survey = write(tmp_path / "survey.csv", content)
    result = evaluate(runner, tmp_path, str(survey))
    assert result.exit_code == 2, result.output
    assert f"survey.csv{where}" in flat(result) and words in flat(result)
    assert "Traceback" not in result.output


def test_all_problems_are_reported_together(runner: CliRunner, tmp_path: Path) -> None:
    survey = write(tmp_path / "survey.csv", "person_id,wave,engagement\na,baseline,x\nb,,3\nc,after,abc\n")
    result = evaluate(runner, tmp_path, str(survey))
    assert result.exit_code == 2
    assert "problems in the data files: 3" in flat(result)
    assert all(f"survey.csv:{row}:" in flat(result) for row in (2, 3, 4))


def test_excel_date_in_a_number_column_is_explained(runner: CliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["person_id", "wave", "engagement"])
    ws.append(["a", "baseline", datetime(2027, 5, 3)])  # what Russian Excel makes of "3.5"
    wb.save(tmp_path / "s.xlsx")
    result = evaluate(runner, tmp_path, str(tmp_path / "s.xlsx"))
    assert result.exit_code == 2
    assert "s.xlsx:2:3" in flat(result) and "Excel turned this number into a date" in flat(result)


def test_unsupported_and_missing_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = evaluate(runner, tmp_path, str(tmp_path / "old.xls"))
    assert result.exit_code == 2 and ".xls is not supported" in flat(result)
    result = evaluate(runner, tmp_path, str(tmp_path / "missing.csv"))
    assert result.exit_code == 2 and "file not found" in flat(result)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    result = evaluate(runner, tmp_path, str(tmp_path / "broken.xlsx"))
    assert result.exit_code == 2 and "not an Excel workbook" in flat(result)


ATTENDANCE = """\
name: Pilot
language: en
hypotheses:
  - {id: att, statement: 85% held, metric: attendance, kind: attendance, target: 0.85}
"""


def test_sessions_file_values_dates_and_delimiter(runner: CliRunner, tmp_path: Path) -> None:
    # Excel re-saved it: semicolons, Russian dates, Russian yes/no, a reordered subset of columns
    rows = ["held;cancelled_by;pair_id;session;date"]
    values = ["да", "нет", "1", "0", "true", "false", "+", "-", "yes", "no", "Да", ""]
    by = ["", "старший", "", "junior", "", "senior", "", "младший", "", "", "", ""]
    for i, (v, b) in enumerate(zip(values, by, strict=True)):
        pair = ("P1", "P2", "P3")[i % 3]
        rows.append(f"{v};{b};{pair};{i // 3 + 1};{10 + i:02d}.01.2027")
    sessions = write(tmp_path / "sessions.csv", "\n".join(rows) + "\n")
    payload = as_json(evaluate(runner, tmp_path, str(sessions), "--format", "json", program=ATTENDANCE))
    h = payload["hypotheses"][0]
    # yes: да, 1, true, +, yes, Да = 6; no: нет, 0, false, -, no = 5; one empty -> 6 of 11
    assert (h["n"], h["current"], h["verdict"]) == (11, round(6 / 11, 4), "not_met")
    cancels = {p["pair_id"]: (p["senior_cancellations"], p["junior_cancellations"]) for p in payload["pairs"]}
    # row i goes to pair i % 3: row 1 (P2) старший, row 3 (P1) junior, row 5 (P3) senior, row 7 (P2) младший
    assert cancels == {"P1": (0, 1), "P2": (1, 1), "P3": (1, 0)}


@pytest.mark.parametrize(
    ("cell", "where", "words"),
    [("может быть", ":2:4:", "is not a value for held"), ("", ":2:4:", "")],
)
def test_bad_sessions_file(runner: CliRunner, tmp_path: Path, cell: str, where: str, words: str) -> None:
    header = "pair_id,session,date,held,cancelled_by\n"
    sessions = write(tmp_path / "sessions.csv", header + f"P1,1,2027-01-11,{cell},\nP1,2,2027-13-01,yes,\n")
    result = evaluate(runner, tmp_path, str(sessions), program=ATTENDANCE)
    assert result.exit_code == 2
    assert "sessions.csv:3:3:" in flat(result) and "'2027-13-01' is not a date" in flat(result)
    if words:
        assert f"sessions.csv{where}" in flat(result) and words in flat(result)


def test_sessions_file_without_held_column(runner: CliRunner, tmp_path: Path) -> None:
    sessions = write(tmp_path / "sessions.csv", "pair_id,session,date\nP1,1,2027-01-11\n")
    result = evaluate(runner, tmp_path, str(sessions), program=ATTENDANCE)
    assert result.exit_code == 2 and "no column(s): held" in flat(result)


def test_program_needs_hypotheses(runner: CliRunner, tmp_path: Path) -> None:
    survey = write(tmp_path / "s.csv", "person_id,wave\na,baseline\n")
    result = evaluate(runner, tmp_path, str(survey), program="name: Pilot\n")
    assert result.exit_code == 2 and "no hypotheses" in flat(result)
    result = runner.invoke(app, ["evaluate", str(survey)])
    assert result.exit_code == 2 and "--config" in flat(result)
    result = evaluate(runner, tmp_path, str(survey), "--format", "pdf")
    assert result.exit_code == 2 and "unknown format" in flat(result)
    result = evaluate(runner, tmp_path, str(survey), "--as-of", "tomorrow")
    assert result.exit_code == 2 and "'tomorrow' is not a date" in flat(result)


# ----------------------------------------------------------------------------- outputs


def _example_args(*extra: str) -> list[str]:
    return ["evaluate", "--config", str(EXAMPLES / "program.yaml"), *map(str, EXAMPLE_DATA), "--as-of", "2027-07-09",
            *extra]


def test_json_shape_is_pinned(runner: CliRunner) -> None:
    payload = as_json(runner.invoke(app, _example_args("--format", "json")))
    # issue 16 added fields after the old ones (participants, comparison group, waves, trends, pairs_at_risk)
    assert list(payload) == ["version", "program", "as_of", "settings", "respondents", "sessions", "hypotheses",
                             "pairs", "at_risk", "warnings", "participants_source", "comparison_total", "waves",
                             "trends", "pairs_at_risk"]
    assert payload["version"] == 1
    assert list(payload["settings"]) == ["confidence", "resamples", "seed", "min_people", "min_sessions",
                                         "min_pairs", "risk_attendance", "risk_cancellations", "risk_stalled_weeks",
                                         "risk_unrecorded_weeks"]
    assert list(payload["hypotheses"][0]) == [
        "id", "statement", "kind", "metric", "population", "level", "target", "deadline", "verdict", "certainty",
        "summary", "baseline", "current", "change", "value", "interval", "n", "n_baseline", "n_current", "paired",
        "interim", "notes", "label", "waves", "comparison", "judged_on", "participants_n", "comparison_n",
        "comparison_baseline", "comparison_current", "comparison_change", "difference_in_differences"]
    assert list(payload["hypotheses"][0]["interval"]) == ["low", "high", "level", "method"]
    assert list(payload["pairs"][0]) == [
        "pair_id", "senior_id", "junior_id", "planned", "due", "held", "missed", "unrecorded", "attendance",
        "senior_cancellations", "junior_cancellations", "at_risk", "risks", "last_held"]
    assert list(payload["waves"][0]) == ["name", "label", "date", "participants", "comparison"]
    assert list(payload["trends"][0]) == ["metric", "population", "kind", "level", "points"]
    assert list(payload["trends"][0]["points"][0]) == ["wave", "participants", "participants_n", "comparison",
                                                       "comparison_n"]
    assert list(payload["pairs_at_risk"][0]) == ["pair_id", "reasons"]
    assert list(payload["pairs_at_risk"][0]["reasons"][0]) == ["code", "text"]
    assert {h["verdict"] for h in payload["hypotheses"]} <= {"met", "not_met", "not_enough_data"}


def test_reports_written_atomically_and_never_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, _example_args("--out", str(out), "--quiet"))
    assert result.exit_code == 0, result.output
    # one small picture per metric (trend across the waves), next to the hypotheses chart
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.md", "report.png", "trend-1.png",
                                                     "trend-2.png"]
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert md.startswith("# Оценка программы") and "![" in md and "(report.png)" in md
    assert "<img src=\"data:image/png;base64," in html and 'lang="ru"' in html and "<script" not in html
    assert (out / "report.png").read_bytes().startswith(b"\x89PNG")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "report.md").write_text("edited by HR", encoding="utf-8")
    again = runner.invoke(app, _example_args("--out", str(out)))
    assert again.exit_code == 2 and "--force" in flat(again)
    assert (out / "report.md").read_text(encoding="utf-8") == "edited by HR"
    assert (out / "report.png").read_bytes() == before["report.png"]
    forced = runner.invoke(app, _example_args("--out", str(out), "--force"))
    assert forced.exit_code == 0, forced.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files left behind


def test_two_runs_are_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert runner.invoke(app, _example_args("--out", str(tmp_path / name), "-q")).exit_code == 0
    for file in ("report.md", "report.html", "report.png"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes(), file


def test_row_order_does_not_change_the_json(runner: CliRunner, tmp_path: Path) -> None:
    raw = (EXAMPLES / "sessions_filled.csv").read_bytes().decode("utf-8-sig").splitlines()
    shuffled = write(tmp_path / "sessions.csv", "\n".join([raw[0], *reversed(raw[1:])]) + "\n")
    base = runner.invoke(app, _example_args("--format", "json"))
    other = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), str(shuffled),
                                *map(str, EXAMPLE_DATA[:2]), "--as-of", "2027-07-09", "--format", "json"])
    assert base.exit_code == other.exit_code == 0
    assert base.stdout == other.stdout


def test_markdown_and_html_on_stdout_in_english(runner: CliRunner) -> None:
    md = runner.invoke(app, _example_args("--format", "md", "--lang", "en"))
    assert md.exit_code == 0, md.output
    # the sponsor's summary on top: hypotheses by statement (never the id), verdicts; no CLI command anywhere
    top = md.stdout.split("## Hypotheses")[0]
    assert md.stdout.startswith("# Program evaluation") and "## Summary" in top
    assert "| За 6 месяцев 80% руководителей самостоятельно запускают базовую SMM-стратегию своего направления | " \
           "75% | 80% | **not met** |" in top
    assert "Pairs at risk: Лебедева Ольга Николаевна — Петров Максим, Морозов Дмитрий Александрович — " \
           "Романова Екатерина." in top and "Attendance: 87.4% of recorded sessions were held." in top
    assert not re.search(r"\bsmm\b|rmentor |--[a-z]", md.stdout)
    assert md.stdout.index("## Appendix: methods and notes") > md.stdout.index("## Pairs at risk")
    assert "Trends across waves" in md.stdout
    assert "report.png" not in md.stdout  # nothing to link to without --out
    html = runner.invoke(app, _example_args("--format", "html", "--lang", "en"))
    assert html.exit_code == 0 and "data:image/png;base64," in html.stdout and 'lang="en"' in html.stdout
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html.stdout)
    assert not re.search(r"rmentor |--[a-z]", page) and page.index("Summary") < page.index("Appendix")


def test_company_templates_override_the_built_in_ones(runner: CliRunner, tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "report.md.j2").write_text(
        "# ООО «Ромашка»\n{% for h in hypotheses %}{{ h.id }}={{ h.verdict }}\n{% endfor %}", encoding="utf-8")
    result = runner.invoke(app, _example_args("--format", "md", "--templates", str(own)))
    assert result.exit_code == 0, result.output
    assert result.stdout == "# ООО «Ромашка»\nsmm=не подтверждена\nengagement=подтверждена\nattendance=подтверждена\n"
    # the HTML template was not overridden, so the built-in one is used
    html = runner.invoke(app, _example_args("--format", "html", "--templates", str(own)))
    assert html.exit_code == 0 and "<!DOCTYPE html>" in html.stdout
    (own / "report.md.j2").write_text("{{ no_such_variable }}", encoding="utf-8")
    broken = runner.invoke(app, _example_args("--format", "md", "--templates", str(own), "--lang", "en"))
    assert broken.exit_code == 2 and "template error" in flat(broken) and "Traceback" not in broken.output


def test_html_escapes_what_people_typed(runner: CliRunner, tmp_path: Path) -> None:
    program = PROGRAM.replace("Engagement grows 15%", "'<script>alert(1)</script> | grows'")
    survey = write(tmp_path / "s.csv", RUSSIAN_SURVEY)
    html = evaluate(runner, tmp_path, str(survey), "--format", "html", program=program)
    assert html.exit_code == 0, html.output
    assert "<script>" not in html.stdout and "&lt;script&gt;" in html.stdout
    md = evaluate(runner, tmp_path, str(survey), "--format", "md", program=program)
    assert "\\| grows" in md.stdout  # a '|' would break the Markdown table


def test_reports_when_nothing_can_be_judged_yet(runner: CliRunner, tmp_path: Path) -> None:
    # the first week: no surveys, no session due; every verdict is 'not enough data' and the chart still draws
    result = runner.invoke(app, ["evaluate", "--config", str(EXAMPLES / "program.yaml"), str(EXAMPLE_DATA[2]),
                                 "--as-of", "2027-01-10", "--out", str(tmp_path), "--lang", "en", "--no-color"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("not enough data") >= 3
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")
    assert "No pair is at risk." in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_targets_written_as_percentages(runner: CliRunner, tmp_path: Path) -> None:
    survey = write(tmp_path / "s.csv", RUSSIAN_SURVEY)
    share = ("name: Pilot\nlanguage: en\nhypotheses:\n"
             "  - {id: smm, statement: s, metric: engagement, kind: share_reaching, level: 4, target: 80}\n")
    result = evaluate(runner, tmp_path, str(survey), program=share)
    assert result.exit_code == 2
    assert "program.yaml:4:" in flat(result) and "write shares as fractions: 0.8 means 80%" in flat(result)
    change = PROGRAM.replace("target: 0.15", "target: 15")
    result = evaluate(runner, tmp_path, str(survey), "--format", "json", program=change)
    assert result.exit_code == 0, result.output
    assert "target 15 means a change of 1500%" in " ".join(result.stderr.split())
    assert "if you meant 15%, write 0.15" in " ".join(result.stderr.split())


@settings(max_examples=60, deadline=None)
@given(st.integers(-10**7, 10**7), st.integers(0, 99), st.sampled_from([",", "."]), st.booleans())
def test_numbers_read_as_russian_excel_writes_them(whole: int, frac: int, mark: str, spaced: bool) -> None:
    from rmentor.inputs.surveys import parse_number

    digits = f"{abs(whole):,}".replace(",", "\u00a0") if spaced else str(abs(whole))
    text = ("-" if whole < 0 else "") + digits + mark + f"{frac:02d}"
    expected = (abs(whole) + frac / 100) * (-1 if whole < 0 else 1)
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(("cell", "value"), [("да", 1.0), ("Нет", 0.0), ("yes", 1.0), ("", None), ("н/д", None),
                                             ("—", None), ("  4,25 ", 4.25), (" 1 234,5", 1234.5), (True, 1.0),
                                             (3, 3.0), ("−2,5", -2.5)])
def test_metric_cells(cell: Any, value: float | None) -> None:
    from rmentor.inputs.surveys import parse_number

    assert parse_number(cell) == value
