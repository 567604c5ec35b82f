"""Everything rmentor shows people: rich tables and panels. The only module that imports rich.

Payload (tables, JSON) goes to stdout; diagnostics (errors, warnings, progress) to stderr.
``NO_COLOR`` and ``--no-color`` turn colour off; ``--quiet`` keeps only payload and errors.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from rmentor.errors import Issue, RmentorError
from rmentor.i18n import tr, trn
from rmentor.summary import ValidationSummary

JSON_VERSION = 1
PIPE_WIDTH = 100


def _pipe_width() -> int:
    """Width for output that is not a terminal: ``COLUMNS`` when set, else 100."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return PIPE_WIDTH
    return columns if 40 <= columns <= 1000 else PIPE_WIDTH


@dataclass
class UI:
    """Owns the two consoles and the output switches of one command."""

    out: Console
    err: Console
    quiet: bool = False

    @classmethod
    def create(cls, *, quiet: bool = False, no_color: bool = False) -> UI:
        # https://no-color.org: NO_COLOR set to any non-empty value turns colour off
        plain = no_color or bool(os.environ.get("NO_COLOR"))
        # color_system=None drops bold and every other escape too, not just colours
        system: Any = None if plain else "auto"
        width = None if sys.stdout.isatty() else _pipe_width()
        return cls(
            out=Console(color_system=system, no_color=plain, highlight=False, soft_wrap=False, width=width),
            # diagnostics carry file paths: never hard-wrap them, the terminal wraps for display
            err=Console(stderr=True, color_system=system, no_color=plain, highlight=False, width=width,
                        soft_wrap=True),
            quiet=quiet,
        )

    # ---------------------------------------------------------------- diagnostics

    def error(self, exc: RmentorError) -> None:
        self.err.print(f"[bold red]{tr('error')}:[/] ", end="")
        self.err.print(exc.render(), markup=False)

    def warnings(self, issues: Iterable[Issue]) -> None:
        if self.quiet:
            return
        for issue in issues:
            self.err.print(f"[yellow]{tr('warning')}:[/] ", end="")
            self.err.print(issue.render(), markup=False)

    def info(self, text: str) -> None:
        if not self.quiet:
            self.err.print(text, markup=False)

    def json(self, payload: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n")

    # ---------------------------------------------------------------- validate

    def validation(self, s: ValidationSummary) -> None:
        self.warnings(s.warnings)
        out = self.out
        out.print(
            f"[bold green]OK[/] {trn('{n} senior', '{n} seniors', s.seniors)}, "
            f"{trn('{n} junior', '{n} juniors', s.juniors)} "
            f"({tr('capacity')} {s.junior_capacity}), "
            f"{trn('{n} department', '{n} departments', len(s.departments))}"
        )
        t = Table(title=tr("People by department"), title_justify="left")
        t.add_column(tr("Department"))
        t.add_column(tr("Seniors"), justify="right")
        t.add_column(tr("Juniors"), justify="right")
        for dept, ns, nj in s.departments:
            t.add_row(dept, str(ns), str(nj))
        out.print(t)
        c = Table(title=tr("Criteria"), title_justify="left")
        for col in ("Side", "Criterion", "Min", "Max", "Mean", "Threshold", "Below"):
            c.add_column(tr(col), justify="left" if col in ("Side", "Criterion") else "right")
        for r in s.criteria:
            c.add_row(tr(r.side), r.name, str(r.min), str(r.max), f"{r.mean:.2f}",
                      "-" if r.threshold is None else str(r.threshold), str(r.below))
        out.print(c)
        if s.ineligible:
            out.print(f"[bold]{tr('Below a threshold (not eligible)')}:[/]")
            for p in s.ineligible:
                reasons = "; ".join(r.render() for r in p.reasons)
                out.print(f"  {p.id} ({tr(p.side)}): {reasons}", markup=False)
        if s.no_availability:
            out.print(f"[bold]{tr('No availability windows')}:[/] " + ", ".join(s.no_availability))
        if s.pinned or s.history:
            out.print(tr("Pinned pairs: {pinned}; earlier pairs not to repeat: {history}",
                         pinned=s.pinned, history=s.history))
