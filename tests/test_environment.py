"""pyproject.toml and environment.yml pin the same set, and Binder's files say what the README says."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import tomllib

import pytest

from conftest import ROOT


def pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # The `mutate` extra (mutation testing, `make mutate`) is for developers only: Binder does not install it.
    extras = {k: v for k, v in data["project"]["optional-dependencies"].items() if k != "mutate"}
    reqs = data["project"]["dependencies"] + [r for extra in extras.values() for r in extra]
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
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", r) for r in reqs), reqs


def test_environment_yml_and_pyproject_agree():
    env, python = environment_pins()
    assert env == pyproject_pins()
    assert python == "3.11"
    assert 'requires-python = ">=3.11,<3.12"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_core_stack_is_present():
    pins = pyproject_pins()
    for name in ("jupyterlab", "ipywidgets", "pandas", "altair", "nbval", "pytest", "ruff"):
        assert name in pins
    assert pins["pytest"].split(".")[0] == "9"  # nbval 0.11 works with pytest < 10


def test_make_does_not_reinstall_when_nothing_changed():
    """After set-up, the install stamp is newer than pyproject.toml: `make` would not reinstall."""
    if not (ROOT / ".venv" / ".installed").exists() or shutil.which("make") is None:
        pytest.skip("run through `make test`, which creates .venv/.installed")
    done = subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, "make would reinstall although pyproject.toml has not changed"
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "pip install" not in plan and "install_lab_settings" not in plan and "pytest" in plan


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
