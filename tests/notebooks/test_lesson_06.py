"""Lesson 06 (synthesis): the skeleton, and every number and fact its prose states, recomputed from the data."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

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
# All markdown as one line, without blockquote markers and HTML tags, so that a phrase may run over a line break.
PROSE = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.sub(r"(?m)^> ?", "", "\n".join(MARKDOWN))))
SKELETON = ["## Overview", "## Prerequisites", "## Time to learn", "## Imports", "## Summary", "## What's next"]
TABLE = evidence_table(as_of="2022-01-26")
SOURCES = load_sources()


def says(phrase: str) -> bool:
    return phrase in PROSE


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
    assert says("all four passages reach us through RT and a machine translation")
    assert set(used["source_id"]) <= {"rt_nrc", "rt_cnn"}
    assert (SOURCES.set_index("id").loc[list(used["source_id"]), "machine_translated"] == "yes").all()
    assert says("Two of them (Lavrov, Stoltenberg on 12 January) are RT's sentences with a word or a phrase in "
                "quotation marks")
    assert used["kind"].tolist() == ["partly quoted", "reported speech", "partly quoted", "direct quote"]
    assert says("Grushko's is RT's report with no quotation marks at all")
    assert says("only Stoltenberg's words to CNN are a whole quotation")


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
    assert says("on these two issues our sources never quote a Russian official in full")
    assert "direct quote" not in set(worked.loc[worked["side"] == "Russia", "kind"])
    assert "direct quote" in set(worked.loc[worked["side"] == "US/NATO", "kind"])


def test_citation_check_cell_shows_all_true():
    out = checked_output("checks.append(")
    assert out.count("True") == 8 and "False" not in out


def test_intro_quote_is_from_rt_cnn_1():
    assert "plus tard cette semaine" in get_source("rt_cnn").passage("rt_cnn.1")
    assert "a déclaré mardi" in get_source("rt_cnn").passage("rt_cnn.1")  # "the day before" 26 Jan
    assert says("The day before, NATO's Secretary General had said")


# ---------------------------------------------------------------- numbers and facts stated in the prose


def test_section_1_last_source():
    last = SOURCES.loc[SOURCES["published"].idxmax()]
    assert last["id"] == "rt_cnn" and f"{last['published']:%A %d %B %Y}" == "Tuesday 25 January 2022"
    assert says("The last source, `rt_cnn`, dates from Tuesday 25 January 2022")
    cell = code_cell("timeline_chart(")
    assert 'as_of="2022-01-26"' in cell.source and '<= "2022-01-26"' in cell.source


def test_table_size_and_sides():
    n_rows, n_cols = TABLE.shape
    assert checked_output("table.shape").strip() == f"({n_rows}, {n_cols})"
    assert says(f"{n_rows} rows (one per statement and issue) and {n_cols} columns")
    per_side = TABLE["side"].value_counts()
    assert says(f"{per_side['Russia']} for Russia and {per_side['US/NATO']} for the US/NATO")
    statements = TABLE[TABLE["kind"] != "gap"].drop_duplicates("statement_id")["side"].value_counts()
    assert says(f"there are {statements.sum()} statements, {statements['Russia']} of Russia and "
                f"{statements['US/NATO']} of the US/NATO")


def test_outside_references_count():
    outside = TABLE[TABLE["kind"] == "not in corpus"]
    per_side = outside["side"].value_counts()
    assert says(f"{len(outside)} rows ({per_side['Russia']} for Russia, {per_side['US/NATO']} for the US/NATO) are "
                "outside references")


def test_exactly_one_flagged_row_as_described():
    flagged = TABLE[TABLE["after_as_of"]]
    assert len(flagged) == 1 and says("Exactly one row is flagged")
    row = flagged.iloc[0]
    assert says(f"a statement by the {row['speaker']} made public on {row['date_reported']:%d %B %Y}")
    assert row["issue_id"] == "combat_troops" and row["position_id"] == "combat_troops-ru-2"
    assert row["source_id"] == "" and row["date_reported"] > pd.Timestamp("2022-01-26")
    draft = TABLE.set_index("position_id").loc["combat_troops-ru-3"]
    assert not draft["after_as_of"] and draft["date_reported"] == pd.Timestamp("2021-12-17")
    assert says("its draft agreement with NATO of 17 December 2021 states it (`combat_troops-ru-3`")


def test_every_issue_has_both_sides_and_combat_troops_russia_is_rt_framing():
    knowable = TABLE[~TABLE["after_as_of"]]
    counts = pd.crosstab(knowable["issue_id"], knowable["side"])
    assert len(counts) == 12 and (counts >= 1).all().all()
    assert says("On 26 January every issue has at least one row for each side")
    ru = knowable[(knowable["issue_id"] == "combat_troops") & (knowable["side"] == "Russia")]
    inside = ru[ru["source_id"] != ""]
    assert len(inside) == 1 and inside["passage_id"].iloc[0] == "rt_cnn.4"
    assert inside["kind"].iloc[0] == "editorial framing"
    assert set(ru.loc[ru["source_id"] == "", "position_id"]) == {"combat_troops-ru-3"}
    assert says("Russia's only row from our sources comes from `rt_cnn.4`, and it is **RT's own editorial framing**")
    assert says("Russia's official position comes from outside the sources, in its draft of 17 December")


def test_gaps_on_27_december():
    early = evidence_table(as_of="2021-12-27")
    n = int((early["kind"] == "gap").sum())
    assert says(f"{n} issue–side pairs are gaps on 27 December")
    assert len(re.findall(r"no (?:Russia|US/NATO) position", checked_output('early["kind"] == "gap"'))) == n


def test_reliability_numbers():
    assert says("All five sources are machine translations")
    assert len(SOURCES) == 5 and SOURCES["machine_translated"].str.startswith("yes").all()
    st = TABLE[TABLE["kind"] != "gap"].drop_duplicates("statement_id")
    by = pd.crosstab(st["source_id"], st["side"])
    n_ru, n_west = (st["side"] == "Russia").sum(), (st["side"] == "US/NATO").sum()
    rt_ru = int(by.loc[["rt_nrc", "rt_cnn"], "Russia"].sum())
    rt_west = int(by.loc[["rt_nrc", "rt_cnn"], "US/NATO"].sum())
    assert says(f"of the {n_ru} Russian statements, {rt_ru} come through RT (`rt_nrc`, `rt_cnn`)")
    assert says(f"and {int(by.loc['topcor', 'Russia'])} through `topcor`, a Russian site")
    assert says(f"Of the {n_west} US/NATO statements, {rt_west} come through RT")
    assert says(f"while the AFP wire carries {int(by.loc['afp', 'US/NATO'])} and `topcor` "
                f"{int(by.loc['topcor', 'US/NATO'])}")
    inside = by.drop("", errors="ignore")
    in_ru, in_west = int(inside["Russia"].sum()), int(inside["US/NATO"].sum())
    assert rt_ru / in_ru > 0.5 and rt_west / in_west == 0.25  # "more than half", "a quarter"
    assert says(f"RT carries more than half of the Russian statements that our five sources give ({rt_ru} of {in_ru}), "
                f"and a quarter of the US/NATO's ({rt_west} of {in_west})")
    assert says("more than half of Russia's statements in the sources reach us through RT, and a quarter of the "
                "US/NATO's")
    assert not says("most of it, for both sides, reaches us through RT")
    assert "RT" in SOURCES.set_index("id").loc["rt_nrc", "outlet"] and "RT" in SOURCES.set_index("id").loc[
        "rt_cnn", "outlet"]


def test_afp_gaps():
    broken = broken_quotes("afp")
    assert says(f"{len(broken)} broken quotation marks")
    assert {"afp.5", "afp.17"} <= set(broken["passage_id"])
    assert get_source("afp").passage("afp.5").startswith("parce que")  # no speaker left in afp.5
    assert "Blinken" not in get_source("afp").passage("afp.5")


def test_outrepasse_and_entrainement_are_where_the_prose_says():
    assert "outrepassé" in get_source("voi").passage("voi.10")
    assert '"entraînement"' in get_source("rt_cnn").passage("rt_cnn.4")


def test_inferred_dates_and_undated_reposts():
    assert says("every `published` date was inferred")
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
    assert says("Here are seven sample claims") and len(checked) == 7
    assert checked["status"].tolist() == [
        "ok", "ok", "possible hindsight", "possible hindsight", "hindsight", "hindsight", "check"]
    saved = checked_output("claims = pd.DataFrame(")
    for s in checked["status"]:
        assert s in saved
    assert says("Claims 1 and 2 rest on sources published by 26 January")
    assert says('Claim 3 is *possible* hindsight only because of the word "invades"')
    assert "if Russia invades" in checked["text"].iloc[2]
    assert says("Claim 4 rests on an event of 26 January itself")
    assert checked["latest"].iloc[3] == pd.Timestamp("2022-01-26")
    assert says("Claim 7 cites nothing")


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
    assert says(f"{len(ep)} events in the {days} days after our last source")
    assert says(f"after the last of our five sources ({last.day} {last:%B %Y}, inferred)")
    ev = load_events().set_index("event_id")
    for eid, day in [("e37", "2022-01-26"), ("e41", "2022-02-02"), ("e45", "2022-02-17"), ("e46", "2022-02-21"),
                     ("e48", "2022-02-24")]:
        assert f"{ev.loc[eid, 'date']:%Y-%m-%d}" == day and f"({eid})" in PROSE
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
