"""A program folder with a ledger, made from the bundled example (plan + the issue-13 ledger)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rmentor.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def make_program(folder: Path, *, lang: str = "ru") -> Path:
    """``rmentor plan`` into ``folder`` and its ledger, as ``plan --out`` does once issue 13 is merged."""
    from rmentor.inputs.loading import load_program, load_roster
    from rmentor.ledger import create_from_plan, ledger_path
    from rmentor.outputs.files import write_outputs
    from rmentor.workflows.plan import build_plan

    set_language(lang)  # type: ignore[arg-type]
    program = load_program(EXAMPLES / "program.yaml").value
    roster = load_roster(EXAMPLES / "roster.yaml", program).value
    if not ledger_path(folder).exists():
        plan = build_plan(roster, program, today=date(2027, 1, 1))
        write_outputs(folder, plan.files, force=True)
        create_from_plan(folder, program=program, roster=roster, pairs=plan.match.pairs, schedule=plan.schedule,
                         roster_source=(EXAMPLES / "roster.yaml").read_bytes(), roster_name="roster.yaml",
                         program_source=(EXAMPLES / "program.yaml").read_bytes(), program_name="program.yaml",
                         language=lang).close()
    return folder
