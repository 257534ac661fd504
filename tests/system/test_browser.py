"""Real-browser acceptance test: JupyterLab in headless Chromium runs the notebooks as a student would.

For each notebook below, a JupyterLab server is started on 127.0.0.1 with the command ``make lab`` runs
(``tools/lab_command.py``: the course folder as root, lesson 00 as the default page) on a copy of the course
(a free port, a token, its own config, data and runtime folders in a temporary directory). It reads the course's
settings where ``make setup`` (or Binder's ``postBuild``) installed them, ``{sys.prefix}/share/jupyter/lab/
settings/overrides.json`` and ``{sys.prefix}/etc/jupyter/jupyter_server_config.json``, as ``make lab`` does.
Chromium opens the notebook with ``?reset``, runs all cells from
the Run menu, and the test checks that

- no cell shows an error (the saved notebook has no error or stderr output outside cells tagged
  ``raises-exception``, and no output says "Error displaying widget");
- every altair chart renders: an ``svg`` or ``canvas`` with marks inside each ``.vega-embed``;
- no request leaves loopback (any other host is blocked and reported);
- the positions widget shows two columns side by side (Russia left, US/NATO right) and choosing another issue
  changes both columns to that issue's positions; the timeline picker shows what was picked.

A screenshot of each notebook goes to ``test-artifacts/browser/`` (also when a check fails), with a log of
the browser's requests and console next to it.

Chromium: ``/usr/bin/chromium``, or set ``CHROMIUM=/path/to/chromium``. Without it these tests skip with
a message, except when ``REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.
``BROWSER_TIMEOUT`` (seconds, default 300) bounds the wait for a notebook's cells to finish.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SETTINGS = ROOT / ".jupyter" / "lab" / "settings" / "overrides.json"
INSTALLED_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
SERVER_SETTINGS = ROOT / ".jupyter" / "jupyter_server_config.json"
INSTALLED_SERVER_SETTINGS = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
REQUIRED = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")
TIMEOUT = float(os.environ.get("BROWSER_TIMEOUT", "300"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
INSTALL_HINT = (
    "to run the real-browser test, install Chromium (Debian: `sudo apt-get install chromium`) "
    "or set CHROMIUM=/path/to/chromium (or Chrome)"
)

# Under pytest-xdist, `make test` gives each worker whole files (`--dist loadfile`, which nbval needs anyway),
# so these tests share one server and one Chromium. (`--dist loadgroup` with an xdist_group mark does not group
# with pytest 9 and pytest-xdist 3.8: xdist sets `item._nodeid`, which pytest 9 no longer reads.)


def _chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM if set, else /usr/bin/chromium or chromium on PATH."""
    if os.environ.get("CHROMIUM"):
        candidates = [os.environ["CHROMIUM"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


def _where() -> str:
    if os.environ.get("CHROMIUM"):
        return f"CHROMIUM={os.environ['CHROMIUM']} is not an executable file"
    return "Chromium was not found at /usr/bin/chromium or on PATH"


def _need(condition: bool, why: str) -> None:
    """Skip (or, under REQUIRE_BROWSER=1, fail) when the browser test cannot run here."""
    if not condition:
        if REQUIRED:
            pytest.fail(f"REQUIRE_BROWSER is set but {why}", pytrace=False)
        pytest.skip(f"browser test skipped: {why}")


# ---------------------------------------------------------------- the JupyterLab server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pids_using(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (our private runtime folder): our kernels."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            with contextlib.suppress(OSError):
                if marker in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(proc.name))
    return pids


@dataclass
class Lab:
    """A running JupyterLab: its address, token, folder of notebooks and log."""

    url: str
    token: str
    root: Path
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def api(self, path: str):
        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read().decode())

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


def _lab_command():
    """tools/lab_command.py, which `make lab` runs: the test starts JupyterLab with the same command."""
    spec = importlib.util.spec_from_file_location("lab_command", ROOT / "tools" / "lab_command.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What the server works on: a copy of the course as a student has it (symlinks kept: lessons/helpers and the
# like point to ../helpers, as in the repository).
COURSE_FOLDERS = ("lessons", "exercises", "solutions", "seeds", "helpers")


def _start_lab(tmp: Path) -> Lab:
    root = tmp / "root"
    root.mkdir()
    # The server works on copies, so nothing it saves (or a notebook writes) touches the repository.
    for folder in COURSE_FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder, symlinks=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "my_work"))
    for path in NOTEBOOKS:
        if (ROOT / path).is_file() and not (root / path).exists():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / path, root / path)
    config = tmp / "config"
    user_settings = config / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    user_settings.mkdir(parents=True)
    # No autosave: the test saves once, when all cells have run, and reads that file.
    (user_settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}\n')
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "IPYTHONDIR": str(tmp / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    token = secrets.token_hex(24)
    log = tmp / "jupyter-server.log"
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between choosing it and binding it
        port = _free_port()
        # `make lab`'s command (tools/lab_command.py) and the environment's settings, plus what a test needs:
        # no browser of its own, a free port on loopback, a known token, no terminals, and --allow-root as root
        # (what `make lab LAB_ARGS=--allow-root` passes).
        extra = [
            "--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            extra.append("--allow-root")
        cmd = _lab_command().command(root, extra)
        with log.open("w") as out:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        lab = Lab(f"http://127.0.0.1:{port}", token, root, log, proc)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                lab.api("/api/status")
                return lab
            except (OSError, urllib.error.URLError, ValueError):
                time.sleep(0.25)
        last_error = lab.log_tail()
        _stop_lab(lab)
    pytest.fail(f"JupyterLab did not start on 127.0.0.1 within 90 s. Its log ends with:\n{last_error}",
                pytrace=False)


def _stop_lab(lab: Lab) -> None:
    """Stop the server (it shuts its kernels down), then end any kernel of ours that is left."""
    runtime = str(lab.root.parent / "runtime")
    if lab.proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(lab.proc.pid, signal.SIGTERM)
        try:
            lab.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(lab.proc.pid, signal.SIGKILL)
            lab.proc.wait(timeout=10)
    for pid in _pids_using(runtime):  # kernels are started in their own session: end ours by id
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    _need(_chromium() is not None, f"{_where()}: {INSTALL_HINT}.")
    for source, where in ((SETTINGS, INSTALLED_SETTINGS), (SERVER_SETTINGS, INSTALLED_SERVER_SETTINGS)):
        installed = json.loads(where.read_text()) if where.is_file() else {}
        course = json.loads(source.read_text())
        if any(installed.get(part, {}).get(k) != v for part, values in course.items() for k, v in values.items()):
            pytest.fail(f"The course's settings are not installed in {where}: run `make setup` "
                        "(or `python tools/install_lab_settings.py`).", pytrace=False)
    server = _start_lab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        _stop_lab(server)


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser(lab):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the Python package playwright is not installed: run `make setup` (it is in the test extra).")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - say what failed and how to fix it
            _need(False, f"Chromium at {_chromium()} did not start ({str(exc).splitlines()[0]}): {INSTALL_HINT}.")
        try:
            yield chromium
        finally:
            chromium.close()


def _is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") not in LOOPBACK


@dataclass
class Session:
    """One notebook open in one browser tab, with what the tab asked the network and logged."""

    page: object
    name: str
    lab: Lab
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def shot(self, suffix: str = "") -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}{suffix}.png"
        with contextlib.suppress(Exception):
            self.page.screenshot(path=str(path))
        return path

    def write_log(self, lab: Lab) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}.log"
        sections = {"notes": self.notes, "blocked (not loopback)": self.blocked, "requests": self.requests,
                    "console": self.console, "server log (end)": [lab.log_tail(200)]}
        path.write_text("".join(f"## {title}\n" + "\n".join(lines) + "\n\n" for title, lines in sections.items()),
                        encoding="utf-8")
        return path


@contextlib.contextmanager
def open_session(browser, lab: Lab, name: str) -> Iterator[Session]:
    for old in ARTIFACTS.glob(f"{name}*"):  # no stale screenshot of an earlier run
        old.unlink()
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    context.set_default_timeout(30_000)
    session = Session(context.new_page(), name, lab)

    def block(route) -> None:
        session.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def block_socket(ws) -> None:
        session.blocked.append(ws.url)
        ws.close()

    context.route(_is_outside, block)
    context.route_web_socket(_is_outside, block_socket)
    context.on("request", lambda r: session.requests.append(f"{r.method} {r.url}"))
    session.page.on("websocket", lambda ws: session.requests.append(f"WS {ws.url}"))
    session.page.on("console", lambda m: session.console.append(f"{m.type}: {m.text}"))
    session.page.on("pageerror", lambda e: session.console.append(f"pageerror: {e}"))
    try:
        yield session
    except BaseException:
        shot = session.shot("-FAILED")
        log = session.write_log(lab)
        sys.stderr.write(f"\nbrowser test {name}: screenshot {shot}, log {log}\n")
        raise
    else:
        session.write_log(lab)
    finally:
        context.close()


def _context(session: Session) -> str:
    """What a failure message should add: the browser console's last lines, and the server's if it died."""
    detail = ""
    if session.console:
        detail += "\nLast browser console lines:\n" + "\n".join(line[:300] for line in session.console[-10:])
    if session.lab.proc.poll() is not None:
        detail += f"\nThe JupyterLab server has exited ({session.lab.proc.returncode}); its log ends with:\n"
        detail += session.lab.log_tail(30)
    return detail


def pause(session: Session, seconds: float) -> None:
    """Wait while letting Playwright deliver events (requests, console): time.sleep would hold them back."""
    session.page.wait_for_timeout(seconds * 1000)


def wait_for(check: Callable[[], object], timeout: float, what: str, session: Session,
             every: float = 0.25) -> object:
    """Poll ``check`` until it returns something true; fail after ``timeout`` seconds saying ``what``."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = check()
        if last:
            return last
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.{_context(session)}", pytrace=False)
        pause(session, every)


# ---------------------------------------------------------------- JupyterLab steps


def kernel_state(lab: Lab, path: str) -> str | None:
    """The execution state of the kernel of the notebook at ``path`` (from the server's sessions API)."""
    try:
        sessions = lab.api("/api/sessions")
    except (OSError, urllib.error.URLError, ValueError):
        return None
    for s in sessions:
        if s.get("path") == path and s.get("kernel"):
            return s["kernel"].get("execution_state")
    return None


def dialog_text(page) -> str:
    dialogs = page.locator(".jp-Dialog")
    return dialogs.first.inner_text() if dialogs.count() else ""


def show_notebook(session: Session, url: str, path: str) -> None:
    """Load JupyterLab at ``url`` and wait until the notebook's first cell is shown (90 s at most)."""
    page = session.page
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=90_000)
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    except Exception as exc:  # noqa: BLE001 - a Playwright timeout or navigation error: say what it means
        pytest.fail(f"JupyterLab did not show {path} within 90 s ({str(exc).splitlines()[0]}).{_context(session)}",
                    pytrace=False)


def open_notebook(session: Session, lab: Lab, path: str) -> None:
    """Open ``path`` with ?reset, and wait until its kernel is idle (no kernel dialog may appear)."""
    page = session.page
    show_notebook(session, f"{lab.url}/lab/tree/{quote(path)}?reset&token={lab.token}", path)

    def ready():
        text = dialog_text(page)
        if text:
            pytest.fail(f"JupyterLab showed a dialog on opening {path} (the course settings should start the "
                        f"kernel without asking):\n{text}", pytrace=False)
        indicator = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")
        return (kernel_state(lab, path) == "idle" and indicator.count()
                and indicator.first.get_attribute("data-status") == "idle")

    wait_for(ready, 120, f"the kernel of {path} to start and be idle", session)


def menu_command(page, menu: str, command: str) -> None:
    """Click ``menu`` in the menu bar, then the item that runs ``command`` (a JupyterLab command id)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{re.escape(menu)}\s*$")).first.click()
    item = page.locator(f'.lm-Menu-item[data-command="{command}"]').first
    try:
        item.wait_for(state="visible", timeout=10_000)
    except Exception:  # noqa: BLE001 - name what is there instead
        shown = page.locator(".lm-Menu .lm-Menu-item[data-command]").evaluate_all(
            "els => els.map(e => e.dataset.command)")
        pytest.fail(f"The {menu} menu has no item for {command}; it has {shown}", pytrace=False)
    item.click()


PROMPTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
    .map(e => e.textContent.trim())"""


def run_all(session: Session, lab: Lab, path: str) -> None:
    """Run all cells from the Run menu and wait until no cell is queued or running and the kernel is idle."""
    page = session.page
    menu_command(page, "Run", "runmenu:run-all")
    start = time.monotonic()
    wait_for(lambda: any("*" in p for p in page.evaluate(PROMPTS_JS)) or time.monotonic() - start > 5,
             10, "the cells to start running", session)
    stable = {"since": None}

    def finished():
        text = dialog_text(page)
        if text:
            pytest.fail(f"JupyterLab showed a dialog while running {path}:\n{text}", pytrace=False)
        state = kernel_state(lab, path)
        if state == "dead":
            pytest.fail(f"The kernel of {path} died while running its cells.{_context(session)}", pytrace=False)
        busy = any("*" in p for p in page.evaluate(PROMPTS_JS)) or state != "idle"
        if busy:
            stable["since"] = None
            return False
        stable["since"] = stable["since"] or time.monotonic()
        return time.monotonic() - stable["since"] > 1.0  # idle for a whole second: not just between two cells

    wait_for(finished, TIMEOUT, f"all cells of {path} to finish (set BROWSER_TIMEOUT to wait longer)", session,
             every=0.5)


def save_and_read(session: Session, lab: Lab, path: str) -> nbformat.NotebookNode:
    """Save the notebook from the File menu and return the saved file (outputs as the browser holds them)."""
    file = lab.root / path
    before = file.stat().st_mtime_ns
    menu_command(session.page, "File", "docmanager:save")

    def saved():
        text = dialog_text(session.page)
        if text:
            pytest.fail(f"JupyterLab showed a dialog on saving {path}:\n{text}", pytrace=False)
        return file.stat().st_mtime_ns != before

    wait_for(saved, 60, f"{path} to be saved", session)
    pause(session, 0.5)  # the contents API writes the file in one go; let it finish
    return wait_for(lambda: _read(file), 10, f"{path} to be readable JSON", session)


def _read(file: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(file, as_version=4)
    except Exception:  # noqa: BLE001 - half-written file: try again
        return None


# ---------------------------------------------------------------- checks


def check_outputs(nb: nbformat.NotebookNode, path: str) -> int:
    """Every code cell ran; no error or stderr output outside cells tagged raises-exception.

    Returns the number of altair charts among the outputs (JupyterChart widgets, vega-lite outputs).
    """
    problems, charts = [], 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if cell.source.strip() and cell.execution_count is None:
            problems.append(f"cell {i} did not run (an earlier cell stopped the run?): {cell.source[:80]!r}")
        for out in cell.outputs:
            data = out.get("data", {})
            charts += str(data.get("text/plain", "")).count("JupyterChart")  # also inside a widget's children
            charts += sum(1 for mime in data if mime.startswith("application/vnd.vegalite"))
            charts += "vegaEmbed" in str(data.get("text/html", ""))  # altair's default (online) renderer
            if "raises-exception" in tags:
                continue
            if out.output_type == "error":
                problems.append(f"cell {i} raised {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i} wrote to stderr (shown pink to students): {out.text.strip()[:300]}")
    assert not problems, f"{path} shows errors after Run All in JupyterLab:\n" + "\n".join(problems)
    return charts


RENDER_ERRORS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'))
    .map(e => e.textContent)
    .filter(t => /Error displaying widget|Javascript Error|Failed to load model class|Error: .*vega/i.test(t))
    .map(t => t.trim().slice(0, 300))"""

CHARTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed')).map(e => {
        const g = e.querySelector('svg.marks, canvas.marks, svg, canvas');
        const r = g ? g.getBoundingClientRect() : {width: 0, height: 0};
        return {graphic: g ? g.tagName.toLowerCase() : null, width: r.width, height: r.height,
                marks: e.querySelectorAll('svg .mark-symbol path, svg .mark-rect path, svg [class^="mark-"] > *')
                       .length + (g && g.tagName === 'CANVAS' ? 1 : 0)};
    })"""


def check_charts(session: Session, expected: int, path: str) -> None:
    """At least ``expected`` (and at least one) .vega-embed, each with a drawn svg or canvas."""
    page = session.page
    want = max(expected, 1)

    def drawn():
        charts = page.evaluate(CHARTS_JS)
        ok = [c for c in charts if c["graphic"] and c["marks"] > 0]
        return len(ok) >= want and len(ok) == len(charts)

    ok = wait_for_quietly(drawn, 60, session)
    session.notes.append(f"charts: {expected} in the saved outputs; drawn in the page: {page.evaluate(CHARTS_JS)}")
    if not ok:
        charts = page.evaluate(CHARTS_JS)
        pytest.fail(f"{path}: expected {want} altair chart(s) drawn inside .vega-embed (svg or canvas with marks); "
                    f"the page has {len(charts)} .vega-embed: {charts}. A blank chart usually means the chart "
                    "JavaScript could not load: is enable_offline_charts() called in the Imports cell?",
                    pytrace=False)
    embeds = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed")
    for k in range(embeds.count()):
        embeds.nth(k).scroll_into_view_if_needed()
        box = embeds.nth(k).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 30, f"{path}: chart {k + 1} is drawn too small: {box}"
        if k == 0:
            session.shot("-chart")


def wait_for_quietly(check: Callable[[], object], timeout: float, session: Session) -> bool:
    """Poll ``check`` for up to ``timeout`` seconds; whether it became true (the caller says what failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        pause(session, 0.25)
    return bool(check())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


FIND_POSITIONS_JS = """(titles) => {
    // The positions widget: a box with a dropdown of issues and, below, a row of exactly two HTML panels.
    const found = [];
    for (const row of document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-hbox')) {
        const panels = Array.from(row.children).filter(c => c.classList.contains('widget-html'));
        if (panels.length !== 2) continue;
        let box = row.parentElement;
        while (box && !box.querySelector('.widget-dropdown select')) box = box.parentElement;
        if (!box) continue;
        const select = box.querySelector('.widget-dropdown select');
        const labels = Array.from(select.options).map(o => o.textContent.replace(/\\s+/g, ' ').trim());
        if (!labels.some(l => titles.includes(l))) continue;
        const n = found.length;
        select.setAttribute('data-browser-test', `issue-${n}`);
        panels[0].setAttribute('data-browser-test', `left-${n}`);
        panels[1].setAttribute('data-browser-test', `right-${n}`);
        found.push(labels);
    }
    return found;
}"""


def expected_column(positions, issue_id: str, side: str) -> list[str]:
    """The English words of each of ``side``'s positions on ``issue_id``, as the column should show them."""
    rows = positions[(positions["issue_id"] == issue_id) & (positions["side"] == side)]
    return [_norm(t) for t in rows["english"].tolist() if isinstance(t, str) and t.strip()]


def check_positions(session: Session, path: str) -> None:
    """Two columns side by side; another issue changes both columns to that issue's positions."""
    from helpers import load_issues, load_positions

    issues, positions = load_issues(), load_positions()
    titles = dict(zip(issues["title"], issues["issue_id"], strict=True))
    page = session.page
    found = wait_for(lambda: page.evaluate(FIND_POSITIONS_JS, list(titles)), 30,
                     f"the positions widget in {path} (a dropdown of issues above two HTML columns)", session)
    select = page.locator('[data-browser-test="issue-0"]')
    left, right = page.locator('[data-browser-test="left-0"]'), page.locator('[data-browser-test="right-0"]')
    select.scroll_into_view_if_needed()
    right.scroll_into_view_if_needed()

    lbox, rbox = left.bounding_box(), right.bounding_box()
    assert lbox and rbox and lbox["width"] > 150 and rbox["width"] > 150, \
        f"{path}: the two columns of the positions widget are not both visible: {lbox}, {rbox}"
    assert lbox["x"] + lbox["width"] <= rbox["x"] + 2 and abs(lbox["y"] - rbox["y"]) < 40, \
        f"{path}: the positions widget's columns are not side by side: left {lbox}, right {rbox}"

    def shows(issue_id: str) -> bool:
        lt, rt = _norm(left.text_content() or ""), _norm(right.text_content() or "")
        return (lt.startswith("Russia") and rt.startswith("US/NATO")
                and all(t in lt for t in expected_column(positions, issue_id, "Russia"))
                and all(t in rt for t in expected_column(positions, issue_id, "US/NATO")))

    current = titles[found[0][select.evaluate("s => s.selectedIndex")]]
    assert wait_for_quietly(lambda: shows(current), 10, session), (
        f"{path}: the columns do not show the positions of the issue in the dropdown ({current}): the left column "
        f"should start with 'Russia' and hold Russia's positions, the right 'US/NATO'.\n"
        f"left: {_norm(left.text_content())[:300]}\nright: {_norm(right.text_content())[:300]}")
    before = (left.text_content(), right.text_content())
    index, other = next((k, t) for k, t in enumerate(found[0]) if t in titles and titles[t] != current)
    select.select_option(index=index)
    changed = wait_for_quietly(lambda: (left.text_content(), right.text_content()) != before
                               and shows(titles[other]), 30, session)
    select.evaluate("e => e.closest('.widget-vbox').scrollIntoView()")
    session.shot()
    session.notes.append(f"positions: {current} -> {titles[other]}")
    assert changed, (
        f"{path}: after choosing the issue {other!r}, both columns should show that issue's positions "
        f"(Russia left, US/NATO right).\nleft: {_norm(left.text_content())[:300]}\n"
        f"right: {_norm(right.text_content())[:300]}")
    for side, col in (("Russia", left), ("US/NATO", right)):
        stale = [t for t in expected_column(positions, current, side)
                 if t not in expected_column(positions, titles[other], side) and t in _norm(col.text_content())]
        assert not stale, f"{path}: the {side} column still shows positions of the previous issue: {stale[:1]}"


FIND_TIMELINE_JS = """() => {
    // The timeline picker: a box with a list (select) of dated events and sources, and an HTML panel after it.
    for (const sel of document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-select select')) {
        const labels = Array.from(sel.options).map(o => o.textContent.replace(/\\s+/g, ' ').trim());
        if (!labels.length || !labels.every(l => /^\\d{4}-\\d{2}-\\d{2} · /.test(l))) continue;
        const box = sel.closest('.widget-select').parentElement;
        const detail = Array.from(box.children).find(c => c.classList.contains('widget-html'));
        if (!detail) continue;
        sel.setAttribute('data-browser-test', 'picker');
        detail.setAttribute('data-browser-test', 'detail');
        return labels;
    }
    return null;
}"""


def check_timeline(session: Session, path: str) -> None:
    """The timeline picker lists events and sources; picking an event shows that event in the panel."""
    page = session.page
    labels = wait_for(lambda: page.evaluate(FIND_TIMELINE_JS), 30,
                      f"the timeline picker in {path} (a list of dated events above an HTML panel)", session)
    picker, detail = page.locator('[data-browser-test="picker"]'), page.locator('[data-browser-test="detail"]')
    picker.scroll_into_view_if_needed()
    current = picker.evaluate("s => s.selectedIndex")
    events = [k for k, label in enumerate(labels) if " source " not in label and k != current]
    assert events, f"{path}: the timeline picker lists no event to pick: {labels[:5]}"
    index = events[len(events) // 2]
    target = labels[index]
    title = _norm(target.split(" · ", 1)[1])
    before = detail.text_content()
    picker.select_option(index=index)
    ok = wait_for_quietly(lambda: detail.text_content() != before and title in _norm(detail.text_content()), 30,
                          session)
    if not ok:
        detail.scroll_into_view_if_needed()
        session.shot()
    assert ok, (f"{path}: after picking {target!r} in the timeline, the panel below should show that event; "
                f"it shows: {_norm(detail.text_content() or '')[:300]}")

    # The chart above the list is linked to it: clicking an event's point picks that event.
    clicked = page.evaluate(CLICK_TARGET_JS)
    # The chart drawn, the list and the panel filled: the picker fits its output area, on this screen and on
    # smaller ones (1280 px: an 848 px output area, where the chart once reached 5 px past it).
    for width in (1400, 1280, 1024):
        page.set_viewport_size({"width": width, "height": 1000})
        pause(session, 0.5)
        fit = page.evaluate(OVERFLOW_JS)
        assert not fit["wide"] and fit["scroll"] <= 0, (
            f"{path}: in a {width} px window, the timeline picker is wider than its output area "
            f"({fit['area']} px): {fit['wide']}")
    # (the click below is made on the chart as drawn in the narrowest window: scaled down, it still answers)
    if clicked is None:
        return  # this timeline picker has no chart (e.g. shown without one): nothing to click
    point = page.locator('[data-browser-test="point"]')
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    assert box, f"{path}: the timeline chart's point for {clicked['title']!r} is not visible"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    title = _norm(clicked["title"])
    picked = wait_for_quietly(lambda: _norm(picker.evaluate(SELECTED_JS)).endswith(title)
                              and title in _norm(detail.text_content()), 30, session)
    page.locator('[data-browser-test="picker"]').evaluate("e => e.closest('.widget-vbox').scrollIntoView()")
    session.shot()
    assert picked, (f"{path}: clicking the point of {clicked['title']!r} ({clicked['event_id']}) in the timeline "
                    f"chart should pick that event in the list below; the list shows "
                    f"{_norm(picker.evaluate(SELECTED_JS))!r}")


OVERFLOW_JS = """() => {
    // What of the timeline picker (chart, list, panel) reaches past the right edge of its output area.
    const box = document.querySelector('[data-browser-test="picker"]').closest('.redlines-widget');
    const area = box.closest('.jp-OutputArea-output');
    const right = area.getBoundingClientRect().right;
    const wide = Array.from([box, ...box.querySelectorAll('*')]).map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width > 0 && r.right > right + 0.5)
        .map(([e, r]) => `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 3).join('.')}: `
                         + `${Math.round(r.width)} px, ${Math.round(r.right - right)} px past the edge`);
    return {area: Math.round(area.getBoundingClientRect().width), scroll: area.scrollWidth - area.clientWidth,
            wide: wide.slice(0, 8)};
}"""

SELECTED_JS = "s => s.selectedIndex >= 0 ? s.options[s.selectedIndex].textContent : ''"

CLICK_TARGET_JS = """() => {
    // A point of the timeline chart inside the picker, away from other points, for an event not picked yet.
    const sel = document.querySelector('[data-browser-test="picker"]');
    const embed = sel.closest('.widget-vbox').querySelector('.vega-embed');
    if (!embed) return null;
    const norm = t => t.replace(/\\s+/g, ' ').trim();
    const current = sel.selectedIndex >= 0 ? norm(sel.options[sel.selectedIndex].textContent) : '';
    const points = Array.from(embed.querySelectorAll('.mark-symbol path'))
        .filter(p => p.__data__ && p.__data__.datum && p.__data__.datum.event_id && p.__data__.datum.title);
    const centres = points.map(p => {
        const r = p.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2];
    });
    for (let i = 0; i < points.length; i++) {
        const d = points[i].__data__.datum;
        if (current.endsWith(norm(d.title))) continue;
        const alone = centres.every((c, j) => j === i || Math.hypot(c[0] - centres[i][0], c[1] - centres[i][1]) > 14);
        if (!alone) continue;
        points[i].setAttribute('data-browser-test', 'point');
        return {title: d.title, event_id: d.event_id};
    }
    return null;
}"""


def check_network(session: Session, path: str) -> None:
    assert not session.blocked, (
        f"{path}: the page tried to reach hosts other than loopback (blocked): {sorted(set(session.blocked))[:10]}. "
        "The course must work offline: load JavaScript and data from the local server only.")
    outside = [r for r in session.requests if _is_outside(r.split(" ", 1)[1])]
    assert not outside, f"{path}: requests left loopback: {outside[:10]}"


# ---------------------------------------------------------------- the tests

NOTEBOOKS = {
    "lessons/02_timeline.ipynb": check_timeline,
    "lessons/04_positions.ipynb": check_positions,
}


@pytest.mark.parametrize("path", list(NOTEBOOKS))
def test_notebook_in_browser(path: str, lab: Lab, browser) -> None:
    """Open, Run All, and check errors, charts, network and the notebook's widget, in a real browser."""
    assert (ROOT / path).is_file(), f"{path} does not exist"
    original = (ROOT / path).read_bytes()
    with open_session(browser, lab, Path(path).stem) as session:
        open_notebook(session, lab, path)
        run_all(session, lab, path)
        nb = save_and_read(session, lab, path)
        n_charts = check_outputs(nb, path)
        errors = session.page.evaluate(RENDER_ERRORS_JS)
        assert not errors, f"{path}: outputs show rendering errors in the browser: {errors}"
        check_network(session, path)  # first here: a blocked script is the likeliest cause of a blank chart
        check_charts(session, n_charts, path)
        NOTEBOOKS[path](session, path)
        check_network(session, path)
    assert (ROOT / path).read_bytes() == original, f"the browser test changed {path} in the repository"


def test_course_settings_in_browser(lab: Lab, browser) -> None:
    """The course settings: no news pop-up, and a notebook without a kernel in its metadata starts the
    default kernel without asking."""
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    blank.metadata = {}
    (lab.root / "blank.ipynb").write_text(nbformat.writes(blank), encoding="utf-8")
    with open_session(browser, lab, "course_settings") as session:
        page = session.page
        show_notebook(session, f"{lab.url}/lab/tree/blank.ipynb?reset&token={lab.token}", "blank.ipynb")
        problems: dict[str, str] = {}
        deadline = time.monotonic() + 6  # both would show within a second of the page being ready
        while time.monotonic() < deadline and len(problems) < 2:
            news = [t for t in page.locator(".jp-Notification-Toast, .Toastify__toast").all_inner_texts()
                    if re.search(r"news|update", t, re.I)]
            if news:
                problems["news"] = f"a news/update pop-up: {_norm(news[0])!r}"
            if dialog_text(page):
                problems["kernel"] = f"a dialog asking for a kernel: {_norm(dialog_text(page))!r}"
            pause(session, 0.25)
        session.shot()
        assert not problems, (
            "JupyterLab ran without the course settings (tools/install_lab_settings.py installs them): it showed "
            + " and ".join(problems.values()))
        wait_for(lambda: kernel_state(lab, "blank.ipynb") == "idle", 60, "the default kernel to start", session)
        check_network(session, "blank.ipynb")


def test_network_guard_blocks_other_hosts(lab: Lab, browser) -> None:
    """The guard itself: a fetch, an image and a websocket to other hosts are blocked and reported."""
    with open_session(browser, lab, "network_guard") as session:
        page = session.page
        page.set_content("<!doctype html><title>guard</title>")  # a page without a content security policy
        page.evaluate("""() => {
            fetch('https://example.org/data.json').catch(() => null);
            new Image().src = 'http://198.51.100.7/chart.png';
            try { new WebSocket('wss://example.net/socket'); } catch (e) { /* blocked */ }
        }""")
        wait_for(lambda: len(session.blocked) >= 3, 15, "the three outside requests to be blocked", session)
        assert {urlsplit(u).hostname for u in session.blocked} == {"example.org", "198.51.100.7", "example.net"}
        with pytest.raises(AssertionError, match="other than loopback"):
            check_network(session, "the guard's own page")
        session.blocked.clear()
        session.requests[:] = [f"GET {lab.url}/api/status"]
        check_network(session, "the guard's own page")  # loopback requests alone pass
