"""Make ``import helpers`` (and so every lesson's first cell) faster, without changing any behaviour.

altair imports jsonschema, and jsonschema imports ``rfc3987_syntax`` if it is installed (JupyterLab's
server needs it, so it is) only to offer an "iri" format check that altair never uses. Importing
``rfc3987_syntax`` compiles 38 grammars with lark: 1.5 to 3 seconds of every notebook's start.

Importing this module (``helpers/__init__.py`` does it first) calls ``defer_rfc3987_syntax()``: it puts a
stand-in under that name before altair is imported. The stand-in loads the real module the first time
anything of it is used (``is_valid_syntax`` or any other name), so a program that does validate IRIs gets
the real check, only later. Nothing happens if the module is already imported or not installed.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

DEFERRED = "rfc3987_syntax"


def _real(name: str, stand_in: types.ModuleType) -> types.ModuleType:
    """Replace the stand-in by the real module (importing it now) and return it."""
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    return importlib.import_module(name)


def defer_rfc3987_syntax(name: str = DEFERRED) -> bool:
    """Install the stand-in for ``name``; True if it was installed."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return False
    stand_in = types.ModuleType(name, f"Stand-in for {name}, loaded on first use (see helpers._startup).")

    def is_valid_syntax(*args, **kwargs):
        return _real(name, stand_in).is_valid_syntax(*args, **kwargs)

    def __getattr__(attr: str):  # PEP 562: any other name loads the real module
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(name, stand_in), attr)

    stand_in.is_valid_syntax = is_valid_syntax
    stand_in.__getattr__ = __getattr__
    sys.modules[name] = stand_in
    return True


defer_rfc3987_syntax()
