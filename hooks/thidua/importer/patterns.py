"""Every pattern the decree parser matches, compiled once and named by what it finds.

The vocabularies of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP: type headings,
Phụ lục III codes, the words that open a legal basis, the signature prefixes TM./KT./TL./TUQ./Q.)
are spelled here once and the patterns are built from them, so a new spelling is added in one
place. The table is grouped by the parser's phases, in their order: layout (header, heading,
trích yếu), bases, body, content (theme, movements, period, targets), signature and distribution,
issuer evidence.
"""
from __future__ import annotations

import re

from .textdates import NUMBER

# --- Vocabularies -----------------------------------------------------------------------------

# Type headings as printed (Nghị định 30/2020/NĐ-CP, Phụ lục III) and the document type they name.
HEADINGS = {
    "PHÁT ĐỘNG": "phát động", "KẾ HOẠCH": "kế hoạch", "CHỈ THỊ": "chỉ thị",
    "QUYẾT ĐỊNH": "quyết định", "NGHỊ QUYẾT": "nghị quyết", "THÔNG BÁO": "thông báo",
    "HƯỚNG DẪN": "hướng dẫn", "CHƯƠNG TRÌNH": "chương trình", "PHƯƠNG ÁN": "phương án",
    "ĐỀ ÁN": "đề án", "BÁO CÁO": "báo cáo", "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định",
    "THÔNG CÁO": "thông cáo", "TỜ TRÌNH": "tờ trình", "CÔNG ĐIỆN": "công điện",
}
# Other Phụ lục III codes: a symbol starting with one of them is not a công văn either.
OTHER_CODES = {"DA", "BB", "HĐ", "GM", "GGT", "GUQ", "PC", "PG", "PB", "BGN", "TH", "CV"}

# Document types as they open a legal basis, with the spellings met in captures ("Chi thị").
BASIS_TYPES = {
    "chỉ thị": "Chỉ thị", "chi thị": "Chỉ thị", "kế hoạch": "Kế hoạch", "quyết định": "Quyết định",
    "nghị quyết": "Nghị quyết", "nghị định": "Nghị định", "thông tư": "Thông tư",
    "công văn": "Công văn", "văn bản": "Văn bản", "hướng dẫn": "Hướng dẫn", "luật": "Luật",
    "phát động": "Phát động", "chương trình": "Chương trình", "kết luận": "Kết luận",
    "quy định": "Quy định", "thông báo": "Thông báo", "lời kêu gọi": "Lời kêu gọi",
    "thông tri": "Thông tri", "điều lệ": "Điều lệ",
}
# The words that open a legal basis, as the record's `relation` spells them.
RELATIONS = ("thực hiện", "hưởng ứng", "căn cứ")
# Signature authority prefixes: on behalf of a collective, deputy, by order, by authorisation, acting.
POSITION_PREFIXES = ("TM", "KT", "TL", "TUQ", "Q")

_PREFIXES = "|".join(POSITION_PREFIXES)
_RELATION_WORDS = "|".join(r[:1].upper() + r[1:] for r in ("căn cứ", "thực hiện", "hưởng ứng"))
_TYPE_ALT = "|".join(sorted((re.escape(k) for k in BASIS_TYPES), key=len, reverse=True))
_CAPITAL_TYPES = "|".join(sorted({re.escape(k[:1].upper() + k[1:]) for k in BASIS_TYPES}, key=len, reverse=True))
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# --- Shared ------------------------------------------------------------------------------------

SPACES = re.compile(r"\s+")
SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+")  # after "." or ";"
PUNCTUATION = re.compile(r"[.,;:]")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")

# --- Phase "layout": header, type heading, trích yếu -------------------------------------------

# A two-column header flattened onto one line: "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc".
MOTTO = re.compile(r"^(.*\S)\s+((?:CỘNG HÒA|CỘNG HOÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc)\**$")
# A recipients item and the signature's first line on one line: "- Lưu: VT, VP. GIÁM ĐỐC".
AUTHORITY_END = re.compile(
    rf"^([-–+•]\s.*?[;.,:])\s+\**((?:{_PREFIXES})\.\s.*|(?:PHÓ |Q\. )?(?:GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|"
    r"CHÁNH VĂN PHÒNG|BỘ TRƯỞNG|THỨ TRƯỞNG|HIỆU TRƯỞNG|BÍ THƯ|TỔNG GIÁM ĐỐC)\**)$")
NUMBER_OR_VV = re.compile(r"^\**(Số\s*:|V/v)")
NUMBER_LINE = re.compile(r"^\**Số\s*:", re.IGNORECASE)
# A công văn's trích yếu under its number: "V/v phát động …".
VV_LINE = re.compile(r"^\**\s*V/v\s*[:.]?\s*(.*)$")
HEADER_LINE = re.compile(r"^\**\s*(?:CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|[-_=]{3,}$|Số\s*:)", re.IGNORECASE)
# Lines that open the body: the trích yếu ends before them.
OPENS_BASES = re.compile(rf"^({_RELATION_WORDS})\b")
BLOCK_START = re.compile(rf"^(Kính gửi|{_RELATION_WORDS}|Số\s*:)")
TRAILING_STOP = re.compile(r"\s*\.$")

# --- Phase "body": body lines, tail, footnotes -------------------------------------------------

RECIPIENTS_START = re.compile(r"^\**Nơi nhận", re.IGNORECASE)
FOOTNOTE_LINE = re.compile(rf"^(?:⁽([{_SUPERSCRIPTS}]+)⁾|([{_SUPERSCRIPTS}]+)|\[\^(\d+)\]:?)\s*(\S.*)$")

# --- Phase "bases" ------------------------------------------------------------------------------

BASIS_TYPE = re.compile(rf"({_TYPE_ALT})\b", re.IGNORECASE)
# A cited document with its number and date: "Kế hoạch số 18/KH-UBND ngày …".
DOC_REF = re.compile(
    rf"(?:{_TYPE_ALT})\s+(?:số\s*)?(?P<num>{NUMBER.pattern})\s*,?\s*(?:ban hành\s+)?ngày\s*",
    re.IGNORECASE)
# A second document cited in the same clause ("Kế hoạch số 18/KH-UBND ngày … của UBND tỉnh … và
# Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - Khen thưởng Trung ương") is a basis
# of its own: after "và" or a comma, a capitalised type followed by a number opens it. A name
# without a number ("… và Luật sửa đổi, bổ sung …") stays in the clause.
NEXT_REFERENCE = re.compile(
    rf"(?:\s*,\s*và|\s+và|\s*,)\s+(?=(?:{_CAPITAL_TYPES})\s+(?:số\s*)?(?:{NUMBER.pattern}))")
# "…, Chủ tịch UBND tỉnh có ý kiến như sau": the main clause after the bases is no basis.
MAIN_CLAUSE = re.compile(r",\s+(?=(?:Chủ tịch|Giám đốc|Ủy ban|Uỷ ban|UBND|Sở|Ban|Bộ)\s)")
CLAUSE_BREAK = re.compile(r";\s*|\.\s+(?=[A-ZĐ])")
BASIS_NUMBER = re.compile(r"\s*(?:số\s*)?(" + NUMBER.pattern + ")", re.IGNORECASE)
BASIS_DATE_LEAD = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s*")
OF = re.compile(r"\bcủa\s+")
TRAILING_DATE = re.compile(r"\s*,?\s*ngày\s*(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*tháng.*)$")
SUBJECT_LEAD = re.compile(r"^(?:về|Về|V/v)\s+")
# Where the issuer named after "của" stops and the subject begins (000: "… của Chủ tịch UBND tỉnh
# Phát động thi đua …"); lower-case "về" only, since names contain "về" ("Nhà nước về Kinh tế").
SUBJECT_WORDS = re.compile(
    r"\s+(?=về\s+(?P<next>\w)|Về\s|V/v\s|(?:Phát động|Triển khai|Tổ chức|Ban hành|Tăng cường|Đẩy mạnh|"
    r"Tiếp tục|Quy định|Hướng dẫn|quy định|hướng dẫn|ban hành|phê duyệt|phát động)\s)")

# --- Phase "dates" ------------------------------------------------------------------------------

# "Kế hoạch này có hiệu lực (thi hành) (kể) từ ngày ký (ban hành)": in force on the date of issue.
ON_SIGNING = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+k[ýí]", re.IGNORECASE)

# --- Phase "content": theme, movements, period, targets -----------------------------------------

QUOTE_ANY = re.compile(r"[“”\"]")
# “*Giải ngân … Lạng Sơn*” giai đoạn 2022 - 2025”: a short tail between two closing marks.
SHORT_QUOTED_TAIL = re.compile(r"[^;“”\"]{1,40}")
CHAIN_GAP = re.compile(r"[\s,;*]*")
MOVEMENT_LEAD = re.compile(r"(phong trào(?: thi đua)?|thi đua\s*:)[\s,:*]*$", re.IGNORECASE)
THEME_LEAD = re.compile(r"chủ đề(?:\s+thi đua)?\s*:?[\s*]*$", re.IGNORECASE)
THEME_INTRO = re.compile(r"chủ đề(?:\s+thi đua)?\s*:?\s*\**\s*[“\"]", re.IGNORECASE)
PERIOD = re.compile(r"từ\s+(?:ngày\s*)?(?P<a>[^đ]{6,30}?)\s*đến\s+(?:hết\s+)?(?:ngày\s*)?(?P<b>\S[^.;,]{4,30})",
                    re.IGNORECASE)
PERIOD_HINT = re.compile(r"thời gian", re.IGNORECASE)
PERCENT = re.compile(r"\d\s?%")

# --- Phase "signature": signer and distribution ("Nơi nhận") ------------------------------------

RECIPIENTS_LABEL = re.compile(r"^Nơi nhận\s*:?\s*", re.IGNORECASE)
LIST_DASH = re.compile(r"^[-–+•]\s*")
LIST_DASH_SPACE = re.compile(r"^[-–+•]\s")
NOTE_MARK_END = re.compile(rf"(?:⁽([{_SUPERSCRIPTS}]+)⁾|([{_SUPERSCRIPTS}]+)|\[\^(\d+)\])$")
POSITION_PREFIX = re.compile(rf"^({_PREFIXES})\.\s*", re.IGNORECASE)
SIGNED_NOTE = re.compile(r"^\(?\s*(đã ký(?:[^)]*)?|ký|đã ký và đóng dấu)\s*\)?$", re.IGNORECASE)
SEAL_NOTE = re.compile(r"[\[(].*(chữ ký|dấu).*[\])]", re.IGNORECASE)

# --- Phase "evidence": who issued the decree ----------------------------------------------------

# "<Unit> phát động …": the body names the launching body.
LAUNCHER = re.compile(
    r"((?:Ủy|Uỷ) ban nhân dân[^.,;]*?|UBND[^.,;]*?|Sở [^.,;]*?|Ban [^.,;]*?|Bộ [^.,;]*?|"
    r"Khối [^.;]*?|Cụm [^.;]*?|Hội [^.,;]*?|Đảng ủy[^.;]*?)\s+(?:[Pp]hát động|[Kk]êu gọi|"
    r"xây dựng [Kk]ế hoạch|ban hành|chỉ thị|hướng dẫn)")
INNER_BODY = re.compile(r"((?:Ủy|Uỷ) ban nhân dân.*|UBND.*|Sở .*|Ban .*|Bộ .*)")
LEADER_TITLE = re.compile(r"^(?:Giám đốc|Lãnh đạo)\s+")
LEADERSHIP = re.compile(r"(?:(?:Đảng ủy|Đảng uỷ|Lãnh đạo|Ban Giám đốc|Giám đốc|Thường trực|Ban Thường vụ|"
                        r"Ban Chấp hành|Công đoàn|Đoàn Thanh niên)\s*(?:,|và)?\s*)+$")
THEME_TAIL = re.compile(r"\s+với chủ đề(?: thi đua)?$")
MOTTO_OR_NUMBER = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|SỐ\s*:)", re.IGNORECASE)
RULE_LINE = re.compile(r"[-_=]+")
# "ỦY BAN NHÂN DÂN" / "TỈNH HÀ GIANG": the second line of one body printed on two lines.
LOCALITY_LINE = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)\b")
