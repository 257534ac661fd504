"""The codebook of ``positions.csv`` applied mechanically: does each row's kind agree with its quotation marks?

``seeds/CODEBOOK.md`` defines what a row holds and each ``kind``. Part of it can be read off the article
itself: where the row's French stands in the body, and whether the quotation finder (``extract_quotes``, plus
the reversed pairs » … « that ``broken_quotes`` reports) puts its words inside quotation marks. The same code
runs for both sides.

>>> from helpers.analysis.codebook import codebook_check
>>> codebook_check()["ok"].all()  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import re

import pandas as pd

from helpers.analysis.quotes import SPEECH_RE, extract_quotes, lower_same_length
from helpers.data.corpus import get_source, load_sources
from helpers.data.curated import load_positions

__all__ = ["KINDS", "codebook_check", "quotation_marks"]

#: The kinds of the codebook, and the quotation marks each allows: "whole" (the row is one whole quotation),
#: "some" (some of its words are quoted, some are not), "none" (no word of the row is quoted).
KINDS: dict[str, tuple[str, ...]] = {
    "direct quote": ("whole",),
    "partly quoted": ("some",),
    "reported speech": ("none",),
    "paraphrase": ("none",),
    "editorial framing": ("some", "none"),
    "not in corpus": (),
}
_SPACE = " \t\n\u00a0\u202f"
_MARKS = "«»\"“”"
_CHECK_COLUMNS = ["position_id", "statement_id", "side", "source_id", "kind", "marks", "sentence", "ok", "problem"]


def _spans(source_id: str, data_dir) -> list[tuple[int, int, bool]]:
    """(start, end, opens_its_sentence) of every quotation of one body, as the quotation finder reads it."""
    body = get_source(source_id, data_dir).body
    q = extract_quotes(source_id, data_dir)
    spans = [(int(s), int(e), st == "block") for s, e, st in zip(q["start"], q["end"], q["style"], strict=True)]
    # Reversed guillemets (» … «): the copy swapped the marks of one quotation. The same reading as
    # broken_quotes(): a » that closes nothing, then a « that is never closed, with no mark between them.
    stack, never_opened, never_closed = [], [], []
    for m in re.finditer(r"[«»]", body):
        if m.group() == "«":
            if stack:
                never_closed.append(stack.pop())
            stack.append(m.start())
        elif stack:
            stack.pop()
        else:
            never_opened.append(m.start())
    never_closed = set(never_closed + stack)
    marks = [m.start() for m in re.finditer(r"[«»]", body)]
    for a in never_opened:  # only when the next guillemet after the lost opening is the lost closing
        nxt = [c for c in marks if c > a]
        if nxt and nxt[0] in never_closed:
            spans.append((a + 1, nxt[0], False))
    out = []
    for s, e, block in spans:
        while s < e and body[s] in _SPACE:
            s += 1
        while e > s and body[e - 1] in _SPACE:
            e -= 1
        before = body[:s].rstrip(_SPACE + "«\"“")
        opens = block or ((not before or before.endswith((".", "?", "!", "\n", ":"))) and body[s:s + 1].isupper())
        out.append((s, e, opens))
    return sorted(out)


def _sentence_bounds(body: str, a: int, b: int) -> tuple[bool, bool]:
    """Does body[a:b] begin at the start of a sentence, and end at the end of one?"""
    line_start = body.rfind("\n", 0, a) + 1
    before = body[line_start:a].rstrip(_SPACE + _MARKS)
    starts = not before or before.endswith((".", "?", "!", ":"))
    ends = body[a:b].rstrip(_SPACE + _MARKS).endswith((".", "?", "!"))
    return starts, ends


def quotation_marks(source_id: str, french: str, data_dir: str | os.PathLike | None = None) -> dict:
    """Where ``french`` stands in the body of ``source_id`` and how the quotation marks cover it.

    ``marks`` is "whole" (exactly one whole quotation), "some" (quoted words and words outside the marks),
    "none", or "not found"; ``opens_sentence`` says whether a whole quotation opens its sentence;
    ``starts_sentence`` and ``ends_sentence`` whether the span begins and ends a sentence.

    >>> quotation_marks("afp", "pas de conversations sur l’Ukraine sans l’Ukraine")["marks"]
    'whole'
    """
    body = get_source(source_id, data_dir).body
    a = body.find(french)
    if a < 0 or not french.strip():
        return {"marks": "not found", "start": -1, "end": -1, "opens_sentence": False,
                "starts_sentence": False, "ends_sentence": False}
    b = a + len(french)
    core_a, core_b = a, b
    while core_a < core_b and body[core_a] in _SPACE + _MARKS:
        core_a += 1
    while core_b > core_a and body[core_b - 1] in _SPACE + _MARKS + ".,;":
        core_b -= 1
    spans = _spans(source_id, data_dir)
    whole = [opens for s, e, opens in spans if s <= core_a and core_b <= e and (e - s) - (core_b - core_a) <= 2]
    inside = [1 for s, e, _ in spans if s <= core_a and core_b <= e]
    overlap = [1 for s, e, _ in spans if s < b and e > a]
    if whole:
        marks = "whole"
    elif inside:
        marks = "part of one"
    elif overlap:
        marks = "some"
    else:
        marks = "none"
    starts, ends = _sentence_bounds(body, a, b)
    return {"marks": marks, "start": a, "end": b, "opens_sentence": bool(whole and whole[0]),
            "starts_sentence": starts, "ends_sentence": ends}


def _problem(row: dict, found: dict, published: dict) -> str:
    kind, marks = row["kind"], found["marks"]
    if kind not in KINDS:
        return f"kind {kind!r} is not in the codebook; use one of {', '.join(KINDS)}."
    if marks == "not found":
        return "the French is not in the body of its source: copy it character for character."
    if marks == "part of one":
        return ("the French is only part of a quotation: a row holds the whole quotation (codebook 1.1), "
                "or the whole sentence if the quotation is part of the outlet's sentence.")
    if marks not in KINDS[kind]:
        said = {"whole": "the row is one whole quotation", "some": "some of its words stand in quotation marks",
                "none": "none of its words stands in quotation marks"}[marks]
        return f"{said}, so it cannot be {kind!r} (codebook 2)."
    if kind == "direct quote" and not found["opens_sentence"]:
        return ("the quotation is part of a sentence worded by the outlet: hold the whole sentence and code it "
                "'partly quoted' (codebook 1.2).")
    if kind != "direct quote" and not (found["starts_sentence"] and found["ends_sentence"]):
        return ("a row that is not a direct quote holds whole sentences, from the first word to the final stop "
                "(codebook 1.2).")
    if kind == "reported speech" and not SPEECH_RE.search(lower_same_length(row["french"])):
        return "reported speech needs a verb of speech (a déclaré, a noté, selon …) that ties the words to the speaker."
    if row["date_reported"] != published[row["source_id"]]:
        return "date_reported of a row from an article is the article's published date (codebook 6)."
    if pd.notna(row["date_said"]) and row["date_said"] > row["date_reported"]:
        return "date_said is after date_reported."
    return ""


def codebook_check(positions: pd.DataFrame | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per position taken from an article: its quotation marks as the article prints them, and any
    contradiction with the codebook (``ok`` False, ``problem`` says which rule and how to fix it).

    Rows that share a ``statement_id`` must hold the same French, English, kind, speaker and dates (codebook 4).

    >>> check = codebook_check()
    >>> check.columns.tolist()[:6]
    ['position_id', 'statement_id', 'side', 'source_id', 'kind', 'marks']
    """
    pos = load_positions(data_dir) if positions is None else positions
    published = dict(zip(load_sources(data_dir)["id"], load_sources(data_dir)["published"], strict=True))
    rows = []
    for r in pos.to_dict("records"):
        if r["kind"] == "not in corpus" and not r["source_id"]:
            if r["french"]:
                rows.append({**{c: r.get(c, "") for c in _CHECK_COLUMNS}, "marks": "", "sentence": "",
                             "ok": False, "problem": "a 'not in corpus' row has no French."})
            continue
        if not r["source_id"]:
            rows.append({**{c: r.get(c, "") for c in _CHECK_COLUMNS}, "marks": "", "sentence": "",
                         "ok": False, "problem": f"a {r['kind']!r} row needs a source_id and its French."})
            continue
        found = quotation_marks(r["source_id"], r["french"], data_dir)
        problem = _problem(r, found, published)
        sentence = ("whole sentences" if found["starts_sentence"] and found["ends_sentence"] else "part of a sentence")
        rows.append({"position_id": r["position_id"], "statement_id": r.get("statement_id", r["position_id"]),
                     "side": r["side"], "source_id": r["source_id"], "kind": r["kind"], "marks": found["marks"],
                     "sentence": sentence, "ok": not problem, "problem": problem})
    table = pd.DataFrame(rows, columns=_CHECK_COLUMNS)
    if "statement_id" in pos.columns:
        fields = ["french", "english", "kind", "speaker", "side", "source_id", "date_said", "date_reported"]
        for sid, group in pos.groupby("statement_id"):
            differ = [f for f in fields if f in group.columns and group[f].astype(str).nunique() > 1]
            if differ:
                hit = table["statement_id"] == sid
                table.loc[hit, "ok"] = False
                table.loc[hit & (table["problem"] == ""), "problem"] = (
                    f"rows of statement {sid} differ in {', '.join(differ)}: one statement, one span (codebook 4).")
    return table.reset_index(drop=True)
