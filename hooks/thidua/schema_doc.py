"""The record format's reference page, written from the JSON Schema itself so the two never drift."""
from __future__ import annotations

from .schema_check import load_schema


def _kind(spec: dict, defs: dict) -> str:
    if "$ref" in spec:
        spec = {**defs[spec["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in spec.items() if k != "$ref"}}
    if "enum" in spec:
        return "một trong: " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type")
    if spec.get("format") == "partial-date":
        return "ngày `YYYY-MM-DD` (hoặc `YYYY-MM`, `YYYY`)"
    if spec.get("format") == "date":
        return "ngày `YYYY-MM-DD`"
    if kind == "array":
        return "danh sách"
    if kind == "object":
        return "nhóm trường"
    if "oneOf" in spec:
        return "chữ, hoặc nhóm trường"
    return "chữ"


def _rows(properties: dict, required: list, defs: dict, prefix: str = "") -> list[str]:
    rows = []
    for key, spec in properties.items():
        name = f"{prefix}{key}"
        title = spec.get("title", "")
        description = spec.get("description", "").replace("|", "\\|")
        must = "bắt buộc" if key in required else ""
        rows.append(f"| `{name}` | {title} | {must} | {_kind(spec, defs)} | {description} |")
        items = spec.get("items", {}) if spec.get("type") == "array" else {}
        if spec.get("type") == "object":
            rows += _rows(spec.get("properties", {}), spec.get("required", []), defs, f"{name}.")
        elif items.get("type") == "object":
            rows += _rows(items.get("properties", {}), items.get("required", []), defs, f"{name}[].")
    return rows


def record_reference() -> str:
    schema = load_schema("record.schema.json")
    defs = schema.get("$defs", {})
    lines = [
        f"Phiên bản lược đồ: {schema.get('x-version', 1)}. "
        "Tệp lược đồ máy đọc được: [record.schema.json](record.schema.json).",
        "",
        "| Trường | Ý nghĩa | Bắt buộc | Kiểu | Giải thích |",
        "| --- | --- | --- | --- | --- |",
        *_rows(schema["properties"], schema.get("required", []), defs),
    ]
    return "\n".join(lines) + "\n"
