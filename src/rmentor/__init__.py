"""rmentor: run reverse-mentoring programs from the command line or from Python.

The pipeline is load -> score -> match -> schedule -> export; each stage is a
pure function of its inputs. The CLI in :mod:`rmentor.cli` is a thin layer on top.
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
