"""The exercises of lessons 04 to 06 (helpers/checks/lesson_04.py, lesson_05.py, lesson_06.py and their notebooks).

- each solution notebook, run top to bottom, shows ✅ for every check and 📝 for every written answer;
- each exercise notebook, untouched, runs and shows ⏳ "not answered yet" for every exercise;
- right answers given in other reasonable forms pass, and typical mistakes get the hint written for them;
- the French that the notebooks quote is verbatim in the sources, and the claims of 06.2 are those checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import (
    check,
    coverage_table,
    epilogue,
    evidence_table,
    gaps,
    get_source,
    hindsight_check,
    kwic,
    list_sources,
    load_positions,
    positions_for,
    term_contexts,
    term_counts,
)
from helpers.checks import CITATION_HINTS, registered
from helpers.checks.lesson_05 import DEMAND_TERMS
from helpers.checks.lesson_06 import CLAIMS, UNSOURCED_CLAIM

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ["04_positions", "05_words", "06_synthesis"]
RESULT = re.compile(r"^(✅|⏳|❌|📝) (\d\d\.\d+[a-z]?): ", re.M)
needs_solutions = pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="a student copy, without solutions/")


def shown_results(path: Path, tmp_path: Path) -> dict[str, str]:
    """Run a notebook in a fresh kernel (in a scratch folder) and return {exercise id: icon} as printed."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not re.search(r"\b(check|written)\(", cell.source):
            continue
        for out in cell.outputs:
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            for icon, eid in RESULT.findall(text if isinstance(text, str) else "".join(text)):
                shown[eid] = icon
    return shown


def expected_ids(name: str) -> list[str]:
    return nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4).metadata["redlines"]["exercises"]


@needs_solutions
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solution_shows_correct_for_every_check(name, tmp_path):
    shown = shown_results(ROOT / "solutions" / f"{name}.ipynb", tmp_path)
    written_ids = set(nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4).metadata["redlines"]["written"])
    assert set(shown) == set(expected_ids(name))
    assert {eid: ("📝" if eid in written_ids else "✅") for eid in shown} == shown


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_untouched_exercise_says_not_answered_everywhere(name, tmp_path):
    shown = shown_results(ROOT / "exercises" / f"{name}.ipynb", tmp_path)
    assert shown == {eid: "⏳" for eid in expected_ids(name)}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_layout(name):
    nb = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    meta = nb.metadata["redlines"]
    titles = {"04": "Positions side by side", "05": "Words and framing", "06": "A briefing note as of 26 January 2022"}
    assert nb.cells[0].source.startswith(f"# Exercises {name[:2]} — {titles[name[:2]]}\n")
    assert "save_my_work" in nb.cells[0].source and "save_my_work(" in nb.cells[-1].source
    assert any(c.source.startswith("## Imports") for c in nb.cells)
    assert 4 <= len(meta["exercises"]) <= 8 and meta["written"]
    headings = [m for c in nb.cells for m in re.findall(r"^## (\d\d\.\d+) ", c.source, re.M)]
    assert headings == meta["exercises"], "one section per exercise, in order"


@pytest.mark.parametrize("lesson", ["04", "05", "06"])
def test_each_lesson_has_an_evidence_check(lesson):
    """Some exercise of the lesson looks a cited quote up in the sources, word for word."""
    fake = "Ces mots ne figurent dans aucune des cinq sources du cours"
    citing = [eid for eid in registered() if eid.startswith(f"{lesson}.")
              if any(CITATION_HINTS["missing"] in check(eid, answer).message
                     for answer in (fake, {"Russia": fake, "US/NATO": fake}))]
    assert citing, f"lesson {lesson} has no exercise checked against the sources"


# --- right answers in other forms, and the hints of typical mistakes --------------------------------------

POS = load_positions()
COV = coverage_table()


def hint(eid: str, key: str) -> str:
    exercise = registered()[eid]
    return exercise.hint if key == "default" else exercise.hints[key]


def per_side(table: pd.DataFrame, column: str = "issue_id") -> dict[str, list[str]]:
    return {side: table.loc[table["side"] == side, column].tolist() for side in ("Russia", "US/NATO")}


def more_sources(column: str) -> dict[str, list[str]]:
    t = COV.groupby(["issue_id", "side"])[column].sum().unstack()
    return {"Russia": list(t.index[t["Russia"] > t["US/NATO"]]), "US/NATO": list(t.index[t["US/NATO"] > t["Russia"]])}


talks = POS[POS["issue_id"] == "talks_format"]
talks_quotes = talks[talks["kind"] == "partly quoted"]
enlargement = COV[COV["issue_id"] == "enlargement"]
gap_sides = gaps().groupby("issue_id")["side"].nunique()
demand = term_counts(list(DEMAND_TERMS))
grid = demand.pivot(index="term", columns="source_id", values="n")
early = evidence_table(as_of="2021-12-31")
checked = hindsight_check(CLAIMS)
table = evidence_table(as_of="2022-01-26").set_index("position_id")
after = epilogue().set_index("event_id")["date"]

RIGHT = [
    ("04.1", talks_quotes),
    ("04.1", talks_quotes[["position_id", "side"]]),
    ("04.1", talks_quotes.set_index("position_id")),
    ("04.1", positions_for("talks_format").query("kind == 'partly quoted'")),
    ("04.2", "rt_nrc.6"),
    ("04.2", " rt_nrc.6 "),
    ("04.2", "« La Russie n'a pas de veto »"),
    ("04.2", {"passage_id": "rt_nrc.6", "quote": "La Russie n'a pas de veto", "speaker": "Stoltenberg"}),
    ("04.3", "rt_cnn.7"),
    ("04.3", "une question de vie ou de mort"),
    ("04.4", {"Russia": 3, "US/NATO": 4}),
    ("04.4", {" russia": 3.0, "us/nato": 4}),
    ("04.4", enlargement.groupby("side")["covered"].sum()),
    ("04.5", list(gap_sides[gap_sides == 2].index)),
    ("04.5", tuple(s.upper() for s in gap_sides[gap_sides == 2].index)),
    ("04.5", gaps()[gaps()["issue_id"].isin(gap_sides[gap_sides == 2].index)]),
    ("04.6", more_sources("covered")),
    ("04.6", {k: set(v) for k, v in more_sources("covered").items()}),
    ("05.1", kwic("veto")),
    ("05.1", ["voi.10", "rt_nrc.6"]),
    ("05.2", ("confinement", "endiguement")),
    ("05.2", [" Confinement", "« endiguement »"]),
    ("05.3", "rt_nrc"),
    ("05.3", " RT_NRC "),
    ("05.4", grid),
    ("05.4", grid.T),
    ("05.4", grid.astype(float)),
    ("05.5", "rt_nrc.2"),
    ("05.5", 'un "inacceptable" menace pour la Russie'),
    ("05.6", "afp.8"),
    ("05.6", "Nous sommes prêts à répondre avec force à une nouvelle agression russe"),
    ("06.1", per_side(early[early["kind"] == "gap"])),
    ("06.2", checked[checked["status"] == "hindsight"]),
    ("06.2", ["C2", "c5", "c6", "c7"]),
    ("06.3", "e46"),
    ("06.3", " E46"),
    ("06.4", {"Russia": "rt_cnn.6", "US/NATO": "afp.23"}),
    ("06.4", {"Russia": {"passage_id": "rt_cnn.6", "quote": table.loc["talks_format-ru-1", "french"]},
              "US/NATO": {"passage_id": "afp.23", "quote": table.loc["talks_format-west-2", "french"]}}),
    ("06.4", {"Russia": "rt_cnn.7", "US/NATO": table.loc["enlargement-west-2"]}),
    ("06.4", {"Russia": "une question de vie ou de mort", "US/NATO": "rt_nrc.6"}),
    ("05.6", {"passage_id": "afp.8", "speaker": "Blinken"}),
    ("06.6", 22),
    ("06.6", after["e45"] - after["e37"]),
]


@pytest.mark.parametrize("eid, answer", RIGHT, ids=[f"{e}-{n}" for n, (e, _) in enumerate(RIGHT)])
def test_right_answers_in_several_forms_pass(eid, answer):
    result = check(eid, answer)
    assert result.status == "correct", str(result)


WRONG = [
    ("04.1", talks, "default"),
    ("04.1", POS[POS["kind"] == "partly quoted"], "default"),
    ("04.1", pd.concat([talks_quotes, talks_quotes]), "duplicates"),
    ("04.1", talks_quotes.assign(kind=talks_quotes["kind"].str.upper()), "changed"),
    ("04.1", talks_quotes[["english"]], "columns"),
    ("04.1", talks_quotes["position_id"], "type"),
    ("04.2", "rt_nrc.7", CITATION_HINTS["topic"]),
    ("04.2", "seules l'Ukraine et 30 alliés peuvent", "quote"),
    ("04.2", "La Russie n’a pas de veto", CITATION_HINTS["almost"]),
    ("04.3", "inconditionnel", CITATION_HINTS["short"]),
    ("04.3", 'était "inconditionnel" et que les documents', CITATION_HINTS["speaker"]),
    ("04.3", 'Peskov a appelé ce problème particulier "une question', "quote"),
    ("04.4", enlargement.groupby("side")["n"].sum(), "rows"),
    ("04.4", {"Russia": 2}, "keys"),
    ("04.4", {"Russia": "3", "US/NATO": "4"}, "type"),
    ("04.4", {"Russia": 3, "US/NATO": 2}, "default"),
    ("04.5", list(gap_sides.index), "default"),
    ("04.5", ["nuclear_weapon"], "unknown"),
    ("04.5", "combat_troops", "type"),
    ("04.5", ["combat_troops"], "default"),
    ("04.6", {"Russia": more_sources("covered")["US/NATO"], "US/NATO": more_sources("covered")["Russia"]}, "default"),
    ("04.6", more_sources("n"), "rows"),
    ("04.6", {"Russia": ["nato"], "US/NATO": []}, "unknown"),
    ("04.6", ["enlargement"], "type"),
    ("05.1", ["voi.10"], "default"),
    ("05.1", ["voi.99"], "unknown"),
    ("05.1", "rt_nrc.6 voi.10", "type"),
    ("05.2", ("endiguement", "confinement"), "default"),
    ("05.2", ("confinement", "containment"), "default"),
    ("05.2", ("lockdown", "endiguement"), "default"),
    ("05.2", "confinement", "type"),
    ("05.3", "afp", "count"),
    ("05.3", "voi", "default"),
    ("05.3", "Ukraine", "unknown"),
    ("05.4", demand, "long"),
    ("05.4", demand.pivot(index="term", columns="source_id", values="per_1000_words"), "rate"),
    ("05.4", grid.drop(columns="afp"), "shape"),
    ("05.4", grid + 1, "default"),
    ("05.5", "rt_nrc.1", CITATION_HINTS["topic"]),
    ("05.5", "afp.5", CITATION_HINTS["speaker"]),
    ("05.5", "afp.9", CITATION_HINTS["speaker"]),
    ("05.5", "crée un \"inacceptable\"", "quote"),
    ("05.6", "Mais une solution diplomatique est toujours possible", "quote"),
    ("05.6", "afp.16", CITATION_HINTS["speaker"]),
    ("05.6", "afp.10", CITATION_HINTS["topic"]),
    ("06.1", per_side(evidence_table(as_of="2021-12-27").query("kind == 'gap'")), "date"),
    ("06.1", {"Russia": per_side(early[early["kind"] == "gap"])["US/NATO"],
              "US/NATO": per_side(early[early["kind"] == "gap"])["Russia"]}, "default"),
    ("06.1", {"Russia": [], "US/NATO": ["talks_format"]}, "default"),
    ("06.2", checked[checked["status"].str.contains("hindsight")], "possible"),
    ("06.2", ["c2", "c9"], "unknown"),
    ("06.2", checked[["text"]], "columns"),
    ("06.3", "e48", "default"),
    ("06.3", "e10", "before"),
    ("06.3", "e99", "unknown"),
    ("06.3", 46, "type"),
    ("06.4", {"Russia": "afp.23", "US/NATO": "rt_cnn.6"}, "side"),
    ("06.4", {"Russia": "rt_cnn.6", "US/NATO": "rt_nrc.6"}, "issue"),
    ("06.4", {"Russia": "Stoltenberg aurait également déclaré", "US/NATO": "rt_cnn.4"}, "words"),
    ("06.4", {"Russia": ..., "US/NATO": "afp.23"}, "blank"),
    ("06.4", {"Russia": "rt_cnn.99", "US/NATO": "afp.23"}, "the Russia citation: " + CITATION_HINTS["passage"]),
    ("06.4", "rt_cnn.6", "type"),
    ("06.6", 21, "default"),
    ("06.6", "22", "type"),
    ("06.6", pd.Timestamp("2022-02-17"), "type"),
]


@pytest.mark.parametrize("eid, answer, key", WRONG, ids=[f"{e}-{n}" for n, (e, _, _) in enumerate(WRONG)])
def test_typical_mistakes_get_their_own_hint(eid, answer, key):
    result = check(eid, answer)
    assert result.status == "not_yet", str(result)
    expected = key if " " in key else hint(eid, key)
    assert result.message == expected


# --- the notebooks' own material ---------------------------------------------------------------------------

def _cells(name: str, kind: str) -> list[str]:
    folder = "solutions" if (ROOT / "solutions").is_dir() else "exercises"
    return [c.source for c in nbformat.read(ROOT / folder / f"{name}.ipynb", as_version=4).cells if c.cell_type == kind]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_french_in_guillemets_is_verbatim(name):
    """Every « … » phrase the notebook shows (statements and model answers) is, word for word, in a source."""
    bodies = [get_source(s).body for s in list_sources()]
    phrases = [" ".join(p.split("\n")).strip() for text in _cells(name, "markdown") + _cells(name, "code")
               for p in re.findall(r"«\s*([^«»]+?)\s*»", text)]
    assert phrases
    missing = [p for p in phrases if not any(p in body for body in bodies)]
    assert not missing


def test_the_claims_of_0602_and_0603_are_those_the_checks_use():
    sources = "\n".join(_cells("06_synthesis", "code"))
    claims_cell = next(c for c in _cells("06_synthesis", "code") if c.startswith("claims = "))
    scope: dict = {}
    exec(claims_cell, scope)  # noqa: S102 - our own notebook cell
    assert scope["claims"] == CLAIMS
    assert f'unsourced = "{UNSOURCED_CLAIM}"' in sources
    assert set(checked["status"]) == {"ok", "hindsight", "possible hindsight"}
    sides = {"c2": "Russia", "c5": "US/NATO", "c6": "US/NATO", "c7": "Russia"}  # balance: two later events each
    assert set(checked.loc[checked["status"] == "hindsight", "id"]) == set(sides)


def test_the_words_of_the_exercises_are_in_the_corpus():
    """The questions have the answers their statements promise (one Russian 'menace', one quoted 'agression')."""
    threat = term_contexts("menace")
    assert (threat["side"] == "Russia").sum() == 1
    aggression = term_contexts("agression")
    assert len(aggression[(aggression["voice"] == "quoted") & (aggression["side"] == "US/NATO")
                          & (aggression["speaker"] == "Antony Blinken")]) == 1
    counts = term_counts("Ukraine")
    assert counts.sort_values("n").iloc[-1]["source_id"] != counts.sort_values("per_1000_words").iloc[-1]["source_id"]


@pytest.mark.parametrize("eid, answer", [(e, a) for e, a in RIGHT if isinstance(a, list | tuple) and a
                                         and all(isinstance(x, str) for x in a)], ids=lambda v: str(v)[:20])
def test_arrays_values_and_unique_are_lists_too(eid, answer):
    """Issue 10 §6: a numpy array, .values or .unique() where a list is expected."""
    import numpy as np
    import pandas as pd

    for given in (np.array(list(answer)), pd.Series(list(answer)).values, pd.Series(list(answer)).unique()):
        assert check(eid, given).status == "correct", (eid, type(given))
