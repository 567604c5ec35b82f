"""Exact texts and exact slots from the scheduler, worked out by hand.

Why a pair gets no slot (and the alternatives it is offered) is the product here: a user reads it to fix
the roster. These tests pin the whole text, in English and in Russian, for every kind of reason, on
rosters small enough to check on paper. They also pin the slot chosen when a clock change breaks the
usual one, the helpers that cut a week mask into runs, and the agenda texts of :func:`agenda_text`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from _sched_helpers import P, person, program, roster
from rmentor.core import scheduling as sch
from rmentor.core.scheduling import DAY_BITS, RES, WEEK_BITS, agenda_text, check_holidays, schedule
from rmentor.errors import InputError
from rmentor.i18n import set_language

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def _why(seniors: list[str], juniors: list[str], s_tz: str | None = None, j_tz: str | None = None,
         **prog: object) -> list[tuple[str, str]]:
    """(code, text) of the one pair's reason, then of each alternative, in the current language."""
    r = roster([person("boss", seniors, s_tz)], [person("kid", juniors, j_tz, junior=True)])
    s = schedule([P("P01", "boss", "kid")], r, program(**prog))
    assert not s.pairs
    (u,) = s.unscheduled
    return [(u.reason.code, u.reason.render())] + [(a.code, a.render()) for a in u.alternatives]


# Each case: the windows, and the expected (code, English, Russian) of the reason and each alternative.
# Program: Europe/Moscow, working hours Mon-Fri 09:00-19:00, sessions of 60 min, from 2027-01-11 every
# two weeks for six months (13 periods) unless the case says otherwise.
EXPLAIN_CASES = {
    "senior without windows": (
        {"seniors": [], "juniors": ["Tue 13:00-15:00"]},
        [("no_availability", "the senior Boss has no availability windows",
          "у старшего Boss не указано свободное время")]),
    "junior without windows": (
        {"seniors": ["Tue 13:00-15:00"], "juniors": []},
        [("no_availability", "the junior Kid has no availability windows",
          "у младшего Kid не указано свободное время")]),
    # Berlin 09:00-10:00 is 11:00-12:00 in Moscow in winter (UTC+1 vs UTC+3) and 10:00-11:00 from
    # 28 March 2027 (UTC+2): the junior's 11:00-12:00 fits the winter periods only. Periods start on
    # Mondays 11 Jan + 14k days: 22 Mar (k=5) is still winter, 5 Apr (k=6) .. 28 Jun (k=12) are not.
    "clock change": (
        {"seniors": ["Mon 09:00-10:00"], "juniors": ["Mon 11:00-12:00"], "s_tz": "Europe/Berlin"},
        [("dst", "no common slot in the weeks from 2027-04-05 to 2027-06-28 (the clocks change)",
          "нет общего времени в недели с 05.04.2027 по 28.06.2027 (перевод часов)")]),
    # Weekly from 22 March: the explanation uses the first period (winter), where Berlin 09:00-10:00 is
    # Moscow 11:00-12:00, 60 min before the junior's 13:00 (from 29 March it would be 120 min).
    "no overlap, senior's zone changes clocks": (
        {"seniors": ["Mon 09:00-10:00"], "juniors": ["Mon 13:00-14:00"], "s_tz": "Europe/Berlin",
             "start": "2027-03-22", "cadence_weeks": 1, "duration": {"sessions": 3}},
        [("no_overlap", "their availability windows never overlap", "их свободное время нигде не пересекается"),
         ("gap", "Mon: the senior is free 11:00-12:00, the junior 13:00-14:00 (60 min apart, Europe/Moscow)",
          "Пн: старший свободен 11:00-12:00, младший 13:00-14:00 (разрыв 60 мин, Europe/Moscow)")]),
    "no overlap, junior's zone changes clocks": (
        {"seniors": ["Mon 13:00-14:00"], "juniors": ["Mon 09:00-10:00"], "j_tz": "Europe/Berlin",
             "start": "2027-03-22", "cadence_weeks": 1, "duration": {"sessions": 3}},
        [("no_overlap", "their availability windows never overlap", "их свободное время нигде не пересекается"),
         ("gap", "Mon: the senior is free 13:00-14:00, the junior 11:00-12:00 (60 min apart, Europe/Moscow)",
          "Пн: старший свободен 13:00-14:00, младший 11:00-12:00 (разрыв 60 мин, Europe/Moscow)")]),
    # Overlaps of 45 (Mon 14:00), 45 (Tue 10:00), 30 and 15 min: longest first, then the earlier day
    # (not the earlier clock time), and three of the four.
    "short overlap": (
        {"seniors": (w := ["Mon 14:00-14:45", "Tue 10:00-10:45", "Wed 10:00-10:30", "Thu 10:00-10:15"]),
             "juniors": w},
        [("short_overlap", "overlap only 45 min on Mon; a session needs 60 min",
          "пересечение только 45 мин в Пн; для встречи нужно 60 мин"),
         ("overlap", "Mon 14:00-14:45 (45 min, Europe/Moscow)", "Пн 14:00-14:45 (45 мин, Europe/Moscow)"),
         ("overlap", "Tue 10:00-10:45 (45 min, Europe/Moscow)", "Вт 10:00-10:45 (45 мин, Europe/Moscow)"),
         ("overlap", "Wed 10:00-10:30 (30 min, Europe/Moscow)", "Ср 10:00-10:30 (30 мин, Europe/Moscow)")]),
    # Common time Mon 07:00-08:00, Tue 20:00-21:00, Sat 11:00-12:00 (60 min each) and Sun 10:00-10:30,
    # all outside Mon-Fri 09:00-19:00.
    "outside working hours": (
        {"seniors": ["Mon 07:00-08:30", "Tue 19:00-23:00", "Sat 10:00-12:00", "Sun 10:00-11:00"],
             "juniors": ["Mon 06:00-08:00", "Tue 20:00-21:00", "Sat 11:00-13:00", "Sun 10:00-10:30"]},
        [("outside_hours", "they are both free only outside the working hours (Mon, Tue, Wed, Thu, Fri 09:00-19:00)",
          "оба свободны только вне рабочего времени (Пн, Вт, Ср, Чт, Пт 09:00-19:00)"),
         ("outside", "Mon 07:00-08:00 (60 min, Europe/Moscow)", "Пн 07:00-08:00 (60 мин, Europe/Moscow)"),
         ("outside", "Tue 20:00-21:00 (60 min, Europe/Moscow)", "Вт 20:00-21:00 (60 мин, Europe/Moscow)"),
         ("outside", "Sat 11:00-12:00 (60 min, Europe/Moscow)", "Сб 11:00-12:00 (60 мин, Europe/Moscow)")]),
    # Same-day gaps: Mon 12:00 - 10:00 = 120, Tue 10:30 - 10:00 = 30, Wed 15:00-16:00 against 09:00-10:00
    # = 300 and against 17:00-18:00 = 60: the three smallest, smallest first.
    "no overlap, gaps": (
        {"seniors": ["Mon 09:00-10:00", "Tue 09:00-10:00", "Wed 15:00-16:00"],
             "juniors": ["Mon 12:00-13:00", "Tue 10:30-11:00", "Wed 09:00-10:00", "Wed 17:00-18:00"]},
        [("no_overlap", "their availability windows never overlap", "их свободное время нигде не пересекается"),
         ("gap", "Tue: the senior is free 09:00-10:00, the junior 10:30-11:00 (30 min apart, Europe/Moscow)",
          "Вт: старший свободен 09:00-10:00, младший 10:30-11:00 (разрыв 30 мин, Europe/Moscow)"),
         ("gap", "Wed: the senior is free 15:00-16:00, the junior 17:00-18:00 (60 min apart, Europe/Moscow)",
          "Ср: старший свободен 15:00-16:00, младший 17:00-18:00 (разрыв 60 мин, Europe/Moscow)"),
         ("gap", "Mon: the senior is free 09:00-10:00, the junior 12:00-13:00 (120 min apart, Europe/Moscow)",
          "Пн: старший свободен 09:00-10:00, младший 12:00-13:00 (разрыв 120 мин, Europe/Moscow)")]),
    "no common day": (
        {"seniors": ["Wed 10:00-11:00", "Mon 10:00-11:00"], "juniors": ["Fri 10:00-12:00", "Tue 10:00-11:00"]},
        [("no_overlap", "their availability windows never overlap", "их свободное время нигде не пересекается"),
         ("days", "the senior is free on Mon, Wed; the junior on Tue, Fri",
          "старший свободен в Пн, Ср; младший в Вт, Пт")]),
}


@pytest.mark.parametrize("case", list(EXPLAIN_CASES))
def test_why_a_pair_gets_no_slot_word_for_word(case: str) -> None:
    kw, expected = EXPLAIN_CASES[case]
    args = dict(kw)
    seniors, juniors = args.pop("seniors"), args.pop("juniors")
    s_tz, j_tz = args.pop("s_tz", None), args.pop("j_tz", None)
    assert _why(seniors, juniors, s_tz, j_tz, **args) == [(code, en) for code, en, _ in expected]
    set_language("ru")
    assert _why(seniors, juniors, s_tz, j_tz, **args) == [(code, ru) for code, _, ru in expected]


def test_every_common_slot_taken_names_the_pairs_and_the_free_times() -> None:
    # Five seniors share one junior (capacity 5) who is free one hour on Mon-Thu: four pairs fit, the
    # fifth is told which pairs hold the slots and offered the common hours (three of four, Mon first).
    week = ["Mon 10:00-11:00", "Tue 10:00-11:00", "Wed 10:00-11:00", "Thu 10:00-11:00"]
    r = roster([person(x, week) for x in "abcde"], [person("kid", week, junior=True, capacity=5)])
    s = schedule([P(f"P0{k}", x, "kid") for k, x in enumerate("abcde", start=1)], r, program())
    assert sorted((p.weekday, p.pair_id) for p in s.pairs) == [(0, "P04"), (1, "P03"), (2, "P01"), (3, "P02")]
    (u,) = s.unscheduled
    assert (u.pair_id, u.reason.code) == ("P05", "taken")
    assert u.reason.render() == "every common slot is taken by another session of the same person (P01, P02, P03, P04)"
    assert [(a.code, a.render()) for a in u.alternatives] == [
        ("free", "Mon 10:00-11:00 (60 min, Europe/Moscow)"),
        ("free", "Tue 10:00-11:00 (60 min, Europe/Moscow)"),
        ("free", "Wed 10:00-11:00 (60 min, Europe/Moscow)"),
    ]


def test_a_clock_change_keeps_the_slot_of_most_weeks_and_moves_the_rest_to_the_nearest() -> None:
    # Berlin 09:00-10:15 is Moscow 11:00-12:15 until 28 March 2027 and 10:00-11:15 after; the junior is
    # free 10:00-12:30. Hour-long starts: 11:00 and 11:15 in winter, 10:00 and 10:15 in summer; no start
    # fits every week. Weekly from 11 January, 13 sessions: 11 winter weeks, 2 summer ones (29 Mar, 5 Apr).
    # The slot of most weeks wins (11:00, the earlier of 11:00/11:15); the summer weeks take the start
    # nearest to 11:00, which is 10:15 (45 min away), not 10:00.
    r = roster([person("boss", ["Mon 09:00-10:15"], "Europe/Berlin")],
               [person("kid", ["Mon 10:00-12:30"], junior=True)])
    s = schedule([P("P01", "boss", "kid")], r, program(cadence_weeks=1, duration={"sessions": 13}))
    (p,) = s.pairs
    assert (p.weekday, p.start_minute, p.varies) == (0, 11 * 60, True)
    mondays = [date(2027, 1, 11).toordinal() + 7 * k for k in range(13)]
    assert [x.planned for x in p.sessions] == [
        datetime.combine(date.fromordinal(d), datetime.min.time(), MSK).replace(hour=h, minute=m)
        for d, (h, m) in zip(mondays, [(11, 0)] * 11 + [(10, 15)] * 2, strict=True)]
    assert sum("the weekly time changes" in w.render() for w in s.warnings) == 1


def test_nearest_start_wraps_around_the_week_and_ties_go_to_the_earlier() -> None:
    last = WEEK_BITS - 1  # Sunday 23:55
    # from bit 2 (Mon 00:10), Sunday 23:55 is 3 bits away across the week's end, bit 10 is 8 away
    assert sch._nearest(1 << last | 1 << 10, 2) == last
    # from bit last-2, bit 0 is 3 bits away across the end, bit last-16 is 14 away
    assert sch._nearest(1 << 0 | 1 << (last - 16), last - 2) == 0
    # bits 0 and 6 are both 3 away from 3: the earlier wins
    assert sch._nearest(1 << 0 | 1 << 6, 3) == 0
    assert sch._nearest(1 << 100, 5) == 100


def test_day_runs_cut_one_day_of_a_week_mask() -> None:
    def bits(*positions: int) -> int:
        return sum(1 << b for b in positions)

    tue = DAY_BITS  # first bit of Tuesday
    # Tuesday: 00:00-00:15, 00:25-00:35, 12:00-12:05 and 23:55-24:00; Monday's last bit and Wednesday's
    # first bit are set too and must not leak into Tuesday's runs.
    mask = bits(tue - 1, tue, tue + 1, tue + 2, tue + 5, tue + 6, tue + 144, tue + DAY_BITS - 1, tue + DAY_BITS)
    assert sch._day_runs(mask, 1) == [(0, 15), (25, 35), (720, 725), (1435, 1440)]
    assert sch._day_runs(mask, 0) == [(1435, 1440)]
    assert sch._day_runs(mask, 2) == [(0, 5)]
    assert sch._day_runs(mask, 3) == []
    assert sch._day_runs(sch._DAY_MASK[6], 6) == [(0, 1440)]
    assert RES * DAY_BITS == 1440


# ----------------------------------------------------------------------------- agenda texts


def test_agenda_text_default_texts_in_english_and_russian() -> None:
    prog = program()
    assert agenda_text(prog, "regular", 3, 13, "Boss", "Kid", "SMM") == (
        "Session 3 of 13: SMM",
        "Work through «SMM» hands-on: the junior shows, the senior tries it on a real work task",
        "Apply one thing from today in your own work and bring the result",
    )
    # the session before the last prepares the mini-portfolio; no topic means "practice"
    assert agenda_text(prog, "regular", 12, 13, "Boss", "Kid", None) == (
        "Session 12 of 13: practice",
        "Work through one of the pair's goals hands-on: the junior shows, the senior tries it on a real work task",
        "Prepare the mini-portfolio for the final session: what you tried and what came of it",
    )
    assert agenda_text(prog, "first", 1, 13, "Boss", "Kid", None)[0] == "Getting to know each other"
    assert agenda_text(prog, "last", 13, 13, "Boss", "Kid", None)[0] == "Mini-portfolio review"
    set_language("ru")
    ru = agenda_text(prog, "regular", 3, 13, "Boss", "Kid", "SMM")
    assert ru[0] == "Встреча 3 из 13: SMM" and "«SMM»" in ru[1]
    assert ru == sch._AgendaMaker(prog)("regular", 3, 13, "Boss", "Kid", "SMM")
    assert agenda_text(prog, "regular", 12, 13, "Boss", "Kid", None) == sch._AgendaMaker(prog)(
        "regular", 12, 13, "Boss", "Kid", None)


def test_agenda_override_fills_every_placeholder_and_an_absent_topic_is_empty() -> None:
    prog = program(agenda={"first": {"title": "{n}/{total} {senior} & {junior}[{topic}]", "goal": "g {n}",
                                     "assignment": "a {total}"}})
    assert agenda_text(prog, "first", 1, 13, "Boss", "Kid", None) == ("1/13 Boss & Kid[]", "g 1", "a 13")


def test_agenda_override_leaves_an_unchecked_placeholder_as_written() -> None:
    # schedule() refuses unknown placeholders up front (check_agenda); called directly, agenda_text
    # leaves them in the text rather than failing half-way
    prog = program(agenda={"last": {"title": "Bye {who}", "goal": "{n}", "assignment": "-"}})
    assert agenda_text(prog, "last", 5, 5, "Boss", "Kid", None) == ("Bye {who}", "5", "-")


# ----------------------------------------------------------------------------- holidays check


def test_check_holidays_refuses_an_unknown_subdivision_and_accepts_a_known_one() -> None:
    with pytest.raises(InputError) as bad:
        check_holidays(program(holiday_subdivision="XX"))
    assert bad.value.location is not None and bad.value.location.path == "holiday_subdivision"
    assert "'XX' is not a known subdivision of RU" in str(bad.value)
    with pytest.raises(InputError, match="not a known subdivision of DE"):
        check_holidays(program(holiday_country="DE", holiday_subdivision="XX", start=None))
    check_holidays(program(holiday_country="DE", holiday_subdivision="BY"))
    check_holidays(program(holiday_country="DE", holiday_subdivision="BY", start=None))  # this year
    check_holidays(program())  # no subdivision: nothing to check


# ----------------------------------------------------------------------------- moves off days off


def _wednesdays(**prog: object) -> sch.Schedule:
    r = roster([person("boss", ["Wed 10:00-11:00"])], [person("kid", ["Wed 10:00-11:00"], junior=True)])
    return schedule([P("P01", "boss", "kid")], r,
                    program(cadence_weeks=1, duration={"sessions": 3}, **prog))


def test_a_blackout_moves_the_session_forward_to_the_next_working_day_and_says_so() -> None:
    # Wednesdays 13, 20, 27 January 2027; 20 January is blacked out. Both are free on Wednesdays only, so
    # the session keeps its time on the next working day, Thursday 21 (never Tuesday 19, before it).
    s = _wednesdays(blackouts=[{"start": "2027-01-20", "end": "2027-01-20", "reason": "Offsite"}])
    (p,) = s.pairs
    moved = p.sessions[1]
    assert (moved.planned, moved.start, moved.moved_because, moved.outside_windows) == (
        datetime(2027, 1, 20, 10, 0, tzinfo=MSK), datetime(2027, 1, 21, 10, 0, tzinfo=MSK), "Offsite", True)
    assert [w.render() for w in s.warnings] == [
        "P01: the session of 2027-01-20 (Offsite) moved to 2027-01-21 10:00, outside the windows one of them "
        "gave; ask the pair to confirm (add availability windows on more days to avoid this)"]


def test_a_session_with_no_working_day_before_the_next_is_dropped_and_says_so() -> None:
    # the blackout covers 20-26 January: no working day is left before the next session on the 27th
    s = _wednesdays(blackouts=[{"start": "2027-01-20", "end": "2027-01-26", "reason": "Offsite"}])
    (p,) = s.pairs
    assert [x.start.date() for x in p.sessions] == [date(2027, 1, 13), date(2027, 1, 27)]
    assert p.skipped == (sch.Skipped("P01", 1, datetime(2027, 1, 20, 10, 0, tzinfo=MSK),
                                     "Offsite; no free working day before the next session"),)
    assert [w.render() for w in s.warnings] == [
        "P01: the session of 2027-01-20 falls on a day off (Offsite) and no free working day was found before "
        "the next one; it is dropped (add availability windows on other days, or add a blackout-free week)"]


def test_shifted_session_does_not_collide_with_the_seniors_other_pair() -> None:
    # The library takes a senior in two pairs too (a pairs file refuses it, a caller may not). P02 holds
    # Tuesday 10:00, so P01 gets Monday 10:00. 3 May moves P01 off Monday; Tuesday 4 May 10:00 would fit
    # both of its people but is the senior's session with P02, so P01 goes to Wednesday at the same time.
    r = roster([person("boss", ["Mon 10:00-11:00", "Tue 10:00-12:00"])],
               [person("a", ["Mon 10:00-11:00", "Tue 10:00-11:00"], junior=True),
                person("b", ["Tue 10:00-11:00"], junior=True)])
    s = schedule([P("P01", "boss", "a"), P("P02", "boss", "b")], r,
                 program(start="2027-04-26", cadence_weeks=1, duration={"sessions": 3}))
    p1, p2 = s.pairs
    assert (p1.weekday, p2.weekday) == (0, 1)
    assert p2.sessions[1].start == datetime(2027, 5, 4, 10, 0, tzinfo=MSK)
    assert (p1.sessions[1].planned, p1.sessions[1].start) == (
        datetime(2027, 5, 3, 10, 0, tzinfo=MSK), datetime(2027, 5, 5, 10, 0, tzinfo=MSK))


def test_midpoint_of_three_sessions_is_the_second() -> None:
    assert [sch.session_kind(n, 3) for n in (1, 2, 3)] == ["first", "midpoint", "last"]
    assert [sch.session_kind(n, 4) for n in (1, 2, 3, 4)] == ["first", "midpoint", "regular", "last"]


def test_fits_checks_the_local_day_exactly() -> None:
    # Vladivostok is 7 hours ahead of Moscow (UTC+10 / UTC+3). The junior is free Mon 22:00-24:00 and
    # Tue 00:00-02:00 local time.
    prog = program()
    ctx = sch._Ctx(prog, MSK, date(2027, 1, 11), 13, 60, {date(2027, 1, 19): sch.DayOff(date(2027, 1, 19), "x")}, 0)
    kid = roster([person("boss", [])], [person("kid", ["Mon 22:00-24:00", "Tue 00:00-02:00"], "Asia/Vladivostok",
                                               junior=True)]).juniors[0]

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2027, 1, day, hour, minute, tzinfo=MSK)

    assert ctx.fits(kid, at(11, 15))  # Mon 22:00-23:00 local
    assert ctx.fits(kid, at(11, 16))  # Mon 23:00-24:00 local: ends at local midnight
    assert ctx.local("Asia/Vladivostok", at(11, 16)) == (0, 1380, 1440)
    assert not ctx.fits(kid, at(11, 16, 30))  # 23:30-00:30 crosses local midnight
    assert ctx.local("Asia/Vladivostok", at(11, 16, 30)) is None
    assert ctx.fits(kid, at(11, 17))  # Tue 12 January 00:00-01:00 local
    assert not ctx.fits(kid, at(18, 17))  # Tue 19 January local is a day off (Mon 18 in Moscow is not)
    assert ctx.local("Asia/Vladivostok", at(18, 17)) is None


# ----------------------------------------------------------------------------- input errors and warnings


def test_a_pair_id_used_twice_is_refused_by_name() -> None:
    r = roster([person("boss", ["Mon 10:00-11:00"])], [person("kid", ["Mon 10:00-11:00"], junior=True)])
    with pytest.raises(InputError) as err:
        schedule([P("P01", "boss", "kid"), P("P01", "boss", "kid")], r, program())
    assert str(err.value) == "pair id 'P01' is used twice (give every pair its own id)"


def test_an_unknown_agenda_placeholder_lists_the_allowed_ones() -> None:
    with pytest.raises(InputError) as err:
        sch.check_agenda(program(agenda={"first": {"title": "x {foo}", "goal": "g", "assignment": "a"}}))
    assert err.value.location is not None and err.value.location.path == "agenda.first.title"
    assert str(err.value) == ("agenda.first.title: unknown placeholder {foo} "
                              "(use {n}, {total}, {senior}, {junior}, {topic})")


def test_no_start_date_warning_points_at_the_field() -> None:
    *_, (warning,) = sch.program_period(program(start=None), today=date(2027, 2, 3))
    assert warning.location is not None and warning.location.path == "start"
    assert warning.render() == ("start: the program has no start date; sessions start on Monday 2027-02-08 "
                                "(set 'start:' in the program file to fix the dates)")


def test_reason_dates_survive_json_and_render_per_language() -> None:
    """A reason with dates: ISO in machine output and the ledger, dd.mm.yyyy in Russian after a round trip."""
    import json

    from rmentor.core.scoring import Reason

    r = Reason("dst", "no common slot in the weeks from {first} to {last} (the clocks change)",
               {"first": date(2027, 4, 5), "last": date(2027, 6, 28)})
    data = json.loads(json.dumps(r.to_json()))
    assert data["params"] == {"first": "2027-04-05", "last": "2027-06-28"} and data["dates"] == ["first", "last"]
    back = Reason.from_json(data)
    assert back == r
    assert Reason.from_json({"code": "x", "template": "t {a}", "params": {"a": "2027-04-05"}}).params == {
        "a": "2027-04-05"}   # text that looks like a date stays text unless named in "dates"
    set_language("ru")
    assert back.render() == "нет общего времени в недели с 05.04.2027 по 28.06.2027 (перевод часов)"
    set_language("en")
    assert back.render() == "no common slot in the weeks from 2027-04-05 to 2027-06-28 (the clocks change)"
