"""Where a project keeps its data, and the grammar of a decree's number: the constants the
validator, the schema check's callers and the importer must agree on, in one small module.
"""
from __future__ import annotations

import re

CAMPAIGNS = "campaigns"
TITLE_SLUG_MAX = 60
# A slug is one path segment: file systems refuse names over 255 bytes, readers long URLs.
SLUG_MAX = 80
# Slugs that would shadow a page the portal itself writes at the same address.
RESERVED_SLUGS = {"index"}
UNITS = "campaigns/units.yml"
THEMES = "campaigns/themes.yml"
MOVEMENTS = "campaigns/movements.yml"
HONOURS = "campaigns/honours"

# Phụ lục III, Nghị định 30/2020/NĐ-CP, plus the non-standard "PD" of PHÁT ĐỘNG decrees.
TYPE_CODES = {
    "KH": "kế hoạch", "CT": "chỉ thị", "QĐ": "quyết định", "NQ": "nghị quyết", "TB": "thông báo",
    "HD": "hướng dẫn", "CTr": "chương trình", "PA": "phương án", "ĐA": "đề án", "BC": "báo cáo",
    "QC": "quy chế", "QyĐ": "quy định", "TC": "thông cáo", "TTr": "tờ trình", "CĐ": "công điện",
    "PD": "phát động",
}


_SYMBOL = re.compile(r"^[^/]+/(?:\d{4}/)?(.+)$")  # 10/2020/NĐ-CP: the year is not the symbol


def symbol_of(number: str) -> str | None:
    """ "173/PD-SKHĐT" -> "PD-SKHĐT" """
    match = _SYMBOL.match(number)
    return match.group(1) if match else None
