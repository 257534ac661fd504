"""`make student-copy DEST=...`: the student edition has no answers, and its own tests pass.

The copy is built from this worktree by tools/make_student_copy.py (what the Makefile target runs), then checked
for what must not be there, then its lint target and a quick part of its tests are run inside it, with this
environment's Python pointed at the copy's helpers. The quick part: the copy's checks tests (registry, answer
strings, hand-over, examples), its lesson 00 tests, and nbval on lesson 00 (the wording that changed) and one
exercise notebook. The rest of the copy's suite is this suite minus the files left out, which the full run
here already covers; running it all again would take minutes on a shared machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
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


def test_its_tests_pass(copy):
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-x",
               "tests/unit/checks/test_checks.py", "-k",
               "registry or answer_string or handover or example or written or save",
               "tests/notebooks/test_lesson_00.py", "lessons/00_start_here.ipynb", "exercises/01_sources.ipynb"]
    run = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" in run.stdout  # the answer-string tests skip there
    import_check = subprocess.run([sys.executable, "-c", "import helpers; print(helpers.__file__)"], cwd=copy,
                                  capture_output=True, text=True, env=env, timeout=120)
    assert import_check.stdout.strip() == str(copy / "helpers" / "__init__.py")
