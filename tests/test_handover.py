"""`mkdocs build` hands a heavy search step to a process of its own (hooks/thidua_handover.py):
what it publishes, keeps and reports is what the build in one process gives; a failure there
still leaves no site; and it never happens where MkDocs would still have work to do. Real
`mkdocs build --strict` runs on temporary copies, with `search_handover_pages` set so that the
bundled records' shards are heavy enough."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from fixtures import fictional
from sitebuild import build, copy_project

import thidua_handover as handover
import thidua_kept
from thidua import options, searchindex

HANDED = "search: indexed by a process of its own"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # sitemap.xml.gz's time stamp


def _project(dest: Path, pages: int) -> tuple[Path, object]:
    root = copy_project(dest)
    fixture = fictional.write(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(text.replace("\nextra:\n", f"\nextra:\n  search_handover_pages: {pages}\n", 1), encoding="utf-8")
    return root, fixture


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _cache_kinds(root: Path) -> dict[str, int]:
    """How many entries of each kind the build cache holds (their names cover mkdocs.yml, which
    differs between the two projects; their number does not)."""
    cache = root / ".cache" / "thidua"
    return {kind.name: sum(1 for _ in kind.glob("*/*")) for kind in sorted(cache.iterdir()) if kind.is_dir()}


def _ok(result):
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return result


def test_a_handed_over_build_publishes_keeps_and_reports_what_one_process_does(tmp_path):
    handed, fixture = _project(tmp_path / "handed", 1)
    alone, _ = _project(tmp_path / "alone", 0)
    first, same = _ok(build(handed)), _ok(build(alone))
    assert HANDED in first.output and HANDED not in same.output
    assert _tree(handed / "site") == _tree(alone / "site")
    for result in (first, same):
        # The same lines, MkDocs' last one included, once each.
        assert re.search(r"INFO    -  thidua: search: \d+ pages indexed in", result.output)
        assert re.search(r"INFO    -  thidua: build cache: 0 reused, \d+ computed", result.output)
        assert result.output.count("Documentation built in") == 1
        assert result.output.rstrip().splitlines()[-1].startswith("INFO    -  Documentation built in")
    assert _cache_kinds(handed) == _cache_kinds(alone)

    # One decree edited: the handed-over build keeps the site the previous one recorded, indexes
    # that decree's shard only and prunes the cache as the build in one process does.
    record = fixture.records[3]
    for root in (handed, alone):
        path = root / record.path
        path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới, viết sau.\n", encoding="utf-8")
    second, again = _ok(build(handed)), _ok(build(alone))
    assert HANDED in second.output
    for result in (second, again):
        assert "search: 1 of " in result.output and "0 removed" in result.output
    assert _tree(handed / "site") == _tree(alone / "site")
    assert "Đoạn mới, viết sau." in (handed / "site" / record.url / "index.html").read_text(encoding="utf-8")
    assert _cache_kinds(handed) == _cache_kinds(alone)
    assert not list(Path(tempfile.gettempdir()).glob("thidua-search-step-*"))  # its job folder is gone


def test_a_search_step_that_fails_in_its_own_process_leaves_no_site_and_no_state(tmp_path, monkeypatch):
    root, fixture = _project(tmp_path / "handed", 1)
    _ok(build(root))
    state = root / ".cache" / "thidua" / thidua_kept.KIND
    assert list(state.glob("*/*.json"))
    path = root / fixture.records[0].path
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'pagefind: disk full' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    result = build(root)
    assert result.returncode == 1, result.output
    assert HANDED in result.output
    assert "Search index failed" in result.output and "disk full" in result.output
    assert "Aborted with a BuildError!" in result.output
    assert "Documentation built in" not in result.output
    assert not (root / "site").exists()
    assert not list(state.glob("*/*.json"))  # nothing of the failed build is trusted next time


def test_a_warning_under_strict_keeps_the_search_step_in_mkdocs_which_then_fails(tmp_path):
    root, _ = _project(tmp_path / "handed", 1)
    (root / "docs" / "lien-ket-hong.md").write_text("# Hỏng\n\n[đâu](khong-co.md)\n", encoding="utf-8")
    result = build(root)
    assert result.returncode == 1 and "Aborted with 1 warnings in strict mode!" in result.output
    assert HANDED not in result.output
    assert not (root / "site").exists()


def _config(post_build, shutdown):
    return SimpleNamespace(plugins=SimpleNamespace(events={"post_build": post_build, "shutdown": shutdown}))


def _plan(weight: int) -> searchindex.IndexPlan:
    return searchindex.IndexPlan(output=Path("site/pagefind"), shards={}, names=["site", "2024"],
                                 keys={}, weights={"site": 5, "2024": weight}, to_index=["site", "2024"])


def test_the_step_is_handed_over_only_when_heavy_and_nothing_of_mkdocs_would_be_lost(monkeypatch):
    def mine():
        pass

    def theirs():
        pass

    own = lambda handler: handler is mine  # noqa: E731
    heavy = _plan(1000 * searchindex.DECREE_PAGE_WEIGHT)
    monkeypatch.setattr(handover, "_mkdocs_is_the_program", lambda: True)
    assert handover.wanted(heavy, 1000, "build", _config([mine], [mine]), own)
    assert not handover.wanted(_plan(999 * searchindex.DECREE_PAGE_WEIGHT), 1000, "build", _config([mine], []), own)
    assert not handover.wanted(heavy, 0, "build", _config([mine], []), own)  # turned off
    for command in ("serve", "gh-deploy"):
        assert not handover.wanted(heavy, 1000, command, _config([mine], []), own)
    assert not handover.wanted(heavy, 1000, "build", _config([mine, theirs], []), own)  # a plugin after this hook
    assert handover.wanted(heavy, 1000, "build", _config([theirs, mine], []), own)
    assert not handover.wanted(heavy, 1000, "build", _config([mine], [theirs]), own)  # a plugin's shutdown
    monkeypatch.setattr(handover, "_warnings_counted", lambda: True)
    assert not handover.wanted(heavy, 1000, "build", _config([mine], []), own)


def test_a_program_building_through_mkdocs_python_api_is_never_replaced():
    # This test process (pytest) builds nothing, but it is what a program calling MkDocs' build
    # would look like: exec would end it.
    assert not handover._mkdocs_is_the_program()


def test_the_option_reads_a_count_and_falls_back_on_anything_else():
    assert options.Options().search_handover_pages == 1000
    assert options.read({"search_handover_pages": 0}).search_handover_pages == 0
    assert options.read({"search_handover_pages": 50}).search_handover_pages == 50
    for bad in (-1, True, "1000", 2.5, None, [1], {"a": 1}):
        assert options.read({"search_handover_pages": bad}).search_handover_pages == 1000
