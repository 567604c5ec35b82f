"""Russian and English text for everything rmentor says.

Messages are written in code as English ``str.format`` templates and wrapped in
:func:`tr` (or :func:`trn` for counts). The Russian catalogue is a standard gettext file,
``rmentor/locale/ru/LC_MESSAGES/rmentor.po`` (msgid = the English template; plural entries
keyed by the singular, with the Russian ``Plural-Forms`` rule in the header). At run time
the standard library's gettext answers (:func:`translations`), from the ``.mo`` that the
build hook (``hatch_build.py``) compiles with Babel when rmentor is installed, editable
installs included. Where that ``.mo`` is missing or older than the ``.po`` (a source
checkout, a catalogue edited since), the ``.po`` is compiled with Babel instead, so Russian
always works and never goes stale. That costs a few hundred ms, so the result is kept in the
user's cache folder (:func:`cache_dir`) under the SHA-256 of the ``.po``'s bytes: the next
run loads it as fast as the build's ``.mo``, and an edited ``.po`` gets a new name, so a cached
catalogue can never be stale either. A test walks the source and fails if any template lacks
a translation.

The language is chosen once per command by the CLI (``--lang``, then the program
file, then the system locale) and kept in a context variable.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
import locale
import os
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from importlib.abc import Traversable

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = ("ru", "en")

_lang: ContextVar[Lang] = ContextVar("rmentor_lang", default="en")


def set_language(lang: Lang) -> None:
    """Make ``lang`` the language of every message rendered from now on."""
    _lang.set(lang)


def get_language() -> Lang:
    """The language messages are rendered in."""
    return _lang.get()


def system_language() -> Lang:
    """``ru`` when the system locale is Russian, else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover - exotic locale settings
        code = ""
    return "ru" if code.lower().startswith("ru") else "en"


def _format(template: str, params: dict[str, Any]) -> str:
    """``template`` (already translated) filled in with ``params``, as :func:`tr` fills it."""
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a bad translation must never crash a run
        return template + " " + repr(params)


#: Where the catalogue lives inside the package (``importlib.resources`` path parts, no suffix).
CATALOGUE = ("locale", "ru", "LC_MESSAGES", "rmentor")


def _package() -> Traversable:
    """The installed package's files: its folder, or ``importlib.resources`` when it is not one (a zip).
    The folder is the usual case, and ``importlib.resources`` costs ``rmentor --help`` an import of
    ``tempfile``, ``zipfile`` and more that nothing else there needs."""
    here = Path(__file__).parent
    if (here / CATALOGUE[0]).is_dir():
        return here
    from importlib import resources

    return resources.files("rmentor")


def _catalogue_file(suffix: str) -> Traversable:
    source = _package()
    for part in CATALOGUE[:-1]:
        source = source.joinpath(part)
    return source.joinpath(CATALOGUE[-1] + suffix)


def _mtime(file: Traversable) -> float | None:
    """The modification time of a catalogue file on disk (None inside a zip, or when it is absent)."""
    try:
        return file.stat().st_mtime if isinstance(file, Path) else None
    except OSError:
        return None


@functools.cache
def translations(lang: Lang = "ru") -> gettext.NullTranslations:
    """The gettext translations of ``lang``, loaded once per process (English: none)."""
    if lang == "en":
        return gettext.NullTranslations()
    return load_translations(_catalogue_file(".mo"), _catalogue_file(".po"))


def load_translations(mo: Traversable, po: Traversable) -> gettext.GNUTranslations:
    """The compiled catalogue ``mo`` when it is there and not older than ``po``; else ``po`` compiled,
    from the cache when this very ``.po`` was compiled before (see :func:`cache_dir`)."""
    mo_time, po_time = _mtime(mo), _mtime(po)
    if mo.is_file() and (mo_time is None or po_time is None or mo_time >= po_time):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    source = po.read_bytes()
    cached = _cached_mo(source)
    if cached is not None:
        return cached
    compiled = compile_po(source)
    _store_mo(source, compiled)
    return gettext.GNUTranslations(io.BytesIO(compiled))


def compile_po(source: bytes) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file's bytes, compiled with Babel (fuzzy and empty entries left
    out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(source), domain="rmentor"))
    return compiled.getvalue()


#: Bump when what :func:`compile_po` writes for the same ``.po`` changes: older cache entries are then ignored.
_CACHE_FORMAT = "1"


def cache_dir() -> Path:
    """Where rmentor keeps what it can rebuild (today: catalogues compiled from a ``.po``).

    ``RMENTOR_CACHE_DIR`` when set; else the platform's user cache folder: ``%LOCALAPPDATA%\\rmentor``
    on Windows, ``~/Library/Caches/rmentor`` on macOS, ``$XDG_CACHE_HOME/rmentor`` (``~/.cache/rmentor``)
    elsewhere. Deleting it is always safe.
    """
    own = os.environ.get("RMENTOR_CACHE_DIR")
    if own:
        return Path(own)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "rmentor"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "rmentor"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rmentor"


def _cache_file(source: bytes) -> Path | None:
    import hashlib  # here, not at the top: an installed rmentor reads its build's .mo and never hashes (OpenSSL)

    try:
        digest = hashlib.sha256(source).hexdigest()
        return cache_dir() / "catalogues" / f"rmentor-{_CACHE_FORMAT}-{digest}.mo"
    except (OSError, RuntimeError):  # no home folder to find (Path.home() raises RuntimeError)
        return None


def _cached_mo(source: bytes) -> gettext.GNUTranslations | None:
    """The translations compiled earlier from exactly ``source``, or None (absent, unreadable, damaged)."""
    path = _cache_file(source)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return gettext.GNUTranslations(io.BytesIO(data))
    except Exception:  # a damaged entry (OSError, struct.error, UnicodeDecodeError...) is simply compiled again
        return None


def _store_mo(source: bytes, compiled: bytes) -> None:
    """Keep ``compiled`` for the next run; written whole or not at all, and never an error (a read-only
    or full disk only means the next run compiles again)."""
    path = _cache_file(source)
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(compiled)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass(frozen=True)
class Catalogue:
    """The ``.po`` as lookups, for checks and tools: ``messages`` (msgid -> text), ``plurals`` (singular
    msgid -> the forms) and ``plural`` (n -> index of the form, from the Plural-Forms header)."""

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural: Callable[[int], int]


@functools.cache
def catalogue(lang: Lang = "ru") -> Catalogue:
    """The ``.po`` of ``lang`` read with Babel, without its fuzzy and empty entries (which
    :func:`translations` leaves out too)."""
    from babel.messages.pofile import read_po

    if lang == "en":
        return Catalogue({}, {}, lambda n: 0 if n == 1 else 1)
    with _catalogue_file(".po").open("rb") as fh:
        parsed = read_po(fh, domain="rmentor")
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in parsed:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(message.string or ()) if isinstance(message.string, (tuple, list)) else ()
            if forms and all(forms):
                plurals[message.id[0]] = forms
        elif isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    return Catalogue(messages, plurals, gettext.c2py(parsed.plural_expr))


#: Set (to anything) by the test suite: every message rendered, in any language, must have a Russian
#: translation, or rendering it raises :class:`MissingTranslation`.
STRICT_ENV = "RMENTOR_STRICT_I18N"


class MissingTranslation(LookupError):
    """A message template that the Russian catalogue lacks, rendered under ``RMENTOR_STRICT_I18N``."""


def _check_translated(template: str, plural: bool = False) -> None:
    if template and os.environ.get(STRICT_ENV):
        ru = catalogue("ru")
        if template not in (ru.plurals if plural else ru.messages):
            raise MissingTranslation(f"no Russian translation in {'/'.join(CATALOGUE)}.po for {template!r}")


def tr(template: str, /, **params: Any) -> str:
    """Translate ``template`` into the current language and fill in ``params``."""
    _check_translated(template)
    if template and _lang.get() == "ru":  # gettext("") would be the catalogue's header
        template = translations("ru").gettext(template)
    return _format(template, params)


def fill(template: str, /, **params: Any) -> str:
    """Fill in a template translated earlier with :func:`tr` (no parameters) as :func:`tr` would: for
    text repeated thousands of times, translated once."""
    return _format(template, params)


def ru_plural_index(n: int) -> int:
    """Index of the Russian plural form: 0 for 1 пара, 1 for 2 пары, 2 for 5 пар."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def trn(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """Translate a count: ``trn("{n} pair", "{n} pairs", n)``."""
    params = {"n": n, **params}
    _check_translated(singular, plural=True)
    if _lang.get() == "ru":  # the form comes from the catalogue's Plural-Forms rule
        return _format(translations("ru").ngettext(singular, plural, abs(n)), params)
    return _format(singular if n == 1 else plural, params)
