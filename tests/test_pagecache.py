"""Names of finished pages (hooks/thidua/pagecache.py): they change with any content a page could
show, stay the same for the same content, and refuse what they cannot read."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pytest

from thidua import pagecache
from thidua.dates import PartialDate
from thidua.planned import PlannedPage


@dataclass
class Unit:
    id: str
    name: str


@dataclass
class Decree:
    FINGERPRINT_SKIP = ("lines",)
    title: str
    issuer: Unit
    tags: set = field(default_factory=set)
    lines: dict = field(default_factory=dict)


def name(value):
    return pagecache.fingerprint(value, {})


def test_the_same_content_gives_the_same_name_in_every_build():
    a = Decree("Kế hoạch", Unit("so-x", "Sở X"), {"b", "a"}, {("title",): 3})
    b = Decree("Kế hoạch", Unit("so-x", "Sở X"), {"a", "b"}, {("title",): 9})
    assert name({"c": [a]}) == name({"c": [b]})  # set order and skipped positions do not count


@pytest.mark.parametrize("change", [
    lambda d: setattr(d, "title", "Kế hoạch mới"),
    lambda d: setattr(d.issuer, "name", "Sở Y"),  # a registry rename, two objects down
    lambda d: d.tags.add("c"),
])
def test_any_shown_change_gives_another_name(change):
    decree = Decree("Kế hoạch", Unit("so-x", "Sở X"))
    before = name({"decree": decree})
    change(decree)
    assert name({"decree": decree}) != before


def test_dates_patterns_and_typed_dates_are_read():
    value = {"day": datetime.date(2024, 3, 1), "partial": PartialDate(2024, 3, None),
             "pattern": re.compile("^Sở")}
    assert name(value) == name(dict(value)) != name({**value, "pattern": re.compile("^Ban")})


def test_an_object_it_cannot_read_is_refused_not_guessed():
    with pytest.raises(TypeError):
        name({"callback": lambda: 1})
    with pytest.raises(TypeError):
        name({"positions": {("a", 1): 2}})  # a dict keyed by tuples has no faithful JSON


def test_one_build_names_a_shared_object_once():
    memo: dict = {}
    unit = Unit("so-x", "Sở X")
    pagecache.fingerprint([Decree("A", unit), Decree("B", unit)], memo)
    assert id(unit) in memo and len(memo) == 3


def test_page_inputs_cover_the_plan_and_the_values_added_while_rendering():
    page = PlannedPage("a/index.md", "A", "thidua/campaign.html", text="x", context={"k": Unit("u", "U")})
    base = pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)
    assert base == pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ ĐÃ SỬA", ""]], search_entry=None)
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry={"keys": "x"})
    page.text = "y"
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000/", "https://ex.gov.vn/thidua", "https://ex.gov.vn/a/b/",
                                  "https://x.vn/?q=1", "https://x.vn/a/../b/", ""])
@pytest.mark.parametrize("url", ["trang-thong-tin-dien-tu/van-ban/2019/1-qd-snv2/", "./", "a/../b/", "/abs/",
                                 "x.html", "a//b/", "%C4%91/", "a;b/", "a?b", "http:x/"])
def test_a_sitemap_address_is_the_one_mkdocs_gives_the_page(base, url):
    """The sitemap lists pages taken from the cache with the addresses MkDocs would give them
    (mkdocs.structure.pages.Page._set_canonical_url), found by concatenation where that is the same."""
    from urllib.parse import urljoin, urlsplit

    import thidua_finished

    canonical = urljoin(base if base.endswith("/") else base + "/", url) if base else None
    assert thidua_finished._canonical(base, url) == (canonical, urlsplit(canonical).path if base else None)


def _sitemap_page(url, canonical=None, lastmod="", link=False):
    from types import SimpleNamespace
    return SimpleNamespace(page=SimpleNamespace(is_link=link, abs_url=url, canonical_url=canonical, update_date=lastmod))


def test_the_sitemap_written_out_is_what_mkdocs_template_prints():
    """thidua_finished.sitemap_xml() stands in for MkDocs' sitemap template (overrides/sitemap.xml):
    the same bytes for the same pages, links and pages without an address left out, addresses
    escaped as `|e` escapes them (a hostile address among them)."""
    from mkdocs.theme import Theme

    import thidua_finished

    template = Theme(name="material").get_env().get_template("sitemap.xml")  # the one overrides/ replaces
    pages = [_sitemap_page("/", "https://ex.gov.vn/"),
             _sitemap_page("/van-ban/2025/1-kh/", "https://ex.gov.vn/van-ban/2025/1-kh/", "2025-03-04"),
             _sitemap_page("/a&b/\"<script>alert('x')</script>/", None, "2024-12-31"),
             _sitemap_page("https://elsewhere.example/", None, "2024-01-01", link=True),
             _sitemap_page(None, None, "2024-01-01"),
             _sitemap_page("/nam/2025/", None)]
    written = thidua_finished.sitemap_xml(pages)
    assert written == template.render(pages=pages)
    assert "<script>" not in written and "&lt;script&gt;" in written and "elsewhere" not in written
    assert thidua_finished.sitemap_xml([]) == template.render(pages=[])
    # A date is printed raw by MkDocs' template; here it is escaped too.
    assert "<lastmod>&lt;b&gt;</lastmod>" in thidua_finished.sitemap_xml([_sitemap_page("/x/", None, "<b>")])


def test_text_names_are_text_digests_found_again_by_the_same_string(monkeypatch):
    """The preview names a text it named in its previous build without hashing it again; any other
    string, even with the same content, is hashed, and what two builds ago named is forgotten."""
    hashed = []
    digest = pagecache.text_digest
    monkeypatch.setattr(pagecache, "text_digest", lambda text: hashed.append(text) or digest(text))
    names = pagecache.TextNames()
    body = "".join(["Nội dung ", "văn bản"])  # built at run time: not an interned constant
    assert names.name(body) == digest(body) and len(hashed) == 1
    names.next_build()
    assert names.name(body) == digest(body) and len(hashed) == 1  # found again
    copy = "".join(["Nội dung văn", " bản"])
    assert copy == body and copy is not body
    assert names.name(copy) == digest(body) and len(hashed) == 2
    names.next_build()
    names.next_build()  # a build that did not name it: forgotten
    assert names.name(body) == digest(body) and len(hashed) == 3
    assert names.name(None) is None


@dataclass
class Unread:
    """A decree whose body must not be read to name its page."""
    path: str
    digest: str

    @property
    def body(self) -> str:
        raise AssertionError("the body was read")


def test_a_decree_page_names_its_record_body_by_the_record_files_digest(monkeypatch):
    """A decree page's Markdown is its record's body, a function of the record file's bytes: the
    file's digest names it, and it is neither read nor hashed. Markdown that is not a record's
    body is hashed, even with the same text."""
    hashed = []
    digest = pagecache.text_digest
    monkeypatch.setattr(pagecache, "text_digest", lambda text: hashed.append(text) or digest(text))
    body = "".join(["Toàn văn ", "kế hoạch"])
    record = Unread("campaigns/2025/1-kh.md", "a" * 64)
    page = PlannedPage("van-ban/2025/1-kh.md", "1/KH", "thidua/campaign.html", record=record,
                       context={"campaign": record})
    inputs = pagecache.page_inputs(page, {}, crumbs=[])
    assert hashed == [] and ("a" * 64) in inputs[3]
    edited = Unread(record.path, "b" * 64)  # the file's bytes changed
    assert pagecache.page_inputs(PlannedPage(page.src_uri, page.title, page.template, record=edited,
                                             context={"campaign": edited}), {}, crumbs=[])[3] != inputs[3]
    named = pagecache.page_inputs(PlannedPage(page.src_uri, page.title, page.template, text=body,
                                              context={"campaign": record}), {}, crumbs=[])
    assert hashed == [body] and named[3] == digest(body)


def test_pages_named_by_two_processes_get_the_names_one_process_gives(tmp_path, monkeypatch):
    """thidua_finished.page_keys hands half of the pages to a forked process: the same names, in
    the same order, as one process naming them all; and one that fails leaves them to this one."""
    from conftest import copy_project
    from thidua import buildcache, catalog, options, pages, parallel, search
    from thidua.validate import validate_project

    import thidua_finished

    root = copy_project(tmp_path / "p")
    portal, problems = validate_project(root)
    assert problems == []
    store = buildcache.Store(tmp_path / "cache", "code")
    planned = pages.plan(portal, catalog.build(portal), options.read({}))
    entries = search.plan(portal.campaigns, store, themes=portal.themes)
    titles = {page.url: page.title for page in planned}
    one = thidua_finished.page_keys(planned, "site", store, entries, titles, workers=1)
    monkeypatch.setattr(thidua_finished, "SPLIT_PAGES", 2)
    forks = []
    real = parallel.Beside.__init__

    def counted(self, fn, *args, **kwargs):
        real(self, fn, *args, **kwargs)
        forks.append(self.pid)

    monkeypatch.setattr(parallel.Beside, "__init__", counted)
    two = thidua_finished.page_keys(planned, "site", store, entries, titles, workers=2)
    assert len(forks) == 1 and forks[0] is not None  # a child did name half of them
    assert list(two.items()) == list(one.items()) and len(one) == len(planned)
    monkeypatch.setattr(thidua_finished, "_page_keys", _fails_in_a_child(thidua_finished._page_keys))
    assert list(thidua_finished.page_keys(planned, "site", store, entries, titles, workers=2).items()) \
        == list(one.items())


def _fails_in_a_child(fn):
    import os
    parent = os.getpid()

    def named(*args):
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return fn(*args)
    return named
