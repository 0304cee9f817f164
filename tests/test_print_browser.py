"""A decree printed from the real built site in Chromium is the document as issued (Nghị định
30/2020/NĐ-CP, Phụ lục I), and pages that announce a feed cost the reader no failed request."""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import static_server
from test_search_browser import CHROMIUM, CHROMIUM_ARGS

SECTION = "trang-thong-tin-dien-tu"
MM = 72 / 25.4
SERIFS = ("Times", "LiberationSerif", "DejaVuSerif", "Tinos", "NimbusRom", "FreeSerif")

# Every bundled decree, and the header lines its print must show, in order.
DECREES = {
    "2023/173-pd-skhdt": [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN", "Số: 173/PD-SKHĐT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 31 tháng 01 năm 2023", "PHÁT ĐỘNG",
        "Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023",
        "Nơi nhận:", "- Hội đồng TĐKT tỉnh;", "GIÁM ĐỐC", "Vũ Hoàng Quý",
    ],
    # Number and date not yet assigned: the blanks the source shows.
    "2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024": [
        "ỦY BAN NHÂN DÂN TỈNH KON TUM", "SỞ GIAO THÔNG VẬN TẢI TỈNH KON TUM", "Số: /KH-SGTVT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Kon Tum, ngày tháng năm 2024", "PHÁT ĐỘNG", "Phong trào thi đua năm 2024",
        "Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đàm Phúc Tuyên",
    ],
    "2021/so-gtvt-lang-son-phat-dong-thi-dua-2021": [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ GIAO THÔNG VẬN TẢI TỈNH LẠNG SƠN", "Số:",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ngày tháng năm 2021",
        "PHÁT ĐỘNG", "Nơi nhận:", "Dương Công Vĩ",
    ],
    "2019/ubnd-lang-son-thi-dua-cao-diem-2019": [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "ngày tháng năm 2019", "PHÁT ĐỘNG", "Nơi nhận:", "Phạm Ngọc Thường",
    ],
    "2018/293-kh-stttt": [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LẠNG SƠN", "Số: 293/KH-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 27 tháng 3 năm 2018", "KẾ HOẠCH", "Nơi nhận:", "Nguyễn Quang Huy",
    ],
}
SITE_CHROME = ["Tải về", "Cơ quan ban hành", "Tìm kiếm", "Khen thưởng tổng kết phong trào", "Tất cả văn bản",
               "In văn bản", "Trang thông tin điện tử"]


@pytest.fixture(scope="module")
def server(built_site):
    with static_server(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _flat(text: str) -> str:
    """Text without any space: pypdf puts spaces where Chromium positions a Vietnamese glyph on
    its own ("Ủ Y BAN"), so lines are compared by their letters and punctuation."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _in_order(text: str, lines: list[str]) -> list[str]:
    """The lines missing from `text` or found out of order (empty when all are there in order)."""
    wrong, at = [], 0
    for line in lines:
        found = text.find(_flat(line), at)
        if found < 0:
            wrong.append(line)
        else:
            at = found + len(_flat(line))
    return wrong


@pytest.fixture(scope="module")
def printed(server, browser):
    """decree -> (PdfReader, text of its first page, text of all pages)."""
    out = {}
    page = browser.new_page()
    for decree in DECREES:
        page.goto(f"{server}/{SECTION}/van-ban/{decree}/", wait_until="load")
        page.evaluate("document.fonts.ready")
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        texts = [p.extract_text() for p in reader.pages]
        out[decree] = (reader, _flat(texts[0]), _flat(" ".join(texts)))
    page.close()
    return out


@pytest.mark.parametrize("decree", sorted(DECREES))
def test_print_shows_the_header_as_issued_in_order(printed, decree):
    reader, first, whole = printed[decree]
    header = DECREES[decree][:6]
    assert _in_order(first, header) == [], first[:600]
    assert _in_order(whole, DECREES[decree]) == [], whole[-1500:]


@pytest.mark.parametrize("decree", sorted(DECREES))
def test_print_is_a4_with_the_decree_margins_in_a_serif_face(printed, decree):
    reader, first, whole = printed[decree]
    for page in reader.pages:
        assert round(float(page.mediabox.width) / MM) == 210 and round(float(page.mediabox.height) / MM) == 297
    xs, ys = [], []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(cm[4] + tm[4] * cm[0])
            ys.append(cm[5] + tm[5] * cm[3])
    reader.pages[0].extract_text(visitor_text=visit)
    # Left margin 30–35 mm; nothing above the top margin of 20–25 mm (PDF y grows upwards).
    assert 29 <= min(xs) / MM <= 36, min(xs) / MM
    assert (float(reader.pages[0].mediabox.height) - max(ys)) / MM >= 19
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all(any(s in f for s in SERIFS) for f in fonts), fonts


def test_print_has_no_site_chrome_and_links_are_text(printed):
    for decree, (reader, first, whole) in printed.items():
        head = whole[: whole.find("Nơinhận:")]
        for chrome in SITE_CHROME:
            assert _flat(chrome) not in head, (decree, chrome)
        for page in reader.pages:
            annotations = page.get("/Annots") or []
            # Chromium keeps links clickable in a PDF; what matters is that they print as text.
            assert all(a.get_object().get("/Subtype") == "/Link" for a in annotations)


def test_footnotes_print_after_the_signature(printed):
    reader, first, whole = printed["2023/173-pd-skhdt"]
    assert 0 < whole.rfind(_flat("Vũ Hoàng Quý")) < whole.rfind(_flat("Theo Nghị quyết số 49-NQ/TU"))


def test_print_button_is_a_script_in_a_file_and_opens_the_print_dialog(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/{SECTION}/van-ban/2023/173-pd-skhdt/", wait_until="load")
    button = page.get_by_role("button", name="In văn bản")
    assert button.get_attribute("onclick") is None
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.close()


def test_pages_with_feed_links_cause_no_failed_request(server, browser):
    """Material fetches sitemap.xml beside every rel=alternate link: it must be there."""
    page = browser.new_page()
    failed, probes = [], []
    page.on("response", lambda r: (r.status >= 400 and failed.append(f"{r.status} {r.url}"),
                                   r.url.endswith("/nguon-tin/sitemap.xml") and probes.append(r.status)))
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    for url in [f"{SECTION}/", f"{SECTION}/van-ban/", f"{SECTION}/don-vi/so-gtvt-lang-son/",
                f"{SECTION}/chu-de/an-toan-giao-thong-cho-tre-em/", f"{SECTION}/nam/2023/",
                f"{SECTION}/khen-thuong/", f"{SECTION}/van-ban/2023/173-pd-skhdt/", ""]:
        page.goto(f"{server}/{url}", wait_until="networkidle")
    page.close()
    assert failed == [], failed
    # The theme did probe the feeds' folder, and found its sitemap.
    assert probes and set(probes) <= {200, 304}, probes
