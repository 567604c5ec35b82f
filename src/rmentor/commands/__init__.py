"""Commands that grew beyond a few lines live in their own module here.

Each module defines ``register(app)``; add it to :func:`register_all` in one line.
"""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    """Attach every command module's commands to ``app``."""
    modules: list[str] = []
    import importlib

    for name in modules:
        importlib.import_module(f"rmentor.commands.{name}").register(app)
