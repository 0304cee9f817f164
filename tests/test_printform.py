"""The print header's lines (thidua.printform): the number and date as the decree prints them,
blank where the source leaves them blank."""
from __future__ import annotations

from thidua import printform
from thidua.dates import parse
from thidua.validate import validate_project

from conftest import ROOT

B = printform.BLANK


def test_dates_are_written_as_decrees_write_them():
    assert printform.date_text(parse("2023-01-31")) == "ngày 31 tháng 01 năm 2023"
    assert printform.date_text(parse("2018-03-07")) == "ngày 07 tháng 3 năm 2018"
    assert printform.date_text(parse("2024-11")) == f"ngày {B} tháng 11 năm 2024"
    assert printform.date_text(parse("2024")) == f"ngày {B} tháng {B} năm 2024"


def test_bundled_decrees_print_their_number_and_date_lines():
    portal, problems = validate_project(ROOT)
    assert problems == []
    lines = {c.slug: printform.header(c, portal) for c in portal.campaigns}
    assert lines["173-pd-skhdt"]["number"] == "Số: 173/PD-SKHĐT"
    assert lines["173-pd-skhdt"]["date"] == "Lạng Sơn, ngày 31 tháng 01 năm 2023"
    assert lines["173-pd-skhdt"]["governing"] == "Ủy ban nhân dân tỉnh Lạng Sơn"
    kon_tum = lines["so-gtvt-kon-tum-phat-dong-thi-dua-2024"]
    assert kon_tum["number"] == f"Số: {B}/KH-SGTVT"
    assert kon_tum["date"] == f"Kon Tum, ngày {B} tháng {B} năm 2024"
    # No number, no symbol, no place: the blanks alone.
    assert lines["ubnd-lang-son-thi-dua-cao-diem-2019"]["number"] == f"Số: {B}"
    assert lines["ubnd-lang-son-thi-dua-cao-diem-2019"]["date"] == f"ngày {B} tháng {B} năm 2019"
    # The province's people's committee governs itself: no body above it in the registry.
    assert lines["ubnd-lang-son-thi-dua-cao-diem-2019"]["governing"] is None
