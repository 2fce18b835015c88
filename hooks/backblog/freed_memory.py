"""Memory the build has freed, given back to the system before it allocates a lot at once.

CPython keeps objects of up to 512 bytes in arenas of its own and takes larger
ones from the C library's ``malloc``: a page's HTML, a list of the library, the
search index as text.  glibc keeps what is freed in the middle of its heap for
the process and gives back only what is freed at its top, so a build's resident
memory never falls: at the end of a thousand-post build the pages already
written and pybtex's entries have left about 35 MB free inside the process,
and Material's search index (10 MB of JSON, held twice while it is encoded)
then comes on top of it, the build's peak.  ``malloc_trim(0)`` hands such free
pages back (glibc 2.8 and later).  Nothing else changes: the process allocates
as before, from the system again.  Without glibc (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, TypeError, AttributeError):  # no C library to load (Windows: no None), or not glibc's
        return None
    return trim


_MALLOC_TRIM = _malloc_trim()


def give_back_freed_memory() -> bool:
    """Hand the free pages of the C library's heap back to the system; whether it could."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True
