"""Russian and English text for everything rmentor says.

Messages are written in code as English ``str.format`` templates and wrapped in
:func:`tr` (or :func:`trn` for counts). The Russian catalogue is a standard gettext file,
``rmentor/locale/ru/LC_MESSAGES/rmentor.po`` (msgid = the English template; plural entries
keyed by the singular, with the Russian ``Plural-Forms`` rule in the header). It is read
with Babel at run time, once per process, the first time a Russian message is needed: the
``.po`` is the only copy, so an editable install, a wheel and a source checkout all see the
same text with no compile step, and nothing can go stale. A test walks the source and fails
if any template lacks a translation, so Russian stays complete.

The language is chosen once per command by the CLI (``--lang``, then the program
file, then the system locale) and kept in a context variable.
"""

from __future__ import annotations

import functools
import gettext
import locale
import os
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

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


#: Where the catalogue lives inside the package (``importlib.resources`` path parts).
CATALOGUE = ("locale", "ru", "LC_MESSAGES", "rmentor.po")


@dataclass(frozen=True)
class Catalogue:
    """A gettext catalogue as lookups: ``messages`` (msgid -> text), ``plurals`` (singular
    msgid -> the forms) and ``plural`` (n -> index of the form, from the Plural-Forms header)."""

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural: Callable[[int], int]


@functools.cache
def catalogue(lang: Lang = "ru") -> Catalogue:
    """The catalogue of ``lang``, read once. Fuzzy and empty entries are left out (as msgfmt does),
    so an unfinished translation falls back to English instead of showing a guess."""
    from babel.messages.pofile import read_po

    if lang == "en":
        return Catalogue({}, {}, lambda n: 0 if n == 1 else 1)
    source = resources.files("rmentor")
    for part in CATALOGUE:
        source = source.joinpath(part)
    with source.open("rb") as fh:
        parsed = read_po(fh, locale=lang, domain="rmentor")
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


def tr(template: str, /, **params: Any) -> str:
    """Translate ``template`` into the current language and fill in ``params``."""
    if _lang.get() == "ru":
        template = catalogue("ru").messages.get(template, template)
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
    if _lang.get() == "ru":
        ru = catalogue("ru")
        forms = ru.plurals.get(singular)
        if forms is not None:
            return _format(forms[min(ru.plural(abs(n)), len(forms) - 1)], params)
    return _format(singular if n == 1 else plural, params)
