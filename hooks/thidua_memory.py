"""Give the build's memory back before its search step (`mkdocs build` only), and say how much
it has needed.

Once every page is written, the build needs nothing of them but the search entries it took out of
them: Pagefind reads the pages from disk. Yet the MkDocs process still holds every record, plan,
rendered body, page and generated file of the build (about 0.3 MB a decree), and the Pagefind
processes (more than twice that per decree of their shard) run beside it: that sum was the
build's peak memory.
`mkdocs serve` keeps all of it for its next rebuild, so it never calls release(); it only trims
its heap once a rebuild's garbage is collected.

headroom() tells the search step how much memory the build already needed beyond what it holds
when the step begins, so that running Pagefind processes side by side does not raise the build's
peak where one at a time would not.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
import resource


def release(files) -> None:
    """Drop the pages' Markdown and HTML and the generated files' contents MkDocs still holds,
    collect, and hand freed heap memory back to the system."""
    for file in files or ():
        page = file.page
        if page is not None:
            page.markdown = None
            page.content = None
        if file.abs_src_path is None and file.generated_by is not None:
            file.content_string = ""
    gc.collect()
    trim()


def trim() -> None:
    """glibc keeps freed memory in its heap for later allocations; malloc_trim returns what it
    can to the system. Elsewhere (another C library) nothing is done."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim(ctypes.c_size_t(0))
    except (OSError, AttributeError):
        pass


def headroom() -> int | None:
    """Bytes this build's processes have needed at their peak beyond what this process holds now:
    its own peak resident size and its largest finished child's (the forked renderer), less its
    resident size now. An over-estimate where the two peaks did not coincide or the child shared
    its parent's pages. None where the system does not tell (no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            status = fh.read()
        peak = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) * 1024
        now = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) * 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    except (OSError, AttributeError, ValueError):
        return None
    return max(0, peak + child - now)
