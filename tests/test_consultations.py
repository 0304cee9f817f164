"""Public consultations on proposed state honours (campaigns/consultations/*.yml): validation
with lines, and the listing marked open/closed by the reader's browser (Chromium)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, static_server
from test_search_browser import CHROMIUM, CHROMIUM_ARGS
from thidua.validate import validate_project

SECTION = "trang-thong-tin-dien-tu"


def notice(title: str, start: str, end: str | None, *, extra: str = "", collectives: str = "[Sở Nội vụ, Đội Hư Cấu]") -> str:
    until = f"  to: {end}\n" if end else ""
    return (f"title: {title}\nposted_by: so-noi-vu-lang-son\nproposed_by: ubnd-tinh-lang-son\nproposed_to: chu-tich-nuoc\n"
            f"comments:\n  from: {start}\n{until}  period: 10 ngày làm việc kể từ ngày đăng tải\n"
            f"  address: Sở Nội vụ tỉnh Lạng Sơn\n  email: gopy@example.invalid\n"
            f"proposals:\n  - award: Huân chương Lao động hạng Ba\n    form: Huân chương\n    collectives: {collectives}\n"
            f"source: Thông báo hư cấu.\n{extra}")


def write(root: Path, name: str, text: str) -> None:
    folder = root / "campaigns/consultations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_valid_notice_links_known_collectives_and_keeps_printed_names(tmp_path):
    root = copy_project(tmp_path / "p")
    write(root, "a.yml", notice("Thông báo hư cấu", "2026-01-05", "2026-01-16"))
    portal, problems = validate_project(root)
    assert problems == []
    mine = next(c for c in portal.consultations if c.path.endswith("a.yml"))
    assert [(k.name, k.unit.id if k.unit else None) for k in mine.proposals[0].collectives] == [
        ("Sở Nội vụ", "so-noi-vu-lang-son"), ("Đội Hư Cấu", None)]
    assert (mine.opens_iso, mine.closes_iso) == ("2026-01-05", "2026-01-16")


@pytest.mark.parametrize("change, where", [
    (("posted_by: so-noi-vu-lang-son", "posted_by: khong-co-don-vi"), "posted_by"),
    (("  to: 2026-01-16", "  to: 2025-12-31"), "comments.to"),
    (("    form: Huân chương", "    form: Huân chương\n    title: Cờ thi đua của Chính phủ"), "proposals[0]"),
    (("  email: gopy@example.invalid", "  email: \"<script>@x\""), "comments.email"),
    (("    collectives: [Sở Nội vụ, Đội Hư Cấu]", "    collectives: []"), "proposals[0].collectives"),
])
def test_mistakes_are_reported_with_path_line_and_field(tmp_path, change, where):
    root = copy_project(tmp_path / "p")
    text = notice("Thông báo hư cấu", "2026-01-05", "2026-01-16")
    assert change[0] in text
    text = text.replace(change[0], change[1])
    write(root, "sai.yml", text)
    # The line the mistake is on: the changed key's own line, or the list item that holds it.
    first = change[1].splitlines()[0]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == first)
    if where == "proposals[0]":
        line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  - award"))
    _, problems = validate_project(root)
    found = [(p.path, p.line, p.field) for p in problems]
    assert found == [("campaigns/consultations/sai.yml", line, where)], found


def test_a_bad_notice_fails_the_strict_build(tmp_path):
    root = copy_project(tmp_path / "p")
    write(root, "sai.yml", notice("Thông báo hư cấu", "2026-01-05", "2026-01-16").replace(
        "posted_by: so-noi-vu-lang-son", "posted_by: khong-co-don-vi"))
    done = mkdocs_build(root)
    assert done.returncode != 0
    assert "campaigns/consultations/sai.yml:2: posted_by:" in done.stdout + done.stderr
    assert not (root / "site/index.html").exists()


# --- in the browser -----------------------------------------------------------------------------

PAYLOAD = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("consult") / "project")
    today = dt.date.today()
    # Dates around the day the test runs: the page must not depend on the build day.
    write(root, "mo.yml", notice("Thông báo đang mở", (today - dt.timedelta(days=3)).isoformat(),
                                 (today + dt.timedelta(days=10)).isoformat(),
                                 extra=f"note: '{PAYLOAD}'\n", collectives=f"[Sở Nội vụ, '{PAYLOAD}']"))
    write(root, "dong.yml", notice("Thông báo đã đóng", "2025-01-02", "2025-01-15"))
    write(root, "moi-dong.yml", notice("Thông báo mới nhất đã đóng", (today - dt.timedelta(days=20)).isoformat(),
                                       (today - dt.timedelta(days=1)).isoformat()))
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_built_html_orders_by_date_and_escapes_values(site):
    page = (site / SECTION / "lay-y-kien/index.html").read_text(encoding="utf-8")
    assert page.index("Thông báo mới nhất đã đóng") < page.index("Thông báo đã đóng")
    assert PAYLOAD not in page and "&lt;img src=x onerror=" in page


def test_open_notice_comes_first_and_closed_ones_say_so(site, browser):
    with static_server(site) as base:
        tab = browser.new_page()
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        errors = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.goto(f"{base}/{SECTION}/lay-y-kien/")
        items = tab.locator("[data-td-consult-list] > li")
        # Wait for the script's verdict on every notice, then read the order.
        tab.wait_for_function("document.querySelectorAll('[data-td-consult-list] > li[data-td-state]').length"
                              " === document.querySelectorAll('[data-td-consult-list] > li').length")
        titles = items.locator("h2").all_inner_texts()
        assert titles[0] == "Thông báo đang mở"
        states = dict(zip(titles, [items.nth(i).get_attribute("data-td-state") for i in range(items.count())]))
        assert states["Thông báo đang mở"] == "open"
        assert states["Thông báo đã đóng"] == "closed" and states["Thông báo mới nhất đã đóng"] == "closed"
        assert items.nth(0).locator("[data-td-consult-status]").inner_text().startswith("Đang lấy ý kiến")
        closed = items.filter(has_text="Thông báo đã đóng").locator("[data-td-consult-status]").inner_text()
        assert closed.startswith("Đã hết hạn góp ý") and "15/1/2025" in closed
        assert tab.locator("[data-td-consult-none]").is_hidden()
        assert tab.evaluate("window.__pwned === undefined") and dialogs == []
        assert not [e for e in errors if "Content Security Policy" in e], errors
        tab.close()


def test_with_nothing_open_the_page_says_so(tmp_path, browser):
    root = copy_project(tmp_path / "p")  # only the bundled notice, which prints no last day
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    with static_server(root / "site") as base:
        tab = browser.new_page()
        tab.goto(f"{base}/{SECTION}/lay-y-kien/")
        tab.locator("[data-td-consult-none]").wait_for(state="visible")
        state = tab.locator("[data-td-consult-list] > li").first.get_attribute("data-td-state")
        assert state == "unknown"
        tab.close()
