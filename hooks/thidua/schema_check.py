"""JSON Schema validation whose errors speak to editors: file, line, field, Vietnamese + English.

The schema files in `schema/` are the contract; editors' IDEs read the same files.
"""
from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from . import dates
from .problems import Problem
from .yamlpos import Located, dotted

SCHEMA_DIR = Path(__file__).parent / "schema"

_TYPE_VI = {
    "string": ("chuỗi chữ", "a string"),
    "array": ("danh sách (mỗi mục một dòng bắt đầu bằng “- ”)", "a list"),
    "object": ("nhóm trường “khoá: giá trị”", "a mapping"),
    "integer": ("số nguyên", "an integer"),
    "boolean": ("true/false", "a boolean"),
}


@functools.cache
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _check_partial_date(value: object) -> bool:
    if isinstance(value, str):
        dates.parse(value)  # raises DateError with a bilingual message
    return True


def _check_full_date(value: object) -> bool:
    if isinstance(value, str):
        dates.parse(value, allow_partial=False)
    return True


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("partial-date", raises=dates.DateError)(_check_partial_date)
_FORMATS.checks("date", raises=dates.DateError)(_check_full_date)


@functools.cache
def _end_anchored(pattern: str) -> re.Pattern:
    # In Python "$" also matches before a final newline ("nl\n" would pass "^[a-z]+$"); the
    # schema's patterns mean end of text, as in the ECMA regexes of editors' IDEs.
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator, pattern: str, instance, schema):
    if validator.is_type(instance, "string") and not _end_anchored(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.extend(jsonschema.validators.validator_for(schema), {"pattern": _pattern})
    return cls(schema, format_checker=_FORMATS)


def check(located: Located, schema_name: str, rel: str) -> list[Problem]:
    """Every schema violation of one YAML document, plus repeated keys."""
    problems = [
        Problem(
            rel, line, dotted(path),
            "khoá bị lặp lại; giữ một lần duy nhất", "key repeated; keep it only once",
        )
        for path, line in located.duplicates
    ]
    errors = _validator(schema_name).iter_errors(located.data)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        problems.extend(_explain(error, located, rel))
    return problems


def _explain(error: jsonschema.ValidationError, located: Located, rel: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    line = located.line_of(path)
    field = dotted(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        problems = []
        for key in sorted(set(error.instance) - set(known)):
            near = difflib.get_close_matches(key, known, n=1)
            hint_vi = f"; có phải “{near[0]}”?" if near else f"; các khoá hợp lệ: {', '.join(known)}"
            hint_en = f"; did you mean “{near[0]}”?" if near else f"; valid keys: {', '.join(known)}"
            problems.append(Problem(
                rel, located.line_of(path + (key,)), dotted(path + (key,)),
                f"khoá không được biết “{key}”{hint_vi}", f"unknown key “{key}”{hint_en}",
            ))
        return problems
    if kind == "required":
        missing = error.message.split("'")[1]
        where_vi = "" if not path else f" trong {field}"
        return [Problem(
            rel, line, dotted(path + (missing,)),
            f"thiếu trường bắt buộc “{missing}”{where_vi}",
            f"required field “{missing}” is missing",
        )]
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        vi, en = _TYPE_VI.get(wanted, (wanted, wanted))
        got_vi, got_en = _describe(error.instance)
        return [Problem(rel, line, field, f"phải là {vi}, không phải {got_vi}", f"must be {en}, not {got_en}")]
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return [Problem(
            rel, line, field,
            f"giá trị “{error.instance}” không hợp lệ; chọn một trong: {allowed}",
            f"“{error.instance}” is not allowed; use one of: {allowed}",
        )]
    if kind == "format":
        try:
            dates.parse(error.instance, allow_partial=error.validator_value != "date")
        except dates.DateError as exc:
            return [Problem(rel, line, field, exc.vi, exc.en)]
    if kind == "pattern" and "patternErrorMessage" in schema:
        vi, _, en = schema["patternErrorMessage"].partition(" [")
        return [Problem(
            rel, line, field,
            f"“{error.instance}” sai dạng. {vi}", f"“{error.instance}” is malformed. {en.rstrip(']')}",
        )]
    if kind == "maxLength":
        return [Problem(
            rel, line, field,
            f"dài {len(error.instance)} ký tự, quá {error.validator_value}",
            f"{len(error.instance)} characters long, over {error.validator_value}",
        )]
    if kind == "minLength":
        return [Problem(rel, line, field, "không được để trống", "must not be empty")]
    if kind == "oneOf":
        return [Problem(
            rel, line, field,
            "phải là một dòng chữ, hoặc nhóm “name:” và “note:”",
            "must be a text line, or a mapping with “name:” and “note:”",
        )]
    return [Problem(rel, line, field, f"không hợp lệ: {error.message}", f"invalid: {error.message}")]


def _describe(value: Any) -> tuple[str, str]:
    if value is None:
        return "giá trị rỗng", "an empty value"
    if isinstance(value, bool):
        return f"{value!r} (đúng/sai)", f"{value!r} (a boolean)"
    if isinstance(value, (int, float)):
        return f"số {value} (đặt trong ngoặc kép nếu là chữ)", f"the number {value} (quote it if it is text)"
    if isinstance(value, list):
        return "danh sách", "a list"
    if isinstance(value, dict):
        return "nhóm khoá", "a mapping"
    return f"“{value}”", f"“{value}”"
