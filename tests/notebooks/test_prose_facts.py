"""assert_states (tests/conftest.py), the check that pins the facts of the lessons' prose, not its wording.

Two halves: what the helper matches (numbers as digits or words, dates with or without their year, whole tokens,
ties, the scope of a paragraph or a sentence), and proof on the lessons themselves that a copy edit keeps the
lesson tests passing while changing one number or date, or dropping a fact, fails them.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
import test_lesson_02 as lesson_02
import test_lesson_03 as lesson_03
import test_lesson_04 as lesson_04
import test_lesson_06 as lesson_06

from conftest import assert_states, normalise, prose_units, stated, weekday_and_date

# ---------------------------------------------------------------- what the helper matches

TEXT = """## 3. Dating `topcor`

**Inference:** the original appeared on **Friday 24 December 2021**, before 13:31 Moscow time.
**Confidence: high (about 90%)**: the calendar and the stamps agree.

- `afp` mentions 3 of the 17 events before it (e04, e05);
- its passages `afp.2` and `afp.25` carry\u00a0both sides, as NATO\u2019s members know.

| kind | counts |
| --- | --- |
| official | yes |

Seven comments, five and two replies, rated from \u22123 to 0. The table has 1,000 rows. The second
sentence names 26 January but no year; e.g. nothing else."""


def test_markdown_emphasis_backticks_and_spaces_are_ignored():
    marked = "**Friday**\u00a0`afp`\u202fis *NATO\u2019s* \u201cword\u201d \u2212 3"
    assert normalise(marked) == 'Friday afp is NATO\'s "word" - 3'
    assert_states(TEXT, "Friday 24 December 2021", "Confidence: high")
    assert_states(TEXT, "carry both sides", "NATO's members")  # a no-break space, a curly apostrophe


def test_the_units_are_paragraphs_items_rows_and_headings():
    units = prose_units(TEXT)
    assert units[0] == "## 3. Dating topcor"
    assert units[1].startswith("Inference:") and units[1].endswith("the stamps agree.")  # one paragraph, two lines
    assert units[2].startswith("- afp mentions") and units[3].startswith("- its passages")
    assert "| official | yes |" in units
    assert prose_units(TEXT, "sentence")[:3] == ("## 3. Dating topcor",
        "Inference: the original appeared on Friday 24 December 2021, before 13:31 Moscow time.",
        "Confidence: high (about 90%): the calendar and the stamps agree.")


def test_numbers_are_digits_or_words_and_whole_tokens():
    assert_states(TEXT, 7, 5, 2, "replies", -3, 0, within="sentence")  # "Seven ... five and two ... −3 to 0"
    assert_states(TEXT, 1000)  # "1,000"
    assert stated(TEXT, 13) is None  # not in "13:31"
    assert stated(TEXT, 31) is None
    assert stated(TEXT, 1) is None  # not in "1,000"
    assert stated(TEXT, "afp.2") is not None and stated(TEXT, "afp.25") is not None
    assert stated(TEXT, "afp.5") is None
    assert stated(TEXT, 4) is None  # not in "e04"


def test_dates_are_day_month_and_the_year_when_written():
    assert_states(TEXT, pd.Timestamp("2021-12-24"), "Friday", "high", "90%")
    assert_states(TEXT, pd.Timestamp("2022-01-26"))  # "26 January", no year written
    assert stated(TEXT, pd.Timestamp("2020-12-24")) is None  # the year is written, and is another
    assert stated(TEXT, pd.Timestamp("2021-12-25")) is None
    assert_states("topcor Fri 24 Dec 2021", pd.Timestamp("2021-12-24"), "Fri")
    assert_states("as_of 2022-01-26", pd.Timestamp("2022-01-26"))


def test_a_weekday_stands_with_its_date():
    assert_states(TEXT, weekday_and_date("2021-12-24"))
    assert stated("On a Friday? No: on Saturday 24 December 2021.", weekday_and_date("2021-12-24")) is None
    assert_states("`topcor` Fri 24 Dec 2021", ("topcor", weekday_and_date("2021-12-24", short=True)))
    assert_states("Friday, 24 December", weekday_and_date("2021-12-24"))
    assert stated("Friday 24 December 2022", weekday_and_date("2021-12-24")) is None


def test_facts_must_be_in_one_paragraph_or_one_sentence():
    assert_states(TEXT, pd.Timestamp("2021-12-24"), "90%")  # one paragraph
    assert stated(TEXT, pd.Timestamp("2021-12-24"), "90%", within="sentence") is None  # two sentences
    assert stated(TEXT, "90%", "e04") is None  # two paragraphs
    assert_states(TEXT, "26 January", "e.g.", within="sentence")  # "e.g." ends no sentence


def test_a_tuple_ties_facts_in_order_and_close_together():
    assert_states(TEXT, (3, "of the", 17, "events"), ("e04", "e05"))
    assert_states(TEXT, ("afp.2", "afp.25"))
    assert stated(TEXT, (17, "of the", 3)) is None  # the order is part of the fact
    assert stated(TEXT, (3, "e04")) is None  # five words apart


def test_a_failure_names_the_closest_paragraph_and_what_it_lacks():
    with pytest.raises(AssertionError, match=r"lacks '85%'") as failure:
        assert_states(TEXT, pd.Timestamp("2021-12-24"), "high", "85%")
    assert "Inference: the original appeared" in str(failure.value)
    with pytest.raises(TypeError):
        assert_states(TEXT, True)


# ---------------------------------------------------------------- proof on the lessons: copy edits pass, facts fail


def edit(markdown: list[str], old: str, new: str) -> list[str]:
    """The lesson's markdown with ``old`` (once, its spaces matching any line break) rewritten as ``new``."""
    pattern = re.compile(r"\s+".join(map(re.escape, old.split())))
    hits = [(i, m) for i, cell in enumerate(markdown) for m in pattern.finditer(cell)]
    assert len(hits) == 1, f"{old!r} is not once in the lesson"
    i, m = hits[0]
    cell = markdown[i]
    return [*markdown[:i], cell[:m.start()] + new + cell[m.end():], *markdown[i + 1:]]


def run(module, markdown: list[str], *tests: str) -> None:
    """Run lesson tests of ``module`` against ``markdown`` in place of the lesson's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "MARKDOWN", markdown)
        for name in tests:
            getattr(module, name)()


# (module, the lesson tests, the sentence as the lesson writes it, a copy edit of it, edits that change a fact)
CASES = {
    "topcor's date": (
        lesson_02, ["test_topcor_inference"],
        "**Inference:** the Russian original appeared on **Friday 24 December 2021**, before 13:31 Moscow time. "
        "**Confidence: high (about 90%)**",
        "**Inference:** before 13:31 Moscow time on **Friday 24 December 2021**, the Russian original was online. "
        "Our **confidence** is high, roughly 90%",
        {"another day": ("Friday 24 December 2021", "Friday 23 December 2021"),
         "another year": ("24 December 2021", "24 December 2020"),
         "another weekday": ("Friday 24", "Thursday 24"),
         "another confidence": ("roughly 90%", "roughly 80%"),
         "a dropped fact": ("before 13:31 Moscow time on", "on")}),
    "what was known on 25 January": (
        lesson_02, ["test_known_by_the_day_of_rt_cnn"],
        "Of the 48 events, 36 had happened by the end of 25 January (2 of them that very day) and 12 had not.",
        "By the end of 25 January, 36 of the 48 events had happened, two on that very day; twelve had not.",
        {"another count": ("36 of the 48", "37 of the 48"),
         "another number word": ("two on", "three on"),
         "another date": ("end of 25 January", "end of 26 January")}),
    "afp's Friday": (
        lesson_02, ["test_afp_dating"],
        "Friday 7 January 2022, 3 days before Geneva.",
        "Three days before Geneva, on Friday 7 January 2022.",
        {"another span": ("Three days", "Four days"),
         "another date": ("7 January 2022", "8 January 2022")}),
    "quotations per source": (
        lesson_03, ["test_counts_per_source"],
        "38 quotations: 5 in `topcor`, 1 in `voi`, 12 in `afp`, 9 in `rt_nrc` and 11 in `rt_cnn`.",
        "The pattern finds 38 quotations in all (5 in `topcor`, 1 in `voi`, 12 in `afp`, 9 in `rt_nrc`, and "
        "11 in `rt_cnn`).",
        {"two counts swapped": ("9 in `rt_nrc`, and 11 in `rt_cnn`", "11 in `rt_nrc`, and 9 in `rt_cnn`"),
         "another total": ("38 quotations", "39 quotations")}),
    "rows per side": (
        lesson_04, ["test_issues_rows_and_statements"],
        "There are 63 rows: 33 for Russia and 30 for the US/NATO.",
        "The table has 63 rows in all, 30 for the US/NATO and 33 for Russia.",
        {"another count": ("33 for Russia", "34 for Russia"),
         "a count given to the other side": ("30 for the US/NATO and 33 for Russia",
                                             "33 for the US/NATO and 30 for Russia")}),
    "the flagged row": (
        lesson_06, ["test_exactly_one_flagged_row_as_described"],
        "Exactly one row is flagged: a statement by the Russian Foreign Ministry made public on 17 February 2022,",
        "Exactly one row, no more, is flagged: the Russian Foreign Ministry made this statement public on "
        "17 February 2022,",
        {"another year": ("17 February 2022", "17 February 2021"),
         "another speaker": ("Russian Foreign Ministry", "Kremlin"),
         "another count": ("Exactly one row", "Exactly two rows")}),
}


@pytest.mark.parametrize("case", CASES)
def test_the_lesson_as_written_passes(case):
    module, tests, *_ = CASES[case]
    run(module, module.MARKDOWN, *tests)


@pytest.mark.parametrize("case", CASES)
def test_a_copy_edit_keeps_the_facts_and_passes(case):
    module, tests, written, rewritten, _ = CASES[case]
    edited = edit(module.MARKDOWN, written, rewritten)
    assert " ".join(written.split()) not in " ".join(" ".join(edited).split())  # a check of wording would fail
    run(module, edited, *tests)


@pytest.mark.parametrize(("case", "change"), [(c, k) for c in CASES for k in CASES[c][4]])
def test_a_changed_or_dropped_fact_fails(case, change):
    module, tests, written, rewritten, changes = CASES[case]
    old, new = changes[change]
    assert rewritten.count(old) == 1, old
    edited = edit(module.MARKDOWN, written, rewritten.replace(old, new))
    with pytest.raises(AssertionError, match="of the lesson states all of"):
        run(module, edited, *tests)
