"""Which watcher the preview uses (hooks/thidua/watching.py): the kernel's change events only where
every write goes through this kernel, MkDocs' polling elsewhere."""
from __future__ import annotations

from thidua import options, watching

# /proc/self/mountinfo lines (proc(5)): a Docker Desktop bind mount, WSL's Windows drive, an NFS
# share, a mount point with a space (\040), and a tmpfs mounted over a folder of the disk.
MOUNTINFO = "\n".join([
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
    "40 22 0:35 / /tmp rw,nosuid shared:20 - tmpfs tmpfs rw",
    "41 22 0:36 / /srv/docs rw,relatime - fakeowner grpcfuse rw",
    "42 22 0:37 / /mnt/c rw,noatime - 9p drvfs rw,dirsync",
    "43 22 0:38 / /home/biên\\040tập rw - nfs4 server:/export rw",
    "44 22 0:39 / /data/local rw - xfs /dev/sdb1 rw",
    "45 44 0:40 / /data/local rw - fuse.sshfs host:/x rw",  # mounted later over the xfs
    "malformed line",
])
TABLE = watching.mount_table(MOUNTINFO)


def test_mount_points_and_types_are_read_with_their_escapes():
    assert ("/home/biên tập", "nfs4") in TABLE
    assert ("/", "ext4") in TABLE and len(TABLE) == 7


def test_a_path_belongs_to_its_longest_mount_point():
    assert watching.filesystem_of("/work/main/campaigns", TABLE) == "ext4"
    assert watching.filesystem_of("/tmp/project/mkdocs.yml", TABLE) == "tmpfs"
    assert watching.filesystem_of("/tmpfoo/x", TABLE) == "ext4"  # not under /tmp
    assert watching.filesystem_of("/home/biên tập/thidua/campaigns", TABLE) == "nfs4"
    assert watching.filesystem_of("/data/local/campaigns", TABLE) == "fuse.sshfs"  # the later mount hides the xfs
    assert watching.filesystem_of("relative/path", []) is None


def test_local_disks_are_watched_natively_everything_else_is_polled():
    assert watching.choose(["/work/main/campaigns", "/tmp/x/mkdocs.yml"], TABLE, "auto", "linux")[0] == watching.NATIVE
    for shared in ["/srv/docs/campaigns", "/mnt/c/Users/thidua/campaigns", "/home/biên tập/thidua",
                   "/data/local/campaigns"]:
        kind, reason = watching.choose(["/work/main/docs", shared], TABLE, "auto", "linux")
        assert kind == watching.POLLING and shared in reason, (shared, reason)
    assert watching.choose(["/work/main"], [], "auto", "linux")[0] == watching.POLLING  # no table: unknown
    assert watching.choose(["/work/main"], TABLE, "auto", "darwin")[0] == watching.POLLING
    assert watching.choose(["/work/main"], TABLE, "polling", "linux") == (watching.POLLING, "preview_watcher: polling")


def test_the_option_takes_polling_or_falls_back_to_auto():
    assert options.read({}).preview_watcher == "auto"
    assert options.read({"preview_watcher": "polling"}).preview_watcher == "polling"
    # Hostile or mistaken values never reach the log or a page: anything else is "auto".
    for value in ["native", "<script>alert(1)</script>", ["polling"], {"a": 1}, True, None, 0]:
        assert options.read({"preview_watcher": value}).preview_watcher == "auto", value


# --- the server's observer (hooks/thidua_watch.py), on MkDocs' real preview server ---------------

def _server(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    docs, config, campaigns = tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "campaigns"
    docs.mkdir()
    campaigns.mkdir()
    config.write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(docs))  # as mkdocs.commands.serve does before on_serve
    server.watch(str(config))
    return server, str(docs), str(config), str(campaigns)


def test_the_watches_move_to_a_started_native_observer(tmp_path):
    import thidua_watch

    server, docs, config, campaigns = _server(tmp_path)
    polling = server.observer
    try:
        assert thidua_watch.use_best_watcher(server, [campaigns], "auto") == watching.NATIVE
        assert isinstance(server.observer, thidua_watch.ChangesObserver) and server.observer.is_alive()
        assert {e.watch.raw_path for e in server.observer.emitters} == {docs, config, campaigns}
        assert not polling.emitters  # nothing is polled any more
        server.watch(campaigns)  # MkDocs' own call after on_serve only counts it
        assert len(server.observer.emitters) == 3
        server.observer.start()  # LiveReloadServer.serve() starts it again: no error
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_native_observer_that_cannot_start_gives_the_watches_back_to_polling(tmp_path):
    import thidua_watch

    class Full(thidua_watch.ChangesObserver):
        def start(self):
            raise OSError(28, "inotify watch limit reached")

    server, docs, config, campaigns = _server(tmp_path)
    polling = server.observer
    failure = thidua_watch._move_to(server, Full(), {docs: 1, config: 1}, [campaigns])
    assert failure == "inotify: [Errno 28] inotify watch limit reached"
    assert server.observer is polling
    assert {e.watch.raw_path for e in polling.emitters} == {docs, config}  # campaigns: MkDocs watches it next
    assert server._watched_paths == {docs: 1, config: 1}
