"""The terminal view of ``rmentor evaluate``: rich tables. rich is imported only here and in render.py."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from rmentor.cli.render import UI
from rmentor.core.evaluation import Evaluation
from rmentor.i18n import tr
from rmentor.outputs.evaluation import hypothesis_views, pair_views, wave_title

_STYLE = {"met": "bold green", "not_met": "bold red", "not_enough_data": "bold yellow"}


def show_evaluation(ui: UI, ev: Evaluation) -> None:
    """Print the hypotheses table, their notes, and the pairs at risk to stdout."""
    out = ui.out
    out.print(Text(tr("Program evaluation: {name}", name=ev.program), style="bold"))
    out.print(tr("Reference date: {date}.", date=ev.settings.as_of.isoformat()), markup=False)
    views = hypothesis_views(ev)
    t = Table(title=tr("Hypotheses"), title_justify="left")
    t.add_column(tr("Hypothesis"))
    for name in ("Baseline", "Now", "Change", "Target", "95% interval"):
        t.add_column(tr(name), justify="right")
    compared = any(v["comparison_n"] for v in views)
    if compared:
        # short headings: the lines under the table say what they mean
        t.add_column(tr("Others"), justify="right")
        t.add_column(tr("Difference"), justify="right")
    t.add_column(tr("Verdict"))
    for v in views:
        extra = [v["comparison"], v["did_value"]] if compared else []
        t.add_row(v["id"], v["baseline"], v["current"], v["change"], v["target"], v["interval"], *extra,
                  Text(v["verdict"], style=_STYLE[v["verdict_code"]]))
    out.print(t)
    if ev.waves:
        out.print(Text(tr("Survey answers per wave") + ": " + "; ".join(
            f"{wave_title(ev, w.name)} — " + tr("participants: {n}, comparison group: {m}", n=w.participants,
                                                m=w.comparison) for w in ev.waves), style="dim"))
    for v in views:
        out.print(Text.assemble((f"{v['id']}: ", "bold"), (v["summary"], _STYLE[v["verdict_code"]])))
        out.print(Text("  " + v["measure"], style="dim"))
        if v["kind"] != "attendance":
            people = tr("People: {n} participants, {m} in the comparison group", n=v["participants_n"],
                        m=v["comparison_n"])
            out.print(Text("  " + (f"{v['waves']}; " if v["waves"] else "") + people, style="dim"))
            if v["did"] != "—":
                out.print(Text("  " + tr("difference from the comparison group: {did}", did=v["did"]), style="dim"))
        for note in v["notes"]:
            out.print(Text("  - " + note))
    if ev.pairs:
        risky = pair_views(ev.at_risk)
        if risky:
            r = Table(title=tr("Pairs at risk"), title_justify="left")
            for name in ("Pair", "Senior", "Junior", "Attendance", "Why"):
                r.add_column(tr(name), justify="right" if name == "Attendance" else "left")
            for p in risky:
                r.add_row(p["pair_id"], p["senior"], p["junior"], p["attendance"], "; ".join(p["risks"]))
            out.print(r)
        else:
            out.print(tr("No pair is at risk."), markup=False)
    if not ui.quiet:  # diagnostics go to stderr, like every other warning
        for w in ev.warnings:
            ui.err.print(f"[yellow]{tr('warning')}:[/] ", end="", markup=True)
            ui.err.print(w.render(), markup=False)
