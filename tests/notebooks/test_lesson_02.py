"""Lesson 02 (the timeline): its skeleton, and every number and date its prose states, recomputed from the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import assert_says, french_shown, read_lesson
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

NB, MARKDOWN, PROSE = read_lesson("02_timeline.ipynb")
RAW = " ".join(re.sub(r"\n[ \t>]*", " ", m) for m in MARKDOWN)  # keeps no-break spaces, for verbatim checks
EVENTS = load_events().set_index("event_id")
SOURCES = load_sources().set_index("id")
CHECK = "nbval-check-output"


def says(*phrases: str) -> None:
    assert_says(PROSE, *phrases)


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
    assert pd.Timestamp("2021-12-23").day_name() == "Thursday"
    says("23 December 2021 was a Thursday")
    assert weekday_of("2022-01-26") == "Wednesday"


# ---------------------------------------------------------------- section 3: topcor


def test_topcor_year():
    years = candidate_dates(23, 12, "jeudi")["year"].tolist()
    assert years == [2004, 2010, 2021, 2027, 2032]
    says("Five years fit the calendar: 2004, 2010, 2021, 2027 and 2032.")
    assert EVENTS.loc["e07", "date"] == pd.Timestamp("2021-12-17") and "public" in EVENTS.loc["e07", "title"]
    assert EVENTS.loc["e10", "date"] == pd.Timestamp("2021-12-23") and "five waves" in EVENTS.loc["e10", "what"]
    says("the draft treaties Russia made public on 17 December 2021", "events `e07` and `e10`")
    assert "24 December dateline" in EVENTS.loc["e14", "what"] and "tass.com" in EVENTS.loc["e14", "reference_url"]
    says("TASS carried Psaki's words of Thursday under a 24 December dateline (see event `e14`")
    assert get_source("topcor").body.startswith("Jeudi 23 décembre")


def test_topcor_comment_stamps():
    stamps = re.findall(r"(\d{1,2}) décembre (\d{4}) (\d{1,2}): (\d{2})", get_source("topcor").comments)
    posted = pd.to_datetime([f"{y}-12-{d} {h}:{m}" for d, y, h, m in stamps])
    assert len(posted) == 7
    assert (posted.normalize() == pd.Timestamp("2021-12-24")).all()
    assert f"{posted.min():%H:%M}" == "13:31" and f"{posted.max():%H:%M}" == "14:48"
    says("All 7 comments are stamped 24 December 2021, the first at 13:31 and the last at 14:48")


def test_topcor_inference():
    assert SOURCES.loc["topcor", "published"] == pd.Timestamp("2021-12-24")
    assert day(SOURCES.loc["topcor", "published"]) == "Friday 24 December 2021"
    assert "90%" in SOURCES.loc["topcor", "published_confidence"]
    says("appeared on **Friday 24 December 2021**, before 13:31 Moscow time. **Confidence: high (about 90%)**")


# ---------------------------------------------------------------- section 4: rt_cnn


def test_rt_cnn_dating():
    delivered = EVENTS.loc["e37", "date"]
    assert day(delivered) == "Wednesday 26 January 2022" and "written replies" in EVENTS.loc["e37", "title"]
    says("The responses were delivered on **Wednesday 26 January 2022**.")
    tuesday = resolve_weekday("mardi", before=delivered - pd.Timedelta(days=1))
    monday = resolve_weekday("lundi", before="2022-01-25")
    assert tuesday == pd.Timestamp("2022-01-25") and monday == pd.Timestamp("2022-01-24")
    assert EVENTS.loc["e34", "date"] == monday
    assert day(EVENTS.loc["e33", "date"]) == "Friday 21 January 2022"
    says("Tuesday 25 January, and the Monday before it is 24 January", "in Geneva on Friday 21 January (event `e33`)")
    assert resolve_weekday("mardi", "2022-01-24") == pd.Timestamp("2022-01-18")
    assert resolve_weekday("mardi", "2022-02-01") == pd.Timestamp("2022-02-01") > delivered
    says("**Tuesday 18 January?**", "**Tuesday 1 February?**")
    assert SOURCES.loc["rt_cnn", "published"] == tuesday and "85%" in SOURCES.loc["rt_cnn", "published_confidence"]
    says("the RT original dates from **Tuesday 25 January 2022**. **Confidence: high (about 85%)**")
    assert "10 January" in EVENTS.loc["e34", "what"]
    says("match a briefing of 10 January")


# ---------------------------------------------------------------- section 5: afp, rt_nrc, voi


def test_afp_dating():
    geneva, council = EVENTS.loc["e26", "date"], EVENTS.loc["e28", "date"]
    assert day(geneva) == "Monday 10 January 2022" and day(council) == "Wednesday 12 January 2022"
    assert "Geneva" in EVENTS.loc["e26", "title"] and "NATO-Russia Council" in EVENTS.loc["e28", "title"]
    says("The Geneva talks were on Monday 10 January 2022 and the NATO–Russia Council on Wednesday 12 January.")
    friday = resolve_weekday("vendredi", before=geneva)
    assert friday == pd.Timestamp("2022-01-07") and (geneva - friday).days == 3
    assert EVENTS.loc["e20", "date"] == friday
    says("Friday 7 January 2022, 3 days before Geneva.", "(event `e20`)")
    assert SOURCES.loc["afp", "published"] == friday and "90%" in SOURCES.loc["afp", "published_confidence"]
    says("**Friday 7 January 2022**. **Confidence: high (about 90%)**")
    assert "juillet 2019" in get_source("afp").passage("afp.14")
    says("the first since July 2019")
    assert "8 Jan" in SOURCES.loc["afp", "published_evidence"]


def test_rt_nrc_and_voi():
    assert resolve_weekday("mercredi", before=EVENTS.loc["e28", "date"]) == SOURCES.loc["rt_nrc", "published"]
    says("`rt_nrc`: Wednesday 12 January, the day of the Council itself")
    assert resolve_weekday("dimanche", before="2021-12-27") == pd.Timestamp("2021-12-26")
    assert EVENTS.loc["e15", "date"] == pd.Timestamp("2021-12-26") and "Anadolu" in EVENTS.loc["e15", "title"]
    assert day(SOURCES.loc["voi", "published"]) == "Monday 27 December 2021"
    assert "low for the exact day" in SOURCES.loc["voi", "published_confidence"]
    assert day(EVENTS.loc["e18", "date"]) == "Thursday 30 December 2021" and "Biden-Putin" in EVENTS.loc["e18", "title"]
    says("its Anadolu news is from Sunday 26 December", "the Biden–Putin call of 30 December",
         "dates `voi` to Monday 27 December but rates the exact day **low**")


# ---------------------------------------------------------------- sections 7-8: timeline and context


def test_timeline_numbers():
    assert len(EVENTS) == 48
    says("draws the 48 events of `events.csv`")
    pub = SOURCES["published"]
    assert (pub.min(), pub.max()) == (pd.Timestamp("2021-12-24"), pd.Timestamp("2022-01-25"))
    says("all five sources sit between 24 December and 25 January")


def test_known_by_the_day_of_rt_cnn():
    known = known_by("2022-01-25")
    assert (len(known), int(known["on_the_day"].sum()), len(not_yet("2022-01-25"))) == (36, 2, 12)
    says("Of the 48 events, 36 had happened by the end of 25 January (2 of them that very day) and 12 had not.")
    says("the 12 that nobody writing on 25 January could know")


def test_rt_cnn_context():
    ctx = source_context("rt_cnn")
    before = ctx[ctx["when"] == "before"]
    assert (len(before), int(before["mentioned"].sum())) == (30, 4)
    same = ctx[ctx["when"] == "same day"]
    assert same["mentioned"].sum() == 1 and same.loc[same["mentioned"], "event_id"].tolist() == ["e35"]
    after = ctx[(ctx["when"] == "after") & ctx["mentioned"]]
    assert after["event_id"].tolist() == ["e37"]
    assert len(load_events().query("kind == 'publication'")) == 5
    says("`rt_cnn` mentions 4 of the 30 events before its date and 1 event of its own day",
         "It also \"mentions\" 1 event *after* its date", "The course's five \"publication\" rows are left out")


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
    says("(4 events of its own day) and mentions 3 of the 17 events before it", "(the drafts, e07)", "(e04, e05)",
         "mentions 7 of the 15 events before it",
         "(2 events after its date)")


@pytest.mark.parametrize("event_id, date, words", [
    ("e37", "2022-01-26", "written replies"), ("e41", "2022-02-02", "El País"),
    ("e45", "2022-02-17", "reply"), ("e46", "2022-02-21", "recognises"), ("e48", "2022-02-24", "military operation"),
])
def test_later_turning_points(event_id, date, words):
    assert EVENTS.loc[event_id, "date"] == pd.Timestamp(date) and words in EVENTS.loc[event_id, "title"]
    for source_id in list_sources():
        assert source_context(source_id).set_index("event_id").loc[event_id, "when"] == "after"


def test_later_turning_points_prose():
    says("None of the five sources knew of the written US and NATO responses of 26 January, the leak of those "
         "responses by El País on 2 February, Russia's reply of 17 February, the recognition of the \"DPR\" and "
         "\"LPR\" on 21 February, or the invasion of 24 February.")
    says("`topcor` Fri 24 Dec 2021, `rt_cnn` Tue 25 Jan 2022, `afp` Fri 7 Jan 2022")
    for sid, text in [("topcor", "Fri 24 Dec 2021"), ("rt_cnn", "Tue 25 Jan 2022"), ("afp", "Fri 07 Jan 2022")]:
        assert f"{SOURCES.loc[sid, 'published']:%a %d %b %Y}" == text


# French words in the prose: each copied exactly from a seed
FRENCH_IN_PROSE = ["Jeudi 23 décembre", "Le 23 décembre", "mardi", "plus tard cette semaine", "lundi",
                   "vendredi", "mercredi", "dimanche", "la semaine dernière"]


def test_french_in_prose_is_verbatim():
    bodies = [get_source(s).body for s in list_sources()]
    for words in FRENCH_IN_PROSE:
        assert words in RAW, f"the lesson no longer quotes {words!r}"
        assert any(words in b for b in bodies), f"not verbatim in any body: {words!r}"
