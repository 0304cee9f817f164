"""Dates and document numbers as Vietnamese decrees print them, found inside running text.

thidua.dates parses the ISO forms stored in records; this module only recognises the printed forms
("ngày 27 tháng 3 năm 2018", "24 /01/2021", "ngày tháng năm 2024") and turns them into those ISO
strings, partial when the source leaves day or month blank.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import dates

# "ngày 05 tháng 01 năm 2023", with blanks allowed for day and month (templates not yet dated).
LONG_DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.IGNORECASE)
# Either form above, or "07/01/2021", "24 /01/2021" (capture spacing kept in the seeds),
# "7-1-2021", "07.01.2021".
ANY_DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
    r"|(?<![\d/])(?P<d2>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4})(?!\d)",
    re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    iso: str  # "2018-03-27", "2024-03" or "2024"
    start: int
    end: int
    partial: bool


def iso_date(day: str | None, month: str | None, year: str) -> str | None:
    """ISO date from printed parts; None when the parts cannot be a calendar date."""
    iso = f"{int(year):04d}"
    if month:
        iso += f"-{int(month):02d}"
        if day:
            iso += f"-{int(day):02d}"
    try:
        dates.parse(iso)
    except dates.DateError:
        return None
    return iso


def find_dates(text: str) -> list[FoundDate]:
    """Every printed date in text, in order."""
    out = []
    for match in ANY_DATE.finditer(text):
        g = match.groupdict()
        if g.get("y"):
            day, month, year = g.get("d"), g.get("m"), g["y"]
        else:
            day, month, year = g["d2"], g["m2"], g["y2"]
        iso = iso_date(day, month, year)
        if iso:
            out.append(FoundDate(iso, match.start(), match.end(), len(iso) < 10))
    return out


def first_date(text: str) -> FoundDate | None:
    found = find_dates(text)
    return found[0] if found else None


# Số ký hiệu grammars, as the bundled decrees cite them: "02/CT-UBND", "382a/QĐ-UBND", "10/2020/NĐ-CP", "34-CT/TW",
# "1877-QĐ/TU", "238/UBND-KGVX", "173 /PD-SKHĐT" (spaces dropped when canonicalised).
_CODE = r"[A-ZĐÂĂÊÔƠƯ][A-Za-zĐđÂĂÊÔƠƯâăêôơư&]*"
NUMBER = re.compile(
    r"(?<![\w/])(?:\d+[a-z]?\s*/\s*\d{4}\s*/\s*" + _CODE + r"(?:-" + _CODE + r")*"
    r"|\d+[a-z]?\s*/\s*" + _CODE + r"(?:-" + _CODE + r")+"
    r"|\d+[a-z]?-" + _CODE + r"\s*/\s*" + _CODE + r"(?:-" + _CODE + r")*)")


def canonical_number(printed: str) -> str:
    """Canonical số ký hiệu: all spaces removed, case as printed ("173 /PD-SKHĐT" → "173/PD-SKHĐT")."""
    return re.sub(r"\s+", "", printed).strip(".,;:")
