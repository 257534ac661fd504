"""Make ``import helpers`` (and so every lesson's first cell) faster, without changing any behaviour.

altair imports jsonschema, and jsonschema imports ``rfc3987_syntax`` if it is installed (JupyterLab's
server needs it, so it is) only to offer an "iri" format check that altair never uses. Importing
``rfc3987_syntax`` compiles 38 grammars with lark: 1.5 to 3 seconds of every notebook's start.

Importing this module (``helpers/__init__.py`` does it first) calls ``defer_rfc3987_syntax()``, which makes that
module load on first use, the way the standard library's :class:`importlib.util.LazyLoader` does: the module
object is made from its real spec (``importlib.util.module_from_spec``), so ``__spec__``, ``__file__`` and
``__path__`` are what an import gives and ``importlib.util.find_spec`` works, and the module's code runs into that
same object the first time one of its names is read. ``LazyLoader`` itself cannot be used here: jsonschema runs
``from rfc3987_syntax import is_valid_syntax`` while it is imported, and ``LazyLoader`` loads on any name read.
So that one name is a small function that loads the module when it is first called. Nothing happens if the
module is already imported or not installed.
"""

from __future__ import annotations

import importlib.util
import sys
import types

DEFERRED = "rfc3987_syntax"
#: Names read while importing jsonschema; each is a function that loads the module when it is called.
FORWARDED = ("is_valid_syntax",)


class DeferredModule(types.ModuleType):
    """A module whose code has not run yet: reading a name it does not have yet runs it, once."""

    def __getattr__(self, attr: str):  # called only for names the module does not have yet
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(load(self), attr)


def load(module: types.ModuleType) -> types.ModuleType:
    """Run a deferred module's code (once) and return it; a module already loaded is returned as it is."""
    if type(module) is DeferredModule:
        module.__class__ = types.ModuleType
        for name in FORWARDED:
            module.__dict__.pop(name, None)
        try:
            module.__spec__.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(module.__name__, None)  # as a failed import does: the next import tries again
            raise
    return module


def _forward(module: types.ModuleType, name: str):
    def forwarded(*args, **kwargs):
        return getattr(load(module), name)(*args, **kwargs)

    forwarded.__name__ = forwarded.__qualname__ = name
    forwarded.__doc__ = f"Loads {module.__name__} the first time it is called, then calls its {name}()."
    return forwarded


def defer_rfc3987_syntax(name: str = DEFERRED) -> bool:
    """Make ``name`` load on first use; True if it was deferred (installed and not imported yet)."""
    if name in sys.modules:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return False
    module = importlib.util.module_from_spec(spec)
    for forwarded in FORWARDED:
        setattr(module, forwarded, _forward(module, forwarded))
    module.__class__ = DeferredModule
    sys.modules[name] = module
    return True


defer_rfc3987_syntax()
