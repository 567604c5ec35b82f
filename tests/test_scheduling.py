"""The scheduling library: slots across time zones and DST, Russian holidays, shift/skip, agenda."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _sched_helpers import P, person, program, roster
from rmentor.core.scheduling import Schedule, days_off, program_period, schedule, session_kind
from rmentor.errors import InputError
from rmentor.i18n import set_language

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def one_pair(s_avail: list[str], j_avail: list[str], *, s_tz: str | None = None, j_tz: str | None = None,
             **prog: object) -> Schedule:
    r = roster([person("boss", s_avail, s_tz)], [person("kid", j_avail, j_tz, junior=True)])
    return schedule([P("P01", "boss", "kid")], r, program(**prog))


def starts(s: Schedule, pair: int = 0) -> list[datetime]:
    return [x.start for x in s.pairs[pair].sessions]


# ----------------------------------------------------------------------------- dates


def test_six_months_every_two_weeks_is_13_sessions() -> None:
    start, end, periods, warnings = program_period(program())
    assert (start, end, periods, warnings) == (date(2027, 1, 11), date(2027, 7, 11), 13, ())
    s = one_pair(["Wed 10:00-12:00"], ["Wed 10:00-12:00"])
    got = starts(s)
    assert len(got) == 13
    assert got[0] == datetime(2027, 1, 13, 10, 0, tzinfo=MSK)
    assert all((b - a) == timedelta(weeks=2) for a, b in itertools.pairwise(got))


def test_duration_in_sessions_and_weekly_cadence() -> None:
    s = one_pair(["Wed 10:00-12:00"], ["Wed 10:00-12:00"], duration={"sessions": 5}, cadence_weeks=1)
    assert [d.start.date() for d in s.pairs[0].sessions] == [date(2027, 1, 13) + timedelta(weeks=k) for k in range(5)]


def test_no_start_date_means_next_monday_with_a_warning() -> None:
    r = roster([person("boss", ["Mon 10:00-11:00"])], [person("kid", ["Mon 10:00-11:00"], junior=True)])
    s = schedule([P("P01", "boss", "kid")], r, program(start=None), today=date(2027, 2, 3))
    assert s.start == date(2027, 2, 8)
    assert s.pairs[0].sessions[0].start.date() == date(2027, 2, 8)
    assert any("no start date" in w.render() for w in s.warnings)


def test_russian_days_off_2027_include_january_and_may_holidays() -> None:
    off = days_off(program(), date(2027, 1, 1), date(2027, 12, 31))
    assert all(date(2027, 1, d) in off for d in range(1, 9))
    assert date(2027, 5, 3) in off and date(2027, 5, 10) in off
    assert date(2027, 2, 22) in off  # the substituted day off is a day off too
    assert date(2027, 1, 11) not in off


# ----------------------------------------------------------------------------- holidays: shift and skip


def test_january_holidays_shift_to_the_first_working_monday() -> None:
    # both are free on Mondays only; 4 January 2027 is inside the New Year holidays (1-8 January)
    s = one_pair(["Mon 10:00-12:00"], ["Mon 10:00-12:00"], start="2027-01-04")
    first = s.pairs[0].sessions[0]
    assert first.planned == datetime(2027, 1, 4, 10, 0, tzinfo=MSK)
    assert first.start == datetime(2027, 1, 11, 10, 0, tzinfo=MSK)
    assert first.shifted and first.moved_because == "New Year Holidays"
    assert all(not (date(2027, 1, 1) <= x.start.date() <= date(2027, 1, 8)) for x in s.pairs[0].sessions)
    assert len(s.pairs[0].sessions) == 13


def test_slot_prefers_weekdays_with_fewer_days_off() -> None:
    # free every weekday: Monday (the earliest) would meet four Russian holidays in 2027, Tuesday one, Wednesday none
    s = one_pair(["Mon-Fri 10:00-12:00"], ["Mon-Fri 10:00-12:00"])
    assert (s.pairs[0].weekday, s.pairs[0].start_minute) == (2, 600)
    assert s.pairs[0].shifted_count == 0


def test_christmas_moves_to_the_next_day_both_are_free() -> None:
    # both are free on Thursdays only; 7 January is Christmas: the nearest working Thursday is the 14th
    s = one_pair(["Thu 10:00-12:00"], ["Thu 10:00-12:00"], start="2027-01-04")
    first = s.pairs[0].sessions[0]
    assert first.start == datetime(2027, 1, 14, 10, 0, tzinfo=MSK)
    assert s.pairs[0].sessions[1].start == datetime(2027, 1, 21, 10, 0, tzinfo=MSK)  # the next one stays put


def test_may_holidays_shift_to_the_next_working_day_same_time() -> None:
    # Mondays only, weekly: no Monday is free before the next session, so the session keeps its time
    # on the next working day and the pair is asked to confirm
    s = one_pair(["Mon 10:00-12:00"], ["Mon 10:00-12:00"], start="2027-04-26", cadence_weeks=1,
                 duration={"sessions": 4})
    got = starts(s)
    assert got == [
        datetime(2027, 4, 26, 10, 0, tzinfo=MSK),
        datetime(2027, 5, 4, 10, 0, tzinfo=MSK),  # 3 May: Spring and Labour Day (observed)
        datetime(2027, 5, 11, 10, 0, tzinfo=MSK),  # 10 May: Victory Day (observed)
        datetime(2027, 5, 17, 10, 0, tzinfo=MSK),
    ]
    assert s.pairs[0].shifted_count == 2
    assert sum("ask the pair to confirm" in w.render() for w in s.warnings) == 2


def test_skip_policy_drops_sessions_on_days_off_and_renumbers() -> None:
    s = one_pair(["Mon 10:00-12:00"], ["Mon 10:00-12:00"], start="2027-04-26", cadence_weeks=1,
                 duration={"sessions": 4}, day_off_policy="skip")
    pair = s.pairs[0]
    assert [x.start.date() for x in pair.sessions] == [date(2027, 4, 26), date(2027, 5, 17)]
    assert [(x.number, x.total, x.kind) for x in pair.sessions] == [(1, 2, "first"), (2, 2, "last")]
    assert [k.planned.date() for k in pair.skipped] == [date(2027, 5, 3), date(2027, 5, 10)]


def test_blackouts_are_days_off() -> None:
    s = one_pair(["Tue 10:00-12:00"], ["Tue 10:00-12:00"],
                 blackouts=[{"start": "2027-03-09", "end": "2027-03-12", "reason": "Offsite"}])
    moved = [(x.planned.date(), x.start.date(), x.moved_because) for x in s.pairs[0].sessions if x.shifted]
    assert moved == [
        (date(2027, 2, 23), date(2027, 3, 2), "Defender of the Fatherland Day"),
        (date(2027, 3, 9), date(2027, 3, 16), "Offsite"),
    ]
    dates = [x.start.date() for x in s.pairs[0].sessions]
    assert len(dates) == len(set(dates)) == 13


def test_a_shift_never_reaches_the_next_session() -> None:
    # Tuesday only, weekly: 23 February is a holiday and the next Tuesday is the next session
    s = one_pair(["Tue 10:00-12:00"], ["Tue 10:00-12:00"], start="2027-02-22", cadence_weeks=1,
                 duration={"sessions": 3})
    got = [x.start.date() for x in s.pairs[0].sessions]
    assert date(2027, 2, 23) not in got
    assert len(got) == len(set(got))
    assert got[-2:] == [date(2027, 3, 2), date(2027, 3, 9)]


# ----------------------------------------------------------------------------- time zones and DST


def test_pair_split_between_moscow_and_yekaterinburg() -> None:
    # 12:00-13:00 in Yekaterinburg (UTC+5) is 10:00-11:00 in Moscow (UTC+3)
    s = one_pair(["Tue 09:00-12:00"], ["Tue 12:00-13:00"], j_tz="Asia/Yekaterinburg")
    first = s.pairs[0].sessions[0]
    assert (s.pairs[0].weekday, s.pairs[0].start_minute) == (1, 10 * 60)
    assert first.start.astimezone(timezone.utc) == datetime(2027, 1, 12, 7, 0, tzinfo=timezone.utc)
    assert first.start.astimezone(ZoneInfo("Asia/Yekaterinburg")).hour == 12


def test_yekaterinburg_morning_is_before_moscow_working_hours() -> None:
    s = one_pair(["Tue 07:00-12:00"], ["Tue 09:00-11:00"], j_tz="Asia/Yekaterinburg")
    assert not s.pairs
    (u,) = s.unscheduled
    assert u.reason.code == "outside_hours"
    assert "Tue 07:00-09:00" in u.alternatives[0].render()


def test_berlin_senior_keeps_the_same_local_time_across_dst() -> None:
    # Berlin 09:00 is 11:00 in Moscow in winter and 10:00 in summer (DST from 28 March 2027)
    s = one_pair(["Tue 09:00-10:00"], ["Tue 10:00-12:00"], s_tz="Europe/Berlin")
    pair = s.pairs[0]
    berlin = [x.start.astimezone(ZoneInfo("Europe/Berlin")) for x in pair.sessions]
    assert all((b.hour, b.minute) == (9, 0) for b in berlin)
    moscow = {(x.start.date() < date(2027, 3, 28), x.start.hour) for x in pair.sessions}
    assert moscow == {(True, 11), (False, 10)}
    assert pair.varies
    assert any("clocks change" in w.render() for w in s.warnings)


def test_program_in_a_dst_zone_keeps_wall_time_and_changes_utc() -> None:
    s = one_pair(["Tue 10:00-12:00"], ["Tue 10:00-12:00"], timezone="Europe/Berlin", holiday_country="DE")
    pair = s.pairs[0]
    assert not pair.varies
    assert {(x.start.hour, x.start.minute) for x in pair.sessions} == {(10, 0)}
    utc_hours = {x.start.astimezone(timezone.utc).hour for x in pair.sessions}
    assert utc_hours == {9, 8}  # CET in winter, CEST in summer


# ----------------------------------------------------------------------------- no common window


def test_short_overlap_is_reported_with_alternatives() -> None:
    s = one_pair(["Wed 10:00-10:30", "Fri 14:00-15:00"], ["Wed 09:00-11:00", "Fri 15:00-16:00"])
    assert not s.pairs
    (u,) = s.unscheduled
    assert u.reason.code == "short_overlap"
    assert u.reason.render() == "overlap only 30 min on Wed; a session needs 60 min"
    assert u.alternatives and "Wed 10:00-10:30" in u.alternatives[0].render()


def test_no_overlap_names_the_nearest_windows() -> None:
    s = one_pair(["Tue 10:00-12:00"], ["Tue 13:00-15:00", "Thu 10:00-11:00"])
    (u,) = s.unscheduled
    assert u.reason.code == "no_overlap"
    assert "60 min apart" in u.alternatives[0].render()


def test_person_without_windows() -> None:
    s = one_pair([], ["Tue 13:00-15:00"])
    (u,) = s.unscheduled
    assert u.reason.code == "no_availability" and "Boss" in u.reason.render()


# ----------------------------------------------------------------------------- double-booking


def test_junior_with_capacity_two_gets_two_different_times() -> None:
    r = roster([person("a", ["Mon 10:00-12:00"]), person("b", ["Mon 10:00-12:00"])],
               [person("kid", ["Mon 10:00-12:00"], junior=True, capacity=2)])
    s = schedule([P("P01", "a", "kid"), P("P02", "b", "kid")], r, program())
    assert [(p.pair_id, p.start_minute) for p in s.pairs] == [("P01", 600), ("P02", 660)]
    for x, y in zip(s.pairs[0].sessions, s.pairs[1].sessions, strict=True):
        assert x.end <= y.start or y.end <= x.start


def test_the_most_constrained_pair_is_placed_first() -> None:
    r = roster([person("a", ["Mon 10:00-12:00"]), person("b", ["Mon 10:00-11:00"])],
               [person("kid", ["Mon 10:00-12:00"], junior=True, capacity=2)])
    s = schedule([P("P01", "a", "kid"), P("P02", "b", "kid")], r, program())
    assert [(p.pair_id, p.start_minute) for p in s.pairs] == [("P01", 660), ("P02", 600)]


def test_no_room_for_the_second_pair_says_who_took_it() -> None:
    r = roster([person("a", ["Mon 10:00-11:00"]), person("b", ["Mon 10:00-11:00"])],
               [person("kid", ["Mon 10:00-11:00"], junior=True, capacity=2)])
    s = schedule([P("P01", "a", "kid"), P("P02", "b", "kid")], r, program())
    assert [p.pair_id for p in s.pairs] == ["P01"]
    (u,) = s.unscheduled
    assert u.pair_id == "P02" and u.reason.code == "taken" and "P01" in u.reason.render()


def test_shifted_session_does_not_collide_with_the_juniors_other_pair() -> None:
    # P02 holds Tuesday 10:00, so P01 gets Monday 10:00. 3 May moves P01 off Monday; Tuesday 4 May 10:00
    # would fit both of them but is P02's, so it goes to Wednesday at the same time.
    r = roster([person("a", ["Mon 10:00-11:00", "Tue 10:00-11:00"]), person("b", ["Tue 10:00-11:00"])],
               [person("kid", ["Mon 10:00-11:00", "Tue 10:00-12:00"], junior=True, capacity=2)])
    s = schedule([P("P01", "a", "kid"), P("P02", "b", "kid")], r,
                 program(start="2027-04-26", cadence_weeks=1, duration={"sessions": 3}))
    p1, p2 = s.pairs
    assert (p1.weekday, p2.weekday) == (0, 1)
    assert p2.sessions[1].start == datetime(2027, 5, 4, 10, 0, tzinfo=MSK)
    moved = p1.sessions[1]
    assert moved.planned.date() == date(2027, 5, 3)
    assert moved.start == datetime(2027, 5, 5, 10, 0, tzinfo=MSK)


# ----------------------------------------------------------------------------- agenda


def test_agenda_kinds() -> None:
    assert [session_kind(n, 13) for n in (1, 2, 7, 12, 13)] == ["first", "regular", "midpoint", "regular", "last"]
    assert [session_kind(n, 2) for n in (1, 2)] == ["first", "last"]


def test_default_agenda_follows_the_program_format() -> None:
    r = roster([person("boss", ["Wed 10:00-12:00"])], [person("kid", ["Wed 10:00-12:00"], junior=True)])
    s = schedule([P("P01", "boss", "kid", ("SMM", "Telegram"))], r, program())
    sessions = s.pairs[0].sessions
    assert "confidentiality" in sessions[0].goal
    assert sessions[1].title == "Session 2 of 13: SMM" and sessions[2].title == "Session 3 of 13: Telegram"
    assert sessions[6].title == "Midpoint check-in"
    assert sessions[-1].title == "Mini-portfolio review"
    assert "mini-portfolio" in sessions[-2].assignment
    assert all(x.title and x.goal and x.assignment for x in sessions)


def test_default_agenda_in_russian() -> None:
    set_language("ru")
    try:
        s = one_pair(["Wed 10:00-12:00"], ["Wed 10:00-12:00"])
        assert s.pairs[0].sessions[0].title == "Знакомство и договорённости"
        assert s.pairs[0].sessions[-1].title == "Защита мини-портфолио"
    finally:
        set_language("en")


def test_agenda_overrides_fill_placeholders() -> None:
    agenda = {"regular": {"title": "Встреча {n}/{total}", "goal": "{junior} учит {senior}",
                          "assignment": "Тема: {topic}"}}
    r = roster([person("boss", ["Wed 10:00-12:00"])], [person("kid", ["Wed 10:00-12:00"], junior=True)])
    s = schedule([P("P01", "boss", "kid", ("SMM",))], r, program(agenda=agenda))
    second = s.pairs[0].sessions[1]
    assert (second.title, second.goal, second.assignment) == ("Встреча 2/13", "Kid учит Boss", "Тема: SMM")
    assert s.pairs[0].sessions[0].title == "Getting to know each other"


def test_agenda_override_with_unknown_placeholder_is_an_input_error() -> None:
    agenda = {"first": {"title": "Hi {name}", "goal": "g", "assignment": "a"}}
    with pytest.raises(InputError, match=r"agenda.first.title: unknown placeholder \{name\}"):
        one_pair(["Wed 10:00-12:00"], ["Wed 10:00-12:00"], agenda=agenda)


# ----------------------------------------------------------------------------- properties


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 12, 31)),
    cadence=st.integers(1, 3),
    policy=st.sampled_from(["shift", "skip"]),
    blackout_start=st.integers(0, 120),
    blackout_len=st.integers(0, 10),
    day=st.integers(0, 4),
)
def test_no_session_ever_lands_on_a_day_off_or_a_blackout(
    start: date, cadence: int, policy: str, blackout_start: int, blackout_len: int, day: int
) -> None:
    b0 = start + timedelta(days=blackout_start)
    prog = program(start=start.isoformat(), cadence_weeks=cadence, day_off_policy=policy,
                   blackouts=[{"start": b0.isoformat(), "end": (b0 + timedelta(days=blackout_len)).isoformat()}])
    days = ("Mon", "Tue", "Wed", "Thu", "Fri")
    r = roster([person("a", [f"{days[day]} 10:00-12:00", "Thu 15:00-17:00"]), person("b", ["Mon-Fri 10:00-11:00"])],
               [person("kid", [f"{days[day]} 10:00-12:00", "Mon-Fri 10:00-11:00", "Thu 15:00-17:00"],
                       junior=True, capacity=2)])
    s = schedule([P("P01", "a", "kid"), P("P02", "b", "kid")], r, prog)
    off = days_off(prog, start - timedelta(days=7), start + timedelta(days=500))
    blackout = {b0 + timedelta(days=k) for k in range(blackout_len + 1)}
    busy: list[tuple[datetime, datetime]] = []
    for pair in s.pairs:
        prev = None
        for x in pair.sessions:
            assert x.start.date() not in off and x.start.date() not in blackout
            assert x.start.weekday() < 5 and 9 * 60 <= x.start.hour * 60 + x.start.minute <= 18 * 60
            if prev is not None:
                assert prev.start.date() < x.start.date()
            prev = x
            busy.append((x.start, x.end))
    busy.sort()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(busy))  # one junior: never double-booked


def test_unknown_holiday_subdivision_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a known subdivision"):
        one_pair(["Wed 10:00-12:00"], ["Wed 10:00-12:00"], holiday_subdivision="ZZ")


def test_ics_uids_survive_a_moved_session() -> None:
    from rmentor.outputs.ics import session_uid

    def uids(**prog: object) -> list[str]:
        s = one_pair(["Tue 10:00-12:00"], ["Tue 10:00-12:00"], **prog)
        return [session_uid(s, s.pairs[0], x) for x in s.pairs[0].sessions]

    plain = uids()
    moved = uids(blackouts=[{"start": "2027-03-09", "end": "2027-03-09"}])
    assert plain == moved and len(set(plain)) == 13
