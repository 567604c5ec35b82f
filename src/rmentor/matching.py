"""Optimal matching of seniors to juniors. The only module that imports OR-Tools.

Filled in by the matching work (issue 3); the public shapes below are the contract
the rest of the package codes against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rmentor.scoring import Reason


@dataclass(frozen=True)
class Pair:
    """A matched pair with its score, breakdown and the reasons it was chosen."""

    pair_id: str
    senior: str
    junior: str
    score: int
    breakdown: dict[str, int]
    shared_topics: tuple[str, ...]
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    """Someone left without a partner, and why."""

    id: str
    side: str  # "senior" | "junior"
    reason: Reason


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`match`."""

    status: str  # "optimal" | "feasible"
    objective: int  # total score of the pairs
    bound: int  # proven upper bound on the total score (== objective when optimal)
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    stats: dict[str, float] = field(default_factory=dict)
