"""``rmentor match``: the optimal pilot, with reasons; ``pairs.csv`` with ``--out``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    DelimiterOpt,
    ForceOpt,
    FormatOpt,
    HistoryOpt,
    LangOpt,
    NoColorOpt,
    PreferencesOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_delimiter,
    check_format,
    csv_delimiter,
    load_roster_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``match`` to the app."""
    app.command("match")(match_command)


def match_command(
    roster: RosterArg,
    config: ConfigOpt = None,
    *,
    history: HistoryOpt = None,
    preferences: PreferencesOpt = None,
    pairs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--pairs", "-n", min=1, help="Form exactly N pairs (overrides the program's pilot size)."),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", help="Folder to write pairs.csv (and pairs.xlsx) into.", file_okay=False),
    ] = None,
    force: ForceOpt = False,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help="Replace names, emails and ids with stable pseudonyms in the table, JSON "
                                         "pairs.csv and pairs.xlsx, to share results (see docs/guarantees.md)."),
    ] = False,
    fmt: FormatOpt = "table",
    delimiter: DelimiterOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Match seniors with juniors: as many pairs as possible, then the best total score, never breaking a rule."""
    common = Common(lang, quiet, no_color)
    with boundary(common, out=out) as ui:
        check_format(fmt, ("table", "json", "xlsx"))
        if delimiter is not None:
            check_delimiter(delimiter)  # a bad value fails before any work
        if fmt == "xlsx" and out is None:
            from rmentor.errors import UsageError

            raise UsageError("--format xlsx writes pairs.xlsx and needs --out", hint="add --out DIR")
        program, loaded = load_roster_inputs(common, ui, roster, config, preferences, history)
        sep = csv_delimiter(delimiter, program.value)
        from rmentor.core.matching import match
        from rmentor.inputs.loading import located

        with ui.progress() as step, located(loaded, program):
            result = match(loaded.value, program.value, n_pairs=pairs, progress=step)
        people = loaded.value
        if anonymize:  # after matching, so the pairs are exactly those of a plain run
            from rmentor.outputs.anonymize import anonymize_match

            people, result = anonymize_match(people, result)
        written: list[Path] = []
        if out is not None:
            from rmentor.outputs.files import write_outputs
            from rmentor.outputs.pairs import pairs_csv

            files = {"pairs.csv": pairs_csv(result, people, delimiter=sep)}
            if fmt == "xlsx":
                from rmentor.outputs.workbook import pairs_workbook

                files["pairs.xlsx"] = pairs_workbook(result.pairs, people)
            written = write_outputs(out, files, force=force)
        if fmt == "json":
            from rmentor.outputs.jsonout import match_json

            ui.json(match_json(result))
        else:
            ui.match(result, people)
        for path in written:
            ui.info(str(path))
