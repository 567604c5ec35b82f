"""``rmentor rematch``: end failing pairs and re-pair their people with minimal disruption.

Every other pair is kept exactly (same pair id). The seniors of the ended pairs are
matched again, optimally, with juniors that have room: the juniors of the ended pairs,
juniors with spare capacity, and juniors not yet in the program. Earlier partners
(the ended pairs) and the roster's ``history`` are never repeated. Kept pairs count
towards junior capacity and department caps, because they enter the solver as pins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rmentor.core.matching import Pair, Unmatched, match
from rmentor.errors import InputError, Location
from rmentor.model import Matching, Pilot, Program, Roster


@dataclass(frozen=True)
class CurrentPair:
    """A pair as read from ``pairs.csv``."""

    pair_id: str
    senior: str
    junior: str


@dataclass(frozen=True)
class RematchResult:
    """The new set of pairs and what changed."""

    pairs: tuple[Pair, ...]  # kept and new, by pair id
    kept: tuple[str, ...]
    ended: tuple[CurrentPair, ...]
    added: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]  # people of ended pairs left without a partner
    status: str


def _next_ids(existing: Sequence[str], count: int) -> list[str]:
    numbers = [int(pid[1:]) for pid in existing if pid[:1] == "P" and pid[1:].isdigit()]
    start = max(numbers, default=0) + 1
    width = max(2, len(str(start + count)), *(len(pid) - 1 for pid in existing if pid[:1] == "P"))
    return [f"P{n:0{width}d}" for n in range(start, start + count)]


def rematch(roster: Roster, program: Program, current: Sequence[CurrentPair], end: Sequence[str]) -> RematchResult:
    """End the pairs ``end`` (pair ids) and re-pair their seniors optimally."""
    by_id = {p.pair_id: p for p in current}
    unknown = [pid for pid in end if pid not in by_id]
    if unknown:
        raise InputError(
            "unknown pair id(s): {ids}",
            location=Location(path="--end"),
            hint="use pair ids from the pairs file, e.g. {example}",
            ids=", ".join(unknown),
            example=", ".join(sorted(by_id)[:3]),
        )
    if not end:
        raise InputError("no pair to end", location=Location(path="--end"), hint="pass --end PAIR_ID at least once")
    ended = tuple(by_id[pid] for pid in sorted(set(end)))
    kept = [p for p in current if p.pair_id not in set(end)]
    freed = {p.senior for p in ended}
    in_plan = {p.senior for p in kept} | freed

    # Seniors outside the plan stay out, but their reporting lines still count.
    managers = dict(roster.managers)
    for s in roster.seniors:
        if s.id not in in_plan:
            managers[s.id] = s.manager
    sub = roster.model_copy(
        update={
            "seniors": tuple(s for s in roster.seniors if s.id in in_plan),
            "pinned": tuple((p.senior, p.junior) for p in kept),
            "history": (*roster.history, *((p.senior, p.junior) for p in ended)),
            "managers": managers,
        }
    )
    relaxed = program.model_copy(
        update={"matching": Matching.model_validate(
            {**program.matching.model_dump(), "pilot": Pilot().model_dump()})}
    )
    result = match(sub, relaxed)

    kept_keys = {(p.senior, p.junior): p.pair_id for p in kept}
    new = [p for p in result.pairs if (p.senior, p.junior) not in kept_keys]
    new_ids = _next_ids([p.pair_id for p in current], len(new))
    renamed: list[Pair] = []
    added: list[Pair] = []
    for p in result.pairs:
        if (p.senior, p.junior) in kept_keys:
            renamed.append(_with_id(p, kept_keys[(p.senior, p.junior)]))
        else:
            q = _with_id(p, new_ids[len(added)])
            added.append(q)
            renamed.append(q)
    ended_people = freed | {p.junior for p in ended}
    matched_now = {p.senior for p in renamed} | {p.junior for p in renamed}
    left = tuple(u for u in result.unmatched if u.id in ended_people and u.id not in matched_now)
    return RematchResult(
        pairs=tuple(sorted(renamed, key=lambda p: p.pair_id)),
        kept=tuple(p.pair_id for p in kept),
        ended=ended,
        added=tuple(added),
        unmatched=left,
        status=result.status,
    )


def _with_id(pair: Pair, pair_id: str) -> Pair:
    from dataclasses import replace

    return replace(pair, pair_id=pair_id, pinned=False)
