"""Charts as Python objects: title, description, side colours, the data drawn, and clear errors."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from helpers import CourseError, load_events, load_sources
from helpers.views import charts
from helpers.views.charts import (
    CELL_INK,
    SIDE_COLORS,
    SIDE_SHAPES,
    build_chart_bundle,
    chart_bundle_path,
    coverage_grid,
    enable_offline_charts,
    live_chart,
    quotes_by_side_chart,
    side_color_scale,
    side_shape_scale,
    term_heatmap,
    timeline_chart,
)

QUOTES = pd.DataFrame({
    "speaker": ["Antony Blinken", "Jens Stoltenberg", "Sergey Lavrov", "Vladimir Putin", "Vladimir Putin", ""],
    "side": ["US/NATO", "US/NATO", "Russia", "Russia", "Russia", ""],
    "kind": ["quoted", "paraphrased", "quoted", "quoted", "paraphrased", "quoted"],
    "n": [5, 6, 2, 3, 2, 4],
})
COUNTS = pd.DataFrame({"term": ["expansion", "expansion", "élargissement"], "source_id": ["topcor", "rt_cnn", "afp"],
                       "n": [3, 1, 2]})
COVERAGE = pd.DataFrame({
    "issue": ["Open door", "Open door", "Nuclear weapons", "Nuclear weapons"],
    "side": ["Russia", "US/NATO", "Russia", "US/NATO"],
    "source_id": ["afp"] * 4,
    "covered": [True, True, False, True],
})


def datasets(chart) -> list[list[dict]]:
    """Every data set of a chart spec (top-level datasets and inline values)."""
    spec = chart.to_dict()
    out = list(spec.get("datasets", {}).values())
    text = json.dumps(spec)
    assert text  # the spec serialises to JSON
    return out


def rows_with(chart, *fields: str) -> list[dict]:
    return [r for d in datasets(chart) for r in d if all(f in r for f in fields)]


def colour_ranges(spec) -> list:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("field") == "side" and "scale" in node and "range" in node["scale"]:
                found.append(node["scale"]["range"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


def renders(chart) -> str:
    """The chart compiled and drawn by Vega offline (catches specs that validate but do not render)."""
    svg = vlc.vegalite_to_svg(chart.to_dict())
    assert svg.startswith("<svg")
    return svg


def test_side_colours_and_shapes_are_fixed_and_cover_the_same_sides():
    assert SIDE_COLORS == {"Russia": "#D55E00", "US/NATO": "#0072B2", "Ukraine": "#009E73", "other": "#7F7F7F"}
    assert list(SIDE_SHAPES) == list(SIDE_COLORS)
    assert len(set(SIDE_SHAPES.values())) == len(SIDE_SHAPES)
    assert side_color_scale().to_dict() == {"domain": list(SIDE_COLORS), "range": list(SIDE_COLORS.values())}
    assert side_shape_scale().to_dict()["range"] == list(SIDE_SHAPES.values())


def test_importing_helpers_changes_no_renderer_and_enable_offline_switches_it():
    code = "import altair as alt; a = alt.renderers.active; import helpers; print(a == alt.renderers.active)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
    before = alt.renderers.active
    try:
        assert enable_offline_charts() is None
        assert alt.renderers.active == "course"
    finally:
        alt.renderers.enable(before)


@pytest.fixture
def fresh_bundle(tmp_path, monkeypatch):
    """An empty bundle cache in tmp_path, JupyterChart online again afterwards."""
    monkeypatch.setenv("REDLINES_CACHE", str(tmp_path))
    monkeypatch.setattr(charts, "_BUNDLE", {})
    esm, offline = alt.JupyterChart._esm, alt.JupyterChart._is_offline
    yield tmp_path
    alt.JupyterChart._esm, alt.JupyterChart._is_offline = esm, offline


def test_enabling_charts_does_not_bundle_the_javascript_the_first_chart_does(fresh_bundle, monkeypatch):
    calls = []
    real = vlc.javascript_bundle
    monkeypatch.setattr(vlc, "javascript_bundle", lambda *a, **k: calls.append(1) or real(*a, **k))
    before = alt.renderers.active
    try:
        enable_offline_charts()
        assert calls == [] and not list(fresh_bundle.iterdir())  # a lesson's first cell does not pay for it
        bundle = timeline_chart()._repr_mimebundle_()
    finally:
        alt.renderers.enable(before)
    assert calls == [1]
    assert chart_bundle_path().parent == fresh_bundle and chart_bundle_path().is_file()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert alt.JupyterChart._is_offline and alt.JupyterChart._esm == chart_bundle_path().read_text()
    esm = alt.JupyterChart._esm
    assert len(esm) > 100_000 and "cdn.jsdelivr" not in esm and not re.search(r"^import .* from ['\"]http", esm, re.M)


def test_a_later_kernel_reads_the_bundle_from_its_file(fresh_bundle, monkeypatch):
    build_chart_bundle()
    text = chart_bundle_path().read_text()
    monkeypatch.setattr(charts, "_BUNDLE", {})
    monkeypatch.setattr(vlc, "javascript_bundle", lambda *a, **k: pytest.fail("bundled again instead of read"))
    charts.use_offline_bundle()
    assert alt.JupyterChart._esm == text


def test_a_truncated_bundle_file_is_rebuilt(fresh_bundle, monkeypatch):
    chart_bundle_path().parent.mkdir(parents=True, exist_ok=True)
    chart_bundle_path().write_text("export default {}")
    charts.use_offline_bundle()
    assert len(chart_bundle_path().read_text()) > 100_000


def test_a_cache_folder_that_cannot_be_written_is_no_error(fresh_bundle, monkeypatch):
    blocker = fresh_bundle / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REDLINES_CACHE", str(blocker / "sub"))
    charts.use_offline_bundle()
    assert len(alt.JupyterChart._esm) > 100_000


@pytest.mark.parametrize("make", [
    lambda: timeline_chart(as_of="2022-01-26"), lambda: quotes_by_side_chart(QUOTES), lambda: term_heatmap(COUNTS),
    lambda: coverage_grid(COVERAGE)], ids=["timeline", "quotes", "heatmap", "coverage"])
def test_a_chart_carries_the_live_widget_and_a_static_svg_named_by_its_description(make, fresh_bundle):
    chart = make()
    spec = chart.to_dict()
    before = alt.renderers.active
    try:
        enable_offline_charts()
        bundle = chart._repr_mimebundle_()
    finally:
        alt.renderers.enable(before)
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/svg+xml", "text/html", "text/plain"}
    img = bundle["text/html"]  # what static copies show (nbconvert prefers text/html to image/svg+xml)
    assert img.startswith("<img ") and "data:image/svg+xml;base64," in img
    assert f'alt="{html.escape(spec["title"]["text"], quote=True)}. ' in img
    assert html.escape(spec["description"], quote=True) + '"' in img
    svg = bundle["image/svg+xml"]
    head = svg[:svg.index(">")]
    assert head.startswith("<svg") and 'role="img"' in head
    assert html.escape(spec["description"], quote=True) in head  # aria-label: title and description
    assert f"<title>{html.escape(spec['title']['text'], quote=True)}" in svg
    roles = set(re.findall(r'aria-roledescription="([^"]+)"', svg))
    assert not {r for r in roles if r.endswith(" mark")}  # no label per mark (247 in the lesson's coverage grid)
    assert "description" in bundle["text/plain"] or spec["description"][:40] in bundle["text/plain"]


def test_live_charts_have_no_actions_menu_and_no_mark_labels(fresh_bundle):
    widget = live_chart(coverage_grid(COVERAGE))
    assert widget.embed_options == {"actions": False}
    assert widget.spec["config"]["mark"]["aria"] is False
    assert widget.spec["description"] == coverage_grid(COVERAGE).to_dict()["description"]


def test_covered_cells_write_their_mark_in_an_ink_that_contrasts_with_the_side_colour():
    def luminance(colour: str) -> float:
        named = {"black": "#000000", "white": "#FFFFFF"}
        h = named.get(colour, colour).lstrip("#")
        c = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    for side, colour in SIDE_COLORS.items():
        a, b = sorted((luminance(colour), luminance(CELL_INK[side])))
        assert (b + 0.05) / (a + 0.05) >= 4.5, side
    rows = rows_with(coverage_grid(COVERAGE), "ink", "covered", "side")
    assert {(r["side"], r["ink"]) for r in rows if r["covered"]} == {("Russia", "black"), ("US/NATO", "white")}


def test_timeline_has_every_event_and_source_title_description_and_side_colours():
    chart = timeline_chart(as_of="2022-01-26")
    spec = chart.to_dict()
    events, sources = load_events(), load_sources()
    assert spec["title"]["text"].startswith("Events and sources")
    assert f"{len(events)} events and {len(sources)} sources" in spec["description"]
    assert "26 January 2022" in spec["description"] and "inferred" in spec["description"]
    assert list(SIDE_COLORS.values()) in colour_ranges(spec)
    drawn = rows_with(chart, "who", "where", "title", "side")
    assert sorted(r["title"] for r in drawn) == sorted(events["title"])
    assert {r["side"] for r in drawn} <= set(SIDE_COLORS)
    published = rows_with(chart, "label", "level")
    assert {r["id"] for r in published} == set(sources["id"])
    assert all("(inferred)" in r["label"] for r in published)
    assert any(r.get("label") == "as of 26 Jan 2022" for r in rows_with(chart, "label"))
    renders(chart)


def test_timeline_points_have_a_tooltip_and_the_shape_encodes_side_too():
    spec = timeline_chart().to_dict()
    points = [layer for layer in spec["layer"] if layer["mark"].get("type") == "point"][0]
    assert [t["field"] for t in points["encoding"]["tooltip"]][:4] == ["day", "title", "who", "where"]
    assert points["encoding"]["shape"]["field"] == "side"
    assert "params" not in spec
    picked = timeline_chart(select=True).to_dict()
    assert [p["name"] for p in picked["params"]] == ["pick"]


def test_timeline_sides_come_from_the_actors():
    ev = load_events()
    drawn = {r["title"]: r["side"] for r in rows_with(timeline_chart(ev, load_sources()), "who", "side")}
    one = ev[ev["who"] == "Vladimir Putin"]["title"].iloc[0]
    assert drawn[one] == "Russia"
    both = ev[ev["who"] == "Joe Biden; Vladimir Putin"]["title"].iloc[0]
    assert drawn[both] == "other"  # several sides


@pytest.mark.parametrize("bad, words", [
    ("events.csv", "DataFrame"),
    (pd.DataFrame({"date": ["2022-01-12"], "title": ["x"]}), "'who'"),
])
def test_timeline_wrong_input_names_the_fix(bad, words):
    with pytest.raises(CourseError, match=words):
        timeline_chart(events=bad)


def test_timeline_bad_date_and_as_of():
    ev = load_events().head(3).assign(date="12/01/2022")
    with pytest.raises(CourseError, match="YYYY-MM-DD"):
        timeline_chart(events=ev)
    for bad in ("not a date", "", [2022]):
        with pytest.raises(CourseError, match="as_of must be a date"):
            timeline_chart(as_of=bad)


def test_quotes_by_side_draws_every_count_with_side_colours_and_labels():
    chart = quotes_by_side_chart(QUOTES)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Who is quoted, who is only paraphrased"
    assert "Russia" in spec["description"] and "US/NATO" in spec["description"]
    assert list(SIDE_COLORS.values()) in colour_ranges(spec)
    drawn = [r for r in rows_with(chart, "speaker", "n") if r["n"] > 0]
    assert sum(r["n"] for r in drawn) == QUOTES["n"].sum()
    assert any(r["speaker"] == "(unattributed)" and r["side"] == "other" for r in drawn)
    titles = json.dumps(spec)
    assert "Russia: quoted in their own words" in titles and "US/NATO: paraphrased" in titles
    assert '"text": "n"' in titles or '"field": "n", "type": "quantitative"}' in titles  # count written as text
    renders(chart)


def test_quotes_by_side_counts_rows_when_there_is_no_n():
    rows = QUOTES.drop(columns="n")
    drawn = [r for r in rows_with(quotes_by_side_chart(rows), "speaker", "n") if r["n"] > 0]
    assert sum(r["n"] for r in drawn) == len(rows)


@pytest.mark.parametrize("bad, words", [
    ([1, 2], "DataFrame"),
    (QUOTES.drop(columns="side"), "'side'"),
    (QUOTES.assign(kind="said"), "'quoted' or 'paraphrased'"),
    (QUOTES.assign(side="NATO"), "Russia, US/NATO"),
    (QUOTES.assign(n="many"), "counts"),
    (QUOTES.head(0), "empty"),
])
def test_quotes_by_side_wrong_input_names_the_fix(bad, words):
    with pytest.raises(CourseError, match=words):
        quotes_by_side_chart(bad)


def test_term_heatmap_writes_every_count_including_zeros():
    chart = term_heatmap(COUNTS)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "How often each term occurs, source by source"
    assert "2 terms by 3 sources" in spec["description"]
    cells = rows_with(chart, "term", "source_id", "n")
    assert len(cells) == 6 and sum(c["n"] for c in cells) == 6
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
    assert spec["layer"][1]["encoding"]["text"]["field"] == "n"
    # sources in publication order: topcor (Dec) before afp (7 Jan) before rt_cnn (25 Jan)
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["topcor", "afp", "rt_cnn"]
    renders(chart)


def test_term_heatmap_flags_slurs_with_a_content_note():
    chart = term_heatmap(pd.DataFrame({"term": ["Banderstan"], "source_id": ["topcor"], "n": [1]}))
    assert "Content note" in json.dumps(chart.to_dict()["title"]["subtitle"])
    assert "Content note" not in json.dumps(term_heatmap(COUNTS).to_dict()["title"])


@pytest.mark.parametrize("bad, words", [
    ({"term": ["x"]}, "DataFrame"),
    (COUNTS.rename(columns={"n": "count"}), r"'n'.*rename"),
    (COUNTS.assign(n=-1), "counts"),
])
def test_term_heatmap_wrong_input_names_the_fix(bad, words):
    with pytest.raises(CourseError, match=words):
        term_heatmap(bad)


def test_coverage_grid_marks_covered_and_uncovered_cells_and_facets_by_side():
    chart = coverage_grid(COVERAGE)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Which source reports which side, issue by issue"
    assert "3 of 4 cells" in spec["description"]
    assert spec["facet"]["column"]["field"] == "side"
    cells = rows_with(chart, "issue", "covered", "mark", "fill")
    gap = [c for c in cells if not c["covered"]]
    assert len(gap) == 1 and gap[0]["mark"] == "—" and gap[0]["fill"] == "#EEEEEE"
    covered = {c["side"]: c["fill"] for c in cells if c["covered"]}
    assert covered == {"Russia": SIDE_COLORS["Russia"], "US/NATO": SIDE_COLORS["US/NATO"]}
    assert all(c["mark"] == "✓" for c in cells if c["covered"])
    renders(chart)


@pytest.mark.parametrize("bad, words", [
    ("grid", "DataFrame"),
    (COVERAGE.drop(columns="covered"), "'covered'"),
    (COVERAGE.assign(covered="yes"), "True or False"),
    (COVERAGE.assign(side="Kremlin"), "unknown side"),
])
def test_coverage_grid_wrong_input_names_the_fix(bad, words):
    with pytest.raises(CourseError, match=words):
        coverage_grid(bad)


def test_every_chart_has_a_title_and_a_description():
    for chart in (timeline_chart(), quotes_by_side_chart(QUOTES), term_heatmap(COUNTS), coverage_grid(COVERAGE)):
        spec = chart.to_dict()
        assert spec["title"]["text"].strip()
        assert len(spec["description"]) > 60


def test_a_chart_drawn_again_is_read_from_its_file(fresh_bundle, monkeypatch):
    first = charts.chart_svg(coverage_grid(COVERAGE))
    monkeypatch.setattr(vlc, "vegalite_to_svg", lambda *a, **k: pytest.fail("drawn again instead of read"))
    assert charts.chart_svg(coverage_grid(COVERAGE)) == first
    assert len(list((fresh_bundle / "svg").glob("*.svg"))) == 1
    other = COVERAGE.assign(covered=[True] * 4)  # another chart is drawn, not mistaken for the first
    with pytest.raises(pytest.fail.Exception, match="drawn again"):
        charts.chart_svg(coverage_grid(other))
