"""pyproject.toml and environment.yml pin the same set, the supported Pythons agree, and `make` sets up as it says."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SUPPORTED = ["3.11", "3.12", "3.13"]  # oldest first; the README, pyproject.toml and tools/find_python.sh agree


def pyproject_pins(extra: str | None = None) -> dict[str, str]:
    """The runtime pins (what the notebooks need), or those of an extra such as "test"."""
    reqs = PYPROJECT["project"]["optional-dependencies"][extra] if extra else PYPROJECT["project"]["dependencies"]
    return dict(r.split("==") for r in reqs)


def environment_pins() -> tuple[dict[str, str], str | None]:
    pins, python = {}, None
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if m := re.fullmatch(r"-\s*python\s*=\s*([\d.]+)", line):
            python = m.group(1)
        elif m := re.fullmatch(r"-\s*([A-Za-z0-9_.-]+)\s*==\s*(\S+)", line):
            pins[m.group(1)] = m.group(2)
    return pins, python


def test_every_dependency_is_pinned_exactly():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = data["project"]["dependencies"] + [r for extra in data["project"]["optional-dependencies"].values()
                                              for r in extra]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", r) for r in reqs), reqs


def test_environment_yml_and_pyproject_agree():
    """Binder and hub images build from environment.yml: the runtime pins only, and one Python."""
    env, python = environment_pins()
    assert env == pyproject_pins(), "environment.yml must pin exactly pyproject.toml's runtime dependencies"
    assert not set(env) & set(pyproject_pins("test")), "the test tools do not belong in students' environment"
    assert python == SUPPORTED[0], "Binder builds the oldest supported Python, which CI tests"


def test_supported_pythons_agree():
    """pyproject.toml, tools/find_python.sh (what `make` accepts) and the README name the same versions."""
    oldest, newest = SUPPORTED[0], SUPPORTED[-1]
    upper = f"3.{int(newest.split('.')[1]) + 1}"
    assert PYPROJECT["project"]["requires-python"] == f">={oldest},<{upper}"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + oldest.replace(".", "")
    finder = (ROOT / "tools" / "find_python.sh").read_text(encoding="utf-8")
    assert f'SUPPORTED="{" ".join(reversed(SUPPORTED))}"' in finder
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"Python {', '.join(SUPPORTED[:-1])} or {newest}" in readme


def test_core_stack_is_present():
    runtime, test = pyproject_pins(), pyproject_pins("test")
    for name in ("jupyterlab", "ipywidgets", "pandas", "altair"):
        assert name in runtime
    for name in ("nbval", "pytest", "ruff", "playwright"):
        assert name in test and name not in runtime
    assert test["pytest"].split(".")[0] == "9"  # nbval 0.11 works with pytest < 10


def test_make_does_not_reinstall_when_nothing_changed():
    """After set-up, the install stamps are newer than pyproject.toml: `make` would not reinstall."""
    if not (ROOT / ".venv" / ".installed-test").exists() or shutil.which("make") is None:
        pytest.skip("run through `make test`, which creates .venv/.installed-test")
    done = subprocess.run(["make", "-q", ".venv/.installed", ".venv/.installed-test"], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, "make would reinstall although pyproject.toml has not changed"
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "pip install" not in plan and "install_lab_settings" not in plan and "pytest" in plan


def _plan(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n: print the commands only; -W pyproject.toml: as if it had just changed, so the install is due.
    run = subprocess.run(["make", "-n", "-W", "pyproject.toml", *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_make_lab_installs_only_what_the_notebooks_need():
    lab = _plan("lab", "LAB_ARGS=--allow-root --port=9999")
    installs = re.findall(r"pip install .*", lab)
    assert installs == ["pip install --quiet -e ."], f"`make lab` should install the runtime only: {installs}"
    assert re.search(r"^\S*/python tools/lab_command\.py --allow-root --port=9999$", lab, re.M), lab
    test = _plan("test")
    assert "pip install --quiet -e '.[test]'" in test, f"`make test` does not install the test extra:\n{test}"


# ---------------------------------------------------------------- which Python `make` uses

FINDER = ROOT / "tools" / "find_python.sh"


def _fake_python(folder, name: str, version: str | None) -> None:
    """A stand-in `name` that reports ``version``, or, with None, fails like an unselected pyenv shim."""
    script = folder / name
    if version:
        script.write_text(f'#!/bin/sh\necho "{version} {folder / name}"\n')
    else:
        script.write_text(f'#!/bin/sh\necho "pyenv: {name}: command not found" >&2\nexit 127\n')
    script.chmod(0o755)


def _find(tmp_path, fakes: dict[str, str | None], *args: str) -> subprocess.CompletedProcess:
    bin_ = tmp_path / "bin"
    bin_.mkdir(exist_ok=True)
    for tool in ("sh", "head", "awk", "cat"):  # only the stand-ins, and the tools the script uses
        (bin_ / tool).symlink_to(shutil.which(tool))
    for name, version in fakes.items():
        _fake_python(bin_, name, version)
    env = {"PATH": str(bin_), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "pyenv")}
    return subprocess.run([str(bin_ / "sh"), str(FINDER), *args], env=env, capture_output=True, text=True,
                          timeout=30)


def test_make_takes_the_newest_supported_python_that_runs(tmp_path):
    run = _find(tmp_path, {"python3.13": None, "python3.12": "3.12", "python3.11": "3.11", "python3": "3.14"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "bin" / "python3.12")  # 3.13 is a shim that fails


def test_make_takes_pyenvs_copy_when_its_shim_fails(tmp_path):
    real = tmp_path / "pyenv" / "versions" / "3.13.0" / "bin"
    real.mkdir(parents=True)
    _fake_python(real, "python3.13", "3.13")
    run = _find(tmp_path, {"python3.13": None, "python3.11": "3.11"})
    assert run.stdout.strip() == str(real / "python3.13"), run.stderr


def test_python3_counts_when_its_version_is_supported(tmp_path):
    run = _find(tmp_path, {"python3": "3.12"})
    assert run.stdout.strip() == str(tmp_path / "bin" / "python3"), run.stderr


def test_no_supported_python_says_which_versions_work(tmp_path):
    run = _find(tmp_path, {"python3.13": None, "python3": "3.10"})
    assert run.returncode == 1 and run.stdout == ""
    assert "The course runs on Python 3.11, 3.12 or 3.13" in run.stderr
    assert "python3.13: does not run (pyenv: python3.13: command not found)" in run.stderr
    assert "python3: Python 3.10, not one of the supported versions" in run.stderr
    assert "make lab PYTHON=/path/to/python3.13" in run.stderr
    for system in ("Debian / Ubuntu", "macOS", "Windows"):
        assert system in run.stderr


def test_python_given_is_checked(tmp_path):
    _find(tmp_path, {"python3.10": "3.10"})  # lays out the stand-ins
    bin_ = tmp_path / "bin"
    env = {"PATH": str(bin_), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "pyenv")}
    run = subprocess.run([str(bin_ / "sh"), str(FINDER), "--check", str(bin_ / "python3.10")], env=env,
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 1 and f"PYTHON={bin_ / 'python3.10'} cannot be used" in run.stderr
    _fake_python(bin_, "python3.12", "3.12")
    run = subprocess.run([str(bin_ / "sh"), str(FINDER), "--check", "python3.12"], env=env, capture_output=True,
                         text=True, timeout=30)
    assert run.returncode == 0 and run.stdout.strip() == str(bin_ / "python3.12"), run.stderr


# ---------------------------------------------------------------- the course's JupyterLab settings


def _installer():
    spec = importlib.util.spec_from_file_location("install_lab_settings", ROOT / "tools" / "install_lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_settings_installer_merges_and_is_idempotent(tmp_path):
    install = _installer()
    dest = install.target(tmp_path)
    dest.parent.mkdir(parents=True)
    dest.write_text(json.dumps({"@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": True},
                                                                            "autoStartDefaultKernel": False},
                                "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    assert install.main(["--prefix", str(tmp_path)]) == 0
    got = json.loads(dest.read_text())
    assert got["@jupyterlab/notebook-extension:tracker"] == {"codeCellConfig": {"lineNumbers": True},
                                                              "autoStartDefaultKernel": True}
    assert got["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}  # kept
    assert got["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    before = dest.stat().st_mtime_ns, dest.read_text()
    install.main(["--prefix", str(tmp_path)])
    assert (dest.stat().st_mtime_ns, dest.read_text()) == before  # nothing rewritten


def test_settings_installer_names_the_fix_for_a_broken_file(tmp_path):
    install = _installer()
    dest = install.target(tmp_path)
    dest.parent.mkdir(parents=True)
    dest.write_text("{ not json")
    with pytest.raises(SystemExit, match="not valid JSON.*fix or delete it"):
        install.install(tmp_path)
    assert dest.read_text() == "{ not json"  # nothing lost
    with pytest.raises(SystemExit, match="git checkout"):
        install.install(tmp_path / "other", source=tmp_path / "missing.json")


def test_style_sheet_is_installed_merged_and_served_from_the_environment(tmp_path):
    """custom.css goes to <env>/etc/jupyter/custom/, beside what is there; the server config turns it on and names
    that folder (jupyter_server looks only in ~/.jupyter/custom and its own package otherwise)."""
    install = _installer()
    css, server = install.css_target(tmp_path), install.server_target(tmp_path)
    css.parent.mkdir(parents=True)
    css.write_text(".mine { color: red; }\n")
    server.write_text(json.dumps({"ServerApp": {"tornado_settings": {"headers": {"X-Frame-Options": "DENY"},
                                                                     "static_custom_path": ["/srv/custom"]}}}))
    assert install.main(["--prefix", str(tmp_path)]) == 0
    text = css.read_text()
    course = install.COURSE_CSS.read_text().strip()
    assert text.startswith(".mine { color: red; }\n") and course in text and text.count(install.CSS_BEGIN) == 1
    assert "word-break: normal" in course and "text-decoration: underline" in course
    config = json.loads(server.read_text())
    assert config["LabApp"] == {"custom_css": True}
    assert config["ServerApp"]["tornado_settings"] == {"headers": {"X-Frame-Options": "DENY"},
                                                        "static_custom_path": [str(css.parent), "/srv/custom"]}
    assert config["MappingKernelManager"] == {"transport_encryption": "auto"}
    before = {f: (f.stat().st_mtime_ns, f.read_text()) for f in (css, server)}
    install.main(["--prefix", str(tmp_path)])
    assert {f: (f.stat().st_mtime_ns, f.read_text()) for f in (css, server)} == before  # nothing rewritten
    # A newer course style sheet replaces the course's part only.
    newer = tmp_path / "newer.css"
    newer.write_text("/* newer */\n")
    install.install_css(tmp_path, newer)
    assert css.read_text() == f".mine {{ color: red; }}\n\n{install.CSS_BEGIN}\n/* newer */\n{install.CSS_END}\n"
    css.write_text(f"{install.CSS_BEGIN}\n.half {{}}\n")
    with pytest.raises(SystemExit, match="only one of the course's BEGIN and END"):
        install.install_css(tmp_path)


def test_export_settings_are_installed_merged_and_read_by_nbconvert(tmp_path):
    """jupyter_nbconvert_config.json goes to <env>/etc/jupyter/, merged with what is there, where nbconvert reads it:
    `jupyter nbconvert --execute` then keeps no widget state (exports show the charts as images, offline)."""
    install = _installer()
    dest = install.export_target(tmp_path)
    dest.parent.mkdir(parents=True)
    dest.write_text(json.dumps({"HTMLExporter": {"theme": "dark"}, "ExecutePreprocessor": {"timeout": 600}}))
    assert install.main(["--prefix", str(tmp_path)]) == 0
    assert json.loads(dest.read_text()) == {"HTMLExporter": {"theme": "dark"},
                                            "ExecutePreprocessor": {"timeout": 600, "store_widget_state": False}}
    code = ("from nbconvert.nbconvertapp import NbConvertApp; from nbconvert.preprocessors import ExecutePreprocessor; "
            "app = NbConvertApp(); app.initialize(['--to', 'html']); "
            "print(ExecutePreprocessor(config=app.config).store_widget_state)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
    # tmp_path's etc/jupyter in place of an environment's (JUPYTER_CONFIG_PATH comes first), no user settings
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={**env, "JUPYTER_CONFIG_PATH": str(dest.parent),
                              "JUPYTER_CONFIG_DIR": str(tmp_path / "home")})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "False"


# ---------------------------------------------------------------- how `make lab` starts JupyterLab


def _lab_command():
    spec = importlib.util.spec_from_file_location("lab_command", ROOT / "tools" / "lab_command.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lab_serves_the_course_folder_and_opens_lesson_00(tmp_path):
    lab = _lab_command()
    cmd = lab.command(tmp_path, ["--port=9999"])
    assert cmd[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert "--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb" in cmd
    assert cmd[-1] == "--port=9999"  # LAB_ARGS come last, so they win
    assert not any(arg.endswith(".ipynb") and not arg.startswith("--") for arg in cmd), \
        "a notebook as argument would make its folder the server's root"
    assert (ROOT / lab.FIRST).is_file()


def test_lab_names_the_fix_when_it_cannot_start(tmp_path, monkeypatch):
    lab = _lab_command()
    assert "is missing" in lab.check(tmp_path, [])
    (tmp_path / "lessons").mkdir()
    (tmp_path / lab.FIRST).write_text("{}")
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0, raising=False)
    assert "make lab LAB_ARGS=--allow-root" in lab.check(tmp_path, [])
    assert lab.check(tmp_path, ["--allow-root"]) is None
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000, raising=False)
    assert lab.check(tmp_path, []) is None


# ---------------------------------------------------------------- students get only the runtime


def _closure(names: set[str]) -> set[str]:
    """The installed distributions ``names`` need, themselves included (normalised names)."""
    from importlib import metadata

    from packaging.requirements import Requirement

    norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()  # noqa: E731
    seen, todo = set(), [norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(norm(req.name))
    return seen


def test_notebooks_and_helpers_need_only_the_runtime_packages():
    """Every module that the notebooks and the helpers import comes with Python or with the runtime pins (and what
    they pull in): `make lab`, Binder and hub images, which install no test tools, have all of it."""
    import ast
    import sys
    from importlib import metadata

    import nbformat

    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "helpers").glob("*.py")]
    for folder in ("lessons", "exercises", "solutions"):
        for path in (ROOT / folder).glob("*.ipynb"):
            nb = nbformat.read(path, as_version=4)
            sources += ["\n".join(line for line in c.source.splitlines() if not line.lstrip().startswith(("%", "!")))
                        for c in nb.cells if c.cell_type == "code"]
    imported = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    runtime = _closure(set(pyproject_pins()))
    providers = metadata.packages_distributions()
    missing = {}
    for module in sorted(imported - set(sys.stdlib_module_names) - {"helpers"}):
        dists = {re.sub(r"[-_.]+", "-", d).lower() for d in providers.get(module, [])}
        if not dists & runtime:
            missing[module] = sorted(dists) or "not installed"
    assert not missing, f"imported by the course but not in pyproject.toml's runtime dependencies: {missing}"
    assert "nbval" not in runtime and "pytest" not in runtime and "playwright" not in runtime
