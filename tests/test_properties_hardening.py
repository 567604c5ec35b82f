"""Properties: the loader only ever raises InputError, and CSV round-trips names exactly.

"Schedules never use a day off" is the scheduling helper's property
(tests/test_scheduling.py::test_no_session_ever_lands_on_a_day_off_or_a_blackout); it is
not repeated here. ``RMENTOR_FUZZ_EXAMPLES=5000`` runs the loader properties longer than
the suite's 60 examples each.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rmentor.errors import InputError
from rmentor.inputs.cells import restore
from rmentor.inputs.loading import load_program, load_roster
from rmentor.model import Program
from rmentor.outputs.csvfile import csv_bytes

CASES = Path(__file__).resolve().parent / "cases" / "bad"
# the corpus's base roster: two seniors, two juniors, managers outside the program
SMALL_VALID = (CASES / "start-in-the-past" / "roster.yaml").read_text(encoding="utf-8")

PROPERTY = settings(max_examples=int(os.environ.get("RMENTOR_FUZZ_EXAMPLES", "60")), deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    # hypothesis runs many examples per test; a module-wide folder avoids one tmp_path per example
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _load(folder: Path, data: bytes, suffix: str = ".yaml") -> None:
    path = folder / f"roster{suffix}"
    path.write_bytes(data)
    try:
        load_roster(path, Program())
    except InputError as exc:
        text = exc.render()  # rendering must not fail either
        assert text and "Traceback" not in text


# ------------------------------------------------------------------ the loader never crashes

@PROPERTY
@given(st.text(max_size=400))
def test_any_text_is_loaded_or_refused_with_an_input_error(scratch: Path, text: str) -> None:
    _load(scratch, text.encode("utf-8", "surrogatepass") if any(0xD800 <= ord(c) <= 0xDFFF for c in text)
          else text.encode("utf-8"))


@PROPERTY
@given(st.binary(max_size=400), st.sampled_from([".yaml", ".csv", ".xlsx"]))
def test_any_bytes_are_loaded_or_refused_with_an_input_error(scratch: Path, data: bytes, suffix: str) -> None:
    _load(scratch, data, suffix)


_CELLS = st.one_of(st.text(max_size=15), st.sampled_from(
    ["senior", "junior", "старший", "младший", "5", "5.0", "=1+1", "Tue 10:00-12:00", "a; b", "0123", "", "s1", "j1"]))
_HEADERS = st.sampled_from(["side", "Сторона", "id", "ID", "name", "Имя", "department", "Отдел", "manager",
                            "capacity", "availability", "wants", "offers", "readiness", "openness",
                            "communication", "sharing", "structuring", "Готовность", "x", ""])


@PROPERTY
@given(st.lists(_HEADERS, min_size=1, max_size=8), st.lists(st.lists(_CELLS, max_size=9), max_size=5),
       st.sampled_from([",", ";"]))
def test_any_roster_table_is_loaded_or_refused_with_an_input_error(scratch: Path, header: list[str],
                                                                  rows: list[list[str]], delimiter: str) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter).writerows([header, *rows])
    _load(scratch, buf.getvalue().encode("utf-8"), ".csv")


_YAML_NOISE = st.sampled_from([
    "\t", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object:os.system ", "!x ", "'", '"',
    "#", "\n", "  ", "---\n", "? ", "|", ">", "%YAML 1.1\n", "<<: *a\n", "~", "0123", "NO", "1e400", "-1", "Ё",
    "\ufeff", "\x00", "\r", "99999999999999999999999", "2027-02-30", "Mon 25:00-26:00", "../x", "CON",
])


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = SMALL_VALID
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "dup_line", "drop_line"]))
        if op == "insert":
            text = text[:pos] + draw(_YAML_NOISE) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 12)):]
        else:
            lines = text.splitlines(keepends=True)
            k = draw(st.integers(0, len(lines) - 1))
            lines[k:k + 1] = [lines[k], lines[k]] if op == "dup_line" else []
            text = "".join(lines)
    return text


@PROPERTY
@given(_mutated())
def test_mutated_valid_rosters_are_loaded_or_refused_with_an_input_error(scratch: Path, text: str) -> None:
    _load(scratch, text.encode("utf-8"))


_KEYS = st.sampled_from(["seniors", "juniors", "pinned", "history", "managers", "id", "name", "department",
                         "email", "manager", "timezone", "availability", "avoid", "scores", "wants", "offers",
                         "capacity", "readiness", "openness", "communication", "sharing", "structuring", "notes"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                     st.text(max_size=12), st.sampled_from(["Tue 10:00-12:00", "Europe/Moscow", "a@b.ru", "s1", "j1"]))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=25)


@PROPERTY
@given(st.dictionaries(_KEYS, _DATA, max_size=5))
def test_any_roster_shaped_data_is_loaded_or_refused_with_an_input_error(scratch: Path, data: dict[str, Any]) -> None:
    _load(scratch, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


_PROGRAM_KEYS = st.sampled_from(["name", "language", "start", "duration", "months", "sessions", "timezone",
                                 "holiday_country", "blackouts", "working_hours", "days", "start", "end", "matching",
                                 "pilot", "min", "max", "scale", "senior_criteria", "weight", "solver", "seed",
                                 "hypotheses", "kind", "target", "level", "agenda", "tools", "goals"])
_PROGRAM_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                               st.dictionaries(_PROGRAM_KEYS, inner, max_size=4)),
                             max_leaves=20)


@PROPERTY
@given(st.dictionaries(_PROGRAM_KEYS, _PROGRAM_DATA, max_size=5))
def test_any_program_shaped_data_is_loaded_or_refused_with_an_input_error(scratch: Path,
                                                                         data: dict[str, Any]) -> None:
    path = scratch / "program.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_program(path)
    except InputError as exc:
        assert exc.render()


def test_the_mutation_strategy_reaches_the_loader_deeply() -> None:
    """Guard the guard: the valid seed itself loads, so mutations start from real data."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "roster.yaml"
        path.write_text(SMALL_VALID, encoding="utf-8")
        loaded = load_roster(path, Program())
        assert len(loaded.value.seniors) == 2 and loaded.value.managers


# ------------------------------------------------------------------ CSV round trip

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _documented(value: str) -> str:
    """What docs/guarantees.md promises a cell reads back as."""
    bare = value.lstrip("'")
    if not bare.startswith(_FORMULA):
        return value
    if bare == value and value.startswith("-"):
        try:
            float(value)
        except ValueError:
            return "'" + value
        return value  # a plain negative number stays a number
    return "'" + value  # a formula start, also behind apostrophes, so that restore() is exact


_TEXT = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x400, max_codepoint=0x4FF),  # Cyrillic
                       st.sampled_from(list("=+-@\t\r\n\"';,ЁёAz 0.9«»—\u00a0\u200b")),
                       st.characters(blacklist_categories=["Cs"])),
    max_size=30,
)


_NAMES = st.one_of(_TEXT, st.builds(lambda head, tail: head + tail,
                                    st.sampled_from(["'=", "''+", "'-1", "-1", "-1.5e3", "'"]), _TEXT))


@settings(max_examples=150, deadline=2000)
@given(st.lists(st.lists(_NAMES, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from([",", ";"]))
def test_csv_round_trips_names_exactly(rows: list[list[str]], delimiter: str) -> None:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [f"col{i}" for i in range(width)]
    data = csv_bytes(header, rows, delimiter=delimiter)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    back = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert back[0] == header
    assert back[1:] == [[_documented(v) for v in r] for r in rows]
    assert [[restore(c) for c in r] for r in back[1:]] == rows  # readers get back exactly what was written


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
        ("+79161234567", "'+79161234567"),
        ("-1", "-1"),
        ("-5.5", "-5.5"),
        ("-Иванов", "'-Иванов"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Щербакова Ёлка", "Щербакова Ёлка"),
        ("O'Brien; \"Jr\"", "O'Brien; \"Jr\""),
        ("", ""),
        ("'=1+1", "''=1+1"),  # already guarded by hand: one more, so reading back gives '=1+1
        ("'Ok", "'Ok"),
    ],
)
def test_formula_cells_get_one_apostrophe(name: str, cell: str) -> None:
    data = csv_bytes(["name"], [[name]], delimiter=";")
    assert next(iter(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))) == ["name"]
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))[1] == [cell]
    assert restore(cell) == name


@given(st.text(max_size=20))
def test_documented_rule_matches_the_spreadsheet_danger(value: str) -> None:
    """Every cell that reads back starting with a formula character is a plain negative number."""
    assume(value)
    cell = _documented(value)
    if cell.startswith(_FORMULA):
        float(cell)
        assert cell.startswith("-")


# ------------------------------------------------------------------ every command, any valid small input

_DEPTS = ["A", "B", "C"]
_TOPICS = ["smm", "ai", "bi"]
_WINDOWS = ["Tue 10:00-12:00", "Wed 09:00-10:00", "Mon-Fri 09:00-10:00", "Sat 10:00-11:00", "Tue 23:00-24:00"]
_TZS = ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "America/New_York", "Europe/Berlin"]
_HOURS = [{"days": "Mon-Fri", "start": "09:00", "end": "19:00"}, {"days": "Sat", "start": "10:00", "end": "11:00"}]


@st.composite
def _person(draw: st.DrawFn, pid: str, senior: bool) -> dict[str, Any]:
    p: dict[str, Any] = {"id": pid, "name": pid.upper(), "department": draw(st.sampled_from(_DEPTS)),
                         "availability": draw(st.lists(st.sampled_from(_WINDOWS), max_size=2, unique=True))}
    if draw(st.booleans()):
        p["timezone"] = draw(st.sampled_from(_TZS))
    topics = draw(st.lists(st.sampled_from(_TOPICS), max_size=2, unique=True))
    score = st.integers(1, 5)
    if senior:
        p.update(scores={"readiness": draw(score), "openness": draw(score)}, wants=topics)
    else:
        p.update(scores={"communication": draw(score), "sharing": draw(score), "structuring": draw(score)},
                 offers=topics, capacity=draw(st.integers(1, 3)))
    return p


@st.composite
def _program_and_roster(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    seniors = [draw(_person(f"s{i}", True)) for i in range(draw(st.integers(1, 5)))]
    juniors = [draw(_person(f"j{i}", False)) for i in range(draw(st.integers(1, 5)))]
    ids = [p["id"] for p in seniors + juniors]
    for p in seniors + juniors:
        boss = draw(st.sampled_from([None, *ids]))
        if boss not in (None, p["id"]):
            p["manager"] = boss
    roster: dict[str, Any] = {"seniors": seniors, "juniors": juniors}
    pair = st.tuples(st.sampled_from([s["id"] for s in seniors]), st.sampled_from([j["id"] for j in juniors]))
    for section in ("pinned", "history"):
        if draw(st.booleans()):
            roster[section] = [list(draw(pair))]
    matching: dict[str, Any] = {
        "cross_functional": draw(st.sampled_from(["required", "preferred", "ignore"])),
        "min_shared_topics": draw(st.integers(0, 2)),
        "require_common_slot": draw(st.booleans()),
        "max_timezone_gap_hours": draw(st.sampled_from([None, 0, 3, 12])),
    }
    if draw(st.booleans()):
        matching["max_pairs_per_department"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        low = draw(st.integers(1, 4))
        matching["pilot"] = {"min": low, "max": low + draw(st.integers(0, 2))}
    program = {"matching": matching, "start": "2027-01-11",
               "duration": draw(st.sampled_from([{"months": 1}, {"sessions": 3}])),
               "cadence_weeks": draw(st.integers(1, 3)), "day_off_policy": draw(st.sampled_from(["shift", "skip"])),
               "working_hours": draw(st.sampled_from(_HOURS))}
    return roster, program


@settings(max_examples=int(os.environ.get("RMENTOR_FUZZ_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_program_and_roster(), st.sampled_from(["match", "schedule", "plan", "score", "explain"]))
def test_every_command_ends_with_a_documented_exit_code(scratch: Path, case: tuple[dict[str, Any], dict[str, Any]],
                                                        command: str) -> None:
    """Random valid rosters and programs (pins, history, managers, caps, time zones, weekend-only
    hours, skip/shift): every command exits 0, 2 or 3 -- never a traceback. 2,000 examples found
    nothing; the suite runs 15."""
    from typer.testing import CliRunner

    from rmentor.cli import app

    roster, program = case
    (scratch / "r.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    (scratch / "p.yaml").write_text(yaml.safe_dump(program, allow_unicode=True), encoding="utf-8")
    args = [command, str(scratch / "r.yaml"), "--config", str(scratch / "p.yaml"), "--lang", "en"]
    if command == "explain":
        args.insert(2, "s0")
    if command in ("match", "schedule", "plan"):
        args += ["--out", str(scratch / "out"), "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 2, 3), (result.exception, result.output[-2000:])
    assert "Traceback" not in result.output
