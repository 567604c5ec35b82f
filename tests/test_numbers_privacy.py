"""Numbers are bounded and finite, JSON is always valid, and --anonymize renumbers pair ids taken
from a pairs.csv (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import csv_rows
from rmentor.cli import app
from rmentor.inputs.surveys import MAX_ABS_NUMBER, CellError, parse_number

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**400, max_value=10**400),
                 st.from_regex(r"-?[0-9]{1,400}([.,][0-9]{0,5})?", fullmatch=True), st.text(max_size=20)))
def test_a_survey_number_is_finite_and_bounded_or_a_cell_error(value: object) -> None:
    try:
        number = parse_number(value)
    except CellError:
        return
    assert number is None or (math.isfinite(number) and abs(number) <= MAX_ABS_NUMBER)


def test_json_output_never_holds_nan_or_infinity(capsys: pytest.CaptureFixture[str]) -> None:
    from rmentor.cli.render import UI

    UI.create().json({"version": 1, "a": math.nan, "b": [math.inf, 1.5], "c": {"d": -math.inf}})
    payload = json.loads(capsys.readouterr().out)  # strict: the default json accepts NaN, this would not parse
    assert payload == {"version": 1, "a": None, "b": [None, 1.5], "c": {"d": None}}


def test_anonymize_renumbers_pair_ids_taken_from_a_pairs_file(tmp_path: Path) -> None:
    plain_pairs = list(csv.DictReader(io.StringIO((Path(__file__).parent / "data" / "pairs_example.csv")
                                                  .read_text("utf-8-sig"))))
    named = tmp_path / "pairs.csv"
    with named.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["pair_id", "senior_id", "junior_id"])
        for row in plain_pairs:
            writer.writerow([f"{row['senior_id']}-{row['junior_id']}", row["senior_id"], row["junior_id"]])
    base = ["schedule", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"), "--pairs",
            str(named), "--lang", "en", "-q"]
    for out, extra in (("plain", []), ("anon", ["--anonymize"])):
        result = CliRunner().invoke(app, [*base, "--out", str(tmp_path / out), *extra])
        assert result.exit_code == 0, result.output
    anon = tmp_path / "anon"
    for row in plain_pairs:  # not in any file name, nor in any file
        senior = row["senior_id"]
        assert not any(senior in p.name for p in anon.rglob("*")), senior
        for f in anon.rglob("*"):
            if f.is_file():
                assert senior not in f.read_text("utf-8-sig"), (senior, f.name)
    plain_rows, anon_rows = csv_rows(tmp_path / "plain" / "sessions.csv"), csv_rows(anon / "sessions.csv")
    numbers = sorted({r["pair_id"] for r in anon_rows})
    assert numbers == [f"P{i:02d}" for i in range(1, len(numbers) + 1)]
    # the same calendar: pairs keep their order, so every session keeps its date and time
    assert [(r["date"], r["start"]) for r in plain_rows] == [(r["date"], r["start"]) for r in anon_rows]
