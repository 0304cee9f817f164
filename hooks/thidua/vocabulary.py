"""Controlled vocabularies for free text that names a shared thing: themes and standing movements.

Decrees print the same slogan or movement in slightly different words (typos, "Lạng Sơn cùng cả
nước …" vs "Cả nước …", "-" vs ","). A registry file (campaigns/themes.yml, movements.yml) names
each thing once, with the variants and patterns that print it; everything is compared on
`match_key`, so case, diacritics, tone placement and punctuation never split a page. A string
no entry claims is still a term of its own, keyed by its match key.
"""
from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re2

from . import records, schema_check
from .problems import Problem
from .vntext import fold

_PUNCT = re.compile(r"[^0-9a-z]+")

# Registry patterns come from editors. Python's backtracking engine can take exponential time on
# a pattern such as "^(a+)+$", so they run on RE2, whose matching time is linear in the text; RE2
# refuses what it cannot do in linear time (backreferences, lookaround) with a syntax error.
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
_RE2_OPTIONS.max_mem = 8 << 20  # a pattern that needs more is refused, not built


def compile_pattern(pattern: str) -> Any:
    """An RE2 pattern; raises re2.error (with the engine's reason) when it cannot be used."""
    return re2.compile(pattern, _RE2_OPTIONS)


def match_key(text: str) -> str:
    """ "Chung tay vì người nghèo - Không để ai…" and "…nghèo, không để ai…" give one key."""
    # Names and slogans recur in every record and every rebuild of a preview: fold each once.
    return _short_match_key(text) if len(text) <= _SHORT else _match_key(text)


def _match_key(text: str) -> str:
    return _PUNCT.sub(" ", fold(text)).strip()


_SHORT = 300
_short_match_key = functools.lru_cache(maxsize=1 << 16)(_match_key)


@dataclass
class Entry:
    id: str
    name: str
    line: int
    variants: list[str] = field(default_factory=list)
    patterns: list[Any] = field(default_factory=list)  # compiled by compile_pattern
    note: str | None = None


@dataclass
class Vocabulary:
    path: str
    entries: list[Entry] = field(default_factory=list)
    _exact: dict[str, Entry] = field(default_factory=dict)

    def lookup(self, text: str) -> Entry | None:
        """The entry that claims `text`: by name or variant first, then by the first pattern
        in file order (so an editor orders specific patterns before general ones)."""
        # Every record asks for its theme and movements, mostly the same few texts. Not a field:
        # what a page's cache name reads of a registry is its fields (thidua.pagecache).
        found = self.__dict__.setdefault("_found", {})
        if text not in found:
            found[text] = self._lookup(text)
        return found[text]

    def _lookup(self, text: str) -> Entry | None:
        key = match_key(text)
        entry = self._exact.get(key)
        if entry is not None:
            return entry
        for entry in self.entries:
            if any(p.search(key) for p in entry.patterns):
                return entry
        return None


def load(root: Path, rel: str) -> tuple[Vocabulary, list[Problem]]:
    """Read a registry; a missing file is an empty vocabulary (every string its own term)."""
    vocabulary = Vocabulary(rel)
    path = Path(root) / rel
    if not path.exists() and not path.is_symlink():  # a dangling link is refused by read_yaml
        return vocabulary, []
    located, problems = records.read_yaml(path, Path(root))
    if located is None:
        return vocabulary, problems
    problems += schema_check.check(located, "vocabulary.schema.json", rel)
    if problems or not located.data:
        return vocabulary, problems

    ids: dict[str, Entry] = {}
    for index, item in enumerate(located.data):
        entry = Entry(item["id"], item["name"], located.line_of((index,)),
                      variants=item.get("variants", []), note=item.get("note"))
        if entry.id in ids:
            problems.append(Problem(
                rel, located.line_of((index, "id")), f"[{index}].id",
                f"mã “{entry.id}” đã dùng ở dòng {ids[entry.id].line}",
                f"id “{entry.id}” is already used on line {ids[entry.id].line}",
            ))
            continue
        ids[entry.id] = entry
        for n, pattern in enumerate(item.get("patterns", [])):
            try:
                entry.patterns.append(compile_pattern(pattern))
            except re2.error as exc:
                reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
                problems.append(Problem(
                    rel, located.line_of((index, "patterns", n)), f"[{index}].patterns[{n}]",
                    f"mẫu so khớp không dùng được ({reason}); chỉ dùng biểu thức chính quy cơ bản, "
                    "không tham chiếu ngược hay nhìn trước/sau",
                    f"unusable regular expression ({reason}); use plain regular expressions, "
                    "no backreferences or lookaround",
                ))
        for n, text in enumerate([entry.name, *entry.variants]):
            key = match_key(text)
            other = vocabulary._exact.setdefault(key, entry)
            if other is not entry:
                where = (index, "variants", n - 1) if n else (index, "name")
                problems.append(Problem(
                    rel, located.line_of(where), f"[{index}]",
                    f"“{text}” đã thuộc mục “{other.id}” (dòng {other.line}); mỗi cách viết chỉ thuộc một mục",
                    f"“{text}” already belongs to “{other.id}” (line {other.line}); a spelling belongs to one entry",
                ))
        vocabulary.entries.append(entry)
    return vocabulary, problems
