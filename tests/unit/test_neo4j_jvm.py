"""Class-data-sharing archives of the local server's JVMs (stakeholder_graph.store.neo4j_jvm),
with a real ``java``: written on a first run, checked and promoted on the next, a truncated
one thrown away instead of crashing the JVM."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from stakeholder_graph.store.neo4j_home import ServerHome
from stakeholder_graph.store.neo4j_jvm import archive_options, archive_path, archives_written

java = shutil.which("java")
pytestmark = pytest.mark.skipif(java is None, reason="needs a java executable")


def _run(options: list[str], classpath: Path) -> int:
    command = [str(java), *options, "-cp", str(classpath), "-version"]
    # cwd: a JVM that aborts writes its hs_err_pid*.log there, not into the checkout.
    return subprocess.run(command, capture_output=True, check=False, cwd=classpath).returncode


def test_first_run_writes_then_next_uses(tmp_path: Path) -> None:
    home = ServerHome(tmp_path / "home", "5.26.30")
    classpath = tmp_path / "classes"
    classpath.mkdir()
    assert not archives_written(home, str(java))
    first = archive_options(home, str(java), "server", str(classpath))
    assert first[0].startswith("-XX:ArchiveClassesAtExit=")
    pending = Path(first[0].split("=", 1)[1])
    assert pending.name.endswith(".jsa.new")
    assert _run(first, classpath) == 0 and pending.is_file()  # written when the JVM exits

    second = archive_options(home, str(java), "server", str(classpath))
    final = archive_path(home, str(java), "server")
    assert second == [f"-XX:SharedArchiveFile={final}"]
    assert final.is_file() and not pending.exists()
    assert _run(["-Xshare:on", *second], classpath) == 0  # the JVM maps it
    # the import tool's archive is still to be written
    assert not archives_written(home, str(java))


def test_truncated_archive_is_discarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_folder = tmp_path / "user"
    user_folder.mkdir()
    monkeypatch.chdir(user_folder)
    home = ServerHome(tmp_path / "home", "5.26.30")
    classpath = tmp_path / "classes"
    classpath.mkdir()
    first = archive_options(home, str(java), "import", str(classpath))
    pending = Path(first[0].split("=", 1)[1])
    assert _run(first, classpath) == 0
    pending.write_bytes(pending.read_bytes()[:4096])  # a dump cut short (killed JVM)
    assert _run([f"-XX:SharedArchiveFile={pending}"], classpath) != 0  # it would abort the JVM

    again = archive_options(home, str(java), "import", str(classpath))
    assert again == first  # written afresh by the next run
    assert not pending.exists()
    assert not archive_path(home, str(java), "import").exists()
    assert (
        list(user_folder.iterdir()) == []
    )  # the probe's crash log is not left in the user's folder
