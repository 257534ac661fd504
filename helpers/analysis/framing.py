"""Words and framing: which words each source uses, in whose mouth, and what translation did to them.

- :func:`term_counts`: how often each term occurs in each source (and per 1,000 words);
- :func:`term_contexts`: every occurrence with its context and whose words they are;
- :func:`who_uses`: occurrences counted by side and by voice (quoted, reported, or the outlet's own words);
- :func:`translation_artefacts`: the translation artefacts of ``artefacts.csv`` beside the glossary.

A term matches every word that starts with it, in any case: ``"garantie"`` finds "garantie" and "garanties",
``"menace"`` finds "menace" and "menaces" (but ``"agression"`` does not find the adjective "agressives").
Counts are over the body of each article: the boilerplate (titles, site furniture) and the reader comments
are not the article's words (``part=`` chooses another part).

>>> from helpers import term_counts, term_contexts
>>> term_counts(["expansion"]).query("n > 0")["source_id"].tolist()  # doctest: +SKIP
['topcor', 'rt_nrc', 'rt_cnn']
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right

import pandas as pd

from helpers.analysis.kwic import PARTS, kwic_in_text, kwic_pattern
from helpers.data.corpus import get_source, load_corpus
from helpers.data.curated import load_artefacts, load_glossary, load_positions
from helpers.errors import CourseError

__all__ = ["FRAMING_TERMS", "VOICES", "term_contexts", "term_counts", "translation_artefacts", "who_uses"]

#: The framing terms of lesson 05. Two names for NATO's growth ("expansion", "élargissement"), the words of
#: accusation and demand ("agression", "menace", "garantie" — also matches "garanties", "lignes rouges"), and
#: two names for NATO itself: "bloc" (a Cold War word, RT's "bloc militaire") and "alliance" (NATO's own).
FRAMING_TERMS: tuple[str, ...] = (
    "expansion", "élargissement", "agression", "menace", "garantie", "lignes rouges", "bloc", "alliance",
)

#: Whose words an occurrence is: inside quotation marks (the speaker's words, as translated), in reported
#: speech (the outlet's words for what a named speaker said), or the outlet's own narration.
VOICES: tuple[str, ...] = ("quoted", "reported", "outlet")

_WORD = re.compile(r"\w+")


def _check_part(part: object) -> str:
    if part not in PARTS:
        raise CourseError(f"part must be one of {', '.join(map(repr, PARTS))}; it was {part!r}. "
                          "Counts are normally over the 'body', the article itself.")
    return part


def _check_terms(terms: object, name: str) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    if (not isinstance(terms, list | tuple) or not terms
            or not all(isinstance(t, str) and t.strip() for t in terms)):
        raise CourseError(
            f"{name}() needs a word or a list of words, e.g. {name}(['expansion', 'élargissement']); "
            f"it was given {terms!r}."
        )
    return list(dict.fromkeys(t.strip() for t in terms))


def _check_term(term: object, name: str) -> str:
    if not isinstance(term, str) or not term.strip():
        raise CourseError(f"{name}() needs one word as a string, e.g. {name}('menace'); it was given {term!r}. "
                          "For several words, call it once per word.")
    return term.strip()


def _text(src, part: str) -> str:
    return getattr(src, part)


def term_counts(
    terms: str | list[str] | tuple[str, ...] = FRAMING_TERMS,
    part: str = "body",
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """How often each term occurs in each source: ``term``, ``source_id``, ``n``, ``per_1000_words``.

    Every term × source pair is a row, zeros included, terms in the order given and sources in the order
    of sources.csv. ``per_1000_words`` is ``n`` for every 1,000 words of that part of the source (0.0 when the
    part is empty), so that a long article and a short one can be compared.

    >>> c = term_counts(["lignes rouges"])
    >>> int(c["n"].sum())
    1
    """
    terms = _check_terms(terms, "term_counts")
    part = _check_part(part)
    sources = load_corpus(data_dir)[1]
    rows = []
    for term in terms:
        pattern = kwic_pattern([term])
        for sid, src in sources.items():
            text = _text(src, part)
            n = len(kwic_in_text(text, pattern, 0))
            words = len(_WORD.findall(text))
            rows.append({"term": term, "source_id": sid, "n": n,
                         "per_1000_words": round(1000 * n / words, 2) if words else 0.0})
    return pd.DataFrame(rows, columns=["term", "source_id", "n", "per_1000_words"])


# ---------------------------------------------------------------- whose words?


def voice_spans(source_id: str, data_dir) -> tuple[list, list, list]:
    """Quotations, curated position passages and reported-speech sentences of one body, as offset spans."""
    from helpers.analysis.quotes import extract_quotes, reported_speech

    src = get_source(source_id, data_dir)
    quotes = [(int(q["start"]), int(q["end"]), q["speaker"], q["side"])
              for q in extract_quotes(source_id, data_dir=data_dir).to_dict("records")]
    pos = load_positions(data_dir)
    pos = pos[(pos["source_id"] == source_id) & (pos["french"] != "")]
    curated = []
    for r in pos.to_dict("records"):
        start = src.body.find(r["french"])
        if start >= 0:
            side = "" if r["kind"] == "editorial framing" else r["side"]
            speaker = "" if r["kind"] == "editorial framing" else r["speaker"]
            curated.append((start, start + len(r["french"]), speaker, side))
    reported = []
    starts = dict(zip(src.passages["passage_id"], src.passage_starts, strict=True))
    for r in reported_speech(source_id, data_dir=data_dir).to_dict("records"):
        p0 = starts[r["passage_id"]]
        k = src.passage(r["passage_id"]).find(r["sentence"])
        if k >= 0:
            reported.append((p0 + k, p0 + k + len(r["sentence"]), r["speaker"], r["side"]))
    return quotes, curated, reported


def lost_opening(text: str, start: int, end: int) -> bool:
    """True when [start, end) of a passage is followed by a closing » that was never opened (and no « before)."""
    before, after = text[:start], text[end:]
    close = after.find("»")
    return close >= 0 and "«" not in before and "«" not in after[:close] and "»" not in before


def _whose(s: int, quotes, curated, reported, passage: str, local: tuple[int, int]) -> tuple[str, str, str]:
    """(speaker, side, voice) for the occurrence at body offset ``s``."""
    q = next((x for x in quotes if x[0] <= s < x[1]), None)
    c = next((x for x in curated if x[0] <= s < x[1]), None)
    r = next((x for x in reported if x[0] <= s < x[1]), None)
    if q is not None or lost_opening(passage, *local):
        named = q if q is not None and q[2] else c  # a quote whose speaker the sentence does not name
        return (named[2], named[3], "quoted") if named else ("", "", "quoted")
    for found in (c, r):
        if found is not None and found[2]:
            return found[2], found[3], "reported"
    return "", "", "outlet"


def term_contexts(
    term: str,
    source_id: str | None = None,
    width: int = 60,
    part: str = "body",
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Keyword in context for one term, with whose words each occurrence is.

    Columns: ``source_id``, ``passage_id``, ``left``, ``match``, ``right`` (as :func:`helpers.kwic`), then
    ``speaker``, ``side`` and ``voice``: ``"quoted"`` (inside quotation marks: the speaker's words, as
    translated), ``"reported"`` (the outlet's words for what a named speaker said) or ``"outlet"`` (narration,
    nobody named speaks). Inside quotation marks (also a quotation whose opening « the copy lost), the speaker
    is the one ``extract_quotes`` finds, else that of the positions.csv row covering the passage; elsewhere,
    that of the positions.csv row, else of ``reported_speech``. A transparent heuristic, not a judgement.
    Outside the body (``part="comments"`` or ``"boilerplate"``) voice is the part's name and nobody is named.

    >>> term_contexts("lignes rouges")[["passage_id", "speaker", "voice"]].values.tolist()
    [['topcor.7', 'Vladimir Putin', 'quoted']]
    """
    term = _check_term(term, "term_contexts")
    part = _check_part(part)
    if not isinstance(width, int) or isinstance(width, bool) or width < 0:
        raise CourseError(f"width must be a whole number of characters, e.g. 60; it was {width!r}.")
    return _contexts(term, source_id, width, part, data_dir, {})


def _contexts(term: str, source_id, width: int, part: str, data_dir, cache: dict) -> pd.DataFrame:
    """term_contexts() once its input is checked; ``cache`` keeps each source's spans between terms."""
    sources = load_corpus(data_dir)[1]
    ids = list(sources) if source_id is None else [get_source(source_id, data_dir).id]
    pattern = kwic_pattern([term])
    rows = []
    for sid in ids:
        src = sources[sid]
        hits = kwic_in_text(_text(src, part), pattern, width)
        spans = None
        if part == "body" and hits:
            if sid not in cache:
                cache[sid] = voice_spans(sid, data_dir)
            spans = cache[sid]
        for s, left, match, right in hits:
            row = {"source_id": sid, "passage_id": "", "left": left.replace("\n", " "), "match": match,
                   "right": right.replace("\n", " "), "speaker": "", "side": "", "voice": part}
            if spans is not None:
                pid = src.passage_at(s)
                k = bisect_right(src.passage_starts, s) - 1
                p0 = src.passage_starts[max(k, 0)]
                speaker, side, voice = _whose(s, *spans, src.passage(pid), (s - p0, s - p0 + len(match)))
                row.update(passage_id=pid, speaker=speaker, side=side, voice=voice)
            rows.append(row)
    table = pd.DataFrame(rows, columns=["source_id", "passage_id", "left", "match", "right", "speaker", "side",
                                        "voice"])
    table.attrs["french_columns"] = ["left", "match", "right"]  # shown lang="fr" (helpers.views.display.table_html)
    return table


def who_uses(
    terms: str | list[str] | tuple[str, ...] = FRAMING_TERMS,
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Occurrences of each term in the bodies, counted by side and voice: ``term``, ``side``, ``voice``, ``n``.

    ``side`` is "Russia", "US/NATO", or "none named" when the words are the outlet's own or a quotation
    whose speaker the copy does not name. Only combinations that occur are rows.

    >>> who_uses(["agression"]).groupby("side")["n"].sum().to_dict()  # doctest: +SKIP
    """
    terms = _check_terms(terms, "who_uses")
    cache: dict = {}
    frames = [_contexts(t, None, 60, "body", data_dir, cache).assign(term=t) for t in terms]
    hits = pd.concat(frames, ignore_index=True)
    hits["side"] = hits["side"].replace("", "none named")
    out = hits.groupby(["term", "side", "voice"], sort=False).size().rename("n").reset_index()
    order = {t: k for k, t in enumerate(terms)}
    out = out.assign(_t=out["term"].map(order), _v=out["voice"].map(VOICES.index))
    return out.sort_values(["_t", "side", "_v"], kind="stable").drop(columns=["_t", "_v"]).reset_index(drop=True)


# ---------------------------------------------------------------- translation


def translation_artefacts(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """What translation did to words: each row of ``artefacts.csv``, with its glossary entry where there is one.

    Columns are those of ``load_artefacts()`` (``artefact_id``, ``source_id``, ``part``, ``french``,
    ``likely_original``, ``english``, ``explanation``…) plus ``term_fr``, ``term_en`` and ``glossary_note`` from
    glossary.csv: the entry of the longest glossary term found in the artefact's French words (empty when none
    is). That term may be only one word of the artefact: read the explanation for what went wrong.

    >>> a = translation_artefacts()
    >>> a.loc[a["french"] == "livre de jeu", "term_en"].iloc[0]
    'playbook'
    """
    art = load_artefacts(data_dir)
    glossary = load_glossary(data_dir)
    terms = sorted(glossary.to_dict("records"), key=lambda g: len(g["term_fr"]), reverse=True)

    def entry(french: str) -> dict:
        low = french.lower()
        for g in terms:
            if re.search(rf"(?<!\w){re.escape(g['term_fr'].lower())}(?!\w)", low):
                return {"term_fr": g["term_fr"], "term_en": g["term_en"], "glossary_note": g.get("note", "")}
        return {"term_fr": "", "term_en": "", "glossary_note": ""}

    extra = pd.DataFrame([entry(f) for f in art["french"]], index=art.index,
                         columns=["term_fr", "term_en", "glossary_note"])
    return pd.concat([art, extra], axis=1)
