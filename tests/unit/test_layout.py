"""The shape of the project that a newcomer relies on: `make help` lists every target, the tests mirror the
packages, every module's doctests are collected, and `make test-fast` leaves out exactly the tests marked slow.

They hold in the student copy too (tools/make_student_copy.py), which has no solutions/, no grader and no
`exercises` target: what the course has decides what they expect."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT

#: The instructor's edition; the student copy has no solutions/, no grader (helpers/grading/) and no `exercises`.
INSTRUCTORS_EDITION = (ROOT / "solutions").is_dir()
PACKAGES = ("data", "analysis", "views", "checks", "grading") if INSTRUCTORS_EDITION else \
    ("data", "analysis", "views", "checks")


def collect(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 5), done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert {"lab", "test", "test-fast", "lint", "setup", "mutate", "help"} <= targets
    assert ("exercises" in targets) == INSTRUCTORS_EDITION
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"^make ([a-z][a-z-]*)", shown, re.M))
    assert targets - {"help"} <= listed, f"make help does not list {sorted(targets - {'help'} - listed)}"


def test_each_package_has_its_test_folder():
    for package in PACKAGES:
        assert (ROOT / "helpers" / package / "__init__.py").is_file()
        assert list((ROOT / "tests" / "unit" / package).glob("test_*.py")), f"no tests/unit/{package}/"
    assert not list((ROOT / "tests").glob("test_*.py")), "a test file belongs in unit/, notebooks/ or system/"


def test_pyproject_lists_exactly_the_packages_there_are():
    """`pip install -e .` (make lab, make test, Binder, conda) stops on a listed package that is not there."""
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    there = sorted(p.parent.relative_to(ROOT).as_posix().replace("/", ".")
                   for p in (ROOT / "helpers").rglob("__init__.py") if "__pycache__" not in p.parts)
    assert sorted(listed) == there == sorted(["helpers", *(f"helpers.{p}" for p in PACKAGES)])


def test_doctests_are_collected_from_every_module_that_has_examples():
    items = collect("helpers")
    modules_with_items = {line.split("::")[0] for line in items}
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if ">>> " in path.read_text(encoding="utf-8") and path.name != "__main__.py":
            assert rel in modules_with_items, f"the examples of {rel} are not run"


def test_slow_marks_the_system_tests_and_test_fast_leaves_out_only_those():
    system = collect("tests/system")
    assert system, "no system tests collected"
    assert collect("-m", "not slow", "tests/system") == []
    folders = ["tests/unit/data", "tests/unit/grading"] if INSTRUCTORS_EDITION else ["tests/unit/data"]
    unit_all = collect(*folders)
    unit_fast = collect("-m", "not slow", *folders)
    left_out = {line.split("::")[0] for line in set(unit_all) - set(unit_fast)}
    assert left_out == ({"tests/unit/grading/test_grading_hostile.py"} if INSTRUCTORS_EDITION else set())
