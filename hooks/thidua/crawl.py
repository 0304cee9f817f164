"""What crawlers and link previews fetch besides the pages: robots.txt and the site's own image.

The sitemap itself is MkDocs' (sitemap.xml and sitemap.xml.gz at the site root), its <lastmod>
taken from the records by the glue (thidua.pages: PlannedPage.lastmod); the feeds have their own
(thidua.feeds.SITEMAP). robots.txt is only read at a host's root: on a site published under a
path (a GitHub Pages project site) it is informative, and the sitemaps should be submitted.
"""
from __future__ import annotations

from . import feeds

SHARE_IMAGE = "assets/thidua-share.png"  # docs/assets/: the card image of every page, no other host


def robots_txt(site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    return (
        "User-agent: *\n"
        "Allow: /\n"
        f"Sitemap: {base}sitemap.xml\n"
        f"Sitemap: {base}{feeds.SITEMAP}\n"
    )
