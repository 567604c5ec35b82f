"""Markdown documents as A4 PDF: fpdf2 (pure Python) with DejaVu Sans embedded for Cyrillic.

The Markdown is parsed by the same parser as the ``.html`` and ``.docx`` files and laid out here,
directly from its tokens: words are measured with the embedded font's advance widths and wrapped,
tables get column widths that follow their text, and every line is drawn as a few text runs.
(fpdf2's ``write_html`` did this before; it measured each line again for every character and cost
about 0.1 s a document, most of a kit's time.) The PDF carries the document title and language,
selectable (extractable) text in reading order, link annotations, and a fixed creation date, so
it is byte-stable.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timezone
from typing import Any, NamedTuple

from rmentor.i18n import Lang, tr
from rmentor.outputs.documents import fonts

#: The font sizes a one-page document starts from and may shrink to.
ONE_PAGE_START = 10.0
ONE_PAGE_MIN = 6.0


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


#: Colours: headings, list markers and links.
BLUE = (11, 79, 108)
LINK = (31, 95, 170)
BLACK = (0, 0, 0)
QUOTE = (85, 85, 85)
PT = 25.4 / 72  # millimetres per point
LINE = 1.2  # line height, times the font size (what _may_fit_one_page counts with)
INDENT = 6.0  # millimetres per list or quote level
PAD_X, PAD_Y = 1.0, 0.7  # millimetres inside a table cell
#: Heading levels: (size, times the text size; space above, below, in mm per point of text size).
HEADINGS = {1: (1.7, 0.0, 0.35), 2: (1.25, 0.45, 0.2), 3: (1.1, 0.3, 0.15)}


class _Piece(NamedTuple):  # a tuple: hundreds of thousands are made for a kit, a frozen dataclass is slower
    """A word, a breakable space (``" "``), a hard line break (``"\\n"``) or a picture (``image``)."""

    text: str
    style: str = ""  # "", "B", "I", "BI"
    link: str = ""
    image: str = ""


_Run = list[Any]  # [text, style, link, width in mm]: one stretch of a line in one style


def _pieces(inline: Any, *, bold: bool = False) -> list[_Piece]:
    """The words of an inline token with their style and link, in order."""
    out: list[_Piece] = []
    strong = em = 0
    link = ""
    for child in inline.children or []:
        kind = child.type
        style = ("B" if strong or bold else "") + ("I" if em else "")
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em = max(0, em - 1)
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            link = ""
        elif kind in ("text", "code_inline"):
            for k, part in enumerate(child.content.replace("\t", " ").replace("\n", " ").split(" ")):
                if k:
                    out.append(_Piece(" ", style, link))
                if part:
                    out.append(_Piece(part, style, link))
        elif kind == "softbreak":
            out.append(_Piece(" ", style, link))
        elif kind == "hardbreak":
            out.append(_Piece("\n", style, link))
        elif kind == "image":
            out.append(_Piece("", style, link, image=str(child.attrGet("src") or "")))
    return out


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class _Layout:
    """Lays Markdown tokens out on the pages of an ``FPDF``: wraps words, breaks pages, draws tables.

    The words are measured with the embedded font's own advance widths (what the PDF viewer uses),
    each word once per style and size, and every line is drawn as a few text runs at known places.
    """

    def __init__(self, pdf: Any, size: float, images: Mapping[str, bytes], image_width: float) -> None:
        self.pdf = pdf
        self.size = size
        self.images = images
        self.image_width = image_width  # millimetres
        self.left = pdf.l_margin
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.bottom = pdf.h - pdf.b_margin
        self.y = pdf.t_margin
        self.fresh = True  # nothing drawn on this page yet
        # the (style, size, colour) last set on the page: fpdf2's set_font and set_text_color cost as
        # much as drawing, and a line's runs mostly repeat them; forgotten when the footer may change them
        self._pen: tuple[str, float, tuple[int, int, int]] | None = None
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    # -- measuring and drawing ---------------------------------------------------------------
    def measure(self, text: str, style: str, size: float) -> float:
        cache = self._widths.get((style, size))
        if cache is None:
            cache = self._widths[(style, size)] = {}
        width = cache.get(text)
        if width is None:
            cw = self.pdf.fonts[fonts.FAMILY.lower() + style].cw
            width = cache[text] = sum(cw[ord(c)] for c in text) * size / 1000 * PT
        return width

    def wrap(self, pieces: list[_Piece], avail: float, size: float) -> list[list[_Run]]:
        """Greedy line breaking at spaces; a word wider than the line is cut between characters."""
        lines: list[list[_Run]] = []
        line: list[_Run] = []
        x = 0.0
        space: _Piece | None = None

        def push(text: str, style: str, link: str, width: float) -> None:
            if line and line[-1][1] == style and line[-1][2] == link:
                line[-1][0] += text
                line[-1][3] += width
            else:
                line.append([text, style, link, width])

        for piece in pieces:
            if piece.text == "\n":
                lines.append(line)
                line, x, space = [], 0.0, None
                continue
            if piece.text == " ":
                space = piece if line else None
                continue
            width = self.measure(piece.text, piece.style, size)
            gap = self.measure(" ", space.style, size) if space is not None else 0.0
            if line and x + gap + width > avail + 1e-6:
                lines.append(line)
                line, x, space, gap = [], 0.0, None, 0.0
            if not line and width > avail + 1e-6:  # a word longer than the line: cut it
                chunk, used = "", 0.0
                for ch in piece.text:
                    w = self.measure(ch, piece.style, size)
                    if chunk and used + w > avail + 1e-6:
                        lines.append([[chunk, piece.style, piece.link, used]])
                        chunk, used = "", 0.0
                    chunk += ch
                    used += w
                line, x = [[chunk, piece.style, piece.link, used]], used
                continue
            if space is not None:
                push(" ", space.style, space.link, gap)
                space = None
            push(piece.text, piece.style, piece.link, width)
            x += gap + width
        if line:
            lines.append(line)
        return lines

    def draw(self, line: list[_Run], x: float, y: float, size: float, height: float,
             color: tuple[int, int, int]) -> None:
        pdf = self.pdf
        baseline = y + 0.5 * height + 0.3 * size * PT
        for text, style, link, width in line:
            pen = (style + ("U" if link else ""), size, LINK if link else color)
            last = self._pen
            if pen != last:
                if last is None or pen[:2] != last[:2]:
                    pdf.set_font(fonts.FAMILY, pen[0], size)
                if last is None or pen[2] != last[2]:
                    pdf.set_text_color(*pen[2])
                self._pen = pen
            pdf.text(x, baseline, text)
            if link:
                pdf.link(x, y, width, height, link)
            x += width
        self.fresh = False

    def new_page(self) -> None:
        self.pdf.add_page()  # the footer of the page before sets its own font and colour
        self._pen = None
        self.y = self.pdf.t_margin
        self.fresh = True

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the current line."""
        if self.y + height > self.bottom + 1e-6 and not self.fresh:
            self.new_page()

    # -- blocks ---------------------------------------------------------------------------------
    def text_block(self, pieces: list[_Piece], *, indent: float, size: float, color: tuple[int, int, int] = BLACK,
                   marker: str = "", keep: float = 0.0) -> None:
        """Paragraph lines at ``indent`` (a list item's ``marker`` before the first); pictures in between."""
        height = size * PT * LINE
        segment: list[_Piece] = []
        for piece in [*pieces, _Piece("", image="\0")]:
            if not piece.image:
                segment.append(piece)
                continue
            for line in self.wrap(segment, self.width - indent, size):
                self.room(height + keep)
                keep = 0.0
                if marker:
                    mark = self.measure(marker, "", size)
                    self.draw([[marker, "", "", mark]], self.left + indent - mark - 1.5, self.y, size, height, BLUE)
                    marker = ""
                self.draw(line, self.left + indent, self.y, size, height, color)
                self.y += height
            segment = []
            if piece.image in self.images:
                self.picture(self.images[piece.image], indent)

    def picture(self, data: bytes, indent: float) -> None:
        width = min(self.image_width, self.width - indent)
        dims = _png_size(data)
        height = width * dims[1] / dims[0] if dims and dims[0] else width / 2
        self.room(height)
        info = self.pdf.image(io.BytesIO(data), x=self.left + indent, y=self.y, w=width)
        self.y += float(getattr(info, "rendered_height", height)) + self.size * 0.12
        self.fresh = False

    def rule(self, indent: float) -> None:
        self.room(3.0)
        self.pdf.set_draw_color(160, 160, 160)
        self.pdf.line(self.left + indent, self.y + 1.5, self.left + self.width, self.y + 1.5)
        self.y += 3.0
        self.fresh = False

    def table(self, rows: list[list[tuple[Any, bool]]], indent: float) -> None:
        """A table: column widths follow the text, a line under every row, the header again on a new page."""
        count = max((len(r) for r in rows), default=0)
        if not count:
            return
        weights = column_weights([[r[c][0].content for r in rows if c < len(r)] for c in range(count)])
        total = sum(weights) or 1.0
        width = self.width - indent
        widths, size = self._fit([width * w / total for w in weights], rows)
        laid = [[self.wrap(_pieces(inline, bold=head), max(1.0, w - 2 * PAD_X), size)
                 for (inline, head), w in zip(r, widths, strict=False)] for r in rows]
        header = laid[0] if rows and all(head for _, head in rows[0]) else None
        x0 = self.left + indent
        for k, cells in enumerate(laid):
            self._row(cells, widths, x0, size, header if k else None)
        self.y += self.size * 0.3

    def _fit(self, widths: list[float], rows: list[list[tuple[Any, bool]]]) -> tuple[list[float], float]:
        """Column widths and a text size at which no word is cut («Пара», a date), where there is one.

        Columns whose longest word would be cut are widened and the others narrowed; a table whose
        longest words do not fit side by side is set up to a fifth smaller (as Word tables of five
        or more columns are). Only a word too long even then is cut between letters.
        """
        size = self.size
        pad = 2 * PAD_X + 0.1
        longest = [0.0] * len(widths)
        for row in rows:
            for c, (inline, head) in enumerate(row[:len(widths)]):
                for piece in _pieces(inline, bold=head):
                    if piece.text not in (" ", "\n") and not piece.image:
                        longest[c] = max(longest[c], self.measure(piece.text, piece.style, size))
        total = sum(widths)
        text = sum(longest)
        if text + pad * len(widths) > total:
            scale = max(0.8, min(1.0, (total - pad * len(widths)) / text if text else 1.0))
            size = math.floor(size * scale * 4) / 4  # quarter points: the same sizes on every machine
            longest = [w * size / self.size for w in longest]
        longest = [w + pad for w in longest]
        if sum(longest) > total:
            return widths, size
        fixed: dict[int, float] = {}
        while True:
            free = [c for c in range(len(widths)) if c not in fixed]
            share = sum(widths[c] for c in free) or 1.0
            room = total - sum(fixed.values())
            out = [fixed.get(c, widths[c] * room / share) for c in range(len(widths))]
            short = [c for c in free if out[c] < longest[c]]
            if not short:
                return out, size
            fixed.update({c: longest[c] for c in short})

    def _row(self, cells: list[list[list[_Run]]], widths: list[float], x0: float, size: float,
             header: list[list[list[_Run]]] | None) -> None:
        height = size * PT * LINE
        n = max([1, *(len(c) for c in cells)])
        first = 0
        while first < n:
            if self.y + (n - first) * height + 2 * PAD_Y > self.bottom + 1e-6 and not self.fresh:
                self.new_page()
                if header is not None:
                    self._row(header, widths, x0, size, None)
            fit = max(1, int((self.bottom - self.y - 2 * PAD_Y + 1e-6) // height))
            last = min(n, first + fit)
            x = x0
            for lines, w in zip(cells, widths, strict=False):
                part = lines[first:last]
                y = self.y + PAD_Y + (last - first - len(part)) * height / 2  # centred in the row
                for line in part:
                    self.draw(line, x + PAD_X, y, size, height, BLACK)
                    y += height
                x += w
            self.y += (last - first) * height + 2 * PAD_Y
            self.pdf.set_draw_color(0, 0, 0)
            self.pdf.line(x0, self.y, x0 + sum(widths), self.y)
            self.fresh = False
            first = last

    # -- the document ---------------------------------------------------------------------------
    def document(self, tokens: Sequence[Any]) -> None:
        lists: list[list[int]] = []  # per open list: [ordered?, next number]
        quotes = 0
        marker = ""
        heading = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            indent = INDENT * (len(lists) + quotes)
            if kind == "table_open":
                rows: list[list[tuple[Any, bool]]] = []
                i += 1
                while tokens[i].type != "table_close":
                    t = tokens[i]
                    if t.type == "tr_open":
                        rows.append([])
                    elif t.type == "inline":
                        rows[-1].append((t, tokens[i - 1].type == "th_open"))
                    i += 1
                self.table(rows, indent)
            elif kind == "heading_open":
                heading = min(3, int(tok.tag[1:]))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append([kind == "ordered_list_open", int(tok.attrGet("start") or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
                if not lists:
                    self.y += self.size * 0.12
            elif kind == "list_item_open" and lists:
                ordered, number = lists[-1]
                marker = f"{number}{tok.markup or '.'}" if ordered else "•"  # «1.» or «1)» as written
                lists[-1][1] = number + 1
            elif kind == "list_item_close" and marker:  # an empty item: its marker alone, a line to write on
                self.text_block([_Piece("\u00a0")], indent=indent, size=self.size, marker=marker)
                marker = ""
            elif kind == "blockquote_open":
                quotes += 1
            elif kind == "blockquote_close":
                quotes = max(0, quotes - 1)
            elif kind == "hr":
                self.rule(indent)
            elif kind in ("code_block", "fence"):
                pieces = [p for line in tok.content.rstrip("\n").split("\n")
                          for p in [*_pieces(_Text(line)), _Piece("\n")]]
                self.text_block(pieces, indent=indent + INDENT / 2, size=self.size, color=QUOTE)
                self.y += self.size * 0.12
            elif kind == "inline" and heading:
                scale, above, below = HEADINGS[heading]
                size = self.size * scale
                if not self.fresh:
                    self.y += self.size * above
                # a heading stays with the first lines of what follows it
                self.text_block(_pieces(tok, bold=True), indent=indent, size=size, color=BLUE, marker=marker,
                                keep=2 * self.size * PT * LINE)
                self.y += self.size * below
                heading = 0
                marker = ""
            elif kind == "inline":
                gap = 0.0 if lists else self.size * 0.12
                if not self.fresh:
                    self.y += gap
                self.text_block(_pieces(tok), indent=indent, size=self.size, marker=marker,
                                color=QUOTE if quotes else BLACK)
                self.y += gap
                marker = ""
            i += 1
        self.pdf.set_y(self.y)


@dataclass
class _Text:
    """A stand-in inline token: one text child (code blocks are laid out as plain lines)."""

    content: str

    @property
    def children(self) -> list[Any]:
        return [self]

    @property
    def type(self) -> str:
        return "text"


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


#: Characters the layout draws besides the text: list markers and numbers, an empty item's space,
#: the page numbers of the footer.
LAYOUT_CHARACTERS = "0123456789.)•\u00a0 "


def alphabet(texts: Iterable[str]) -> str:
    """The characters PDFs of ``texts`` (Markdown) draw, each once, in code point order.

    Given to :func:`to_pdf` for every document of a batch, it makes their embedded fonts identical,
    so the font subset is cut once per process (:mod:`rmentor.outputs.documents.fonts`). A superset
    is fine (Markdown's own ``#*|``), a character left out only makes that document slower.
    """
    from rmentor.outputs.documents import printable

    chars: set[str] = set(LAYOUT_CHARACTERS)
    for text in texts:
        chars.update(printable(text))
    return "".join(sorted(c for c in chars if c >= " "))


#: Markdown that may be set in bold: strong spans, headings (any line with ``#``, a line underlined
#: with ``===`` or ``---``) and table header rows (the line above ``|---|``).
_STRONG = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_UNDERLINE = re.compile(r"^ {0,3}(=+|-+|\|?[ :|-]*-[ :|-]*)\s*$")


def bold_alphabet(texts: Iterable[str]) -> str:
    """The characters of ``texts`` that may be drawn in bold, each once, in code point order.

    A superset found without parsing (a few bold words are most of a document's text in no kit
    file, so the bold fonts of a batch stay smaller than its regular ones). A bold character it
    misses only sends that document through fpdf2's own font subsetting.
    """
    from rmentor.outputs.documents import printable

    chars: set[str] = set()
    for text in texts:
        text = printable(text)
        for match in _STRONG.finditer(text):
            chars.update(match.group(1) or match.group(2) or "")
        lines = text.splitlines()
        for k, line in enumerate(lines):
            if "#" in line or (k + 1 < len(lines) and _UNDERLINE.match(lines[k + 1])):
                chars.update(line)
    return "".join(sorted(c for c in chars if c >= " "))


def _make_pdf(tokens: Sequence[Any], *, title: str, lang: Lang, size: float, images: Mapping[str, bytes],
              page_numbers: bool, italic: bool, chars: str = "", bold: str = "") -> Any:
    from fpdf import FPDF

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
    # pages are broken by the layout, which knows where a line or a table row ends
    pdf.set_auto_page_break(False, margin=16 if page_numbers else 12)
    needed = {"", "B"} | ({"I", "BI"} if italic else set())
    fonts.add_to(pdf, needed, chars, bold)  # parsed once per process; only the styles the text uses
    pdf.set_font(fonts.FAMILY, "", size)
    pdf.add_page()
    # a full-width picture at 10.5 pt text, smaller with smaller text (a one-page brief shrinks both)
    _Layout(pdf, size, images, 500 * min(1.0, size / 10.5) * PT).document(tokens)
    return pdf


def to_pdf(markdown_text: str, *, title: str, lang: Lang, images: Mapping[str, bytes] | None = None,
           one_page: bool = False, size: float = 10.5, alphabet: str = "", bold_alphabet: str = "") -> bytes:
    """An A4 PDF of ``markdown_text``.

    With ``one_page`` the font shrinks step by step (down to 6 pt) until the document fits one page;
    otherwise every page gets "page N of M" in its footer. ``images`` maps an image's ``src`` in the
    Markdown to its PNG bytes. With an ``alphabet`` (:func:`alphabet` of every document of a batch)
    the embedded fonts cover it, the same in every document that shares it, and are cut once per
    process; without, each font holds just the glyphs this document uses. ``bold_alphabet``
    (:func:`bold_alphabet`), when given, is what the bold fonts cover instead.
    """
    from rmentor.outputs.documents import printable
    from rmentor.outputs.documents import tokens as parsed

    markdown_text, title = printable(markdown_text), printable(title)
    known = dict(images or {})
    tokens = parsed(markdown_text)
    italic = any(c.type == "em_open" for t in tokens for c in t.children or [])
    if alphabet:  # with the footer's words in this language: the same for every document of the batch
        alphabet = fonts.normalized(alphabet + LAYOUT_CHARACTERS + tr("Page {page} of {pages}", page="", pages=""))
        bold_alphabet = fonts.normalized(bold_alphabet) if bold_alphabet else alphabet
    if not one_page:
        return fonts.output(_make_pdf(tokens, title=title, lang=lang, size=size, images=known, page_numbers=True,
                                      italic=italic, chars=alphabet, bold=bold_alphabet))
    size = ONE_PAGE_START if _may_fit_one_page(markdown_text) else ONE_PAGE_MIN
    while True:
        pdf = _make_pdf(tokens, title=title, lang=lang, size=size, images=known, page_numbers=False, italic=italic,
                        chars=alphabet, bold=bold_alphabet)
        if pdf.pages_count == 1 or size <= ONE_PAGE_MIN:
            return fonts.output(pdf)
        # text height scales with the square of the size (lines are shorter and fewer): aim, then step
        usable = pdf.h - pdf.t_margin - pdf.b_margin
        used = (pdf.pages_count - 1) * usable + (pdf.y - pdf.t_margin)
        size = max(ONE_PAGE_MIN, min(size - 0.25, round(size * (usable / used) ** 0.5 * 0.98 * 4) / 4))
