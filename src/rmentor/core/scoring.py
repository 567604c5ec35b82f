"""Person scores, eligibility and pair scores: pure, integer, vectorised.

One implementation serves every caller: :meth:`Scorer.components` and
:meth:`Scorer.blocks` take index arrays, so the dense matrix the matcher solves,
the breakdown ``rmentor match`` prints and the pair list of ``rmentor score
--pairs`` are the same numbers by construction.

Pair score (README, "Scoring")::

    topic        = weights.topic * min(shared topics, weights.max_topics)
    senior       = round(weights.senior * senior_score / 100)
    junior       = round(weights.junior * junior_score / 100)
    cross        = weights.cross_functional if the departments differ (unless ignored)
    availability = weights.availability if the two share a weekly slot
    preference   = round(weights.preference * (1/(rs+1) + 1/(rj+1)))  for wishes (see :func:`preference_points`)

People are kept sorted by id, so the same roster in any order gives the same
arrays, and therefore the same matching, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rmentor.i18n import get_language, tr
from rmentor.model import Junior, Person, Program, Roster, Senior

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    ScoreMatrix = NDArray[np.int8] | NDArray[np.int16] | NDArray[np.int32]  # seniors x juniors, -1 = blocked

SLOT_MINUTES = 15
WEEK_SLOTS = 7 * 24 * 60 // SLOT_MINUTES  # 672
COMPONENTS = ("topic", "senior", "junior", "cross_functional", "availability", "preference")
COMPONENT_TEXT = {
    "topic": "shared topics",
    "senior": "senior readiness",
    "junior": "junior skills",
    "cross_functional": "cross-functional",
    "availability": "common slot",
    "preference": "wishes",
}
RULES = (
    "senior_ineligible",
    "junior_ineligible",
    "reporting_line",
    "avoid",
    "history",
    "same_department",
    "timezone_gap",
    "no_shared_topic",
    "no_common_slot",
    "below_min_score",
)
RULE_TEXT = {
    "senior_ineligible": "the senior is not eligible",
    "junior_ineligible": "the junior is not eligible",
    "reporting_line": "one is in the other's reporting line",
    "avoid": "one of them asked not to be paired with the other",
    "history": "they were paired before",
    "same_department": "same department (cross-functional pairs are required)",
    "timezone_gap": "time-zone gap above the limit",
    "no_shared_topic": "too few shared topics",
    "no_common_slot": "no common weekly slot",
    "below_min_score": "pair score below the minimum",
    "pinned": "pinned by HR",
}


@dataclass(frozen=True)
class Reason:
    """A translatable reason: an English template and its parameters.

    Dates in ``params`` are kept as :class:`~datetime.date` and rendered per language (dd.mm.yyyy in
    Russian, ISO otherwise); machine output and the ledger get them as ISO text (:meth:`json_params`).
    """

    code: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The reason in the current language."""
        if not any(isinstance(v, date) for v in self.params.values()):
            return tr(self.template, **self.params)
        ru = get_language() == "ru"
        params = {k: (v.strftime("%d.%m.%Y") if ru else v.isoformat()) if isinstance(v, date) else v
                  for k, v in self.params.items()}
        return tr(self.template, **params)

    def json_params(self) -> dict[str, Any]:
        """The parameters for machine output: dates as ISO text."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in self.params.items()}

    def to_json(self) -> dict[str, Any]:
        """The reason as JSON data; :meth:`from_json` reads it back with its dates."""
        data: dict[str, Any] = {"code": self.code, "template": self.template, "params": self.json_params()}
        dates = sorted(k for k, v in self.params.items() if isinstance(v, date))
        if dates:
            data["dates"] = dates
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        """A reason written by :meth:`to_json` (``dates`` names the parameters to read back as dates)."""
        params = dict(data["params"])
        for key in data.get("dates", ()):
            params[key] = date.fromisoformat(params[key])
        return cls(data["code"], data["template"], params)


@dataclass(frozen=True)
class PersonScore:
    """A person's 0-100 readiness score and eligibility."""

    id: str
    side: str  # "senior" | "junior"
    score: int
    eligible: bool
    reasons: tuple[Reason, ...] = ()


def person_score(scores: dict[str, int], criteria: dict[str, Any], lo: int, hi: int) -> int:
    """Weighted mean of the normalised criteria, 0-100, rounded half up, integers only."""
    num = sum(c.weight * (scores.get(name, lo) - lo) * 100 for name, c in criteria.items())
    den = sum(c.weight for c in criteria.values()) * (hi - lo)
    return int((2 * num + den) // (2 * den))


def preference_points(weight: int, senior_rank: int | None, junior_rank: int | None) -> int:
    """Points for the wishes between two people: ``rs``-th choice of the senior, ``rj``-th of the junior.

    Each side's wish is worth ``weight / (rank + 1)``: half the weight for a first choice,
    a third for a second, ... so a mutual first choice earns exactly ``weight``, and a
    mutual wish always earns more than either side's wish alone. Rounded half up.
    """
    from fractions import Fraction

    share = sum((Fraction(1, r + 1) for r in (senior_rank, junior_rank) if r is not None), Fraction(0))
    value = weight * share
    return int((2 * value.numerator + value.denominator) // (2 * value.denominator))


def _offset_minutes(tz: str, when: datetime) -> int:
    from zoneinfo import ZoneInfo

    offset = when.replace(tzinfo=ZoneInfo(tz)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _week_mask(windows: Iterable[tuple[int, int, int]], offset: int) -> int:
    """Bit mask of 15-minute UTC slots of the week covered by local (day, start, end) windows."""
    mask = 0
    for day, start, end in windows:
        a = (day * 1440 + start - offset) // SLOT_MINUTES
        b = -(-(day * 1440 + end - offset) // SLOT_MINUTES)
        for s in range(a, b):
            mask |= 1 << (s % WEEK_SLOTS)
    return mask


def _startable(mask: int, length_slots: int) -> int:
    """Slots at which a session of ``length_slots`` can start inside ``mask`` (wrapping the week)."""
    full = (1 << WEEK_SLOTS) - 1
    out = mask
    for k in range(1, length_slots):
        rotated = ((mask >> k) | (mask << (WEEK_SLOTS - k))) & full
        out &= rotated
    return out


def _packed(masks: Sequence[int], positions: NDArray[np.int64]) -> NDArray[np.uint64]:
    """Week masks reduced to the bits at ``positions``, packed into uint64 words per person."""
    import numpy as np

    nbytes = WEEK_SLOTS // 8
    raw = np.frombuffer(b"".join(m.to_bytes(nbytes, "little") for m in masks), dtype=np.uint8)
    bits = np.unpackbits(raw.reshape(len(masks), nbytes), axis=1, bitorder="little")[:, positions]
    words = max(1, -(-len(positions) // 64))
    padded = np.zeros((len(masks), words * 64), dtype=np.uint8)
    padded[:, : bits.shape[1]] = bits
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


def _to_words(masks: Sequence[int], words: int) -> NDArray[np.uint64]:
    import numpy as np

    arr = np.zeros((len(masks), words), dtype=np.uint64)
    low = (1 << 64) - 1
    for i, m in enumerate(masks):
        for w in range(words):
            arr[i, w] = (m >> (64 * w)) & low
    return arr


def department_keys(program: Program) -> Callable[[str], str]:
    """The comparison key of a department under ``program``'s aliases (cached per spelling)."""
    from rmentor.inputs.vocabulary import alias_key, text_key

    aliases = alias_key("department", program.aliases.departments)
    return lru_cache(maxsize=4096)(lambda d: aliases.get(text_key(d), text_key(d)))


def topic_keys(program: Program) -> Callable[[str], str]:
    """The comparison key of a topic under ``program``'s aliases (cached per spelling)."""
    from rmentor.inputs.vocabulary import alias_key, topic_key

    aliases = alias_key("topic", program.aliases.topics)
    return lru_cache(maxsize=4096)(lambda t: aliases.get(topic_key(t), topic_key(t)))


def reference_day(program: Program) -> date:
    """The date whose UTC offsets scoring uses: the program start, else today."""
    return program.start or date.today()


class Scorer:
    """Scores for one roster under one program. Build once; query many times."""

    def __init__(self, roster: Roster, program: Program, *, today: date | None = None) -> None:
        import numpy as np

        self.program = program
        self.roster = roster
        m = program.matching
        self.seniors: list[Senior] = sorted(roster.seniors, key=lambda p: p.id)
        self.juniors: list[Junior] = sorted(roster.juniors, key=lambda p: p.id)
        self.senior_index = {p.id: i for i, p in enumerate(self.seniors)}
        self.junior_index = {p.id: i for i, p in enumerate(self.juniors)}

        self._words: dict[str, dict[str, str]] = {}  # side -> criterion -> its words (see _criterion_words)
        self.senior_scores = [self._person(p, "senior", m.senior_criteria) for p in self.seniors]
        self.junior_scores = [self._person(p, "junior", m.junior_criteria) for p in self.juniors]
        self.s_score = np.array([p.score for p in self.senior_scores], dtype=np.int64)
        self.j_score = np.array([p.score for p in self.junior_scores], dtype=np.int64)
        self.s_elig = np.array([p.eligible for p in self.senior_scores], dtype=bool)
        self.j_elig = np.array([p.eligible for p in self.junior_scores], dtype=bool)
        self.capacity = np.array([j.capacity for j in self.juniors], dtype=np.int64)

        # departments and topics compare on canonical keys (case, ё/е, spacing, aliases; the
        # alphabet of a topic), so «Отдел продаж» is «Продажи» and «смм» is SMM
        self.dept_key = department_keys(program)
        self.topic_key = topic_keys(program)
        depts: dict[str, int] = {}
        for p in [*self.seniors, *self.juniors]:
            depts.setdefault(self.dept_key(p.department), len(depts))
        self.s_dept = np.array([depts[self.dept_key(p.department)] for p in self.seniors], dtype=np.int32)
        self.j_dept = np.array([depts[self.dept_key(p.department)] for p in self.juniors], dtype=np.int32)

        ref = reference_day(program) if today is None else today
        noon = datetime(ref.year, ref.month, ref.day, 12)
        offsets: dict[str, int] = {}

        def offset(p: Person) -> int:
            tz = p.timezone or program.timezone
            if tz not in offsets:
                offsets[tz] = _offset_minutes(tz, noon)
            return offsets[tz]

        self.s_off = np.array([offset(p) for p in self.seniors], dtype=np.int32)
        self.j_off = np.array([offset(p) for p in self.juniors], dtype=np.int32)

        tkey = self.topic_key
        topics: dict[str, int] = {}
        for s in self.seniors:
            for t in s.wants:
                topics.setdefault(tkey(t), len(topics))
        for j in self.juniors:
            for t in j.offers:
                topics.setdefault(tkey(t), len(topics))
        self.topic_names = {v: k for k, v in topics.items()}
        twords = max(1, -(-len(topics) // 64))
        # one bit per distinct topic: "smm" and "SMM" are the same bit (a sum would carry into the next)
        self.s_top = _to_words([sum(1 << b for b in {topics[tkey(t)] for t in s.wants}) for s in self.seniors], twords)
        self.j_top = _to_words([sum(1 << b for b in {topics[tkey(t)] for t in j.offers}) for j in self.juniors], twords)

        wh = program.working_hours
        work = _week_mask(((d, wh.start, wh.end) for d in wh.days), _offset_minutes(program.timezone, noon))
        length = -(-program.session_minutes // SLOT_MINUTES)

        def slots(p: Person) -> int:
            free = _week_mask(((w.day, w.start, w.end) for w in p.availability), offset(p)) & work
            return _startable(free, length)

        self.s_has_avail = np.array([bool(p.availability) for p in self.seniors], dtype=bool)
        self.j_has_avail = np.array([bool(p.availability) for p in self.juniors], dtype=bool)
        # Only slots inside working hours can ever be common, so keep just those bits:
        # ~200 of the week's 672, which makes the pairwise test 3x cheaper.
        positions = np.array([b for b in range(WEEK_SLOTS) if work >> b & 1], dtype=np.int64)
        self.s_slots = _packed([slots(p) for p in self.seniors], positions)
        self.j_slots = _packed([slots(p) for p in self.juniors], positions)

        w = program.matching.weights
        self.s_pts = ((self.s_score * w.senior + 50) // 100).astype(np.int32)
        self.j_pts = ((self.j_score * w.junior + 50) // 100).astype(np.int32)
        # One contiguous array per 64-bit word: row slices stay views, no gathers in the hot loop.
        self.s_top_w = [np.ascontiguousarray(self.s_top[:, k]) for k in range(self.s_top.shape[1])]
        self.j_top_w = [np.ascontiguousarray(self.j_top[:, k]) for k in range(self.j_top.shape[1])]
        self.s_slots_w = [np.ascontiguousarray(self.s_slots[:, k]) for k in range(self.s_slots.shape[1])]
        self.j_slots_w = [np.ascontiguousarray(self.j_slots[:, k]) for k in range(self.j_slots.shape[1])]

        self._init_wishes()
        self.sparse_blocks: dict[tuple[int, int], tuple[str, ...]] = self._sparse_blocks(roster)
        self._sparse_by: dict[tuple[str, int], list[str]] = {}
        for (si, ji), rules in self.sparse_blocks.items():
            self._sparse_by.setdefault(("senior", si), []).extend(rules)
            self._sparse_by.setdefault(("junior", ji), []).extend(rules)

    # ------------------------------------------------------------------ wishes

    def _init_wishes(self) -> None:
        """Stated wishes (``prefers``) as sparse (senior, junior) -> rank maps and their points."""
        import numpy as np

        self.senior_wish: dict[tuple[int, int], int] = {}
        self.junior_wish: dict[tuple[int, int], int] = {}
        for si, s in enumerate(self.seniors):
            for rank, ref in enumerate((r for r in s.prefers if r in self.junior_index), start=1):
                self.senior_wish.setdefault((si, self.junior_index[ref]), rank)
        for ji, j in enumerate(self.juniors):
            for rank, ref in enumerate((r for r in j.prefers if r in self.senior_index), start=1):
                self.junior_wish.setdefault((self.senior_index[ref], ji), rank)
        weight = self.program.matching.weights.preference
        points = {
            key: preference_points(weight, self.senior_wish.get(key), self.junior_wish.get(key))
            for key in sorted(set(self.senior_wish) | set(self.junior_wish))
        }
        self.wish_points = {k: v for k, v in points.items() if v}
        nj = max(1, len(self.juniors))
        self._wish_keys = np.array([si * nj + ji for si, ji in self.wish_points], dtype=np.int64)
        self._wish_vals = np.array(list(self.wish_points.values()), dtype=np.int64)

    def _wish_component(self, si: Any, ji: Any) -> Any:
        """Preference points for index arrays (broadcast), looked up in the sparse wish table."""
        import numpy as np

        shape = np.broadcast_shapes(np.shape(si), np.shape(ji))
        if not len(self._wish_keys):
            return np.zeros(shape, dtype=np.int64)
        keys = (np.asarray(si, dtype=np.int64) * max(1, len(self.juniors)) + np.asarray(ji, dtype=np.int64))
        keys = np.broadcast_to(keys, shape)
        pos = np.clip(np.searchsorted(self._wish_keys, keys), 0, len(self._wish_keys) - 1)
        return np.where(self._wish_keys[pos] == keys, self._wish_vals[pos], 0)

    # ------------------------------------------------------------------ people

    def _person(self, p: Person, side: str, criteria: dict[str, Any]) -> PersonScore:
        scale = self.program.matching.scale
        words = self._criterion_words(side, criteria)
        reasons = tuple(
            Reason("below_min", "{criterion} {value} is below the minimum {min}",
                   {"criterion": words[name], "value": p.scores.get(name), "min": c.min})
            for name, c in criteria.items()
            if c.min is not None and p.scores.get(name, scale.min) < c.min
        )
        return PersonScore(p.id, side, person_score(p.scores, criteria, scale.min, scale.max), not reasons, reasons)

    def _criterion_words(self, side: str, criteria: dict[str, Any]) -> dict[str, str]:
        """What each criterion is called in the current language (its label; see model.label_text)."""
        cache = self._words
        if side not in cache:
            from rmentor.i18n import get_language
            from rmentor.model import label_text

            lang = get_language()
            cache[side] = {name: label_text(name, c.label, lang) for name, c in criteria.items()}
        return cache[side]

    def _sparse_blocks(self, roster: Roster) -> dict[tuple[int, int], tuple[str, ...]]:
        found: dict[tuple[int, int], list[str]] = {}

        def add(pair: tuple[int, int], rule: str) -> None:
            rules = found.setdefault(pair, [])
            if rule not in rules:
                rules.append(rule)

        if self.program.matching.exclude_reporting_line:
            parent: dict[str, str | None] = dict(roster.managers)
            for p in [*self.seniors, *self.juniors]:
                parent[p.id] = p.manager

            def chain(pid: str) -> list[str]:
                out: list[str] = []
                seen: set[str] = set()  # a set: 'in out' made a 3,000-deep reporting line take 27 s
                node = parent.get(pid)
                while node is not None and node not in seen and len(out) < 1000:
                    out.append(node)
                    seen.add(node)
                    node = parent.get(node)
                return out

            for ji, j in enumerate(self.juniors):
                for boss in chain(j.id):
                    if boss in self.senior_index:
                        add((self.senior_index[boss], ji), "reporting_line")
            for si, s in enumerate(self.seniors):
                for boss in chain(s.id):
                    if boss in self.junior_index:
                        add((si, self.junior_index[boss]), "reporting_line")
        for si, s in enumerate(self.seniors):
            for other in s.avoid:
                if other in self.junior_index:
                    add((si, self.junior_index[other]), "avoid")
        for ji, j in enumerate(self.juniors):
            for other in j.avoid:
                if other in self.senior_index:
                    add((self.senior_index[other], ji), "avoid")
        for sid, jid in roster.history:
            if sid in self.senior_index and jid in self.junior_index:
                add((self.senior_index[sid], self.junior_index[jid]), "history")
        return {k: tuple(v) for k, v in sorted(found.items())}

    def sparse_rules_of(self, side: str, index: int) -> list[str]:
        """Every sparse rule hit (reporting line, avoid, history) involving one person."""
        return self._sparse_by.get((side, index), [])

    # ------------------------------------------------------------------ pairs

    def _gather(self, side: str, idx: Any, shape: tuple[int, ...] | None = None) -> dict[str, Any]:
        """One side's per-person arrays at ``idx`` (index array or slice), optionally reshaped."""
        if side == "senior":
            cols = (self.s_pts, self.s_elig, self.s_dept, self.s_off, self.s_has_avail, self.s_top_w, self.s_slots_w)
        else:
            cols = (self.j_pts, self.j_elig, self.j_dept, self.j_off, self.j_has_avail, self.j_top_w, self.j_slots_w)

        def take(a: Any) -> Any:
            v = a[idx]
            return v.reshape(shape) if shape is not None else v

        pts, elig, dept, off, avail, top, slots = cols
        return {"pts": take(pts), "elig": take(elig), "dept": take(dept), "off": take(off), "avail": take(avail),
                "top": [take(w) for w in top], "slots": [take(w) for w in slots]}

    def _evaluate(self, s: dict[str, Any], j: dict[str, Any]) -> tuple[dict[str, Any], Any, dict[str, Any]]:
        """Components, total score and dense hard rules for gathered seniors ``s`` and juniors ``j``.

        The one implementation of the pair formula: the dense matrix, the breakdowns and
        ``score --pairs`` all come from here.
        """
        import numpy as np

        m = self.program.matching
        w = m.weights
        shared = np.bitwise_count(s["top"][0] & j["top"][0])
        for a, b in zip(s["top"][1:], j["top"][1:], strict=True):
            shared = shared + np.bitwise_count(a & b)
        acc = s["slots"][0] & j["slots"][0]
        for a, b in zip(s["slots"][1:], j["slots"][1:], strict=True):
            acc = acc | (a & b)
        common = acc != 0
        cross = s["dept"] != j["dept"]
        cross_points = w.cross_functional if m.cross_functional != "ignore" else 0
        comps = {
            "topic": np.minimum(shared, w.max_topics).astype(np.int32) * w.topic,
            "senior": s["pts"],
            "junior": j["pts"],
            "cross_functional": cross.astype(np.int32) * cross_points,
            "availability": common.astype(np.int32) * w.availability,
        }
        score = comps["topic"] + comps["cross_functional"] + comps["availability"] + s["pts"] + j["pts"]
        blocks: dict[str, Any] = {
            "senior_ineligible": ~s["elig"],
            "junior_ineligible": ~j["elig"],
            "no_shared_topic": shared < m.min_shared_topics,
            "below_min_score": score < m.min_pair_score,
        }
        if m.cross_functional == "required":
            blocks["same_department"] = ~cross
        if m.max_timezone_gap_hours is not None:
            blocks["timezone_gap"] = np.abs(s["off"] - j["off"]) > m.max_timezone_gap_hours * 60
        if m.require_common_slot:
            blocks["no_common_slot"] = s["avail"] & j["avail"] & ~common
        return comps, score, blocks

    def _pairs_at(self, si: Any, ji: Any) -> tuple[dict[str, Any], Any, dict[str, Any], tuple[int, ...]]:
        import numpy as np

        si, ji = np.asarray(si), np.asarray(ji)
        shape = np.broadcast_shapes(si.shape, ji.shape)
        comps, score, blocks = self._evaluate(self._gather("senior", si), self._gather("junior", ji))
        # wishes are added after the hard rules: a wish never lifts a pair over min_pair_score
        comps["preference"] = self._wish_component(si, ji)
        score = score + comps["preference"]
        return comps, score, blocks, shape

    def components(self, si: Any, ji: Any) -> dict[str, NDArray[np.int64]]:
        """Score components for index arrays ``si``, ``ji`` (numpy broadcasting rules)."""
        import numpy as np

        comps, _, _, shape = self._pairs_at(si, ji)
        return {k: np.broadcast_to(np.asarray(v, dtype=np.int64), shape) for k, v in comps.items()}

    def score(self, si: Any, ji: Any) -> NDArray[np.int64]:
        """Pair scores for index arrays (the sum of :meth:`components`)."""
        import numpy as np

        _, score, _, shape = self._pairs_at(si, ji)
        return np.broadcast_to(np.asarray(score, dtype=np.int64), shape)

    def dense_blocks(self, si: Any, ji: Any) -> dict[str, NDArray[np.bool_]]:
        """The hard rules that can be evaluated pairwise; True where a rule blocks the pair."""
        import numpy as np

        _, _, blocks, shape = self._pairs_at(si, ji)
        return {k: np.broadcast_to(v, shape) for k, v in blocks.items()}

    def score_range(self) -> tuple[int, int]:
        """Bounds on any pair's score (wishes included), from the weights and the people's points."""
        m = self.program.matching
        w = m.weights
        cross = w.cross_functional if m.cross_functional != "ignore" else 0
        parts = [(min(0, w.topic * w.max_topics), max(0, w.topic * w.max_topics)),
                 (int(self.s_pts.min(initial=0)), int(self.s_pts.max(initial=0))),
                 (int(self.j_pts.min(initial=0)), int(self.j_pts.max(initial=0))),
                 (min(0, cross), max(0, cross)), (min(0, w.availability), max(0, w.availability)),
                 (min([0, *self.wish_points.values()]), max([0, *self.wish_points.values()]))]
        return sum(lo for lo, _ in parts), sum(hi for _, hi in parts)

    def matrix(self, *, chunk: int | None = None) -> NDArray[np.int32]:
        """Dense pair-score matrix (seniors x juniors) with -1 where a hard rule blocks the pair.

        Rows go in blocks of ``chunk`` (by default about 650,000 pairs a block: 64 rows at 10,000
        juniors). Small blocks keep the temporaries in cache (3.1 s at 10,000 x 10,000 with 256 rows
        against 5.4 s with 1,024) and out of the peak memory: a block's components, rules and sums
        take about 40 bytes a pair, 100 MB at 256 rows of 10,000.
        """
        import numpy as np

        out: NDArray[np.int32] = self._fill(np.int32, chunk)
        return out

    def compact_matrix(
        self, *, chunk: int | None = None, rows: NDArray[np.intp] | None = None, cols: NDArray[np.intp] | None = None
    ) -> ScoreMatrix:
        """:meth:`matrix` with the same values in the smallest integer type that holds every score.

        int8 when :meth:`score_range` fits it (the default weights without wishes: 0-125), else
        int16 (any weights a program is likely to use): a quarter or half the memory of int32,
        and the dense matrix is what a 10,000 x 10,000 roster's peak is made of.

        ``rows`` and ``cols`` (increasing senior and junior indexes) ask for just that part of
        the matrix, ``matrix[np.ix_(rows, cols)]``, without building the rest: the matcher
        leaves out people no pair can use (ineligible, pinned, full), a third of a large roster.
        """
        import numpy as np

        lo, hi = self.score_range()
        dtype = next(t for t in (np.int8, np.int16, np.int32)
                     if (np.iinfo(t).min < min(lo, -1) and hi <= np.iinfo(t).max) or t is np.int32)
        out: ScoreMatrix = self._fill(dtype, chunk, rows, cols)
        return out

    def _fill(self, dtype: Any, chunk: int | None, rows: Any = None, cols: Any = None, *,
              reference: bool = False) -> Any:
        """The matrix (or its ``rows`` x ``cols`` part) in ``dtype``, wishes and sparse rules included.

        Blocks of rows go through :meth:`_fast_block` when :meth:`_fast_tables` applies (about three
        times fewer whole-block passes, same numbers: ``tests/test_scoring_fast.py`` compares them),
        else, or with ``reference``, through :meth:`_evaluate`, the one formula.
        """
        import numpy as np

        rows = np.arange(len(self.seniors)) if rows is None else np.asarray(rows, dtype=np.intp)
        cols = np.arange(len(self.juniors)) if cols is None else np.asarray(cols, dtype=np.intp)
        ns, nj = len(rows), len(cols)
        if chunk is None:
            chunk = max(16, 655_360 // max(1, nj))
        check_pair_memory(ns, nj)  # before numpy is asked for it
        out = np.empty((ns, nj), dtype=dtype)
        whole = nj == len(self.juniors)  # a slice keeps the junior arrays views, no gather
        juniors = self._gather("junior", slice(None) if whole else cols, (1, nj))
        fast = None if reference else self._fast_tables(rows, cols)
        if fast is not None:
            for start in range(0, ns, chunk):
                self._fast_block(fast, slice(start, min(ns, start + chunk)), juniors, out)
        for start in range(0, ns, chunk) if fast is None else ():
            stop = min(ns, start + chunk)
            seniors = self._gather("senior", rows[start:stop], (stop - start, 1))
            _, score, blocks = self._evaluate(seniors, juniors)
            block = out[start:stop]
            block[...] = score  # broadcast and cast in one pass; the rules then mark -1 in place
            for v in blocks.values():
                np.putmask(block, np.broadcast_to(v, block.shape), -1)
        row_at = _positions(rows, len(self.seniors))
        col_at = _positions(cols, len(self.juniors))
        for (si, ji), points in self.wish_points.items():
            r, c = row_at[si], col_at[ji]
            if r >= 0 and c >= 0 and out[r, c] >= 0:
                out[r, c] += points
        for si, ji in self.sparse_blocks:
            r, c = row_at[si], col_at[ji]
            if r >= 0 and c >= 0:
                out[r, c] = -1
        return out

    def _fast_tables(self, rows: Any, cols: Any) -> _FastTables | None:
        """What :meth:`_fast_block` needs for the ``rows`` x ``cols`` part, or None when it does not apply.

        A pair's score is the senior's points + the junior's points + a part that depends only on
        (departments, time zones) + a part that depends only on (shared topics, common slot). The
        first part is one row vector per distinct (department, offset) of the seniors, the second a
        lookup table of a small code; a rule that blocks the pair adds ``-big`` instead, so a pair
        is blocked exactly when its sum is below ``min_pair_score`` (scores are never negative).
        """
        import numpy as np

        m = self.program.matching
        w = m.weights
        if w.topic < 0 or w.availability < 0 or w.cross_functional < 0 or m.min_pair_score < 0:
            return None  # pragma: no cover - the model forbids it; the sentinel needs non-negative parts
        nj = len(cols)
        s_key = self.s_dept[rows].astype(np.int64) * 4096 + (self.s_off[rows].astype(np.int64) + 2048)
        classes, s_class = np.unique(s_key, return_inverse=True)
        if len(classes) * max(1, nj) > 8_000_000:  # a row vector per class: at most ~32 MB of them
            return None
        hi = self.score_range()[1]
        if max(hi, m.min_pair_score) < 7_000:
            dtype: Any = np.int16
            big = 8_000  # four -big terms (senior, junior, class row, code) still fit int16
        else:
            dtype, big = np.int32, 1 << 27  # hi is at most about 60,000 (the model's bounds)
        cap = max(w.max_topics, m.min_shared_topics)
        if 3 * (cap + 1) > 255:
            return None  # pragma: no cover - the model caps both at 50
        s_base = np.where(self.s_elig[rows], self.s_pts[rows], -big).astype(dtype)
        j_base = np.where(self.j_elig[cols], self.j_pts[cols], -big).astype(np.int64)
        j_dept, j_off = self.j_dept[cols], self.j_off[cols].astype(np.int64)
        cross_points = w.cross_functional if m.cross_functional != "ignore" else 0
        class_rows = np.empty((len(classes), nj), dtype=dtype)
        for c, key in enumerate(classes.tolist()):
            dept, off = key // 4096, key % 4096 - 2048
            cross = j_dept != dept
            row = j_base + cross * cross_points
            if m.cross_functional == "required":
                row[~cross] -= big
            if m.max_timezone_gap_hours is not None:
                row[np.abs(off - j_off) > m.max_timezone_gap_hours * 60] -= big
            class_rows[c] = np.maximum(row, -big)  # one -big is enough; three still fit the dtype
        # code = min(shared, cap) + (cap + 1) * state; state 0: a common slot, 1: none and the rule
        # applies, 2: none and exempt (someone without windows, or the rule is off)
        shared = np.arange(cap + 1)
        topic = np.minimum(shared, w.max_topics) * w.topic
        few = np.where(shared < m.min_shared_topics, -big, 0)
        table = np.maximum(np.concatenate([topic + few + w.availability,
                                           topic + few - (big if m.require_common_slot else 0),
                                           topic + few]), -big).astype(dtype)
        rule = m.require_common_slot
        s_exempt = ~self.s_has_avail[rows] if rule else np.zeros(len(rows), dtype=bool)
        j_exempt = ~self.j_has_avail[cols] if rule else np.zeros(nj, dtype=bool)
        return _FastTables(dtype, cap, s_base, s_class, class_rows, table, s_exempt, j_exempt[None, :],
                           bool(j_exempt.any()), m.min_pair_score, rows)

    def _fast_block(self, t: _FastTables, at: slice, juniors: dict[str, Any], out: Any) -> None:
        """Rows ``at`` of the matrix ``out``, from the tables of :meth:`_fast_tables` (see there)."""
        import numpy as np

        block_rows = t.rows[at]
        s_top = [v[block_rows][:, None] for v in self.s_top_w]
        s_slots = [v[block_rows][:, None] for v in self.s_slots_w]
        code = np.bitwise_count(s_top[0] & juniors["top"][0])
        np.minimum(code, t.cap, out=code)
        for a, b in zip(s_top[1:], juniors["top"][1:], strict=True):
            code += np.bitwise_count(a & b)
            np.minimum(code, t.cap, out=code)
        acc = s_slots[0] & juniors["slots"][0]
        for a, b in zip(s_slots[1:], juniors["slots"][1:], strict=True):
            acc |= a & b
        state = (acc == 0).view(np.uint8)  # 1: no common slot
        exempt = t.s_exempt[at]
        if t.any_j_exempt or exempt.any():
            state += state & (exempt[:, None] | t.j_exempt).view(np.uint8)  # 2: no common slot, exempt
        state *= t.cap + 1
        code += state
        score = t.table.take(code)
        score += t.class_rows[t.s_class[at]]
        score += t.s_base[at][:, None]
        if t.min_score == 0:
            np.maximum(score, -1, out=score)
        else:
            score[score < t.min_score] = -1
        out[at] = score

    def pair(self, sid: str, jid: str) -> PairScore:
        """Score, breakdown and blocking rules of one pair, by ids."""
        import numpy as np

        si, ji = self.senior_index[sid], self.junior_index[jid]
        a, b = np.array([si]), np.array([ji])
        comps_raw, _, blocks, _ = self._pairs_at(a, b)
        comps = {k: int(np.asarray(v).reshape(-1)[0]) for k, v in comps_raw.items()}
        total = sum(comps.values())
        blocked = [k for k, v in blocks.items() if bool(np.asarray(v).reshape(-1)[0])]
        blocked += list(self.sparse_blocks.get((si, ji), ()))
        shared = self.topics_of(si, ji)
        return PairScore(sid, jid, total, comps, tuple(r for r in RULES if r in blocked), shared)

    def topics_of(self, si: int, ji: int) -> tuple[str, ...]:
        """The shared topics of a pair, as the senior wrote them, in the senior's order."""
        offered = {self.topic_key(t) for t in self.juniors[ji].offers}
        seen: dict[str, str] = {}
        for t in self.seniors[si].wants:
            if self.topic_key(t) in offered:
                seen.setdefault(self.topic_key(t), t)
        return tuple(seen.values())


@dataclass(frozen=True)
class _FastTables:
    """Per-fill tables of :meth:`Scorer._fast_tables`."""

    dtype: Any
    cap: int  # shared topics beyond this change nothing
    s_base: Any  # senior points, -big when ineligible (per row)
    s_class: Any  # each row's (department, offset) class
    class_rows: Any  # per class: junior points + cross-functional points, -big where a rule blocks
    table: Any  # points (or -big) by code = min(shared, cap) + (cap + 1) * slot state
    s_exempt: Any  # per row: the common-slot rule does not apply (no windows, or the rule is off)
    j_exempt: Any  # the same per column, shaped (1, columns)
    any_j_exempt: bool
    min_score: int
    rows: Any  # the full senior index of each row


@dataclass(frozen=True)
class PairScore:
    """One senior-junior pair: score, breakdown, and the hard rules that block it."""

    senior: str
    junior: str
    score: int
    breakdown: dict[str, int]
    blocked_by: tuple[str, ...]
    shared_topics: tuple[str, ...]
    senior_rank: int | None = None  # where the senior ranks the junior (1 = first); None if not allowed
    junior_rank: int | None = None

    @property
    def allowed(self) -> bool:
        return not self.blocked_by



def preference_ranks(sc: Scorer, matrix: ScoreMatrix) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """How each person ranks every partner they may be paired with (1 = most preferred; 0 = not allowed).

    Stated wishes (``prefers``) come first in their order, then the other allowed partners by
    pair score (``matrix``, -1 where a hard rule blocks the pair), highest first; ties by id.
    Returns ``(senior_rank, junior_rank)``, both seniors x juniors: ``senior_rank[s, j]`` is
    where senior ``s`` puts junior ``j``, ``junior_rank[s, j]`` where ``j`` puts ``s``.
    """
    import numpy as np

    ns, nj = matrix.shape
    allowed = matrix >= 0
    out: list[NDArray[np.int32]] = []
    for wishes, transpose in ((sc.senior_wish, False), (sc.junior_wish, True)):
        stated = np.full((ns, nj), nj + ns + 1, dtype=np.int64)
        for (si, ji), rank in wishes.items():
            stated[si, ji] = rank
        stated[~allowed] = 2 * (nj + ns + 1)  # blocked partners sort last and get rank 0 below
        score = -matrix.astype(np.int64)
        if transpose:
            stated, score = stated.T, score.T
        rows, cols = stated.shape
        index = np.broadcast_to(np.arange(cols, dtype=np.int64), (rows, cols))  # ids are sorted: index order
        order = np.lexsort((index, score, stated), axis=1)
        ranked = np.empty((rows, cols), dtype=np.int32)
        np.put_along_axis(ranked, order, np.broadcast_to(np.arange(1, cols + 1, dtype=np.int32), (rows, cols)),
                          axis=1)
        if transpose:
            ranked = np.ascontiguousarray(ranked.T)
        ranked[~allowed] = 0
        out.append(ranked)
    return out[0], out[1]


def _positions(index: NDArray[np.intp], n: int) -> list[int]:
    """Where each of ``n`` people sits in ``index`` (increasing), -1 for those left out."""
    import numpy as np

    at = np.full(n, -1, dtype=np.int64)
    at[index] = np.arange(len(index))
    out: list[int] = at.tolist()
    return out


def next_monday(today: date) -> date:
    """The first Monday after ``today``."""
    return today + timedelta(days=7 - today.weekday())


DEFAULT_MAX_MEMORY_MB = 4096
MATRIX_BYTES_PER_PAIR = 8  # the int32 score matrix, the candidate mask and temporaries
REPORT_BYTES_PER_PAIR = 600  # ``score --pairs``: one Python object per pair


def max_memory_bytes() -> int:
    """The memory rmentor may plan for pair data: ``RMENTOR_MAX_MEMORY_MB``, 4096 by default."""
    import os

    try:
        mb = float(os.environ.get("RMENTOR_MAX_MEMORY_MB", "") or DEFAULT_MAX_MEMORY_MB)
    except ValueError:
        mb = DEFAULT_MAX_MEMORY_MB
    return int(max(mb, 0.0) * 2**20)


def check_pair_memory(n_seniors: int, n_juniors: int, bytes_per_pair: int = MATRIX_BYTES_PER_PAIR) -> None:
    """Refuse before allocating when every senior-junior pair would not fit the memory limit
    (200,000 people asked numpy for 42 GiB and ended in a MemoryError traceback)."""
    need = n_seniors * n_juniors * bytes_per_pair
    limit = max_memory_bytes()
    if need > limit:
        from rmentor.errors import InputError

        raise InputError(
            "{seniors} seniors and {juniors} juniors make {pairs} possible pairs, which need about {need} MB of "
            "memory; the limit is {limit} MB",
            hint="match a smaller group at a time (for example one department or region), or raise the "
                 "limit with RMENTOR_MAX_MEMORY_MB",
            seniors=n_seniors, juniors=n_juniors, pairs=n_seniors * n_juniors, need=-(-need // 2**20),
            limit=limit // 2**20)


@dataclass(frozen=True)
class ScoreReport:
    """``rmentor score``: every person's score and, optionally, every pair's."""

    seniors: tuple[PersonScore, ...]
    juniors: tuple[PersonScore, ...]
    pairs: tuple[PairScore, ...] | None = None

    def only(self, pid: str) -> ScoreReport:
        """The report narrowed to one person and their pairs."""
        pairs = None if self.pairs is None else tuple(p for p in self.pairs if pid in (p.senior, p.junior))
        return ScoreReport(tuple(p for p in self.seniors if p.id == pid), tuple(p for p in self.juniors if p.id == pid),
                           pairs)


def score_roster(roster: Roster, program: Program, *, with_pairs: bool = False) -> ScoreReport:
    """Person scores and eligibility; with ``with_pairs``, every senior-junior pair too."""
    import numpy as np

    sc = Scorer(roster, program)
    pairs: tuple[PairScore, ...] | None = None
    if with_pairs:
        check_pair_memory(len(sc.seniors), len(sc.juniors), REPORT_BYTES_PER_PAIR)
        si = np.repeat(np.arange(len(sc.seniors)), len(sc.juniors))
        ji = np.tile(np.arange(len(sc.juniors)), len(sc.seniors))
        comps = {k: v.tolist() for k, v in sc.components(si, ji).items()}
        total = sc.score(si, ji)
        blocks = {k: v.tolist() for k, v in sc.dense_blocks(si, ji).items()}
        s_rank, j_rank = (r.ravel().tolist() for r in preference_ranks(sc, sc.matrix()))
        out: list[PairScore] = []
        for k in range(len(si)):
            s_, j_ = int(si[k]), int(ji[k])
            rules = {r for r in RULES if r in blocks and blocks[r][k]} | set(sc.sparse_blocks.get((s_, j_), ()))
            breakdown = {name: int(comps[name][k]) for name in COMPONENTS}
            out.append(PairScore(sc.seniors[s_].id, sc.juniors[j_].id, int(total[k]), breakdown,
                                 tuple(r for r in RULES if r in rules), sc.topics_of(s_, j_),
                                 int(s_rank[k]) or None, int(j_rank[k]) or None))
        pairs = tuple(out)
    return ScoreReport(tuple(sc.senior_scores), tuple(sc.junior_scores), pairs)
