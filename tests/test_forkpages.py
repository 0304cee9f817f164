"""Generated pages rendered by forked children (hooks/thidua_forkpages.py) are the pages MkDocs
would have rendered, and what goes wrong in a child fails the build as it would in MkDocs.
Real `mkdocs build --strict` runs on a temporary copy with the fictional records (enough pages
for the children to take a share)."""
from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from fixtures import fictional
from sitebuild import SECTION, build, copy_project

import thidua_forkpages


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def with_workers(root, n: int) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(text.replace("\nextra:\n", f"\nextra:\n  build_workers: {n}\n", 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = copy_project(tmp_path / "p")
    fixture = fictional.write(root)
    return root, fixture


def forked(result) -> int:
    """How many pages the build's children rendered, from its log."""
    found = re.search(r"pages: (\d+) of (\d+) rendered by (\d+) other process", result.output)
    return int(found.group(1)) if found else 0


def test_pages_rendered_by_children_are_the_pages_mkdocs_renders(project, tmp_path):
    """With records enough for worker processes (thidua.parallel.MIN_ITEMS) to check them, plan
    their search entries, render their bodies and write their texts too: one process's bytes."""
    root, _ = project
    fictional.write_more(root, 24)
    serial = tmp_path / "serial"
    shutil.copytree(root, serial)
    with_workers(root, 2)
    with_workers(serial, 1)
    two, one = build(root), build(serial)
    assert two.returncode == 0 and one.returncode == 0, two.output + one.output
    assert forked(two) >= thidua_forkpages.MIN_PAGES // 2 and forked(one) == 0
    assert snapshot(two.site) == snapshot(one.site)
    assert not _left_behind()  # what the children wrote back is read and removed


def _left_behind() -> list:
    return list(Path(tempfile.gettempdir()).glob("thidua-pages-*"))


def test_foreign_code_in_pages_of_every_share_fails_the_build(project):
    root, fixture = project
    with_workers(root, 2)
    template = root / "overrides/thidua/campaign.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<article class="td-decree"', '<article class="td-decree" onclick="x()"', 1),
                        encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    named = set(re.findall(rf"{SECTION}/van-ban/\d+/[^:\s]+\.md", result.output))
    assert len(named) >= len(fixture.records)  # the children's pages are reported with the parent's
    assert not (root / "site").exists()  # nothing left to publish by mistake
    assert not _left_behind()


def test_a_warning_in_a_childs_page_fails_the_strict_build(project):
    root, fixture = project
    with_workers(root, 2)
    for record in fixture.records:
        path = root / record.path
        path.write_text(path.read_text(encoding="utf-8") + "\nXem [mục không có](#muc-khong-co).\n",
                        encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    warned = set(re.findall(r"Doc file '([^']+)' contains a link '#muc-khong-co'", result.output))
    assert len(warned) == len(fixture.records), result.output[-3000:]
    assert not (root / "site").exists()


def _dies() -> None:
    os._exit(3)


def test_a_child_that_dies_without_its_result_is_an_error_not_a_hang(tmp_path):
    context = multiprocessing.get_context("fork")
    result = tmp_path / "result.pickle"
    result.write_bytes(b"")  # as start() leaves it for the child
    process = context.Process(target=_dies, daemon=True)
    process.start()
    states, errors = thidua_forkpages.finish([thidua_forkpages.Share(process, [], str(result))])
    assert states == [] and errors == ["a page renderer exited (3) without a result"]
    assert not result.exists()
