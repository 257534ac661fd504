"""Checks of exercises/01_sources.ipynb: the sources, their parts, their chains, an artefact.

Each check computes what it expects from the helpers, so that it follows the data; the tests in
``tests/unit/checks/test_checks_01_03.py`` pin the values the solution gives today. Written answers (01.7) are not
registered here: ``written()`` records them for the instructor.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.citations import check_citation
from helpers.checks.core import register
from helpers.checks.readers import has_repeats, number, spaced, texts

__all__: list[str] = []  # nothing for notebooks: the checks are reached through check("01.k", answer)

PARTS = ("body", "boilerplate", "comments")
#: The phrases of exercise 01.3, each with the source it comes from.
PHRASES = {"Stay Connected": "afp", "Citation: Bulanov": "topcor", "7 commentaires": "topcor",
           "Pour votre information": "voi"}


def _text(value: Any) -> str:
    """A text compared leniently: spaces collapsed, case folded (for the phrases a cell gives)."""
    return spaced(value).casefold()


_number, _strings = number, texts


def _english_originals(answer: Any) -> bool | str:
    from helpers.data.corpus import list_sources, load_sources

    if isinstance(answer, pd.DataFrame):
        return "table"
    ids = _strings(answer)
    if ids is None:
        return "type"
    if has_repeats(ids):
        return "twice"
    ids = {i.strip() for i in ids}
    if not ids <= set(list_sources()):
        return "unknown"
    sources = load_sources()
    return ids == set(sources.loc[sources["original_language"].str.strip() == "English", "id"])


register("01.1", _english_originals,
         hint="filter load_sources() on its original_language column (== 'English'), then take the id column.",
         hints={"type": "give a list of source ids as text, like ['topcor', 'voi'].",
                "table": "give only the ids, not the whole table: table['id'].tolist() makes a list of them.",
                "unknown": "one of these is not a source id: list_sources() shows them all.",
                "twice": "give each id once."})


def _voi_body_length(answer: Any) -> bool | str:
    from helpers.data.corpus import get_source

    value = _number(answer)
    if value is None:
        return "type"
    src = get_source("voi")
    if value == len(src.body):
        return True
    if value == len(src.body.split()):
        return "words"
    if value > len(src.body):
        return "whole"
    return False


register("01.2", _voi_body_length,
         hint="get_source('voi').body is the body as one text; len() of a text counts its characters.",
         hints={"type": "give a whole number, without quotes (len() gives one).",
                "words": "that counts words: count characters instead, with len() of the text itself, "
                         "not of text.split().",
                "whole": "that counts more than the body: measure only get_source('voi').body, without the "
                         "boilerplate."})


def _which_part(answer: Any) -> bool | str:
    from helpers.data.corpus import get_source

    if not isinstance(answer, dict):
        return "type"
    given = {_text(k): v for k, v in answer.items() if isinstance(k, str)}
    if set(given) != {_text(p) for p in PHRASES}:
        return "keys"
    if not all(isinstance(v, str) for v in given.values()):
        return "type"
    if not all(v.strip().casefold() in PARTS for v in given.values()):
        return "parts"
    right = 0
    for phrase, source_id in PHRASES.items():
        src = get_source(source_id)
        expected = next(p for p in PARTS if phrase in getattr(src, p))
        right += given[_text(phrase)].strip().casefold() == expected
    if right == len(PHRASES):
        return True
    return False  # how many are right is not said: a loop could find them one by one


register("01.3", _which_part,
         hint="for each phrase and each part in turn, test with code whether the words are in it (words in "
              "getattr(get_source(id), part) is True or False), rather than judging by how the phrase looks.",
         hints={"type": "part_of() should return text, and the check should receive the dict the cell builds.",
                "keys": "keep the four phrases of the cell as the keys of the dict, exactly as they are.",
                "parts": "part_of() should return one of the words 'body', 'boilerplate' or 'comments' for "
                         "each phrase."})


def _first_links(answer: Any) -> bool | str:
    from helpers.data.corpus import load_sources

    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return "type"
    sources = load_sources()
    chains = dict(zip(sources["id"], sources["outlet_chain"], strict=True))
    if {str(k).strip() for k in answer} != set(chains):
        return "index"
    if not all(isinstance(v, str) for v in answer.values()):
        return "type"
    given = {str(k).strip(): spaced(v) for k, v in answer.items()}  # case kept: an upper-cased link is not the text
    first = {i: spaced(c.split("→")[0]) for i, c in chains.items()}
    last = {i: spaced(c.split("→")[-1]) for i, c in chains.items()}
    if given == first:
        return True
    return "last" if given == last else False


register("01.4", _first_links,
         hint="split the outlet_chain column on the arrow with .str.split('→'), take the first piece with .str[0], "
              "and trim its spaces with .str.strip().",
         hints={"type": "give a Series of text with the source ids as its index, or a dict {id: first link}.",
                "index": "use the source ids as the index: set_index('id') on the table before you take the "
                         "column (or build a dict {id: first link}).",
                "last": "that is the end of each chain (the French copy); the exercise asks for its start."})


def _cite_playbook(answer: Any) -> Any:
    return check_citation(answer, expected_speaker="Antony Blinken", expected_source="afp",
                          must_contain="livre de jeu")


register("01.5", _cite_playbook, hint="find_passage('afp', words) gives the id of the passage that holds some words; "
              "the sentence around them names who speaks.")


def _comment_span(answer: Any) -> bool | str:
    from helpers.analysis.voices import reader_comments

    posted = reader_comments("topcor")["posted"].dropna()
    expected = (posted.max() - posted.min()).total_seconds() / 60
    if isinstance(answer, dt.timedelta | np.timedelta64) and not pd.isna(answer):
        return pd.Timedelta(answer).total_seconds() / 60 == expected
    value = _number(answer)
    if value is None:
        return "type"
    if value == len(posted) and value != expected:
        return "count"
    return value == expected


register("01.6", _comment_span,
         hint="turn each comment's date and time into a Timestamp with pd.to_datetime, then subtract the earliest "
              "from the latest; a Timedelta's .total_seconds() / 60 is a number of minutes.",
         hints={"type": "give a number of minutes (without quotes), or the Timedelta that subtracting two "
                        "Timestamps gives.",
                "count": "that is how many comments there are; the exercise asks how long the discussion lasted."})


# --- 01.8: source a page yourself: one link of its chain, and the words that show it -----------------------

_NOT_LINKS = {"english", "french", "russian", "indonesian", "ai", "the", "washington", "voi's", "japan", "times"}
_SOURCING_PARTS = {
    "source_id": ("source_id", "source", "id"),
    "link": ("link", "outlet", "who"),
    "words": ("words", "evidence", "quote", "signal"),
}


def chain_links(outlet_chain: str) -> set[str]:
    """The names in a chain of outlets (outlets, agencies, people, domains), casefolded.

    >>> sorted(chain_links("Kyodo and Reuters → example.com (English original) → its AI-generated French version"))
    ['example.com', 'kyodo', 'reuters']
    """
    names = set(re.findall(r"[A-Z][\w.]*|\b[\w-]+\.(?:ru|com|id)\b", outlet_chain))
    return {n.casefold() for n in names} - _NOT_LINKS


def _whole_word(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def sourcing_verdict(answer: Any) -> bool | str:
    """True when ``link`` is a link of the source's chain and ``words``, verbatim in its body or boilerplate, name
    it; else the name of a hint."""
    from helpers.checks.readers import fields, normalised
    from helpers.data.corpus import get_source, list_sources
    from helpers.data.curated import load_sources

    parts = fields(answer, _SOURCING_PARTS)
    if parts is None or len(parts) != len(_SOURCING_PARTS):
        return "type"
    source_id = parts["source_id"].casefold()
    if source_id not in list_sources():
        return "source"
    chain = load_sources().set_index("id").loc[source_id, "outlet_chain"]
    named = [n for n in chain_links(chain) if _whole_word(n, parts["link"])]
    if not named:
        return "not_a_link"
    src = get_source(source_id)
    words = parts["words"]  # fields() gives it stripped of every space, no-break ones included
    if len(words.split()) < 2:
        return "short"
    page = f"{src.body}\n{src.boilerplate}"
    if words not in page:
        if words in src.comments:
            return "comments"
        return "almost" if normalised(words) in normalised(page) else "words_missing"
    return True if any(_whole_word(n, words) for n in named) else "words_link"


def _source_a_page(answer: Any) -> bool | str:
    return sourcing_verdict(answer)


register("01.8", _source_a_page,
         hint="choose a source, read its outlet_chain in load_sources(), then look in its body and boilerplate for "
              "words that name one link of that chain.",
         hints={"type": "give a dict: {'source_id': ..., 'link': ..., 'words': ...}, each holding text.",
                "source": "there is no source with that id: list_sources() gives the five ids.",
                "not_a_link": "this is not a link of this source's chain: outlet_chain in load_sources() names "
                              "the outlets, agencies and people the words passed through.",
                "short": "copy at least two words of the page, around the name.",
                "comments": "these words are in the reader comments: readers tell us about the site's audience, "
                            "not about where the article came from.",
                "almost": "the words are nearly there but not character for character: copy them from the text "
                          "with code (the articles use no-break spaces and curly apostrophes ’).",
                "words_missing": "these words are not, word for word, in this source's body or boilerplate.",
                "words_link": "these words are on the page, but they do not name the link you give: the evidence "
                              "must show that link. Some links the page never names; we know them only from "
                              "outside, so choose one the page shows."})
