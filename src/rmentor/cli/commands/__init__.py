"""One module per command.

Every module in this package that defines ``register(app)`` is picked up by
:func:`register_all`, so adding a command never touches a shared file. Modules
must keep heavy imports inside their functions: they are imported for ``--help``.
``validate`` and ``init`` come first in ``--help``; the rest follow in name order.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

_FIRST = ("validate", "init")


def register_all(app: typer.Typer) -> None:
    """Attach every command module's commands to ``app``, in module-name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    for name in sorted(names, key=lambda n: (_FIRST.index(n) if n in _FIRST else len(_FIRST), n)):
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
