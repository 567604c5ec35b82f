"""What an infeasible plan and an unmatched person are told: the whole text, worked out by hand.

Each case pins every line of the diagnosis (counts, order, thresholds, hints) in English and in
Russian, so a changed count, boundary or word fails here. Kept fast: tiny rosters, no CLI.
"""

from __future__ import annotations

import pytest

from helpers import junior, program, roster, senior
from rmentor.core.matching import match
from rmentor.errors import InfeasibleError, InputError
from rmentor.i18n import Lang, set_language
from rmentor.model import Program, Roster


def _issues(r: Roster, prog: Program, lang: Lang = "en") -> list[str]:
    set_language(lang)
    with pytest.raises(InfeasibleError) as err:
        match(r, prog)
    return [i.render() for i in err.value.issues]


def _every_rule_roster() -> Roster:
    """4 seniors x 3 juniors = 12 possible pairs, pilot of 4; blocked by hand:

    * s0 was paired with j0 and j1 before, s1 with j2 (history: 3 pairs);
    * s1 asked not to meet j0 (avoid: 1);
    * s3 scores 2 on readiness and openness (the minimum is 3: ineligible, 3 pairs) and works
      from Vladivostok, UTC+10, 7 hours from Moscow (time-zone gap above 6: 3 pairs);
    * j2 offers only "video", which no senior wants (too few shared topics: 4 pairs).

    Left with an allowed partner: s1 (j1) and s2 (j0, j1): 2 seniors.
    """
    return roster(
        [senior("s0"), senior("s1", avoid=["j0"]), senior("s2"),
         senior("s3", readiness=2, openness=2, timezone="Asia/Vladivostok")],
        [junior("j0"), junior("j1"), junior("j2", offers=("video",))],
        history=[["s0", "j0"], ["s0", "j1"], ["s1", "j2"]],
    )


def test_infeasible_plan_lists_every_cause_with_exact_counts() -> None:
    prog = program(pilot={"min": 4})
    assert _issues(_every_rule_roster(), prog) == [
        "only 3 seniors are eligible: 1 fail openness >= 3, 1 fail readiness >= 3",
        "juniors in the roster: 3, fewer than the 4 pairs required (add people, or lower matching.pilot.min)",
        "only 2 seniors have any allowed partner",
        "too few shared topics: blocks 4 of 12 possible pairs",
        "the senior is not eligible: blocks 3 of 12 possible pairs",
        "time-zone gap above the limit: blocks 3 of 12 possible pairs",
        "they were paired before: blocks 3 of 12 possible pairs",
    ]


RUSSIAN_DIAGNOSIS = [
    "к подбору допущено лишь 3 (старшие): 1 не проходят готовность учиться >= 3, "
    "1 не проходят открытость изменениям >= 3",
    "младшие в составе: 3, это меньше требуемых 4 пар (добавьте участников или уменьшите matching.pilot.min)",
    "старших, у которых есть допустимый партнёр, лишь 2",
    "слишком мало общих тем: исключено пар — 4 из 12 возможных",
    "старший не допущен к подбору: исключено пар — 3 из 12 возможных",
    "разница часовых поясов больше допустимой: исключено пар — 3 из 12 возможных",
    "они уже были в паре: исключено пар — 3 из 12 возможных",
]


def test_infeasible_plan_is_diagnosed_in_russian() -> None:
    # The criteria are named by their Russian labels. This used to raise KeyError (exit 1, a
    # traceback): the count of failures was keyed by the label and looked up as a criterion key.
    assert _issues(_every_rule_roster(), program(pilot={"min": 4}), "ru") == RUSSIAN_DIAGNOSIS


def test_diagnosis_boundaries_when_the_counts_equal_the_pilot() -> None:
    # 2 seniors, both eligible, both with an allowed partner (j0), for a pilot of 2: neither
    # "only 2 seniors are eligible" nor "only 2 seniors have any allowed partner" may be said.
    # All weights are 0, so the allowed pairs score exactly 0 and still count as allowed.
    zero = {"topic": 0, "senior": 0, "junior": 0, "cross_functional": 0, "availability": 0}
    r = roster([senior("s0"), senior("s1")], [junior("j0")])
    assert _issues(r, program(pilot={"min": 2}, weights=zero)) == [
        "juniors in the roster: 1, fewer than the 2 pairs required (add people, or lower matching.pilot.min)",
    ]


UNMATCHED_EN = {
    "s0": ("no_partner", "no allowed partner: they were paired before (2), too few shared topics (1)"),
    "s3": ("ineligible", "not eligible: readiness 2 is below the minimum 3; openness 2 is below the minimum 3"),
    "j2": ("no_partner", "no allowed partner: too few shared topics (4), the senior is not eligible (1), "
                         "they were paired before (1)"),
}
UNMATCHED_RU = {
    "s0": ("no_partner", "нет допустимого партнёра: они уже были в паре (2), слишком мало общих тем (1)"),
    "s3": ("ineligible", "не допущен к подбору: готовность учиться: 2 — ниже минимума 3; "
                         "открытость изменениям: 2 — ниже минимума 3"),
    "j2": ("no_partner", "нет допустимого партнёра: слишком мало общих тем (4), старший не допущен к подбору (1), "
                         "они уже были в паре (1)"),
}
FULL = {"en": "the pilot is full; better-scoring pairs took the places",
        "ru": "мест в пилоте не осталось: их заняли пары с более высокой оценкой"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_unmatched_person_is_told_why(lang: Lang) -> None:
    # Allowed pairs (see _every_rule_roster): s1-j1, s2-j0, s2-j1; each scores 20 (one shared
    # topic) + 15 + 15 (readiness and skills 75/100 at weight 20) + 15 (cross-functional) = 65.
    # s0's pairs: history with j0 and j1, no shared topic with j2. j2 is blocked by the topic with
    # all four, and also by s3's eligibility and time zone and s1's history: four rules, the top three
    # told, ties in the order of the rules (eligibility, history, then time zone).
    set_language(lang)
    expected = UNMATCHED_EN if lang == "en" else UNMATCHED_RU
    res = match(_every_rule_roster(), program())
    assert [(p.senior, p.junior, p.score) for p in res.pairs] == [("s1", "j1", 65), ("s2", "j0", 65)]
    assert [(u.id, u.side, u.reason.code, u.reason.render()) for u in res.unmatched] == [
        ("s0", "senior", *expected["s0"]), ("s3", "senior", *expected["s3"]), ("j2", "junior", *expected["j2"])]

    # a pilot of one pair: s2 and j0 still have allowed partners, the pilot has no room for them
    res = match(_every_rule_roster(), program(pilot={"max": 1}))
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j1")]
    assert [(u.id, u.side, u.reason.code, u.reason.render()) for u in res.unmatched] == [
        ("s0", "senior", *expected["s0"]), ("s2", "senior", "pilot_full", FULL[lang]),
        ("s3", "senior", *expected["s3"]), ("j0", "junior", "pilot_full", FULL[lang]),
        ("j2", "junior", *expected["j2"])]


def test_a_senior_outbid_for_the_only_junior_is_told_so() -> None:
    # s0 and s1 both may take j0 (capacity 1); s1 shares two topics, so s1 wins, no pilot limit
    r = roster([senior("s0"), senior("s1", wants=("smm", "ai"))], [junior("j0", offers=("smm", "ai"))])
    res = match(r, program())
    assert [(p.senior, p.junior) for p in res.pairs] == [("s1", "j0")]
    assert [(u.id, u.reason.code, u.reason.render()) for u in res.unmatched] == [
        ("s0", "taken", "every allowed partner went to a better overall matching")]


def test_every_kind_of_pair_reason_in_order() -> None:
    # Three pins. Wishes: s0 and j0 chose each other first (mutual: 30 * (1/2 + 1/2) = 30 points);
    # j1 is s1's second choice (30 / 3 = 10); s2 is j2's second choice (10). Only s1 and j1 share
    # a slot; s2 and j2 are both in IT. Everyone scores 75/100 -> 15 points.
    r = roster([senior("s0", prefers=["j0"]),
                senior("s1", "HR", prefers=["j0", "j1"], availability=["Tue 10:00-12:00"]),
                senior("s2", "IT", wants=("ai",))],
               [junior("j0", prefers=["s0"]), junior("j1", "Sales", availability=["Tue 10:00-12:00"]),
                junior("j2", offers=("ai",), prefers=["s1", "s2"])],
               pinned=[["s0", "j0"], ["s1", "j1"], ["s2", "j2"]])
    res = match(r, program())
    ready = [("senior", "senior readiness 75/100"), ("junior", "junior mentoring skills 75/100")]
    assert [(p.pair_id, p.senior, p.junior, p.pinned, p.score, [(x.code, x.render()) for x in p.reasons])
            for p in res.pairs] == [
        ("P01", "s0", "j0", True, 95, [("pinned", "pinned by HR"), ("wish", "mutual wish (choices 1 and 1)"),
                                       ("topic", "shared topics: smm"),
                                       ("cross_functional", "cross-functional: Sales / IT"), *ready]),
        ("P02", "s1", "j1", True, 85, [("pinned", "pinned by HR"), ("wish", "the senior's wish (choice 2)"),
                                       ("topic", "shared topics: smm"),
                                       ("cross_functional", "cross-functional: HR / Sales"),
                                       ("availability", "common weekly slot"), *ready]),
        ("P03", "s2", "j2", True, 60, [("pinned", "pinned by HR"), ("wish", "the junior's wish (choice 2)"),
                                       ("topic", "shared topics: ai"), *ready]),
    ]


def test_every_broken_pin_is_listed() -> None:
    r = roster([senior("s0", "Sales"), senior("s1", "Sales", wants=("ai",))],
               [junior("j0", "Sales"), junior("j1", "IT")], pinned=[["s0", "j0"], ["s0", "j1"], ["s1", "j0"]])
    with pytest.raises(InputError) as err:
        match(r, program(cross_functional="required"))
    assert err.value.render().splitlines() == [
        "pinned pairs break hard rules (remove the pin, or change the roster or program so the pair is allowed)",
        "  - senior 's0' is pinned 2 times",
        "  - junior 'j0' is pinned to 2 seniors but mentors at most 1",
        "  - pinned[0]: pair [s0, j0] breaks the rule: same department (cross-functional pairs are required)",
        "  - pinned[2]: pair [s1, j0] breaks the rule: same department (cross-functional pairs are required); "
        "too few shared topics",
    ]


def test_department_cap_named_when_it_is_what_makes_the_plan_too_small() -> None:
    # every pair touches Sales and IT: a cap of 1 allows one pair, two are possible without it
    r = roster([senior("s0", "Sales"), senior("s1", "Sales")], [junior("j0", "IT"), junior("j1", "IT")])
    assert _issues(r, program(max_pairs_per_department=1, pilot={"min": 2})) == [
        "max_pairs_per_department = 1 limits the plan to 1 pairs; without it 2 are possible"]


def test_progress_stages_and_stats() -> None:
    stages: list[str] = []
    r = roster([senior("s0")], [junior("j0")])
    res = match(r, program(), progress=stages.append)
    assert stages == ["score", "match"]
    assert sorted(res.stats) == ["match_seconds", "pricing_rounds", "score_seconds", "total_seconds"]
    assert res.stats["pricing_rounds"] == 1


def test_more_pins_than_the_pilot_allows_is_refused_with_a_hint() -> None:
    r = roster([senior("s1"), senior("s2")], [junior("j1"), junior("j2")], pinned=[["s1", "j1"], ["s2", "j2"]])
    with pytest.raises(InputError) as err:
        match(r, program(pilot={"max": 1}))
    assert str(err.value) == "2 pinned pairs exceed the requested 1 pairs (remove pins or ask for more pairs)"


def test_a_given_matrix_with_every_senior_but_not_every_junior_live() -> None:
    """``match`` takes the live rows and columns out of a whole matrix it is given; with every senior live
    and one junior not (ineligible), the plan must equal the one it scores itself."""
    from rmentor.core.scoring import Scorer

    r = roster([senior("s1", wants=("smm", "ai")), senior("s2", wants=("ai",))],
               [junior("j1", offers=("smm", "ai")), junior("j2", offers=("ai",), communication=1),
                junior("j3", offers=("ai",))])
    prog = program(pilot={"min": 1})
    given = match(r, prog, matrix=Scorer(r, prog).compact_matrix())
    scored = match(r, prog)
    assert [(p.senior, p.junior, p.score) for p in given.pairs] == [(p.senior, p.junior, p.score) for p in scored.pairs]
    assert {p.junior for p in given.pairs} == {"j1", "j3"}


def test_what_rules_out_a_stable_plan_at_the_pilot_bounds() -> None:
    from rmentor.core.matching import _instability_reasons

    def said(size: int, bounds: tuple[int | None, int | None]) -> list[tuple[str, str]]:
        return [(r.code, r.render()) for r in _instability_reasons(size, bounds, None, [])]

    assert said(5, (None, 4)) == [("stable_too_big", "every stable plan has 5 pairs, but at most 4 are allowed")]
    assert said(4, (None, 4)) == said(4, (4, None)) == []  # exactly at the bound: allowed
    assert said(3, (4, None)) == [("stable_too_small", "every stable plan has 3 pairs, but at least 4 are required")]


@pytest.mark.parametrize("stable", [False, True])
def test_the_department_cap_is_named_first_before_the_rules(stable: bool) -> None:
    # Every pair touches Sales and IT: a cap of 1 allows one pair; without it s0-j1 and s1-j0 make
    # two (s1 avoids j1). The cap is what keeps the plan below the pilot, so it is said first,
    # then the rule counts. With matching.stable no stable plan fits the cap either, and the
    # plan falls back to the capped optimum: the same words.
    r = roster([senior("s0", "Sales"), senior("s1", "Sales", avoid=["j1"])], [junior("j0", "IT"), junior("j1", "IT")])
    prog = program(max_pairs_per_department=1, pilot={"min": 2}, stable=stable)
    assert _issues(r, prog) == [
        "max_pairs_per_department = 1 limits the plan to 1 pairs; without it 2 are possible",
        "one of them asked not to be paired with the other: blocks 1 of 4 possible pairs",
    ]
    assert _issues(r, prog, "ru") == [
        "max_pairs_per_department = 1 ограничивает план: пар — 1, а без этого ограничения возможно 2",
        "один из них просил не ставить его в пару с другим: исключено пар — 1 из 4 возможных",
    ]


def test_a_department_cap_that_costs_no_pair_is_not_blamed() -> None:
    # One senior, a pilot of 2: the roster is too small; the cap of 1 allows the one pair anyway.
    r = roster([senior("s0", "Sales")], [junior("j0", "IT"), junior("j1", "HR")])
    assert _issues(r, program(max_pairs_per_department=1, pilot={"min": 2})) == [
        "seniors in the roster: 1, fewer than the 2 pairs required (add people, or lower matching.pilot.min)",
    ]
