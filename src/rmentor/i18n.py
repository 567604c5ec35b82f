"""Russian and English text for everything rmentor says.

Messages are written in code as English ``str.format`` templates and wrapped in
:func:`tr` (or :func:`trn` for counts). The Russian catalogue in
:mod:`rmentor.messages_ru` maps each template to its translation; a test walks the
source and fails if any template lacks one, so Russian stays complete.

The language is chosen once per command by the CLI (``--lang``, then the program
file, then the system locale) and kept in a context variable.
"""

from __future__ import annotations

import locale
import os
from contextvars import ContextVar
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


def tr(template: str, /, **params: Any) -> str:
    """Translate ``template`` into the current language and fill in ``params``."""
    if _lang.get() == "ru":
        from rmentor.messages_ru import RU

        translated = RU.get(template)
        if isinstance(translated, str):
            template = translated
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
        from rmentor.messages_ru import RU

        forms = RU.get(singular)
        if isinstance(forms, tuple):
            return _format(forms[ru_plural_index(n)], params)
    return _format(singular if n == 1 else plural, params)
