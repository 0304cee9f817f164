"""Commendation decisions and public-consultation lists → campaigns/honours/*.yml and
campaigns/consultations/*.yml, never a campaign record.

A decision ("QUYẾT ĐỊNH Về việc tặng …", "tặng thưởng", "khen thưởng") names its authority in the
header ("THỦ TƯỚNG CHÍNH PHỦ": a national unit, no province), who proposed it ("Xét đề nghị của …"),
the award and the collectives in Điều 1, inline ("cho Sở …, đã hoàn thành …") or as a numbered list
ending in ";" or "," ("1. Nhân dân và cán bộ xã …;"), a collective's parent unit kept after its comma.
Only what the text prints is written; a decision with no printed date needs --year, and the
latest date the text cites is offered as a lower bound.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Unit
from ..unitref import UnitNames
from ..vntext import fold, slugify
from .textdates import LONG_DATE, NUMBER, canonical_number, find_dates, iso_date

# What tells a commendation decision from a decree that launches a campaign.
DECISION_SUBJECT = re.compile(r"\b(tặng thưởng|tặng|khen thưởng|phong tặng|truy tặng)\b", re.IGNORECASE)
CONSULTATION = re.compile(r"lấy ý kiến (?:nhân dân|của nhân dân)", re.IGNORECASE)
ARTICLE_1 = re.compile(r"^\**Điều\s*1\s*[.:]\**\s*(?P<rest>.*)$", re.IGNORECASE)
ARTICLE_N = re.compile(r"^\**Điều\s*[2-9]\s*[.:]", re.IGNORECASE)
AWARD = re.compile(r"^(?:Tặng thưởng|Tặng|Phong tặng|Truy tặng)\s+(?P<award>.+?)\s+cho\b\s*:?\s*(?P<rest>.*)$",
                   re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-–•+])\s*(?P<text>.+?)\s*[;,.]?\s*$")
REASON = re.compile(r"(?:^|,\s*)(?P<reason>(?:đã|vì|do|Đã|Vì|Do)\b.*?)\s*\.?\s*$")
JOINED_REASON = re.compile(r"^(?P<name>.+?),\s+(?P<reason>(?:Đã|Vì|Do)\s.*?)\s*\.?$")
PROPOSED = re.compile(r"Xét đề nghị của\s+(?P<who>[^(,;]+)", re.IGNORECASE)
OFFICE_PREFIX = re.compile(r"^(?:Chủ tịch|Bộ trưởng|Giám đốc|Trưởng ban|Thủ trưởng)\s+", re.IGNORECASE)
ANNEX = re.compile(r"\(có danh sách kèm theo\)", re.IGNORECASE)
# "cho 31 tập thể đã hoàn thành …": Điều 1 counts the collectives, the annex "DANH SÁCH" names them.
COUNTED = re.compile(r"^(?P<n>\d{1,4})\s+tập thể\b[\s,]*(?P<rest>.*)$", re.IGNORECASE)

FORMS = [("huân chương", "Huân chương"), ("huy chương", "Huy chương"), ("bằng khen", "Bằng khen"),
         ("giấy khen", "Giấy khen"), ("kỷ niệm chương", "Kỷ niệm chương"),
         ("anh hùng", "Danh hiệu vinh dự nhà nước")]
TITLES = [("cờ thi đua của chính phủ", "Cờ thi đua của Chính phủ"),
          ("cờ thi đua của thủ tướng", "Cờ thi đua của Chính phủ"),
          ("cờ thi đua", "Cờ thi đua cấp bộ, ban, ngành, tỉnh"),
          ("tập thể lao động xuất sắc", "Tập thể lao động xuất sắc"),
          ("tập thể lao động tiên tiến", "Tập thể lao động tiên tiến")]
LABELS = {"decision.number": "số quyết định", "decision.date": "ngày ký", "conferred_by": "cơ quan khen thưởng",
          "proposed_by": "cơ quan đề nghị", "honours": "tập thể được khen", "reason": "thành tích",
          "comments.period": "thời hạn góp ý", "comments.address": "nơi nhận ý kiến", "proposals": "danh sách đề nghị"}


class NeedsYear(Exception):
    """No date is printed: the editor must give --year (message says the lower bound)."""


@dataclass
class Imported:
    kind: str  # "honours" or "consultations"
    data: dict
    stem: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)  # printed names not in the registry


def kind_of(lines: list[str]) -> str | None:
    """"honours" for a commendation decision, "consultations" for a list posted for comment, else None."""
    text = "\n".join(lines)
    heading = next((n for n, line in enumerate(lines) if line.strip().strip("*").upper() == "QUYẾT ĐỊNH"), None)
    if heading is not None:
        subject = " ".join(lines[heading + 1:heading + 3])
        if DECISION_SUBJECT.search(subject) or AWARD.match(_article_1(lines) or ""):
            return "honours"
        return None
    if CONSULTATION.search(text) and re.search(r"khen thưởng|tặng", text, re.IGNORECASE):
        return "consultations"
    return None


def _article_1(lines: list[str]) -> str | None:
    for line in lines:
        m = ARTICLE_1.match(line.strip())
        if m:
            return m.group("rest").strip()
    return None


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _resolve(names: UnitNames, printed: str, province: str | None) -> Unit | None:
    return names.resolve(printed.strip(" .;,:"), province).unit


def _authority(lines: list[str], names: UnitNames, heading: int) -> tuple[Unit | None, str | None]:
    """The conferring body from the line under the subject ("THỦ TƯỚNG CHÍNH PHỦ", "CHỦ TỊCH
    ỦY BAN NHÂN DÂN TỈNH …"), else from the header's first line."""
    candidates = [line.strip().strip("*") for line in lines[heading + 1:heading + 6] if line.strip().isupper()]
    candidates += [line.strip().strip("*") for line in lines[:heading] if line.strip().isupper()][:2]
    for printed in candidates:
        plain = " ".join(w.capitalize() if i == 0 else w.lower() for i, w in enumerate(printed.split()))
        unit = _resolve(names, plain, None)
        if unit is None:
            unit = _resolve(names, OFFICE_PREFIX.sub("", plain), None)
        if unit is not None:
            office = plain if fold(plain) != fold(unit.name) else None
            return unit, office
    return None, None


def parse_decision(lines: list[str], units: dict[str, Unit], *, year: int | None = None) -> Imported:
    names = UnitNames(units)
    text = "\n".join(lines)
    heading = next(n for n, line in enumerate(lines) if line.strip().strip("*").upper() == "QUYẾT ĐỊNH")
    data: dict = {"decision": {}}
    notes: list[str] = []
    unknown: list[str] = []
    number = next((NUMBER.search(line) for line in lines[:heading] if re.match(r"\s*Số\s*:", line)), None)
    if number:
        data["decision"]["number"] = canonical_number(number.group(0))
    date_line = next((LONG_DATE.search(line) for line in lines[:heading] if LONG_DATE.search(line)), None)
    if date_line and date_line.group("m") and date_line.group("d"):
        data["decision"]["date"] = iso_date(date_line.group("d"), date_line.group("m"), date_line.group("y"))
    elif year is not None:
        data["decision"]["date"] = str(year)
        notes.append(f"Văn bản không in ngày ký: ghi năm {year} theo --year [no date printed: year from --year]")
    else:
        cited = [d.iso for d in find_dates(text)]
        bound = max(cited, default=None, key=lambda iso: iso.ljust(10, "0"))
        hint = (f"; văn bản nhắc ngày muộn nhất là {bound}, quyết định ký từ ngày đó trở đi "
                f"[the latest date the text cites is {bound}: the decision is no earlier]") if bound else ""
        raise NeedsYear("văn bản không in ngày ký; chạy lại với --year NĂM [no date printed; run again with --year]"
                        + hint)

    conferred, office = _authority(lines, names, heading)
    province = conferred.province if conferred else None
    if conferred is not None:
        data["conferred_by"] = conferred.id
        data["authority"] = office or conferred.name
    proposed = PROPOSED.search(text)
    if proposed:
        who = OFFICE_PREFIX.sub("", proposed.group("who").strip())
        unit = _resolve(names, who, province)
        if unit is not None:
            data["proposed_by"] = unit.id
        else:
            notes.append(f"Cơ quan đề nghị “{who}” chưa có trong campaigns/units.yml [proposer not in the registry]")

    article = _article_1(lines) or ""
    start = next((n for n, line in enumerate(lines) if ARTICLE_1.match(line.strip())), len(lines))
    award_match = AWARD.match(article)
    honours: list[dict] = []
    reason = None
    if award_match:
        award = award_match.group("award").strip()
        rest = award_match.group("rest").strip()
        listed: list[str] = []
        counted = COUNTED.match(rest)
        if counted:
            rest = counted.group("rest")
        if rest and not ANNEX.search(rest) and not counted:
            # Inline: "cho Sở …, đã hoàn thành …"
            m = REASON.search(rest)
            reason = m.group("reason") if m else None
            listed = [rest[:m.start()].strip(" ,") if m else rest.strip(" .")]
        else:
            # A numbered list after Điều 1 (or in the annex "DANH SÁCH"), up to the reason or Điều 2.
            body = lines[start + 1:]
            annex = next((n for n, line in enumerate(lines) if line.strip().upper().startswith("DANH SÁCH")), None)
            if ANNEX.search(rest) or counted:
                m = REASON.search(ANNEX.sub("", rest).strip())
                reason = m.group("reason") if m else None
                if annex is not None:
                    body = lines[annex + 1:]
            for line in body:
                stripped = line.strip()
                if not stripped or stripped.startswith("("):
                    continue
                if ARTICLE_N.match(stripped) or stripped.startswith(("Nơi nhận", "KT.", "TM.", "THỦ TƯỚNG")):
                    break
                item = LIST_ITEM.match(stripped)
                if item and re.match(r"^\s*(?:\d{1,3}[.)]|[-–•+])", stripped):
                    # A PDF's text layer may join the last item and the reason under it:
                    # "3. Công ty …, tỉnh Bắc Kạn, Đã hoàn thành …" (a name never holds ", Đã").
                    joined = JOINED_REASON.match(item.group("text"))
                    if joined:
                        listed.append(joined.group("name"))
                        reason = joined.group("reason")
                        break
                    listed.append(item.group("text").rstrip(";,. "))
                elif listed and REASON.match(stripped):
                    reason = REASON.match(stripped).group("reason")
                    break
        if counted and len(listed) != int(counted.group("n")):
            notes.append(f"Điều 1 nêu {int(counted.group('n'))} tập thể, danh sách kèm theo đọc được "
                         f"{len(listed)}; kiểm tra lại với bản gốc [Article 1 counts "
                         f"{int(counted.group('n'))} collectives, the annex read gives {len(listed)}]")
        kind, value = _classify(award)
        for printed in listed:
            unit = _resolve(names, printed, province)
            if unit is None:
                unknown.append(printed)
            item = {"unit": unit.id if unit else printed, kind: value}
            if fold(award) != fold(value):
                item["detail"] = _sentence_case(award)
            if reason:
                item["reason"] = _sentence_case(reason.rstrip(". "))
            honours.append(item)
    data["source"] = "Văn bản nhập bằng thidua import; ghi nơi đăng và địa chỉ trang nguồn"
    data["honours"] = honours
    missing = [k for k, present in [
        ("decision.number", "number" in data["decision"]), ("conferred_by", "conferred_by" in data),
        ("proposed_by", "proposed_by" in data), ("honours", bool(honours)), ("reason", reason is not None),
    ] if not present]
    if "date" in data["decision"] and len(data["decision"]["date"]) < 10 and "decision.date" not in missing:
        missing.append("decision.date")
    if unknown:
        notes.append("Tập thể chưa có trong campaigns/units.yml, thêm trước khi dựng trang: "
                     + "; ".join(unknown) + " [collectives not in the registry yet]")
    notes.append("Nguồn (source, source_url) do biên tập viên ghi [source and source_url are the editor's to write]")
    stem = "-".join(p for p in [data["decision"]["date"][:4], slugify(data["decision"].get("number", ""))] if p)
    if "number" not in data["decision"]:
        stem += "-" + slugify(honours[0]["unit"] if honours else "quyet-dinh", 40)
    return Imported("honours", data, stem, missing, notes, unknown)


def _classify(award: str) -> tuple[str, str]:
    folded = award.lower()
    for key, title in TITLES:
        if key in folded:
            return "title", title
    for key, form in FORMS:
        if key in folded:
            return "form", form
    return "form", "Bằng khen" if "khen" in folded else award


SECTION = re.compile(r"^\s*\d{1,2}\.\s*Đề nghị\s+(?:tặng|phong tặng|tặng thưởng)\s+(?P<award>.+?)\s*:\s*\d*.*$",
                     re.IGNORECASE)
POSTER = re.compile(r"^(?P<who>.+?)\s+(?:đăng tải|công bố|lấy ý kiến)\b", re.IGNORECASE)
ADDRESS = re.compile(r"gửi (?:về|đến)\s+(?P<where>.+?)(?:\s+trong\s+(?:thời gian|thời hạn)?\s*(?P<period>\d+\s+ngày[^.]*?))?\s*\.?\s*$",
                     re.IGNORECASE)
PROPOSED_TO = re.compile(r"đề nghị\s+(?P<who>Chủ tịch nước|Thủ tướng Chính phủ)", re.IGNORECASE)
PERIOD = re.compile(r"trong\s+(?:thời gian|thời hạn)?\s*(?P<period>\d+\s+ngày[^.]*)", re.IGNORECASE)


def parse_consultation(lines: list[str], units: dict[str, Unit], *, year: int | None = None) -> Imported:
    names = UnitNames(units)
    text = "\n".join(lines)
    body = [line.strip() for line in lines if line.strip()]
    title = next((line for line in body if CONSULTATION.search(line)), body[0] if body else "")
    data: dict = {"title": title}
    notes: list[str] = []
    poster = next((POSTER.match(line) for line in body if POSTER.match(line)), None)
    posted_by = _resolve(names, poster.group("who"), None) if poster else None
    if posted_by is None and poster:
        # "Sở Nội vụ" alone is a name in several provinces: the province the text names decides.
        for unit in units.values():
            if unit.province and fold(unit.province) in fold(text) and _resolve(names, poster.group("who"), unit.province):
                posted_by = _resolve(names, poster.group("who"), unit.province)
                break
    if posted_by is not None:
        data["posted_by"] = posted_by.id
    to = PROPOSED_TO.search(text)
    if to and _resolve(names, to.group("who"), None):
        data["proposed_to"] = _resolve(names, to.group("who"), None).id
    found = find_dates(text)
    comments: dict = {}
    if found:
        comments["from"] = found[0].iso
    elif year is not None:
        comments["from"] = str(year)
        notes.append(f"Thông báo không in ngày đăng: ghi năm {year} theo --year [no posting date: year from --year]")
    else:
        raise NeedsYear("thông báo không in ngày đăng; chạy lại với --year NĂM [no posting date; run again with --year]")
    period = next((PERIOD.search(line) for line in body if PERIOD.search(line)), None)
    if period:
        comments["period"] = period.group("period").strip(" .")
    address = next((ADDRESS.search(line) for line in body if ADDRESS.search(line)), None)
    if address:
        comments["address"] = address.group("where").strip(" .")
    data["comments"] = comments
    proposals: list[dict] = []
    for line in body:
        section = SECTION.match(line)
        if section:
            award = _sentence_case(section.group("award").strip())
            kind, value = _classify(award)
            proposals.append({"award": award, kind: value, "collectives": []})
        elif proposals and re.match(r"^[-–•+]\s*", line):
            proposals[-1]["collectives"].append(re.sub(r"^[-–•+]\s*", "", line).rstrip(";,. "))
    data["proposals"] = [p for p in proposals if p["collectives"]]
    data["source"] = "Thông báo nhập bằng thidua import; ghi nơi đăng và địa chỉ trang nguồn"
    missing = [k for k, present in [("posted_by", "posted_by" in data), ("comments.period", "period" in comments),
                                    ("comments.address", "address" in comments), ("proposals", bool(data["proposals"]))]
               if not present]
    notes.append("Ngày cuối nhận ý kiến (comments.to) chỉ ghi khi thông báo nêu rõ [write comments.to only "
                 "when the notice states it]")
    stem = "-".join(p for p in [comments["from"], slugify(posted_by.id if posted_by else "lay-y-kien", 40)] if p)
    return Imported("consultations", data, stem, missing, notes)
