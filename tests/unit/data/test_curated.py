"""The curated data is correct: quotes verbatim in their source's body, ids exist, dates and weekdays right."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import get_source, list_sources, load_events, load_glossary, load_issues, load_positions, load_sources
from helpers.data.csv_reader import read_table
from helpers.data.curated import load_actors

POSITIONS = load_positions()
SOURCES = set(list_sources())


@pytest.mark.parametrize("row", POSITIONS[POSITIONS["french"] != ""].to_dict("records"),
                         ids=lambda r: r["position_id"])
def test_french_quote_is_verbatim_in_the_body_of_its_source(row):
    src = get_source(row["source_id"])
    assert row["french"] in src.body, f"{row['position_id']}: not found verbatim in the body of {src.id}"
    assert row["english"].strip(), "every French quote needs the course's English translation"


def test_positions_cover_twelve_issues_for_both_sides():
    issues = load_issues()
    assert len(issues) == 12 and list(issues["order"]) == list(range(1, 13))
    sides = POSITIONS.groupby("issue_id")["side"].agg(set)
    assert set(sides.index) == set(issues["issue_id"])
    assert all(s == {"Russia", "US/NATO"} for s in sides), sides[sides.map(len) < 2]


def test_gaps_are_explicit_and_referenced():
    gaps = POSITIONS[POSITIONS["kind"] == "not in corpus"]
    assert len(gaps) >= 2
    assert (gaps["french"] == "").all() and (gaps["source_id"] == "").all()
    assert gaps["reference_url"].str.startswith("http").all()
    quoted = POSITIONS[POSITIONS["kind"] != "not in corpus"]
    assert (quoted["french"] != "").all() and quoted["source_id"].isin(SOURCES).all()
    assert set(POSITIONS["kind"]) <= {"direct quote", "partly quoted", "reported speech", "paraphrase",
                                      "editorial framing", "not in corpus"}


def test_dates_said_and_reported():
    """Codebook 6: date_said may be unknown (with evidence saying why); date_reported never is."""
    assert POSITIONS["date_reported"].notna().all()
    assert (POSITIONS["date_said_evidence"].str.len() > 20).all()
    said = POSITIONS.dropna(subset=["date_said"])
    assert (said["date_said"] <= said["date_reported"]).all()
    by_id = POSITIONS.set_index("position_id")
    # Ryabkov's "not a menu" was said 'à l'époque', not on 25 Jan, the day RT reported it (issue 9)
    assert pd.isna(by_id.loc["talks_format-ru-1", "date_said"])
    assert by_id.loc["talks_format-ru-1", "date_reported"] == pd.Timestamp("2022-01-25")
    assert by_id.loc["enlargement-ru-2", "date_said"] == pd.Timestamp("2021-12-26")
    unknown = POSITIONS["date_said"].isna()
    assert 10 <= unknown.sum() <= 20, unknown.sum()


def test_a_positions_file_with_the_old_date_column_names_the_fix(tmp_path):
    import shutil

    from helpers.errors import DataError

    for f in ("sources.csv", "issues.csv", "positions.csv"):
        shutil.copy(read_table(f).attrs["path"], tmp_path / f)
    shutil.copytree(Path(read_table("sources.csv").attrs["path"]).parent / "articles", tmp_path / "articles")
    text = (tmp_path / "positions.csv").read_text(encoding="utf-8").replace("date_said,", "date,", 1)
    (tmp_path / "positions.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="split it into 'date_said'"):
        load_positions(tmp_path)


def test_positions_balance_between_sides():
    counts = POSITIONS.groupby("side").size()
    assert counts.min() / counts.max() >= 0.6, counts


def test_events_timeline():
    ev = load_events()
    assert len(ev) >= 20
    assert ev["date"].min() == pd.Timestamp("2021-12-01") and ev["date"].max() == pd.Timestamp("2022-02-24")
    assert ev["reference_url"].map(lambda s: all(u.strip().startswith("http") for u in s.split(" ; "))).all()
    assert (ev["reference_url"].str.strip() != "").all()
    for sid in SOURCES:  # every source is tied to at least one event
        assert ev["source_ids"].str.split().map(lambda ids, s=sid: s in ids).any(), sid


def test_event_weekdays_are_right():
    ev = load_events()
    wrong = ev[ev["date"].dt.strftime("%a") != ev["weekday"]]
    assert wrong.empty, wrong[["event_id", "date", "weekday"]]


def test_end_dates_follow_start_dates():
    ev = load_events()
    has_end = ev["end_date"].notna()
    assert (ev.loc[has_end, "end_date"] > ev.loc[has_end, "date"]).all()


_WEEKDAY_DATE = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.? (\d{1,2}) (Jan|Feb|Dec|Nov)[a-z]* (\d{4})\b")


def stated_weekdays() -> list[tuple[str, str, str]]:
    out = []
    for name in ("sources.csv", "events.csv", "issues.csv", "positions.csv", "glossary.csv", "actors.csv"):
        for row in read_table(name).to_dict("records"):
            for value in row.values():
                for m in _WEEKDAY_DATE.finditer(str(value)):
                    out.append((name, m.group(0), m.group(1)))
    return out


def test_every_weekday_stated_in_the_data_is_right():
    stated = stated_weekdays()
    assert len(stated) >= 5  # the sources' evidence sentences state weekdays
    for name, text, day in stated:
        parts = text.split()
        date = pd.Timestamp(f"{parts[1]} {parts[2][:3]} {parts[3]}")
        assert date.strftime("%a") == day, f"{name}: {text!r} is a {date:%A}"


def test_published_dates_match_the_reference():
    df = load_sources().set_index("id")
    assert df.loc["topcor", "published"] == pd.Timestamp("2021-12-24")
    assert df.loc["rt_cnn", "published"] == pd.Timestamp("2022-01-25")
    assert df["published_evidence"].str.contains("inferred").all()


def test_actors_aliases_occur_in_the_bodies_and_sides_are_known():
    actors = load_actors()
    assert set(actors["side"]) <= {"Russia", "US/NATO", "Ukraine", "other"}
    bodies = " ".join(get_source(s).body for s in SOURCES)
    for row in actors.to_dict("records"):
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            assert alias in bodies, f"{row['actor_id']}: alias {alias!r} is in no body"


def test_glossary():
    g = load_glossary()
    assert len(g) >= 30
    assert (g["term_en"].str.strip() != "").all() and (g["definition"].str.len() > 20).all()
    bodies = {s: get_source(s).body.lower() for s in SOURCES}
    for row in g.to_dict("records"):
        claimed = set(row.get("seen_in", "").split())
        assert claimed <= SOURCES
        found = {s for s, b in bodies.items() if row["term_fr"].lower() in b}
        assert claimed == found, f"{row['term_fr']}: seen_in says {sorted(claimed)}, the bodies say {sorted(found)}"


def test_every_csv_is_utf8_with_a_header_and_no_stray_whitespace_in_ids():
    for name, col in (("events.csv", "event_id"), ("positions.csv", "position_id"), ("actors.csv", "actor_id"),
                      ("issues.csv", "issue_id"), ("sources.csv", "id")):
        ids = read_table(name)[col]
        assert ids.str.fullmatch(r"[a-z0-9_.\-]+").all(), f"{name}: ids should be short lowercase words"


def test_no_seed_cites_a_document_the_course_does_not_ship():
    """Issue 9: 'domain_facts §2.1(b)' and '(reference §4.9)' pointed at the authors' private notes."""
    for name in ("sources.csv", "events.csv", "issues.csv", "positions.csv", "glossary.csv", "actors.csv",
                 "artefacts.csv"):
        text = read_table(name).to_csv()
        assert "domain_facts" not in text and "§" not in text, name


def test_artefacts_load_and_are_verbatim_in_their_part():
    from helpers.data.curated import load_artefacts

    art = load_artefacts()
    assert len(art) >= 6 and art["source_id"].nunique() >= 3
    for row in art.to_dict("records"):
        assert row["french"] in getattr(get_source(row["source_id"]), row["part"]), row["artefact_id"]
