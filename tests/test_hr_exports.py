"""Real HR exports in without hand-editing (issue 15): extra columns, Russian-locale CSV, names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError
from rmentor.inputs.files import decode_csv
from rmentor.inputs.loading import load_roster
from rmentor.inputs.tabular import read_roster_table_notes
from rmentor.model import Program

HEADER = ["№ п/п", "Сторона", "ID", "ФИО", "Отдел", "Телефон", "Дата приёма", "Город", "Доступность",
          "Темы", "Готовность", "Открытость", "Коммуникация", "Желание делиться", "Структурирование"]
ROWS = [
    [1, "старший", "s1", "Волков Андрей", "Продажи", "+7 900", "01.02.2020", "Москва", "Tue 10:00-12:00", "SMM",
     5, 4, "", "", ""],
    [2, "младший", "j1", "Петров Максим", "Маркетинг", "+7 901", "01.03.2024", "Москва", "Tue 10:00-12:00",
     "SMM", "", "", 5, 5, 4],
]


def _csv(rows: list[list[object]], delimiter: str = ";") -> str:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows) + "\n"


def test_unknown_columns_are_ignored_with_one_note(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *ROWS]), encoding="utf-8")
    data, _locate, notes = read_roster_table_notes(path)
    assert [n.params for n in notes] == [{"columns": "«№ п/п», «Телефон», «Дата приёма», «Город»"}]
    assert "Телефон" not in data["seniors"][0] and data["seniors"][0]["name"] == "Волков Андрей"
    loaded = load_roster(path, Program())
    assert sum("ignored" in w.message for w in loaded.warnings) == 1


def test_a_typo_of_a_known_header_is_still_an_error(tmp_path: Path) -> None:
    header = [("Отдле" if h == "Отдел" else h) for h in HEADER]
    path = tmp_path / "typo.csv"
    path.write_text(_csv([header, *ROWS]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_roster_table_notes(path)
    assert "unknown column 'Отдле'" in err.value.render() and "did you mean 'отдел'?" in err.value.render()


def test_yaml_stays_strict(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text("seniors:\n  - {id: a, name: A, department: X, phone: 1}\njuniors: []\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_roster(path, Program())
    assert "unknown key 'phone'" in err.value.render()


@pytest.mark.parametrize(("encoding", "name"), [("cp1251", "Windows-1251"), ("utf-16-le", "UTF-16")])
def test_russian_locale_csv_is_read_and_the_encoding_named(tmp_path: Path, encoding: str, name: str) -> None:
    text = "sep=;\n" + _csv([HEADER, *ROWS])
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    data, _locate, notes = read_roster_table_notes(path)
    assert notes[0].params == {"encoding": name}
    assert data["seniors"][0]["department"] == "Продажи"
    assert data["juniors"][0]["name"] == "Петров Максим"


def test_utf8_decoding_is_unchanged_and_western_bytes_still_refused() -> None:
    assert decode_csv("a;b\nПродажи;1\n".encode(), "x.csv") == ("a;b\nПродажи;1\n", None)
    assert decode_csv(b"\xef\xbb\xbfa;b\n", "x.csv") == ("a;b\n", None)
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode_csv("name\nCafé Müller\n".encode("latin-1"), "x.csv")
    with pytest.raises(InputError, match="binary"):
        decode_csv(b"\x00\x01\x02\x03\xff" * 40, "x.csv")


def test_validate_shows_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(_csv([HEADER, *ROWS]).encode("cp1251"))
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "read as Windows-1251" in result.output and "«Телефон»" in result.output


def test_csv_for_a_russian_program_uses_semicolons(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    runner = CliRunner()
    args = ["match", str(examples / "roster.yaml"), "--config", str(examples / "program.yaml"), "-q", "--out"]
    assert runner.invoke(app, [*args, str(tmp_path / "ru")]).exit_code == 0
    header = (tmp_path / "ru" / "pairs.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("pair_id;senior_id;")
    # --lang en changes the messages, not the program's files
    assert runner.invoke(app, [*args, str(tmp_path / "en"), "--lang", "en"]).exit_code == 0
    assert (tmp_path / "en" / "pairs.csv").read_text("utf-8-sig").startswith("pair_id;")
    # --delimiter still overrides
    assert runner.invoke(app, [*args, str(tmp_path / "comma"), "--delimiter", ","]).exit_code == 0
    assert (tmp_path / "comma" / "pairs.csv").read_text("utf-8-sig").startswith("pair_id,senior_id,")
    # a program without a language follows the language of the messages
    roster = str(examples / "roster.yaml")
    assert runner.invoke(app, ["match", roster, "-q", "--out", str(tmp_path / "plain"), "--lang", "en"]).exit_code == 0
    assert (tmp_path / "plain" / "pairs.csv").read_text("utf-8-sig").startswith("pair_id,")
