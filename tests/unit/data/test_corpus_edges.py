"""helpers.data.corpus at its edges: the cache after a file changes, markers at the very start, missing optional
columns,
passage boundaries, and every column the loaders promise. Each test builds a tiny seeds folder of its own."""

from __future__ import annotations

import csv
import gc
import os
from pathlib import Path

import pandas as pd
import pytest

from helpers import DataError, SourceNotFound, find_passage, get_source, list_sources, load_sources, passages
from helpers.data.corpus import bulk, cut, split_passages

ARTICLE = "Titre de l'article\n\nPremier paragraphe.\n\nSecond paragraphe.\n"


def make_seeds(folder: Path, articles: dict[str, str], rows: list[dict], columns: list[str] | None = None) -> Path:
    """A seeds folder with ``articles/<name>`` and a sources.csv of ``rows`` (only the columns given)."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return folder


def one(tmp_path: Path, text: str = ARTICLE, **row) -> Path:
    """A seeds folder holding one source ``a`` with the article ``text`` and the given sources.csv cells."""
    base = {"id": "a", "file": "articles/a.txt", "title": "T", "published": "2022-01-07"}
    return make_seeds(tmp_path / "seeds", {"a.txt": text}, [{**base, **row}])


# ---------------------------------------------------------------- the cache follows the files


def test_an_edited_article_is_read_again(tmp_path):
    seeds = one(tmp_path)
    assert get_source("a", seeds).passages["text"].tolist() == ["Premier paragraphe.", "Second paragraphe."]
    (seeds / "articles" / "a.txt").write_text(ARTICLE + "\nTroisième, ajouté.\n", encoding="utf-8")
    assert get_source("a", seeds).passages["text"].tolist()[-1] == "Troisième, ajouté."


def test_an_edit_that_keeps_the_size_is_seen_by_its_time(tmp_path):
    seeds = one(tmp_path)
    path = seeds / "articles" / "a.txt"
    assert "Premier" in get_source("a", seeds).body
    before = path.stat()
    path.write_text(ARTICLE.replace("Premier", "Dernier"), encoding="utf-8")  # same number of bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    assert path.stat().st_size == before.st_size
    assert get_source("a", seeds).body.startswith("Dernier")


def test_an_edit_that_keeps_the_time_is_seen_by_its_size(tmp_path):
    seeds = one(tmp_path)
    path = seeds / "articles" / "a.txt"
    assert "Premier" in get_source("a", seeds).body
    before = path.stat()
    path.write_text(ARTICLE.replace("Premier", "Tout premier"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # an editor that keeps the time
    assert get_source("a", seeds).body.startswith("Tout premier")


def test_an_edited_sources_csv_is_read_again(tmp_path):
    seeds = one(tmp_path)
    assert load_sources(seeds)["title"].tolist() == ["T"]
    text = (seeds / "sources.csv").read_text(encoding="utf-8")
    (seeds / "sources.csv").write_text(text.replace(",T,", ",Un autre titre,"), encoding="utf-8")
    assert load_sources(seeds)["title"].tolist() == ["Un autre titre"]


# ---------------------------------------------------------------- sources.csv with only the required columns


def test_sources_csv_with_only_the_required_columns(tmp_path):
    seeds = one(tmp_path)
    assert (seeds / "sources.csv").read_text(encoding="utf-8").splitlines()[0] == "id,file,title,published"
    df = load_sources(seeds)
    src = get_source("a", seeds)
    assert src.header == "Titre de l'article"  # no body_start: the body starts after the title line
    assert src.body == "Premier paragraphe.\n\nSecond paragraphe."
    assert src.footer == "" and src.comments == ""
    for col in ("published_confidence", "outlet_chain", "body_start", "body_end", "comments_start", "notes"):
        assert df.loc[0, col] == ""
    assert df.loc[0, "passage_unit"] == "paragraph"
    assert src.meta["passage_unit"] == "paragraph" and src.meta["body_start"] == ""


def test_load_sources_promises_these_columns(tmp_path):
    seeds = one(tmp_path, body_start="Premier", comments_start="Second")
    df = load_sources(seeds)
    for col in ("id", "file", "title", "published", "body", "boilerplate", "comments", "n_passages"):
        assert col in df.columns
    row = df.iloc[0]
    assert row["body"] == "Premier paragraphe." and row["comments"] == "Second paragraphe."
    assert row["boilerplate"] == "Titre de l'article" and row["n_passages"] == 1
    assert pd.api.types.is_datetime64_any_dtype(df["published"])
    assert df.loc[0, "published"] == pd.Timestamp("2022-01-07")


def test_an_empty_passage_unit_is_paragraph_and_a_wrong_one_names_the_fix(tmp_path):
    seeds = one(tmp_path, passage_unit="")
    assert get_source("a", seeds).meta["passage_unit"] == "paragraph"
    seeds = one(tmp_path / "2", passage_unit="phrase")
    with pytest.raises(DataError, match=r"^sources\.csv, source 'a': passage_unit is 'phrase'; write 'paragraph' or "
                                        r"'sentence' \(or leave it empty\)\.$"):
        load_sources(seeds)


def test_an_empty_file_cell_names_the_fix(tmp_path):
    seeds = one(tmp_path, file="")
    with pytest.raises(DataError, match=r"^sources\.csv, source 'a': the file '' is not in \S+\. Put the article "
                                        r"there, or correct the 'file' cell\.$"):
        load_sources(seeds)


def test_an_empty_body_names_the_markers(tmp_path):
    seeds = one(tmp_path, text="Titre\nRéactions des lecteurs\n", comments_start="Réactions")
    with pytest.raises(DataError, match=r"^sources\.csv, source 'a': the body of articles/a\.txt is empty\. Check its "
                                        r"body_start and body_end markers\.$"):
        load_sources(seeds)


# ---------------------------------------------------------------- cutting at the markers


ROW = {"id": "x", "body_start": "", "body_end": "", "comments_start": ""}


def test_a_marker_at_offset_zero_starts_the_body_at_the_first_character(tmp_path):
    text = "Premier mot du texte.\n\nSuite.\n"
    assert cut(text, {**ROW, "body_start": "Premier"}, Path("x.txt")) == ("", "Premier mot du texte.\n\nSuite.", "", "")
    seeds = one(tmp_path, text=text, body_start="Premier mot")
    src = get_source("a", seeds)
    assert src.header == "" and src.passage_starts[0] == 0 and src.passage_at(0) == "a.1"


def test_without_a_body_start_the_body_follows_the_first_line():
    assert cut("Titre\nCorps.", ROW, Path("x.txt")) == ("Titre", "Corps.", "", "")
    # one line only: that line is the body (there is no title to skip)
    assert cut("Seule ligne.", ROW, Path("x.txt")) == ("", "Seule ligne.", "", "")
    assert cut("Seule ligne.\n", ROW, Path("x.txt")) == ("", "Seule ligne.", "", "")
    assert cut("\nCorps.", ROW, Path("x.txt")) == ("", "Corps.", "", "")
    # blank lines before the title are not the title line
    assert cut("\n\n  Titre\n\nCorps.\n", ROW, Path("x.txt")) == ("Titre", "Corps.", "", "")
    assert cut("\n\nTitre\n\n", ROW, Path("x.txt")) == ("", "Titre", "", "")


def test_body_end_and_comments_start_cut_where_they_say():
    text = "Titre\nDébut. Lire aussi: ceci. Fin du corps.\nPartager\nPar Marie: 3 réactions\nLire aussi: rien.\n"
    row = {**ROW, "body_start": "Début.", "body_end": "Fin du corps.", "comments_start": "3 réactions"}
    header, body, footer, comments = cut(text, row, Path("x.txt"))
    assert header == "Titre"
    assert body == "Début. Lire aussi: ceci. Fin du corps."  # body_end is part of the body
    assert footer == "Partager"
    assert comments == "Par Marie: 3 réactions\nLire aussi: rien."  # from the start of the marker's line
    # the comments marker is searched after the end of the body, not in it
    row = {**row, "comments_start": "Lire aussi"}
    assert cut(text, row, Path("x.txt"))[3] == "Lire aussi: rien."
    # without body_end the body runs to the comments
    row = {**ROW, "body_start": "Début.", "comments_start": "3 réactions"}
    assert cut(text, row, Path("x.txt"))[1:3] == ("Début. Lire aussi: ceci. Fin du corps.\nPartager", "")


def test_comments_at_the_very_start_of_a_line_keep_their_first_character():
    text = "Titre\nCorps.\n1. Premier commentaire\n"
    assert cut(text, {**ROW, "comments_start": "1. Premier"}, Path("x.txt"))[3] == "1. Premier commentaire"


def test_a_missing_marker_says_where_it_was_looked_for(tmp_path):
    row = {**ROW, "id": "x", "body_start": "Corps", "body_end": "absent"}
    with pytest.raises(DataError, match=r"source 'x': the body_end marker 'absent' is not in x\.txt after the body "
                                        r"start\. Copy the words exactly"):
        cut("Titre\nCorps.", row, Path("x.txt"))
    with pytest.raises(DataError, match=r"the body_start marker 'absent' is not in x\.txt\. Copy"):
        cut("Titre\nCorps.", {**ROW, "body_start": "absent"}, Path("x.txt"))
    # a marker that is only before the body start is not found
    with pytest.raises(DataError, match=r"the body_end marker 'Titre' is not in x\.txt after the body start"):
        cut("Titre\nCorps.", {**ROW, "body_start": "Corps", "body_end": "Titre"}, Path("x.txt"))
    with pytest.raises(DataError, match=r"source 'x': the comments_start marker 'absent' is not in x\.txt after the "
                                        r"body start\."):
        cut("Titre\nCorps.", {**ROW, "id": "x", "comments_start": "absent"}, Path("x.txt"))
    # after a body_end, the comments are looked for after it, and the message says so
    with pytest.raises(DataError, match=r"the comments_start marker 'Titre' is not in x\.txt after the body end\."):
        cut("Titre\nCorps. Fin.", {**ROW, "body_end": "Corps.", "comments_start": "Titre"}, Path("x.txt"))
    long = "m" * 80
    with pytest.raises(DataError, match=rf"marker '{'m' * 60}' is not in"):
        cut("Titre\nCorps.", {**ROW, "body_start": long}, Path("x.txt"))


def test_a_date_that_is_not_year_first_names_the_fix(tmp_path):
    seeds = one(tmp_path, published="24 Dec 2021")
    with pytest.raises(DataError, match=r"^sources\.csv, source 'a': published is '24 Dec 2021'; write the date as "
                                        r"YYYY-MM-DD \(e\.g\. 2022-01-07\)\.$"):
        load_sources(seeds)


def test_an_unreadable_article_names_its_source(tmp_path):
    seeds = one(tmp_path)
    (seeds / "articles" / "a.txt").write_text(" \n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^The article of source 'a', \S+a\.txt is empty\."):
        load_sources(seeds)


# ---------------------------------------------------------------- passages


def test_repeated_paragraphs_each_start_where_they_are(tmp_path):
    src = get_source("a", one(tmp_path, text="Titre\nOui.\n\nOui.\n\nNon.\n\nOui."))
    assert src.parts == ["Oui.", "Oui.", "Non.", "Oui."]
    assert src.passage_starts == [0, 6, 12, 18]
    assert [src.passage_at(o) for o in (5, 6, 18)] == ["a.1", "a.2", "a.4"]


def test_a_source_id_with_a_dot(tmp_path):
    src = get_source("v.2", one(tmp_path, id="v.2"))
    assert src.passage("v.2.2") == "Second paragraphe." and src.passages["passage_id"].tolist() == ["v.2.1", "v.2.2"]
    with pytest.raises(SourceNotFound, match=r"no passage 'v\.3\.1' in 'v\.2'"):
        src.passage("v.3.1")


def test_passage_ids_are_checked_at_both_ends(tmp_path):
    src = get_source("a", one(tmp_path))
    assert src.passage("a.1") == "Premier paragraphe." and src.passage("a.2") == "Second paragraphe."
    for bad in ("a.0", "a.3", "b.1", "a.x", "a", "a.-1", 1):
        with pytest.raises(SourceNotFound, match=r"There is no passage .* in 'a': its passages are a\.1 to a\.2\."):
            src.passage(bad)


def test_passage_at_each_boundary(tmp_path):
    src = get_source("a", one(tmp_path))
    second = src.passage_starts[1]
    assert src.passage_starts == [0, src.body.index("Second")]
    assert [src.passage_at(o) for o in (0, second - 1, second, len(src.body) - 1)] == ["a.1", "a.1", "a.2", "a.2"]


def test_boilerplate_joins_only_the_parts_that_exist(tmp_path):
    src = get_source("a", one(tmp_path, body_end="Premier paragraphe."))
    assert src.boilerplate == "Titre de l'article\n\nSecond paragraphe."
    src = get_source("a", one(tmp_path / "2", body_start="Premier"))
    assert src.boilerplate == "Titre de l'article"
    src = get_source("a", one(tmp_path / "3", body_start="Titre", body_end="Second paragraphe."))
    assert src.boilerplate == ""


def test_split_passages_blank_lines_with_spaces_and_no_break_spaces():
    body = "Un.\n \t\n\nDeux.\n\u00a0\nTrois.\n\n\n"
    assert split_passages(body) == ["Un.", "Deux.", "Trois."]
    assert split_passages("Un. Deux.\nTrois.") == ["Un. Deux.\nTrois."]
    assert split_passages("   ") == []


def test_sentences_are_cut_at_their_ends_but_not_inside_a_quotation():
    s = split_passages
    assert s("Un. Deux ? Trois ! Quatre.", "sentence") == ["Un.", "Deux ?", "Trois !", "Quatre."]
    assert s("Il a dit : « Un. Deux. » Puis il est parti.", "sentence") == [
        "Il a dit : « Un. Deux. »", "Puis il est parti."]
    # a guillemet that is never closed does not hold the rest of the paragraph together
    assert s("« Un. Deux.", "sentence") == ["« Un.", "Deux."]
    # a quotation that closes and another that opens later: the first is whole, the second starts a sentence
    assert s("« Un. » Deux. « Trois. »", "sentence") == ["« Un. »", "Deux.", "« Trois. »"]
    assert s("Un.  Deux.", "sentence") == ["Un.", "Deux."]
    # a closing guillemet with no opening one does not glue sentences together
    assert s("« Un. » Deux. Trois ».", "sentence") == ["« Un. »", "Deux.", "Trois »."]
    assert s("Un. Deux ».", "sentence") == ["Un.", "Deux »."]
    # it is the last guillemet before the end of a sentence that says whether a quotation is open
    assert s("« A » et « B. C » fin.", "sentence") == ["« A » et « B. C » fin."]
    assert s("« A » « B » C. D ».", "sentence") == ["« A » « B » C.", "D »."]
    assert s("Il a 3.5 points.", "sentence") == ["Il a 3.5 points."]
    assert s("Un. Deux.\n\nTrois.", "sentence") == ["Un.", "Deux.", "Trois."]


def test_sentence_sources_number_their_sentences(tmp_path):
    seeds = one(tmp_path, text="Titre\nUn. « Deux. Trois. » Quatre.\n", passage_unit="sentence")
    src = get_source("a", seeds)
    assert src.parts == ["Un.", "« Deux. Trois. »", "Quatre."]
    assert src.passage_starts == [0, 4, 21]


# ---------------------------------------------------------------- the small public functions


def test_list_sources_keeps_the_order_of_sources_csv(tmp_path):
    base = {"file": "articles/a.txt", "title": "T", "published": "2022-01-07"}
    seeds = make_seeds(tmp_path / "seeds", {"a.txt": ARTICLE}, [{"id": "zeta", **base}, {"id": "alpha", **base}])
    assert list_sources(seeds) == ["zeta", "alpha"]
    assert load_sources(seeds)["id"].tolist() == ["zeta", "alpha"]


def test_passages_of_all_sources_have_four_columns(tmp_path):
    base = {"file": "articles/a.txt", "title": "T", "published": "2022-01-07"}
    seeds = make_seeds(tmp_path / "seeds", {"a.txt": ARTICLE}, [{"id": "p", **base}, {"id": "q", **base}])
    p = passages(data_dir=seeds)
    assert list(p.columns) == ["source_id", "passage_id", "n", "text"]
    assert p.values.tolist() == [["p", "p.1", 1, "Premier paragraphe."], ["p", "p.2", 2, "Second paragraphe."],
                                 ["q", "q.1", 1, "Premier paragraphe."], ["q", "q.2", 2, "Second paragraphe."]]
    assert p.index.tolist() == [0, 1, 2, 3]
    assert passages("q", seeds)["passage_id"].tolist() == ["q.1", "q.2"]


def test_find_passage_empty_or_wrong_words(tmp_path):
    seeds = one(tmp_path)
    assert find_passage("a", "Premier", seeds) == "a.1"
    assert find_passage("a", "paragraphe", seeds) == "a.1"  # the first passage that has the words
    assert find_passage("a", "Second", seeds) == "a.2"
    assert find_passage("a", "", seeds) is None
    assert find_passage("a", None, seeds) is None
    with pytest.raises(SourceNotFound, match=r"There is no source 'b'\. The sources are: a "):
        find_passage("b", "Premier", seeds)


def test_get_source_names_every_source_in_its_error(tmp_path):
    base = {"file": "articles/a.txt", "title": "T", "published": "2022-01-07"}
    seeds = make_seeds(tmp_path / "seeds", {"a.txt": ARTICLE}, [{"id": "p", **base}, {"id": "q", **base}])
    with pytest.raises(SourceNotFound, match=r"^There is no source 'r'\. The sources are: p, q "
                                            r"\(list_sources\(\) gives them too\)\.$"):
        get_source("r", seeds)
    with pytest.raises(SourceNotFound, match=r"There is no source \['p'\]"):
        get_source(["p"], seeds)


def test_bulk_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_french_text_shows_itself_escaped_and_marked_as_french():
    from helpers.data.corpus import FrenchText

    text = FrenchText("« L'OTAN » & <Moscou>")
    assert text._repr_html_() == ('<div lang="fr" style="white-space:pre-wrap">« L&#x27;OTAN » &amp; '
                                  '&lt;Moscou&gt;</div>')
