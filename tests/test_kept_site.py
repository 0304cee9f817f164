"""`mkdocs build` keeps the site folder of the previous completed build (hooks/thidua_kept.py): a
file is kept only when its status is the one recorded after that build, it had settled by then and
nothing else links to it; everything else found is removed, and the site equals a build into an
empty folder. Real builds on temporary copies, and the folder check on its own."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import mkdocs_build
from sitebuild import SECTION

import thidua_kept
from thidua.buildcache import Store

STATE = ".cache/thidua/" + thidua_kept.KIND
# Both in the shard of the older years (hooks/thidua/searchindex.py), which the edit of DECREE's
# record has Pagefind index again, with the search entries of the pages kept beside it.
DECREE = SECTION + "/van-ban/2018/293-kh-stttt/index.html"
OTHER = SECTION + "/van-ban/2021/so-gtvt-lang-son-phat-dong-thi-dua-2021/index.html"
UNIT = SECTION + "/don-vi/ban-tdkt-tw"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    # MkDocs stamps sitemap.xml.gz with the build time unless SOURCE_DATE_EPOCH says otherwise.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_ctime_ns


def _state_file(project: Path) -> Path:
    found = sorted((project / STATE).glob("*/*.json"))
    assert len(found) == 1, found
    return found[0]


def _age_state(project: Path, seconds: float) -> dict:
    """The state as if the build had recorded it `seconds` later: the bundled content builds in
    about a second, before any file it wrote has settled (thidua_kept.SETTLED_NS). The files are
    untouched meanwhile, so this is what a longer build would have recorded."""
    path = _state_file(project)
    head, _, body = path.read_bytes().partition(b"\n")
    state = json.loads(body)
    state["recorded_ns"] += int(seconds * 1e9)
    body = json.dumps(state, ensure_ascii=False).encode("utf-8")
    header = {**json.loads(head), "sha256": hashlib.sha256(body).hexdigest()}
    path.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body)
    return state


def _part(project: Path, key: str) -> Path:
    """The file of a part of the search entries (thidua_kept.PART_KIND) named `key`."""
    return project / ".cache/thidua" / thidua_kept.PART_KIND / key[:2] / f"{key}.json"


def _part_entries(project: Path, key: str) -> dict:
    return json.loads(_part(project, key).read_bytes().partition(b"\n")[2])


def _build(project: Path, *extra: str) -> str:
    done = mkdocs_build(project, *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _counts(pattern: str, output: str) -> tuple[int, ...]:
    found = re.search(pattern, output)
    assert found, output
    return tuple(int(n) for n in found.groups())


def _kept(output: str) -> tuple[int, ...]:
    return _counts(r"site: (\d+) files kept from the previous build, (\d+) removed", output)


def _indexed(output: str) -> tuple[int, ...]:
    return _counts(r"search: (\d+) of (\d+) shards indexed", output)


def _from_nothing(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site of a build of a copy of `project` without its cache and site: nothing a kept
    folder or a cache holds can leak into it."""
    cold = tmp_path / "cold"
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(".cache", "site"))
    _build(cold)
    return _tree(cold / "site")


def test_a_rebuild_keeps_untouched_files_refuses_the_rest_and_equals_an_empty_folders_build(project, tmp_path):
    _build(project)
    site = project / "site"
    state = _age_state(project, 10)
    assert set(state["files"]) >= {DECREE, OTHER, UNIT + "/index.html"}
    # A decree page's search entry, for its shard's next index: in the part of its year.
    assert DECREE in _part_entries(project, state["parts"]["2018"]["key"])
    before = {rel: _identity(site / rel) for rel in state["files"]}

    # The record of DECREE is edited; its page is also linked from outside the folder.
    record = project / "campaigns/2018/293-kh-stttt.md"
    record.write_text(record.read_text(encoding="utf-8").rstrip("\n") + "\n\nSửa đổi giữ thư mục.\n",
                      encoding="utf-8")
    outside = tmp_path / "ban-sao.html"
    os.link(site / DECREE, outside)
    old_decree = outside.read_bytes()
    # OTHER is altered in place, with its size and modification time put back.
    other = site / OTHER
    st = other.stat()
    data = other.read_bytes()
    other.write_bytes(data[:-20] + b"<script>x</script>\n\n"[: 20])
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert other.stat().st_size == st.st_size and other.stat().st_mtime_ns == st.st_mtime_ns
    # A unit's folder becomes a link to a folder outside; a file nobody built appears.
    elsewhere = tmp_path / "noi-khac"
    (site / UNIT).rename(elsewhere)
    (site / UNIT).symlink_to(elsewhere, target_is_directory=True)
    outside_unit = (elsewhere / "index.html").read_bytes()
    (site / SECTION / "trang-la.html").write_text("<p>lạ</p>", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")  # hidden: MkDocs keeps it, and so does this

    kept, removed = _kept(_build(project))
    assert kept > 100 and removed >= 4

    tree = _tree(site)
    assert tree.pop(".nojekyll") == b""
    assert tree == _from_nothing(project, tmp_path)
    assert not (site / UNIT).is_symlink() and (site / UNIT / "index.html").is_file()
    assert (elsewhere / "index.html").read_bytes() == outside_unit  # never written through the link
    assert outside.read_bytes() == old_decree != (site / DECREE).read_bytes()  # nor through the hard link
    assert b"<script>x</script>" not in other.read_bytes()
    # What no one touched is the same file, never written again: the theme's assets, other decrees.
    untouched = [rel for rel in before if rel.startswith(("assets/", SECTION + "/van-ban/20"))
                 and not rel.startswith((os.path.dirname(DECREE), os.path.dirname(OTHER)))]
    assert len(untouched) > 20
    assert [rel for rel in untouched if _identity(site / rel) != before[rel]] == []


def test_a_kept_listing_is_named_by_its_bytes_and_a_changed_one_indexes_its_shard_again(project, tmp_path):
    _build(project)
    state = _age_state(project, 10)
    # The listings (site shard) are recorded with a name of their bytes, decree pages with their entry.
    listing = SECTION + "/nam/2018/index.html"
    assert state["names"][listing].startswith("sha256:")
    assert DECREE not in state["names"]

    # A title shows on the listings: they are written again, and their shard indexed again with them.
    record = project / "campaigns/2018/293-kh-stttt.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: Phát động", "\ntitle: (Sửa tên) Phát động", 1), encoding="utf-8")
    output = _build(project)
    kept, _ = _kept(output)
    assert kept > 100
    built, shards = _indexed(output)
    assert built == 2 < shards  # the older years' shard and the site's, no other
    cold = _from_nothing(project, tmp_path)
    assert _tree(project / "site") == cold

    # Nothing changed since: every page is kept, every shard named without reading it, reused.
    _age_state(project, 10)
    output = _build(project)
    assert _indexed(output) == (0, shards)
    assert _tree(project / "site") == cold


def test_the_entries_of_an_unchanged_year_are_neither_written_again_nor_needed(project, tmp_path):
    _build(project)
    state = _age_state(project, 10)
    parts = {shard: part["key"] for shard, part in state["parts"].items()}
    # One part per year of decrees; the listings have no search entry, so no part.
    assert set(parts) == {"2018", "2019", "2021", "2023", "2024"}
    identity = {shard: _identity(_part(project, key)) for shard, key in parts.items()}
    # 2018 and 2019 share the older years' shard; 2019's entries are read to index it again.
    # Its part is damaged: each of its kept pages' entries comes from its finished page instead.
    older = _part(project, parts["2019"])
    older.write_bytes(older.read_bytes()[:-5])
    record = project / "campaigns/2018/293-kh-stttt.md"
    record.write_text(record.read_text(encoding="utf-8").rstrip("\n") + "\n\nSửa đổi một năm.\n",
                      encoding="utf-8")
    output = _build(project)
    assert _indexed(output)[0] == 1
    after = {shard: part["key"] for shard, part in
             json.loads(_state_file(project).read_bytes().partition(b"\n")[2])["parts"].items()}
    assert after["2018"] != parts["2018"] and after["2019"] == parts["2019"]
    unchanged = [shard for shard in parts if shard not in ("2018", "2019")]
    assert [shard for shard in unchanged if after[shard] != parts[shard]
            or _identity(_part(project, after[shard])) != identity[shard]] == []
    assert _identity(older) != identity["2019"]  # the damaged part, written again
    assert len(_part_entries(project, after["2019"])) == len(list((project / "campaigns/2019").glob("*.md")))
    assert _tree(project / "site") == _from_nothing(project, tmp_path)


def test_a_deleted_records_kept_page_is_neither_indexed_nor_left(project, tmp_path):
    _build(project)
    _age_state(project, 10)
    (project / "campaigns/2018/293-kh-stttt.md").unlink()
    output = _build(project)
    assert _kept(output)[0] > 100
    site = project / "site"
    assert not (site / DECREE).exists() and not (site / os.path.dirname(DECREE)).exists()
    assert _tree(site) == _from_nothing(project, tmp_path)  # the search bundle too: the page is not in it


def test_without_a_state_to_trust_every_file_is_written_again(project, tmp_path):
    _build(project)
    state = _state_file(project)
    state.write_bytes(state.read_bytes()[:-10])  # cut short: its checksum fails
    stray = project / "site" / "trang-la.html"
    stray.write_text("lạ", encoding="utf-8")
    output = _build(project)
    assert "site:" not in output and "1 corrupt entries ignored" in output
    assert not stray.exists()
    fresh = tmp_path / "fresh"
    _build(project, "-d", str(fresh))
    assert _tree(project / "site") == _tree(fresh)


def test_a_build_stopped_by_a_records_error_while_the_site_is_checked_leaves_nothing(project, tmp_path):
    """The previous site is checked while the records are validated (thidua_kept.check, in a
    forked process). A record's error stops the build there: no site is left to be published by
    mistake, no state to trust, and the next build starts afresh."""
    _build(project)
    _age_state(project, 10)
    record = project / "campaigns/2018/293-kh-stttt.md"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("issuer: ", "issuer: khong-co-", 1), encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode != 0 and "khong-co-" in failed.stdout + failed.stderr
    assert not (project / "site").exists()
    assert not list((project / STATE).glob("*/*.json"))

    record.write_text(good, encoding="utf-8")
    output = _build(project)
    assert "site:" not in output
    assert _tree(project / "site") == _from_nothing(project, tmp_path)


def test_a_build_that_fails_after_writing_leaves_no_state(project):
    _build(project)
    assert _state_file(project).is_file()
    # A hand-written page linking to nothing: a warning, which --strict turns into a failure
    # once every page is written.
    (project / "docs" / "lien-ket-hong.md").write_text("# Hỏng\n\n[đâu](khong-co.md)\n", encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode != 0
    assert not (project / "site").exists()
    assert not list((project / STATE).glob("*/*.json"))


# --- the folder check on its own (thidua_kept.verify) ---------------------------------------------
def _record(path: Path, token: str) -> list:
    st = path.lstat()
    return [token, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def test_only_settled_unchanged_unlinked_plain_files_are_kept(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    names = ["a/kept.html", "a/edited.html", "a/fresh.html", "a/linked.html", "stray.html", "pagefind/x.pf"]
    for name in names:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    target = tmp_path / "elsewhere.html"
    target.write_text("ngoài", encoding="utf-8")
    (site / "a" / "link.html").symlink_to(target)
    os.link(site / "a/linked.html", tmp_path / "second-name.html")
    recorded = {name: _record(site / name, "t:" + name) for name in names[:4]}
    recorded["a/link.html"] = _record(site / "a/link.html", "t:link")
    fresh = site / "a/fresh.html"
    recorded["a/fresh.html"] = _record(fresh, "t:fresh")
    settled = time.time_ns() + thidua_kept.SETTLED_NS + 10**9  # as if recorded three seconds later
    edited = site / "a/edited.html"
    st = edited.stat()
    edited.write_text("a/EDITED.html", encoding="utf-8")  # same size, time put back
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))

    state = json.dumps({"recorded_ns": settled, "files": recorded, "parts": {}, "names": {}}).encode()
    before = _tree(site)
    checked = thidua_kept.check(str(site), state, skip=("pagefind",))
    assert checked.base == {str(site / "a/kept.html"): "t:a/kept.html", str(site / "a/fresh.html"): "t:fresh"}
    assert sorted(os.path.relpath(p, site) for p in checked.removed) == [
        "a/edited.html", "a/link.html", "a/linked.html", "stray.html"]
    # The check only reads (it runs beside the validation of the records, which may still fail).
    assert _tree(site) == before and (site / "a" / "link.html").is_symlink()

    store = Store(tmp_path / "cache", "fp")
    store.put_bytes(thidua_kept.KIND, thidua_kept._name(store, str(site)), state)
    kept = thidua_kept.take(store, str(site), checked)
    assert kept.base == checked.base
    assert sorted(os.path.relpath(p, site) for p in _files(site)) == [
        ".git/HEAD", "a/fresh.html", "a/kept.html", "pagefind/x.pf"]
    assert target.read_text(encoding="utf-8") == "ngoài"  # a link is removed, never followed
    assert (tmp_path / "second-name.html").read_text(encoding="utf-8") == "a/linked.html"
    assert thidua_kept.state_of(store, str(site)) is None  # taken: a build that stops now trusts nothing

    # The same file, recorded less than SETTLED_NS after its last change: a change in the same
    # clock tick would not show in its status, so it is not kept.
    just_written = max(fresh.stat().st_mtime_ns, fresh.stat().st_ctime_ns) + thidua_kept.SETTLED_NS // 2
    base, removed = thidua_kept.verify(str(site), {"a/fresh.html": recorded["a/fresh.html"]}, just_written)
    assert base == {} and str(fresh) in removed


def test_a_file_recorded_before_it_settled_is_kept_while_it_holds_the_recorded_bytes(tmp_path):
    """A build records its site while Pagefind runs, a moment after writing its pages: their status
    cannot vouch for them yet (a write in the same clock tick would not show), so their bytes are
    named, and the next build keeps such a file only while it holds them."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    for name in ("a/one.html", "a/two.html"):
        (site / name).write_text(name, encoding="utf-8")
    store = Store(tmp_path / "cache", "fp")
    thidua_kept.save(store, str(site), {str(site / "a/one.html"): "t:1", str(site / "a/two.html"): "t:2"}, {})
    state = json.loads(thidua_kept.state_of(store, str(site)))
    assert [len(record) for record in state["files"].values()] == [6, 6]
    assert state["files"]["a/one.html"][5] == hashlib.sha256(b"a/one.html").hexdigest()
    # two.html rewritten within the same tick: its status is the recorded one, its bytes are not.
    state["files"]["a/two.html"][5] = hashlib.sha256(b"a/TWO.html").hexdigest()
    checked = thidua_kept.check(str(site), json.dumps(state).encode("utf-8"))
    assert checked.base == {str(site / "a/one.html"): "t:1"}
    assert checked.removed == [str(site / "a/two.html")]


def _files(folder: Path) -> list[str]:
    return [os.path.join(top, name) for top, _, names in os.walk(folder) for name in names]


# Runs `mkdocs build --strict` with the search step's shards checked: when the build hands them
# the site's files instead of a walk over the folder, both must give the same pages.
_SHARDS_CHECKED = r'''
import json, sys
from pathlib import Path
import thidua.searchindex as si
original, report = si._shards, Path(sys.argv[1])
def checked(source, section, archive_pages=si.Options.search_shard_pages, files=None):
    found = original(source, section, archive_pages, files)
    if files is not None:
        walked = original(source, section, archive_pages)
        report.write_text(json.dumps({"listed": True, "same": found == walked,
                                      "pages": sum(map(len, found.values()))}))
    return found
si._shards = checked
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
'''


def test_the_search_step_lists_the_kept_folders_pages_as_a_walk_finds_them(project, tmp_path):
    import subprocess
    import sys

    from conftest import env_for

    driver, report = tmp_path / "driver.py", tmp_path / "shards.json"
    driver.write_text(_SHARDS_CHECKED, encoding="utf-8")

    def build() -> dict:
        report.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, str(driver), str(report)], cwd=project, env=env_for(project),
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(report.read_text())

    first = build()
    assert first["listed"] and first["same"] and first["pages"] > 50
    _age_state(project, 10)
    # An edit, a deleted record, and a page no build made (the kept folder's check removes it).
    record = project / "campaigns/2021/so-gtvt-lang-son-phat-dong-thi-dua-2021.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    (project / "campaigns/2018/293-kh-stttt.md").unlink()
    stray = project / "site" / SECTION / "van-ban" / "2021" / "trang-la.html"
    stray.write_text("<p>lạ</p>", encoding="utf-8")
    second = build()
    assert second["listed"] and second["same"] and second["pages"] < first["pages"]
    assert not stray.exists()
