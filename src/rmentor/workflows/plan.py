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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.core.matching import MatchResult, match
from rmentor.errors import InputError, Location
from rmentor.i18n import Lang, get_language, ru_plural_index, tr, trn
from rmentor.model import Program, Roster, label_text
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
    """Text for a document; Markdown templates escape every value they print (see
    :mod:`rmentor.outputs.templating`)."""
    return str(value)


def _date_text(day: date, lang: Lang) -> str:
    return day.strftime("%d.%m.%Y") if lang == "ru" else day.isoformat()


def _when(start: datetime, end: datetime, lang: Lang, zone: str | None = None,
          people: tuple[str | None, ...] = ()) -> str:
    """``Ср 13.01.2027 11:00-12:00 МСК / 13:00-14:00 Екб``: the zone named, and people's own clocks."""
    from rmentor.model import DAYS
    from rmentor.outputs.zones import span_text

    day = tr(DAYS[start.weekday()])
    times = span_text(start, end, zone, people, lang) if zone else f"{start:%H:%M}-{end:%H:%M}"
    return f"{day} {_date_text(start.date(), lang)} {times}"


def _slot(program: Program, ps: Any, lang: Lang) -> str:
    """The weekly slot with its zone, and each person's own time when it differs."""
    from rmentor.core.scheduling import slot_text
    from rmentor.outputs.zones import span_text

    slot = slot_text(ps.weekday, ps.start_minute, program.session_minutes)
    if not ps.sessions:
        return slot
    start = ps.sessions[0].planned
    end = start + timedelta(minutes=program.session_minutes)
    people = (ps.senior.timezone, ps.junior.timezone)
    return f"{slot.rsplit(' ', 1)[0]} {span_text(start, end, program.timezone, people, lang)}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    return (one, few, many)[ru_plural_index(n)]


def _environment(templates: Path | None, lang: Lang, *, html: bool = False) -> Any:
    from jinja2 import PackageLoader

    from rmentor.outputs.templating import environment

    if templates is not None and not templates.is_dir():
        raise InputError("the templates folder does not exist", location=Location(file=str(templates)),
                         hint="pass a folder holding files named like {names}", names=", ".join(TEMPLATES))
    # an immutable sandbox over plain data: template packs are shared between teams, and a template
    # must not reach Python internals ({{ cycler.__init__.__globals__.os.popen(...) }})
    env = environment(pack=templates, pack_paths=[templates / lang, templates] if templates else [],
                      builtin=PackageLoader("rmentor", f"templates/plan/{lang}"), markdown=not html, html=html)
    env.globals["plural"] = _plural
    return env


def _render(env: Any, name: str, *, converted: bool = False, **context: Any) -> str:
    from rmentor.outputs.templating import render

    return render(env, name, context, hint="use only the variables documented in the README", converted=converted)


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

    from rmentor.outputs.templating import chart_context

    with chart_context():
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

    from rmentor.outputs.templating import add_csp, embed_images

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown_text)
    data_uri = "data:image/png;base64," + base64.b64encode(picture).decode("ascii")
    # nothing is loaded from the network: the one picture is embedded, any other image is dropped
    body = embed_images(body, {"brief.png": data_uri})
    return add_csp(_render(env, "brief.html.j2", title=title, body=Markup(body)))


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
    from rmentor.core.scheduling import require_scheduled, schedule
    from rmentor.core.scoring import Scorer

    sc = Scorer(roster, program)
    result = match(roster, program, scorer=sc)
    if anonymize:
        from rmentor.outputs.anonymize import anonymize_match

        roster, result = anonymize_match(roster, result)
        sc = Scorer(roster, program)  # the same scores, under the pseudonym ids
    sched = schedule(list(result.pairs), roster, program, today=today)
    require_scheduled(sched, allow_partial=allow_partial)
    files = render_plan(roster, program, result, sched, templates=templates, delimiter=delimiter, scorer=sc)
    return PlanResult(files, result, sched)


def render_plan(roster: Roster, program: Program, result: MatchResult, sched: Schedule, *,
                templates: Path | None = None, delimiter: str = ",", scorer: Any = None,
                events: Any = None) -> dict[str, bytes]:
    """Every file of the kit from pairs and a schedule (``plan``, and the views of a program ledger).

    ``events`` are the pair calendars (:class:`rmentor.outputs.ics.PairEvent`) when they come
    from a ledger; without them they are computed from the schedule.
    """
    from rmentor.core.scoring import Scorer
    from rmentor.outputs.schedule_files import schedule_files

    lang = get_language()
    sc = scorer if scorer is not None else Scorer(roster, program)
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
            "slot": _slot(program, ps, lang) if ps else tr("not scheduled"),
        })
    criteria = [
        {"side": tr(side), "name": _cell(label_text(name, c.label, lang)), "id": name, "weight": c.weight,
         "min": "-" if c.min is None else c.min}
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
    hypotheses = [{"statement": _cell(h.statement), "metric": _cell(label_text(h.metric, h.metric_label, lang)),
                   "metric_id": h.metric, "label": _cell(label_text(h.id, h.label, lang)),
                   "target_text": _target_text(h, lang),
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
    context: dict[str, Any] = {
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
        **schedule_files(sched, delimiter=delimiter, events=events),
        "plan.xlsx": pairs_workbook(result.pairs, roster, sched),
        "brief.md": brief_md.encode("utf-8"),
        "brief.png": picture,
        "brief.html": _html(brief_md, picture, _environment(templates, lang, html=True), program.name).encode("utf-8"),
    }
    from rmentor.outputs.files import pair_file_names
    from rmentor.outputs.templating import plain

    program_data = plain(program)

    names = pair_file_names(ps.pair_id for ps in sched.pairs)  # two ids, one folder name: refused
    by_id = {p.pair_id: p for p in result.pairs}  # one lookup per pair: a scan each was quadratic
    for ps in sched.pairs:
        pair = by_id.get(ps.pair_id)
        if pair is None:  # an ended pair keeps its past sessions in the calendars, and its kit as it was
            continue
        folder = f"kit/{names[ps.pair_id]}"
        zones = (ps.senior.timezone, ps.junior.timezone)
        sessions = [{"number": s.number, "when": _cell(_when(s.start, s.end, lang, program.timezone, zones)),
                     "title": _cell(s.title),
                     "goal": _cell(s.goal), "assignment": _cell(s.assignment)} for s in ps.sessions]
        video = program.tools.video.replace("{pair_id}", ps.pair_id) if program.tools.video else None
        # plain data made once per pair (the program once per plan), shared by the three documents
        kit = {"program": program_data, **plain({
            "pair": pair, "senior": ps.senior, "junior": ps.junior, "period": period,
            "sessions": sessions, "video": video,
            "pair_schedule": {"slot": _slot(program, ps, lang)},
            "last_session": _when(ps.sessions[-1].start, ps.sessions[-1].end, lang, program.timezone, zones)
            if ps.sessions else "-"})}
        for doc in ("agreement", "session_plan", "portfolio"):
            files[f"{folder}/{doc}.md"] = _render(env, f"{doc}.md.j2", converted=True, **kit).encode("utf-8")
    return files
