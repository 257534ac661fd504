"""Voices: who speaks in their own words in each source, who is only paraphrased, and who is not a voice.

Everything here is counted from the **body** of each article, never from its boilerplate or reader
comments: a reader who copies a sentence of the article is not a source speaking.

Attribution comes from :mod:`helpers.analysis.quotes` and is a transparent heuristic, not a judgement (read the
docstring of ``helpers.analysis.quotes``): a quotation goes to the person named next to a verb of speech in the
same sentence, a block quote to the person its dash line names. A quotation the heuristic cannot give
to anyone is **not** dropped: ``unattributed_quotes()`` lists it, for a human reader to weigh.

>>> voices_table("topcor")[["speaker", "kind", "n"]].values.tolist()[:1]  # doctest: +SKIP
[['Vladimir Putin', 'quoted', 1]]
"""

from __future__ import annotations

import os
import re

import pandas as pd

from helpers.analysis.quotes import extract_quotes, reported_speech
from helpers.data.corpus import get_source, list_sources
from helpers.errors import CourseError

__all__ = ["reader_comments", "unattributed_quotes", "voices_table"]

SIDE_ORDER = ["Russia", "US/NATO", "Ukraine", "other"]
VOICE_COLUMNS = ["speaker", "side", "kind", "n", "sources"]
_MONTHS = {m: i for i, m in enumerate(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"], start=1)}
_HEAD = re.compile(r"^[ \t]*(\d+)\.[ \t]+(-?\d+)[ \t]*$")
_STAMP = re.compile(r"^([ \t]*)(\d{1,2}) (\w+) (\d{4}) (\d{1,2}): ?(\d{2})[ \t]*$")
_CITATION = re.compile(r"^Citation\s*:\s*(.+)$")


def _check_id(source_id, func: str, data_dir) -> list[str]:
    """The ids to read: all sources for None, else the one (a wrong id raises SourceNotFound)."""
    if source_id is None:
        return list_sources(data_dir)
    return [get_source(source_id, data_dir).id]


def _side_order(frame: pd.DataFrame) -> pd.Series:
    return frame["side"].map({s: i for i, s in enumerate(SIDE_ORDER)}).fillna(len(SIDE_ORDER))


def voices_table(source_id: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Who is quoted and who is only paraphrased: one row per speaker and kind, ready for
    ``quotes_by_side_chart``.

    - ``kind`` is ``"quoted"`` for a speaker that ``extract_quotes`` gives at least one quotation to, and
      ``"paraphrased"`` for a speaker that ``reported_speech`` finds in a source that never quotes them.
      A speaker quoted in one source and only paraphrased in another has one row of each kind.
    - ``n`` is the number of passages (quoted: passages with a quotation; paraphrased: passages with
      reported speech); ``sources`` lists the source ids, in the order of sources.csv.
    - Unattributed quotations are not here: see ``unattributed_quotes()``. Reader comments never count.

    >>> t = voices_table("topcor")
    >>> t.loc[t["speaker"] == "Jen Psaki", "kind"].tolist()
    ['paraphrased']
    """
    ids = _check_id(source_id, "voices_table", data_dir)
    q = extract_quotes(source_id, data_dir)
    q = q.loc[q["speaker"].fillna("").str.strip() != ""]
    quoted = q.groupby(["source_id", "speaker", "side"], as_index=False).agg(n=("passage_id", "nunique"))
    quoted["kind"] = "quoted"
    r = reported_speech(source_id, data_dir)
    para = r.groupby(["source_id", "speaker", "side"], as_index=False).agg(n=("passage_id", "nunique"))
    quoted_in = set(zip(quoted["source_id"], quoted["speaker"], strict=True))
    keep = [(s, p) not in quoted_in for s, p in zip(para["source_id"], para["speaker"], strict=True)]
    para = para.loc[keep].assign(kind="paraphrased")
    rows = pd.concat([quoted, para], ignore_index=True)
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else object) for c in VOICE_COLUMNS})
    rank = {sid: i for i, sid in enumerate(ids)}
    out = rows.groupby(["speaker", "side", "kind"], as_index=False).agg(
        n=("n", "sum"), sources=("source_id", lambda s: " ".join(sorted(set(s), key=rank.get))))
    out["n"] = out["n"].astype("int64")
    out = out.assign(_side=_side_order(out), _kind=(out["kind"] != "quoted").astype(int))
    out = out.sort_values(["_side", "_kind", "n", "speaker"], ascending=[True, True, False, True], kind="stable")
    return out[VOICE_COLUMNS].reset_index(drop=True)


def unattributed_quotes(
    source_id: str | None = None, data_dir: str | os.PathLike | None = None, width: int = 80
) -> pd.DataFrame:
    """Quotations that the attribution heuristic gives to nobody, with ``width`` characters of context.

    These are kept apart, not thrown away: some are the words of a person the reader can identify from
    the context (a pull-quote), some are an outlet's own scare quotes, some lost their speaker in
    translation. Deciding which is the reader's job.

    >>> unattributed_quotes("rt_cnn")["quote"].tolist()
    ['entraînement']
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 0:
        raise CourseError(f"unattributed_quotes(): width must be a whole number of characters, e.g. 80; "
                          f"it was {width!r}.")
    _check_id(source_id, "unattributed_quotes", data_dir)
    q = extract_quotes(source_id, data_dir)
    q = q.loc[q["speaker"].fillna("").str.strip() == ""].reset_index(drop=True)
    bodies = {i: get_source(i, data_dir).body for i in q["source_id"].unique()}
    q["context"] = [
        bodies[s][max(0, a - width):b + width].replace("\n", " ")
        for s, a, b in zip(q["source_id"], q["start"], q["end"], strict=True)
    ]
    return q[["source_id", "passage_id", "quote", "style", "context"]]


def reader_comments(source_id: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The reader comments of a source, one row each: number (``1``, ``1.1`` for a reply), rating,
    time ``posted`` (the site's clock), the user a comment ``cites`` ("Citation: Bulanov"), the body
    passage it ``copies`` word for word, if any, and its ``text``.

    Reader comments are not part of the article and never count as voices. Some of topcor's contain
    slurs: show their ``text`` only set apart, with a content note, as evidence of the site's audience.

    >>> reader_comments("topcor")[["comment", "rating"]].head(2).values.tolist()
    [['1', -2], ['1.1', -3]]
    """
    src = get_source(source_id, data_dir)
    columns = ["comment", "rating", "posted", "cites", "copies", "text"]
    if not src.comments.strip():
        return pd.DataFrame(columns=columns)
    lines = src.comments.split("\n")
    entries = []  # (indent, number, rating, posted, first text line index)
    for i in range(len(lines) - 1):
        head, stamp = _HEAD.match(lines[i]), _STAMP.match(lines[i + 1])
        if head and stamp and stamp.group(3).lower() in _MONTHS:
            day, month, year, hh, mm = stamp.group(2, 3, 4, 5, 6)
            posted = pd.Timestamp(int(year), _MONTHS[month.lower()], int(day), int(hh), int(mm))
            entries.append((len(stamp.group(1)), head.group(1), int(head.group(2)), posted, i + 2, i))
    if not entries:  # a format the parser does not know: keep the text, whole
        return pd.DataFrame([{"comment": "1", "rating": pd.NA, "posted": pd.NaT, "cites": "", "copies": "",
                              "text": src.comments.strip()}], columns=columns)
    levels = sorted({e[0] for e in entries})
    sentences = [(pid, s) for pid, text in src.passages[["passage_id", "text"]].itertuples(index=False)
                 for s in [text, *re.split(r"(?<=[.?!])\s+", text)] if len(s) >= 40]
    rows, stack = [], []
    preamble = "\n".join(line.strip() for line in lines[:entries[0][5]]).strip()
    if preamble:  # text before the first comment the parser recognises: kept, never dropped
        rows.append({"comment": "", "rating": pd.NA, "posted": pd.NaT, "cites": "", "copies": "",
                     "text": preamble})
    for k, (indent, num, rating, posted, first, _) in enumerate(entries):
        last = entries[k + 1][5] if k + 1 < len(entries) else len(lines)
        text = "\n".join(line.strip() for line in lines[first:last]).strip()
        level = levels.index(indent)
        stack = [*stack[:level], num]
        cite = _CITATION.match(text.split("\n", 1)[0])
        flat = " ".join(text.split())
        copies = next((pid for pid, s in sentences if " ".join(s.split()) in flat), "")
        rows.append({"comment": ".".join(stack), "rating": rating, "posted": posted,
                     "cites": cite.group(1).strip() if cite else "", "copies": copies, "text": text})
    return pd.DataFrame(rows, columns=columns)
