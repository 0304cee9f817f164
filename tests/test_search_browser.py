"""The search box of the real built site, driven in Debian's Chromium (Playwright for Python).

One `mkdocs build --strict` per module, on a temporary copy of the project plus the fixture records
of tests/fixtures/search/ (near-duplicates that tempt the ranking), served from 127.0.0.1.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "search"
CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SECTION = "/trang-thong-tin-dien-tu/van-ban/"

# Expected first results, by page path under SECTION.
S000 = "2021/so-gtvt-lang-son-phat-dong-thi-dua-2021/"
S001 = "2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024/"
S002 = "2019/ubnd-lang-son-thi-dua-cao-diem-2019/"
S003 = "2018/293-kh-stttt/"
S004 = "2023/173-pd-skhdt/"
F_CT = "2023/02-ct-ubnd/"  # fixture: numbered 02/CT-UBND, body repeats 173/PD-SKHĐT and Dương Công Vĩ
F_STN = "2019/294-kh-stn/"  # fixture: signer Dương Công Vĩnh, body cites 293/KH-STTTT, "Khuổi", "Lào"
F_VH = "2022/phat-dong-thi-dua-hu-cau-2022/"  # fixture: "văn hóa công sở" title, body repeats 2018

IGNORE = shutil.ignore_patterns(".git", "site", ".venv", "bench", "tests", "__pycache__",
                                ".pytest_cache", "*.egg-info", ".cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT, project, ignore=IGNORE, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "campaigns", project / "campaigns", dirs_exist_ok=True)
    with open(project / "campaigns" / "units.yml", "a", encoding="utf-8") as units:
        units.write((FIXTURES / "units.yml").read_text(encoding="utf-8"))
    # Never -q: `mkdocs build --strict -q` exits 0 despite warnings (a MkDocs bug).
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    return project / "site"


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: the search browser tests need Debian's "
                    "chromium (apt-get update && apt-get install -y chromium), or THIDUA_CHROMIUM "
                    "set to a Chromium binary.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


REQUESTS: list[str] = []
FAILURES: list[str] = []


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: REQUESTS.append(request.url))
    page.on("requestfailed", lambda request: FAILURES.append(request.url))
    page.on("response", lambda response: response.status >= 400 and FAILURES.append(response.url))
    page.goto(server + "/trang-thong-tin-dien-tu/")
    yield page
    context.close()


def search(page, query: str) -> list[str]:
    """Open the search with its keyboard shortcut, type the query, return the result paths."""
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "'/' should focus the search box"
    box.fill("")
    # The previous search may have left "done" for this very query: wait for this run's own.
    page.evaluate("""() => { const root = document.querySelector('[data-thidua-search]');
                             root.removeAttribute('data-thidua-state');
                             root.removeAttribute('data-thidua-query'); }""")
    if unicodedata.is_normalized("NFC", query):
        page.keyboard.type(query)
    else:  # a keyboard sends composed letters; an NFD query arrives as pasted text
        page.keyboard.insert_text(query)
    page.wait_for_function(
        """() => { const root = document.querySelector('[data-thidua-search]');
                   const box = root.querySelector('.md-search__input');
                   return root.dataset.thiduaState === 'done' && root.dataset.thiduaQuery === box.value.trim(); }""")
    return result_paths(page)


# Listing pages: a unit's, theme's or year's own page comes first only when it gathers two or more
# of the matching decrees; the fixtures' themes, units and years gather one, so it comes second.
L = "/trang-thong-tin-dien-tu/"
T_ATGT = L + "chu-de/an-toan-giao-thong-cho-tre-em/"
T_CSTT = L + "chu-de/cong-so-than-thien-van-hoa-hien-dai/"
T_60 = L + "chu-de/60-ngay-dem-ra-suc-thi-dua-doan-ket-sang-tao-quyet-tam-lap/"
U_KHDT = L + "don-vi/so-khdt-lang-son/"
U_GTVT_KT = L + "don-vi/so-gtvt-kon-tum/"
Y_2018 = L + "nam/2018/"

# (query, expected first result, a page expected among the first three or None)
QUERIES = [
    # without diacritics
    ("tuyen truyen bao dam trat tu an toan giao thong", S003, None),
    ("an toan giao thong", S003, T_ATGT),
    ("so ke hoach va dau tu", S004, U_KHDT),
    # old and new tone placement
    ("công sở thân thiện, văn hoá", F_VH, T_CSTT),
    ("số hoá hồ sơ", F_STN, None),
    ("thuỷ nội địa", S003, None),
    # combining marks (NFD) and capitals
    (unicodedata.normalize("NFD", "Khuổi Lào"), S000, None),
    (unicodedata.normalize("NFD", "Thực hiện thắng lợi nhiệm vụ chính trị năm 2023"), S004, None),
    ("HỮU LŨNG", S002, None),
    ("AN TOÀN GIAO THÔNG CHO TRẺ EM", S003, T_ATGT),
    # numbers: the decree that bears it, not the ones citing it
    ("293/KH-STTTT", S003, None),
    ("173/PD-SKHĐT", S004, None),
    ("173/PD-SKHDT", S004, None),
    ("SKHDT", S004, None),
    ("skhđt", S004, None),
    ("382a/QĐ-UBND", S000, None),
    ("Chỉ thị 02/CT-UBND", F_CT, None),
    ("02/CT-UBND", F_CT, None),
    # signers: their own decree, not bodies repeating the name, nor "Dương Công Vĩnh"
    ("Dương Công Vĩ", S000, None),
    ("duong cong vi", S000, None),
    ("Vũ Hoàng Quý", S004, None),
    ("Nguyễn Quang Huy", S003, None),
    ("Đàm Phúc Tuyên", S001, None),
    ("Phạm Ngọc Thường", S002, None),
    # issuers, places, themes, acronyms, years, body text
    ("Sở Kế hoạch và Đầu tư", S004, U_KHDT),
    ("Sở Giao thông vận tải tỉnh Kon Tum", S001, U_GTVT_KT),
    ("Khuổi Lào", S000, None),
    ("Hoàng Văn Thụ", S002, T_60),
    ("OCOP", S002, None),
    ("LRAMP", S000, None),
    ("2018", S003, Y_2018),
    ("Ngày hội hoa quả tươi", S002, None),
]


@pytest.mark.parametrize("query, first, then", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_first_result(page, query, first, then):
    results = search(page, query)
    assert results, f"no result for {query!r}"
    assert results[0] == first, f"{query!r}: {results[:4]}"
    if then:
        assert then in results[:3], f"{query!r}: {results[:4]}"


def test_result_shows_number_title_issuer_date_and_highlight(page):
    search(page, "293/KH-STTTT")
    first = page.locator(".md-search-result__item").first
    assert "thi đua tuyên truyền" in first.locator("h1").inner_text()
    meta = first.locator(".thidua-search__meta").inner_text()
    for part in ["293/KH-STTTT", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "27/3/2018"]:
        assert part in meta
    assert first.locator("mark").count() > 0
    assert "zz" not in first.inner_text()  # the phrase keys never show


def test_result_restores_d_from_the_index_spelling(page):
    search(page, "SKHDT")
    text = page.locator(".md-search-result__item").first.inner_text()
    assert "SKHĐT" in text and "\u0335" not in text


def choose(page, facet: str, label_start: str) -> None:
    select = page.locator(f'select[data-filter="{facet}"]')
    value = select.evaluate("(s, start) => { const o = [...s.options].find(o => o.textContent.startsWith(start));"
                            " return o ? o.value : null; }", label_start)
    assert value is not None, f"no {facet} option starting with {label_start!r}"
    page.evaluate("document.querySelector('[data-thidua-search]').removeAttribute('data-thidua-state')")
    select.select_option(value)
    page.wait_for_function("() => document.querySelector('[data-thidua-search]').dataset.thiduaState === 'done'")


def settled_paths(page, expected: list[str], ordered: bool = True) -> list[str]:
    """The result paths once they equal `expected` (or after 15 s, whatever they are then).

    A filter change re-runs the search; on a loaded machine the list was once read before the
    last run had drawn it, though the box said "done", and with the index in shards a run asks
    each shard in turn. Waiting for the right list, bounded, keeps the assertion strict without
    racing the page."""
    want = expected if ordered else sorted(expected)
    try:
        page.wait_for_function(
            """([want, ordered, section]) => {
                 const got = [...document.querySelectorAll('.md-search-result__link')]
                   .map(a => a.getAttribute('href')).map(h => h.includes(section) ? h.split(section)[1] : h);
                 const g = ordered ? got : got.slice().sort();
                 return JSON.stringify(g) === JSON.stringify(want); }""",
            arg=[want, ordered, SECTION], timeout=15000)
    except Exception:  # the assertion below reports what the page shows
        pass
    got = result_paths(page)
    return got if ordered else sorted(got)


def result_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
    return [h.split(SECTION, 1)[1] if SECTION in h else h for h in hrefs]


def open_filters(page) -> None:
    """Open the filters and wait until their counts are those of the results on screen."""
    page.locator("[data-thidua-filters] summary").click()
    page.wait_for_function("() => { const f = document.querySelector('[data-thidua-filters]');"
                           " return f.dataset.ready && f.dataset.counted; }")


def test_filters_are_the_facets_of_the_index(page):
    from thidua.search import FACETS

    search(page, "thi đua")
    open_filters(page)
    selects = page.eval_on_selector_all(
        "select[data-filter]", "els => els.map(s => [s.dataset.filter, s.getAttribute('aria-label'),"
                               " s.options[0].textContent])")
    # Declared once (thidua.search.FACETS): the box shows every facet, in order, labelled by it.
    assert selects == [[f, f, f + ": tất cả"] for f in FACETS]
    page.locator("[data-thidua-filters] summary").click()


# The registry's canonical name (campaigns/themes.yml), as the theme's page shows it; 2021 prints "bút phá".
SHARED_THEME = "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bứt phá"


def test_facets_narrow_by_year_issuer_type_theme_and_topic(page):
    search(page, "thi đua")
    open_filters(page)
    choose(page, "Năm", "2023")
    assert settled_paths(page, [S004, F_CT], ordered=False) == sorted([S004, F_CT])
    choose(page, "Cơ quan ban hành", "Ủy ban nhân dân tỉnh Hư Cấu")
    assert settled_paths(page, [F_CT]) == [F_CT]
    choose(page, "Năm", "")  # back to all
    choose(page, "Cơ quan ban hành", "")  # back to all
    choose(page, "Loại văn bản", "chỉ thị")
    assert settled_paths(page, [F_CT]) == [F_CT]
    choose(page, "Loại văn bản", "")  # back to all
    # "Chủ đề" is the decree's theme (its slogan), as on the decree's page and /chu-de/.
    option = page.locator('select[data-filter="Chủ đề"] option', has_text="Siết chặt kỷ cương")
    assert option.get_attribute("title") == SHARED_THEME  # cut in the list, whole in its tooltip
    assert option.inner_text().endswith("(2)")
    choose(page, "Chủ đề", "Siết chặt kỷ cương")
    assert settled_paths(page, [S000, S004], ordered=False) == sorted([S000, S004])  # 2021 and 2023
    choose(page, "Năm", "2021")
    assert settled_paths(page, [S000]) == [S000]
    choose(page, "Năm", "")  # back to all
    choose(page, "Chủ đề", "An toàn giao thông cho trẻ em")
    assert settled_paths(page, [S003]) == [S003]
    choose(page, "Chủ đề", "")  # back to all
    # "Lĩnh vực" is its topics.
    choose(page, "Lĩnh vực", "an toàn giao thông")
    assert settled_paths(page, [S003, F_STN], ordered=False) == sorted([S003, F_STN])
    choose(page, "Lĩnh vực", "")  # back to all
    page.locator("[data-thidua-filters] summary").click()


def test_a_filter_chosen_while_typing_runs_one_search(page):
    """A filter chosen before the typing pause has run the search does it at once; the typed
    query's pending run is dropped rather than clearing the drawn results a moment later."""
    search(page, "thi đua")
    open_filters(page)
    value = page.locator('select[data-filter="Năm"]').evaluate(
        "s => [...s.options].find(o => o.textContent.startsWith('2023')).value")
    cleared = page.evaluate("""value => {
        const root = document.querySelector('[data-thidua-search]');
        const list = root.querySelector('.md-search-result__list');
        window.__cleared = 0;
        new MutationObserver(() => { if (!list.children.length) window.__cleared++; })
          .observe(list, { childList: true });
        const box = root.querySelector('.md-search__input');
        box.value = 'thi đua';
        box.dispatchEvent(new Event('input', { bubbles: true }));  // a keystroke: run in 120 ms
        const select = root.querySelector('select[data-filter="Năm"]');
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));  // the filter: run now
        return new Promise(done => {
          const wait = () => root.dataset.thiduaState === 'done' ? setTimeout(done, 1000) : setTimeout(wait, 20);
          wait();
        }).then(() => window.__cleared); }""", value)
    assert cleared == 1, f"the results were cleared {cleared} times for one filter change"
    assert settled_paths(page, [S004, F_CT], ordered=False) == sorted([S004, F_CT])
    choose(page, "Năm", "")  # back to all
    page.locator("[data-thidua-filters] summary").click()


def test_search_works_from_a_decree_page_and_the_home_page(page, server):
    for path in ["/trang-thong-tin-dien-tu/van-ban/" + S003, "/"]:
        page.goto(server + path)
        assert search(page, "LRAMP")[0] == S000


def test_enter_opens_the_first_result(page, server):
    page.goto(server + "/")
    search(page, "OCOP")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + SECTION + S002)


def test_mobile_layout(browser, server):
    # A phone-sized viewport: Material's media queries switch the header and search to the
    # mobile layout (is_mobile emulation made the layout width flaky here).
    context = browser.new_context(viewport={"width": 375, "height": 740})
    mobile = context.new_page()
    mobile.goto(server + "/trang-thong-tin-dien-tu/")
    mobile.locator('label.md-header__button[for="__search"]').click()
    box = mobile.locator(".md-search__input")
    box.wait_for(state="visible")
    assert box.evaluate("el => el === document.activeElement"), "the magnifier should focus the box"
    mobile.keyboard.type("Dương Công Vĩ")
    mobile.wait_for_function("() => document.querySelector('[data-thidua-search]').dataset.thiduaState === 'done'")
    first = mobile.locator(".md-search-result__item").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    # Mobile layout: the header's search button is shown (on wide screens the box sits in the header).
    assert mobile.locator('label.md-header__button[for="__search"]').is_visible()
    context.close()


def test_no_request_leaves_the_site(page):
    assert REQUESTS, "the page fixture recorded no request"
    hosts = {urlsplit(url).hostname for url in REQUESTS if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, hosts
    # Nothing the page asks for is missing (a <link rel="alternate"> once made Material probe a 404 sitemap).
    assert not FAILURES, FAILURES
    # Material's lunr index is gone, and nothing asked for it.
    assert not any("search_index.json" in url for url in REQUESTS)


def test_search_works_in_mkdocs_serve_preview(browser, site):
    """`mkdocs serve` builds into its own temporary directory: the index must come with it."""
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=site.parent,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "pagefind/pagefind.js", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("mkdocs serve never served pagefind/pagefind.js")
                time.sleep(0.5)
        context = browser.new_context()
        preview = context.new_page()
        preview.goto(base + "trang-thong-tin-dien-tu/")
        assert search(preview, "LRAMP")[0] == S000
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_common_words_only_look_up_the_least_frequent_and_need_no_click(browser, server):
    """At 10,000 decrees every syllable of "tai nạn giao thông" is in most decrees: looking up all
    four would download megabytes of posting lists. The box looks up the one with the fewest
    occurrences and checks the others in the pages' text, without waiting for a click. The list
    comes from the build (thidua-common.json); here it is served as a large site's would be."""
    context = browser.new_context()
    tab = context.new_page()
    tab.route("**/pagefind/thidua-common.json",
              lambda route: route.fulfill(json={"tai": 900, "nan": 800, "giao": 5000, "thong": 7000}))
    tab.goto(server + "/trang-thong-tin-dien-tu/")
    paths = search(tab, "tai nạn giao thông")
    # The decrees that write the phrase (2021 and 2019 of the seeds), with no click.
    assert S000 in paths and S002 in paths, paths
    more = tab.locator("[data-thidua-more]")
    assert not more.is_visible()
    # Every result drawn holds the phrase's four words: the three not looked up were checked.
    texts = tab.eval_on_selector_all("[role=option] .thidua-search__excerpt", "els => els.map(e => e.textContent)")
    from thidua.vntext import fold
    for text in texts:
        words = set(fold(text).replace(",", " ").replace(".", " ").split())
        assert {"tai", "nan", "giao", "thong"} <= words, text
    context.close()
