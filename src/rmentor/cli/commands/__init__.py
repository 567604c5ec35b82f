"""One module per command.

Every module in this package that defines ``register(app)`` is picked up by
:func:`register_all`, so adding a command never touches a shared file. Modules
must keep heavy imports inside their functions: they are imported for ``--help``.
``validate`` and ``init`` come first in ``--help``; the rest follow in name order.
A module is named after the command it adds: a run of ``rmentor NAME`` imports and
builds module ``NAME`` alone (``tests/test_startup.py`` checks every module).
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

_FIRST = ("validate", "init")


def register_all(app: typer.Typer, *, only: str | None = None) -> bool:
    """Attach every command module's commands to ``app``, in module-name order; with ``only``, just the
    command of that name (each module is named after its command). False when ``only`` names none."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    if only is not None:
        if only not in names:
            return False
        register = getattr(importlib.import_module(f"{__name__}.{only}"), "register", None)
        if register is None:
            return False
        register(app)
        return any(command_name(info) == only for info in app.registered_commands)
    for name in sorted(names, key=lambda n: (_FIRST.index(n) if n in _FIRST else len(_FIRST), n)):
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    return True


def command_name(info: typer.models.CommandInfo) -> str | None:
    """The name typer gives a registered command: its own, else the function's with ``_`` as ``-``."""
    if info.name:
        return info.name
    callback = info.callback
    return None if callback is None else callback.__name__.replace("_", "-")
