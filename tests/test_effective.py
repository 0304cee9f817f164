"""The date of effect (`effective`): format, validation, the importer reading "có hiệu lực kể từ
ngày ký", and what the page, the JSON, the feed and the JSON-LD say of it."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from thidua.importer import parse as parse_mod
from thidua.validate import validate_project

from conftest import FIXTURES, ROOT, copy_project, mkdocs_build, read_record, thidua
from test_publish import Head

RECORD = """\
---
title: Phát động phong trào thi đua năm 2025
number: 12/KH-UBND
doc_type: kế hoạch
heading: KẾ HOẠCH
issuer: ubnd-tinh-lang-son
issued: 2025-01-10
{effective}place: Lạng Sơn
---

Kế hoạch này có hiệu lực kể từ ngày ký./.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "campaigns" / "2025").mkdir(parents=True)
    shutil.copy(ROOT / "campaigns" / "units.yml", tmp_path / "campaigns" / "units.yml")
    return tmp_path


def _validate(root: Path, effective: str):
    (root / "campaigns/2025/a.md").write_text(RECORD.format(effective=effective), encoding="utf-8")
    return validate_project(root)


@pytest.mark.parametrize("effective", ["", "effective: 2025-01-10\n", "effective: 2025-03-01\n", "effective: \"2025\"\n"])
def test_existing_and_new_records_are_valid(root, effective):
    portal, problems = _validate(root, effective)
    assert problems == [], [p.format() for p in problems]


def test_effect_before_issue_is_an_error_at_its_line(root):
    portal, problems = _validate(root, "effective: 2024-12-31\n")
    assert [(p.path, p.line, p.field) for p in problems] == [("campaigns/2025/a.md", 8, "effective")]
    assert "trước ngày ban hành" in problems[0].format() and "before the date of issue" in problems[0].format()


@pytest.mark.parametrize("value", ["\"10/01/2025\"", "\"<b>2025</b>\"", "\"2025-01-10</script>\""])
def test_effective_must_be_a_date(root, value):
    portal, problems = _validate(root, f"effective: {value}\n")
    assert portal is None and {(p.line, p.field) for p in problems} == {(8, "effective")}, [p.format() for p in problems]


def test_bundled_records_stay_valid():
    portal, problems = validate_project(ROOT)
    assert problems == [] and len(portal.campaigns) == 5


# --- importer ------------------------------------------------------------------------------------

def _lines(extra: str, date: str = "Lạng Sơn, ngày 25 tháng 02 năm 2022") -> list[str]:
    text = (FIXTURES / "kh-so-khdt-lang-son-51.txt").read_text(encoding="utf-8")
    text = text.replace("Lạng Sơn, ngày 25 tháng 02 năm 2022", date)
    return text.replace("triển khai Kế hoạch này./.", "triển khai Kế hoạch này. " + extra + "./.").splitlines()


@pytest.mark.parametrize("sentence", ["Kế hoạch này có hiệu lực kể từ ngày ký",
                                      "Quyết định có hiệu lực thi hành kể từ ngày ký ban hành",
                                      "Chỉ thị này có hiệu lực từ ngày kí"])
def test_importer_fills_effect_on_signing(sentence):
    fields = parse_mod.parse(_lines(sentence)).fields
    assert fields["issued"] == "2022-02-25" and fields["effective"] == "2022-02-25"


def test_importer_keeps_a_blank_date_blank_in_effect_too():
    fields = parse_mod.parse(_lines("Kế hoạch này có hiệu lực kể từ ngày ký", "Lạng Sơn, ngày   tháng   năm 2022")).fields
    assert fields["issued"] == "2022" and fields["effective"] == "2022"


def test_importer_leaves_effect_out_when_the_text_does_not_say():
    assert "effective" not in parse_mod.parse(_lines("Các phòng thực hiện nghiêm")).fields


def test_thidua_import_writes_effective_and_the_record_validates(tmp_path):
    project = copy_project(tmp_path / "project")
    source = tmp_path / "kh-51.txt"
    source.write_text("\n".join(_lines("Kế hoạch này có hiệu lực kể từ ngày ký")), encoding="utf-8")
    done = thidua(project, "import", source)
    assert done.returncode == 0, done.stdout + done.stderr
    written = project / "campaigns/2022/51-kh-skhdt.md"
    front, _ = read_record(written)
    assert front["effective"] == "2022-02-25"
    keys = list(front)
    assert keys.index("issued") < keys.index("effective") < keys.index("place")
    checked = thidua(project, "validate", written)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- published -----------------------------------------------------------------------------------

def test_page_json_feed_and_jsonld_show_the_date_of_effect(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "campaigns/2023/173-pd-skhdt.md"
    record.write_text(record.read_text(encoding="utf-8").replace("issued: 2023-01-31\n", "issued: 2023-01-31\neffective: 2023-01-31\n", 1), encoding="utf-8")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = project / "site/trang-thong-tin-dien-tu/van-ban/2023/173-pd-skhdt"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<dt>Ngày có hiệu lực</dt>" in page
    assert "ngày 31 tháng 01 năm 2023 <span class=\"td-muted\">(kể từ ngày ký)</span>" in page
    assert json.loads((folder / "173-pd-skhdt.json").read_text(encoding="utf-8"))["effective"] == "2023-01-31"
    a = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(project / "site/trang-thong-tin-dien-tu/nguon-tin/don-vi-so-khdt-lang-son.xml").getroot()
    assert feed.find(f"{a}entry/{a}summary").text.endswith("(có hiệu lực từ ngày 31 tháng 01 năm 2023)")
    law = [j for j in Head(page).jsonld if j["@type"] == "Legislation"][0]
    assert law["temporalCoverage"] == "2023-01-31/.."
    # A record without the field shows no row.
    other = (project / "site/trang-thong-tin-dien-tu/van-ban/2018/293-kh-stttt/index.html").read_text(encoding="utf-8")
    assert "Ngày có hiệu lực" not in other
