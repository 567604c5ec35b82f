"""Read a wishes survey (``--preferences FILE``): whom each person would like to work with.

A CSV or XLSX file exported from a form, one row per person:

* a person column, found like the person column of surveys (``person_id``, ``id``,
  ``ID сотрудника``, ``Табельный номер``, ...), or else an e-mail column (``email``, ``Почта``,
  ``Адрес электронной почты``) matched against the roster's e-mails;
* the choices, most wanted first, either in one list column (``prefers``, ``Предпочтения``,
  ``Пожелания``: ``petrova; orlova``) or in numbered columns (``choice 1``, ``Выбор 2``,
  ``2-е предпочтение``, a form's ranking grid ``Кого бы вы хотели ... [1]``). A choice is a
  roster id or e-mail.

Other columns (a timestamp, comments) are ignored. The form replaces the ``prefers`` of
everyone it lists; people it does not list keep theirs. Every problem is reported with
``file:row:column`` at once (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rmentor.errors import InputError, Issue
from rmentor.inputs.surveys import PERSON_COLUMNS, cell_text, norm_header, read_table
from rmentor.model import Roster

EMAIL_COLUMNS = frozenset({"email", "e_mail", "mail", "почта", "эл_почта", "электронная_почта",
                           "адрес_электронной_почты", "email_address", "корпоративная_почта"})
LIST_COLUMNS = frozenset({"prefers", "preferences", "wishes", "choices", "предпочтения", "пожелания",
                          "хочет_в_пару", "хочу_в_пару", "выбор"})
_CHOICE_WORDS = re.compile(r"choice|pref|wish|rank|выбор|предпочт|пожелан|приоритет|вариант")
_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,2})(?![0-9])")
_GRID = re.compile(r"[\[(#№]\s*([0-9]{1,2})\s*[\])]?\s*$")  # "... [1]", "... (2)", "... #3"
MAX_ISSUES = 50


@dataclass(frozen=True)
class Preferences:
    """The wishes read from a form: person id -> their choices (ids), most wanted first."""

    file: str
    wishes: dict[str, tuple[str, ...]]
    warnings: tuple[Issue, ...] = ()


def _choice_columns(header: tuple[str, ...]) -> list[int]:
    """Columns holding choices, in rank order: one list column, or numbered choice columns."""
    for i, h in enumerate(header):
        if norm_header(h) in LIST_COLUMNS:
            return [i]
    numbered: list[tuple[int, int]] = []
    for i, h in enumerate(header):
        grid = _GRID.search(str(h))
        name = norm_header(h)
        number = _NUMBER.search(name)
        if grid is not None:
            numbered.append((int(grid.group(1)), i))
        elif number is not None and _CHOICE_WORDS.search(name):
            numbered.append((int(number.group(1)), i))
    return [i for _, i in sorted(numbered)]


def read_preferences(path: Path, roster: Roster) -> Preferences:
    """Read and resolve a wishes form against ``roster``.

    Raises:
        InputError: no person or choice column, unknown people or choices, a choice on the
            person's own side, a person listed twice.
    """
    table = read_table(path)
    issues: list[Issue] = []
    warnings: list[Issue] = []
    side = {p.id: "senior" for p in roster.seniors} | {p.id: "junior" for p in roster.juniors}
    by_email = {p.email.casefold(): p.id for p in [*roster.seniors, *roster.juniors] if p.email}

    person_col = next((i for i, h in enumerate(table.header) if norm_header(h) in PERSON_COLUMNS), None)
    email_col = next((i for i, h in enumerate(table.header) if norm_header(h) in EMAIL_COLUMNS), None)
    key_col = person_col if person_col is not None else email_col
    choices = [c for c in _choice_columns(table.header) if c != key_col]
    if key_col is None:
        issues.append(Issue("no person column", {}, table.where(table.header_line),
                            "add a column 'person_id' with the roster id (or 'email') of whoever filled in the form"))
    if not choices:
        issues.append(Issue("no choice columns", {}, table.where(table.header_line),
                            "name them 'choice 1', 'choice 2', ... (or 'Выбор 1', ...), or put the choices "
                            "in one column 'prefers' separated by ';'"))
    if issues:
        raise InputError("{file}: {count} problem(s) in the wishes file", issues=issues,
                         hint="fix them and run the command again", file=table.file, count=len(issues))
    assert key_col is not None

    def resolve(text: str) -> str | None:
        if text in side:
            return text
        return by_email.get(text.casefold())

    wishes: dict[str, tuple[str, ...]] = {}
    first_row: dict[str, int] = {}
    for row in table.rows:
        who_text = cell_text(row.get(key_col))
        if not who_text:
            issues.append(Issue("the person is empty", {}, table.where(row.line, key_col),
                                "fill in the person's roster id or e-mail, or delete the row"))
            continue
        who = resolve(who_text)
        if who is None:
            issues.append(Issue("'{ref}' is not in the roster", {"ref": who_text}, table.where(row.line, key_col),
                                "use the id (or e-mail) the person has in the roster"))
            continue
        if who in first_row:
            issues.append(Issue("{ref} filled in the form twice (also row {other})",
                                {"ref": who_text, "other": first_row[who]}, table.where(row.line, key_col),
                                "keep one row per person"))
            continue
        first_row[who] = row.line
        picked: list[str] = []
        for col in choices:
            cells = cell_text(row.get(col))
            parts = [p.strip() for p in re.split(r"[;,\n]", cells)] if len(choices) == 1 else [cells]
            for text in (p for p in parts if p):
                target = resolve(text)
                where = table.where(row.line, col)
                if target is None:
                    issues.append(Issue("choice '{ref}' is not in the roster", {"ref": text}, where,
                                        "use a roster id or e-mail, or leave the cell empty"))
                elif side[target] == side[who]:
                    issues.append(Issue("choice '{ref}' is on the same side as {who}; seniors choose juniors "
                                        "and juniors choose seniors", {"ref": text, "who": who_text}, where,
                                        "remove the choice"))
                elif target in picked:
                    warnings.append(Issue("{who} chose {ref} twice; the first rank counts",
                                          {"who": who_text, "ref": text}, where))
                else:
                    picked.append(target)
        wishes[who] = tuple(picked)
    if issues:
        shown = issues[:MAX_ISSUES]
        raise InputError("{file}: {count} problem(s) in the wishes file", issues=shown,
                         hint="fix them and run the command again", file=table.file, count=len(issues))
    return Preferences(table.file, wishes, tuple(warnings))


def with_preferences(roster: Roster, prefs: Preferences) -> Roster:
    """``roster`` with the form's wishes replacing the ``prefers`` of everyone the form lists."""
    return roster.model_copy(update={
        "seniors": tuple(p.model_copy(update={"prefers": prefs.wishes[p.id]}) if p.id in prefs.wishes else p
                         for p in roster.seniors),
        "juniors": tuple(p.model_copy(update={"prefers": prefs.wishes[p.id]}) if p.id in prefs.wishes else p
                         for p in roster.juniors),
    })
