"""CPU per kit Word file: ``to_docx`` of two checkouts side by side, on the kit of a real plan.

Run by hand (never in the test suite), from the repository root:

    python bench/bench_docx.py --size 100 --repeats 5 --src OTHER_CHECKOUT/src --src src

Makes one plan's kit as Markdown (``--kit md``, ``--size`` people per side, the first checkout),
then, for each ``--src`` in turn and ``--repeats`` times (interleaved, so they share the machine's
load), converts every agreement, session plan and portfolio to ``.docx`` in a fresh process and
reports the CPU time per document (``time.process_time``), medians over the runs. *With parse*
includes parsing the Markdown; *without* parses each document first, outside the clock, as in
``plan``, where the Word and the PDF file of a document share one parse. The *parts* column is a
hash of every zip part's content, sorted by name: equal hashes mean the same document (the zip
entries' order may differ).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "# Benchmark program: defaults, a fixed start.\nstart: 2027-01-11\nmatching:\n  pilot: {min: 1}\n"

WORKER = r"""
import hashlib, io, json, os, sys, time, zipfile
from pathlib import Path
from rmentor.i18n import set_language
from rmentor.outputs.documents import printable, tokens
from rmentor.outputs.documents.docx import to_docx

folder, lang = Path(sys.argv[1]), sys.argv[2]
set_language(lang)
docs = [(p.read_text("utf-8"), f"{p.parent.name} {p.stem}") for p in sorted(folder.glob("kit/*/*.md"))]
to_docx(docs[0][0], title="warm-up", lang=lang)  # per-process set-up is not per document
digest = hashlib.sha256()
with_parse = 0.0
for text, title in docs:
    start = time.process_time()
    data = to_docx(text + "\n", title=title, lang=lang)  # "\n": not in the parse cache
    with_parse += time.process_time() - start
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name))
without = 0.0
for text, title in docs:
    tokens(printable(text))
    start = time.process_time()
    to_docx(text, title=title, lang=lang)
    without += time.process_time() - start
print(json.dumps({"docs": len(docs), "with": with_parse / len(docs), "without": without / len(docs),
                  "parts": digest.hexdigest()[:12]}))
"""


def convert(folder: Path, src: Path, lang: str) -> dict[str, float | str | int]:
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1798761600"}
    out = subprocess.run([sys.executable, "-c", WORKER, str(folder), lang], env=env, check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, float | str | int] = json.loads(out)
    return result


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=100, help="people per side (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=5, help="runs per checkout; medians reported (default: 5)")
    p.add_argument("--lang", default="en", choices=["en", "ru"], help="language of the kit (default: en)")
    p.add_argument("--src", type=Path, action="append", default=None,
                   help="a checkout's src folder, repeatable (default: this checkout's)")
    p.add_argument("--work", type=Path, default=None, help="keep the roster and the kit here")
    args = p.parse_args(argv)
    sources = [s.resolve() for s in (args.src or [ROOT / "src"])]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(sources[0]), "SOURCE_DATE_EPOCH": "1798761600",
               "RMENTOR_JOBS": "1"}
        roster, program, kit = work / "roster.yaml", work / "program.yaml", work / "kit-md"
        program.write_text(PROGRAM, encoding="utf-8")
        rmentor = [sys.executable, "-m", "rmentor"]
        subprocess.run([*rmentor, "example", "-o", str(roster), "--seniors", str(args.size), "--juniors",
                        str(args.size), "--seed", "0", "-q"], env=env, check=True, capture_output=True)
        subprocess.run([*rmentor, "plan", str(roster), "--config", str(program), "--out", str(kit), "--force",
                        "--quiet", "--allow-partial", "--kit", "md", "--lang", args.lang], env=env, check=True,
                       capture_output=True)
        runs: dict[Path, list[dict[str, float | str | int]]] = {s: [] for s in sources}
        for _ in range(args.repeats):
            for src in sources:
                runs[src].append(convert(kit, src, args.lang))
    lines = [f"`python bench/bench_docx.py --size {args.size} --repeats {args.repeats} --lang {args.lang}`, "
             f"{runs[sources[0]][0]['docs']} documents; CPU ms per .docx, median of {args.repeats} runs "
             "(each run: one fresh process converting every document)", "",
             "| checkout | with parse | without parse | runs (with parse) | parts |", "|---|---:|---:|---|---|"]
    first = None
    for src in sources:
        with_parse = [1000 * float(r["with"]) for r in runs[src]]
        without = [1000 * float(r["without"]) for r in runs[src]]
        row = (statistics.median(with_parse), statistics.median(without))
        first = first or row
        parts = sorted({str(r["parts"]) for r in runs[src]})
        lines.append(f"| {src} | {row[0]:.1f} ({first[0] / row[0]:.1f}x) | {row[1]:.1f} ({first[1] / row[1]:.1f}x) "
                     f"| {', '.join(f'{x:.1f}' for x in with_parse)} | {', '.join(parts)} |")
    text = "\n".join(lines) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    main()
