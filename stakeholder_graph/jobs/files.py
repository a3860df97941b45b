"""Crash-safe output files for unattended jobs: an exclusive lock and atomic replacement.

* :func:`job_lock` — ``fcntl.flock`` on ``<out>/.lock``; a second run waits up to a timeout,
  then fails with :class:`JobLocked` (exit code 4). The kernel drops the lock when a process
  dies, so a killed run never leaves a stale lock behind.
* :class:`ReportSet` — a run's files are written in full (fsynced) into a new run folder, then
  made visible all at once by switching one symlink (``.current``) with an atomic rename; the
  report names are fixed links through it. A reader sees either the previous run's set or the
  new one, never a mixture, whatever interrupts the run.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from stakeholder_graph.errors import EXIT_LOCKED, FileError, StakeholderGraphError
from stakeholder_graph.fileio import TEMP_PREFIX, file_errors, fsync_folder

LOCK_NAME = ".lock"
__all__ = ["EXIT_LOCKED", "TEMP_PREFIX", "JobLocked", "ReportSet", "job_lock", "sweep_temporary"]


class JobLocked(StakeholderGraphError):
    """Another run holds the output folder's lock. Exit code 4."""

    exit_code = EXIT_LOCKED


@contextlib.contextmanager
def job_lock(
    folder: Path,
    timeout: float,
    poll: float = 0.1,
    on_wait: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Hold an exclusive ``flock`` on ``folder/.lock`` for the duration of the block.

    Parameters
    ----------
    folder:
        The output folder (must exist).
    timeout:
        Seconds to wait for a run holding the lock; ``0`` fails at once.
    poll:
        Seconds between attempts while waiting.
    on_wait:
        Called once with the lock's path when the lock is busy and the wait begins.

    Raises
    ------
    JobLocked
        When the lock is still held after ``timeout`` seconds.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, job_lock(Path(d), timeout=0) as lock:
    ...     lock.name
    '.lock'
    """
    path = folder / LOCK_NAME
    with file_errors(path, "open the lock file"):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(timeout, 0.0)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if on_wait is not None:
                    on_wait(path)
                    on_wait = None
                if time.monotonic() >= deadline:
                    raise JobLocked(
                        f"another run holds {path} (waited {timeout:g} s); "
                        "try again later or raise --lock-timeout"
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock


RUNS_DIR = ".runs"
CURRENT = ".current"


def sweep_temporary(folder: Path) -> list[Path]:
    """Remove what a killed run left in ``folder``: temporary files and unfinished run folders.

    Call only while holding the lock. The run folder ``.current`` points at is kept.
    """
    removed = []
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            removed.append(stale)
    current = _current_run(folder)
    runs = folder / RUNS_DIR
    if runs.is_dir():
        for run in runs.iterdir():
            if run.name != current:
                shutil.rmtree(run, ignore_errors=True)
                removed.append(run)
    return removed


def _current_run(folder: Path) -> str | None:
    link = folder / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


class ReportSet:
    """Report files that become visible together: a new run folder and one symlink switch.

    Layout of the output folder::

        .runs/<run>/isolated.csv, summary.md, report.json, state.json   one folder per run
        .current -> .runs/<run>                                         the one switch
        isolated.csv -> .current/isolated.csv   (and the other three)   fixed links

    :meth:`write_text` writes into a fresh run folder; :meth:`commit` points ``.current`` at it
    with one atomic ``rename(2)`` of a new symlink (SIGINT, SIGTERM and SIGHUP held back
    meanwhile) and removes the older run folders. Until the switch every name still shows the
    previous run's file; after it, every name shows the new one — no signal, full disk or
    ``kill -9`` can leave a mixture. Report files of an older layout (plain files) are first
    moved into a run folder of their own, so the previous report stays readable throughout.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     reports = ReportSet(Path(d), ["a.txt"])
    ...     _ = reports.write_text("a.txt", "hello\\n")
    ...     before = (Path(d) / "a.txt").exists()
    ...     _ = reports.commit()
    ...     before, (Path(d) / "a.txt").read_text()
    (False, 'hello\\n')
    """

    def __init__(self, folder: Path, names: list[str] | tuple[str, ...]) -> None:
        self.folder = Path(folder)
        self.names = list(names)
        self.run_dir: Path | None = None

    def _run(self) -> Path:
        if self.run_dir is None:
            runs = self.folder / RUNS_DIR
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            with file_errors(runs, "create the run folder in"):
                runs.mkdir(exist_ok=True)
                self.run_dir = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=runs))
            os.chmod(self.run_dir, 0o755)
        return self.run_dir

    def write_text(self, name: str, text: str) -> Path:
        """Write ``text`` (UTF-8, fsynced) as ``name`` of the new run; it is not visible yet."""
        path = self._run() / name
        with file_errors(path), open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, 0o644)
        return self.folder / name

    def commit(self) -> list[Path]:
        """Make the new run's files the visible ones, all at once; remove older run folders."""
        run = self._run()
        fsync_folder(run)
        self._adopt_plain_files()
        for name in self.names:
            self._link(self.folder / name, Path(CURRENT) / name)
        with signals_held():
            self._link(self.folder / CURRENT, Path(RUNS_DIR) / run.name)
            self.run_dir = None
        for old in (self.folder / RUNS_DIR).iterdir():
            if old.name != run.name:
                shutil.rmtree(old, ignore_errors=True)
        return [self.folder / name for name in self.names]

    def discard(self) -> None:
        """Remove the unfinished run folder (after a failure or an interruption)."""
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None

    def _link(self, path: Path, target: Path) -> None:
        """Point the symlink ``path`` at ``target`` atomically (a new link renamed over it)."""
        if path.is_symlink() and Path(os.readlink(path)) == target:
            return
        if path.exists() and path.is_dir() and not path.is_symlink():
            raise FileError(f"cannot replace {path}: it is a folder; move it away")
        temp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}")
        with file_errors(path):
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            os.symlink(target, temp)
            try:
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    temp.unlink()
                raise
        fsync_folder(self.folder)

    def _adopt_plain_files(self) -> None:
        """Move report files of the older layout (plain files) into a run folder of their own."""
        plain = [
            n
            for n in self.names
            if (self.folder / n).is_file() and not (self.folder / n).is_symlink()
        ]
        if not plain or (self.folder / CURRENT).is_symlink():
            return
        legacy = Path(tempfile.mkdtemp(prefix="previous-", dir=self.folder / RUNS_DIR))
        for name in plain:
            with file_errors(self.folder / name, "copy"):
                shutil.copy2(self.folder / name, legacy / name)
        fsync_folder(legacy)
        with signals_held():
            self._link(self.folder / CURRENT, Path(RUNS_DIR) / legacy.name)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP for the block; they are delivered when it ends.

    Python runs signal handlers in the main thread whichever thread the kernel picked, so the
    handlers themselves are swapped for one that only records the signal (blocking the signal
    in the main thread alone would not hold it while other threads run). At the end of the block
    the previous handlers come back and a recorded signal is raised again, once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def record(signum: int, frame: object) -> None:
        pending.append(signum)

    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, record) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if pending:
            signal.raise_signal(pending[0])
