"""Shared fixtures and helpers: a private copy of the seeds that a test may change freely, HTML checks, CSV rows."""

from __future__ import annotations

import csv
import datetime
import functools
import html
import numbers
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import nbformat
import pandas as pd
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


# ---------------------------------------------------------------- facts in the prose
# A prose test pins what a sentence states (its numbers, dates, ids, names), not its wording: `assert_states` passes
# when all the facts appear together in one paragraph (or one sentence) of the lesson, whatever the words around
# them, so a copy edit keeps it passing while a changed number or date, or a dropped fact, fails it.

_UNICODE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'", "\u2018": "'",
                          "\u201c": '"', "\u201d": '"', "\u2212": "-", "\u2013": "-", "\u2014": "-"})
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty").split()
_ITEM = re.compile(r"^(?:[-*+] |\d{1,2}\. |\||#)")  # a list item, a table row or a heading starts a unit of its own
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!e\.g\.)(?<!i\.e\.)(?<!\bcf\.)(?<!\bvs\.)\s+")


def normalise(text: str) -> str:
    """Prose as the fact checks read it: no markdown emphasis, backticks or HTML tags, one kind of space, apostrophe,
    quotation mark and dash, and every run of whitespace one space."""
    text = re.sub(r"<br\s*/?>", " ", text.translate(_UNICODE))
    text = re.sub(r"<[^>]+>", "", text).replace("**", "").replace("*", "").replace("`", "")
    return " ".join(text.split())


def prose_units(markdown, within: str = "paragraph") -> tuple[str, ...]:
    """The normalised paragraphs of markdown (a cell's source or a list of them), one per list item, table row and
    heading too; with ``within="sentence"``, its sentences."""
    return _units((markdown,) if isinstance(markdown, str) else tuple(markdown), within)


@functools.lru_cache(maxsize=32)
def _units(cells: tuple[str, ...], within: str) -> tuple[str, ...]:
    assert within in ("paragraph", "sentence"), within
    units: list[list[str]] = []
    for cell in cells:
        new = True
        for line in cell.splitlines():
            line = re.sub(r"^\s*(?:> ?)+", "", line) if line.lstrip().startswith(">") else line
            if not line.strip():
                new = True
            elif new or _ITEM.match(line.strip()):
                units.append([line])
                new = bool(line.strip().startswith(("|", "#")))
            else:
                units[-1].append(line)
    paragraphs = tuple(normalise(" ".join(u)) for u in units)
    if within == "paragraph":
        return paragraphs
    return tuple(s for p in paragraphs for s in _sentences(p))


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; a heading or a table row is one, and "1." of a numbered item starts the next."""
    if paragraph.startswith(("#", "|")):
        return [paragraph]
    pieces = _SENTENCE_END.split(paragraph)
    if len(pieces) > 1 and re.fullmatch(r"(?:[-*+] )?\d{1,2}\.", pieces[0]):
        pieces[:2] = [f"{pieces[0]} {pieces[1]}"]
    return pieces


def _spellings(fact) -> list[str]:
    """The ways the prose may write a fact: an int as digits (1,000 too) or as a word; a date as "24 December 2021",
    "24 December", "24 Dec 2021" or "2021-12-24"; anything else as its own (normalised) text."""
    if isinstance(fact, bool):
        raise TypeError("a fact is a number, a date or words, not a bool")
    if isinstance(fact, numbers.Integral):  # numpy's integers too
        fact = int(fact)
        out = [str(fact), f"{fact:,}"]
        return out + ([NUMBER_WORDS[fact]] if 0 <= fact < len(NUMBER_WORDS) else [])
    if isinstance(fact, (datetime.date, pd.Timestamp)):
        ts = pd.Timestamp(fact)
        return [f"{ts.day} {month} {ts.year}" for month in (f"{ts:%B}", f"{ts:%b}")] + [f"{ts:%Y-%m-%d}"]
    return [normalise(str(fact))]


NEAR = 3  # words at most between the parts of a tuple fact


def _fact_pattern(fact) -> re.Pattern:
    if isinstance(fact, Spelled):
        return fact.pattern
    if isinstance(fact, re.Pattern):
        return fact
    if isinstance(fact, tuple):  # parts tied together, like a count and what it counts: in order, close together
        gap = rf"[^\w]+(?:[\w'.-]+[^\w]+){{0,{NEAR}}}?"
        return re.compile(gap.join(f"(?:{_fact_pattern(part).pattern})" for part in fact), re.IGNORECASE)
    alternatives = []
    for text in dict.fromkeys(_spellings(fact)):
        core = re.escape(text)
        if text[:1].isalnum() or text[:1] == "_":  # whole words: "3" is not in "13", "afp.2" not in "afp.25"
            core = r"(?<![\w])(?<![\w][.,:])" + core
        if text[-1:].isalnum() or text[-1:] == "_":
            core += r"(?![\w])(?![.,:][\w])"
        alternatives.append(core)
    if isinstance(fact, (datetime.date, pd.Timestamp)):  # the year may be left out, but never be another year
        ts = pd.Timestamp(fact)
        alternatives += [rf"(?<![\w]){ts.day} {month}(?![\w])(?! \d{{4}})" for month in (f"{ts:%B}", f"{ts:%b}")]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _shown(fact) -> str:
    if isinstance(fact, Spelled):
        return repr(fact.shown)
    if isinstance(fact, re.Pattern):
        return fact.pattern
    if isinstance(fact, tuple):
        return "(" + " near ".join(_shown(part) for part in fact) + ")"
    return " or ".join(repr(s) for s in dict.fromkeys(_spellings(fact)))


class Spelled(NamedTuple):
    """A fact with its own pattern, and the words a failure shows for it."""

    pattern: re.Pattern
    shown: str


def weekday_and_date(ts, short: bool = False) -> Spelled:
    """A date and its weekday as one fact, the weekday right before the date: "Friday 24 December 2021" or "Friday,
    24 December" (short: "Fri 24 Dec 2021")."""
    ts = pd.Timestamp(ts)
    weekday = f"{ts:%a}" if short else f"{ts:%A}"
    return Spelled(re.compile(rf"(?<![\w]){weekday},? (?:{_fact_pattern(ts).pattern})", re.IGNORECASE),
                   f"{weekday} {ts.day} {ts:%b %Y}")


def stated(markdown, *facts, within: str = "paragraph") -> str | None:
    """The first paragraph (or sentence) of ``markdown`` that holds every fact, or None."""
    patterns = [_fact_pattern(f) for f in facts]
    return next((u for u in prose_units(markdown, within) if all(p.search(u) for p in patterns)), None)


def assert_states(markdown, *facts, within: str = "paragraph") -> None:
    """Every fact (an int, a date, or words: a name, an id like ``e14``, "90%") is in one paragraph (or sentence) of
    the lesson's markdown, in any order and with any words around them. A tuple of facts must also stand in its
    order with at most NEAR words between them, to tie a number to what it counts: ``(12, "afp")``."""
    assert facts, "name the facts the prose states"
    if stated(markdown, *facts, within=within) is not None:
        return
    patterns = [_fact_pattern(f) for f in facts]
    closest = max(prose_units(markdown, within), key=lambda u: sum(bool(p.search(u)) for p in patterns))
    missing = [_shown(f) for f, p in zip(facts, patterns, strict=True) if not p.search(closest)]
    raise AssertionError(f"no {within} of the lesson states all of {', '.join(_shown(f) for f in facts)}; the closest, "
                         f"{closest[:300]!r}, lacks {', '.join(missing)}")


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


# Submissions for tests/unit/grading/test_grading.py (one crashes, one never ends) are data, not notebooks for nbval.
collect_ignore_glob = ["fixtures/submissions/*"]

# The longest test modules first: `make test` shares whole files between its two workers (--dist loadfile, which
# nbval needs to run a notebook's cells in order in one kernel), so a long file drawn last would leave the other
# worker idle at the end. The order within each file is kept.
SLOW_FIRST = ("test_run_twice.py", "test_speakers.py", "test_browser.py", "test_grading.py",
              "test_exercises_generated.py", "test_checks_04_06.py")

# Tests marked slow, which `make test-fast` leaves out: the system tests (a browser, Binder's build, fresh virtual
# environments, a student copy) and the few others that start many processes. `make test` runs them all.
SLOW = ("system",)
SLOW_FILES = ("test_grading_hostile.py", "test_run_twice.py")


def pytest_collection_modifyitems(items):
    tests = Path(__file__).resolve().parent
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    for item in items:
        path = item.path.resolve()
        if path.is_relative_to(tests) and (path.relative_to(tests).parts[0] in SLOW or path.name in SLOW_FILES):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
