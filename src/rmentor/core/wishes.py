"""Participants' wishes (``prefers``): which were granted, which a hard rule rules out.

A wish is worth points in the pair score (:func:`rmentor.core.scoring.preference_points`);
this module only reports on them, for ``match``, the brief and ``explain``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rmentor.core.scoring import RULES, Scorer


@dataclass(frozen=True)
class Wish:
    """One stated wish: ``person`` (on ``side``) asked for ``target`` as their ``rank``-th choice."""

    person: str
    side: str  # "senior" | "junior"
    target: str
    rank: int
    mutual: bool  # the target asked for the person too
    granted: bool  # the plan pairs them
    blocked_by: tuple[str, ...]  # hard rules that rule the pair out (never honoured, only reported)


@dataclass(frozen=True)
class WishSummary:
    """How many wishes a plan grants.

    ``people``: people who stated a wish; ``first_granted``: of them, those paired with
    their first choice; ``any_granted``: those paired with any of their choices;
    ``mutual``: pairs who asked for each other, ``mutual_granted`` of them paired.
    ``not_honoured``: wishes a hard rule rules out (a reporting line, ``avoid``, ...).
    """

    people: int
    first_granted: int
    any_granted: int
    mutual: int
    mutual_granted: int
    not_honoured: tuple[Wish, ...]


def wishes(sc: Scorer, pairs: Iterable[tuple[str, str]]) -> list[Wish]:
    """Every stated wish in the roster, seniors first, each with whether ``pairs`` grants it."""
    import numpy as np

    keys = sorted(set(sc.senior_wish) | set(sc.junior_wish))
    if not keys:
        return []
    si = np.array([k[0] for k in keys])
    ji = np.array([k[1] for k in keys])
    dense = {rule: mask.tolist() for rule, mask in sc.dense_blocks(si, ji).items()}
    blocked: dict[tuple[int, int], tuple[str, ...]] = {}
    for n, key in enumerate(keys):
        hit = {rule for rule, mask in dense.items() if mask[n]} | set(sc.sparse_blocks.get(key, ()))
        blocked[key] = tuple(r for r in RULES if r in hit)
    granted = {(sc.senior_index[s], sc.junior_index[j]) for s, j in pairs}
    out: list[Wish] = []
    for (s_, j_), rank in sorted(sc.senior_wish.items(), key=lambda t: (t[0][0], t[1])):
        out.append(Wish(sc.seniors[s_].id, "senior", sc.juniors[j_].id, rank, (s_, j_) in sc.junior_wish,
                        (s_, j_) in granted, blocked[(s_, j_)]))
    for (s_, j_), rank in sorted(sc.junior_wish.items(), key=lambda t: (t[0][1], t[1])):
        out.append(Wish(sc.juniors[j_].id, "junior", sc.seniors[s_].id, rank, (s_, j_) in sc.senior_wish,
                        (s_, j_) in granted, blocked[(s_, j_)]))
    return out


def wish_summary(sc: Scorer, pairs: Iterable[tuple[str, str]]) -> WishSummary | None:
    """Counts of granted wishes for a plan; None when nobody stated a wish."""
    every = wishes(sc, pairs)
    if not every:
        return None
    people = {(w.side, w.person) for w in every}
    first = {(w.side, w.person) for w in every if w.rank == 1 and w.granted}
    anyone = {(w.side, w.person) for w in every if w.granted}
    mutual = [w for w in every if w.mutual and w.side == "senior"]
    return WishSummary(
        people=len(people),
        first_granted=len(first),
        any_granted=len(anyone),
        mutual=len(mutual),
        mutual_granted=sum(w.granted for w in mutual),
        not_honoured=tuple(w for w in every if w.blocked_by),
    )
