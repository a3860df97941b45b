"""Memory release and the per-step memory figures."""

from __future__ import annotations

import platform
import subprocess
import sys

from stakeholder_graph.memory import _malloc_trim, peak_mb, release_memory, resident_mb


def test_release_starts_no_child_process():
    # a child process (find_library's ldconfig) would be reported as a worker holding this
    # process's memory: RUSAGE_CHILDREN must stay empty
    code = (
        "import resource; from stakeholder_graph.memory import release_memory; "
        "release_memory(); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_trim_is_found_on_glibc():
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert _malloc_trim() is not None
    release_memory()


def test_resident_and_peak_sizes():
    block = bytearray(64 * 2**20)  # touched: 64 MB resident
    block[::4096] = b"x" * len(block[::4096])
    now, peak = resident_mb(), peak_mb()
    assert now >= 64 and peak >= now - 1
    del block
