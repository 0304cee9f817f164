"""What Pagefind reads of a year's shard, kept between builds, so that a build copies only the
pages that changed.

Pagefind reads a copy of every page of a shard, folded for the index (thidua.searchindex.folded:
the page's search entry put back, đ spelled for the index). Making the copies of the newest
year's 846 pages at 10,000 records (reading each finished page, folding it, writing the copy)
took 0.29 s of a 10.5 s rebuild after one edit, all of it before Pagefind could start; after an
edit, all but one were the copies the previous build had made.

So a year's shard (the shards editors still change; thidua.searchindex.RECENT_YEARS) is copied
into a folder of the build cache, `work/search-input/<shard>/`, beside a record of what it holds
(`<shard>.json`): the code's fingerprint and, for each copy, the name of the page it was made from
(the build's page names: a decree page's cache name, which covers its bytes and search entry, or
another page's content name; the fingerprint covers the code that folds it) and the copy's status
(os.lstat: inode, size, modification and change times) once written; a page without a name
is listed with none and copied again every time. A copy is used again only when its page
has the recorded name and the copy the recorded status; any other page is copied again, and a
copy of a page no longer in the shard is removed, so the folder holds exactly the shard's pages.

The record is removed before the folder is touched and written again only once Pagefind has read
the folder: a build that stops half-way leaves no record, and the next one empties the folder.
Only one build at a time uses a shard's folder (an exclusive lock beside it); another build that
runs meanwhile, or a system without file locks, copies into its temporary folder as before.
The store's prune leaves the work folder alone (thidua.buildcache.Store.WORK).
"""
from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # not POSIX: every build copies into its temporary folder
    fcntl = None

FOLDER = "search-input"


def _status(path: str) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


class KeptInput:
    """The folders of the shards' copies under `work` (a folder of the build cache), for code of
    the given fingerprint."""

    def __init__(self, work: Path, fingerprint: str):
        self.root = Path(work) / FOLDER
        self.fingerprint = fingerprint

    @contextmanager
    def shard(self, name: str, pages: list[tuple[str, str]], names: dict[str, str],
              fold: Callable[[list[tuple[str, str]], Path], None]) -> Iterator[tuple[Path, Callable[[], None], int] | None]:
        """The shard's folder with a copy of each of `pages` ((site-relative file, path)), a
        function to call once Pagefind has read it and how many copies were used again; None
        when the folder is in use by another build or cannot be written. `names`: site-relative file -> the page's name (a page without
        one is always copied); `fold(pages, into)` writes the copies of the pages given."""
        lock = self._lock(name)
        if lock is None:
            yield None
            return
        try:
            folder, record = self.root / name, self.root / f"{name}.json"
            try:
                kept = self._take_record(record, folder)
                base, wanted = str(folder), {rel for rel, _ in pages}
                # Gone from the shard, unnamed, or named otherwise now: removed before anything is copied.
                for rel in [rel for rel, (name_of, _) in kept.items()
                            if rel not in wanted or name_of is None or name_of != names.get(rel)]:
                    _unlink(os.path.join(base, rel))
                    del kept[rel]
                to_copy = [(rel, page) for rel, page in pages
                           if rel not in kept or _status(os.path.join(base, rel)) != kept[rel][1]]
                fold(to_copy, folder)
            except OSError:
                yield None
                return

            def read() -> None:
                """Pagefind has read the folder: record what it holds, for the next build."""
                copies = {}
                for rel, _ in pages:  # every copy, so that the next build removes what it must
                    status = _status(os.path.join(base, rel))
                    if status is None:  # cannot be: the record would not say what the folder holds
                        return
                    copies[rel] = [names.get(rel), status]
                _write_record(record, {"fingerprint": self.fingerprint, "copies": copies})

            yield folder, read, len(pages) - len(to_copy)
        finally:
            os.close(lock)

    def _lock(self, name: str) -> int | None:
        if fcntl is None:
            return None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def _take_record(self, record: Path, folder: Path) -> dict[str, list]:
        """The copies the record lists, the record removed; without a record this code wrote, an
        empty folder."""
        try:
            stored = json.loads(record.read_bytes())
        except (OSError, ValueError):
            stored = None
        try:
            record.unlink()
        except FileNotFoundError:
            pass
        copies = stored.get("copies") if isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint else None
        if not isinstance(copies, dict) or not all(_is_copy(v) for v in copies.values()):
            shutil.rmtree(folder, ignore_errors=True)
            return {}
        return dict(copies)


def _is_copy(value) -> bool:
    return (isinstance(value, list) and len(value) == 2 and (value[0] is None or isinstance(value[0], str))
            and isinstance(value[1], list))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _write_record(path: Path, value: dict) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # not kept: the next build copies every page again
        _unlink(str(tmp))
