"""pairs.csv as Excel leaves it: delimiters, BOM, reordered and extra columns, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from _sched_helpers import person, roster
from rmentor.errors import InputError
from rmentor.i18n import set_language
from rmentor.inputs.pairsfile import parse_pairs, read_pairs

R = roster([person("volkov", ["Tue 10:00-12:00"]), person("lebedeva", ["Tue 10:00-12:00"])],
           [person("ivanova", ["Tue 10:00-12:00"], junior=True), person("petrov", ["Tue 10:00-12:00"], junior=True)])


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def test_excel_semicolons_bom_sep_line_reordered_and_extra_columns(tmp_path: Path) -> None:
    text = (
        "sep=;\r\n"
        "Junior_ID;Примечание;Pair_ID;senior_id;score;shared_topics\r\n"
        "\r\n"
        "petrov;«важно; срочно»;P02;lebedeva;88;SMM; Telegram\r\n"
        ";;;;;\r\n"
        "ivanova;;P01;volkov;;\r\n"
    ).replace("«важно; срочно»", '"важно; срочно"')
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    pf = read_pairs(path, R)
    assert [(p.pair_id, p.senior, p.junior, p.score) for p in pf.pairs] == [
        ("P02", "lebedeva", "petrov", 88), ("P01", "volkov", "ivanova", None)]
    assert pf.pairs[0].line == 4
    assert pf.warnings == ()


def test_commas_and_quoted_topics() -> None:
    text = 'pair_id,senior_id,junior_id,shared_topics\nP01,volkov,ivanova,"SMM; Дашборды"\n'
    (p,) = parse_pairs(text, "pairs.csv", R).pairs
    assert p.shared_topics == ("SMM", "Дашборды")


def test_errors_name_file_line_and_column_and_suggest() -> None:
    text = "pair_id;senior_id;junior_id\nP01;volkv;ivanova\nP02;petrov;lebedeva\nP01;lebedeva;petrov\n"
    with pytest.raises(InputError) as err:
        parse_pairs(text, "pairs.csv", R)
    msg = err.value.render()
    assert "pairs.csv:2:2: senior_id: unknown senior 'volkv' (did you mean 'volkov'?)" in msg
    assert "pairs.csv:3:2: senior_id: 'petrov' is a junior, not a senior" in msg
    assert "not swapped" in msg
    assert "pairs.csv:4:1: pair_id: duplicate pair id 'P01' (also on line 2)" in msg
    assert err.value.exit_code == 2


def test_senior_in_two_pairs_and_same_pair_twice_are_rejected() -> None:
    text = "pair_id,senior_id,junior_id\nP01,volkov,ivanova\nP02,volkov,ivanova\nP03,volkov,petrov\n"
    with pytest.raises(InputError) as err:
        parse_pairs(text, "pairs.csv", R)
    msg = err.value.render()
    assert "volkov and ivanova are paired twice (also on line 2)" in msg
    assert "senior 'volkov' is in two pairs (also on line 2)" in msg


def test_missing_required_column() -> None:
    with pytest.raises(InputError, match="has no column junior_id"):
        parse_pairs("pair_id;senior_id;mentor\nP01;volkov;ivanova\n", "pairs.csv", R)


def test_empty_and_header_only_files() -> None:
    with pytest.raises(InputError, match="is empty"):
        parse_pairs("\n\n", "pairs.csv", R)
    with pytest.raises(InputError, match="has no pairs"):
        parse_pairs("pair_id,senior_id,junior_id\n", "pairs.csv", R)


def test_over_capacity_is_a_warning() -> None:
    text = "pair_id,senior_id,junior_id\nP01,volkov,ivanova\nP02,lebedeva,ivanova\n"
    pf = parse_pairs(text, "pairs.csv", R)
    assert len(pf.pairs) == 2
    assert "junior ivanova mentors 2 seniors (P01, P02) but has capacity 1" in pf.warnings[0].render()


def test_russian_messages() -> None:
    set_language("ru")
    try:
        with pytest.raises(InputError) as err:
            parse_pairs("pair_id,senior_id,junior_id\nP01,nobody,ivanova\n", "pairs.csv", R)
        assert "неизвестный старший 'nobody'" in err.value.render()
    finally:
        set_language("en")


def test_not_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "pairs.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="must be CSV"):
        read_pairs(path, R)
