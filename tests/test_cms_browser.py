"""The web editor /quan-tri/ end to end: Decap CMS (vendored) with its local backend
(decap-server from package-lock.json, run on 127.0.0.1 by this test) over a temporary copy of the
project; a decree created through the form validates, builds strictly and shows on its page."""
from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build, thidua

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    if not DECAP_SERVER.is_file():
        pytest.fail("decap-server is missing: run `npm ci` (scripts/test.sh does)", pytrace=False)
    project = copy_project(tmp_path_factory.mktemp("cms") / "project")
    return project


@pytest.fixture(scope="module")
def backend(project):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
    proc = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while True:  # bounded wait for the port to accept connections
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("decap-server did not start: " + (proc.stdout.read() or ""))
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/api/v1"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(project, backend):
    os.environ["CMS_LOCAL_BACKEND"] = backend
    try:
        result = mkdocs_build(project)
    finally:
        del os.environ["CMS_LOCAL_BACKEND"]
    assert result.returncode == 0, result.stderr
    site = project / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


NUMBER = "45/KH-SGTVT"
TITLE = "Phát động phong trào thi đua “Về đích” năm 2025"


def field(page, label: str):
    """The form field labelled `label` (Decap appends "(tùy chọn)" to optional ones)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \(|$)")).first


def choose(page, label: str, text: str) -> None:
    """A select field (react-select): type part of the option, take the first match."""
    field(page, label).fill(text)
    page.keyboard.press("Enter")


def written(page, path: Path, before: str | None) -> str:
    """The file's text once the backend has written it: different from `before` (None: the file
    did not exist) and unchanged for half a second. decap-server truncates the file and then writes
    it, so a text read as soon as it differs may be cut short. Bounded by 30 s."""
    deadline = time.monotonic() + 30
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text != last:
            last, since = text, time.monotonic()
        elif text is not None and text != before and time.monotonic() - since >= 0.5:
            return text
        page.wait_for_timeout(100)
    return last if last is not None else ""


def test_create_decree_through_the_form(browser, server, project):
    page = browser.new_page()
    hosts: set[str] = set()
    csp_errors: list[str] = []
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_errors.append(m.text))
    page.goto(server + "/quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(server + "/quan-tri/#/collections/van-ban/new")
    field(page, "Trích yếu").fill(TITLE)
    field(page, "Số ký hiệu").fill(NUMBER)
    choose(page, "Loại văn bản", "kế hoạch")
    field(page, "Tên loại in trên văn bản").fill("KẾ HOẠCH")
    choose(page, "Cơ quan ban hành", "Sở Giao thông vận tải tỉnh Lạng Sơn")
    field(page, "Ngày ban hành").fill("2025-01-20")
    field(page, "Địa danh").fill("Lạng Sơn")
    body = page.locator("[contenteditable=true]").last  # the raw Markdown editor (Slate)
    body.click()
    page.keyboard.type("Toàn văn kế hoạch thử.")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay", exact=True).click()
    saved = project / "campaigns" / "2025" / "45-kh-sgtvt.md"
    text = written(page, saved, None)
    assert saved.is_file(), sorted(str(p) for p in project.rglob("*.md") if "site" not in str(p))

    # The same text the importer writes for the same fields (hooks/thidua/importer/write.py).
    from conftest import read_record
    from thidua.importer.write import record_text
    front, body = read_record(saved)
    assert record_text(front, body) == text
    assert front["number"] == NUMBER and front["issuer"] == "so-gtvt-lang-son"
    assert front["issued"] == "2025-01-20" and front["doc_type"] == "kế hoạch"

    result = thidua(project, "validate", saved)
    assert result.returncode == 0, result.stdout + result.stderr
    build = mkdocs_build(project, "--site-dir", str(project / "site2"))
    assert build.returncode == 0, build.stderr
    html = (project / "site2" / "trang-thong-tin-dien-tu" / "van-ban" / "2025" / "45-kh-sgtvt" / "index.html").read_text(encoding="utf-8")
    assert NUMBER in html and "Sở Giao thông vận tải tỉnh Lạng Sơn" in html
    # The admin page talked to the site and the local backend only.
    assert all(h.startswith("127.0.0.1:") for h in hosts), hosts
    assert csp_errors == []  # the admin page's own CSP lets the CMS do all of this


def test_correcting_one_field_changes_one_line(browser, server, project):
    record = project / "campaigns" / "2023" / "173-pd-skhdt.md"
    before = record.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(server + "/quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(server + "/quan-tri/#/collections/van-ban/entries/2023/173-pd-skhdt")
    place = field(page, "Địa danh")
    place.wait_for()
    assert place.input_value() == "Lạng Sơn"
    place.fill("TP. Lạng Sơn")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay", exact=True).click()
    after = written(page, record, before)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("place: Lạng Sơn", "place: TP. Lạng Sơn")]
    assert len(before.splitlines()) == len(after.splitlines())


def test_registry_is_edited_as_one_list_and_keeps_its_layout(browser, server, project):
    registry = project / "campaigns" / "units.yml"
    before = registry.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(server + "/quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(server + "/quan-tri/#/collections/danh-muc/entries/don-vi")
    summary = page.get_by_text("ubnd-tinh-lang-son", exact=True)
    summary.wait_for()
    summary.locator("xpath=..").locator("button").first.click()  # the entry's expand arrow
    province = field(page, "Tỉnh, thành phố")
    assert province.input_value() == "Lạng Sơn"
    province.fill("Lạng Sơn (tỉnh)")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay", exact=True).click()
    after = written(page, registry, before)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("  province: Lạng Sơn", "  province: Lạng Sơn (tỉnh)")]
    assert len(before.splitlines()) == len(after.splitlines())  # header comments and blank lines kept
