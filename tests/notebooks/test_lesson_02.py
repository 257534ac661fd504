"""Lesson 02 (the timeline): its skeleton, and every number and date its prose states, recomputed from the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import assert_states, french_shown, read_lesson, weekday_and_date
from helpers import (
    candidate_dates,
    get_source,
    known_by,
    list_sources,
    load_events,
    load_sources,
    not_yet,
    resolve_weekday,
    source_context,
    weekday_of,
)

NB, MARKDOWN, _ = read_lesson("02_timeline.ipynb")
RAW = " ".join(re.sub(r"\n[ \t>]*", " ", m) for m in MARKDOWN)  # keeps no-break spaces, for verbatim checks
EVENTS = load_events().set_index("event_id")
SOURCES = load_sources().set_index("id")
CHECK = "nbval-check-output"


def states(*facts, within: str = "paragraph") -> None:
    """The facts (numbers, dates, ids, names) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


def day(ts: pd.Timestamp) -> str:
    """'Friday 24 December 2021', as the prose writes dates."""
    return f"{ts:%A} {ts.day} {ts:%B %Y}"


# ---------------------------------------------------------------- skeleton


def test_chart_and_widget_are_used():
    code = "\n".join(c.source for c in NB.cells if c.cell_type == "code")
    assert "timeline_chart()" in code and code.count("timeline_chart(") == 1
    assert 'TimelinePicker(as_of="2022-01-25")' in code  # draws the as_of chart: twice, not 3 times


def test_french_shown_is_verbatim_and_translated():
    shown = list(french_shown(NB))
    assert len(shown) == 7
    bodies = [get_source(s).body for s in list_sources()]
    for french, english in shown:
        assert any(french in body for body in bodies), french[:60]
        assert english.strip()


# ---------------------------------------------------------------- section 2: dates in pandas


def test_dates_in_pandas():
    thursday = pd.Timestamp("2021-12-23")
    assert thursday.day_name() == "Thursday"
    states(thursday, thursday.day_name(), "pandas", within="sentence")
    assert weekday_of("2022-01-26") == "Wednesday"


# ---------------------------------------------------------------- section 3: topcor


def test_topcor_year():
    years = candidate_dates(23, 12, "jeudi")["year"].tolist()
    assert years == [2004, 2010, 2021, 2027, 2032]
    states(len(years), *years, "calendar", within="sentence")
    assert EVENTS.loc["e07", "date"] == pd.Timestamp("2021-12-17") and "public" in EVENTS.loc["e07", "title"]
    assert EVENTS.loc["e10", "date"] == pd.Timestamp("2021-12-23") and "five waves" in EVENTS.loc["e10", "what"]
    states("draft treaties", EVENTS.loc["e07", "date"], "five waves", "e07", "e10", 2021)
    assert "24 December dateline" in EVENTS.loc["e14", "what"] and "tass.com" in EVENTS.loc["e14", "reference_url"]
    states("TASS", "Psaki", "Thursday", "24 December", "dateline", "e14", "eight hours")
    assert get_source("topcor").body.startswith("Jeudi 23 décembre")


def test_topcor_comment_stamps():
    stamps = re.findall(r"(\d{1,2}) décembre (\d{4}) (\d{1,2}): (\d{2})", get_source("topcor").comments)
    posted = pd.to_datetime([f"{y}-12-{d} {h}:{m}" for d, y, h, m in stamps])
    assert len(posted) == 7
    assert (posted.normalize() == pd.Timestamp("2021-12-24")).all()
    assert f"{posted.min():%H:%M}" == "13:31" and f"{posted.max():%H:%M}" == "14:48"
    states(len(posted), "comments", posted.min().normalize(), f"{posted.min():%H:%M}", f"{posted.max():%H:%M}",
           within="sentence")


def test_topcor_inference():
    assert SOURCES.loc["topcor", "published"] == pd.Timestamp("2021-12-24")
    assert day(SOURCES.loc["topcor", "published"]) == "Friday 24 December 2021"
    assert "90%" in SOURCES.loc["topcor", "published_confidence"]
    published = SOURCES.loc["topcor", "published"]
    states("Inference", weekday_and_date(published), "13:31", "Moscow time", "Confidence", "high", "90%")


# ---------------------------------------------------------------- section 4: rt_cnn


def test_rt_cnn_dating():
    delivered = EVENTS.loc["e37", "date"]
    assert day(delivered) == "Wednesday 26 January 2022" and "written replies" in EVENTS.loc["e37", "title"]
    states("responses", "delivered", weekday_and_date(delivered), within="sentence")
    tuesday = resolve_weekday("mardi", before=delivered - pd.Timedelta(days=1))
    monday = resolve_weekday("lundi", before="2022-01-25")
    assert tuesday == pd.Timestamp("2022-01-25") and monday == pd.Timestamp("2022-01-24")
    assert EVENTS.loc["e34", "date"] == monday
    assert day(EVENTS.loc["e33", "date"]) == "Friday 21 January 2022"
    states(weekday_and_date(tuesday), ("Monday", monday), "e34", within="sentence")
    states("Blinken", "Lavrov", "Geneva", weekday_and_date(EVENTS.loc["e33", "date"]), "e33")
    assert resolve_weekday("mardi", "2022-01-24") == pd.Timestamp("2022-01-18")
    assert resolve_weekday("mardi", "2022-02-01") == pd.Timestamp("2022-02-01") > delivered
    states("Tuesday", pd.Timestamp("2022-01-18"), "No", "next week", "Geneva")
    states("Tuesday", pd.Timestamp("2022-02-01"), "No", "delivered")
    assert SOURCES.loc["rt_cnn", "published"] == tuesday and "85%" in SOURCES.loc["rt_cnn", "published_confidence"]
    states("Inference", "RT", weekday_and_date(tuesday), "Confidence", "high", "85%")
    assert "10 January" in EVENTS.loc["e34", "what"]
    states("e34", "lundi", "briefing", pd.Timestamp("2022-01-10"), within="sentence")


# ---------------------------------------------------------------- section 5: afp, rt_nrc, voi


def test_afp_dating():
    geneva, council = EVENTS.loc["e26", "date"], EVENTS.loc["e28", "date"]
    assert day(geneva) == "Monday 10 January 2022" and day(council) == "Wednesday 12 January 2022"
    assert "Geneva" in EVENTS.loc["e26", "title"] and "NATO-Russia Council" in EVENTS.loc["e28", "title"]
    states("Geneva", weekday_and_date(geneva), "NATO-Russia Council", weekday_and_date(council), within="sentence")
    friday = resolve_weekday("vendredi", before=geneva)
    assert friday == pd.Timestamp("2022-01-07") and (geneva - friday).days == 3
    assert EVENTS.loc["e20", "date"] == friday
    states(weekday_and_date(friday), (geneva - friday).days, "days", "Geneva", within="sentence")
    states("NATO foreign ministers", "video meeting", "e20", within="sentence")
    assert SOURCES.loc["afp", "published"] == friday and "90%" in SOURCES.loc["afp", "published_confidence"]
    states("Inference", "AFP", "Washington", weekday_and_date(friday), "Confidence", "high", "90%")
    assert "juillet 2019" in get_source("afp").passage("afp.14")
    states(30, "NATO members", "first since July 2019", within="sentence")
    assert "8 Jan" in SOURCES.loc["afp", "published_evidence"]


def test_rt_nrc_and_voi():
    assert resolve_weekday("mercredi", before=EVENTS.loc["e28", "date"]) == SOURCES.loc["rt_nrc", "published"]
    council = EVENTS.loc["e28", "date"]
    states("rt_nrc", weekday_and_date(council), "Council", within="sentence")
    assert resolve_weekday("dimanche", before="2021-12-27") == pd.Timestamp("2021-12-26")
    assert EVENTS.loc["e15", "date"] == pd.Timestamp("2021-12-26") and "Anadolu" in EVENTS.loc["e15", "title"]
    assert day(SOURCES.loc["voi", "published"]) == "Monday 27 December 2021"
    assert "low for the exact day" in SOURCES.loc["voi", "published_confidence"]
    assert day(EVENTS.loc["e18", "date"]) == "Thursday 30 December 2021" and "Biden-Putin" in EVENTS.loc["e18", "title"]
    sunday, published = pd.Timestamp("2021-12-26"), SOURCES.loc["voi", "published"]
    states("voi", "Anadolu", weekday_and_date(sunday), within="sentence")
    states("voi", "Biden-Putin call", EVENTS.loc["e18", "date"], within="sentence")
    states("voi", weekday_and_date(published), "exact day", "low", within="sentence")


# ---------------------------------------------------------------- sections 7-8: timeline and context


def test_timeline_numbers():
    assert len(EVENTS) == 48
    states("timeline_chart()", len(EVENTS), "events", "events.csv", within="sentence")
    pub = SOURCES["published"]
    assert (pub.min(), pub.max()) == (pd.Timestamp("2021-12-24"), pd.Timestamp("2022-01-25"))
    states("all", len(SOURCES), "sources", pub.min(), pub.max(), within="sentence")


def test_known_by_the_day_of_rt_cnn():
    known = known_by("2022-01-25")
    assert (len(known), int(known["on_the_day"].sum()), len(not_yet("2022-01-25"))) == (36, 2, 12)
    day_of = pd.Timestamp("2022-01-25")
    states(len(EVENTS), len(known), day_of, int(known["on_the_day"].sum()), len(not_yet(day_of)), "happened",
           within="sentence")
    states(len(not_yet(day_of)), "nobody", day_of, "could know", within="sentence")


def test_rt_cnn_context():
    ctx = source_context("rt_cnn")
    before = ctx[ctx["when"] == "before"]
    assert (len(before), int(before["mentioned"].sum())) == (30, 4)
    same = ctx[ctx["when"] == "same day"]
    assert same["mentioned"].sum() == 1 and same.loc[same["mentioned"], "event_id"].tolist() == ["e35"]
    after = ctx[(ctx["when"] == "after") & ctx["mentioned"]]
    assert after["event_id"].tolist() == ["e37"]
    assert len(load_events().query("kind == 'publication'")) == 5
    states("rt_cnn", "mentions", int(before["mentioned"].sum()), len(before), "before", int(same["mentioned"].sum()),
           "own day", within="sentence")
    states("mentions", len(after), "after", "written responses", pd.Timestamp("2022-01-26"), within="sentence")
    states(len(load_events().query("kind == 'publication'")), "publication", "left out", within="sentence")


def _summary(source_id):
    ctx = source_context(source_id)
    return {w: (int((ctx["when"] == w).sum()), int(((ctx["when"] == w) & ctx["mentioned"]).sum()))
            for w in ("before", "same day", "after")}


def test_five_sources_context():
    afp, voi = _summary("afp"), _summary("voi")
    assert afp["before"] == (17, 3) and afp["same day"][1] == 4 and afp["after"][1] == 2
    ctx = source_context("afp")
    assert ctx.loc[(ctx["when"] == "before") & ctx["mentioned"], "event_id"].tolist() == ["e04", "e05", "e07"]
    assert voi["before"] == (15, 7) and voi["after"][1] == 1
    ctx = source_context("voi")
    assert ctx.loc[(ctx["when"] == "after") & ctx["mentioned"], "event_id"].tolist() == ["e28"]
    ctx = source_context("afp")
    assert ctx.loc[(ctx["when"] == "after") & ctx["mentioned"], "event_id"].tolist() == ["e26", "e28"]
    states("afp", afp["same day"][1], "own day", afp["before"][1], afp["before"][0], "before", "e07", "e04", "e05",
           "voi", voi["before"][1], voi["before"][0])
    states("afp", "Geneva", "NATO-Russia Council", afp["after"][1], "after", "voi", "Council",
           EVENTS.loc["e28", "date"])


@pytest.mark.parametrize("event_id, date, words", [
    ("e37", "2022-01-26", "written replies"), ("e41", "2022-02-02", "El País"),
    ("e45", "2022-02-17", "reply"), ("e46", "2022-02-21", "recognises"), ("e48", "2022-02-24", "military operation"),
])
def test_later_turning_points(event_id, date, words):
    assert EVENTS.loc[event_id, "date"] == pd.Timestamp(date) and words in EVENTS.loc[event_id, "title"]
    for source_id in list_sources():
        assert source_context(source_id).set_index("event_id").loc[event_id, "when"] == "after"


def test_later_turning_points_prose():
    dates = {eid: EVENTS.loc[eid, "date"] for eid in ("e37", "e41", "e45", "e46", "e48")}
    states("none of the five", "written", "responses", dates["e37"], "leak", "El País", dates["e41"],
           "Russia's reply", dates["e45"], "recognition", "DPR", "LPR", dates["e46"], "invasion", dates["e48"],
           within="sentence")
    for sid, text in [("topcor", "Fri 24 Dec 2021"), ("rt_cnn", "Tue 25 Jan 2022"), ("afp", "Fri 07 Jan 2022")]:
        assert f"{SOURCES.loc[sid, 'published']:%a %d %b %Y}" == text
    summary = [(sid, weekday_and_date(SOURCES.loc[sid, "published"], short=True))
               for sid in ("topcor", "rt_cnn", "afp")]
    states(*summary, "candidate_dates", "resolve_weekday")  # each source with its weekday and date


# French words in the prose: each copied exactly from a seed
FRENCH_IN_PROSE = ["Jeudi 23 décembre", "Le 23 décembre", "mardi", "plus tard cette semaine", "lundi",
                   "vendredi", "mercredi", "dimanche", "la semaine dernière"]


def test_french_in_prose_is_verbatim():
    bodies = [get_source(s).body for s in list_sources()]
    for words in FRENCH_IN_PROSE:
        assert words in RAW, f"the lesson no longer quotes {words!r}"
        assert any(words in b for b in bodies), f"not verbatim in any body: {words!r}"
