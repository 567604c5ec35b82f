"""The whole ``rmentor evaluate`` job: find the data, know the participants, read, evaluate.

Participants come from, in this order: ``--pairs`` (a ``pairs.csv`` or a program folder holding
one), a program folder among the DATA arguments (its ledger's pairs, sessions and roster, or its
``pairs.csv`` and ``sessions.csv``), or the roster; without any, everyone who
answered counts, with a warning. Survey files named in the program (``surveys.files``, relative to the program file) are
read along with the DATA files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rmentor.core.evaluation import Evaluation, Participants, Settings, evaluate, participants_from
from rmentor.errors import InputError, Issue, Location, UsageError
from rmentor.inputs.surveys import SessionRecord, SurveyLayout, norm_header, read_data, read_table, restore_ids
from rmentor.model import Program, Roster
from rmentor.workflows.running import is_program_folder, ledger_sessions


@dataclass(frozen=True)
class EvaluateJob:
    """The result and the warnings met on the way."""

    evaluation: Evaluation
    warnings: tuple[Issue, ...]


def layout_of(program: Program, program_file: Path | None) -> SurveyLayout:
    """The program's ``surveys`` section as the reader wants it (file paths resolved)."""
    sv = program.surveys
    base = program_file.resolve().parent if program_file is not None else Path.cwd()
    files = {str((base / f.file).resolve()): (f.wave, (f.person.by, f.person.column) if f.person else None)
             for f in sv.files}
    return SurveyLayout(
        metrics={m: q.question for m, q in sv.metrics.items()},
        scales={m: sv.scales[q.scale] for m, q in sv.metrics.items() if q.scale is not None},
        waves=tuple((w.name, w.label) for w in sv.waves),
        wave_dates=tuple(w.date for w in sv.waves),
        person=(sv.person.by, sv.person.column) if sv.person else None,
        files=files,
    )


def _pairs_in(path: Path, roster: Roster | None) -> list[tuple[str, str]]:
    """(senior id, junior id) of every pair in a pairs.csv (checked against the roster when there is one)."""
    if roster is not None:
        from rmentor.inputs.pairsfile import read_pairs

        return [(p.senior, p.junior) for p in read_pairs(path, roster).pairs]
    table = read_table(path)
    cols = {norm_header(h): i for i, h in enumerate(table.header)}
    if "senior_id" not in cols or "junior_id" not in cols:
        raise InputError("the pairs file has no column {columns}", location=Location(file=str(path)),
                         hint="the first row must name the columns pair_id, senior_id, junior_id (found: {found})",
                         columns="senior_id, junior_id", found=", ".join(table.header))
    out = []
    for row in table.rows:
        s, j = str(row.get(cols["senior_id"]) or "").strip(), str(row.get(cols["junior_id"]) or "").strip()
        if s and j:
            out.append((s, j))
    return out


def _ledger_people(folder: Path) -> tuple[list[tuple[str, str]], Roster]:
    """Every pair the ledger has held (senior id, junior id), and its roster."""
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led, led.snapshot():
        roster = led.program_record().roster()
        pairs = [(p.senior_id, p.junior_id) for p in led.pairs()]
    return pairs, roster


def _folder(path: Path) -> tuple[Path | None, Path | None]:
    """A program folder's pairs.csv and sessions.csv, when present."""
    pairs, sessions = path / "pairs.csv", path / "sessions.csv"
    return (pairs if pairs.is_file() else None), (sessions if sessions.is_file() else None)


def run_evaluate(program: Program, program_file: Path | None, data: Sequence[Path], settings: Settings, *,
                 roster: Roster | None = None, pairs: Path | None = None) -> EvaluateJob:
    """Read every data file and evaluate the program's hypotheses."""
    files: list[Path] = []
    pair_file: Path | None = None
    if pairs is not None:
        if pairs.is_dir():
            pair_file, _ = _folder(pairs)
            if pair_file is None:
                raise UsageError("the folder has no pairs.csv", location=Location(file=str(pairs)),
                                 hint="pass --pairs pairs.csv, or the program folder 'rmentor plan' wrote")
        else:
            pair_file = pairs
    ledger: list[SessionRecord] = []
    ledger_pairs: list[tuple[str, str]] = []
    for path in data:
        if path.is_dir() and is_program_folder(path):
            # the program ledger (issue 14): its attendance, its pairs (ended ones too: their people took part)
            # and its roster when none was given
            ledger.extend(ledger_sessions(path))
            pairs_in, ledger_roster = _ledger_people(path)
            ledger_pairs.extend(pairs_in)
            roster = roster or ledger_roster
        elif path.is_dir():
            folder_pairs, folder_sessions = _folder(path)
            if folder_pairs is None and folder_sessions is None:
                raise UsageError("the folder has neither pairs.csv nor sessions.csv", location=Location(file=str(path)),
                                 hint="pass survey files and sessions.csv, or the program folder 'rmentor plan' wrote")
            pair_file = pair_file or folder_pairs
            if folder_sessions is not None:
                files.append(folder_sessions)
        else:
            files.append(path)
    layout = layout_of(program, program_file)
    given = {str(p.resolve()) for p in files}
    for declared in layout.files:
        if declared not in given and Path(declared).name not in {p.name for p in files}:
            if not Path(declared).is_file():
                raise InputError("the survey file named in the program does not exist",
                                 location=Location(file=declared),
                                 hint="fix surveys.files in the program (paths are relative to the program file)")
            files.append(Path(declared))
    if not files and not ledger:
        raise UsageError("no data files", hint="pass survey files and sessions.csv, or list the surveys in the "
                         "program (surveys.files)")
    metrics = sorted({h.metric for h in program.hypotheses if h.kind != "attendance"})
    read = read_data(files, metrics, layout)
    if roster is not None:  # 104 in a survey is the roster's 000104
        read = restore_ids(read, [p.id for p in (*roster.seniors, *roster.juniors)])
    if ledger:
        read = replace(read, sessions=tuple(sorted((*read.sessions, *ledger), key=lambda s: (s.pair_id, s.session))))
    who: Participants | None
    if pair_file is not None:
        who = participants_from(roster, _pairs_in(pair_file, roster), source="pairs")
    elif ledger_pairs:
        who = participants_from(roster, ledger_pairs, source="pairs")
    else:
        # the roster's people, or (None) everyone who answered, with a warning: the ids in sessions.csv are not
        # used, since a pair rematched mid-program would leave its first members out
        who = participants_from(roster)
    result = evaluate(program, read.surveys, read.sessions, settings, roster=roster,
                      have_sessions=bool(read.session_files) or bool(ledger), participants=who, waves=read.waves)
    return EvaluateJob(result, read.warnings)
