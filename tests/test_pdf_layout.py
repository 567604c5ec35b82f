"""The PDF layout (words measured and wrapped by rmentor, drawn with fpdf2) prints what the Markdown says.

Every kit document, the brief and the appendix give back their words in reading order from the
PDF (pypdf), within the A4 page and its margins; long tables break across pages with their header
again; a word wider than its column is cut, not lost; links stay clickable; the fonts parsed once
per process give the bytes ``FPDF.add_font`` gives.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MM = 72 / 25.4  # points per millimetre
FOOTER = re.compile(r"^(Page \d+ of \d+|Стр\. \d+ из \d+)$")


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")


@pytest.fixture(scope="module", params=["ru", "en"])
def kit(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp(f"layout-{request.param}")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1798761600")
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "roster.yaml"), "--config", str(EXAMPLES / "program.yaml"),
                                      "--out", str(out), "--lang", request.param, "--kit", "md,pdf", "--force"])
    assert result.exit_code == 0, result.output
    yield out
    mp.undo()
    from rmentor.i18n import set_language

    set_language("en")


def _expected_words(markdown_text: str) -> list[str]:
    """The words a reader sees, in order: list markers, then the text of every inline token."""
    from rmentor.outputs.documents import parser

    words: list[str] = []
    lists: list[list[int]] = []
    for tok in parser().parse(markdown_text):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            words.append(f"{lists[-1][1]}{tok.markup}" if lists[-1][0] else "•")
            lists[-1][1] += 1
        elif tok.type == "inline":
            words.extend("".join(c.content if c.type in ("text", "code_inline") else " " if "break" in c.type else ""
                                 for c in tok.children or []).split())
    return words


def _headers(markdown_text: str) -> list[list[str]]:
    """The words of each table's header row (a table that goes on to a new page repeats it there)."""
    from rmentor.outputs.documents import parser

    out: list[list[str]] = []
    tokens = parser().parse(markdown_text)
    for k, tok in enumerate(tokens):
        if tok.type == "thead_open":
            end = next(i for i in range(k, len(tokens)) if tokens[i].type == "thead_close")
            out.append([w for t in tokens[k:end] if t.type == "inline" for w in t.content.split()])
    return out


def _pdf_words(data: bytes, headers: list[list[str]] = ()) -> list[str]:  # type: ignore[assignment]
    """The words of every page in order, without the footers and a table header repeated atop a page."""
    from pypdf import PdfReader

    words: list[str] = []
    for n, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        lines = [ln for ln in page.extract_text().splitlines() if not FOOTER.match(ln.strip())]
        page_words = " ".join(lines).split()
        for header in headers if n else []:
            if header and page_words[:len(header)] == header:
                page_words = page_words[len(header):]
                break
        words.extend(page_words)
    return words


def _positions(data: bytes) -> list[tuple[int, str, float, float, float]]:
    """(page, text, x from the left, baseline from the top, size) of every text run, in millimetres."""
    from pypdf import PdfReader

    out: list[tuple[int, str, float, float, float]] = []
    reader = PdfReader(io.BytesIO(data))
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, n: int = n, height: float = height) -> None:
            if text.strip():
                out.append((n, text, tm[4] / MM, (height - tm[5]) / MM, size))

        page.extract_text(visitor_text=visit)
    return out


def test_every_document_gives_back_its_words_in_order(kit: Path) -> None:
    sources = sorted(kit.rglob("*.md"))
    pdfs = [md.with_suffix(".pdf") for md in sources if md.with_suffix(".pdf").exists()]
    assert len(pdfs) == 2 + 3 * 10  # the brief, the appendix, three documents per pair
    for pdf in pdfs:
        text = pdf.with_suffix(".md").read_text("utf-8")
        assert _pdf_words(pdf.read_bytes(), _headers(text)) == _expected_words(text), pdf


def test_every_document_keeps_a4_and_its_margins(kit: Path) -> None:
    from pypdf import PdfReader

    for pdf in [kit / "brief.pdf", kit / "appendix.pdf", *sorted(kit.glob("kit/*/*.pdf"))]:
        data = pdf.read_bytes()
        for page in PdfReader(io.BytesIO(data)).pages:
            assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (595.28, 841.89)
        body = [p for p in _positions(data) if not FOOTER.match(p[1].strip())]
        assert body, pdf
        assert min(x for _, _, x, _, _ in body) == pytest.approx(15, abs=0.05), pdf  # the left margin
        assert all(15 - 0.05 <= x < 195 for _, _, x, _, _ in body), pdf
        assert all(y >= 14 for _, _, _, y, _ in body), pdf  # below the top margin
        bottom = 297 - (12 if pdf.name == "brief.pdf" else 16)  # the footer's room on numbered pages
        assert all(y <= bottom for _, _, _, y, _ in body), pdf


def test_headings_are_bigger_and_the_page_numbers_are_in_the_footer(kit: Path) -> None:
    runs = _positions((kit / "kit" / "P01" / "agreement.pdf").read_bytes())
    title = runs[0]
    assert title[3] < 30 and title[4] > max(r[4] for r in runs[1:] if not FOOTER.match(r[1].strip()))
    footers = [r for r in runs if FOOTER.match(r[1].strip())]
    assert footers and all(y > 297 - 16 for _, _, _, y, _ in footers)


def test_a_long_table_breaks_across_pages_with_its_header_again() -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import to_pdf

    table = "| Пара | Старший | Тема |\n|---|---|---|\n" + "".join(
        f"| P{i:03d} | Иванов Иван {i} | тема {i} с довольно длинным описанием, которое переносится |\n"
        for i in range(120))
    data = to_pdf("# Таблица\n\n" + table, title="t", lang="ru")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 3
    for page in pages:
        assert page.extract_text().lstrip().startswith(("Таблица", "Пара Старший Тема"))
    words = _pdf_words(data)
    assert words.count("Пара") == len(pages)  # the header on every page
    assert [w for w in words if re.fullmatch(r"P\d{3}", w)] == [f"P{i:03d}" for i in range(120)]  # no row lost
    assert data == to_pdf("# Таблица\n\n" + table, title="t", lang="ru")


def test_a_word_wider_than_its_column_is_cut_not_lost() -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import to_pdf

    word = "Достопримечательность" * 6
    text = (f"| a | b | c | d | e | f | g |\n|---|---|---|---|---|---|---|\n| {word} | 1 | 2 | 3 | 4 | 5 | 6 |\n\n"
            f"{word * 2}\n")
    data = to_pdf(text, title="t", lang="ru")
    flat = "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert word in flat and word * 2 in flat
    assert all(x < 195 for _, _, x, _, _ in _positions(data))


def test_inline_styles_lists_breaks_quotes_code_and_links() -> None:
    from pypdf import PdfReader

    from rmentor.outputs.documents.pdf import to_pdf

    text = ("## Раздел\n\nТекст с **жирным**, *курсивом* и [ссылкой](https://example.org/a?b=1).  \n"
            "Строка после жёсткого переноса.\n\n- один\n  - вложенный\n- два\n\n3. три\n4. четыре\n\n"
            "> цитата\n\n    код  с отступом\n\n---\n\n1) скобка\n- # заголовок в пункте\n\nКонец.\n")
    data = to_pdf(text, title="t", lang="ru")
    page = PdfReader(io.BytesIO(data)).pages[0]
    lines = [ln.strip() for ln in page.extract_text().splitlines()]
    assert lines[:3] == ["Раздел", "Текст с жирным, курсивом и ссылкой.", "Строка после жёсткого переноса."]
    assert lines[3:9] == ["• один", "• вложенный", "• два", "3. три", "4. четыре", "цитата"]
    assert lines[-4:-1] == ["1) скобка", "• заголовок в пункте", "Конец."]  # the footer last
    assert [a.get_object()["/A"]["/URI"] for a in page["/Annots"]] == ["https://example.org/a?b=1"]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Bold" in f for f in fonts) and any("Oblique" in f for f in fonts)
    runs = _positions(data)
    nested = next(r for r in runs if "вложенный" in r[1])
    first = next(r for r in runs if "один" in r[1])
    assert nested[2] > first[2]  # a nested item is indented


def _font_programs(data: bytes) -> list[dict[str, bytes]]:
    """Every embedded font program of a PDF, table by table."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            out.append({tag: program.reader[tag] for tag in sorted(program.reader.keys())})
    return out


def test_fonts_parsed_once_give_the_file_add_font_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-process font copy makes the PDF ``FPDF.add_font`` makes: the same pages, text and
    glyphs; only the embedded font's summary maxima (head, hhea, maxp) are the whole font's."""
    from pypdf import PdfReader

    from rmentor.outputs.documents import fonts
    from rmentor.outputs.documents.pdf import to_pdf

    text = "# Ёлка\n\n**Жирный** и *курсив*, ***оба***; emoji 😀 and 漢字.\n\n| a | b |\n|---|---|\n| x | y |\n"
    fast = [to_pdf(text, title="t", lang="ru") for _ in range(2)]
    assert fast[0] == fast[1]

    def add_font(pdf: Any, styles: Any, *_: Any) -> None:
        for style, path in fonts.files().items():
            if style in styles:
                pdf.add_font(fonts.FAMILY, style, str(path))

    monkeypatch.setattr(fonts, "add_to", add_font)
    slow = to_pdf(text, title="t", lang="ru")
    pages = [(PdfReader(io.BytesIO(d)).pages[0].get_contents().get_data(),  # type: ignore[union-attr]
              PdfReader(io.BytesIO(d)).pages[0].extract_text()) for d in (fast[0], slow)]
    assert pages[0] == pages[1]
    programs = [_font_programs(d) for d in (fast[0], slow)]
    assert len(programs[0]) == len(programs[1]) == 4
    for mine, theirs in zip(*programs, strict=True):
        assert mine.keys() == theirs.keys()
        assert {t: v for t, v in mine.items() if t not in ("head", "hhea", "maxp")} == \
            {t: v for t, v in theirs.items() if t not in ("head", "hhea", "maxp")}
