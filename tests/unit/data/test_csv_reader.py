"""helpers.data.csv_reader, helpers.data.curated and helpers.errors at their edges: each bad file or row gets its
own message, with
the file, the line or row, and the fix; empty cells, blank lines, a byte-order mark and old line endings are read
as a spreadsheet writes them."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from conftest import add_row
from helpers import CourseError, DataError, SourceNotFound, load_events, load_glossary, load_issues, load_positions
from helpers.data.csv_reader import SCHEMAS, read_table, read_text
from helpers.data.curated import load_actors, load_artefacts


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- read_text


def test_read_text_names_what_is_missing(tmp_path):
    with pytest.raises(DataError, match=r"^The thing \S+nothing\.txt is missing\. Put the file there, or fix the name"):
        read_text(tmp_path / "nothing.txt", "The thing")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(DataError, match=r"folder\.txt is missing"):
        read_text(tmp_path / "folder.txt", "The thing")


def test_read_text_line_endings_and_byte_order_mark(tmp_path):
    assert read_text(write(tmp_path / "a.txt", "\ufeffun\r\ndeux\rtrois\n"), "x") == "un\ndeux\ntrois\n"
    assert read_text(write(tmp_path / "b.txt", "un\n"), "x") == "un\n"


def test_read_text_says_which_byte_is_not_utf8(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc\xe9def")
    with pytest.raises(DataError, match=r"^The file \S+a\.txt is not UTF-8 text \(byte 3 cannot be read\)\. Open it in "
                                        r"a text editor and save it with the encoding 'UTF-8'\.$"):
        read_text(path, "The file")


def test_read_text_refuses_a_file_of_blanks(tmp_path):
    with pytest.raises(DataError, match=r"^The file \S+a\.txt is empty\. Put the text in it, or remove the row"):
        read_text(write(tmp_path / "a.txt", " \n\t\r\n"), "The file")


# ---------------------------------------------------------------- read_table


def test_read_table_reads_strings_and_keeps_empty_cells_empty(tmp_path):
    write(tmp_path / "t.csv", "\ufeffa,b,c\r\n1,,x\r\n\r\n2,\"y, z\",\r\n")
    t = read_table("t.csv", tmp_path)
    assert list(t.columns) == ["a", "b", "c"]
    assert t.values.tolist() == [["1", "", "x"], ["2", "y, z", ""]]  # the blank line is no row
    assert all(dtype is object or dtype == "object" for dtype in t.dtypes)
    assert t.attrs["path"] == str(tmp_path / "t.csv")


def test_read_table_header_only_is_an_empty_table(tmp_path):
    write(tmp_path / "sources.csv", "id,file,title,published\n")
    t = read_table("sources.csv", tmp_path)
    assert t.empty and list(t.columns) == ["id", "file", "title", "published"]


def test_read_table_names_every_missing_column(tmp_path):
    write(tmp_path / "glossary.csv", "term_fr,note\nx,y\n")
    with pytest.raises(DataError, match=r"glossary\.csv has no column 'term_en', 'definition'\. Its first row must "
                                        r"name the columns: term_fr, term_en, definition\.$"):
        read_table("glossary.csv", tmp_path)


def test_read_table_line_with_too_few_fields(tmp_path):
    write(tmp_path / "t.csv", "a,b,c\n1,2,3\n4,5\n")
    with pytest.raises(DataError, match=r"t\.csv, line 3: 2 fields where the header has 3\. Put quotation marks "
                                        r"around any value that contains a comma\.$"):
        read_table("t.csv", tmp_path)


def test_read_table_strips_ids_and_finds_blank_and_duplicate_ones(tmp_path):
    write(tmp_path / "glossary.csv", "term_fr,term_en,definition\n  otan ,NATO,d\nveto,veto,d\n")
    assert read_table("glossary.csv", tmp_path)["term_fr"].tolist() == ["otan", "veto"]
    write(tmp_path / "glossary.csv", "term_fr,term_en,definition\notan,NATO,d\n  ,x,d\n")
    with pytest.raises(DataError, match=r"glossary\.csv, line 3: the 'term_fr' cell is empty\. Give the row an id\."):
        read_table("glossary.csv", tmp_path)
    write(tmp_path / "glossary.csv", "term_fr,term_en,definition\na,x,d\notan,NATO,d\nb,x,d\n otan,y,d\n")
    with pytest.raises(DataError, match=r"glossary\.csv: the term_fr 'otan' is used on lines 3 and 5\. Each row needs"):
        read_table("glossary.csv", tmp_path)
    write(tmp_path / "glossary.csv", "term_fr,term_en,definition\nb,x,d\na,x,d\nb,y,d\na,y,d\n")
    with pytest.raises(DataError, match=r"the term_fr 'b' is used on lines 2 and 4\. Each row needs its own id"):
        read_table("glossary.csv", tmp_path)


def test_read_table_says_which_data_file_is_missing(tmp_path):
    with pytest.raises(DataError, match=r"^The data file \S+events\.csv is missing\."):
        read_table("events.csv", tmp_path)


def test_a_table_without_a_schema_needs_no_column_and_no_id(tmp_path):
    write(tmp_path / "notes.csv", "x\n\n1\n1\n")
    assert read_table("notes.csv", tmp_path)["x"].tolist() == ["1", "1"]
    assert "notes.csv" not in SCHEMAS


# ---------------------------------------------------------------- the loaders of helpers.data.curated


def test_every_loader_returns_its_required_columns():
    for name, loader in [("events.csv", load_events), ("issues.csv", load_issues), ("positions.csv", load_positions),
                         ("actors.csv", load_actors), ("glossary.csv", load_glossary),
                         ("artefacts.csv", load_artefacts)]:
        frame = loader()
        required, id_col = SCHEMAS[name]
        assert set(required) <= set(frame.columns), name
        assert frame[id_col].is_unique and len(frame) > 0, name


def test_dates_are_datetimes_and_an_empty_end_date_is_allowed():
    ev = load_events()
    assert pd.api.types.is_datetime64_any_dtype(ev["date"]) and pd.api.types.is_datetime64_any_dtype(ev["end_date"])
    assert ev["end_date"].isna().any() and ev["end_date"].notna().any()
    pos = load_positions()
    assert all(pd.api.types.is_datetime64_any_dtype(pos[c]) for c in ("date_said", "date_reported"))
    assert pos["date_said"].isna().any() and pos["date_reported"].notna().all()  # said: unknown is allowed


def test_an_empty_event_date_is_not_allowed(corpus):
    rewrite(corpus / "events.csv", "e02,2021-12-01,", "e02,,")
    with pytest.raises(DataError, match=r"^events\.csv, row 'e02': date is ''; write it as YYYY-MM-DD "
                                        r"\(e\.g\. 2022-01-12\)\.$"):
        load_events(corpus)


def test_a_bad_end_date_names_the_row(corpus):
    rewrite(corpus / "events.csv", "e02,2021-12-01,,", "e02,2021-12-01,1 Dec,")
    with pytest.raises(DataError, match=r"^events\.csv, row 'e02': end_date is '1 Dec'; write it as YYYY-MM-DD"):
        load_events(corpus)


def test_a_date_in_another_format_is_refused(corpus):
    rewrite(corpus / "events.csv", "e02,2021-12-01,", "e02,2021/12/01,")
    with pytest.raises(DataError, match=r"row 'e02': date is '2021/12/01'"):
        load_events(corpus)


def test_events_are_sorted_by_date_keeping_the_file_order_on_a_day(corpus):
    lines = (corpus / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (corpus / "events.csv").write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    ev = load_events(corpus)
    assert ev["date"].is_monotonic_increasing and ev.index.tolist() == list(range(len(ev)))
    first_day = ev.loc[ev["date"] == pd.Timestamp("2021-12-01"), "event_id"].tolist()
    assert first_day == ["e02", "e01"]  # reversed in the file, kept so


def test_event_source_ids_are_each_checked(corpus):
    add_row(corpus / "events.csv", {"event_id": "e99", "date": "2022-02-01", "weekday": "Tue", "title": "t",
                                    "source_ids": "afp  rt_cnn nope"})
    with pytest.raises(DataError, match=r"^events\.csv, row 'e99': unknown source id 'nope'\. Use one of afp, rt_cnn, "
                                        r"rt_nrc, topcor, voi, or add the source to sources\.csv\.$"):
        load_events(corpus)


def test_positions_check_side_issue_and_source(corpus):
    good = load_positions(corpus).iloc[0].to_dict()
    row = {**good, "date_said": "2022-01-25", "date_reported": "2022-01-25", "position_id": "zz-1"}
    for change, message in [
        ({"side": "NATO"}, r"row 'zz-1': side is 'NATO'; write 'Russia' or 'US/NATO'\.$"),
        ({"issue_id": "nope"}, r"row 'zz-1': unknown issue 'nope'; use an issue_id from issues\.csv\.$"),
        ({"source_id": "nope"}, r"row 'zz-1': unknown source id 'nope'\."),
        ({"date_said": "25/01/2022"}, r"row 'zz-1': date_said is '25/01/2022'"),
    ]:
        path = corpus / "positions.csv"
        saved = path.read_text(encoding="utf-8")
        add_row(path, {**row, **change})
        with pytest.raises(DataError, match=rf"^positions\.csv, {message}"):
            load_positions(corpus)
        path.write_text(saved, encoding="utf-8")
    add_row(corpus / "positions.csv", {**row, "source_id": "", "kind": "not in corpus", "french": ""})
    assert "zz-1" in set(load_positions(corpus)["position_id"])  # an empty source is allowed


def test_issues_are_in_teaching_order_and_order_must_be_a_number(corpus):
    issues = load_issues(corpus)
    assert issues["order"].tolist() == list(range(1, 13)) and issues.index.tolist() == list(range(12))
    path = corpus / "issues.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][1], rows[2][1] = rows[2][1], rows[1][1]  # swap the first two orders
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    assert load_issues(corpus)["issue_id"].tolist()[:2] == [rows[2][0], rows[1][0]]
    rows[3][1] = "third"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match=rf"^issues\.csv, row '{rows[3][0]}': order must be a whole number, e\.g\. 3\."):
        load_issues(corpus)


def test_artefacts_check_source_and_part(corpus):
    path = corpus / "artefacts.csv"
    saved = path.read_text(encoding="utf-8")
    rewrite(path, "A01,topcor,boilerplate,", "A01,topcor,title,")
    with pytest.raises(DataError, match=r"^artefacts\.csv, row 'A01': part is 'title'; write 'body', 'boilerplate' or "
                                        r"'comments'\.$"):
        load_artefacts(corpus)
    path.write_text(saved.replace("A01,topcor,", "A01,nope,", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"^artefacts\.csv, row 'A01': unknown source id 'nope'"):
        load_artefacts(corpus)


def test_actors_and_glossary_come_from_their_files(corpus):
    add_row(corpus / "actors.csv", {"actor_id": "zz", "name": "Z", "role": "r", "side": "other", "aliases": ""})
    assert load_actors(corpus)["actor_id"].iloc[-1] == "zz"
    add_row(corpus / "glossary.csv", {"term_fr": "zz", "term_en": "z", "definition": "d"})
    assert load_glossary(corpus)["term_fr"].iloc[-1] == "zz"


# ---------------------------------------------------------------- errors


def test_source_not_found_is_a_key_error_shown_without_quotes():
    err = SourceNotFound("There is no source 'x'.")
    assert isinstance(err, KeyError) and isinstance(err, CourseError)
    assert str(err) == "There is no source 'x'."
    assert str(SourceNotFound()) == ""


def test_the_one_line_shown_in_jupyter():
    assert DataError("Fix it.")._render_traceback_() == ["\x1b[1;31mDataError\x1b[0m: Fix it."]
    assert SourceNotFound("No 'x'.")._render_traceback_() == ["\x1b[1;31mSourceNotFound\x1b[0m: No 'x'."]
    assert issubclass(DataError, CourseError) and not issubclass(CourseError, KeyError)


def test_the_loaders_keep_the_file_s_columns_and_number_rows_from_zero():
    for name, loader in [("events.csv", load_events), ("issues.csv", load_issues)]:
        frame = loader()
        assert list(frame.columns) == list(read_table(name).columns), name  # no stray "index" column
        assert frame.index.tolist() == list(range(len(frame))), name


def test_sources_are_checked_against_the_folder_s_own_sources_csv(corpus):
    """A source added to a copy of the seeds may be cited by that copy's events, positions and artefacts."""
    rows = list(csv.DictReader((corpus / "sources.csv").open(encoding="utf-8")))
    add_row(corpus / "sources.csv", {**rows[0], "id": "mine"})
    add_row(corpus / "events.csv", {"event_id": "e99", "date": "2022-02-01", "weekday": "Tue", "title": "t",
                                    "source_ids": "mine"})
    assert "mine" in set(load_events(corpus)["source_ids"])
    position = {**load_positions(corpus).iloc[0].to_dict(), "position_id": "zz-1", "date_said": "2022-01-25",
                "date_reported": "2022-01-25"}
    add_row(corpus / "positions.csv", {**position, "source_id": "mine"})
    assert "mine" in set(load_positions(corpus)["source_id"])
    add_row(corpus / "artefacts.csv", {"artefact_id": "Z1", "source_id": "mine", "part": "comments", "french": "x"})
    assert load_artefacts(corpus).set_index("artefact_id").loc["Z1", "part"] == "comments"


def test_issues_are_checked_against_the_folder_s_own_issues_csv(corpus):
    add_row(corpus / "issues.csv", {"issue_id": "zz_issue", "order": "13", "title": "t", "question": "q",
                                    "summary": "s"})
    position = {**load_positions(corpus).iloc[0].to_dict(), "position_id": "zz-1", "date_said": "2022-01-25",
                "date_reported": "2022-01-25"}
    add_row(corpus / "positions.csv", {**position, "issue_id": "zz_issue"})
    assert "zz_issue" in set(load_positions(corpus)["issue_id"])


def test_a_position_cites_one_source_only(corpus):
    position = {**load_positions(corpus).iloc[0].to_dict(), "position_id": "zz-1", "date_said": "2022-01-25",
                "date_reported": "2022-01-25"}
    add_row(corpus / "positions.csv", {**position, "source_id": "afp rt_cnn"})
    with pytest.raises(DataError, match=r"^positions\.csv, row 'zz-1': unknown source id 'afp rt_cnn'\."):
        load_positions(corpus)
