"""The grader's box (helpers/grading/box.py), piece by piece and without a kernel.

``run_in_box`` is tested with a stand-in for ``runner.py``: a short script that does what the submission file
(here a JSON plan, not a notebook) tells it to (write a report, sleep, fill the disk, start processes, describe
what it sees), so that every path of the box (time limit, disk limit, reports good and bad, the files read back,
the processes killed) takes a fraction of a second. The resource limits, the reaping of orphans and the check of
bubblewrap run in real child processes.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import helpers.grading.box as box
from helpers.checks.handover import ENV_VAR as HANDOVER_VAR
from helpers.grading.box import Limits
from helpers.grading.box import become_subreaper as BECOME_SUBREAPER  # the real one: a mutation run patches the name

# The stand-in for runner.py: argv is [box, timeout, cell bytes, notebook bytes], as run_in_box passes them.
FAKE_RUNNER = r'''
import json, os, resource, subprocess, sys, time
box = sys.argv[1]
plan = json.load(open(os.path.join(box, "submission.ipynb")))

def out(name, data, mode="wb"):
    with open(os.path.join(box, name), mode) as f:
        f.write(data)

def sleeper(new_session=False):
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=new_session).pid

pids = []
if plan.get("children"):
    pids = [sleeper(), sleeper(new_session=True)]
if plan.get("describe"):
    limits = {name: resource.getrlimit(getattr(resource, name))
              for name in ("RLIMIT_DATA", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE", "RLIMIT_NPROC")}
    seen = {"argv": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd(), "executable": sys.executable,
            "no_user_site": sys.flags.no_user_site, "session_leader": os.getsid(0) == os.getpid(),
            "stdin": sys.stdin.read(), "limits": limits, "home": os.path.isdir(os.environ.get("HOME", "")),
            "submission": open(os.path.join(box, "submission.ipynb"), "rb").read().decode(), "pids": pids,
            "box_mode": oct(os.stat(box).st_mode & 0o777),
            "look": {path: sorted(os.listdir(path)) for path in plan.get("look", [])}}
    out("handover.jsonl", json.dumps(seen) + "\n", "w")
elif pids:
    out("handover.jsonl", json.dumps(pids) + "\n", "w")
print("noise on stdout " * 100)
print("noise on stderr " * 100, file=sys.stderr)
if "handover" in plan:
    out("handover.jsonl", plan["handover"].encode("latin-1"))
if "executed" in plan:
    out("executed.ipynb", plan["executed"].encode("latin-1"))
if "report" in plan:
    out("run.json", plan["report"].encode("latin-1"))
if plan.get("report_link"):
    os.symlink("/etc/passwd", os.path.join(box, "run.json"))
if plan.get("write_mb"):
    out("big", b"x" * int(plan["write_mb"] * 1024 * 1024))
if plan.get("fill_to"):  # files until the box uses exactly this many bytes, counted as the grader counts them
    def used():
        total = 0
        for folder, dirs, names in os.walk(box):
            for name in [*names, *dirs]:
                total += max(os.lstat(os.path.join(folder, name)).st_blocks * 512, 4096)
        return total
    out("pad_big", b"x" * max(0, (plan["fill_to"] - used() - 64 * 4096) // 4096 * 4096))
    i = 0
    while used() < plan["fill_to"]:
        out(f"pad_{i}", b"")
        i += 1
    if used() != plan["fill_to"]:
        sys.exit(9)
if plan.get("locked"):
    os.makedirs(os.path.join(box, "locked", "inner"))
    out("locked/inner/f", b"x")
    os.chmod(os.path.join(box, "locked", "inner"), 0o500)
    os.chmod(os.path.join(box, "locked"), 0o500)
sys.stdout.flush()
time.sleep(plan.get("sleep", 0))
sys.exit(plan.get("exit", 0))
'''

OK_REPORT = json.dumps({"status": "ok", "problem": "", "cut": []})


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """run_in_box with the stand-in runner, in boxes under tmp_path; returns run(plan, limits=None, **kwargs)."""
    runner = tmp_path / "fake_runner.py"
    runner.write_text(FAKE_RUNNER, encoding="utf-8")
    monkeypatch.setattr(box, "RUNNER", runner)
    monkeypatch.setattr(box, "_BOXES", [])
    monkeypatch.setattr(box.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(box, "_ACTIVE", set())

    def run(plan: dict, limits: Limits | None = None, **kwargs) -> box.BoxRun:
        return box.run_in_box(json.dumps(plan).encode(), limits or Limits(timeout=30), **kwargs)

    return run


def alive(pid: int) -> bool:
    """A process that runs (a zombie waiting to be reaped is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] not in "ZX"


def gone(pids: list[int], seconds: float = 5) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def leftovers() -> list[Path]:
    return list(box.boxes_folder().iterdir())


# --- run_in_box -----------------------------------------------------------------------------------------------


def test_the_runner_gets_its_box_the_notebook_a_clean_environment_and_the_limits(fake, monkeypatch, capfd):
    monkeypatch.setenv("GRADER_SECRET", "s3cret")
    limits = Limits(timeout=7.5, memory_mb=1500, file_mb=32, cell_output_kb=3, notebook_output_kb=40)
    run = fake({"describe": True, "report": OK_REPORT}, limits, box_id="abc123")
    assert (run.status, run.problem) == ("ok", ""), run
    seen = json.loads(run.handover[0])
    boxdir = Path(seen["cwd"])
    assert boxdir.parent == box.boxes_folder() and boxdir.name.startswith("redlines-box-")
    assert box.boxes_folder().name.startswith(f"redlines-boxes-{os.getpid()}-")
    assert seen["box_mode"] == "0o700"
    assert seen["argv"] == [str(boxdir), "7.5", "3000", "40000"]
    assert seen["executable"] == sys.executable and seen["no_user_site"] == 1
    assert json.loads(seen["submission"]) == {"describe": True, "report": OK_REPORT}
    home = boxdir / "home"
    assert seen["home"] is True
    assert seen["env"] == {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "TMPDIR": str(boxdir),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data"),
        "IPYTHONDIR": str(home / "ipython"), "MPLCONFIGDIR": str(home / "mpl"),
        HANDOVER_VAR: str(boxdir / "handover.jsonl"), "REDLINES_BOX": "abc123", "PYTHONPATH": str(box.COURSE),
    }  # nothing of the grader's own environment (GRADER_SECRET) reaches the notebook
    assert box.COURSE == Path(box.__file__).resolve().parents[2] and (box.COURSE / "helpers").is_dir()
    assert seen["session_leader"] is True and seen["stdin"] == ""
    mb = 1024 * 1024
    assert seen["limits"] == {"RLIMIT_DATA": [1500 * mb] * 2, "RLIMIT_CPU": [67] * 2, "RLIMIT_FSIZE": [32 * mb] * 2,
                              "RLIMIT_NOFILE": [1024] * 2, "RLIMIT_CORE": [0] * 2,
                              "RLIMIT_NPROC": seen["limits"]["RLIMIT_NPROC"]}
    if os.getuid() == 0:  # root is not held by a count of processes: the grader's own limit is kept
        assert seen["limits"]["RLIMIT_NPROC"] == list(resource.getrlimit(resource.RLIMIT_NPROC))
    captured = capfd.readouterr()
    assert "noise" not in captured.out + captured.err  # the runner's output does not reach the grader's
    assert leftovers() == []  # the box is removed
    assert 0 < run.seconds < 20 and box._ACTIVE == set()


def test_a_user_s_runner_may_start_a_set_number_of_processes_beyond_those_running(fake, monkeypatch):
    monkeypatch.setattr(box.os, "getuid", lambda: 1000)  # as a user other than root
    monkeypatch.setattr(box, "_user_processes", lambda: 40)
    run = fake({"describe": True, "report": OK_REPORT}, Limits(timeout=30, processes=100))
    assert json.loads(run.handover[0])["limits"]["RLIMIT_NPROC"] == [140, 140]


def test_the_runner_does_not_read_what_the_grader_is_given_on_its_standard_input(fake):
    read, write = os.pipe()
    os.write(write, b"typed at the grader's terminal")
    os.close(write)
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        run = fake({"describe": True, "report": OK_REPORT})
    finally:
        os.dup2(saved, 0)
        os.close(saved)
        os.close(read)
    assert json.loads(run.handover[0])["stdin"] == ""


def refuse_to_remove(monkeypatch, refused_if) -> list:
    """A file system that will not remove the folders ``refused_if(path)`` names: shutil.rmtree raises for them unless
    told to ignore errors. Returns the list of the paths refused."""
    real_rmtree, refused = box.shutil.rmtree, []

    def rmtree(path, ignore_errors=False, **kwargs):
        if refused_if(Path(path)):
            refused.append(path)
            if not ignore_errors:
                raise PermissionError(path)
            return None
        return real_rmtree(path, ignore_errors=ignore_errors, **kwargs)

    monkeypatch.setattr(box.shutil, "rmtree", rmtree)
    return refused


def test_a_box_the_file_system_will_not_remove_does_not_stop_the_grading(fake, monkeypatch):
    refused = refuse_to_remove(monkeypatch, lambda path: path.name.startswith("redlines-box-"))
    assert fake({"report": OK_REPORT}).status == "ok" and len(refused) == 1


def test_a_box_is_named_by_its_folder_when_no_id_is_given(fake):
    run = fake({"describe": True, "report": OK_REPORT})
    seen = json.loads(run.handover[0])
    assert seen["env"]["REDLINES_BOX"] == Path(seen["cwd"]).name


def test_a_sandbox_is_named_from_the_list_and_bubblewrap_must_work(fake, monkeypatch):
    with pytest.raises(ValueError, match="sandbox 'docker': choose one of none, bwrap"):
        fake({"report": OK_REPORT}, sandbox="docker")
    assert fake({"report": OK_REPORT}, sandbox="none").status == "ok"
    monkeypatch.setattr(box, "bwrap_available", lambda: None)
    with pytest.raises(RuntimeError) as raised:
        fake({"report": OK_REPORT}, sandbox="bwrap")
    assert str(raised.value) == ("bubblewrap (bwrap) is not installed or does not work here: `apt-get install "
                                 "bubblewrap`, or grade with --sandbox none.")
    assert leftovers() == []  # the box made before the error is removed


def test_the_report_of_the_run_is_taken_within_bounds(fake):
    report = json.dumps({"status": "kernel died", "problem": "p" * 900, "cut": ["c" * 150] * 60})
    run = fake({"report": report})
    assert (run.status, run.problem, run.cut) == ("kernel died", "p" * 500, ["c" * 100] * 50)
    run = fake({"report": json.dumps({"status": "timeout", "problem": 7, "cut": "not a list"})})
    assert (run.status, run.problem, run.cut) == ("timeout", "7", [])
    run = fake({"report": json.dumps({"status": "excellent", "problem": "mine"})})  # not a status of the grader
    assert (run.status, run.problem, run.cut) == ("failed", "mine", [])
    assert fake({"report": json.dumps({"problem": "no status"})}).status == "failed"
    assert fake({"report": json.dumps({"status": "failed", "problem": "x"})}).status == "failed"
    assert fake({"report": json.dumps({"status": ["ok"]})}).status == "failed"
    run = fake({"report": json.dumps({"status": "kernel died"})})  # no problem, no cut
    assert (run.status, run.problem, run.cut) == ("kernel died", "", [])


def test_a_report_is_read_up_to_100_kb(fake):
    def report(size: int) -> str:
        text = json.dumps({"status": "timeout", "problem": ""})
        return text.replace('""', '"' + "x" * (size - len(text)) + '"')

    assert len(report(100_000)) == 100_000
    assert fake({"report": report(100_000)}).status == "timeout"
    assert fake({"report": report(100_001)}).problem == "the run left no report"


@pytest.mark.parametrize("plan", [{}, {"report": "not json"}, {"report": "[1, 2]"}, {"report_link": True},
                                  {"report": json.dumps({"status": "ok", "problem": "x" * 100_000})}],
                         ids=["none", "not-json", "not-an-object", "a-link", "too-long"])
def test_a_run_without_a_usable_report_fails(fake, plan):
    run = fake(plan)
    assert (run.status, run.problem, run.cut) == ("failed", "the run left no report", [])


def test_a_runner_that_exits_with_an_error_fails_whatever_its_report_says(fake):
    run = fake({"report": OK_REPORT, "exit": 3})
    assert run.status == "failed"
    assert run.problem == ("the run stopped before its end (killed, out of memory, or a limit on processes or file "
                           "size; exit 3)")
    assert fake({"exit": 1}).problem.endswith("exit 1)")


def test_a_runner_that_outlives_its_time_is_killed_with_everything_it_started(fake, monkeypatch):
    monkeypatch.setattr(box, "MARGIN_SECONDS", 0.5)
    start = time.monotonic()
    run = fake({"children": True, "report": OK_REPORT, "sleep": 60}, Limits(timeout=0.5))
    assert time.monotonic() - start < 15
    assert (run.status, run.problem) == ("timeout", "stopped after 0.5 s (the kernel did not answer)")
    assert gone(json.loads(run.handover[0]))  # a child in its session, and one that left it
    assert leftovers() == [] and box._ACTIVE == set()


def test_a_runner_that_fills_the_disk_is_stopped_at_once(fake):
    start = time.monotonic()
    run = fake({"children": True, "write_mb": 3, "report": OK_REPORT, "sleep": 60}, Limits(timeout=30, disk_mb=1))
    assert time.monotonic() - start < 15
    assert (run.status, run.problem) == ("failed", "stopped: it wrote more than 1 MB of files")
    assert gone(json.loads(run.handover[0]))
    assert fake({"write_mb": 0.5, "report": OK_REPORT}, Limits(timeout=30, disk_mb=1)).status == "ok"


@pytest.mark.parametrize("mb", [1, 8])
def test_the_disk_limit_is_reached_by_using_more_than_it_not_all_of_it(fake, mb):
    limit = mb * 1024 * 1024
    plan = {"report": OK_REPORT, "sleep": 1.5}
    assert fake({**plan, "fill_to": limit}, Limits(timeout=30, disk_mb=mb)).status == "ok"
    run = fake({**plan, "fill_to": limit + 4096}, Limits(timeout=30, disk_mb=mb))
    assert (run.status, run.problem) == ("failed", f"stopped: it wrote more than {mb} MB of files")


def test_what_the_runner_started_is_killed_when_it_ends(fake):
    run = fake({"children": True, "report": OK_REPORT})
    assert run.status == "ok"
    pids = json.loads(run.handover[0])
    try:
        assert gone(pids[:1])  # its own process group; the one that left it needs the grader to be a subreaper
    finally:
        for pid in pids[1:]:
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def test_the_executed_notebook_and_the_handover_are_read_up_to_their_caps(fake):
    cap = 1 * 1000 * 4 + 5_000_000
    limits = Limits(timeout=30, notebook_output_kb=1, handover_mb=1)
    run = fake({"report": OK_REPORT, "executed": "e" * cap, "handover": "a\nb\xff\n" + "h" * (1024 * 1024 - 5)},
               limits)
    assert run.executed == b"e" * cap
    assert run.handover[:2] == ["a", "b\ufffd"] and len(run.handover[2]) == 1024 * 1024 - 5
    assert run.handover_cut is False
    run = fake({"report": OK_REPORT, "executed": "e" * (cap + 1), "handover": "h" * (1024 * 1024 + 1)}, limits)
    assert run.executed is None and run.handover == [] and run.handover_cut is True
    run = fake({"report": OK_REPORT})
    assert run.executed is None and run.handover == [] and run.handover_cut is False


def test_a_box_made_read_only_is_removed_all_the_same(fake):
    assert fake({"report": OK_REPORT, "locked": True}).status == "ok"
    assert leftovers() == []


def test_a_sweep_while_a_box_runs_leaves_its_runner_alone(fake):
    result = {}
    thread = threading.Thread(target=lambda: result.update(run=fake({"report": OK_REPORT, "sleep": 1.5})))
    thread.start()
    killed = 0
    while thread.is_alive():
        killed += box.sweep_orphans()
        time.sleep(0.05)
    thread.join()
    assert killed == 0 and result["run"].status == "ok"


@pytest.mark.skipif(box.bwrap_available() is None, reason="bubblewrap does not work here")
def test_under_bubblewrap_the_runner_sees_its_box_and_not_the_hidden_folders(fake, tmp_path):
    hidden = tmp_path / "solutions"
    hidden.mkdir()
    (hidden / "answers.txt").write_text("42", encoding="utf-8")
    run = fake({"describe": True, "report": OK_REPORT, "look": [str(hidden), str(box.boxes_folder())]},
               sandbox="bwrap", hidden=[hidden])
    assert run.status == "ok", run
    seen = json.loads(run.handover[0])
    assert Path(seen["cwd"]).parent == box.boxes_folder()
    assert seen["look"] == {str(hidden): [], str(box.boxes_folder()): [Path(seen["cwd"]).name]}
    assert (hidden / "answers.txt").read_text(encoding="utf-8") == "42"  # hidden from the box, not removed


# --- the orphans, the grader's own process ------------------------------------------------------------------

REAPER = r'''
import json, os, subprocess, sys, time
from pathlib import Path
import helpers.grading.box as box
box.RUNNER = Path(sys.argv[1])
print(json.dumps({"reaper": box.become_subreaper()}), flush=True)
plan = {"children": True, "report": json.dumps({"status": "ok", "problem": "", "cut": []})}
run = box.run_in_box(json.dumps(plan).encode(), box.Limits(timeout=30))
print(json.dumps({"status": run.status, "pids": json.loads(run.handover[0])}), flush=True)
'''


def test_a_grader_that_reaps_orphans_kills_the_processes_that_left_the_box(tmp_path):
    runner = tmp_path / "fake_runner.py"
    runner.write_text(FAKE_RUNNER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", REAPER, str(runner)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first == {"reaper": True} and second["status"] == "ok"
    assert gone(second["pids"])  # the one in a session of its own too


SUBREAPER = r'''
import ctypes, json, os, sys, time
import helpers.grading.box as box
libc = ctypes.CDLL(None, use_errno=True)
before = ctypes.c_int(-1)
libc.prctl(37, ctypes.byref(before), 0, 0, 0)  # PR_GET_CHILD_SUBREAPER
became = box.become_subreaper()
after = ctypes.c_int(-1)
libc.prctl(37, ctypes.byref(after), 0, 0, 0)
# an orphan: a child that starts a grandchild and exits; the grandchild comes back to this process
read, write = os.pipe()
if os.fork() == 0:
    if os.fork() == 0:
        time.sleep(0.5)
        os.write(write, str(os.getppid()).encode())
        os._exit(0)
    os._exit(0)
os.wait()
parent = int(os.read(read, 100))
print(json.dumps({"before": before.value, "became": became, "after": after.value, "orphan_parent_is_me":
                  parent == os.getpid()}))
'''


def test_become_subreaper_makes_the_orphans_come_back_to_the_grader():
    done = subprocess.run([sys.executable, "-c", SUBREAPER], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"before": 0, "became": True, "after": 1, "orphan_parent_is_me": True}


class FakeLibc:
    """The C library's prctl, answering as told and noting how it was called."""

    def __init__(self, answer: int):
        self.answer, self.calls, self.opened = answer, [], []

    def __call__(self, name, **kwargs):  # ctypes.CDLL(name, ...)
        self.opened.append((name, kwargs))
        return self

    def prctl(self, *args):
        self.calls.append(args)
        return self.answer


@pytest.mark.parametrize("answer, became", [(0, True), (-1, False)])
def test_become_subreaper_asks_for_the_child_subreaper_flag(monkeypatch, answer, became):
    libc = FakeLibc(answer)
    monkeypatch.setattr(box.ctypes, "CDLL", libc)
    assert BECOME_SUBREAPER() is became  # in this process, without changing it: the libc is a stand-in
    assert libc.opened == [(None, {"use_errno": True})] and libc.calls == [(36, 1, 0, 0, 0)]  # PR_SET_CHILD_SUBREAPER


def test_become_subreaper_is_false_without_a_c_library(monkeypatch):
    def no_libc(*args, **kwargs):
        raise OSError("no libc")

    monkeypatch.setattr(box.ctypes, "CDLL", no_libc)
    assert BECOME_SUBREAPER() is False


def test_kill_all_boxes_kills_each_running_runner_and_what_it_started(monkeypatch):
    code = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); " \
           "time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        for _ in range(200):
            children = box.descendants(proc.pid)
            if children:
                break
            time.sleep(0.05)
        monkeypatch.setattr(box, "_ACTIVE", {proc.pid})
        box.kill_all_boxes()
        assert gone([proc.pid, *children])
    finally:
        proc.kill()
        proc.wait()


# --- which children are strays ------------------------------------------------------------------------------


@pytest.mark.parametrize("env, in_box, stray", [
    ({"REDLINES_BOX": "b1"}, False, True),  # a box's environment
    ({}, False, True),  # an environment emptied
    ({"HOME": "/root"}, True, True),  # started in a box's folder
    ({"HOME": "/root"}, False, False),  # anything else the grader started
], ids=["box-env", "empty-env", "box-folder", "other"])
def test_is_stray_tells_a_box_s_leftover_from_the_grader_s_own_children(tmp_path, env, in_box, stray):
    where = tmp_path / ("redlines-box-x1" if in_box else "elsewhere")
    where.mkdir()
    proc = subprocess.Popen(["/bin/sleep", "30"], env=env, cwd=where)
    try:
        for _ in range(200):  # until the child has become sleep (its environment is the new one)
            if Path(f"/proc/{proc.pid}/cmdline").read_bytes().startswith(b"/bin/sleep"):
                break
            time.sleep(0.02)
        assert box._is_stray(proc.pid) is stray
    finally:
        proc.kill()
        proc.wait()
    assert box._is_stray(proc.pid) is True  # gone: nothing to read, taken for one that hid itself


# --- the limits -------------------------------------------------------------------------------------------------

PRINT_LIMITS = ("import json, resource; print(json.dumps({n: resource.getrlimit(getattr(resource, n)) for n in "
                "('RLIMIT_DATA', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_CORE', 'RLIMIT_NPROC')}))")


def child_limits(limits: Limits, nproc: int | None) -> dict:
    done = subprocess.run([sys.executable, "-c", PRINT_LIMITS], capture_output=True, text=True, timeout=60,
                          preexec_fn=box._limits(limits, nproc))  # noqa: PLW1509 - what run_in_box does
    assert done.returncode == 0, done.stderr
    return {k: tuple(v) for k, v in json.loads(done.stdout).items()}


def test_limits_are_set_in_the_child_soft_and_hard():
    mb = 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    nproc = 5000 if hard == resource.RLIM_INFINITY else min(hard, 5000)
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[1] >= 1024, "this machine allows fewer than 1024 files"
    seen = child_limits(Limits(timeout=30.9, memory_mb=700, file_mb=5), nproc)
    assert seen == {"RLIMIT_DATA": (700 * mb,) * 2, "RLIMIT_CPU": (90, 90), "RLIMIT_FSIZE": (5 * mb,) * 2,
                    "RLIMIT_NOFILE": (1024, 1024), "RLIMIT_CORE": (0, 0), "RLIMIT_NPROC": (nproc, nproc)}


def test_without_a_process_limit_the_child_keeps_the_grader_s():
    seen = child_limits(Limits(), None)
    assert seen["RLIMIT_NPROC"] == resource.getrlimit(resource.RLIMIT_NPROC)
    assert seen["RLIMIT_CPU"] == (180, 180)


def test_user_processes_counts_the_processes_of_this_user():
    def count() -> int:
        uid = os.getuid()
        return sum(1 for p in Path("/proc").iterdir() if p.name.isdigit() and _uid(p) == uid)

    for _ in range(50):
        before, theirs, after = count(), box._user_processes(), count()
        if before == after:
            break
    assert theirs == before == after and theirs > 1


def _uid(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None


# --- bubblewrap's check ---------------------------------------------------------------------------------------


def fake_bwrap(folder: Path, script: str) -> Path:
    """An executable named bwrap in ``folder``, holding ``script`` (its first line a #! line)."""
    folder.mkdir(exist_ok=True)
    path = folder / "bwrap"
    path.write_text(textwrap.dedent(script).lstrip(), encoding="utf-8")
    path.chmod(0o755)
    return path


def test_bwrap_available_tries_bubblewrap_with_a_private_proc(tmp_path, monkeypatch, capfd):
    path = fake_bwrap(tmp_path / "bin", """
        #!/bin/sh
        echo "probe output"; echo "probe error" >&2
        [ "$*" = "--ro-bind / / --unshare-pid --proc /proc --dev /dev true" ]
    """)
    monkeypatch.setenv("PATH", str(path.parent))
    assert box.bwrap_available() == str(path)
    captured = capfd.readouterr()
    assert "probe" not in captured.out + captured.err  # its output is not the grader's


@pytest.mark.parametrize("script", ["#!/bin/sh\nexit 1\n", "#!/nonexistent/shell\n", "#!/bin/sh\nexec sleep 30\n"],
                         ids=["fails", "broken", "hangs"])
def test_bwrap_available_is_none_when_bubblewrap_does_not_work(tmp_path, monkeypatch, script):
    path = fake_bwrap(tmp_path / "bin", script)
    monkeypatch.setenv("PATH", str(path.parent))
    monkeypatch.setattr(box, "PROBE_SECONDS", 1)
    start = time.monotonic()
    assert box.bwrap_available() is None
    assert time.monotonic() - start < 10


def test_bwrap_available_is_none_without_bubblewrap(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert box.bwrap_available() is None


# --- the boxes' folder ----------------------------------------------------------------------------------------


def test_boxes_folder_is_made_once_private_and_removed_at_exit(tmp_path, monkeypatch):
    registered = []
    monkeypatch.setattr(box, "_BOXES", [])
    monkeypatch.setattr(box.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(box.atexit, "register", lambda f, *args: registered.append((f, args)))
    folder = box.boxes_folder()
    assert folder.parent == tmp_path and folder.name.startswith(f"redlines-boxes-{os.getpid()}-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert box.boxes_folder() == folder and len(registered) == 1  # made once
    (folder / "inside").mkdir()
    func, args = registered[0]
    func(*args)  # what runs at exit removes it ...
    assert not folder.exists()
    func(*args)  # ... and says nothing when it is already gone
    again = box.boxes_folder()  # removed meanwhile: made anew
    assert again != folder and again.is_dir() and len(registered) == 2


def test_stale_boxes_of_a_grader_that_died_are_removed_and_no_others(tmp_path, monkeypatch):
    monkeypatch.setattr(box.tempfile, "tempdir", str(tmp_path))
    dead = 9_999_999  # above any pid_max
    names = {
        "dead": f"redlines-boxes-{dead}-abc", "alive": f"redlines-boxes-{os.getpid()}-abc",
        "not_a_pid": "redlines-boxes-12x-abc", "other_name": f"redlines-box-{dead}-abc",
        "other_user": f"redlines-boxes-{dead}-def", "locked": f"redlines-boxes-{dead}-ghi",
    }
    for name in names.values():
        (tmp_path / name / "box" / "home").mkdir(parents=True)
    for key in ("dead", "locked"):
        (tmp_path / names[key] / "box").chmod(0o500)
    if os.getuid() == 0:
        os.chown(tmp_path / names["other_user"], 12345, 12345)
    refused = refuse_to_remove(monkeypatch, lambda path: path.name == names["dead"])
    box._remove_stale_boxes()
    left = {key for key, name in names.items() if (tmp_path / name).exists()}
    assert refused == [tmp_path / names["dead"]]
    expected = {"dead", "alive", "not_a_pid", "other_name"} | ({"other_user"} if os.getuid() == 0 else set())
    assert left == expected
    assert stat.S_IMODE((tmp_path / names["dead"] / "box").stat().st_mode) == 0o700  # opened up for removal


# --- the process table ----------------------------------------------------------------------------------------


def test_descendants_are_found_to_any_depth_even_under_a_name_that_mimics_proc(tmp_path):
    fake_name = tmp_path / "a) Z 1 1 1"  # /proc/PID/stat shows it as "(a) Z 1 1 1) S PPID ..."
    fake_name.symlink_to("/bin/sleep")
    script = f"'{fake_name}' 30 & sleep 30 & wait"
    proc = subprocess.Popen(["/bin/sh", "-c", f"/bin/sh -c \"{script}\" & wait"])
    try:
        for _ in range(200):
            found = box.descendants(proc.pid)
            if len(found) == 3:
                break
            time.sleep(0.05)
        names = sorted(Path(f"/proc/{pid}/comm").read_text().strip() for pid in found)
        assert names == ["a) Z 1 1 1", "sh", "sleep"]  # a child, and two grandchildren
        assert set(found) <= set(box.descendants(os.getpid()))
    finally:
        for pid in [*box.descendants(proc.pid), proc.pid]:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        proc.wait()


def test_read_capped_does_not_read_a_huge_file_past_its_cap(tmp_path):
    # one read in this process too: mutmut links a test to the functions it calls in the test's own process
    small = tmp_path / "small"
    small.write_bytes(b"x" * (3 << 20))
    assert box._read_capped(small, 3 << 20) == b"x" * (3 << 20) and box._read_capped(small, (3 << 20) - 1) is None
    huge = tmp_path / "sparse"
    with open(huge, "wb") as f:
        f.truncate(50 * 1024**3)  # 50 GB of nothing, taking no disk
    # in a child held to 300 MB more memory: a reader that went past its cap would fail there, not fill this machine
    code = ("import os, resource, sys\n"
            "from pathlib import Path\n"
            "import helpers.grading.box as box\n"
            "size = int(Path('/proc/self/statm').read_text().split()[0]) * os.sysconf('SC_PAGE_SIZE')\n"
            "resource.setrlimit(resource.RLIMIT_AS, (size + (300 << 20),) * 2)\n"
            "print(box._read_capped(Path(sys.argv[1]), 3 << 20))")
    done = subprocess.run([sys.executable, "-c", code, str(huge)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "None\n"), done.stderr[-500:]


# --- the sweep of orphans -------------------------------------------------------------------------------------


def test_sweep_orphans_kills_and_reaps_the_strays_and_spares_the_other_children():
    def start(env: dict, grandchild: bool) -> subprocess.Popen:
        command = "sleep 30 & sleep 30; wait" if grandchild else "exec sleep 30"
        return subprocess.Popen(["/bin/sh", "-c", command], env={"PATH": "/usr/bin:/bin", **env})

    box.sweep_orphans()  # what earlier tests left to this process (a grader's process reaps its boxes' orphans)
    strays = [start({"REDLINES_BOX": "b1"}, grandchild=True), start({"REDLINES_BOX": "b2"}, grandchild=False)]
    other = start({}, grandchild=False)
    try:
        for _ in range(200):
            if len(box.descendants(strays[0].pid)) == 2:
                break
            time.sleep(0.05)
        grandchildren = box.descendants(strays[0].pid)
        start_time = time.monotonic()
        killed = box.sweep_orphans()
        took = time.monotonic() - start_time
        assert killed == 4  # two strays, and the two processes the first one started
        assert all(not Path(f"/proc/{p.pid}").exists() for p in strays)  # reaped: no zombie left
        assert gone(grandchildren) and alive(other.pid)
        assert took < 1
        start_time = time.monotonic()
        assert box.sweep_orphans() == 0 and time.monotonic() - start_time < 0.5  # nothing to do: done at once
        assert alive(other.pid)
    finally:
        for p in [*strays, other]:
            p.kill()
            p.wait()
