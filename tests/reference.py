"""An independent reference for the README's scoring formulas, hard rules and optimum.

Written again from the README text ("Scoring", "Hard rules", "Matching"), plainly and
slowly, without importing anything from ``rmentor.core``: plain Python, exact fractions,
sets of minutes instead of bit masks, and exhaustive search instead of a flow. The
property tests use it as the oracle, so a wrong rule in the product's ``Scorer`` cannot
hide behind itself.

Readings of the README that the text leaves open, and that the product documents:
* "round" is rounding half up (the person score and the senior/junior points);
* the UTC offsets of the program start date (at noon) are used for windows and gaps;
* the common slot is a stretch of ``session_minutes`` inside both people's windows and the
  program's working hours (each in its own time zone), at any minute of the week;
* a pair "touches" the senior's and the junior's department (once when they are the same);
* a wish's place is 1-based: a first choice adds 1/2 of ``weights.preference`` from that side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from fractions import Fraction
from itertools import product
from typing import Any
from zoneinfo import ZoneInfo

DAY_NAMES = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
WEEK = 7 * 24 * 60


def round_half_up(x: Fraction) -> int:
    """The usual school rounding: 2.5 -> 3."""
    return int((x + Fraction(1, 2)).__floor__())


@dataclass
class Ref:
    """A person as the README describes them (plain values, no pydantic)."""

    id: str
    side: str
    department: str
    scores: dict[str, int]
    topics: list[str]
    timezone: str | None = None
    availability: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    manager: str | None = None
    capacity: int = 1
    prefers: list[str] = field(default_factory=list)


def people(roster: dict[str, Any]) -> tuple[list[Ref], list[Ref]]:
    """The roster (as the plain dict that would be written to roster.yaml) as Ref objects."""
    def ref(d: dict[str, Any], side: str) -> Ref:
        return Ref(
            id=d["id"], side=side, department=d["department"], scores=dict(d.get("scores", {})),
            topics=list(d.get("wants" if side == "senior" else "offers", [])),
            timezone=d.get("timezone"), availability=list(d.get("availability", [])),
            avoid=list(d.get("avoid", [])), manager=d.get("manager"), capacity=int(d.get("capacity", 1)),
            prefers=list(d.get("prefers", [])),
        )
    return [ref(d, "senior") for d in roster["seniors"]], [ref(d, "junior") for d in roster["juniors"]]


# ----------------------------------------------------------------------------- person score


def person_score(values: dict[str, int], criteria: dict[str, dict[str, Any]], lo: int, hi: int) -> int:
    """score = round(100 * sum w (v - min) / sum w (max - min))."""
    num = sum(Fraction(c["weight"]) * (values[name] - lo) for name, c in criteria.items())
    den = sum(Fraction(c["weight"]) * (hi - lo) for c in criteria.values())
    return round_half_up(100 * num / den)


def eligible(values: dict[str, int], criteria: dict[str, dict[str, Any]]) -> bool:
    """Not below any criterion's min."""
    return all(c.get("min") is None or values[name] >= c["min"] for name, c in criteria.items())


# ----------------------------------------------------------------------------- time


def utc_offset_minutes(zone: str, day: Any) -> int:
    off = datetime.combine(day, time(12, 0), tzinfo=ZoneInfo(zone)).utcoffset()
    assert off is not None
    return int(off.total_seconds()) // 60


def _days(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(DAY_NAMES[a], DAY_NAMES[b] + 1))
        else:
            out.append(DAY_NAMES[part])
    return out


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def utc_minutes(days: list[int], start: str, end: str, offset: int) -> set[int]:
    """Minutes of the UTC week covered by a local weekly window."""
    out: set[int] = set()
    for d in days:
        for m in range(d * 1440 + _minutes(start), d * 1440 + _minutes(end)):
            out.add((m - offset) % WEEK)
    return out


def window_minutes(windows: list[str], offset: int) -> set[int]:
    out: set[int] = set()
    for w in windows:
        days, span = w.split(" ")
        start, end = span.split("-")
        out |= utc_minutes(_days(days), start, end, offset)
    return out


def has_run(minutes: set[int], length: int) -> bool:
    """Some stretch of ``length`` consecutive minutes of the (cyclic) week lies in ``minutes``."""
    return any(all((s + k) % WEEK in minutes for k in range(length)) for s in minutes)


# ----------------------------------------------------------------------------- pairs


@dataclass
class PairRef:
    score: int
    allowed: bool
    blocked: set[str]
    components: dict[str, int]


class Reference:
    """Scores and allowed pairs for a roster and program, as the README defines them."""

    def __init__(self, roster: dict[str, Any], program: dict[str, Any]) -> None:
        self.seniors, self.juniors = people(roster)
        self.history = {tuple(p) for p in roster.get("history", [])}
        self.pinned = [tuple(p) for p in roster.get("pinned", [])]
        self.managers: dict[str, str | None] = {p.id: p.manager for p in self.seniors + self.juniors}
        for mid, boss in (roster.get("managers") or {}).items():
            self.managers.setdefault(mid, boss)
        self.m = program["matching"]
        self.w = program["matching"]["weights"]
        self.program = program
        self.zone = program["timezone"]
        self.day = program["start"]

    def chain(self, pid: str) -> set[str]:
        """Everyone above ``pid`` in the reporting line."""
        out: set[str] = set()
        cur = self.managers.get(pid)
        while cur is not None and cur not in out:
            out.add(cur)
            cur = self.managers.get(cur)
        return out

    def score_of(self, p: Ref) -> int:
        crit = self.m["senior_criteria"] if p.side == "senior" else self.m["junior_criteria"]
        return person_score(p.scores, crit, self.m["scale"]["min"], self.m["scale"]["max"])

    def eligible(self, p: Ref) -> bool:
        crit = self.m["senior_criteria"] if p.side == "senior" else self.m["junior_criteria"]
        return eligible(p.scores, crit)

    def offset(self, p: Ref) -> int:
        return utc_offset_minutes(p.timezone or self.zone, self.day)

    def common_slot(self, s: Ref, j: Ref) -> bool:
        if not s.availability or not j.availability:
            return False
        wh = self.program["working_hours"]
        work = utc_minutes(_days(wh["days"]), wh["start"], wh["end"], utc_offset_minutes(self.zone, self.day))
        both = window_minutes(s.availability, self.offset(s)) & window_minutes(j.availability, self.offset(j)) & work
        return has_run(both, self.program["session_minutes"])

    def pair(self, s: Ref, j: Ref) -> PairRef:
        shared = {t.casefold() for t in s.topics} & {t.casefold() for t in j.topics}
        differ = s.department != j.department
        slot = self.common_slot(s, j)
        comp = {
            "topic": self.w["topic"] * min(len(shared), self.w["max_topics"]),
            "senior": round_half_up(Fraction(self.w["senior"] * self.score_of(s), 100)),
            "junior": round_half_up(Fraction(self.w["junior"] * self.score_of(j), 100)),
            "cross_functional": self.w["cross_functional"] if differ and self.m["cross_functional"] != "ignore" else 0,
            "availability": self.w["availability"] if slot else 0,
        }
        score = sum(comp.values())
        # wishes: 1/(place + 1) from each side that listed the other; added after the hard rules,
        # so a wish never lifts a pair over min_pair_score
        wish = Fraction(0)
        if j.id in s.prefers:
            wish += Fraction(1, s.prefers.index(j.id) + 2)
        if s.id in j.prefers:
            wish += Fraction(1, j.prefers.index(s.id) + 2)
        comp["preference"] = round_half_up(self.w.get("preference", 0) * wish)
        blocked: set[str] = set()
        if self.m["exclude_reporting_line"] and (j.id in self.chain(s.id) or s.id in self.chain(j.id)):
            blocked.add("reporting_line")
        if j.id in s.avoid or s.id in j.avoid:
            blocked.add("avoid")
        if (s.id, j.id) in self.history:
            blocked.add("history")
        if not self.eligible(s) or not self.eligible(j):
            blocked.add("eligibility")
        if self.m["cross_functional"] == "required" and not differ:
            blocked.add("cross_functional")
        gap = self.m["max_timezone_gap_hours"]
        if gap is not None and abs(self.offset(s) - self.offset(j)) > gap * 60:
            blocked.add("timezone_gap")
        if len(shared) < self.m["min_shared_topics"]:
            blocked.add("topics")
        if self.m["require_common_slot"] and s.availability and j.availability and not slot:
            blocked.add("common_slot")
        if score < self.m["min_pair_score"]:
            blocked.add("min_score")
        return PairRef(score=score + comp["preference"], allowed=not blocked, blocked=blocked, components=comp)

    def matrix(self) -> dict[tuple[str, str], PairRef]:
        return {(s.id, j.id): self.pair(s, j) for s in self.seniors for j in self.juniors}

    def pins_legal(self) -> bool:
        """Pins keep every rule: each allowed, no senior twice, no junior over capacity."""
        cap = {j.id: j.capacity for j in self.juniors}
        seen: set[str] = set()
        load: dict[str, int] = {}
        pairs = self.matrix()
        for sid, jid in self.pinned:
            if sid in seen or not pairs[(sid, jid)].allowed:
                return False
            seen.add(sid)
            load[jid] = load.get(jid, 0) + 1
            if load[jid] > cap[jid]:
                return False
        return True

    def optimum(self) -> tuple[int, int]:
        """(number of pairs, total score) of the best plan, by trying every plan.

        As many pairs as possible up to ``pilot.max``, then the highest total; pins kept;
        at most one junior per senior and ``capacity`` seniors per junior; at most
        ``max_pairs_per_department`` pairs touch any department.
        """
        pairs = self.matrix()
        limit = self.m["pilot"]["max"]
        cap_dept = self.m["max_pairs_per_department"]
        pinned = dict(self.pinned)
        choices: list[list[str | None]] = []
        for s in self.seniors:
            if s.id in pinned:
                choices.append([pinned[s.id]])
            else:
                choices.append([None, *[j.id for j in self.juniors if pairs[(s.id, j.id)].allowed]])
        cap = {j.id: j.capacity for j in self.juniors}
        dept = {p.id: p.department for p in self.seniors + self.juniors}
        best = (-1, 0)
        for plan in product(*choices):
            chosen = [(s.id, jid) for s, jid in zip(self.seniors, plan, strict=True) if jid is not None]
            if limit is not None and len(chosen) > limit:
                continue
            load: dict[str, int] = {}
            touch: dict[str, int] = {}
            ok = True
            for sid, jid in chosen:
                load[jid] = load.get(jid, 0) + 1
                for d in {dept[sid], dept[jid]}:
                    touch[d] = touch.get(d, 0) + 1
            if any(load[j] > cap[j] for j in load):
                ok = False
            if cap_dept is not None and any(n > cap_dept for n in touch.values()):
                ok = False
            if ok:
                best = max(best, (len(chosen), sum(pairs[p].score for p in chosen)))
        return best
