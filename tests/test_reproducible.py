"""The same records build the same listing, feed and sitemap bytes, wherever and whenever they are
built: nothing on the pages depends on the build's date or directory (running campaigns are marked
in the reader's browser)."""
from __future__ import annotations

import os

from fixtures import fictional
from sitebuild import SECTION, build, copy_project


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
