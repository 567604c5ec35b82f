"""Every message of the evaluate area has natural Russian, including the report templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rmentor.i18n import catalogue

#: The Russian catalogue as one dict: template -> text, or the plural forms (a tuple).
RU: dict[str, str | tuple[str, ...]] = {**catalogue("ru").messages, **catalogue("ru").plurals}

SRC = Path(__file__).resolve().parent.parent / "src" / "rmentor"
MODULES = [
    "inputs/surveys.py", "core/evaluation.py", "outputs/evaluation.py",
    "cli/render_evaluate.py", "cli/commands/evaluate.py",
]
TEMPLATES = ["templates/evaluate/report.md.j2", "templates/evaluate/report.html.j2"]
_CALLS = {"tr", "trn", "Note", "CellError", "InputError", "UsageError", "Issue"}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def templates_in_code() -> set[str]:
    """English templates passed to tr/trn/Note/errors; plural forms are left to :func:`plural_keys`."""
    found: set[str] = set()
    for rel in MODULES:
        tree = ast.parse((SRC / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            args: list[ast.AST] = []
            if name in ("tr", "trn", "InputError", "UsageError", "Note"):
                args = list(node.args[:1])
            elif name == "CellError":  # CellError(message, hint)
                args = list(node.args[:2])
            elif name == "Issue":  # Issue(message, params, location, hint)
                args = [node.args[0], *node.args[3:4]]
            elif name == "add":  # _Problems.add(location, message, hint)
                args = list(node.args[1:3])
            args += [kw.value for kw in node.keywords if kw.arg == "hint"]
            for arg in args:
                found.update(s for s in _strings(arg) if re.search("[A-Za-z]", s))
    return found


def plural_keys() -> set[str]:
    """Singular templates of trn(...) and Note(..., plural): their Russian must be three forms."""
    found: set[str] = set()
    for rel in MODULES:
        for node in ast.walk(ast.parse((SRC / rel).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name == "trn" or (name == "Note" and len(node.args) >= 3):
                    found.update(_strings(node.args[0]))
    return found


def templates_in_jinja() -> set[str]:
    found: set[str] = set()
    for rel in TEMPLATES:
        text = (SRC / rel).read_text(encoding="utf-8")
        found.update(m.group(1) for m in re.finditer(r'_\("((?:[^"\\]|\\.)*)"', text))
    return found


def test_every_template_has_russian() -> None:
    missing = sorted((templates_in_code() | templates_in_jinja()) - set(RU))
    assert not missing, "no Russian for:\n" + "\n".join(missing)


def test_plurals_have_three_russian_forms() -> None:
    keys = plural_keys()
    assert keys, "the extraction found no plural notes"
    for key in keys:
        assert isinstance(RU.get(key), tuple) and len(RU[key]) == 3, key


def test_extraction_sees_the_code() -> None:
    found = templates_in_code()
    assert "unknown wave '{value}'" in found and "problems in the data files: {count}" in found
    assert "Hypotheses" in templates_in_jinja()


def test_russian_keeps_placeholders() -> None:
    for en, ru in RU.items():
        forms = ru if isinstance(ru, tuple) else (ru,)
        want = set(re.findall(r"\{(\w+)\}", en))
        for form in forms:
            assert set(re.findall(r"\{(\w+)\}", form)) <= want | {"n"}, (en, form)
            words = re.sub(r"\{\w+\}", "", form.replace("--", ""))
            assert re.search("[А-Яа-я]", form) or not re.search("[A-Za-z]{3}", words), (en, form)
