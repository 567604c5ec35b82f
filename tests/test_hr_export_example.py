"""examples/hr-export.xlsx and .csv: an HR-system export validates and matches as is (issue 15)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.core.scoring import department_keys
from rmentor.inputs.loading import load_program, load_roster

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROGRAM = EXAMPLES / "hr-export-program.yaml"
#: spellings the export uses that must never reach an output: the canonical ones replace them
VARIANTS = ("Отдел продаж", "отдел продаж", "Sales", "IT ", "| IT", "смм", "соцсети", "финансы", "маркетинг")


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_hr_export", EXAMPLES / "make_hr_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_csv_is_what_the_script_writes(tmp_path: Path) -> None:
    gen = _generator()
    gen.main(tmp_path)
    assert (tmp_path / "hr-export.csv").read_bytes() == (EXAMPLES / "hr-export.csv").read_bytes()
    data = (EXAMPLES / "hr-export.csv").read_bytes()
    assert data.startswith(b"sep=;\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really Windows-1251
    # the workbook holds the same table (the file itself carries a timestamp)
    from openpyxl import load_workbook

    ws = load_workbook(EXAMPLES / "hr-export.xlsx", read_only=True)["Сотрудники"]
    assert [list(r) for r in ws.iter_rows(min_row=2, values_only=True)] == gen.rows()


@pytest.mark.parametrize("name", ["hr-export.xlsx", "hr-export.csv"])
def test_the_export_validates_with_warnings_only(name: str) -> None:
    result = CliRunner().invoke(app, ["validate", str(EXAMPLES / name), "--config", str(PROGRAM), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for expected in ("were ignored: Сотрудники: «№ п/п», «Телефон», «Дата приёма», «Город»"
                     if name.endswith("xlsx") else "were ignored: «№ п/п», «Телефон», «Дата приёма», «Город»",
                     "outside the program: Соколов Игорь Валентинович", "101 → 000101", "МСК+2 → Asia/Yekaterinburg",
                     "«Sales», «Отдел продаж» → «Продажи»"):
        assert expected in " ".join(result.output.split()), expected
    assert ("read as Windows-1251" in result.output) == name.endswith(".csv")
    assert "error" not in result.output


def test_the_roster_is_read_right() -> None:
    program = load_program(PROGRAM).value
    roster = load_roster(EXAMPLES / "hr-export.xlsx", program).value
    people = {p.id: p for p in [*roster.seniors, *roster.juniors]}
    assert len(roster.seniors) == 10 and len(roster.juniors) == 12
    assert people["000107"].manager == "000101"  # «Волков А. С.»
    assert people["000201"].manager == "000102"  # «Кузнецова Е. В.»
    assert people["000211"].avoid == ("000101",)  # 101, zeros lost
    ceo = people["000101"].manager
    assert ceo is not None and people["000102"].manager == ceo and roster.managers == {ceo: None}
    assert people["000203"].timezone == "Asia/Novosibirsk"
    assert {p.department for p in people.values()} == {
        "Продажи", "Маркетинг", "Финансы", "Персонал", "ИТ", "Логистика", "Производство", "Юридический отдел"}
    assert people["000201"].offers == ("SMM", "Телеграм", "Reels")


def _match(name: str, tmp_path: Path) -> tuple[dict[str, Any], str, str]:
    out = tmp_path / name
    runner = CliRunner()
    result = runner.invoke(app, ["match", str(EXAMPLES / name), "--config", str(PROGRAM), "--format", "json",
                                 "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    table = runner.invoke(app, ["match", str(EXAMPLES / name), "--config", str(PROGRAM), "-q"])
    assert table.exit_code == 0, table.output
    pairs_csv = (out / "pairs.csv").read_bytes().decode("utf-8-sig")
    return json.loads(result.stdout), table.output, pairs_csv


def test_xlsx_and_csv_give_the_same_pairs_across_departments(tmp_path: Path) -> None:
    xlsx, table, pairs_csv = _match("hr-export.xlsx", tmp_path)
    csv_, _table, _pairs = _match("hr-export.csv", tmp_path)
    pairs = [(p["senior"], p["junior"]) for p in xlsx["pairs"]]
    assert pairs == [(p["senior"], p["junior"]) for p in csv_["pairs"]]
    assert len(pairs) >= 8
    program = load_program(PROGRAM).value
    roster = load_roster(EXAMPLES / "hr-export.xlsx", program).value
    dept = {p.id: p.department for p in [*roster.seniors, *roster.juniors]}
    key = department_keys(program)
    for sid, jid in pairs:  # cross_functional: required, on canonical departments
        assert key(dept[sid]) != key(dept[jid]), (sid, jid, dept[sid], dept[jid])
    assert ("000101", "000211") not in pairs  # she asked not to be paired with him (by an id without zeros)
    for text in (table, pairs_csv):
        for variant in VARIANTS:
            assert variant not in text, variant


def test_a_second_cohort_never_repeats_the_first(tmp_path: Path) -> None:
    """--history takes the folder (or pairs.csv) of an earlier cohort; no pair comes back."""
    runner = CliRunner()
    first, again = tmp_path / "first", tmp_path / "again"
    base = ["match", "--config", str(PROGRAM), "--format", "json", "-q"]
    one = runner.invoke(app, [*base[:1], str(EXAMPLES / "hr-export.xlsx"), *base[1:], "--out", str(first)])
    assert one.exit_code == 0, one.output
    # the earlier file as HR would keep it: re-saved by Russian Excel, ids without their zeros
    text = (first / "pairs.csv").read_text("utf-8-sig").replace(";0002", ";2").replace(";0001", ";1")
    (first / "pairs.csv").write_bytes(("sep=;\r\n" + text).encode("cp1251"))
    for earlier in (first, first / "pairs.csv"):
        two = runner.invoke(app, [*base[:1], str(EXAMPLES / "hr-export.csv"), *base[1:], "--out", str(again),
                                  "--force", "--history", str(earlier)])
        assert two.exit_code == 0, two.output
        before = {(p["senior"], p["junior"]) for p in json.loads(one.stdout)["pairs"]}
        after = {(p["senior"], p["junior"]) for p in json.loads(two.stdout)["pairs"]}
        assert before and after and not before & after
    validate = runner.invoke(app, ["validate", str(EXAMPLES / "hr-export.xlsx"), "--config", str(PROGRAM),
                                   "--history", str(first), "--lang", "en", "--format", "json", "-q"])
    assert validate.exit_code == 0, validate.output
    assert any("10 added to the history" in w for w in json.loads(validate.stdout)["warnings"])
    missing = runner.invoke(app, ["validate", str(EXAMPLES / "hr-export.xlsx"), "--history", str(tmp_path / "nope")])
    assert missing.exit_code == 2
