"""helpers.analysis.quotes on small made-up texts: each attribution rule, names inside longer words, offsets at the
edges,
the columns of every table, and guillemets that open or close nothing (with their context)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import broken_quotes, extract_quotes, reported_speech
from helpers.analysis.quotes import (
    COLUMNS,
    SPEECH_RE,
    _Actors,
    _any_in,
    _pick,
    _starts,
    _words,
    lower_same_length,
    quotes_in_body,
    trie_pattern,
)

ACTORS = pd.DataFrame([
    {"actor_id": "blinken", "name": "Antony Blinken", "role": "", "side": "US/NATO", "kind": "person",
     "aliases": "Antony Blinken; Blinken"},
    {"actor_id": "lavrov", "name": "Sergey Lavrov", "role": "", "side": "Russia", "kind": "person",
     "aliases": "Sergueï Lavrov;Lavrov;;"},
    {"actor_id": "nato", "name": "NATO", "role": "", "side": "US/NATO", "kind": "organisation",
     "aliases": "OTAN"},
    {"actor_id": "russia", "name": "Russia", "role": "", "side": "Russia", "kind": "government",
     "aliases": "Moscou"},
    {"actor_id": "dupont", "name": "Jean Dupont", "role": "", "side": "other", "kind": "person",
     "aliases": "Dupont"},  # in no seeds file: only these actors can find him
])
BLINKEN = ("Antony Blinken", "US/NATO", True, "actors.csv")
LAVROV = ("Sergey Lavrov", "Russia", True, "actors.csv")
NATO = ("NATO", "US/NATO", False, "actors.csv")
RUSSIA = ("Russia", "Russia", False, "actors.csv")


@pytest.fixture(scope="module")
def actors() -> _Actors:
    return _Actors(ACTORS)


def speakers(body: str, actors: _Actors) -> list[tuple[str, str, str]]:
    return [(r["quote"], r["style"], r["speaker"]) for r in quotes_in_body(body, "x", actors)]


# ---------------------------------------------------------------- names


def test_aliases_are_read_with_spaces_and_empty_ones_skipped(actors):
    assert actors.by_alias == {"Antony Blinken": BLINKEN, "Blinken": BLINKEN, "Sergueï Lavrov": LAVROV,
                               "Lavrov": LAVROV, "OTAN": NATO, "Moscou": RUSSIA,
                               "Dupont": ("Jean Dupont", "other", True, "actors.csv")}


def test_without_a_kind_column_every_actor_is_a_person():
    actors = _Actors(ACTORS.drop(columns="kind"))
    assert actors.by_alias["OTAN"] == ("NATO", "US/NATO", True, "actors.csv")


def test_no_aliases_at_all_finds_nothing():
    actors = _Actors(ACTORS.assign(aliases=""))
    assert actors.pattern is None
    assert actors.mentions("Blinken et Lavrov") == ([], [])


def test_a_name_inside_a_longer_word_is_not_a_mention(actors):
    for text in ("XBlinken a dit", "_Blinken a dit", "2Blinken a dit", "Blinkens a dit", "Blinken_ a dit",
                 "aLavrov", "Lavrovitch", "OTANs", "MOTAN"):
        assert actors.mentions(text) == ([], []), text


def test_mentions_at_the_edges_of_the_text_and_of_the_range(actors):
    assert actors.mentions("Blinken") == ([0], [BLINKEN])
    assert actors.mentions("Blinken, puis Lavrov.") == ([0, 14], [BLINKEN, LAVROV])
    assert actors.mentions("« Lavrov »") == ([2], [LAVROV])
    assert actors.mentions("(Blinken)") == ([1], [BLINKEN])
    text = "Blinken puis Lavrov puis OTAN"
    assert actors.mentions(text, 1) == ([13, 25], [LAVROV, NATO])  # "linken" is not a name
    assert actors.mentions(text, 0, 19) == ([0, 13], [BLINKEN, LAVROV])
    assert actors.mentions(text, 0, 18) == ([0], [BLINKEN])
    assert actors.mentions(text, 13, 19) == ([13], [LAVROV])


def test_the_longest_alias_wins(actors):
    assert actors.mentions("Antony Blinken a dit") == ([0], [BLINKEN])
    assert actors.mentions("M. Sergueï Lavrov") == ([3], [LAVROV])


def test_a_complement_is_not_a_speaker(actors):
    for text in ("le collègue de Blinken", "le bureau du Blinken", "les alliés des OTAN", "le ministère d'Lavrov",
                 "le ministère d’Lavrov"):
        assert actors.mentions(text) == ([], []), text
    # "de" glued to the word before is not a complement
    assert actors.mentions("Monde Blinken")[1] == [BLINKEN]
    assert actors.mentions("e Blinken")[1] == [BLINKEN] and actors.mentions("ede Blinken")[1] == [BLINKEN]


def test_trie_pattern_matches_each_word_whole_and_the_longest_first():
    words = ["ab", "abc", "abd", "b", "a.b"]
    pattern = re.compile(trie_pattern(words))
    for w in words:
        assert pattern.fullmatch(w), w
    assert pattern.match("abcd").group() == "abc"
    assert pattern.match("axb") is None and pattern.match("a.b").group() == "a.b"
    assert not pattern.fullmatch("a") and not pattern.fullmatch("")
    assert _words(["ab", "abc"]).match("abc").group() == "abc"
    assert _words(["ab"]).match("abe") is None


def test_lower_keeps_every_offset():
    assert lower_same_length("ÉTATS-UNIS") == "états-unis"
    text = "İSTANBUL et Blinken"  # "İ".lower() is two characters
    low = lower_same_length(text)
    assert len(low) == len(text) and low.endswith("stanbul et blinken") and low[0] == "İ"


def test_starts_finds_whole_words_in_a_range():
    low = "il a déclaré, puis redéclaré et déclaré."
    assert _starts(SPEECH_RE, low) == ([5, 32], [12, 39])
    assert _starts(SPEECH_RE, low, 6) == ([32], [39])
    assert _starts(SPEECH_RE, low, 0, 31) == ([5], [12])
    assert _starts(SPEECH_RE, "déclaré") == ([0], [7])
    assert _starts(SPEECH_RE, "_déclaré") == ([], [])


def test_pick_prefers_people_then_organisations():
    assert _pick([NATO, BLINKEN, LAVROV], first=True) == BLINKEN
    assert _pick([NATO, BLINKEN, LAVROV], first=False) == LAVROV
    assert _pick([NATO, RUSSIA], first=True) == NATO and _pick([NATO, RUSSIA], first=False) == RUSSIA
    assert _pick([], first=True) is None


def test_any_in_is_a_half_open_range():
    starts = [5, 9]
    assert _any_in(starts, 5, 6) and _any_in(starts, 0, 6) and _any_in(starts, 6, 10)
    assert not _any_in(starts, 6, 9) and not _any_in(starts, 10, 20) and not _any_in(starts, 5, 5)
    assert not _any_in([], 0, 10)


# ---------------------------------------------------------------- attribution, rule by rule


def test_verb_and_name_after_the_quotation(actors):
    assert speakers("« Nous restons fermes », a déclaré Blinken.", actors) == [
        ("Nous restons fermes", "« »", "Antony Blinken")]


def test_name_and_verb_before_the_quotation(actors):
    assert speakers("Lavrov a déclaré que « rien ne change ».", actors) == [("rien ne change", "« »", "Sergey Lavrov")]
    assert speakers("Blinken, selon Lavrov, « rien ne change ».", actors)[0][2] == "Antony Blinken"


def test_a_name_without_a_verb_of_speech_is_not_a_speaker(actors):
    assert speakers("Blinken est arrivé. « Rien ne change », écrit le journal.", actors)[0][2] == ""
    assert speakers("« Rien ne change » pour Lavrov.", actors)[0][2] == ""


def test_the_sentence_bounds_the_attribution(actors):
    # the verb and the name are in the sentence before the quotation's: not its speaker
    assert speakers("Lavrov a déclaré sa position. Le texte dit « rien ».", actors)[0][2] == ""
    # the verb and the name are in the next sentence: not its speaker either
    assert speakers("Le texte dit « rien ». Lavrov a déclaré sa position.", actors)[0][2] == ""


def test_il_and_le_diplomate_go_to_the_last_speaker(actors):
    body = "« Premier », a déclaré Blinken. « Second », a-t-il ajouté. « Troisième », a ajouté le diplomate."
    assert [s for _, _, s in speakers(body, actors)] == ["Antony Blinken"] * 3
    body = "« Premier », a déclaré Lavrov. Il a ajouté que « le second » suivrait."
    assert [s for _, _, s in speakers(body, actors)] == ["Sergey Lavrov"] * 2
    # with no speaker before, "il" gives no one
    assert speakers("« Premier », a-t-il ajouté.", actors)[0][2] == ""


def test_an_organisation_speaks_but_does_not_become_the_last_speaker(actors):
    body = "« Premier », a déclaré Blinken. « Second », a déclaré l'OTAN. « Troisième », a-t-il ajouté."
    assert [s for _, _, s in speakers(body, actors)] == ["Antony Blinken", "NATO", "Antony Blinken"]


def test_a_person_is_preferred_to_an_organisation_in_the_same_sentence(actors):
    assert speakers("« Non », a déclaré Moscou par la voix de Lavrov.", actors)[0][2] == "Russia"  # "de Lavrov"
    assert speakers("« Non », a déclaré à Moscou Lavrov.", actors)[0][2] == "Sergey Lavrov"


def test_every_quotation_style(actors):
    body = "« Un » et «\u00a0deux\u00a0», “trois”, \"quatre\", a déclaré Blinken."
    rows = quotes_in_body(body, "x", actors)
    assert [(r["quote"], r["style"]) for r in rows] == [
        ("Un", "« »"), ("deux", "« »"), ("trois", "“ ”"), ("quatre", '" "')]
    for r in rows:
        assert body[r["start"]:r["end"]] == r["quote"]


def test_a_quotation_at_offset_zero_and_at_the_very_end(actors):
    body = "« Début », a dit Blinken, puis « fin »"
    rows = quotes_in_body(body, "x", actors)
    end = len(body) - 2
    assert [(r["quote"], r["start"], r["end"]) for r in rows] == [("Début", 2, 7), ("fin", end - 3, end)]
    assert rows[0]["speaker"] == "Antony Blinken"


def test_a_quotation_that_ends_its_sentence_takes_no_name_after_it(actors):
    assert speakers("« Nous partons. » Lavrov a déclaré autre chose.", actors)[0][2] == ""
    assert speakers("« Nous partons » Lavrov a déclaré autre chose.", actors)[0][2] == "Sergey Lavrov"


def test_rows_have_the_columns_in_order_and_are_sorted(actors):
    body = "Intro.\n\nNous ne céderons pas.\n\n- a souligné Blinken.\n\n« Après », a déclaré Lavrov."
    rows = quotes_in_body(body, "x", actors)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    assert [(r["quote"], r["style"], r["speaker"], r["side"]) for r in rows] == [
        ("Nous ne céderons pas.", "block", "Antony Blinken", "US/NATO"),
        ("Après", "« »", "Sergey Lavrov", "Russia")]
    assert set(rows[0]) == set(COLUMNS) - {"passage_id"}  # without a Source, no passage ids


# ---------------------------------------------------------------- block quotations


def test_a_block_quotation_is_attributed_by_its_dash_line(actors):
    body = "Blinken était là.\n\n  Nous ne céderons pas sur ce point.\n\n– a souligné Lavrov.\n\nFin."
    rows = quotes_in_body(body, "x", actors)
    assert len(rows) == 1
    r = rows[0]
    assert (r["quote"], r["style"], r["speaker"], r["side"]) == (
        "Nous ne céderons pas sur ce point.", "block", "Sergey Lavrov", "Russia")
    assert body[r["start"]:r["end"]] == r["quote"]  # leading spaces are not part of it


def test_a_dash_line_with_il_or_with_a_title_only(actors):
    body = "« Oui », a déclaré Lavrov.\n\nNous ne céderons pas.\n\n- a-t-il ajouté."
    assert speakers(body, actors)[1] == ("Nous ne céderons pas.", "block", "Sergey Lavrov")
    body = "Blinken et Lavrov se sont vus.\n\nNous ne céderons pas.\n\n- a souligné le chef du bloc."
    assert speakers(body, actors)[0][2] == "Sergey Lavrov"  # the last person named before
    body = "L'OTAN se réunit.\n\nNous ne céderons pas.\n\n- a souligné le chef du bloc."
    assert speakers(body, actors)[0][2] == ""  # an organisation is not "le chef"


def test_a_short_first_person_paragraph_is_an_unattributed_quotation(actors):
    body = "Intro.\n\nNous ne céderons pas.\n\nJe le répète.\n\nLe texte continue."
    assert speakers(body, actors) == [("Nous ne céderons pas.", "block", ""), ("Je le répète.", "block", "")]
    long = "Nous " + "avançons " * 40
    assert len(long) >= 300
    assert speakers(f"Intro.\n\n{long}\n\nFin.", actors) == []
    # a paragraph with quotation marks is not a block quotation, nor is one already holding a quotation
    assert speakers("Intro.\n\nNous disons « non ».\n\nFin.", actors) == [("non", "« »", "")]
    assert speakers("Intro.\n\nNous disons \u201cnon.\n\nFin.", actors) == []


def test_a_dash_line_after_the_last_paragraph_or_an_empty_text(actors):
    assert speakers("Nous ne céderons pas.", actors) == [("Nous ne céderons pas.", "block", "")]
    assert quotes_in_body("", "x", actors) == []
    assert quotes_in_body("Rien à citer ici.", "x", actors) == []


# ---------------------------------------------------------------- the public functions on a seeds folder


ARTICLE = ("Titre\n\n"
           "Blinken a déclaré que « rien ne change ».\n\n"
           "Lavrov a répondu que c'était une erreur. « Non », a dit Lavrov. Un « mot jamais fermé. Un « autre ».\n\n"
           "Puis deux fois ». Selon l'OTAN, tout va bien.")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sources.csv").write_text("id,file,title,published\na,articles/a.txt,T,2022-01-07\n"
                                        "b,articles/a.txt,T,2022-01-08\n", encoding="utf-8")
    with (folder / "actors.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(ACTORS.columns), lineterminator="\n")
        w.writeheader()
        w.writerows(ACTORS.to_dict("records"))
    return folder


def test_extract_quotes_columns_offsets_and_passages(seeds):
    q = extract_quotes("a", seeds)
    assert list(q.columns) == COLUMNS
    assert q[["passage_id", "quote", "speaker", "side"]].values.tolist() == [
        ["a.1", "rien ne change", "Antony Blinken", "US/NATO"],
        ["a.2", "Non", "Sergey Lavrov", "Russia"],
        ["a.2", "autre", "", ""],
    ]
    body = ARTICLE.split("\n", 2)[2]
    for r in q.to_dict("records"):
        assert body[r["start"]:r["end"]] == r["quote"]
    both = extract_quotes(data_dir=seeds)
    assert both["source_id"].tolist() == ["a"] * 3 + ["b"] * 3


def test_extract_quotes_of_a_text_with_none(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\nRien à citer ici.", encoding="utf-8")
    q = extract_quotes("a", seeds)
    assert q.empty and list(q.columns) == COLUMNS


def test_broken_quotes_gives_problem_passage_and_context(seeds):
    b = broken_quotes("a", seeds)
    assert list(b.columns) == ["source_id", "passage_id", "problem", "context"]
    body = ARTICLE.split("\n", 2)[2]
    opened = body.index("« mot")
    closed = body.rindex("»")
    assert b[["source_id", "passage_id", "problem"]].values.tolist() == [
        ["a", "a.2", "« never closed"], ["a", "a.3", "» never opened"]]
    assert b["context"].tolist() == [
        body[opened - 60:opened + 60].replace("\n", " "), body[closed - 60:closed + 60].replace("\n", " ")]
    assert b["context"].str.len().tolist() == [120, 60 + len(body) - closed]  # 60 characters either side


def test_broken_quotes_near_the_start_and_end_of_the_body(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\n» début « fin", encoding="utf-8")
    b = broken_quotes("a", seeds)
    assert b[["problem", "context"]].values.tolist() == [
        ["» never opened", "» début « fin"], ["« never closed", "» début « fin"]]


def test_a_guillemet_opened_twice(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\n« un « deux » trois", encoding="utf-8")
    b = broken_quotes("a", seeds)
    assert b["problem"].tolist() == ["« never closed"]
    assert b["context"].tolist() == ["« un « deux » trois"]


def test_balanced_guillemets_are_not_broken(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\n« un » et « deux ».", encoding="utf-8")
    b = broken_quotes("a", seeds)
    assert b.empty and list(b.columns) == ["source_id", "passage_id", "problem", "context"]


def test_reported_speech_is_named_unquoted_speech(seeds):
    r = reported_speech("a", seeds)
    assert list(r.columns) == ["source_id", "passage_id", "speaker", "side", "sentence"]
    # "Blinken a déclaré que « … »" has a quotation; "Selon l'OTAN" is an organisation
    assert r.values.tolist() == [["a", "a.2", "Sergey Lavrov", "Russia", "Lavrov a répondu que c'était une erreur."]]
    assert len(reported_speech(data_dir=seeds)) == 2
    (seeds / "articles" / "a.txt").write_text("Titre\n\nRien.", encoding="utf-8")
    assert reported_speech("a", seeds).empty


# ---------------------------------------------------------------- the edges of a sentence and of a paragraph


def test_a_quotation_right_after_a_full_stop_starts_its_own_sentence(actors):
    assert speakers("Lavrov a déclaré sa position. « Rien ». Fin ici.", actors)[0][2] == ""
    assert speakers("Lavrov a déclaré sa position. « Rien ».", actors)[0][2] == ""


def test_a_quotation_ending_in_another_letter_looks_on_to_the_end_of_its_sentence(actors):
    assert speakers("« Le point X », a déclaré Blinken.", actors)[0][2] == "Antony Blinken"


def test_il_is_looked_for_only_in_the_quotation_s_own_sentence(actors):
    body = "« Un », a déclaré Blinken. « Deux », a déclaré le porte-parole. Il est parti."
    assert [s for _, _, s in speakers(body, actors)] == ["Antony Blinken", ""]


def test_a_paragraph_that_starts_with_a_quotation_leaves_the_one_before_alone(actors):
    body = "Nous restons.\n\n« Oui », a dit Blinken."
    assert speakers(body, actors) == [("Nous restons.", "block", ""), ("Oui", "« »", "Antony Blinken")]


def test_a_first_person_paragraph_of_300_characters_is_too_long_to_be_a_quotation(actors):
    para = ("Nous " + "x" * 300)[:300]
    assert len(para) == 300
    assert speakers(f"Intro.\n\n{para[:299]}\n\nFin.", actors) == [(para[:299], "block", "")]
    assert speakers(f"Intro.\n\n{para}\n\nFin.", actors) == []


def test_the_dash_line_s_first_name_is_the_speaker(actors):
    body = "Intro.\n\nNous ne céderons pas.\n\n- a souligné Blinken devant Lavrov."
    assert speakers(body, actors)[0][2] == "Antony Blinken"
    # "il" in a dash line that names someone does not replace the name
    body = "« Oui », a déclaré Lavrov.\n\nNous ne céderons pas.\n\n- a souligné Blinken, comme il l'avait fait."
    assert speakers(body, actors)[1][2] == "Antony Blinken"


def test_a_dash_line_with_il_is_the_last_speaker_not_the_last_name(actors):
    body = "« Oui », a déclaré Lavrov devant Blinken.\n\nNous ne céderons pas.\n\n- a-t-il ajouté."
    assert speakers(body, actors)[1] == ("Nous ne céderons pas.", "block", "Sergey Lavrov")


def test_a_dash_line_with_a_title_is_the_last_person_named_before_it(actors):
    body = ("« Oui », a déclaré Lavrov.\n\nLavrov a reçu Blinken et l'OTAN.\n\nNous ne céderons pas.\n\n"
            "- a souligné le chef du bloc.\n\nIl est parti avec Lavrov.")
    assert speakers(body, actors)[1] == ("Nous ne céderons pas.", "block", "Antony Blinken")
    body = "Blinken a parlé.\n\nNous ne céderons pas.\n\n- a souligné le chef du bloc."
    assert speakers(body, actors) == [("Nous ne céderons pas.", "block", "Antony Blinken")]


def test_reported_speech_reads_every_sentence_and_takes_the_first_person_named(seeds):
    (seeds / "articles" / "a.txt").write_text(
        "Titre\n\n« Oui », a dit Blinken. Dupont a répondu à Blinken que non. L'OTAN a affirmé le contraire.\n\n"
        "Selon Lavrov et Dupont, rien ne bouge ! Dupont est parti.", encoding="utf-8")
    r = reported_speech("a", seeds)
    assert r[["passage_id", "speaker", "side", "sentence"]].values.tolist() == [
        ["a.1", "Jean Dupont", "other", "Dupont a répondu à Blinken que non."],
        ["a.2", "Sergey Lavrov", "Russia", "Selon Lavrov et Dupont, rien ne bouge !"],
    ]
    assert reported_speech(data_dir=seeds)["source_id"].tolist() == ["a", "a", "b", "b"]


def test_extract_quotes_uses_the_actors_of_its_own_folder(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\n« Non », a déclaré Dupont.", encoding="utf-8")
    assert extract_quotes("a", seeds)[["speaker", "side"]].values.tolist() == [["Jean Dupont", "other"]]


def test_a_name_that_is_skipped_does_not_stop_the_search(actors):
    assert actors.mentions("XBlinken puis Lavrov") == ([14], [LAVROV])
    assert actors.mentions("le collègue de Blinken, puis Lavrov")[1] == [LAVROV]
    assert actors.mentions(" de Blinken") == ([], [])  # a complement near the start of the text


def test_before_the_verb_the_name_nearest_to_it_speaks(actors):
    assert speakers("Devant Blinken, Lavrov a déclaré que « non ».", actors)[0][2] == "Sergey Lavrov"
    # "il" does not replace a name that stands before the verb
    body = "« Oui », a déclaré Blinken. Quand il est arrivé, Lavrov a déclaré que « non »."
    assert [s for _, _, s in speakers(body, actors)] == ["Antony Blinken", "Sergey Lavrov"]


def test_reported_speech_with_none_still_has_its_columns(seeds):
    (seeds / "articles" / "a.txt").write_text("Titre\n\nRien.", encoding="utf-8")
    assert list(reported_speech("a", seeds).columns) == ["source_id", "passage_id", "speaker", "side", "sentence"]


def test_an_empty_kind_cell_is_a_person_as_a_missing_kind_column_is():
    actors = _Actors(ACTORS.assign(kind=["person", " ", "", "government", "person"]))
    assert actors.by_alias["Lavrov"] == LAVROV and actors.by_alias["OTAN"] == ("NATO", "US/NATO", True, "actors.csv")
    assert actors.by_alias["Moscou"] == RUSSIA  # a kind that is given still counts
    assert "nato" in actors.by_name and "russia" not in actors.by_name


def test_a_dash_line_with_il_is_the_last_speaker_before_the_block_not_after_it(actors):
    body = ("« Oui », a déclaré Lavrov.\n\nNous ne céderons pas.\n\n- a-t-il ajouté.\n\n"
            "« Non », a répondu Blinken.")
    assert speakers(body, actors) == [("Oui", "« »", "Sergey Lavrov"),
                                      ("Nous ne céderons pas.", "block", "Sergey Lavrov"),
                                      ("Non", "« »", "Antony Blinken")]


def test_the_speaker_of_a_block_quotation_is_the_last_speaker_for_what_follows(actors):
    body = "Intro.\n\nNous ne céderons pas.\n\n- a souligné Lavrov.\n\n« Jamais », a-t-il ajouté."
    assert speakers(body, actors) == [("Nous ne céderons pas.", "block", "Sergey Lavrov"),
                                      ("Jamais", "« »", "Sergey Lavrov")]
    # a block given to nobody leaves the last speaker as it was
    body = "« Oui », a déclaré Blinken.\n\nNous ne céderons pas.\n\n« Jamais », a-t-il ajouté."
    assert speakers(body, actors)[2] == ("Jamais", "« »", "Antony Blinken")


def test_selon_before_a_quotation_names_its_speaker_and_selon_elle_the_last_one(actors):
    assert speakers("Selon Lavrov, « rien ne change ».", actors) == [("rien ne change", "« »", "Sergey Lavrov")]
    assert speakers("Selon Lavrov et Blinken, « rien ne change ».", actors)[0][2] == "Sergey Lavrov"
    body = "« Oui », a déclaré Lavrov. Selon elle, « rien ne change »."
    assert speakers(body, actors) == [("Oui", "« »", "Sergey Lavrov"), ("rien ne change", "« »", "Sergey Lavrov")]
    body = "« Oui », a déclaré Lavrov. Selon certains, « rien ne change »."
    assert speakers(body, actors)[1] == ("rien ne change", "« »", "")  # not « selon elle »: nobody


def test_pour_x_before_a_quotation_gives_it_to_the_first_person_named(actors):
    assert speakers("Pour Lavrov, ministre russe, « rien ne change ».", actors) == [
        ("rien ne change", "« »", "Sergey Lavrov")]
    assert speakers("Pour Lavrov et Blinken, « rien ne change ».", actors)[0][2] == "Sergey Lavrov"
    assert speakers("Pour l'OTAN, « rien ne change ».", actors)[0][2] == ""  # an opinion of a person only
    # a verb of speech decides first
    assert speakers("Pour Lavrov, « rien ne change », a déclaré Blinken.", actors)[0][2] == "Antony Blinken"
    # the person must open the sentence, before its first comma
    assert speakers("Ils disent, pour Lavrov, « rien ne change ».", actors)[0][2] == ""


def test_every_row_says_where_its_speaker_comes_from(actors):
    body = ("« Oui », a déclaré Lavrov. « Non », dit-on.\n\nNous ne céderons pas.\n\n- a souligné Blinken.\n\n"
            "Nous avançons.\n\nFin.")
    rows = quotes_in_body(body, "x", actors)
    assert [(r["quote"], r["speaker"], r["side"], r["speaker_from"]) for r in rows] == [
        ("Oui", "Sergey Lavrov", "Russia", "actors.csv"), ("Non", "", "", ""),
        ("Nous ne céderons pas.", "Antony Blinken", "US/NATO", "actors.csv"), ("Nous avançons.", "", "", "")]
    assert all(list(r) == [c for c in COLUMNS if c != "passage_id"] for r in rows)


def test_a_block_quotation_at_the_very_start_keeps_its_offsets_without_the_leading_spaces(actors):
    body = "  Nous ne céderons pas.\n\n- a souligné Lavrov."
    rows = quotes_in_body(body, "x", actors)
    assert [(r["start"], r["end"], r["speaker"]) for r in rows] == [(2, 23, "Sergey Lavrov")]
    assert body[rows[0]["start"]:rows[0]["end"]] == "Nous ne céderons pas."


def test_people_merges_aliases_and_printed_names_in_the_order_of_the_text(actors):
    text = "Lavrov a reçu Mikhaïl Orlov. Puis Blinken et Piotr Ivanov ont parlé."
    pos, who = actors.people(text)
    assert [w[0] for w in who] == ["Sergey Lavrov", "Mikhaïl Orlov", "Antony Blinken", "Piotr Ivanov"]
    assert pos == [0, text.index("Mikhaïl"), text.index("Blinken"), text.index("Piotr")]
    assert who[1] == ("Mikhaïl Orlov", "", True, "text")
    # a range: the names past its end are left out, those before its start too
    end = text.index(".")
    assert [w[0] for w in actors.people(text, 0, end)[1]] == ["Sergey Lavrov", "Mikhaïl Orlov"]
    assert [w[0] for w in actors.people(text, end)[1]] == ["Antony Blinken", "Piotr Ivanov"]


def test_an_organisation_named_by_a_dash_line_does_not_become_the_last_speaker(actors):
    body = "Intro.\n\nNous ne céderons pas.\n\n- a souligné l'OTAN.\n\n« Jamais », a-t-il ajouté."
    assert speakers(body, actors) == [("Nous ne céderons pas.", "block", "NATO"), ("Jamais", "« »", "")]
