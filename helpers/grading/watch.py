"""The files a submission must not change: the course, the submissions, the grader's own output.

Without a sandbox a notebook runs as the instructor's user and could write anywhere that user can. The grader
keeps a copy of the watched files when it starts; after each box it compares them (size, time, then bytes),
puts back any file changed or removed, removes files added where code and data live (``helpers/``, ``seeds/``,
the submissions), and names the submission that did it: that submission scores nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

SKIP_DIRS = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "test-artifacts",
             "node_modules", "build", "my_work", ".hypothesis"}
MAX_FILE = 20_000_000
MAX_TOTAL = 300_000_000


class Watch:
    """A copy of some files, to find and undo what a box changed."""

    def __init__(self) -> None:
        self.files: dict[Path, tuple[tuple[int, int], bytes]] = {}
        self.strict: list[Path] = []  # folders where any new file is removed
        self.total = 0
        self.skip: set[Path] = set()  # folders never watched (the grader's output)
        self.dirs: dict[Path, int] = {}  # the permissions of each watched folder (chmod 000 breaks later kernels)

    def add_tree(self, root: Path, strict: bool = False, skip: tuple[Path, ...] = ()) -> None:
        """Watch every file under ``root`` (caches and virtual environments left out)."""
        root = root.resolve()
        self.skip.update(p.resolve() for p in skip)
        if strict:
            self.strict.append(root)
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                       and (here / d).resolve() not in self.skip]
            try:
                self.dirs[here] = here.lstat().st_mode
            except OSError:
                pass
            for name in names:
                self.add_file(here / name)

    def add_file(self, path: Path) -> None:
        try:
            st = path.stat()
            if not path.is_file() or st.st_size > MAX_FILE or self.total + st.st_size > MAX_TOTAL:
                return
            data = path.read_bytes()
        except OSError:
            return
        self.total += len(data)
        self.files[path] = ((st.st_size, st.st_mtime_ns, path.lstat().st_mode), data)

    def set(self, path: Path, data: bytes) -> None:
        """Record what the grader itself just wrote to ``path``."""
        st = path.stat()
        self.files[path] = ((st.st_size, st.st_mtime_ns, path.lstat().st_mode), data)

    def restore(self) -> list[str]:
        """Put back every watched file changed or removed, remove new files where none may appear; say which."""
        changed = []
        for path, mode in sorted(self.dirs.items()):  # folders first: their files must be reachable again
            try:
                now = path.lstat().st_mode
            except OSError:
                now = None
            if now != mode:
                changed.append(f"{path} (folder)")
                try:
                    if now is not None and not path.is_dir():
                        path.unlink()
                    path.mkdir(parents=True, exist_ok=True)
                    os.chmod(path, mode & 0o7777)
                except OSError:
                    pass
        for path, (stamp, data) in list(self.files.items()):
            try:
                st = path.stat()
                same = path.lstat().st_mode == stamp[2] and ((st.st_size, st.st_mtime_ns) == stamp[:2]
                                                   or path.read_bytes() == data)
            except OSError:
                same = False
            if not same:
                changed.append(str(path))
                try:
                    if path.is_symlink() or path.is_dir():
                        path.unlink()
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(path.name + ".redlines-restore")
                    tmp.write_bytes(data)
                    os.chmod(tmp, stamp[2] & 0o7777)
                    os.replace(tmp, path)
                    st = path.stat()
                    self.files[path] = ((st.st_size, st.st_mtime_ns, st.st_mode), data)  # now a plain file
                except OSError:
                    pass
        for root in self.strict:
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                           and (Path(folder) / d).resolve() not in self.skip]  # the folders add_tree watched
                for name in names:
                    path = Path(folder) / name
                    if path not in self.files and not name.endswith(".pyc"):
                        changed.append(f"{path} (added)")
                        try:
                            path.unlink()
                        except OSError:
                            pass
        return changed
