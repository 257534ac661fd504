"""Checks of exercises/06_synthesis.ipynb: what was knowable on a date, hindsight, one citation per side, and
the epilogue.

>>> from helpers import check
>>> check("06.3", "e46")
✅ 06.3: Correct.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.citations import check_citation, citation_fields
from helpers.checks.core import CheckResult, register
from helpers.checks.readers import as_ids, by_side, ids_per_side, whole_number
from helpers.data.curated import SIDES

#: The date of the briefing note of lesson 06, and the earlier date of exercise 06.1.
NOTE_DATE = "2022-01-26"
EARLY_DATE = "2021-12-31"

#: The claims of exercise 06.2, as the notebook gives them (the notebook copies this list).
CLAIMS = [
    {"id": "c1", "text": "Russia demands legally binding guarantees that NATO will not take in Ukraine and Georgia.",
     "evidence": "rt_cnn.5"},
    {"id": "c2", "text": "Lavrov has said that the Western replies give no positive answer on the main issue.",
     "evidence": "e38"},
    {"id": "c3", "text": "The West warns of massive consequences should Russia invade Ukraine.", "evidence": "afp.9"},
    {"id": "c4", "text": "NATO says it will send its written reply later this week, in parallel with Washington.",
     "evidence": "rt_cnn.1"},
    {"id": "c5", "text": "Stoltenberg has told the BBC that NATO has no plans to send combat troops to Ukraine.",
     "evidence": "e39"},
    {"id": "c6", "text": "The US reply offers talks on where missiles may stand, as the text printed by El País shows.",
     "evidence": "e41"},
    {"id": "c7", "text": "Moscow has handed over and published its own answer to the Western replies.",
     "evidence": "e45"},
]

#: The claim of exercise 06.3, which cites no evidence.
UNSOURCED_CLAIM = "By now Moscow has recognised the two separatist republics of Donetsk and Luhansk."


def _gaps_on(as_of: str) -> dict[str, set[str]]:
    from helpers.analysis.synthesis import evidence_table

    table = evidence_table(as_of=as_of)
    table = table[table["kind"] == "gap"]
    return {side: set(table.loc[table["side"] == side, "issue_id"]) for side in SIDES}


# --- 06.1: what was knowable on 31 December 2021 --------------------------------------------------------

def _early_gaps(answer: Any) -> bool | str:
    from helpers.data.curated import load_issues

    got = ids_per_side(answer, load_issues()["issue_id"])
    if isinstance(got, str):
        return got
    expected = _gaps_on(EARLY_DATE)
    if got == expected:
        return True
    if got in (_gaps_on("2021-12-27"), _gaps_on("2022-01-07")):
        return "date"
    return False


register("06.1", _early_gaps,
         hint="evidence_table(as_of='2021-12-31') shows each absence as a row whose kind is 'gap': keep those "
              "rows, then list the issue_id of each side's.",
         hints={"type": "give a dict with two keys, 'Russia' and 'US/NATO', each holding a list of issue ids "
                        "(an empty list if there are none).",
                "keys": "use the two sides exactly as the side column writes them, 'Russia' and 'US/NATO', and no "
                        "other key.",
                "unknown": "at least one of these is not an issue id: load_issues() lists the ids in its issue_id "
                           "column.",
                "date": "this is the picture of another day: build the table with as_of='2021-12-31', so that "
                        "the outside references dated up to that day count."})


# --- 06.2: which claims are hindsight ------------------------------------------------------------------

def _hindsight_claims(answer: Any) -> bool | str:
    from helpers.analysis.synthesis import hindsight_check

    got = as_ids(answer, "id")
    if isinstance(got, str):
        return got
    checked = hindsight_check(CLAIMS, as_of=NOTE_DATE)
    if got - set(checked["id"]):
        return "unknown"
    expected = set(checked.loc[checked["status"] == "hindsight", "id"])
    if got == expected:
        return True
    if got == expected | set(checked.loc[checked["status"] == "possible hindsight", "id"]):
        return "possible"
    return False


register("06.2", _hindsight_claims,
         hint="run hindsight_check(claims) and keep the rows whose status is exactly 'hindsight'.",
         hints={"type": "give the claims' ids as a list of text, like ['c1'], or the rows of the table that "
                        "hindsight_check gives.",
                "columns": "this table has no id column: keep it, it holds each claim's id.",
                "unknown": "at least one of these is not the id of one of the claims given: each claim's dict "
                           "holds its id.",
                "possible": "this list also holds a claim whose status is only 'possible hindsight': keep the "
                            "status 'hindsight' alone, then read the possible case yourself."})


# --- 06.3: the later event a claim leans on -------------------------------------------------------------

def _later_event(answer: Any) -> bool | str:
    from helpers.data.curated import load_events

    if not isinstance(answer, str):
        return "type"
    got = answer.strip().strip("'\"()[]").strip().lower()
    events = load_events().set_index("event_id")
    if got not in events.index:
        return "unknown"
    if events.loc[got, "date"] <= pd.Timestamp(NOTE_DATE):
        return "before"
    return got == "e46"


register("06.3", _later_event,
         hint="run hindsight_check() on the claim, with an empty evidence, and read its reasons column: the event "
              "is named there, in brackets.",
         hints={"type": "give the event id as text, like 'e12'.",
                "unknown": "that is not an event id: load_events() lists them in its event_id column.",
                "before": "that event happened on or before the note's date: the claim leans on something that "
                          "came later."})


# --- 06.4: one citation per side, on the same issue -----------------------------------------------------

_CITE_HINTS = {
    "type": "give a dict with two keys, 'Russia' and 'US/NATO', each holding one citation: a passage id (like "
            "afp.N), the quoted words, or a dict {'passage_id': ..., 'quote': ...}.",
    "keys": "use the two sides exactly as the side column writes them, 'Russia' and 'US/NATO', and no other key.",
    "side": "a passage you cite holds no statement of that side in the evidence table: check the side column of "
            "the rows you chose.",
    "words": "the quoted words are in the passage, but not in the French of a row of that side: a passage can "
             "hold several statements, so copy the words from the row's french column.",
    "blank": "one of the two citations is still blank: give one for each side.",
    "issue": "the two citations are about different issues: choose one issue, and cite one row of each side on it.",
}


def _evidence_row(value: Any) -> Any:
    """A row of evidence_table() (a Series or a one-row table with passage_id and french) as the citation it is: its
    passage id, and its French words when they are verbatim in that passage (the row's speaker column may be a
    description, "US State Department", that is no name of actors.csv); any other answer unchanged."""
    from helpers.data.corpus import get_source

    if isinstance(value, pd.DataFrame) and len(value) == 1:
        value = value.iloc[0]
    if not isinstance(value, pd.Series) or not {"passage_id", "french"} <= set(value.index):
        return value
    pid, french = value["passage_id"], value["french"]
    if not isinstance(pid, str) or "." not in pid:
        return value
    try:
        passage = get_source(pid.split(".")[0]).passage(pid)
    except Exception:  # noqa: BLE001 - not a passage: let check_citation say so
        return {"passage_id": pid}
    if isinstance(french, str) and french in passage:
        return {"passage_id": pid, "quote": french}
    return {"passage_id": pid}


def _cited(value: Any) -> tuple[str, str | None]:
    """(passage id, quoted words or None) of a citation that check_citation has accepted."""
    from helpers.data.corpus import get_source, list_sources

    parts = citation_fields(value)
    quote = parts.get("quote")
    if quote is not None:
        quote = quote.strip().strip("«»“”\"").strip(" \u00a0\u202f")
    if parts.get("pid"):
        sid, _, num = parts["pid"].strip().partition(".")
        return f"{sid}.{int(num)}", quote
    for sid in list_sources():
        src = get_source(sid)
        at = src.body.find(quote)
        if at >= 0:
            return src.passage_at(at), quote
    raise ValueError  # cannot happen: check_citation has found these words in a source


def _two_citations(answer: Any) -> bool | str | CheckResult:
    from helpers.analysis.synthesis import evidence_table

    sides = by_side(answer)
    if isinstance(sides, str):
        return sides
    table = evidence_table(as_of=NOTE_DATE)
    table = table[~table["after_as_of"]]  # a gap has no passage_id, so no citation matches one
    issues = {}
    for side, value in sides.items():
        value = _evidence_row(value)
        verdict = check_citation(value)  # its message is given as that side's
        if verdict.status == "not_answered":
            return "blank"
        if verdict.status != "correct":
            return CheckResult("06.4", "not_yet", f"the {side} citation: {verdict.message}")
        pid, quote = _cited(value)
        rows = table[(table["side"] == side) & (table["passage_id"] == pid)]
        if rows.empty:
            return "side"
        if quote is not None:
            rows = rows[[quote in f or f in quote for f in rows["french"]]]
            if rows.empty:
                return "words"
        issues[side] = set(rows["issue_id"])
    return True if issues[SIDES[0]] & issues[SIDES[1]] else "issue"


register("06.4", _two_citations,
         hint="evidence_table(as_of='2022-01-26') gives each row's side, issue_id, passage_id and french: choose "
              "one issue, and one row of each side on it.",
         hints=_CITE_HINTS)


# --- 06.6: the epilogue ----------------------------------------------------------------------------------

def _days_to_reply(answer: Any) -> bool | str:
    from helpers.analysis.synthesis import epilogue

    if isinstance(answer, dt.timedelta | np.timedelta64) and not pd.isna(answer):
        answer = pd.Timedelta(answer)
    if isinstance(answer, pd.Timedelta) and not pd.isna(answer):
        answer = answer.days if answer == pd.Timedelta(days=answer.days) else None
    days = whole_number(answer)
    if days is None:
        return "type"
    after = epilogue().set_index("event_id")["date"]
    return days == (after["e45"] - after["e37"]).days


register("06.6", _days_to_reply,
         hint="epilogue() gives each event's date: subtract the date of the replies' delivery from that of "
              "Russia's reply (a Timedelta), and take its .days.",
         hints={"type": "give a whole number of days, without quotes (a Timedelta's .days is one)."})



# --- 06.7: what a note of 8 January 2022 could and could not know -------------------------------------------

#: The date of exercise 06.7: the Saturday before the week of talks (Geneva on the 10th, the NRC on the 12th).
KNOWABLE_DATE = "2022-01-08"
_KNOWABLE_PARTS = {"known": ("known", "could_know", "knowable"), "not_yet": ("not_yet", "could_not_know", "unknown")}


def _day_of(value: Any) -> pd.Timestamp | None:
    """A day given as 'YYYY-MM-DD', a date, a datetime or a Timestamp; else None."""
    if isinstance(value, str):
        if not re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
            return None
    elif isinstance(value, bool) or not isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        return None
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return None if pd.isna(day) else day.tz_localize(None).normalize()  # a zone's local day


def public_day(item_id: str) -> tuple[pd.Timestamp, pd.Timestamp | None, str] | None:
    """(the day an item became public, the day it was said or None, its kind) for a position_id or an event_id.

    A position became public on its ``date_reported`` (its source's inferred publication, or the day an outside
    statement was made public); an event on its ``date``. None for an id that is neither.
    """
    from helpers.data.curated import load_events, load_positions

    key = item_id.strip().casefold()
    pos = load_positions()
    row = pos[pos["position_id"].str.casefold() == key]
    if not row.empty:
        said = row.iloc[0]["date_said"]
        return row.iloc[0]["date_reported"], None if pd.isna(said) else said, "position"
    ev = load_events()
    row = ev[ev["event_id"].str.casefold() == key]
    if not row.empty:
        return row.iloc[0]["date"], None, str(row.iloc[0].get("kind", "event"))
    return None


def knowable_verdict(answer: Any, as_of: str = KNOWABLE_DATE) -> bool | str:
    """True when ``known`` names a position or event public before ``as_of`` and ``not_yet`` one public after it,
    each with the day it became public (``known_date``, ``not_yet_date``); else the name of a hint."""
    from helpers.checks.readers import fields

    parts = fields(answer, _KNOWABLE_PARTS)
    if parts is None or len(parts) != len(_KNOWABLE_PARTS):
        return "type"
    dates = answer.iloc[0] if isinstance(answer, pd.DataFrame) else answer  # a dict, a Series, a one-row table
    dates = {str(k).strip().casefold().replace(" ", "_"): v for k, v in dates.items()}
    day = pd.Timestamp(as_of)
    if parts["known"].casefold() == parts["not_yet"].casefold():
        return "same"
    public = {}
    for part in ("known", "not_yet"):  # first which side of the day each item falls on, then the dates
        found = public_day(parts[part])
        if found is None:
            return "unknown"
        public[part], said, kind = found
        if kind == "publication":
            return "publication"
        if public[part] == day:
            return "same_day"
        if part == "known" and public[part] > day:
            return "said_not_public" if said is not None and said <= day else "later"
        if part == "not_yet" and public[part] < day:
            return "already_public"
    given = {part: _day_of(dates.get(f"{part}_date")) for part in ("known", "not_yet")}
    if None in given.values():
        return "date_type"
    # both dates are judged together, so that no hint shows one of them right while the other is wrong
    wrong = []
    for part in ("known", "not_yet"):
        if given[part] != public[part]:
            said = public_day(parts[part])[1]
            wrong.append("said_date" if said is not None and given[part] == said else "date")
    return "said_date" if "said_date" in wrong else wrong[0] if wrong else True


def _knowable(answer: Any) -> bool | str:
    return knowable_verdict(answer)


register("06.7", _knowable,
         hint="known_by('2022-01-08') and not_yet('2022-01-08') split the events at that day; in load_positions() "
              "compare each row's date_reported with the day.",
         hints={"type": "give a dict with four keys: {'known': ..., 'known_date': ..., 'not_yet': ..., "
                        "'not_yet_date': ...}: two ids (a position_id or an event_id) and two dates like "
                        "'2021-12-31'.",
                "same": "choose two different items: one a note of that day could use, one it could not.",
                "unknown": "one of these ids is neither a position_id of load_positions() nor an event_id of "
                           "load_events(): copy it from those columns.",
                "publication": "this row is the course's own inference of when one of our sources appeared, not "
                               "a step of the exchange: choose a statement, a meeting or a document.",
                "same_day": "this became public on 8 January itself: whether a note of that day could use it "
                            "depends on the hour, which the table cannot tell. Choose something clearly before or "
                            "after.",
                "later": "this became public after 8 January: a note of that day could not use it.",
                "said_not_public": "these words were said (or the document issued) before 8 January, but the "
                                   "report this row comes from came out later (its date_reported): a note of that "
                                   "day could not know them from it. If the words were public earlier, the event "
                                   "that made them public is the item to choose; what counts for a row is the day "
                                   "its report became public.",
                "already_public": "this was already public before 8 January (see its date_reported, or the event's "
                                  "date): a note of that day could use it.",
                "date_type": "give each date as text like '2021-12-31' (or a Timestamp), in known_date and "
                             "not_yet_date.",
                "said_date": "a date given is the day the words were said (date_said); give the day the row's "
                             "report became public, which decides what a note could use (date_reported).",
                "date": "a date given is not the day the table gives for when its item became public: read "
                        "date_reported for a position, or date for an event."})
