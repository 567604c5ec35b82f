"""The ``rmentor`` command line: parse arguments, call one library function, render.

All commands share the options and the error boundary defined here: a
:class:`~rmentor.errors.RmentorError` becomes a message on stderr and its documented
exit code; Ctrl-C exits 130 with nothing half-written; anything else is a bug and
keeps its traceback (exit 1). Heavy libraries are imported inside commands so that
``rmentor --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from rmentor import __version__
from rmentor.errors import ExitCode, RmentorError
from rmentor.i18n import Lang, set_language, system_language, tr

if TYPE_CHECKING:
    from rmentor.loading import Loaded
    from rmentor.render import UI

app = typer.Typer(
    name="rmentor",
    help="Run reverse-mentoring programs: validate rosters, match pairs, schedule sessions, measure results.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help formatter doubles the start-up time
    epilog="Exit codes: 0 success, 1 a bug, 2 invalid input or usage, 3 no feasible plan, 130 interrupted.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ----------------------------------------------------------------------------- shared options

LangOpt = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.9-style annotations
    typer.Option("--lang", help="Language of messages and documents: ru or en (default: program, then system locale)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only results and errors.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text output (NO_COLOR is respected too).")]
ConfigOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--config", "-c", help="Program file (YAML). Without it the embedded defaults apply.",
                 dir_okay=False),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite existing output files.")]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="Output format: table or json (match, schedule: also xlsx).")
]
RosterArg = Annotated[Path, typer.Argument(help="Roster file: YAML, CSV or XLSX.", dir_okay=False)]
DelimiterOpt = Annotated[
    str, typer.Option("--delimiter", help="CSV delimiter: ',' or ';' (Russian-locale Excel splits on ';').")
]


@dataclass
class Common:
    """Options every command has."""

    lang: str | None = None
    quiet: bool = False
    no_color: bool = False


def _check_lang(lang: str | None) -> Lang | None:
    if lang is None:
        return None
    if lang not in ("ru", "en"):
        from rmentor.errors import UsageError

        raise UsageError("unknown language '{lang}'", hint="use --lang ru or --lang en", lang=lang)
    return lang  # type: ignore[return-value]


@contextmanager
def boundary(common: Common) -> Iterator[UI]:
    """Set up language and consoles, and turn expected failures into exit codes."""
    from rmentor.render import UI

    ui = UI.create(quiet=common.quiet, no_color=common.no_color)
    try:
        set_language(system_language())
        lang = _check_lang(common.lang)
        if lang:
            set_language(lang)
        yield ui
    except RmentorError as exc:
        ui.error(exc)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        ui.err.print(tr("Interrupted; no output was written."))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def load_inputs(common: Common, ui: UI, roster: Path | None, config: Path | None) -> tuple[Loaded, Loaded | None]:
    """Load the program (then adopt its language unless --lang was given) and the roster."""
    from rmentor.loading import load_program, load_roster

    program = load_program(config)
    if common.lang is None and program.value.language:
        set_language(program.value.language)
    ui.warnings(program.warnings)
    if roster is None:
        return program, None
    loaded = load_roster(roster, program.value)
    return program, loaded


def load_roster_inputs(common: Common, ui: UI, roster: Path, config: Path | None) -> tuple[Loaded, Loaded]:
    """Program and roster for commands that need both; the roster's warnings are shown."""
    program, loaded = load_inputs(common, ui, roster, config)
    assert loaded is not None  # a roster path was given
    ui.warnings(loaded.warnings)
    return program, loaded


def check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    """Validate a --format value."""
    if fmt not in allowed:
        from rmentor.errors import UsageError

        raise UsageError("unknown format '{fmt}'", hint="use one of: {allowed}", fmt=fmt, allowed=", ".join(allowed))
    return fmt


def check_delimiter(delimiter: str) -> str:
    """Validate a --delimiter value."""
    if delimiter not in (",", ";", "\t"):
        from rmentor.errors import UsageError

        raise UsageError("unknown delimiter '{d}'", hint="use --delimiter ',' or --delimiter ';'", d=delimiter)
    return delimiter


# ----------------------------------------------------------------------------- app callback


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rmentor {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Run reverse-mentoring programs: validate rosters, match pairs, schedule sessions, measure results.

    Exit codes: 0 success, 1 a bug, 2 invalid input or usage, 3 no feasible plan, 130 interrupted.
    """


# ----------------------------------------------------------------------------- commands


@app.command()
def validate(
    roster: RosterArg,
    config: ConfigOpt = None,
    *,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check a roster (and program) and summarise it: people, criteria, who is below thresholds."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        check_format(fmt)
        program, loaded = load_inputs(common, ui, roster, config)
        assert loaded is not None
        from rmentor.summary import summarize

        summary = summarize(loaded.value, program.value, loaded.warnings)
        if fmt == "json":
            from rmentor.jsonout import validation_json

            ui.json(validation_json(summary))
        else:
            ui.validation(summary)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create program.yaml and roster.yaml in.",
                                              file_okay=False)],
    *,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Write a commented, ready-to-edit program.yaml and roster.yaml. Never overwrites."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.i18n import get_language
        from rmentor.starter import write_starter

        written = write_starter(directory, get_language())
        for path in written:
            ui.out.print(str(path), markup=False)
        ui.info(tr("Next: edit the files, then run 'rmentor validate {roster} --config {program}'",
                   roster=written[1], program=written[0]))


def _register() -> None:
    from rmentor.commands import register_all

    register_all(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()

