"""What a student does first after `make lab`, in a real browser.

The server is started by ``tests/system/test_browser.py``'s fixture with the command ``make lab`` runs
(``tools/lab_command.py``) on a copy of the course. A student opens the address the server prints, finds lesson 00
open and the course's folders in the file browser, then follows lesson 01's link to its exercises.
Screenshots go to ``test-artifacts/browser/`` (``first_*.png``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import test_browser
from test_browser import Lab, _norm, check_network, open_session, show_notebook, wait_for

from conftest import ROOT

# test_browser's fixtures: a JupyterLab started as `make lab` starts it, and headless Chromium.
lab = test_browser.lab
browser = test_browser.browser

FIRST = "lessons/00_start_here.ipynb"

ACTIVE_TAB_JS = """() => {
    const tab = document.querySelector('.jp-mod-current.lm-TabBar-tab .lm-TabBar-tabLabel, '
                                       + '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
    return tab ? tab.textContent.trim() : '';
}"""

LISTING_JS = """() => Array.from(document.querySelectorAll('.jp-DirListing-item'))
    .map(e => (e.getAttribute('title') || '').split('\\n')[0].replace(/^Name: /, '') + '|'
              + (e.dataset.isdir === 'true' ? 'dir' : 'file') + '|'
              + (e.querySelector('.jp-DirListing-itemText') || e).textContent.trim())"""


def printed_url(lab: Lab) -> str:
    """The address the server printed for the student to open (the one on 127.0.0.1)."""
    found = re.findall(r"(http://127\.0\.0\.1:\d+/\S*)", lab.log.read_text(errors="replace"))
    assert found, f"the server printed no address on 127.0.0.1:\n{lab.log_tail()}"
    return found[0]


def listing(page) -> dict[str, str]:
    """{name: 'dir' or 'file'} of what the file browser shows."""
    out = {}
    for row in page.evaluate(LISTING_JS):
        _title, kind, name = row.split("|", 2)
        out[name] = kind
    return out


def test_server_prints_the_address_of_lesson_00(lab: Lab) -> None:
    url = printed_url(lab)
    parts = urlsplit(url)
    assert unquote(parts.path) == f"/lab/tree/{FIRST}", f"the printed address does not open lesson 00: {url}"
    assert re.search(r"Serving notebooks from local directory: " + re.escape(str(lab.root)) + r"\s*$",
                     lab.log.read_text(errors="replace"), re.M), \
        f"the server does not serve the course folder {lab.root}:\n{lab.log_tail()}"
    log = lab.log.read_text(errors="replace")
    assert "Skipped non-installed server" not in log, "jupyter-lsp still lists the language servers it skipped"


def test_what_a_student_does_first(lab: Lab, browser) -> None:
    """Lesson 00 opens, the file browser shows the course's folders, lesson 01's link opens its exercises."""
    with open_session(browser, lab, "first_steps") as session:
        page = session.page
        # The address as printed ends in `?token=...` when the token is set by config: use ours.
        url = f"{lab.url}{urlsplit(printed_url(lab)).path}?token={lab.token}"
        show_notebook(session, url, FIRST)
        wait_for(lambda: page.evaluate(ACTIVE_TAB_JS) == "00_start_here.ipynb", 30,
                 "lesson 00 to be the open tab", session)
        heading = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell h1").first
        assert "Start here" in _norm(heading.inner_text()), f"lesson 00's title is not shown: {heading.inner_text()}"

        # The file browser, as lesson 00 says: it opens on lessons/, and the folder icon above its list shows the
        # course folder (the server's root) with exercises/ and solutions/ beside lessons/.
        first_view = wait_for(lambda: (lambda items: items if "00_start_here.ipynb" in items else None)(
            listing(page)), 30, "the file browser to show lessons/ (the folder of lesson 00)", session)
        session.notes.append(f"file browser on opening: {first_view}")
        session.shot("-0-opened")
        page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").first.click()
        # solutions/ only in the instructor's edition (the student copy has none)
        folders = [f for f in ("lessons", "exercises", "solutions", "seeds") if (ROOT / f).is_dir()]
        shown = wait_for(lambda: (lambda items: items if set(folders) <= set(items) else None)(listing(page)), 30,
                         f"the file browser to show {', '.join(folders)}", session)
        session.shot("-1-lesson00")
        for folder in folders:
            assert shown.get(folder) == "dir", f"the file browser does not show the folder {folder}/: {shown}"

        # The exercises folder holds lesson 01's exercises.
        name = page.locator(".jp-DirListing-itemText", has_text=re.compile(r"^\s*exercises\s*$"))
        page.locator(".jp-DirListing-item", has=name).first.dblclick()
        inside = wait_for(lambda: (lambda items: items if "01_sources.ipynb" in items else None)(listing(page)),
                          30, "exercises/ to list 01_sources.ipynb", session)
        assert inside["01_sources.ipynb"] == "file"

        # Lesson 01, then its link to the exercises.
        show_notebook(session, f"{lab.url}/lab/tree/lessons/01_sources.ipynb?token={lab.token}",
                      "lessons/01_sources.ipynb")
        link = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown '
                            'a[href*="exercises/01_sources.ipynb"]').first
        # JupyterLab draws only the cells in view: go down cell by cell with the arrow key, as a student reading
        # on might, until the link is drawn.
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.click()
        page.keyboard.press("Escape")

        def down_to_link() -> bool:
            if link.count():
                return True
            page.keyboard.press("ArrowDown")
            return False

        wait_for(down_to_link, 120, "lesson 01's link to ../exercises/01_sources.ipynb (going down the lesson)",
                 session, every=0.1)
        link.scroll_into_view_if_needed()
        session.shot("-2-lesson01-link")
        link.click()
        wait_for(lambda: page.evaluate(ACTIVE_TAB_JS) == "01_sources.ipynb"
                 and "exercises/01_sources.ipynb" in unquote(page.url), 60,
                 "the link to open exercises/01_sources.ipynb in a tab", session)
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        wait_for(lambda: panel.locator(".jp-Cell").count() > 3, 60, "the exercise notebook's cells", session)
        title = _norm(panel.locator(".jp-MarkdownCell").first.inner_text())
        assert "xercise" in title, f"the tab opened by the link is not lesson 01's exercises: {title[:200]}"
        session.shot("-3-exercise01")
        check_network(session, "the first steps")
    # The kernels started above wrote to the server's log, which `make lab` shows in the terminal.
    log = lab.log.read_text(errors="replace")
    assert "Kernel started" in log, f"no kernel started:\n{lab.log_tail()}"
    assert "without encryption" not in log, "ipykernel warns that the kernel runs over TCP without encryption"
