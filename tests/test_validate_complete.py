"""``validate`` reports the vocabulary and every input error match/schedule/plan would raise (issue 15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.core.spellings import vocabulary_report
from rmentor.model import Program, Roster

CASES = Path(__file__).resolve().parent / "cases" / "bad"
S = {"readiness": 5, "openness": 5}
J = {"communication": 5, "sharing": 5, "structuring": 5}
W = ["Tue 10:00-12:00"]


def _roster(**extra: object) -> dict[str, object]:
    return {
        "seniors": [
            {"id": "s1", "name": "S1", "department": "Отдел продаж", "availability": W, "scores": S,
             "wants": ["Телеграм"]},
            {"id": "s2", "name": "S2", "department": "ИТ", "availability": W, "scores": S, "wants": ["Excel"]},
        ],
        "juniors": [
            {"id": "j1", "name": "J1", "department": "Продажи", "availability": W, "scores": J,
             "offers": ["Телеграм", "Reels"]},
            {"id": "j2", "name": "J2", "department": "IT", "availability": W, "scores": J, "offers": ["Телеграмм"]},
        ],
        **extra,
    }


def test_near_duplicates_with_the_effect_of_merging_them() -> None:
    roster = Roster.model_validate(_roster())
    program = Program.model_validate({"matching": {"cross_functional": "required"}})
    report = vocabulary_report(roster, program)
    found = {(s.kind, s.canonical, s.others): s.gained for s in report.suggestions}
    # merging the departments takes partners away under cross_functional: required ...
    assert found[("departments", "IT", ("ИТ",))] == 0
    assert found[("departments", "Отдел продаж", ("Продажи",))] == -2  # s1 and j1 lose their only partner
    # ... merging the topics brings j2 into a possible pair (with s1)
    assert found[("topics", "Телеграм", ("Телеграмм",))] == 1
    assert report.wanted_only == (("Excel", 1),)
    assert report.offered_only == (("Reels", 1), ("Телеграмм", 1))
    pasted = yaml.safe_load(report.aliases_yaml())
    assert pasted["aliases"]["departments"] == {"IT": ["ИТ"], "Отдел продаж": ["Продажи"]}
    # the block really is a program fragment
    Program.model_validate(pasted)


def test_validate_json_has_the_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(_roster(), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    vocab = json.loads(result.stdout)["vocabulary"]
    assert set(vocab) == {"suggestions", "aliases_yaml", "wanted_only", "offered_only"}
    assert set(vocab["suggestions"][0]) == {"kind", "canonical", "others", "people_with_partner_change"}
    assert vocab["wanted_only"] == [{"topic": "Excel", "seniors": 1}]
    assert vocab["suggestions"][0]["people_with_partner_change"] == 0


def test_a_pin_that_breaks_the_reporting_line_fails_validate(tmp_path: Path) -> None:
    """The same files that 'match' refuses (corpus case pin-breaks-hard-rule) fail 'validate' too."""
    shutil.copytree(CASES / "pin-breaks-hard-rule", tmp_path / "case")
    runner = CliRunner()
    roster = str(tmp_path / "case" / "roster.yaml")
    validate = runner.invoke(app, ["validate", roster, "--lang", "en"])
    match = runner.invoke(app, ["match", roster, "--lang", "en"])
    assert validate.exit_code == match.exit_code == 2, validate.output
    assert "pair [smirnov, orlov] breaks the rule" in validate.output and "reporting line" in validate.output
    assert "roster.yaml:37" in validate.output


def test_every_refusal_is_reported_at_once(tmp_path: Path) -> None:
    data = _roster(pinned=[["s1", "j2"], ["s2", "j1"]], history=[["s1", "j2"]][:0])
    data["juniors"][0]["avoid"] = ["s2"]  # type: ignore[index]
    roster = tmp_path / "roster.yaml"
    roster.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    program = tmp_path / "program.yaml"
    program.write_text("matching: {pilot: {max: 1}}\nagenda: {first: {title: '{nope}', goal: g, assignment: a}}\n"
                       "holiday_subdivision: XX\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(roster), "-c", str(program), "--lang", "en"])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for expected in ("pair [s2, j1] breaks the rule", "2 pinned pairs exceed the requested 1 pairs",
                     "unknown placeholder {nope}", "'XX' is not a known subdivision"):
        assert expected in text, expected
