"""Lesson 04 (positions side by side): its skeleton, and every number and fact its prose states, recomputed."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import assert_states, read_lesson
from helpers import (
    PositionsWidget,
    coverage_table,
    find_passage,
    gaps,
    load_issues,
    load_positions,
    load_sources,
    positions_for,
)

NB, MARKDOWN, _ = read_lesson("04_positions.ipynb")
CODE = [c for c in NB.cells if c.cell_type == "code"]
POS = load_positions()
STATEMENTS = POS.drop_duplicates("statement_id")
FROM_SOURCES = STATEMENTS[STATEMENTS["kind"] != "not in corpus"]


def states(*facts, within: str = "paragraph") -> None:
    """The facts (numbers, names, ids, dates) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


def tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


# ---------------------------------------------------------------- skeleton


def test_skeleton():
    headings = [line for md in MARKDOWN for line in md.splitlines() if line.startswith("#")]
    assert headings[0] == "# Positions side by side: Russia and the US/NATO, issue by issue"
    assert sum(h.startswith("# ") for h in headings) == 1
    assert NB.cells[0].source.startswith("# ")
    level2 = [h[3:] for h in headings if h.startswith("## ")]
    assert level2[:4] == ["Overview", "Prerequisites", "Time to learn", "Imports"]
    assert level2[-2:] == ["Summary", "What's next"]
    assert len(level2) >= 10
    time = next(md for md in MARKDOWN if md.startswith("## Time to learn"))
    assert "120 minutes" in time
    assert "05_words.ipynb" in MARKDOWN[-1]


def test_outputs_kept_only_where_checked():
    checked = [c for c in CODE if "nbval-check-output" in tags(c)]
    assert len(checked) >= 20
    for c in CODE:
        if "nbval-check-output" in tags(c):
            assert c.outputs, f"checked cell has no saved output: {c.source[:60]!r}"
            for out in c.outputs:
                assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {})
                assert "application/vnd.vegalite.v5+json" not in out.get("data", {})
        else:
            assert not c.outputs, f"unchecked cell keeps an output: {c.source[:60]!r}"
    widget_cells = [c for c in CODE if "PositionsWidget(" in c.source or "coverage_grid(" in c.source]
    assert widget_cells and not any("nbval-check-output" in tags(c) for c in widget_cells)


def test_deliberate_error_is_tagged_and_is_a_course_error():
    raising = [c for c in CODE if "raises-exception" in tags(c)]
    assert len(raising) == 1 and raising[0].source == 'positions_for("Ukraine")'
    with pytest.raises(Exception, match=r"There is no issue 'Ukraine'\. The issue ids are: enlargement"):
        positions_for("Ukraine")


def test_no_french_quote_is_typed_into_the_prose():
    for french in POS.loc[POS["french"].str.len() > 20, "french"]:
        assert french not in " ".join(MARKDOWN)


def test_claims_shown_exist_and_are_on_the_side_the_prose_gives():
    shown = re.findall(r'claim\("([a-z_0-9-]+)"\)', " ".join(c.source for c in CODE))
    ids = set(POS["position_id"])
    assert shown and set(shown) <= ids
    by_id = POS.set_index("position_id")
    assert len({by_id.loc[i, "statement_id"] for i in shown}) == len(shown)  # no statement shown twice
    assert [by_id.loc[i, "side"] for i in shown] == ["Russia", "Russia", "US/NATO", "US/NATO",
                                                     "Russia", "US/NATO", "Russia", "US/NATO"]
    assert {by_id.loc[i, "issue_id"] for i in shown[:4]} == {"enlargement", "ukraine_georgia"}
    for i in shown:
        assert by_id.loc[i, "french"], f"{i} has no French words to show"


# ---------------------------------------------------------------- numbers and facts in the prose


def test_issues_rows_and_statements():
    issues = load_issues()
    rows, st = POS["side"].value_counts(), STATEMENTS["side"].value_counts()
    assert len(issues) == 12
    assert min(st) / max(st) > 0.85  # about the same room
    states((len(POS), "rows"), (rows["Russia"], "for Russia"), (rows["US/NATO"], "for the US/NATO"), within="sentence")
    states((len(STATEMENTS), "statements"), (st["Russia"], "for Russia"), (st["US/NATO"], "for the US/NATO"),
           "drop_duplicates", "statement_id")
    states("positions.csv", (len(STATEMENTS), "statements"), (st["Russia"], "of Russia"),
           (st["US/NATO"], "of the US/NATO"), (len(issues), "issues"), "seeds/CODEBOOK.md")  # the summary
    states((len(issues), "issues"), "id", "issues.csv")
    cnn = POS[POS["statement_id"] == "arms_control-west-1"]["issue_id"].tolist()
    assert cnn == ["nuclear_weapons", "arms_control", "exercises"]
    states("Stoltenberg", "CNN", "row", "arms control", "nuclear weapons", "exercises", within="sentence")


def test_not_in_corpus_rows():
    outside = POS[POS["kind"] == "not in corpus"]
    sides = outside["side"].value_counts()
    states("not in corpus", "outside reference", (len(outside), "statements"), (sides["Russia"], "for Russia"),
           (sides["US/NATO"], "for the US/NATO"))
    states((len(outside), "positions"), "only from outside", (sides["Russia"], "for Russia"),
           (sides["US/NATO"], "for the US/NATO"), within="sentence")
    assert len(gaps()) == len(outside)


def test_kinds_by_side():
    kinds = STATEMENTS.groupby(["kind", "side"]).size()
    direct = STATEMENTS[STATEMENTS["kind"] == "direct quote"]["side"].value_counts()
    states("whole quotations", "rare", "both sides", (direct.sum(), "statements"),
           (direct["US/NATO"], "of the US/NATO"), (direct["Russia"], "of Russia"), within="sentence")
    states("quotation marks", (kinds["partly quoted", "Russia"], "Russian statements"),
           (kinds["partly quoted", "US/NATO"], "of the US/NATO"), within="sentence")
    assert ("paraphrase", "US/NATO") not in kinds.index
    states((kinds["paraphrase", "Russia"], "Russian positions"), "paraphrase", "no US/NATO position",
           within="sentence")
    russia = STATEMENTS[(STATEMENTS["side"] == "Russia") & (STATEMENTS["kind"] == "direct quote")]
    assert len(russia) == 1 and russia.iloc[0]["position_id"] == "talks_format-ru-4"
    assert russia.iloc[0]["source_id"] == "rt_nrc" and "inferred" in russia.iloc[0]["speaker"]
    states((len(russia), "row"), "pull-quote", "rt_nrc.4", "Grushko", within="sentence")
    ryabkov = POS.set_index("position_id").loc["talks_format-ru-1"]
    assert ryabkov["kind"] == "partly quoted" and ryabkov["french"].startswith("Les propositions sont")


def test_rows_per_source_and_side():
    table = FROM_SOURCES.groupby(["source_id", "side"]).size()
    states("afp", (table["afp", "US/NATO"], "US/NATO"), (table["afp", "Russia"], "for Russia"), "rt_nrc",
           (table["rt_nrc", "Russia"], "for Russia"), (table["rt_nrc", "US/NATO"], "for the US/NATO"),
           within="sentence")
    states("AFP wire", "afp", "RT", "NATO-Russia Council", "rt_nrc", within="sentence")
    meta = load_sources().set_index("id")
    assert "Washington" in meta.loc["afp", "outlet_chain"] and "Grushko" in meta.loc["rt_nrc", "outlet_chain"]


def test_coverage_numbers():
    cov = coverage_table()
    n_issues, n_sources = cov["issue_id"].nunique(), cov["source_id"].nunique()
    states("coverage_table()", (n_issues, "×", 2, "×", n_sources, "=", len(cov)), within="sentence")
    both = (cov.groupby(["source_id", "issue_id"])["covered"].sum() == 2).groupby("source_id").sum()
    states("no article", "both sides", "more than", (both.max(), "of the", n_issues, "issues"), within="sentence")
    states("no article", "both sides", "more than", (both.max(), "issues"), "coverage grid")  # the summary
    assert both["afp"] == 1
    afp = POS[(POS["source_id"] == "afp") & (POS["issue_id"] == "enlargement")]
    assert set(afp["side"]) == {"Russia", "US/NATO"}
    assert {get_passage(r) for r in afp.to_dict("records")} == {"afp.2", "afp.25"}
    states("AFP wire", (both["afp"], "enlargement"), "afp.2", "afp.25", "Stoltenberg")


def get_passage(row: dict) -> str:
    return find_passage(row["source_id"], row["french"])


def test_gaps_and_closest_passages():
    g = gaps()
    assert (g["in_corpus"] > 0).all()
    states("in_corpus", "never", 0, within="sentence")
    closest = POS[POS["note"].str.contains("closest seed passage", case=False)]
    states((len(closest), "rows"), "closest passage", within="sentence")
    assert set(zip(closest["issue_id"], closest["side"], strict=True)) == {
        ("nuclear_weapons", "US/NATO"), ("sanctions", "Russia"), ("strike_weapons", "US/NATO"),
        ("talks_format", "Russia")}
    states("never state", "US/NATO", "nuclear weapons", "Russia", "sanctions", "missiles", within="sentence")
    troops = POS[(POS["issue_id"] == "combat_troops") & (POS["side"] == "Russia")]
    inside = troops[troops["kind"] != "not in corpus"]
    assert inside["kind"].tolist() == ["editorial framing"]
    outside = troops[troops["kind"] == "not in corpus"].set_index("position_id")
    assert outside["date_said"].dt.strftime("%d %B %Y").to_dict() == {
        "combat_troops-ru-3": "17 December 2021", "combat_troops-ru-2": "17 February 2022"}
    assert outside.loc["combat_troops-ru-3", "date_reported"] < load_sources()["published"].min()  # before them all
    assert "military activity on the territory of Ukraine" in outside.loc["combat_troops-ru-3", "english"]
    said = outside["date_said"]
    states("editorial framing", "draft agreement", said["combat_troops-ru-3"], "e07", "no military activity",
           "Ukraine", "written reply", said["combat_troops-ru-2"])


def test_widget_shows_what_the_prose_describes():
    w = PositionsWidget("ukraine_georgia")
    w.issue.value = "nuclear_weapons"
    assert "dashed" in w.right.value and "dashed" in w.left.value
    nuclear = positions_for("nuclear_weapons")
    west = nuclear[(nuclear["side"] == "US/NATO") & (nuclear["kind"] != "not in corpus")]
    assert west["speaker"].tolist() == ["Jens Stoltenberg"]
    assert "does not mention nuclear weapons" in west.iloc[0]["note"]
    russia = nuclear[(nuclear["side"] == "Russia") & (nuclear["kind"] != "not in corpus")]
    assert russia["speaker"].str.contains("summarised by VOI").all() and "conditional" in russia.iloc[0]["note"]
    states("only US/NATO card", "article", "Stoltenberg", "nuclear weapons", within="sentence")
    states("Russia", "VOI", "conditional", within="sentence")
    w.issue.value = "sanctions"
    sanctions = FROM_SOURCES[FROM_SOURCES["issue_id"] == "sanctions"]["side"].value_counts()
    assert sanctions["Russia"] < sanctions["US/NATO"]  # "this time the left column is the thin one"
    assert "Grushko" in w.left.value


def test_corroboration_numbers():
    has_ref = FROM_SOURCES["reference_url"].str.startswith("http")
    missing = FROM_SOURCES[~has_ref]["side"].value_counts()
    states((len(FROM_SOURCES), "statements"), (has_ref.sum(), "have"), "outside reference",
           ((~has_ref).sum(), "do not"), (missing["Russia"], "on Russia's side"),
           (missing["US/NATO"], "on the US/NATO side"), within="sentence")
    rows = FROM_SOURCES[~has_ref]
    russia = rows[rows["side"] == "Russia"]
    assert set(russia["speaker"]) == {"Sergey Lavrov", "Sergey Ryabkov", "Vladimir Putin",
                                      "Russia (as summarised by VOI)", "RT (editorial framing)"}
    west = rows[rows["side"] == "US/NATO"].iloc[0]
    assert west["source_id"] == "voi" and "VOI's background" in west["note"]


def test_notes_that_correct_the_copy():
    notes = POS.set_index("position_id")["note"]
    assert "10 Jan" in notes["enlargement-west-3"] and "24 Jan" in notes["enlargement-west-3"]
    states("State Department", "RT", "briefing", pd.Timestamp("2022-01-10"), "no source confirms", "Monday",
           pd.Timestamp("2022-01-24"), within="sentence")
    assert "'ne'" in notes["ukraine_georgia-ru-2"] and "never ever" in notes["ukraine_georgia-ru-2"]
    assert "still reads as 'never again'" in notes["ukraine_georgia-ru-2"]
    states("Ryabkov", "never ever", "ne", "plus jamais", '"never again"', "not the opposite")
    assert "aurait" in notes["combat_troops-west-1"] and "CNN" in notes["combat_troops-west-1"]
    refs = POS.set_index("position_id")["reference_url"]
    assert refs["promise_1990s-ru-1"].startswith("http") and refs["promise_1990s-west-2"].startswith("http")
    summary = load_issues().set_index("issue_id").loc["promise_1990s", "summary"]
    assert "debated by historians" in summary


def test_words_quoted_in_the_prose_are_in_our_translations():
    english = POS.set_index("position_id")["english"]
    assert "a matter of life and death" in english["enlargement-ru-2"]
    assert "Russia does not have a veto" in english["enlargement-west-2"]
    assert "only Ukraine and 30 allies can decide" in english["ukraine_georgia-west-1"]
    assert '"never again" [presumably "never ever"]' in english["ukraine_georgia-ru-2"]
    assert "respects the right of every country to choose its own path" in english["enlargement-west-4"]
    states('"a matter of life and death"', '"Russia does not have a veto"', "only Ukraine", (30, "allies"),
           "choose its own path", 'kind "partly quoted"')
    assert "de-escalation measures" in english["exercises-ru-1"] and "ignored" in english["exercises-ru-1"]
    assert "restraint" in english["exercises-ru-2"] and "hotlines" in english["exercises-ru-2"]
    assert "reciprocal limits" in english["exercises-west-2"] and "INF Treaty" in english["strike_weapons-west-2"]
    summaries = load_issues().set_index("issue_id")["summary"]
    assert "de-escalation first" in summaries["exercises"] and "whole package" in summaries["strike_weapons"]
