"""A content-addressed store of work done once per record and reused while its inputs are unchanged.

An entry's name is the SHA-256 of everything the work read (the record's bytes, the registry
entries it resolved, the Markdown configuration…) together with the `fingerprint` of the code
that did it, so a changed input simply asks for another name: nothing is ever invalidated by
hand, and a stale entry cannot be found. Each file also carries the checksum of its value; a
file that fails to parse or to match it is ignored (and counted) rather than trusted.
A folder entry's files are hashed again only when their status changed since (Store.get_folder).

Values are JSON, never pickle: the folder may come back from a CI cache, and reading it must not
be able to run code. A file is one header line (key, checksum, and for `put_bytes` a small JSON
`meta`) and then the value's bytes: JSON for `put`, raw for `put_bytes` (a finished page, written
to the site as stored), so checking a large value hashes its bytes once and decodes nothing. Entries not used by a build are removed at its end (`prune`), so the folder
holds exactly one build's worth. No MkDocs import: the glue (hooks/thidua_mkdocs.py) owns when.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

# The packages whose output the cached work depends on: a new version gives new names.
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "PyYAML", "jsonschema", "nh3", "google-re2")
FORMAT = 3
MISSING = object()
# How long after its last change a file's status may stand for its bytes: a write within the same
# clock tick as a read would leave the time stamp as it was (the file systems' coarse clocks).
SETTLED_NS = 2_000_000_000


def digest(*parts: Any) -> str:
    """SHA-256 of JSON-encoded parts: the same inputs give the same name on every machine."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not hashable as JSON: {type(value).__name__}")


def code_fingerprint(package_dir: Path, extra: list[Path] = ()) -> str:
    """What the code that produced an entry was: every file of the `thidua` package (its schemas
    included), the given extra files, the Python version and the versions of PACKAGES."""
    h = hashlib.sha256(f"format {FORMAT}; python {sys.version_info[:3]}".encode())
    for name in PACKAGES:
        try:
            h.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -".encode())
    files = sorted(p for p in Path(package_dir).rglob("*") if p.is_file() and p.suffix in (".py", ".json"))
    for path in [*files, *extra]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def encode_json(value: Any) -> bytes:
    """A value as the cache stores it (Store.put, Store.put_json)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Store:
    """Entries under `folder/<kind>/<key[:2]>/<key>.json`. `get` and `put` never raise on a bad
    folder: a build without its cache is only slower."""

    def __init__(self, folder: Path, fingerprint: str, memory: dict[str, Any] | None = None):
        self.folder = Path(folder)
        self._base = str(self.folder)
        self.fingerprint = fingerprint
        # A long-lived process (the preview server) passes the same dict to each build's Store:
        # JSON entries it read or wrote are then taken from memory as the values already decoded.
        # The same object goes to every rebuild that asks for that entry, so a caller never
        # changes a value it gets (thidua.validate, thidua.search, hints, bodies, texts only read).
        self.memory = memory
        self.remembered: dict[str, Any] = {}  # what this build read or wrote, for the next one's memory
        # Entries read or written by this build, as path strings (a warm build names some ten
        # thousand: a Path object for each cost more than reading them).
        self.used: set[str] = set()
        self.hits = self.misses = self.corrupt = 0
        self.write_errors = 0

    def key(self, kind: str, *inputs: Any) -> str:
        return digest(self.fingerprint, kind, *inputs)

    def _path(self, kind: str, key: str) -> str:
        return f"{self._base}/{kind}/{key[:2]}/{key}.json"

    def get(self, kind: str, key: str, count: bool = True) -> Any:
        """The entry's value, or MISSING. `count`: as for get_bytes."""
        return self._decoded(kind, key, json.loads, count)

    def _decoded(self, kind: str, key: str, decode: Callable[[bytes], Any], count: bool = True) -> Any:
        """The entry's data as `decode` reads it, or MISSING; from the memory when it holds it."""
        path = self._path(kind, key)
        if self.memory is not None and path in self.memory:
            self.used.add(path)
            self.hits += count
            value = self.remembered[path] = self.memory[path]
            return value
        found = self.get_bytes(kind, key, count)
        if found is MISSING:
            return MISSING
        try:
            value = decode(found[1])
        except ValueError:  # bytes that match their checksum but were never written by put/put_text
            self.hits -= count
            self.corrupt += 1
            self.misses += count
            return MISSING
        if self.memory is not None:
            self.remembered[path] = value
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        self.put_json(kind, key, encode_json(value))

    def put_json(self, kind: str, key: str, body: bytes) -> None:
        """`put` of a value already encoded as `encode_json` does (by a worker process)."""
        self.put_bytes(kind, key, body)
        if self.memory is not None:  # decoded from what was stored: not the caller's own object
            self.remembered[self._path(kind, key)] = json.loads(body)

    def get_bytes(self, kind: str, key: str, count: bool = True) -> tuple[Any, bytes] | Any:
        """(meta, data) as put_bytes stored them, or MISSING. The data is checked, never decoded:
        a finished page is written to the site as it is. `count`: whether a found or missing
        entry counts as work reused or done (not for a record of the build itself)."""
        path = self._path(kind, key)
        self.used.add(path)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            self.misses += count
            return MISSING
        try:
            head, _, body = raw.partition(b"\n")
            stored = json.loads(head)
            ok = stored["key"] == key and stored["sha256"] == hashlib.sha256(body).hexdigest()
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            self.corrupt += 1
            self.misses += count
            return MISSING
        self.hits += count
        return stored.get("meta"), body

    def get_text(self, kind: str, key: str, count: bool = True) -> tuple[Any, str] | Any:
        """(value, text) as put_text stored them, or MISSING; from the memory like `get`. `count`:
        as for get_bytes."""
        return self._decoded(kind, key, _split_text, count)

    def put_text(self, kind: str, key: str, value: Any, text: str) -> None:
        """A JSON `value` with a long `text` kept as UTF-8 after it, not as a JSON string: reading
        a record's body back as JSON took 0.8 s of a rebuild at 10,000 records. JSON escapes every
        line break, so the value is the entry's first line."""
        head = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.put_bytes(kind, key, head + b"\n" + text.encode("utf-8"))
        if self.memory is not None:  # decoded from what was stored: not the caller's own object
            self.remembered[self._path(kind, key)] = (json.loads(head), text)

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry of that name is on disk (unchecked: `get_bytes` still checks it)."""
        return os.path.isfile(self._path(kind, key))

    def remove(self, kind: str, key: str) -> None:
        """Remove an entry, if there is one (an entry that must not outlive the build reading it)."""
        try:
            os.unlink(self._path(kind, key))
        except OSError:
            pass

    def mark_used(self, kind: str, key: str, count: bool = True) -> None:
        """An entry the caller still holds from an earlier build of the same process (the preview),
        or one a later build may need: kept by `prune` without reading it, and counted as reused
        unless `count` is False."""
        self.used.add(self._path(kind, key))
        self.hits += count

    def put_bytes(self, kind: str, key: str, data: bytes, meta: Any = None) -> None:
        path = self._path(kind, key)
        self.used.add(path)
        path = Path(path)
        head = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}
        if meta is not None:
            head["meta"] = meta
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + data)
            os.replace(tmp, path)  # readers see the old entry or the new one, never half of one
        except OSError:
            self.write_errors += 1

    def cached(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        value = self.get(kind, key)
        if value is MISSING:
            value = compute()
            self.put(kind, key, value)
        return value

    # --- entries that are folders (a Pagefind bundle: hooks/thidua/searchindex.py) ---------------
    MANIFEST = "thidua-manifest.json"

    def _folder_path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def has_folder(self, kind: str, key: str) -> bool:
        """Whether a folder entry of that name is on disk (unchecked: `get_folder` checks it). One
        that is not counts as work to do, as `get_folder` would count it."""
        found = os.path.isdir(self._folder_path(kind, key))
        self.misses += not found
        return found

    def get_folder(self, kind: str, key: str, count: bool = True) -> Path | None:
        """The folder stored under `key`, or None. Every file is checked against the manifest
        written with it (names and SHA-256), so a folder cut short or altered is never used; its
        files count as used, so `prune` keeps them. `count`: whether the lookup counts as reused
        or computed work (and a refused folder as corrupt) in the build's figures.

        A file is hashed again only when its status (inode, size, modification time) is not the
        one the manifest recorded when it was last hashed: checking the bundles of every unchanged
        search shard by their bytes took 4 s of a one-record rebuild at 10,000 records. Writing a
        file changes its modification time, and a file put in its place has another inode. Only a
        status taken after the file had settled (SETTLED_NS) is recorded, so a write in the same
        clock tick as the hash cannot hide behind an equal time stamp. The change time is not
        compared: the search step links these files into the site, which changes it every build.
        """
        path = self._folder_path(kind, key)
        manifest = path / self.MANIFEST
        listed = _files_under(path)
        self.used.update(str(path / name) for name in listed)
        if not listed:
            self.misses += count
            return None
        hashed: dict[str, list[int]] = {}
        try:
            stored = json.loads(manifest.read_bytes())
            files, known = stored["files"], stored.get("status", {})
            ok = (stored["key"] == key and isinstance(files, dict) and isinstance(known, dict)
                  and set(files) | {self.MANIFEST} == listed)
            for name, sha in files.items() if ok else ():
                status = _status(path / name)  # before the bytes: a later write shows next time
                if status is not None and known.get(name) == status:
                    continue
                if file_sha256(path / name) != sha:
                    ok = False
                    break
                hashed[name] = status
        except (OSError, ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            self.corrupt += count
            self.misses += count
            return None
        self.hits += count
        if any(_settled(status) for status in hashed.values()):
            try:
                _write_manifest(manifest, {**stored, "status": {**known, **hashed}})
            except OSError:  # a read-only cache: its files are hashed again next time
                pass
        return path

    def put_folder(self, kind: str, key: str, source: Path, move: bool = False) -> Path | None:
        """Store a copy of the folder `source` under `key`; returns where, or None when the cache
        could not be written. Copied beside its place and renamed into it, so a reader finds the
        whole folder or none (an interrupted copy is a temp folder `prune` removes). `move`: the
        caller has no further use for `source`, which is then moved when it is on the cache's
        filesystem (a search index of 10,000 decrees is 116 MB to copy) and put back if storing
        it fails."""
        path = self._folder_path(kind, key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        moved = False
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            if move:
                try:
                    os.rename(source, tmp)  # keeps every file as it is
                    moved = True
                except OSError:  # another filesystem
                    pass
            if not moved:
                shutil.copytree(source, tmp)  # keeps the files' modification times: most have settled
            names = sorted(_files_under(tmp))
            status = {name: _status(tmp / name) for name in names}  # before the bytes, as get_folder
            files = {name: file_sha256(tmp / name) for name in names}
            _write_manifest(tmp / self.MANIFEST, {"key": key, "files": files, "status": status})
            shutil.rmtree(path, ignore_errors=True)  # a damaged copy, which `get_folder` refused
            os.rename(tmp, path)
        except OSError:
            self.write_errors += 1
            if moved:
                try:
                    os.rename(tmp, source)  # the caller still places it
                except OSError:
                    pass
            shutil.rmtree(tmp, ignore_errors=True)
            return None
        self.used.update(str(path / name) for name in [*names, self.MANIFEST])
        return path

    # Not entries: folders the build keeps up to date itself (thidua.pagefindinput), left alone
    # by `prune`.
    WORK = "work"

    def prune(self) -> int:
        """Remove every entry this build did not read or write; returns how many."""
        removed = 0
        work = os.path.join(self._base, self.WORK)
        # Bottom up, so folder entries' directories left empty go in the same walk. Paths as
        # `_path` and `put_folder` spell them, so they compare with `used` as strings.
        for top, folders, names in os.walk(self._base, topdown=False):
            if top == work or top.startswith(work + os.sep):
                continue
            for name in names:
                path = os.path.join(top, name)
                if path not in self.used:
                    try:
                        os.unlink(path)
                        removed += 1
                    except OSError:
                        pass
            if top != self._base:
                try:
                    os.rmdir(top)  # only when empty
                except OSError:
                    pass
        return removed

    def notice(self) -> str | None:
        """One line for the build log when the cache could not be trusted or written."""
        if self.corrupt:
            return (f"bộ nhớ đệm {self.folder}: bỏ qua {self.corrupt} mục hỏng, dựng lại từ đầu "
                    f"[build cache: {self.corrupt} corrupt entries ignored and rebuilt]")
        if self.write_errors:
            return (f"bộ nhớ đệm {self.folder}: không ghi được {self.write_errors} mục "
                    f"[build cache: {self.write_errors} entries could not be written]")
        return None


def _split_text(data: bytes) -> tuple[Any, str]:
    """What put_text wrote: a line of JSON, then the text (UnicodeDecodeError is a ValueError)."""
    head, _, text = data.partition(b"\n")
    return json.loads(head), text.decode("utf-8")


def _files_under(folder: Path) -> set[str]:
    """The names of the files under `folder`, relative to it (os.walk: pathlib's rglob took half
    of checking a search shard's bundle of 4,000 files)."""
    base = str(folder)
    cut = len(base) + 1
    return {os.path.join(top, name)[cut:] for top, _, names in os.walk(base) for name in names}


def _status(path: Path) -> list[int] | None:
    """What says a plain file is unchanged since it was hashed: inode, size, modification time."""
    st = os.lstat(path)
    return [st.st_ino, st.st_size, st.st_mtime_ns] if stat.S_ISREG(st.st_mode) else None


def _settled(status: list[int] | None) -> bool:
    return status is not None and status[2] < time.time_ns() - SETTLED_NS


def _write_manifest(path: Path, manifest: dict) -> None:
    """A folder's manifest, with the status of its settled files only (get_folder). Written
    beside the folder and moved in, so a reader sees the old manifest or the new one, and an
    interrupted write leaves no stray file in the folder (`prune` removes it, unused)."""
    status = {name: value for name, value in manifest.get("status", {}).items() if _settled(value)}
    tmp = path.parent.with_name(f".{path.parent.name}.{os.getpid()}.manifest.tmp")
    try:
        tmp.write_text(json.dumps({**manifest, "status": status}, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def round_trips(value: Any) -> bool:
    """True when JSON gives back exactly `value` (no int keys turned into strings, no tuples)."""
    try:
        return _same(json.loads(json.dumps(value, ensure_ascii=False)), value)
    except (TypeError, ValueError):
        return False


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b
