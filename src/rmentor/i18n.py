"""Russian and English text for everything rmentor says.

Messages are written in code as English ``str.format`` templates and wrapped in
:func:`tr` (or :func:`trn` for counts). The Russian catalogue is a standard gettext file,
``rmentor/locale/ru/LC_MESSAGES/rmentor.po`` (msgid = the English template; plural entries
keyed by the singular, with the Russian ``Plural-Forms`` rule in the header). At run time
the standard library's gettext answers (:func:`translations`), from the ``.mo`` that the
build hook (``hatch_build.py``) compiles with Babel when rmentor is installed, editable
installs included. Where that ``.mo`` is missing or older than the ``.po`` (a source
checkout, a catalogue edited since), the ``.po`` is compiled in memory with Babel instead,
so Russian always works and never goes stale; only slower (a few hundred ms once per run).
A test walks the source and fails if any template lacks a translation.

The language is chosen once per command by the CLI (``--lang``, then the program
file, then the system locale) and kept in a context variable.
"""

from __future__ import annotations

import functools
import gettext
import io
import locale
import os
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
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
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a bad translation must never crash a run
        return template + " " + repr(params)


#: Where the catalogue lives inside the package (``importlib.resources`` path parts, no suffix).
CATALOGUE = ("locale", "ru", "LC_MESSAGES", "rmentor")


def _catalogue_file(suffix: str) -> Traversable:
    source = resources.files("rmentor")
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
    """The compiled catalogue ``mo`` when it is there and not older than ``po``; else ``po`` compiled now."""
    mo_time, po_time = _mtime(mo), _mtime(po)
    if mo.is_file() and (mo_time is None or po_time is None or mo_time >= po_time):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(fh, domain="rmentor"))  # fuzzy and empty entries left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


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
