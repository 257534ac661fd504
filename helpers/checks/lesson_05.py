"""Checks of exercises/05_words.ipynb: keyword in context, the glossary, rates per 1,000 words, a term grid,
and each side's word of accusation, cited.

>>> from helpers import check
>>> check("05.2", ("confinement", "endiguement"))
✅ 05.2: Correct.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.checks.core import CheckResult, register
from helpers.checks.lesson_04 import QUOTE_HINT, cite
from helpers.checks.readers import as_ids, as_list

#: The words of exercise 05.4: what each source calls Russia's texts of December 2021.
DEMAND_TERMS = ("garantie", "proposition", "demande", "exigence", "ultimatum")
#: Exercise 05.2: the word the copy of rt_nrc prints for "containment", and the standard French term.
CONTAINMENT = ("confinement", "endiguement")


def _word(value: Any) -> str | None:
    """A word given as text, stripped of spaces and quotation marks and lower-cased; None for anything else."""
    if not isinstance(value, str):
        return None
    return value.strip().strip("«»“”\"' \u00a0").strip().casefold()


# --- 05.1: where a word occurs -----------------------------------------------------------------------------

@register("05.1", hint="kwic('veto') has one row per occurrence, with the passage_id it is in: list those ids.",
          hints={"type": "give the passage ids as a list of text, or the table that kwic gives.",
                 "columns": "this table has no passage_id column: the table kwic gives has one.",
                 "unknown": "at least one of these is not a passage id: an id is a source id, a dot and a number; "
                            "passages() lists them all."})
def _veto_passages(answer: Any) -> bool | str:
    from helpers.analysis.kwic import kwic
    from helpers.data.corpus import passages

    got = as_ids(answer, "passage_id")
    if isinstance(got, str):
        return got
    if got - set(passages()["passage_id"]):
        return "unknown"
    return got == set(kwic("veto")["passage_id"])


# --- 05.2: the word behind "containment" -----------------------------------------------------------------

@register("05.2",
          hint="load_glossary() has a term_en column: keep the row whose English term is the one asked about; "
               "its term_fr is the word the copy prints (first in the pair), and its note names the standard French "
               "word (second).",
          hints={"type": "give two words as text, in round brackets: (the word the copy prints, the standard "
                         "French word)."})
def _containment(answer: Any) -> bool | str:
    values = None if isinstance(answer, set | frozenset) else as_list(answer)  # an ordered pair: no set
    if values is None or len(values) != 2:
        return "type"
    printed, standard = (_word(a) for a in values)
    if printed is None or standard is None:
        return "type"
    expected = CONTAINMENT  # glossary.csv, row "confinement": its term_fr and the word its note names
    if (printed, standard) == expected:
        return True
    return False  # neither word is confirmed on its own


# --- 05.3: a count or a rate? ---------------------------------------------------------------------------

@register("05.3",
          hint="term_counts('Ukraine') gives each source's count n and its rate per_1000_words: sort by the rate, "
               "not by the count.",
          hints={"type": "give the source id as text, between quotes.",
                 "unknown": "that is not one of the source ids: list_sources() shows them all.",
                 "count": "that source has the most occurrences, but it is also the longest article: compare "
                          "per_1000_words, not n."})
def _ukraine_rate(answer: Any) -> bool | str:
    from helpers.analysis.framing import term_counts
    from helpers.data.corpus import list_sources

    got = _word(answer)
    if got is None:
        return "type"
    if got not in list_sources():
        return "unknown"
    counts = term_counts("Ukraine")
    if got == counts.sort_values("per_1000_words", ascending=False, kind="stable")["source_id"].iloc[0]:
        return True
    if got == counts.sort_values("n", ascending=False, kind="stable")["source_id"].iloc[0]:
        return "count"
    return False


# --- 05.4: a grid of counts ------------------------------------------------------------------------------

@register("05.4", hint="term_counts(...) with the five words gives one row per term and source; "
               ".pivot(index='term', columns='source_id', values='n') turns it into the grid.",
          hints={"type": "give a table (a DataFrame) with one row per term and one column per source.",
                 "long": "this is still the long table, one row per term and source: pivot it, with the terms as "
                         "rows and the sources as columns.",
                 "shape": "the grid should have the five terms as its rows (the index) and the five source ids as "
                          "its columns.",
                 "rate": "these numbers look like rates per 1,000 words: the grid asks for the counts, the n "
                         "column."})
def _demand_grid(answer: Any) -> bool | str:
    from helpers.analysis.framing import term_counts
    from helpers.data.corpus import list_sources

    if not isinstance(answer, pd.DataFrame):
        return "type"
    if {"term", "source_id"} <= {str(c) for c in answer.columns}:
        return "long"
    terms, sources = sorted(DEMAND_TERMS), sorted(list_sources())
    rows, cols = [str(i) for i in answer.index], [str(c) for c in answer.columns]
    if (sorted(rows), sorted(cols)) == (sources, terms):
        answer, rows, cols = answer.T, cols, rows
    elif (sorted(rows), sorted(cols)) != (terms, sources):
        return "shape"
    grid = answer.set_axis(rows, axis=0).set_axis(cols, axis=1).loc[terms, sources]
    try:
        got = grid.astype(float)
    except (TypeError, ValueError):
        return "type"
    counts = term_counts(list(DEMAND_TERMS))
    for values, outcome in (("n", True), ("per_1000_words", "rate")):
        expected = counts.pivot(index="term", columns="source_id", values=values).loc[terms, sources]
        if ((got - expected.astype(float)).abs() < 1e-9).all().all():
            return outcome
    return False


# --- 05.5 and 05.6: each side's word of accusation, cited -----------------------------------------------

@register("05.5",
          hint="term_contexts('menace') gives each occurrence's passage_id, speaker and side: take the one on the "
               "Russian side.",
          hints={"quote": QUOTE_HINT})
def _russian_threat(answer: Any) -> CheckResult | str:
    return cite(answer, "Alexander Grushko", "menace", "05.5")


@register("05.6",
          hint="term_contexts('agression') gives each occurrence's passage_id, speaker, side and voice: take the "
               "quoted one whose speaker is named.",
          hints={"quote": QUOTE_HINT})
def _western_aggression(answer: Any) -> CheckResult | str:
    return cite(answer, "Antony Blinken", "agression", "05.6")
