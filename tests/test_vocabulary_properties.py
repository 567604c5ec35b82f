"""Properties of the comparison keys and id recovery (issue 15), on random text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rmentor.inputs.vocabulary import IdDigits, build_vocabulary, text_key, topic_key

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz"
words = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=8), min_size=1, max_size=4)
spaces = st.sampled_from([" ", "  ", "\u00a0", " - ", ". ", "\t"])


@settings(max_examples=60, deadline=None)
@given(words, spaces)
def test_case_yo_spacing_and_punctuation_never_matter(parts: list[str], gap: str) -> None:
    plain = " ".join(parts)
    messy = gap + gap.join(p.upper() for p in parts).replace("е", "ё").replace("Е", "Ё") + gap
    assert text_key(messy) == text_key(plain)
    assert topic_key(messy) == topic_key(plain)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=99_999), min_size=1, max_size=20, unique=True),
       st.integers(min_value=0, max_value=3))
def test_lost_zeros_come_back_only_when_one_id_fits(numbers: list[int], extra: int) -> None:
    ids = [f"{n:06d}" for n in numbers]
    digits = IdDigits(ids)
    for n, full in zip(numbers, ids, strict=True):
        assert digits.resolve(str(n)) == full
        assert digits.resolve(full) == full
    other = "0" * extra + str(numbers[0])
    clash = IdDigits([*ids, other])
    if other not in (ids[0], str(numbers[0])):  # (an id written exactly as the reference always wins)
        assert clash.resolve(str(numbers[0])) is None  # two ids fit: never guessed


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Отдел продаж", "отдел  продаж", "Sales", "ИТ", "IT", "Маркетинг"]), min_size=1))
def test_the_canonical_spelling_does_not_depend_on_order(spellings: list[str]) -> None:
    aliases = {"Продажи": ("Sales",)}
    forward = build_vocabulary("department", spellings, aliases)
    backward = build_vocabulary("department", list(reversed(spellings)), aliases)
    assert forward == backward
    assert all(text_key(v) == text_key(k) or v == "Продажи" for k, v in forward.items())
