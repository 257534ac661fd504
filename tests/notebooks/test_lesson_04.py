"""Lesson 04 (positions side by side): its skeleton, and every number and fact its prose states, recomputed."""

from __future__ import annotations

import re

import pytest

from conftest import assert_says, read_lesson
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

NB, MARKDOWN, PROSE = read_lesson("04_positions.ipynb")
CODE = [c for c in NB.cells if c.cell_type == "code"]
POS = load_positions()
STATEMENTS = POS.drop_duplicates("statement_id")
FROM_SOURCES = STATEMENTS[STATEMENTS["kind"] != "not in corpus"]
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 10: "ten", 11: "eleven", 12: "twelve"}


def says(*phrases: str) -> None:
    assert_says(PROSE, *phrases)


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
    says(f"There are {len(POS)} rows: {rows['Russia']} for Russia and {rows['US/NATO']} for the US/NATO",
         f"{len(STATEMENTS)} statements, {st['Russia']} for Russia and {st['US/NATO']} for the US/NATO",
         f"`positions.csv` holds {len(STATEMENTS)} statements ({st['Russia']} of Russia, {st['US/NATO']} of the "
         f"US/NATO) on {WORDS[len(issues)]} issues",
         f"The course splits it into {WORDS[len(issues)]} **issues**")
    cnn = POS[POS["statement_id"] == "arms_control-west-1"]["issue_id"].tolist()
    assert cnn == ["nuclear_weapons", "arms_control", "exercises"]
    says("is a row under arms control, nuclear weapons and exercises")


def test_not_in_corpus_rows():
    outside = POS[POS["kind"] == "not in corpus"]
    sides = outside["side"].value_counts()
    says(f"({len(outside)} statements, {sides['Russia']} for Russia and {sides['US/NATO']} for the US/NATO)",
         f"{WORDS[len(outside)].capitalize()} positions are known only from outside, "
         f"{WORDS[sides['Russia']]} for Russia and {WORDS[sides['US/NATO']]} for the US/NATO")
    assert len(gaps()) == len(outside)


def test_kinds_by_side():
    kinds = STATEMENTS.groupby(["kind", "side"]).size()
    direct = STATEMENTS[STATEMENTS["kind"] == "direct quote"]["side"].value_counts()
    says(f"Whole quotations are rare on both sides: {direct.sum()} statements, {direct['US/NATO']} of the US/NATO "
         f"and {direct['Russia']} of Russia",
         f"in quotation marks: {kinds['partly quoted', 'Russia']} Russian statements and "
         f"{kinds['partly quoted', 'US/NATO']} of the US/NATO",
         f"{kinds['paraphrase', 'Russia']} Russian positions reach us as an outlet's **paraphrase**")
    assert ("paraphrase", "US/NATO") not in kinds.index
    says("and no US/NATO position does")
    russia = STATEMENTS[(STATEMENTS["side"] == "Russia") & (STATEMENTS["kind"] == "direct quote")]
    assert len(russia) == 1 and russia.iloc[0]["position_id"] == "talks_format-ru-4"
    assert russia.iloc[0]["source_id"] == "rt_nrc" and "inferred" in russia.iloc[0]["speaker"]
    says("One row: the pull-quote of `rt_nrc.4`")
    ryabkov = POS.set_index("position_id").loc["talks_format-ru-1"]
    assert ryabkov["kind"] == "partly quoted" and ryabkov["french"].startswith("Les propositions sont")


def test_rows_per_source_and_side():
    table = FROM_SOURCES.groupby(["source_id", "side"]).size()
    says(f"The AFP wire (`afp`) gives {table['afp', 'US/NATO']} US/NATO statements and {table['afp', 'Russia']} for "
         f"Russia; RT's report of the NATO–Russia Council (`rt_nrc`) gives {table['rt_nrc', 'Russia']} for Russia "
         f"and {table['rt_nrc', 'US/NATO']} for the US/NATO")
    meta = load_sources().set_index("id")
    assert "Washington" in meta.loc["afp", "outlet_chain"] and "Grushko" in meta.loc["rt_nrc", "outlet_chain"]


def test_coverage_numbers():
    cov = coverage_table()
    n_issues, n_sources = cov["issue_id"].nunique(), cov["source_id"].nunique()
    says(f"({n_issues} × 2 × {n_sources} = {len(cov)} rows)")
    both = (cov.groupby(["source_id", "issue_id"])["covered"].sum() == 2).groupby("source_id").sum()
    says(f"No article reports both sides on more than {both.max()} of the {n_issues} issues. The AFP wire does on "
         "one, enlargement", f"No article reports both sides on more than {WORDS[both.max()]} issues")
    assert both["afp"] == 1
    afp = POS[(POS["source_id"] == "afp") & (POS["issue_id"] == "enlargement")]
    assert set(afp["side"]) == {"Russia", "US/NATO"}
    assert {get_passage(r) for r in afp.to_dict("records")} == {"afp.2", "afp.25"}
    says("(`afp.2`)", "(`afp.25`)")


def get_passage(row: dict) -> str:
    return find_passage(row["source_id"], row["french"])


def test_gaps_and_closest_passages():
    g = gaps()
    assert (g["in_corpus"] > 0).all()
    says("(`in_corpus` is never 0)")
    closest = POS[POS["note"].str.contains("closest seed passage", case=False)]
    says(f"{WORDS[len(closest)].capitalize()} rows are only the *closest* passage")
    assert set(zip(closest["issue_id"], closest["side"], strict=True)) == {
        ("nuclear_weapons", "US/NATO"), ("sanctions", "Russia"), ("strike_weapons", "US/NATO"),
        ("talks_format", "Russia")}
    says("never state the US/NATO position on US nuclear weapons in Europe, nor Russia's answer to the sanctions "
         "threats, and they give only a general US remark on missiles")
    troops = POS[(POS["issue_id"] == "combat_troops") & (POS["side"] == "Russia")]
    inside = troops[troops["kind"] != "not in corpus"]
    assert inside["kind"].tolist() == ["editorial framing"]
    outside = troops[troops["kind"] == "not in corpus"].set_index("position_id")
    assert outside["date_said"].dt.strftime("%d %B %Y").to_dict() == {
        "combat_troops-ru-3": "17 December 2021", "combat_troops-ru-2": "17 February 2022"}
    assert outside.loc["combat_troops-ru-3", "date_reported"] < load_sources()["published"].min()  # before them all
    assert "military activity on the territory of Ukraine" in outside.loc["combat_troops-ru-3", "english"]
    says("its draft agreement with NATO, published on 17 December 2021 (event `e07`), asks NATO's members to "
         "conduct no military activity in Ukraine", "written reply of 17 February 2022")


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
    says("the only US/NATO card that comes from an article is Stoltenberg's list")
    w.issue.value = "sanctions"
    sanctions = FROM_SOURCES[FROM_SOURCES["issue_id"] == "sanctions"]["side"].value_counts()
    assert sanctions["Russia"] < sanctions["US/NATO"]  # "this time the left column is the thin one"
    assert "Grushko" in w.left.value


def test_corroboration_numbers():
    has_ref = FROM_SOURCES["reference_url"].str.startswith("http")
    missing = FROM_SOURCES[~has_ref]["side"].value_counts()
    says(f"Of the {len(FROM_SOURCES)} statements taken from the articles, {has_ref.sum()} have an outside reference "
         f"and {(~has_ref).sum()} do not: {missing['Russia']} on Russia's side and {missing['US/NATO']} on the "
         "US/NATO side")
    rows = FROM_SOURCES[~has_ref]
    russia = rows[rows["side"] == "Russia"]
    assert set(russia["speaker"]) == {"Sergey Lavrov", "Sergey Ryabkov", "Vladimir Putin",
                                      "Russia (as summarised by VOI)", "RT (editorial framing)"}
    west = rows[rows["side"] == "US/NATO"].iloc[0]
    assert west["source_id"] == "voi" and "VOI's background" in west["note"]


def test_notes_that_correct_the_copy():
    notes = POS.set_index("position_id")["note"]
    assert "10 Jan" in notes["enlargement-west-3"] and "24 Jan" in notes["enlargement-west-3"]
    says("match a briefing of 10 January; no source confirms them for the Monday, 24 January")
    assert "'ne'" in notes["ukraine_georgia-ru-2"] and "never ever" in notes["ukraine_georgia-ru-2"]
    assert "still reads as 'never again'" in notes["ukraine_georgia-ru-2"]
    says("still means \"never again\": not the opposite")
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
    says('"a matter of life and death"', '"Russia does not have a veto"', "only Ukraine and the 30 allies decide",
         "the alliance respects each country's right to choose its own path",
         'kind "partly quoted"')
    assert "de-escalation measures" in english["exercises-ru-1"] and "ignored" in english["exercises-ru-1"]
    assert "restraint" in english["exercises-ru-2"] and "hotlines" in english["exercises-ru-2"]
    assert "reciprocal limits" in english["exercises-west-2"] and "INF Treaty" in english["strike_weapons-west-2"]
    summaries = load_issues().set_index("issue_id")["summary"]
    assert "de-escalation first" in summaries["exercises"] and "whole package" in summaries["strike_weapons"]
