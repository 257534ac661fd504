"""The answer readers every lesson's checks share: what students really give, read one way.

A list of values may come as a list, tuple, set, pandas Series or Index, or a one-dimensional numpy array
(``.values``, ``.unique()``); a number as an int, a float or a numpy number (never a bool).

>>> import numpy as np
>>> texts(np.array(["afp", "voi"]))
['afp', 'voi']
>>> number(np.int64(3)), number(True)
(3.0, None)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from helpers.data.curated import SIDES

__all__: list[str] = []


def as_list(answer: Any) -> list | None:
    """The values of a list-like answer as a list, else None (a text or a table is not a list of values)."""
    if isinstance(answer, pd.Series | pd.Index):
        return answer.tolist()
    if isinstance(answer, np.ndarray):
        return answer.tolist() if answer.ndim == 1 else None
    if isinstance(answer, pd.api.extensions.ExtensionArray):  # .values or .unique() of a text or date column
        return [None if v is pd.NA else v for v in answer]
    if isinstance(answer, list | tuple | set | frozenset):
        return list(answer)
    return None


def texts(answer: Any) -> list[str] | None:
    """A list-like answer of texts as a list of str, else None."""
    values = as_list(answer)
    if values is None or not all(isinstance(v, str) for v in values):
        return None
    return [str(v) for v in values]


def number(answer: Any) -> float | None:
    """A finite number (int, float or numpy number, not a bool) as a float, else None."""
    if isinstance(answer, bool | np.bool_):
        return None
    if isinstance(answer, int | float | np.integer | np.floating):
        value = float(answer)
        return value if np.isfinite(value) else None
    return None


def spaced(value: str) -> str:
    """A text with its spaces collapsed and trimmed; case kept (an upper-cased answer is another answer)."""
    return re.sub(r"\s+", " ", value).strip()


def has_repeats(values: list) -> bool:
    """True when a value is given twice (after trimming spaces)."""
    keys = [spaced(v) if isinstance(v, str) else v for v in values]
    try:
        return len(set(keys)) != len(keys)
    except TypeError:
        return False


SALT = "red-lines-open-doors:"


def normalised(text: str) -> str:
    """A text with accents, quotes, spaces and case unified (the form an answer's digest is taken of)."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'").replace("‘", "'")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[«»“”„\"]", '"', text)
    return re.sub(r"\s+", " ", text).strip().casefold()


class Digest(str):
    """An expected answer kept as a salted digest of its normalised form, so that the check's code does not show it.

    >>> Digest.of("Some Name").matches("  some  name ")
    True
    """

    @classmethod
    def of(cls, text: str) -> Digest:
        return cls(hashlib.sha256((SALT + normalised(text)).encode("utf-8")).hexdigest()[:32])

    def matches(self, text: Any) -> bool:
        return isinstance(text, str) and Digest.of(text) == self


def fields(answer: Any, names: dict[str, tuple[str, ...]]) -> dict[str, str] | None:
    """The named parts of an answer given as a dict, a Series or a one-row table, as stripped text; else None.

    ``names`` maps each part to the keys a student may use for it (case and spaces ignored); a part left out
    is missing from the result.

    >>> fields({"Position_ID": " a-1 ", "url": "https://x.org"}, {"position_id": ("position_id",),
    ...        "reference": ("reference", "url")})
    {'position_id': 'a-1', 'reference': 'https://x.org'}
    """
    if isinstance(answer, pd.DataFrame):
        if len(answer) != 1:
            return None
        answer = answer.iloc[0]
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return None
    keys = {str(k).strip().casefold().replace(" ", "_"): v for k, v in answer.items()}
    out = {}
    for part, aliases in names.items():
        for alias in aliases:
            value = keys.get(alias)
            if isinstance(value, str) and value.strip():
                out[part] = value.strip()
                break
    return out


# --- ids and the two sides (lessons 04-06) ------------------------------------------------------------------

_SIDE_KEYS = {s.casefold().replace(" ", ""): s for s in SIDES}


def as_ids(answer: Any, column: str) -> set[str] | str:
    """A collection of ids as a set of stripped, lower-case strings, or the name of a hint.

    Takes a list, tuple, set, Series, Index or numpy array of text, or a table with ``column`` (its column or its
    index): ``"type"`` for anything else (a plain string included), ``"columns"`` for a table without ``column``.

    >>> sorted(as_ids([" Enlargement", "sanctions"], "issue_id"))
    ['enlargement', 'sanctions']
    """
    if isinstance(answer, pd.DataFrame):
        if column in answer.columns:
            answer = answer[column]
        elif answer.index.name == column:
            answer = answer.index
        else:
            return "columns"
    values = as_list(answer)
    if values is None:
        return "type"
    if not values or not all(isinstance(v, str) for v in values):
        return "type"
    return {v.strip().strip("'\"").strip().casefold() for v in values}


def by_side(answer: Any) -> dict[str, Any] | str:
    """A dict (or Series) keyed by the two sides, as ``{"Russia": ..., "US/NATO": ...}``, or the name of a hint.

    Keys are matched without regard to case or spaces; ``"type"`` when it is no dict or Series, ``"keys"`` when
    its keys are not exactly the two sides.

    >>> by_side({"russia": 1, "US / NATO": 2})
    {'Russia': 1, 'US/NATO': 2}
    """
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return "type"
    out: dict[str, Any] = {}
    for key, value in answer.items():
        side = _SIDE_KEYS.get(key.casefold().replace(" ", "")) if isinstance(key, str) else None
        if side is None or side in out:
            return "keys"
        out[side] = value
    return out if len(out) == len(SIDES) else "keys"


def whole_number(value: Any) -> int | None:
    """``value`` as an int when it is a whole number (int, numpy integer, or a float such as 3.0), else None.

    >>> whole_number(3.0), whole_number(True), whole_number("3")
    (3, None, None)
    """
    if isinstance(value, bool | np.bool_):  # numpy 2 names its bool type "bool", not "bool_"
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def ids_per_side(answer: Any, known: Iterable[str]) -> dict[str, set[str]] | str:
    """``{side: set of ids}`` from a dict of two lists of ids, or the name of a hint ("type", "keys", "unknown").

    >>> ids_per_side({"Russia": ["sanctions"], "US/NATO": []}, ["sanctions"])
    {'Russia': {'sanctions'}, 'US/NATO': set()}
    """
    sides = by_side(answer)
    if isinstance(sides, str):
        return sides
    known = {k.casefold() for k in known}
    out = {}
    for side, value in sides.items():
        if isinstance(value, list | tuple | set | frozenset) and not value:
            out[side] = set()
            continue
        ids = as_ids(value, "issue_id")
        if isinstance(ids, str):
            return "type"
        if ids - known:
            return "unknown"
        out[side] = ids
    return out
