"""HTML views of the sources: a metadata card, the parts of an article, quotes highlighted, French beside English.

Every function returns an :class:`HTMLText`: a plain ``str`` of HTML that Jupyter also shows rendered when it
is the last thing in a cell. All text from the sources and the data is escaped (``html.escape``) before it
goes into HTML: the sources are scraped web pages.

>>> from helpers import metadata_card
>>> metadata_card("afp")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import re

import pandas as pd
from IPython.display import HTML

from helpers.data.corpus import get_source
from helpers.errors import CourseError
from helpers.views.palette import SIDE_COLORS

__all__ = [
    "COMMENTS_NOTE", "COMMENTS_NOTE_GENERAL", "FRENCH_COLUMNS", "HTML", "HTMLText", "MarkdownText",
    "event_references", "french_columns",
    "french_english", "highlight_quotes", "metadata_card", "part_box", "show_parts", "table_html",
]

#: The content note that always stands before the reader comments of a source.
COMMENTS_NOTE = (
    "Reader comments — shown as evidence of the site's audience; they contain slurs against Ukrainians; "
    "they are not part of the article."
)
#: The note for reader comments of a source in which no known slur occurs (e.g. a source you added).
COMMENTS_NOTE_GENERAL = (
    "Reader comments — shown as evidence of the site's audience; they may contain offensive language; "
    "they are not part of the article."
)
_SLURS = ("banderstan", "svidomo", "slur")
_PARTS = {
    "body": ("Body — the article itself, in French as the copy has it", "#FFFFFF", "#444444"),
    "boilerplate": ("Boilerplate — title, site furniture and footers, not the article", "#F4F4F4", "#999999"),
    "comments": ("Reader comments", "#FFF4E5", "#B35C00"),
}
_TEXT = "white-space:pre-wrap;font-family:inherit;margin:0"


class MarkdownText(str):
    """A string of Markdown that Jupyter shows formatted, with the text itself to copy folded below it.

    ``print(text)`` prints the Markdown as it is.
    """

    def _repr_markdown_(self) -> str:
        return (f"{self}\n\n<details><summary>The Markdown of this text, to copy into a Markdown cell</summary>"
                f'<pre style="white-space:pre-wrap">{esc(self)}</pre></details>\n')


class HTMLText(str):
    """A string of HTML that Jupyter shows rendered. It is still a ``str``: ``"<mark" in card`` works."""

    def _repr_html_(self) -> str:
        return str(self)


def esc(text: object) -> str:
    """``html.escape`` for any value (``None`` and NaN become an empty string)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


def link(url: str, label: str | None = None) -> str:
    """A link that opens in a new tab; anything that is not an http(s) address is shown as plain text."""
    url = str(url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return esc(label or url)
    return (f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer" '
            f'style="color:#0645AD;text-decoration:underline;word-break:break-all">{esc(label or url)}</a>')


def event_references(events: pd.DataFrame) -> HTMLText:
    """Events as a list: id, date and title, then each public reference as a link (``reference_url``).

    >>> from helpers import epilogue
    >>> "<a href=" in event_references(epilogue())
    True
    """
    items = []
    for row in events.to_dict("records"):
        refs = "".join(f"<li>{link(u.strip())}</li>" for u in str(row.get("reference_url") or "").split(";")
                       if u.strip())
        items.append(f'<li><b>{esc(row["event_id"])}</b>, {esc(_day(row["date"]))}: {esc(row["title"])}'
                     f'<ul style="margin:2px 0 6px">{refs or "<li>no reference</li>"}</ul></li>')
    return HTMLText(f'<ul style="line-height:1.45">{"".join(items)}</ul>')


def links(urls: str) -> str:
    """Several addresses separated by ``;`` (as in events.csv), each as a link."""
    return " · ".join(link(u) for u in str(urls or "").split(";") if u.strip()) or "—"


def _box(title: str, inner: str, background: str = "#FFFFFF", border: str = "#444444", note: str = "") -> str:
    head = f'<div style="font-weight:bold;margin-bottom:4px">{esc(title)}</div>'
    if note:
        head += (f'<div role="note" style="border-left:4px solid {border};padding:2px 8px;margin:4px 0;'
                 f'font-style:italic">Content note: {esc(note)}</div>')
    return (f'<div style="border:2px solid {border};border-radius:4px;background:{background};color:#111;'
            f'padding:8px 10px;margin:8px 0">{head}{inner}</div>')


def _day(value: object) -> str:
    """'Fri 07 Jan 2022' for a date, or the value as it is when it is not one."""
    try:
        return f"{pd.Timestamp(value):%a %d %b %Y}"
    except (TypeError, ValueError):
        return str(value)


def metadata_card(source_id: str, data_dir: str | os.PathLike | None = None) -> HTMLText:
    """What is this document? Title (French and our translation), inferred date with evidence, outlet, chain.

    >>> "inferred" in metadata_card("afp")
    True
    """
    src = get_source(source_id, data_dir)
    m = src.meta
    rows = [
        ("Title (French, as published)", f'<span lang="fr">{esc(m.get("title"))}</span>'),
        ("Title in English (our translation)", esc(m.get("title_en")) or "—"),
        ("Published (inferred)", f"<b>{esc(_day(m.get('published')))}</b> (inferred)"
         + (f"; confidence: {esc(m['published_confidence'])}" if m.get("published_confidence") else "")
         + (f"<br>Evidence: {esc(m['published_evidence'])}" if m.get("published_evidence") else "")),
        ("Outlet", esc(m.get("outlet")) or "—"),
        ("Chain of outlets", esc(m.get("outlet_chain")) or "—"),
        ("Original language", esc(m.get("original_language")) or "—"),
        ("Machine-translated", (esc(m.get("machine_translated")) or "not known")
         + (f"<br>Evidence: {esc(m['translation_evidence'])}" if m.get("translation_evidence") else "")),
        ("Address (url)", link(m.get("url", "")) if m.get("url") else "none known"),
        ("Notes", esc(m.get("notes")) or "—"),
        ("Passages", f"{len(src.passages)} ({esc(src.id)}.1 to {esc(src.id)}.{len(src.passages)})"),
    ]
    body = "".join(
        f'<tr><th style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;white-space:nowrap">{k}</th>'
        f'<td style="text-align:left;padding:2px 0">{v}</td></tr>' for k, v in rows
    )
    return HTMLText(_box(f"Source {src.id}", f'<table style="border-collapse:collapse">{body}</table>',
                         "#FAFAFA", "#333333"))


def _passages_html(source_id: str, data_dir, marks: dict[str, list[tuple[int, int, str, str]]] | None = None) -> str:
    """The body passage by passage, each with its id in the margin; ``marks`` wraps spans in <mark>."""
    src = get_source(source_id, data_dir)
    out = []
    for (pid, text), p0 in zip(src.passages[["passage_id", "text"]].itertuples(index=False),
                               src.passage_starts, strict=True):
        pieces, pos = [], 0
        for start, end, speaker, side in sorted(marks.get(pid, [])) if marks else []:
            s, e = max(start - p0, pos), min(end - p0, len(text))
            if s >= e:
                continue  # overlaps a quote already marked
            who = speaker or "no speaker named"
            colour = SIDE_COLORS.get(side or "other", SIDE_COLORS["other"])
            pieces += [esc(text[pos:s]),
                       f'<mark title="{esc(who)}" style="background:#FFF3B0;border-bottom:3px solid {colour}">'
                       f'{esc(text[s:e])}</mark><span style="font-size:0.75em;color:#444"> [{esc(who)}]</span>']
            pos = e
        pieces.append(esc(text[pos:]))
        out.append(
            f'<div style="display:flex;gap:8px;margin:4px 0"><div style="flex:0 0 5.5em;text-align:right;'
            f'color:#555;font-size:0.8em"><sup>{esc(pid)}</sup></div>'
            f'<div lang="fr" style="flex:1;{_TEXT}">{"".join(pieces)}</div></div>'
        )
    return "".join(out)


def part_box(source_id: str, part: str, data_dir: str | os.PathLike | None = None) -> HTMLText:
    """One part of a source in its own labelled box: ``"body"``, ``"boilerplate"`` or ``"comments"``.

    The comments box always starts with a content note (``COMMENTS_NOTE`` when slurs are known to be in
    them, else ``COMMENTS_NOTE_GENERAL``); the comments themselves are folded away until the reader opens them.
    """
    if part not in _PARTS:
        raise CourseError(f"part must be one of {', '.join(_PARTS)}; it was {part!r}.")
    src = get_source(source_id, data_dir)
    title, background, border = _PARTS[part]
    if part == "body":
        inner = _passages_html(source_id, data_dir)
        return HTMLText(_box(f"{title} · {len(src.passages)} passages", inner, background, border))
    text = getattr(src, part)
    if part == "boilerplate":
        inner = f'<div lang="fr" style="{_TEXT};color:#333">{esc(text)}</div>' if text else "<i>None.</i>"
        return HTMLText(_box(title, inner, background, border))
    if not text:
        return HTMLText(_box(title, f"<i>Source {esc(src.id)} has no reader comments.</i>", background, border))
    inner = (f'<details><summary>Show the reader comments of {esc(src.id)}</summary>'
             f'<div lang="fr" style="{_TEXT};margin-top:6px">{esc(text)}</div></details>')
    flagged = any(w in (text + " " + str(src.meta.get("notes", ""))).lower() for w in _SLURS)
    return HTMLText(_box(title, inner, background, border, note=COMMENTS_NOTE if flagged else COMMENTS_NOTE_GENERAL))


def show_parts(source_id: str, data_dir: str | os.PathLike | None = None) -> HTMLText:
    """Body, boilerplate and reader comments of a source in three separate, labelled boxes.

    >>> "Content note" in show_parts("topcor")
    True
    """
    return HTMLText("".join(part_box(source_id, p, data_dir) for p in _PARTS))


def highlight_quotes(source_id: str, data_dir: str | os.PathLike | None = None) -> HTMLText:
    """The body with each quotation found by ``extract_quotes`` marked, its speaker after it, passage ids aside.

    The speaker is the helpers' guess from the sentence around the quote (a heuristic, not a judgement);
    "no speaker named" means the text attributes the quote to nobody nearby.

    >>> '<mark title="Antony Blinken"' in highlight_quotes("afp")
    True
    """
    from helpers.analysis.quotes import extract_quotes

    src = get_source(source_id, data_dir)
    quotes = extract_quotes(src.id, data_dir=data_dir)
    marks: dict[str, list[tuple[int, int, str, str]]] = {}
    for q in quotes.to_dict("records"):
        marks.setdefault(q["passage_id"], []).append((int(q["start"]), int(q["end"]), q["speaker"], q["side"]))
    key = ('<div style="font-size:0.85em;color:#333;margin-bottom:4px">Highlighted: the '
           f'{len(quotes)} direct quotations found in the body; after each, in brackets, the speaker the helpers '
           'attribute it to (underlined in the side\'s colour). Passage ids are in the margin.</div>')
    return HTMLText(_box(f"Quotations in {src.id}", key + _passages_html(src.id, data_dir, marks),
                         "#FFFFFF", "#444444"))


def french_english(
    french: str, english: str, source: str | None = None, passage_id: str | None = None,
) -> HTMLText:
    """French words beside their English translation (the course's own), with where they come from.

    >>> "our translation" in french_english("lignes rouges", "red lines", "topcor", "topcor.7")
    True
    """
    if not isinstance(french, str) or not isinstance(english, str):
        raise CourseError("french_english() needs two strings: the French words and their English translation, "
                          "e.g. french_english('lignes rouges', 'red lines').")
    if not english.strip():
        raise CourseError("french_english(): the English translation is empty. Every French quote shown needs "
                          "the course's own translation beside it.")
    where = " · ".join(esc(x) for x in (source, passage_id) if x)
    cite = f'<div style="font-size:0.8em;color:#555;margin-top:4px">Source: {where}</div>' if where else ""
    col = "flex:1;min-width:14em;border-left:4px solid {};padding:2px 8px"
    return HTMLText(
        '<div style="margin:6px 0"><div style="display:flex;gap:12px;flex-wrap:wrap">'
        f'<div style="{col.format("#555555")}"><div style="font-size:0.8em;font-weight:bold">French (as published)'
        f'</div><div lang="fr" style="{_TEXT}">{esc(french)}</div></div>'
        f'<div style="{col.format("#999999")}"><div style="font-size:0.8em;font-weight:bold">English — our '
        f'translation</div><div lang="en" style="{_TEXT}">{esc(english)}</div></div></div>{cite}</div>'
    )


# ---------------------------------------------------------------- tables: French marked, text left and wrapped

#: Columns that always hold French as printed in the sources (any table of the course).
FRENCH_COLUMNS = frozenset({"french", "quote", "sentence", "term_fr", "title_fr"})
_LONG_TEXT = 30  # a text column with a value longer than this is shown left-aligned and wrapped
_CELL = "text-align:left;white-space:pre-wrap;overflow-wrap:break-word;word-break:normal;min-width:12em;max-width:36em"


def french_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` that hold French: those in ``FRENCH_COLUMNS``, and those a helper named in
    ``frame.attrs["french_columns"]`` (``kwic`` and ``term_contexts`` name ``left``, ``match``, ``right``)."""
    named = set(frame.attrs.get("french_columns", ())) | FRENCH_COLUMNS
    return [c for c in frame.columns if isinstance(c, str) and c in named]


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def table_html(frame: pd.DataFrame) -> str | None:
    """The table as HTML, French columns marked ``lang="fr"``, long text left-aligned and wrapped (never cut).

    ``None`` for a table this view does not improve (no text column, a MultiIndex, more rows than pandas'
    ``display.max_rows``): pandas' own HTML is used for those.

    >>> html = table_html(pd.DataFrame({"french": ["lignes rouges"], "n": [1]}))
    >>> 'lang="fr">lignes rouges</td>' in html
    True
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return None
    if isinstance(frame.columns, pd.MultiIndex) or isinstance(frame.index, pd.MultiIndex):
        return None
    if len(frame) > (pd.get_option("display.max_rows") or len(frame)) or frame.shape[1] > 30:
        return None
    french = set(french_columns(frame))
    texts = [_is_text(frame[c]) if not isinstance(frame[c], pd.DataFrame) else False for c in frame.columns]
    if frame.columns.duplicated().any():
        return None
    long = {c for c, is_text in zip(frame.columns, texts, strict=True)
            if is_text and frame[c].map(lambda v: len(str(v)) if isinstance(v, str) else 0).max() > _LONG_TEXT}
    if not french and not long:
        return None
    left = {c for c, is_text in zip(frame.columns, texts, strict=True) if is_text}
    # keyword in context: the left context ends at the match, so it stays right-aligned (matches line up)
    kwic_left = "left" if {"left", "match"} <= set(frame.columns) else None
    left.discard(kwic_left)
    styles = []
    for c in frame.columns:
        if c == kwic_left:
            style = _CELL.replace("text-align:left", "text-align:right")
        elif c in long:
            style = _CELL
        else:
            style = "text-align:left" if c in left else "text-align:right"
        styles.append((f'{style};vertical-align:top', ' lang="fr"' if c in french else ""))
    # pandas formats the values (numbers, dates, missing values) as usual; only the cells' attributes change
    with pd.option_context("display.max_colwidth", None):
        html = frame.to_html(notebook=True, escape=True)
    head, sep, body = html.partition("<tbody>")

    def row(match: re.Match) -> str:
        cells = iter(styles)
        return re.sub(r"<td>", lambda _: '<td style="{}"{}>'.format(*next(cells, ("", ""))), match.group(0))

    body = re.sub(r"<tr>.*?</tr>", row, body, flags=re.S)
    for c, (style, _) in zip(frame.columns, styles, strict=True):
        align = "right" if "text-align:right" in style else "left"
        head = head.replace(f"<th>{esc(c)}</th>", f'<th style="text-align:{align}">{esc(c)}</th>', 1)
    return f'<div class="redlines-table">{head}{sep}{body}</div>'


def _table_formatter(frame: pd.DataFrame) -> str:
    return table_html(frame) or frame._repr_html_()


def register_table_formatter() -> bool:
    """Show DataFrames with ``table_html`` in this IPython kernel (True if there is one to register with)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _table_formatter)
    return True
