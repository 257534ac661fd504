"""The rubric of every written answer: five criteria, three levels each.

Students see it next to each written question (:func:`rubric_markdown`, pasted into the exercise notebooks and
pinned by ``tests/unit/grading/test_rubric.py``); the grader's ``written_answers.csv`` has one empty column per
criterion (:data:`COLUMNS`) beside the student's text, for the instructor to fill with a level; ``INSTRUCTORS.md``
gives a short model answer per level for each written exercise.

>>> COLUMNS
['claim', 'evidence_cited', 'sourcing', 'balance', 'what_was_knowable']
"""

from __future__ import annotations

__all__ = ["COLUMNS", "CRITERIA", "LEVELS", "rubric_markdown"]

LEVELS = ("1 beginning", "2 developing", "3 secure")

#: criterion -> (what it asks, and one line per level)
CRITERIA: dict[str, tuple[str, tuple[str, str, str]]] = {
    "Claim": ("answers the question asked, in a sentence a reader can check",
              ("no clear claim, or one that answers another question",
               "a claim, but vague or broader than the evidence",
               "a precise claim that answers the question, with its limits")),
    "Evidence cited": ("rests on the sources' own words, cited by passage id",
                       ("no citation, or words not in the sources",
                        "some words cited, but not all claims supported, or ids missing",
                        "each claim rests on words quoted verbatim with their passage id")),
    "Sourcing": ("says who speaks, through which outlet and translation",
                 ("the outlet's words taken as the speaker's",
                  "the outlet or translation named, but its effect not weighed",
                  "speaker, outlet and translation named, and what each link may change")),
    "Balance": ("gives both sides, or the evidence for and against, the same care",
                ("one side or one reading only",
                 "both sides, but not with the same care or precision",
                 "both sides in their own words, equally attributed, alternatives weighed")),
    "What was knowable": ("uses only what could be known on the date asked about",
                          ("hindsight: later events used as evidence",
                           "the date kept, but not said what could not yet be known",
                           "says what was and was not knowable then, and how sure the dates are")),
}
COLUMNS = [name.casefold().replace(" ", "_") for name in CRITERIA]


def rubric_markdown() -> str:
    """The rubric as a Markdown table (the text under each written question of the exercise notebooks)."""
    lines = ["**How this answer is read** (rubric: each criterion at level 1, 2 or 3):", "",
             f"| criterion | {' | '.join(LEVELS)} |", "| --- | --- | --- | --- |"]
    for name, (asks, levels) in CRITERIA.items():
        lines.append(f"| **{name}**: {asks} | {' | '.join(levels)} |")
    return "\n".join(lines)
