"""``pairs.csv``: the matched pairs, for HR and for ``schedule``/``rematch``/``plan``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rmentor.outputs.csvfile import csv_bytes

if TYPE_CHECKING:  # types only: match need not import rematch's module, nor rematch match's
    from rmentor.core.matching import MatchResult
    from rmentor.core.rematching import RematchResult
    from rmentor.core.scheduling import PairLike
    from rmentor.model import Roster

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


def pair_rows(pairs: Sequence[PairLike], roster: Roster) -> list[list[object]]:
    """One row per pair, in ``PAIR_COLUMNS`` order; reasons in the current language.

    Pairs read back from a ``pairs.csv`` carry the reasons as the file wrote them (and maybe no score).
    """
    seniors = {p.id: p for p in roster.seniors}
    juniors = {p.id: p for p in roster.juniors}
    rows: list[list[object]] = []
    for pair in pairs:
        s, j = seniors[pair.senior], juniors[pair.junior]
        reasons = "; ".join(r.render() for r in getattr(pair, "reasons", ())) or getattr(pair, "reasons_text", "")
        rows.append([
            pair.pair_id, s.id, s.name, s.department, j.id, j.name, j.department, getattr(pair, "score", None),
            "; ".join(pair.shared_topics), reasons,
        ])
    return rows


def pairs_csv(result: MatchResult, roster: Roster, *, delimiter: str = ",") -> bytes:
    """``pairs.csv`` bytes: UTF-8 with BOM, formula-safe cells."""
    return csv_bytes(PAIR_COLUMNS, pair_rows(result.pairs, roster), delimiter=delimiter)


def rematch_csv(result: RematchResult, roster: Roster, *, delimiter: str = ",") -> bytes:
    """The new ``pairs.csv`` after ``rematch``: kept and new pairs, by pair id."""
    return csv_bytes(PAIR_COLUMNS, pair_rows(result.pairs, roster), delimiter=delimiter)
