"""The second wall: an allow-list of what Python-Markdown produces for a decree, nothing else.

`thidua.bodycheck` refuses raw HTML and unsafe links in a record's source with file and line.
Whatever slips past it (a Markdown construct nobody thought of, a future extension) still cannot
reach a reader as markup that runs: every generated page's rendered content passes through
Ammonia (the `nh3` bindings) with the elements, attributes, classes and URL schemes below.
For a valid record the output is the same document as Python-Markdown's (only entities are
written as characters and void elements as HTML5; tested on the bundled decrees).
"""
from __future__ import annotations

import re

import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "del", "sub", "sup", "abbr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "img", "div", "span",
}
ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Classes Python-Markdown's footnotes, toc permalinks and admonitions use.
CLASSES = {
    "a": {"footnote-ref", "footnote-backref", "headerlink"},
    "div": {"footnote", "admonition", "note", "info", "tip", "warning", "danger"},
    "p": {"admonition-title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Ids come from the heading slugs and footnotes ("thi-dua", "fn:1"): nothing that could shadow
# the theme's own element ids such as "__config".
_ID = re.compile(r"[a-z0-9][a-z0-9:-]*")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*:|//)")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not _ID.fullmatch(value):
        return None
    if element == "img" and attribute == "src" and _SCHEME.match(value):
        return None  # images only from the site itself: no request to another host
    return value


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
