"""Shared set-up: a throw-away copy of the project, and the `thidua` command run as a subprocess."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "import"
PROJECT_PARTS = ["campaigns", "hooks", "docs", "overrides", "mkdocs.yml", "pyproject.toml"]

sys.path.insert(0, str(Path(__file__).parent))  # tests/docgen.py


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def env_for(project: Path) -> dict:
    env = dict(os.environ)
    # The copy's own package, whatever else is installed: the command under test is this tree's.
    env["PYTHONPATH"] = os.pathsep.join([str(project / "hooks"), env.get("PYTHONPATH", "")])
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def thidua(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`thidua ARGS` in `project`, as an editor runs it (python -m, so no PATH lookup is needed)."""
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *map(str, args)], cwd=project, env=env_for(project),
        capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def read_record(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a record, read the way the build reads it (no timestamps, NFC)."""
    sys.path.insert(0, str(REPO / "hooks"))
    from thidua import records, yamlpos

    split = records.split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(split, tuple), split.format()
    front, body, _ = split
    return yamlpos.load(front).data, body


def load_yaml(path: Path):
    sys.path.insert(0, str(REPO / "hooks"))
    from thidua import yamlpos

    return yamlpos.load(path.read_text(encoding="utf-8")).data


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
