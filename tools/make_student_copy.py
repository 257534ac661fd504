"""Make the student edition of the course in a new folder: no answers, and its own `make test` passes.

    .venv/bin/python tools/make_student_copy.py DEST      # also: make student-copy DEST=...

Copies the committed files (``git ls-files``; every file but caches when the course is not a git checkout)
except what gives answers away or only serves the instructor:

- ``solutions/`` (the worked answers and ``check_secrets.json``, the answer strings of the checks);
- the tests that pin answers (``tests/unit/checks/test_checks_01_03.py`` and ``test_checks_04_06.py``) or need
  the solutions or the grader (``tests/notebooks/test_exercises_generated.py``, ``tests/unit/grading/`` and their
  fixtures), the grader itself (``helpers/grading/``), its benchmark, ``tools/make_exercises.py``, this tool;
- ``INSTRUCTORS.md``.

Then rewords what refers to them: the README (its layout rows, the instructors' section, the grader's tests and
mutants), the Makefile (no ``solutions`` to lint, no ``exercises`` nor ``student-copy`` target), pyproject.toml
(pytest's ``testpaths``; setuptools' ``packages`` without ``helpers.grading``, so that ``pip install -e .`` works
in the copy) and ``make mutate``'s modules (``tests/mutation.toml``, without the grader's). Each rewrite
checks that it found its text: if the README or the Makefile changed, the tool stops and says what to update.
DEST must not exist (or be an empty folder).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = ("solutions/", "INSTRUCTORS.md", "tests/unit/checks/test_checks_01_03.py",
            "tests/unit/checks/test_checks_lessons_edges",  # the three files of the lesson checks' edges hold answers
            "tests/unit/checks/test_checks_04_06.py", "tests/notebooks/test_exercises_generated.py",
            "tests/unit/grading/", "tests/fixtures/submissions/", "helpers/grading/", "benchmarks/bench_grading.py",
            "tools/make_exercises.py", "tools/make_student_copy.py", "tests/system/test_student_copy.py")
SKIP_PARTS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "test-artifacts",
              "my_work", ".hypothesis"}
README_ROW = ("| `exercises/`, `solutions/` | per lesson, with the same number; `make exercises` generates exercises "
              "from solutions |")
README_GUIDE_ROW = ("| `INSTRUCTORS.md` | the instructor guide: objectives and timings, assigning, grading, a student "
                    "copy |\n")
README_ROW_STUDENT = "| `exercises/` | per lesson, with the same number as its lesson |"


class CopyError(Exception):
    """The course is not as this tool expects: the message says what to update."""


def course_files(root: Path = ROOT) -> list[str]:
    """The course's files, as paths relative to ``root``: the committed ones if it is a git checkout."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True, timeout=60)
        names = [n for n in listed.stdout.decode("utf-8").split("\0")
                 if n and ((root / n).is_symlink() or (root / n).is_file())]
    except (OSError, subprocess.SubprocessError):
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")
                 if p.is_file() and not SKIP_PARTS & set(p.relative_to(root).parts)]
    return sorted(names)


def kept(name: str) -> bool:
    return not name.startswith(LEFT_OUT) and not SKIP_PARTS & set(name.split("/"))


def _replace(text: str, old: str, new: str, where: str) -> str:
    if old not in text:
        raise CopyError(f"{where}: the text {old[:70]!r}… is no longer there; update tools/make_student_copy.py.")
    return text.replace(old, new)


# Other places where the README names solutions/, and their student wording.
README_PHRASES = (
    ("with `exercises/`, `solutions/` and `seeds/`", "with `exercises/` and `seeds/`"),
    ("(`lessons/`, `exercises/`, `solutions/`)", "(`lessons/`, `exercises/`)"),
    ("`lessons/helpers`, `exercises/helpers` and `solutions/helpers` link",
     "`lessons/helpers` and `exercises/helpers` link"),
    ("| `helpers/checks/`, `helpers/grading/` | the exercises' checks (one module per lesson), and the instructors' "
     "grader |", "| `helpers/checks/` | the exercises' checks (one module per lesson) |"),
    ("(`data/`, `analysis/`, `views/`, `checks/`, `grading/`)", "(`data/`, `analysis/`, `views/`, `checks/`)"),
    ("| submissions for the grader's tests; `make mutate`'s", "| `make mutate`'s"),
    (", the exercises against the solutions |", ", and the exercises |"),
    (", exercises and the student copy (`make_exercises.py`, `make_student_copy.py`),", ","),
    ("the environment files, a student copy, static copies |", "the environment files, static copies |"),
    ("the environment files, a student copy, static copies; and the grader's sandbox and run-twice tests);",
     "the environment files, static copies);"),
    ("The checks and the grader are there one module each (`checks_core`, `checks_lesson_03`, `grading`, "
     "`grading_box` …):\n`make mutate MODULES=\"checks_core grading\"`.",
     "The checks are there one module each (`checks_core`, `checks_lesson_03` …):\n"
     "`make mutate MODULES=\"checks_core checks_lesson_03\"`."),
)


def reword_readme(text: str) -> str:
    text = _replace(text, README_ROW, README_ROW_STUDENT, "README.md")
    for old, new in README_PHRASES:
        text = _replace(text, old, new, "README.md")
    text = _replace(text, README_GUIDE_ROW, "", "README.md")
    start = text.find("## For instructors")
    if start < 0:
        raise CopyError("README.md: no '## For instructors' section; update tools/make_student_copy.py.")
    end = text.find("\n## ", start + 1)
    return text[:start] + text[end + 1:] if end >= 0 else text[:start]


def reword_makefile(text: str) -> str:
    text = _replace(text, "lessons exercises solutions\n", "lessons exercises\n", "Makefile")
    text = _replace(text, "(browser, Binder, environment, grader sandbox):", "(browser, Binder, environment):",
                    "Makefile")
    lines, out, skip = text.splitlines(keepends=True), [], False
    for line in lines:  # drop the instructor's targets (exercises, student-copy) and their recipes
        if line.startswith((".PHONY: exercises", ".PHONY: student-copy", "# make student-copy",
                            '\t@echo "make exercises', '\t@echo "make student-copy')):
            continue
        if line.startswith(("exercises:", "student-copy:")):
            skip = True
            continue
        if skip and (line.startswith("\t") or not line.strip()):
            skip = bool(line.strip())
            continue
        skip = False
        out.append(line)
    return "".join(out)


def reword_pyproject(text: str) -> str:
    """pytest's paths without solutions/ and the grader; setuptools' packages only those the copy has (else
    ``pip install -e .``, which `make lab`, `make test`, Binder and conda run, stops: "package directory
    'helpers/grading' does not exist")."""
    text = _replace(text, " --ignore=solutions/helpers", "", "pyproject.toml")
    text = _replace(text, "\n  --ignore=helpers/grading/__main__.py", "", "pyproject.toml")
    text = _replace(text, "; the grader's __main__ runs the grader.", ".", "pyproject.toml")
    text = _replace(text, "(browser, Binder, environments, student copy)", "(browser, Binder, environments)",
                    "pyproject.toml")
    match = re.search(r"^packages = \[(.*)\]$", text, re.M)
    if match is None:
        raise CopyError("pyproject.toml: no `packages = [...]` line under [tool.setuptools]; update "
                        "tools/make_student_copy.py.")
    packages = re.findall(r'"([\w.]+)"', match.group(1))
    listed = ", ".join(f'"{p}"' for p in packages if kept(p.replace(".", "/") + "/__init__.py"))
    text = text[:match.start(1)] + listed + text[match.end(1):]
    return _replace(text, ', "solutions"]', "]", "pyproject.toml")


def reword_mutation(text: str) -> str:
    """``make mutate``'s modules without those whose source the copy leaves out (the grader), and each test list
    without the test files the copy leaves out."""
    lines = text.splitlines(keepends=True)
    heads = [i for i, line in enumerate(lines) if line.startswith("[")]
    starts = []
    for i in heads:  # a module's section starts at the comment lines right above its header
        while i > 0 and lines[i - 1].startswith("#"):
            i -= 1
        starts.append(i)
    if not starts:
        raise CopyError("tests/mutation.toml: no [modules.…] section; update tools/make_student_copy.py.")
    out = lines[:starts[0]]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        chunk = "".join(lines[start:end])
        source = re.search(r'^source = "([^"]+)"', chunk, re.M)
        if source and not kept(source.group(1)):
            continue
        gone = r'"(tests/[^"]+?)(?:::[^"]*)?"'
        chunk = re.sub(gone + r",\s*", lambda m: "" if not kept(m.group(1)) else m.group(0), chunk)
        chunk = re.sub(r",\s*" + gone, lambda m: "" if not kept(m.group(1)) else m.group(0), chunk)
        out.append(chunk)
    return "".join(out)


REWORD = {"README.md": reword_readme, "Makefile": reword_makefile, "pyproject.toml": reword_pyproject,
          "tests/mutation.toml": reword_mutation}


def make_copy(dest: Path, root: Path = ROOT) -> list[str]:
    """Write the student edition into ``dest``; return the files written (relative paths)."""
    dest = dest.resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise CopyError(f"{dest} already exists and is not empty: give a new folder, e.g. ../course-student.")
    if dest == root or root in dest.parents:
        raise CopyError(f"{dest} is inside the course: give a folder outside it, e.g. ../course-student.")
    written = []
    for name in course_files(root):
        if not kept(name):
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (root / name).is_symlink():  # the `helpers` links of lessons/ and exercises/ (for hubs) stay links
            os.symlink(os.readlink(root / name), target)
        elif name in REWORD:
            target.write_text(REWORD[name]((root / name).read_text(encoding="utf-8")), encoding="utf-8")
            shutil.copystat(root / name, target)
        else:
            shutil.copy2(root / name, target)
        written.append(name)
    if os.access(root / "postBuild", os.X_OK) and (dest / "postBuild").exists():
        (dest / "postBuild").chmod(0o755)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path, help="a new folder for the student copy, outside the course")
    args = ap.parse_args(argv)
    try:
        written = make_copy(args.dest)
    except CopyError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Wrote the student copy ({len(written)} files) to {args.dest}. In it, `make test` checks it; "
          "publish it with git (see INSTRUCTORS.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
