"""The search box by keyboard and for assistive technology (WCAG 2.1 AA), in Chromium.

axe-core (shipped inside axe-playwright-python, no npm) checks the open search with results in the
light and the dark scheme; a keyboard-only walk goes from page load to an opened result, checking
at each step that what has focus is visible (its outline, or its background, ≥ 3:1 against what is
behind it, WCAG 2.4.7 / 1.4.11).
"""
from __future__ import annotations

import pytest

from test_search_browser import S000, S002, SECTION, browser, search, server, site  # noqa: F401

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROOT = "[data-thidua-search]"

# Contrast of an element's focus indication against what is behind it, computed in the page:
# the outline colour when there is an outline, else the element's own background, each against the
# first opaque background behind the element (semi-transparent layers composited on the way).
CONTRAST_JS = """
el => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
  const behind = node => { const layers = [];
    for (let n = node; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let color = [255, 255, 255, 1]; for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color); return color; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const style = getComputedStyle(el);
  const back = behind(el.parentElement);
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
    return { how: 'outline', ratio: ratio(over(parse(style.outlineColor), back), back) };
  }
  return { how: 'background', ratio: ratio(behind(el), back) };
}
"""


def focus_contrast(page, selector: str | None = None) -> dict:
    # What a reader sees once focus has moved: Material fades the search form's background in
    # (a .25 s transition), and a reading taken half-way measured a colour no one looks at.
    page.evaluate("() => Promise.all(document.getAnimations()"
                  ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
                  ".map(a => a.finished.catch(() => null)))")
    handle = page.locator(selector) if selector else page.locator(":focus")
    return handle.evaluate(CONTRAST_JS)


def scheme(page, name: str) -> None:
    # What Material's palette toggle does (the toggle itself is another part of the page).
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", name)


@pytest.mark.parametrize("color_scheme", ["default", "slate"])
def test_open_search_with_results_has_no_axe_violations(browser, server, color_scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    scheme(page, color_scheme)
    assert search(page, "xây dựng nông thôn mới")
    page.keyboard.press("ArrowDown")  # an active option, with its ring, is part of the state checked
    page.locator("[data-thidua-filters] summary").click()
    page.wait_for_function("() => document.querySelector('[data-thidua-filters]').dataset.counted")
    results = Axe().run(page, context=ROOT, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_the_box_is_a_combobox_that_owns_a_listbox_of_options(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    box = page.locator(".md-search__input")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    hint = page.locator("#" + box.get_attribute("aria-describedby"))
    assert "Esc" in hint.inner_text() and "↓" in hint.inner_text()
    search(page, "Khuổi Lào")
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.locator("[role=option]")
    assert options.count() >= 1
    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.evaluate("el => el === document.activeElement")  # focus stays in the box: typing goes on
    context.close()


def test_escape_closes_and_returns_focus(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    # A link of the page has focus; "/" opens the search; Escape closes it and gives focus back.
    page.locator(".md-content a[href]").first.focus()
    before = page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("/")
    page.keyboard.type("Khuổi Lào")
    page.wait_for_function("""() => { const r = document.querySelector('[data-thidua-search]');
        return r.dataset.thiduaState === 'done' && r.dataset.thiduaQuery === 'Khuổi Lào'; }""")
    assert page.locator("[role=option]").count() >= 1
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.locator(".md-search__input").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.outerHTML") == before
    context.close()


def test_keyboard_only_from_page_load_to_an_opened_result(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    box = page.locator(".md-search__input")
    # 1. Tab from page load until the search box has focus; it is visibly focused.
    for _ in range(40):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    assert focus_contrast(page)["ratio"] >= 3, focus_contrast(page)
    # 2. Type a query from the decrees' text.
    page.keyboard.type("Hữu Lũng")
    page.wait_for_function("""() => { const r = document.querySelector('[data-thidua-search]');
        return r.dataset.thiduaState === 'done' && r.dataset.thiduaQuery === 'Hữu Lũng'; }""")
    # 3. Arrow down: the first result is the active option, with a ring ≥ 3:1.
    page.keyboard.press("ArrowDown")
    active = "[role=option][aria-selected=true]"
    assert focus_contrast(page, active)["ratio"] >= 3, focus_contrast(page, active)
    # 4. Tab moves through the open panel to the results, each stop visibly focused, never
    #    into the page behind it.
    reached = None
    for _ in range(10):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.querySelector('[data-thidua-search]').contains(document.activeElement)")
        assert inside, page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        result = focus_contrast(page)
        assert result["ratio"] >= 3, (result, page.evaluate("document.activeElement.outerHTML.slice(0, 200)"))
        if page.evaluate("document.activeElement.getAttribute('role') === 'option'"):
            reached = page.evaluate("document.activeElement.getAttribute('href')")
            break
    assert reached and reached.endswith(SECTION + S002), reached
    # 5. Enter opens it.
    page.keyboard.press("Enter")
    page.wait_for_url("**" + SECTION + S002)
    context.close()


def test_enter_opens_the_option_chosen_with_arrows(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    results = search(page, "khuoi lao")
    assert len(results) >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + SECTION + results[1])
    context.close()


def test_tab_cycles_inside_the_open_panel(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    search(page, "Khuổi Lào")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('[data-thidua-search]').contains(document.activeElement)")
        seen.append(page.evaluate("document.activeElement.className + '|' + (document.activeElement.getAttribute('href') || '')"))
    # Back at the box after the last stop.
    assert any(s.startswith("md-search__input") for s in seen), seen
    assert sum(S000 in s for s in seen) >= 1, seen
    context.close()


# axe leaves the panel's text contrast "incomplete" (the panel overlaps the page: it cannot tell the
# background), so the search's own text is measured here, against the composited background.
TEXT_CONTRAST_JS = """
els => els.map(el => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
  const layers = [];
  for (let n = el; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
  let back = [255, 255, 255, 1]; for (let i = layers.length - 1; i >= 0; i--) back = over(layers[i], back);
  const fore = over(parse(getComputedStyle(el).color), back);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const [x, y] = [lum(fore), lum(back)].sort((p, q) => q - p);
  return [el.className || el.tagName, el.textContent.slice(0, 30), (x + 0.05) / (y + 0.05)];
})
"""
TEXTS = (".md-search-result__meta, .thidua-search__hint, .thidua-search__meta span, .thidua-search__excerpt,"
         " .md-search-result__article h1, .thidua-search__filters summary, .md-search-result mark")


@pytest.mark.parametrize("color_scheme", ["default", "slate"])
def test_search_text_contrast_is_at_least_4_5(browser, server, color_scheme):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/trang-thong-tin-dien-tu/")
    scheme(page, color_scheme)
    assert search(page, "xây dựng nông thôn mới")
    page.keyboard.press("ArrowDown")  # the active option's tint is behind its text
    measured = page.eval_on_selector_all(TEXTS, TEXT_CONTRAST_JS)
    kinds = {m[0] for m in measured}
    assert {"md-search-result__meta", "thidua-search__excerpt"} <= kinds and "MARK" in kinds, kinds
    low = [m for m in measured if m[2] < 4.5]
    assert not low, low
    context.close()
