"""helpers.analysis.voices: who is quoted, who is only paraphrased, what is unattributed, and reader comments."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

import helpers.analysis.voices
from helpers import (
    CourseError,
    SourceNotFound,
    extract_quotes,
    get_source,
    list_sources,
    quotes_by_side_chart,
    reader_comments,
    reported_speech,
    unattributed_quotes,
    voices_table,
)

VOICES = voices_table()


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- voices_table


def test_voices_table_shape():
    assert list(VOICES.columns) == ["speaker", "side", "kind", "n", "sources"]
    assert set(VOICES["kind"]) == {"quoted", "paraphrased"}
    assert (VOICES["n"] > 0).all() and VOICES["n"].dtype == "int64"
    assert not VOICES.duplicated(["speaker", "side", "kind"]).any()
    assert (VOICES["speaker"].str.strip() != "").all()


def test_quoted_counts_the_passages_of_attributed_quotes():
    q = extract_quotes()
    q = q[q["speaker"] != ""]
    expected = q.drop_duplicates(["source_id", "passage_id", "speaker"]).groupby("speaker").size()
    got = VOICES[VOICES["kind"] == "quoted"].set_index("speaker")["n"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()


@pytest.mark.parametrize("source_id", list_sources())
def test_paraphrased_means_never_quoted_in_that_source(source_id):
    table = voices_table(source_id)
    q = extract_quotes(source_id)
    quoted = set(q.loc[q["speaker"] != "", "speaker"])
    assert set(table.loc[table["kind"] == "quoted", "speaker"]) == quoted
    para = set(table.loc[table["kind"] == "paraphrased", "speaker"])
    assert para == set(reported_speech(source_id)["speaker"]) - quoted
    assert (table["sources"] == source_id).all()


def test_psaki_is_only_paraphrased_in_topcor():
    topcor = voices_table("topcor")
    psaki = topcor[topcor["speaker"] == "Jen Psaki"]
    assert psaki[["kind", "n"]].values.tolist() == [["paraphrased", 2]]
    assert set(topcor.loc[topcor["kind"] == "quoted", "speaker"]) == {"Jens Stoltenberg", "Vladimir Putin"}


def test_whole_corpus_rows_sum_the_per_source_rows():
    per_source = pd.concat([voices_table(s).assign(source=s) for s in list_sources()])
    summed = per_source.groupby(["speaker", "kind"])["n"].sum()
    assert VOICES.set_index(["speaker", "kind"])["n"].sort_index().to_dict() == summed.sort_index().to_dict()
    stolt = VOICES[(VOICES["speaker"] == "Jens Stoltenberg") & (VOICES["kind"] == "quoted")]
    assert stolt["sources"].iloc[0] == "topcor afp rt_nrc rt_cnn"  # in the order of sources.csv


def test_voices_are_ordered_by_side_then_kind():
    sides = VOICES["side"].tolist()
    assert sides == sorted(sides, key=["Russia", "US/NATO", "Ukraine", "other"].index)
    for _, part in VOICES.groupby("side"):
        kinds = part["kind"].tolist()
        assert kinds == sorted(kinds, key=["quoted", "paraphrased"].index)


def test_reader_comments_are_never_voices():
    assert not VOICES["speaker"].str.contains("Bulanov").any()
    assert "services" not in set(extract_quotes("topcor")["quote"])  # a reader's quote, comment 5


def test_voices_table_feeds_the_chart():
    spec = quotes_by_side_chart(VOICES).to_dict()
    assert spec["title"]["text"] == "Who is quoted, who is only paraphrased"
    assert "Russia" in spec["description"] and "US/NATO" in spec["description"]


def test_voices_table_unknown_source():
    with pytest.raises(SourceNotFound, match=r"There is no source 'TOPCOR'\. The sources are: topcor"):
        voices_table("TOPCOR")


def test_voices_table_follows_actors_csv(corpus):
    rewrite(corpus / "actors.csv", "Jen Psaki;Psaki;", "Jen Psaki;")
    topcor = voices_table("topcor", data_dir=corpus)
    psaki = topcor[topcor["speaker"] == "Jen Psaki"]
    assert psaki["n"].tolist() == [1]  # only the passage that names her in full is left


# ---------------------------------------------------------------- unattributed_quotes


def test_unattributed_quotes_are_the_rest_of_extract_quotes():
    un = unattributed_quotes()
    q = extract_quotes()
    assert len(un) == (q["speaker"] == "").sum() == 6
    assert list(un.columns) == ["source_id", "passage_id", "quote", "style", "context"]
    assert all(quote in context for quote, context in zip(un["quote"], un["context"], strict=True))


def test_unattributed_quotes_per_source():
    assert unattributed_quotes("rt_cnn")["quote"].tolist() == ["entraînement"]
    pull = unattributed_quotes("rt_nrc")
    assert pull["style"].tolist() == ["block"] and pull["quote"].iloc[0].startswith("À l'heure actuelle")
    assert unattributed_quotes("afp")["passage_id"].tolist() == ["afp.3", "afp.9", "afp.16"]
    assert unattributed_quotes("voi").empty


def test_unattributed_quotes_wrong_input():
    with pytest.raises(CourseError, match=r"width must be a whole number of characters, e\.g\. 80; it was -1"):
        unattributed_quotes("afp", width=-1)
    with pytest.raises(SourceNotFound, match=r"There is no source 'rt'"):
        unattributed_quotes("rt")


# ---------------------------------------------------------------- reader_comments


def test_reader_comments_of_topcor():
    c = reader_comments("topcor")
    assert list(c.columns) == ["comment", "rating", "posted", "cites", "copies", "text"]
    assert c["comment"].tolist() == ["1", "1.1", "2", "2.1", "3", "4", "5"]
    assert c["rating"].tolist() == [-2, -3, -1, -2, 0, 0, 0]
    assert (c["posted"].dt.date == pd.Timestamp("2021-12-24").date()).all()
    assert c["posted"].min() == pd.Timestamp("2021-12-24 13:31")
    assert c["posted"].max() == pd.Timestamp("2021-12-24 14:48")
    assert c.loc[c["cites"] != "", "comment"].tolist() == ["3"] and c["cites"].iloc[4] == "Bulanov"
    assert c.loc[c["copies"] != "", ["comment", "copies"]].values.tolist() == [["2", "topcor.3"], ["3", "topcor.3"]]
    assert all(t in get_source("topcor").comments for line in c["text"] for t in line.split("\n"))


@pytest.mark.parametrize("source_id", ["voi", "afp", "rt_nrc", "rt_cnn"])
def test_reader_comments_empty_without_comments(source_id):
    c = reader_comments(source_id)
    assert c.empty and list(c.columns) == ["comment", "rating", "posted", "cites", "copies", "text"]


def test_reader_comments_keep_text_the_parser_does_not_know(corpus):
    path = corpus / "articles" / "000_78cf64c099e35ebd.txt"
    rewrite(path, "24 décembre 2021 13: 31", "hier à 13h31")
    c = reader_comments("topcor", data_dir=corpus)
    assert c["comment"].iloc[0] == "" and "hier à 13h31" in c["text"].iloc[0]  # not dropped
    assert len(c) == 7


def test_reader_comments_unknown_source():
    with pytest.raises(SourceNotFound, match=r"There is no source 'comments'"):
        reader_comments("comments")


def test_docstring_examples_run():
    result = doctest.testmod(helpers.analysis.voices, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
