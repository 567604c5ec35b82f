"""Mutation testing of the core modules with mutmut, run by hand (never in CI).

Usage:
    python tools/mutation.py scoring matching scheduling evaluation      # every mutant
    python tools/mutation.py --sample 150 scoring matching ...           # a random sample per module
    python tools/mutation.py --sample 150 --recheck scoring ...          # run the sample's survivors again

Configuration is ``[tool.mutmut]`` in pyproject.toml: mutmut copies the tree into ``mutants/`` and
runs, for each mutant, only the selected tests that reach the mutated function.

``--sample N`` draws N mutants per module uniformly at random (``random.Random(f"{seed}:{module}")``
over the sorted mutant names, so the same commit and seed give the same sample) and runs only those;
the score is then an estimate with a 95% Wilson interval. A full run of the four modules (about 8,000
mutants, many of whose survivors run a minute of tests) takes hours on two cores. Mutants that already
have a result are not run again unless ``--recheck`` is given, which reruns the sample's survivors, e.g.
after adding tests.

A timeout counts as killed (the mutant made the tests hang). Mutants listed in ``docs/testing.md`` as
equivalent (a line ``- `<mutant name>`: why``) count as killed.
Record the figures in docs/testing.md with the date and the commit.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # mutmut works in the checkout this script belongs to
MODULES = ("scoring", "matching", "scheduling", "evaluation")
MUTMUT = [sys.executable, "-m", "mutmut"]
# mutmut 3.8 has no command that only generates mutants; this is what `mutmut run` does first.
GENERATE = ("import os, mutmut.__main__ as m; m.set_mutant_under_test('mutant_generation'); m.copy_src_dir(); "
            "m.copy_also_copy_files(); m.setup_source_paths(); m.store_lines_covered_by_tests(); "
            "m.create_mutants(os.cpu_count() or 1)")


def equivalent() -> set[str]:
    doc = ROOT / "docs" / "testing.md"
    if not doc.exists():
        return set()
    return set(re.findall(r"^- `(rmentor\.core\.\S+?__mutmut_\d+)`", doc.read_text(encoding="utf-8"), re.M))


def sync_sources() -> None:
    """Bring ``mutants/src`` up to date with ``src`` for every file mutmut does not mutate: mutmut 3.8 copies
    a file only when its copy is missing, so after a merge the mutants would run with an old catalogue (.po)
    or an old helper module."""
    mutated = {ROOT / "src" / "rmentor" / "core" / f"{m}.py" for m in MODULES}
    for path in (ROOT / "src").rglob("*"):
        copy = ROOT / "mutants" / path.relative_to(ROOT)
        if (path.is_file() and path not in mutated and "__pycache__" not in path.parts and copy.exists()
                and copy.read_bytes() != path.read_bytes()):
            shutil.copy2(path, copy)


def all_statuses(generate: bool = True) -> dict[str, str]:
    """Every generated mutant of the core modules and its status (``not checked`` until run); with
    ``generate``, (re)generates the mutants of changed source first."""
    if generate:
        sync_sources()
        subprocess.run([sys.executable, "-c", GENERATE], cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run([*MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        name, _, status = line.strip().partition(": ")
        if name.startswith("rmentor.core."):
            found[name] = status
    return found


def of_module(statuses: dict[str, str], module: str) -> list[str]:
    return sorted(n for n in statuses if n.startswith(f"rmentor.core.{module}."))


def sample(names: list[str], module: str, size: int | None, seed: int) -> list[str]:
    if size is None or size >= len(names):
        return names
    return sorted(random.Random(f"{seed}:{module}").sample(names, size))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of the proportion k/n."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def score(statuses: dict[str, str], names: list[str], eq: set[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in names:
        status = statuses[name]
        counts["total"] += 1
        counts["equivalent" if name in eq and status != "killed" else status] += 1
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--sample", type=int, default=None, help="mutants drawn at random per module")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--recheck", action="store_true", help="run the survivors of the sample again")
    parser.add_argument("--report", action="store_true", help="only print the scores of what has run")
    parser.add_argument("--list", action="store_true", help="also print the sample's mutants that were not killed")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    if unknown := [m for m in modules if m not in MODULES]:
        parser.error(f"unknown module {unknown[0]!r}; choose from {', '.join(MODULES)}")

    read_only = args.report or args.list  # safe while another run is going
    statuses = all_statuses(generate=not read_only)
    chosen = {m: sample(of_module(statuses, m), m, args.sample, args.seed) for m in modules}
    eq = equivalent()
    if not read_only:
        rerun = {"survived", "no tests", "timeout", "suspicious"} if args.recheck else set()
        todo = [n for names in chosen.values() for n in names
                if statuses[n] == "not checked" or (statuses[n] in rerun and n not in eq)]
        if todo:
            subprocess.run([*MUTMUT, "run", "--max-children", str(args.max_children), *todo], cwd=ROOT,
                           check=False)
            statuses = all_statuses()
    for m in modules:
        c = score(statuses, chosen[m], eq)
        killed = c["killed"] + c["equivalent"] + c["timeout"]
        total = c["total"] - c["not checked"]
        lo, hi = wilson(killed, total)
        what = f"sample of {c['total']} (seed {args.seed})" if args.sample else f"all {c['total']}"
        print(f"{m}: {what}: {killed}/{total} killed ({100 * killed / max(1, total):.1f}%, 95% interval "
              f"{100 * lo:.1f}-{100 * hi:.1f}%), equivalent {c['equivalent']}, survived {c['survived']}, "
              f"no tests {c['no tests']}, timeout {c['timeout']}, not run {c['not checked']}")
        if args.list:
            for name in chosen[m]:
                if statuses[name] in ("survived", "no tests", "suspicious") and name not in eq:
                    print(f"  {statuses[name]}: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
