"""Theme and movement registries: matching after folding, variants, patterns, and their errors."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from thidua import vocabulary
from thidua.catalog import vocabulary_term

PROJECT = Path(__file__).resolve().parent.parent


def registry(tmp_path, text):
    (tmp_path / "campaigns").mkdir(exist_ok=True)
    (tmp_path / "campaigns/r.yml").write_text(text, encoding="utf-8")
    return vocabulary.load(tmp_path, "campaigns/r.yml")


def test_match_key_folds_case_marks_tone_placement_nfd_and_punctuation():
    keys = {vocabulary.match_key(t) for t in [
        "Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "chung tay vì người nghèo, không để ai bị bỏ lại phía sau",
        unicodedata.normalize("NFD", "CHUNG TAY VÌ NGƯỜI NGHÈO – KHÔNG ĐỂ AI BỊ BỎ LẠI PHÍA SAU."),
    ]}
    assert len(keys) == 1
    assert vocabulary.match_key("văn hoá") == vocabulary.match_key("văn hóa")


def test_lookup_by_name_variant_then_pattern_in_file_order(tmp_path):
    vocab, problems = registry(tmp_path, """
- id: rieng
  name: Tỉnh Mẫu chung sức làm điều riêng
- id: chung
  name: Cả nước chung sức
  variants: [Toàn quốc chung sức]
  patterns: ["chung suc"]
""")
    assert problems == []
    assert vocab.lookup("Toàn quốc chung sức").id == "chung"
    assert vocab.lookup("tỉnh mẫu chung sức làm điều riêng").id == "rieng"  # exact beats pattern
    assert vocab.lookup("Xã Mẫu chung sức").id == "chung"
    assert vocab.lookup("Không liên quan") is None


def test_errors_name_the_line(tmp_path):
    _, problems = registry(tmp_path, """- id: a
  name: Một
  patterns: ["(chưa đóng"]
- id: b
  name: Khác
  variants:
    - MỘT
- id: a
  name: Ba
""")
    found = {(p.line, p.field) for p in problems}
    assert (3, "[0].patterns[0]") in found
    assert (7, "[1]") in found
    assert (8, "[2].id") in found


def test_schema_errors_are_reported(tmp_path):
    _, problems = registry(tmp_path, "- id: Sai Mã\n  name: X\n  colour: do\n")
    assert {p.field for p in problems} >= {"[0].id", "[0].colour"}


def test_a_missing_registry_is_empty():
    vocab, problems = vocabulary.load(Path("/nonexistent"), "campaigns/none.yml")
    assert problems == [] and vocab.lookup("x") is None


def test_unregistered_strings_are_terms_of_their_own_keyed_by_folding():
    one = vocabulary_term(None, "Phong trào Hư Cấu mới")
    two = vocabulary_term(None, "phong trào hư cấu mới.")
    assert one.key == two.key and one.name == "Phong trào Hư Cấu mới"


def test_bundled_movement_registry_gathers_the_seeds_provincial_wordings():
    vocab, problems = vocabulary.load(PROJECT, "campaigns/movements.yml")
    assert problems == []
    same = [
        ("Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới", "Kon Tum chung sức xây dựng nông thôn mới"),
        ("Lạng Sơn cùng cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
         "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"),
        ("Cán bộ, công chức, viên chức tỉnh Lạng Sơn thi đua thực hiện văn hóa công sở",
         "Cán bộ, công chức, viên chức thực hiện văn hóa công sở"),
        ("Doanh nghiệp Lạng Sơn hội nhập và phát triển", "Doanh nghiệp Việt Nam hội nhập và phát triển"),
    ]
    for a, b in same:
        assert vocab.lookup(a) is not None and vocab.lookup(a) is vocab.lookup(b)
    assert len({vocab.lookup(a).id for a, _ in same}) == len(same)
    # A different movement that shares words is not swallowed.
    assert vocab.lookup("cả nước chung tay xóa nhà ở tạm, nhà dột nát trên phạm vi cả nước trong năm 2025") is None


def test_bundled_theme_registry_gives_the_seeds_slogan_its_correct_spelling():
    vocab, problems = vocabulary.load(PROJECT, "campaigns/themes.yml")
    assert problems == []
    entry = vocab.lookup("Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bút phá")
    assert entry is not None and "bứt phá" in entry.name
