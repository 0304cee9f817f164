"""`mkdocs serve` keeps its site folder between rebuilds (hooks/thidua_preview.py): what it writes
after edits, a deleted record and a renamed unit is exactly what a fresh preview writes."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import thidua_preview  # noqa: E402
from thidua.validate import Seen  # noqa: E402

# Builds as `mkdocs serve` runs them (mkdocs/commands/serve.py): one process, the configuration
# loaded again before each rebuild, the same temporary site folder. argv: project, site folder,
# then the rebuilds to run after the first one, each a Python file that changes the project.
SERVE = r"""
import logging, os, sys, time
from pathlib import Path
logging.basicConfig(level=logging.INFO)  # what `mkdocs serve` prints
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.config import load_config
from mkdocs.commands.build import build
project, site = Path(sys.argv[1]), sys.argv[2]
os.chdir(project)

def config():
    c = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    c.site_url = "http://127.0.0.1:8000/"
    return c

def rebuild(c):
    build(c, serve_url="http://127.0.0.1:8000/")
    hooks = sys.modules["hooks/thidua_mkdocs.py"]._Build
    if hooks.indexing is not None:  # the search index, written in the background
        hooks.indexing.join()
    import gc
    assert gc.isenabled()  # paused while the rebuild ran, back once its index is written

first = config()
first.plugins.on_startup(command="serve", dirty=False)
rebuild(first)
stop = "--shutdown" in sys.argv
for change in [a for a in sys.argv[3:] if a != "--shutdown"]:
    exec(Path(change).read_text(encoding="utf-8"))
    time.sleep(0.01)
    rebuild(config())
if stop:  # as mkdocs/commands/serve.py does when the server stops
    first.plugins.on_shutdown()
"""


def serve_builds(project: Path, site: Path, *changes: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-c", SERVE, str(project), str(site), *map(str, changes)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_rebuilt_preview_folder_equals_a_fresh_one(project, tmp_path):
    campaigns = project / "campaigns"
    gone = campaigns / "2023" / "173-pd-skhdt.md"
    assert gone.is_file()
    changes = tmp_path / "changes"
    changes.mkdir()
    # 1: a body edited; 2: a record deleted and a unit renamed in the registry.
    (changes / "1.py").write_text(
        "p = Path('campaigns/2018/293-kh-stttt.md')\n"
        "p.write_text(p.read_text(encoding='utf-8') + '\\nĐoạn sửa trong bản xem trước.\\n', encoding='utf-8')\n",
        encoding="utf-8")
    (changes / "2.py").write_text(
        "Path('campaigns/2023/173-pd-skhdt.md').unlink()\n"
        "u = Path('campaigns/units.yml')\n"
        "u.write_text(u.read_text(encoding='utf-8').replace('Sở Thông tin và Truyền thông tỉnh Lạng Sơn',"
        " 'Sở Thông tin và Truyền thông tỉnh Lạng Sơn (đổi tên thử)', 1), encoding='utf-8')\n",
        encoding="utf-8")
    units = (campaigns / "units.yml").read_text(encoding="utf-8")
    assert "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" in units

    kept = tmp_path / "kept-site"
    # Past the window after which the preview trusts a record file's status (thidua.validate.Seen),
    # so its rebuilds take unchanged records from memory, as they do in an editor's session.
    time.sleep(Seen.SETTLED_NS / 1e9 + 0.1)
    result = serve_builds(project, kept, changes / "1.py", changes / "2.py")
    assert "files no longer produced were removed" in result.stderr

    fresh = tmp_path / "fresh-site"
    shutil.rmtree(project / ".cache")  # a fresh preview from nothing: no page taken from the cache
    serve_builds(project, fresh)  # the project as it is after both changes

    kept_tree, fresh_tree = tree(kept), tree(fresh)
    assert not [name for name in kept_tree if name.startswith(thidua_preview.STASH)]
    assert sorted(set(kept_tree) ^ set(fresh_tree)) == []
    assert [name for name in kept_tree if kept_tree[name] != fresh_tree[name]] == []
    # and the changes are in it
    page = (kept / "trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/index.html").read_text(encoding="utf-8")
    assert "Đoạn sửa trong bản xem trước." in page
    assert not [name for name in kept_tree if "173-pd-skhdt" in name]
    assert "(đổi tên thử)" in page  # its issuer, renamed in units.yml


def test_folder_set_aside_put_back_and_finish(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "page.html").write_text("one", encoding="utf-8")
    (site / "old.json").write_text("{}", encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "x.pf").write_text("index", encoding="utf-8")
    folder = thidua_preview.Folder()

    # First rebuild: nothing is relied on; MkDocs empties the folder as usual.
    folder.set_aside(str(site))
    assert not (site / thidua_preview.STASH).exists()
    assert (site / "a" / "page.html").is_file()
    assert folder.unchanged(str(site / "a" / "page.html"), "t1") is False
    folder.produced(str(site / "old.json"))
    assert folder.finish(keep=("pagefind",)) == 0

    # Second: the folder is set aside (MkDocs' clean skips hidden names), put back, and what the
    # rebuild did not produce is removed; the index folder is left to its writer.
    folder.set_aside(str(site))
    assert sorted(os.listdir(site)) == [thidua_preview.STASH]
    folder.put_back()
    assert sorted(os.listdir(site)) == ["a", "old.json", "pagefind"]
    assert folder.unchanged(str(site / "a" / "page.html"), "t1") is True
    assert folder.unchanged(str(site / "a" / "page.html"), "t2") is False  # another content: write it
    assert folder.finish(keep=("pagefind",)) == 1
    assert not (site / "old.json").exists()
    assert (site / "pagefind" / "x.pf").is_file()

    # A rebuild that fails (no finish) is not trusted by the next one.
    folder.set_aside(str(site))
    folder.put_back()
    folder.set_aside(str(site))
    assert not (site / thidua_preview.STASH).exists()
    assert folder.unchanged(str(site / "a" / "page.html"), "t2") is False


def test_finish_removes_what_the_previous_rebuild_produced_and_this_one_did_not(tmp_path):
    """From the second rebuild on, what went stale is known without walking the folder: the
    previous rebuild's files this one did not produce go, and folders they leave empty too."""
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "keep.html").write_text("k", encoding="utf-8")
    (site / "a" / "b" / "gone.html").write_text("g", encoding="utf-8")
    (site / "c").mkdir()
    (site / "c" / "gone.json").write_text("{}", encoding="utf-8")
    folder = thidua_preview.Folder()
    folder.set_aside(str(site))
    for path in ("a/keep.html", "a/b/gone.html", "c/gone.json"):
        folder.produced(str(site / path))
    assert folder.finish() == 0

    folder.set_aside(str(site))
    folder.put_back()
    assert folder.unchanged(str(site / "a" / "keep.html"), "t") is False
    assert folder.finish() == 2
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["a", "a/keep.html"]


def test_tokens():
    assert thidua_preview.content_token("đ") == thidua_preview.content_token("đ".encode("utf-8"))
    assert thidua_preview.content_token("a") != thidua_preview.content_token("b")
    assert thidua_preview.source_token("/no/such/file") is None


def _edit_body(changes: Path, marker: str) -> Path:
    script = changes / f"{marker}.py"
    script.write_text(
        "p = Path('campaigns/2018/293-kh-stttt.md')\n"
        f"p.write_text(p.read_text(encoding='utf-8') + '\\n{marker}.\\n', encoding='utf-8')\n",
        encoding="utf-8")
    return script


def _record_entries(project: Path) -> int:
    return len(list((project / ".cache" / "thidua" / "record").rglob("*.json")))


def test_the_preview_prunes_its_cache_when_it_stops_not_after_every_save(project, tmp_path):
    """Walking the whole cache after every save delayed the next rebuild: the preview prunes after
    its first build and when the server stops, keeping exactly its last rebuild's entries."""
    records = len([p for p in (project / "campaigns").rglob("*.md") if p.name.lower() != "readme.md"])
    changes = tmp_path / "changes"
    changes.mkdir()
    edits = [_edit_body(changes, f"Sửa lần {n}") for n in (1, 2)]
    serve_builds(project, tmp_path / "site", *edits)
    assert _record_entries(project) == records + 2  # both earlier versions of the edited record
    serve_builds(project, tmp_path / "site2", _edit_body(changes, "Sửa lần 3"), "--shutdown")
    assert _record_entries(project) == records


def test_made_texts_are_reused_by_their_inputs_and_only_for_the_next_rebuild():
    made = thidua_preview.Made()
    calls = []

    def make(text):
        return lambda: calls.append(text) or text

    made.next_rebuild()
    first = made.text(("feed", "a", 1), make("x" * 50))
    token = made.token(first)
    assert token == thidua_preview.content_token("x" * 50)
    made.next_rebuild()
    reused = []
    again = made.text(("feed", "a", 1), make("never made"), reused=lambda: reused.append(1))
    assert again is first and reused == [1] and calls == ["x" * 50]
    assert made.text(("feed", "a", 2), make("y")) == "y"  # other inputs: made again
    assert made.token(again) == token
    made.next_rebuild()  # ("feed", "a", 1) was used by the last rebuild: still there
    made.next_rebuild()  # not used by the one before this: gone, and its token with it
    assert made.text(("feed", "a", 1), make("z")) == "z"
    assert made.tokens == {}
