"""``rmentor score``: person scores and eligibility; every pair with ``--pairs``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    FormatOpt,
    HistoryOpt,
    LangOpt,
    NoColorOpt,
    PreferencesOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_format,
    load_roster_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``score`` to the app."""
    app.command("score")(score_command)


def score_command(
    roster: RosterArg,
    person: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Only this person (and, with --pairs, their pairs): id, e-mail, name or part of one."),
    ] = None,
    config: ConfigOpt = None,
    *,
    history: HistoryOpt = None,
    preferences: PreferencesOpt = None,
    pairs: Annotated[
        bool, typer.Option("--pairs", help="Also list every senior-junior pair: score, allowed, rules.")
    ] = False,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Score people (0-100) and say who is eligible; with --pairs, score every possible pair."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        check_format(fmt)
        program, loaded = load_roster_inputs(common, ui, roster, config, preferences, history)
        from rmentor.core.people import display_names, find_person
        from rmentor.core.scoring import score_roster

        report = score_roster(loaded.value, program.value, with_pairs=pairs)
        if person is not None:
            report = report.only(find_person(loaded.value, person))
        if fmt == "json":
            from rmentor.outputs.jsonout import score_json

            ui.json(score_json(report))
        else:
            ui.scores(report, display_names(loaded.value))
