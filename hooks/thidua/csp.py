"""Content-Security-Policy for every page, and the check that a page runs only the theme's code.

The policy (a `<meta http-equiv>`, since static hosting gives no control over headers) allows
scripts from the site itself and, inline, only the theme's own small scripts, each by its
SHA-256. Those scripts are recognised by how Material's partials begin them (`theme_prefixes`);
an inline script that is not one of them, an event-handler attribute or a `javascript:` URL in a
built page means some value reached the HTML unescaped: that is a build error, not a page.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path

# Pagefind's search runs in WebAssembly: 'wasm-unsafe-eval' allows compiling it, not eval().
POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.I)
_TAG = re.compile(r"""<[a-zA-Z][\w:-]*((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)*)\s*/?>""")
_ATTR = re.compile(r"""([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def theme_prefixes(partials: Path) -> tuple[str, ...]:
    """How each inline script of the theme begins, read from Material's own partials
    (partials/javascripts/*.html), up to its first template expression."""
    prefixes = []
    for partial in sorted(partials.glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.S):
            prefix = body.split("{{")[0].split("{%")[0]
            if len(prefix) >= 12:
                prefixes.append(prefix)
    return tuple(prefixes)


def _digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _active_attributes(html: str) -> list[str]:
    """Event handlers and javascript: URLs in tags (not in text, where "<" is escaped)."""
    found = []
    for tag in _TAG.finditer(html):
        for name, value in _ATTR.findall(tag.group(1)):
            name = name.lower()
            url = _INVISIBLE.sub("", unescape(value.strip("\"'"))).lower()
            if name.startswith("on") or (name in _URL_ATTRS and url.startswith("javascript:")):
                found.append(tag.group()[:80])
    return found


def apply(html: str, prefixes: tuple[str, ...], *, preview: bool = False) -> tuple[str, list[str]]:
    """The page with its policy in <head>, and what in it would run that the theme did not put there.

    `preview`: `mkdocs serve` injects its live-reload script inline into every page it serves,
    with a new timestamp each time, so no hash can allow it; the preview's policy allows inline
    scripts instead (hashes would disable 'unsafe-inline'). Published pages never get it."""
    hashes, foreign = [], []
    for attrs, body in _SCRIPT.findall(html):
        if "src=" in attrs or _DATA_TYPE.search(attrs):
            continue
        if body.startswith(prefixes):
            hashes.append(_digest(body))
        else:
            foreign.append(f"<script>{body[:60]}")
    foreign += _active_attributes(html)
    allowed = " 'unsafe-inline'" if preview else "".join(" " + h for h in sorted(set(hashes)))
    meta = '<meta http-equiv="Content-Security-Policy" content="{}">'.format(POLICY.format(hashes=allowed))
    charset = _CHARSET.search(html)
    at = charset.end() if charset else html.find("<head>") + len("<head>")
    return html[:at] + meta + html[at:], foreign
