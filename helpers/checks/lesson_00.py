"""The example checks of lesson 00 (lessons/00_start_here.ipynb)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.checks.citations import check_citation
from helpers.checks.core import CheckResult, register

__all__: list[str] = []

def _first_published(answer: Any) -> bool | str:
    from helpers.data.corpus import list_sources, load_sources

    if not isinstance(answer, str):
        return "type"
    if answer.strip() not in list_sources():
        return "unknown"
    return answer.strip() == load_sources().sort_values("published").iloc[0]["id"]


register("00.1", _first_published,
         hint="sort the table from load_sources() by its published column, then read the id in the first row.",
         hints={"type": "give the id as text, between quotes, like 'afp'.",
                "unknown": "that is not one of the source ids: list_sources() shows them all."})


def _afp_passages(answer: Any) -> bool | str:
    from helpers.data.corpus import get_source

    if isinstance(answer, bool) or not isinstance(answer, int | float) and type(answer).__module__ != "numpy":
        return "type"
    return float(answer) == len(get_source("afp").parts)


register("00.2", _afp_passages,
         hint="count the rows of get_source('afp').passages: len() of a table is its number of rows.",
         hints={"type": "give a whole number, without quotes (len() gives one)."})


def _sources_latest_first(answer: Any) -> bool | str:
    from helpers.data.corpus import load_sources

    if not isinstance(answer, pd.DataFrame):
        return "type"
    if [str(c) for c in answer.columns] != ["id", "published"]:
        return "columns"
    expected = load_sources().sort_values("published", ascending=False, kind="stable")["id"].tolist()
    if sorted(map(str, answer["id"])) != sorted(expected):
        return "rows"
    return [str(i) for i in answer["id"]] == expected


register("00.3", _sources_latest_first,
         hint="sort the rows by date with .sort_values(...): ascending=False puts the latest first.",
         hints={"type": "the answer should be a table (a DataFrame), like the one load_sources() gives.",
                "columns": "keep only the two columns the exercise names, in that order: table[[...]] with a "
                           "list of column names.",
                "rows": "keep every source: the table should have one row per source."})


def _blinken_quote(answer: Any) -> CheckResult:
    return check_citation(answer, expected_speaker="Antony Blinken", expected_source="afp")


register("00.4", _blinken_quote,
         hint="extract_quotes('afp') lists the quotes with their speaker: copy one given to Antony Blinken.")
