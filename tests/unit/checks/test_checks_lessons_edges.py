"""Edges of the lesson checks (helpers/checks/lesson_00.py … lesson_06.py) that mutation testing found unguarded.

``make mutate MODULES=checks_lesson_01`` measures one module against the tests of this folder; each test here pins a
behaviour that a small change of a check would break and the other tests did not see: the right answer in each form
the exercise allows, the hint of each plausible mistake, and the boundaries of what a check accepts.
"""

from __future__ import annotations

from helpers import extract_quotes
from helpers.checks import check, registered


def hint(exercise_id: str, key: str | None = None) -> str:
    exercise = registered()[exercise_id]
    return exercise.hint if key is None else exercise.hints[key]


def assert_hints(exercise_id: str, cases: dict[str | None, list]) -> None:
    """Each answer of ``cases[key]`` is refused with the hint ``key`` (None: the exercise's general hint)."""
    for key, answers in cases.items():
        for answer in answers:
            result = check(exercise_id, answer)
            assert result.status == "not_yet" and result.message == hint(exercise_id, key), (key, answer, str(result))


# --- lesson 00 -----------------------------------------------------------------------------------------------

def test_00_4_takes_a_quote_of_blinken_in_the_afp_article_only():
    quotes = extract_quotes()
    blinken = quotes[quotes["speaker"] == "Antony Blinken"]
    assert set(blinken["source_id"]) == {"afp"} and len(blinken) == 5
    for row in blinken.itertuples():
        assert check("00.4", row.quote).status == "correct"
        assert check("00.4", row.passage_id).status == "correct"
    stoltenberg = quotes[(quotes["speaker"] == "Jens Stoltenberg") & (quotes["source_id"] == "afp")].iloc[0]
    result = check("00.4", stoltenberg.quote)
    assert result.status == "not_yet" and "does not give these words to the person" in result.message
    elsewhere = check("00.4", "voi.3")  # a passage of another article
    assert elsewhere.status == "not_yet" and "not in the article this exercise asks about" in elsewhere.message
    assert check("00.4", ...).status == "not_answered"


def test_00_3_and_01_checks_give_the_hint_of_each_kind_of_mistake():
    import pandas as pd

    from helpers import load_sources

    ids = load_sources()["id"].tolist()
    assert check("01.4", {i: 3 for i in ids}).message == hint("01.4", "type")  # the ids right, the values no text
    assert check("01.4", pd.Series({i: None for i in ids})).message == hint("01.4", "type")
    phrases = ["Stay Connected", "Citation: Bulanov", "7 commentaires", "Pour votre information"]
    assert check("01.3", dict.fromkeys(phrases, 1)).message == hint("01.3", "type")
    assert check("01.3", dict.fromkeys(phrases, "headline")).message == hint("01.3", "parts")


def test_chain_links_finds_lower_case_domains_and_names():
    from helpers.checks.lesson_01 import chain_links

    assert chain_links("Kyodo and Reuters → example.com (English original) → its AI-generated French version") == {
        "kyodo", "reuters", "example.com"}
    assert chain_links("voi.id → site.ru, its French edition") == {"voi.id", "site.ru"}


def test_01_8_names_each_mistake():
    from helpers import get_source

    right = {"source_id": "voi", "link": "TASS", "words": "comme l’a rapporté TASS"}
    assert check("01.8", right).status == "correct"
    assert check("01.8", {**right, "source_id": " VOI "}).status == "correct"
    assert check("01.8", {**right, "words": "\n comme l’a rapporté TASS.\u00a0\t"}).status == "correct"
    comments = "Je dois dire que c'est une exigence étrange"
    assert comments in get_source("topcor").comments
    cases = {
        "type": ["voi TASS", {"source_id": "voi", "link": "TASS"}],
        "source": [{**right, "source_id": "nyt"}],
        "not_a_link": [{**right, "link": "Kyodo"}, {**right, "link": "CNN"}],
        "short": [{**right, "words": "TASS"}, {**right, "words": "  TASS\u00a0"}],
        "comments": [{"source_id": "topcor", "link": "topcor.ru", "words": comments}],
        "almost": [{**right, "words": "comme l'a rapporté TASS"}],  # a straight apostrophe
        "words_missing": [{**right, "words": "comme le rapporte Reuters"}],
        "words_link": [{**right, "link": "Anadolu"}],  # a link of the chain, but these words do not name it
    }
    for key, answers in cases.items():
        for answer in answers:
            assert check("01.8", answer).message == hint("01.8", key), (key, answer)
