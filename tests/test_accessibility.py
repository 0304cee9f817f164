"""WCAG 2.1 AA on every page of the built site, checked in Debian's Chromium.

axe-core (shipped by axe-playwright-python, no npm) runs its wcag2a, wcag2aa, wcag21a and wcag21aa
rules on every page of one `mkdocs build --strict` of the project plus the search fixtures, in light
and dark (the reader's system setting) at desktop and phone width, and in the open search with
results. The keyboard tests walk the Tab order as a keyboard user does and check that the focused
element can be seen at each step (its outline or background differs from what is behind it by at
least 3:1, WCAG 2.4.7 / 1.4.11).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "search"
CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
IGNORE = shutil.ignore_patterns(".git", "site", ".venv", "bench", "tests", "__pycache__",
                                ".pytest_cache", "*.egg-info", ".cache")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
MODES = {
    "light-desktop": ("light", DESKTOP),
    "dark-desktop": ("dark", DESKTOP),
    "light-phone": ("light", PHONE),
    "dark-phone": ("dark", PHONE),
}
DECREE = "/trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT, project, ignore=IGNORE, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "campaigns", project / "campaigns", dirs_exist_ok=True)
    with open(project / "campaigns" / "units.yml", "a", encoding="utf-8") as units:
        units.write((FIXTURES / "units.yml").read_text(encoding="utf-8"))
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stdout + build.stderr
    return project / "site"


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium, or set "
                    "THIDUA_CHROMIUM to a Chromium binary.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page the build wrote (not Pagefind's files), as URL paths."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        pages.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return pages


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def new_context(browser, scheme: str, viewport: dict):
    context = browser.new_context(color_scheme=scheme, viewport=viewport, reduced_motion="reduce")
    # Loaded into every page before its own scripts: one parse per page, no 500 KB evaluate call.
    context.add_init_script(script=axe_source())
    return context


def axe_violations(page) -> list[str]:
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                   .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(
                       n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')
                   ).join(' | ')))""",
        WCAG_TAGS)
    return result


def open_search(page, query: str) -> None:
    """The search opened by its keyboard shortcut, a query typed, its results drawn."""
    page.keyboard.press("/")
    page.locator(".md-search__input").wait_for(state="visible")
    page.keyboard.type(query)
    page.wait_for_function(
        """() => { const root = document.querySelector('[data-thidua-search]');
                   return root.dataset.thiduaState === 'done'
                       && root.querySelectorAll('.md-search-result__link').length > 0; }""")


@pytest.mark.parametrize("mode", list(MODES))
def test_axe_finds_no_wcag_violation_on_any_page(browser, server, site, mode):
    scheme, viewport = MODES[mode]
    pages = site_pages(site)
    assert len(pages) > 40 and "/404.html" in pages, pages
    context = new_context(browser, scheme, viewport)
    page = context.new_page()
    found = []
    try:
        for url in pages:
            page.goto(server + url)
            # The system setting chooses the scheme (prefers-color-scheme), until the toggle is used.
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.dataset.mdColorScheme") == expected, url
            found += [f"{url}: {v}" for v in axe_violations(page)]
        # The open search with results, over a decree page.
        page.goto(server + DECREE)
        open_search(page, "thi đua")
        found += [f"{DECREE} (tìm kiếm mở): {v}" for v in axe_violations(page)]
    finally:
        context.close()
    assert not found, f"{mode}: {len(found)} violations\n" + "\n".join(found)


def test_colour_toggle_still_overrides_the_system_setting(browser, server):
    context = new_context(browser, "dark", DESKTOP)
    page = context.new_page()
    try:
        page.goto(server + "/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.locator("label[title='Chuyển sang nền sáng']").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        page.goto(server + DECREE)  # the choice is remembered on the next page
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    finally:
        context.close()


# --- keyboard ---------------------------------------------------------------------------------

# The focused element as a keyboard user sees it: where it is, whether it can be seen, and the best
# contrast its focus indicator makes (outline against what is behind it, or its own background
# against what surrounds it). Colours are composited over white when translucent.
FOCUS_STATE = """
() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  // Material's colour toggle: a see-through radio whose focus shows on the label after it.
  const next = focused.nextElementSibling;
  const el = focused.matches('input.md-option') && next && next.tagName === 'LABEL' ? next : focused;
  const rgba = s => { const m = s.match(/[\\d.]+/g); if (!m) return null;
    const [r, g, b, a] = m.map(Number); return [r, g, b, a === undefined ? 1 : a]; };
  const bgOf = node => { // the first opaque-ish background going up, composited on the ones below
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return out;
  };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (c, base) => base.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
  const style = getComputedStyle(el);
  const behind = bgOf(el.parentElement || el);
  let best = 0;
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
    const under = parseFloat(style.outlineOffset) < 0 ? bgOf(el) : behind;
    const c = rgba(style.outlineColor);
    if (c) best = Math.max(best, ratio(over(c, under), under));
  }
  // Or its box (or the box it fills, like the search field in its form) against what surrounds it.
  const own = bgOf(el);
  for (let n = el.parentElement; n; n = n.parentElement) {
    const around = bgOf(n);
    if (around.some((v, i) => Math.abs(v - own[i]) > 0.5)) { best = Math.max(best, ratio(own, around)); break; }
  }
  const r = el.getBoundingClientRect();
  const visible = el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight;
  const regions = [['.md-search', 'search'], ['header.md-header', 'banner'],
                   ['.md-sidebar--primary', 'navigation'], ['.md-sidebar--secondary', 'toc'],
                   ['main', 'main'], ['footer.md-footer', 'contentinfo']];
  const region = regions.find(([sel]) => el.closest(sel));
  return {tag: focused.tagName.toLowerCase(), cls: el.className && String(el.className), id: el.id,
          text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 60),
          contrast: best, visible, rect: [r.left, r.top, r.width, r.height].map(Math.round),
          landmark: region ? region[1] : null,
          searchOpen: !!(document.getElementById('__search') || {}).checked,
          pageScrolls: getComputedStyle(document.body).position !== 'fixed',
          inDrawer: !!el.closest('.md-sidebar--primary'), inContent: !!el.closest('.md-content')};
}
"""


def tab(page) -> dict:
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    assert state, "Tab left the page"
    return state


def assert_seen(state: dict, where: str) -> None:
    assert state["visible"], f"{where}: focus is on something not shown: {state}"
    assert state["contrast"] >= 3, f"{where}: focus indicator under 3:1: {state}"


def walk_to_footer(page, start: str, limit: int = 150) -> list[dict]:
    """Tab from where focus is to the footer, checking each stop can be seen."""
    states = []
    for step in range(limit):
        state = tab(page)
        assert_seen(state, f"{start}, Tab {step + 1}")
        states.append(state)
        if state["landmark"] == "contentinfo":
            return states
    raise AssertionError(f"{start}: {limit} Tabs never reached the footer: {states[-3:]}")


@pytest.mark.parametrize("mode", list(MODES))
def test_tab_from_page_load_reaches_skip_link_then_landmarks_with_visible_focus(browser, server, mode):
    scheme, viewport = MODES[mode]
    context = new_context(browser, scheme, viewport)
    page = context.new_page()
    try:
        page.goto(server + DECREE)
        first = tab(page)
        assert "td-skip" in first["cls"] and first["text"] == "Bỏ qua menu, đến nội dung chính", first
        assert_seen(first, "skip link")
        landmarks = []
        for state in walk_to_footer(page, "from page load"):
            assert not state["inDrawer"] or viewport is DESKTOP, f"the closed drawer takes focus: {state}"
            if state["landmark"] not in landmarks:
                landmarks.append(state["landmark"])
        wanted = ["banner", "main", "contentinfo"] + (["navigation"] if viewport is DESKTOP else [])
        assert set(wanted) <= set(landmarks), landmarks
        assert landmarks.index("banner") < landmarks.index("main") < landmarks.index("contentinfo"), landmarks
    finally:
        context.close()


@pytest.mark.parametrize("mode", list(MODES))
def test_skip_link_goes_to_the_title_and_on_through_the_page(browser, server, mode):
    scheme, viewport = MODES[mode]
    context = new_context(browser, scheme, viewport)
    page = context.new_page()
    try:
        page.goto(server + DECREE)
        tab(page)
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#td-noi-dung'")
        assert page.evaluate("document.getElementById('td-noi-dung').tagName") == "H1"
        after = walk_to_footer(page, "after the skip link")
        # The next stop is the first link after the decree's title, then on to the footer; at phone
        # width the closed drawer (off-screen) is never a stop.
        assert after[0]["inContent"], after[0]
        assert page.evaluate("""document.getElementById('td-noi-dung')
            .compareDocumentPosition(document.querySelector('.td-meta a')) & Node.DOCUMENT_POSITION_FOLLOWING""")
        assert not [s for s in after if s["inDrawer"] and viewport is PHONE], after
    finally:
        context.close()


def test_every_page_has_a_skip_link_to_its_title(site):
    import re

    for url in site_pages(site):
        path = site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        text = path.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip td-skip">Bỏ qua menu, đến nội dung chính</a>', text)
        assert skip, url
        assert re.search(rf'<h1[^>]*\bid="{re.escape(skip.group(1))}"', text), (url, skip.group(1))


def is_menu_button(page) -> bool:
    return page.evaluate("document.activeElement.getAttribute('for') === '__drawer'")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_menu_opens_by_keyboard_and_its_links_are_reachable(browser, server, scheme):
    context = new_context(browser, scheme, PHONE)
    page = context.new_page()
    try:
        page.goto(server + DECREE)
        for step in range(5):
            state = tab(page)
            assert_seen(state, f"Tab {step + 1}")
            if is_menu_button(page):
                break
        assert is_menu_button(page), "the menu button should be among the first Tab stops"
        button = page.locator(".md-header__button[for='__drawer']")
        assert button.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_function("document.getElementById('__drawer').checked")
        assert button.get_attribute("aria-expanded") == "true"
        inside = page.evaluate(FOCUS_STATE)
        assert inside["inDrawer"], inside
        assert_seen(inside, "first drawer link")
        reached = {inside["text"]}
        for step in range(40):
            state = tab(page)
            if not state["inDrawer"]:
                break
            assert_seen(state, f"drawer Tab {step + 1}")
            reached.add(state["text"])
        for name in ("Trang chủ", "Trang thông tin điện tử", "Định dạng dữ liệu", "Hướng dẫn biên tập"):
            assert name in reached, (name, reached)
        assert "Tất cả văn bản" not in reached, "a closed sub-menu's links took focus"

        # A section opens as a sub-menu from the keyboard; its links are then reachable.
        section = page.locator(".md-nav--primary label.md-nav__link", has_text="Trang thông tin điện tử")
        section.focus()
        page.keyboard.press("Enter")
        toggle_id = section.get_attribute("for")
        page.wait_for_function(f"document.getElementById('{toggle_id}').checked")
        opened = []
        for step in range(12):
            state = tab(page)
            assert_seen(state, f"sub-menu Tab {step + 1}")
            opened.append(state["text"])
        assert "Tất cả văn bản" in opened, opened
        page.locator(f".md-nav .md-nav__title[for='{toggle_id}']").focus()
        page.keyboard.press("Enter")  # its title takes the reader back
        page.wait_for_function(f"!document.getElementById('{toggle_id}').checked")
        page.keyboard.press("Escape")
        page.wait_for_function("!document.getElementById('__drawer').checked")
        assert is_menu_button(page)
        assert button.get_attribute("aria-expanded") == "false"

        # Space opens it too (it is announced as a button), and a drawer link opens its page.
        page.keyboard.press(" ")
        page.wait_for_function("document.getElementById('__drawer').checked")
        page.locator(".md-sidebar--primary a", has_text="Hướng dẫn biên tập").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/huong-dan-bien-tap/")
    finally:
        context.close()


def test_text_size_buttons_are_named_by_what_they_show(browser, server):
    context = new_context(browser, "light", DESKTOP)
    page = context.new_page()
    try:
        page.goto(server + DECREE)
        # Shown: the text outside the screen-reader-only span; name: the whole text content.
        names = page.evaluate("""() => [...document.querySelectorAll('.td-textsize button')].map(b =>
            [[...b.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('').trim(),
             b.textContent.replace(/\\s+/g, ' ').trim()])""")
        assert [shown for shown, _ in names] == ["A−", "A", "A+"], names
        for shown, name in names:
            assert name.startswith(shown + " ") and len(name) > len(shown) + 3, (shown, name)
    finally:
        context.close()


def test_no_english_interface_text(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    missing = (site / "404.html").read_text(encoding="utf-8")
    for url in site_pages(site):
        path = site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        text = path.read_text(encoding="utf-8")
        for english in ("Permanent link", "Made with", "Not found", "Skip to content"):
            assert english not in text, (url, english)
    import re

    title = lambda text: re.search(r"<title>(.*?)</title>", text, re.S).group(1).strip()  # noqa: E731
    assert title(index) != title(missing)
    assert "404" in title(missing) and "Không tìm thấy" in title(missing)


def test_headings_in_order_and_landmarks_named(site):
    """What a screen reader lists: one h1 first, no level skipped going down; every navigation
    landmark named; a decree's metadata a description list under its own heading."""
    import re

    for url in site_pages(site):
        path = site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        text = path.read_text(encoding="utf-8")
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", text)]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (url, levels)
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{url}: h{before} then h{after} ({levels})"
        for attrs in re.findall(r"<nav\b([^>]*)>", text):
            assert re.search(r'aria-label(ledby)?="[^"]+"', attrs), (url, attrs)
        if "/van-ban/" in url and 'class="td-decree"' in text:
            assert re.search(r'<h2[^>]*>Thông tin văn bản</h2>\s*<dl class="td-meta">', text), url
