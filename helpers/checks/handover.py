"""Answers handed from a notebook to the grader as data: typed JSON, never pickle.

While the grader runs a notebook it sets ``$REDLINES_HANDOVER`` to a file in the notebook's private folder;
every ``check()`` and ``written()`` then appends one line ``{"exercise", "kind", "answer"}`` where the answer is
encoded by :func:`encode`. The grader reads the lines back with :func:`decode` and checks each value itself,
with its own copy of the checks: a line says only what the answer was, never whether it was right.

Encoded: None, bools, whole and real numbers (NaN and infinities too), text, lists, tuples, sets, dicts,
numpy numbers and arrays (pandas' arrays too), dates, Timestamps, Timedeltas, pandas Index, Series and
DataFrame (pandas' own ``orient="table"`` JSON), Altair charts (their Vega-Lite spec). Subclasses are read
through their base type, so an object that overrides ``__eq__`` arrives as a plain value or not at all.
Anything else, or an answer above :data:`MAX_BYTES`, arrives as ``{"$unreadable": ...}``: the grader scores it
as not answered and says why.

>>> decode(encode({"ids": ("afp", "voi"), "n": 3}))
{'ids': ('afp', 'voi'), 'n': 3}
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
from typing import Any

__all__: list[str] = []

ENV_VAR = "REDLINES_HANDOVER"
MAX_BYTES = 2_000_000  # one encoded answer
MAX_DEPTH = 12
MAX_ITEMS = 100_000


class Unreadable(Exception):
    """An answer that cannot be handed over as data."""


def _enc(value: Any, depth: int, budget: list[int]) -> Any:
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        raise Unreadable("nested too deeply")
    budget[0] -= 1
    if budget[0] < 0:
        raise Unreadable("too large")
    if value is None or value is Ellipsis:
        return None if value is None else {"$ellipsis": True}
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value) if abs(int.__index__(value)) < 2**63 else {"$int": str(int.__index__(value))}
    if isinstance(value, np.integer):
        return int(value.item())
    if isinstance(value, float | np.floating):
        number = float.__float__(float(value)) if isinstance(value, np.floating) else float.__float__(value)
        return number if math.isfinite(number) else {"$float": repr(number)}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return {"$timestamp": None if pd.isna(value) else pd.Timestamp(value).isoformat()}
    if isinstance(value, dt.date):
        return {"$date": dt.date.isoformat(value)}
    if isinstance(value, pd.Timedelta | dt.timedelta | np.timedelta64):
        return {"$timedelta": None if pd.isna(value) else int(pd.Timedelta(value).value)}
    if isinstance(value, np.datetime64):
        return {"$timestamp": None if pd.isna(value) else pd.Timestamp(value).isoformat()}
    if isinstance(value, pd.DataFrame | pd.Series):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        if frame.size > MAX_ITEMS:
            raise Unreadable("too large")
        frame = pd.DataFrame(frame, copy=True)
        frame.columns = [str(c) for c in frame.columns]
        if len(set(frame.columns)) != len(frame.columns):
            raise Unreadable("a table whose columns have the same name")
        if isinstance(frame.index, pd.MultiIndex):
            raise Unreadable("a table with a several-level index")
        index_name = frame.index.name
        frame.index.name = None if index_name is None else str(index_name)
        text = pd.DataFrame.to_json(frame, orient="table", date_format="iso", date_unit="ns", default_handler=str)
        return {"$frame" if isinstance(value, pd.DataFrame) else "$series": text,
                "name": None if not isinstance(value, pd.Series) or value.name is None else str(value.name)}
    if isinstance(value, pd.Index):
        return {"$index": [_enc(v, depth + 1, budget) for v in value.tolist()],
                "name": None if value.name is None else str(value.name)}
    if isinstance(value, pd.api.extensions.ExtensionArray):
        value = np.asarray(value, dtype=object)
    if isinstance(value, np.ndarray):
        if value.size > MAX_ITEMS:
            raise Unreadable("too large")
        return {"$array": [_enc(v, depth + 1, budget) for v in value.tolist()]}
    if isinstance(value, dict):
        return {"$dict": [[_enc(k, depth + 1, budget), _enc(v, depth + 1, budget)] for k, v in dict.items(value)]}
    for kind, name in ((list, "$list"), (tuple, "$tuple"), (set, "$set"), (frozenset, "$set")):
        if isinstance(value, kind):
            items = list(kind.__iter__(value))
            return {name: [_enc(v, depth + 1, budget) for v in items]}
    module = type(value).__module__ or ""
    if module.startswith("altair") and hasattr(value, "to_dict"):
        spec = value.to_dict()
        return {"$altair": json.loads(json.dumps(spec, default=str))}
    raise Unreadable(f"a {type(value).__name__}")


def encode(value: Any) -> Any:
    """The JSON form of an answer (see the module docstring); ``{"$unreadable": why}`` if it has none."""
    try:
        data = _enc(value, 0, [MAX_ITEMS])
        if len(json.dumps(data, allow_nan=False)) > MAX_BYTES:
            raise Unreadable("too large")
        return data
    except Unreadable as err:
        return {"$unreadable": str(err)[:200]}
    except Exception as err:  # noqa: BLE001 - whatever an answer does, the notebook goes on
        return {"$unreadable": f"a {type(value).__name__} ({type(err).__name__})"[:200]}


def _dec(data: Any, depth: int) -> Any:
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH + 2:
        raise Unreadable("nested too deeply")
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        raise Unreadable("a bare list")
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise Unreadable("not an encoded answer")
    key = next(k for k in data if k.startswith("$"))
    body = data[key]
    if key == "$ellipsis":
        return ...
    if key == "$int":
        return int(str(body))
    if key == "$float":
        return float(str(body))
    if key in ("$list", "$tuple", "$set", "$array"):
        if not isinstance(body, list):
            raise Unreadable(key)
        items = [_dec(v, depth + 1) for v in body]
        if key == "$array":
            return np.array(items, dtype=object if any(isinstance(i, str | dict) for i in items) else None)
        return {"$list": list, "$tuple": tuple, "$set": set}[key](items)
    if key == "$dict":
        return {_freeze(_dec(k, depth + 1)): _dec(v, depth + 1) for k, v in body}
    if key == "$timestamp":
        return pd.NaT if body is None else pd.Timestamp(str(body))
    if key == "$date":
        return dt.date.fromisoformat(str(body))
    if key == "$timedelta":
        return pd.NaT if body is None else pd.Timedelta(int(body))
    if key == "$index":
        return pd.Index([_dec(v, depth + 1) for v in body], name=data.get("name"))
    if key in ("$frame", "$series"):
        frame = pd.read_json(io.StringIO(str(body)), orient="table")
        if key == "$series":
            series = frame.iloc[:, 0]
            series.name = data.get("name")
            return series
        return frame
    if key == "$altair":
        import altair as alt

        cls = alt.LayerChart if "layer" in body else alt.Chart
        return cls.from_dict(body, validate=False)
    if key == "$unreadable":
        raise Unreadable(str(body))
    raise Unreadable(f"unknown kind {key}")


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, set):
        return frozenset(value)
    return value


def decode(data: Any) -> Any:
    """The answer back from :func:`encode`'s form; raises :class:`Unreadable` (with why) if there is none."""
    try:
        return _dec(data, 0)
    except Unreadable:
        raise
    except Exception as err:  # noqa: BLE001 - the data comes from a student's kernel
        raise Unreadable(f"a value that could not be read back ({type(err).__name__})") from None


def hand_over(exercise_id: str, kind: str, answer: Any) -> None:
    """Append one answer to the grader's file, if a grader runs this notebook. Never raises."""
    path = os.environ.get(ENV_VAR)
    if not path:
        return
    try:
        line = json.dumps({"exercise": str(exercise_id)[:20], "kind": kind, "answer": encode(answer)},
                          ensure_ascii=False, allow_nan=False)
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    except Exception:  # noqa: BLE001 - a full disk must not stop the notebook
        pass
