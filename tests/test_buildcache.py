"""The build cache (hooks/thidua/buildcache.py) is exact: after any change to the inputs, a build that
reuses the previous build's cache writes the same bytes as a build from nothing, and the change
shows where it should and nowhere else. Real `mkdocs build --strict` runs on temporary copies."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from fixtures import fictional
from sitebuild import SECTION, build, copy_project

from thidua import buildcache, searchindex

CACHE = ".cache/thidua"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    # MkDocs stamps sitemap.xml.gz with the build time unless SOURCE_DATE_EPOCH says otherwise.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def changed(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def cold_copy(root: Path, dest: Path) -> Path:
    """The same sources as `root`, without its cache or site."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(".cache", "site"))
    return dest


def ok(result):
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def warmed(tmp_path):
    """A project with the fictional records, built once: its site and its cache are on disk."""
    root = copy_project(tmp_path / "warm")
    fixture = fictional.write(root)
    first = ok(build(root))
    assert (root / CACHE).is_dir()
    return root, fixture, snapshot(first.site)


def rebuild_and_compare(root: Path, tmp_path: Path) -> tuple[dict, object]:
    """Build `root` again with its cache, and from nothing in a fresh copy: byte-identical sites."""
    warm = ok(build(root))
    cold = ok(build(cold_copy(root, tmp_path / "cold")))
    assert "0 reused" in cold.output
    warm_files, cold_files = snapshot(warm.site), snapshot(cold.site)
    assert sorted(changed(warm_files, cold_files)) == []
    return warm_files, warm


def decree_pages(files: dict[str, bytes]) -> set[str]:
    return {k for k in files if k.startswith(f"{SECTION}/van-ban/2") and k.endswith("/index.html")}


def test_warm_build_is_byte_identical_and_reuses_everything(warmed, tmp_path):
    root, _fixture, before = warmed
    after, result = rebuild_and_compare(root, tmp_path)
    assert after == before
    assert " 0 computed" in result.output


def test_a_body_edit_changes_that_decree_only(warmed, tmp_path):
    root, fixture, before = warmed
    record = fixture.records[10]
    path = root / record.path
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới thêm để kiểm thử bộ nhớ đệm.\n", encoding="utf-8")
    after, result = rebuild_and_compare(root, tmp_path)
    diff = changed(before, after)
    own = f"{record.url}index.html"
    assert own in diff and "Đoạn mới thêm" in after[own].decode()
    assert f"{record.url}{record.slug}.txt" in diff and f"{record.url}{record.slug}.json" in diff
    # Other decrees and every listing are untouched; the search index changes with the text.
    assert decree_pages(diff) == {own}
    # The catalogue and the feed carry no body; listings show no body either.
    assert {k for k in diff if not k.startswith(("pagefind/", record.url))} == set()
    # Only the search shard of that decree's year was indexed again (hooks/thidua/searchindex.py):
    # the year's own, or the older years' one; the others, the site's included, are the cached
    # bundles, byte for byte.
    shards = [s["name"] for s in json.loads(after["pagefind/thidua-shards.json"])]
    older = [name for name in shards if name.startswith(searchindex.ARCHIVE_SHARD)]
    own_shard = str(record.year) if str(record.year) in shards else older[0]
    assert shards[0] == "site" and own_shard in shards and len(older) == 1  # a small site: one older shard
    assert len(shards) == 2 + searchindex.RECENT_YEARS
    assert f"search: 1 of {len(shards)} shards indexed, {len(shards) - 1} reused" in result.output
    index_diff = {k for k in diff if k.startswith("pagefind/")}
    assert index_diff and all(k.startswith(f"pagefind/{own_shard}/") or k.startswith("pagefind/thidua-")
                              for k in index_diff), sorted(index_diff)
    # Every other page's fragment came from the shard's previous bundle (thidua.pagefindseed), and
    # the site is still the cold build's, byte for byte; only the edited decree's fragment changed.
    pages = {s["name"]: s["pages"] for s in json.loads(after["pagefind/thidua-shards.json"])}
    carried = re.search(r"; (\d+) pages' fragments carried over", result.output)
    assert carried and int(carried.group(1)) == pages[own_shard] - 1, result.output
    # A year's shard: Pagefind read the copies of the other pages the previous build made
    # (thidua.pagefindinput); the older years' shard is copied afresh.
    kept = re.search(r"; (\d+) pages' copies kept", result.output)
    assert (int(kept.group(1)) if kept else 0) == (0 if own_shard in older else pages[own_shard] - 1), result.output
    prefix = "pagefind/" + own_shard + "/fragment/"
    fragments = lambda files: {k for k in files if k.startswith(prefix)}  # noqa: E731
    assert len(fragments(after) - fragments(before)) == 1 and len(fragments(before) - fragments(after)) == 1


def test_a_record_rewritten_with_its_old_size_and_time_is_read_by_the_next_build(warmed, tmp_path):
    """A build does not read the record files whose status is the one the previous build recorded
    (thidua.validate.Seen, kept in the cache): a rewrite that puts back the file's size and time
    stamp still changes its change time, so the next build reads it."""
    root, fixture, _before = warmed
    time.sleep(2.1)  # the records the fixture wrote settle (buildcache.SETTLED_NS): the next build records them
    ok(build(root))
    states = list((root / CACHE / "record-status").rglob("*.json"))
    assert len(states) == 1
    recorded = json.loads(states[0].read_bytes().split(b"\n", 1)[1])
    records = [p for p in (root / "campaigns").rglob("*.md") if p.name.lower() != "readme.md"]
    assert {str(p) for p in records} <= {str(Path(name)) for name in recorded}
    record = fixture.records[3]
    path = root / record.path
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    changed_text = text.replace("hư cấu", "HƯ CẤU", 1)
    assert changed_text != text and len(changed_text.encode()) == len(text.encode())
    time.sleep(0.05)  # past the file system's clock tick
    path.write_text(changed_text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after, _result = rebuild_and_compare(root, tmp_path)
    assert "HƯ CẤU" in after[f"{record.url}index.html"].decode()


def test_a_body_edit_renders_again_only_the_pages_that_show_that_decree(warmed, tmp_path):
    """Finished pages come from the cache (hooks/thidua/pagecache.py): the edited decree and the
    few listings that show it are computed again, every other page is written as it was."""
    root, fixture, _before = warmed
    path = root / fixture.records[10].path
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới thêm.\n", encoding="utf-8")
    result = ok(build(root))
    counts = re.search(r"build cache: (\d+) reused, (\d+) computed", result.output)
    reused, computed = int(counts.group(1)), int(counts.group(2))
    # Computed: the decree's body, page, text download, hints, and the listing pages that show it.
    assert 0 < computed <= 20 and reused > 10 * computed, result.output


def test_a_navigation_title_in_mkdocs_yml_reaches_every_page(warmed, tmp_path):
    root, _fixture, _before = warmed
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - Hướng dẫn biên tập: huong-dan-bien-tap.md" in text
    config.write_text(text.replace("  - Hướng dẫn biên tập:", "  - Hướng dẫn biên tập ĐÃ SỬA:", 1), encoding="utf-8")
    after, _ = rebuild_and_compare(root, tmp_path)
    decrees = decree_pages(after)
    assert decrees and all("ĐÃ SỬA".encode() in after[k] for k in decrees)


def test_a_title_edit_changes_its_page_listings_feed_and_open_data(warmed, tmp_path):
    root, fixture, before = warmed
    record = max(fixture.records, key=lambda r: r.issued)  # the newest: on the home and in the feed
    path = root / record.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Kế hoạch hư cấu", "title: Kế hoạch ĐÃ SỬA hư cấu", 1), encoding="utf-8")
    after, _ = rebuild_and_compare(root, tmp_path)
    diff = changed(before, after)
    assert decree_pages(diff) == {f"{record.url}index.html"}
    for must in [f"{SECTION}/feed.xml", f"{SECTION}/du-lieu/van-ban.json", f"{record.url}{record.slug}.json",
                 f"{SECTION}/nam/{record.year}/index.html", f"{SECTION}/van-ban/index.html"]:
        assert must in diff, must
    for page in diff:
        if page.endswith(".html") and not page.startswith("pagefind/"):
            assert "ĐÃ SỬA" in after[page].decode(), page  # nothing changed that does not show it


def test_renaming_a_unit_changes_every_page_that_shows_it(warmed, tmp_path):
    root, _fixture, before = warmed
    units = root / "campaigns/units.yml"
    old, new = "Sở Mô Phỏng tỉnh Hư Cấu", "Sở Mô Phỏng Mới tỉnh Hư Cấu"
    units.write_text(units.read_text(encoding="utf-8").replace(f"name: {old}", f"name: {new}"), encoding="utf-8")
    after, _ = rebuild_and_compare(root, tmp_path)
    showing = {k for k, v in before.items() if k.endswith(".html") and old.encode() in v}
    assert showing  # the successor is named on its predecessor's decrees
    diff = changed(before, after)
    assert showing <= diff
    assert not [k for k, v in after.items() if old.encode() in v and k.endswith((".html", ".json"))]


def test_a_template_change_reaches_every_page_using_it(warmed, tmp_path):
    root, fixture, before = warmed
    template = root / "overrides/thidua/campaign.html"
    text = template.read_text(encoding="utf-8")
    assert '<article class="td-decree"' in text
    template.write_text(text.replace('<article class="td-decree"', '<article class="td-decree" data-test-mark="1"', 1),
                        encoding="utf-8")
    after, _ = rebuild_and_compare(root, tmp_path)
    decrees = decree_pages(after)
    assert len(decrees) >= len(fixture.records)
    assert all(b'data-test-mark="1"' in after[k] for k in decrees)
    assert not [k for k in changed(before, after) if k.endswith(".html") and b'data-test-mark' not in after[k]]


def _fragments_mentioning(site: Path, url: str) -> list[str]:
    hits = []
    for fragment in (site / "pagefind").rglob("fragment/*.pf_fragment"):  # every shard
        if url.encode() in gzip.decompress(fragment.read_bytes()):
            hits.append(fragment.name)
    return hits


def test_deleting_a_record_removes_its_page_json_and_search_entry(warmed, tmp_path):
    root, fixture, before = warmed
    record = fixture.records[5]
    assert _fragments_mentioning(root / "site", record.url)
    (root / record.path).unlink()
    after, result = rebuild_and_compare(root, tmp_path)
    assert not [k for k in after if k.startswith(record.url)]
    assert not _fragments_mentioning(result.site, record.url)
    catalogue = json.loads(after[f"{SECTION}/du-lieu/van-ban.json"])
    assert record.url not in {row["url"] for row in catalogue["campaigns"]}


def test_a_corrupted_cache_gives_a_clean_build_and_one_notice(warmed, tmp_path):
    root, _fixture, before = warmed
    entries = sorted((root / CACHE).rglob("*.json"))
    assert len(entries) > 10
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        # Truncated, garbage, and (hardest) valid JSON whose value no longer matches its checksum.
        entry.write_bytes([data[: len(data) // 2], b"\x00garbage",
                           data.replace("hư cấu".encode(), "HƯ CẤU".encode())][n % 3])
    after, result = rebuild_and_compare(root, tmp_path)
    assert after == before
    notices = [line for line in result.output.splitlines() if "corrupt entries" in line]
    assert len(notices) == 1, result.output


def test_a_damaged_search_shard_is_indexed_again_never_served(warmed, tmp_path):
    """A cached shard is checked file by file against its manifest: a truncated fragment or an extra
    file makes the build run Pagefind over that shard again."""
    root, _fixture, before = warmed
    bundles = sorted((root / CACHE / "search-shard").glob("*/*/"))
    assert len(bundles) >= 2
    fragment = next(bundles[0].glob("fragment/*.pf_fragment"))
    fragment.write_bytes(fragment.read_bytes()[:10])
    (bundles[1] / "index" / "stray.pf_index").write_bytes(b"x")
    after, result = rebuild_and_compare(root, tmp_path)
    assert after == before
    shards = len(json.loads(after["pagefind/thidua-shards.json"]))
    assert f"search: 2 of {shards} shards indexed, {shards - 2} reused" in result.output
    assert len([line for line in result.output.splitlines() if "corrupt entries" in line]) == 1


def test_a_deleted_cache_gives_a_clean_build_and_one_notice(warmed, tmp_path):
    root, _fixture, before = warmed
    shutil.rmtree(root / ".cache")
    after, result = rebuild_and_compare(root, tmp_path)
    assert after == before
    assert len([line for line in result.output.splitlines() if "build cache empty" in line]) == 1


def test_without_the_cache_option_the_site_is_the_same(warmed, tmp_path):
    root, _fixture, before = warmed
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  build_cache: \"\"\n  build_workers: 1\n",
                      encoding="utf-8")
    shutil.rmtree(root / ".cache")
    result = ok(build(root))
    assert snapshot(result.site) == before
    assert not (root / ".cache").exists()


@pytest.mark.parametrize("warm", [False, True])
def test_a_record_with_an_error_fails_before_anything_is_written(warmed, warm):
    root, fixture, _ = warmed
    if not warm:
        shutil.rmtree(root / ".cache")
    shutil.rmtree(root / "site")
    path = root / fixture.records[3].path
    path.write_text(path.read_text(encoding="utf-8").replace("issuer: ", "issuer: khong-co-", 1), encoding="utf-8")
    for attempt in range(2):  # the second run reads what the first one cached
        result = build(root)
        assert result.returncode != 0
        assert f"{fixture.records[3].path}:" in result.output and "issuer" in result.output
        assert not (root / "site").exists(), attempt


# --- the store itself ------------------------------------------------------------------------
def test_store_names_entries_by_their_inputs_and_refuses_tampered_ones(tmp_path):
    store = buildcache.Store(tmp_path, "code-1")
    key = store.key("kind", {"a": 1})
    assert key == buildcache.Store(tmp_path, "code-1").key("kind", {"a": 1})
    assert key != store.key("kind", {"a": 2}) != buildcache.Store(tmp_path, "code-2").key("kind", {"a": 1})
    store.put("kind", key, {"html": "<p>x</p>"})
    assert buildcache.Store(tmp_path, "code-1").get("kind", key) == {"html": "<p>x</p>"}
    path = next(tmp_path.rglob("*.json"))
    path.write_text(path.read_text().replace("<p>x</p>", "<p>y</p>"))
    reader = buildcache.Store(tmp_path, "code-1")
    assert reader.get("kind", key) is buildcache.MISSING and reader.corrupt == 1
    assert reader.prune() == 0  # read this build: kept (and overwritten when recomputed)
    assert buildcache.Store(tmp_path, "code-1").prune() == 1


def test_store_keeps_a_folder_whole_and_refuses_an_altered_one(tmp_path):
    source = tmp_path / "bundle"
    (source / "index").mkdir(parents=True)
    (source / "pagefind.js").write_text("js")
    (source / "index" / "a.pf_index").write_bytes(b"\x00\x01")
    store = buildcache.Store(tmp_path / "cache", "code-1")
    key = store.key("shard", "2021")
    assert store.get_folder("shard", key) is None and store.misses == 1
    kept = store.put_folder("shard", key, source)
    assert (kept / "index" / "a.pf_index").read_bytes() == b"\x00\x01"
    assert not [p for p in kept.parent.iterdir() if p.name.endswith(".tmp")]
    reader = buildcache.Store(tmp_path / "cache", "code-1")
    assert reader.get_folder("shard", key) == kept and reader.hits == 1
    assert reader.prune() == 0  # every file of a folder read this build is kept
    (kept / "pagefind.js").write_text("altered")
    damaged = buildcache.Store(tmp_path / "cache", "code-1")
    assert damaged.get_folder("shard", key) is None and damaged.corrupt == 1
    assert buildcache.Store(tmp_path / "cache", "code-1").prune() == 3  # two files and the manifest
    assert not (tmp_path / "cache" / "shard").exists()  # emptied folders go too


def test_a_folder_the_caller_gives_up_is_moved_and_given_back_if_it_cannot_be_kept(tmp_path, monkeypatch):
    def bundle(name):
        source = tmp_path / name
        (source / "index").mkdir(parents=True)
        (source / "index" / "a.pf_index").write_bytes(b"\x00\x01")
        return source

    store = buildcache.Store(tmp_path / "cache", "code-1")
    source = bundle("moved")
    inode = (source / "index" / "a.pf_index").stat().st_ino
    kept = store.put_folder("shard", store.key("shard", "2024"), source, move=True)
    assert not source.exists()
    assert (kept / "index" / "a.pf_index").stat().st_ino == inode  # moved, not copied
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", store.key("shard", "2024")) == kept

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(buildcache, "_write_manifest", full)
    source = bundle("given-back")
    assert store.put_folder("shard", store.key("shard", "2025"), source, move=True) is None
    assert (source / "index" / "a.pf_index").read_bytes() == b"\x00\x01"  # still there to place
    assert store.write_errors == 1
    assert not [p for p in kept.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_text_entry_keeps_its_text_as_it_was_and_refuses_bytes_put_text_never_wrote(tmp_path):
    text = "## I. Mục tiêu\n\nĐoạn một,\r\n\"trích\" \\ {\"json\": 1}\n\u2028cuối\n"
    store = buildcache.Store(tmp_path, "code-1")
    key = store.key("record", "a.md", "digest")
    store.put_text("record", key, {"problems": [], "lines": [[["title"], 3]]}, text)
    assert buildcache.Store(tmp_path, "code-1").get_text("record", key) == (
        {"problems": [], "lines": [[["title"], 3]]}, text)
    # Its memory (the preview's) gives back the decoded pair, not the caller's objects.
    memory: dict = {}
    first = buildcache.Store(tmp_path, "code-1", memory=memory)
    found = first.get_text("record", key)
    memory.update(first.remembered)
    again = buildcache.Store(tmp_path, "code-1", memory=memory)
    assert again.get_text("record", key) is found and again.hits == 1
    for wrong in (b"not json\n" + text.encode(), b'{"a": 1}\n\xff\xfe'):
        store.put_bytes("record", key, wrong)  # a valid checksum over what put_text never writes
        reader = buildcache.Store(tmp_path, "code-1")
        assert reader.get_text("record", key) is buildcache.MISSING
        assert (reader.hits, reader.misses, reader.corrupt) == (0, 1, 1)


def _settled_folder(tmp_path):
    """A stored folder whose files last changed a minute ago (settled, buildcache.SETTLED_NS)."""
    source = tmp_path / "bundle"
    (source / "index").mkdir(parents=True)
    (source / "pagefind.js").write_text("js")
    (source / "index" / "a.pf_index").write_bytes(b"\x00\x01")
    past = time.time_ns() - 60 * 10**9
    for path in source.rglob("*"):
        os.utime(path, ns=(past, past))
    store = buildcache.Store(tmp_path / "cache", "code-1")
    key = store.key("shard", "2021")
    return store.put_folder("shard", key, source), key


def _hashed(monkeypatch) -> list[str]:
    hashed = []
    real = buildcache.file_sha256
    monkeypatch.setattr(buildcache, "file_sha256", lambda path: hashed.append(Path(path).name) or real(path))
    return hashed


def test_a_stored_folder_is_not_hashed_again_while_its_files_status_is_unchanged(tmp_path, monkeypatch):
    kept, key = _settled_folder(tmp_path)
    hashed = _hashed(monkeypatch)
    reader = buildcache.Store(tmp_path / "cache", "code-1")
    assert reader.get_folder("shard", key) == kept and reader.hits == 1
    assert hashed == []
    assert reader.prune() == 0


def test_a_stored_file_written_again_is_hashed_and_refused(tmp_path, monkeypatch):
    kept, key = _settled_folder(tmp_path)
    (kept / "pagefind.js").write_text("jz")  # same size, new modification time
    hashed = _hashed(monkeypatch)
    reader = buildcache.Store(tmp_path / "cache", "code-1")
    assert reader.get_folder("shard", key) is None and reader.corrupt == 1
    assert hashed == ["pagefind.js"]


def test_a_stored_file_replaced_with_its_old_time_stamp_is_hashed_and_refused(tmp_path, monkeypatch):
    kept, key = _settled_folder(tmp_path)
    target = kept / "index" / "a.pf_index"
    before = target.stat()
    other = tmp_path / "other"
    other.write_bytes(b"\x00\x02")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, target)  # same size and time stamp, another inode
    hashed = _hashed(monkeypatch)
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", key) is None
    assert hashed == ["a.pf_index"]


def test_a_folder_of_fresh_files_is_hashed_until_they_settle_then_trusted(tmp_path, monkeypatch):
    source = tmp_path / "bundle"
    source.mkdir()
    (source / "pagefind.js").write_text("js")  # written now: not settled when stored
    store = buildcache.Store(tmp_path / "cache", "code-1")
    key = store.key("shard", "2022")
    kept = store.put_folder("shard", key, source)
    hashed = _hashed(monkeypatch)
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", key) == kept
    assert hashed == ["pagefind.js"]  # its status was not recorded: hashed, and still not settled
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", key) == kept
    assert hashed == ["pagefind.js"] * 2
    monkeypatch.setattr(buildcache, "SETTLED_NS", 0)  # time passes
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", key) == kept
    assert buildcache.Store(tmp_path / "cache", "code-1").get_folder("shard", key) == kept
    assert hashed == ["pagefind.js"] * 3  # hashed once more, its settled status recorded, then trusted
    assert not [p for p in kept.parent.iterdir() if p.name.endswith(".tmp")]


def test_round_trips_refuses_what_json_would_change():
    assert buildcache.round_trips({"a": [1, "b", None, True]})
    assert not buildcache.round_trips({1: "a"})
    assert not buildcache.round_trips({"a": (1, 2)})


def test_store_memory_gives_the_decoded_values_back_and_keeps_what_was_used(tmp_path):
    """The preview server passes one build's entries to the next in memory (Store.memory), as the
    values already decoded: the next build gets them without reading or decoding, a value put is
    remembered as stored (not as the caller's object), and an entry taken from memory is still
    kept by prune."""
    first = buildcache.Store(tmp_path / "c", "code-1", memory={})
    key = first.key("k", {"record": "a"})
    mine = {"names": ["Sở Xây dựng"]}
    first.put("k", key, mine)
    mine["names"].append("changed by the caller after put")
    first.put("k", first.key("k", "unused"), 1)
    second = buildcache.Store(tmp_path / "c", "code-1", memory=first.remembered)
    got = second.get("k", key)
    assert got == {"names": ["Sở Xây dựng"]}
    assert second.get("k", key) is got  # no second decoding
    assert second.hits == 2 and second.remembered == {second._path("k", key): got}
    shutil.rmtree(tmp_path / "c" / "k")  # not read from disk at all
    assert buildcache.Store(tmp_path / "c", "code-1", memory=second.remembered).get("k", key) is got
    second.put("k", key, got)  # written again: the disk has it for a cold process
    second.prune()
    assert buildcache.Store(tmp_path / "c", "code-1").get("k", key) == {"names": ["Sở Xây dựng"]}
    assert buildcache.Store(tmp_path / "c", "code-1").get("k", first.key("k", "unused")) is buildcache.MISSING
