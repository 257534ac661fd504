"""The exercises where the student chooses the evidence (03.8 attribution, 04.8 corroboration): property tests.

Every valid answer passes, whichever claim, reference or passage the student chooses; each unsupported one is
refused with the hint that says why (a reference of the same chain, an unverified copy, words inside the quotation,
the wrong speaker, the wrong form), and no hint names an answer.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import check, extract_quotes, get_source, list_sources, load_positions, references
from helpers.analysis.quotes import SPEECH_WORDS, reported_speech
from helpers.checks import registered
from helpers.checks.lesson_03 import attribution_verdict
from helpers.data.curated import load_actors
from helpers.data.references import CORROBORATING, KINDS

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- 04.8 -----------------------------------------------------------------------------------------------

POS = load_positions()
REFS = references(POS).merge(POS[["position_id", "side", "kind"]].rename(columns={"kind": "claim_kind"}),
                             on="position_id")
PAIRS = REFS.to_dict("records")


def verdict_04(answer) -> str:
    """"correct", or the name of the hint 04.8 gave."""
    result = check("04.8", answer)
    if result:
        return "correct"
    hints = registered()["04.8"].hints
    return next((name for name, text in hints.items() if text == result.message), "default")


def expected_04(row: dict) -> str:
    if row["side"] != "Russia":
        return "side"
    if row["claim_kind"] == "not in corpus":
        return "not_in_corpus"
    if row["kind"] in CORROBORATING:
        return "correct"
    return "same_chain" if row["kind"] == "same chain" else "unverified"


def test_several_answers_pass_04_8_and_each_unsupported_kind_occurs():
    outcomes = [expected_04(r) for r in PAIRS]
    assert outcomes.count("correct") >= 10
    assert {"same_chain", "unverified", "side", "not_in_corpus"} <= set(outcomes)


@SETTINGS
@given(row=st.sampled_from(PAIRS), shape=st.sampled_from(["dict", "series", "table", "keys"]))
def test_04_8_accepts_exactly_the_corroborating_references(row, shape):
    answer = {"position_id": row["position_id"], "reference": row["url"], "kind": row["kind"]}
    if shape == "series":
        answer = pd.Series(answer)
    elif shape == "table":
        answer = pd.DataFrame([answer])
    elif shape == "keys":
        answer = {"Position ID": row["position_id"].upper(), "reference_url": row["url"] + "/",
                  "reference_kind": row["kind"].upper()}
    assert verdict_04(answer) == expected_04(row)


@SETTINGS
@given(row=st.sampled_from(PAIRS), kind=st.sampled_from(KINDS))
def test_04_8_refuses_a_kind_the_table_does_not_give(row, kind):
    answer = {"position_id": row["position_id"], "reference": row["url"], "kind": kind}
    listed = set(REFS.loc[(REFS["position_id"] == row["position_id"]) & (REFS["url"] == row["url"]), "kind"])
    got = verdict_04(answer)
    if expected_04(row) in ("side", "not_in_corpus"):
        assert got == expected_04(row)
    elif kind not in listed:
        assert got == "kind_mismatch"


@SETTINGS
@given(row=st.sampled_from(PAIRS), other=st.sampled_from(PAIRS))
def test_04_8_refuses_an_address_of_another_claim(row, other):
    refs_of_row = set(REFS.loc[REFS["position_id"] == row["position_id"], "url"])
    answer = {"position_id": row["position_id"], "reference": other["url"], "kind": other["kind"]}
    if other["url"] not in refs_of_row and expected_04(row) not in ("side", "not_in_corpus"):
        assert verdict_04(answer) == "not_reference"


def test_04_8_claims_without_references_and_unknown_ids():
    bare = POS[(POS["side"] == "Russia") & (POS["kind"] != "not in corpus") & (POS["reference_url"].fillna("") == "")]
    assert not bare.empty
    answer = {"position_id": bare["position_id"].iloc[0], "reference": "https://www.nato.int/", "kind": "official"}
    assert verdict_04(answer) == "no_reference"
    assert verdict_04({"position_id": "no-such-1", "reference": "https://x.org", "kind": "official"}) == "unknown"
    assert verdict_04({"position_id": "enlargement-ru-2"}) == "type"
    assert verdict_04({"position_id": PAIRS[0]["position_id"], "reference": PAIRS[0]["url"],
                       "kind": "trustworthy"}) in ("kind_name", "side", "not_in_corpus")


def test_04_8_hints_name_no_claim_and_no_address():
    texts = [registered()["04.8"].hint, *registered()["04.8"].hints.values()]
    for text in texts:
        assert not any(pid in text for pid in POS["position_id"]), text
        assert "http" not in text and "ru-" not in text


# --- 03.8 -----------------------------------------------------------------------------------------------

_VERB = re.compile(r"\b(?:a |avait |ont )?(?:" + "|".join(map(re.escape, SPEECH_WORDS)) + r")\b")


def _pool() -> list[dict]:
    """Valid attributions the reporting sentences give: a verb of speech in a sentence without quotation marks."""
    out = []
    for sid in list_sources():
        rs = reported_speech(sid)
        for rec in rs[rs["speaker"] != ""].to_dict("records"):
            m = _VERB.search(rec["sentence"])
            if m and len(m.group(0).split()) >= 2 and not re.search(r"[«»\"“”]", rec["sentence"]):
                out.append({"passage_id": rec["passage_id"], "speaker": rec["speaker"], "signal": m.group(0),
                            "form": "paraphrase"})
    return out


POOL = _pool()
QUOTES = [r for sid in list_sources() for r in extract_quotes(sid).to_dict("records")
          if r["speaker"] and len(r["quote"].split()) >= 3]
ACTORS = load_actors()["name"].tolist()


def test_the_pool_of_valid_attributions_spans_several_sources():
    assert len(POOL) >= 8 and len({a["passage_id"].split(".")[0] for a in POOL}) >= 3
    assert all(attribution_verdict(a) is True for a in POOL), [a for a in POOL if attribution_verdict(a) is not True]


@SETTINGS
@given(answer=st.sampled_from(POOL), shape=st.sampled_from(["dict", "series", "table", "alias"]))
def test_03_8_accepts_every_valid_attribution_in_any_shape(answer, shape):
    given_ = dict(answer)
    if shape == "series":
        given_ = pd.Series(given_)
    elif shape == "table":
        given_ = pd.DataFrame([given_])
    elif shape == "alias":
        given_ = {"Passage": answer["passage_id"], "who": answer["speaker"].split()[-1],
                  "words": answer["signal"], "kind": "reported speech"}
    assert check("03.8", given_), (given_, check("03.8", given_))


@SETTINGS
@given(answer=st.sampled_from(POOL))
def test_03_8_refuses_the_wrong_form(answer):
    assert attribution_verdict({**answer, "form": "quotation"}) == "form"


@SETTINGS
@given(answer=st.sampled_from(POOL), other=st.sampled_from(ACTORS))
def test_03_8_refuses_a_speaker_the_sentence_does_not_name(answer, other):
    sid, pid = answer["passage_id"].split(".")[0], answer["passage_id"]
    quotes, reported = extract_quotes(sid), reported_speech(sid)
    in_passage = {*quotes.loc[quotes["passage_id"] == pid, "speaker"],
                  *reported.loc[reported["passage_id"] == pid, "speaker"]}
    if other not in in_passage:
        assert attribution_verdict({**answer, "speaker": other}) is not True


@SETTINGS
@given(row=st.sampled_from(QUOTES), data=st.data())
def test_03_8_refuses_words_inside_the_quotation(row, data):
    words = row["quote"].split()
    i = data.draw(st.integers(0, len(words) - 2))
    j = data.draw(st.integers(i + 2, len(words)))
    signal = " ".join(words[i:j])
    passage = get_source(row["source_id"]).passage(row["passage_id"])
    if signal in passage:
        got = attribution_verdict({"passage_id": row["passage_id"], "speaker": row["speaker"], "signal": signal,
                                   "form": "quotation"})
        assert got is not True


@SETTINGS
@given(answer=st.sampled_from(POOL), how=st.sampled_from(["upper", "typo", "short"]))
def test_03_8_refuses_words_not_verbatim(answer, how):
    signal = {"upper": answer["signal"].upper(), "typo": answer["signal"] + "zz",
              "short": answer["signal"].split()[-1]}[how]
    assert attribution_verdict({**answer, "signal": signal}) in ("signal_missing", "almost", "short")


@pytest.mark.parametrize("answer", [
    {"passage_id": "rt_nrc.5", "speaker": "Grushko", "signal": "l'OTAN les a jusqu'à", "form": "paraphrase"},
    {"passage_id": "rt_nrc.99", "speaker": "Grushko", "signal": "a déclaré Grushko", "form": "paraphrase"},
    {"passage_id": "rt_nrc.5", "speaker": "Grushko", "signal": "a déclaré Grushko", "form": "maybe"},
])
def test_03_8_teaches_on_plausible_mistakes(answer):
    assert attribution_verdict(answer) in ("no_signal", "passage", "form_name")


def test_03_8_hints_name_no_passage():
    for text in [registered()["03.8"].hint, *registered()["03.8"].hints.values()]:
        assert not re.search(r"\b(?:rt_nrc|rt_cnn|voi|topcor)\.\d", text), text


# --- 02.9 -----------------------------------------------------------------------------------------------

_DATED = re.compile(r"\b(?:a|ont|avait)\s+(?:également\s+)?(\w+)\s+"
                    r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")


def _dated_pool() -> list[dict]:
    """Statements the texts date by a weekday next to a verb of speech, with the day they point to."""
    from helpers import load_sources, passages, resolve_weekday

    published = load_sources().set_index("id")["published"]
    out = []
    for rec in passages().to_dict("records"):
        for m in _DATED.finditer(rec["text"]):
            if m.group(1) in SPEECH_WORDS:
                out.append({"passage_id": rec["passage_id"], "words": m.group(0),
                            "date": resolve_weekday(m.group(2), before=published[rec["source_id"]])})
    return out


DATED = _dated_pool()


def test_02_9_pool_has_several_right_answers_in_several_sources():
    assert len(DATED) >= 6 and len({d["passage_id"].split(".")[0] for d in DATED}) >= 3
    assert all(check("02.9", d) for d in DATED)


@SETTINGS
@given(answer=st.sampled_from(DATED), shift=st.integers(-21, 21), form=st.sampled_from(["text", "stamp", "date"]))
def test_02_9_accepts_only_the_nearest_weekday_before_publication(answer, shift, form):
    day = answer["date"] + pd.Timedelta(days=shift)
    value = {"text": day.strftime("%Y-%m-%d"), "stamp": day, "date": day.date()}[form]
    result = check("02.9", {**answer, "date": value})
    assert bool(result) == (shift == 0), (answer, shift, str(result))
    if shift:
        hints = registered()["02.9"].hints
        published = get_source(answer["passage_id"].split(".")[0]).meta["published"]
        expected = ("after" if day > pd.Timestamp(published) else "nearest" if shift % 7 == 0 else "weekday")
        assert result.message == hints[expected], (answer, shift, result.message)


@SETTINGS
@given(answer=st.sampled_from(DATED))
def test_02_9_needs_the_weekday_and_the_verb_verbatim(answer):
    verb_only = answer["words"].rsplit(" ", 1)[0]
    assert not check("02.9", {**answer, "words": verb_only})
    assert not check("02.9", {**answer, "words": answer["words"].upper()})
    weekday = answer["words"].rsplit(" ", 1)[1]
    assert not check("02.9", {**answer, "words": weekday})


# --- 01.8 -----------------------------------------------------------------------------------------------

def _sourced_pool() -> list[dict]:
    """For every link of every chain that the page names: the link and a few words around it."""
    from helpers import load_sources
    from helpers.checks.lesson_01 import chain_links

    out = []
    for rec in load_sources().to_dict("records"):
        src = get_source(rec["id"])
        for part in (src.body, src.boilerplate):
            for link in chain_links(rec["outlet_chain"]):
                for m in re.finditer(rf"(?<!\w){re.escape(link)}(?!\w)", part, re.IGNORECASE):
                    out.append({"source_id": rec["id"], "link": m.group(0), "start": m.start(), "text": part})
    return out


SOURCED = _sourced_pool()


def test_01_8_several_links_in_several_sources_can_be_shown():
    assert len({(s["source_id"], s["link"].casefold()) for s in SOURCED}) >= 5
    assert len({s["source_id"] for s in SOURCED}) >= 3


@SETTINGS
@given(item=st.sampled_from(SOURCED), before=st.integers(1, 30), after=st.integers(0, 30))
def test_01_8_accepts_any_words_of_the_page_that_name_the_link(item, before, after):
    text, start, link = item["text"], item["start"], item["link"]
    words = text[max(0, start - before):start + len(link) + after].strip(" \u00a0\u202f")
    answer = {"source_id": item["source_id"], "link": link, "words": words}
    if len(words.split()) >= 2:
        assert check("01.8", answer), (answer, str(check("01.8", answer)))


@SETTINGS
@given(item=st.sampled_from(SOURCED), other=st.sampled_from(["afp", "voi", "topcor", "rt_nrc", "rt_cnn"]))
def test_01_8_refuses_a_link_of_another_chain_or_words_that_do_not_name_it(item, other):
    from helpers import load_sources
    from helpers.checks.lesson_01 import chain_links

    chain = load_sources().set_index("id").loc[other, "outlet_chain"]
    words = item["text"][max(0, item["start"] - 20):item["start"] + len(item["link"])].strip()
    if item["link"].casefold() not in chain_links(chain):
        assert not check("01.8", {"source_id": other, "link": item["link"], "words": words})
    unrelated = item["text"][:200].replace(item["link"], "")
    unrelated = " ".join(w for w in unrelated.split() if item["link"].casefold() not in w.casefold())[:60]
    assert not check("01.8", {"source_id": item["source_id"], "link": item["link"], "words": unrelated})


def test_01_8_refuses_reader_comments_with_the_reason():
    comments = get_source("topcor").comments
    words = " ".join(comments.split()[:4])
    result = check("01.8", {"source_id": "topcor", "link": "topcor.ru", "words": words})
    assert not result


# --- answers students really write, and hints that do not confirm parts of an answer -----------------------

def test_06_6_takes_a_datetime_timedelta_and_a_numpy_one():
    import datetime as dt

    import numpy as np

    from helpers import epilogue

    after = epilogue().set_index("event_id")["date"]
    days = (after["e45"] - after["e37"]).days
    assert check("06.6", dt.timedelta(days=days)) and check("06.6", np.timedelta64(days, "D"))
    assert not check("06.6", dt.timedelta(days=days - 1))


def test_05_5_takes_the_row_of_extract_quotes_even_when_its_quotation_is_one_word():
    from helpers import term_contexts

    rows = term_contexts("menace")
    pid = rows.loc[rows["side"] == "Russia", "passage_id"].iloc[0]
    q = extract_quotes(pid.split(".")[0])
    row = q[q["passage_id"] == pid]
    assert len(row) == 1 and len(row["quote"].iloc[0].split()) == 1
    assert check("05.5", row.iloc[0]) and check("05.5", row)


def test_06_4_takes_every_pair_of_evidence_table_rows_on_one_issue():
    import itertools

    from helpers import evidence_table

    t = evidence_table(as_of="2022-01-26")
    t = t[(t["kind"] != "gap") & ~t["after_as_of"] & (t["passage_id"] != "")]
    pairs = 0
    for _, g in t.groupby("issue_id"):
        for (_, ru), (_, west) in itertools.product(g[g["side"] == "Russia"].iterrows(),
                                                    g[g["side"] == "US/NATO"].iterrows()):
            assert check("06.4", {"Russia": ru, "US/NATO": west}), (ru["passage_id"], west["passage_id"])
            pairs += 1
    assert pairs >= 50


PARTIAL = [  # (exercise, a partly right answer): the hint must be the same as for a wholly wrong one
    ("05.2", lambda: ("confinement", "containment")), ("05.2", lambda: ("lockdown", "endiguement")),
    ("05.2", lambda: ("endiguement", "confinement")),
    ("03.6", lambda: ["Jen Psaki"]), ("03.4", lambda: ["inconditionnel"]),
    ("03.4", lambda: ["une question de vie ou de mort", "inconditionnel", "ne pas être balayé sous le tapis."]),
]


@pytest.mark.parametrize("eid, partial", PARTIAL)
def test_hints_do_not_confirm_parts_of_an_answer(eid, partial):
    result = check(eid, partial())
    assert not result and result.message == registered()[eid].hint, str(result)
    confirming = re.compile(r"\b(?:is|are) right\b|first word|second word|some of the|right quotations", re.I)
    for text in [registered()[e].hint for e in registered()] + [t for e in registered().values()
                                                                for t in e.hints.values()]:
        assert not confirming.search(text), text
