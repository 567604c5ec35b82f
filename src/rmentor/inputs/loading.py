"""Load roster and program files into validated models.

Every problem becomes an :class:`~rmentor.errors.Issue` with ``file:line:col``, the
field path, and a hint. All problems in a file are reported together, then one
:class:`~rmentor.errors.InputError` is raised (exit 2).

YAML goes through :mod:`rmentor.inputs.safeyaml`; spreadsheets (``.csv``, ``.xlsx``) through
:mod:`rmentor.inputs.tabular`, which produces the same plain data with sheet/row/column
locations.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rmentor.errors import InputError, Issue, Location, RmentorError
from rmentor.i18n import tr
from rmentor.inputs.safeyaml import Document, Path_, format_path, parse_yaml
from rmentor.model import Junior, Person, Program, Roster, Senior

MAX_ISSUES = 50

Locator = Callable[[Path_], Location]

_TYPE_MESSAGES: dict[str, str] = {
    "missing": "required key is missing",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number, not a fraction",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "string_type": "should be text",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "date_from_datetime_parsing": "should be a date like 2027-01-11",
    "date_parsing": "should be a date like 2027-01-11",
    "date_type": "should be a date like 2027-01-11",
    "date_from_datetime_inexact": "should be a date like 2027-01-11",
    "finite_number": "should be a finite number",
    "model_type": "should be a mapping of keys to values",
    "model_attributes_type": "should be a mapping of keys to values",
    "dict_type": "should be a mapping of keys to values",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "string_too_short": "should not be empty",
    "too_short": "has too few items",
    "too_long": "has too many items",
}


#: How to fix each kind of wrong value; keyed by the message in ``_TYPE_MESSAGES``.
_TYPE_HINTS: dict[str, str] = {
    "required key is missing": "add it",
    "should be a whole number": "write a number such as 4, without quotes or a decimal point",
    "should be a whole number, not a fraction": "round it to a whole number",
    "should be a number": "write a number such as 0.15",
    "should be text": "write plain text; put it in quotes if it starts with a bracket",
    "should be true or false": "write true or false",
    "should be a date like 2027-01-11": "write a real calendar date as YYYY-MM-DD",
    "should be a mapping of keys to values": "write 'key: value' lines indented under it",
    "should be a list": "write one '- item' line per item, or [a, b]",
    "should not be empty": "fill it in",
    "should be a finite number": "write an ordinary number such as 0.15",
    "has too few items": "add the missing items",
    "has too many items": "remove the extra items",
}

_PAIR_HINT = "write each pair as [senior_id, junior_id]"


@dataclass(frozen=True)
class Loaded:
    """A validated roster or program with the locator of its source file and warnings."""

    value: Any
    locate: Locator
    warnings: tuple[Issue, ...] = ()


@dataclass
class _Collector:
    locate: Locator
    issues: list[Issue] = field(default_factory=list)

    def add(self, path: Path_, message: str, hint: str | None = None, **params: Any) -> None:
        self.issues.append(Issue(message, params, self.locate(path), hint))


def _model_at(model: type[BaseModel], loc: Iterable[str | int]) -> type[BaseModel] | None:
    """The pydantic model class found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _issues_from_validation(exc: ValidationError, model: type[BaseModel], col: _Collector) -> None:
    for err in exc.errors(include_url=False):
        loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        kind = err["type"]
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else "?"
            parent = _model_at(model, loc[:-1])
            choices = list(parent.model_fields) if parent else []
            close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
            if close:
                col.add(loc, "unknown key '{key}'", "did you mean '{suggestion}'?", key=key, suggestion=close[0])
            else:
                col.add(loc, "unknown key '{key}'", "allowed keys: {allowed}", key=key, allowed=", ".join(choices))
        elif loc and loc[0] in ("pinned", "history") and len(loc) == 3 and kind == "missing":
            col.add(loc[:2], _TYPE_MESSAGES["too_short"], _PAIR_HINT)  # [senior] without its junior
        elif kind == "missing":
            col.add(loc, "required key '{key}' is missing", "add it", key=str(loc[-1]) if loc else "?")
        elif kind == "rmentor":
            template = str(ctx.pop("template"))
            loc = (*loc, *ctx.pop("_at", ()))
            col.add(loc, template, ctx.pop("_hint", None), **ctx)
        elif loc and loc[0] in ("pinned", "history") and len(loc) <= 2 and kind in (
            "list_type", "tuple_type", "too_short", "too_long"
        ):
            col.add(loc, _TYPE_MESSAGES[kind], _PAIR_HINT)
        elif (kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "manager", 0, 1)) or (
            kind == "string_pattern_mismatch" and len(loc) >= 2 and loc[-2] in ("avoid", "prefers")
        ):
            col.add(
                loc,
                "'{value}' is not a valid id",
                "ids use Latin letters, digits, _ . - and start with a letter or digit",
                value=err.get("input"),
            )
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "email":
            col.add(loc, "'{value}' is not an email address", "write it like name@company.ru, or remove it",
                    value=err.get("input"))
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "holiday_country":
            col.add(loc, "'{value}' is not a country code", "use a two-letter ISO code such as RU, KZ or BY",
                    value=err.get("input"))
        elif kind == "literal_error":
            col.add(loc, "should be one of: {expected}", "write one of these values exactly",
                    expected=ctx.get("expected", ""))
        elif kind in ("greater_than_equal", "greater_than"):
            col.add(loc, "should be at least {limit}", "raise the value", limit=ctx.get("ge", ctx.get("gt")))
        elif kind in ("less_than_equal", "less_than"):
            col.add(loc, "should be at most {limit}", "lower the value", limit=ctx.get("le", ctx.get("lt")))
        elif kind == "string_too_long":
            col.add(loc, "is too long ({length} characters; at most {limit})", "shorten it",
                    length=len(str(err.get("input", ""))), limit=ctx.get("max_length"))
        elif kind in _TYPE_MESSAGES:
            col.add(loc, _TYPE_MESSAGES[kind], _TYPE_HINTS.get(_TYPE_MESSAGES[kind]))
        else:  # pydantic's own words: rare, untranslated, but still located
            col.add(loc, "{detail}", "see 'File formats' in the README", detail=err["msg"])


def _raise_if(col: _Collector, what: str, file: str) -> None:
    if col.issues:
        ordered = sorted(col.issues, key=lambda i: (i.location.line or 0) if i.location else 0)
        shown = ordered[:MAX_ISSUES]
        more = len(col.issues) - len(shown)
        raise InputError(
            "{file}: {count} problem(s) in the {what}" + (" (first {shown} shown)" if more else ""),
            issues=shown,
            hint="fix them and run 'rmentor validate' again",
            file=file,
            count=len(col.issues),
            what=tr(what),
            shown=len(shown),
        )


def read_document(path: Path) -> tuple[Any, Locator]:
    """Read a roster or program file of any supported format into plain data and a locator."""
    data, locate, _notes = read_document_notes(path)
    return data, locate


def read_document_notes(path: Path) -> tuple[Any, Locator, list[Issue]]:
    """Like :func:`read_document`, plus notes on how a spreadsheet was read (columns ignored,
    the encoding detected)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".xlsx", ".xlsm"):
        from rmentor.inputs.tabular import read_roster_table_notes

        return read_roster_table_notes(path)
    if suffix not in (".yaml", ".yml", ""):
        raise InputError(
            "unsupported file type '{suffix}'",
            location=Location(file=str(path)),
            hint="use .yaml, .csv or .xlsx",
            suffix=suffix,
        )
    from rmentor.inputs.files import read_text

    text = read_text(path)
    doc: Document = parse_yaml(text, str(path), record=False)
    located: list[Document] = []

    def locate(p: Path_) -> Location:
        # Positions are only needed for error messages: parse again, recording them, on first use.
        if not located:
            located.append(parse_yaml(text, str(path), record=True))
        return located[0].locate(p)

    return doc.data, locate, []


def load_program(path: Path | None, *, today: date | None = None) -> Loaded:
    """Load a program file, or the embedded defaults when ``path`` is None."""
    if path is None:
        return Loaded(Program(), lambda p: Location(path=format_path(p) or None))
    if path.suffix.lower() not in (".yaml", ".yml", ""):
        raise InputError(
            "a program file must be YAML",
            location=Location(file=str(path)),
            hint="see configs/ for examples, or run 'rmentor init'",
        )
    data, locate = read_document(path)
    col = _Collector(locate)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        col.add((), "the program file must be a mapping of keys to values, not a {kind}",
                "start from 'rmentor init' or a file in configs/", kind=type(data).__name__)
        _raise_if(col, "program file", str(path))
    from rmentor.inputs.timezones import normalize_program_timezone

    zone_notes = normalize_program_timezone(data, locate)
    try:
        program = Program.model_validate(data)
    except ValidationError as exc:
        _issues_from_validation(exc, Program, col)
        _raise_if(col, "program file", str(path))
        raise  # pragma: no cover - _raise_if always raises when there are issues
    warnings: list[Issue] = [*zone_notes, *_missing_labels(program, locate)]
    if program.start is not None and program.start < (today or date.today()):
        warnings.append(
            Issue("the start date {start} is in the past", {"start": program.start.isoformat()},
                  locate(("start",)), "set a future start date before scheduling")
        )
    return Loaded(program, locate, tuple(warnings))


def _missing_labels(program: Program, locate: Locator) -> list[Issue]:
    """In a Russian program, criteria and metrics without Russian words would show their ids in
    Russian text: say so, once per name."""
    from rmentor.model import BUILTIN_LABELS

    if program.language != "ru":
        return []
    out: list[Issue] = []
    m = program.matching
    for side, crits in (("senior_criteria", m.senior_criteria), ("junior_criteria", m.junior_criteria)):
        for name, crit in crits.items():
            if (crit.label is None or not crit.label.ru) and name not in BUILTIN_LABELS:
                out.append(Issue("criterion '{name}' has no Russian label; Russian text will show '{name}'",
                                 {"name": name}, locate(("matching", side, name)),
                                 "add label: {{ru: ..., en: ...}} to it"))
    for k, h in enumerate(program.hypotheses):
        if (h.metric_label is None or not h.metric_label.ru) and h.metric not in BUILTIN_LABELS:
            out.append(Issue("metric '{name}' has no Russian label; Russian text will show '{name}'",
                             {"name": h.metric}, locate(("hypotheses", k, "metric")),
                             "add metric_label: {{ru: ..., en: ...}} to the hypothesis"))
    return out


def load_roster(path: Path, program: Program, *, history: Sequence[Path] = ()) -> Loaded:
    """Load and cross-check a roster against ``program`` (criteria, scale).

    ``history``: earlier cohorts' ``pairs.csv`` files (or folders holding them) whose pairs join
    the roster's ``history`` (see :mod:`rmentor.inputs.history`).
    """
    # Parsing and validation allocate hundreds of thousands of small containers and create
    # no reference cycles; the cyclic collector's passes over them were ~40% of loading
    # 10,000 people, so it rests meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_roster(path, program, history)
    finally:
        if enabled:
            gc.enable()


def _load_roster(path: Path, program: Program, history: Sequence[Path] = ()) -> Loaded:
    data, locate, notes = read_document_notes(path)
    col = _Collector(locate)
    if data is None:
        col.add((), "the roster is empty", "list people under 'seniors:' and 'juniors:' (see 'rmentor init')")
        _raise_if(col, "roster", str(path))
    if not isinstance(data, dict):
        col.add((), "the roster must be a mapping with 'seniors' and 'juniors', not a {kind}",
                "start from 'rmentor init' or examples/roster.yaml", kind=type(data).__name__)
        _raise_if(col, "roster", str(path))
    from rmentor.inputs.references import resolve_references
    from rmentor.inputs.timezones import normalize_timezones

    whole = Location(file=str(path))  # notes are about the file: no need to parse positions for them
    notes = [*notes, *normalize_timezones(data, whole), *resolve_references(data, col.add, whole)]
    try:
        roster = Roster.model_validate(data)
    except ValidationError as exc:
        _issues_from_validation(exc, Roster, col)
        _raise_if(col, "roster", str(path))
        raise  # pragma: no cover
    _raise_if(col, "roster", str(path))  # names that fit several people
    if history:
        from rmentor.inputs.history import add_history

        roster, earlier = add_history(roster, history)
        notes.extend(earlier)
    warnings = check_roster(roster, program, col)
    _raise_if(col, "roster", str(path))
    roster, spelled = canonical_spellings(roster, program, whole)
    return Loaded(roster, locate, (*notes, *spelled, *warnings))


def canonical_spellings(roster: Roster, program: Program,
                        where: Location | None = None) -> tuple[Roster, list[Issue]]:
    """The roster with every department and topic in its canonical spelling, and a note per kind
    listing the spellings merged.

    Spellings that differ only in case, ``ё``/``е``, spacing or punctuation (topics: also in
    alphabet, ``смм`` = ``SMM``) are one; ``program.aliases`` joins others. The canonical
    spelling is the alias's name, else the most common spelling. Outputs show only these.
    """
    from rmentor.inputs.vocabulary import build_vocabulary

    people = [*roster.seniors, *roster.juniors]
    depts = build_vocabulary("department", (p.department for p in people), program.aliases.departments)
    topics = build_vocabulary("topic", [t for s in roster.seniors for t in s.wants] +
                              [t for j in roster.juniors for t in j.offers], program.aliases.topics)

    def spell(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(topics[t] for t in items))

    def fix(p: Any, field_name: str) -> Any:
        update: dict[str, Any] = {}
        if depts[p.department] != p.department:
            update["department"] = depts[p.department]
        items = getattr(p, field_name)
        if spell(items) != items:
            update[field_name] = spell(items)
        return p.model_copy(update=update) if update else p

    seniors = tuple(fix(s, "wants") for s in roster.seniors)
    juniors = tuple(fix(j, "offers") for j in roster.juniors)
    notes: list[Issue] = []
    for template, table in (("departments written differently were read as one: {merged}", depts),
                            ("topics written differently were read as one: {merged}", topics)):
        merged: dict[str, list[str]] = {}
        for text, canonical in sorted(table.items()):
            if text != canonical:
                merged.setdefault(canonical, []).append(text)
        if merged:
            notes.append(Issue(
                template,
                {"merged": "; ".join(f"{', '.join(f'«{o}»' for o in others)} → «{c}»"
                                                       for c, others in sorted(merged.items()))},
                where, "nothing to do; outputs use the spelling on the right"))
    if seniors == roster.seniors and juniors == roster.juniors:
        return roster, notes
    return roster.model_copy(update={"seniors": seniors, "juniors": juniors}), notes


def _people(roster: Roster) -> list[tuple[Path_, Person]]:
    return [(("seniors", i), p) for i, p in enumerate(roster.seniors)] + [
        (("juniors", i), p) for i, p in enumerate(roster.juniors)
    ]


def _other_place(locate: Locator, path: Path_) -> str:
    """Where the first of two clashing entries is, in the words of its file's format.

    YAML: ``seniors[0].id, line 3``. A spreadsheet: its own text, e.g. ``sheet Старшие, row 5,
    column B (ID)`` -- a field path like ``seniors[0]`` means nothing to someone in Excel.
    """
    where = locate(path)
    field = format_path(path)
    if where.path and where.path != field:
        return where.path
    if where.line is not None:
        return field + ", " + tr("line {line}", line=where.line)
    return field


def check_roster(roster: Roster, program: Program, col: _Collector) -> list[Issue]:
    """Cross-record rules pydantic cannot see. Adds errors to ``col``; returns warnings."""
    warnings: list[Issue] = []
    m = program.matching
    people = _people(roster)
    if not roster.seniors:
        col.add(("seniors",), "there are no seniors", "list at least one person under 'seniors:'")
    if not roster.juniors:
        col.add(("juniors",), "there are no juniors", "list at least one person under 'juniors:'")

    first_seen: dict[str, Path_] = {}
    for path, person in people:
        if person.id in first_seen:
            col.add((*path, "id"), "duplicate id '{id}' (first at {other})", "every person needs a unique id",
                    id=person.id, other=_other_place(col.locate, (*first_seen[person.id], "id")))
        else:
            first_seen[person.id] = path
    ids = set(first_seen)
    managers = dict(roster.managers)
    known: list[str] = []

    def known_ids() -> list[str]:
        if not known:
            known.extend(sorted(ids | set(managers)))
        return known
    for mid, boss in managers.items():
        if mid in ids:
            col.add(("managers", mid), "'{id}' is a participant; set their manager in their own record",
                    "remove it from 'managers:'", id=mid)
        if boss is not None and boss not in ids and boss not in managers:
            col.add(("managers", mid), "unknown manager '{ref}'",
                    "add '{ref}' under 'managers:' too, or fix the id", ref=boss)

    side_of = {p.id: path[0] for path, p in people}
    for path, person in people:
        crits = m.senior_criteria if path[0] == "seniors" else m.junior_criteria
        for name in crits:
            if name not in person.scores:
                col.add((*path, "scores"), "missing score '{name}'",
                        "add '{name}: N' with N from {lo} to {hi}", name=name, lo=m.scale.min, hi=m.scale.max)
        for name, value in person.scores.items():
            if name not in crits:
                close = difflib.get_close_matches(name, list(crits), n=1, cutoff=0.6)
                col.add((*path, "scores", name), "unknown criterion '{name}'",
                        "did you mean '{suggestion}'?" if close else "criteria here: {allowed}",
                        name=name, allowed=", ".join(crits), suggestion=close[0] if close else "")
            elif not m.scale.min <= value <= m.scale.max:
                col.add((*path, "scores", name), "score {value} is outside the scale {lo}-{hi}",
                        "use a whole number from {lo} to {hi}", value=value, lo=m.scale.min, hi=m.scale.max)
        if person.manager is not None:
            if person.manager == person.id:
                col.add((*path, "manager"), "a person cannot be their own manager", "fix the manager id")
            elif person.manager not in ids and person.manager not in managers:
                # "did you mean" compares against everyone: only for the problems that will be shown,
                # or 3,000 unknown managers take 30 s
                close = (difflib.get_close_matches(person.manager, known_ids(), n=1, cutoff=0.7)
                         if len(col.issues) < MAX_ISSUES else [])
                col.add((*path, "manager"), "unknown manager '{ref}'",
                        "did you mean '{suggestion}'?" if close else
                        "if they are not in the program, list them under 'managers:' "
                        "('{ref}: their_manager' or '{ref}: ~')",
                        ref=person.manager, suggestion=close[0] if close else "")
        for k, ref in enumerate(person.avoid):
            if ref not in ids:
                col.add((*path, "avoid", k), "unknown id '{ref}' in avoid", "fix the id or remove it", ref=ref)
        _check_prefers(path, person, side_of, col)
        if not person.availability:
            warnings.append(Issue("{id} has no availability windows", {"id": person.id}, col.locate(path),
                                  "add windows like 'Tue 10:00-12:00' so sessions can be scheduled"))

    # manager cycles, through participants and the managers: section alike
    parent: dict[str, str | None] = dict(managers)
    where: dict[str, Path_] = {mid: ("managers", mid) for mid in managers}
    for path, person in people:
        parent[person.id] = person.manager
        where[person.id] = (*path, "manager")
    # each chain is walked once: a node already settled by an earlier walk ends the walk, so
    # a reporting line of 3,000 managers costs 3,000 steps, not 3,000^3 (85 s before)
    settled: set[str] = set()
    for start in sorted(parent):
        walk: list[str] = []
        on_walk: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in parent and node not in settled and node not in on_walk:
            on_walk[node] = len(walk)
            walk.append(node)
            node = parent[node]
        if node is not None and node in on_walk:
            cycle = walk[on_walk[node]:]
            # start the loop at the person it is reported at, whichever way we walked into it
            top = cycle.index(min(cycle))
            cycle = cycle[top:] + cycle[:top]
            shown = [*cycle, cycle[0]] if len(cycle) <= 12 else [*cycle[:10], f"... ({len(cycle)})", cycle[0]]
            col.add(where[cycle[0]], "manager cycle: {cycle}", "break the loop; someone must be at the top",
                    cycle=" -> ".join(shown))
        settled.update(walk)

    senior_ids = {s.id for s in roster.seniors}
    junior_ids = {j.id for j in roster.juniors}
    capacity = {j.id: j.capacity for j in roster.juniors}
    history = set(roster.history)
    for section, pairs in (("pinned", roster.pinned), ("history", roster.history)):
        for k, (sid, jid) in enumerate(pairs):
            if sid in junior_ids and jid in senior_ids:
                col.add((section, k), "pair [{a}, {b}] is reversed", "write pairs as [senior_id, junior_id]",
                        a=sid, b=jid)
                continue
            if sid not in senior_ids:
                col.add((section, k, 0), "'{ref}' is not a senior in this roster", "fix the id", ref=sid)
            if jid not in junior_ids:
                col.add((section, k, 1), "'{ref}' is not a junior in this roster", "fix the id", ref=jid)
    pinned_seniors: dict[str, int] = {}
    pinned_juniors: dict[str, int] = {}
    for k, (sid, jid) in enumerate(roster.pinned):
        if sid in pinned_seniors:
            col.add(("pinned", k), "senior '{id}' is pinned twice (also pinned[{other}])",
                    "a senior has one junior; keep one pin", id=sid, other=pinned_seniors[sid])
        pinned_seniors.setdefault(sid, k)
        pinned_juniors[jid] = pinned_juniors.get(jid, 0) + 1
        if jid in capacity and pinned_juniors[jid] == capacity[jid] + 1:
            col.add(("pinned", k), "junior '{id}' is pinned to more seniors than their capacity ({cap})",
                    "raise their capacity or remove a pin", id=jid, cap=capacity[jid])
        if (sid, jid) in history:
            col.add(("pinned", k), "pair [{a}, {b}] is both pinned and in history",
                    "history pairs are never repeated; remove one of them", a=sid, b=jid)
    return warnings


def _check_prefers(path: Path_, person: Person, side_of: dict[str, Any], col: _Collector) -> None:
    """``prefers`` names people on the other side, each once."""
    seen: set[str] = set()
    for k, ref in enumerate(person.prefers):
        if ref not in side_of:
            col.add((*path, "prefers", k), "unknown id '{ref}' in prefers", "fix the id or remove it", ref=ref)
        elif side_of[ref] == path[0]:
            col.add((*path, "prefers", k), "'{ref}' is on the same side; seniors list juniors and juniors "
                    "list seniors", "remove it from prefers", ref=ref)
        elif ref in seen:
            col.add((*path, "prefers", k), "'{ref}' is listed twice in prefers", "keep it once, at its rank",
                    ref=ref)
        seen.add(ref)


def parse_path(text: str) -> Path_:
    """``"seniors[3].scores"`` -> ``("seniors", 3, "scores")``; the inverse of ``format_path``."""
    return tuple(int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text))


def _relocated(location: Location | None, sources: tuple[Loaded, ...]) -> Location | None:
    if location is None or location.file is not None or not location.path:
        return location
    path = parse_path(location.path)
    for source in sources:
        # only the file the path belongs to: 'pinned[0]' is the roster's, 'agenda.first' the program's
        if path and isinstance(source.value, BaseModel) and str(path[0]) in type(source.value).model_fields:
            return source.locate(path)
    return location


@contextmanager
def located(*sources: Loaded) -> Iterator[None]:
    """Point errors raised inside the block at the file their field path belongs to.

    Library code past loading (matching, scheduling) knows field paths such as ``pinned[2]``
    or ``agenda.first.title`` but not files; this fills in the file, line and column from
    whichever of ``sources`` (the roster, the program) has that field.
    """
    try:
        yield
    except RmentorError as exc:
        exc.location = _relocated(exc.location, sources)
        exc.issues = [dataclasses.replace(i, location=_relocated(i.location, sources)) for i in exc.issues]
        raise


__all__ = ["Junior", "Loaded", "Senior", "load_program", "load_roster", "located", "parse_path", "read_document"]
