"""rmentor: run reverse-mentoring programs from the command line or from Python.

The pipeline is load -> score -> match -> schedule -> export, and the package reads
the same way: :mod:`rmentor.inputs` and :mod:`rmentor.model` (files in, validated),
:mod:`rmentor.core` (score, match, schedule, evaluate), :mod:`rmentor.outputs` (files
out), :mod:`rmentor.ledger` (a running program's state), :mod:`rmentor.workflows` (whole
jobs) and :mod:`rmentor.cli` (the thin command line on top).
"""

from rmentor.errors import (
    ExitCode,
    InfeasibleError,
    InputError,
    OutputExistsError,
    RmentorError,
    UsageError,
)

__version__ = "0.1.0"

__all__ = [
    "ExitCode",
    "InfeasibleError",
    "InputError",
    "OutputExistsError",
    "RmentorError",
    "UsageError",
    "__version__",
]
