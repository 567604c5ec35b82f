"""Stable pseudonyms for sharing results without personal data (``--anonymize``).

Every person's id becomes ``s7f3a`` / ``j7f3a`` (``m7f3a`` for managers outside the
program) and their name ``Senior 7f3a`` / ``Junior 7f3a`` (``Старший 7f3a`` / ``Младший
7f3a`` in Russian); email, title and notes are dropped. Departments, topics, scores and
availability stay: they are what a consultant needs to judge the matching.

The code is an HMAC-SHA256 of the id, so the same person gets the same pseudonym in every
file and every run. The key is ``RMENTOR_ANONYMIZE_KEY`` when set (keep it secret and fixed
to keep pseudonyms stable as the roster changes); otherwise it is derived from the roster's
own ids, names and emails, so nobody holding only the shared files can recompute the codes
by guessing ids such as surnames. Codes are 4 hex digits, longer when two people would
collide.

Matching runs on the real roster; only what is shown or written is anonymized, so the
pairs are exactly those of a run without ``--anonymize``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from rmentor.i18n import tr
from rmentor.model import Junior, Roster, Senior

if TYPE_CHECKING:
    from rmentor.core.matching import MatchResult
    from rmentor.core.rematching import RematchResult

KEY_ENV = "RMENTOR_ANONYMIZE_KEY"
P = TypeVar("P")
_MIN_CODE = 4


@dataclass(frozen=True)
class Pseudonyms:
    """Real id -> pseudonym id, and pseudonym id -> the code shown in names."""

    ids: dict[str, str]
    codes: dict[str, str]

    def id(self, real: str) -> str:
        """The pseudonym of ``real``; ids outside the roster are hidden too."""
        return self.ids.get(real, "?")


def _roster_key(roster: Roster) -> bytes:
    digest = hashlib.sha256()
    for person in sorted([*roster.seniors, *roster.juniors], key=lambda p: p.id):
        for part in (person.id, person.name, person.email or ""):
            digest.update(part.encode("utf-8") + b"\x00")
    for mid in sorted(roster.managers):
        digest.update(mid.encode("utf-8") + b"\x00")
    return digest.digest()


def _key(roster: Roster, key: bytes | None) -> bytes:
    if key is not None:
        return key
    env = os.environ.get(KEY_ENV, "")
    return env.encode("utf-8") if env else _roster_key(roster)


def pseudonyms(roster: Roster, *, key: bytes | None = None) -> Pseudonyms:
    """Pseudonyms for everyone in ``roster`` (people and managers outside the program).

    Deterministic: the same ids and key give the same pseudonyms, whatever their order.
    """
    secret = _key(roster, key)
    people: list[tuple[str, str]] = sorted(
        [("s", p.id) for p in roster.seniors] + [("j", p.id) for p in roster.juniors]
        + [("m", m) for m in roster.managers if m not in {p.id for p in [*roster.seniors, *roster.juniors]}]
    )
    digests = {pid: hmac.new(secret, pid.encode("utf-8"), hashlib.sha256).hexdigest() for _, pid in people}
    width = _MIN_CODE
    while len({d[:width] for d in digests.values()}) < len(digests):
        width += 2  # two people share a prefix: lengthen every code, so codes stay one length
    ids = {pid: f"{side}{digests[pid][:width]}" for side, pid in people}
    return Pseudonyms(ids, {ids[pid]: digests[pid][:width] for _, pid in people})


def _ids(values: Iterable[str], p: Pseudonyms) -> tuple[str, ...]:
    return tuple(p.id(v) for v in values)


def anonymize_roster(roster: Roster, p: Pseudonyms) -> Roster:
    """``roster`` with pseudonym ids and names, and no email, title or notes."""

    def person(x: Senior | Junior, label: str) -> Senior | Junior:
        new_id = p.id(x.id)
        return x.model_copy(update={
            "id": new_id,
            "name": tr(label, code=p.codes[new_id]),
            "email": None,
            "title": None,
            "notes": None,
            "manager": None if x.manager is None else p.id(x.manager),
            "avoid": _ids(x.avoid, p),
            "prefers": _ids(x.prefers, p),
        })

    return roster.model_copy(update={
        "seniors": tuple(person(s, "Senior {code}") for s in roster.seniors),
        "juniors": tuple(person(j, "Junior {code}") for j in roster.juniors),
        "pinned": tuple(_ids(pair, p) for pair in roster.pinned),
        "history": tuple(_ids(pair, p) for pair in roster.history),
        "managers": {p.id(m): None if boss is None else p.id(boss) for m, boss in roster.managers.items()},
    })


def anonymize_result(result: MatchResult, p: Pseudonyms) -> MatchResult:
    """``result`` with every person id replaced by its pseudonym and the pairs renumbered."""
    pairs = tuple(anonymize_pairs(result.pairs, p))
    unmatched = tuple(dataclasses.replace(u, id=p.id(u.id)) for u in result.unmatched)
    stability = result.stability
    if stability is not None:
        stability = dataclasses.replace(stability, blocking=tuple((p.id(a), p.id(b)) for a, b in stability.blocking))
    wishes = result.wishes
    if wishes is not None:
        wishes = dataclasses.replace(wishes, not_honoured=tuple(
            dataclasses.replace(w, person=p.id(w.person), target=p.id(w.target)) for w in wishes.not_honoured))
    return dataclasses.replace(result, pairs=pairs, unmatched=unmatched, stability=stability, wishes=wishes)


def pair_numbers(pair_ids: Iterable[str]) -> dict[str, str]:
    """Pair id -> ``P01``, ``P02``... in the order of the real ids.

    A pair id taken from a pairs.csv may hold names (``volkov-petrov``) and ends up in file
    names, calendar UIDs and every table; the numbers keep the order, so the schedule (whose
    ties break by pair id) is the same as without ``--anonymize``.
    """
    ordered = sorted(set(pair_ids))
    width = max(2, len(str(len(ordered))))
    return {pid: f"P{n:0{width}d}" for n, pid in enumerate(ordered, start=1)}


def anonymize_pairs(pairs: Sequence[P], p: Pseudonyms, numbers: dict[str, str] | None = None) -> list[P]:
    """Pairs (``matching.Pair`` or ``pairsfile.PairRow``) with pseudonym person ids and pair ids
    renumbered (:func:`pair_numbers` of these pairs, or the ``numbers`` given)."""
    fields: Any
    if numbers is None:
        everything: Sequence[Any] = pairs
        numbers = pair_numbers(x.pair_id for x in everything)
    out: list[P] = []
    for pair in pairs:
        fields = pair  # both are dataclasses with ``pair_id``, ``senior`` and ``junior``
        extra = {"reasons_text": ""} if hasattr(fields, "reasons_text") else {}  # free text: may name people
        out.append(dataclasses.replace(fields, pair_id=numbers.get(fields.pair_id, "P?"),
                                       senior=p.id(fields.senior), junior=p.id(fields.junior), **extra))
    return out


def anonymize_match(roster: Roster, result: MatchResult, *, key: bytes | None = None) -> tuple[Roster, MatchResult]:
    """The roster and match result as ``--anonymize`` shows and writes them."""
    p = pseudonyms(roster, key=key)
    return anonymize_roster(roster, p), anonymize_result(result, p)


def anonymize_rematch(roster: Roster, result: RematchResult, *, key: bytes | None = None
                      ) -> tuple[Roster, RematchResult]:
    """The roster and rematch result as ``rematch --anonymize`` shows and writes them."""
    p = pseudonyms(roster, key=key)
    numbers = pair_numbers(x.pair_id for group in (result.pairs, result.ended, result.added) for x in group)
    return anonymize_roster(roster, p), dataclasses.replace(
        result,
        pairs=tuple(anonymize_pairs(result.pairs, p, numbers)),
        ended=tuple(anonymize_pairs(result.ended, p, numbers)),
        added=tuple(anonymize_pairs(result.added, p, numbers)),
        kept=tuple(numbers.get(k, "P?") for k in result.kept),
        unmatched=tuple(dataclasses.replace(u, id=p.id(u.id)) for u in result.unmatched),
    )
