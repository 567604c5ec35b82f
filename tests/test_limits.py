"""Resource limits that hold for every format (issue 11): people and pairs, score-matrix memory,
every part of an xlsx package, YAML aliases, and inputs that are not regular files."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _flat(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- not a regular file


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    device = tmp_path / "data.csv"
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        args = [command, str(path)] + (["--config", str(EXAMPLES / "program.yaml")] if command == "evaluate" else [])
        done = subprocess.run([sys.executable, "-m", "rmentor", *args, "--lang", "en"], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert done.returncode == 2, done.stderr
        assert "this is not a regular file (a pipe, a device or a socket)" in _flat(done.stderr)


# ----------------------------------------------------------------------------- people, pairs, memory


def test_200000_csv_rows_are_refused_with_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    rows = ["side,id,name,department,readiness,openness,communication,sharing,structuring"]
    for i in range(100_000):
        rows += [f"senior,s{i},S {i},D{i % 30},4,4,,,", f"junior,j{i},J {i},E{i % 30},,,4,4,4"]
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["match", str(roster), "--lang", "en"])
    assert result.exit_code == 2, result.output[-800:]
    text = _flat(result.output)
    assert "200001 rows, more than the limit of 50000 people per side" in text and "RMENTOR_MAX_PEOPLE" in text


def test_the_people_limit_holds_for_yaml_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RMENTOR_MAX_PEOPLE", "1")
    result = CliRunner().invoke(app, ["validate", str(EXAMPLES / "roster.yaml"), "--lang", "en"])
    assert result.exit_code == 2
    assert "seniors: more than the limit of 1 people per side" in _flat(result.output)


def test_the_score_matrix_is_sized_before_it_is_allocated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.core.scoring import check_pair_memory

    with pytest.raises(InputError) as err:
        check_pair_memory(100_000, 100_000)  # 42 GiB and more in numpy
    text = err.value.render()
    assert "10000000000 possible pairs" in text and "the limit is 4096 MB" in text
    assert "RMENTOR_MAX_MEMORY_MB" in text
    check_pair_memory(10_000, 10_000)  # the benchmark size fits
    monkeypatch.setenv("RMENTOR_MAX_MEMORY_MB", "0.001")
    result = CliRunner().invoke(app, ["match", str(EXAMPLES / "roster.yaml"), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "possible pairs, which need about 1 MB of memory; the limit is 0 MB" in _flat(result.output)


def test_the_pairs_file_has_the_same_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("pair_id,senior_id,junior_id\nP1,volkov,petrov\nP2,smirnov,ivanova\nP3,orlov,kozlov\n",
                     encoding="utf-8")
    monkeypatch.setenv("RMENTOR_MAX_PEOPLE", "2")
    from rmentor.inputs.loading import load_roster
    from rmentor.inputs.pairsfile import read_pairs
    from rmentor.model import Program

    monkeypatch.setenv("RMENTOR_MAX_PEOPLE", "100")
    roster = load_roster(EXAMPLES / "roster.yaml", Program()).value
    monkeypatch.setenv("RMENTOR_MAX_PEOPLE", "2")
    with pytest.raises(InputError) as err:
        read_pairs(pairs, roster)
    assert "more than 2 pairs in the pairs file" in err.value.render()


# ----------------------------------------------------------------------------- xlsx: one guarded reader


def _workbook(path: Path, *, sheet_at: str = "xl/worksheets/sheet1.xml", rows: int = 0, pad: int = 0) -> None:
    """A workbook whose first sheet lies at ``sheet_at``, with ``rows`` extra rows and ``pad`` bytes of padding."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["person_id", "wave", "engagement"])
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(sheet_at, "w", force_zip64=True) as sheet:
                    sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                b"<sheetData>")
                    for _ in range(rows // 10_000):
                        sheet.write(b"<row><c><v>4</v></c></row>" * 10_000)
                    sheet.write(b"</sheetData></worksheet>")
                continue
            if info.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"/xl/worksheets/sheet1.xml", b"/" + sheet_at.encode())
                data = data.replace(b"worksheets/sheet1.xml", sheet_at.removeprefix("xl/").encode())
            out.writestr(info, data)
        if pad:
            with out.open("xl/media/padding.bin", "w", force_zip64=True) as blob:
                for _ in range(pad // 2**20):
                    blob.write(bytes(2**20))


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_a_worksheet_at_an_unusual_path_is_counted_too(tmp_path: Path, command: str) -> None:
    bomb = tmp_path / "data.xlsx"
    _workbook(bomb, sheet_at="xl/elsewhere/hidden.xml", rows=510_000)
    args = [command, str(bomb)] + (["--config", str(EXAMPLES / "program.yaml")] if command == "evaluate" else [])
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "more than 2000000 cells or 500000 rows" in _flat(result.output)


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_rosters_and_surveys_share_the_unpacked_size_limit(tmp_path: Path, command: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import rmentor.inputs.xlsxguard as guard

    monkeypatch.setattr(guard, "MAX_UNPACKED_BYTES", 8 * 2**20)
    big = tmp_path / "data.xlsx"
    _workbook(big, pad=16 * 2**20)
    assert big.stat().st_size < 2**20
    args = [command, str(big)] + (["--config", str(EXAMPLES / "program.yaml")] if command == "evaluate" else [])
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "the workbook unpacks to more than 8 MB" in _flat(result.output)


# ----------------------------------------------------------------------------- YAML


def test_only_alias_expansion_is_budgeted_and_the_message_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import rmentor.inputs.safeyaml as safeyaml

    monkeypatch.setattr(safeyaml, "MAX_NODES", 1000)
    plain = "items:\n" + "".join(f"  - {{a: {i}, b: x}}\n" for i in range(2000))  # 6,000 plain values
    assert len(safeyaml.parse_yaml(plain, "plain.yaml").data["items"]) == 2000
    bomb = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(InputError) as err:
        safeyaml.parse_yaml(bomb, "bomb.yaml")
    assert "aliases (*name) in the document expand to more than 1000 values, the limit for repeated content" \
        in err.value.render()
