#!/usr/bin/env python
"""Maintain the Russian gettext catalogue, ``src/rmentor/locale/ru/LC_MESSAGES/rmentor.po``.

    python tools/po.py extract            # templates in the code with no entry in the .po (and unused entries)
    python tools/po.py extract --add      # ... and append them with an empty msgstr, for a translator to fill
    python tools/po.py check              # Babel's checks + placeholders + plural forms (what msgfmt --check does)
    python tools/po.py import FILE.py...  # move a leftover ``locale/ru_issueNN.py`` dict into the .po, delete FILE
    python tools/po.py format             # rewrite the .po in its canonical form (one line per string)

The message templates are found by walking the source: ``tr``/``trn`` calls, the error classes and
``Issue``/``Note``/``Reason``/``CellError``, template dicts, loops over literal tuples, and ``_("...")``
in the Jinja report templates. Plain ``pybabel extract -k tr -k trn:1,2`` sees only the first two.
This is a maintainer tool, not part of the installed package; the tests import it (``pythonpath``
in pyproject.toml), so the walker the tests trust is the one this tool uses.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import io
import itertools
import re
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from rmentor.core.scoring import COMPONENTS  # run in the dev environment: pip install -e .[dev]

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "rmentor"
PO = SRC / "locale" / "ru" / "LC_MESSAGES" / "rmentor.po"
#: Russian plural rule, as gettext writes it (1 пара, 2 пары, 5 пар; 11-14 пар).
PLURAL_FORMS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"

# ---------------------------------------------------------------------------------------------- the source

#: Calls whose first argument is a message template (and ``hint=`` a hint template).
MESSAGE_CALLS = {"tr", "invalid", "Issue", "RmentorError", "InputError", "UsageError", "OutputExistsError",
                 "InfeasibleError"}
#: Module-level dicts whose values are templates.
TEMPLATE_DICTS = {"RULE_TEXT", "_TYPE_MESSAGES", "CLICK_TEMPLATES", "HELP_TEXTS"}
#: Words that reach tr() through a variable rather than a literal: the ``what`` of
#: loading._raise_if, person sides, and the score components printed by ``explain``.
DYNAMIC_WORDS = {"roster", "program file", "senior", "junior", "seniors", "juniors", *COMPONENTS,
                 "file", "dir", "path"}  # the last three: the {label} of clicktext.CLICK_TEMPLATES


@dataclass(frozen=True)
class Template:
    """A message template found in the code; ``plural`` is the English plural of a count message."""

    text: str
    where: str
    plural: str | None = None


def _strings(node: ast.AST | None, loops: dict[str, list[str]]) -> list[str] | None:
    """Every string ``node`` can evaluate to, or None when it is not built from literals.

    ``loops`` maps names to the literals they take: loop variables over literal tuples, and
    dicts of literal strings (so ``tr(RULE_TEXT[rule])`` means every value of RULE_TEXT).
    """
    if node is None:
        return None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and f"{node.value.id}[]" in loops:
        return loops[f"{node.value.id}[]"]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _strings(node.body, loops), _strings(node.orelse, loops)
        return None if a is None and b is None else [*(a or []), *(b or [])]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _strings(node.left, loops), _strings(node.right, loops)
        if a is None or b is None:
            return None
        return [x + y for x, y in itertools.product(a, b)]
    if isinstance(node, ast.Name) and node.id in loops:
        return loops[node.id]
    return None


def _loop_literals(target: ast.AST, items: list[ast.expr]) -> dict[str, list[str]]:
    """``for x in ("a", "b")`` and ``for side, n in (("Seniors", 1), ...)``: names -> literal values."""
    if isinstance(target, ast.Name):
        values = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return {target.id: values} if len(values) == len(items) else {}
    out: dict[str, list[str]] = {}
    if isinstance(target, ast.Tuple):
        for pos, name in enumerate(target.elts):
            if not isinstance(name, ast.Name):
                continue
            cells = [e.elts[pos] for e in items if isinstance(e, ast.Tuple) and len(e.elts) > pos]
            values = [c.value for c in cells if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            if values and len(values) == len(items):
                out[name.id] = values
    return out


def _string_dicts(tree: ast.Module) -> dict[str, list[str]]:
    """Dicts assigned anywhere in a module whose values are all string literals, as ``name[]``."""
    out: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values = [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            if values and len(values) == len(node.value.values):
                for t in targets:
                    if isinstance(t, ast.Name):
                        out[f"{t.id}[]"] = values
    return out


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """RmentorError and every class in the package derived from it."""
    names = {"RmentorError", "InputError", "UsageError", "OutputExistsError", "InfeasibleError"}
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                    (isinstance(b, ast.Name) and b.id in names) or (isinstance(b, ast.Attribute) and b.attr in names)
                    for b in node.bases
                ):
                    names.add(node.name)
                    changed = True
    return names


def collect_templates(root: Path = SRC) -> tuple[list[Template], list[str]]:
    """(templates found under ``root``, f-strings used as templates)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(root.rglob("*.py"))
             if "locale" not in p.parts}
    message_calls = MESSAGE_CALLS | _error_classes(trees)
    found: list[Template] = []
    fstrings: list[str] = []

    def add(node: ast.AST | None, where: str, loops: dict[str, list[str]], plural: ast.AST | None = None) -> None:
        if isinstance(node, ast.JoinedStr) or isinstance(plural, ast.JoinedStr):
            fstrings.append(where)
            return
        texts = _strings(node, loops) or []
        plurals = _strings(plural, loops) if plural is not None else None
        if plurals is not None and len(plurals) == len(texts):
            found.extend(Template(text, where, other) for text, other in zip(texts, plurals, strict=True))
        else:
            found.extend(Template(text, where, "" if plural is not None else None) for text in texts)

    def visit(node: ast.AST, rel: str, loops: dict[str, list[str]]) -> None:
        if isinstance(node, ast.For) and isinstance(node.iter, (ast.Tuple, ast.List)):
            loops = {**loops, **_loop_literals(node.target, node.iter.elts)}
        if isinstance(node, ast.Call):
            name = _call_name(node)
            where = f"{rel}:{node.lineno}"
            hint = next((k.value for k in node.keywords if k.arg == "hint"), None)
            if name == "trn":
                if node.args:
                    add(node.args[0], where, loops, plural=node.args[1] if len(node.args) >= 2 else ast.Constant(""))
            elif name == "Note":  # Note(template, params, plural)
                plural = node.args[2] if len(node.args) >= 3 else next(
                    (k.value for k in node.keywords if k.arg == "plural"), None)
                add(node.args[0] if node.args else None, where, loops, plural=plural)
            elif name == "CellError":  # CellError(message, hint)
                for arg in node.args[:2]:
                    add(arg, where, loops)
            elif name in message_calls:
                keyword = next((k.value for k in node.keywords if k.arg in ("message", "template")), None)
                add(node.args[0] if node.args else keyword, where, loops)
                if name == "Issue" and len(node.args) >= 4:
                    hint = node.args[3]
                add(hint, where, loops)
            elif name == "Reason":
                keyword = next((k.value for k in node.keywords if k.arg == "template"), None)
                add(node.args[1] if len(node.args) >= 2 else keyword, where, loops)
            elif (name == "add" and isinstance(node.func, ast.Attribute) and len(node.args) >= 2
                  and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))):
                # _Collector.add(path, message, hint) and rmentor.inputs.tabular's _Problems.add(pos, ...);
                # not icalendar's component.add("summary", value), whose first argument is a name
                add(node.args[1], where, loops)
                add(node.args[2] if len(node.args) >= 3 else hint, where, loops)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in TEMPLATE_DICTS for t in targets) and isinstance(
                node.value, ast.Dict
            ):
                for value in node.value.values:
                    add(value, f"{rel}:{node.lineno}", loops)
        for child in ast.iter_child_nodes(node):
            visit(child, rel, loops)

    for path, tree in trees.items():
        visit(tree, str(path.relative_to(root.parent)), _string_dicts(tree))
    for path in sorted(root.rglob("*.j2")):  # Jinja report templates: {{ _("...") }}
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'_\("((?:[^"\\]|\\.)*)"', text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Template(match.group(1), f"{path.relative_to(root.parent)}:{line}"))
    found.extend(Template(w, "DYNAMIC_WORDS") for w in sorted(DYNAMIC_WORDS))
    return found, fstrings



# ---------------------------------------------------------------------------------------------- the catalogue


def read(path: Path = PO) -> Catalog:
    """The catalogue at ``path``."""
    with path.open("rb") as fh:
        return read_po(fh, locale="ru", domain="rmentor", abort_invalid=True)


def render(catalog: Catalog) -> bytes:
    """``catalog`` in the canonical form: no wrapping (one line per string, so entries stay stable) and no
    source references (they change with every edit)."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, include_lineno=False, omit_header=False)
    return buf.getvalue()


def write(catalog: Catalog, path: Path = PO) -> None:
    """Write ``catalog`` to ``path`` in the canonical form (:func:`render`)."""
    path.write_bytes(render(catalog))


def fields(template: str) -> set[str]:
    """The ``{name}`` placeholders of a ``str.format`` template."""
    return {f.split(".")[0].split("[")[0].split("!")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


def check(path: Path = PO) -> list[str]:
    """Problems msgfmt --check would report, and ours: Babel's checkers, the header's plural rule, duplicate
    msgids, fuzzy entries, and placeholders a translation has that its English does not (``{n}`` may appear
    in a plural form even when the singular English leaves it out: "a pair" / "{n} pairs")."""
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    try:
        catalog = read(path)
    except Exception as exc:  # a syntax error: say where
        return [f"{path}: {exc}"]
    if f'"Plural-Forms: {PLURAL_FORMS}\\n"' not in text:
        problems.append(f"{path}: the header must say Plural-Forms: {PLURAL_FORMS}")
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith('msgid "') and line != 'msgid ""':
            if line in seen:
                problems.append(f"{path}:{number}: duplicate {line} (first at line {seen[line]})")
            seen.setdefault(line, number)
    # Babel's checkers, less python_format: our templates are str.format ones, and Babel takes "95% interval"
    # for a %-format ("% i"); the brace placeholders are checked below instead.
    for message in catalog:
        if message.id:
            try:
                num_plurals(catalog, message)
            except TranslationError as exc:
                problems.append(f"{path}:{message.lineno}: {message.id!r}: {exc}")
    try:  # compile it, as msgfmt would, and load the result with the standard library
        mo = io.BytesIO()
        write_mo(mo, catalog)
        mo.seek(0)
        gettext.GNUTranslations(mo)
    except Exception as exc:
        problems.append(f"{path}: does not compile to .mo: {exc}")
    for message in catalog:
        if not message.id:
            continue
        where = f"{path}:{message.lineno}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy (review the translation, then remove the fuzzy flag)")
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string or ""] if isinstance(message.string, str) or message.string is None \
            else list(message.string)
        if len(forms) > 1 and any(forms) and not all(forms):
            problems.append(f"{where}: a plural form is missing (Russian needs {catalog.num_plurals}: 1, 2, 5)")
        allowed = set().union(*(fields(e) for e in english)) | ({"n"} if message.pluralizable else set())
        for form in forms:
            try:
                extra = fields(form) - allowed
            except ValueError as exc:
                problems.append(f"{where}: {form!r} is not a valid template ({exc})")
                continue
            if extra:
                problems.append(f"{where}: {form!r} has placeholders the English does not: {sorted(extra)}")
    return problems


def import_dict(source: Path, catalog: Catalog, plurals: dict[str, str]) -> list[str]:
    """Add the ``RU = {...}`` dict of ``source`` to ``catalog``; the notes to print."""
    tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
    entries: dict[str, str | tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "RU" for t in targets):
                entries.update(ast.literal_eval(node.value))
    if not entries:
        raise SystemExit(f"{source}: no RU = {{...}} dict found")
    notes: list[str] = []
    for english, russian in entries.items():
        old = catalog.get(english)
        if isinstance(russian, tuple):
            plural = plurals.get(english)
            if not plural:
                raise SystemExit(f"{source}: {english!r} has plural forms, but no trn()/Note(...) call in the code "
                                 "gives its English plural; fix the code or the entry, then run again")
            msgid: str | tuple[str, str] = (english, plural)
        else:
            msgid = english
        if old is not None and old.string != russian:
            notes.append(f"{english!r}: replaced {old.string!r} with {russian!r}")
            del catalog[english]
        catalog.add(msgid, russian)
    notes.append(f"{source}: {len(entries)} entries")
    return notes


# ---------------------------------------------------------------------------------------------- commands


def cmd_extract(add: bool, unused: bool = False) -> int:
    templates, fstrings = collect_templates()
    catalog = read()
    missing: dict[str, Template] = {}
    for t in templates:
        if t.text not in catalog and t.text not in missing:
            missing[t.text] = t
    used = {t.text for t in templates}
    # entries with a "#." comment are typer's messages and help texts: not templates in the code
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not m.auto_comments]
    extra = sorted(i for i in ids if i not in used) if unused else []
    for where in fstrings:
        print(f"{where}: an f-string used as a message template (use a template with {{names}})")
    for t in missing.values():
        print(f"{t.where}: no translation: {t.text!r}")
    for text in extra:
        print(f"not seen in the code (unused, or reached through a variable?): {text!r}")
    if add and missing:
        for t in missing.values():
            catalog.add((t.text, t.plural) if t.plural else t.text, ("", "", "") if t.plural else "")
        write(catalog)
        print(f"added {len(missing)} empty entries to {PO.relative_to(ROOT)}: translate them")
    return 1 if missing or fstrings else 0


def cmd_import(files: Iterable[Path]) -> int:
    catalog = read()
    plurals = {t.text: t.plural for t in collect_templates()[0] if t.plural}
    for source in files:
        for note in import_dict(source, catalog, plurals):
            print(note)
    write(catalog)
    for source in files:
        source.unlink()
        print(f"deleted {source} (git rm it)")
    return cmd_check()


def cmd_check() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/po.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="list templates in the code with no entry in the .po")
    extract.add_argument("--add", action="store_true", help="append them with an empty translation")
    extract.add_argument("--unused", action="store_true",
                         help="also list entries the scan does not see in the code (check by hand before deleting: "
                              "some templates reach tr() through variables)")
    sub.add_parser("check", help="check the .po like msgfmt --check, plus placeholders")
    imp = sub.add_parser("import", help="move RU dicts from locale/ru_*.py files into the .po, deleting the files")
    imp.add_argument("files", nargs="+", type=Path)
    sub.add_parser("format", help="rewrite the .po in its canonical form")
    args = parser.parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args.add, args.unused)
    if args.command == "import":
        return cmd_import(list(args.files))
    if args.command == "format":
        write(read())
        return cmd_check()
    return cmd_check()


if __name__ == "__main__":
    sys.exit(main())
