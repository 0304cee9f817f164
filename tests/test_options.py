"""Operator options under mkdocs.yml `extra:` (hooks/thidua/options.py): defaults in one place,
bad values fall back to them, and a real build follows what is set."""
from __future__ import annotations

import math

from fixtures import fictional
from sitebuild import SECTION, build, copy_project

from thidua import listings, options


def test_defaults_and_bad_values():
    assert options.read(None) == options.Options()
    assert options.read({}).build_cache == ".cache/thidua" and listings.PAGE_SIZE == options.Options().page_size
    read = options.read({"page_size": 0, "index_page_size": True, "build_workers": -1, "build_cache": ""})
    assert (read.page_size, read.index_page_size, read.build_workers, read.build_cache) == (20, 50, 0, "")
    assert options.read({"page_size": 7, "record_edit_base": "https://x/edit"}).page_size == 7
    # Hostile or mistyped shard sizes fall back to the default, never to a shard per page or none.
    for bad in (0, -5, True, "1000", 2.5, None, [1000], {"a": 1}):
        assert options.read({"search_shard_pages": bad}).search_shard_pages == 2000
    assert options.read({"search_shard_pages": 1000}).search_shard_pages == 1000


def test_a_build_uses_the_page_size_cache_folder_and_shard_size_set_in_extra(tmp_path):
    import json

    root = copy_project(tmp_path / "project")
    fixture = fictional.write(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\nextra:\n  page_size: 7\n  build_cache: .cache/khac\n  search_shard_pages: 1\n",
                      encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.output
    archive = result.site / SECTION / "van-ban"
    total = len([p for p in (root / "campaigns").glob("*/*.md") if p.name.lower() != "readme.md"])
    assert total >= len(fixture.records)
    pages = [archive / "index.html"] + sorted(archive.glob("trang-*/index.html"))
    assert len(pages) == math.ceil(total / 7)
    assert (root / ".cache/khac").is_dir() and not (root / ".cache/thidua").exists()
    # One decree page per older-years shard: each older year with decrees is a shard of its own.
    years = sorted({p.parent.name for p in (root / "campaigns").glob("*/*.md") if p.name.lower() != "readme.md"})
    shards = json.loads((result.site / "pagefind" / "thidua-shards.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in shards] == ["site", *years[-2:], *(f"luu-tru-{year}" for year in years[:-2])]
