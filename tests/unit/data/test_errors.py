"""Bad input gets one clear error that names the file or row and the fix; nothing is silently dropped."""

from __future__ import annotations

import shutil

import pytest

from helpers import (
    CourseError,
    DataError,
    SourceNotFound,
    extract_quotes,
    get_source,
    kwic,
    load_events,
    load_positions,
    load_sources,
)


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_seeds_folder(tmp_path):
    with pytest.raises(DataError, match=r"does not exist\. Pass data_dir= .* or set REDLINES_SEEDS"):
        load_sources(tmp_path / "nowhere")


def test_missing_sources_csv(corpus):
    (corpus / "sources.csv").unlink()
    with pytest.raises(DataError, match=r"sources\.csv is missing\. Put the file there"):
        load_sources(corpus)


def test_unknown_source_id():
    with pytest.raises(SourceNotFound, match=r"There is no source 'afpp'\. The sources are: topcor, voi, afp"):
        get_source("afpp")
    with pytest.raises(SourceNotFound, match="There is no source 3"):
        get_source(3)


def test_row_pointing_at_a_missing_file(corpus):
    (corpus / "articles" / "002_6d22544932a82c8b.txt").unlink()
    with pytest.raises(DataError, match=r"source 'afp': the file 'articles/002_6d22544932a82c8b\.txt' is not in"):
        load_sources(corpus)


def test_duplicate_id(corpus):
    rewrite(corpus / "sources.csv", "\nvoi,", "\ntopcor,")
    with pytest.raises(DataError, match=r"the id 'topcor' is used on lines 2 and 3\. Each row needs its own id"):
        load_sources(corpus)


def test_file_that_is_not_utf8(corpus):
    path = corpus / "articles" / "001_79e94b0c30e863a4.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    with pytest.raises(DataError, match=r"001_79e94b0c30e863a4\.txt is not UTF-8 .* save it with the encoding 'UTF-8'"):
        load_sources(corpus)


def test_csv_that_is_not_utf8(corpus):
    path = corpus / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    with pytest.raises(DataError, match=r"events\.csv is not UTF-8"):
        load_events(corpus)


def test_empty_article(corpus):
    (corpus / "articles" / "003_4975e6dca3f75263.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(DataError, match=r"003_4975e6dca3f75263\.txt is empty\. Put the text in it"):
        load_sources(corpus)


def test_empty_csv(corpus):
    (corpus / "positions.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"positions\.csv is empty"):
        load_positions(corpus)


def test_missing_required_column(corpus):
    rewrite(corpus / "sources.csv", "id,file,title", "ident,file,title")
    with pytest.raises(DataError, match=r"sources\.csv has no column 'id'\. Its first row must name the columns"):
        load_sources(corpus)


def test_row_with_too_many_fields(corpus):
    path = corpus / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"events\.csv, line 4: \d+ fields where the header has \d+"):
        load_events(corpus)


def test_marker_not_found(corpus):
    rewrite(corpus / "sources.csv", "Washington – Les États-Unis ont déclaré vendredi", "Washington - Les")
    with pytest.raises(DataError, match=r"source 'afp': the body_start marker 'Washington - Les' is not in "
                                        r"002_6d22544932a82c8b\.txt\. Copy the words exactly"):
        load_sources(corpus)


def test_bad_date(corpus):
    rewrite(corpus / "sources.csv", "2022-01-07", "7 Jan 2022")
    with pytest.raises(DataError, match=r"source 'afp': published is '7 Jan 2022'; write the date as YYYY-MM-DD"):
        load_sources(corpus)


def test_event_with_unknown_source(corpus):
    path = corpus / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" afp", " afpx", 1) if " afp" in text else text.replace("afp", "afpx", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"events\.csv, row 'e\d+': unknown source id 'afpx'"):
        load_events(corpus)


def test_missing_articles_folder(corpus):
    shutil.rmtree(corpus / "articles")
    with pytest.raises(DataError, match="is not in"):
        load_sources(corpus)


def test_kwic_wrong_input_types():
    for bad in (None, 3, [], [""], ["ok", 4]):
        with pytest.raises(CourseError, match=r"kwic\(\) needs a word or a list of words"):
            kwic(bad)
    with pytest.raises(CourseError, match="part must be one of body, boilerplate, comments"):
        kwic("menace", part="title")


def test_course_errors_render_as_one_line_in_jupyter():
    err = DataError("The seeds folder is missing. Set REDLINES_SEEDS.")
    lines = err._render_traceback_()
    assert len(lines) == 1 and "DataError" in lines[0] and "Set REDLINES_SEEDS" in lines[0]


def test_unknown_source_for_quotes():
    with pytest.raises(SourceNotFound):
        extract_quotes("nope")
