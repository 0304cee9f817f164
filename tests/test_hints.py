"""A decree that quotes a registered standing movement in its text but leaves it out of
`movements:` gets a hint naming the line: from `thidua validate` and in the preview, never a
failed build."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_project, mkdocs_build, thidua
from thidua import hints
from thidua.validate import validate_project

DECREE = "campaigns/2021/so-gtvt-lang-son-phat-dong-thi-dua-2021.md"
MOVEMENT = "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở"


def _quote_movement_in_body(root: Path) -> int:
    """Drop "văn hóa công sở" from the decree's `movements:` and add a body line naming that
    movement; return that line."""
    path = root / DECREE
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not (line.startswith("  - ") and "văn hóa công sở" in line)]
    lines += ["", "Hưởng ứng phong trào “cán bộ, công chức, viên chức thi đua thực hiện văn hoá công sở”."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_the_bundled_decrees_list_every_movement_they_quote():
    root = Path(__file__).resolve().parent.parent
    portal, problems = validate_project(root)
    assert problems == []
    assert hints.movement_hints(root, portal) == []
    # The 2019 decree that names "văn hóa công sở" in its text is on that movement's page.
    on_page = [c.path for c in portal.campaigns
               if any(portal.movements.lookup(m) and portal.movements.lookup(m).id == "van-hoa-cong-so"
                      for m in c.data.get("movements", []))]
    assert "campaigns/2019/ubnd-lang-son-thi-dua-cao-diem-2019.md" in on_page


def test_a_quoted_movement_missing_from_movements_is_a_hint_with_its_line(tmp_path):
    root = copy_project(tmp_path / "project")
    line = _quote_movement_in_body(root)
    portal, problems = validate_project(root)
    assert problems == []  # a hint, not an error
    found = hints.movement_hints(root, portal)
    assert [(h.path, h.line, h.field) for h in found] == [(DECREE, line, "movements")]
    assert MOVEMENT in found[0].vi


def test_validate_prints_the_hint_and_succeeds_and_the_strict_build_passes(tmp_path):
    root = copy_project(tmp_path / "project")
    line = _quote_movement_in_body(root)
    done = thidua(root, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{DECREE}:{line}: movements:" in done.stdout
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr


class _Server:
    """`mkdocs serve` on a project, its log read line by line."""

    def __init__(self, root: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def until(self, needle: str, limit: float = 120) -> str:
        """The log up to the first line holding `needle`."""
        seen, deadline = [], time.monotonic() + limit
        for output in self.process.stdout:
            seen.append(output)
            if needle in output or time.monotonic() > deadline:
                break
        log = "".join(seen)
        assert needle in log, log
        return log

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def test_the_preview_shows_the_hint_as_a_warning_then_only_for_records_saved_since(tmp_path):
    """`mkdocs serve` is where the editor works: the hint is a warning there, with file and line.
    A rebuild repeats only the hints of the records saved since the previous one."""
    root = copy_project(tmp_path / "project")
    line = _quote_movement_in_body(root)
    where = f"{DECREE}:{line}: movements:"
    server = _Server(root)
    try:
        log = server.until("Serving on")
        assert "WARNING" in log and where in log, log
        other = root / "campaigns/2018/293-kh-stttt.md"
        time.sleep(1.1)  # a distinct modification time for the watcher
        other.write_text(other.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
        log = server.until("Reloading browsers")
        assert "Detected file changes" in log and where not in log, log
        decree = root / DECREE
        time.sleep(1.1)
        decree.write_text(decree.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
        log = server.until("Reloading browsers")
        assert where in log, log
    finally:
        server.stop()


def test_a_report_prints_at_most_its_limit_and_counts_them_all(tmp_path):
    root = copy_project(tmp_path / "project")
    line = _quote_movement_in_body(root)
    portal, _ = validate_project(root)
    found = hints.movement_hints(root, portal) * 3
    text = hints.report(found, limit=2)
    assert text.count(f"{DECREE}:{line}: movements:") == 2
    assert "1 more" in text and "3 hint(s)" in text
    assert hints.report(found).count(f"{DECREE}:{line}:") == 3


def test_hints_look_only_at_the_records_asked_for(tmp_path):
    root = copy_project(tmp_path / "project")
    _quote_movement_in_body(root)
    portal, _ = validate_project(root)
    assert [h.path for h in hints.movement_hints(root, portal, only={DECREE})] == [DECREE]
    assert hints.movement_hints(root, portal, only={"campaigns/2018/293-kh-stttt.md"}) == []
    assert hints.movement_hints(root, portal, only=set()) == []


def test_cached_hints_follow_the_record_file_and_never_outlive_its_version(tmp_path):
    """With the build cache, a record's quotations are named by the digest validation took of its
    file: found again after an edit, and never stored for a file that changed after validation."""
    from thidua import buildcache

    root = copy_project(tmp_path / "project")
    store = buildcache.Store(tmp_path / "cache", "code-1")
    portal, _ = validate_project(root)
    assert hints.movement_hints(root, portal, store) == []
    assert store.misses and not store.hits
    again = buildcache.Store(tmp_path / "cache", "code-1")
    assert hints.movement_hints(root, portal, again) == [] and not again.misses  # all from the cache

    line = _quote_movement_in_body(root)
    portal, _ = validate_project(root)
    found = hints.movement_hints(root, portal, buildcache.Store(tmp_path / "cache", "code-1"))
    assert [(h.path, h.line) for h in found] == [(DECREE, line)]

    # Validated, then changed on disk before the hints read it: answered, not stored.
    stale_portal, _ = validate_project(root)
    (root / DECREE).write_text((root / DECREE).read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    stale = buildcache.Store(tmp_path / "stale", "code-1")
    hints.movement_hints(root, stale_portal, stale)
    stored = list((tmp_path / "stale").rglob("*.json"))
    assert len(stored) == len(stale_portal.campaigns) - 1  # every record but the changed one
    changed = next(c for c in stale_portal.campaigns if c.path == DECREE)
    assert stale.get("hints", stale.key("hints", buildcache.digest(
        [(e.id, e.name, e.variants) for e in stale_portal.movements.entries]), changed.digest)) is buildcache.MISSING


def test_hints_found_by_worker_processes_are_those_of_one_process(tmp_path):
    """Enough records for movement_hints to read the unknown ones in worker processes
    (thidua.parallel.MIN_ITEMS): the same hints, the same cache entries, and a file changed after
    validation still answered but not stored."""
    from fixtures import fictional
    from thidua import buildcache, parallel

    root = copy_project(tmp_path / "project")
    fictional.write(root)
    fictional.write_more(root, 24)
    line = _quote_movement_in_body(root)
    portal, problems = validate_project(root)
    assert not problems and len(portal.campaigns) >= parallel.MIN_ITEMS
    one = hints.movement_hints(root, portal, buildcache.Store(tmp_path / "one", "code-1"), workers=1)
    two = hints.movement_hints(root, portal, buildcache.Store(tmp_path / "two", "code-1"), workers=2)
    assert (DECREE, line) in [(h.path, h.line) for h in two]
    assert [h.format() for h in two] == [h.format() for h in one]

    def entries(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert entries(tmp_path / "two") == entries(tmp_path / "one")

    (root / DECREE).write_text((root / DECREE).read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    stale = buildcache.Store(tmp_path / "stale", "code-1")
    found = hints.movement_hints(root, portal, stale, workers=2)
    assert (DECREE, line) in [(h.path, h.line) for h in found]
    assert len(list((tmp_path / "stale").rglob("*.json"))) == len(portal.campaigns) - 1
