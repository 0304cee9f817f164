"""Write .docx and .pdf decrees from the plain-text fixtures, as offices produce them.

Generated at test time with the same libraries an office's files come from (python-docx; fpdf2
with a TrueType font, so the PDF has a real text layer with Vietnamese glyphs), instead of
committing opaque binaries. The layout follows Nghị định 30/2020: header and signature blocks
are two-column tables in Word; the PDF wraps paragraphs at the page width, as printed decrees do.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

HEADINGS = ("PHÁT ĐỘNG", "KẾ HOẠCH", "QUYẾT ĐỊNH", "CHỈ THỊ")
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian fonts-dejavu-core
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",  # Debian fonts-liberation
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def find_font() -> str | None:
    """A TTF with Vietnamese glyphs: a Debian font package, else the DejaVu bundled in matplotlib."""
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return path
    try:  # matplotlib ships DejaVu Sans; used only when a developer happens to have it
        import matplotlib

        bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    return None


def split_decree(text: str):
    """(header lines, body paragraphs, recipients block, signature lines) of a fixture text."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    lines = text.split("\n")
    head = next((i for i, line in enumerate(lines) if line.strip().strip("*") in HEADINGS), None)
    if head is None:  # a công văn: "V/v …" sits in the header, the body opens with "Kính gửi"
        head = next(i for i, line in enumerate(lines) if line.startswith("Kính gửi"))
    header = [line for line in lines[:head] if line.strip()]
    rest = "\n".join(lines[head:])
    body_part, _, tail = rest.partition("\nNơi nhận:")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body_part) if p.strip()]
    first = paragraphs[0].split("\n")
    if first[0].strip("*") in HEADINGS and len(first) > 1:
        # "KẾ HOẠCH" and its subject line wrapped over two lines: two paragraphs in Word.
        paragraphs[:1] = [first[0], " ".join(first[1:])]
    tail_blocks = [b.strip() for b in re.split(r"\n\s*\n", tail) if b.strip()]
    recipients = ["Nơi nhận:"] + (tail_blocks[0].split("\n") if tail_blocks else [])
    signature = [line for block in tail_blocks[1:] for line in block.split("\n")]
    return header, paragraphs, recipients, signature


def split_annex(text: str) -> tuple[str, list[str]]:
    """(the decision, the lines of its annex): a "DANH SÁCH" block after the signature is printed on
    a page of its own, after the signature table, not inside it."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    before, sep, annex = text.partition("\nDANH SÁCH\n")
    if not sep or "\nNơi nhận:" not in before:
        return text, []
    return before, ["DANH SÁCH"] + [line for line in annex.split("\n") if line.strip()]


def _is_cong_van(header: list[str]) -> bool:
    return any(line.startswith("V/v") for line in header)


def write_docx(text: str, path: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    text, annex = split_annex(text)
    header, paragraphs, recipients, signature = split_decree(text)
    # Footnotes become real Word footnotes (a reference in the text, the note in footnotes.xml).
    notes = {}
    for para in list(paragraphs):
        m = re.match(r"^([¹²³⁴⁵⁶⁷⁸⁹]+)\s+(.*)$", para)
        if m:
            notes[m.group(1).translate(FROM_SUPERSCRIPT)] = m.group(2)
            paragraphs.remove(para)
    document = docx.Document()
    left = [line for line in header if not re.match(r"^(CỘNG HÒA|Độc lập)|.*, ngày", line)]
    right = [line for line in header if line not in left]
    table = document.add_table(rows=1, cols=2)
    for cell, cell_lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = cell_lines[0] if cell_lines else ""
        for line in cell_lines[1:]:
            cell.add_paragraph(line)
    for i, para in enumerate(paragraphs):
        p = document.add_paragraph()
        if i < 2 and not _is_cong_van(header):
            # type heading and subject line: bold, centred, as printed
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for j, line in enumerate(para.split("\n")):
                run = p.add_run(line if j == 0 else " " + line)
                run.bold = True
            continue
        for j, line in enumerate(para.split("\n")):
            if j:
                p = document.add_paragraph()
            for piece in re.split(r"([¹²³⁴⁵⁶⁷⁸⁹]+)", line):
                number = piece.translate(FROM_SUPERSCRIPT)
                if number in notes:
                    _footnote_reference(p, number)
                elif piece:
                    p.add_run(piece)
    table = document.add_table(rows=1, cols=2)
    left_cell, right_cell = table.rows[0].cells
    first = left_cell.paragraphs[0]
    first.add_run(recipients[0]).bold = True
    for line in recipients[1:]:
        left_cell.add_paragraph(line)
    right_cell.paragraphs[0].text = signature[0] if signature else ""
    for line in signature[1:]:
        right_cell.add_paragraph(line)
    if annex:
        from docx.enum.text import WD_BREAK

        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for i, line in enumerate(annex):
            p = document.add_paragraph(line)
            if i < 3 and not re.match(r"^\d", line):  # "DANH SÁCH", its title and "(kèm theo …)"
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if notes:
        _footnotes_part(document, notes)
    document.save(str(path))
    return path


FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnote_reference(paragraph, number: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    props = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    props.append(align)
    run._r.append(props)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), number)
    run._r.append(ref)


def _footnotes_part(document, notes: dict[str, str]) -> None:
    """word/footnotes.xml as Word writes it: two separator notes, then the real ones."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
        f'{escape(text)}</w:t></w:r></w:p></w:footnote>' for n, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f'</w:r></w:p></w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def write_pdf(text: str, path: Path, font: str) -> Path:
    """A PDF as Word exports a decree: the header and the signature block in two columns (each
    column written whole, then the next, as Word writes table cells), paragraphs justified and
    wrapped at the page width."""
    from fpdf import FPDF

    text, annex = split_annex(text)
    header, paragraphs, recipients, signature = split_decree(text)
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.add_font("Body", "", font)
    pdf.set_font("Body", size=11)

    def block(lines, align="L", gap=2.0):
        for line in lines:
            pdf.multi_cell(0, 6, line, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def columns(left, right, left_align="C", right_align="C"):
        top = pdf.get_y()
        for line in left:
            pdf.set_x(20)
            pdf.multi_cell(75, 6, line, align=left_align, new_x="LEFT", new_y="NEXT")
        bottom = pdf.get_y()
        pdf.set_y(top)
        for line in right:
            pdf.set_x(100)
            pdf.multi_cell(90, 6, line, align=right_align, new_x="LEFT", new_y="NEXT")
        pdf.set_y(max(bottom, pdf.get_y()) + 2)

    left = [line for line in header if not re.match(r"^(CỘNG HÒA|Độc lập)|.*, ngày", line)]
    right = [line for line in header if line not in left]
    columns(left, right)
    for i, para in enumerate(paragraphs):
        if i < 2 and not _is_cong_van(header):
            block([" ".join(para.split("\n"))], align="C")
        else:
            block(para.split("\n"), align="J")
    columns(recipients, signature, left_align="L")
    if annex:
        pdf.add_page()
        for line in annex:
            block([line], align="L" if re.match(r"^\d", line) else "C")
    pdf.output(str(path))
    return path
