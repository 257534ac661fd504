"""Edges of the lesson checks (helpers/checks/lesson_00.py … lesson_06.py) that mutation testing found unguarded.

``make mutate MODULES=checks_lesson_01`` measures one module against the tests of this folder; each test here pins a
behaviour that a small change of a check would break and the other tests did not see: the right answer in each form
the exercise allows, the hint of each plausible mistake, and the boundaries of what a check accepts.
"""

from __future__ import annotations

from helpers import extract_quotes
from helpers.checks import check, registered


def hint(exercise_id: str, key: str | None = None) -> str:
    exercise = registered()[exercise_id]
    return exercise.hint if key is None else exercise.hints[key]


# --- lesson 00 -----------------------------------------------------------------------------------------------

def test_00_4_takes_a_quote_of_blinken_in_the_afp_article_only():
    quotes = extract_quotes()
    blinken = quotes[quotes["speaker"] == "Antony Blinken"]
    assert set(blinken["source_id"]) == {"afp"} and len(blinken) == 5
    for row in blinken.itertuples():
        assert check("00.4", row.quote).status == "correct"
        assert check("00.4", row.passage_id).status == "correct"
    stoltenberg = quotes[(quotes["speaker"] == "Jens Stoltenberg") & (quotes["source_id"] == "afp")].iloc[0]
    result = check("00.4", stoltenberg.quote)
    assert result.status == "not_yet" and "does not give these words to the person" in result.message
    elsewhere = check("00.4", "voi.3")  # a passage of another article
    assert elsewhere.status == "not_yet" and "not in the article this exercise asks about" in elsewhere.message
    assert check("00.4", ...).status == "not_answered"
