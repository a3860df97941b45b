"""Give memory that the process has freed back to the operating system.

Reading a large dataset allocates and frees hundreds of megabytes in small pieces (Python
strings, pyarrow buffers, pandas blocks). Freed, they stay mapped in the process: glibc keeps
its heap for reuse and pyarrow's allocator keeps its pages, so the resident size (what
``/usr/bin/time -v`` reports as max RSS, and what the machine has to hold) stays at the
high-water mark while the analysis adds its own arrays on top. :func:`release_memory` hands
those pages back (``malloc_trim`` on glibc, :meth:`pyarrow.MemoryPool.release_unused`); on
other C libraries it does what it can and never fails.

:func:`resident_mb` and :func:`peak_mb` read the process's resident size now and its
high-water mark (``/proc/self/statm``; ``getrusage``), which
:func:`~stakeholder_graph.analysis.analyze` records after every step (``memory_mb`` in
``summary.json``): where the peak of a run is reached, without a profiler.

:func:`return_large_blocks`, called once when a command starts, goes further: every block of
4 MB or more gets pages of its own that go back to the system the moment it is freed (glibc's
``M_MMAP_THRESHOLD``, which otherwise rises to 32 MB after the first large free and then leaves
a step's temporaries in the heap until the next trim), and pyarrow allocates from the same C
library instead of its own pool (mimalloc), which keeps freed pages for reuse. At 100k
organizations (max RSS, ``/usr/bin/time -v``, thousands of kB) the two took ``analyze`` from
987 to 862–872 and ``validate`` from 667 to 613. Other thresholds measured (analyze /
validate): 1 MB 863 / 546, 16 MB 889 / 705, 32 MB 981 / 760; the smaller, the more system time
(page faults on fresh pages: ~2 s more for ``analyze`` at 1 MB than at 16 MB).

Reference: glibc manual, ``malloc_trim(3)``, ``mallopt(3)``.

Examples
--------
>>> release_memory()
>>> 0 < resident_mb() <= peak_mb() or resident_mb() == 0.0
True
"""

from __future__ import annotations

import ctypes
import functools
import os
import resource
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    # the symbols the process already has (libc among them): ctypes.util.find_library would
    # run `ldconfig -p` in a child process, whose peak memory — the forked copy of this
    # process — the system then reports as a worker's (RUSAGE_CHILDREN)
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return None  # not glibc (musl, macOS): nothing to trim
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter: blocks of at least this size are mapped on their own."""
LARGE_BLOCK = 4 << 20


def return_large_blocks(threshold: int = LARGE_BLOCK) -> bool:
    """Make freed blocks of ``threshold`` bytes or more go back to the system at once.

    Sets glibc's mmap threshold (fixed, so it no longer rises after large frees) and, unless the
    user chose one (``ARROW_DEFAULT_MEMORY_POOL``), pyarrow's default pool to the system
    allocator. A threshold the user set (``MALLOC_MMAP_THRESHOLD_``) is left as it is. Call it
    before the work starts, once per process. Returns whether the C library took the setting
    (``False`` off glibc, or with the user's own threshold).
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        if "pyarrow" in sys.modules:
            import pyarrow as pa

            pa.set_memory_pool(pa.system_memory_pool())
        else:  # read by pyarrow when it first allocates
            os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:  # the user's own setting, read by glibc at start
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))


def release_memory() -> None:
    """Return freed heap and pyarrow pool pages to the operating system (best effort)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def resident_mb() -> float:
    """Resident size of this process now, in MB (0.0 where ``/proc`` is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def peak_mb() -> float:
    """Largest resident size this process has reached, in MB (``ru_maxrss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 2**20 if sys.platform == "darwin" else peak / 2**10, 1)
