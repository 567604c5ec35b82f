"""The fonts embedded in PDFs: DejaVu Sans, which matplotlib (a dependency) ships, with Cyrillic.

The full DejaVu Sans has about 6,000 glyphs and fpdf2 reads all of them for every PDF (0.2 s a
font). The kit makes dozens of PDFs, so each style is cut once to the scripts documents use
(Latin, Greek, Cyrillic, punctuation, a few symbols), cached in the temp folder under a name
that changes with the source font. Each style is then parsed once per process (:func:`add_to`):
every PDF gets a copy of the parsed font with its own glyph subset, descriptor and font tables,
the same objects ``FPDF.add_font`` makes (``tests/test_pdf_layout.py`` compares the files).

When a document is given an *alphabet* (the characters of every document of one batch, see
:mod:`rmentor.outputs.documents.batch`), each font's subset starts with that alphabet's glyphs in
a fixed order (the bold styles: the characters that may be bold), so every PDF of the batch embeds
the same font program, widths, ToUnicode and CIDToGIDMap. fpdf2 cuts that subset with fontTools
once per process and style (about 20 ms a font); the other documents get copies of the PDF objects
it made (:func:`output`). A document that uses a
character outside its alphabet goes through fpdf2's own path, with the alphabet's glyphs and its own.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

FAMILY = "DejaVu"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
          "BI": "DejaVuSans-BoldOblique.ttf"}
_RANGES = ((0x20, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2100, 0x2122),
           (0x2190, 0x2199), (0x2212, 0x2212), (0x2248, 0x2265), (0x25A0, 0x25CF), (0x2610, 0x2612),
           (0x2713, 0x2717), (0xFFFD, 0xFFFD))
_VERSION = "2"  # bump when the ranges or options change


@cache
def font_dir() -> Path:
    """matplotlib's bundled TrueType folder."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _cut(source: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []  # documents need no shaping: one glyph per character
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    font = TTFont(str(source), lazy=True, recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[c for a, b in _RANGES for c in range(a, b + 1)])
    cutter.subset(font)
    fd, name = tempfile.mkstemp(suffix=".ttf", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        font.save(str(tmp))
        tmp.replace(target)  # atomic: a parallel run sees no file or the whole file
    finally:
        tmp.unlink(missing_ok=True)


@cache
def files() -> dict[str, Path]:
    """Style (``""``, ``B``, ``I``, ``BI``) -> a ready DejaVu Sans file for it."""
    out: dict[str, Path] = {}
    for style, name in _FILES.items():
        source = font_dir() / name
        stat = source.stat()
        key = hashlib.sha256(f"{_VERSION}:{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
        folder = Path(tempfile.gettempdir()) / f"rmentor-fonts-{key}"
        folder.mkdir(exist_ok=True)
        target = folder / name
        if not target.is_file():
            _cut(source, target)
        out[style] = target
    return out


_PARSED: dict[str, tuple[Any, bytes]] = {}


def _parsed(style: str, path: Path) -> tuple[Any, bytes]:
    """fpdf2's parsed font for ``style`` (widths, character map, descriptor) and the file's bytes."""
    key = FAMILY.lower() + style
    if key not in _PARSED:
        from fpdf import FPDF

        scratch = FPDF()
        scratch.add_font(FAMILY, style, str(path))
        _PARSED[key] = (scratch.fonts[key], path.read_bytes())
    return _PARSED[key]


def add_to(pdf: Any, styles: Collection[str], alphabet: str = "", bold: str = "") -> None:
    """``pdf.add_font`` for each DejaVu Sans style in ``styles``, without parsing the file again.

    ``FPDF.add_font`` reads the font's tables and builds its width and glyph maps for every
    document (about a quarter of a kit PDF's time). Here they are built once; each document gets
    its own copy of what the document changes: the glyphs it uses (its subset), the descriptor
    written into it, and the font tables fpdf2 cuts to that subset when it writes the file.
    The PDF is the one ``add_font`` gives but for the embedded font's summary maxima (bounding
    box, largest glyph), which are the whole font's instead of the subset's.
    """
    import copy
    import io

    from fontTools.ttLib import TTFont
    from fpdf.fonts import SubsetMap

    for style, path in files().items():
        if style not in styles:
            continue
        template, data = _parsed(style, path)
        font = copy.copy(template)
        font.i = len(pdf.fonts) + 1
        # the glyphs are copied as they are: their bounding boxes are right in the source, and
        # recomputing them (recalcBBoxes) decodes every glyph's outline, a third of the PDF's time;
        # the font-wide maxima (head, hhea, maxp) then stay the source's, a valid upper bound
        font.ttfont = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
        font.desc = copy.copy(template.desc)
        font.biggest_size_pt = 0
        font.missing_glyphs = []
        font._hbfont = None
        font.subset = SubsetMap(font)
        pdf.fonts[template.fontkey] = font
        if alphabet:  # the bold styles cover ``bold`` when it is given
            _prefill(pdf, font, bold if bold and "B" in style else alphabet)


def _prefill(pdf: Any, font: Any, alphabet: str) -> None:
    """Give the alphabet's characters the first codes of ``font``'s subset, in code point order.

    Characters the font lacks are left out (fpdf2 would log them as missing for every document).
    What is recorded on ``pdf`` lets :func:`output` tell whether the text stayed in the alphabet.
    """
    glyphs = font.glyph_ids
    for char in alphabet:
        if ord(char) in glyphs:
            font.subset.pick(ord(char))
    if not hasattr(pdf, "rmentor_alphabets"):
        pdf.rmentor_alphabets = {}
    pdf.rmentor_alphabets[font.fontkey] = (alphabet, len(font.subset))


def normalized(alphabet: str) -> str:
    """An alphabet as one string: each character once, in code point order (the cache key)."""
    return "".join(sorted(set(alphabet)))


#: (font key, alphabet) -> the PDF objects fpdf2 made for that font subset, in the order it added
#: them; a few alphabets at most per process (one per language of a batch).
_EMBEDDED: OrderedDict[tuple[str, str], list[Any]] = OrderedDict()
_EMBEDDED_MAX = 16


def _clone(group: list[Any]) -> list[Any]:
    """Shallow copies of one font's PDF objects, their references to each other pointed at the copies.

    The objects are fpdf2's attribute bags (``PDFFont``, ``PDFContentStream``, ``CIDSystemInfo``,
    ``PDFFontDescriptor``); a stream's compressed bytes are shared, never changed (no encryption here).
    """
    import copy

    from fpdf.syntax import PDFArray

    copies = [copy.copy(obj) for obj in group]
    swap = {id(obj): twin for obj, twin in zip(group, copies, strict=True)}
    for twin in copies:
        for key, value in list(vars(twin).items()):
            if id(value) in swap:
                setattr(twin, key, swap[id(value)])
            elif isinstance(value, PDFArray) and any(id(v) in swap for v in value):
                setattr(twin, key, PDFArray(swap.get(id(v), v) for v in value))
    return copies


@cache
def _producer() -> type:
    """fpdf2's ``OutputProducer`` with its font step (``_add_fonts``) reusing the subsets of an alphabet.

    The one hook into fpdf2's internals: ``FPDF.output(output_producer_class=...)`` is fpdf2's own
    parameter, ``_add_fonts`` its method that embeds every font (subset, font program, widths,
    ToUnicode, CIDToGIDMap). When every font of the document is a DejaVu style whose subset is
    exactly its alphabet, the objects fpdf2 made for that (style, alphabet) earlier in this process
    are copied, and added in fpdf2's order; otherwise fpdf2 does the work, and the objects it makes
    for an alphabet font are kept. ``tests/test_pdf_fonts.py`` checks that the bytes are fpdf2's own,
    so a change in fpdf2 fails there rather than in a user's PDF.
    """
    from fpdf.fonts import TTFFont
    from fpdf.output import OutputProducer

    class AlphabetOutput(OutputProducer):
        def _add_fonts(self, *args: Any) -> dict[int, Any]:
            pdf = self.fpdf
            order: list[Any] = sorted(pdf.fonts.values(), key=lambda font: font.i)
            marks = getattr(pdf, "rmentor_alphabets", {})
            keys: list[tuple[str, str]] = []
            for font in order:
                mark = marks.get(font.fontkey)
                if (not isinstance(font, TTFFont) or font.color_font or font.is_cff or mark is None
                        or len(font.subset) != mark[1]):  # not prepared, or text outside the alphabet
                    return dict(super()._add_fonts(*args))
                keys.append((font.fontkey, mark[0]))
            if pdf._compliance or pdf._security_handler is not None:  # PDF/A or encryption: fpdf2's way
                return dict(super()._add_fonts(*args))
            groups = [_EMBEDDED.get(key) for key in keys]
            if any(group is None for group in groups):
                start = len(self.pdf_objs)
                made = dict(super()._add_fonts(*args))
                added = self.pdf_objs[start:]
                heads = [next(k for k, obj in enumerate(added) if obj is made[font.i]) for font in order]
                for key, begin, end in zip(keys, heads, [*heads[1:], len(added)], strict=True):
                    _EMBEDDED[key] = added[begin:end]
                    _EMBEDDED.move_to_end(key)
                while len(_EMBEDDED) > _EMBEDDED_MAX:
                    _EMBEDDED.popitem(last=False)
                return made
            out: dict[int, Any] = {}
            for font, group in zip(order, groups, strict=True):
                assert group is not None
                copies = _clone(group)
                for obj in copies:
                    self._add_pdf_obj(obj, "fonts")
                out[font.i] = copies[0]
                # what fpdf2 does after embedding a font: its caches hold every subset map until cleared
                font.subset.pick.cache_clear()
                font.subset.get_glyph.cache_clear()
                font.close()
            return out

    return AlphabetOutput


def output(pdf: Any) -> bytes:
    """The PDF's bytes (``pdf.output()``), with the fonts of an alphabet embedded from the cache."""
    return bytes(pdf.output(output_producer_class=_producer()))
