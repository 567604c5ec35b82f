"""Russian is complete: every template in the code has a translation, plurals are right,
and the CLI speaks Russian end to end."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

import po  # tools/po.py: the catalogue tool; its source walker is the one these tests trust
from po import DYNAMIC_WORDS, collect_templates
from rmentor.cli import app
from rmentor.i18n import catalogue, ru_plural_index, set_language, tr, trn

RU = catalogue("ru")

SRC = Path(__file__).resolve().parent.parent / "src" / "rmentor"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_scanner_finds_known_templates() -> None:
    """Guard the guard: the scan sees templates of every kind it claims to cover."""
    texts = {t.text for t in collect_templates()[0]}
    for known in ("file not found", "unknown key '{key}'", "{n} senior", "they were paired before",
                  "should be a whole number", "{criterion} {value} is below the minimum {min}",
                  "scale.max must be greater than scale.min", "Side", "Below", "add it",
                  "{file}: {count} problem(s) in the {what} (first {shown} shown)",
                  "the cell has a formula but no saved value", "remove the pair from history", "Seniors",
                  "junior mentoring skills {score}/100"):
        assert known in texts, known


def test_scanner_sees_every_kind_of_call(tmp_path: Path) -> None:
    """A synthetic module: each way a template can be written is found, and f-strings are flagged."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        "class MyError(InputError):\n    pass\n"
        "FIXES = {'a': 'fix a', 'b': 'fix b'}\n"
        "def f(col, rule, x, n):\n"
        "    tr('t1' if x else 't2')\n"
        "    trn('{n} s', '{n} p', n)\n"
        "    raise MyError('m1' + (' more' if x else ''), hint='h1')\n"
        "    col.add(('p',), 'm2', 'h2')\n"
        "    Issue('m3', {}, None, 'h3')\n"
        "    Reason('code', FIXES[rule])\n"
        "    invalid('m4')\n"
        "    for w in ('w1', 'w2'):\n        tr(w)\n"
        "    tr(f'bad {x}')\n"
        "    event.add('summary', f'not a template {x}')\n",
        encoding="utf-8",
    )
    found, fstrings = collect_templates(pkg)
    texts = {t.text for t in found} - DYNAMIC_WORDS
    assert texts == {"t1", "t2", "{n} s", "m1", "m1 more", "h1", "m2", "h2", "m3", "h3", "fix a", "fix b", "m4",
                     "w1", "w2"}
    assert {(t.text, t.plural) for t in found if t.plural} == {("{n} s", "{n} p")}
    assert len(fstrings) == 1


def test_every_template_has_russian() -> None:
    templates, fstrings = collect_templates()
    assert not fstrings, f"f-strings used as message templates: {fstrings}"
    hint = " (run 'python tools/po.py extract --add', then translate the empty entries)"
    missing = sorted({f"{t.where}: {t.text!r}" for t in templates
                      if t.text not in (RU.plurals if t.plural is not None else RU.messages)})
    assert not missing, "templates without Russian in rmentor.po" + hint + ":\n" + "\n".join(missing)


def test_catalogue_passes_the_msgfmt_checks() -> None:
    """Babel's equivalent of ``msgfmt --check``: it parses, compiles to .mo, has the Russian plural rule, three
    forms per plural entry, no duplicates or fuzzy entries, and no placeholder the English lacks."""
    assert po.check() == []


def test_the_check_catches_bad_entries(tmp_path: Path) -> None:
    """Guard the guard: a broken placeholder, a missing plural form and a duplicate are all reported."""
    text = po.PO.read_text(encoding="utf-8")
    bad = tmp_path / "bad.po"
    bad.write_text(text + '\nmsgid "x {a}"\nmsgstr "икс {b}"\n\nmsgid "{n} y"\nmsgid_plural "{n} ys"\n'
                   'msgstr[0] "{n} игрек"\nmsgstr[1] "{n} игрека"\n\nmsgid "error"\nmsgstr "ошибка"\n',
                   encoding="utf-8")
    problems = "\n".join(po.check(bad))
    assert "['b']" in problems and "'{n} y'" in problems and 'duplicate msgid "error"' in problems, problems


def test_catalogue_is_in_canonical_form() -> None:
    """One line per string and no source references, as tools/po.py writes it: hand edits in another layout
    would make merges noisy. Blank lines between entries are not compared: a union merge of two branches that
    both appended entries can drop one, which is harmless (the file stays valid; ``format`` restores it)."""
    def squeeze(data: bytes) -> bytes:
        return re.sub(rb"\n\n+", b"\n", data)

    assert squeeze(po.render(po.read())) == squeeze(po.PO.read_bytes()), "run 'python tools/po.py format'"


def test_no_python_catalogues_are_left() -> None:
    """Russian lives only in the .po; a leftover dict from a parallel branch is imported with the tool."""
    left = sorted(p.name for p in (SRC / "locale").glob("*.py"))
    assert not left, f"run 'python tools/po.py import src/rmentor/locale/<file>' for: {left}"


def test_russian_entries_are_well_formed() -> None:
    entries: dict[str, tuple[str, ...]] = {k: (v,) for k, v in RU.messages.items()}
    entries.update(RU.plurals)
    for english, forms in entries.items():
        if english in RU.plurals:
            assert len(forms) == 3, english
        for form in forms:
            assert form.strip(), english
            assert _fields(form) <= _fields(english) | {"n"}, f"{english!r}: unknown placeholder in {form!r}"
            words = re.sub(r"\{[^}]*\}", "", english)
            assert _has_cyrillic(form) or not re.search(r"[A-Za-z]{3,}", words), f"{english!r} is not translated"


@pytest.mark.parametrize(("n", "word"), [(1, "1 пара"), (2, "2 пары"), (5, "5 пар"), (11, "11 пар"),
                                         (21, "21 пара"), (22, "22 пары"), (0, "0 пар"), (14, "14 пар"),
                                         (104, "104 пары"), (111, "111 пар")])
def test_russian_plurals(n: int, word: str) -> None:
    set_language("ru")
    try:
        assert trn("{n} pair", "{n} pairs", n) == word
    finally:
        set_language("en")


def test_plural_index() -> None:
    assert [ru_plural_index(n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)] == [
        0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 0, 2]


def test_catalogue_plural_rule_is_russian() -> None:
    """The Plural-Forms header of the .po picks the same form as the rule in the code, for every n."""
    assert [RU.plural(n) for n in range(300)] == [ru_plural_index(n) for n in range(300)]


def test_english_is_unchanged() -> None:
    set_language("en")
    assert tr("file not found") == "file not found"
    assert trn("{n} senior", "{n} seniors", 2) == "2 seniors"


def _has_cyrillic(text: str) -> bool:
    return bool(re.search("[А-Яа-яЁё]", text))


def test_validate_speaks_russian(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"),
                                 "--lang", "ru"])
    assert result.exit_code == 0, result.output
    for word in ("14 старших", "18 младших", "Люди по отделам", "Критерии", "Отдел", "старший", "младший",
                 "ниже минимума"):
        assert word in result.output, word
    for english in ("People by department", "Criteria", "seniors", "Below a threshold", "capacity"):
        assert english not in result.output, english


def test_program_language_is_the_default(runner: CliRunner) -> None:
    """examples/program.yaml says language: ru, so Russian without --lang."""
    result = runner.invoke(app, ["validate", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml")])
    assert result.exit_code == 0, result.output
    assert "Люди по отделам" in result.output


def test_errors_in_russian(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "roster.yaml"
    bad.write_text(
        "seniors:\n"
        "  - id: a\n    name: A\n    department: X\n    scores: {readiness: пять, openness: 3}\n    colour: red\n"
        "juniors:\n"
        "  - id: b\n    name: B\n    department: Y\n    availability: [\"Tue 25:00-26:00\"]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(bad), "--lang", "ru"])
    assert result.exit_code == 2, result.output
    out = result.output
    assert "ошибка" in out and "Traceback" not in out
    assert "должно быть целым числом" in out
    assert "неизвестный ключ 'colour'" in out
    lines = [line for line in out.splitlines() if line.strip()]
    assert all(_has_cyrillic(line) for line in lines), out

    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml"), "--lang", "ru"])
    assert missing.exit_code == 2 and "файл не найден" in missing.output


def test_spreadsheet_errors_in_russian(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Сторона;ID;Имя;Отдел\nначальник;a;A;X\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", "ru"])
    assert result.exit_code == 2, result.output
    assert "строка 2, столбец Сторона: 'начальник' — это не сторона" in result.output


def test_no_ansi_with_no_color(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["validate", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml")]
    monkeypatch.setenv("FORCE_COLOR", "1")  # make rich colour even though CliRunner is not a terminal
    coloured = runner.invoke(app, args)
    assert "\x1b[" in coloured.output  # the check below can fail
    plain = runner.invoke(app, [*args, "--no-color"])
    assert plain.exit_code == 0 and "\x1b[" not in plain.output
    monkeypatch.setenv("NO_COLOR", "1")
    env_plain = runner.invoke(app, args)
    assert env_plain.exit_code == 0 and "\x1b[" not in env_plain.output


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_validate_fits_80_columns(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["validate", str(EXAMPLES / "roster.yaml"), "--config",
                                 str(EXAMPLES / "program.yaml"), "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    # tables are not squeezed: every criterion row stays on one line
    rows = [line for line in lines if re.match(r"^│ (senior|junior|старший|младший) ", line)]
    assert len(rows) == 5, result.output


def test_import_moves_a_python_dict_into_the_catalogue(tmp_path: Path) -> None:
    """tools/po.py import: a leftover ``locale/ru_issueNN.py`` from a parallel branch becomes .po entries."""
    source = tmp_path / "ru_issue99.py"
    source.write_text('RU: dict[str, str | tuple[str, str, str]] = {\n'
                      '    "the ledger is locked": "журнал заблокирован",\n'
                      '    "{n} invitation": ("{n} приглашение", "{n} приглашения", "{n} приглашений"),\n'
                      '    "error": "ошибка",\n}\n', encoding="utf-8")
    catalog = po.read()
    notes = po.import_dict(source, catalog, {"{n} invitation": "{n} invitations"})
    assert notes == [f"{source}: 3 entries"]  # "error" was already there with the same text: no note
    target = tmp_path / "rmentor.po"
    po.write(catalog, target)
    assert po.check(target) == []
    back = po.read(target)
    assert back["the ledger is locked"].string == "журнал заблокирован"
    plural = back["{n} invitation"]
    assert plural.id == ("{n} invitation", "{n} invitations")
    assert tuple(plural.string) == ("{n} приглашение", "{n} приглашения", "{n} приглашений")
    text = target.read_text(encoding="utf-8")
    assert text.startswith(po.PO.read_text(encoding="utf-8"))  # appended: the old entries stay put
    with pytest.raises(SystemExit, match="no trn"):
        po.import_dict(source, po.read(), {})  # a plural entry whose English plural the code does not give


def test_compiled_catalogue_is_used_only_when_fresh(tmp_path: Path) -> None:
    """The build hook's .mo answers when it is at least as new as the .po; a stale or missing one is ignored
    and the .po is compiled in memory, so an edited catalogue is never shadowed by an old build."""
    import os

    from babel.messages.mofile import write_mo

    from rmentor.i18n import load_translations

    po_file, mo_file = tmp_path / "rmentor.po", tmp_path / "rmentor.mo"
    po_file.write_bytes(po.PO.read_bytes())
    stale = po.read()
    stale["error"].string = "СТАРАЯ СБОРКА"
    with mo_file.open("wb") as fh:
        write_mo(fh, stale)
    os.utime(po_file, (2_000_000_000, 2_000_000_000))
    os.utime(mo_file, (1_000_000_000, 1_000_000_000))
    assert load_translations(mo_file, po_file).gettext("error") == "ошибка"  # .po is newer
    os.utime(mo_file, (2_000_000_001, 2_000_000_001))
    assert load_translations(mo_file, po_file).gettext("error") == "СТАРАЯ СБОРКА"  # the build's .mo
    mo_file.unlink()
    fresh = load_translations(mo_file, po_file)
    assert fresh.gettext("error") == "ошибка" and fresh.ngettext("{n} pair", "{n} pairs", 22) == "{n} пары"


def test_empty_text_stays_empty() -> None:
    """gettext("") is the catalogue's header; tr("") must stay "" (a blank cell, an empty label)."""
    set_language("ru")
    try:
        assert tr("") == ""
    finally:
        set_language("en")


def test_a_compiled_po_is_cached_by_its_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a fresh .mo the .po is compiled once and kept in the cache under the hash of its bytes: the next
    run needs no Babel, an edited .po gets its own entry (never a stale answer), and a damaged entry is rebuilt."""
    import rmentor.i18n as i18n

    cache = tmp_path / "cache"
    monkeypatch.setenv("RMENTOR_CACHE_DIR", str(cache))
    po_file, mo_file = tmp_path / "rmentor.po", tmp_path / "rmentor.mo"  # no .mo: a bare checkout
    po_file.write_bytes(po.PO.read_bytes())
    assert i18n.load_translations(mo_file, po_file).gettext("error") == "ошибка"
    entries = sorted((cache / "catalogues").iterdir())
    assert len(entries) == 1 and entries[0].suffix == ".mo"

    def no_babel(_source: bytes) -> bytes:
        raise AssertionError("compiled again although the cache holds this .po")

    with monkeypatch.context() as m:
        m.setattr(i18n, "compile_po", no_babel)
        cached = i18n.load_translations(mo_file, po_file)
    assert cached.gettext("error") == "ошибка" and cached.ngettext("{n} pair", "{n} pairs", 22) == "{n} пары"

    edited = po.read()
    edited["error"].string = "ПРАВКА"
    po.write(edited, po_file)
    assert i18n.load_translations(mo_file, po_file).gettext("error") == "ПРАВКА"
    assert len(list((cache / "catalogues").iterdir())) == 2

    for entry in (cache / "catalogues").iterdir():
        entry.write_bytes(b"\x00damaged")
    assert i18n.load_translations(mo_file, po_file).gettext("error") == "ПРАВКА"
    rebuilt = [e for e in (cache / "catalogues").iterdir() if e.read_bytes() != b"\x00damaged"]
    assert len(rebuilt) == 1  # the entry of the .po in use, compiled again


def test_translations_work_when_the_cache_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.i18n import load_translations

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RMENTOR_CACHE_DIR", str(blocker))  # mkdir under a file fails
    po_file = tmp_path / "rmentor.po"
    po_file.write_bytes(po.PO.read_bytes())
    assert load_translations(tmp_path / "rmentor.mo", po_file).gettext("error") == "ошибка"
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_catalogue_is_found_with_or_without_importlib_resources(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """A package folder is read directly; anything else (a zip) goes through importlib.resources."""
    import rmentor.i18n as i18n

    direct = i18n._catalogue_file(".po")
    assert direct.is_file() and direct.read_bytes() == po.PO.read_bytes()
    monkeypatch.setattr(i18n, "__file__", str(tmp_path / "i18n.py"))  # a folder without locale/
    via_resources = i18n._catalogue_file(".po")
    assert via_resources.read_bytes() == po.PO.read_bytes()
