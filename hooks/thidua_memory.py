"""Give the build's memory back before its search step (`mkdocs build` only).

Once every page is written, the build needs nothing of them but the search entries it took out of
them: Pagefind reads the pages from disk. Yet the MkDocs process still holds every record, plan,
rendered body, page and generated file of the build (about 0.3 MB a decree), and the Pagefind
processes (more than twice that per decree of their shard) run beside it: that sum was the
build's peak memory.
`mkdocs serve` keeps all of it for its next rebuild, so it never calls release(); it only trims
its heap once a rebuild's garbage is collected.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc


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
