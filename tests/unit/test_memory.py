"""Memory release and the per-step memory figures."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

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


LARGE_FREE = """
import sys
from stakeholder_graph.memory import resident_mb, return_large_blocks
if sys.argv[1] == "set":
    assert return_large_blocks()
import numpy as np
first = np.ones(20 << 17)  # 20 MB
del first  # glibc's own threshold rises to 20 MB here
base = resident_mb()
second = np.ones(18 << 17)  # 18 MB
pinned = np.ones(1000)  # allocated after it
del second
held = resident_mb() - base
import pyarrow as pa
print(round(held, 1), pa.default_memory_pool().backend_name)
"""


def _without_allocator_settings() -> dict[str, str]:
    """This environment without glibc's and pyarrow's allocator variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "ARROW_"))}


def _large_free(mode: str, **env: str) -> tuple[float, str]:
    environment = _without_allocator_settings()
    done = subprocess.run(
        [sys.executable, "-c", LARGE_FREE, mode],
        capture_output=True,
        text=True,
        check=True,
        env={**environment, **env},
    )
    held, pool = done.stdout.split()
    return float(held), pool


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_large_blocks_go_back_to_the_system_when_freed():
    """After ``return_large_blocks`` an 18 MB block freed is no longer resident, and pyarrow
    allocates through the C library; without it glibc keeps the block in its heap."""
    held, pool = _large_free("set")
    assert held < 2 and pool == "system"
    held, pool = _large_free("default")
    assert held > 16 and pool != "system"


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_a_users_allocator_settings_are_kept():
    code = (
        "from stakeholder_graph.memory import return_large_blocks as r; print(r()); "
        "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    )
    environment = _without_allocator_settings()
    env = {
        **environment,
        "MALLOC_MMAP_THRESHOLD_": "1048576",
        "ARROW_DEFAULT_MEMORY_POOL": "jemalloc",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    took, pool = done.stdout.split()
    assert took == "False"
    assert pool == "jemalloc"


def test_the_command_line_sets_it_up_first():
    """``stakeholder-graph`` starts with it, before pyarrow is imported (so the pool applies)."""
    code = (
        "import sys; from stakeholder_graph import entry\n"
        "sys.argv = ['stakeholder-graph', '--version']\n"
        "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
        "import os, pyarrow as pa\n"
        "print(pa.default_memory_pool().backend_name)"
    )
    environment = _without_allocator_settings()
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert done.stdout.split()[-1] == "system"
