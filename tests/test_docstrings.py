"""The examples in the helpers' docstrings run as written (students copy them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "helpers.data.corpus", "helpers.analysis.quotes", "helpers.data.paths", "helpers.data.csv_reader", "helpers.analysis.kwic", "helpers.data.curated",
    "helpers.analysis.timeline", "helpers.analysis.voices", "helpers.analysis.synthesis", "helpers.analysis.coverage", "helpers.analysis.framing",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} fail"
    if name in ("helpers.data.corpus", "helpers.analysis.quotes", "helpers.data.paths", "helpers.data.csv_reader"):
        assert result.attempted > 0
