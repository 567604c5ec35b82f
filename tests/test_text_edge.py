"""Text at the edge (issue 11): every text field is NFC-normalised, whitespace runs (NBSP too)
collapse to one space, and control or bidi characters are an input error naming the field."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from helpers import junior, program, roster, senior
from rmentor.core.matching import match
from rmentor.model import Program, clean_text, visible

PRECOMPOSED = "Отдел продаж й"  # U+0439
DECOMPOSED = unicodedata.normalize("NFD", PRECOMPOSED)  # и + U+0306


def test_one_department_however_it_is_spelled() -> None:
    assert PRECOMPOSED != DECOMPOSED
    r = roster([senior("s1", DECOMPOSED)],
               [junior("j1", PRECOMPOSED), junior("j2", "ИТ\u00a0 \tотдел")])
    assert r.seniors[0].department == r.juniors[0].department == PRECOMPOSED
    assert r.juniors[1].department == "ИТ отдел"
    # cross_functional: required never pairs two people of one department, however it is spelled
    res = match(r, program(cross_functional="required"))
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j2")]


def test_topics_and_ids_are_normalised_too() -> None:
    r = roster([senior("s1", wants=(unicodedata.normalize("NFD", "Сайт й"),))],
               [junior("j1", offers=("Сайт\u00a0й",))])
    assert r.seniors[0].wants == r.juniors[0].offers == ("Сайт й",)


@pytest.mark.parametrize("char", ["\r", "\n", "\x1b", "\x00", "\x7f", "\x85", "\x9b", "\u2028", "\u202e", "\u2066",
                                  "\u2069", "\u202a"])
@pytest.mark.parametrize("field", ["name", "department", "title", "id"])
def test_control_characters_in_one_line_fields_are_input_errors(char: str, field: str) -> None:
    data = senior("s1")
    data[field] = f"ab{char}cd"
    with pytest.raises(ValidationError) as err:
        roster([data], [junior("j1")])
    assert f"seniors.0.{field}" in str(err.value).replace("\n", " ").replace(" ", ".") or field in str(err.value)
    assert char not in str(err.value.errors()[0]["msg"])  # shown escaped


def test_program_texts_refuse_line_breaks_but_notes_keep_them() -> None:
    for data in ({"name": "P\rQ"}, {"goals": ["a", "b\nc"]}, {"hypotheses": [
            {"id": "h", "statement": "x\ny", "metric": "m", "kind": "attendance", "target": 0.8}]}):
        with pytest.raises(ValidationError):
            Program.model_validate(data)
    r = roster([senior("s1", notes="line one\r\nline two")], [junior("j1")])
    assert r.seniors[0].notes == "line one\nline two"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_clean_or_refused(text: str) -> None:
    try:
        out = clean_text(text)
    except PydanticCustomError as err:
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", str(err))
        return
    assert out == unicodedata.normalize("NFC", out) and out == out.strip() and "  " not in out
    assert not any(unicodedata.category(c) == "Cc" or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                   for c in out)
    assert not any(c.isspace() and c != " " for c in out)
    assert clean_text(out) == out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_visible_text_has_no_control_characters(text: str) -> None:
    shown = visible(text, limit=1000)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown)


# ----------------------------------------------------------------------------- the terminal


def _roster_text() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parent / "cases" / "bad" / "start-in-the-past" / "roster.yaml").read_text("utf-8")


def test_control_characters_in_error_messages_are_shown_escaped(tmp_path: object) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from rmentor.cli import app

    roster = Path(str(tmp_path)) / "roster.yaml"
    evil = '    department: Продажи\n    "\\e[2J\\e]0;pwn\\a\\u202eyek": 1'
    text = _roster_text().replace("    department: Продажи", evil, 1)
    roster.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "\\x1b[2J" in result.output and "\\u202e" in result.output


def test_markup_in_user_text_is_printed_as_text(tmp_path: object) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from rmentor.cli import app

    roster = Path(str(tmp_path)) / "roster.yaml"
    roster.write_text(_roster_text().replace("department: Продажи", 'department: "[/] [bold red]Продажи"', 1),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 0, result.output
    assert "[/] [bold red]Продажи" in result.output


def test_emoji_codes_in_user_text_are_printed_as_text(tmp_path: object) -> None:
    """rich turns ``:fire:`` into an emoji wherever a plain string is printed: a department is shown as written."""
    from pathlib import Path

    from typer.testing import CliRunner

    from rmentor.cli import app

    roster = Path(str(tmp_path)) / "roster.yaml"
    roster.write_text(_roster_text().replace("department: Продажи", 'department: "Продажи :fire:"', 1),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(roster)])
    assert result.exit_code == 0, result.output
    assert "Продажи :fire:" in result.output and "\N{FIRE}" not in result.output
