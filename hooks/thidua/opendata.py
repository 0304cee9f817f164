"""Machine-readable versions beside the human pages: per-decree JSON and a catalogue (the Atom
feeds are thidua.feeds).

Like legislation.gov.uk, every document's data sits at a stable address next to its page. The
output depends only on the records (no clock), so the same input builds the same bytes.
"""
from __future__ import annotations

import json
from typing import Any

from .importer import write
from .model import SECTION, Campaign, Portal

CATALOGUE = f"{SECTION}/du-lieu/van-ban.json"


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


def files(portal: Portal, site_url: str) -> dict[str, str]:
    """Every open-data file of the site: uri -> content."""
    out = {CATALOGUE: catalogue_json(portal)}
    for c in portal.campaigns:
        out[data_uri(c)] = campaign_json(c, portal)
    return out
