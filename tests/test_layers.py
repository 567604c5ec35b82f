"""The package layout is the pipeline, and imports point one way.

cli -> workflows -> outputs / ledger -> core -> inputs -> model -> (errors, i18n).
A module may import its own subpackage and any lower layer, never a higher one; only
``rmentor.cli`` may import typer or rich.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "rmentor"

# rank: a module may import modules whose rank is lower or equal (equal = its own layer)
RANK = {
    "errors": 0, "i18n": 0, "__init__": 0, "__main__": 7,
    "model": 1,
    "inputs": 2,
    "core": 3,
    "ledger": 4, "outputs": 4,
    "workflows": 5,
    "cli": 6,
}
TOP_ONLY = {"typer", "rich", "click"}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((node.lineno, f"{node.module}.{alias.name}") if node.module == "rmentor"
                         else (node.lineno, node.module) for alias in node.names)
    return found


def _violations() -> list[str]:
    bad: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts)
        mine = _layer(module)
        assert mine in RANK, f"{path}: new top-level module {mine!r}: give it a layer in {__file__}"
        for line, target in _imports(path):
            root = target.split(".")[0]
            if root in TOP_ONLY and mine != "cli":
                bad.append(f"{path.relative_to(SRC)}:{line}: imports {target} (only rmentor.cli may)")
            if root != "rmentor" or target == "rmentor":
                continue
            theirs = _layer(target)
            if theirs in RANK and mine not in ("__main__",) and RANK[theirs] > RANK[mine]:
                bad.append(f"{path.relative_to(SRC)}:{line}: {mine} imports {target} ({theirs} is a higher layer)")
    return bad


def test_imports_point_one_way() -> None:
    assert _violations() == []


def test_every_subpackage_says_what_it_owns() -> None:
    for pkg in sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((pkg / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{pkg.name}/__init__.py needs a docstring saying what it owns and imports"


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from rmentor.cli.common import Common\nimport typer\n", encoding="utf-8")
    assert [t for _, t in _imports(bad)] == ["rmentor.cli.common", "typer"]
    assert RANK[_layer("rmentor.cli.common")] > RANK["core"]
