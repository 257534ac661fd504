"""``import helpers`` defers rfc3987_syntax (1.5-3 s of lark grammars), keeps its real module spec, and still
validates IRIs when asked."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
import types

import pytest

from helpers import _startup


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_helpers_does_not_compile_the_iri_grammars():
    out = run("""
        import sys
        import helpers, altair, jsonschema
        print("lark" in sys.modules, type(sys.modules["rfc3987_syntax"]).__name__)
    """)
    assert out == "False DeferredModule"


def test_find_spec_works_and_does_not_load():
    out = run("""
        import importlib.util, sys
        import helpers, altair
        spec = importlib.util.find_spec("rfc3987_syntax")
        module = sys.modules["rfc3987_syntax"]
        print(spec.name, spec.origin.endswith("__init__.py"), spec is module.__spec__,
              module.__file__ == spec.origin, bool(module.__path__), "lark" in sys.modules)
    """)
    assert out == "rfc3987_syntax True True True True False"


def test_iri_format_still_checked_with_the_real_module():
    out = run("""
        import sys
        import helpers, jsonschema
        checker = jsonschema.Draft7Validator.FORMAT_CHECKER
        print(checker.conforms("http://example.org/ü", "iri"), checker.conforms("not an iri", "iri"),
              "lark" in sys.modules, type(sys.modules["rfc3987_syntax"]).__name__)
    """)
    assert out == "True False True module"



@pytest.fixture
def fresh(monkeypatch):
    """A real, cheap module (colorsys), removed from sys.modules for the test and put back after."""
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    monkeypatch.setattr(_startup, "FORWARDED", ("rgb_to_hsv",))
    yield "colorsys"
    sys.modules.pop("colorsys", None)


def test_a_deferred_module_has_its_real_spec_and_loads_on_first_name(fresh):
    assert _startup.defer_rfc3987_syntax(fresh) is True
    module = sys.modules[fresh]
    assert type(module) is _startup.DeferredModule
    assert importlib.util.find_spec(fresh) is module.__spec__ and module.__spec__.name == fresh
    assert type(module) is _startup.DeferredModule  # find_spec did not load it
    assert module.hls_to_rgb(0, 1, 0) == (1, 1, 1)  # any other name runs the real code, into the same object
    assert type(module) is types.ModuleType and sys.modules[fresh] is module
    assert module.__doc__.startswith("Conversion")


def test_a_forwarded_name_loads_when_called_and_keeps_working(fresh):
    _startup.defer_rfc3987_syntax(fresh)
    module = sys.modules[fresh]
    forwarded = module.rgb_to_hsv  # what `from colorsys import rgb_to_hsv` takes, before loading
    assert type(module) is _startup.DeferredModule and forwarded.__name__ == "rgb_to_hsv"
    assert forwarded(1, 0, 0) == (0.0, 1.0, 1)
    assert type(module) is types.ModuleType and module.rgb_to_hsv is not forwarded  # the real function now
    assert forwarded(0, 0, 1) == module.rgb_to_hsv(0, 0, 1)  # the old reference still answers, loading no more


def test_dunder_names_do_not_load(fresh):
    _startup.defer_rfc3987_syntax(fresh)
    module = sys.modules[fresh]
    assert not hasattr(module, "__wrapped__")
    assert type(module) is _startup.DeferredModule


def test_a_failing_module_is_removed_as_a_failed_import_is(tmp_path, monkeypatch):
    (tmp_path / "breaks_on_load.py").write_text("raise RuntimeError('boom')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _startup.defer_rfc3987_syntax("breaks_on_load") is True
    with pytest.raises(RuntimeError, match="boom"):
        _ = sys.modules["breaks_on_load"].anything
    assert "breaks_on_load" not in sys.modules


def test_already_imported_or_missing_modules_are_left_alone():
    probe = types.ModuleType("probe_for_startup")
    sys.modules["probe_for_startup"] = probe
    try:
        assert _startup.defer_rfc3987_syntax("probe_for_startup") is False
        assert sys.modules["probe_for_startup"] is probe
    finally:
        del sys.modules["probe_for_startup"]
    assert _startup.defer_rfc3987_syntax("no_such_module") is False
    assert "no_such_module" not in sys.modules
