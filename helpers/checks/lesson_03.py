"""Checks of exercises/03_voices.ipynb: counting quotations, speakers, a search pattern, a citation, paraphrase.

Each check computes what it expects from the helpers; ``tests/unit/checks/test_checks_01_03.py`` pins the values of
today. Names are compared through ``actors.csv``, so "Blinken" and "Antony Blinken" are the same speaker.
The written answer (03.7) is recorded by ``written()``, not checked here.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.citations import check_citation, speaker_names
from helpers.checks.core import register
from helpers.checks.readers import texts

__all__: list[str] = []  # nothing for notebooks: the checks are reached through check("03.k", answer)


def _who(name: str) -> str:
    """The canonical form of a speaker's name (any alias of actors.csv), casefolded."""
    return next(iter(speaker_names(name)))


_names = texts  # a list (tuple, set, Series, Index, array) of names as text; else None


def _counts(answer: Any) -> dict[str, int] | None:
    """A Series or dict of whole numbers keyed by text; else None."""
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return None
    out = {}
    for key, value in answer.items():
        if not isinstance(key, str) or isinstance(value, bool | np.bool_):
            return None
        if not isinstance(value, int | float | np.integer | np.floating) or not float(value).is_integer():
            return None
        out[key.strip()] = int(value)
    return out


def _attributed_per_source(answer: Any) -> bool | str:
    from helpers.analysis.quotes import extract_quotes
    from helpers.data.corpus import list_sources

    given = _counts(answer)
    if given is None:
        return "type"
    if not set(given) <= set(list_sources()):
        return "index"
    given = {k: v for k, v in given.items() if v}  # a source with 0 may be left out or given as 0
    q = extract_quotes()
    every = q.groupby("source_id").size().to_dict()
    expected = q[q["speaker"] != ""].groupby("source_id").size().to_dict()
    if given == expected:
        return True
    return "all" if given == every else False


register("03.1", _attributed_per_source,
         hint="keep the rows of extract_quotes() whose speaker is not empty text (!= \"\"), then count them per "
              "source with groupby('source_id').size().",
         hints={"type": "give a Series (what groupby(...).size() or value_counts() gives) or a dict "
                        "{source id: number}.",
                "index": "count per source: the index (or the keys) should be the source ids.",
                "all": "that counts every quotation; keep only those that have a speaker before you count."})


def _most_quoted_afp(answer: Any) -> bool | str:
    from helpers.analysis.quotes import extract_quotes

    if not isinstance(answer, str):
        return "type"
    counts = extract_quotes("afp").query("speaker != ''")["speaker"].value_counts()
    top = counts[counts == counts.max()].index
    return _who(answer) in {_who(n) for n in top}


register("03.2", _most_quoted_afp,
         hint="count the speaker column of extract_quotes('afp') with value_counts(); the empty speaker is not "
              "a person.",
         hints={"type": "give one name, as text between quotes (the index of value_counts() holds the names)."})


def _block_speaker(answer: Any) -> bool | str:
    from helpers.analysis.quotes import extract_quotes

    if not isinstance(answer, str):
        return "type"
    q = extract_quotes("topcor")
    speakers = {_who(s) for s in q.loc[q["style"] == "block", "speaker"] if s}
    return _who(answer) in speakers


register("03.3", _block_speaker,
         hint="keep the rows of extract_quotes('topcor') whose style column is 'block', and read their speaker.",
         hints={"type": "give one name, as text between quotes."})


def _bare(quote: str) -> str:
    """A quotation without surrounding spaces, quotation marks and final full stop (its case kept: a shouted copy is
    not the text)."""
    return re.sub(r"\s+", " ", quote).strip(" \u00a0\u202f«»“”\".")


def _quotes_in_passage(answer: Any) -> bool | str:
    from helpers.analysis.quotes import QUOTE_RE
    from helpers.data.corpus import get_source

    given = _names(answer)
    if given is None:
        return "type"
    given = [_bare(x) for x in given]
    expected = [_bare(m.group(m.lastgroup)) for m in QUOTE_RE.finditer(get_source("rt_cnn").passage("rt_cnn.7"))]
    return given == expected  # no hint says which quotations are right: it teaches the method only


register("03.4", _quotes_in_passage,
         hint="QUOTE_RE.finditer(passage) walks through the matches of passage rt_cnn.7 only, in the order of the "
              "text; for each match m, m.group(m.lastgroup) is the text between the marks, as printed.",
         hints={"type": "give a list of texts (the words of each quotation), like ['a', 'b']."})


def _cite_grushko(answer: Any) -> Any:
    return check_citation(answer, expected_speaker="Alexander Grushko", expected_source="rt_nrc",
                          must_contain="spectre")


register("03.5", _cite_grushko,
         hint="the words are French: search the quotations of Grushko in extract_quotes() (or kwic('spectre')), "
              "then cite the passage id or copy the quoted words exactly.")


def _only_paraphrased(answer: Any) -> bool | str:
    from helpers.analysis.voices import voices_table

    given = _names(answer)
    if given is None:
        return "type"
    given = {_who(n) for n in given}
    voices = voices_table()
    quoted = {_who(n) for n in voices.loc[voices["kind"] == "quoted", "speaker"]}
    expected = {_who(n) for n in voices["speaker"]} - quoted
    if given == expected:
        return True
    if given & quoted:
        return "quoted"
    return False  # whether some names are right is not said


register("03.6", _only_paraphrased,
         hint="voices_table() has one row per speaker and kind: take the set of speakers with a 'quoted' row, "
              "and keep the speakers that are not in it.",
         hints={"type": "give a list of names as text, like ['A', 'B'].",
                "quoted": "at least one of these speakers is quoted in some source: keep only those with no "
                          "'quoted' row at all, in any source."})


# --- 03.8: attribute the words of a passage you choose ----------------------------------------------------

_ATTRIBUTION_PARTS = {
    "passage_id": ("passage_id", "passage", "pid"),
    "speaker": ("speaker", "who"),
    "signal": ("signal", "words", "attribution", "evidence"),
    "form": ("form", "kind", "quotation_or_paraphrase"),
}
_FORMS = {"quotation": "quotation", "partly quoted": "quotation", "quote": "quotation", "direct quote": "quotation",
          "direct quotation": "quotation",
          "paraphrase": "paraphrase", "reported speech": "paraphrase", "indirect speech": "paraphrase"}


def names_or_speaks(signal: str, speaker: str) -> bool:
    """True when ``signal`` holds a verb of speech (or selon, d'après) or a word of the speaker's name, alias or
    role (actors.csv), or words such as "le diplomate" that point back to a speaker."""
    from helpers.analysis.quotes import GENERIC_WORDS, SPEECH_WORDS
    from helpers.data.curated import load_actors

    words = set(re.findall(r"[\w’']+", signal.casefold()))
    if words & {w.casefold() for w in SPEECH_WORDS} or any(f" {g} " in f" {signal.casefold()} " for g in GENERIC_WORDS):
        return True
    who = _who(speaker)
    for row in load_actors().to_dict("records"):
        names = [row["name"], *str(row.get("aliases", "")).split(";")]
        if who in {_who(n) for n in names if n.strip()}:
            vocabulary = {w for n in [*names, str(row.get("role", ""))] for w in re.findall(r"[\w’']+", n.casefold())}
            return bool(words & {w for w in vocabulary if len(w) > 3})
    return any(w in words for w in re.findall(r"[\w’']+", speaker.casefold()) if len(w) > 3)


def _resolve(name: str) -> str:
    """A speaker's canonical name, casefolded: any name or alias of actors.csv, or the surname alone ("Putin")."""
    from helpers.data.curated import load_actors

    who = _who(name)
    canonical = [_who(n) for n in load_actors()["name"]]
    if who in canonical:
        return who
    surname = [c for c in canonical if c.split()[-1:] == [who]]
    return surname[0] if len(surname) == 1 else who


def _points_back(signal: str) -> bool:
    from helpers.analysis.quotes import GENERIC_WORDS

    return any(f" {g} " in f" {signal.casefold()} " for g in GENERIC_WORDS)


def _last_speaker(source_id: str, pid: str, start: int) -> set[str]:
    """The speaker the text named last before ``start`` (in a quotation or a sentence of reported speech)."""
    from helpers.analysis.quotes import extract_quotes, reported_speech
    from helpers.data.corpus import get_source

    body = get_source(source_id).body
    q = extract_quotes(source_id)
    named = [(int(e), s) for e, s in zip(q["end"], q["speaker"], strict=True) if s and e <= start]
    rs = reported_speech(source_id)
    for sentence, speaker in zip(rs["sentence"], rs["speaker"], strict=True):
        at = body.find(sentence)
        if 0 <= at < start:  # reported_speech() keeps only the sentences whose speaker it names
            named.append((at + len(sentence), speaker))
    return {_who(max(named)[1])} if named else set()


def attribution_verdict(answer: Any) -> bool | str:
    """True when the signal words, verbatim in the chosen passage and outside its quotations, attribute speech to the
    speaker named, in the form named (a quotation: the sentence of the signal holds words between quotation marks;
    a paraphrase: it holds none); else the name of a hint. Words such as "le diplomate" point back to the speaker
    the text named last."""
    from helpers.analysis.quotes import SENTENCE_BOUNDARY, extract_quotes
    from helpers.checks.citations import resolve_passage, speakers_at
    from helpers.checks.readers import fields, normalised

    parts = fields(answer, _ATTRIBUTION_PARTS)
    if parts is None or len(parts) != len(_ATTRIBUTION_PARTS):
        return "type"
    found = resolve_passage(parts["passage_id"])
    if found is None:
        return "passage"
    source_id, src, pid = found
    form = _FORMS.get(" ".join(parts["form"].casefold().replace("_", " ").split()))
    if form is None:
        return "form_name"
    signal = parts["signal"]  # fields() stripped it (str.strip() removes no-break spaces too)
    if len(signal.split()) < 2:
        return "short"
    passage = src.passage(pid)
    if signal not in passage:
        return "almost" if normalised(signal) in normalised(passage) else "signal_missing"
    start = src.body.find(signal, src.body.find(passage))  # the passage is cut from the body: it is there
    end = start + len(signal)
    q = extract_quotes(source_id)
    q = q[q["passage_id"] == pid]
    if any(s <= start and end <= e for s, e in zip(q["start"], q["end"], strict=True)):
        return "inside"
    if not names_or_speaks(signal, parts["speaker"]):
        return "no_signal"
    who = _resolve(parts["speaker"])
    speakers = {_who(s) for s in speakers_at(source_id, pid, start, end)}
    if not speakers and _points_back(signal):  # "a ajouté le diplomate": the last speaker named so far
        speakers = _last_speaker(source_id, pid, start)
    if who not in speakers:
        return "speaker"
    a = max([0, *[m.end() for m in SENTENCE_BOUNDARY.finditer(src.body, 0, start)]])
    b = next((m.start() for m in SENTENCE_BOUNDARY.finditer(src.body, end)), len(src.body))
    quoted_here = any(s < b and e > a for s, e in zip(q["start"], q["end"], strict=True))
    if form == ("quotation" if quoted_here else "paraphrase"):
        return True
    return "form"


def _attribution(answer: Any) -> bool | str:
    return attribution_verdict(answer)


register("03.8", _attribution,
         hint="choose a passage where someone's words are reported; in it, copy the few words outside the quotation "
              "marks that tell you who speaks (a name, a title, a verb of saying), and say whether the speaker's "
              "own words are quoted or only paraphrased.",
         hints={"type": "give a dict with four keys: {'passage_id': ..., 'speaker': ..., 'signal': ..., "
                        "'form': ...}, each holding text.",
                "passage": "there is no passage with that id: ids are a source id, a dot and a number (like "
                           "afp.N); passages('afp') lists them.",
                "form_name": "say 'quotation' (the speaker's own words between quotation marks) or 'paraphrase' "
                             "(the outlet reports what the speaker said, in its own words).",
                "short": "copy at least two words: the words that name the speaker or say that they spoke.",
                "almost": "the words are nearly there but not character for character: copy them from the text "
                          "with code (the articles use no-break spaces and curly apostrophes ’).",
                "signal_missing": "these words are not, word for word, in the passage you chose: copy them from "
                                  "that passage.",
                "no_signal": "these words are not the ones that show who speaks: copy the speaker's name or title, "
                             "or the verb of saying (a déclaré, selon, ajoutant …) that gives them the words.",
                "inside": "these words are inside a quotation: the words that show who speaks stand outside the "
                          "quotation marks, in the sentence around them.",
                "speaker": "in this passage, the words you copied do not give speech to the speaker you name: read "
                           "the whole sentence, and check the name with actors.csv (a pronoun or a title may "
                           "point back to someone named earlier).",
                "form": "look again at the sentence these words belong to: does it give the speaker's own words "
                        "between quotation marks, or does the outlet report them in its own words?"})
