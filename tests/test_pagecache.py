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
    page = PlannedPage("a/index.md", "A", "thidua/campaign.html", markdown="x", context={"k": Unit("u", "U")})
    base = pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)
    assert base == pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ ĐÃ SỬA", ""]], search_entry=None)
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry={"keys": "x"})
    page.markdown = "y"
    assert base != pagecache.page_inputs(page, {}, crumbs=[["Trang chủ", ""]], search_entry=None)
