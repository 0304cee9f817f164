"""Before its search step, `mkdocs build` drops what only rendering needed (hooks/thidua_memory.py):
the pages' Markdown and HTML and the generated files' contents, never a file MkDocs copies from
disk, and nothing the search step reads."""
from __future__ import annotations

import gc
import weakref

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

import thidua_memory


def test_release_drops_rendered_pages_and_generated_contents(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "trang.md").write_text("# Trang\n", encoding="utf-8")
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "x", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])

    written = File("trang.md", str(docs), str(tmp_path / "site"), True)
    page = Page("Trang", written, config)
    page.markdown, page.content = "# Trang\n", "<h1>Trang</h1>"
    # As File.generated makes it, outside a plugin event (which names the plugin that made it).
    generated = File("du-lieu/van-ban.json", None, str(tmp_path / "site"), True)
    generated.generated_by, generated.content_string = "hooks/thidua_mkdocs.py", '{"a": "Sở Xây dựng"}'

    thidua_memory.release([written, generated])

    assert page.markdown is None and page.content is None
    assert generated.content_string == ""
    # A file from disk keeps its source: MkDocs would copy it again, not an empty string.
    assert written.abs_src_path == str(docs / "trang.md")
    assert written.content_string == "# Trang\n"


def test_the_preview_gives_back_what_a_rebuild_freed_once_it_has_collected(monkeypatch):
    """After each rebuild's garbage is collected, the server returns the freed heap to the system
    (an idle server after a cold first build at 2,000 records: 769 MB without, 676 MB with)."""
    import gc
    import importlib.util
    from pathlib import Path

    glue = Path(__file__).resolve().parents[1] / "hooks" / "thidua_mkdocs.py"
    spec = importlib.util.spec_from_file_location("thidua_mkdocs_trim_under_test", glue)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls = []
    monkeypatch.setattr(thidua_memory, "trim", lambda: calls.append(gc.isenabled()))
    gc.disable()
    try:
        module._collect_after_rebuild()
    finally:
        gc.enable()
    assert calls == [True]  # once, after the collector is running again


def test_the_plan_held_from_the_collector_is_collectable_again_once_memory_is_released():
    """hold_plan() spares the plan the collector's passes; release() hands it back, so a cycle of
    the plan that is garbage by then is freed before the search step."""
    class Node:
        pass

    planned = Node()
    planned.itself = planned  # a cycle: only the collector frees it
    gone = weakref.ref(planned)
    thidua_memory.hold_plan()
    try:
        del planned
        gc.collect()
        assert gone() is not None and gc.get_freeze_count() > 0
        thidua_memory.release([])
        assert gone() is None and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_mkdocs_build_leaves_its_objects_out_of_the_collection_at_exit():
    """collect_less() (`mkdocs build`) freezes what is alive when the interpreter ends, so its last
    collection does not walk the build's objects; a process that never called it is untouched."""
    import subprocess
    import sys
    from pathlib import Path

    hooks = Path(thidua_memory.__file__).parent
    script = (
        "import atexit, gc, sys\n"
        f"sys.path.insert(0, {str(hooks)!r})\n"
        "import thidua_memory\n"
        # Registered first, so it runs last (atexit is last in, first out): after the freeze.
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "kept = [[i] for i in range(1000)]\n"
        "if sys.argv[1] == 'build':\n"
        "    thidua_memory.collect_less()\n"
        "    thidua_memory.collect_less()\n"
        "print('frozen before exit:', gc.get_freeze_count() > 0)\n"
    )
    out = {mode: subprocess.run([sys.executable, "-c", script, mode], capture_output=True, text=True,
                                check=True).stdout.split("\n") for mode in ("build", "other")}
    assert out["build"][:2] == ["frozen before exit: False", "frozen at exit: True"]
    assert out["other"][:2] == ["frozen before exit: False", "frozen at exit: False"]
