"""core/rescheduling: the checks, the nearest free time, and new pairs scheduled from a date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from rmentor.core.rescheduling import Busy, Calendar
from rmentor.inputs.loading import load_program, load_roster
from running_helpers import EXAMPLES

PROGRAM = load_program(EXAMPLES / "program.yaml").value
ROSTER = load_roster(EXAMPLES / "roster.yaml", PROGRAM).value
PEOPLE = {p.id: p for p in [*ROSTER.seniors, *ROSTER.juniors]}
CAL = Calendar(PROGRAM, date(2027, 1, 11), date(2027, 7, 10))
TZ = ZoneInfo(PROGRAM.timezone)
SENIOR, JUNIOR = PEOPLE["belova"], PEOPLE["vasilieva"]  # both free Wed 11:00-13:00


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def codes(start: datetime, busy: list[Busy] | None = None) -> list[str]:
    return [p.code for p in CAL.check(start, SENIOR, JUNIOR, busy or [])]


def test_each_check_on_its_own() -> None:
    assert codes(at("2027-03-17 11:00")) == []  # a Wednesday inside both windows
    assert codes(at("2027-03-08 11:00")) == ["day_off", "window", "window"]  # 8 March, a Monday
    assert codes(at("2027-03-31 11:00")) == ["day_off"]  # the program's blackout
    assert codes(at("2027-03-20 11:00")) == ["day_off", "window", "window"]  # Saturday
    assert codes(at("2027-03-17 08:00")) == ["window", "window", "hours"]
    assert codes(at("2027-03-19 15:00")) == ["window"]  # Friday: the senior's window, not the junior's
    assert codes(at("2027-08-04 11:00")) == ["after_end"]
    assert codes(at("2027-03-17 11:00"), [Busy("vasilieva", "P09", 3, at("2027-03-17 11:30"),
                                               at("2027-03-17 12:30"))]) == ["clash"]
    assert codes(at("2027-03-17 11:00"), [Busy("someone", "P09", 3, at("2027-03-17 11:00"),
                                               at("2027-03-17 12:00"))]) == []
    past = CAL.check(at("2027-03-17 11:00"), SENIOR, JUNIOR, [], not_before=at("2027-03-18 00:00"))
    assert [p.code for p in past] == ["past"] and not past[0].overridable
    assert all(p.overridable for p in CAL.check(at("2027-03-19 15:00"), SENIOR, JUNIOR, []))


@settings(max_examples=40, deadline=None)
@given(day=st.integers(0, 170), minute=st.integers(0, 95), taken=st.lists(st.integers(0, 400), max_size=6))
def test_nearest_never_returns_a_day_off_or_a_clash(day: int, minute: int, taken: list[int]) -> None:
    after = datetime.combine(date(2027, 1, 11) + timedelta(days=day), datetime.min.time(), tzinfo=TZ)
    # other sessions of the junior on quarter hours of the weeks ahead
    busy = [Busy("vasilieva", "PX", i, after + timedelta(minutes=15 * t), after + timedelta(minutes=15 * t + 60))
            for i, t in enumerate(taken)]
    found = CAL.nearest(after, after.date() + timedelta(days=21), SENIOR, JUNIOR, busy, minute=minute * 15)
    if found is None:
        return
    assert found >= after and found.date() < after.date() + timedelta(days=21)
    assert CAL.check(found, SENIOR, JUNIOR, busy) == []
