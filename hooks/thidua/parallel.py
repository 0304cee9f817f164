"""Independent work on every core the build may use.

MkDocs renders pages in one process; work that needs nothing but its own input (a record's
search entry, a Markdown body) can run beforehand in worker processes. Workers are forked, so they
start with the modules the build already imported (the hooks are not importable by name from a
fresh interpreter). Results come back in the order of the inputs, so a parallel build writes the
same bytes as a serial one.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 64


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_all(fn: Callable[[T], R], items: Iterable[T], *, workers: int, initializer=None,
            initargs: tuple = ()) -> list[R]:
    items = list(items)
    if workers <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        if initializer is not None:
            initializer(*initargs)
        return [fn(item) for item in items]
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=initializer, initargs=initargs) as pool:
        return list(pool.map(fn, items, chunksize=chunk))
