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

Reference: glibc manual, ``malloc_trim(3)``.

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
    except (OSError, AttributeError):
        return None  # not glibc (musl, macOS): nothing to trim
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


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
