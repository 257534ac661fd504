"""Shared fixtures: a private copy of the seeds that a test may change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of seeds/ in a temporary folder."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


# Submissions for tests/test_grading.py (one crashes, one never ends) are data, not notebooks for nbval.
collect_ignore_glob = ["fixtures/submissions/*"]

# The longest test modules first: `make test` shares whole files between its two workers (--dist loadfile, which
# nbval needs to run a notebook's cells in order in one kernel), so a long file drawn last would leave the other
# worker idle at the end. The order within each file is kept.
SLOW_FIRST = ("test_run_twice.py", "test_browser.py", "test_grading.py", "test_exercises_generated.py",
              "test_checks_04_06.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)) if item.path.parent.name == "tests"
               else len(rank))
