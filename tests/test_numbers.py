"""One grammar of số ký hiệu: the schemas' patterns are thidua.numbers', and the importer's parser
reads it from there, not from the validator."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from thidua import numbers

SCHEMAS = Path(__file__).resolve().parent.parent / "hooks/thidua/schema"


@pytest.mark.parametrize("schema, path, pattern", [
    ("record.schema.json", ("$defs", "number"), f"^(|{numbers.CANONICAL_CORE})$"),
    ("honours.schema.json", ("properties", "decision", "properties", "number"), f"^{numbers.CANONICAL_CORE}$"),
    ("consultation.schema.json", ("properties", "notice", "properties", "number"), f"^{numbers.CANONICAL_CORE}$"),
])
def test_schemas_spell_the_shared_grammar(schema, path, pattern):
    node = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    assert node["pattern"] == pattern


@pytest.mark.parametrize("number, ok", [("173/PD-SKHĐT", True), ("10/2020/NĐ-CP", True), ("382a/QĐ-UBND", True),
                                        ("34-CT/TW", True), ("173 /PD-SKHĐT", False), ('1/QĐ-"x', False)])
def test_canonical_numbers(number, ok):
    assert bool(numbers.CANONICAL.match(number)) is ok


def test_the_parser_does_not_import_the_validator():
    tree = ast.parse((SCHEMAS.parent / "importer/parse.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "validate" not in {m.rsplit(".", 1)[-1] for m in imported if m}
