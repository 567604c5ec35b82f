"""Typer's and click's own messages (usage errors, help headings) speak Russian under --lang ru and a
Russian system locale, and stay typer's own English otherwise."""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from typer.testing import CliRunner

from rmentor.cli import app
from rmentor.cli.clicktext import CLICK_TEMPLATES, PACKAGES, argv_language, click_language, translate_click
from rmentor.i18n import catalogue, set_language

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROSTER = str(EXAMPLES / "roster.yaml")


@pytest.fixture
def russian_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")


def test_missing_option_in_russian(runner: CliRunner) -> None:
    """The issue's example: schedule without --out."""
    result = runner.invoke(app, ["schedule", ROSTER, "--lang", "ru"])
    assert result.exit_code == 2
    assert "Ошибка: Не указан параметр '--out' / '-o'." in result.output
    assert "Использование: " in result.output and "Справка: '" in result.output
    for english in ("Missing option", "Usage:", "Error:", "Try '"):
        assert english not in result.output, result.output


@pytest.mark.parametrize(("args", "russian"), [
    (["schedule", ROSTER, "--bogus"], "Ошибка: Нет такого параметра: --bogus (возможно, имелось в виду: --out)"),
    (["schedule", ROSTER, "extra", "more", "--out", "x"], "Ошибка: Лишние аргументы: extra more"),
    (["schedule", ROSTER, "--out"], "Ошибка: После параметра '--out' нужно значение."),
    (["example", "--seniors", "x"], "Ошибка: Недопустимое значение '--seniors': нужно целое число"),
    (["example", "--seniors", "0"], "Ошибка: Недопустимое значение '--seniors': нужно число не меньше 1"),
    (["convert", ROSTER], "Ошибка: Не указан аргумент 'dst'."),
    (["frobnicate"], "Ошибка: Нет такой команды: 'frobnicate'."),
])
@pytest.mark.parametrize("lang", [["--lang", "ru"], ["--lang=ru"]])
def test_usage_errors_in_russian(runner: CliRunner, args: list[str], russian: str, lang: list[str],
                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # should a case ever parse, its files land here
    result = runner.invoke(app, [args[0], *lang, *args[1:]])  # before a trailing "--out" would take it
    assert result.exit_code == 2, result.output
    assert russian in result.output, result.output


@pytest.mark.usefixtures("russian_locale")
def test_help_in_russian_under_a_russian_locale(runner: CliRunner) -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0, top.output
    for heading in ("Использование: ", "Параметры:", "Команды:", "Показать эту справку и выйти."):
        assert heading in top.output, top.output
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit."):
        assert english not in top.output, top.output
    sub = runner.invoke(app, ["schedule", "--help"])
    assert "Аргументы:" in sub.output and "Параметры:" in sub.output and "[обязательно]" in sub.output, sub.output


@pytest.mark.usefixtures("russian_locale")
def test_usage_error_in_russian_under_a_russian_locale(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", ROSTER])
    assert result.exit_code == 2 and "Не указан параметр '--out'" in result.output, result.output


@pytest.mark.usefixtures("russian_locale")
def test_lang_en_wins_over_a_russian_locale(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", ROSTER, "--lang", "en"])
    assert result.exit_code == 2
    assert "Error: Missing option '--out' / '-o'." in result.output and "Usage: " in result.output


def test_english_is_typers_own(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", ROSTER])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].startswith("Usage: ") and lines[0].endswith("schedule [OPTIONS] {roster}")
    assert lines[1].startswith("Try '") and lines[1].endswith(" schedule -h' for help.")
    assert lines[-1] == "Error: Missing option '--out' / '-o'."
    help_text = runner.invoke(app, ["--help"]).output
    assert "Options:" in help_text and "Show this message and exit." in help_text


def test_the_binding_is_undone_after_a_run(runner: CliRunner) -> None:
    """Typer's gettext names are ours only during a Russian run; the message language is restored."""
    import typer.core

    runner.invoke(app, ["schedule", ROSTER, "--lang", "ru"])
    assert typer.core._ is gettext.gettext
    with click_language("ru"):
        assert typer.core._("Options") == "Параметры"
    assert typer.core._ is gettext.gettext
    assert typer.core._("Options") == "Options"


@pytest.mark.parametrize(("args", "lang"), [
    (["a", "--lang", "ru"], "ru"), (["--lang=en"], "en"), (["--lang", "ru", "--lang", "en"], "en"),
    (["--lang", "de"], None), (["--lang"], None), (["--", "--lang", "ru"], None), ([], None),
])
def test_language_is_read_before_parsing(args: list[str], lang: str | None) -> None:
    assert argv_language(args) == lang


def test_every_click_template_translates() -> None:
    """Each template, filled with sample values, comes out in Russian with the values kept."""
    set_language("ru")
    try:
        for template in CLICK_TEMPLATES.values():
            english = template.format(args="a b", hint="'--x'", details="Choose from:\n\tq", name="'--x'",
                                      options="--y", message="Input should be greater than 1", nargs=2,
                                      choices="'a', 'b'", value="'c'", label="file", min=1, max=9)
            russian = translate_click(english)
            assert russian != english and any("а" <= ch <= "я" for ch in russian.lower()), (english, russian)
            for value in ("'--x'", "'c'", "a b", "--y"):
                assert (value in english) <= (value in russian), (english, russian)
    finally:
        set_language("en")
    assert translate_click("Missing option '--x'.") == "Missing option '--x'."
    set_language("ru")
    try:
        assert translate_click("something typer may say one day") == "something typer may say one day"
    finally:
        set_language("en")


def test_gettext_marked_strings_of_typer_have_russian() -> None:
    """Every ``_("...")`` in the typer/click modules the app loads (typer.core: the help headings,
    "required", "Missing command.", ...) has an entry in rmentor.po."""
    ru = catalogue("ru")
    modules = [m for name, m in sorted(sys.modules.items()) if name.split(".")[0] in PACKAGES
               and getattr(m, "_", None) is gettext.gettext and getattr(m, "__file__", None)]
    assert modules, "no typer module uses gettext any more: drop the typer entries of rmentor.po"
    missing: list[str] = []
    for module in modules:
        for _line, msgid, _comments, _context in extract_from_file(
                "python", module.__file__, keywords={"_": None, "ngettext": (1, 2)}):
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            if key not in ru.messages and key not in ru.plurals:
                missing.append(f"{module.__name__}: {key!r}")
    assert not missing, "add Russian for these to rmentor.po:\n" + "\n".join(missing)


def test_every_help_text_has_russian() -> None:
    """Each command's description and epilog and each option's help, typer's completion options included."""
    import typer.main
    from typer import _click

    from rmentor.cli.clicktext import help_texts

    group = typer.main.get_command(app)
    ctx = _click.Context(group)
    commands = [group, *(group.get_command(ctx, name) for name in group.list_commands(ctx))]
    texts = {text for command in commands if command is not None for _obj, _attr, text in help_texts(command)}
    assert len(texts) > 40  # the walk sees the commands' options
    missing = sorted(texts - set(catalogue("ru").messages))
    assert not missing, "add Russian for these help texts to rmentor.po:\n" + "\n".join(missing)


def test_command_help_in_russian(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", "--help", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "Назначить каждой паре еженедельное время" in result.output
    assert "Папка для calendar.ics" in result.output and "Перезаписать существующие файлы." in result.output
    english = runner.invoke(app, ["schedule", "--help"])
    assert "Give every pair a weekly slot" in english.output and "Overwrite existing output files." in english.output
