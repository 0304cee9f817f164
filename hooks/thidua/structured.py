"""What other systems read from a page: schema.org JSON-LD, share-card text and breadcrumbs.

Pure: dictionaries for the templates, which print them with `| tojson` (safe inside <script>).
Types and properties are schema.org's (checked against the vocabulary in the tests).
"""
from __future__ import annotations

from typing import Any

from . import dates
from .model import Campaign

HOME_TITLE = "Trang chủ"


def share_description(campaign: Campaign) -> str:
    """A share card's line under the title: who issued it and when, as a reader cites it."""
    when = dates.format_vn(campaign.issued)
    if not campaign.issued.is_full:
        when += " (chưa ghi ngày)"
    place = campaign.data.get("place")
    return f"{campaign.issuer.name} — {place + ', ' if place else ''}{when}"


def _unit(unit, url: str | None, base: str) -> dict:
    node: dict[str, Any] = {"@type": "GovernmentOrganization", "name": unit.name}
    if url:
        node["url"] = base + url
    if unit.ident:
        node["identifier"] = unit.ident
    return node


def legislation(campaign: Campaign, base: str, *, issuer_url: str | None = None,
                theme: dict | None = None, parent=None) -> dict:
    """A decree as schema.org Legislation: number, issuer, dates, theme."""
    data = campaign.data
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": base + campaign.url,
        "url": base + campaign.url,
        "name": campaign.title,
        "inLanguage": "vi",
        "legislationType": data["doc_type"],
        "legislationPassedBy": _unit(campaign.issuer, issuer_url, base),
        "legislationJurisdiction": campaign.issuer.province or "Việt Nam",
        # A partial date stays partial (ISO 8601 allows "2024" and "2024-08").
        "legislationDate": campaign.issued.iso(),
    }
    if campaign.number:
        node["legislationIdentifier"] = campaign.number
    if parent is not None:
        node["legislationPassedBy"]["parentOrganization"] = _unit(parent, None, base)
    effective = data.get("effective")
    if effective:
        # schema.org has no "date of entry into force"; the period the text applies to, open-ended.
        node["temporalCoverage"] = f"{effective}/.."
    if theme:
        node["about"] = {"@type": "Thing", "name": theme["name"], "url": base + theme["url"]}
    signer = data.get("signer")
    if signer:
        node["author"] = {"@type": "Person", "name": signer["name"],
                          **({"jobTitle": signer["position"]} if signer.get("position") else {})}
    if data.get("place"):
        node["locationCreated"] = {"@type": "Place", "name": data["place"]}
    if data.get("topics"):
        node["keywords"] = ", ".join(data["topics"])
    return node


def trail(url: str, title: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """(name, site-relative url) from the home page down to the page at `url`: every ancestor
    folder that is a page of its own, then the page itself."""
    crumbs = [(HOME_TITLE, "")]
    parts = [p for p in url.split("/") if p]
    for i in range(1, len(parts)):
        ancestor = "/".join(parts[:i]) + "/"
        if ancestor in titles:
            crumbs.append((titles[ancestor], ancestor))
    if url:
        crumbs.append((title, url))
    return crumbs


def breadcrumb_list(crumbs: list[tuple[str, str]], base: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": base + url}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }
