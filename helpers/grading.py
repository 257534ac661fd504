"""Grade a folder of submitted exercise notebooks: a CSV gradebook plus the written answers to read.

    python -m helpers.grading SUBMISSIONS_DIR --out OUT_DIR [--timeout 120] [--jobs 1]

Each notebook runs in a fresh kernel, in a temporary folder, with a time limit for the whole notebook.
A cell that raises does not stop the run (later exercises are still checked); a notebook that crashes the
kernel, never ends, or is not a notebook at all is recorded with the reason, and grading goes on.
The checks the notebook calls (``check``, ``written``) append their results to a file the grader names in
``$REDLINES_CHECK_LOG``. Written into OUT_DIR:

- ``gradebook.csv``: one row per submission: status, problem, one column per exercise (points earned;
  "to grade" or 0 for written answers), points, max_points;
- ``checks.csv``: one row per submission and exercise, with the status and the message the student saw;
- ``written_answers.md`` and ``written_answers.csv``: the written answers, exercise by exercise, to grade by hand;
- ``executed/``: each notebook as it ran, outputs included.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .checks import LOG_ENV_VAR, PLACEHOLDER_TEXT, STATUSES, natural_key, registered

__all__: list[str] = []  # instructors' tool: not star-exported to notebooks

MD_PLACEHOLDER = f"*{PLACEHOLDER_TEXT}*"


@dataclasses.dataclass
class Submission:
    """The outcome of running one submitted notebook."""

    name: str
    status: str = "ok"  # ok | errors | timeout | kernel died | unreadable | failed
    problem: str = ""
    expected: list[str] = dataclasses.field(default_factory=list)
    results: dict[str, dict] = dataclasses.field(default_factory=dict)  # exercise -> last log entry
    written: dict[str, str] = dataclasses.field(default_factory=dict)  # exercise -> text ("" = no answer)
    written_ids: set[str] = dataclasses.field(default_factory=set)
    notebook: nbformat.NotebookNode | None = None


def _where(nb: nbformat.NotebookNode, n: int) -> str:
    """A cell as an instructor can find it: its number from the top and its first line of code."""
    source = nb.cells[n - 1].source if 0 < n <= len(nb.cells) else ""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return f"cell {n}" + (f" ({lines[0][:60]})" if lines else "")


def _errors(nb: nbformat.NotebookNode) -> str:
    """The errors in the outputs, summed up: "2 cells raised an error; first: cell 4 (...): NameError: ..."."""
    errors = []
    for n, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"{_where(nb, n)}: {out.get('ename', 'Error')}: {str(out.get('evalue', ''))[:200]}")
    if not errors:
        return ""
    return f"{len(errors)} cell{'s' * (len(errors) > 1)} raised an error; first: {errors[0]}"


def _expected(nb: nbformat.NotebookNode, filename: str) -> list[str]:
    """The exercises a notebook holds: from its metadata (tools/make_exercises.py), else by lesson number."""
    meta = nb.metadata.get("redlines", {})
    ids = meta.get("exercises") if isinstance(meta, dict) else None
    if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
        return list(ids)
    lesson = filename[:2]
    return [i for i in registered() if lesson.isdigit() and i.startswith(f"{lesson}.")]


def _markdown_answers(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Answers written in markdown cells tagged ``written-answer`` (keyed by exercise id, or by cell)."""
    out = {}
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown" and "written-answer" in cell.get("metadata", {}).get("tags", []):
            meta = cell.metadata.get("redlines", {})
            key = meta.get("exercise") if isinstance(meta, dict) and meta.get("exercise") else f"cell {n}"
            out[str(key)] = "" if MD_PLACEHOLDER in cell.source else cell.source.strip()
    return out


def _read_log(path: Path) -> dict[str, dict]:
    results: dict[str, dict] = {}
    if not path.is_file():
        return results
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("exercise"), str) and entry.get("status") in STATUSES:
            results[entry["exercise"]] = entry
    return results


def grade_notebook(path: str | os.PathLike, timeout: float = 120, name: str | None = None) -> Submission:
    """Run one notebook in a fresh kernel (at most ``timeout`` seconds of cells) and collect its checks."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    path = Path(path)
    sub = Submission(name or path.stem)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - not JSON, not a notebook, unreadable
        sub.status, sub.problem = "unreadable", f"not a notebook that Jupyter can open ({type(err).__name__})"
        sub.expected = _expected(nbformat.v4.new_notebook(), path.name)
        return sub
    sub.expected = _expected(nb, path.name)
    meta = nb.metadata.get("redlines", {})
    if isinstance(meta, dict) and isinstance(meta.get("written"), list):
        sub.written_ids.update(str(i) for i in meta["written"])
    with tempfile.TemporaryDirectory(prefix="redlines-grade-") as work:
        log = Path(work) / "checks.jsonl"
        env = {**os.environ, LOG_ENV_VAR: str(log), "REDLINES_GRADING": "1"}
        env.pop("JPY_SESSION_NAME", None)
        client = NotebookClient(nb, timeout=max(1, math.ceil(timeout)), kernel_name="python3", allow_errors=True,
                                shutdown_kernel="immediate", resources={"metadata": {"path": work}})
        current = 0
        try:
            with client.setup_kernel(env=env):
                deadline = time.monotonic() + timeout
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    current = index + 1
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise CellTimeoutError(f"time limit reached before cell {current}")
                    client.timeout = max(1, math.ceil(left))
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError:
            sub.status = "timeout"
            sub.problem = f"stopped after {timeout:g} s, in {_where(nb, current)}: an endless loop?"
        except DeadKernelError:
            sub.status, sub.problem = "kernel died", f"the kernel died in {_where(nb, current)}"
        except Exception as err:  # noqa: BLE001 - keep going with the next submission
            sub.status, sub.problem = "failed", f"could not run {_where(nb, current)}: {type(err).__name__}: {err}"
        sub.results = _read_log(log)
    errors = _errors(nb)
    if errors:
        sub.status = "errors" if sub.status == "ok" else sub.status
        sub.problem = f"{sub.problem}; {errors}" if sub.problem else errors
    sub.problem = sub.problem[:500]
    for eid, text in _markdown_answers(nb).items():
        sub.written.setdefault(eid, text)
        sub.written_ids.add(eid)
    for eid, entry in sub.results.items():
        if entry.get("kind") == "written":
            sub.written_ids.add(eid)
            recorded = entry.get("status") == "recorded" and isinstance(entry.get("text"), str)
            sub.written[eid] = entry["text"] if recorded else sub.written.get(eid, "")
    sub.notebook = nb
    return sub


def _points(eid: str) -> float:
    exercise = registered().get(eid)
    return exercise.points if exercise else 1.0


def _is_written(eid: str, subs: list[Submission]) -> bool:
    return eid not in registered() and any(eid in s.written_ids for s in subs)


def write_reports(subs: list[Submission], out: Path) -> dict[str, Path]:
    """Write gradebook.csv, checks.csv, written_answers.md/.csv and executed/ into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    ids = sorted({i for s in subs for i in (*s.expected, *s.results, *s.written)}, key=natural_key)
    written_ids = [i for i in ids if _is_written(i, subs)]
    paths = {"gradebook": out / "gradebook.csv", "checks": out / "checks.csv",
             "written_md": out / "written_answers.md", "written_csv": out / "written_answers.csv"}
    with open(paths["gradebook"], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "status", "problem", *ids, "points", "max_points"])
        for s in subs:
            row, total, top = [], 0.0, 0.0
            for eid in ids:
                if eid in written_ids:
                    row.append("to grade" if s.written.get(eid) else 0)
                    continue
                pts = _points(eid)
                top += pts
                got = pts if s.results.get(eid, {}).get("status") == "correct" else 0
                total += got
                row.append(f"{got:g}")
            w.writerow([s.name, s.status, s.problem, *row, f"{total:g}", f"{top:g}"])
    with open(paths["checks"], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "exercise", "status", "message"])
        for s in subs:
            for eid in ids:
                entry = s.results.get(eid)
                if entry is None and eid in s.written:
                    entry = {"status": "recorded" if s.written[eid] else "not_answered", "message": "markdown answer"}
                entry = entry or {"status": "not_run", "message": "the notebook never called this check"}
                w.writerow([s.name, eid, entry.get("status", ""), entry.get("message", "")])
    lines = ["# Written answers", "", f"{len(subs)} submission(s). Each answer is as the student wrote it.", ""]
    with open(paths["written_csv"], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["exercise", "submission", "answer"])
        for eid in written_ids:
            lines += [f"## {eid}", ""]
            for s in subs:
                text = s.written.get(eid, "")
                w.writerow([eid, s.name, text])
                quoted = "\n".join(f"> {t}" if t else ">" for t in text.splitlines()) if text else "*(no answer)*"
                lines += [f"### {s.name}", "", quoted, ""]
    paths["written_md"].write_text("\n".join(lines), encoding="utf-8")
    executed = out / "executed"
    for s in subs:
        if s.notebook is not None:
            target = executed / f"{s.name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(s.notebook, target)
    return paths


def grade_folder(folder: str | os.PathLike, out: str | os.PathLike, timeout: float = 120,
                 progress: bool = False, jobs: int = 1) -> list[Submission]:
    """Grade every .ipynb under ``folder`` (sub-folders too) and write the reports into ``out``.

    ``jobs`` notebooks run at the same time (each in its own process and kernel).
    """
    folder, out = Path(folder).resolve(), Path(out).resolve()
    paths = sorted(p for p in folder.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and out not in p.parents)
    names = [p.relative_to(folder).with_suffix("").as_posix() for p in paths]

    def report(sub: Submission) -> Submission:
        if progress:
            print(f"graded {sub.name}: {sub.status}" + (f" ({sub.problem})" if sub.problem else ""), flush=True)
        return sub

    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(grade_notebook, p, timeout, n) for p, n in zip(paths, names, strict=True)]
            subs = [report(f.result()) for f in futures]
    else:
        subs = [report(grade_notebook(p, timeout=timeout, name=n)) for p, n in zip(paths, names, strict=True)]
    write_reports(subs, out)
    return subs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m helpers.grading", description=__doc__.splitlines()[0])
    ap.add_argument("submissions", type=Path, help="folder of submitted .ipynb files (sub-folders are searched)")
    ap.add_argument("--out", type=Path, required=True, help="folder for gradebook.csv and the written answers")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed per notebook (default 120)")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks graded at the same time (default 1)")
    args = ap.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"{args.submissions} is not a folder: give the folder that holds the submitted notebooks.",
              file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("--timeout must be a number of seconds above 0, e.g. --timeout 120.", file=sys.stderr)
        return 2
    subs = grade_folder(args.submissions, args.out, timeout=args.timeout, progress=True, jobs=max(1, args.jobs))
    if not subs:
        print(f"No .ipynb file in {args.submissions}.", file=sys.stderr)
        return 1
    print(f"Graded {len(subs)} notebook(s): see {args.out / 'gradebook.csv'} and {args.out / 'written_answers.md'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
