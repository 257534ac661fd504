"""Checks of exercises/03_voices.ipynb: counting quotations, speakers, a search pattern, a citation, paraphrase.

Each check computes what it expects from the helpers; ``tests/test_checks_01_03.py`` pins the values of
today. Names are compared through ``actors.csv``, so "Blinken" and "Antony Blinken" are the same speaker.
The written answer (03.7) is recorded by ``written()``, not checked here.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .citations import _speaker_names, check_citation
from .core import register
from .readers import texts

__all__: list[str] = []  # nothing for notebooks: the checks are reached through check("03.k", answer)


def _who(name: str) -> str:
    """The canonical form of a speaker's name (any alias of actors.csv), casefolded."""
    return next(iter(_speaker_names(name)))


_names = texts  # a list (tuple, set, Series, Index, array) of names as text; else None


def _counts(answer: Any) -> dict[str, int] | None:
    """A Series or dict of whole numbers keyed by text; else None."""
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return None
    out = {}
    for key, value in answer.items():
        if not isinstance(key, str) or isinstance(value, bool | np.bool_):
            return None
        if not isinstance(value, int | float | np.integer | np.floating) or not float(value).is_integer():
            return None
        out[key.strip()] = int(value)
    return out


@register("03.1",
          hint="keep the rows of extract_quotes() whose speaker is not empty text (!= \"\"), then count them per "
               "source with groupby('source_id').size().",
          hints={"type": "give a Series (what groupby(...).size() or value_counts() gives) or a dict "
                         "{source id: number}.",
                 "index": "count per source: the index (or the keys) should be the source ids.",
                 "all": "that counts every quotation; keep only those that have a speaker before you count."})
def _attributed_per_source(answer: Any) -> bool | str:
    from ..corpus import list_sources
    from ..quotes import extract_quotes

    given = _counts(answer)
    if given is None:
        return "type"
    if not set(given) <= set(list_sources()):
        return "index"
    given = {k: v for k, v in given.items() if v}  # a source with 0 may be left out or given as 0
    q = extract_quotes()
    every = q.groupby("source_id").size().to_dict()
    expected = q[q["speaker"] != ""].groupby("source_id").size().to_dict()
    if given == expected:
        return True
    return "all" if given == every else False


@register("03.2",
          hint="count the speaker column of extract_quotes('afp') with value_counts(); the empty speaker is not "
               "a person.",
          hints={"type": "give one name, as text between quotes (the index of value_counts() holds the names)."})
def _most_quoted_afp(answer: Any) -> bool | str:
    from ..quotes import extract_quotes

    if not isinstance(answer, str):
        return "type"
    counts = extract_quotes("afp").query("speaker != ''")["speaker"].value_counts()
    top = counts[counts == counts.max()].index
    return _who(answer) in {_who(n) for n in top}


@register("03.3",
          hint="keep the rows of extract_quotes('topcor') whose style column is 'block', and read their speaker.",
          hints={"type": "give one name, as text between quotes."})
def _block_speaker(answer: Any) -> bool | str:
    from ..quotes import extract_quotes

    if not isinstance(answer, str):
        return "type"
    q = extract_quotes("topcor")
    speakers = {_who(s) for s in q.loc[q["style"] == "block", "speaker"] if s}
    return _who(answer) in speakers


def _bare(quote: str) -> str:
    """A quotation without surrounding spaces, quotation marks and final full stop."""
    return re.sub(r"\s+", " ", quote).strip(" \u00a0\u202f«»“”\".").casefold()


@register("03.4",
          hint="QUOTE_RE.finditer(passage) walks through the matches; for each match m, m.group(m.lastgroup) is "
               "the text between the marks.",
          hints={"type": "give a list of texts (the words of each quotation), like ['a', 'b'].",
                 "order": "these are the right quotations, but keep them in the order of the text.",
                 "passage": "search only passage rt_cnn.7: get_source('rt_cnn').passage('rt_cnn.7')."})
def _quotes_in_passage(answer: Any) -> bool | str:
    from ..corpus import get_source
    from ..quotes import QUOTE_RE

    given = _names(answer)
    if given is None:
        return "type"
    given = [_bare(x) for x in given]
    expected = [_bare(m.group(m.lastgroup)) for m in QUOTE_RE.finditer(get_source("rt_cnn").passage("rt_cnn.7"))]
    if given == expected:
        return True
    if sorted(given) == sorted(expected):
        return "order"
    if set(expected) < set(given):
        return "passage"
    return False


@register("03.5",
          hint="the words are French: search the quotations of Grushko in extract_quotes() (or kwic('spectre')), "
               "then cite the passage id or copy the quoted words exactly.")
def _cite_grushko(answer: Any) -> Any:
    return check_citation(answer, expected_speaker="Alexander Grushko", expected_source="rt_nrc",
                          must_contain="spectre")


@register("03.6", hint="voices_table() has one row per speaker and kind: take the set of speakers with a 'quoted' row, "
               "and keep the speakers that are not in it.",
          hints={"type": "give a list of names as text, like ['A', 'B'].",
                 "quoted": "at least one of these speakers is quoted in some source: keep only those with no "
                           "'quoted' row at all, in any source.",
                 "missing": "these are right, but some are missing: look at both sides, in every source."})
def _only_paraphrased(answer: Any) -> bool | str:
    from ..voices import voices_table

    given = _names(answer)
    if given is None:
        return "type"
    given = {_who(n) for n in given}
    voices = voices_table()
    quoted = {_who(n) for n in voices.loc[voices["kind"] == "quoted", "speaker"]}
    expected = {_who(n) for n in voices["speaker"]} - quoted
    if given == expected:
        return True
    if given & quoted:
        return "quoted"
    return "missing" if given < expected else False
