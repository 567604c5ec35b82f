"""``rmentor status DIR``: the running program at a glance."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary, check_format

FolderArg = Annotated[Path, typer.Argument(help="The program folder (made by rmentor plan --out).", file_okay=False)]


def register(app: typer.Typer) -> None:
    """Add ``status`` to the app."""
    app.command("status")(status_command)


def status_command(
    folder: FolderArg,
    *,
    as_of: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--as-of", help="The date to look from, YYYY-MM-DD (default: today).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or html (one self-contained page).")
                   ] = "table",
    out: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--out", "-o", help="Write the HTML page to this file instead of stdout.", dir_okay=False)] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Weeks done and left, sessions held, missed, unrecorded and upcoming, each pair, pairs at risk, what to send."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        check_format(fmt, ("table", "json", "html"))
        from rmentor.cli.dates import parse_day
        from rmentor.cli.render_running import adopt_language, status_table
        from rmentor.workflows.running import status

        adopt_language(common, folder)
        result = status(folder, as_of=parse_day(as_of, "--as-of") if as_of else date.today())
        if fmt == "json":
            from rmentor.outputs.status import status_json

            ui.json(status_json(result))
        elif fmt == "html":
            from rmentor.outputs.status import status_html

            page = status_html(result)
            if out is None:
                ui.out.file.write(page)
            else:
                from rmentor.outputs.files import write_outputs

                for path in write_outputs(out.parent, {out.name: page.encode("utf-8")}, force=True):
                    ui.info(str(path))
        else:
            status_table(ui, result)
