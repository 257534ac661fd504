"""Dates and the timeline: weekdays, dating a text from its own clues, and what had happened by a date.

The five articles carry no printed date: the course infers when each was first published from clues in
the text ("Jeudi 23 décembre", "mardi", "plus tard cette semaine"). These helpers do the calendar part of
that reasoning, and set each source against the events of ``events.csv``.

>>> weekday_of("2021-12-23")
'Thursday'
>>> resolve_weekday("mardi", before="2022-01-25")
Timestamp('2022-01-25 00:00:00')
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.data.corpus import get_source
from helpers.data.curated import load_events
from helpers.errors import CourseError

__all__ = [
    "FRENCH_WEEKDAYS", "candidate_dates", "known_by", "not_yet", "resolve_weekday", "source_context", "weekday_of",
]

#: French weekday (as the articles write it, in lower case) → English weekday, Monday first.
FRENCH_WEEKDAYS: dict[str, str] = {
    "lundi": "Monday", "mardi": "Tuesday", "mercredi": "Wednesday", "jeudi": "Thursday",
    "vendredi": "Friday", "samedi": "Saturday", "dimanche": "Sunday",
}
_ENGLISH = list(FRENCH_WEEKDAYS.values())
_ISO = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
#: Columns of the event tables returned here (those that events.csv has).
EVENT_COLUMNS = ["event_id", "date", "weekday", "kind", "title", "who", "source_ids"]


# ---------------------------------------------------------------- input checks


def _to_date(value, func: str, param: str = "date") -> pd.Timestamp:
    """``value`` as a Timestamp at midnight; otherwise a CourseError naming the fix."""
    fix = f"{func}(): {param} must be a date written 'YYYY-MM-DD', e.g. '2022-01-25'"
    if isinstance(value, str):
        if not _ISO.match(value):
            raise CourseError(f"{fix} (year first, so that 01/02 cannot be read two ways); it was {value!r}.")
    elif isinstance(value, bool) or not isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        raise CourseError(f"{fix}, or a pandas Timestamp; it was {value!r}.")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise CourseError(f"{fix}; {value!r} is not a day of the calendar.") from None
    if pd.isna(stamp):
        raise CourseError(f"{fix}; it was empty (NaT).")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def _weekday(word, func: str, param: str = "weekday", french_only: bool = False) -> str:
    """The English weekday for a French (or, unless ``french_only``, English) weekday name."""
    options = ", ".join(FRENCH_WEEKDAYS)
    if not isinstance(word, str) or not word.strip():
        raise CourseError(f"{func}(): {param} must be a weekday in French as the article writes it, "
                          f"one of {options}; it was {word!r}.")
    key = word.strip().lower()
    if key in FRENCH_WEEKDAYS:
        return FRENCH_WEEKDAYS[key]
    english = {e.lower(): f for f, e in FRENCH_WEEKDAYS.items()}
    if key in english:
        if not french_only:
            return key.capitalize()
        raise CourseError(f"{func}(): write the weekday in French, as the article does: "
                          f"{english[key]!r} for {word.strip()!r}.")
    raise CourseError(f"{func}(): {word!r} is not a weekday. Use one of {options} "
                      "(any case; without an accent, as in the articles).")


def _whole(value, func: str, param: str, low: int, high: int, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise CourseError(f"{func}(): {param} must be a whole number from {low} to {high}, e.g. {example}; "
                          f"it was {value!r}.")
    if not low <= int(value) <= high:
        raise CourseError(f"{func}(): {param} must be from {low} to {high}, e.g. {example}; it was {value}.")
    return int(value)


# ---------------------------------------------------------------- calendar


def weekday_of(date: str | dt.date | pd.Timestamp) -> str:
    """The English weekday of a date.

    >>> weekday_of("2022-01-26")
    'Wednesday'
    """
    return _to_date(date, "weekday_of").day_name()


def resolve_weekday(word: str, before: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """The most recent day on or before ``before`` that falls on the French weekday ``word``.

    A text that says "mardi" without a date means the Tuesday nearest before it was written. If you know
    the latest day the text can have been written (``before``), this gives that Tuesday.

    >>> resolve_weekday("Vendredi", before="2022-01-10")   # the Friday before Monday 10 Jan
    Timestamp('2022-01-07 00:00:00')
    """
    target = _ENGLISH.index(_weekday(word, "resolve_weekday", "word", french_only=True))
    day = _to_date(before, "resolve_weekday", "before")
    return day - pd.Timedelta(days=(day.weekday() - target) % 7)


def candidate_dates(
    day: int, month: int, weekday: str, years: Iterable[int] = range(2000, 2036)
) -> pd.DataFrame:
    """The years in which ``day``/``month`` falls on ``weekday`` (French or English), as a table.

    A text that says "Jeudi 23 décembre" without a year was written in one of these years.

    >>> candidate_dates(23, 12, "jeudi")["year"].tolist()
    [2004, 2010, 2021, 2027, 2032]
    """
    func = "candidate_dates"
    day = _whole(day, func, "day", 1, 31, 23)
    month = _whole(month, func, "month", 1, 12, 12)
    name = _weekday(weekday, func)
    if isinstance(years, str | bytes) or not isinstance(years, Iterable):
        raise CourseError(f"{func}(): years must be a list or range of years, e.g. range(2000, 2036); "
                          f"it was {years!r}.")
    years = list(years)
    if not years or not all(isinstance(y, int | np.integer) and not isinstance(y, bool) for y in years):
        raise CourseError(f"{func}(): years must hold whole years, e.g. range(2000, 2036); it was {years!r}.")
    dates = []
    for year in years:
        try:
            dates.append(pd.Timestamp(year=int(year), month=month, day=day))
        except ValueError:
            continue  # 29 February in a year that is not a leap year
    if not dates:
        raise CourseError(f"{func}(): day {day} does not exist in month {month} in any of these years.")
    dates = pd.Series(dates, dtype="datetime64[ns]")
    found = dates[dates.dt.day_name() == name].reset_index(drop=True)
    return pd.DataFrame({"year": found.dt.year.astype(int), "date": found, "weekday": found.dt.day_name()})


# ---------------------------------------------------------------- events and sources


def _events(data_dir) -> pd.DataFrame:
    ev = load_events(data_dir)
    if "kind" not in ev.columns:
        ev["kind"] = "event"
    return ev[[c for c in EVENT_COLUMNS if c in ev.columns]].copy()


def known_by(date: str | dt.date | pd.Timestamp, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The events up to and including ``date``; ``on_the_day`` marks those of the day itself.

    Events are dated by the day they started. Events on the day itself may or may not have been known
    to a text written that day: that depends on the hour, which the table cannot tell.

    >>> known_by("2021-12-24")["on_the_day"].sum()  # doctest: +SKIP
    2
    """
    day = _to_date(date, "known_by")
    ev = _events(data_dir)
    ev = ev.loc[ev["date"] <= day].reset_index(drop=True)
    ev["on_the_day"] = ev["date"] == day
    return ev


def not_yet(date: str | dt.date | pd.Timestamp, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The events after ``date``: what nobody writing on that day could know.

    >>> not_yet("2022-01-25")["title"].iloc[0]  # doctest: +SKIP
    'US and NATO deliver their written replies to Moscow'
    """
    day = _to_date(date, "not_yet")
    ev = _events(data_dir)
    return ev.loc[ev["date"] > day].reset_index(drop=True)


def source_context(source_id: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every event set against one source: ``when`` it happened relative to the source's inferred date
    ("before", "same day", "after") and whether the source ``mentioned`` it (from ``events.source_ids``).

    An event "after" that the source mentions is one it looked forward to (a meeting announced for next
    week), not one it knew the outcome of. The course's own "publication" rows (the inferred dates of the
    sources) are left out: they are inferences about the texts, not events a text could report.

    >>> ctx = source_context("rt_cnn")
    >>> ctx.loc[ctx["event_id"] == "e37", ["when", "mentioned"]].values.tolist()
    [['after', True]]
    """
    src = get_source(source_id, data_dir)
    day = _to_date(src.meta["published"], "source_context", "the source's published date")
    ev = _events(data_dir)
    ev = ev.loc[ev["kind"] != "publication"].reset_index(drop=True)
    ev["when"] = np.select([ev["date"] < day, ev["date"] == day], ["before", "same day"], "after")
    ev["mentioned"] = ev["source_ids"].fillna("").astype(str).str.split().map(lambda ids: src.id in ids)
    ev.attrs["source_date"] = day
    return ev
