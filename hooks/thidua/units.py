"""The unit registry (campaigns/units.yml): every issuing body and honoured unit, with its history."""
from __future__ import annotations

from pathlib import Path

from . import dates, records, schema_check
from .model import Unit
from .problems import Problem
from .vntext import fold

REGISTRY = "campaigns/units.yml"


def load_units(root: Path) -> tuple[dict[str, Unit], list[Problem]]:
    path = root / REGISTRY
    if not path.exists() and not path.is_symlink():  # a dangling link is refused by read_yaml
        return {}, [Problem(
            REGISTRY, 1, "-",
            "thiếu danh mục đơn vị campaigns/units.yml", "the unit registry campaigns/units.yml is missing",
        )]
    located, problems = records.read_yaml(path, root)
    if located is None:
        return {}, problems
    problems += schema_check.check(located, "units.schema.json", REGISTRY)
    if problems or not located.data:
        return {}, problems

    units: dict[str, Unit] = {}
    names: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(located.data):
        line = located.line_of((index,))
        unit = Unit(
            id=entry["id"], name=entry["name"], kind=entry["kind"], line=line,
            province=entry.get("province"), short_names=entry.get("short_names", []),
            aliases=entry.get("aliases", []), code=entry.get("code"), ident=entry.get("ident"),
            parent=entry.get("parent"), successor=entry.get("successor"), note=entry.get("note"),
            valid_from=dates.parse(entry["valid_from"]) if "valid_from" in entry else None,
            valid_to=dates.parse(entry["valid_to"]) if "valid_to" in entry else None,
        )
        if unit.id in units:
            problems.append(Problem(
                REGISTRY, line, f"[{index}].id",
                f"mã đơn vị “{unit.id}” đã dùng ở dòng {units[unit.id].line}; mỗi đơn vị một mã riêng",
                f"unit id “{unit.id}” is already used on line {units[unit.id].line}; ids must be unique",
            ))
            continue
        units[unit.id] = unit
        # The same name in two provinces is two units; in one province it must be one.
        for name in unit.names:
            key = (fold(name), fold(unit.province or ""))
            other = names.setdefault(key, unit.id)
            if other != unit.id:
                problems.append(Problem(
                    REGISTRY, line, f"[{index}]",
                    f"tên “{name}” đã thuộc đơn vị “{other}” cùng tỉnh; bỏ tên trùng hoặc gộp hai mục",
                    f"name “{name}” already belongs to unit “{other}” in the same province; "
                    "remove the duplicate or merge the entries",
                ))
        if unit.valid_from and unit.valid_to and unit.valid_to.before(unit.valid_from):
            problems.append(Problem(
                REGISTRY, located.line_of((index, "valid_to")), f"[{index}].valid_to",
                "ngày kết thúc trước ngày thành lập", "valid_to is before valid_from",
            ))

    for index, entry in enumerate(located.data):
        for key in ("parent", "successor"):
            ref = entry.get(key)
            if ref and ref not in units:
                problems.append(Problem(
                    REGISTRY, located.line_of((index, key)), f"[{index}].{key}",
                    f"không có đơn vị mã “{ref}” trong danh mục",
                    f"no unit with id “{ref}” in the registry",
                ))
    return units, problems
