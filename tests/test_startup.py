"""``import helpers`` defers rfc3987_syntax (1.5-3 s of lark grammars) and still validates IRIs when asked."""

from __future__ import annotations

import subprocess
import sys
import textwrap


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


def test_other_names_load_the_real_module_and_nothing_when_already_imported():
    out = run("""
        import sys
        import helpers
        import rfc3987_syntax
        print(callable(rfc3987_syntax.parse), sys.modules["rfc3987_syntax"] is not rfc3987_syntax)
    """)
    assert out == "True True"
    assert run("import rfc3987_syntax, helpers._startup as s; print(s.defer_rfc3987_syntax())") == "False"


def test_missing_module_is_left_alone():
    code = "import helpers._startup as s, sys; print(s.defer_rfc3987_syntax('no_such'), 'no_such' in sys.modules)"
    assert run(code) == "False False"
