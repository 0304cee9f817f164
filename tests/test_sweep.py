"""`mkdocs build` removes the previous site while it builds (hooks/thidua_sweep.py): what it
publishes is what a build into an empty folder writes, hidden entries MkDocs keeps stay, and
nothing of the old site is left, even what an interrupted build left."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import mkdocs_build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
import thidua_sweep  # noqa: E402


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_into_the_old_site_equals_a_build_into_an_empty_folder(project, tmp_path):
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    fresh = _tree(site)
    (site / "trang-cu").mkdir()
    (site / "trang-cu" / "index.html").write_text("<p>trang đã xoá</p>", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    left = site / thidua_sweep.OLD_SITE / "bi-ngat"  # what a killed build left
    left.mkdir(parents=True)
    (left / "index.html").write_text("cũ", encoding="utf-8")

    again = mkdocs_build(project)
    assert again.returncode == 0, again.stderr
    assert not (site / thidua_sweep.OLD_SITE).exists()
    assert (site / ".git" / "HEAD").is_file()  # MkDocs keeps hidden entries; so does the sweep
    tree = _tree(site)
    del tree[".git/HEAD"]
    assert tree == fresh


def test_a_dirty_build_removes_nothing_as_mkdocs_would_not(project):
    assert mkdocs_build(project).returncode == 0
    stale = project / "site" / "trang-cu.html"
    stale.write_text("cũ", encoding="utf-8")
    # MkDocs warns that a dirty build is for development, so --strict would refuse it.
    dirty = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=project,
                           capture_output=True, text=True, timeout=600,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert dirty.returncode == 0, dirty.stderr
    assert stale.is_file() and not (project / "site" / thidua_sweep.OLD_SITE).exists()


def test_the_project_folder_and_what_holds_it_are_left_alone(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("a", encoding="utf-8")
    sweeper = thidua_sweep.Sweeper()
    sweeper.move_aside(str(site), site)  # the site folder is the project itself
    sweeper.move_aside(str(tmp_path), site)  # a folder that holds the project
    sweeper.finish()
    assert sorted(os.listdir(site)) == ["a.html"]
    sweeper.move_aside(str(site), tmp_path / "project")
    sweeper.finish()
    assert os.listdir(site) == []
