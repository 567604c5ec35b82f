"""The ``rmentor`` typer app: global options, and every command module registered on it.

Heavy libraries are imported inside commands so that ``rmentor --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from rmentor import __version__
from rmentor.cli.clicktext import RmentorGroup, translate_commands

app = typer.Typer(
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


def _register() -> None:
    from rmentor.cli.commands import register_all

    register_all(app)
    translate_commands(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()

