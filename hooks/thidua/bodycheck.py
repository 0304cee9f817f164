"""What a decree's Markdown body may not contain, found in the source with its line.

A decree is text: headings, paragraphs, lists, tables, emphasis, footnotes and links. Raw HTML,
scripts, event handlers and links that run code never belong in one, and a published decree must
never change silently, so they are errors here (file:line) rather than something the sanitiser
quietly removes later (`thidua.sanitize` still runs on the rendered page as a second wall).

HTML comments are allowed as editors' notes: they are removed before rendering and from the
published record file (`strip_comments`), so they never reach a reader.
"""
from __future__ import annotations

import html
import re

from .problems import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A "<" that starts a tag, a closing tag, a declaration or a processing instruction.
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:-]*(?=[\s/>])|[A-Za-z][A-Za-z0-9:-]*$|/[A-Za-z]|!|\?)")
# Markdown autolinks, which are not HTML: <https://…>, <mailto:…>, <name@host>.
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>", re.I)
# Link and image destinations: inline [text](dest), reference definitions [id]: dest.
_INLINE_DEST = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_REF_DEST = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
LINK_SCHEMES = ("http", "https", "mailto")
# Python-Markdown's attribute lists ({: onclick=… }) are not enabled (mkdocs.yml); this only
# explains to an editor why such text shows as typed.


def strip_comments(body: str) -> str:
    return _COMMENT.sub("", body)


def escape_html(text: str) -> str:
    """Text that must print as typed (the importer's input): every "<" that could open a tag
    becomes "&lt;", so a decree quoting "<script>" shows it instead of running it."""
    return _TAG.sub(lambda m: "&lt;" + m.group()[1:], text)


def _prose_lines(body: str):
    """(line number, text) of the lines outside fenced code, with code spans blanked."""
    fence = None
    for number, line in enumerate(body.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)


def _scheme(dest: str) -> str | None:
    # Browsers decode entities and ignore control characters and spaces inside a URL's scheme
    # ("java&#115;cript:", "java\tscript:"), so check what the browser will see.
    match = _SCHEME.match(_INVISIBLE.sub("", html.unescape(dest)))
    return match.group(1).lower() if match else None


def check(body: str, rel: str, first_line: int) -> list[Problem]:
    """Problems of a record body; `first_line` is the file line of the body's first line."""
    problems: list[Problem] = []
    # Comments become blanks of the same shape, so line numbers stay true.
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)
    for number, line in _prose_lines(text):
        where = first_line + number - 1
        bare = _AUTOLINK.sub(lambda m: " " * len(m.group()), line)
        tag = _TAG.search(bare)
        if tag and bare.startswith("<!--", tag.start()):
            problems.append(Problem(
                rel, where, "body",
                "chú thích HTML “<!--” không có “-->” đóng lại", "HTML comment “<!--” is never closed by “-->”",
            ))
        elif tag:
            shown = bare[tag.start():].split(">")[0][:40] + ">"
            problems.append(Problem(
                rel, where, "body",
                f"văn bản có mã HTML “{shown}”; viết bằng Markdown, hoặc ghi “&lt;” nếu muốn in dấu “<”",
                f"the body contains HTML “{shown}”; write Markdown, or “&lt;” to print a “<”",
            ))
        for image, dest in _INLINE_DEST.findall(line):
            problems += _check_dest(dest, bool(image), rel, where)
        ref = _REF_DEST.match(line)
        if ref:
            problems += _check_dest(ref.group(1), False, rel, where)
    return problems


def _check_dest(dest: str, image: bool, rel: str, line: int) -> list[Problem]:
    scheme = _scheme(dest)
    if image and (scheme or dest.lstrip().startswith("//")):
        return [Problem(
            rel, line, "body",
            f"ảnh “{dest[:60]}” lấy từ máy chủ khác; trang chỉ dùng ảnh đặt trong kho (đường dẫn tương đối)",
            f"image “{dest[:60]}” comes from another host; use an image kept in the repository (a relative path)",
        )]
    if scheme and scheme not in LINK_SCHEMES:
        return [Problem(
            rel, line, "body",
            f"liên kết “{dest[:60]}” dùng giao thức “{scheme}:”; chỉ dùng http, https, mailto hoặc đường dẫn tương đối",
            f"link “{dest[:60]}” uses the “{scheme}:” scheme; use http, https, mailto or a relative path",
        )]
    return []
