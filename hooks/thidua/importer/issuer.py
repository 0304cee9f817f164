"""Which registry unit issued the decree, from the evidence the parser found.

Names are compared folded (thidua.vntext.fold: case, diacritics, đ, tone placement), so "SỞ GIAO
THÔNG VẬN TẢI", "Sở Giao thông vận tải" and "So GTVT" meet their unit. The same name exists in
several provinces, so the province (place of the date line, the header, else the province the text
names most) decides between them. Nothing is invented: an unknown body becomes a proposal the
editor adds to campaigns/units.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..dates import PartialDate, parse as parse_date
from ..model import Unit
from ..vntext import fold, slugify


@dataclass
class Resolution:
    unit_id: str = ""
    proposal: dict | None = None  # a new units.yml entry to add, when no unit matched
    how: str = ""  # what matched, for the editor


def _words_in(needle: str, hay: str) -> bool:
    return bool(needle) and re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", hay) is not None


def guess_province(units: dict[str, Unit], place: str, evidence: list[str], text: str) -> str:
    provinces = {fold(u.province): u.province for u in units.values() if u.province}
    if fold(place) in provinces:
        return provinces[fold(place)]
    for line in evidence:
        for key, name in provinces.items():
            if _words_in(key, fold(line)):
                return name
    # A province the registry does not know yet: the header names it ("UBND TỈNH CAO BẰNG").
    for line in evidence:
        m = re.search(r"\b(?:TỈNH|THÀNH PHỐ)\s+(.+?)(?:\s+(?:SỞ|BAN|BỘ|KHỐI|CỤM|HỘI)\b.*)?$", line)
        if m and line.isupper():
            return " ".join(word.capitalize() for word in m.group(1).split())
    folded = fold(text)
    counts = {name: len(re.findall(rf"(?<![a-z]){re.escape(key)}(?![a-z])", folded))
              for key, name in provinces.items()}
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    if best[1]:
        return best[0]
    # "TP. Hồ Chí Minh", "Thành phố Đà Nẵng": the place line names the city.
    return re.sub(r"^(?:TP\.|Tp\.|Thành phố|TX\.|Thị xã)\s*", "", place or "").strip()


def resolve(units: dict[str, Unit], evidence: list[str], code: str, place: str, text: str,
            issued: str) -> Resolution:
    province = guess_province(units, place, evidence, text)
    when = _date(issued)

    def rank(unit: Unit) -> tuple:
        same_province = bool(province) and fold(unit.province or "") == fold(province)
        alive = not (when and unit.valid_to and unit.valid_to.before(when))
        return (same_province, alive)

    for line in evidence:
        target = fold(line)
        province_key = fold(province)
        matches = []
        for unit in units.values():
            for name in unit.names:
                key = fold(name)
                exact = target in (key, f"{key} tinh {province_key}", f"{key} {province_key}")
                if exact or _words_in(key, target):
                    matches.append((exact, len(key), unit))
        if matches:
            matches.sort(key=lambda m: (rank(m[2]), m[0], m[1]), reverse=True)
            unit = matches[0][2]
            if province and unit.province and fold(unit.province) != fold(province):
                continue  # a name of this unit, but in another province: not this decree's issuer
            # A national body (no province: Thủ tướng Chính phủ, a ministry) issues from anywhere.
            if code and unit.kind == "ubnd-tinh" and code != (unit.code or "UBND"):
                continue  # "UBND THÀNH PHỐ … SỞ …" with code SGDĐT: the header's parent, not the issuer
            return Resolution(unit.id, None, f"“{line}”")
    if code:
        coded = [u for u in units.values() if u.code and u.code == code]
        coded.sort(key=rank, reverse=True)
        if coded and (not province or fold(coded[0].province or "") == fold(province)):
            return Resolution(coded[0].id, None, f"mã cơ quan {code}")
    if not evidence:
        return Resolution()
    return Resolution("", propose(units, evidence, code, province), "")


def propose(units: dict[str, Unit], evidence: list[str], code: str, province: str) -> dict:
    """A registry entry for a body the registry does not know yet, for the editor to check."""
    key = fold(province)
    mixed = [e for e in evidence if not e.isupper()]
    upper = [e for e in evidence if e.isupper()]
    with_province = [e for e in mixed if key and _words_in(key, fold(e))]
    if with_province:
        name = with_province[0]
    elif upper:
        name = _sentence_case(upper[0], province)
    else:
        name = mixed[0]
    if key and not _words_in(key, fold(name)):
        level = "thành phố" if key in _CITIES else "tỉnh"
        name = re.sub(r"\s+(tỉnh|thành phố)$", "", name)
        name = f"{name} {level} {province}"
    kind = _kind(name)
    bare = re.sub(rf"\s+(?:tinh|thanh pho)\s+{re.escape(key)}$", "", fold(name)) if key else fold(name)
    if kind == "ubnd-tinh":
        level = "tp" if key in _CITIES else "tinh"
        unit_id = f"ubnd-{level}-{slugify(province)}"
    else:
        unit_id = "-".join(p for p in (slugify(bare), slugify(province)) if p)
    entry = {"id": unit_id, "name": name, "kind": kind}
    if province:
        entry["province"] = province
    if code:
        entry["code"] = code
    if kind != "ubnd-tinh" and province:
        parent = next((u.id for u in units.values() if u.kind == "ubnd-tinh"
                       and fold(u.province or "") == key and u.valid_to is None), None)
        if parent:
            entry["parent"] = parent
    return entry


_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}


def proposal_yaml(entry: dict) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    return text


def _kind(name: str) -> str:
    key = fold(name)
    for prefix, kind in (("uy ban nhan dan tinh", "ubnd-tinh"), ("ubnd tinh", "ubnd-tinh"),
                         ("uy ban nhan dan thanh pho", "ubnd-tinh"), ("uy ban nhan dan xa", "ubnd-xa"),
                         ("uy ban nhan dan phuong", "ubnd-xa"), ("so ", "so"), ("ban ", "ban"),
                         ("bo ", "bo"), ("hoi dong", "hoi-dong"), ("khoi ", "khoi-thi-dua"),
                         ("cum ", "cum-thi-dua"), ("dang uy", "dang-uy"), ("truong ", "truong-hoc")):
        if key.startswith(prefix):
            return kind
    return "don-vi"


def _sentence_case(upper: str, province: str) -> str:
    """'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' → 'Sở Văn hóa, Thể thao và Du lịch': a guess to check.

    Official names capitalise the first word of each component (after "Sở", "và", a comma);
    the province keeps its own capitals.
    """
    text = upper
    if province:
        text = re.sub(r"\s+(TỈNH|THÀNH PHỐ)\s+.*$", "", text)
    words = text.lower().split()
    out = []
    capital_next = True
    for word in words:
        out.append(word[:1].upper() + word[1:] if capital_next else word)
        capital_next = word.endswith(",") or word in ("sở", "ban", "và", "bộ", "khối", "cụm")
    name = " ".join(out)
    if name.startswith("Ủy ban") or name.startswith("Uỷ ban") or name.startswith("Ubnd"):
        name = "Ủy ban nhân dân"
    return name


def _date(issued: str) -> PartialDate | None:
    try:
        return parse_date(issued) if issued else None
    except ValueError:
        return None
