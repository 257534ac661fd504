"""Restart & Run All, twice in a row: what a notebook's first run leaves on disk must not break its second run.

nbval (in ``make test``) runs every notebook once. A notebook can only run differently the second time through
what its first run wrote to disk (``save_my_work`` writes ``my_work/``), so the notebooks that write files are
run twice here, each run in a fresh kernel, in one temporary copy of their folder. A notebook that writes
nothing (found by looking for the calls that write files) sees the same inputs each time; the test of that
list fails if a notebook writes a file without being in it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for f in ("lessons", "exercises", "solutions")
                   for p in (ROOT / f).glob("*.ipynb"))
WRITES = re.compile(r"save_my_work\(|\.to_(?:csv|json|excel|parquet)\(|write_(?:text|bytes)\(|\.save\(|open\(")


def writes_files(path: str) -> bool:
    nb = nbformat.read(ROOT / path, as_version=4)
    return any(WRITES.search(cell.source) for cell in nb.cells if cell.cell_type == "code")


WRITERS = [p for p in NOTEBOOKS if writes_files(p)]


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_notebooks_that_write_files_are_found():
    # lesson 00 shows save_my_work; every exercise and solution notebook ends with it
    assert "lessons/00_start_here.ipynb" in WRITERS
    assert all(p in WRITERS for p in NOTEBOOKS if p.startswith(("exercises/", "solutions/")))


@pytest.mark.parametrize("path", WRITERS)
def test_restart_and_run_all_twice_in_a_row(path: str, tmp_path: Path):
    folder = tmp_path / Path(path).parent.name
    folder.mkdir()
    shutil.copy2(ROOT / path, folder)
    notebook = folder / Path(path).name
    for run in ("first", "second"):
        nb = nbformat.read(notebook, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        try:
            client.execute()  # stops at the first error outside cells tagged raises-exception
        except CellExecutionError as exc:
            pytest.fail(f"{path} fails on its {run} Restart & Run All in the same folder:\n{str(exc)[-1500:]}",
                        pytrace=False)
        if run == "first":
            written = files_under(folder) - {notebook.name}
            assert written, f"{path} calls a function that writes files but wrote none: update WRITES"
    assert files_under(folder) - {notebook.name} == written, "the second run left other files than the first"
