"""Crash-safe output files for unattended jobs: an exclusive lock and atomic replacement.

* :func:`job_lock` — ``fcntl.flock`` on ``<out>/.lock``; a second run waits up to a timeout,
  then fails with :class:`JobLocked` (exit code 4). The kernel drops the lock when a process
  dies, so a killed run never leaves a stale lock behind.
* :class:`StagedFiles` — every output is first written in full to a temporary file in the same
  folder (flushed and fsynced), then all of them are renamed over their targets with
  ``os.replace`` in the order staged. A rename within one folder is atomic, so a reader sees
  either the old file or the new one, never half of one; a run interrupted before the renames
  leaves every previous file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from stakeholder_graph.errors import StakeholderGraphError

EXIT_LOCKED = 4
"""Exit code of a run that could not get the output folder's lock in time."""

LOCK_NAME = ".lock"
TEMP_PREFIX = ".tmp-"


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


def sweep_temporary(folder: Path) -> list[Path]:
    """Remove temporary files a killed run left in ``folder``; call only while holding the lock."""
    removed = []
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            removed.append(stale)
    return removed


class StagedFiles:
    """Files written to temporaries now and renamed over their targets by :meth:`commit`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     staged = StagedFiles(Path(d))
    ...     _ = staged.write_text("a.txt", "hello\\n")
    ...     before = (Path(d) / "a.txt").exists()
    ...     _ = staged.commit()
    ...     before, (Path(d) / "a.txt").read_text()
    (False, 'hello\\n')
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._staged: list[tuple[Path, Path]] = []

    def write_text(self, name: str, text: str) -> Path:
        """Write ``text`` (UTF-8) to a temporary file that will become ``folder/name``."""
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}.", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        target = self.folder / name
        self._staged.append((Path(temp), target))
        return target

    def commit(self) -> list[Path]:
        """Rename every temporary over its target, in the order written; fsync the folder."""
        done = []
        for temp, target in self._staged:
            os.replace(temp, target)
            done.append(target)
        self._staged = []
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        return done

    def discard(self) -> None:
        """Remove the temporaries not yet committed (after a failure)."""
        for temp, _ in self._staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        self._staged = []
