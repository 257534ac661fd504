"""Loading and cleaning sources, passages, quotes, keyword in context, and bring-your-own sources."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from helpers import (
    ENV_VAR,
    broken_quotes,
    data_dir,
    extract_quotes,
    find_passage,
    get_source,
    kwic,
    list_sources,
    load_sources,
    passages,
    reported_speech,
)


def test_load_sources_has_metadata_and_cleaned_parts():
    df = load_sources()
    assert list(df["id"]) == ["topcor", "voi", "afp", "rt_nrc", "rt_cnn"]
    for col in ("title", "published", "published_confidence", "published_evidence", "outlet_chain",
                "original_language", "machine_translated", "body", "boilerplate", "comments"):
        assert col in df.columns
    assert df["published"].dt.strftime("%a %d %b %Y").tolist() == [
        "Fri 24 Dec 2021", "Mon 27 Dec 2021", "Fri 07 Jan 2022", "Wed 12 Jan 2022", "Tue 25 Jan 2022"]


def test_body_boilerplate_and_comments_are_apart():
    src = get_source("topcor")
    assert src.body.startswith("Jeudi 23 décembre, lors d'un briefing")
    assert src.body.endswith("le refus d'admettre l'Ukraine et la Géorgie à l'OTAN.")
    assert "Banderstan" not in src.body and "Banderstan" in src.comments
    assert "Nos chaînes d'information" in src.boilerplate and "Cher lecteur" in src.boilerplate
    assert src.comments.startswith("1. -2") and src.comments.count("24 décembre 2021") == 7
    afp = get_source("afp")
    assert "INSCRIVEZ-VOUS MAINTENANT" in afp.boilerplate and "INSCRIVEZ" not in afp.body
    assert "Share Post:" in afp.boilerplate and afp.comments == ""
    for sid in ("rt_nrc", "rt_cnn"):
        s = get_source(sid)
        assert "Vous aimer cet article" in s.boilerplate and "Paypal" not in s.body
    assert "DigitalSiber.id" in get_source("voi").boilerplate


def test_passages_are_numbered_and_cover_the_body():
    for sid in list_sources():
        src = get_source(sid)
        p = src.passages
        assert list(p["passage_id"]) == [f"{sid}.{i}" for i in range(1, len(p) + 1)]
        for text, start in zip(p["text"], src.passage_starts, strict=True):
            assert src.body[start:start + len(text)] == text
    assert len(get_source("topcor").passages) == 7
    assert get_source("afp").passage("afp.4").startswith("«\u00a0Nous ne serons pas détournés")
    assert passages()["source_id"].nunique() == 5


def test_sentence_passages_do_not_cut_a_quotation():
    text = get_source("afp").passage("afp.8")
    assert text.startswith("« Nous sommes prêts") and text.endswith("a déclaré Blinken.")


def test_find_passage_and_unknown_passage():
    assert find_passage("rt_nrc", "La Russie n'a pas de veto") == "rt_nrc.6"
    assert find_passage("rt_nrc", "not in the text") is None
    with pytest.raises(KeyError, match="rt_nrc.1 to rt_nrc.7"):
        get_source("rt_nrc").passage("rt_nrc.99")


QUOTES = [  # (source, start of quote, expected speaker, style)
    ("afp", "Nous ne serons pas détournés", "Antony Blinken", "« »"),
    ("afp", "des demandes absolument sans fondement", "Antony Blinken", "« »"),
    ("afp", "Le risque de conflit est réel.", "Jens Stoltenberg", "« »"),
    ("afp", "l’Europe doit être impliquée", "Ursula von der Leyen", "« »"),
    ("afp", "l’agression de Moscou", "", "« »"),  # the attribution was lost in the copy
    ("rt_nrc", "confinement", "Alexander Grushko", "« »"),
    ("rt_nrc", "inacceptable", "Alexander Grushko", '" "'),
    ("rt_nrc", "La Russie n'a pas de veto", "Jens Stoltenberg", '" "'),
    ("rt_nrc", "plus jamais", "Sergey Ryabkov", '" "'),
    ("rt_nrc", "À l'heure actuelle, nous n'avons pas", "", "block"),
    ("rt_cnn", "Nous sommes également disposés", "Jens Stoltenberg", "« »"),
    ("rt_cnn", "pas un menu", "Sergey Ryabkov", "« »"),
    ("rt_cnn", "inconditionnel", "Sergey Lavrov", '" "'),
    ("rt_cnn", "une question de vie ou de mort", "Dmitry Peskov", '" "'),
    ("rt_cnn", "entraînement", "", '" "'),  # RT's own scare quotes
    ("topcor", "trompé la Russie", "Vladimir Putin", "« »"),
    ("topcor", "L'OTAN n'a jamais promis", "Jens Stoltenberg", "block"),
]


@pytest.mark.parametrize(("sid", "start", "speaker", "style"), QUOTES)
def test_quotes_are_extracted_with_their_speaker(sid, start, speaker, style):
    q = extract_quotes(sid)
    hit = q[q["quote"].str.startswith(start)]
    assert len(hit) == 1, q["quote"].tolist()
    row = hit.iloc[0]
    assert (row["speaker"], row["style"]) == (speaker, style)
    body = get_source(sid).body
    assert body[row["start"]:row["end"]] == row["quote"]
    assert row["quote"] in get_source(sid).passage(row["passage_id"])


def test_quote_text_keeps_no_break_spaces_out_of_the_quote_but_in_the_body():
    q = extract_quotes("afp")
    row = q[q["quote"].str.startswith("Nous ne serons")].iloc[0]
    assert row["quote"] == "Nous ne serons pas détournés de cette question"
    assert "«\u00a0Nous ne serons" in get_source("afp").body


def test_quotes_of_all_sources_and_sides():
    q = extract_quotes()
    assert set(q["source_id"]) == set(list_sources())
    assert set(q["side"]) <= {"Russia", "US/NATO", "Ukraine", "other", ""}
    assert {"Russia", "US/NATO"} <= set(q["side"])


def test_broken_quotes_show_what_the_copy_lost():
    b = broken_quotes("afp")
    assert len(b) == 6
    assert (b["problem"] == "» never opened").sum() == 4
    assert broken_quotes("rt_nrc").empty


def test_reported_speech_finds_paraphrase():
    r = reported_speech("topcor")
    assert "Jen Psaki" in set(r["speaker"])


def test_kwic_finds_words_with_context():
    k = kwic(["expansion", "élargissement"])
    assert set(k["source_id"]) >= {"topcor", "rt_cnn"}
    assert all(m.lower().startswith(("expansion", "élargissement")) for m in k["match"])
    row = k.iloc[0]
    assert row["passage_id"].startswith(row["source_id"] + ".")
    assert kwic("Banderstan").empty
    assert len(kwic("Banderstan", part="comments")) == 3


def test_data_dir_can_be_pointed_elsewhere(corpus, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(corpus))
    assert data_dir() == corpus
    rows = list(csv.DictReader((corpus / "sources.csv").open(encoding="utf-8")))
    with (corpus / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys(), lineterminator="\n")
        w.writeheader()
        w.writerows(rows[:2])
    assert list_sources() == ["topcor", "voi"]
    monkeypatch.delenv(ENV_VAR)
    assert len(list_sources()) == 5
    assert list_sources(data_dir=corpus) == ["topcor", "voi"]


NEW_ARTICLE = (
    "Un nouvel article\r\n\r\n"
    "Partagez\r\n\r\n"
    "Le secrétaire général de l'OTAN, Jens Stoltenberg, a parlé lundi.\r\n\r\n"
    "“Nous voulons la paix”, a déclaré Stoltenberg. Lavrov a répondu que c'était \"une menace\".\r\n\r\n"
    "Fin de l'article.\r\n\r\n"
    "Abonnez-vous !\r\n"
)


def add_source(corpus, text: bytes, **row) -> None:
    (corpus / "articles" / "new.txt").write_bytes(text)
    rows = list(csv.DictReader((corpus / "sources.csv").open(encoding="utf-8")))
    fields = list(rows[0].keys())
    with (corpus / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerow(
            {k: row.get(k, "") for k in fields})


def test_bring_your_own_source_with_crlf_other_quotes_and_no_comments(corpus):
    add_source(corpus, NEW_ARTICLE.encode("utf-8"), id="mine", file="articles/new.txt", title="Un nouvel article",
               published="2022-01-31", body_start="Le secrétaire général", body_end="Fin de l'article.")
    df = load_sources(corpus)
    assert df["id"].iloc[-1] == "mine"
    src = get_source("mine", corpus)
    assert "\r" not in src.body and src.comments == ""
    assert src.body.startswith("Le secrétaire général") and src.body.endswith("Fin de l'article.")
    assert "Abonnez-vous" in src.boilerplate and "Partagez" in src.boilerplate
    assert list(src.passages["passage_id"]) == ["mine.1", "mine.2", "mine.3"]
    q = extract_quotes("mine", corpus)
    assert q[["quote", "style", "speaker"]].values.tolist() == [
        ["Nous voulons la paix", "“ ”", "Jens Stoltenberg"],
        ["une menace", '" "', "Sergey Lavrov"],
    ]
    assert kwic("menace", source_id="mine", data_dir=corpus)["passage_id"].tolist() == ["mine.2"]
    assert len(extract_quotes(data_dir=corpus)) == len(extract_quotes()) + 2


def test_bring_your_own_source_without_markers(corpus):
    add_source(corpus, "Titre\n\nPremier paragraphe.\n\nSecond « mot ».\n".encode(), id="bare",
               file="articles/new.txt", title="Titre", published="2022-02-01")
    src = get_source("bare", corpus)
    assert src.header == "Titre"
    assert src.passages["text"].tolist() == ["Premier paragraphe.", "Second « mot »."]
    assert extract_quotes("bare", corpus)["quote"].tolist() == ["mot"]


def test_loaded_frames_are_copies():
    df = load_sources()
    df.loc[0, "title"] = "changed"
    assert load_sources().loc[0, "title"] != "changed"
    assert isinstance(passages("afp"), pd.DataFrame)


def test_bulk_restores_the_garbage_collector():
    import gc

    from helpers.data.corpus import bulk

    assert gc.isenabled()
    with pytest.raises(ValueError), bulk():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
