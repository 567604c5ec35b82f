"""Everything ``rmentor evaluate`` produces from an :class:`~rmentor.core.evaluation.Evaluation`.

* :func:`hypothesis_views` / :func:`pair_views`: the numbers formatted for people (percent
  signs, decimal commas in Russian), shared by the terminal table and the documents;
* :func:`evaluation_json`: the versioned ``--format json`` payload (pinned by tests);
* :func:`chart_png`: one panel per hypothesis: baseline, current value with its 95% interval,
  and the target (matplotlib, Agg, no timestamps: the same input gives the same bytes);
* :func:`render_report`: ``report.md`` and ``report.html`` from Jinja2 templates.

Templates live in ``rmentor/templates/evaluate/`` (``report.md.j2``, ``report.html.j2``; see docs/evaluate.md). A
company overrides them by passing ``--templates DIR``: a file of the same name in ``DIR``
replaces the built-in one. Templates see the variables documented in :func:`report_context`
and two functions, ``_("English text", **params)`` (translated to the document language) and
``ngettext(singular, plural, n)``.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rmentor.core.evaluation import (
    MIN_PAIRS,
    MIN_PEOPLE,
    MIN_SESSIONS,
    Evaluation,
    HypothesisResult,
    PairAttendance,
)
from rmentor.errors import Location, UsageError
from rmentor.i18n import get_language, tr, trn
from rmentor.model import Hypothesis, label_text
from rmentor.outputs.jsonout import JSON_VERSION

TEMPLATE_NAMES = ("report.md.j2", "report.html.j2")
_BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "evaluate"
_DASH = "—"


# ----------------------------------------------------------------------------- numbers for people


def _decimal(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if get_language() == "ru" else text


def fmt_number(x: float | None, digits: int = 2) -> str:
    """``3.97`` (``3,97`` in Russian); a dash for None."""
    if x is None:
        return _DASH
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if get_language() == "ru" else text


def fmt_pct(x: float | None, *, signed: bool = False, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.168`` -> ``16.8%`` (``16,8 %`` in Russian)."""
    if x is None:
        return _DASH
    text = _decimal(100 * x, digits)
    if signed and not text.startswith("-") and text != "0":
        text = "+" + text
    text = text.replace("-", "−")
    return text + ("\u00a0%" if get_language() == "ru" else "%")


def fmt_points(x: float | None) -> str:
    """A difference of two shares in percentage points: ``+62.5 pp`` (``+62,5 п. п.``)."""
    if x is None:
        return _DASH
    text = _decimal(100 * x, 1)
    if not text.startswith("-") and text != "0":
        text = "+" + text
    return tr("{value} pp", value=text.replace("-", "−"))


def hypothesis_title(h: Hypothesis) -> str:
    """How people see a hypothesis: its label in the report language, else its statement (never its id)."""
    lang = get_language()
    if h.label is not None and (h.label.ru if lang == "ru" else h.label.en):
        return label_text(h.id, h.label, lang)
    return h.statement


def metric_name(h: Hypothesis) -> str:
    """A metric as people read it: its ``metric_label``, the built-in words, else the column name."""
    return label_text(h.metric, h.metric_label, get_language())


def verdict_label(r: HypothesisResult) -> str:
    """``met`` / ``not met`` / ``not enough data`` in the current language."""
    return {"met": tr("met"), "not_met": tr("not met"), "not_enough_data": tr("not enough data")}[r.verdict]


def population_label(population: str) -> str:
    """``seniors`` / ``juniors`` / ``all participants``."""
    return {"seniors": tr("seniors"), "juniors": tr("juniors")}.get(population, tr("all participants"))


def _interval_text(r: HypothesisResult) -> str:
    if r.interval is None:
        return _DASH
    if r.judged_on_did:  # the interval of the difference from the comparison group, in points
        return f"{fmt_points(r.interval.low)} … {fmt_points(r.interval.high)}"
    signed = r.hypothesis.kind == "mean_change"
    return f"{fmt_pct(r.interval.low, signed=signed)} … {fmt_pct(r.interval.high, signed=signed)}"


def _measure(r: HypothesisResult) -> str:
    h = r.hypothesis
    who = population_label(h.population)
    if h.kind == "mean_change":
        if r.paired:
            return tr("relative change of the mean '{metric}' ({who}), the same {n} people at baseline and follow-up",
                      metric=metric_name(h), who=who, n=r.n)
        return tr("relative change of the mean '{metric}' ({who})", metric=metric_name(h), who=who)
    if h.kind == "share_reaching":
        level = _decimal(h.level or 0, 2)
        # one template per population: Russian needs the genitive ("доля старших")
        if h.population == "seniors":
            return tr("share of seniors with '{metric}' at least {level} at follow-up", metric=metric_name(h),
                      level=level)
        if h.population == "juniors":
            return tr("share of juniors with '{metric}' at least {level} at follow-up", metric=metric_name(h),
                      level=level)
        return tr("share of participants with '{metric}' at least {level} at follow-up", metric=metric_name(h),
                  level=level)
    return tr("sessions held out of sessions recorded, up to the reference date")


def _method(r: HypothesisResult) -> str:
    if r.interval is None:
        return ""
    return {
        "bootstrap_paired": tr("bootstrap over people, paired"),
        "bootstrap_unpaired": tr("bootstrap, each wave on its own"),
        "bootstrap_pairs": tr("bootstrap over pairs"),
        "wilson": tr("Wilson score interval"),
        "bootstrap_groups": tr("bootstrap of the difference, each group resampled on its own"),
    }[r.interval.method]


def _comparison_note(ev: Evaluation, r: HypothesisResult) -> str:
    """Plain words on the comparison group when it cannot carry a conclusion; empty when it can."""
    if ev.participants_source is None or r.hypothesis.kind == "attendance":
        return ""
    if r.comparison_n == 0:
        return tr("There is no comparison group: nobody outside the program answered the waves compared.")
    if r.comparison_n < MIN_PEOPLE:
        return tr("The comparison group is too small to conclude: {n} people, at least {min} are needed.",
                  n=r.comparison_n, min=MIN_PEOPLE)
    return ""


def hypothesis_views(ev: Evaluation) -> list[dict[str, Any]]:
    """Each hypothesis' numbers as display strings (``id``, ``baseline``, ``current``, ``verdict``...)."""
    views = []
    for r in ev.hypotheses:
        h = r.hypothesis
        if h.kind == "mean_change":
            baseline, current = fmt_number(r.baseline), fmt_number(r.current)
            change, target = fmt_pct(r.change, signed=True), fmt_pct(h.target, signed=True)
        elif h.kind == "share_reaching":
            baseline, current = fmt_pct(r.baseline), fmt_pct(r.current)
            change, target = fmt_points(r.change), fmt_pct(h.target)
        else:
            baseline, current, change, target = _DASH, fmt_pct(r.current), _DASH, fmt_pct(h.target)
        did = _DASH
        if r.did is not None:
            did = (f"{fmt_points(r.did.value)} ({fmt_points(r.did.interval.low)} … "
                   f"{fmt_points(r.did.interval.high)})")
        if h.kind == "mean_change":
            c_change = fmt_pct(r.comparison_change, signed=True)
        elif h.kind == "share_reaching":
            c_change = fmt_pct(r.comparison_current)
        else:
            c_change = _DASH
        views.append({
            "id": h.id,
            "title": hypothesis_title(h),
            "statement": h.statement,
            "participants_n": r.participants_n,
            "comparison_n": r.comparison_n,
            "comparison": c_change,
            "did": did,
            "did_value": fmt_points(r.did.value) if r.did is not None else _DASH,
            "comparison_note": _comparison_note(ev, r),
            # what the verdict was judged on: the difference from the comparison group when the hypothesis requires
            # one, else the participants' change (mean_change) or the current share / rate
            "result": fmt_points(r.did.value) if r.judged_on_did and r.did is not None else (
                change if h.kind == "mean_change" else current),
            "judged_on_did": r.judged_on_did,
            "waves": " → ".join(wave_title(ev, w) for w in r.waves) if r.waves else "",
            "kind": h.kind,
            "metric": h.metric,
            "population": population_label(h.population),
            "deadline": h.deadline.isoformat() if h.deadline else "",
            "measure": _measure(r),
            "baseline": baseline,
            "current": current,
            "change": change,
            "target": fmt_points(h.target) if r.judged_on_did else target,
            "interval": _interval_text(r),
            "method": _method(r),
            "n": r.n,
            "verdict_code": r.verdict,
            "certainty": r.certainty or "",
            "verdict": verdict_label(r),
            "summary": r.summary().render(),
            "interim": r.interim,
            "notes": [n.render() for n in r.notes],
        })
    return views


def wave_title(ev: Evaluation, name: str) -> str:
    """A wave as people should read it: its label, else its name (baseline / follow-up translated), and date."""
    from rmentor.inputs.surveys import wave_label

    info = next((w for w in ev.waves if w.name == name), None)
    text = (info.label if info is not None and info.label else None) or wave_label(name)
    if info is not None and info.date is not None:
        day = info.date.strftime("%d.%m.%Y") if get_language() == "ru" else info.date.isoformat()
        text = f"{text} ({day})"
    return text


def trend_views(ev: Evaluation) -> list[dict[str, Any]]:
    """Each metric across the waves: participants and the comparison group, formatted."""
    out = []
    for t in ev.trends:
        def value(x: float | None, t: Any = t) -> str:
            return fmt_number(x) if t.kind == "mean" else fmt_pct(x, digits=0)

        titles = [hypothesis_title(h.hypothesis) for h in ev.hypotheses
                  if h.hypothesis.metric == t.metric and h.hypothesis.population == t.population]
        out.append({
            "metric": t.metric,
            "title": titles[0] if titles else t.metric,
            "population": population_label(t.population),
            "kind": t.kind,
            "points": [{"wave": wave_title(ev, p.wave), "participants": value(p.participants),
                        "participants_n": p.participants_n, "comparison": value(p.comparison),
                        "comparison_n": p.comparison_n} for p in t.points],
        })
    return out


def pair_views(pairs: tuple[PairAttendance, ...]) -> list[dict[str, Any]]:
    """Each pair's attendance as display strings, plus its risk reasons."""
    return [{
        "pair_id": p.pair_id,
        "label": f"{p.senior_name or p.senior_id or p.pair_id} — {p.junior_name or p.junior_id or _DASH}",
        "senior": p.senior_name or p.senior_id or _DASH,
        "junior": p.junior_name or p.junior_id or _DASH,
        "due": p.due,
        "held": p.held,
        "missed": p.missed,
        "unrecorded": p.unrecorded,
        "attendance": fmt_pct(p.rate, digits=0),
        "senior_cancellations": p.senior_cancellations,
        "junior_cancellations": p.junior_cancellations,
        "risks": [n.render() for n in p.risks],
    } for p in pairs]


# ----------------------------------------------------------------------------- JSON


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def evaluation_json(ev: Evaluation) -> dict[str, Any]:
    """``rmentor evaluate --format json``: codes and raw numbers (fractions, not percentages)."""
    s = ev.settings
    rules = s.rules()
    return {
        "version": JSON_VERSION,
        "program": ev.program,
        "as_of": s.as_of.isoformat(),
        "settings": {
            "confidence": 0.95,
            "resamples": s.resamples,
            "seed": s.seed,
            "min_people": MIN_PEOPLE,
            "min_sessions": MIN_SESSIONS,
            "min_pairs": MIN_PAIRS,
            "risk_attendance": rules.attendance,
            "risk_cancellations": rules.cancellations,
            "risk_stalled_weeks": rules.stalled_weeks,
            "risk_unrecorded_weeks": rules.unrecorded_weeks,
        },
        "respondents": dict(ev.respondents),
        "sessions": {"due": ev.sessions_due, "recorded": ev.sessions_recorded, "unrecorded": ev.sessions_unrecorded},
        "hypotheses": [{
            "id": r.hypothesis.id,
            "statement": r.hypothesis.statement,
            "kind": r.hypothesis.kind,
            "metric": r.hypothesis.metric,
            "population": r.hypothesis.population,
            "level": r.hypothesis.level,
            "target": r.hypothesis.target,
            "deadline": r.hypothesis.deadline.isoformat() if r.hypothesis.deadline else None,
            "verdict": r.verdict,
            "certainty": r.certainty,
            "summary": r.summary().render(),
            "baseline": _r(r.baseline),
            "current": _r(r.current),
            "change": _r(r.change),
            "value": _r(r.value),
            "interval": None if r.interval is None else {
                "low": _r(r.interval.low), "high": _r(r.interval.high), "level": r.interval.level,
                "method": r.interval.method,
            },
            "n": r.n,
            "n_baseline": r.n_baseline,
            "n_current": r.n_current,
            "paired": r.paired,
            "interim": r.interim,
            "notes": [n.render() for n in r.notes],
            "label": r.hypothesis.label.model_dump() if r.hypothesis.label is not None else None,
            "waves": list(r.waves) if r.waves else None,
            "comparison": r.hypothesis.comparison,
            "judged_on": "difference_in_differences" if r.judged_on_did else "participants",
            "participants_n": r.participants_n,
            "comparison_n": r.comparison_n,
            "comparison_baseline": _r(r.comparison_baseline),
            "comparison_current": _r(r.comparison_current),
            "comparison_change": _r(r.comparison_change),
            "difference_in_differences": None if r.did is None else {
                "value": _r(r.did.value),
                "interval": {"low": _r(r.did.interval.low), "high": _r(r.did.interval.high),
                             "level": r.did.interval.level, "method": r.did.interval.method},
            },
        } for r in ev.hypotheses],
        "pairs": [{
            "pair_id": p.pair_id,
            "senior_id": p.senior_id,
            "junior_id": p.junior_id,
            "planned": p.planned,
            "due": p.due,
            "held": p.held,
            "missed": p.missed,
            "unrecorded": p.unrecorded,
            "attendance": _r(p.rate),
            "senior_cancellations": p.senior_cancellations,
            "junior_cancellations": p.junior_cancellations,
            "at_risk": bool(p.risks),
            "risks": [n.render() for n in p.risks],
            "last_held": p.last_held.isoformat() if p.last_held else None,
        } for p in ev.pairs],
        "at_risk": [p.pair_id for p in ev.at_risk],
        "warnings": [w.render() for w in ev.warnings],
        "participants_source": ev.participants_source,
        "comparison_total": ev.comparison_total,
        "waves": [{"name": w.name, "label": w.label, "date": w.date.isoformat() if w.date else None,
                   "participants": w.participants, "comparison": w.comparison} for w in ev.waves],
        "trends": [{
            "metric": t.metric, "population": t.population, "kind": t.kind, "level": t.level,
            "points": [{"wave": pt.wave, "participants": _r(pt.participants), "participants_n": pt.participants_n,
                        "comparison": _r(pt.comparison), "comparison_n": pt.comparison_n} for pt in t.points],
        } for t in ev.trends],
        "pairs_at_risk": [{"pair_id": p.pair_id, "reasons": [{"code": n.code, "text": n.render()} for n in p.risks]}
                          for p in ev.at_risk],
    }


# ----------------------------------------------------------------------------- chart

_COLORS = {"met": "#2e7d32", "not_met": "#c62828", "not_enough_data": "#9e9e9e"}
_BASE_COLOR = "#b0bec5"
_TARGET_COLOR = "#1565c0"


def _panel_values(r: HypothesisResult) -> tuple[float | None, float | None, float, tuple[float, float] | None, bool]:
    """(baseline, current, target, interval) on the panel's axis; the bool says 'percent axis'."""
    h = r.hypothesis
    if h.kind == "mean_change":
        # drawn in the metric's own units: the interval of the change, applied to the baseline mean
        b = r.baseline
        # judged on the difference from the comparison group: the target and the interval move with the
        # comparison group's change (the participants need that change plus the target)
        shift = (r.comparison_change or 0.0) if r.judged_on_did else 0.0
        target = b * (1 + h.target + shift) if b is not None else 0.0
        ci = (b * (1 + r.interval.low + shift), b * (1 + r.interval.high + shift)) \
            if b is not None and r.interval else None
        return b, r.current, target, ci, False
    ci = (100 * r.interval.low, 100 * r.interval.high) if r.interval else None
    base = 100 * r.baseline if r.baseline is not None else None
    cur = 100 * r.current if r.current is not None else None
    return base, cur, 100 * h.target, ci, True


def chart_png(ev: Evaluation) -> bytes:
    """A PNG with one panel per hypothesis: baseline, current value with its interval, target."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from rmentor.outputs.templating import chart_context

    n = max(1, len(ev.hypotheses))
    # a bundled font with Cyrillic, so the picture is the same on every machine
    with chart_context(), matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False}):
        height = 0.45 + 2.0 * n
        fig = Figure(figsize=(8.0, height), dpi=110)
        FigureCanvasAgg(fig)
        # fixed margins (in inches) rather than a layout engine: one draw instead of two, same picture every time
        axes = fig.subplots(n, 1, squeeze=False, gridspec_kw={
            "left": 1.25 / 8.0, "right": 0.97, "top": 1 - 0.55 / height, "bottom": 0.5 / height, "hspace": 0.95,
        })[:, 0]
        for ax, r in zip(axes, ev.hypotheses, strict=False):  # one empty panel when there are none
            _draw_panel(ax, r)
        fig.text(0.97, 0.08 / height, tr("whiskers: 95% interval; dashed line: target"), ha="right", va="bottom",
                 fontsize=7.5, color="#616161")
        if not ev.hypotheses:
            axes[0].axis("off")
            axes[0].text(0.5, 0.5, tr("no hypotheses"), ha="center", va="center")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _draw_panel(ax: Any, r: HypothesisResult) -> None:
    base, cur, target, ci, percent = _panel_values(r)
    h = r.hypothesis

    def label(x: float) -> str:
        return fmt_pct(x / 100, digits=0 if x.is_integer() else 1) if percent else fmt_number(x)

    rows: list[tuple[str, float | None, str]] = []
    if h.kind != "attendance":
        rows.append((tr("baseline"), base, _BASE_COLOR))
    rows.append((tr("now"), cur, _COLORS[r.verdict]))
    ys = list(range(len(rows)))[::-1]
    top = max([v for _, v, _ in rows if v is not None] + [target] + ([ci[1]] if ci else []))
    right = 105.0 if percent and top <= 100 else top * 1.18 or 1.0
    for y, (_, value, color) in zip(ys, rows, strict=True):
        if value is None:
            ax.text(right * 0.01, y, tr("no data"), va="center", color="#616161")
            continue
        ax.barh(y, value, height=0.55, color=color)
        ax.text(value + right * 0.01, y + 0.28, label(value), va="bottom", fontsize=8)
    if ci is not None and cur is not None:
        ax.errorbar([cur], [ys[-1]], xerr=[[cur - ci[0]], [ci[1] - cur]], fmt="none", ecolor="#212121",
                    capsize=4, linewidth=1.2)
    ax.axvline(target, color=_TARGET_COLOR, linestyle="--", linewidth=1.4)
    ax.text(target, 1.45, " " + tr("target {value}", value=label(target)), color=_TARGET_COLOR,
            fontsize=8, va="bottom", ha="left" if target < right * 0.8 else "right")
    ax.set_xlim(0, right)
    ax.set_ylim(-0.6, 1.9)  # the same bar height in every panel, room for the target label
    ax.set_yticks(ys, [name for name, _, _ in rows])
    if percent:
        ax.xaxis.set_major_formatter(lambda x, _pos: label(float(x)))
    # a heading line (id and verdict) and the statement under it, both left-aligned over the panel
    title = textwrap.shorten(hypothesis_title(h), 80, placeholder="…")
    ax.text(0, 1.30, f"{title}: {verdict_label(r)}", transform=ax.transAxes, fontsize=10, fontweight="bold",
            color=_COLORS[r.verdict], va="bottom")
    if hypothesis_title(h) != h.statement:
        ax.text(0, 1.08, textwrap.shorten(h.statement, 110, placeholder="…"), transform=ax.transAxes, fontsize=8,
                color="#424242", va="bottom")


def trend_pngs(ev: Evaluation) -> list[bytes]:
    """One small picture per metric: its value at every wave, participants and the comparison group."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from rmentor.outputs.templating import chart_context

    out = []
    views = trend_views(ev)
    # user text (titles, wave labels) is never read as mathtext; a missing glyph draws as a box, silently
    with chart_context(), matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 8,
                                                 "axes.spines.top": False, "axes.spines.right": False}):
        for t, view in zip(ev.trends, views, strict=True):
            fig = Figure(figsize=(4.6, 2.0), dpi=100)
            FigureCanvasAgg(fig)
            ax = fig.subplots(1, 1, gridspec_kw={"left": 0.13, "right": 0.97, "top": 0.74, "bottom": 0.16})
            xs = list(range(len(t.points)))
            scale = 1.0 if t.kind == "mean" else 100.0
            for attr, color, name in (("participants", "#1565c0", tr("participants")),
                                      ("comparison", "#9e9e9e", tr("comparison group"))):
                pts = [(x, getattr(p, attr) * scale) for x, p in zip(xs, t.points, strict=True)
                       if getattr(p, attr) is not None]
                if pts:
                    ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o", color=color, label=name,
                            linewidth=1.6)
            ax.set_xticks(xs, [textwrap.shorten(p["wave"], 22, placeholder="…") for p in view["points"]])
            ax.set_xlim(-0.3, max(xs, default=0) + 0.3)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=7, frameon=False)
            if t.kind == "mean":
                ax.yaxis.set_major_formatter(lambda y, _pos: fmt_number(float(y)))
            else:
                ax.yaxis.set_major_formatter(lambda y, _pos: fmt_pct(float(y) / 100, digits=0))
            ax.set_title(textwrap.shorten(view["title"], 50, placeholder="…"), fontsize=8.5, loc="left", pad=14)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", metadata={"Software": None})
            out.append(buf.getvalue())
    return out


# ----------------------------------------------------------------------------- documents


def report_context(ev: Evaluation, *, chart: str | None, trend_charts: Sequence[str] | None = None) -> dict[str, Any]:
    """Variables templates see: ``program``, ``as_of``, ``lang``, ``hypotheses`` (see
    :func:`hypothesis_views`), ``pairs`` and ``at_risk`` (see :func:`pair_views`),
    ``respondents``, ``sessions``, ``settings``, ``warnings``, ``chart`` (an image
    reference, or None), ``waves``, ``trends`` (see :func:`trend_views`, each with its
    ``chart``), ``attendance`` (the rate, formatted) and ``participants_known``."""
    s = ev.settings
    rules = s.rules()
    trends = trend_views(ev)
    for i, t in enumerate(trends):
        t["chart"] = trend_charts[i] if trend_charts and i < len(trend_charts) else None
    held = sum(p.held for p in ev.pairs)
    recorded = sum(p.held + p.missed for p in ev.pairs)
    hypotheses = hypothesis_views(ev)
    for view, r in zip(hypotheses, ev.hypotheses, strict=True):
        view["notes"] = [n.render() for n in r.notes if "--" not in n.template]
    return {
        "waves": [{"name": w.name, "title": wave_title(ev, w.name), "participants": w.participants,
                   "comparison": w.comparison} for w in ev.waves],
        "trends": trends,
        "attendance": fmt_pct(held / recorded) if recorded else _DASH,
        "participants_known": ev.participants_source is not None,
        "comparison_total": ev.comparison_total,
        "program": ev.program,
        "as_of": s.as_of.strftime("%d.%m.%Y") if get_language() == "ru" else s.as_of.isoformat(),
        "lang": get_language(),
        "hypotheses": hypotheses,
        "pairs": pair_views(ev.pairs),
        "at_risk": pair_views(ev.at_risk),
        "respondents": dict(ev.respondents),
        "sessions": {"due": ev.sessions_due, "recorded": ev.sessions_recorded, "unrecorded": ev.sessions_unrecorded},
        "settings": {
            "risk_attendance": fmt_pct(rules.attendance, digits=0),
            "risk_cancellations": rules.cancellations,
            "risk_stalled_weeks": rules.stalled_weeks,
            "risk_unrecorded_weeks": rules.unrecorded_weeks,
            "resamples": s.resamples,
            "seed": s.seed,
            "min_people": MIN_PEOPLE,
            "min_sessions": MIN_SESSIONS,
            "min_pairs": MIN_PAIRS,
        },
        # the report is for a sponsor: notes that tell the operator which option to pass stay in the terminal
        "warnings": [w.render() for w in ev.warnings if "--" not in w.template],
        "chart": chart,
    }


def _environment(templates: Path | None, *, html: bool) -> Any:
    from jinja2 import FileSystemLoader

    from rmentor.outputs.templating import environment, md_tr

    if templates is not None and not templates.is_dir():
        raise UsageError("the templates folder does not exist", location=Location(file=str(templates)),
                         hint="pass a folder that contains report.md.j2 and/or report.html.j2")
    # an immutable sandbox over plain data: a shared report template must not reach Python internals;
    # Markdown reports escape every value they print, HTML reports autoescape
    env = environment(pack=templates, pack_paths=[templates] if templates else [],
                      builtin=FileSystemLoader(str(_BUILTIN_TEMPLATES)), markdown=not html, html=html,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["_"] = tr if html else md_tr(tr)
    env.globals["ngettext"] = trn
    return env


def render_report(ev: Evaluation, fmt: str, *, chart_png_bytes: bytes | None, chart_file: str | None = None,
                  templates: Path | None = None, trend_png_bytes: list[bytes] | None = None,
                  trend_files: list[str] | None = None) -> str:
    """The Markdown (``fmt='md'``) or self-contained HTML (``fmt='html'``) report.

    Markdown links the chart as ``chart_file`` when given; HTML embeds ``chart_png_bytes``.
    """
    from rmentor.outputs.templating import MdSafe, add_csp, embed_images, render

    html = fmt == "html"
    name = "report.html.j2" if html else "report.md.j2"
    if html:
        chart = ("data:image/png;base64," + base64.b64encode(chart_png_bytes).decode("ascii")
                 if chart_png_bytes else None)
        trends = ["data:image/png;base64," + base64.b64encode(b).decode("ascii") for b in trend_png_bytes or []]
    else:
        chart = MdSafe(chart_file) if chart_file else None
        trends = [MdSafe(f) for f in trend_files or []]
    env = _environment(templates, html=html)
    text = render(env, name, report_context(ev, chart=chart, trend_charts=trends),
                  hint="the variables templates can use are listed in docs/evaluate.md, section 'Report templates'")
    return add_csp(embed_images(text, {})) if html else text


def report_files(ev: Evaluation, *, templates: Path | None = None) -> dict[str, bytes]:
    """``report.md``, ``report.html`` (charts embedded), ``report.png`` and ``trend-N.png``, as bytes."""
    png = chart_png(ev)
    trends = trend_pngs(ev)
    names = [f"trend-{i + 1}.png" for i in range(len(trends))]
    return {
        "report.md": render_report(ev, "md", chart_png_bytes=png, chart_file="report.png", templates=templates,
                                   trend_files=names).encode("utf-8"),
        "report.html": render_report(ev, "html", chart_png_bytes=png, templates=templates,
                                     trend_png_bytes=trends).encode("utf-8"),
        "report.png": png,
        **dict(zip(names, trends, strict=True)),
    }
