"""Honours as data: commendation decisions in campaigns/honours/*.yml, validated against the
unit registry and, when they close one, the campaign.

A decision is its own document, signed after the campaign and usually by another authority
(a Sở launches, the Chủ tịch UBND tỉnh commends), so it lives in its own file. Annual flags and
merit certificates reward a year's emulation rather than one decree, so `campaign` is optional;
so are the number and the day of the month, which official summaries often leave out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import dates, layout, records, schema_check
from .model import Campaign, Unit
from .problems import Problem
from .unitref import UnitNames
from .yamlpos import dotted

FOLDER = layout.HONOURS

# Luật Thi đua, khen thưởng 2022, Điều 8–11: titles for collectives and for individuals differ.
COLLECTIVE_TITLES = {
    "Cờ thi đua của Chính phủ", "Cờ thi đua cấp bộ, ban, ngành, tỉnh", "Tập thể lao động xuất sắc",
    "Tập thể lao động tiên tiến", "Đơn vị quyết thắng", "Đơn vị tiên tiến",
}
INDIVIDUAL_TITLES = {
    "Chiến sĩ thi đua toàn quốc", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến", "Chiến sĩ tiên tiến",
}


@dataclass
class Honour:
    path: str
    line: int
    unit: Unit  # the unit honoured, or the person's unit
    person: dict | None  # {name, position} as printed, for an individual
    form: str | None  # hình thức khen thưởng
    title: str | None  # danh hiệu thi đua
    detail: str | None
    reason: str | None
    conferred_by: Unit
    authority: str | None
    decision_number: str | None  # None when the source prints no number
    decision_date: dates.PartialDate
    campaign: Campaign | None  # None for a decision that closes no decree of the portal
    source: str
    source_url: str | None = None
    note: str | None = None

    @property
    def award(self) -> str:
        """What was conferred, as a reader names it."""
        return self.detail or self.form or self.title

    @property
    def kind(self) -> str:
        return "Hình thức khen thưởng" if self.form else "Danh hiệu thi đua"


def decision_paths(root: Path) -> list[Path]:
    folder = Path(root) / FOLDER
    return sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load(root: Path, units: dict[str, Unit], campaigns: list[Campaign]) -> tuple[list[Honour], list[Problem]]:
    names = UnitNames(units)
    by_ref = {f"{c.year}/{c.slug}": c for c in campaigns}
    honours: list[Honour] = []
    problems: list[Problem] = []
    for path in decision_paths(root):
        found_honours, found = _decision(path, Path(root), names, by_ref)
        honours += found_honours
        problems += found
    return honours, problems


def _decision(path: Path, root: Path, names: UnitNames, by_ref: dict[str, Campaign]):
    rel = path.relative_to(root).as_posix()
    located, problems = records.read_yaml(path, root)
    if located is None:
        return [], problems
    problems += schema_check.check(located, "honours.schema.json", rel)
    if problems:
        return [], problems
    data, line_of = located.data, located.line_of

    def unit(ref: str, where: tuple, province: str | None) -> Unit | None:
        resolved = names.resolve(ref, province)
        if resolved.unit is None:
            field = dotted(where)
            if resolved.candidates:
                ids = ", ".join(u.id for u in resolved.candidates)
                vi = f"tên “{ref}” ứng với nhiều đơn vị ({ids}); ghi mã đơn vị"
                en = f"name “{ref}” matches several units ({ids}); write the unit id"
            else:
                vi = f"không có đơn vị “{ref}” trong campaigns/units.yml; thêm đơn vị hoặc sửa tên/mã"
                en = f"no unit “{ref}” in campaigns/units.yml; add the unit or fix the name/id"
            problems.append(Problem(rel, line_of(where), field, vi, en))
        return resolved.unit

    conferred_by = unit(data["conferred_by"], ("conferred_by",), None)
    province = conferred_by.province if conferred_by else None
    if "proposed_by" in data:
        unit(data["proposed_by"], ("proposed_by",), province)
    campaign = by_ref.get(data["campaign"]) if "campaign" in data else None
    if "campaign" in data and campaign is None:
        problems.append(Problem(
            rel, line_of(("campaign",)), "campaign",
            f"không có văn bản “{data['campaign']}” trong campaigns/ (dạng <năm>/<đường dẫn>)",
            f"no campaign “{data['campaign']}” in campaigns/ (written <year>/<slug>)",
        ))
    decided = dates.parse(data["decision"]["date"])

    honours: list[Honour] = []
    for index, item in enumerate(data["honours"]):
        where = ("honours", index)
        field = f"honours[{index}]"
        if ("unit" in item) == ("person" in item):
            problems.append(Problem(
                rel, line_of(where), field,
                "mỗi mục ghi đúng một trong “unit” (tập thể) hoặc “person” (cá nhân)",
                "each item names exactly one of “unit” (a collective) or “person” (an individual)",
            ))
            continue
        if ("form" in item) == ("title" in item):
            problems.append(Problem(
                rel, line_of(where), field,
                "mỗi mục ghi đúng một trong “form” (hình thức khen thưởng) hoặc “title” (danh hiệu thi đua)",
                "each item names exactly one of “form” (form of commendation) or “title” (emulation title)",
            ))
            continue
        person = item.get("person")
        wrong = INDIVIDUAL_TITLES if person is None else COLLECTIVE_TITLES
        if item.get("title") in wrong:
            problems.append(Problem(
                rel, line_of(where + ("title",)), field + ".title",
                f"danh hiệu “{item['title']}” dành cho {'cá nhân' if person is None else 'tập thể'}",
                f"the title “{item['title']}” is for {'individuals' if person is None else 'collectives'}",
            ))
        ref_where = where + (("person", "unit") if person else ("unit",))
        honoured = unit(person["unit"] if person else item["unit"], ref_where, province)
        if honoured is None or conferred_by is None:
            continue
        honours.append(Honour(
            path=rel, line=line_of(where), unit=honoured,
            person={k: person[k] for k in ("name", "position") if k in person} if person else None,
            form=item.get("form"), title=item.get("title"), detail=item.get("detail"),
            reason=item.get("reason"), conferred_by=conferred_by, authority=data.get("authority"),
            decision_number=data["decision"].get("number"), decision_date=decided,
            campaign=campaign, source=data["source"], source_url=data.get("source_url"),
            note=data.get("note"),
        ))
    return (honours if not problems else []), problems
