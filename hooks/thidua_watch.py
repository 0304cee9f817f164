"""The preview's file watcher: the kernel's change events where hooks/thidua/watching.py finds them
complete, MkDocs' polling elsewhere.

MkDocs' LiveReloadServer (mkdocs/livereload/__init__.py, MkDocs 1.6) makes its PollingObserver in
its constructor and watches the docs folder and mkdocs.yml on it before the plugins' `on_serve`,
the `watch:` folders of mkdocs.yml (campaigns/, overrides/) after. Here, in `on_serve`, the watched
paths move to a native observer, the `watch:` folders are watched on it too (MkDocs' own call for
them then only counts them), and it starts at once: a failure (the inotify limit) shows here,
where polling can be put back, rather than in server.serve().
"""
from __future__ import annotations

import sys

from mkdocs.plugins import get_plugin_logger
from watchdog import events
from watchdog.observers import Observer

from thidua import watching

log = get_plugin_logger("thidua")

# What a rebuild depends on. inotify also reports files being opened and closed, and MkDocs reads
# mkdocs.yml at every rebuild: those would start the next rebuild, for ever.
CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
           events.FileMovedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]


class _FoldersAsChanges(events.FileSystemEventHandler):
    """MkDocs' handler ignores folders: polling reports a folder renamed or moved away file by
    file, inotify once, as the folder. Passed on as a change, it rebuilds the same."""

    def __init__(self, handler: events.FileSystemEventHandler) -> None:
        self._handler = handler

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if event.is_directory:
            event = events.FileModifiedEvent(event.src_path)
        self._handler.dispatch(event)


class ChangesObserver(Observer):
    """The platform's native observer, reporting only changes."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(_FoldersAsChanges(event_handler), path, recursive=recursive,
                                event_filter=CHANGES)

    def start(self) -> None:
        if not self.is_alive():  # started in on_serve; LiveReloadServer.serve() starts it again
            super().start()


def mounts() -> list[tuple[str, str]]:
    """This process's mount table; empty where there is none to read (not Linux, no /proc), and
    then thidua.watching.choose keeps polling."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
            return watching.mount_table(fh.read())
    except OSError:
        return []


def use_best_watcher(server, more_paths: list[str], setting: str) -> str:
    """Watch natively when thidua.watching.choose says so and it starts; returns the kind used."""
    counts = getattr(server, "_watched_paths", None)
    if not isinstance(counts, dict) or not hasattr(server, "observer"):
        log.info("xem trước quét thay đổi định kỳ: máy chủ xem trước của phiên bản MkDocs này "
                 "khác [the preview polls for changes: this MkDocs' preview server is not the expected one]")
        return watching.POLLING
    counts = dict(counts)
    paths = watching.watched_paths([*counts, *more_paths])
    kind, reason = watching.choose(paths, mounts(), setting, sys.platform)
    if kind == watching.NATIVE:
        failure = _move_to(server, ChangesObserver(), counts, more_paths)
        if failure:
            kind, reason = watching.POLLING, failure
    if kind == watching.NATIVE:
        log.info(f"xem trước nhận thay đổi từ hệ điều hành ({reason}) "
                 f"[the preview is told of changes by the kernel]")
    else:
        log.info(f"xem trước quét thay đổi định kỳ, như MkDocs ({reason}) "
                 f"[the preview polls for changes, as MkDocs does]")
    return kind


def _move_to(server, native: ChangesObserver, counts: dict[str, int], more_paths: list[str]) -> str | None:
    """Move the server's watches to `native` and start it; None, or why it failed (the polling
    observer then has its watches back)."""
    polling = server.observer
    _unwatch(server, counts)
    server.observer = native
    _watch(server, counts)
    added = {}
    for path in more_paths:
        server.watch(path)
        added[path] = added.get(path, 0) + 1
    try:
        native.start()
    except OSError as error:
        _unwatch(server, added)
        _unwatch(server, counts)
        native.unschedule_all()
        server.observer = polling
        _watch(server, counts)
        return f"inotify: {error}"
    return None


def _watch(server, counts: dict[str, int]) -> None:
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


def _unwatch(server, counts: dict[str, int]) -> None:
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
