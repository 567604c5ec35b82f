"""``rmentor rematch``: end failing pairs and re-pair their people; every other pair is kept."""

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
    LangOpt,
    NoColorOpt,
    QuietOpt,
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
    roster: Annotated[Path, typer.Argument(help="A program folder (its ledger is changed), or a roster file "
                                                "(with --pairs and --out: writes a new pairs.csv).")],
    more: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="More pair ids to end: --end P04 P05.", show_default=False)] = None,
    config: ConfigOpt = None,
    *,
    end: Annotated[list[str], typer.Option("--end", "-e", help="Pair id(s) to end: --end P04 P05, or repeat.")],
    pairs: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--pairs", "-p", help="Roster mode: the current pairs.csv.", dir_okay=False)] = None,
    out: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--out", "-o", help="Roster mode: folder for the new pairs.csv.", file_okay=False)] = None,
    start: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--from", help="Program folder: the day the change takes effect (default: the next working day).")] = None,
    reason: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--reason", help="Program folder: why (kept in the ledger).")] = None,
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
    """End the pairs named with --end and re-pair their people optimally, keeping every other pair.

    Given a program folder, the ended pairs keep their past sessions and records, their sessions from
    --from are cancelled, and the new pairs get sessions from --from to the program end.
    """
    common = Common(lang, quiet, no_color)
    with boundary(common, out=out) as ui:
        check_format(fmt)
        if delimiter is not None:
            check_delimiter(delimiter)  # a bad value fails before any work
        from rmentor.errors import UsageError
        from rmentor.workflows.running import is_program_folder

        ids = [x for value in [*end, *(more or [])] for x in value.replace(",", " ").split()]
        if is_program_folder(roster):
            if pairs is not None or out is not None or config is not None:
                raise UsageError("a program folder holds its pairs and program: --pairs, --out and --config "
                                 "are for a roster file", hint="rmentor rematch DIR --end P04 [--from DATE]")
            from rmentor.cli.dates import parse_day
            from rmentor.cli.render_running import adopt_language, rematch_outcome
            from rmentor.workflows.running import rematch_program

            adopt_language(common, roster)
            outcome = rematch_program(roster, ids, from_day=parse_day(start, "--from") if start else None,
                                      reason=reason)
            if fmt == "json":
                from rmentor.outputs.jsonout import JSON_VERSION

                ui.json({"version": JSON_VERSION, "ended": list(outcome.ended), "from": outcome.from_day.isoformat(),
                         "cancelled": outcome.cancelled,
                         "added": [{"pair_id": a, "senior": b, "junior": c, "sessions": n}
                                   for a, b, c, n in outcome.added],
                         "unmatched": [{"id": i, "reason": r} for i, r in outcome.unmatched]})
            else:
                rematch_outcome(ui, outcome)
            return
        if more:
            raise UsageError("unexpected argument(s): {args}", hint="pass pair ids after --end", args=" ".join(more))
        if roster.is_dir():
            raise UsageError("{path} is a folder but holds no program.db", hint="give a roster file with --pairs "
                             "and --out, or a program folder made by rmentor plan --out", path=str(roster))
        if pairs is None or out is None or start is not None or reason is not None:
            raise UsageError("with a roster file, rematch needs --pairs and --out (--from and --reason are for a "
                             "program folder)",
                             hint="for example: rmentor rematch ROSTER --pairs pairs.csv --end P04 --out DIR")
        end = ids
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
