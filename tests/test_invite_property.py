"""Property: whatever changes are made, a calendar client that applies every message ``invite``
produced holds exactly the ledger's live sessions (expanded by ``recurring_ical_events``)."""

from __future__ import annotations

import email
import shutil
from datetime import datetime, timedelta
from email import policy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmentor.i18n import set_language

PAIRS = ("P01", "P02", "P06")


class Client:
    """A minimal iTIP client: REQUEST replaces the event, CANCEL removes occurrences or the event."""

    def __init__(self) -> None:
        self.events: dict[str, list[Any]] = {}
        self.timezones: dict[str, Any] = {}

    def apply(self, data: bytes) -> None:
        from icalendar import Calendar

        msg = email.message_from_bytes(data, policy=policy.default)
        part = next(p for p in msg.iter_parts() if p.get_content_type() == "text/calendar")
        raw = part.get_content()
        cal = Calendar.from_ical(raw if isinstance(raw, (str, bytes)) else bytes(raw))
        for tz in cal.walk("VTIMEZONE"):
            self.timezones[str(tz["tzid"])] = tz
        events = cal.walk("VEVENT")
        uid = str(events[0]["uid"])
        if str(cal["method"]) == "REQUEST":
            self.events[uid] = list(events)
            return
        held = self.events.get(uid, [])
        for ev in events:
            if "RECURRENCE-ID" not in ev:
                self.events.pop(uid, None)
                return
            rid = ev.decoded("recurrence-id")
            held = [h for h in held if not ("RECURRENCE-ID" in h and h.decoded("recurrence-id") == rid)]
            master = next((h for h in held if "RRULE" in h), None)
            if master is not None:
                master.add("exdate", rid)
            else:
                held = [h for h in held if h.decoded("dtstart") != rid]
        self.events[uid] = held

    def sessions(self) -> set[tuple[datetime, datetime]]:
        import recurring_ical_events
        from icalendar import Calendar

        cal = Calendar()
        cal.add("version", "2.0")
        cal.add("prodid", "client")
        for tz in self.timezones.values():
            cal.add_component(tz)
        for comps in self.events.values():
            for c in comps:
                cal.add_component(c)
        return {(e["DTSTART"].dt, e["DTEND"].dt)
                for e in recurring_ical_events.of(cal).between(datetime(2026, 1, 1), datetime(2029, 1, 1))}


def _ledger_sessions(folder: Path, who: str) -> set[tuple[datetime, datetime]]:
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led:
        mine = {p.pair_id for p in led.pairs() if who in (p.senior_id, p.junior_id)}
        return {(s.start, s.end) for s in led.sessions(live_only=True) if s.pair_id in mine}


change = st.tuples(st.sampled_from(PAIRS), st.integers(0, 12),
                   st.sampled_from(["move", "cancel", "end", "back"]), st.integers(-2, 2))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from conftest import EXAMPLES
    from rmentor.cli import app

    out = tmp_path_factory.mktemp("prop") / "program"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config",
                                      str(EXAMPLES / "program.yaml"), "--out", str(out), "-q", "--lang", "en",
                                      "--kit", "md"])
    assert result.exit_code == 0, result.output
    return out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.lists(change, min_size=1, max_size=4), min_size=1, max_size=2))
def test_clients_that_apply_every_message_match_the_ledger(base: Path, tmp_path_factory: pytest.TempPathFactory,
                                                          rounds: list[list[tuple[str, int, str, int]]]) -> None:
    from rmentor.ledger import open_ledger
    from rmentor.workflows.invite import invite

    set_language("en")
    folder = tmp_path_factory.mktemp("run") / "program"
    shutil.copytree(base, folder)
    clients: dict[str, Client] = {}
    people: dict[str, str] = {}
    with open_ledger(folder) as led:
        for p in led.pairs():
            people[p.senior_id] = p.senior_id
            people[p.junior_id] = p.junior_id
        roster = led.program_record().roster()
    email_of = {p.email: p.id for p in [*roster.seniors, *roster.juniors]}

    def deliver() -> None:
        for m in invite(folder, mode="outbox").messages:
            clients.setdefault(email_of[m.recipient], Client()).apply(m.data)

    deliver()
    for changes in rounds:
        with open_ledger(folder) as led, led.transaction():
            for pair_id, index, kind, days in changes:
                sessions = led.sessions(pair_id)
                s = sessions[index % len(sessions)]
                if kind == "move" and s.status == "scheduled" and days:
                    led.update_session(s.id, start=s.start + timedelta(days=days, hours=1),
                                       end=s.end + timedelta(days=days, hours=1), moved_because="test")
                elif kind == "cancel":
                    led.update_session(s.id, status="cancelled", cancelled_by="senior")
                elif kind == "back" and s.status == "cancelled":
                    led.update_session(s.id, status="scheduled")
                elif kind == "end" and led.pair(pair_id).status == "active":
                    for later in sessions[index % len(sessions):]:
                        led.update_session(later.id, status="cancelled", cancelled_by="organizer")
                    led.end_pair(pair_id, s.start.date(), "test")
        deliver()
        for who, client in clients.items():
            assert client.sessions() == _ledger_sessions(folder, who), who
    assert invite(folder, mode="outbox").up_to_date
