"""Static copies and accessibility of every lesson's outputs, in headless Chromium with the network blocked.

Each lesson is run and exported the way a user does it: the recipe of ``make html`` (the README's plain
``jupyter nbconvert --to html --execute``, no option about widgets), on a copy of ``lessons/`` so that nothing is
written to the repository. The export settings ``make setup`` installed (``.jupyter/jupyter_nbconvert_config.json``
in ``<environment>/etc/jupyter``) keep the widget state out of the notebook, as a notebook saved by JupyterLab has
none by default; the export then shows each output's static rendering, and loads no widget script from unpkg.com
(nbconvert's default stores the state, and the charts and widgets stay blank offline). Chromium opens the export
with every request other than the file itself blocked, and

- lessons 02 and 04: every chart is drawn as an SVG named by its description, and every widget shows its
  current view (the positions side by side, the timeline's pick and details); the page holds no widget state nor
  widget view, and asks the network for nothing but the template's own require.js and MathJax, which no output
  needs;
- every lesson: axe-core (``axe-playwright-python`` pins it) audits the outputs against WCAG 2.1 A and AA;
  no violation may be serious or critical.

A screenshot of each export goes to ``test-artifacts/static/``; the axe report of each lesson next to it.
Chromium as in ``test_browser.py`` (``CHROMIUM``, ``REQUIRE_BROWSER``).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_browser import CHROMIUM_ARGS, INSTALL_HINT, ROOT, _chromium, _need, _where

ARTIFACTS = ROOT / "test-artifacts" / "static"
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> Path:
    try:
        import axe_playwright_python
    except ImportError:
        _need(False, "the package axe-playwright-python (axe-core) is not installed: run `make setup` "
                     "(it is in the test extra).")
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def make_html_command(notebook: Path, out_dir: Path) -> list[str]:
    """``make html``'s recipe for one notebook, with this environment's ``jupyter``, writing into ``out_dir``."""
    recipe = re.search(r"^html:.*\n\t(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    words = shlex.split(recipe.replace("$(BIN)/", f"{Path(sys.executable).parent}/")
                        .replace("$(HTML_DIR)", str(out_dir)))
    assert words[-1] == "lessons/$(LESSON)*.ipynb" and "widget" not in recipe, recipe
    return [*words[:-1], str(notebook)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """lesson name -> path of its HTML export (run and exported on first use)."""
    work = tmp_path_factory.mktemp("static")
    # without the `helpers` link of lessons/ (for hubs without the course installed): the installed package runs
    shutil.copytree(ROOT / "lessons", work / "lessons", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "helpers"))
    done: dict[str, Path] = {}

    def export(name: str) -> Path:
        if name not in done:
            path = work / "lessons" / name
            run = subprocess.run(make_html_command(path, work / "html"), cwd=ROOT, capture_output=True, text=True,
                                 timeout=600)
            assert run.returncode == 0, f"`make html` fails on {name}:\n{run.stderr[-3000:]}"
            done[name] = work / "html" / path.with_suffix(".html").name
        return done[name]

    return export


#: What nbconvert's page template asks for whatever the notebook holds (for legacy JavaScript outputs and LaTeX);
#: no output of the course needs them.
TEMPLATE_CDN = ("https://cdnjs.cloudflare.com/ajax/libs/require.js/", "https://cdnjs.cloudflare.com/ajax/libs/mathjax/")


def assert_needs_no_cdn(html: Path, blocked: list[str]) -> None:
    """No widget state nor widget view in the page (what loads unpkg.com's widget manager), and no request but
    the template's own."""
    text = html.read_text(encoding="utf-8")
    assert "unpkg.com" not in text and "application/vnd.jupyter.widget-state+json" not in text, (
        f"{html.name} stores the widgets' state and loads their scripts from a CDN: the export settings are not "
        "installed (run `make setup`, or `python tools/install_lab_settings.py`)")
    assert "application/vnd.jupyter.widget-view+json" not in text, f"{html.name} shows widget views"
    assert [u for u in blocked if not u.startswith(TEMPLATE_CDN)] == [], blocked


@pytest.fixture(scope="module")
def chromium():
    _need(_chromium() is not None, f"{_where()}: {INSTALL_HINT}.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the Python package playwright is not installed: run `make setup` (it is in the test extra).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(chromium, html: Path):
    """A page showing ``html``, every request other than the file itself blocked; (page, blocked urls)."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith("file://") and route.request.url.split("#")[0] == html.as_uri():
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(html.as_uri(), wait_until="load")
    return page, blocked


def shot(page, name: str) -> None:
    """The whole export, and each chart and widget on its own (to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    for k, element in enumerate(page.locator(".redlines-widget-static, .jp-OutputArea-output > img.redlines-chart")
                                .all()):
        element.screenshot(path=str(ARTIFACTS / f"{name}-output{k + 1}.png"))


CHARTS_JS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output img.redlines-chart')).map(i => ({
    label: i.getAttribute('alt') || '', width: i.naturalWidth, height: i.naturalHeight, shown: i.complete,
    marks: (atob(i.src.split(',')[1]).match(/<(path|rect|text)\\b/g) || []).length}))"""
WIDGETS_JS = """() => Array.from(document.querySelectorAll('.redlines-widget-static')).map(w => ({
    text: w.innerText.replace(/\\s+/g, ' ').trim(), height: w.getBoundingClientRect().height,
    columns: Array.from(w.querySelectorAll(':scope > div[style*="display:flex"] > div'))
        .map(c => c.getBoundingClientRect()).map(r => ({x: r.x, y: r.y, width: r.width}))}))"""


def test_lesson_02_static_copy_draws_its_charts_and_the_timeline_widget(exported, chromium):
    page, blocked = open_offline(chromium, exported("02_timeline.ipynb"))
    try:
        shot(page, "02_timeline")
        charts = page.evaluate(CHARTS_JS)
        widgets = page.evaluate(WIDGETS_JS)
    finally:
        page.context.close()
    assert_needs_no_cdn(exported("02_timeline.ipynb"), blocked)
    timeline = [c for c in charts if c["label"].startswith("Events and sources")]
    assert len(timeline) == len(charts) == 2, f"lesson 02's export should draw the timeline twice: {charts}"
    for chart in timeline:  # drawn, sized, and named by the chart's own description
        assert chart["shown"] and chart["marks"] > 100 and chart["width"] > 400 and chart["height"] > 150, chart
        assert "48 events and 5 sources" in chart["label"], chart["label"][:200]
    assert len(widgets) == 1, f"lesson 02's export should show the timeline picker once: {widgets}"
    assert "Picked:" in widgets[0]["text"] and "When" in widgets[0]["text"], widgets[0]["text"][:300]


def test_lesson_04_static_copy_draws_the_coverage_grid_and_the_positions_side_by_side(exported, chromium):
    from helpers import load_issues

    page, blocked = open_offline(chromium, exported("04_positions.ipynb"))
    try:
        shot(page, "04_positions")
        charts = page.evaluate(CHARTS_JS)
        widgets = page.evaluate(WIDGETS_JS)
    finally:
        page.context.close()
    assert_needs_no_cdn(exported("04_positions.ipynb"), blocked)
    assert len(charts) == 1 and charts[0]["label"].startswith("Which source reports which side"), charts
    assert charts[0]["marks"] > 200, charts
    assert len(widgets) == 1, f"lesson 04's export should show the positions widget once: {widgets}"
    text = widgets[0]["text"]
    title = load_issues().set_index("issue_id").loc["ukraine_georgia", "title"]
    assert f"Issue: {title}" in text and "Russia" in text and "US/NATO" in text, text[:300]
    left, right = widgets[0]["columns"]
    assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 5, widgets[0]["columns"]


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_outputs_have_no_serious_accessibility_violation(name, exported, chromium):
    page, _ = open_offline(chromium, exported(name))
    try:
        page.add_script_tag(path=str(axe_script()))
        report = page.evaluate(
            """async (tags) => await axe.run('.jp-OutputArea-output', {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']})""", WCAG)
        shot(page, Path(name).stem)
    finally:
        page.context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    violations = report["violations"]
    (ARTIFACTS / f"{Path(name).stem}.axe.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    assert report["testEngine"]["version"].startswith("4."), report["testEngine"]
    bad = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']}; e.g. {v['nodes'][0]['html'][:160]}"
           for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: axe-core finds serious or critical WCAG 2.1 AA violations in the outputs:\n" + \
        "\n".join(bad)


def test_the_axe_audit_finds_a_violation_when_there_is_one(chromium, tmp_path):
    """The audit itself: white text on the old Russia orange (3.9:1) and a nameless button are caught."""
    page_file = tmp_path / "bad.html"
    page_file.write_text('<!doctype html><html lang="en"><title>t</title><main><div class="jp-OutputArea-output">'
                         '<div style="background:#D55E00;color:white;font-size:14px">Russia</div>'
                         '<button></button></div></main></html>', encoding="utf-8")
    page, _ = open_offline(chromium, page_file)
    try:
        page.add_script_tag(path=str(axe_script()))
        report = page.evaluate("""async (tags) => await axe.run('.jp-OutputArea-output',
                                  {runOnly: {type: 'tag', values: tags}})""", WCAG)
    finally:
        page.context.close()
    assert {"color-contrast", "button-name"} <= {v["id"] for v in report["violations"]}
