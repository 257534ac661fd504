"""One box per submission: a private folder, a clean environment, limits, and no process left behind.

``run_in_box`` copies the notebook alone into a new private folder (mode 0700), starts ``runner.py`` there in a
session of its own with a clean environment and resource limits (data memory, CPU seconds, file size, open
files, processes), waits at most the time limit plus a margin, then kills the runner, the kernel and every
process they started, even those that left the session (``setsid``, double fork): the grader is the "child
subreaper" of its boxes (Linux), so every orphan comes back to it and is killed. With ``sandbox="bwrap"`` the
runner also runs under bubblewrap: the file system read-only except the box; the other boxes, the course's
instructor files (``solutions/``, ``tests/``), the submissions and the output folder hidden; no network; its own
process namespace, which dies with it.
"""

from __future__ import annotations

import atexit
import ctypes
import dataclasses
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers.checks.handover import ENV_VAR as HANDOVER_VAR

RUNNER = Path(__file__).with_name("runner.py")
COURSE = Path(__file__).resolve().parent.parent.parent
SANDBOXES = ("none", "bwrap")
MARGIN_SECONDS = 60  # a box is killed this long after its time limit if its runner has not stopped the kernel
PROBE_SECONDS = 20  # how long bwrap_available waits for bubblewrap's trial run
POLL_SECONDS = 0.5  # how often a running box is looked at (its disk use, its end)
REPORT_BYTES = 100_000  # the largest run.json read
_ACTIVE: set[int] = set()  # pids of the runners now running
_LOCK = threading.Lock()


@dataclasses.dataclass
class Limits:
    """What one box may use."""

    timeout: float = 120  # seconds of cells, the whole notebook
    # memory each process may allocate (RLIMIT_DATA: heap and private writable maps; not address space, which the
    # chart renderer's V8 engine reserves by the gigabyte without using it, so an RLIMIT_AS kills its kernel)
    memory_mb: int = 3000
    file_mb: int = 64  # largest file a process may write
    processes: int = 256  # processes of the user beyond those running at start (not enforced for root)
    cell_output_kb: int = 200
    notebook_output_kb: int = 2000
    handover_mb: int = 50
    disk_mb: int = 1000  # all the files in the box (checked twice a second)


@dataclasses.dataclass
class BoxRun:
    """What came out of a box: the run's report, the executed notebook, the answers handed over."""

    status: str = "ok"
    problem: str = ""
    cut: list[str] = dataclasses.field(default_factory=list)
    executed: bytes | None = None
    handover: list[str] = dataclasses.field(default_factory=list)
    handover_cut: bool = False
    seconds: float = 0.0


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _children_table() -> dict[int, list[int]]:
    table: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        table.setdefault(ppid, []).append(int(entry.name))
    return table


def descendants(pid: int) -> list[int]:
    """Every living descendant of ``pid`` (from /proc)."""
    table, out, todo = _children_table(), [], [pid]
    while todo:
        for child in table.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def sweep_orphans() -> int:
    """Kill every descendant of this process that is not a running box's runner (or under one); reap them.
    Returns how many processes were killed (one killed in a round and reaped as an orphan in the next counts once)."""
    killed: set[int] = set()
    for _ in range(20):
        with _LOCK:  # no runner starts meanwhile: a runner just forked is never taken for a stray
            table = _children_table()
            strays = [c for c in table.get(os.getpid(), []) if c not in _ACTIVE and _is_stray(c)]
            for pid in strays:
                doomed = [pid, *descendants(pid)]
                _kill(doomed)
                killed.update(doomed)
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
        if not strays:
            break
        time.sleep(0.05)
    return len(killed)


def kill_all_boxes() -> None:
    """Kill every running box and what it started (when the grader itself is stopped)."""
    with _LOCK:
        active = list(_ACTIVE)
    for pid in active:
        _kill([*descendants(pid), pid])
    sweep_orphans()


def _is_stray(pid: int) -> bool:
    """A child of the grader that no box's runner owns: an orphan a box left (its environment names a box)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return True  # cannot read it: a process that hid itself
    return b"REDLINES_BOX=" in environ or not environ or "redlines-box-" in cwd


def _limits(limits: Limits, nproc: int | None):
    def apply() -> None:
        mem = limits.memory_mb * 1024 * 1024
        cpu = int(limits.timeout) + 60
        for what, value in ((resource.RLIMIT_DATA, mem), (resource.RLIMIT_CPU, cpu),
                            (resource.RLIMIT_FSIZE, limits.file_mb * 1024 * 1024), (resource.RLIMIT_NOFILE, 1024),
                            (resource.RLIMIT_CORE, 0)):
            try:
                resource.setrlimit(what, (value, value))
            except (ValueError, OSError):
                pass
        if nproc is not None:
            try:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            except (ValueError, OSError):
                pass

    return apply


def _user_processes() -> int:
    uid, n = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                n += entry.stat().st_uid == uid
            except OSError:
                pass
    return n


def bwrap_available() -> str | None:
    """The path of a working bubblewrap, else None."""
    path = shutil.which("bwrap")
    if not path:
        return None
    try:
        ok = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-pid", "--proc", "/proc", "--dev", "/dev",
                             "true"], capture_output=True, timeout=PROBE_SECONDS).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return path if ok else None


_BOXES: list[Path] = []


def boxes_folder() -> Path:
    """The private folder (mode 0700) that holds this grader's boxes, made once."""
    if not _BOXES or not _BOXES[0].is_dir():
        _remove_stale_boxes()
        _BOXES[:] = [Path(tempfile.mkdtemp(prefix=f"redlines-boxes-{os.getpid()}-"))]
        atexit.register(shutil.rmtree, _BOXES[0], True)
    return _BOXES[0]


def _remove_stale_boxes() -> None:
    """Remove the boxes a grader that was killed left behind (its process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob("redlines-boxes-*-*"):
        pid = folder.name.split("-")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and folder.stat().st_uid == os.getuid():
            _open_up(folder)
            shutil.rmtree(folder, ignore_errors=True)


SHM_BYTES = 64 * 1024 * 1024


def _bwrap_command(bwrap: str, box: Path, hidden: list[Path]) -> list[str]:
    # Every tmpfs bubblewrap makes is memory that no rlimit counts: /dev/shm gets a size, the others
    # (/dev, the folder above the box, each hidden folder) are made read-only once set up.
    command = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm",
               "--remount-ro", "/dev", "--proc", "/proc", "--tmpfs", str(box.parent)]
    readonly = [str(box.parent)]
    for folder in hidden:
        if folder.is_dir():
            command += ["--tmpfs", str(folder)]
            readonly.append(str(folder))
    command += ["--bind", str(box), str(box)]
    for folder in readonly:
        command += ["--remount-ro", folder]
    command += ["--chdir", str(box), "--unshare-all", "--die-with-parent", "--new-session"]
    return command


def _disk_used(box: Path, stop: int) -> int:
    """Bytes of disk the files under ``box`` take (links not followed; each file or folder at least 4 kB, so that
    a million empty files count too), counted until ``stop`` is passed."""
    used = 0
    for folder, dirs, names in os.walk(box):
        for name in [*names, *dirs]:
            try:
                used += max(os.lstat(os.path.join(folder, name)).st_blocks * 512, 4096)
            except OSError:
                pass
            if used > stop:
                return used
    return used


def _read_capped(path: Path, cap: int) -> bytes | None:
    """A regular file of the box, at most ``cap`` bytes; None otherwise (a link, a FIFO, a device: a notebook may
    have put one there to make the grader read another file or wait forever)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data if len(data) <= cap else None


def _open_up(box: Path) -> None:
    """Make the box removable (a notebook may have made its folders read-only), never following a link out of it."""
    for path in [box, *box.rglob("*")]:
        try:
            if not path.is_symlink():
                path.chmod(0o700)
        except OSError:
            pass


def run_in_box(notebook: bytes, limits: Limits, sandbox: str = "none", hidden: list[Path] | None = None,
               box_id: str = "") -> BoxRun:
    """Run one notebook (its bytes) in a new box and return what came out; the box is then removed."""
    if sandbox not in SANDBOXES:
        raise ValueError(f"sandbox {sandbox!r}: choose one of {', '.join(SANDBOXES)}.")
    start = time.monotonic()
    box = Path(tempfile.mkdtemp(prefix="redlines-box-", dir=boxes_folder()))
    run = BoxRun()
    try:
        (box / "submission.ipynb").write_bytes(notebook)
        home = box / "home"
        home.mkdir()
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "TMPDIR": str(box),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data"),
            "IPYTHONDIR": str(home / "ipython"), "MPLCONFIGDIR": str(home / "mpl"),
            HANDOVER_VAR: str(box / "handover.jsonl"), "REDLINES_BOX": box_id or box.name,
            "PYTHONPATH": str(COURSE),  # the kernel imports the course the grader grades with
        }
        nproc = None if os.getuid() == 0 else _user_processes() + limits.processes
        command = [sys.executable, "-s", str(RUNNER), str(box), repr(float(limits.timeout)),
                   str(limits.cell_output_kb * 1000), str(limits.notebook_output_kb * 1000)]
        if sandbox == "bwrap":
            bwrap = bwrap_available()
            if bwrap is None:
                raise RuntimeError("bubblewrap (bwrap) is not installed or does not work here: "
                                   "`apt-get install bubblewrap`, or grade with --sandbox none.")
            command = _bwrap_command(bwrap, box, hidden or []) + command
        with _LOCK:
            proc = subprocess.Popen(command, cwd=box, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True,
                                    preexec_fn=_limits(limits, nproc))  # noqa: PLW1509 - limits set in the child
            _ACTIVE.add(proc.pid)
        try:
            deadline = time.monotonic() + limits.timeout + MARGIN_SECONDS
            disk = limits.disk_mb * 1024 * 1024
            while proc.poll() is None:
                if time.monotonic() > deadline:
                    run.status = "timeout"
                    run.problem = f"stopped after {limits.timeout:g} s (the kernel did not answer)"
                    break
                if _disk_used(box, disk) > disk:
                    run.status, run.problem = "failed", f"stopped: it wrote more than {limits.disk_mb} MB of files"
                    break
                time.sleep(POLL_SECONDS)
        finally:
            _kill([*descendants(proc.pid), proc.pid])
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
            with _LOCK:
                _ACTIVE.discard(proc.pid)
            sweep_orphans()
        report = _read_capped(box / "run.json", REPORT_BYTES)
        try:
            data = json.loads(report) if report else None
        except ValueError:
            data = None
        if run.status == "ok" and proc.returncode != 0:  # its report, if any, may be the notebook's own
            run.status = "failed"
            run.problem = ("the run stopped before its end (killed, out of memory, or a limit on processes or file "
                           f"size; exit {proc.returncode})")
        elif isinstance(data, dict) and run.status == "ok":
            status, cut = data.get("status"), data.get("cut")
            run.status = status if status in ("ok", "timeout", "kernel died") else "failed"
            run.problem = str(data.get("problem", ""))[:500]
            run.cut = [str(c)[:100] for c in cut][:50] if isinstance(cut, list) else []
        elif run.status == "ok":  # it ended with 0 but left no report, or one that is not a JSON object
            run.status, run.problem = "failed", "the run left no report"
        run.executed = _read_capped(box / "executed.ipynb", limits.notebook_output_kb * 1000 * 4 + 5_000_000)
        raw = _read_capped(box / "handover.jsonl", limits.handover_mb * 1024 * 1024)
        if raw is None and (box / "handover.jsonl").exists():
            run.handover_cut = True
        run.handover = (raw or b"").decode(errors="replace").splitlines()  # UTF-8
    finally:
        _open_up(box)
        shutil.rmtree(box, ignore_errors=True)
        run.seconds = time.monotonic() - start
    return run
