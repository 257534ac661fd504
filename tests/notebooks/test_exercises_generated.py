"""exercises/ is exactly what tools/make_exercises.py generates from solutions/, and both kinds of notebook work.

- the generator's markers, on a small solution notebook, and its ``--check`` mode;
- every solutions/NN_*.ipynb passes every check it calls; its exercise notebook, untouched, runs top to bottom
  and every check says "not answered yet";
- the exercise ids a notebook calls and the checks registered for its lesson agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.checks import registered
from helpers.grading import grade_notebook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises as gen  # noqa: E402

SOLUTIONS = sorted((ROOT / "solutions").glob(gen.PATTERN))
TIMEOUT = 300


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "make_exercises.py"), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="a student copy, without solutions/")
def test_exercises_folder_is_what_the_generator_makes():
    result = run_tool("--check")
    assert result.returncode == 0, result.stderr + "\nRun `make exercises` and commit the result."


# --- the markers ------------------------------------------------------------------------------------

SOLUTION_CELLS = [
    ("markdown", "# Exercises 00 (generator test)"),
    ("code", "from helpers import check, get_source, load_sources, written"),
    ("code", '# BEGIN SOLUTION\nsources = load_sources()\nfirst = sources.sort_values("published").iloc[0]["id"]\n'
             '# END SOLUTION\ncheck("00.1", first)'),
    ("code", 'n = len(get_source("afp").passages)  # SOLUTION\ncheck("00.2", n)'),
    ("code", 'def latest_first(table):\n    # BEGIN SOLUTION\n    return table.sort_values("published", '
             'ascending=False)\n    # END SOLUTION\n\n\ncheck("00.3", latest_first(load_sources()[["id", '
             '"published"]]))'),
    ("code", 'quote = "Nous ne serons pas détournés de cette question"  # SOLUTION\ncheck("00.4", quote)'),
    ("code", '# BEGIN SOLUTION\nwhy = """\nThree of the five come through Russian outlets.\n"""\n# END SOLUTION\n'
             'written("00.5", why)'),
    ("markdown", "**00.6** What do the reader comments tell you?\n\n<!-- BEGIN SOLUTION 00.6 -->\n"
                 "That the site writes for readers who share its view.\n<!-- END SOLUTION -->"),
    ("code", 'assert check("00.1", first)  # this cell checks the solution itself', ["solution-only"]),
    ("code", "x = 3  # SOLUTION NO PROMPT\n# BEGIN SOLUTION NO PROMPT\ny = 4\n# END SOLUTION\n"
             "print(dict(\n    size=3,  # SOLUTION\n    colour='blue'))"),
]
EXERCISE_SOURCES = [
    "# Exercises 00 (generator test)",
    "from helpers import check, get_source, load_sources, written",
    '# YOUR CODE HERE\nfirst = ...\ncheck("00.1", first)',
    'n = ...\ncheck("00.2", n)',
    'def latest_first(table):\n    # YOUR CODE HERE\n    ...\n\n\ncheck("00.3", latest_first(load_sources()[["id", '
    '"published"]]))',
    'quote = ...\ncheck("00.4", quote)',
    '# YOUR ANSWER HERE, between the triple quotes\nwhy = """\nWrite your answer here.\n"""\nwritten("00.5", why)',
    "**00.6** What do the reader comments tell you?\n\n*Write your answer here.*",
    "print(dict(\n    size=...,\n    colour='blue'))",
]


def solution_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    for n, (kind, source, *tags) in enumerate(SOLUTION_CELLS):
        cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
        cell["id"] = f"c{n:02d}"
        if tags:
            cell.metadata["tags"] = tags[0]
        if kind == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="old output")]
            cell.execution_count = n
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    nbformat.write(solution_notebook(), solutions / "00_demo.ipynb")
    return solutions, exercises


def test_markers_become_blanks_that_still_run(folders):
    solutions, exercises = folders
    assert gen.main(["--solutions", str(solutions), "--exercises", str(exercises)]) == 0
    nb = nbformat.read(exercises / "00_demo.ipynb", as_version=4)
    assert [c.source for c in nb.cells] == EXERCISE_SOURCES
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert nb.cells[7].metadata == {"tags": ["written-answer"], "redlines": {"exercise": "00.6"}}
    assert nb.metadata["redlines"] == {"lesson": "00", "exercises": ["00.1", "00.2", "00.3", "00.4", "00.5", "00.6"],
                                       "written": ["00.5", "00.6"]}
    assert [c["id"] for c in nb.cells][:3] == ["c00", "c01", "c02"]  # stable ids: no churn in diffs
    solution = nbformat.read(solutions / "00_demo.ipynb", as_version=4)
    assert solution.cells[2].source == SOLUTION_CELLS[2][1]  # the solution is left as it was


def test_check_mode_finds_stale_missing_and_extra_exercises(folders):
    solutions, exercises = folders
    args = ["--solutions", str(solutions), "--exercises", str(exercises)]
    assert gen.main([*args, "--check"]) == 1  # missing
    assert not exercises.exists()  # --check changes nothing
    assert gen.main(args) == 0
    assert gen.main([*args, "--check"]) == 0
    first = (exercises / "00_demo.ipynb").read_text(encoding="utf-8")
    assert gen.main(args) == 0 and (exercises / "00_demo.ipynb").read_text(encoding="utf-8") == first  # stable
    (exercises / "00_demo.ipynb").write_text(first.replace("first = ...", "first = 'topcor'"), encoding="utf-8")
    assert gen.main([*args, "--check"]) == 1
    assert gen.main(args) == 0
    (exercises / "07_orphan.ipynb").write_text(first, encoding="utf-8")
    assert gen.main([*args, "--check"]) == 1


def test_check_mode_explains_what_to_do(folders, capsys):
    solutions, exercises = folders
    gen.main(["--solutions", str(solutions), "--exercises", str(exercises), "--check"])
    assert "is missing" in capsys.readouterr().err
    gen.main(["--solutions", str(solutions), "--exercises", str(exercises)])
    (exercises / "09_orphan.ipynb").write_text("{}", encoding="utf-8")
    gen.main(["--solutions", str(solutions), "--exercises", str(exercises), "--check"])
    assert "has no solution notebook" in capsys.readouterr().err


def test_no_solutions_folder_is_explained(tmp_path, capsys):
    assert gen.main(["--solutions", str(tmp_path / "solutions"), "--exercises", str(tmp_path), "--check"]) == 2
    assert "a student copy has none" in capsys.readouterr().err


@pytest.mark.parametrize("source, message", [
    ("# BEGIN SOLUTION\nx = 1", "has no '# END SOLUTION'"),
    ("x = 1\n# END SOLUTION", "has no '# BEGIN SOLUTION'"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION", "has no '# END SOLUTION'"),
    ("if True:\n    x = 1  # SOLUTION\n  y = 2", "not valid Python"),
    ("x = 1  # SOLUTION!", "still holds a solution marker"),
])
def test_marker_mistakes_are_reported_with_the_cell(tmp_path, capsys, source, message):
    nb = new_notebook()
    nb.cells = [new_markdown_cell("# t"), new_code_cell(source)]
    (tmp_path / "s").mkdir()
    nbformat.write(nb, tmp_path / "s" / "01_bad.ipynb")
    assert gen.main(["--solutions", str(tmp_path / "s"), "--exercises", str(tmp_path / "e")]) == 2
    err = capsys.readouterr().err
    assert "01_bad.ipynb, cell 2" in err and message in err
    assert not (tmp_path / "e").exists()


def test_markdown_marker_mistakes_are_reported():
    with pytest.raises(gen.MarkerError, match="no '<!-- END SOLUTION -->'"):
        gen.transform_markdown("<!-- BEGIN SOLUTION -->\nanswer")
    with pytest.raises(gen.MarkerError, match="no BEGIN"):
        gen.transform_markdown("answer\n<!-- END SOLUTION -->")


def test_one_line_blanks():
    assert gen._blank_line("x = 2") == "x = ..."
    assert gen._blank_line("    total: int = a + b") == "    total: int = ..."
    assert gen._blank_line("    return a + b") == "    return ..."
    assert gen._blank_line("count += 1") == "count += ..."
    assert gen._blank_line('    color="red",') == '    color=...,'
    assert gen._blank_line("print(x)") == "..."


def test_the_generated_pair_runs(folders):
    """The small solution passes every check; its exercise, untouched, runs and is 'not answered yet'."""
    solutions, exercises = folders
    gen.main(["--solutions", str(solutions), "--exercises", str(exercises)])
    assert_solution_passes(solutions / "00_demo.ipynb", exercises / "00_demo.ipynb")
    assert_exercise_blank(exercises / "00_demo.ipynb")


# --- the real notebooks -----------------------------------------------------------------------------

def assert_solution_passes(solution: Path, exercise: Path) -> None:
    sub = grade_notebook(solution, timeout=TIMEOUT)
    assert (sub.status, sub.problem) == ("ok", ""), f"{solution.name}: {sub.problem}"
    expected = nbformat.read(exercise, as_version=4).metadata["redlines"]["exercises"]
    assert expected, f"{exercise.name} calls no check() nor written()"
    markdown_answers = {}  # exercise id -> the solution's text between <!-- BEGIN/END SOLUTION NN.k -->
    for cell in nbformat.read(solution, as_version=4).cells:
        if cell.cell_type == "markdown":
            for m in re.finditer(r"<!--\s*BEGIN SOLUTION\s+(\S+)\s*-->(.*?)<!--\s*END SOLUTION", cell.source, re.S):
                markdown_answers[m.group(1)] = m.group(2).strip()
    for eid in expected:
        if eid in sub.results:
            assert sub.results[eid]["status"] in {"correct", "recorded"}, (eid, sub.results[eid])
        else:
            assert markdown_answers.get(eid), f"{solution.name}: exercise {eid} has no answer in the solution"


def assert_exercise_blank(exercise: Path) -> None:
    sub = grade_notebook(exercise, timeout=TIMEOUT)
    assert (sub.status, sub.problem) == ("ok", ""), f"{exercise.name} does not run untouched: {sub.problem}"
    for eid in nbformat.read(exercise, as_version=4).metadata["redlines"]["exercises"]:
        status = sub.results[eid]["status"] if eid in sub.results else ("not_answered" if not sub.written.get(eid)
                                                                          else "answered")
        assert status == "not_answered", f"{exercise.name}: exercise {eid} is {status} before any work"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_solution_passes_every_check(solution):
    assert_solution_passes(solution, ROOT / "exercises" / solution.name)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_untouched_exercise_runs_and_nothing_is_answered(solution):
    assert_exercise_blank(ROOT / "exercises" / solution.name)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_notebook_and_registered_checks_agree(solution):
    meta = nbformat.read(ROOT / "exercises" / solution.name, as_version=4).metadata["redlines"]
    lesson = solution.name[:2]
    checked = set(meta["exercises"]) - set(meta["written"])
    ours = {i for i in registered() if i.startswith(f"{lesson}.")}
    assert checked <= ours, f"{solution.name} calls checks nobody registered: {sorted(checked - ours)}"
    assert ours <= checked, f"checks registered for lesson {lesson} but never called: {sorted(ours - checked)}"
    assert 4 <= len(meta["exercises"]) <= 10, "4 to 10 exercises per notebook (issue 4, and issue 10's tasks)"
    assert meta["written"], "issue 4 asks for at least one short written answer per notebook"


def test_one_definition_of_ids_placeholders_and_order():
    from helpers.checks import ids

    assert (gen.ID_PATTERN, gen.TEXT_PLACEHOLDER, gen.MD_PLACEHOLDER) == (
        ids.ID_PATTERN, ids.PLACEHOLDER_TEXT, ids.MD_PLACEHOLDER)
    assert gen.natural_key.__code__.co_filename == ids.natural_key.__code__.co_filename
    import ast

    tree = ast.parse((ROOT / "tools" / "make_exercises.py").read_text(encoding="utf-8"))
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and n.value != ast.get_docstring(tree, clean=False)]  # the code's texts, not its documentation
    assert not [t for t in texts if r"\d\d\." in t or "Write your answer here" in t]
