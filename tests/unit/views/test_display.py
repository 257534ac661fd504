"""HTML views: escaped source text, the content note on reader comments, translations labelled as ours."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import add_row, assert_well_formed
from helpers import CourseError, extract_quotes, get_source, list_sources
from helpers.views.display import (
    COMMENTS_NOTE,
    COMMENTS_NOTE_GENERAL,
    HTMLText,
    french_english,
    highlight_quotes,
    metadata_card,
    part_box,
    show_parts,
)

EVIL = "<script>alert('x')</script>"
ARTICLE = f"""Titre {EVIL}

Le porte-parole Jen Psaki a déclaré : « {EVIL} & <b>gras</b> », a-t-elle dit.

Deuxième paragraphe <img src=x onerror=alert(1)> fin.

Partager <iframe src="https://evil.example"></iframe>

1. -2
    Un commentaire <script>steal()</script>
"""


def inject(corpus: Path) -> Path:
    """Add to a copy of the seeds a source whose text and metadata are full of HTML."""
    (corpus / "articles" / "999_inject.txt").write_text(ARTICLE, encoding="utf-8")
    add_row(corpus / "sources.csv", {
        "id": "inject", "file": "articles/999_inject.txt", "title": f"Titre {EVIL}", "title_en": f"Title {EVIL}",
        "published": "2022-01-10", "published_evidence": f"<i>evidence</i> {EVIL} (inferred)",
        "outlet": "<b>outlet</b>", "url": "javascript:alert(1)", "notes": "<u>note</u>",
        "body_start": "Le porte-parole", "body_end": "fin.", "comments_start": "1. -2",
    })
    return corpus


def assert_escaped(page: str) -> None:
    for tag in ("<script", "<img", "<iframe", "<b>gras", "<u>note", "<i>evidence", "<b>outlet"):
        assert tag not in page, f"unescaped {tag!r}"
    assert 'href="javascript' not in page


def test_returns_html_text_that_jupyter_renders():
    card = metadata_card("afp")
    assert isinstance(card, str) and isinstance(card, HTMLText)
    assert card._repr_html_() == str(card)


def test_everything_from_the_source_is_escaped(corpus):
    inject(corpus)
    pages = [metadata_card("inject", corpus), show_parts("inject", corpus), highlight_quotes("inject", corpus)]
    for page in pages:
        assert_escaped(page)
        assert_well_formed(page)
    assert html.escape(EVIL) in pages[0] and html.escape(EVIL) in pages[1]
    assert "javascript:alert(1)" in pages[0]  # shown as text: a non-http url is never a link
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[1]
    assert "&lt;script&gt;steal()&lt;/script&gt;" in part_box("inject", "comments", corpus)
    assert "&lt;iframe" in part_box("inject", "boilerplate", corpus)


def test_highlighted_quote_in_injected_source_is_escaped_inside_the_mark(corpus):
    inject(corpus)
    page = highlight_quotes("inject", corpus)
    assert '<mark title="Jen Psaki"' in page
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", page).group(1)
    assert marked == html.escape(f"{EVIL} & <b>gras</b>")


def test_metadata_card_says_inferred_with_confidence_evidence_and_translation():
    src = get_source("topcor")
    card = metadata_card("topcor")
    assert "Fri 24 Dec 2021" in card and "inferred" in card
    assert html.escape(src.meta["published_confidence"]) in card
    assert html.escape(src.meta["published_evidence"]) in card
    assert html.escape(src.meta["title"]) in card and html.escape(src.meta["title_en"]) in card
    assert "our translation" in card
    for field in ("outlet", "outlet_chain", "original_language", "machine_translated"):
        assert html.escape(src.meta[field]) in card, field
    assert f'<a href="{html.escape(src.meta["url"])}"' in card


def test_metadata_card_without_url_says_so():
    assert not get_source("rt_nrc").meta["url"]
    assert "none known" in metadata_card("rt_nrc")


def test_show_parts_has_three_labelled_boxes_and_the_content_note():
    page = show_parts("topcor")
    assert page.index("Body") < page.index("Boilerplate") < page.index("Reader comments")
    assert f"Content note: {html.escape(COMMENTS_NOTE)}" in page
    assert page.index("Content note") < page.index(html.escape("Banderstan"))  # the note comes first
    assert "<details>" in page  # comments are folded away until opened


def test_sources_without_comments_say_so_and_carry_no_slur_note():
    for sid in list_sources():
        box = part_box(sid, "comments")
        if get_source(sid).comments:
            assert "Content note" in box
        else:
            assert "has no reader comments" in box and "Content note" not in box


def test_comments_without_known_slurs_get_the_general_note(corpus):
    inject(corpus)
    assert html.escape(COMMENTS_NOTE_GENERAL) in part_box("inject", "comments", corpus)


def test_body_shows_every_passage_id_in_the_margin():
    page = part_box("afp", "body")
    n = len(get_source("afp").passages)
    assert all(f"<sup>afp.{i}</sup>" in page for i in range(1, n + 1))
    assert f"<sup>afp.{n + 1}</sup>" not in page


def test_highlight_quotes_marks_every_quote_with_its_speaker():
    page = highlight_quotes("afp")
    quotes = extract_quotes("afp")
    assert page.count("<mark ") == len(quotes)
    for q in quotes.to_dict("records"):
        who = q["speaker"] or "no speaker named"
        assert f'<mark title="{html.escape(who)}"' in page
        assert html.escape(q["quote"]) in page
    assert "<sup>afp.3</sup>" in page


def test_french_english_labels_our_translation_and_keeps_the_exact_characters():
    french = "la stratégie de «\u00a0confinement\u00a0» l’OTAN"
    page = french_english(french, "the strategy of 'containment'", "rt_nrc", "rt_nrc.1")
    assert "our translation" in page and "French" in page
    assert html.escape(french) in page  # no-break spaces and curly apostrophe kept
    assert "rt_nrc.1" in page
    assert "&lt;b&gt;" in french_english("<b>x</b>", "<b>y</b>")


@pytest.mark.parametrize("args, words", [
    ((None, "x"), "two strings"),
    (("lignes rouges", " "), "translation is empty"),
])
def test_french_english_wrong_input_names_the_fix(args, words):
    with pytest.raises(CourseError, match=words):
        french_english(*args)


def test_wrong_source_id_names_the_valid_ids():
    for func in (metadata_card, show_parts, highlight_quotes):
        with pytest.raises(CourseError, match="topcor.*afp"):
            func("AFP")
    with pytest.raises(CourseError, match="body, boilerplate, comments"):
        part_box("afp", "footer")


def test_every_view_of_every_source_is_well_formed_html():
    for sid in list_sources():
        for page in (metadata_card(sid), show_parts(sid), highlight_quotes(sid)):
            assert_well_formed(page)
    assert_well_formed(french_english("« a »", "b", "afp", "afp.1"))


def test_well_formed_check_can_fail():
    with pytest.raises(AssertionError):
        assert_well_formed("<div><mark>x</div>")


# ---------------------------------------------------------------- tables, templates, references


def _cells(page: str) -> list[tuple[str, str]]:
    """(attributes, text) of every <td> of an HTML table."""
    return re.findall(r"<td([^>]*)>(.*?)</td>", page, flags=re.S)


def test_kwic_tables_mark_their_french_and_keep_the_left_context_right_aligned():
    from helpers import kwic
    from helpers.views.display import table_html

    table = kwic("expansion", width=40)
    page = table_html(table[["passage_id", "left", "match", "right"]])  # a selection keeps the marking
    cells = _cells(page)
    per_row = 4
    assert len(cells) == per_row * len(table)
    for k, (attrs, _) in enumerate(cells):
        column = ["passage_id", "left", "match", "right"][k % per_row]
        assert ('lang="fr"' in attrs) == (column != "passage_id"), (column, attrs)
        if column == "left":
            assert "text-align:right" in attrs
    assert table["right"].iloc[0].strip() in html.unescape(page)


def test_long_text_is_left_aligned_wrapped_and_never_cut():
    import pandas as pd

    from helpers.views.display import table_html

    long = "NATO has never promised not to expand, " * 4
    page = table_html(pd.DataFrame({"id": ["a"], "english": [long], "n": [3], "french": ["lignes rouges"]}))
    (id_attrs, _), (text_attrs, text), (n_attrs, _), (fr_attrs, fr) = _cells(page)
    assert html.unescape(text) == long.strip() and "…" not in page  # pandas would cut it at 50 characters
    assert "text-align:left" in text_attrs and "white-space:pre-wrap" in text_attrs
    assert "word-break:normal" in text_attrs  # words are not broken in the middle
    assert "text-align:right" in n_attrs and 'lang="fr"' in fr_attrs and fr == "lignes rouges"
    assert 'lang="fr"' not in text_attrs + id_attrs


def test_tables_it_does_not_improve_are_left_to_pandas():
    import pandas as pd

    from helpers.views.display import _table_formatter, table_html

    numbers = pd.DataFrame({"n": [1, 2]})
    assert table_html(numbers) is None and _table_formatter(numbers) == numbers._repr_html_()
    wide = pd.DataFrame({("a", "b"): ["x" * 40]})
    assert table_html(wide) is None  # MultiIndex columns


def test_passages_are_shown_as_french():
    p = get_source("afp").passage("afp.1")
    assert isinstance(p, str) and p == get_source("afp").parts[0]
    assert p._repr_html_().startswith('<div lang="fr"') and html.escape(p[:30], quote=False) in p._repr_html_()


def test_briefing_template_is_shown_formatted_with_its_markdown_to_copy():
    from helpers import briefing_template

    text = briefing_template(as_of="2022-01-26")
    shown = text._repr_markdown_()
    assert shown.startswith(str(text)) and "<details><summary>" in shown
    assert html.escape(str(text)[:80]) in shown  # the Markdown itself, escaped, to copy


def test_event_references_are_links():
    from helpers import epilogue
    from helpers.views.display import event_references

    after = epilogue()
    page = event_references(after)
    assert_well_formed(page)
    urls = [u.strip() for refs in after["reference_url"] for u in refs.split(";") if u.strip()]
    assert page.count("<a href=") == len(urls)
    assert all(f'href="{html.escape(u, quote=True)}"' in page for u in urls)
