"""YAML that remembers where each value was written, so errors can name a line.

Timestamps are not resolved: a date stays the string the editor typed, and the schema and
`thidua.dates` decide whether it is valid (PyYAML would crash on 2024-02-31). A bare year such as
`issued: 2024` is still an int here; validation asks for it in quotes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple  # of str keys and int indexes


class _Loader(yaml.SafeLoader):
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


def load(text: str) -> Located:
    """Parse one YAML document. Lines are relative to `text` (first line = 1)."""
    loader = _Loader(text)
    try:
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
        loader.dispose()


def _build(loader: _Loader, node: yaml.Node, path: Path, out: Located) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
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
    return loader.construct_object(node, deep=True)


def dotted(path: Path) -> str:
    """("bases", 0, "date") -> "bases[0].date" — how the field is named in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "-"
