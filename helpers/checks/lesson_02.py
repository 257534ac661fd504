"""Checks of exercises/02_timeline.ipynb: weekdays, spans of days, candidate years, dating, what was knowable.

Each check computes what it expects from the helpers and the data; ``tests/unit/checks/test_checks_01_03.py`` pins the
values of today. The written answer (02.8) is recorded by ``written()``, not checked here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.citations import check_citation
from helpers.checks.core import register
from helpers.checks.readers import Digest, as_list, texts

__all__: list[str] = []  # nothing for notebooks: the checks are reached through check("02.k", answer)

_ISO_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def _day(answer: Any) -> pd.Timestamp | None:
    """A date given as a Timestamp, a datetime.date, a numpy datetime64 or a 'YYYY-MM-DD' text; else None."""
    if isinstance(answer, str):
        if not _ISO_DAY.match(answer):
            return None
        try:
            stamp = pd.Timestamp(answer.strip())
        except ValueError:
            return None
    elif isinstance(answer, dt.date | np.datetime64):
        stamp = pd.Timestamp(answer)
    else:
        return None
    if pd.isna(stamp):
        return None
    return stamp.tz_localize(None).normalize()  # tz_localize(None) leaves a day without a time zone as it is


def _event_date(event_id: str) -> pd.Timestamp:
    from helpers.data.curated import load_events

    ev = load_events()
    return ev.loc[ev["event_id"] == event_id, "date"].iloc[0]


def _whole_numbers(answer: Any) -> list[int] | None:
    """A list (tuple, set, Series, Index, or a table with a 'year' column) of whole numbers; else None."""
    if isinstance(answer, pd.DataFrame):
        if "year" not in answer.columns:
            return None
        answer = answer["year"]
    answer = as_list(answer)
    if answer is None:
        return None
    out = []
    for x in answer:
        if isinstance(x, bool | np.bool_):
            return None
        if isinstance(x, int | np.integer):
            out.append(int(x))
        elif isinstance(x, str) and x.strip().isdigit() and len(x.strip()) == 4:
            out.append(int(x))
        else:
            return None
    return out


def _drafts_weekday(answer: Any) -> bool | str:
    from helpers.analysis.timeline import FRENCH_WEEKDAYS

    if not isinstance(answer, str):
        return "type"
    day = _event_date("e07")
    given = answer.strip().casefold()
    return given in {day.day_name().casefold(), *[f for f, e in FRENCH_WEEKDAYS.items() if e == day.day_name()]}


register("02.1", _drafts_weekday,
         hint="weekday_of('YYYY-MM-DD') gives the weekday of a date; the date is in the exercise (or in "
              "load_events(), event e07).",
         hints={"type": "give the weekday as text, between quotes, like 'Monday'."})


def _days_to_replies(answer: Any) -> bool | str:
    expected = (_event_date("e37") - _event_date("e07")).days
    if isinstance(answer, dt.timedelta | np.timedelta64) and not pd.isna(answer):
        value = pd.Timedelta(answer).total_seconds() / 86400
    elif isinstance(answer, bool | np.bool_) or not isinstance(answer, int | float | np.integer | np.floating):
        return "type"
    else:
        value = float(answer)
    if value == -expected:
        return "negative"
    return value == expected


register("02.2", _days_to_replies,
         hint="subtract the earlier date from the later one: two Timestamps give a Timedelta, and its .days is "
              "the number of days.",
         hints={"type": "give a number of days (a whole number, without quotes), or the Timedelta that "
                        "subtracting two dates gives.",
                "negative": "the later date comes first in the subtraction: later - earlier."})


def _wednesday_years(answer: Any) -> bool | str:
    years = _whole_numbers(answer)
    if years is None:
        return "type"
    expected = {y for y in range(2000, 2036) if pd.Timestamp(year=y, month=1, day=12).day_name() == "Wednesday"}
    return set(years) == expected and len(years) == len(expected)


register("02.3", _wednesday_years,
         hint="candidate_dates(day, month, weekday, years=...) checks every year for you; range(a, b) stops "
              "just before b, so to include a last year, end one later.",
         hints={"type": "give the years as a list of whole numbers, like [1999, 2010] (or the table that "
                        "candidate_dates() gives)."})


def _voi_tuesday(answer: Any) -> bool | str:
    from helpers.analysis.timeline import resolve_weekday
    from helpers.data.corpus import get_source

    day = _day(answer)
    if day is None:
        return "type"
    published = pd.Timestamp(get_source("voi").meta["published"])
    if day > published:
        return "after"
    return day == resolve_weekday("mardi", before=published)


register("02.4", _voi_tuesday,
         hint="resolve_weekday(word, before=...) takes the French weekday as the text writes it, and the "
              "latest day the text can have been written: the source's published date in load_sources().",
         hints={"type": "give a date: the Timestamp that resolve_weekday() returns, or text like '2021-12-31'.",
                "after": "a text cannot report a day after it was written: the day you give is later than "
                         "the source's inferred date."})


def _cite_zakharova(answer: Any) -> Any:
    return check_citation(answer, expected_speaker=Digest("f7ca32fbad22ade9b11c2ff72a4a36ab"), expected_source="voi",
                          must_contain="vendredi")


register("02.5", _cite_zakharova,
         hint="find_passage('voi', words) gives the id of the passage that holds some words: search for the "
              "weekday as the text writes it, then read who speaks in that passage.")


def _knowable_between(answer: Any) -> bool | str:
    from helpers.data.corpus import load_sources
    from helpers.data.curated import load_events

    if isinstance(answer, pd.DataFrame) and "event_id" in answer.columns:
        answer = answer["event_id"]
    answer = texts(answer)
    if answer is None:
        return "type"
    given = {x.strip() for x in answer}
    ev = load_events()
    if not given <= set(ev["event_id"]):
        return "unknown"
    published = load_sources().set_index("id")["published"]
    start, end = published["rt_nrc"], published["rt_cnn"]
    window = ev[(ev["date"] > start) & (ev["date"] <= end)]
    expected = set(window.loc[window["kind"] != "publication", "event_id"])
    if given == expected:
        return True
    if expected < given <= set(window["event_id"]):
        return "publication"
    events = ev[ev["kind"] != "publication"]
    ends = [((events["date"] >= start) & (events["date"] <= end)), ((events["date"] > start) & (events["date"] < end)),
            ((events["date"] >= start) & (events["date"] < end))]
    if any(given == set(events.loc[mask, "event_id"]) for mask in ends):
        return "edges"
    return False


register("02.6", _knowable_between,
         hint="filter load_events() with two comparisons of its date column joined by &: after the first "
              "source's published date, and on or before the second's.",
         hints={"type": "give a list of event ids as text, like ['e01', 'e02'].",
                "unknown": "one of these is not an event id: load_events()['event_id'] lists them all.",
                "publication": "leave out the rows whose kind is 'publication': they are the course's inferences "
                               "about the sources, not events a text could report.",
                "edges": "mind the two ends: an event of the first source's own day was known to it, and an "
                         "event of the second source's day counts (use > at one end and <= at the other)."})


def _meetings_chart(answer: Any) -> bool | str:
    import altair as alt

    from helpers.data.curated import load_events

    if not isinstance(answer, alt.Chart | alt.LayerChart):
        return "type"
    spec = answer.to_dict()
    ev = load_events()
    wanted = set(ev.loc[ev["kind"] == "meeting", "title"])
    datasets = list(spec.get("datasets", {}).values())
    if not datasets or not any(
        isinstance(rows, list) and len(rows) == len(wanted) and {r.get("title") for r in rows} == wanted
        for rows in datasets
    ):
        return "data"
    encodings = [spec.get("encoding", {})] + [layer.get("encoding", {}) for layer in spec.get("layer", [])]

    def channel(encoding: dict, name: str) -> tuple:
        given = encoding.get(name, {})
        return given.get("field"), given.get("type")

    if ("date", "temporal") not in [channel(e, "x") for e in encodings]:
        return "x"
    if ("title", "nominal") not in [channel(e, "y") for e in encodings]:
        return "y"

    def tip_fields(tip: Any) -> set:
        tips = tip if isinstance(tip, list) else [tip]
        return {t.get("field") for t in tips if isinstance(t, dict)}

    if not any(tip_fields(e.get("tooltip")) & {"date", "title"} for e in encodings if e.get("tooltip")):
        return "tooltip"
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if not isinstance(title, str | list) or not "".join(title).strip():
        return "title"
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        return "description"
    return True


register("02.7", _meetings_chart,
         hint="build the chart from the meetings only: filter the events table with pandas first, then give the "
              "result to alt.Chart(...).",
         hints={"type": "give the chart itself: the alt.Chart(...) object, with its .mark_...() and .encode(...).",
                "data": "the chart's data should be the events of kind 'meeting', one row each: filter "
                        "load_events() on its kind column first.",
                "x": "put the date on the x axis: .encode(x='date:T', ...), where :T says it is a time.",
                "y": "put each meeting's title on the y axis: .encode(..., y='title:N'), where :N says it is a name.",
                "tooltip": "add a tooltip, so that pointing at a meeting shows its details: .encode(..., "
                           "tooltip=[...]) with at least the date or the title.",
                "title": "give the chart a title: alt.Chart(..., title='...') or .properties(title='...').",
                "description": "give the chart a description for screen readers: "
                               "alt.Chart(..., description='...') or .properties(description='...')."})


# --- 02.9: date a statement of your choice from internal evidence -----------------------------------------

_WEEKDAY_RE = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", re.IGNORECASE)
_DATING_PARTS = {
    "passage_id": ("passage_id", "passage", "pid"),
    "words": ("words", "signal", "evidence", "quote"),
}


def dating_verdict(answer: Any) -> bool | str:
    """True when the chosen words, verbatim in the chosen passage, date a statement by a weekday and a verb of speech,
    and the date given is the day they point to: the nearest such weekday on or before the day the source was
    published (its inferred date); else the name of a hint."""
    from helpers.analysis.quotes import SPEECH_WORDS
    from helpers.analysis.timeline import resolve_weekday
    from helpers.checks.citations import resolve_passage
    from helpers.checks.readers import fields, normalised

    if isinstance(answer, pd.DataFrame):
        answer = answer.iloc[0] if len(answer) == 1 else None
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return "type"
    parts = fields(answer, _DATING_PARTS)
    if len(parts) != len(_DATING_PARTS):
        return "type"
    date_value = next((v for k, v in answer.items() if str(k).strip().casefold() in ("date", "day", "date_said")),
                      None)
    day = _day(date_value)
    if day is None:
        return "type"
    found = resolve_passage(parts["passage_id"])
    if found is None:
        return "passage"
    _source_id, src, pid = found
    passage = src.passage(pid)
    words = parts["words"]  # fields() stripped it (str.strip() removes no-break spaces too)
    if words not in passage:
        return "almost" if normalised(words) in normalised(passage) else "words_missing"
    weekday = _WEEKDAY_RE.search(words)
    if weekday is None:
        return "no_weekday"
    tokens = set(re.findall(r"[\w’']+", words.casefold()))
    if not tokens & {w.casefold() for w in SPEECH_WORDS}:
        return "no_speech"
    published = pd.Timestamp(src.meta["published"])
    if day > published:
        return "after"
    if day.day_name() != resolve_weekday(weekday.group(1), before=published).day_name():
        return "weekday"
    return True if day == resolve_weekday(weekday.group(1), before=published) else "nearest"


def _date_a_statement(answer: Any) -> bool | str:
    return dating_verdict(answer)


register("02.9", _date_a_statement,
         hint="choose a passage where a statement is dated only by a weekday next to a verb of saying; copy those "
              "words, and resolve the weekday against the day the source was published.",
         hints={"type": "give a dict: {'passage_id': ..., 'words': ..., 'date': ...}, the date as a Timestamp or "
                        "text like '2021-12-31'.",
                "passage": "there is no passage with that id: ids are a source id, a dot and a number (like "
                           "afp.N); passages('afp') lists them.",
                "almost": "the words are nearly there but not character for character: copy them from the text "
                          "with code (the articles use no-break spaces and curly apostrophes ’).",
                "words_missing": "these words are not, word for word, in the passage you chose: copy them from "
                                 "that passage.",
                "no_weekday": "these words hold no day of the week: the internal evidence here is a weekday "
                              "(lundi … dimanche) that the text gives instead of a date.",
                "no_speech": "copy the verb of saying with the weekday (for example a verb like a déclaré): the "
                             "weekday must date a statement, not something else the text mentions.",
                "after": "a text cannot report what was said after it was written: this day is later than the "
                         "source's published date (load_sources(), an inferred date).",
                "weekday": "this day is not the day of the week your words name: .day_name() tells you a date's "
                           "weekday.",
                "nearest": "a weekday without a date means the nearest such day before the text was written, "
                           "not an earlier one: resolve_weekday(word, before=...) gives it."})
