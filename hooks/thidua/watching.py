"""Which file watcher the preview (`mkdocs serve`) uses: the kernel's change events, or polling.

MkDocs polls: every half second it lists and stats every watched file, because change events
(Linux inotify) never arrive for files written by another machine or by the host of a virtual
one: network shares (NFS, SMB), the shared folders of Docker Desktop, WSL and virtual machines
(FUSE, 9p, virtiofs, vboxsf). The cost grows with the archive: at 10,000 records one poll takes
50-100 ms of the preview's single interpreter, every half second, during the rebuild too, and a
save waits a quarter of a second on average before the poll sees it.

On Linux, when every watched path sits on a filesystem of a local disk (or in memory), every
write goes through this kernel, so its events are complete: the preview listens to them and
stops polling. Anywhere else, or when the operator asks for it (`preview_watcher: polling`,
hooks/thidua/options.py), MkDocs' polling stays. Pure functions; hooks/thidua_watch.py applies
the choice to the server.
"""
from __future__ import annotations

import os
import re

# Filesystems whose files are written only through the kernel that mounts them. Anything not
# named here (nfs, cifs, smb3, 9p, fuse.*, virtiofs, vboxsf, fakeowner, drvfs, ceph…) is polled.
LOCAL_FILESYSTEMS = frozenset({
    "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs", "zfs", "bcachefs",
    "tmpfs", "overlay",
})

NATIVE, POLLING = "native", "polling"

_ESCAPE = re.compile(r"\\([0-7]{3})")


def mount_table(mountinfo: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) of each line of /proc/self/mountinfo (proc(5)): the mount
    point is the fifth field, the type the first after the " - " separator. Octal escapes in the
    mount point (a space is \\040) are decoded."""
    table = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        if dash < 5 or dash + 1 >= len(fields):
            continue
        point = _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), fields[4])
        table.append((point, fields[dash + 1]))
    return table


def filesystem_of(path: str, table: list[tuple[str, str]]) -> str | None:
    """The type of the filesystem holding `path` (absolute, symbolic links resolved): that of its
    longest mount point. Of two mounts on the same point, the later one (it hides the first)."""
    best, kind = -1, None
    for point, fstype in table:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:
            best, kind = len(point), fstype
    return kind


def choose(paths: list[str], table: list[tuple[str, str]], setting: str, platform: str) -> tuple[str, str]:
    """NATIVE or POLLING for the watched `paths`, with the reason, for the preview's log."""
    if setting == POLLING:
        return POLLING, "preview_watcher: polling"
    if not platform.startswith("linux"):
        return POLLING, f"{platform}: only Linux is known to deliver every change event"
    for path in paths:
        fstype = filesystem_of(path, table)
        if fstype not in LOCAL_FILESYSTEMS:
            return POLLING, f"{path} is on {fstype or 'an unknown filesystem'}"
    return NATIVE, "inotify: " + ", ".join(sorted({filesystem_of(p, table) for p in paths}))


def watched_paths(paths) -> list[str]:
    """Absolute, with symbolic links resolved (a link's target is what changes)."""
    return [os.path.realpath(os.path.abspath(p)) for p in paths]
