"""Machine-readable versions beside the pages, and reproducible output."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import copy_project, mkdocs_build

SECTION = "trang-thong-tin-dien-tu"
RECORD = Path(__file__).resolve().parent.parent / "campaigns" / "2023" / "173-pd-skhdt.md"


def test_each_decree_has_json_and_source_download(built_site):
    folder = built_site / SECTION / "van-ban/2023/173-pd-skhdt"
    data = json.loads((folder / "173-pd-skhdt.json").read_text(encoding="utf-8"))
    assert data["number"] == "173/PD-SKHĐT"
    assert data["issuer_name"] == "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"
    assert data["issuer_today"]["name"] == "Sở Tài chính tỉnh Lạng Sơn"
    assert data["body_markdown"].rstrip().endswith("ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy về chuyển đổi số tỉnh Lạng Sơn đến năm 2025, định hướng đến năm 2030.")
    assert (folder / "173-pd-skhdt.txt").read_bytes() == RECORD.read_bytes()
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="173-pd-skhdt.txt"' in page and 'href="173-pd-skhdt.json"' in page


def test_catalogue_lists_every_decree_newest_first(built_site):
    data = json.loads((built_site / SECTION / "du-lieu/van-ban.json").read_text(encoding="utf-8"))
    years = [row["year"] for row in data["campaigns"]]
    assert years == [2024, 2023, 2021, 2019, 2018]
    assert all((built_site / row["data"]).exists() for row in data["campaigns"])


def test_the_catalogue_joined_from_its_rows_is_what_one_json_dump_prints():
    """The catalogue is joined from each decree's row (the preview keeps rows of unchanged
    decrees): byte for byte what dumping the whole document prints, with hostile text in it."""
    import dataclasses

    from thidua import opendata
    from thidua.validate import validate_project

    root = Path(__file__).resolve().parent.parent
    portal, problems = validate_project(root)
    assert problems == []
    first = portal.campaigns[0]
    odd = dataclasses.replace(first, data={**first.data, "title": 'Dòng một\nDòng "hai"\u2028</script>\t{"a": [1]}'})
    for campaigns in (portal.campaigns, [odd, *portal.campaigns[1:]], []):
        case = dataclasses.replace(portal, campaigns=campaigns)
        rows = [{**opendata.campaign_data(c, case), "data": opendata.data_uri(c)} for c in campaigns]
        whole = json.dumps({"schema_version": 1, "campaigns": rows}, ensure_ascii=False, indent=1) + "\n"
        assert opendata.catalogue_json(case) == whole


def test_atom_feed_is_valid_and_dated_by_records(built_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built_site / SECTION / "nguon-tin/van-ban.xml").getroot()
    # Subscribers of the first release's address get the same entries.
    first = ET.parse(built_site / SECTION / "feed.xml").getroot()
    assert [e.find("a:id", ns).text for e in first.findall("a:entry", ns)] == \
        [e.find("a:id", ns).text for e in feed.findall("a:entry", ns)]
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 5
    assert entries[1].find("a:title", ns).text.startswith("173/PD-SKHĐT: ")
    assert feed.find("a:updated", ns).text == "2024-08-07T00:00:00Z"


def test_same_input_builds_same_bytes(tmp_path):
    sites = []
    for name in ("one", "two"):
        project = copy_project(tmp_path / name)
        os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
        try:
            result = mkdocs_build(project)
        finally:
            del os.environ["SOURCE_DATE_EPOCH"]
        assert result.returncode == 0, result.stderr
        sites.append(project / "site")
    files_one = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert files_one == files_two
    different = [str(f) for f in files_one if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    assert different == []
