"""The same records build the same listing, feed and sitemap bytes, wherever and whenever they are
built: nothing on the pages depends on the build's date or directory (running campaigns are marked
in the reader's browser)."""
from __future__ import annotations

import os
import subprocess
import sys

import thidua_render

from fixtures import fictional
from sitebuild import SECTION, build, copy_project


def _files(site) -> dict[str, bytes]:
    """Every file a build wrote: its path in the site -> its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_in_different_places_write_identical_listings(tmp_path):
    outputs = []
    # The second build "happens" 23 years later: MkDocs takes its clock from SOURCE_DATE_EPOCH.
    for name, epoch in (("a", "1000000000"), ("b", "1700000000")):
        (tmp_path / name).mkdir()
        root = copy_project(tmp_path / name)
        fictional.write(root)
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            result = build(root)
        finally:
            del os.environ["SOURCE_DATE_EPOCH"]
        assert result.returncode == 0, result.output
        section = result.site / SECTION
        pages = {p.relative_to(section).as_posix(): p.read_bytes() for p in sorted(section.rglob("*.html"))}
        # Feeds, the sitemaps (their dates come from the records) and robots.txt: no clock either,
        # even without SOURCE_DATE_EPOCH.
        published = [*result.site.rglob("*.xml"), *result.site.rglob("*.xml.gz"), result.site / "robots.txt"]
        pages |= {"/" + p.relative_to(result.site).as_posix(): p.read_bytes() for p in sorted(published)}
        outputs.append(pages)
    assert any(k.endswith("nguon-tin/don-vi-so-khdt-lang-son.xml") for k in outputs[0])
    assert {"/sitemap.xml", "/sitemap.xml.gz", "/robots.txt"} <= outputs[0].keys()
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []


def test_a_warm_build_writes_the_same_site_as_a_cold_one(tmp_path, monkeypatch):
    """The build cache (hooks/thidua/buildcache.py) never shows in the output: a build that reuses
    every cached record, search entry and body writes the bytes of a build from nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # MkDocs' sitemap.xml.gz carries a time
    root = copy_project(tmp_path / "warm")
    fictional.write(root)
    cold = build(root)
    assert cold.returncode == 0, cold.output
    first = _files(cold.site)
    warm = build(root)
    assert warm.returncode == 0, warm.output
    assert " 0 computed" in warm.output  # everything came from the cache
    second = _files(warm.site)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


_MKDOCS_ALONE = """
import sys
sys.path.insert(0, "hooks")
import thidua_render
thidua_render.prepare = lambda *args, **kwargs: {}  # no body rendered ahead: MkDocs renders each
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""


def test_bodies_rendered_ahead_write_the_bytes_mkdocs_writes_rendering_them_itself(tmp_path, monkeypatch):
    """hooks/thidua_render.py renders and sanitises the decree bodies ahead, on every core, and the
    glue stands in for MkDocs' Page.render: the site must be the one MkDocs' own render and the
    sanitiser in on_page_content would write, anchors, titles and tables of contents included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sites = {}
    for name in ("ahead", "alone"):
        root = copy_project(tmp_path / name)
        fictional.write(root)
        record = next((root / "campaigns").glob("*/293-kh-stttt.md"))
        # A heading and a link to its anchor on the page itself (MkDocs validates those after the build).
        record.write_text(record.read_text(encoding="utf-8")
                          + "\n\n## Mục tham chiếu\n\nXem [mục tham chiếu](#muc-tham-chieu).\n", encoding="utf-8")
        if name == "ahead":
            result = build(root)
            assert result.returncode == 0, result.output
            # The bodies did go the way under test: rendered ahead and kept in the build cache.
            assert list((root / ".cache" / "thidua" / thidua_render.KIND).rglob("*.json"))
        else:
            done = subprocess.run([sys.executable, "-c", _MKDOCS_ALONE], cwd=root, capture_output=True,
                                  text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            assert done.returncode == 0, done.stdout + done.stderr
            # ...and here they did not: MkDocs rendered every body itself.
            assert not list((root / ".cache" / "thidua" / thidua_render.KIND).rglob("*.json"))
        sites[name] = _files(root / "site")
    ahead, alone = sites["ahead"], sites["alone"]
    page = next(k for k in ahead if k.endswith("293-kh-stttt/index.html"))
    assert 'href="#muc-tham-chieu"' in ahead[page].decode()
    assert ahead.keys() == alone.keys()
    assert [k for k in ahead if ahead[k] != alone[k]] == []
