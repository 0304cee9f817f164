"""Decree text lines → record fields and Markdown body (pure; no registry, no files).

The layout follows Nghị định 30/2020/NĐ-CP: an optional header (bodies, "Số: …", "<Place>, ngày …"),
the type heading (PHÁT ĐỘNG, KẾ HOẠCH …) or a công văn's "V/v …", the trích yếu, the body up to the
closing "./.", then "Nơi nhận", the signature block and footnotes, in whatever order the capture
left them. Each field is read from its own part, so a missing part only empties its own fields.

`parse` runs named phases in order (`PHASES`), each reading what the previous ones left on a
`Draft` and filling its own fields:

1. layout    — undo flattened columns; find the header, the type heading, the trích yếu, the
               "Số: …" and "<Place>, ngày …" lines;
2. identity  — trích yếu (sentence case), số ký hiệu, document type, the issuer's code;
3. body      — body lines up to "./.", the tail after them, footnotes lifted out, Markdown blocks;
4. bases     — the legal bases of the opening paragraphs ("Căn cứ …", "Thực hiện …");
5. dates     — place and date of issue (partial, or the editor's year), lower bound, date of effect;
6. content   — theme, standing movements, period of the campaign, targets;
7. signature — signer and distribution list ("Nơi nhận");
8. evidence  — the printed words kept as evidence, who issued it (for importer.issuer), the body.

Every pattern is in `patterns`; the text helpers the importer's modules share are in `text`. The
issuer is returned as evidence (header lines, symbol code, the sentence that names it) for
importer.issuer to match against the registry.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import TYPE_CODES, symbol_of  # Phụ lục III codes, as the build checks them
from . import body as mdbody, patterns as P
from .patterns import BASIS_TYPES, HEADINGS, OTHER_CODES, RELATIONS
from .text import FROM_SUPERSCRIPT, is_upper as _is_upper, sentence_case, strip_emphasis
from .textdates import LONG_DATE, canonical_number, first_date

@dataclass
class Parsed:
    """What the text says, before the issuer is resolved against the registry."""
    fields: dict = field(default_factory=dict)
    body: str = ""
    issuer_evidence: list[str] = field(default_factory=list)  # best first
    issuer_code: str = ""
    province_hint: str = ""
    notes: list[str] = field(default_factory=list)  # Vietnamese [English], shown to the editor


@dataclass
class Draft:
    """The parser's working state: the text, the parts the phases found, and the result so far."""
    lines: list[str]
    year: int | None = None
    out: Parsed = field(default_factory=Parsed)
    # layout
    header: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # everything after the trích yếu
    heading: str = ""
    title: str = ""
    number_line: str | None = None
    date_line: str | None = None
    # identity
    number: str = ""
    # body
    tail: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    blocks: list = field(default_factory=list)
    body_text: str = ""
    # dates
    issued: str = ""
    place: str = ""

    @property
    def fields(self) -> dict:
        return self.out.fields

    def note(self, text: str) -> None:
        self.out.notes.append(text)

    def put(self, key: str, value) -> None:
        """A found value; what the text does not hold stays absent."""
        if value:
            self.fields[key] = value


# --- 1. layout ---------------------------------------------------------------------------------

def read_layout(d: Draft) -> None:
    lines = _split_columns([line.strip() for line in d.lines])
    d.lines = lines
    head_i, d.heading, title_end, d.title = _find_heading_and_title(lines)
    d.header = lines[:head_i] if head_i is not None else []
    d.rest = lines[title_end:] if head_i is not None else lines
    before_body = lines[:title_end] if head_i is not None else lines[:15]
    d.number_line = next((line for line in before_body if P.NUMBER_LINE.search(line)), None)
    # "<Place>, ngày … tháng … năm …" (Nghị định 30/2020), not a date inside the subject line.
    d.date_line = next((line for line in before_body if _is_date_line(line)), None)


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
    m = P.MOTTO.match(line)
    if m and not m.group(1).endswith(("CHỦ NGHĨA", "NAM")):
        return m.group(1), m.group(2)
    m = P.AUTHORITY_END.match(line)
    if m and not _is_upper(m.group(1)):
        return m.group(1), m.group(2)
    split = _place_split(line)
    if split and split[0]:
        left, date_part = split
        if P.NUMBER_OR_VV.match(left) or _is_upper(left):
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


def _heading_of(line: str) -> str | None:
    text = strip_emphasis(line).strip()
    return text if text in HEADINGS else None


def _find_heading_and_title(lines):
    """(heading index, heading, index after the title, title) — index None when nothing fits."""
    for i, line in enumerate(lines[:60]):
        heading = _heading_of(line)
        vv = P.VV_LINE.match(line)
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
        while j < len(lines) and lines[j] and not (parts and P.OPENS_BASES.match(lines[j])):
            parts.append(strip_emphasis(lines[j]))
            j += 1
        # A capture without the blank line between title and body: the title is the first line.
        return i, heading, _skip_header(lines, j), _one_line(parts)
    return None, "", 0, ""


def _header_line(line: str) -> bool:
    return bool(P.HEADER_LINE.match(line)) or _is_date_line(line)


def _skip_header(lines: list[str], j: int) -> int:
    """Past header lines printed after the subject line (a công văn's motto and date column)."""
    k = j
    while k < len(lines) and (not lines[k] or _header_line(lines[k])):
        if lines[k]:
            j = k + 1
        k += 1
    return j


def _starts_block(line: str) -> bool:
    return bool(P.BLOCK_START.match(line))


def _one_line(parts: list[str]) -> str:
    text = P.SPACES.sub(" ", " ".join(p for p in parts if p)).strip()
    return P.TRAILING_STOP.sub("", text)


# --- 2. identity -------------------------------------------------------------------------------

def read_identity(d: Draft) -> None:
    f = d.fields
    f["title"] = sentence_case(d.title)
    if f["title"] != d.title:
        d.note("Trích yếu in hoa toàn bộ: đã viết lại dạng câu, giữ số ký hiệu và tên riêng; kiểm tra lại "
               "[all-caps subject rewritten in sentence case; check proper names]")
    number = symbol = ""
    if d.number_line:
        value = strip_emphasis(P.NUMBER_LINE.sub("", d.number_line))
        value = canonical_number(value.split("V/v")[0])
        if value.startswith("/"):
            symbol = value[1:]
            d.note("Số ký hiệu còn để trống (văn bản chưa lấy số): number = \"\" "
                   "[the number is blank in the source]")
        else:
            number = value
    d.number = number
    f["number"] = number
    if symbol:
        f["symbol"] = symbol
    code_part = (symbol_of(number) or "") if number else symbol
    f["doc_type"] = _doc_type(code_part, d.heading)
    f["heading"] = d.heading
    f["issuer"] = ""
    if code_part and "-" in code_part:
        first, _, issuer_code = code_part.partition("-")
        d.out.issuer_code = issuer_code if (first in TYPE_CODES or first in OTHER_CODES) else first


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


# --- 3. body -----------------------------------------------------------------------------------

def read_body(d: Draft) -> None:
    body_lines, tail = _split_body(d.rest)
    d.footnotes, body_lines, d.tail = _take_footnotes(body_lines, tail)
    blocks = mdbody.blocks(body_lines)
    d.blocks = mdbody.promote_titles(mdbody.join_page_breaks(blocks))
    d.body_text = "\n".join(b.text for b in d.blocks)


def _split_body(rest: list[str]):
    """Body lines up to the closing './.', and the tail (Nơi nhận, signature, notes)."""
    for i, line in enumerate(rest):
        if strip_emphasis(line).endswith("./."):
            return rest[: i + 1], rest[i + 1:]
    for i, line in enumerate(rest):
        if P.RECIPIENTS_START.match(line):
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
        if _is_upper(line) or P.POSITION_PREFIX.match(line):
            seen_position = True
            i -= 1
        elif P.SIGNED_NOTE.match(line) or (_is_name(line) and not seen_position):
            i -= 1
        else:
            break
    return lines[:i] if seen_position else lines[:end]


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not P.PUNCTUATION.search(line)


def _take_footnotes(body_lines, tail):
    """Footnote paragraphs ("¹ Theo …", "⁽¹⁾ …") lifted out of wherever the page break left them."""
    notes: dict[str, str] = {}

    def take(lines):
        kept = []
        for line in lines:
            m = P.FOOTNOTE_LINE.match(line)
            if m and (m.group(4)[:1].isupper() or m.group(3)):
                key = (m.group(1) or m.group(2) or "").translate(FROM_SUPERSCRIPT) or m.group(3)
                notes[key] = m.group(4).strip()
            else:
                kept.append(line)
        return kept

    return notes, take(body_lines), take(tail)


# --- 4. bases ----------------------------------------------------------------------------------

def read_bases(d: Draft) -> None:
    d.put("bases", _bases(d.blocks))


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
        text = P.MAIN_CLAUSE.split(text)[0]
        clauses = [part for sentence in P.CLAUSE_BREAK.split(text) for part in P.NEXT_REFERENCE.split(sentence)]
        for clause in clauses:
            clause = clause.strip().rstrip(".;,")
            low = clause.lower()
            rel = next((r for r in RELATIONS if low.startswith(r)), None)
            if rel:
                relation = rel
                clause = clause[len(rel):].strip()
            elif not P.BASIS_TYPE.match(clause):
                break
            basis = _basis(relation, clause)
            if basis:
                bases.append(basis)
    return bases


def _basis(relation: str, clause: str) -> dict | None:
    m = P.BASIS_TYPE.match(clause)
    if not m:
        return None
    basis = {"relation": relation, "type": BASIS_TYPES[m.group(1).lower()], "number": "", "date": ""}
    rest = clause[m.end():]
    end_of_ref = m.end()
    num = P.BASIS_NUMBER.match(rest)
    if num:
        basis["number"] = canonical_number(num.group(1))
        end_of_ref += num.end()
        rest = clause[end_of_ref:]
    date = P.BASIS_DATE_LEAD.match(rest)
    if date:
        d = first_date(rest[: date.end() + 30])
        if d:
            basis["date"] = d.iso
            end_of_ref += d.end
            rest = clause[end_of_ref:]
    name = ""
    of = P.OF.search(rest)
    if of:
        name = rest[: of.start()].strip()
        issuer_text = rest[of.end():]
        cut = _subject_start(issuer_text)
        subject = ""
        if cut:
            subject = issuer_text[cut.end():].strip()
            issuer_text = issuer_text[: cut.start()]
        trailing_date = P.TRAILING_DATE.search(issuer_text)
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
    subject = P.SUBJECT_LEAD.sub("", subject)
    if subject:
        basis["subject"] = subject.rstrip(" .;,")
    basis["text"] = verbatim
    return basis


def _subject_start(text: str):
    """First place where a subject starts: "về" followed by a lower-case word, or a capitalised verb."""
    for m in P.SUBJECT_WORDS.finditer(text):
        if m.group("next") is None or m.group("next").islower():
            return m
    return None


# --- 5. dates ----------------------------------------------------------------------------------

def read_dates(d: Draft) -> None:
    """Printed date line, else a partial date from the year, bounded by what the text cites."""
    issued = ""
    if d.date_line:
        found = first_date(d.date_line)
        d.place = strip_emphasis(d.date_line.split(",")[0])
        if found:
            issued = found.iso
            if found.partial:
                d.note(f"Ngày ban hành chỉ in một phần ({issued}) "
                       "[date of issue is partly blank in the source]")
    cited = [b["date"] for b in d.fields.get("bases", []) if len(b.get("date", "")) == 10]
    for match in P.DOC_REF.finditer(d.body_text):
        found = first_date(d.body_text[match.end() - 6: match.end() + 40])
        if found and not found.partial:
            cited.append(found.iso)
    latest = max(cited) if cited else ""
    if not issued:
        guess = None
        if d.year:
            guess = str(d.year)
        elif latest:
            guess = latest[:4]
        else:
            years = [int(y) for y in P.YEAR.findall(d.title)]
            guess = str(max(years)) if years else None
        if guess:
            issued = guess
            d.note(f"Văn bản không in ngày ban hành; lấy năm {guess} (kiểm tra lại) "
                   "[no date printed; year inferred]")
    elif d.year and issued[:4] != str(d.year):
        d.note(f"--year {d.year} khác năm in trong văn bản ({issued[:4]}); dùng năm in "
               "[--year ignored: the decree prints its year]")
    d.issued = issued
    d.fields["issued"] = issued
    # A lower bound only helps within the year of issue (and the format requires the same year).
    if issued and len(issued) < 10 and latest and latest[:4] == issued[:4]:
        d.fields["issued_after"] = latest
    d.put("place", d.place)
    # The date of effect is the date of issue, as precise as the text prints it.
    d.put("effective", issued if issued and P.ON_SIGNING.search(" ".join(d.lines)) else "")


# --- 6. content --------------------------------------------------------------------------------

def read_content(d: Draft) -> None:
    d.put("theme", _theme(d.body_text))
    d.put("period", _period(d.blocks))
    d.put("movements", _movements(d.body_text))
    d.put("targets", _targets(d.blocks))


def _quoted_spans(text: str):
    """(start, end, content) of quoted names; an unclosed “ ends where the next “ opens (004)."""
    marks = [(m.start(), m.group()) for m in P.QUOTE_ANY.finditer(text)]
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
                   and P.SHORT_QUOTED_TAIL.fullmatch(text[marks[close][0] + 1: marks[close + 1][0]])):
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
        chained = prev_end is not None and P.CHAIN_GAP.fullmatch(text[prev_end:start] or "")
        if (P.MOVEMENT_LEAD.search(before) and not P.THEME_LEAD.search(before)) or chained:
            name = strip_emphasis(P.QUOTE_ANY.sub("", content)).strip(" ;,.")
            name = P.SPACES.sub(" ", name)
            if name and name not in names:
                names.append(name)
            prev_end = end
        else:
            prev_end = None
    return names


def _theme(text: str) -> str:
    m = P.THEME_INTRO.search(text)
    if not m:
        return ""
    for start, end, content in _quoted_spans(text):
        if start >= m.end() - 1:
            return P.SPACES.sub(" ", strip_emphasis(content)).strip()
    return ""


def _period(blocks) -> dict | None:
    candidates = [b for b in blocks if P.PERIOD_HINT.search(b.text)] + list(blocks)
    for block in candidates:
        m = P.PERIOD.search(strip_emphasis(block.text))
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
        for sentence in P.SENTENCE_BREAK.split(text):
            if P.PERCENT.search(sentence):
                targets.append(sentence.strip())
    return targets


# --- 7. signature and distribution ---------------------------------------------------------------

def read_signature(d: Draft) -> None:
    signer, recipients = _tail(d.tail, d.footnotes)
    d.put("signer", signer)
    d.put("recipients", recipients)


def _tail(tail: list[str], footnotes: dict[str, str]):
    """Signer and recipients from the lines after the body."""
    recipients: list = []
    rest: list[str] = []
    i = 0
    in_list = False
    while i < len(tail):
        line = tail[i]
        plain = strip_emphasis(line)
        if P.RECIPIENTS_LABEL.match(plain):
            in_list = True
            after = P.RECIPIENTS_LABEL.sub("", plain)
            if after:
                recipients.append(after)
            i += 1
            continue
        if in_list:
            if P.LIST_DASH.match(plain):
                recipients.append(P.LIST_DASH.sub("", plain))
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
                if P.LIST_DASH_SPACE.match(strip_emphasis(nxt)) or continued:
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
    m = P.NOTE_MARK_END.search(text)
    if m:
        key = (m.group(1) or m.group(2) or "").translate(FROM_SUPERSCRIPT) or m.group(3)
        if key in footnotes:
            return {"name": text[: m.start()].rstrip(), "note": footnotes[key]}
    return text


def _signer(lines: list[str]) -> dict:
    signer: dict = {}
    authority: list[str] = []
    positions: list[str] = []
    for raw in lines:
        line = strip_emphasis(raw)
        if not line or P.SEAL_NOTE.fullmatch(line):
            continue
        if P.SIGNED_NOTE.match(line):
            signer["note"] = line.strip("()").strip()
            signer["note"] = signer["note"][:1].upper() + signer["note"][1:]
        elif P.POSITION_PREFIX.match(line):
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
        out["position"] = P.POSITION_PREFIX.sub("", authority[-1])
    if authority:
        out["on_behalf_of"] = " ".join(authority + positions[:-1]) if positions else " ".join(authority)
    if "note" in signer:
        out["note"] = signer["note"]
    return out


# --- 8. evidence -------------------------------------------------------------------------------

def read_evidence(d: Draft) -> None:
    printed = {}
    # Evidence keeps the printed words; runs of spaces are the capture's layout, not the text.
    if d.number_line:
        printed["number"] = P.SPACES.sub(" ", strip_emphasis(d.number_line))
    if d.date_line:
        printed["date"] = P.SPACES.sub(" ", strip_emphasis(d.date_line))
    issuer_sentence = _issuer_sentence(d.blocks)
    header_bodies = _header_bodies(d.header)
    if issuer_sentence and not header_bodies:
        printed["issuer"] = issuer_sentence[1]
    d.put("printed", printed)
    d.out.issuer_evidence = header_bodies + ([issuer_sentence[0]] if issuer_sentence else [])
    d.out.province_hint = d.place
    d.out.body = mdbody.render(d.blocks, d.footnotes)


def _issuer_sentence(blocks):
    """(body name, sentence) where the body names who launches: "<Unit> phát động …"."""
    for block in blocks[:8]:
        text = strip_emphasis(block.text)
        for sentence in P.SENTENCE_BREAK.split(text):
            if P.OPENS_BASES.match(sentence):
                continue  # the documents it answers name other bodies
            m = P.LAUNCHER.search(sentence)
            if m:
                name = m.group(1)
                # "Đảng ủy, Lãnh đạo Sở Giao thông vận tải": the body is the last named unit.
                inner = P.INNER_BODY.findall(name)
                if inner:
                    name = inner[-1]
                name = P.LEADER_TITLE.sub("", name)
                return name.strip(), _issuer_clause(sentence, m.start())
    return None


def _issuer_clause(sentence: str, name_start: int) -> str:
    """The clause that names the launching body, as printed: from the body (with the leaders named
    before it, 000 "Đảng ủy, Lãnh đạo Sở …") to the colon that introduces the content."""
    lead = P.LEADERSHIP.search(sentence[:name_start])
    start = lead.start() if lead else name_start
    clause = sentence[start:].split(":")[0].strip().rstrip(".;").strip()
    # The theme has its own field; "… với chủ đề" only introduces it.
    return P.THEME_TAIL.sub("", clause)


def _header_bodies(header: list[str]) -> list[str]:
    """Issuing-body lines of the header, most specific first ("SỞ …" before "UBND TỈNH …")."""
    bodies = []
    for line in header:
        plain = strip_emphasis(line)
        if not plain or not _is_upper(plain):
            continue
        if P.MOTTO_OR_NUMBER.match(plain) or P.RULE_LINE.fullmatch(plain):
            continue
        bodies.append(plain)
    # "ỦY BAN NHÂN DÂN" / "TỈNH HÀ GIANG" is one body printed on two lines.
    merged: list[str] = []
    for line in bodies:
        if merged and P.LOCALITY_LINE.match(line):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    bodies = merged
    if not bodies:
        return []
    joined = [" ".join(bodies[i:]) for i in range(len(bodies))]
    return list(dict.fromkeys([bodies[-1], *reversed(joined), *bodies]))


# --- The pipeline ------------------------------------------------------------------------------

PHASES = (
    ("layout", read_layout),
    ("identity", read_identity),
    ("body", read_body),
    ("bases", read_bases),
    ("dates", read_dates),
    ("content", read_content),
    ("signature", read_signature),
    ("evidence", read_evidence),
)


def parse(lines: list[str], *, year: int | None = None) -> Parsed:
    """Parse a decree; `year` is the editor's fallback when the text prints no date."""
    draft = Draft(list(lines), year)
    for _, phase in PHASES:
        phase(draft)
    return draft.out
