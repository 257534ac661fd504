"""Benchmark: each notebook's run time in a fresh kernel, divided by the floor.

The floor is ``benchmarks/floor.ipynb``: a fresh kernel that only imports the course's stack (pandas, altair,
ipywidgets, helpers) the way the course's notebooks do, helpers first — what every lesson's Imports cell costs
anyway. Goal: every notebook in lessons/,
exercises/ and solutions/ at most 1.5 times the floor.

Each run starts a new kernel, executes every cell (errors allowed: exercises have blanks to fill), and stops
the kernel. The floor is run right before each run of each notebook, so that both see the same load on a
shared machine; a notebook's ratio is its best time over the best of the floor runs next to it
(``--repeat`` runs each). The three slowest cells of each notebook are reported, to show where the time goes.

First output: for each notebook, the seconds from the kernel being ready (started, and answering) to the end of
its first code cell (``first cell``; a lesson's Imports cell; goal: at most 1.0 s) and to the end of the first
cell that shows anything (``first output``); best of the runs.

Run:  .venv/bin/python benchmarks/bench_notebooks.py [--repeat 3] [--make-test] [paths ...]
      (``--make-test`` also times one whole ``make test``)
Results also go to benchmarks/results/notebooks.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "benchmarks" / "floor.ipynb"
FOLDERS = ("lessons", "exercises", "solutions")
GOAL = 1.5
FIRST_GOAL = 1.0  # seconds from "kernel ready" to the first cell's result (the Imports cell of a lesson)
RESULTS = ROOT / "benchmarks" / "results" / "notebooks.json"


def _seconds(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f}"


def run_once(path: Path, timeout: int) -> dict:
    """Execute ``path`` in a fresh kernel, in its own folder (as nbval does); return timings."""
    nb = nbformat.read(path, as_version=4)
    marks: dict[str, float] = {}

    def ready(**_):  # the kernel has started and answered: a student could run the first cell now
        marks["ready"] = time.perf_counter()

    def executed(cell, **_):
        now = time.perf_counter()
        marks.setdefault("first_cell", now)
        if cell.get("outputs"):
            marks.setdefault("first_output", now)

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            record_timing=True, resources={"metadata": {"path": str(path.parent)}},
                            on_notebook_start=ready, on_cell_executed=executed)
    t0 = time.perf_counter()
    client.execute()
    total = time.perf_counter() - t0
    cells, errors = [], 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        timing = cell.metadata.get("execution", {})
        cells.append((i, _seconds(timing.get("iopub.status.busy"), timing.get("shell.execute_reply"))))
        errors += sum(1 for out in cell.get("outputs", []) if out.get("output_type") == "error")
    slowest = sorted(cells, key=lambda c: -c[1])[:3]
    since = {k: round(marks[k] - marks["ready"], 3) if k in marks and "ready" in marks else None
             for k in ("first_cell", "first_output")}
    return {"seconds": total, "cells_seconds": sum(s for _, s in cells), "code_cells": len(cells),
            "first_cell_seconds": since["first_cell"], "first_output_seconds": since["first_output"],
            "slowest_cells": [[i, round(t, 2)] for i, t in slowest], "errors": errors}


def best(runs: list[dict]) -> dict:
    top = min(runs, key=lambda r: r["seconds"])
    firsts = [r["first_output_seconds"] for r in runs if r["first_output_seconds"] is not None]
    cells = [r["first_cell_seconds"] for r in runs if r["first_cell_seconds"] is not None]
    return {**top, "runs": [round(r["seconds"], 3) for r in runs],
            "first_output_seconds": min(firsts) if firsts else None,
            "first_cell_seconds": min(cells) if cells else None}


def measure(path: Path, repeat: int, timeout: int) -> tuple[dict, dict]:
    """(notebook, floor): ``repeat`` runs of each, the floor's run right before the notebook's."""
    floors, runs = [], []
    for _ in range(repeat):
        floors.append(run_once(FLOOR, timeout))
        runs.append(run_once(path, timeout))
    return best(runs), best(floors)


def notebooks(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb"))]


def time_make_test() -> dict:
    """One whole ``make test`` (lint + pytest, as the Makefile runs it); wall-clock seconds."""
    t0 = time.perf_counter()
    run = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    tail = (run.stdout + run.stderr).strip().splitlines()[-1:] or [""]
    return {"seconds": seconds, "returncode": run.returncode, "summary": tail[0]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="notebooks to time (default: lessons/, exercises/, solutions/)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per notebook; the best is kept (default 3)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    ap.add_argument("--make-test", action="store_true", help="also time one whole `make test`")
    args = ap.parse_args(argv)

    todo = notebooks(args.paths)
    if not todo:
        print("No notebooks found in lessons/, exercises/ or solutions/.", file=sys.stderr)
        return 1
    rows = {}
    for path in todo:
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        r, floor = measure(path, args.repeat, args.timeout)
        rows[name] = {**r, "floor_seconds": floor["seconds"], "ratio": r["seconds"] / floor["seconds"]}
        print(f"  {name}: {r['seconds']:.2f} s, floor {floor['seconds']:.2f} s, ratio {rows[name]['ratio']:.2f}, "
              f"first cell {_s(r['first_cell_seconds'])}, first output {_s(r['first_output_seconds'])}", flush=True)

    print(f"\n| notebook | time (s) | floor (s) | ratio | first cell (s) | first output (s) | code cells | "
          f"slowest cells: #cell (s) | errors | ≤ {GOAL} | first cell ≤ {FIRST_GOAL} s |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|")
    for name, r in rows.items():
        verdict = "ok" if r["ratio"] <= GOAL else "OVER"
        first = "ok" if r["first_cell_seconds"] is not None and r["first_cell_seconds"] <= FIRST_GOAL else "OVER"
        slow = ", ".join(f"#{i} ({t:.2f})" for i, t in r["slowest_cells"])
        print(f"| {name} | {r['seconds']:.2f} | {r['floor_seconds']:.2f} | {r['ratio']:.2f} | "
              f"{_s(r['first_cell_seconds'])} | {_s(r['first_output_seconds'])} | {r['code_cells']} | "
              f"{slow} | {r['errors']} | {verdict} | {first} |")
    over = [n for n, r in rows.items() if r["ratio"] > GOAL]
    print(f"\n{len(rows) - len(over)} of {len(rows)} notebooks within {GOAL} × the floor"
          + (f"; over: {', '.join(over)}" if over else "."))
    slow_start = [n for n, r in rows.items() if r["first_cell_seconds"] is None or r["first_cell_seconds"] > FIRST_GOAL]
    print(f"{len(rows) - len(slow_start)} of {len(rows)} notebooks finish their first cell within {FIRST_GOAL} s "
          "of the kernel being ready" + (f"; over: {', '.join(slow_start)}" if slow_start else "."))

    result = {"floor": str(FLOOR.relative_to(ROOT)), "notebooks": rows, "goal": GOAL, "repeat": args.repeat,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    if args.make_test:
        result["make_test"] = mt = time_make_test()
        print(f"make test: {mt['seconds']:.1f} s (exit {mt['returncode']}): {mt['summary']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
