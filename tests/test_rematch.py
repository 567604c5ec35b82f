"""rematch: kept pairs never change; ended partners are never repeated; the re-pairing is optimal."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import junior, program, roster, senior
from rmentor.core.matching import match
from rmentor.core.rematching import CurrentPair, rematch
from rmentor.errors import InputError
from rmentor.inputs.loading import load_program, load_roster


def _current(result_pairs: tuple) -> list[CurrentPair]:  # type: ignore[type-arg]
    return [CurrentPair(p.pair_id, p.senior, p.junior) for p in result_pairs]


def test_rematch_on_example_keeps_every_other_pair(example_roster: Path, example_program: Path) -> None:
    prog = load_program(example_program).value
    r = load_roster(example_roster, prog).value
    first = match(r, prog)
    current = _current(first.pairs)
    res = rematch(r, prog, current, ["P02", "P05"])
    kept = {(p.pair_id, p.senior, p.junior) for p in current if p.pair_id not in ("P02", "P05")}
    assert kept <= {(p.pair_id, p.senior, p.junior) for p in res.pairs}
    ended = {(p.senior, p.junior) for p in res.ended}
    assert not ended & {(p.senior, p.junior) for p in res.pairs}
    for p in res.added:
        assert p.pair_id not in {c.pair_id for c in current}
    assert {p.senior for p in res.added} <= {"kuznetsova", "novikova"}


def test_rematch_is_optimal_for_the_freed_people() -> None:
    r = roster(
        [senior("s1", wants=("smm", "ai")), senior("s2", wants=("smm",))],
        [junior("j1", offers=("smm", "ai")), junior("j2", offers=("smm",)), junior("j3", offers=("smm", "ai"))],
    )
    prog = program()
    current = [CurrentPair("P01", "s1", "j1"), CurrentPair("P02", "s2", "j2")]
    res = rematch(r, prog, current, ["P01"])
    # s1 cannot have j1 again; j3 offers both topics s1 wants -> the best new partner.
    assert [(p.pair_id, p.senior, p.junior) for p in res.pairs] == [("P02", "s2", "j2"), ("P03", "s1", "j3")]
    assert res.kept == ("P02",)


def test_unknown_pair_id_is_an_input_error() -> None:
    r = roster([senior("s1")], [junior("j1")])
    with pytest.raises(InputError) as err:
        rematch(r, program(), [CurrentPair("P01", "s1", "j1")], ["P09"])
    assert "unknown pair id" in err.value.render() and "P01" in err.value.render()


def test_freed_person_with_no_option_is_reported() -> None:
    r = roster([senior("s1")], [junior("j1")])
    res = rematch(r, program(), [CurrentPair("P01", "s1", "j1")], ["P01"])
    assert res.pairs == () and {u.id for u in res.unmatched} == {"s1", "j1"}
