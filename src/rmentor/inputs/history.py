"""Earlier cohorts as ``history``: ``--history PATH...`` reads their ``pairs.csv`` files.

A second cohort must not repeat the pairs of the first. Rather than copying pairs into the
roster's ``history:`` by hand, HR passes the earlier ``pairs.csv`` files (or the folders
``rmentor match --out`` / ``rmentor plan`` wrote them into). Pairs whose two people are both in
the current roster join its history; the others cannot repeat and are only counted. Ids that
lost their leading zeros are restored as everywhere else (:func:`~rmentor.inputs.vocabulary.resolve_id`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from rmentor.errors import InputError, Issue, Location
from rmentor.inputs.vocabulary import IdDigits
from rmentor.model import Roster

#: Header spellings of the two id columns (pairs.csv, and a hand-made list).
SENIOR_COLUMNS = ("senior_id", "senior", "старший", "id старшего")
JUNIOR_COLUMNS = ("junior_id", "junior", "младший", "id младшего")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.rglob("pairs.csv"))
        if not found:
            raise InputError("no pairs.csv in this folder", location=Location(file=str(path)),
                             hint="pass the folder 'rmentor match --out' or 'rmentor plan' wrote, or the file itself")
        return found
    return [path]


def _pairs_in(path: Path) -> tuple[list[tuple[str, str]], list[Issue]]:
    from rmentor.inputs.files import decode_csv, read_bytes
    from rmentor.inputs.tabular import encoding_note, normalize_header, sniff_delimiter

    text, encoding = decode_csv(read_bytes(path), str(path))
    notes = [encoding_note(str(path), encoding)] if encoding else []
    lines = text.splitlines()
    if lines and lines[0].strip().strip('"').startswith("sep="):
        lines = lines[1:]
    body = "\n".join(lines)
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=sniff_delimiter(body)))
    if not rows:
        return [], notes
    header = [normalize_header(c).replace(" ", "_") for c in rows[0]]
    spaced = [normalize_header(c) for c in rows[0]]

    def column(names: Sequence[str]) -> int | None:
        for name in names:
            for i, (a, b) in enumerate(zip(header, spaced, strict=True)):
                if name in (a, b):
                    return i
        return None

    s_col, j_col = column(SENIOR_COLUMNS), column(JUNIOR_COLUMNS)
    if s_col is None or j_col is None:
        raise InputError("this is not a pairs file: no senior_id and junior_id columns",
                         location=Location(file=str(path), line=1),
                         hint="pass pairs.csv written by 'rmentor match' or 'rmentor plan'")
    out = [(r[s_col].strip(), r[j_col].strip()) for r in rows[1:]
           if len(r) > max(s_col, j_col) and r[s_col].strip() and r[j_col].strip()]
    return out, notes


def add_history(roster: Roster, paths: Sequence[Path]) -> tuple[Roster, list[Issue]]:
    """``roster`` with the pairs of earlier cohorts' files in ``paths`` added to its history."""
    if not paths:
        return roster, []
    seniors = {p.id for p in roster.seniors}
    juniors = {p.id for p in roster.juniors}
    digits = IdDigits(seniors | juniors)
    history = list(roster.history)
    known = set(history)
    notes: list[Issue] = []
    for given in paths:
        for path in _files(given):
            pairs, more = _pairs_in(path)
            notes.extend(more)
            added = outside = 0
            for sid, jid in pairs:
                s, j = digits.resolve(sid), digits.resolve(jid)
                if s not in seniors or j not in juniors:
                    outside += 1
                    continue
                assert s is not None and j is not None
                if (s, j) not in known:
                    known.add((s, j))
                    history.append((s, j))
                    added += 1
            notes.append(Issue("earlier pairs: {added} added to the history, {outside} with people not "
                               "in this roster", {"added": added, "outside": outside},
                               Location(file=str(path)), "they are never repeated"))
    return roster.model_copy(update={"history": tuple(history)}), notes


__all__ = ["add_history"]
