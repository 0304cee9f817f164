"""`thidua import` on commendation decisions and consultation lists: each real text as .txt,
.docx and .pdf writes a campaigns/honours/ or campaigns/consultations/ file (never a campaign
record), reports what it could not find, and never invents a year."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, load_yaml, thidua

FIXTURES = Path(__file__).parent / "fixtures" / "import-honours"
TEXTS = sorted(FIXTURES.glob("*.txt"))


def expected(text: Path) -> dict:
    return load_yaml(FIXTURES / f"{text.stem}.expected.yml")


def as_kind(text: Path, kind: str, folder: Path) -> Path:
    """The fixture as an office would send it: the text itself, a Word file or a PDF."""
    import docgen

    if kind == "txt":
        return text
    content = text.read_text(encoding="utf-8")
    target = folder / f"{text.stem}.{kind}"
    if "QUYẾT ĐỊNH" in content:  # laid out like a decree (two-column header and signature)
        if kind == "docx":
            return docgen.write_docx(content, target)
        return docgen.write_pdf(content, target, docgen.find_font())
    paragraphs = [p for p in content.split("\n") if p.strip()]
    if kind == "docx":
        from docx import Document

        document = Document()
        for line in paragraphs:
            document.add_paragraph(line)
        document.save(str(target))
        return target
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("Body", "", docgen.find_font())
    pdf.set_font("Body", size=11)
    for line, after in zip(paragraphs, paragraphs[1:] + [""]):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if not after.startswith("- "):  # list items sit tight; paragraphs are spaced, as pages print them
            pdf.ln(4)
    pdf.output(str(target))
    return target


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_import_writes_the_honours_file_and_reports_what_is_missing(tmp_path, text, kind):
    import docgen

    if kind == "pdf" and not docgen.find_font():
        message = "no TrueType font with Vietnamese glyphs (apt-get install fonts-dejavu-core)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    project = copy_project(tmp_path / "project")
    want = expected(text)
    source = as_kind(text, kind, tmp_path)
    records_before = sorted(p.relative_to(project) for p in (project / "campaigns").rglob("*.md"))
    if "year" in want:
        refused = thidua(project, "import", source)
        assert refused.returncode == 2
        assert "--year" in refused.stderr and str(want["lower_bound"]) in refused.stderr
        run = thidua(project, "import", source, "--year", want["year"])
    else:
        run = thidua(project, "import", source)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Đã tạo [written]: {want['path']}" in run.stdout
    assert yaml.safe_load((project / want["path"]).read_text(encoding="utf-8")) == want["data"]
    # Never a campaign record.
    assert sorted(p.relative_to(project) for p in (project / "campaigns").rglob("*.md")) == records_before
    reported = next((line for line in run.stdout.splitlines() if "Chưa tìm thấy" in line), "")
    for field in want["not_found"]:
        assert f"{field} (" in reported
    assert reported.count(" (") == len(want["not_found"])
    # What the editor must check by hand is said too (e.g. an annex read only in part).
    for note in want.get("notes", []):
        assert note in run.stdout


def test_a_decision_of_registered_units_validates_as_imported(tmp_path):
    project = copy_project(tmp_path / "project")
    run = thidua(project, "import", FIXTURES / "qd-736-ttg-binh-phuoc.txt")
    assert "chưa hợp lệ" not in run.stdout
    # Same decision as the bundled one: the portal has it twice now, and both validate.
    assert thidua(project, "validate").returncode == 0


def test_the_importer_does_not_overwrite_without_force(tmp_path):
    project = copy_project(tmp_path / "project")
    first = thidua(project, "import", FIXTURES / "qd-736-ttg-binh-phuoc.txt")
    assert first.returncode == 0
    again = thidua(project, "import", FIXTURES / "qd-736-ttg-binh-phuoc.txt")
    assert again.returncode == 1 and "--force" in again.stderr


def test_a_counted_article_without_its_annex_invents_no_collective():
    """Điều 1 counts 31 collectives but the annex is missing from the file: nothing is made up,
    the reason is still read, and the editor is told how many of the 31 were found."""
    from thidua.importer import decision
    from thidua.units import load_units

    units, _ = load_units(Path(__file__).resolve().parent.parent)
    lines = (FIXTURES / "qd-1646-ttg-danh-sach-kem-theo.txt").read_text(encoding="utf-8").split("\n")
    found = decision.parse_decision(lines[:lines.index("DANH SÁCH")], units)
    assert found.data["honours"] == [] and "honours" in found.missing and "reason" not in found.missing
    assert any("Điều 1 nêu 31 tập thể, danh sách kèm theo đọc được 0" in note for note in found.notes)
    # A hostile count is only a number in a note, never a list to fill.
    hostile = [line.replace("cho 31 tập thể", "cho 9999 tập thể") for line in lines]
    assert len(decision.parse_decision(hostile, units).data["honours"]) == 1
