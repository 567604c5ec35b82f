"""Reading input files safely: a size cap, binary and encoding detection.

UTF-8, UTF-8 with BOM and UTF-16 with BOM are read; Windows-1251 is recognised and
explained rather than misread.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from rmentor.errors import InputError, Location

DEFAULT_MAX_INPUT_MB = 32
# CSV tables (rosters, pairs.csv, sessions.csv, survey exports) are capped by rows, the real cost
# of reading one: sessions.csv of 10,000 pairs is 37 MB but only 130,000 rows, and every file
# rmentor writes must be readable by rmentor. The byte cap of a CSV is only a backstop.
CSV_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
DEFAULT_MAX_CSV_MB = 512
DEFAULT_MAX_ROWS = 2_000_000

# A Cyrillic word of three letters or more, not glued to Latin letters: Russian saved in
# Windows-1251 has many; Latin-1 text ("café", "Müller") decoded as Windows-1251 gives
# single Cyrillic letters inside Latin words instead ("cafй", "Mьller").
_CYRILLIC_WORD = re.compile("(?<![A-Za-z])[А-Яа-яЁё]{3,}(?![A-Za-z])")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


def max_input_bytes(path: Path | None = None) -> int:
    """The input size cap: ``RMENTOR_MAX_INPUT_MB`` megabytes when set, else 32 MB.

    A CSV table without an explicit ``RMENTOR_MAX_INPUT_MB`` gets a 512 MB backstop instead: its
    real cap is :func:`max_rows`.
    """
    default = DEFAULT_MAX_INPUT_MB
    if path is not None and path.suffix.lower() in CSV_TEXT_SUFFIXES:
        default = DEFAULT_MAX_CSV_MB
    return int(_env_number("RMENTOR_MAX_INPUT_MB", default) * 1024 * 1024)


def max_rows() -> int:
    """Rows a CSV table may have: ``RMENTOR_MAX_ROWS``, 2,000,000 by default."""
    return int(_env_number("RMENTOR_MAX_ROWS", DEFAULT_MAX_ROWS))


def check_rows(data: bytes, path: Path) -> None:
    """Refuse a CSV table with more lines than :func:`max_rows` (counted on the bytes, before parsing)."""
    limit = max_rows()
    if len(data) <= limit:
        return  # fewer bytes than the limit: fewer lines too
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines > limit:
        raise InputError(
            "the table has {rows} rows, the limit is {limit}",
            location=Location(file=str(path)),
            hint="split the file, or raise the limit with RMENTOR_MAX_ROWS",
            rows=lines, limit=limit,
        )


def read_bytes(path: Path) -> bytes:
    """Read a whole input file, refusing folders, missing files and files over the cap."""
    loc = Location(file=str(path))
    if not path.exists():
        raise InputError("file not found", location=loc, hint="check the path and the current folder")
    if path.is_dir():
        raise InputError("this is a folder, not a file", location=loc, hint="pass the file itself")
    limit = max_input_bytes(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a FIFO or a device would wait or never end
            raise InputError("this is not a regular file (a pipe, a device or a socket)", location=loc,
                             hint="save the data to a file and pass that file")
        size = info.st_size
        if size > limit:
            raise InputError(
                "file is too large ({size} MB, the limit is {limit} MB)",
                location=loc,
                hint="split the file, or raise the limit with RMENTOR_MAX_INPUT_MB",
                size=round(size / 2**20, 1),
                limit=round(limit / 2**20, 1),
            )
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(
            "cannot read the file: {reason}", location=loc, hint="check permissions", reason=exc.strerror
        ) from None
    if len(data) > limit:  # the file grew while we looked, or is a pipe
        raise InputError(
            "file is too large ({size} MB, the limit is {limit} MB)",
            location=loc,
            hint="split the file, or raise the limit with RMENTOR_MAX_INPUT_MB",
            size=round(len(data) / 2**20, 1),
            limit=round(limit / 2**20, 1),
        )
    if path.suffix.lower() in CSV_TEXT_SUFFIXES:
        check_rows(data, path)
    return data


def decode_text(data: bytes, file: str) -> str:
    """Decode input bytes as UTF-8 (a BOM is fine) or UTF-16 with a BOM.

    Raises :class:`InputError` for binary data and for other encodings, naming
    Windows-1251 when that is what the file most likely is.
    """
    loc = Location(file=file)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:65536]
    if b"\x00" in head:
        if _looks_utf16(head):
            raise InputError(
                "the file is saved as UTF-16 without a byte-order mark",
                location=loc,
                hint="re-save it as UTF-8: in Excel 'CSV UTF-8', in Notepad 'Encoding: UTF-8'",
            )
        raise InputError(
            "this is not a text file (it contains binary data)",
            location=loc,
            hint="pass a YAML, CSV or XLSX file saved as UTF-8",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        loc = Location(file=file, line=line)
        try:
            sample = data.decode("cp1251")
        except UnicodeDecodeError:
            sample = ""
        if _CYRILLIC_WORD.search(sample):
            raise InputError(
                "the file is saved in Windows-1251, not UTF-8",
                location=loc,
                hint="re-save it as UTF-8: in Excel 'CSV UTF-8', in Notepad 'Encoding: UTF-8'",
            ) from None
        raise InputError(
            "the file is not valid UTF-8 (bad byte at position {pos})",
            location=loc,
            hint="re-save it as UTF-8",
            pos=exc.start,
        ) from None


def _looks_utf16(head: bytes) -> bool:
    """True when every other byte is a UTF-16 high byte of Latin (0x00) or Cyrillic (0x04) text."""
    pairs = len(head) // 2
    if pairs < 2:
        return False
    return any(sum(b in (0, 4) for b in high[:pairs]) >= 0.9 * pairs for high in (head[1::2], head[0::2]))


def read_text(path: Path) -> str:
    """Read and decode a text input file (see :func:`read_bytes`, :func:`decode_text`)."""
    return decode_text(read_bytes(path), str(path))


#: Encodings a CSV saved on a Russian-locale computer comes in, besides UTF-8: what
#: charset-normalizer may choose from (a free choice names Central-European code pages
#: for short Russian text).
CSV_ENCODINGS = ("cp1251", "utf_16", "utf_16_le", "utf_16_be", "cp866", "koi8_r")
_ENCODING_NAMES = {"cp1251": "Windows-1251", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
                   "cp866": "DOS (CP866)", "koi8_r": "KOI8-R"}


def decode_csv(data: bytes, file: str) -> tuple[str, str | None]:
    """Decode a CSV export: (text, the encoding detected when it was not UTF-8).

    UTF-8 files (a BOM is fine) and UTF-16 with a BOM decode exactly as :func:`decode_text`
    does and give ``None``. Anything else is what Russian Excel's "CSV (разделители -
    точка с запятой)" writes -- Windows-1251 -- or UTF-16 without a BOM ("Unicode text");
    charset-normalizer picks among :data:`CSV_ENCODINGS` and the name of the one it chose
    is returned, so the caller can say so.
    """
    try:
        return decode_text(data, file), None
    except InputError as exc:
        if "binary data" in exc.message:
            raise
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(CSV_ENCODINGS)).best()
        if best is None or best.encoding not in _ENCODING_NAMES:
            raise
        text = str(best)
        if not best.encoding.startswith("utf") and not _CYRILLIC_WORD.search(text):
            raise  # a Western file ("café"): Cyrillic code pages would misread it

        if text.startswith("\ufeff"):
            text = text[1:]
        return text, _ENCODING_NAMES[best.encoding]
