"""The preview's first build run ahead in a process of its own (hooks/thidua_firstpreview.py): the
server then builds from the cache it filled, and serves exactly the folder it would have built alone."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from test_hints import _quote_movement_in_body
from test_preview import free_port, wait_for
from test_preview_folder import serve_builds, tree
from thidua import searchindex
from thidua.validate import Seen

AHEAD = "the process of its own built in"  # the server's line once the child has built
GOING = "the first build runs in a process of its own"  # the child's line when it goes on


def _handover_pages(project, value: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(text.replace("\nextra:\n", f"\nextra:\n  search_handover_pages: {value}\n", 1), encoding="utf-8")


def _cache_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "build cache:" in line]


def test_first_preview_built_ahead_serves_the_folder_the_server_builds_alone(project, tmp_path):
    _handover_pages(project, 1)  # any page to render is enough to run ahead
    _quote_movement_in_body(project)  # a hint, found by the child, printed by the server
    ahead = tmp_path / "ahead"
    result = serve_builds(project, ahead)
    log = result.stderr
    assert GOING in log and AHEAD in log, log[-3000:]
    child, server = _cache_lines(log)
    assert " 0 reused" in child
    assert server.endswith(" 0 computed"), server  # everything the server needed was in the cache
    assert log.count("Gợi ý [hints]") == 1

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("search_handover_pages: 1", "search_handover_pages: 0"),
                      encoding="utf-8")
    shutil.rmtree(project / ".cache")
    alone = tmp_path / "alone"
    log = serve_builds(project, alone).stderr
    assert GOING not in log and AHEAD not in log
    assert len(_cache_lines(log)) == 1
    assert log.count("Gợi ý [hints]") == 1

    ahead_tree, alone_tree = tree(ahead), tree(alone)
    assert sorted(set(ahead_tree) ^ set(alone_tree)) == []
    assert [name for name in ahead_tree if ahead_tree[name] != alone_tree[name]] == []


def test_a_warm_cache_or_a_record_error_leaves_the_first_build_to_the_server(project, tmp_path):
    _handover_pages(project, 1)
    serve_builds(project, tmp_path / "first")
    # The cache now holds every page: the child plans, finds nothing to render, and ends.
    log = serve_builds(project, tmp_path / "warm").stderr
    assert GOING not in log and AHEAD not in log
    assert len(_cache_lines(log)) == 1

    record = project / "campaigns" / "2018" / "293-kh-stttt.md"
    record.write_text(record.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle_typo:", 1), encoding="utf-8")
    time.sleep(Seen.SETTLED_NS / 1e9 + 0.1)
    log = serve_builds(project, tmp_path / "broken").stderr
    assert GOING not in log and AHEAD not in log
    # the server reports the error, once, and keeps serving
    assert log.count("Dữ liệu văn bản có lỗi [Records have errors]") == 1, log[-3000:]
    assert "293-kh-stttt.md" in log


def test_mkdocs_serve_runs_its_first_build_ahead_and_hands_its_index_over(project):
    """The real server: the child builds, hands its search step to a program of its own as
    `mkdocs build` does (hooks/thidua_handover.py), and the server then serves pages and index."""
    _handover_pages(project, 1)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        assert "293/KH-STTTT" in wait_for(base + "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/", "293/KH-STTTT")
        wait_for(base + "pagefind/pagefind-entry.json", '"languages"')
    finally:
        process.terminate()
        log = process.communicate(timeout=30)[0]
    assert GOING in log and AHEAD in log, log[-3000:]
    assert "search: indexed by a process of its own" in log
    assert log.index(AHEAD) < log.index("Serving on")
    *_, server = _cache_lines(log)
    assert server.endswith(" 0 computed"), server


def test_a_child_that_fails_leaves_the_whole_first_build_to_the_server(project, tmp_path, monkeypatch):
    """Pagefind fails once, in the child: it ends with an error status, and the server builds and
    indexes everything itself."""
    real = searchindex.pagefind_executable()
    once = tmp_path / "failed-once"
    flaky = tmp_path / "pagefind"
    flaky.write_text(f"#!/bin/sh\nif [ ! -e '{once}' ]; then : > '{once}'; echo 'pagefind: disk full' >&2; exit 3; fi\n"
                     f"exec '{real}' \"$@\"\n", encoding="utf-8")
    flaky.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(flaky))
    _handover_pages(project, 1)
    site = tmp_path / "site"
    log = serve_builds(project, site).stderr
    assert once.exists() and "disk full" in log
    assert GOING in log and AHEAD not in log
    assert "stopped with status 1; the server builds everything" in log
    assert (site / "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/index.html").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert len(_cache_lines(log)) == 1  # the child ended before its index was written: only the server's
