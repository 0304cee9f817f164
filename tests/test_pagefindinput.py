"""Pagefind's copies of a year's shard, kept in the build cache between builds
(hooks/thidua/pagefindinput.py): a build copies only the pages whose names changed, the folder
always holds exactly the shard's pages, and anything it cannot trust is copied again."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from thidua import buildcache, searchindex
from thidua.pagefindinput import KeptInput

SHARD = "2025"


def _pages(root: Path, texts: dict[str, str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Finished pages of a year, as the search step has them: (site-relative file, path) and names."""
    pages, names = [], {}
    for slug, text in texts.items():
        rel = f"{searchindex.SECTION}/van-ban/{SHARD}/{slug}/index.html"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<main class='md-main__inner'><p>{text}</p></main>", encoding="utf-8")
        pages.append((rel, str(path)))
        names[rel] = searchindex.content_name(path.read_bytes())
    return sorted(pages), names


class _Folds:
    """searchindex._fold_copies, remembering which pages each build copied."""

    def __init__(self) -> None:
        self.copied: list[list[str]] = []

    def __call__(self, pages, into: Path) -> None:
        self.copied.append([rel for rel, _ in pages])
        searchindex._fold_copies(pages, {}, into)


def _use(inputs: KeptInput, pages, names, folds: _Folds, fail: bool = False) -> tuple[dict[str, str], int]:
    """One build's search step over the shard: the copies Pagefind would read, and how many were kept."""
    with inputs.shard(SHARD, pages, names, folds) as kept:
        assert kept is not None
        folder, read, count = kept
        held = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                for p in folder.rglob("*.html")}
        if fail:
            raise RuntimeError("Pagefind failed")
        read()
    return held, count


def _expected(pages) -> dict[str, str]:
    return {rel: searchindex.folded(path, None) for rel, path in pages}


def test_a_rebuild_copies_the_changed_pages_only_and_the_folder_holds_exactly_the_shard(tmp_path):
    site, inputs, folds = tmp_path / "site", KeptInput(tmp_path / "work", "code"), _Folds()
    pages, names = _pages(site, {"a": "giao thông", "b": "chuyển đổi số", "c": "Đảng bộ"})
    held, kept = _use(inputs, pages, names, folds)
    assert held == _expected(pages) and kept == 0 and len(folds.copied[-1]) == 3
    assert "D\u0335" in held[pages[2][0]]  # folded for the index: Đ with a combining stroke

    # b edited, c removed, d added; a's page is unchanged.
    pages, names = _pages(site, {"a": "giao thông", "b": "chuyển đổi số, sửa", "d": "mới"})
    (site / f"{searchindex.SECTION}/van-ban/{SHARD}/c/index.html").unlink()
    held, kept = _use(inputs, pages, names, folds)
    assert held == _expected(pages) and kept == 1
    assert sorted(folds.copied[-1]) == [pages[1][0], pages[2][0]]

    # Nothing changed: nothing copied.
    held, kept = _use(inputs, pages, names, folds)
    assert held == _expected(pages) and kept == 3 and folds.copied[-1] == []


def test_a_page_without_a_name_is_copied_every_time_and_removed_when_it_goes(tmp_path):
    site, inputs, folds = tmp_path / "site", KeptInput(tmp_path / "work", "code"), _Folds()
    pages, names = _pages(site, {"a": "một", "b": "hai"})
    del names[pages[1][0]]
    _use(inputs, pages, names, folds)
    held, kept = _use(inputs, pages, names, folds)
    assert kept == 1 and folds.copied[-1] == [pages[1][0]] and held == _expected(pages)
    held, _ = _use(inputs, pages[:1], names, folds)
    assert held == _expected(pages[:1])


@pytest.mark.parametrize("damage", ["failed", "no record", "other code", "corrupt record", "copy edited"])
def test_what_cannot_be_trusted_is_copied_again(tmp_path, damage):
    site, folds = tmp_path / "site", _Folds()
    inputs = KeptInput(tmp_path / "work", "code")
    pages, names = _pages(site, {"a": "một", "b": "hai"})
    _use(inputs, pages, names, folds)
    record = tmp_path / "work" / "search-input" / f"{SHARD}.json"
    copy_of_a = tmp_path / "work" / "search-input" / SHARD / pages[0][0]
    if damage == "failed":  # Pagefind failed after the copies were made: no record is left
        with pytest.raises(RuntimeError):
            _use(inputs, pages, names, folds, fail=True)
        assert not record.exists()
    elif damage == "no record":
        record.unlink()
        (copy_of_a.parent / "stray.html").write_text("<p>lạ</p>", encoding="utf-8")
    elif damage == "other code":
        inputs = KeptInput(tmp_path / "work", "other code")
    elif damage == "corrupt record":
        record.write_text('{"fingerprint": "code", "copies": {"x": 1}}', encoding="utf-8")
    else:  # the same size, the same modification time: the change time still tells
        st = copy_of_a.stat()
        copy_of_a.write_text(copy_of_a.read_text(encoding="utf-8").replace("một", "mốt"), encoding="utf-8")
        os.utime(copy_of_a, ns=(st.st_atime_ns, st.st_mtime_ns))
    held, kept = _use(inputs, pages, names, folds)
    assert held == _expected(pages)
    assert kept == (1 if damage == "copy edited" else 0)
    assert json.loads(record.read_text(encoding="utf-8"))["fingerprint"] == inputs.fingerprint


def test_a_shard_in_use_by_another_build_is_not_shared(tmp_path):
    site, folds = tmp_path / "site", _Folds()
    pages, names = _pages(site, {"a": "một"})
    with KeptInput(tmp_path / "work", "code").shard(SHARD, pages, names, folds) as first:
        assert first is not None
        with KeptInput(tmp_path / "work", "code").shard(SHARD, pages, names, folds) as second:
            assert second is None  # the caller copies into its temporary folder


def test_the_caches_prune_leaves_the_work_folder_alone(tmp_path):
    site, folds = tmp_path / "site", _Folds()
    store = buildcache.Store(tmp_path / "cache", "code")
    store.put("x", store.key("x", 1), 1)
    pages, names = _pages(site, {"a": "một"})
    _use(KeptInput(store.folder / store.WORK, "code"), pages, names, folds)
    work = sorted(p.relative_to(store.folder).as_posix() for p in (store.folder / store.WORK).rglob("*") if p.is_file())
    assert buildcache.Store(tmp_path / "cache", "code").prune() == 1  # the entry no build used
    assert sorted(p.relative_to(store.folder).as_posix()
                  for p in (store.folder / store.WORK).rglob("*") if p.is_file()) == work
