"""The program ledger: schema version, transactions, a second writer, reloading the program."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rmentor.ledger import LedgerError, create_from_plan, open_ledger
from rmentor.ledger.schema import VERSION


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, object]:
    from conftest import EXAMPLES
    from rmentor.i18n import set_language
    from rmentor.inputs.loading import load_program, load_roster
    from rmentor.workflows.plan import build_plan

    set_language("en")
    program = load_program(EXAMPLES / "program.yaml").value
    roster = load_roster(EXAMPLES / "roster.yaml", program).value
    return program, roster, build_plan(roster, program, today=date(2026, 12, 1))


def _create(folder: Path, planned: tuple[object, object, object]) -> None:
    program, roster, plan = planned
    create_from_plan(folder, program=program, roster=roster, pairs=plan.match.pairs,  # type: ignore[attr-defined]
                     schedule=plan.schedule, roster_source=b"roster", roster_name="roster.yaml").close()  # type: ignore[attr-defined]


def test_create_and_reopen(tmp_path: Path, planned: tuple[object, object, object]) -> None:
    _create(tmp_path, planned)
    program, roster, plan = planned
    with open_ledger(tmp_path) as led:
        assert led.version == VERSION
        assert led.program_record().program() == program
        assert led.program_record().roster() == roster
        pairs = led.pairs()
        assert [p.pair_id for p in pairs] == sorted(p.pair_id for p in plan.match.pairs)  # type: ignore[attr-defined]
        sessions = led.sessions()
        assert len(sessions) == sum(len(p.sessions) for p in plan.schedule.pairs)  # type: ignore[attr-defined]
        for pair in pairs:
            mine = led.sessions(pair.pair_id)
            assert pair.series_uid and {s.uid for s in mine} == {pair.series_uid}
            assert all(s.recurrence_id is not None for s in mine)
            # the occurrence a session stands for is where the weekly slot put it
            assert [s.recurrence_id for s in mine] == [s.planned for s in mine]
        assert led.changes()[0]["kind"] == "created"


def test_existing_ledger_is_refused_without_replace(tmp_path: Path, planned: tuple[object, object, object]) -> None:
    _create(tmp_path, planned)
    with pytest.raises(LedgerError, match="already holds"):
        _create(tmp_path, planned)


def test_missing_ledger_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="rmentor plan"):
        open_ledger(tmp_path)


def test_changes_are_atomic(tmp_path: Path, planned: tuple[object, object, object]) -> None:
    _create(tmp_path, planned)
    with open_ledger(tmp_path) as led:
        first = led.sessions()[0]
        with pytest.raises(RuntimeError), led.transaction():
            led.update_session(first.id, start=first.start + timedelta(days=1))
            raise RuntimeError("boom")
        assert led.session(first.id).start == first.start
        with led.transaction():
            moved = led.update_session(first.id, start=first.start + timedelta(days=1), status="scheduled")
        assert moved.start == first.start + timedelta(days=1)
        with pytest.raises(RuntimeError, match="inside"):
            led.update_session(first.id, status="held")
        with pytest.raises(ValueError, match="status"), led.transaction():
            led.update_session(first.id, status="postponed")


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path, planned: tuple[object, object, object]) -> None:
    _create(tmp_path, planned)
    with open_ledger(tmp_path) as one, open_ledger(tmp_path, timeout=0.2) as two:
        sid = one.sessions()[0].id
        with one.transaction():
            one.update_session(sid, status="held", held=True)
            with pytest.raises(LedgerError, match="busy"), two.transaction():
                two.update_session(sid, status="missed")
        assert two.session(sid).status == "held"  # the first writer's change, whole
    with sqlite3.connect(tmp_path / "program.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_newer_ledger_is_refused(tmp_path: Path, planned: tuple[object, object, object]) -> None:
    _create(tmp_path, planned)
    with sqlite3.connect(tmp_path / "program.db") as raw:
        raw.execute("UPDATE schema_version SET version = ?", (VERSION + 1,))
    with pytest.raises(LedgerError, match="newer rmentor"):
        open_ledger(tmp_path)


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "program.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="cannot be read"):
        open_ledger(tmp_path)


def test_the_files_are_views_of_the_ledger(tmp_path: Path) -> None:
    """plan's files and the files regenerate_views writes from program.db alone are the same bytes."""
    from typer.testing import CliRunner

    from conftest import EXAMPLES
    from rmentor.cli import app
    from rmentor.i18n import set_language
    from rmentor.workflows.program import regenerate_views, view_files

    out = tmp_path / "p"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                      str(EXAMPLES / "program.yaml"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    on_disk = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
               if p.is_file() and p.name != "program.db"}
    set_language("en")  # the views follow the folder's language (ru), not the caller's
    assert view_files(out) == on_disk
    stale = out / "ics" / "P99.ics"
    stale.write_bytes(b"old")
    regenerate_views(out)
    assert not stale.exists()
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != "program.db"} == on_disk
    again = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                     str(EXAMPLES / "program.yaml"), "--out", str(out), "-q"])
    assert again.exit_code == 2 and "--force" in again.output
