"""The course's central question: lesson 00 states it, each lesson's Overview says what it adds, lesson 06 answers it.

The answer in lesson 06 cites its evidence: every position id it names is a row of positions.csv, every passage id
a passage of the corpus, and each French quotation is in the passage cited beside it.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT
from helpers import get_source, load_positions

QUESTION = "On 26 January 2022, was there room for a negotiated outcome, and how can these five sources tell us?"
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def overview(name: str) -> str:
    nb = nbformat.read(ROOT / "lessons" / f"{name}.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Overview"))


@pytest.mark.parametrize("name", LESSONS)
def test_every_overview_names_the_question_and_what_the_lesson_adds(name):
    text = overview(name)
    assert QUESTION in text, f"{name}: the Overview does not state the central question"
    adds = re.search(r"This lesson adds (.+)", text.split(QUESTION, 1)[1])
    assert adds and len(adds.group(1).split()) >= 6, f"{name}: say in one sentence what this lesson adds"


def test_lesson_00_states_the_question_for_the_whole_course():
    assert "The whole course works toward one historical question" in overview("00_start_here")


def answer() -> str:
    nb = nbformat.read(ROOT / "lessons" / "06_synthesis.ipynb", as_version=4)
    summary = next(c.source for c in nb.cells if c.source.startswith("## Summary"))
    return summary.split("### Answering the central question", 1)[1]


def test_lesson_06_answers_with_cited_evidence():
    text = answer()
    assert QUESTION in text
    positions = set(load_positions()["position_id"])
    bullets = [b for b in text.split("\n- ")[1:] if "<span" in b]
    assert len(bullets) >= 2, "the answer gives the evidence for and against, each cited"
    for bullet in bullets:
        for m in re.finditer(r'<span lang="fr">(.*?)</span>.*?`([\w-]+)`, `(\w+\.\d+)`', bullet, flags=re.S):
            quote, position_id, pid = m.groups()
            assert position_id in positions, position_id
            assert quote in get_source(pid.split(".")[0]).passage(pid), (quote, pid)
    cited = re.findall(r"`(\w+\.\d+)`", text)
    assert len(cited) == text.count('<span lang="fr">') >= 4, "each French quotation has its passage id"
    sides = load_positions().set_index("position_id")["side"]
    assert {sides[p] for p in re.findall(r"`([a-z_]+-(?:ru|west)-\d+)`", text)} == {"Russia", "US/NATO"}, \
        "both sides' words are cited"
