"""What a reader finds, read from the result list as the browser draws it: the decree itself before
the site's own pages, full-text hits below metadata hits without a click, words standing together
before scattered ones, listings first only when they gather two matching decrees, filter counts of
these results, and marks on whole query words only.

The same fixture build as tests/test_search_browser.py (the bundled decrees of campaigns/ plus
tests/fixtures/search/); every query is written from the decrees' own text.
"""
from __future__ import annotations

import pytest

from test_search_browser import (  # noqa: F401  (pytest fixtures)
    F_CT, F_STN, F_VH, S000, S001, S002, S003, S004, SECTION, Y_2018, browser, open_filters, search,
    server, site,
)
from thidua.vntext import fold

L = "/trang-thong-tin-dien-tu/"
M_NTM = L + "phong-trao/chung-suc-xay-dung-nong-thon-moi/"
# The site's own pages: the section home and the indexes of every listing, the schema page.
CHROME = {L, L + "van-ban/", L + "phong-trao/", L + "chu-de/", L + "don-vi/", L + "nam/",
          L + "khen-thuong/", L + "schema/"}


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(server + L)
    yield tab
    context.close()


def drawn(page) -> list[dict]:
    """The result list as drawn: each option's path, title, meta line and marked words."""
    return page.eval_on_selector_all(
        "[role=listbox] [role=option]",
        """els => els.map(a => ({
             href: a.getAttribute('href'),
             title: a.querySelector('h1').textContent,
             meta: [...a.querySelectorAll('.thidua-search__meta span')].map(s => s.textContent),
             marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}))""")


def path(href: str) -> str:
    return href.split(SECTION, 1)[1] if SECTION in href else href


# --- the site's own pages ---------------------------------------------------------------------------

def test_a_movement_phrase_lists_the_movement_and_its_decrees_never_the_site_pages(page):
    # campaigns/movements.yml, "Cả nước chung sức xây dựng nông thôn mới", printed by 2021, 2023, 2024.
    results = search(page, "chung sức xây dựng nông thôn mới")
    assert not CHROME & set(results), results
    assert results[0] == M_NTM, results  # the movement gathers three matching decrees
    assert set(results[1:4]) == {S000, S001, S004}, results


def test_a_site_page_is_found_when_the_query_names_it(page):
    results = search(page, "Phong trào thi đua")
    assert results[0] == L + "phong-trao/", results[:3]


def test_site_pages_never_stand_above_a_decree(page):
    results = search(page, "văn bản")
    chrome = [i for i, r in enumerate(results) if r in CHROME]
    decrees = [i for i, r in enumerate(results) if r.count("/") == 2 and not r.startswith("/")]
    assert decrees, results
    assert all(i > max(decrees) for i in chrome), results


# --- full text after metadata, no click -------------------------------------------------------------

def test_a_decree_quoting_a_units_name_follows_the_units_own_hits(page):
    # 02/CT-UBND (fixture) names "Sở Kế hoạch và Đầu tư" only in its text.
    results = search(page, "Sở Kế hoạch và Đầu tư")
    assert results[:2] == [S004, L + "don-vi/so-khdt-lang-son/"], results
    assert F_CT in results[2:], results
    assert not page.locator("[data-thidua-more]").is_visible()  # nothing waits behind a click


def test_the_fourth_decree_quoting_a_movement_only_in_its_text_is_listed(page):
    # 2019 (UBND Lạng Sơn) writes "tham gia xây dựng nông thôn mới" in its text; the other three
    # cite the movement in their metadata and come first.
    results = search(page, "xây dựng nông thôn mới")
    assert results[0] == M_NTM
    assert set(results[1:4]) == {S000, S001, S004}, results
    assert results[4] == S002, results


# --- words together, in order ------------------------------------------------------------------------

def test_a_place_written_together_beats_its_words_scattered(page):
    # 2021 builds "Đường Khuổi Lào – Yên Lỗ"; the fixture 294/KH-STN has "Khuổi", then "Lào Cai".
    results = search(page, "khuoi lao")
    assert S000 in results and F_STN in results, results
    assert results.index(S000) < results.index(F_STN), results


def test_a_quoted_query_is_an_exact_phrase(page):
    assert search(page, '"Khuổi Lào"') == [S000]
    scattered = search(page, "Lào Khuổi")
    assert S000 in scattered or F_STN in scattered  # unquoted, the words may stand anywhere
    assert search(page, '"Lào Khuổi"') == []


def test_words_together_rank_first_in_the_full_text_part(page):
    # "thuỷ lợi và văn hoá" stands as written only in 294/KH-STN.
    results = search(page, "thuỷ lợi và văn hoá")
    assert results and results[0] == F_STN, results


# --- listings ---------------------------------------------------------------------------------------

def test_a_year_gathering_one_matching_decree_comes_after_it(page):
    results = search(page, "2018")
    assert results[:2] == [S003, Y_2018], results


def test_a_listing_gathering_two_matching_decrees_comes_first(page):
    results = search(page, "nông thôn mới")
    assert results[0] == M_NTM, results


# --- what a result shows ----------------------------------------------------------------------------

def test_a_decree_without_number_shows_chua_ghi_so(page):
    search(page, "Đàm Phúc Tuyên")  # signer of the Kon Tum 2024 decree, printed "Số: /KH-SGTVT"
    first = drawn(page)[0]
    assert path(first["href"]) == S001
    assert first["meta"][0] == "Chưa ghi số", first
    assert not any("Số: /" in m for m in first["meta"])


def test_a_folded_query_marks_the_phrase_not_every_syllable(page):
    search(page, "van hoa")
    marks = [m for item in drawn(page) for m in item["marks"]]
    assert marks, "the phrase 'văn hóa' appears in the results and should be marked"
    for mark in marks:
        words = [w for w in fold(mark).replace(",", " ").replace(".", " ").split()]
        assert words == ["van", "hoa"], marks


def test_a_number_is_marked_as_one_word(page):
    search(page, "293/KH-STTTT")
    first = drawn(page)[0]
    assert "293/KH-STTTT" in first["marks"], first


# --- filters ----------------------------------------------------------------------------------------

def option_labels(page, facet: str) -> list[str]:
    return page.eval_on_selector(
        f'select[data-filter="{facet}"]',
        "s => [...s.options].filter(o => o.value && !o.hidden).map(o => o.textContent)")


def test_filter_counts_are_those_of_the_results(page):
    results = search(page, "khuoi lao")
    assert sorted(results) == sorted([S000, F_STN])
    open_filters(page)
    assert option_labels(page, "Năm") == ["2021 (1)", "2019 (1)"]
    page.locator("[data-thidua-filters] summary").click()


def test_the_theme_filter_shows_the_registry_name(page):
    search(page, "siết chặt kỷ cương")
    open_filters(page)
    labels = [label for label in option_labels(page, "Chủ đề") if label.startswith("Siết chặt")]
    assert len(labels) == 1 and labels[0].endswith("(2)"), labels  # 2021 and 2023: one theme
    title = page.eval_on_selector('select[data-filter="Chủ đề"]',
                                  "s => [...s.options].find(o => o.textContent.startsWith('Siết chặt')).title")
    # 2021 prints "bút phá"; the registry (campaigns/themes.yml) and the theme page say "bứt phá".
    assert title.endswith("sáng tạo bứt phá"), title
    page.locator("[data-thidua-filters] summary").click()
