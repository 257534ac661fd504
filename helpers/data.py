"""The curated tables: events, issues, positions, actors, glossary."""

from __future__ import annotations

import os

import pandas as pd

from .corpus import list_sources
from .errors import DataError
from .tables import read_table

SIDES = ("Russia", "US/NATO")


def _dates(frame: pd.DataFrame, column: str, name: str, id_col: str, allow_empty: bool = False) -> pd.Series:
    parsed = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & ~(allow_empty & (frame[column] == ""))
    if bad.any():
        row = frame.loc[bad].iloc[0]
        raise DataError(
            f"{name}, row {row[id_col]!r}: {column} is {row[column]!r}; write it as YYYY-MM-DD (e.g. 2022-01-12)."
        )
    return parsed


def _known_sources(frame, column, name, id_col, data_dir, many=False):
    known = set(list_sources(data_dir))
    for row in frame.to_dict("records"):
        ids = row[column].split() if many else [row[column]] if row[column] else []
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise DataError(
                f"{name}, row {row[id_col]!r}: unknown source id {unknown[0]!r}. "
                f"Use one of {', '.join(sorted(known))}, or add the source to sources.csv."
            )


def load_events(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The timeline, 1 Dec 2021 – 24 Feb 2022: one row per event, ``date`` as a datetime.

    >>> load_events()["date"].min()  # doctest: +SKIP
    Timestamp('2021-12-01 00:00:00')
    """
    ev = read_table("events.csv", data_dir)
    ev["date"] = _dates(ev, "date", "events.csv", "event_id")
    if "end_date" in ev.columns:
        ev["end_date"] = _dates(ev, "end_date", "events.csv", "event_id", allow_empty=True)
    _known_sources(ev, "source_ids", "events.csv", "event_id", data_dir, many=True)
    return ev.sort_values("date", kind="stable").reset_index(drop=True)


def load_issues(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The twelve issues of the exchange, in teaching order."""
    issues = read_table("issues.csv", data_dir)
    issues["order"] = pd.to_numeric(issues["order"], errors="coerce")
    if issues["order"].isna().any():
        row = issues.loc[issues["order"].isna()].iloc[0]
        raise DataError(f"issues.csv, row {row['issue_id']!r}: order must be a whole number, e.g. 3.")
    return issues.sort_values("order").reset_index(drop=True)


def load_positions(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Each side's stated positions, issue by issue: speaker, date, source, French words and our translation."""
    pos = read_table("positions.csv", data_dir)
    pos["date"] = _dates(pos, "date", "positions.csv", "position_id")
    bad_side = pos.loc[~pos["side"].isin(SIDES)]
    if len(bad_side):
        row = bad_side.iloc[0]
        raise DataError(
            f"positions.csv, row {row['position_id']!r}: side is {row['side']!r}; write 'Russia' or 'US/NATO'."
        )
    issues = set(load_issues(data_dir)["issue_id"])
    bad_issue = pos.loc[~pos["issue_id"].isin(issues)]
    if len(bad_issue):
        row = bad_issue.iloc[0]
        raise DataError(
            f"positions.csv, row {row['position_id']!r}: unknown issue {row['issue_id']!r}; "
            "use an issue_id from issues.csv."
        )
    _known_sources(pos, "source_id", "positions.csv", "position_id", data_dir)
    return pos


def load_actors(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Who is who: name, role, side, and the French forms the sources use for them."""
    return read_table("actors.csv", data_dir)


def load_glossary(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """French term, English term, definition."""
    return read_table("glossary.csv", data_dir)


def load_artefacts(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Translation artefacts: the French words, what the original likely said, and what the slip hides."""
    art = read_table("artefacts.csv", data_dir)
    _known_sources(art, "source_id", "artefacts.csv", "artefact_id", data_dir)
    bad = art.loc[~art["part"].isin(["body", "boilerplate", "comments"])]
    if len(bad):
        row = bad.iloc[0]
        raise DataError(
            f"artefacts.csv, row {row['artefact_id']!r}: part is {row['part']!r}; "
            "write 'body', 'boilerplate' or 'comments'."
        )
    return art
