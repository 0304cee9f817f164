"""Honour decisions validated against the unit registry and the campaigns (fictional data)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from thidua import honours
from thidua.unitref import UnitNames
from thidua.validate import validate_project

UNITS = """
- id: ubnd-tinh-mau
  name: Ủy ban nhân dân tỉnh Mẫu Hư Cấu
  short_names: [UBND tỉnh Mẫu Hư Cấu]
  kind: ubnd-tinh
  province: Mẫu Hư Cấu
- id: so-tn-mau
  name: Sở Thử Nghiệm tỉnh Mẫu Hư Cấu
  aliases: [Sở Thử Nghiệm, Sở TN]
  kind: so
  province: Mẫu Hư Cấu
- id: so-tn-khac
  name: Sở Thử Nghiệm tỉnh Khác Hư Cấu
  aliases: [Sở Thử Nghiệm, Sở TN]
  kind: so
  province: Khác Hư Cấu
- id: ubnd-tinh-khac
  name: Ủy ban nhân dân tỉnh Khác Hư Cấu
  kind: ubnd-tinh
  province: Khác Hư Cấu
- id: bo-hu-cau
  name: Bộ Hư Cấu
  kind: bo
"""
RECORD = """---
title: Kế hoạch hư cấu phát động thi đua
number: 5/KH-STN
doc_type: kế hoạch
heading: KẾ HOẠCH
issuer: so-tn-mau
issued: 2023-03-01
---

Văn bản hư cấu.
"""


def project(tmp_path: Path, decision: str) -> Path:
    (tmp_path / "campaigns/2023").mkdir(parents=True)
    (tmp_path / "campaigns/honours").mkdir()
    (tmp_path / "campaigns/units.yml").write_text(UNITS, encoding="utf-8")
    (tmp_path / "campaigns/2023/5-kh-stn.md").write_text(RECORD, encoding="utf-8")
    (tmp_path / "campaigns/honours/qd.yml").write_text(textwrap.dedent(decision), encoding="utf-8")
    return tmp_path


HEAD = """\
decision:
  number: 3/QĐ-UBND
  date: 2024-01-10
conferred_by: {by}
campaign: 2023/5-kh-stn
source: Quyết định hư cấu.
honours:
"""


def run(tmp_path, items, by="ubnd-tinh-mau"):
    root = project(tmp_path, HEAD.format(by=by) + items)
    return validate_project(root)


def test_a_valid_decision_resolves_names_in_the_conferring_province(tmp_path):
    portal, problems = run(tmp_path, """\
  - unit: Sở TN
    title: Tập thể lao động xuất sắc
  - unit: sở thử nghiệm
    form: Bằng khen
  - person: {name: Nguyễn Hư Cấu, position: Chuyên viên, unit: Sở Thử Nghiệm}
    title: Lao động tiên tiến
""", by="UBND tỉnh Mẫu Hư Cấu")
    assert problems == []
    assert [h.unit.id for h in portal.honours] == ["so-tn-mau"] * 3
    assert portal.honours[0].campaign.slug == "5-kh-stn"
    assert portal.honours[2].person == {"name": "Nguyễn Hư Cấu", "position": "Chuyên viên"}


def test_a_missing_unit_fails_with_its_line(tmp_path):
    _, problems = run(tmp_path, """\
  - unit: Đội Không Tồn Tại
    title: Tập thể lao động tiên tiến
  - person: {name: Trần Hư Cấu, unit: khong-co}
    form: Giấy khen
""")
    assert {(p.path, p.line, p.field) for p in problems} == {
        ("campaigns/honours/qd.yml", 8, "honours[0].unit"),
        ("campaigns/honours/qd.yml", 10, "honours[1].person.unit"),
    }


def test_a_name_two_provinces_share_is_ambiguous_outside_both(tmp_path):
    _, problems = run(tmp_path, "  - unit: Sở TN\n    title: Tập thể lao động tiên tiến\n", by="bo-hu-cau")
    assert len(problems) == 1
    assert "so-tn-khac" in problems[0].vi and "so-tn-mau" in problems[0].vi


def test_the_same_name_in_another_province_is_another_unit(tmp_path):
    portal, problems = run(tmp_path, "  - unit: Sở TN\n    form: Bằng khen\n", by="ubnd-tinh-khac")
    assert problems == [] and portal.honours[0].unit.id == "so-tn-khac"


def test_a_missing_campaign_fails(tmp_path):
    root = project(tmp_path, HEAD.format(by="ubnd-tinh-mau").replace("2023/5-kh-stn", "2023/khong-co")
                   + "  - unit: so-tn-mau\n    form: Bằng khen\n")
    _, problems = validate_project(root)
    assert [(p.line, p.field) for p in problems] == [(5, "campaign")]


@pytest.mark.parametrize("item, field", [
    ("  - unit: so-tn-mau\n    person: {name: A, unit: so-tn-mau}\n    form: Bằng khen\n", "honours[0]"),
    ("  - unit: so-tn-mau\n", "honours[0]"),
    ("  - unit: so-tn-mau\n    form: Bằng khen\n    title: Tập thể lao động xuất sắc\n", "honours[0]"),
    ("  - unit: so-tn-mau\n    title: Lao động tiên tiến\n", "honours[0].title"),
    ("  - person: {name: A, unit: so-tn-mau}\n    title: Tập thể lao động xuất sắc\n", "honours[0].title"),
    ("  - unit: so-tn-mau\n    form: Huân chương Hư Cấu\n", "honours[0].form"),
])
def test_forms_titles_and_recipients_are_checked(tmp_path, item, field):
    _, problems = run(tmp_path, item)
    assert [p.field for p in problems] == [field]
    # The item's line, or the line of the offending key within it.
    text = (HEAD + item).splitlines()
    key = field.rsplit(".", 1)[1] + ":" if "." in field else "  - "
    assert problems[0].line == next(n for n, line in enumerate(text, 1) if n >= 8 and key in line)


def test_schema_problems_are_reported_with_lines(tmp_path):
    root = project(tmp_path, "decision:\n  number: 3 /QĐ-UBND\n  date: 2024-02-31\nconferred_by: ubnd-tinh-mau\n"
                             "campaign: 2023/5-kh-stn\nhonours: []\n")
    _, problems = validate_project(root)
    assert {(p.line, p.field) for p in problems} >= {(2, "decision.number"), (3, "decision.date"), (1, "source")}


def test_unit_names_resolve_ids_first():
    units, _ = __import__("thidua.units", fromlist=["x"]).load_units(Path(__file__).resolve().parent.parent)
    names = UnitNames(units)
    assert names.resolve("so-gtvt-lang-son").unit.id == "so-gtvt-lang-son"
    assert names.resolve("Sở GTVT", "Lạng Sơn").unit is names.resolve("Sở Giao thông vận tải", "Lạng Sơn").unit
    assert names.resolve("Sở GTVT", "Kon Tum").unit.id == "so-gtvt-kon-tum"
    assert names.resolve("Sở GTVT").unit is None and len(names.resolve("Sở GTVT").candidates) == 2


def test_no_decision_folder_means_no_honours(tmp_path):
    assert honours.decision_paths(tmp_path) == []


# --- what a source may leave out (fictional data) -------------------------------------------------

def test_a_decision_need_not_close_a_campaign_nor_print_a_number(tmp_path):
    root = project(tmp_path, "decision:\n  date: 2021-06\nconferred_by: bo-hu-cau\n"
                             "source: Bản tin hư cấu.\nsource_url: https://example.invalid/tin?a=1\n"
                             "note: Bản tin chỉ nêu tháng.\nhonours:\n  - unit: so-tn-mau\n    form: Bằng khen\n")
    portal, problems = validate_project(root)
    assert problems == []
    honour = portal.honours[0]
    assert honour.campaign is None and honour.decision_number is None
    assert (honour.decision_date.year, honour.decision_date.month, honour.decision_date.day) == (2021, 6, None)
    assert honour.source_url == "https://example.invalid/tin?a=1" and honour.note == "Bản tin chỉ nêu tháng."


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://x.invalid/\"><script>alert(1)</script>",
                                 "data:text/html,<b>", "//x.invalid/a"])
def test_a_source_address_must_be_a_web_address(tmp_path, url):
    root = project(tmp_path, "decision:\n  date: 2021-06-01\nconferred_by: bo-hu-cau\nsource: Hư cấu.\n"
                             f"source_url: '{url}'\nhonours:\n  - unit: so-tn-mau\n    form: Bằng khen\n")
    _, problems = validate_project(root)
    assert [(p.path, p.line, p.field) for p in problems] == [("campaigns/honours/qd.yml", 5, "source_url")]
