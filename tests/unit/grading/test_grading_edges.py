"""Edges of the grader that mutation testing found unguarded (``make mutate``, tests/mutation.toml).

Everything here runs in-process and starts no kernel: the pieces the grader puts together around a run (the lesson
of a file, the answers handed over, the journal, the reports, the files of a folder).
"""

from __future__ import annotations

import csv
import io
import json
import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.checks import handover, registered
from helpers.grading import (
    Found,
    Submission,
    _errors,
    _journal,
    _lesson,
    _markdown_answers,
    cell,
    collect,
    lessons,
    reports,
    rescore,
    score_handover,
)
from helpers.grading.runner import where

LESSON_00 = [e for e in registered() if e.startswith("00.")]


def line(eid: str, answer, kind: str = "check") -> str:
    return json.dumps({"exercise": eid, "kind": kind, "answer": handover.encode(answer)})


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# --- the lesson of a file ------------------------------------------------------------------------------------

def notebook(**meta) -> nbformat.NotebookNode:
    nb = new_notebook()
    if meta:
        nb.metadata["redlines"] = meta
    return nb


@pytest.mark.parametrize("meta, filename, expected", [
    ({"exercises": ["02.1", "02.2"]}, "homework.ipynb", ("02", "")),  # from the exercise ids, without "lesson"
    ({"exercises": ["02.1"]}, "02_dates.ipynb", ("02", "")),
    ({"exercises": ["02.1"]}, "03_voices.ipynb", ("02", "wrong exercise? the file is named 03_voices.ipynb but "
                                                        "holds exercise 02")),
    ({"exercises": ["2.1"]}, "04_x.ipynb", ("04", "")),  # not an id: the file name decides
    ({"exercises": ["02.1", 3]}, "04_x.ipynb", ("04", "")),  # one that is not an id spoils the list
    ({"exercises": []}, "04_x.ipynb", ("04", "")),
    ({"exercises": "02.1"}, "04_x.ipynb", ("04", "")),  # not a list
    ({"lesson": "05", "exercises": ["02.1"]}, "x.ipynb", ("05", "")),  # "lesson" first
    ({"lesson": 5}, "x.ipynb", ("5", "")),
    ({}, "x1_name.ipynb", ("", "")),  # neither: no lesson
    ({}, "1_name.ipynb", ("", "")),
])
def test_the_lesson_from_the_metadata_then_from_the_file_name(meta, filename, expected):
    assert _lesson(notebook(**meta), filename) == expected


def test_the_lesson_of_no_notebook_or_odd_metadata_is_the_file_name_s():
    assert _lesson(None, "06_speech.ipynb") == ("06", "")
    nb = new_notebook()
    nb.metadata["redlines"] = ["01"]  # not a dict
    assert _lesson(nb, "03_x.ipynb") == ("03", "")


def test_lessons_lists_every_registered_exercise_by_its_lesson():
    by_lesson = lessons()
    assert by_lesson["00"] == LESSON_00 and len(LESSON_00) >= 4
    assert sorted(e for ids in by_lesson.values() for e in ids) == sorted(registered())
    assert all(e[:2] == k for k, ids in by_lesson.items() for e in ids)


# --- the answers handed over ---------------------------------------------------------------------------------

def test_a_notebook_that_never_calls_a_check_has_no_results_and_every_exercise_reads_not_run():
    sub = Submission("silent", lesson="00", expected=list(LESSON_00))
    score_handover(sub, [])
    assert (sub.results, sub.written, sub.problem) == ({}, {}, "")
    checks_csv = rows(reports([sub])["checks.csv"])
    assert {r["exercise"]: (r["status"], r["message"], r["attempts"]) for r in checks_csv} == {
        e: ("not_run", "the notebook never called this check", "0") for e in LESSON_00}
    book = rows(reports([sub])["gradebook.csv"])[0]
    assert book["points"] == "0" and book["max_points"] == f"{sum(registered()[e].points for e in LESSON_00):g}"


def test_lines_that_are_not_answers_are_passed_over():
    sub = Submission("x", lesson="00")
    score_handover(sub, [
        "[1, 2]", json.dumps({"exercise": 1, "kind": "check"}), json.dumps({"exercise": "0.1", "kind": "check"}),
        json.dumps({"exercise": "00.1", "kind": "verdict", "answer": "afp"}), "[" * 100_000,
        line("00.9\n", "a column of its own?", "written"),
        line("00.1", "topcor")])
    assert list(sub.results) == ["00.1"] and sub.results["00.1"]["attempts"] == 1
    assert sub.written_ids == set() and sub.written == {}


def test_an_answer_that_could_not_be_handed_over_is_not_answered_and_says_why():
    sub = Submission("x", lesson="00")
    score_handover(sub, [json.dumps({"exercise": "00.1", "kind": "check", "answer": {"$unreadable": "a socket"}})])
    assert sub.results["00.1"] == {"status": "not_answered", "attempts": 1,
                                   "message": "the answer could not be handed over to the grader (a socket)"}


def test_a_written_answer_handed_over_is_kept_and_a_blank_one_is_empty():
    sub = Submission("x", lesson="00")
    score_handover(sub, [line("00.9", "Because of the chain.", "written"), line("00.8", "", "written")])
    assert sub.written == {"00.9": "Because of the chain.", "00.8": ""}
    assert sub.written_ids == {"00.9", "00.8"}
    assert sub.results["00.9"]["status"] == "recorded" and sub.results["00.8"]["status"] == "not_answered"


def test_more_attempts_than_allowed_turn_a_correct_answer_into_zero():
    lines = [line("00.2", n) for n in range(3, 6)] + [line("00.2", 25)]
    sub = Submission("x", lesson="00")
    score_handover(sub, lines, max_attempts=4)
    assert sub.results["00.2"]["status"] == "correct"  # 4 attempts: allowed
    sub = Submission("x", lesson="00")
    score_handover(sub, [line("00.2", 1), *lines], max_attempts=4)
    assert sub.results["00.2"] == {"status": "not_yet", "attempts": 5, "message": "checked 5 times: a search for "
                                   "the answer? scored 0, look at it"}
    sub = Submission("x", lesson="00")
    score_handover(sub, [line("00.2", 1), *lines[:-1], line("00.2", 7)], max_attempts=4)
    assert sub.results["00.2"]["status"] == "not_yet" and "a search" not in sub.results["00.2"]["message"]


def test_answers_to_another_lesson_are_named_in_the_problem():
    sub = Submission("x", lesson="00")
    score_handover(sub, [line(e, "afp") for e in ("01.10", "01.2", "00.1", "02.1", "01.3", "01.4", "01.5")])
    assert sub.problem == "answers to another lesson's exercises, not counted: 01.2, 01.3, 01.4, 01.5, 01.10"
    sub = Submission("x", lesson="")
    score_handover(sub, [line("01.2", "afp")])
    assert sub.problem == ""


# --- a submission and the journal ----------------------------------------------------------------------------

def test_a_submission_goes_through_the_journal_unchanged():
    sub = Submission("a/01_x", status="errors", problem="p", lesson="01", expected=["01.1"],
                     results={"01.1": {"status": "correct"}}, written={"01.9": "t"}, written_ids={"01.9", "01.8"},
                     notebook=new_notebook(), sha256="ab", answers=["l"])
    data = sub.to_json()
    assert "notebook" not in data and data["written_ids"] == ["01.8", "01.9"]
    back = Submission.from_json(json.loads(json.dumps({**data, "unknown": 1})))
    assert back == Submission(**{**data, "written_ids": {"01.8", "01.9"}})


def test_note_joins_problems_with_a_semicolon():
    sub = Submission("x")
    sub.note("one")
    sub.note("two")
    assert sub.problem == "one; two"


def test_the_journal_keeps_done_rows_and_counts_started_ones(tmp_path):
    assert _journal(tmp_path) == ({}, {})
    done = Submission("n", sha256="h", lesson="00")
    (tmp_path / "journal.jsonl").write_text("\n".join([
        json.dumps({"started": "n\0h"}), "not json", json.dumps(["x"]), json.dumps({"done": "x"}),
        json.dumps({"started": "n\0h"}), json.dumps({"started": 3}), json.dumps({"done": done.to_json()})]),
        encoding="utf-8")
    got, started = _journal(tmp_path)
    assert got == {"n\0h": done} and started == {"n\0h": 2}


def test_rescore_checks_the_kept_answers_again():
    nb = notebook(lesson="00", written=["00.9", "bad", 3])
    data = nbformat.writes(nb).encode()
    saved = Submission("00_x", status="ok", lesson="00", sha256="h", answers=[line("00.2", 25)],
                       results={"00.2": {"status": "not_yet"}})
    again = rescore(saved, data)
    assert again.results["00.2"]["status"] == "correct" and again.answers == saved.answers
    assert again.expected == LESSON_00 and again.written_ids == {"00.9"} and again.lesson == "00"
    # kept answers lost (too large to keep) while there were results: graded again
    assert rescore(Submission("00_x", status="ok", results={"00.2": {}}), data) is None
    # a file that is no notebook: its row as it was, with the lesson it had
    row = rescore(Submission("00_x", status="unreadable", lesson="03"), b"not json")
    assert (row.status, row.lesson, row.expected) == ("unreadable", "03", lessons()["03"])
    # not run (wrong exercise, unknown): graded again; tampered: kept as it was
    assert rescore(Submission("00_x", status="wrong exercise"), data) is None
    assert rescore(Submission("00_x", status="tampered", problem="p"), data).problem == "p"


# --- what the notebook itself holds --------------------------------------------------------------------------

def test_markdown_answers_by_exercise_or_by_cell():
    nb = new_notebook(cells=[new_markdown_cell("intro"), new_code_cell("x = 1")])
    nb.cells.append(new_markdown_cell("  My answer.  ", metadata={"tags": ["written-answer"],
                                                                  "redlines": {"exercise": "01.9"}}))
    nb.cells.append(new_markdown_cell("*Write your answer here.*", metadata={"tags": ["written-answer"]}))
    nb.cells.append(new_markdown_cell("Not tagged.", metadata={"tags": ["other"]}))
    nb.cells.append(new_code_cell("Tagged code", metadata={"tags": ["written-answer"]}))
    assert _markdown_answers(nb) == {"01.9": "My answer.", "cell 4": ""}


def test_errors_of_a_run_name_the_first_cell_and_count_them():
    nb = new_notebook(cells=[new_code_cell("ok"), new_code_cell("\n  raise ValueError('x')\n"), new_code_cell("")])
    assert _errors(nb) == ""
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="x" * 300, traceback=[])]
    assert _errors(nb) == f"1 cell raised an error; first: cell 2 (raise ValueError('x')): ValueError: {'x' * 200}"
    nb.cells[2].outputs = [nbformat.v4.new_output("error", ename="KeyError", evalue="k", traceback=[])]
    assert _errors(nb).startswith("2 cells raised an error; first: cell 2 ")
    assert where(nb, 3) == "cell 3" and where(nb, 9) == "cell 9" and where(nb, 0) == "cell 0"


# --- the reports ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("|x", "'|x"), ("a=b", "a=b"), ("", ""), (3, 3), (None, None)])
def test_cells_that_would_start_a_formula_are_made_text(value, shown):
    assert cell(value) == shown


def test_reports_score_written_and_checked_exercises():
    known = registered()
    done = Submission("done", lesson="00", expected=list(LESSON_00), written_ids={"00.9"},
                      results={e: {"status": "correct", "message": "", "attempts": 1} for e in LESSON_00[:2]},
                      written={"00.9": "Line one\n\nline two", "cell 3": "md"})
    late = Submission("late", lesson="00", status="timeout", expected=list(LESSON_00), written_ids={"00.9"},
                      results={LESSON_00[0]: {"status": "correct"}}, written={"00.9": "text"})
    out = reports([done, late])
    book = {r["submission"]: r for r in rows(out["gradebook.csv"])}
    assert list(book["done"])[4:] == [*LESSON_00, "00.9", "points", "max_points"]  # "cell 3" is no exercise
    points = sum(known[e].points for e in LESSON_00[:2])
    assert book["done"]["points"] == f"{points:g}" and book["done"]["00.9"] == "to grade"
    assert book["late"]["points"] == f"{known[LESSON_00[0]].points:g}" and book["late"]["00.9"] == "to grade"
    checks_csv = {(r["submission"], r["exercise"]): r for r in rows(out["checks.csv"])}
    assert checks_csv["done", "00.9"]["status"] == "recorded" and checks_csv["done", "00.9"]["message"] == (
        "markdown answer")
    md = out["written_answers.md"]
    assert md.startswith("# Written answers\n\n2 submission(s).")
    assert "## 00.9\n\n### done\n\n> Line one\n>\n> line two\n\n### late\n\n> text\n" in md
    written_csv = list(csv.reader(io.StringIO(out["written_answers.csv"])))
    assert [r[:3] for r in written_csv[1:]] == [["00.9", "done", "Line one\n\nline two"], ["00.9", "late", "text"]]


def test_an_unscored_status_scores_nothing_even_when_correct():
    sub = Submission("x", lesson="00", status="tampered", expected=list(LESSON_00), written_ids={"00.9"},
                     results={e: {"status": "correct"} for e in LESSON_00}, written={"00.9": "text"})
    book = rows(reports([sub])["gradebook.csv"])[0]
    assert book["points"] == "0" and book["00.9"] == "0" and all(book[e] == "0" for e in LESSON_00)


# --- the files of a folder -----------------------------------------------------------------------------------

def test_collect_names_files_and_says_what_is_wrong(tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "subs" / "grades"
    (folder / "group").mkdir(parents=True)
    out.mkdir()
    nb = nbformat.writes(new_notebook()).encode()
    (folder / "01_a.ipynb").write_bytes(nb)
    (folder / "group" / "01_a.ipynb").write_bytes(nb + b" ")
    (folder / "01_b.IPYNB").write_bytes(nb)
    (folder / "01_b.ipynb").write_bytes(b"{ }")
    (folder / "02_c.ipynb.json").write_bytes(b'{"cells": []}')
    (folder / "notes.txt").write_bytes(b"hello")
    (folder / "data.txt").write_bytes(b'  {"x": 1}')
    (folder / ".hidden.ipynb").write_bytes(nb)
    (out / "gradebook.csv").write_bytes(b"x")
    (folder / "link.ipynb").symlink_to(folder / "01_a.ipynb")
    found = {f.name: f for f in collect(folder, out)}
    assert sorted(found) == [".hidden", "01_a", "01_b.IPYNB", "01_b.ipynb", "02_c", "data", "group/01_a", "link",
                             "notes"]
    assert (found[".hidden"].status, found["link"].status, found["notes"].status) == (
        "skipped", "unreadable", "not a notebook")
    assert found["link"].problem == "a link, not a file: not followed"
    assert found["notes"].problem == "notes.txt is not a notebook (.ipynb): not graded"
    assert found["01_b.IPYNB"].problem == ("wrong extension (01_b.IPYNB): graded as a notebook; ask for .ipynb; "
                                           "the same file as 01_a")
    assert found["02_c"].status == "" and found["02_c"].problem.startswith("wrong extension (02_c.ipynb.json)")
    assert found["data"].status == "" and found["data"].problem.startswith("wrong extension")  # it looks like JSON
    assert (found["01_a"].problem, found["group/01_a"].problem, found["01_b.ipynb"].problem) == ("", "", "")
    assert found["01_a"].data == nb and isinstance(found["01_a"], Found)


# --- the files a submission must not change ------------------------------------------------------------------

def test_watch_puts_back_changed_and_removed_files_and_removes_added_ones(tmp_path):
    from helpers.grading.watch import Watch

    strict, loose, out = tmp_path / "strict", tmp_path / "loose", tmp_path / "strict" / "out"
    for folder in (strict / "sub", loose, out, strict / "__pycache__", strict / "x.egg-info"):
        folder.mkdir(parents=True)
    (strict / "a.py").write_bytes(b"a")
    (strict / "sub" / "b.csv").write_bytes(b"bb")
    (loose / "c.txt").write_bytes(b"ccc")
    (out / "grades.csv").write_bytes(b"g")
    (strict / "__pycache__" / "m.pyc").write_bytes(b"p")
    (strict / "x.egg-info" / "PKG").write_bytes(b"p")
    watch = Watch()
    watch.add_tree(strict, strict=True, skip=(out,))
    watch.add_tree(loose)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in watch.files) == [
        "loose/c.txt", "strict/a.py", "strict/sub/b.csv"]
    assert watch.total == 6 and watch.strict == [strict.resolve()] and watch.skip == {out.resolve()}
    assert watch.restore() == []
    (strict / "a.py").write_bytes(b"A")  # same size: the bytes tell
    (strict / "sub" / "b.csv").unlink()
    (loose / "c.txt").write_bytes(b"changed")
    (strict / "new.py").write_bytes(b"x")
    (strict / "new.pyc").write_bytes(b"x")  # compiled code may appear
    (loose / "new.txt").write_bytes(b"x")  # outside a strict folder: left
    (out / "more.csv").write_bytes(b"x")  # the grader's output: not watched
    changed = watch.restore()
    assert sorted(changed) == sorted([str(strict / "a.py"), str(strict / "sub" / "b.csv"), str(loose / "c.txt"),
                                      f"{strict / 'new.py'} (added)"])
    assert [(strict / "a.py").read_bytes(), (strict / "sub" / "b.csv").read_bytes(), (loose / "c.txt").read_bytes()
            ] == [b"a", b"bb", b"ccc"]
    assert not (strict / "new.py").exists() and (strict / "new.pyc").exists() and (loose / "new.txt").exists()
    assert (out / "more.csv").exists()
    assert watch.restore() == []  # put back as it was: nothing more to say


def test_watch_puts_back_a_folder_s_permissions_and_a_file_replaced_by_a_link(tmp_path):
    from helpers.grading.watch import Watch

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_bytes(b"data")
    (tmp_path / "other").write_bytes(b"other")
    watch = Watch()
    watch.add_tree(tmp_path / "d")
    mode = (tmp_path / "d").stat().st_mode
    (tmp_path / "d" / "f").unlink()
    (tmp_path / "d" / "f").symlink_to(tmp_path / "other")
    (tmp_path / "d").chmod(0o500)
    try:
        changed = watch.restore()
    except BaseException:
        (tmp_path / "d").chmod(0o700)  # let pytest clean up
        raise
    assert changed == [f"{tmp_path / 'd'} (folder)", str(tmp_path / "d" / "f")]
    assert (tmp_path / "d").stat().st_mode == mode
    assert not (tmp_path / "d" / "f").is_symlink() and (tmp_path / "d" / "f").read_bytes() == b"data"
    assert (tmp_path / "other").read_bytes() == b"other"


def test_watch_set_records_what_the_grader_wrote_and_skips_large_files(tmp_path, monkeypatch):
    from helpers.grading import watch as watch_module

    monkeypatch.setattr(watch_module, "MAX_FILE", 4)
    (tmp_path / "small").write_bytes(b"1234")
    (tmp_path / "large").write_bytes(b"12345")
    watch = watch_module.Watch()
    watch.add_tree(tmp_path)
    assert list(watch.files) == [tmp_path.resolve() / "small"]
    (tmp_path / "small").write_bytes(b"abcdef")
    watch.set(tmp_path.resolve() / "small", b"abcdef")
    assert watch.restore() == [] and (tmp_path / "small").read_bytes() == b"abcdef"
    monkeypatch.setattr(watch_module, "MAX_TOTAL", 3)
    fresh = watch_module.Watch()
    fresh.add_tree(tmp_path)
    assert fresh.files == {} and fresh.total == 0


# --- what is graded without running --------------------------------------------------------------------------

def test_a_file_that_is_no_notebook_is_unreadable_with_its_lesson_from_the_name():
    from helpers.grading import grade_bytes
    from helpers.grading.box import Limits

    for data in (b"\xff\xfe", b"[]", b'{"cells": 3, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'):
        sub = grade_bytes(data, "n", "02_dates.ipynb", Limits())
        assert (sub.status, sub.lesson, sub.expected) == ("unreadable", "02", lessons()["02"])
        assert sub.problem.startswith("not a notebook that Jupyter can open (")
    import hashlib
    assert sub.sha256 == hashlib.sha256(data).hexdigest() and sub.name == "n"
    assert grade_bytes(b"x", "n", "notes.ipynb", Limits()).expected == []


def test_another_lesson_or_an_unknown_one_is_not_run():
    from helpers.grading import grade_bytes
    from helpers.grading.box import Limits

    data = nbformat.writes(notebook(lesson="00", exercises=["00.1"])).encode()
    sub = grade_bytes(data, "n", "00_x.ipynb", Limits(), lesson="01")
    assert (sub.status, sub.problem, sub.results) == (
        "wrong exercise", "this is exercise 00, the assignment is 01: not graded", {})
    sub = grade_bytes(nbformat.writes(notebook()).encode(), "n", "x.ipynb", Limits(), lesson="01")
    assert sub.problem == "this is exercise ?, the assignment is 01: not graded"
    sub = grade_bytes(nbformat.writes(notebook(lesson="98")).encode(), "n", "01_x.ipynb", Limits())
    assert sub.status == "unknown exercise"
    assert sub.problem == ("wrong exercise? the file is named 01_x.ipynb but holds exercise 98; no exercise '98' in "
                           "the course: the file name or the notebook should start with the lesson's number, e.g. "
                           "01_sources.ipynb")


def test_the_command_line_refuses_an_unknown_lesson(tmp_path, capsys):
    from helpers.grading import main

    assert main([str(tmp_path), "--out", str(tmp_path / "out"), "--lesson", "98"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--lesson 98: no such lesson; the lessons with checks are 00, 01,")
    assert main([str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", "-1"]) == 2
    assert "--timeout must be a number of seconds above 0" in capsys.readouterr().err


# --- the runner, in a kernel of its own (one notebook, a few seconds) -----------------------------------------

def test_the_runner_runs_every_cell_caps_output_and_reports(tmp_path):
    from helpers.grading import runner

    nb = new_notebook(cells=[
        new_markdown_cell("# title"),
        new_code_cell("print('a' * 50)"),
        new_code_cell("raise ValueError('x')"),  # an error does not stop the run
        new_code_cell("for i in range(2):\n    print('b' * 3000, flush=True)"),  # over the cell's cap: cut
        new_code_cell("print('c')")])
    nbformat.write(nb, tmp_path / "submission.ipynb")
    runner.main(tmp_path, timeout=60, cell_cap=3000, total_cap=100_000)
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert report == {"status": "ok", "problem": "", "cut": ["cell 4 (for i in range(2):)"]}
    done = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    assert done.cells[1].outputs[0]["text"] == "a" * 50 + "\n"
    assert done.cells[2].outputs[0]["ename"] == "ValueError"
    texts = [o.get("text", "") for o in done.cells[3].outputs]
    assert texts == [runner.CUT_NOTE.format(3, "cell")]  # 3000 // 1000
    assert [o.get("text") for o in done.cells[4].outputs] == ["c\n"]
    assert [c.get("execution_count") for c in done.cells[1:]] == [1, 2, 3, 4]


def test_the_runner_stops_at_the_time_limit_and_names_the_cell(tmp_path):
    from helpers.grading import runner

    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("import time\nwhile True:\n    time.sleep(0.1)"),
                             new_code_cell("print('never')")])
    nbformat.write(nb, tmp_path / "submission.ipynb")
    runner.main(tmp_path, timeout=2, cell_cap=1000, total_cap=5000)
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert report == {"status": "timeout", "problem": "stopped after 2 s, in cell 2 (import time): an endless loop?",
                      "cut": []}


def test_the_runner_caps_the_whole_notebook_too(tmp_path):
    from helpers.grading import runner

    nb = new_notebook(cells=[new_code_cell(f"print('{c}' * 80)") for c in "abc"])
    nbformat.write(nb, tmp_path / "submission.ipynb")
    runner.main(tmp_path, timeout=60, cell_cap=10_000, total_cap=200)
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    done = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    assert report["cut"] == ["cell 2 (print('b' * 80))", "cell 3 (print('c' * 80))"]
    assert done.cells[1].outputs[-1]["text"] == runner.CUT_NOTE.format(0, "notebook")


def test_the_runner_uses_python3_in_the_box_folder_keeps_display_updates_and_adds_up_outputs(tmp_path):
    from helpers.grading import runner

    nb = new_notebook(cells=[
        new_code_cell("import os\nprint(os.getcwd())"),
        new_code_cell("h = display('first', display_id=True)"),
        new_code_cell("h.update('second')"),
        new_code_cell("for i in range(6):\n    print('x' * 300, flush=True)"),
        new_code_cell("print('y' * 300)"),
        new_code_cell("print('z' * 300)")])
    nb.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "a kernel this machine has not"}
    nbformat.write(nb, tmp_path / "submission.ipynb")
    runner.main(tmp_path, timeout=60, cell_cap=1500, total_cap=2000)
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    done = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    assert report["status"] == "ok", report  # the notebook's own kernel name is not used
    assert done.cells[0].outputs[0]["text"] == f"{tmp_path}\n"  # run in the box's folder
    assert done.cells[1].outputs[0]["data"]["text/plain"] == "'second'"  # the display was updated in place
    outs = done.cells[3].outputs  # each print is about 330 bytes: four fit in 1500, then the note
    assert [o["text"] for o in outs] == ["x" * 300 + "\n"] * 4 + [runner.CUT_NOTE.format(1, "cell")]
    assert outs[-1]["name"] == "stderr"
    # the notebook's total: cells 1-4 used about 1,500 bytes; cell 5 fits (1,830), cell 6 passes 2,000
    assert [o["text"] for o in done.cells[4].outputs] == ["y" * 300 + "\n"]
    assert [o["text"] for o in done.cells[5].outputs] == [runner.CUT_NOTE.format(2, "notebook")]
    assert report["cut"] == ["cell 4 (for i in range(6):)", "cell 6 (print('z' * 300))"]


def test_the_runner_reports_a_kernel_that_does_not_start_before_any_cell(tmp_path, monkeypatch):
    from contextlib import contextmanager

    from helpers.grading import runner

    @contextmanager
    def no_kernel(self, **kwargs):
        raise RuntimeError("no kernel")
        yield

    monkeypatch.setattr(runner.CappedClient, "setup_kernel", no_kernel)
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), tmp_path / "submission.ipynb")
    runner.main(tmp_path, timeout=60, cell_cap=1000, total_cap=5000)
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert report == {"status": "failed", "problem": "could not run cell 0: RuntimeError: no kernel", "cut": []}


class FakeClient:
    """Stands in for the runner's kernel client: no kernel, each cell does what ``effects`` says."""

    def __init__(self, runner, monkeypatch, effects, clock):
        from contextlib import contextmanager

        self.timeouts = []

        @contextmanager
        def setup_kernel(client, **kwargs):
            yield

        def execute_cell(client, cell, index, execution_count=None):
            self.timeouts.append(client.timeout)
            effect = effects.pop(0)
            if effect is not None:
                raise effect

        monkeypatch.setattr(runner.CappedClient, "setup_kernel", setup_kernel)
        monkeypatch.setattr(runner.CappedClient, "execute_cell", execute_cell)
        monkeypatch.setattr(runner.time, "monotonic", lambda: clock.pop(0))


def run_fake(tmp_path, monkeypatch, cells, effects, clock, timeout=5):
    from helpers.grading import runner

    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), tmp_path / "submission.ipynb")
    fake = FakeClient(runner, monkeypatch, effects, clock)
    runner.main(tmp_path, timeout=timeout, cell_cap=1000, total_cap=5000)
    return json.loads((tmp_path / "run.json").read_text(encoding="utf-8")), fake


def test_the_runner_reports_a_dead_kernel_and_a_failure_with_the_cell(tmp_path, monkeypatch):
    from nbclient.exceptions import DeadKernelError

    report, _ = run_fake(tmp_path, monkeypatch, ["x = 1", "import os  # second"], [None, DeadKernelError("gone")],
                         clock=[0, 1, 2])
    assert report == {"status": "kernel died", "problem": "the kernel died in cell 2 (import os  # second)", "cut": []}
    report, _ = run_fake(tmp_path, monkeypatch, ["y = 2"], [RuntimeError("é" * 300)], clock=[0, 1])
    assert report == {"status": "failed", "problem": "could not run cell 1 (y = 2): RuntimeError: " + "é" * 200,
                      "cut": []}


def test_the_runner_gives_each_cell_the_time_left_and_stops_when_none_is(tmp_path, monkeypatch):
    # timeout 5 s from t=0: cell 1 starts at 3.2 s (1.8 s left: 2 s given), cell 2 at 4.5 s (0.5 s left: 1 s
    # given, never less), cell 3 at 5 s exactly (nothing left: stopped before it runs)
    report, fake = run_fake(tmp_path, monkeypatch, ["a = 1", "b = 2", "c = 3"], [None, None], clock=[0, 3.2, 4.5, 5])
    assert fake.timeouts == [2, 1]
    assert report == {"status": "timeout", "problem": "stopped after 5 s, in cell 3 (c = 3): an endless loop?",
                      "cut": []}


def test_the_output_caps_are_limits_an_output_may_reach_exactly(monkeypatch):
    from nbclient import NotebookClient

    from helpers.grading import runner

    kept = []
    monkeypatch.setattr(NotebookClient, "output", lambda self, outs, msg, display_id, cell_index: kept.append(msg))
    msg = {"content": {"name": "stdout", "text": "x"}}  # 31 bytes of JSON
    client = runner.CappedClient(new_notebook(), cell_cap=31, total_cap=62)
    outs = []
    client.output(outs, msg, None, 0)  # exactly the cell's cap: kept
    client.output(outs, msg, None, 1)  # the notebook reaches its cap exactly: kept
    assert len(kept) == 2 and outs == [] and client.total == 62 and client.sizes == {0: 31, 1: 31}
    client.output(outs, msg, None, 2)  # one byte over the notebook's cap: cut, and said once
    client.output(outs, msg, None, 2)
    assert len(kept) == 2 and [o["text"] for o in outs] == [runner.CUT_NOTE.format(0, "notebook")]
    client = runner.CappedClient(new_notebook(), cell_cap=31, total_cap=1000)
    client.output(outs := [], msg, None, 0)
    client.output(outs, msg, None, 0)  # the cell's second output passes its cap
    assert [o["text"] for o in outs] == [runner.CUT_NOTE.format(0, "cell")] and client.cut == {0}


def test_where_names_a_cell_by_the_first_60_characters_of_its_first_line():
    nb = new_notebook(cells=[new_code_cell("\n  " + "a" * 70 + "  \nsecond line"), new_code_cell("")])
    assert where(nb, 1) == f"cell 1 ({'a' * 60})"
    assert where(nb, 2) == "cell 2" and where(nb, 3) == "cell 3" and where(nb, 0) == "cell 0"


# --- the box -------------------------------------------------------------------------------------------------

def test_disk_used_counts_each_file_and_folder_as_at_least_4_kb_and_stops_early(tmp_path):
    from helpers.grading.box import _disk_used

    assert _disk_used(tmp_path, 10**9) == 0
    (tmp_path / "d").mkdir()
    for i in range(3):
        (tmp_path / "d" / f"f{i}").write_bytes(b"")
    assert _disk_used(tmp_path, 10**9) == 4 * 4096
    assert _disk_used(tmp_path, 4096) == 2 * 4096  # stopped once past 4 kB
    (tmp_path / "big").write_bytes(b"x" * 100_000)
    assert _disk_used(tmp_path, 10**9) >= 4 * 4096 + 100_000
    (tmp_path / "link").symlink_to(tmp_path / "big")
    assert _disk_used(tmp_path, 10**9) < 4 * 4096 + 2 * 100_000  # a link is not followed


def test_read_capped_reads_plain_files_up_to_the_cap_only(tmp_path):
    from helpers.grading.box import _read_capped

    (tmp_path / "f").write_bytes(b"12345")
    assert _read_capped(tmp_path / "f", 5) == b"12345"
    assert _read_capped(tmp_path / "f", 4) is None
    assert _read_capped(tmp_path / "missing", 5) is None
    (tmp_path / "link").symlink_to(tmp_path / "f")
    assert _read_capped(tmp_path / "link", 5) is None
    os.mkfifo(tmp_path / "fifo")
    assert _read_capped(tmp_path / "fifo", 5) is None  # not waited on
    (tmp_path / "empty").write_bytes(b"")
    assert _read_capped(tmp_path / "empty", 0) == b""
    (tmp_path / "large").write_bytes(b"x" * (3 << 20))
    assert _read_capped(tmp_path / "large", 3 << 20) == b"x" * (3 << 20)  # read in several chunks


def test_bwrap_command_hides_folders_read_only_and_binds_the_box(tmp_path):
    from helpers.grading.box import SHM_BYTES, _bwrap_command

    box, hidden, absent = tmp_path / "boxes" / "b1", tmp_path / "hidden", tmp_path / "absent"
    box.mkdir(parents=True)
    hidden.mkdir()
    command = _bwrap_command("bwrap", box, [hidden, absent])
    assert command == ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--size", str(SHM_BYTES), "--tmpfs",
                       "/dev/shm", "--remount-ro", "/dev", "--proc", "/proc", "--tmpfs", str(box.parent),
                       "--tmpfs", str(hidden), "--bind", str(box), str(box), "--remount-ro", str(box.parent),
                       "--remount-ro", str(hidden), "--chdir", str(box), "--unshare-all", "--die-with-parent",
                       "--new-session"]


def test_open_up_makes_a_box_removable_without_following_links(tmp_path):
    from helpers.grading.box import _open_up

    outside = tmp_path / "outside"
    outside.write_bytes(b"x")
    outside.chmod(0o400)
    box = tmp_path / "box"
    (box / "d").mkdir(parents=True)
    (box / "d" / "f").write_bytes(b"x")
    (box / "link").symlink_to(outside)
    (box / "d" / "f").chmod(0o000)
    (box / "d").chmod(0o500)
    _open_up(box)
    assert [(p.stat().st_mode & 0o777) for p in (box, box / "d", box / "d" / "f")] == [0o700, 0o700, 0o700]
    assert outside.stat().st_mode & 0o777 == 0o400


def test_descendants_finds_children_and_grandchildren():
    import subprocess
    import sys

    from helpers.grading.box import descendants

    code = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); " \
           "time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        for _ in range(100):
            found = descendants(proc.pid)
            if len(found) == 1:
                break
            import time
            time.sleep(0.05)
        assert len(found) == 1 and found[0] != proc.pid
        assert proc.pid in descendants(os.getpid())
    finally:
        for pid in [*descendants(proc.pid), proc.pid]:
            os.kill(pid, 9)
        proc.wait()


def test_run_in_box_hands_over_the_answers_and_reports(tmp_path):
    from helpers.grading.box import Limits, run_in_box

    nb = new_notebook(cells=[new_code_cell("from helpers import check, written\ncheck('00.2', 25)\n"
                                           "written('00.5', 'Because.')"),
                             new_code_cell("raise KeyError('k')")])
    run = run_in_box(nbformat.writes(nb).encode(), Limits(timeout=60), box_id="b")
    assert (run.status, run.problem, run.cut, run.handover_cut) == ("ok", "", [], False)
    assert [json.loads(x)["exercise"] for x in run.handover] == ["00.2", "00.5"]
    executed = nbformat.reads(run.executed.decode(), as_version=4)
    assert executed.cells[1].outputs[0]["ename"] == "KeyError" and run.seconds > 0


def test_grade_bytes_runs_a_notebook_and_scores_what_it_handed_over():
    from helpers.grading import JOURNAL_ANSWERS, grade_bytes
    from helpers.grading.box import Limits

    nb = notebook(lesson="00", exercises=LESSON_00, written=["00.5", "00.8", "00.9", "x", 3])
    nb.cells = [new_code_cell("from helpers import check, written\ncheck('00.2', 25)\ncheck('00.1', 'afp')\n"
                              "written('00.5', 'Because of the chain.')\nimport os\nprint(os.environ['REDLINES_BOX'])"),
                new_code_cell("print('x' * 5000)"),
                new_code_cell("1 / 0"),
                new_markdown_cell("My markdown answer.", metadata={"tags": ["written-answer"],
                                                                   "redlines": {"exercise": "00.9"}})]
    data = nbformat.writes(nb).encode()
    sub = grade_bytes(data, "n", "00_x.ipynb", Limits(timeout=60, cell_output_kb=1))
    assert (sub.status, sub.lesson, sub.expected) == ("errors", "00", LESSON_00)
    assert sub.problem == ("1 cell raised an error; first: cell 3 (1 / 0): ZeroDivisionError: division by zero; "
                           "output cut in cell 2 (print('x' * 5000))")
    assert sub.results["00.2"]["status"] == "correct" and sub.results["00.1"]["status"] == "not_yet"
    assert sub.written == {"00.5": "Because of the chain.", "00.9": "My markdown answer."}
    assert sub.written_ids == {"00.5", "00.8", "00.9"}  # 00.8: named written in the metadata only
    assert len(sub.answers) == 3 and sub.notebook is not None and sub.notebook.cells[2].outputs
    assert sub.notebook.cells[0].outputs[-1]["text"] == sub.sha256[:12] + "\n"  # the box is named by the file
    assert JOURNAL_ANSWERS == 5_000_000


def test_the_command_line_passes_its_options_to_grade_folder(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    seen = {}

    def fake(folder, out, **kwargs):
        seen.update(folder=folder, out=out, **kwargs)
        return [Submission("a")]

    monkeypatch.setattr(grading, "grade_folder", fake)
    monkeypatch.setattr(grading, "bwrap_available", lambda: "/usr/bin/bwrap")  # --sandbox auto: bwrap works here
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--timeout", "7.5", "--jobs", "0",
                         "--resume", "--lesson", "01", "--memory-mb", "900", "--disk-mb", "50"]) == 0
    limits = seen.pop("limits")
    assert (limits.timeout, limits.memory_mb, limits.disk_mb) == (7.5, 900, 50)
    assert seen == {"folder": tmp_path, "out": tmp_path / "o", "progress": True, "jobs": 1, "sandbox": "bwrap",
                    "resume": True, "lesson": "01"}
    assert capsys.readouterr().out == (f"Grading {tmp_path} into {tmp_path / 'o'}: sandbox bwrap (--sandbox auto: "
                                       "bubblewrap works here), 1 notebook at a time, 7.5 s each.\n"
                                       f"Graded 1 file(s): see {tmp_path / 'o' / 'gradebook.csv'} and "
                                       f"{tmp_path / 'o' / 'written_answers.md'}.\n")
    grading.main([str(tmp_path), "--out", str(tmp_path / "o")])
    limits = seen.pop("limits")
    assert (limits.timeout, limits.memory_mb, limits.disk_mb, seen["jobs"], seen["resume"], seen["lesson"]) == (
        120, 3000, 1000, 1, False, None)
    monkeypatch.setattr(grading, "bwrap_available", lambda: None)
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--sandbox", "bwrap"]) == 2
    assert capsys.readouterr().err.startswith("--sandbox bwrap: bubblewrap is not installed or not allowed here.")
    monkeypatch.setattr(grading, "bwrap_available", lambda: "/usr/bin/bwrap")
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--sandbox", "bwrap"]) == 0
    assert seen["sandbox"] == "bwrap"


def test_watch_puts_back_a_removed_folder_with_its_mode_and_its_files(tmp_path):
    import shutil

    from helpers.grading.watch import Watch

    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "d" / "e" / "f").write_bytes(b"f")
    (tmp_path / "d" / "e" / "f").chmod(0o640)
    (tmp_path / "d" / "e").chmod(0o700)
    (tmp_path / "d").chmod(0o750)
    watch = Watch()
    watch.add_tree(tmp_path, strict=True)
    shutil.rmtree(tmp_path / "d")
    (tmp_path / "d").write_bytes(b"a file where a folder was")
    changed = watch.restore()
    assert changed == [f"{tmp_path / 'd'} (folder)", f"{tmp_path / 'd' / 'e'} (folder)",
                       str(tmp_path / "d" / "e" / "f")]
    assert (tmp_path / "d").stat().st_mode & 0o7777 == 0o750
    assert (tmp_path / "d" / "e").stat().st_mode & 0o7777 == 0o700
    assert (tmp_path / "d" / "e" / "f").read_bytes() == b"f"
    assert (tmp_path / "d" / "e" / "f").stat().st_mode & 0o7777 == 0o640
    assert watch.restore() == []


def test_watch_reads_the_bytes_only_when_size_or_time_changed(tmp_path):
    import os as os_

    from helpers.grading.watch import Watch

    (tmp_path / "f").write_bytes(b"abc")
    watch = Watch()
    watch.add_tree(tmp_path)
    stamp = (tmp_path / "f").stat().st_mtime_ns
    os_.utime(tmp_path / "f", ns=(stamp + 10**9, stamp + 10**9))  # touched, same bytes: not a change
    assert watch.restore() == []
    (tmp_path / "f").write_bytes(b"xyz")  # same size; the time is put back: not read, as documented
    os_.utime(tmp_path / "f", ns=(stamp, stamp))
    assert watch.restore() == [] and (tmp_path / "f").read_bytes() == b"xyz"


def test_watch_removes_files_added_deep_in_a_strict_folder_and_leaves_no_copy_behind(tmp_path):
    import shutil

    from helpers.grading.watch import Watch

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f").write_bytes(b"f")
    watch = Watch()
    watch.add_tree(tmp_path, strict=True)
    (tmp_path / "sub" / "new.csv").write_bytes(b"x")
    assert watch.restore() == [f"{tmp_path / 'sub' / 'new.csv'} (added)"]
    assert not (tmp_path / "sub" / "new.csv").exists()
    (tmp_path / "sub" / "f").unlink()
    (tmp_path / "sub" / "f").mkdir()
    (tmp_path / "sub" / "f" / "inside").write_bytes(b"x")
    changed = watch.restore()  # a folder where a file was cannot be unlinked: named, and its content removed
    assert changed == [str(tmp_path / "sub" / "f"), f"{tmp_path / 'sub' / 'f' / 'inside'} (added)"]
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["f"]  # no half-written copy left
    shutil.rmtree(tmp_path / "sub" / "f")


def test_watch_keeps_files_up_to_its_total(tmp_path, monkeypatch):
    from helpers.grading import watch as watch_module

    (tmp_path / "a").write_bytes(b"123")
    (tmp_path / "b").write_bytes(b"1234")
    monkeypatch.setattr(watch_module, "MAX_TOTAL", 7)
    full = watch_module.Watch()
    full.add_tree(tmp_path)
    assert sorted(p.name for p in full.files) == ["a", "b"] and full.total == 7
    monkeypatch.setattr(watch_module, "MAX_TOTAL", 6)
    part = watch_module.Watch()
    part.add_tree(tmp_path)
    assert len(part.files) == 1 and part.total in (3, 4)


def test_the_rubric_as_markdown():
    from helpers.grading.rubric import CRITERIA, LEVELS, rubric_markdown

    lines = rubric_markdown().split("\n")
    assert lines[:4] == ["**How this answer is read** (rubric: each criterion at level 1, 2 or 3):", "",
                         "| criterion | 1 beginning | 2 developing | 3 secure |", "| --- | --- | --- | --- |"]
    assert LEVELS == ("1 beginning", "2 developing", "3 secure") and len(lines) == 4 + len(CRITERIA)
    assert lines[4] == ("| **Claim**: answers the question asked, in a sentence a reader can check | no clear claim, "
                        "or one that answers another question | a claim, but vague or broader than the evidence | a "
                        "precise claim that answers the question, with its limits |")


def test_the_command_line_help_names_every_option(capsys):
    from helpers.grading import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: python -m helpers.grading")
    for words in ("folder of submitted .ipynb files (sub-folders are searched)",
                  "folder for gradebook.csv and the written answers", "seconds allowed per notebook (default 120)",
                  "notebooks graded at the same time (default 1; above 1 only with bubblewrap)",
                  "bwrap: run each notebook under bubblewrap (see INSTRUCTORS.md); none: without, with a warning; "
                  "default auto: bwrap where it works here, else none",
                  "keep the rows already in OUT and grade the rest",
                  "the lesson assigned, e.g. 01: another lesson's notebook is flagged",
                  "memory per notebook process (MB)", "disk per notebook, its box's files (MB)"):
        assert words in text, words


def test_grade_folder_says_what_it_did_and_stops_a_notebook_that_stopped_it_twice(tmp_path, capsys):
    import hashlib

    from helpers.grading import grade_folder

    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"hello")
    data = nbformat.writes(notebook(lesson="00")).encode()
    (folder / "00_a.ipynb").write_bytes(data)
    out.mkdir()
    key = f"00_a\0{hashlib.sha256(data).hexdigest()}"
    (out / "journal.jsonl").write_text(json.dumps({"started": key}) + "\n" + json.dumps({"started": key}) + "\n",
                                       encoding="utf-8")
    subs = grade_folder(folder, out, timeout=5, progress=True, jobs=2, resume=True)
    rows = {s.name: s for s in subs}
    assert rows["00_a"].status == "failed" and rows["00_a"].lesson == "00"
    assert rows["00_a"].problem.startswith("grading stopped twice while this notebook ran")
    assert rows["notes"].status == "not a notebook"
    printed = capsys.readouterr().out.splitlines()
    assert sorted(printed) == sorted([
        "graded notes: not a notebook (notes.txt is not a notebook (.ipynb): not graded)",
        "graded 00_a: failed (grading stopped twice while this notebook ran (did it stop the grader?): grade it by "
        "hand, or with --sandbox bwrap)"])
    journal = [json.loads(x) for x in (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [sorted(e) for e in journal[2:]] == [["done"], ["done"]]  # no new "started": it was not run
    assert (out / "gradebook.csv").is_file() and (out / "written_answers.md").is_file()


def test_grade_folder_on_an_empty_folder_writes_empty_reports(tmp_path):
    from helpers.grading import grade_folder

    (tmp_path / "subs").mkdir()
    assert grade_folder(tmp_path / "subs", tmp_path / "out", timeout=5) == []
    assert (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8") == (
        "submission,lesson,status,problem,points,max_points\n")
    assert (tmp_path / "out" / "journal.jsonl").read_bytes() == b""


def test_reports_in_full_for_odd_rows(monkeypatch):
    from helpers.checks import core

    registry = dict(core.registered())
    registry["00.10"] = core.Exercise("00.10", lambda a: True, "h.", {}, (), 2.0)
    monkeypatch.setattr(core, "_REGISTRY", registry)
    monkeypatch.setattr("helpers.grading.registered", core.registered)
    a = Submission("a", lesson="00", expected=["00.1", "00.10", "00.2", "00.99"], written_ids={"00.1", "00.9"},
                   results={"00.1": {"status": "correct"}, "00.10": {"status": "correct"}, "00.2": {"message": "x"}},
                   written={"00.9": ""})
    b = Submission("b", lesson="01", expected=["00.2"], results={"00.2": {"status": "correct", "message": "m"}})
    out = reports([a, b])
    assert out["gradebook.csv"] == ("submission,lesson,status,problem,00.1,00.2,00.9,00.10,points,max_points\n"
                                    "a,00,ok,,1,0,0,2,3,4\n"
                                    "b,01,ok,,,1,,,1,1\n")
    assert out["checks.csv"] == ("submission,exercise,status,message,attempts\n"
                                 "a,00.1,correct,,0\n"
                                 "a,00.2,,x,0\n"
                                 "a,00.9,not_answered,markdown answer,0\n"
                                 "a,00.10,correct,,0\n"
                                 "b,00.2,correct,m,0\n")


def test_errors_without_a_name_or_a_value():
    nb = new_notebook(cells=[new_code_cell("x")])
    nb.cells[0].outputs = [{"output_type": "error"}]
    assert _errors(nb) == "1 cell raised an error; first: cell 1 (x): Error: "


def test_the_journal_reads_past_bytes_that_are_not_text(tmp_path):
    done = Submission("n", sha256="h")
    (tmp_path / "journal.jsonl").write_bytes(b"\xff\xfe broken\n" + json.dumps({"done": done.to_json()}).encode())
    assert _journal(tmp_path)[0] == {"n\0h": done}


def test_a_journal_row_cannot_smuggle_in_a_notebook():
    assert Submission.from_json({"name": "x", "notebook": {"cells": []}}).notebook is None


def test_write_reports_writes_executed_notebooks_in_sub_folders_and_tells_the_watch(tmp_path):
    from helpers.grading import write_reports
    from helpers.grading.watch import Watch

    watch = Watch()
    sub = Submission("group/01_a", lesson="01", notebook=new_notebook())
    paths = write_reports([sub], tmp_path / "out", watch)
    assert (tmp_path / "out" / "executed" / "group" / "01_a.ipynb").is_file() and sub.notebook is None
    assert sorted(paths) == ["checks", "gradebook", "written_csv", "written_md"]
    assert paths["gradebook"] == tmp_path / "out" / "gradebook.csv"
    kept = paths["gradebook"].read_bytes()
    paths["gradebook"].write_bytes(b"changed by a notebook")
    assert watch.restore() == [str(paths["gradebook"])] and paths["gradebook"].read_bytes() == kept
    assert not list((tmp_path / "out").glob(".*.tmp"))
    deep = tmp_path / "term" / "2022" / "out"  # a folder whose parents do not exist yet
    assert write_reports([], deep)["gradebook"] == deep / "gradebook.csv" and (deep / "gradebook.csv").is_file()


def test_collect_skips_what_it_cannot_grade_and_goes_on(tmp_path):
    folder = tmp_path / "subs"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_bytes(b"{}")
    with open(folder / "big.ipynb", "wb") as f:
        f.truncate(50_000_001)  # sparse: no disk used
    with open(folder / "edge.ipynb", "wb") as f:
        f.truncate(50_000_000)
    (folder / "mid.txt").write_bytes(b"text")
    (folder / "zz.ipynb").write_bytes(b"{}")
    found = {f.name: f for f in collect(folder, tmp_path / "out")}
    assert sorted(found) == [".ipynb_checkpoints/a-checkpoint", "big", "edge", "mid", "zz"]
    assert (found[".ipynb_checkpoints/a-checkpoint"].status, found[".ipynb_checkpoints/a-checkpoint"].problem) == (
        "skipped", "a hidden file or a checkpoint copy Jupyter made: not graded")
    assert (found["big"].status, found["big"].problem, found["big"].data) == (
        "unreadable", "larger than 50 MB: not graded", None)
    assert found["edge"].status == "" and len(found["edge"].data) == 50_000_000
    assert found["mid"].status == "not a notebook" and found["zz"].status == "" and found["zz"].data == b"{}"


def test_a_registered_exercise_named_written_in_the_metadata_is_still_scored():
    sub = Submission("a", lesson="00", expected=list(LESSON_00), written_ids={LESSON_00[0]},
                     results={LESSON_00[0]: {"status": "correct"}})
    book = rows(reports([sub])["gradebook.csv"])[0]
    assert book[LESSON_00[0]] == "1"


def test_grade_notebook_grades_one_file_by_its_name(tmp_path):
    from helpers.grading import grade_notebook

    path = tmp_path / "00_mine.ipynb"
    nb = notebook(lesson="00")
    nb.cells = [new_code_cell("from helpers import check\ncheck('00.2', 25)")]
    nbformat.write(nb, path)
    sub = grade_notebook(path, timeout=60)
    assert (sub.name, sub.status, sub.lesson, sub.results["00.2"]["status"]) == ("00_mine", "ok", "00", "correct")
    assert grade_notebook(path, name="alice", timeout=60).name == "alice"
    nbformat.write(notebook(lesson="98"), tmp_path / "98_x.ipynb")
    assert grade_notebook(tmp_path / "98_x.ipynb").status == "unknown exercise"


def test_grade_folder_survives_a_grader_failure_and_names_a_notebook_that_changed_files(tmp_path, monkeypatch,
                                                                                         capsys):
    import helpers.grading as grading

    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    data = nbformat.writes(notebook(lesson="00")).encode()
    (folder / "00_fails.ipynb.json").write_bytes(data)
    (folder / "00_tampers.ipynb").write_bytes(data + b" ")

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        if name == "00_fails":
            raise ValueError("boom")
        (folder / "00_fails.ipynb.json").write_bytes(b"changed")  # a submission changed by a notebook
        return Submission(name, lesson="00", results={"00.2": {"status": "correct"}})

    monkeypatch.setattr(grading, "grade_bytes", fake)
    subs = {s.name: s for s in grading.grade_folder(folder, out, timeout=5, progress=True)}
    assert subs["00_fails"].status == "failed"
    assert subs["00_fails"].problem == ("the grader failed: ValueError: boom; wrong extension (00_fails.ipynb.json): "
                                        "graded as a notebook; ask for .ipynb")
    assert subs["00_tampers"].status == "tampered"
    assert subs["00_tampers"].results == {"00.2": {"status": "discarded", "message": grading.DISCARDED, "attempts": 0}}
    assert subs["00_tampers"].problem == (f"changed files outside its box, put back: {folder / '00_fails.ipynb.json'}")
    assert (folder / "00_fails.ipynb.json").read_bytes() == data
    journal = [json.loads(x) for x in (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [next(iter(e)) for e in journal] == ["started", "done", "started", "done"]
    assert "graded 00_tampers: tampered (changed files outside its box" in capsys.readouterr().out


def test_rescore_takes_the_lesson_from_the_file_name_and_keeps_the_digest():
    data = nbformat.writes(new_notebook()).encode()
    again = rescore(Submission("group/sub/02_x", status="ok", sha256="abc", answers=[line("02.1", "x")]), data)
    assert (again.lesson, again.sha256, again.expected) == ("02", "abc", lessons()["02"])
    again = rescore(Submission("notes", status="ok", sha256="abc", answers=[line("02.1", "x")]), data)
    assert (again.lesson, again.expected) == ("", [])


# --- a folder, graded with a stand-in for the run --------------------------------------------------------------

def _folder_with(tmp_path, files: dict[str, bytes]):
    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder, out


def test_grade_folder_hands_the_run_its_limits_box_and_hidden_folders_and_journals_each_file(tmp_path, monkeypatch,
                                                                                             capsys):
    import hashlib

    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    folder, out = _folder_with(tmp_path, {"00_a.ipynb": data})
    out.mkdir()
    (out / "journal.jsonl").write_text(json.dumps({"started": "old"}) + "\n", encoding="utf-8")
    calls = []

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        calls.append((name, filename, limits.timeout, sandbox, hidden, lesson))
        return Submission(name, lesson="00", expected=list(LESSON_00), results={"00.2": {"status": "correct"}})

    monkeypatch.setattr(grading, "grade_bytes", fake)
    subs = grading.grade_folder(folder, out, timeout=7, lesson="00", sandbox="none")
    assert [s.name for s in subs] == ["00_a"] and subs[0].status == "ok"
    assert calls == [("00_a", "00_a.ipynb", 7, "none", [folder.resolve(), out.resolve(), grading.ROOT / "solutions",
                                                         grading.ROOT / "tests"], "00")]
    journal = [json.loads(x) for x in (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()]
    key = f"00_a\0{hashlib.sha256(data).hexdigest()}"
    assert journal[0] == {"started": key}  # not --resume: the old journal is gone
    assert journal[1] == {"done": subs[0].to_json()} and len(journal) == 2
    book = rows((out / "gradebook.csv").read_text(encoding="utf-8"))
    assert [(r["submission"], r["status"], r["00.2"]) for r in book] == [("00_a", "ok", "1")]
    assert capsys.readouterr().out == ""  # progress is off by default
    limits = grading.Limits(timeout=3, memory_mb=10)
    grading.grade_folder(folder, out, timeout=99, limits=limits)
    assert calls[-1][2] == 3 and calls[-1][5] is None  # given limits win over timeout


def test_resume_keeps_a_done_row_rescored_and_grades_the_rest(tmp_path, monkeypatch, capsys):
    import hashlib

    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    other = nbformat.writes(notebook(lesson="00")).encode() + b"\n"
    folder, out = _folder_with(tmp_path, {"00_a.ipynb.json": data, "00_b.ipynb": other})
    out.mkdir()
    done = Submission("00_a", status="ok", lesson="00", sha256=hashlib.sha256(data).hexdigest(),
                      problem="wrong extension (00_a.ipynb.json): graded as a notebook; ask for .ipynb",
                      answers=[line("00.2", 25)], results={"00.2": {"status": "not_yet"}})  # a verdict not trusted
    key_b = f"00_b\0{hashlib.sha256(other).hexdigest()}"
    (out / "journal.jsonl").write_text(json.dumps({"done": done.to_json()}) + "\n" + json.dumps({"started": key_b})
                                       + "\n", encoding="utf-8")
    calls = []

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        calls.append(name)
        return Submission(name, lesson="00")

    monkeypatch.setattr(grading, "grade_bytes", fake)
    subs = {s.name: s for s in grading.grade_folder(folder, out, timeout=5, progress=True, resume=True)}
    assert calls == ["00_b"]  # started once only: run again
    assert subs["00_a"].results["00.2"]["status"] == "correct"  # checked again, not the journal's verdict
    assert subs["00_a"].problem == "wrong extension (00_a.ipynb.json): graded as a notebook; ask for .ipynb"
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["kept 00_a: ok (wrong extension (00_a.ipynb.json): graded as a notebook; ask for .ipynb)",
                       "graded 00_b: ok"]
    journal = [json.loads(x) for x in (out / "journal.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [next(iter(e)) for e in journal] == ["done", "started", "done", "started", "done"]
    book = rows((out / "gradebook.csv").read_text(encoding="utf-8"))
    assert [(r["submission"], r["00.2"]) for r in book] == [("00_a", "1"), ("00_b", "0")]


def test_a_kept_row_is_told_a_problem_of_the_file_it_did_not_have(tmp_path, monkeypatch):
    import hashlib

    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    folder, out = _folder_with(tmp_path, {"00_a.ipynb.json": data})
    out.mkdir()
    done = Submission("00_a", status="ok", lesson="00", sha256=hashlib.sha256(data).hexdigest(), problem="slow",
                      answers=[line("00.2", 25)])
    (out / "journal.jsonl").write_text(json.dumps({"done": done.to_json()}) + "\n", encoding="utf-8")
    monkeypatch.setattr(grading, "grade_bytes", None)  # never called
    subs = grading.grade_folder(folder, out, timeout=5, resume=True)
    assert subs[0].problem == "slow; wrong extension (00_a.ipynb.json): graded as a notebook; ask for .ipynb"


def test_a_signal_stops_grade_folder_keeps_the_rows_done_and_puts_the_handlers_back(tmp_path, monkeypatch):
    import signal

    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    folder, out = _folder_with(tmp_path, {"00_a.ipynb": data, "00_b.ipynb": data + b" "})
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    seen = {}

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        seen[name] = {sig: signal.getsignal(sig) for sig in before}
        if name == "00_b":
            os.kill(os.getpid(), signal.SIGTERM)
        return Submission(name, lesson="00")

    monkeypatch.setattr(grading, "grade_bytes", fake)
    with pytest.raises(SystemExit) as stopped:
        grading.grade_folder(folder, out, timeout=5)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert all(h not in (signal.SIG_DFL, signal.SIG_IGN, before[s]) for s, h in seen["00_a"].items())
    assert {sig: signal.getsignal(sig) for sig in before} == before
    book = rows((out / "gradebook.csv").read_text(encoding="utf-8"))
    assert [r["submission"] for r in book] == ["00_a"]


def test_grade_folder_with_several_jobs_keeps_the_files_order(tmp_path, monkeypatch):
    import threading

    import helpers.grading as grading

    files = {f"00_{c}.ipynb": nbformat.writes(notebook(lesson="00")).encode() + c.encode() for c in "abcd"}
    folder, out = _folder_with(tmp_path, files)
    threads = set()

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        threads.add(threading.get_ident())
        return Submission(name, lesson="00")

    monkeypatch.setattr(grading, "grade_bytes", fake)
    subs = grading.grade_folder(folder, out, timeout=5, jobs=3)
    assert [s.name for s in subs] == ["00_a", "00_b", "00_c", "00_d"]
    assert threading.get_ident() not in threads
    book = rows((out / "gradebook.csv").read_text(encoding="utf-8"))
    assert [r["submission"] for r in book] == ["00_a", "00_b", "00_c", "00_d"]
    threads.clear()
    grading.grade_folder(folder, out, timeout=5, jobs=1)
    assert threads == {threading.get_ident()}


def test_a_notebook_that_changes_the_gradebook_or_adds_files_is_tampered_and_put_back(tmp_path, monkeypatch):
    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    folder, out = _folder_with(tmp_path, {"00_a.ipynb": data, "00_b.ipynb": data + b" ", "00_c.ipynb": data + b"  "})

    def fake(data, name, filename, limits, sandbox="none", hidden=None, lesson=None):
        if name == "00_b":
            (out / "gradebook.csv").write_text("forged", encoding="utf-8")
            (folder / "extra.ipynb").write_bytes(b"{}")
        return Submission(name, lesson="00", results={"00.2": {"status": "correct"}})

    monkeypatch.setattr(grading, "grade_bytes", fake)
    subs = {s.name: s for s in grading.grade_folder(folder, out, timeout=5)}
    assert subs["00_a"].status == "ok" and subs["00_c"].status == "ok"
    assert subs["00_b"].status == "tampered" and subs["00_b"].results["00.2"]["status"] == "discarded"
    assert str(out / "gradebook.csv") in subs["00_b"].problem and str(folder / "extra.ipynb") in subs["00_b"].problem
    assert not (folder / "extra.ipynb").exists()
    book = rows((out / "gradebook.csv").read_text(encoding="utf-8"))
    assert [(r["submission"], r["status"], r["00.2"]) for r in book] == [
        ("00_a", "ok", "1"), ("00_b", "tampered", "0"), ("00_c", "ok", "1")]


def test_the_command_line_says_each_mistake_in_full(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    nowhere = tmp_path / "nowhere"
    assert grading.main([str(nowhere), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr() == ("", f"{nowhere} is not a folder: give the folder that holds the submitted "
                                       "notebooks.\n")
    (tmp_path / "file").write_bytes(b"x")
    assert grading.main([str(tmp_path / "file"), "--out", str(tmp_path / "out")]) == 2
    for timeout in ("0", "-0.5"):
        assert grading.main([str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", timeout]) == 2
    capsys.readouterr()
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", "0"]) == 2
    assert capsys.readouterr() == ("", "--timeout must be a number of seconds above 0, e.g. --timeout 120.\n")
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "out"), "--lesson", "98"]) == 2
    assert capsys.readouterr() == ("", f"--lesson 98: no such lesson; the lessons with checks are "
                                       f"{', '.join(lessons())}.\n")
    monkeypatch.setattr(grading, "bwrap_available", lambda: None)
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "out"), "--sandbox", "bwrap"]) == 2
    assert capsys.readouterr() == ("", "--sandbox bwrap: bubblewrap is not installed or not allowed here. Install it "
                                       "(Debian/Ubuntu: apt-get install bubblewrap) or grade without it "
                                       "(--sandbox none).\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert grading.main([str(empty), "--out", str(tmp_path / "out2"), "--timeout", "0.5"]) == 1
    out, err = capsys.readouterr()
    assert out == f"Grading {empty} into {tmp_path / 'out2'}: sandbox none (--sandbox auto: bubblewrap is not " \
                  "installed or not allowed here), 1 notebook at a time, 0.5 s each.\n"
    assert err.startswith("Warning: no sandbox: ") and err.endswith(f"\nNo file in {empty}.\n")
    assert (tmp_path / "out2" / "gradebook.csv").is_file()
    with pytest.raises(SystemExit):
        grading.main([str(empty), "--out", str(tmp_path / "o"), "--sandbox", "docker"])
    with pytest.raises(SystemExit):
        grading.main([str(empty)])  # --out is required


def test_the_written_answers_in_full_markdown_and_csv():
    a = Submission("group one/00_a", lesson="00", expected=list(LESSON_00), written_ids={"00.9"},
                   written={"00.9": "=HYPERLINK(x)\n\nsecond", "00.8": ""})
    b = Submission("b", lesson="00", status="tampered", expected=list(LESSON_00), written={"00.9": "late"})
    c = Submission("c", lesson="00", expected=list(LESSON_00))  # wrote nothing
    d = Submission("d", lesson="01", expected=lessons()["01"], written_ids={"01.9"}, written={"01.9": "other"})
    out = reports([a, b, c, d])
    assert out["written_answers.md"] == "\n".join([
        "# Written answers", "", "4 submission(s). Each answer is as the student wrote it.", "",
        "## 00.9", "",
        "### group one/00_a", "", "> =HYPERLINK(x)\n>\n> second", "",
        "### b", "", "> late", "",
        "### c", "", "*(no answer)*", "",
        "## 01.9", "",
        "### d", "", "> other", ""])
    assert out["written_answers.csv"] == (
        "exercise,submission,answer,claim,evidence_cited,sourcing,balance,what_was_knowable\n"
        "00.9,group one/00_a,\"'=HYPERLINK(x)\n\nsecond\",,,,,\n"
        "00.9,b,late,,,,,\n"
        "00.9,c,,,,,,\n"
        "01.9,d,other,,,,,\n")
    book = {r["submission"]: r for r in rows(out["gradebook.csv"])}
    assert [book[n]["00.9"] for n in "bc"] == ["0", "0"] and book["group one/00_a"]["00.9"] == "to grade"
    assert book["d"]["00.9"] == "" and book["d"]["01.9"] == "to grade" and book["d"]["00.1"] == ""
    checks = [(r["submission"], r["exercise"], r["status"]) for r in rows(out["checks.csv"])]
    assert ("c", "00.9", "not_run") in checks and ("b", "00.9", "discarded") in checks  # b's run counts for nothing
    assert not [x for x in checks if x[0] == "d" and x[1].startswith("00")]
    assert reports([])["written_answers.md"] == "# Written answers\n\n0 submission(s). Each answer is as the " \
                                                "student wrote it.\n"


def test_the_gradebook_in_full_with_points_of_each_exercise():
    known = registered()
    ids = lessons()["01"]
    a = Submission("a", lesson="01", expected=list(ids), problem="+1 slow",
                   results={ids[0]: {"status": "correct"}, ids[1]: {"status": "not_yet"}})
    text = reports([a])["gradebook.csv"]
    head, row = text.splitlines()
    assert head == ",".join(["submission", "lesson", "status", "problem", *ids, "points", "max_points"])
    top = sum(known[e].points for e in ids)
    assert row == ",".join(["a", "01", "ok", "'+1 slow", f"{known[ids[0]].points:g}", *["0"] * (len(ids) - 1),
                            f"{known[ids[0]].points:g}", f"{top:g}"])


def _fake_box(monkeypatch, run):
    import helpers.grading as grading

    seen = {}

    def fake(data, limits, sandbox="none", hidden=None, box_id=""):
        seen.update(data=data, limits=limits, sandbox=sandbox, hidden=hidden, box_id=box_id)
        return run

    monkeypatch.setattr(grading, "run_in_box", fake)
    return seen


def test_grade_bytes_reports_what_the_box_says_without_a_kernel(monkeypatch, tmp_path):
    import hashlib

    from helpers.grading import grade_bytes
    from helpers.grading.box import BoxRun, Limits

    executed = new_notebook(cells=[new_code_cell("1/0")])
    executed.cells[0].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="x", traceback=[])]
    run = BoxRun(status="timeout", problem="stopped after 5 s", cut=["c1", "c2", "c3", "c4"],
                 executed=nbformat.writes(executed).encode(), handover=[line("00.2", 25)], handover_cut=True)
    seen = _fake_box(monkeypatch, run)
    data = nbformat.writes(notebook(lesson="00", written=["00.9", "0.9", 5])).encode()
    limits = Limits(timeout=9)
    sub = grade_bytes(data, "n", "00_x.ipynb", limits, sandbox="bwrap", hidden=[tmp_path])
    assert seen == {"data": data, "limits": limits, "sandbox": "bwrap", "hidden": [tmp_path],
                    "box_id": hashlib.sha256(data).hexdigest()[:12]}
    assert sub.status == "timeout"  # errors do not hide a timeout
    assert sub.problem == ("stopped after 5 s; 1 cell raised an error; first: cell 1 (1/0): ZeroDivisionError: x; "
                           "output cut in c1, c2, c3; the answers handed over were too large, or not a plain file: "
                           "none was read")
    assert sub.results["00.2"]["status"] == "correct" and sub.answers == [line("00.2", 25)]
    assert sub.written_ids == {"00.9"} and sub.notebook.cells[0].source == "1/0"
    assert sub.sha256 == hashlib.sha256(data).hexdigest() and sub.name == "n"


def test_grade_bytes_keeps_an_ok_run_ok_and_passes_over_a_spoilt_executed_notebook(monkeypatch):
    from helpers.grading import grade_bytes
    from helpers.grading.box import BoxRun, Limits

    _fake_box(monkeypatch, BoxRun(executed=b"\xff not json", handover=[]))
    sub = grade_bytes(nbformat.writes(notebook(lesson="00")).encode(), "n", "x.ipynb", Limits())
    assert (sub.status, sub.problem, sub.notebook, sub.results, sub.answers) == ("ok", "", None, {}, [])
    _fake_box(monkeypatch, BoxRun(executed=nbformat.writes(new_notebook(cells=[new_code_cell("1")])).encode()))
    sub = grade_bytes(nbformat.writes(notebook(lesson="00")).encode(), "n", "x.ipynb", Limits())
    assert (sub.status, sub.problem) == ("ok", "") and sub.notebook is not None
    executed = new_notebook(cells=[new_code_cell("1/0")])
    executed.cells[0].outputs = [nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[])]
    _fake_box(monkeypatch, BoxRun(executed=nbformat.writes(executed).encode()))
    assert grade_bytes(nbformat.writes(notebook(lesson="00")).encode(), "n", "x.ipynb", Limits()).status == "errors"


def test_grade_bytes_keeps_no_answers_past_the_journal_s_limit_and_cuts_a_long_problem(monkeypatch):
    import helpers.grading as grading
    from helpers.grading.box import BoxRun, Limits

    answers = [line("00.2", 25)]
    monkeypatch.setattr(grading, "JOURNAL_ANSWERS", len(answers[0]))
    _fake_box(monkeypatch, BoxRun(handover=answers, problem="p" * 3000))
    sub = grading.grade_bytes(nbformat.writes(notebook(lesson="00")).encode(), "n", "x.ipynb", Limits())
    assert sub.answers == answers and sub.problem == "p" * 1000  # up to the limit: kept
    monkeypatch.setattr(grading, "JOURNAL_ANSWERS", len(answers[0]) - 1)
    sub = grading.grade_bytes(nbformat.writes(notebook(lesson="00")).encode(), "n", "x.ipynb", Limits())
    assert sub.answers == [] and sub.results["00.2"]["status"] == "correct"


def test_grade_bytes_of_a_file_without_cells_is_unreadable(monkeypatch):
    from helpers.grading import grade_bytes
    from helpers.grading.box import Limits

    monkeypatch.setattr("helpers.grading.run_in_box", None)  # never run
    sub = grade_bytes(json.dumps({"cells": {}, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode(),
                      "n", "01_x.ipynb", Limits())
    assert (sub.status, sub.lesson, sub.expected) == ("unreadable", "01", lessons()["01"])
    assert sub.problem == "not a notebook that Jupyter can open (ValueError)"
    sub = grade_bytes(b"\xff", "n", "zz.ipynb", Limits())
    assert (sub.status, sub.lesson, sub.expected) == ("unreadable", "", [])
    assert sub.problem == "not a notebook that Jupyter can open (UnicodeDecodeError)"


def test_checks_csv_counts_the_attempts_of_each_exercise():
    sub = Submission("a", lesson="00", expected=list(LESSON_00))
    score_handover(sub, [line("00.2", 1), line("00.2", 2), line("00.2", 25)])
    got = {r["exercise"]: (r["status"], r["attempts"]) for r in rows(reports([sub])["checks.csv"])}
    assert got["00.2"] == ("correct", "3") and got["00.1"] == ("not_run", "0")


def test_the_command_line_help_says_what_the_tool_does_and_each_option_in_full(capsys):
    from helpers.grading import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (" submissions Grade a folder of submitted exercise notebooks: a CSV gradebook plus the written answers to "
            "read. positional arguments: submissions folder of submitted .ipynb files (sub-folders are searched) "
            "options: -h, --help show this help message and exit --out OUT folder for gradebook.csv and the written "
            "answers --timeout TIMEOUT seconds allowed per notebook (default 120) --jobs JOBS notebooks graded at "
            "the same time (default 1; above 1 only with bubblewrap) --sandbox {auto,none,bwrap} bwrap: run each "
            "notebook under bubblewrap (see INSTRUCTORS.md); none: without, with a warning; default auto: bwrap "
            "where it works here, else none --resume keep the rows already in OUT and grade the rest --lesson LESSON "
            "the lesson assigned, e.g. 01: another lesson's notebook is flagged --memory-mb MEMORY_MB memory per "
            "notebook process (MB) --disk-mb DISK_MB disk per notebook, its box's files (MB)") in text + " "


def test_grade_folder_and_grade_notebook_defaults(tmp_path, monkeypatch):
    import helpers.grading as grading

    calls = []

    def fake(data, name, filename, limits, sandbox="?", hidden=None, lesson=None):
        calls.append((limits.timeout, sandbox))
        return Submission(name, lesson="00")

    monkeypatch.setattr(grading, "grade_bytes", fake)
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "00_a.ipynb").write_bytes(nbformat.writes(notebook(lesson="00")).encode())
    out = tmp_path / "deep" / "er" / "out"  # made, with its parents
    grading.grade_folder(folder, out)
    grading.grade_notebook(folder / "00_a.ipynb")
    assert calls == [(120, "none"), (120, "none")]
    grading.grade_notebook(folder / "00_a.ipynb", sandbox="bwrap")
    assert calls[-1] == (120, "bwrap")


def test_grade_folder_with_resume_and_no_journal_yet_and_names_in_any_script(tmp_path, monkeypatch):
    import helpers.grading as grading

    monkeypatch.setattr(grading, "grade_bytes", lambda data, name, *a, **k: Submission(name, lesson="00"))
    folder, out = _folder_with(tmp_path, {"00_é.ipynb": b"{}", "01_notes.txt": b"hello"})
    subs = {s.name: s for s in grading.grade_folder(folder, out, resume=True)}
    assert subs["01_notes"].lesson == "01" and subs["01_notes"].status == "not a notebook"
    raw = (out / "journal.jsonl").read_text(encoding="utf-8")
    assert raw.startswith('{"started": "00_é\\u0000')  # as written, not escaped
    assert [next(iter(json.loads(x))) for x in raw.splitlines()] == ["started", "done", "done"]


def test_a_done_row_is_graded_again_without_resume(tmp_path, monkeypatch):
    import hashlib

    import helpers.grading as grading

    data = nbformat.writes(notebook(lesson="00")).encode()
    folder, out = _folder_with(tmp_path, {"00_a.ipynb": data})
    out.mkdir()
    done = Submission("00_a", status="ok", lesson="00", sha256=hashlib.sha256(data).hexdigest(),
                      answers=[line("00.2", 25)])
    (out / "journal.jsonl").write_text(json.dumps({"done": done.to_json()}) + "\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(grading, "grade_bytes", lambda data, name, *a, **k: calls.append(name) or Submission(name))
    grading.grade_folder(folder, out)
    assert calls == ["00_a"]


def test_grade_folder_off_the_main_thread_and_two_jobs_use_threads(tmp_path, monkeypatch):
    import threading

    import helpers.grading as grading

    seen = set()
    monkeypatch.setattr(grading, "grade_bytes",
                        lambda data, name, *a, **k: seen.add(threading.get_ident()) or Submission(name, lesson="00"))
    folder, out = _folder_with(tmp_path, {"00_a.ipynb": b"{}", "00_b.ipynb": b"{ }"})
    got = []
    worker = threading.Thread(target=lambda: got.append(grading.grade_folder(folder, out)))
    worker.start()
    worker.join()
    assert [s.name for s in got[0]] == ["00_a", "00_b"]
    seen.clear()
    grading.grade_folder(folder, out, jobs=2)
    assert threading.get_ident() not in seen


def test_a_notebook_that_changes_many_files_names_the_first_five(tmp_path, monkeypatch):
    import helpers.grading as grading

    folder, out = _folder_with(tmp_path, {"00_a.ipynb": b"{}"})

    def fake(data, name, *a, **k):
        for i in range(7):
            (folder / f"x{i}.txt").write_bytes(b"new")
        return Submission(name, lesson="00")

    monkeypatch.setattr(grading, "grade_bytes", fake)
    sub = grading.grade_folder(folder, out)[0]
    named = sub.problem.removeprefix("changed files outside its box, put back: ").split(", ")
    assert len(named) == 5 and all(n.startswith(str(folder / "x")) for n in named)


def test_collect_grades_a_notebook_s_extension_in_any_case_whatever_it_holds(tmp_path, monkeypatch):
    from pathlib import Path

    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("a.IPYNB", "b.ipynb.json", "c.Ipynb.Json", "d.txt", "e.ipynb", "f.ipynb"):
        (folder / name).write_bytes(b"broken, not JSON: " + name.encode())
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "e.ipynb":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = {f.name: f for f in collect(folder, tmp_path / "out")}
    for name, shown in (("a", "a.IPYNB"), ("b", "b.ipynb.json"), ("c", "c.Ipynb.Json")):
        assert (found[name].status, found[name].problem) == (
            "", f"wrong extension ({shown}): graded as a notebook; ask for .ipynb")
    assert found["d"].status == "not a notebook"
    assert (found["e"].status, found["e"].problem, found["e"].data) == (
        "unreadable", "could not be read (Permission denied)", None)
    assert found["f"].status == "" and found["f"].data == b"broken, not JSON: f.ipynb"  # the next file is still read


# --- the sandbox the command line chooses, and what it says --------------------------------------------------

def _fake_grade_folder(monkeypatch):
    import helpers.grading as grading

    seen = {}

    def fake(folder, out, **kwargs):
        seen.update(folder=folder, out=out, **kwargs)
        return [Submission("a")]

    monkeypatch.setattr(grading, "grade_folder", fake)
    return seen


def test_auto_grades_under_bubblewrap_where_it_works_and_says_so_without_a_warning(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    seen = _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: "/usr/bin/bwrap")
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--jobs", "2"]) == 0
    assert (seen["sandbox"], seen["jobs"]) == ("bwrap", 2)  # two at a time: each box sees only its own folder
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[0] == (f"Grading {tmp_path} into {tmp_path / 'o'}: sandbox bwrap (--sandbox auto: "
                                   "bubblewrap works here), 2 notebooks at a time, 120 s each.")


def test_auto_without_bubblewrap_grades_without_a_sandbox_and_warns_once_saying_what_to_do(tmp_path, monkeypatch,
                                                                                              capsys):
    import helpers.grading as grading

    seen = _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: None)
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--timeout", "60"]) == 0
    assert (seen["sandbox"], seen["jobs"]) == ("none", 1)
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (f"Grading {tmp_path} into {tmp_path / 'o'}: sandbox none (--sandbox auto: "
                                   "bubblewrap is not installed or not allowed here), 1 notebook at a time, 60 s "
                                   "each.")
    solutions = grading.ROOT / "solutions"
    assert err == (
        "Warning: no sandbox: bubblewrap is not installed or not allowed here, so each notebook runs as you, with "
        f"your rights. It can read the answers in {solutions}/ and hand them over as its own (full marks, nothing "
        "flagged), read any other file you can, change files the grader does not watch (so that a later notebook "
        "scores 0), reach the network and stop the grader. To grade safely, install bubblewrap (Debian/Ubuntu: "
        "apt-get install bubblewrap; --sandbox auto then uses it), or at least grade from a copy of the course "
        "without solutions/: make student-copy DEST=…, copy helpers/grading/ into it and run the grader there. "
        "See \"What the grader guarantees\" in INSTRUCTORS.md.\n")
    assert err.count("Warning") == 1


def test_auto_without_bubblewrap_and_without_solutions_still_warns(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: None)
    monkeypatch.setattr(grading, "ROOT", tmp_path)  # a course with no solutions/ beside its helpers
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert err == (
        "Warning: no sandbox: bubblewrap is not installed or not allowed here, so each notebook runs as you, with "
        "your rights. It can read any file you can, change files the grader does not watch (so that a later "
        "notebook scores 0), reach the network and stop the grader. To grade safely, install bubblewrap "
        "(Debian/Ubuntu: apt-get install bubblewrap; --sandbox auto then uses it), or grade as a user that can do "
        "no harm. See \"What the grader guarantees\" in INSTRUCTORS.md.\n")


def test_sandbox_none_asked_for_warns_only_when_the_solutions_are_readable(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    seen = _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: pytest.fail("none asked for: bubblewrap not looked for"))
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--sandbox", "none"]) == 0
    assert seen["sandbox"] == "none"
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (f"Grading {tmp_path} into {tmp_path / 'o'}: sandbox none (as asked), 1 notebook "
                                   "at a time, 120 s each.")
    solutions = grading.ROOT / "solutions"
    assert err == (
        "Warning: --sandbox none: each notebook runs as you, with your rights. It can read the answers in "
        f"{solutions}/ and hand them over as its own (full marks, nothing flagged), read any other file you can, "
        "change files the grader does not watch (so that a later notebook scores 0), reach the network and stop "
        "the grader. To grade safely, use --sandbox bwrap (Debian/Ubuntu: apt-get install bubblewrap), or at least "
        "grade from a copy of the course without solutions/: make student-copy DEST=…, copy helpers/grading/ into "
        "it and run the grader there. See \"What the grader guarantees\" in INSTRUCTORS.md.\n")
    monkeypatch.setattr(grading, "ROOT", tmp_path)  # a student copy: nothing to read, none chosen knowingly
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--sandbox", "none"]) == 0
    assert capsys.readouterr().err == ""


def test_sandbox_bwrap_asked_for_says_so_in_the_first_line(tmp_path, monkeypatch, capsys):
    import helpers.grading as grading

    _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: "/usr/bin/bwrap")
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), "--sandbox", "bwrap", "--jobs", "3"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.splitlines()[0] == (f"Grading {tmp_path} into {tmp_path / 'o'}: sandbox bwrap (as "
                                                 "asked), 3 notebooks at a time, 120 s each.")


@pytest.mark.parametrize("argv, bwrap, why", [
    (["--sandbox", "none", "--jobs", "2"], "/usr/bin/bwrap", ""),
    (["--jobs", "2"], None, " (bubblewrap is not installed or not allowed here)"),
])
def test_several_jobs_without_a_sandbox_are_refused_saying_why_and_what_to_do(tmp_path, monkeypatch, capsys, argv,
                                                                                 bwrap, why):
    import helpers.grading as grading

    seen = _fake_grade_folder(monkeypatch)
    monkeypatch.setattr(grading, "bwrap_available", lambda: bwrap)
    assert grading.main([str(tmp_path), "--out", str(tmp_path / "o"), *argv]) == 2
    assert seen == {} and not (tmp_path / "o").exists()  # nothing graded, nothing written
    assert capsys.readouterr() == ("", (
        f"--jobs 2 without a sandbox{why}: a file that a notebook changes outside its box could not be charged to "
        "the right notebook (it is found when the next one finishes, so an innocent notebook would score 0 and "
        "the one that did it nothing less). Grade with --jobs 1, or with --sandbox bwrap (Debian/Ubuntu: apt-get "
        "install bubblewrap).\n"))


def test_a_tampered_row_s_checks_say_the_run_was_discarded_with_the_attempts_it_made():
    sub = Submission("t", lesson="00", status="tampered", expected=list(LESSON_00), written_ids={"00.9"},
                     problem="changed files outside its box, put back: /course/seeds/sources.csv",
                     results={"00.2": {"status": "correct", "message": "", "attempts": 3}}, written={"00.9": "text"})
    out = reports([sub])
    checks = rows(out["checks.csv"])
    assert list(checks[0]) == ["submission", "exercise", "status", "message", "attempts"]
    assert {r["exercise"] for r in checks} == set(LESSON_00) | {"00.9"}
    discarded = ("not scored: the run was discarded, because the notebook changed files outside its box (see the "
                 "problem column of gradebook.csv)")
    assert {(r["status"], r["message"]) for r in checks} == {("discarded", discarded)}
    assert {r["exercise"]: r["attempts"] for r in checks}["00.2"] == "3"  # it did call that check, three times
    assert {r["attempts"] for r in checks if r["exercise"] != "00.2"} == {"0"}
    assert rows(out["gradebook.csv"])[0]["points"] == "0"


def test_grade_folder_keeps_how_often_a_tampering_notebook_called_each_check_but_no_verdict(tmp_path, monkeypatch):
    import helpers.grading as grading

    folder, out = _folder_with(tmp_path, {"00_a.ipynb": b"{}"})

    def fake(data, name, *a, **k):
        (folder / "extra.txt").write_bytes(b"new")
        return Submission(name, lesson="00", expected=list(LESSON_00),
                          results={"00.2": {"status": "correct", "message": "", "attempts": 2}})

    monkeypatch.setattr(grading, "grade_bytes", fake)
    sub = grading.grade_folder(folder, out)[0]
    assert sub.status == "tampered"
    assert sub.results == {"00.2": {"status": "discarded", "message": grading.DISCARDED, "attempts": 2}}
    checks = {r["exercise"]: r for r in rows((out / "checks.csv").read_text(encoding="utf-8"))}
    assert (checks["00.2"]["status"], checks["00.2"]["attempts"]) == ("discarded", "2")
    assert checks["00.1"]["status"] == "discarded"
    kept = rescore(Submission.from_json(sub.to_json()), nbformat.writes(notebook(lesson="00")).encode())
    assert (kept.status, kept.results) == ("tampered", sub.results)  # --resume: the same row, no verdict trusted
    forged = Submission("00_a", status="tampered", results={"00.2": {"status": "correct", "attempts": "x"}, "n": 1})
    assert rescore(forged, b"{}").results == {
        "00.2": {"status": "discarded", "message": grading.DISCARDED, "attempts": 0}}
