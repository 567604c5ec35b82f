"""``rmentor explain``: why this senior got this junior, why not another, and what would change it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    HistoryOpt,
    LangOpt,
    NoColorOpt,
    PreferencesOpt,
    QuietOpt,
    RosterArg,
    boundary,
    load_roster_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``explain`` to the app."""
    app.command("explain")(explain_command)


def explain_command(
    roster: RosterArg,
    senior: Annotated[str, typer.Argument(help="Senior: id, e-mail, name or a unique part of a name.")],
    junior: Annotated[Optional[str], typer.Argument(help="Junior to compare with (optional).")] = None,  # noqa: UP045
    config: ConfigOpt = None,
    *,
    history: HistoryOpt = None,
    preferences: PreferencesOpt = None,
    pairs: Annotated[
        Optional[int], typer.Option("--pairs", "-n", min=1, help="Explain the plan with exactly N pairs.")  # noqa: UP045
    ] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Explain why SENIOR got their junior, why not JUNIOR, and what would change it."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        program, loaded = load_roster_inputs(common, ui, roster, config, preferences, history)
        from rmentor.core.explaining import explain
        from rmentor.core.people import display_names

        ui.explanation(explain(loaded.value, program.value, senior, junior, n_pairs=pairs),
                       display_names(loaded.value))
