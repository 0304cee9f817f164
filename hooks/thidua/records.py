"""Reading record files: bytes -> NFC text -> front matter (with lines) + Markdown body.

Nothing here knows the schema; it only reports what stops a file from being read at all.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .sources import refusal
from .vntext import nfc
from . import yamlpos

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Control characters other than tab and newline: Word's Shift+Enter pastes U+000B, broken tools
# NUL. YAML cannot read them and no decree prints them. U+FFFE/U+FFFF are not characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)


@dataclass
class SourceFile:
    """A record file as read: front matter data with line numbers, and the body."""

    path: str  # relative, forward slashes
    front: yamlpos.Located
    body: str
    body_line: int = 1  # the file line of the body's first line
    # SHA-256 of the bytes read: the front matter and body are a function of them (and of the
    # code), so work on this record alone is named by it (thidua.buildcache).
    digest: str = ""


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
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        code = f"U+{ord(bad.group()):04X}"
        return None, [Problem(
            rel, line, "-",
            f"ký tự điều khiển {code} ở cột {column} (Shift+Enter trong Word chép sang là U+000B); "
            "xoá ký tự này hoặc thay bằng dấu cách hay xuống dòng",
            f"control character {code} at column {column} (Word's Shift+Enter pastes U+000B); "
            "delete it or replace it with a space or a line break",
        )]
    return text, []


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


def read(path: Path, root: Path, raw: bytes | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """`raw`: the file's bytes when the caller has read them already (they are what its digest
    names: reading twice could pair one version's name with another's content)."""
    rel = path.relative_to(root).as_posix()
    refused = refusal(path, root)
    if refused:
        return None, [refused]
    if raw is None:
        raw = path.read_bytes()
    text, problems = decode(raw, rel)
    if text is None:
        return None, problems
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return None, [split]
    yaml_text, body, body_line = split
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
    body_line += len(body) - len(body.lstrip("\n"))
    return SourceFile(rel, front, body.strip("\n") + "\n", body_line, hashlib.sha256(raw).hexdigest()), problems


def read_yaml(path: Path, root: Path) -> tuple[yamlpos.Located | None, list[Problem]]:
    """A plain YAML file such as the unit registry, with the same encoding rules."""
    rel = path.relative_to(root).as_posix()
    refused = refusal(path, root)
    if refused:
        return None, [refused]
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        return None, problems
    text = _LEADING_TABS.sub(lambda m: "  " * len(m.group()), text)
    try:
        return yamlpos.load(text), problems
    except yamlpos.YamlSyntaxError as exc:
        return None, [Problem(rel, exc.line, "-", exc.vi, exc.en)]
