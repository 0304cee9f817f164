"""Tests import this worktree's `thidua`, whatever the editable install points at."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
