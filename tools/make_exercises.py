"""Generate exercises/NN_*.ipynb from solutions/NN_*.ipynb: the solution is written once, with markers.

Markers (otter-grader's syntax, so that authors who know otter feel at home):

- Code, a block::

      # BEGIN SOLUTION
      answer = sources.sort_values("published").iloc[0]["id"]
      # END SOLUTION

  becomes ``# YOUR CODE HERE`` and a blank. At the top level of a cell the blank keeps every name the block
  assigns and later code uses (``answer = ...``), so an untouched exercise notebook still runs; a name
  assigned text becomes ``answer = \"\"\"Write your answer here.\"\"\"`` (for ``written()``). Inside a
  function or loop the block becomes ``...``. ``# BEGIN SOLUTION NO PROMPT`` drops the block entirely.
- Code, one line: ``x = 2  # SOLUTION`` becomes ``x = ...``; ``return x  # SOLUTION`` becomes ``return ...``;
  any other line ending in ``# SOLUTION`` becomes ``...``; ``# SOLUTION NO PROMPT`` drops the line.
- Markdown: ``<!-- BEGIN SOLUTION -->`` … ``<!-- END SOLUTION -->`` becomes ``*Write your answer here.*``
  and the cell is tagged ``written-answer`` (``<!-- BEGIN SOLUTION 01.5 -->`` also names its exercise, for
  the grader).
- A cell tagged ``solution-only`` is left out of the exercise notebook.

Outputs, execution counts and widget state are cleared, and the notebook's metadata lists its exercises
(``redlines.exercises``, from the ``check("NN.k", ...)`` and ``written("NN.k", ...)`` calls, and
``redlines.written``, the written ones) for the grader.

    .venv/bin/python tools/make_exercises.py           # (re)write exercises/ (also: make exercises)
    .venv/bin/python tools/make_exercises.py --check   # exit 1 if exercises/ is not exactly what it would write
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PATTERN = "[0-9][0-9]_*.ipynb"


def _ids():
    """helpers/checks/ids.py, loaded by its path: the one definition of ids, placeholders and their order."""
    spec = importlib.util.spec_from_file_location("_redlines_ids", ROOT / "helpers" / "checks" / "ids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_IDS = _ids()
ID_PATTERN, natural_key = _IDS.ID_PATTERN, _IDS.natural_key
TEXT_PLACEHOLDER, MD_PLACEHOLDER = _IDS.PLACEHOLDER_TEXT, _IDS.MD_PLACEHOLDER

BEGIN = re.compile(r"^(?P<indent>[ \t]*)#\s*BEGIN SOLUTION(?P<noprompt>\s+NO PROMPT)?\s*$")
END = re.compile(r"^[ \t]*#\s*END SOLUTION\s*$")
LINE = re.compile(r"^(?P<code>.*?\S)\s*#\s*SOLUTION(?P<noprompt>\s+NO PROMPT)?\s*$")
MD_BEGIN = re.compile(rf"^\s*<!--\s*BEGIN SOLUTION(?:\s+(?P<id>{ID_PATTERN}))?\s*-->\s*$")
MD_END = re.compile(r"^\s*<!--\s*END SOLUTION\s*-->\s*$")
LEFTOVER = re.compile(r"#\s*(?:BEGIN |END )?SOLUTION\b|<!--\s*(?:BEGIN|END) SOLUTION")
CALL = re.compile(rf"""\b(check|written)\(\s*["']({ID_PATTERN})["']""")


class MarkerError(Exception):
    """A solution notebook whose markers cannot be turned into an exercise."""


def _bound_names(block: str) -> dict[str, bool]:
    """Names a top-level block assigns, in order, each with True when its (last) value is text."""
    names: dict[str, bool] = {}
    try:
        tree = ast.parse(textwrap.dedent(block))
    except SyntaxError:  # e.g. IPython magics: fall back to simple "name = " lines
        for m in re.finditer(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)", block, re.M):
            names[m.group(1)] = False
        return names
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets
                       for t in (target.elts if isinstance(target, ast.Tuple | ast.List) else [target])]
            value = node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        is_text = isinstance(value, ast.JoinedStr) or (isinstance(value, ast.Constant) and isinstance(value.value, str))
        for t in targets:
            if isinstance(t, ast.Name):
                names.pop(t.id, None)
                names[t.id] = is_text and len(targets) == 1
    return names


def _blank(block: list[str], indent: str, later: str) -> list[str]:
    """The lines that replace a solution block."""
    if indent == "":
        names = _bound_names("\n".join(block))
        used = {n: t for n, t in names.items() if re.search(rf"(?<![\w.]){re.escape(n)}\b", later)}
        if used:
            text_only = all(used.values())
            out = ["# YOUR ANSWER HERE, between the triple quotes" if text_only else "# YOUR CODE HERE"]
            for name, is_text in used.items():
                out += [f'{name} = """', TEXT_PLACEHOLDER, '"""'] if is_text else [f"{name} = ..."]
            return out
    return [f"{indent}# YOUR CODE HERE", f"{indent}..."]


def _blank_line(code: str) -> str:
    """``x = 2`` -> ``x = ...``; ``return x`` -> ``return ...``; anything else -> ``...``."""
    indent = code[: len(code) - len(code.lstrip())]
    stripped = code.strip()
    try:
        if stripped.endswith(","):
            raise SyntaxError("part of a longer statement")
        node = ast.parse(stripped).body[0]
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
            return indent + stripped[: node.value.col_offset].rstrip() + " ..."
        if isinstance(node, ast.Return):
            return indent + "return ..."
    except (SyntaxError, IndexError):  # part of a longer statement, e.g. a keyword argument "size=3,"
        m = re.match(r"^([A-Za-z_]\w*\s*=)(?!=).*?(,?)$", stripped)
        if m:
            return f"{indent}{m.group(1)}{' ' if m.group(1).endswith(' =') else ''}...{m.group(2)}"
    return indent + "..."


def _visible(lines: list[str]) -> str:
    """What remains of some lines once their solutions are removed (to see which names later code uses)."""
    out, inside = [], False
    for line in lines:
        if BEGIN.match(line):
            inside = True
        elif END.match(line):
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def transform_code(source: str, later: str = "", where: str = "") -> str:
    """Turn a solution code cell into its exercise form; ``later`` is the code of the cells after it."""
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = BEGIN.match(line)
        if m:
            j = next((k for k in range(i + 1, len(lines)) if END.match(lines[k]) or BEGIN.match(lines[k])), None)
            if j is None or BEGIN.match(lines[j]):
                raise MarkerError(f"{where}: '# BEGIN SOLUTION' on line {i + 1} has no '# END SOLUTION' after it.")
            if not m.group("noprompt"):
                out += _blank(lines[i + 1:j], m.group("indent"), _visible(lines[j + 1:]) + "\n" + later)
            i = j + 1
            continue
        if END.match(line):
            raise MarkerError(f"{where}: '# END SOLUTION' on line {i + 1} has no '# BEGIN SOLUTION' before it.")
        m = LINE.match(line)
        if m and not m.group("code").lstrip().startswith("#"):
            if not m.group("noprompt"):
                out.append(_blank_line(m.group("code")))
        else:
            out.append(line)
        i += 1
    return "\n".join(out)


def transform_markdown(source: str, where: str = "") -> tuple[str, list[str]]:
    """Turn a markdown cell's solution blocks into placeholders; returns the text and the exercise ids named."""
    out, ids, inside = [], [], False
    for n, line in enumerate(source.split("\n"), start=1):
        m = MD_BEGIN.match(line)
        if m:
            if inside:
                raise MarkerError(f"{where}: '<!-- BEGIN SOLUTION -->' on line {n} is inside another solution.")
            inside = True
            out.append(MD_PLACEHOLDER)
            if m.group("id"):
                ids.append(m.group("id"))
        elif MD_END.match(line):
            if not inside:
                raise MarkerError(f"{where}: '<!-- END SOLUTION -->' on line {n} has no BEGIN before it.")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkerError(f"{where}: '<!-- BEGIN SOLUTION -->' has no '<!-- END SOLUTION -->' after it.")
    return "\n".join(out), ids


def _compiles(source: str) -> str | None:
    """None when a code cell is valid Python (IPython magics and shell lines aside), else the error."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))
    try:
        ast.parse(code)
    except SyntaxError as err:
        return f"line {err.lineno}: {err.msg}"
    return None


def make_exercise(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The exercise notebook generated from a solution notebook (which is left unchanged)."""
    nb = copy.deepcopy(solution)
    nb.metadata.pop("widgets", None)
    numbered = [(n, c) for n, c in enumerate(nb.cells, start=1)
                if "solution-only" not in c.get("metadata", {}).get("tags", [])]
    nb.cells = [c for _, c in numbered]
    ids: list[str] = []
    written: list[str] = []
    later = ""
    for number, cell in reversed(numbered):  # last cell first: "later" is then the generated code
        where = f"{name}, cell {number}"
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.source = transform_code(cell.source, later, where)
            cell.outputs = []
            cell.execution_count = None
            error = _compiles(cell.source)
            if error:
                raise MarkerError(f"{where} is not valid Python once its solution is removed ({error}).")
            later = cell.source + "\n" + later
            for kind, eid in CALL.findall(cell.source):
                ids.append(eid)
                if kind == "written":
                    written.append(eid)
        elif cell.cell_type == "markdown":
            text, named = transform_markdown(cell.source, where)
            if text != cell.source:
                cell.source = text
                tags = cell.metadata.setdefault("tags", [])
                if "written-answer" not in tags:
                    tags.append("written-answer")
                if named:
                    cell.metadata["redlines"] = {"exercise": named[0]}
                ids += named
                written += named
        if LEFTOVER.search(cell.source):
            raise MarkerError(f"{where} still holds a solution marker: check its spelling and pairing.")
    nb.metadata["redlines"] = {"lesson": name[:2], "exercises": sorted(set(ids), key=natural_key),
                               "written": sorted(set(written), key=natural_key)}
    return nb


def _dump(nb: nbformat.NotebookNode) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def generate(solutions: Path, exercises: Path) -> dict[Path, str]:
    """Every exercise file's path and text, generated from the solutions folder."""
    out = {}
    for path in sorted(solutions.glob(PATTERN)):
        nb = nbformat.read(path, as_version=4)
        out[exercises / path.name] = _dump(make_exercise(nb, path.name))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if exercises/ is out of date")
    ap.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    ap.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    args = ap.parse_args(argv)
    if not args.solutions.is_dir():
        print(f"make_exercises: there is no folder {args.solutions}: the exercises are generated from the "
              "solutions (a student copy has none).", file=sys.stderr)
        return 2
    try:
        wanted = generate(args.solutions, args.exercises)
    except MarkerError as err:
        print(f"make_exercises: {err}", file=sys.stderr)
        return 2
    extra = sorted(set(args.exercises.glob(PATTERN)) - set(wanted))
    problems = [f"{p} has no solution notebook {args.solutions.name}/{p.name}: every exercise notebook is "
                "generated from its solution; remove it or add the solution." for p in extra]
    for path, text in wanted.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            what = "is missing" if current is None else "differs from what its solution generates"
            problems.append(f"{path} {what}: edit solutions/{path.name}, then run `make exercises`.")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not args.check:
        print(f"{len(wanted)} exercise notebook(s) up to date in {args.exercises}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
