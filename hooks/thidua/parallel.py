"""Independent work on every core the build may use.

MkDocs renders pages in one process; work that needs nothing but its own input (a record's
search entry, a Markdown body) can run beforehand in worker processes. Workers are forked, so they
start with the modules the build already imported (the hooks are not importable by name from a
fresh interpreter). Results come back in the order of the inputs, so a parallel build writes the
same bytes as a serial one.
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import pickle
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 64
# Items a worker computes before it sends them back: small, so few results wait in memory.
MAX_CHUNK = 64


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_each(fn: Callable[[T], R], items: Iterable[T], *, workers: int, initializer=None,
             initargs: tuple = ()) -> Iterator[R]:
    """fn(item) for each item, in the order of the items, computed by `workers` forked processes.

    Results are handed over as they come, with only a few chunks of work outstanding: collecting
    them all first held every decree's search syllables at once (some 60 KB a decree), and the
    memory a process has once held it never gives back (Python's arenas), so it stayed in the
    build's peak while its pages rendered."""
    items = list(items)
    if workers <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    size = max(1, min(len(items) // (workers * 8), MAX_CHUNK))
    chunks = iter([items[n:n + size] for n in range(0, len(items), size)])
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=initializer, initargs=initargs) as pool:
        outstanding: collections.deque = collections.deque()
        for chunk in itertools.islice(chunks, workers * 2):
            outstanding.append(pool.submit(_each, fn, chunk))
        while outstanding:
            results = outstanding.popleft().result()
            for chunk in itertools.islice(chunks, 1):
                outstanding.append(pool.submit(_each, fn, chunk))
            yield from results


def _each(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


class Beside(Generic[R]):
    """fn(*args) computed by a forked child while the caller goes on; result() waits for it.

    For work that only reads (`fn` must change nothing, not even a file): should the child fail,
    be killed, or no child be started (no fork on this system, other threads running, one
    worker), result() computes it here instead, to the same value. The child writes its answer to
    a file rather than a pipe, so it never waits for a reader: a caller that gives up (a build
    that fails before it asks) leaves no child blocked.
    """

    def __init__(self, fn: Callable[..., R], *args, workers: int = 2) -> None:
        self.fn, self.args, self.pid, self.out = fn, args, None, None
        if (workers <= 1 or "fork" not in multiprocessing.get_all_start_methods()
                or threading.active_count() > 1):  # forking beside threads could inherit a held lock
            return
        out = tempfile.TemporaryFile()
        try:
            pid = os.fork()
        except OSError:
            out.close()
            return
        if pid == 0:  # the child: answer, then leave without running the parent's exit handlers
            try:
                try:
                    answer = (True, fn(*args))
                except BaseException as exc:  # reported to the parent, which computes it again
                    answer = (False, repr(exc))
                pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
            finally:
                os._exit(0)
        self.pid, self.out = pid, out

    def result(self) -> R:
        if self.pid is None:
            return self.fn(*self.args)
        pid, self.pid = self.pid, None
        try:
            _, status = os.waitpid(pid, 0)
            self.out.seek(0)
            ok, value = pickle.load(self.out) if status == 0 else (False, None)
        except Exception:  # whatever the child left unreadable, the answer is computed here
            ok, value = False, None
        finally:
            self.out.close()
        return value if ok else self.fn(*self.args)
