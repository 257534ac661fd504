"""Start JupyterLab the way a student meets the course: the course folder as the server's root, lesson 00 open.

``make lab`` runs this script; extra arguments go to the server as they are (``make lab LAB_ARGS=--allow-root``
runs ``python tools/lab_command.py --allow-root``)::

    python tools/lab_command.py [SERVER OPTIONS...]

The server serves the whole course folder, so the file browser shows ``lessons/``, ``exercises/``,
``solutions/`` and ``seeds/``, and lesson 01's link to ``../exercises/01_sources.ipynb`` opens it. Its default
page is lesson 00: the browser opens on it, and the address the server prints (``.../lab/tree/lessons/
00_start_here.ipynb?token=...``) opens it too. The server's own settings (no unencrypted-kernel warning, no
language-server scan) come from the environment, where ``tools/install_lab_settings.py`` put them.

The browser test (``tests/system/test_browser.py``) starts its server with :func:`command`, so it tests this command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The notebook JupyterLab opens first, relative to the course folder.
FIRST = "lessons/00_start_here.ipynb"


def command(root: Path = ROOT, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The command that starts JupyterLab on the course folder ``root`` with lesson 00 open.

    >>> command(Path("/course"))[1:4]
    ['-m', 'jupyterlab', '--ServerApp.root_dir=/course']
    """
    return [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        # The page the browser opens and the address the server prints: lesson 00, not the Launcher.
        f"--LabApp.default_url=/lab/tree/{FIRST}",
        *extra,
    ]


def check(root: Path, extra: list[str]) -> str | None:
    """Why the server would not start, in a sentence that names the fix; None if nothing is wrong."""
    if not (root / FIRST).is_file():
        return f"{root / FIRST} is missing: run this from a complete copy of the course."
    allowed = any(arg == "--allow-root" or arg.startswith("--ServerApp.allow_root") for arg in extra)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not allowed:
        return ("You are running as root (a container or WSL?), and JupyterLab refuses to start as root unless "
                "told to: run `make lab LAB_ARGS=--allow-root` (or add --allow-root to this command).")
    return None


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    problem = check(ROOT, extra)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    cmd = command(ROOT, extra)
    print("Starting JupyterLab on the course folder, lesson 00 open. Stop it with Ctrl+C (twice).", flush=True)
    os.chdir(ROOT)
    if os.name == "posix":
        os.execv(cmd[0], cmd)  # JupyterLab takes this process over: Ctrl+C goes straight to it
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
