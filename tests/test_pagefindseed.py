"""Fragments carried over from a shard's previous bundle (hooks/thidua/pagefindseed.py), with the
real Pagefind: the bundle is the one Pagefind makes without them, and a carried file that stands
in for another page's fragment, or comes from another Pagefind version, is caught."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from thidua import pagefindseed, searchindex


def _site(root: Path) -> Path:
    for slug, text in {"a": "giao thông nông thôn", "b": "chuyển đổi số", "c": "cải cách hành chính"}.items():
        page = root / slug / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html lang='vi'><body><main class='md-main__inner'><h1>Kế hoạch</h1>"
                        f"<p>{text}</p></main></body></html>", encoding="utf-8")
    return root


def _files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _fragments(bundle: Path) -> dict[str, str]:
    """page URL -> its fragment's file name."""
    return {pagefindseed.fragment_url(str(p)): p.name for p in (bundle / "fragment").iterdir()}


def test_fragments_of_unchanged_pages_are_carried_and_the_bundle_is_pagefinds_own(tmp_path):
    site = _site(tmp_path / "in")
    clean = searchindex._run_pagefind(site, tmp_path / "clean")
    assert sorted(_fragments(clean)) == ["/a/", "/b/", "/c/"]
    assert pagefindseed.page_url("van-ban/2025/x/index.html") == "/van-ban/2025/x/"

    out = tmp_path / "out"
    seeds = pagefindseed.seed(clean, out, ["/a/", "/b/"])
    assert sorted(seeds.files.values()) == ["/a/", "/b/"]
    # Linked, not copied: Pagefind writes no file that is already there.
    linked = out / "fragment" / _fragments(clean)["/a/"]
    assert linked.stat().st_ino == (clean / "fragment" / linked.name).stat().st_ino
    searchindex._run_pagefind(site, out)
    assert pagefindseed.check(out, seeds)
    assert _files(out) == _files(clean)


def test_a_seed_no_longer_in_the_index_is_removed(tmp_path):
    site = _site(tmp_path / "in")
    before = searchindex._run_pagefind(site, tmp_path / "before")
    (site / "c" / "index.html").unlink()  # the page went; its fragment must not stay in the bundle
    out = tmp_path / "out"
    seeds = pagefindseed.seed(before, out, ["/a/", "/c/"])
    searchindex._run_pagefind(site, out)
    assert pagefindseed.check(out, seeds)
    assert _files(out) == _files(searchindex._run_pagefind(site, tmp_path / "clean"))


def test_a_seed_standing_in_for_another_pages_fragment_is_caught(tmp_path):
    """Pagefind names a fragment by the first hex digits of its hash and lengthens a name only
    against the other pages of the same run: a kept file under another page's name would be
    served for that page. check() sees one page's fragment listed twice."""
    site = _site(tmp_path / "in")
    clean = searchindex._run_pagefind(site, tmp_path / "clean")
    names = _fragments(clean)
    previous = tmp_path / "previous"
    (previous / "fragment").mkdir(parents=True)
    shutil.copy(clean / pagefindseed.ENTRY, previous / pagefindseed.ENTRY)
    # Page a's fragment under page b's name, as if their names had collided.
    shutil.copy(clean / "fragment" / names["/a/"], previous / "fragment" / names["/b/"])
    out = tmp_path / "out"
    seeds = pagefindseed.seed(previous, out, ["/a/"])
    assert seeds.files == {names["/b/"]: "/a/"}
    searchindex._run_pagefind(site, out)
    assert not pagefindseed.check(out, seeds)


def _indexed_twice(tmp_path: Path) -> tuple[Path, Path]:
    """The pages, and a copy of their bundle to seed from."""
    site = _site(tmp_path / "in")
    shutil.copytree(searchindex._run_pagefind(site, tmp_path / "clean"), tmp_path / "previous")
    return site, tmp_path / "previous"


def test_fragments_of_another_pagefind_version_are_not_trusted(tmp_path):
    site, previous = _indexed_twice(tmp_path)
    entry = json.loads((previous / pagefindseed.ENTRY).read_text(encoding="utf-8"))
    entry["version"] = "0.0.1"
    (previous / pagefindseed.ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    out = tmp_path / "out"
    seeds = pagefindseed.seed(previous, out, ["/a/", "/b/", "/c/"])
    assert len(seeds.files) == 3
    searchindex._run_pagefind(site, out)
    assert not pagefindseed.check(out, seeds)


def test_unreadable_seeds_are_left_to_pagefind(tmp_path):
    _, previous = _indexed_twice(tmp_path)
    for fragment in (previous / "fragment").iterdir():
        fragment.write_bytes(b"not gzip")
    assert pagefindseed.seed(previous, tmp_path / "out", ["/a/"]).files == {}
    assert pagefindseed.seed(tmp_path / "nowhere", tmp_path / "out2", ["/a/"]).files == {}


def _indexed(site: Path, store, section: Path) -> tuple[searchindex.IndexReport, dict[str, bytes]]:
    # Pages named by their bytes, as the build names them (searchindex.content_name).
    names = {p.relative_to(site).as_posix(): searchindex.content_name(p.read_bytes()) for p in section.rglob("*.html")}
    report = searchindex.build_index(site, store=store, page_names=names)
    return report, _files(site / searchindex.BUNDLE)


def test_the_search_step_carries_the_unchanged_pages_of_a_shard_it_indexes_again(tmp_path, monkeypatch):
    """build_index with a build cache: the shard indexed again starts from the fragments of its last
    bundle whose pages kept their names; when check() refuses them, the shard is indexed afresh.
    Either way the bundle is the one a build without a cache makes."""
    from thidua import buildcache

    site = tmp_path / "site"
    section = site / searchindex.SECTION
    pages = _site(section / "van-ban" / "2021")
    _site(section / "trang")  # the site's own shard
    cache = tmp_path / "cache"
    first, _ = _indexed(site, buildcache.Store(cache, "code"), section)
    assert first.carried == 0 and "carried" not in first.summary()

    edited = pages / "b" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("chuyển đổi số", "chuyển đổi số, sửa"), encoding="utf-8")
    again, files = _indexed(site, buildcache.Store(cache, "code"), section)
    assert again.reused == ["site"] and again.carried == 2
    assert again.summary() == ("search: 1 of 2 shards indexed, 1 reused; 2 pages' fragments carried over; "
                               "2 pages' copies kept")
    shutil.rmtree(site / searchindex.BUNDLE)
    assert _indexed(site, None, section)[1] == files  # no cache, no seeds: the same bundle

    edited.write_text(edited.read_text(encoding="utf-8").replace("sửa", "sửa lại"), encoding="utf-8")
    checked = []
    monkeypatch.setattr(pagefindseed, "check", lambda out, seeds: checked.append(len(seeds.files)) and False)
    refused, files = _indexed(site, buildcache.Store(cache, "code"), section)
    assert checked == [2] and refused.reused == ["site"] and refused.carried == 0
    shutil.rmtree(site / searchindex.BUNDLE)
    assert _indexed(site, None, section)[1] == files
