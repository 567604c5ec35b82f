"""The command line: the typer app, shared options, one module per command, terminal rendering.

Owns: argument parsing, the error boundary (domain errors -> stderr + exit code) and every
use of typer and rich. Commands parse options, make one library call and render its result.
May import every other subpackage of rmentor; nothing outside ``rmentor.cli`` imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmentor.cli.app import full_app, main

if TYPE_CHECKING:
    import typer

#: The typer app with every command, built on first use (:func:`__getattr__`): ``rmentor match`` builds
#: ``match`` alone. Importing the submodule bound its name here; ``rmentor.cli.app`` stays the app.
app: typer.Typer
globals().pop("app", None)


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        built = globals()["app"] = full_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
