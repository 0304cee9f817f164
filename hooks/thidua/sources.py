"""Which files the build may read, and where the command line may write.

Records and registries come from many editors. A committed symbolic link could make the build
publish a file from outside the repository (a page, its .txt and .json) or make `thidua new`
write through a dangling link to anywhere on the editor's disk. So nothing under the project is
read or written through a link: a link is an error naming its path, never followed.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .problems import Problem

# Record file names become URLs and edit links: lower-case ASCII words joined by "-".
RECORD_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")


def _link_in(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from root to path (path itself included), if any."""
    current = str(root)
    for part in path.relative_to(root).parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return Path(current)
    return None


def refusal(path: Path, root: Path) -> Problem | None:
    """Why `path` (under root) must not be read, or None when it is a plain file in the project."""
    rel = path.relative_to(root).as_posix()
    link = _link_in(path, root)
    if link is not None:
        where = link.relative_to(root).as_posix()
        return Problem(
            rel, 1, "-",
            f"“{where}” là liên kết tượng trưng (symlink); chép nội dung vào một tệp thật trong kho",
            f"“{where}” is a symbolic link; copy the content into a real file in the repository",
        )
    try:
        mode = os.stat(path).st_mode  # no link on the way (above): this is the file itself
    except OSError:
        mode = 0
    if stat.S_ISDIR(mode):
        return Problem(
            rel, 1, "-",
            "đây là thư mục, không phải tệp; đổi tên thư mục (bỏ đuôi tệp) hoặc xoá nó",
            "this is a folder, not a file; rename it (drop the file extension) or remove it",
        )
    if not stat.S_ISREG(mode):
        return Problem(rel, 1, "-", "không phải tệp thường", "not a regular file")
    return None


def find(root: Path, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Every entry under root/folder whose name ends with one of suffixes — files and folders
    alike — and every link whatever its name, so that `refusal` reports the ones that are not
    plain files. Links to folders are listed, never entered."""
    base = root / folder
    if base.is_symlink():
        return [base]
    found: list[Path] = []
    for current, dirs, files in os.walk(base, followlinks=False):
        here = Path(current)
        for name in [*dirs, *files]:
            if name.lower().endswith(suffixes) or (here / name).is_symlink():
                found.append(here / name)
    return sorted(found)


def write_refusal(target: Path, root: Path) -> str | None:
    """Why the command line must not write `target`, in Vietnamese and English, or None."""
    root = root.resolve()
    target = Path(os.path.abspath(target))
    try:
        target.relative_to(root)
    except ValueError:
        return f"“{target}” nằm ngoài dự án [is outside the project]"
    link = _link_in(target, root)
    if link is not None:
        return (f"“{link.relative_to(root).as_posix()}” là liên kết tượng trưng (symlink); không ghi qua liên kết "
                f"[is a symbolic link; thidua never writes through one]")
    return None


def write_text(target: Path, text: str, root: Path, *, replace: bool) -> None:
    """Write a file the command line created, refusing links even if one appears meanwhile."""
    why = write_refusal(target, root)
    if why:
        raise PermissionError(why)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
