"""Read the course's CSV files with one clear error per problem, and nothing silently dropped."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from helpers.data.paths import data_dir
from helpers.errors import DataError

#: Required columns of each table, and the column that must be a unique id.
SCHEMAS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "sources.csv": (("id", "file", "title", "published"), "id"),
    "events.csv": (("event_id", "date", "weekday", "title", "what", "who", "where", "reference_url",
                    "reference_kind", "reference_document", "source_ids"), "event_id"),
    "issues.csv": (("issue_id", "order", "title", "question", "summary", "reference_url", "reference_kind",
                    "reference_document"), "issue_id"),
    "positions.csv": (("position_id", "issue_id", "side", "speaker", "source_id", "kind", "french", "english",
                       "reference_url", "reference_kind", "reference_document"), "position_id"),
    # dates: load_positions() checks them and names the fix
    "actors.csv": (("actor_id", "name", "role", "side", "aliases"), "actor_id"),
    "glossary.csv": (("term_fr", "term_en", "definition"), "term_fr"),
    "artefacts.csv": (("artefact_id", "source_id", "part", "french", "likely_original", "english", "explanation"),
                      "artefact_id"),
}


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file; newlines become ``\\n``. Errors name the file and the fix."""
    if not path.is_file():
        raise DataError(f"{what} {path} is missing. Put the file there, or fix the name that points to it.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(
            f"{what} {path} is not UTF-8 text (byte {err.start} cannot be read). "
            "Open it in a text editor and save it with the encoding 'UTF-8'."
        ) from None
    if not text.strip():
        raise DataError(f"{what} {path} is empty. Put the text in it, or remove the row that points to it.")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_table(name: str, folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read ``seeds/<name>`` as strings (empty cells stay ``""``), checking columns and ids.

    >>> read_table("sources.csv").columns[0]
    'id'
    """
    path = data_dir(folder) / name
    text = read_text(path, "The data file")
    required, id_col = SCHEMAS.get(name, ((), None))
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            f"{path} has no column {', '.join(repr(c) for c in missing)}. "
            f"Its first row must name the columns: {', '.join(required)}."
        )
    for line, row in enumerate(rows[1:], start=2):
        if row and len(row) != len(header):
            raise DataError(
                f"{path}, line {line}: {len(row)} fields where the header has {len(header)}. "
                "Put quotation marks around any value that contains a comma."
            )
    frame = pd.DataFrame([r for r in rows[1:] if r], columns=header, dtype=object).fillna("")
    frame.attrs["path"] = str(path)
    if id_col:
        ids = frame[id_col].str.strip()
        blank = frame.index[ids == ""].tolist()
        if blank:
            raise DataError(f"{path}, line {blank[0] + 2}: the '{id_col}' cell is empty. Give the row an id.")
        dup = ids[ids.duplicated(keep=False)]
        if len(dup):
            first = dup.iloc[0]
            lines = [str(i + 2) for i in dup.index[dup == first]]
            raise DataError(
                f"{path}: the {id_col} {first!r} is used on lines {' and '.join(lines)}. "
                "Each row needs its own id: rename one of them."
            )
        frame[id_col] = ids
    return frame
