"""The public surface of ``helpers``: the names the notebooks use, no more, each from the module the docstring maps
to its lesson; the layers import downwards only (data ← analysis ← views)."""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

import helpers
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")) + sorted(
    (ROOT / "exercises").glob("*.ipynb"))
LAYERS = ("data", "analysis", "views")


def imported_from_helpers(path: Path) -> set[str]:
    """Names a notebook imports with ``from helpers import ...``."""
    names = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module == "helpers" and node.level == 0:
                names |= {a.name for a in node.names}
    return names


USED = set().union(*(imported_from_helpers(p) for p in NOTEBOOKS))


def test_every_name_a_notebook_imports_is_public():
    assert USED - set(helpers.__all__) == set()


#: The errors every public function raises: a student meets them in a traceback and may catch them by name.
ERRORS = {"CourseError", "DataError", "SourceNotFound"}


def test_every_public_name_is_used_by_a_notebook():
    assert set(helpers.__all__) - USED - ERRORS == set(), "a public name no notebook uses belongs in its module only"


def test_public_names_are_listed_once_and_all_exist():
    assert len(helpers.__all__) == len(set(helpers.__all__))
    for name in helpers.__all__:
        assert hasattr(helpers, name), name


def test_no_star_import_and_no_author_name_in_the_package_namespace():
    source = (ROOT / "helpers" / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert not any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree))
    # names imported into helpers/__init__.py are exactly the public ones (plus the start-up module)
    imported = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert imported - {"_startup"} == set(helpers.__all__)


def test_the_package_docstring_maps_every_lesson_to_modules_that_exist():
    rows = re.findall(r"^(0\d) \w+\s+(.+)$", helpers.__doc__, re.M)
    assert [r[0] for r in rows] == [f"0{i}" for i in range(7)]
    for _lesson, modules in rows:
        for name in re.split(r",\s*", modules.strip()):
            importlib.import_module(f"helpers.{name}")


def _module_files():
    for layer in LAYERS:
        for path in sorted((ROOT / "helpers" / layer).glob("*.py")):
            yield layer, path


@pytest.mark.parametrize(("layer", "path"), list(_module_files()), ids=lambda v: getattr(v, "name", v))
def test_layers_import_downwards_only(layer, path):
    """At import time a module reads only from its own layer and those below (seeds → data → analysis → views)."""
    below = LAYERS[: LAYERS.index(layer) + 1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:  # module level only: a function may build a view of its result on demand
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers."):
            part = node.module.split(".")[1]
            if part in LAYERS:
                assert part in below, f"{path.name} imports {node.module} at import time"


@pytest.mark.parametrize(("layer", "path"), list(_module_files()) + [
    ("checks", p) for p in sorted((ROOT / "helpers" / "checks").glob("*.py"))], ids=lambda v: getattr(v, "name", v))
def test_no_private_name_is_imported_across_modules(layer, path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers"):
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")
                       and a.name != "_startup"]
            assert not private, f"{path.name} imports private {private} from {node.module}"


def test_quote_re_moved_with_its_module_and_is_public():
    from helpers.analysis.quotes import QUOTE_RE

    assert helpers.QUOTE_RE is QUOTE_RE
