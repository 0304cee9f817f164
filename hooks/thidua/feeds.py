"""Atom feeds (RFC 4287): one for all decrees, one per listing term, one for honours.

Every listing page of thidua.listings (a unit, theme, movement or year) gets the feed of its
term from `feed_uri`, the same rule for every facet. All feeds live flat in one folder, FOLDER,
beside a small sitemap of them (`feeds_sitemap`): Material for MkDocs fetches "sitemap.xml"
relative to every `<link rel="alternate">` of a page (its language switcher), so that file must
exist where the feeds are, or every page with a feed link would cause a 404.

Bytes depend only on the records: `updated` is the newest entry's date, never the build time;
entry ids are the decree's permanent URL, the same in every feed that carries it.
"""
from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from . import dates
from .model import SECTION, Campaign

ATOM = "http://www.w3.org/2005/Atom"
FOLDER = f"{SECTION}/nguon-tin/"
FEED_SIZE = 50
FIRST_FEED = f"{SECTION}/feed.xml"  # the section's feed as first published
SITEMAP = f"{FOLDER}sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def feed_uri(listing_url: str) -> str:
    """ "trang-thong-tin-dien-tu/don-vi/so-gtvt-lang-son/" -> "…/nguon-tin/don-vi-so-gtvt-lang-son.xml"."""
    inner = listing_url[len(SECTION) + 1:].strip("/")
    return f"{FOLDER}{inner.replace('/', '-')}.xml"


@dataclass
class Entry:
    id: str  # site-relative unless it is a URN
    title: str
    url: str
    updated: str  # YYYY-MM-DD
    author: str
    summary: str
    published: str | None = None


@dataclass
class Feed:
    uri: str
    title: str
    page_url: str  # the listing page it follows
    entries: list[Entry] = field(default_factory=list)


def _day(date: dates.PartialDate) -> str:
    return date.earliest().isoformat()


def campaign_entry(campaign: Campaign) -> Entry:
    data = campaign.data
    label = f"{campaign.number}: {campaign.title}" if campaign.number else campaign.title
    summary = data.get("theme") or campaign.title
    if campaign.effective:
        summary += f" (có hiệu lực từ {dates.format_vn(campaign.effective)})"
    return Entry(
        id=campaign.url, title=label, url=campaign.url, updated=_day(campaign.sort_date()),
        author=campaign.issuer.name, summary=summary,
        published=campaign.issued.iso() if campaign.issued.is_full else None,
    )


def honour_entry(honour, unit_url: str) -> Entry:
    """One honour; its id is made of what the decision prints, so it survives edits elsewhere."""
    who = honour.person["name"] if honour.person else honour.unit.name
    key = "|".join([honour.decision_number or "", honour.decision_date.iso(), honour.unit.id, who, honour.award])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return Entry(
        id=f"{unit_url}#khen-thuong-{digest}", title=f"{who}: {honour.award}", url=unit_url,
        updated=_day(honour.decision_date), author=honour.conferred_by.name,
        # Number and campaign are printed only when the decision has them (both optional).
        summary=f"Quyết định{' số ' + honour.decision_number if honour.decision_number else ''} ngày "
                f"{dates.format_short(honour.decision_date)}"
                + (f"; tổng kết {honour.campaign.label}" if honour.campaign else ""),
    )


def render(feed: Feed, site_url: str, empty_updated: str) -> str:
    """The feed's XML. `empty_updated` dates a feed with no entry (the newest record of the site)."""
    base = site_url.rstrip("/") + "/"
    a = f"{{{ATOM}}}"
    ET.register_namespace("", ATOM)
    root = ET.Element(a + "feed", {"xml:lang": "vi"})
    ET.SubElement(root, a + "title").text = feed.title
    ET.SubElement(root, a + "id").text = base + feed.uri
    ET.SubElement(root, a + "link", {"rel": "self", "type": "application/atom+xml", "href": base + feed.uri})
    ET.SubElement(root, a + "link", {"rel": "alternate", "type": "text/html", "href": base + feed.page_url})
    entries = feed.entries[:FEED_SIZE]
    newest = max((e.updated for e in entries), default=empty_updated)
    ET.SubElement(root, a + "updated").text = f"{newest}T00:00:00Z"
    for e in entries:
        entry = ET.SubElement(root, a + "entry")
        ET.SubElement(entry, a + "title").text = e.title
        ET.SubElement(entry, a + "id").text = base + e.id
        ET.SubElement(entry, a + "link", {"rel": "alternate", "type": "text/html", "href": base + e.url})
        if e.published:
            ET.SubElement(entry, a + "published").text = f"{e.published}T00:00:00Z"
        ET.SubElement(entry, a + "updated").text = f"{e.updated}T00:00:00Z"
        author = ET.SubElement(entry, a + "author")
        ET.SubElement(author, a + "name").text = e.author
        ET.SubElement(entry, a + "summary").text = e.summary
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render_key(feed: Feed, site_url: str, empty_updated: str, entry_names: dict | None = None) -> tuple:
    """Everything render() reads, as a hashable value: the key of its XML in the preview's memory.
    With `entry_names` (a dict the caller keeps while its feeds live), each entry stands in it as
    a digest of its values, made once: a decree's entry is in several feeds, and encoding every
    feed's entries in full took 0.3 s at 10,000 records (8,322 feeds)."""
    entries = feed.entries[:FEED_SIZE]
    if entry_names is None:
        values = tuple(tuple(vars(e).values()) for e in entries)
    else:
        values = tuple(entry_names.get(id(e)) or entry_names.setdefault(id(e), _entry_name(e)) for e in entries)
    return (feed.uri, feed.title, feed.page_url, values, site_url, None if entries else empty_updated)


def _entry_name(entry: Entry) -> str:
    text = json.dumps(list(vars(entry).values()), ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def feeds_sitemap(feeds: list[Feed], site_url: str, empty_updated: str) -> str:
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", SITEMAP_NS)
    s = f"{{{SITEMAP_NS}}}"
    root = ET.Element(s + "urlset")
    for feed in sorted(feeds, key=lambda f: f.uri):
        url = ET.SubElement(root, s + "url")
        ET.SubElement(url, s + "loc").text = base + feed.uri
        ET.SubElement(url, s + "lastmod").text = max((e.updated for e in feed.entries), default=empty_updated)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def files(feeds: list[Feed], site_url: str, newest: str, render=render) -> dict[str, Any]:
    """uri -> what `render(feed, site_url, newest)` gives for every feed (with this module's
    render(), its XML), and the XML of their sitemap. The glue's `render` gives the means to make
    the XML instead, so a feed its site folder already holds is not rendered again."""
    out = {feed.uri: render(feed, site_url, newest) for feed in feeds}
    out[SITEMAP] = feeds_sitemap(feeds, site_url, newest)
    # The first release published the section's feed at …/feed.xml; readers subscribed there
    # keep receiving it (static hosting cannot redirect a feed reader). Its rel=self names the
    # feed's address in nguon-tin/.
    section = feed_uri(f"{SECTION}/van-ban/")
    if section in out:
        out[FIRST_FEED] = out[section]
    return out
