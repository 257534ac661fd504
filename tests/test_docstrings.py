"""The examples in the helpers' docstrings run as written (students copy them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "helpers.corpus", "helpers.quotes", "helpers.paths", "helpers.tables", "helpers.text", "helpers.data",
    "helpers.timeline", "helpers.voices", "helpers.synthesis", "helpers.coverage", "helpers.framing",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} fail"
    if name in ("helpers.corpus", "helpers.quotes", "helpers.paths", "helpers.tables"):
        assert result.attempted > 0
