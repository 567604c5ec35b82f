"""Markdown documents as A4 PDF: fpdf2 (pure Python) with DejaVu Sans embedded for Cyrillic.

The Markdown is rendered to HTML by the same parser as the ``.html`` files, given column widths
that follow the text, and laid out with fpdf2's HTML support. The PDF carries the document title
and language, selectable (extractable) text, and a fixed creation date, so it is byte-stable.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Mapping
from datetime import timezone
from typing import Any

from rmentor.i18n import Lang, tr

#: The font sizes a one-page document starts from and may shrink to.
ONE_PAGE_START = 10.0
ONE_PAGE_MIN = 6.0


def _tokens_with_widths(markdown_text: str, image_width: float) -> list[Any]:
    """Parse, then give every table header cell a width (wide text gets a wide column), every image a size."""
    from rmentor.outputs.documents import parser

    tokens: list[Any] = parser().parse(markdown_text)
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "image":
                child.attrSet("width", f"{image_width:.0f}")  # points; the height keeps the ratio
    i = 0
    while i < len(tokens):
        if tokens[i].type != "table_open":
            i += 1
            continue
        end = next(k for k in range(i, len(tokens)) if tokens[k].type == "table_close")
        lengths: dict[int, list[str]] = {}
        header: list[Any] = []
        col = 0
        for tok in tokens[i:end]:
            if tok.type == "tr_open":
                col = 0
            elif tok.type in ("th_open", "td_open"):
                tok.attrSet("align", "left")  # fpdf2 justifies table cells otherwise
                if tok.type == "th_open":
                    header.append(tok)
            elif tok.type == "inline":
                lengths.setdefault(col, []).append(tok.content)
                col += 1
                _flatten(tok)
        weights = column_weights([lengths.get(c, []) for c in range(len(header))])
        total = sum(weights) or 1.0
        for tok, weight in zip(header, weights, strict=True):
            tok.attrSet("width", f"{100 * weight / total:.0f}%")
            tok.attrs.pop("style", None)
        i = end + 1
    return tokens


def column_weights(columns: list[list[str]]) -> list[float]:
    """A share of the page width per table column, from its cells' text.

    The longest word must fit (a date or a long Russian word is never split), and long text wraps,
    so the longest cell counts damped.
    """
    weights = []
    for texts in columns:
        longest = max((len(t) for t in texts), default=1)
        word = max((len(w) for t in texts for w in t.split()), default=1)
        weights.append(max(4.0, min(word * 1.5, 36), min(longest, 30) * 0.8, math.sqrt(longest) * 3))
    floor = sum(weights) / (len(weights) * 4)  # no column below a quarter of an equal share
    return [max(w, floor) for w in weights]


def _flatten(inline: Any) -> None:
    """fpdf2 takes plain text only inside a table cell: drop bold, italics and links, keep the words."""
    from markdown_it.token import Token

    text = "".join(c.content if c.type in ("text", "code_inline") else " " if "break" in c.type else ""
                   for c in inline.children or [])
    inline.children = [Token("text", "", 0, content=text)]


def _html(markdown_text: str, size: float, *, widths: bool = True) -> str:
    from rmentor.outputs.documents import parser

    md = parser()
    # a full-width picture at 10.5 pt text, smaller with smaller text (a one-page brief shrinks both)
    width = 500 * min(1.0, size / 10.5)
    tokens = _tokens_with_widths(markdown_text, width)
    if not widths:
        for tok in tokens:
            if tok.type == "th_open":
                tok.attrs.pop("width", None)
    return str(md.renderer.render(tokens, md.options, {}))


def _make_pdf(html: str, *, title: str, lang: Lang, size: float, images: Mapping[str, bytes],
              page_numbers: bool) -> Any:
    from fpdf import FPDF, FontFace, TextStyle

    from rmentor.outputs.documents import fonts
    from rmentor.outputs.xlsx import build_epoch

    page_text = tr("Page {page} of {pages}", page="{page}", pages="{pages}")
    # fpdf2 logs a warning per glyph the font lacks (emoji, CJK): the text is still there to copy;
    # library code does not print, so give its logger a handler that drops records
    log = logging.getLogger("fpdf")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())

    class _Pdf(FPDF):
        def footer(self) -> None:
            if not page_numbers:
                return
            self.set_y(-12)
            self.set_font(fonts.FAMILY, "", 8)
            self.set_text_color(120, 120, 120)
            text = page_text.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
            self.cell(0, 6, text, align="R")

    pdf = _Pdf(format="A4", unit="mm")
    pdf.set_creation_date(build_epoch().replace(tzinfo=timezone.utc))
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_author("rmentor")
    pdf.set_creator("rmentor")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=16 if page_numbers else 12)
    needed = {"", "B"} | ({"I", "BI"} if "<em>" in html else set())
    for style, path in fonts.files().items():
        if style in needed:  # each font costs time to load: only what the text uses
            pdf.add_font(fonts.FAMILY, style, str(path))
    pdf.set_font(fonts.FAMILY, "", size)
    pdf.add_page()
    blue = (11, 79, 108)
    styles = {
        "h1": TextStyle(font_family=fonts.FAMILY, font_style="B", font_size_pt=size * 1.7, color=blue,
                        t_margin=0, b_margin=size * 0.35),
        "h2": TextStyle(font_family=fonts.FAMILY, font_style="B", font_size_pt=size * 1.25, color=blue,
                        t_margin=size * 0.45, b_margin=size * 0.2),
        "h3": TextStyle(font_family=fonts.FAMILY, font_style="B", font_size_pt=size * 1.1, color=blue,
                        t_margin=size * 0.3, b_margin=size * 0.15),
        "p": TextStyle(font_family=fonts.FAMILY, font_size_pt=size, t_margin=size * 0.12, b_margin=size * 0.12),
        "code": TextStyle(font_family=fonts.FAMILY, font_size_pt=size),
        "pre": TextStyle(font_family=fonts.FAMILY, font_size_pt=size),
        "a": FontFace(color=(31, 95, 170), emphasis="UNDERLINE"),
    }

    def image(src: str) -> Any:
        return io.BytesIO(images[src]) if src in images else src

    pdf.write_html(html, font_family=fonts.FAMILY, tag_styles=styles, image_map=image, li_prefix_color=blue,
                   table_line_separators=True)
    return pdf


def _may_fit_one_page(markdown_text: str) -> bool:
    """False when the text has more lines than one A4 page holds even at the smallest size.

    Each table row and paragraph line takes at least one line of ``ONE_PAGE_MIN`` text; a brief of
    a company-wide cohort (thousands of pairs) goes straight to the smallest size instead of being
    laid out at every size on the way down.
    """
    line_mm = ONE_PAGE_MIN * 0.3528 * 1.2  # points to mm, times the tightest line spacing fpdf2 uses
    usable_mm = 297 - 14 - 12  # A4 less the top and bottom margins of a one-page document
    lines = sum(1 for line in markdown_text.splitlines() if any(c.isalnum() for c in line))  # not |---|
    return lines * line_mm <= usable_mm


def to_pdf(markdown_text: str, *, title: str, lang: Lang, images: Mapping[str, bytes] | None = None,
           one_page: bool = False, size: float = 10.5) -> bytes:
    """An A4 PDF of ``markdown_text``.

    With ``one_page`` the font shrinks step by step (down to 6 pt) until the document fits one page;
    otherwise every page gets "page N of M" in its footer. ``images`` maps an image's ``src`` in the
    Markdown to its PNG bytes.
    """
    from fpdf.errors import FPDFException

    from rmentor.outputs.documents import printable

    markdown_text, title = printable(markdown_text), printable(title)
    known = dict(images or {})
    if not one_page:
        try:
            html = _html(markdown_text, size)
            return bytes(_make_pdf(html, title=title, lang=lang, size=size, images=known, page_numbers=True).output())
        except FPDFException:  # a column too narrow for one character: equal columns always fit
            html = _html(markdown_text, size, widths=False)
            return bytes(_make_pdf(html, title=title, lang=lang, size=size, images=known, page_numbers=True).output())
    size = ONE_PAGE_START if _may_fit_one_page(markdown_text) else ONE_PAGE_MIN
    while True:
        html = _html(markdown_text, size)
        pdf = _make_pdf(html, title=title, lang=lang, size=size, images=known, page_numbers=False)
        if pdf.pages_count == 1 or size <= ONE_PAGE_MIN:
            return bytes(pdf.output())
        # text height scales with the square of the size (lines are shorter and fewer): aim, then step
        usable = pdf.h - pdf.t_margin - pdf.b_margin
        used = (pdf.pages_count - 1) * usable + (pdf.y - pdf.t_margin)
        size = max(ONE_PAGE_MIN, min(size - 0.25, round(size * (usable / used) ** 0.5 * 0.98 * 4) / 4))
