"""Markup in every value an editor controls builds a site in which nothing runs.

Records, the unit and theme/movement registries and an honours file carry script payloads in
every free-text field; the strict build must pass (these are legal values: a title may quote
"<b>") and print them as text. Then Chromium opens every page with a dialog handler.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, static_server
from test_search_browser import CHROMIUM, CHROMIUM_ARGS

# Each payload calls alert() if it ever runs, and sets a flag a dialog handler cannot miss.
PAYLOADS = [
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    '"><svg onload="window.__pwned=2;alert(2)">',
    "</title><script>window.__pwned=3;alert(3)</script>",
    "'><iframe src=javascript:alert(4)>",
]
P = " ".join(PAYLOADS)


def q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


RECORD = f"""---
title: {q("Kế hoạch thi đua " + P)}
number: 9/KH-SXD
doc_type: kế hoạch
heading: {q("KẾ HOẠCH " + P)}
issuer: so-doc-hai
issued: 2023-05-04
place: {q("Lạng Sơn " + P)}
theme: {q("Chủ đề độc hại " + P)}
period:
  from: 2023-05-04
  to: 2023-12-31
bases:
  - relation: thực hiện
    type: {q("Kế hoạch " + P)}
    number: 28/KH-BATGT
    date: 2023-03-19
    issuer: {q("Ban " + P)}
    subject: {q("về việc " + P)}
    text: {q("Kế hoạch số 28/KH-BATGT " + P)}
movements:
  - {q("Phong trào độc hại " + P)}
targets:
  - {q("100% " + P)}
signer:
  name: {q("Nguyễn Văn A " + P)}
  position: {q("GIÁM ĐỐC " + P)}
  on_behalf_of: {q("KT. GIÁM ĐỐC " + P)}
  note: {q("Đã ký " + P)}
recipients:
  - {q("Lãnh đạo Sở " + P)}
  - name: {q("Các phòng " + P)}
    note: {q("để biết " + P)}
topics:
  - {q("lĩnh vực " + P)}
printed:
  number: {q("Số: 9/KH-SXD " + P)}
  date: {q("ngày 04 tháng 5 năm 2023 " + P)}
  issuer: {q("Sở " + P)}
source: {q("Nguồn " + P)}
---

# Văn bản

Nội dung in &lt;b&gt; như chữ, và một dấu < lẻ. Liên kết [an toàn](https://example.invalid/) và chú thích[^1].

{{: onclick="window.__pwned=5;alert(5)" style="display:none" }}

| Cột | Số |
| :-- | --: |
| a | 1 |

[^1]: Chú thích có *nhấn mạnh*.
"""

UNIT = f"""
- id: so-doc-hai
  name: {q("Sở Độc Hại " + P)}
  short_names: [{q("Sở ĐH " + P)}]
  aliases: [{q("Sở Xấu " + P)}]
  kind: so
  province: {q("Tỉnh " + P)}
  code: SXD
  note: {q("Ghi chú " + P)}
"""

THEME = f"""
- id: chu-de-doc-hai
  name: {q("Chủ đề chuẩn " + P)}
  variants: [{q("Chủ đề độc hại " + P)}]
  note: {q("Ghi chú chủ đề " + P)}
"""

MOVEMENT = f"""
- id: phong-trao-doc-hai
  name: {q("Phong trào chuẩn " + P)}
  variants: [{q("Phong trào độc hại " + P)}]
  note: {q("Ghi chú phong trào " + P)}
"""

HONOURS = f"""decision:
  number: 12/QĐ-SXD
  date: 2024-01-15
conferred_by: so-doc-hai
authority: {q("Giám đốc Sở " + P)}
campaign: 2023/9-kh-sxd
source: {q("Quyết định " + P)}
source_url: https://example.invalid/nguon?a=1&b=2
note: {q("Ghi chú quyết định " + P)}
honours:
  - unit: so-doc-hai
    title: Tập thể lao động tiên tiến
    detail: {q("Danh hiệu " + P)}
    reason: {q("Thành tích " + P)}
  - person:
      name: {q("Trần Thị B " + P)}
      position: {q("Chuyên viên " + P)}
      unit: so-doc-hai
    form: Giấy khen
"""

CONSULTATION = f"""title: {q("Lấy ý kiến " + P)}
posted_by: so-doc-hai
proposed_by: so-doc-hai
comments:
  from: 2024-01-02
  to: 2024-01-15
  period: {q("10 ngày làm việc " + P)}
  address: {q("Số 1 phố Hư Cấu " + P)}
proposals:
  - award: {q("Huân chương " + P)}
    form: Huân chương
    collectives: [{q("Tập thể " + P)}, so-doc-hai]
source: {q("Thông báo " + P)}
source_url: https://example.invalid/thong-bao?a=1&b=2
note: {q("Ghi chú thông báo " + P)}
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "campaigns/2023/9-kh-sxd.md").write_text(RECORD, encoding="utf-8")
    _append(root / "campaigns/units.yml", UNIT)
    _append(root / "campaigns/themes.yml", THEME)
    _append(root / "campaigns/movements.yml", MOVEMENT)
    (root / "campaigns/honours").mkdir(exist_ok=True)
    (root / "campaigns/honours/12-qd-sxd.yml").write_text(HONOURS, encoding="utf-8")
    (root / "campaigns/consultations").mkdir(exist_ok=True)
    (root / "campaigns/consultations/lay-y-kien.yml").write_text(CONSULTATION, encoding="utf-8")
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_payload_is_printed_as_text(hostile_site):
    decree = (hostile_site / "trang-thong-tin-dien-tu/van-ban/2023/9-kh-sxd/index.html").read_text(encoding="utf-8")
    # The values are on the page, as text a reader can read…
    assert "Kế hoạch thi đua &lt;img src=x onerror=" in decree
    assert "Nguyễn Văn A &lt;img" in decree
    consultations = (hostile_site / "trang-thong-tin-dien-tu/lay-y-kien/index.html").read_text(encoding="utf-8")
    for printed in ("Lấy ý kiến &lt;img", "Tập thể &lt;img", "Số 1 phố Hư Cấu &lt;img", "Ghi chú thông báo &lt;img"):
        assert printed in consultations
    unit = (hostile_site / "trang-thong-tin-dien-tu/don-vi/so-doc-hai/index.html").read_text(encoding="utf-8")
    assert "Ghi chú quyết định &lt;img" in unit and 'href="https://example.invalid/nguon?a=1&amp;b=2"' in unit
    for html_file in pages(hostile_site):
        text = html_file.read_text(encoding="utf-8")
        # …and never as markup, in any page or attribute.
        for payload in PAYLOADS:
            assert payload not in text, f"{html_file}: {payload}"
        assert "<svg onload" not in text and "<iframe" not in text, html_file
        assert not re.search(r"<script>window\.__pwned", text), html_file


def test_every_page_carries_the_content_security_policy(hostile_site):
    for html_file in pages(hostile_site):
        text = html_file.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in text, html_file
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0], policy
        assert text.index("Content-Security-Policy") < text.find("<script"), "the policy must come before any script"


def test_attribute_lists_and_raw_markup_do_not_become_attributes(hostile_site):
    decree = (hostile_site / "trang-thong-tin-dien-tu/van-ban/2023/9-kh-sxd/index.html").read_text(encoding="utf-8")
    body = decree[decree.index('class="td-decree__body"'):decree.index("td-campaign-honours")]
    attributes = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes.extend(name for name, _ in attrs)

    Attributes().feed(body)
    assert not [a for a in attributes if a.startswith("on") or a == "style"], attributes
    assert "{: onclick=" in body  # the attribute list stays visible text
    assert "&lt;b&gt;" in body  # an entity the editor typed stays an entity
    assert '<td align="right">1</td>' in body  # table alignment survives the sanitiser


def test_published_record_file_has_no_comments(tmp_path):
    root = copy_project(tmp_path / "project")
    record = root / "campaigns/2023/173-pd-skhdt.md"
    text = record.read_text(encoding="utf-8")
    text = text.replace("issuer: so-khdt-lang-son", "issuer: so-khdt-lang-son  # ghi chú nội bộ YAML", 1)
    text = text.replace("\n## I. MỤC ĐÍCH", "\n<!-- ghi chú nội bộ HTML -->\n\n## I. MỤC ĐÍCH", 1)
    assert "ghi chú nội bộ YAML" in text and "ghi chú nội bộ HTML" in text
    record.write_text(text, encoding="utf-8")
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = root / "site/trang-thong-tin-dien-tu/van-ban/2023/173-pd-skhdt"
    for published in [folder / "173-pd-skhdt.txt", folder / "index.html", folder / "173-pd-skhdt.json"]:
        assert "ghi chú nội bộ" not in published.read_text(encoding="utf-8"), published


@pytest.fixture(scope="module")
def server(hostile_site):
    with static_server(hostile_site) as url:
        yield url


def test_no_script_runs_on_any_page_in_chromium(hostile_site, server):
    from playwright.sync_api import sync_playwright

    dialogs, violations = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(f"{page.url}: {msg.text}"))
        for html_file in pages(hostile_site):
            url = server + "/" + html_file.relative_to(hostile_site).as_posix()
            page.goto(url, wait_until="load")
            assert page.evaluate("window.__pwned") is None, url
        # The site's own scripts still work under the policy: the search finds the hostile decree.
        page.goto(server + "/trang-thong-tin-dien-tu/")
        page.keyboard.press("/")
        page.keyboard.type("Nguyễn Văn A")
        first = page.locator(".md-search-result__link").first
        first.wait_for(timeout=15000)
        assert "9-kh-sxd" in first.get_attribute("href")
        browser.close()
    assert dialogs == [], dialogs
    # The theme's inline scripts are allowed by hash; nothing of ours is refused by the policy.
    assert violations == [], violations


def test_search_keys_of_listings_carry_registry_names_as_text(hostile_site, server):
    """The search's fields of a listing page (its title for results, its kind) and of a decree (the
    listings that gather it) hold registry values: escaped in the HTML, drawn as text in results."""
    theme = (hostile_site / "trang-thong-tin-dien-tu/chu-de/chu-de-doc-hai/index.html").read_text(encoding="utf-8")
    keys = theme[theme.index('class="td-search-keys"'):]
    keys = keys[:keys.index("</div>")]
    assert 'data-pagefind-meta="title[data-value]" data-value="Chủ đề thi đua: Chủ đề chuẩn &lt;img src=x onerror=' in keys
    assert "<img" not in keys and "<svg" not in keys
    # The decree's own search entry goes to the index only; its listings are generated slugs.
    decree = (hostile_site / "trang-thong-tin-dien-tu/van-ban/2023/9-kh-sxd/index.html").read_text(encoding="utf-8")
    assert "td-search-entry" not in decree

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server + "/trang-thong-tin-dien-tu/")
        page.keyboard.press("/")
        page.keyboard.type("Chủ đề chuẩn")
        page.wait_for_function("() => { const r = document.querySelector('[data-thidua-search]');"
                               " return r.dataset.thiduaState === 'done' && r.dataset.thiduaQuery === 'Chủ đề chuẩn'; }")
        titles = page.eval_on_selector_all("[role=option] h1", "els => els.map(e => [e.textContent, e.querySelectorAll('img, svg, iframe, script').length])")
        assert any("<img src=x onerror=" in text for text, _ in titles), titles
        assert all(elements == 0 for _, elements in titles), titles
        assert page.evaluate("window.__pwned") is None and dialogs == []
        browser.close()
