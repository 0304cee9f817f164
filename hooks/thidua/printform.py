"""The decree as issued, for print: the header block of Nghị định 30/2020/NĐ-CP, Phụ lục I.

Left column: the governing body (cơ quan chủ quản) over the issuing body, then "Số: …". Right
column: the national motto over "<Place>, ngày … tháng … năm …". A number or date the decree
leaves blank is printed blank, as the signed copy shows it before the clerk fills it in.
"""
from __future__ import annotations

from .dates import PartialDate
from .model import Campaign, Portal

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
# A blank the clerk fills by hand; the template keeps the spaces (white-space: pre-wrap).
BLANK = "      "


def number_line(campaign: Campaign) -> str:
    """ "Số: 173/PD-SKHĐT"; "Số:       /KH-SGTVT" when the number is not yet assigned."""
    if campaign.number:
        return f"Số: {campaign.number}"
    symbol = campaign.data.get("symbol")
    return f"Số: {BLANK}/{symbol}" if symbol else f"Số: {BLANK}"


def date_text(date: PartialDate) -> str:
    """ "ngày 31 tháng 01 năm 2023"; the unknown parts blank: "ngày       tháng       năm 2024"."""
    day = f"{date.day:02d}" if date.day is not None else BLANK
    if date.month is None:
        month = BLANK
    else:
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {day} tháng {month} năm {date.year}"


def date_line(campaign: Campaign) -> str:
    place = campaign.data.get("place")
    text = date_text(campaign.issued)
    return f"{place}, {text}" if place else text


def header(campaign: Campaign, portal: Portal) -> dict:
    """What the print header shows, top to bottom in each column."""
    issuer = campaign.issuer
    parent = portal.units.get(issuer.parent) if issuer.parent else None
    return {
        "governing": parent.name if parent else None,
        "issuer": issuer.name,
        "number": number_line(campaign),
        "motto": MOTTO,
        "motto_sub": MOTTO_SUB,
        "date": date_line(campaign),
    }
