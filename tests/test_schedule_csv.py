"""sessions.csv written with its repeating cells once is csv_bytes(session_rows(...)), byte for byte."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_icswrite import _overview_pairs, long_text, text

from rmentor.outputs.csvfile import CellWriter, csv_bytes
from rmentor.outputs.schedule_files import SESSIONS_HEADER, session_rows, sessions_csv

# what makes a cell quoted or guarded: the delimiters, quotes, line breaks, a leading = + - @ TAB CR or '
CSV_HOSTILE = st.sampled_from([",", ";", "\t", '"', "\r", "\n", "\r\n", "=1+2", "+7", "-3", "@x", "'=x", "'", " ",
                               "", "a,b", 'say "hi"', "Встреча; ё", "|", ":", "-", "0"])
cell_text = st.one_of(long_text, text, CSV_HOSTILE, st.tuples(CSV_HOSTILE, text).map("".join))


@st.composite
def _csv_case(draw: st.DrawFn) -> tuple[Any, str]:
    plan, _, _ = draw(_overview_pairs())
    pairs = []
    for pair in plan.pairs:
        sessions = tuple(
            replace(s, title=draw(cell_text), goal=draw(cell_text), assignment=draw(cell_text),
                    held=draw(st.sampled_from([None, True, False])),
                    cancelled_by=draw(st.sampled_from([None, "senior", "junior", "both", "=x"])))
            for s in pair.sessions)
        senior = pair.senior.model_copy(update={"name": draw(cell_text), "id": draw(cell_text)})
        junior = pair.junior.model_copy(update={"name": draw(cell_text), "id": draw(cell_text)})
        pairs.append(replace(pair, pair_id=draw(st.one_of(cell_text.filter(bool), st.just(pair.pair_id))),
                             senior=senior, junior=junior, sessions=sessions))
    plan = replace(plan, pairs=tuple(pairs), timezone=draw(st.sampled_from([plan.timezone, "=cmd", "a,b"])))
    return plan, draw(st.sampled_from([",", ";", "\t", "|", ":", "-", "0", " "]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_csv_case())
def test_sessions_csv_is_csv_bytes_of_its_rows(case: tuple[Any, str]) -> None:
    plan, delimiter = case
    want = csv_bytes(SESSIONS_HEADER, session_rows(plan), delimiter=delimiter)
    assert sessions_csv(plan, delimiter=delimiter) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(cell_text, st.integers(-5, 5), st.none()), min_size=2, max_size=6),
       st.sampled_from([",", ";", "\t"]))
def test_a_part_of_a_row_is_those_cells_in_csv_bytes(cells: list[Any], delimiter: str) -> None:
    row = csv_bytes(["h"] * len(cells), [cells], delimiter=delimiter, bom=False).split(b"\r\n", 1)[1]
    assert CellWriter(delimiter).part(cells).encode() + b"\r\n" == row
