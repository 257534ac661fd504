"""helpers.analysis.timeline at its edges: time zones, the ends of each range, and the columns of every event table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers import CourseError, candidate_dates, known_by, load_events, not_yet, resolve_weekday, source_context
from helpers.analysis.timeline import EVENT_COLUMNS, weekday_of

MOSCOW = dt.timezone(dt.timedelta(hours=3))


# ---------------------------------------------------------------- dates with a time zone


@pytest.mark.parametrize("value", [
    pd.Timestamp("2021-12-24 01:00", tz="Europe/Moscow"),
    dt.datetime(2021, 12, 24, 1, 0, tzinfo=MOSCOW),
    pd.Timestamp("2021-12-24 23:30", tz="America/New_York"),
])
def test_a_time_zone_keeps_the_local_day_and_is_dropped(value):
    """01:00 in Moscow on Friday 24 Dec is still Thursday in UTC: the day is the one written, not UTC's."""
    assert weekday_of(value) == "Friday"
    found = resolve_weekday("vendredi", value)
    assert found == pd.Timestamp("2021-12-24") and found.tzinfo is None
    # compared with the (time-zone-free) dates of events.csv without an error
    assert known_by(value).equals(known_by("2021-12-24"))
    assert not_yet(value).equals(not_yet("2021-12-24"))


@pytest.mark.parametrize("value, expected", [
    (np.datetime64("2021-12-23"), "Thursday"), (np.datetime64("2021-12-23T22:15"), "Thursday"),
    (" 2021-12-23 ", "Thursday"), ("2021-12-23T13:31:05", "Thursday"), ("2021-1-5", "Tuesday"),
])
def test_more_forms_of_a_date(value, expected):
    assert weekday_of(value) == expected


def test_a_time_of_day_is_dropped():
    assert resolve_weekday("jeudi", "2021-12-23 13:31") == pd.Timestamp("2021-12-23")
    assert resolve_weekday("jeudi", dt.datetime(2021, 12, 23, 23, 59)) == pd.Timestamp("2021-12-23")


@pytest.mark.parametrize("value", ["2021-12-23x", "21-12-23", "2021/12/23", "2021-12-23 13h31", ""])
def test_near_dates_are_refused(value):
    with pytest.raises(CourseError, match=r"weekday_of\(\): date must be a date written 'YYYY-MM-DD'.*year first"):
        weekday_of(value)


def test_an_unknown_weekday_word_says_it_was_not_a_weekday():
    with pytest.raises(CourseError, match=r"^candidate_dates\(\): weekday must be a weekday in French as the article "
                                          r"writes it, one of lundi, .*; it was None\.$"):
        candidate_dates(23, 12, None)
    with pytest.raises(CourseError, match=r"^resolve_weekday\(\): word must be a weekday in French"):
        resolve_weekday("   ", "2022-01-25")
    with pytest.raises(CourseError, match=r"^candidate_dates\(\): 'mardy' is not a weekday\. Use one of lundi, .*, "
                                          r"dimanche \(any case; without an accent, as in the articles\)\.$"):
        candidate_dates(23, 12, "mardy")


# ---------------------------------------------------------------- candidate_dates at the ends of its ranges


def test_candidate_dates_accepts_the_first_and_last_day_and_month():
    # (not "samedi": the years of a Saturday 1 January answer an exercise, and the student copy ships this file)
    assert candidate_dates(1, 1, "dimanche")["year"].tolist() == [2006, 2012, 2017, 2023, 2034]
    assert candidate_dates(1, 1, "lundi")["year"].tolist() == [2001, 2007, 2018, 2024, 2029, 2035]  # 2035 included
    assert candidate_dates(31, 12, "vendredi", years=[2021])["date"].tolist() == [pd.Timestamp("2021-12-31")]


@pytest.mark.parametrize("args, message", [
    ((32, 12, "jeudi"), r"day must be from 1 to 31, e\.g\. 23; it was 32"),
    ((23, 0, "jeudi"), r"month must be from 1 to 12, e\.g\. 12; it was 0"),
    ((23.0, 12, "jeudi"), r"day must be a whole number from 1 to 31, e\.g\. 23; it was 23\.0"),
    ((23, 12, "jeudi", [True]), r"years must hold whole years"),
    ((23, 12, "jeudi", None), r"years must be a list or range of years"),
    ((23, 12, "jeudi", b"2021"), r"years must be a list or range of years"),
])
def test_candidate_dates_refuses_just_outside(args, message):
    with pytest.raises(CourseError, match=rf"^candidate_dates\(\): {message}"):
        candidate_dates(*args)


def test_candidate_dates_takes_numpy_numbers_and_english_weekdays():
    found = candidate_dates(np.int64(23), np.int64(12), " Thursday ", years=np.arange(2020, 2023))
    assert found["year"].tolist() == [2021]
    assert found.index.tolist() == [0]
    assert found["date"].dtype == "datetime64[ns]" and found["year"].dtype == int


# ---------------------------------------------------------------- the columns of the event tables


def test_the_event_tables_have_the_promised_columns():
    assert list(not_yet("2022-01-01").columns) == EVENT_COLUMNS
    known = known_by("2022-01-01")
    assert list(known.columns) == [*EVENT_COLUMNS, "on_the_day"]
    assert known["on_the_day"].dtype == bool
    ctx = source_context("afp")
    assert list(ctx.columns) == [*EVENT_COLUMNS, "when", "mentioned"]
    assert ctx["mentioned"].map(type).eq(bool).all()
    assert set(ctx["when"]) == {"before", "same day", "after"}
    assert ctx.index.tolist() == list(range(len(ctx)))
    events = load_events()
    for table in (known, not_yet("2022-01-01"), ctx):
        row = table.iloc[0]
        original = events.set_index("event_id").loc[row["event_id"]]
        assert row["title"] == original["title"] and row["who"] == original["who"]


def test_the_tables_are_in_date_order_and_numbered_from_zero():
    later = not_yet("2022-01-01")
    assert later.index.tolist() == list(range(len(later)))
    assert later["date"].is_monotonic_increasing and later["date"].min() > pd.Timestamp("2022-01-01")
    known = known_by("2022-01-01")
    assert known["date"].is_monotonic_increasing and known["date"].max() <= pd.Timestamp("2022-01-01")


def test_events_csv_without_a_kind_column(corpus):
    path = corpus / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",kind")
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    known = known_by("2022-02-24", data_dir=corpus)
    assert list(known.columns) == [*EVENT_COLUMNS, "on_the_day"]
    assert set(known["kind"]) == {"event"}
    ctx = source_context("afp", data_dir=corpus)
    assert len(ctx) == len(known)  # no row is a "publication" any more
    later = not_yet("2021-11-30", data_dir=corpus)
    assert list(later.columns) == EVENT_COLUMNS and set(later["kind"]) == {"event"}


def test_the_kinds_of_events_csv_are_kept_and_publications_left_out_of_a_context():
    events = load_events()
    assert known_by("2022-02-24")["kind"].tolist() == events["kind"].tolist()
    assert not_yet("2021-11-30")["kind"].tolist() == events["kind"].tolist()
    ctx = source_context("afp")
    assert ctx["event_id"].tolist() == events.loc[events["kind"] != "publication", "event_id"].tolist()
    assert (events["kind"] == "publication").sum() == 5  # one per source


def test_source_context_of_the_day_itself():
    ctx = source_context("rt_cnn").set_index("event_id")
    same = ctx.loc[ctx["when"] == "same day"]
    assert len(same) >= 1 and (same["date"] == pd.Timestamp("2022-01-25")).all()
    assert source_context("rt_cnn").attrs["source_date"] == pd.Timestamp("2022-01-25")
