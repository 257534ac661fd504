"""Citation checks: a quoted passage or passage id, verbatim against the sources, and who speaks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers.checks.core import CheckResult, is_blank
from helpers.checks.readers import Digest, normalised

__all__: list[str] = []

CITATION_HINTS = {
    "shape": "cite a passage id (a source id, a dot and the passage's number, like afp.N), or copy the quoted "
             "words exactly, as text between quotes.",
    "table": "give one quote (one row of the table), not several.",
    "passage": "there is no passage with that id: ids are a source id, a dot and a number (like afp.N); "
               "passages('afp') lists them.",
    "short": "quote at least a few words, so that the passage can be found.",
    "almost": "the words are nearly there but not character for character: copy them from the text with code "
              "(the articles use no-break spaces and curly apostrophes ’).",
    "not_in_passage": "these words are in the sources, but not in the passage you cite.",
    "missing": "these words are not, word for word, in any source: find_passage(source_id, words) tells you "
               "where a phrase is.",
    "claimed_source": "the words are not in the source you name.",
    "source": "these words are in the sources, but not in the article this exercise asks about.",
    "topic": "this passage is not about what the exercise asks: look for the one that mentions it.",
    "speaker": "the text does not give these words to the person the exercise asks about: the sentence around "
               "a quote names who speaks.",
    "claimed_speaker": "the text does not give these words to the speaker you name.",
}
PID_RE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\.(\d+)\s*$")
_KEYS = {"passage_id": "pid", "passage": "pid", "id": "pid", "quote": "quote", "text": "quote", "words": "quote",
         "speaker": "speaker", "source_id": "source", "source": "source"}


_norm = normalised  # the lenient form of a text (for "almost verbatim"), one definition for every check


def citation_fields(answer: Any) -> dict | str:
    """The parts of a citation answer: pid, quote, speaker, source (or the name of a hint)."""
    if isinstance(answer, pd.DataFrame):
        if len(answer) != 1:
            return "table"
        answer = answer.iloc[0]
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, str):
        m = PID_RE.match(answer)
        return {"pid": answer.strip()} if m else {"quote": answer}
    if isinstance(answer, dict):
        out = {}
        for key, value in answer.items():
            name = _KEYS.get(str(key).strip().lower())
            if name and isinstance(value, str) and value.strip():
                out.setdefault(name, value if name == "quote" else value.strip())
        return out if ("pid" in out or "quote" in out) else "shape"
    return "shape"


def speaker_names(name: str) -> set[str]:
    """A speaker's canonical name from actors.csv (given its name or any alias), casefolded."""
    from helpers.data.curated import load_actors

    key = _norm(name)
    for row in load_actors().to_dict("records"):
        names = [row["name"], *str(row.get("aliases", "")).split(";")]
        if key in {_norm(n) for n in names if n.strip()}:
            return {_norm(row["name"])}
    return {key}


def speakers_at(source_id: str, pid: str, start: int | None, end: int | None) -> set[str]:
    """Speakers the text gives to a span of a source's body (or to a whole passage when start is None)."""
    from helpers.analysis.quotes import extract_quotes, reported_speech
    from helpers.data.corpus import get_source

    q = extract_quotes(source_id)
    if start is None:
        rows = q[q["passage_id"] == pid]
    else:
        rows = q[(q["start"] < end) & (q["end"] > start)]
        if rows.empty:  # words in the sentence of a quotation ("X a appelé ce problème « … »")
            body = get_source(source_id).body
            same = q[q["passage_id"] == pid]
            after = same[(same["start"] >= end) & (same["start"] - end < 80)]
            after = after.loc[[not re.search(r"[.?!]", body[end:a]) for a in after["start"]]]
            before = same[(same["end"] <= start) & (start - same["end"] < 80)]
            before = before.loc[[not re.search(r"[.?!]", body[b - 1:start]) for b in before["end"]]]
            rows = after.head(1) if len(after) else before.tail(1)
    found = {_norm(s) for s in rows["speaker"] if isinstance(s, str) and s}
    if not found or start is None:  # no attributed quotation: is it in a sentence of reported speech?
        rs = reported_speech(source_id)
        rs = rs[rs["passage_id"] == pid]
        if start is not None:
            words = _norm(get_source(source_id).body[start:end])
            # .loc, because rs[[]] would select no columns when the passage has no reported speech
            rs = rs.loc[[words in _norm(s) or _norm(s) in words for s in rs["sentence"]]]
        found |= {_norm(s) for s in rs["speaker"] if isinstance(s, str) and s}
    return found


def resolve_passage(text: str):
    """``(source id, source, passage id)`` of a passage id as a student writes it (``afp.4``, `` afp.04 ``), the id
    made canonical (``afp.4``); None if no source has that passage.

    >>> resolve_passage(" afp.04 ")[2], resolve_passage("afp.999"), resolve_passage("nowhere.1")
    ('afp.4', None, None)
    """
    from helpers.data.corpus import get_source, list_sources

    m = PID_RE.match(text)
    if not m or m.group(1) not in list_sources():
        return None
    source_id, src = m.group(1), get_source(m.group(1))
    if not 1 <= int(m.group(2)) <= len(src.parts):
        return None
    return source_id, src, f"{source_id}.{int(m.group(2))}"


def check_citation(answer: Any, expected_speaker: str | None = None, expected_source: str | Iterable[str] | None = None,
                   must_contain: str | Iterable[str] | None = None, *, min_words: int = 3,
                   exercise_id: str = "citation") -> CheckResult:
    """Check a cited quote or passage id verbatim against the sources, and who speaks. Never raises.

    ``answer``: a passage id ("afp.4"), the quoted words, a dict with ``passage_id``/``quote``/``speaker``,
    or one row of ``extract_quotes()``. ``expected_speaker``: a name or alias from actors.csv, or its :class:`Digest`;
    ``expected_source``: a source id (or several); ``must_contain``: words the cited passage must contain.
    The hints never name what was expected.

    >>> from helpers import extract_quotes
    >>> row = extract_quotes("afp").query("speaker != ''").iloc[0]
    >>> check_citation(row["quote"], expected_speaker=row["speaker"])
    ✅ citation: Correct.
    """
    from helpers.data.corpus import get_source, list_sources

    def fail(key: str) -> CheckResult:
        return CheckResult(exercise_id, "not_yet", CITATION_HINTS[key])

    try:
        if is_blank(answer):
            return CheckResult(exercise_id, "not_answered")
        parts = citation_fields(answer)
        if isinstance(parts, str):
            return fail(parts)
        pid, quote = parts.get("pid"), parts.get("quote")
        start = end = None
        if pid is not None:
            found = resolve_passage(pid)
            if found is None:
                return fail("passage")
            source_id, src, pid = found
        if quote is not None:
            quote = quote.strip().strip("«»“”\"").strip(" \u00a0\u202f")
            if len(quote.split()) < min_words:
                return fail("short")
            hits = [(sid, get_source(sid).body.find(quote)) for sid in list_sources()]
            hits = [(sid, pos) for sid, pos in hits if pos >= 0]
            if pid is not None:
                if quote not in src.passage(pid):
                    if _norm(quote) in _norm(src.passage(pid)):
                        return fail("almost")
                    return fail("not_in_passage" if hits else "missing")
                start = src.body.find(quote, max(src.body.find(src.passage(pid)), 0))
            elif hits:  # where several sources hold the words, prefer the one named, then the one expected
                wanted = {expected_source} if isinstance(expected_source, str) else set(expected_source or ())
                hits.sort(key=lambda h: (h[0] != parts.get("source"), h[0] not in wanted))
                source_id, start = hits[0]
                src = get_source(source_id)
                pid = src.passage_at(start)
            else:
                near = any(_norm(quote) in _norm(get_source(s).body) for s in list_sources())
                return fail("almost" if near else "missing")
            end = start + len(quote)
        if parts.get("source") and parts["source"] != source_id:
            return fail("claimed_source")
        if expected_source is not None:
            wanted = {expected_source} if isinstance(expected_source, str) else set(expected_source)
            if source_id not in wanted:
                return fail("source")
        if must_contain is not None:
            terms = [must_contain] if isinstance(must_contain, str) else list(must_contain)
            text = _norm(src.passage(pid))
            if not all(_norm(t) in text for t in terms):
                return fail("topic")
        if expected_speaker is not None or parts.get("speaker"):
            speakers = speakers_at(source_id, pid, start, end)
            if isinstance(expected_speaker, Digest):  # a name the code does not show: compare digests
                if not any(expected_speaker.matches(n) for s in speakers for n in {s, *speaker_names(s)}):
                    return fail("speaker")
            elif expected_speaker is not None and not speaker_names(expected_speaker) & speakers:
                return fail("speaker")
            if parts.get("speaker") and not speaker_names(parts["speaker"]) & speakers:
                return fail("claimed_speaker")
        return CheckResult(exercise_id, "correct")
    except Exception:  # noqa: BLE001 - never crash on a student's answer
        return fail("shape")


