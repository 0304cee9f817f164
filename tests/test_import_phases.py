"""The decree parser in-process, phase by phase: each named phase fills its own part of the record
from what the earlier ones found, and running them all is `parse`."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from thidua.importer import parse as parse_mod, patterns

DECREE = """SỞ KẾ HOẠCH VÀ ĐẦU TƯ
Số: 51/KH-SKHĐT
Lạng Sơn, ngày 25 tháng 02 năm 2022

KẾ HOẠCH
THI ĐUA THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTg NĂM 2022

Căn cứ Kế hoạch số 18/KH-UBND ngày 05/01/2022 của UBND tỉnh và Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - Khen thưởng Trung ương, Sở Kế hoạch và Đầu tư phát động phong trào thi đua “Chuyển đổi số vì Nhân dân phục vụ” với chủ đề “Đoàn kết, sáng tạo”:

I. MỤC TIÊU

1. Thời gian thi đua: từ ngày 01/3/2022 đến ngày 31/12/2022.

2. 100% hồ sơ được xử lý trên môi trường mạng¹./.

¹ Theo Nghị quyết của Tỉnh ủy.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nông Thị Hà""".split("\n")


def run_until(name: str) -> parse_mod.Draft:
    draft = parse_mod.Draft(list(DECREE))
    for phase_name, phase in parse_mod.PHASES:
        phase(draft)
        if phase_name == name:
            return draft
    raise AssertionError(name)


def test_the_phases_in_reading_order():
    assert [name for name, _ in parse_mod.PHASES] == [
        "layout", "identity", "body", "bases", "dates", "content", "signature", "evidence"]


def test_layout_finds_the_parts_and_fills_no_field():
    draft = run_until("layout")
    assert draft.heading == "KẾ HOẠCH"
    assert draft.title == "THI ĐUA THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTg NĂM 2022"
    assert draft.header == ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Số: 51/KH-SKHĐT", "Lạng Sơn, ngày 25 tháng 02 năm 2022", ""]
    assert draft.number_line == "Số: 51/KH-SKHĐT"
    assert draft.date_line == "Lạng Sơn, ngày 25 tháng 02 năm 2022"
    assert draft.rest[1].startswith("Căn cứ") and draft.fields == {}


def test_identity_reads_the_subject_number_and_type():
    draft = run_until("identity")
    assert draft.fields == {"title": "Thi đua thực hiện Chỉ thị số 19/CT-TTg năm 2022", "number": "51/KH-SKHĐT",
                            "doc_type": "kế hoạch", "heading": "KẾ HOẠCH", "issuer": ""}
    assert draft.out.issuer_code == "SKHĐT"
    assert any("in hoa" in note for note in draft.out.notes)


def test_body_lifts_footnotes_and_stops_at_the_closing_mark():
    draft = run_until("body")
    assert draft.footnotes == {"1": "Theo Nghị quyết của Tỉnh ủy."}
    assert draft.blocks[0].text.startswith("Căn cứ") and draft.blocks[-1].text.endswith("./.")
    assert draft.tail[0] == "" and "Nơi nhận:" in draft.tail
    assert set(draft.fields) == {"title", "number", "doc_type", "heading", "issuer"}


def test_bases_lists_each_cited_document():
    draft = run_until("bases")
    assert [(b["number"], b.get("date"), b["issuer"]) for b in draft.fields["bases"]] == [
        ("18/KH-UBND", "2022-01-05", "UBND tỉnh"),
        ("16/KH-HĐTĐKT", "2021-08-31", "Hội đồng Thi đua - Khen thưởng Trung ương")]


def test_dates_content_signature_and_evidence():
    draft = run_until("dates")
    assert (draft.fields["issued"], draft.fields["place"]) == ("2022-02-25", "Lạng Sơn")
    assert "effective" not in draft.fields  # the text does not say it is in force on signing
    draft = run_until("content")
    assert draft.fields["theme"] == "Đoàn kết, sáng tạo"
    assert draft.fields["movements"] == ["Chuyển đổi số vì Nhân dân phục vụ"]
    assert draft.fields["period"] == {"from": "2022-03-01", "to": "2022-12-31"}
    assert draft.fields["targets"] == ["100% hồ sơ được xử lý trên môi trường mạng¹./."]
    draft = run_until("signature")
    assert draft.fields["signer"] == {"name": "Nông Thị Hà", "position": "PHÓ GIÁM ĐỐC",
                                      "on_behalf_of": "KT. GIÁM ĐỐC"}
    assert draft.fields["recipients"] == ["UBND tỉnh", "Lưu: VT"]
    draft = run_until("evidence")
    assert draft.fields["printed"] == {"number": "Số: 51/KH-SKHĐT", "date": "Lạng Sơn, ngày 25 tháng 02 năm 2022"}
    assert draft.out.issuer_evidence[0] == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"
    assert draft.out.province_hint == "Lạng Sơn"
    assert "[^1]" in draft.out.body and "Nơi nhận" not in draft.out.body


def test_all_phases_are_parse():
    draft = parse_mod.Draft(list(DECREE), 2022)
    for _, phase in parse_mod.PHASES:
        phase(draft)
    assert dataclasses.asdict(draft.out) == dataclasses.asdict(parse_mod.parse(DECREE, year=2022))


def test_one_table_of_patterns():
    # The parser compiles nothing of its own: every pattern is named in importer/patterns.py.
    source = (Path(parse_mod.__file__)).read_text(encoding="utf-8")
    assert not re.search(r"\bre\.(?:compile|match|search|sub|split|findall|finditer|fullmatch)\(", source)
    assert "import re" not in source
    assert all(isinstance(v, re.Pattern) for k, v in vars(patterns).items() if k.isupper() and not isinstance(
        v, (dict, set, tuple, str)))
