"""``rmentor validate``: check a roster and program and summarise them."""

from __future__ import annotations

from pathlib import Path

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    FormatOpt,
    HistoryOpt,
    LangOpt,
    NoColorOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_format,
    load_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the app."""
    app.command("validate")(validate)


def validate(
    roster: RosterArg,
    config: ConfigOpt = None,
    *,
    history: HistoryOpt = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check a roster (and program) and summarise it: people, criteria, who is below thresholds."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        check_format(fmt)
        program, loaded = load_inputs(common, ui, roster, config, history)
        assert loaded is not None
        from rmentor.core.summary import summarize
        from rmentor.inputs.loading import located

        with located(loaded, program):  # pins, agenda, holidays: what match/schedule/plan would refuse
            summary = summarize(loaded.value, program.value, loaded.warnings)
        if fmt == "json":
            from rmentor.outputs.jsonout import validation_json

            ui.json(validation_json(summary))
        else:
            ui.validation(summary)


_ = Path  # typer resolves the Path annotations in RosterArg/ConfigOpt at registration
