"""Reading record files: bytes -> NFC text -> front matter (with lines) + Markdown body.

Nothing here knows the schema; it only reports what stops a file from being read at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .vntext import nfc
from . import yamlpos

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)


@dataclass
class SourceFile:
    """A record file as read: front matter data with line numbers, and the body."""

    path: str  # relative, forward slashes
    front: yamlpos.Located
    body: str


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (BOM allowed), any line ending, NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                rel, line, "-",
                f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02x} không hợp lệ); "
                "lưu lại tệp với mã hoá UTF-8",
                f"file is not UTF-8 (invalid byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
        ]
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), []


def split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Problem:
    """Return (yaml text, body, body's first line) or the problem that prevents it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Problem(
            rel, 1, "-",
            "thiếu phần thông tin đầu tệp (front matter): dòng đầu tiên phải là “---”, "
            "tiếp theo là các trường YAML, rồi một dòng “---”",
            "missing front matter: the first line must be “---”, then the YAML fields, "
            "then a closing “---” line",
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index])
            return yaml_text, "\n".join(lines[index + 1 :]), index + 2
    return Problem(
        rel, 1, "-",
        "phần thông tin đầu tệp không có dòng “---” kết thúc",
        "front matter is never closed by a “---” line",
    )


def read(path: Path, root: Path) -> tuple[SourceFile | None, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        return None, problems
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return None, [split]
    yaml_text, body, _ = split
    # YAML forbids tabs in indentation; editors' tools insert them. One tab = one level.
    yaml_text = _LEADING_TABS.sub(lambda m: "  " * len(m.group()), yaml_text)
    try:
        front = yamlpos.load(yaml_text)
    except yamlpos.YamlSyntaxError as exc:
        return None, [Problem(rel, exc.line + 1, "-", exc.vi, exc.en)]
    # Lines inside the YAML count from the line after the opening fence.
    front.lines = {key: line + 1 for key, line in front.lines.items()}
    front.duplicates = [(p, line + 1) for p, line in front.duplicates]
    if not isinstance(front.data, dict):
        return None, [
            Problem(
                rel, 2, "-",
                "phần thông tin đầu tệp phải là các cặp “khoá: giá trị”",
                "front matter must be a mapping of “key: value” pairs",
            )
        ]
    return SourceFile(rel, front, body.strip("\n") + "\n"), problems


def read_yaml(path: Path, root: Path) -> tuple[yamlpos.Located | None, list[Problem]]:
    """A plain YAML file such as the unit registry, with the same encoding rules."""
    rel = path.relative_to(root).as_posix()
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        return None, problems
    text = _LEADING_TABS.sub(lambda m: "  " * len(m.group()), text)
    try:
        return yamlpos.load(text), problems
    except yamlpos.YamlSyntaxError as exc:
        return None, [Problem(rel, exc.line, "-", exc.vi, exc.en)]
