"""The registry and runner of the checks: ``register``, ``registered``, ``check`` and ``written``."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from helpers.checks.ids import ID_RE, PLACEHOLDER_TEXT, natural_key
from helpers.errors import CourseError

__all__: list[str] = []

STATUSES = ("correct", "not_answered", "not_yet", "recorded")
ICONS = {"correct": "✅", "not_answered": "⏳", "not_yet": "❌", "recorded": "📝"}
GENERIC_HINT = ("this answer could not be checked: is it the kind of value the exercise asks for "
                "(text, a number, a table)?")
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


def register(exercise_id: str, check: Callable | None = None, *, hint: str, secret: Iterable[str] = (),
             hints: dict[str, str] | None = None, points: float = 1.0) -> Callable:
    """Register ``check`` as the check of one exercise, and return it. See the package docstring for an example.

    ``hint``: shown when the answer is wrong; ``hints``: more hints the function can pick by name;
    ``secret``: strings (the answer, its parts) that no message may contain.
    Without ``check``, ``register(...)`` is a decorator. The lesson modules call it after the function
    (``register("01.2", _voi_body_length, hint=...)``) because the mutation tool skips decorated functions.
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

    return decorator if check is None else decorator(check)


def _load_lesson_checks() -> None:
    """Import every ``helpers/checks/lesson_NN.py`` once, so that their checks are registered."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from helpers.checks import __path__ as package_path

    for info in sorted(pkgutil.iter_modules(package_path), key=lambda i: i.name):
        if re.fullmatch(r"lesson_\d\d", info.name):
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


def is_blank(answer: Any, depth: int = 0) -> bool:
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
            return all(is_blank(v, depth + 1) for v in values)
    except Exception:  # noqa: BLE001 - an odd object is simply not blank
        return False
    return False


def check(exercise_id: str, answer: Any = ...) -> CheckResult:
    """Check the answer to one exercise: correct, not answered yet, or not yet with a hint. Never raises.

    >>> check("00.2", 25)
    ✅ 00.2: Correct.
    """
    exercise_id = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)[:20]
    result = evaluate(exercise_id, answer)
    _keep(result, answer=answer, given=answer)
    return result


def evaluate(exercise_id: str, answer: Any) -> CheckResult:
    """What :func:`check` says of an answer, without recording it (the grader calls this). Never raises."""
    exercise = registered().get(exercise_id)
    if exercise is None:
        extra = " (some checks could not be loaded: tell your instructor)" if _LOAD_ERRORS else ""
        result = CheckResult(exercise_id, "not_yet", f"there is no exercise {exercise_id!r}{extra}: copy the id "
                             "from the exercise's title, e.g. check('01.2', answer).")
    elif is_blank(answer):
        result = CheckResult(exercise_id, "not_answered")
    else:
        result = _run(exercise, answer)
    return result


def _keep(result: CheckResult, *, given: Any, **kwargs: Any) -> None:
    """Add a result to the student's record and, while a grader runs the notebook, hand the answer over."""
    from helpers.checks import handover
    from helpers.checks.record import record

    record.add(result, **kwargs)
    handover.hand_over(result.exercise_id, "written" if kwargs.get("kind") == "written" else "check", given)


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
    result, kept = evaluate_written(exercise_id, text, min_words)
    if result.status == "recorded":
        _keep(result, text=kept, kind="written", given=text)
    else:
        _keep(result, answer=text, kind="written", given=text)
    return result


def evaluate_written(exercise_id: str, text: Any, min_words: int = 1) -> tuple[CheckResult, str | None]:
    """What :func:`written` says of a text, and the text kept (None when nothing is recorded). Never raises."""
    try:
        if is_blank(text):
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
                return CheckResult(exercise_id, "recorded",
                                   f"Answer recorded ({n} word{'s' * (n != 1)}) for your instructor to read."), text
    except Exception:  # noqa: BLE001
        result = CheckResult(exercise_id, "not_yet", 'write your answer as text, between triple quotes: """ … """.')
    return result, None


