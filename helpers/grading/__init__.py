"""Grade a folder of submitted exercise notebooks: a CSV gradebook plus the written answers to read.

    python -m helpers.grading SUBMISSIONS_DIR --out OUT_DIR [--timeout 120] [--jobs 1] [--sandbox auto|none|bwrap]
                                                            [--resume] [--lesson NN]

The grader decides every score itself: each notebook runs in its own box (:mod:`helpers.grading.box`), where the
checks it calls only hand their answers over as JSON (:mod:`helpers.checks.handover`); the grader reads them back
and checks each with its own copy of the checks, loaded before any notebook ran. Nothing a notebook prints,
writes or changes in its kernel sets a score. Every file found gets a row.

``--sandbox auto`` (the default) runs each box under bubblewrap where it works here, else without a sandbox; the
first line printed names the sandbox chosen. Without one, a notebook runs as the instructor's user and could read
``solutions/``: the grader says so first, on stderr, with what to do, and refuses ``--jobs`` above 1, since a file
changed outside a box is found only when a box ends and could be charged to another notebook. Written into
OUT_DIR, after each submission (a rerun with ``--resume`` skips what is done):

- ``gradebook.csv``: one row per file: lesson, status, problem, one column per exercise (points earned; "to
  grade" or 0 for written answers; empty for another lesson's exercises), points, max_points of its lesson;
- ``checks.csv``: one row per submission and exercise: status, the message, the number of attempts (a tampered
  row's exercises: ``discarded``, its run counts for nothing);
- ``written_answers.md`` and ``written_answers.csv``: the written answers, exercise by exercise, to grade by hand;
  the CSV has one empty column per criterion of the rubric (:mod:`helpers.grading.rubric`) beside each answer;
- ``executed/``: each notebook as it ran (outputs capped); ``journal.jsonl``: what ``--resume`` reads.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import json
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from helpers.checks import handover
from helpers.checks.core import evaluate, evaluate_written, registered
from helpers.checks.ids import ID_RE, MD_PLACEHOLDER, natural_key
from helpers.grading.box import SANDBOXES, Limits, become_subreaper, bwrap_available, kill_all_boxes, run_in_box
from helpers.grading.rubric import COLUMNS as RUBRIC_COLUMNS
from helpers.grading.watch import Watch

__all__: list[str] = []  # instructors' tool: not star-exported to notebooks

ROOT = Path(__file__).resolve().parent.parent.parent
JOURNAL_ANSWERS = 5_000_000  # characters of hand-over kept per row in journal.jsonl
MAX_ATTEMPTS = 25  # more checks of one exercise than this: a search for the answer, scored 0
STATUS_SCORED = ("ok", "errors", "timeout", "kernel died", "failed")
DISCARDED = ("not scored: the run was discarded, because the notebook changed files outside its box (see the "
             "problem column of gradebook.csv)")


@dataclasses.dataclass
class Submission:
    """The outcome of grading one file."""

    name: str
    status: str = "ok"  # ok | errors | timeout | kernel died | failed | unreadable | not a notebook | tampered
    problem: str = ""
    lesson: str = ""
    expected: list[str] = dataclasses.field(default_factory=list)
    results: dict[str, dict] = dataclasses.field(default_factory=dict)  # exercise -> {status, message, attempts}
    written: dict[str, str] = dataclasses.field(default_factory=dict)  # exercise -> text ("" = no answer)
    written_ids: set[str] = dataclasses.field(default_factory=set)
    notebook: nbformat.NotebookNode | None = None
    sha256: str = ""
    answers: list[str] = dataclasses.field(default_factory=list)  # the hand-over, kept for --resume to re-check

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data.pop("notebook")
        data["written_ids"] = sorted(self.written_ids)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Submission:
        fields = {f.name for f in dataclasses.fields(cls)} - {"notebook"}
        sub = cls(**{k: v for k, v in data.items() if k in fields})
        sub.written_ids = set(sub.written_ids)
        return sub

    def note(self, text: str) -> None:
        self.problem = f"{self.problem}; {text}" if self.problem else text


def _errors(nb: nbformat.NotebookNode) -> str:
    from helpers.grading.runner import where

    errors = []
    for n, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"{where(nb, n)}: {out.get('ename', 'Error')}: {str(out.get('evalue', ''))[:200]}")
    if not errors:
        return ""
    return f"{len(errors)} cell{'s' * (len(errors) > 1)} raised an error; first: {errors[0]}"


def lessons() -> dict[str, list[str]]:
    """The exercises of each lesson, from the grader's registry."""
    out: dict[str, list[str]] = {}
    for eid in registered():
        out.setdefault(eid[:2], []).append(eid)
    return out


def _lesson(nb: nbformat.NotebookNode | None, filename: str) -> tuple[str, str]:
    """The lesson a notebook is an exercise of (metadata first, then the file name), and a problem if they differ."""
    meta = nb.metadata.get("redlines", {}) if nb is not None else {}
    meta = meta if isinstance(meta, dict) else {}
    from_meta = str(meta.get("lesson", ""))
    ids = meta.get("exercises")
    if not from_meta and isinstance(ids, list) and ids and all(isinstance(i, str) and ID_RE.match(i) for i in ids):
        from_meta = ids[0][:2]
    from_name = filename[:2] if filename[:2].isdigit() else ""
    if from_meta and from_name and from_meta != from_name:
        return from_meta, f"wrong exercise? the file is named {filename} but holds exercise {from_meta}"
    return from_meta or from_name, ""


def _markdown_answers(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Answers written in markdown cells tagged ``written-answer`` (keyed by exercise id, or by cell)."""
    out = {}
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown" and "written-answer" in cell.get("metadata", {}).get("tags", []):
            meta = cell.metadata.get("redlines", {})
            key = meta.get("exercise") if isinstance(meta, dict) and meta.get("exercise") else f"cell {n}"
            out[str(key)] = "" if MD_PLACEHOLDER in cell.source else cell.source.strip()
    return out


def score_handover(sub: Submission, lines: list[str], max_attempts: int = MAX_ATTEMPTS) -> None:
    """Check every answer handed over, with the grader's own checks; the last attempt of each exercise counts."""
    attempts: dict[str, list[dict]] = {}
    for line in lines[:100_000]:
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, or nested to crash the grader's parser
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("exercise"), str):
            continue
        if not ID_RE.match(entry["exercise"]) or entry.get("kind") not in ("check", "written"):
            continue
        attempts.setdefault(entry["exercise"], []).append(entry)
    known = registered()
    for eid, entries in attempts.items():
        last = entries[-1]
        try:
            answer = handover.decode(last.get("answer"))
            unreadable = ""
        except handover.Unreadable as err:
            answer, unreadable = ..., str(err)
        if last["kind"] == "written" and eid not in known:
            sub.written_ids.add(eid)
            result, text = evaluate_written(eid, answer)
            sub.written[eid] = text or ""
        elif unreadable:
            result = None
            sub.results[eid] = {"status": "not_answered", "attempts": len(entries),
                                "message": f"the answer could not be handed over to the grader ({unreadable})"}
            continue
        else:
            result = evaluate(eid, answer)
        entry = {"status": result.status, "message": result.message, "attempts": len(entries)}
        if len(entries) > max_attempts and result.status == "correct":
            entry = {"status": "not_yet", "attempts": len(entries),
                     "message": f"checked {len(entries)} times: a search for the answer? scored 0, look at it"}
        sub.results[eid] = entry
    foreign = sorted((e for e in attempts if e[:2] != sub.lesson and sub.lesson), key=natural_key)
    if foreign:
        sub.note(f"answers to another lesson's exercises, not counted: {', '.join(foreign[:5])}")


def grade_bytes(data: bytes, name: str, filename: str, limits: Limits, sandbox: str = "none",
                hidden: list[Path] | None = None, lesson: str | None = None) -> Submission:
    """Grade one notebook given as bytes (run in a box, then scored here)."""
    sub = Submission(name, sha256=hashlib.sha256(data).hexdigest())
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as err:  # noqa: BLE001 - not JSON, not a notebook
        sub.status, sub.problem = "unreadable", f"not a notebook that Jupyter can open ({type(err).__name__})"
        sub.lesson, _ = _lesson(None, filename)
        sub.expected = lessons().get(sub.lesson, [])
        return sub
    sub.lesson, problem = _lesson(nb, filename)
    if problem:
        sub.note(problem)
    if lesson and sub.lesson != lesson:  # not run: another lesson's answers are no answer to this assignment
        sub.status = "wrong exercise"
        sub.note(f"this is exercise {sub.lesson or '?'}, the assignment is {lesson}: not graded")
        return sub
    if sub.lesson not in lessons():
        sub.status = "unknown exercise"
        sub.note(f"no exercise {sub.lesson!r} in the course: the file name or the notebook should start with "
                 "the lesson's number, e.g. 01_sources.ipynb")
        return sub
    sub.expected = list(lessons()[sub.lesson])
    meta = nb.metadata.get("redlines", {})
    if isinstance(meta, dict) and isinstance(meta.get("written"), list):
        sub.written_ids.update(str(i) for i in meta["written"] if isinstance(i, str) and ID_RE.match(i))
    run = run_in_box(data, limits, sandbox=sandbox, hidden=hidden, box_id=sub.sha256[:12])
    sub.status = run.status
    if run.problem:
        sub.note(run.problem)
    executed = None
    if run.executed:
        try:
            executed = nbformat.reads(run.executed.decode("utf-8"), as_version=4)
        except Exception:  # noqa: BLE001 - the kernel may have spoilt it
            executed = None
    if executed is not None:
        errors = _errors(executed)
        if errors:
            sub.status = "errors" if sub.status == "ok" else sub.status
            sub.note(errors)
        sub.notebook = executed
    if run.cut:
        sub.note(f"output cut in {', '.join(run.cut[:3])}")
    if run.handover_cut:
        sub.note("the answers handed over were too large, or not a plain file: none was read")
    score_handover(sub, run.handover)
    sub.answers = run.handover if sum(len(line) for line in run.handover) <= JOURNAL_ANSWERS else []
    _markdown_into(sub, nb)
    sub.problem = sub.problem[:1000]
    return sub


def _discarded(entry: object) -> dict:
    attempts = entry.get("attempts", 0) if isinstance(entry, dict) else 0
    attempts = attempts if isinstance(attempts, int) and not isinstance(attempts, bool) else 0
    return {"status": "discarded", "message": DISCARDED, "attempts": attempts}


def discarded(results: dict) -> dict:
    """A tampered row's results: no verdict, only how many times the notebook called each check."""
    return {eid: _discarded(entry) for eid, entry in results.items() if isinstance(eid, str) and ID_RE.match(eid)}


def _markdown_into(sub: Submission, nb: nbformat.NotebookNode) -> None:
    for eid, text in _markdown_answers(nb).items():  # from the submitted file itself, not the run
        sub.written.setdefault(eid, text)
        sub.written_ids.add(eid)


def rescore(saved: Submission, data: bytes) -> Submission | None:
    """A row of the journal checked again: its answers through the grader's checks, its markdown from the file.

    The journal keeps what the notebook handed over, never a verdict that ``--resume`` would trust. None when
    the row cannot be rebuilt (its answers were too large to keep): the notebook is then graded again.
    """
    sub = Submission(saved.name, status=saved.status, problem=saved.problem, sha256=saved.sha256)
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # noqa: BLE001
        nb = None
    sub.lesson = _lesson(nb, saved.name.rsplit("/", 1)[-1])[0] if nb is not None else saved.lesson
    sub.expected = list(lessons().get(sub.lesson, []))
    if sub.status == "tampered":
        sub.results = discarded(saved.results)
    if nb is None or sub.status not in STATUS_SCORED:
        return sub if nb is None or sub.status == "tampered" else None
    if not saved.answers and saved.results:
        return None
    meta = nb.metadata.get("redlines", {})
    if isinstance(meta, dict) and isinstance(meta.get("written"), list):
        sub.written_ids.update(str(i) for i in meta["written"] if isinstance(i, str) and ID_RE.match(i))
    score_handover(sub, saved.answers)
    sub.answers = saved.answers
    _markdown_into(sub, nb)
    return sub


def grade_notebook(path: str | os.PathLike, timeout: float = 120, name: str | None = None,
                   sandbox: str = "none") -> Submission:
    """Grade one notebook file (see :func:`grade_folder` for a class)."""
    path = Path(path)
    become_subreaper()
    return grade_bytes(path.read_bytes(), name or path.stem, path.name, Limits(timeout=timeout), sandbox=sandbox)


# --- the reports --------------------------------------------------------------------------------------------

def _is_written(eid: str, subs: list[Submission]) -> bool:
    return eid not in registered() and any(eid in s.written_ids for s in subs)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")


def cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: one that would start a formula (``=HYPERLINK(…)`` in a written
    answer, a file name or a message) gets a leading apostrophe, as OWASP advises against CSV injection."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, f: io.StringIO) -> None:
        self._w = csv.writer(f, lineterminator="\n")

    def writerow(self, row: list) -> None:
        self._w.writerow([cell(v) for v in row])


def reports(subs: list[Submission]) -> dict[str, str]:
    """The text of gradebook.csv, checks.csv, written_answers.md and written_answers.csv."""
    known = registered()
    ids = sorted({i for s in subs for i in (*s.expected, *s.results, *s.written)
                  if i in known or i in s.written_ids}, key=natural_key)
    written_ids = [i for i in ids if _is_written(i, subs)]
    out: dict[str, str] = {}
    f = io.StringIO()
    w = _SafeWriter(f)
    w.writerow(["submission", "lesson", "status", "problem", *ids, "points", "max_points"])
    for s in subs:
        row, total, top = [], 0.0, 0.0
        scored = s.status in STATUS_SCORED
        for eid in ids:
            if eid[:2] != s.lesson and eid not in s.expected:
                row.append("")
            elif eid in written_ids:
                row.append("to grade" if s.written.get(eid) and scored else 0)
            else:
                pts = known[eid].points if eid in known else 1.0
                top += pts
                got = pts if scored and s.results.get(eid, {}).get("status") == "correct" else 0
                total += got
                row.append(f"{got:g}")
        w.writerow([s.name, s.lesson, s.status, s.problem, *row, f"{total:g}", f"{top:g}"])
    out["gradebook.csv"] = f.getvalue()
    f = io.StringIO()
    w = _SafeWriter(f)
    w.writerow(["submission", "exercise", "status", "message", "attempts"])
    for s in subs:
        for eid in ids:
            if eid[:2] != s.lesson and eid not in s.expected:
                continue
            entry = s.results.get(eid)
            if s.status == "tampered":  # whatever the notebook called or wrote, its run counts for nothing
                entry = _discarded(entry)
            if entry is None and eid in s.written:
                entry = {"status": "recorded" if s.written[eid] else "not_answered", "message": "markdown answer",
                         "attempts": 0}
            entry = entry or {"status": "not_run", "message": "the notebook never called this check", "attempts": 0}
            w.writerow([s.name, eid, entry.get("status", ""), entry.get("message", ""), entry.get("attempts", 0)])
    out["checks.csv"] = f.getvalue()
    lines = ["# Written answers", "", f"{len(subs)} submission(s). Each answer is as the student wrote it.", ""]
    f = io.StringIO()
    w = _SafeWriter(f)
    w.writerow(["exercise", "submission", "answer", *RUBRIC_COLUMNS])
    for eid in written_ids:
        lines += [f"## {eid}", ""]
        for s in subs:
            if s.lesson != eid[:2]:
                continue
            text = s.written.get(eid, "")
            w.writerow([eid, s.name, text, *[""] * len(RUBRIC_COLUMNS)])
            quoted = "\n".join(f"> {t}" if t else ">" for t in text.splitlines()) if text else "*(no answer)*"
            lines += [f"### {' '.join(s.name.split())}", "", quoted, ""]
    out["written_answers.md"] = "\n".join(lines)
    out["written_answers.csv"] = f.getvalue()
    return out


def write_reports(subs: list[Submission], out: Path, watch: Watch | None = None) -> dict[str, Path]:
    """Write the reports (and the executed notebooks) into ``out``, each file replaced whole."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in reports(subs).items():
        paths[name] = _write(out / name, text.encode("utf-8"), watch)
    for s in subs:
        if s.notebook is not None:
            _write(out / "executed" / f"{s.name}.ipynb", nbformat.writes(s.notebook).encode("utf-8"), watch)
            s.notebook = None  # written: no need to keep it
    return {"gradebook": paths["gradebook.csv"], "checks": paths["checks.csv"],
            "written_md": paths["written_answers.md"], "written_csv": paths["written_answers.csv"]}


def _write(path: Path, data: bytes, watch: Watch | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    if watch is not None:
        watch.set(path, data)
    return path


# --- a folder ------------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Found:
    """One file found in the submissions folder."""

    path: Path
    name: str
    data: bytes | None = None
    problem: str = ""
    status: str = ""  # "" = to grade


def collect(folder: Path, out: Path) -> list[Found]:
    """Every file under ``folder`` (the output folder left out), with what is wrong with it, if anything."""
    found, seen = [], {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        if out == path or out in path.parents:
            continue
        rel = path.relative_to(folder).as_posix()
        lower = path.name.lower()
        stem = path.name[: -len(".ipynb.json")] if lower.endswith(".ipynb.json") else path.name.rsplit(".", 1)[0]
        name = str(Path(rel).parent / stem) if "/" in rel else stem
        item = Found(path, name)
        found.append(item)
        if ".ipynb_checkpoints" in path.parts or any(p.startswith(".") for p in Path(rel).parts):
            item.status, item.problem = "skipped", "a hidden file or a checkpoint copy Jupyter made: not graded"
            continue
        if path.is_symlink():
            item.status, item.problem = "unreadable", "a link, not a file: not followed"
            continue
        try:
            item.data = path.read_bytes() if path.stat().st_size <= 50_000_000 else None
        except OSError as err:
            item.status, item.problem = "unreadable", f"could not be read ({err.strerror})"
            continue
        if item.data is None:
            item.status, item.problem = "unreadable", "larger than 50 MB: not graded"
            continue
        if not path.name.endswith(".ipynb"):
            if lower.endswith((".ipynb", ".ipynb.json")) or item.data.lstrip()[:1] == b"{":
                item.problem = f"wrong extension ({path.name}): graded as a notebook; ask for .ipynb"
            else:
                item.status, item.problem = "not a notebook", f"{path.name} is not a notebook (.ipynb): not graded"
                continue
        digest = hashlib.sha256(item.data).hexdigest()
        if digest in seen:
            item.problem = f"{item.problem}; " * bool(item.problem) + f"the same file as {seen[digest]}"
        seen.setdefault(digest, name)
    names: dict[str, int] = {}
    for item in found:
        names[item.name] = names.get(item.name, 0) + 1
    for item in found:  # x.ipynb and x.IPYNB: two rows, two names
        if names[item.name] > 1:
            item.name = item.path.relative_to(folder).as_posix()
    return found


def _journal(out: Path) -> tuple[dict[str, Submission], dict[str, int]]:
    done, started = {}, {}
    path = out / "journal.jsonl"
    if not path.is_file():
        return done, started
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("done"), dict):
            sub = Submission.from_json(entry["done"])
            done[f"{sub.name}\0{sub.sha256}"] = sub
        elif isinstance(entry, dict) and isinstance(entry.get("started"), str):
            started[entry["started"]] = started.get(entry["started"], 0) + 1
    return done, started


def grade_folder(folder: str | os.PathLike, out: str | os.PathLike, timeout: float = 120, progress: bool = False,
                 jobs: int = 1, sandbox: str = "none", resume: bool = False, lesson: str | None = None,
                 limits: Limits | None = None) -> list[Submission]:
    """Grade every file under ``folder`` (sub-folders too) and write the reports into ``out`` as each finishes."""
    folder, out = Path(folder).resolve(), Path(out).resolve()
    limits = limits or Limits(timeout=timeout)
    registered()  # the grader's own copy of the checks, loaded before any notebook runs
    _warm_up()
    become_subreaper()
    out.mkdir(parents=True, exist_ok=True)
    found = collect(folder, out)
    done, started = _journal(out) if resume else ({}, {})
    if not resume:
        (out / "journal.jsonl").write_bytes(b"")
    watch = Watch()  # what the grader and the kernels read, the answers, the submissions, the gradebook
    for tree in ("helpers", "seeds"):
        watch.add_tree(ROOT / tree, strict=True, skip=(out,))
    watch.add_tree(ROOT / "solutions", skip=(out, folder))
    watch.add_tree(folder, strict=True, skip=(out,))
    hidden = [folder, out, ROOT / "solutions", ROOT / "tests"]
    journal_lock = rows_lock = threading.RLock()  # one lock: the watch never sees the grader's own writes half done
    rows: dict[int, Submission] = {}

    def log(entry: dict) -> None:
        with journal_lock:
            path = out / "journal.jsonl"
            old = path.read_bytes() if path.exists() else b""
            _write(path, old + (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"), watch)

    def finish(index: int, sub: Submission, kept: bool = False) -> Submission:
        with rows_lock:
            changed = watch.restore()
            if changed:
                sub.status, sub.results = "tampered", discarded(sub.results)
                sub.note(f"changed files outside its box, put back: {', '.join(changed[:5])}")
            rows[index] = sub
            log({"done": sub.to_json()})
            write_reports([rows[i] for i in sorted(rows)], out, watch)
        if progress:
            print(f"{'kept' if kept else 'graded'} {sub.name}: {sub.status}" + (f" ({sub.problem})" if sub.problem
                                                                                else ""), flush=True)
        return sub

    def one(index: int, item: Found) -> Submission:
        if item.status:
            return finish(index, Submission(item.name, status=item.status, problem=item.problem,
                                            lesson=_lesson(None, item.path.name)[0]))
        key = f"{item.name}\0{hashlib.sha256(item.data).hexdigest()}"
        again = rescore(done[key], item.data) if key in done else None
        if again is not None:
            if item.problem and item.problem not in again.problem:
                again.note(item.problem)
            return finish(index, again, kept=True)
        if started.get(key, 0) >= 2:
            sub = Submission(item.name, status="failed", lesson=_lesson(None, item.path.name)[0])
            sub.note("grading stopped twice while this notebook ran (did it stop the grader?): grade it by hand, "
                     "or with --sandbox bwrap")
            return finish(index, sub)
        log({"started": key})
        try:
            sub = grade_bytes(item.data, item.name, item.path.name, limits, sandbox=sandbox, hidden=hidden,
                              lesson=lesson)
        except Exception as err:  # noqa: BLE001 - one file never stops the class
            sub = Submission(item.name, status="failed", problem=f"the grader failed: {type(err).__name__}: {err}")
        if item.problem:
            sub.note(item.problem)
        return finish(index, sub)

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    try:  # stopped (Ctrl+C, kill, a closed terminal): the boxes die with the grader, the rows done stay
        old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    except ValueError:  # not the main thread: leave the signals alone
        old = {}
    try:
        if jobs > 1:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(lambda pair: one(*pair), enumerate(found)))
        else:
            for index, item in enumerate(found):
                one(index, item)
    finally:
        kill_all_boxes()
        for sig, handler in old.items():
            signal.signal(sig, handler)
    subs = [rows[i] for i in sorted(rows)]
    if not subs:
        write_reports([], out, watch)
    return subs


def _warm_up() -> None:
    """Load the course's data and modules now, before any notebook runs, so that later reads cannot be changed."""
    import importlib
    import pkgutil

    import helpers

    for info in pkgutil.iter_modules(helpers.__path__):
        if not info.name.startswith("_"):
            try:
                importlib.import_module(f"helpers.{info.name}")
            except Exception:  # noqa: BLE001 - a module the checks do not need
                pass
    try:
        from helpers.analysis.quotes import extract_quotes
        from helpers.data.corpus import get_source, list_sources

        for sid in list_sources():
            get_source(sid)
        extract_quotes()
    except Exception:  # noqa: BLE001
        pass


def no_sandbox_warning(asked: bool) -> str:
    """What a notebook can do without a sandbox, and how to grade safely ("" when ``--sandbox none`` was asked
    for and no ``solutions/`` is beside the course's helpers, as in a student copy)."""
    solutions = ROOT / "solutions"
    readable = solutions.is_dir()
    if asked and not readable:
        return ""
    head = ("Warning: --sandbox none: each notebook runs as you" if asked else
            "Warning: no sandbox: bubblewrap is not installed or not allowed here, so each notebook runs as you")
    reads = (f"read the answers in {solutions}/ and hand them over as its own (full marks, nothing flagged), "
             "read any other file you can" if readable else "read any file you can")
    fix = ("use --sandbox bwrap (Debian/Ubuntu: apt-get install bubblewrap)" if asked else
           "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; --sandbox auto then uses it)")
    also = ("or at least grade from a copy of the course without solutions/: make student-copy DEST=…, copy "
            "helpers/grading/ into it and run the grader there" if readable else
            "or grade as a user that can do no harm")
    return (f"{head}, with your rights. It can {reads}, change files the grader does not watch (so that a later "
            f"notebook scores 0), reach the network and stop the grader. To grade safely, {fix}, {also}. "
            'See "What the grader guarantees" in INSTRUCTORS.md.')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m helpers.grading", description=__doc__.splitlines()[0])
    ap.add_argument("submissions", type=Path, help="folder of submitted .ipynb files (sub-folders are searched)")
    ap.add_argument("--out", type=Path, required=True, help="folder for gradebook.csv and the written answers")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed per notebook (default 120)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="notebooks graded at the same time (default 1; above 1 only with bubblewrap)")
    ap.add_argument("--sandbox", choices=("auto", *SANDBOXES), default="auto",
                    help="bwrap: run each notebook under bubblewrap (see INSTRUCTORS.md); none: without, with a "
                         "warning; default auto: bwrap where it works here, else none")
    ap.add_argument("--resume", action="store_true", help="keep the rows already in OUT and grade the rest")
    ap.add_argument("--lesson", help="the lesson assigned, e.g. 01: another lesson's notebook is flagged")
    ap.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory per notebook process (MB)")
    ap.add_argument("--disk-mb", type=int, default=Limits.disk_mb, help="disk per notebook, its box's files (MB)")
    args = ap.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"{args.submissions} is not a folder: give the folder that holds the submitted notebooks.",
              file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("--timeout must be a number of seconds above 0, e.g. --timeout 120.", file=sys.stderr)
        return 2
    if args.lesson is not None and args.lesson not in lessons():
        print(f"--lesson {args.lesson}: no such lesson; the lessons with checks are {', '.join(lessons())}.",
              file=sys.stderr)
        return 2
    sandbox, jobs, why = args.sandbox, max(1, args.jobs), "as asked"
    if sandbox == "auto":
        sandbox = "bwrap" if bwrap_available() is not None else "none"
        why = "--sandbox auto: " + ("bubblewrap works here" if sandbox == "bwrap" else
                                    "bubblewrap is not installed or not allowed here")
    elif sandbox == "bwrap" and bwrap_available() is None:
        print("--sandbox bwrap: bubblewrap is not installed or not allowed here. Install it (Debian/Ubuntu: "
              "apt-get install bubblewrap) or grade without it (--sandbox none).", file=sys.stderr)
        return 2
    if sandbox == "none" and jobs > 1:  # the watch finds a change after a box ends, not which box made it
        print(f"--jobs {jobs} without a sandbox"
              + (" (bubblewrap is not installed or not allowed here)" if args.sandbox == "auto" else "")
              + ": a file that a notebook changes outside its box could not be charged to the right notebook (it is "
              "found when the next one finishes, so an innocent notebook would score 0 and the one that did it "
              "nothing less). Grade with --jobs 1, or with --sandbox bwrap (Debian/Ubuntu: apt-get install "
              "bubblewrap).", file=sys.stderr)
        return 2
    warning = no_sandbox_warning(asked=args.sandbox == "none") if sandbox == "none" else ""
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print(f"Grading {args.submissions} into {args.out}: sandbox {sandbox} ({why}), {jobs} notebook"
          f"{'s' * (jobs > 1)} at a time, {args.timeout:g} s each.", flush=True)
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb, disk_mb=args.disk_mb)
    subs = grade_folder(args.submissions, args.out, progress=True, jobs=jobs, sandbox=sandbox,
                        resume=args.resume, lesson=args.lesson, limits=limits)
    if not subs:
        print(f"No file in {args.submissions}.", file=sys.stderr)
        return 1
    print(f"Graded {len(subs)} file(s): see {args.out / 'gradebook.csv'} and {args.out / 'written_answers.md'}.")
    return 0
