import unicodedata

import pytest

from thidua.vntext import fold, heading_slug, nfc, slugify


@pytest.mark.parametrize("number, slug", [
    ("293/KH-STTTT", "293-kh-stttt"),
    ("173/PD-SKHĐT", "173-pd-skhdt"),
    ("382a/QĐ-UBND", "382a-qd-ubnd"),
    ("10/2020/NĐ-CP", "10-2020-nd-cp"),
    ("34-CT/TW", "34-ct-tw"),
])
def test_slug_from_numbers(number, slug):
    assert slugify(number) == slug


def test_slug_keeps_d_of_dd_and_is_ascii():
    assert slugify("Phong trào thi đua năm 2024") == "phong-trao-thi-dua-nam-2024"
    assert slugify("ĐÀ LẠT – Đắk Lắk") == "da-lat-dak-lak"


def test_slug_from_nfd_input_equals_nfc():
    text = "Siết chặt kỷ cương"
    assert slugify(unicodedata.normalize("NFD", text)) == slugify(text) == "siet-chat-ky-cuong"


def test_slug_cut_at_word_boundary():
    slug = slugify("Phong trào thi đua phấn đấu thực hiện thắng lợi nhiệm vụ chính trị", max_len=30)
    assert len(slug) <= 30 and not slug.endswith("-")
    assert slug == "phong-trao-thi-dua-phan-dau"


def test_heading_slug_keeps_d():
    assert heading_slug("I. Mục đích, yêu cầu") == "i-muc-dich-yeu-cau"
    assert heading_slug("thi đua") == "thi-dua"


@pytest.mark.parametrize("a, b", [
    ("văn hoá", "văn hóa"),
    ("thuỷ", "thủy"),
    ("VĂN HÓA", "van hoa"),
    (unicodedata.normalize("NFD", "Dương Công Vĩ"), "duong cong vi"),
    ("Sở  KHĐT", "so khdt"),
])
def test_fold_matches_vietnamese_variants(a, b):
    assert fold(a) == fold(b)


def test_fold_distinguishes_different_words():
    assert fold("bứt phá") != fold("bút pháp")


def test_nfc_composes():
    assert nfc("Vi\u0303") == "Vĩ"
