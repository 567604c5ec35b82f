"""Markdown documents as Word files (python-docx): A4, headings, lists, tables, links, page numbers.

The same Markdown tokens as the HTML and PDF, walked into Word's own structures (real headings,
real tables with a repeated header row, real hyperlinks), so a company can edit the file in Word
or upload it to a document system. Byte-stable: the document dates and the zip entries carry
``SOURCE_DATE_EPOCH`` (or a constant).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any

from rmentor.i18n import Lang, tr

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


def _inline(paragraph: Any, token: Any) -> None:
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
                _hyperlink(paragraph, link, "".join(link_text) or link, bold)
            link = None
        elif kind in ("text", "code_inline"):
            if link is not None:
                link_text.append(child.content)
                continue
            run = paragraph.add_run(child.content)
            run.bold = bold or None
            run.italic = italic or None
            if kind == "code_inline":
                run.font.name = "Consolas"
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()


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
    return {name: document.styles[name].style_id for name in _STYLES}


def _styled(document: Any, style_id: str) -> Any:
    """``document.add_paragraph(style=...)`` with the id already known: the same XML, no style scan."""
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def to_docx(markdown_text: str, *, title: str, lang: Lang) -> bytes:
    """A Word (``.docx``) file of ``markdown_text`` on A4."""
    from docx import Document
    from docx.shared import Mm

    from rmentor.outputs.documents import printable
    from rmentor.outputs.documents import tokens as parsed
    from rmentor.outputs.xlsx import build_epoch, normalize_zip

    markdown_text, title = printable(markdown_text), printable(title)

    footer = tr("Page {page} of {pages}", page="\0PAGE\0", pages="\0NUMPAGES\0")
    document = Document(io.BytesIO(_base(lang, footer)))
    styles = _style_ids(document)

    tokens = parsed(markdown_text)
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    numbers: list[int] = []  # the next number of each open ordered list
    heading = 0
    in_item = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "table_open":
            i = _table(document, tokens, i)
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
            document.add_paragraph("")
        elif kind == "inline":
            if heading:
                paragraph = _styled(document, styles[f"Heading {min(heading, 4)}"])
                heading = 0
            elif in_item and lists and lists[-1] == "bullet":
                paragraph = _styled(document, styles["List Bullet" if len(lists) == 1 else "List Bullet 2"])
                in_item = False
            elif in_item and lists:
                # numbered by hand: Word's "List Number" style runs on across lists (1-6, then 7-9)
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.left_indent = Mm(8 * len(lists))
                paragraph.paragraph_format.first_line_indent = Mm(-6)
                paragraph.add_run(f"{numbers[-1]}.\t")
                numbers[-1] += 1
                in_item = False
            else:
                paragraph = document.add_paragraph()
            _inline(paragraph, tok)
        i += 1
    props = document.core_properties
    stamp = build_epoch()
    props.title = title
    props.author = props.last_modified_by = "rmentor"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.language = _LANG_TAG[lang]
    buf = io.BytesIO()
    document.save(buf)
    return normalize_zip(buf.getvalue(), stamp)


def _table(document: Any, tokens: Sequence[Any], start: int) -> int:
    """Add the table that opens at ``tokens[start]``; returns the index after it."""
    from docx.shared import Pt

    rows: list[tuple[bool, list[Any]]] = []  # (header?, inline tokens)
    i = start + 1
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            rows.append((tokens[i + 1].type == "th_open", []))
        elif tok.type == "inline":
            rows[-1][1].append(tok)
        i += 1
    from docx.shared import Mm

    from rmentor.outputs.documents.pdf import column_weights

    width = max((len(cells) for _, cells in rows), default=1)
    weights = column_weights([[cells[c].content for _, cells in rows if c < len(cells)] for c in range(width)])
    widths = [Mm(TEXT_WIDTH_MM * w / sum(weights)) for w in weights]
    small = Pt(9) if width >= 5 else None  # a wide table reads better a size smaller
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.autofit = False
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w  # the grid: LibreOffice reads it, Word reads the cells
    for header, cells in rows:
        row = table.add_row()
        if header:
            _repeat_header(row)
        for c, (cell, inline) in enumerate(zip(row.cells, cells, strict=False)):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            _inline(paragraph, inline)
            if small is not None:
                for run in paragraph.runs:
                    run.font.size = small
            if header:
                for run in paragraph.runs:
                    run.bold = True
    document.add_paragraph()
    return i + 1
