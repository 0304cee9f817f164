"""Check JSON-LD against the schema.org vocabulary: every type exists, every property exists and
applies to its node's type (domainIncludes, with supertypes), and every value fits the property's
range (rangeIncludes): a node of a fitting type, a literal where the range has a data type, or a
URL where the range is a class (the schema.org context makes such strings IRIs).

The vocabulary is a trimmed copy of schema.org release 12.0 (tests/fixtures/schemaorg/, source
and licence in the file), so the check runs offline.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).parent / "fixtures" / "schemaorg" / "vocabulary-12.0.json"
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean",
              "CssSelectorType", "XPathType", "PronounceableText"}
KEYWORDS = {"@context", "@type", "@id"}


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


def ancestors(type_name: str) -> set[str]:
    types = vocabulary()["types"]
    seen, queue = set(), [type_name]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        queue += types.get(current, [])
    return seen


def problems(node, path: str = "$") -> list[str]:
    """Every way `node` departs from the vocabulary; [] when it conforms."""
    vocab = vocabulary()
    found: list[str] = []
    if not isinstance(node, dict):
        return [f"{path}: not an object"]
    if node.get("@context", "https://schema.org") not in ("https://schema.org", "http://schema.org"):
        found.append(f"{path}: @context is not schema.org")
    type_name = node.get("@type")
    if type_name not in vocab["types"]:
        return found + [f"{path}: unknown type {type_name!r}"]
    lineage = ancestors(type_name)
    for key, value in node.items():
        if key in KEYWORDS:
            continue
        prop = vocab["properties"].get(key)
        if prop is None:
            found.append(f"{path}.{key}: unknown property")
            continue
        if not lineage & set(prop["domain"]):
            found.append(f"{path}.{key}: not a property of {type_name} (domain {prop['domain']})")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{i}]"
            found += _fits(item, prop["range"], where)
    return found


def _fits(value, range_: list[str], where: str) -> list[str]:
    if isinstance(value, dict):
        if value.get("@type") and not ancestors(value["@type"]) & set(range_):
            return [f"{where}: {value['@type']} is not in the range {range_}"]
        return problems(value, where)
    literal_ok = bool(set(range_) & DATA_TYPES) or any(ancestors(r) & DATA_TYPES for r in range_)
    if isinstance(value, str) and not literal_ok and not value.startswith(("http://", "https://")):
        return [f"{where}: a text where the range {range_} wants a node or a URL"]
    if not isinstance(value, (str, int, float, bool)):
        return [f"{where}: unexpected value {value!r}"]
    return []
