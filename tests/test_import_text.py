"""The importer's shared text helpers: an all-caps subject becomes a sentence, codes and proper
names kept as printed."""
from __future__ import annotations

import pytest

from thidua.importer import extract, parse
from thidua.importer.text import is_upper, sentence_case


@pytest.mark.parametrize("printed, sentence", [
    ("THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTg VỀ THI ĐUA LẬP THÀNH TÍCH CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG",
     "Thực hiện Chỉ thị số 19/CT-TTg về thi đua lập thành tích chào mừng Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    ("PHÁT ĐỘNG THI ĐUA NĂM 2024 TỈNH LẠNG SƠN", "Phát động thi đua năm 2024 tỉnh Lạng Sơn"),
    # Not all capitals: the editor's spelling stays.
    ("Phát động phong trào thi đua “Dạy tốt, học tốt” năm học 2024 - 2025",
     "Phát động phong trào thi đua “Dạy tốt, học tốt” năm học 2024 - 2025"),
])
def test_sentence_case(printed, sentence):
    assert sentence_case(printed) == sentence


def test_one_copy_of_the_shared_helpers():
    # extraction and parsing use the same helper (they kept two copies before)
    assert extract._is_upper is is_upper and parse._is_upper is is_upper
