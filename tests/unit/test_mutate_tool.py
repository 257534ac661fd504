"""tools/mutate.py (``make mutate``): how it names mutants, reads their diffs, and that its two files agree."""

from __future__ import annotations

import fnmatch
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import mutate  # noqa: E402

# a student copy has no grader, which tests/mutation.toml names
pytestmark = pytest.mark.skipif(not (ROOT / "helpers" / "grading").is_dir(), reason="a student copy: no grader")


@pytest.mark.parametrize("name, function", [
    ("helpers.data.corpus.x_cut__mutmut_12", "cut"),
    ("helpers.data.corpus.x__private__mutmut_3", "_private"),
    ("helpers.data.corpus.xǁSourceǁpassage__mutmut_3", "Source.passage"),
])
def test_function_of_and_mutant_pattern_are_inverses(name, function):
    assert mutate.function_of(name) == function
    assert fnmatch.fnmatch(name, mutate.mutant_pattern(function))


def test_a_pattern_does_not_take_a_function_whose_name_only_begins_the_same():
    assert not fnmatch.fnmatch("helpers.grading.x_main_loop__mutmut_1", mutate.mutant_pattern("main"))
    assert not fnmatch.fnmatch("helpers.x_Source__mutmut_1", mutate.mutant_pattern("Source.passage"))


def test_changed_lines_squash_whitespace_and_skip_the_file_names():
    diff = "--- a.py\n+++ b.py\n@@ -1 +1 @@\n-    if a  >  b:\n+    if a >= b:\n"
    assert mutate.changed_lines(diff) == ("if a > b:", "if a >= b:")


def test_every_module_and_equivalent_entry_is_well_formed():
    modules = mutate.load_modules()  # raises when a source is missing
    config = tomllib.loads((ROOT / "tests" / "mutation.toml").read_text(encoding="utf-8"))["modules"]
    for name, spec in config.items():
        for test in spec["tests"]:
            if not test.startswith("-") and "::" not in test and spec["tests"][spec["tests"].index(test) - 1] != "-k":
                assert (ROOT / test).exists(), f"{name}: {test} does not exist"
    entries = mutate.load_equivalents()  # raises when a key is missing
    assert entries
    seen = set()
    for e in entries:
        assert e["module"] in modules, e
        assert e["before"] != e["after"] and len(e["why"]) > 20, e
        key = (e["module"], e["function"], mutate._squash(e["before"]), mutate._squash(e["after"]))
        assert key not in seen, f"listed twice: {key}"
        seen.add(key)
