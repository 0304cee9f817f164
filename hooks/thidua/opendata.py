"""Machine-readable versions beside the human pages: per-decree JSON and a catalogue (the Atom
feeds are thidua.feeds).

Like legislation.gov.uk, every document's data sits at a stable address next to its page. The
output depends only on the records (no clock), so the same input builds the same bytes.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Callable, Iterator

from .importer import write
from . import urls
from .model import Campaign, Portal
from .urls import SECTION

CATALOGUE = urls.CATALOGUE


def data_uri(campaign: Campaign) -> str:
    return urls.decree_data(campaign.year, campaign.slug)


def source_uri(campaign: Campaign) -> str:
    return urls.decree_source(campaign.year, campaign.slug)


def record_text(campaign: Campaign) -> str:
    """The record file a reader downloads: its front matter as validated, in the format's key
    order, and its body — without the editors' YAML and HTML comments, and never read again
    from disk (a file swapped after validation cannot be published)."""
    return record_text_of((campaign.data, campaign.body))


def record_text_of(record: tuple[dict, str]) -> str:
    """record_text() of a record's (data, body): what a worker process is sent."""
    return write.record_text(*record)


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


def campaign_json_key(campaign: Campaign, portal: Portal) -> tuple:
    """Everything campaign_json() reads: the record file's bytes (thidua.model.Campaign.digest,
    data and body are a function of them) and what the registry resolved. The key of its text in
    the preview's memory."""
    today = portal.successor_today(campaign.issuer)
    return (campaign.digest, campaign.url, campaign.issuer.name, (today.id, today.name) if today else None)


def campaign_json(campaign: Campaign, portal: Portal) -> str:
    record = {**campaign_data(campaign, portal), "body_markdown": campaign.body}
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def catalogue_json_key(portal: Portal) -> tuple:
    """Everything catalogue_json() reads (campaign_json_key of each decree, in order)."""
    return tuple(campaign_json_key(c, portal) for c in portal.campaigns)


def catalogue_row(campaign: Campaign, portal: Portal) -> str:
    """One decree's entry as catalogue_json prints it: two levels deep in an indent-1 document
    (JSON escapes every newline inside a string, so each one here is indentation)."""
    row = {**campaign_data(campaign, portal), "data": data_uri(campaign)}
    return json.dumps(row, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def catalogue_json(portal: Portal, row=catalogue_row) -> str:
    """json.dumps({"schema_version": 1, "campaigns": [...]}, indent=1), joined from each decree's
    entry: `row` is catalogue_row, or the glue's, which the preview answers from memory for a
    decree unchanged since its previous rebuild (campaign_json_key)."""
    rows = [row(c, portal) for c in portal.campaigns]
    if not rows:
        return json.dumps({"schema_version": 1, "campaigns": []}, ensure_ascii=False, indent=1) + "\n"
    return '{\n "schema_version": 1,\n "campaigns": [\n  ' + ",\n  ".join(rows) + "\n ]\n}\n"


def files(portal: Portal, site_url: str, record_json=campaign_json,
          catalogue=catalogue_json) -> Iterator[tuple[str, Callable[[], str], tuple | None]]:
    """Every open-data file of the site: (uri, a function that makes its content, what names that
    content or None), one at a time, so a caller that writes each need not hold them all, and one
    that already holds the content of that name need not make it. `record_json`, `catalogue`:
    this module's, or the glue's, which the preview answers from memory for a key it has seen."""
    named = all(c.digest for c in portal.campaigns)
    yield CATALOGUE, lambda: catalogue(portal), ("catalogue", catalogue_json_key(portal)) if named else None
    for c in portal.campaigns:
        yield (data_uri(c), functools.partial(record_json, c, portal),
               ("open-data", campaign_json_key(c, portal)) if c.digest else None)
