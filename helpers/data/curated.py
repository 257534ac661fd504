"""The curated tables: events, issues, positions, actors, glossary."""

from __future__ import annotations

import os

import pandas as pd

from helpers.data.corpus import list_sources, load_sources
from helpers.data.csv_reader import read_table
from helpers.errors import DataError

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
    """Each side's stated positions, issue by issue: speaker, dates, source, French words and our translation.

    ``date_said`` is when the words were said (``NaT`` when unknown; ``date_said_evidence`` says how it is
    known), ``date_reported`` when the article that carries them was published (seeds/CODEBOOK.md, 6).
    Rows that share a ``statement_id`` are one statement coded under several issues: count statements with
    ``positions.drop_duplicates("statement_id")``.

    >>> pos = load_positions()
    >>> pos.loc[pos["position_id"] == "talks_format-ru-1", "date_said"].isna().item()
    True
    """
    pos = read_table("positions.csv", data_dir)
    if "date" in pos.columns:
        raise DataError(
            "positions.csv has a 'date' column: split it into 'date_said' (when the words were said, empty if "
            "unknown) and 'date_reported' (when the article carrying them was published); seeds/CODEBOOK.md, 6."
        )
    missing = [c for c in ("date_said", "date_reported") if c not in pos.columns]
    if missing:
        raise DataError(
            f"positions.csv has no column {' or '.join(repr(c) for c in missing)}: give each row 'date_said' (when "
            "the words were said, empty if unknown) and 'date_reported' (when they were published); "
            "seeds/CODEBOOK.md, 6."
        )
    pos["date_said"] = _dates(pos, "date_said", "positions.csv", "position_id", allow_empty=True)
    pos["date_reported"] = _dates(pos, "date_reported", "positions.csv", "position_id", allow_empty=True)
    _known_sources(pos, "source_id", "positions.csv", "position_id", data_dir)
    # A row from an article was reported when the article was published: an empty cell takes that date.
    unreported = pos["date_reported"].isna()
    if unreported.any():
        published = dict(zip(*(load_sources(data_dir)[c] for c in ("id", "published")), strict=True))
        pos.loc[unreported, "date_reported"] = pos.loc[unreported, "source_id"].map(published)
        missing = pos.loc[pos["date_reported"].isna()]
        if len(missing):
            row = missing.iloc[0]
            raise DataError(
                f"positions.csv, row {row['position_id']!r}: date_reported is empty; for a row that is not from "
                "an article, write the day the statement was made public as YYYY-MM-DD (e.g. 2022-01-12)."
            )
        pos["date_reported"] = pd.to_datetime(pos["date_reported"])
    if "statement_id" not in pos.columns:
        pos["statement_id"] = pos["position_id"]
    pos["statement_id"] = pos["statement_id"].where(pos["statement_id"].str.strip() != "", pos["position_id"])
    if "date_said_evidence" not in pos.columns:
        pos["date_said_evidence"] = ""
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
