"""The grader, on a folder of submissions: perfect, blank, partly wrong, crashing, never-ending, not a notebook.

The fixtures (tests/fixtures/submissions/) answer the example exercises 00.1–00.6 of helpers/checks/lesson_00.py; the
file that is not a notebook is made here (ruff would trip on it). The grader runs once, through its command
line, on a copy of the folder, with a short time limit; the tests read what it wrote.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.checks import registered
from helpers.grading import Submission, _lesson, grade_folder, main, score_handover, write_reports
from helpers.grading.rubric import COLUMNS as RUBRIC_COLUMNS

ROOT = Path(__file__).resolve().parents[3]
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"
TIMEOUT = 20  # seconds per notebook: the others need ~5 s alone, up to 4x that on a busy machine
EXERCISES = ["00.1", "00.2", "00.3", "00.4", "00.5", "00.6"]


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("submissions")
    for path in SUBMISSIONS.glob("*.ipynb"):
        shutil.copy(path, folder / path.name)
    (folder / "not_a_notebook.ipynb").write_text("Renamed to .ipynb, but not a notebook.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory, submissions) -> Path:
    before = {p.name: p.read_bytes() for p in submissions.iterdir()}
    out = tmp_path_factory.mktemp("grades")
    command = [sys.executable, "-m", "helpers.grading", str(submissions), "--out", str(out),
               "--timeout", str(TIMEOUT), "--sandbox", "none"]  # the same on every machine, bubblewrap or not
    run = subprocess.run(command, capture_output=True, text=True, timeout=20 * TIMEOUT, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "Graded 6 file(s)" in run.stdout
    assert {p.name: p.read_bytes() for p in submissions.iterdir()} == before, "grading changed the submissions"
    return out


@pytest.fixture(scope="module")
def book(graded) -> dict[str, dict]:
    with open(graded / "gradebook.csv", newline="", encoding="utf-8") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def test_one_row_per_submission_one_column_per_exercise(graded, book):
    assert sorted(book) == ["blank", "crashing", "never_ending", "not_a_notebook", "partly_wrong", "perfect"]
    with open(graded / "gradebook.csv", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["submission", "lesson", "status", "problem", *EXERCISES, "points", "max_points"]


def test_perfect(book):
    row = book["perfect"]
    assert (row["status"], row["problem"]) == ("ok", "")
    assert [row[e] for e in EXERCISES] == ["1", "1", "1", "1", "to grade", "to grade"]
    assert (row["points"], row["max_points"]) == ("4", "4")


def test_blank(book):
    row = book["blank"]
    assert (row["status"], row["problem"]) == ("ok", "")
    assert [row[e] for e in EXERCISES] == ["0"] * 6
    assert row["points"] == "0"


def test_partly_wrong(book, graded):
    row = book["partly_wrong"]
    assert row["status"] == "ok"
    assert [row[e] for e in EXERCISES] == ["0", "0", "1", "0", "to grade", "0"]
    assert row["points"] == "1"
    with open(graded / "checks.csv", newline="", encoding="utf-8") as f:
        seen = {(r["submission"], r["exercise"]): r for r in csv.DictReader(f)}
    assert seen["partly_wrong", "00.2"]["status"] == "not_yet"
    assert "without quotes" in seen["partly_wrong", "00.2"]["message"]  # the hint the student saw
    assert seen["blank", "00.1"]["status"] == "not_answered"
    assert seen["never_ending", "00.3"]["status"] == "not_run"


def test_crashing_keeps_what_ran_and_says_why(book):
    row = book["crashing"]
    assert row["status"] == "kernel died"
    assert "cell 8 (import os)" in row["problem"]
    assert "ValueError" in row["problem"] and "cell 5" in row["problem"]  # an error earlier did not stop the run
    assert (row["00.1"], row["00.2"], row["00.3"], row["points"]) == ("1", "1", "0", "2")


def test_never_ending_is_stopped_and_the_rest_is_graded(book):
    row = book["never_ending"]
    assert row["status"] == "timeout"
    assert f"stopped after {TIMEOUT} s" in row["problem"] and "while True" in row["problem"]
    assert (row["00.1"], row["00.2"], row["points"]) == ("1", "0", "1")


def test_not_a_notebook(book):
    row = book["not_a_notebook"]
    assert row["status"] == "unreadable" and "not a notebook" in row["problem"]
    assert row["points"] == "0"


def test_written_answers_for_hand_grading(graded):
    md = (graded / "written_answers.md").read_text(encoding="utf-8")
    assert md.index("## 00.5") < md.index("## 00.6")
    section = md[md.index("## 00.5"):md.index("## 00.6")]
    assert "### perfect\n\n> Three of them come from Russian outlets" in section
    assert "### blank\n\n*(no answer)*" in section
    assert "### perfect\n\n> Readers who agree with the site" in md[md.index("## 00.6"):]
    with open(graded / "written_answers.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["exercise"], r["submission"]) for r in rows if r["answer"]} == {
        ("00.5", "partly_wrong"), ("00.5", "perfect"), ("00.6", "crashing"), ("00.6", "never_ending"),
        ("00.6", "perfect")}
    assert list(rows[0])[3:] == RUBRIC_COLUMNS and all(r[c] == "" for r in rows for c in RUBRIC_COLUMNS)


def test_executed_notebooks_are_kept_for_the_instructor(graded):
    nb = nbformat.read(graded / "executed" / "perfect.ipynb", as_version=4)
    outputs = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", []))
    assert "✅ 00.1: Correct." in outputs
    assert not (graded / "executed" / "not_a_notebook.ipynb").exists()


def test_the_fixtures_are_clean_submissions():
    assert sorted(p.name for p in SUBMISSIONS.glob("*.ipynb")) == [
        "blank.ipynb", "crashing.ipynb", "never_ending.ipynb", "partly_wrong.ipynb", "perfect.ipynb"]
    for path in SUBMISSIONS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(cell.get("outputs") for cell in nb.cells), path.name
        assert nb.metadata["redlines"]["exercises"] == EXERCISES


def test_reports_from_results_without_running_anything(tmp_path):
    subs = [Submission("b/01_x", lesson="01", expected=["01.1", "01.2"], results={"01.2": {"status": "correct"}}),
            Submission("a/01_x", lesson="01", status="timeout", problem="stopped", expected=["01.1", "01.2"]),
            Submission("c/00_x", lesson="00", expected=["00.1"], results={"00.1": {"status": "correct"}})]
    write_reports(subs, tmp_path)
    with open(tmp_path / "gradebook.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["submission", "lesson", "status", "problem", "00.1", "01.1", "01.2", "points", "max_points"]
    assert rows[1] == ["b/01_x", "01", "ok", "", "", "0", "1", "1", "2"]
    assert rows[2] == ["a/01_x", "01", "timeout", "stopped", "", "0", "0", "0", "2"]
    assert rows[3] == ["c/00_x", "00", "ok", "", "1", "", "", "1", "1"]  # max points of its own lesson


def test_command_line_mistakes_say_what_to_do(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main([str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", "0"]) == 2
    assert main([str(tmp_path), "--out", str(tmp_path / "out"), "--sandbox", "none"]) == 1
    assert "No file in" in capsys.readouterr().err
    assert main([str(tmp_path), "--out", str(tmp_path / "out"), "--sandbox", "none", "--jobs", "2"]) == 2
    assert "Grade with --jobs 1, or with --sandbox bwrap" in capsys.readouterr().err


def test_every_file_gets_a_row_without_running_anything(tmp_path):
    """Files that cannot be graded are rows too, with why: none of them starts a kernel."""
    folder = tmp_path / "subs"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / ".ipynb_checkpoints" / "01_sources-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    (folder / "essay.docx").write_bytes(b"PK\x03\x04 not a notebook")
    (folder / "99_unknown.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    (folder / "01_broken.ipynb.json").write_text('{"cells": [', encoding="utf-8")
    subs = grade_folder(folder, tmp_path / "out", timeout=5)
    rows = {s.name: s for s in subs}
    assert rows[".ipynb_checkpoints/01_sources-checkpoint"].status == "skipped"
    assert rows["essay"].status == "not a notebook"
    assert rows["99_unknown"].status == "unknown exercise" and "no exercise '99'" in rows["99_unknown"].problem
    assert rows["01_broken"].status == "unreadable" and "wrong extension" in rows["01_broken"].problem
    assert rows["01_broken"].lesson == "01"
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8") as f:
        book = {row["submission"]: row for row in csv.DictReader(f)}
    assert len(book) == 4 and book["01_broken"]["points"] == "0"
    assert int(book["01_broken"]["max_points"]) == sum(1 for e in registered() if e.startswith("01."))


def test_the_lesson_is_read_from_the_notebook_and_checked_against_its_name():
    nb = nbformat.v4.new_notebook()
    nb.metadata["redlines"] = {"lesson": "02", "exercises": ["02.1"]}
    assert _lesson(nb, "01_sources.ipynb") == ("02", "wrong exercise? the file is named 01_sources.ipynb but holds "
                                                     "exercise 02")
    assert _lesson(nbformat.v4.new_notebook(), "03_voices.ipynb") == ("03", "")


def test_the_last_attempt_counts_and_attempts_are_counted():
    from helpers.checks import handover

    lines = [json.dumps({"exercise": "00.2", "kind": "check", "answer": handover.encode(n)}) for n in (3, 25, 4)]
    lines += [json.dumps({"exercise": "00.1", "kind": "check", "answer": handover.encode("topcor")}), "not json",
              json.dumps({"exercise": "00.1", "status": "correct"})]
    sub = Submission("x", lesson="00")
    score_handover(sub, lines)
    assert sub.results["00.2"]["status"] == "not_yet" and sub.results["00.2"]["attempts"] == 3
    assert sub.results["00.1"] == {"status": "correct", "message": "", "attempts": 1}


def test_resume_checks_the_kept_answers_again_and_trusts_no_verdict(tmp_path):
    """A row of journal.jsonl keeps the answers handed over; --resume scores them again with the grader's checks."""
    import hashlib

    from helpers.checks import handover

    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    data = (SUBMISSIONS / "blank.ipynb").read_bytes()
    (folder / "blank.ipynb").write_bytes(data)
    forged = {"name": "blank", "status": "ok", "lesson": "00", "sha256": hashlib.sha256(data).hexdigest(),
              "results": {e: {"status": "correct"} for e in EXERCISES[:4]},
              "answers": [json.dumps({"exercise": "00.2", "kind": "check", "answer": handover.encode(n)})
                          for n in (3, 25)] + [json.dumps({"exercise": "00.1", "kind": "check", "answer": "afp"})]}
    (out / "journal.jsonl").write_text(json.dumps({"done": forged}) + "\n", encoding="utf-8")
    subs = grade_folder(folder, out, timeout=5, resume=True)
    assert [(s.name, s.results["00.2"]["status"], s.results["00.1"]["status"]) for s in subs] == [
        ("blank", "correct", "not_yet")]
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert (row["00.1"], row["00.2"], row["00.3"], row["points"]) == ("0", "1", "0", "1")


def test_another_lesson_than_the_assignment_scores_nothing(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "perfect.ipynb", folder / "01_sources.ipynb")  # lesson 00's answers, renamed
    subs = grade_folder(folder, tmp_path / "out", timeout=5, lesson="01")
    assert subs[0].status == "wrong exercise" and "the assignment is 01" in subs[0].problem
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert (row["lesson"], row["points"]) == ("00", "0")
