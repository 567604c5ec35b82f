"""Participant wishes (``prefers``): points in the pair score, ranks, and the roster checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import junior, program, roster, senior
from rmentor.core.scoring import Scorer, preference_points, preference_ranks, score_roster
from rmentor.errors import InputError


def test_preference_points_fall_with_rank_and_are_larger_when_mutual() -> None:
    assert preference_points(30, 1, 1) == 30  # a mutual first choice earns exactly the weight
    assert preference_points(30, 1, None) == preference_points(30, None, 1) == 15
    assert preference_points(30, 2, None) == 10
    assert preference_points(30, 3, None) == 8  # 7.5 rounds half up
    assert preference_points(30, None, None) == 0
    assert preference_points(30, 1, 2) == 25
    for a in range(1, 6):
        assert preference_points(30, a, None) >= preference_points(30, a + 1, None)
        for b in range(1, 6):
            assert preference_points(30, a, b) > max(preference_points(30, a, None), preference_points(30, None, b))


def test_wish_is_a_component_of_the_pair_score_everywhere() -> None:
    r = roster([senior("s1", prefers=["j2"]), senior("s2")],
               [junior("j1", prefers=["s1"]), junior("j2", prefers=["s1", "s2"])])
    sc = Scorer(r, program())
    base = Scorer(roster([senior("s1"), senior("s2")], [junior("j1"), junior("j2")]), program())
    m, m0 = sc.matrix(), base.matrix()
    assert (m - m0).tolist() == [[15, 30], [0, 10]]
    for s in ("s1", "s2"):
        for j in ("j1", "j2"):
            ps = sc.pair(s, j)
            assert ps.score == sum(ps.breakdown.values()) == m[sc.senior_index[s], sc.junior_index[j]]
    assert sc.pair("s1", "j2").breakdown["preference"] == 30
    report = score_roster(r, program(), with_pairs=True)
    assert report.pairs is not None
    assert {(p.senior, p.junior): p.breakdown["preference"] for p in report.pairs} == {
        ("s1", "j1"): 15, ("s1", "j2"): 30, ("s2", "j1"): 0, ("s2", "j2"): 10}


def test_a_wish_never_lifts_a_pair_over_a_hard_rule() -> None:
    r = roster([senior("s1", prefers=["j1"])], [junior("j1", prefers=["s1"], manager="s1")])
    sc = Scorer(r, program())
    assert sc.matrix()[0, 0] == -1 and "reporting_line" in sc.pair("s1", "j1").blocked_by
    # min_pair_score is checked on the score without wishes
    r2 = roster([senior("s1", prefers=["j1"])], [junior("j1", prefers=["s1"])])
    plain = Scorer(r2, program()).pair("s1", "j1").score - 30
    sc2 = Scorer(r2, program(min_pair_score=plain + 1))
    assert sc2.matrix()[0, 0] == -1 and "below_min_score" in sc2.pair("s1", "j1").blocked_by


def test_ranks_put_wishes_first_then_score_then_id() -> None:
    r = roster(
        [senior("s1", prefers=["j3"]), senior("s2")],
        [junior("j1", offers=("smm", "ai"), communication=5), junior("j2"), junior("j3"),
         junior("j4", prefers=["s2"], dept="Sales")],
    )
    prog = program(cross_functional="required")
    sc = Scorer(r, prog)
    s_rank, j_rank = preference_ranks(sc, sc.matrix())
    # s1: j3 (wished), then j1 (best score), then j2 before... j4 is blocked (same department)
    assert s_rank[0].tolist() == [2, 3, 1, 0]
    assert s_rank[1].tolist() == [1, 2, 3, 0]
    # j4 wished for s2 but the pair is not allowed: no rank at all
    assert j_rank[:, 3].tolist() == [0, 0]
    # j3 has no wish: s1 and s2 score the same with it (s1's wish adds points), so s1 first
    assert j_rank[:, 2].tolist() == [1, 2]
    report = score_roster(r, prog, with_pairs=True)
    assert report.pairs is not None
    got = {(p.senior, p.junior): (p.senior_rank, p.junior_rank) for p in report.pairs}
    assert got[("s1", "j3")] == (1, 1) and got[("s2", "j4")] == (None, None)


@pytest.mark.parametrize(("prefers", "message"), [
    (["nobody"], "unknown id 'nobody' in prefers"),
    (["s2"], "'s2' is on the same side"),
    (["j1", "j1"], "'j1' is listed twice in prefers"),
])
def test_bad_prefers_are_input_errors_with_a_location(tmp_path: Path, prefers: list[str], message: str) -> None:
    import yaml

    from rmentor.inputs.loading import load_roster
    from rmentor.model import Program

    data = {"seniors": [senior("s1", prefers=prefers), senior("s2")], "juniors": [junior("j1")]}
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_roster(path, Program())
    text = exc.value.render() + " ".join(i.render() for i in exc.value.issues)
    assert message in text and "seniors[0].prefers" in text


def test_explain_says_why_a_wish_is_not_granted() -> None:
    from rmentor.core.explaining import explain

    # Volkov and Orlov both asked for Petrova; Orlov shares more topics, and Volkov can also have
    # Sidorova, who offers what he wants: the plan gives Petrova to Orlov.
    r = roster([senior("volkov", wants=("smm",), prefers=["petrova"]),
                senior("orlov", wants=("smm", "ai", "bi"), prefers=["petrova"])],
               [junior("petrova", offers=("smm", "ai", "bi")), junior("sidorova", offers=("smm",))])
    e = explain(r, program(), "volkov")
    texts = [w.reason.render() for w in e.wishes]
    assert texts == ["volkov asked for petrova (choice 1); the plan pairs petrova with orlov because with this "
                     "pair the best plan scores 40 points lower in total"]


def test_a_wish_in_ones_reporting_line_is_reported_not_honoured() -> None:
    from rmentor.core.explaining import explain
    from rmentor.core.matching import match

    r = roster([senior("volkov", prefers=["petrova"])], [junior("petrova", manager="volkov"), junior("orlova")])
    res = match(r, program())
    assert [(p.senior, p.junior) for p in res.pairs] == [("volkov", "orlova")]
    assert res.wishes is not None and res.wishes.any_granted == 0
    assert [(w.person, w.target, w.blocked_by) for w in res.wishes.not_honoured] == [
        ("volkov", "petrova", ("reporting_line",))]
    text = explain(r, program(), "volkov").wishes[0].reason.render()
    assert "reporting line" in text and "not honoured" in text


def test_wish_summary_counts_first_any_and_mutual() -> None:
    from rmentor.core.matching import match

    r = roster([senior("s1", prefers=["j1"]), senior("s2", prefers=["j3", "j2"]), senior("s3")],
               [junior("j1", prefers=["s1"]), junior("j2"), junior("j3", prefers=["s1"])])
    res = match(r, program())
    pairs = {(p.senior, p.junior) for p in res.pairs}
    assert ("s1", "j1") in pairs and ("s2", "j3") in pairs
    w = res.wishes
    assert w is not None
    assert (w.people, w.first_granted, w.any_granted, w.mutual, w.mutual_granted) == (4, 3, 3, 1, 1)


def _wishful_roster(tmp_path: Path) -> Path:
    import yaml

    data = {
        "seniors": [senior("s1", prefers=["j2"]), senior("s2", prefers=["j2"])],
        "juniors": [junior("j1", prefers=["s1"]), junior("j2", prefers=["s1", "s2"]),
                    junior("j3", manager="s1")],
    }
    data["seniors"][0]["prefers"] = ["j2", "j3"]  # j3 reports to s1: reported, not honoured
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_match_reports_wishes_and_stability(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from rmentor.cli import app

    roster_file = _wishful_roster(tmp_path)
    program_file = tmp_path / "program.yaml"
    program_file.write_text("matching:\n  stable: true\n  weights: {preference: 10}\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["match", str(roster_file), "--config", str(program_file), "--lang", "en"])
    assert table.exit_code == 0, table.output
    assert "Wishes granted: first choice for 2 of 4, any choice for 2 of 4, mutual wishes 1 of 2" in table.stdout
    assert "s1 asked for j3; not honoured: one is in the other's reporting line" in table.stdout
    assert "Stable: no two people" in table.stdout
    assert "mutual wish (choices 1 and 1)" in table.stdout
    ru = runner.invoke(app, ["match", str(roster_file), "--config", str(program_file), "--lang", "ru"])
    assert "Пожелания выполнены" in ru.stdout and "Устойчиво" in ru.stdout
    data = json.loads(runner.invoke(app, ["match", str(roster_file), "--config", str(program_file),
                                          "--format", "json"]).stdout)
    assert data["wishes"] == {"people": 4, "first_granted": 2, "any_granted": 2, "mutual": 2, "mutual_granted": 1,
                              "not_honoured": [{"person": "s1", "target": "j3", "rank": 2,
                                                "blocked_by": ["reporting_line"]}]}
    assert data["stability"] == {"stable": True, "possible": True, "blocking_pairs": [], "reasons": []}
    one = json.loads(runner.invoke(app, ["match", str(roster_file), "--config", str(program_file), "--pairs", "1",
                                         "--format", "json"]).stdout)
    assert one["stability"]["possible"] is False and one["stability"]["blocking_pairs"]
    assert one["stability"]["reasons"] == ["every stable plan has 2 pairs, but at most 1 are allowed"]
    anon = runner.invoke(app, ["match", str(roster_file), "--config", str(program_file), "--anonymize",
                               "--format", "json"])
    assert anon.exit_code == 0, anon.output
    assert '"s1"' not in anon.stdout and '"j3"' not in anon.stdout


def test_prefers_column_in_spreadsheets_round_trips(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rmentor.cli import app
    from rmentor.inputs.loading import load_roster
    from rmentor.model import Program

    source = _wishful_roster(tmp_path)
    runner = CliRunner()
    for name, lang in (("roster.xlsx", "ru"), ("roster.csv", "en")):
        out = tmp_path / name
        result = runner.invoke(app, ["convert", str(source), str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        loaded = load_roster(out, Program()).value
        assert loaded.seniors[0].prefers == ("j2", "j3") and loaded.juniors[1].prefers == ("s1", "s2")
    csv = tmp_path / "hand.csv"
    csv.write_text("side;id;Имя;Отдел;Предпочтения;Хочет изучить;Может научить;readiness;openness;"
                   "communication;sharing;structuring\n"
                   "старший;s1;Волков;Продажи;j2, j1;smm;;4;4;;;\n"
                   "младший;j1;Петрова;ИТ;;;smm;;;4;4;4\n"
                   "младший;j2;Орлова;ИТ;s1;;smm;;;4;4;4\n", encoding="utf-8")
    loaded = load_roster(csv, Program()).value
    assert loaded.seniors[0].prefers == ("j2", "j1") and loaded.juniors[1].prefers == ("s1",)


def _form_roster(tmp_path: Path) -> Path:
    import yaml

    data = {"seniors": [senior("volkov", email="a.volkov@example.ru", prefers=["orlova"]), senior("lebedev")],
            "juniors": [junior("petrova", email="m.petrova@example.ru"), junior("orlova")]}
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_preferences_form_csv_with_numbered_choices(tmp_path: Path) -> None:
    from rmentor.inputs.loading import load_roster
    from rmentor.inputs.preferences import read_preferences, with_preferences
    from rmentor.model import Program

    r = load_roster(_form_roster(tmp_path), Program()).value
    form = tmp_path / "wishes.csv"
    form.write_text("Отметка времени;Адрес электронной почты;Выбор 2;Выбор 1;Комментарий\n"
                    "01.12.2026 10:00;A.Volkov@example.ru;orlova;m.petrova@example.ru;хочу дашборды\n"
                    "01.12.2026 10:05;m.petrova@example.ru;;volkov;\n", encoding="utf-8-sig")
    prefs = read_preferences(form, r)
    assert prefs.wishes == {"volkov": ("petrova", "orlova"), "petrova": ("volkov",)}
    updated = with_preferences(r, prefs)
    assert updated.seniors[0].prefers == ("petrova", "orlova")  # the form replaces the roster's list
    assert updated.seniors[1].prefers == () and updated.juniors[1].prefers == ()


def test_preferences_form_xlsx_list_column_and_ranking_grid(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from rmentor.inputs.loading import load_roster
    from rmentor.inputs.preferences import read_preferences
    from rmentor.model import Program

    r = load_roster(_form_roster(tmp_path), Program()).value
    wb = Workbook()
    ws = wb.active
    ws.append(["ID сотрудника", "Предпочтения"])
    ws.append(["lebedev", "orlova; petrova"])
    wb.save(tmp_path / "list.xlsx")
    assert read_preferences(tmp_path / "list.xlsx", r).wishes == {"lebedev": ("orlova", "petrova")}
    wb = Workbook()
    ws = wb.active
    ws.append(["person_id", "С кем вы хотели бы работать? [2]", "С кем вы хотели бы работать? [1]"])
    ws.append(["orlova", "lebedev", "volkov"])
    wb.save(tmp_path / "grid.xlsx")
    assert read_preferences(tmp_path / "grid.xlsx", r).wishes == {"orlova": ("volkov", "lebedev")}


def test_preferences_form_problems_are_located(tmp_path: Path) -> None:
    from rmentor.inputs.loading import load_roster
    from rmentor.inputs.preferences import read_preferences
    from rmentor.model import Program

    r = load_roster(_form_roster(tmp_path), Program()).value
    form = tmp_path / "wishes.csv"
    form.write_text("person_id,choice 1,choice 2\nvolkov,nobody,lebedev\nghost,orlova,\nvolkov,orlova,\n"
                    "petrova,volkov,volkov\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_preferences(form, r)
    lines = [i.render() for i in exc.value.issues]
    assert any("wishes.csv:2:2" in x and "choice 'nobody' is not in the roster" in x for x in lines)
    assert any("wishes.csv:2:3" in x and "on the same side" in x for x in lines)
    assert any("wishes.csv:3:1" in x and "'ghost' is not in the roster" in x for x in lines)
    assert any("wishes.csv:4:1" in x and "twice (also row 2)" in x for x in lines)
    no_columns = tmp_path / "bad.csv"
    no_columns.write_text("name,comment\nВолков,привет\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_preferences(no_columns, r)
    assert {i.message for i in exc.value.issues} == {"no person column", "no choice columns"}


def test_preferences_option_on_match_score_explain_and_plan(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from rmentor.cli import app

    roster_file = _form_roster(tmp_path)
    form = tmp_path / "wishes.csv"
    form.write_text("person_id;choice 1\nlebedev;petrova\npetrova;lebedev\n", encoding="utf-8")
    runner = CliRunner()
    plain = json.loads(runner.invoke(app, ["match", str(roster_file), "--format", "json"]).stdout)
    assert plain["wishes"]["mutual"] == 0
    wished = runner.invoke(app, ["match", str(roster_file), "--preferences", str(form), "--format", "json"])
    assert wished.exit_code == 0, wished.output
    data = json.loads(wished.stdout)
    assert data["wishes"]["mutual"] == 1 and data["wishes"]["mutual_granted"] == 1
    assert {(p["senior"], p["junior"]) for p in data["pairs"]} >= {("lebedev", "petrova")}
    scored = json.loads(runner.invoke(app, ["score", str(roster_file), "--pairs", "--preferences", str(form),
                                            "--format", "json"]).stdout)
    pair = next(p for p in scored["pairs"] if (p["senior"], p["junior"]) == ("lebedev", "petrova"))
    assert pair["breakdown"]["preference"] == 30 and pair["senior_rank"] == 1 and pair["junior_rank"] == 1
    explained = runner.invoke(app, ["explain", str(roster_file), "lebedev", "--preferences", str(form),
                                    "--lang", "en"])
    assert explained.exit_code == 0, explained.output
    assert "petrova asked for lebedev (choice 1, mutual): they are paired" in explained.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id;choice 1\nlebedev;volkov\n", encoding="utf-8")
    refused = runner.invoke(app, ["plan", str(roster_file), "--preferences", str(bad), "--out", str(tmp_path / "kit")])
    assert refused.exit_code == 2 and "on the same side" in refused.stderr


def test_validate_warns_about_wishes_a_rule_rules_out(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rmentor.cli import app

    result = CliRunner().invoke(app, ["validate", str(_wishful_roster(tmp_path)), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("seniors[0].prefers[1]: s1 asked for j3, but one is in the other's reporting line: "
            "the wish is reported, not honoured") in result.stderr


@pytest.mark.parametrize(("lang", "line", "not_honoured"), [
    ("en", "First choice granted: 7 of 8; any choice: 7 of 8; mutual wishes: 3 of 3.",
     "- Волков Андрей Сергеевич asked for Попов Илья: not honoured (one is in the other's reporting line)"),
    ("ru", "Первый выбор выполнен: 7 из 8; любой из выборов: 7 из 8; взаимные пожелания: 3 из 3.",
     "- Волков Андрей Сергеевич просил(а) Попов Илья: не выполнено (один из них в линии подчинения другого)"),
])
def test_plan_brief_reports_wishes(tmp_path: Path, lang: str, line: str, not_honoured: str) -> None:
    from typer.testing import CliRunner

    from rmentor.cli import app

    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "kit"
    result = CliRunner().invoke(app, ["plan", str(examples / "roster.yaml"), "--config", str(examples / "program.yaml"),
                                      "--preferences", str(examples / "wishes.csv"), "--out", str(out),
                                      "--lang", lang, "--kit", "none"])
    assert result.exit_code == 0, result.output
    brief = (out / "brief.md").read_text("utf-8")
    appendix = (out / "appendix.md").read_text("utf-8")
    assert line in brief and line in appendix
    # whose wish was not honoured is a detail about a person: the HR appendix, not the sponsor's page
    assert not_honoured in appendix and not_honoured not in brief


def test_explain_in_a_stable_plan_names_the_pair_that_would_block(tmp_path: Path) -> None:
    from rmentor.core.explaining import explain
    from rmentor.inputs.loading import load_roster
    from rmentor.model import Program

    r = load_roster(_wishful_roster(tmp_path), Program()).value
    e = explain(r, program(stable=True, weights={"preference": 10}), "s2")
    texts = [w.reason.render() for w in e.wishes if w.wish.person == "s2"]
    assert texts == ["s2 asked for j2 (choice 1, mutual); the plan pairs j2 with s1 because with this pair no plan "
                     "is stable: s1 + j2 would rather be together"]
