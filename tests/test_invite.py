"""invite: the messages that make every calendar match the ledger, through a real SMTP server.

Done-when of issue 13: plan then ``invite --send`` delivers one message per pair to each
participant, whose calendar (expanded by ``recurring_ical_events``) is exactly the pair's
rows in sessions.csv; a second run delivers nothing; after a change only CANCELs and
updates for what changed go out; a server that dies half-way leaves no duplicate.
"""

from __future__ import annotations

import email
import json
import shutil
from datetime import datetime, timedelta
from email import policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from _smtp import Server, start_dying_server
from helpers import csv_rows
from rmentor.cli import app

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="module")
def planned_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import EXAMPLES

    out = tmp_path_factory.mktemp("plan") / "program"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1798761600")
    try:
        result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                          str(EXAMPLES / "program.yaml"), "--out", str(out), "-q", "--kit", "md"])
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def folder(planned_dir: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "program"
    shutil.copytree(planned_dir, dest)
    return dest


def _send(runner: CliRunner, folder: Path, port: int, *extra: str) -> Any:
    return runner.invoke(app, ["invite", str(folder), "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
                               "--smtp-security", "none", "--lang", "en", *extra])


def _calendar(data: bytes) -> tuple[Any, Any]:
    from icalendar import Calendar

    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p for p in msg.iter_parts()}
    assert set(parts) == {"text/plain", "text/html", "text/calendar"}
    cal_part = parts["text/calendar"]
    assert cal_part.get_param("charset") == "UTF-8"
    raw = cal_part.get_content()
    cal = Calendar.from_ical(raw if isinstance(raw, (bytes, str)) else bytes(raw))
    assert cal_part.get_param("method") == str(cal["method"])
    return msg, cal


def _rows(folder: Path) -> dict[str, set[tuple[datetime, datetime]]]:
    out: dict[str, set[tuple[datetime, datetime]]] = {}
    for r in csv_rows(folder / "sessions.csv"):
        out.setdefault(r["pair_id"], set()).add(
            (datetime.fromisoformat(f"{r['date']}T{r['start']}").replace(tzinfo=MSK),
             datetime.fromisoformat(f"{r['date']}T{r['end']}").replace(tzinfo=MSK)))
    return out


def _expand(cal: Any) -> set[tuple[datetime, datetime]]:
    import recurring_ical_events

    return {(e["DTSTART"].dt, e["DTEND"].dt)
            for e in recurring_ical_events.of(cal).between(datetime(2026, 1, 1), datetime(2029, 1, 1))}


def _pairs(folder: Path) -> dict[str, dict[str, str]]:
    rows = csv_rows(folder / "pairs.csv")
    return {r["pair_id"]: r for r in rows}


def test_send_delivers_one_series_per_pair_to_each_participant(runner: CliRunner, folder: Path) -> None:
    rows = _rows(folder)
    with Server() as srv:
        result = _send(runner, folder, srv.port)
        assert result.exit_code == 0, result.output
        received = list(srv.messages)
    assert len(received) == 2 * len(rows) == 20
    seen: dict[str, set[str]] = {}
    for sender, rcpts, data in received:
        assert sender == "mentoring@sevveter.example" and len(rcpts) == 1
        msg, cal = _calendar(data)
        assert str(cal["method"]) == "REQUEST"
        events = cal.walk("VEVENT")
        assert len({str(e["uid"]) for e in events}) == 1  # one meeting: one UID
        master = events[0]
        assert "RRULE" in master and int(master["sequence"]) == 0
        assert str(master["organizer"]) == "mailto:mentoring@sevveter.example"
        attendees = master["attendee"]
        assert len(attendees) == 2
        for a in attendees:
            assert (a.params["ROLE"], a.params["PARTSTAT"], a.params["RSVP"]) == (
                "REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")
        assert [str(t.decoded("trigger")) for t in master.walk("VALARM")] == ["-1 day, 0:00:00", "-1 day, 23:45:00"]
        pair_id = next(p for p, r in _pairs(folder).items()
                       if {str(a)[7:] for a in attendees} >= {rcpts[0]} and r["senior_name"] in str(master["summary"])
                       and r["junior_name"] in str(master["summary"]))
        assert _expand(cal) == rows[pair_id], pair_id  # an independent reader gives exactly sessions.csv
        seen.setdefault(pair_id, set()).add(rcpts[0])
        body = msg.get_body(("plain",)).get_content()
        assert "Goal:" in body and "https://meet.sevveter.example/rm-" + pair_id in body
        assert str(msg["From"]).endswith("<mentoring@sevveter.example>")
    assert all(len(v) == 2 for v in seen.values()) and len(seen) == 10
    with Server() as srv:
        again = _send(runner, folder, srv.port)
        assert again.exit_code == 0, again.output
        assert "up to date" in again.output and srv.messages == []


def test_a_server_dying_half_way_leaves_no_duplicate(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    got = tmp_path / "received"
    got.mkdir()
    proc, port = start_dying_server(got, die_after=7)
    try:
        first = _send(runner, folder, port)
    finally:
        proc.kill()
        proc.wait()
    assert first.exit_code == 2, first.output
    assert "run the same command again" in first.output
    before = [p.read_bytes() for p in sorted(got.iterdir())]
    assert len(before) == 7
    with Server() as srv:
        second = _send(runner, folder, port=srv.port)
        assert second.exit_code == 0, second.output
        after = [d for _, _, d in srv.messages]
    ids = [email.message_from_bytes(d, policy=policy.default)["Message-ID"] for d in before + after]
    assert len(ids) == 20 and len(set(ids)) == 20  # complete, and nothing twice
    with Server() as srv:
        assert _send(runner, folder, srv.port).exit_code == 0 and srv.messages == []


def test_a_change_sends_only_cancels_and_updates(runner: CliRunner, folder: Path) -> None:
    from rmentor.ledger import open_ledger
    from rmentor.workflows.program import regenerate_views

    with Server() as srv:
        assert _send(runner, folder, srv.port).exit_code == 0
    with open_ledger(folder) as led, led.transaction():
        p01 = led.sessions("P01")
        moved = p01[3]
        led.update_session(moved.id, start=moved.start + timedelta(days=1), end=moved.end + timedelta(days=1),
                           moved_because="the senior is travelling")
        cancelled = led.sessions("P02")[4]
        led.update_session(cancelled.id, status="cancelled", cancelled_by="senior")
        p03 = led.sessions("P03")
        for s in p03[5:]:
            led.update_session(s.id, status="cancelled", cancelled_by="organizer")
        led.end_pair("P03", p03[5].start.date(), "the junior left")
    regenerate_views(folder)
    rows = _rows(folder)
    from icalendar import Calendar

    p01_file = Calendar.from_ical((folder / "ics" / "P01.ics").read_bytes())
    assert {int(e["sequence"]) for e in p01_file.walk("VEVENT")} == {1}  # the file says it is newer, too
    overview = Calendar.from_ical((folder / "calendar.ics").read_bytes())
    assert {int(e["sequence"]) for e in overview.walk("VEVENT") if "P01:" in str(e["description"])} == {1}
    assert {int(e["sequence"]) for e in overview.walk("VEVENT") if "P05:" in str(e["description"])} == {0}
    assert _expand(p01_file) == rows["P01"]
    p02_file = (folder / "ics" / "P02.ics").read_bytes()
    assert b"EXDATE" in p02_file and len(rows["P02"]) == 12
    with Server() as srv:
        result = _send(runner, folder, srv.port)
        assert result.exit_code == 0, result.output
        received = [(_calendar(d)[1], r[0]) for _, r, d in srv.messages]
    kinds = sorted((str(c["method"]), next(iter(_uids(c)))) for c, _ in received)
    with open_ledger(folder) as led:
        uid = {p.pair_id: p.series_uid for p in led.pairs()}
    assert kinds == sorted([("REQUEST", uid["P01"])] * 2 + [("CANCEL", uid["P02"])] * 2
                           + [("CANCEL", uid["P03"])] * 2)
    for cal, _ in received:
        events = cal.walk("VEVENT")
        assert all(int(e["sequence"]) == 1 for e in events)
        if str(cal["uid"] if "uid" in cal else events[0]["uid"]) == uid["P01"]:
            assert _expand(cal) == rows["P01"]
            override = [e for e in events if "RECURRENCE-ID" in e]
            assert [e.decoded("recurrence-id") for e in override] == [moved.recurrence_id]
        elif str(events[0]["uid"]) == uid["P02"]:
            assert [e.decoded("recurrence-id") for e in events] == [cancelled.recurrence_id]
            assert all(str(e["status"]) == "CANCELLED" for e in events)
        else:
            assert sorted(e.decoded("recurrence-id") for e in events) == [s.recurrence_id for s in p03[5:]]
    with Server() as srv:
        assert _send(runner, folder, srv.port).exit_code == 0 and srv.messages == []


def _uids(cal: Any) -> set[str]:
    return {str(e["uid"]) for e in cal.walk("VEVENT")}


def test_outbox_eml_files_and_dry_run(runner: CliRunner, folder: Path) -> None:
    dry = runner.invoke(app, ["invite", str(folder), "--dry-run", "--lang", "en"])
    assert dry.exit_code == 0, dry.output
    assert "20 messages would be sent" in dry.output and "new pair" in dry.output
    assert not (folder / "outbox").exists()
    out = runner.invoke(app, ["invite", str(folder), "--lang", "en"])
    assert out.exit_code == 0, out.output
    files = sorted((folder / "outbox").glob("*.eml"))
    assert len(files) == 20
    msg, cal = _calendar(files[0].read_bytes())
    assert str(cal["method"]) == "REQUEST"
    assert msg["X-Unsent"] == "1" and msg["Message-ID"] and msg["Date"]  # Outlook opens it ready to send
    html = msg.get_body(("html",)).get_content()
    assert "<li>" in html and "MSK" in html
    again = runner.invoke(app, ["invite", str(folder), "--lang", "en", "--format", "json"])
    assert again.exit_code == 0, again.output
    payload = json.loads(again.stdout)
    assert payload == {"version": payload["version"], "mode": "outbox", "up_to_date": True, "messages": [],
                       "without_email": [], "files": []}


def test_invite_refuses_without_an_organizer_and_takes_one_from_config(runner: CliRunner, tmp_path: Path) -> None:
    import yaml

    from conftest import EXAMPLES

    data = yaml.safe_load((EXAMPLES / "program.yaml").read_text("utf-8"))
    del data["organizer"]
    bare = tmp_path / "program.yaml"
    bare.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = tmp_path / "p"
    made = runner.invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config", str(bare), "--out", str(out),
                               "-q"])
    assert made.exit_code == 0, made.output
    refused = runner.invoke(app, ["invite", str(out), "--lang", "en"])
    assert refused.exit_code == 2 and "no organizer" in refused.output and "--config" in refused.output
    fixed = runner.invoke(app, ["invite", str(out), "--config", str(EXAMPLES / "program.yaml"), "--dry-run",
                                "--lang", "en"])
    assert fixed.exit_code == 0, fixed.output


def test_invite_needs_a_program_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["invite", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and "rmentor plan" in result.output


def test_russian_invitations_show_each_persons_own_time(runner: CliRunner, folder: Path) -> None:
    out = runner.invoke(app, ["invite", str(folder), "--lang", "ru"])
    assert out.exit_code == 0, out.output
    assert "20 сообщений" in out.output
    texts = {}
    for path in (folder / "outbox").glob("*.eml"):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        texts[str(msg["To"])] = (str(msg["Subject"]), msg.get_body(("plain",)).get_content())
    subject, body = next(v for k, v in texts.items() if "s.orlov@" in k)  # he lives in Yekaterinburg
    assert subject.startswith("Приглашение:")
    assert "11:00-12:00 МСК / 13:00-14:00 Екб" in body and "Здравствуйте" in body
    _, moscow = next(v for k, v in texts.items() if "n.belova@" in k)
    assert "МСК" in moscow and "Екб" not in moscow


def test_a_busy_ledger_stops_invite_cleanly(runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.ledger import open_ledger

    monkeypatch.setenv("RMENTOR_LEDGER_TIMEOUT", "0.2")
    with open_ledger(folder) as other, other.transaction():
        other.log_change("another command is working")
        result = runner.invoke(app, ["invite", str(folder), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "busy" in result.output and "Traceback" not in result.output
    assert not (folder / "outbox").exists()
    dry = runner.invoke(app, ["invite", str(folder), "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    first = json.loads(dry.stdout)["messages"][0]
    assert set(first) == {"to", "pair_id", "method", "sequence", "why", "sessions", "uid", "message_id", "delivered"}
    assert (first["method"], first["why"], first["sessions"], first["delivered"]) == ("REQUEST", "new", 13, False)
