"""A new plan's sessions go to the ledger as rows made directly: the same rows as from the records."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rmentor.ledger.store import _session_row, new_session_rows, pair_record, session_records


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Europe/Berlin", "Asia/Vladivostok"])
@pytest.mark.parametrize("series", [True, False])
def test_new_session_rows_are_the_records_rows(zone: str, series: bool) -> None:
    from tests._sched_helpers import P, person, program, roster

    from rmentor.core.matching import Pair
    from rmentor.core.scheduling import schedule

    people = roster([person("s1", ["Mon 10:00-12:00"]), person("s2", ["Tue 09:00-10:00", "Thu 15:00-16:00"])],
                    [person("j1", ["Mon 10:00-12:00"], junior=True),
                     person("j2", ["Tue 09:00-10:00", "Thu 15:00-16:00"], junior=True)])
    prog = program(timezone=zone)
    plan = schedule([P("P1", "s1", "j1"), P("P2", "s2", "j2")], people, prog)
    assert plan.pairs
    for ps in plan.pairs:
        if not series:  # sessions out of order form no series: one UID each
            ps = replace(ps, sessions=tuple(replace(s, moved_because="=a, \"b\"\n") for s in reversed(ps.sessions)))
        pair = Pair(pair_id=ps.pair_id, senior=ps.senior.id, junior=ps.junior.id, score=1, breakdown={},
                    shared_topics=("x",))
        record = pair_record(pair, ps, prog, plan.start)
        assert bool(record.series_uid) == series
        want = [_session_row(s, "2027-01-01T00:00:00+00:00") for s in session_records(record, ps, prog)]
        assert new_session_rows(record, ps, prog, "2027-01-01T00:00:00+00:00") == want
        assert len(want) == len(ps.sessions)
