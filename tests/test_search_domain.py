"""The search index's domain: folding for Pagefind, phrase keys, index entries. No MkDocs here."""
import os
import random
import subprocess
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest

from thidua import search, searchindex
from thidua.vntext import fold
from thidua.search import STROKE, body_names, campaign_entry, index_text, number_keys, phrase_key, phrase_keys


def test_index_text_spells_d_with_a_stroke_pagefind_strips():
    assert index_text("Sở KHĐT: thi đua") == f"Sở KHD{STROKE}T: thi d{STROKE}ua"
    # Everything but đ/Đ is left to Pagefind's own folding.
    assert index_text("văn hoá thuỷ") == "văn hoá thuỷ"


@pytest.mark.parametrize("query", ["Dương Công Vĩ", "duong cong vi", "DƯƠNG CÔNG VĨ",
                                   unicodedata.normalize("NFD", "Dương Công Vĩ")])
def test_phrase_key_folds_case_marks_and_normalisation(query):
    assert phrase_key(query) == "zzduongcongvi"


def test_phrase_key_ignores_tone_placement():
    assert phrase_key("văn hoá thuỷ lợi") == phrase_key("văn hóa thủy lợi") == "zzvanhoathuyloi"


def test_phrase_keys_cover_every_word_suffix_and_short_sub_phrase():
    keys = phrase_keys("An toàn giao thông cho trẻ em")
    assert keys[:3] == ["zzantoangiaothongchotreem", "zztoangiaothongchotreem", "zzgiaothongchotreem"]
    assert {"zzantoangiaothong", "zzgiaothong", "zztoan", "zzchotre"} <= set(keys)
    assert "zzantoangiaothongchotre" in keys  # six words: still a key of its own


def test_phrase_keys_are_capped():
    assert all(len(k) <= search.MAX_KEY for k in phrase_keys("thi đua " * 40))


def test_number_keys_match_the_number_its_issuer_code_and_type_phrase():
    keys = number_keys("173/PD-SKHĐT", "phát động")
    assert {"zz173pdskhdt", "zzskhdt", "zzpdskhdt"} <= set(keys)
    keys = number_keys("02/CT-UBND", "chỉ thị")
    assert {"zz02ctubnd", "zzchithi02ctubnd", "zzchithiso02ctubnd"} <= set(keys)
    assert phrase_key("Chỉ thị 02/CT-UBND") in keys
    assert phrase_key("Chỉ thị số 02/CT-UBND") in keys
    assert number_keys("382a/QĐ-UBND")[0] == "zz382aqdubnd"


def test_blank_number_falls_back_to_printed_symbol():
    assert number_keys("", "kế hoạch", "KH-SGTVT")[0] == "zzkhsgtvt"
    assert number_keys("", "phát động") == []


def test_words_are_the_words_of_the_folded_text():
    """words() skips fold()'s collapsing of whitespace, which no word contains: the same words for
    every mix of letters, marks, kinds of whitespace and punctuation."""
    pieces = [*"aAđĐăÂệỆß1_.,-", "hoá", "hóa", "\u0301", "\t", "\n", "\u00a0", "\u2003", "\u3000", " "]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    assert [search.words(t) for t in texts] == [search._WORDS.findall(fold(t)) for t in texts]
    assert search.words("Thi\u00a0đua\n\tHOÁ  1_a") == ["thi", "dua", "hoa", "1", "a"]


def test_body_names_are_capitalised_runs_cut_at_punctuation():
    body = "Thi công tuyến Đường Khuổi Lào – Yên Lỗ, huyện Bình Gia; đồng chí Hoàng Văn Thụ (04/11/1909)."
    assert body_names(body) == ["Đường Khuổi Lào", "Yên Lỗ", "Bình Gia", "Hoàng Văn Thụ"]


RECORD = {
    "title": "Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023",
    "number": "173/PD-SKHĐT",
    "doc_type": "phát động",
    "heading": "PHÁT ĐỘNG",
    "issuer": "so-khdt-lang-son",
    "issued": "2023-01-31",
    "place": "Lạng Sơn",
    "theme": "Siết chặt kỷ cương",
    "signer": {"name": "Vũ Hoàng Quý", "position": "GIÁM ĐỐC"},
    "topics": ["chuyển đổi số", "đầu tư công"],
}


def test_campaign_entry_keys_filters_and_meta():
    entry = campaign_entry(RECORD, issuer_name="Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
                           issuer_names=["Sở KHĐT"], year=2023, date_display="31/1/2023",
                           body="Đường Khuổi Lào mới.")
    assert "zzvuhoangquy" in entry.keys["signer"]
    assert "zzsokhdt" in entry.keys["issuer"]
    assert "zzsokehoachvadaututinhlangson" in entry.keys["issuer"]
    assert "zzkhuoilao" in entry.keys["name"]
    assert entry.filters == {
        "Năm": ["2023"],
        "Cơ quan ban hành": ["Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"],
        "Loại văn bản": ["phát động"],
        "Chủ đề": ["Siết chặt kỷ cương"],  # the record's theme, as on /chu-de/
        "Lĩnh vực": ["chuyển đổi số", "đầu tư công"],  # its topics, as on the decree's page
    }
    assert entry.meta == {"number": "173/PD-SKHĐT", "issuer": "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
                          "date": "31/1/2023", "doc_type": "phát động"}


def test_facets_are_the_site_s_theme_and_topics():
    assert search.FACETS == ["Năm", "Cơ quan ban hành", "Loại văn bản", "Chủ đề", "Lĩnh vực"]
    entry = campaign_entry(RECORD, issuer_name="Sở KHĐT", year=2023)
    assert entry.filters[search.FACET_THEME] == [RECORD["theme"]]
    assert entry.filters[search.FACET_TOPIC] == RECORD["topics"]
    # Theme and topic tokens never collide, even for the same words.
    assert search.facet_token(search.FACET_THEME, "văn hoá") != search.facet_token(search.FACET_TOPIC, "văn hoá")
    # A record without a theme or topics has no value for those facets.
    bare = campaign_entry({k: v for k, v in RECORD.items() if k not in ("theme", "topics")},
                          issuer_name="Sở KHĐT", year=2023)
    assert search.FACET_THEME not in bare.filters and search.FACET_TOPIC not in bare.filters


def test_facet_tokens_are_index_words_of_every_facet():
    entry = campaign_entry(RECORD, issuer_name="Sở KHĐT", year=2023)
    tokens = entry.facet_tokens().split()
    assert "zfn2023" in tokens
    assert search.facet_token(search.FACET_THEME, "Siết chặt kỷ cương") == "zfdsietchatkycuong"
    assert "zfdsietchatkycuong" in tokens
    assert "zfvchuyendoiso" in tokens and "zfvdautucong" in tokens


def test_facet_list_follows_facets_order_and_counts_decrees():
    shared = "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bút phá"
    entries = [
        campaign_entry(dict(RECORD, theme=shared), issuer_name="Sở KHĐT", year=2023),
        campaign_entry(dict(RECORD, theme=shared, topics=["an toàn giao thông"]),
                       issuer_name="Sở GTVT", year=2021),
        # the same slogan with other marks and punctuation: one option, not two
        campaign_entry(dict(RECORD, theme="siết chặt kỷ cương - tăng cường trách nhiệm, quyết liệt hành động,"
                                          " sáng tạo bút phá", topics=[]),
                       issuer_name="Sở GTVT", year=2021),
        campaign_entry(dict(RECORD, theme="An toàn giao thông cho trẻ em", topics=["văn hóa", "văn hoá"]),
                       issuer_name="Sở TTTT", year=2018),
    ]
    facets = search.facet_list(entry.filters for entry in entries)
    assert [f["name"] for f in facets] == search.FACETS
    by_name = {f["name"]: f["values"] for f in facets}
    assert [v["value"] for v in by_name["Năm"]] == ["2023", "2021", "2018"]
    themes = by_name["Chủ đề"]
    assert [(v["value"], v["count"]) for v in themes] == [("An toàn giao thông cho trẻ em", 1), (shared, 3)]
    assert themes[1]["token"] == search.facet_token(search.FACET_THEME, shared)
    topics = {v["value"]: v["count"] for v in by_name["Lĩnh vực"]}
    assert topics == {"an toàn giao thông": 1, "chuyển đổi số": 1, "đầu tư công": 1, "văn hóa": 1}
    assert search.facet_list([]) == [{"name": name, "values": []} for name in search.FACETS]


def test_a_warm_plan_reads_no_entry_until_its_page_asks_for_it(tmp_path, monkeypatch):
    """A decree's entry in the cache is not read to plan a build: its filters come from its record
    and equal those of its entry; the entry is read when asked for, or computed again when it
    cannot be."""
    from pathlib import Path

    from thidua import buildcache
    from thidua.validate import validate_project

    portal, problems = validate_project(Path(__file__).resolve().parent.parent)
    assert problems == []
    campaigns = portal.campaigns
    cold_store = buildcache.Store(tmp_path / "cache", "code")
    cold = search.plan(campaigns, cold_store, themes=portal.themes)
    # A cold build does not hold the entries it computed either: each is read back when its page
    # asks for it (decoded, an archive's entries weigh six times their JSON).
    cold_reads = []
    monkeypatch.setattr(cold_store, "get", lambda kind, key, count=True, get=cold_store.get:
                        cold_reads.append(kind) or get(kind, key, count))
    assert cold[campaigns[0].path].entry == search.entry_from_inputs(search.entry_inputs(campaigns[0], portal.themes))
    assert cold_reads == ["search"]
    store = buildcache.Store(tmp_path / "cache", "code")
    reads = []
    monkeypatch.setattr(store, "get", lambda kind, key, count=True, get=store.get:
                        reads.append(kind) or get(kind, key, count))
    warm = search.plan(campaigns, store, themes=portal.themes)
    assert "search" not in reads and store.hits >= len(campaigns)
    assert all(warm[c.path].filters == cold[c.path].entry.filters for c in campaigns)
    assert (search.facet_list(p.filters for p in warm.values())
            == search.facet_list(p.entry.filters for p in cold.values()))
    first, second = campaigns[0].path, campaigns[1].path
    assert warm[first].entry == cold[first].entry and reads.count("search") == 1
    store.put("search", warm[second].name, "damaged")
    assert warm[second].entry == cold[second].entry and reads.count("search") == 2
    assert buildcache.Store(tmp_path / "cache", "code").get("search", warm[second].name) != "damaged"
    # The preview keeps what it read decoded between rebuilds: it reads every entry, once.
    preview = buildcache.Store(tmp_path / "cache", "code", memory={})
    held = search.plan(campaigns, preview, themes=portal.themes)
    assert len(preview.remembered) >= len(campaigns)
    assert all(held[c.path].entry == cold[c.path].entry for c in campaigns)


def test_weighted_keys_put_number_and_signer_first():
    entry = campaign_entry(RECORD, issuer_name="Sở KHĐT", year=2023)
    weights = [w for w, _ in entry.weighted_keys()]
    assert weights == sorted(weights, reverse=True)
    assert weights[0] == search.WEIGHTS["number"] == 10
    assert all(0 <= w <= 10 for w in weights)  # Pagefind's range


def test_unnumbered_record_shows_chua_ghi_so_and_is_found_by_its_symbol():
    # A number not yet assigned is a legitimate state ("Số: /KH-SGTVT" in the source): the result
    # says so as the decree's page does, and the printed symbol still finds it.
    record = dict(RECORD, number="", symbol="KH-SGTVT")
    entry = campaign_entry(record, issuer_name="Sở GTVT", year=2024)
    assert entry.meta["number"] == "Chưa ghi số" == search.NO_NUMBER
    assert "zzkhsgtvt" in entry.keys["number"]
    entry = campaign_entry(dict(RECORD, number=""), issuer_name="Sở GTVT", year=2024)
    assert "number" not in entry.keys and entry.meta["number"] == "Chưa ghi số"


def test_the_theme_filter_is_the_registry_name_and_both_spellings_find_it():
    printed = "Siết chặt kỷ cương, sáng tạo bút phá"
    canonical = "Siết chặt kỷ cương, sáng tạo bứt phá"
    entry = campaign_entry(dict(RECORD, theme=printed), issuer_name="Sở KHĐT", year=2021, theme_name=canonical)
    assert entry.filters[search.FACET_THEME] == [canonical]
    assert {phrase_key("sáng tạo bút phá"), phrase_key("sáng tạo bứt phá")} <= set(entry.keys["theme"])
    # Without a registry entry the printed theme is its own name.
    entry = campaign_entry(dict(RECORD, theme=printed), issuer_name="Sở KHĐT", year=2021)
    assert entry.filters[search.FACET_THEME] == [printed]


def test_build_index_indexes_the_model_s_section():
    from thidua.model import SECTION

    assert searchindex.SECTION is SECTION


def test_build_index_fails_loudly_without_a_section(tmp_path):
    with pytest.raises(searchindex.SearchIndexError):
        searchindex.build_index(tmp_path)


def test_build_index_indexes_a_section_and_folds_d(tmp_path):
    page = tmp_path / searchindex.SECTION / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="vi"><body><div class="md-main__inner"><article class="md-content__inner">'
                    "<h1>Thi đua</h1><p>Sở KHĐT</p></article></div></body></html>", encoding="utf-8")
    report = searchindex.build_index(tmp_path)
    assert report.pages == 1
    import json
    facets = json.loads((tmp_path / "pagefind" / searchindex.FACETS_FILE).read_text(encoding="utf-8"))
    assert facets == []  # no decree, no filter
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    # The served page keeps its đ; only Pagefind's private copy was rewritten.
    assert "Thi đua" in page.read_text(encoding="utf-8")


def test_post_build_hook_turns_an_indexer_failure_into_a_build_error(tmp_path):
    from types import SimpleNamespace
    import importlib.util
    from pathlib import Path

    from mkdocs.exceptions import PluginError

    glue = Path(__file__).resolve().parents[1] / "hooks" / "thidua_mkdocs.py"
    spec = importlib.util.spec_from_file_location("thidua_mkdocs_under_test", glue)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(PluginError):
        module.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))


def test_common_words_need_both_a_share_and_a_count(monkeypatch):
    texts = ["thi đua giao thông"] * 30 + ["thi đua văn hoá"] * 70
    assert search.common_words(texts) == {}  # a small site has no common word
    monkeypatch.setattr(search, "COMMON_MIN", 50)
    # "thi", "đua" in all 100; "văn", "hoá" in 70; "giao", "thông" in 30 (>= 25 %, < 50 decrees)
    assert list(search.common_words(texts)) == ["dua", "hoa", "thi", "van"]
    # …with their occurrences: the browser looks up the least frequent of a query's common words.
    texts = ["thi đua thi đua văn hoá"] * 70 + ["thi đua"] * 30
    assert search.common_words(texts) == {"dua": 170, "hoa": 70, "thi": 170, "van": 70}


def test_common_words_are_priced_by_the_index_chunk_that_holds_them(tmp_path):
    """A real Pagefind bundle: each common word gets the size of the chunk the browser would fetch."""
    from thidua.pagefindmeta import chunk_prices

    site = tmp_path / "site"
    section = site / "trang-thong-tin-dien-tu"
    section.mkdir(parents=True)
    for i in range(3):
        (section / f"p{i}.html").write_text(
            f"<html lang='vi'><body><main class='md-main__inner'><h1>Trang {i}</h1>"
            f"<p>an toàn giao thông {'thủy lợi ' * (i + 1)}</p></main></body></html>", encoding="utf-8")
    report = searchindex.build_index(site, common={"an": 3, "giao": 3, "zzzz": 9})
    prices = chunk_prices(report.bundle, ["an", "giao", "zzzz"])
    chunks = {p.stat().st_size for p in (report.bundle / "index").glob("*.pf_index")}
    assert set(prices) == {"an", "giao"} and set(prices.values()) <= chunks  # "zzzz": past every chunk
    import json
    written = json.loads((report.bundle / searchindex.COMMON_FILE).read_text(encoding="utf-8"))
    assert written == {"an": prices["an"], "giao": prices["giao"], "zzzz": 0}
    assert chunk_prices(tmp_path / "nowhere", ["an"]) == {}


def _page(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html lang='vi'><body><main class='md-main__inner'><h1>Trang</h1>"
                    f"<p>{text}</p></main></body></html>", encoding="utf-8")


def test_build_index_shards_decrees_by_year_and_reuses_unchanged_shards(tmp_path):
    """One Pagefind bundle per year of decree pages, the rest in the site's at pagefind/ itself; a
    second build with the same store runs Pagefind only over the year whose page changed."""
    import json
    from thidua import buildcache
    from thidua.pagefindmeta import chunk_prices

    site = tmp_path / "site"
    section = site / searchindex.SECTION
    _page(section / "index.html", "an toàn giao thông trang chủ")
    _page(section / "van-ban" / "index.html", "danh sách văn bản giao thông")
    _page(section / "van-ban" / "2020" / "a" / "index.html", "an toàn giao thông năm 2020")
    _page(section / "van-ban" / "2021" / "b" / "index.html", "giao thông thủy lợi năm 2021")
    assert searchindex.shard_of(f"{searchindex.SECTION}/van-ban/2021/b/index.html") == "2021"
    assert searchindex.shard_of(f"{searchindex.SECTION}/van-ban/index.html") == "site"
    store = buildcache.Store(tmp_path / "cache", "code")
    lines = []
    report = searchindex.build_index(site, common={"giao": 3}, store=store, workers=2, log=lines.append)
    assert report.pages == 4 and report.shards == ["site", "2020", "2021"] and report.reused == []
    assert lines == ["search: 3 of 3 shards indexed, 0 reused"]
    bundle = site / "pagefind"
    assert json.loads((bundle / searchindex.SHARDS_FILE).read_text(encoding="utf-8")) == [
        {"name": "site", "pages": 2}, {"name": "2020", "pages": 1}, {"name": "2021", "pages": 1}]
    assert (bundle / "pagefind.js").is_file() and not (bundle / "2020" / "pagefind.js").exists()
    # Looking a word up asks every shard: its price is the sum of the chunks that hold it.
    price = sum(chunk_prices(b, ["giao"])["giao"] for b in (bundle, bundle / "2020", bundle / "2021"))
    assert json.loads((bundle / searchindex.COMMON_FILE).read_text(encoding="utf-8")) == {"giao": price}
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}

    again = searchindex.build_index(site, common={"giao": 3}, store=buildcache.Store(tmp_path / "cache", "code"))
    assert again.reused == ["site", "2020", "2021"]
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()} == first

    _page(section / "van-ban" / "2021" / "b" / "index.html", "giao thông thủy lợi năm 2021, sửa")
    # The caller's own work runs once, while 2021 is indexed: the reused shards are in place by
    # then (their cache entries read, so a prune there keeps them); the facets are counted after it.
    # The previous bundle is set aside at once and gone by then too, with what a killed build left.
    (bundle / "stray.js").write_text("old", encoding="utf-8")
    (site / ".pagefind-previous").mkdir()
    (site / ".pagefind-previous" / "left.js").write_text("old", encoding="utf-8")
    calls = []
    facets = [{"name": "year", "values": [{"token": "2021", "label": "2021", "count": 1}]}]
    edited = searchindex.build_index(
        site, store=buildcache.Store(tmp_path / "cache", "code"),
        meanwhile=lambda: calls.append(sorted(p.name for p in bundle.iterdir() if p.is_dir()))
        or calls.append(sorted(p.name for p in site.iterdir())),
        facets=lambda: calls.append("facets") or facets)
    assert edited.reused == ["site", "2020"]
    assert calls == [["2020", "fragment", "index"], ["pagefind", searchindex.SECTION], "facets"]
    assert not (bundle / "stray.js").exists()
    assert json.loads((bundle / searchindex.FACETS_FILE).read_text(encoding="utf-8")) == facets
    # Another code fingerprint (a new thidua, Python, Pagefind…) trusts nothing.
    assert searchindex.build_index(site, store=buildcache.Store(tmp_path / "cache", "other")).reused == []

    # Beyond the RECENT_YEARS newest years, the older ones share one shard.
    _page(section / "van-ban" / "2019" / "c" / "index.html", "giao thông năm 2019")
    _page(section / "van-ban" / "2018" / "d" / "index.html", "giao thông năm 2018")
    grouped = searchindex.build_index(site, store=buildcache.Store(tmp_path / "cache", "code"))
    assert searchindex.RECENT_YEARS == 2
    assert grouped.shards == ["site", "2020", "2021", "luu-tru-2018"] and grouped.pages == 6
    assert grouped.reused == ["site", "2020", "2021"]  # the years themselves did not change


def test_older_years_are_cut_into_shards_of_about_archive_pages(tmp_path):
    """One Pagefind's memory grows with its pages: older years fill shards oldest first, each closed
    by the year that reaches archive_pages, so adding to a later year never moves an earlier cut."""
    section = tmp_path / "site" / searchindex.SECTION
    counts = {"2015": 1, "2016": 1, "2017": 3, "2018": 1, "2019": 1, "2020": 1, "2021": 1}
    for year, n in counts.items():
        for i in range(n):
            _page(section / "van-ban" / year / f"p{i}" / "index.html", f"năm {year}")
    _page(section / "index.html", "trang chủ")
    shards = searchindex._shards(section, searchindex.SECTION, 2)
    assert {name: len(pages) for name, pages in shards.items()} == {
        "site": 1, "luu-tru-2015": 2, "luu-tru-2017": 3, "luu-tru-2018": 2, "2020": 1, "2021": 1}
    _page(section / "van-ban" / "2019" / "p9" / "index.html", "năm 2019")  # a later year grows
    again = searchindex._shards(section, searchindex.SECTION, 2)
    assert [name for name in again] == [name for name in shards]
    assert len(again["luu-tru-2015"]) == 2 and len(again["luu-tru-2018"]) == 3


def test_the_memory_gate_keeps_the_weights_running_together_within_its_capacity():
    import threading
    import time

    gate = searchindex.MemoryGate(10)
    lock, running, overlaps = threading.Lock(), [], []

    def work(name, weight):
        with gate.hold(weight):
            with lock:
                running.append((name, weight))
                overlaps.append(list(running))
            time.sleep(0.05)
            with lock:
                running.remove((name, weight))

    threads = [threading.Thread(target=work, args=(f"w{i}", weight))
               for i, weight in enumerate([10, 6, 4, 3, 25, 1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert all(not thread.is_alive() for thread in threads) and gate.used == 0
    # Never more than the capacity at once; a weight above it (25) ran alone, as did the full one.
    assert all(sum(min(weight, 10) for _, weight in together) <= 10 for together in overlaps)
    assert all(len(together) == 1 for together in overlaps if any(w >= 10 for _, w in together))
    assert any(len(together) > 1 for together in overlaps)  # lighter ones did run side by side


def test_pagefind_runs_beside_another_only_while_both_weigh_no_more_than_the_heaviest(tmp_path, monkeypatch):
    """An older years' shard of decree pages weighs most: its Pagefind runs alone, and the light
    shards (a year of one decree, the site's pages) run two at once."""
    import threading
    import time

    section = tmp_path / "site" / searchindex.SECTION
    _page(section / "index.html", "trang chủ")
    _page(section / "van-ban" / "index.html", "danh sách")
    for year, n in {"2017": 2, "2018": 1, "2020": 1, "2021": 1}.items():
        for i in range(n):
            _page(section / "van-ban" / year / f"p{i}" / "index.html", f"giao thông năm {year}")
    shards = searchindex._shards(section, searchindex.SECTION)
    weights = {name: searchindex.shard_weight(name, pages) for name, pages in shards.items()}
    assert weights == {"site": 2, "2020": 20, "2021": 20, "luu-tru-2017": 60}
    run, lock, running, together = searchindex._run_pagefind, threading.Lock(), set(), []

    def watched(copy_root, output):
        with lock:
            running.add(copy_root.name)
            together.append(set(running))
        time.sleep(0.3)  # long enough for a second shard's run to begin beside this one
        try:
            return run(copy_root, output)
        finally:
            with lock:
                running.discard(copy_root.name)

    monkeypatch.setattr(searchindex, "_run_pagefind", watched)
    report = searchindex.build_index(tmp_path / "site", workers=2)
    assert report.pages == 7 and sorted(report.shards) == sorted(shards)
    assert {"luu-tru-2017"} in together  # the heaviest alone
    assert all(len(names) == 1 for names in together if "luu-tru-2017" in names)
    assert max(len(names) for names in together) == 2


def test_planned_syllables_give_the_common_words_of_the_decrees_texts(monkeypatch, tmp_path):
    """plan() counts each decree's syllables: from nothing, cold or without a cache, and from the
    totals the previous build stored, brought up to date by the decrees added and removed since
    (their syllables read from the cache), or counted again when those totals are damaged."""
    from pathlib import Path

    from thidua import buildcache
    from thidua.validate import validate_project

    monkeypatch.setattr(search, "COMMON_MIN", 2)
    monkeypatch.setattr(search, "COMMON_SHARE", 0.5)
    portal, problems = validate_project(Path(__file__).resolve().parent.parent)
    assert problems == []
    campaigns = portal.campaigns

    def expected(chosen):
        return search.common_words(search.search_text(search.entry_inputs(c, portal.themes)) for c in chosen)

    def counted(chosen, store):
        counter = search.SyllableCounter()
        planned = search.plan(chosen, store, themes=portal.themes, counter=counter)
        assert set(planned) == {c.path for c in chosen}
        return counter

    assert expected(campaigns)  # a few syllables are in half of five decrees
    assert expected(campaigns[1:]) != expected(campaigns)
    assert counted(campaigns, None).common() == expected(campaigns)
    def build_store():  # each build its own, pruned at its end, as the glue does
        return buildcache.Store(tmp_path / "cache", "code")

    totals = build_store().key(search.TOTALS)
    # Cold, warm, one gone, back, two gone, and warm again: a build that reads no syllables.
    for chosen in (campaigns, campaigns, campaigns[1:], campaigns, campaigns[2:], campaigns[2:]):
        store = build_store()
        counter = counted(chosen, store)
        assert counter.common() == expected(chosen) and counter.count == len(chosen)
        assert search.SyllableCounter.from_json(store.get(search.TOTALS, totals)).names == counter.names
        store.prune()
    # Warm, one decree gone: only its syllables are read (to take it back), none of the others',
    # and the prune of the build before kept them although it did not read them.
    store = build_store()
    reads = []
    monkeypatch.setattr(store, "get", lambda kind, key, get=store.get: reads.append(kind) or get(kind, key))
    assert counted(campaigns[3:], store).common() == expected(campaigns[3:])
    assert reads.count("syllables") == 1 and store.misses == 0
    # Damaged totals, or the syllables of a decree to take back gone: every decree counted again.
    store.put(search.TOTALS, totals, {"count": 99, "names": {}, "syllables": {}})
    assert counted(campaigns, store).common() == expected(campaigns)
    gone = search.plan(campaigns[:1], store, themes=portal.themes)[campaigns[0].path].name
    assert gone in search.SyllableCounter.from_json(store.get(search.TOTALS, totals)).names
    store.put("syllables", gone, "damaged")
    assert counted(campaigns[1:], store).common() == expected(campaigns[1:])


def test_a_shard_is_named_the_same_whether_its_pages_were_named_or_read(tmp_path):
    """The preview names only the pages it writes; a page it kept is read. Either way a page
    without a search entry names its shard by its bytes, so an unchanged shard is reused."""
    pages = []
    for name, text in [("a", "<p>Danh sách</p>"), ("b", "<p>Văn bản</p>")]:
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        pages.append((f"s/{name}.html", str(path)))
    read = searchindex._digest(pages, {}, {})
    named = {"s/a.html": searchindex.content_name((tmp_path / "a.html").read_bytes())}
    assert searchindex._digest(pages, {}, named) == read
    assert searchindex._digest(pages, {"s/a.html": (0, "<div>khoá</div>")}, {}) != read
    (tmp_path / "b.html").write_text("<p>Văn bản sửa</p>", encoding="utf-8")
    assert searchindex._digest(pages, {}, named) != read


def test_pagefind_runs_as_the_wheels_binary_without_an_interpreter_in_between():
    command = searchindex.pagefind_command(Path("SITE"), Path("OUT"))
    binary = Path(command[0])
    assert binary.is_file() and os.access(binary, os.X_OK)
    with open(binary, "rb") as fh:
        assert fh.read(4) == b"\x7fELF"  # the program itself, not `python -m pagefind`
    version = subprocess.run([command[0], "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split() == ["pagefind", metadata.version("pagefind_bin")]


def test_pagefind_binary_path_names_the_binary_as_pagefind_itself_reads_it(tmp_path, monkeypatch):
    own = tmp_path / "pagefind"
    own.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(own))
    searchindex.pagefind_executable.cache_clear()
    try:
        assert searchindex.pagefind_command(Path("SITE"), Path("OUT"))[0] == str(own.resolve())
    finally:
        searchindex.pagefind_executable.cache_clear()
