"""Writing output files so that a failure never leaves half of one, and says which file and why.

* :func:`atomic_write_text` — one file: written in full to a temporary in the same folder
  (flushed, fsynced), then renamed over the target.
* :class:`StagedFiles` — several files: each staged as a temporary, then all renamed in order
  by :meth:`StagedFiles.commit`; :meth:`StagedFiles.discard` removes them after a failure.
* :func:`check_out_folder` — the guard every ``--out DIR`` goes through: never ``/`` or the
  home folder, never a non-empty folder that is not a previous output of the same command
  (unless ``force``).

Every :class:`OSError` becomes a :class:`~stakeholder_graph.errors.FileError` (exit code 5)
naming the path and the operating system's reason on one line.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from stakeholder_graph.errors import FileError, InputError

TEMP_PREFIX = ".tmp-"


@contextlib.contextmanager
def file_errors(path: object, action: str = "write") -> Iterator[None]:
    """Turn an :class:`OSError` raised inside the block into a one-line :class:`FileError`."""
    try:
        yield
    except OSError as error:
        raise FileError.from_os(error, path, action) from error


def _stage(folder: Path, name: str, data: bytes | Iterable[str] | Iterable[bytes]) -> Path:
    """Write ``data`` (bytes, or pieces of text or bytes, text as UTF-8) to a new temporary
    file in ``folder``; return its path."""
    with file_errors(folder / name):
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}.", dir=folder)
    try:
        with file_errors(folder / name), os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (best effort)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; the folder is created.

    A device or FIFO at ``path`` (``/dev/stdout``) is written into instead, never replaced.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     atomic_write_text(Path(d) / "a.txt", "hi\\n").read_text()
    'hi\\n'
    """
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        # a device or a FIFO (/dev/stdout, a named pipe): written into, never replaced
        with file_errors(path), open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return path
    with file_errors(path.parent, "create folder"):
        path.parent.mkdir(parents=True, exist_ok=True)
    temp = _stage(path.parent, path.name, text.encode("utf-8"))
    try:
        with file_errors(path):
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)
    return path


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
        self.folder = Path(folder)
        self._staged: list[tuple[Path, Path]] = []

    def write_text(self, name: str, text: str) -> Path:
        """Write ``text`` (UTF-8) to a temporary file that will become ``folder/name``."""
        temp = _stage(self.folder, name, text.encode("utf-8"))
        target = self.folder / name
        self._staged.append((temp, target))
        return target

    def write_chunks(self, name: str, pieces: Iterable[str] | Iterable[bytes]) -> Path:
        """Like :meth:`write_text` for text (or its UTF-8) given in pieces, written as they come."""
        temp = _stage(self.folder, name, pieces)
        target = self.folder / name
        self._staged.append((temp, target))
        return target

    def commit(self) -> list[Path]:
        """Rename every temporary over its target, in the order written; fsync the folder."""
        done = []
        for temp, target in self._staged:
            with file_errors(target):
                os.replace(temp, target)
            done.append(target)
        self._staged = []
        fsync_folder(self.folder)
        return done

    def discard(self) -> None:
        """Remove the temporaries not yet committed (after a failure)."""
        for temp, _ in self._staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        self._staged = []


def check_out_folder(
    folder: Path,
    known_names: Iterable[str],
    force: bool = False,
    option: str = "--out",
    create: bool = False,
) -> Path:
    """Refuse an output folder that a command must not fill; create it when asked.

    Refused (exit 2): the filesystem root, the home folder, a path that exists and is not a
    folder, and — unless ``force`` — a folder holding files (other than hidden ones and
    ``*.log``) but none of ``known_names`` (the files the same command writes, so it is not a
    previous output of that command).

    >>> check_out_folder(Path("/"), ["summary.json"])
    Traceback (most recent call last):
    ...
    stakeholder_graph.errors.InputError: --out /: refusing to write into the filesystem root
    """
    folder = Path(folder)
    if str(folder).strip() == "":
        raise InputError(f"{option}: an empty path")
    resolved = folder.expanduser().resolve()
    if resolved == Path(resolved.anchor):
        raise InputError(f"{option} {folder}: refusing to write into the filesystem root")
    if resolved == Path.home().resolve():
        raise InputError(f"{option} {folder}: refusing to write into the home folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{option} {folder}: exists and is not a folder")
    if folder.is_dir() and not force:
        with file_errors(folder, "list"):
            # hidden files and logs (a cron line's ``>> out/cron.log``) do not make it foreign
            present = {
                p.name
                for p in folder.iterdir()
                if not p.name.startswith(".") and not p.name.endswith(".log")
            }
        if present and not present & set(known_names):
            raise InputError(
                f"{option} {folder}: a non-empty folder that is not a previous output of this "
                "command; choose another folder or pass --force"
            )
    check_writable(folder)
    if create:
        with file_errors(folder, "create folder"):
            folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_writable(folder: Path) -> None:
    """Fail early (:class:`FileError`, exit 5) when ``folder`` cannot be created or written.

    Looks at ``folder`` or its nearest existing ancestor: not a folder, no write permission,
    or a read-only filesystem — before any work is done, so the error comes first, not last.
    """
    probe = Path(folder).expanduser().absolute()
    while not probe.exists() and probe != probe.parent:
        if probe.is_symlink():  # a dangling link in the way
            raise FileError(f"cannot create folder {folder}: {probe} is a dangling link")
        probe = probe.parent
    if not probe.is_dir():
        raise FileError(f"cannot create folder {folder}: Not a directory ({probe} is a file)")
    if os.statvfs(probe).f_flag & os.ST_RDONLY:
        raise FileError(f"cannot write {folder}: Read-only file system")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise FileError(f"cannot write {folder}: Permission denied")
