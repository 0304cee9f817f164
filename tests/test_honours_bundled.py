"""The real commendation decisions bundled in campaigns/honours/: each validated by the real
strict build and shown on the page of every collective it honours, with its source."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from sitebuild import SECTION

DECISIONS = sorted((ROOT / "campaigns/honours").glob("*.yml"))


def test_at_least_eight_real_decisions_each_with_a_source_address():
    assert len(DECISIONS) >= 8
    for path in DECISIONS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["source_url"].startswith(("https://", "http://")), path
        assert all("unit" in item for item in data["honours"]), f"{path}: collectives only"


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.stem)
def test_every_honoured_collective_page_shows_the_decision(built_site, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["honours"]:
        page = (built_site / SECTION / "don-vi" / item["unit"] / "index.html").read_text(encoding="utf-8")
        section = page[page.index('id="khen-thuong"'):]
        number = data["decision"].get("number")
        if number:
            assert f"Quyết định số {number}" in section
        assert f'href="{html.escape(data["source_url"])}"' in section
        assert html.escape(item.get("detail") or item.get("form") or item.get("title")) in section
        if "reason" in item:
            assert html.escape(item["reason"]) in section


def test_a_unit_page_shows_what_it_received(built_site):
    page = (built_site / SECTION / "don-vi/so-nnptnt-binh-phuoc/index.html").read_text(encoding="utf-8")
    section = page[page.index('id="khen-thuong"'):page.index("</article>")]
    assert "Khen thưởng (1)" in section and "Năm 2008" in section
    assert "Cờ thi đua của Chính phủ" in section and "736/QĐ-TTg" in section
    assert "9/6/2008" in section
    # The conferring authority is a national unit with its own page, not a province's.
    assert '../thu-tuong-chinh-phu/' in section


def test_the_honoured_units_listing_is_no_longer_empty(built_site):
    page = (built_site / SECTION / "khen-thuong/index.html").read_text(encoding="utf-8")
    assert "Chưa có quyết định khen thưởng nào" not in page
    assert "Báo Nghệ An" in page and "Sở Giao thông vận tải tỉnh Tuyên Quang" in page


def test_a_decision_without_number_says_so_plainly(built_site):
    page = (built_site / SECTION / "don-vi/nhan-dan-can-bo-xa-phuoc-ninh/index.html").read_text(encoding="utf-8")
    section = page[page.index('id="khen-thuong"'):page.index("</article>")]
    assert "Quyết định ngày 13/5/2021" in " ".join(section.split())
    assert "số None" not in section and "tổng kết" not in section
