"""Markdown bodies of the generated pages, rendered ahead of MkDocs on every core and kept in the
build cache (hooks/thidua/buildcache.py).

MkDocs renders pages one after another in one process; its per-page Markdown conversion is pure
given the text and the `markdown_extensions` of mkdocs.yml, except for one step: rewriting
relative links needs the whole file list. So a body is rendered here with MkDocs' own tree
processors (anchors, title, raw HTML) and, in place of the link rewriter, a check that finds no
link it would rewrite; a body that has one (a relative link, or an absolute "/…" one MkDocs warns
about) is left to MkDocs itself. For the others the glue stands in for MkDocs' Page.render
(`_render_ahead`, hooks/thidua_mkdocs.py) and sets this result, table of contents and anchors
on the page, so MkDocs converts nothing. The body is
kept already passed through the sanitiser (thidua.sanitize.clean, the same function the glue
applies to every other generated page), so that allow-list runs on every core too, and once per
body for as long as the cache keeps it.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor, _RawHTMLPreprocessor

from thidua import buildcache, parallel, sanitize

KIND = "body"


class _NoRewrite(Treeprocessor):
    """Where MkDocs rewrites links (priority 0): notes whether it would have rewritten any, and
    the links to anchors of the page itself, which MkDocs validates after the build."""

    def __init__(self):
        super().__init__()
        self.rewrites = False
        self.self_anchors: dict[str, str] = {}

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is None:
                continue
            url = element.get(key)
            scheme, netloc, path, _query, anchor = urlsplit(url)
            # The same order of cases as mkdocs.structure.pages._RelativePathTreeprocessor.path_to_url.
            if scheme or netloc:
                continue
            if url.startswith(("/", "\\")):
                self.rewrites = True
            elif AMP_SUBSTITUTE in url:
                continue
            elif not path:
                if anchor:
                    self.self_anchors.setdefault(anchor, url)
            else:
                self.rewrites = True
        return root


_SETTINGS: dict[str, Any] = {}


def _configure(extensions: list, configs: dict) -> None:
    _SETTINGS["extensions"], _SETTINGS["configs"] = extensions, configs


def render(text: str) -> dict | None:
    """What MkDocs' Page.render would produce for `text`, its HTML sanitised as on_page_content
    would, or None when only MkDocs can render it."""
    md = markdown.Markdown(extensions=_SETTINGS["extensions"], extension_configs=_SETTINGS["configs"])
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(None, None, None)
    anchors._register(md)
    links = _NoRewrite()
    md.treeprocessors.register(links, "relpath", 0)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(text)
    if links.rewrites:
        return None
    return {
        "html": sanitize.clean(html),
        "toc": getattr(md, "toc_tokens", []),
        "title": title.title,
        "anchors": sorted(anchors.present_anchor_ids | raw_html.present_anchor_ids),
        "self_anchors": sorted(links.self_anchors.items()),
    }


def markdown_settings(config) -> tuple[list, dict]:
    return list(config["markdown_extensions"]), dict(config["mdx_configs"] or {})


def settings_digest(config_file: str) -> str:
    """The cache's view of the Markdown configuration: mkdocs.yml as written (the extensions and
    their options live there; thidua's own slugify is code, covered by the code fingerprint)."""
    with open(config_file, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def prepare(texts: dict[str, str], config, store: buildcache.Store | None, workers: int) -> dict[str, dict]:
    """src_uri -> rendered body, for every text MkDocs would render the same way (see render())."""
    extensions, configs = markdown_settings(config)
    _configure(extensions, configs)
    settings = settings_digest(config.config_file_path)
    out: dict[str, dict] = {}
    todo: list[tuple[str, str, str | None]] = []
    for uri, text in texts.items():
        key = store.key(KIND, settings, hashlib.sha256(text.encode("utf-8")).hexdigest()) if store else None
        value = store.get(KIND, key) if store else buildcache.MISSING
        if isinstance(value, dict) and value.get("rendered") is not None:
            out[uri] = value["rendered"]
        elif isinstance(value, dict) and "rendered" in value:
            continue  # known to need MkDocs' own link rewriting
        else:
            todo.append((uri, text, key))
    results = parallel.map_each(_render_encoded, [text for _, text, _ in todo], workers=workers,
                                initializer=_configure, initargs=(extensions, configs))
    for (uri, _, key), body in zip(todo, results):
        if store is not None:
            store.put_json(KIND, key, body)
        # What a warm build reads back: the cold one uses the very same JSON form.
        rendered = json.loads(body)["rendered"]
        if rendered is not None:
            out[uri] = rendered
    return out


def _render_encoded(text: str) -> bytes:
    """render(), encoded as the cache stores it, by the worker process that renders it."""
    return buildcache.encode_json({"rendered": render(text)})
