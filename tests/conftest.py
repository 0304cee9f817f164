"""Shared helpers: a temporary copy of the project and the real `mkdocs build`."""
from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# This worktree's `thidua`, whatever the editable install points at.
sys.path.insert(0, str(ROOT / "hooks"))
PROJECT_PARTS = ["mkdocs.yml", "docs", "campaigns", "hooks", "overrides"]


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real build, as CI and editors run it (never with -q: it hides --strict failures)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """One real build of the bundled content, shared by a test module."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


# --- the editors' command line (thidua import/new/validate), run as editors run it ---------------

REPO = ROOT
FIXTURES = Path(__file__).parent / "fixtures" / "import"
sys.path.insert(0, str(Path(__file__).parent))  # tests/docgen.py


def env_for(project: Path) -> dict:
    import os

    env = dict(os.environ)
    # The copy's own package, whatever else is installed: the command under test is this tree's.
    hooks = project / "hooks" if (project / "hooks").is_dir() else REPO / "hooks"
    env["PYTHONPATH"] = os.pathsep.join([str(hooks), env.get("PYTHONPATH", "")])
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def thidua(project: Path, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    """`thidua ARGS` in `project` (python -m thidua.cli: the console script's target, no PATH lookup)."""
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *map(str, args)], cwd=project, env=env_for(project),
        capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def read_record(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a record, read the way the build reads it (no timestamps, NFC)."""
    from thidua import records, yamlpos

    split = records.split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(split, tuple), split.format()
    front, body, _ = split
    return yamlpos.load(front).data, body


def load_yaml(path: Path):
    from thidua import yamlpos

    return yamlpos.load(path.read_text(encoding="utf-8")).data


@contextlib.contextmanager
def static_server(directory: Path):
    """A built site served from 127.0.0.1 on a free port, as static hosting would serve it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
