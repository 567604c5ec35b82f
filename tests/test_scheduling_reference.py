"""The scheduler's output on seeded synthetic rosters is pinned: a faster scheduling core must give
exactly the sessions (dates, times, moves, skips, agenda, warnings) the reference algorithm gave.

The digests were taken from the scheduler before its issue-18 speed-ups (commit 326fa72). A change
that is meant to move sessions must say so and update them; a speed-up must leave them alone."""

from __future__ import annotations

import hashlib
import json

import pytest

from _sched_helpers import P
from rmentor.core.scheduling import schedule
from rmentor.model import Program, Roster
from rmentor.outputs.schedule_files import schedule_json
from rmentor.workflows.synth import synthetic_roster

# (seed, program changes) -> sha256 of the schedule's JSON with its warnings
REFERENCE = {
    (0, "default"): "1c1a67addea72c179203bdeec373e6911ee996422d0a965e3d762cab7f67c3db",
    (1, "skip"): "46297e47749b9e8db44466a245ab37b99aac88163cd13981b2a329e2fae9a44b",
    (2, "berlin-3w"): "e50446cf2b40e8631d52e185a45b9ce556ec90026a493b66e22206ddcf9af5cb",
    (3, "90min"): "ee1988ed84b8d4a01b324d1de8785087892fa8135f0ab64bfda9216ee133da70",
}
PROGRAMS = {
    "default": {},
    "skip": {"day_off_policy": "skip"},
    "berlin-3w": {"timezone": "Europe/Berlin", "cadence_weeks": 3, "start": "2027-03-01"},
    "90min": {"session_minutes": 90, "start": "2027-04-26"},
}


def _pairs(roster: Roster, minutes: int) -> list[P]:
    """Each junior with the first senior (from a rotating start) whose windows share a slot with
    theirs, at most two juniors a senior: most pairs can meet, and shared seniors make clashes."""
    taken: dict[str, int] = {}
    out = []
    seniors = roster.seniors
    for i, j in enumerate(roster.juniors):
        for k in range(len(seniors)):
            s = seniors[(i * 7 + k) % len(seniors)]
            if taken.get(s.id, 0) < 2 and any(a.day == b.day and min(a.end, b.end) - max(a.start, b.start) >= minutes
                                              for a in s.availability for b in j.availability):
                taken[s.id] = taken.get(s.id, 0) + 1
                out.append(P(f"P{i:03d}", s.id, j.id))
                break
    return out


def _digest(seed: int, variant: str) -> str:
    program = Program.model_validate({"start": "2027-01-11", **PROGRAMS[variant]})
    roster = Roster.model_validate(synthetic_roster(70, 90, seed, program=program))
    pairs = _pairs(roster, program.session_minutes)
    result = schedule(pairs, roster, program)
    data = schedule_json(result)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@pytest.mark.parametrize(("seed", "variant"), list(REFERENCE))
def test_the_schedule_is_the_reference_algorithms(seed: int, variant: str) -> None:
    assert _digest(seed, variant) == REFERENCE[(seed, variant)]
