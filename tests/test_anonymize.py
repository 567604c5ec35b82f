"""--anonymize: shared results carry no names, emails or ids, and the pairs do not change."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import document_text
from rmentor.cli import app
from rmentor.inputs.loading import load_program, load_roster
from rmentor.model import Roster
from rmentor.outputs.anonymize import anonymize_match, anonymize_roster, pseudonyms


def _personal(roster: Roster) -> set[str]:
    """Every piece of personal text in the roster."""
    found: set[str] = set(roster.managers)
    for p in [*roster.seniors, *roster.juniors]:
        found |= {p.id, p.name, *p.name.split()}
        found |= {x for x in (p.email, p.title, p.notes, p.manager) if x}
    return {x for x in found if len(x) >= 3}


def _mentions(text: str, word: str) -> bool:
    """``word`` appears as a whole word (so 'ceo' inside 'video' does not count)."""
    return word in text and re.search(rf"(?<![\w@.-]){re.escape(word)}(?![\w@-])", text) is not None


def _rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    head = text.split("\n", 1)[0]
    # ';' for a Russian program such as the example (issue 15), ',' otherwise
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if head.count(";") > head.count(",") else ","))


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_anonymized_outputs_carry_no_personal_data(tmp_path: Path, example_roster: Path,
                                                    example_program: Path) -> None:
    roster = load_roster(example_roster, load_program(example_program).value).value
    base = ["match", str(example_roster), "--config", str(example_program), "--anonymize", "--lang", "en"]
    table = _run([*base, "--out", str(tmp_path / "a")])
    as_json = _run([*base, "--format", "json"])
    written = (tmp_path / "a" / "pairs.csv").read_bytes().decode("utf-8-sig")
    personal = _personal(roster)
    assert len(personal) > 50
    for text in (table, as_json, written):
        leaked = sorted(x for x in personal if _mentions(text, x))
        assert not leaked, leaked
        assert "@" not in text
    assert "Senior " in written and "Junior " in written


def test_anonymizing_changes_no_pair(tmp_path: Path, example_roster: Path, example_program: Path) -> None:
    base = ["match", str(example_roster), "--config", str(example_program), "--lang", "en"]
    _run([*base, "--out", str(tmp_path / "plain")])
    _run([*base, "--out", str(tmp_path / "anon"), "--anonymize"])
    plain = _rows((tmp_path / "plain" / "pairs.csv").read_bytes())
    anon = _rows((tmp_path / "anon" / "pairs.csv").read_bytes())
    roster = load_roster(example_roster, load_program(example_program).value).value
    ids = pseudonyms(roster).ids
    assert len(plain) == len(anon) >= 6
    for a, b in zip(plain, anon, strict=True):
        expected = (a["pair_id"], ids[a["senior_id"]], ids[a["junior_id"]])
        assert (b["pair_id"], b["senior_id"], b["junior_id"]) == expected
        for column in ("senior_department", "junior_department", "score", "shared_topics", "reasons"):
            assert a[column] == b[column]
        assert b["senior_name"] == "Senior " + b["senior_id"][1:]
        assert b["junior_name"] == "Junior " + b["junior_id"][1:]


def test_pseudonyms_are_stable_and_keyed(example_roster: Path, example_program: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    roster = load_roster(example_roster, load_program(example_program).value).value
    first = pseudonyms(roster).ids
    shuffled = roster.model_copy(update={"seniors": roster.seniors[::-1], "juniors": roster.juniors[::-1]})
    assert pseudonyms(shuffled).ids == first  # order does not matter
    assert len(set(first.values())) == len(first)
    assert all(re.fullmatch(r"[sjm][0-9a-f]{4}", v) for v in first.values())

    monkeypatch.setenv("RMENTOR_ANONYMIZE_KEY", "our-secret")
    keyed = pseudonyms(roster).ids
    assert keyed != first
    # with a fixed key, dropping a person leaves everyone else's pseudonym as it was
    smaller = roster.model_copy(update={"juniors": roster.juniors[1:]})
    kept = pseudonyms(smaller).ids
    assert all(kept[pid] == keyed[pid] for pid in kept)


def test_collisions_lengthen_every_code() -> None:
    people = [{"id": f"p{i}", "name": "X", "department": "D"} for i in range(3000)]
    roster = Roster.model_validate({"seniors": people[:1500], "juniors": people[1500:]})
    ids = pseudonyms(roster, key=b"k").ids
    assert len(set(ids.values())) == 3000
    assert len({len(v) for v in ids.values()}) == 1 and len(next(iter(ids.values()))) > 5  # 4 hex would collide


def test_references_follow_the_pseudonyms() -> None:
    roster = Roster.model_validate({
        "seniors": [{"id": "volkov", "name": "Волков", "department": "A", "manager": "ceo", "email": "v@x.ru",
                     "notes": "+79161234567", "title": "CFO"}],
        "juniors": [{"id": "belova", "name": "Белова", "department": "B", "avoid": ["volkov"]}],
        "pinned": [["volkov", "belova"]], "history": [["volkov", "belova"]], "managers": {"ceo": None},
    })
    p = pseudonyms(roster, key=b"k")
    anon = anonymize_roster(roster, p)
    s, j = anon.seniors[0], anon.juniors[0]
    assert (s.id, s.manager, j.avoid) == (p.ids["volkov"], p.ids["ceo"], (p.ids["volkov"],))
    assert anon.pinned == anon.history == ((p.ids["volkov"], p.ids["belova"]),)
    assert anon.managers == {p.ids["ceo"]: None}
    assert (s.email, s.notes, s.title) == (None, None, None)
    assert "volkov" not in json.dumps(anon.model_dump(mode="json"), ensure_ascii=False)


def test_russian_pseudonyms(example_roster: Path, example_program: Path) -> None:
    from rmentor.core.matching import match
    from rmentor.i18n import set_language

    program = load_program(example_program).value
    roster = load_roster(example_roster, program).value
    set_language("ru")
    try:
        people, _ = anonymize_match(roster, match(roster, program))
    finally:
        set_language("en")
    assert people.seniors[0].name.startswith("Старший ")
    assert people.juniors[0].name.startswith("Младший ")


def _texts(root: Path) -> dict[str, str]:
    """Every file under ``root`` as text; xlsx by its XML parts (cells, sheet names)."""
    import zipfile

    out: dict[str, str] = {}
    for f in sorted(root.rglob("*")):
        if not f.is_file() or f.suffix == ".png":
            continue
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                out[str(f)] = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        else:
            out[str(f)] = document_text(f)  # .docx and .pdf by the text people read in them
    return out


def _leaks(roster: Roster, texts: dict[str, str]) -> dict[str, list[str]]:
    personal = _personal(roster)
    found = {}
    for name, text in texts.items():
        leaked = sorted(x for x in personal if _mentions(text, x))
        if leaked:
            found[name] = leaked
    return found


def test_schedule_anonymize_keeps_the_calendar_and_drops_the_people(
    tmp_path: Path, example_roster: Path, example_program: Path
) -> None:
    base = ["schedule", str(example_roster), "--config", str(example_program), "--lang", "en", "-q"]
    _run([*base, "--out", str(tmp_path / "plain")])
    _run([*base, "--out", str(tmp_path / "anon"), "--anonymize", "--format", "xlsx"])
    roster = load_roster(example_roster, load_program(example_program).value).value
    texts = _texts(tmp_path / "anon")
    assert any(k.endswith("schedule.xlsx") for k in texts) and any(k.endswith("calendar.ics") for k in texts)
    assert _leaks(roster, texts) == {}
    ids = pseudonyms(roster).ids
    plain = _rows((tmp_path / "plain" / "sessions.csv").read_bytes())
    anon = _rows((tmp_path / "anon" / "sessions.csv").read_bytes())
    assert len(plain) == len(anon) > 50
    for a, b in zip(plain, anon, strict=True):
        assert [b[c] for c in ("pair_id", "session", "date", "start", "end", "timezone")] == \
               [a[c] for c in ("pair_id", "session", "date", "start", "end", "timezone")]
        assert (b["senior_id"], b["junior_id"]) == (ids[a["senior_id"]], ids[a["junior_id"]])


def test_plan_anonymize_writes_a_kit_without_people(tmp_path: Path, example_roster: Path,
                                                    example_program: Path) -> None:
    base = [str(example_roster), "--config", str(example_program), "--lang", "en", "--anonymize"]
    _run(["plan", *base, "--out", str(tmp_path / "kit"), "-q"])
    _run(["match", *base, "--out", str(tmp_path / "match")])
    roster = load_roster(example_roster, load_program(example_program).value).value
    texts = _texts(tmp_path / "kit")
    assert len(texts) > 20  # brief, pairs, calendar, sessions, one kit folder per pair
    assert sum(k.endswith((".docx", ".pdf")) for k in texts) >= 60
    assert _leaks(roster, texts) == {}
    # the kit's pairs are the pairs match finds, under the same pseudonyms
    assert (tmp_path / "kit" / "pairs.csv").read_bytes() == (tmp_path / "match" / "pairs.csv").read_bytes()


def test_rematch_anonymize_keeps_the_pairs_and_drops_the_people(tmp_path: Path, example_roster: Path,
                                                                 example_program: Path) -> None:
    base = [str(example_roster), "--config", str(example_program), "--lang", "en"]
    _run(["match", *base, "--out", str(tmp_path / "m")])
    again = [*base, "--pairs", str(tmp_path / "m" / "pairs.csv"), "--end", "P01"]
    _run(["rematch", *again, "--out", str(tmp_path / "plain")])
    table = _run(["rematch", *again, "--out", str(tmp_path / "anon"), "--anonymize"])
    roster = load_roster(example_roster, load_program(example_program).value).value
    assert _leaks(roster, {"table": table, **_texts(tmp_path / "anon")}) == {}
    ids = pseudonyms(roster).ids
    plain = _rows((tmp_path / "plain" / "pairs.csv").read_bytes())
    anon = _rows((tmp_path / "anon" / "pairs.csv").read_bytes())
    assert [(r["pair_id"], ids[r["senior_id"]], ids[r["junior_id"]]) for r in plain] == \
           [(r["pair_id"], r["senior_id"], r["junior_id"]) for r in anon]
