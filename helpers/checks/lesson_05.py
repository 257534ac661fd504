"""Checks of exercises/05_words.ipynb: keyword in context, the glossary, rates per 1,000 words, a term grid,
and each side's word of accusation, cited.

>>> from helpers import check
>>> check("05.2", ("confinement", "endiguement"))
✅ 05.2: Correct.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from helpers.checks.core import CheckResult, register
from helpers.checks.lesson_04 import QUOTE_HINT, cite
from helpers.checks.readers import as_ids, as_list

#: The words of exercise 05.4: what each source calls Russia's texts of December 2021.
DEMAND_TERMS = ("garantie", "proposition", "demande", "exigence", "ultimatum")
#: Exercise 05.2: the word the copy of rt_nrc prints for "containment", and the standard French term.
CONTAINMENT = ("confinement", "endiguement")


def _word(value: Any) -> str | None:
    """A word given as text, stripped of spaces and quotation marks and lower-cased; None for anything else."""
    if not isinstance(value, str):
        return None
    return value.strip().strip("«»“”\"' \u00a0").strip().casefold()


# --- 05.1: where a word occurs -----------------------------------------------------------------------------

def _veto_passages(answer: Any) -> bool | str:
    from helpers.analysis.kwic import kwic
    from helpers.data.corpus import passages

    got = as_ids(answer, "passage_id")
    if isinstance(got, str):
        return got
    if got - set(passages()["passage_id"]):
        return "unknown"
    return got == set(kwic("veto")["passage_id"])


register("05.1", _veto_passages,
         hint="kwic('veto') has one row per occurrence, with the passage_id it is in: list those ids.",
         hints={"type": "give the passage ids as a list of text, or the table that kwic gives.",
                "columns": "this table has no passage_id column: the table kwic gives has one.",
                "unknown": "at least one of these is not a passage id: an id is a source id, a dot and a number; "
                           "passages() lists them all."})


# --- 05.2: the word behind "containment" -----------------------------------------------------------------

def _containment(answer: Any) -> bool | str:
    values = None if isinstance(answer, set | frozenset) else as_list(answer)  # an ordered pair: no set
    if values is None or len(values) != 2:
        return "type"
    printed, standard = (_word(a) for a in values)
    if printed is None or standard is None:
        return "type"
    expected = CONTAINMENT  # glossary.csv, row "confinement": its term_fr and the word its note names
    if (printed, standard) == expected:
        return True
    return False  # neither word is confirmed on its own


register("05.2", _containment,
         hint="load_glossary() has a term_en column: keep the row whose English term is the one asked about; "
              "its term_fr is the word the copy prints (first in the pair), and its note names the standard French "
              "word (second).",
         hints={"type": "give two words as text, in round brackets: (the word the copy prints, the standard "
                        "French word)."})


# --- 05.3: a count or a rate? ---------------------------------------------------------------------------

def _ukraine_rate(answer: Any) -> bool | str:
    from helpers.analysis.framing import term_counts
    from helpers.data.corpus import list_sources

    got = _word(answer)
    if got is None:
        return "type"
    if got not in list_sources():
        return "unknown"
    counts = term_counts("Ukraine")
    if got == counts.sort_values("per_1000_words", ascending=False, kind="stable")["source_id"].iloc[0]:
        return True
    if got == counts.sort_values("n", ascending=False, kind="stable")["source_id"].iloc[0]:
        return "count"
    return False


register("05.3", _ukraine_rate,
         hint="term_counts('Ukraine') gives each source's count n and its rate per_1000_words: sort by the rate, "
              "not by the count.",
         hints={"type": "give the source id as text, between quotes.",
                "unknown": "that is not one of the source ids: list_sources() shows them all.",
                "count": "that source has the most occurrences, but it is also the longest article: compare "
                         "per_1000_words, not n."})


# --- 05.4: a grid of counts ------------------------------------------------------------------------------

def _demand_grid(answer: Any) -> bool | str:
    from helpers.analysis.framing import term_counts
    from helpers.data.corpus import list_sources

    if not isinstance(answer, pd.DataFrame):
        return "type"
    if {"term", "source_id"} <= {str(c) for c in answer.columns}:
        return "long"
    terms, sources = sorted(DEMAND_TERMS), sorted(list_sources())
    rows, cols = [str(i) for i in answer.index], [str(c) for c in answer.columns]
    if (sorted(rows), sorted(cols)) == (sources, terms):
        answer, rows, cols = answer.T, cols, rows
    elif (sorted(rows), sorted(cols)) != (terms, sources):
        return "shape"
    grid = answer.set_axis(rows).set_axis(cols, axis=1).loc[terms, sources]
    try:
        got = grid.astype(float)
    except (TypeError, ValueError):
        return "type"
    counts = term_counts(list(DEMAND_TERMS))
    for values, outcome in (("n", True), ("per_1000_words", "rate")):
        expected = counts.pivot(index="term", columns="source_id", values=values).loc[terms, sources]
        if ((got - expected.astype(float)).abs() < 1e-9).all().all():
            return outcome
    return False


register("05.4", _demand_grid, hint="term_counts(...) with the five words gives one row per term and source; "
              ".pivot(index='term', columns='source_id', values='n') turns it into the grid.",
         hints={"type": "give a table (a DataFrame) with one row per term and one column per source.",
                "long": "this is still the long table, one row per term and source: pivot it, with the terms as "
                        "rows and the sources as columns.",
                "shape": "the grid should have the five terms as its rows (the index) and the five source ids as "
                         "its columns.",
                "rate": "these numbers look like rates per 1,000 words: the grid asks for the counts, the n "
                        "column."})


# --- 05.5 and 05.6: each side's word of accusation, cited -----------------------------------------------

def _russian_threat(answer: Any) -> CheckResult | str:
    return cite(answer, "Alexander Grushko", "menace", "05.5")


register("05.5", _russian_threat,
         hint="term_contexts('menace') gives each occurrence's passage_id, speaker and side: take the one on the "
              "Russian side.",
         hints={"quote": QUOTE_HINT})


def _western_aggression(answer: Any) -> CheckResult | str:
    return cite(answer, "Antony Blinken", "agression", "05.6")


register("05.6", _western_aggression,
         hint="term_contexts('agression') gives each occurrence's passage_id, speaker, side and voice: take the "
              "quoted one whose speaker is named.",
         hints={"quote": QUOTE_HINT})


# --- 05.8: whose word is it? An occurrence of a framing word chosen by the student ----------------------

_WHOSE_PARTS = {
    "passage_id": ("passage_id", "passage", "pid"),
    "term": ("term", "word", "framing_word"),
    "words": ("words", "evidence", "context"),
    "voice": ("voice", "whose", "whose_word"),
}
#: What a student may call each voice (VOICES of helpers.analysis.framing: quoted, reported, outlet).
_VOICE_NAMES = {"quoted": "quoted", "quotation": "quoted", "quote": "quoted", "speaker": "quoted",
                "reported": "reported", "reported speech": "reported", "outlet reporting a speaker": "reported",
                "paraphrase": "reported", "paraphrased": "reported",
                "outlet": "outlet", "narration": "outlet", "outlet's own": "outlet", "outlet own": "outlet"}


def _voice_name(text: str) -> str | None:
    """The voice a student names ("Quoted", "the outlet's", "reported speech"), else None."""
    name = " ".join(text.casefold().replace("_", " ").replace("’", "'").split())
    name = name.removeprefix("the ").removesuffix("'s").strip()
    return _VOICE_NAMES.get(name)
_MARKS = "«»\"“”"


def _framing_term(word: str) -> str | None:
    """The framing term of lesson 05 that a word given by the student is (or starts with), else None."""
    from helpers.analysis.framing import FRAMING_TERMS

    given = " ".join(word.strip().strip(_MARKS + "' \u00a0").casefold().split())
    return next((t for t in FRAMING_TERMS if given.startswith(t.casefold())), None)


def occurrences(text: str, term: str) -> list[tuple[int, str]]:
    """(offset, word as printed) of each occurrence of a framing term in a text, as kwic() finds them."""
    from helpers.analysis.kwic import kwic_in_text, kwic_pattern

    return [(s, match) for s, _, match, _ in kwic_in_text(text, kwic_pattern([term]), 0)]


def voice_at(source_id: str, offset: int, length: int = 1) -> tuple[str, str, tuple[int, int] | None]:
    """(voice, speaker, span) of the framing word at ``offset`` of a body (``length`` characters long), by the rule
    of ``term_contexts``.

    ``span`` is the body span of the sentence(s) that report a speaker, for the voice "reported"; else None.
    """
    from bisect import bisect_right

    from helpers.analysis.framing import lost_opening, voice_spans
    from helpers.data.corpus import get_source

    src = get_source(source_id)
    quotes, curated, reported = voice_spans(source_id, None)
    p0 = src.passage_starts[max(bisect_right(src.passage_starts, offset) - 1, 0)]
    passage = src.passage(src.passage_at(offset))
    q = next((x for x in quotes if x[0] <= offset < x[1]), None)
    if q is not None or lost_opening(passage, offset - p0, offset - p0 + length):
        return "quoted", q[2] if q is not None else "", None
    for found in (next((x for x in curated if x[0] <= offset < x[1]), None),
                  next((x for x in reported if x[0] <= offset < x[1]), None)):
        if found is not None and found[2]:
            return "reported", found[2], (found[0], found[1])
    return "outlet", "", None


def in_attribution(source_id: str, offset: int) -> bool:
    """True when the word at body ``offset`` is in the clause that names a speaker after the words reported
    (", a déclaré mardi le secrétaire général de l'alliance", "- a souligné le secrétaire général du bloc"): its
    sentence reports a speaker, but the word is no part of what the speaker said."""
    from helpers.analysis.quotes import SPEECH_WORDS
    from helpers.data.corpus import get_source

    src = get_source(source_id)
    passage = src.passage(src.passage_at(offset))
    p0 = src.body.find(passage)
    before = re.split(r"[.!?]\s", passage[:max(offset - p0, 0)])[-1]
    # the verbs, not "d'après": SPEECH_WORDS are single words, and \b after them lets no verb stop inside a longer
    # one, so the order of the alternatives changes no match
    verbs = "|".join(re.escape(w) for w in SPEECH_WORDS if "'" not in w and "’" not in w)
    m = re.search(rf"(?:^|[,»”\"–—-])\s*(?:a|ont)\s+(?:\w+\s+)?(?:{verbs})\b(?P<rest>[^«»\"“”]*)$", before)
    return m is not None and not re.search(r"\bque\b|\bqu['’]", m.group("rest"))


def _occurrence_verdict(source_id: str, at: int, length: int, claimed: str, words: tuple[int, int]) -> bool | str:
    """The verdict on one occurrence of the framing word (at body offset ``at``) inside the cited words."""
    from helpers.checks.lesson_03 import names_or_speaks
    from helpers.data.corpus import get_source

    voice, speaker, span = voice_at(source_id, at, length)
    text = get_source(source_id).body[words[0]:words[1]]
    if voice != "quoted" and claimed != voice and claimed != "quoted" and in_attribution(source_id, at):
        # both readings are right for a word of the attribution clause: "reported" needs the verb or the name
        return True if claimed == "outlet" or names_or_speaks(text, speaker) else "no_signal"
    if claimed != voice:
        return {"quoted": "is_quoted", "reported": "speaker_named", "outlet": "no_speaker"}[voice] \
            if claimed != "quoted" else "not_quoted"
    if voice == "quoted":
        src = get_source(source_id)
        block = not any(m in src.passage(src.passage_at(at)) for m in _MARKS)  # a paragraph set apart, no marks
        return True if block or any(m in text for m in _MARKS) else "marks"
    if voice == "reported":
        if not span[0] <= words[0] or not words[1] <= span[1]:
            return "no_signal"
        whole = get_source(source_id).body[span[0]:span[1]].strip()
        # the words name the speaker or the verb of saying; a document or a summary ("the Russian proposal …
        # comprises") has neither: its whole sentence is the evidence
        if not names_or_speaks(text, speaker) and text.strip() != whole:
            return "no_signal"
    return True


def whose_word_verdict(answer: Any) -> bool | str:
    """True when the cited words, verbatim in the chosen passage of a body, hold the framing word named and show
    whose word it is, as the voice named: "quoted" (the word between quotation marks, the marks copied),
    "reported" (the words of the same sentence that name the speaker or the verb of saying) or "outlet" (no one is
    reported saying it); else the name of a hint."""
    from helpers.checks.citations import resolve_passage
    from helpers.checks.readers import fields, normalised

    parts = fields(answer, _WHOSE_PARTS)
    if parts is None or len(parts) != len(_WHOSE_PARTS):
        return "type"
    term = _framing_term(parts["term"])
    if term is None:
        return "term"
    found = resolve_passage(parts["passage_id"])
    if found is None:
        return "passage"
    source_id, src, pid = found
    claimed = _voice_name(parts["voice"])
    if claimed is None:
        return "voice_name"
    words = parts["words"]  # fields() stripped it (str.strip() removes no-break spaces too)
    if len(words.split()) < 2:
        return "short"
    passage = src.passage(pid)
    if words not in passage:
        if words in src.comments:
            return "comments"
        if words in src.boilerplate:
            return "boilerplate"
        return "almost" if normalised(words) in normalised(passage) else "words_missing"
    hits = occurrences(words, term)
    if not hits:
        return "no_term"
    start = src.body.find(words, src.body.find(passage))  # the passage is cut from the body: it is there
    verdicts = [_occurrence_verdict(source_id, start + s, len(match), claimed, (start, start + len(words)))
                for s, match in hits]
    return True if True in verdicts else verdicts[0]


def _whose_word(answer: Any) -> bool | str:
    return whose_word_verdict(answer)


register("05.8", _whose_word,
         hint="choose one occurrence of a framing word (term_contexts(term) lists them, with their passage_id), read "
              "its whole sentence, and copy the words around the word that show whose it is.",
         hints={"type": "give a dict with four keys: {'passage_id': ..., 'term': ..., 'words': ..., 'voice': ...}, "
                        "each holding text.",
                "term": "choose one of the lesson's framing words: FRAMING_TERMS lists them (e.g. 'alliance').",
                "passage": "there is no passage with that id: ids are a source id, a dot and a number (like afp.N); "
                           "term_contexts(term) gives the passage_id of each occurrence.",
                "voice_name": "say 'quoted' (the word is between quotation marks: the speaker's, as translated), "
                              "'reported' (the outlet's word for what a named speaker said) or 'outlet' (the "
                              "outlet's own narration: no one is reported saying it).",
                "short": "copy at least two words: the framing word and the words around it.",
                "comments": "these words are in the reader comments: they are the readers' words, not the "
                            "article's, and the lesson leaves them out. Choose an occurrence in the body.",
                "boilerplate": "these words are in the headline or the site's furniture, not in the body: choose an "
                               "occurrence in the article itself (the passages).",
                "almost": "the words are nearly there but not character for character: copy them from the text "
                          "with code (the articles use no-break spaces and curly apostrophes ’).",
                "words_missing": "these words are not, word for word, in the passage you chose: copy them from "
                                 "that passage.",
                "no_term": "the words you copied do not hold the framing word you name: copy the word itself with "
                           "the words around it.",
                "not_quoted": "in these words the framing word itself does not stand between an opening and a "
                              "closing quotation mark (marks around a nearby word do not count): it is not given "
                              "as the speaker's own word.",
                "is_quoted": "look at the quotation marks of that sentence, or at the paragraph: one set apart and "
                             "followed by its speaker (- a souligné …) is a quotation too. A word inside is given "
                             "as the speaker's own word (as translated), not as the outlet's.",
                "speaker_named": "read the whole sentence and the one before it: a speaker named with a verb of "
                                 "saying (or selon), or a named document summed up (the proposal … comprises), "
                                 "means the outlet is reporting them in its own words, not narrating.",
                "no_speaker": "no one in the sentence around this word is named as saying it: a word the outlet "
                              "uses to tell events in its own voice is its narration.",
                "marks": "copy the quotation marks with the word: they are the evidence that it is quoted.",
                "no_signal": "copy the words that show who is reported, from the same sentence or the one before "
                             "it that it continues: the speaker's name or title, or the verb of saying (a "
                             "déclaré, selon, a souligné …); for a document summed up, its whole sentence."})
