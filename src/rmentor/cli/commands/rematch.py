"""``rmentor rematch``: end failing pairs and re-pair their people; every other pair is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    DelimiterOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    NoColorOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_delimiter,
    check_format,
    csv_delimiter,
    load_roster_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``rematch`` to the app."""
    app.command("rematch")(rematch_command)


def rematch_command(
    roster: RosterArg,
    config: ConfigOpt = None,
    *,
    pairs: Annotated[Path, typer.Option("--pairs", "-p", help="The current pairs.csv.", dir_okay=False)],
    end: Annotated[list[str], typer.Option("--end", "-e", help="Pair id to end; repeat for several pairs.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the new pairs.csv.", file_okay=False)],
    force: ForceOpt = False,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help="Replace names, emails and ids with stable pseudonyms in the table, JSON "
                                         "and the new pairs.csv, to share results (see docs/guarantees.md)."),
    ] = False,
    fmt: FormatOpt = "table",
    delimiter: DelimiterOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """End the pairs named with --end and re-pair their people optimally, keeping every other pair."""
    common = Common(lang, quiet, no_color)
    with boundary(common, out=out) as ui:
        check_format(fmt)
        if delimiter is not None:
            check_delimiter(delimiter)  # a bad value fails before any work
        program, loaded = load_roster_inputs(common, ui, roster, config)
        sep = csv_delimiter(delimiter, program.value)
        from rmentor.core.rematching import CurrentPair, rematch
        from rmentor.inputs.pairsfile import read_pairs
        from rmentor.outputs.files import write_outputs
        from rmentor.outputs.pairs import rematch_csv

        current = read_pairs(pairs, loaded.value)
        ui.warnings(current.warnings)
        result = rematch(loaded.value, program.value,
                         [CurrentPair(p.pair_id, p.senior, p.junior) for p in current.pairs], end)
        people = loaded.value
        if anonymize:  # after re-pairing on the real roster, so the pairs are those of a plain run
            from rmentor.outputs.anonymize import anonymize_rematch

            people, result = anonymize_rematch(people, result)
        written = write_outputs(out, {"pairs.csv": rematch_csv(result, people, delimiter=sep)},
                                force=force)
        if fmt == "json":
            from rmentor.outputs.jsonout import rematch_json

            ui.json(rematch_json(result))
        else:
            ui.rematch(result, people)
        for path in written:
            ui.info(str(path))
