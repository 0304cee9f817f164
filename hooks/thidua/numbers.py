"""The grammar of a số ký hiệu ("173/PD-SKHĐT", "10/2020/NĐ-CP", "382a/QĐ-UBND"), shared by the
schema check, the validator and the importer so that none of them imports another for it.

Nghị định 30/2020/NĐ-CP, Phụ lục III: the type codes; "PD" is the non-standard code PHÁT ĐỘNG decrees use.
"""
from __future__ import annotations

import re

# The canonical written form, as the JSON Schemas spell it (tests/test_numbers.py keeps every schema's
# "pattern" on this string): no spaces, no markup or quote characters.
CANONICAL_CORE = r"""[0-9]+[A-Za-z]{0,2}(/[0-9]{4})?[/-][^\s/<>"'`\\]+(/[^\s/<>"'`\\]+)*"""
CANONICAL = re.compile(f"^{CANONICAL_CORE}$")

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
