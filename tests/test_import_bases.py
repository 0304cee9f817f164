"""Legal bases as a decree cites them: two documents in one "Căn cứ …" line are two bases, each with
its own number, date and issuer; a law named without a number stays one basis. And a decree of a
province the registry lacks gets a proposal for its own province, never another province's unit."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, copy_project, thidua
from thidua.importer import parse as parse_mod

HEAD = ["KẾ HOẠCH", "Thi đua năm 2021", ""]


def bases(line: str) -> list[dict]:
    return parse_mod.parse(HEAD + [line, "", "I. MỤC ĐÍCH", "Nội dung./."]).fields.get("bases", [])


@pytest.mark.parametrize("joiner", [" và ", ", ", ", và "])
def test_a_second_document_in_the_same_line_is_its_own_basis(joiner):
    found = bases("Căn cứ Kế hoạch số 18/KH-UBND ngày 05/01/2021 của UBND tỉnh Gia Lai" + joiner
                  + "Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - Khen thưởng Trung ương, "
                  "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:")
    assert [(b["relation"], b["type"], b["number"], b["date"], b["issuer"]) for b in found] == [
        ("căn cứ", "Kế hoạch", "18/KH-UBND", "2021-01-05", "UBND tỉnh Gia Lai"),
        ("căn cứ", "Kế hoạch", "16/KH-HĐTĐKT", "2021-08-31", "Hội đồng Thi đua - Khen thưởng Trung ương"),
    ]
    assert all("Kế hoạch số 16" not in b.get("subject", "") for b in found)


def test_the_second_basis_keeps_its_own_subject():
    found = bases("Thực hiện Chỉ thị số 19/CT-TTg ngày 25/7/2020 của Thủ tướng Chính phủ về thi đua lập thành "
                  "tích chào mừng Đại hội và Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - "
                  "Khen thưởng Trung ương về tổ chức phong trào thi đua.")
    assert [b["number"] for b in found] == ["19/CT-TTg", "16/KH-HĐTĐKT"]
    assert found[0]["subject"] == "thi đua lập thành tích chào mừng Đại hội"
    assert found[1]["subject"] == "tổ chức phong trào thi đua"
    assert found[1]["relation"] == "thực hiện"


def test_a_law_named_without_a_number_is_not_split_off():
    found = bases("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số "
                  "điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005;")
    assert len(found) == 1 and found[0]["type"] == "Luật"


def test_a_lower_case_mention_inside_a_subject_is_not_a_basis():
    found = bases("Thực hiện Kế hoạch số 30/KH-BATGT ngày 21/02/2022 của Ban An toàn giao thông tỉnh về triển "
                  "khai năm an toàn giao thông và kế hoạch số 2 của ngành;")
    assert [b["number"] for b in found] == ["30/KH-BATGT"]


def test_a_province_missing_from_the_registry_gets_no_other_province_suggested(tmp_path):
    project = copy_project(tmp_path / "project")
    run = thidua(project, "import", FIXTURES / "kh-ubnd-gia-lai-hai-can-cu.txt")
    assert run.returncode == 0, run.stderr
    assert "ubnd-tinh-gia-lai" in run.stdout
    # Neither the proposal nor the validation message points at a registered province's unit.
    for other in ("kon-tum", "lang-son", "quang-ngai"):
        assert other not in run.stdout, other


def test_a_hostile_basis_line_stays_linear():
    """An editor's file may hold anything: thousands of chained references, or "và" repeated
    without end, are read in well under a second (no catastrophic backtracking)."""
    import time

    start = time.perf_counter()
    assert len(bases("Căn cứ " + "Kế hoạch số 1/KH-A và " * 3000)) == 3000
    bases("Căn cứ Kế hoạch " + ", Kế hoạch số 1/" * 5000)
    bases("Căn cứ " + "và " * 20000 + "Kế hoạch số 1 / KH - " * 2000)
    assert time.perf_counter() - start < 2
