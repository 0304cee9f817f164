"""Machine-readable versions beside the human pages: per-decree JSON, a catalogue, an Atom feed.

Like legislation.gov.uk, every document's data sits at a stable address next to its page. The
output depends only on the records (no clock), so the same input builds the same bytes.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from .importer import write
from .model import SECTION, Campaign, Portal

FEED_SIZE = 50
CATALOGUE = f"{SECTION}/du-lieu/van-ban.json"
FEED = f"{SECTION}/feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def data_uri(campaign: Campaign) -> str:
    return f"{campaign.url}{campaign.slug}.json"


def source_uri(campaign: Campaign) -> str:
    # .txt, not .md: MkDocs would take a .md file for a page to render.
    return f"{campaign.url}{campaign.slug}.txt"


def record_text(campaign: Campaign) -> str:
    """The record file a reader downloads: its front matter as validated, in the format's key
    order, and its body — without the editors' YAML and HTML comments, and never read again
    from disk (a file swapped after validation cannot be published)."""
    return write.record_text(campaign.data, campaign.body)


def campaign_data(campaign: Campaign, portal: Portal) -> dict[str, Any]:
    """The front matter as the editor wrote it, plus what the portal resolved from it."""
    today = portal.successor_today(campaign.issuer)
    return {
        "url": campaign.url,
        **campaign.data,
        "issuer_name": campaign.issuer.name,
        "issuer_today": {"id": today.id, "name": today.name} if today else None,
        "year": campaign.year,
    }


def campaign_json(campaign: Campaign, portal: Portal) -> str:
    record = {**campaign_data(campaign, portal), "body_markdown": campaign.body}
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def catalogue_json(portal: Portal) -> str:
    rows = [
        {**campaign_data(c, portal), "data": data_uri(c)} for c in portal.campaigns
    ]
    return json.dumps({"schema_version": 1, "campaigns": rows}, ensure_ascii=False, indent=1) + "\n"


def atom_feed(portal: Portal, site_url: str) -> str:
    """The latest decrees. `updated` is the newest decree's date, never the build time."""
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Văn bản phát động phong trào thi đua"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + FEED
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": base + FEED})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": base + SECTION + "/"})
    latest = portal.campaigns[:FEED_SIZE]
    newest = latest[0].sort_date().earliest().isoformat() if latest else "1970-01-01"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest}T00:00:00Z"
    for c in latest:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        label = f"{c.number}: {c.title}" if c.number else c.title
        ET.SubElement(entry, f"{{{ATOM}}}title").text = label
        ET.SubElement(entry, f"{{{ATOM}}}id").text = base + c.url
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": base + c.url})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{c.sort_date().earliest().isoformat()}T00:00:00Z"
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = c.issuer.name
        summary = c.data.get("theme") or c.title
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def files(portal: Portal, site_url: str) -> dict[str, str]:
    """Every open-data file of the site: uri -> content."""
    out = {CATALOGUE: catalogue_json(portal), FEED: atom_feed(portal, site_url)}
    for c in portal.campaigns:
        out[data_uri(c)] = campaign_json(c, portal)
    return out
