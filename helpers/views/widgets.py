"""Interactive widgets (ipywidgets 8): positions side by side, a source reader, a timeline picker.

Each widget is an ipywidgets box: put it last in a cell (or ``display(w)``) to see it. Its parts are
attributes (``w.issue``, ``w.left``…), so a test or a student can set ``w.issue.value = "sanctions"`` and
read what changed in ``w.left.value``. Every text from the sources and the data is escaped.

>>> from helpers import PositionsWidget
>>> w = PositionsWidget("nuclear_weapons")
>>> "Stoltenberg" in w.right.value
True
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import pandas as pd

from helpers.data.corpus import find_passage, get_source, list_sources, load_sources
from helpers.data.curated import SIDES, load_actors, load_events, load_issues, load_positions
from helpers.errors import CourseError
from helpers.views import display as disp
from helpers.views.charts import live_chart, timeline_chart
from helpers.views.palette import SIDE_COLORS

__all__ = ["PositionsWidget", "SourceReader", "TimelinePicker"]

_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_KINDS = {
    "direct quote": "the speaker's own words: a whole quotation, with only who said it outside the marks",
    "partly quoted": "the outlet reports the statement in its own sentence and quotes some of the speaker's words",
    "reported speech": "the outlet reports what the speaker said, without quotation marks",
    "paraphrase": "the outlet's summary of the position",
    "editorial framing": "the outlet's own words, not a statement by an official of this side",
}
_HALF = widgets.Layout(width="50%", padding="0 6px")
#: Backgrounds for white text in each side's colour family: white on each is at least 4.5:1 (WCAG AA).
HEADER_BACKGROUNDS: dict[str, str] = {"Russia": "#A84300", "US/NATO": "#0072B2", "Ukraine": "#00704F",
                                      "other": "#595959"}

#: The focus ring of every control of the course's widgets: 3px, #1A5FB4 (6.3:1 on white).
FOCUS_CSS = """
.redlines-widget select:focus, .redlines-widget input:focus, .redlines-widget button:focus,
.redlines-widget summary:focus, .redlines-widget a:focus, .redlines-widget [tabindex]:focus {
  outline: 3px solid #1A5FB4 !important; outline-offset: 2px !important;
}
"""

#: The course's widgets fit their output area, however narrow the window: a control wider than the area (the
#: 48em lists and drop-downs) narrows to it, margins included, and a chart inside a widget (the timeline picker's,
#: 853 px wide with its labels) is scaled down to it rather than reaching past it (5 px past an 848 px area, in a
#: 1280 px window). Vega draws SVG here and picks a point by the element clicked, so a scaled chart still answers
#: clicks.
FIT_CSS = """
.redlines-widget { max-width: 100%; }
.redlines-widget > .jupyter-widgets { max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }
.redlines-widget .vega-embed, .redlines-widget .vega-embed > svg { max-width: 100%; }
.redlines-widget .vega-embed > svg { height: auto; }
"""

# Marks every control of the widget (drop-downs, lists, links, folded details) with data-lm-suppress-shortcuts,
# now and whenever the widget redraws: JupyterLab then leaves the keys pressed on a control to the control
# (arrow keys change a drop-down's value; m, a, x, d d do not edit cells). ipywidgets #3912. The attribute must
# be on the focused element itself: JupyterLab's command-mode shortcuts match `.jp-Notebook :focus`. Tab still
# moves the focus on, out of the widget.
_KEYS_ESM = """
const CONTROLS = 'select, input, textarea, button, summary, a[href], [tabindex]';
function mark(box) {
  box.setAttribute('data-lm-suppress-shortcuts', 'true');
  for (const el of box.querySelectorAll(CONTROLS)) {
    if (!el.hasAttribute('data-lm-suppress-shortcuts')) el.setAttribute('data-lm-suppress-shortcuts', 'true');
  }
}
function render({ el }) {
  let box = null;
  const start = () => {
    box = el.closest('.redlines-widget');
    if (!box) return false;
    mark(box);
    new MutationObserver(() => mark(box)).observe(box, { childList: true, subtree: true });
    return true;
  };
  if (start()) return;
  const wait = new MutationObserver(() => { if (start()) wait.disconnect(); });
  wait.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => wait.disconnect(), 60000);
}
export default { render };
"""


def _keyboard_guard():
    """An invisible part of each widget that gives the keyboard to its controls (see ``_KEYS_ESM``)."""
    import anywidget

    class KeyboardGuard(anywidget.AnyWidget):
        _esm = _KEYS_ESM
        _css = FOCUS_CSS + FIT_CSS

    return KeyboardGuard(layout=widgets.Layout(display="none"))


def _tight(html: str) -> str:
    """Widget HTML panels inherit a 28px line height meant for one-line widgets: set a reading one."""
    return f'<div style="line-height:1.45">{html}</div>'


def _count(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def _check_id(value, valid: list[str], what: str, lister: str) -> str:
    if value not in valid:
        raise CourseError(f"There is no {what} {value!r}. The {what}s are: {', '.join(valid)} ({lister} lists them).")
    return value


class _Shown(widgets.VBox):
    """A box that can also be shown with ``w.display()``, keyboard-safe in JupyterLab, with a static view.

    Its mimebundle carries, next to the live widget, ``text/html``: the static HTML of what it shows now, which
    static copies (``make html``, ``jupyter nbconvert --to html``, GitHub, nbviewer) show where the live widget
    cannot run and the notebook holds no widget state (see ``enable_offline_charts``).
    """

    def _guard(self, children: list) -> list:
        self.add_class("redlines-widget")
        self.keyboard = _keyboard_guard()
        return [*children, self.keyboard]

    def static_html(self) -> str:
        """The widget's current view as HTML without JavaScript (what a static copy shows)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        shown = super()._repr_mimebundle_(**kwargs)
        if shown is None:
            return None
        bundle, meta = shown if isinstance(shown, tuple) else (shown, None)
        bundle = {**bundle, "text/html": f'<div class="redlines-widget-static">{self.static_html()}</div>'}
        return bundle if meta is None else (bundle, meta)

    def display(self) -> None:
        """Show the widget (the same as putting it last in a cell)."""
        from IPython.display import display

        display(self)


# ---------------------------------------------------------------- positions side by side


def _passage_of(source_id: str, french: str, data_dir) -> str | None:
    """The passage holding ``french``; if the words run over two passages, the one where they start."""
    pid = find_passage(source_id, french, data_dir)
    if pid is None:
        src = get_source(source_id, data_dir)
        pos = src.body.find(french)
        pid = src.passage_at(pos) if pos >= 0 else None
    return pid


def _marked(passage: str, words: str) -> str:
    """The passage, escaped, with ``words`` marked where they occur."""
    i = passage.find(words)
    if i < 0 or not words:
        return disp.esc(passage)
    return (disp.esc(passage[:i]) + f"<mark>{disp.esc(words)}</mark>" + disp.esc(passage[i + len(words):]))


def _header(side: str) -> str:
    """The side's name, white on a dark shade of the side's colour (≥ 4.5:1), over a band of the colour itself."""
    colour = SIDE_COLORS.get(side, SIDE_COLORS["other"])
    dark = HEADER_BACKGROUNDS.get(side, HEADER_BACKGROUNDS["other"])
    return (f'<div style="background:{dark};color:white;font-weight:bold;font-size:1.15em;padding:4px 8px;'
            f'border-bottom:5px solid {colour};border-radius:3px">{disp.esc(side)}</div>')


def said_reported(row: dict) -> str:
    """'said Wed 12 Jan 2022 · reported Wed 12 Jan 2022', with 'said: not known' when the day is unknown."""
    said = row.get("date_said")
    text = f"said {said:%a %d %b %Y}" if pd.notna(said) else "said: date not known"
    reported = row.get("date_reported")
    if pd.notna(reported) and row.get("source_id"):
        text += f" · reported {reported:%a %d %b %Y} ({row['source_id']})"
    return text


def _claim(row: dict, roles: dict[str, str], data_dir) -> str:
    role = row.get("speaker_role") or roles.get(row["speaker"], "")
    who = f"<b>{disp.esc(row['speaker'])}</b>" + (f" ({disp.esc(role)})" if role else "")
    date = said_reported(row)
    pid = _passage_of(row["source_id"], row["french"], data_dir)
    passage = get_source(row["source_id"], data_dir).passage(pid) if pid else ""
    kind = row["kind"]
    parts = [
        f'<div style="margin-bottom:4px">{who} · {disp.esc(date)}</div>',
        f'<div style="font-size:0.85em"><span style="border:1px solid #666;border-radius:3px;padding:0 4px">'
        f'{disp.esc(kind)}</span> {disp.esc(_KINDS.get(kind, ""))}</div>',
        f'<div style="font-size:0.85em;margin-top:2px">Source <b>{disp.esc(row["source_id"])}</b>, passage '
        f'<b>{disp.esc(pid or "not found")}</b></div>',
        disp.french_english(row["french"], row["english"]),
    ]
    if passage:
        parts.append(f'<details><summary>The cited passage ({disp.esc(pid)})</summary>'
                     f'<div lang="fr" style="white-space:pre-wrap;font-size:0.9em;margin:4px 0">'
                     f'{_marked(passage, row["french"])}</div></details>')
    if row.get("note"):
        parts.append(f'<div style="font-size:0.85em;color:#333">Note: {disp.esc(row["note"])}</div>')
    if row.get("reference_url"):
        parts.append(f'<div style="font-size:0.85em">Reference: {disp.links(row["reference_url"])}</div>')
    return ('<div style="border:1px solid #BBB;border-radius:4px;padding:6px 8px;margin:6px 0">'
            + "".join(parts) + "</div>")


def _outside(row: dict) -> str:
    note = f'<div style="font-size:0.85em;color:#333">Note: {disp.esc(row["note"])}</div>' if row.get("note") else ""
    return (f'<div style="margin:4px 0"><b>{disp.esc(row["speaker"])}</b> ({disp.esc(said_reported(row))}): '
            f'{disp.esc(row["english"])}'
            f'<div style="font-size:0.85em">Reference: {disp.links(row["reference_url"])}</div>{note}</div>')


def _gap_box(title: str, inner: str) -> str:
    return (f'<div role="note" style="border:2px dashed #555;background:#F2F2F2;border-radius:4px;padding:6px 8px;'
            f'margin:6px 0"><div style="font-weight:bold">{title}</div>{inner}</div>')


def side_panel(rows: pd.DataFrame, side: str, n_sources: int, roles: dict[str, str], data_dir=None) -> str:
    """The HTML of one side's column: header, each claim, and the gaps made visible."""
    five = f"the {_count(n_sources)} sources"
    inside = rows[rows["kind"] != "not in corpus"]
    outside = rows[rows["kind"] == "not in corpus"]
    html = [_header(side)]
    html += [_claim(r, roles, data_dir) for r in inside.to_dict("records")]
    refs = "".join(_outside(r) for r in outside.to_dict("records"))
    if rows.empty:
        html.append(_gap_box(f"No statement by {disp.esc(side)} on this issue in {five}",
                             "<i>and no outside reference in positions.csv either.</i>"))
    elif inside.empty:
        html.append(_gap_box(f"No statement by {disp.esc(side)} on this issue in {five} — outside reference:", refs))
    elif refs:
        html.append(_gap_box(f"Not in {five} — outside reference:", refs))
    return "".join(html)


class PositionsWidget(_Shown):
    """Pick an issue; Russia's and the US/NATO's stated positions appear side by side, in their own words.

    Attributes: ``issue`` (Dropdown), ``question`` (HTML), ``left`` (Russia) and ``right`` (US/NATO).

    >>> w = PositionsWidget()
    >>> w.issue.value = "sanctions"
    >>> "Blinken" in w.right.value
    True
    """

    def __init__(self, issue_id: str | None = None, data_dir: str | os.PathLike | None = None):
        self.data_dir = data_dir
        self._issues = load_issues(data_dir).set_index("issue_id")
        self._positions = load_positions(data_dir)
        self._roles = dict(load_actors(data_dir)[["name", "role"]].itertuples(index=False))
        self._n_sources = len(list_sources(data_dir))
        ids = list(self._issues.index)
        issue_id = ids[0] if issue_id is None else _check_id(issue_id, ids, "issue", "load_issues()")
        self.issue = widgets.Dropdown(options=[(t, i) for i, t in self._issues["title"].items()],
                                      value=issue_id, description="Issue:", layout=widgets.Layout(width="32em"))
        self.question = widgets.HTML()
        self.left = widgets.HTML(layout=_HALF)
        self.right = widgets.HTML(layout=_HALF)
        super().__init__(children=self._guard([self.issue, self.question, widgets.HBox([self.left, self.right])]))
        self.issue.observe(lambda change: self.update(), names="value")
        self.update()

    def static_html(self) -> str:
        """The issue picked, the question, and both columns side by side."""
        title = self._issues.loc[self.issue.value, "title"]
        return (f'<div style="margin:4px 0"><b>Issue:</b> {disp.esc(title)}</div>{self.question.value}'
                '<div style="display:flex;gap:12px;align-items:flex-start">'
                f'<div style="flex:1;min-width:0">{self.left.value}</div>'
                f'<div style="flex:1;min-width:0">{self.right.value}</div></div>')

    def update(self) -> None:
        """Redraw the question and both columns for the issue now picked."""
        issue = self._issues.loc[self.issue.value]
        self.question.value = _tight(f'<div style="margin:6px 0"><div style="font-size:1.1em"><b>Question:</b> '
                               f'{disp.esc(issue["question"])}</div></div>')
        rows = self._positions[self._positions["issue_id"] == self.issue.value]
        left, right = SIDES
        for panel, side in ((self.left, left), (self.right, right)):
            panel.value = _tight(side_panel(rows[rows["side"] == side], side, self._n_sources, self._roles,
                                            self.data_dir))


# ---------------------------------------------------------------- source reader


class SourceReader(_Shown):
    """Pick a source; see its metadata card, its body with quotes highlighted, its boilerplate and comments.

    Attributes: ``picker`` (Dropdown), ``card``, ``body``, ``boilerplate``, ``comments`` (HTML).

    >>> r = SourceReader("afp")
    >>> r.picker.value = "topcor"
    >>> "Content note" in r.comments.value
    True
    """

    def __init__(self, source_id: str | None = None, data_dir: str | os.PathLike | None = None):
        self.data_dir = data_dir
        meta = load_sources(data_dir).sort_values("published", kind="stable")
        ids = meta["id"].tolist()
        source_id = ids[0] if source_id is None else _check_id(source_id, ids, "source", "list_sources()")
        options = [(f"{r['id']} · {r['published']:%d %b %Y} (inferred) · {r.get('title_en') or r['title']}", r["id"])
                   for r in meta.to_dict("records")]
        self.picker = widgets.Dropdown(options=options, value=source_id, description="Source:",
                                       layout=widgets.Layout(width="48em"))
        self.card, self.body, self.boilerplate, self.comments = (widgets.HTML() for _ in range(4))
        super().__init__(children=self._guard([self.picker, self.card, self.body, self.boilerplate, self.comments]))
        self.picker.observe(lambda change: self.update(), names="value")
        self.update()

    def static_html(self) -> str:
        """The source picked, its card, body, boilerplate and comments."""
        label = dict((v, k) for k, v in self.picker.options)[self.picker.value]
        return (f'<div style="margin:4px 0"><b>Source:</b> {disp.esc(label)}</div>'
                + "".join(p.value for p in (self.card, self.body, self.boilerplate, self.comments)))

    def update(self) -> None:
        """Redraw the four panels for the source now picked."""
        sid, d = self.picker.value, self.data_dir
        self.card.value = _tight(disp.metadata_card(sid, d))
        self.body.value = _tight(disp.highlight_quotes(sid, d))
        self.boilerplate.value = _tight(disp.part_box(sid, "boilerplate", d))
        self.comments.value = _tight(disp.part_box(sid, "comments", d))


# ---------------------------------------------------------------- timeline picker


class TimelinePicker(_Shown):
    """The events and the sources in date order: pick one to read what it is, who, where, and its references.

    Attributes: ``picker`` (Select; values are event ids such as ``"e28"`` and source ids such as ``"afp"``),
    ``detail`` (HTML) and ``chart`` (the timeline as an ``alt.JupyterChart``; clicking an event picks it).

    >>> t = TimelinePicker()
    >>> t.picker.value = "afp"
    >>> "inferred" in t.detail.value
    True
    """

    def __init__(self, as_of: str | None = None, data_dir: str | os.PathLike | None = None):
        self.data_dir = data_dir
        self._events = load_events(data_dir).set_index("event_id")
        self._sources = load_sources(data_dir).set_index("id")
        items = [(r["date"], 0, f"{r['date']:%Y-%m-%d} · {r['title']}", i) for i, r in self._events.iterrows()]
        items += [(r["published"], 1, f"{r['published']:%Y-%m-%d} · source {i} published (inferred): "
                   f"{r.get('title_en') or r['title']}", i) for i, r in self._sources.iterrows()]
        clash = set(self._events.index) & set(self._sources.index)
        if clash:
            raise CourseError(f"The id {sorted(clash)[0]!r} is both an event and a source; rename one of them.")
        items.sort(key=lambda t: (t[0], t[1]))
        self.picker = widgets.Select(options=[(label, key) for _, _, label, key in items], rows=12,
                                     description="Pick:", layout=widgets.Layout(width="48em"))
        self.detail = widgets.HTML()
        self.chart = self._make_chart(as_of)
        children = [self.picker, self.detail] if self.chart is None else [self.chart, self.picker, self.detail]
        super().__init__(children=self._guard(children))
        self.picker.observe(lambda change: self.update(), names="value")
        self.update()

    def static_html(self) -> str:
        """The timeline drawn as an image, the item picked, and its details."""
        from helpers.views.charts import chart_image_html

        chart = ""
        if self.chart is not None:
            chart = f'<div style="margin:4px 0">{chart_image_html(self.chart.spec)}</div>'
        label = dict((v, k) for k, v in self.picker.options)[self.picker.value]
        return f'{chart}<div style="margin:4px 0"><b>Picked:</b> {disp.esc(label)}</div>{self.detail.value}'

    def _make_chart(self, as_of):
        try:
            chart = live_chart(timeline_chart(self._events.reset_index(), self._sources.reset_index(),
                                              as_of=as_of, select=True))
        except Exception:  # noqa: BLE001 - no chart is better than no widget (e.g. anywidget missing)
            return None
        chart.selections.observe(self._on_click, names=["pick"])
        return chart

    def _on_click(self, change) -> None:
        picked = getattr(change["new"], "value", None) or []
        if picked and picked[0].get("event_id") in self._events.index:
            self.picker.value = picked[0]["event_id"]

    def update(self) -> None:
        """Redraw ``detail`` for the event or source now picked."""
        key = self.picker.value
        if key in self._sources.index:
            events = [i for i, ids in self._events["source_ids"].items() if key in ids.split()]
            linked = ", ".join(f"{disp.esc(i)} ({disp.esc(self._events.loc[i, 'title'])})" for i in events)
            self.detail.value = _tight(disp.metadata_card(key, self.data_dir) + (
                f'<div style="margin:4px 0"><b>Events this source mentions:</b> {linked or "none listed"}</div>'))
            return
        ev = self._events.loc[key]
        mentioned = [s for s in ev["source_ids"].split() if s in self._sources.index]
        srcs = ", ".join(
            f"<b>{disp.esc(s)}</b> (published {self._sources.loc[s, 'published']:%d %b %Y}, inferred"
            + ("; before the event, so it speaks of it as planned or expected" if
               self._sources.loc[s, "published"] < ev["date"] else "") + ")"
            for s in mentioned)
        end = ev.get("end_date")
        when = f"{ev['date']:%a %d %b %Y}" + (f" – {end:%a %d %b %Y}" if pd.notna(end) else "")
        rows = [("When", disp.esc(when)), ("What", disp.esc(ev["what"])), ("Who", disp.esc(ev["who"])),
                ("Where", disp.esc(ev["where"])), ("Kind", disp.esc(ev.get("kind", ""))),
                ("Reference", disp.links(ev["reference_url"])),
                ("Mentioned in", srcs or "none of the sources")]
        table = "".join(f'<tr><th style="text-align:left;vertical-align:top;padding-right:10px">{k}</th>'
                        f'<td style="text-align:left">{v}</td></tr>' for k, v in rows)
        self.detail.value = _tight(
            '<div style="border:2px solid #333;border-radius:4px;padding:6px 10px;margin:6px 0">'
            f'<div style="font-weight:bold;font-size:1.1em">{disp.esc(ev["title"])}</div><table>{table}</table></div>')
