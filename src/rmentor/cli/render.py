"""Everything rmentor shows people: rich tables and panels. The only module that imports rich.

Payload (tables, JSON) goes to stdout; diagnostics (errors, warnings, progress) to stderr.
``NO_COLOR`` and ``--no-color`` turn colour off; ``--quiet`` keeps only payload and errors.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from rmentor.errors import Issue, RmentorError
from rmentor.i18n import tr, trn

if TYPE_CHECKING:  # types only: the UI is made before the input is read, and most commands show no summary
    from pathlib import Path

    from rmentor.core.explaining import Explanation
    from rmentor.core.matching import MatchResult
    from rmentor.core.rematching import RematchResult
    from rmentor.core.scoring import ScoreReport
    from rmentor.core.spellings import VocabularyReport
    from rmentor.core.summary import ValidationSummary
    from rmentor.model import Roster
    from rmentor.workflows.plan import PlanResult

BLOCKING_SHOWN = 10  # blocking pairs named in the summary line; all of them are in --format json
TABLE_ROWS = 100  # beyond this a terminal table helps nobody: the full list is in pairs.csv / JSON
PIPE_WIDTH = 100


def _pipe_width() -> int:
    """Width for output that is not a terminal: ``COLUMNS`` when set, else 100."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return PIPE_WIDTH
    return columns if 40 <= columns <= 1000 else PIPE_WIDTH


def _breakdown(parts: dict[str, int]) -> str:
    from rmentor.core.scoring import COMPONENT_TEXT

    return ", ".join(f"{tr(COMPONENT_TEXT[k])} {v}" for k, v in parts.items())


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class SafeConsole(Console):
    """A console that shows control characters in text as escapes (``\\x1b``, ``\\r``,
    ``\\u202e``): user text can never move the cursor, clear the screen or reverse a line.
    Markup is off unless a call asks for it, so ``[bold]`` in a name is just text; emoji codes
    are off altogether, so ``:fire:`` in a department is just text too."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(_CONTROL.sub(_shown, text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterator[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and _CONTROL.search(segment.text):
                yield Segment(_CONTROL.sub(_shown, segment.text), segment.style)
            else:
                yield segment


@dataclass
class UI:
    """Owns the two consoles and the output switches of one command."""

    out: SafeConsole
    err: SafeConsole
    quiet: bool = False

    @classmethod
    def create(cls, *, quiet: bool = False, no_color: bool = False) -> UI:
        # https://no-color.org: NO_COLOR set to any non-empty value turns colour off
        plain = no_color or bool(os.environ.get("NO_COLOR"))
        # color_system=None drops bold and every other escape too, not just colours
        system: Any = None if plain else "auto"
        width = None if sys.stdout.isatty() else _pipe_width()
        return cls(
            out=SafeConsole(color_system=system, no_color=plain, highlight=False, soft_wrap=True, width=width,
                            markup=False, emoji=False),
            # diagnostics carry file paths: never hard-wrap them, the terminal wraps for display
            err=SafeConsole(stderr=True, color_system=system, no_color=plain, highlight=False, width=width,
                            soft_wrap=True, markup=False, emoji=False),
            quiet=quiet,
        )

    # ---------------------------------------------------------------- diagnostics

    def error(self, exc: RmentorError) -> None:
        self.err.print(f"[bold red]{tr('error')}:[/] ", end="", markup=True)
        self.err.print(exc.render(), markup=False)

    def warnings(self, issues: Iterable[Issue]) -> None:
        if self.quiet:
            return
        for issue in issues:
            self.err.print(f"[yellow]{tr('warning')}:[/] ", end="", markup=True)
            self.err.print(issue.render(), markup=False)

    def info(self, text: str) -> None:
        if not self.quiet:
            self.err.print(text, markup=False)

    def json(self, payload: dict[str, Any]) -> None:
        # never 'NaN' or 'Infinity' (not JSON): a number that is not finite is shown as null
        sys.stdout.write(json.dumps(_finite(payload), ensure_ascii=False, indent=2, sort_keys=False,
                                    allow_nan=False) + "\n")

    # ---------------------------------------------------------------- validate

    def validation(self, s: ValidationSummary) -> None:
        self.warnings(s.warnings)
        out = self.out
        out.print(
            f"[bold green]OK[/] {trn('{n} senior', '{n} seniors', s.seniors)}, "
            f"{trn('{n} junior', '{n} juniors', s.juniors)} "
            f"({tr('capacity')} {s.junior_capacity}), "
            f"{trn('{n} department', '{n} departments', len(s.departments))}", markup=True
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
            c.add_row(tr(r.side), r.label or r.name, str(r.min), str(r.max), f"{r.mean:.2f}",
                      "-" if r.threshold is None else str(r.threshold), str(r.below))
        out.print(c)
        names = s.names or {}

        def who(pid: str) -> str:
            return f"{names[pid]} ({pid})" if pid in names else pid

        if s.ineligible:
            out.print(f"[bold]{tr('Below a threshold (not eligible)')}:[/]", markup=True)
            for p in s.ineligible:
                reasons = "; ".join(r.render() for r in p.reasons)
                out.print(f"  {who(p.id)}, {tr(p.side)}: {reasons}", markup=False, soft_wrap=False)
        if s.no_availability:
            out.print(tr("No availability windows") + ": " + ", ".join(who(p) for p in s.no_availability),
                      markup=False, soft_wrap=False)
        if s.vocabulary is not None:
            self._vocabulary(s.vocabulary)
        if s.pinned or s.history:
            out.print(tr("Pinned pairs: {pinned}; earlier pairs not to repeat: {history}",
                         pinned=s.pinned, history=s.history))

    def _vocabulary(self, v: VocabularyReport) -> None:
        out = self.out
        if v.suggestions:
            t = Table(title=tr("Spellings that may mean the same"), title_justify="left")
            t.add_column(tr("Kind"))
            t.add_column(tr("Spellings"))
            t.add_column(tr("People with a possible partner if merged"), justify="right")
            for sug in v.suggestions:
                change = "-" if sug.gained is None else f"{sug.gained:+d}"
                kind = tr("Departments") if sug.kind == "departments" else tr("Topics")
                t.add_row(kind, ", ".join([sug.canonical, *sug.others]), change)
            out.print(t)
            out.print(tr("If they are the same, paste this into the program file (merge with any 'aliases:' "
                         "there):"))
            out.print(v.aliases_yaml(), markup=False, highlight=False)
        if v.wanted_only:
            out.print(f"[bold]{tr('Topics seniors want that no junior offers')}:[/] "
                      + escape(", ".join(f"{t} ({n})" for t, n in v.wanted_only)), highlight=False)
        if v.offered_only:
            out.print(f"[bold]{tr('Topics juniors offer that no senior wants')}:[/] "
                      + escape(", ".join(f"{t} ({n})" for t, n in v.offered_only)), highlight=False)

    # ---------------------------------------------------------------- progress

    @contextmanager
    def progress(self) -> Iterator[Callable[[str], None]]:
        """A stage callback that shows a spinner on an interactive stderr, and nothing otherwise."""
        if self.quiet or not self.err.is_terminal:
            yield lambda _stage: None
            return
        labels = {"score": tr("Scoring pairs..."), "match": tr("Solving the matching..."),
                  "schedule": tr("Scheduling sessions...")}
        with self.err.status(tr("Working...")) as status:
            yield lambda stage: status.update(labels.get(stage, stage))

    # ---------------------------------------------------------------- match

    def match(self, result: MatchResult, roster: Roster) -> None:
        people = {p.id: p for p in [*roster.seniors, *roster.juniors]}
        t = Table(title=tr("Pairs"), title_justify="left", show_lines=True)
        t.add_column("#", no_wrap=True)
        t.add_column(tr("Senior"), ratio=3)
        t.add_column(tr("Junior"), ratio=3)
        t.add_column(tr("Score"), justify="right", no_wrap=True)
        t.add_column(tr("Why"), ratio=4)
        for pair in result.pairs[:TABLE_ROWS]:
            s, j = people[pair.senior], people[pair.junior]
            why = "\n".join(r.render() for r in pair.reasons[:2])
            t.add_row(pair.pair_id, Text(f"{s.name}\n", style="bold").append(s.department, style="dim"),
                      Text(f"{j.name}\n", style="bold").append(j.department, style="dim"), str(pair.score),
                      Text(why))
        self.out.print(t)
        if len(result.pairs) > TABLE_ROWS:
            self.out.print(tr("... and {n} more pairs: see pairs.csv (--out) or --format json",
                              n=len(result.pairs) - TABLE_ROWS))
        if result.unmatched:
            u = Table(title=tr("Not matched"), title_justify="left")
            u.add_column(tr("Person"), ratio=2)
            u.add_column(tr("Side"), no_wrap=True)
            u.add_column(tr("Reason"), ratio=5)
            for item in result.unmatched[:TABLE_ROWS]:
                person = people[item.id]
                u.add_row(Text(f"{person.name} ({item.id})"), tr(item.side), Text(item.reason.render()))
            self.out.print(u)
            if len(result.unmatched) > TABLE_ROWS:
                self.out.print(tr("... and {n} more people not matched: see --format json",
                                  n=len(result.unmatched) - TABLE_ROWS))
        status = tr("optimal") if result.status == "optimal" else tr("feasible, bound {bound}", bound=result.bound)
        self.out.print(
            f"[bold]{trn('{n} pair', '{n} pairs', len(result.pairs))}[/], "
            f"{tr('total score {score}', score=result.objective)} ({status}); "
            f"{trn('{n} person not matched', '{n} people not matched', len(result.unmatched))}", markup=True
        )
        self._wishes_and_stability(result)

    def _wishes_and_stability(self, result: MatchResult) -> None:
        from rmentor.core.scoring import RULE_TEXT

        w = result.wishes
        if w is not None:
            self.out.print(tr("Wishes granted: first choice for {first} of {people}, any choice for {any} of "
                              "{people}, mutual wishes {mutual_granted} of {mutual}",
                              first=w.first_granted, people=w.people, any=w.any_granted,
                              mutual_granted=w.mutual_granted, mutual=w.mutual), markup=False)
            for x in w.not_honoured[:TABLE_ROWS]:
                self.out.print("  - " + tr("{person} asked for {target}; not honoured: {rules}", person=x.person,
                                           target=x.target, rules="; ".join(tr(RULE_TEXT[r]) for r in x.blocked_by)),
                               markup=False)
        st = result.stability
        if st is None:
            return
        if st.stable:
            self.out.print(tr("Stable: no two people would both rather be together than with their partners"))
            return
        if not st.possible:
            self.out.print(tr("No stable plan is possible: {why}",
                              why="; ".join(r.render() for r in st.reasons)), markup=False)
        shown = ", ".join(f"{a} + {b}" for a, b in st.blocking[:BLOCKING_SHOWN])
        if len(st.blocking) > BLOCKING_SHOWN:
            shown += ", " + tr("... and {n} more: see --format json", n=len(st.blocking) - BLOCKING_SHOWN)
        self.out.print(trn("{n} blocking pair (both would rather be together): {pairs}",
                           "{n} blocking pairs (both would rather be together): {pairs}", len(st.blocking),
                           pairs=shown), markup=False)

    # ---------------------------------------------------------------- score

    def scores(self, report: ScoreReport, names: dict[str, str] | None = None) -> None:
        """Person scores (and pair scores); people by name, the id beside it (``names``: id -> name)."""
        names = names or {}
        for side, items in (("Seniors", report.seniors), ("Juniors", report.juniors)):
            if not items:  # narrowed to one person on the other side
                continue
            t = Table(title=tr(side), title_justify="left")
            if names:
                t.add_column(tr("Name"))
            t.add_column("id", no_wrap=True)
            t.add_column(tr("Score"), justify="right")
            t.add_column(tr("Eligible"))
            t.add_column(tr("Reasons"), ratio=1)
            for p in items:
                cells = [Text(names.get(p.id, ""))] if names else []
                t.add_row(*cells, p.id, str(p.score), tr("yes") if p.eligible else tr("no"),
                          Text("; ".join(r.render() for r in p.reasons)))
            self.out.print(t)
        if report.pairs is not None:
            from rmentor.core.scoring import RULE_TEXT

            def who(pid: str) -> Text:
                return Text(f"{names[pid]} ({pid})" if pid in names else pid)

            t = Table(title=tr("Pairs"), title_justify="left")
            for col in ("Senior", "Junior", "Score", "Ranks", "Allowed", "Blocked by"):
                t.add_column(tr(col), justify="right" if col in ("Score", "Ranks") else "left")
            for ps in sorted(report.pairs, key=lambda x: (not x.allowed, -x.score, x.senior, x.junior)):
                # where each puts the other among their allowed partners (1 = most preferred)
                ranks = f"{ps.senior_rank} / {ps.junior_rank}" if ps.senior_rank else "-"
                t.add_row(who(ps.senior), who(ps.junior), str(ps.score), ranks, tr("yes") if ps.allowed else tr("no"),
                          Text("; ".join(tr(RULE_TEXT[r]) for r in ps.blocked_by)))
            self.out.print(t)

    # ---------------------------------------------------------------- explain

    def explanation(self, e: Explanation, names: dict[str, str] | None = None) -> None:
        """Why a senior got their junior; people are shown by name (``names``: id -> name)."""
        from rmentor.core.scoring import RULE_TEXT

        def who(pid: str) -> str:
            return (names or {}).get(pid, pid)

        out = self.out
        if e.pair is not None:
            out.print(tr("{senior} is paired with {junior} ({pair_id}), score {score}: {breakdown}",
                         senior=who(e.senior), junior=who(e.pair.junior), pair_id=e.pair.pair_id,
                         score=e.pair.score, breakdown=_breakdown(e.pair.breakdown)), markup=False)
        else:
            out.print(tr("{senior} is not matched", senior=who(e.senior)), markup=False)
        if e.asked is not None:
            out.print(tr("Pair {senior} + {junior}: score {score}: {breakdown}", senior=who(e.senior),
                         junior=who(e.asked.junior), score=e.asked.score,
                         breakdown=_breakdown(e.asked.breakdown)), markup=False)
        for r in e.verdict:
            out.print("  - " + r.render(), markup=False)
        if e.changes:
            out.print(f"[bold]{tr('What would change it')}:[/]", markup=True)
            for r in e.changes:
                out.print("  - " + r.render(), markup=False)
        if e.wishes:
            out.print(f"[bold]{tr('Wishes')}:[/]")
            for w in e.wishes:
                out.print("  - " + w.reason.render(), markup=False)
        t = Table(title=tr("Best-scoring juniors for {senior}", senior=escape(who(e.senior))), title_justify="left")
        for col in ("Junior", "Score", "Allowed", "In the plan"):
            t.add_column(tr(col), justify="right" if col == "Score" else "left")
        for a in e.alternatives:
            allowed = tr("yes") if not a.blocked_by else "; ".join(tr(RULE_TEXT[r]) for r in a.blocked_by)
            t.add_row(Text(f"{who(a.junior)} ({a.junior})" if names else a.junior), str(a.score), Text(allowed),
                      Text(", ".join(who(s) for s in a.taken_by) or "-"))
        out.print(t)

    # ---------------------------------------------------------------- plan

    def plan(self, plan: PlanResult, out: Path, written: int) -> None:
        sessions = len(plan.schedule.sessions)
        self.out.print(
            f"[bold green]{tr('Kit ready')}[/]: {trn('{n} pair', '{n} pairs', len(plan.match.pairs))}, "
            f"{trn('{n} session', '{n} sessions', sessions)}, {trn('{n} file', '{n} files', written)} -> "
            f"{escape(str(out))}", markup=True
        )
        for name in ("brief.pdf", "brief.html", "appendix.pdf", "plan.xlsx", "pairs.csv", "calendar.ics",
                     "sessions.csv", "schedule.md", "kit/"):
            if name in plan.files or name == "kit/":  # a large plan's appendix is HTML and Markdown only
                self.out.print(f"  {out / name}", markup=False)
        if plan.schedule.unscheduled:
            self.out.print(tr("Not scheduled: {pairs}", pairs=", ".join(u.pair_id for u in plan.schedule.unscheduled)))

    # ---------------------------------------------------------------- rematch

    def rematch(self, result: RematchResult, roster: Roster) -> None:
        people = {p.id: p for p in [*roster.seniors, *roster.juniors]}
        for old in result.ended:
            self.out.print(tr("Ended {pair_id}: {senior} + {junior}", pair_id=old.pair_id,
                              senior=people[old.senior].name, junior=people[old.junior].name), markup=False)
        for new in result.added:
            self.out.print(tr("New {pair_id}: {senior} + {junior}, score {score} ({why})", pair_id=new.pair_id,
                              senior=people[new.senior].name, junior=people[new.junior].name, score=new.score,
                              why="; ".join(r.render() for r in new.reasons[:2])), markup=False)
        for u in result.unmatched:
            self.out.print(tr("Without a pair: {name} ({id}): {reason}", name=people[u.id].name, id=u.id,
                              reason=u.reason.render()), markup=False)
        self.out.print(tr("Kept {kept} pair(s) unchanged; {total} pair(s) in the new pairs.csv",
                          kept=len(result.kept), total=len(result.pairs)))
