"""A roster written back out: readable YAML, an Excel workbook, or one CSV table.

Used by ``rmentor convert``. Every writer is the inverse of a reader
(:mod:`rmentor.inputs.safeyaml` for YAML, :mod:`rmentor.inputs.tabular` for spreadsheets), and
:func:`convert_roster` proves it on each run: it reads its own output back and refuses
to hand out a file that would not give the same :class:`~rmentor.model.Roster`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rmentor.errors import InputError
from rmentor.i18n import Lang, tr
from rmentor.model import Junior, Person, Program, Roster, Senior
from rmentor.outputs.xlsx import Sheet, workbook_bytes

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv")

#: Person keys in the order the examples use.
PERSON_ORDER = ("id", "name", "title", "department", "email", "manager", "timezone", "capacity",
                "availability", "scores", "wants", "offers", "avoid", "prefers", "notes")

#: Headers written for ``--lang ru``; each is also accepted when reading (rmentor.inputs.tabular).
HEADERS_RU = {
    "id": "ID", "name": "Имя", "title": "Должность", "department": "Отдел", "email": "Почта",
    "manager": "Руководитель", "timezone": "Часовой пояс", "capacity": "Ёмкость",
    "availability": "Доступность", "wants": "Хочет изучить", "offers": "Может научить",
    "avoid": "Избегать", "prefers": "Предпочтения", "notes": "Заметки", "side": "Сторона",
    "senior": "Старший", "junior": "Младший",
}
CRITERIA_RU = {"readiness": "Готовность", "openness": "Открытость", "communication": "Коммуникация",
               "sharing": "Желание делиться", "structuring": "Структурирование"}
SHEETS_RU = {"seniors": "Старшие", "juniors": "Младшие", "managers": "Руководители вне программы",
             "pinned": "Закреплённые пары", "history": "Прошлые пары"}
SIDES_RU = {"senior": "старший", "junior": "младший", "manager": "вне программы"}


# ----------------------------------------------------------------------------- plain data


def person_data(person: Person) -> dict[str, Any]:
    """A person as plain data in the example key order, without defaults."""
    dumped = person.model_dump(mode="json")
    out: dict[str, Any] = {}
    for key in PERSON_ORDER:
        if key not in dumped:
            continue
        value = dumped[key]
        if value is None or value == [] or value == {} or (key == "capacity" and value == 1):
            continue
        out[key] = value
    return out


def roster_data(roster: Roster) -> dict[str, Any]:
    """The roster as plain data in the example order: seniors, juniors, managers, pinned, history."""
    out: dict[str, Any] = {
        "seniors": [person_data(p) for p in roster.seniors],
        "juniors": [person_data(p) for p in roster.juniors],
    }
    if roster.managers:
        out["managers"] = dict(roster.managers)
    if roster.pinned:
        out["pinned"] = [list(p) for p in roster.pinned]
    if roster.history:
        out["history"] = [list(p) for p in roster.history]
    return out


# ----------------------------------------------------------------------------- YAML


def yaml_scalar(value: Any) -> str:
    """One value as a YAML scalar: plain when that is unambiguous, else double-quoted.

    Plain text must read back as the same text under YAML 1.1 and 1.2 alike (so ``yes``,
    ``0123``, ``1:30`` or ``null`` are quoted) and must be safe inside ``[...]`` and
    ``{...}``; anything doubtful is written as a JSON string, which is valid YAML.
    """
    import json

    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.isprintable() and _resolves_to_str(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    # JSON leaves DEL, C1 controls, U+2028/2029, BOM and other non-printables raw, which a
    # YAML reader rejects or folds: escape them too (\u and \U are YAML escapes).
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
                   for c in quoted)


# Conservative: no indicator first, none of : # , [ ] { } anywhere, no edge spaces, no control characters.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`~=+.\x00-\x1f\x7f](?:[^:#,\[\]{}\x00-\x1f\x7f\u0085\u2028\u2029]*"
                    r"[^\s:#,\[\]{}\x00-\x1f\x7f\u0085\u2028\u2029])?")


@lru_cache(maxsize=4096)
def _resolves_to_str(text: str) -> bool:
    import yaml

    from rmentor.inputs.safeyaml import _resolve_plain

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str" and isinstance(_resolve_plain(text), str)


def _flow_list(values: list[Any], *, quote: bool = False) -> str:
    import json

    items = [json.dumps(str(v), ensure_ascii=False) if quote else yaml_scalar(v) for v in values]
    return "[" + ", ".join(items) + "]"


def roster_yaml(roster: Roster, *, source: str | None = None) -> bytes:
    """Readable YAML in the layout of the examples: Cyrillic as is, lists and scores inline,
    availability quoted, a blank line between people.

    Written directly rather than with ``yaml.dump``: the layout is fixed, and PyYAML's pure
    Python emitter takes tens of seconds on a roster of thousands.
    """
    data = roster_data(roster)
    lines: list[str] = []
    if source:
        lines.append("# " + tr("Converted by 'rmentor convert' from {source}.", source=source))
        lines.append("# " + tr("File format: README, section 'File formats'."))
        lines.append("")
    for section in ("seniors", "juniors"):
        people = data[section]
        if section == "juniors":
            lines.append("")
        if not people:
            lines.append(f"{section}: []")
            continue
        lines.append(f"{section}:")
        for k, person in enumerate(people):
            if k:
                lines.append("")
            for n, (key, value) in enumerate(person.items()):
                lead = "  - " if n == 0 else "    "
                if key == "availability":
                    text = _flow_list(value, quote=True)
                elif key == "scores":
                    text = "{" + ", ".join(f"{yaml_scalar(c)}: {yaml_scalar(v)}" for c, v in value.items()) + "}"
                elif isinstance(value, list):
                    text = _flow_list(value)
                else:
                    text = yaml_scalar(value)
                lines.append(f"{lead}{key}: {text}")
    if "managers" in data:
        lines += ["", "managers:"]
        lines += [f"  {yaml_scalar(mid)}: {yaml_scalar(boss)}" for mid, boss in data["managers"].items()]
    for section in ("pinned", "history"):
        if section in data:
            lines += ["", f"{section}:"]
            lines += [f"  - {_flow_list(pair)}" for pair in data[section]]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- spreadsheets


def _header(key: str, lang: Lang) -> str:
    return HEADERS_RU.get(key, key) if lang == "ru" else key


def _score_header(name: str, lang: Lang) -> str:
    from rmentor.inputs.tabular import PERSON_HEADERS, normalize_header

    clashes = {normalize_header(a) for key, aliases in PERSON_HEADERS.items() for a in (key, *aliases)}
    if normalize_header(name) in clashes:
        return ("оценка: " if lang == "ru" else "score: ") + name
    return CRITERIA_RU.get(name, name) if lang == "ru" else name


def _joined(values: list[str], what: str, owner: str) -> str:
    for value in values:
        if re.search(r"[;,\n]", value):
            raise InputError(
                "{owner}: the {what} item '{value}' contains ',' or ';', which separate items in a spreadsheet cell",
                hint="rename the item, or keep this roster in YAML",
                owner=owner, what=what, value=value,
            )
    return "; ".join(values)


def _columns(people: list[dict[str, Any]], keys: tuple[str, ...]) -> tuple[list[str], list[str]]:
    fields = [k for k in keys if k not in ("scores",) and any(k in p for p in people)]
    for required in ("department", "name", "id"):
        if required not in fields:
            fields.insert(0, required)
    fields.sort(key=PERSON_ORDER.index)
    criteria: list[str] = []
    for p in people:
        for name in p.get("scores", {}):
            if name not in criteria:
                criteria.append(name)
    return fields, criteria


def _row(person: dict[str, Any], fields: list[str], criteria: list[str]) -> list[Any]:
    row: list[Any] = []
    for key in fields:
        value = person.get(key)
        if key == "availability" and value:
            row.append("; ".join(value))
        elif isinstance(value, list):
            row.append(_joined(value, key, str(person["id"])))
        else:
            row.append(value)
    scores = person.get("scores", {})
    row.extend(scores.get(name) for name in criteria)
    return row


def _field_keys(model: type[Person]) -> tuple[str, ...]:
    return tuple(k for k in PERSON_ORDER if k in model.model_fields and k != "scores")


def roster_sheets(roster: Roster, lang: Lang) -> list[Sheet]:
    """Sheets ``seniors``, ``juniors`` (and ``managers``, ``pinned``, ``history`` when used)."""
    data = roster_data(roster)
    names = SHEETS_RU if lang == "ru" else {k: k for k in SHEETS_RU}
    sheets: list[Sheet] = []
    for section, model in (("seniors", Senior), ("juniors", Junior)):
        people = data[section]
        fields, criteria = _columns(people, _field_keys(model))
        header = [_header(k, lang) for k in fields] + [_score_header(c, lang) for c in criteria]
        wrap = frozenset(i for i, k in enumerate(fields) if k == "notes")
        sheets.append(Sheet(names[section], header, [_row(p, fields, criteria) for p in people], wrap_columns=wrap))
    if "managers" in data:
        sheets.append(Sheet(names["managers"], [_header("id", lang), _header("manager", lang)],
                            [[mid, boss] for mid, boss in data["managers"].items()]))
    for section in ("pinned", "history"):
        if section in data:
            sheets.append(Sheet(names[section], [_header("senior", lang), _header("junior", lang)], data[section]))
    return sheets


def roster_csv(roster: Roster, lang: Lang, *, delimiter: str = ",") -> bytes:
    """One table with a ``side`` column; managers outside the program are rows with side ``manager``."""
    from rmentor.outputs.csvfile import csv_bytes

    if roster.pinned or roster.history:
        raise InputError(
            "a CSV file holds one table, so pinned and earlier pairs cannot be written to it",
            hint="convert to .xlsx instead; it keeps them on their own sheets",
        )
    data = roster_data(roster)
    people = [("senior", p) for p in data["seniors"]] + [("junior", p) for p in data["juniors"]]
    keys = tuple(dict.fromkeys(_field_keys(Senior) + _field_keys(Junior)))
    fields, criteria = _columns([p for _, p in people], keys)
    if data.get("managers") and "manager" not in fields:
        fields.append("manager")
        fields.sort(key=PERSON_ORDER.index)
    sides = SIDES_RU if lang == "ru" else {k: k for k in SIDES_RU}
    header = [_header("side", lang)] + [_header(k, lang) for k in fields] + [_score_header(c, lang) for c in criteria]
    rows = [[sides[side], *_row(p, fields, criteria)] for side, p in people]
    for mid, boss in data.get("managers", {}).items():
        rows.append([sides["manager"], *_row({"id": mid, "manager": boss}, fields, criteria)])
    return csv_bytes(header, rows, delimiter=delimiter)


# ----------------------------------------------------------------------------- convert


@dataclass(frozen=True)
class Converted:
    """The result of :func:`convert_roster`: the file's bytes and the roster they hold."""

    data: bytes
    roster: Roster


def roster_bytes(roster: Roster, suffix: str, *, lang: Lang, delimiter: str = ",", source: str | None = None) -> bytes:
    """``roster`` in the format named by ``suffix`` (``.yaml``, ``.xlsx``, ``.csv``, ``.tsv``)."""
    suffix = suffix.lower()
    if suffix in YAML_SUFFIXES:
        return roster_yaml(roster, source=source)
    if suffix in XLSX_SUFFIXES:
        return workbook_bytes(roster_sheets(roster, lang))
    if suffix in CSV_SUFFIXES:
        return roster_csv(roster, lang, delimiter="\t" if suffix == ".tsv" else delimiter)
    raise InputError("unsupported file type '{suffix}'", hint="use .yaml, .csv or .xlsx", suffix=suffix)


def read_back(data: bytes, suffix: str, file: str) -> Roster:
    """Parse bytes written by :func:`roster_bytes` (the round-trip check)."""
    from rmentor.inputs.safeyaml import parse_yaml
    from rmentor.inputs.tabular import read_roster_bytes

    if suffix.lower() in YAML_SUFFIXES:
        plain = parse_yaml(data.decode("utf-8"), file).data
    else:
        plain, _ = read_roster_bytes(data, file, suffix.lower())
    return Roster.model_validate(plain)


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The path of the first place two plain structures differ, or None when equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            found = first_difference(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i in range(max(len(a), len(b))):
            found = first_difference(a[i] if i < len(a) else None, b[i] if i < len(b) else None, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else (path or "(root)")


def convert_roster(roster: Roster, suffix: str, *, lang: Lang, delimiter: str = ",",
                   source: str | None = None, target: str = "output") -> Converted:
    """Write ``roster`` as ``suffix`` and prove the file reads back as the same roster.

    Raises :class:`~rmentor.errors.InputError` when the target format cannot hold the
    roster exactly, naming the first field that would change.
    """
    data = roster_bytes(roster, suffix, lang=lang, delimiter=delimiter, source=source)
    again = read_back(data, suffix, target)
    if again != roster:
        where = first_difference(roster.model_dump(mode="json"), again.model_dump(mode="json")) or "?"
        raise InputError(
            "the {fmt} file would not hold this roster exactly (first difference at {where})",
            hint="convert to YAML or .xlsx instead, or simplify that value",
            fmt=suffix.lstrip(".").upper(), where=where,
        )
    return Converted(data, again)


def load_roster_file(path: Path, program: Program | None = None) -> Roster:
    """Read a roster of any format for conversion.

    With a ``program`` the roster gets every check of ``rmentor validate``; without one only
    its structure is checked (criteria are the program's business), so rosters of programs
    with their own criteria convert too. Problems are reported with their locations.
    """
    from pydantic import ValidationError

    from rmentor.inputs.loading import _Collector, _issues_from_validation, _raise_if, load_roster, read_document

    if program is not None:
        loaded: Roster = load_roster(path, program).value
        return loaded
    data, locate = read_document(path)
    col = _Collector(locate)
    if not isinstance(data, dict):
        col.add((), "the roster must be a mapping with 'seniors' and 'juniors', not a {kind}",
                "start from 'rmentor init' or examples/roster.yaml", kind=type(data).__name__)
        _raise_if(col, "roster", str(path))
    try:
        return Roster.model_validate(data)
    except ValidationError as exc:
        _issues_from_validation(exc, Roster, col)
        _raise_if(col, "roster", str(path))
        raise  # pragma: no cover - _raise_if always raises when there are issues
