"""helpers.analysis.synthesis: the evidence table, the hindsight check, the briefing template and the epilogue."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers import (
    CourseError,
    briefing_template,
    epilogue,
    evidence_table,
    get_source,
    hindsight_check,
    load_events,
    load_issues,
    load_positions,
    load_sources,
)
from helpers.analysis.synthesis import EVIDENCE_COLUMNS, STATUSES

AS_OF = pd.Timestamp("2022-01-26")
TABLE = evidence_table()
EVENTS = load_events().set_index("event_id")
SOURCES = load_sources().set_index("id")
POSITIONS = load_positions().set_index("position_id")


def event_id(date: str, word: str) -> str:
    """The id of the event of ``date`` whose title has ``word`` (ids may be renumbered in the data)."""
    hit = EVENTS[(EVENTS["date"] == pd.Timestamp(date)) & EVENTS["title"].str.contains(word, case=False)]
    assert len(hit) == 1, f"test setup: no single event of {date} with {word!r}"
    return hit.index[0]


LEAK = event_id("2022-02-02", "leak")
INVASION = event_id("2022-02-24", "invasion")
REPLIES = event_id("2022-01-26", "replies")
DRAFTS = event_id("2021-12-17", "draft")


def status(text, evidence, as_of="2022-01-26") -> str:
    return hindsight_check([{"text": text, "evidence": evidence}], as_of=as_of)["status"].iloc[0]


def reasons(text, evidence, as_of="2022-01-26") -> str:
    return hindsight_check([{"text": text, "evidence": evidence}], as_of=as_of)["reasons"].iloc[0]


def test_public_names():
    for name in ("evidence_table", "hindsight_check", "briefing_template", "epilogue"):
        assert name in helpers.analysis.synthesis.__all__ and name in helpers.__all__


# ---------------------------------------------------------------- evidence_table


def test_evidence_table_columns_and_types():
    assert list(TABLE.columns) == EVIDENCE_COLUMNS
    assert TABLE["after_as_of"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(TABLE["date_said"])
    assert pd.api.types.is_datetime64_any_dtype(TABLE["date_reported"])
    assert set(TABLE["side"]) == {"Russia", "US/NATO"}
    assert TABLE.attrs["as_of"] == "2022-01-26"


def test_evidence_table_keeps_exactly_the_positions_knowable_from_published_sources():
    pos = load_positions()
    published = pos["source_id"].map(SOURCES["published"])
    expected = pos[(pos["source_id"] == "") | (published <= AS_OF)]
    rows = TABLE[TABLE["kind"] != "gap"]
    assert sorted(rows["position_id"]) == sorted(expected["position_id"])


def test_every_corpus_row_cites_a_passage_that_holds_its_french_verbatim():
    rows = TABLE[TABLE["source_id"] != ""]
    assert len(rows) > 0
    for row in rows.to_dict("records"):
        assert row["date_reported"] == SOURCES.loc[row["source_id"], "published"] <= AS_OF
        assert row["passage_id"].startswith(row["source_id"] + ".")
        passage = get_source(row["source_id"]).passage(row["passage_id"])
        first = re.split(r"(?<=[.?!])\s+", row["french"])[0]
        assert row["french"] in passage or first in passage, row["position_id"]
        assert not row["after_as_of"] and row["flag"] == ""


def test_outside_references_are_flagged_only_when_made_public_after_as_of():
    outside = TABLE[TABLE["kind"] == "not in corpus"]
    assert len(outside) > 0 and (outside["passage_id"] == "").all()
    assert (outside["after_as_of"] == (outside["date_reported"] > AS_OF)).all()
    flagged = TABLE[TABLE["after_as_of"]]
    assert len(flagged) >= 1
    for row in flagged.to_dict("records"):
        assert f"made public on {row['date_reported']:%Y-%m-%d}, after 2022-01-26" in row["flag"]
    assert (outside["reference_url"].str.startswith("http")).all()


def test_knowable_by_uses_the_day_reported_not_the_day_said():
    """Peskov spoke on 26 Dec 2021, but the corpus has his words only from rt_cnn, published 25 Jan 2022."""
    early = evidence_table("enlargement", as_of="2021-12-31")
    assert "enlargement-ru-2" not in set(early["position_id"])
    row = TABLE.set_index("position_id").loc["enlargement-ru-2"]
    assert row["date_said"] == pd.Timestamp("2021-12-26") and row["date_reported"] == pd.Timestamp("2022-01-25")
    # the draft of 17 Dec 2021 states Russia's position on NATO activity in Ukraine: knowable on 26 Jan
    assert "combat_troops-ru-3" in set(TABLE.loc[~TABLE["after_as_of"], "position_id"])


def test_an_earlier_date_drops_later_sources_and_shows_gaps():
    early = evidence_table(as_of="2022-01-10")
    assert not early["source_id"].isin(["rt_nrc", "rt_cnn"]).any()
    assert early["source_id"].isin(["topcor", "voi", "afp"]).any()
    gaps = early[early["kind"] == "gap"]
    knowable = early[(early["kind"] != "gap") & ~early["after_as_of"]]
    for issue in load_issues()["issue_id"]:
        for side in ("Russia", "US/NATO"):
            has = ((knowable["issue_id"] == issue) & (knowable["side"] == side)).any()
            is_gap = ((gaps["issue_id"] == issue) & (gaps["side"] == side)).any()
            assert has != is_gap, (issue, side)
    assert (gaps["english"].str.contains("no .* position on this issue was knowable as of 2022-01-10")).all()


def test_no_gaps_on_26_january():
    assert not (TABLE["kind"] == "gap").any()


def test_rows_follow_issue_order_then_side():
    order = load_issues()["issue_id"].tolist()
    seen = list(dict.fromkeys(TABLE["issue_id"]))
    assert seen == order
    for _, part in TABLE.groupby("issue_id"):
        assert part["side"].tolist() == sorted(part["side"], key=["Russia", "US/NATO"].index)


@pytest.mark.parametrize("issue_ids", ["enlargement", ["enlargement"], ("enlargement",), [" enlargement "]])
def test_issue_filter_accepts_an_id_or_a_list(issue_ids):
    t = evidence_table(issue_ids)
    assert set(t["issue_id"]) == {"enlargement"}
    assert len(t) == (TABLE["issue_id"] == "enlargement").sum()


def test_issue_filter_keeps_the_course_order():
    t = evidence_table(["indivisible_security", "enlargement"])
    assert list(dict.fromkeys(t["issue_id"])) == ["enlargement", "indivisible_security"]


@pytest.mark.parametrize("as_of", ["2022-01-26", dt.date(2022, 1, 26), pd.Timestamp("2022-01-26 18:30"),
                                   np.datetime64("2022-01-26"), "26 January 2022"])
def test_as_of_accepts_dates_in_several_forms(as_of):
    assert len(evidence_table(as_of=as_of)) == len(TABLE)


BAD_DATES = [None, np.nan, "", "   ", 42, 3.5, True, "tomorrow", "2022-13-45", [2022], {"date": "2022-01-26"}, pd.NaT]


@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
@pytest.mark.parametrize("func", [evidence_table, briefing_template])
def test_bad_as_of_names_the_fix(func, bad):
    with pytest.raises(CourseError, match=r"as_of must be a date written like '2022-01-26'"):
        func(as_of=bad)


@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
def test_bad_as_of_of_hindsight_check_names_the_fix(bad):
    with pytest.raises(CourseError, match=r"hindsight_check\(\): as_of must be a date"):
        hindsight_check([{"text": "x", "evidence": "afp"}], as_of=bad)


@pytest.mark.parametrize("bad", ["enlargment", ["enlargement", "nato"], [None], [42]], ids=repr)
def test_unknown_issue_lists_the_ids(bad):
    with pytest.raises(CourseError, match=r"there is no issue .*The issues are: enlargement, ukraine_georgia"):
        evidence_table(bad)


@pytest.mark.parametrize("bad", [[], 42, np.nan, "", {"a": 1}.keys(), pd.DataFrame({"issue_id": ["x"]})], ids=repr)
def test_issue_ids_of_the_wrong_kind_name_the_fix(bad):
    with pytest.raises(CourseError, match=r"issue_ids must be an issue id or a list of them|there is no issue"):
        evidence_table(bad)


def test_evidence_table_works_on_a_copy_of_the_seeds(corpus):
    assert evidence_table(data_dir=corpus).equals(TABLE)


# ---------------------------------------------------------------- hindsight_check: right and wrong claims


@pytest.mark.parametrize("text, evidence", [
    ("NATO says only Ukraine and the allies decide.", "rt_nrc.6"),
    ("Russia wants binding guarantees.", f"rt_cnn.5 {DRAFTS}"),
    ("Russia wants binding guarantees.", ["rt_cnn", DRAFTS]),
    ("Stoltenberg: no compromise on core principles.", "indivisible_security-west-1"),
    ("Moscow published its drafts.", "2021-12-17"),
    ("Moscow published its drafts.", dt.date(2021, 12, 17)),
    ("Moscow published its drafts on 17 December.", pd.Timestamp("2021-12-17")),
    ("Putin spoke on 23 December and NATO answered in January.", "topcor"),
    ("Talks are planned for 12 January.", "voi.1"),
    ("The Geneva talks were held on January 10.", "e26"),
    ("Lavrov expected concrete answers.", "indivisible_security-ru-3"),  # outside reference, 21 Jan
])
def test_claims_resting_on_earlier_evidence_are_ok(text, evidence):
    out = hindsight_check([{"text": text, "evidence": evidence}])
    assert out["status"].iloc[0] == "ok", out["reasons"].iloc[0]
    assert out["reasons"].iloc[0].startswith("all its evidence is dated on or before 2022-01-26")
    assert out["latest"].iloc[0] <= AS_OF


def test_a_claim_resting_on_the_leak_is_hindsight_with_the_reason():
    title = EVENTS.loc[LEAK, "title"]
    out = hindsight_check([{"text": "The US offered talks on missiles.", "evidence": LEAK}])
    assert out["status"].iloc[0] == "hindsight"
    assert f"rests on {LEAK} (2022-02-02, {title}), after 2022-01-26" in out["reasons"].iloc[0]
    assert out["latest"].iloc[0] == pd.Timestamp("2022-02-02")


def test_a_claim_resting_on_the_invasion_is_hindsight():
    assert status("Russia invaded.", INVASION) == "hindsight"
    assert f"rests on {INVASION} (2022-02-24" in reasons("x", INVASION)


def test_a_later_source_is_hindsight_for_an_earlier_note():
    assert status("RT reports Stoltenberg on CNN.", "rt_cnn", as_of="2022-01-20") == "hindsight"
    assert "rests on rt_cnn (published 2022-01-25, inferred), after 2022-01-20" in reasons("x", "rt_cnn", "2022-01-20")
    assert status("x", "rt_cnn.3", as_of="2022-01-20") == "hindsight"


def test_a_position_said_early_but_reported_later_counts_from_its_report():
    # Peskov spoke on 26 Dec, but our only record of it is rt_cnn, published 25 Jan.
    why = reasons("Peskov: a matter of life and death.", "enlargement-ru-2", as_of="2022-01-10")
    assert "said 2021-12-26 by Dmitry Peskov, but known from rt_cnn, published 2022-01-25" in why
    assert status("x", "enlargement-ru-2", as_of="2022-01-10") == "hindsight"
    assert status("x", "enlargement-ru-2", as_of="2022-01-26") == "ok"


def test_an_outside_position_said_after_the_note_is_hindsight():
    later = POSITIONS[(POSITIONS["source_id"] == "") & (POSITIONS["date_reported"] > AS_OF)].index
    assert len(later) >= 1
    assert status("Russia wants arms deliveries stopped.", later[0]) == "hindsight"


def test_a_later_date_as_evidence_is_hindsight():
    assert status("x", "2022-02-17") == "hindsight"
    assert status("x", [dt.date(2022, 2, 21)]) == "hindsight"
    assert "rests on 2022-02-17, after 2022-01-26" in reasons("x", "2022-02-17")


def test_an_event_of_the_day_itself_is_possible_hindsight():
    out = hindsight_check([{"text": "The US and NATO handed over their replies.", "evidence": REPLIES}])
    assert out["status"].iloc[0] == "possible hindsight"
    assert "the day of the note itself" in out["reasons"].iloc[0]
    assert status("x", REPLIES, as_of="2022-01-27") == "ok"


@pytest.mark.parametrize("text, words", [
    ("Talks collapsed on 24 February.", "24 February"),
    ("Talks collapsed on February 24.", "February 24"),
    ("Talks collapsed on 24 Feb 2022.", "24 Feb 2022"),
    ("Talks collapsed on 2022-02-24.", "2022-02-24"),
    ("Les pourparlers ont échoué le 24 février.", "24 février"),
    ("Le 1er février, Poutine a parlé.", "1er février"),
    ("In February the talks went on.", "February"),
])
def test_a_later_date_written_in_the_claim_is_possible_hindsight(text, words):
    out = hindsight_check([{"text": text, "evidence": "afp"}])
    assert out["status"].iloc[0] == "possible hindsight"
    assert f"mentions '{words}'" in out["reasons"].iloc[0]


@pytest.mark.parametrize("text", [
    "Putin spoke on 23 December.", "The NRC met on 12 January.", "NATO has been open since July 2019.",
    "Russia may yet accept talks.", "The drafts of 17 décembre.", "Putin spoke on Dec 23, 2021.",
])
def test_earlier_dates_and_ordinary_words_are_not_flagged(text):
    assert status(text, "afp") == "ok"


@pytest.mark.parametrize("text, word", [
    ("Russia's demands were a prelude to the invasion.", "invasion"),
    ("The West warns of sanctions if Russia invades.", "invades"),
    ("Russia launched a special military operation.", "special military operation"),
    ("Moscow recognised the separatist republics.", "recognised the separatist republics"),
    ("The DPR and LPR were recognised.", "DPR"),
    ("The leaked US reply offered missile talks.", "leaked"),
    ("El País printed the US reply.", "El País"),
    ("Russia's written reply rejected the US response.", "Russia's written reply"),
    ("The talks would later fail.", "would later"),
    ("As it turned out, the talks failed.", "As it turned out"),
])
def test_later_event_words_are_possible_hindsight(text, word):
    out = hindsight_check([{"text": text, "evidence": "rt_cnn"}])
    assert out["status"].iloc[0] == "possible hindsight"
    assert f"mentions '{word}'" in out["reasons"].iloc[0]


def test_later_event_words_are_fine_once_the_event_has_happened():
    assert status("The invasion began on 24 February.", "e01", as_of="2022-03-01") == "ok"
    assert status("The leak showed the US offer.", "e01", as_of="2022-03-01") == "ok"


def test_hard_evidence_outranks_a_warning():
    out = hindsight_check([{"text": "Russia invaded on 24 February.", "evidence": INVASION}])
    assert out["status"].iloc[0] == "hindsight"
    assert out["reasons"].iloc[0].count(" · ") >= 2  # evidence, date in the text, keyword


@pytest.mark.parametrize("evidence", [None, np.nan, "", "   ", [], [None, np.nan], pd.NA, pd.NaT])
def test_a_claim_without_evidence_is_checked_not_crashed(evidence):
    out = hindsight_check([{"text": "Talks will go on.", "evidence": evidence}])
    assert out["status"].iloc[0] == "check"
    assert "it cites no evidence" in out["reasons"].iloc[0]
    assert out["evidence"].iloc[0] == ""
    assert pd.isna(out["latest"].iloc[0])


@pytest.mark.parametrize("evidence, bad", [
    ("e999", "'e999' is not an event"), ("afpp", "'afpp' is not an event"), (42, "'42' is not an event"),
    ("rt_cnn.99", "'rt_cnn.99' is not an event"), ("afp.0", "'afp.0' is not an event"),
    ("e999 nope", "'e999', 'nope' are not event, source, passage or position ids"),
])
def test_unknown_ids_are_named_with_where_to_look(evidence, bad):
    out = hindsight_check([{"text": "x", "evidence": evidence}])
    assert out["status"].iloc[0] == "check"
    assert bad in out["reasons"].iloc[0] and "load_events()" in out["reasons"].iloc[0]


def test_unknown_id_beside_later_evidence_is_still_hindsight():
    out = hindsight_check([{"text": "x", "evidence": f"{LEAK} e999"}])
    assert out["status"].iloc[0] == "hindsight" and "'e999'" in out["reasons"].iloc[0]


@pytest.mark.parametrize("text", [None, np.nan, "", "  "])
def test_a_claim_without_text_is_checked_not_crashed(text):
    out = hindsight_check([{"text": text, "evidence": "afp"}])
    assert out["status"].iloc[0] == "check"
    assert "the claim has no text" in out["reasons"].iloc[0]


def test_evidence_ids_are_forgiving_about_case_brackets_and_separators():
    assert status("x", f"[{DRAFTS.upper()}], (rt_nrc.6); afp.") == "ok"


def test_dataframe_input_keeps_extra_columns_and_is_not_changed():
    claims = pd.DataFrame({"n": [1, 2], "text": ["a", "b"], "evidence": [LEAK, "afp.1"]})
    before = claims.copy()
    out = hindsight_check(claims)
    pd.testing.assert_frame_equal(claims, before)
    assert list(out.columns) == ["n", "text", "evidence", "latest", "status", "reasons"]
    assert out["status"].tolist() == ["hindsight", "ok"]
    again = hindsight_check(out)  # the result can be checked again
    assert again["status"].tolist() == ["hindsight", "ok"]


def test_a_single_dict_is_one_claim():
    assert hindsight_check({"text": "a", "evidence": "afp"})["status"].tolist() == ["ok"]


def test_statuses_are_from_the_documented_set():
    out = hindsight_check([{"text": t, "evidence": e} for t, e in [
        ("ok", "afp"), ("Russia invades?", "afp"), ("x", ""), ("x", LEAK)]])
    assert out["status"].tolist() == ["ok", "possible hindsight", "check", "hindsight"]
    assert set(out["status"]) <= set(STATUSES)


# ---------------------------------------------------------------- hindsight_check: wrong input, never a crash

WRONG_CLAIMS = [
    (None, r"It was given nothing \(None\)"),
    (np.nan, r"It was given a float"),
    ("", r"It was given a str"),
    (42, r"It was given an int \(42\)"),
    ("Russia will invade.", r"one string: put it in a claim with its evidence"),
    (pd.DataFrame({"claim": ["x"], "source": ["afp"]}), r"no column 'text' and no 'evidence'.*\.rename\(columns="),
    (pd.DataFrame({"text": ["x"]}), r"no column 'evidence'"),
    (pd.DataFrame(columns=["text", "evidence"]), r"there are no claims to check"),
    ([], r"there are no claims to check"),
    (["Russia will invade."], r"Claim number 1 is a str, not a dict"),
    ([{"text": "a", "evidence": "afp"}, {"text": "b"}], r"Claim number 2 has no 'evidence'"),
    ([{"evidence": "afp"}], r"Claim number 1 has no 'text'"),
    ({"text": "a"}, r"Claim number 1 has no 'evidence'"),
]


@pytest.mark.parametrize("bad, message", WRONG_CLAIMS, ids=[repr(b)[:30] for b, _ in WRONG_CLAIMS])
def test_wrong_claims_give_a_course_error_naming_the_fix(bad, message):
    with pytest.raises(CourseError, match=message) as err:
        hindsight_check(bad)
    assert "text" in str(err.value) and "evidence" in str(err.value)
    assert "\n" not in str(err.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.none(), st.text(max_size=60), st.sampled_from(["24 février", "invasion", "e41"])),
       evidence=st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
                          st.lists(st.one_of(st.none(), st.text(max_size=10)), max_size=3),
                          st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))))
def test_any_text_and_evidence_get_a_status_never_a_crash(text, evidence):
    out = hindsight_check([{"text": text, "evidence": evidence}])
    assert out["status"].iloc[0] in STATUSES
    assert isinstance(out["reasons"].iloc[0], str) and out["reasons"].iloc[0]


# ---------------------------------------------------------------- briefing_template


def test_briefing_template_has_the_five_parts_in_order():
    text = briefing_template()
    assert text.startswith("# Briefing note — as of Wednesday 26 January 2022\n")
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads == ["## 1. Situation", "## 2. Stated positions, issue by issue", "## 3. Room for talks",
                     "## 4. What is not knowable yet", "## 5. Sources and their reliability"]


def test_briefing_template_lists_each_issue_with_both_sides_and_its_evidence():
    text = briefing_template()
    issues = load_issues()
    subheads = [line for line in text.splitlines() if line.startswith("### ")]
    assert subheads == [f"### 2.{n} {t}" for n, t in enumerate(issues["title"], start=1)]
    assert text.count("- **Russia**") == text.count("- **US/NATO**") == len(issues)
    for pid in TABLE.loc[TABLE["passage_id"] != "", "passage_id"]:
        assert pid in text
    flagged = TABLE[TABLE["after_as_of"]]
    for pid in flagged["position_id"]:
        assert pid not in text, "a position said after the note must not be offered as evidence"
    assert "our translation" in text and "hindsight_check()" in text


def test_briefing_template_counts_events_up_to_its_date():
    ev = load_events()
    before, same = (ev["date"] < AS_OF).sum(), (ev["date"] == AS_OF).sum()
    assert f"The timeline has {before} events before this day and {same} on the day itself" in briefing_template()


def test_briefing_template_lists_only_sources_published_by_its_date():
    text = briefing_template(as_of="2022-01-10")
    rows = [line.split(" | ")[0].strip("| ") for line in text.splitlines() if line.startswith("| ")][1:]
    assert rows == ["topcor", "voi", "afp"]
    assert "Wednesday 26" not in text and "Monday 10 January 2022" in text


def test_briefing_template_says_when_a_side_has_nothing():
    text = briefing_template(as_of="2021-12-27", issue_ids="arms_control")
    assert text.count("no stated position in the evidence as of 2021-12-27 — say so") == 2


def test_briefing_template_never_names_a_later_event():
    text = briefing_template()
    later = load_events().loc[lambda e: e["date"] > AS_OF, "event_id"]
    for eid in later:
        assert not re.search(rf"\b{eid}\b", text)


# ---------------------------------------------------------------- epilogue


def test_epilogue_is_every_event_after_the_last_source():
    ep = epilogue()
    last = SOURCES["published"].max()
    ev = load_events()
    assert ep["event_id"].tolist() == ev.loc[ev["date"] > last, "event_id"].tolist()
    assert (ep["date"] > last).all() and ep["date"].is_monotonic_increasing
    assert ep.attrs["last_source"] == f"{last:%Y-%m-%d}"
    assert (ep["days_after_last_source"] == (ep["date"] - last).dt.days).all()


def test_epilogue_has_the_key_later_events_with_references():
    ep = epilogue()
    days = set(ep["date"].dt.strftime("%Y-%m-%d"))
    for day in ["2022-01-26", "2022-01-27", "2022-02-01", "2022-02-02", "2022-02-17", "2022-02-21", "2022-02-24"]:
        assert day in days
    for refs in ep["reference_url"]:
        urls = [u.strip() for u in refs.split(";") if u.strip()]
        assert urls and all(u.startswith(("http://", "https://")) for u in urls)
    assert {LEAK, INVASION, REPLIES} <= set(ep["event_id"])


def test_epilogue_follows_the_data(corpus):
    # Bring your own source: a later source moves the line.
    path = corpus / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2022-01-25,", ",2022-02-10,", 1), encoding="utf-8")
    ep = epilogue(data_dir=corpus)
    assert (ep["date"] > pd.Timestamp("2022-02-10")).all() and LEAK not in set(ep["event_id"])


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(helpers.analysis.synthesis, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0


def test_later_event_words_point_at_real_events_of_the_timeline():
    from helpers.analysis.synthesis import _LATER_WORDS

    for _pattern, date, _what, _why, title_words in _LATER_WORDS:
        if date is None:
            continue
        hit = EVENTS[(EVENTS["date"] == pd.Timestamp(date))
                     & EVENTS["title"].str.contains(title_words, case=False, regex=True)]
        assert len(hit) >= 1, f"no event on {date} matching {title_words!r}: update _LATER_WORDS"
        assert pd.Timestamp(date) > SOURCES["published"].max()
