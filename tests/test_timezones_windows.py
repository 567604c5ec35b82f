"""Time zones and availability as HR exports write them (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmentor.inputs.loading import load_program, load_roster
from rmentor.inputs.timezones import to_iana
from rmentor.model import Program, parse_windows


@pytest.mark.parametrize(("text", "zone"), [
    ("МСК", "Europe/Moscow"), ("мск+2", "Asia/Yekaterinburg"), ("МСК-1", "Europe/Kaliningrad"),
    ("MSK+4", "Asia/Krasnoyarsk"), ("UTC+3", "Europe/Moscow"), ("GMT+7", "Asia/Krasnoyarsk"),
    ("UTC+2", "Etc/GMT-2"), ("GMT-5", "Etc/GMT+5"),
    ("UTC", "UTC"), ("GMT", "GMT"), ("GMT+0", "GMT+0"), ("UTC +5", "Asia/Yekaterinburg"),
    ("Новосибирск", "Asia/Novosibirsk"), ("Екатеринбург", "Asia/Yekaterinburg"), ("Алматы", "Asia/Almaty"),
    ("Минск", "Europe/Minsk"), ("Ташкент", "Asia/Tashkent"), ("Санкт-Петербург", "Europe/Moscow"),
    ("novosibirsk", "Asia/Novosibirsk"), ("europe/moscow", "Europe/Moscow"), ("Asia/Omsk", "Asia/Omsk"),
])
def test_spellings_map_to_iana(text: str, zone: str) -> None:
    assert to_iana(text) == zone


@pytest.mark.parametrize("text", ["Марс", "МСК+13", "UTC+20", "", "../etc/passwd"])
def test_unknown_spellings_stay_unknown(text: str) -> None:
    assert to_iana(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("вт 10-12", [(1, 600, 720)]),
    ("вторник с 10 до 12", [(1, 600, 720)]),
    ("Пн–Ср 9:00–10:30", [(0, 540, 630), (1, 540, 630), (2, 540, 630)]),
    ("вт, чт с 10.30 до 12", [(1, 630, 720), (3, 630, 720)]),
    ("Tue 10:00-12:00", [(1, 600, 720)]),
])
def test_more_window_spellings(text: str, expected: list[tuple[int, int, int]]) -> None:
    assert [(w["day"], w["start"], w["end"]) for w in parse_windows(text)] == expected


def test_the_mapping_is_reported(tmp_path: Path) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "seniors:\n"
        "  - {id: s, name: S, department: A, timezone: МСК+2, availability: [вт 10-12],\n"
        "     scores: {readiness: 5, openness: 5}, wants: [x]}\n"
        "juniors:\n"
        "  - {id: j, name: J, department: B, timezone: Новосибирск, availability: [вторник с 10 до 12],\n"
        "     scores: {communication: 5, sharing: 5, structuring: 5}, offers: [x]}\n", encoding="utf-8")
    loaded = load_roster(roster, Program())
    assert loaded.value.seniors[0].timezone == "Asia/Yekaterinburg"
    assert loaded.value.juniors[0].timezone == "Asia/Novosibirsk"
    note = next(w for w in loaded.warnings if "time zones" in w.message)
    assert note.params["mapping"] == "МСК+2 → Asia/Yekaterinburg, Новосибирск → Asia/Novosibirsk"
    program = tmp_path / "program.yaml"
    program.write_text("timezone: МСК\n", encoding="utf-8")
    loaded_program = load_program(program)
    assert loaded_program.value.timezone == "Europe/Moscow"
    assert any("МСК → Europe/Moscow" in w.params.get("mapping", "") for w in loaded_program.warnings)
