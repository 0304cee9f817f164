"""Body lines → Markdown blocks, per the record format's Body rules.

Kept verbatim: every sentence, typos, quotes, **bold**/*italic*. Changed: section lines become
headings (I. → ##, short "1. …" titles → ###, "1.1. …" titles → ####), numbered sentences get
their number escaped so Markdown does not renumber them, paragraphs cut by a page break are joined,
footnote markers become Markdown footnotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..bodycheck import escape_html
from .text import FROM_SUPERSCRIPT, strip_emphasis

ROMAN = re.compile(r"^\**[IVXLC]+\.\s")
NUMBERED = re.compile(r"^\**(\d+)\.\s")
SUBNUMBERED = re.compile(r"^\**\d+\.\d+(?:\.\d+)*\.?\s")
ITEM = re.compile(r"^[-–•+]\s+")
LETTERED = re.compile(r"^\**(?:[a-zđ]\)|[a-zđ]\.|Điều\s+\d+)\s")
TERMINAL = re.compile(r"[.;:!?…]\**$|\./\.$")


@dataclass
class Block:
    kind: str  # "para", "item", "heading"
    text: str  # without list dash; heading text without '#'
    level: int = 0
    titled: bool = False  # a numbered one-sentence line: a title if content follows it
    marker: str = "-"  # the printed list marker ("-", "+"), kept


def _classify(line: str) -> Block:
    plain = strip_emphasis(line)
    if ITEM.match(line):
        marker = "+" if line.startswith("+") else "-"
        return Block("item", ITEM.sub("", line, count=1), marker=marker)
    if ROMAN.match(line) and _is_title(plain):
        return Block("heading", line, 2)
    if SUBNUMBERED.match(line) and _is_title(plain):
        return Block("heading", line, 4)
    if NUMBERED.match(line) and _is_title(plain):
        return Block("heading", line, 3)
    if (NUMBERED.match(line) or SUBNUMBERED.match(line)) and _one_sentence(plain):
        return Block("para", line, titled=True)
    return Block("para", line)


def _one_sentence(plain: str) -> bool:
    after = re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", plain)
    return not re.search(r"[.;:!?]\s", after.rstrip("*"))


def promote_titles(blocks_: list[Block]) -> list[Block]:
    """000 "2. Thi đua thực hiện nghiêm … doanh nghiệp." followed by its own paragraphs is a section
    title; 004 "1. Động viên …." followed by "2. …" is one of a run of numbered paragraphs."""
    out = list(blocks_)
    for i, block in enumerate(out):
        if not block.titled or i + 1 >= len(out):
            continue
        nxt = out[i + 1]
        numbered_next = NUMBERED.match(nxt.text) and (nxt.kind == "para" or nxt.level == 3)
        if not numbered_next:
            level = 4 if SUBNUMBERED.match(block.text) else 3
            out[i] = Block("heading", block.text, level)
    return out


def _is_title(plain: str) -> bool:
    """A section title: no sentence after the number on the same line, no closing punctuation."""
    after = re.sub(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.?\s+", "", plain)
    if TERMINAL.search(plain) or re.search(r"[.;:]\s", after):
        return False
    return len(after) <= 300


def blocks(lines: list[str]) -> list[Block]:
    """Blocks from lines; consecutive lines join unless the next one opens a new block."""
    out: list[Block] = []
    current: list[str] = []

    def flush():
        if current:
            out.append(_classify(" ".join(current)))
            current.clear()

    for line in lines:
        line = line.strip()
        if not line:
            flush()
            continue
        if current and (ITEM.match(line) or ROMAN.match(line) or NUMBERED.match(line)
                        or SUBNUMBERED.match(line) or LETTERED.match(line)):
            flush()
        current.append(line)
    flush()
    return out


def join_page_breaks(blocks_: list[Block]) -> list[Block]:
    """Join a block cut mid-sentence with the paragraph that continues it in lower case."""
    out: list[Block] = []
    for block in blocks_:
        if (out and block.kind == "para" and block.text[:1].islower()
                and out[-1].kind in ("para", "item") and not TERMINAL.search(out[-1].text)):
            prev = out[-1]
            out[-1] = Block(prev.kind, f"{prev.text} {block.text}", prev.level, marker=prev.marker)
        else:
            out.append(block)
    return out


def _footnote_refs(text: str, footnotes: dict[str, str]) -> str:
    def repl(m):
        key = (m.group(1) or m.group(2)).translate(FROM_SUPERSCRIPT)
        return f"[^{key}]" if key in footnotes else m.group(0)

    return re.sub(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|(?<=\S)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", repl, text)


def _escape(text: str) -> str:
    """Keep a paragraph's printed start from turning into Markdown structure."""
    text = re.sub(r"^(\**)(\d+)\.(\s)", r"\1\2\\.\3", text)
    return re.sub(r"^([#>=]|[-+*]\s)", r"\\\1", text)


def render(blocks_: list[Block], footnotes: dict[str, str]) -> str:
    parts: list[str] = []
    prev = None
    used: list[str] = []
    for block in blocks_:
        text = _footnote_refs(escape_html(block.text), footnotes)
        used += [k for k in re.findall(r"\[\^(\d+)\]", text) if k not in used]
        if block.kind == "heading":
            line = "#" * block.level + " " + strip_emphasis(text)
        elif block.kind == "item":
            line = f"{block.marker} {text}"
        else:
            line = _escape(text)
        if parts:
            # Items of one list stay together (a tight list); everything else is its own paragraph.
            same_list = prev is not None and prev.kind == "item" and block.kind == "item" and prev.marker == block.marker
            parts.append("\n" if same_list else "\n\n")
        parts.append(line)
        prev = block
    notes = [f"[^{k}]: {escape_html(footnotes[k])}" for k in used]
    md = "".join(parts)
    if notes:
        md += "\n\n" + "\n".join(notes)
    return md + "\n"

