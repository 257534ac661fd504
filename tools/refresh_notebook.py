"""Execute notebooks in a fresh kernel and save them clean.

Keeps outputs only in cells tagged ``nbval-check-output`` (nbval compares those in ``make test``);
clears every other output, execution counts, and widget state, so committed notebooks stay small and clean.

    .venv/bin/python tools/refresh_notebook.py lessons/03_voices.ipynb [more.ipynb ...]
    .venv/bin/python tools/refresh_notebook.py --clean-only lessons/*.ipynb   # strip without running
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KEEP = "nbval-check-output"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata.pop("widgets", None)
    kept = 0
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if KEEP in cell.metadata.get("tags", []):
            # nbval needs an execution count on a cell whose output it compares ("unrun reference cell")
            kept += 1
            cell.execution_count = kept
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = kept
                out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
        else:
            cell.outputs = []
            cell.execution_count = None
    return nb


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--clean-only", action="store_true")
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args(argv)
    for path in args.paths:
        nb = nbformat.read(path, as_version=4)
        if not args.clean_only:
            NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(clean(nb), path)
        print(f"refreshed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
