"""The preview's first build, when the build cache cannot serve most of it, run ahead in a forked
process the server does not keep.

`mkdocs serve` builds in the server's own process and keeps that process, and what it holds, for
every rebuild; the search index is written beside it, in the background. A first build with an
empty cache at 10,000 records left the server at 3.26 GB, and Pagefind over the archive's largest
shard added 2.33 GB beside it: 5.59 GB at the peak. So the server forks before it reads anything,
and waits (0.04 GB of its own meanwhile). The child runs this same first build as `mkdocs build`
runs one: its pages rendered on every core, its files written as they are made, the search step
handed to a program of its own (hooks/thidua_handover.py) or, for a light one, run once what only
rendering needed is dropped, into a site folder of its own, which nobody serves, and into the
build cache; the same build then peaked at 2.48 GB. The server then builds from the cache:
finished pages and search bundles, as when it starts on a cache an earlier session left, and
holds 1.5 GB for the session. The child's pages are the preview's own (the command stays
`serve`), so they are the entries the server asks for.

The child first plans the build, as the server would, and goes on only when at least
`search_handover_pages` generated pages have no finished HTML in the cache (a first session, a
changed template, a new release of the code); otherwise, or when a record has an error, it exits
at once and the server builds by itself, as before. Whatever the child does, the server's own
build is a complete one: the cache only spares it work. POSIX only (fork), with a build cache,
and only before the server has started its threads.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import NoReturn

from mkdocs.plugins import get_plugin_logger

NOT_NEEDED = 3  # the child's exit status when the cache serves most of the build
log = get_plugin_logger("thidua")


def wanted(command: str, previews: int, threshold: int, cache_enabled: bool) -> bool:
    """Whether to fork: the server's first build, with a cache to fill, and no thread that a
    forked process could inherit holding a lock."""
    return (command == "serve" and previews == 0 and threshold > 0 and cache_enabled
            and hasattr(os, "fork") and threading.active_count() == 1)


def run_ahead(config) -> bool:
    """Fork. In the child: point the build at a site folder of its own and return True, the build
    goes on there. In the server: wait for the child, then return False."""
    folder = tempfile.mkdtemp(prefix="thidua-preview-first-")
    started = time.monotonic()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        # Ctrl-C stops the server; the child (in the same process group) simply ends.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        config.site_dir = folder
        return True
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        # 1.1 GB of pages at 10,000 records: removed beside the server's own build.
        subprocess.Popen(["rm", "-rf", "--", folder], stdin=subprocess.DEVNULL)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        log.info("xem trước: tiến trình riêng đã dựng xong trong %.1f s; máy chủ dựng từ bộ nhớ đệm "
                 "[preview: the process of its own built in %.1f s; the server builds from the cache]",
                 time.monotonic() - started, time.monotonic() - started)
    elif code != NOT_NEEDED:
        log.info("xem trước: tiến trình riêng dừng với mã %d; máy chủ tự dựng toàn bộ "
                 "[preview: the process of its own stopped with status %d; the server builds everything]",
                 code, code)
    return False


def going_on(pages: int) -> None:
    log.info("xem trước: %d trang chưa có trong bộ nhớ đệm; lần dựng đầu chạy trong một tiến trình "
             "riêng, máy chủ dựng lại từ bộ nhớ đệm sau đó [preview: %d pages are not in the build "
             "cache; the first build runs in a process of its own, then the server builds from the cache]",
             pages, pages)


def leave(code: int) -> NoReturn:
    """End the child, without running what the server's process would run on its way out."""
    for handler in [*logging.getLogger().handlers, *logging.getLogger("mkdocs").handlers]:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
