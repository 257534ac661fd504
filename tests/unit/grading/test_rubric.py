"""The rubric of written answers: beside every written question, in INSTRUCTORS.md with models, in the grader's CSV."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT
from helpers.grading.rubric import COLUMNS, CRITERIA, LEVELS, rubric_markdown

EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
INSTRUCTORS = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")


def written_ids(path) -> list[str]:
    return list(nbformat.read(path, as_version=4).metadata["redlines"]["written"])


def test_the_rubric_has_five_criteria_at_three_levels():
    assert list(CRITERIA) == ["Claim", "Evidence cited", "Sourcing", "Balance", "What was knowable"]
    assert len(LEVELS) == 3 and all(len(levels) == 3 for _, levels in CRITERIA.values())
    assert COLUMNS == ["claim", "evidence_cited", "sourcing", "balance", "what_was_knowable"]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_students_see_the_rubric_next_to_every_written_question(path):
    nb = nbformat.read(path, as_version=4)
    ids = written_ids(path)
    assert ids
    for eid in ids:
        question = next(c.source for c in nb.cells if c.cell_type == "markdown"
                        and re.match(rf"^## {re.escape(eid)}\b", c.source))
        assert rubric_markdown() in question, f"{path.name} {eid}: the rubric is not under the question"


def test_instructors_get_the_table_and_a_model_answer_per_level_for_each_written_answer():
    section = INSTRUCTORS.split("### The rubric for written answers", 1)[1].split("\n### ", 1)[0]
    for name, (asks, levels) in CRITERIA.items():
        assert f"| **{name}**: {asks} | {' | '.join(levels)} |" in section, name
    for eid in [i for p in EXERCISES for i in written_ids(p)]:
        models = section.split(f"**{eid} ", 1)[1].split("\n**", 1)[0]
        assert [int(n) for n in re.findall(r"^(\d)\. ", models, flags=re.M)] == [1, 2, 3], eid
