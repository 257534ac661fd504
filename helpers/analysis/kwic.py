"""Keyword in context over the corpus."""

from __future__ import annotations

import os
import re

import pandas as pd

from helpers.analysis.quotes import lower_same_length, trie_pattern
from helpers.data.corpus import get_source, load_corpus
from helpers.errors import CourseError

PARTS = ("body", "boilerplate", "comments")


def kwic_pattern(terms: str | list[str] | re.Pattern) -> re.Pattern:
    """One pattern for a word, a list of words (case-insensitive, any ending), or a compiled regex as it is.

    Words are matched in lower-cased text with a lower-case pattern: the same hits as ``re.IGNORECASE``,
    several times faster, because ``re`` can then skip ahead to the words' first letters.
    """
    if isinstance(terms, re.Pattern):
        return terms
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list | tuple) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise CourseError(
            f"kwic() needs a word or a list of words, e.g. kwic('menace') or kwic(['expansion', "
            f"'élargissement']); it was given {terms!r}."
        )
    return re.compile(f"(?:{trie_pattern([t.strip().lower() for t in terms])})\\w*")


def kwic_in_text(
    text: str, pattern: re.Pattern, width: int = 60, words: bool = True
) -> list[tuple[int, str, str, str]]:
    """(offset, left, match, right) for each hit of ``pattern`` in ``text``.

    With ``words=True`` (patterns made by :func:`kwic_pattern`) the search runs on the lower-cased text and a hit
    must start a word; the match shown is the original text.
    """
    haystack = lower_same_length(text) if words else text
    out = []
    for m in pattern.finditer(haystack):
        s, e = m.span()
        if words and s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue
        out.append((s, text[max(0, s - width):s], text[s:e], text[e:e + width]))
    return out


def kwic(
    terms: str | list[str] | re.Pattern,
    source_id: str | None = None,
    width: int = 60,
    part: str = "body",
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Every occurrence of a word (or of words starting so) with ``width`` characters either side.

    >>> kwic("menace")[["source_id", "match"]].head(2)  # doctest: +SKIP
    """
    if part not in PARTS:
        raise CourseError(f"part must be one of {', '.join(PARTS)}; it was {part!r}.")
    if not isinstance(width, int) or isinstance(width, bool) or width < 0:
        raise CourseError(f"width must be a whole number of characters, e.g. 60; it was {width!r}.")
    words = not isinstance(terms, re.Pattern)
    pattern = kwic_pattern(terms)
    frame, sources = load_corpus(data_dir)
    ids = list(sources) if source_id is None else [get_source(source_id, data_dir).id]
    rows = []
    for i in ids:
        src = sources[i]
        text = getattr(src, part)
        for s, left, match, right in kwic_in_text(text, pattern, width, words):
            rows.append({"source_id": i, "passage_id": src.passage_at(s) if part == "body" else "",
                         "left": left.replace("\n", " "), "match": match, "right": right.replace("\n", " ")})
    table = pd.DataFrame(rows, columns=["source_id", "passage_id", "left", "match", "right"])
    table.attrs["french_columns"] = ["left", "match", "right"]  # shown lang="fr" (helpers.views.display.table_html)
    return table
