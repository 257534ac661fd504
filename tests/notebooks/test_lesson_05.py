"""Lesson 05 (words and framing): its skeleton, and every number and fact its prose states, recomputed."""

from __future__ import annotations

import pytest

from conftest import assert_states, read_lesson
from helpers import (
    FRAMING_TERMS,
    get_source,
    kwic,
    load_events,
    load_glossary,
    load_positions,
    load_sources,
    term_contexts,
    term_counts,
    translation_artefacts,
    who_uses,
)

NB, MARKDOWN, _ = read_lesson("05_words.ipynb")
CODE = [c for c in NB.cells if c.cell_type == "code"]
POS = load_positions()
COUNTS = term_counts().set_index(["term", "source_id"])
RUSSIAN_OUTLETS = ["topcor", "rt_nrc", "rt_cnn"]


def states(*facts, within: str = "paragraph") -> None:
    """The facts (numbers, words, names, ids) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


def tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def ctx(term: str):
    return term_contexts(term)


# ---------------------------------------------------------------- skeleton


def test_skeleton():
    headings = [line for md in MARKDOWN for line in md.splitlines() if line.startswith("#")]
    assert headings[0] == '# Words and framing: "expansion" or "enlargement", "aggression", "guarantees"'
    assert sum(h.startswith("# ") for h in headings) == 1 and NB.cells[0].source.startswith("# ")
    level2 = [h[3:] for h in headings if h.startswith("## ")]
    assert level2[:4] == ["Overview", "Prerequisites", "Time to learn", "Imports"]
    assert level2[-2:] == ["Summary", "What's next"]
    assert len(level2) >= 10
    assert "100 minutes" in next(md for md in MARKDOWN if md.startswith("## Time to learn"))
    assert "06_synthesis.ipynb" in MARKDOWN[-1]


def test_no_french_quote_is_typed_into_the_prose():
    for french in POS.loc[POS["french"].str.len() > 20, "french"]:
        assert french not in "\n".join(MARKDOWN)


def test_reader_comments_are_never_shown_only_counted():
    code = "\n".join(c.source for c in CODE)
    assert 'part="comments"' in code
    assert "kwic(" not in [line for line in code.splitlines() if 'part="comments"' in line][0]
    for c in CODE:  # no saved output shows the comments' words
        text = str(c.get("outputs", ""))
        assert "Banderstan" not in text and "Svidomo" not in text
    states("Content note.", "reader comments", "topcor", "slurs", "not shown")
    assert any(line.startswith("> **Content note.**") for md in MARKDOWN for line in md.splitlines())  # set apart


# ---------------------------------------------------------------- words and what the data says


def test_the_terms_and_the_glossary():
    assert len(FRAMING_TERMS) == 8
    glossary = set(load_glossary()["term_fr"])
    for term in ("expansion", "élargissement", "agression", "menace", "garanties de sécurité", "lignes rouges",
                 "bloc", "alliance", "confinement", "livre de jeu"):
        assert term in glossary


def test_expansion_and_enlargement():
    k = kwic(["expansion", "élargissement"])
    assert len(k) == 7
    by = k.groupby(["source_id", k["match"].str.lower()]).size()
    assert by.to_dict() == {("rt_cnn", "expansion"): 1, ("rt_cnn", "élargissement"): 1, ("rt_nrc", "expansion"): 1,
                            ("topcor", "expansion"): 3, ("topcor", "élargissement"): 1}
    articles = k["source_id"].nunique()
    states((len(k), "occurrences"), (articles, "articles"), ("topcor", by["topcor", "expansion"], '"expansion"',
           by["topcor", "élargissement"], '"élargissement"'), ("rt_nrc", by["rt_nrc", "expansion"], '"expansion"'),
           ("rt_cnn", by["rt_cnn", "expansion"], "of each"), within="sentence")
    assert by["rt_cnn", "expansion"] == by["rt_cnn", "élargissement"]
    t7 = k[k["passage_id"] == "topcor.7"]["match"].str.lower().tolist()
    assert t7 == ["expansion", "élargissement"]
    exp = ctx("expansion")
    assert set(exp["voice"]) == {"reported"}
    sides = exp["side"].value_counts()
    assert sides.to_dict() == {"US/NATO": 3, "Russia": 2}
    assert sorted(exp[exp["side"] == "US/NATO"]["speaker"]) == ["Jen Psaki", "Jens Stoltenberg", "Jens Stoltenberg"]
    assert sorted(exp[exp["side"] == "Russia"]["speaker"]) == ["Sergey Lavrov", "Vladimir Putin"]
    states("nobody", "quoted", '"expansion"', within="sentence")
    states(("all", len(exp), "occurrences"), "reported speech", within="sentence")
    states(("three times", "US/NATO"), ("Psaki", "once"), ("Stoltenberg", "twice"), ("twice", "Russian"), "Putin",
           "Lavrov", within="sentence")
    assert sides["US/NATO"] == 3 and sides["Russia"] == 2  # "three times", "twice"


def test_the_outlets_of_expansion():
    meta = load_sources().set_index("id")
    assert meta.loc["topcor", "original_language"] == "Russian"
    assert all("RT" in meta.loc[i, "outlet_chain"] for i in ("rt_nrc", "rt_cnn"))
    roles = POS[POS["speaker"].str.startswith("RT")]["speaker_role"]
    assert roles.str.contains("Russian state-funded").all()
    assert set(kwic("expansion")["source_id"]) == set(RUSSIAN_OUTLETS)
    afp = kwic("étend", source_id="afp")
    assert afp["passage_id"].tolist() == ["afp.2", "afp.11"]
    states("VOI", "AFP", "never use the noun", within="sentence")
    states("AFP", "verb", "étendre", within="sentence")


def test_aggression():
    a = ctx("agression")
    assert len(a) == 4 and set(a["source_id"]) == {"voi", "afp"}
    named = a[a["speaker"] != ""]
    assert len(named) == 3 and set(named["side"]) == {"US/NATO"}
    assert (a[a["speaker"] == ""]["voice"] == "quoted").all() and (a["speaker"] == "").sum() == 1
    states((len(a), "occurrences"), "voi", "afp", "only", within="sentence")
    states("every one", "speaker is named", "US/NATO side", "Blinken", "NATO foreign ministers", "G7")
    assert load_events().set_index("event_id").loc["e24", "reference_url"].startswith(
        "https://www.bangladeshpost.net/")
    states("Bangladesh Post", "e24", "events.csv", "Blinken", within="sentence")
    assert "agressives" in kwic("agressi", source_id="afp")["match"].tolist()
    assert not (ctx("agression")["side"] == "Russia").any()


def test_threat_runs_both_ways():
    m = ctx("menace").set_index("passage_id")
    assert m.loc["rt_nrc.2", "speaker"] == "Alexander Grushko" and m.loc["rt_nrc.2", "side"] == "Russia"
    assert m.loc["afp.9", "match"] == "menaces" and m.loc["afp.9", "side"] == "US/NATO"
    assert (m.loc["afp.5", "voice"], m.loc["afp.5", "speaker"]) == ("quoted", "")
    assert len(m) == 3


def test_guarantees_and_red_lines():
    g = ctx("garantie")
    assert (g["side"] == "Russia").sum() == 3 and (g["voice"] == "outlet").sum() == 1 and len(g) == 4
    assert set(g[g["side"] == "Russia"]["speaker"]) == {"Maria Zakharova", "Vladimir Putin",
                                                         "Russian draft treaties (as summarised by RT)"}
    states('"Guarantees"', ((g["side"] == "Russia").sum(), "occurrences"), "Russian side", "Zakharova", "Putin",
           "RT's summary", "fourth", "VOI's narration", within="sentence")
    r = ctx("lignes rouges")
    assert r[["source_id", "speaker", "voice"]].values.tolist() == [["topcor", "Vladimir Putin", "quoted"]]
    ref = POS.set_index("position_id").loc["ukraine_georgia-ru-1", "reference_url"]
    assert ref == ""  # "Lesson 04 found it among the claims with no outside reference"


def test_counts_and_rates_stated():
    n = COUNTS["n"]
    assert set(n.loc["expansion"][n.loc["expansion"] > 0].index) == set(RUSSIAN_OUTLETS)
    bloc = n.loc["bloc"]
    assert set(bloc[bloc > 0].index) == {"topcor", "rt_nrc"}
    agr = n.loc["agression"]
    assert set(agr[agr > 0].index) == {"voi", "afp"}
    alliance = n.loc["alliance"]
    assert set(alliance[alliance == 0].index) == {"rt_nrc"}
    expansion = n.loc["expansion"]
    states('"expansion"', "only", ((expansion > 0).sum(), "articles"), "Russian outlets", *RUSSIAN_OUTLETS,
           '"bloc"', ((bloc > 0).sum(), "of them"), within="sentence")
    states('"alliance"', "NATO's word for itself", "every article except", "rt_nrc", within="sentence")
    states('"agression"', "only", "voi", "afp", within="sentence")
    assert "secrétaire général du bloc" in get_source("topcor").body
    rate = COUNTS["per_1000_words"]
    states("topcor", (n["expansion", "topcor"], '"expansion"s'), f"{rate['expansion', 'topcor']:.2f}",
           "per 1,000 words", f"{rate['expansion', 'rt_nrc']:.2f}", f"{rate['expansion', 'rt_cnn']:.2f}",
           "two RT articles", within="sentence")
    assert rate["expansion", "rt_nrc"] > rate["expansion", "rt_cnn"]  # the order the prose gives them in


def test_who_uses_summary():
    w = who_uses().set_index(["term", "side", "voice"])["n"]
    assert w["agression", "US/NATO", "quoted"] == 2 and w["agression", "US/NATO", "reported"] == 1
    per_side = w.groupby(level=["term", "side"]).sum()
    states('"agression"', ("all", per_side["agression", "US/NATO"], "occurrences"), "named speaker", "US/NATO side",
           (w["agression", "US/NATO", "quoted"], "of them"), "quotation marks")
    states('"garantie"', "Russian side", (per_side["garantie", "Russia"], "occurrences"), "none on the other")
    assert "garantie" not in {t for t, s, _ in w.index if s == "US/NATO"}
    menace = w.loc["menace"]
    assert menace.to_dict() == {("Russia", "reported"): 1, ("US/NATO", "reported"): 1, ("none named", "quoted"): 1}
    for term in ("expansion", "élargissement", "bloc"):
        assert set(w.loc[term].index.get_level_values("voice")) == {"reported"}
    assert set(ctx("bloc")["source_id"]) == {"topcor", "rt_nrc"}


def test_translation_artefacts_shown():
    art = translation_artefacts()
    for words in ("livre de jeu", "outrepassé", "inacceptable"):
        assert art["french"].str.contains(words, regex=False).sum() == 1
    row = art[art["french"].str.contains("outrepassé")].iloc[0]
    assert "ruled out" in row["likely_original"]
    assert art[art["french"] == "livre de jeu"].iloc[0]["likely_original"].startswith('English "playbook"')
    glossary = load_glossary().set_index("term_fr")
    assert glossary.loc["confinement", "term_en"] == "containment"
    assert "endiguement" in glossary.loc["confinement", "note"] and "lockdown" in glossary.loc["confinement", "note"]
    assert kwic("confinement")["passage_id"].tolist() == ["rt_nrc.1", "rt_nrc.5"]
    collapse = POS[POS["french"].str.contains("effondrer", regex=False)]
    assert len(collapse) == 1 and "collapse" in collapse.iloc[0]["english"]


@pytest.mark.parametrize("source_id", ["topcor"])
def test_comments_numbers(source_id):
    body = COUNTS["n"]["expansion", source_id]
    comments = term_counts(["expansion"], part="comments").set_index("source_id")["n"][source_id]
    assert comments > body
    states("comments", "topcor", (comments, "more"), '"expansion"s', ("its", body), "more than double",
           within="sentence")
    sentence = POS.set_index("position_id").loc["promise_1990s-west-1", "french"]
    times = get_source(source_id).comments.count(sentence)
    assert times == 2
    states("twice", "one reader", "second reader", "quotes the first", within="sentence")
    assert term_counts(part="comments").query("n > 0")["source_id"].unique().tolist() == ["topcor"]


def test_headline_framing():
    k = kwic(["ultimatum", "expansion"], part="boilerplate")
    assert k[["source_id", "match"]].values.tolist() == [["topcor", "ultimatum"], ["rt_cnn", "expansion"]]
    assert len(kwic("ultimatum")) == 0  # "a word that its body never uses"
    assert "Putin's ultimatum" in load_sources().set_index("id").loc["topcor", "title_en"]
