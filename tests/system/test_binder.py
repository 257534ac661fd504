"""Binder and JupyterHub readiness: what repo2docker would build from this repository, without Docker.

``jupyter-repo2docker --no-build --no-run --debug .`` prints the Dockerfile that Binder would build. The tests
read it and check that the image installs ``environment.yml`` with Python 3.11 and then runs ``postBuild``;
``postBuild`` itself is run in a sandbox (a stand-in ``python`` and ``pip``) to check that it installs the
helpers and puts the course's JupyterLab settings where JupyterLab reads them.

A JupyterHub whose image has the packages of ``environment.yml`` but not the course runs lessons pulled with
nbgitpuller as they are: ``lessons/helpers`` (and the same in ``exercises/`` and ``solutions/``) is a link to
``../helpers`` that git keeps, and Python looks in a notebook's folder first. The last test builds such an
environment and runs pulled notebooks in it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / ".jupyter" / "lab" / "settings" / "overrides.json"
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"


@pytest.fixture(scope="module")
def repo2docker() -> tuple[str, str]:
    """(Dockerfile, log) as repo2docker prints them for this repository, built as Binder's user 1000."""
    exe = str(REPO2DOCKER) if REPO2DOCKER.exists() else shutil.which("jupyter-repo2docker")
    if exe is None:
        pytest.fail("jupyter-repo2docker is not installed: run `make setup` (it is in the test extra).")
    cmd = [exe, "--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan", "."]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, f"{' '.join(cmd)} failed:\n{run.stderr[-3000:]}"
    assert "FROM " in run.stdout, f"repo2docker printed no Dockerfile:\n{run.stdout[:2000]}\n{run.stderr[-2000:]}"
    return run.stdout, run.stderr


def _line(dockerfile: str, pattern: str) -> int:
    """Index of the first Dockerfile line matching ``pattern`` (a regex), or -1."""
    for i, line in enumerate(dockerfile.splitlines()):
        if re.search(pattern, line):
            return i
    return -1


def test_no_binder_folder_hides_the_root_files():
    # repo2docker reads binder/ (or .binder/) exclusively when it exists: environment.yml and postBuild
    # at the root would then be ignored.
    for name in ("binder", ".binder"):
        assert not (ROOT / name).exists(), f"{name}/ exists: repo2docker would ignore environment.yml and postBuild"


def test_image_installs_environment_yml_with_python_311(repo2docker):
    dockerfile, log = repo2docker
    assert "Building conda environment for python=3.11" in log, (
        f"repo2docker does not build Python 3.11 (environment.yml must pin python=3.11):\n{log}")
    assert re.search(r"environment[^\s/]*py[^\s/]*3[^\s/]*11", dockerfile), \
        "the base environment lock file is not the Python 3.11 one"
    update = _line(dockerfile, r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"')
    assert update >= 0, "the Dockerfile does not install environment.yml into the notebook environment"
    assert _line(dockerfile, r"COPY .*src/environment\.yml") >= 0, "environment.yml is not copied into the image"


def test_image_runs_postbuild_after_the_environment_and_the_files(repo2docker):
    dockerfile, _ = repo2docker
    update = _line(dockerfile, r'--file "environment\.yml"')
    copy_all = _line(dockerfile, r"^COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/")
    post = _line(dockerfile, r"^RUN \./postBuild")
    assert post >= 0, "the Dockerfile does not run postBuild"
    assert 0 <= update < copy_all < post, (
        "postBuild must run after environment.yml is installed and the repository is copied "
        f"(lines: env update {update}, copy {copy_all}, postBuild {post})")
    user = [line for line in dockerfile.splitlines()[:post] if line.startswith("USER ")]
    assert user and user[-1].strip() == "USER ${NB_USER}", "postBuild should run as the notebook user, not root"


def test_postbuild_installs_helpers_and_course_settings(tmp_path: Path):
    """Run postBuild with stand-ins for python and pip: it installs the helpers and copies the settings."""
    repo, prefix, fake = tmp_path / "repo", tmp_path / "prefix", tmp_path / "bin"
    repo.mkdir()
    prefix.mkdir()
    fake.mkdir()
    for name in ("postBuild", "pyproject.toml", "environment.yml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / ".jupyter", repo / ".jupyter")
    calls = tmp_path / "calls.log"
    shutil.copytree(ROOT / "tools", repo / "tools")
    # `python -m pip` and `pip` only record the call; `python SCRIPT` runs SCRIPT with sys.prefix set to the sandbox.
    shim = f"""#!/bin/sh
if [ "$1" != "-m" ] && [ "$(basename "$0")" != pip ]; then
  exec "{sys.executable}" -c "import runpy, sys; sys.prefix = sys.exec_prefix = {str(prefix)!r}; \\
sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')" "$@"
fi
echo "$(basename "$0") $*" >> "{calls}"
"""
    for name in ("python", "python3", "pip"):
        (fake / name).write_text(shim)
        (fake / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:/usr/bin:/bin", "NB_PYTHON_PREFIX": str(prefix),
           "CONDA_PREFIX": str(prefix), "HOME": str(tmp_path / "home")}
    mode = (ROOT / "postBuild").stat().st_mode
    assert mode & stat.S_IXUSR, "postBuild is not executable (chmod +x postBuild)"
    run = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"postBuild failed in the sandbox:\n{run.stdout}\n{run.stderr}"
    recorded = calls.read_text() if calls.exists() else ""
    assert re.search(r"pip install --no-deps -e \.", recorded), (
        f"postBuild does not pip install --no-deps -e . (environment.yml has the dependencies): {recorded!r}")
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.is_file(), (
        "postBuild does not install .jupyter/lab/settings/overrides.json in "
        "{sys.prefix}/share/jupyter/lab/settings/overrides.json, where JupyterLab reads it")
    assert json.loads(installed.read_text()) == json.loads(OVERRIDES.read_text())
    server, course_server = prefix / "etc" / "jupyter" / "jupyter_server_config.json", OVERRIDES.parents[2] / \
        "jupyter_server_config.json"
    assert server.is_file(), f"postBuild does not install the course's server settings ({course_server})"
    css = prefix / "etc" / "jupyter" / "custom" / "custom.css"
    assert json.loads(server.read_text()) == {
        **json.loads(course_server.read_text()),
        "ServerApp": {"tornado_settings": {"static_custom_path": [str(css.parent)]}}}
    assert css.is_file() and (ROOT / ".jupyter" / "custom" / "custom.css").read_text().strip() in css.read_text(), (
        "postBuild does not install the course's style sheet .jupyter/custom/custom.css")


def test_make_setup_installs_course_settings_where_jupyterlab_reads_them():
    """`make lab` and `make test` (through `make setup`) copy overrides.json into JupyterLab's settings folder."""
    from jupyterlab.commands import get_app_dir

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n: print the commands only; -W: as if overrides.json had just changed, so the install is due.
    run = subprocess.run(["make", "-n", "-W", ".jupyter/lab/settings/overrides.json", "setup"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^\S*/python tools/install_lab_settings\.py$", run.stdout, re.M), (
        f"`make setup` does not run tools/install_lab_settings.py; it would run:\n{run.stdout}")
    python = re.search(r"^(\S*)/python tools/install_lab_settings\.py$", run.stdout, re.M).group(1)
    assert (ROOT / python).resolve() == (ROOT / ".venv" / "bin").resolve(), "the settings go into another Python"
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        # the script installs into sys.prefix of .venv's python: the folder JupyterLab reads
        expected = Path(get_app_dir()).resolve() / "settings" / "overrides.json"
        touched = re.search(r"^touch (\S*overrides\.json)$", run.stdout, re.M)
        assert touched and (ROOT / touched.group(1)).resolve() == expected, (
            f"make tracks {touched and touched.group(1)}; JupyterLab reads {expected}")


def test_course_settings_are_valid():
    """overrides.json is valid JSON for plugins and settings that this JupyterLab has."""
    settings = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin, values in settings.items():
        package, _, name = plugin.partition(":")
        schema_file = schemas / package / f"{name}.json"
        assert schema_file.is_file(), f"{plugin}: no such JupyterLab plugin ({schema_file} is missing)"
        properties = json.loads(schema_file.read_text(encoding="utf-8"))["properties"]
        for key in values:
            assert key in properties, f"{plugin} has no setting {key!r}"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert settings["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True


def test_readme_binder_link_opens_lesson_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s)\"']+", readme)
    assert links, "README has no Binder link"
    for link in links:
        query = unquote(link.partition("?")[2])
        assert re.search(r"(?:^|&)urlpath=/?lab/tree/lessons/00_start_here\.ipynb(?:&|$)", query) or re.search(
            r"(?:^|&)labpath=lessons/00_start_here\.ipynb(?:&|$)", query), \
            f"the Binder link does not open JupyterLab on lesson 00: {link}"
    assert (ROOT / "lessons" / "00_start_here.ipynb").is_file()


# ---------------------------------------------------------------- a JupyterHub image without the course

# solutions/ only in the instructor's edition (the student copy has none)
NOTEBOOK_FOLDERS = tuple(f for f in ("lessons", "exercises", "solutions") if (ROOT / f).is_dir())
PULLED = [p for p in ("lessons/00_start_here.ipynb", "exercises/01_sources.ipynb", "solutions/01_sources.ipynb")
          if (ROOT / p).is_file()]


def test_each_notebook_folder_links_to_the_helpers():
    for folder in NOTEBOOK_FOLDERS:
        link = ROOT / folder / "helpers"
        assert link.is_symlink() and os.readlink(link) == "../helpers", \
            f"{folder}/helpers should be a link to ../helpers: `ln -s ../helpers {folder}/helpers`"
        assert (link / "__init__.py").resolve() == (ROOT / "helpers" / "__init__.py").resolve()
    if (ROOT / ".git").exists() and shutil.which("git"):
        staged = subprocess.run(["git", "ls-files", "-s", *(f"{f}/helpers" for f in NOTEBOOK_FOLDERS)], cwd=ROOT,
                                capture_output=True, text=True).stdout.splitlines()
        assert len(staged) == len(NOTEBOOK_FOLDERS) and all(line.startswith("120000 ") for line in staged), (
            f"git does not keep {NOTEBOOK_FOLDERS} /helpers as links (mode 120000): {staged}")


def _hub_python(tmp_path: Path) -> Path:
    """A Python with this environment's packages but without the course: the packages' folder is put on the path
    as a plain folder, so the editable install of the course (a .pth hook in that folder) is not run."""
    import sysconfig

    hub = tmp_path / "hub"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(hub)], check=True, timeout=120)
    python = hub / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "course-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # The kernel the image offers, in the image's own environment.
    subprocess.run([str(python), "-m", "ipykernel", "install", "--sys-prefix"], check=True, capture_output=True,
                   timeout=120)
    return python


def test_hub_without_the_course_runs_the_pulled_lessons(tmp_path: Path):
    python = _hub_python(tmp_path)
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "IPYTHONDIR": str(tmp_path / "ipython"), "HOME": str(tmp_path)}
    env.pop("REDLINES_SEEDS", None)
    env.pop("PYTHONPATH", None)
    course = tmp_path / "course"  # what nbgitpuller pulls: the repository's files, links kept
    for folder in (*NOTEBOOK_FOLDERS, "helpers", "seeds"):
        shutil.copytree(ROOT / folder, course / folder, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "my_work"))

    def where_helpers(cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run([str(python), "-c", "import helpers; print(helpers.__file__); print(helpers.data_dir())"],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=120)

    outside = where_helpers(tmp_path)
    assert outside.returncode != 0 and "No module named 'helpers'" in outside.stderr, (
        f"the stand-in hub environment has the course installed, so this test proves nothing:\n{outside.stdout}")
    for folder in NOTEBOOK_FOLDERS:
        found = where_helpers(course / folder)
        assert found.returncode == 0, f"`import helpers` fails in the pulled {folder}/:\n{found.stderr[-2000:]}"
        module, seeds = found.stdout.split()
        assert Path(module).resolve() == (course / "helpers" / "__init__.py").resolve()
        assert Path(seeds).resolve() == (course / "seeds").resolve(), "the helpers read another copy of the seeds"

    # A copy that followed the links (a zip made without them): each folder's helpers is then a copy of the
    # package, which still reads the course's seeds.
    zipped = tmp_path / "zipped"
    for folder in ("lessons", "helpers", "seeds"):
        shutil.copytree(ROOT / folder, zipped / folder, ignore=shutil.ignore_patterns("__pycache__", "my_work"))
    assert not (zipped / "lessons" / "helpers").is_symlink()
    found = where_helpers(zipped / "lessons")
    assert found.returncode == 0, found.stderr[-2000:]
    assert Path(found.stdout.split()[1]).resolve() == (zipped / "seeds").resolve()

    out = tmp_path / "executed"
    run = subprocess.run([str(python), "-m", "nbconvert", "--to", "notebook", "--execute",
                          "--ExecutePreprocessor.timeout=600", "--output-dir", str(out),
                          *(str(course / p) for p in PULLED)],
                         cwd=course, env=env, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, f"the pulled notebooks do not run in a hub without the course:\n{run.stderr[-4000:]}"
    assert sorted(p.name for p in out.iterdir()) == sorted({Path(p).name for p in PULLED})
