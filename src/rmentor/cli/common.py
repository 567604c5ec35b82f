"""What every command shares: options, the error boundary, input loading, format checks.

All commands share the options and the error boundary defined here: a
:class:`~rmentor.errors.RmentorError` becomes a message on stderr and its documented
exit code; Ctrl-C exits 130 with nothing half-written; anything else is a bug and
keeps its traceback (exit 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from rmentor.errors import ExitCode, RmentorError
from rmentor.i18n import Lang, set_language, system_language, tr

if TYPE_CHECKING:
    from rmentor.cli.render import UI
    from rmentor.inputs.loading import Loaded
    from rmentor.model import Program

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
HistoryOpt = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option("--history", help="Earlier cohorts' pairs.csv (or the folders match/plan wrote): their pairs are "
                                   "never repeated. Repeat the option for several.", exists=True),
]
PreferencesOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--preferences", help="Wishes form (CSV/XLSX): one row per person, their choices in order; "
                                       "replaces the roster's prefers of everyone it lists.", dir_okay=False),
]
DelimiterOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--delimiter", help="CSV delimiter: ',' or ';' (default: ';' for a Russian program, as Russian "
                                     "Excel splits on it; ',' otherwise)."),
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
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager, ``kill``, a closed CI job) stops a run like Ctrl-C does."""
    import signal
    import sys
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    def lost(unraisable: Any) -> None:
        # An interrupt that lands in a weakref callback or a finaliser is "ignored" by Python (a
        # traceback on stderr, and the run goes on): deliver it again to the main thread, a moment
        # later so that it lands after this hook (should it land in a callback again, it comes back here).
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            import _thread

            while True:
                try:
                    again = threading.Timer(0.05, _thread.interrupt_main)
                    again.daemon = True
                    again.start()  # waits for the thread to start: on a loaded machine the timer may fire first
                    return
                except KeyboardInterrupt:  # ... and land here, where Python would ignore it: deliver it again
                    continue
        previous_hook(unraisable)

    previous = signal.signal(signal.SIGTERM, stop)
    previous_hook, sys.unraisablehook = sys.unraisablehook, lost
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def boundary(common: Common, *, out: Path | None = None) -> Iterator[UI]:
    """Set up language and consoles, and turn expected failures into exit codes.

    With ``out`` the output folder is locked for the whole run (a second run into it stops at
    once) and whatever an interrupted earlier run left there is repaired first.
    """
    from contextlib import ExitStack

    from rmentor.cli.render import UI

    ui = UI.create(quiet=common.quiet, no_color=common.no_color)
    try:
        with ExitStack() as stack:
            stack.enter_context(_sigterm_as_interrupt())
            set_language(system_language())
            lang = _check_lang(common.lang)
            if lang:
                set_language(lang)
            if out is not None:
                from rmentor.errors import Issue
                from rmentor.outputs.files import output_lock

                lock = stack.enter_context(output_lock(out))
                ui.warnings(Issue("{note}", {"note": note}) for note in lock.notes)
            yield ui
    except RmentorError as exc:
        ui.error(exc)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt as exc:
        from rmentor.outputs.files import InterruptedAfterWriting

        if isinstance(exc, InterruptedAfterWriting):
            ui.err.print(tr("Interrupted after every output file was written; the output is complete."))
        else:
            ui.err.print(tr("Interrupted; no output was written."))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def load_inputs(common: Common, ui: UI, roster: Path | None, config: Path | None,
                history: list[Path] | None = None) -> tuple[Loaded, Loaded | None]:
    """Load the program (then adopt its language unless --lang was given) and the roster
    (with ``--history`` files added to its history)."""
    from rmentor.inputs.loading import load_program, load_roster

    program = load_program(config)
    if common.lang is None and program.value.language:
        set_language(program.value.language)
    ui.warnings(program.warnings)
    if roster is None:
        return program, None
    loaded = load_roster(roster, program.value, history=history or ())
    return program, loaded


def load_roster_inputs(common: Common, ui: UI, roster: Path, config: Path | None,
                       preferences: Path | None = None,
                       history: list[Path] | None = None) -> tuple[Loaded, Loaded]:
    """Program and roster for commands that need both; the roster's warnings are shown.

    With ``preferences`` (``--preferences FILE``) the wishes form replaces the ``prefers`` of
    everyone it lists; ``history`` (``--history PATH...``) adds earlier cohorts' pairs.
    """
    program, loaded = load_inputs(common, ui, roster, config, history)
    assert loaded is not None  # a roster path was given
    ui.warnings(loaded.warnings)
    if preferences is not None:
        import dataclasses

        from rmentor.inputs.preferences import read_preferences, with_preferences

        prefs = read_preferences(preferences, loaded.value)
        ui.warnings(prefs.warnings)
        loaded = dataclasses.replace(loaded, value=with_preferences(loaded.value, prefs))
    return program, loaded


def check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    """Validate a --format value."""
    if fmt not in allowed:
        from rmentor.errors import UsageError

        raise UsageError("unknown format '{fmt}'", hint="use one of: {allowed}", fmt=fmt, allowed=", ".join(allowed))
    return fmt


def csv_delimiter(delimiter: str | None, program: Program | None = None) -> str:
    """The delimiter of the CSV files a command writes: ``--delimiter`` when given, else ``;`` for a
    Russian program (Russian-locale Excel splits on ``;``), else ``,``. A program without a
    ``language`` is Russian when the messages are (``--lang``, the system locale)."""
    from rmentor.i18n import get_language

    if delimiter is not None:
        return check_delimiter(delimiter)
    lang = program.language if program is not None and program.language else get_language()
    return ";" if lang == "ru" else ","


def check_delimiter(delimiter: str) -> str:
    """Validate a --delimiter value."""
    if delimiter not in (",", ";", "\t"):
        from rmentor.errors import UsageError

        raise UsageError("unknown delimiter '{d}'", hint="use --delimiter ',' or --delimiter ';'", d=delimiter)
    return delimiter
