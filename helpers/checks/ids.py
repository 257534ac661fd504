"""The one definition of an exercise id, of the answer placeholders and of the order of exercises.

Shared by the checks, the grader and ``tools/make_exercises.py`` (which imports this file by path, so it
needs nothing but the standard library).

>>> bool(ID_RE.match("03.2")), bool(ID_RE.match("3.2"))
(True, False)
>>> sorted(["01.10", "01.2", "01.2a"], key=natural_key)
['01.2', '01.2a', '01.10']
"""

from __future__ import annotations

import re

__all__ = ["ID_PATTERN", "ID_RE", "MD_PLACEHOLDER", "PLACEHOLDER_TEXT", "lesson_of", "natural_key"]

#: An exercise id: the lesson's two digits, a dot, the exercise's number, perhaps a letter ("03.2", "04.1b").
ID_PATTERN = r"\d\d\.\d+[a-z]?"
ID_RE = re.compile(rf"^{ID_PATTERN}\Z")  # \Z: "03.2\n" is no id ($ would take it)
#: What an exercise notebook holds where a written answer goes (in code, between triple quotes).
PLACEHOLDER_TEXT = "Write your answer here."
#: The same, in a markdown cell.
MD_PLACEHOLDER = f"*{PLACEHOLDER_TEXT}*"


def natural_key(exercise_id: str) -> tuple:
    """Sort key that puts '01.2' before '01.10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(exercise_id)))


def lesson_of(exercise_id: str) -> str:
    """The lesson an exercise id belongs to: '03' for '03.2'."""
    return str(exercise_id)[:2]
