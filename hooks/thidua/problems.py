"""A problem in an editor's input, said so the editor can act on it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 1 when the problem concerns the whole file
    field: str  # dotted path into the front matter ("bases[0].date"), or "-" for the file itself
    vi: str
    en: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.vi} [{self.en}]"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.field)


def report(problems: list[Problem]) -> str:
    """All problems of a run, in file and line order, with a bilingual summary line."""
    lines = [p.format() for p in sorted(problems, key=Problem.sort_key)]
    files = len({p.path for p in problems})
    lines.append(
        f"{len(problems)} lỗi trong {files} tệp; sửa rồi chạy lại. "
        f"[{len(problems)} problem(s) in {files} file(s); fix them and run again.]"
    )
    return "\n".join(lines)
