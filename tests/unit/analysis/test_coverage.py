"""helpers.analysis.coverage: the issue × side × source grid, the gaps, and one issue's positions with their
passages."""

from __future__ import annotations

import csv
import doctest
import io

import pandas as pd
import pytest

import helpers.analysis.coverage
from helpers import (
    CourseError,
    coverage_grid,
    coverage_table,
    gaps,
    get_source,
    list_sources,
    load_issues,
    load_positions,
    positions_for,
)

POS = load_positions()
IN_CORPUS = POS[POS["kind"] != "not in corpus"]
ISSUES = load_issues()


def rewrite_positions(folder, keep=None, change=None):
    """Rewrite positions.csv in a copied seeds folder: keep rows where keep(row), then change(row) in place."""
    path = folder / "positions.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    rows = [r for r in rows if keep is None or keep(r)]
    for r in rows:
        if change is not None:
            change(r)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_docstring_examples_run():
    result = doctest.testmod(helpers.analysis.coverage, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ---------------------------------------------------------------- coverage_table


def test_coverage_table_has_every_issue_side_and_source():
    cov = coverage_table()
    assert cov.columns.tolist() == ["issue_id", "issue", "side", "source_id", "n", "covered"]
    assert len(cov) == len(ISSUES) * 2 * len(list_sources())
    assert list(dict.fromkeys(cov["issue_id"])) == ISSUES["issue_id"].tolist()
    assert list(dict.fromkeys(cov["source_id"])) == list_sources()
    assert set(cov["side"]) == {"Russia", "US/NATO"}
    assert not cov.duplicated(["issue_id", "side", "source_id"]).any()
    assert dict(zip(cov["issue_id"], cov["issue"], strict=True)) == dict(
        zip(ISSUES["issue_id"], ISSUES["title"], strict=True))


def test_coverage_table_counts_the_rows_of_each_source():
    cov = coverage_table().set_index(["issue_id", "side", "source_id"])
    assert cov["n"].sum() == len(IN_CORPUS)  # every row taken from a source is counted once
    assert (cov["covered"] == (cov["n"] > 0)).all()
    expected = IN_CORPUS.groupby(["issue_id", "side", "source_id"]).size()
    for key, n in expected.items():
        assert cov.loc[key, "n"] == n
    # a known cell each way: AFP carries Blinken and the NATO ministers on sanctions, RT-NRC no US/NATO one
    assert cov.loc[("sanctions", "US/NATO", "afp"), "covered"]
    assert not cov.loc[("sanctions", "US/NATO", "rt_nrc"), "covered"]


def test_coverage_table_feeds_the_coverage_grid():
    spec = coverage_grid(coverage_table()).to_dict()
    assert spec["title"]["text"] == "Which source reports which side, issue by issue"
    assert f"{int(coverage_table()['covered'].sum())} of 120 cells" in spec["description"]


def test_coverage_follows_the_data(corpus):
    # drop every US/NATO row on sanctions: no source covers that side on that issue any more
    rewrite_positions(corpus, keep=lambda r: not (r["issue_id"] == "sanctions" and r["side"] == "US/NATO"))
    cov = coverage_table(corpus)
    cells = cov[(cov["issue_id"] == "sanctions") & (cov["side"] == "US/NATO")]
    assert len(cells) == 5 and not cells["covered"].any()


# ---------------------------------------------------------------- gaps


def test_gaps_lists_every_outside_reference():
    g = gaps()
    outside = POS[POS["kind"] == "not in corpus"]
    assert sorted(g["position_id"]) == sorted(outside["position_id"])
    assert g["reference_url"].str.startswith("http").all()
    assert (g["english"] != "").all()
    assert g.columns.tolist() == ["issue_id", "issue", "side", "in_corpus", "position_id", "speaker",
                                  "date_said", "english", "reference_url", "note"]
    order = ISSUES["issue_id"].tolist()
    assert g["issue_id"].map(order.index).is_monotonic_increasing


def test_gaps_counts_what_the_corpus_has_on_the_same_issue_and_side():
    g = gaps()
    expected = IN_CORPUS.groupby(["issue_id", "side"]).size()
    for r in g.to_dict("records"):
        assert r["in_corpus"] == expected.get((r["issue_id"], r["side"]), 0)


def test_gaps_for_one_side():
    for side in ("Russia", "US/NATO"):
        g = gaps(side)
        assert set(g["side"]) == {side}
        assert len(g) == (POS[(POS["kind"] == "not in corpus") & (POS["side"] == side)]).shape[0]
    assert len(gaps("Russia")) + len(gaps("US/NATO")) == len(gaps())


def test_a_side_with_no_row_on_an_issue_is_a_gap_with_the_issue_reference(corpus):
    rewrite_positions(corpus, keep=lambda r: not (r["issue_id"] == "nuclear_weapons" and r["side"] == "US/NATO"))
    g = gaps("US/NATO", data_dir=corpus)
    row = g[g["issue_id"] == "nuclear_weapons"]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["in_corpus"] == 0 and row["position_id"] == "" and pd.isna(row["date_said"])
    assert row["reference_url"] == ISSUES.set_index("issue_id").loc["nuclear_weapons", "reference_url"]


def test_a_closest_passage_row_is_a_gap_not_coverage(corpus):
    rewrite_positions(corpus, change=lambda r: r.update(kind="closest passage")
                      if r["position_id"] == "nuclear_weapons-west-2" else None)
    g = gaps("US/NATO", data_dir=corpus)
    nuclear = g[g["issue_id"] == "nuclear_weapons"]
    assert "nuclear_weapons-west-2" in set(nuclear["position_id"])
    assert (nuclear["in_corpus"] == 0).all()  # the side never states its position in a source
    cov = coverage_table(corpus)
    assert not cov[(cov["issue_id"] == "nuclear_weapons") & (cov["side"] == "US/NATO")]["covered"].any()


@pytest.mark.parametrize("bad", ["russia", "NATO", 3, ["Russia"]])
def test_gaps_wrong_side(bad):
    with pytest.raises(CourseError, match=r"side must be 'Russia' or 'US/NATO', or None for both; it was"):
        gaps(bad)


# ---------------------------------------------------------------- positions_for


@pytest.mark.parametrize("issue_id", ISSUES["issue_id"].tolist())
def test_positions_for_each_issue(issue_id):
    p = positions_for(issue_id)
    mine = POS[POS["issue_id"] == issue_id]
    assert sorted(p["position_id"]) == sorted(mine["position_id"])
    assert set(p["issue_id"]) == {issue_id}
    sides = p["side"].tolist()
    assert sides == sorted(sides, key=["Russia", "US/NATO"].index)  # Russia first, then US/NATO
    for r in p.to_dict("records"):
        if r["kind"] == "not in corpus":
            assert r["passage_id"] == ""
        else:  # the French words are in the passage cited, character for character
            assert r["french"] in get_source(r["source_id"]).passage(r["passage_id"])
    for _, side in p.groupby("side", sort=False):
        outside = (side["kind"] == "not in corpus").tolist()
        assert outside == sorted(outside)  # rows from the sources come before the outside references
        inside = side[side["kind"] != "not in corpus"]
        assert inside["date_said"].dropna().is_monotonic_increasing
        assert inside["date_said"].isna().tolist() == sorted(inside["date_said"].isna())  # unknown dates last


def test_positions_for_columns_and_whitespace():
    p = positions_for(" ukraine_georgia ")
    assert p.columns.tolist() == ["position_id", "statement_id", "issue_id", "side", "speaker", "speaker_role",
                                  "date_said", "date_reported", "source_id", "passage_id", "kind", "french",
                                  "english", "reference_url", "note"]
    assert p.iloc[0]["side"] == "Russia"


@pytest.mark.parametrize("bad", ["nato", "Enlargement", "", None, 4])
def test_positions_for_wrong_issue_lists_the_ids(bad):
    with pytest.raises(CourseError) as err:
        positions_for(bad)
    message = str(err.value)
    assert message.startswith(f"There is no issue {bad!r}. The issue ids are: enlargement, ukraine_georgia,")
    assert "load_issues()" in message
    assert all(i in message for i in ISSUES["issue_id"])
