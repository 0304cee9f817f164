"""Naming a unit in data an editor types: by id, or by any of its names within a province.

"Sở GTVT" and "Sở Giao thông vận tải" of Lạng Sơn are one unit; the same words in Kon Tum are
another. A name is looked up in the province the document belongs to first, and only counts
elsewhere when exactly one unit in the whole registry carries it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Unit
from .vntext import fold


@dataclass
class Resolved:
    unit: Unit | None
    candidates: list[Unit]  # when ambiguous: the units the name could mean


class UnitNames:
    def __init__(self, units: dict[str, Unit]):
        self.units = units
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units.values():
            for name in dict.fromkeys(fold(n) for n in unit.names):
                self._by_name.setdefault(name, []).append(unit)

    def resolve(self, ref: str, province: str | None = None) -> Resolved:
        if ref in self.units:
            return Resolved(self.units[ref], [])
        found = self._by_name.get(fold(ref), [])
        if province is not None:
            local = [u for u in found if fold(u.province or "") == fold(province)]
            if len(local) == 1:
                return Resolved(local[0], [])
            if local:
                found = local
        if len(found) == 1:
            return Resolved(found[0], [])
        return Resolved(None, found)
