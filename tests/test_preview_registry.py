"""`mkdocs serve` also rebuilds when the unit registry changes, and when `thidua import` adds a record.

The foundation's test_preview.py covers a broken record; this covers the editor's other two saves
in the publishing steps of docs/huong-dan-bien-tap.md: campaigns/units.yml and a new record.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, thidua
from test_preview import fetch, free_port, wait_for


@pytest.fixture
def served(project):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_follows_registry_and_imports(served):
    project, base = served
    wait_for(base + "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/", "293/KH-STTTT")

    # The registry loses the unit a record names: every page says so, the server stays up.
    registry = project / "campaigns" / "units.yml"
    original = registry.read_text(encoding="utf-8")
    registry.write_text(original.replace("id: so-tttt-lang-son", "id: so-tttt-ls"), encoding="utf-8")
    errors = wait_for(base + "trang-thong-tin-dien-tu/", "so-tttt-lang-son")
    assert "campaigns/2018/293-kh-stttt.md" in errors

    registry.write_text(original, encoding="utf-8")
    wait_for(base + "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/", "293/KH-STTTT")

    # A decree imported while the preview runs appears without restarting it.
    run = thidua(project, "import", FIXTURES / "kh-so-gtvt-kon-tum-88.txt")
    assert run.returncode == 0, run.stderr
    page = wait_for(base + "trang-thong-tin-dien-tu/van-ban/2022/88-kh-sgtvt/", "88/KH-SGTVT")
    assert "Phạm Đức Hạnh" in page
    assert "Dữ liệu văn bản có" not in fetch(base)
