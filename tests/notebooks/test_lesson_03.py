"""Lesson 03 (voices): its skeleton, its translations, and every number its prose states, recomputed from the data."""

from __future__ import annotations

import re

import pandas as pd

from conftest import assert_states, french_shown, read_lesson, stated
from helpers import (
    broken_quotes,
    extract_quotes,
    get_source,
    list_sources,
    load_events,
    load_positions,
    load_sources,
    reader_comments,
    reported_speech,
    unattributed_quotes,
    voices_table,
)
from helpers.analysis.quotes import QUOTE_RE
from helpers.data.curated import load_actors

NB, MARKDOWN, _ = read_lesson("03_voices.ipynb")
RAW = " ".join(re.sub(r"\n[ \t>]*", " ", m) for m in MARKDOWN)  # keeps no-break spaces, for verbatim checks
CHECK = "nbval-check-output"
QUOTES = extract_quotes()
VOICES = voices_table()


def states(*facts, within: str = "paragraph") -> None:
    """The facts (numbers, names, ids) appear together in one paragraph (or sentence) of the lesson."""
    assert_states(MARKDOWN, *facts, within=within)


# ---------------------------------------------------------------- skeleton


def test_skeleton():
    assert MARKDOWN[0].startswith("# Voices: who is quoted, who is only paraphrased?")
    assert len([line for m in MARKDOWN for line in m.splitlines() if line.startswith("# ")]) == 1
    heads = [m.splitlines()[0] for m in MARKDOWN if m.startswith("## ")]
    order = ["## Overview", "## Prerequisites", "## Time to learn", "## Imports", "## Summary", "## What's next"]
    assert heads[:4] == order[:4] and heads[-2:] == order[-2:]
    assert "110 minutes" in MARKDOWN[[m.splitlines()[0] for m in MARKDOWN].index("## Time to learn")]
    assert sum(m.strip() == "---" for m in MARKDOWN) >= 8
    k = next(i for i, c in enumerate(NB.cells) if c.cell_type == "markdown" and c.source.startswith("## Imports"))
    assert "enable_offline_charts()" in NB.cells[k + 1].source


def test_notebook_is_clean_and_tagged_outputs_are_text():
    assert "widgets" not in NB.metadata
    for cell in NB.cells:
        if cell.cell_type != "code":
            continue
        assert (cell.execution_count is None) == (CHECK not in cell.metadata.get("tags", []))
        if CHECK in cell.metadata.get("tags", []):
            assert cell.outputs, cell.source[:60]
            for out in cell.outputs:
                assert not set(out.get("data", {})) & {"application/vnd.jupyter.widget-view+json",
                                                       "application/vnd.vegalite.v5+json"}, cell.source[:60]
        else:
            assert not cell.outputs, f"untagged cell keeps an output: {cell.source[:60]!r}"
    code = "\n".join(c.source for c in NB.cells if c.cell_type == "code")
    assert "quotes_by_side_chart(voices)" in code and "QUOTE_RE" in code


def test_comments_are_shown_only_after_a_content_note():
    k = next(i for i, c in enumerate(NB.cells) if "reader_comments(" in c.source and c.cell_type == "code")
    shows_text = [i for i, c in enumerate(NB.cells) if c.cell_type == "code" and 'comments.loc[' in c.source]
    note = next(i for i, c in enumerate(NB.cells) if c.cell_type == "markdown" and "**Content note.**" in c.source)
    assert k < note < shows_text[0] and shows_text == [note + 1]
    assert 'comments.drop(columns="text")' in NB.cells[k].source  # the table leaves the text out
    for cell in NB.cells:  # no slur appears in any output
        for out in cell.get("outputs", []):
            text = str(out.get("data", "")) + str(out.get("text", ""))
            assert "Banderstan" not in text and "Svidomo" not in text


# ---------------------------------------------------------------- French beside English


def _translation_table() -> dict:
    cell = next(c for c in NB.cells if c.cell_type == "code" and c.source.startswith("OUR_TRANSLATION = {"))
    scope: dict = {}
    exec(cell.source, scope)  # noqa: S102 - our own notebook's dict literal and a one-line function
    return scope["OUR_TRANSLATION"]


def test_every_quotation_has_our_translation_keyed_verbatim():
    table = _translation_table()
    assert set(table) == set(QUOTES["quote"]), set(QUOTES["quote"]) ^ set(table)
    assert all(isinstance(v, str) and v.strip() for v in table.values())


def test_french_shown_is_verbatim_and_translated():
    shown = list(french_shown(NB))
    assert len(shown) == 12
    texts = [get_source(s).body for s in list_sources()] + [get_source("topcor").comments]
    for french, english in shown:
        for piece in french.split("\n\n"):
            lines = [line.strip() for line in piece.split("\n")]
            assert all(any(line in t for t in texts) for line in lines), piece[:60]
        assert english.strip()


# ---------------------------------------------------------------- section 2: the pattern and the counts


def test_pattern_on_rt_nrc_1():
    found = [(m.lastgroup, m.group(m.lastgroup)) for m in QUOTE_RE.finditer(get_source("rt_nrc").passage("rt_nrc.1"))]
    assert found == [("g", "confinement"), ("g", "dominer sur tout le spectre")]
    assert set(QUOTES.loc[QUOTES["passage_id"] == "rt_nrc.1", "speaker"]) == {"Alexander Grushko"}
    states(len(found), "quotations", "Grushko", within="sentence")
    assert len(QUOTE_RE.pattern.split("|")) == 3
    states("pattern", len(QUOTE_RE.pattern.split("|")), "parts", "|", "or", within="sentence")


def test_counts_per_source():
    assert len(QUOTES) == 38
    per = QUOTES.groupby("source_id", sort=False).size().to_dict()
    assert per == {"topcor": 5, "voi": 1, "afp": 12, "rt_nrc": 9, "rt_cnn": 11}
    states(len(QUOTES), "quotations", *(fact for sid, n in per.items() for fact in (n, sid)), within="sentence")
    states(*((n, sid) for sid, n in per.items()), within="sentence")  # each count beside its own source
    states("our translation", len(QUOTES), within="sentence")


def test_attributed_per_side():
    attributed = QUOTES[QUOTES["speaker"] != ""]
    assert len(attributed) == 32 and (QUOTES["speaker"] == "").sum() == 6
    assert attributed.groupby("side").size().to_dict() == {"Russia": 12, "US/NATO": 20}
    sides = attributed.groupby("side").size()
    states((len(attributed), "of the", len(QUOTES), "quotations"), (sides["Russia"], "Russian side"),
           (sides["US/NATO"], "US/NATO side"), ("other", int((QUOTES["speaker"] == "").sum()), "have none"))
    states((len(attributed), "of the", len(QUOTES), "quotations"), "speaker", "unattributed_quotes()")  # summary


# ---------------------------------------------------------------- section 3: voices


def test_psaki_only_paraphrased():
    topcor = voices_table("topcor").set_index("speaker")
    assert topcor.loc["Jen Psaki", "kind"] == "paraphrased" and topcor.loc["Jen Psaki", "n"] == 2
    assert (extract_quotes("topcor")["speaker"] != "Jen Psaki").all()
    states("Jen Psaki", "White House press secretary", int(topcor.loc["Jen Psaki", "n"]), "passages", "paraphrases",
           "none", "quoted", within="sentence")
    assert "tass.com" in load_events().set_index("event_id").loc["e12", "reference_url"]
    states("TASS", "e12", "events.csv", within="sentence")


def test_biden_paraphrase_is_the_administration():
    r = reported_speech("voi")
    biden = r[r["speaker"] == "Joe Biden"]
    assert biden["passage_id"].tolist() == ["voi.8"]
    assert biden["sentence"].iloc[0].startswith("L’administration du président américain Joe Biden a déclaré")


def test_block_quote_and_pull_quote():
    block = QUOTES[(QUOTES["source_id"] == "topcor") & (QUOTES["style"] == "block")]
    assert block[["passage_id", "speaker"]].values.tolist() == [["topcor.4", "Jens Stoltenberg"]]
    assert get_source("topcor").passage("topcor.5") == "- a souligné le secrétaire général du bloc."
    assert "Jens Stoltenberg" in get_source("topcor").passage("topcor.3")
    pull = unattributed_quotes("rt_nrc")
    assert pull[["passage_id", "style"]].values.tolist() == [["rt_nrc.4", "block"]]
    grushko = VOICES[(VOICES["speaker"] == "Alexander Grushko") & (VOICES["kind"] == "quoted")]["n"]
    assert grushko.tolist() == [3]
    states("Grushko", "quoted passages", grushko.iloc[0], grushko.iloc[0] + 1, within="sentence")
    states("Grushko", "argumenti.ru", "e29", e29_date := pd.Timestamp("2022-01-12"))
    e29 = load_events().set_index("event_id").loc["e29"]
    assert "argumenti.ru" in e29["reference_url"] and e29["date"] == e29_date
    assert "founding treaty" in load_events().set_index("event_id").loc["e11", "what"]
    states("founding treaty", 1949, "Article 10", "e11", "accord fondateur")
    top6 = QUOTES[QUOTES["passage_id"] == "topcor.6"]
    assert top6[["quote", "speaker"]].values.tolist() == [["grand principe de sécurité en Europe", ""]]


# ---------------------------------------------------------------- section 5: scare quotes


def test_scare_quotes_and_single_words():
    rt4 = QUOTES[QUOTES["passage_id"] == "rt_cnn.4"]
    assert rt4[["quote", "speaker"]].values.tolist() == [["combat", "Jens Stoltenberg"], ["entraînement", ""]]
    one_word = QUOTES[QUOTES["quote"].str.split().str.len() == 1]
    assert len(one_word) == 8
    who = dict(zip(one_word["quote"], one_word["speaker"], strict=True))
    assert who["inacceptable"] == "Alexander Grushko" and who["inconditionnel"] == "Sergey Lavrov"
    states(len(one_word), "single words", "inacceptable", "Grushko", "inconditionnel", "Lavrov", "entraînement")


# ---------------------------------------------------------------- section 6: afp


def test_afp_losses():
    broken = broken_quotes("afp")
    assert len(broken) == 6
    states(len(broken), "stray guillemets", "one article", within="sentence")
    assert broken["passage_id"].tolist() == ["afp.5", "afp.7", "afp.10", "afp.17", "afp.22", "afp.23"]
    states("Stoltenberg", "afp.17", "reversed guillemets", "afp.22", "afp.23", within="sentence")
    un = unattributed_quotes("afp")
    assert len(un) == 3
    states("helper", len(un), "quotations", "afp", "unattributed", within="sentence")
    assert "henhouse" in load_events().set_index("event_id").loc["e21", "what"]
    states("Blinken", "fox", "henhouse", "e21", within="sentence")


def test_afp_losses_fall_on_both_sides():
    """Issue 9: the copy also lost the wire's one Russian voice, the sentence the orphan « Mais » of afp.9 answers."""
    assert get_source("afp").passage("afp.9").startswith("Mais ")
    note = load_positions().set_index("position_id").loc["sanctions-west-2", "note"]
    assert "Putin denies plans to invade" in note and "lost" in note
    states("afp", "Blinken", "Stoltenberg", "under-counts", "US/NATO side", within="sentence")
    states("lost", "one Russian voice", "afp.9", "Mais", "sanctions-west-2", "positions.csv", "Putin", "invade",
           "both sides")


def test_inferences_are_marked_as_inferences():
    states("paraphrase", "probably", "author's choice", "inference", within="sentence")
    assert stated(MARKDOWN, "paraphrase was the author's choice") is None  # never stated as a fact


def test_content_note_says_why_the_slurs_are_slurs():
    note = next(m for m in MARKDOWN if "**Content note.**" in m)
    for word, why in (("Banderstan", "Stepan Bandera"), ("Svidomo", "to sneer at Ukrainians")):
        assert word in note and why in note


def test_lesson_03_and_04_counts_are_told_apart():
    states("counts", "passages", "attributed quotation", "Lesson 04", "statements", 12, "issues",
           "seeds/CODEBOOK.md")


# ---------------------------------------------------------------- section 7: comments


def test_comments():
    c = reader_comments("topcor")
    assert len(c) == 7 and c["comment"].tolist() == ["1", "1.1", "2", "2.1", "3", "4", "5"]
    assert (f"{c['posted'].min():%H:%M}", f"{c['posted'].max():%H:%M}") == ("13:31", "14:48")
    replies = [n for n in c["comment"] if "." in n]
    states(len(c), "comments", len(c) - len(replies), len(replies), "replies", *replies, f"{c['posted'].min():%H:%M}",
           f"{c['posted'].max():%H:%M}", c["posted"].min().normalize(), within="sentence")
    assert c.loc[c["copies"] != "", ["comment", "copies"]].values.tolist() == [["2", "topcor.3"], ["3", "topcor.3"]]
    assert c.loc[c["comment"] == "3", "cites"].iloc[0] == "Bulanov"
    states((int((c["copies"] != "").sum()), "of them"), "copies", "topcor.3", "comment 2", "comment 3",
           '"Citation: Bulanov"')
    page = get_source("topcor").body + get_source("topcor").comments
    times = page.count(get_source("topcor").passage("topcor.3"))
    assert times == 3
    states("Stoltenberg", times, "times", "twice", "in comments", within="sentence")
    assert not VOICES["speaker"].str.contains("Bulanov").any()


# ---------------------------------------------------------------- section 8: balance


def _per_side(kind):
    part = VOICES[VOICES["kind"] == kind]
    return part.groupby("side").agg(speakers=("speaker", "nunique"), n=("n", "sum"))


def test_balance_russia():
    quoted = _per_side("quoted").loc["Russia"]
    assert (quoted["speakers"], quoted["n"]) == (5, 8)
    names = set(VOICES[(VOICES["side"] == "Russia") & (VOICES["kind"] == "quoted")]["speaker"])
    assert names == {"Vladimir Putin", "Alexander Grushko", "Sergey Ryabkov", "Sergey Lavrov", "Dmitry Peskov"}
    srcs = set(" ".join(VOICES[(VOICES["side"] == "Russia") & (VOICES["kind"] == "quoted")]["sources"]).split())
    assert srcs == {"topcor", "rt_nrc", "rt_cnn"}
    para = VOICES[(VOICES["side"] == "Russia") & (VOICES["kind"] == "paraphrased")]
    assert set(para["speaker"]) == {"Vladimir Putin", "Maria Zakharova"} and para["n"].sum() == 3
    assert set(para["sources"]) == {"voi"}
    for sid in ("afp", "voi"):
        t = voices_table(sid)
        assert t[(t["side"] == "Russia") & (t["kind"] == "quoted")].empty
    states("Russia", (quoted["speakers"], "speakers"), "quoted", "Putin", "Grushko", "Ryabkov", "Lavrov", "Peskov",
           (quoted["n"], "passages"), "topcor", "rt_nrc", "rt_cnn")
    states("voi", "Putin", "Zakharova", "only paraphrased", para["n"].sum(), "passages", within="sentence")
    states("neither", "afp", "voi", "Russian official's own words", within="sentence")


def test_balance_us_nato():
    quoted = _per_side("quoted").loc["US/NATO"]
    assert (quoted["speakers"], quoted["n"]) == (5, 16)
    names = VOICES[(VOICES["side"] == "US/NATO") & (VOICES["kind"] == "quoted")]["speaker"]
    kinds = load_actors().set_index("name")["kind"]
    assert sorted(n for n in names if kinds[n] != "person") == ["Group of Seven (G7)", "US State Department"]
    stolt = VOICES[VOICES["speaker"] == "Jens Stoltenberg"].set_index("kind")
    assert stolt.loc["quoted", "n"] == 9 and stolt.loc["quoted", "sources"] == "topcor afp rt_nrc rt_cnn"
    assert stolt.loc["paraphrased", "n"] == 3 and stolt.loc["paraphrased", "sources"] == "voi"
    institutions = sorted(n for n in names if kinds[n] != "person")
    states("US/NATO", (quoted["speakers"], "speakers"), "quoted", (quoted["n"], "passages"),
           (len(institutions), "of the", quoted["speakers"], "are institutions"), "G7", "State Department")
    states("Stoltenberg", "quoted", stolt.loc["quoted", "n"], "every source but voi", "paraphrased",
           stolt.loc["paraphrased", "n"], within="sentence")
    afp = voices_table("afp")
    assert set(afp["side"]) == {"US/NATO"}
    assert quoted["n"] == 2 * _per_side("quoted").loc["Russia", "n"]
    states("US/NATO side", "twice as many", "quoted passages", "Russian side", within="sentence")


def test_no_ukrainian_voice():
    assert "Ukraine" not in set(VOICES["side"])
    assert set(load_actors().query("side == 'Ukraine'")["name"]).isdisjoint(set(QUOTES["speaker"]))
    assert set(load_actors().query("side == 'Ukraine'")["name"]).isdisjoint(set(reported_speech()["speaker"]))
    states("no Ukrainian official", "quoted", "named as speaking", within="sentence")
    states("no Ukrainian official", "heard", "Psaki", "only paraphrased")  # the summary
    assert "pas de conversations sur l’Ukraine sans l’Ukraine" in set(
        QUOTES.loc[QUOTES["speaker"] == "Antony Blinken", "quote"])


def test_corpus_skew():
    russian = {"topcor", "rt_nrc", "rt_cnn"}
    src = load_sources().set_index("id")
    assert all(src.loc[s, "original_language"] in ("Russian", "English") for s in russian)
    assert "topcor" in src.loc["topcor", "outlet"] and all("RT" in src.loc[s, "outlet"] for s in ("rt_nrc", "rt_cnn"))
    states(len(russian), len(src), "texts", "Russian or Russian state outlets", "corpus is skewed")


# French words in the prose: each copied exactly from a seed (no-break spaces and curly apostrophes included)
FRENCH_IN_PROSE = [
    "«\u00a0Nous ne serons pas détournés de cette question\u00a0», a déclaré Blinken", "Psaki a noté que",
    "Grushko a également allégué", "a ajouté le diplomate", "\"combat\" troupes", "aurait",
    ", plus de capacités. »", "l’agression de Moscou envers l’Ukraine", "ont souligné que", "Citation: Bulanov",
    "grand principe de sécurité en Europe", "pas de conversations sur l’Ukraine sans l’Ukraine",
    "Les États-Unis et l’Ukraine ont déclaré que la Russie se préparait peut-être à une invasion",
    "La Russie nie cela", "inacceptable", "inconditionnel", "entraînement", "massives",
]


def test_french_in_prose_is_verbatim():
    texts = [get_source(s).body for s in list_sources()] + [get_source("topcor").comments]
    for words in FRENCH_IN_PROSE:
        assert words in RAW, f"the lesson no longer quotes {words!r}"
        assert any(words in t for t in texts), f"not verbatim in any seed: {words!r}"
