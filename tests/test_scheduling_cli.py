"""``rmentor schedule`` end to end: the example program, ICS round trip, exit codes, determinism."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
import yaml
from typer.testing import CliRunner

from _sched_helpers import person
from rmentor.cli import app
from rmentor.outputs.schedule_files import SESSIONS_HEADER

DATA = Path(__file__).resolve().parent / "data"
PAIRS = DATA / "pairs_example.csv"
MSK = ZoneInfo("Europe/Moscow")


def run(runner: CliRunner, *args: str | Path) -> object:
    return runner.invoke(app, ["schedule", *map(str, args)])


def read_sessions(out: Path) -> list[dict[str, str]]:
    text = (out / "sessions.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    body = text.decode("utf-8-sig")
    # ';' for a Russian program unless --delimiter says otherwise (issue 15)
    delimiter = ";" if body.split("\n", 1)[0].count(";") > body.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))


def files_of(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def example_out(runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["schedule", str(example_roster), "--config", str(example_program),
                                 "--pairs", str(PAIRS), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out


def test_example_every_pair_gets_13_biweekly_sessions_none_on_a_holiday(example_out: Path) -> None:
    rows = read_sessions(example_out)
    assert list(rows[0]) == list(SESSIONS_HEADER)
    ru = holidays.country_holidays("RU", years=[2027])
    by_pair: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_pair.setdefault(row["pair_id"], []).append(row)
    assert sorted(by_pair) == [f"P{i:02d}" for i in range(1, 11)]
    for pid, sessions in by_pair.items():
        assert [int(r["session"]) for r in sessions] == list(range(1, 14)), pid
        days = [date.fromisoformat(r["date"]) for r in sessions]
        assert not [d for d in days if d in ru], pid
        assert not [d for d in days if date(2027, 3, 29) <= d <= date(2027, 4, 2)], pid  # the program's blackout
        # two weeks apart, modulo shifts: session k is in the cadence period k (or moved within it)
        for k, d in enumerate(days):
            assert 0 <= (d - (date(2027, 1, 11) + timedelta(weeks=2 * k))).days < 14, (pid, k, d)
        assert all(r["held"] == "" and r["cancelled_by"] == "" and r["timezone"] == "Europe/Moscow"
                   for r in sessions)
        assert all(r["title"] and r["goal"] and r["assignment"] for r in sessions)
    # the capacity-2 mentor (romanova: P01 and P05) is never booked twice at once
    romanova = sorted((r["date"], r["start"], r["end"]) for r in rows if r["junior_id"] == "romanova")
    assert len(romanova) == 26
    assert all(a[0] != b[0] or a[2] <= b[1] for a, b in itertools.pairwise(romanova))
    names = {p.name for p in (example_out / "ics").iterdir()}
    assert names == {f"P{i:02d}.ics" for i in range(1, 11)}


def test_ics_parses_back_to_the_same_sessions(example_out: Path) -> None:
    from icalendar import Calendar

    rows = read_sessions(example_out)
    cal = Calendar.from_ical((example_out / "calendar.ics").read_bytes())
    assert str(cal["version"]) == "2.0" and "rmentor" in str(cal["prodid"])
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Moscow"]
    events = cal.walk("VEVENT")
    assert len(events) == len(rows) == 130
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    got = sorted((e.decoded("dtstart"), e.decoded("dtend")) for e in events)
    want = sorted(
        (datetime.fromisoformat(f"{r['date']}T{r['start']}").replace(tzinfo=MSK),
         datetime.fromisoformat(f"{r['date']}T{r['end']}").replace(tzinfo=MSK)) for r in rows)
    assert got == want
    first = next(e for e in events if str(e["uid"]).startswith("P03-001-"))
    assert str(first.decoded("dtstart").tzinfo) == "Europe/Moscow"
    text = str(first["description"])
    assert "Goal:" in text and "https://meet.sevveter.example/rm-P03" in text
    assert "https://chat.sevveter.example/reverse-mentoring" in text
    assert str(first["organizer"]) == "mailto:mentoring@sevveter.example"  # the program mailbox
    assert "attendee" not in first and str(first["transp"]) == "TRANSPARENT"  # HR's overview
    assert str(cal["method"]) == "PUBLISH"
    assert first.decoded("dtstamp") == datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC"))  # SOURCE_DATE_EPOCH
    import recurring_ical_events

    raw = (example_out / "ics" / "P03.ics").read_bytes()
    per_pair = Calendar.from_ical(raw)
    assert len({str(e["uid"]) for e in per_pair.walk("VEVENT")}) == 1  # one series: one meeting in Outlook
    expanded = recurring_ical_events.of(per_pair).between(datetime(2026, 1, 1), datetime(2029, 1, 1))
    assert sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in expanded) == sorted(
        (datetime.fromisoformat(f"{r['date']}T{r['start']}").replace(tzinfo=MSK),
         datetime.fromisoformat(f"{r['date']}T{r['end']}").replace(tzinfo=MSK)) for r in rows if r["pair_id"] == "P03")


def test_outputs_are_stable_across_runs_and_input_order(
    runner: CliRunner, example_roster: Path, example_program: Path, example_out: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(example_roster.read_text(encoding="utf-8"))
    rng = random.Random(7)
    rng.shuffle(data["seniors"])
    rng.shuffle(data["juniors"])
    for p in data["seniors"] + data["juniors"]:
        rng.shuffle(p["availability"])
    shuffled = tmp_path / "roster.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lines = PAIRS.read_text(encoding="utf-8-sig").splitlines()
    body = lines[1:]
    rng.shuffle(body)
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    out2 = tmp_path / "again"
    result = run(runner, shuffled, "--config", example_program, "--pairs", pairs, "--out", out2, "--lang", "en")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert files_of(out2) == files_of(example_out)


def test_refuses_to_overwrite_without_force(
    runner: CliRunner, example_roster: Path, example_program: Path, example_out: Path
) -> None:
    before = files_of(example_out)
    args = [example_roster, "--config", example_program, "--pairs", PAIRS, "--out", example_out, "--lang", "en"]
    again = run(runner, *args)
    assert again.exit_code == 2 and "--force" in again.output  # type: ignore[attr-defined]
    assert files_of(example_out) == before
    forced = run(runner, *args, "--force")
    assert forced.exit_code == 0, forced.output  # type: ignore[attr-defined]
    assert files_of(example_out) == before


def _small_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    roster = {
        "seniors": [person("alpha", ["Tue 10:00-12:00"]), person("beta", ["Wed 10:00-10:30"])],
        "juniors": [person("gamma", ["Tue 10:00-12:00"], junior=True),
                    person("delta", ["Wed 09:00-12:00"], "Europe/Moscow", junior=True)],
    }
    rpath, ppath, cpath = tmp_path / "roster.yaml", tmp_path / "program.yaml", tmp_path / "pairs.csv"
    rpath.write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    ppath.write_text("name: Small\nstart: 2027-01-11\nduration: {sessions: 4}\n", encoding="utf-8")
    cpath.write_text("pair_id,senior_id,junior_id\nP01,alpha,gamma\nP02,beta,delta\n", encoding="utf-8")
    return rpath, ppath, cpath


def test_no_common_window_exits_3_and_names_the_pair(runner: CliRunner, tmp_path: Path) -> None:
    rpath, ppath, cpath = _small_files(tmp_path)
    out = tmp_path / "out"
    result = run(runner, rpath, "--config", ppath, "--pairs", cpath, "--out", out)
    assert result.exit_code == 3, result.output  # type: ignore[attr-defined]
    assert "P02 (beta / delta): overlap only 30 min on Wed" in result.output  # type: ignore[attr-defined]
    assert "--allow-partial" in result.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_allow_partial_writes_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    rpath, ppath, cpath = _small_files(tmp_path)
    out = tmp_path / "out"
    result = run(runner, rpath, "--config", ppath, "--pairs", cpath, "--out", out, "--allow-partial")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "P02 is not scheduled" in result.output  # type: ignore[attr-defined]
    assert {r["pair_id"] for r in read_sessions(out)} == {"P01"}
    assert sorted(p.name for p in (out / "ics").iterdir()) == ["P01.ics"]
    assert "Not scheduled" in (out / "schedule.md").read_text(encoding="utf-8")


def test_json_output_shape(runner: CliRunner, tmp_path: Path) -> None:
    rpath, ppath, cpath = _small_files(tmp_path)
    result = run(runner, rpath, "--config", ppath, "--pairs", cpath, "--out", tmp_path / "o", "--allow-partial",
                 "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    payload = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert payload["version"] == 1
    assert set(payload) == {"version", "program", "timezone", "start", "end", "periods", "pairs", "unscheduled",
                            "warnings", "files"}
    (pair,) = payload["pairs"]
    assert (pair["pair_id"], pair["weekday"], pair["start"], len(pair["sessions"])) == ("P01", 1, "10:00", 4)
    assert set(pair["sessions"][0]) == {"session", "date", "start", "end", "kind", "title", "moved_from",
                                        "moved_because", "to_confirm"}
    (u,) = payload["unscheduled"]
    assert u["pair_id"] == "P02" and u["code"] == "short_overlap" and u["alternatives"]
    assert payload["files"] == ["calendar.ics", "ics/P01.ics", "schedule.md", "sessions.csv"]


def test_russian_terminal_and_files(runner: CliRunner, example_roster: Path, example_program: Path,
                                    tmp_path: Path) -> None:
    out = tmp_path / "ru"
    result = run(runner, example_roster, "--config", example_program, "--pairs", PAIRS, "--out", out)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Время встреч" in result.output and "Пн 15:00-16:00" in result.output  # type: ignore[attr-defined]
    md = (out / "schedule.md").read_text(encoding="utf-8")
    assert "## Январь 2027" in md and "День Победы" in md
    rows = read_sessions(out)
    assert rows[0]["title"] == "Знакомство и договорённости"


def test_unknown_pair_ids_are_input_errors(runner: CliRunner, example_roster: Path, tmp_path: Path) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("pair_id;senior_id;junior_id\nP01;volkof;ivanova\n", encoding="utf-8")
    result = run(runner, example_roster, "--pairs", bad, "--out", tmp_path / "o", "--lang", "en")
    assert result.exit_code == 2
    assert "pairs.csv:2:2" in result.output and "did you mean 'volkov'" in result.output  # type: ignore[attr-defined]


def test_ics_lines_are_folded_crlf_and_every_tzid_is_defined(example_out: Path) -> None:
    raw = (example_out / "calendar.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    text = raw.decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == 1 and "TZID:Europe/Moscow" in text
    assert "METHOD:PUBLISH" in text  # a calendar to import, not an invitation


def _texts(expr: object) -> list[str]:
    """Every string a template expression can evaluate to (constants, a if c else b, a + b)."""
    import ast

    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _texts(expr.body) + _texts(expr.orelse)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return [a + b for a in _texts(expr.left) for b in _texts(expr.right)]
    return []


def test_every_scheduling_message_has_a_russian_translation() -> None:
    import ast

    from rmentor.i18n import catalogue

    RU = {**catalogue("ru").messages, **catalogue("ru").plurals}

    src = Path(__file__).resolve().parent.parent / "src" / "rmentor"
    files = ["core/scheduling.py", "inputs/pairsfile.py", "outputs/ics.py", "outputs/schedule_files.py",
             "cli/render_schedule.py", "cli/commands/schedule.py"]
    missing: list[str] = []
    for name in files:
        tree = ast.parse((src / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            literals: list[ast.expr] = []
            if func in ("tr", "Issue", "InputError", "InfeasibleError"):
                literals = node.args[:1]
            elif func == "trn" or func == "Reason":
                literals = node.args[:1] if func == "trn" else node.args[1:2]
            literals += [kw.value for kw in node.keywords if kw.arg == "hint"]
            if func == "Issue" and len(node.args) > 3:
                literals.append(node.args[3])
            for lit in literals:
                missing += [f"{name}: {t!r}" for t in _texts(lit) if t not in RU]
    for const in ("_DEFAULT_AGENDA", "_REGULAR_TOPIC", "_REGULAR_PLAIN", "_BEFORE_LAST", "_MONTHS"):
        import rmentor.core.scheduling as sched_mod
        import rmentor.outputs.schedule_files as files_mod

        value = getattr(sched_mod, const, None) or getattr(files_mod, const)
        texts = [t for v in value.values() for t in v] if isinstance(value, dict) else (
            [value] if isinstance(value, str) else list(value))
        missing += [t for t in texts if t not in RU]
    assert not missing, "\n".join(missing)


def test_without_pairs_the_roster_is_matched_on_the_fly(
    runner: CliRunner, example_roster: Path, example_program: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fly"
    result = run(runner, example_roster, "--config", example_program, "--out", out, "--lang", "en")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Matched 10 pairs on the fly" in result.output  # type: ignore[attr-defined]
    rows = read_sessions(out)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["pair_id"]] = counts.get(r["pair_id"], 0) + 1
    assert len(counts) == 10 and set(counts.values()) == {13}
    assert ("lebedeva", "petrov") in {(r["senior_id"], r["junior_id"]) for r in rows}  # the pinned pair
