"""Typer's and click's own messages (usage errors, help headings) in the language of the run.

Typer (0.29+) carries its own copy of click in ``typer._click``. That copy writes its messages as
English f-strings ("Missing option '--out' / '-o'.", "Usage: ", "Show this message and exit.");
only ``typer.core`` still marks a few with gettext (``_("Options")``, ``_("Missing command.")``).
So one mechanism cannot serve all of them, and this module uses the narrowest one for each:

- **gettext-marked strings** (help headings "Options", "Arguments", "Commands", "required",
  "Missing command.", ...): ``typer.core`` did ``from gettext import gettext as _``, which binds the
  stdlib function into the module. Stdlib gettext can only translate from compiled ``.mo`` files on
  disk, in the text domain set process-wide (shared with argparse and every other library), for the
  language named in ``LANGUAGE``/``LC_ALL``/``LANG``: using it would mean writing a ``.mo`` at run
  time, taking over the global domain and rewriting ``os.environ`` for ``--lang``. Instead, for one
  command only, :func:`click_language` binds the ``_``/``ngettext`` names of the typer and click
  modules that still hold the stdlib functions to the methods of rmentor's own
  :func:`~rmentor.i18n.translations` (a ``gettext.GNUTranslations``), and puts them back afterwards.
- **usage errors**: :class:`RmentorGroup` and :class:`RmentorCommand` catch the ``UsageError``
  raised while parsing and re-raise it with the message translated. The vendored click builds each
  message from a fixed set of English templates; :data:`CLICK_TEMPLATES` holds them, and
  :func:`translate_click` matches the English text against them and renders the Russian with the
  same values. A message no template matches stays English inside a Russian frame.
- **help**: the commands write the usage prefix and the ``--help`` line through :func:`tr`.

English binds, matches and changes nothing, so English output is typer's own, byte for byte.
The language must be known before parsing (a usage error can come from the parse itself), so it
is read from ``--lang ru`` / ``--lang=ru`` in the arguments, else the system locale; a program
file's ``language`` is only known later, for rmentor's own messages.
"""

from __future__ import annotations

import functools
import gettext
import inspect
import re
import string
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import typer
from typer import _click
from typer._click._compat import get_text_stderr
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from rmentor.i18n import LANGS, Lang, get_language, set_language, system_language, tr, translations

#: Packages whose modules may call ``_()``/``ngettext()`` from the stdlib gettext.
PACKAGES = ("typer", "click")

#: The English messages the vendored click and typer build, as templates (their f-strings with the
#: values named). Keys are only names; :func:`translate_click` matches a message against the values.
#: A field called ``details`` or ``message`` is itself translated (it holds a nested message).
CLICK_TEMPLATES: dict[str, str] = {
    "extra_args": "Got unexpected extra argument(s) ({args})",
    "missing_option": "Missing option {hint}.",
    "missing_option_details": "Missing option {hint}. {details}",
    "missing_argument": "Missing argument {hint}.",
    "missing_argument_details": "Missing argument {hint}. {details}",
    "missing_parameter": "Missing parameter {hint}.",
    "missing_parameter_details": "Missing parameter {hint}. {details}",
    "no_such_option": "No such option: {name}",
    "no_such_option_maybe": "No such option: {name} (Possible options: {options})",
    "invalid_value_for": "Invalid value for {hint}: {message}",
    "invalid_value": "Invalid value: {message}",
    "requires_argument": "Option {name} requires an argument.",
    "requires_arguments": "Option {name} requires {nargs} arguments.",
    "takes_no_value": "Option {name} does not take a value.",
    "argument_takes": "Argument {name} takes {nargs} values.",
    "choose_from": "Choose from:\n\t{choices}",
    "not_one_of": "{value} is not one of {choices}.",
    "file_missing": "file {name} does not exist.",
    "dir_missing": "dir {name} does not exist.",
    "path_missing": "path {name} does not exist.",
    "is_file": "{label} {name} is a file.",
    "is_dir": "{label} {name} is a directory.",
    "not_readable": "{label} {name} is not readable.",
    "not_writable": "{label} {name} is not writable.",
    "not_integer": "Input should be a valid integer, unable to parse string as an integer",
    "fractional": "Input should be a valid integer, got a number with a fractional part",
    "not_number": "Input should be a valid number, unable to parse string as a number",
    "not_boolean": "Input should be a valid boolean, unable to interpret input",
    "at_least": "Input should be greater than or equal to {min}",
    "above": "Input should be greater than {min}",
    "at_most": "Input should be less than or equal to {max}",
    "below": "Input should be less than {max}",
}
#: The English help texts typer's copy of click writes itself.
HELP_TEXTS: dict[str, str] = {
    "usage": "Usage:",
    "help": "Show this message and exit.",
    "try": "Try '{command} {option}' for help.",
    "error": "Error: {message}",
}
_NESTED = ("details", "message")


def argv_language(args: Sequence[str]) -> Lang | None:
    """The value of the last ``--lang X`` / ``--lang=X`` before ``--``, when it is a known language."""
    found: str | None = None
    for pos, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and pos + 1 < len(args):
            found = args[pos + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return next((lang for lang in LANGS if lang == found), None)


@contextmanager
def click_language(lang: Lang) -> Iterator[None]:
    """Within the block, the gettext-marked messages of typer and click are in ``lang``."""
    if lang == "en":
        yield
        return
    ru = translations(lang)
    bound: list[tuple[Any, str, Any]] = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in PACKAGES or module is None:
            continue
        for attr, original, replacement in (("_", gettext.gettext, ru.gettext),
                                            ("ngettext", gettext.ngettext, ru.ngettext)):
            if getattr(module, attr, None) is original:
                setattr(module, attr, replacement)
                bound.append((module, attr, original))
    try:
        yield
    finally:
        for module, attr, original in reversed(bound):
            setattr(module, attr, original)


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """(regex, template) for every template, those with the most fixed text first."""
    out: list[tuple[int, re.Pattern[str], str]] = []
    for template in CLICK_TEMPLATES.values():
        regex, fixed = "", 0
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            regex += re.escape(literal)
            fixed += len(literal)
            if field:
                regex += f"(?P<{field}>.+?)"
        out.append((fixed, re.compile(regex, re.DOTALL), template))
    out.sort(key=lambda item: -item[0])
    return [(pattern, template) for _fixed, pattern, template in out]


def translate_click(text: str) -> str:
    """``text``, an English message of typer's click, in the current language (unchanged if unknown)."""
    if get_language() == "en":
        return text
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match:
            values = {k: translate_click(v) if k in _NESTED else v for k, v in match.groupdict().items()}
            if "label" in values:
                values["label"] = tr(values["label"])
            return tr(template, **values)
    return text


class TranslatedUsageError(UsageError):
    """A usage error whose message is already translated, shown with a translated frame."""

    def show(self, file: IO[Any] | None = None) -> None:
        file = get_text_stderr() if file is None else file
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = tr(HELP_TEXTS["try"], command=self.ctx.command_path, option=self.ctx.help_option_names[0]) + "\n"
        color = self.ctx.color if self.ctx is not None else None  # as typer's own show()
        if self.ctx is not None:
            _click.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        _click.echo(tr(HELP_TEXTS["error"], message=self.format_message()), file=file, color=color)


def _translated(error: UsageError) -> UsageError:
    if get_language() == "en" or isinstance(error, (NoArgsIsHelpError, TranslatedUsageError)):
        return error
    return TranslatedUsageError(translate_click(error.format_message()), error.ctx)


def help_texts(command: _click.Command) -> list[tuple[object, str, str]]:
    """(object, attribute, English text) of every help text of ``command`` and its parameters: the
    description (a docstring or ``help=``), the epilog and each option's and argument's ``help``."""
    found: list[tuple[object, str, str]] = []
    for obj, attr in ((command, "help"), (command, "short_help"), (command, "epilog"),
                      *((param, "help") for param in command.params)):
        text = getattr(obj, attr, None)
        if isinstance(text, str) and text.strip():
            found.append((obj, attr, inspect.cleandoc(text)))
    return found


def _translate_help(command: _click.Command) -> None:
    for obj, attr, text in help_texts(command):
        setattr(obj, attr, tr(text))


class _Translating(_click.Command):
    """What a command and the group share: the usage prefix, the help texts, the ``--help`` line and
    usage errors follow the message language."""

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        if get_language() != "en":  # typer builds the command objects afresh for every run
            _translate_help(self)
            if isinstance(self, TyperGroup):
                for name in self.list_commands(ctx):
                    sub = self.get_command(ctx, name)
                    if sub is not None:
                        _translate_help(sub)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=tr(HELP_TEXTS["usage"]) + " ")

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and get_language() != "en":
            option.help = tr(HELP_TEXTS["help"])
        return option

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            raise _translated(error) from None


class RmentorCommand(_Translating, TyperCommand):
    """A typer command that speaks the message language (see :class:`_Translating`)."""


class RmentorGroup(_Translating, TyperGroup):
    """The app's group: sets the language of typer's messages for the run, and translates them."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        lang = argv_language(sys.argv[1:] if args is None else args) or system_language()
        before = get_language()
        set_language(lang)
        try:
            with click_language(lang):
                return super().main(args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra)
        finally:
            set_language(before)

    def invoke(self, ctx: _click.Context) -> Any:
        """Run the command; usage errors from resolving and parsing it are translated."""
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _translated(error) from None


def translate_commands(app: typer.Typer) -> None:
    """Make every command registered on ``app`` so far an :class:`RmentorCommand` (unless it chose its own
    class), so a new command speaks the message language without doing anything."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = RmentorCommand
