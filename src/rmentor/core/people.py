"""Find a person the way a user names them on the command line: id, e-mail, name, or part of a name.

``rmentor explain roster.xlsx Волков`` should work: an id (also without its leading zeros),
an e-mail, a full name in any case and ``ё``/``е`` (or «Фамилия И. О.»), or any unique part of
a name. A part that fits several people is refused with the candidates listed; text that fits
no one gets the closest names as suggestions.
"""

from __future__ import annotations

import difflib

from rmentor.errors import InputError, Location
from rmentor.inputs.vocabulary import Ambiguous, PeopleIndex, text_key
from rmentor.model import Person, Roster


def _label(p: Person) -> str:
    return f"{p.name} ({p.id})"


def find_person(roster: Roster, text: str, *, side: str | None = None, argument: str = "PERSON") -> str:
    """The id of the one person ``text`` names; ``side`` ("senior"/"junior") narrows the search.

    Raises :class:`InputError` (exit 2) when no one or more than one person fits, listing
    the candidates or the closest names.
    """
    people: list[Person] = [*(roster.seniors if side != "junior" else ()),
                            *(roster.juniors if side != "senior" else ())]
    index = PeopleIndex((p.id, p.name, p.email) for p in people)
    by_id = {p.id: p for p in people}
    where = Location(path=argument)
    try:
        found, _how = index.resolve(text)
    except Ambiguous as exc:
        raise InputError("'{text}' fits more than one person: {candidates}", location=where,
                         hint="write more of the name, or the id", text=text,
                         candidates="; ".join(_label(by_id[c]) for c in exc.candidates)) from None
    if found is not None:
        return found
    key = text_key(text)
    if key:
        parts = [p for p in people if key in text_key(p.name) or key in p.id.casefold()]
        if len(parts) == 1:
            return parts[0].id
        if parts:
            shown = sorted(parts, key=lambda p: (p.name, p.id))
            raise InputError("'{text}' fits more than one person: {candidates}", location=where,
                             hint="write more of the name, or the id", text=text,
                             candidates="; ".join(_label(p) for p in shown[:10]) + ("; …" if len(shown) > 10 else ""))
    names: dict[str, list[Person]] = {}  # the full name and each word of it
    for p in people:
        for k in {text_key(p.name), *text_key(p.name).split()}:
            names.setdefault(k, []).append(p)
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    ids = difflib.get_close_matches(text, list(by_id), n=3, cutoff=0.7)
    fits = [p for c in close for p in names[c]] + [by_id[i] for i in ids]
    suggestions = list(dict.fromkeys(_label(p) for p in fits))[:5]
    raise InputError(
        "no senior in this roster is '{text}'" if side == "senior" else
        "no junior in this roster is '{text}'" if side == "junior" else "no one in this roster is '{text}'",
        location=where,
        hint="did you mean: {suggestions}?" if suggestions else "give an id, an e-mail, a name or a part of one",
        text=text, suggestions="; ".join(suggestions))


def display_names(roster: Roster) -> dict[str, str]:
    """id -> name, for rendering ids as people."""
    return {p.id: p.name for p in [*roster.seniors, *roster.juniors]}


__all__ = ["display_names", "find_person"]
