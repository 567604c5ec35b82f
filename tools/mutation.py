"""Mutation testing of the core modules with mutmut, run by hand (never in CI).

Usage:  python tools/mutation.py scoring [matching scheduling evaluation]

Runs ``mutmut run "rmentor.core.<module>*" ...`` once for the modules named (configuration: ``[tool.mutmut]``
in pyproject.toml; mutmut copies the tree into ``mutants/`` and runs only the tests that
reach each mutated function), then prints killed / total per module, counting the mutants
listed in ``docs/testing.md`` as equivalent (a line ``- `<mutant name>`: why``) as killed.
Record the figures in docs/testing.md with the date and the commit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("scoring", "matching", "scheduling", "evaluation")


def equivalent() -> set[str]:
    doc = ROOT / "docs" / "testing.md"
    if not doc.exists():
        return set()
    return set(re.findall(r"^- `(rmentor\.core\.[\w.]+__mutmut_\d+)`", doc.read_text(encoding="utf-8"), re.M))


def statuses(module: str) -> Counter[str]:
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    counts: Counter[str] = Counter()
    eq = equivalent()
    for line in out.splitlines():
        name, _, status = line.strip().partition(": ")
        if not name.startswith(f"rmentor.core.{module}."):
            continue
        counts["total"] += 1
        counts["equivalent" if name in eq and status != "killed" else status] += 1
    return counts


def main(argv: list[str]) -> int:
    modules = argv or list(MODULES)
    for m in modules:
        if m not in MODULES:
            print(f"unknown module {m!r}; choose from {', '.join(MODULES)}", file=sys.stderr)
            return 2
    # One run for all modules: mutmut maps tests to functions once, and uses every core.
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(os.cpu_count() or 1),
                    *(f"rmentor.core.{m}*" for m in modules)], cwd=ROOT, check=False)
    for m in modules:
        c = statuses(m)
        killed = c["killed"] + c["equivalent"] + c["timeout"]
        score = 100 * killed / c["total"] if c["total"] else 0.0
        print(f"{m}: {killed}/{c['total']} killed ({score:.1f}%), equivalent {c['equivalent']}, "
              f"survived {c['survived']}, no tests {c['no tests']}, timeout {c['timeout']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
