"""Finished pages from the build cache: which pages may be taken from it, under which names, how
they are written, and how the sitemap still lists them.

The names come from thidua.pagecache (the site's digest and each planned page's inputs). A page is
taken from the cache only outside the navigation and when no hand-written page links to it: MkDocs
must render those itself, or it would report links to pages it did not build. The glue
(hooks/thidua_mkdocs.py) writes a taken page in `on_files` and keeps it out of MkDocs' page loop.
"""
from __future__ import annotations

import functools
import json
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from markupsafe import escape

from thidua import pagecache, parallel, structured

# The settings a page's HTML shows that mkdocs.yml's bytes may not tell (`!ENV`, defaults).
_SETTINGS = ("site_url", "site_name", "site_description", "copyright", "repo_url", "repo_name",
             "edit_uri", "use_directory_urls", "extra", "extra_css", "extra_javascript", "nav")
_MD_LINK = re.compile(r"\]\(\s*<?([^)#\s>]+\.md)")


def site_digest(config, planned: list, mode: str) -> str:
    # Plain JSON: config objects (ExtraScriptValue, nested Config) reduce to how they print.
    resolved = json.loads(json.dumps({name: config.get(name) for name in _SETTINGS}, default=str))
    return pagecache.site_digest(
        config_file=Path(config.config_file_path), resolved=resolved,
        templates=Path(config.theme.custom_dir), docs=Path(config.docs_dir),
        nav_pages=[(p.src_uri, p.title) for p in planned if p.in_nav], mode=mode)


# Below this many pages, naming them all here costs less than a forked process.
SPLIT_PAGES = 2000


def page_keys(planned: list, site: str, store, search: dict, titles: dict[str, str],
              texts: pagecache.TextNames | None = None, workers: int = 1) -> dict[str, str]:
    """src_uri -> the cache name of the page's finished HTML. `search`: record path -> its planned
    search entry (thidua.search.plan); `titles`: page url -> title, for breadcrumbs; `texts`: the
    preview's names of texts it has seen. With `workers` > 1 a forked process names half of the
    pages while this one names the rest (thidua.parallel.Beside, which names them
    here should that process fail): naming 20,000 pages took 0.7 s of one core, the largest step
    of a rebuild's plan at 10,000 records. Names depend on nothing but their inputs, so they are
    the same either way; the preview, with its TextNames, names all here."""
    if workers > 1 and texts is None and len(planned) >= SPLIT_PAGES:
        # Every other page: the plan lists the decrees' pages, then the listings, which cost more.
        other = parallel.Beside(_page_keys, planned[0::2], site, store, search, titles, None, workers=workers)
        mine = _page_keys(planned[1::2], site, store, search, titles, None)
        keys = {**other.result(), **mine}
        return {page.src_uri: keys[page.src_uri] for page in planned if page.src_uri in keys}
    return _page_keys(planned, site, store, search, titles, texts)


def _page_keys(planned: list, site: str, store, search: dict, titles: dict[str, str],
               texts: pagecache.TextNames | None) -> dict[str, str]:
    memo: dict = {}  # one build's names of its objects: a decree shown on many pages is hashed once
    keys = {}
    for page in planned:
        campaign = page.context.get("campaign")
        planned = search.get(campaign.path) if campaign is not None else None
        # The entry's cache name names all it is made from; without a cache, the entry itself.
        entry = (planned.name or planned.entry) if planned is not None else None
        try:
            inputs = pagecache.page_inputs(page, memo, search_entry=entry, texts=texts,
                                           crumbs=structured.trail(page.url, page.title, titles))
        except TypeError:
            continue  # a context the fingerprint cannot read: that page is rendered every time
        keys[page.src_uri] = store.key(pagecache.KIND, site, inputs)
    return keys


def lookup(store, key: str | None) -> tuple[bytes, tuple | None] | None:
    """(the page's bytes as written to the site, its search entry) of a finished page, or None."""
    if key is None:
        return None
    found = store.get_bytes(pagecache.KIND, key)
    if not isinstance(found, tuple) or not isinstance(found[0], dict):
        return None
    entry = found[0].get("entry")
    return found[1], tuple(entry) if entry else None


def encoded(html: str) -> bytes:
    """A page's bytes as MkDocs writes them (mkdocs.utils.write_file after _build_page)."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


def keep(store, key: str, data: bytes, entry) -> None:
    """Store a finished page's bytes (encoded()) and search entry under `key`."""
    store.put_bytes(pagecache.KIND, key, data, {"entry": list(entry) if entry else None})


def linked_from_docs(docs: Path) -> set[str]:
    """src_uri of every page a Markdown link of docs/ points to."""
    found = set()
    for path in Path(docs).rglob("*.md"):
        folder = path.parent.relative_to(docs).as_posix()
        for target in _MD_LINK.findall(path.read_text(encoding="utf-8")):
            found.add(posixpath.normpath(posixpath.join(folder, target)).lstrip("/"))
    return found


def write(abs_dest_path: str, data: bytes) -> None:
    """Write a finished page where MkDocs would have."""
    target = Path(abs_dest_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def sitemap_pages(files, outside: dict, site_url: str, planned: list[str]) -> list:
    """What MkDocs' sitemap template iterates (mkdocs/templates/sitemap.xml): the hand-written pages
    as MkDocs found them, then every generated page in `planned` order (src_uri), whether MkDocs
    rendered it or not (`outside`: src_uri -> (File, PlannedPage) of those it did not). The order
    is the same whichever pages came from the cache, and whether the preview left them out of
    `files` or not."""
    rank = set(planned)
    rendered = {f.src_uri: f for f in files if f.src_uri in rank and f.inclusion.is_included()}
    listed = [f for f in files if f.is_documentation_page() and f.inclusion.is_included() and f.src_uri not in rank]
    for uri in planned:
        if uri in outside:
            listed.append(_entry(*outside[uri], site_url))
        elif uri in rendered:
            listed.append(rendered[uri])
    return listed


SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def sitemap_xml(pages) -> str:
    """What MkDocs' sitemap template (mkdocs/templates/sitemap.xml) prints for `pages`
    (sitemap_pages()), byte for byte, written out here: Jinja's loop over an archive's 20,000
    pages took 0.2 s of every rebuild at 10,000 records. overrides/sitemap.xml prints the result.
    Addresses and dates are escaped as the template's `|e` escapes them."""
    parts = [SITEMAP_HEAD]
    for file in pages:
        page = file.page
        if page.is_link or not (page.abs_url or page.canonical_url):
            continue
        loc = escape(page.canonical_url or page.abs_url)
        lastmod = f"<lastmod>{escape(page.update_date)}</lastmod>" if page.update_date else ""
        parts.append(f"\n    <url>\n         <loc>{loc}</loc>\n         {lastmod}\n    </url>")
    parts.append("\n</urlset>")
    return "".join(parts)


def _entry(file, planned, site_url: str) -> SimpleNamespace:
    """The attributes the sitemap reads of a page (mkdocs.structure.pages.Page._set_canonical_url)."""
    canonical, path = _canonical(site_url or "", file.url)
    page = SimpleNamespace(is_link=False, canonical_url=canonical, abs_url=path, update_date=planned.lastmod or "")
    return SimpleNamespace(page=page)


_PLAIN_URL = re.compile(r"[A-Za-z0-9%_~.\-/]+")


def _canonical(base: str, url: str) -> tuple[str | None, str | None]:
    """(urljoin(base + "/", url), the path of that), as MkDocs computes them for a page. A
    generated page's url is a plain relative path, joined by concatenation: urljoin and urlsplit on
    every one of an archive's pages took a tenth of a preview rebuild at 10,000 records. Anything
    else takes MkDocs' way."""
    if not base:
        return None, None
    base = base if base.endswith("/") else base + "/"
    plain = _PLAIN_URL.fullmatch(url) and not url.startswith("/") and all(
        part not in ("", ".", "..") for part in url.rstrip("/").split("/"))
    if plain and _plain_base(base):
        return base + url, _base_path(base) + url
    canonical = urljoin(base, url)
    return canonical, urlsplit(canonical).path


@functools.lru_cache(maxsize=8)
def _plain_base(base: str) -> bool:
    """True when joining a plain relative path to `base` is concatenation."""
    return urljoin(base, "a/b.c/") == base + "a/b.c/"


@functools.lru_cache(maxsize=8)
def _base_path(base: str) -> str:
    return urlsplit(base).path
