"""Files the importer cannot use give one clear bilingual error, exit code 2, and no record."""
from __future__ import annotations

import pytest

from conftest import copy_project, thidua


def _pdf_without_text(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a scanned page: pictures, no text layer
    pdf.output(str(path))


CASES = {
    "odt": ("quyet-dinh.odt", b"PK\x03\x04 not really", "chưa được hỗ trợ", "[unsupported file type]"),
    "doc": ("quyet-dinh.doc", b"\xd0\xcf\x11\xe0", ".docx", "[old .doc format is not supported"),
    "empty": ("trong.txt", b"\n \n", "không có nội dung", "[the file contains no text]"),
    # Windows-1258, the legacy Vietnamese code page, stores tones as combining marks.
    "latin": ("cp1258.txt", "Phong trào thi đua năm 2023\n".encode("cp1258"), "UTF-8",
              "[the file is not UTF-8 encoded]"),
    "binary": ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "không phải tệp văn bản",
               "[not a plain-text file]"),
    "bad-docx": ("hong.docx", b"this is not a zip", "không phải Word", "[not a valid .docx]"),
    "no-heading": ("thu.txt", "Kính gửi anh Nam,\n\nHẹn gặp lại.\n".encode(), "không nhận ra văn bản",
                   "[not recognised as a decree"),
    "bad-pdf": ("hong.pdf", b"%PDF-1.4\ngarbage\n%%EOF\n", "tệp PDF hỏng", "[not a valid PDF]"),
    "scanned-pdf": ("ban-quet.pdf", None, "không có lớp chữ", "[the PDF has no text layer]"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("errors"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_clear_error(project, tmp_path, case):
    name, data, vi, en = CASES[case]
    path = tmp_path / name
    if data is None:
        _pdf_without_text(path)
    else:
        path.write_bytes(data)
    before = sorted((project / "campaigns").rglob("*.md"))
    run = thidua(project, "import", path)
    assert run.returncode == 2
    assert vi in run.stderr and en in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted((project / "campaigns").rglob("*.md")) == before


def test_missing_file(project, tmp_path):
    run = thidua(project, "import", tmp_path / "khong-co.docx")
    assert run.returncode == 2
    assert "Không tìm thấy tệp" in run.stderr and "[file not found]" in run.stderr


UNDATED = """PHÁT ĐỘNG

Phong trào thi đua chào mừng ngày thành lập ngành

Ban Thi đua - Khen thưởng tỉnh phát động phong trào thi đua trong toàn ngành, phấn đấu 100% cơ quan đăng ký thi đua./.
"""


def test_year_for_a_decree_that_prints_none(project, tmp_path):
    source = tmp_path / "khong-ngay.txt"
    source.write_text(UNDATED, encoding="utf-8")
    run = thidua(project, "import", source)
    assert run.returncode == 2 and "--year" in run.stderr
    run = thidua(project, "import", source, "--year", "2020")
    assert run.returncode == 0, run.stderr
    record = project / "campaigns" / "2020" / "phong-trao-thi-dua-chao-mung-ngay-thanh-lap-nganh.md"
    text = record.read_text(encoding="utf-8")
    assert 'issued: "2020"' in text
    assert "issuer" in run.stdout  # no registry unit matched: reported for the editor to check
    record.unlink()
