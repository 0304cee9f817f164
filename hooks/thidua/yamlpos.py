"""YAML that remembers where each value was written, so errors can name a line.

Timestamps are not resolved: a date stays the string the editor typed, and the schema and
`thidua.dates` decide whether it is valid (PyYAML would crash on 2024-02-31). A bare year such as
`issued: 2024` is still an int here; validation asks for it in quotes.

Editors' YAML is untrusted: before anything is built from it, one pass over the parser's events
refuses what no record needs and what can exhaust the build — anchors and aliases (a few hundred
bytes of nested aliases expand to gigabytes), explicit tags (`!!timestamp 2024-02-31`, `!!python/…`)
and nesting deeper than MAX_DEPTH (the composer recurses). Each refusal names its line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple  # of str keys and int indexes

# Records nest three levels (bases[0].date); registries four. Anything deeper is a mistake.
MAX_DEPTH = 12


# libyaml's parser (PyYAML's C extension) when present: the same events, nodes and marks as the
# pure-Python one at a tenth of the cost; PyYAML's own resolver and constructor still decide types.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Located:
    """Parsed data with the 1-based line of every key and list item, and repeated keys."""

    data: Any
    lines: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)  # (path, line)

    def line_of(self, path: Path, default: int = 1) -> int:
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


class YamlSyntaxError(Exception):
    def __init__(self, line: int, vi: str, en: str):
        super().__init__(en)
        self.line, self.vi, self.en = line, vi, en


def _refuse_unsafe(text: str) -> None:
    """Raise YamlSyntaxError at the first anchor, alias, explicit tag or too-deep nesting."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlSyntaxError(
                line,
                "không dùng neo và bí danh YAML (“&…”, “*…”); viết đầy đủ giá trị ở mỗi chỗ",
                "YAML anchors and aliases (“&…”, “*…”) are not allowed; write each value out in full",
            )
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlSyntaxError(
                line,
                f"không dùng thẻ YAML “{tag}”; bỏ thẻ, ghi ngày và chữ trong ngoặc kép",
                f"YAML tag “{tag}” is not allowed; remove it and quote dates and text",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    line,
                    f"lồng quá {MAX_DEPTH} cấp; bản ghi không cần cấu trúc sâu như vậy",
                    f"nested more than {MAX_DEPTH} levels deep; no record needs that",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def load(text: str) -> Located:
    """Parse one YAML document. Lines are relative to `text` (first line = 1)."""
    loader = None
    try:
        _refuse_unsafe(text)
        loader = _Loader(text)
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            located.data = _build(loader, node, (), located)
        return located
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        raise YamlSyntaxError(
            line,
            f"lỗi cú pháp YAML ({what}); kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép",
            f"YAML syntax error ({what}); check indentation, colons and quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"lỗi cú pháp YAML ({exc})", f"YAML syntax error ({exc})") from None
    finally:
        if loader is not None:
            loader.dispose()


def _build(loader: _Loader, node: yaml.Node, path: Path, out: Located) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                out.duplicates.append((path + (key,), line))
            out.lines[path + (key,)] = line
            result[key] = _build(loader, value_node, path + (key,), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out.lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(loader, item, path + (index,), out))
        return items
    return _construct(loader, node)


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # e.g. an integer of thousands of digits (Python refuses to convert it)
        raise YamlSyntaxError(
            node.start_mark.line + 1,
            "giá trị không đọc được (số quá dài?); đặt giá trị trong ngoặc kép",
            "value cannot be read (a number too long?); put it in quotes",
        ) from None


def dotted(path: Path) -> str:
    """("bases", 0, "date") -> "bases[0].date" — how the field is named in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "-"
