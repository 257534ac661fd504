"""Who says what on which issue, in which source: coverage, gaps and the positions of one issue.

The positions of ``positions.csv`` are tied to the five sources. Some rows are of kind ``"not in corpus"``:
the course looked for that side's position on that issue in the articles, did not find it, and gives an
outside reference instead. Those rows are the gaps that lesson 04 makes visible.

>>> from helpers import coverage_table, gaps, positions_for
>>> positions_for("enlargement")[["side", "speaker", "passage_id"]].head(2)  # doctest: +SKIP
"""

from __future__ import annotations

import os

import pandas as pd

from helpers.data.corpus import find_passage, list_sources
from helpers.data.curated import SIDES, load_issues, load_positions
from helpers.errors import CourseError

__all__ = ["GAP_KINDS", "coverage_table", "gaps", "positions_for"]

#: Kinds of position rows that do NOT mean the side's position is stated in a source: the course had to look
#: outside the five articles ("not in corpus"), or only a nearby passage was found ("closest passage").
GAP_KINDS: tuple[str, ...] = ("not in corpus", "closest passage")

_POSITION_COLUMNS = ["position_id", "statement_id", "issue_id", "side", "speaker", "speaker_role", "date_said",
                     "date_reported", "source_id", "passage_id", "kind", "french", "english", "reference_url", "note"]


def _in_corpus(pos: pd.DataFrame) -> pd.Series:
    """True for rows whose French words come from one of the sources."""
    return ~pos["kind"].isin(GAP_KINDS) & (pos["source_id"] != "")


def _check_issue(issue_id: object, issues: pd.DataFrame) -> str:
    valid = list(issues["issue_id"])
    if not isinstance(issue_id, str) or issue_id.strip() not in valid:
        raise CourseError(
            f"There is no issue {issue_id!r}. The issue ids are: {', '.join(valid)} "
            "(load_issues() shows them with their titles)."
        )
    return issue_id.strip()


def _check_side(side: object) -> str | None:
    if side is None:
        return None
    if not isinstance(side, str) or side.strip() not in SIDES:
        raise CourseError(
            f"side must be {' or '.join(repr(s) for s in SIDES)}, or None for both; it was {side!r}."
        )
    return side.strip()


def coverage_table(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Issue × side × source: does the source carry that side's position on that issue?

    One row per issue, side and source (every combination, so that absences are rows too):
    ``issue_id``, ``issue`` (its title), ``side``, ``source_id``, ``n`` (position rows from that source) and
    ``covered`` (True when ``n`` > 0). Issues come in teaching order, sources in the order of sources.csv.
    Ready for ``coverage_grid(coverage_table())``.

    >>> cov = coverage_table()
    >>> cov.columns.tolist()
    ['issue_id', 'issue', 'side', 'source_id', 'n', 'covered']
    """
    issues = load_issues(data_dir)
    pos = load_positions(data_dir)
    pos = pos[_in_corpus(pos)]
    counts = pos.groupby(["issue_id", "side", "source_id"]).size()
    rows = [
        {"issue_id": i, "issue": title, "side": side, "source_id": s, "n": int(counts.get((i, side, s), 0))}
        for i, title in zip(issues["issue_id"], issues["title"], strict=True)
        for side in SIDES
        for s in list_sources(data_dir)
    ]
    table = pd.DataFrame(rows, columns=["issue_id", "issue", "side", "source_id", "n"])
    table["covered"] = table["n"] > 0
    return table


def gaps(side: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Where the five sources do not give a side's position on an issue, and the outside reference instead.

    One row per gap: each position row of kind "not in corpus" (or "closest passage"), and each issue on
    which a side has no row at all (then the reference is the issue's own). ``in_corpus`` counts the rows of
    that side on that issue that do come from a source: 0 means the side never addresses the issue in the
    corpus. ``side`` keeps one side only ("Russia" or "US/NATO").

    >>> g = gaps("US/NATO")
    >>> set(g["side"]) <= {"US/NATO"}
    True
    """
    side = _check_side(side)
    issues = load_issues(data_dir)
    pos = load_positions(data_dir)
    titles = dict(zip(issues["issue_id"], issues["title"], strict=True))
    order = {i: k for k, i in enumerate(issues["issue_id"])}
    in_corpus = pos[_in_corpus(pos)].groupby(["issue_id", "side"]).size()
    rows = []
    for r in pos[pos["kind"].isin(GAP_KINDS)].to_dict("records"):
        rows.append({"issue_id": r["issue_id"], "issue": titles[r["issue_id"]], "side": r["side"],
                     "in_corpus": int(in_corpus.get((r["issue_id"], r["side"]), 0)),
                     "position_id": r["position_id"], "speaker": r["speaker"], "date_said": r["date_said"],
                     "english": r["english"], "reference_url": r["reference_url"], "note": r["note"]})
    have = set(zip(pos["issue_id"], pos["side"], strict=True))
    for i, ref in zip(issues["issue_id"], issues["reference_url"], strict=True):
        for s in SIDES:
            if (i, s) not in have:
                rows.append({"issue_id": i, "issue": titles[i], "side": s, "in_corpus": 0, "position_id": "",
                             "speaker": "", "date_said": pd.NaT, "english": "", "reference_url": ref,
                             "note": "No position of this side on this issue in positions.csv; "
                                     "the reference is the issue's own (issues.csv)."})
    columns = ["issue_id", "issue", "side", "in_corpus", "position_id", "speaker", "date_said", "english",
               "reference_url", "note"]
    table = pd.DataFrame(rows, columns=columns)
    if side is not None:
        table = table[table["side"] == side]
    table["date_said"] = pd.to_datetime(table["date_said"])
    table = table.assign(_o=table["issue_id"].map(order), _s=table["side"].map(SIDES.index))
    return table.sort_values(["_o", "_s", "date_said"], kind="stable").drop(columns=["_o", "_s"]).reset_index(drop=True)


def positions_for(issue_id: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Both sides' positions on one issue, each with the passage of its source where the French words are.

    Sorted by side (Russia, then US/NATO); within a side, rows from the sources come first, by the date the
    words were said (unknown last), then the outside references ("not in corpus", with an empty ``passage_id``).

    >>> positions_for("ukraine_georgia").iloc[0]["side"]
    'Russia'
    >>> positions_for("nato")  # doctest: +SKIP
    CourseError: There is no issue 'nato'. The issue ids are: enlargement, ukraine_georgia, ...
    """
    issue_id = _check_issue(issue_id, load_issues(data_dir))
    pos = load_positions(data_dir)
    pos = pos[pos["issue_id"] == issue_id].copy()
    inside = _in_corpus(pos)
    pos["passage_id"] = [
        (find_passage(s, f, data_dir) or "") if ok else ""
        for s, f, ok in zip(pos["source_id"], pos["french"], inside, strict=True)
    ]
    pos = pos.assign(_s=pos["side"].map(SIDES.index), _out=~inside)
    pos = pos.sort_values(["_s", "_out", "date_said", "date_reported", "position_id"], kind="stable",
                          na_position="last")
    return pos[_POSITION_COLUMNS].reset_index(drop=True)
