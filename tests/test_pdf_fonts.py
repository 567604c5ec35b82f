"""PDFs of one batch share an alphabet: their fonts are cut once per process, and the files are fpdf2's own.

``batch.render`` gives every PDF the characters of all the PDFs of its language; each embedded font
then covers that alphabet in a fixed order, so fpdf2's font objects (program, widths, ToUnicode,
CIDToGIDMap) are the same in every file and are made once (``fonts._producer``). These tests pin
that the shortcut writes the bytes fpdf2 itself writes for the same document (a change in fpdf2
fails here), that it is taken, that text outside the alphabet falls back to fpdf2's own subset,
and that the text still extracts, Cyrillic included.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from rmentor.i18n import set_language

DOCS = [
    "# Соглашение пары P001\n\n**Старший:** Иванов Иван Иванович · **Младший:** Петрова Анна\n\n"
    "- цель: *лучше понимать* ИИ-ассистенты\n- встречи раз в две недели\n\n"
    "| № | Когда | Тема |\n|---|---|---|\n| 1 | Пн 11.01.2027 15:00–16:00 | Знакомство |\n\n"
    "[ссылка](https://example.org/a)\n",
    "# Соглашение пары P002\n\n**Старший:** Сидорова Елена · **Младший:** Щукин Юрий\n\n"
    "- цель: *новые* сервисы\n\n| № | Когда | Тема |\n|---|---|---|\n| 1 | Вт 12.01.2027 10:00–11:00 | Чат-боты |\n",
    "# Pair P003\n\n**Senior:** Ёлкин Эдуард · **Junior:** Zoë Chen\n\n1. first\n2. second 😀\n",
]


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    set_language("ru")
    yield
    set_language("en")


@pytest.fixture
def subsets(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts fontTools subset runs (fpdf2 cuts each embedded font with one); starts with a cold cache."""
    from fontTools import subset

    from rmentor.outputs.documents import fonts

    monkeypatch.setattr(fonts, "_EMBEDDED", type(fonts._EMBEDDED)())
    calls: list[int] = []
    real = subset.Subsetter.subset

    def counted(self: Any, font: Any) -> None:
        calls.append(1)
        real(self, font)

    monkeypatch.setattr(subset.Subsetter, "subset", counted)
    return calls


def _fpdf2_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, PDFs are written by fpdf2's own ``OutputProducer`` (every font cut by fontTools)."""
    from fpdf.output import OutputProducer

    from rmentor.outputs.documents import fonts

    monkeypatch.setattr(fonts, "_producer", lambda: OutputProducer)


def _font_parts(data: bytes) -> list[tuple[str, bytes, str, bytes, bytes]]:
    """Per embedded font: name, font program, widths, ToUnicode map, CIDToGIDMap (decoded)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages[:1]:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cid = font["/DescendantFonts"][0].get_object()
            descriptor = cid["/FontDescriptor"].get_object()
            out.append((str(font["/BaseFont"]), descriptor["/FontFile2"].get_object().get_data(), str(cid["/W"]),
                        font["/ToUnicode"].get_object().get_data(), cid["/CIDToGIDMap"].get_object().get_data()))
    return sorted(out)


def test_the_shortcut_writes_the_bytes_fpdf2_writes(subsets: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut once per style, then copied; every file equals the one fpdf2's own output makes."""
    from rmentor.outputs.documents.pdf import alphabet, to_pdf

    chars = alphabet(DOCS)
    fast = [to_pdf(text, title=f"t{k}", lang="ru", alphabet=chars) for k, text in enumerate(DOCS)]
    first = len(subsets)
    assert first == 4  # regular, bold, italic, bold italic: cut for the first document only
    assert [to_pdf(text, title=f"t{k}", lang="ru", alphabet=chars) for k, text in enumerate(DOCS)] == fast
    assert len(subsets) == first  # the second round: no font cut at all
    _fpdf2_own(monkeypatch)
    slow = [to_pdf(text, title=f"t{k}", lang="ru", alphabet=chars) for k, text in enumerate(DOCS)]
    assert len(subsets) > first  # fpdf2's own path did cut the fonts again
    assert fast == slow


def test_one_alphabet_gives_identical_font_objects(subsets: list[int]) -> None:
    from rmentor.outputs.documents.pdf import alphabet, to_pdf

    chars = alphabet(DOCS)
    parts = [_font_parts(to_pdf(text, title="t", lang="ru", alphabet=chars)) for text in DOCS[:2]]
    assert len(parts[0]) == 3  # the fonts page 1 uses: regular, bold, italic
    assert parts[0] == parts[1]  # different text, the same embedded fonts
    alone = _font_parts(to_pdf(DOCS[0], title="t", lang="ru"))  # no alphabet: the document's own glyphs
    assert len(alone[0][1]) < len(parts[0][0][1])


def test_text_outside_the_alphabet_falls_back_to_fpdf2s_subset(subsets: list[int],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A character the alphabet lacks is embedded too (rendered, extractable); the file is fpdf2's."""
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import alphabet, to_pdf

    chars = alphabet(DOCS)
    assert "Ж" not in chars and "ъ" not in chars
    to_pdf(DOCS[0], title="t", lang="ru", alphabet=chars)  # the cache is warm
    before = len(subsets)
    text = "# Жук\n\nподъезд\n\n" + DOCS[1]
    data = to_pdf(text, title="t", lang="ru", alphabet=chars)
    assert len(subsets) > before  # not copied from the cache
    words = PdfReader(io.BytesIO(data)).pages[0].extract_text().split()
    assert words[:3] == ["Жук", "подъезд", "Соглашение"]
    assert "Щукин" in words
    for name, program, *_ in _font_parts(data):
        from fontTools.ttLib import TTFont

        cmap = TTFont(io.BytesIO(program)).getBestCmap()
        if name.endswith("DejaVuSansBook"):  # the regular font: the alphabet and the extra letter
            assert {ord("ъ"), ord("Щ"), ord("Ё")} <= set(cmap)
        elif name.endswith("DejaVuSansBold"):  # the heading's letter, and the alphabet
            assert {ord("Ж"), ord("Э")} <= set(cmap)
    _fpdf2_own(monkeypatch)
    assert to_pdf(text, title="t", lang="ru", alphabet=chars) == data


def test_cyrillic_names_extract_in_order_with_an_alphabet() -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.batch import Document, render

    docs = [Document("pdf", text, f"Пара {k}", "ru") for k, text in enumerate(DOCS)]
    for data in render(docs, jobs=0):
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "Соглашение пары" in text or "Pair P003" in text
    first, second, third = (" ".join(PdfReader(io.BytesIO(d)).pages[0].extract_text().split())
                            for d in render(docs, jobs=0))
    assert "Старший: Иванов Иван Иванович · Младший: Петрова Анна" in first
    assert "Старший: Сидорова Елена · Младший: Щукин Юрий" in second
    assert "Senior: Ёлкин Эдуард · Junior: Zoë Chen" in third
    assert "1. first 2. second" in third  # the emoji DejaVu lacks is left out, the text around it stays


def test_a_batch_gives_one_alphabet_per_language_to_its_pdfs() -> None:
    from rmentor.outputs.documents.batch import Document, with_alphabets
    from rmentor.outputs.documents.pdf import LAYOUT_CHARACTERS

    docs = [Document("pdf", "# Ёж\n\nюла", "a", "ru"), Document("docx", "щ", "b", "ru"),
            Document("pdf", "# Hedgehog", "c", "en"), Document("pdf", "жук", "d", "ru"),
            Document("pdf", "fixed", "e", "en", alphabet="abc")]
    out = with_alphabets(docs)
    assert out[1] == docs[1]  # Word files need none
    assert out[4] == docs[4]  # one given is kept
    assert out[0].alphabet == out[3].alphabet
    assert set("Ёжюлук#") <= set(out[0].alphabet) and "щ" not in out[0].alphabet
    assert set(LAYOUT_CHARACTERS) <= set(out[0].alphabet)
    assert "H" in out[2].alphabet and "Ё" not in out[2].alphabet and "d" not in out[0].alphabet
    assert list(out[0].alphabet) == sorted(set(out[0].alphabet)) and "\n" not in out[0].alphabet
    assert set("Ё#") <= set(out[0].bold_alphabet) and not set("юлук") & set(out[0].bold_alphabet)
    assert out[2].bold_alphabet == "".join(sorted(set("# Hedgehog")))


def test_a_documents_bytes_follow_its_fields_only() -> None:
    """The same document with the same alphabet: the same bytes, whatever came before it in the process."""
    from rmentor.outputs.documents import fonts
    from rmentor.outputs.documents.pdf import alphabet, to_pdf

    chars = alphabet(DOCS)
    warm = to_pdf(DOCS[1], title="t", lang="ru", alphabet=chars)
    fonts._EMBEDDED.clear()
    to_pdf(DOCS[2], title="x", lang="ru", alphabet=alphabet(DOCS[2:]))  # another alphabet cached first
    cold = to_pdf(DOCS[1], title="t", lang="ru", alphabet=chars)
    assert cold == warm
    assert to_pdf(DOCS[1], title="t", lang="ru", alphabet=chars + "Ж") != warm  # the alphabet is in the file


def test_the_cache_stays_small(monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.outputs.documents import fonts
    from rmentor.outputs.documents.pdf import to_pdf

    monkeypatch.setattr(fonts, "_EMBEDDED_MAX", 3)
    for letter in "абвгд":
        to_pdf(f"# {letter}\n\n**{letter}**", title="t", lang="ru", alphabet="xyz" + letter)
    assert len(fonts._EMBEDDED) == 3


def test_the_bold_alphabet_covers_every_bold_word() -> None:
    """Strong spans, ATX and setext headings, table header rows; not the plain text around them."""
    from rmentor.outputs.documents import parser
    from rmentor.outputs.documents.pdf import _pieces, bold_alphabet

    text = ("# Заголовок\n\nпросто текст **жирный** и __тоже__, ***оба*** ё\n\nПодзаголовок\n---\n\n"
            "Ещё один\n===\n\n| Шапка | Ячейка |\n|:--|--:|\n| щ | ю |\n\n- ## в пункте\n> ### Цитата\n")
    chars = set(bold_alphabet([text]))
    bold: set[str] = set()
    tokens = parser().parse(text)
    for k, tok in enumerate(tokens):
        if tok.type == "inline":
            head = tokens[k - 1].type in ("heading_open", "th_open")
            bold.update(c for p in _pieces(tok, bold=head) if "B" in p.style for c in p.text)
    assert bold <= chars
    assert set("ЗПЕШЯжйоба") <= chars  # Я of «Ячейка»
    assert not set("прстщюё") & (chars - bold - set("# -|:"))  # the plain words stay out


def test_a_bold_letter_outside_the_bold_alphabet_falls_back(subsets: list[int]) -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import alphabet, bold_alphabet, to_pdf

    chars, bold = alphabet(DOCS), bold_alphabet(DOCS)
    assert "Ю" in chars and "Ю" not in bold  # «Юрий» is plain text
    to_pdf(DOCS[0], title="t", lang="ru", alphabet=chars, bold_alphabet=bold)
    before = len(subsets)
    to_pdf(DOCS[1], title="t", lang="ru", alphabet=chars, bold_alphabet=bold)
    assert len(subsets) == before  # its bold words are in the bold alphabet
    data = to_pdf("**Юрий** " + DOCS[1], title="t", lang="ru", alphabet=chars, bold_alphabet=bold)
    assert len(subsets) > before
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().startswith("Юрий")


def test_a_whole_kit_cuts_each_font_once(subsets: list[int], tmp_path: Any) -> None:
    """`plan` on the example: the brief, the appendix and every pair's PDFs share their fonts."""
    from pathlib import Path

    from typer.testing import CliRunner

    from rmentor.cli import app

    examples = Path(__file__).resolve().parent.parent / "examples"
    result = CliRunner().invoke(app, ["plan", str(examples / "roster.yaml"), "--config", str(examples / "program.yaml"),
                                      "--out", str(tmp_path), "--lang", "ru", "--kit", "pdf", "--force", "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("kit/*/*.pdf"))) >= 30
    assert len(subsets) <= 4  # one cut per style used, for 32 PDFs
