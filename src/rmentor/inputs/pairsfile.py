"""Read ``pairs.csv`` (written by ``rmentor match``, read by schedule, rematch and plan).

The file is often opened and saved again in Excel, so the reader accepts what Excel
does to it: ``;`` or ``,`` (or tab) delimiters, a byte-order mark or none, an
``sep=;`` first line, reordered and extra columns, blank rows, stray spaces and
header case. Only ``pair_id``, ``senior_id`` and ``junior_id`` are required. Every
problem names ``file:line:column`` and says how to fix it; all are reported at once.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rmentor.errors import InputError, Issue, Location
from rmentor.inputs.cells import restore
from rmentor.model import ID_PATTERN, Roster, max_people

REQUIRED = ("pair_id", "senior_id", "junior_id")
MAX_ISSUES = 50
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class PairRow:
    """One row of pairs.csv. Field names match :class:`rmentor.core.matching.Pair` where they overlap."""

    pair_id: str
    senior: str
    junior: str
    score: int | None = None
    shared_topics: tuple[str, ...] = ()
    line: int | None = None
    reasons_text: str = ""  # the "reasons" column as written (in the language match ran in)


@dataclass(frozen=True)
class PairsFile:
    """The pairs read from a file, in file order, with warnings."""

    file: str
    pairs: tuple[PairRow, ...]
    warnings: tuple[Issue, ...] = ()


def _header_key(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.replace("\ufeff", "").strip().lower())


def _sniff(lines: Sequence[str]) -> str:
    """The delimiter of the header line: the most frequent of ``;``, ``,`` and tab outside quotes."""
    head = next((ln for ln in lines if ln.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", head)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def parse_pairs(text: str, file: str, roster: Roster, notes: tuple[Issue, ...] = ()) -> PairsFile:
    """Parse the text of a pairs file and check it against ``roster``.

    Ids that lost their leading zeros in Excel (``104`` for ``000104``) are read as the one id
    they match, with a warning; ``notes`` (how the file was decoded) join the warnings.

    Raises :class:`InputError` listing every problem (``file:line:column``, what, how to fix).
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    offset = 0
    delimiter: str | None = None
    sep = re.fullmatch(r"sep=(.)", lines[0].strip().strip('"')) if lines else None
    if sep:  # Excel's hint line
        delimiter = sep.group(1)
        lines = lines[1:]
        offset = 1
    delimiter = delimiter or _sniff(lines)
    raw = csv.reader(lines, delimiter=delimiter)
    reader = (list(map(restore, row)) for row in raw)  # undo the formula guard of our own CSV writer
    issues: list[Issue] = []
    header: list[str] | None = None
    header_line = 0
    for row in reader:
        if any(c.strip() for c in row):
            header = [_header_key(c) for c in row]
            header_line = raw.line_num + offset
            break
    if header is None:
        raise InputError("the pairs file is empty", location=Location(file=file),
                         hint="pass the pairs.csv written by 'rmentor match'")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "-"
        raise InputError(
            "the pairs file has no column {columns}", location=Location(file=file, line=header_line),
            hint="the first row must name the columns pair_id, senior_id, junior_id (found: {found})",
            columns=", ".join(missing), found=found,
        )
    col = {name: header.index(name) for name in dict.fromkeys(header) if name}
    from rmentor.inputs.vocabulary import IdDigits

    seniors = {p.id for p in roster.seniors}
    juniors = {p.id for p in roster.juniors}
    digits = IdDigits(seniors | juniors)
    restored: set[tuple[str, str]] = set()
    sorted_ids = {"senior": sorted(seniors), "junior": sorted(juniors)}
    capacity = {p.id: p.capacity for p in roster.juniors}

    def loc(line: int, name: str) -> Location:
        return Location(file=file, line=line, column=col[name] + 1, path=name)

    rows: list[PairRow] = []
    seen_ids: dict[str, int] = {}
    seen_pairs: dict[tuple[str, str], int] = {}
    seen_seniors: dict[str, int] = {}
    seen_files: dict[str, tuple[str, int]] = {}
    pair_limit = max_people()
    for row in reader:
        line = raw.line_num + offset
        if not any(c.strip() for c in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = col.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        pid, sid, jid = cell("pair_id"), cell("senior_id"), cell("junior_id")
        bad = False
        for name, value in (("pair_id", pid), ("senior_id", sid), ("junior_id", jid)):
            if not value:
                issues.append(Issue("{column} is empty", {"column": name}, loc(line, name),
                                    "fill it in or delete the row"))
                bad = True
            elif not _ID.match(value):
                issues.append(Issue("'{value}' is not a valid id", {"value": value}, loc(line, name),
                                    "ids use Latin letters, digits, _ . - and start with a letter or digit"))
                bad = True
        if bad:
            continue
        for value in (sid, jid):
            whole = digits.resolve(value)
            if whole is not None and whole != value:
                restored.add((value, whole))
        sid, jid = digits.resolve(sid) or sid, digits.resolve(jid) or jid
        if pid in seen_ids:
            issues.append(Issue("duplicate pair id '{id}' (also on line {other})", {"id": pid, "other": seen_ids[pid]},
                                loc(line, "pair_id"), "give every pair its own id"))
            continue
        seen_ids[pid] = line
        if len(seen_ids) > pair_limit:  # whatever the file format, like the roster's people limit
            raise InputError("more than {limit} pairs in the pairs file", location=loc(line, "pair_id"),
                             hint="split the program, or raise the limit with RMENTOR_MAX_PEOPLE", limit=pair_limit)
        # the id names the pair's calendar and kit files: 'P1.' and 'p1' would overwrite 'P1'
        # (a trailing dot is dropped from file names, and Windows and macOS ignore case)
        file_key = pid.rstrip(".").casefold()
        if file_key in seen_files:
            first, first_line = seen_files[file_key]
            issues.append(Issue("pair ids '{first}' (line {other}) and '{id}' give the same file name",
                                {"first": first, "other": first_line, "id": pid}, loc(line, "pair_id"),
                                "give the pairs ids that differ in more than case or punctuation"))
            continue
        seen_files[file_key] = (pid, line)
        for name, value, own, other, role in (
            ("senior_id", sid, seniors, juniors, "senior"),
            ("junior_id", jid, juniors, seniors, "junior"),
        ):
            if value in own:
                continue
            bad = True
            if value in other:
                issues.append(Issue(
                    "'{id}' is a junior, not a senior" if role == "senior" else "'{id}' is a senior, not a junior",
                    {"id": value}, loc(line, name), "check that senior_id and junior_id are not swapped"))
            else:
                # "did you mean" compares against everyone: only for the problems that will be shown
                close = (difflib.get_close_matches(value, sorted_ids[role], n=1, cutoff=0.7)
                         if len(issues) < MAX_ISSUES else [])
                issues.append(Issue(
                    "unknown senior '{id}'" if role == "senior" else "unknown junior '{id}'",
                    {"id": value, "suggestion": close[0] if close else ""}, loc(line, name),
                    "did you mean '{suggestion}'?" if close else "the id must be in the roster; fix it or the roster"))
        if bad:
            continue
        if (sid, jid) in seen_pairs:
            issues.append(Issue("{senior} and {junior} are paired twice (also on line {other})",
                                {"senior": sid, "junior": jid, "other": seen_pairs[(sid, jid)]},
                                loc(line, "senior_id"), "delete one of the rows"))
            continue
        if sid in seen_seniors:
            issues.append(Issue("senior '{id}' is in two pairs (also on line {other})",
                                {"id": sid, "other": seen_seniors[sid]}, loc(line, "senior_id"),
                                "each senior has one mentor; delete one of the rows"))
            continue
        seen_pairs[(sid, jid)] = line
        seen_seniors[sid] = line
        raw_score = cell("score")
        score: int | None
        try:
            score = int(raw_score) if raw_score else None
        except ValueError:
            score = None
        topics = tuple(t.strip() for t in cell("shared_topics").split(";") if t.strip())
        rows.append(PairRow(pid, sid, jid, score, topics, line, reasons_text=cell("reasons")))
    if issues:
        shown = issues[:MAX_ISSUES]
        more = len(issues) - len(shown)
        raise InputError(
            "{file}: {count} problem(s) in the pairs file" + (" (first {shown} shown)" if more else ""),
            issues=shown, hint="fix them, or run 'rmentor match' again to write a fresh pairs.csv",
            file=file, count=len(issues), shown=len(shown),
        )
    if not rows:
        raise InputError("the pairs file has no pairs", location=Location(file=file),
                         hint="add rows under the header, or run 'rmentor match' to write one")
    warnings: list[Issue] = list(notes)
    if restored:
        warnings.append(Issue("ids without their leading zeros were read as the ids they match: {ids}",
                              {"ids": ", ".join(f"{a} → {b}" for a, b in sorted(restored))}, Location(file=file),
                              "format the id column as Text in Excel so the zeros stay"))
    per_junior: dict[str, list[str]] = {}
    for r in rows:
        per_junior.setdefault(r.junior, []).append(r.pair_id)
    for jid, pids in sorted(per_junior.items()):
        if len(pids) > capacity[jid]:
            warnings.append(Issue("junior {id} mentors {count} seniors ({pairs}) but has capacity {capacity}",
                                  {"id": jid, "count": len(pids), "pairs": ", ".join(pids),
                                   "capacity": capacity[jid]}, Location(file=file),
                                  "raise their capacity in the roster or change the pairs"))
    return PairsFile(file, tuple(rows), tuple(warnings))


def read_pairs(path: Path, roster: Roster) -> PairsFile:
    """Read ``path`` (UTF-8, BOM or not, or what Russian Excel saves; see the module docs) and check
    it against ``roster``."""
    from rmentor.inputs.files import decode_csv, read_bytes
    from rmentor.inputs.tabular import encoding_note

    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ""):
        raise InputError("the pairs file must be CSV", location=Location(file=str(path)),
                         hint="in Excel use 'Save as' -> 'CSV UTF-8'; 'rmentor match' writes pairs.csv")
    text, encoding = decode_csv(read_bytes(path), str(path))
    notes = (encoding_note(str(path), encoding),) if encoding else ()
    return parse_pairs(text, str(path), roster, notes)

