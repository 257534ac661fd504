"""Edges of the checks that mutation testing found unguarded (``make mutate``, tests/mutation.toml).

Each test pins one behaviour a small change of helpers/checks/ would break: the limits of a written answer, what
``register`` gives back, what ``SessionRecord.clear`` forgets, and how ``check_citation`` finds and attributes
the words a student cites.
"""

from __future__ import annotations

import pytest

from helpers import checks, get_source, list_sources
from helpers.checks import CheckResult, core, register, written
from helpers.checks.citations import _speakers_at, check_citation
from helpers.checks.record import SessionRecord, record


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registry: checks registered by a test do not stay."""
    monkeypatch.setattr(core, "_REGISTRY", dict(core.registered()))
    return core._REGISTRY


# --- register ------------------------------------------------------------------------------------------------

def test_register_gives_back_the_function_it_registers(registry):
    def answer_is_three(answer):
        return answer == 3

    assert register("97.1", hint="count again.")(answer_is_three) is answer_is_three
    assert answer_is_three(3) is True  # still the student's function, callable as before
    exercise = registry["97.1"]
    assert (exercise.id, exercise.func, exercise.hint, exercise.hints, exercise.secret, exercise.points) == (
        "97.1", answer_is_three, "count again.", {}, (), 1.0)
    assert core.evaluate("97.1", 3) == CheckResult("97.1", "correct")
    assert core.evaluate("97.1", 4) == CheckResult("97.1", "not_yet", "count again.")


def test_register_keeps_points_hints_and_a_single_secret_as_one_string(registry):
    register("97.2", hint="look again.", secret="twelve", hints={"far": "far off."}, points=2)(lambda a: "far")
    exercise = registry["97.2"]
    assert exercise.secret == ("twelve",) and exercise.points == 2.0 and isinstance(exercise.points, float)
    assert core.evaluate("97.2", 1) == CheckResult("97.2", "not_yet", "far off.")


def test_the_same_function_registered_again_is_no_conflict(registry):
    def same(answer):
        return True

    register("97.3", hint="h.")(same)
    assert register("97.3", hint="h.")(same) is same


# --- written answers -----------------------------------------------------------------------------------------

def test_a_written_answer_of_exactly_the_limit_is_kept_whole():
    text = "mot " * (core.MAX_TEXT // 4 - 1) + "fin."
    assert len(text) == core.MAX_TEXT
    result = written("01.9", text)
    assert result.status == "recorded" and record.written["01.9"] == text
    assert f"({core.MAX_TEXT // 4} words)" in result.message


def test_a_written_answer_one_character_over_the_limit_is_cut_with_a_note():
    text = "mot " * (core.MAX_TEXT // 4 - 1) + "fin.!"
    assert len(text) == core.MAX_TEXT + 1
    assert written("01.9", text).status == "recorded"
    kept = record.written["01.9"]
    assert kept.startswith(text[:core.MAX_TEXT]) and not kept.startswith(text)
    assert kept.endswith("[… the rest was cut: answers are kept up to 50,000 characters]")


def test_min_words_is_a_lower_bound_that_is_reached():
    assert written("01.9", "un deux trois", min_words=3).status == "recorded"
    result = written("01.9", "un deux", min_words=3)
    assert (result.status, result.message) == ("not_yet", "write a little more: at least 3 words.")
    assert "01.9" not in record.written
    assert written("01.9", "un").message == "Answer recorded (1 word) for your instructor to read."


# --- the session record --------------------------------------------------------------------------------------

def test_clear_forgets_results_answers_and_written_answers():
    rec = SessionRecord()
    rec.add(CheckResult("00.1", "correct"), answer="topcor")
    rec.add(CheckResult("00.5", "recorded"), text="Because.", kind="written")
    assert rec.answers == {"00.1": "topcor", "00.5": None} and rec.written == {"00.5": "Because."}
    rec.clear()
    assert (rec.results, rec.answers, rec.written) == ({}, {}, {})
    assert repr(rec) == "No exercise checked yet."


def test_a_check_after_a_written_answer_forgets_the_text():
    rec = SessionRecord()
    rec.add(CheckResult("00.5", "recorded"), text="Because.", kind="written")
    rec.add(CheckResult("00.5", "not_yet", "write a little more."), answer="x")
    assert rec.written == {} and rec.answers == {"00.5": "x"}


# --- check_citation ------------------------------------------------------------------------------------------

VOIE = "de choisir sa propre voie"  # in three sources: voi, afp and rt_cnn


def test_the_words_are_in_three_sources():
    assert [s for s in list_sources() if VOIE in get_source(s).body] == ["voi", "afp", "rt_cnn"]


@pytest.mark.parametrize("named", ["afp", "rt_cnn"])
def test_the_source_the_student_names_is_preferred_when_the_words_are_in_several(named):
    assert check_citation({"quote": VOIE, "source": named}).status == "correct"
    result = check_citation({"quote": VOIE, "source": named}, expected_source="voi")
    assert result.message == checks.CITATION_HINTS["source"]  # the named source is taken, and it is not the one


@pytest.mark.parametrize("expected", ["afp", "rt_cnn", ["rt_cnn"]])
def test_without_a_named_source_the_expected_one_is_preferred(expected):
    assert check_citation(VOIE, expected_source=expected).status == "correct"


def test_the_very_first_words_of_a_body_are_found():
    first = "Washington – Les États-Unis ont déclaré"
    assert get_source("afp").body.startswith(first)
    assert check_citation(first, expected_source="afp").status == "correct"
    assert check_citation(first, expected_source="voi").message == checks.CITATION_HINTS["source"]


def test_words_after_a_quotation_that_ends_with_a_full_stop_are_not_its_speaker_s():
    src = get_source("rt_nrc")
    start = src.body.index("Cependant, Stoltenberg a exclu")
    assert src.body[start - 4:start] == ".\u00a0» "  # the quotation before ends its sentence
    pid = src.passage_at(start)
    assert _speakers_at("rt_nrc", pid, start, start + len("Cependant,")) == set()
    # the words of the quotation itself are his
    quoted = src.body.index("en Ukraine et aux alentours.")
    assert _speakers_at("rt_nrc", pid, quoted, quoted + 10) == {"jens stoltenberg"}


# --- the runner: what a check function returns, and what check() makes of it --------------------------------

@pytest.mark.parametrize("outcome, expected", [
    (True, ("correct", "")),
    (False, ("not_yet", "the default hint.")),
    (None, ("not_yet", "the default hint.")),
    (1, ("not_yet", "the default hint.")),  # only True is correct
    ("far", ("not_yet", "far off.")),
    ("unknown key", ("not_yet", "the default hint.")),
    (CheckResult("other", "correct", "Well read."), ("correct", "Well read.")),
    (CheckResult("other", "recorded", "kept"), ("recorded", "kept")),
    (CheckResult("other", "bogus", "?"), ("not_yet", "the default hint.")),
])
def test_what_a_check_function_returns_becomes_a_result(registry, outcome, expected):
    import numpy as np

    register("97.5", hint="the default hint.", hints={"far": "far off."})(lambda answer: outcome)
    result = core.evaluate("97.5", "an answer")
    assert (result.exercise_id, result.status, result.message) == ("97.5", *expected)
    register("97.6", hint="h.")(lambda answer: np.bool_(outcome is True))
    assert core.evaluate("97.6", "a").status == ("correct" if outcome is True else "not_yet")


def test_a_numpy_array_of_booleans_is_not_a_yes(registry):
    import numpy as np

    register("97.7", hint="h.")(lambda answer: np.array([True]))
    assert core.evaluate("97.7", "a") == CheckResult("97.7", "not_yet", "h.")


def test_a_check_that_raises_gets_the_generic_hint_then_its_own_capitalised(registry):
    def broken(answer):
        raise ZeroDivisionError

    register("97.8", hint="look at the dates.")(broken)
    assert core.evaluate("97.8", 3) == CheckResult("97.8", "not_yet", f"{checks.GENERIC_HINT} Look at the dates.")


def test_an_unknown_exercise_says_how_ids_look_and_whether_checks_failed_to_load(monkeypatch):
    result = core.evaluate("99.9", 3)
    assert result == CheckResult("99.9", "not_yet", "there is no exercise '99.9': copy the id from the exercise's "
                                 "title, e.g. check('01.2', answer).")
    monkeypatch.setitem(core._LOAD_ERRORS, "lesson_99", "SyntaxError")
    assert "(some checks could not be loaded: tell your instructor)" in core.evaluate("99.9", 3).message
    assert core.check(3, "x").exercise_id == "3"  # an id that is not text is shown, not raised on


@pytest.mark.parametrize("answer, blank", [
    (None, True), (..., True), ("", True), ("  Write your answer here. ", True), ("Write your answer", False),
    ("0", False), (0, False), (False, False), ([], True), ([None, ""], True), ([None, "x"], False),
    ({"a": ..., "b": None}, True), ({"a": 1}, False), ((), True), (set(), True), ([[[]]], False),
    ([[None]], True), ("x", False),
])
def test_blank_answers(answer, blank):
    assert core._is_blank(answer) is blank


def test_blank_tables_and_arrays():
    import numpy as np
    import pandas as pd

    assert core._is_blank(pd.DataFrame()) and core._is_blank(pd.Series(dtype=object))
    assert not core._is_blank(pd.DataFrame({"a": [None]}))
    assert core._is_blank(np.array([])) and not core._is_blank(np.array([0]))
    assert not core._is_blank(np.int64(0))  # a numpy number is an answer
    assert not core._is_blank(object())


def test_results_show_their_icon_status_and_message():
    assert str(CheckResult("01.2", "recorded", "Answer recorded.")) == "📝 01.2: Answer recorded."
    assert str(CheckResult("01.2", "correct", "Well read.")) == "✅ 01.2: Correct. Well read."
    assert str(CheckResult("01.2", "not_answered", "Write it.")) == "⏳ 01.2: Not answered yet. Write it."
    assert str(CheckResult("01.2", "odd")) == "❌ 01.2: "
    assert not CheckResult("01.2", "recorded") and not CheckResult("01.2", "not_answered")


def test_the_lesson_modules_are_loaded_once_and_a_broken_one_is_named(monkeypatch):
    monkeypatch.setattr(core, "_loaded", False)
    monkeypatch.setattr(core, "_LOAD_ERRORS", {})
    monkeypatch.setattr(core.importlib, "import_module", lambda name: (_ for _ in ()).throw(ValueError("bad")))
    core._load_lesson_checks()
    assert core._loaded is True
    assert sorted(core._LOAD_ERRORS) == [f"lesson_{n:02}" for n in range(7)]
    assert set(core._LOAD_ERRORS.values()) == {"ValueError: bad"}
    core._LOAD_ERRORS.clear()
    core._load_lesson_checks()  # loaded already: not again
    assert core._LOAD_ERRORS == {}


def test_register_refuses_bad_ids_and_hints(registry):
    from helpers import CourseError

    for bad in (3, "3.1", "03.1 ", "03"):
        with pytest.raises(CourseError, match="Exercise ids look like '03.2'"):
            register(bad, hint="h.")
    for hint in ("", "  ", "two\nlines", 3):
        with pytest.raises(CourseError, match="every hint must be one non-empty line"):
            register("97.9", hint=hint)
    with pytest.raises(CourseError, match="every hint must be one non-empty line"):
        register("97.9", hint="h.", hints={"k": ""})
    with pytest.raises(CourseError, match="reveals the answer 'Twelve'"):
        register("97.9", hint="it is twelve.", secret=["", "Twelve"])
    register("97.9", hint="h.", secret=["", "x"])  # an empty secret reveals nothing
