"""Edges of the checks of lessons 04 to 06 (helpers/checks/lesson_04.py, lesson_05.py, lesson_06.py) that mutation
testing found unguarded.

``make mutate MODULES=checks_lesson_04`` (or ``checks_lesson_05``, ``checks_lesson_06``) measures one module against
the tests of this folder; each test here pins a behaviour that a small change of a check would break and the other
tests did not see: the exact hint each kind of mistake gets, the right answer in each form the exercise accepts
(a dict, a Series, a one-row table, a row of extract_quotes(), keys in other spellings), and the boundaries of what a
check accepts (a day and the day after, an address and a longer one).
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from test_checks_lessons_edges import assert_hints, hint  # one copy of the two helpers, in the 00-01 file

from helpers import extract_quotes, load_positions, references
from helpers.checks import CITATION_HINTS, check

POS = load_positions()
QUOTES = extract_quotes()


def quote_row(passage_id: str, speaker: str) -> pd.Series:
    """The first row of extract_quotes() in a passage with that speaker."""
    rows = QUOTES[(QUOTES["passage_id"] == passage_id) & (QUOTES["speaker"] == speaker)]
    assert not rows.empty, (passage_id, speaker)
    return rows.iloc[0]


# --- lesson 04 -----------------------------------------------------------------------------------------------

TALKS_QUOTES = POS[(POS["issue_id"] == "talks_format") & (POS["kind"] == "partly quoted")]


def test_04_1_refuses_rows_given_twice_whatever_the_index_says():
    twice = pd.concat([TALKS_QUOTES, TALKS_QUOTES], ignore_index=True)  # a fresh index: only the ids repeat
    assert not twice.index.duplicated().any()
    indexed = pd.concat([TALKS_QUOTES, TALKS_QUOTES]).set_index("position_id")
    assert_hints("04.1", {"duplicates": [twice, indexed]})


@pytest.mark.parametrize("column", ["issue_id", "side", "kind", "speaker", "source_id"])
def test_04_1_refuses_each_identifying_column_rewritten(column):
    rewritten = TALKS_QUOTES.assign(**{column: TALKS_QUOTES[column].astype(str).str.upper() + "!"})
    assert_hints("04.1", {"changed": [rewritten, rewritten.set_index("position_id")]})


def test_04_1_reads_ids_with_spaces_and_leaves_the_other_columns_alone():
    spaced = TALKS_QUOTES.assign(position_id=" " + TALKS_QUOTES["position_id"] + " ")
    assert check("04.1", spaced).status == "correct"
    assert check("04.1", TALKS_QUOTES.assign(english="rewritten")).status == "correct"  # not an identifying column
    # a row that is not in positions: no column to compare, the rows are simply wrong
    stranger = pd.concat([TALKS_QUOTES, TALKS_QUOTES.head(1).assign(position_id="nowhere-ru-1", side="RUSSIA")])
    assert_hints("04.1", {None: [stranger], "type": [TALKS_QUOTES.to_dict("records"), 42],
                          "columns": [TALKS_QUOTES.reset_index(drop=True)[["side", "kind"]]]})


def test_04_2_and_04_3_take_a_row_of_extract_quotes_as_a_citation_of_its_passage():
    veto = quote_row("rt_nrc.6", "Jens Stoltenberg")
    other_words = QUOTES[(QUOTES["passage_id"] == "rt_nrc.6") & ~QUOTES["quote"].str.contains("veto")].iloc[0]
    lavrov = quote_row("rt_cnn.7", "Sergey Lavrov")  # one word, "inconditionnel", in Peskov's passage
    for eid, row in (("04.2", veto), ("04.2", other_words), ("04.3", lavrov)):
        for given in (row, row.to_frame().T, row[["passage_id", "quote", "speaker"]]):
            assert check(eid, given).status == "correct", (eid, type(given))
    assert check("04.3", lavrov.to_dict()).message == CITATION_HINTS["short"]  # a dict cites its quoted words
    blank = veto.copy()
    blank["speaker"] = ""
    assert check("04.2", blank).status == "correct"  # no speaker given: the passage alone is the citation


def test_04_2_a_row_given_to_a_speaker_who_does_not_speak_there_is_refused():
    row = quote_row("rt_nrc.6", "Jens Stoltenberg").copy()
    row["speaker"] = "Sergey Lavrov"
    assert check("04.2", row).message == CITATION_HINTS["claimed_speaker"]
    assert check("04.2", row.to_frame().T).message == CITATION_HINTS["claimed_speaker"]


def test_04_2_and_04_3_refuse_other_shapes_with_the_citation_hints():
    assert check("04.2", ["rt_nrc.6"]).message == CITATION_HINTS["shape"]  # a list of one is no citation
    assert check("04.2", "x").message == CITATION_HINTS["short"]
    assert check("04.3", QUOTES.head(2)).message == CITATION_HINTS["table"]
    # a passage with the word asked about, whose speaker is not the one asked about
    assert check("04.2", "voi.10").message == CITATION_HINTS["speaker"]


def test_cite_and_the_citation_checks_report_their_own_exercise():
    from helpers.checks.lesson_04 import _life_or_death, _no_veto, cite

    for eid, func, wrong in (("04.2", _no_veto, "rt_nrc.7"), ("04.3", _life_or_death, "afp.1")):
        result = func(wrong)
        assert result.exercise_id == eid and result.status == "not_yet", str(result)
        assert func("rt_nrc.6" if eid == "04.2" else "rt_cnn.7").exercise_id == eid
    assert cite("rt_nrc.7", "Jens Stoltenberg", "veto", "99.9").exercise_id == "99.9"


RU_REFS = references(POS).merge(POS[["position_id", "side", "kind"]].rename(columns={"kind": "claim_kind"}),
                                on="position_id")
RU_REFS = RU_REFS[(RU_REFS["side"] == "Russia") & (RU_REFS["claim_kind"] != "not in corpus")]
# right answers of 05.8 and 06.7, which the tests of their hints change one part at a time
WHOSE_RIGHT = {"passage_id": "voi.1", "term": "alliance", "words": "au sein de l’alliance", "voice": "outlet"}
KNOWABLE_RIGHT = {"known": "e16", "known_date": "2021-12-26", "not_yet": "e48", "not_yet_date": "2022-02-24"}


def ref_of_kind(kind: str) -> dict:
    row = RU_REFS[RU_REFS["kind"] == kind].iloc[0]
    return {"position_id": row["position_id"], "reference": row["url"], "kind": kind}


def test_04_8_reads_the_address_between_angle_brackets_and_with_a_final_slash():
    right = ref_of_kind("official")
    for url in (f"<{right['reference']}>", f" <{right['reference']}/> ", right["reference"] + "/"):
        assert check("04.8", {**right, "reference": url}).status == "correct", url
    slashed = RU_REFS[RU_REFS["url"].str.endswith("/") & RU_REFS["kind"].isin(["official", "independent"])].iloc[0]
    given = {"position_id": slashed["position_id"], "reference": slashed["url"].rstrip("/"), "kind": slashed["kind"]}
    assert check("04.8", given).status == "correct"  # the table's address ends with /, the answer's does not


def test_04_8_a_longer_address_is_another_address():
    right = ref_of_kind("independent")
    for url in (right["reference"] + "X", right["reference"] + "/X", "X" + right["reference"]):
        assert check("04.8", {**right, "reference": url}).message == hint("04.8", "not_reference"), url


def test_04_8_reads_kinds_written_with_underscores_or_spaces():
    assert check("04.8", {**ref_of_kind("independent"), "kind": " Independent "}).status == "correct"
    assert_hints("04.8", {
        "same_chain": [{**ref_of_kind("same chain"), "kind": k} for k in ("same_chain", "Same  Chain", "same chain")],
        "unverified": [{**ref_of_kind("unverified copy"), "kind": k} for k in ("unverified_copy", "UNVERIFIED COPY")],
        "kind_name": [{**ref_of_kind("official"), "kind": k} for k in ("officia l", "same-chain", "off icial")],
    })


# --- lesson 05 -----------------------------------------------------------------------------------------------

def demand_grid() -> pd.DataFrame:
    from helpers import term_counts
    from helpers.checks.lesson_05 import DEMAND_TERMS

    return term_counts(list(DEMAND_TERMS)).pivot(index="term", columns="source_id", values="n").astype(float)


def test_05_3_and_05_4_give_the_type_hint_to_answers_of_another_kind():
    grid = demand_grid()
    assert_hints("05.3", {"type": [3, ["rt_nrc"], 1.5]})
    assert_hints("05.4", {"type": [grid.to_dict(), grid.values, grid.astype(object).where(grid > 0, "none")]})
    assert check("05.4", grid.astype(str)).status == "correct"  # numbers written as text are still numbers


def test_05_4_the_long_table_is_named_even_reduced_to_its_two_key_columns():
    from helpers import term_counts
    from helpers.checks.lesson_05 import DEMAND_TERMS

    long = term_counts(list(DEMAND_TERMS))
    assert_hints("05.4", {"long": [long, long[["term", "source_id"]], long[["source_id", "term", "n"]]]})


def test_05_4_counts_are_compared_within_a_billionth():
    grid = demand_grid()
    assert grid.loc["ultimatum"].eq(0).all()
    assert check("05.4", grid.assign(afp=grid["afp"].where(grid.index != "ultimatum", 1e-10))).status == "correct"
    assert_hints("05.4", {None: [grid.assign(afp=grid["afp"].where(grid.index != "ultimatum", 1e-9))]})


def test_05_5_and_05_6_report_their_own_exercise():
    from helpers.checks.lesson_05 import _russian_threat, _western_aggression

    for eid, func, right, wrong in (("05.5", _russian_threat, "rt_nrc.2", "rt_nrc.1"),
                                    ("05.6", _western_aggression, "afp.8", "afp.10")):
        assert func(right).exercise_id == eid and func(right).status == "correct"
        assert func(wrong).exercise_id == eid and func(wrong).status == "not_yet"


def whose(pid: str, term: str, words: str, voice: str):
    from helpers.checks.lesson_05 import whose_word_verdict

    return whose_word_verdict({"passage_id": pid, "term": term, "words": words, "voice": voice})


def test_05_8_the_attribution_clause_ends_at_its_sentence():
    """rt_nrc.5: "…, a ajouté le diplomate. Le bloc semble reconnaître …": "bloc" follows an attribution clause,
    but in the next sentence, which reports Grushko (a déclaré Grushko): it is no word of the clause."""
    from helpers import get_source
    from helpers.checks.lesson_05 import in_attribution

    body = get_source("rt_nrc").body
    at = body.find("Le bloc semble") + len("Le ")
    assert not in_attribution("rt_nrc", at)
    assert in_attribution("rt_nrc", body.find("le diplomate. Le bloc") + len("le "))
    assert whose("rt_nrc.5", "bloc", "Le bloc semble reconnaître", "outlet") == "speaker_named"
    assert whose("rt_nrc.5", "bloc", "Le bloc semble reconnaître", "reported") == "no_signal"


def test_05_8_a_word_of_the_attribution_called_outlet_needs_no_name_or_verb():
    """voi.1: "…, citant une source au sein de l’alliance.": the word is in the clause that names the source."""
    assert whose("voi.1", "alliance", "au sein de l’alliance", "outlet") is True
    assert whose("voi.1", "alliance", "au sein de l’alliance", "reported") == "no_signal"
    assert whose("rt_cnn.1", "alliance", "général de l'alliance", "outlet") is True


def test_05_8_reported_words_must_not_borrow_the_signal_of_the_next_sentence():
    """topcor.7 reports Putin twice: "… pas d'expansion vers l'Est." (a déploré) then "A cet égard, le président
    russe a rappelé …". Words for "expansion" that reach into the second sentence show its signal, not their own."""
    words = "pas d'expansion vers l'Est. A cet égard, le président russe a rappelé"
    assert whose("topcor.7", "expansion", words, "reported") == "no_signal"
    assert whose("topcor.7", "expansion", "Vladimir Poutine a déploré", "reported") == "no_term"


# --- lesson 06 -----------------------------------------------------------------------------------------------

def gaps_on(as_of: str) -> dict[str, list[str]]:
    from helpers import evidence_table

    table = evidence_table(as_of=as_of)
    table = table[table["kind"] == "gap"]
    return {side: sorted(table.loc[table["side"] == side, "issue_id"]) for side in ("Russia", "US/NATO")}


def test_06_1_reads_each_side_s_list_and_names_the_picture_of_another_day():
    right = gaps_on("2021-12-31")
    assert check("06.1", pd.Series(right)).status == "correct"
    assert check("06.1", {"russia": [i.upper() for i in right["Russia"]], "US / NATO": tuple(right["US/NATO"])})
    assert gaps_on("2022-01-07") != right and gaps_on("2021-12-27") != right
    assert_hints("06.1", {
        "date": [gaps_on("2022-01-07"), gaps_on("2021-12-27")],
        "keys": [{"Russia": right["Russia"]}, {**right, "NATO": []}],
        "type": [right["Russia"], {"Russia": "arms_control", "US/NATO": right["US/NATO"]}],
        "unknown": [{**right, "Russia": ["arms_control", "no_such_issue"]}],
    })


def test_06_3_reads_the_id_in_quotes_or_brackets_and_the_day_of_the_note_is_before():
    for given in ("e46", "'e46'", '"E46"', "(e46)", "[e46]", " ['e46'] "):
        assert check("06.3", given).status == "correct", given
    assert_hints("06.3", {
        "before": ["e37", "E10"],  # e37 is dated the note's day, 26 January: not later
        None: ["e38"],  # the day after the note: later, but not the event the claim leans on
        "unknown": ["e99", "46", "e46X", "e4"],  # a longer or shorter id is another id
        "type": [46, ["e46"]],
    })


def test_06_4_takes_rows_of_the_evidence_table_in_each_form():
    from helpers import evidence_table

    table = evidence_table(as_of="2022-01-26").set_index("position_id")
    ru, west = table.loc[["talks_format-ru-1"]].reset_index(), table.loc["talks_format-west-2"]
    assert check("06.4", {"Russia": ru, "US/NATO": west}).status == "correct"
    assert check("06.4", {"Russia": ru.iloc[0], "US/NATO": west.to_frame().T}).status == "correct"
    assert check("06.4", {"Russia": " rt_cnn.06 ", "US/NATO": "afp.023"}).status == "correct"
    reworded = west.copy()
    reworded["french"] = "des mots qui ne sont pas dans le passage"  # the passage alone is then the citation
    assert check("06.4", {"Russia": ru, "US/NATO": reworded}).status == "correct"
    quoted = {"Russia": "« " + table.loc["talks_format-ru-1", "french"][:60] + " »", "US/NATO": "afp.23"}
    assert check("06.4", quoted).status == "correct"


def test_06_4_names_the_side_whose_citation_is_wrong():
    from helpers import evidence_table

    row = evidence_table(as_of="2022-01-26").set_index("position_id").loc["talks_format-west-2"].copy()
    row["passage_id"] = "nowhere.3"
    result = check("06.4", {"Russia": "rt_cnn.6", "US/NATO": row})
    assert result.message == "the US/NATO citation: " + CITATION_HINTS["passage"]
    row["passage_id"] = "afp23"  # no dot: not read as a row, so no citation at all
    assert check("06.4", {"Russia": "rt_cnn.6", "US/NATO": row}).message.startswith("the US/NATO citation: ")
    assert check("06.4", {"Russia": "rt_cnn.6", "US/NATO": "afp.99"}).message == \
        "the US/NATO citation: " + CITATION_HINTS["passage"]
    assert_hints("06.4", {"blank": [{"Russia": "rt_cnn.6", "US/NATO": "  "}],
                          "keys": [{"Russia": "rt_cnn.6"}], "type": [["rt_cnn.6", "afp.23"]]})


def test_06_6_takes_days_in_each_form_of_a_duration():
    import datetime as dt

    import numpy as np

    for given in (22, 22.0, np.int64(22), dt.timedelta(days=22), np.timedelta64(22, "D"), pd.Timedelta(days=22)):
        assert check("06.6", given).status == "correct", repr(given)
    assert_hints("06.6", {
        "type": [pd.Timedelta(days=22, hours=3), dt.timedelta(days=22, seconds=1), pd.NaT, np.timedelta64("NaT", "D"),
                 22.5, "22", True],
        None: [21, pd.Timedelta(days=23), np.timedelta64(21, "D")],
    })


def test_06_2_refuses_a_list_that_is_neither_the_hindsight_claims_nor_with_the_possible_one():
    assert check("06.2", ["c2", "c5", "c6", "c7"]).status == "correct"
    assert_hints("06.2", {
        None: [["c1"], ["c2", "c5", "c6"], ["c1", "c2", "c5", "c6", "c7"], ["c3"]],
        "possible": [["c2", "c3", "c5", "c6", "c7"]],
        "type": ["c2", [2, 5]],
        "unknown": [["c2", "c8"]],
    })


@functools.cache
def evidence() -> pd.DataFrame:
    """evidence_table(as_of='2022-01-26') indexed by position_id (the table of exercise 06.4)."""
    from helpers import evidence_table

    return evidence_table(as_of="2022-01-26").set_index("position_id")


def test_06_4_a_row_cites_its_own_statement_not_the_others_of_its_passage():
    """topcor.7 holds two Russian rows, on ukraine_georgia and on promise_1990s; topcor.3 holds a US/NATO row on
    promise_1990s. The row on ukraine_georgia, given whole, is about ukraine_georgia: the issues differ."""
    table = evidence()
    row = table.loc["ukraine_georgia-ru-1"]
    assert set(table.loc[table["passage_id"] == "topcor.7", "issue_id"]) == {"ukraine_georgia", "promise_1990s"}
    assert set(table.loc[table["passage_id"] == "topcor.3", "issue_id"]) == {"promise_1990s"}
    for given in (row, row.to_frame().T, row[["passage_id", "french"]], table.loc[["ukraine_georgia-ru-1"]]):
        assert check("06.4", {"Russia": given, "US/NATO": "topcor.3"}).message == hint("06.4", "issue"), type(given)
    assert check("06.4", {"Russia": "topcor.7", "US/NATO": "topcor.3"}).status == "correct"  # the passage: both
    assert check("06.4", {"Russia": table.loc["promise_1990s-ru-1"], "US/NATO": "topcor.3"}).status == "correct"


def test_06_4_a_row_whose_speaker_is_a_description_is_still_its_passage_and_words():
    """enlargement-west-3's speaker is "US State Department", no name of actors.csv: the row is read as its passage
    and its French, not as a claim about who speaks."""
    table = evidence()
    assert table.loc["enlargement-west-3", "speaker"] == "US State Department"
    ru = table.loc[["enlargement-ru-2"]].reset_index()
    for given in (table.loc[["enlargement-west-3"]], table.loc[["enlargement-west-3"]].reset_index()):
        assert check("06.4", {"Russia": ru, "US/NATO": given}).status == "correct"
    assert check("06.4", {"Russia": ru, "US/NATO": table.loc[["enlargement-west-3", "enlargement-west-2"]]}).message \
        == "the US/NATO citation: " + CITATION_HINTS["table"]


def test_06_4_a_row_without_passage_id_or_french_text():
    table = evidence()
    no_words = table.loc["enlargement-west-2"].copy()
    no_words["french"] = None  # the passage alone is then the citation
    assert check("06.4", {"Russia": "rt_cnn.7", "US/NATO": no_words}).status == "correct"
    no_passage = table.loc["enlargement-west-2"].copy()
    no_passage["passage_id"] = None
    assert check("06.4", {"Russia": "rt_cnn.7", "US/NATO": no_passage}).message == \
        "the US/NATO citation: " + CITATION_HINTS["shape"]


def test_06_4_quoted_words_belong_to_their_first_place_in_the_sources():
    """"23 décembre, lors" is in topcor.1 (Psaki, US/NATO, enlargement) and again in topcor.7 (Russian rows): the
    words cite topcor.1, where they first appear, as check_citation finds them."""
    from helpers import get_source

    words = "23 décembre, lors"
    body = get_source("topcor").body
    assert body.count(words) == 2 and get_source("topcor").passage_at(body.find(words)) == "topcor.1"
    assert check("06.4", {"Russia": "rt_cnn.7", "US/NATO": words}).status == "correct"  # both on enlargement
    assert check("06.4", {"Russia": words, "US/NATO": "topcor.3"}).message == hint("06.4", "side")


def test_06_4_quoted_words_at_the_very_start_of_a_source():
    from helpers import get_source

    words = "Le bloc militaire de l'OTAN dirigé par les États-Unis"
    assert get_source("rt_nrc").body.startswith(words)
    assert check("06.4", {"Russia": words, "US/NATO": "afp.25"}).status == "correct"  # indivisible_security


def test_06_4_reports_its_own_exercise_and_names_the_side():
    from helpers.checks.lesson_06 import _two_citations

    result = _two_citations({"Russia": "rt_cnn.99", "US/NATO": "afp.23"})
    assert result.exercise_id == "06.4" and result.message == "the Russia citation: " + CITATION_HINTS["passage"]


def test_06_7_a_date_given_as_a_number_or_a_bool_is_no_date():
    from helpers.checks.lesson_06 import knowable_verdict

    right = KNOWABLE_RIGHT
    assert knowable_verdict(right) is True
    for wrong in (20211226, 1640476800.0, True, None, "26/12/2021", "2021-12-26T10:00", pd.Timedelta(days=1)):
        assert knowable_verdict({**right, "known_date": wrong}) == "date_type", repr(wrong)


def test_05_8_reads_voice_names_with_underscores_and_no_term_hidden_in_a_longer_word():
    right = WHOSE_RIGHT
    for voice in ("outlet_own", "Outlet  own", "the outlet’s"):
        assert whose(right["passage_id"], right["term"], right["words"], voice) is True, voice
    assert whose("rt_cnn.1", "alliance", "a déclaré mardi dans un entretien le secrétaire général de l'alliance",
                 "reported_speech") is True
    assert check("05.8", {**right, "term": "Xalliance"}).message == hint("05.8", "term")
    assert check("05.8", {**right, "term": "« alliance »"}).status == "correct"


def test_06_7_public_day_of_a_position_an_event_and_neither():
    from helpers.checks.lesson_06 import public_day

    assert public_day("enlargement-ru-2") == (pd.Timestamp("2022-01-25"), pd.Timestamp("2021-12-26"), "position")
    said = public_day("enlargement-ru-1")
    assert said == (pd.Timestamp("2022-01-25"), None, "position") and said[1] is None  # no day said: None, not NaT
    assert public_day(" E01 ") == (pd.Timestamp("2021-12-01"), None, "statement")
    assert public_day("e999") is None and public_day("enlargement") is None


def test_06_7_an_event_of_a_timeline_without_kinds_is_an_event(monkeypatch):
    import helpers.data.curated as curated
    from helpers.checks.lesson_06 import public_day

    events = curated.load_events().drop(columns=["kind"])
    monkeypatch.setattr(curated, "load_events", lambda: events)
    assert public_day("e01") == (pd.Timestamp("2021-12-01"), None, "event")


def test_06_7_a_one_row_table_a_series_and_timestamps_with_a_zone_are_read():
    import numpy as np

    from helpers.checks.lesson_06 import knowable_verdict

    right = KNOWABLE_RIGHT
    assert knowable_verdict(pd.DataFrame([right])) is True
    assert knowable_verdict(pd.Series(right)) is True
    assert knowable_verdict(pd.DataFrame([{**right, "known_date": "2021-12-27"}])) == "date"
    assert knowable_verdict({**right, "known_date": pd.Timestamp("2021-12-26 23:30", tz="Europe/Moscow")}) is True
    assert knowable_verdict({**right, "known_date": pd.Timestamp("2021-12-27 00:30", tz="UTC")}) == "date"
    assert knowable_verdict({**right, "known_date": np.datetime64("NaT", "ns")}) == "date_type"
    assert knowable_verdict({**right, "known_date": pd.NaT}) == "date_type"


def test_06_7_an_item_public_before_the_day_is_not_one_not_yet_known():
    from helpers.checks.lesson_06 import KNOWABLE_DATE, knowable_verdict, public_day

    right = KNOWABLE_RIGHT
    assert public_day("e01")[0] < pd.Timestamp(KNOWABLE_DATE)
    assert knowable_verdict({**right, "not_yet": "e01", "not_yet_date": "2021-12-01"}) == "already_public"
    assert check("06.7", {**right, "not_yet": "e01"}).message == hint("06.7", "already_public")


def test_06_7_words_said_on_the_day_itself_but_reported_later_were_not_knowable():
    from helpers.checks.lesson_06 import knowable_verdict, public_day

    reported, said, _ = public_day("enlargement-ru-2")
    answer = {"known": "enlargement-ru-2", "known_date": reported, "not_yet": "e48", "not_yet_date": "2022-02-24"}
    assert knowable_verdict(answer, as_of=said.strftime("%Y-%m-%d")) == "said_not_public"
    assert knowable_verdict(answer, as_of=(said - pd.Timedelta(days=1)).strftime("%Y-%m-%d")) == "later"


def test_05_8_each_hint_before_the_words_are_judged():
    right = WHOSE_RIGHT
    assert check("05.8", {**right, "words": "\u00a0au sein de l’alliance\u202f "}).status == "correct"
    assert_hints("05.8", {
        "type": [["voi.1", "alliance"], {k: v for k, v in right.items() if k != "voice"}, "voi.1"],
        "voice_name": [{**right, "voice": "the author"}, {**right, "voice": "narrator"}],
        "comments": [{**right, "passage_id": "topcor.2", "term": "agression", "words": "promesses de non-agression"}],
        "almost": [{**right, "words": "au sein de l'alliance"}, {**right, "words": "au  sein de l’alliance"}],
        "words_missing": [{**right, "words": "au sein de la Lune"}, {**right, "words": "l’alliance au sein"}],
    })


def test_05_8_voice_at_agrees_with_term_contexts_on_every_framing_word_of_the_bodies():
    from helpers import FRAMING_TERMS, list_sources, term_contexts
    from helpers.checks.lesson_05 import occurrences, voice_at
    from helpers.data.corpus import get_source

    seen = set()
    for sid in list_sources():
        body = get_source(sid).body
        for term in FRAMING_TERMS:
            table = term_contexts(term, sid)
            found = [voice_at(sid, s, len(match)) for s, match in occurrences(body, term)]
            assert [v for v, _, _ in found] == list(table["voice"]), (sid, term)
            for (voice, speaker, span), theirs in zip(found, table["speaker"].fillna(""), strict=True):
                seen.add(voice)
                if voice == "reported":  # the speaker, and the span of the sentence that reports them
                    assert speaker == theirs and span[0] < span[1], (sid, term)
                elif voice == "outlet":
                    assert (speaker, span) == ("", None)
                else:
                    assert span is None
    assert seen == {"quoted", "reported", "outlet"}
