"""The real site, built once for this module from the seeds plus the fictional fixture set."""
from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from fixtures import fictional
from sitebuild import SECTION, Page, build, copy_project
from thidua import listings
from thidua.validate import validate_project
from thidua.vntext import fold


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("listings"))
    fixture = fictional.write(root)
    result = build(root)
    assert result.returncode == 0, result.output
    portal, problems = validate_project(root)
    assert not problems
    return result, fixture, portal


def listing(result, first_url: str, within: str) -> list[list[tuple[str, str]]]:
    """Links inside `within` on every page of a paginated listing, page by page."""
    pages, url = [], first_url
    while url:
        page = result.page(url)
        pages.append(page.links(within))
        nexts = [href for href, label in page.links("td-pager") if label.startswith("Trang sau")]
        url = nexts[0] if nexts else None
    return pages


def flat(pages):
    return [link for page in pages for link in page]


def index_entries(result, segment: str) -> list[tuple[str, str]]:
    return flat(listing(result, f"{SECTION}/{segment}/", "td-terms"))


def campaign_links(result, first_url: str) -> list[list[str]]:
    return [[href for href, _ in page if "/van-ban/" in href]
            for page in listing(result, first_url, "td-campaigns")]


def test_build_is_strict_and_clean(built):
    result, _, _ = built
    assert "WARNING" not in result.output


def test_seeds_sharing_a_slogan_have_one_theme_page(built):
    result, _, portal = built
    sharing = [c for c in portal.campaigns if "siet chat ky cuong" in fold(c.data.get("theme", ""))]
    assert len(sharing) == 2
    entries = [(url, name) for url, name in index_entries(result, "chu-de") if "siet chat ky cuong" in fold(name)]
    assert len(entries) == 1
    url, name = entries[0]
    assert "bứt phá" in name  # the registry's spelling, not the sources' typo
    listed = flat(campaign_links(result, url))
    assert sorted(listed) == sorted(c.url for c in sharing)
    assert "bút phá" in result.page(url).text()  # the printed spelling is noted


def test_one_theme_page_for_every_spelling_of_a_theme(built):
    result, fixture, _ = built
    entries = [url for url, name in index_entries(result, "chu-de") if name == fictional.THEME_NAME]
    assert len(entries) == 1
    themed = [r for r in fixture.records if r.theme]
    assert len(set(r.theme for r in themed)) > 1
    assert sorted(flat(campaign_links(result, entries[0]))) == sorted(r.url for r in themed)
    assert fictional.THEME_TYPO in result.page(entries[0]).text()


def test_term_pages_paginate_newest_first_at_stable_urls(built):
    result, fixture, _ = built
    url = [u for u, name in index_entries(result, "chu-de") if name == fictional.THEME_NAME][0]
    themed = sorted((r for r in fixture.records if r.theme), key=lambda r: r.issued, reverse=True)
    pages = campaign_links(result, url)
    assert len(pages) == math.ceil(len(themed) / listings.PAGE_SIZE) > 2
    assert [len(p) for p in pages[:-1]] == [listings.PAGE_SIZE] * (len(pages) - 1)
    assert flat(pages) == [r.url for r in themed]
    assert (result.site / url / f"trang-{len(pages)}" / "index.html").exists()
    assert not (result.site / url / f"trang-{len(pages) + 1}").exists()
    pager = dict((label, href) for href, label in result.page(f"{url}trang-2/").links("td-pager"))
    assert pager["← Trang trước"] == url and pager["Trang sau →"] == f"{url}trang-3/"


def test_units_sort_in_vietnamese_order(built):
    result, _, _ = built
    names = [name for _, name in index_entries(result, "don-vi")]
    teams = [name for name in names if name in fictional.TEAMS_IN_ORDER]
    assert teams == fictional.TEAMS_IN_ORDER  # Anh < Ân, Dương < Đà Lạt < Gia Lai
    assert names.index("Sở Xây dựng tỉnh Quảng Ngãi") < names.index("Ủy ban nhân dân tỉnh Hư Cấu")


def test_honoured_units_index_counts_and_order(built):
    result, fixture, portal = built
    entries = index_entries(result, "khen-thuong")
    # The fictional decisions and the real ones bundled in campaigns/honours/.
    counts = Counter(h.unit.id for h in portal.honours)
    assert Counter(h.unit_id for h in fixture.honours) <= counts
    names = [name for _, name in entries]
    assert sorted(names) == sorted(portal.units[uid].name for uid in counts)
    assert [n for n in names if n in fictional.TEAMS_IN_ORDER] == [
        n for n in fictional.TEAMS_IN_ORDER if any(portal.units[u].name == n for u in counts)]
    text = result.page(f"{SECTION}/khen-thuong/").text()
    for uid, count in counts.items():
        assert f"{portal.units[uid].name} {count} lượt khen thưởng" in text


def test_a_unit_named_by_two_aliases_has_one_page_with_all_its_honours(built):
    result, fixture, portal = built
    unit = portal.units["so-thu-nghiem-hu-cau"]
    names = [name for _, name in index_entries(result, "khen-thuong")]
    assert names.count(unit.name) == 1
    page = result.page(f"{SECTION}/don-vi/{unit.id}/")
    for decision in {h.decision for h in fixture.honours if h.unit_id == unit.id}:
        assert decision in page.text()
    # The same words in another province are another unit, honoured for nothing here.
    other = result.page(f"{SECTION}/don-vi/so-thu-nghiem-mong-mo/")
    assert "chưa đăng quyết định khen thưởng" in other.text()


def test_unit_page_groups_honours_by_year_newest_first_and_gathers_history(built):
    result, fixture, _ = built
    page = result.page(f"{SECTION}/don-vi/so-thu-nghiem-hu-cau/")
    years = [int(y) for y in re.findall(r'<h3 id="khen-thuong-(\d{4})"', page.content)]
    expected = sorted({h.year for h in fixture.honours if h.unit_id == "so-thu-nghiem-hu-cau"}, reverse=True)
    assert years == expected
    successor = f"{SECTION}/don-vi/so-mo-phong-hu-cau/"
    assert successor in [href for href, _ in page.links("td-history")]
    back = result.page(successor)
    assert f"{SECTION}/don-vi/so-thu-nghiem-hu-cau/" in [href for href, _ in back.links("td-history")]
    assert "chưa có văn bản" in back.text().lower()  # a successor with no decree of its own


def test_campaign_page_links_to_every_listing_it_is_in(built):
    result, fixture, portal = built
    honour = fixture.honours[0]
    campaign = next(c for c in portal.campaigns if f"{c.year}/{c.slug}" == honour.campaign)
    page = result.page(campaign.url)
    hrefs = {href for href, _ in page.links()}
    assert f"{SECTION}/don-vi/{campaign.issuer.id}/" in hrefs
    assert f"{SECTION}/nam/{campaign.year}/" in hrefs
    assert any(h.startswith(f"{SECTION}/phong-trao/") for h in hrefs)
    if campaign.data.get("theme"):
        assert any(h.startswith(f"{SECTION}/chu-de/") for h in hrefs)
    honoured = {f"{SECTION}/don-vi/{h.unit_id}/" for h in fixture.honours if h.campaign == honour.campaign}
    assert honoured <= {href for href, _ in page.links("td-campaign-honours")}


def test_movements_answered_in_different_words_share_a_page(built):
    result, fixture, portal = built
    entries = index_entries(result, "phong-trao")
    rural = [url for url, name in entries if "nong thon moi" in fold(name)]
    assert len(rural) == 1
    answering = [c.url for c in portal.campaigns
                 if any("chung suc xay dung nong thon moi" in fold(m) for m in c.data.get("movements", []))]
    assert len({fold(m) for c in portal.campaigns for m in c.data.get("movements", []) if "nong thon moi" in fold(m)}) > 2
    assert sorted(flat(campaign_links(result, rural[0]))) == sorted(answering)
    # An unregistered movement printed two ways is still one page.
    own = [url for url, name in entries if "thu nghiem du lieu" in fold(name)]
    assert len(own) == 1
    assert len(flat(campaign_links(result, own[0]))) == len(fixture.records)


def test_year_pages_list_exactly_that_year(built):
    result, _, portal = built
    for url, name in index_entries(result, "nam"):
        year = int(url.rstrip("/").rsplit("/", 1)[1])
        assert sorted(flat(campaign_links(result, url))) == sorted(c.url for c in portal.campaigns if c.year == year)
    assert [name for _, name in index_entries(result, "nam")] == [
        f"Năm {y}" for y in sorted({c.year for c in portal.campaigns}, reverse=True)]


def test_every_link_in_the_section_resolves(built):
    result, _, _ = built
    section = result.site / SECTION
    broken = []
    for path in section.rglob("index.html"):
        url = path.parent.relative_to(result.site).as_posix() + "/"
        if "<meta http-equiv=\"refresh\"" in path.read_text(encoding="utf-8"):
            continue
        for href, _ in Page(url, path.read_text(encoding="utf-8")).links():
            target = result.site / href
            if not (target / "index.html").exists() and not target.is_file():
                broken.append((url, href))
    assert not broken


def test_navigation_holds_sections_not_records(built):
    result, _, portal = built
    page = result.page(portal.campaigns[0].url)
    nav = page.html[page.html.find('md-nav--primary'):page.html.find('md-sidebar--secondary')]
    assert "/van-ban/20" not in nav and "/don-vi/" in nav


def test_section_home_shows_bounded_extracts_of_every_listing(built):
    result, _, portal = built
    page = result.page(f"{SECTION}/")
    hrefs = [href for href, _ in page.links()]
    decrees = [h for h in hrefs if re.search(r"/van-ban/\d{4}/", h)]
    assert len(set(decrees)) <= listings.HOME_LATEST + listings.HOME_IN_PROGRESS < len(portal.campaigns)
    for segment in ["chu-de", "phong-trao", "don-vi", "nam", "khen-thuong", "van-ban"]:
        assert f"{SECTION}/{segment}/" in hrefs
    periods = [c for c in portal.campaigns if (c.data.get("period") or {}).get("to")]
    assert len(re.findall(r"data-td-to=", page.html)) == min(len(periods), listings.HOME_IN_PROGRESS)
