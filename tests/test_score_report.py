"""``rmentor score``'s report (core.scoring.score_roster, ScoreReport.only): every field worked out by hand."""

from __future__ import annotations

import pytest

from helpers import junior, program, roster, senior
from rmentor.core.scoring import PairScore, score_roster
from rmentor.errors import InputError
from rmentor.model import Roster


def _roster() -> Roster:
    return roster(
        [senior("s0", "Sales", wants=("smm", "ai")), senior("s1", "Sales", wants=("video",), readiness=5, openness=5,
                                                          avoid=["j0"])],
        [junior("j0", "IT", offers=("smm", "ai")), junior("j1", "Sales", offers=("SMM",), communication=5,
                                                            sharing=5, structuring=5)],
    )


def _b(topic: int, senior_: int, junior_: int, cross: int) -> dict[str, int]:
    return {"topic": topic, "senior": senior_, "junior": junior_, "cross_functional": cross, "availability": 0,
            "preference": 0}


# Default weights: 20 a shared topic, 20 * readiness/100, 20 * skills/100, 15 cross-functional.
# s0 and j0 score 75/100 (4 of 1..5 on each criterion) -> 15 points; s1 and j1 score 100 -> 20.
EXPECTED = (
    # two shared topics (40) + 15 + 15 + cross-functional 15 = 85: s0's first choice, j0's only one
    PairScore("s0", "j0", 85, _b(40, 15, 15, 15), (), ("smm", "ai"), 1, 1),
    # "SMM" is "smm" (20) + 15 + 20, both in Sales = 55: s0's second choice, j1's only one
    PairScore("s0", "j1", 55, _b(20, 15, 20, 0), (), ("smm",), 2, 1),
    # nothing shared, and s1 asked not to meet j0: blocked, so nobody ranks it
    PairScore("s1", "j0", 50, _b(0, 20, 15, 15), ("avoid", "no_shared_topic"), (), None, None),
    PairScore("s1", "j1", 40, _b(0, 20, 20, 0), ("no_shared_topic",), (), None, None),
)


def test_score_report_people_and_every_pair() -> None:
    report = score_roster(_roster(), program(), with_pairs=True)
    assert [(p.id, p.side, p.score, p.eligible) for p in (*report.seniors, *report.juniors)] == [
        ("s0", "senior", 75, True), ("s1", "senior", 100, True),
        ("j0", "junior", 75, True), ("j1", "junior", 100, True)]
    assert report.pairs == EXPECTED


def test_score_report_without_pairs_has_none() -> None:
    report = score_roster(_roster(), program())
    assert report.pairs is None
    assert [p.id for p in report.seniors] == ["s0", "s1"] and [p.id for p in report.juniors] == ["j0", "j1"]


def test_report_narrowed_to_one_person() -> None:
    report = score_roster(_roster(), program(), with_pairs=True)
    s1 = report.only("s1")
    assert [p.id for p in s1.seniors] == ["s1"] and s1.juniors == ()
    assert s1.pairs == EXPECTED[2:]
    j1 = report.only("j1")
    assert j1.seniors == () and [p.id for p in j1.juniors] == ["j1"]
    assert j1.pairs == (EXPECTED[1], EXPECTED[3])
    nobody = report.only("x")
    assert (nobody.seniors, nobody.juniors, nobody.pairs) == ((), (), ())
    assert score_roster(_roster(), program()).only("j0").pairs is None


def test_pair_list_memory_limit_counts_600_bytes_a_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2 x 2 = 4 pairs x 600 bytes = 2,400 bytes: refused under 0.002 MB (2,097 bytes), allowed
    # under 0.003 MB (3,145 bytes). The 8-byte matrix check alone would pass both.
    monkeypatch.setenv("RMENTOR_MAX_MEMORY_MB", "0.002")
    with pytest.raises(InputError) as err:
        score_roster(_roster(), program(), with_pairs=True)
    assert err.value.render().startswith(
        "2 seniors and 2 juniors make 4 possible pairs, which need about 1 MB of memory; the limit is 0 MB")
    assert score_roster(_roster(), program()).pairs is None  # no pair list, no check
    monkeypatch.setenv("RMENTOR_MAX_MEMORY_MB", "0.003")
    assert score_roster(_roster(), program(), with_pairs=True).pairs == EXPECTED


def test_memory_limit_message_and_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.core.scoring import check_pair_memory

    # 300 x 700 = 210,000 pairs x 8 bytes = 1,680,000 bytes: 2 MB rounded up; the limit of 1.5 MB
    # (1,572,864 bytes) shows as 1 MB
    monkeypatch.setenv("RMENTOR_MAX_MEMORY_MB", "1.5")
    with pytest.raises(InputError) as err:
        check_pair_memory(300, 700)
    assert err.value.exit_code == 2
    assert err.value.render() == (
        "300 seniors and 700 juniors make 210000 possible pairs, which need about 2 MB of memory; the limit is 1 MB "
        "(match a smaller group at a time (for example one department or region), or raise the limit with "
        "RMENTOR_MAX_MEMORY_MB)")
    check_pair_memory(300, 655)  # 1,572,000 bytes: just under the limit
    check_pair_memory(1, 1_572_864, 1)  # exactly the limit is allowed


@pytest.mark.parametrize(("value", "expected"), [
    (None, 4096 * 2**20), ("", 4096 * 2**20), ("0.5", 2**19), ("lots", 4096 * 2**20), ("-3", 0), ("8192", 2**33)])
def test_max_memory_bytes_reads_the_environment(monkeypatch: pytest.MonkeyPatch, value: str | None,
                                                expected: int) -> None:
    from rmentor.core.scoring import max_memory_bytes

    if value is None:
        monkeypatch.delenv("RMENTOR_MAX_MEMORY_MB", raising=False)
    else:
        monkeypatch.setenv("RMENTOR_MAX_MEMORY_MB", value)
    assert max_memory_bytes() == expected


def test_score_range_bounds_every_pair() -> None:
    from rmentor.core.scoring import Scorer

    sc = Scorer(_roster(), program())
    # a bound, not the exact extremes: each part's range includes 0 (so the lowest is 0); highest:
    # 3 topics x 20 + readiness 20 + skills 20 + 15 cross-functional + 10 slot + no wish = 125
    assert sc.score_range() == (0, 125)
    lo, hi = sc.score_range()
    assert all(lo <= p.score <= hi for p in EXPECTED)
    assert sc.compact_matrix().dtype.name == "int8"  # 0..125 and -1 (blocked) fit a signed byte
    # a roster without juniors (allowed: nobody to pair yet) still has a range: 60 + 15 + 15 + 10
    assert Scorer(roster([senior("s0")], []), program()).score_range() == (0, 100)


def test_topics_beyond_the_first_64_bits_are_shared() -> None:
    from rmentor.core.scoring import Scorer

    # 70 distinct topics: the shared ones (t65..t69) live in the second 64-bit word
    wants = tuple(f"t{i}" for i in range(70))
    r = roster([senior("s0", "Sales", wants=wants)], [junior("j0", "IT", offers=("t65", "t66", "t67", "t68", "t69"))])
    ps = Scorer(r, program()).pair("s0", "j0")
    assert ps.shared_topics == ("t65", "t66", "t67", "t68", "t69")
    assert ps.breakdown["topic"] == 60 and ps.allowed  # 5 shared, capped at 3 x 20
    r = roster([senior("s0", "Sales", wants=wants)], [junior("j0", "IT", offers=("t64",))])
    ps = Scorer(r, program()).pair("s0", "j0")  # bit 64 exactly: the first bit of the second word
    assert ps.breakdown["topic"] == 20 and ps.allowed


def test_timezone_gap_limit_is_in_whole_hours_of_60_minutes() -> None:
    from rmentor.core.scoring import Scorer

    # Kathmandu is UTC+5:45 and the Marquesas UTC-9:30 all year (no clock changes): 15 h 15 min apart
    r = roster([senior("s0", timezone="Asia/Kathmandu")], [junior("j0", timezone="Pacific/Marquesas")])
    assert "timezone_gap" in Scorer(r, program(max_timezone_gap_hours=15)).pair("s0", "j0").blocked_by
    assert "timezone_gap" not in Scorer(r, program(max_timezone_gap_hours=16)).pair("s0", "j0").blocked_by


def test_aliases_make_one_topic_and_one_department() -> None:
    from rmentor.core.scoring import Scorer
    from rmentor.model import Program

    prog = Program.model_validate({"aliases": {"topics": {"SMM": ["социальные сети"]},
                                               "departments": {"Продажи": ["Отдел продаж"]}}})
    r = roster([senior("s0", "Продажи", wants=("социальные сети",))], [junior("j0", "Отдел продаж", offers=("SMM",))])
    ps = Scorer(r, prog).pair("s0", "j0")
    assert ps.shared_topics == ("социальные сети",) and ps.breakdown["topic"] == 20
    assert ps.breakdown["cross_functional"] == 0  # the same department under two names
