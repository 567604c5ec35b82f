"""The one exception tree of rmentor, and the exit code of each failure class.

Every expected failure is a :class:`RmentorError`. It carries an English message
template, its parameters, an optional location (``file:line:col`` and a field
path) and a hint that says how to fix the input. Text is rendered through
:mod:`rmentor.i18n` at the moment it is shown, so the same error reads in Russian
or English. The CLI catches the tree at one boundary and exits with ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from rmentor.i18n import tr


class ExitCode(IntEnum):
    """Documented process exit codes."""

    OK = 0
    BUG = 1
    INPUT = 2
    INFEASIBLE = 3
    INTERRUPTED = 130


@dataclass(frozen=True)
class Location:
    """Where in an input file a problem is."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None  # e.g. "seniors[3].scores.openness" or "sheet juniors, row 4"

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


@dataclass(frozen=True)
class Issue:
    """One problem found in the input: what, where, and how to fix it."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    hint: str | None = None
    hint_params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        text = tr(self.message, **self.params)
        if self.location is not None and str(self.location):
            text = f"{self.location}: {text}"
        if self.hint:
            text += f" ({tr(self.hint, **{**self.params, **self.hint_params})})"
        return text


class RmentorError(Exception):
    """Base of every expected rmentor failure."""

    exit_code: ExitCode = ExitCode.BUG

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        hint_params: dict[str, Any] | None = None,
        issues: Sequence[Issue] = (),
        **params: Any,
    ) -> None:
        self.message = message
        self.params = params
        self.location = location
        self.hint = hint
        self.hint_params = hint_params or {}
        self.issues = list(issues)
        super().__init__(self.render())

    def render(self) -> str:
        """The full, translated text of this error (headline, then one line per issue)."""
        head = Issue(self.message, self.params, self.location, self.hint, self.hint_params).render()
        lines = [head, *(f"  - {issue.render()}" for issue in self.issues)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class InputError(RmentorError):
    """An input file or argument is invalid (exit 2)."""

    exit_code = ExitCode.INPUT


class UsageError(InputError):
    """The command line itself is wrong (exit 2)."""


class OutputExistsError(InputError):
    """An output file exists and ``--force`` was not given (exit 2)."""


class InfeasibleError(RmentorError):
    """The rules leave no feasible plan, e.g. fewer pairs than the pilot minimum (exit 3)."""

    exit_code = ExitCode.INFEASIBLE
