"""Build a temporary copy of the project with `mkdocs build --strict`, and read what it wrote."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_project, mkdocs_build  # noqa: F401  (copy_project is re-exported)

SECTION = "trang-thong-tin-dien-tu"


@dataclass
class Built:
    root: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, url: str) -> "Page":
        return Page(url, (self.site / url / "index.html").read_text(encoding="utf-8"))


def build(root: Path) -> Built:
    done = mkdocs_build(root)
    return Built(root, done.returncode, done.stdout + done.stderr)


_LINK = re.compile(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


class Page:
    """A built page's main content (Material's article), its links and text."""

    def __init__(self, url: str, text: str):
        self.url, self.html = url, text
        start = text.find('<article class="md-content__inner')
        end = text.find("</article>", start)
        self.content = text[start:end] if start >= 0 else text

    def links(self, within: str | None = None) -> list[tuple[str, str]]:
        """(site-relative URL, text) of every link in the content, or in the element with class `within`."""
        body = self.content
        if within:
            start = body.find(f'class="{within}')
            if start < 0:
                return []
            body = body[start: _block_end(body, start)]
        out = []
        for href, label in _LINK.findall(body):
            if href.startswith(("http:", "https:", "#", "mailto:")):
                continue
            out.append((resolve(self.url, html.unescape(href)), text_of(label)))
        return out

    def text(self) -> str:
        return text_of(self.content)


def _block_end(body: str, start: int) -> int:
    tag = body.rfind("<", 0, start)
    name = re.match(r"<(\w+)", body[tag:]).group(1)
    depth, pos = 0, tag
    pattern = re.compile(rf"<(/?){name}\b")
    for match in pattern.finditer(body, tag):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(body)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", fragment))).strip()


def resolve(page_url: str, href: str) -> str:
    """A relative href on the page at `page_url` as a site-relative URL ("a/b/")."""
    href = href.split("#")[0]
    parts = [p for p in page_url.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    url = "/".join(parts)
    return url + "/" if href.endswith("/") or not href else url
