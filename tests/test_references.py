"""References by id, e-mail or name; ids that lost their zeros; canonical spellings (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rmentor.core.scoring import Scorer
from rmentor.errors import InputError
from rmentor.inputs.loading import load_roster
from rmentor.inputs.vocabulary import IdDigits, PeopleIndex, resolve_id, text_key, topic_key
from rmentor.model import Program

SCORES_S = {"readiness": 5, "openness": 4}
SCORES_J = {"communication": 5, "sharing": 4, "structuring": 4}


def _person(pid: str, name: str, dept: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "department": dept, "availability": ["Tue 10:00-12:00"], **extra}


def _roster(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "roster.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _base() -> dict[str, Any]:
    return {
        "seniors": [
            _person("000104", "Волков Андрей Сергеевич", "Продажи", email="a.volkov@corp.ru", scores=SCORES_S,
                    wants=["SMM"], manager="Орлов Пётр Ильич"),
            _person("000105", "Ёлкина Мария Петровна", "Отдел продаж", scores=SCORES_S, wants=["смм"],
                    manager="Волков А. С."),
        ],
        "juniors": [
            _person("000210", "Петров Максим", "маркетинг", scores=SCORES_J, offers=["смм", "Телеграм"],
                    manager="A.VOLKOV@corp.ru", avoid=["елкина  мария петровна"]),
            _person("000211", "Сидорова Ксения", "Маркетинг ", scores=SCORES_J, offers=["SMM"]),
        ],
        "pinned": [["104", "211"]],
    }


def test_keys() -> None:
    assert text_key(" Отдел  продаж. ") == text_key("отдел продаж") == "отдел продаж"
    assert text_key("Ёлкина") == text_key("елкина")
    assert topic_key("смм") == topic_key("SMM") and topic_key("Телеграм") == topic_key("Telegram")
    assert topic_key("SMM") != topic_key("CRM")
    assert resolve_id("104", ["000104", "x"]) == ("000104", True)
    assert resolve_id("000104", ["000104"]) == ("000104", False)
    assert resolve_id("104", ["000104", "0104"]) == (None, False)  # ambiguous: never guessed
    assert IdDigits(["000104", "0104"]).candidates("104") == ["000104", "0104"]


def test_people_index_forms() -> None:
    ix = PeopleIndex([("1", "Волков Андрей Сергеевич", "a@x.ru"), ("2", "Пётр Иванов", None)])
    for ref in ("Волков А. С.", "ВОЛКОВ андрей сергеевич", "Андрей Сергеевич Волков", "А.С. Волков", "A@X.RU",
                "Волков А."):
        assert ix.resolve(ref) == ("1", "name" if "@" not in ref else "email"), ref
    assert ix.resolve("Петр Иванов") == ("2", "name")
    assert ix.resolve("Иванов П.") == ("2", "name")
    assert ix.resolve("Сидоров") == (None, "")


def test_names_emails_and_lost_zeros_are_resolved(tmp_path: Path) -> None:
    loaded = load_roster(_roster(tmp_path, _base()), Program())
    r = loaded.value
    s = {p.id: p for p in r.seniors}
    j = {p.id: p for p in r.juniors}
    assert s["000105"].manager == "000104"
    assert j["000210"].manager == "000104" and j["000210"].avoid == ("000105",)
    assert r.pinned == (("000104", "000211"),)
    # the manager who is not in the roster is a manager outside the program, with one note
    outside = s["000104"].manager
    assert outside is not None and outside in r.managers and r.managers[outside] is None
    messages = [w.message for w in loaded.warnings]
    assert sum("outside the program" in m for m in messages) == 1
    zeros = next(w for w in loaded.warnings if "leading zeros" in w.message)
    assert zeros.params["ids"] == "104 → 000104, 211 → 000211"


def test_one_note_for_many_outside_managers(tmp_path: Path) -> None:
    data = _base()
    data["juniors"][1]["manager"] = "Кузнецов Игорь"
    data["juniors"][0]["manager"] = "Орлов  Пётр Ильич"  # the same outside manager, spaced differently
    loaded = load_roster(_roster(tmp_path, data), Program())
    notes = [w for w in loaded.warnings if "outside the program" in w.message]
    assert len(notes) == 1 and notes[0].params["names"] == "Орлов Пётр Ильич, Кузнецов Игорь"
    assert len(loaded.value.managers) == 2


def test_an_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    data = _base()
    data["juniors"][1]["name"] = "Волкова Анна Сергеевна"
    data["juniors"][1]["manager"] = "Волков А. С."
    data["seniors"].append(_person("000106", "Волков Алексей Семёнович", "ИТ", scores=SCORES_S, wants=["SMM"]))
    with pytest.raises(InputError) as err:
        load_roster(_roster(tmp_path, data), Program())
    text = err.value.render()
    assert "'Волков А. С.' fits more than one person" in text
    assert "fits more than one person: 000104, 000106" in text
    assert "Андрей" not in text  # error messages do not repeat names (docs/guarantees.md, "Privacy")


def test_an_unknown_id_is_still_an_error(tmp_path: Path) -> None:
    data = _base()
    data["juniors"][1]["manager"] = "volkov"
    with pytest.raises(InputError, match="unknown manager 'volkov'"):
        load_roster(_roster(tmp_path, data), Program())


def test_departments_and_topics_are_canonical(tmp_path: Path) -> None:
    program = Program.model_validate({"matching": {"cross_functional": "required"},
                                      "aliases": {"departments": {"Продажи": ["Отдел продаж", "Sales"]},
                                                  "topics": {"SMM": ["соцсети"]}}})
    loaded = load_roster(_roster(tmp_path, _base()), program)
    r = loaded.value
    assert {p.department for p in [*r.seniors, *r.juniors]} == {"Продажи", "Маркетинг"}
    assert {t for s in r.seniors for t in s.wants} == {"SMM"}
    assert [j.offers for j in r.juniors] == [("SMM", "Телеграм"), ("SMM",)]
    assert any("read as one" in w.message for w in loaded.warnings)
    sc = Scorer(r, program)
    assert sc.s_dept[0] == sc.s_dept[1]  # one department: never a cross-functional pair inside it


def test_scoring_keys_without_loading() -> None:
    """A roster built in code (no loading) still compares on the keys and honours aliases."""
    from rmentor.model import Roster

    program = Program.model_validate({"aliases": {"departments": {"Продажи": ["Отдел продаж"]}}})
    roster = Roster.model_validate({
        "seniors": [_person("s", "S", "Отдел  продаж", scores=SCORES_S, wants=["смм"])],
        "juniors": [_person("j", "J", "продажи", scores=SCORES_J, offers=["SMM"])],
    })
    ps = Scorer(roster, program).pair("s", "j")
    assert ps.breakdown["cross_functional"] == 0 and ps.shared_topics == ("смм",)


def test_pairs_file_ids_without_zeros(tmp_path: Path) -> None:
    from rmentor.inputs.pairsfile import read_pairs

    roster = load_roster(_roster(tmp_path, {**_base(), "pinned": []}), Program()).value
    path = tmp_path / "pairs.csv"
    path.write_bytes("sep=;\r\npair_id;senior_id;junior_id;Комментарий\r\nP01;104;210;ок\r\n".encode("cp1251"))
    pairs = read_pairs(path, roster)
    assert [(r.senior, r.junior) for r in pairs.pairs] == [("000104", "000210")]
    messages = " ".join(w.render() for w in pairs.warnings)
    assert "Windows-1251" in messages and "104 → 000104, 210 → 000210" in messages


def test_survey_and_attendance_ids_without_zeros() -> None:
    from datetime import date

    from rmentor.inputs.surveys import DataFiles, SessionRecord, SurveyRecord, restore_ids

    files = DataFiles(
        surveys=(SurveyRecord("104", "baseline", None, {"x": 1.0}, "s.csv", 2),
                 SurveyRecord("000105", "baseline", None, {"x": 1.0}, "s.csv", 3),
                 SurveyRecord("7", "baseline", None, {"x": 1.0}, "s.csv", 4)),
        sessions=(SessionRecord("P01", 1, date(2027, 1, 11), "104", "210", None, None, True, None, "a.csv", 2),),
    )
    fixed = restore_ids(files, ["000104", "000105", "000210", "07", "007"])
    assert [r.person_id for r in fixed.surveys] == ["000104", "000105", "7"]  # 7: two ids fit, left alone
    assert (fixed.sessions[0].senior_id, fixed.sessions[0].junior_id) == ("000104", "000210")
    assert [w.params["ids"] for w in fixed.warnings] == ["104 → 000104, 210 → 000210"]
    assert restore_ids(DataFiles(), ["a"]) == DataFiles()


def test_labels_name_criteria_and_metrics(tmp_path: Path) -> None:
    from rmentor.i18n import set_language
    from rmentor.inputs.loading import load_program
    from rmentor.model import label_text

    program = tmp_path / "program.yaml"
    program.write_text(
        "language: ru\n"
        "matching:\n"
        "  senior_criteria:\n"
        "    readiness: {weight: 1, min: 3}\n"
        "    digital: {weight: 1, label: {ru: цифровые навыки, en: digital skills}}\n"
        "    grit: {weight: 1}\n"
        "hypotheses:\n"
        "  - {id: h1, statement: s, metric: nps, kind: mean_change, target: 0.1, metric_label: индекс лояльности}\n"
        "  - {id: h2, statement: s, metric: raw_metric, kind: mean_change, target: 0.1}\n", encoding="utf-8")
    loaded = load_program(program)
    crits = loaded.value.matching.senior_criteria
    assert label_text("digital", crits["digital"].label, "ru") == "цифровые навыки"
    assert label_text("digital", crits["digital"].label, "en") == "digital skills"
    assert label_text("readiness", crits["readiness"].label, "ru") == "готовность учиться"  # built-in words
    assert label_text("nps", loaded.value.hypotheses[0].metric_label, "en") == "индекс лояльности"
    missing = sorted(w.params["name"] for w in loaded.warnings if "Russian label" in w.message)
    assert missing == ["grit", "raw_metric"]
    # a person below a minimum is described in words, not by the criterion's id
    from rmentor.core.scoring import Scorer
    from rmentor.model import Roster

    roster = Roster.model_validate({
        "seniors": [{"id": "s", "name": "S", "department": "A", "scores": {"readiness": 1, "digital": 5, "grit": 5}}],
        "juniors": [{"id": "j", "name": "J", "department": "B", "scores": SCORES_J}]})
    set_language("ru")
    try:
        reason = Scorer(roster, loaded.value).senior_scores[0].reasons[0].render()
    finally:
        set_language("en")
    assert reason.startswith("готовность учиться") and "readiness" not in reason
