"""Checks of exercises/04_positions.ipynb: filtering positions, citing each side's red line, coverage and gaps.

The expected answers are computed from the course's data (positions.csv, coverage_table(), gaps()) as the
solution computes them, so that the check and the solution follow the data together; the ``secret`` lists and
tests/unit/checks/test_checks_04_06.py pin today's answers. The readers of answers (``as_ids``, ``by_side``,
``whole_number``, ``ids_per_side``) are in readers.py with the others; ``cite`` (a citation check that also wants
the quoted words to say the thing asked about) is shared with the checks of lesson 05.

>>> from helpers import check
>>> check("04.4", {"Russia": 3, "US/NATO": 4})
✅ 04.4: Correct.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.checks.citations import check_citation, citation_fields
from helpers.checks.core import CheckResult, register
from helpers.checks.readers import Digest, as_ids, by_side, fields, ids_per_side, whole_number
from helpers.data.curated import SIDES


def _issue_ids() -> set[str]:
    from helpers.data.curated import load_issues

    return set(load_issues()["issue_id"])


def _position_ids(answer: Any) -> set[str] | str:
    """The position ids of a table of positions (column or index), or the name of a hint."""
    if not isinstance(answer, pd.DataFrame):
        return "type"
    if "position_id" in answer.columns:
        values = answer["position_id"]
    elif answer.index.name == "position_id":
        values = answer.index
    else:
        return "columns"
    return {str(v).strip() for v in values}


#: The hint of a citation check (04.2, 04.3, 05.5, 05.6) whose quoted words lack the word asked about.
QUOTE_HINT = ("these words are in the right passage, but they are not the ones asked about: quote the words that "
              "say it, or cite the passage id.")


def cite(answer: Any, speaker: str, word: str, exercise_id: str) -> CheckResult | str:
    """check_citation() of a passage where ``speaker`` uses ``word``; quoted words must hold ``word`` too.

    Returns the citation's result, or "quote" (the name of the hint ``QUOTE_HINT``) for quoted words from the
    right passage that do not contain ``word``.
    """
    if isinstance(answer, pd.DataFrame) and len(answer) == 1:
        answer = answer.iloc[0]
    if isinstance(answer, pd.Series) and {"passage_id", "quote", "speaker"} <= set(answer.index):
        # a row of extract_quotes(): it cites its passage; its quotation may be one word ("inacceptable").
        # A blank speaker is no claim: check_citation reads only a speaker given as text.
        answer = answer[["passage_id", "speaker"]]
    verdict = check_citation(answer, expected_speaker=speaker, must_contain=word, exercise_id=exercise_id)
    if verdict.status == "correct":
        quote = citation_fields(answer).get("quote")  # a citation accepted has its parts in a dict
        if quote is not None and word.casefold() not in quote.casefold():
            return "quote"
    return verdict


# --- 04.1: two conditions ---------------------------------------------------------------------------------

def _talks_partly_quoted(answer: Any) -> bool | str:
    from helpers.data.curated import load_positions

    got = _position_ids(answer)
    if isinstance(got, str):
        return got
    pos = load_positions()
    ids = answer["position_id"] if "position_id" in answer.columns else answer.index.to_series()
    if ids.duplicated().any():
        return "duplicates"
    original = pos.set_index("position_id")
    rows = answer.set_index("position_id") if "position_id" in answer.columns else answer
    for column in set(rows.columns) & set(original.columns) & {"issue_id", "side", "kind", "speaker", "source_id"}:
        if rows.index.isin(original.index).all() and \
                not rows[column].astype(str).equals(original.loc[rows.index, column].astype(str)):
            return "changed"
    on_issue = set(pos.loc[pos["issue_id"] == "talks_format", "position_id"])
    quotes = set(pos.loc[pos["kind"] == "partly quoted", "position_id"])
    return got == on_issue & quotes


register("04.1", _talks_partly_quoted,
         hint="join two conditions with &, each in its own round brackets: one on the issue_id column, one on "
              "the kind column.",
         hints={"type": "give a table (a DataFrame): positions[condition] gives one.",
                "columns": "keep the position_id column (choose columns after filtering, or keep them all), so "
                           "that each row can be recognised.",
                "duplicates": "some rows appear more than once: keep each row of positions once (filter the table, "
                              "do not add rows to it).",
                "changed": "some values of these rows are not as positions has them (upper-cased or rewritten?): "
                           "filter the rows without changing what is in them."})


# --- 04.2 and 04.3: each side's red line on enlargement, cited ---------------------------------------

def _no_veto(answer: Any) -> CheckResult | str:
    return cite(answer, Digest("e952111c6d4d89be20c94b59f985d141"), "veto", "04.2")


register("04.2", _no_veto,
         hint="positions_for('enlargement') lists each claim with its speaker and passage_id; kwic('veto') finds "
              "the word in its passage.",
         hints={"quote": QUOTE_HINT})


def _life_or_death(answer: Any) -> CheckResult | str:
    return cite(answer, "Dmitry Peskov", "mort", "04.3")


register("04.3", _life_or_death,
         hint="positions_for('enlargement') lists Russia's claims with their speaker and passage_id: read the "
              "english column to find the one asked about.",
         hints={"quote": QUOTE_HINT})


# --- 04.4: coverage of one issue, per side ------------------------------------------------------------

def _enlargement_coverage(answer: Any) -> bool | str:
    from helpers.analysis.coverage import coverage_table

    sides = by_side(answer)
    if isinstance(sides, str):
        return sides
    got = {side: whole_number(v) for side, v in sides.items()}
    if None in got.values():
        return "type"
    cov = coverage_table()
    cov = cov[cov["issue_id"] == "enlargement"]
    if got == {s: int(v) for s, v in cov.groupby("side")["covered"].sum().items()}:
        return True
    if got == {s: int(v) for s, v in cov.groupby("side")["n"].sum().items()}:
        return "rows"
    return False


register("04.4", _enlargement_coverage,
         hint="keep the rows of coverage_table() for this issue, then add up the covered column per side (True "
              "counts as 1): .groupby('side')['covered'].sum().",
         hints={"type": "give a dict like {'Russia': ..., 'US/NATO': ...}, or the Series that .groupby('side') "
                        "gives, with a whole number for each side.",
                "keys": "use the two sides exactly as the side column writes them, 'Russia' and 'US/NATO', and no "
                        "other key.",
                "rows": "these numbers count position rows (the n column), not sources: a source with two rows on "
                        "the issue still counts once. Add up the covered column instead."})


# --- 04.5: gaps on both sides ------------------------------------------------------------------------

def _gaps_both_sides(answer: Any) -> bool | str:
    from helpers.analysis.coverage import gaps

    got = as_ids(answer, "issue_id")
    if isinstance(got, str):
        return got
    if got - _issue_ids():
        return "unknown"
    sides = gaps().groupby("issue_id")["side"].nunique()
    expected = set(sides[sides == len(SIDES)].index)
    if got == expected:
        return True
    return False


register("04.5", _gaps_both_sides,
         hint="gaps() has one row per missing position, with its side: count the different sides of each issue "
              "with .groupby('issue_id')['side'].nunique(), and keep the issues where that number is 2.",
         hints={"type": "give the issue ids as a list of text (a list even for one id), or a table with an "
                        "issue_id column.",
                "columns": "this table has no issue_id column: keep that column.",
                "unknown": "at least one of these is not an issue id: load_issues() lists the ids in its issue_id "
                           "column."})


# --- 04.6: where the corpus favours one side ------------------------------------------------------------

def _imbalance(answer: Any) -> bool | str:
    from helpers.analysis.coverage import coverage_table

    got = ids_per_side(answer, _issue_ids())
    if isinstance(got, str):
        return got
    cov = coverage_table()

    def more(column: str) -> dict[str, set[str]]:
        t = cov.groupby(["issue_id", "side"])[column].sum().unstack()
        r, w = t[SIDES[0]], t[SIDES[1]]
        return {SIDES[0]: set(t.index[r > w]), SIDES[1]: set(t.index[w > r])}

    expected = more("covered")
    if got == expected:
        return True
    if got == more("n"):
        return "rows"
    return False


register("04.6", _imbalance, hint="make one row per issue and one column per side, "
              "coverage.groupby(['issue_id', 'side'])['covered'].sum().unstack(), then keep the issues where "
              "one column is larger than the other.",
         hints={"type": "give a dict with two keys, 'Russia' and 'US/NATO', each holding a list of issue ids "
                        "(an empty list if there are none).",
                "keys": "use the two sides exactly as the side column writes them, 'Russia' and 'US/NATO', and no "
                        "other key.",
                "unknown": "at least one of these is not an issue id: load_issues() lists the ids in its issue_id "
                           "column.",
                "rows": "these lists compare position rows (the n column), not sources: add up the covered "
                        "column, so that a source counts once per issue and side."})


# --- 04.8: corroborate a claim of your choice ------------------------------------------------------------

_CORROBORATION_PARTS = {
    "position_id": ("position_id", "position", "id"),
    "reference": ("reference", "reference_url", "url", "address"),
    "kind": ("kind", "reference_kind"),
}


def _corroborate(answer: Any) -> bool | str:
    from helpers.data.curated import load_positions
    from helpers.data.references import CORROBORATING, KINDS, references

    parts = fields(answer, _CORROBORATION_PARTS)
    if parts is None or len(parts) != len(_CORROBORATION_PARTS):
        return "type"
    pos = load_positions()
    row = pos[pos["position_id"].str.casefold() == parts["position_id"].casefold()]
    if row.empty:
        return "unknown"
    if row.iloc[0]["side"] != SIDES[0]:
        return "side"
    if row.iloc[0]["kind"] == "not in corpus":
        return "not_in_corpus"
    refs = references(row)
    if refs.empty:
        return "no_reference"
    url = parts["reference"].strip().strip("<>").rstrip("/")
    match = refs[refs["url"].str.rstrip("/") == url]
    if match.empty:
        return "not_reference"
    kind = " ".join(parts["kind"].casefold().replace("_", " ").split())
    if kind not in KINDS:
        return "kind_name"
    if kind not in set(match["kind"]):
        return "kind_mismatch"
    if kind in CORROBORATING:
        return True
    return "same_chain" if kind == "same chain" else "unverified"


register("04.8", _corroborate,
         hint="choose a row of load_positions() where side is Russia and kind is not 'not in corpus'; copy one "
              "address of its reference_url, and the kind that reference_kind gives it, in the same order.",
         hints={"type": "give a dict with three keys: {'position_id': ..., 'reference': ..., 'kind': ...}, each "
                        "holding text.",
                "unknown": "there is no position with that id: copy it from the position_id column of "
                           "load_positions().",
                "side": "this claim is not the Russian side's: the exercise asks you to corroborate one of "
                        "Russia's claims (the side column says whose claim a row is).",
                "not_in_corpus": "this claim is not carried by any of the five articles (its kind says so): it was "
                                 "added from outside to fill a gap, so there is nothing in the corpus to "
                                 "corroborate. Choose a claim one of the articles makes.",
                "no_reference": "this claim has no outside reference in the table: nothing here corroborates it. "
                                "Saying so is a finding, but this exercise asks for a claim you can corroborate.",
                "not_reference": "this address is not one of this claim's references: copy one address from its "
                                 "reference_url (several are separated by ' ; ').",
                "kind_name": "a reference's kind is one of: official, independent, same chain, unverified copy.",
                "kind_mismatch": "the kind you give is not the one reference_kind records for this address: the "
                                 "kinds are listed in the same order as the addresses.",
                "same_chain": "this page belongs to the same chain of outlets as the article (the same wire or "
                              "media group): it shows how the words travelled, not that they were said, so it "
                              "cannot corroborate them. Look for an official record or an independent report.",
                "unverified": "this page is an unverified copy, republished by a site that copies others' "
                              "content: we cannot tell it was not altered, so it cannot corroborate the claim. "
                              "Look for an official record or an independent report."})
