"""Small builders for the scheduling tests: rosters, programs and pairs from a few keywords."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rmentor.model import Program, Roster

SENIOR_SCORES = {"readiness": 4, "openness": 4}
JUNIOR_SCORES = {"communication": 4, "sharing": 4, "structuring": 4}


@dataclass(frozen=True)
class P:
    """A pair as :func:`rmentor.core.scheduling.schedule` sees it."""

    pair_id: str
    senior: str
    junior: str
    shared_topics: tuple[str, ...] = ()


def person(pid: str, availability: list[str], tz: str | None = None, *, junior: bool = False,
           capacity: int = 1, email: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pid, "name": pid.capitalize(), "department": "J" if junior else "S",
        "availability": availability, "scores": dict(JUNIOR_SCORES if junior else SENIOR_SCORES),
    }
    if email:
        data["email"] = f"{pid}@example.org"
    if tz:
        data["timezone"] = tz
    if junior:
        data["capacity"] = capacity
    return data


def roster(seniors: list[dict[str, Any]], juniors: list[dict[str, Any]]) -> Roster:
    return Roster.model_validate({"seniors": seniors, "juniors": juniors})


def program(**kw: Any) -> Program:
    base: dict[str, Any] = {"name": "Test", "start": "2027-01-11", "duration": {"months": 6}}
    base.update(kw)
    return Program.model_validate(base)
