"""Scale: rmentor reads what it writes (CSV capped by rows, not megabytes); long terminal tables stop."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmentor.errors import InputError
from rmentor.inputs.files import read_bytes


def _sessions_like(path: Path, rows: int, width: int) -> None:
    line = ("P00001,2027-01-11,10:00," + "ж" * width + "\n").encode("utf-8")
    path.write_bytes(b"pair_id,date,time,title\n" + line * rows)


def test_a_40_mb_csv_with_few_rows_is_read_but_the_same_size_yaml_is_not(tmp_path: Path) -> None:
    # sessions.csv of 10,000 pairs is 37 MB and 130,000 rows: rmentor must read what it wrote
    csv = tmp_path / "sessions.csv"
    _sessions_like(csv, 140_000, 140)
    assert csv.stat().st_size > 36 * 2**20
    assert len(read_bytes(csv)) == csv.stat().st_size
    from rmentor.inputs.surveys import read_table  # what evaluate reads sessions.csv and surveys with

    assert len(read_table(csv).rows) == 140_000
    yaml = tmp_path / "roster.yaml"
    yaml.write_bytes(csv.read_bytes())
    with pytest.raises(InputError, match="file is too large"):
        read_bytes(yaml)


def test_rows_are_the_cap_of_a_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "sessions.csv"
    _sessions_like(csv, 20, 3)  # 21 lines
    monkeypatch.setenv("RMENTOR_MAX_ROWS", "21")
    assert read_bytes(csv)
    monkeypatch.setenv("RMENTOR_MAX_ROWS", "20")
    with pytest.raises(InputError) as err:
        read_bytes(csv)
    assert err.value.params["rows"] == 21 and "RMENTOR_MAX_ROWS" in str(err.value.hint)
    # an explicit byte cap still applies to CSV too
    monkeypatch.delenv("RMENTOR_MAX_ROWS")
    monkeypatch.setenv("RMENTOR_MAX_INPUT_MB", "0.0001")
    with pytest.raises(InputError, match="file is too large"):
        read_bytes(csv)


def test_a_sparse_csv_past_the_backstop_is_refused_without_reading(tmp_path: Path) -> None:
    csv = tmp_path / "sessions.csv"
    with csv.open("wb") as fh:
        fh.truncate(513 * 2**20)
    with pytest.raises(InputError, match="file is too large"):
        read_bytes(csv)


def test_the_schedule_table_stops_at_table_rows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import rmentor.cli.render_schedule as rs
    from rmentor.cli.app import app

    monkeypatch.setattr(rs, "TABLE_ROWS", 3)
    root = Path(__file__).resolve().parent.parent / "examples"
    result = CliRunner().invoke(app, ["schedule", str(root / "roster.yaml"), "-c", str(root / "program.yaml"),
                                      "-o", str(tmp_path / "out"), "--lang", "en", "--no-color"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "and 7 more pairs: see sessions.csv" in " ".join(text.split())
    table = text[text.index("Sessions ("):text.index("more pairs")]
    assert "│ P03" in table and "│ P04" not in table
