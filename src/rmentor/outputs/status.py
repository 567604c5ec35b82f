"""``rmentor status`` for machines (JSON, a pinned contract) and for the sponsor (one self-contained HTML page)."""

from __future__ import annotations

import base64
import html
from datetime import date, datetime
from typing import Any

from rmentor.core.progress import PairLine, Status
from rmentor.i18n import get_language, tr
from rmentor.outputs.jsonout import JSON_VERSION


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _day(value: date | None) -> str:
    from rmentor.outputs.glossary import date_text

    return "-" if value is None else date_text(value)


def _when(value: datetime | None) -> str:
    from rmentor.outputs.glossary import moment_text

    return "-" if value is None else moment_text(value)


def _pair_json(p: PairLine) -> dict[str, Any]:
    h = p.health
    return {"pair_id": p.pair_id, "senior": p.senior, "junior": p.junior, "status": p.status,
            "attendance": None if h.attendance is None else round(h.attendance, 4), "held": h.held,
            "missed": h.missed, "unrecorded": h.unrecorded, "planned": p.planned,
            "last_held": h.last_held.isoformat() if h.last_held else None,
            "next": p.next.isoformat() if p.next else None}


def status_json(s: Status) -> dict[str, Any]:
    """``rmentor status --format json``: the shape is pinned by ``tests/test_running.py``."""
    return {
        "version": JSON_VERSION,
        "program": s.name,
        "as_of": s.as_of.isoformat(),
        "timezone": s.timezone,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "weeks": {"done": s.weeks_done, "left": s.weeks_left, "total": s.weeks_total},
        "sessions": dict(s.counts),
        "upcoming": [{"pair_id": x.pair_id, "session": x.number, "start": x.start.isoformat(),
                      "week": week} for week, items in (("this", s.this_week), ("next", s.next_week)) for x in items],
        "pairs": [_pair_json(p) for p in s.pairs],
        "pairs_at_risk": [{"pair_id": p.pair_id, "reasons": [{"code": r.code, "text": r.render(),
                                                              "params": r.json_params()} for r in p.health.risks]}
                          for p in s.at_risk],
        "to_send": list(s.to_send),
    }


def status_picture(s: Status) -> bytes:
    """Sessions per week by outcome (bars) and each active pair's attendance, as a deterministic PNG."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weeks = [w for w, _ in s.weekly]
    kinds = (("held", "#2e8b57"), ("missed", "#d9534f"), ("unrecorded", "#f0ad4e"), ("upcoming", "#b0c4de"))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.6, 1]})
    bottom: list[float] = [0.0] * len(weeks)
    for kind, colour in kinds:
        values: list[float] = [float(c.get(kind, 0)) for _, c in s.weekly]
        left.bar(range(len(weeks)), values, bottom=bottom, color=colour, label=tr(kind.capitalize()))
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    ticks = list(range(0, len(weeks), max(1, len(weeks) // 8)))
    left.set_xticks(ticks, [_day(weeks[i]) for i in ticks], rotation=35, ha="right")
    if weeks:
        mark = sum(1 for w in weeks if w <= s.as_of) - 0.5
        left.axvline(mark, color="black", linestyle="--", linewidth=1)
    left.set_title(tr("Sessions per week"))
    left.legend(fontsize=8)
    active = [p for p in s.pairs if p.status == "active"]
    names = [p.pair_id for p in active]
    shares = [100 * (p.health.attendance or 0.0) for p in active]
    colours = ["#d9534f" if p.health.at_risk else "#2e8b57" for p in active]
    right.barh(range(len(names)), shares, color=colours)
    right.set_yticks(range(len(names)), names)
    right.invert_yaxis()
    right.set_xlim(0, 100)
    right.set_title(tr("Attendance by pair, %"))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def status_html(s: Status) -> str:
    """A one-page dashboard with the picture inlined: send it as it is, it needs no other file."""
    e = html.escape
    lang = get_language()
    c = s.counts
    picture = "data:image/png;base64," + base64.b64encode(status_picture(s)).decode("ascii")
    cards = [(tr("Weeks done"), f"{s.weeks_done} / {s.weeks_total}"), (tr("Held"), c["held"]),
             (tr("Missed"), c["missed"]), (tr("Not recorded"), c["unrecorded"]),
             (tr("This week"), c["this_week"]), (tr("Next week"), c["next_week"])]
    rows = []
    for p in s.pairs:
        risk = "; ".join(r.render() for r in p.health.risks) if p.status == "active" else tr("ended")
        cls = ' class="risk"' if p.status == "active" and p.health.at_risk else (
            ' class="ended"' if p.status != "active" else "")
        rows.append(f"<tr{cls}><td>{e(p.pair_id)}</td><td>{e(p.senior)}</td><td>{e(p.junior)}</td>"
                    f"<td>{_pct(p.health.attendance)}</td><td>{p.health.held} / {p.health.due}</td>"
                    f"<td>{_day(p.health.last_held)}</td><td>{_when(p.next)}</td><td>{e(risk)}</td></tr>")
    risks = "".join(f"<li><b>{e(p.pair_id)}</b> ({e(p.senior)} / {e(p.junior)}): "
                    f"{e('; '.join(r.render() for r in p.health.risks))}</li>" for p in s.at_risk)
    send = (f"<p>{e(tr('Invitations still to send: {n} (run rmentor invite)', n=len(s.to_send)))}</p>"
            if s.to_send else f"<p>{e(tr('Calendars are up to date: nothing to send.'))}</p>")
    head = [tr("Pair"), tr("Senior"), tr("Junior"), tr("Attendance"), tr("Held / due"), tr("Last held"),
            tr("Next"), tr("Risk")]
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(s.name)}</title>
<style>
body{{font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222}}
.cards{{display:flex;gap:1em;flex-wrap:wrap}}
.card{{border:1px solid #ddd;border-radius:8px;padding:.6em 1em;min-width:120px}}
.card b{{display:block;font-size:1.6em}}
table{{border-collapse:collapse;width:100%;font-size:.92em}}
td,th{{border-bottom:1px solid #eee;padding:.35em .5em;text-align:left}}tr.risk td{{background:#fdecea}}
tr.ended td{{color:#999}}img{{max-width:100%}}
</style></head><body>
<h1>{e(s.name)}</h1>
<p>{e(tr("Status on {date}: week {done} of {total}, {left} weeks left.", date=_day(s.as_of), done=s.weeks_done,
           total=s.weeks_total, left=s.weeks_left))}</p>
<div class="cards">{"".join(f'<div class="card">{e(str(k))}<b>{e(str(v))}</b></div>' for k, v in cards)}</div>
<h2>{e(tr("Pairs at risk"))}</h2>
{f"<ul>{risks}</ul>" if risks else f"<p>{e(tr('No pair is at risk.'))}</p>"}
<img alt="{e(tr('Sessions per week and attendance by pair'))}" src="{picture}">
<h2>{e(tr("Pairs"))}</h2>
<table><tr>{"".join(f"<th>{e(h)}</th>" for h in head)}</tr>
{"".join(rows)}</table>
<h2>{e(tr("Invitations"))}</h2>
{send}
</body></html>
"""
