"""Run one notebook inside its box (a program of its own: ``python runner.py BOX TIMEOUT CELL_CAP NOTEBOOK_CAP``).

The grader starts this file, by its path, in the box's private folder, with a clean environment and the box's
limits. It imports nothing from the course: it runs ``BOX/submission.ipynb`` in a fresh kernel, cell after cell
(a cell that raises does not stop the run) within TIMEOUT seconds in all, keeps at most CELL_CAP bytes of output
per cell and NOTEBOOK_CAP in all, and writes ``BOX/executed.ipynb`` and ``BOX/run.json`` (status, problem, whether
output was cut). What it writes is information for the instructor, never a score: the grader scores the answers
the checks handed over (``$REDLINES_HANDOVER``), with its own copy of the checks.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

CUT_NOTE = "[… output cut by the grader: more than {} kB in this {}]\n"


def where(nb: nbformat.NotebookNode, n: int) -> str:
    """A cell as an instructor can find it: its number from the top and its first line of code."""
    source = nb.cells[n - 1].source if 0 < n <= len(nb.cells) else ""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return f"cell {n}" + (f" ({lines[0][:60]})" if lines else "")


class CappedClient(NotebookClient):
    """A notebook client that keeps at most ``cell_cap`` bytes of output per cell and ``total_cap`` in all."""

    def __init__(self, nb, cell_cap: int, total_cap: int, **kwargs):
        super().__init__(nb, **kwargs)
        self.cell_cap, self.total_cap = cell_cap, total_cap
        self.sizes: dict[int, int] = {}
        self.total = 0
        self.cut: set[int] = set()

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        used = self.sizes.get(cell_index, 0)
        if used + size > self.cell_cap or self.total + size > self.total_cap:
            if cell_index not in self.cut:
                self.cut.add(cell_index)
                what = ("cell", self.cell_cap) if used + size > self.cell_cap else ("notebook", self.total_cap)
                outs.append(nbformat.v4.new_output("stream", name="stderr",
                                                   text=CUT_NOTE.format(what[1] // 1000, what[0])))
            return None
        self.sizes[cell_index] = used + size
        self.total += size
        return super().output(outs, msg, display_id, cell_index)


def main(box: Path, timeout: float, cell_cap: int, total_cap: int) -> None:
    report = {"status": "ok", "problem": "", "cut": []}
    nb = nbformat.read(box / "submission.ipynb", as_version=4)
    client = CappedClient(nb, cell_cap, total_cap, timeout=max(1, math.ceil(timeout)), kernel_name="python3",
                          allow_errors=True, shutdown_kernel="immediate", resources={"metadata": {"path": str(box)}})
    current = 0
    try:
        with client.setup_kernel():
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
        report["status"] = "timeout"
        report["problem"] = f"stopped after {timeout:g} s, in {where(nb, current)}: an endless loop?"
    except DeadKernelError:
        report["status"], report["problem"] = "kernel died", f"the kernel died in {where(nb, current)}"
    except Exception as err:  # noqa: BLE001 - say what happened, the grader goes on
        report["status"] = "failed"
        report["problem"] = f"could not run {where(nb, current)}: {type(err).__name__}: {str(err)[:200]}"
    report["cut"] = [where(nb, i + 1) for i in sorted(client.cut)]
    nbformat.write(nb, box / "executed.ipynb")
    (box / "run.json").write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
