"""Install the course's JupyterLab settings where JupyterLab reads them.

JupyterLab takes default settings from ``{sys.prefix}/share/jupyter/lab/settings/overrides.json``. The
course ships its own in ``.jupyter/lab/settings/overrides.json`` (no news pop-up, no update check, the
default kernel started without asking). The server's settings in
``.jupyter/jupyter_server_config.json`` go to ``{sys.prefix}/etc/jupyter/jupyter_server_config.json``: kernels
get CurveZMQ keys, so ipykernel does not warn "Kernel is running over TCP without encryption", and jupyter-lsp
does not scan for language servers that the course does not use ("Skipped non-installed server(s)").
``make setup`` and Binder's ``postBuild`` run this script; conda users run it once in their environment:

    python tools/install_lab_settings.py            # into the running Python's environment
    python tools/install_lab_settings.py --prefix P # into another one

An ``overrides.json`` that is already there is merged, not replaced: the course's values win for the
settings it names, every other setting is kept. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE_SETTINGS = ROOT / ".jupyter" / "lab" / "settings" / "overrides.json"
SERVER_SETTINGS = ROOT / ".jupyter" / "jupyter_server_config.json"


def target(prefix: Path) -> Path:
    return prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def server_target(prefix: Path) -> Path:
    return prefix / "etc" / "jupyter" / "jupyter_server_config.json"


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SystemExit(f"{path} is not valid JSON ({exc.msg}, line {exc.lineno}): fix or delete it, "
                         "then run this again.") from None
    if not isinstance(data, dict):
        raise SystemExit(f"{path} should hold a JSON object of settings: fix or delete it, then run this again.")
    return data


def merged(existing: dict, course: dict) -> dict:
    """``existing`` with the course's settings on top, plugin by plugin."""
    out = {plugin: dict(values) if isinstance(values, dict) else values for plugin, values in existing.items()}
    for plugin, values in course.items():
        if isinstance(out.get(plugin), dict) and isinstance(values, dict):
            out[plugin].update(values)
        else:
            out[plugin] = values
    return out


def install(prefix: Path, source: Path = COURSE_SETTINGS, dest: Path | None = None) -> Path:
    """Merge the settings in ``source`` into ``dest`` (default: JupyterLab's overrides.json under ``prefix``).

    Returns the file written. A file that already holds the merged settings is left untouched.
    """
    if not source.is_file():
        raise SystemExit(f"The course settings {source} are missing: restore them with `git checkout -- {source}`.")
    dest = target(prefix) if dest is None else dest
    settings = merged(_read(dest) if dest.is_file() else {}, _read(source))
    text = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    if not dest.is_file() or dest.read_text(encoding="utf-8") != text:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    return dest


def install_server(prefix: Path, source: Path = SERVER_SETTINGS) -> Path:
    """Merge the course's server settings into ``{prefix}/etc/jupyter/jupyter_server_config.json``."""
    return install(prefix, source, server_target(prefix))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix),
                        help="the environment to install into (default: this Python's, %(default)s)")
    args = parser.parse_args(argv)
    print(f"JupyterLab settings for the course: {install(args.prefix)}")
    print(f"Jupyter server settings for the course: {install_server(args.prefix)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
