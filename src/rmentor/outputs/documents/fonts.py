"""The fonts embedded in PDFs: DejaVu Sans, which matplotlib (a dependency) ships, with Cyrillic.

The full DejaVu Sans has about 6,000 glyphs and fpdf2 reads all of them for every PDF (0.2 s a
font). The kit makes dozens of PDFs, so each style is cut once to the scripts documents use
(Latin, Greek, Cyrillic, punctuation, a few symbols), cached in the temp folder under a name
that changes with the source font. Each style is then parsed once per process (:func:`add_to`):
every PDF gets a copy of the parsed font with its own glyph subset, descriptor and font tables,
the same objects ``FPDF.add_font`` makes (``tests/test_pdf_layout.py`` compares the files).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
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


def add_to(pdf: Any, styles: Collection[str]) -> None:
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
