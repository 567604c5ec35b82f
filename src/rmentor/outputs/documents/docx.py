"""Markdown documents as Word files (python-docx): A4, headings, lists, tables, links, page numbers.

The same Markdown tokens as the HTML and PDF, walked into Word's own structures (real headings,
real tables with a repeated header row, real hyperlinks), so a company can edit the file in Word
or upload it to a document system. Byte-stable: the document dates and the zip entries carry
``SOURCE_DATE_EPOCH`` (or a constant).

python-docx is the reference: :func:`reference_docx` builds each document through its API.
A company-wide kit is thousands of files, so :func:`to_docx` makes the same parts faster
(``tests/test_docx_fast.py`` compares every part on random Markdown with hostile text): python-docx
opens and saves the base document once per process and language, the unchanging parts (styles,
theme, footer, ~800 KB of XML) are compressed once, and each document's body is built with lxml,
python-docx's own XML library, in the order python-docx puts elements; its relationships and
properties go through python-docx's classes. 7-12x less CPU a document (``bench/bench_docx.py``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rmentor.i18n import Lang, tr
from rmentor.outputs.xlsx import build_epoch, normalize_zip

_LANG_TAG = {"ru": "ru-RU", "en": "en-GB"}
TEXT_WIDTH_MM = 170  # A4 less 20 mm margins


def _hyperlink(paragraph: Any, url: str, text: str, bold: bool) -> None:
    """A real, clickable hyperlink run (python-docx has no public API for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1F5FAA")
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    if bold:
        props.append(OxmlElement("w:b"))
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _page_number_footer(section: Any, text: str) -> None:
    """"Page N of M" in the footer, with Word's own PAGE/NUMPAGES fields (``text`` has them between NULs)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, part in enumerate(text.split("\0")):
        if i % 2 == 0:
            if part:
                paragraph.add_run(part)
            continue
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), part)
        run = OxmlElement("w:r")
        node = OxmlElement("w:t")
        node.text = "1"
        run.append(node)
        field.append(run)
        paragraph._p.append(field)


def _set_language(document: Any, lang: Lang) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = document.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), _LANG_TAG[lang])
    tag.set(qn("w:eastAsia"), _LANG_TAG[lang])
    props.append(tag)


_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "List Bullet 2")


@cache
def _base(lang: Lang, footer: str) -> bytes:
    """The empty document every file starts from (A4, margins, font, language, page-number footer).

    Made once per process and language, then opened from these bytes for each document: python-docx
    would otherwise set up the same package for every one of thousands of kit files.
    """
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    _set_language(document, lang)
    _page_number_footer(section, footer)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _style_ids(document: Any) -> dict[str, str]:
    """Style name -> id, looked up once a document (python-docx scans every style per paragraph)."""
    return {name: document.styles[name].style_id for name in (*_STYLES, "Table Grid")}


def _styled(document: Any, style_id: str) -> Any:
    """``document.add_paragraph(style=...)`` with the id already known: the same XML, no style scan."""
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


# --- the walk over the Markdown tokens, shared by both builders --------------------------------------------

def _walk(tokens: Sequence[Any], sink: Any) -> None:
    """Walk the block tokens of a document into ``sink`` (:class:`_Reference` or :class:`_Fast`)."""
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    numbers: list[int] = []  # the next number of each open ordered list
    heading = 0
    in_item = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "table_open":
            i = _table(sink, tokens, i)
            continue
        if kind == "heading_open":
            heading = int(tok.tag[1])
        elif kind == "bullet_list_open":
            lists.append("bullet")
        elif kind == "ordered_list_open":
            lists.append("ordered")
            numbers.append(int(tok.attrGet("start") or 1))
        elif kind == "bullet_list_close":
            lists.pop()
        elif kind == "ordered_list_close":
            lists.pop()
            numbers.pop()
        elif kind == "list_item_open":
            in_item = True
        elif kind == "hr":
            sink.empty()
        elif kind == "inline":
            if heading:
                paragraph = sink.paragraph(f"Heading {min(heading, 4)}")
                heading = 0
            elif in_item and lists and lists[-1] == "bullet":
                paragraph = sink.paragraph("List Bullet" if len(lists) == 1 else "List Bullet 2")
                in_item = False
            elif in_item and lists:
                # numbered by hand: Word's "List Number" style runs on across lists (1-6, then 7-9)
                paragraph = sink.numbered(numbers[-1], len(lists))
                numbers[-1] += 1
                in_item = False
            else:
                paragraph = sink.paragraph(None)
            _inline(sink, paragraph, tok)
        i += 1


def _inline(sink: Any, paragraph: Any, token: Any) -> None:
    """Add the runs of an inline token (text, bold, italics, code, links, line breaks)."""
    bold = italic = False
    link: str | None = None
    link_text: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            link, link_text = str(child.attrGet("href") or ""), []
        elif kind == "link_close":
            if link:
                sink.link(paragraph, link, "".join(link_text) or link, bold)
            link = None
        elif kind in ("text", "code_inline"):
            if link is not None:
                link_text.append(child.content)
                continue
            sink.run(paragraph, child.content, bold, italic, kind == "code_inline")
        elif kind == "softbreak":
            sink.space(paragraph)
        elif kind == "hardbreak":
            sink.line_break(paragraph)


def _table(sink: Any, tokens: Sequence[Any], start: int) -> int:
    """Add the table that opens at ``tokens[start]``; returns the index after it."""
    from docx.shared import Mm, Pt

    from rmentor.outputs.documents.pdf import column_weights

    rows: list[tuple[bool, list[Any]]] = []  # (header?, inline tokens)
    i = start + 1
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            rows.append((tokens[i + 1].type == "th_open", []))
        elif tok.type == "inline":
            rows[-1][1].append(tok)
        i += 1
    width = max((len(cells) for _, cells in rows), default=1)
    weights = column_weights([[cells[c].content for _, cells in rows if c < len(cells)] for c in range(width)])
    widths = [Mm(TEXT_WIDTH_MM * w / sum(weights)) for w in weights]
    small = Pt(9) if width >= 5 else None  # a wide table reads better a size smaller
    table = sink.table(widths)
    for header, cells in rows:
        row = sink.row(table, header)
        for c, inline in enumerate(cells):
            paragraph = sink.cell(row, c, small, header)
            _inline(sink, paragraph, inline)
            sink.cell_done(paragraph)
    sink.empty()
    return i + 1


# --- the reference: python-docx's own API, call by call ---------------------------------------------------

class _Reference:
    """Builds the document with python-docx's public API: the definition of what a kit file contains.

    :func:`to_docx` makes the same parts faster (:class:`_Fast`); ``tests/test_docx_fast.py`` proves it.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = _style_ids(document)
        self._cell: tuple[int | None, bool] = (None, False)  # the open cell's font size and header flag

    def paragraph(self, style: str | None) -> Any:
        if style is None:
            return self.document.add_paragraph()
        return _styled(self.document, self.styles[style])

    def numbered(self, number: int, depth: int) -> Any:
        from docx.shared import Mm

        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(8 * depth)
        paragraph.paragraph_format.first_line_indent = Mm(-6)
        paragraph.add_run(f"{number}.\t")
        return paragraph

    def empty(self) -> None:
        self.document.add_paragraph()

    @staticmethod
    def run(paragraph: Any, text: str, bold: bool, italic: bool, code: bool) -> None:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if code:
            run.font.name = "Consolas"

    @staticmethod
    def space(paragraph: Any) -> None:
        paragraph.add_run(" ")

    @staticmethod
    def line_break(paragraph: Any) -> None:
        paragraph.add_run().add_break()

    @staticmethod
    def link(paragraph: Any, url: str, text: str, bold: bool) -> None:
        _hyperlink(paragraph, url, text, bold)

    def table(self, widths: list[int]) -> Any:
        table = self.document.add_table(rows=0, cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w  # the grid: LibreOffice reads it, Word reads the cells
        return table, widths

    @staticmethod
    def row(table: Any, header: bool) -> Any:
        table, widths = table
        row = table.add_row()
        if header:
            _repeat_header(row)
        return row, widths

    def cell(self, row: Any, c: int, small: int | None, header: bool) -> Any:
        from docx.shared import Pt

        row, widths = row
        cell = row.cells[c]
        cell.width = widths[c]
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        self._cell = small, header
        return paragraph

    def cell_done(self, paragraph: Any) -> None:
        small, header = self._cell
        if small is not None:
            for run in paragraph.runs:
                run.font.size = small
        if header:
            for run in paragraph.runs:
                run.bold = True


#: python-docx refuses a document property longer than this (a long program name would stop ``plan``).
TITLE_MAX = 255


def _core_properties(props: Any, title: str, lang: Lang) -> None:
    props.title = title if len(title) <= TITLE_MAX else title[:TITLE_MAX - 1] + "…"
    props.author = props.last_modified_by = "rmentor"
    props.created = props.modified = props.last_printed = build_epoch()
    props.revision = 1
    props.language = _LANG_TAG[lang]


def _footer() -> str:
    return tr("Page {page} of {pages}", page="\0PAGE\0", pages="\0NUMPAGES\0")


def reference_docx(markdown_text: str, *, title: str, lang: Lang) -> bytes:
    """What :func:`to_docx` returns, made the plain python-docx way (slow: for tests and comparisons)."""
    from docx import Document

    from rmentor.outputs.documents import printable
    from rmentor.outputs.documents import tokens as parsed

    markdown_text, title = printable(markdown_text), printable(title)
    document = Document(io.BytesIO(_base(lang, _footer())))
    _walk(parsed(markdown_text), _Reference(document))
    _core_properties(document.core_properties, title, lang)
    buf = io.BytesIO()
    document.save(buf)
    return normalize_zip(buf.getvalue(), build_epoch())


# --- the fast path: the same parts, the unchanging ones made once ---------------------------------------------

_DOCUMENT, _RELS, _CORE = "word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml"


@dataclass(frozen=True)
class _Template:
    """What every document of one language shares, made once per process by python-docx itself."""

    static_zip: bytes  # every part but the three below, compressed once, as python-docx saves them
    document: bytes  # word/document.xml of the empty document (its body holds only the section)
    rels: bytes  # word/_rels/document.xml.rels without hyperlinks
    rel_ids: frozenset[str]  # the relationship ids in it (styles, footer...): hyperlinks take the next free ones
    core: bytes  # docProps/core.xml before the title and dates are set
    styles: dict[str, str]  # style name -> id
    hanging: str  # w:hanging of a numbered item (python-docx's first_line_indent = Mm(-6))


@cache
def _template(lang: Lang, footer: str) -> _Template:
    """The base document opened and saved by python-docx, as :func:`reference_docx` does for each document."""
    from docx import Document
    from docx.opc.oxml import parse_xml as parse_rels
    from docx.oxml.simpletypes import ST_TwipsMeasure
    from docx.shared import Mm

    document = Document(io.BytesIO(_base(lang, footer)))
    styles = _style_ids(document)
    buf = io.BytesIO()
    document.save(buf)  # the parts exactly as python-docx writes them for every document
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as static:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        for name, data in parts.items():
            if name not in (_DOCUMENT, _RELS, _CORE):
                static.writestr(name, data)
    rel_ids = frozenset(str(rel.rId) for rel in parse_rels(parts[_RELS]))  # type: ignore[arg-type]
    return _Template(out.getvalue(), parts[_DOCUMENT], parts[_RELS], rel_ids, parts[_CORE], styles,
                     ST_TwipsMeasure.convert_to_xml(-Mm(-6)))


def to_docx(markdown_text: str, *, title: str, lang: Lang) -> bytes:
    """A Word (``.docx``) file of ``markdown_text`` on A4.

    The parts are those :func:`reference_docx` makes with python-docx (``tests/test_docx_fast.py``
    proves it on random documents), built faster: the body with lxml, the unchanging parts
    (styles, theme, footer...) serialised and compressed once per process and language, then
    appended to with :mod:`zipfile`.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import parse_xml as parse_rels
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    from rmentor.outputs.documents import printable
    from rmentor.outputs.documents import tokens as parsed

    markdown_text, title = printable(markdown_text), printable(title)
    template = _template(lang, _footer())
    fast = _Fast(template)
    _walk(parsed(markdown_text), fast)
    rels = template.rels
    if fast.links:
        element = parse_rels(rels)  # type: ignore[arg-type]  # bytes, as python-docx's own reader passes
        for url, rid in fast.links.items():
            element.add_rel(rid, RELATIONSHIP_TYPE.HYPERLINK, url, is_external=True)
        rels = serialize_part_xml(element)
    core = parse_xml(template.core)
    _core_properties(CoreProperties(core), title, lang)
    buf = io.BytesIO(template.static_zip)
    buf.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_DOCUMENT, fast.serialize())
        archive.writestr(_RELS, rels)
        archive.writestr(_CORE, serialize_part_xml(core))
    return normalize_zip(buf.getvalue(), build_epoch())


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _PRESERVE = _W + "val", "{http://www.w3.org/XML/1998/namespace}space"
_SPECIAL = re.compile(r"([\t\r\n])")


class _Fast:
    """The body of :class:`_Reference`'s document, built with lxml in the order python-docx puts things.

    Elements are made with ``SubElement`` under the document's own root, so they take its namespace
    prefixes, as python-docx's do once inserted.
    """

    def __init__(self, template: _Template) -> None:
        from lxml import etree

        self.template = template
        self.sub = etree.SubElement
        self.root = etree.fromstring(template.document, etree.XMLParser(resolve_entities=False))
        self.body = self.root[0]
        self.section = self.body[-1]
        self.body.remove(self.section)
        self.links: dict[str, str] = {}  # url -> relationship id, in the order python-docx adds them
        self.used = set(template.rel_ids)

    def serialize(self) -> bytes:
        from docx.opc.oxml import serialize_part_xml

        self.body.append(self.section)
        return bytes(serialize_part_xml(self.root))

    def paragraph(self, style: str | None) -> Any:
        p = self.sub(self.body, _W + "p")
        if style is not None:
            self.sub(self.sub(p, _W + "pPr"), _W + "pStyle", {_VAL: self.template.styles[style]})
        return p, None, False

    def numbered(self, number: int, depth: int) -> Any:
        from docx.oxml.simpletypes import ST_SignedTwipsMeasure
        from docx.shared import Mm

        sub = self.sub
        p = sub(self.body, _W + "p")
        sub(sub(p, _W + "pPr"), _W + "ind", {_W + "left": ST_SignedTwipsMeasure.convert_to_xml(Mm(8 * depth)),
                                             _W + "hanging": self.template.hanging})
        r = sub(p, _W + "r")
        sub(r, _W + "t").text = f"{number}."
        sub(r, _W + "tab")
        return p, None, False

    def empty(self) -> None:
        self.sub(self.body, _W + "p")

    def _props(self, r: Any, code: bool, bold: bool, italic: bool, size: str | None) -> None:
        sub = self.sub
        props = sub(r, _W + "rPr")
        if code:
            sub(props, _W + "rFonts", {_W + "ascii": "Consolas", _W + "hAnsi": "Consolas"})
        if bold:
            sub(props, _W + "b")
        if italic:
            sub(props, _W + "i")
        if size is not None:
            sub(props, _W + "sz", {_VAL: size})

    def _text(self, r: Any, text: str) -> None:
        """python-docx's ``run.text = text``: a tab is ``w:tab``, CR or LF ``w:br``, the rest ``w:t``."""
        sub = self.sub
        for piece in _SPECIAL.split(text) if ("\t" in text or "\r" in text or "\n" in text) else (text,):
            if piece == "\t":
                sub(r, _W + "tab")
            elif piece in ("\r", "\n"):
                sub(r, _W + "br")
            elif piece:
                t = sub(r, _W + "t")
                t.text = piece
                if len(piece.strip()) < len(piece):
                    t.set(_PRESERVE, "preserve")

    def run(self, paragraph: Any, text: str, bold: bool, italic: bool, code: bool) -> None:
        p, size, header = paragraph
        r = self.sub(p, _W + "r")
        self._props(r, code, bold or header, italic, size)
        if text:
            self._text(r, text)

    def space(self, paragraph: Any) -> None:
        p, size, header = paragraph
        r = self.sub(p, _W + "r")
        if size is not None or header:
            self._props(r, False, header, False, size)
        self._text(r, " ")

    def line_break(self, paragraph: Any) -> None:
        p, size, header = paragraph
        r = self.sub(p, _W + "r")
        if size is not None or header:
            self._props(r, False, header, False, size)
        self.sub(r, _W + "br")

    def link(self, paragraph: Any, url: str, text: str, bold: bool) -> None:
        sub = self.sub
        rid = self.links.get(url)
        if rid is None:  # python-docx's next free id, one per distinct address
            n = 1
            while f"rId{n}" in self.used:
                n += 1
            rid = self.links[url] = f"rId{n}"
            self.used.add(rid)
        link = sub(paragraph[0], _W + "hyperlink", {_R_ID: rid})
        r = sub(link, _W + "r")
        props = sub(r, _W + "rPr")
        sub(props, _W + "rStyle", {_VAL: "Hyperlink"})
        sub(props, _W + "color", {_VAL: "1F5FAA"})
        sub(props, _W + "u", {_VAL: "single"})
        if bold:
            sub(props, _W + "b")
        t = sub(r, _W + "t")
        t.text = text
        t.set(_PRESERVE, "preserve")

    def table(self, widths: list[int]) -> Any:
        from docx.oxml.simpletypes import ST_TwipsMeasure

        sub = self.sub
        tbl = sub(self.body, _W + "tbl")
        props = sub(tbl, _W + "tblPr")
        sub(props, _W + "tblStyle", {_VAL: self.template.styles["Table Grid"]})
        sub(props, _W + "tblW", {_W + "type": "auto", _W + "w": "0"})
        sub(props, _W + "tblLayout", {_W + "type": "fixed"})
        sub(props, _W + "tblLook", _TBL_LOOK)
        grid = sub(tbl, _W + "tblGrid")
        twips = [ST_TwipsMeasure.convert_to_xml(w) for w in widths]
        for w in twips:
            sub(grid, _W + "gridCol", {_W + "w": w})
        return tbl, twips

    def row(self, table: Any, header: bool) -> Any:
        sub = self.sub
        tbl, twips = table
        tr = sub(tbl, _W + "tr")
        if header:
            sub(sub(tr, _W + "trPr"), _W + "tblHeader", {_VAL: "true"})
        cells = []
        for w in twips:
            tc = sub(tr, _W + "tc")
            sub(sub(tc, _W + "tcPr"), _W + "tcW", {_W + "type": "dxa", _W + "w": w})
            cells.append(sub(tc, _W + "p"))
        return cells, header

    def cell(self, row: Any, c: int, small: int | None, header: bool) -> Any:
        from docx.oxml.simpletypes import ST_HpsMeasure

        cells, _ = row
        p = cells[c]
        self.sub(self.sub(p, _W + "pPr"), _W + "spacing", {_W + "after": "0"})
        return p, None if small is None else ST_HpsMeasure.convert_to_xml(small), header

    @staticmethod
    def cell_done(cell: Any) -> None:
        """Nothing: :meth:`run` gave the cell's runs their size and weight as it made them."""


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TBL_LOOK = {_W + k: v for k, v in (("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"),
                                    ("lastRow", "0"), ("noHBand", "0"), ("noVBand", "1"), ("val", "04A0"))}
