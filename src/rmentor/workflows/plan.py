"""``rmentor plan``: the whole pilot kit in one go.

validate -> score -> match -> schedule, then documents: ``brief.md`` and a
self-contained ``brief.html`` with a picture (pairs by department, sessions per
month), and per pair ``kit/<pair_id>/`` with the confidentiality agreement, the
session plan and a mini-portfolio template. Documents come from Jinja2 templates
in the program language (``rmentor/templates/plan/<lang>/``); a company overrides
any of them with ``--templates DIR`` (``DIR/<lang>/name.j2`` or ``DIR/name.j2``).
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.core.matching import MatchResult, match
from rmentor.errors import InputError, Location
from rmentor.i18n import Lang, get_language, ru_plural_index, tr, trn
from rmentor.model import Program, Roster
from rmentor.outputs.pairs import pairs_csv
from rmentor.outputs.workbook import pairs_workbook

if TYPE_CHECKING:
    from rmentor.core.scheduling import Schedule

TEMPLATES = ("brief.md.j2", "brief.html.j2", "agreement.md.j2", "session_plan.md.j2", "portfolio.md.j2")
MONTHS = {
    "ru": ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь",
           "Ноябрь", "Декабрь"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


@dataclass(frozen=True)
class PlanResult:
    """Everything ``plan`` writes (relative path -> bytes), and what it was made from."""

    files: dict[str, bytes]
    match: MatchResult
    schedule: Schedule


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _date_text(day: date, lang: Lang) -> str:
    return day.strftime("%d.%m.%Y") if lang == "ru" else day.isoformat()


def _when(start: datetime, end: datetime, lang: Lang) -> str:
    from rmentor.model import DAYS

    day = tr(DAYS[start.weekday()])
    return f"{day} {_date_text(start.date(), lang)} {start:%H:%M}-{end:%H:%M}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    return (one, few, many)[ru_plural_index(n)]


def _environment(templates: Path | None, lang: Lang) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = []
    if templates is not None:
        if not templates.is_dir():
            raise InputError("the templates folder does not exist", location=Location(file=str(templates)),
                             hint="pass a folder holding files named like {names}", names=", ".join(TEMPLATES))
        loaders.append(FileSystemLoader([str(templates / lang), str(templates)]))
    loaders.append(PackageLoader("rmentor", f"templates/plan/{lang}"))
    # sandboxed: template packs are shared between teams, and a plain Environment lets a
    # template reach Python internals ({{ cycler.__init__.__globals__.os.popen(...) }})
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=True)
    env.globals["plural"] = _plural
    return env


def _render(env: Any, name: str, **context: Any) -> str:
    import jinja2

    try:
        return str(env.get_template(name).render(**context))
    except jinja2.TemplateSyntaxError as exc:
        raise InputError("template error: {problem}", location=Location(file=exc.filename or name, line=exc.lineno),
                         hint="fix the template syntax", problem=exc.message or "") from None
    except jinja2.UndefinedError as exc:
        raise InputError("template error: {problem}", location=Location(file=name),
                         hint="use only the variables documented in the README", problem=exc.message or "") from None
    except jinja2.exceptions.SecurityError as exc:
        raise InputError("template error: {problem}", location=Location(file=name),
                         hint="templates may use the documented variables, not Python internals",
                         problem=str(exc)) from None


def _picture(result: MatchResult, roster: Roster, sched: Schedule, lang: Lang) -> bytes:
    """Pairs by department (a matrix) and sessions per month (bars), as a deterministic PNG."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dept = {p.id: p.department for p in [*roster.seniors, *roster.juniors]}
    s_depts = sorted({dept[p.senior] for p in result.pairs})
    j_depts = sorted({dept[p.junior] for p in result.pairs})
    counts = Counter((dept[p.senior], dept[p.junior]) for p in result.pairs)
    months = Counter((s.start.year, s.start.month) for s in sched.sessions)
    keys = sorted(months)

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1.1, 1]})
    grid = [[counts.get((a, b), 0) for b in j_depts] for a in s_depts]
    left.imshow(grid or [[0]], cmap="Blues", vmin=0, aspect="auto")
    left.set_xticks(range(len(j_depts)), j_depts, rotation=35, ha="right")
    left.set_yticks(range(len(s_depts)), s_depts)
    top = max((v for row in grid for v in row), default=0)
    for i, row in enumerate(grid):
        for k, value in enumerate(row):
            if value:
                left.text(k, i, str(value), ha="center", va="center", fontsize=11,
                          color="white" if value > top / 2 else "black")
    left.set_xlabel(tr("Junior's department"))
    left.set_ylabel(tr("Senior's department"))
    left.set_title(tr("Pairs by department"))
    names = MONTHS[lang]
    right.bar(range(len(keys)), [months[k] for k in keys], color="#2f7ebc")
    right.set_xticks(range(len(keys)), [f"{names[m - 1][:3]} {y % 100:02d}" for y, m in keys], rotation=35,
                     ha="right")
    right.set_title(tr("Sessions per month"))
    right.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _html(markdown_text: str, picture: bytes, env: Any, title: str) -> str:
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown_text)
    data_uri = "data:image/png;base64," + base64.b64encode(picture).decode("ascii")
    body = body.replace('src="brief.png"', f'src="{data_uri}"')
    env.autoescape = True
    try:
        return _render(env, "brief.html.j2", title=title, body=Markup(body))
    finally:
        env.autoescape = False


def _target_text(h: Any, lang: Lang) -> str:
    pct = f"{h.target * 100:g}%"
    if h.kind == "mean_change":
        return ("+" if h.target >= 0 else "") + pct
    if h.kind == "share_reaching":
        return tr("{share} reach {level}", share=pct, level=f"{h.level:g}")
    return pct


def build_plan(roster: Roster, program: Program, *, templates: Path | None = None,
               allow_partial: bool = False, delimiter: str = ",", today: date | None = None,
               anonymize: bool = False) -> PlanResult:
    """Match, schedule, and render the kit. Raises like ``match`` and ``schedule`` do.

    With ``anonymize`` every file carries pseudonyms instead of names, emails and ids
    (see :mod:`rmentor.outputs.anonymize`); the pairs are matched on the real roster first, so they
    are the same as without it.
    """
    from rmentor.core.scheduling import require_scheduled, schedule, slot_text
    from rmentor.core.scoring import Scorer
    from rmentor.outputs.schedule_files import schedule_files

    lang = get_language()
    sc = Scorer(roster, program)
    result = match(roster, program, scorer=sc)
    if anonymize:
        from rmentor.outputs.anonymize import anonymize_match

        roster, result = anonymize_match(roster, result)
        sc = Scorer(roster, program)  # the same scores, under the pseudonym ids
    sched = schedule(list(result.pairs), roster, program, today=today)
    require_scheduled(sched, allow_partial=allow_partial)

    env = _environment(templates, lang)
    people = {p.id: p for p in [*roster.seniors, *roster.juniors]}
    scheduled = {ps.pair_id: ps for ps in sched.pairs}
    last_day = (sched.end.toordinal() - 1)
    period = {"start_text": _date_text(sched.start, lang), "end_text": _date_text(date.fromordinal(last_day), lang)}
    pair_rows = []
    for p in result.pairs:
        s, j = people[p.senior], people[p.junior]
        ps = scheduled.get(p.pair_id)
        pair_rows.append({
            "pair_id": p.pair_id, "senior_name": _cell(s.name), "senior_department": _cell(s.department),
            "junior_name": _cell(j.name), "junior_department": _cell(j.department), "score": p.score,
            "reasons": _cell("; ".join(r.render() for r in p.reasons[:3])),
            "slot": slot_text(ps.weekday, ps.start_minute, program.session_minutes) if ps else tr("not scheduled"),
        })
    criteria = [
        {"side": tr(side), "name": name, "weight": c.weight, "min": "-" if c.min is None else c.min}
        for side, crits in (("senior", program.matching.senior_criteria), ("junior", program.matching.junior_criteria))
        for name, c in crits.items()
    ]
    ineligible = [{"id": p.id, "name": _cell(people[p.id].name),
                   "reasons": _cell("; ".join(r.render() for r in p.reasons))}
                  for p in [*sc.senior_scores, *sc.junior_scores] if not p.eligible]
    month_counts = Counter((s.start.year, s.start.month) for s in sched.sessions)
    shifted = Counter((s.start.year, s.start.month) for s in sched.sessions if s.shifted)
    months = [{"name": f"{MONTHS[lang][m - 1]} {y}", "sessions": month_counts[(y, m)],
               "notes": tr("{n} moved off a day off", n=shifted[(y, m)]) if shifted[(y, m)] else ""}
              for y, m in sorted(month_counts)]
    hypotheses = [{"statement": _cell(h.statement), "metric": _cell(h.metric), "target_text": _target_text(h, lang),
                   "deadline_text": _date_text(h.deadline, lang) if h.deadline else "-"} for h in program.hypotheses]
    unmatched = [{"id": u.id, "name": _cell(people[u.id].name), "reason": _cell(u.reason.render())}
                 for u in result.unmatched]
    per_pair = max((len(ps.sessions) for ps in sched.pairs), default=0)
    wishes = None
    if result.wishes is not None:
        from rmentor.core.scoring import RULE_TEXT

        w = result.wishes
        wishes = {"people": w.people, "first_granted": w.first_granted, "any_granted": w.any_granted,
                  "mutual": w.mutual, "mutual_granted": w.mutual_granted,
                  "not_honoured": [{"person": _cell(people[x.person].name), "target": _cell(people[x.target].name),
                                    "rules": _cell("; ".join(tr(RULE_TEXT[r]) for r in x.blocked_by))}
                                   for x in w.not_honoured]}
    stability = None
    if result.stability is not None:
        st = result.stability
        stability = _cell(
            tr("Stable plan: no two people would both rather be together than with their partners.") if st.stable
            else "; ".join([*(r.render() for r in st.reasons),
                            trn("{n} blocking pair", "{n} blocking pairs", len(st.blocking))]))
    context = {
        "program": program, "period": period, "pairs": pair_rows, "hypotheses": hypotheses, "criteria": criteria,
        "eligible": {"seniors": sum(p.eligible for p in sc.senior_scores),
                     "juniors": sum(p.eligible for p in sc.junior_scores)},
        "totals": {"seniors": len(roster.seniors), "juniors": len(roster.juniors)},
        "ineligible": ineligible, "unmatched": unmatched, "months": months, "sessions_per_pair": per_pair,
        "status": tr(result.status), "wishes": wishes, "stability": stability,
    }
    brief_md = _render(env, "brief.md.j2", **context)
    picture = _picture(result, roster, sched, lang)
    files: dict[str, bytes] = {
        "pairs.csv": pairs_csv(result, roster, delimiter=delimiter),
        **schedule_files(sched, delimiter=delimiter),
        "plan.xlsx": pairs_workbook(result.pairs, roster, sched),
        "brief.md": brief_md.encode("utf-8"),
        "brief.png": picture,
        "brief.html": _html(brief_md, picture, env, program.name).encode("utf-8"),
    }
    from rmentor.outputs.files import safe_filename

    by_id = {p.pair_id: p for p in result.pairs}  # one lookup per pair: a scan each was quadratic
    for ps in sched.pairs:
        pair = by_id[ps.pair_id]
        folder = f"kit/{safe_filename(ps.pair_id)}"
        sessions = [{"number": s.number, "when": _cell(_when(s.start, s.end, lang)), "title": _cell(s.title),
                     "goal": _cell(s.goal), "assignment": _cell(s.assignment)} for s in ps.sessions]
        video = program.tools.video.replace("{pair_id}", ps.pair_id) if program.tools.video else None
        kit = {"program": program, "pair": pair, "senior": ps.senior, "junior": ps.junior, "period": period,
               "sessions": sessions, "video": video,
               "pair_schedule": {"slot": slot_text(ps.weekday, ps.start_minute, program.session_minutes)},
               "last_session": _when(ps.sessions[-1].start, ps.sessions[-1].end, lang) if ps.sessions else "-"}
        files[f"{folder}/agreement.md"] = _render(env, "agreement.md.j2", **kit).encode("utf-8")
        files[f"{folder}/session_plan.md"] = _render(env, "session_plan.md.j2", **kit).encode("utf-8")
        files[f"{folder}/portfolio.md"] = _render(env, "portfolio.md.j2", **kit).encode("utf-8")
    return PlanResult(files, result, sched)
