"""One decree file → one record in campaigns/<year>/: extract, parse, resolve issuer, write."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import hints as hints_mod, sources, vocabulary
from ..records import read as read_record
from ..units import load_units
from ..layout import CAMPAIGNS, MOVEMENTS, TITLE_SLUG_MAX
from ..vntext import fold, slugify
import yaml

from . import decision as decision_mod, extract, issuer as issuer_mod, parse as parse_mod, write

# Fields the importer reads from the text; the editor is told which of them came out empty.
FILLED = ["title", "number", "heading", "issuer", "issued", "place", "theme", "period", "bases",
          "movements", "targets", "signer", "recipients"]
LABELS = {
    "title": "trích yếu", "number": "số ký hiệu", "heading": "tên loại", "issuer": "cơ quan ban hành",
    "issued": "ngày ban hành", "place": "địa danh", "theme": "chủ đề", "period": "thời gian thi đua",
    "bases": "căn cứ", "movements": "phong trào", "targets": "chỉ tiêu", "signer": "người ký",
    "recipients": "nơi nhận",
    **decision_mod.LABELS,
}


# Front matter an editor writes and the importer cannot read from a decree.
EDITORIAL = ("topics", "source", "slug", "redirect_from")


class ImportFailure(Exception):
    """Stops an import; the message is Vietnamese with English in brackets."""


class RecordExists(ImportFailure):
    """The record the import would write is already there and --force was not given."""


@dataclass
class ImportResult:
    path: Path  # relative to the project root
    front: dict
    body: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    proposal: dict | None = None


def build(lines: list[str], units: dict, *, year: int | None = None, movements=None) -> ImportResult:
    """The record a decree's lines give, without touching any file. `movements`, the registry of
    standing movements, fills in those the body quotes by name but the parser did not list."""
    parsed = parse_mod.parse(lines, year=year)
    front = dict(parsed.fields)
    notes = list(parsed.notes)
    if movements is not None:
        listed = {e.id for m in front.get("movements", []) if (e := movements.lookup(m)) is not None}
        body_lines = list(enumerate(parsed.body.splitlines(), 1))
        added = [entry.name for entry, _ in hints_mod.quoted_movements(movements, body_lines) if entry.id not in listed]
        if added:
            front["movements"] = list(front.get("movements", [])) + added
            notes.append("Phong trào nhắc trong văn bản, đã thêm vào movements: " + "; ".join(added)
                         + " [standing movements quoted in the text, added to movements]")
    if parsed.fields.get("doc_type") == "công văn" and not front.get("heading"):
        front["heading"] = "CÔNG VĂN"
        notes.append("Công văn không in tên loại; heading ghi “CÔNG VĂN” [a công văn prints no type "
                     "heading; heading set to CÔNG VĂN]")
    resolution = issuer_mod.resolve(
        units, parsed.issuer_evidence, parsed.issuer_code, parsed.province_hint, "\n".join(lines),
        front.get("issued", ""))
    proposal = resolution.proposal
    if resolution.unit_id:
        front["issuer"] = resolution.unit_id
    elif proposal:
        front["issuer"] = proposal["id"]
        notes.append(f"Cơ quan ban hành chưa có trong campaigns/units.yml: đề xuất đơn vị mới "
                     f"“{proposal['id']}” (xem bên dưới) [issuer not in the registry: a new unit is "
                     "proposed below]")
    if not front.get("number"):
        # Without a number the URL comes from the title: pin it so a corrected title keeps the URL.
        front["slug"] = slugify(front.get("title", ""), TITLE_SLUG_MAX)
    missing = [name for name in FILLED if not front.get(name)
               and not (name == "number" and "number" in front.get("printed", {}))]
    if front.get("issued") and len(front["issued"]) < 10 and "issued" not in missing:
        missing.append("issued")
    year_folder = (front.get("issued") or "0000")[:4]
    slug = front.get("slug") or slugify(front.get("number", "")) or "van-ban"
    path = Path(CAMPAIGNS) / year_folder / f"{slug}.md"
    return ImportResult(path, front, parsed.body, missing, notes, proposal)


def import_file(source: Path, root: Path, *, force: bool = False, year: int | None = None) -> ImportResult:
    """Import `source` into the project at `root`; never overwrites a record unless `force`."""
    try:
        lines = extract.extract(source)
    except extract.ExtractError as err:
        raise ImportFailure(str(err)) from None
    units, problems = load_units(root)
    if problems:
        raise ImportFailure("Danh mục đơn vị campaigns/units.yml có lỗi; chạy “thidua validate” "
                            "[the unit registry has errors; run “thidua validate”]")
    kind = decision_mod.kind_of(lines)
    if kind is not None:
        return _import_honours(kind, lines, source, root, units, force=force, year=year)
    movements, _ = vocabulary.load(root, MOVEMENTS)
    result = build(lines, units, year=year, movements=movements)
    if not result.front.get("title") or not result.front.get("issued"):
        raise ImportFailure(
            f"{source}: không nhận ra văn bản (không thấy tên loại như PHÁT ĐỘNG/KẾ HOẠCH và trích "
            "yếu, hoặc năm ban hành; dùng --year nếu văn bản không in năm) [not recognised as a "
            "decree: no type heading and subject line, or no year; pass --year if none is printed]")
    # The same decree imported before may sit under another file name (an editor's slug).
    same = _same_decree(root, result)
    if same is not None:
        result.path = same
    elif os.path.lexists(root / result.path):
        # Another decree owns this URL (the same number from another issuer): give this one its own.
        slug = f"{result.path.stem}-{result.front.get('issuer') or 'moi'}"
        result.front["slug"] = slug
        result.path = result.path.with_name(f"{slug}.md")
        result.notes.append(f"Đường dẫn {result.path.parent.as_posix()}/{result.path.stem} đã thuộc văn bản khác; "
                            f"đặt slug “{slug}” [another record has this URL; slug set]")
    target = root / result.path
    refused = sources.write_refusal(target, root)
    if refused:
        raise ImportFailure(f"{result.path.as_posix()}: {refused}")
    if os.path.lexists(target) and not force:
        raise RecordExists(
            f"{result.path.as_posix()} đã có; không ghi đè. Dùng --force để thay thế "
            "[the record already exists; use --force to overwrite it]")
    if same is not None:
        # Re-importing (--force) keeps the record where it is, its URL and what editors added
        # that no decree text holds.
        old = _front(root / same, root)
        result.front.pop("slug", None)
        for key in EDITORIAL:
            if key in old:
                result.front[key] = old[key]
    target.parent.mkdir(parents=True, exist_ok=True)
    sources.write_text(target, write.record_text(result.front, result.body), root, replace=force)
    return result


def _front(path: Path, root: Path) -> dict:
    """A record's front matter, read as the build reads it (BOM, line endings, tabs); {} if unreadable."""
    source, _ = read_record(path, root)
    return source.front.data if source is not None else {}


def _same_decree(root: Path, result: ImportResult) -> Path | None:
    """An existing record of the same issuer, year and number (or title, when unnumbered)."""
    folder = root / result.path.parent
    if not folder.is_dir():
        return None
    front = result.front
    for path in sorted(folder.glob("*.md")):
        other = _front(path, root)
        if other.get("issuer") != front.get("issuer"):
            continue
        if front.get("number"):
            same = fold(str(other.get("number", ""))) == fold(front["number"])
        else:
            same = not other.get("number") and fold(str(other.get("title", ""))) == fold(front["title"])
        if same:
            return path.relative_to(root)
    return None


def _import_honours(kind: str, lines: list[str], source: Path, root: Path, units: dict, *,
                    force: bool, year: int | None) -> ImportResult:
    """A commendation decision or a consultation list: a YAML file under campaigns/honours/ or
    campaigns/consultations/, never a campaign record."""
    parse = decision_mod.parse_decision if kind == "honours" else decision_mod.parse_consultation
    try:
        found = parse(lines, units, year=year)
    except decision_mod.NeedsYear as err:
        raise ImportFailure(f"{source}: {err}") from None
    path = Path("campaigns") / kind / f"{found.stem}.yml"
    target = root / path
    refused = sources.write_refusal(target, root)
    if refused:
        raise ImportFailure(f"{path.as_posix()}: {refused}")
    if os.path.lexists(target) and not force:
        raise RecordExists(f"{path.as_posix()} đã có; không ghi đè. Dùng --force để thay thế "
                           "[the file already exists; use --force to overwrite it]")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(found.data, allow_unicode=True, sort_keys=False, width=1000)
    sources.write_text(target, text, root, replace=force)
    return ImportResult(path, found.data, "", found.missing, found.notes, None)
