"""Publishing like an official portal, checked on one real build of the bundled content: feeds per
listing, share cards, schema.org JSON-LD, the sitemap's dates, robots.txt, page weight."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import schemaorg
from conftest import ROOT

SECTION = "trang-thong-tin-dien-tu"
A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEEDS = f"{SECTION}/nguon-tin"
PAGE_BUDGET = 60 * 1024


class Head(HTMLParser):
    """<meta>, <link> and JSON-LD blocks of a page, with attribute values unescaped."""

    def __init__(self, text: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list = []
        self._in_jsonld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_jsonld = False


def html_pages(site: Path) -> list[Path]:
    # Redirect stubs, the 404 page and the editors' admin page (/quan-tri/, noindex) are not
    # pages a reader shares or a crawler indexes.
    return [p for p in sorted(site.rglob("*.html"))
            if p.name != "404.html" and not p.relative_to(site).as_posix().startswith("quan-tri/")
            and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


def url_of(site: Path, html_file: Path) -> str:
    rel = html_file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def atom_problems(path: Path) -> list[str]:
    """RFC 4287's required elements: feed id/title/updated/author-or-entry-authors, entry id/title/updated, link."""
    root = ET.parse(path).getroot()
    found = []
    if root.tag != A + "feed":
        return [f"{path}: root is {root.tag}"]
    for name in ("id", "title", "updated"):
        if root.find(A + name) is None or not (root.find(A + name).text or "").strip():
            found.append(f"{path}: feed without {name}")
    if not [l for l in root.findall(A + "link") if l.get("rel") == "self"]:
        found.append(f"{path}: no self link")
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
    if not stamp.match(root.find(A + "updated").text):
        found.append(f"{path}: updated is not RFC 3339")
    ids = []
    for entry in root.findall(A + "entry"):
        for name in ("id", "title", "updated"):
            if entry.find(A + name) is None:
                found.append(f"{path}: entry without {name}")
        if entry.find(A + "author/" + A + "name") is None:
            found.append(f"{path}: entry without author")
        if entry.find(A + "link") is None and entry.find(A + "content") is None:
            found.append(f"{path}: entry without link or content")
        if not stamp.match(entry.find(A + "updated").text):
            found.append(f"{path}: entry updated is not RFC 3339")
        ids.append(entry.find(A + "id").text)
    if len(ids) != len(set(ids)):
        found.append(f"{path}: duplicate entry ids")
    return found


# --- feeds ---------------------------------------------------------------------------------------

def test_every_feed_is_valid_atom(built_site):
    feeds = sorted((built_site / FEEDS).glob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    assert len(feeds) > 20
    assert [p for f in feeds for p in atom_problems(f)] == []


def test_every_unit_theme_movement_and_year_page_links_its_own_feed(built_site):
    checked = 0
    for segment in ("don-vi", "chu-de", "phong-trao", "nam"):
        for html_file in sorted((built_site / SECTION / segment).glob("*/index.html")):
            head = Head(html_file.read_text(encoding="utf-8"))
            feeds = [l for l in head.links if l.get("rel") == "alternate" and l.get("type") == "application/atom+xml"]
            assert len(feeds) == 1, html_file
            target = (html_file.parent / feeds[0]["href"]).resolve()
            assert target.is_file(), (html_file, feeds[0]["href"])
            root = ET.parse(target).getroot()
            # The feed follows this very page.
            alternate = [l.get("href") for l in root.findall(A + "link") if l.get("rel") == "alternate"]
            assert alternate[0].endswith("/" + url_of(built_site, html_file)), (alternate, html_file)
            assert 'type="application/atom+xml"' in html_file.read_text(encoding="utf-8").split("</head>")[1]
            checked += 1
    assert checked >= 20


def test_a_unit_feed_carries_exactly_its_decrees(built_site):
    root = ET.parse(built_site / FEEDS / "don-vi-so-khdt-lang-son.xml").getroot()
    assert root.find(A + "title").text == "Đơn vị: Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"
    entries = root.findall(A + "entry")
    assert [e.find(A + "title").text for e in entries] == [
        "173/PD-SKHĐT: Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023"]
    assert entries[0].find(A + "id").text.endswith(f"{SECTION}/van-ban/2023/173-pd-skhdt/")
    assert entries[0].find(A + "published").text == "2023-01-31T00:00:00Z"
    assert root.find(A + "updated").text == "2023-01-31T00:00:00Z"
    year = ET.parse(built_site / FEEDS / "nam-2019.xml").getroot()
    assert len(year.findall(A + "entry")) == 1


def test_an_entry_has_the_same_id_in_every_feed(built_site):
    ids: dict[str, set[str]] = {}
    for feed in (built_site / FEEDS).glob("*.xml"):
        if feed.name == "sitemap.xml":
            continue
        for entry in ET.parse(feed).getroot().findall(A + "entry"):
            link = entry.find(A + "link").get("href")
            ids.setdefault(link, set()).add(entry.find(A + "id").text)
    assert ids and all(len(v) == 1 for v in ids.values()), ids


def test_archive_home_and_honours_have_feeds_and_only_existing_ones_are_linked(built_site):
    for url, feed in [(f"{SECTION}/van-ban/", "van-ban.xml"), (f"{SECTION}/", "van-ban.xml"),
                      (f"{SECTION}/khen-thuong/", "khen-thuong.xml")]:
        head = Head((built_site / url / "index.html").read_text(encoding="utf-8"))
        assert [l["href"].rsplit("/", 1)[1] for l in head.links if l.get("rel") == "alternate"] == [feed], url
    honours = ET.parse(built_site / FEEDS / "khen-thuong.xml").getroot()
    assert atom_problems(built_site / FEEDS / "khen-thuong.xml") == []
    # One entry per honoured collective of the real decisions bundled in campaigns/honours/.
    bundled = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["honours"])
                  for p in (ROOT / "campaigns/honours").glob("*.yml"))
    entries = honours.findall(A + "entry")
    assert bundled and len(entries) == bundled
    assert any("Quyết định số 736/QĐ-TTg" in (e.find(A + "summary").text or "") for e in entries)
    for html_file in html_pages(built_site):
        for link in Head(html_file.read_text(encoding="utf-8")).links:
            if link.get("rel") == "alternate":
                assert (html_file.parent / link["href"]).resolve().is_file(), (html_file, link)
                # Material fetches sitemap.xml beside every rel=alternate target.
                assert ((html_file.parent / link["href"]).resolve().parent / "sitemap.xml").is_file()


def test_the_feeds_sitemap_lists_every_feed(built_site):
    root = ET.parse(built_site / FEEDS / "sitemap.xml").getroot()
    listed = {u.find(SM + "loc").text.rsplit("/", 1)[1] for u in root.findall(SM + "url")}
    written = {f.name for f in (built_site / FEEDS).glob("*.xml")} - {"sitemap.xml"}
    assert listed == written


# --- share cards ---------------------------------------------------------------------------------

def test_every_page_has_a_share_card_with_the_sites_own_image(built_site):
    for html_file in html_pages(built_site):
        head = Head(html_file.read_text(encoding="utf-8"))
        for key in ("og:title", "og:description", "og:image", "og:url", "og:type", "twitter:card"):
            assert head.meta.get(key) and head.meta[key][0], (html_file, key)
        image = head.meta["og:image"][0]
        assert image == "http://127.0.0.1:8000/assets/thidua-share.png", image
    png = (built_site / "assets/thidua-share.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_a_decree_card_has_number_title_issuer_and_date(built_site):
    head = Head((built_site / SECTION / "van-ban/2023/173-pd-skhdt/index.html").read_text(encoding="utf-8"))
    assert head.meta["og:title"] == ["173/PD-SKHĐT: Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023"]
    assert head.meta["og:description"] == ["Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn — Lạng Sơn, ngày 31 tháng 01 năm 2023"]
    assert head.meta["og:type"] == ["article"]
    blank = Head((built_site / SECTION / "van-ban/2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024/index.html").read_text(encoding="utf-8"))
    assert blank.meta["og:description"] == ["Sở Giao thông vận tải tỉnh Kon Tum — Kon Tum, năm 2024 (chưa ghi ngày)"]


# --- structured data -----------------------------------------------------------------------------

def test_every_page_has_a_breadcrumb_list_that_fits_schema_org(built_site):
    for html_file in html_pages(built_site):
        head = Head(html_file.read_text(encoding="utf-8"))
        lists = [j for j in head.jsonld if j.get("@type") == "BreadcrumbList"]
        assert len(lists) == 1, html_file
        assert schemaorg.problems(lists[0]) == [], html_file
        items = lists[0]["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert items[0]["item"] == "http://127.0.0.1:8000/"
        assert items[-1]["item"] == "http://127.0.0.1:8000/" + url_of(built_site, html_file)


def test_decree_pages_are_legislation_in_schema_org_terms(built_site):
    decrees = sorted((built_site / SECTION / "van-ban").glob("*/*/index.html"))
    decrees = [d for d in decrees if d in html_pages(built_site)]
    assert len(decrees) == 5
    for html_file in decrees:
        laws = [j for j in Head(html_file.read_text(encoding="utf-8")).jsonld if j.get("@type") == "Legislation"]
        assert len(laws) == 1, html_file
        assert schemaorg.problems(laws[0]) == [], html_file
        assert laws[0]["legislationPassedBy"]["@type"] == "GovernmentOrganization"
    law = [j for j in Head((built_site / SECTION / "van-ban/2023/173-pd-skhdt/index.html").read_text(encoding="utf-8")).jsonld
           if j["@type"] == "Legislation"][0]
    assert law["legislationIdentifier"] == "173/PD-SKHĐT"
    assert law["legislationDate"] == "2023-01-31"
    assert law["legislationPassedBy"]["name"] == "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"
    assert law["about"]["@type"] == "Thing" and law["about"]["url"].endswith("/chu-de/siet-chat-ky-cuong-sang-tao-but-pha/")
    unnumbered = [j for j in Head((built_site / SECTION / "van-ban/2019/ubnd-lang-son-thi-dua-cao-diem-2019/index.html")
                                  .read_text(encoding="utf-8")).jsonld if j["@type"] == "Legislation"][0]
    assert "legislationIdentifier" not in unnumbered and unnumbered["legislationDate"] == "2019"


def test_the_vocabulary_check_refuses_what_schema_org_does_not_define():
    assert schemaorg.problems({"@context": "https://schema.org", "@type": "Legislation", "legislationNumber": "1"})
    assert schemaorg.problems({"@context": "https://schema.org", "@type": "Decree", "name": "x"})
    assert schemaorg.problems({"@context": "https://schema.org", "@type": "ListItem", "legislationDate": "2023"})
    assert schemaorg.problems({"@context": "https://schema.org", "@type": "Legislation",
                               "legislationPassedBy": {"@type": "Place", "name": "x"}})
    assert schemaorg.problems({"@context": "https://schema.org", "@type": "Legislation", "about": "chủ đề"})


# --- sitemap, robots.txt -------------------------------------------------------------------------

def test_sitemap_dates_come_from_the_records(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    lastmod = {u.find(SM + "loc").text.replace("http://127.0.0.1:8000/", ""): (u.find(SM + "lastmod").text if u.find(SM + "lastmod") is not None else None)
               for u in root.findall(SM + "url")}
    assert lastmod[f"{SECTION}/van-ban/2023/173-pd-skhdt/"] == "2023-01-31"
    # Date left blank: the lower bound read from what it cites.
    assert lastmod[f"{SECTION}/van-ban/2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024/"] == "2024-08-07"
    assert lastmod[f"{SECTION}/don-vi/so-tttt-lang-son/"] == "2018-03-27"
    assert lastmod[f"{SECTION}/"] == "2024-08-07"
    # Hand-written pages have no record behind them: no date rather than the build's clock.
    assert lastmod[""] is None and lastmod["huong-dan-bien-tap/"] is None
    import gzip
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_robots_txt_points_to_the_sitemaps(built_site):
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert f"Sitemap: http://127.0.0.1:8000/{FEEDS}/sitemap.xml" in lines
    assert lines[0] == "User-agent: *"


# --- weight --------------------------------------------------------------------------------------

def test_every_page_is_within_60_kb(built_site):
    # Decrees' search entries (up to ~20 KB of phrase keys) go to the index only, not to readers
    # (hooks/thidua/searchindex.py, take_entry); the editors' error table is a page of its own.
    over = {url_of(built_site, p): p.stat().st_size for p in html_pages(built_site) if p.stat().st_size > PAGE_BUDGET}
    assert over == {}, over


def test_publishing_adds_at_most_5_kb_to_a_decree_page(built_site):
    text = (built_site / SECTION / "van-ban/2023/173-pd-skhdt/index.html").read_text(encoding="utf-8")
    parts = re.findall(r'<meta property="og:[^>]*>|<meta name="twitter:[^>]*>|<script type="application/ld\+json">.*?</script>'
                       r'|<div class="td-print-only td-issued-header.*?(?=<header class="td-decree__head)'
                       r'|<div class="td-print-only td-issued-recipients.*?</ul>', text, re.S)
    assert len(parts) == 15, [p[:40] for p in parts]  # 10 og:, 1 twitter:, 2 JSON-LD, 2 print blocks
    assert sum(len(p.encode()) for p in parts) <= 5 * 1024
