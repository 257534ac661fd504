"""helpers.analysis.timeline: weekdays, dating from internal clues, and each source set against the events."""

from __future__ import annotations

import datetime as dt
import doctest

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import helpers.analysis.timeline
from helpers import (
    FRENCH_WEEKDAYS,
    CourseError,
    SourceNotFound,
    candidate_dates,
    known_by,
    list_sources,
    load_events,
    load_sources,
    not_yet,
    resolve_weekday,
    source_context,
    weekday_of,
)


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- weekday_of


@pytest.mark.parametrize("value", ["2021-12-23", pd.Timestamp("2021-12-23"), dt.date(2021, 12, 23),
                                   dt.datetime(2021, 12, 23, 23, 59), "2021-12-23 13:31"])
def test_weekday_of_accepts_dates_in_any_usual_form(value):
    assert weekday_of(value) == "Thursday"


def test_weekday_of_matches_the_weekdays_in_events_csv():
    events = load_events()
    assert [weekday_of(d)[:3] for d in events["date"]] == events["weekday"].tolist()


@pytest.mark.parametrize("value, message", [
    ("23/12/2021", r"weekday_of\(\): date must be a date written 'YYYY-MM-DD'.*year first.*'23/12/2021'"),
    ("2022-02-30", r"'2022-02-30' is not a day of the calendar"),
    (5, r"or a pandas Timestamp; it was 5"),
    (None, r"it was None"),
    (True, r"it was True"),
    (pd.NaT, r"empty \(NaT\)"),
])
def test_weekday_of_wrong_input_names_the_fix(value, message):
    with pytest.raises(CourseError, match=message):
        weekday_of(value)


# ---------------------------------------------------------------- resolve_weekday


def test_resolve_weekday_dates_the_three_worked_examples():
    assert resolve_weekday("mardi", before="2022-01-25") == pd.Timestamp("2022-01-25")   # rt_cnn
    assert resolve_weekday("lundi", before="2022-01-25") == pd.Timestamp("2022-01-24")   # rt_cnn "lundi"
    assert resolve_weekday("vendredi", before="2022-01-10") == pd.Timestamp("2022-01-07")  # afp
    assert resolve_weekday("mercredi", before="2022-01-12") == pd.Timestamp("2022-01-12")  # rt_nrc
    assert resolve_weekday("dimanche", before="2021-12-27") == pd.Timestamp("2021-12-26")  # voi


def test_resolve_weekday_any_case_and_spaces():
    assert resolve_weekday("  MARDI ", pd.Timestamp("2022-01-26")) == pd.Timestamp("2022-01-25")
    assert resolve_weekday("Jeudi", dt.date(2021, 12, 24)) == pd.Timestamp("2021-12-23")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)), st.sampled_from(list(FRENCH_WEEKDAYS)))
def test_resolve_weekday_is_the_latest_such_day_on_or_before(day, word):
    found = resolve_weekday(word, day)
    assert found.day_name() == FRENCH_WEEKDAYS[word]
    assert pd.Timestamp(day) - pd.Timedelta(days=6) <= found <= pd.Timestamp(day)


@pytest.mark.parametrize("word, message", [
    ("Tuesday", r"write the weekday in French, as the article does: 'mardi' for 'Tuesday'"),
    ("mardy", r"'mardy' is not a weekday\. Use one of lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche"),
    ("", r"must be a weekday in French as the article writes it, one of lundi"),
    (2, r"one of lundi, .*; it was 2"),
])
def test_resolve_weekday_wrong_word_names_the_fix(word, message):
    with pytest.raises(CourseError, match=message):
        resolve_weekday(word, "2022-01-25")


def test_resolve_weekday_wrong_date_names_the_fix():
    with pytest.raises(CourseError, match=r"resolve_weekday\(\): before must be a date written 'YYYY-MM-DD'"):
        resolve_weekday("mardi", "25 janvier 2022")


# ---------------------------------------------------------------- candidate_dates


def test_candidate_dates_for_topcor():
    found = candidate_dates(23, 12, "jeudi")
    assert list(found.columns) == ["year", "date", "weekday"]
    assert found["year"].tolist() == [2004, 2010, 2021, 2027, 2032]
    assert (found["weekday"] == "Thursday").all()
    assert found.equals(candidate_dates(23, 12, "Thursday"))


def test_candidate_dates_other_years_and_leap_days():
    assert candidate_dates(24, 12, "vendredi", years=[2020, 2021, 2022])["year"].tolist() == [2021]
    assert candidate_dates(29, 2, "mardi")["year"].tolist() == [2000, 2028]
    assert candidate_dates(23, 12, "jeudi", years=range(2022, 2026)).empty


@pytest.mark.parametrize("args, message", [
    ((23, 13, "jeudi"), r"month must be from 1 to 12, e\.g\. 12; it was 13"),
    ((0, 12, "jeudi"), r"day must be from 1 to 31"),
    (("23", 12, "jeudi"), r"day must be a whole number from 1 to 31, e\.g\. 23; it was '23'"),
    ((23, True, "jeudi"), r"month must be a whole number"),
    ((31, 2, "jeudi"), r"day 31 does not exist in month 2 in any of these years"),
    ((23, 12, "thursdai"), r"'thursdai' is not a weekday"),
])
def test_candidate_dates_wrong_input_names_the_fix(args, message):
    with pytest.raises(CourseError, match=message):
        candidate_dates(*args)


@pytest.mark.parametrize("years", ["2021", 2021, [], [2021.0]])
def test_candidate_dates_wrong_years_names_the_fix(years):
    with pytest.raises(CourseError, match=r"years must .*e\.g\. range\(2000, 2036\)"):
        candidate_dates(23, 12, "jeudi", years=years)


# ---------------------------------------------------------------- known_by / not_yet


def test_known_by_and_not_yet_split_the_events_at_the_date():
    events = load_events()
    for day in ["2021-12-24", "2022-01-25", "2022-03-01", "2021-11-01"]:
        known, later = known_by(day), not_yet(day)
        assert len(known) + len(later) == len(events)
        assert (known["date"] <= pd.Timestamp(day)).all() and (later["date"] > pd.Timestamp(day)).all()
        assert known["on_the_day"].tolist() == (known["date"] == pd.Timestamp(day)).tolist()
        assert set(known["event_id"]) | set(later["event_id"]) == set(events["event_id"])


def test_known_by_on_the_day_of_rt_cnn():
    known = known_by("2022-01-25")
    assert len(known) == 36 and known["on_the_day"].sum() == 2
    assert not_yet("2022-01-25")["event_id"].iloc[0] == "e37"


def test_known_by_wrong_date_names_the_fix():
    with pytest.raises(CourseError, match=r"known_by\(\): date must be a date written 'YYYY-MM-DD'"):
        known_by("yesterday")
    with pytest.raises(CourseError, match=r"not_yet\(\): date must be"):
        not_yet(20220125)


# ---------------------------------------------------------------- source_context


@pytest.mark.parametrize("source_id", list_sources())
def test_source_context_is_consistent_with_the_data(source_id):
    ctx = source_context(source_id)
    day = load_sources().set_index("id").loc[source_id, "published"]
    assert ctx.attrs["source_date"] == day
    assert "publication" not in set(ctx["kind"])
    expected = ["before" if d < day else "same day" if d == day else "after" for d in ctx["date"]]
    assert ctx["when"].tolist() == expected
    assert ctx["mentioned"].tolist() == [source_id in ids.split() for ids in ctx["source_ids"]]


def test_no_source_knew_what_came_after_26_january():
    for source_id in list_sources():
        ctx = source_context(source_id).set_index("event_id")
        assert (ctx.loc[["e37", "e41", "e45", "e46", "e48"], "when"] == "after").all()
    rt_cnn = source_context("rt_cnn").set_index("event_id")
    assert rt_cnn.loc["e37", "mentioned"]  # announced, not known


def test_source_context_follows_the_date_in_sources_csv(corpus):
    rewrite(corpus / "sources.csv", "2022-01-25,high (about 85%)", "2022-01-27,high (about 85%)")
    ctx = source_context("rt_cnn", data_dir=corpus).set_index("event_id")
    assert ctx.loc["e37", "when"] == "before" and ctx.loc["e38", "when"] == "same day"


def test_source_context_unknown_id():
    with pytest.raises(SourceNotFound, match=r"There is no source 'cnn'\. The sources are: topcor"):
        source_context("cnn")


def test_docstring_examples_run():
    result = doctest.testmod(helpers.analysis.timeline, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
