"""What the per-pair kit costs: `plan` with each `--kit` choice next to `match`, and writing the files.

Run by hand (never in the test suite), from the repository root:

    python bench/bench_kit.py --size 200 --repeats 3
    python bench/bench_kit.py --size 1000 --kits none --src OTHER_CHECKOUT/src   # compare two versions

Every command runs in a child process, interleaved run by run, so they share the machine's load;
CPU time is the child's own (``RMENTOR_JOBS=1``: no worker processes, so all the work is counted).
The default kit is also run as users run it (worker processes allowed), for its wall time.
Then the files one plan wrote are written again the way rmentor writes (``write_outputs``:
a temporary file, fsync-free ``os.replace``) to show what the file count alone costs on this disk.
Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "# Benchmark program: defaults, a fixed start.\nstart: 2027-01-11\nmatching:\n  pilot: {min: 1}\n"


def run(argv: list[str], src: Path, jobs: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its children) of ``python -m rmentor ARGV``."""
    env = {**os.environ, "PYTHONPATH": str(src), "RMENTOR_JOBS": jobs, "SOURCE_DATE_EPOCH": "1798761600"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "rmentor", *argv], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"rmentor {' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def write_again(folder: Path, src: Path) -> tuple[int, int, float, float]:
    """Write every file under ``folder`` again with rmentor's writer: (files, bytes, wall, CPU)."""
    code = (
        "import sys, time, pathlib\n"
        "from rmentor.outputs.files import write_outputs\n"
        "src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "files = {p.relative_to(src).as_posix(): p.read_bytes() for p in src.rglob('*') if p.is_file()}\n"
        "w, c = time.perf_counter(), time.process_time()\n"
        "write_outputs(dst, files, force=True)\n"
        "print(len(files), sum(map(len, files.values())), time.perf_counter() - w, time.process_time() - c)\n"
    )
    with tempfile.TemporaryDirectory(dir=folder.parent) as target:
        out = subprocess.run([sys.executable, "-c", code, str(folder), str(Path(target) / "copy")], check=True,
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(src)}).stdout
    n, size, wall, cpu = out.split()
    return int(n), int(size), float(wall), float(cpu)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=200, help="people per side (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="runs per command; medians reported (default: 3)")
    p.add_argument("--kits", default="none,md,docx,pdf,docx+pdf",
                   help="--kit values to run, comma-separated, '+' for a list (default: %(default)s)")
    p.add_argument("--src", type=Path, action="append", default=None,
                   help="a src/ folder to measure (repeat to compare versions side by side; default: this one)")
    p.add_argument("--no-parallel", dest="parallel", action="store_false",
                   help="skip the default-kit run with worker processes")
    p.add_argument("--work", type=Path, default=None, help="keep rosters and outputs here")
    args = p.parse_args(argv)
    sources = args.src or [ROOT / "src"]
    work = args.work or Path(tempfile.mkdtemp(prefix="rmentor-kit-"))
    work.mkdir(parents=True, exist_ok=True)
    program = work / "program.yaml"
    program.write_text(PROGRAM, encoding="utf-8")
    roster = work / f"roster-{args.size}.yaml"
    if not roster.exists():
        run(["example", "-o", str(roster), "--seniors", str(args.size), "--juniors", str(args.size), "--seed", "0",
             "--force", "--quiet"], sources[0], "1")
    kits = [k.replace("+", ",") for k in args.kits.split(",") if k]
    commands: list[tuple[str, list[str], str]] = [("match", ["match"], "1")]
    commands += [(f"plan --kit {k}", ["plan", "--kit", k, "--allow-partial"], "1") for k in kits]
    if args.parallel:
        commands.append(("plan (default kit, workers)", ["plan", "--allow-partial"], ""))
    times: dict[tuple[int, str], list[tuple[float, float]]] = {}
    written: dict[tuple[int, str], Path] = {}
    for r in range(args.repeats):
        for s, src in enumerate(sources):
            for name, cmd, jobs in commands:
                out = work / f"out-{s}-{len(written)}"
                wall, cpu = run([cmd[0], str(roster), "--config", str(program), "--out", str(out), "--force",
                                 "--quiet", *cmd[1:]], src, jobs)
                times.setdefault((s, name), []).append((wall, cpu))
                print(f"  {src} {name} {r + 1}/{args.repeats}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
                if r == 0:
                    written[(s, name)] = out
                else:
                    shutil.rmtree(out, ignore_errors=True)
    print(f"\n{args.size:,} per side, medians of {args.repeats}, machine load {os.getloadavg()[0]:.1f}\n")
    print("| version | command | CPU s | wall s | CPU / match | files | MB | writing them again (wall, CPU) |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for s, src in enumerate(sources):
        match_cpu = statistics.median(c for _, c in times[(s, "match")])
        for name, _, _ in commands:
            wall = statistics.median(w for w, _ in times[(s, name)])
            cpu = statistics.median(c for _, c in times[(s, name)])
            folder = written[(s, name)]
            if name.startswith("plan"):
                n, size, w_wall, w_cpu = write_again(folder, src)
                files = f"{n:,} | {size / 1e6:.1f} | {w_wall:.2f} s, {w_cpu:.2f} s"
            else:
                files = "| | "
            print(f"| {src} | `{name}` | {cpu:.1f} | {wall:.1f} | {cpu / match_cpu:.1f}x | {files} |")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
