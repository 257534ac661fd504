"""Exercise checks: one call per exercise says ✅ correct, ⏳ not answered yet, or ❌ not yet with a hint.

The package: the registry and runner (``core``), the answer readers shared by every lesson (``readers``), the
citation checks (``citations``), the student's record (``record``), the hand-over to the grader (``handover``),
the ids and placeholders (``ids``), and one module per lesson (``lesson_NN``).

>>> check("00.1", "topcor")
✅ 00.1: Correct.
>>> check("00.1", ...)
⏳ 00.1: Not answered yet.
>>> written("00.5", "The AFP wire is the only one that ...")  # doctest: +SKIP
📝 00.5: Answer recorded (9 words) for your instructor to read.

A check never raises and never shows the answer: whatever it is given (None, NaN, a table with the wrong
columns, an exception), it returns a :class:`CheckResult` whose hint is fixed text written to teach.
Every result and written answer of the session is kept in :data:`record`; :func:`save_my_work` writes them
to ``my_work/`` so that a student can download them from Binder.

Adding the checks of lesson NN (for course authors)
---------------------------------------------------
Create ``helpers/checks/lesson_NN.py`` (e.g. ``lesson_03.py``). It is imported the first time a check is used, so
nothing else needs editing::

    from helpers.checks.core import register
    from helpers.checks.citations import check_citation

    def _most_quoted(answer):
        if not isinstance(answer, str):
            return "type"                      # a key of hints=: that hint is shown
        counts = extract_quotes("voi")["speaker"].value_counts()
        return answer.strip() == counts.index[0]   # True: correct; False: the default hint


    register("07.2", _most_quoted,
             hint="look at the speaker column of extract_quotes('voi') and count each name once.",
             hints={"type": "give the name as text, between quotes."})


    def _cite(answer):
        return check_citation(answer, expected_speaker=..., expected_source="voi")


    register("07.4", _cite, hint="find a quote whose speaker column names the person asked about.")

``register`` also works as a decorator (``@register("07.2", hint=...)``), but the lesson modules register after
the function: mutmut (``make mutate``) does not mutate decorated functions, so a decorated check goes untested by it.

A check computes what it expects from the data, so that no answer is written in the code students have.
A check function returns True (correct), False (not yet: the default ``hint``), the name of one of its
``hints`` (not yet: that hint), or a :class:`CheckResult` (e.g. from :func:`check_citation`). Any exception it
raises becomes "not yet" with a generic hint.

The answers themselves are never in this package: each check computes what it expects from the data. The strings
no message may ever reveal (the answer, its parts) are kept for the instructor in ``solutions/check_secrets.json``,
which ``tests/unit/checks/test_checks.py`` reads to feed every check hostile input and assert that no hint reveals
them; a student copy has neither. While a grader runs the notebook (``$REDLINES_HANDOVER`` is set), each call also hands
the answer over as JSON (:mod:`helpers.checks.handover`); the grader then checks it again with its own copy of
these checks, so nothing the notebook changes here can set a score.
"""

from __future__ import annotations

from helpers.checks.citations import CITATION_HINTS, check_citation
from helpers.checks.core import (
    GENERIC_HINT,
    ICONS,
    STATUSES,
    CheckResult,
    Exercise,
    check,
    register,
    registered,
    written,
)
from helpers.checks.ids import ID_RE, MD_PLACEHOLDER, PLACEHOLDER_TEXT, natural_key
from helpers.checks.record import SessionRecord, record, save_my_work

__all__ = [
    "CheckResult", "PLACEHOLDER_TEXT", "check", "check_citation", "record", "register", "registered",
    "save_my_work", "written",
]
_ = (CITATION_HINTS, GENERIC_HINT, ICONS, STATUSES, Exercise, ID_RE, MD_PLACEHOLDER, SessionRecord, natural_key)
