"""Test helpers: small rosters built in code, and a brute-force matcher to check the solver."""

from __future__ import annotations

from functools import cache
from typing import Any

from rmentor.model import Program, Roster


def person(pid: str, dept: str = "Sales", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid.upper(), "department": dept, **extra}


def senior(pid: str, dept: str = "Sales", wants: tuple[str, ...] = ("smm",), readiness: int = 4,
           openness: int = 4, **extra: Any) -> dict[str, Any]:
    return person(pid, dept, wants=list(wants), scores={"readiness": readiness, "openness": openness}, **extra)


def junior(pid: str, dept: str = "IT", offers: tuple[str, ...] = ("smm",), communication: int = 4,
           sharing: int = 4, structuring: int = 4, **extra: Any) -> dict[str, Any]:
    return person(pid, dept, offers=list(offers),
                  scores={"communication": communication, "sharing": sharing, "structuring": structuring}, **extra)


def roster(seniors: list[dict[str, Any]], juniors: list[dict[str, Any]], **extra: Any) -> Roster:
    return Roster.model_validate({"seniors": seniors, "juniors": juniors, **extra})


def program(**matching: Any) -> Program:
    return Program.model_validate({"matching": matching})


def brute_force(weights: list[list[int]], capacity: list[int], limit: int | None,
                dept_cap: int | None = None, s_dept: list[int] | None = None,
                j_dept: list[int] | None = None) -> tuple[int, int]:
    """Best (number of pairs, total score) by exhaustive search with memoisation."""
    ns = len(weights)

    @cache
    def best(i: int, caps: tuple[int, ...], used: int, dcount: tuple[int, ...]) -> tuple[int, int]:
        if i == ns:
            return (0, 0)
        top = best(i + 1, caps, used, dcount)
        if limit is not None and used >= limit:
            return top
        for j, w in enumerate(weights[i]):
            if w < 0 or caps[j] == 0:
                continue
            dc = dcount
            if dept_cap is not None:
                assert s_dept is not None and j_dept is not None
                touched = {s_dept[i], j_dept[j]}
                if any(dcount[d] >= dept_cap for d in touched):
                    continue
                dc = tuple(c + (1 if d in touched else 0) for d, c in enumerate(dcount))
            nc = (*caps[:j], caps[j] - 1, *caps[j + 1 :])
            n, sc = best(i + 1, nc, used + 1, dc)
            top = max(top, (n + 1, sc + w))
        return top

    ndept = (max([*(s_dept or [0]), *(j_dept or [0])]) + 1) if dept_cap is not None else 0
    return best(0, tuple(capacity), 0, (0,) * ndept)


CapsCase = tuple[list[list[int]], list[int], list[int], int, list[int], "int | None"]
"""A department-cap instance: scores (-1: not allowed), senior and junior departments, the cap, the juniors'
capacities and the pilot's maximum (None: no limit)."""


def fractional_caps(count: int, seed: int, *, max_side: int = 5, max_score: int = 8,
                    limits: bool = True) -> list[CapsCase]:
    """``count`` small capped instances whose LP relaxation is fractional, so CP-SAT has to decide.

    With ``limits``, three in ten also get a pilot maximum of 1-3."""
    import numpy as np

    from rmentor.core.matching import _capped_lp

    rng = np.random.default_rng(seed)
    out: list[CapsCase] = []
    while len(out) < count:
        ns, nj, nd = int(rng.integers(2, max_side + 1)), int(rng.integers(2, max_side + 1)), int(rng.integers(2, 4))
        w = rng.integers(0, max_score, size=(ns, nj))
        w[rng.random((ns, nj)) < 0.3] = -1
        s_dept, j_dept = rng.integers(0, nd, size=ns), rng.integers(0, nd, size=nj)
        cap, capacity = int(rng.integers(1, 3)), rng.integers(1, 3, size=nj)
        limit = None if not limits or rng.random() < 0.7 else int(rng.integers(1, 4))
        si, ji = np.nonzero(w >= 0)
        if len(si) == 0:
            continue
        x, _, _ = _capped_lp(si, ji, s_dept[si].astype(np.int64), j_dept[ji].astype(np.int64),
                             (w[si, ji] + 100).astype(np.int64), capacity.astype(np.int64),
                             dict.fromkeys(range(nd), cap), limit, ns, nj)
        if not np.all((x < 1e-6) | (x > 1 - 1e-6)):
            out.append((w.tolist(), s_dept.tolist(), j_dept.tolist(), cap, capacity.tolist(), limit))
    return out


def document_text(path: Any) -> str:
    """The words people read in an output file: .docx paragraphs and tables, .pdf page text, else the text."""
    from pathlib import Path

    path = Path(path)
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        parts += [p.text for s in document.sections for p in s.footer.paragraphs]
        parts.append(document.core_properties.title or "")
        return "\n".join(parts)
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(path)
        meta = reader.metadata or {}
        return "\n".join([*(page.extract_text() for page in reader.pages), str(meta.get("/Title", ""))])
    return path.read_text(encoding="utf-8-sig")


def csv_rows(path: Any) -> list[dict[str, str]]:
    """The rows of a CSV rmentor wrote: ';' for a Russian program, ',' otherwise (BOM either way)."""
    import csv
    import io
    from pathlib import Path

    text = Path(path).read_text("utf-8-sig")
    first = text.splitlines()[0] if text else ""
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","))
