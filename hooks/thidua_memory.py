"""The build's memory (`mkdocs build` only): the collector kept off the objects that live to its
end, and memory given back for the search step.

Once every page is written, the build needs nothing of them but the search entries it took out of
them: Pagefind reads the pages from disk. Yet the MkDocs process still holds every record, plan,
rendered body, page and generated file of the build (about 0.3 MB a decree), and the Pagefind
processes (more than twice that per decree of their shard) run beside it: that sum was the
build's peak memory.
`mkdocs serve` keeps all of it for its next rebuild, so it never calls release(); it only trims
its heap once a rebuild's garbage is collected.
"""
from __future__ import annotations

import atexit
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
    gc.unfreeze()  # the plan (hold_plan) may be garbage now too
    gc.collect()
    trim()


# Young objects collected every 50,000 allocations instead of 700, the oldest far more rarely: a
# build allocates its records, plan and pages by the hundred thousand, nearly all kept to its end.
COLLECT_EVERY = (50_000, 20, 100)


def collect_less() -> None:
    """`mkdocs build`, from the start of its plan. The cyclic collector's passes over objects that
    all live on took 6 % of a rebuild after one edit: with hold_plan, 2.87 -> 2.71 s at 2,000
    records and 12.05 -> 11.25 s at 10,000 (medians of builds taken in turns, bench/build_bench.py's
    projects)."""
    gc.set_threshold(*COLLECT_EVERY)
    _skip_collection_at_exit()


def _skip_collection_at_exit() -> None:
    """As the interpreter ends, it collects once more over every object still alive, to run the
    finalizers of those only cycles hold. From MkDocs' last event to the process's end, after a
    rebuild at 10,000 records: 0.30 s with that pass, 0.05 s with the objects frozen. A build's objects
    are its records, plan and pages, with no finalizer that writes anything; what they hold goes
    back to the system with the process. Frozen at exit (atexit runs before that pass), they are
    left out of it; a program that builds through MkDocs' API is not affected until it ends."""
    atexit.unregister(gc.freeze)  # once, however many builds this process runs
    atexit.register(gc.freeze)


def hold_plan() -> None:
    """`mkdocs build`, once its plan is made: what exists now lives until the pages are written, so
    the collector stops walking it (gc.freeze), and the processes that render pages, forked
    later, share its memory instead of each copying what the collector writes. release()
    makes it collectable again."""
    gc.freeze()


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
