"""The site folder one `mkdocs build` wrote, kept for the next: a file whose content would be the
same is neither read from the build cache nor written again.

MkDocs empties the site folder before every build (hooks/thidua_sweep.py), so a rebuild after one
edit wrote the whole site again: at 2,000 decrees, creating some 4,000 folders and writing some
12,000 unchanged files took half of that rebuild.

After a build completes, its state is stored in the build cache (thidua.buildcache.Store, under a
name that holds the site folder's path and the code's fingerprint): every file it produced, with a
token of its content (hooks/thidua_preview.py: the cache name of a finished page, a digest of a
generated text, a theme file's identity) and its status (os.lstat: inode, size, modification and
change times), and the search entry taken out of each finished decree page (the search step needs
it, hooks/thidua/searchindex.py). The next build takes the state (it is removed at once, so a build
that does not complete leaves nothing to trust) and walks the folder. A file is kept only when

- its status is the one recorded: any write changes its change time, which no program can set
  back, and a file put in its place has another inode;
- it had settled when recorded (its last change SETTLED_NS or more before), so a change in the same
  clock tick as the record cannot hide behind an equal time stamp;
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

from thidua.buildcache import MISSING, Store
from thidua.validate import Seen

KIND = "site-state"
SETTLED_NS = Seen.SETTLED_NS


@dataclass
class Kept:
    base: dict[str, str] = field(default_factory=dict)  # absolute path -> token, of the files kept
    entries: dict[str, tuple] = field(default_factory=dict)  # site-relative page -> its search entry
    removed: list[str] = field(default_factory=list)  # absolute paths of the files not kept


def _name(store: Store, site_dir: str) -> str:
    return store.key(KIND, os.path.normpath(os.path.abspath(site_dir)))


def take(store: Store, site_dir: str, skip: tuple[str, ...] = ()) -> Kept | None:
    """What of `site_dir` the previous completed build left and may be kept; removes the rest of
    the folder (but the top-level names starting with "." and those in `skip`) and the state.
    None when no state is at hand: the caller empties the folder."""
    name = _name(store, site_dir)
    found = store.get_bytes(KIND, name, count=False)
    store.remove(KIND, name)
    if found is MISSING:
        return None
    try:
        state = json.loads(found[1])
        files, entries, recorded = state["files"], state["entries"], int(state["recorded_ns"])
        if not isinstance(files, dict) or not isinstance(entries, dict):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    site = os.path.normpath(os.path.abspath(site_dir))
    if not os.path.isdir(site):
        return Kept()
    kept = verify(site, files, recorded, skip)
    kept.entries = {rel: tuple(entry) for rel, entry in entries.items()
                    if os.path.join(site, rel) in kept.base and isinstance(entry, list) and len(entry) == 2}
    return kept


def verify(site: str, recorded: dict, recorded_ns: int, skip: tuple[str, ...] = ()) -> Kept:
    """Walk `site` (never through a link): keep the files whose status is `recorded`'s
    (site-relative path -> [token, inode, size, mtime_ns, ctime_ns]) and had settled by
    `recorded_ns`; remove every other file."""
    kept = Kept()
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
            if (isinstance(record, list) and len(record) == 5 and stat.S_ISREG(st.st_mode)
                    and st.st_nlink == 1
                    and record[1:] == [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
                    and max(st.st_mtime_ns, st.st_ctime_ns) < recorded_ns - SETTLED_NS):
                kept.base[entry.path] = str(record[0])
            else:
                os.unlink(entry.path)
                kept.removed.append(entry.path)
    return kept


def save(store: Store, site_dir: str, produced: dict[str, str], entries: dict[str, tuple]) -> None:
    """After a completed build: the state of the files it `produced` (absolute path -> token) and
    the search entries (site-relative page -> entry) of the finished pages among them."""
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
        files[path[start:]] = [token, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    pages = {rel: list(entry) for rel, entry in entries.items()
             if entry and files.get(rel, ("",))[0].startswith("p:")}
    data = json.dumps({"recorded_ns": recorded, "files": files, "entries": pages},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    store.put_bytes(KIND, _name(store, site_dir), data)


def forget(store: Store, site_dir: str) -> None:
    """A build that failed after writing: nothing of its folder is to be trusted."""
    store.remove(KIND, _name(store, site_dir))
