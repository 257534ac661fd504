"""``import helpers`` defers rfc3987_syntax (1.5-3 s of lark grammars) and still validates IRIs when asked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from types import ModuleType

from helpers import _startup


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_helpers_does_not_compile_the_iri_grammars():
    out = run("""
        import sys
        import helpers, altair, jsonschema
        print("lark" in sys.modules, type(sys.modules["rfc3987_syntax"]).__name__,
              sys.modules["rfc3987_syntax"].__doc__.startswith("Stand-in"))
    """)
    assert out == "False module True"


def test_iri_format_still_checked_with_the_real_module():
    out = run("""
        import sys
        import helpers, jsonschema
        checker = jsonschema.Draft7Validator.FORMAT_CHECKER
        print(checker.conforms("http://example.org/ü", "iri"), checker.conforms("not an iri", "iri"),
              "lark" in sys.modules, sys.modules["rfc3987_syntax"].__doc__ is None
              or not sys.modules["rfc3987_syntax"].__doc__.startswith("Stand-in"))
    """)
    assert out == "True False True True"


def test_other_names_load_the_real_module():
    stand_in = ModuleType("stand_in_probe")
    sys.modules["json_probe_for_startup"] = stand_in  # already imported: left alone
    try:
        assert _startup.defer_rfc3987_syntax("json_probe_for_startup") is False
        assert sys.modules["json_probe_for_startup"] is stand_in
    finally:
        del sys.modules["json_probe_for_startup"]
    # a stand-in for a real, cheap module: any name loads the real one in its place
    sys.modules.pop("colorsys", None)
    assert _startup.defer_rfc3987_syntax("colorsys") is True
    deferred = sys.modules["colorsys"]
    assert deferred.__doc__.startswith("Stand-in")
    assert deferred.rgb_to_hsv(1, 0, 0) == (0.0, 1.0, 1)
    assert sys.modules["colorsys"] is not deferred and sys.modules["colorsys"].__doc__.startswith("Conversion")


def test_missing_module_is_left_alone():
    assert _startup.defer_rfc3987_syntax("no_such_module") is False
    assert "no_such_module" not in sys.modules
