"""The course's colours and shapes per side, defined once for every table, card, widget and chart.

Okabe–Ito colours, safe for colour-blind readers; colour is never the only cue, so each side also has a point
shape (charts) and its name is always written (tables, cards). This module imports nothing: the HTML displays use
it without loading altair.

>>> SIDE_COLORS["Russia"], SIDE_SHAPES["Russia"]
('#D55E00', 'square')
"""

from __future__ import annotations

__all__ = ["CELL_INK", "SIDE_COLORS", "SIDE_SHAPES"]

#: One colour per side (Okabe–Ito palette). Use these everywhere a side is coloured.
SIDE_COLORS: dict[str, str] = {"Russia": "#D55E00", "US/NATO": "#0072B2", "Ukraine": "#009E73", "other": "#7F7F7F"}
#: One point shape per side, so that a side can be told apart without colour.
SIDE_SHAPES: dict[str, str] = {"Russia": "square", "US/NATO": "circle", "Ukraine": "triangle-up", "other": "diamond"}

#: The ink of a mark written on a cell filled in the side's colour: at least 4.5:1 on that colour (WCAG AA).
CELL_INK: dict[str, str] = {"Russia": "black", "US/NATO": "white", "Ukraine": "black", "other": "black"}
