"""`mkdocs serve`: a record error is shown in the preview, and fixing the file brings the site back."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{needle!r} never appeared at {url}; last page:\n{last[:2000]}")


@pytest.fixture
def serve(project):
    record = project / "campaigns" / "2018" / "293-kh-stttt.md"
    record.write_text(record.read_text(encoding="utf-8").replace("issued: 2018-03-27", "issued: 2018-02-31"),
                      encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield f"http://127.0.0.1:{port}/", record
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_shows_errors_then_recovers(serve):
    base, record = serve
    home = wait_for(base + "trang-thong-tin-dien-tu/", "campaigns/2018/293-kh-stttt.md:7")
    assert "2018-02-31 is not a real date" in home
    assert "Dữ liệu văn bản có 1 lỗi" in fetch(base)  # the banner is on every page
    assert "Dữ liệu văn bản có 1 lỗi" in fetch(base + "trang-thong-tin-dien-tu/chu-de/")

    record.write_text(record.read_text(encoding="utf-8").replace("issued: 2018-02-31", "issued: 2018-03-27"),
                      encoding="utf-8")
    page = wait_for(base + "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/", "293/KH-STTTT")
    assert "ngày 27 tháng 3 năm 2018" in page
    assert "Dữ liệu văn bản có" not in fetch(base)
    # The search index is written after the rebuild is served (hooks/thidua_mkdocs.py, on_post_build)
    # and then found by the preview's search box.
    wait_for(base + "pagefind/pagefind-entry.json", '"languages"')
    # An edit after that: the page is reused from the cache for all but the edited decree.
    record.write_text(record.read_text(encoding="utf-8") + "\nĐoạn sửa trong bản xem trước.\n", encoding="utf-8")
    wait_for(base + "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/", "Đoạn sửa trong bản xem trước.")
    assert "293/KH-STTTT" in fetch(base + "trang-thong-tin-dien-tu/van-ban/")


def test_live_reload_runs_under_the_preview_policy(project):
    """The preview's pages carry a Content-Security-Policy too, and MkDocs' inline live-reload
    script (a new timestamp in every response) still runs: an editor's save reloads the page."""
    from playwright.sync_api import sync_playwright

    from test_search_browser import CHROMIUM, CHROMIUM_ARGS

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/trang-thong-tin-dien-tu/"
        assert "Content-Security-Policy" in wait_for(url, "td-")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            refused = []
            page.on("console", lambda msg: "Content Security Policy" in msg.text and refused.append(msg.text))
            page.goto(url)
            assert page.evaluate("typeof livereload") == "function"
            browser.close()
        assert refused == []
    finally:
        process.terminate()
        process.wait(timeout=10)


class _Lines:
    """The preview's log, read as it is written."""

    def __init__(self, stream):
        import threading

        self.lines: list[str] = []
        threading.Thread(target=lambda: [self.lines.append(line.rstrip()) for line in stream], daemon=True).start()

    def count(self, needle: str) -> int:
        return sum(needle in line for line in list(self.lines))

    def wait(self, needle: str, count: int = 1, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while self.count(needle) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"{needle!r} not logged {count} times:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.1)


def test_preview_listens_to_the_kernel_and_rebuilds_once_per_change(project, tmp_path):
    """On a local disk the preview watches with inotify (hooks/thidua_watch.py), not by polling:
    a save rebuilds once (the files the rebuild itself opens and reads start no other), and a
    year's folder moved away, reported by inotify as one folder event, removes its decree."""
    import thidua_watch
    from thidua import watching

    kind, reason = watching.choose(watching.watched_paths([project]), thidua_watch.mounts(), "auto", sys.platform)
    assert kind == watching.NATIVE, f"this test needs its temporary folder on a local disk: {reason}"

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    log = _Lines(process.stdout)
    base = f"http://127.0.0.1:{port}/trang-thong-tin-dien-tu/van-ban/"
    try:
        wait_for(base + "2018/293-kh-stttt/", "293/KH-STTTT")
        log.wait("pages indexed")
        assert log.count("xem trước nhận thay đổi từ hệ điều hành") == 1, "\n".join(log.lines)
        builds = log.count("Building documentation")

        record = project / "campaigns" / "2018" / "293-kh-stttt.md"
        record.write_text(record.read_text(encoding="utf-8") + "\nĐoạn lưu một lần.\n", encoding="utf-8")
        wait_for(base + "2018/293-kh-stttt/", "Đoạn lưu một lần.")
        log.wait("pages indexed", 2)
        time.sleep(3)  # a rebuild started by the rebuild's own reads would show by now
        assert log.count("Building documentation") == builds + 1, "\n".join(log.lines[-30:])

        (project / "campaigns" / "2024").rename(tmp_path / "2024-moved-away")
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024/")
            except urllib.error.HTTPError as error:
                assert error.code == 404
                break
            assert time.monotonic() < deadline, "the moved-away year's decree is still served"
            time.sleep(0.5)
        assert "293/KH-STTTT" in fetch(base + "2018/293-kh-stttt/")
    finally:
        process.terminate()
        process.wait(timeout=10)
