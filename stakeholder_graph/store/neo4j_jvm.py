"""Class-data sharing for the local server's JVMs: start-up without re-reading 200 jars.

The server and ``neo4j-admin`` spend most of their start-up loading and verifying classes from
the ~200 jars of the server home. A JVM started with ``-XX:ArchiveClassesAtExit=FILE`` writes
the classes it loaded into FILE when it exits; one started with ``-XX:SharedArchiveFile=FILE``
maps them from there instead (Java 13+, "dynamic CDS"). Measured on a shared 2-core AMD EPYC
(load average ~7, same session): the server reaches Bolt after 6.7-7.1 instead of 10.7-11.1
CPU seconds; the import tool on an empty input takes 4.4-5.0 instead of 5.5 CPU seconds.

:func:`archive_options` gives the flag for one JVM (``name``: ``server`` or ``import``). The
first run of each writes its archive (a few seconds more at its exit, once per server home and
Java); later runs use it. A truncated archive makes the JVM abort, so an archive is written
under a temporary name and promoted only after a JVM started with it ran (:func:`_usable`).
An archive of another Java build is ignored by the JVM (``-Xshare:auto``), and the file name
carries the Java executable's identity, so a new Java writes its own.

Reference: JEP 350, "Dynamic CDS Archives" (OpenJDK 13).

Example
-------
>>> from stakeholder_graph.store.neo4j_home import server_home
>>> archive_options(server_home(), "java", "server", "lib/*")  # doctest: +SKIP
['-XX:SharedArchiveFile=/home/me/.cache/stakeholder-graph/neo4j/5.26.30/cds/server-1a2b3c4d.jsa']
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from stakeholder_graph.store.neo4j_home import ServerHome

ARCHIVE_FOLDER = "cds"
"""The folder of the archives, inside the server home."""

NAMES = ("server", "import")


def _java_tag(java: str) -> str:
    """A short tag for the Java executable: its real path, size and modification time."""
    found = shutil.which(java) or java
    real = os.path.realpath(found)
    try:
        stat = os.stat(real)
        identity = f"{real}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        identity = real
    return hashlib.sha256(identity.encode()).hexdigest()[:8]


def archive_path(home: ServerHome, java: str, name: str) -> Path:
    """Where the archive of JVM ``name`` for ``java`` lives (it may not exist yet)."""
    return home.root / ARCHIVE_FOLDER / f"{name}-{_java_tag(java)}.jsa"


def _usable(java: str, archive: Path, classpath: str) -> bool:
    """True when a JVM on ``classpath`` starts with ``archive`` mapped (a truncated archive
    makes it abort; one of another class path is refused under ``-Xshare:on``)."""
    try:
        done = subprocess.run(
            [java, "-Xshare:on", f"-XX:SharedArchiveFile={archive}", "-cp", classpath, "-version"],
            capture_output=True,
            timeout=60,
            check=False,
            cwd=archive.parent,  # an aborting JVM writes hs_err_pid*.log here, not in the user's folder
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def archive_options(home: ServerHome, java: str, name: str, classpath: str) -> list[str]:
    """The JVM flag that uses, or else writes, the class archive of JVM ``name`` (started with
    ``-cp classpath``).

    An archive written by an earlier run (under a temporary name) is checked and promoted here;
    one that does not start a JVM is deleted and written again.
    """
    final = archive_path(home, java, name)
    if final.is_file():
        return [f"-XX:SharedArchiveFile={final}"]
    pending = final.with_name(final.name + ".new")
    if pending.is_file():
        if _usable(java, pending, classpath):
            pending.replace(final)
            return [f"-XX:SharedArchiveFile={final}"]
        pending.unlink(missing_ok=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    return [f"-XX:ArchiveClassesAtExit={pending}"]


def archives_written(home: ServerHome, java: str) -> bool:
    """True when every JVM of the server home has written its archive (no side effect)."""
    paths = [archive_path(home, java, name) for name in NAMES]
    return all(p.is_file() or p.with_name(p.name + ".new").is_file() for p in paths)
