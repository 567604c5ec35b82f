"""The program at a glance on a date: what ``rmentor status`` shows. Plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rmentor.core.risk import PairHealth


@dataclass(frozen=True)
class SessionLine:
    """A session shown in the status: pair, number, when, who."""

    pair_id: str
    number: int
    start: datetime
    senior: str
    junior: str


@dataclass(frozen=True)
class PairLine:
    """One pair in the status."""

    pair_id: str
    senior: str
    junior: str
    status: str
    health: PairHealth
    next: datetime | None
    planned: int


@dataclass(frozen=True)
class Status:
    """The program at a glance on ``as_of``."""

    name: str
    as_of: date
    start: date
    end: date  # exclusive
    weeks_done: int
    weeks_total: int
    counts: dict[str, int]
    this_week: tuple[SessionLine, ...]
    next_week: tuple[SessionLine, ...]
    pairs: tuple[PairLine, ...]
    to_send: tuple[dict[str, Any], ...]
    timezone: str
    weekly: tuple[tuple[date, dict[str, int]], ...] = field(default=())

    @property
    def weeks_left(self) -> int:
        """Weeks from ``as_of`` to the end of the program."""
        return max(0, self.weeks_total - self.weeks_done)

    @property
    def at_risk(self) -> tuple[PairLine, ...]:
        """Active pairs that a risk rule flags, by pair id."""
        return tuple(p for p in self.pairs if p.status == "active" and p.health.at_risk)
