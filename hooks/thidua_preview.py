"""The preview's site folder, kept from one `mkdocs serve` rebuild to the next.

MkDocs empties the site folder before every build, so after each save a preview of a large archive
wrote every page, open-data file and asset again: at 2,000 records, most of the rebuild's time
went to opening and writing some 10,000 files. Here the folder's contents are set aside in a hidden
folder before MkDocs empties it (mkdocs.utils.clean_directory leaves names that start with ".")
and put back before anything is written. A file whose content is the same as what the previous
rebuild wrote at that place is not written again; after the rebuild, every file it did not
produce (a deleted record's page, a feed that no longer exists) is removed, so the folder holds
what a cold build would have written.

This is trusted only after a rebuild that completed: after a failed one, or on the first, MkDocs
empties the folder as usual. `mkdocs build` uses the same Folder with what it may trust of the
previous build's folder, which it checks on disk first (hooks/thidua_kept.py). No file outside the
site folder is touched.
"""
from __future__ import annotations

import hashlib
import os
import shutil

STASH = ".thidua-preview"


class Folder:
    """What one preview server wrote: absolute path in the site folder -> a token of its content
    (a digest of the bytes, the cache name of a finished page, or a theme file's size and time)."""

    def __init__(self) -> None:
        self.previous: dict[str, str] = {}  # written by the last rebuild that completed
        self.base: dict[str, str] = {}  # what this rebuild may rely on being in the folder
        self.current: dict[str, str] = {}  # what this rebuild produced
        self.site_dir: str | None = None

    def set_aside(self, site_dir: str, base: dict[str, str] | None = None) -> None:
        """Before MkDocs empties `site_dir`: move its contents into the hidden stash. `base`: what
        the folder holds, exactly, when another build wrote it (hooks/thidua_kept.py); by default
        what this object's previous completed rebuild left there."""
        site_dir = os.path.normpath(site_dir)
        stash = os.path.join(site_dir, STASH)
        shutil.rmtree(stash, ignore_errors=True)  # left by a rebuild that failed half-way
        if base is None:
            # A failed rebuild leaves `previous` empty: nothing in the folder is then relied on.
            base = self.previous if site_dir == self.site_dir else {}
        self.base, self.previous, self.current = base, {}, {}
        self.site_dir = site_dir
        if not self.base or not os.path.isdir(site_dir):
            return
        os.mkdir(stash)
        for name in os.listdir(site_dir):
            if not name.startswith("."):
                os.rename(os.path.join(site_dir, name), os.path.join(stash, name))

    def put_back(self) -> None:
        """After MkDocs emptied the folder, before anything is written into it."""
        if self.site_dir is None:
            return
        stash = os.path.join(self.site_dir, STASH)
        if not os.path.isdir(stash):
            return
        for name in os.listdir(stash):
            target = os.path.join(self.site_dir, name)
            if os.path.lexists(target):  # written meanwhile (nothing does today): the new one wins
                continue
            os.rename(os.path.join(stash, name), target)
        shutil.rmtree(stash, ignore_errors=True)

    def unchanged(self, path: str, token: str) -> bool:
        """Record that this rebuild produces `token` at `path`; True when the folder already holds
        exactly that, so writing it can be skipped."""
        path = os.path.normpath(path)
        self.current[path] = token
        # Not checked on disk (a stat per file took a twelfth of a rebuild at 10,000 records): the
        # folder is the server's own temporary one (mkdocs/commands/serve.py), which nothing else
        # writes, and after a completed rebuild it holds exactly what that rebuild produced.
        return self.base.get(path) == token

    def produced(self, path: str) -> None:
        """A file this rebuild writes itself (a page MkDocs renders, a template)."""
        self.current.setdefault(os.path.normpath(path), "")

    def finish(self, keep: tuple[str, ...] = (), walk: bool = True, removed: list[str] = ()) -> int:
        """After a completed rebuild: remove what it did not produce (outside the top-level folders
        named in `keep`, written later by someone else) and trust the folder next time. Returns how
        many files were removed. `walk=False`: the folder held nothing but `base` before this
        build, even if that is empty; `removed`: files someone else removed before it, whose
        folders go too if nothing is left in them."""
        site = self.site_dir
        if site is None:
            return 0
        if self.base or not walk:
            # The folder held exactly `base` before this rebuild (the previous finish left it so):
            # what went stale is what that rebuild produced and this one did not. No walk over an
            # archive's folder, which took a tenth of a rebuild at 10,000 records.
            stale = [path for path in self.base if path not in self.current]
        else:
            stale = [path for path in self._files(site, keep) if path not in self.current]
        count = 0
        for path in stale:
            try:
                os.unlink(path)
                count += 1
            except FileNotFoundError:
                pass
        self._remove_empty_folders(site, [*stale, *removed])
        self.previous, self.base = self.current, {}
        return count

    def site_files(self) -> list[str]:
        """After finish(): every file it left in the folder, site-relative with "/" (the folder
        holds exactly these, besides the top-level folders finish() was told to keep)."""
        start = len(self.site_dir) + 1
        return [path[start:].replace(os.sep, "/") for path in self.previous]

    @staticmethod
    def _files(site: str, keep: tuple[str, ...]):
        for top, dirs, names in os.walk(site, topdown=True):
            if top == site:
                dirs[:] = [d for d in dirs if d not in keep and not d.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            for name in names:
                yield os.path.join(top, name)

    @staticmethod
    def _remove_empty_folders(site: str, removed: list[str]) -> None:
        """The folders of removed files, and theirs, once nothing is left in them (never `site`)."""
        folders = {os.path.dirname(path) for path in removed}
        for folder in sorted(folders, key=len, reverse=True):
            while folder != site and folder.startswith(site + os.sep):
                try:
                    os.rmdir(folder)
                except OSError:  # not empty, or already gone with a deeper one
                    break
                folder = os.path.dirname(folder)


class Made:
    """Texts the previous rebuild made (a record's .txt and .json, a feed), by everything they were
    made from, so a rebuild of the same server takes them from memory: a text is immutable, so no
    later change can reach the copy another rebuild uses. Each rebuild keeps what it used; an
    entry's key holds all its inputs, so an entry is never stale, only unused."""

    def __init__(self) -> None:
        self.previous: dict = {}
        self.current: dict = {}
        self.tokens: dict[str, str] = {}  # text -> content_token(text), for the texts above

    def next_rebuild(self) -> None:
        self.previous, self.current = self.current, {}
        kept = set(self.previous.values())
        self.tokens = {text: token for text, token in self.tokens.items() if text in kept}

    def text(self, key, make, reused=None) -> str:
        found = self.previous.get(key)
        if found is None:
            found = make()
        elif reused is not None:
            reused()
        self.current[key] = found
        return found

    def token(self, text: str) -> str:
        """content_token(text); a text kept from the previous rebuild is the same object, whose
        hash Python keeps, so its token is found without reading it again."""
        token = self.tokens.get(text)
        if token is None:
            token = self.tokens[text] = content_token(text)
        return token


def content_token(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return "c:" + hashlib.blake2b(data, digest_size=20).hexdigest()


def source_token(path: str) -> str | None:
    """A copied file is the same while its source keeps its size and modification time (the rule
    `mkdocs serve --dirty` uses), inode and change time: a package installed again (its files
    may all carry one fixed time) gives new ones."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"s:{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"
