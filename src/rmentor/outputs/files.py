"""Writing output files: the old set or the new set, nothing in between.

Every command builds its files in memory and hands them to :func:`write_outputs`:

* the output folder is locked for the run (:func:`output_lock`): a second run into the same
  folder stops at once, and the "already exists, use --force" check holds when files are placed;
* no symbolic link below the output folder is ever followed (a linked ``kit/`` is refused);
* two outputs whose names differ only in case (``P1`` / ``p1``) are refused: they would
  overwrite each other on Windows and macOS;
* new files are written to a hidden staging folder and fsynced (a batch of many files: one
  ``syncfs`` of the file system, on Linux), then moved into place one by one
  while the files they replace are moved to a hidden backup folder. A journal
  (``.rmentor-journal.json``) records each step, so an error, Ctrl-C or SIGTERM rolls back at
  once, and after a SIGKILL or power loss the next run into the folder finishes the job:
  it puts the old files back (or, when the swap had completed, removes the leftovers) and says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

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


def pair_file_names(pair_ids: Iterable[str]) -> dict[str, str]:
    """``pair_id -> file name`` (:func:`safe_filename`), refusing two ids that would share a
    file name, exactly or ignoring case (``P1`` and ``P1.``; ``P1`` and ``p1``)."""
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for pid in pair_ids:
        name = safe_filename(pid)
        other = seen.get(name.casefold())
        if other is not None and other != pid:
            raise InputError("pair ids '{first}' and '{second}' give the same file name '{name}'",
                             hint="give the pairs ids that differ in more than case or punctuation",
                             first=other, second=pid, name=name)
        seen[name.casefold()] = pid
        names[pid] = name
    return names


def _inside(root: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"output path escapes the output folder: {rel!r}")
    return root.joinpath(*pure.parts)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------- the lock

JOURNAL = ".rmentor-journal.json"
_STAGING = ".rmentor-new-"
_BACKUP = ".rmentor-old-"


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C or SIGTERM arrived while the last files were being placed: the new set is complete."""


@dataclass
class OutputLock:
    """A held lock on an output folder, and what the run found left by an interrupted one."""

    folder: Path
    notes: list[str] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    fd: int | None = None


_HELD: dict[str, OutputLock] = {}


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[OutputLock]:
    """Hold the output folder for the whole run (re-entrant within a process).

    Creates the folder when it is missing (and removes it again if the run leaves it empty),
    refuses with an input error when another run holds it, and repairs what an interrupted
    run left (see :func:`recover`); ``notes`` says what was repaired.
    """
    key = _key(folder)
    if key in _HELD:
        yield _HELD[key]
        return
    if folder.is_symlink() and not folder.exists():
        raise InputError("the output folder is a symbolic link that points nowhere",
                         location=Location(file=str(folder)), hint="choose another --out")
    if folder.exists() and not folder.is_dir():
        raise InputError("the output path exists and is not a folder", location=Location(file=str(folder)),
                         hint="choose another --out")
    lock = OutputLock(folder)
    try:
        missing = []
        probe = folder
        while not probe.exists() and not probe.is_symlink():
            missing.append(probe)
            if probe.parent == probe:
                break
            probe = probe.parent
        folder.mkdir(parents=True, exist_ok=True)
        lock.created = missing
        lock.fd = _acquire(folder)
    except OSError as exc:
        _remove_empty(lock.created)
        raise InputError("cannot write output: {reason}", location=Location(file=str(exc.filename or folder)),
                         hint="check that the folder is writable and the disk is not full",
                         reason=exc.strerror or str(exc)) from None
    except BaseException:
        _remove_empty(lock.created)
        raise
    _HELD[key] = lock
    try:
        lock.notes = recover(folder)
        yield lock
    finally:
        del _HELD[key]
        if lock.fd is not None:
            with contextlib.suppress(OSError):
                os.close(lock.fd)
        _remove_empty(lock.created)


def _acquire(folder: Path) -> int | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks on folders; the journal still holds
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError("another rmentor run is writing to this folder", location=Location(file=str(folder)),
                         hint="wait for it to finish, or choose another --out") from None
    return fd


def _remove_empty(folders: Iterable[Path]) -> None:
    for path in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            path.rmdir()


# ----------------------------------------------------------------------------- the journal


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: From this many files, the staged copies are made durable by one ``syncfs`` of their file system
#: (Linux) instead of one ``fsync`` each: 800 invitation files took 3 s of fsyncs on this project's
#: test machine, and 0.09 s with one ``syncfs``. The guarantee is the same: nothing is placed until
#: every new file is on disk.
BATCH_SYNC_FILES = 16


def _syncfs_available() -> bool:
    return _libc_syncfs() is not None


def _libc_syncfs() -> Any:
    """libc's ``syncfs`` (Linux), or None where there is none (then each file is fsynced)."""
    global _SYNCFS
    if _SYNCFS is False:
        if not sys.platform.startswith("linux"):
            _SYNCFS = None
        else:
            try:
                import ctypes

                fn = ctypes.CDLL(None, use_errno=True).syncfs
                fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
                _SYNCFS = fn
            except (OSError, AttributeError):  # pragma: no cover - a libc without syncfs
                _SYNCFS = None
    return _SYNCFS


_SYNCFS: Any = False  # not looked up yet


def _syncfs(folder: Path) -> None:
    """Flush the file system holding ``folder`` (its files' data and every folder entry) to disk.

    Since Linux 5.8 ``syncfs`` reports a write-back error of the file system, as ``fsync`` does.
    """
    fn = _libc_syncfs()
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fn(fd) != 0:
            import ctypes

            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(folder))
    finally:
        os.close(fd)


def _write_journal(folder: Path, journal: dict[str, Any]) -> None:
    tmp = folder / (JOURNAL + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(journal, fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(folder / JOURNAL)
    _fsync_dir(folder)


def _roll_back(folder: Path, journal: dict[str, Any]) -> None:
    """Undo an unfinished swap: every old file back in place, every new one gone."""
    staging, backup = folder / journal["staging"], folder / journal["backup"]
    for rel in journal["files"]:
        target, old, new = _inside(folder, rel), _inside(backup, rel), _inside(staging, rel)
        if old.exists() or old.is_symlink():
            old.replace(target)  # the old file goes back, whether or not the new one had arrived
        elif not (new.exists() or new.is_symlink()) and (target.exists() or target.is_symlink()):
            target.unlink()  # the new file was placed where there was none
    _remove_empty(folder / d for d in journal.get("created", ()))


def _clean(folder: Path, journal: dict[str, Any]) -> None:
    for name in (journal["staging"], journal["backup"]):
        shutil.rmtree(folder / name, ignore_errors=True)
    (folder / JOURNAL).unlink(missing_ok=True)
    (folder / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    _fsync_dir(folder)


# what rmentor before the journal left when killed: ``.<name>.<8 chars>.tmp`` / ``.old`` beside each file
_OUTPUT_SUFFIXES = (".csv", ".ics", ".md", ".html", ".png", ".xlsx", ".yaml")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.(?P<kind>tmp|old)$")


def _legacy_leftovers(folder: Path) -> list[str]:
    """Remove the hidden copies an older rmentor left when killed, putting an old file back where
    its new one never arrived; say how many."""
    from rmentor.i18n import trn

    found = 0
    # only where rmentor writes (the folder, ics/, kit/<pair>/) and only its kinds of files:
    # --out may be a folder with other people's files in it
    places = [folder, folder / "ics", *sorted(p for p in (folder / "kit").glob("*") if p.is_dir())]
    for place in places:
        if place.is_symlink() or not place.is_dir():
            continue
        root, names = place, [entry.name for entry in os.scandir(place)]
        for name in names:
            m = _LEGACY.match(name)
            if m is None or not m.group("name").endswith(_OUTPUT_SUFFIXES):
                continue
            path, target = Path(root) / name, Path(root) / m.group("name")
            if path.is_symlink() or not path.is_file():
                continue
            found += 1
            with contextlib.suppress(OSError):
                if m.group("kind") == "old" and not (target.exists() or target.is_symlink()):
                    path.replace(target)
                else:
                    path.unlink()
    if not found:
        return []
    return [trn("removed {n} hidden copy left by an interrupted run of an older rmentor",
                "removed {n} hidden copies left by an interrupted run of an older rmentor", found)]


def recover(folder: Path) -> list[str]:
    """Finish what an interrupted run left in ``folder`` (under the lock); say what was done."""
    with _signals_blocked():
        legacy = _legacy_leftovers(folder)
    return legacy + _recover_journal(folder)


def _recover_journal(folder: Path) -> list[str]:
    from rmentor.i18n import tr

    (folder / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    path = folder / JOURNAL
    if not path.is_file():
        return []
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        state = journal["state"]
        for name in (journal["staging"], journal["backup"]):
            if not str(name).startswith((_STAGING, _BACKUP)) or "/" in name or "\\" in name:
                raise ValueError(name)
        for rel in journal["files"]:
            _inside(folder, rel)
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError("the output folder holds a damaged journal of an interrupted run",
                         location=Location(file=str(path)),
                         hint="check the files in the folder, then delete {name} and run again", name=JOURNAL) from None
    with _signals_blocked():
        if state == "committed":
            _clean(folder, journal)
            return [tr("an earlier run was interrupted after writing all its files; removed its leftover copies")]
        if state == "swapping":
            _roll_back(folder, journal)
            _clean(folder, journal)
            return [tr("an earlier run was interrupted while placing its files; the files from before it "
                       "were put back")]
        _remove_empty(folder / d for d in journal.get("created", ()))
        _clean(folder, journal)
        return [tr("an earlier run was interrupted before placing its files; removed its unfinished copies")]


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the folder is being put in order."""
    mask = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, mask)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# ----------------------------------------------------------------------------- writing


def _check_targets(out_dir: Path, targets: dict[str, Path], force: bool) -> None:
    folded: dict[str, str] = {}
    for rel in targets:
        other = folded.setdefault(rel.casefold(), rel)
        if other != rel:
            raise InputError("two output files differ only in case: {first} and {second}",
                             hint="they would overwrite each other on Windows and macOS; rename one",
                             first=other, second=rel)
    checked: set[Path] = set()
    for rel in targets:
        for depth in range(1, len(PurePosixPath(rel).parts)):
            sub = _inside(out_dir, "/".join(PurePosixPath(rel).parts[:depth]))
            if sub in checked:
                continue
            checked.add(sub)
            if sub.is_symlink():
                raise InputError("a folder inside the output folder is a symbolic link",
                                 location=Location(file=str(sub)),
                                 hint="rmentor never writes through a link; remove the link or choose another --out")
            if sub.exists() and not sub.is_dir():
                raise InputError("an output folder would replace a file", location=Location(file=str(sub)),
                                 hint="rename or remove the file, or choose another --out")
    folders = [str(p) for p in targets.values() if p.is_dir() and not p.is_symlink()]
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


def write_outputs(out_dir: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write ``files`` (relative POSIX path -> bytes) under ``out_dir``: all of them or none.

    Nothing is written when any target exists and ``force`` is false. See the module
    docstring for the lock, the symlink rule and the journal that makes the swap recoverable.
    """
    targets = {rel: _inside(out_dir, rel) for rel in sorted(files)}
    with output_lock(out_dir):
        _check_targets(out_dir, targets, force)
        token = secrets.token_hex(6)
        journal: dict[str, Any] = {"version": 1, "state": "staging", "staging": _STAGING + token,
                                   "backup": _BACKUP + token, "files": list(targets), "created": []}
        created = sorted({str(PurePosixPath(rel).parents[i])
                          for rel in targets for i in range(len(PurePosixPath(rel).parts) - 1)
                          if not _inside(out_dir, str(PurePosixPath(rel).parents[i])).exists()},
                         key=lambda r: (r.count("/"), r))
        journal["created"] = created
        staging, backup = out_dir / journal["staging"], out_dir / journal["backup"]
        done = False
        try:
            _write_journal(out_dir, journal)
            mode = 0o666 & ~_umask()
            batch = len(targets) >= BATCH_SYNC_FILES and _syncfs_available()
            made: set[Path] = set()  # folders made in this run: one mkdir each, not one per file

            def folder_of(path: Path) -> None:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)

            for rel in targets:
                new = _inside(staging, rel)
                folder_of(new)
                fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(files[rel])
                    if not batch:
                        fh.flush()
                        os.fsync(fh.fileno())
            if batch:  # every staged file and folder on disk before the journal says "swapping"
                _syncfs(staging)
            else:
                _fsync_dir(staging)
            journal["state"] = "swapping"
            _write_journal(out_dir, journal)
            for rel, target in targets.items():
                for folder in reversed(target.parents):  # a link planted since the check is not followed either
                    if folder.is_relative_to(out_dir) and folder != out_dir and folder.is_symlink():
                        raise InputError("a folder inside the output folder is a symbolic link",
                                         location=Location(file=str(folder)),
                                         hint="rmentor never writes through a link; remove the link or "
                                              "choose another --out")
                folder_of(target)
                if target.exists() or target.is_symlink():
                    if not force:  # appeared since the check: never overwrite without --force
                        raise OutputExistsError("{count} output file(s) already exist, e.g. {first}",
                                                hint="use --force to overwrite them, or choose another --out",
                                                count=1, first=str(target))
                    old = _inside(backup, rel)
                    folder_of(old)
                    target.replace(old)
                _inside(staging, rel).replace(target)
            with _signals_blocked():
                journal["state"] = "committed"
                _write_journal(out_dir, journal)
                done = True
                _clean(out_dir, journal)
        except OSError as exc:
            raise InputError(
                "cannot write output: {reason}",
                location=Location(file=str(exc.filename or out_dir)),
                hint="check that the folder is writable and the disk is not full",
                reason=exc.strerror or str(exc),
            ) from None
        except KeyboardInterrupt:
            if done:
                raise InterruptedAfterWriting from None
            raise
        finally:
            if not done:
                with _signals_blocked():
                    if journal["state"] == "swapping":
                        _roll_back(out_dir, journal)
                    else:  # nothing was placed yet: only the staged copies go
                        _remove_empty(out_dir / d for d in journal["created"])
                    _clean(out_dir, journal)
    return list(targets.values())
