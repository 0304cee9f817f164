"""The site folder one `mkdocs build` wrote, kept for the next: a file whose content would be the
same is neither read from the build cache nor written again.

MkDocs empties the site folder before every build (hooks/thidua_sweep.py), so a rebuild after one
edit wrote the whole site again: at 2,000 decrees, creating some 4,000 folders and writing some
12,000 unchanged files took half of that rebuild.

After a build completes, its state is stored in the build cache (thidua.buildcache.Store, under a
name that holds the site folder's path and the code's fingerprint): every file it produced, with a
token of its content (hooks/thidua_preview.py: the cache name of a finished page, a digest of a
generated text, a theme file's identity) and its status (os.lstat: inode, size, modification and
change times), and the content name of each page without a search entry (the search step
names the shards with it, without reading the pages: hooks/thidua/searchindex.py). The search
entries taken out of the finished decree pages are stored beside it, one part per year of
decrees, each named by its pages' cache names (which cover their entries): an unchanged year's
part is neither written again nor read, and a part is read only when Pagefind indexes that
year's pages again (KeptEntries). The next build reads the state and walks the folder while it
validates its records (check(), which only reads, in a forked process), then removes the state
before it writes anything (take(), so a build that does not complete leaves nothing to trust). A
file is kept only when

- its status is the one recorded: any write changes its change time, which no program can set
  back, and a file put in its place has another inode;
- it had settled when recorded (its last change SETTLED_NS or more before), so a change in the same
  clock tick as the record cannot hide behind an equal time stamp; or, for a file that had not
  (the pages a build writes are recorded a moment later, while Pagefind runs), its bytes are
  still those recorded (their SHA-256, taken when recorded);
- it is a plain file with no other link, so nothing outside the folder writes into it, and
  writing it again changes nothing else.

Everything else found is removed, as MkDocs' clean would have: a file edited, added or linked by
hand, a symbolic link (never followed). The folder is then treated as the preview treats its own
(thidua_preview.Folder): set aside while MkDocs empties it, put back, files whose token is
unchanged skipped, and what this build did not produce removed at its end. Only `mkdocs build`
with a build cache, not `--dirty`; without a state it sweeps the old site as before.
"""
from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from thidua.buildcache import MISSING, Store, file_sha256
from thidua.searchindex import SearchIndexError, shard_of
from thidua.validate import Seen

import thidua_finished

KIND = "site-state"
PART_KIND = "site-entries"
PAGE = "p:"  # the token of a finished page: "p:" + its cache name (hooks/thidua_mkdocs.py)
SETTLED_NS = Seen.SETTLED_NS


class KeptEntries(dict):
    """The search entries of a build's pages (site-relative page -> entry): those it set, and
    those of the pages it kept unchanged (`previous`), read from the previous build's part of
    their year the first time one is asked for. A part that cannot be read is replaced by each
    page's entry in the build cache's finished page (thidua_finished.lookup), which the kept
    page's cache name still holds."""

    def __init__(self, store: Store | None = None, parts: dict[str, str] | None = None,
                 with_entry: set[str] = frozenset()) -> None:
        super().__init__()
        self.store, self.parts = store, parts or {}
        self.with_entry = with_entry  # the previous build's pages that had an entry
        self.previous: dict[str, str] = {}  # page kept unchanged -> its cache name
        self.loaded: dict[str, dict] = {}  # part read: shard -> {page: entry}
        self.unread: set[str] = set()  # parts that could not be read

    def keep(self, page: str, key: str) -> None:
        """`page` is kept unchanged from the previous build under the cache name `key`."""
        self.previous[page] = key

    def get(self, page: str, default=None):
        if dict.__contains__(self, page):
            return self[page]
        key = self.previous.get(page)
        if key is None or page not in self.with_entry or self.store is None:
            return default
        entry = self._part(shard_of(page)).get(page, MISSING)
        if entry is MISSING:
            found = thidua_finished.lookup(self.store, key)
            if found is None:
                raise SearchIndexError(
                    f"bộ nhớ đệm hỏng, không đọc được mục tìm kiếm của {page}; chạy lại lệnh, lần sau "
                    f"dựng lại trang từ đầu [the build cache is damaged: no search entry for {page}; "
                    f"run the build again, it renders the page afresh]")
            entry = found[1]
        return entry if entry is not None else default

    def has(self, page: str) -> bool:
        """Whether `page` has an entry, without reading a part."""
        return bool(dict.get(self, page)) or (page in self.previous and page in self.with_entry)

    def _part(self, shard: str) -> dict:
        if shard not in self.loaded:
            value = self.store.get(PART_KIND, self.parts[shard]) if shard in self.parts else MISSING
            if not isinstance(value, dict):
                self.unread.add(shard)
                value = {}
            self.loaded[shard] = {page: tuple(entry) for page, entry in value.items()
                                  if isinstance(entry, list) and len(entry) == 2}
        return self.loaded[shard]


@dataclass
class Kept:
    base: dict[str, str] = field(default_factory=dict)  # absolute path -> token, of the files kept
    entries: KeptEntries = field(default_factory=KeptEntries)  # this build's, kept pages' on demand
    names: dict[str, str] = field(default_factory=dict)  # site-relative page -> its content's name
    removed: list[str] = field(default_factory=list)  # absolute paths of the files not kept


def _name(store: Store, site_dir: str) -> str:
    return store.key(KIND, os.path.normpath(os.path.abspath(site_dir)))


def state_of(store: Store, site_dir: str) -> bytes | None:
    """The state the previous completed build stored for `site_dir`, as stored; None when there is
    none or it is damaged (the store counts it)."""
    found = store.get_bytes(KIND, _name(store, site_dir), count=False)
    return None if found is MISSING else found[1]


@dataclass
class Checked:
    """What check() found, in plain values (it may come from a forked process)."""
    base: dict[str, str]  # absolute path -> token, of the files that may be kept
    removed: list[str]  # absolute paths of the other files
    names: dict[str, str]  # site-relative page -> its content's name, of the pages kept
    parts: dict[str, str]  # shard -> the name of the previous build's part of its search entries
    with_entry: set[str]  # the previous build's pages that had a search entry


def check(site_dir: str, state: bytes | None, skip: tuple[str, ...] = ()) -> Checked | None:
    """Which files of `site_dir` the stored `state` vouches for. Reads the folder and changes
    nothing, so `mkdocs build` runs it beside the validation of the records
    (thidua.parallel.Beside): at 10,000 decrees it walks some 48,000 files. Nothing else
    writes the folder while a build runs, so the answer still holds when take() acts on it. None
    when the state is unusable: the caller empties the folder."""
    if state is None:
        return None
    try:
        data = json.loads(state)
        files, parts, recorded = data["files"], data["parts"], int(data["recorded_ns"])
        names = data["names"]
        if not all(isinstance(value, dict) for value in (files, parts, names)):
            return None
        keys = {shard: str(part["key"]) for shard, part in parts.items()}
        with_entry = {str(page) for part in parts.values() for page in part["pages"]}
    except (ValueError, KeyError, TypeError):
        return None
    site = os.path.normpath(os.path.abspath(site_dir))
    if not os.path.isdir(site):
        return Checked({}, [], {}, {}, set())
    base, removed = verify(site, files, recorded, skip)
    names = {rel: name for rel, name in names.items()
             if isinstance(name, str) and os.path.join(site, rel) in base}
    return Checked(base, removed, names, keys, with_entry)


def take(store: Store, site_dir: str, checked: Checked | None) -> Kept | None:
    """What of `site_dir` may be kept, by `checked` (check() over the state read for this build):
    removes the rest of the folder and the state, so a build that does not complete leaves nothing
    to trust. None when no state was at hand: the caller empties the folder."""
    store.remove(KIND, _name(store, site_dir))
    if checked is None:
        return None
    for path in checked.removed:
        _unlink(path)
    return Kept(base=checked.base, entries=KeptEntries(store, checked.parts, checked.with_entry),
                names=checked.names, removed=checked.removed)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:  # gone since the walk: what was asked
        pass


def _holds(path: str, digest: str) -> bool:
    try:
        return file_sha256(Path(path)) == digest
    except OSError:
        return False


def verify(site: str, recorded: dict, recorded_ns: int,
           skip: tuple[str, ...] = ()) -> tuple[dict[str, str], list[str]]:
    """Walk `site` (never through a link): the files whose status is `recorded`'s (site-relative
    path -> [token, inode, size, mtime_ns, ctime_ns, and the SHA-256 of the bytes of a file that had
    not settled]) and that had settled by `recorded_ns`, or still hold the recorded bytes, may be
    kept (absolute path -> token); every other file is listed to be removed."""
    base: dict[str, str] = {}
    removed: list[str] = []
    folders = [(site, "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as found:
            entries = list(found)
        for entry in entries:
            if not prefix and (entry.name.startswith(".") or entry.name in skip):
                continue  # MkDocs' clean leaves hidden names; the caller sees to `skip`
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, rel + "/"))
                continue
            st = entry.stat(follow_symlinks=False)
            record = recorded.get(rel)
            if (isinstance(record, list) and len(record) in (5, 6) and stat.S_ISREG(st.st_mode)
                    and st.st_nlink == 1
                    and record[1:5] == [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
                    and (max(st.st_mtime_ns, st.st_ctime_ns) < recorded_ns - SETTLED_NS
                         or (len(record) == 6 and _holds(entry.path, record[5])))):
                base[entry.path] = str(record[0])
            else:
                removed.append(entry.path)
    return base, removed


def save(store: Store, site_dir: str, produced: dict[str, str], entries: dict,
         names: dict[str, str] | None = None) -> None:
    """After a completed build: the state of the files it `produced` (absolute path -> token), the
    search `entries` (KeptEntries, or a dict: site-relative page -> entry) of the finished pages
    among them, and the `names` of other pages' bytes (site-relative page ->
    thidua.searchindex.content_name)."""
    site = os.path.normpath(os.path.abspath(site_dir))
    start = len(site) + 1
    recorded = time.time_ns()  # before any status is read: a change after it is never settled
    files = {}
    for path, token in produced.items():
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not path.startswith(site + os.sep) or not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            continue
        files[path[start:]] = record = [token, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        if max(st.st_mtime_ns, st.st_ctime_ns) >= recorded - SETTLED_NS:
            # Its status cannot vouch for its bytes yet (see verify): they are named instead.
            try:
                record.append(file_sha256(Path(path)))
            except OSError:
                del files[path[start:]]
    named = {rel: name for rel, name in (names or {}).items() if rel in files}
    parts = _save_parts(store, site, files, entries)
    data = json.dumps({"recorded_ns": recorded, "files": files, "parts": parts, "names": named},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    store.put_bytes(KIND, _name(store, site_dir), data)


def _save_parts(store: Store, site: str, files: dict, entries: dict) -> dict[str, dict]:
    """Store the search entries of the finished pages among `files`, one part per shard (a year of
    decrees), named by its pages' cache names: a part under the name the previous build used is
    the same, and is kept as it is. Returns shard -> {"key": part name, "pages": its pages}."""
    kept = isinstance(entries, KeptEntries)
    pages: dict[str, list] = {}
    for rel, record in files.items():
        if record[0].startswith(PAGE) and (entries.has(rel) if kept else bool(entries.get(rel))):
            pages.setdefault(shard_of(rel), []).append([rel, record[0]])
    previous = entries.parts if kept else {}
    unread = entries.unread if kept else set()
    parts = {}
    for shard, listed in sorted(pages.items()):
        listed.sort()
        key = store.key(PART_KIND, site, shard, listed)
        if previous.get(shard) == key and shard not in unread and store.has(PART_KIND, key):
            store.mark_used(PART_KIND, key, count=False)
        else:
            store.put(PART_KIND, key, {rel: list(entries.get(rel)) for rel, _ in listed})
        parts[shard] = {"key": key, "pages": [rel for rel, _ in listed]}
    return parts


def forget(store: Store, site_dir: str) -> None:
    """A build that failed after writing: nothing of its folder is to be trusted."""
    store.remove(KIND, _name(store, site_dir))
