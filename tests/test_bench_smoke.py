"""A tiny smoke run of bench/bench_match.py: it works end to end; no timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_match", ROOT / "bench" / "bench_match.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_match"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _has_scipy() -> bool:
    return importlib.util.find_spec("scipy") is not None


def test_smoke_run_at_size_10(tmp_path: Path) -> None:
    bench = _bench()
    out = tmp_path / "benchmarks.md"
    argv = ["--sizes", "10", "--repeats", "1", "--startup-runs", "0", "--caps-size", "0",
            "--schedule-pairs", "0", "--ortools-max", "0", "--scale-sizes", "10", "--files", "20", "--out", str(out)]
    if not _has_scipy():
        argv.append("--no-scipy")
    text = bench.main(argv)
    assert out.read_text(encoding="utf-8") == text
    assert "python bench/bench_match.py --sizes 10 --repeats 1" in text
    assert "| 10 |" in text and "## Targets" in text
    assert "None: every run finished" in text, text.split("## Problems seen in this run")[-1]
    # issue 18: match, schedule and plan side by side, targets reported, the file-writing cost
    assert "## Company-wide" in text and "### Targets (issue 18" in text and "Writing 20 files" in text
    scale_row = next(line for line in text.splitlines() if line.startswith("| 10 |") and "x |" in line)
    assert scale_row.count("—") < 6, scale_row
    if _has_scipy():
        row = next(line for line in text.splitlines() if line.startswith("| 10 |"))
        assert row.endswith("| equal |"), row


def test_objective_mismatch_is_flagged() -> None:
    bench = _bench()
    res = bench.SizeResult(10)
    res.stages = [{"pairs": 5, "total_score": 400, "matrix_sha": "abc", "match": 0.1}]
    res.scipy = [{"pairs": 5, "total_score": 401, "matrix_sha": "abc", "solve": 0.1}]
    bench.check_objectives(res)
    assert any("OBJECTIVE MISMATCH" in p for p in res.problems)
    assert "**MISMATCH**" in bench._row(res)

    same = bench.SizeResult(10)
    same.stages = [{"pairs": 5, "total_score": 400, "matrix_sha": "abc", "match": 0.1}]
    same.scipy = [{"pairs": 5, "total_score": 400, "matrix_sha": "abc", "solve": 0.1}]
    bench.check_objectives(same)
    assert same.problems == [] and bench._row(same).endswith("| equal |")

    other = bench.SizeResult(10)
    other.stages = [{"pairs": 5, "total_score": 400, "matrix_sha": "abc"}]
    other.scipy = [{"pairs": 5, "total_score": 400, "matrix_sha": "def"}]
    bench.check_objectives(other)
    assert any("different matrix" in p for p in other.problems)


@pytest.mark.skipif(not _has_scipy(), reason="scipy is a bench-only dependency")
def test_scipy_reference_on_a_hand_checked_matrix() -> None:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    bench = _bench()
    # Greedy takes 100 (s0-j0) and leaves one pair; the reference must prefer two pairs (90 + 80).
    matrix = np.array([[100, 90], [80, -1]], dtype=np.int32)
    cols = np.arange(2)
    big = 100 * 2 + 1
    weights = np.where(matrix >= 0, matrix + big, 0).astype(float)
    rows, assigned = linear_sum_assignment(weights, maximize=True)
    assert bench._objective(matrix, cols, rows, assigned) == (2, 170)


def test_helpers() -> None:
    bench = _bench()
    assert bench.median([3.0, None, 1.0, 2.0]) == 2.0
    assert bench.median([None]) is None
    assert bench.fmt_s(0.0123) == "12 ms" and bench.fmt_s(1.234) == "1.23 s" and bench.fmt_s(61.0) == "61.0 s"
    assert bench.fmt_mem(3 * 2**30) == "3.00 GiB"
    assert bench.last_error("╭─ Error ─╮\n│ No such command 'x'. │\n╰──╯", 2) == "Error No such command 'x'."
    with pytest.raises(SystemExit):
        bench.parse_args(["--sizes", "ten"])


def test_hand_written_notes_survive_a_rerun(tmp_path: Path) -> None:
    bench = _bench()
    page = tmp_path / "benchmarks.md"
    assert bench.kept_notes(page) == ""
    page.write_text("# old table\n\n<!-- notes:begin -->\n## Where the time goes\nrender\n<!-- notes:end -->\n",
                    encoding="utf-8")
    kept = bench.kept_notes(page)
    assert kept.startswith("\n<!-- notes:begin -->") and "render" in kept and "old table" not in kept


def test_plan_at_5000_estimated_from_plan_without_kit_plus_the_kit_per_pair() -> None:
    """`--plan-max-size` caps only the default kit: plan at 5,000 is `plan --kit none` there plus the kit's
    measured cost per pair, and the bare plan gets its own target; numbers worked out by hand."""
    bench = _bench()

    def res(size: int, pairs: int, **walls: float) -> object:
        r = bench.ScaleResult(size, pairs=pairs)
        for command, seconds in walls.items():
            r.runs[command.replace("_", "-")].append(bench.Run(seconds, 1, 0, "", ""))
        return r

    small = res(100, 100, match=1.0, schedule=1.5, plan=21.0, plan_no_kit=5.0)      # the kit: 16 s / 100 pairs
    big = res(5000, 4000, match=10.0, schedule=14.0, plan_no_kit=25.0)
    big.skipped.append("plan")
    targets = {t.name: t for t in bench.scale_targets({100: small, 5000: big}, {"pilot": 0.2})}
    plan = targets["`plan` at 5,000 per side"]
    # 25 s + 0.16 s a pair x 4,000 pairs = 665 s, 66.5x match
    assert "about 665.0 s" in plan.measured and "66.5x" in plan.measured
    assert plan.met is False
    bare = targets["`plan --kit none` at 5,000 per side"]
    assert "2.50x" in bare.measured and bare.met is True
    assert targets["`schedule` at 5,000 per side"].met is True          # 14 / 10 = 1.4x


def test_plan_run_fewer_times_is_said_in_the_report() -> None:
    """`--plan-repeats`: the default-kit plan may run fewer times than the other commands; the report says so."""
    bench = _bench()
    r = bench.ScaleResult(5000, pairs=4000)
    for command, seconds in (("match", 10.0), ("schedule", 12.0), ("plan-no-kit", 25.0)):
        r.runs[command] += [bench.Run(seconds, 1, 0, "", "")] * 3
    r.runs["plan"].append(bench.Run(60.0, 1, 0, "", ""))
    text = "\n".join(bench.scale_report({5000: r}, {"pilot": 0.2}, {}))
    assert "run fewer times than the other commands (`--plan-repeats`): 1 at 5,000 per side" in text
    assert "| 5,000 | 4,000 | 10.0 s | 12.0 s | 60.0 s |" in text
    plan = {t.name: t for t in bench.scale_targets({5000: r}, {"pilot": 0.2})}["`plan` at 5,000 per side"]
    assert "60.0 s" in plan.measured and "6.00x" in plan.measured and plan.met is False


def test_bench_docx_smoke(tmp_path: Path) -> None:
    """bench/bench_docx.py runs end to end on a tiny kit and says whether the parts are the same."""
    spec = importlib.util.spec_from_file_location("bench_docx", ROOT / "bench" / "bench_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.main(["--size", "10", "--repeats", "1", "--work", str(tmp_path)])
    row = next(line for line in text.splitlines() if line.startswith(f"| {ROOT / 'src'} |"))
    assert "(1.0x)" in row and len(row.split("|")[5].strip()) == 12, row
