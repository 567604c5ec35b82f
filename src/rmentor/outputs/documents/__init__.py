"""Documents people sign, print and forward: one Markdown source, rendered to HTML, Word and PDF.

A document is written once, as Markdown from a Jinja2 template (a company can override it with
``--templates``), and every format is made from that text, so the ``.md``, ``.html``, ``.docx``
and ``.pdf`` of a document always say the same thing:

- :func:`html_body` renders it to HTML (CommonMark + tables, raw HTML off);
- :func:`rmentor.outputs.documents.pdf.to_pdf` lays that HTML out on A4 with fpdf2, embedding
  DejaVu Sans (the font matplotlib ships: Cyrillic, no system packages);
- :func:`rmentor.outputs.documents.docx.to_docx` walks the same Markdown tokens into a Word file.

Every format is byte-stable: dates inside the files come from ``SOURCE_DATE_EPOCH`` (or a constant).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` without the control characters XML (Word) and PDF text cannot hold."""
    return _NOT_XML.sub("\ufffd", text)


@cache
def parser() -> Any:
    """The one Markdown dialect documents are written in: CommonMark with tables, no raw HTML.

    Built once per process (a few milliseconds a document otherwise); parsing and rendering
    keep no state in it.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


@lru_cache(maxsize=4)
def tokens(markdown_text: str) -> tuple[Any, ...]:
    """The parsed tokens of a document, shared by its Word and PDF files (made one after the other).

    Read-only: the converters walk the tokens and never change them.
    """
    return tuple(parser().parse(markdown_text))


def html_body(markdown_text: str) -> str:
    """The HTML body of a Markdown document (user text arrives escaped: raw HTML is off)."""
    md = parser()
    return str(md.renderer.render(list(tokens(markdown_text)), md.options, {}))  # parsed once for HTML and PDF
