"""The student's record: every check result and written answer of the session, and ``save_my_work``."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.checks.core import ICONS, CheckResult
from helpers.checks.ids import ID_RE, natural_key
from helpers.errors import CourseError

__all__: list[str] = []

def _jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe summary of any value (tables cut to 50 rows, text to 2,000 characters). Never raises."""
    try:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value if abs(value) < 2**53 else str(value)
        if value is Ellipsis:
            return None
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)
        if isinstance(value, str):
            return value if len(value) <= 2000 else value[:2000] + " [… cut]"
        if isinstance(value, dt.date):  # dates and pandas Timestamps (NaT included)
            text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
            return text.removesuffix(" 00:00:00")
        if isinstance(value, pd.DataFrame | pd.Series):
            frame = value.to_frame() if isinstance(value, pd.Series) else value
            head = frame.head(50)
            return {"type": type(value).__name__, "shape": list(frame.shape),
                    "columns": [str(c) for c in head.columns],
                    "rows": [[_jsonable(v, 3) for v in row] for row in head.astype(object).itertuples(index=False)]}
        if hasattr(value, "item") and type(value).__module__ == "numpy":
            return _jsonable(value.item(), depth)
        if isinstance(value, dict) and depth < 3:
            return {str(k): _jsonable(v, depth + 1) for k, v in list(value.items())[:50]}
        if isinstance(value, list | tuple | set | frozenset) and depth < 3:
            return [_jsonable(v, depth + 1) for v in list(value)[:50]]
        return {"type": type(value).__name__, "repr": repr(value)[:2000]}
    except Exception:  # noqa: BLE001
        return {"type": "unreadable"}


class SessionRecord:
    """Every check result and written answer of this session (the latest per exercise).

    >>> record.results["00.1"].status  # doctest: +SKIP
    'correct'
    """

    def __init__(self) -> None:
        self.results: dict[str, CheckResult] = {}
        self.answers: dict[str, Any] = {}
        self.written: dict[str, str] = {}

    def add(self, result: CheckResult, answer: Any = None, text: str | None = None, kind: str = "check") -> None:
        """Keep a result (the latest per exercise).

        ``kind`` is "check" or "written"; ``text`` is a recorded written answer.
        """
        self.results[result.exercise_id] = result
        self.answers[result.exercise_id] = _jsonable(answer)
        if text is not None:
            self.written[result.exercise_id] = text
        else:
            self.written.pop(result.exercise_id, None)

    def clear(self) -> None:
        """Forget everything recorded in this session."""
        self.results.clear()
        self.answers.clear()
        self.written.clear()

    def __repr__(self) -> str:
        if not self.results:
            return "No exercise checked yet."
        return "\n".join(str(r) for _, r in sorted(self.results.items(), key=lambda kv: natural_key(kv[0])))


#: The current session's results; ``save_my_work()`` writes them to a file.
record = SessionRecord()


def _stem(filename: str | None) -> str:
    if filename is None:
        session = os.environ.get("JPY_SESSION_NAME", "")
        name = Path(session).stem if session.endswith(".ipynb") else ""
        if not name:
            lessons = sorted({i[:2] for i in record.results if ID_RE.match(i)})
            name = f"lesson_{'_'.join(lessons)}" if lessons else "my_work"
    elif not isinstance(filename, str) or not filename.strip():
        raise CourseError("save_my_work(filename=...) takes a name as text, e.g. save_my_work(filename='01_sources').")
    else:
        name = Path(filename.strip()).stem
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "my_work"


def _markdown(data: dict) -> str:
    lines = [f"# My work: {data['notebook']}", "", f"Saved {data['saved_at']}.", "", "## Checks", ""]
    for eid, item in data["checks"].items():
        lines.append(f"- {ICONS.get(item['status'], '')} **{eid}**: {item['status'].replace('_', ' ')}")
    for eid, text in data["written"].items():
        lines += ["", f"## Written answer {eid}", "", text]
    for name, value in data["answers"].items():
        lines += ["", f"## {name}", ""]
        if isinstance(value, dict) and "rows" in value:
            cells = lambda row: "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |"  # noqa: E731
            lines += [cells(value["columns"]), cells(["---"] * len(value["columns"]))]
            lines += [cells(r) for r in value["rows"]]
        else:
            lines += ["```", json.dumps(value, ensure_ascii=False, indent=1), "```"]
    return "\n".join(lines) + "\n"


def save_my_work(answers: dict | None = None, filename: str | None = None) -> Path:
    """Write this session's checks and written answers (plus ``answers``) to ``my_work/`` next to the notebook.

    Writes ``NAME.json`` (for the instructor) and ``NAME.md`` (to read); returns the JSON file's path,
    relative to the notebook's folder. NAME is the notebook's name, or ``filename``.

    >>> save_my_work({"my_table": my_table})  # doctest: +SKIP
    """
    if answers is not None and not isinstance(answers, dict):
        raise CourseError("save_my_work() takes a dict of what to save, e.g. save_my_work({'dates': dates}), "
                          "or nothing at all.")
    stem = _stem(filename)
    folder = Path.cwd() / "my_work"
    data = {
        "notebook": stem,
        "saved_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "checks": {eid: {"status": r.status, "message": r.message, "answer": record.answers.get(eid)}
                   for eid, r in sorted(record.results.items(), key=lambda kv: natural_key(kv[0]))},
        "written": {eid: t for eid, t in sorted(record.written.items(), key=lambda kv: natural_key(kv[0]))},
        "answers": {str(k): _jsonable(v) for k, v in (answers or {}).items()},
    }
    try:
        folder.mkdir(exist_ok=True)
        (folder / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (folder / f"{stem}.md").write_text(_markdown(data), encoding="utf-8")
    except OSError as err:
        raise CourseError(f"Could not write to {folder} ({err.strerror}). Download the notebook itself instead: "
                          "File > Download.") from None
    n = len(data["checks"])
    print(f"Saved {n} answer{'s' * (n != 1)} in my_work/{stem}.md (to read) and my_work/{stem}.json "
          "(for your instructor).\nOn Binder, download them before you close the tab: in the file browser on the "
          "left, open the folder my_work, right-click each file and choose Download. Download this notebook "
          "too: File > Download.")
    return Path("my_work", f"{stem}.json")


