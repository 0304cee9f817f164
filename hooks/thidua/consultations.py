"""Public consultations: lists of collectives proposed for state honours, posted for comment
before the proposal goes up (Nghị định 152/2025/NĐ-CP keeps this duty: the names are posted on the
portal for public comment, usually for 10 working days, with an address for comments).

One file per notice in campaigns/consultations/*.yml. Whether a notice is still open depends on
the reader's day, so the page carries the dates and the browser decides (docs/assets/
thidua-consultations.js); a notice that prints no last day is never shown as open.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import dates, records, schema_check
from .model import Unit
from .problems import Problem
from .unitref import UnitNames
from .yamlpos import dotted

FOLDER = "campaigns/consultations"


@dataclass
class Collective:
    name: str  # as printed
    unit: Unit | None  # the registry unit, when the name or id is in campaigns/units.yml


@dataclass
class Proposal:
    award: str
    form: str | None
    title: str | None
    collectives: list[Collective] = field(default_factory=list)


@dataclass
class Consultation:
    path: str
    line: int
    title: str
    posted_by: Unit
    proposed_by: Unit | None
    proposed_to: Unit | None
    notice_number: str | None
    notice_date: dates.PartialDate | None
    opens: dates.PartialDate
    closes: dates.PartialDate | None
    period: str | None
    address: str | None
    email: str | None
    proposals: list[Proposal]
    source: str
    source_url: str | None
    note: str | None

    @property
    def opens_iso(self) -> str:
        return self.opens.iso()

    @property
    def closes_iso(self) -> str:
        return self.closes.iso() if self.closes else ""


def paths(root: Path) -> list[Path]:
    folder = Path(root) / FOLDER
    return sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load(root: Path, units: dict[str, Unit]) -> tuple[list[Consultation], list[Problem]]:
    names = UnitNames(units)
    found: list[Consultation] = []
    problems: list[Problem] = []
    for path in paths(root):
        consultation, more = _one(path, Path(root), names)
        problems += more
        if consultation is not None:
            found.append(consultation)
    # Newest notice first; the browser then lifts the open ones to the top.
    found.sort(key=lambda c: (c.opens, c.path), reverse=True)
    return found, problems


def _one(path: Path, root: Path, names: UnitNames) -> tuple[Consultation | None, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    located, problems = records.read_yaml(path, root)
    if located is None:
        return None, problems
    problems += schema_check.check(located, "consultation.schema.json", rel)
    if problems:
        return None, problems
    data, line_of = located.data, located.line_of

    def unit(where: tuple, province: str | None, required: bool = True) -> Unit | None:
        ref = data
        for key in where:
            ref = ref[key]
        resolved = names.resolve(ref, province)
        if resolved.unit is None and required:
            if resolved.candidates:
                ids = ", ".join(u.id for u in resolved.candidates)
                vi, en = (f"tên “{ref}” ứng với nhiều đơn vị ({ids}); ghi mã đơn vị",
                          f"name “{ref}” matches several units ({ids}); write the unit id")
            else:
                vi, en = (f"không có đơn vị “{ref}” trong campaigns/units.yml; thêm đơn vị hoặc sửa tên/mã",
                          f"no unit “{ref}” in campaigns/units.yml; add the unit or fix the name/id")
            problems.append(Problem(rel, line_of(where), dotted(where), vi, en))
        return resolved.unit

    posted_by = unit(("posted_by",), None)
    province = posted_by.province if posted_by else None
    proposed_by = unit(("proposed_by",), province) if "proposed_by" in data else None
    proposed_to = unit(("proposed_to",), province) if "proposed_to" in data else None

    comments = data["comments"]
    opens = dates.parse(comments["from"])
    closes = dates.parse(comments["to"]) if "to" in comments else None
    if closes is not None and closes.latest() < opens.earliest():
        problems.append(Problem(
            rel, line_of(("comments", "to")), "comments.to",
            f"ngày cuối nhận ý kiến {comments['to']} trước ngày đăng {comments['from']}",
            f"the last day of comments {comments['to']} is before the posting day {comments['from']}",
        ))

    proposals = []
    for index, item in enumerate(data["proposals"]):
        if "form" in item and "title" in item:
            problems.append(Problem(
                rel, line_of(("proposals", index)), f"proposals[{index}]",
                "ghi nhiều nhất một trong “form” (hình thức khen thưởng) và “title” (danh hiệu thi đua)",
                "write at most one of “form” (form of commendation) and “title” (emulation title)",
            ))
        collectives = [Collective(name, names.resolve(name, province).unit) for name in item["collectives"]]
        # A registry id is shown by its name; a printed name stays as printed.
        collectives = [Collective(c.unit.name if c.unit and c.name == c.unit.id else c.name, c.unit) for c in collectives]
        proposals.append(Proposal(item["award"], item.get("form"), item.get("title"), collectives))

    if problems:
        return None, problems
    notice = data.get("notice") or {}
    return Consultation(
        path=rel, line=1, title=data["title"], posted_by=posted_by, proposed_by=proposed_by,
        proposed_to=proposed_to, notice_number=notice.get("number"),
        notice_date=dates.parse(notice["date"]) if "date" in notice else None,
        opens=opens, closes=closes, period=comments.get("period"), address=comments.get("address"),
        email=comments.get("email"), proposals=proposals, source=data["source"],
        source_url=data.get("source_url"), note=data.get("note"),
    ), []
