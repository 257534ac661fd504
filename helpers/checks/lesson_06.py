"""Checks of exercises/06_synthesis.ipynb: what was knowable on a date, hindsight, one citation per side, and
the epilogue.

>>> from helpers import check
>>> check("06.3", "e46")
✅ 06.3: Correct.
"""

from __future__ import annotations

import datetime as dt
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

@register("06.1", hint="evidence_table(as_of='2021-12-31') shows each absence as a row whose kind is 'gap': keep those "
               "rows, then list the issue_id of each side's.",
          hints={"type": "give a dict with two keys, 'Russia' and 'US/NATO', each holding a list of issue ids "
                         "(an empty list if there are none).",
                 "keys": "use the two sides exactly as the side column writes them, 'Russia' and 'US/NATO', and no "
                         "other key.",
                 "unknown": "at least one of these is not an issue id: load_issues() lists the ids in its issue_id "
                            "column.",
                 "date": "this is the picture of another day: build the table with as_of='2021-12-31', so that "
                         "the outside references dated up to that day count."})
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


# --- 06.2: which claims are hindsight ------------------------------------------------------------------

@register("06.2", hint="run hindsight_check(claims) and keep the rows whose status is exactly 'hindsight'.",
          hints={"type": "give the claims' ids as a list of text, like ['c1'], or the rows of the table that "
                         "hindsight_check gives.",
                 "columns": "this table has no id column: keep it, it holds each claim's id.",
                 "unknown": "at least one of these is not the id of one of the claims given: each claim's dict "
                            "holds its id.",
                 "possible": "this list also holds a claim whose status is only 'possible hindsight': keep the "
                             "status 'hindsight' alone, then read the possible case yourself."})
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


# --- 06.3: the later event a claim leans on -------------------------------------------------------------

@register("06.3",
          hint="run hindsight_check() on the claim, with an empty evidence, and read its reasons column: the event "
               "is named there, in brackets.",
          hints={"type": "give the event id as text, like 'e12'.",
                 "unknown": "that is not an event id: load_events() lists them in its event_id column.",
                 "before": "that event happened on or before the note's date: the claim leans on something that "
                           "came later."})
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
    raise ValueError("the quote is in no source")  # cannot happen once check_citation accepted it


@register("06.4",
          hint="evidence_table(as_of='2022-01-26') gives each row's side, issue_id, passage_id and french: choose "
               "one issue, and one row of each side on it.",
          hints=_CITE_HINTS)
def _two_citations(answer: Any) -> bool | str | CheckResult:
    from helpers.analysis.synthesis import evidence_table

    sides = by_side(answer)
    if isinstance(sides, str):
        return sides
    table = evidence_table(as_of=NOTE_DATE)
    table = table[(table["kind"] != "gap") & ~table["after_as_of"] & (table["passage_id"] != "")]
    issues = {}
    for side, value in sides.items():
        value = _evidence_row(value)
        verdict = check_citation(value, exercise_id="06.4")
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


# --- 06.6: the epilogue ----------------------------------------------------------------------------------

@register("06.6", hint="epilogue() gives each event's date: subtract the date of the replies' delivery from that of "
               "Russia's reply (a Timedelta), and take its .days.",
          hints={"type": "give a whole number of days, without quotes (a Timedelta's .days is one)."})
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

