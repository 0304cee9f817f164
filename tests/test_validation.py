"""Each kind of editor mistake gives one clear problem: file, line, field, Vietnamese + English."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thidua.validate import validate_project

from conftest import ROOT

GOOD = """\
---
title: Phát động phong trào thi đua năm 2025
number: 12/KH-UBND
doc_type: kế hoạch
heading: KẾ HOẠCH
issuer: ubnd-tinh-lang-son
issued: 2025-01-10
place: Lạng Sơn
signer:
  name: Nguyễn Văn A
  position: GIÁM ĐỐC
---

Nội dung văn bản./.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "campaigns" / "2025").mkdir(parents=True)
    shutil.copy(ROOT / "campaigns" / "units.yml", tmp_path / "campaigns" / "units.yml")
    return tmp_path


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / "campaigns" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_problem(root: Path):
    portal, problems = validate_project(root)
    assert portal is None
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_good_record_is_valid(root):
    write(root, "2025/a.md", GOOD)
    portal, problems = validate_project(root)
    assert problems == []
    assert [c.slug for c in portal.campaigns] == ["12-kh-ubnd"]


def test_unknown_key_names_line_and_suggests(root):
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "plase: Lạng Sơn"))
    p = only_problem(root)
    assert (p.path, p.line, p.field) == ("campaigns/2025/a.md", 8, "plase")
    assert "khoá không được biết" in p.vi and "unknown key" in p.en and "place" in p.en


def test_wrong_type(root):
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "place: [Lạng Sơn]"))
    p = only_problem(root)
    assert (p.line, p.field) == (8, "place")
    assert "phải là chuỗi" in p.vi and "must be a string" in p.en


def test_impossible_date(root):
    write(root, "2025/a.md", GOOD.replace("issued: 2025-01-10", "issued: 2025-02-31"))
    p = only_problem(root)
    assert (p.line, p.field) == (7, "issued")
    assert "không tồn tại" in p.vi and "not a real date" in p.en


def test_nested_field_line(root):
    write(root, "2025/a.md", GOOD.replace("  position: GIÁM ĐỐC", "  position: GIÁM ĐỐC\n  on_behalf_of: KT GIÁM ĐỐC"))
    p = only_problem(root)
    assert (p.line, p.field) == (12, "signer.on_behalf_of")


def test_unknown_issuer(root):
    write(root, "2025/a.md", GOOD.replace("issuer: ubnd-tinh-lang-son", "issuer: ubnd-tinh-lang-so"))
    p = only_problem(root)
    assert (p.line, p.field) == (6, "issuer")
    assert "ubnd-tinh-lang-son" in p.vi  # the near match is suggested


def test_duplicate_number_same_issuer_same_year(root):
    write(root, "2025/a.md", GOOD)
    write(root, "2025/b.md", GOOD.replace("năm 2025", "năm 2025 (bản khác)"))
    p = only_problem(root)
    assert (p.path, p.line, p.field) == ("campaigns/2025/b.md", 3, "number")
    assert "campaigns/2025/a.md" in p.vi and "unique per issuer and year" in p.en


def test_same_number_next_year_is_allowed(root):
    write(root, "2025/a.md", GOOD)
    write(root, "2026/a.md", GOOD.replace("issued: 2025-01-10", "issued: 2026-01-09"))
    portal, problems = validate_project(root)
    assert problems == [] and len(portal.campaigns) == 2


def test_same_number_other_issuer_is_allowed(root):
    write(root, "2025/a.md", GOOD)
    write(root, "2025/b.md", GOOD.replace("issuer: ubnd-tinh-lang-son", "issuer: so-xay-dung-lang-son")
          .replace("KH-UBND", "KH-SXD"))
    assert validate_project(root)[1] == []


def test_yaml_syntax_error_line(root):
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "place: \"Lạng Sơn"))
    p = only_problem(root)
    assert p.path == "campaigns/2025/a.md" and p.field == "-"
    assert p.line >= 8 and "YAML" in p.vi and "YAML syntax error" in p.en


def test_missing_front_matter(root):
    write(root, "2025/a.md", "# Kế hoạch\n\nNội dung./.\n")
    p = only_problem(root)
    assert (p.line, p.field) == (1, "-")
    assert "front matter" in p.vi and "missing front matter" in p.en


def test_unclosed_front_matter(root):
    write(root, "2025/a.md", "---\ntitle: x\n")
    p = only_problem(root)
    assert "never closed" in p.en


def test_not_utf8_names_the_line(root):
    raw = GOOD.replace("Nội dung", "N\u00f4i dung").encode("utf-8")
    raw = raw.replace("Lạng Sơn".encode(), "L\xe1ng S\xf4n".encode("cp1258"))
    write(root, "2025/a.md", raw)
    p = only_problem(root)
    assert (p.line, p.field) == (8, "-")
    assert "UTF-8" in p.vi and "not UTF-8" in p.en


def test_missing_required_field(root):
    write(root, "2025/a.md", GOOD.replace("heading: KẾ HOẠCH\n", ""))
    p = only_problem(root)
    assert p.field == "heading" and "bắt buộc" in p.vi and "required" in p.en


def test_type_code_contradicts_doc_type(root):
    write(root, "2025/a.md", GOOD.replace("doc_type: kế hoạch", "doc_type: chỉ thị"))
    p = only_problem(root)
    assert (p.line, p.field) == (4, "doc_type") and "KH" in p.vi


def test_number_with_space_is_not_canonical(root):
    write(root, "2025/a.md", GOOD.replace("12/KH-UBND", "12 /KH-UBND"))
    p = only_problem(root)
    assert (p.line, p.field) == (3, "number") and "không dấu cách" in p.vi


def test_record_in_wrong_year_folder(root):
    write(root, "2024/a.md", GOOD)
    p = only_problem(root)
    assert p.field == "issued" and "campaigns/2025/" in p.vi


def test_repeated_key(root):
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "place: Lạng Sơn\nplace: Kon Tum"))
    p = only_problem(root)
    assert (p.line, p.field) == (9, "place") and "lặp" in p.vi


def test_all_problems_of_all_files_reported_at_once(root):
    write(root, "2025/a.md", GOOD.replace("issued: 2025-01-10", "issued: 2025-02-30"))
    write(root, "2025/b.md", GOOD.replace("number: 12/KH-UBND", "number: 13/KH-UBND\nfoo: 1")
          .replace("doc_type: kế hoạch", "doc_type: kehoach"))
    write(root, "2025/c.md", "no front matter\n")
    portal, problems = validate_project(root)
    assert portal is None
    assert sorted((p.path, p.field) for p in problems) == [
        ("campaigns/2025/a.md", "issued"),
        ("campaigns/2025/b.md", "doc_type"),
        ("campaigns/2025/b.md", "foo"),
        ("campaigns/2025/c.md", "-"),
    ]


def test_bom_crlf_tabs_and_nfd_are_accepted(root):
    import unicodedata
    text = GOOD.replace("  name: Nguyễn Văn A", "\tname: Nguyễn Văn A").replace("  position:", "\tposition:")
    text = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    write(root, "2025/a.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    portal, problems = validate_project(root)
    assert problems == [], [p.format() for p in problems]
    campaign = portal.campaigns[0]
    assert campaign.data["signer"]["name"] == "Nguyễn Văn A"  # NFC again
    assert campaign.data["place"] == unicodedata.normalize("NFC", "Lạng Sơn")
    assert "\r" not in campaign.body


def test_url_collision_asks_for_a_slug(root):
    write(root, "2025/a.md", GOOD.replace("12/KH-UBND", "").replace("doc_type: kế hoạch", "doc_type: phát động"))
    write(root, "2025/b.md", GOOD.replace("12/KH-UBND", "").replace("doc_type: kế hoạch", "doc_type: phát động"))
    p = only_problem(root)
    assert p.path == "campaigns/2025/b.md" and "slug" in p.vi


def test_unit_registry_errors_have_lines(root):
    registry = root / "campaigns" / "units.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n- id: so-gtvt-lang-son\n  name: Trùng\n  kind: so\n", encoding="utf-8")
    portal, problems = validate_project(root)
    assert any(p.path == "campaigns/units.yml" and "so-gtvt-lang-son" in p.vi and p.line > 100 for p in problems)


def test_problem_format():
    from thidua.problems import Problem
    assert Problem("campaigns/2025/a.md", 7, "issued", "sai", "wrong").format() == \
        "campaigns/2025/a.md:7: issued: sai [wrong]"


def test_redirect_to_its_own_slug_is_rejected(root):
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "place: Lạng Sơn\nredirect_from: [old-name, 12-kh-ubnd]"))
    p = only_problem(root)
    assert (p.line, p.field) == (9, "redirect_from[1]") and "remove it" in p.en


def test_issuer_dissolved_before_the_decree(root):
    write(root, "2026/a.md", GOOD.replace("issued: 2025-01-10", "issued: 2026-01-10")
          .replace("issuer: ubnd-tinh-lang-son", "issuer: so-tttt-lang-son").replace("KH-UBND", "KH-STTTT"))
    p = only_problem(root)
    assert (p.line, p.field) == (6, "issuer")
    assert "so-khcn-lang-son" in p.vi and "ceased" in p.en


def test_partial_dates_compare_as_ranges(root):
    # Ends "some day in March" after a start on 15 March: not before it.
    write(root, "2025/a.md", GOOD.replace("place: Lạng Sơn", "place: Lạng Sơn\nperiod: {from: 2025-03-15, to: 2025-03}"))
    assert validate_project(root)[1] == []


def test_issued_after_must_fall_within_a_partial_month(root):
    write(root, "2025/a.md", GOOD.replace("issued: 2025-01-10", "issued: 2025-01\nissued_after: 2025-06-30"))
    p = only_problem(root)
    assert p.field == "issued_after"


def test_broken_registry_does_not_blame_every_record(root):
    registry = root / "campaigns" / "units.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("kind: ubnd-tinh", "kind: tinh", 1), encoding="utf-8")
    write(root, "2025/a.md", GOOD)
    portal, problems = validate_project(root)
    assert portal is None
    assert [p.path for p in problems] == ["campaigns/units.yml"]
