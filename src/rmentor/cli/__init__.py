"""The command line: the typer app, shared options, one module per command, terminal rendering.

Owns: argument parsing, the error boundary (domain errors -> stderr + exit code) and every
use of typer and rich. Commands parse options, make one library call and render its result.
May import every other subpackage of rmentor; nothing outside ``rmentor.cli`` imports it.
"""

from rmentor.cli.app import app, main

__all__ = ["app", "main"]
