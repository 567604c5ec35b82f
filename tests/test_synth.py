"""The synthetic roster generator and ``rmentor example``."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.inputs import safeyaml
from rmentor.inputs.loading import _Collector, check_roster
from rmentor.inputs.safeyaml import parse_yaml
from rmentor.model import Program, Roster
from rmentor.workflows.synth import _FEMALE, _feminine, roster_yaml, synthetic_roster, translit

CYRILLIC_NAME = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?( [А-ЯЁ][а-яё]+){1,2}$")


def _errors(data: dict[str, object], program: Program | None = None) -> list[str]:
    program = program or Program()
    roster = Roster.model_validate(data)
    col = _Collector(lambda path: safeyaml.Document(None, "x").locate(path))
    check_roster(roster, program, col)
    return [issue.render() for issue in col.issues]


def test_same_seed_same_roster_and_bytes() -> None:
    a, b = synthetic_roster(40, 50, 7), synthetic_roster(40, 50, 7)
    assert a == b
    assert roster_yaml(a) == roster_yaml(b)
    assert synthetic_roster(40, 50, 8) != a


@pytest.mark.parametrize(("n_s", "n_j"), [(1, 1), (3, 17), (120, 80)])
def test_sizes_are_respected_and_the_roster_is_valid(n_s: int, n_j: int) -> None:
    data = synthetic_roster(n_s, n_j, 1)
    assert len(data["seniors"]) == n_s and len(data["juniors"]) == n_j
    assert _errors(data) == []
    ids = [p["id"] for p in [*data["seniors"], *data["juniors"]]]
    assert len(set(ids)) == len(ids)
    assert len({p["email"] for p in [*data["seniors"], *data["juniors"]]}) == len(ids)


def test_realistic_content() -> None:
    data = synthetic_roster(400, 500, 3)
    seniors, juniors = data["seniors"], data["juniors"]
    people = [*seniors, *juniors]
    assert all(CYRILLIC_NAME.match(p["name"]) for p in people), [p["name"] for p in people[:5]]
    assert all(len(p["name"].split()) == 3 for p in seniors)  # Фамилия Имя Отчество
    assert all(len(p["name"].split()) == 2 for p in juniors)
    assert 8 <= len({p["department"] for p in people}) <= 12
    zones = Counter(p.get("timezone", "Europe/Moscow") for p in people)
    assert len(zones) >= 4 and zones.most_common(1)[0][0] == "Europe/Moscow"
    assert zones["Europe/Moscow"] > len(people) / 2
    # reporting lines: top people outside the program, and juniors reporting to seniors
    senior_ids = {p["id"] for p in seniors}
    assert data["managers"]["ceo"] is None
    assert sum(p["manager"] in senior_ids for p in juniors) > len(juniors) / 3
    assert sum(p["manager"] in data["managers"] for p in seniors) > 0
    # skewed topic popularity: the favourite is far more common than the median topic
    topics = Counter(t for p in seniors for t in p["wants"])
    counts = sorted(topics.values(), reverse=True)
    assert counts[0] > 4 * counts[len(counts) // 2]
    # scores skewed upward; a few capacity 2 and avoid entries
    scores = Counter(v for p in people for v in p["scores"].values())
    assert scores[4] + scores[5] > 2 * (scores[1] + scores[2])
    assert 0 < sum(p.get("capacity", 1) == 2 for p in juniors) < len(juniors) / 5
    assert 0 < sum("avoid" in p for p in people) < len(people) / 20
    windows = Counter(len(p["availability"]) for p in people)
    assert windows[2] + windows[3] > len(people) / 2


def test_gender_agreement() -> None:
    data = synthetic_roster(300, 10, 5)
    for p in data["seniors"]:
        surname, first, patronymic = p["name"].split()
        female = first in _FEMALE
        assert patronymic.endswith(("вна", "ична")) == female, p["name"]
        if female:
            assert not surname.endswith(("ов", "ев", "ёв", "ин", "ский", "цкий", "ой")), p["name"]
    assert _feminine("Соловьёв") == "Соловьёва"
    assert _feminine("Вишневский") == "Вишневская"
    assert _feminine("Толстой") == "Толстая"
    assert _feminine("Черных") == "Черных"
    assert translit("Фёдоров") == "fedorov"
    assert translit("Щербаков") == "shcherbakov"


def test_scores_follow_the_program_criteria_and_scale() -> None:
    program = Program.model_validate({"matching": {
        "scale": {"min": 0, "max": 10},
        "senior_criteria": {"curiosity": {"weight": 1, "min": 4}},
        "junior_criteria": {"patience": {"weight": 1}},
    }})
    data = synthetic_roster(30, 30, 2, program=program)
    assert {k for p in data["seniors"] for k in p["scores"]} == {"curiosity"}
    assert all(0 <= v <= 10 for p in data["juniors"] for v in p["scores"].values())
    assert _errors(data, program) == []


def test_yaml_round_trip() -> None:
    data = synthetic_roster(60, 70, 11)
    text = roster_yaml(data, header="test header\nsecond line")
    assert text.startswith("# test header\n# second line\n")
    assert parse_yaml(text, "x.yaml").data == data


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30), st.lists(st.text(min_size=1, max_size=12), max_size=3))
def test_any_text_survives_the_yaml_writer(text: str, topics: list[str]) -> None:
    data = synthetic_roster(1, 1, 0)
    data["seniors"][0].update(name=text, notes=text, wants=topics)
    data["managers"][text] = None
    assert parse_yaml(roster_yaml(data), "x").data == data


def test_invalid_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="between 1 and"):
        synthetic_roster(0, 5, 0)


# --------------------------------------------------------------------------- CLI


def test_example_command_writes_a_valid_roster(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "roster.yaml"
    result = runner.invoke(app, ["example", "--seniors", "25", "--juniors", "30", "--seed", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "25 seniors and 30 juniors" in result.output
    assert f"Next: rmentor validate {out}" in result.output
    text = out.read_text(encoding="utf-8")
    assert parse_yaml(text, "x").data == synthetic_roster(25, 30, 4)
    assert "--seniors 25 --juniors 30 --seed 4" in text
    check = runner.invoke(app, ["validate", str(out)])
    assert check.exit_code == 0, check.output
    assert "25 seniors, 30 juniors" in check.output


def test_example_follows_the_program_given(runner: CliRunner, tmp_path: Path, example_program: Path) -> None:
    out = tmp_path / "roster.yaml"
    result = runner.invoke(app, ["example", "--seniors", "40", "--juniors", "40", "--out", str(out),
                                 "--config", str(example_program), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"--config {example_program}" in result.output
    matched = runner.invoke(app, ["match", str(out), "--config", str(example_program), "--lang", "en"])
    assert matched.exit_code == 0, matched.output


def test_example_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "roster.yaml"
    assert runner.invoke(app, ["example", "--seniors", "5", "--juniors", "5", "--out", str(out)]).exit_code == 0
    before = out.read_bytes()
    again = runner.invoke(app, ["example", "--seniors", "9", "--juniors", "9", "--out", str(out)])
    assert again.exit_code == 2, again.output
    assert "--force" in again.output and out.read_bytes() == before
    forced = runner.invoke(app, ["example", "--seniors", "9", "--juniors", "9", "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes() != before


def test_example_rejects_bad_arguments(runner: CliRunner, tmp_path: Path) -> None:
    bad_suffix = runner.invoke(app, ["example", "--out", str(tmp_path / "r.csv")])
    assert bad_suffix.exit_code == 2 and ".yaml" in bad_suffix.output
    assert not (tmp_path / "r.csv").exists()
    zero = runner.invoke(app, ["example", "--seniors", "0", "--out", str(tmp_path / "r.yaml")])
    assert zero.exit_code == 2


def test_example_speaks_russian(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    result = runner.invoke(app, ["example", "--seniors", "2", "--juniors", "5", "--out", str(out), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "2 старших и 5 младших" in result.output
    assert "вымышлены" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- safeyaml budget


def test_node_budget_counts_each_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # 4 people x 6 values, nested 3 deep: about 40 values, which the old accounting
    # (sizes re-added at every level) counted as more than 100.
    monkeypatch.setattr(safeyaml, "MAX_NODES", 60)
    doc = "seniors:\n" + "".join(f"  - {{id: s{i}, name: N, scores: {{a: 1, b: 2}}}}\n" for i in range(4))
    assert len(parse_yaml(doc, "x").data["seniors"]) == 4
    bomb = "a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b]\n"
    with pytest.raises(safeyaml.InputError, match="alias bomb"):
        parse_yaml(bomb, "x")
