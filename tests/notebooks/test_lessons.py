"""What every lesson shares: the skeleton of STYLE.md, its time to learn, clean outputs, offline charts."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT

# Issue 10: a student new to Python needs 90 to 120 minutes per lesson (lesson 00, an introduction, less).
MINUTES = {"00_start_here": 45, "01_sources": 100, "02_timeline": 105, "03_voices": 110, "04_positions": 120,
           "05_words": 100, "06_synthesis": 120}
SKELETON = ["## Overview", "## Prerequisites", "## Time to learn", "## Imports", "## Summary", "## What's next"]
CHECK = "nbval-check-output"
LIVE = {"application/vnd.jupyter.widget-view+json", "application/vnd.vegalite.v5+json", "application/vnd.vega.v5+json"}


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "lessons" / f"{name}.ipynb", as_version=4)


def headings(nb) -> list[str]:
    return [line.strip() for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
            if line.startswith("## ")]


def test_every_lesson_is_listed():
    assert sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb")) == sorted(MINUTES)


def test_time_to_learn_is_paced_for_a_student_new_to_python():
    assert 11 * 60 <= sum(MINUTES.values()) <= 13 * 60
    assert all(90 <= m <= 120 for name, m in MINUTES.items() if name != "00_start_here")


@pytest.mark.parametrize("name", MINUTES)
def test_skeleton(name):
    nb = read(name)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "the first cell is the title"
    titles = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
              if re.match(r"^# \S", line)]
    assert len(titles) == 1, titles
    heads = headings(nb)
    assert heads[:4] == SKELETON[:4] and heads[-2:] == SKELETON[-2:], heads
    assert len(heads) >= len(SKELETON) + 2, "at least two sections between Imports and Summary"


@pytest.mark.parametrize("name", MINUTES)
def test_time_to_learn(name):
    nb = read(name)
    i = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Time to learn"))
    assert f"{MINUTES[name]} minutes for a student new to Python" in nb.cells[i].source + nb.cells[i + 1].source


@pytest.mark.parametrize("name", MINUTES)
def test_sections_are_separated_by_rules(name):
    cells = read(name).cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## Imports"))
    for i, c in enumerate(cells[start + 1:], start=start + 1):
        if c.cell_type == "markdown" and c.source.startswith("## ") and not c.source.startswith("## What's next"):
            assert cells[i - 1].source.strip() == "---", f"no --- before {c.source.splitlines()[0]!r}"


@pytest.mark.parametrize("name", MINUTES)
def test_imports_cell_enables_offline_charts(name):
    cells = read(name).cells
    k = next(i for i, c in enumerate(cells) if c.source.startswith("## Imports"))
    code = next(c for c in cells[k + 1:] if c.cell_type == "code").source
    assert "from helpers import" in code and "enable_offline_charts()" in code


@pytest.mark.parametrize("name", MINUTES)
def test_committed_clean(name):
    """Outputs only where nbval compares them (with a count, or nbval calls the cell unrun); no widget state."""
    nb = read(name)
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK in cell.metadata.get("tags", []):
            assert cell.outputs and cell.execution_count is not None, cell.source[:60]
            for out in cell.outputs:
                assert out["output_type"] != "error" and not set(out.get("data", {})) & LIVE, cell.source[:60]
        else:
            assert not cell.outputs and cell.execution_count is None, f"stray output: {cell.source[:60]!r}"


@pytest.mark.parametrize("name", list(MINUTES)[:-1])
def test_whats_next_links_the_next_lesson(name):
    nxt = list(MINUTES)[list(MINUTES).index(name) + 1]
    assert f"{nxt}.ipynb" in read(name).cells[-1].source
