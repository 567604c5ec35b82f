"""``pairs.csv``: the matched pairs, for HR and for ``schedule``/``rematch``/``plan``."""

from __future__ import annotations

from rmentor.exporting.csvfile import csv_bytes
from rmentor.matching import MatchResult
from rmentor.models import Roster

PAIR_COLUMNS = (
    "pair_id",
    "senior_id",
    "senior_name",
    "senior_department",
    "junior_id",
    "junior_name",
    "junior_department",
    "score",
    "shared_topics",
    "reasons",
)


def pair_rows(result: MatchResult, roster: Roster) -> list[list[object]]:
    """One row per pair, in ``PAIR_COLUMNS`` order; reasons in the current language."""
    seniors = {p.id: p for p in roster.seniors}
    juniors = {p.id: p for p in roster.juniors}
    rows: list[list[object]] = []
    for pair in result.pairs:
        s, j = seniors[pair.senior], juniors[pair.junior]
        rows.append([
            pair.pair_id, s.id, s.name, s.department, j.id, j.name, j.department, pair.score,
            "; ".join(pair.shared_topics), "; ".join(r.render() for r in pair.reasons),
        ])
    return rows


def pairs_csv(result: MatchResult, roster: Roster, *, delimiter: str = ",") -> bytes:
    """``pairs.csv`` bytes: UTF-8 with BOM, formula-safe cells."""
    return csv_bytes(PAIR_COLUMNS, pair_rows(result, roster), delimiter=delimiter)
