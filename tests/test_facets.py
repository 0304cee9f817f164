"""The facet mechanism on its own: grouping, order, URLs, pagination."""
from __future__ import annotations

from types import SimpleNamespace

from thidua.facets import Facet, Term, group, paginate
from thidua.vntext import fold


def campaign(name, *tags):
    return SimpleNamespace(name=name, tags=list(tags))


def tag_facet(**extra):
    return Facet(
        key="tag", segment="the", label="Thẻ", index_title="Thẻ", intro="", empty="",
        terms_of=lambda c: [Term(fold(t), t, fold(t).replace(" ", "-"), printed=t) for t in c.tags],
        **extra,
    )


def test_terms_with_one_key_share_a_group_in_campaign_order():
    a, b, c = campaign("a", "Văn hóa"), campaign("b", "văn hoá", "Dương"), campaign("c", "Đà Lạt")
    index = group(tag_facet(), [a, b, c])
    assert [g.term.name for g in index.groups] == ["Dương", "Đà Lạt", "Văn hóa"]
    culture = index.by_key[fold("Văn hóa")]
    assert culture.campaigns == [a, b]
    assert culture.spellings == ["văn hoá"]  # the first spelling names the page; others are noted
    assert index.terms_of(b) == [culture, index.by_key["duong"]]


def test_a_campaign_naming_a_term_twice_is_listed_once():
    a = campaign("a", "Văn hóa", "VĂN HÓA")
    assert group(tag_facet(), [a]).groups[0].campaigns == [a]


def test_seed_terms_have_pages_without_campaigns():
    facet = tag_facet(seed_terms=lambda: [Term("gia lai", "Gia Lai", "gia-lai", fixed=True)])
    index = group(facet, [campaign("a", "Anh")])
    assert [(g.term.name, len(g.campaigns)) for g in index.groups] == [("Anh", 1), ("Gia Lai", 0)]


def test_custom_order():
    facet = tag_facet(order=lambda g: -len(g.campaigns))
    index = group(facet, [campaign("a", "x", "y"), campaign("b", "y")])
    assert [g.term.name for g in index.groups] == ["y", "x"]


def test_urls_are_unique_and_fixed_slugs_win():
    facet = Facet(
        key="t", segment="the", label="", index_title="", intro="", empty="",
        terms_of=lambda c: [Term(t, t, "chung", fixed=t == "z") for t in c.tags],
    )
    index = group(facet, [campaign("a", "a", "z", "trang")])
    urls = {g.term.key: g.url for g in index.groups}
    assert urls["z"] == "trang-thong-tin-dien-tu/the/chung/"
    assert len(set(urls.values())) == 3
    assert all(u.startswith("trang-thong-tin-dien-tu/the/chung-") for k, u in urls.items() if k != "z")


def test_a_derived_slug_never_shadows_a_page_number():
    facet = Facet(key="t", segment="s", label="", index_title="", intro="", empty="",
                  terms_of=lambda c: [Term("k", "Trang 2", "trang-2")])
    assert group(facet, [campaign("a")]).groups[0].url != "trang-thong-tin-dien-tu/s/trang-2/"


def test_paginate_fixed_size_stable_urls():
    parts = paginate(list(range(45)), "x/", 20)
    assert [p.url for p in parts] == ["x/", "x/trang-2/", "x/trang-3/"]
    assert [len(p.items) for p in parts] == [20, 20, 5]
    assert sum((p.items for p in parts), []) == list(range(45))
    assert parts[1].pager()["prev"] == "x/" and parts[1].pager()["next"] == "x/trang-3/"
    assert parts[0].src_uri == "x/index.md"


def test_an_empty_listing_is_one_empty_page():
    parts = paginate([], "x/", 20)
    assert len(parts) == 1 and parts[0].items == [] and parts[0].pager()["count"] == 1


def test_pager_links_do_not_grow_with_the_listing():
    parts = paginate(list(range(10_000)), "x/", 10)
    assert len(parts[500].pager()["pages"]) <= 7


def test_derived_slugs_stay_unique_when_a_suffix_meets_another_plain_slug():
    """Two themes slug to "x"; the second becomes "x-<hash>", which a third theme's own slug may
    already be. Every term still gets its own URL (the build once failed naming no file)."""
    import hashlib

    from thidua.facets import Facet, Group, Term, _assign_urls

    # "~x z" sorts after the third key, so the third takes "x-<hash>" first and the second's
    # suffixed slug must look again.
    second = hashlib.sha1("~x z".encode()).hexdigest()[:6]
    keys = {"~x": "x", "~x z": "x", f"~x {second}": f"x-{second}"}
    groups = {key: Group(Term(key, key, slug)) for key, slug in keys.items()}
    facet = Facet(key="theme", segment="chu-de", label="Chủ đề", index_title="", intro="", empty="",
                  terms_of=lambda c: [])
    _assign_urls(facet, groups)
    urls = [g.url for g in groups.values()]
    assert len(set(urls)) == 3, urls
    assert groups["~x"].url.endswith("/x/")
