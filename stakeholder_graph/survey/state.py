"""The survey folder (``DATASET/survey`` by default): invites, progress, the log, the lock.

Layout::

    survey/
      invites.json        token hash → invite (no clear token anywhere), mode 0600
      progress/<hash>.json  one respondent's saved draft and last submitted answers
      answers.jsonl       the raw answers log: one line per submission, free text included
      secret.key          the key that signs the form's session cookie (CSRF), mode 0600
      .lock               an exclusive ``flock`` around every read-modify-write

Every file is replaced atomically (a temporary file in the same folder, then ``os.replace``), so a
reader never sees half a file, and every change happens under the lock, so parallel submissions
never lose one another's answers.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stakeholder_graph.survey.tokens import Invite


def atomic_write_text(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace`` (never half-way).

    Example
    -------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write_text(p, "x"); p.read_text()
    'x'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SurveyState:
    """The files of one survey, kept in ``folder``.

    Parameters
    ----------
    folder:
        The survey folder (created when missing).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        (self.folder / "progress").mkdir(parents=True, exist_ok=True)

    # -- locking -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the survey's exclusive lock (blocking) for the ``with`` block.

        ``flock`` locks belong to the open file, so two threads of one server exclude each
        other just like two processes.
        """
        with open(self.folder / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # -- invites -------------------------------------------------------------------------------
    @property
    def invites_file(self) -> Path:
        return self.folder / "invites.json"

    def invites(self) -> dict[str, Invite]:
        """Every invite by token hash (empty when none was made)."""
        if not self.invites_file.exists():
            return {}
        rows = json.loads(self.invites_file.read_text(encoding="utf-8"))
        return {row["hash"]: Invite(**row) for row in rows}

    def add_invites(self, new: list[Invite]) -> None:
        """Add ``new`` invites (under the lock); earlier invites stay valid."""
        with self.lock():
            rows = [i.as_dict() for i in self.invites().values()] + [i.as_dict() for i in new]
            atomic_write_text(self.invites_file, json.dumps(rows, indent=1), mode=0o600)

    # -- progress ------------------------------------------------------------------------------
    def _progress_file(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("not a token hash")
        return self.folder / "progress" / f"{digest}.json"

    def progress(self, digest: str) -> dict[str, Any]:
        """A respondent's saved state: ``draft`` and, once submitted, ``submitted``."""
        path = self._progress_file(digest)
        if not path.exists():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

    def save_progress(self, digest: str, progress: dict[str, Any]) -> None:
        """Replace a respondent's saved state (call under :meth:`lock`)."""
        text = json.dumps(progress, ensure_ascii=False, indent=1)
        atomic_write_text(self._progress_file(digest), text, mode=0o600)

    def all_progress(self) -> dict[str, dict[str, Any]]:
        """Saved state of every respondent who has saved anything, by token hash."""
        out = {}
        for path in sorted((self.folder / "progress").glob("*.json")):
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        return out

    # -- log and key ---------------------------------------------------------------------------
    def append_log(self, record: dict[str, Any]) -> None:
        """Append one submission to ``answers.jsonl`` (call under :meth:`lock`)."""
        path = self.folder / "answers.jsonl"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def log(self) -> list[dict[str, Any]]:
        """Every line of the raw answers log."""
        path = self.folder / "answers.jsonl"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def secret_key(self) -> bytes:
        """The key that signs session cookies, made on first use and kept (mode 0600)."""
        path = self.folder / "secret.key"
        with self.lock():
            if not path.exists():
                atomic_write_text(path, secrets.token_hex(32), mode=0o600)
            return bytes.fromhex(path.read_text(encoding="utf-8").strip())
