"""Russian for the foundation: errors, loading, validate, init."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {}
