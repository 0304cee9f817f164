"""Unknown unit ids get a suggestion only from their own province (or a near-typo); national
bodies are matched wherever the decree was signed."""
from __future__ import annotations

from pathlib import Path

import pytest

from thidua.importer import issuer
from thidua.units import load_units
from thidua.validate import _near_units

ROOT = Path(__file__).resolve().parent.parent
UNITS, _ = load_units(ROOT)


@pytest.mark.parametrize("ref, suggestion", [
    ("ubnd-tinh-cao-bang", None),  # a province the registry lacks: no other province's UBND
    ("so-xay-dung-cao-bang", None),
    ("ubnd-tinh-kon-tun", "ubnd-tinh-kon-tum"),  # a typo
    ("so-gtvt-lang-sn", "so-gtvt-lang-son"),
])
def test_suggestions_stay_in_the_province(ref, suggestion):
    assert _near_units(ref, UNITS) == ([suggestion] if suggestion else [])


def test_the_prime_minister_is_national_even_when_signed_in_ha_noi():
    found = issuer.resolve(UNITS, ["THỦ TƯỚNG CHÍNH PHỦ"], "TTg", "Hà Nội",
                           "THỦ TƯỚNG CHÍNH PHỦ\nHà Nội, ngày 09 tháng 6 năm 2008", "2008-06-09")
    assert found.unit_id == "thu-tuong-chinh-phu" and found.proposal is None
