"""Edges of the checks of lessons 02 and 03 (helpers/checks/lesson_02.py, lesson_03.py) that mutation testing found
unguarded.

``make mutate MODULES=checks_lesson_02`` (or ``checks_lesson_03``) measures one module against the tests of this
folder; each test here pins a behaviour that a small change of a check would break and the other tests did not see:
the exact hint each kind of mistake gets, the right answer in each form the exercise accepts, and the boundaries of
what a check accepts (the two ends of a window of dates, a day and the day after).
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import pytest
from test_checks_lessons_edges import assert_hints, hint  # one copy of the two helpers, in the 00-01 file

from helpers import extract_quotes, get_source, load_events, load_sources
from helpers.checks import CITATION_HINTS, check

# --- lesson 02 -----------------------------------------------------------------------------------------------

def test_02_3_refuses_wrong_or_repeated_years_and_years_that_are_not_whole_numbers():
    right = [2000, 2005, 2011, 2022, 2028, 2033]
    assert check("02.3", right).status == "correct"
    assert_hints("02.3", {
        None: [[2001, 2002, 2003, 2004, 2006, 2007],  # as many years, the wrong ones
               [*right, 2022]],  # the right years, one of them twice
        "type": [["2000", "2oo5"], ["2000", "20 5"], [2000.0, 2005.0], [2000, True]],
    })


def test_02_4_takes_a_day_in_any_time_zone_and_the_published_day_is_not_after():
    assert check("02.4", pd.Timestamp("2021-12-21 18:30")).status == "correct"
    assert check("02.4", pd.Timestamp("2021-12-21 23:30", tz="Europe/Paris")).status == "correct"
    assert check("02.4", dt.datetime(2021, 12, 21, 9, tzinfo=dt.UTC)).status == "correct"
    published = load_sources().set_index("id").loc["voi", "published"]
    assert published == pd.Timestamp("2021-12-27")  # a Monday: the text may have been written that day
    assert_hints("02.4", {None: [published, published.strftime("%Y-%m-%d")],
                          "after": [published + pd.Timedelta(days=1)]})


@pytest.mark.parametrize("exercise_id, passage_id, words", [
    # voi.5 is the only passage of voi that says vendredi, and Zakharova its only speaker
    ("02.5", "voi.5", "a confirmé vendredi que Moscou avait reçu une offre de Bruxelles"),
    # rt_nrc.1 is the only passage of rt_nrc that says spectre, and Grushko its only speaker
    ("03.5", "rt_nrc.1", "dominer sur tout le spectre"),
])
def test_02_5_and_03_5_check_who_speaks_in_the_passage(monkeypatch, exercise_id, passage_id, words):
    """A text that gave the passage's words to someone else must be refused, so the check asks who speaks."""
    from helpers.checks import citations

    assert check(exercise_id, passage_id).status == "correct"
    monkeypatch.setattr(citations, "speakers_at", lambda *args: {"jens stoltenberg"})
    for answer in [passage_id, words]:
        result = check(exercise_id, answer)
        assert result.status == "not_yet" and result.message == CITATION_HINTS["speaker"], str(result)


def _window() -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """The events that are no publication, and the published days of the two sources of 02.6."""
    published = load_sources().set_index("id")["published"]
    events = load_events()
    return events[events["kind"] != "publication"], published["rt_nrc"], published["rt_cnn"]


def test_02_6_takes_the_filtered_table_and_names_each_wrong_choice_of_the_two_ends():
    events, start, end = _window()
    right = events[(events["date"] > start) & (events["date"] <= end)]
    assert check("02.6", right).status == "correct"  # the table itself: its event_id column is read
    assert check("02.6", right.reset_index(drop=True)["event_id"]).status == "correct"
    assert (events["date"] == start).any() and (events["date"] == end).any()  # an event on each end's day
    ids = {name: events.loc[mask, "event_id"].tolist() for name, mask in {
        "both": (events["date"] >= start) & (events["date"] <= end),
        "neither": (events["date"] > start) & (events["date"] < end),
        "first only": (events["date"] >= start) & (events["date"] < end),
    }.items()}
    assert len({tuple(v) for v in ids.values()}) == 3
    every = load_events()
    assert_hints("02.6", {
        "edges": list(ids.values()),
        "type": [right[["title", "date"]], right["event_id"].tolist() + [12]],
        None: [every["event_id"].tolist(),  # every event: all are known ids, most outside the window
               events["event_id"].tolist()],  # every event that is no publication
    })


def _meetings() -> pd.DataFrame:
    events = load_events()
    return events[events["kind"] == "meeting"]


def _chart(data, **encoding) -> alt.Chart:
    encoding = {"x": "date:T", "y": "title:N", "tooltip": ["date:T", "title:N"], **encoding}
    return alt.Chart(data, title="Meetings", description="One point per meeting.").mark_point().encode(**encoding)


def test_02_7_names_what_each_chart_misses():
    events = load_events()
    assert check("02.7", _chart(_meetings())).status == "correct"
    assert len(_meetings()) == 14
    layered = alt.layer(alt.Chart(_meetings()).mark_point().encode(x="date:T", y="title:N", tooltip=["title:N"]),
                        alt.Chart(_meetings()).mark_rule(), title="Meetings", description="One point per meeting.")
    assert check("02.7", layered).status == "correct"  # a layer without an encoding of its own
    assert_hints("02.7", {
        "data": [_chart(alt.UrlData("events.csv")),  # no data in the chart itself
                 _chart(events.head(14)),  # as many rows as there are meetings, not the meetings
                 _chart(pd.concat([_meetings(), _meetings().head(1)]))],  # the meetings, one of them twice
        "x": [_chart(_meetings(), x="date:O"), _chart(_meetings(), x="where:T")],
        "y": [_chart(_meetings(), y="title:O"), _chart(_meetings(), y="what:N")],
        "tooltip": [_chart(_meetings(), tooltip=["what:N", "where:N"])],
        "title": [_chart(_meetings()).properties(title=alt.TitleParams(["", " "]))],  # blank lines
    })


_DATED = {"passage_id": "rt_cnn.8", "words": "a déclaré lundi", "date": "2022-01-24"}


def test_02_9_accepts_the_answer_in_each_form():
    stamp = pd.Timestamp("2022-01-24")
    for answer in [_DATED, pd.Series(_DATED), pd.DataFrame([_DATED]),
                   {"Passage": " rt_cnn.8 ", "Evidence": "\u00a0a déclaré lundi\u202f", "Day": stamp},
                   {"pid": "rt_cnn.8", "quote": "le département d'État a déclaré lundi", "date_said": stamp.date()},
                   {**_DATED, "date": pd.Timestamp("2022-01-24 12:00", tz="America/New_York")}]:
        assert check("02.9", answer).status == "correct", answer


def test_02_9_names_each_kind_of_mistake():
    assert_hints("02.9", {
        "type": ["rt_cnn.8", list(_DATED.values()), {k: v for k, v in _DATED.items() if k != "words"},
                 {k: v for k, v in _DATED.items() if k != "date"}, {**_DATED, "date": "24/01/2022"},
                 {**_DATED, "date": 20220124}, pd.DataFrame([_DATED, _DATED])],
        "passage": [{**_DATED, "passage_id": "rt_cnn.99"}, {**_DATED, "passage_id": "cnn.8"}],
        "almost": [{**_DATED, "words": "département d’État a déclaré lundi"},  # a curly apostrophe
                   {**_DATED, "words": "A DÉCLARÉ LUNDI"}],
        "words_missing": [{**_DATED, "words": "a déclaré mardi"}],
        "no_weekday": [{**_DATED, "words": "le département d'État a déclaré"}],
        "no_speech": [{**_DATED, "words": "lundi que toute initiative"}],
        "after": [{**_DATED, "date": "2022-01-26"}],
        "weekday": [{**_DATED, "date": "2022-01-25"}],  # the day the source was published, a Tuesday
        "nearest": [{**_DATED, "date": "2022-01-17"}],
    })
    assert "lundi" in get_source("rt_cnn").passage("rt_cnn.8")


@pytest.mark.parametrize("key", ["date", "DATE", " Day ", "date_said"])
def test_02_9_reads_the_date_under_each_name(key):
    answer = {"passage_id": "rt_cnn.8", "words": "a déclaré lundi", key: "2022-01-24"}
    assert check("02.9", answer).status == "correct"
    assert check("02.9", {**answer, key: "2022-01-23"}).message == hint("02.9", "weekday")


# --- lesson 03 -----------------------------------------------------------------------------------------------

def test_03_1_counts_must_be_whole_numbers_keyed_by_source():
    assert_hints("03.1", {"type": [{1: 9}, {"afp": True}, {"afp": 9.5}, {("afp",): 9}]})


def test_03_4_forgives_spaces_and_marks_around_and_inside_a_quotation_but_no_letter():
    right = ["inconditionnel", "ne pas être balayé sous le tapis.", "une question de vie ou de mort"]
    assert check("03.4", right).status == "correct"
    assert check("03.4", ["inconditionnel", "ne pas  être\nbalayé sous le\u00a0tapis", "« une question de vie ou de "
                          "mort »"]).status == "correct"
    assert_hints("03.4", {None: [["inconditionnelX", *right[1:]], [*right[:2], "Xune question de vie ou de mort"]]})


def test_points_back_only_for_a_pronoun_or_the_diplomat():
    from helpers.checks.lesson_03 import _points_back

    assert _points_back("a ajouté le diplomate") and _points_back("a-t-il dit, il a ajouté")
    assert not _points_back("a déclaré Grushko") and not _points_back("selon le Kremlin")


def test_last_speaker_is_the_one_named_last_before_the_words():
    from helpers.checks.lesson_03 import _last_speaker

    body = get_source("voi").body
    zakharova = body.find("Plus tôt, la porte-parole")  # a sentence of reported speech, after two of Stoltenberg
    assert body.startswith("Le secrétaire général de l’OTAN, Jens Stoltenberg")  # reported speech at 0
    assert _last_speaker("voi", "voi.1", 0) == set()  # nothing named before the first word
    assert _last_speaker("voi", "voi.2", 300) == {"jens stoltenberg"}
    assert _last_speaker("voi", "voi.5", zakharova) == {"jens stoltenberg"}  # the sentence starts at the words
    assert _last_speaker("voi", "voi.5", zakharova + 150) == {"maria zakharova"}
    afp = extract_quotes("afp")
    stoltenberg = afp[afp["speaker"] == "Jens Stoltenberg"].iloc[0]  # after four quotations of Blinken
    assert _last_speaker("afp", stoltenberg["passage_id"], int(stoltenberg["end"])) == {"jens stoltenberg"}
    assert _last_speaker("afp", stoltenberg["passage_id"], int(stoltenberg["end"]) - 1) == {"antony blinken"}


_ATTRIBUTED = {"passage_id": "rt_nrc.5", "speaker": "Alexander Grushko", "signal": "a déclaré Grushko",
               "form": "paraphrase"}


def test_03_8_reads_the_form_in_each_spelling():
    quoted = {"passage_id": "rt_nrc.6", "speaker": "Stoltenberg", "signal": "Stoltenberg a exclu"}
    for form in ["reported_speech", " Indirect  speech ", "PARAPHRASE"]:
        assert check("03.8", {**_ATTRIBUTED, "form": form}).status == "correct", form
    for form in ["direct_quote", "Direct_Quotation", "partly quoted", "quote"]:
        assert check("03.8", {**quoted, "form": form}).status == "correct", form
    assert check("03.8", {**_ATTRIBUTED, "form": "quotation"}).message == hint("03.8", "form")


def test_03_8_names_each_kind_of_mistake():
    assert_hints("03.8", {
        "type": ["rt_nrc.5", list(_ATTRIBUTED.values()), {k: v for k, v in _ATTRIBUTED.items() if k != "form"},
                 {**_ATTRIBUTED, "speaker": 3}, pd.DataFrame([_ATTRIBUTED, _ATTRIBUTED])],
    })


def test_resolve_reads_a_surname_alone_and_leaves_an_unknown_name_as_it_is():
    from helpers.checks.lesson_03 import _resolve

    assert _resolve("Leyen") == "ursula von der leyen"  # the last of four words; "von der Leyen" is an alias
    assert _resolve("Sherman") == _resolve("Wendy Sherman") == "wendy sherman"
    assert _resolve("Poutine") == "vladimir putin"  # an alias
    assert _resolve("Nobody Known") == "nobody known"
    assert _resolve("Department") == "us state department"
    assert_hints("03.8", {
        "passage": [{**_ATTRIBUTED, "passage_id": "rt_nrc.99"}, {**_ATTRIBUTED, "passage_id": "nrc.5"}],
        "form_name": [{**_ATTRIBUTED, "form": "maybe"}, {**_ATTRIBUTED, "form": "quoted_paraphrase"}],
        "short": [{**_ATTRIBUTED, "signal": "Grushko"}, {**_ATTRIBUTED, "signal": "\u00a0Grushko "}],
        "almost": [{**_ATTRIBUTED, "signal": "a déclaré grushko"},
                   {**_ATTRIBUTED, "signal": "l’OTAN les a jusqu’à"}],  # curly apostrophes; the text has straight ones
        "signal_missing": [{**_ATTRIBUTED, "signal": "a déclaré Lavrov"}],
        "inside": [{"passage_id": "rt_nrc.6", "speaker": "Stoltenberg", "signal": "une discussion franche",
                    "form": "quotation"}],
        "no_signal": [{**_ATTRIBUTED, "signal": "mesures de désescalade"}],
        "speaker": [{**_ATTRIBUTED, "speaker": "Stoltenberg"}, {**_ATTRIBUTED, "speaker": "Ryabkov"}],
        "form": [{**_ATTRIBUTED, "form": "direct quote"}],
    })


def test_03_8_reads_the_signal_in_the_passage_chosen_where_the_words_are_common():
    """"a déclaré" stands in several passages of afp: the check reads it at its first place in the passage chosen,
    not earlier in the article (another speaker's sentence) nor later."""
    body = get_source("afp").body
    for pid in ["afp.4", "afp.8"]:
        before, at = body.find("a déclaré"), body.find("a déclaré", body.find(get_source("afp").passage(pid)))
        assert (before < at if pid == "afp.8" else body.count("a déclaré", at + 1) > 0)
        answer = {"passage_id": pid, "speaker": "Antony Blinken", "signal": "a déclaré", "form": "quotation"}
        assert check("03.8", answer).status == "correct", pid


def test_names_or_speaks_takes_a_verb_a_pointer_back_or_a_word_of_the_speakers_name_or_role():
    from helpers.checks.lesson_03 import names_or_speaks

    assert names_or_speaks("a déclaré", "Nobody")
    assert names_or_speaks("selon lui", "Nobody") or names_or_speaks("d’après lui", "Nobody")
    assert names_or_speaks("le diplomate russe", "Alexander Grushko")  # points back
    assert names_or_speaks("Alexander Grushko", "Grushko") and names_or_speaks("Grushko", "Alexander Grushko")
    assert names_or_speaks("le vice-ministre Grushko", "grushko")
    assert names_or_speaks("Secretary General", "Stoltenberg")  # words of the role in actors.csv
    assert names_or_speaks("le secrétaire général de l'OTAN", "Jens Stoltenberg")  # an alias
    assert not names_or_speaks("Secretary General", "Grushko")
    assert not names_or_speaks("mesures de désescalade", "Alexander Grushko")
    assert not names_or_speaks("led the", "Alexander Grushko")  # words of his role of three letters or fewer
    assert names_or_speaks("Monsieur Dupont", "Jean Dupont")  # a name actors.csv does not know: its own words
    assert not names_or_speaks("Monsieur Li", "Jean Li") and not names_or_speaks("le président", "Jean Dupont")
    # four letters are enough, three are not: a word of a known name ("Jens") and of an unknown one
    assert names_or_speaks("Jens à Bruxelles", "Jens Stoltenberg") and names_or_speaks("Anna à Paris", "Anna Kemp")
    assert not names_or_speaks("Ann à Paris", "Ann Kemp")
    # a speaker given by one of its aliases (actors.csv lists them with ";") is known by its name's words too
    assert names_or_speaks("Stoltenberg, à Bruxelles", "chef de l’OTAN")
    assert names_or_speaks("Stoltenberg, à Bruxelles", "secrétaire général du bloc")


def test_03_8_the_speaker_is_the_one_of_the_words_not_of_the_whole_passage():
    """voi.14 reports Putin, then Stoltenberg: words of Putin's sentence do not give speech to Stoltenberg."""
    putin = {"passage_id": "voi.14", "speaker": "Poutine", "signal": "Le dirigeant russe a déclaré",
             "form": "paraphrase"}
    assert check("03.8", putin).status == "correct"
    assert check("03.8", {**putin, "speaker": "Stoltenberg"}).message == hint("03.8", "speaker")


@pytest.mark.parametrize("pid, speaker, signal", [("topcor.6", "Stoltenberg", "Stoltenberg a également rappelé"),
                                                  ("rt_nrc.3", "Grushko", "Grushko a également allégué")])
def test_03_8_a_paraphrase_beside_a_quotation_of_the_same_passage_is_a_paraphrase(pid, speaker, signal):
    from helpers.checks.lesson_03 import attribution_verdict

    q = extract_quotes(pid.split(".")[0])
    assert (q["passage_id"] == pid).any()  # the passage quotes someone, in another sentence
    answer = {"passage_id": pid, "speaker": speaker, "signal": signal}
    assert attribution_verdict({**answer, "form": "paraphrase"}) is True
    assert attribution_verdict({**answer, "form": "quotation"}) == "form"


@pytest.mark.parametrize("pid, speaker, signal", [("topcor.7", "Poutine", "Poutine a évoqué"),
                                                  ("rt_nrc.7", "Ryabkov", "selon le collègue de Grushko")])
def test_03_8_an_attribution_in_the_last_sentence_of_a_body(pid, speaker, signal):
    from helpers.checks.lesson_03 import attribution_verdict

    body = get_source(pid.split(".")[0]).body
    assert body.rstrip().endswith(".") and signal in body[body.rindex(". ", 0, len(body) - 1):]  # no sentence after
    answer = {"passage_id": pid, "speaker": speaker, "signal": signal}
    assert attribution_verdict({**answer, "form": "quotation"}) is True  # "lignes rouges", "plus jamais"
    assert attribution_verdict({**answer, "form": "paraphrase"}) == "form"
