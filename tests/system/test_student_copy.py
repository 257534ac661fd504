"""`make student-copy DEST=...`: the student edition has no answers, installs, and its own tests pass.

The copy is built from this worktree by tools/make_student_copy.py (what the Makefile target runs), then checked
for what must not be there. Then it is installed the way its README says (`make lab`, `make test`, Binder's
postBuild and conda all run `pip install -e .`): into a fresh virtual environment, with `--no-deps
--no-build-isolation --no-index` (offline, seconds), the packages it needs coming from this environment (a
`.pth` line naming this environment's site-packages: `venv --system-site-packages` would give the base Python's,
not this virtual environment's). A pyproject.toml that lists a package the copy has not (the grader) fails there.
In that environment, with no PYTHONPATH, the copy's own test command (its Makefile's `test-fast` recipe) runs on a
quick part of its tests: the project's layout (pyproject's packages, make's targets), the copy's checks tests
(registry, answer strings, hand-over, examples), its lesson 00 tests, and nbval on lesson 00 (the wording that
changed) and one exercise notebook; its lint target runs too. The rest of the copy's suite is this suite minus the
files left out, which the full run here already covers; running it all again would take minutes on a shared
machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import site
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_student_copy as tool  # noqa: E402

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="already a student copy")


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("student") / "course-student"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student_copy.py"), str(dest)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return dest


def test_no_answers_and_no_instructor_material(copy):
    for gone in ("solutions", "INSTRUCTORS.md", "tests/unit/checks/test_checks_01_03.py",
                 "tests/unit/checks/test_checks_04_06.py", "tests/notebooks/test_exercises_generated.py",
                 "tests/unit/checks/test_checks_lessons_edges.py",
                 "tests/unit/checks/test_checks_lessons_edges_02_03.py",
                 "tests/unit/checks/test_checks_lessons_edges_04_06.py",
                 "tests/unit/grading/test_grading.py", "tests/unit/grading/test_rubric.py", "helpers/grading",
                 "tools/make_exercises.py", "tests/fixtures/submissions"):
        assert not (copy / gone).exists(), gone
    for kept in ("helpers/checks/lesson_01.py", "exercises/01_sources.ipynb", "lessons/00_start_here.ipynb",
                 "seeds/sources.csv", "Makefile", "README.md", "tests/unit/checks/test_checks.py"):
        assert (copy / kept).is_file(), kept
    secrets = json.loads((ROOT / "solutions" / "check_secrets.json").read_text(encoding="utf-8"))
    # the answers that are phrases (a source id or a number is everywhere in the course, and says nothing), of
    # the exercises students hand in: lesson 00's four example checks are worked in the open by lesson 00
    # and that the lessons do not print anyway (a name like a speaker's is everywhere in them)
    lessons = " ".join(p.read_text(encoding="utf-8") for p in (copy / "lessons").glob("*.ipynb"))
    distinctive = {s for eid, values in secrets.items() for s in values if len(s) >= 15 and " " in s
                   and not eid.startswith("00.") and s not in lessons}
    assert len(distinctive) > 5
    for path in [*(copy / "helpers" / "checks").glob("*.py"), *(copy / "tests").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "secret=[" not in text or path.relative_to(copy).parts[0] == "tests", path
        assert not [s for s in distinctive if s in text], path


def test_worded_for_a_copy_without_solutions(copy):
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert "solutions" not in readme and "INSTRUCTORS.md" not in readme and "## Layout" in readme
    makefile = (copy / "Makefile").read_text(encoding="utf-8")
    assert "solutions" not in makefile and "student-copy" not in makefile and "make_exercises" not in makefile
    assert "solutions" not in (copy / "pyproject.toml").read_text(encoding="utf-8")
    lesson = (copy / "lessons" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert "the solutions in `solutions/`" not in lesson and "instructor's edition only" in lesson


def test_a_second_copy_into_the_same_folder_is_refused(copy, capsys):
    assert tool.main([str(copy)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_its_lint_target_passes(copy):
    recipe = re.search(r"^lint:.*\n\t(.+)$", (copy / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    command = shlex.split(recipe.replace("$(BIN)/", str(Path(sys.executable).parent) + "/"))
    run = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def installed(copy, tmp_path_factory) -> Path:
    """A fresh virtual environment with the copy installed by `pip install -e .`: its bin/ folder."""
    env_dir = tmp_path_factory.mktemp("student-venv") / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    # this environment's packages (pip, setuptools, jupyter, pytest …) after the new one's own; a plain path,
    # so that this environment's own editable install of the course (a .pth of its own) is not loaded
    Path(purelib, "course_test_tools.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    run = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                          "--no-index", "-e", "."], cwd=copy, capture_output=True, text=True, timeout=300,
                         env=_clean_env())
    assert run.returncode == 0, f"`pip install -e .` fails in the copy:\n{run.stdout[-3000:]}{run.stderr[-3000:]}"
    return env_dir / "bin"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_XDIST_WORKER", "VIRTUAL_ENV")}
    env.pop("PYTEST_XDIST_TESTRUNUID", None)
    return env


def test_it_installs_as_its_readme_says(copy, installed, tmp_path):
    """From any folder, `import helpers` and each package pyproject.toml lists come from the copy."""
    listed = tomllib.loads((copy / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert "helpers.grading" not in listed and "helpers.checks" in listed
    code = ("import importlib, importlib.metadata as m, sys; print(m.version('red-lines-open-doors')); "
            "[print(importlib.import_module(n).__file__) for n in sys.argv[1:]]")
    shown = subprocess.run([str(installed / "python"), "-c", code, *listed], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120, env=_clean_env())
    assert shown.returncode == 0, shown.stderr[-3000:]
    version, *files = shown.stdout.split()
    assert version == "0.1.0" and files[0] == str(copy / "helpers" / "__init__.py")
    assert [Path(f).parent.relative_to(copy).as_posix().replace("/", ".") for f in files] == listed, files


def test_its_tests_pass(copy, installed):
    """The copy's `make test-fast` command, in the environment where it is installed, on a quick part."""
    recipe = re.search(r"^test-fast:.*\n\t(.+)$", (copy / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    command = shlex.split(recipe.replace("$(BIN)/", f"{installed}/").replace("$(JOBS)", "2"))
    parts = ["tests/unit/test_layout.py", "tests/unit/checks/test_checks.py", "tests/notebooks/test_lesson_00.py",
             "lessons/00_start_here.ipynb", "exercises/01_sources.ipynb"]
    command += ["-v", "-p", "no:randomly", "-x", *parts, "-k", "test_layout or registry or answer_string or "
                "handover or example or written or save or lesson_00 or 00_start_here or 01_sources"]
    run = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=900, env=_clean_env())
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" in run.stdout  # the answer-string tests skip there
    shown = run.stdout.replace("::ipynb::", ".ipynb::")  # pytest -v names a notebook's cells "x/nb::ipynb::Cell 1"
    for part in parts:
        assert f"PASSED {part}::" in shown, f"nothing of {part} ran in the copy:\n{run.stdout[-3000:]}"
    assert "PASSED tests/unit/test_layout.py::test_pyproject_lists_exactly_the_packages_there_are" in shown
