"""Charts for the course, made with altair: one function per chart, each with a title and a description.

Colours and shapes per side come from :mod:`helpers.views.palette` (Okabe–Ito, safe for colour-blind readers), and
colour is never
the only cue: every chart also uses a shape, a label or a position for the same information.

>>> from helpers import enable_offline_charts, timeline_chart
>>> enable_offline_charts()  # doctest: +SKIP
>>> timeline_chart(as_of="2022-01-26")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pandas as pd

from helpers.errors import CourseError
from helpers.views.palette import CELL_INK, SIDE_COLORS, SIDE_SHAPES

__all__ = [
    "build_chart_bundle", "chart_bundle_path", "chart_image_html", "chart_svg",
    "coverage_grid",
    "enable_offline_charts", "live_chart", "quotes_by_side_chart", "side_color_scale", "side_shape_scale",
    "term_heatmap", "timeline_chart",
]



class _Lazy:
    """``altair``, imported the first time a chart is made: ``import helpers`` (every lesson's first cell) does
    not pay for it (0.3-0.5 s), and lessons without charts never do."""

    def __getattr__(self, name: str):
        return getattr(importlib.import_module("altair"), name)


alt = _Lazy()


_SLURS = ("banderstan", "svidomo")
_WIDTH = 640


def side_color_scale() -> alt.Scale:
    """An altair colour scale with the fixed side → colour mapping of ``SIDE_COLORS``.

    >>> side_color_scale().to_dict()["range"][0]
    '#D55E00'
    """
    return alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values()))


def side_shape_scale() -> alt.Scale:
    """An altair shape scale with the fixed side → shape mapping of ``SIDE_SHAPES``."""
    return alt.Scale(domain=list(SIDE_SHAPES), range=list(SIDE_SHAPES.values()))


def enable_offline_charts() -> None:
    """Set up the course's display: call once, in a notebook's Imports cell.

    - **Charts without internet.** Altair's default renderer loads its JavaScript from a CDN, so charts stay
      blank offline. The course's renderer ships the JavaScript with the chart (anywidget + vl-convert). The
      JavaScript bundle is built once per installation (about a second) and kept in a file
      (``chart_bundle_path()``); it is loaded when the first chart is drawn, so a lesson's first cell does not
      wait for it.
    - **Static copies.** Each chart also carries a static SVG drawing (vl-convert), named by the chart's
      description, which exports (``make html``, ``jupyter nbconvert --to html``, GitHub, nbviewer) show when
      they cannot run the live chart: when the notebook holds no widget state, as JupyterLab saves it and as
      the course's export settings run it (``.jupyter/jupyter_nbconvert_config.json``). Live JupyterLab shows
      the interactive chart.
    - **Readable tables.** Tables that hold French text (``kwic``, ``term_contexts``, a ``french`` column)
      mark it ``lang="fr"``, and long text columns are left-aligned and wrapped, not cut (see
      ``helpers.views.display.table_html``).

    >>> enable_offline_charts()  # doctest: +SKIP
    """
    from helpers.views.display import register_table_formatter

    register_table_formatter()
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        shell = None
    if shell is not None:  # by the class's name: altair is imported only when the first chart is shown
        shell.display_formatter.mimebundle_formatter.for_type_by_name(
            "altair.vegalite.v6.api", "TopLevelMixin", _show_chart)
    if "altair" in sys.modules or shell is None:
        alt.renderers.register("course", _course_renderer)
        alt.renderers.enable("course")


def _show_chart(chart) -> dict | tuple:
    """IPython's view of a chart (any altair top-level chart): the live chart and its static copy."""
    return _with_static(live_chart(chart))


# ---------------------------------------------------------------- rendering: live widget + static SVG


def chart_bundle_path() -> Path:
    """The file that holds the offline chart JavaScript for the installed altair and vl-convert.

    In ``$REDLINES_CACHE`` if set, else in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``)
    under ``red-lines-open-doors/``.
    """
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    folder = os.environ.get("REDLINES_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") \
        / "red-lines-open-doors"
    name = f"altair-{alt.__version__}_vl-convert-{vlc.__version__}_vl-{vl_version_for_vl_convert()}.js"
    return Path(folder) / name


def build_chart_bundle(path: str | os.PathLike | None = None) -> Path:
    """Build the offline chart JavaScript (about a second) and write it to ``path`` (``chart_bundle_path()``).

    ``python -c "import helpers; helpers.build_chart_bundle()"`` after installing saves that second in the
    first chart of every later kernel. A folder that cannot be written is not an error: the bundle is then
    built again in each kernel.
    """
    path = Path(path) if path is not None else chart_bundle_path()
    was_offline, esm = alt.JupyterChart._is_offline, alt.JupyterChart._esm
    alt.JupyterChart._is_offline = False
    try:
        alt.JupyterChart.enable_offline()  # altair's own recipe: vl-convert bundles altair's widget code
        bundle = alt.JupyterChart._esm
    finally:
        alt.JupyterChart._is_offline, alt.JupyterChart._esm = was_offline, esm
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(path)  # atomic: two kernels building at once never read half a file
    except OSError:
        pass
    _BUNDLE["esm"] = bundle
    return path


_BUNDLE: dict[str, str] = {}


def _offline_bundle() -> str:
    """The offline chart JavaScript: from memory, else from its file, else built (and saved) now."""
    if "esm" not in _BUNDLE:
        path = chart_bundle_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = ""
        if len(text) > 100_000 and "vega" in text[-200_000:]:  # a whole bundle, not a truncated file
            _BUNDLE["esm"] = text
        else:
            build_chart_bundle(path)
    return _BUNDLE["esm"]


def use_offline_bundle() -> None:
    """Make every ``alt.JupyterChart`` made from now on carry its JavaScript (no CDN)."""
    if not (alt.JupyterChart._is_offline and alt.JupyterChart._esm == _BUNDLE.get("esm")):
        alt.JupyterChart._esm = _offline_bundle()
        alt.JupyterChart._is_offline = True


def accessible_spec(spec: dict) -> dict:
    """The chart's spec for screen readers: the chart-level description stays, the marks get no ARIA labels.

    Vega gives every mark an ARIA label of its own (247 in the coverage grid): a screen reader would read
    them all. The description (set by each chart function) says what the chart shows in one paragraph.
    """
    spec = dict(spec)
    config = dict(spec.get("config") or {})
    config["mark"] = {**(config.get("mark") or {}), "aria": False}
    spec["config"] = config
    return spec


def _description(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    parts = [str(title) if title else "", str(spec.get("description") or "")]
    return ". ".join(p.rstrip(".") for p in parts if p) + "." if any(parts) else "A chart."


def _drawn(spec: dict, vlc, vl_version: str) -> str:
    """vl-convert's SVG of ``spec`` (0.3 to 1 s a chart), kept in a file next to the bundle: a lesson run
    again draws the same charts, and reads them back instead."""
    import hashlib
    import json

    key = hashlib.sha256(json.dumps([spec, vlc.__version__, vl_version], sort_keys=True, default=str)
                         .encode("utf-8")).hexdigest()[:32]
    path = chart_bundle_path().parent / "svg" / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = vlc.vegalite_to_svg(spec, vl_version=vl_version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return svg


def chart_svg(chart: alt.TopLevelMixin | dict) -> str:
    """The chart drawn as an SVG image (vl-convert), named by its title and description for screen readers.

    >>> svg = chart_svg(timeline_chart())  # doctest: +SKIP
    """
    import html

    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec = accessible_spec(spec)
    svg = _drawn(spec, vlc, vl_version_for_vl_convert())
    label = html.escape(_description(spec), quote=True)
    head, sep, rest = svg.partition(">")
    if not head.startswith("<svg") or not sep:
        return svg
    return f'{head} role="img" aria-label="{label}"><title>{label}</title>{rest}'


def chart_image_html(chart: alt.TopLevelMixin | dict, svg: str | None = None) -> str:
    """The chart as an ``<img>`` of its SVG whose ``alt`` text is the chart's title and description.

    What static copies show: nbconvert, GitHub and nbviewer choose ``text/html`` when the live chart cannot run.
    """
    import base64
    import html

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    data = base64.b64encode((svg or chart_svg(spec)).encode("utf-8")).decode("ascii")
    return (f'<img class="redlines-chart" src="data:image/svg+xml;base64,{data}" '
            f'alt="{html.escape(_description(spec), quote=True)}" style="max-width:100%;height:auto">')


def live_chart(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """The chart as a live widget (``alt.JupyterChart``), offline, without the actions menu, marks unlabelled."""
    use_offline_bundle()
    return alt.JupyterChart(chart=chart.configure_mark(aria=False), embed_options={"actions": False})


def _with_static(widget: alt.JupyterChart) -> dict | tuple:
    """The live chart's mimebundle, with its static copy: SVG, and an ``<img>`` named by the description."""
    spec = widget.spec
    shown = widget._repr_mimebundle_()
    bundle, meta = shown if isinstance(shown, tuple) else (shown, {})
    svg = chart_svg(spec)
    bundle = {**bundle, "image/svg+xml": svg, "text/html": chart_image_html(spec, svg),
              "text/plain": f"Chart: {_description(spec)}"}
    return (bundle, meta) if meta else bundle


def _course_renderer(spec: dict, **metadata) -> dict | tuple:
    """altair's renderer ``"course"``: the live chart (a widget) and, for static copies, the same chart drawn."""
    use_offline_bundle()
    widget = alt.JupyterChart(chart=alt.Chart.from_dict(accessible_spec(spec)),
                              embed_options={"actions": False})
    return _with_static(widget)


# ---------------------------------------------------------------- input checks


def _frame(obj, name: str, columns: tuple[str, ...], example: str) -> pd.DataFrame:
    """``obj`` as a DataFrame with ``columns``; otherwise a CourseError naming the fix."""
    if not isinstance(obj, pd.DataFrame):
        raise CourseError(
            f"{name}() needs a pandas DataFrame with the columns {', '.join(columns)} (e.g. {example}); "
            f"it was given a {type(obj).__name__}."
        )
    missing = [c for c in columns if c not in obj.columns]
    if missing:
        raise CourseError(
            f"{name}(): the table has no column {', '.join(repr(c) for c in missing)}. It needs the columns "
            f"{', '.join(columns)}; its columns are {', '.join(map(str, obj.columns)) or 'none'}. "
            "Rename a column with .rename(columns={'old': 'new'})."
        )
    if obj.empty:
        raise CourseError(f"{name}(): the table is empty, so there is nothing to draw. Check the filter before it.")
    return obj.copy()


def _counts(frame: pd.DataFrame, name: str) -> pd.Series:
    n = pd.to_numeric(frame["n"], errors="coerce")
    if n.isna().any() or (n < 0).any():
        bad = frame.loc[n.isna() | (n < 0), "n"].iloc[0]
        raise CourseError(f"{name}(): the column 'n' must hold counts (whole numbers ≥ 0); it holds {bad!r}.")
    return n.astype(int)


def _sides(values: pd.Series, name: str) -> pd.Series:
    sides = values.fillna("").astype(str).str.strip().replace("", "other")
    bad = sorted(set(sides) - set(SIDE_COLORS))
    if bad:
        raise CourseError(
            f"{name}(): unknown side {bad[0]!r}. A side is one of {', '.join(SIDE_COLORS)} "
            "(an empty side counts as 'other')."
        )
    return sides


def _date(value, name: str) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        day = pd.NaT
    if pd.isna(day):
        raise CourseError(f"{name}(): as_of must be a date such as '2022-01-26'; it was {value!r}.")
    return day.normalize()


# ---------------------------------------------------------------- timeline


def _event_sides(events: pd.DataFrame) -> pd.Series:
    """The side of each event's actors (from actors.csv); 'other' when none or several sides act."""
    if "side" in events.columns:
        return _sides(events["side"], "timeline_chart")
    try:
        from helpers.data.curated import load_actors

        actors = load_actors()
    except CourseError:
        return pd.Series("other", index=events.index)
    by_name = {}
    for row in actors.to_dict("records"):
        for alias in [row["name"], *row["aliases"].split(";")]:
            if alias.strip():
                by_name[alias.strip()] = row["side"]

    def side(who: str) -> str:
        found = {by_name[w.split("(")[0].strip()] for w in str(who).split(";") if w.split("(")[0].strip() in by_name}
        return found.pop() if len(found) == 1 else "other"

    return events["who"].map(side)


def timeline_chart(
    events: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    as_of: str | pd.Timestamp | None = None,
    *,
    select: bool = False,
) -> alt.LayerChart:
    """Events and the five sources on one time axis; optionally a line at ``as_of``.

    Events are points (hover for date, title, who, where), one row per kind of event, coloured and shaped
    by the side that acted ("other" when several sides or none). Sources are dashed vertical lines
    labelled with their id at their **inferred** publication date.

    >>> chart = timeline_chart(as_of="2022-01-26")
    >>> chart.to_dict()["title"]["text"]
    'Events and sources, December 2021 – February 2022'
    """
    from helpers.data.corpus import load_sources
    from helpers.data.curated import load_events

    events = load_events() if events is None else events
    sources = load_sources() if sources is None else sources
    ev = _frame(events, "timeline_chart", ("date", "title", "who", "where"), "load_events()")
    src = _frame(sources, "timeline_chart", ("id", "published"), "load_sources()")
    ev["date"] = pd.to_datetime(ev["date"], format="ISO8601", errors="coerce")
    src["published"] = pd.to_datetime(src["published"], format="ISO8601", errors="coerce")
    if ev["date"].isna().any() or src["published"].isna().any():
        raise CourseError("timeline_chart(): some dates cannot be read; write them as YYYY-MM-DD (e.g. 2022-01-12).")
    ev["side"] = _event_sides(ev)
    ev["kind"] = ev["kind"].astype(str) if "kind" in ev.columns else "event"
    ev["day"] = ev["date"].dt.strftime("%a %d %b %Y")
    same_day = ev.groupby(["date", "kind"])  # events on the same day and row are stacked around the row's line
    ev["offset"] = 17 + (same_day.cumcount() - (same_day["title"].transform("size") - 1) / 2) * 11
    ev["event_id"] = ev["event_id"].astype(str) if "event_id" in ev.columns else [str(i) for i in range(len(ev))]
    ev = ev[["event_id", "date", "day", "title", "who", "where", "kind", "side", "offset"]]
    src = src.sort_values("published", kind="stable").reset_index(drop=True)
    src = pd.DataFrame({
        "date": src["published"], "id": src["id"].astype(str),
        "label": src["id"].astype(str) + " (inferred)",
        "day": src["published"].dt.strftime("%a %d %b %Y") + " (inferred)",
        "title": src.get("title_en", src.get("title", src["id"])).astype(str),
        "level": [i % 2 for i in range(len(src))],
    })
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount="week"))
    lanes = sorted(ev["kind"].unique())
    legend = alt.Legend(labelExpr="datum.label == 'other' ? 'several sides, or other' : datum.label")
    points = alt.Chart(ev).mark_point(size=90, filled=True, opacity=0.9, stroke="black", strokeWidth=0.5).encode(
        x=x,
        y=alt.Y("kind:N", title="Kind of event", sort=lanes, scale=alt.Scale(type="band", padding=0)),
        yOffset=alt.YOffset("offset:Q", scale=None),
        color=alt.Color("side:N", scale=side_color_scale(), title="Who acted (side)", legend=legend),
        shape=alt.Shape("side:N", scale=side_shape_scale(), title="Who acted (side)", legend=legend),
        tooltip=[alt.Tooltip("day:N", title="Date"), alt.Tooltip("title:N", title="Event"),
                 alt.Tooltip("who:N", title="Who"), alt.Tooltip("where:N", title="Where"),
                 alt.Tooltip("side:N", title="Side")],
    )
    if select:
        pick = alt.selection_point(name="pick", fields=["event_id"], on="click", clear="dblclick")
        points = points.add_params(pick).encode(
            size=alt.condition(pick, alt.value(90), alt.value(50)))
    rules = alt.Chart(src).mark_rule(strokeDash=[4, 3], color="#444444").encode(
        x=x, tooltip=[alt.Tooltip("id:N", title="Source"), alt.Tooltip("day:N", title="Published"),
                      alt.Tooltip("title:N", title="Title (our translation)")])
    labels = [
        alt.Chart(src[src["level"] == level]).mark_text(
            align="left", dx=3, fontSize=11, fontWeight="bold", color="#222222"
        ).encode(x=x, y=alt.value(-8 - 14 * level), text="label:N")
        for level in (0, 1)
    ]
    layers = [rules, points, *labels]
    described = f"Timeline of {len(ev)} events and {len(src)} sources"
    if as_of is not None:
        day = _date(as_of, "timeline_chart")
        mark = pd.DataFrame({"date": [day], "label": [f"as of {day:%d %b %Y}"]})
        layers.append(alt.Chart(mark).mark_rule(color="black", strokeWidth=2).encode(x=x))
        layers.append(alt.Chart(mark).mark_text(align="left", dx=3, fontStyle="italic", fontWeight="bold").encode(
            x=x, y=alt.value(-36), text="label:N"))
        described += f", with a solid line at {day:%d %B %Y} (what was known by then lies to its left)"
    first, last = min(ev["date"].min(), src["date"].min()), max(ev["date"].max(), src["date"].max())
    description = (
        f"{described}, {first:%d %B %Y} to {last:%d %B %Y}. Events are points, one row per kind of event, "
        "coloured and shaped by the side that acted; dashed vertical lines labelled with an id mark the "
        "inferred publication date of each source."
    )
    return alt.layer(*layers).properties(
        width=_WIDTH, height=34 * len(lanes),
        title=alt.TitleParams("Events and sources, December 2021 – February 2022", offset=24,
                              subtitle="Dashed lines: when each source was published (inferred). "
                                       "Hover over a point for the event, or pick it from the list "
                                       "of TimelinePicker()."),
        description=description,
    )


# ---------------------------------------------------------------- voices


def quotes_by_side_chart(table: pd.DataFrame) -> alt.VConcatChart:
    """Who is quoted in their own words, and who is only paraphrased: one bar per speaker, per side.

    ``table`` has the columns ``speaker``, ``side``, ``kind`` (``"quoted"`` or ``"paraphrased"``) and ``n``
    (without ``n``, each row counts once). An empty speaker is shown as "(unattributed)", an empty side as
    "other". One row of two panels (quoted | only paraphrased) per side; bars are coloured by side, each
    panel's title names the side, and the count is written at the end of each bar.

    Recipe from the corpus (quoted = ``extract_quotes()``, paraphrased = ``reported_speech()``):

    >>> from helpers import extract_quotes, reported_speech
    >>> both = pd.concat([extract_quotes().assign(kind="quoted"), reported_speech().assign(kind="paraphrased")])
    >>> table = both.groupby(["speaker", "side", "kind"], as_index=False).size().rename(columns={"size": "n"})
    >>> chart = quotes_by_side_chart(table)

    >>> t = pd.DataFrame({"speaker": ["Antony Blinken", "Sergey Lavrov"], "side": ["US/NATO", "Russia"],
    ...                   "kind": ["quoted", "paraphrased"], "n": [6, 2]})
    >>> quotes_by_side_chart(t).to_dict()["title"]["text"]
    'Who is quoted, who is only paraphrased'
    """
    name = "quotes_by_side_chart"
    t = _frame(table, name, ("speaker", "side", "kind"), "a table with columns speaker, side, kind, n")
    t["n"] = _counts(t, name) if "n" in t.columns else 1
    t["side"] = _sides(t["side"], name)
    t["speaker"] = t["speaker"].fillna("").astype(str).str.strip().replace("", "(unattributed)")
    t["kind"] = t["kind"].astype(str).str.strip()
    bad = sorted(set(t["kind"]) - {"quoted", "paraphrased"})
    if bad:
        raise CourseError(f"{name}(): kind must be 'quoted' or 'paraphrased'; the table has {bad[0]!r}.")
    t = t.groupby(["side", "speaker", "kind"], as_index=False)["n"].sum()
    order = t.groupby("speaker")["n"].sum().sort_values(ascending=False, kind="stable").index.tolist()
    labels = {"quoted": "quoted in their own words", "paraphrased": "paraphrased, no quotation marks"}
    sides = [s for s in SIDE_COLORS if s in set(t["side"])]
    x_max = int(t["n"].max()) + 1
    rows = []
    for side in sides:
        panels = []
        for kind in ("quoted", "paraphrased"):
            part = t[(t["side"] == side) & (t["kind"] == kind)].assign(how=labels[kind])
            if part.empty:  # keep the panel, so that an absence is visible as an empty panel with a note
                part = pd.DataFrame({"side": [side], "speaker": ["(nobody)"], "kind": [kind], "n": [0],
                                     "how": [labels[kind]]})
            order = part.sort_values(["n", "speaker"], ascending=[False, True])["speaker"].tolist()
            base = alt.Chart(part).encode(
                y=alt.Y("speaker:N", sort=order, title=None),
                x=alt.X("n:Q", title="Number of passages", scale=alt.Scale(domain=[0, x_max])),
            )
            bars = base.mark_bar().encode(
                color=alt.Color("side:N", scale=side_color_scale(), title="Side"),
                tooltip=["speaker:N", "side:N", alt.Tooltip("how:N", title="How"), "n:Q"],
            )
            text = base.mark_text(align="left", dx=3).encode(text="n:Q")
            panels.append(alt.layer(bars, text).properties(
                width=220, title=alt.TitleParams(f"{side}: {labels[kind]}", anchor="start", fontSize=12)))
        rows.append(alt.hconcat(*panels))
    totals = t.groupby("kind")["n"].sum()
    description = (
        f"Bar charts of {t['speaker'].nunique()} speakers: how many passages quote each in their own words "
        f"({totals.get('quoted', 0)} in all) and how many only paraphrase them ({totals.get('paraphrased', 0)}). "
        "One row of two panels per side (" + ", ".join(sides) + "), each panel titled with the side; "
        "the count is written at the end of each bar."
    )
    return alt.vconcat(*rows).properties(
        title=alt.TitleParams("Who is quoted, who is only paraphrased",
                              subtitle="Each row is one side; the number is the count of passages."),
        description=description,
    )


# ---------------------------------------------------------------- words


def term_heatmap(counts: pd.DataFrame, source_order: list[str] | None = None) -> alt.LayerChart:
    """How often each term occurs in each source, as a grid with the count written in every cell.

    ``counts`` has the columns ``term``, ``source_id`` and ``n``; a missing pair counts 0 and is shown as 0.
    Sources are in ``source_order`` if given, else by publication date when they are course sources.

    Recipe from the corpus: ``kwic(["expansion", "élargissement"]).assign(term=lambda d: d["match"].str.lower())
    .groupby(["term", "source_id"], as_index=False).size().rename(columns={"size": "n"})``.

    >>> c = pd.DataFrame({"term": ["expansion", "élargissement"], "source_id": ["topcor", "afp"], "n": [3, 1]})
    >>> term_heatmap(c).to_dict()["title"]["text"]
    'How often each term occurs, source by source'
    """
    name = "term_heatmap"
    c = _frame(counts, name, ("term", "source_id", "n"), "a table with columns term, source_id, n")
    c["n"] = _counts(c, name)
    c["term"], c["source_id"] = c["term"].astype(str), c["source_id"].astype(str)
    c = c.groupby(["term", "source_id"], as_index=False, sort=False)["n"].sum()  # keep the order given
    terms = list(dict.fromkeys(c["term"]))
    ids = list(dict.fromkeys(c["source_id"]))
    if source_order is None:
        try:
            from helpers.data.corpus import load_sources

            known = load_sources().sort_values("published", kind="stable")["id"].tolist()
            source_order = [i for i in known if i in ids] + [i for i in ids if i not in known]
        except CourseError:
            source_order = ids
    grid = pd.MultiIndex.from_product([terms, source_order], names=["term", "source_id"])
    c = c.set_index(["term", "source_id"])["n"].reindex(grid, fill_value=0).reset_index()
    top = int(c["n"].max())
    base = alt.Chart(c).encode(
        x=alt.X("source_id:N", sort=source_order, title="Source (by publication date)",
                axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("term:N", sort=terms, title="Term"),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("n:Q", title="Occurrences", scale=alt.Scale(scheme="greys", domain=[0, max(top, 1)])),
        tooltip=["term:N", "source_id:N", alt.Tooltip("n:Q", title="Occurrences")],
    )
    text = base.mark_text(fontSize=12).encode(
        text="n:Q",
        color=alt.condition(f"datum.n > {top / 2}", alt.value("white"), alt.value("black")),
    )
    subtitle = ["The number in each cell is the count; darker means more."]
    if any(s in t.lower() for t in terms for s in _SLURS):
        subtitle.append("Content note: some terms are slurs from reader comments, shown as evidence of the "
                        "site's audience; they are not part of any article.")
    return alt.layer(cells, text).properties(
        width=max(60 * len(source_order), 200), height=max(22 * len(terms), 60),
        title=alt.TitleParams("How often each term occurs, source by source", subtitle=subtitle),
        description=(f"Heatmap of {len(terms)} terms by {len(source_order)} sources ("
                     f"{', '.join(source_order)}); each cell shows the number of occurrences as text, "
                     f"from 0 to {top}; darker cells mean more occurrences."),
    )


# ---------------------------------------------------------------- gaps


def coverage_grid(coverage: pd.DataFrame) -> alt.FacetChart:
    """Which source reports each side's position on each issue: ✓ where it does, — where it does not.

    ``coverage`` has the columns ``issue``, ``side``, ``source_id`` and ``covered`` (True/False). One panel
    per side, headed by the side's name; covered cells are filled in the side's colour and marked ✓,
    uncovered cells are pale grey with a dashed border and marked —.

    >>> g = pd.DataFrame({"issue": ["open door"] * 2, "side": ["Russia", "US/NATO"], "source_id": ["afp"] * 2,
    ...                   "covered": [False, True]})
    >>> coverage_grid(g).to_dict()["title"]["text"]
    'Which source reports which side, issue by issue'
    """
    name = "coverage_grid"
    g = _frame(coverage, name, ("issue", "side", "source_id", "covered"),
               "a table with columns issue, side, source_id, covered")
    g["side"] = _sides(g["side"], name)
    cov = g["covered"]
    if cov.dtype != bool:
        if not cov.isin([True, False, 0, 1]).all():
            bad = cov[~cov.isin([True, False, 0, 1])].iloc[0]
            raise CourseError(f"{name}(): the column 'covered' must hold True or False; it holds {bad!r}.")
        cov = cov.astype(int).astype(bool)
    g["covered"] = cov
    g["issue"], g["source_id"] = g["issue"].astype(str), g["source_id"].astype(str)
    g["mark"] = g["covered"].map({True: "✓", False: "—"})
    g["status"] = g["covered"].map({True: "reported", False: "not reported"})
    issues = list(dict.fromkeys(g["issue"]))
    ids = list(dict.fromkeys(g["source_id"]))
    sides = [s for s in SIDE_COLORS if s in set(g["side"])]
    g["fill"] = [SIDE_COLORS[s] if c else "#EEEEEE" for s, c in zip(g["side"], g["covered"], strict=True)]
    base = alt.Chart().encode(
        x=alt.X("source_id:N", sort=ids, title="Source", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("issue:N", sort=issues, title=None, axis=alt.Axis(labelLimit=340)),
    )
    cells = base.mark_rect(stroke="#999999").encode(
        color=alt.Color("fill:N", scale=None),
        strokeDash=alt.condition("datum.covered", alt.value([1, 0]), alt.value([3, 2])),
        tooltip=["issue:N", "side:N", "source_id:N", alt.Tooltip("status:N", title="Position")],
    )
    g["ink"] = [CELL_INK.get(s, "black") if c else "#555555" for s, c in zip(g["side"], g["covered"], strict=True)]
    text = base.mark_text(fontSize=13, fontWeight="bold").encode(text="mark:N", color=alt.Color("ink:N", scale=None))
    n_cov = int(g["covered"].sum())
    return alt.layer(cells, text, data=g).properties(
        width=max(55 * len(ids), 150), height=max(22 * len(issues), 60)
    ).facet(
        column=alt.Column("side:N", sort=sides, title=None,
                          header=alt.Header(labelFontSize=14, labelFontWeight="bold")),
    ).properties(
        title=alt.TitleParams("Which source reports which side, issue by issue",
                              subtitle="✓ = the source reports this side's position; — = it does not (a gap)."),
        description=(f"Grid of {len(issues)} issues by {len(ids)} sources, one panel per side "
                     f"({', '.join(sides)}). {n_cov} of {len(g)} cells are marked ✓ (the source reports that "
                     f"side's position on the issue, cell filled in the side's colour); the other {len(g) - n_cov} "
                     "are marked — on pale grey with a dashed border (a gap)."),
    )
