"""Dates as decrees print them: full, or partial when the source leaves day or month blank."""
from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# The portal publishes the decrees of the Vietnamese state and what they cite; none is older
# than this. Year 0 would also crash Python's date arithmetic.
MIN_YEAR = 1900


class DateError(ValueError):
    """Carries a bilingual message; the caller knows the file, line and field."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass(frozen=True)
class PartialDate:
    """A date of which only the year, or year and month, may be known. Orders chronologically,
    an unknown month or day sorting before the known ones of the same year/month."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> _dt.date | None:
        return _dt.date(self.year, self.month, self.day) if self.is_full else None

    def earliest(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        """Last day the date can mean: "2024-02" ends on 29 February, "2021" on 31 December."""
        if self.day is not None:
            return _dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return _dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def before(self, other: "PartialDate") -> bool:
        """Certainly before `other`: every day this can mean precedes every day `other` can."""
        return self.latest() < other.earliest()

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self._key() < other._key()

    def __le__(self, other: "PartialDate") -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: "PartialDate") -> bool:
        return self._key() > other._key()

    def __ge__(self, other: "PartialDate") -> bool:
        return self._key() >= other._key()


def parse(text: str, *, allow_partial: bool = True) -> PartialDate:
    """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; reject impossible dates such as 2024-02-31."""
    if isinstance(text, str):
        return _parse_text(text, allow_partial)
    return _parse(text, allow_partial)


@functools.lru_cache(maxsize=16384)
def _parse_text(text: str, allow_partial: bool) -> PartialDate:
    # Thousands of records share a few hundred dates, parsed on every build (0.1 s at 10,000
    # records); a PartialDate is immutable, so one object serves them all. Errors are not cached.
    return _parse(text, allow_partial)


def _parse(text, allow_partial: bool) -> PartialDate:
    match = _ISO.fullmatch(str(text).strip())
    if not match:
        raise DateError(
            f"“{text}” không phải ngày dạng YYYY-MM-DD"
            + (", YYYY-MM hoặc YYYY" if allow_partial else ""),
            f"“{text}” is not a date of the form YYYY-MM-DD"
            + (", YYYY-MM or YYYY" if allow_partial else ""),
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < MIN_YEAR:
        raise DateError(f"năm {year} không hợp lệ trong “{text}”", f"year {year} is not valid in “{text}”")
    if not allow_partial and day is None:
        raise DateError(
            f"“{text}” phải là ngày đầy đủ YYYY-MM-DD",
            f"“{text}” must be a full date YYYY-MM-DD",
        )
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"tháng {month} không tồn tại trong “{text}”", f"month {month} does not exist in “{text}”")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise DateError(
                f"ngày {day}/{month}/{year} không tồn tại (tháng {month} năm {year} không có ngày {day})",
                f"{text} is not a real date (month {month} of {year} has no day {day})",
            ) from None
    return PartialDate(year, month, day)


def format_vn(date: PartialDate) -> str:
    """As a decree's date line writes it: "ngày 05 tháng 01 năm 2023" (Nghị định 30/2020/NĐ-CP:
    leading zero for days below 10 and for months 1 and 2)."""
    if date.month is None:
        return f"năm {date.year}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    if date.day is None:
        return f"tháng {month} năm {date.year}"
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def format_short(date: PartialDate) -> str:
    """Compact form for listings: "27/3/2018", "3/2018", "2018"."""
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{date.month}/{date.year}"
    return f"{date.day}/{date.month}/{date.year}"
