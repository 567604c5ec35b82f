"""``rmentor init``: a commented, ready-to-edit program.yaml and roster.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary
from rmentor.i18n import tr


def register(app: typer.Typer) -> None:
    """Add ``init`` to the app."""
    app.command("init")(init)


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create program.yaml and roster.yaml in.",
                                              file_okay=False)],
    *,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Roster format: yaml or xlsx (an Excel template with "
                                                            "drop-downs and instructions).")] = "yaml",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Write a commented, ready-to-edit program.yaml and roster.yaml (or roster.xlsx). Never overwrites."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.cli.common import check_format
        from rmentor.i18n import get_language
        from rmentor.outputs.starter import write_starter

        check_format(fmt, ("yaml", "xlsx"))
        written = write_starter(directory, get_language(), roster_format=fmt)
        for path in written:
            ui.out.print(str(path), markup=False)
        ui.info(tr("Next: edit the files, then run 'rmentor validate {roster} --config {program}'",
                   roster=written[1], program=written[0]))
