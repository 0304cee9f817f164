"""Decree text lines → record fields and Markdown body (pure; no registry, no files).

The layout follows Nghị định 30/2020/NĐ-CP: an optional header (bodies, "Số: …", "<Place>, ngày …"),
the type heading (PHÁT ĐỘNG, KẾ HOẠCH …) or a công văn's "V/v …", the trích yếu, the body up to the
closing "./.", then "Nơi nhận", the signature block and footnotes, in whatever order the capture
left them. Each field is read from its own part, so a missing part only empties its own fields.
The issuer is returned as evidence (header lines, symbol code, the sentence that names it) for
importer.units to match against the registry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import TYPE_CODES, symbol_of  # Phụ lục III codes, as the build checks them
from . import body as mdbody
from .text import FROM_SUPERSCRIPT, is_upper as _is_upper, sentence_case
from .textdates import LONG_DATE, NUMBER, canonical_number, first_date

HEADINGS = {
    "PHÁT ĐỘNG": "phát động", "KẾ HOẠCH": "kế hoạch", "CHỈ THỊ": "chỉ thị",
    "QUYẾT ĐỊNH": "quyết định", "NGHỊ QUYẾT": "nghị quyết", "THÔNG BÁO": "thông báo",
    "HƯỚNG DẪN": "hướng dẫn", "CHƯƠNG TRÌNH": "chương trình", "PHƯƠNG ÁN": "phương án",
    "ĐỀ ÁN": "đề án", "BÁO CÁO": "báo cáo", "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định",
    "THÔNG CÁO": "thông cáo", "TỜ TRÌNH": "tờ trình", "CÔNG ĐIỆN": "công điện",
}
# Other Phụ lục III codes: a symbol starting with one of them is not a công văn either.
OTHER_CODES = {"DA", "BB", "HĐ", "GM", "GGT", "GUQ", "PC", "PG", "PB", "BGN", "TH", "CV"}

# Document types as they open a legal basis, with the spellings met in captures.
BASIS_TYPES = {
    "chỉ thị": "Chỉ thị", "chi thị": "Chỉ thị", "kế hoạch": "Kế hoạch", "quyết định": "Quyết định",
    "nghị quyết": "Nghị quyết", "nghị định": "Nghị định", "thông tư": "Thông tư",
    "công văn": "Công văn", "văn bản": "Văn bản", "hướng dẫn": "Hướng dẫn", "luật": "Luật",
    "phát động": "Phát động", "chương trình": "Chương trình", "kết luận": "Kết luận",
    "quy định": "Quy định", "thông báo": "Thông báo", "lời kêu gọi": "Lời kêu gọi",
    "thông tri": "Thông tri", "điều lệ": "Điều lệ",
}
RELATIONS = ("thực hiện", "hưởng ứng", "căn cứ")
_TYPE_ALT = "|".join(sorted((re.escape(k) for k in BASIS_TYPES), key=len, reverse=True))
BASIS_TYPE_RE = re.compile(rf"({_TYPE_ALT})\b", re.IGNORECASE)
# A second document cited in the same clause ("Kế hoạch số 18/KH-UBND ngày … của UBND tỉnh … và
# Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - Khen thưởng Trung ương") is a basis
# of its own: after "và" or a comma, a capitalised type followed by a number opens it. A name
# without a number ("… và Luật sửa đổi, bổ sung …") stays in the clause.
_CAPITAL_TYPES = "|".join(sorted({re.escape(k[:1].upper() + k[1:]) for k in BASIS_TYPES}, key=len, reverse=True))
NEXT_REFERENCE = re.compile(
    rf"(?:\s*,\s*và|\s+và|\s*,)\s+(?=(?:{_CAPITAL_TYPES})\s+(?:số\s*)?(?:{NUMBER.pattern}))")
DOC_REF = re.compile(
    rf"(?:{_TYPE_ALT})\s+(?:số\s*)?(?P<num>{NUMBER.pattern})\s*,?\s*(?:ban hành\s+)?ngày\s*",
    re.IGNORECASE)
# Where the issuer named after "của" stops and the subject begins (000: "… của Chủ tịch UBND tỉnh
# Phát động thi đua …"); lower-case "về" only, since names contain "về" ("Nhà nước về Kinh tế").
_SUBJECT_WORDS = re.compile(
    r"\s+(?=về\s+(?P<next>\w)|Về\s|V/v\s|(?:Phát động|Triển khai|Tổ chức|Ban hành|Tăng cường|Đẩy mạnh|"
    r"Tiếp tục|Quy định|Hướng dẫn|quy định|hướng dẫn|ban hành|phê duyệt|phát động)\s)")


class _SubjectStart:
    """First place where a subject starts: "về" followed by a lower-case word, or a capitalised verb."""

    @staticmethod
    def search(text: str):
        for m in _SUBJECT_WORDS.finditer(text):
            if m.group("next") is None or m.group("next").islower():
                return m
        return None


SUBJECT_START = _SubjectStart()

POSITION_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*", re.IGNORECASE)
SIGNED_NOTE = re.compile(r"^\(?\s*(đã ký(?:[^)]*)?|ký|đã ký và đóng dấu)\s*\)?$", re.IGNORECASE)
FOOTNOTE_LINE = re.compile(r"^(?:⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[\^(\d+)\]:?)\s*(\S.*)$")
SUPERSCRIPT_DIGITS = FROM_SUPERSCRIPT
PERCENT = re.compile(r"\d\s?%")
# "Kế hoạch này có hiệu lực (thi hành) (kể) từ ngày ký (ban hành)": in force on the date of issue.
ON_SIGNING = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+k[ýí]", re.IGNORECASE)


@dataclass
class Parsed:
    """What the text says, before the issuer is resolved against the registry."""
    fields: dict = field(default_factory=dict)
    body: str = ""
    issuer_evidence: list[str] = field(default_factory=list)  # best first
    issuer_code: str = ""
    province_hint: str = ""
    notes: list[str] = field(default_factory=list)  # Vietnamese [English], shown to the editor


def strip_emphasis(text: str) -> str:
    return re.sub(r"\*+", "", text).strip()


def parse(lines: list[str], *, year: int | None = None) -> Parsed:
    """Parse a decree; `year` is the editor's fallback when the text prints no date."""
    out = Parsed()
    lines = _split_columns([line.strip() for line in lines])
    head_i, heading, title_end, title = _find_heading_and_title(lines)
    header = lines[:head_i] if head_i is not None else []
    rest = lines[title_end:] if head_i is not None else lines

    before_body = lines[:title_end] if head_i is not None else lines[:15]
    number_line = _find(before_body, re.compile(r"^\**Số\s*:", re.IGNORECASE))
    date_line = None
    for line in before_body:
        # "<Place>, ngày … tháng … năm …" (Nghị định 30/2020), not a date inside the subject line.
        if _is_date_line(line):
            date_line = line
            break

    f = out.fields
    f["title"] = sentence_case(title)
    if f["title"] != title:
        out.notes.append("Trích yếu in hoa toàn bộ: đã viết lại dạng câu, giữ số ký hiệu và tên riêng; kiểm tra lại "
                     "[all-caps subject rewritten in sentence case; check proper names]")
    number = symbol = ""
    if number_line:
        value = strip_emphasis(re.sub(r"^\**Số\s*:", "", number_line, flags=re.IGNORECASE))
        value = canonical_number(value.split("V/v")[0])
        if value.startswith("/"):
            symbol = value[1:]
            out.notes.append("Số ký hiệu còn để trống (văn bản chưa lấy số): number = \"\" "
                             "[the number is blank in the source]")
        else:
            number = value
    f["number"] = number
    if symbol:
        f["symbol"] = symbol
    code_part = (symbol_of(number) or "") if number else symbol
    f["doc_type"] = _doc_type(code_part, heading)
    f["heading"] = heading
    f["issuer"] = ""
    if code_part and "-" in code_part:
        first, _, issuer_code = code_part.partition("-")
        out.issuer_code = issuer_code if (first in TYPE_CODES or first in OTHER_CODES) else first

    body_lines, tail = _split_body(rest)
    footnotes, body_lines, tail = _take_footnotes(body_lines, tail)
    blocks = mdbody.blocks(body_lines)
    blocks = mdbody.promote_titles(mdbody.join_page_breaks(blocks))
    body_text = "\n".join(b.text for b in blocks)

    # Dates: printed date line, else a partial date from the year, bounded by what it cites.
    issued = ""
    place = ""
    if date_line:
        found = first_date(date_line)
        place_part = date_line.split(",")[0]
        place = strip_emphasis(place_part)
        if found:
            issued = found.iso
            if found.partial:
                out.notes.append(f"Ngày ban hành chỉ in một phần ({issued}) "
                                 "[date of issue is partly blank in the source]")
    bases = _bases(blocks)
    cited = [b["date"] for b in bases if len(b.get("date", "")) == 10]
    for match in DOC_REF.finditer(body_text):
        d = first_date(body_text[match.end() - 6: match.end() + 40])
        if d and not d.partial:
            cited.append(d.iso)
    latest = max(cited) if cited else ""
    if not issued:
        guess = None
        if year:
            guess = str(year)
        elif latest:
            guess = latest[:4]
        else:
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", title)]
            guess = str(max(years)) if years else None
        if guess:
            issued = guess
            out.notes.append(f"Văn bản không in ngày ban hành; lấy năm {guess} (kiểm tra lại) "
                             "[no date printed; year inferred]")
    elif year and issued[:4] != str(year):
        out.notes.append(f"--year {year} khác năm in trong văn bản ({issued[:4]}); dùng năm in "
                         "[--year ignored: the decree prints its year]")
    f["issued"] = issued
    # A lower bound only helps within the year of issue (and the format requires the same year).
    if issued and len(issued) < 10 and latest and latest[:4] == issued[:4]:
        f["issued_after"] = latest
    signer, recipients = _tail(tail, footnotes)
    found = {
        "place": place, "theme": _theme(body_text), "period": _period(blocks), "bases": bases,
        "movements": _movements(body_text), "targets": _targets(blocks),
        "signer": signer, "recipients": recipients,
        # The date of effect is the date of issue, as precise as the text prints it.
        "effective": issued if issued and ON_SIGNING.search(" ".join(lines)) else "",
    }
    f.update((key, value) for key, value in found.items() if value)  # absent stays absent
    printed = {}
    # Evidence keeps the printed words; runs of spaces are the capture's layout, not the text.
    if number_line:
        printed["number"] = re.sub(r"\s+", " ", strip_emphasis(number_line))
    if date_line:
        printed["date"] = re.sub(r"\s+", " ", strip_emphasis(date_line))
    issuer_sentence = _issuer_sentence(blocks)
    header_bodies = _header_bodies(header)
    if issuer_sentence and not header_bodies:
        printed["issuer"] = issuer_sentence[1]
    if printed:
        f["printed"] = printed

    out.issuer_evidence = header_bodies + ([issuer_sentence[0]] if issuer_sentence else [])
    out.province_hint = place
    out.body = mdbody.render(blocks, footnotes)
    return out


MOTTO = re.compile(r"^(.*\S)\s+((?:CỘNG HÒA|CỘNG HOÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc)\**$")
AUTHORITY_END = re.compile(
    r"^([-–+•]\s.*?[;.,:])\s+\**((?:TM|KT|TL|TUQ|Q)\.\s.*|(?:PHÓ |Q\. )?(?:GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|"
    r"CHÁNH VĂN PHÒNG|BỘ TRƯỞNG|THỨ TRƯỞNG|HIỆU TRƯỞNG|BÍ THƯ|TỔNG GIÁM ĐỐC)\**)$")


def _split_columns(lines: list[str]) -> list[str]:
    """Undo a two-column layout flattened onto one line (a PDF's header and signature tables):
    "Số: 51/KH-SKHĐT Lạng Sơn, ngày 25 …", "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc",
    "- Lưu: VT, VP. GIÁM ĐỐC"."""
    out: list[str] = []
    for line in lines:
        pending = [line]
        while pending:
            current = pending.pop(0)
            parts = _split_once(current)
            if parts is None:
                out.append(current)
            else:
                pending[:0] = list(parts)
    return out


def _split_once(line: str):
    m = MOTTO.match(line)
    if m and not m.group(1).endswith(("CHỦ NGHĨA", "NAM")):
        return m.group(1), m.group(2)
    m = AUTHORITY_END.match(line)
    if m and not _is_upper(m.group(1)):
        return m.group(1), m.group(2)
    split = _place_split(line)
    if split and split[0]:
        left, date_part = split
        if re.match(r"^\**(Số\s*:|V/v)", left) or _is_upper(left):
            return left, date_part
    return None


def _place_split(line: str) -> tuple[str, str] | None:
    """(text before, "<Place>, ngày … năm …") when the line holds a date line; the place is up to
    five capitalised words ("Lạng Sơn", "TP. Hồ Chí Minh")."""
    at = line.find(", ngày")
    if at <= 0 or not LONG_DATE.search(line[at:]):
        return None
    words = line[:at].split(" ")
    start = len(words)
    while start > 0 and len(words) - start < 5 and (
            words[start - 1].lstrip("*_")[:1].isupper() or words[start - 1] in ("TP.", "Tp.", "TX.")):
        start -= 1
    if start == len(words):
        return None
    return " ".join(words[:start]).rstrip(), " ".join(words[start:]) + line[at:]


def _is_date_line(line: str) -> bool:
    split = _place_split(line)
    return bool(split) and not split[0]


def _find(lines, pattern):
    for line in lines:
        if pattern.search(line):
            return line
    return None


def _heading_of(line: str) -> str | None:
    text = strip_emphasis(line).strip()
    return text if text in HEADINGS else None


def _find_heading_and_title(lines):
    """(heading index, heading, index after the title, title) — index None when nothing fits."""
    for i, line in enumerate(lines[:60]):
        heading = _heading_of(line)
        vv = re.match(r"^\**\s*V/v\s*[:.]?\s*(.*)$", line)
        if heading is None and not vv:
            continue
        if vv:
            # Công văn: no type heading; the trích yếu "V/v …" sits under the number.
            j = i + 1
            parts = [strip_emphasis(vv.group(0))]
            while j < len(lines) and lines[j] and not _starts_block(lines[j]) and not _header_line(lines[j]):
                parts.append(strip_emphasis(lines[j]))
                j += 1
            return i, "", _skip_header(lines, j), _one_line(parts)
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        parts = []
        while j < len(lines) and lines[j] and not (parts and re.match(r"^(Căn cứ|Thực hiện|Hưởng ứng)\b", lines[j])):
            parts.append(strip_emphasis(lines[j]))
            j += 1
        # A capture without the blank line between title and body: the title is the first line.
        return i, heading, _skip_header(lines, j), _one_line(parts)
    return None, "", 0, ""


HEADER_LINE = re.compile(r"^\**\s*(?:CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|[-_=]{3,}$|Số\s*:)", re.IGNORECASE)


def _header_line(line: str) -> bool:
    return bool(HEADER_LINE.match(line)) or _is_date_line(line)


def _skip_header(lines: list[str], j: int) -> int:
    """Past header lines printed after the subject line (a công văn's motto and date column)."""
    k = j
    while k < len(lines) and (not lines[k] or _header_line(lines[k])):
        if lines[k]:
            j = k + 1
        k += 1
    return j


def _starts_block(line: str) -> bool:
    return bool(re.match(r"^(Kính gửi|Căn cứ|Thực hiện|Hưởng ứng|Số\s*:)", line))


def _one_line(parts: list[str]) -> str:
    text = re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
    return re.sub(r"\s*\.$", "", text)


def _doc_type(code_part: str, heading: str) -> str:
    if code_part:
        first = code_part.split("-", 1)[0]
        if first in TYPE_CODES:
            return TYPE_CODES[first]
        if first not in OTHER_CODES and "-" in code_part:
            return "công văn"
    if heading:
        return HEADINGS[heading]
    return "công văn"  # no type code and no type heading: a công văn ("V/v …")


def _split_body(rest: list[str]):
    """Body lines up to the closing './.', and the tail (Nơi nhận, signature, notes)."""
    for i, line in enumerate(rest):
        if strip_emphasis(line).endswith("./."):
            return rest[: i + 1], rest[i + 1:]
    for i, line in enumerate(rest):
        if re.match(r"^\**Nơi nhận", line, re.IGNORECASE):
            return _trim_signature(rest[:i]), rest[i:] + _signature_part(rest[:i])
    body = _trim_signature(rest)
    return body, rest[len(body):]


def _signature_part(lines):
    return lines[len(_trim_signature(lines)):]


def _trim_signature(lines):
    """Drop a trailing signature block (upper-case lines, 'Đã ký', a short name) from body lines."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    i = end
    seen_position = False
    while i:
        line = strip_emphasis(lines[i - 1])
        if not line:
            i -= 1
            continue
        if _is_upper(line) or POSITION_PREFIX.match(line):
            seen_position = True
            i -= 1
        elif SIGNED_NOTE.match(line) or (_is_name(line) and not seen_position):
            i -= 1
        else:
            break
    return lines[:i] if seen_position else lines[:end]


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not re.search(r"[.,;:]", line)


def _take_footnotes(body_lines, tail):
    """Footnote paragraphs ("¹ Theo …", "⁽¹⁾ …") lifted out of wherever the page break left them."""
    notes: dict[str, str] = {}

    def take(lines):
        kept = []
        for line in lines:
            m = FOOTNOTE_LINE.match(line)
            if m and (m.group(4)[:1].isupper() or m.group(3)):
                key = (m.group(1) or m.group(2) or "").translate(SUPERSCRIPT_DIGITS) or m.group(3)
                notes[key] = m.group(4).strip()
            else:
                kept.append(line)
        return kept

    return notes, take(body_lines), take(tail)


def _bases(blocks) -> list[dict]:
    """Legal bases from the opening paragraphs ("Thực hiện …", "Hưởng ứng …", "Căn cứ …")."""
    bases: list[dict] = []
    for block in blocks[:25]:
        text = strip_emphasis(block.text)
        if not bases and (_is_upper(text) or block.kind == "item" or text.startswith("Kính gửi")):
            continue  # a QĐ's authority line, a công văn's "Kính gửi" list come first
        if block.kind == "heading":
            break
        relation = next((r for r in RELATIONS if text.lower().startswith(r)), None)
        if relation is None:
            if bases or not _is_upper(text):
                break
            continue
        # "…, Chủ tịch UBND tỉnh có ý kiến như sau": the main clause after the bases is no basis.
        text = re.split(r",\s+(?=(?:Chủ tịch|Giám đốc|Ủy ban|Uỷ ban|UBND|Sở|Ban|Bộ)\s)", text)[0]
        clauses = [part for sentence in re.split(r";\s*|\.\s+(?=[A-ZĐ])", text)
                   for part in NEXT_REFERENCE.split(sentence)]
        for clause in clauses:
            clause = clause.strip().rstrip(".;,")
            low = clause.lower()
            rel = next((r for r in RELATIONS if low.startswith(r)), None)
            if rel:
                relation = rel
                clause = clause[len(rel):].strip()
            elif not BASIS_TYPE_RE.match(clause):
                break
            basis = _basis(relation, clause)
            if basis:
                bases.append(basis)
    return bases


def _basis(relation: str, clause: str) -> dict | None:
    m = BASIS_TYPE_RE.match(clause)
    if not m:
        return None
    basis = {"relation": relation, "type": BASIS_TYPES[m.group(1).lower()], "number": "", "date": ""}
    rest = clause[m.end():]
    end_of_ref = m.end()
    num = re.match(r"\s*(?:số\s*)?(" + NUMBER.pattern + ")", rest, re.IGNORECASE)
    if num:
        basis["number"] = canonical_number(num.group(1))
        end_of_ref += num.end()
        rest = clause[end_of_ref:]
    date = re.match(r"\s*,?\s*(?:ban hành\s+)?ngày\s*", rest)
    if date:
        d = first_date(rest[: date.end() + 30])
        if d:
            basis["date"] = d.iso
            end_of_ref += d.end
            rest = clause[end_of_ref:]
    name = ""
    of = re.search(r"\bcủa\s+", rest)
    if of:
        name = rest[: of.start()].strip()
        issuer_text = rest[of.end():]
        cut = SUBJECT_START.search(issuer_text)
        subject = ""
        if cut:
            subject = issuer_text[cut.end():].strip()
            issuer_text = issuer_text[: cut.start()]
        trailing_date = re.search(r"\s*,?\s*ngày\s*(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*tháng.*)$", issuer_text)
        if trailing_date and not basis["date"]:
            d = first_date(trailing_date.group(0))
            if d:
                basis["date"] = d.iso
        issuer_clean = issuer_text[: trailing_date.start()] if trailing_date else issuer_text
        basis["issuer"] = issuer_clean.strip(" ,")
        text = clause[: end_of_ref + of.end() + len(issuer_text)]
    else:
        # No issuer named: the words after the type are the document's name ("Luật Tổ chức chính
        # quyền địa phương"), not a subject, so the whole clause is the reference.
        subject = ""
        text = clause
        if not basis["date"]:
            d = first_date(rest)
            if d:
                basis["date"] = d.iso
    if not basis["date"]:
        del basis["date"]
    verbatim = text.strip().rstrip(" ,")
    if name and not subject:
        subject = name
    subject = re.sub(r"^(?:về|Về|V/v)\s+", "", subject)
    if subject:
        basis["subject"] = subject.rstrip(" .;,")
    basis["text"] = verbatim
    return basis


QUOTE_OPEN = "“\""
QUOTE_ANY = re.compile(r"[“”\"]")
MOVEMENT_LEAD = re.compile(r"(phong trào(?: thi đua)?|thi đua\s*:)[\s,:*]*$", re.IGNORECASE)
THEME_LEAD = re.compile(r"chủ đề(?:\s+thi đua)?\s*:?[\s*]*$", re.IGNORECASE)


def _quoted_spans(text: str):
    """(start, end, content) of quoted names; an unclosed “ ends where the next “ opens (004)."""
    marks = [(m.start(), m.group()) for m in QUOTE_ANY.finditer(text)]
    spans = []
    i = 0
    while i < len(marks):
        pos, ch = marks[i]
        if ch == "”":
            i += 1
            continue
        if i + 1 >= len(marks):
            break
        nxt, nch = marks[i + 1]
        if nch == "“":
            spans.append((pos, nxt, text[pos + 1: nxt]))
            i += 1
        else:
            close = i + 1
            # “*Giải ngân … Lạng Sơn*” giai đoạn 2022 - 2025”: the emphasis closed early, the
            # quote did not; the name runs to the second closing mark.
            while (close + 1 < len(marks) and marks[close + 1][1] == "”"
                   and re.fullmatch(r"[^;“”\"]{1,40}", text[marks[close][0] + 1: marks[close + 1][0]])):
                close += 1
            end = marks[close][0]
            spans.append((pos, end + 1, text[pos + 1: end]))
            i = close + 1
    return spans


def _movements(text: str) -> list[str]:
    names: list[str] = []
    prev_end = None
    for start, end, content in _quoted_spans(text):
        before = text[max(0, start - 60): start]
        chained = prev_end is not None and re.fullmatch(r"[\s,;*]*", text[prev_end:start] or "")
        if (MOVEMENT_LEAD.search(before) and not THEME_LEAD.search(before)) or chained:
            name = strip_emphasis(re.sub(r"[“”\"]", "", content)).strip(" ;,.")
            name = re.sub(r"\s+", " ", name)
            if name and name not in names:
                names.append(name)
            prev_end = end
        else:
            prev_end = None
    return names


def _theme(text: str) -> str:
    m = re.search(r"chủ đề(?:\s+thi đua)?\s*:?\s*\**\s*[“\"]", text, re.IGNORECASE)
    if not m:
        return ""
    for start, end, content in _quoted_spans(text):
        if start >= m.end() - 1:
            return re.sub(r"\s+", " ", strip_emphasis(content)).strip()
    return ""


def _period(blocks) -> dict | None:
    pattern = re.compile(r"từ\s+(?:ngày\s*)?(?P<a>[^đ]{6,30}?)\s*đến\s+(?:hết\s+)?(?:ngày\s*)?(?P<b>\S[^.;,]{4,30})",
                         re.IGNORECASE)
    candidates = [b for b in blocks if re.search(r"thời gian", b.text, re.IGNORECASE)] + list(blocks)
    for block in candidates:
        m = pattern.search(strip_emphasis(block.text))
        if m:
            a, b = first_date(m.group("a")), first_date(m.group("b"))
            if a and b:
                return {"from": a.iso, "to": b.iso}
    return None


def _targets(blocks) -> list[str]:
    targets: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            continue
        text = strip_emphasis(block.text)
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if PERCENT.search(sentence):
                targets.append(sentence.strip())
    return targets


def _tail(tail: list[str], footnotes: dict[str, str]):
    """Signer and recipients from the lines after the body."""
    recipients: list = []
    rest: list[str] = []
    i = 0
    in_list = False
    while i < len(tail):
        line = tail[i]
        plain = strip_emphasis(line)
        if re.match(r"^Nơi nhận\s*:?", plain, re.IGNORECASE):
            in_list = True
            after = re.sub(r"^Nơi nhận\s*:?\s*", "", plain, flags=re.IGNORECASE)
            if after:
                recipients.append(after)
            i += 1
            continue
        if in_list:
            if re.match(r"^[-–+•]\s*", plain):
                recipients.append(re.sub(r"^[-–+•]\s*", "", plain))
                i += 1
                continue
            if plain and recipients and plain[:1].islower() and (tail[i - 1] or recipients[-1].endswith(",")):
                recipients[-1] += " " + plain
                i += 1
                continue
            if not plain:
                nxt = next((t for t in tail[i:] if t), "")
                # A Word paragraph per line: "- C, PCVP UBND tỉnh," / "các phòng CM;" is one item.
                continued = recipients and recipients[-1].endswith(",") and strip_emphasis(nxt)[:1].islower()
                if re.match(r"^[-–+•]\s", strip_emphasis(nxt)) or continued:
                    i += 1
                    continue
                in_list = False
            else:
                in_list = False
        rest.append(line)
        i += 1
    recipients = [_recipient(r, footnotes) for r in recipients if r.strip(" ;,.")]
    return _signer(rest), recipients


def _recipient(text: str, footnotes: dict[str, str]):
    text = text.strip().rstrip(";,.").strip()
    m = re.search(r"(?:⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[\^(\d+)\])$", text)
    if m:
        key = (m.group(1) or m.group(2) or "").translate(SUPERSCRIPT_DIGITS) or m.group(3)
        if key in footnotes:
            return {"name": text[: m.start()].rstrip(), "note": footnotes[key]}
    return text


def _signer(lines: list[str]) -> dict:
    signer: dict = {}
    authority: list[str] = []
    positions: list[str] = []
    for raw in lines:
        line = strip_emphasis(raw)
        if not line or re.fullmatch(r"[\[(].*(chữ ký|dấu).*[\])]", line, re.IGNORECASE):
            continue
        if SIGNED_NOTE.match(line):
            signer["note"] = line.strip("()").strip()
            signer["note"] = signer["note"][:1].upper() + signer["note"][1:]
        elif POSITION_PREFIX.match(line):
            authority.append(line)
        elif _is_upper(line) and len(line) < 80:
            positions.append(line)
        elif _is_name(line) and "name" not in signer:
            signer["name"] = line
    if not signer.get("name") and not positions and not authority:
        return {}
    out: dict = {}
    if signer.get("name"):
        out["name"] = signer["name"]
    if positions:
        out["position"] = positions[-1]
    elif authority:
        out["position"] = POSITION_PREFIX.sub("", authority[-1])
    if authority:
        out["on_behalf_of"] = " ".join(authority + positions[:-1]) if positions else " ".join(authority)
    if "note" in signer:
        out["note"] = signer["note"]
    return out


def _issuer_sentence(blocks):
    """(body name, sentence) where the body names who launches: "<Unit> phát động …"."""
    for block in blocks[:8]:
        text = strip_emphasis(block.text)
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if re.match(r"^(Thực hiện|Hưởng ứng|Căn cứ)\b", sentence):
                continue  # the documents it answers name other bodies
            m = re.search(
                r"((?:Ủy|Uỷ) ban nhân dân[^.,;]*?|UBND[^.,;]*?|Sở [^.,;]*?|Ban [^.,;]*?|Bộ [^.,;]*?|"
                r"Khối [^.;]*?|Cụm [^.;]*?|Hội [^.,;]*?|Đảng ủy[^.;]*?)\s+(?:[Pp]hát động|[Kk]êu gọi|"
                r"xây dựng [Kk]ế hoạch|ban hành|chỉ thị|hướng dẫn)",
                sentence)
            if m:
                name = m.group(1)
                # "Đảng ủy, Lãnh đạo Sở Giao thông vận tải": the body is the last named unit.
                inner = re.findall(r"((?:Ủy|Uỷ) ban nhân dân.*|UBND.*|Sở .*|Ban .*|Bộ .*)", name)
                if inner:
                    name = inner[-1]
                name = re.sub(r"^(?:Giám đốc|Lãnh đạo)\s+", "", name)
                return name.strip(), _issuer_clause(sentence, m.start())
    return None


LEADERSHIP = re.compile(r"(?:(?:Đảng ủy|Đảng uỷ|Lãnh đạo|Ban Giám đốc|Giám đốc|Thường trực|Ban Thường vụ|"
                        r"Ban Chấp hành|Công đoàn|Đoàn Thanh niên)\s*(?:,|và)?\s*)+$")


def _issuer_clause(sentence: str, name_start: int) -> str:
    """The clause that names the launching body, as printed: from the body (with the leaders named
    before it, 000 "Đảng ủy, Lãnh đạo Sở …") to the colon that introduces the content."""
    lead = LEADERSHIP.search(sentence[:name_start])
    start = lead.start() if lead else name_start
    clause = sentence[start:].split(":")[0].strip().rstrip(".;").strip()
    # The theme has its own field; "… với chủ đề" only introduces it.
    return re.sub(r"\s+với chủ đề(?: thi đua)?$", "", clause)


def _header_bodies(header: list[str]) -> list[str]:
    """Issuing-body lines of the header, most specific first ("SỞ …" before "UBND TỈNH …")."""
    bodies = []
    for line in header:
        plain = strip_emphasis(line)
        if not plain or not _is_upper(plain):
            continue
        if re.match(r"^(CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|SỐ\s*:)", plain, re.IGNORECASE) or re.fullmatch(r"[-_=]+", plain):
            continue
        bodies.append(plain)
    # "ỦY BAN NHÂN DÂN" / "TỈNH HÀ GIANG" is one body printed on two lines.
    merged: list[str] = []
    for line in bodies:
        if merged and re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)\b", line):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    bodies = merged
    if not bodies:
        return []
    joined = [" ".join(bodies[i:]) for i in range(len(bodies))]
    return list(dict.fromkeys([bodies[-1], *reversed(joined), *bodies]))
