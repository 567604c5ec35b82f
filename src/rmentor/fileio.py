"""Reading input files safely and writing output files atomically.

Input: a size cap, binary and encoding detection (UTF-8, UTF-8 with BOM, UTF-16
with BOM; Windows-1251 is recognised and explained rather than misread).

Output: every command builds its files in memory and hands them to
:func:`write_outputs`, which refuses to overwrite without ``force``, writes each
file to a temporary sibling, then moves them into place with ``os.replace``. A
failure or Ctrl-C before that point leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from rmentor.errors import InputError, Location, OutputExistsError

DEFAULT_MAX_INPUT_MB = 32

_CYRILLIC = re.compile("[А-Яа-яЁё]")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def max_input_bytes() -> int:
    """The input size cap: ``RMENTOR_MAX_INPUT_MB`` megabytes, 32 by default."""
    raw = os.environ.get("RMENTOR_MAX_INPUT_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        mb = DEFAULT_MAX_INPUT_MB
    return int(mb * 1024 * 1024)


def read_bytes(path: Path) -> bytes:
    """Read a whole input file, refusing folders, missing files and files over the cap."""
    loc = Location(file=str(path))
    if not path.exists():
        raise InputError("file not found", location=loc, hint="check the path and the current folder")
    if path.is_dir():
        raise InputError("this is a folder, not a file", location=loc, hint="pass the file itself")
    limit = max_input_bytes()
    try:
        size = path.stat().st_size
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
    if b"\x00" in data[:65536]:
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
        if _CYRILLIC.search(sample):
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


def read_text(path: Path) -> str:
    """Read and decode a text input file (see :func:`read_bytes`, :func:`decode_text`)."""
    return decode_text(read_bytes(path), str(path))


def safe_filename(name: str) -> str:
    """A file name made from an id: only ``[A-Za-z0-9_.-]``, never reserved or hidden."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip(".") or "_"
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    return cleaned[:100]


def _inside(root: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"output path escapes the output folder: {rel!r}")
    return root.joinpath(*pure.parts)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_outputs(out_dir: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write ``files`` (relative POSIX path -> bytes) under ``out_dir`` atomically.

    Nothing is written when any target exists and ``force`` is false. Each file goes to
    a temporary sibling first and is moved into place with :func:`os.replace` only once
    every file has been written, so an error or Ctrl-C leaves no half-written output.
    """
    targets = {rel: _inside(out_dir, rel) for rel in sorted(files)}
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            "the output path exists and is not a folder",
            location=Location(file=str(out_dir)),
            hint="choose another --out",
        )
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        raise OutputExistsError(
            "{count} output file(s) already exist, e.g. {first}",
            hint="use --force to overwrite them, or choose another --out",
            count=len(existing),
            first=existing[0],
        )
    temps: list[tuple[Path, Path]] = []
    try:
        for rel, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            tmp = Path(tmp_name)
            temps.append((tmp, target))
            # mkstemp creates 0600 files; outputs are documents to share, so honour the umask instead.
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(files[rel])
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in temps:
            os.replace(tmp, target)
    except OSError as exc:
        raise InputError(
            "cannot write output: {reason}",
            location=Location(file=str(exc.filename or out_dir)),
            hint="check that the folder is writable and the disk is not full",
            reason=exc.strerror or str(exc),
        ) from None
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
    return list(targets.values())
