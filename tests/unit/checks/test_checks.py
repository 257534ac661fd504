"""Exercise checks: never crash, never reveal the answer, teach with fixed hints; written answers; save my work.

The hostile-input tests iterate over the whole registry, so the checks of every lesson
(helpers/checks/lesson_NN.py) are covered as soon as they are registered. The strings no message may reveal are
the instructor's (solutions/check_secrets.json): a student copy has none, and the tests that need them skip there.
Every hostile answer is also handed over as the grader receives it (helpers.checks.handover) and checked again.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers import CourseError, checks, extract_quotes, get_source, load_sources
from helpers.checks import (
    CheckResult,
    check,
    check_citation,
    core,
    handover,
    record,
    register,
    registered,
    save_my_work,
    written,
)

ALLOWED = {"correct", "not_answered", "not_yet"}


class Evil:
    """An answer whose every operation raises."""

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        raise RuntimeError("hash")

    def __bool__(self):
        raise RuntimeError("bool")

    def __len__(self):
        raise RuntimeError("len")

    def __iter__(self):
        raise RuntimeError("iter")

    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")

    def __getattr__(self, name):
        raise RuntimeError(name)


HOSTILE = {
    "nan": math.nan, "inf": math.inf, "neg_int": -1, "zero": 0, "huge_int": 10**100, "true": True, "complex": 3j,
    "empty_str": "", "spaces": " \n\t ", "huge_str": "x" * 1_000_000, "huge_unicode": "«\u00a0ça’» " * 100_000,
    "newlines": "a\nb\r\nc", "bytes": b"topcor", "none_str": "None", "pid_like": "afp.999999999999",
    "bad_pid": "nope.1", "wrong_df": pd.DataFrame({"x": [1, 2], "y": ["a", "b"]}),
    "df_nan": pd.DataFrame({"id": [math.nan], "published": [None]}),
    "df_cols_wrong_type": pd.DataFrame({"id": [1, 2, 3], "published": ["a", "b", "c"]}),
    "multiindex_df": pd.DataFrame({("a", "b"): [1]}), "series": pd.Series([1, 2, 3]),
    "str_series": pd.Series({"quote": 3, "passage_id": None}), "exception": ValueError("boom"),
    "exception_class": KeyError, "evil": Evil(), "list": [1, "a", None], "nested": [[...], {"a": ...}, 1],
    "dict": {"quote": 12, "passage_id": ["afp.1"]}, "set": {1, 2}, "np_array": np.arange(5),
    "np_nan": np.float64("nan"), "np_int": np.int64(7), "path": Path("/tmp"), "func": len, "module": math,
    "na": pd.NA, "nat": pd.NaT, "timestamp": pd.Timestamp("2021-12-24"), "generator": (i for i in range(3)),
}
BLANKS = {"ellipsis": ..., "none": None, "empty": "", "spaces": "  ", "placeholder": "Write your answer here.",
          "empty_list": [], "empty_dict": {}, "empty_df": pd.DataFrame(), "list_of_blanks": [..., ...],
          "dict_of_blanks": {"date": ..., "why": ...}}


def revealed(result: CheckResult, exercise) -> list[str]:
    text = f"{result.message} {result}".casefold()
    return [s for s in exercise.secret if s and s.casefold() in text]


def assert_safe(result, exercise) -> None:
    assert isinstance(result, CheckResult)
    assert result.status in ALLOWED, result
    assert result.exercise_id == exercise.id
    line = str(result)
    assert "\n" not in line and repr(result) == line
    assert not revealed(result, exercise), f"{exercise.id} revealed {revealed(result, exercise)}: {line}"


SECRETS_FILE = Path(__file__).resolve().parents[3] / "solutions" / "check_secrets.json"
SECRETS = json.loads(SECRETS_FILE.read_text(encoding="utf-8")) if SECRETS_FILE.is_file() else {}
needs_secrets = pytest.mark.skipif(not SECRETS, reason="a student copy: the answer strings are not shipped")
EXERCISES = [dataclasses.replace(e, secret=tuple(SECRETS.get(e.id, ()))) for e in registered().values()]


def test_the_registry_has_the_examples_and_no_broken_lesson_module():
    assert {"00.1", "00.2", "00.3", "00.4"} <= set(registered())
    assert core._LOAD_ERRORS == {}


def test_no_answer_string_is_in_the_student_facing_code():
    for path in (Path(helpers.__file__).parent / "checks").glob("*.py"):
        assert "secret=[" not in path.read_text(encoding="utf-8"), path.name
    assert all(not e.secret for e in registered().values())


@needs_secrets
def test_every_check_has_its_answer_strings_for_the_tests():
    assert set(SECRETS) == {e.id for e in EXERCISES}
    for exercise in EXERCISES:
        assert exercise.secret, f"{exercise.id}: declare secret=[...] (the answer strings it must never show)"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_no_hint_reveals_a_secret(exercise):
    for text in [exercise.hint, *exercise.hints.values(), checks.GENERIC_HINT, *checks.CITATION_HINTS.values()]:
        assert not [s for s in exercise.secret if s.casefold() in text.casefold()], text


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_answers_never_crash_nor_reveal(exercise, name):
    result = check(exercise.id, HOSTILE[name])
    assert_safe(result, exercise)
    assert result.status != "correct", f"{exercise.id} accepted the hostile answer {name}"
    try:  # as the grader receives it
        again = core.evaluate(exercise.id, handover.decode(handover.encode(HOSTILE[name])))
    except handover.Unreadable:
        return
    assert_safe(again, exercise)
    assert again.status != "correct", f"{exercise.id} accepted the hostile answer {name} once handed over"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
@pytest.mark.parametrize("name", list(BLANKS))
def test_blanks_are_not_answered_yet(exercise, name):
    result = check(exercise.id, BLANKS[name])
    assert result.status == "not_answered"
    assert str(result) == f"⏳ {exercise.id}: Not answered yet."


ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
    | st.binary() | st.sampled_from(["afp.3", "topcor", "« »", "’", "\u00a0", "25", "Nous"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    | st.tuples(inner, inner),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ANY, which=st.integers(min_value=0))
def test_random_answers_never_crash_nor_reveal(value, which):
    exercise = EXERCISES[which % len(EXERCISES)]
    if any(isinstance(value, str) and s.casefold() in value.casefold() for s in exercise.secret):
        return  # an answer that holds the secret may be correct, and may say so
    assert_safe(check(exercise.id, value), exercise)


def near_misses(secret: str) -> list[str]:
    """Answers close to a secret: a hint must not complete them."""
    out = [secret.upper(), secret.lower(), f" {secret} ", secret[:-1], secret[1:], secret + "x", secret[::-1]]
    if len(secret) > 2:
        out.append(secret[: len(secret) // 2])
    return out


@needs_secrets
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_near_misses_never_reveal(data):
    exercise = data.draw(st.sampled_from(EXERCISES))
    secret = data.draw(st.sampled_from(exercise.secret))
    for answer in near_misses(secret):
        result = check(exercise.id, answer)
        assert result.status in ALLOWED
        if result.status != "correct":
            assert not revealed(result, exercise), (answer, str(result))


# --- the framework itself ---------------------------------------------------------------------------

def test_results_show_as_one_line():
    assert str(CheckResult("01.2", "correct")) == "✅ 01.2: Correct."
    assert str(CheckResult("01.2", "not_answered")) == "⏳ 01.2: Not answered yet."
    assert str(CheckResult("01.2", "not_yet", "look at the dates.")) == "❌ 01.2: Not yet — hint: look at the dates."
    assert bool(CheckResult("01.2", "correct")) and not CheckResult("01.2", "not_yet")


@pytest.mark.parametrize("bad_id", ["99.9", 12, None, "", ValueError("x")])
def test_unknown_exercise_ids_say_so_without_raising(bad_id):
    result = check(bad_id, "answer")
    assert result.status == "not_yet"
    assert "no exercise" in result.message and "check('01.2', answer)" in result.message


def test_register_refuses_a_hint_that_reveals_the_answer_and_bad_ids():
    with pytest.raises(CourseError, match="reveals the answer"):
        register("99.1", secret=["2021-12-24"], hint="the answer is 2021-12-24.")
    with pytest.raises(CourseError, match="reveals the answer"):
        register("99.1", secret=["Psaki"], hint="fine.", hints={"who": "think of psaki."})
    with pytest.raises(CourseError, match="look like '03.2'"):
        register("1.2", hint="x")
    assert "99.1" not in registered()


def test_a_second_registration_of_an_id_elsewhere_is_refused():
    def _other(answer):
        return True

    with pytest.raises(CourseError, match="registered twice"):
        register("00.1", hint="x", secret=["y"])(_other)


def test_what_a_check_function_returns_becomes_a_fixed_hint(monkeypatch):
    outcomes = iter([True, False, "named", "unknown text", None, np.bool_(True), CheckResult("x", "bogus")])

    def _f(answer):
        return next(outcomes)

    monkeypatch.setitem(core._REGISTRY, "99.2", checks.Exercise("99.2", _f, "default.", {"named": "named hint."},
                                                                 ("s",)))
    got = [check("99.2", "a").message for _ in range(7)]
    assert got == ["", "default.", "named hint.", "default.", "default.", "", "default."]
    broken = checks.Exercise("99.2", lambda a: 1 / 0, "default.", {}, ("s",))
    monkeypatch.setitem(core._REGISTRY, "99.2", broken)
    result = check("99.2", "a")
    assert result.status == "not_yet"
    assert result.message.startswith(checks.GENERIC_HINT) and result.message.endswith("Default.")


def test_lesson_modules_are_discovered(tmp_path, monkeypatch):
    (tmp_path / "lesson_98.py").write_text(
        "from helpers.checks import register\n\n"
        "@register('98.1', secret=['forty-two'], hint='count again.')\n"
        "def _q(answer):\n    return answer == 'forty-two'\n", encoding="utf-8")
    (tmp_path / "lesson_97.py").write_text("raise ImportError('broken on purpose')\n", encoding="utf-8")
    monkeypatch.setattr(checks, "__path__", [*checks.__path__, str(tmp_path)])
    monkeypatch.setattr(core, "_loaded", False)
    monkeypatch.setattr(core, "_LOAD_ERRORS", {})
    try:
        assert check("98.1", "forty-two").status == "correct"
        assert "lesson_97" in core._LOAD_ERRORS
        assert "tell your instructor" in check("97.1", "x").message
    finally:
        core._REGISTRY.pop("98.1", None)
        for name in ("helpers.checks.lesson_98", "helpers.checks.lesson_97"):
            sys.modules.pop(name, None)
    importlib.invalidate_caches()


# --- the example checks (lesson 00): correct answers pass, wrong ones get their own hint ---------------

def test_example_checks_accept_their_answers():
    sources = load_sources()
    assert check("00.1", "topcor")
    assert check("00.1", " topcor ")
    assert check("00.2", len(get_source("afp").passages))
    assert check("00.2", np.int64(25)) and check("00.2", 25.0)
    assert check("00.3", sources[["id", "published"]].sort_values("published", ascending=False))


def test_example_checks_teach_on_wrong_answers():
    h = registered()
    assert check("00.1", "afp").message == h["00.1"].hint
    assert check("00.1", 3).message == h["00.1"].hints["type"]
    assert check("00.1", "Topcor!").message == h["00.1"].hints["unknown"]
    assert check("00.2", "25").message == h["00.2"].hints["type"]
    assert check("00.2", True).message == h["00.2"].hints["type"]
    assert check("00.2", 24).message == h["00.2"].hint
    sources = load_sources()
    assert check("00.3", sources).message == h["00.3"].hints["columns"]
    assert check("00.3", sources[["id", "published"]]).message == h["00.3"].hint
    assert check("00.3", sources[["id", "published"]].head(2)).message == h["00.3"].hints["rows"]
    assert check("00.3", sources["id"]).message == h["00.3"].hints["type"]


# --- evidence checks --------------------------------------------------------------------------------

BLINKEN = "Nous ne serons pas détournés de cette question"


def test_citation_accepts_a_verbatim_quote_a_passage_id_a_dict_and_a_row():
    quotes = extract_quotes("afp")
    row = quotes[quotes["quote"] == BLINKEN]
    for answer in [BLINKEN, f"« {BLINKEN} »", "afp.4", row, row.iloc[0], {"passage_id": "afp.4", "quote": BLINKEN},
                   {"quote": BLINKEN, "speaker": "Blinken", "source": "afp"}]:
        result = check_citation(answer, expected_speaker="Antony Blinken", expected_source="afp")
        assert result.status == "correct", (answer, result)
    assert check_citation("afp.4", must_contain="détournés")
    assert check_citation(BLINKEN, expected_source=["afp", "voi"])


@pytest.mark.parametrize("answer, key", [
    (BLINKEN.replace("é", "e"), "almost"),
    (BLINKEN.upper(), "almost"),
    ("Ceci n'est dans aucun article du cours", "missing"),
    ("afp.99", "passage"),
    ("xyz.1", "passage"),
    ("Nous", "short"),
    ({"passage_id": "afp.5", "quote": BLINKEN}, "not_in_passage"),
    ({"passage_id": "afp.4", "quote": BLINKEN.replace("é", "e")}, "almost"),
    ({"quote": BLINKEN, "source": "voi"}, "claimed_source"),
    ({"quote": BLINKEN, "speaker": "Stoltenberg"}, "claimed_speaker"),
    ("Le risque de conflit est réel", "speaker"),
    ("afp.10", "speaker"),
    (pd.DataFrame({"quote": ["a", "b"]}), "table"),
    (42, "shape"),
    ({"nothing": "here"}, "shape"),
])
def test_citation_hints(answer, key):
    result = check_citation(answer, expected_speaker="Antony Blinken")
    assert result.status == "not_yet"
    assert result.message == checks.CITATION_HINTS[key]
    assert "blinken" not in result.message.casefold()


def test_citation_source_and_topic():
    assert check_citation(BLINKEN, expected_source="voi").message == checks.CITATION_HINTS["source"]
    assert check_citation("afp.4", must_contain=["Stoltenberg"]).message == checks.CITATION_HINTS["topic"]
    assert check_citation(None).status == "not_answered"


# What each hostile answer gets from check_citation: the hint's key, or None for "not_answered". Text goes through the
# search (a word is too short, a long text is in no source, a passage id that is not one); anything else has no shape.
CITATION_GETS = {name: "shape" for name in HOSTILE} | {
    "empty_str": None, "spaces": None, "huge_str": "short", "none_str": "short", "huge_unicode": "missing",
    "newlines": "missing", "pid_like": "passage", "bad_pid": "passage", "wrong_df": "table",
    "df_cols_wrong_type": "table"}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_citation_never_crashes(name):
    result = check_citation(HOSTILE[name], expected_speaker="Antony Blinken", expected_source="afp",
                            must_contain="Ukraine")
    key = CITATION_GETS[name]
    if key is None:
        assert (result.status, result.message) == ("not_answered", "")
    else:
        assert (result.status, result.message) == ("not_yet", checks.CITATION_HINTS[key])
    assert "\n" not in str(result)


# --- written answers, the record, save my work -------------------------------------------------------

def test_written_answers_are_recorded_for_hand_grading():
    r = written("01.9", "  The AFP wire is dated by its own words: vendredi.  ")
    assert r.status == "recorded" and "10 words" in str(r)
    assert record.written["01.9"] == "The AFP wire is dated by its own words: vendredi."
    assert written("01.9", "Write your answer here.").status == "not_answered"
    assert "01.9" not in record.written
    assert written("01.9", "\n\nWrite your answer here.\n").status == "not_answered"
    assert written("01.9", 12).status == "not_yet"
    assert written("01.9", "Too short", min_words=5).status == "not_yet"
    assert written("01.9", "x " * 40_000).status == "recorded"
    assert len(record.written["01.9"]) < 60_000


# What each hostile answer gets from written(): text is recorded (with its number of words, the note of a cut text
# counted), blank text is not an answer, and anything that is not text is asked for as text.
AS_TEXT = 'write your answer as text, between triple quotes: """ … """.'
WRITTEN_GETS = {name: ("not_yet", AS_TEXT) for name in HOSTILE} | {
    "empty_str": ("not_answered", "Write your answer between the triple quotes."),
    "spaces": ("not_answered", "Write your answer between the triple quotes."),
    "huge_str": ("recorded", "Answer recorded (13 words) for your instructor to read."),
    "huge_unicode": ("recorded", "Answer recorded (14298 words) for your instructor to read."),
    "newlines": ("recorded", "Answer recorded (3 words) for your instructor to read."),
    **{name: ("recorded", "Answer recorded (1 word) for your instructor to read.")
       for name in ("none_str", "pid_like", "bad_pid")}}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_written_never_crashes(name):
    record.clear()
    result = written("01.9", HOSTILE[name])
    assert (result.status, result.message) == WRITTEN_GETS[name]
    assert ("01.9" in record.written) == (result.status == "recorded")
    assert "\n" not in str(result)


def test_the_grader_receives_every_answer_as_data_never_a_verdict(tmp_path, monkeypatch):
    log = tmp_path / "handover.jsonl"
    monkeypatch.setenv(handover.ENV_VAR, str(log))
    check("00.1", "afp")
    check("00.1", "topcor")
    check("00.3", load_sources()[["id", "published"]].sort_values("published", ascending=False))
    written("00.5", "Because of the chain of outlets.")
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["exercise"], e["kind"]) for e in entries] == [
        ("00.1", "check"), ("00.1", "check"), ("00.3", "check"), ("00.5", "written")]
    assert all(set(e) == {"exercise", "kind", "answer"} for e in entries)  # no status: the grader decides
    answers = [handover.decode(e["answer"]) for e in entries]
    assert answers[:2] == ["afp", "topcor"] and answers[3] == "Because of the chain of outlets."
    assert core.evaluate("00.3", answers[2]).status == "correct"  # a table survives the trip
    assert "00.1: Correct." in repr(record)


@pytest.mark.parametrize("value", [
    None, True, 3, 2**70, 1.5, math.nan, -math.inf, "é « »", [1, "a"], (1, 2), {"a", "b"}, {"k": [1, {"x": None}]},
    np.int64(7), np.float32(0.5), np.array(["afp", "voi"]), pd.Timestamp("2022-01-26"), pd.Timedelta(days=3),
    pd.Index(["afp"]), pd.Series([1, 2], index=["a", "b"], name="n"),
    pd.DataFrame({"id": ["afp"], "published": pd.to_datetime(["2022-01-26"])})],
    # a set's repr follows string hashing, which differs between xdist workers: name it by its sorted items
    ids=lambda v: f"set{sorted(v)}" if isinstance(v, set) else repr(v))
def test_handover_round_trip(value):
    back = handover.decode(json.loads(json.dumps(handover.encode(value))))
    if isinstance(value, pd.DataFrame | pd.Series):
        pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(value), check_freq=False, check_dtype=False)
    elif isinstance(value, np.ndarray):
        assert back.tolist() == value.tolist()
    elif isinstance(value, float) and math.isnan(value):
        assert math.isnan(back)
    else:
        assert back == value and (type(back) is type(value) or isinstance(value, np.generic | pd.Index))


def test_handover_refuses_what_is_not_data():
    class Yes(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    assert type(handover.decode(handover.encode(Yes("x")))) is str  # a plain text: its __eq__ is gone
    for value in (object(), len, Evil(), "x" * 3_000_000, [[[[[[[[[[[[[[1]]]]]]]]]]]]]]):
        with pytest.raises(handover.Unreadable):
            handover.decode(handover.encode(value))
    with pytest.raises(handover.Unreadable):
        handover.decode({"$pickle": "gASV"})


def test_save_my_work_writes_json_and_markdown(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/jovyan/exercises/01_sources.ipynb")
    record.clear()
    check("00.1", "topcor")
    written("01.5", "Three of five come through Russian outlets | and RT.")
    table = load_sources()[["id", "published"]]
    path = save_my_work({"my_table": table, "n": np.int64(3), "odd": Evil()})
    assert path == Path("my_work", "01_sources.json") and path.resolve() == tmp_path / "my_work" / "01_sources.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["checks"]["00.1"]["status"] == "correct" and data["checks"]["00.1"]["answer"] == "topcor"
    assert data["written"]["01.5"].startswith("Three of five")
    assert data["answers"]["my_table"]["columns"] == ["id", "published"]
    assert len(data["answers"]["my_table"]["rows"]) == 5
    assert data["answers"]["n"] == 3 and data["answers"]["odd"] == {"type": "unreadable"}
    md = (tmp_path / "my_work" / "01_sources.md").read_text(encoding="utf-8")
    assert "## Written answer 01.5" in md and "| id | published |" in md and "| topcor | 2021-12-24 |" in md
    out = capsys.readouterr().out
    assert "my_work/01_sources.md" in out and "Download" in out and "File > Download" in out


def test_save_my_work_names_and_mistakes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    record.clear()
    assert save_my_work().name == "my_work.json"
    check("00.2", 25)
    assert save_my_work().name == "lesson_00.json"
    assert save_my_work(filename="../../etc/My Notes.ipynb").name == "My_Notes.json"
    assert (tmp_path / "my_work" / "My_Notes.md").is_file()
    with pytest.raises(CourseError, match="takes a dict"):
        save_my_work(["not", "a", "dict"])
    with pytest.raises(CourseError, match="takes a name"):
        save_my_work(filename=3)


def test_citation_of_verbatim_words_in_a_passage_without_reported_speech():
    """Words copied exactly from a passage with no reported-speech sentence get a speaker hint, not a shape hint."""
    from helpers.checks import check_citation

    words = "Dmitri, porte-parole du Kremlin Peskov a appelé ce problème"
    right = check_citation(words, expected_speaker="Dmitry Peskov")
    wrong = check_citation(words, expected_speaker="Sergey Lavrov")
    assert right.status == "correct", str(right)
    assert wrong.status == "not_yet" and "copy the quoted words exactly" not in str(wrong)
