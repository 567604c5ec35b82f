"""The ``rmentor`` typer app: global options, and every command module registered on it.

Heavy libraries are imported inside commands so that ``rmentor --help`` stays fast. A run of one
command (:func:`main`) builds an app with that command alone: typer turns every registered command
into click objects (signatures, annotations, help texts) on each run, which for all of them costs
more than parsing the one that runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from rmentor import __version__
from rmentor.cli.clicktext import RmentorGroup, translate_commands


def _new_app() -> typer.Typer:
    new = typer.Typer(
        name="rmentor",
        cls=RmentorGroup,  # typer's own messages (usage errors, help headings) in the message language
        help="Run reverse-mentoring programs: validate rosters, match pairs, schedule sessions, measure results.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: rich's help formatter doubles the start-up time
        epilog="Exit codes: 0 success, 1 a bug, 2 invalid input or usage, 3 no feasible plan, 130 interrupted.",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(_main)
    return new


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rmentor {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Run reverse-mentoring programs: validate rosters, match pairs, schedule sessions, measure results.

    Exit codes: 0 success, 1 a bug, 2 invalid input or usage, 3 no feasible plan, 130 interrupted.
    """


def build_app(command: str | None = None) -> typer.Typer:
    """The app with every command, or with ``command`` alone (None when there is no such command)."""
    from rmentor.cli.commands import register_all

    new = _new_app()
    if not register_all(new, only=command):
        raise LookupError(command)
    translate_commands(new)
    return new


#: Every command: for ``--help``, completion, tests and anyone embedding the CLI. Built on first use
#: (:func:`__getattr__`): a run of one command imports and builds that command alone (issue 18).
app: typer.Typer


def full_app() -> typer.Typer:
    """The app with every command, built once."""
    built: typer.Typer | None = globals().get("app")
    if built is None:
        built = globals()["app"] = build_app()
    return built


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_to_run(args: Sequence[str]) -> str | None:
    """The command a run names, when it can be told without parsing: the first argument, with no option
    before it (an option of the app itself, such as ``--help``, needs every command) and no shell
    completion under way."""
    if not args or args[0].startswith("-"):
        return None
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None
    return args[0]


#: Settings of libraries a run of the command line does not use, which cost start-up time (issue 18). A
#: user's own value wins, and library callers (``import rmentor``) are never affected: only :func:`main` sets them.
QUIET_LIBRARIES = {
    # numpy's OpenBLAS starts a thread per core on import; rmentor does no floating-point linear algebra
    # (its matrices are integers, solved by OR-Tools), so the threads only cost time: ~20-50 ms CPU per run
    "OPENBLAS_NUM_THREADS": "1",
    # pydantic looks for plugins (observability hooks) by reading the entry points of every installed
    # package when the first model is built: ~20 ms. Set PYDANTIC_DISABLE_PLUGINS= (empty) to use them.
    "PYDANTIC_DISABLE_PLUGINS": "__all__",
}


def main() -> None:
    """Console-script entry point: builds only the command that runs (any doubt: all of them)."""
    for name, value in QUIET_LIBRARIES.items():
        os.environ.setdefault(name, value)
    command = command_to_run(sys.argv[1:])
    run = None
    if command is not None:
        try:
            run = build_app(command)
        except LookupError:  # not a command: the full app says so, as ever
            run = None
    (full_app() if run is None else run)()

