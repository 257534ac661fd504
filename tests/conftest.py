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
