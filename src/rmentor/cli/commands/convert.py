"""``rmentor convert``: move a roster between YAML, Excel and CSV without losing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    DelimiterOpt,
    ForceOpt,
    LangOpt,
    NoColorOpt,
    QuietOpt,
    boundary,
    check_delimiter,
    csv_delimiter,
)
from rmentor.i18n import tr, trn

SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm", ".csv", ".tsv")


def register(app: typer.Typer) -> None:
    """Attach ``convert`` to ``app``."""
    app.command()(convert)


def convert(
    src: Annotated[Path, typer.Argument(help="Roster to read: .yaml, .xlsx or .csv.", dir_okay=False)],
    dst: Annotated[Path, typer.Argument(help="File to write; its extension (.yaml, .xlsx, .csv) picks the format.",
                                        dir_okay=False)],
    config: ConfigOpt = None,
    *,
    delimiter: DelimiterOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Convert a roster between YAML, Excel (.xlsx) and CSV: 'rmentor convert roster.xlsx roster.yaml'.

    The result is read back and compared before anything is written, so nothing is lost.

    Spreadsheet headers follow --lang (Russian or English); both are accepted when reading.

    With --config the roster is also checked against the program, as 'validate' does.
    """
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.errors import InputError, Location, UsageError
        from rmentor.i18n import get_language
        from rmentor.inputs.loading import load_program
        from rmentor.outputs.files import write_outputs
        from rmentor.outputs.roster import convert_roster, load_roster_file

        if delimiter is not None:
            check_delimiter(delimiter)
        suffix = dst.suffix.lower()
        if suffix not in SUFFIXES:
            raise UsageError("cannot write '{suffix}' files", hint="name the output .yaml, .xlsx or .csv",
                             suffix=dst.suffix or dst.name)
        if src.suffix.lower() not in SUFFIXES:
            raise InputError("unsupported file type '{suffix}'", location=Location(file=str(src)),
                             hint="use .yaml, .csv or .xlsx", suffix=src.suffix)
        program = None
        if config is not None:
            loaded = load_program(config)
            ui.warnings(loaded.warnings)
            program = loaded.value
            if lang is None and program.language:
                from rmentor.i18n import set_language

                set_language(program.language)
        roster = load_roster_file(src, program)
        sep = csv_delimiter(delimiter, program)
        result = convert_roster(roster, suffix, lang=get_language(), delimiter=sep, source=src.name,
                                target=str(dst))
        written = write_outputs(dst.parent, {dst.name: result.data}, force=force)
        ui.out.print(str(written[0]), markup=False)
        ui.info(tr("Converted {seniors} and {juniors}.",
                   seniors=trn("{n} senior", "{n} seniors", len(roster.seniors)),
                   juniors=trn("{n} junior", "{n} juniors", len(roster.juniors))))
