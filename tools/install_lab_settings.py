"""Install the course's JupyterLab settings where JupyterLab reads them.

JupyterLab takes default settings from ``{sys.prefix}/share/jupyter/lab/settings/overrides.json``. The
course ships its own in ``.jupyter/lab/settings/overrides.json`` (no news pop-up, no update check, the
default kernel started without asking). The server's settings in
``.jupyter/jupyter_server_config.json`` go to ``{sys.prefix}/etc/jupyter/jupyter_server_config.json``: kernels
get CurveZMQ keys, so ipykernel does not warn "Kernel is running over TCP without encryption", and jupyter-lsp
does not scan for language servers that the course does not use ("Skipped non-installed server(s)"), and
JupyterLab loads the course's style sheet (``LabApp.custom_css``). That style sheet, ``.jupyter/custom/
custom.css`` (printed text wraps between words, links are underlined), goes to ``{sys.prefix}/etc/jupyter/
custom/custom.css``, and the server config names that folder as the one ``/custom/custom.css`` is served from
(``ServerApp.tornado_settings.static_custom_path``: by itself the server looks only in the user's
``~/.jupyter/custom`` and in jupyter_server's own package, not in the environment's ``etc/jupyter``).
The export settings in ``.jupyter/jupyter_nbconvert_config.json`` go to ``{sys.prefix}/etc/jupyter/
jupyter_nbconvert_config.json``: ``jupyter nbconvert --to html --execute`` then keeps no widget state in the
notebook (``ExecutePreprocessor.store_widget_state``), so the page shows each chart's and widget's static copy
(an SVG image, plain HTML) instead of widget views that load their scripts from unpkg.com and stay blank offline.
nbconvert reads its settings from the environment's ``etc/jupyter`` (and ``~/.jupyter``), not from the folder it
runs in, hence the install. ``make setup`` and Binder's ``postBuild`` run this script; conda users run it once
in their environment:

    python tools/install_lab_settings.py            # into the running Python's environment
    python tools/install_lab_settings.py --prefix P # into another one

An ``overrides.json``, server or nbconvert config that is already there is merged, not replaced: the course's
values win for the settings it names, every other setting is kept. In a ``custom.css`` that is already there, only the
course's part (between its BEGIN and END comments) is added or replaced. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE_SETTINGS = ROOT / ".jupyter" / "lab" / "settings" / "overrides.json"
SERVER_SETTINGS = ROOT / ".jupyter" / "jupyter_server_config.json"
EXPORT_SETTINGS = ROOT / ".jupyter" / "jupyter_nbconvert_config.json"
COURSE_CSS = ROOT / ".jupyter" / "custom" / "custom.css"
CSS_BEGIN = "/* BEGIN Red Lines and Open Doors (tools/install_lab_settings.py replaces this part) */"
CSS_END = "/* END Red Lines and Open Doors */"


def target(prefix: Path) -> Path:
    return prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def server_target(prefix: Path) -> Path:
    return prefix / "etc" / "jupyter" / "jupyter_server_config.json"


def export_target(prefix: Path) -> Path:
    return prefix / "etc" / "jupyter" / "jupyter_nbconvert_config.json"


def css_target(prefix: Path) -> Path:
    return prefix / "etc" / "jupyter" / "custom" / "custom.css"


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


def _missing(source: Path) -> SystemExit:
    return SystemExit(f"The course settings {source} are missing: restore them with `git checkout -- {source}`.")


def _write(dest: Path, text: str) -> Path:
    """Write ``text`` to ``dest`` unless it already holds it."""
    if not dest.is_file() or dest.read_text(encoding="utf-8") != text:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    return dest


def install(prefix: Path, source: Path = COURSE_SETTINGS, dest: Path | None = None, extra: dict | None = None) -> Path:
    """Merge the settings in ``source`` into ``dest`` (default: JupyterLab's overrides.json under ``prefix``).

    ``extra`` is merged on top, one level deeper (a section's dict value, such as ``tornado_settings``, is
    merged key by key). Returns the file written. A file that already holds the merged settings is left untouched.
    """
    if not source.is_file():
        raise _missing(source)
    dest = target(prefix) if dest is None else dest
    settings = merged(_read(dest) if dest.is_file() else {}, _read(source))
    for section, values in (extra or {}).items():
        current = settings.setdefault(section, {})
        if not isinstance(current, dict):
            raise SystemExit(f"{dest}: {section} should be a JSON object: fix or delete it, then run this again.")
        for key, value in values.items():
            old = current.get(key)
            current[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
    return _write(dest, json.dumps(settings, indent=2, ensure_ascii=False) + "\n")


def install_server(prefix: Path, source: Path = SERVER_SETTINGS) -> Path:
    """Merge the course's server settings into ``{prefix}/etc/jupyter/jupyter_server_config.json``.

    They also name ``{prefix}/etc/jupyter/custom`` as the folder of ``custom.css`` (see :func:`install_css`).
    """
    folder = str(css_target(prefix).parent)
    dest = server_target(prefix)
    existing = _read(dest) if dest.is_file() else {}
    tornado = existing.get("ServerApp", {}).get("tornado_settings", {}) if isinstance(existing.get("ServerApp"),
                                                                                       dict) else {}
    others = tornado.get("static_custom_path", []) if isinstance(tornado, dict) else []
    paths = [folder, *(p for p in (others if isinstance(others, list) else [others]) if p != folder)]
    return install(prefix, source, dest, extra={"ServerApp": {"tornado_settings": {"static_custom_path": paths}}})


def install_css(prefix: Path, source: Path = COURSE_CSS) -> Path:
    """Put the course's style sheet in ``{prefix}/etc/jupyter/custom/custom.css``, between its BEGIN and END
    comments; whatever else that file holds is kept."""
    if not source.is_file():
        raise _missing(source)
    dest = css_target(prefix)
    block = f"{CSS_BEGIN}\n{source.read_text(encoding='utf-8').strip()}\n{CSS_END}\n"
    text = dest.read_text(encoding="utf-8") if dest.is_file() else ""
    start, end = text.find(CSS_BEGIN), text.find(CSS_END)
    if start >= 0 and end > start:
        text = text[:start] + block + text[end + len(CSS_END):].lstrip("\n")
    elif start >= 0 or end >= 0:
        raise SystemExit(f"{dest} has only one of the course's BEGIN and END comments: delete the course's part "
                         "(or the whole file), then run this again.")
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    return _write(dest, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix),
                        help="the environment to install into (default: this Python's, %(default)s)")
    args = parser.parse_args(argv)
    print(f"JupyterLab settings for the course: {install(args.prefix)}")
    print(f"Jupyter server settings for the course: {install_server(args.prefix)}")
    print(f"JupyterLab style sheet for the course: {install_css(args.prefix)}")
    print(f"nbconvert settings for the course: {install(args.prefix, EXPORT_SETTINGS, export_target(args.prefix))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
