"""helpers.analysis.framing: term counts, keyword in context with whose words they are, and translation artefacts."""

from __future__ import annotations

import doctest
import re

import pytest

import helpers.analysis.framing
from helpers import (
    FRAMING_TERMS,
    CourseError,
    DataError,
    get_source,
    kwic,
    list_sources,
    load_glossary,
    term_contexts,
    term_counts,
    term_heatmap,
    translation_artefacts,
    who_uses,
)
from helpers.data.csv_reader import read_table


def test_docstring_examples_run():
    result = doctest.testmod(helpers.analysis.framing, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_framing_terms_hold_the_lesson_words():
    for word in ("expansion", "élargissement", "agression", "garantie", "menace", "lignes rouges"):
        assert word in FRAMING_TERMS
    assert len(set(FRAMING_TERMS)) == len(FRAMING_TERMS)
    assert "garanties" in kwic("garantie")["match"].str.lower().tolist()  # the stem finds the plural too


# ---------------------------------------------------------------- term_counts


def test_term_counts_agree_with_kwic_source_by_source():
    counts = term_counts()
    assert counts.columns.tolist() == ["term", "source_id", "n", "per_1000_words"]
    assert len(counts) == len(FRAMING_TERMS) * len(list_sources())  # zeros are rows too
    assert list(dict.fromkeys(counts["term"])) == list(FRAMING_TERMS)
    for r in counts.to_dict("records"):
        assert r["n"] == len(kwic(r["term"], r["source_id"]))


def test_per_1000_words():
    counts = term_counts(["expansion"]).set_index("source_id")
    words = len(re.findall(r"\w+", get_source("topcor").body))
    assert counts.loc["topcor", "per_1000_words"] == round(1000 * counts.loc["topcor", "n"] / words, 2)
    assert counts.loc["afp", "n"] == 0 and counts.loc["afp", "per_1000_words"] == 0.0


def test_term_counts_one_word_and_duplicates():
    assert term_counts("menace")["term"].unique().tolist() == ["menace"]
    assert term_counts(["menace", " menace"])["term"].unique().tolist() == ["menace"]


def test_term_counts_of_comments_differ_from_the_body():
    body = term_counts(["expansion"]).set_index("source_id")["n"]
    comments = term_counts(["expansion"], part="comments").set_index("source_id")["n"]
    assert comments["topcor"] == len(kwic("expansion", "topcor", part="comments")) > 0
    assert comments.drop("topcor").sum() == 0  # only topcor has reader comments
    assert body["topcor"] != comments["topcor"]


def test_term_counts_feed_the_heatmap():
    spec = term_heatmap(term_counts()[["term", "source_id", "n"]]).to_dict()
    assert spec["title"]["text"] == "How often each term occurs, source by source"


@pytest.mark.parametrize("bad", [[], "", "  ", 3, ["menace", 2], None, {"menace": 1}])
def test_term_counts_wrong_terms(bad):
    with pytest.raises(CourseError, match=r"term_counts\(\) needs a word or a list of words, e\.g\. term_counts"):
        term_counts(bad)


@pytest.mark.parametrize("bad", ["Body", "comment", None, 1])
def test_wrong_part(bad):
    with pytest.raises(CourseError, match=r"part must be one of 'body', 'boilerplate', 'comments'; it was"):
        term_counts(["menace"], part=bad)
    with pytest.raises(CourseError, match=r"part must be one of"):
        term_contexts("menace", part=bad)


# ---------------------------------------------------------------- term_contexts


@pytest.mark.parametrize("term", FRAMING_TERMS)
def test_term_contexts_has_the_rows_of_kwic(term):
    ctx = term_contexts(term)
    k = kwic(term)
    assert ctx.columns.tolist() == ["source_id", "passage_id", "left", "match", "right", "speaker", "side", "voice"]
    assert ctx[["source_id", "passage_id", "left", "match", "right"]].equals(k)
    assert set(ctx["voice"]) <= {"quoted", "reported", "outlet"}
    assert set(ctx["side"]) <= {"Russia", "US/NATO", ""}
    assert ((ctx["voice"] == "outlet") <= (ctx["speaker"] == "")).all()  # the outlet's words name nobody


def test_whose_words_a_quote_a_report_and_narration():
    red = term_contexts("lignes rouges")
    assert red[["passage_id", "speaker", "side", "voice"]].values.tolist() == [
        ["topcor.7", "Vladimir Putin", "Russia", "quoted"]]
    blinken = term_contexts("agression", source_id="afp").set_index("passage_id")
    assert blinken.loc["afp.8", "speaker"] == "Antony Blinken" and blinken.loc["afp.8", "voice"] == "quoted"
    # a quotation whose speaker the sentence does not name takes the speaker of positions.csv
    assert blinken.loc["afp.16", "speaker"] == "NATO foreign ministers"
    # a quotation whose opening (and speaker) the copy lost is still a quotation, with no speaker
    lost = term_contexts("menace", source_id="afp").set_index("passage_id").loc["afp.5"]
    assert (lost["voice"], lost["speaker"]) == ("quoted", "")
    grushko = term_contexts("menace", source_id="rt_nrc").iloc[0]
    assert (grushko["speaker"], grushko["side"], grushko["voice"]) == ("Alexander Grushko", "Russia", "reported")
    narration = term_contexts("garantie", source_id="voi").set_index("passage_id").loc["voi.12"]
    assert (narration["speaker"], narration["voice"]) == ("", "outlet")


def test_nobody_is_quoted_saying_expansion():
    ctx = term_contexts("expansion")
    assert len(ctx) == 5 and set(ctx["voice"]) == {"reported"}
    assert set(ctx["side"]) == {"Russia", "US/NATO"}


def test_term_contexts_outside_the_body_names_nobody():
    ctx = term_contexts("expansion", part="comments")
    assert len(ctx) == len(kwic("expansion", part="comments"))
    assert set(ctx["voice"]) == {"comments"} and set(ctx["speaker"]) == {""} and set(ctx["passage_id"]) == {""}


@pytest.mark.parametrize("bad", ["", "   ", ["menace"], 3, None])
def test_term_contexts_wrong_term(bad):
    with pytest.raises(CourseError, match=r"term_contexts\(\) needs one word as a string, e\.g\. term_contexts"):
        term_contexts(bad)


@pytest.mark.parametrize("bad", [-1, 2.5, "60", True])
def test_term_contexts_wrong_width(bad):
    with pytest.raises(CourseError, match=r"width must be a whole number of characters, e\.g\. 60"):
        term_contexts("menace", width=bad)


def test_term_contexts_wrong_source():
    with pytest.raises(CourseError, match=r"There is no source 'AFP'"):
        term_contexts("menace", source_id="AFP")


# ---------------------------------------------------------------- who_uses


def test_who_uses_adds_up_to_the_counts():
    w = who_uses()
    assert w.columns.tolist() == ["term", "side", "voice", "n"]
    totals = term_counts().groupby("term")["n"].sum()
    assert w.groupby("term")["n"].sum().to_dict() == {t: n for t, n in totals.items() if n}
    assert set(w["side"]) <= {"Russia", "US/NATO", "none named"}
    assert list(dict.fromkeys(w["term"])) == [t for t in FRAMING_TERMS if totals[t]]


def test_who_uses_wrong_terms():
    with pytest.raises(CourseError, match=r"who_uses\(\) needs a word or a list of words"):
        who_uses([])


# ---------------------------------------------------------------- translation_artefacts


def test_translation_artefacts_join_the_glossary():
    art = translation_artefacts()
    raw = read_table("artefacts.csv")
    assert len(art) == len(raw) and art["artefact_id"].tolist() == raw["artefact_id"].tolist()
    assert {"term_fr", "term_en", "glossary_note"} <= set(art.columns)
    glossary = load_glossary().set_index("term_fr")
    for r in art[art["term_fr"] != ""].to_dict("records"):
        assert r["term_fr"].lower() in r["french"].lower()
        assert r["term_en"] == glossary.loc[r["term_fr"], "term_en"]
    row = art.set_index("french").loc["livre de jeu"]
    assert (row["term_en"], row["source_id"]) == ("playbook", "afp")


def test_translation_artefacts_are_in_their_source():
    for r in translation_artefacts().to_dict("records"):
        src = get_source(r["source_id"])
        part = r.get("part") or "body"
        assert r["french"] in getattr(src, part), r["artefact_id"]


def test_translation_artefacts_missing_column(corpus):
    path = corpus / "artefacts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("explanation", "why", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"artefacts\.csv has no column 'explanation'\. Its first row must name"):
        translation_artefacts(corpus)


def test_translation_artefacts_unknown_source(corpus):
    path = corpus / "artefacts.csv"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")
    path.write_text(text.replace(f"{first[0]},{first[1]},", f"{first[0]},nowhere,", 1), encoding="utf-8")
    with pytest.raises(DataError, match=rf"artefacts\.csv, row '{first[0]}': unknown source id 'nowhere'\. Use one of"):
        translation_artefacts(corpus)
