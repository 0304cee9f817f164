"""Markup in every value the publishing parts print — share cards, JSON-LD, the print header and
"Nơi nhận", feeds — stays text: escaped in HTML, valid JSON that cannot close its <script>, XML
text in feeds; and nothing runs in Chromium, printed or not."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, static_server
from test_hostile_build import HONOURS, MOVEMENT, P, PAYLOADS, RECORD, THEME, UNIT, _append, q
from test_publish import Head
from test_search_browser import CHROMIUM, CHROMIUM_ARGS

SECTION = "trang-thong-tin-dien-tu"
DECREE = f"{SECTION}/van-ban/2023/9-kh-sxd/index.html"
PARENT = f"""
- id: ubnd-doc-hai
  name: {q("Ủy ban Độc Hại " + P)}
  kind: ubnd-tinh
"""
TITLE = "Kế hoạch thi đua " + P


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile-publish") / "project")
    record = RECORD.replace("issued: 2023-05-04\n", "issued: 2023-05-04\neffective: 2023-05-04\n", 1)
    (root / "campaigns/2023/9-kh-sxd.md").write_text(record, encoding="utf-8")
    _append(root / "campaigns/units.yml", UNIT.replace("  code: SXD\n", "  code: SXD\n  parent: ubnd-doc-hai\n") + PARENT)
    _append(root / "campaigns/themes.yml", THEME)
    _append(root / "campaigns/movements.yml", MOVEMENT)
    (root / "campaigns/honours").mkdir(exist_ok=True)
    (root / "campaigns/honours/12-qd-sxd.yml").write_text(HONOURS, encoding="utf-8")
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


class Tags(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_share_card_values_are_attribute_text(site):
    head = Head((site / DECREE).read_text(encoding="utf-8"))
    assert head.meta["og:title"] == ["9/KH-SXD: " + TITLE]
    assert head.meta["og:description"][0].startswith("Sở Độc Hại " + P + " — Lạng Sơn " + P)


def test_jsonld_keeps_values_exact_and_cannot_close_its_script(site):
    text = (site / DECREE).read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert "<" not in block and ">" not in block  # "</script>" can never appear inside
    law = [json.loads(b) for b in blocks if '"Legislation"' in b][0]
    assert law["name"] == TITLE
    assert law["legislationPassedBy"]["name"] == "Sở Độc Hại " + P
    assert law["legislationPassedBy"]["parentOrganization"]["name"] == "Ủy ban Độc Hại " + P
    assert law["about"]["name"] == "Chủ đề chuẩn " + P
    crumbs = [json.loads(b) for b in blocks if "BreadcrumbList" in b][0]
    assert crumbs["itemListElement"][-1]["name"] == "9/KH-SXD: " + TITLE


def test_print_header_and_recipients_print_markup_as_text(site):
    text = (site / DECREE).read_text(encoding="utf-8")
    header = re.search(r'<div class="td-print-only td-issued-header".*?(?=<header class="td-decree__head)', text, re.S).group()
    recipients = re.search(r'<div class="td-print-only td-issued-recipients".*?</ul>', text, re.S).group()
    assert set(Tags(header).tags) == {"div", "p", "span"}
    assert set(Tags(recipients).tags) == {"div", "p", "ul", "li"}
    assert "SỞ ĐỘC HẠI &lt;IMG SRC=X ONERROR=" in header
    assert "ỦY BAN ĐỘC HẠI &lt;IMG" in header
    assert "Lạng Sơn &lt;img src=x onerror=" in header  # the place on the date line
    assert "- Lãnh đạo Sở &lt;img src=x" in recipients


def test_feeds_carry_the_values_as_xml_text(site):
    a = "{http://www.w3.org/2005/Atom}"
    for name in ("don-vi-so-doc-hai.xml", "van-ban.xml", "khen-thuong.xml"):
        root = ET.parse(site / SECTION / "nguon-tin" / name).getroot()
        assert root.findall(a + "entry"), name
    unit = ET.parse(site / SECTION / "nguon-tin/don-vi-so-doc-hai.xml").getroot()
    assert unit.find(a + "title").text == "Đơn vị: Sở Độc Hại " + P
    assert unit.find(f"{a}entry/{a}title").text == "9/KH-SXD: " + TITLE
    honours = ET.parse(site / SECTION / "nguon-tin/khen-thuong.xml").getroot()
    assert any(("Trần Thị B " + P) in e.find(a + "title").text for e in honours.findall(a + "entry"))
    for payload in PAYLOADS:
        assert payload not in (site / SECTION / "nguon-tin/don-vi-so-doc-hai.xml").read_text(encoding="utf-8")


def test_nothing_runs_when_the_hostile_decree_is_shown_and_printed(site):
    from playwright.sync_api import sync_playwright

    dialogs = []
    with static_server(site) as server:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for url in [DECREE, f"{SECTION}/don-vi/so-doc-hai/", f"{SECTION}/khen-thuong/"]:
                page.goto(f"{server}/{url}", wait_until="load")
                page.emulate_media(media="print")
                assert page.pdf()[:4] == b"%PDF"
                assert page.evaluate("window.__pwned") is None, url
                page.emulate_media(media="screen")
            browser.close()
    assert dialogs == []
