"""One kind of error for ordinary mistakes, shown to students as one clear sentence."""

from __future__ import annotations


class CourseError(Exception):
    """An ordinary mistake (a missing file, a bad row, an unknown id) with the fix in its message.

    In Jupyter the student sees only the message, not a traceback from inside the helpers:
    IPython calls ``_render_traceback_`` when an exception defines it.

    >>> raise CourseError("No source 'x'. Use list_sources() to see the ids.")  # doctest: +SKIP
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m: {self}"]


class DataError(CourseError):
    """The seeds folder or one of its files cannot be used as it is."""


class SourceNotFound(CourseError, KeyError):
    """A source id that is not in sources.csv."""

    def __str__(self) -> str:  # KeyError would otherwise wrap the message in quotes
        return str(self.args[0]) if self.args else ""
