"""``rmentor convert``: YAML <-> XLSX/CSV without loss, and the shipped example workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.inputs.safeyaml import parse_yaml
from rmentor.model import Roster
from rmentor.outputs.roster import convert_roster, load_roster_file, roster_yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _roster(path: Path) -> Roster:
    return load_roster_file(path)


def test_example_workbook_is_the_example_roster() -> None:
    """examples/roster.xlsx reads back as examples/roster.yaml and is what 'convert --lang ru' makes of it."""
    from_yaml = _roster(EXAMPLES / "roster.yaml")
    assert _roster(EXAMPLES / "roster.xlsx") == from_yaml
    # compare cells, not bytes: the zip bytes depend on the openpyxl version
    fresh = load_workbook(io.BytesIO(convert_roster(from_yaml, ".xlsx", lang="ru").data))
    shipped = load_workbook(EXAMPLES / "roster.xlsx")
    assert shipped.sheetnames == fresh.sheetnames
    for name in fresh.sheetnames:
        assert list(shipped[name].values) == list(fresh[name].values), (
            f"sheet {name} is stale; regenerate: "
            "rmentor convert examples/roster.yaml examples/roster.xlsx --lang ru --force"
        )


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_round_trip_yaml_xlsx_yaml(tmp_path: Path, runner: CliRunner, lang: str) -> None:
    xlsx, back = tmp_path / "roster.xlsx", tmp_path / "back.yaml"
    result = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(xlsx), "--lang", lang])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["convert", str(xlsx), str(back)])
    assert result.exit_code == 0, result.output
    assert _roster(back) == _roster(EXAMPLES / "roster.yaml")
    text = back.read_text(encoding="utf-8")
    assert "Волков Андрей Сергеевич" in text  # Cyrillic unescaped
    assert 'availability: ["Tue 10:00-12:00", "Thu 16:00-18:00"]' in text
    assert "scores: {readiness: 5, openness: 4}" in text
    first = text.index("  - id: volkov")
    assert text.index("name:", first) < text.index("department:", first) < text.index("scores:", first)
    check = runner.invoke(app, ["validate", str(back), "--config", str(EXAMPLES / "program.yaml")])
    assert check.exit_code == 0, check.output


def test_round_trip_through_csv(tmp_path: Path, runner: CliRunner) -> None:
    roster = _roster(EXAMPLES / "roster.yaml").model_copy(update={"pinned": (), "history": ()})
    src = tmp_path / "src.yaml"
    src.write_bytes(roster_yaml(roster))
    out = tmp_path / "roster.csv"
    result = runner.invoke(app, ["convert", str(src), str(out), "--delimiter", ";", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Сторона", "ID", "Имя"]
    assert ["вне программы", "ceo"] in [row[:2] for row in rows]
    assert _roster(out) == roster


def test_csv_refuses_pairs_it_cannot_hold(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "roster.csv"
    result = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(out)])
    assert result.exit_code == 2
    assert "pinned and earlier pairs" in result.output and not out.exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "roster.xlsx"
    out.write_bytes(b"keep me")
    result = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    result = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK")


def test_bad_target_and_delimiter(tmp_path: Path, runner: CliRunner) -> None:
    bad = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(tmp_path / "r.json")])
    assert bad.exit_code == 2 and "cannot write '.json' files" in bad.output
    bad = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(tmp_path / "r.csv"), "--delimiter", "|"])
    assert bad.exit_code == 2 and "unknown delimiter" in bad.output


def test_broken_input_is_reported_with_location(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "bad.yaml"
    src.write_text("seniors:\n  - id: a\n    name: A\n    department: X\n    scores: {readiness: five}\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["convert", str(src), str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert "bad.yaml:5" in result.output and "should be a whole number" in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_lossy_values_are_refused_not_mangled() -> None:
    roster = Roster.model_validate({"seniors": [{"id": "a", "name": "A", "department": "X",
                                                 "wants": ["Продажи, маркетинг"]}]})
    with pytest.raises(InputError) as err:
        convert_roster(roster, ".xlsx", lang="en")
    assert "contains ',' or ';'" in err.value.render()


def test_formula_like_text_survives_both_formats() -> None:
    roster = Roster.model_validate({
        "seniors": [{"id": "a", "name": "=HYPERLINK(\"http://x\")", "department": "-Продажи",
                     "notes": "+7 916 123-45-67\nвторая строка", "scores": {"notes": 3}}],
        "juniors": [{"id": "b", "name": "@b", "department": "Y", "capacity": 3}],
    })
    for suffix in (".xlsx", ".csv", ".yaml"):
        assert convert_roster(roster, suffix, lang="ru").roster == roster


_alphabet = st.sampled_from("abcАБВё =+-@'\"#:{}[]!%&*\\ 01")
_text = st.text(alphabet=_alphabet, min_size=1, max_size=12).map(str.strip).filter(bool)
_ids = st.from_regex(r"[a-z][a-z0-9_.-]{0,6}", fullmatch=True)


@st.composite
def _rosters(draw: st.DrawFn) -> Roster:
    ids = draw(st.lists(_ids, min_size=2, max_size=6, unique=True))
    cut = draw(st.integers(1, len(ids) - 1))
    crit = st.dictionaries(st.sampled_from(["readiness", "openness", "Digital"]), st.integers(-3, 9), max_size=3)
    topics = st.lists(_text.filter(lambda t: not any(c in t for c in ",;")), max_size=3)

    def person(pid: str, senior: bool) -> dict[str, object]:
        p: dict[str, object] = {"id": pid, "name": draw(_text), "department": draw(_text), "scores": draw(crit)}
        if draw(st.booleans()):
            p["notes"] = draw(_text)
        if draw(st.booleans()):
            p["availability"] = draw(st.lists(st.sampled_from(["Mon 09:00-10:00", "Пн-Ср 14:00-15:30"]), max_size=2))
        p["wants" if senior else "offers"] = draw(topics)
        if not senior:
            p["capacity"] = draw(st.integers(1, 3))
        return p

    return Roster.model_validate({
        "seniors": [person(i, True) for i in ids[:cut]],
        "juniors": [person(i, False) for i in ids[cut:]],
        "managers": {"top": None} if draw(st.booleans()) else {},
    })


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster=_rosters(), suffix=st.sampled_from([".xlsx", ".csv", ".yaml"]), lang=st.sampled_from(["ru", "en"]))
def test_round_trip_property(roster: Roster, suffix: str, lang: str) -> None:
    try:
        out = convert_roster(roster, suffix, lang=lang)  # type: ignore[arg-type]
    except InputError as exc:
        # the one thing CSV cannot hold: text that itself starts with the ' a formula-safe writer adds
        assert suffix == ".csv" and '"\'' in roster.model_dump_json(), exc.render()
        return
    assert out.roster == roster
    if suffix == ".yaml":
        assert Roster.model_validate(parse_yaml(out.data.decode("utf-8"), "x.yaml").data) == roster


@pytest.mark.parametrize("text", ["yes", "No", "0123", "1:30", "null", "~", "", " x", "x ", "- x", "a: b", "a #b",
                                  "[x]", "{x}", "x,y", "'q'", '"q"', "\x01x", "x\ny", "\u2028", "1e3", ".5",
                                  "2027-01-11", "Волков", "SMM", "@x", "=1+1", "true", "0x1F", "+7 916",
                                  "\x7f", "\x80", "a\x85b", "\ufeffx"])
def test_yaml_scalars_read_back_as_the_same_text(text: str) -> None:
    from rmentor.outputs.roster import yaml_scalar

    doc = parse_yaml(f"a: {yaml_scalar(text)}\nb: [{yaml_scalar(text)}]\n", "x.yaml").data
    assert doc == {"a": text, "b": [text]}


def test_validate_and_match_read_the_example_workbook(runner: CliRunner, tmp_path: Path) -> None:
    program = str(EXAMPLES / "program.yaml")
    result = runner.invoke(app, ["validate", str(EXAMPLES / "roster.xlsx"), "--config", program])
    assert result.exit_code == 0, result.output
    assert "14 старших, 18 младших" in result.output
    from_xlsx = runner.invoke(app, ["match", str(EXAMPLES / "roster.xlsx"), "--config", program, "--format", "json"])
    from_yaml = runner.invoke(app, ["match", str(EXAMPLES / "roster.yaml"), "--config", program, "--format", "json"])
    assert from_xlsx.exit_code == 0, from_xlsx.output
    assert from_xlsx.output == from_yaml.output  # the same pairs, whichever file HR keeps


def test_quiet_prints_only_the_written_path(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    result = runner.invoke(app, ["convert", str(EXAMPLES / "roster.yaml"), str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
