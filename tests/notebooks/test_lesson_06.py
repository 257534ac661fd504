"""Lesson 06 (synthesis): the skeleton, and every number and fact its prose states, recomputed from the data."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import NUMBER_WORDS, assert_states, stated, weekday_and_date
from helpers import (
    CourseError,
    broken_quotes,
    epilogue,
    evidence_table,
    get_source,
    hindsight_check,
    list_sources,
    load_events,
    load_sources,
)
from helpers.analysis.codebook import quotation_marks

ROOT = Path(__file__).resolve().parents[2]
NB = nbformat.read(ROOT / "lessons" / "06_synthesis.ipynb", as_version=4)
MARKDOWN = [c.source for c in NB.cells if c.cell_type == "markdown"]
SKELETON = ["## Overview", "## Prerequisites", "## Time to learn", "## Imports", "## Summary", "## What's next"]
TABLE = evidence_table(as_of="2022-01-26")
SOURCES = load_sources()


def states(*facts, within: str = "paragraph") -> None:
    """The facts (numbers, dates, names, ids) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


def code_cell(fragment: str) -> nbformat.NotebookNode:
    cells = [c for c in NB.cells if c.cell_type == "code" and fragment in c.source]
    assert len(cells) == 1, f"expected one code cell with {fragment!r}, found {len(cells)}"
    return cells[0]


def checked_output(fragment: str) -> str:
    """The saved text output of the nbval-check-output cell whose code contains ``fragment``."""
    cell = code_cell(fragment)
    assert "nbval-check-output" in cell.metadata.get("tags", []), f"{fragment!r} is not a checked cell"
    out = []
    for o in cell.outputs:
        out.append(o.get("text", "") if o["output_type"] == "stream" else o.get("data", {}).get("text/plain", ""))
    return "".join(out)


def section(heading: str) -> int:
    """Index of the markdown cell that opens with ``heading``."""
    found = [i for i, c in enumerate(NB.cells) if c.cell_type == "markdown" and c.source.startswith(heading)]
    assert len(found) == 1, heading
    return found[0]


# ---------------------------------------------------------------- skeleton and hygiene


def test_title_and_skeleton():
    first = NB.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# Synthesis: a briefing note as of 26 January 2022\n")
    titles = [line for md in MARKDOWN for line in md.splitlines() if re.match(r"^# \S", line)]
    assert len(titles) == 1
    heads = [line.strip() for md in MARKDOWN for line in md.splitlines() if line.startswith("## ")]
    where = [heads.index(h) for h in SKELETON]
    assert where == sorted(where), heads
    seps = [i for i, c in enumerate(NB.cells) if c.cell_type == "markdown" and c.source.strip() == "---"]
    assert len(seps) >= 6
    # every numbered section starts right after a --- cell
    for i, c in enumerate(NB.cells):
        if c.cell_type == "markdown" and re.match(r"^## \d\. ", c.source):
            assert NB.cells[i - 1].source.strip() == "---", c.source.splitlines()[0]


def test_overview_lists_the_objectives():
    text = NB.cells[section("## Overview")].source
    for words in ("evidence table", "filter", "citing passages by id", "hindsight", "reliability", "what came after"):
        assert words in text


def test_prerequisites_link_the_earlier_lessons():
    text = NB.cells[section("## Prerequisites")].source
    for name in ("01_sources", "02_timeline", "03_voices", "04_positions", "05_words"):
        assert f"({name}.ipynb)" in text


def test_one_deliberate_error_that_names_the_fix():
    cells = [c for c in NB.cells if "raises-exception" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    assert cells[0].source.strip() == 'hindsight_check("Russia is about to invade Ukraine.")'
    with pytest.raises(CourseError, match="one string: put it in a claim with its evidence"):
        hindsight_check("Russia is about to invade Ukraine.")


# ---------------------------------------------------------------- French in the prose


def test_french_in_prose_is_verbatim_and_translated():
    texts = [s.body + s.boilerplate + s.comments for s in map(get_source, list_sources())]
    spans = 0
    for md in MARKDOWN:
        for m in re.finditer(r'<span lang="fr">(.*?)</span>', md, flags=re.S):
            spans += 1
            assert any(m.group(1) in t for t in texts), f"not verbatim in any source: {m.group(1)!r}"
            assert "our translation" in md[m.end():m.end() + 40], f"no translation beside {m.group(1)!r}"
    assert spans >= 7


def test_worked_paragraph_cites_each_quote_to_the_passage_that_holds_it():
    paragraph = next(md for md in MARKDOWN if "> **NATO enlargement.**" in md)
    quotes = list(re.finditer(r'<span lang="fr">(.*?)</span>', paragraph, flags=re.S))
    assert len(quotes) == 4
    cited = []
    for m in quotes:
        pid = re.search(r"\[(\w+\.\d+)\]", paragraph[m.end():]).group(1)
        sid = pid.split(".")[0]
        assert m.group(1) in get_source(sid).passage(pid), (m.group(1), pid)
        cited.append(pid)
    assert cited == ["rt_cnn.7", "rt_nrc.5", "rt_nrc.6", "rt_cnn.3"]
    # ... and each is a row of the evidence table, two per side
    rows = TABLE[TABLE["passage_id"].isin(cited) & TABLE["issue_id"].isin(["enlargement", "indivisible_security"])]
    chosen = ["enlargement-ru-1", "indivisible_security-ru-1", "enlargement-west-2", "indivisible_security-west-1"]
    assert set(chosen) <= set(rows["position_id"])
    used = TABLE.set_index("position_id").loc[chosen]
    assert used["side"].value_counts().to_dict() == {"Russia": 2, "US/NATO": 2}
    assert code_cell("chosen = [").source.count('"') >= 8 and all(p in code_cell("chosen = [").source for p in chosen)


def test_worked_paragraph_reliability_note_is_true():
    used = TABLE.set_index("position_id").loc[
        ["enlargement-ru-1", "indivisible_security-ru-1", "enlargement-west-2", "indivisible_security-west-1"]]
    assert set(used["source_id"]) <= {"rt_nrc", "rt_cnn"}
    assert (SOURCES.set_index("id").loc[list(used["source_id"]), "machine_translated"] == "yes").all()
    states("Reliability", ("all", NUMBER_WORDS[len(used)], "passages"), "RT", "machine translation", within="sentence")
    assert used["kind"].tolist() == ["partly quoted", "reported speech", "partly quoted", "direct quote"]
    partly = int((used["kind"] == "partly quoted").sum())
    states((partly, "of them"), "Lavrov", ("Stoltenberg", pd.Timestamp("2022-01-12")), "quotation marks",
           ("Grushko", "RT's report"), "no quotation marks", ("only", "Stoltenberg", "CNN"), "whole quotation",
           within="sentence")


def test_worked_paragraph_puts_no_paraphrase_in_guillemets():
    """Issue 9: RT's paraphrase of Grushko (rt_nrc.5, no quotation marks) must not appear as his words."""
    paragraph = next(md for md in MARKDOWN if "> **NATO enlargement.**" in md)
    for m in re.finditer(r'<span lang="fr">(.*?)</span>', paragraph, flags=re.S):
        before = paragraph[max(0, m.start() - 3):m.start()]
        pid = re.search(r"\[(\w+\.\d+)\]", paragraph[m.end():]).group(1)
        marks = quotation_marks(pid.split(".")[0], m.group(1))["marks"]
        assert ("«" in before) == (marks in ("whole", "part of one", "some")), (m.group(1), marks)
    # "on these two issues our sources never quote a Russian official in full"
    worked = TABLE[TABLE["issue_id"].isin(["enlargement", "indivisible_security"]) & (TABLE["passage_id"] != "")]
    states(("these", 2, "issues"), "never quote", "Russian official", "in full", "only full quotation", "NATO's",
           within="sentence")
    assert "direct quote" not in set(worked.loc[worked["side"] == "Russia", "kind"])
    assert "direct quote" in set(worked.loc[worked["side"] == "US/NATO", "kind"])


def test_citation_check_cell_shows_all_true():
    out = checked_output("checks.append(")
    assert out.count("True") == 8 and "False" not in out


def test_intro_quote_is_from_rt_cnn_1():
    assert "plus tard cette semaine" in get_source("rt_cnn").passage("rt_cnn.1")
    assert "a déclaré mardi" in get_source("rt_cnn").passage("rt_cnn.1")  # "the day before" 26 Jan
    states("briefing note", ("Wednesday", pd.Timestamp("2022-01-26")))
    states("the day before", "NATO's Secretary General", "written answer", "plus tard cette semaine", "rt_cnn.1",
           within="sentence")


# ---------------------------------------------------------------- numbers and facts stated in the prose


def test_section_1_last_source():
    last = SOURCES.loc[SOURCES["published"].idxmax()]
    assert last["id"] == "rt_cnn" and f"{last['published']:%A %d %B %Y}" == "Tuesday 25 January 2022"
    states("last source", last["id"], weekday_and_date(last["published"]), "inferred", within="sentence")
    cell = code_cell("timeline_chart(")
    assert 'as_of="2022-01-26"' in cell.source and '<= "2022-01-26"' in cell.source


def test_table_size_and_sides():
    n_rows, n_cols = TABLE.shape
    assert checked_output("table.shape").strip() == f"({n_rows}, {n_cols})"
    per_side = TABLE["side"].value_counts()
    states((n_rows, "rows"), "one per statement and issue", (n_cols, "columns"), (per_side["Russia"], "for Russia"),
           (per_side["US/NATO"], "for the US/NATO"), within="sentence")
    statements = TABLE[TABLE["kind"] != "gap"].drop_duplicates("statement_id")["side"].value_counts()
    states("statement_id", (statements.sum(), "statements"), (statements["Russia"], "of Russia"),
           (statements["US/NATO"], "of the US/NATO"), within="sentence")


def test_outside_references_count():
    outside = TABLE[TABLE["kind"] == "not in corpus"]
    per_side = outside["side"].value_counts()
    states((len(outside), "rows"), (per_side["Russia"], "for Russia"), (per_side["US/NATO"], "for the US/NATO"),
           "outside references", within="sentence")


def test_exactly_one_flagged_row_as_described():
    flagged = TABLE[TABLE["after_as_of"]]
    assert len(flagged) == 1
    row = flagged.iloc[0]
    states(("exactly", NUMBER_WORDS[len(flagged)], "row"), "flagged", row["speaker"], "public",
           row["date_reported"], within="sentence")
    assert row["issue_id"] == "combat_troops" and row["position_id"] == "combat_troops-ru-2"
    assert row["source_id"] == "" and row["date_reported"] > pd.Timestamp("2022-01-26")
    draft = TABLE.set_index("position_id").loc["combat_troops-ru-3"]
    assert not draft["after_as_of"] and draft["date_reported"] == pd.Timestamp("2021-12-17")
    states("draft agreement", "NATO", draft["date_reported"], "combat_troops-ru-3", "outside reference",
           within="sentence")


def test_every_issue_has_both_sides_and_combat_troops_russia_is_rt_framing():
    knowable = TABLE[~TABLE["after_as_of"]]
    counts = pd.crosstab(knowable["issue_id"], knowable["side"])
    assert len(counts) == 12 and (counts >= 1).all().all()
    states(pd.Timestamp("2022-01-26"), "every issue", "at least one row", "each side", within="sentence")
    ru = knowable[(knowable["issue_id"] == "combat_troops") & (knowable["side"] == "Russia")]
    inside = ru[ru["source_id"] != ""]
    assert len(inside) == 1 and inside["passage_id"].iloc[0] == "rt_cnn.4"
    assert inside["kind"].iloc[0] == "editorial framing"
    assert set(ru.loc[ru["source_id"] == "", "position_id"]) == {"combat_troops-ru-3"}
    states("combat_troops", "Russia's only row", "rt_cnn.4", "RT's own editorial framing", "entraînement",
           "Russia's official position", "outside the sources", pd.Timestamp("2021-12-17"), within="sentence")


def test_gaps_on_27_december():
    early = evidence_table(as_of="2021-12-27")
    n = int((early["kind"] == "gap").sum())
    states((n, "issue-side pairs"), "gaps", pd.Timestamp("2021-12-27"), within="sentence")
    assert len(re.findall(r"no (?:Russia|US/NATO) position", checked_output('early["kind"] == "gap"'))) == n


def test_reliability_numbers():
    states("Machine translation.", ("all", NUMBER_WORDS[len(SOURCES)], "sources"), "machine translations",
           "none", "first-hand French report")
    assert len(SOURCES) == 5 and SOURCES["machine_translated"].str.startswith("yes").all()
    st = TABLE[TABLE["kind"] != "gap"].drop_duplicates("statement_id")
    by = pd.crosstab(st["source_id"], st["side"])
    n_ru, n_west = (st["side"] == "Russia").sum(), (st["side"] == "US/NATO").sum()
    rt_ru = int(by.loc[["rt_nrc", "rt_cnn"], "Russia"].sum())
    rt_west = int(by.loc[["rt_nrc", "rt_cnn"], "US/NATO"].sum())
    states((n_ru, "Russian statements"), (rt_ru, "come through RT"), "rt_nrc", "rt_cnn",
           (int(by.loc["topcor", "Russia"]), "through topcor"), within="sentence")
    states((n_west, "US/NATO statements"), (rt_west, "come through RT"),
           ("AFP wire carries", int(by.loc["afp", "US/NATO"])), ("topcor", int(by.loc["topcor", "US/NATO"])),
           within="sentence")
    inside = by.drop("", errors="ignore")
    in_ru, in_west = int(inside["Russia"].sum()), int(inside["US/NATO"].sum())
    assert rt_ru / in_ru > 0.5 and rt_west / in_west == 0.25  # "more than half", "a quarter"
    states("RT", ("more than half", "Russian statements"), (len(SOURCES), "sources"), (rt_ru, "of", in_ru),
           ("a quarter", "US/NATO's"), (rt_west, "of", in_west), within="sentence")
    states("machine-translated", ("more than half", "Russia's statements"), "RT", ("a quarter", "US/NATO's"),
           within="sentence")  # the note's own paragraph on reliability
    assert stated(MARKDOWN, "most", "both sides", "through RT", within="sentence") is None
    assert "RT" in SOURCES.set_index("id").loc["rt_nrc", "outlet"] and "RT" in SOURCES.set_index("id").loc[
        "rt_cnn", "outlet"]


def test_afp_gaps():
    broken = broken_quotes("afp")
    states((len(broken), "broken quotation marks"), "afp.5", "afp.17")
    assert {"afp.5", "afp.17"} <= set(broken["passage_id"])
    assert get_source("afp").passage("afp.5").startswith("parce que")  # no speaker left in afp.5
    assert "Blinken" not in get_source("afp").passage("afp.5")


def test_outrepasse_and_entrainement_are_where_the_prose_says():
    assert "outrepassé" in get_source("voi").passage("voi.10")
    assert '"entraînement"' in get_source("rt_cnn").passage("rt_cnn.4")


def test_inferred_dates_and_undated_reposts():
    states(("every", "published", "date"), "inferred", "high", "not full confidence", within="sentence")
    states("rt_nrc", "rt_cnn", "undated", "English originals", within="sentence")
    conf = SOURCES.set_index("id")["published_confidence"]
    assert conf.str.startswith("high").all()
    assert "French repost is undated" in conf["rt_nrc"] and "French repost is undated" in conf["rt_cnn"]


# ---------------------------------------------------------------- hindsight check in the lesson


def sample_claims() -> pd.DataFrame:
    namespace = {"pd": pd, "hindsight_check": hindsight_check}
    exec(code_cell("claims = pd.DataFrame(").source, namespace)  # noqa: S102 - the lesson's own code
    return namespace["checked"]


def test_seven_sample_claims_get_the_statuses_the_prose_discusses():
    checked = sample_claims()
    assert len(checked) == 7
    states((len(checked), "sample claims"), within="sentence")
    assert checked["status"].tolist() == [
        "ok", "ok", "possible hindsight", "possible hindsight", "hindsight", "hindsight", "check"]
    saved = checked_output("claims = pd.DataFrame(")
    for s in checked["status"]:
        assert s in saved
    states(("Claims", 1, "and", 2), "sources", pd.Timestamp("2022-01-26"), "fine")
    assert "if Russia invades" in checked["text"].iloc[2]
    states(("Claim", 3), checked["status"].iloc[2], '"invades"', "condition", "afp.9")
    assert checked["latest"].iloc[3] == pd.Timestamp("2022-01-26")
    states(("Claim", 4), "event", checked["latest"].iloc[3], within="sentence")
    states(("Claim", 7), "cites nothing", "not hindsight")


def test_claim_3_source_uses_invasion_as_a_condition():
    assert "si la Russie envahissait" in get_source("afp").passage("afp.9")


def test_claim_5_is_true_before_26_january_but_rests_on_later_evidence():
    checked = sample_claims()
    assert checked["latest"].iloc[4] > pd.Timestamp("2022-01-26")
    enl = TABLE[(TABLE["issue_id"] == "enlargement") & (TABLE["side"] == "US/NATO")]
    assert (enl["date_said"] < pd.Timestamp("2022-01-26")).sum() >= 2  # "said again and again before 26 January"


def test_reasons_cell_prints_every_reason():
    saved = checked_output("row.reasons")
    for n in range(1, 8):
        assert re.search(rf"^{n}\. [A-Z ]+$", saved, flags=re.M)
    assert "after 2022-01-26" in saved


# ---------------------------------------------------------------- the epilogue is set apart and true


def test_epilogue_is_a_boxed_separate_section_after_the_evidence():
    start = section("## 6. Epilogue: what came after")
    assert NB.cells[start - 1].source.strip() == "---"
    assert 'class="alert' in NB.cells[start].source and "<b>Beyond the corpus.</b>" in NB.cells[start].source
    assert "None of it is in the sources" in NB.cells[start].source
    end = next(i for i in range(start, len(NB.cells)) if "<b>End of the epilogue.</b>" in NB.cells[i].source)
    assert NB.cells[end + 1].source.strip() == "---"
    assert section("## 7. Reflection: reading sources") > end
    # before the epilogue, the prose names no later event by id
    later_ids = set(epilogue()["event_id"])
    for c in NB.cells[:start]:
        if c.cell_type == "markdown":
            assert not (set(re.findall(r"\be\d+\b", c.source)) & later_ids), c.source[:80]


def test_epilogue_numbers_and_events():
    ep = epilogue()
    last = SOURCES["published"].max()
    days = int((ep["date"].max() - last).days)
    states((len(ep), "events"), (days, "days"), "after our last source", within="sentence")
    states("after the last", ("five sources", last, "inferred"), "none of it", "26 January 2022")
    ev = load_events().set_index("event_id")
    later = [("e37", "2022-01-26"), ("e41", "2022-02-02"), ("e45", "2022-02-17"), ("e46", "2022-02-21"),
             ("e48", "2022-02-24")]
    for eid, day in later:
        assert f"{ev.loc[eid, 'date']:%Y-%m-%d}" == day
    states((len(ep), "events"), *(ev.loc[eid, "date"] for eid, _ in later), *(eid for eid, _ in later), "El País",
           "DPR", "LPR", "special military operation", "invasion")
    assert "El País" in ev.loc["e41", "title"] and "confidential" in ev.loc["e41", "what"]
    assert "constructively" in ev.loc["e45", "what"] and "DPR" in ev.loc["e46", "title"]
    assert "invasion" in ev.loc["e48", "title"]
    saved = html.unescape(checked_output("event_references(after)"))  # the links of the saved output
    for url in (u.strip() for refs in ep["reference_url"] for u in refs.split(";") if u.strip()):
        assert url in saved


def test_reflection_and_summary():
    text = NB.cells[section("## 7. Reflection: reading sources")].source
    assert "not told you what to think" in text
    summary = NB.cells[section("## Summary")].source
    for name in ("evidence_table", "hindsight_check"):
        assert name in summary
    assert "exercises/06_synthesis.ipynb" in NB.cells[section("## What's next")].source
