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
from typing import Any

import numpy as np
import pandas as pd

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
