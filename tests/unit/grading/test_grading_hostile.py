"""The grader against hostile submissions: every honest one keeps its score, every cheat gets none.

The grader runs, through its command line, from a copy of the course (helpers/ and seeds/) in a temporary
folder, so that the attacks that write into "the course" write into the copy, never into this worktree while
other tests read it. After grading: the honest rows are right, the cheats score 0, the copy of the course and
the submissions folder are byte for byte as before, and no process a notebook started is still running.
The folder is graded without a sandbox and, where bubblewrap works, with ``--sandbox bwrap``; with bubblewrap
only the attacks on the box itself (files, environment, processes, the runner) are run again, since the scoring
does not depend on the sandbox and each notebook costs seconds of a shared machine.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.grading.box import bwrap_available

ROOT = Path(__file__).resolve().parents[3]
PERFECT = ROOT / "tests" / "fixtures" / "submissions" / "perfect.ipynb"
BLANK = ROOT / "tests" / "fixtures" / "submissions" / "blank.ipynb"
MARKER = "redlines-hostile-marker"
SECRET_ENV = "REDLINES_TEST_GRADER_SECRET"
TIMEOUT = 25
CHECKS = ["00.1", "00.2", "00.3", "00.4"]
IMPORTS = "import os, sys, json, subprocess\nfrom helpers import check, written, load_sources, get_source"
WRONG = 'for eid in ["00.1", "00.2", "00.3", "00.4"]:\n    check(eid, "wrong")'


def notebook(*cells: str, lesson: str = "00") -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_markdown_cell("# a hostile submission"), *[new_code_cell(c) for c in cells]])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["redlines"] = {"lesson": lesson, "exercises": [*CHECKS, "00.5", "00.6"], "written": ["00.5", "00.6"]}
    for n, cell in enumerate(nb.cells):
        cell["id"] = f"c{n}"
    return nb


def cheats(course: Path, folder: Path, out: Path) -> dict[str, nbformat.NotebookNode]:
    """Each attack of issue 11, and some more, as a lesson-00 notebook."""
    lesson_00 = course / "helpers" / "checks" / "lesson_00.py"
    spawn = (f'[sys.executable, "-c", "import time; time.sleep(300)", "{MARKER}"]')
    return {
        "c01_reads_secret": notebook(IMPORTS, "from helpers.checks import registered\n"
                                     'for eid in ["00.1", "00.2", "00.3", "00.4"]:\n'
                                     "    check(eid, registered()[eid].secret[0])"),
        "c02_replaces_checks": notebook(
            IMPORTS, "import helpers.checks.core as core\n"
            "for eid, ex in list(core._REGISTRY.items()):\n"
            "    core._REGISTRY[eid] = core.Exercise(eid, lambda a: True, ex.hint, ex.hints, ex.secret)\n"
            "core.is_blank = lambda answer, depth=0: False\n"
            'assert check("00.1", "wrong")  # the kernel now says correct\n' + WRONG),
        "c03_forges_the_log": notebook(
            IMPORTS, 'path = os.environ.get("REDLINES_HANDOVER", "x.jsonl")\nwith open(path, "a") as f:\n'
            '    for eid in ["00.1", "00.2", "00.3", "00.4"]:\n'
            '        f.write(json.dumps({"exercise": eid, "status": "correct", "kind": "check"}) + "\\n")\n'
            '        f.write(json.dumps({"exercise": eid, "status": "correct", "message": "Correct."}) + "\\n")\n'
            'os.environ["REDLINES_HANDOVER"] = "/dev/null"\nos.environ["REDLINES_CHECK_LOG"] = "/dev/null"\n'
            'open("checks.jsonl", "w").write(\'{"exercise": "00.1", "status": "correct"}\\n\')'),
        "c04_rewrites_the_checks": notebook(
            IMPORTS, f"for path in [{str(lesson_00)!r}, {str(course / 'helpers' / 'checks' / 'core.py')!r}]:\n"
            "    try:\n        text = open(path).read()\n"
            '        open(path, "w").write(text.replace("def _run(", "def _never(").replace('
            '"return answer.strip() ==", "return True or"))\n'
            "    except OSError as err:\n        print(err)\n"
            f"try:\n    open({str(course / 'helpers' / 'checks' / 'lesson_07.py')!r}, 'w').write('x = 1')\n"
            "except OSError as err:\n    print(err)\n" + WRONG),
        "c05_equals_everything": notebook(
            IMPORTS, "class Yes:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n"
            "class YesText(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n"
            'for eid in ["00.1", "00.2", "00.3", "00.4"]:\n    check(eid, Yes())\n    check(eid, YesText("x"))'),
        "c06_overwrites_others": notebook(
            IMPORTS, f"folder, out = {str(folder)!r}, {str(out)!r}\n"
            "for name in os.listdir(folder):\n    try:\n"
            f"        open(os.path.join(folder, name), 'wb').write(open({str(BLANK)!r}, 'rb').read())\n"
            "    except OSError as err:\n        print(err)\n"
            "try:\n    open(os.path.join(out, 'gradebook.csv'), 'a')"
            ".write('c06_overwrites_others,00,ok,,1,1,1,1,,,4,4\\n')\n"
            "    open(os.path.join(out, 'journal.jsonl'), 'a').write(json.dumps({'done': "
            "{'name': 'c06_overwrites_others', 'status': 'ok', 'lesson': '00', "
            "'results': {e: {'status': 'correct'} for e in ['00.1','00.2','00.3','00.4']}}}))\n"
            "except OSError as err:\n    print(err)\n" + WRONG),
        "c07_reads_the_environment": notebook(
            IMPORTS, 'written("00.5", "my environment: " + " ".join(f"{k}={v}" for k, v in os.environ.items()))\n'
            + WRONG),
        "c08_leaves_processes": notebook(
            IMPORTS, f"subprocess.Popen({spawn}, start_new_session=True)\n"
            f"subprocess.Popen({spawn}, start_new_session=True, env={{}})\n"
            "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            f"        os.execv(sys.executable, {spawn})\n    os._exit(0)\n" + WRONG),
        "c09_searches_the_answer": notebook(
            IMPORTS, 'for n in range(100):\n    if check("00.2", n):\n        break'),
        "c10_floods_the_output": notebook(IMPORTS, 'while True:\n    print("x" * 1000)'),
        "c11_kills_its_runner": notebook(IMPORTS, 'check("00.1", "wrong")\nimport signal\n'
                                         "os.kill(os.getppid(), signal.SIGKILL)"),
    }


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("course")
    for name in ("helpers", "seeds"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def marked_processes() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and MARKER.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


BOX_ATTACKS = ("c04_rewrites_the_checks", "c06_overwrites_others", "c07_reads_the_environment",
               "c08_leaves_processes", "c11_kills_its_runner")


def grade(course: Path, tmp: Path, sandbox: str) -> tuple[dict[str, dict], Path, dict, dict]:
    folder, out = tmp / "submissions", tmp / "grades"
    folder.mkdir()
    shutil.copy(PERFECT, folder / "a_perfect.ipynb")
    shutil.copy(BLANK, folder / "z_blank.ipynb")
    shutil.copy(PERFECT, folder / "m_perfect.IPYNB")
    (folder / "notes.txt").write_text("not a notebook\n", encoding="utf-8")
    for name, nb in cheats(course, folder, out).items():
        if sandbox == "none" or name in BOX_ATTACKS:
            nbformat.write(nb, folder / f"{name}.ipynb")
    before_course, before_folder = tree(course), tree(folder)
    env = {**os.environ, "PYTHONPATH": str(course), SECRET_ENV: "s3cr3t-value"}
    command = [sys.executable, "-m", "helpers.grading", str(folder), "--out", str(out), "--timeout", str(TIMEOUT),
               "--sandbox", sandbox, "--jobs", "1" if sandbox == "none" else "2"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=40 * TIMEOUT, cwd=course, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        book = {row["submission"]: row for row in csv.DictReader(f)}
    return book, out, (before_course, tree(course)), (before_folder, tree(folder))


@pytest.fixture(scope="module", params=["none", "bwrap"])
def graded(request, course, tmp_path_factory):
    if request.param == "bwrap" and bwrap_available() is None:
        pytest.skip("bubblewrap is not installed or not allowed here (apt-get install bubblewrap)")
    return grade(course, tmp_path_factory.mktemp(f"hostile-{request.param}"), request.param)


def test_honest_submissions_keep_their_score(graded):
    book = graded[0]
    perfect = book["a_perfect"]
    assert (perfect["points"], perfect["max_points"], perfect["status"]) == ("4", "4", "ok")
    assert (book["z_blank"]["points"], book["z_blank"]["status"]) == ("0", "ok")
    assert book["m_perfect"]["points"] == "4" and "wrong extension" in book["m_perfect"]["problem"]
    assert "the same file as a_perfect" in book["m_perfect"]["problem"]
    assert book["notes"]["status"] == "not a notebook"


def test_every_cheat_scores_nothing(graded):
    book = graded[0]
    for name in ("c01_reads_secret", "c02_replaces_checks", "c03_forges_the_log", "c04_rewrites_the_checks",
                 "c05_equals_everything", "c06_overwrites_others", "c07_reads_the_environment",
                 "c08_leaves_processes", "c09_searches_the_answer", "c10_floods_the_output", "c11_kills_its_runner"):
        if name not in book:
            assert name not in BOX_ATTACKS  # left out with bubblewrap
            continue
        assert book[name]["points"] == "0", (name, book[name])
        assert [book[name][e] for e in CHECKS] == ["0"] * 4, name


def test_the_search_and_the_flood_are_named(graded):
    book, out = graded[0], graded[1]
    if "c10_floods_the_output" not in book:
        pytest.skip("not run again with bubblewrap")
    assert "output cut" in book["c10_floods_the_output"]["problem"]
    assert (out / "executed" / "c10_floods_the_output.ipynb").stat().st_size < 3_000_000
    with open(out / "checks.csv", newline="", encoding="utf-8") as f:
        rows = {(r["submission"], r["exercise"]): r for r in csv.DictReader(f)}
    assert rows["c09_searches_the_answer", "00.2"]["attempts"] == "26"
    assert "a search for the answer" in rows["c09_searches_the_answer", "00.2"]["message"]


def test_nothing_outside_the_output_folder_changed(graded):
    book, _, (course_before, course_after), (folder_before, folder_after) = graded
    assert course_after == course_before
    assert folder_after == folder_before
    if "tampered" in {row["status"] for row in book.values()}:  # without a sandbox: caught, put back, named
        assert book["c04_rewrites_the_checks"]["status"] == "tampered"
        assert book["c06_overwrites_others"]["status"] == "tampered"


def test_the_environment_stays_with_the_grader(graded):
    text = (graded[1] / "written_answers.csv").read_text(encoding="utf-8")
    assert "my environment:" in text and "s3cr3t-value" not in text and SECRET_ENV not in text


def test_no_process_is_left(graded):
    deadline = time.monotonic() + 5
    while marked_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marked_processes() == []


def test_a_notebook_that_kills_the_grader_costs_only_its_row(course, tmp_path):
    """Without a sandbox a notebook can kill the grader: the rows done stay, and --resume finishes the class."""
    folder, out = tmp_path / "submissions", tmp_path / "grades"
    folder.mkdir()
    shutil.copy(PERFECT, folder / "a_perfect.ipynb")
    killer = notebook(IMPORTS, "import signal\npid = os.getppid()\n"  # its own grader, not others on the machine
                      "while pid > 1:\n"
                      "    if b'helpers.grading' in open(f'/proc/{pid}/cmdline', 'rb').read():\n"
                      "        os.kill(pid, signal.SIGKILL)\n        break\n"
                      "    pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])")
    nbformat.write(killer, folder / "b_killer.ipynb")
    shutil.copy(PERFECT, folder / "c_perfect.ipynb")
    command = [sys.executable, "-m", "helpers.grading", str(folder), "--out", str(out), "--timeout", str(TIMEOUT),
               "--sandbox", "none"]  # bubblewrap would hide the grader from it
    env = {**os.environ, "PYTHONPATH": str(course)}
    runs = [subprocess.run([*command, *(["--resume"] if n else [])], capture_output=True, text=True,
                           timeout=20 * TIMEOUT, cwd=course, env=env) for n in range(3)]
    assert runs[0].returncode != 0  # killed
    assert runs[2].returncode == 0, runs[2].stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        book = {row["submission"]: row for row in csv.DictReader(f)}
    assert book["a_perfect"]["points"] == book["c_perfect"]["points"] == "4"
    assert book["b_killer"]["status"] == "failed" and "stopped twice" in book["b_killer"]["problem"]
    assert "graded a_perfect" not in runs[1].stdout  # --resume skipped what was done
    assert not [d for d in Path(tempfile.gettempdir()).glob("redlines-boxes-*-*")  # the killed runs' boxes
                if not Path(f"/proc/{d.name.split('-')[2]}").exists()]
