"""Shared fixtures and helpers: a private copy of the seeds that a test may change freely, HTML checks, CSV rows."""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# The tests check the course's own seeds (and pin their facts): a REDLINES_SEEDS set in the shell for an
# instructor's own sources must not redirect them, nor the notebooks' kernels. Tests that need it set it.
os.environ.pop("REDLINES_SEEDS", None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of seeds/ in a temporary folder."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


class _Balance(HTMLParser):
    VOID = {"br", "img", "hr", "meta", "input", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def assert_well_formed(page: str) -> None:
    """Every tag is closed, in order: a panel cannot swallow the HTML that follows it."""
    parser = _Balance()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"


def add_row(path: Path, row: dict) -> None:
    """Append ``row`` (a dict by column name) to the CSV file at ``path``, in its header's order."""
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with path.open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow([row.get(c, "") for c in header])


def read_lesson(filename: str):
    """(notebook, its markdown cells, its prose with every run of whitespace made one space) of a lesson."""
    nb = nbformat.read(ROOT / "lessons" / filename, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    return nb, markdown, " ".join(" ".join(m.split()) for m in markdown)


def assert_says(prose: str, *phrases: str) -> None:
    """Each phrase (whitespace runs made one space) is in the lesson's prose."""
    for phrase in phrases:
        assert " ".join(phrase.split()) in prose, f"the lesson no longer says: {phrase!r}"


def french_shown(nb):
    """(French, English) of each French passage a notebook's saved HTML outputs show beside its translation."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html", "")
            for m in re.finditer(r'<div lang="fr"[^>]*>(.*?)</div>', page, re.S):
                english = re.search(r'<div lang="en"[^>]*>(.*?)</div>', page[m.end():], re.S)
                yield html.unescape(m.group(1)), html.unescape(english.group(1)) if english else ""


# `make mutate` (tools/mutate.py, mutmut) runs each mutant in a process forked from one that has already run the
# tests, and sets MUTANT_UNDER_TEST. The helpers' caches (the loaded corpus, the actors' pattern) would then hand a
# mutant the results of the unmutated code, and credit only the first test that filled them: empty them before
# every test of a mutation run. An ordinary run starts with empty caches and keeps them.
if "MUTANT_UNDER_TEST" in os.environ:

    @pytest.fixture(autouse=True)
    def _empty_helper_caches():
        for name, module in list(sys.modules.items()):
            if name == "helpers" or name.startswith("helpers."):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
        yield

    # The grader makes its process the reaper of orphans (box.become_subreaper). mutmut runs its first pass of the
    # tests in its own process, which would then collect the kernels a mutant's run leaves and stop on a process
    # it did not start: in a mutation run, the grader's tests leave that to the system.
    @pytest.fixture(autouse=True)
    def _no_subreaper(monkeypatch):
        if "helpers.grading" in sys.modules:
            monkeypatch.setattr(sys.modules["helpers.grading"], "become_subreaper", lambda: False)
        if "helpers.grading.box" in sys.modules:
            monkeypatch.setattr(sys.modules["helpers.grading.box"], "become_subreaper", lambda: False)
        yield


# Submissions for tests/test_grading.py (one crashes, one never ends) are data, not notebooks for nbval.
collect_ignore_glob = ["fixtures/submissions/*"]

# The longest test modules first: `make test` shares whole files between its two workers (--dist loadfile, which
# nbval needs to run a notebook's cells in order in one kernel), so a long file drawn last would leave the other
# worker idle at the end. The order within each file is kept.
SLOW_FIRST = ("test_run_twice.py", "test_speakers.py", "test_browser.py", "test_grading.py",
              "test_exercises_generated.py", "test_checks_04_06.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)) if item.path.parent.name == "tests"
               else len(rank))
