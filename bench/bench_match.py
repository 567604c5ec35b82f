#!/usr/bin/env python3
"""Benchmark ``rmentor match`` against the assignment-solver limit (issue 7). Run by hand.

    pip install -e '.[bench]'            # scipy, the reference solver
    python bench/bench_match.py          # all sizes, 3 repeats, writes docs/benchmarks.md
    python bench/bench_match.py --sizes 10,100,1000 --repeats 1 --no-write

For each size (people per side) it generates a synthetic roster (:mod:`rmentor.workflows.synth`,
seed 0) and measures, every measurement in a fresh subprocess so peak memory is that
run's alone (``os.wait4`` returns each child's own ``ru_maxrss``):

* **end to end**: ``python -m rmentor match ROSTER --out DIR --force --quiet``: wall time, peak RSS;
* **by stage**, in one process: load (YAML -> validated roster), score (``Scorer`` + dense
  ``matrix()``), match (``rmentor.core.matching.match`` given that scorer), write (pairs.csv
  bytes + ``write_outputs``). Module imports happen before the clock starts;
* **the reference**: ``scipy.optimize.linear_sum_assignment`` on the same score matrix
  (checked by hash) with the same objective: as many pairs as possible, then the largest
  total score. Allowed pairs weigh ``score + M``, blocked ones 0, with ``M`` above any total
  score; juniors with capacity ``c`` get ``c`` columns. rmentor's pair count and total
  score must equal scipy's; a mismatch is printed loudly and marked in the table;
* OR-Tools' own dense ``SimpleLinearSumAssignment`` on the same weights, for context;
* 1,000 x 1,000 with ``max_pairs_per_department`` (side constraints): time to proven optimal;
* start-up: ``rmentor --help`` (median of 10) and the example pilot end to end;
* scheduling 5,000 pairs, when ``rmentor.core.scheduling`` exists;
* company-wide scale (issue 18, ``--scale-sizes``): ``match``, ``schedule``, ``plan`` (and
  ``plan --kit none`` where it exists) as whole commands side by side, interleaved run by run,
  scipy on a random dense integer matrix of the same size in the same run, the cost of writing
  ``--files`` small files, and each issue-18 target as met or missed with its ratio.

Medians of ``--repeats`` runs are printed as a Markdown table and written to
``docs/benchmarks.md`` with the command, the machine and a target-by-target status.
Nothing here runs in the test suite except a tiny smoke run (tests/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import hashlib
import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
DEFAULT_SIZES = (10, 100, 1000, 5000, 10000)  # --scale-sizes: the same from 100 up
GIB = 1024**3
SCHEDULE_START = "2027-01-11"  # a Monday; six months with Russian public holidays in them
NOTES_BEGIN, NOTES_END = "<!-- notes:begin -->", "<!-- notes:end -->"

# --------------------------------------------------------------------------- helpers


def _env() -> dict[str, str]:
    """Child environment: this checkout's sources first, fixed locale and clock."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    env["LANG"] = "C.UTF-8"
    env.pop("LC_ALL", None)
    env.setdefault("SOURCE_DATE_EPOCH", "1798761600")
    env["NO_COLOR"] = "1"
    return env


@dataclass
class Run:
    """One child process: wall time, its own peak RSS, exit code, output."""

    seconds: float
    rss_bytes: int
    code: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child: less sensitive to a busy machine than wall time


LOADS: list[float] = []  # one-minute load average before each run: how busy the machine was


def run_child(argv: Sequence[str], *, timeout: float) -> Run:
    """Run ``argv`` and measure its wall time and *its own* peak RSS (``os.wait4``)."""
    if hasattr(os, "getloadavg"):
        LOADS.append(os.getloadavg()[0])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, env=_env(), cwd=ROOT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss * 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   usage.ru_utime + usage.ru_stime)


def run_worker(kind: str, args: Sequence[str], *, timeout: float) -> dict[str, Any]:
    """Run one in-process measurement in a fresh interpreter; its JSON result plus peak RSS."""
    run = run_child([sys.executable, str(Path(__file__).resolve()), "--worker", kind, *args], timeout=timeout)
    result: dict[str, Any] = {"rss": run.rss_bytes, "wall": run.seconds}
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("{")]
    if run.code != 0 or not lines:
        result["error"] = last_error(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "", run.code)
        return result
    result.update(json.loads(lines[-1]))
    return result


def last_error(stderr: str, code: int) -> str:
    """The gist of a failed run's stderr on one line (rich draws boxes around typer errors)."""
    text = " ".join(line.strip(" │╭╮╰╯─┌┐└┘|") for line in stderr.splitlines())
    text = " ".join(text.split())
    return (text[-240:] if text else f"exit {code}").strip()


def median(values: Sequence[float | None]) -> float | None:
    """Median of the values that exist; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def log(text: str) -> None:
    """Progress on stderr, so stdout keeps only the table."""
    print(text, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- workers (child side)


def _preimport() -> None:
    # Import every heavy module before the clock starts: stage times measure work, not imports.
    import numpy  # noqa: F401


    for name in ("ortools.sat.python.cp_model", "ortools.graph.python.min_cost_flow",
                 "ortools.graph.python.linear_sum_assignment", "rmentor.core.matching"):
        with contextlib.suppress(ImportError):
            __import__(name)


def _matrix_hash(matrix: Any) -> str:
    return hashlib.sha1(matrix.tobytes()).hexdigest()[:16]


def _pairs_csv(result: Any, scorer: Any) -> bytes:
    """pairs.csv exactly as the shared contract describes it (HELPERS.md)."""
    from rmentor.outputs.csvfile import csv_bytes

    seniors = {p.id: p for p in scorer.seniors}
    juniors = {p.id: p for p in scorer.juniors}
    header = ("pair_id", "senior_id", "senior_name", "senior_department", "junior_id", "junior_name",
              "junior_department", "score", "shared_topics", "reasons")
    rows = []
    for pair in result.pairs:
        s, j = seniors[pair.senior], juniors[pair.junior]
        reasons = "; ".join(f"{k} {v}" for k, v in pair.breakdown.items() if v)
        rows.append((pair.pair_id, s.id, s.name, s.department, j.id, j.name, j.department, pair.score,
                     "; ".join(pair.shared_topics), reasons))
    return csv_bytes(header, rows)


def _output_files(result: Any, scorer: Any, roster: Any) -> dict[str, bytes]:
    """The files ``rmentor match --out`` writes: the command's own writer when there is one."""
    try:
        from rmentor.outputs.pairs import pairs_csv
    except ImportError:
        return {"pairs.csv": _pairs_csv(result, scorer)}
    return {"pairs.csv": pairs_csv(result, roster)}


def _render(result: Any, roster: Any) -> None:
    """What ``rmentor match`` prints: the pairs table, to a console that discards it."""
    from rmentor.cli.render import UI, SafeConsole

    with Path(os.devnull).open("w", encoding="utf-8") as sink:  # the console rmentor itself uses
        console = SafeConsole(file=sink, no_color=True, highlight=False, soft_wrap=False, width=100)
        UI(out=console, err=console, quiet=True).match(result, roster)


def worker_stages(roster_path: str, config: str | None, out_dir: str) -> dict[str, Any]:
    """Load, score, match, write, render: each timed on its own, in this process."""
    _preimport()
    from rmentor.core.scoring import Scorer
    from rmentor.inputs.loading import load_program, load_roster
    from rmentor.outputs.files import write_outputs

    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    program = load_program(Path(config) if config else None).value
    roster = load_roster(Path(roster_path), program).value
    t1 = time.perf_counter()
    scorer = Scorer(roster, program)
    matrix = scorer.matrix()
    t2 = time.perf_counter()
    out.update(load=t1 - t0, score=t2 - t1, people=len(roster.seniors) + len(roster.juniors))
    out["matrix_sha"] = _matrix_hash(matrix)
    out["allowed_share"] = float((matrix >= 0).mean())
    from rmentor.core.matching import match

    t3 = time.perf_counter()
    result = match(roster, program, scorer=scorer, matrix=matrix)
    t4 = time.perf_counter()
    write_outputs(Path(out_dir), _output_files(result, scorer, roster), force=True)
    t5 = time.perf_counter()
    _render(result, roster)
    t6 = time.perf_counter()
    out.update(match=t4 - t3, write=t5 - t4, render=t6 - t5, status=result.status, pairs=len(result.pairs),
               objective=int(result.objective), bound=int(result.bound),
               total_score=sum(int(p.score) for p in result.pairs),
               stats={k: v for k, v in dict(result.stats).items() if isinstance(v, (int, float, str))})
    return out


def _reference_weights(roster_path: str, config: str | None) -> tuple[Any, Any, Any, str]:
    from rmentor.core.scoring import Scorer
    from rmentor.inputs.loading import load_program, load_roster

    program = load_program(Path(config) if config else None).value
    roster = load_roster(Path(roster_path), program).value
    scorer = Scorer(roster, program)
    matrix = scorer.matrix()
    return matrix, scorer.capacity, program, _matrix_hash(matrix)


def _objective(matrix: Any, cols: Any, rows: Any, assigned: Any) -> tuple[int, int]:
    """(pairs, total score) of an assignment, dropping blocked pairs."""
    scores = matrix[rows, cols[assigned]]
    keep = scores >= 0
    return int(keep.sum()), int(scores[keep].sum())


def worker_scipy(roster_path: str, config: str | None) -> dict[str, Any]:
    """The reference: scipy's linear_sum_assignment on the same matrix, same objective."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    _preimport()
    matrix, capacity, _program, sha = _reference_weights(roster_path, config)
    t0 = time.perf_counter()
    cols = np.repeat(np.arange(matrix.shape[1]), capacity)  # capacity c -> c columns
    big = int(max(int(matrix.max()), 0)) * min(matrix.shape[0], len(cols)) + 1
    weights = np.where(matrix[:, cols] >= 0, matrix[:, cols].astype(np.float64) + big, 0.0)
    t1 = time.perf_counter()
    rows, assigned = linear_sum_assignment(weights, maximize=True)
    t2 = time.perf_counter()
    pairs, total = _objective(matrix, cols, rows, assigned)
    return {"prep": t1 - t0, "solve": t2 - t1, "pairs": pairs, "total_score": total, "matrix_sha": sha,
            "shape": [int(matrix.shape[0]), len(cols)]}


def worker_ortools(roster_path: str, config: str | None) -> dict[str, Any]:
    """OR-Tools' dense SimpleLinearSumAssignment on the same weights (square, complete graph)."""
    import numpy as np
    from ortools.graph.python import linear_sum_assignment as lsa

    _preimport()
    matrix, capacity, _program, sha = _reference_weights(roster_path, config)
    cols = np.repeat(np.arange(matrix.shape[1]), capacity)
    n = max(matrix.shape[0], len(cols))  # pad to a square so a perfect assignment exists
    big = int(max(int(matrix.max()), 0)) * min(matrix.shape[0], len(cols)) + 1
    weights = np.zeros((n, n), dtype=np.int64)
    sub = matrix[:, cols].astype(np.int64)
    weights[: matrix.shape[0], : len(cols)] = np.where(sub >= 0, sub + big, 0)
    t0 = time.perf_counter()
    solver = lsa.SimpleLinearSumAssignment()
    left = np.repeat(np.arange(n, dtype=np.int32), n)
    right = np.tile(np.arange(n, dtype=np.int32), n)
    solver.add_arcs_with_cost(left, right, -weights.ravel())  # it minimises
    t1 = time.perf_counter()
    status = solver.solve()
    t2 = time.perf_counter()
    if status != solver.OPTIMAL:
        return {"error": f"status {status}", "matrix_sha": sha}
    mates = np.array([solver.right_mate(i) for i in range(matrix.shape[0])])
    real = mates < len(cols)
    pairs, total = _objective(matrix, cols, np.arange(matrix.shape[0])[real], mates[real])
    return {"build": t1 - t0, "solve": t2 - t1, "pairs": pairs, "total_score": total, "matrix_sha": sha}


def worker_schedule(roster_path: str, config: str | None, pairs_csv: str, limit: int) -> dict[str, Any]:
    """Scheduling of the first ``limit`` pairs in ``pairs_csv`` (only when rmentor.core.scheduling exists)."""
    _preimport()
    import importlib

    from rmentor.inputs.loading import load_program, load_roster

    scheduling = importlib.import_module("rmentor.core.scheduling")
    pairsfile = importlib.import_module("rmentor.inputs.pairsfile")
    program = load_program(Path(config) if config else None).value
    roster = load_roster(Path(roster_path), program).value
    t0 = time.perf_counter()
    pairs = pairsfile.read_pairs(Path(pairs_csv), roster).pairs[:limit]
    t1 = time.perf_counter()
    result = scheduling.schedule(pairs, roster, program)
    t2 = time.perf_counter()
    sessions = sum(len(p.sessions) for p in getattr(result, "pairs", ()))
    return {"read": t1 - t0, "schedule": t2 - t1, "pairs": len(pairs), "sessions": sessions,
            "unscheduled": len(getattr(result, "unscheduled", ()))}


def worker_scipy_random(n: int, seed: int) -> dict[str, Any]:
    """scipy's assignment solver on a random dense integer n x n matrix (scores 0..125, like rmentor's)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    matrix = np.random.default_rng(seed).integers(0, 126, size=(n, n), dtype=np.int64)
    t0 = time.perf_counter()
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    t1 = time.perf_counter()
    return {"solve": t1 - t0, "total": int(matrix[rows, cols].sum())}


def worker_write_files(folder: str, count: int, size: int) -> dict[str, Any]:
    """``count`` files of ``size`` bytes written the way rmentor writes (atomic, ``write_outputs``)."""
    from rmentor.outputs.files import write_outputs

    files = {f"kit/P{i // 3:05d}/doc{i % 3}.md": b"x" * size for i in range(count)}
    t0 = time.perf_counter()
    write_outputs(Path(folder), files, force=True)
    return {"write": time.perf_counter() - t0, "files": count, "bytes": count * size}


def worker_main(kind: str, args: list[str]) -> None:
    """Entry point of a worker child: print one JSON line."""
    config = args[1] if len(args) > 1 and args[1] != "-" else None
    if kind == "stages":
        result = worker_stages(args[0], config, args[2])
    elif kind == "scipy":
        result = worker_scipy(args[0], config)
    elif kind == "ortools":
        result = worker_ortools(args[0], config)
    elif kind == "schedule":
        result = worker_schedule(args[0], config, args[2], int(args[3]))
    elif kind == "scipy-random":
        result = worker_scipy_random(int(args[0]), int(args[1]))
    elif kind == "write-files":
        result = worker_write_files(args[0], int(args[1]), int(args[2]))
    else:
        raise SystemExit(f"unknown worker {kind}")
    print(json.dumps(result))


# --------------------------------------------------------------------------- the benchmark (parent side)


@dataclass
class SizeResult:
    """Every measurement at one size, raw (lists over repeats) and as medians."""

    size: int
    config: str | None = None
    label: str = ""
    repeats: int = 0
    cap: int | None = None
    e2e: list[Run] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    scipy: list[dict[str, Any]] = field(default_factory=list)
    ortools: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def med(self, source: str, key: str) -> float | None:
        rows: list[dict[str, Any]] = getattr(self, source)
        return median([r.get(key) for r in rows if "error" not in r])

    @property
    def e2e_seconds(self) -> float | None:
        return median([r.seconds for r in self.e2e if r.code == 0])

    @property
    def e2e_cpu(self) -> float | None:
        return median([r.cpu for r in self.e2e if r.code == 0])

    @property
    def e2e_rss(self) -> float | None:
        return median([float(r.rss_bytes) for r in self.e2e if r.code == 0])

    def first(self, source: str, key: str) -> Any:
        for r in getattr(self, source):
            if "error" not in r and key in r:
                return r[key]
        return None


def _write_program(path: Path, cap: int | None) -> Path:
    lines = ["# Benchmark program: the embedded defaults, plus the cap below when set.", "matching:"]
    lines.append(f"  max_pairs_per_department: {cap}" if cap else "  exclude_reporting_line: true")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(size: int, roster: Path, config: Path | None, work: Path, args: argparse.Namespace,
            *, label: str = "", reference: bool = True, repeats: int | None = None) -> SizeResult:
    """All repeats of one size: end to end, by stage, and the references."""
    res = SizeResult(size, str(config) if config else None, label or f"{size:,} x {size:,}")
    if repeats is None:
        repeats = args.large_repeats if size >= args.large_size else args.repeats
    res.repeats = repeats
    cfg = [str(config)] if config else []
    for r in range(repeats):
        out_dir = work / f"out-{label or size}-{r}"
        run = run_child([sys.executable, "-m", "rmentor", "match", str(roster), "--out", str(out_dir), "--force",
                         "--quiet", *(["--config", *cfg] if cfg else [])], timeout=args.timeout)
        res.e2e.append(run)
        status = "ok" if run.code == 0 else f"exit {run.code}: {last_error(run.stderr, run.code)}"
        log(f"  {res.label}: end to end {r + 1}/{repeats}: {run.seconds:.2f} s, "
            f"{run.rss_bytes / 2**20:.0f} MiB, {status}")
        if run.code != 0:
            res.problems.append(f"`rmentor match` failed: exit {run.code}: {last_error(run.stderr, run.code)}")
            break
    for r in range(repeats):
        stage = run_worker("stages", [str(roster), cfg[0] if cfg else "-", str(work / f"stage-{label or size}")],
                           timeout=args.timeout)
        res.stages.append(stage)
        if "error" in stage:
            log(f"  {res.label}: stages {r + 1}/{repeats}: ERROR {stage['error']}")
            res.problems.append(f"stage run failed: {stage['error']}")
            break
        log(f"  {res.label}: stages {r + 1}/{repeats}: load {stage['load']:.2f} s, score {stage['score']:.2f} s, "
            f"match {stage['match']:.2f} s ({stage['status']}), write {stage['write']:.2f} s, "
            f"render {stage['render']:.2f} s, "
            f"{stage['rss'] / 2**20:.0f} MiB")
    if reference and args.scipy:
        for r in range(repeats):
            ref = run_worker("scipy", [str(roster), cfg[0] if cfg else "-"], timeout=args.timeout)
            res.scipy.append(ref)
            if "error" in ref:
                log(f"  {res.label}: scipy: ERROR {ref['error']}")
                res.problems.append(f"scipy run failed: {ref['error']}")
                break
            log(f"  {res.label}: scipy {r + 1}/{repeats}: {ref['solve']:.2f} s")
    if reference and size <= args.ortools_max:
        for r in range(repeats):
            ref = run_worker("ortools", [str(roster), cfg[0] if cfg else "-"], timeout=args.timeout)
            res.ortools.append(ref)
            if "error" in ref:
                log(f"  {res.label}: OR-Tools LSA: ERROR {ref['error']}")
                break
            log(f"  {res.label}: OR-Tools LSA {r + 1}/{repeats}: {ref['solve']:.2f} s")
    check_objectives(res)
    return res


def check_objectives(res: SizeResult) -> None:
    """rmentor must reach exactly the reference optimum on the same matrix; say so loudly if not."""
    mine = [(s["pairs"], s["total_score"], s["matrix_sha"]) for s in res.stages if "error" not in s]
    refs = [("scipy", (r["pairs"], r["total_score"], r["matrix_sha"])) for r in res.scipy if "error" not in r]
    refs += [("OR-Tools", (r["pairs"], r["total_score"], r["matrix_sha"])) for r in res.ortools if "error" not in r]
    for name, (pairs, total, sha) in refs:
        for m_pairs, m_total, m_sha in mine:
            if sha != m_sha:
                msg = f"{res.label}: the {name} run scored a different matrix ({sha} vs {m_sha})"
            elif (m_pairs, m_total) != (pairs, total):
                msg = (f"{res.label}: OBJECTIVE MISMATCH: rmentor {m_pairs} pairs / total {m_total}, "
                       f"{name} {pairs} pairs / total {total}")
            else:
                continue
            if msg not in res.problems:
                res.problems.append(msg)
                log("!" * 78 + "\n!!! " + msg + "\n" + "!" * 78)


def startup(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """``rmentor --help`` wall time and the example pilot end to end."""
    helps = [run_child([sys.executable, "-m", "rmentor", "--help"], timeout=60) for _ in range(args.startup_runs)]
    pilot = []
    for r in range(args.repeats):
        pilot.append(run_child([sys.executable, "-m", "rmentor", "match", "examples/roster.yaml", "--config",
                                "examples/program.yaml", "--out", str(work / f"pilot-{r}"), "--force", "--quiet"],
                               timeout=120))
    out: dict[str, Any] = {
        "help": median([h.seconds for h in helps if h.code == 0]),
        "help_best": min([h.seconds for h in helps if h.code == 0], default=None),
        "help_errors": [last_error(h.stderr, h.code) for h in helps if h.code != 0][:1],
        "pilot": median([p.seconds for p in pilot if p.code == 0]),
        "pilot_best": min([p.seconds for p in pilot if p.code == 0], default=None),
        "pilot_rss": median([float(p.rss_bytes) for p in pilot if p.code == 0]),
        "pilot_errors": [last_error(p.stderr, p.code) for p in pilot if p.code != 0][:1],
    }
    log(f"  start-up: --help {fmt_s(out['help'])}, pilot {fmt_s(out['pilot'])} {out['pilot_errors'] or ''}")
    return out


def scheduling(args: argparse.Namespace, sizes: dict[int, SizeResult], rosters: dict[int, Path],
               work: Path) -> dict[str, Any]:
    """Scheduling time of ``--schedule-pairs`` matched pairs, when rmentor.core.scheduling exists."""
    import importlib.util

    sys.path.insert(0, str(SRC))
    try:
        present = importlib.util.find_spec("rmentor.core.scheduling") is not None
    finally:
        sys.path.pop(0)
    if not present:
        return {"error": "rmentor.core.scheduling is not on this branch yet"}
    want = args.schedule_pairs
    source = next((size for size, res in sorted(sizes.items())
                   if (res.first("stages", "pairs") or 0) >= want and size in rosters), None)
    if source is None:
        return {"error": f"no size produced {want:,} pairs to schedule"}
    pairs_csv = work / f"stage-{source}" / "pairs.csv"
    # A fixed start date, so the same holidays fall in the program on every run (2027: January
    # holidays, 23 February, 8 March, May) instead of whatever follows the day of the run.
    program = work / "program-schedule.yaml"
    program.write_text(f"# Benchmark program: the embedded defaults with a fixed start.\nstart: {SCHEDULE_START}\n",
                       encoding="utf-8")
    runs = [run_worker("schedule", [str(rosters[source]), str(program), str(pairs_csv), str(want)],
                       timeout=args.timeout)
            for _ in range(args.repeats)]
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0]["error"]}
    return {"schedule": median([r["schedule"] for r in ok]), "read": median([r["read"] for r in ok]),
            "pairs": ok[0]["pairs"], "sessions": ok[0]["sessions"], "unscheduled": ok[0]["unscheduled"],
            "source": source, "rss": median([float(r["rss"]) for r in ok])}


# --------------------------------------------------------------------------- company-wide scale (issue 18)

#: ``schedule-pairs`` is ``schedule --pairs`` on the pairs.csv the ``match`` run just wrote (HR's order: match,
#: review, schedule those pairs); ``plan-no-kit`` only where plan has --kit (issue 17)
SCALE_COMMANDS = ("match", "schedule-pairs", "schedule", "plan", "plan-no-kit")


@dataclass
class ScaleResult:
    """``match``, ``schedule`` and ``plan`` whole commands at one size, and scipy on a random matrix."""

    size: int
    runs: dict[str, list[Run]] = field(default_factory=lambda: {c: [] for c in SCALE_COMMANDS})
    skipped: list[str] = field(default_factory=list)  # commands not run at this size (plan: --plan-max-size)
    scipy: list[float] = field(default_factory=list)
    pairs: int | None = None
    files: int | None = None
    kit_files: int | None = None
    out_bytes: int | None = None
    problems: list[str] = field(default_factory=list)

    def wall(self, command: str) -> float | None:
        return median([r.seconds for r in self.runs[command] if r.code == 0])

    def cpu(self, command: str) -> float | None:
        return median([r.cpu for r in self.runs[command] if r.code == 0])

    def rss(self, command: str) -> float | None:
        return median([float(r.rss_bytes) for r in self.runs[command] if r.code == 0])


def _scale_argv(command: str, roster: Path, program: Path, out: Path, pairs: Path | None = None) -> list[str]:
    name, _, variant = command.partition("-")
    argv = [sys.executable, "-m", "rmentor", name, str(roster), "--config", str(program), "--out", str(out),
            "--force", "--quiet"]
    argv += ["--allow-partial"] if name != "match" else []
    if variant == "no-kit":
        argv += ["--kit", "none"]
    elif variant == "pairs":
        argv += ["--pairs", str(pairs)]
    return argv


def _has_kit_option() -> bool:
    run = run_child([sys.executable, "-m", "rmentor", "plan", "--help"], timeout=120)
    return run.code == 0 and "--kit" in run.stdout


def scale(args: argparse.Namespace, roster_for: Any, work: Path) -> dict[int, ScaleResult]:
    """The three commands side by side at each ``--scale-sizes`` size, interleaved run by run (same load)."""
    program = work / "program-scale.yaml"
    # pilot min 1: a tiny roster must still make a plan; a fixed start puts the same holidays in every run
    program.write_text(f"# Benchmark program: defaults, a fixed start.\nstart: {SCHEDULE_START}\n"
                       "matching:\n  pilot: {min: 1}\n", encoding="utf-8")
    out: dict[int, ScaleResult] = {}
    has_kit = _has_kit_option()
    commands = [c for c in SCALE_COMMANDS if c != "plan-no-kit" or has_kit]
    for size in args.scale_list:
        res = out[size] = ScaleResult(size)
        roster = roster_for(size)
        repeats = args.large_repeats if size >= args.large_size else args.repeats
        for r in range(repeats):
            for command in commands:
                # only the default Word + PDF kit is capped: `plan --kit none` runs at every size
                if command == "plan" and args.plan_max_size is not None and size > args.plan_max_size:
                    if r == 0:
                        res.skipped.append(command)
                    continue
                if command == "plan" and args.plan_repeats is not None and r >= args.plan_repeats:
                    continue  # the default kit is the slowest command: fewer runs of it where asked
                folder = work / f"scale-{size}-{command}-{r}"
                pairs = work / f"scale-{size}-match-{r}" / "pairs.csv"
                if command == "schedule-pairs" and not pairs.is_file():
                    continue  # match failed: said under its own name
                run = run_child(_scale_argv(command, roster, program, folder, pairs), timeout=args.timeout)
                res.runs[command].append(run)
                shown = command.replace("-no-kit", " --kit none").replace("-pairs", " --pairs")
                log(f"  scale {size:,}: {shown} {r + 1}/{repeats}: {run.seconds:.2f} s, "
                    f"{run.rss_bytes / 2**20:.0f} MiB" + ("" if run.code == 0 else f", exit {run.code}"))
                if run.code != 0:
                    res.problems.append(f"scale {size:,}: `rmentor {shown}` failed: exit {run.code}: "
                                        f"{last_error(run.stderr, run.code)}")
                elif r == 0 and command == "match":
                    lines = (folder / "pairs.csv").read_bytes().count(b"\n")
                    res.pairs = max(0, lines - 1)
                elif r == 0 and command == "plan":
                    written = [p for p in folder.rglob("*") if p.is_file()]
                    res.files = len(written)
                    res.kit_files = sum(1 for p in written if "kit" in p.relative_to(folder).parts[:1])
                    res.out_bytes = sum(p.stat().st_size for p in written)
            if args.scipy:
                ref = run_worker("scipy-random", [str(size), str(args.seed)], timeout=args.timeout)
                if "error" in ref:
                    res.problems.append(f"scale {size:,}: scipy on a random matrix failed: {ref['error']}")
                else:
                    res.scipy.append(ref["solve"])
            for command in commands:
                with contextlib.suppress(OSError):
                    import shutil

                    shutil.rmtree(work / f"scale-{size}-{command}-{r}")
    return out


def file_cost(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """What writing ``--files`` small files costs on this disk, the way plan writes its kit."""
    if not args.files:
        return {}
    run = run_worker("write-files", [str(work / "many-files"), str(args.files), "4096"], timeout=args.timeout)
    with contextlib.suppress(OSError):
        import shutil

        shutil.rmtree(work / "many-files")
    return run


def _plan_estimate(out: list[Target], scale_res: dict[int, ScaleResult], r5: ScaleResult) -> None:
    """`plan` with the default kit was not run at 5,000 per side (--plan-max-size): estimate it and say so.

    With `plan --kit none` measured at 5,000: that, plus the kit's cost per pair measured at the largest size
    where both ran (plan minus plan --kit none, per pair). Without it: plan's time per pair at that size."""
    done = [r for s, r in sorted(scale_res.items()) if r.wall("plan") and r.pairs]
    m5 = r5.wall("match")
    if not done or not r5.pairs or not m5:
        out.append(Target("`plan` at 5,000 per side", "<= 3x `match`", "not run (--plan-max-size)", None))
        return
    base = done[-1]
    plan_wall = base.wall("plan") or 0.0
    bare5, bare_base = r5.wall("plan-no-kit"), base.wall("plan-no-kit")
    if bare5 and bare_base is not None:
        kit = max(0.0, plan_wall - bare_base) / (base.pairs or 1)
        est = bare5 + kit * r5.pairs
        how = (f"`plan --kit none` measured at 5,000 ({fmt_s(bare5)}) plus the kit at {fmt_s(kit * 1000)} per "
               f"1,000 pairs (plan minus plan --kit none at {base.size:,} per side, {base.pairs:,} pairs)")
    else:
        est = plan_wall / (base.pairs or 1) * r5.pairs
        how = f"from {base.size:,} per side ({fmt_s(plan_wall)} for {base.pairs:,} pairs)"
    out.append(Target("`plan` at 5,000 per side", "<= 3x `match`",
                      f"the default kit not run at 5,000 (--plan-max-size); estimated {how} at {r5.pairs:,} "
                      f"pairs: about {fmt_s(est)} vs `match` {fmt_s(m5)}: {est / m5:.1f}x", est / m5 <= 3.0))
    if bare5:
        out.append(Target("`plan --kit none` at 5,000 per side", "<= 3x `match` (the target without the kit)",
                          f"{fmt_s(bare5)} vs `match` {fmt_s(m5)}: {bare5 / m5:.2f}x", bare5 / m5 <= 3.0))


def scale_targets(scale_res: dict[int, ScaleResult], start: dict[str, Any]) -> list[Target]:
    """Each target of issue 18, met or missed, with the figure and the ratio."""
    out: list[Target] = []

    def ratio(name: str, limit: str, a: float | None, b: float | None, bound: float, what: str) -> None:
        if a is None or b is None or b <= 0:
            out.append(Target(name, limit, "not measured", None))
        else:
            out.append(Target(name, limit, f"{fmt_s(a)} vs {what} {fmt_s(b)}: {a / b:.2f}x", a / b <= bound))

    r5, r10 = scale_res.get(5000), scale_res.get(10000)
    if r5 is not None:
        ratio("`schedule` at 5,000 per side", "<= 1.5x `match`", r5.wall("schedule"), r5.wall("match"), 1.5,
              "`match`")
        ratio("`schedule --pairs` at 5,000 per side (the pairs `match` wrote)", "<= 1.5x `match`",
              r5.wall("schedule-pairs"), r5.wall("match"), 1.5, "`match`")
        if r5.wall("plan") is None and "plan" in r5.skipped:
            _plan_estimate(out, scale_res, r5)
        else:
            ratio("`plan` at 5,000 per side", "<= 3x `match`", r5.wall("plan"), r5.wall("match"), 3.0, "`match`")
    else:
        out.append(Target("`schedule` and `plan` at 5,000 per side", "<= 1.5x and <= 3x `match`", "not run", None))
    if r5 is None and r10 is None:
        out.append(Target("`match` whole command at 5,000 and 10,000 per side", "<= 1.2x scipy", "not run", None))
    for res in (r5, r10):
        if res is not None:
            ratio(f"`match` whole command at {res.size:,} per side", "<= 1.2x scipy on a random dense matrix",
                  res.wall("match"), median(res.scipy), 1.2, "scipy")
    if r10 is not None and r10.rss("match") is not None:
        peak = r10.rss("match") or 0.0
        out.append(Target("`match` peak memory at 10,000 per side", "< 400 MB", f"{peak / 1e6:.0f} MB",
                          peak < 400e6))
    else:
        out.append(Target("`match` peak memory at 10,000 per side", "< 400 MB", "not run", None))
    pilot = start.get("pilot")
    out.append(Target("Example pilot end to end", "median < 0.3 s",
                      "start-up skipped" if pilot is None else f"median {fmt_s(pilot)}",
                      None if pilot is None else pilot < 0.3))
    measured = sorted(s for s, r in scale_res.items() if r.pairs and s >= 1000)
    if len(measured) >= 2:
        lo, hi = scale_res[measured[0]], scale_res[measured[-1]]
        for command in ("schedule", "schedule-pairs", "plan", "plan-no-kit"):
            a, b = lo.wall(command), hi.wall(command)
            if command == "plan-no-kit" and lo.wall("plan") and hi.wall("plan"):
                continue   # plan itself was measured at both sizes
            if a and b and lo.pairs and hi.pairs:
                growth = (b / hi.pairs) / (a / lo.pairs)
                shown = command.replace("-no-kit", " --kit none").replace("-pairs", " --pairs")
                out.append(Target(f"`{shown}` linear in pairs", "time per pair grows <= 1.5x",
                                  f"{fmt_s(a / lo.pairs * 1000)} per 1,000 pairs at {lo.size:,} per side, "
                                  f"{fmt_s(b / hi.pairs * 1000)} at {hi.size:,}: {growth:.2f}x", growth <= 1.5))
        a, b = lo.wall("match"), hi.wall("match")
        if a and b:
            n_ratio = hi.size / lo.size
            exponent = math.log(b / a) / math.log(n_ratio) if b > 0 and a > 0 and n_ratio > 1 else 0.0
            out.append(Target("`match` at most quadratic", "time grows at most as size squared",
                              f"{fmt_s(a)} at {lo.size:,}, {fmt_s(b)} at {hi.size:,}: exponent {exponent:.2f}",
                              exponent <= 2.0))
    else:
        out.append(Target("Growth of `schedule` and `plan`", "linear in pairs", "needs two sizes >= 1,000", None))
    return out


def scale_report(scale_res: dict[int, ScaleResult], start: dict[str, Any], files: dict[str, Any]) -> list[str]:
    """The issue 18 section of the report: the three commands side by side, targets, file cost."""
    if not scale_res:
        return []
    lines = [
        "",
        "## Company-wide: `match`, `schedule`, `plan` side by side (issue 18)",
        "",
        f"Whole commands, each in a fresh process, interleaved run by run so they share the load: "
        f"`rmentor COMMAND ROSTER --config PROGRAM --out DIR --force --quiet` (`--allow-partial` for `schedule` "
        f"and `plan`), the program being the defaults with `start: {SCHEDULE_START}`. `schedule` and `plan` match "
        "on the fly, so they include `match`'s work; `schedule --pairs` schedules the pairs.csv that run's `match` "
        "wrote, as HR does after reviewing the pairs (it loads the roster and reads the pairs, and matches "
        "nothing). *scipy (random)* is `linear_sum_assignment` on a random "
        "dense integer matrix of the same size (scores 0..125), solved in the same run.",
        "",
        "| Per side | Pairs | `match` | `schedule` | `plan` | schedule / match | plan / match | scipy (random) "
        "| match / scipy | `match` peak | `plan` peak | CPU match / schedule / plan | plan files (kit) | plan output "
        "| `plan --kit none` | `schedule --pairs` | schedule --pairs / match |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size, r in sorted(scale_res.items()):
        m, sc, pl, sp = r.wall("match"), r.wall("schedule"), r.wall("plan"), median(r.scipy)
        cpu = " / ".join(fmt_s(r.cpu(c)) for c in ("match", "schedule", "plan"))
        files_txt = "—" if r.files is None else f"{r.files:,} ({r.kit_files or 0:,})"
        lines.append(f"| {size:,} | {_int(r.pairs)} | {fmt_s(m)} | {fmt_s(sc)} | {fmt_s(pl)} | {fmt_ratio(sc, m)} "
                     f"| {fmt_ratio(pl, m)} | {fmt_s(sp)} | {fmt_ratio(m, sp)} | {fmt_mem(r.rss('match'))} "
                     f"| {fmt_mem(r.rss('plan'))} | {cpu} | {files_txt} | {fmt_mem(r.out_bytes)} "
                     f"| {fmt_s(r.wall('plan-no-kit'))} | {fmt_s(r.wall('schedule-pairs'))} "
                     f"| {fmt_ratio(r.wall('schedule-pairs'), m)} |")
    fewer = [f"{len(r.runs['plan'])} at {size:,}" for size, r in sorted(scale_res.items())
             if r.runs["plan"] and len(r.runs["plan"]) < len(r.runs["match"])]
    if fewer:
        lines += ["", f"`plan` with the default Word + PDF kit was run fewer times than the other commands "
                      f"(`--plan-repeats`): {', '.join(fewer)} per side; its figures are the median of those runs."]
    skipped = [size for size, r in sorted(scale_res.items()) if r.skipped]
    if skipped:
        lines += ["", f"`plan` with the default Word + PDF kit was not run at {', '.join(f'{x:,}' for x in skipped)} "
                      "per side (`--plan-max-size`): it takes tens of minutes there. `plan --kit none` was run at "
                      "every size."]
    lines += ["", "### Targets (issue 18; each a ratio measured in this run)", ""]
    for t in scale_targets(scale_res, start):
        if t.met is None:
            lines.append(f"- {t.name} ({t.limit}): not measured ({t.measured}).")
        else:
            lines.append(f"- {t.name} ({t.limit}): {'**met**' if t.met else '**missed**'}: {t.measured}.")
    if files and "write" in files:
        per = files["write"] / max(1, files["files"]) * 1000
        lines += ["", "### Writing many files", "",
                  f"Writing {files['files']:,} files of 4 KiB with `write_outputs` (temporary file, fsync, rename: "
                  f"what `plan` does for its kit) took {fmt_s(files['write'])} on this machine's disk, "
                  f"{per:.2f} ms a file."]
        big = scale_res.get(5000)
        if big is not None and big.kit_files:
            lines.append(f"At 5,000 per side `plan` wrote {big.files:,} files, {big.kit_files:,} of them the "
                         f"per-pair kit: writing the kit alone costs about {fmt_s(big.kit_files * per / 1000)} here; "
                         "a network share or an antivirus-scanned Windows folder multiplies the per-file cost "
                         "(often 5-20 ms a file). Leaving the kit out (or writing one document format instead "
                         "of several) saves that share.")
    return lines


# --------------------------------------------------------------------------- report


def fmt_s(value: float | None) -> str:
    """Seconds, with precision that suits the size."""
    if value is None:
        return "—"
    if value < 0.1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_mem(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 2**20:.0f} MiB" if value < GIB else f"{value / GIB:.2f} GiB"


def fmt_ratio(a: float | None, b: float | None) -> str:
    # Below 10 ms scipy's time is mostly call overhead and the ratio means nothing.
    if a is None or b is None or b < 0.01:
        return "—"
    return f"{a / b:.2f}x"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    code = ("import json, importlib.metadata as m\nout = {}\n"
            "for n in ('numpy', 'scipy', 'ortools', 'pydantic', 'PyYAML', 'typer'):\n"
            "    try: out[n] = m.version(n)\n    except m.PackageNotFoundError: out[n] = 'absent'\n"
            "import yaml; out['libyaml'] = str(yaml.__with_libyaml__)\n"
            "import rmentor; out['rmentor'] = rmentor.__version__\nprint(json.dumps(out))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=False)
    if run.returncode == 0:
        versions = json.loads(run.stdout)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        mem = 0
    return {
        "cpus": str(os.cpu_count()),
        "affinity": str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "?",
        "cpu": cpu,
        "memory": fmt_mem(mem) if mem else "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


@dataclass
class Target:
    """One target of issue 7 and where we stand."""

    name: str
    limit: str
    measured: str
    met: bool | None  # None: not measured


def targets(sizes: dict[int, SizeResult], caps: list[SizeResult], start: dict[str, Any],
            sched: dict[str, Any]) -> list[Target]:
    """Each target of issue 7, met or missed, with the figure."""
    out: list[Target] = []

    def add(name: str, limit: str, value: float | None, bound: float, shown: str | None = None,
            extra: bool = True) -> None:
        if value is None:
            out.append(Target(name, limit, "not measured", None))
        else:
            out.append(Target(name, limit, shown or fmt_s(value), value < bound and extra))

    # Judged on the median; the best run shows what an idle machine gives (noise only adds time).
    add("`rmentor --help`", "< 0.3 s", start.get("help"), 0.3,
        f"median {fmt_s(start.get('help'))}, best {fmt_s(start.get('help_best'))}")
    add("Example pilot end to end", "< 1 s", start.get("pilot"), 1.0,
        f"median {fmt_s(start.get('pilot'))}, best {fmt_s(start.get('pilot_best'))}")
    r5 = sizes.get(5000)
    if r5 is not None:
        statuses = sorted({s.get("status", "?") for s in r5.stages if "error" not in s})
        optimal = statuses == ["optimal"] and not any("MISMATCH" in p for p in r5.problems)
        out.append(Target("5,000 x 5,000: proven optimal", "status optimal, objective = scipy's",
                          ", ".join(statuses) or "not measured",
                          optimal if statuses else None))
        match_s, scipy_s = r5.med("stages", "match"), r5.med("scipy", "solve")
        add("5,000 x 5,000: solver stage vs scipy", "match <= scipy", match_s if scipy_s else None,
            (scipy_s or 0) * 1.0000001, f"{fmt_s(match_s)} vs scipy {fmt_s(scipy_s)} ({fmt_ratio(match_s, scipy_s)})")
        e2e = r5.e2e_seconds
        add("5,000 x 5,000: whole command", "< 2x scipy", e2e if scipy_s else None, 2 * (scipy_s or 0),
            f"{fmt_s(e2e)} = {fmt_ratio(e2e, scipy_s)} scipy")
        add("5,000 x 5,000: peak memory", "< 2 GB", r5.e2e_rss, 2e9, fmt_mem(r5.e2e_rss))
    else:
        out.append(Target("5,000 x 5,000", "see issue 7", "not run", None))
    r10 = sizes.get(10000)
    if r10 is not None:
        add("10,000 x 10,000: completes", "< 60 s", r10.e2e_seconds, 60)
        add("10,000 x 10,000: peak memory", "< 4 GB", r10.e2e_rss, 4e9, fmt_mem(r10.e2e_rss))
    else:
        out.append(Target("10,000 x 10,000", "< 60 s, < 4 GB", "not run", None))
    for cap in caps:
        statuses = sorted({s.get("status", "?") for s in cap.stages if "error" not in s})
        m = cap.med("stages", "match")
        add(f"{cap.label}: proven optimal", "< 10 s", m, 10,
            f"{fmt_s(m)} to {', '.join(statuses) or '?'} (end to end {fmt_s(cap.e2e_seconds)})",
            extra=statuses == ["optimal"])
    if not caps:
        out.append(Target("1,000 x 1,000 with department caps", "< 10 s", "not run", None))
    load_size = 5000 if 5000 in sizes else None
    if load_size:
        add("Loading 10,000 people from YAML", "< 2 s", sizes[load_size].med("stages", "load"), 2)
    else:
        out.append(Target("Loading 10,000 people from YAML", "< 2 s", "not run", None))
    if "schedule" in sched:
        add(f"Scheduling {sched['pairs']:,} pairs", "< 5 s", sched["schedule"], 5)
    else:
        out.append(Target("Scheduling 5,000 pairs", "< 5 s", str(sched.get("error", "?")), None))
    out.append(Target("Progress bar on a terminal, quiet otherwise", "behaviour", "not a timing target; "
                      "not covered by this benchmark", None))
    return out


def report(args: argparse.Namespace, argv: Sequence[str], sizes: dict[int, SizeResult], caps: list[SizeResult],
           start: dict[str, Any], sched: dict[str, Any], mach: dict[str, str], started: _dt.datetime,
           elapsed: float, scale_res: dict[int, ScaleResult] | None = None,
           files: dict[str, Any] | None = None) -> str:
    """The Markdown page: table, command, machine, targets, problems."""
    cmd = "python bench/bench_match.py" + ("" if not argv else " " + " ".join(shlex.quote(a) for a in argv))
    lines = [
        "# Benchmarks",
        "",
        "How fast `rmentor match` is from a 6-pair pilot to 10,000 people per side, measured against",
        "`scipy.optimize.linear_sum_assignment` on the same score matrix (issue 7).",
        "",
        "Reproduce (scipy is a bench-only dependency):",
        "",
        "```sh",
        "pip install -e '.[bench]'",
        cmd,
        "```",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC; the whole run took {elapsed / 60:.1f} min.",
        f"- Machine: {mach['cpus']} CPUs ({mach['affinity']} usable), {mach['cpu']}, {mach['memory']} RAM, "
        f"{mach['os']}.",
        f"- Shared machine: the one-minute load average before each run went {mach['load']} on "
        f"{mach['cpus']} CPUs; the benchmark's own runs account for about 1 of it, other work for the rest. "
        "Wall times carry that noise; the medians and the CPU column damp it.",
        f"- Python {mach['python']}; {mach['versions']}.",
        f"- rmentor commit {mach['commit']}.",
        f"- Rosters: `rmentor example --seniors N --juniors N --seed {args.seed}` (synthetic, realistic: "
        "departments, reporting lines, Zipf-popular topics, availability windows, 5 time zones); "
        "default program (embedded rules).",
        f"- Every figure is the median of {args.repeats} runs"
        + (f" ({args.large_repeats} from {args.large_size:,} per side)" if args.large_repeats != args.repeats else "")
        + ", each in a fresh process. Peak "
        "memory is that process's maximum resident set size; CPU is its user + system time (CP-SAT may use "
        "several threads, so CPU can exceed wall time).",
        "",
        "## End to end and by stage",
        "",
        "Per side = seniors = juniors. *End to end* is `python -m rmentor match ROSTER --out DIR --force --quiet`, "
        "imports included. Stages run in one process with imports done first: *load* (YAML to validated roster), "
        "*score* (`Scorer` and its dense matrix), *match* (`rmentor.core.matching.match` given that matrix), *write* "
        "(`pairs.csv` and the atomic write), *render* (the pairs table the command prints). *scipy* is "
        "`linear_sum_assignment` alone on the same matrix (hash-checked), with the "
        "same objective (most pairs, then the highest total score); the ratio columns divide by it.",
        "",
        "| Per side | Runs | Pairs | Allowed pairs | End to end | CPU (end to end) | Peak RSS (end to end) | Load "
        "| Score | Match | Write | Render | Peak RSS (stages) | scipy LSA | Match / scipy | End to end / scipy "
        "| OR-Tools LSA (dense) | Optimum check |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for res in sizes.values():
        lines.append(_row(res))
    if caps:
        lines += [
            "",
            "## Department caps (side constraints)",
            "",
            "`matching.max_pairs_per_department` set in the program; a pair counts against the senior's and the "
            "junior's department. *Match stage* is the time `match` takes to return: proven optimal, or stopped "
            "by the solver's time limit (`solver.time_limit_seconds`, 60 s by default) with a feasible plan.",
            "",
            "| Per side | Cap | Runs | Pairs | Status | End to end | Peak RSS | Match stage | Objective | Bound |",
            "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        ]
        for cap in caps:
            lines.append(
                f"| {cap.size:,} | {cap.cap} | {cap.repeats} | {_int(cap.first('stages', 'pairs'))} | "
                f"{', '.join(sorted({s.get('status', '?') for s in cap.stages if 'error' not in s})) or '—'} | "
                f"{fmt_s(cap.e2e_seconds)} | {fmt_mem(cap.e2e_rss)} | {fmt_s(cap.med('stages', 'match'))} | "
                f"{_int(cap.first('stages', 'objective'))} | {_int(cap.first('stages', 'bound'))} |")
    lines += [
        "",
        "## Start-up, loading, scheduling",
        "",
        "| Measurement | Median |",
        "|---|---:|",
        f"| `rmentor --help` ({args.startup_runs} runs) | {fmt_s(start.get('help'))} "
        f"(best {fmt_s(start.get('help_best'))}) |",
        f"| Example pilot: `rmentor match examples/roster.yaml --config examples/program.yaml` | "
        f"{fmt_s(start.get('pilot'))} (best {fmt_s(start.get('pilot_best'))}; {fmt_mem(start.get('pilot_rss'))}) |",
    ]
    for size, res in sizes.items():
        if size >= 1000:
            lines.append(f"| Load {2 * size:,} people from YAML (stage *load* at {size:,} per side) | "
                         f"{fmt_s(res.med('stages', 'load'))} |")
    if "schedule" in sched:
        lines.append(f"| Schedule {sched['pairs']:,} pairs from {SCHEDULE_START}, default program (matched at "
                     f"{sched['source']:,} per side; "
                     f"{sched['sessions']:,} sessions, {sched['unscheduled']:,} pairs without a slot; "
                     f"reading pairs.csv {fmt_s(sched['read'])} more) | {fmt_s(sched['schedule'])} |")
    else:
        lines.append(f"| Schedule {args.schedule_pairs:,} pairs | not measured: {sched.get('error', '?')} |")
    lines += ["", "## Targets (issue 7, on a 2-core machine)", ""]
    for t in targets(sizes, caps, start, sched):
        if t.met is None:
            detail = "" if t.measured in ("not measured", "not run") else f" ({t.measured})"
            lines.append(f"- {t.name} ({t.limit}): not measured{detail}.")
        else:
            lines.append(f"- {t.name} ({t.limit}): {'**met**' if t.met else '**missed**'}: {t.measured}.")
    lines += scale_report(scale_res or {}, start, files or {})
    stats = [(res.label, res.first("stages", "stats")) for res in sizes.values() if res.first("stages", "stats")]
    if stats:
        lines += ["", "## What the matcher reports (`MatchResult.stats`, first run)", ""]
        lines += [f"- {label}: " + ", ".join(f"{k} {_short(v)}" for k, v in s.items()) for label, s in stats]
    problems = [p for res in [*sizes.values(), *caps] for p in res.problems]
    problems += [p for res in (scale_res or {}).values() for p in res.problems]
    problems += [f"start-up: {e}" for e in start.get("help_errors", []) + start.get("pilot_errors", [])]
    lines += ["", "## Problems seen in this run", ""]
    lines += [f"- {p}" for p in problems] or ["- None: every run finished and every optimum equals the reference."]
    return "\n".join(lines) + "\n"


def kept_notes(path: Path) -> str:
    """The hand-written notes of an earlier report (between the markers), kept across runs."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    start, end = old.find(NOTES_BEGIN), old.find(NOTES_END)
    if start < 0 or end < start:
        return ""
    return "\n" + old[start : end + len(NOTES_END)] + "\n"


def _short(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def _int(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) else "—"


def _row(res: SizeResult) -> str:
    match_s, scipy_s = res.med("stages", "match"), res.med("scipy", "solve")
    check = "—"
    if res.stages and res.scipy:
        bad = [p for p in res.problems if "MISMATCH" in p or "different matrix" in p]
        check = "**MISMATCH**" if bad else "equal" if res.first("stages", "pairs") is not None else "—"
    allowed = res.first("stages", "allowed_share")
    return (f"| {res.size:,} | {res.repeats} | {_int(res.first('stages', 'pairs'))} | "
            f"{'—' if allowed is None else f'{allowed:.1%}'} | {fmt_s(res.e2e_seconds)} | {fmt_s(res.e2e_cpu)} | "
            f"{fmt_mem(res.e2e_rss)} | "
            f"{fmt_s(res.med('stages', 'load'))} | {fmt_s(res.med('stages', 'score'))} | {fmt_s(match_s)} | "
            f"{fmt_s(res.med('stages', 'write'))} | {fmt_s(res.med('stages', 'render'))} | "
            f"{fmt_mem(res.med('stages', 'rss'))} | {fmt_s(scipy_s)} | "
            f"{fmt_ratio(match_s, scipy_s)} | {fmt_ratio(res.e2e_seconds, scipy_s)} | "
            f"{fmt_s(res.med('ortools', 'solve'))} | {check} |")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command-line options of the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                   help="people per side, comma-separated (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="runs per measurement; medians are reported (default: 3)")
    p.add_argument("--large-size", type=int, default=10000,
                   help="sizes from this one up use --large-repeats (default: 10000)")
    p.add_argument("--large-repeats", type=int, default=None,
                   help="runs per measurement at large sizes (default: --repeats)")
    p.add_argument("--seed", type=int, default=0, help="roster seed (default: 0)")
    p.add_argument("--ortools-max", type=int, default=1000,
                   help="run OR-Tools' dense linear sum assignment up to this size (default: 1000)")
    p.add_argument("--caps-size", type=int, default=1000,
                   help="size of the max_pairs_per_department run; 0 skips it (default: 1000)")
    p.add_argument("--dept-caps", default="auto",
                   help="max_pairs_per_department values, comma-separated; 'auto' = a fair share per department "
                        "(size / departments) and a quarter of it (default: auto)")
    p.add_argument("--caps-repeats", type=int, default=None, help="runs per capped measurement (default: --repeats)")
    p.add_argument("--startup-runs", type=int, default=10,
                   help="runs of 'rmentor --help'; 0 skips the start-up section (default: 10)")
    p.add_argument("--schedule-pairs", type=int, default=5000,
                   help="schedule this many matched pairs; 0 skips (default: 5000)")
    p.add_argument("--scale-sizes", default=None,
                   help="sizes for match/schedule/plan side by side (issue 18), comma-separated; "
                        "0 skips (default: the --sizes from 100 up)")
    p.add_argument("--plan-max-size", type=int, default=None,
                   help="run `plan` with the default Word+PDF kit only up to this many per side (it takes tens "
                        "of minutes at 5,000); `plan --kit none` runs at every size (default: every size)")
    p.add_argument("--plan-repeats", type=int, default=None,
                   help="run `plan` with the default kit at most this many times per size (its median is then "
                        "of fewer runs than the other commands'; default: as many as the others)")
    p.add_argument("--files", type=int, default=15000,
                   help="write this many small files to measure the disk; 0 skips (default: 15000)")
    p.add_argument("--no-scipy", dest="scipy", action="store_false", help="skip the scipy reference")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before a run is killed (default: 3600)")
    p.add_argument("--work", type=Path, default=None, help="keep rosters and outputs in this folder")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown report path")
    p.add_argument("--no-write", action="store_true", help="print the report without writing it")
    args = p.parse_args(list(argv))
    if args.large_repeats is None:
        args.large_repeats = args.repeats
    try:
        args.size_list = sorted({int(s) for s in str(args.sizes).split(",") if s.strip()})
    except ValueError:
        p.error("--sizes takes whole numbers separated by commas, e.g. 10,100,1000")
    try:
        args.scale_list = ([s for s in args.size_list if s >= 100] if args.scale_sizes is None else
                           sorted({int(s) for s in str(args.scale_sizes).split(",") if s.strip() and int(s) > 0}))
    except ValueError:
        p.error("--scale-sizes takes whole numbers separated by commas, e.g. 100,1000,5000,10000")
    if not args.size_list or min(args.size_list) < 1 or args.repeats < 1 or args.large_repeats < 1:
        p.error("sizes and --repeats must be at least 1")
    if args.scipy:
        try:
            import scipy  # noqa: F401
        except ImportError:
            log("scipy is not installed (pip install -e '.[bench]'): the reference columns stay empty")
            args.scipy = False
    return args


def main(argv: Sequence[str] | None = None) -> str:
    """Run the benchmark; return the Markdown report (also printed, and written unless --no-write)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        worker_main(argv[1], argv[2:])
        return ""
    args = parse_args(argv)
    sys.path.insert(0, str(SRC))
    from rmentor.workflows.synth import roster_yaml, synthetic_roster

    started = _dt.datetime.now(_dt.timezone.utc)
    t0 = time.perf_counter()
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="rmentor-bench-")
        work = Path(tmp.name)
    else:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    try:
        sizes: dict[int, SizeResult] = {}
        rosters: dict[int, Path] = {}

        def roster_for(size: int) -> Path:
            if size not in rosters:
                path = work / f"roster-{size}.yaml"
                gen = time.perf_counter()
                path.write_text(roster_yaml(synthetic_roster(size, size, args.seed)), encoding="utf-8")
                log(f"generated {path.name} in {time.perf_counter() - gen:.2f} s")
                rosters[size] = path
            return rosters[size]

        start: dict[str, Any] = {}
        if args.startup_runs:
            log("start-up")
            start = startup(args, work)
        for size in args.size_list:
            log(f"size {size:,} per side")
            sizes[size] = measure(size, roster_for(size), None, work, args)
        caps: list[SizeResult] = []
        if args.caps_size:
            data = synthetic_roster(args.caps_size, args.caps_size, args.seed)
            n_depts = len({p["department"] for p in [*data["seniors"], *data["juniors"]]})
            fair = max(1, math.ceil(args.caps_size / n_depts))
            values = [fair, max(1, math.ceil(fair / 4))] if args.dept_caps == "auto" else \
                [int(v) for v in str(args.dept_caps).split(",") if v.strip()]
            for value in values:
                program = _write_program(work / f"program-cap-{value}.yaml", value)
                log(f"side constraints: {args.caps_size:,} per side, max_pairs_per_department {value}")
                res = measure(args.caps_size, roster_for(args.caps_size), program, work, args,
                              label=f"{args.caps_size:,} x {args.caps_size:,}, cap {value}", reference=False,
                              repeats=args.caps_repeats or args.repeats)
                res.cap = value
                caps.append(res)
        sched: dict[str, Any] = {"error": "skipped (--schedule-pairs 0)"}
        if args.schedule_pairs:
            sched = scheduling(args, sizes, rosters, work)
            log(f"scheduling: {sched}")
        scale_res: dict[int, ScaleResult] = {}
        if args.scale_list:
            log("company-wide scale: match, schedule, plan")
            scale_res = scale(args, roster_for, work)
        files = file_cost(args, work)
        if files:
            log(f"writing {args.files:,} files: {files}")
        mach = machine()
        mach["load"] = (f"from {min(LOADS):.1f} to {max(LOADS):.1f} (median {statistics.median(LOADS):.1f})"
                        if LOADS else "unknown")
        report_text = report(args, argv, sizes, caps, start, sched, mach, started, time.perf_counter() - t0,
                             scale_res, files)
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(report_text)
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        report_text += kept_notes(args.out)
        args.out.write_text(report_text, encoding="utf-8")
        log(f"wrote {args.out}")
    return report_text


if __name__ == "__main__":
    main()
