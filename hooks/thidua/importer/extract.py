"""Decree files (.txt, .md, .docx, .pdf) → clean text lines.

Every format ends up as the same shape the seeds have: one paragraph per line, a blank line between
paragraphs, lines of one block (a signature "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC") kept together. All text
leaves this module NFC, with LF line ends and no trailing blanks, so the parser never sees the
differences between a Word file, a PDF and a capture.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..vntext import nfc
from .text import TO_SUPERSCRIPT, is_upper as _is_upper, mostly_upper

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
SUPERSCRIPT = TO_SUPERSCRIPT


class ExtractError(Exception):
    """A file the importer cannot read; the message is Vietnamese with English in brackets."""


def clean_lines(text: str) -> list[str]:
    """Normalise raw text: NFC (NFD input from macOS files), LF ends, invisible characters dropped."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Word and PDF text carry no-break and zero-width spaces that break matching but are invisible.
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\ufeff", "")
    text = re.sub("[\u200b\u200c\u200d\u2060]", "", text)
    text = text.replace("\f", "\n\n").replace("\t", " ")
    return [line.rstrip() for line in text.split("\n")]


def extract(path: str | Path) -> list[str]:
    """Read a decree file into lines; raise ExtractError with a message an editor can act on."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"Không tìm thấy tệp {path} [file not found]")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ExtractError(
            f"{path}: tệp Word cũ (.doc) chưa được hỗ trợ; hãy mở bằng Word/LibreOffice và lưu lại "
            "dạng .docx [old .doc format is not supported; save it as .docx]")
    if suffix not in SUPPORTED:
        raise ExtractError(
            f"{path}: định dạng {suffix or '(không có đuôi)'} chưa được hỗ trợ; dùng "
            f"{', '.join(SUPPORTED)} [unsupported file type]")
    reader = {".txt": _read_text, ".md": _read_text, ".docx": _read_docx, ".pdf": _read_pdf}[suffix]
    lines = reader(path)
    if not any(line.strip() for line in lines):
        raise ExtractError(f"{path}: tệp không có nội dung chữ [the file contains no text]")
    return lines


def _read_text(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ExtractError(f"{path}: không phải tệp văn bản thuần (UTF-8) [not a plain-text file]")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ExtractError(
            f"{path}: không đọc được dạng UTF-8 (byte {err.start}); hãy lưu lại tệp với mã hoá "
            "UTF-8 [the file is not UTF-8 encoded]") from None
    return clean_lines(text)


# --- .docx -------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS


def _read_docx(path: Path) -> list[str]:
    try:
        import docx  # python-docx
    except ImportError as err:  # pragma: no cover - dependency declared in requirements.txt
        raise ExtractError(f"Thiếu thư viện python-docx [python-docx is not installed]: {err}")
    _check_expanded_size(path)
    try:
        document = docx.Document(str(path))
    except Exception as err:  # zip, OPC and XML errors of a damaged file share no narrower base
        raise ExtractError(f"{path}: tệp .docx hỏng hoặc không phải Word [not a valid .docx]: {err}")
    try:
        notes = _docx_footnotes(document)
    except ExtractError as err:
        raise ExtractError(f"{path}: {err}") from None
    blocks: list[str] = []
    # Header and signature blocks of Vietnamese decrees are usually tables: walk the body in
    # document order so table cells land where a reader sees them.
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            blocks.append(_docx_paragraph_text(element))
        elif element.tag == W + "tbl":
            blocks.extend(_docx_table_blocks(element))
    lines: list[str] = []
    for block in blocks:
        block = block.strip()
        if block:
            lines.extend(block.split("\n"))
            lines.append("")
    for number, text in notes:
        lines.extend([f"{str(number).translate(SUPERSCRIPT)} {text}", ""])
    return clean_lines("\n".join(lines))


# A decree's .docx is a few hundred KB unpacked, pictures included; a file that unpacks to far more
# is damaged or a "zip bomb" and would exhaust the editor's memory.
MAX_EXPANDED = 100 << 20


def _check_expanded_size(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as err:
        raise ExtractError(f"{path}: tệp .docx hỏng hoặc không phải Word [not a valid .docx]: {err}") from None
    if expanded > MAX_EXPANDED:
        raise ExtractError(
            f"{path}: tệp .docx giải nén ra {expanded >> 20} MB, quá {MAX_EXPANDED >> 20} MB; tệp hỏng hoặc "
            f"không an toàn, hãy lưu lại bằng Word [the .docx expands to {expanded >> 20} MB, over "
            f"{MAX_EXPANDED >> 20} MB: damaged or unsafe; save it again from Word]")


def _docx_paragraph_text(p) -> str:
    """Text of one w:p with bold/italic runs as Markdown and footnote references as superscripts."""
    parts: list[str] = []
    for run in p.iter(W + "r"):
        # Runs inside hyperlinks and fields are found by iter(); skip runs nested in other runs.
        props = run.find(W + "rPr")
        bold = props is not None and _on(props.find(W + "b"))
        italic = props is not None and _on(props.find(W + "i"))
        text = []
        for child in run:
            if child.tag == W + "t":
                text.append(child.text or "")
            elif child.tag in (W + "br", W + "cr"):
                text.append("\n")
            elif child.tag == W + "tab":
                text.append(" ")
            elif child.tag == W + "footnoteReference":
                text.append(str(child.get(W + "id")).translate(SUPERSCRIPT))
        piece = "".join(text)
        if piece.strip() and "\n" not in piece:
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()):]
            core = piece.strip()
            if bold and italic:
                core = f"***{core}***"
            elif bold:
                core = f"**{core}**"
            elif italic:
                core = f"*{core}*"
            piece = lead + core + trail
        parts.append(piece)
    text = "".join(parts)
    # Adjacent runs with the same emphasis produce "**a****b**": merge them back into one span.
    return text.replace("****", "").replace("**\n**", "\n")


def _on(element) -> bool:
    if element is None:
        return False
    return element.get(W + "val") not in ("0", "false", "none")


def _docx_table_blocks(tbl) -> list[str]:
    blocks: list[str] = []
    for row in tbl.iter(W + "tr"):
        for cell in row.iter(W + "tc"):
            # A cell's paragraphs belong together (a header column), so they form one block each.
            for p in cell.iter(W + "p"):
                blocks.append(_docx_paragraph_text(p))
    return blocks


def _docx_footnotes(document) -> list[tuple[int, str]]:
    """(id, text) of the real footnotes; Word stores separators as footnotes with ids ≤ 0."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            try:
                root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError as err:
                raise ExtractError(f"phần chú thích cuối trang (footnotes.xml) hỏng [the footnotes part is damaged]: {err}")
            out = []
            for note in root.iter(W + "footnote"):
                # Word numbers real notes 1, 2, …; separators are ≤ 0; anything else is not a note.
                ident = note.get(W + "id") or ""
                if not ident.isdigit() or int(ident) <= 0:
                    continue
                number = int(ident)
                text = " ".join(_docx_paragraph_text(p).strip() for p in note.iter(W + "p"))
                out.append((number, text.strip()))
            return out
    return []


# --- .pdf --------------------------------------------------------------------------------------

def _read_pdf(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError as err:  # pragma: no cover
        raise ExtractError(f"Thiếu thư viện pypdf [pypdf is not installed]: {err}")
    try:
        reader = PdfReader(str(path))
        pages = [_pdf_lines(page) for page in reader.pages]
    except Exception as err:  # a damaged PDF fails in many ways; the editor needs one message
        raise ExtractError(f"{path}: tệp PDF hỏng [not a valid PDF]: {err}")
    if not any(text.strip() for page in pages for _, text in page):
        raise ExtractError(
            f"{path}: PDF không có lớp chữ (bản quét ảnh); cần nhận dạng chữ (OCR) hoặc xin bản "
            ".docx [the PDF has no text layer]")
    lines: list[tuple[bool, str]] = []  # (starts a paragraph, text)
    for page in pages:
        # Justified lines come out with runs of spaces: layout, not text.
        page = [(y, re.sub(r"\s{2,}", " ", nfc(t)).strip())
                for y, t in page if t.strip()]
        # Page numbers printed alone at the top or bottom of a page are not decree text.
        page = [(y, t) for i, (y, t) in enumerate(page)
                if not ((i == 0 or i == len(page) - 1) and re.fullmatch(r"-?\s*\d{1,3}\s*-?", t))]
        gaps = sorted(a[0] - b[0] for a, b in zip(page, page[1:]) if a[0] - b[0] > 0)
        usual = gaps[len(gaps) // 2] if gaps else 0
        previous_y = None
        for y, text in page:
            # Paragraph spacing shows as a taller gap than the line spacing of wrapped lines.
            wide_gap = previous_y is not None and usual and previous_y - y > usual * 1.3
            lines.append((bool(wide_gap), text))
            previous_y = y
    return reflow(lines)


def _pdf_lines(page) -> list[tuple[float, str]]:
    """(baseline height, text) of each visual line, from pypdf's text visitor."""
    out: list[tuple[float, str]] = []
    current = {"y": None, "text": ""}

    def flush():
        if current["text"].strip():
            out.append((current["y"] or 0.0, current["text"]))
        current["y"], current["text"] = None, ""

    def visit(text, cm, tm, font, size):
        for i, part in enumerate(text.split("\n")):
            if i:
                flush()
            if part.strip() and current["y"] is None:
                current["y"] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            current["text"] += part

    page.extract_text(visitor_text=visit)
    flush()
    return out


STRUCTURE = re.compile(
    r"^(?:[-–+•]\s|[IVXLC]+\.\s|\d+(?:\.\d+)*\.\s|[a-zđ]\)\s|Điều\s+\d|Nơi nhận|Số\s*:|Kính gửi|"
    r"(?:TM|KT|TL|TUQ|Q)\.\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s|⁽|Độc lập|V/v|\(?\s*[Đđ]ã ký|[^,.;:]{2,40},\s*ngày\b)")
SIGNED = re.compile(r"^[*(\s]*[Đđ]ã ký")
# A closing quote or bracket alone does not end a sentence: “… nông thôn mới” often wraps on.
SENTENCE_END = re.compile(r"(?:[.:;!?…]\**[\"”’)]?|\./\.)$")


def _upperish(line: str) -> bool:
    return _is_upper(line) or mostly_upper(line)


def reflow(lines: list[tuple[bool, str]]) -> list[str]:
    """Rebuild paragraphs from a PDF's visual lines.

    Where the PDF spaces its paragraphs (a taller gap), lines between two gaps are one paragraph.
    Without spacing, a line is continued by the next one when it was wrapped: it fills most of the
    text width and does not end a sentence, or the next line starts in lower case. Either way,
    lines that open a structure (a heading number, a list dash, "Nơi nhận", a date line) start a
    new paragraph, and upper-case lines (headings, signature block) stay lines of their own.
    """
    lines = [(gap, text.strip()) for gap, text in lines if text.strip()]
    if not lines:
        return []
    spaced = any(gap for gap, _ in lines)
    lengths = sorted(len(text) for _, text in lines)
    width = lengths[int(len(lengths) * 0.9)]
    out: list[str] = []
    current = ""
    for gap, line in lines:
        if not current:
            current = line
            continue
        separate = (gap or STRUCTURE.match(line) or _is_upper(line) or _is_upper(current)
                    or SIGNED.match(current))
        if spaced:
            join = not separate
        else:
            wrapped = len(current) >= 0.75 * width and not SENTENCE_END.search(current)
            join = not separate and (wrapped or (line[:1].islower() and not SENTENCE_END.search(current)))
        if join:
            current = f"{current} {line}"
            continue
        out.append(current)
        # Upper-case blocks (header, "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC") stay together without a gap,
        # and so does a capitals subject wrapped over two lines that keeps a code as printed
        # ("… CHỈ THỊ SỐ 19/CT-TTg … ĐẠI HỘI" / "ĐẠI BIỂU TOÀN QUỐC …").
        if gap or not (_upperish(current) and _upperish(line)):
            out.append("")
        current = line
    out.append(current)
    return out

