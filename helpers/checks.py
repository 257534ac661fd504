"""Exercise checks: one call per exercise says ✅ correct, ⏳ not answered yet, or ❌ not yet with a hint.

>>> check("00.1", "topcor")
✅ 00.1: Correct.
>>> check("00.1", ...)
⏳ 00.1: Not answered yet.
>>> written("00.5", "The AFP wire is the only one that ...")  # doctest: +SKIP
📝 00.5: Answer recorded (9 words) for your instructor to read.

A check never raises and never shows the answer: whatever it is given (None, NaN, a table with the wrong
columns, an exception), it returns a :class:`CheckResult` whose hint is fixed text written to teach.
Every result and written answer of the session is kept in :data:`record`; :func:`save_my_work` writes them
to ``my_work/`` so that a student can download them from Binder.

Adding the checks of lesson NN (for course authors)
---------------------------------------------------
Create ``helpers/checks_NN.py`` (e.g. ``checks_03.py``). It is imported the first time a check is used, so
nothing else needs editing::

    from .checks import check_citation, register

    @register("03.2", secret=["Jens Stoltenberg"],
              hint="look at the speaker column of extract_quotes('afp') and count each name once.",
              hints={"type": "give the name as text, between quotes."})
    def _most_quoted(answer):
        if not isinstance(answer, str):
            return "type"                      # a key of hints=: that hint is shown
        return answer.strip() == "Jens Stoltenberg"   # True: correct; False: the default hint

    @register("03.4", secret=["afp.10"], hint="find a quote whose speaker column names the person asked about.")
    def _cite(answer):
        return check_citation(answer, expected_speaker="Jens Stoltenberg", expected_source="afp")

A check function returns True (correct), False (not yet: the default ``hint``), the name of one of its
``hints`` (not yet: that hint), or a :class:`CheckResult` (e.g. from :func:`check_citation`). Any exception it
raises becomes "not yet" with a generic hint. ``secret`` lists the strings no message may ever contain:
registration refuses a hint that contains one, and ``tests/test_checks.py`` feeds every registered check
hostile input and asserts that no message reveals them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import math
import os
import pkgutil
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import CourseError

__all__ = [
    "CheckResult", "PLACEHOLDER_TEXT", "check", "check_citation", "record", "register", "registered",
    "save_my_work", "written",
]

STATUSES = ("correct", "not_answered", "not_yet", "recorded")
ICONS = {"correct": "✅", "not_answered": "⏳", "not_yet": "❌", "recorded": "📝"}
#: The grader sets this variable to a file; every check and written answer is then appended to it as JSON.
LOG_ENV_VAR = "REDLINES_CHECK_LOG"
#: What an exercise notebook holds where a written answer goes (tools/make_exercises.py writes it).
PLACEHOLDER_TEXT = "Write your answer here."
GENERIC_HINT = ("this answer could not be checked: is it the kind of value the exercise asks for "
                "(text, a number, a table)?")
ID_RE = re.compile(r"^\d\d\.\d+[a-z]?$")
MAX_TEXT = 50_000  # characters of a written answer kept (more is cut, with a note)


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; it shows as one line.

    ``status`` is "correct", "not_answered", "not_yet" or (written answers) "recorded".

    >>> CheckResult("00.1", "not_yet", "Sort the table first.")
    ❌ 00.1: Not yet — hint: Sort the table first.
    """

    exercise_id: str
    status: str
    message: str = ""

    def __str__(self) -> str:
        text = {"correct": "Correct.", "not_answered": "Not answered yet."}.get(self.status, "")
        if self.status == "not_yet":
            text = f"Not yet — hint: {self.message}"
        elif self.message:
            text = f"{text} {self.message}".strip()
        return f"{ICONS.get(self.status, '❌')} {self.exercise_id}: {text}"

    __repr__ = __str__

    def __bool__(self) -> bool:
        return self.status == "correct"


@dataclasses.dataclass(frozen=True)
class Exercise:
    """One registered check: its function, its fixed hints, and the strings it must never reveal."""

    id: str
    func: Callable[[Any], Any]
    hint: str
    hints: dict[str, str]
    secret: tuple[str, ...]
    points: float = 1.0


_REGISTRY: dict[str, Exercise] = {}
_LOAD_ERRORS: dict[str, str] = {}
_loaded = False


def register(exercise_id: str, *, hint: str, secret: Iterable[str] = (), hints: dict[str, str] | None = None,
             points: float = 1.0) -> Callable:
    """Register the check of one exercise (a decorator). See the module docstring for an example.

    ``hint``: shown when the answer is wrong; ``hints``: more hints the function can pick by name;
    ``secret``: strings (the answer, its parts) that no message may contain.
    """
    secrets = (secret,) if isinstance(secret, str) else tuple(secret)
    hints = dict(hints or {})
    if not isinstance(exercise_id, str) or not ID_RE.match(exercise_id):
        raise CourseError(f"Exercise ids look like '03.2' (lesson.number); got {exercise_id!r}.")
    for text in [hint, *hints.values()]:
        if not isinstance(text, str) or not text.strip() or "\n" in text:
            raise CourseError(f"Exercise {exercise_id}: every hint must be one non-empty line of text.")
        leaked = [s for s in secrets if s and s.casefold() in text.casefold()]
        if leaked:
            raise CourseError(f"Exercise {exercise_id}: the hint {text!r} reveals the answer {leaked[0]!r}.")

    def decorator(func: Callable) -> Callable:
        old = _REGISTRY.get(exercise_id)
        if old is not None and (old.func.__module__, old.func.__qualname__) != (func.__module__, func.__qualname__):
            raise CourseError(f"Exercise {exercise_id} is registered twice ({old.func.__module__} and "
                              f"{func.__module__}): give one of them another id.")
        _REGISTRY[exercise_id] = Exercise(exercise_id, func, hint, hints, secrets, float(points))
        return func

    return decorator


def _load_lesson_checks() -> None:
    """Import every ``helpers/checks_NN.py`` once, so that their checks are registered."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import __path__ as package_path

    for info in sorted(pkgutil.iter_modules(package_path), key=lambda i: i.name):
        if re.fullmatch(r"checks_\d\d", info.name):
            try:
                importlib.import_module(f"{__package__}.{info.name}")
            except Exception as err:  # noqa: BLE001 - one broken lesson must not break the others
                _LOAD_ERRORS[info.name] = f"{type(err).__name__}: {err}"


def registered() -> dict[str, Exercise]:
    """Every registered exercise, by id (the lesson modules included).

    >>> "00.1" in registered()
    True
    """
    _load_lesson_checks()
    return dict(sorted(_REGISTRY.items(), key=lambda kv: natural_key(kv[0])))


def natural_key(exercise_id: str) -> tuple:
    """Sort key that puts '01.2' before '01.10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(exercise_id)))


def _is_blank(answer: Any, depth: int = 0) -> bool:
    """True for ..., None, empty or placeholder text, empty tables, and containers holding only blanks."""
    try:
        if answer is None or answer is Ellipsis:
            return True
        if isinstance(answer, str):
            return answer.strip() in ("", PLACEHOLDER_TEXT)
        if isinstance(answer, pd.DataFrame | pd.Series):
            return answer.empty
        if type(answer).__module__ == "numpy" and hasattr(answer, "size"):
            return answer.size == 0
        if isinstance(answer, list | tuple | set | frozenset | dict) and depth < 2:
            values = list(answer.values()) if isinstance(answer, dict) else list(answer)
            return all(_is_blank(v, depth + 1) for v in values)
    except Exception:  # noqa: BLE001 - an odd object is simply not blank
        return False
    return False


def check(exercise_id: str, answer: Any = ...) -> CheckResult:
    """Check the answer to one exercise: correct, not answered yet, or not yet with a hint. Never raises.

    >>> check("00.2", 25)
    ✅ 00.2: Correct.
    """
    exercise_id = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)[:20]
    exercise = registered().get(exercise_id)
    if exercise is None:
        extra = " (some checks could not be loaded: tell your instructor)" if _LOAD_ERRORS else ""
        result = CheckResult(exercise_id, "not_yet", f"there is no exercise {exercise_id!r}{extra}: copy the id "
                             "from the exercise's title, e.g. check('01.2', answer).")
    elif _is_blank(answer):
        result = CheckResult(exercise_id, "not_answered")
    else:
        result = _run(exercise, answer)
    record.add(result, answer=answer)
    return result


def _run(exercise: Exercise, answer: Any) -> CheckResult:
    try:
        outcome = exercise.func(answer)
        if isinstance(outcome, CheckResult):
            if outcome.status not in STATUSES:
                return CheckResult(exercise.id, "not_yet", exercise.hint)
            return CheckResult(exercise.id, outcome.status, outcome.message)
        if isinstance(outcome, str):
            return CheckResult(exercise.id, "not_yet", exercise.hints.get(outcome, exercise.hint))
        if type(outcome).__module__ == "numpy" and getattr(outcome, "dtype", None) is not None \
                and outcome.dtype.kind == "b" and outcome.shape == ():
            outcome = bool(outcome)
        if outcome is True:
            return CheckResult(exercise.id, "correct")
        return CheckResult(exercise.id, "not_yet", exercise.hint)
    except Exception:  # noqa: BLE001 - a check never crashes, whatever the answer
        return CheckResult(exercise.id, "not_yet", f"{GENERIC_HINT} {exercise.hint[0].upper()}{exercise.hint[1:]}")


def written(exercise_id: str, text: Any = ..., min_words: int = 1) -> CheckResult:
    """Record a written answer for your instructor: "recorded" when there is text. Never raises.

    >>> written("00.5", "Three of the five articles reach us through Russian outlets.")
    📝 00.5: Answer recorded (10 words) for your instructor to read.
    """
    exercise_id = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)[:20]
    try:
        if _is_blank(text):
            result = CheckResult(exercise_id, "not_answered", "Write your answer between the triple quotes.")
        elif not isinstance(text, str):
            result = CheckResult(exercise_id, "not_yet", 'write your answer as text, between triple quotes: """ … """.')
        else:
            text = text.strip()
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT] + " [… the rest was cut: answers are kept up to 50,000 characters]"
            n = len(text.split())
            if n < min_words:
                result = CheckResult(exercise_id, "not_yet", f"write a little more: at least {int(min_words)} words.")
            else:
                result = CheckResult(exercise_id, "recorded",
                                     f"Answer recorded ({n} word{'s' * (n != 1)}) for your instructor to read.")
                record.add(result, text=text, kind="written")
                return result
    except Exception:  # noqa: BLE001
        result = CheckResult(exercise_id, "not_yet", 'write your answer as text, between triple quotes: """ … """.')
    record.add(result, answer=text, kind="written")
    return result


# --- evidence checks ------------------------------------------------------------------------------

CITATION_HINTS = {
    "shape": "cite a passage id (a source id, a dot and the passage's number, like afp.N), or copy the quoted "
             "words exactly, as text between quotes.",
    "table": "give one quote (one row of the table), not several.",
    "passage": "there is no passage with that id: ids are a source id, a dot and a number (like afp.N); "
               "passages('afp') lists them.",
    "short": "quote at least a few words, so that the passage can be found.",
    "almost": "the words are nearly there but not character for character: copy them from the text with code "
              "(the articles use no-break spaces and curly apostrophes ’).",
    "not_in_passage": "these words are in the sources, but not in the passage you cite.",
    "missing": "these words are not, word for word, in any source: find_passage(source_id, words) tells you "
               "where a phrase is.",
    "claimed_source": "the words are not in the source you name.",
    "source": "these words are in the sources, but not in the article this exercise asks about.",
    "topic": "this passage is not about what the exercise asks: look for the one that mentions it.",
    "speaker": "the text does not give these words to the person the exercise asks about: the sentence around "
               "a quote names who speaks.",
    "claimed_speaker": "the text does not give these words to the speaker you name.",
}
_PID_RE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\.(\d+)\s*$")
_KEYS = {"passage_id": "pid", "passage": "pid", "id": "pid", "quote": "quote", "text": "quote", "words": "quote",
         "speaker": "speaker", "source_id": "source", "source": "source"}


def _norm(text: str) -> str:
    """Lenient form of a text (for "almost verbatim"): spaces, quotes, accents and case unified."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'").replace("‘", "'")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[«»“”„\"]", '"', text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _fields(answer: Any) -> dict | str:
    """The parts of a citation answer: pid, quote, speaker, source (or the name of a hint)."""
    if isinstance(answer, pd.DataFrame):
        if len(answer) != 1:
            return "table"
        answer = answer.iloc[0]
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, str):
        m = _PID_RE.match(answer)
        return {"pid": answer.strip()} if m else {"quote": answer}
    if isinstance(answer, dict):
        out = {}
        for key, value in answer.items():
            name = _KEYS.get(str(key).strip().lower())
            if name and isinstance(value, str) and value.strip():
                out.setdefault(name, value if name == "quote" else value.strip())
        return out if ("pid" in out or "quote" in out) else "shape"
    return "shape"


def _speaker_names(name: str) -> set[str]:
    """A speaker's canonical name from actors.csv (given its name or any alias), casefolded."""
    from .data import load_actors

    key = _norm(name)
    for row in load_actors().to_dict("records"):
        names = [row["name"], *str(row.get("aliases", "")).split(";")]
        if key in {_norm(n) for n in names if n.strip()}:
            return {_norm(row["name"])}
    return {key}


def _speakers_at(source_id: str, pid: str, start: int | None, end: int | None) -> set[str]:
    """Speakers the text gives to a span of a source's body (or to a whole passage when start is None)."""
    from .corpus import get_source
    from .quotes import extract_quotes, reported_speech

    q = extract_quotes(source_id)
    if start is None:
        rows = q[q["passage_id"] == pid]
    else:
        rows = q[(q["start"] < end) & (q["end"] > start)]
        if rows.empty:  # words in the sentence of a quotation ("X a appelé ce problème « … »")
            body = get_source(source_id).body
            same = q[q["passage_id"] == pid]
            after = same[(same["start"] >= end) & (same["start"] - end < 80)]
            after = after.loc[[not re.search(r"[.?!]", body[end:a]) for a in after["start"]]]
            before = same[(same["end"] <= start) & (start - same["end"] < 80)]
            before = before.loc[[not re.search(r"[.?!]", body[b - 1:start]) for b in before["end"]]]
            rows = after.head(1) if len(after) else before.tail(1)
    found = {_norm(s) for s in rows["speaker"] if isinstance(s, str) and s}
    if not found or start is None:  # no attributed quotation: is it in a sentence of reported speech?
        rs = reported_speech(source_id)
        rs = rs[rs["passage_id"] == pid]
        if start is not None:
            words = _norm(get_source(source_id).body[start:end])
            # .loc, because rs[[]] would select no columns when the passage has no reported speech
            rs = rs.loc[[words in _norm(s) or _norm(s) in words for s in rs["sentence"]]]
        found |= {_norm(s) for s in rs["speaker"] if isinstance(s, str) and s}
    return found


def check_citation(answer: Any, expected_speaker: str | None = None, expected_source: str | Iterable[str] | None = None,
                   must_contain: str | Iterable[str] | None = None, *, min_words: int = 3,
                   exercise_id: str = "citation") -> CheckResult:
    """Check a cited quote or passage id verbatim against the sources, and who speaks. Never raises.

    ``answer``: a passage id ("afp.4"), the quoted words, a dict with ``passage_id``/``quote``/``speaker``,
    or one row of ``extract_quotes()``. ``expected_speaker``: a name or alias from actors.csv;
    ``expected_source``: a source id (or several); ``must_contain``: words the cited passage must contain.
    The hints never name what was expected.

    >>> check_citation("Nous ne serons pas détournés de cette question", expected_speaker="Blinken")
    ✅ citation: Correct.
    """
    from .corpus import get_source, list_sources

    def fail(key: str) -> CheckResult:
        return CheckResult(exercise_id, "not_yet", CITATION_HINTS[key])

    try:
        if _is_blank(answer):
            return CheckResult(exercise_id, "not_answered")
        parts = _fields(answer)
        if isinstance(parts, str):
            return fail(parts)
        pid, quote = parts.get("pid"), parts.get("quote")
        start = end = None
        if pid is not None:
            m = _PID_RE.match(pid)
            if not m or m.group(1) not in list_sources():
                return fail("passage")
            source_id, src = m.group(1), get_source(m.group(1))
            if not 1 <= int(m.group(2)) <= len(src.parts):
                return fail("passage")
            pid = f"{source_id}.{int(m.group(2))}"
        if quote is not None:
            quote = quote.strip().strip("«»“”\"").strip(" \u00a0\u202f")
            if len(quote.split()) < min_words:
                return fail("short")
            hits = [(sid, get_source(sid).body.find(quote)) for sid in list_sources()]
            hits = [(sid, pos) for sid, pos in hits if pos >= 0]
            if pid is not None:
                if quote not in src.passage(pid):
                    if _norm(quote) in _norm(src.passage(pid)):
                        return fail("almost")
                    return fail("not_in_passage" if hits else "missing")
                start = src.body.find(quote, max(src.body.find(src.passage(pid)), 0))
            elif hits:  # where several sources hold the words, prefer the one named, then the one expected
                wanted = {expected_source} if isinstance(expected_source, str) else set(expected_source or ())
                hits.sort(key=lambda h: (h[0] != parts.get("source"), h[0] not in wanted))
                source_id, start = hits[0]
                src = get_source(source_id)
                pid = src.passage_at(start)
            else:
                near = any(_norm(quote) in _norm(get_source(s).body) for s in list_sources())
                return fail("almost" if near else "missing")
            end = start + len(quote)
        if parts.get("source") and parts["source"] != source_id:
            return fail("claimed_source")
        if expected_source is not None:
            wanted = {expected_source} if isinstance(expected_source, str) else set(expected_source)
            if source_id not in wanted:
                return fail("source")
        if must_contain is not None:
            terms = [must_contain] if isinstance(must_contain, str) else list(must_contain)
            text = _norm(src.passage(pid))
            if not all(_norm(t) in text for t in terms):
                return fail("topic")
        if expected_speaker is not None or parts.get("speaker"):
            speakers = _speakers_at(source_id, pid, start, end)
            if expected_speaker is not None and not _speaker_names(expected_speaker) & speakers:
                return fail("speaker")
            if parts.get("speaker") and not _speaker_names(parts["speaker"]) & speakers:
                return fail("claimed_speaker")
        return CheckResult(exercise_id, "correct")
    except Exception:  # noqa: BLE001 - never crash on a student's answer
        return fail("shape")


# --- the session record and "save my work" --------------------------------------------------------

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
        """Keep a result (and, with the grader, append it to the file named by $REDLINES_CHECK_LOG).

        ``kind`` is "check" or "written"; ``text`` is a recorded written answer.
        """
        self.results[result.exercise_id] = result
        self.answers[result.exercise_id] = _jsonable(answer)
        if text is not None:
            self.written[result.exercise_id] = text
        else:
            self.written.pop(result.exercise_id, None)
        path = os.environ.get(LOG_ENV_VAR)
        if path:
            entry = {"exercise": result.exercise_id, "status": result.status, "message": result.message,
                     "kind": kind, "text": text}
            try:
                with open(path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            except OSError:
                pass

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


# --- example checks (lesson 00); the lessons' own checks live in helpers/checks_NN.py ---------------

@register("00.1", secret=["topcor"],
          hint="sort the table from load_sources() by its published column, then read the id in the first row.",
          hints={"type": "give the id as text, between quotes, like 'afp'.",
                 "unknown": "that is not one of the source ids: list_sources() shows them all."})
def _first_published(answer: Any) -> bool | str:
    from .corpus import list_sources, load_sources

    if not isinstance(answer, str):
        return "type"
    if answer.strip() not in list_sources():
        return "unknown"
    return answer.strip() == load_sources().sort_values("published").iloc[0]["id"]


@register("00.2", secret=["25"],
          hint="count the rows of get_source('afp').passages: len() of a table is its number of rows.",
          hints={"type": "give a whole number, without quotes (len() gives one)."})
def _afp_passages(answer: Any) -> bool | str:
    from .corpus import get_source

    if isinstance(answer, bool) or not isinstance(answer, int | float) and type(answer).__module__ != "numpy":
        return "type"
    return float(answer) == len(get_source("afp").parts)


@register("00.3", secret=["rt_cnn, rt_nrc, afp, voi, topcor"],
          hint="sort the rows by date with .sort_values(...): ascending=False puts the latest first.",
          hints={"type": "the answer should be a table (a DataFrame), like the one load_sources() gives.",
                 "columns": "keep only the two columns the exercise names, in that order: table[[...]] with a "
                            "list of column names.",
                 "rows": "keep every source: the table should have one row per source."})
def _sources_latest_first(answer: Any) -> bool | str:
    from .corpus import load_sources

    if not isinstance(answer, pd.DataFrame):
        return "type"
    if [str(c) for c in answer.columns] != ["id", "published"]:
        return "columns"
    expected = load_sources().sort_values("published", ascending=False, kind="stable")["id"].tolist()
    if sorted(map(str, answer["id"])) != sorted(expected):
        return "rows"
    return [str(i) for i in answer["id"]] == expected


@register("00.4", secret=["Nous ne serons pas détournés", "afp.4", "afp.6", "afp.8", "afp.23"],
          hint="extract_quotes('afp') lists the quotes with their speaker: copy one given to Antony Blinken.")
def _blinken_quote(answer: Any) -> CheckResult:
    return check_citation(answer, expected_speaker="Antony Blinken", expected_source="afp")
