"""References a sourcing course can cite: every reference has a kind, a named document, a well-formed address on a
host the course cites; a source's own chain is never counted as corroboration (events, issues and positions)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import CORROBORATING, DataError, corroborated, load_events, load_issues, load_positions, references
from helpers.data.references import CHAIN_HOSTS, KINDS, check_references, in_chain, uncitable_hosts

TABLES = {"positions": load_positions, "events": load_events, "issues": load_issues}
LISTED = uncitable_hosts()


@pytest.mark.parametrize("name", TABLES)
def test_every_reference_is_well_formed_kinded_named_and_citable(name):
    refs = check_references(TABLES[name](), LISTED)
    assert len(refs) > 0 and set(refs["kind"]) <= set(KINDS)


def test_the_hosts_named_in_issue_9_are_listed_and_absent():
    for bad in ["d1softballnews.com", "pledgetimes.com", "larouchepub.com", "nowarnonato.blogspot.com",
                "news-front.su", "exbulletin.com", "vigilantnews.net", "ieu-monitoring.com", "urdupoint.com"]:
        assert bad in LISTED and LISTED[bad], bad
    for load in TABLES.values():
        urls = " ".join(load()["reference_url"])
        assert "meduza.io./" not in urls and "urdupoint" not in urls and "news-front" not in urls


def _sources(row: dict) -> list[str]:
    return (row.get("source_ids") or row.get("source_id") or "").split()


@pytest.mark.parametrize("name", ["positions", "events"])
def test_a_sources_own_chain_is_same_chain_and_nothing_else_is(name):
    table = TABLES[name]()
    id_col = table.columns[0]
    by_id = table.set_index(id_col).to_dict("index")
    for r in references(table).to_dict("records"):
        own = in_chain(r["host"], _sources(by_id[r[id_col]]))
        assert own == (r["kind"] == "same chain"), (r[id_col], r["url"], r["kind"])


def test_rt_and_sputnik_never_corroborate_an_rt_row():
    pos = load_positions()
    refs = references(pos).merge(pos[["position_id", "source_id"]], on="position_id")
    rt = refs[refs["source_id"].str.startswith("rt_") & refs["host"].str.contains("sputnik|rt.com")]
    assert len(rt) >= 1 and (rt["kind"] == "same chain").all()
    assert not corroborated(pos.set_index("position_id").loc[["arms_control-ru-1"]].reset_index()).any()


def test_afp_rows_are_corroborated_by_official_records_not_by_reprints():
    pos = load_positions()
    afp = pos[pos["source_id"] == "afp"]
    refs = references(afp)
    assert not refs["host"].isin(CHAIN_HOSTS["afp"]).any()
    assert corroborated(afp).all()
    official = refs[refs["kind"] == "official"]["position_id"]
    expected = {"sanctions-west-1", "sanctions-west-3", "talks_format-west-1", "indivisible_security-west-2"}
    assert expected <= set(official)


def test_afp_is_linked_to_the_events_it_reports():
    ev = load_events().set_index("event_id")
    linked = {e for e, ids in ev["source_ids"].items() if "afp" in ids.split()}
    # afp.2: Moscow urged the West to agree in writing not to enlarge NATO (the drafts of 17 Dec, e07);
    # afp.9: Western threats of "massive" consequences (Biden's call of 7 Dec, e04; the G7 warning, e05)
    assert {"e04", "e05", "e07", "e20", "e21", "e22", "e23", "e24", "e26", "e28"} <= linked


def test_positions_references_by_kind():
    refs = references(load_positions())
    counts = refs["kind"].value_counts()
    rows = refs.groupby("position_id")["kind"].agg(set)
    with_official = rows.map(lambda k: "official" in k)
    assert with_official.mean() >= 0.5, with_official.mean()   # at least half of the referenced rows cite a record
    assert counts["official"] >= 25 and counts["same chain"] <= 5
    assert set(CORROBORATING) == {"official", "independent"}


def _one(url="https://www.nato.int/cps/en/natohq/opinions_190508.htm", kind="official", doc="NATO, 7 Jan 2022"):
    return pd.DataFrame([{"event_id": "e99", "reference_url": url, "reference_kind": kind, "reference_document": doc}])


@pytest.mark.parametrize("url, kind, doc, message", [
    ("https://meduza.io./en/feature/2022/01/10/x", "independent", "Meduza", "not a well-formed web address"),
    ("meduza.io/en/feature", "independent", "Meduza", "not a well-formed web address"),
    ("https://example.org/a b", "independent", "x", "not a well-formed web address"),
    ("https://www.nato.int/x", "offical", "NATO", "is not one of official, independent"),
    ("https://www.nato.int/x", "official", "", "1 reference_url, 1 reference_kind and 0 reference_document"),
    ("https://www.nato.int/x ; https://tass.com/y", "official ; independent", "NATO ; ", "name the document"),
    ("https://de.news-front.su/2021/12/21/x", "unverified copy", "News Front", "does not cite news-front.su"),
    ("https://www.nato.int/x ; https://tass.com/y", "official", "NATO", "2 reference_url, 1 reference_kind"),
])
def test_bad_references_get_an_error_that_names_the_fix(url, kind, doc, message):
    with pytest.raises(DataError, match=message):
        check_references(_one(url, kind, doc), LISTED)


def test_a_good_reference_passes_and_a_missing_column_is_named():
    assert check_references(_one(), LISTED)["host"].tolist() == ["nato.int"]
    with pytest.raises(DataError, match="no column 'reference_kind'"):
        references(_one().drop(columns="reference_kind"))
