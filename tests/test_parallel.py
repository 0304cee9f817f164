"""thidua.parallel: work computed by forked children while the build goes on (Beside), or here when
no child can answer; independent items computed by worker processes, in order (map_each)."""
from __future__ import annotations

import os
import threading

from thidua import parallel

HERE = os.getpid()


def _where() -> int:
    return os.getpid()


def _fails_in_a_child() -> int:
    if os.getpid() != HERE:
        raise RuntimeError("only in the child")
    return os.getpid()


def _dies_in_a_child() -> int:
    if os.getpid() != HERE:
        os._exit(3)
    return os.getpid()


def _echo(*args):
    return args


def test_the_answer_comes_from_a_forked_child_with_its_arguments():
    pending = parallel.Beside(_where)
    child = pending.result()
    assert child != HERE
    assert parallel.Beside(_echo, {"a": [1, "đ"]}, None).result() == ({"a": [1, "đ"]}, None)


def test_a_child_that_fails_or_dies_is_answered_here():
    assert parallel.Beside(_fails_in_a_child).result() == HERE
    assert parallel.Beside(_dies_in_a_child).result() == HERE


def test_no_child_with_one_worker_or_beside_other_threads():
    assert parallel.Beside(_where, workers=1).result() == HERE
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.Beside(_where).result() == HERE  # a fork could inherit a lock held there
    finally:
        stop.set()
        other.join()


def _square_where(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_map_each_gives_every_result_in_order_from_other_processes():
    items = list(range(parallel.MAX_CHUNK * 5 + 3))  # more chunks than are ever outstanding
    results = list(parallel.map_each(_square_where, items, workers=2))
    assert [value for value, _ in results] == [n * n for n in items]
    assert {pid for _, pid in results} - {HERE}, "computed by worker processes"
    # Too few items, or one worker: computed here, the same values.
    assert list(parallel.map_each(_square_where, items[:5], workers=2)) == [(n * n, HERE) for n in items[:5]]
    assert [v for v, _ in parallel.map_each(_square_where, items, workers=1)] == [n * n for n in items]
