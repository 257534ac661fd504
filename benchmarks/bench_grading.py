"""Benchmark: grading a class of 30 submissions, in seconds per submission, against the notebook floor.

The class is 30 copies of one exercise notebook (default ``solutions/01_sources.ipynb``, i.e. 30 perfect
submissions; each copy differs by a comment so that none is "the same file"). It is graded through the command
line (``python -m helpers.grading``) with ``--jobs 1`` and with ``--jobs N``; the floor is
``benchmarks/floor.ipynb`` run in a fresh kernel (what any notebook costs, see ``bench_notebooks.py``), and
the same notebook run once in a fresh kernel without the grader. Reported: seconds per submission for each
``--jobs``, the ratio to the floor and to the plain run (the grader's own cost: box, hand-over, re-checking),
and the speed-up of ``--jobs N``.

Run:  .venv/bin/python benchmarks/bench_grading.py [--count 30] [--jobs 2] [--sandbox none|bwrap] [NOTEBOOK]
(default: bwrap where it works, else none; without a sandbox the grader refuses ``--jobs`` above 1, so only
``--jobs 1`` is measured.)
Results also go to benchmarks/results/grading.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_notebooks import FLOOR, ROOT, run_once  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "grading.json"


def make_class(notebook: Path, folder: Path, count: int) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for n in range(count):
        copy = nbformat.from_dict(json.loads(json.dumps(nb)))
        copy.cells[0].source += f"\n<!-- student {n:02d} -->"
        (folder / f"student_{n:02d}").mkdir()
        nbformat.write(copy, folder / f"student_{n:02d}" / notebook.name)


def grade(folder: Path, out: Path, jobs: int, sandbox: str, timeout: float) -> float:
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "helpers.grading", str(folder), "--out", str(out), "--jobs", str(jobs),
                          "--sandbox", sandbox, "--timeout", str(timeout)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if run.returncode != 0:
        raise SystemExit(f"the grader failed:\n{run.stdout}\n{run.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", nargs="?", type=Path, default=ROOT / "solutions" / "01_sources.ipynb")
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--sandbox", choices=("none", "bwrap"))
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)
    if args.sandbox is None:
        from helpers.grading.box import bwrap_available

        args.sandbox = "bwrap" if bwrap_available() else "none"
    if args.sandbox == "none" and args.jobs > 1:
        print(f"--jobs {args.jobs}: the grader grades one notebook at a time without a sandbox: measuring --jobs 1 "
              "only.", file=sys.stderr)
        args.jobs = 1
    if not args.notebook.is_file():
        print(f"{args.notebook} not found: give an exercise or solution notebook.", file=sys.stderr)
        return 2
    floor = min(run_once(FLOOR, 120)["seconds"] for _ in range(2))
    plain = run_once(args.notebook, int(args.timeout))["seconds"]
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        folder, out = Path(tmp) / "class", Path(tmp) / "grades"
        folder.mkdir()
        make_class(args.notebook, folder, args.count)
        one = grade(folder, out, 1, args.sandbox, args.timeout)
        book = (out / "gradebook.csv").read_text(encoding="utf-8").splitlines()
        unscored = [row for row in book[1:] if ",ok," not in row]
        if unscored:
            raise SystemExit(f"{len(unscored)} submission(s) not graded ok, e.g. {unscored[0][:300]}")
        many = grade(folder, out, args.jobs, args.sandbox, args.timeout) if args.jobs > 1 else one
    per_one, per_many = one / args.count, many / args.count
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.node(), "cpus": os.cpu_count(),
        "notebook": str(args.notebook.relative_to(ROOT) if args.notebook.is_relative_to(ROOT) else args.notebook),
        "count": args.count, "sandbox": args.sandbox, "floor_s": round(floor, 2), "plain_run_s": round(plain, 2),
        "jobs_1_s_per_submission": round(per_one, 2), f"jobs_{args.jobs}_s_per_submission": round(per_many, 2),
        "jobs_1_over_floor": round(per_one / floor, 2), "jobs_1_over_plain_run": round(per_one / plain, 2),
        f"speed_up_jobs_{args.jobs}": round(one / many, 2), "rows": len(book) - 1,
    }
    print(json.dumps(result, indent=1))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
