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


def _files_digest(seed: int, variant: str, lang: str) -> str:
    from rmentor.i18n import get_language, set_language
    from rmentor.outputs.schedule_files import schedule_files

    program = Program.model_validate({"start": "2027-01-11", **PROGRAMS[variant]})
    roster = Roster.model_validate(synthetic_roster(70, 90, seed, program=program))
    before = get_language()
    set_language(lang)  # type: ignore[arg-type]
    try:
        files = schedule_files(schedule(_pairs(roster, program.session_minutes), roster, program))
    finally:
        set_language(before)
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


# (seed, program changes, language) -> sha256 over every file `schedule` writes (calendar.ics, ics/*.ics,
# sessions.csv, schedule.md), SOURCE_DATE_EPOCH=1798761600. Taken before the writers' issue-18 speed-ups
# (main at 8705cf5): a faster writer must write the same bytes. A change meant to alter the files updates them.
FILES_REFERENCE = {
    (0, "default", "en"): "036ebcce65999d45b0c8a8596ecc0c90515b44285b29cf4d3b9b3feeada92811",
    (0, "default", "ru"): "6928dcd9aa04c194e9b0b67c6218869b10804cf0324f12ed145ac44708909e55",
    (1, "skip", "ru"): "e7b632b46d3b93b6dc4feb50a48f36969830c175d16da95c0f05d43d804d9551",
    (2, "berlin-3w", "en"): "9fd91cbbd792fe6091f25217e5e2c469d884f2778dd3493cb9e74b0a0c238b84",
    (3, "90min", "ru"): "b95e32d46ccc327615d1e8201c90a7aa63754c926da24daf9af341bf1c196208",
}


@pytest.mark.parametrize(("seed", "variant", "lang"), list(FILES_REFERENCE))
def test_the_schedule_files_are_the_reference_writers(seed: int, variant: str, lang: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    assert _files_digest(seed, variant, lang) == FILES_REFERENCE[(seed, variant, lang)]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_agenda_made_once_per_program_is_agenda_text(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """_AgendaMaker reuses texts that name nobody across pairs: each text is still agenda_text's, and a
    template that names a person (a translation may) is filled per pair."""
    from rmentor.core import scheduling
    from rmentor.i18n import get_language, set_language

    program = Program.model_validate({"start": "2027-01-11"})
    before = get_language()
    set_language(lang)  # type: ignore[arg-type]
    try:
        maker = scheduling._AgendaMaker(program)
        for total in (1, 2, 3, 7, 13):
            for n in range(1, total + 1):
                kind = scheduling.session_kind(n, total)
                for topic in (None, "Python", "Нейросети"):
                    for names in (("Анна", "Борис"), ("Carl", "Dana")):
                        want = scheduling.agenda_text(program, kind, n, total, *names, topic)
                        assert maker(kind, n, total, *names, topic) == want
        original = scheduling._default_templates
        monkeypatch.delenv("RMENTOR_STRICT_I18N")  # the patched template is the test's, not in the catalogue
        monkeypatch.setattr(scheduling, "_default_templates",
                            lambda *a: (original(*a)[0] + " {senior:>{total}}", *original(*a)[1:]))
        maker = scheduling._AgendaMaker(program)
        assert maker("first", 1, 3, "Анна", "Борис", None) != maker("first", 1, 3, "Carl", "Борис", None)
        assert maker("first", 1, 3, "Carl", "Борис", None)[0].endswith(" Carl")
    finally:
        set_language(before)
