"""Give memory that the process has freed back to the operating system.

Reading a large dataset allocates and frees hundreds of megabytes in small pieces (Python
strings, pyarrow buffers, pandas blocks). Freed, they stay mapped in the process: glibc keeps
its heap for reuse and pyarrow's allocator keeps its pages, so the resident size (what
``/usr/bin/time -v`` reports as max RSS, and what the machine has to hold) stays at the
high-water mark while the analysis adds its own arrays on top. :func:`release_memory` hands
those pages back (``malloc_trim`` on glibc, :meth:`pyarrow.MemoryPool.release_unused`); on
other C libraries it does what it can and never fails.

Reference: glibc manual, ``malloc_trim(3)``.

Examples
--------
>>> release_memory()
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
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
