"""Vietnamese alphabetical order. Expected orders are written out by hand from the alphabet
(a ă â b c d đ e ê … o ô ơ … u ư …) and the tone order (none, huyền, hỏi, ngã, sắc, nặng)."""
import random
import unicodedata

import pytest

from thidua.collate import sort_key, sorted_vi


def shuffled(items, seed=7):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


@pytest.mark.parametrize("expected", [
    ["Anh", "Ân"],  # letters decide before tones or length: a < â
    ["Dương", "Đà Lạt", "Gia Lai"],  # đ is a letter between d and e
    ["a", "ă", "â", "b"],
    ["o", "ô", "ơ", "p"],
    ["u", "ư", "v"],
    ["e", "ê", "g"],
    ["ma", "mà", "mả", "mã", "má", "mạ"],  # tones in dictionary order, after the bare letter
    ["Gia Lai", "Giang"],  # a space sorts before any letter
    ["Hà Giang", "Hà Nội", "Hải Phòng", "Hậu Giang", "Hòa Bình"],
    ["Kon Tum", "Lạng Sơn", "Lào Cai", "Long An"],  # n < o decides before tones
    ["Vĩnh Long", "Yên Bái"],
    ["Cà Mau", "Cao Bằng", "Dương", "Đà Nẵng", "Điện Biên"],
])
def test_hand_written_orders(expected):
    assert sorted_vi(shuffled(expected)) == expected


def test_case_is_only_a_last_resort():
    assert sorted_vi(["Ma", "ma", "mà"]) == ["ma", "Ma", "mà"]


def test_nfd_and_nfc_input_sort_alike():
    word = "Đà Lạt"
    assert sort_key(unicodedata.normalize("NFD", word))[:3] == sort_key(word)[:3]


def test_old_and_new_tone_placement_sort_as_the_same_letters():
    # "hoá" and "hóa" have the letters of "hoa": both sort between "hoa" and "hoan".
    names = sorted_vi(["hoan", "hóa", "hoá", "hoa"])
    assert names[0] == "hoa" and names[-1] == "hoan"


def test_digits_before_letters_and_punctuation_before_digits():
    assert sorted_vi(["a", "2", "-"]) == ["-", "2", "a"]


def test_key_is_total_and_deterministic():
    words = ["Sở GTVT", "Sở Giao thông vận tải", "sở gtvt", "Ủy ban", "Uỷ ban", "UBND"]
    assert sorted_vi(words) == sorted_vi(list(reversed(words)))
