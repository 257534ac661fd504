"""The course's JupyterLab style sheet, in headless Chromium, with ``test_browser.py``'s server (``make lab``'s
command and the settings ``tools/install_lab_settings.py`` installed).

JupyterLab's own CSS breaks printed text anywhere (``.jp-OutputArea-output pre { word-break: break-all }``)
and shows links in Markdown by colour alone. ``.jupyter/custom/custom.css``, installed into the environment and
loaded through ``LabApp.custom_css``, changes both. Lessons 00 (save_my_work's message), 04 and 05 (notes, Series)
are opened in a narrow window and run; then

- every printed output (``pre``) wraps between words: measured word by word (a word drawn on two lines has
  two boxes), and the same measure finds broken words when JupyterLab's ``break-all`` is put back, so it can fail;
- every link in the lesson's Markdown, the "What's next" links among them, is underlined;
- with the style sheet switched off in the page, JupyterLab's own rules come back (links not underlined, words
  broken), so the checks above measure the course's style sheet and not something else.

Screenshots go to ``test-artifacts/browser/`` as ``styles-*.png`` (the tallest printed output and the "What's
next" links, each also without the course's style sheet).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import browser, lab, open_notebook, open_session, pause, run_all  # noqa: F401 - lab and browser are fixtures

# Lesson 00 prints save_my_work's message; lessons 04 and 05 print notes and Series.
LESSONS = ["lessons/00_start_here.ipynb", "lessons/04_positions.ipynb", "lessons/05_words.ipynb"]

# Words of each printed output drawn on more than one line (a word longer than the whole line may break: it
# has no other way to fit; "right-click" may break after its hyphen, so the parts between hyphens count).
# ``force`` puts JupyterLab's own rule back on the element first.
BROKEN_WORDS_JS = """([force]) => {
    const pres = Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output pre'));
    const out = [];
    for (const pre of pres) {
        if (force) pre.style.wordBreak = 'break-all';
        const width = pre.getBoundingClientRect().width;
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\\s-]+/g)) {  // a hyphen may end a line
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0)
                    .map(r => Math.round(r.top)));
                if (tops.size > 1 && range.getBoundingClientRect().width < width) out.push(m[0]);
            }
        }
        if (force) pre.style.wordBreak = '';
    }
    return {outputs: pres.length, wrapped: pres.filter(p => p.getClientRects().length &&
                p.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(p).lineHeight)).length,
            wordBreak: pres.map(p => getComputedStyle(p).wordBreak), broken: out};
}"""

TOGGLE_JS = """([off]) => { for (const s of document.styleSheets)
    if ((s.href || '').endsWith('/custom/custom.css')) s.disabled = off; }"""

LINKS_JS = """() => Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .jp-RenderedMarkdown a[href]'))
    .filter(a => !a.classList.contains('jp-InternalAnchorLink'))
    .map(a => ({text: a.textContent.trim(), decoration: getComputedStyle(a).textDecorationLine,
                next: /What.s next/.test(a.closest('.jp-RenderedMarkdown').textContent)}))"""


@pytest.mark.parametrize("path", LESSONS)
def test_printed_text_wraps_between_words_and_links_are_underlined(path, lab, browser):  # noqa: F811 - fixtures
    with open_session(browser, lab, f"styles-{Path(path).stem}") as session:
        page = session.page
        # Narrow enough that the lesson's longer messages (save_my_work's among them) take two lines or more.
        page.set_viewport_size({"width": 900, "height": 1000})
        open_notebook(session, lab, path)
        loaded = page.evaluate("""() => Array.from(document.styleSheets)
            .filter(s => (s.href || '').endsWith('/custom/custom.css')).map(s => s.cssRules.length)""")
        assert loaded and loaded[0] > 0, (
            "JupyterLab did not load the course's custom.css (LabApp.custom_css and the file in "
            "<environment>/etc/jupyter/custom/): run `make setup` or `python tools/install_lab_settings.py`")
        run_all(session, lab, path)
        # The tallest printed text (stream or text/plain), for the screenshot.
        tallest = page.evaluate_handle("""() => { let best = null;
            for (const p of document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output.jp-RenderedText pre'))
                if (!best || p.getBoundingClientRect().height > best.getBoundingClientRect().height) best = p;
            return best; }""").as_element()
        assert tallest, f"{path} printed nothing"
        for _ in range(2):  # cells off screen are laid out only once near it: the first scroll may land short
            tallest.scroll_into_view_if_needed()
            pause(session, 0.5)
        session.shot("-printed")

        got = page.evaluate(BROKEN_WORDS_JS, [False])
        assert got["outputs"] >= 3 and got["wrapped"] >= 1, f"too few printed outputs to judge wrapping: {got}"
        assert "break-all" not in got["wordBreak"], f"printed outputs still have word-break: break-all: {got}"
        assert not got["broken"], f"printed words broken across lines in {path}: {got['broken'][:20]}"
        # The measure is sensitive: with JupyterLab's own rule back, it finds the broken words.
        control = page.evaluate(BROKEN_WORDS_JS, [True])
        assert control["broken"], f"the measure found no broken word even with word-break: break-all: {control}"

        links = page.evaluate(LINKS_JS)
        nxt = [link for link in links if link["next"]]
        assert links and nxt, f"{path}: no \"What's next\" link in its Markdown to judge: {links}"
        plain = [link["text"] for link in links if "underline" not in link["decoration"]]
        assert not plain, f"links in {path}'s Markdown that are not underlined: {plain}"
        page.locator(".jp-RenderedMarkdown", has_text="What's next").last.scroll_into_view_if_needed()
        session.shot("-whats_next")
        # Without the course's style sheet, JupyterLab's own styles come back: links by colour alone, break-all.
        page.evaluate(TOGGLE_JS, [True])
        bare_links, bare_text = page.evaluate(LINKS_JS), page.evaluate(BROKEN_WORDS_JS, [False])
        session.shot("-whats_next-without_course_css")
        for _ in range(2):
            tallest.scroll_into_view_if_needed()
            pause(session, 0.5)
        session.shot("-printed-without_course_css")
        page.evaluate(TOGGLE_JS, [False])
        assert all("underline" not in link["decoration"] for link in bare_links), bare_links
        assert "break-all" in bare_text["wordBreak"] and bare_text["broken"], bare_text
