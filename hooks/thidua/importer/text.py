"""Text helpers the importer's phases share (extraction and parsing used to keep their own copies)."""
from __future__ import annotations

import re

# Footnote numbers as Word and PDF print them, and back.
TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


_EMPHASIS = re.compile(r"\*+")


def strip_emphasis(text: str) -> str:
    """The text without Markdown emphasis marks (a capture's **bold**), trimmed."""
    return _EMPHASIS.sub("", text).strip()


def is_upper(line: str) -> bool:
    """All letters capitals (at least two): a heading, an authority line, an all-caps subject."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def mostly_upper(line: str) -> bool:
    """An all-caps subject that keeps its codes as printed ("… SỐ 19/CT-TTg …")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


# Proper names kept capitalised when an all-caps subject is written in sentence case (Nghị định
# 30/2020/NĐ-CP, Phụ lục I: the trích yếu is written as a sentence). Longest first.
PROPER_NAMES = sorted([
    "Đảng", "Đảng Cộng sản Việt Nam", "Việt Nam", "Hồ Chí Minh", "Chủ tịch Hồ Chí Minh", "Chính phủ",
    "Thủ tướng Chính phủ", "Quốc hội", "Trung ương", "Ban Chấp hành Trung ương", "Bộ Chính trị",
    "Ban Bí thư", "Nhà nước", "Nhân dân", "Tổ quốc", "Mặt trận Tổ quốc", "Hội đồng Thi đua - Khen thưởng",
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Đại hội", "Lạng Sơn", "Kon Tum", "Quảng Ngãi",
    "Đà Nẵng", "Hà Nội", "Ninh Bình", "Hà Giang", "Bình Phước", "Quảng Ninh", "Tây Ninh", "Lâm Đồng",
    "Nghệ An", "Tuyên Quang", "Bắc Kạn", "Gia Lai", "Cao Bằng",
], key=len, reverse=True)
_ROMAN = re.compile(r"^[IVXLC]+$")


def sentence_case(subject: str) -> str:
    """An all-caps trích yếu as a sentence: codes ("19/CT-TTg"), Roman numerals ("XIII") and the
    proper names above kept; anything not all-caps is returned unchanged."""
    if not mostly_upper(subject):
        return subject
    words = []
    for word in subject.split():
        keep = any(c.isdigit() for c in word) or "/" in word or _ROMAN.match(word.strip("(),.;:“”\""))
        words.append(word if keep else word.lower())
    text = " ".join(words)
    for name in PROPER_NAMES:
        text = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, text)
    # A document type before its number is a name too: "Chỉ thị số 19/CT-TTg".
    text = _CITED_TYPE.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:], text)
    return text[:1].upper() + text[1:]


_CITED_TYPE = re.compile(r"(?<!\w)(chỉ thị|nghị quyết|quyết định|kế hoạch|nghị định|thông tư|luật|công văn|"
                         r"hướng dẫn|thông báo)(?=\s+(?:số\s+)?\d)")
