"""Versioned machine output (``--format json``). Every payload carries ``version``.

The shapes here are an API: ``tests/test_json_shapes.py`` pins them.
"""

from __future__ import annotations

from typing import Any

from rmentor.summary import ValidationSummary

JSON_VERSION = 1


def validation_json(s: ValidationSummary) -> dict[str, Any]:
    """``rmentor validate --format json``."""
    return {
        "version": JSON_VERSION,
        "seniors": s.seniors,
        "juniors": s.juniors,
        "junior_capacity": s.junior_capacity,
        "departments": [{"name": d, "seniors": a, "juniors": b} for d, a, b in s.departments],
        "criteria": [
            {"side": c.side, "name": c.name, "min": c.min, "max": c.max, "mean": c.mean,
             "threshold": c.threshold, "below": c.below}
            for c in s.criteria
        ],
        "ineligible": [{"id": p.id, "side": p.side, "reasons": [r.render() for r in p.reasons]}
                       for p in s.ineligible],
        "no_availability": list(s.no_availability),
        "warnings": [w.render() for w in s.warnings],
    }
