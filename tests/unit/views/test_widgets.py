"""Widgets as Python objects: set a value, assert on what the callback changed (ipywidgets' own way)."""

from __future__ import annotations

import html
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from conftest import add_row, assert_well_formed
from helpers import (
    ENV_VAR,
    CourseError,
    PositionsWidget,
    SourceReader,
    TimelinePicker,
    load_events,
    load_issues,
    load_positions,
    load_sources,
)
from helpers.views.palette import SIDE_COLORS

EVIL = "<script>alert('x')</script>"
ARTICLE = f"""Titre {EVIL}

Le porte-parole Sergueï Lavrov a déclaré : « {EVIL} & co », selon l'agence.

Fin <img src=x onerror=alert(1)>.
"""


def inject(corpus: Path) -> Path:
    """A copy of the seeds with a source, a position and an event full of HTML."""
    (corpus / "articles" / "999_inject.txt").write_text(ARTICLE, encoding="utf-8")
    add_row(corpus / "sources.csv", {"id": "inject", "file": "articles/999_inject.txt", "title": f"T {EVIL}",
                                     "title_en": f"E {EVIL}", "published": "2022-01-10", "notes": "<u>n</u>"})
    add_row(corpus / "positions.csv", {
        "position_id": "inject-ru-1", "issue_id": "nuclear_weapons", "side": "Russia", "speaker": "<b>Evil</b>",
        "speaker_role": "<i>role</i>", "date": "2022-01-10", "source_id": "inject", "kind": "direct quote",
        "french": f"{EVIL} & co", "english": f"<em>{EVIL}</em>", "reference_url": "https://example.org/?a=<x>",
        "note": "<u>note</u>",
    })
    add_row(corpus / "events.csv", {"event_id": "e99", "date": "2022-01-10", "weekday": "Mon", "title": EVIL,
                                    "what": "<b>what</b>", "who": "Sergey Lavrov", "where": "<i>here</i>",
                                    "reference_url": "https://example.org/<x>", "source_ids": "inject",
                                    "kind": "statement"})
    return corpus


def assert_escaped(page: str) -> None:
    for tag in ("<script", "<img", "<b>Evil", "<i>role", "<u>n", "<em>", "<b>what", "<i>here", "<x>"):
        assert tag not in page, f"unescaped {tag!r}"


def visible_positions(issue_id: str, side: str) -> pd.DataFrame:
    pos = load_positions()
    return pos[(pos["issue_id"] == issue_id) & (pos["side"] == side)]


# ---------------------------------------------------------------- PositionsWidget


def test_positions_widget_layout_two_columns_with_headers_in_colour_and_text():
    w = PositionsWidget()
    assert isinstance(w, widgets.Box)
    assert w.issue.value == load_issues()["issue_id"].iloc[0]
    assert [label for label, _ in w.issue.options] == load_issues()["title"].tolist()
    columns = [c for c in w.children if isinstance(c, widgets.HBox)][0]
    assert list(columns.children) == [w.left, w.right]
    for panel, side in ((w.left, "Russia"), (w.right, "US/NATO")):
        header = panel.value.split("</div>")[0]
        assert SIDE_COLORS[side] in header and html.escape(side) in header


def test_changing_the_issue_updates_question_and_both_panels():
    w = PositionsWidget()
    before = (w.left.value, w.right.value)
    w.issue.value = "nuclear_weapons"
    assert (w.left.value, w.right.value) != before
    question = load_issues().set_index("issue_id").loc["nuclear_weapons", "question"]
    assert html.escape(question) in w.question.value
    for panel, side in ((w.left, "Russia"), (w.right, "US/NATO")):
        rows = visible_positions("nuclear_weapons", side)
        assert len(rows), f"no {side} rows on nuclear_weapons"
        inside = rows[rows["kind"] != "not in corpus"]
        for r in inside.to_dict("records"):
            assert html.escape(r["speaker"]) in panel.value
            assert html.escape(r["french"]) in panel.value  # the French words, verbatim
            assert html.escape(r["english"]) in panel.value
            assert f"Source <b>{r['source_id']}</b>, passage <b>{r['source_id']}." in panel.value
        # every French quote shown sits beside "our translation"
        assert panel.value.count("French (as published)") == len(inside)
        assert panel.value.count("English — our translation") == len(inside)
        assert panel.value.count("<details>") == len(inside)  # the cited passage
        for r in rows[rows["kind"] == "not in corpus"].to_dict("records"):
            assert "Not in the five sources — outside reference" in panel.value
            assert html.escape(r["reference_url"].split(";")[0].strip()) in panel.value


def test_every_issue_gives_well_formed_panels_with_both_sides():
    w = PositionsWidget()
    for issue_id in load_issues()["issue_id"]:
        w.issue.value = issue_id
        for panel in (w.left, w.right, w.question):
            assert_well_formed(panel.value)
        assert "French (as published)" in w.left.value + w.right.value or "No statement" in w.left.value


def test_other_issue_shows_its_own_speakers():
    w = PositionsWidget("nuclear_weapons")
    w.issue.value = "sanctions"
    for r in visible_positions("sanctions", "US/NATO").to_dict("records"):
        if r["kind"] != "not in corpus":
            assert html.escape(r["french"]) in w.right.value
    nuclear_only = set(visible_positions("nuclear_weapons", "US/NATO")["french"]) - set(
        visible_positions("sanctions", "US/NATO")["french"]) - {""}
    assert nuclear_only and not any(html.escape(f) in w.right.value for f in nuclear_only)


def test_a_side_with_only_outside_references_shows_the_gap_box(corpus):
    pos = corpus / "positions.csv"
    frame = pd.read_csv(pos, dtype=str, keep_default_na=False)
    keep = ~((frame["issue_id"] == "nuclear_weapons") & (frame["side"] == "Russia")
             & (frame["kind"] != "not in corpus"))
    frame[keep].to_csv(pos, index=False)
    w = PositionsWidget("nuclear_weapons", data_dir=corpus)
    assert "No statement by Russia on this issue in the five sources — outside reference:" in w.left.value
    assert "French (as published)" not in w.left.value
    gap = frame[(frame["issue_id"] == "nuclear_weapons") & (frame["side"] == "Russia")].iloc[0]
    assert html.escape(gap["reference_url"].split(";")[0].strip()) in w.left.value
    assert "No statement by US/NATO" not in w.right.value


def test_a_side_with_no_rows_at_all_shows_a_gap(corpus):
    pos = corpus / "positions.csv"
    frame = pd.read_csv(pos, dtype=str, keep_default_na=False)
    frame[~((frame["issue_id"] == "sanctions") & (frame["side"] == "US/NATO"))].to_csv(pos, index=False)
    w = PositionsWidget("sanctions", data_dir=corpus)
    assert "No statement by US/NATO on this issue in the five sources" in w.right.value
    assert "no outside reference" in w.right.value


def test_cards_show_when_words_were_said_and_when_reported():
    """Issue 9: Ryabkov's "not a menu" was said 'à l'époque' (December 2021), not on 25 Jan, the day RT reported it."""
    w = PositionsWidget("talks_format")
    assert "said: date not known · reported Tue 25 Jan 2022 (rt_cnn)" in w.left.value
    assert "said Wed 12 Jan 2022 · reported Wed 12 Jan 2022 (rt_nrc)" in w.left.value  # Grushko's pull-quote
    assert "partly quoted" in w.left.value and "partly quoted" in w.right.value
    w.issue.value = "enlargement"
    assert "said Sun 26 Dec 2021 · reported Tue 25 Jan 2022 (rt_cnn)" in w.left.value  # Peskov
    w.issue.value = "combat_troops"
    assert "said Fri 17 Dec 2021" in w.left.value and "said Thu 17 Feb 2022" in w.left.value  # outside references


def test_positions_widget_escapes_source_text(corpus):
    w = PositionsWidget("nuclear_weapons", data_dir=inject(corpus))
    assert_escaped(w.left.value)
    assert_well_formed(w.left.value)
    assert html.escape(f"{EVIL} & co") in w.left.value
    assert "the six sources" in w.left.value  # the count follows the corpus
    assert "passage <b>inject.1</b>" in w.left.value


def test_widgets_follow_the_environment_variable(corpus, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(inject(corpus)))
    w = PositionsWidget("nuclear_weapons")
    assert html.escape("<b>Evil</b>") in w.left.value
    r = SourceReader("inject")
    for panel in (r.card, r.body, r.boilerplate, r.comments):
        assert_escaped(panel.value)
    t = TimelinePicker()
    t.picker.value = "e99"
    assert_escaped(t.detail.value)
    assert html.escape(EVIL) in t.detail.value


def test_positions_widget_wrong_issue_names_the_valid_ids():
    with pytest.raises(CourseError, match="nuclear_weapons") as err:
        PositionsWidget("nuclear")
    assert "load_issues()" in str(err.value)


# ---------------------------------------------------------------- SourceReader


def test_source_reader_switches_all_four_panels():
    r = SourceReader("afp")
    panels = (r.card, r.body, r.boilerplate, r.comments)
    before = [p.value for p in panels]
    assert "Source afp" in r.card.value and "<sup>afp.1</sup>" in r.body.value
    r.picker.value = "topcor"
    after = [p.value for p in panels]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert "Source topcor" in r.card.value and "<sup>topcor.1</sup>" in r.body.value
    assert "Boilerplate" in r.boilerplate.value and "Content note" in r.comments.value
    assert "<mark " in r.body.value
    assert list(r.children) == [r.picker, *panels, r.keyboard]


def test_source_reader_lists_sources_by_date_and_rejects_wrong_ids():
    r = SourceReader()
    expected = load_sources().sort_values("published", kind="stable")["id"].tolist()
    assert [v for _, v in r.picker.options] == expected and r.picker.value == expected[0]
    assert all("(inferred)" in label for label, _ in r.picker.options)
    with pytest.raises(CourseError, match=", ".join(expected)):
        SourceReader("reuters")


# ---------------------------------------------------------------- TimelinePicker


def test_timeline_picker_lists_events_and_sources_in_date_order():
    t = TimelinePicker()
    events, sources = load_events(), load_sources()
    values = [v for _, v in t.picker.options]
    assert sorted(values) == sorted([*events["event_id"], *sources["id"]])
    dates = [label.split(" · ")[0] for label, _ in t.picker.options]
    assert dates == sorted(dates)
    labels = dict((v, label) for label, v in t.picker.options)
    e = events.iloc[0]
    assert labels[e["event_id"]] == f"{e['date']:%Y-%m-%d} · {e['title']}"


def test_timeline_picker_detail_follows_the_picker():
    t = TimelinePicker()
    ev = load_events().set_index("event_id")
    with_sources = ev[ev["source_ids"] != ""].index[0]
    t.picker.value = with_sources
    first = t.detail.value
    assert html.escape(ev.loc[with_sources, "title"]) in first and html.escape(ev.loc[with_sources, "what"]) in first
    for sid in ev.loc[with_sources, "source_ids"].split():
        assert f"<b>{sid}</b> (published" in first
    t.picker.value = "afp"
    assert t.detail.value != first and "Source afp" in t.detail.value and "inferred" in t.detail.value


def test_timeline_picker_chart_and_click_selection():
    t = TimelinePicker(as_of="2022-01-26")
    assert isinstance(t.chart, alt.JupyterChart) and t.chart in t.children
    assert "26 January 2022" in t.chart.spec["description"]
    target = load_events()["event_id"].iloc[5]
    t.chart._vl_selections = {"pick": {"value": {"vlPoint": {"or": [{"event_id": target}]}}, "store": []}}
    assert t.picker.value == target


def test_widgets_show_as_one_box():
    for w in (PositionsWidget(), SourceReader(), TimelinePicker()):
        assert isinstance(w, widgets.VBox) and callable(w.display)
        assert len(w.children) >= 2

