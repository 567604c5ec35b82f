"""Commands that grew beyond a few lines live in their own module here.

Every module in this package that defines ``register(app)`` is picked up by
:func:`register_all`, so adding a command never touches a shared file. Modules
must keep heavy imports inside their functions: they are imported for ``--help``.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    """Attach every command module's commands to ``app``, in module-name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
