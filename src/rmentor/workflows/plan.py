"""``rmentor plan``: the whole pilot kit in one go.

validate -> score -> match -> schedule, then documents:

- for the sponsor, a one-page brief (``brief.pdf``, a self-contained ``brief.html`` and
  ``brief.md``) with the goals, the hypotheses, the pairs and why, the calendar picture and the
  numbers; people left without a pair are only counted, by reason;
- for HR, an appendix (``appendix.html``/``.pdf``/``.md``) with the individual details: who did
  not pass which threshold, who is without a pair and why, every reason for every pair;
- a company-wide plan keeps them readable: the brief lists the pairs only up to
  :data:`BRIEF_MAX_PAIRS`, and the appendix is a PDF only up to :data:`APPENDIX_PDF_MAX_PAIRS` pairs
  (:data:`OPTIONAL_FILES`: a folder's older copy is removed when a plan leaves it out);
- per pair, ``kit/<pair_id>/`` with the confidentiality agreement, the session plan (each
  person's own local time) and the mini-portfolio, as ``.docx`` and ``.pdf`` (``--kit`` picks).

Documents come from Jinja2 Markdown templates in the program language
(``rmentor/templates/plan/<lang>/``); a company overrides any of them with ``--templates DIR``
(``DIR/<lang>/name.j2`` or ``DIR/name.j2``). Templates see plain data only (dicts, lists,
strings, numbers), built here, in :func:`_brief_context` and :func:`_kit_context`; every format
of a document is made from its one Markdown text (:mod:`rmentor.outputs.documents`).
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.core.matching import MatchResult, match
from rmentor.errors import InputError, Location, UsageError
from rmentor.i18n import Lang, get_language, ru_plural_index, tr, trn
from rmentor.model import Program, Roster, label_text
from rmentor.outputs.pairs import pairs_csv
from rmentor.outputs.workbook import pairs_workbook

if TYPE_CHECKING:
    from rmentor.core.scheduling import Schedule

TEMPLATES = ("brief.md.j2", "appendix.md.j2", "brief.html.j2", "agreement.md.j2", "session_plan.md.j2",
             "portfolio.md.j2")
KIT_FORMATS = ("md", "docx", "pdf")
DEFAULT_KIT = ("docx", "pdf")
KIT_DOCUMENTS = ("agreement", "session_plan", "portfolio")
#: The sponsor's brief lists the pairs up to this many (a table that still fits a page or two); beyond,
#: it says where the list is (``plan.xlsx``, the appendix): a company-wide brief stays a brief.
BRIEF_MAX_PAIRS = 100
#: The HR appendix is made as a PDF up to this many pairs (about 25 pages of table); beyond, it is
#: ``appendix.html`` and ``appendix.md`` (the same text; a browser prints the HTML) and ``plan.xlsx``.
APPENDIX_PDF_MAX_PAIRS = 500
#: Files a plan writes or not depending on its size: left over from an earlier plan, they are removed.
OPTIONAL_FILES = ("appendix.pdf",)
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


def _url(value: str) -> str:
    """A link target safe inside ``[text](url)``."""
    return value.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


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


def parse_kit(text: str) -> tuple[str, ...]:
    """``--kit``: a comma list of md, docx, pdf, or all / none. Raises :class:`UsageError` otherwise."""
    chosen: list[str] = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        if part == "all":
            chosen.extend(KIT_FORMATS)
        elif part in KIT_FORMATS:
            chosen.append(part)
        elif part != "none":
            raise UsageError("unknown kit format '{value}'", hint="use md, docx, pdf, all or none, e.g. --kit docx,pdf",
                             value=part)
    return tuple(f for f in KIT_FORMATS if f in chosen)


def _plural(n: int, one: str, few: str, many: str) -> str:
    return (one, few, many)[ru_plural_index(n)]


def _blank(n: int = 24) -> Any:
    """A line to write on (signature, date, a goal): ``n`` underscores, escaped so Markdown keeps them."""
    from rmentor.outputs.templating import MdSafe

    return MdSafe("\\_" * max(1, min(int(n), 200)))


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
    env.globals["blank"] = _blank
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
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.9), gridspec_kw={"width_ratios": [1.1, 1]})
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


def _html(markdown_text: str, env: Any, title: str, lang: Lang, picture: bytes | None = None) -> str:
    """A self-contained HTML page of a Markdown document (the picture inlined), A4 print styles."""
    from markupsafe import Markup

    from rmentor.outputs.documents import html_body
    from rmentor.outputs.templating import add_csp, embed_images

    body = html_body(markdown_text)
    images = {"brief.png": "data:image/png;base64," + base64.b64encode(picture).decode("ascii")} if picture else {}
    # nothing is loaded from the network: the one picture is embedded, any other image is dropped
    body = embed_images(body, images)
    return add_csp(_render(env, "brief.html.j2", title=title, lang=lang, body=Markup(body)))


def _target_text(h: Any) -> str:
    pct = f"{h.target * 100:g}%"
    if h.kind == "mean_change":
        return ("+" if h.target >= 0 else "") + pct
    if h.kind == "share_reaching":
        return tr("{share} reach {level}", share=pct, level=f"{h.level:g}")
    return pct


#: How the brief counts people left without a pair: one short label per reason code.
UNMATCHED_LABELS = {
    "pilot_full": "no place left in the pilot",
    "taken": "their possible partners are in other pairs",
    "no_partner": "no suitable partner (time, topics or rules)",
    "ineligible": "did not pass the selection",
}


def _links(program: Program, pair_id: str | None) -> list[dict[str, str]]:
    """The program's links, every placeholder filled; a link that still has one is left out."""
    out = []
    for label, url in ((tr("Chat"), program.tools.chat), (tr("Idea board"), program.tools.board),
                       (tr("Video call"), program.tools.video)):
        if not url:
            continue
        if pair_id is not None:
            url = url.replace("{pair_id}", pair_id)
        if "{" in url or "}" in url:
            continue  # a per-pair link on a page for everyone: each pair has its own in its kit
        out.append({"label": label, "url": _url(url), "text": _cell(url)})
    return out


def _program_context(program: Program, pair_id: str | None = None) -> dict[str, Any]:
    from rmentor.outputs.glossary import cadence_text, minutes_text, zone_name

    def tool(url: str | None) -> str:  # filled for a pair; a link that keeps a placeholder is left out
        url = (url or "").replace("{pair_id}", pair_id) if pair_id is not None else (url or "")
        return "" if "{" in url or "}" in url else url

    return {"name": _cell(program.name), "goals": [_cell(g) for g in program.goals],
            "tools": {"chat": tool(program.tools.chat), "board": tool(program.tools.board),
                      "video": tool(program.tools.video)},
            "session_minutes": program.session_minutes, "cadence_weeks": program.cadence_weeks,
            "cadence_text": cadence_text(program.cadence_weeks), "minutes_text": minutes_text(program.session_minutes),
            "timezone": program.timezone, "zone_name": zone_name(program.timezone)}


def _period_context(sched: Schedule) -> dict[str, str]:
    from rmentor.outputs.glossary import date_text, last_day, period_text

    return {"start_text": date_text(sched.start), "end_text": date_text(last_day(sched)),
            "text": period_text(sched)}


def _brief_context(roster: Roster, program: Program, result: MatchResult, sc: Any, sched: Schedule,
                   lang: Lang) -> dict[str, Any]:
    """What the brief and the HR appendix are rendered from: plain data only."""
    from rmentor.outputs.glossary import date_text, role

    people = {p.id: p for p in [*roster.seniors, *roster.juniors]}
    scheduled = {ps.pair_id: ps for ps in sched.pairs}
    pairs = []
    for p in result.pairs:
        s, j = people[p.senior], people[p.junior]
        ps = scheduled.get(p.pair_id)
        pairs.append({
            "pair_id": _cell(p.pair_id), "senior_name": _cell(s.name), "senior_department": _cell(s.department),
            "junior_name": _cell(j.name), "junior_department": _cell(j.department), "score": p.score,
            "reasons": _cell("; ".join(r.render() for r in p.reasons[:2])),
            "all_reasons": _cell("; ".join(r.render() for r in p.reasons)),
            "slot": _slot(program, ps, lang) if ps else tr("not scheduled"),
        })
    by_reason = Counter(u.reason.code for u in result.unmatched)
    unmatched_summary = [{"label": tr(UNMATCHED_LABELS.get(code, "other reasons")), "count": n}
                         for code, n in sorted(by_reason.items(), key=lambda t: (-t[1], t[0]))]
    criteria = [
        {"side": role(side, capital=False), "name": _cell(label_text(name, c.label, lang)), "id": name,
         "weight": c.weight,
         "min": "-" if c.min is None else c.min}
        for side, crits in (("senior", program.matching.senior_criteria), ("junior", program.matching.junior_criteria))
        for name, c in crits.items()
    ]
    ineligible = [{"id": _cell(p.id), "name": _cell(people[p.id].name), "role": role(side, capital=False),
                   "reasons": _cell("; ".join(r.render() for r in p.reasons))}
                  for side, group in (("senior", sc.senior_scores), ("junior", sc.junior_scores))
                  for p in group if not p.eligible]
    unmatched = [{"id": _cell(u.id), "name": _cell(people[u.id].name), "role": role(u.side, capital=False),
                  "reason": _cell(u.reason.render())} for u in result.unmatched]
    month_counts = Counter((s.start.year, s.start.month) for s in sched.sessions)
    shifted = Counter((s.start.year, s.start.month) for s in sched.sessions if s.shifted)
    months = [{"name": f"{MONTHS[lang][m - 1]} {y}", "sessions": month_counts[(y, m)], "moved": shifted[(y, m)]}
              for y, m in sorted(month_counts)]
    hypotheses = [{"statement": _cell(h.statement), "metric": _cell(label_text(h.metric, h.metric_label, lang)),
                   "metric_id": h.metric, "label": _cell(label_text(h.id, h.label, lang)),
                   # what the sponsor reads: the metric's words, never its id
                   "metric_label": "" if label_text(h.metric, h.metric_label, lang) == h.metric
                   else _cell(label_text(h.metric, h.metric_label, lang)),
                   "target_text": _target_text(h),
                   "deadline_text": date_text(h.deadline) if h.deadline else "-"} for h in program.hypotheses]
    per_pair = max((len(ps.sessions) for ps in sched.pairs), default=0)
    wishes = None
    if result.wishes is not None:  # the counts go to the brief, whose wish was not honoured to the appendix
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
    return {
        "wishes": wishes, "stability": stability,
        "program": _program_context(program), "period": _period_context(sched), "pairs": pairs,
        "pairs_in_brief": len(pairs) <= BRIEF_MAX_PAIRS,
        "hypotheses": hypotheses, "criteria": criteria, "ineligible": ineligible, "unmatched": unmatched,
        "unmatched_summary": unmatched_summary, "months": months, "links": _links(program, None),
        "numbers": {
            "seniors": len(roster.seniors), "juniors": len(roster.juniors),
            "seniors_eligible": sum(p.eligible for p in sc.senior_scores),
            "juniors_eligible": sum(p.eligible for p in sc.junior_scores),
            "pairs": len(result.pairs), "scheduled": len(sched.pairs), "sessions": len(sched.sessions),
            "sessions_per_pair": per_pair, "moved": sum(1 for s in sched.sessions if s.shifted),
            "unmatched": len(result.unmatched), "pilot_min": program.matching.pilot.min,
            "pilot_max": program.matching.pilot.max,
        },
        "status": tr(result.status),
        # the names earlier templates used, so a company's own brief keeps working
        "eligible": {"seniors": sum(p.eligible for p in sc.senior_scores),
                     "juniors": sum(p.eligible for p in sc.junior_scores)},
        "totals": {"seniors": len(roster.seniors), "juniors": len(roster.juniors)},
        "sessions_per_pair": per_pair,
        "days_off": [{"date_text": date_text(d.day), "name": _cell(d.name)} for d in sched.days_off],
    }


def _person(person: Any, zone: str) -> dict[str, Any]:
    from rmentor.outputs.glossary import zone_name

    return {"id": _cell(person.id), "name": _cell(person.name), "title": _cell(person.title or ""),
            "department": _cell(person.department), "email": _cell(person.email or ""), "timezone": zone,
            "zone_name": zone_name(zone)}


def _kit_context(program: Program, sched: Schedule, ps: Any, pair: Any) -> dict[str, Any]:
    """What one pair's agreement, session plan and portfolio are rendered from: plain data only."""
    from rmentor.core.scheduling import slot_text
    from rmentor.outputs.glossary import date_text, local, weekday_text, when_text

    s_zone = ps.senior.timezone or sched.timezone
    j_zone = ps.junior.timezone or sched.timezone
    same = s_zone == j_zone
    zones = (ps.senior.timezone, ps.junior.timezone)
    lang = get_language()
    sessions = [{"number": s.number, "date_text": date_text(local(s.start, s_zone).date()),
                 # the program's clock, with each person's own where it differs: «11:00-12:00 МСК / 13:00-14:00 Екб»
                 "when": _when(s.start, s.end, lang, program.timezone, zones),
                 "senior_when": when_text(s.start, s.end, s_zone),
                 "junior_when": when_text(s.start, s.end, j_zone), "title": _cell(s.title), "goal": _cell(s.goal),
                 "assignment": _cell(s.assignment)} for s in ps.sessions]

    def slot(zone: str) -> str:
        if not ps.sessions:
            return slot_text(ps.weekday, ps.start_minute, program.session_minutes)
        a, b = local(ps.sessions[0].start, zone), local(ps.sessions[0].end, zone)
        return f"{weekday_text(a.date())} {a:%H:%M}–{b:%H:%M}"

    links = _links(program, ps.pair_id)
    video = program.tools.video.replace("{pair_id}", ps.pair_id) if program.tools.video else ""
    return {
        "program": _program_context(program, ps.pair_id), "period": _period_context(sched),
        "pair": {"pair_id": _cell(ps.pair_id), "shared_topics": [_cell(t) for t in ps.shared_topics],
                 "score": getattr(pair, "score", None)},
        "senior": _person(ps.senior, s_zone), "junior": _person(ps.junior, j_zone), "same_zone": same,
        "sessions": sessions, "links": links, "video": _url(video) if video and "{" not in video else "",
        "pair_schedule": {"slot": _slot(program, ps, lang), "senior_slot": slot(s_zone), "junior_slot": slot(j_zone)},
        "last_session": sessions[-1]["when"] if sessions else "-",
        "first_date": sessions[0]["date_text"] if sessions else "-",
        "last_date": date_text(local(ps.sessions[-1].start, sched.timezone).date()) if ps.sessions else "-",
    }


def build_plan(roster: Roster, program: Program, *, templates: Path | None = None,
               allow_partial: bool = False, delimiter: str = ",", today: date | None = None,
               anonymize: bool = False, kit: tuple[str, ...] = DEFAULT_KIT) -> PlanResult:
    """Match, schedule, and render the kit. Raises like ``match`` and ``schedule`` do.

    ``kit`` names the formats of the per-pair documents (``md``, ``docx``, ``pdf``; empty: none).
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
    files = render_plan(roster, program, result, sched, templates=templates, delimiter=delimiter, scorer=sc, kit=kit)
    return PlanResult(files, result, sched)


def render_plan(roster: Roster, program: Program, result: MatchResult, sched: Schedule, *,
                templates: Path | None = None, delimiter: str = ",", scorer: Any = None,
                events: Any = None, kit: tuple[str, ...] = DEFAULT_KIT) -> dict[str, bytes]:
    """Every file of the kit from pairs and a schedule (``plan``, and the views of a program ledger).

    ``events`` are the pair calendars (:class:`rmentor.outputs.ics.PairEvent`) when they come
    from a ledger; without them they are computed from the schedule. ``kit`` names the formats of
    the per-pair documents.
    """
    from rmentor.core.scoring import Scorer
    from rmentor.outputs.documents.batch import Document
    from rmentor.outputs.documents.batch import render as render_documents
    from rmentor.outputs.files import pair_file_names
    from rmentor.outputs.schedule_files import schedule_files

    lang = get_language()
    sc = scorer if scorer is not None else Scorer(roster, program)
    env = _environment(templates, lang)
    context = _brief_context(roster, program, result, sc, sched, lang)
    brief_md = _render(env, "brief.md.j2", converted=True, **context)  # the contexts are plain data already
    appendix_md = _render(env, "appendix.md.j2", converted=True, **context)
    html_env = _environment(templates, lang, html=True)
    picture = _picture(result, roster, sched, lang)
    title = program.name
    appendix_title = tr("{program}: appendix for HR", program=program.name)
    files: dict[str, bytes] = {
        "pairs.csv": pairs_csv(result, roster, delimiter=delimiter),
        **schedule_files(sched, delimiter=delimiter, events=events),
        "plan.xlsx": pairs_workbook(result.pairs, roster, sched, participants=True),
        "brief.md": brief_md.encode("utf-8"),
        "brief.png": picture,
        "brief.html": _html(brief_md, html_env, title, lang, picture).encode("utf-8"),
        "brief.pdf": b"",  # made below, with the kit's Word and PDF files (on every core when they are many)
        "appendix.md": appendix_md.encode("utf-8"),
        "appendix.html": _html(appendix_md, html_env, appendix_title, lang).encode("utf-8"),
    }
    documents = {"brief.pdf": Document("pdf", brief_md, title, lang, {"brief.png": picture}, one_page=True)}
    if len(result.pairs) <= APPENDIX_PDF_MAX_PAIRS:
        files["appendix.pdf"] = b""
        documents["appendix.pdf"] = Document("pdf", appendix_md, appendix_title, lang)
    pairs_by_id = {p.pair_id: p for p in result.pairs}
    names = pair_file_names(ps.pair_id for ps in sched.pairs)  # two ids, one folder name: refused
    for ps in sched.pairs if kit else ():  # --kit none: no per-pair text is rendered at all
        if ps.pair_id not in pairs_by_id:  # an ended pair keeps its past sessions in the calendars, not a kit
            continue
        folder = f"kit/{names[ps.pair_id]}"
        kit_context = _kit_context(program, sched, ps, pairs_by_id.get(ps.pair_id))
        for name in KIT_DOCUMENTS:
            text = _render(env, f"{name}.md.j2", converted=True, **kit_context)
            doc_title = f"{program.name} · {ps.pair_id}"
            for fmt in (f for f in KIT_FORMATS if f in kit):  # md, docx, pdf: the order files were always in
                path = f"{folder}/{name}.{fmt}"
                if fmt == "md":
                    files[path] = text.encode("utf-8")
                else:
                    files[path] = b""
                    documents[path] = Document(fmt, text, doc_title, lang)
    for path, data in zip(documents, render_documents(list(documents.values())), strict=True):
        files[path] = data
    return files
