"""``rmentor evaluate``: check the program's hypotheses against surveys and the filled-in sessions.csv."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    ForceOpt,
    LangOpt,
    NoColorOpt,
    QuietOpt,
    boundary,
    check_format,
    load_inputs,
)
from rmentor.errors import InputError, Issue, UsageError
from rmentor.i18n import tr

if TYPE_CHECKING:
    from rmentor.inputs.loading import Loaded

FORMATS = ("table", "json", "md", "html")


def check_targets(program: Loaded) -> list[Issue]:
    """Catch targets written as percentages (``80`` for 80%): an error for shares, a warning for changes."""
    problems: list[Issue] = []
    warnings: list[Issue] = []
    for i, h in enumerate(program.value.hypotheses):
        where = program.locate(("hypotheses", i, "target"))
        if h.kind in ("share_reaching", "attendance") and not 0 < h.target <= 1:
            problems.append(Issue("hypothesis {id}: a share target must be above 0 and at most 1, not {target}",
                                  {"id": h.id, "target": f"{h.target:g}"}, where,
                                  "write shares as fractions: 0.8 means 80%"))
        elif h.kind == "mean_change" and abs(h.target) >= 1:
            warnings.append(Issue("hypothesis {id}: target {target} means a change of {percent}%",
                                  {"id": h.id, "target": f"{h.target:g}", "percent": round(h.target * 100)}, where,
                                  "if you meant {target}%, write {fraction}",
                                  {"fraction": f"{h.target / 100:g}"}))
    if problems:
        raise InputError("the program's hypotheses have {count} problem(s)", issues=problems,
                         hint="fix the targets in the program file", count=len(problems))
    return warnings


def reference_date(as_of: str | None, tz_name: str) -> date:
    """``--as-of`` (``2027-07-09`` or ``09.07.2027``), else SOURCE_DATE_EPOCH, else today, in the program zone."""
    from zoneinfo import ZoneInfo

    if as_of:
        from rmentor.inputs.surveys import CellError, parse_date

        try:
            return parse_date(as_of)
        except CellError:
            raise UsageError("'{value}' is not a date", hint="write --as-of 2027-07-09 (or 09.07.2027)",
                             value=as_of) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).astimezone(ZoneInfo(tz_name)).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError("SOURCE_DATE_EPOCH='{value}' is not a Unix time", hint="unset it or use --as-of",
                             value=epoch) from None
    return datetime.now(ZoneInfo(tz_name)).date()


def register(app: typer.Typer) -> None:
    """Attach ``evaluate`` to the app."""

    @app.command()
    def evaluate(
        data: Annotated[Optional[list[Path]], typer.Argument(  # noqa: UP045
            help="Survey files (CSV/XLSX, any number of waves, Forms exports), sessions.csv with 'held' filled in, "
                 "or the program folder (its ledger's attendance is read).")] = None,
        *,
        config: ConfigOpt = None,
        roster: Annotated[Optional[Path], typer.Option(  # noqa: UP045
            "--roster", help="Roster file: sides, e-mails and names of the people, to recognise participants.",
            dir_okay=False)] = None,
        pairs: Annotated[Optional[Path], typer.Option(  # noqa: UP045
            "--pairs", help="pairs.csv or the program folder: who is in the program (everyone else who answered "
                            "is the comparison group).")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="Output: table, json, md or html.")] = "table",
        out: Annotated[Optional[Path], typer.Option(  # noqa: UP045
            "--out", "-o", help="Folder to write report.md, report.html and report.png into.", file_okay=False)] = None,
        force: ForceOpt = False,
        as_of: Annotated[Optional[str], typer.Option(  # noqa: UP045
            "--as-of", help="Reference date: sessions on or before it count (default: SOURCE_DATE_EPOCH or today).")
        ] = None,
        risk_attendance: Annotated[Optional[float], typer.Option(  # noqa: UP045
            "--risk-attendance", min=0.0, max=1.0,
            help="Flag pairs whose attendance is below this share (default: the program's at_risk.attendance).")
        ] = None,
        risk_cancellations: Annotated[Optional[int], typer.Option(  # noqa: UP045
            "--risk-cancellations", min=1,
            help="Flag pairs where one side cancelled this many times or more (default: at_risk.cancellations).")
        ] = None,
        templates: Annotated[Optional[Path], typer.Option(  # noqa: UP045
            "--templates", help="Folder with your own report.md.j2 / report.html.j2 (they replace the built-in ones).",
            file_okay=False)] = None,
        lang: LangOpt = None,
        quiet: QuietOpt = False,
        no_color: NoColorOpt = False,
    ) -> None:
        """Check each hypothesis of the program against survey files and sessions.csv; flag pairs at risk.

        Verdicts (met, not met, not enough data) are results, not errors: the exit code is 0 whatever they are.
        """
        common = Common(lang, quiet, no_color)
        with boundary(common, out=out) as ui:
            check_format(fmt, FORMATS)
            if config is None:
                raise UsageError("evaluate needs the program file with the hypotheses",
                                 hint="pass --config program.yaml")
            program, loaded_roster = load_inputs(common, ui, roster, config)
            if not program.value.hypotheses:
                raise UsageError("the program has no hypotheses to check",
                                 hint="add a 'hypotheses:' section to the program file (see examples/program.yaml)")
            from rmentor.core.evaluation import Settings
            from rmentor.workflows.evaluate import run_evaluate

            ui.warnings(check_targets(program))
            settings = Settings(as_of=reference_date(as_of, program.value.timezone),
                                risk_attendance=risk_attendance, risk_cancellations=risk_cancellations,
                                at_risk=program.value.at_risk)
            job = run_evaluate(program.value, config, data or [], settings,
                               roster=loaded_roster.value if loaded_roster else None, pairs=pairs)
            ui.warnings(job.warnings)
            result = job.evaluation
            if out is not None:
                from rmentor.outputs.evaluation import report_files
                from rmentor.outputs.files import write_outputs

                written = write_outputs(out, report_files(result, templates=templates), force=force)
                for path in written:
                    ui.info(tr("wrote {path}", path=path))
            if fmt == "json":
                from rmentor.outputs.evaluation import evaluation_json

                ui.json(evaluation_json(result))
            elif fmt in ("md", "html"):
                import sys

                from rmentor.outputs.evaluation import chart_png, render_report, trend_pngs

                png = chart_png(result) if fmt == "html" else None
                trends = trend_pngs(result) if fmt == "html" else None
                sys.stdout.write(render_report(result, fmt, chart_png_bytes=png, templates=templates,
                                               trend_png_bytes=trends))
            else:
                from rmentor.cli.render_evaluate import show_evaluation

                show_evaluation(ui, result)
