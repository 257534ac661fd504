"""Lesson 04, section "Which references count": the rule it teaches, and every fact its prose states, recomputed."""

from __future__ import annotations

import re

import pandas as pd

from conftest import assert_states, read_lesson
from helpers import CORROBORATING, corroborated, load_positions, references
from helpers.data.references import KINDS, uncitable_hosts

NB, MARKDOWN, _ = read_lesson("04_positions.ipynb")
POS = load_positions()
FROM_SOURCES = POS[POS["kind"] != "not in corpus"]
IDS = [c.get("id") for c in NB.cells]


def states(*facts, within: str = "paragraph") -> None:
    """The facts (terms, names, ids, dates) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


def test_the_section_follows_the_corroboration_section_and_is_new_cells_only():
    start = IDS.index("c0rr-kinds")
    assert IDS[start - 2:start] == ["e21a2548", "c0rr-sep"]   # after "A reference cannot settle a dispute"
    assert NB.cells[start].source.startswith("## Which references count: official, independent, same chain")
    assert IDS.index("c0rr-answer") < IDS.index("a8ce709d")   # before the Summary
    code = [c for c in NB.cells if str(c.get("id", "")).startswith("c0rr") and c.cell_type == "code"]
    assert len(code) == 6 and all(not c.outputs and c.execution_count is None for c in code)


def test_the_kinds_and_the_rule():
    for kind in KINDS:  # each kind the lesson teaches is defined in a row of its table
        states(re.compile(rf"^\| {kind} \|"))
    assert set(CORROBORATING) == {"official", "independent"}
    states("corroborated", "only", "official record", "independent report", "never", "same wire or media group",
           within="sentence")
    assert "larouchepub.com" in uncitable_hosts()
    states("seeds/uncitable_hosts.txt", "each with the reason", within="sentence")


def test_every_same_chain_reference_is_sputnik_on_an_rt_row():
    refs = references(POS).merge(POS[["position_id", "source_id", "speaker"]], on="position_id")
    chain = refs[refs["kind"] == "same chain"]
    assert len(chain) >= 1 and set(chain["host"]) == {"sputniknews.com"}
    assert chain["source_id"].str.startswith("rt_").all()
    states("every one", "Sputnik", "RT", within="sentence")


def test_the_rows_with_a_reference_but_no_witness_are_grushkos_words_via_rt():
    has_link = FROM_SOURCES["reference_url"].str.startswith("http")
    only = FROM_SOURCES[has_link & ~corroborated(FROM_SOURCES)]
    assert len(only) >= 1
    assert set(only["speaker"]) == {"Alexander Grushko"} and set(only["source_id"]) == {"rt_nrc"}
    assert set(only["side"]) == {"Russia"}
    states("all of them", "Grushko", "RT", "NATO-Russia Council", pd.Timestamp("2022-01-12"), within="sentence")
    assert not corroborated(POS).all()


def test_the_students_claims_and_the_answers():
    pos = POS.set_index("position_id")
    refs = references(POS).set_index("position_id")
    blinken = refs.loc[["sanctions-west-1"]]
    assert blinken["kind"].tolist() == ["official"] and "7 Jan 2022" in blinken["document"].iloc[0]
    assert "State Department" in blinken["document"].iloc[0]
    assert tuple(pos.loc["sanctions-west-1", ["speaker", "source_id"]]) == ("Antony Blinken", "afp")
    states("sanctions-west-1", "State Department", "transcript", "Blinken", pd.Timestamp("2022-01-07"),
           within="sentence")
    grushko = refs.loc[["arms_control-ru-1"]]
    assert grushko["kind"].tolist() == ["same chain"]
    states("arms_control-ru-1", "only reference", "Sputnik", "not corroborated", within="sentence")
    peskov = refs.loc[["enlargement-ru-2"]]
    assert peskov["kind"].tolist() == ["independent", "independent"]
    assert set(peskov["host"]) == {"english.nv.ua", "news.am"}
    states("enlargement-ru-2", "Peskov", "corroborated", (len(peskov), "independent reports"), "Kyiv",
           "Armenian", within="sentence")
    code = "".join(c.source for c in NB.cells if c.get("id") in ("c0rr-claim", "c0rr-claim-refs"))
    assert 'claim_id = "sanctions-west-1"' in code and "CORROBORATING" in code
    states("claim_id", "arms_control-ru-1", "enlargement-ru-2", within="sentence")


def test_the_answers_are_folded_away():
    answer = NB.cells[IDS.index("c0rr-answer")].source
    assert answer.startswith("<details><summary>Check your answers</summary>")
    assert answer.rstrip().endswith("</details>")
