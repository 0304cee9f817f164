"""An honour naming a unit or a campaign that does not exist stops the real build, with the path
and line of each mistake, all reported at once."""
from __future__ import annotations

import pytest

from fixtures import fictional
from sitebuild import build, copy_project

MISSING_UNIT = "Đội Không Có Trong Danh Mục"
MISSING_CAMPAIGN = "2023/khong-co-van-ban-nay"


@pytest.fixture(scope="module")
def failed(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("bad-honours"))
    fixture = fictional.write(root)
    record = fixture.records[0]
    good = fictional.honours_text(f"{record.year}/{record.slug}", "99/QĐ-UBND", "2025-03-03",
                                  [f"  - unit: {MISSING_UNIT}", "    title: Tập thể lao động tiên tiến"])
    bad_campaign = fictional.honours_text(MISSING_CAMPAIGN, "98/QĐ-UBND", "2025-03-03",
                                          ["  - unit: Sở TN", "    title: Tập thể lao động tiên tiến"])
    (root / "campaigns/honours/thieu-don-vi.yml").write_text(good, encoding="utf-8")
    (root / "campaigns/honours/thieu-van-ban.yml").write_text(bad_campaign, encoding="utf-8")
    return build(root), good, bad_campaign


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_build_fails(failed):
    result, _, _ = failed
    assert result.returncode != 0
    assert not (result.site / "index.html").exists()  # nothing half-built


def test_missing_unit_is_reported_with_path_and_line(failed):
    result, text, _ = failed
    assert f"campaigns/honours/thieu-don-vi.yml:{line_of(text, MISSING_UNIT)}: honours[0].unit:" in result.output
    assert MISSING_UNIT in result.output


def test_missing_campaign_is_reported_in_the_same_run(failed):
    result, _, text = failed
    assert f"campaigns/honours/thieu-van-ban.yml:{line_of(text, MISSING_CAMPAIGN)}: campaign:" in result.output
