"""References between people as HR exports write them: ids, e-mails, full names.

``manager``, ``avoid``, ``prefers``, ``pinned`` and ``history`` name other people. An HR system exports
the manager's full name, Excel drops the zeros of ``000104``; this module rewrites such
references to ids in the roster's plain data before validation, so the rest of rmentor
only ever sees ids:

* an id as written, or without its leading zeros when only one id fits (a note lists them);
* an e-mail address, case-insensitively;
* a full name, regardless of case, ``ё``/``е`` and spacing, also as «Фамилия И. О.»;
* a name that fits several people is an error listing them;
* a manager named who is not in the roster becomes a manager outside the program (one note
  for all of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rmentor.errors import Issue, Location
from rmentor.inputs.safeyaml import Path_
from rmentor.inputs.vocabulary import Ambiguous, PeopleIndex, looks_like_name, name_keys, reference_keys, slug_id

Add = Callable[..., None]


def _ref_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


class _Resolver:
    def __init__(self, data: dict[str, Any], add: Add, where: Location) -> None:
        self.data = data
        self.add = add
        self.where = where
        people: list[tuple[str, str | None, str | None]] = []
        self.people: list[tuple[Path_, dict[str, Any]]] = []
        for section in ("seniors", "juniors"):
            rows = data.get(section)
            if not isinstance(rows, list):
                continue
            for i, row in enumerate(rows):
                if not isinstance(row, dict):
                    continue
                pid = _ref_text(row.get("id"))
                if pid is None:
                    continue
                name = row.get("name") if isinstance(row.get("name"), str) else None
                email = row.get("email") if isinstance(row.get("email"), str) else None
                people.append((pid, name, email))
                self.people.append(((section, i), row))
        self._people = people
        self._index: PeopleIndex | None = None  # names and e-mails indexed only when a reference needs them
        self.ids = {p[0] for p in people}
        managers = data.get("managers")
        self.managers: dict[str, Any] = managers if isinstance(managers, dict) else {}
        self.outside: dict[str, str] = {}  # name key -> id made for a manager known only by name
        self.outside_names: list[str] = []
        self.zeros: list[tuple[str, str]] = []
        self.taken = {p[0] for p in people} | {str(k) for k in self.managers}

    def resolve(self, path: Path_, value: Any, *, manager: bool = False) -> Any:
        ref = _ref_text(value)
        if ref is None:
            return value
        if ref in self.ids or ref in self.managers:
            return ref
        try:
            found, how = self.index.resolve(ref)
        except Ambiguous as exc:
            # ids only: error messages do not repeat people's names (docs/guarantees.md, "Privacy");
            # the reference itself is quoted, as a wrong value is
            self.add(path, "'{ref}' fits more than one person: {candidates}",
                     "write the id or the e-mail instead", ref=ref, candidates=", ".join(exc.candidates))
            return value
        if found is not None:
            if how == "zeros":
                self.zeros.append((ref, found))
            return found
        if manager and looks_like_name(ref):
            return self._outside(ref)
        return value

    @property
    def index(self) -> PeopleIndex:
        if self._index is None:
            self._index = PeopleIndex(self._people)
        return self._index

    def _outside(self, name: str) -> str:
        """The id of a manager known only by name; «Соколов И. В.» and «Соколов Игорь Валентинович»
        are one manager (when no other outside manager fits the initials)."""
        keys = [*name_keys(name), *reference_keys(name)]
        hits = {self.outside[k] for k in keys if k in self.outside}
        if len(hits) == 1:
            return hits.pop()
        mid = slug_id(name, self.taken)
        for k in keys:
            self.outside.setdefault(k, mid)
        self.outside_names.append(name)
        self.managers[mid] = None
        return mid

    def run(self) -> list[Issue]:
        for path, row in self.people:
            if "manager" in row:
                row["manager"] = self.resolve((*path, "manager"), row["manager"], manager=True)
            for key in ("avoid", "prefers"):
                refs = row.get(key)
                if isinstance(refs, str):  # "a, b; c", as the model reads it
                    refs = [p.strip() for p in re.split(r"[;,]", refs) if p.strip()]
                if isinstance(refs, list):
                    row[key] = [self.resolve((*path, key, k), ref) for k, ref in enumerate(refs)]
        for section in ("pinned", "history"):
            pairs = self.data.get(section)
            if not isinstance(pairs, list):
                continue
            for k, pair in enumerate(pairs):
                if isinstance(pair, list):
                    pairs[k] = [self.resolve((section, k, slot), ref) for slot, ref in enumerate(pair)]
        for mid, boss in list(self.managers.items()):
            if boss is not None:
                self.managers[mid] = self.resolve(("managers", mid), boss, manager=True)
        if self.outside_names and "managers" not in self.data:
            self.data["managers"] = self.managers
        return self._notes()

    def _notes(self) -> list[Issue]:
        notes: list[Issue] = []
        if self.outside_names:
            notes.append(Issue(
                "managers not in the roster were added as managers outside the program: {names}",
                {"names": ", ".join(self.outside_names)}, self.where,
                "nothing to do if they do not take part; otherwise add them to the roster"))
        if self.zeros:
            shown = sorted(set(self.zeros))
            notes.append(Issue(
                "ids without their leading zeros were read as the ids they match: {ids}",
                {"ids": ", ".join(f"{a} → {b}" for a, b in shown)}, self.where,
                "format the id column as Text in Excel so the zeros stay"))
        return notes


def resolve_references(data: Any, add: Add, where: Location) -> list[Issue]:
    """Rewrite references in a roster's plain ``data`` (in place) to ids; return the notes.

    ``add(path, message, hint, **params)`` records an error (a name that fits several people);
    ``where`` is the file the notes are about.
    Data that is not shaped like a roster is left for validation to report.
    """
    if not isinstance(data, dict):
        return []
    return _Resolver(data, add, where).run()


__all__ = ["resolve_references"]
