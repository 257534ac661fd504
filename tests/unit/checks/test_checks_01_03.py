"""The exercises of lessons 01 to 03: their checks accept the right answers, teach on wrong ones, and the
notebooks hold what they state.

- every check of 01.x, 02.x and 03.x accepts its answer in the forms a student may give, and answers typical
  mistakes with the hint written for them (the registry-wide hostile-input tests are in test_checks.py);
- the answers of today, pinned, so that a change in the data or the helpers that moves an answer shows here;
- the code of each solution notebook, run in this process, passes every check it calls; the untouched exercise
  notebook runs and is "not answered yet" everywhere (test_exercises_generated.py does the same in a kernel);
- every French passage the statements show is verbatim in a seed, and the numbers they state are true.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import altair as alt
import nbformat
import numpy as np
import pandas as pd
import pytest

import helpers
from helpers import (
    candidate_dates,
    extract_quotes,
    get_source,
    kwic,
    list_sources,
    load_events,
    load_sources,
    resolve_weekday,
    voices_table,
)
from helpers.checks import check, record, registered

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ["01_sources.ipynb", "02_timeline.ipynb", "03_voices.ipynb"]
HAS_SOLUTIONS = (ROOT / "solutions").is_dir()
CALL = re.compile(r"""\b(?:check|written)\(\s*["'](\d\d\.\d+)["']""")


def hint(exercise_id: str, key: str | None = None) -> str:
    exercise = registered()[exercise_id]
    return exercise.hint if key is None else exercise.hints[key]


def assert_hint(exercise_id: str, answer, key: str | None = None) -> None:
    result = check(exercise_id, answer)
    assert result.status == "not_yet", (exercise_id, answer, str(result))
    assert result.message == hint(exercise_id, key), (exercise_id, key, str(result))


def meetings() -> pd.DataFrame:
    events = load_events()
    return events[events["kind"] == "meeting"]


# --- right answers, in the forms a student may give them -------------------------------------------

def _sources() -> pd.DataFrame:
    return load_sources()


RIGHT = {
    "01.1": [["afp", "rt_nrc", "rt_cnn"], ("rt_cnn", " afp", "rt_nrc"), {"afp", "rt_nrc", "rt_cnn"},
             lambda: _sources().loc[_sources()["original_language"] == "English", "id"]],
    "01.2": [3377, 3377.0, np.int64(3377), lambda: len(get_source("voi").body)],
    "01.3": [{"Stay Connected": "boilerplate", "Citation: Bulanov": "comments", "7 commentaires": "boilerplate",
              "Pour votre information": "body"},
             {"stay connected": "Boilerplate ", "Citation:  Bulanov": "COMMENTS", "7 commentaires": "boilerplate",
              "Pour votre information": "body"}],
    "01.4": [lambda: _sources().set_index("id")["outlet_chain"].str.split("→").str[0].str.strip(),
             lambda: _sources().set_index("id")["outlet_chain"].str.split("→").str[0],  # spaces are forgiven
             {"topcor": "topcor.ru (Russian news site)", "voi": "Anadolu, TASS and Reuters",
              "afp": "AFP English wire from Washington", "rt_nrc": "Grushko (speaking Russian)",
              "rt_cnn": "Stoltenberg on CNN (English)"}],
    "01.5": ["afp.6", " afp.6 ", "livre de jeu", "des demandes absolument sans fondement",
             {"passage_id": "afp.6", "speaker": "Blinken"}],
    "01.6": [77, 77.0, pd.Timedelta(minutes=77), dt.timedelta(hours=1, minutes=17), np.timedelta64(77, "m")],
    "02.1": ["Friday", " friday", "FRIDAY", "vendredi", "Vendredi"],
    "02.2": [40, 40.0, np.int64(40), pd.Timedelta(days=40), dt.timedelta(days=40)],
    "02.3": [[2000, 2005, 2011, 2022, 2028, 2033], (2033, 2028, 2022, 2011, 2005, 2000),
             lambda: candidate_dates(12, 1, "mercredi", years=range(2000, 2036)),
             lambda: candidate_dates(12, 1, "mercredi", years=range(2000, 2036))["year"],
             ["2000", "2005", "2011", "2022", "2028", "2033"]],
    "02.4": ["2021-12-21", pd.Timestamp("2021-12-21"), dt.date(2021, 12, 21), np.datetime64("2021-12-21"),
             lambda: resolve_weekday("mardi", before="2021-12-26")],
    "02.5": ["voi.5", "a confirmé vendredi que Moscou avait reçu une offre de Bruxelles",
             lambda: get_source("voi").passage("voi.5")],
    "02.6": [["e30", "e31", "e32", "e33", "e34", "e35"], {"e35", "e34", "e33", "e32", "e31", "e30"},
             lambda: pd.Series(["e30", "e31", "e32", "e33", "e34", "e35"])],
    "02.7": [lambda: alt.Chart(meetings(), title="Meetings", description="One point per meeting.")
             .mark_point().encode(x="date:T", y="title:N", tooltip=["date:T", "title:N"]),
             lambda: alt.Chart(meetings()[["date", "title"]]).mark_circle()
             .encode(x="date", y="title", tooltip="title")
             .properties(title=alt.TitleParams("Meetings"), description="Meetings on a time axis."),
             lambda: alt.layer(alt.Chart(meetings()).mark_point().encode(x="date:T", y="title:N",
                                                                         tooltip=[alt.Tooltip("date:T")]),
                               title="Meetings", description="Meetings on a time axis.")],
    "03.1": [lambda: extract_quotes().query("speaker != ''").groupby("source_id").size(),
             lambda: extract_quotes().query("speaker != ''")["source_id"].value_counts(),
             {"topcor": 4, "voi": 1, "afp": 9, "rt_nrc": 8, "rt_cnn": 10}],
    "03.2": ["Antony Blinken", "Blinken", " antony blinken "],
    "03.3": ["Jens Stoltenberg", "Stoltenberg", "secrétaire général du bloc"],
    "03.4": [["inconditionnel", "ne pas être balayé sous le tapis.", "une question de vie ou de mort"],
             ["inconditionnel", "ne pas être balayé sous le tapis", " une question de vie ou de mort "],
             ('"inconditionnel"', '"ne pas être balayé sous le tapis."', '"une question de vie ou de mort"')],
    "03.5": ["rt_nrc.1", "dominer sur tout le spectre", "« dominer sur tout le spectre »",
             lambda: extract_quotes("rt_nrc").query("quote == 'dominer sur tout le spectre'")],
    "03.6": [["Maria Zakharova", "Jen Psaki", "Joe Biden"], {"Psaki", "Biden", "Zakharova"},
             ("joe biden", "jen psaki", "maria zakharova")],
    "01.8": [{"source_id": "voi", "link": "Anadolu", "words": "l’agence Anadolu"},
             {"source_id": "rt_cnn", "link": "CNN", "words": "Christiane Amanpour de CNN"},
             {"Source": "RT_NRC", "outlet": "Alexander Grushko", "evidence": "a déclaré Grushko"}],
    "02.9": [{"passage_id": "rt_cnn.8", "words": "a déclaré lundi", "date": "2022-01-24"},
             {"passage_id": "rt_nrc.1", "words": "a déclaré mercredi", "date": pd.Timestamp("2022-01-12")}],
    "03.8": [{"passage_id": "rt_nrc.5", "speaker": "Alexander Grushko", "signal": "a déclaré Grushko",
              "form": "paraphrase"},
             {"passage_id": "rt_nrc.6", "speaker": "Stoltenberg", "signal": "Stoltenberg a exclu", "form": "quotation"},
             {"passage_id": "rt_nrc.5", "speaker": "Grushko", "signal": "a ajouté le diplomate", "form": "paraphrase"}],
}


@pytest.mark.parametrize("exercise_id, answer", [(k, a) for k, answers in RIGHT.items() for a in answers],
                         ids=lambda v: v if isinstance(v, str) and re.fullmatch(r"\d\d\.\d", v) else "")
def test_right_answers_are_correct(exercise_id, answer):
    answer = answer() if callable(answer) else answer
    result = check(exercise_id, answer)
    assert result.status == "correct", (exercise_id, answer, str(result))


def test_every_check_of_lessons_01_to_03_is_covered_here():
    ours = {i for i in registered() if i[:2] in {"01", "02", "03"}}
    assert ours == set(RIGHT)


# --- wrong answers get the hint written for them ----------------------------------------------------

WRONG = [
    ("01.1", "afp", "type"), ("01.1", 3, "type"), ("01.1", ["afp", "RT"], "unknown"),
    ("01.1", lambda: _sources()[_sources()["original_language"] == "English"], "table"),
    ("01.1", ["afp", "rt_nrc"], None), ("01.1", list_sources, None),
    ("01.2", "3377", "type"), ("01.2", True, "type"), ("01.2", lambda: len(get_source("voi").body.split()), "words"),
    ("01.2", lambda: len(get_source("voi").body) + len(get_source("voi").boilerplate), "whole"),
    ("01.2", 100, None),
    ("01.3", "boilerplate", "type"), ("01.3", {"Stay Connected": "boilerplate"}, "keys"),
    ("01.3", {"Stay Connected": "footer", "Citation: Bulanov": "comments", "7 commentaires": "comments",
              "Pour votre information": "body"}, "parts"),
    ("01.3", {"Stay Connected": "boilerplate", "Citation: Bulanov": "comments", "7 commentaires": "comments",
              "Pour votre information": "body"}, None),
    ("01.3", {"Stay Connected": "body", "Citation: Bulanov": "body", "7 commentaires": "comments",
              "Pour votre information": "comments"}, None),
    ("01.4", lambda: _sources()["outlet_chain"].str.split("→").str[0], "index"),
    ("01.4", lambda: _sources()[["id", "outlet_chain"]], "type"),
    ("01.4", lambda: _sources().set_index("id")["outlet_chain"].str.split("→").str[-1], "last"),
    ("01.4", lambda: _sources().set_index("id")["outlet_chain"], None),
    ("01.6", "77", "type"), ("01.6", 7, "count"), ("01.6", 76, None), ("01.6", pd.Timedelta(minutes=60), None),
    ("02.1", 5, "type"), ("02.1", "Thursday", None), ("02.1", "Fri", None),
    ("02.2", "40", "type"), ("02.2", -40, "negative"), ("02.2", pd.Timedelta(days=-40), "negative"),
    ("02.2", 41, None),
    ("02.3", 2022, "type"), ("02.3", ["2022", "x"], "type"), ("02.3", [2005, 2011, 2022, 2028, 2033], None),
    ("02.3", lambda: candidate_dates(12, 1, "mercredi", years=range(2005, 2035)), None),
    ("02.4", "21/12/2021", "type"), ("02.4", 21, "type"), ("02.4", "2021-12-28", "after"),
    ("02.4", "2021-12-14", None), ("02.4", pd.NaT, "type"),
    ("02.6", "e30", "type"), ("02.6", ["e30", "x99"], "unknown"),
    ("02.6", ["e30", "e31", "e32", "e33", "e34", "e35", "e36"], "publication"),
    ("02.6", ["e28", "e30", "e31", "e32", "e33", "e34", "e35"], "edges"),
    ("02.6", ["e30", "e31", "e32", "e33", "e34"], "edges"), ("02.6", ["e30"], None),
    ("02.7", lambda: meetings(), "type"), ("02.7", lambda: alt.Chart(meetings()).mark_point() & alt.Chart(), "type"),
    ("02.7", lambda: alt.Chart(load_events(), title="t", description="d").mark_point().encode(x="date:T"), "data"),
    ("02.7", lambda: alt.Chart(meetings(), title="t", description="d").mark_point().encode(x="title:N", y="date:T"),
     "x"),
    ("02.7", lambda: alt.Chart(meetings(), title="t", description="d").mark_point().encode(x="date:T"), "y"),
    ("02.7", lambda: alt.Chart(meetings(), title="t", description="d").mark_point().encode(x="date:T", y="title:N"),
     "tooltip"),
    ("02.7", lambda: alt.Chart(meetings(), description="d").mark_point().encode(x="date:T", y="title:N",
                                                                                tooltip=["title"]), "title"),
    ("02.7", lambda: alt.Chart(meetings(), title="t").mark_point().encode(x="date:T", y="title:N",
                                                                          tooltip=["title"]), "description"),
    ("03.1", 38, "type"), ("03.1", {"afp": "9"}, "type"), ("03.1", {"nope": 3}, "index"),
    ("03.1", lambda: extract_quotes().groupby("source_id").size(), "all"),
    ("03.1", lambda: extract_quotes().groupby("speaker").size(), "index"), ("03.1", {"afp": 9}, None),
    ("03.2", lambda: extract_quotes("afp")["speaker"].value_counts(), "type"), ("03.2", "Jens Stoltenberg", None),
    ("03.3", ["Jens Stoltenberg"], "type"), ("03.3", "Vladimir Putin", None),
    ("03.4", "inconditionnel", "type"),
    ("03.4", ["une question de vie ou de mort", "inconditionnel", "ne pas être balayé sous le tapis."], None),
    ("03.4", lambda: extract_quotes("rt_cnn")["quote"].tolist(), None),
    ("03.4", ["INCONDITIONNEL", "NE PAS ÊTRE BALAYÉ SOUS LE TAPIS.", "UNE QUESTION DE VIE OU DE MORT"], None),
    ("03.4", ["inconditionnel"], None),
    ("03.6", "Jen Psaki", "type"), ("03.6", ["Jen Psaki", "Vladimir Putin"], "quoted"),
    ("03.6", ["Jen Psaki", "Joe Biden"], None), ("03.6", ["Ned Price"], None),
]


@pytest.mark.parametrize("exercise_id, answer, key", WRONG,
                         ids=[f"{e}-{k or 'default'}-{n}" for n, (e, _, k) in enumerate(WRONG)])
def test_wrong_answers_get_their_hint(exercise_id, answer, key):
    assert_hint(exercise_id, answer() if callable(answer) else answer, key)


@pytest.mark.parametrize("exercise_id, answer, key", [
    ("01.5", "afp.4", "topic"), ("01.5", "rt_nrc.1", "source"), ("01.5", "livre  de jeu", "almost"),
    ("01.5", "afp.99", "passage"), ("01.5", "jeu", "short"), ("01.5", 6, "shape"),
    ("02.5", "voi.3", "topic"), ("02.5", "rt_nrc.1", "source"),
    ("03.5", "rt_nrc.2", "topic"), ("03.5", "dominer sur tout le spectre.", "missing"),
    ("03.5", "dominer sur tout le Spectre", "almost"), ("03.5", "afp.6", "source"),
    ("03.5", {"passage_id": "rt_nrc.1", "speaker": "Stoltenberg"}, "claimed_speaker"),
])
def test_citation_exercises_check_the_words_the_passage_and_the_speaker(exercise_id, answer, key):
    from helpers.checks import CITATION_HINTS

    result = check(exercise_id, answer)
    assert result.status == "not_yet" and result.message == CITATION_HINTS[key], str(result)


def test_citation_of_the_right_passage_needs_the_right_speaker(monkeypatch):
    """A passage that holds the words but gives them to someone else is refused: the speaker is checked."""
    from helpers.checks import lesson_03 as checks_03

    monkeypatch.setattr(checks_03, "check_citation",
                        lambda a, **kw: helpers.check_citation(a, **{**kw, "expected_speaker": "Jens Stoltenberg"}))
    assert check("03.5", "rt_nrc.1").status == "not_yet"


# --- the answers of today -----------------------------------------------------------------------------

def test_the_answers_of_today():
    sources = load_sources().set_index("id")
    assert sorted(sources.index[sources["original_language"] == "English"]) == ["afp", "rt_cnn", "rt_nrc"]
    assert len(get_source("voi").body) == 3377
    assert get_source("topcor").comments.count("décembre 2021") == 7
    events = load_events().set_index("event_id")
    assert events.loc["e07", "date"].day_name() == "Friday"
    assert (events.loc["e37", "date"] - events.loc["e07", "date"]).days == 40
    assert candidate_dates(12, 1, "mercredi", years=range(2000, 2036))["year"].tolist() == [
        2000, 2005, 2011, 2022, 2028, 2033]
    assert resolve_weekday("mardi", before=sources.loc["voi", "published"]) == pd.Timestamp("2021-12-21")
    assert events.loc["e09", "date"] == pd.Timestamp("2021-12-21")  # the Tuesday of voi is an event of the timeline
    assert len(meetings()) == 14
    q = extract_quotes()
    assert q[q["speaker"] != ""].groupby("source_id").size().to_dict() == {
        "topcor": 4, "voi": 1, "afp": 9, "rt_nrc": 8, "rt_cnn": 10}
    assert extract_quotes("afp")["speaker"].value_counts().drop("").idxmax() == "Antony Blinken"
    assert kwic("spectre", "rt_nrc")["passage_id"].tolist() == ["rt_nrc.1"]
    voices = voices_table()
    quoted = set(voices.loc[voices["kind"] == "quoted", "speaker"])
    assert set(voices["speaker"]) - quoted == {"Maria Zakharova", "Jen Psaki", "Joe Biden"}


# --- the notebooks: what they state, and their code run in this process -----------------------------

def statement_text(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_french_in_the_statements_is_verbatim(name):
    text = statement_text(ROOT / "exercises" / name)
    spans = re.findall(r'<span lang="fr">(.*?)</span>', text, re.S)
    assert spans, f"{name} shows no French"
    everything = [getattr(get_source(s), part) for s in list_sources() for part in ("body", "boilerplate", "comments")]
    for span in spans:
        assert any(span in t for t in everything), f"{name}: not verbatim in any seed: {span[:80]!r}"


def test_facts_stated_in_the_statements():
    text03 = statement_text(ROOT / "exercises" / "03_voices.ipynb")
    assert "the 38 quotations of the five sources" in text03
    assert len(extract_quotes()) == 38 and len(list_sources()) == 5
    assert "Three quotations from two speakers in one passage" in text03
    q = extract_quotes("rt_cnn")
    in_passage = q[q["passage_id"] == "rt_cnn.7"]
    assert len(in_passage) == 3 and set(in_passage["speaker"]) == {"Sergey Lavrov", "Dmitry Peskov"}
    text02 = statement_text(ROOT / "exercises" / "02_timeline.ipynb")
    events = load_events().set_index("event_id")
    assert "public on 17 December 2021 (event `e07`)" in text02
    assert events.loc["e07", "date"] == pd.Timestamp("2021-12-17") and "public" in events.loc["e07", "title"]
    assert "written replies" in events.loc["e37", "title"] and events.loc["e28", "date"].day_name() == "Wednesday"
    assert "rates the exact day of `voi` low" in text02
    assert "low for the exact day" in load_sources().set_index("id").loc["voi", "published_confidence"]
    assert "voi" in events.loc["e09", "source_ids"].split()  # "which event of that day does voi report?"
    assert "Zakharova" in get_source("voi").passage("voi.5") and "vendredi" in get_source("voi").passage("voi.5")


def run_code(path: Path, tmp_path: Path, monkeypatch) -> dict:
    """Run every code cell of a notebook here (no kernel); return the check results it recorded."""
    monkeypatch.chdir(tmp_path)  # save_my_work() writes my_work/ there
    monkeypatch.setattr(helpers, "enable_offline_charts", lambda: None)  # no renderer change in this process
    record.clear()
    namespace: dict = {"__name__": "__main__"}
    for n, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{path.name}, cell {n}", "exec"), namespace)  # noqa: S102
    results = dict(record.results)
    record.clear()
    return results


def called_ids(path: Path) -> set[str]:
    return {i for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code" for i in CALL.findall(c.source)}


@pytest.mark.skipif(not HAS_SOLUTIONS, reason="a student copy, without solutions/")
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solution_code_passes_every_check(name, tmp_path, monkeypatch):
    path = ROOT / "solutions" / name
    results = run_code(path, tmp_path, monkeypatch)
    assert set(results) == called_ids(path)
    for result in results.values():
        assert result.status in {"correct", "recorded"}, str(result)
    assert (tmp_path / "my_work" / f"{Path(name).stem}.json").is_file()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_untouched_exercise_runs_and_says_not_answered_yet(name, tmp_path, monkeypatch):
    path = ROOT / "exercises" / name
    results = run_code(path, tmp_path, monkeypatch)
    ids = called_ids(path)
    assert 4 <= len(ids) <= 10 and set(results) == ids
    for result in results.values():
        assert result.status == "not_answered", str(result)


def calls_check_citation(func) -> bool:
    """Whether the function's own code calls check_citation (read from its module's source, so that it holds when
    ``make mutate`` has wrapped the function: mutmut keeps its body in ``x_<name>__mutmut_orig``)."""
    import ast
    import inspect
    import sys

    names = {func.__name__, f"x_{func.__name__}__mutmut_orig"}
    tree = ast.parse(inspect.getsource(sys.modules[func.__module__]))
    return any(isinstance(node, ast.FunctionDef) and node.name in names
               and any(isinstance(n, ast.Name) and n.id == "check_citation" for n in ast.walk(node))
               for node in tree.body)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_exercise_notebook_has_a_written_answer_and_an_evidence_check(name):
    meta = nbformat.read(ROOT / "exercises" / name, as_version=4).metadata["redlines"]
    assert meta["written"], name
    lesson = name[:2]
    cited = [e.id for e in registered().values() if e.id.startswith(f"{lesson}.") and calls_check_citation(e.func)]
    assert cited, f"{name} has no evidence check (check_citation)"


def test_what_students_really_write_for_a_list():
    """Issue 10 §6: arrays, .values and .unique() are lists too; a repeated or upper-cased value is not right."""
    import numpy as np

    from helpers import load_sources

    sources = load_sources()
    english = sources.loc[sources["original_language"].str.strip() == "English", "id"]
    for given in (english.values, english.unique(), np.array(english.tolist()), english.to_numpy()):
        assert check("01.1", given).status == "correct", type(given)
    assert check("01.1", [*english, english.iloc[0]]).message == registered()["01.1"].hints["twice"]
    first = {i: c.split("→")[0].strip() for i, c in zip(sources["id"], sources["outlet_chain"], strict=True)}
    assert check("01.4", first).status == "correct"
    assert check("01.4", {i: link.upper() for i, link in first.items()}).status == "not_yet"
