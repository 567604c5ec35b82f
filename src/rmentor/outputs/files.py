"""Writing output files atomically.

Every command builds its files in memory and hands them to :func:`write_outputs`,
which refuses to overwrite without ``force``, writes each file to a temporary
sibling, then moves them into place with ``os.replace``. A failure or Ctrl-C before
that point leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from rmentor.errors import InputError, Location, OutputExistsError

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


_TRANSLIT = str.maketrans({
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **dict(zip("АБВГДЕЗИЙКЛМНОПРСТУФЫЭ", "ABVGDEZIYKLMNOPRSTUFYE", strict=True)),
    "ё": "e", "Ё": "E", "ж": "zh", "Ж": "Zh", "х": "kh", "Х": "Kh", "ц": "ts", "Ц": "Ts", "ч": "ch", "Ч": "Ch",
    "ш": "sh", "Ш": "Sh", "щ": "shch", "Щ": "Shch", "ъ": "", "Ъ": "", "ь": "", "Ь": "",
    "ю": "yu", "Ю": "Yu", "я": "ya", "Я": "Ya",
})


def safe_filename(name: str) -> str:
    """A file name made from an id or a name: only ``[A-Za-z0-9_.-]``, never reserved or hidden.

    Russian letters are transliterated (``Иванов`` -> ``Ivanov``) so Cyrillic names keep
    readable, distinct file names; anything else outside the safe set becomes ``_``. The
    result is never empty, never starts with a dot, is never a Windows device name, and has
    no path separator, so ``out_dir / safe_filename(x)`` always stays inside ``out_dir``.
    """
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", name.translate(_TRANSLIT)).strip(".") or "_"
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    return cleaned[:100].rstrip(".") or "_"


def _inside(root: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"output path escapes the output folder: {rel!r}")
    return root.joinpath(*pure.parts)


def _missing_folders(targets: Iterable[Path]) -> list[Path]:
    """The folders ``write_outputs`` will create, deepest first, so a failed run can remove them."""
    missing: set[Path] = set()
    for target in targets:
        folder = target.parent
        while not folder.exists() and folder not in missing:
            missing.add(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
    return sorted(missing, key=lambda p: len(p.parts), reverse=True)


def _roll_back(placed: list[tuple[Path, Path | None]], created: list[Path]) -> None:
    """Undo a half-done ``write_outputs``: old files back, new files and new folders gone."""
    for target, backup in reversed(placed):
        try:
            if backup is not None:
                backup.replace(target)
            else:
                target.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - the disk failed twice; keep what we can
            continue
    for folder in created:
        try:
            folder.rmdir()
        except OSError:  # not empty (someone else wrote there) or already gone
            continue


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_outputs(out_dir: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write ``files`` (relative POSIX path -> bytes) under ``out_dir`` atomically.

    Nothing is written when any target exists and ``force`` is false. Each file goes to
    a temporary sibling first and is moved into place with :func:`os.replace` only once
    every file has been written; files it replaces are kept aside until the end. An error
    or Ctrl-C at any point leaves the folder as it was: no half-written, temporary or
    partial output, and no new empty folders.
    """
    targets = {rel: _inside(out_dir, rel) for rel in sorted(files)}
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            "the output path exists and is not a folder",
            location=Location(file=str(out_dir)),
            hint="choose another --out",
        )
    folders = [str(p) for p in targets.values() if p.is_dir()]
    if folders:
        raise InputError(
            "an output file would replace a folder",
            location=Location(file=folders[0]),
            hint="rename or remove the folder, or choose another --out",
        )
    # a dangling symlink counts as existing too: replacing it silently would be an overwrite
    existing = [str(p) for p in targets.values() if p.exists() or p.is_symlink()]
    if existing and not force:
        raise OutputExistsError(
            "{count} output file(s) already exist, e.g. {first}",
            hint="use --force to overwrite them, or choose another --out",
            count=len(existing),
            first=existing[0],
        )
    created = _missing_folders(targets.values())
    temps: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # (target, the old file moved aside, if any)
    done = False
    try:
        for rel, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            tmp = Path(tmp_name)
            temps.append((tmp, target))
            # mkstemp creates 0600 files; outputs are documents to share, so honour the umask instead.
            if hasattr(os, "fchmod"):  # Windows has it only from Python 3.13; there mkstemp is not 0600 anyway
                os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(files[rel])
                fh.flush()
                os.fsync(fh.fileno())
        # Several files cannot be swapped in one atomic step, so keep each old file aside
        # until all new ones are in place: a failure or Ctrl-C half-way puts the old ones back.
        for tmp, target in temps:
            backup = None
            if target.exists() or target.is_symlink():
                fd, backup_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
                os.close(fd)
                backup = Path(backup_name)
                try:
                    target.replace(backup)
                except OSError:
                    backup.unlink(missing_ok=True)
                    raise
            placed.append((target, backup))
            tmp.replace(target)
        done = True
    except OSError as exc:
        raise InputError(
            "cannot write output: {reason}",
            location=Location(file=str(exc.filename or out_dir)),
            hint="check that the folder is writable and the disk is not full",
            reason=exc.strerror or str(exc),
        ) from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        if not done:
            _roll_back(placed, created)
        else:
            for _, backup in placed:
                if backup is not None:
                    backup.unlink(missing_ok=True)
    return list(targets.values())
