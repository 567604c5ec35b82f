"""No user text reaches an iCalendar property or parameter unescaped (issue 11), even text that
did not come through the model's validation (model_copy skips it)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _sched_helpers import P, person, program, roster
from rmentor.core.scheduling import schedule
from rmentor.outputs.ics import check_ics, ics_files, ics_text

NASTY = ["Name\r\nEND:VEVENT\r\nBEGIN:VEVENT", "lone\rCR", "LF\nhere", "esc\x1b[2J", 'quote " ; , : \\ ^',
         "bidi\u202eevil", "nel\x85x", "ls\u2028x", "nul\x00x"]


def _files(name: str, program_name: str) -> dict[str, bytes]:
    r = roster([person("s1", ["Tue 10:00-12:00"])], [person("j1", ["Tue 10:00-12:00"], junior=True)])
    evil = [p.model_copy(update={"name": name, "department": name}) for p in r.seniors]
    r = r.model_copy(update={"seniors": tuple(evil)})
    prog = program(duration={"sessions": 3})
    prog = prog.model_copy(update={"name": program_name})
    sched = schedule([P("P1", "s1", "j1")], r, prog, today=date(2027, 1, 1))
    return ics_files(sched)


@pytest.mark.parametrize("text", NASTY)
def test_user_text_never_breaks_a_calendar(text: str) -> None:
    from icalendar import Calendar

    for name, data in _files(text, text).items():
        check_ics(data)
        cal = Calendar.from_ical(data)
        events = [c for c in cal.walk() if c.name == "VEVENT"]
        # HR's overview holds the three sessions; the pair's own calendar is one weekly series
        assert len(events) == (3 if name == "calendar.ics" else 1)
        for ev in events:
            assert "END:VEVENT" not in str(ev.get("summary")).replace(" ", "") or "END:VEVENT" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=30))
def test_any_name_gives_three_events_and_clean_lines(text: str) -> None:
    for name, data in _files(text, text).items():
        check_ics(data)
        assert data.count(b"\r\nBEGIN:VEVENT\r\n") == (3 if name == "calendar.ics" else 1)


def test_the_sanitiser_keeps_line_breaks_only_in_multi_line_text() -> None:
    assert ics_text("a\r\nb\rc\x1bd") == "a b c d"
    assert ics_text("a\r\nb\rc", multiline=True) == "a\nb\nc"


def test_a_broken_calendar_is_refused_not_written() -> None:
    for bad in (b"BEGIN:VCALENDAR\r\nX:a\rb\r\nEND:VCALENDAR\r\n", b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n",
                b"BEGIN:VCALENDAR\r\nX:\x1b\r\nEND:VCALENDAR\r\n"):
        with pytest.raises(RuntimeError):
            check_ics(bad)


def test_the_checks_hold_under_python_optimize(tmp_path: Path) -> None:
    """``python -O`` strips asserts: the calendar checks must not be asserts."""
    code = ("import sys; sys.path.insert(0, 'tests'); import test_ics_injection as t; "
            "[t.check_ics(d) for d in t._files('a\\r\\nEND:VEVENT', 'b\\rc').values()]; "
            "import rmentor.outputs.ics as i\n"
            "try:\n i.check_ics(b'X:\\x1b\\r\\n')\nexcept RuntimeError:\n print('refused')")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-O", "-c", code], cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and "refused" in done.stdout, done.stderr


_OLD_BAD_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n|\xc2[\x80-\x9f]"
                            rb"|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
_PIECES = [b"\r", b"\n", b"\r\n", b"\n\r", b"\x00", b"\x1b", b"\x7f", b"\t", b"\x0b", b"\xc2", b"\x80", b"\x9f",
           b"\xa0", b"\xe2", b"\x81", b"\xa6", b"\xa9", b"\xaa", b"\xa8", b"\xae", b"\xaf", b"\xe2\x80\xae",
           b"\xe2\x81\xa6", b"\xc2\x85", b"\xc2\xab", "жё—«»".encode(), b"a", b"BEGIN:VEVENT", b" "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(b"".join))
def test_the_fast_byte_check_refuses_exactly_what_the_regular_expression_did(data: bytes) -> None:
    from rmentor.outputs.ics import _bad_bytes

    assert _bad_bytes(data) == (_OLD_BAD_BYTES.search(data) is not None)
