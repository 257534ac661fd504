"""Edges of the checks that mutation testing found unguarded (``make mutate``, tests/mutation.toml).

Each test pins one behaviour a small change of helpers/checks/ would break: the limits of a written answer, what
``register`` gives back, what ``SessionRecord.clear`` forgets, and how ``check_citation`` finds and attributes
the words a student cites.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import checks, get_source, list_sources
from helpers.checks import CheckResult, check, core, register, written
from helpers.checks.citations import check_citation, speakers_at
from helpers.checks.record import SessionRecord, record
from helpers.errors import CourseError


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


def test_register_with_the_function_registers_it_at_once_and_gives_it_back(registry):
    def answer_is_four(answer):
        return "far" if answer > 10 else answer == 4

    assert register("97.4", answer_is_four, hint="count again.", hints={"far": "far off."}) is answer_is_four
    assert registry["97.4"].func is answer_is_four and registry["97.4"].hints == {"far": "far off."}
    assert core.evaluate("97.4", 4) == CheckResult("97.4", "correct")
    assert core.evaluate("97.4", 12) == CheckResult("97.4", "not_yet", "far off.")
    with pytest.raises(CourseError, match="registered twice"):
        register("97.4", lambda answer: True, hint="h.")


def test_no_lesson_check_is_a_decorated_function():
    """mutmut (make mutate) does not mutate decorated functions: a check registered with @register would go
    unmeasured. The lesson modules register each check after it, with register("NN.k", function, ...)."""
    import ast

    folder = Path(core.__file__).parent
    modules = sorted(folder.glob("lesson_*.py"))
    assert len(modules) == 7
    calls = 0
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        decorated = [f"{path.name}: {n.name}" for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and any(not ast.unparse(d).startswith("_mutmut") for d in n.decorator_list)]  # mutmut adds its own
        assert not decorated, f"register these after the function instead: {decorated}"
        calls += sum(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "register" and len(n.args) == 2
                     for n in ast.walk(tree))
    assert calls == len([i for i in core.registered() if i[:2] in {f"0{k}" for k in range(7)}])


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
    assert speakers_at("rt_nrc", pid, start, start + len("Cependant,")) == set()
    # the words of the quotation itself are his
    quoted = src.body.index("en Ukraine et aux alentours.")
    assert speakers_at("rt_nrc", pid, quoted, quoted + 10) == {"jens stoltenberg"}


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
    assert core.is_blank(answer) is blank


def test_blank_tables_and_arrays():
    import numpy as np
    import pandas as pd

    assert core.is_blank(pd.DataFrame()) and core.is_blank(pd.Series(dtype=object))
    assert not core.is_blank(pd.DataFrame({"a": [None]}))
    assert core.is_blank(np.array([])) and not core.is_blank(np.array([0]))
    assert not core.is_blank(np.int64(0))  # a numpy number is an answer
    assert not core.is_blank(object())


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


# --- check_citation: the forms of an answer and each refusal -------------------------------------------------

from helpers.checks.citations import citation_fields, speaker_names  # noqa: E402
from helpers.checks.readers import Digest  # noqa: E402

NOUS = "Nous ne serons pas détournés de cette question"  # afp.4, Blinken's


def test_the_parts_of_a_citation_answer():
    import pandas as pd

    assert citation_fields(" afp.4 ") == {"pid": "afp.4"}
    assert citation_fields("afp.4 x") == {"quote": "afp.4 x"}
    assert citation_fields({" Passage_ID ": " afp.4 ", "Speaker": " Blinken ", "SOURCE": "afp"}) == {
        "pid": "afp.4", "speaker": "Blinken", "source": "afp"}
    assert citation_fields({"quote": "  les mots  ", "text": "other", "id": 3, "words": ""}) == {
        "quote": "  les mots  "}
    assert citation_fields({"speaker": "Blinken"}) == "shape" and citation_fields({}) == "shape"
    assert citation_fields(3) == "shape"
    row = pd.DataFrame({"passage_id": ["afp.4"], "quote": [NOUS]})
    assert citation_fields(row) == {"pid": "afp.4", "quote": NOUS} == citation_fields(row.iloc[0])
    assert citation_fields(pd.concat([row, row])) == "table" and citation_fields(row.iloc[:0]) == "table"


def test_a_speaker_is_named_by_any_alias_of_actors_csv():
    assert speaker_names("Blinken") == {"antony blinken"} == speaker_names("  antony   BLINKEN ")
    assert speaker_names("Somebody Else") == {"somebody else"}


@pytest.mark.parametrize("answer, expected", [
    ("afp.4", "correct"), ("afp.04", "correct"), ("afp.25", "correct"), ("afp.0", "passage"), ("afp.26", "passage"),
    ({"passage_id": "afp.4", "quote": NOUS}, "correct"),
    ({"passage_id": "afp.4", "quote": f"«\u00a0{NOUS}\u00a0»"}, "correct"),
    ({"passage_id": "afp.4", "quote": "Le risque de conflit est réel"}, "not_in_passage"),
    ({"passage_id": "afp.4", "quote": "ce mot n'est nulle part"}, "missing"),
    ({"passage_id": "afp.4", "quote": NOUS, "source": "voi"}, "claimed_source"),
    ({"quote": NOUS, "source": "afp", "speaker": "Blinken"}, "correct"),
    (f"« {NOUS} »", "correct"), (f'"{NOUS}"', "correct"), (NOUS.replace("é", "e"), "almost"),
])
def test_citation_answers_and_what_they_get(answer, expected):
    result = check_citation(answer, exercise_id="05.1")
    assert result.exercise_id == "05.1"
    if expected == "correct":
        assert (result.status, result.message) == ("correct", ""), result
    else:
        assert (result.status, result.message) == ("not_yet", checks.CITATION_HINTS[expected])


def test_min_words_and_the_words_a_passage_must_contain():
    assert check_citation("Nous ne").message == checks.CITATION_HINTS["short"]
    assert check_citation("Nous ne", min_words=2).status == "correct"
    assert check_citation("Nous ne serons", min_words=4).message == checks.CITATION_HINTS["short"]
    assert check_citation("Nous ne serons", min_words=3).status == "correct"
    assert check_citation("afp.4", must_contain=["détournés", "QUESTION"]).status == "correct"
    assert check_citation("afp.4", must_contain=["détournés", "Ukraine"]).message == checks.CITATION_HINTS["topic"]


def test_the_expected_speaker_may_be_a_digest_of_their_name():
    assert check_citation(NOUS, expected_speaker=Digest.of("Antony Blinken")).status == "correct"
    assert check_citation(NOUS, expected_speaker=Digest.of("Jens Stoltenberg")).message == (
        checks.CITATION_HINTS["speaker"])
    assert check_citation("afp.4", expected_speaker="Blinken").status == "correct"  # a whole passage
    assert check_citation("afp.3", expected_speaker="Blinken").message == checks.CITATION_HINTS["speaker"]


# --- the record and save_my_work -----------------------------------------------------------------------------

def test_jsonable_summaries():
    import datetime as dt
    import math

    import numpy as np
    import pandas as pd

    from helpers.checks.record import _jsonable

    assert [_jsonable(v) for v in (None, True, 3, 2**53 - 1, 2**53, ..., 1.5, math.inf, "é")] == [
        None, True, 3, 2**53 - 1, str(2**53), None, 1.5, "inf", "é"]
    assert _jsonable("x" * 2000) == "x" * 2000 and _jsonable("x" * 2001) == "x" * 2000 + " [… cut]"
    assert _jsonable(dt.date(2022, 1, 26)) == "2022-01-26"
    assert _jsonable(pd.Timestamp("2022-01-26")) == "2022-01-26"
    assert _jsonable(pd.Timestamp("2022-01-26 14:05")) == "2022-01-26 14:05:00"
    assert _jsonable(np.int64(7)) == 7 and _jsonable(np.float64("nan")) == "nan"
    table = pd.DataFrame({"id": range(60), "x": ["a"] * 60})
    summary = _jsonable(table)
    assert (summary["type"], summary["shape"], summary["columns"], len(summary["rows"]), summary["rows"][1]) == (
        "DataFrame", [60, 2], ["id", "x"], 50, [1, "a"])
    assert _jsonable(pd.Series([1], name="n"))["type"] == "Series"
    assert _jsonable({1: [1, (2, {3})]}) == {"1": [1, [2, {"type": "set", "repr": "{3}"}]]}  # three levels deep
    assert _jsonable([(2, {3})]) == [[2, [3]]]
    assert _jsonable({"a": {"b": {"c": {"d": 1}}}}) == {"a": {"b": {"c": {"type": "dict", "repr": "{'d': 1}"}}}}
    assert len(_jsonable(list(range(80)))) == 50 and len(_jsonable({i: i for i in range(80)})) == 50
    assert _jsonable(len) == {"type": "builtin_function_or_method", "repr": "<built-in function len>"}
    assert _jsonable(type("Long", (), {"__repr__": lambda self: "r" * 3000})())["repr"] == "r" * 2000


@pytest.mark.parametrize("session, results, filename, stem", [
    ("/home/jovyan/exercises/01_sources.ipynb", [], None, "01_sources"),
    ("/home/jovyan/x.txt", [], None, "my_work"),
    ("", ["01.2", "00.1", "03.1", "notanid"], None, "lesson_00_01_03"),
    ("", [], "  my notes.ipynb ", "my_notes"),
    ("", [], "...", "my_work"),
    ("", [], "a/b/été 2022.md", "été_2022"),
])
def test_the_name_of_the_saved_work(monkeypatch, session, results, filename, stem):
    import sys

    record_module = sys.modules["helpers.checks.record"]
    monkeypatch.setenv("JPY_SESSION_NAME", session)
    rec = SessionRecord()
    for eid in results:
        rec.add(CheckResult(eid, "correct"))
    monkeypatch.setattr(record_module, "record", rec)
    assert record_module._stem(filename) == stem


def test_the_markdown_of_the_saved_work():
    from helpers.checks.record import _markdown

    data = {"notebook": "n", "saved_at": "2022-01-26 10:00 UTC",
            "checks": {"00.1": {"status": "not_answered"}, "00.2": {"status": "odd"}},
            "written": {"00.5": "Because."},
            "answers": {"t": {"columns": ["a|b", "c"], "rows": [["x\ny", 1]]}, "n": 3}}
    assert _markdown(data) == (
        "# My work: n\n\nSaved 2022-01-26 10:00 UTC.\n\n## Checks\n\n- ⏳ **00.1**: not answered\n-  **00.2**: odd\n\n"
        "## Written answer 00.5\n\nBecause.\n\n## t\n\n| a\\|b | c |\n| --- | --- |\n| x y | 1 |\n\n"
        "## n\n\n```\n3\n```\n")


def test_save_my_work_says_how_many_and_fails_clearly(tmp_path, monkeypatch, capsys):
    from helpers import CourseError
    from helpers.checks import save_my_work

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "")
    record.clear()
    written("00.5", "Because.")
    save_my_work(filename="one")
    assert capsys.readouterr().out.startswith("Saved 1 answer in my_work/one.md (to read) and my_work/one.json")
    (tmp_path / "my_work").rename(tmp_path / "elsewhere")
    (tmp_path / "my_work").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(CourseError) as err:
        save_my_work()
    assert str(err.value) == (f"Could not write to {tmp_path / 'my_work'} (File exists). Download the notebook itself "
                              "instead: File > Download.")
    record.clear()


# --- the hand-over to the grader ------------------------------------------------------------------------------

from helpers.checks import handover  # noqa: E402


@pytest.mark.parametrize("value, encoded", [
    (None, None), (..., {"$ellipsis": True}), (True, True), (3, 3), (2**63 - 1, 2**63 - 1),
    (2**63, {"$int": str(2**63)}), (-(2**63), {"$int": str(-(2**63))}), (1.5, 1.5), (float("inf"), {"$float": "inf"}),
    ("é", "é"), ([1, "a"], {"$list": [1, "a"]}), ((1,), {"$tuple": [1]}), (frozenset([2]), {"$set": [2]}),
    ({"k": (1,)}, {"$dict": [["k", {"$tuple": [1]}]]}),
])
def test_the_encoded_form_of_plain_values(value, encoded):
    assert handover.encode(value) == encoded
    back = handover.decode(encoded)
    assert back == value or back is value


def test_the_encoded_form_of_dates_numbers_and_tables():
    import datetime as dt

    import numpy as np
    import pandas as pd

    assert handover.encode(np.bool_(True)) is True and handover.encode(np.int64(7)) == 7
    assert handover.encode(np.float32(0.5)) == 0.5 and handover.encode(np.float64("nan")) == {"$float": "nan"}
    assert handover.encode(dt.date(2022, 1, 26)) == {"$date": "2022-01-26"}
    assert handover.encode(dt.datetime(2022, 1, 26, 10)) == {"$timestamp": "2022-01-26T10:00:00"}
    assert handover.encode(pd.NaT) == {"$timestamp": None} and handover.decode({"$timestamp": None}) is pd.NaT
    assert handover.encode(np.datetime64("2022-01-26")) == {"$timestamp": "2022-01-26T00:00:00"}
    assert handover.encode(np.datetime64("NaT", "ns")) == {"$timestamp": None}
    assert handover.encode(dt.timedelta(seconds=1)) == {"$timedelta": 1_000_000_000}
    assert handover.decode({"$timedelta": None}) is pd.NaT
    assert handover.decode({"$timedelta": 1_000_000_000}) == pd.Timedelta(seconds=1)
    assert handover.encode(pd.Index(["a"], name=3)) == {"$index": ["a"], "name": "3"}
    assert handover.encode(pd.Index(["a"])) == {"$index": ["a"], "name": None}
    assert handover.decode({"$index": ["a"], "name": "n"}).equals(pd.Index(["a"], name="n"))
    assert handover.encode(pd.array([1, 2], dtype="Int64")) == {"$array": [1, 2]}
    assert handover.decode({"$array": [1, 2]}).dtype != object
    assert handover.decode({"$array": [1, "a"]}).dtype == object and handover.decode({"$array": [{"$dict": []}]}
                                                                                   ).dtype == object
    series = pd.Series([1, 2], name=5)
    encoded = handover.encode(series)
    assert encoded["name"] == "5" and "$series" in encoded
    back = handover.decode(encoded)
    assert back.name == "5" and back.tolist() == [1, 2]
    assert handover.encode(pd.Series([1]))["name"] is None and handover.encode(pd.DataFrame({"a": [1]}))["name"] is None
    frame = pd.DataFrame({1: [1]})
    frame.index.name = 7
    back = handover.decode(handover.encode(frame))
    assert list(back.columns) == ["1"] and back.index.name == "7"


def test_what_cannot_be_handed_over_and_why():
    import numpy as np
    import pandas as pd

    def why(value):
        return handover.encode(value)["$unreadable"]

    assert why(pd.DataFrame([[1, 2]], columns=["a", "a"])) == "a table whose columns have the same name"
    assert why(pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([(1, 2)]))) == (
        "a table with a several-level index")
    assert why(pd.DataFrame({"a": range(handover.MAX_ITEMS + 1)})) == "too large"
    assert why(np.zeros(handover.MAX_ITEMS + 1)) == "too large"
    assert why(list(range(handover.MAX_ITEMS))) == "too large"  # the list itself counts too
    nested = 1
    for _ in range(handover.MAX_DEPTH):
        nested = [nested]
    assert handover.decode(handover.encode(nested)) == nested  # as deep as allowed
    assert why([nested]) == "nested too deeply"
    assert why(object()) == "a object" and why("x" * (handover.MAX_BYTES + 1)) == "too large"
    for data, message in [([1], "a bare list"), ({"$a": 1, "$b": 2, "$c": 3}, "not an encoded answer"),
                          ("{}", None), ({"$list": "x"}, "$list"), ({"$what": 1}, "unknown kind $what"),
                          ({"$unreadable": "a socket"}, "a socket"), ({"$int": "x"}, "a value that could not be "
                                                                                      "read back (ValueError)")]:
        if message is None:
            assert handover.decode(data) == "{}"
            continue
        with pytest.raises(handover.Unreadable) as err:
            handover.decode(data)
        assert str(err.value) == message


def test_an_answer_too_deep_for_the_decoder_is_refused():
    data = 1
    for _ in range(handover.MAX_DEPTH + 3):
        data = {"$list": [data]}
    with pytest.raises(handover.Unreadable, match="nested too deeply"):
        handover.decode(data)
    data = 1
    for _ in range(handover.MAX_DEPTH + 2):
        data = {"$list": [data]}
    assert handover.decode(data) is not None


def test_hand_over_appends_one_line_per_answer_and_never_raises(tmp_path, monkeypatch):
    import json

    monkeypatch.delenv(handover.ENV_VAR, raising=False)
    handover.hand_over("00.1", "check", "afp")  # no grader: nothing written, nothing raised
    log = tmp_path / "h.jsonl"
    monkeypatch.setenv(handover.ENV_VAR, str(log))
    handover.hand_over("00.1" * 10, "check", "é")
    handover.hand_over("00.2", "written", float("nan"))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"exercise": ("00.1" * 5), "kind": "check", "answer": "é"},
                                              {"exercise": "00.2", "kind": "written", "answer": {"$float": "nan"}}]
    assert "é" in lines[0]  # kept as text, not escaped
    monkeypatch.setenv(handover.ENV_VAR, str(tmp_path / "missing" / "h.jsonl"))
    handover.hand_over("00.1", "check", "afp")  # cannot write: the notebook goes on


# --- the answer readers -------------------------------------------------------------------------------------

from helpers.checks import readers  # noqa: E402


def test_as_list_and_texts_take_every_list_like_form():
    import numpy as np
    import pandas as pd

    assert readers.as_list(pd.Series(["a"])) == ["a"] and readers.as_list(pd.Index(["a"])) == ["a"]
    assert readers.as_list(np.array(["a", "b"])) == ["a", "b"] and readers.as_list(np.array([["a"]])) is None
    assert readers.as_list(pd.array(["a", None], dtype="string")) == ["a", None]
    assert readers.as_list(("a",)) == ["a"] and readers.as_list(frozenset(["a"])) == ["a"]
    assert readers.as_list("ab") is None and readers.as_list(pd.DataFrame({"a": [1]})) is None
    assert readers.texts(np.array(["afp"])) == ["afp"] and type(readers.texts(np.array(["afp"]))[0]) is str
    assert readers.texts(["a", 1]) is None and readers.texts("a") is None and readers.texts([]) == []


@pytest.mark.parametrize("value, expected", [
    (3, 3.0), (2.5, 2.5), (True, None), (np_bool := __import__("numpy").bool_(True), None),
    (__import__("numpy").int64(4), 4.0), (__import__("numpy").float32(0.5), 0.5), (float("nan"), None),
    (float("inf"), None), ("3", None), (None, None)])
def test_number(value, expected):
    assert readers.number(value) == expected if expected is not None else readers.number(value) is None


def test_spaced_and_repeats():
    assert readers.spaced("  a \n b\t") == "a b" and readers.spaced("A") == "A"
    assert readers.has_repeats(["a", " a "]) and not readers.has_repeats(["a", "A"])
    assert readers.has_repeats([1, 1]) and not readers.has_repeats([1, 2])
    assert readers.has_repeats([[1], [1]]) is False  # unhashable: no repeat can be told


def test_normalised_and_digests():
    assert readers.normalised("  L’Élysée «\u00a0dit\u00a0» \n ") == 'l\'elysee " dit "'
    assert readers.Digest.of("Élysée") == readers.Digest.of(" elysee ") != readers.Digest.of("elysees")
    assert len(readers.Digest.of("x")) == 32 and not readers.Digest.of("x").matches(3)


def test_fields_of_a_dict_a_series_or_a_row():
    import pandas as pd

    names = {"id": ("position_id", "id"), "url": ("url",)}
    assert readers.fields({"Position ID": " a ", "ID": "b", "url": " "}, names) == {"id": "a"}
    assert readers.fields({"id": "b", "position_id": 3}, names) == {"id": "b"}
    assert readers.fields(pd.Series({"url": "u"}), names) == {"url": "u"}
    assert readers.fields(pd.DataFrame({"url": ["u"]}), names) == {"url": "u"}
    assert readers.fields(pd.DataFrame({"url": ["u", "v"]}), names) is None
    assert readers.fields(["u"], names) is None


def test_as_ids_from_lists_and_tables():
    import pandas as pd

    assert readers.as_ids([" 'Enlargement' ", '"SANCTIONS"'], "issue_id") == {"enlargement", "sanctions"}
    table = pd.DataFrame({"issue_id": ["a"], "x": [1]})
    assert readers.as_ids(table, "issue_id") == {"a"}
    assert readers.as_ids(table.set_index("issue_id"), "issue_id") == {"a"}
    assert readers.as_ids(table, "other") == "columns"
    assert readers.as_ids("a", "issue_id") == "type" and readers.as_ids([], "issue_id") == "type"
    assert readers.as_ids(["a", 1], "issue_id") == "type"


def test_by_side_and_ids_per_side():
    import pandas as pd

    assert readers.by_side(pd.Series({"RUSSIA": 1, "us/nato": 2})) == {"Russia": 1, "US/NATO": 2}
    assert readers.by_side([1, 2]) == "type"
    assert readers.by_side({"Russia": 1}) == "keys" and readers.by_side({"Russia": 1, "russia": 2}) == "keys"
    assert readers.by_side({"Russia": 1, "US/NATO": 2, 3: 4}) == "keys"
    assert readers.ids_per_side({"Russia": ("Sanctions",), "US/NATO": []}, ["sanctions", "x"]) == {
        "Russia": {"sanctions"}, "US/NATO": set()}
    assert readers.ids_per_side({"Russia": ["nope"], "US/NATO": []}, ["sanctions"]) == "unknown"
    assert readers.ids_per_side({"Russia": "sanctions", "US/NATO": []}, ["sanctions"]) == "type"
    assert readers.ids_per_side({"Russia": []}, ["sanctions"]) == "keys"


def test_whole_number():
    import numpy as np

    assert [readers.whole_number(v) for v in (3, 3.0, 3.5, np.int64(3), np.float64(2.0), np.bool_(True), True,
                                              "3", np.array([3]))] == [3, 3, None, 3, 2, None, None, None, None]


# --- more of the runner --------------------------------------------------------------------------------------

def test_a_blank_answer_is_not_answered_without_calling_the_check(registry):
    calls = []
    register("97.11", hint="h.")(lambda answer: calls.append(answer) or True)
    for blank in (..., None, "  ", [], {"a": None}):
        assert core.evaluate("97.11", blank) == CheckResult("97.11", "not_answered")
    assert calls == []


def test_the_exact_message_when_lesson_checks_failed_to_load(monkeypatch):
    monkeypatch.setitem(core._LOAD_ERRORS, "lesson_99", "SyntaxError")
    assert core.evaluate("99.9", 3).message == (
        "there is no exercise '99.9' (some checks could not be loaded: tell your instructor): copy the id from the "
        "exercise's title, e.g. check('01.2', answer).")


def test_a_numpy_object_without_a_dtype_is_a_wrong_answer_not_a_crash(registry):
    import numpy as np

    register("97.12", hint="h.")(lambda answer: np.add)  # a numpy ufunc: no dtype
    assert core.evaluate("97.12", 1) == CheckResult("97.12", "not_yet", "h.")


def test_odd_objects_are_not_blank():
    class Sized:
        size = 0

    class Odd(str):
        def strip(self, *args):
            raise RuntimeError("strip")

    assert not core.is_blank(Sized()) and not core.is_blank(Odd(""))


def test_ids_that_are_not_text_are_shown_cut_to_20_characters(monkeypatch):
    monkeypatch.delenv(handover.ENV_VAR, raising=False)
    assert check(10**30, "x").exercise_id == repr(10**30)[:20] == "1" + "0" * 19
    assert written(10**30, "x").exercise_id == "1" + "0" * 19
    assert written(3, "x").exercise_id == "3"
    assert written("01.9", "x").exercise_id == "01.9"


def test_written_keeps_and_hands_over_an_answer_that_is_not_recorded(tmp_path, monkeypatch):
    import json

    log = tmp_path / "h.jsonl"
    monkeypatch.setenv(handover.ENV_VAR, str(log))
    record.clear()
    assert written("01.9", 12).status == "not_yet"
    assert record.answers["01.9"] == 12 and "01.9" not in record.written
    assert written("01.8", "Because.").status == "recorded"
    assert record.answers["01.8"] is None and record.written["01.8"] == "Because."
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert lines == [{"exercise": "01.9", "kind": "written", "answer": 12},
                     {"exercise": "01.8", "kind": "written", "answer": "Because."}]
    record.clear()


def test_evaluate_written_defaults_to_one_word_and_reads_odd_text_as_not_text():
    class Odd(str):
        def strip(self, *args):
            raise RuntimeError("strip")

    assert core.evaluate_written("01.9", "Oui")[0].status == "recorded"
    result, kept = core.evaluate_written("01.9", Odd("some words"))
    assert (result, kept) == (CheckResult("01.9", "not_yet", 'write your answer as text, between triple quotes: '
                                          '""" … """.'), None)


def test_registered_sorts_ids_as_numbers(registry):
    register("97.10", hint="h.")(lambda a: True)
    register("97.9", hint="h.")(lambda a: True)
    register("97.9a", hint="h.")(lambda a: True)
    ids = [i for i in core.registered() if i.startswith("97.")]
    assert ids == ["97.9", "97.9a", "97.10"]


# --- speakers_at on a text of our own: which quotation gives words their speaker ----------------------------

class _Src:
    def __init__(self, body):
        self.body = body


@pytest.fixture
def text_of_our_own(monkeypatch):
    """speakers_at reads extract_quotes, reported_speech and get_source: give it a body and quotations."""
    import pandas as pd

    import helpers.analysis.quotes
    import helpers.data.corpus

    state = {"body": "", "quotes": [], "reported": []}

    def quotes(source_id):
        return pd.DataFrame([{"source_id": "s", "passage_id": p, "quote": "", "start": a, "end": b, "speaker": w}
                             for p, a, b, w in state["quotes"]], columns=["source_id", "passage_id", "quote",
                                                                         "start", "end", "speaker"])

    def reported(source_id):
        assert source_id == "s"
        return pd.DataFrame([{"source_id": "s", "passage_id": p, "speaker": w, "sentence": t}
                             for p, w, t in state["reported"]], columns=["source_id", "passage_id", "speaker",
                                                                         "sentence"])

    monkeypatch.setattr(helpers.analysis.quotes, "extract_quotes", quotes)
    monkeypatch.setattr(helpers.analysis.quotes, "reported_speech", reported)
    monkeypatch.setattr(helpers.data.corpus, "get_source", lambda sid: _Src(state["body"]))
    return state


def test_words_touching_a_quotation_take_its_speaker_but_not_the_one_beside(text_of_our_own):
    text_of_our_own["body"] = "x" * 200
    text_of_our_own["quotes"] = [("s.1", 0, 6, "B"), ("s.1", 10, 20, "A")]
    assert speakers_at("s", "s.1", 4, 10) == {"b"}  # overlaps B's only; A's starts where the words end
    text_of_our_own["quotes"] = [("s.1", 10, 20, "A")]
    assert speakers_at("s", "s.1", 20, 24) == {"a"}  # right after A, which does not end a sentence


def test_words_right_after_a_quotation_ending_a_sentence_are_nobody_s(text_of_our_own):
    text_of_our_own["body"] = "x" * 19 + "." + "y" * 100
    text_of_our_own["quotes"] = [("s.1", 10, 20, "A")]
    assert speakers_at("s", "s.1", 20, 25) == set()
    assert speakers_at("s", "s.1", 19, 25) == {"a"}  # overlapping it


@pytest.mark.parametrize("span, expected", [
    ((90, 100), {"a"}),  # the quotation starts where the words end
    ((11, 21), {"a"}),  # 79 characters before it
    ((10, 20), set()),  # 80: too far
])
def test_words_before_a_quotation_within_80_characters(text_of_our_own, span, expected):
    text_of_our_own["body"] = "x" * 300
    text_of_our_own["quotes"] = [("s.1", 100, 110, "A")]
    assert speakers_at("s", "s.1", *span) == expected


def test_a_sentence_end_between_the_words_and_the_quotation_cuts_them_apart(text_of_our_own):
    text_of_our_own["body"] = "x" * 30 + ". " + "x" * 100
    text_of_our_own["quotes"] = [("s.1", 40, 50, "A")]
    assert speakers_at("s", "s.1", 10, 20) == set()
    assert speakers_at("s", "s.1", 33, 38) == {"a"}


@pytest.mark.parametrize("span, expected", [
    ((20, 30), {"a"}),  # right after a quotation that does not end a sentence
    ((60, 70), {"a"}),  # 40 characters after it
    ((99, 109), {"a"}),  # 79
    ((100, 110), set()),  # 80: too far
])
def test_words_after_a_quotation_within_80_characters(text_of_our_own, span, expected):
    text_of_our_own["body"] = "x" * 300
    text_of_our_own["quotes"] = [("s.1", 10, 20, "A")]
    assert speakers_at("s", "s.1", *span) == expected


def test_only_the_characters_after_a_quotation_s_last_one_count_as_its_sentence_end(text_of_our_own):
    text_of_our_own["body"] = "x" * 11 + ".B" + "x" * 100  # the quotation [10, 13) holds a full stop before its end
    text_of_our_own["quotes"] = [("s.1", 10, 13, "A")]
    assert speakers_at("s", "s.1", 15, 20) == {"a"}


def test_the_nearest_quotation_on_each_side_and_after_before_before(text_of_our_own):
    text_of_our_own["body"] = "x" * 300
    text_of_our_own["quotes"] = [("s.1", 10, 20, "A"), ("s.1", 30, 40, "B"), ("s.1", 60, 70, "C"),
                                 ("s.1", 80, 90, "D")]
    assert speakers_at("s", "s.1", 45, 55) == {"c"}  # after first: the next quotation, not the one before
    text_of_our_own["quotes"] = [("s.1", 10, 20, "A"), ("s.1", 30, 40, "B")]
    assert speakers_at("s", "s.1", 45, 55) == {"b"}  # the nearest before
    text_of_our_own["quotes"] = [("s.1", 60, 70, "C"), ("s.1", 80, 90, "D"), ("s.2", 56, 58, "E")]
    assert speakers_at("s", "s.1", 45, 55) == {"c"}  # the nearest after, in the same passage


def test_reported_speech_speaks_when_no_quotation_does(text_of_our_own):
    body = "Blinken a averti la Russie. " + "x" * 100
    text_of_our_own["body"] = body
    text_of_our_own["quotes"] = [("s.1", 50, 60, "")]  # a quotation nobody is given
    text_of_our_own["reported"] = [("s.1", "Antony Blinken", "Blinken a averti la Russie."),
                                   ("s.2", "Sergey Lavrov", "Blinken a averti la Russie."),
                                   ("s.1", "Jens Stoltenberg", "Tout autre chose.")]
    assert speakers_at("s", "s.1", 0, 10) == {"antony blinken"}  # the words are in that sentence
    assert speakers_at("s", "s.1", 0, 40) == {"antony blinken"}  # the sentence is in the words
    assert speakers_at("s", "s.1", 52, 58) == set()  # in the quotation: reported speech elsewhere does not count
    # a whole passage: its quotations' speakers and its reported speech together
    text_of_our_own["quotes"] = [("s.1", 50, 60, "Q")]
    assert speakers_at("s", "s.1", None, None) == {"q", "antony blinken", "jens stoltenberg"}
    assert speakers_at("s", "s.1", 52, 58) == {"q"}  # a quotation's own speaker: no reported speech added


def test_check_citation_defaults_and_its_first_passage():
    assert check_citation(None).exercise_id == "citation" and check_citation("afp.4").exercise_id == "citation"
    assert check_citation(None, exercise_id="05.1") == CheckResult("05.1", "not_answered")
    assert check_citation("afp.1").status == "correct"
    assert check_citation("afp.4", must_contain="détournés").status == "correct"
    assert check_citation("afp.4", must_contain="détournés ukraine").message == checks.CITATION_HINTS["topic"]


def test_a_claimed_speaker_is_checked_even_when_none_is_expected():
    assert check_citation({"quote": NOUS, "speaker": "Blinken"}).status == "correct"
    assert check_citation({"quote": NOUS, "speaker": "Lavrov"}).message == checks.CITATION_HINTS["claimed_speaker"]


def test_an_answer_that_breaks_the_check_gets_the_shape_hint():
    class Key:
        def __str__(self):
            raise RuntimeError("str")

    assert check_citation({Key(): "x", "quote": NOUS}) == CheckResult("citation", "not_yet",
                                                                      checks.CITATION_HINTS["shape"])


def test_a_speaker_is_named_by_a_title_alias_too():
    assert speaker_names("secrétaire général de l'OTAN") == {"jens stoltenberg"}


def test_the_record_shows_its_results_in_the_order_of_the_exercises():
    rec = SessionRecord()
    for eid in ("01.10", "00.1", "01.2"):
        rec.add(CheckResult(eid, "correct"))
    rec.add(CheckResult("00.1", "not_yet", "h."))  # ❌ would sort after ✅ if the text were the key
    assert repr(rec) == "❌ 00.1: Not yet — hint: h.\n✅ 01.2: Correct.\n✅ 01.10: Correct."


def test_jsonable_depth_inside_tables_and_numpy_values():
    import numpy as np
    import pandas as pd

    from helpers.checks.record import _jsonable

    assert _jsonable(pd.DataFrame({"a": [[1]]}))["rows"] == [[{"type": "list", "repr": "[1]"}]]  # cells: 3 deep
    held = np.empty((), dtype=object)
    held[()] = [[1]]
    assert _jsonable(held) == [[1]]  # a numpy value: what it holds, at the same depth
    assert _jsonable([[held]]) == [[[{"type": "list", "repr": "[1]"}]]]

    class Item:
        def item(self):
            return 5

        def __repr__(self):
            return "Item()"

    assert _jsonable(Item()) == {"type": "Item", "repr": "Item()"}  # not numpy: its item() is not called


def test_the_saved_work_in_full(tmp_path, monkeypatch, capsys):
    import datetime as dt
    import json
    import re
    import time

    from helpers import CourseError
    from helpers.checks import save_my_work

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "")
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # the time saved is UTC, not the machine's
    time.tzset()
    try:
        record.clear()
        check("00.2", 25)  # correct: ✅ sorts before ❌, the order must be the ids'
        check("00.1", "afp")
        written("01.10", "Dix.")
        written("01.9", "Neuf, déjà.")
        before = dt.datetime.now(dt.UTC)
        path = save_my_work({"n": {"é": [1]}})
        after = dt.datetime.now(dt.UTC)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
        record.clear()
    text = (tmp_path / path).read_text(encoding="utf-8")
    data = json.loads(text)
    assert path.name == "lesson_00_01.json"
    saved = dt.datetime.strptime(data["saved_at"], "%Y-%m-%d %H:%M UTC").replace(tzinfo=dt.UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", data["saved_at"])
    assert before.replace(second=0, microsecond=0) <= saved <= after
    assert list(data["checks"]) == ["00.1", "00.2", "01.9", "01.10"] and list(data["written"]) == ["01.9", "01.10"]
    assert data["checks"]["00.1"]["message"] and set(data["checks"]["00.1"]) == {"status", "message", "answer"}
    assert text == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    assert '"Neuf, déjà."' in text
    md = (tmp_path / "my_work" / "lesson_00_01.md").read_text(encoding="utf-8")
    assert md.endswith('## n\n\n```\n{\n "é": [\n  1\n ]\n}\n```\n')
    assert capsys.readouterr().out == (
        "Saved 4 answers in my_work/lesson_00_01.md (to read) and my_work/lesson_00_01.json (for your instructor).\n"
        "On Binder, download them before you close the tab: in the file browser on the left, open the folder "
        "my_work, right-click each file and choose Download. Download this notebook too: File > Download.\n")
    with pytest.raises(CourseError) as err:
        save_my_work([1])
    assert str(err.value) == ("save_my_work() takes a dict of what to save, e.g. save_my_work({'dates': dates}), "
                              "or nothing at all.")
    with pytest.raises(CourseError) as err:
        save_my_work(filename=" ")
    assert str(err.value) == ("save_my_work(filename=...) takes a name as text, e.g. "
                              "save_my_work(filename='01_sources').")


def test_a_saved_name_keeps_its_letters():
    import sys

    stem = sys.modules["helpers.checks.record"]._stem
    assert stem("X.ipynb") == "X" and stem("_x_.md") == "x" and stem("XX") == "XX"


def test_ids_sort_as_numbers_and_name_their_lesson():
    from helpers.checks.ids import ID_RE, lesson_of, natural_key

    assert sorted(["01.10", "01.2", "01.2a", "00.9", "10.1"], key=natural_key) == [
        "00.9", "01.2", "01.2a", "01.10", "10.1"]
    assert natural_key("01.2a") == ("", 1, ".", 2, "a") and natural_key(3) == ("", 3, "")
    assert lesson_of("03.2") == "03" and lesson_of(3.25) == "3."
    assert [bool(ID_RE.match(i)) for i in ("03.2", "04.1b", "3.2", "03.2bc", "03.", "03.2\n", "a03.2")] == [
        True, True, False, False, False, False, False]


def test_charts_and_dates_come_back_as_what_they_were():
    import datetime as dt

    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    encoded = handover.encode(chart)
    assert set(encoded) == {"$altair"} and encoded["$altair"]["mark"]["type"] == "point"
    back = handover.decode(encoded)
    assert type(back) is alt.Chart and back.to_dict()["encoding"] == chart.to_dict()["encoding"]
    layered = handover.decode(handover.encode(chart + chart))
    assert type(layered) is alt.LayerChart and len(layered.layer) == 2
    assert handover.decode({"$date": "2022-01-26"}) == dt.date(2022, 1, 26)
    assert handover.decode({"$float": "-inf"}) == float("-inf")
    assert handover.decode({"$int": str(2**70)}) == 2**70
    assert handover.decode({"$ellipsis": True}) is ...
    assert handover.decode({"$set": [1, 2]}) == {1, 2} and handover.decode({"$tuple": []}) == ()
    assert handover.decode({"$dict": [[{"$list": [1]}, {"$set": [2]}]]}) == {(1,): {2}}
    assert handover.decode({"$dict": [[{"$set": [1]}, 2]]}) == {frozenset([1]): 2}
    assert handover.decode({"$timestamp": "2022-01-26T10:00:00"}) == pd.Timestamp("2022-01-26 10:00")


def test_words_said_twice_in_a_source_are_read_where_the_answer_places_them():
    words = "Blinken a déclaré qu"  # in afp.6 (before Blinken's quotation) and afp.7 (no quotation near)
    body = get_source("afp").body
    assert body.count(words) == 2
    assert check_citation(words, expected_speaker="Blinken").status == "correct"  # the first place
    assert check_citation({"passage_id": "afp.6", "quote": words}, expected_speaker="Blinken").status == "correct"
    assert check_citation({"passage_id": "afp.7", "quote": words}, expected_speaker="Blinken").message == (
        checks.CITATION_HINTS["speaker"])  # the second place, in the passage named


# --- readers: the shapes of answers ---------------------------------------------------------------------------

def test_by_side_matches_keys_without_case_or_spaces_and_refuses_a_side_twice_or_an_unknown_one():
    from helpers.checks.readers import by_side

    assert by_side({" R ussia ": 1, "us / nato": 2}) == {"Russia": 1, "US/NATO": 2}
    assert by_side({"Russia": 1, "russia": 2, "US/NATO": 3}) == "keys"  # the same side twice
    assert by_side({"Russia": 1, "EU": 2}) == "keys"  # two keys, one of them no side
    assert by_side({"Russia": 1, 7: 2}) == "keys"


def test_ids_per_side_reads_each_side_after_an_empty_one_and_a_table_by_its_issue_id_column():
    import pandas as pd

    from helpers.checks.readers import as_ids, ids_per_side

    known = ["sanctions", "enlargement"]
    assert ids_per_side({"Russia": [], "US/NATO": ["sanctions"]}, known) == {"Russia": set(), "US/NATO": {"sanctions"}}
    table = pd.DataFrame({"issue_id": ["Enlargement"], "side": ["Russia"]})
    assert ids_per_side({"Russia": table, "US/NATO": ()}, known) == {"Russia": {"enlargement"}, "US/NATO": set()}
    assert ids_per_side({"Russia": table.rename(columns={"issue_id": "x"}), "US/NATO": []}, known) == "type"
    assert as_ids(["Xsanctions'", '"Enlargement"'], "issue_id") == {"xsanctions", "enlargement"}  # quotes only


def test_normalised_makes_curly_single_quotes_straight():
    from helpers.checks.readers import normalised

    assert normalised("‘l’OTAN’") == "'l'otan'"
