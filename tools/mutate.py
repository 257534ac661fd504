"""Mutation testing of the helpers, one module at a time: ``make mutate`` (or ``make mutate MODULES=corpus``).

A mutant is a small change to the code (a flipped comparison, a deleted statement, a changed constant). A test suite
that passes on a mutant does not see that change. For each module named in ``tests/mutation.toml`` this script:

1. lays out a scratch copy of the course (``helpers/``, ``tests/``, ``seeds/``, ``exercises/``, ``solutions/``,
   ``pyproject.toml``) in
   ``build/mutate/<module>/``, with a ``[tool.mutmut]`` section that mutates that module only and runs the module's
   tests (mutmut then runs, for each mutant, only those tests that call the mutated function);
2. runs ``mutmut run`` there (one worker by default: the machine is shared);
3. prints the module's score, ``killed / (killed + survived)``, with every surviving mutant and its diff, once the
   mutants judged equivalent in ``tests/mutation_equivalents.toml`` are set aside. Mutants no test reaches count
   as survivors; timeouts count as killed.

Usage::

    python tools/mutate.py                      # every module of tests/mutation.toml
    python tools/mutate.py corpus timeline      # some of them
    python tools/mutate.py corpus --keep        # go on from the last run (mutmut re-tests only what changed)
    python tools/mutate.py corpus --survivors   # after adding tests: test again only the last run's survivors
    python tools/mutate.py corpus --report      # print the last run's results again, without running anything
    python tools/mutate.py grading --functions main reports Submission.note   # only these functions' mutants
    python tools/mutate.py corpus --jobs 2 --budget 900

The score and survivors of each run are also written to ``build/mutate/<module>/report.json``.
An equivalent mutant is recorded by its function and the changed line before and after (whitespace aside), not by
mutmut's number, which shifts whenever the function changes; one that no longer matches anything is reported as
stale so that the list stays short and true.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tests" / "mutation.toml"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.toml"
WORK = ROOT / "build" / "mutate"
COPIED = ("helpers", "tests", "seeds", "exercises", "solutions")  # the lesson checks' tests read the notebooks
KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # failing tests, pytest errors, timeouts (see mutmut.stats)
SURVIVED = {0, 5, 33}  # the tests passed, or no test reached the mutant

_DIFF_SCRIPT = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name, path=sys.argv[1]) for name in sys.argv[2:]}))
"""


def load_modules() -> dict[str, dict]:
    modules = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["modules"]
    for name, spec in modules.items():
        if not (ROOT / spec["source"]).is_file():
            raise SystemExit(f"{CONFIG.name}: module {name!r} names {spec['source']!r}, which does not exist.")
    return modules


def load_equivalents() -> list[dict]:
    if not EQUIVALENTS.is_file():
        return []
    entries = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("equivalent", [])
    for i, e in enumerate(entries, start=1):
        missing = {"module", "function", "before", "after", "why"} - set(e)
        if missing:
            raise SystemExit(f"{EQUIVALENTS.name}, entry {i}: give it {', '.join(sorted(missing))}.")
    return entries


def _squash(text: str) -> str:
    return " ".join(text.split())


def changed_lines(diff: str) -> tuple[str, str]:
    """The lines a mutant removes and adds, each run of whitespace made one space."""
    lines = diff.splitlines()
    before = [ln[1:] for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    after = [ln[1:] for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    return _squash("\n".join(before)), _squash("\n".join(after))


def function_of(mutant: str) -> str:
    """The function a mutant changes: ``helpers.data.corpus.x_cut__mutmut_12`` -> ``cut``,
    ``helpers.data.corpus.xǁSourceǁpassage__mutmut_3`` -> ``Source.passage``."""
    name = mutant.rsplit(".", 1)[-1]
    name = re.sub(r"__mutmut_\d+$", "", name)
    if name.startswith("xǁ"):
        return name[2:].replace("ǁ", ".")
    return name[2:] if name.startswith("x_") else name


def mutant_pattern(function: str) -> str:
    """The mutmut names of a function's mutants, as a pattern: ``cut`` -> ``*.x_cut__mutmut_*``,
    ``Source.passage`` -> ``*.xǁSourceǁpassage__mutmut_*`` (the inverse of :func:`function_of`)."""
    if "." in function:
        cls, meth = function.split(".", 1)
        return f"*.xǁ{cls}ǁ{meth}__mutmut_*"
    return f"*.x_{function}__mutmut_*"


def prepare(module: str, spec: dict, tests: list[str], keep: bool) -> Path:
    work = WORK / module
    if work.exists() and not keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for folder in COPIED:  # refresh the copies; mutmut keeps its own results in work/mutants
        if (work / folder).exists():
            shutil.rmtree(work / folder)
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    section = {
        "source_paths": ["helpers"],
        "only_mutate": [spec["source"]],
        "also_copy": [f for f in COPIED if f not in ("helpers", "tests")],
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:xdist"],
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in section.items()]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (work / "pyproject.toml").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    return work


def run_mutmut(work: Path, jobs: int, budget: float, names: list[str] | None = None) -> bool:
    """Run mutmut in ``work`` (on ``names`` only, if given); False if it was stopped at the time budget (its results
    so far are kept)."""
    mutmut = Path(sys.executable).with_name("mutmut")
    log = (work / "mutmut.log").open("w", encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MUTANT_UNDER_TEST", None)
    proc = subprocess.Popen([str(mutmut), "run", "--max-children", str(jobs), *(names or [])], cwd=work, stdout=log,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        proc.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGINT)  # mutmut saves what it has done and stops
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return False
    finally:
        log.close()
    if proc.returncode not in (0, None):
        tail = (work / "mutmut.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"mutmut stopped with exit code {proc.returncode} in {work}:\n{tail}")
    return True


def results(work: Path, spec: dict) -> dict[str, int | None]:
    meta = work / "mutants" / (spec["source"] + ".meta")
    if not meta.is_file():
        raise SystemExit(f"No results in {meta}: run `python tools/mutate.py {work.name}` first.")
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def diffs(work: Path, spec: dict, names: list[str]) -> dict[str, str]:
    if not names:
        return {}
    out = subprocess.run([sys.executable, "-c", _DIFF_SCRIPT, spec["source"], *names], cwd=work,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(module: str, spec: dict, work: Path, equivalents: list[dict], finished: bool) -> dict:
    codes = results(work, spec)
    killed = [n for n, c in codes.items() if c in KILLED]
    open_ = [n for n, c in codes.items() if c in SURVIVED]
    unchecked = [n for n, c in codes.items() if c not in KILLED and c not in SURVIVED]
    found = diffs(work, spec, sorted(open_))
    mine = [e for e in equivalents if e["module"] == module]
    used: set[int] = set()
    survivors, equivalent = [], []
    for name in sorted(open_, key=lambda n: (function_of(n), int(n.rsplit("_", 1)[-1]))):
        before, after = changed_lines(found[name])
        match = next((i for i, e in enumerate(mine) if e["function"] == function_of(name)
                      and _squash(e["before"]) == before and _squash(e["after"]) == after), None)
        entry = {"mutant": name, "function": function_of(name), "status": "no tests" if codes[name] in (5, 33)
                 else "survived", "before": before, "after": after}
        if match is None:
            survivors.append(entry)
        else:
            used.add(match)
            equivalent.append({**entry, "why": mine[match]["why"]})
    stale = [e for i, e in enumerate(mine) if i not in used] if finished else []
    scored = len(killed) + len(survivors)
    out = {"module": module, "source": spec["source"], "finished": finished, "mutants": len(codes),
           "killed": len(killed), "survived": len(survivors), "equivalent": len(equivalent),
           "not_checked": len(unchecked), "score": round(100 * len(killed) / scored, 1) if scored else None,
           "survivors": survivors, "equivalents": equivalent, "stale_equivalents": stale}
    (work / "report.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    return out


def show(out: dict) -> None:
    score = "n/a" if out["score"] is None else f"{out['score']}%"
    print(f"\n== {out['module']} ({out['source']}): {score}  killed {out['killed']}, survived {out['survived']}, "
          f"equivalent {out['equivalent']}, not checked {out['not_checked']}, of {out['mutants']} mutants"
          + ("" if out["finished"] else "  [stopped at the time budget: run again with --keep to finish]"))
    for s in out["survivors"]:
        print(f"  {s['status']:9} {s['mutant']}\n            - {s['before'][:150]}\n            + {s['after'][:150]}")
    for e in out["stale_equivalents"]:
        print(f"  stale equivalent (matches no mutant now; remove it from {EQUIVALENTS.name}): "
              f"{e['function']}: {e['before'][:80]!r} -> {e['after'][:80]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules of tests/mutation.toml (default: all)")
    parser.add_argument("--keep", action="store_true", help="go on from the last run instead of starting afresh")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the survivors of the last run (with the tests as they are now)")
    parser.add_argument("--report", action="store_true", help="only print the last run's results")
    parser.add_argument("--functions", nargs="+", metavar="NAME",
                        help="test only the mutants of these functions (Class.method for a method), keeping the "
                             "last run's other results: after a change to a few functions of a large module")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--budget", type=float, default=600, help="seconds per module before stopping (default 600)")
    args = parser.parse_args(argv)
    modules = load_modules()
    unknown = [m for m in args.modules if m not in modules]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}; {CONFIG.name} has {', '.join(modules)}")
    equivalents = load_equivalents()
    summary = []
    for module in args.modules or list(modules):
        spec = modules[module]
        tests = [t for t in spec["tests"] if t.startswith("-") or (ROOT / t.split("::")[0]).exists()
                 or spec["tests"][max(0, spec["tests"].index(t) - 1)] in ("-k", "-m")]  # pytest options pass
        for t in sorted(set(spec["tests"]) - set(tests)):
            print(f"{module}: {t} does not exist; left out")
        finished = True
        if not args.report:
            started = time.monotonic()
            print(f"{module}: mutating {spec['source']} against {' '.join(tests)} ...", flush=True)
            names = None
            if args.survivors:
                last = WORK / module / "report.json"
                if not last.is_file():
                    raise SystemExit(f"{module}: no earlier run to take survivors from; run without --survivors.")
                names = [s["mutant"] for s in json.loads(last.read_text(encoding="utf-8"))["survivors"]]
                if not names:
                    print(f"{module}: no survivors to test again")
            if args.functions:
                names = [mutant_pattern(f) for f in args.functions]
            work = prepare(module, spec, tests, args.keep or args.survivors or bool(args.functions))
            finished = run_mutmut(work, args.jobs, args.budget, names) if names != [] else True
            print(f"{module}: {time.monotonic() - started:.0f} s", flush=True)
        out = report(module, spec, WORK / module, equivalents, finished)
        show(out)
        summary.append(out)
    print("\nmodule      score   killed survived equivalent")
    for out in summary:
        score = "n/a" if out["score"] is None else f"{out['score']:5.1f}%"
        print(f"{out['module']:10} {score:>7} {out['killed']:8} {out['survived']:8} {out['equivalent']:10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
