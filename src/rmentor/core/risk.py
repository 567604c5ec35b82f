"""Which running pairs are at risk, and why: one rule set for ``status`` and ``evaluate``.

A pair is judged on its sessions up to a reference date (``as_of``), by the program's
``at_risk`` settings (:class:`rmentor.model.AtRisk`):

``low_attendance``
    held / recorded (held + missed) is below ``at_risk.attendance`` (default 70%).
``cancellations``
    one side (the senior, or the junior) cancelled ``at_risk.cancellations`` sessions or more
    (default 2). Each side is counted on its own: two cancellations by each side is a
    scheduling problem, not one person pulling out, and is not flagged by this rule.
``stalled``
    no session held for ``at_risk.stalled_weeks`` weeks (default 4): since the last held
    session, or since the pair's first session when none was held, at least that long has
    passed, and at least one session since was recorded as missed. Sessions that are only
    unrecorded do not make a pair stalled: nobody knows yet; the next rule flags them.
``unrecorded``
    a session dated more than ``at_risk.unrecorded_weeks`` weeks (default 2) before ``as_of``
    still has no held / missed record.

Sessions taken off the calendar (``cancelled``: a pause, a rematch, a withdrawal) are not
due and count for nothing. Pure: no I/O; the same facts give the same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from rmentor.core.scoring import Reason
from rmentor.model import AtRisk

Status = Literal["planned", "held", "missed", "cancelled"]
Side = Literal["senior", "junior"]

#: rule code -> the English template of its reason (shown translated)
RULE_TEXT = {
    "low_attendance": "attendance {rate}% ({held} of {recorded}) is below {threshold}%",
    "cancellations_senior": "cancelled by the senior: {n} sessions (flagged from {limit})",
    "cancellations_junior": "cancelled by the junior: {n} sessions (flagged from {limit})",
    "stalled": "no session held for {weeks} weeks (the last on {last})",
    "stalled_never": "no session held since the first one was due on {since} ({weeks} weeks)",
    "unrecorded": "{n} past sessions not recorded for over {limit} weeks (the oldest on {oldest})",
}
RISK_CODES = ("low_attendance", "cancellations", "stalled", "unrecorded")


@dataclass(frozen=True)
class SessionFact:
    """What is known about one session: when it is, and what happened.

    ``status``: ``planned`` (nothing recorded yet), ``held``, ``missed`` (with the side that
    cancelled when known) or ``cancelled`` (taken off the calendar: not due at all).
    """

    pair_id: str
    number: int
    day: date
    status: Status
    cancelled_by: Side | None = None


@dataclass(frozen=True)
class Risk(Reason):
    """A reason a pair is at risk; ``code`` is one of :data:`RISK_CODES`. Dates render per language."""


@dataclass(frozen=True)
class PairHealth:
    """A pair's sessions up to ``as_of`` and the risks found in them."""

    pair_id: str
    due: int  # sessions dated on or before as_of and not taken off the calendar
    held: int
    missed: int
    unrecorded: int  # due and not recorded
    senior_cancellations: int
    junior_cancellations: int
    last_held: date | None
    risks: tuple[Risk, ...] = ()

    @property
    def attendance(self) -> float | None:
        """Held / recorded, or None before anything was recorded."""
        recorded = self.held + self.missed
        return self.held / recorded if recorded else None

    @property
    def at_risk(self) -> bool:
        """True when any rule flags the pair."""
        return bool(self.risks)


def pair_risks(sessions: Iterable[SessionFact], rules: AtRisk, as_of: date) -> tuple[PairHealth, ...]:
    """Judge every pair that has a session in ``sessions``, by pair id.

    Args:
        sessions: the facts of every session (any order; pairs are grouped by ``pair_id``).
        rules: the program's ``at_risk`` settings.
        as_of: the reference date; sessions after it are not due.
    """
    by_pair: dict[str, list[SessionFact]] = defaultdict(list)
    for s in sessions:
        by_pair[s.pair_id].append(s)
    return tuple(_judge(pid, sorted(by_pair[pid], key=lambda s: (s.day, s.number)), rules, as_of)
                 for pid in sorted(by_pair))


def _judge(pair_id: str, rows: list[SessionFact], rules: AtRisk, as_of: date) -> PairHealth:
    due = [s for s in rows if s.day <= as_of and s.status != "cancelled"]
    held_days = [s.day for s in due if s.status == "held"]
    missed = [s for s in due if s.status == "missed"]
    unrecorded = [s for s in due if s.status == "planned"]
    senior_c = sum(1 for s in missed if s.cancelled_by == "senior")
    junior_c = sum(1 for s in missed if s.cancelled_by == "junior")
    held = len(held_days)
    last_held = max(held_days, default=None)
    risks: list[Risk] = []

    recorded = held + len(missed)
    if recorded and held / recorded < rules.attendance:
        risks.append(Risk("low_attendance", RULE_TEXT["low_attendance"], {
            "rate": round(100 * held / recorded), "held": held, "recorded": recorded,
            "threshold": round(100 * rules.attendance)}))
    for side, count in (("senior", senior_c), ("junior", junior_c)):
        if count >= rules.cancellations:
            risks.append(Risk("cancellations", RULE_TEXT[f"cancellations_{side}"],
                              {"n": count, "limit": rules.cancellations, "side": side}))

    since = last_held if last_held is not None else (due[0].day if due else None)
    if since is not None:
        weeks = (as_of - since).days // 7
        after = [s for s in missed if s.day > since or last_held is None]
        if weeks >= rules.stalled_weeks and after:
            if last_held is not None:
                risks.append(Risk("stalled", RULE_TEXT["stalled"], {"weeks": weeks, "last": last_held}))
            else:
                risks.append(Risk("stalled", RULE_TEXT["stalled_never"], {"weeks": weeks, "since": since}))

    late = [s for s in unrecorded if s.day < as_of - timedelta(weeks=rules.unrecorded_weeks)]
    if late:
        risks.append(Risk("unrecorded", RULE_TEXT["unrecorded"],
                          {"n": len(late), "limit": rules.unrecorded_weeks, "oldest": late[0].day}))
    return PairHealth(pair_id=pair_id, due=len(due), held=held, missed=len(missed), unrecorded=len(unrecorded),
                      senior_cancellations=senior_c, junior_cancellations=junior_c, last_held=last_held,
                      risks=tuple(risks))
