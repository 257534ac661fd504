"""Keyboard use of the course's widgets in JupyterLab (headless Chromium), with ``test_browser.py``'s server.

For the positions widget (lesson 04) and the timeline picker (lesson 02): after Run All, the control gets
the focus and

- the focus is clearly visible: an outline of at least 3px whose colour has at least 3:1 against the page;
- the arrow keys change the control's value (and the view follows), not the notebook's active cell;
- JupyterLab's command-mode keys pressed on the control (``m``, ``a``, ``x``, ``d d``) do not turn the cell
  into Markdown, insert, cut or delete cells (ipywidgets #3912: the widget carries
  ``data-lm-suppress-shortcuts``);
- Tab moves the focus on, out of the control.

Screenshots go to ``test-artifacts/browser/`` as ``keyboard-*.png``.
"""

from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401 - lab and browser are fixtures
    FIND_POSITIONS_JS,
    FIND_TIMELINE_JS,
    _norm,
    browser,
    lab,
    open_notebook,
    open_session,
    run_all,
    wait_for,
    wait_for_quietly,
)

CELLS_JS = """() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'))
    .map(c => c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'code')"""

FOCUS_JS = """(el) => {
    const s = getComputedStyle(el);
    let bg = 'rgb(255, 255, 255)';
    for (let e = el.parentElement; e; e = e.parentElement) {
        const b = getComputedStyle(e).backgroundColor;
        if (b && b !== 'transparent' && !b.startsWith('rgba(0, 0, 0, 0')) { bg = b; break; }
    }
    return {focused: document.activeElement === el, width: parseFloat(s.outlineWidth), style: s.outlineStyle,
            colour: s.outlineColor, background: bg,
            guarded: el.hasAttribute('data-lm-suppress-shortcuts')};
}"""


def _rgb(text: str) -> tuple[float, float, float]:
    r, g, b = (int(v) for v in re.findall(r"\d+", text)[:3])
    return r, g, b


def contrast(a: str, b: str) -> float:
    def lum(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_control(session, control, path: str, changed) -> None:
    """Focus ring, arrow keys, command-mode keys and Tab on ``control``; ``changed()`` says the view followed."""
    page = session.page
    control.scroll_into_view_if_needed()
    control.focus()
    ring = control.evaluate(FOCUS_JS)
    assert ring["focused"], f"{path}: the control does not take the focus"
    assert ring["guarded"], f"{path}: the control has no data-lm-suppress-shortcuts: JupyterLab takes its keys"
    assert ring["style"] != "none" and ring["width"] >= 3, f"{path}: the focus ring is too thin: {ring}"
    assert contrast(ring["colour"], ring["background"]) >= 3, f"{path}: the focus ring has too little contrast: {ring}"
    session.shot("-focus")

    cells = page.evaluate(CELLS_JS)
    before = control.evaluate("s => s.selectedIndex")
    page.keyboard.press("ArrowDown")
    assert wait_for_quietly(lambda: control.evaluate("s => s.selectedIndex") == before + 1, 5, session), \
        f"{path}: ArrowDown on the focused control did not move to the next option"
    assert wait_for_quietly(changed, 30, session), f"{path}: the widget's view did not follow the arrow key"
    page.keyboard.press("ArrowUp")
    assert wait_for_quietly(lambda: control.evaluate("s => s.selectedIndex") == before, 5, session), \
        f"{path}: ArrowUp did not move back"

    for key in ("m", "a", "x", "d", "d", "b", "Escape"):
        control.focus()
        page.keyboard.press(key)
    page.wait_for_timeout(500)
    assert page.evaluate(CELLS_JS) == cells, (
        f"{path}: command-mode keys pressed on the widget changed the notebook's cells (ipywidgets #3912)")
    assert control.is_visible(), f"{path}: the widget disappeared after keys were pressed on it"
    control.focus()
    page.keyboard.press("Tab")
    assert not control.evaluate("s => document.activeElement === s"), f"{path}: Tab does not leave the control"
    session.shot()


def test_positions_widget_by_keyboard(lab, browser):  # noqa: F811 - fixtures of test_browser
    from helpers import load_issues

    path = "lessons/04_positions.ipynb"
    titles = load_issues()["title"].tolist()
    with open_session(browser, lab, "keyboard-04_positions") as session:
        open_notebook(session, lab, path)
        run_all(session, lab, path)
        wait_for(lambda: session.page.evaluate(FIND_POSITIONS_JS, titles), 30, "the positions widget", session)
        select = session.page.locator('[data-browser-test="issue-0"]')
        right = session.page.locator('[data-browser-test="right-0"]')
        shown = _norm(right.text_content() or "")
        check_control(session, select, path, lambda: _norm(right.text_content() or "") != shown)


def test_timeline_picker_by_keyboard(lab, browser):  # noqa: F811 - fixtures of test_browser
    path = "lessons/02_timeline.ipynb"
    with open_session(browser, lab, "keyboard-02_timeline") as session:
        open_notebook(session, lab, path)
        run_all(session, lab, path)
        wait_for(lambda: session.page.evaluate(FIND_TIMELINE_JS), 30, "the timeline picker", session)
        picker = session.page.locator('[data-browser-test="picker"]')
        detail = session.page.locator('[data-browser-test="detail"]')
        if picker.evaluate("s => s.selectedIndex") < 0:
            pytest.fail(f"{path}: the timeline picker has nothing picked", pytrace=False)
        shown = _norm(detail.text_content() or "")
        check_control(session, picker, path, lambda: _norm(detail.text_content() or "") != shown)
